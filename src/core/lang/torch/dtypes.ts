// torch's dtype objects: the ones this app computes in (float32, the signed ints int64, int32, int16 and int8, bool)
// and clear refusals for the rest.

import { itemSize, type DType } from '../../tensor'
import { PyDType, pyError, type PyValue } from '../runtime/values'

const SINGLETONS: ReadonlyMap<DType, PyDType> = new Map(
  (['float32', 'int64', 'int32', 'int16', 'int8', 'bool'] as const).map((d) => [d, new PyDType(d)])
)

/** The one dtype object per dtype, so `x.dtype is torch.float32` holds. */
export function pyDType(dtype: DType): PyDType {
  return SINGLETONS.get(dtype)!
}

/** torch attribute names of the supported dtypes and their aliases. */
export const DTYPE_NAMES: ReadonlyMap<string, DType> = new Map([
  ['float32', 'float32'],
  ['float', 'float32'],
  ['int64', 'int64'],
  ['long', 'int64'],
  ['int32', 'int32'],
  ['int', 'int32'],
  ['int16', 'int16'],
  ['short', 'int16'],
  ['int8', 'int8'],
  ['bool', 'bool']
])

/** dtypes PyTorch has and this app does not: using one says so instead of computing with the wrong precision. */
export const UNSUPPORTED_DTYPES: ReadonlyMap<string, string> = new Map([
  ['float64', 'float64'],
  ['double', 'float64'],
  ['float16', 'float16'],
  ['half', 'float16'],
  ['bfloat16', 'bfloat16'],
  ['uint8', 'uint8'],
  ['complex64', 'complex64'],
  ['cfloat', 'complex64'],
  ['complex128', 'complex128'],
  ['cdouble', 'complex128']
])

/** The error for a dtype this app does not have. */
export function unsupportedDType(name: string): Error {
  return pyError(
    'NotImplementedError',
    `torch.${name} tensors are not supported in Backprop Ninja: tensors here are float32, int64, int32, int16, int8 or bool (use torch.float32 or torch.int64)`
  )
}

/** Attributes of a dtype object (`torch.float32.is_floating_point`). */
export function dtypeAttribute(d: PyDType, name: string): PyValue | undefined {
  switch (name) {
    case 'is_floating_point':
      return d.dtype === 'float32'
    case 'is_complex':
      return false
    case 'is_signed':
      return d.dtype !== 'bool'
    case 'itemsize':
      return BigInt(itemSize(d.dtype))
  }
  return undefined
}

/** PyTorch's legacy type name (`x.type()`): torch.FloatTensor, torch.LongTensor, torch.IntTensor, ... */
export function legacyTypeName(dtype: DType): string {
  const names = { float32: 'Float', int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', bool: 'Bool' } as const
  return `torch.${names[dtype]}Tensor`
}

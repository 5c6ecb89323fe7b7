// torch's dtype objects: the three this app computes in (float32, int64, bool; narrower signed ints map to int64)
// and clear refusals for the rest.

import type { DType } from '../tensor'
import { PyDType, pyError, type PyValue } from './values'

const SINGLETONS: ReadonlyMap<DType, PyDType> = new Map(
  (['float32', 'int64', 'bool'] as const).map((d) => [d, new PyDType(d)])
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
  // narrower signed ints compute as int64: the values learners put in them (indices, counts, masks as 0/1)
  // behave the same, and refusing `.int()` would be a worse disagreement with PyTorch than the wider storage
  ['int32', 'int64'],
  ['int', 'int64'],
  ['int16', 'int64'],
  ['short', 'int64'],
  ['int8', 'int64'],
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
    `torch.${name} tensors are not supported in Backprop Ninja: tensors here are float32, int64 or bool (use torch.float32 or torch.int64)`
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
      return d.dtype === 'float32' ? 4n : d.dtype === 'int64' ? 8n : 1n
  }
  return undefined
}

/** PyTorch's legacy type name (`x.type()`): torch.FloatTensor, torch.LongTensor, torch.BoolTensor. */
export function legacyTypeName(dtype: DType): string {
  return dtype === 'float32' ? 'torch.FloatTensor' : dtype === 'int64' ? 'torch.LongTensor' : 'torch.BoolTensor'
}

// The operations that are both `torch.name(input, ...)` and `input.name(...)`, each with PyTorch's signature:
// one table, bound with `input` as the first argument for torch.* and as `self` for methods.

import * as T from '../../tensor'
import { Tensor } from '../../tensor'
import { bind, signature, type Bound, type Signature } from '../runtime/args'
import { allAny, allclose, divRounded, isclose, maskedFill, nonzero, nonzeroTuple, rounded, tensorsEqual } from './tensor-extras'
import { PyTuple, pyError, type Kwargs, type PyValue } from '../runtime/values'

export interface TensorOp {
  readonly sig: Signature
  readonly run: (b: Bound) => PyValue
}

const ops = new Map<string, TensorOp>()

function def(names: string | readonly string[], specs: readonly string[], run: (b: Bound) => PyValue): void {
  const sig = signature(specs, true)
  for (const name of typeof names === 'string' ? [names] : names) ops.set(name, { sig, run })
}

/** torch.return_types.max(values=..., indices=...) */
export function returnTypes(name: string, values: Tensor, indices: Tensor): PyTuple {
  return new PyTuple([values, indices], 'return_types', ['values', 'indices'], `torch.return_types.${name}`)
}

/** A Python int for an int64 result, float for float32, bool for bool (what .item() and tolist() give). */
export function scalarOf(x: number, dtype: T.DType): PyValue {
  if (T.isIntegral(dtype)) return BigInt(x)
  if (dtype === 'bool') return x !== 0
  return x
}

/** A clamp bound as the Python scalar it was (so an int bound keeps an int tensor int, as in PyTorch). */
export function clampBound(b: { get(i: number): PyValue; operand(i: number): Tensor | T.Scalar }, i: number): T.Scalar | null {
  if (b.get(i) === null) return null
  const v = b.operand(i)
  return v instanceof Tensor ? scalarOf(v.item(), v.dtype) as T.Scalar : v
}

function withDType(t: Tensor, dtype: T.DType | null): Tensor {
  return dtype === null || dtype === t.dtype ? t : T.toDType(t, dtype)
}

/**
 * A sum's or product's result in the dtype= asked for: with int32, int16 or int8 PyTorch accumulates in that width,
 * which wraps to what the exact int64 result wraps to (the engine's int64 sum is exact or refused).
 */
function accumulatedIn(t: Tensor, dtype: T.DType | null): Tensor {
  return dtype !== null && T.isNarrowInt(dtype) && t.dtype !== dtype ? T.toDType(t, dtype) : t
}

// *** elementwise math ***

/** The one-tensor operations, by name (tensor-methods.ts stores them in place as `name_`). */
export const UNARY: ReadonlyMap<string, (t: Tensor) => Tensor> = new Map([
  ['exp', T.exp],
  ['log', T.log],
  ['tanh', T.tanh],
  ['sqrt', T.sqrt],
  ['rsqrt', T.rsqrt],
  ['sigmoid', T.sigmoid],
  ['sin', T.sin],
  ['cos', T.cos],
  ['log1p', T.log1p],
  ['reciprocal', T.reciprocal],
  ['abs', T.abs],
  ['neg', T.neg],
  ['negative', T.neg],
  ['sign', T.sign],
  ['relu', T.relu],
  ['square', (t) => T.pow(t, 2n)],
  ['logical_not', T.logicalNot],
  ['bitwise_not', T.bitwiseNot],
  ['isnan', T.isnan],
  ['isinf', T.isinf],
  ['isfinite', (t) => T.logicalNot(T.bitwiseOr(T.isnan(t), T.isinf(t)))],
  ['floor', (t) => rounded(t, 'floor')],
  ['ceil', (t) => rounded(t, 'ceil')],
  ['trunc', (t) => rounded(t, 'trunc')]
])
for (const [name, f] of UNARY) def(name, ['input'], (b) => f(b.tensor(0)))
def('round', ['input', '*', 'decimals=0'], (b) => {
  const decimals = b.int(1)
  if (decimals === 0) return rounded(b.tensor(0), 'round')
  const scale = 10 ** decimals
  return T.div(rounded(T.mul(b.tensor(0), scale), 'round'), scale)
})

/** add/sub with alpha: a + alpha * b */
function scaled(b: Bound, i: number): T.Operand {
  const other = b.operand(i)
  if (!b.has(i + 1)) return other
  const alpha = b.operand(i + 1)
  return other instanceof Tensor || alpha instanceof Tensor ? T.mul(other, alpha) : T.mul(T.tensorFrom(other as T.NestedData), alpha)
}

// torch.add(1, t) is refused as in PyTorch: `input` must be a tensor (pow and remainder also take a scalar base)
def('add', ['input', 'other', '*', 'alpha=1'], (b) => T.add(b.tensor(0), scaled(b, 1)))
def(['sub', 'subtract'], ['input', 'other', '*', 'alpha=1'], (b) => T.sub(b.tensor(0), scaled(b, 1)))
def(['mul', 'multiply'], ['input', 'other'], (b) => T.mul(b.tensor(0), b.operand(1)))
def(['div', 'divide'], ['input', 'other', '*', 'rounding_mode=None'], (b) => {
  const mode = b.get(2)
  if (mode === null) return T.div(b.tensor(0), b.operand(1))
  if (mode !== 'trunc' && mode !== 'floor')
    throw pyError(
      'RuntimeError',
      `div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(mode)}'`
    )
  return divRounded(b.tensor(0), b.operand(1), mode)
})
def('true_divide', ['input', 'other'], (b) => T.div(b.tensor(0), b.operand(1)))
def('floor_divide', ['input', 'other'], (b) => T.floorDivide(b.tensor(0), b.operand(1)))
def(['remainder'], ['input', 'other'], (b) => T.remainder(b.operand(0), b.operand(1)))
def(['fmod'], ['input', 'other'], (b) => T.fmod(b.operand(0), b.operand(1)))
def('pow', ['input', 'exponent'], (b) => T.pow(b.operand(0), b.operand(1)))
def('maximum', ['input', 'other'], (b) => T.maximum(b.tensor(0), b.tensor(1)))
def('minimum', ['input', 'other'], (b) => T.minimum(b.tensor(0), b.tensor(1)))
def(['eq'], ['input', 'other'], (b) => T.eq(b.tensor(0), b.operand(1)))
def(['ne', 'not_equal'], ['input', 'other'], (b) => T.ne(b.tensor(0), b.operand(1)))
def(['lt', 'less'], ['input', 'other'], (b) => T.lt(b.tensor(0), b.operand(1)))
def(['le', 'less_equal'], ['input', 'other'], (b) => T.le(b.tensor(0), b.operand(1)))
def(['gt', 'greater'], ['input', 'other'], (b) => T.gt(b.tensor(0), b.operand(1)))
def(['ge', 'greater_equal'], ['input', 'other'], (b) => T.ge(b.tensor(0), b.operand(1)))
def('logical_and', ['input', 'other'], (b) => T.bitwiseAnd(T.ne(b.tensor(0), 0), T.ne(b.tensor(1), 0)))
def('logical_or', ['input', 'other'], (b) => T.bitwiseOr(T.ne(b.tensor(0), 0), T.ne(b.tensor(1), 0)))
def(['clamp', 'clip'], ['input', 'min=None', 'max=None'], (b) => {
  if (b.get(1) === null && b.get(2) === null)
    throw pyError('RuntimeError', "torch.clamp: At least one of 'min' or 'max' must not be None")
  const lo = b.get(1)
  const hi = b.get(2)
  if (lo instanceof Tensor || hi instanceof Tensor) {
    let out = b.tensor(0)
    if (lo !== null) out = T.maximum(out, b.tensor(1))
    if (hi !== null) out = T.minimum(out, b.tensor(2))
    return out
  }
  return T.clamp(b.tensor(0), clampBound(b, 1), clampBound(b, 2))
})
def('masked_fill', ['input', 'mask', 'value'], (b) => maskedFill(b.tensor(0), b.tensor(1), b.operand(2)))

def('tril', ['input', 'diagonal=0'], (b) => T.triangle(b.tensor(0), b.int(1), true))
def('triu', ['input', 'diagonal=0'], (b) => T.triangle(b.tensor(0), b.int(1), false))

/** torch.where's check that the condition is a bool tensor. */
export function whereOf(cond: Tensor, a: T.Operand, b: T.Operand): Tensor {
  if (cond.dtype !== 'bool')
    throw pyError(
      'RuntimeError',
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.dtype === 'int64' ? 'Long' : 'Float'}`
    )
  return T.where(cond, a, b)
}

// *** reductions ***

// a dtype= converts the input before reducing, as PyTorch does (sum of floats to int64 truncates each element)
def('sum', ['input', 'dim=None', 'keepdim=False', '*', 'dtype=None'], (b) =>
  accumulatedIn(T.sum(withDType(b.tensor(0), b.dtype(3)), b.dims(1), b.bool(2)), b.dtype(3))
)
def('mean', ['input', 'dim=None', 'keepdim=False', '*', 'dtype=None'], (b) => {
  const dtype = b.dtype(3)
  if (dtype !== null && dtype !== 'float32')
    throw pyError(
      'RuntimeError',
      `mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: ${T.scalarTypeName(dtype)}`
    )
  return T.mean(withDType(b.tensor(0), dtype), b.dims(1), b.bool(2))
})
def('prod', ['input', 'dim=None', 'keepdim=False', '*', 'dtype=None'], (b) =>
  accumulatedIn(T.prod(withDType(b.tensor(0), b.dtype(3)), b.optInt(1), b.bool(2)), b.dtype(3))
)
def('logsumexp', ['input', 'dim', 'keepdim=False'], (b) => T.logsumexp(b.tensor(0), b.dims(1) ?? [], b.bool(2)))
def('cumsum', ['input', 'dim', '*', 'dtype=None'], (b) =>
  accumulatedIn(T.cumsum(withDType(b.tensor(0), b.dtype(2)), b.int(1)), b.dtype(2))
)

for (const which of ['max', 'min'] as const) {
  def(which, ['input', 'dim=None', 'keepdim=False'], (b) => {
    const t = b.tensor(0)
    const dim = b.get(1)
    if (dim instanceof Tensor) {
      if (b.has(2)) throw pyError('TypeError', `${which}() received an invalid combination of arguments - got (Tensor, keepdim=bool)`)
      return which === 'max' ? T.maximum(t, dim) : T.minimum(t, dim)
    }
    if (dim === null) {
      if (b.has(2)) throw pyError('TypeError', `${which}() missing 1 required positional argument: 'dim'`)
      return T.maxAll(t, which === 'min')
    }
    const r = T.maxDim(t, b.int(1), b.bool(2), which === 'min')
    return returnTypes(which, r.values, r.indices)
  })
  def(`arg${which}`, ['input', 'dim=None', 'keepdim=False'], (b) =>
    T.argmax(b.tensor(0), b.optInt(1), b.bool(2), which === 'min')
  )
  def(`a${which}`, ['input', 'dim=()', 'keepdim=False'], (b) => {
    let t = b.tensor(0)
    const dims = b.dims(1)
    const list = dims === null ? [] : typeof dims === 'number' ? [dims] : dims
    if (list.length === 0) return T.maxAll(t, which === 'min')
    const sorted = list.map((d) => (d < 0 ? d + t.ndim : d)).sort((p, q) => q - p)
    for (const d of sorted) t = T.maxDim(t, d, true, which === 'min').values
    return b.bool(2) ? t : T.squeeze(t, sorted)
  })
}

/** var/std take `unbiased` (a bool, also as the first positional) or `correction`. */
function correctionOf(b: Bound): number {
  if (b.get(4) !== null) return b.float(4)
  return b.bool(2) ? 1 : 0
}
function dimOrUnbiased(b: Bound): Bound {
  if (typeof b.get(1) === 'boolean' && !b.has(2)) {
    b.values[2] = b.values[1]
    b.values[1] = null
  }
  return b
}
def('var', ['input', 'dim=None', 'unbiased=True', 'keepdim=False', '*', 'correction=None'], (b0) => {
  const b = dimOrUnbiased(b0)
  return T.variance(b.tensor(0), b.dims(1), correctionOf(b), b.bool(3))
})
def('std', ['input', 'dim=None', 'unbiased=True', 'keepdim=False', '*', 'correction=None'], (b0) => {
  const b = dimOrUnbiased(b0)
  return T.std(b.tensor(0), b.dims(1), correctionOf(b), b.bool(3))
})
for (const which of ['all', 'any'] as const)
  def(which, ['input', 'dim=None', 'keepdim=False'], (b) => allAny(b.tensor(0), which, b.optInt(1), b.bool(2)))

// *** shape and movement ***

def('transpose', ['input', 'dim0', 'dim1'], (b) => T.transpose(b.tensor(0), b.int(1), b.int(2)))
def('swapaxes', ['input', 'axis0', 'axis1'], (b) => T.transpose(b.tensor(0), b.int(1), b.int(2)))
def('t', ['input'], (b) => T.t(b.tensor(0)))
def('unsqueeze', ['input', 'dim'], (b) => T.unsqueeze(b.tensor(0), b.int(1)))
def('squeeze', ['input', 'dim=None'], (b) => {
  const d = b.dims(1)
  return d === null ? T.squeeze(b.tensor(0)) : T.squeeze(b.tensor(0), d)
})
def('flatten', ['input', 'start_dim=0', 'end_dim=-1'], (b) => T.flatten(b.tensor(0), b.int(1), b.int(2)))
def('clone', ['input', '*', 'memory_format=None'], (b) => T.clone(b.tensor(0)))
def('detach', ['input'], (b) => T.detach(b.tensor(0)))
def('broadcast_to', ['input', 'size'], (b) => T.expand(b.tensor(0), b.shape(1)))
def('index_select', ['input', 'dim', 'index'], (b) => T.indexSelect(b.tensor(0), b.int(1), b.tensor(2)))
def('gather', ['input', 'dim', 'index'], (b) => T.gather(b.tensor(0), b.int(1), b.tensor(2)))

// *** linear algebra and nn ***

def('matmul', ['input', 'other'], (b) => T.matmul(b.tensor(0), b.tensor(1)))
def('mm', ['input', 'mat2'], (b) => T.mm(b.tensor(0), b.tensor(1)))
def('outer', ['input', 'vec2'], (b) => {
  const a = b.tensor(0)
  const v = b.tensor(1)
  if (a.ndim !== 1 || v.ndim !== 1) throw pyError('RuntimeError', `outer: Expected 1-D argument self, but got ${a.ndim}-D`)
  return T.mul(T.unsqueeze(a, 1), v)
})
def('dot', ['input', 'other'], (b) => {
  const a = b.tensor(0)
  const v = b.tensor(1)
  if (a.ndim !== 1 || v.ndim !== 1)
    throw pyError('RuntimeError', `1D tensors expected, but got ${a.ndim}D and ${v.ndim}D tensors`)
  return T.matmul(a, v)
})
def('softmax', ['input', 'dim', 'dtype=None'], (b) => T.softmax(withDType(b.tensor(0), b.dtype(2)), b.int(1)))
def('log_softmax', ['input', 'dim', 'dtype=None'], (b) => T.logSoftmax(withDType(b.tensor(0), b.dtype(2)), b.int(1)))

// *** comparisons to Python values ***

def('allclose', ['input', 'other', 'rtol=1e-05', 'atol=1e-08', 'equal_nan=False'], (b) =>
  allclose(b.tensor(0), b.tensor(1), b.float(2), b.float(3), b.bool(4))
)
def('isclose', ['input', 'other', 'rtol=1e-05', 'atol=1e-08', 'equal_nan=False'], (b) =>
  isclose(b.tensor(0), b.tensor(1), b.float(2), b.float(3), b.bool(4))
)
def('equal', ['input', 'other'], (b) => tensorsEqual(b.tensor(0), b.tensor(1)))
def('nonzero', ['input', '*', 'as_tuple=False'], (b) =>
  b.bool(1) ? new PyTuple(nonzeroTuple(b.tensor(0))) : nonzero(b.tensor(0))
)
def('argwhere', ['input'], (b) => nonzero(b.tensor(0)))
def('numel', ['input'], (b) => BigInt(b.tensor(0).numel))
def('count_nonzero', ['input', 'dim=None'], (b) => {
  const d = b.dims(1)
  return T.sum(T.ne(b.tensor(0), 0), d)
})

// *** splitting ***

function lengths(total: number, size: number): number[] {
  const out: number[] = []
  for (let at = 0; at < total; at += size) out.push(Math.min(size, total - at))
  return out.length === 0 ? [0] : out
}

function pieces(t: Tensor, sizes: readonly number[], dim: number): PyTuple {
  let at = 0
  return new PyTuple(
    sizes.map((n) => {
      const piece = T.slice(t, dim, at, at + n, 1)
      at += n
      return piece
    })
  )
}

def('split', ['input', 'split_size_or_sections', 'dim=0'], (b) => {
  const t = b.tensor(0)
  const dim = b.int(2)
  const d = dim < 0 ? dim + t.ndim : dim
  const how = b.get(1)
  if (typeof how === 'bigint') {
    const size = b.int(1)
    if (size < 0) throw pyError('RuntimeError', `split expects split_size be non-negative, but got split_size=${size}`)
    if (size === 0 && t.shape[d] !== 0)
      throw pyError('RuntimeError', `split_size can only be 0 if dimension size is 0, but got dimension size of ${t.shape[d]}`)
    return pieces(t, lengths(t.shape[d], size), dim)
  }
  const sizes = b.dims(1)
  const list = typeof sizes === 'number' ? [sizes] : sizes ?? []
  const total = list.reduce((p, q) => p + q, 0)
  if (total !== t.shape[d])
    throw pyError(
      'RuntimeError',
      `split_with_sizes expects split_sizes to sum exactly to ${t.shape[d]} (input tensor's size at dimension ${d}), but got split_sizes=[${list.join(', ')}]`
    )
  return pieces(t, list, dim)
})
def('chunk', ['input', 'chunks', 'dim=0'], (b) => {
  const t = b.tensor(0)
  const chunks = b.int(1)
  if (chunks <= 0) throw pyError('RuntimeError', 'chunk expects `chunks` to be greater than 0, got: ' + chunks)
  const dim = b.int(2)
  const size = t.shape[dim < 0 ? dim + t.ndim : dim]
  return pieces(t, lengths(size, Math.ceil(size / chunks) || 1), dim)
})
def('unbind', ['input', 'dim=0'], (b) => {
  const t = b.tensor(0)
  const dim = b.int(1)
  const size = t.shape[dim < 0 ? dim + t.ndim : dim]
  return new PyTuple(Array.from({ length: size }, (_, i) => T.select(t, dim, i)))
})

/** The shared operations by name. */
export const TENSOR_OPS: ReadonlyMap<string, TensorOp> = ops

/** Calls a shared operation as `torch.name(*args, **kwargs)`. */
export function callAsFunction(name: string, op: TensorOp, args: PyValue[], kwargs: Kwargs): PyValue {
  return op.run(bind(name, op.sig, args, kwargs))
}

/** Calls a shared operation as `self.name(*args, **kwargs)`. */
export function callAsMethod(name: string, op: TensorOp, self: Tensor, args: PyValue[], kwargs: Kwargs): PyValue {
  return op.run(bind(name, op.sig, args, kwargs, { self }))
}

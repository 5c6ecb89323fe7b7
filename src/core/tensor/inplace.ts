// In-place ops (`+=`, add_, fill_, copy_, ...): they write through the tensor's strides, so every alias sees them.

import { isGradEnabled } from './autograd'
import { canCast, checkScalarFits, cTypeName, scalarTypeName, type Scalar } from './dtype'
import { runtimeError } from './errors'
import { broadcastShapes, formatShape, sameShape } from './shape'
import { Tensor } from './tensor'
import { add, div, mul, sub, pow, floorDivide, remainder, resultType, bitwiseAnd, bitwiseOr, bitwiseXor, clamp, type Operand } from './elementwise'
import { matmul } from './linalg'
import { copyInto, expandTo } from './views'


/** Refuses in-place writes that autograd could not follow (only reachable with grad mode on). */
export function checkInplace(t: Tensor): void {
  if (!isGradEnabled() || !t.requiresGrad) return
  if (t.isLeaf) throw runtimeError('a leaf Variable that requires grad is being used in an in-place operation.')
  throw runtimeError('in-place operations on tensors that are part of an autograd graph are not supported')
}

/** Writing into an expanded tensor would write one memory location many times: PyTorch refuses. */
export function checkNoOverlap(t: Tensor): void {
  for (let i = 0; i < t.ndim; i++)
    if (t.strides[i] === 0 && t.shape[i] > 1)
      throw runtimeError(
        'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.'
      )
}

/** Whether the elements tile one span of memory exactly once, in any dim order (is_non_overlapping_and_dense). */
function isDense(t: Tensor): boolean {
  const dims = [...t.shape.keys()].filter((d) => t.shape[d] !== 1).sort((p, q) => t.strides[p] - t.strides[q])
  let expected = 1
  for (const d of dims) {
    if (t.strides[d] !== expected) return false
    expected *= t.shape[d]
  }
  return true
}

/**
 * PyTorch's assert_no_partial_overlap: an in-place op may read the memory it writes only element for element
 * (`a += a` is fine, `a += a.t()` and `a[1:] += a[:-1]` raise). With `fullToo` (assert_no_overlap, for index_put_)
 * any shared element raises. Layouts too irregular to judge pass, as in PyTorch.
 */
export function checkNoPartialOverlap(out: Tensor, input: Tensor, fullToo = false): void {
  if (out.storage !== input.storage || out.numel === 0 || input.numel === 0) return
  const full = out === input
  if (!full && (!isDense(out) || !isDense(input))) return
  const outEnd = out.offset + out.numel
  const inEnd = input.offset + input.numel
  const sameSpan = out.offset === input.offset && outEnd === inEnd
  const partial = !full && (sameSpan ? !sameShape(out.strides, input.strides) : out.offset < inEnd && input.offset < outEnd)
  if (partial || (fullToo && (full || sameSpan)))
    throw runtimeError(
      'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.'
    )
}

/** Stores `result` into `t` in place, checking shape and dtype the way PyTorch's out= machinery does. */
export function assignInto(t: Tensor, result: Tensor): Tensor {
  checkInplace(t)
  if (!sameShape(result.shape, t.shape))
    throw runtimeError(
      `output with shape ${formatShape(t.shape)} doesn't match the broadcast shape ${formatShape(result.shape)}`
    )
  if (!canCast(result.dtype, t.dtype))
    throw runtimeError(`result type ${scalarTypeName(result.dtype)} can't be cast to the desired output type ${scalarTypeName(t.dtype)}`)
  checkNoOverlap(t)
  copyInto(t, result)
  return t
}

export type InplaceOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '&' | '|' | '^'

/** t op= other, in place (Python's augmented assignment on a tensor). */
export function inplaceBinary(t: Tensor, op: InplaceOp, other: Operand): Tensor {
  // PyTorch checks memory overlap, then shapes, then dtypes
  checkInplace(t)
  checkNoOverlap(t)
  if (other instanceof Tensor) checkNoPartialOverlap(t, other)
  const shape = broadcastShapes(t.shape, other instanceof Tensor && op !== '@' ? other.shape : [])
  if (!sameShape(shape, t.shape))
    throw runtimeError(`output with shape ${formatShape(t.shape)} doesn't match the broadcast shape ${formatShape(shape)}`)
  if (op === '/' && t.dtype !== 'float32')
    throw runtimeError(`result type Float can't be cast to the desired output type ${scalarTypeName(t.dtype)}`)
  if (op !== '@' && !canCast(resultType(t, other), t.dtype))
    throw runtimeError(`result type ${scalarTypeName(resultType(t, other))} can't be cast to the desired output type ${scalarTypeName(t.dtype)}`)
  return assignInto(t, applyOp(op, t, other))
}

/** a op b for Python's binary operators on tensors (and scalars on either side), e.g. applyOp('@', h, W2). */
export function applyOp(op: InplaceOp, a: Operand, b: Operand): Tensor {
  switch (op) {
    case '+': return add(a, b)
    case '-': return sub(a, b)
    case '*': return mul(a, b)
    case '/': return div(a, b)
    case '//': return floorDivide(a, b)
    case '%': return remainder(a, b)
    case '**': return pow(a, b)
    case '&': return bitwiseAnd(a, b)
    case '|': return bitwiseOr(a, b)
    case '^': return bitwiseXor(a, b)
    case '@':
      if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw runtimeError('matmul expects two tensors')
      return matmul(a, b)
  }
}

/** fill_(value) */
export function fill(t: Tensor, value: Scalar | Tensor): Tensor {
  checkInplace(t)
  if (!(value instanceof Tensor)) checkScalarFits(value, t.dtype)
  const v = value instanceof Tensor ? value : Tensor.fromValues([typeof value === 'boolean' ? +value : Number(value)], [], t.dtype)
  if (value instanceof Tensor && value.ndim !== 0)
    throw runtimeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`)
  copyInto(t, expandTo(v, t.shape))
  return t
}

/** copy_(src): src broadcast into t, cast to t's dtype. */
export function copy(t: Tensor, src: Tensor): Tensor {
  checkInplace(t)
  checkNoOverlap(t)
  checkNoPartialOverlap(t, src)
  copyInto(t, expandTo(src, t.shape))
  return t
}

/** clamp_(min, max) */
export function clampInplace(t: Tensor, min: Scalar | null, max: Scalar | null): Tensor {
  const result = clamp(t, min, max)
  // clamp_ words this error with C++ type names
  if (!canCast(result.dtype, t.dtype))
    throw runtimeError(`result type Float can't be cast to the desired output type ${cTypeName(t.dtype)}`)
  return assignInto(t, result)
}

// Tensor operations the engine lacks, composed from its pieces: all/any, nonzero, isclose/allclose, equal,
// rounding, masked_fill. None of them carries a gradient except masked_fill (through where).

import * as T from '../../tensor'
import { Tensor } from '../../tensor'
import type { Scalar } from '../../tensor'
import { pyError } from '../runtime/values'

/** all()/any() over everything, or along one dim: bool tensors. */
export function allAny(t: Tensor, which: 'all' | 'any', dim: number | null, keepdim: boolean): Tensor {
  const nonzero = T.ne(t, 0)
  if (dim === null) {
    const v = nonzero.values()
    let r = which === 'all'
    for (let i = 0; i < v.length; i++) if ((v[i] !== 0) !== r) {
      r = !r
      break
    }
    return Tensor.fromValues([r ? 1 : 0], [], 'bool')
  }
  // all: no zero along dim <=> sum of zeros is 0; any: some nonzero <=> sum of nonzero > 0
  const counted = which === 'all' ? T.sum(T.eq(nonzero, false), dim, keepdim) : T.sum(nonzero, dim, keepdim)
  return which === 'all' ? T.eq(counted, 0n) : T.gt(counted, 0n)
}

/** Coordinates of the nonzero elements, (count, ndim) int64, in row-major order. */
export function nonzero(t: Tensor): Tensor {
  const v = t.values()
  const hits: number[] = []
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) hits.push(i)
  const out = Tensor.zeros([hits.length, t.ndim], 'int64')
  hits.forEach((flat, k) => {
    let rem = flat
    for (let d = t.ndim - 1; d >= 0; d--) {
      out.storage[k * t.ndim + d] = rem % t.shape[d]
      rem = Math.floor(rem / t.shape[d])
    }
  })
  return out
}

/** nonzero(as_tuple=True): one index tensor per dim. */
export function nonzeroTuple(t: Tensor): Tensor[] {
  const nz = nonzero(t)
  return Array.from({ length: Math.max(t.ndim, 1) }, (_, d) =>
    t.ndim === 0 ? Tensor.fromValues(t.item() !== 0 ? [0] : [], [t.item() !== 0 ? 1 : 0], 'int64') : T.contiguous(T.select(nz, 1, d))
  )
}

/**
 * torch.isclose: |a - b| <= atol + rtol * |b|, each step rounded to float32 as PyTorch's kernels do, equal values
 * (infinities included) always close, NaN close to NaN only with equal_nan.
 */
export function isclose(a: Tensor, b: Tensor, rtol: number, atol: number, equalNan: boolean): Tensor {
  if (a.dtype !== b.dtype) throw pyError('RuntimeError', `${T.scalarTypeName(a.dtype)} did not match ${T.scalarTypeName(b.dtype)}`)
  const f = a.dtype === 'float32' ? Math.fround : (x: number) => x
  const r = f(rtol)
  const at = f(atol)
  return T.mapBinary(a, b, a.dtype, 'bool', (x, y) => {
    if (x === y) return 1
    if (x !== x || y !== y) return equalNan && x !== x && y !== y ? 1 : 0
    const actual = Math.abs(f(x - y))
    const allowed = f(at + Math.abs(f(r * y)))
    return Number.isFinite(actual) && actual <= allowed ? 1 : 0
  })
}

/** torch.allclose: isclose everywhere. */
export function allclose(a: Tensor, b: Tensor, rtol: number, atol: number, equalNan: boolean): boolean {
  const close = isclose(a, b, rtol, atol, equalNan).values()
  for (let i = 0; i < close.length; i++) if (close[i] === 0) return false
  return true
}

/** torch.equal: same shape and the same values (dtypes may differ, as in PyTorch's CPU kernel after promotion). */
export function tensorsEqual(a: Tensor, b: Tensor): boolean {
  if (!T.sameShape(a.shape, b.shape)) return false
  const e = T.eq(a, b).values()
  for (let i = 0; i < e.length; i++) if (e[i] === 0) return false
  return true
}

/** Python's round-half-even, the rounding torch.round uses. */
function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

const ROUNDERS: ReadonlyMap<string, (x: number) => number> = new Map([
  ['floor', Math.floor],
  ['ceil', Math.ceil],
  ['trunc', Math.trunc],
  ['round', roundHalfEven]
])

/** floor/ceil/trunc/round of a tensor: ints come back unchanged; the gradient is zero, so none is recorded. */
export function rounded(t: Tensor, how: 'floor' | 'ceil' | 'trunc' | 'round'): Tensor {
  if (t.dtype !== 'float32') return T.clone(T.detach(t))
  return T.mapUnary(t, 'float32', 'float32', ROUNDERS.get(how)!)
}

/** masked_fill(mask, value): `value` where mask holds, else t; keeps t's dtype; the gradient reaches t. */
export function maskedFill(t: Tensor, mask: Tensor, value: Tensor | Scalar): Tensor {
  if (mask.dtype !== 'bool') {
    // PyTorch 1.13 on the CPU: a mask of other values than 0 and 1 is refused; an int mask of 0s and 1s works as
    // a bool one; a float mask of 0s and 1s is read by its bytes and fills nothing, silently: refused here instead
    let binary = true
    for (const v of mask.values()) if (v !== 0 && v !== 1) binary = false
    if (!binary) throw pyError('RuntimeError', 'Mask tensor can take 0 and 1 values only')
    if (mask.dtype === 'float32')
      throw pyError(
        'RuntimeError',
        'masked_fill_ only supports boolean masks, but got mask with dtype float (PyTorch 1.13 silently fills nothing with a float mask of 1.0s: use mask.bool() or a comparison such as tril == 0)'
      )
    mask = T.ne(mask, 0)
  }
  if (value instanceof Tensor && value.ndim !== 0)
    throw pyError(
      'RuntimeError',
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`
    )
  const filler = value instanceof Tensor ? T.toDType(T.detach(value), t.dtype) : value
  const out = T.where(mask, filler, t)
  return out.dtype === t.dtype ? out : T.toDType(out, t.dtype)
}

/** div(a, b, rounding_mode): 'trunc' or 'floor' rounding of the true quotient (no gradient, as in PyTorch). */
export function divRounded(a: Tensor | Scalar, b: Tensor | Scalar, mode: 'trunc' | 'floor'): Tensor {
  if (mode === 'floor') return T.floorDivide(a, b)
  const dt = T.resultType(a, b)
  return T.mapBinary(a, b, dt, dt, (x, y) => {
    if (dt !== 'float32' && y === 0) throw pyError('ZeroDivisionError', 'ZeroDivisionError')
    return Math.trunc(x / y)
  })
}

// Reductions over dims (sum, mean, max, var, ...), each with its backward rule (the raw sum is grouped-sum.ts).

import { needsGrad, record } from './autograd'
import { scalarTypeName, type DType } from './dtype'
import { indexError, runtimeError } from './errors'
import { normalizeDim, numel, type Shape } from './shape'
import { Tensor } from './tensor'
import { groupedOffsets, reducedShape, reduceSum } from './grouped-sum'
import { div, mul, sub, eq, exp, log, add, where, isnan } from './elementwise'
import { clone, expand, reshape, unsqueeze } from './views'

/** dims to reduce: null means all; duplicates are an error, as in PyTorch. */
export function reduceDims(ndim: number, dims: number | readonly number[] | null | undefined): number[] {
  if (dims === null || dims === undefined) return [...Array(ndim).keys()]
  const list = typeof dims === 'number' ? [dims] : dims
  if (list.length === 0) return [...Array(ndim).keys()]
  const out = list.map((d) => normalizeDim(d, ndim)).filter((d) => d < Math.max(ndim, 0) || ndim === 0)
  if (new Set(out).size !== out.length) throw runtimeError(`dim ${list[0]} appears multiple times in the list of dims`)
  return ndim === 0 ? [] : out
}

function sumDType(a: Tensor): DType {
  return a.dtype === 'float32' ? 'float32' : 'int64'
}

/** sum over dims (all when null); its gradient is the upstream gradient expanded back. */
export function sum(a: Tensor, dims: number | readonly number[] | null = null, keepdim = false): Tensor {
  const rd = reduceDims(a.ndim, dims)
  const out = reduceSum(a, rd, keepdim, sumDType(a))
  if (needsGrad(a)) record(out, 'sum', [a], (g) => [expandBack(g, a.shape, rd, keepdim)])
  return out
}

/** g reshaped with the reduced dims as 1 and expanded to `shape` (PyTorch's sum_backward). */
function expandBack(g: Tensor, shape: Shape, dims: readonly number[], keepdim: boolean): Tensor {
  let x = g
  if (!keepdim) for (const d of [...dims].sort((p, q) => p - q)) x = unsqueeze(x, d)
  return expand(x, [...shape])
}

/** mean over dims: the sum divided by the count, as PyTorch's CPU kernel does it. */
export function mean(a: Tensor, dims: number | readonly number[] | null = null, keepdim = false): Tensor {
  if (a.dtype !== 'float32')
    throw runtimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(a.dtype)}`
    )
  const rd = reduceDims(a.ndim, dims)
  const count = numel(rd.map((d) => a.shape[d]))
  const s = reduceSum(a, rd, keepdim, 'float32')
  const out = div(s, count)
  if (needsGrad(a)) record(out, 'mean', [a], (g) => [div(expandBack(g, a.shape, rd, keepdim), count)])
  return out
}

/** Values and indices of the max (or min) along one dim; the first index wins ties, NaN counts as the max. */
export function maxDim(a: Tensor, dim: number, keepdim = false, min = false): { values: Tensor; indices: Tensor } {
  if (a.ndim === 0) {
    normalizeDim(dim, 0)
    return { values: clone(a), indices: Tensor.zeros([], 'int64') }
  }
  const d = normalizeDim(dim, a.ndim)
  const size = a.shape[d]
  if (size === 0)
    throw indexError(`${min ? 'min' : 'max'}(): Expected reduction dim ${d} to have non-zero size.`)
  const shape = reducedShape(a.shape, [d], keepdim)
  const values = Tensor.zeros(shape, a.dtype)
  const indices = Tensor.zeros(shape, 'int64')
  const [offs, R] = groupedOffsets(a, [d])
  const src = a.storage
  const vo = values.storage
  const io = indices.storage
  for (let k = 0, p = 0; k < vo.length; k++, p += R) {
    let best = src[offs[p]]
    let bi = 0
    if (best === best)
      for (let r = 1; r < R; r++) {
        const v = src[offs[p + r]]
        if (v !== v) {
          best = v
          bi = r
          break
        }
        if (min ? v < best : v > best) {
          best = v
          bi = r
        }
      }
    vo[k] = best
    io[k] = bi
  }
  if (needsGrad(a))
    record(values, min ? 'min' : 'max', [a], (g) => [indexSelectBackward(g, indices, a.shape, d, keepdim)])
  return { values, indices }
}

/** PyTorch's value_selecting_reduction_backward: the gradient goes to the selected index, zeros elsewhere. */
function indexSelectBackward(g: Tensor, indices: Tensor, shape: Shape, d: number, keepdim: boolean): Tensor {
  const gk = keepdim ? g : unsqueeze(g, d)
  const ik = keepdim ? indices : unsqueeze(indices, d)
  const out = Tensor.zeros(shape, g.dtype)
  const outer = numel(shape.slice(0, d))
  const size = shape[d]
  const inner = numel(shape.slice(d + 1))
  const gv = gk.values()
  const iv = ik.values()
  const o = out.storage
  for (let i = 0; i < outer; i++)
    for (let j = 0; j < inner; j++) o[(i * size + iv[i * inner + j]) * inner + j] = gv[i * inner + j]
  return out
}

/** max over all elements; its gradient is shared evenly by ties (PyTorch's evenly_distribute_backward). */
export function maxAll(a: Tensor, min = false): Tensor {
  if (a.numel === 0)
    throw runtimeError(
      `${min ? 'min' : 'max'}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`
    )
  const v = a.values()
  let best = v[0]
  for (let i = 1; i < v.length; i++) {
    const x = v[i]
    if (x !== x) {
      best = x
      break
    }
    if (min ? x < best : x > best) best = x
  }
  const out = Tensor.fromValues([best], [], a.dtype)
  if (needsGrad(a))
    record(out, min ? 'min' : 'max', [a], (g) => {
      const mask = best !== best ? isnan(a) : eq(a, out) // a NaN result shares the gradient among the NaNs
      const count = sum(mask).item()
      return [mul(mask, div(g, count))]
    })
  return out
}

/** argmax/argmin along dim (or of the flattened tensor when dim is null). */
export function argmax(a: Tensor, dim: number | null = null, keepdim = false, min = false): Tensor {
  if (dim === null) {
    const flat = reshape(a, [-1])
    const r = maxDim(flat, 0, false, min).indices
    return keepdim ? reshape(r, a.shape.map(() => 1)) : r
  }
  return maxDim(a, dim, keepdim, min).indices
}

/** var over dims with Bessel's correction (unbiased) by default; computed in double and rounded once. */
export function variance(
  a: Tensor,
  dims: number | readonly number[] | null = null,
  correction = 1,
  keepdim = false
): Tensor {
  const rd = reduceDims(a.ndim, dims)
  const out = spread(a, rd, correction, keepdim, false)
  if (needsGrad(a)) {
    const R = numel(rd.map((d) => a.shape[d]))
    record(out, 'var', [a], (g) => [
      mul(mul(expandBack(g, a.shape, rd, keepdim), 2 / (R - correction)), sub(a, mean(a, rd, true)))
    ])
  }
  return out
}

/** The variance over dims (its square root when `root`, taken before rounding, as PyTorch's Welford kernel). */
function spread(a: Tensor, rd: readonly number[], correction: number, keepdim: boolean, root: boolean): Tensor {
  if (a.dtype !== 'float32') throw runtimeError('std and var only support floating point and complex dtypes')
  const out = Tensor.zeros(reducedShape(a.shape, rd, keepdim), 'float32')
  const [offs, R] = groupedOffsets(a, rd)
  const src = a.storage
  const o = out.storage
  for (let k = 0, p = 0; k < o.length; k++, p += R) {
    let m = 0
    for (let r = 0; r < R; r++) m += src[offs[p + r]]
    m /= R
    let s = 0
    for (let r = 0; r < R; r++) {
      const dv = src[offs[p + r]] - m
      s += dv * dv
    }
    const v = s / Math.max(R - correction, 0)
    o[k] = root ? Math.sqrt(v) : v
  }
  return out
}

/** std = sqrt(var) */
export function std(a: Tensor, dims: number | readonly number[] | null = null, correction = 1, keepdim = false): Tensor {
  const rd = reduceDims(a.ndim, dims)
  const out = spread(a, rd, correction, keepdim, true)
  if (needsGrad(a)) {
    const R = numel(rd.map((d) => a.shape[d]))
    // PyTorch's std_backward: var's gradient of g / (2 std), with 0 (not 0 / 0) where std is 0
    record(out, 'std', [a], (g) => [
      mul(
        mul(expandBack(where(eq(out, 0), 0, div(g, mul(out, 2))), a.shape, rd, keepdim), 2 / (R - correction)),
        sub(a, mean(a, rd, true))
      )
    ])
  }
  return out
}

/** prod over one dim or all */
export function prod(a: Tensor, dim: number | null = null, keepdim = false): Tensor {
  const rd = reduceDims(a.ndim, dim)
  const out = Tensor.zeros(reducedShape(a.shape, rd, keepdim), sumDType(a))
  const [offs, R] = groupedOffsets(a, rd)
  const o = out.storage
  for (let k = 0, p = 0; k < o.length; k++) {
    let s = 1
    for (let r = 0; r < R; r++) s *= a.storage[offs[p++]]
    o[k] = s
  }
  if (needsGrad(a)) record(out, 'prod', [a], (g) => [prodBackward(g, a, out, rd)])
  return out
}

/**
 * PyTorch's prod_backward: g * (prod / x) when no element is 0; otherwise, so that zeros give the product of the
 * others rather than 0 / 0, each element's gradient is g times (product of the elements before it) * (product of
 * those after it), both running products rounded to float32 as PyTorch's cumprod does.
 */
function prodBackward(g: Tensor, a: Tensor, out: Tensor, rd: readonly number[]): Tensor {
  const f = Math.fround
  const [src, R] = groupedOffsets(a, rd)
  const [dst] = groupedOffsets(Tensor.zeros(a.shape), rd)
  const x = a.storage
  const gv = g.values()
  const ov = out.values()
  const gi = Tensor.zeros(a.shape, 'float32')
  const o = gi.storage
  let anyZero = false
  for (let i = 0; i < src.length; i++) if (x[src[i]] === 0) anyZero = true
  const before = new Float64Array(R)
  for (let k = 0, p = 0; k < gv.length; k++, p += R) {
    if (!anyZero) {
      for (let r = 0; r < R; r++) o[dst[p + r]] = gv[k] * f(ov[k] / x[src[p + r]])
      continue
    }
    before[0] = 1
    for (let r = 1; r < R; r++) before[r] = f(before[r - 1] * x[src[p + r - 1]])
    let after = 1
    for (let r = R - 1; r >= 0; r--) {
      o[dst[p + r]] = gv[k] * f(before[r] * after)
      after = f(after * x[src[p + r]])
    }
  }
  return gi
}

/** logsumexp over dims, stable: max + log(sum(exp(x - max))). */
export function logsumexp(a: Tensor, dims: number | readonly number[], keepdim = false): Tensor {
  const rd = reduceDims(a.ndim, dims)
  let m: Tensor = a
  for (const d of rd) m = maxDim(m, d, true).values
  const mm = Tensor.fromStorage(m.toArray(), m.shape, m.dtype)
  const mv = mm.storage
  for (let i = 0; i < mv.length; i++) if (!Number.isFinite(mv[i])) mv[i] = 0
  const s = add(log(sum(exp(sub(a, mm)), rd, true)), mm)
  return keepdim ? s : reshape(s, reducedShape(a.shape, rd, false))
}

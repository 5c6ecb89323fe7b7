// Summing groups of a tensor's elements without autograd: the kernel under sum and mean (double precision, rounded
// once), and broadcasting's gradient (sumToShape), which the views' and matrix products' backward rules need. It
// imports no op module, so views.ts can use it while reduce.ts builds on views.ts.

import { checkInt64, type DType } from './dtype'
import { numel, sameShape, viewStrides, type Shape } from './shape'
import { Tensor, stridedOffsets } from './tensor'

/** The output shape of reducing `dims` (kept as size 1 with keepdim). */
export function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = []
  shape.forEach((s, i) => {
    if (!dims.includes(i)) out.push(s)
    else if (keepdim) out.push(1)
  })
  return out
}

/**
 * The tensor's storage offsets grouped by output element: kept dims outer, reduced dims inner, so output element
 * k reads offsets[k*R .. (k+1)*R). Returns [offsets, R].
 */
export function groupedOffsets(a: Tensor, dims: readonly number[]): [Int32Array, number] {
  const kept = [...Array(a.ndim).keys()].filter((i) => !dims.includes(i))
  const order = [...kept, ...dims]
  const R = numel(dims.map((d) => a.shape[d]))
  const offs = stridedOffsets(
    order.map((d) => a.shape[d]),
    order.map((d) => a.strides[d]),
    a.offset
  )
  return [offs, R]
}

/** Sums groups in double precision and rounds once (PyTorch's float32 sums agree to an ulp or two). */
export function reduceSum(a: Tensor, dims: readonly number[], keepdim: boolean, dtype: DType): Tensor {
  const out = Tensor.zeros(reducedShape(a.shape, dims, keepdim), dtype)
  const o = out.storage
  const d = a.storage
  if (a.isContiguous && dims.length === a.ndim) {
    let s = 0
    const end = a.offset + a.numel
    for (let i = a.offset; i < end; i++) s += d[i]
    o[0] = s
    if (dtype === 'int64') checkInt64(o, 1)
    return out
  }
  const [offs, R] = groupedOffsets(a, dims)
  for (let k = 0, p = 0; k < o.length; k++) {
    let s = 0
    for (let r = 0; r < R; r++) s += d[offs[p++]]
    o[k] = s
  }
  if (dtype === 'int64') checkInt64(o, o.length)
  return out
}

/** Sums a (broadcast) gradient back down to `shape`: leading dims and dims that were 1 are summed away. */
export function sumToShape(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g
  const lead = g.ndim - shape.length
  const dims: number[] = []
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i)
  const s = reduceSum(g, dims, true, g.dtype === 'bool' ? 'int64' : g.dtype)
  // what reshape gives, without the views module: s is fresh, contiguous and records no gradient, so it is a view
  return s.withLayout([...shape], viewStrides(s.shape, s.strides, shape)!, s.offset)
}


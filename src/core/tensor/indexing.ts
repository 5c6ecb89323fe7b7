// Python indexing of tensors, following PyTorch: basic indexing (ints, slices, None, ...) makes views; tensors,
// lists and masks (advanced indexing) gather copies; assignment writes through with index_put semantics, so
// duplicate indices do not accumulate (the last write wins), exactly as in PyTorch.

import { needsGrad, record } from './autograd'
import { cast, scalarValue, type Scalar } from './dtype'
import { indexError, runtimeError } from './errors'
import { broadcastAll, broadcastShapes, broadcastStrides, formatShape, numel, sameShape } from './shape'
import { Tensor, stridedOffsets } from './tensor'
import { checkInplace, checkNoPartialOverlap, copy, fill } from './inplace'
import { expand, expandTo, permute, select, slice, unsqueeze } from './views'
import { tensorFrom, type NestedData } from './creation'
import { toDType } from './elementwise'

export type IndexItem =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'slice'; readonly start: number | null; readonly stop: number | null; readonly step: number | null }
  | { readonly kind: 'none' }
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'tensor'; readonly tensor: Tensor }

interface Parsed {
  /** the tensor after basic indexing (a view) */
  view: Tensor
  /** advanced indices: dim of `view` -> int64 index tensor */
  advanced: { dim: number; index: Tensor }[]
}

/** How many dims of the tensor an index item consumes. */
function consumes(item: IndexItem): number {
  if (item.kind === 'int' || item.kind === 'slice') return 1
  if (item.kind === 'tensor') return item.tensor.dtype === 'bool' ? Math.max(item.tensor.ndim, 1) : 1
  return 0
}

/** Applies basic indexing and collects advanced indices (PyTorch's applySlicing). */
function parse(t: Tensor, items: readonly IndexItem[]): Parsed {
  const used = items.reduce((s, it) => s + consumes(it), 0)
  if (used > t.ndim) throw indexError(`too many indices for tensor of dimension ${t.ndim}`)
  // like PyTorch 1.13, a second Ellipsis is not an error: each one skips the dims no other item names
  let view = t
  let dim = 0
  const advanced: { dim: number; index: Tensor }[] = []
  for (const [position, item] of items.entries()) {
    switch (item.kind) {
      case 'int': {
        // PyTorch names the item's position in the index in this message, not the tensor's dim
        const size = view.shape[dim]
        if (item.value < -size || item.value >= size)
          throw indexError(`index ${item.value} is out of bounds for dimension ${position} with size ${size}`)
        view = select(view, dim, item.value)
        break
      }
      case 'slice':
        view = slice(view, dim, item.start, item.stop, item.step ?? 1)
        dim++
        break
      case 'none':
        view = unsqueeze(view, dim)
        dim++
        break
      case 'ellipsis':
        dim += t.ndim - used
        break
      case 'bool':
        view = unsqueeze(view, dim)
        advanced.push({ dim, index: Tensor.fromValues(item.value ? [0] : [], [item.value ? 1 : 0], 'int64') })
        dim++
        break
      case 'tensor': {
        const ix = item.tensor
        if (ix.dtype !== 'int64' && ix.dtype !== 'bool')
          throw indexError('tensors used as indices must be long, byte or bool tensors')
        if (ix.dtype === 'bool') {
          if (ix.ndim === 0) {
            view = unsqueeze(view, dim)
            advanced.push({ dim, index: Tensor.fromValues(ix.item() ? [0] : [], [ix.item() ? 1 : 0], 'int64') })
            dim++
            break
          }
          for (let k = 0; k < ix.ndim; k++)
            if (ix.shape[k] !== view.shape[dim + k])
              throw indexError(
                `The shape of the mask ${formatShape(ix.shape)} at index ${k} does not match the shape of the indexed tensor ${formatShape(view.shape)} at index ${dim + k}`
              )
          nonzero(ix).forEach((index, k) => advanced.push({ dim: dim + k, index }))
          dim += ix.ndim
        } else {
          advanced.push({ dim, index: ix })
          dim++
        }
        break
      }
    }
  }
  return { view, advanced }
}

/** The coordinates of the true elements of a mask, one int64 tensor per dim. */
function nonzero(mask: Tensor): Tensor[] {
  const v = mask.values()
  const hits: number[] = []
  for (let i = 0; i < v.length; i++) if (v[i]) hits.push(i)
  const strides = mask.shape.map((_, d) => numel(mask.shape.slice(d + 1)))
  return mask.shape.map((size, d) =>
    Tensor.fromValues(
      hits.map((h) => Math.floor(h / strides[d]) % size),
      [hits.length],
      'int64'
    )
  )
}

interface Plan {
  /** broadcast shape of the index tensors */
  B: number[]
  /** dims of the view not indexed by tensors, in order */
  rest: number[]
  /** storage offset (relative to the view's offset) for each position of B */
  base: Int32Array
  /** storage offsets of the rest dims, relative */
  inner: Int32Array
  /** where B's dims go in the result: the first advanced dim when they are adjacent, else 0 */
  at: number
}

/**
 * Precomputes the offsets an advanced index reads or writes (bounds-checked, negative indices wrapped). Errors
 * name an index tensor by its position among the index tensors, as PyTorch's index kernel does.
 */
function plan(view: Tensor, advanced: Parsed['advanced'], strides: readonly number[] = view.strides): Plan {
  const shapes = advanced.map((a) => a.index.shape)
  let B: number[]
  try {
    B = broadcastAll(shapes)
  } catch {
    throw indexError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${shapes.map(formatShape).join(', ')}`
    )
  }
  const n = numel(B)
  const base = new Int32Array(n)
  for (const [position, { dim, index }] of advanced.entries()) {
    const size = view.shape[dim]
    const iv = index.values()
    const offs = stridedOffsets(B, broadcastStrides(index.shape, contiguousStridesOf(index.shape), B), 0)
    const st = strides[dim]
    for (let i = 0; i < n; i++) {
      let k = iv[offs[i]]
      if (k < -size || k >= size) throw indexError(`index ${k} is out of bounds for dimension ${position} with size ${size}`)
      if (k < 0) k += size
      base[i] += k * st
    }
  }
  const dims = advanced.map((a) => a.dim)
  const rest = [...Array(view.ndim).keys()].filter((d) => !dims.includes(d))
  const inner = stridedOffsets(
    rest.map((d) => view.shape[d]),
    rest.map((d) => strides[d]),
    0
  )
  const sorted = [...new Set(dims)].sort((a, b) => a - b)
  const adjacent = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1)
  const at = adjacent ? rest.filter((d) => d < sorted[0]).length : 0
  return { B, rest, base, inner, at }
}

function contiguousStridesOf(shape: readonly number[]): number[] {
  return shape.map((_, d) => numel(shape.slice(d + 1)))
}

/** Shape of the result in [B..., rest...] order, and the permutation that moves B to its final place. */
function layout(view: Tensor, p: Plan): { flat: number[]; perm: number[] | null } {
  const flat = [...p.B, ...p.rest.map((d) => view.shape[d])]
  if (p.at === 0) return { flat, perm: null }
  const nb = p.B.length
  const restIdx = p.rest.map((_, i) => nb + i)
  const bIdx = p.B.map((_, i) => i)
  return { flat, perm: [...restIdx.slice(0, p.at), ...bIdx, ...restIdx.slice(p.at)] }
}

/**
 * A Python list used as an index, converted as PyTorch does: a list of bools is a mask, anything else is int64
 * (floats truncated, an empty list an empty index): indexTensorFromList([0n, 2n]) = tensor([0, 2]).
 */
export function indexTensorFromList(data: NestedData): Tensor {
  const t = tensorFrom(data)
  return t.dtype === 'bool' && t.numel > 0 ? t : toDType(t, 'int64')
}

/** t[items] */
export function getItem(t: Tensor, items: readonly IndexItem[]): Tensor {
  const { view, advanced } = parse(t, items)
  if (advanced.length === 0) return view
  const p = plan(view, advanced)
  const { flat, perm } = layout(view, p)
  const out = Tensor.zeros(flat, t.dtype)
  const src = view.storage
  const o = out.storage
  const ni = p.inner.length
  for (let b = 0, k = 0; b < p.base.length; b++) {
    const off = view.offset + p.base[b]
    for (let j = 0; j < ni; j++) o[k++] = src[off + p.inner[j]]
  }
  if (needsGrad(view))
    record(out, 'index', [view], (g) => {
      const gv = Tensor.zeros(view.shape, g.dtype)
      const gp = plan(gv, advanced)
      const vals = g.values()
      for (let b = 0, k = 0; b < gp.base.length; b++)
        for (let j = 0; j < ni; j++) gv.storage[gp.base[b] + gp.inner[j]] += vals[k++]
      return [gv]
    })
  return perm === null ? out : permute(out, perm)
}

/** t[items] = value: copies into the view, or index_put (no accumulation) for advanced indices. */
export function setItem(t: Tensor, items: readonly IndexItem[], value: Tensor | Scalar): void {
  checkInplace(t)
  const { view, advanced } = parse(t, items)
  const src = value instanceof Tensor ? value : Tensor.fromValues([cast(scalarValue(value), t.dtype)], [], t.dtype)
  if (advanced.length > 0) putAdvanced(view, advanced, src, false)
  else if (value instanceof Tensor) copy(view, src)
  else fill(view, value) // a Python scalar fills (PyTorch allows it even on an expanded tensor)
}

function putAdvanced(view: Tensor, advanced: Parsed['advanced'], src: Tensor, accumulate: boolean): void {
  const p = plan(view, advanced)
  const { flat, perm } = layout(view, p)
  const finalShape = perm === null ? flat : perm.map((i) => flat[i])
  checkNoPartialOverlap(view, src, true)
  let v: Tensor
  try {
    v = expandTo(src, finalShape)
  } catch {
    throw runtimeError(
      `shape mismatch: value tensor of shape ${formatShape(src.shape)} cannot be broadcast to indexing result of shape ${formatShape(finalShape)}`
    )
  }
  if (perm !== null) {
    const inverse = new Array<number>(perm.length)
    perm.forEach((q, i) => (inverse[q] = i))
    v = permute(v, inverse)
  }
  const vals = v.toArray()
  const dst = view.storage
  const ni = p.inner.length
  const dtype = view.dtype
  for (let b = 0, k = 0; b < p.base.length; b++) {
    const off = view.offset + p.base[b]
    for (let j = 0; j < ni; j++, k++) {
      const at = off + p.inner[j]
      dst[at] = cast(accumulate ? dst[at] + vals[k] : vals[k], dtype)
    }
  }
}

/** index_put_(indices, values, accumulate): with accumulate=True duplicates add up. */
export function indexPut(t: Tensor, indices: readonly Tensor[], values: Tensor, accumulate: boolean): Tensor {
  checkInplace(t)
  if (indices.length > t.ndim) throw indexError(`too many indices for tensor of dimension ${t.ndim}`)
  const advanced = indices.map((index, dim) => ({ dim, index }))
  for (const a of advanced) if (a.index.dtype !== 'int64' && a.index.dtype !== 'bool') throw indexError('tensors used as indices must be long, byte or bool tensors')
  putAdvanced(t, advanced, values, accumulate)
  return t
}

/** index_select(dim, index) */
export function indexSelect(t: Tensor, dim: number, index: Tensor): Tensor {
  if (index.ndim > 1) throw indexError('index_select(): Index is supposed to be a vector')
  const items: IndexItem[] = []
  const d = dim < 0 ? dim + t.ndim : dim
  for (let i = 0; i < d; i++) items.push({ kind: 'slice', start: null, stop: null, step: null })
  // unlike t[index], index_select takes no negative indices
  const size = t.ndim === 0 ? 1 : t.shape[d]
  for (const k of index.values()) if (k < 0 || k >= size) throw indexError('index out of range in self')
  items.push({ kind: 'tensor', tensor: index.ndim === 0 ? expand(index, [1]) : index })
  return getItem(t, items)
}

/** index_add_(dim, index, source): adds source's slices into t at index along dim; duplicates accumulate. */
export function indexAdd(t: Tensor, dim: number, index: Tensor, source: Tensor, alpha = 1): Tensor {
  checkInplace(t)
  const d = dim < 0 ? dim + t.ndim : dim
  if (index.ndim > 1) throw indexError('index_add_(): Index is supposed to be a vector')
  const n = index.numel
  if (source.ndim > 0 && source.shape[d] !== n)
    throw runtimeError(
      `index_add_(): Number of indices (${n}) should be equal to source.size(dim): (${source.shape[d]}), for dim: ${d}`
    )
  const iv = index.values()
  for (let i = 0; i < n; i++) {
    const k = iv[i]
    if (k < 0 || k >= t.shape[d]) throw indexError(`index out of range in self`)
    const dst = select(t, d, k)
    const s = source.ndim > 0 ? select(source, d, i) : source
    // PyTorch adds each slice with add_, so its broadcasting rules and messages apply
    const shape = broadcastShapes(dst.shape, s.shape)
    if (!sameShape(shape, dst.shape))
      throw runtimeError(`output with shape ${formatShape(dst.shape)} doesn't match the broadcast shape ${formatShape(shape)}`)
    const dv = dst.offsets()
    const sv = expandTo(s, dst.shape).toArray()
    for (let j = 0; j < dv.length; j++) t.storage[dv[j]] = cast(t.storage[dv[j]] + alpha * sv[j], t.dtype)
  }
  return t
}

/** scatter_(dim, index, src) / scatter_add_: self[i][index[i][j]] = src[i][j] (for dim 1), over index's shape. */
export function scatter(t: Tensor, dim: number, index: Tensor, src: Tensor | Scalar, add: boolean): Tensor {
  checkInplace(t)
  const d = dim < 0 ? dim + t.ndim : dim
  if (index.ndim !== t.ndim) throw runtimeError('Index tensor must have the same number of dimensions as self tensor')
  const fitsSelf = index.shape.every((s, q) => q === d || s <= t.shape[q])
  if (!(src instanceof Tensor) && !fitsSelf)
    throw runtimeError(
      `Expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(t.shape)} apart from dimension ${d}`
    )
  if (src instanceof Tensor && (!fitsSelf || index.shape.some((s, q) => s > src.shape[q])))
    throw runtimeError(
      `Expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(t.shape)} apart from dimension ${d} and to be smaller size than src ${formatShape(src.shape)}`
    )
  const offs = index.offsets()
  const iv = index.storage
  const coords = stridedOffsets(index.shape, contiguousStridesOf(index.shape), 0)
  const srcVals = src instanceof Tensor ? src : null
  const sv = srcVals ? stridedOffsets(index.shape, srcVals.strides.slice(0, index.ndim), srcVals.offset) : null
  const idxStr = contiguousStridesOf(index.shape)
  for (let i = 0; i < offs.length; i++) {
    let k = iv[offs[i]]
    if (k < 0 || k >= t.shape[d]) throw runtimeError(`index ${k} is out of bounds for dimension ${d} with size ${t.shape[d]}`)
    let at = t.offset
    let rem = coords[i]
    for (let q = 0; q < index.ndim; q++) {
      const c = Math.floor(rem / idxStr[q])
      rem -= c * idxStr[q]
      at += (q === d ? k : c) * t.strides[q]
    }
    const v = srcVals ? srcVals.storage[sv![i]] : scalarValue(src as Scalar)
    t.storage[at] = cast(add ? t.storage[at] + v : v, t.dtype)
    k = 0
  }
  return t
}

/** gather(dim, index): out[i][j] = self[i][index[i][j]] (for dim 1). */
export function gather(t: Tensor, dim: number, index: Tensor): Tensor {
  const d = dim < 0 ? dim + t.ndim : dim
  if (index.ndim !== t.ndim) throw runtimeError('Index tensor must have the same number of dimensions as input tensor')
  for (let q = 0; q < index.ndim; q++)
    if (q !== d && index.shape[q] > t.shape[q])
      throw runtimeError(
        `Size does not match at dimension ${q} expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(t.shape)} apart from dimension ${d}`
      )
  const out = Tensor.zeros(index.shape, t.dtype)
  const iv = index.values()
  const idxStr = contiguousStridesOf(index.shape)
  for (let i = 0; i < iv.length; i++) {
    const k = iv[i]
    if (k < 0 || k >= t.shape[d]) throw runtimeError(`index ${k} is out of bounds for dimension ${d} with size ${t.shape[d]}`)
    let at = t.offset
    let rem = i
    for (let q = 0; q < index.ndim; q++) {
      const c = Math.floor(rem / idxStr[q])
      rem -= c * idxStr[q]
      at += (q === d ? k : c) * t.strides[q]
    }
    out.storage[i] = t.storage[at]
  }
  if (needsGrad(t))
    record(out, 'gather', [t], (g) => [scatter(Tensor.zeros(t.shape, g.dtype), d, index, g.dtype === 'float32' ? contiguousCopy(g) : g, true)])
  return out
}

function contiguousCopy(g: Tensor): Tensor {
  return Tensor.fromStorage(g.toArray(), g.shape, g.dtype)
}

// Movement ops: views that share storage (view, transpose, expand, select, ...) and the copies beside them.

import { needsGrad, record } from './autograd'
import { floatToNarrow, isNarrowInt, promote } from './dtype'
import { runtimeError, indexError } from './errors'
import {
  contiguousStrides,
  formatShape,
  inferShape,
  normalizeDim,
  numel,
  sameShape,
  viewStrides,
  type Shape
} from './shape'
import { Tensor } from './tensor'
import { sumToShape } from './grouped-sum'

function viewOf(a: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return a.withLayout(shape, strides, offset)
}

/** view(*shape): same storage, new shape; fails like PyTorch when strides forbid it. */
export function view(a: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, a.numel)
  const strides = viewStrides(a.shape, a.strides, target)
  if (strides === null)
    throw runtimeError(
      'view size is not compatible with input tensor\'s size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.'
    )
  const out = viewOf(a, target, strides, a.offset)
  if (needsGrad(a)) record(out, 'view', [a], (g) => [reshape(g, a.shape)])
  return out
}

/** reshape(*shape): a view when possible, else a contiguous copy. */
export function reshape(a: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape(shape, a.numel)
  if (viewStrides(a.shape, a.strides, target) !== null) return view(a, target)
  return view(contiguous(a), target)
}

/** A row-major copy unless already contiguous (then a itself). */
export function contiguous(a: Tensor): Tensor {
  if (a.isContiguous) return a
  return clone(a)
}

/** A fresh contiguous copy; the gradient passes straight through. */
export function clone(a: Tensor): Tensor {
  const out = Tensor.fromStorage(a.toArray(), a.shape, a.dtype)
  if (needsGrad(a)) record(out, 'clone', [a], (g) => [g])
  return out
}

/** Same storage, no history. */
export function detach(a: Tensor): Tensor {
  return viewOf(a, a.shape, a.strides, a.offset)
}

/** Swaps two dims (a view). */
export function transpose(a: Tensor, d0: number, d1: number): Tensor {
  const n = a.ndim
  const i = normalizeDim(d0, n)
  const j = normalizeDim(d1, n)
  if (n === 0) return permute(a, [])
  const perm = [...Array(n).keys()]
  perm[i] = j
  perm[j] = i
  return permute(a, perm)
}

/** t(): transpose of a tensor with at most 2 dims. */
export function t(a: Tensor): Tensor {
  if (a.ndim > 2) throw runtimeError(`t() expects a tensor with <= 2 dimensions, but self is ${a.ndim}D`)
  return a.ndim < 2 ? permute(a, [...Array(a.ndim).keys()]) : transpose(a, 0, 1)
}

/** Reorders dims (a view). */
export function permute(a: Tensor, dims: readonly number[]): Tensor {
  const n = a.ndim
  if (dims.length !== n)
    throw runtimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${n} is not equal to len(dims) = ${dims.length}`
    )
  const perm = dims.map((d) => normalizeDim(d, n))
  if (new Set(perm).size !== n) throw runtimeError('permute(): duplicate dims are not allowed.')
  const out = viewOf(
    a,
    perm.map((p) => a.shape[p]),
    perm.map((p) => a.strides[p]),
    a.offset
  )
  if (needsGrad(a)) {
    const inverse = new Array<number>(n)
    perm.forEach((p, i) => (inverse[p] = i))
    record(out, 'permute', [a], (g) => [permute(g, inverse)])
  }
  return out
}

/** Inserts a dim of size 1 at `dim`. */
export function unsqueeze(a: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, a.ndim + 1)
  const shape = [...a.shape]
  const strides = [...a.strides]
  const stride = d < a.ndim ? a.shape[d] * a.strides[d] : 1
  shape.splice(d, 0, 1)
  strides.splice(d, 0, stride)
  const out = viewOf(a, shape, strides, a.offset)
  if (needsGrad(a)) record(out, 'unsqueeze', [a], (g) => [reshape(g, a.shape)])
  return out
}

/** Removes dims of size 1 (all, or the given one if it has size 1). */
export function squeeze(a: Tensor, dim?: number | readonly number[]): Tensor {
  const drop = new Set<number>()
  if (dim === undefined) a.shape.forEach((s, i) => s === 1 && drop.add(i))
  else for (const d0 of typeof dim === 'number' ? [dim] : dim) {
    const d = normalizeDim(d0, a.ndim)
    if (a.shape[d] === 1) drop.add(d)
  }
  const shape = a.shape.filter((_, i) => !drop.has(i))
  const strides = a.strides.filter((_, i) => !drop.has(i))
  const out = viewOf(a, shape, strides, a.offset)
  if (needsGrad(a)) record(out, 'squeeze', [a], (g) => [reshape(g, a.shape)])
  return out
}

/** expand(*sizes): broadcast to a larger shape without copying (-1 keeps a size). */
export function expand(a: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < a.ndim)
    throw runtimeError(
      `expand(torch.FloatTensor{${formatShape(a.shape)}}, size=${formatShape(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${a.ndim})`
    )
  const off = sizes.length - a.ndim
  const shape = new Array<number>(sizes.length)
  const strides = new Array<number>(sizes.length)
  for (let i = 0; i < sizes.length; i++) {
    const j = i - off
    const want = sizes[i]
    if (j < 0) {
      if (want < 0) throw runtimeError(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`)
      shape[i] = want
      strides[i] = 0
    } else if (want === -1 || want === a.shape[j]) {
      shape[i] = a.shape[j]
      strides[i] = a.strides[j]
    } else if (a.shape[j] === 1) {
      shape[i] = want
      strides[i] = 0
    } else {
      throw runtimeError(
        `The expanded size of the tensor (${want}) must match the existing size (${a.shape[j]}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(sizes)}.  Tensor sizes: ${formatShape(a.shape)}`
      )
    }
  }
  const out = viewOf(a, shape, strides, a.offset)
  if (needsGrad(a)) record(out, 'expand', [a], (g) => [sumToShape(g, a.shape)])
  return out
}

/** flatten(start, end): merges dims start..end into one. */
export function flatten(a: Tensor, start = 0, end = -1): Tensor {
  if (a.ndim === 0) return reshape(a, [1])
  const s = normalizeDim(start, a.ndim)
  const e = normalizeDim(end, a.ndim)
  if (s > e) throw runtimeError('flatten() has invalid args: start_dim cannot come after end_dim')
  const shape = [...a.shape.slice(0, s), numel(a.shape.slice(s, e + 1)), ...a.shape.slice(e + 1)]
  return reshape(a, shape)
}

/** select(dim, index): the slice at `index` with that dim removed (a view). */
export function select(a: Tensor, dim: number, index: number): Tensor {
  if (a.ndim === 0) throw indexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number')
  const d = normalizeDim(dim, a.ndim)
  const size = a.shape[d]
  if (index < -size || index >= size)
    throw indexError(`index ${index} is out of bounds for dimension ${d} with size ${size}`)
  const i = index < 0 ? index + size : index
  const shape = a.shape.filter((_, k) => k !== d)
  const strides = a.strides.filter((_, k) => k !== d)
  const out = viewOf(a, shape, strides, a.offset + i * a.strides[d])
  if (needsGrad(a))
    record(out, 'select', [a], (g) => {
      const z = Tensor.zeros(a.shape, g.dtype)
      copyInto(select(z, d, i), g)
      return [z]
    })
  return out
}

/** The Python slice start:stop:step along dim (a view); bounds are clamped as Python does. */
export function slice(a: Tensor, dim: number, start: number | null, stop: number | null, step: number): Tensor {
  const d = normalizeDim(dim, a.ndim)
  if (step <= 0) throw valueErrorStep()
  const size = a.shape[d]
  const clampIdx = (v: number) => (v < 0 ? Math.max(v + size, 0) : Math.min(v, size))
  const s = start === null ? 0 : clampIdx(start)
  const e = stop === null ? size : clampIdx(stop)
  const len = e > s ? Math.ceil((e - s) / step) : 0
  const shape = [...a.shape]
  const strides = [...a.strides]
  shape[d] = len
  strides[d] = a.strides[d] * step
  const out = viewOf(a, shape, strides, a.offset + (len > 0 ? s * a.strides[d] : 0))
  if (needsGrad(a))
    record(out, 'slice', [a], (g) => {
      const z = Tensor.zeros(a.shape, g.dtype)
      copyInto(slice(z, d, s, e, step), g)
      return [z]
    })
  return out
}

function valueErrorStep(): Error {
  return runtimeError('step must be greater than zero')
}

/** Writes src (broadcast to dst's shape) into dst's elements, through dst's strides. */
export function copyInto(dst: Tensor, src: Tensor): void {
  if (!sameShape(dst.shape, src.shape)) src = expandTo(src, dst.shape)
  const offs = dst.offsets()
  const v = src.dtype === dst.dtype ? src.values() : src.toArray()
  const d = dst.storage
  if (dst.dtype === 'float32') for (let i = 0; i < offs.length; i++) d[offs[i]] = v[i]
  // a float stored into a narrow int truncates as PyTorch's conversion does; an int wraps (the typed array's store)
  else if (isNarrowInt(dst.dtype)) {
    const nd = dst.dtype
    if (src.dtype === 'float32') for (let i = 0; i < offs.length; i++) d[offs[i]] = floatToNarrow(v[i], nd)
    else for (let i = 0; i < offs.length; i++) d[offs[i]] = v[i]
  } else if (dst.dtype === 'int64') for (let i = 0; i < offs.length; i++) d[offs[i]] = Math.trunc(v[i])
  else for (let i = 0; i < offs.length; i++) d[offs[i]] = v[i] ? 1 : 0
}

/** src broadcast to `shape` (a view), with PyTorch's error when it can't be. */
export function expandTo(src: Tensor, shape: Shape): Tensor {
  if (sameShape(src.shape, shape)) return src
  if (src.ndim > shape.length) {
    // PyTorch allows copying [1, n] into [n]: leading ones may be dropped
    let s = src
    while (s.ndim > shape.length && s.shape[0] === 1) s = squeeze(s, 0)
    if (s.ndim > shape.length)
      throw runtimeError(
        `output with shape ${formatShape(shape)} doesn't match the broadcast shape ${formatShape(src.shape)}`
      )
    src = s
  }
  return expand(src, [...shape])
}

/** repeat(*sizes): tiles the tensor (a copy); its gradient sums the tiles back. */
export function repeat(a: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < a.ndim)
    throw runtimeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor')
  const pad = sizes.length - a.ndim
  const src = contiguous(detach(a))
  const srcShape = [...Array(pad).fill(1), ...a.shape]
  // tile as (r0, s0, r1, s1, ...): each repeat index sits before the dim it repeats
  const inter: number[] = []
  const tiled: number[] = []
  srcShape.forEach((s, i) => {
    inter.push(1, s)
    tiled.push(sizes[i], s)
  })
  const tiles = expand(src.withLayout(inter, contiguousStrides(inter), src.offset), tiled)
  const result = Tensor.fromStorage(tiles.toArray(), srcShape.map((s, i) => s * sizes[i]), a.dtype)
  if (needsGrad(a))
    record(result, 'repeat', [a], (g) => {
      const gi = reshape(g, tiled)
      return [reshape(sumToShape(gi, inter), a.shape)]
    })
  return result
}

/** cat(tensors, dim): joins along an existing dim. */
export function cat(ts: readonly Tensor[], dim = 0): Tensor {
  if (ts.length === 0) throw runtimeError('torch.cat(): expected a non-empty list of Tensors')
  const nd = ts[0].ndim
  const scalarAt = ts.findIndex((x) => x.ndim === 0)
  if (scalarAt >= 0) throw runtimeError(`zero-dimensional tensor (at position ${scalarAt}) cannot be concatenated`)
  const d = normalizeDim(dim, nd)
  for (const x of ts) {
    if (x.ndim !== nd)
      throw runtimeError(`Tensors must have same number of dimensions: got ${nd} and ${x.ndim}`)
    for (let i = 0; i < nd; i++)
      if (i !== d && x.shape[i] !== ts[0].shape[i])
        throw runtimeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${ts[0].shape[i]} but got size ${x.shape[i]} for tensor number ${ts.indexOf(x)} in the list.`
        )
  }
  const dtype = promote(...ts.map((x) => x.dtype))
  const shape = [...ts[0].shape]
  shape[d] = ts.reduce((s, x) => s + x.shape[d], 0)
  const out = Tensor.zeros(shape, dtype)
  let at = 0
  const starts: number[] = []
  for (const x of ts) {
    starts.push(at)
    copyInto(slice(out, d, at, at + x.shape[d], 1), x)
    at += x.shape[d]
  }
  if (needsGrad(...ts))
    record(out, 'cat', ts, (g) => ts.map((x, i) => slice(g, d, starts[i], starts[i] + x.shape[d], 1)))
  return out
}

/** stack(tensors, dim): joins along a new dim. */
export function stack(ts: readonly Tensor[], dim = 0): Tensor {
  if (ts.length === 0) throw runtimeError('stack expects a non-empty TensorList')
  for (const x of ts)
    if (!sameShape(x.shape, ts[0].shape))
      throw runtimeError(
        `stack expects each tensor to be equal size, but got ${formatShape(ts[0].shape)} at entry 0 and ${formatShape(x.shape)} at entry ${ts.indexOf(x)}`
      )
  const d = normalizeDim(dim, ts[0].ndim + 1)
  return cat(ts.map((x) => unsqueeze(x, d)), d)
}

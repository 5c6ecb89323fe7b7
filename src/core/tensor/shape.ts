// Pure shape logic: broadcasting, strides, dims. Each helper has a worked example.

import { indexError, runtimeError } from './errors'

export type Shape = readonly number[]

/** Number of elements: numel([32, 27]) = 864, numel([]) = 1. */
export function numel(shape: Shape): number {
  let n = 1
  for (const s of shape) n *= s
  return n
}

/** Row-major strides: contiguousStrides([32, 3, 10]) = [30, 10, 1]. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s
    s *= shape[i]
  }
  return strides
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** PyTorch's shape text: formatShape([32, 27]) = '[32, 27]'. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`
}

/**
 * The broadcast shape of two shapes, aligned from the right: broadcastShapes([32, 27], [32, 1]) = [32, 27];
 * broadcastShapes([32, 27], [32]) throws PyTorch's "The size of tensor a (27) must match the size of tensor b (32)
 * at non-singleton dimension 1" (like PyTorch, it reports the rightmost mismatch).
 */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length)
  const out = new Array<number>(n)
  for (let i = n - 1; i >= 0; i--) {
    const da = a[a.length - n + i] ?? 1
    const db = b[b.length - n + i] ?? 1
    if (da === db || db === 1) out[i] = da
    else if (da === 1) out[i] = db
    else
      throw runtimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}` +
          ` (shapes ${formatShape(a)} and ${formatShape(b)} don't broadcast: aligned from the right, sizes must be equal or 1)`
      )
  }
  return out
}

/** Broadcasts any number of shapes: broadcastAll([[3, 1], [1, 4], [4]]) = [3, 4]. */
export function broadcastAll(shapes: Shape[]): number[] {
  let out: number[] = []
  for (const s of shapes) out = broadcastShapes(out, s)
  return out
}

/**
 * Strides that read a tensor of `shape`/`strides` as if it had the (larger) broadcast shape `target`:
 * broadcast dims get stride 0. broadcastStrides([32, 1], [1, 1], [32, 27]) = [1, 0].
 */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0)
  const off = target.length - shape.length
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 && target[off + i] !== 1 ? 0 : strides[i]
  return out
}

/** Wraps a possibly negative dim: normalizeDim(-1, 2) = 1; out of range throws PyTorch's IndexError. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1)
  if (dim < -n || dim >= n)
    throw indexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`)
  return dim < 0 ? dim + n : dim
}

/**
 * Resolves a view's shape with at most one -1: inferShape([32, -1], 960) = [32, 30].
 */
export function inferShape(shape: readonly number[], total: number): number[] {
  let infer = -1
  let known = 1
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === -1) {
      if (infer >= 0) throw runtimeError('only one dimension can be inferred')
      infer = i
    } else if (shape[i] < 0) {
      throw runtimeError(`invalid shape dimension ${shape[i]}`)
    } else known *= shape[i]
  }
  const out = [...shape]
  if (infer >= 0) {
    if (known === 0 && total === 0)
      throw runtimeError(
        `cannot reshape tensor of 0 elements into shape ${formatShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`
      )
    if (known === 0 || total % known !== 0)
      throw runtimeError(`shape '${formatShape(shape)}' is invalid for input of size ${total}`)
    out[infer] = total / known
  } else if (known !== total) {
    throw runtimeError(`shape '${formatShape(shape)}' is invalid for input of size ${total}`)
  }
  return out
}

/**
 * Strides for viewing (shape, strides) as newShape without copying, or null when the memory layout forbids it
 * (PyTorch's computeStride): viewStrides([4, 6], [6, 1], [24]) = [1]; viewStrides([6, 4], [1, 6], [24]) = null.
 */
export function viewStrides(shape: Shape, strides: readonly number[], newShape: Shape): number[] | null {
  if (shape.length === 0 || numel(shape) === 0) return contiguousStrides(newShape)
  const newStrides = new Array<number>(newShape.length)
  let viewD = newShape.length - 1
  let chunkBase = strides[strides.length - 1] ?? 1
  let tensorNumel = 1
  let viewNumel = 1
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase
        viewNumel *= newShape[viewD]
        viewD--
      }
      if (viewNumel !== tensorNumel) return null
      if (d > 0) {
        chunkBase = strides[d - 1]
        tensorNumel = 1
        viewNumel = 1
      }
    }
  }
  if (viewD !== -1) return null
  return newStrides
}

// The lecture's cmp(): exact, approximate (torch.allclose) and maxdiff, computed in float32 as PyTorch does.

import type { NodeVerdict } from '../api'
import { broadcastShapes, formatShape, numel, sameShape, toDType, Tensor } from '../tensor'
import { readAs } from '../tensor/elementwise'
import { DEFAULT_LIMITS } from '../lang/runtime/evaluator'

export const RTOL = 1e-5
/** The most elements the grader compares: the interpreter's limit on one tensor. */
export const MAX_COMPARED = DEFAULT_LIMITS.elements
export const ATOL = 1e-8

const f = Math.fround
const RTOL32 = f(RTOL)
const ATOL32 = f(ATOL)

/** torch.isclose for one pair of float32 values (equal_nan=False). */
export function isClose(a: number, b: number): boolean {
  if (a === b) return true
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false
  return f(Math.abs(f(a - b))) <= f(ATOL32 + f(Math.abs(f(RTOL32 * b))))
}

export interface Comparison {
  exact: boolean
  approximate: boolean
  maxdiff: number
  /** flat index (in the broadcast shape) of the largest difference */
  worst: number
  shape: number[]
}

/** The shape a learner's gradient and the true one broadcast to; null when they don't broadcast. */
export function comparedShape(mine: readonly number[], truth: readonly number[]): number[] | null {
  try {
    return broadcastShapes(mine, truth)
  } catch {
    return null
  }
}

/**
 * Compares a learner's gradient with the true one over their broadcast shape; null when the shapes don't broadcast
 * (PyTorch would raise inside cmp()) or when the broadcast has more than `maxElements` elements (never built).
 */
export function compareTensors(mine: Tensor, truth: Tensor, maxElements = MAX_COMPARED): Comparison | null {
  const shape = comparedShape(mine.shape, truth.shape)
  if (shape === null || numel(shape) > maxElements) return null
  const a = readAs(mine.dtype === 'float32' ? mine : toDType(mine, 'float32'), shape, 'float32')
  const b = readAs(truth, shape, 'float32')
  let exact = true
  let approximate = true
  let maxdiff = 0
  let worst = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (x !== y) exact = false
    if (!isClose(x, y)) approximate = false
    const d = f(Math.abs(f(x - y)))
    if (d > maxdiff || (d !== d && maxdiff === maxdiff)) {
      maxdiff = d
      worst = i
    }
  }
  return { exact, approximate, maxdiff, worst, shape }
}

/**
 * The verdict for one node: pass, shape (allclose only through broadcasting), fail or missing. A gradient whose
 * broadcast with the true one has more than `maxElements` elements fails on its shapes alone: cmp() would build that
 * broadcast, the grader never does.
 */
export function judge(mine: Tensor | null, truth: Tensor, maxElements = MAX_COMPARED): NodeVerdict {
  const expected = [...truth.shape]
  if (mine === null)
    return { status: 'missing', exact: null, approximate: null, maxdiff: null, shape: null, expected_shape: expected }
  const shape = [...mine.shape]
  const common = comparedShape(shape, expected)
  const unjudged = (message: string): NodeVerdict => ({
    status: 'fail',
    exact: null,
    approximate: null,
    maxdiff: null,
    shape,
    expected_shape: expected,
    message
  })
  if (common === null)
    return unjudged(`shape ${formatShape(shape)} does not broadcast with the tensor's shape ${formatShape(expected)} (PyTorch's cmp() would raise)`)
  if (numel(common) > maxElements)
    return unjudged(
      `shape ${formatShape(shape)} against the tensor's shape ${formatShape(expected)} broadcasts to ${formatShape(common)}, ` +
        `${numel(common).toLocaleString('en-US')} elements, more than the ${maxElements.toLocaleString('en-US')} the grader compares: ` +
        `a gradient has its tensor's shape`
    )
  const c = compareTensors(mine, truth, maxElements)!
  const same = sameShape(shape, expected)
  const status = c.approximate && same ? 'pass' : c.approximate ? 'shape' : 'fail'
  const verdict: NodeVerdict = {
    status,
    exact: c.exact,
    approximate: c.approximate,
    maxdiff: c.maxdiff,
    shape,
    expected_shape: expected
  }
  if (status === 'shape')
    verdict.message = `right values, but shape ${formatShape(shape)} instead of ${formatShape(expected)}: a gradient has its tensor's shape`
  return verdict
}

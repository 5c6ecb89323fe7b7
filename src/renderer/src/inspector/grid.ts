// How a tensor maps onto a heatmap: its 2-D grid, index tuples, the colour domain and number formatting. Pure.

import type { TensorView } from '../../../core/api'

/** The 2-D grid a tensor is drawn as: a scalar 1x1, a vector one row, higher ranks rows x (the rest flattened). */
export function gridShape(shape: readonly number[]): { rows: number; cols: number } {
  if (shape.length === 0) return { rows: 1, cols: 1 }
  if (shape.length === 1) return { rows: 1, cols: shape[0] }
  return { rows: shape[0], cols: shape.slice(1).reduce((a, b) => a * b, 1) }
}

/** The index tuple of flat position `flat` in a row-major tensor of `shape`: (32, 3, 10), 35 -> [1, 0, 5]. */
export function indexOf(shape: readonly number[], flat: number): number[] {
  const index: number[] = []
  let rest = flat
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index.unshift(rest % shape[axis])
    rest = Math.floor(rest / shape[axis])
  }
  return index
}

/** The colour domain: symmetric around 0 (diverging) when the data has both signs or `symmetric` is asked for. */
export function colorDomain(stats: TensorView['stats'], symmetric = false): { lo: number; hi: number; diverging: boolean } {
  const { min, max } = stats
  if (symmetric || (min < 0 && max > 0)) {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1
    return { lo: -m, hi: m, diverging: true }
  }
  return { lo: min, hi: max === min ? min + 1 : max, diverging: false }
}

/** The colour domain imshow picks: the data's own minimum to maximum (never empty). */
export function imshowDomain(stats: TensorView['stats']): { lo: number; hi: number; diverging: false } {
  const { min, max } = stats
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { lo: 0, hi: 1, diverging: false }
  return { lo: min, hi: max === min ? min + 1 : max, diverging: false }
}

/** A number as the inspector prints it: 4 significant digits, exponent when tiny or huge. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return '0'
  const a = Math.abs(x)
  return a < 1e-3 || a >= 1e5 ? x.toExponential(3) : Number(x.toPrecision(4)).toString()
}

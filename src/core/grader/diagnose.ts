// Explanations of a wrong gradient in a learner's words: sign flipped, off by a constant, transposed, a branch
// missing, right values in the wrong shape, a sum over the wrong dim, one row or column off, and where the largest
// difference is.

import type { Contribution } from '../lesson/lesson'
import { broadcastShapes, formatShape, sameShape, sum, Tensor, toDType, transpose } from '../tensor'
import { readAs } from '../tensor/elementwise'
import { isClose, MAX_COMPARED } from './compare'


function asFloat(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : toDType(t, 'float32')
}

function values(t: Tensor, shape: readonly number[]): ArrayLike<number> {
  return readAs(asFloat(t), shape, 'float32')
}

/** torch.allclose over two flat arrays of the same shape. */
function allClose(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!isClose(a[i], b[i])) return false
  return true
}

function scaled(a: ArrayLike<number>, c: number): number[] {
  return Array.from(a, (x) => x * c)
}

function broadcastOrNull(a: readonly number[], b: readonly number[]): number[] | null {
  try {
    return broadcastShapes(a, b)
  } catch {
    return null
  }
}

function dimList(dims: readonly number[]): string {
  return dims.length === 1 ? `dim ${dims[0]}` : `dims ${dims.join(' and ')}`
}

/**
 * The constant factors a learner typically gets wrong, given the batch size n, with what to look at. The 2 of
 * d/dx x**2 is named only for a node that is squared in the forward pass (`squared`).
 */
function factorNote(d: string, c: number, n: number | null, squared: boolean): string | null {
  const bessel = "bnvar divides by n-1 (Bessel's correction), not n."
  const batch: [number, string, string][] = n === null ? [] : [
    [n, `n = ${n}`, 'is a 1/n missing?'],
    [1 / n, `1/n (n = ${n})`, 'is there a 1/n too many?'],
    [n - 1, `n-1 = ${n - 1}`, 'is the 1/(n-1) of the variance missing?'],
    [1 / (n - 1), `1/(n-1) (n = ${n})`, 'is there a 1/(n-1) too many?'],
    [n / (n - 1), `n/(n-1) (n = ${n})`, bessel],
    [(n - 1) / n, `(n-1)/n (n = ${n})`, bessel]
  ]
  const candidates: [number, string, string][] = [
    ...batch,
    [2, '2', squared ? 'is a factor of 2 there twice (d/dx x**2 = 2*x)?' : 'a constant factor is off.'],
    [0.5, '1/2', squared ? 'is the 2 of d/dx x**2 = 2*x missing?' : 'a constant factor is off.'],
    [-2, '-2', squared ? 'check the sign, and the 2 of the square' : 'check the sign, and a constant factor'],
    [-0.5, '-1/2', squared ? 'check the sign, and the 2 of the square' : 'check the sign, and a constant factor']
  ]
  for (const [v, name, hint] of candidates)
    if (Math.abs(c - v) <= 1e-3 * Math.abs(v)) return `${d} is ${name} times the right answer: ${hint}`
  return null
}

function coordinates(flat: number, shape: readonly number[]): number[] {
  const out: number[] = []
  for (let d = shape.length - 1; d >= 0; d--) {
    out.unshift(flat % shape[d])
    flat = Math.floor(flat / shape[d])
  }
  return out
}

function fmt(x: number): string {
  if (x === 0) return '0'
  if (!Number.isFinite(x)) return x !== x ? 'nan' : x > 0 ? 'inf' : '-inf'
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e4 ? x.toPrecision(4) : x.toExponential(3)
}

const withoutOnes = (shape: readonly number[]) => shape.filter((s) => s !== 1)

/**
 * Notes on a gradient whose shape differs from its tensor's: a forgotten or extra keepdim, a sum over the wrong
 * dim or none at all, a transposed matrix product, or the right values laid out in another shape.
 */
function shapeNotes(name: string, mine: Tensor, truth: Tensor, maxElements: number): string[] {
  const d = `d${name}`
  const M = mine.shape
  const E = truth.shape
  const is = `${d} is ${formatShape(M)} but ${name} is ${formatShape(E)}`
  const common = broadcastOrNull(M, E)
  const ones = E.map((s, i) => (s === 1 ? i : -1)).filter((i) => i >= 0)

  if (mine.numel === truth.numel) {
    if (sameShape(withoutOnes(M), withoutOnes(E))) {
      if (M.length < E.length) {
        const spread =
          common !== null && !sameShape(common, E)
            ? ` Without it, ${formatShape(M)} against ${formatShape(E)} broadcasts to ${formatShape(common)}.`
            : ''
        return [`${is}: sum with keepdim=True so the summed dim stays, with size 1.${spread}`]
      }
      if (M.length > E.length) return [`${is}: ${name} has no dim of size 1 there; sum without keepdim=True, or reshape with .view(${name}.shape).`]
    }
    if (M.length === 2 && E.length === 2 && M[0] === E[1] && M[1] === E[0] && allClose(values(transpose(mine, 0, 1), E), truth.values()))
      return [`${d} is the transpose of the right answer: swap the operands of your matrix product, or move its .T.`]
    if (allClose(asFloat(mine).values(), truth.values())) return [`${is}: the values are right; reshape with .view(${name}.shape).`]
    return [`${is}: a gradient always has its tensor's shape.`]
  }

  // more elements than the tensor: was the sum over the broadcast dims forgotten?
  if (M.length >= E.length) {
    const lead = M.length - E.length
    const fits = E.every((s, i) => s === M[lead + i] || s === 1)
    const dims = [...Array(lead).keys(), ...E.map((s, i) => (s === 1 && M[lead + i] !== 1 ? lead + i : -1)).filter((i) => i >= 0)]
    if (fits && dims.length > 0) {
      // dims the tensor keeps with size 1 need keepdim=True; leading dims it doesn't have must go
      const keep = dims.every((i) => i >= lead) ? ' with keepdim=True' : ''
      // a gradient over the grader's element limit is described by its shape alone, never summed
      const right = mine.numel <= maxElements && allClose(sum(asFloat(mine), dims, false).values(), truth.values())
      return [
        right
          ? `${name} is broadcast over ${dimList(dims)} in the forward pass, so its gradient is a sum: sum ${d} over ${dimList(dims)}${keep}.`
          : `${is}: ${name} is broadcast over ${dimList(dims)} in the forward pass, so its gradient sums over ${dims.length > 1 ? 'them' : 'it'}${keep}.`
      ]
    }
  }
  // a sum over the wrong dim: the tensor's size-1 dims are the ones it is broadcast over
  if (ones.length > 0) {
    const summed = M.length === E.length ? M.map((s, i) => (s === 1 && E[i] !== 1 ? i : -1)).filter((i) => i >= 0) : []
    const looks = summed.length > 0 ? ` it looks summed over ${dimList(summed)}, but` : ''
    return [`${is}:${looks} ${name} is broadcast over ${dimList(ones)}: sum over ${dimList(ones)} with keepdim=True.`]
  }
  return [`${is}: a gradient always has its tensor's shape.`]
}

/** What else diagnose() knows of a node: classic wrong answers worked out for it, and whether it is squared. */
export interface DiagnoseContext {
  /** each classic mistake's result (see CLASSIC_MISTAKES), with what to say when the learner's equals it */
  mistakes?: readonly { grad: Tensor; note: string }[]
  /** the forward pass squares the node (bndiff2 = bndiff**2): a factor of 2 may be the square's */
  squared?: boolean
}

/**
 * Diagnoses for a gradient that failed (or passed only through broadcasting). `truth` is autograd's gradient,
 * `contributions` the per-consumer pieces when the node is a merge point, `n` the batch size. Values are read only
 * where the gradient lines up with its tensor or has at most `maxElements` elements.
 */
export function diagnose(
  name: string,
  mine: Tensor,
  truth: Tensor,
  contributions: readonly Contribution[],
  n: number | null,
  context: DiagnoseContext = {},
  maxElements = MAX_COMPARED
): string[] {
  const d = `d${name}`
  const expected = truth.shape
  const out = sameShape(mine.shape, expected) ? [] : shapeNotes(name, mine, truth, maxElements)
  // element-by-element notes only where the learner's gradient lines up with the tensor: one that broadcasts to a
  // bigger shape would be described as a matrix the learner never made
  const common = broadcastOrNull(mine.shape, expected)
  if (common === null || !sameShape(common, expected)) return out
  const a = values(mine, common)
  const b = values(truth, common)
  if (allClose(a, b)) return out

  // a classic mistake, named: its note says more than any pattern below
  for (const m of context.mistakes ?? []) {
    if (!sameShape(m.grad.shape, mine.shape)) continue
    if (allClose(asFloat(mine).values(), asFloat(m.grad).values())) out.push(m.note)
  }

  let nonfinite = 0
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) nonfinite++
  if (nonfinite > 0)
    out.push(`${d} has ${nonfinite} nan or inf value${nonfinite > 1 ? 's' : ''}: look for a division by zero or the log of 0.`)

  if (allClose(a, scaled(b, -1))) out.push(`${d} is the right answer with its sign flipped: check the sign of the local derivative.`)
  else if (nonfinite === 0) {
    // the least-squares factor c in a ≈ c·b, trusted when it explains a to a relative 1e-3
    let num = 0
    let den = 0
    let norm = 0
    for (let i = 0; i < a.length; i++) {
      num += a[i] * b[i]
      den += b[i] * b[i]
      norm += a[i] * a[i]
    }
    const c = den > 0 ? num / den : 0
    let residual = 0
    for (let i = 0; i < a.length; i++) residual += (a[i] - c * b[i]) ** 2
    if (den > 0 && norm > 0 && Math.abs(c - 1) > 1e-3 && residual <= 1e-6 * norm)
      out.push(factorNote(d, c, n, context.squared ?? false) ?? `${d} is about ${fmt(c)} times the right answer: a constant factor is off.`)
  }

  if (contributions.length > 1) {
    for (const c of contributions) {
      if (broadcastOrNull(c.grad.shape, common) === null) continue
      if (allClose(a, values(c.grad, common))) {
        const others = contributions.filter((x) => x !== c).map((x) => x.consumer)
        out.push(
          `${d} has only the gradient through ${c.consumer}. ${name} also feeds ${others.join(' and ')}: add the gradient through ${
            others.length > 1 ? 'those' : 'that'
          } branch too (the gradients of a tensor used twice add up).`
        )
      }
    }
  }

  if (mine.ndim === 2 && sameShape(mine.shape, expected) && expected[0] === expected[1]) {
    if (allClose(values(transpose(mine, 0, 1), expected), truth.values()))
      out.push(`${d} is the transpose of the right answer: swap the operands of your matrix product, or move its .T.`)
  }

  let wrong = 0
  let firstWrong = -1
  for (let i = 0; i < a.length; i++)
    if (!isClose(a[i], b[i])) {
      wrong++
      if (firstWrong < 0) firstWrong = i
    }
  if (wrong === 1 && a.length > 1) out.push(`Only one element is wrong: ${d}[${coordinates(firstWrong, common).join(', ')}].`)
  else if (common.length === 2) {
    const [rows, cols] = common
    const badRows = new Set<number>()
    const badCols = new Set<number>()
    for (let i = 0; i < a.length; i++)
      if (!isClose(a[i], b[i])) {
        badRows.add(Math.floor(i / cols))
        badCols.add(i % cols)
      }
    if (badRows.size === 1 && rows > 1) out.push(`Only row ${[...badRows][0]} is wrong; every other row is right.`)
    else if (badCols.size === 1 && cols > 1) out.push(`Only column ${[...badCols][0]} is wrong; every other column is right.`)
    else if (badRows.size === rows - 1 && rows > 2) {
      const good = [...Array(rows).keys()].find((r) => !badRows.has(r))
      out.push(`Every row is wrong except row ${good}.`)
    } else if (badCols.size === cols - 1 && cols > 2) {
      const good = [...Array(cols).keys()].find((c) => !badCols.has(c))
      out.push(`Every column is wrong except column ${good}.`)
    }
  }

  let worst = 0
  let wd = -1
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i] - b[i])
    if (diff !== diff) {
      worst = i
      break
    }
    if (diff > wd) {
      wd = diff
      worst = i
    }
  }
  out.push(`Largest difference at ${d}[${coordinates(worst, common).join(', ')}]: yours ${fmt(a[worst])}, expected ${fmt(b[worst])}.`)
  return out
}

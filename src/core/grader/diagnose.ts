// Explanations of a wrong gradient in a learner's words: sign flipped, off by a constant, transposed, a branch
// missing, right values in the wrong shape, one row or column off, and where the largest difference is.

import { formatShape, sameShape, Tensor, toDType, transpose, sum, broadcastShapes } from '../tensor'
import { readAs } from '../tensor/elementwise'
import { isClose } from './compare'

/** One consumer's share of a node's gradient (the gradient arriving through that edge alone). */
export interface Contribution {
  consumer: string
  grad: Tensor
}

function values(t: Tensor, shape: readonly number[]): ArrayLike<number> {
  return readAs(t.dtype === 'float32' ? t : toDType(t, 'float32'), shape, 'float32')
}

function allClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (tol === 1 ? !isClose(a[i], b[i]) : Math.abs(a[i] - b[i]) > tol * (1e-6 + 1e-4 * Math.abs(b[i]))) return false
  }
  return true
}

function scaled(a: ArrayLike<number>, c: number): number[] {
  return Array.from(a, (x) => x * c)
}


/** Names for the constant factors a learner typically misses, given the batch size n. */
function factorName(c: number, n: number): string | null {
  const candidates: [number, string][] = [
    [n, 'n'],
    [1 / n, '1/n'],
    [n - 1, 'n-1'],
    [1 / (n - 1), '1/(n-1)'],
    [n / (n - 1), 'n/(n-1)'],
    [(n - 1) / n, '(n-1)/n'],
    [2, '2'],
    [0.5, '1/2'],
    [-2, '-2'],
    [-0.5, "-1/2"]
  ]
  for (const [v, name] of candidates) if (Math.abs(c - v) <= 1e-3 * Math.abs(v)) return name
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
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e4 ? x.toPrecision(4) : x.toExponential(3)
}

/**
 * Diagnoses for a gradient that failed (or passed only through broadcasting). `truth` is autograd's gradient,
 * `contributions` the per-consumer pieces when the node is a merge point, `n` the batch size.
 */
export function diagnose(
  name: string,
  mine: Tensor,
  truth: Tensor,
  contributions: readonly Contribution[],
  n: number
): string[] {
  const out: string[] = []
  const d = `d${name}`
  const expected = truth.shape
  let common: number[] | null = null
  try {
    common = broadcastShapes(mine.shape, expected)
  } catch {
    common = null
  }

  if (!sameShape(mine.shape, expected)) {
    // right values but wrong shape, or a reduction over the wrong dim
    if (common !== null && sameShape(common, expected) && mine.numel === truth.numel) {
      out.push(`${d} has shape ${formatShape(mine.shape)} but ${name} is ${formatShape(expected)}: reshape it, or keep the reduced dim with keepdim=True.`)
    } else if (mine.numel === truth.numel) {
      out.push(`${d} has the right number of elements but shape ${formatShape(mine.shape)}; ${name} is ${formatShape(expected)}.`)
    } else {
      const missingKeep = expected.length === mine.shape.length + 1 && expected.includes(1)
      if (missingKeep) out.push(`${d} is ${formatShape(mine.shape)} but ${name} is ${formatShape(expected)}: sum with keepdim=True so the reduced dim stays as 1.`)
      else if (mine.ndim === expected.length) {
        // summing the learner's gradient over the dims where the node is 1 may give the answer
        const dims = expected.map((s, i) => (s === 1 && mine.shape[i] !== 1 ? i : -1)).filter((i) => i >= 0)
        if (dims.length > 0) {
          const reduced = sum(mine.dtype === 'float32' ? mine : toDType(mine, 'float32'), dims, true)
          if (sameShape(reduced.shape, expected) && allClose(reduced.values(), truth.values()))
            out.push(`${name} is broadcast in the forward pass, so its gradient is a sum: sum ${d} over dim ${dims.join(', ')} with keepdim=True.`)
          else out.push(`${d} is ${formatShape(mine.shape)} but ${name} is ${formatShape(expected)}: a gradient always has its tensor's shape.`)
        } else out.push(`${d} is ${formatShape(mine.shape)} but ${name} is ${formatShape(expected)}: a gradient always has its tensor's shape.`)
      } else out.push(`${d} is ${formatShape(mine.shape)} but ${name} is ${formatShape(expected)}: a gradient always has its tensor's shape.`)
    }
    if (mine.ndim === 2 && expected.length === 2 && mine.shape[0] === expected[1] && mine.shape[1] === expected[0]) {
      if (allClose(values(transpose(mine, 0, 1), expected), truth.values()))
        out.push(`${d} is the transpose of the right answer: swap the operands' order or the .T in your matrix product.`)
    }
    if (common === null) return out
  }
  if (common === null) return out
  const a = values(mine, common)
  const b = values(truth, common)

  if (allClose(a, scaled(b, -1))) out.push(`${d} has the right size but the wrong sign: check the sign of the local derivative.`)
  else {
    let num = 0
    let den = 0
    for (let i = 0; i < a.length; i++) {
      num += a[i] * b[i]
      den += b[i] * b[i]
    }
    const c = den > 0 ? num / den : 0
    if (den > 0 && Math.abs(c) > 1e-12 && Math.abs(c - 1) > 1e-3 && allClose(a, scaled(b, c), 10)) {
      const f = factorName(c, n)
      out.push(
        f === null
          ? `${d} is off by a constant factor of about ${fmt(c)}.`
          : `${d} is exactly ${f} times the right answer: check the constant (${f === 'n' || f === '1/n' ? 'is a 1/n missing or doubled?' : f.includes('n-1') ? "Bessel's correction uses n-1" : 'a factor of 2 from the square?'}).`
      )
    }
  }

  if (contributions.length > 1) {
    for (const c of contributions) {
      if (sameShape(c.grad.shape, common) || broadcastable(c.grad.shape, common)) {
        const cv = values(c.grad, common)
        if (allClose(a, cv))
          out.push(
            `${d} equals the contribution through ${c.consumer} alone. ${name} also feeds ${contributions
              .filter((x) => x !== c)
              .map((x) => x.consumer)
              .join(' and ')}: add that branch too (gradients of a reused tensor add up).`
          )
      }
    }
  }

  if (mine.ndim === 2 && sameShape(mine.shape, expected) && expected[0] === expected[1]) {
    if (allClose(values(transpose(mine, 0, 1), expected), truth.values()))
      out.push(`${d} is the transpose of the right answer: swap the operands' order or the .T in your matrix product.`)
  }

  if (common.length === 2 && a.length > 1) {
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
    if (diff > wd || diff !== diff) {
      wd = diff
      worst = i
      if (diff !== diff) break
    }
  }
  if (a.length > 0 && !(wd === 0))
    out.push(
      `Largest difference at [${coordinates(worst, common).join(', ')}]: yours ${fmt(a[worst])}, expected ${fmt(b[worst])}.`
    )
  return out
}

function broadcastable(a: readonly number[], b: readonly number[]): boolean {
  try {
    return sameShape(broadcastShapes(a, b), b)
  } catch {
    return false
  }
}

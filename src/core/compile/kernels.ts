// The replay's loops: each computes exactly what the tensor engine computes for the same op (src/core/tensor), so a
// compiled step and an interpreted one agree bit for bit: float32 ops evaluated in double and rounded once on store,
// sums accumulated in double and rounded once, matrix products accumulated in double with the engine's skip of zero
// factors. Operands are read at `offset + i` (contiguous) or `offset + rel[i]` (broadcast or strided).

export type Buf = Float32Array | Float64Array | Uint8Array

/** One operand of an elementwise op at replay: storage and offsets, or a scalar already cast to the compute dtype. */
export interface Operand {
  data: Buf | null
  /** per-element offsets relative to the current offset, null when contiguous in the output's order */
  rel: Int32Array | null
  scalar: number
  /** read through Math.fround (an int64 or bool tensor read as float32, as the engine converts it) */
  fround: boolean
}

export type BinOp = '+' | '-' | '*' | '/'

/** o[i] = a op b for i < n, contiguous float32 operands (the hot case). */
function arithContig(op: BinOp, o: Buf, n: number, a: Buf, ao: number, b: Buf, bo: number): void {
  if (op === '+') for (let i = 0; i < n; i++) o[i] = a[ao + i] + b[bo + i]
  else if (op === '-') for (let i = 0; i < n; i++) o[i] = a[ao + i] - b[bo + i]
  else if (op === '*') for (let i = 0; i < n; i++) o[i] = a[ao + i] * b[bo + i]
  else for (let i = 0; i < n; i++) o[i] = a[ao + i] / b[bo + i]
}

function arithScalarRight(op: BinOp, o: Buf, n: number, a: Buf, ao: number, y: number): void {
  if (op === '+') for (let i = 0; i < n; i++) o[i] = a[ao + i] + y
  else if (op === '-') for (let i = 0; i < n; i++) o[i] = a[ao + i] - y
  else if (op === '*') for (let i = 0; i < n; i++) o[i] = a[ao + i] * y
  else for (let i = 0; i < n; i++) o[i] = a[ao + i] / y
}

function arithScalarLeft(op: BinOp, o: Buf, n: number, x: number, b: Buf, bo: number): void {
  if (op === '+') for (let i = 0; i < n; i++) o[i] = x + b[bo + i]
  else if (op === '-') for (let i = 0; i < n; i++) o[i] = x - b[bo + i]
  else if (op === '*') for (let i = 0; i < n; i++) o[i] = x * b[bo + i]
  else for (let i = 0; i < n; i++) o[i] = x / b[bo + i]
}

/** A broadcast operand against a contiguous one (bias rows, column statistics). */
function arithRelContig(op: BinOp, o: Buf, n: number, a: Buf, ao: number, ra: Int32Array, b: Buf, bo: number): void {
  if (op === '+') for (let i = 0; i < n; i++) o[i] = a[ao + ra[i]] + b[bo + i]
  else if (op === '-') for (let i = 0; i < n; i++) o[i] = a[ao + ra[i]] - b[bo + i]
  else if (op === '*') for (let i = 0; i < n; i++) o[i] = a[ao + ra[i]] * b[bo + i]
  else for (let i = 0; i < n; i++) o[i] = a[ao + ra[i]] / b[bo + i]
}

function arithContigRel(op: BinOp, o: Buf, n: number, a: Buf, ao: number, b: Buf, bo: number, rb: Int32Array): void {
  if (op === '+') for (let i = 0; i < n; i++) o[i] = a[ao + i] + b[bo + rb[i]]
  else if (op === '-') for (let i = 0; i < n; i++) o[i] = a[ao + i] - b[bo + rb[i]]
  else if (op === '*') for (let i = 0; i < n; i++) o[i] = a[ao + i] * b[bo + rb[i]]
  else for (let i = 0; i < n; i++) o[i] = a[ao + i] / b[bo + rb[i]]
}

function read(x: Operand, off: number, i: number): number {
  if (x.data === null) return x.scalar
  const v = x.data[off + (x.rel === null ? i : x.rel[i])]
  return x.fround ? Math.fround(v) : v
}

/** o = a op b over n elements; `intOut` adds the engine's +0 (no negative zero in int64). */
export function binary(op: BinOp, o: Buf, n: number, a: Operand, ao: number, b: Operand, bo: number, intOut: boolean): void {
  const ad = a.data
  const bd = b.data
  if (!a.fround && !b.fround) {
    if (ad !== null && bd !== null && a.rel === null && b.rel === null) arithContig(op, o, n, ad, ao, bd, bo)
    else if (ad !== null && a.rel === null && bd === null) arithScalarRight(op, o, n, ad, ao, b.scalar)
    else if (bd !== null && b.rel === null && ad === null) arithScalarLeft(op, o, n, a.scalar, bd, bo)
    else if (ad !== null && bd !== null && a.rel !== null && b.rel === null) arithRelContig(op, o, n, ad, ao, a.rel, bd, bo)
    else if (ad !== null && bd !== null && a.rel === null && b.rel !== null) arithContigRel(op, o, n, ad, ao, bd, bo, b.rel)
    else generic(op, o, n, a, ao, b, bo)
  } else generic(op, o, n, a, ao, b, bo)
  if (intOut) for (let i = 0; i < n; i++) o[i] += 0
}

function generic(op: BinOp, o: Buf, n: number, a: Operand, ao: number, b: Operand, bo: number): void {
  for (let i = 0; i < n; i++) {
    const x = read(a, ao, i)
    const y = read(b, bo, i)
    o[i] = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y
  }
}

/** o[i] = f(a[i], b[i]) for the ops without a loop of their own (tensor ** tensor). */
export function binaryFn(f: (x: number, y: number) => number, o: Buf, n: number, a: Operand, ao: number, b: Operand, bo: number): void {
  for (let i = 0; i < n; i++) o[i] = f(read(a, ao, i), read(b, bo, i))
}

/** o[i] = f(a[i]) */
export function unary(f: (x: number) => number, o: Buf, n: number, a: Operand, ao: number): void {
  const d = a.data!
  if (a.rel === null && !a.fround) for (let i = 0; i < n; i++) o[i] = f(d[ao + i])
  else for (let i = 0; i < n; i++) o[i] = f(read(a, ao, i))
}

/** o[i] = -a[i] (float32), its own loop for speed */
export function negate(o: Buf, n: number, a: Operand, ao: number): void {
  const d = a.data!
  if (a.rel === null && !a.fround) for (let i = 0; i < n; i++) o[i] = -d[ao + i]
  else for (let i = 0; i < n; i++) o[i] = -read(a, ao, i)
}

/** Groups of R offsets summed in double and rounded once on store (the engine's reduceSum). */
export function sumGroups(o: Buf, groups: number, R: number, src: Buf, off: number, rel: Int32Array | null): void {
  if (rel === null) {
    for (let k = 0, p = off; k < groups; k++) {
      let s = 0
      for (let r = 0; r < R; r++) s += src[p++]
      o[k] = s
    }
    return
  }
  for (let k = 0, p = 0; k < groups; k++) {
    let s = 0
    for (let r = 0; r < R; r++) s += src[off + rel[p++]]
    o[k] = s
  }
}

/** Column sums of a contiguous (rows, cols) block in the engine's order (each column's rows in turn). */
export function sumColumns(o: Buf, rows: number, cols: number, src: Buf, off: number, acc: Float64Array): void {
  acc.fill(0, 0, cols)
  // the engine adds each column's rows from the first to the last; so does this, column sums kept side by side
  for (let r = 0; r < rows; r++) {
    const base = off + r * cols
    for (let c = 0; c < cols; c++) acc[c] += src[base + c]
  }
  for (let c = 0; c < cols; c++) o[c] = acc[c]
}

/** max (or its index) along groups of R, first index winning ties, NaN counting as the max (the engine's maxDim). */
export function maxGroups(vo: Buf | null, io: Buf | null, groups: number, R: number, src: Buf, off: number, rel: Int32Array): void {
  for (let k = 0, p = 0; k < groups; k++, p += R) {
    let best = src[off + rel[p]]
    let bi = 0
    if (best === best)
      for (let r = 1; r < R; r++) {
        const v = src[off + rel[p + r]]
        if (v !== v) {
          best = v
          bi = r
          break
        }
        if (v > best) {
          best = v
          bi = r
        }
      }
    if (vo !== null) vo[k] = best
    if (io !== null) io[k] = bi
  }
}

/** Copies a strided operand into a contiguous double buffer. */
export function gatherF64(dst: Float64Array, n: number, src: Buf, off: number, rel: Int32Array | null): void {
  if (rel === null) for (let i = 0; i < n; i++) dst[i] = src[off + i]
  else for (let i = 0; i < n; i++) dst[i] = src[off + rel[i]]
}

/** softmax over lanes of a contiguous float32 tensor (the engine's nn.softmax, in its order of roundings). */
export function softmax(src: Buf, so: number, dst: Buf, outer: number, len: number, inner: number): void {
  const f = Math.fround
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const s = o * len * inner + i
      let m = -Infinity
      for (let k = 0; k < len; k++) m = Math.max(m, src[so + s + k * inner])
      let total = 0
      for (let k = 0; k < len; k++) {
        const e = f(Math.exp(f(src[so + s + k * inner] - m)))
        dst[s + k * inner] = e
        total += e
      }
      const inv = f(1 / f(total))
      for (let k = 0; k < len; k++) dst[s + k * inner] = dst[s + k * inner] * inv
    }
}

/** t[off + i] = t[off + i] op b(i) for a contiguous float32 destination that b does not overlap. */
export function inplace(op: BinOp, t: Buf, off: number, n: number, b: Operand, bo: number): void {
  const bd = b.data
  if (bd === null) {
    const y = b.scalar
    if (op === '+') for (let i = 0; i < n; i++) t[off + i] = t[off + i] + y
    else if (op === '-') for (let i = 0; i < n; i++) t[off + i] = t[off + i] - y
    else if (op === '*') for (let i = 0; i < n; i++) t[off + i] = t[off + i] * y
    else for (let i = 0; i < n; i++) t[off + i] = t[off + i] / y
  } else if (b.rel === null && !b.fround) {
    if (op === '+') for (let i = 0; i < n; i++) t[off + i] = t[off + i] + bd[bo + i]
    else if (op === '-') for (let i = 0; i < n; i++) t[off + i] = t[off + i] - bd[bo + i]
    else if (op === '*') for (let i = 0; i < n; i++) t[off + i] = t[off + i] * bd[bo + i]
    else for (let i = 0; i < n; i++) t[off + i] = t[off + i] / bd[bo + i]
  } else
    for (let i = 0; i < n; i++) {
      const x = t[off + i]
      const y = read(b, bo, i)
      t[off + i] = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y
    }
}

// *** float32-only loops ***
// The same arithmetic over Float32Array operands only: each loop sees one array type, so V8 keeps its fast path
// (the shared loops above see three kinds and run 2-3x slower). Broadcasts that repeat one row (a bias, a (1, H)
// statistic) or one value a row (a (n, 1) column) are read along the output's rows without offset tables.

/** How a float32 operand is read along the output's rows of `len` elements. */
export const CONTIG = 0
/** the same `len` elements for every row */
export const ROW = 1
/** one element per row */
export const COL = 2
export const SCALAR = 3

export interface Plan32 {
  rows: number
  len: number
  ma: number
  mb: number
}

function mode32(x: Operand, len: number, n: number): number {
  if (x.data === null) return SCALAR
  if (x.fround || !(x.data instanceof Float32Array)) return -1
  const rel = x.rel
  if (rel === null) return CONTIG
  if (len === 0 || n % len !== 0) return -1
  let row = true
  let col = true
  for (let i = 0; i < n && (row || col); i++) {
    if (rel[i] !== i % len) row = false
    if (rel[i] !== Math.floor(i / len)) col = false
  }
  return row ? ROW : col ? COL : -1
}

/** The plan for o = a op b over an output of `shape`, or null when an operand needs the general loops. */
export function plan32(o: Buf, a: Operand, b: Operand, shape: readonly number[]): Plan32 | null {
  if (!(o instanceof Float32Array)) return null
  const n = o.length
  const last = shape.length === 0 ? 1 : shape[shape.length - 1]
  const ma = mode32(a, last, n)
  const mb = mode32(b, last, n)
  if (ma < 0 || mb < 0) return null
  if ((ma === CONTIG || ma === SCALAR) && (mb === CONTIG || mb === SCALAR)) return { rows: n === 0 ? 0 : 1, len: n, ma, mb }
  return { rows: last === 0 ? 0 : n / last, len: last, ma, mb }
}

function vv32(op: BinOp, o: Float32Array, oo: number, L: number, x: Float32Array, xo: number, y: Float32Array, yo: number): void {
  if (op === '+') for (let c = 0; c < L; c++) o[oo + c] = x[xo + c] + y[yo + c]
  else if (op === '-') for (let c = 0; c < L; c++) o[oo + c] = x[xo + c] - y[yo + c]
  else if (op === '*') for (let c = 0; c < L; c++) o[oo + c] = x[xo + c] * y[yo + c]
  else for (let c = 0; c < L; c++) o[oo + c] = x[xo + c] / y[yo + c]
}

function vs32(op: BinOp, o: Float32Array, oo: number, L: number, x: Float32Array, xo: number, y: number): void {
  if (op === '+') for (let c = 0; c < L; c++) o[oo + c] = x[xo + c] + y
  else if (op === '-') for (let c = 0; c < L; c++) o[oo + c] = x[xo + c] - y
  else if (op === '*') for (let c = 0; c < L; c++) o[oo + c] = x[xo + c] * y
  else for (let c = 0; c < L; c++) o[oo + c] = x[xo + c] / y
}

function sv32(op: BinOp, o: Float32Array, oo: number, L: number, x: number, y: Float32Array, yo: number): void {
  if (op === '+') for (let c = 0; c < L; c++) o[oo + c] = x + y[yo + c]
  else if (op === '-') for (let c = 0; c < L; c++) o[oo + c] = x - y[yo + c]
  else if (op === '*') for (let c = 0; c < L; c++) o[oo + c] = x * y[yo + c]
  else for (let c = 0; c < L; c++) o[oo + c] = x / y[yo + c]
}

/** o = a op b along the plan (a and b Float32Array or, as scalars, null). */
export function binary32(op: BinOp, o: Float32Array, p: Plan32, a: Float32Array | null, ao: number, as: number, b: Float32Array | null, bo: number, bs: number): void {
  const L = p.len
  const ma = p.ma
  const mb = p.mb
  for (let r = 0; r < p.rows; r++) {
    const oo = r * L
    const av = ma === CONTIG || ma === ROW
    const bv = mb === CONTIG || mb === ROW
    const xo = ma === CONTIG ? ao + oo : ao
    const yo = mb === CONTIG ? bo + oo : bo
    if (av && bv) vv32(op, o, oo, L, a!, xo, b!, yo)
    else {
      const xs = ma === COL ? a![ao + r] : as
      const ys = mb === COL ? b![bo + r] : bs
      if (av) vs32(op, o, oo, L, a!, xo, ys)
      else if (bv) sv32(op, o, oo, L, xs, b!, yo)
      else o.fill(op === '+' ? xs + ys : op === '-' ? xs - ys : op === '*' ? xs * ys : xs / ys, oo, oo + L)
    }
  }
}

/** The unary ops with a loop of their own (the engine's functions, powScalarKernel's cases spelled out). */
export type Unary32 = 'tanh' | 'exp' | 'log' | 'neg' | 'id' | 'one' | 'sqrt' | 'rsqrt' | 'inv' | 'sq' | 'cube' | 'invsq' | 'pow'

/** The loop for x ** e, as powScalarKernel computes it (e === 1 and e === 0 as the tracer treats them). */
export function powKind(e: number): Unary32 {
  if (e === 1) return 'id'
  if (e === 0) return 'one'
  if (e === 0.5) return 'sqrt'
  if (e === -0.5) return 'rsqrt'
  if (e === -1) return 'inv'
  if (e === 2) return 'sq'
  if (e === 3) return 'cube'
  if (e === -2) return 'invsq'
  return 'pow'
}

/** o[i] = f(a[ao + i]) for a contiguous float32 operand; `e` is the exponent of 'pow' (already float32). */
export function unary32(kind: Unary32, o: Float32Array, n: number, a: Float32Array, ao: number, e: number): void {
  const f = Math.fround
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < n; i++) o[i] = Math.tanh(a[ao + i])
      return
    case 'exp':
      for (let i = 0; i < n; i++) o[i] = Math.exp(a[ao + i])
      return
    case 'log':
      for (let i = 0; i < n; i++) o[i] = Math.log(a[ao + i])
      return
    case 'neg':
      for (let i = 0; i < n; i++) o[i] = -a[ao + i]
      return
    case 'id':
      for (let i = 0; i < n; i++) o[i] = a[ao + i]
      return
    case 'one':
      o.fill(1, 0, n)
      return
    case 'sqrt':
      for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[ao + i])
      return
    case 'rsqrt':
      for (let i = 0; i < n; i++) o[i] = 1 / f(Math.sqrt(a[ao + i]))
      return
    case 'inv':
      for (let i = 0; i < n; i++) o[i] = 1 / a[ao + i]
      return
    case 'sq':
      for (let i = 0; i < n; i++) {
        const x = a[ao + i]
        o[i] = x * x
      }
      return
    case 'cube':
      for (let i = 0; i < n; i++) {
        const x = a[ao + i]
        o[i] = f(x * x) * x
      }
      return
    case 'invsq':
      for (let i = 0; i < n; i++) {
        const x = a[ao + i]
        o[i] = 1 / f(x * x)
      }
      return
    case 'pow':
      for (let i = 0; i < n; i++) o[i] = Math.pow(a[ao + i], e)
      return
  }
}

/**
 * sumGroups over a float32 source. The float32 twins (sumGroups32, sumColumns32) are copies on purpose: each
 * function then sees one array type and V8 keeps it monomorphic (one function fed both types summed a 200×32 block
 * in 7.2 µs against 6.2 µs, measured on this machine).
 */
export function sumGroups32(o: Float32Array, groups: number, R: number, src: Float32Array, off: number, rel: Int32Array | null): void {
  if (rel === null) {
    for (let k = 0, p = off; k < groups; k++) {
      let s = 0
      for (let r = 0; r < R; r++) s += src[p++]
      o[k] = s
    }
    return
  }
  for (let k = 0, p = 0; k < groups; k++) {
    let s = 0
    for (let r = 0; r < R; r++) s += src[off + rel[p++]]
    o[k] = s
  }
}

/** sumColumns over a float32 source (a twin kept apart: see sumGroups32). */
export function sumColumns32(o: Float32Array, rows: number, cols: number, src: Float32Array, off: number, acc: Float64Array): void {
  acc.fill(0, 0, cols)
  for (let r = 0; r < rows; r++) {
    const base = off + r * cols
    for (let c = 0; c < cols; c++) acc[c] += src[base + c]
  }
  for (let c = 0; c < cols; c++) o[c] = acc[c]
}

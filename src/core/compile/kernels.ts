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

/**
 * (n, k) @ (k, m) from double copies of the operands, each output accumulated in double over p in order and rounded
 * once, zero factors skipped: the engine's mmKernel.
 */
export function matmul(a: Float64Array, b: Float64Array, out: Buf, n: number, k: number, m: number, acc: Float64Array): void {
  for (let i = 0; i < n; i++) {
    acc.fill(0, 0, m)
    const ai = i * k
    for (let p = 0; p < k; p++) {
      const av = a[ai + p]
      if (av === 0) continue
      const bp = p * m
      for (let j = 0; j < m; j++) acc[j] += av * b[bp + j]
    }
    const oi = i * m
    for (let j = 0; j < m; j++) out[oi + j] = acc[j]
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

// Elementwise ops with PyTorch's broadcasting and type promotion; each forward rule sits beside its backward rule.
// Broadcasting's gradient (summing over broadcast axes) is done once, by the backward engine.

import { needsGrad, record } from './autograd'
import {
  allocate,
  cast,
  checkInt64,
  checkScalarFits,
  isFloating,
  isIntegral,
  isNarrowInt,
  resultTypeOf,
  scalarDType,
  scalarTypeName,
  scalarValue,
  wrapBigInt,
  wrapInt,
  type DType,
  type Scalar,
  type Storage
} from './dtype'
import { indexError, runtimeError, typeError } from './errors'
import { broadcastShapes, broadcastStrides, sameShape } from './shape'
import { Tensor, stridedOffsets } from './tensor'

export type Operand = Tensor | Scalar

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor
}

function dtypeOf(x: Operand): DType {
  return isTensor(x) ? x.dtype : scalarDType(x)
}

/** An operand as PyTorch's result_type sees it: its dtype and whether it is a dimensioned, zero-dim or scalar. */
export function standingOf(x: Operand): { dtype: DType; standing: 'dim' | 'zero' | 'scalar' } {
  return { dtype: dtypeOf(x), standing: !isTensor(x) ? 'scalar' : x.ndim === 0 ? 'zero' : 'dim' }
}

/** The result dtype of an op over tensors and Python scalars mixed (PyTorch's result_type). */
export function resultType(...xs: Operand[]): DType {
  return resultTypeOf(xs.map(standingOf))
}

/**
 * A Python scalar as an element of `dtype`: an int wraps to a narrow int's width exactly (int8 + 1000 adds -24, as
 * PyTorch does), anything else is cast.
 */
export function scalarAs(x: Scalar, dtype: DType): number {
  if (typeof x === 'bigint' && isNarrowInt(dtype)) return wrapBigInt(x, dtype)
  return cast(scalarValue(x), dtype)
}


/** Values of an operand read as `dtype` in a broadcast `shape`, as a flat array (fresh or the storage itself). */
export function readAs(x: Operand, shape: readonly number[], dtype: DType): ArrayLike<number> {
  if (isTensor(x) && x.dtype === dtype && x.isContiguous && sameShape(x.shape, shape)) return x.values()
  const n = shape.reduce((p, s) => p * s, 1)
  const out = allocate(dtype === 'bool' ? 'int64' : dtype, n)
  const r = reader(plain(x, shape, dtype))
  for (let i = 0; i < n; i++) out[i] = r(i)
  return out
}

/**
 * An operand as flat data for the loops below: a scalar (already cast), or storage with a base offset when it is
 * contiguous in the output's shape, or storage with one offset per output element (broadcast or strided).
 */
interface Plain {
  scalar: number | null
  data: ArrayLike<number>
  base: number
  offsets: Int32Array | null
}

function plain(x: Operand, shape: readonly number[], dtype: DType): Plain {
  if (!isTensor(x)) return { scalar: scalarAs(x, dtype), data: [], base: 0, offsets: null }
  if (dtype === 'float32' && x.dtype !== 'float32') {
    // ints and bools read as float32: convert once (exact for the small values indices and counts take)
    const src = x.toArray()
    const conv = new Float32Array(src.length)
    for (let i = 0; i < src.length; i++) conv[i] = src[i]
    x = Tensor.fromStorage(conv, x.shape, 'float32')
  }
  if (x.isContiguous && sameShape(x.shape, shape)) return { scalar: null, data: x.storage, base: x.offset, offsets: null }
  return { scalar: null, data: x.storage, base: 0, offsets: stridedOffsets(shape, broadcastStrides(x.shape, x.strides, shape), x.offset) }
}

/** The four arithmetic ops get loops of their own (the most common ops in learner code and the forward pass). */
type Arith = '+' | '-' | '*' | '/'

/** Element indices of a non-scalar operand in the output's order. */
function indices(p: Plain, n: number): Int32Array {
  if (p.offsets !== null) return p.offsets
  const idx = new Int32Array(n)
  for (let i = 0; i < n; i++) idx[i] = p.base + i
  return idx
}

/**
 * The float32 case of arithLoop with contiguous or scalar operands, in a function of its own: its loads and stores
 * only ever see Float32Arrays, so the engine compiles them as such (mixed array types make every access slow).
 */
function arithF32(op: Arith, o: Float32Array, n: number, a: Float32Array, ab: number, b: Float32Array | null, bb: number, y: number, swap: boolean): void {
  if (b !== null) {
    if (op === '+') for (let i = 0; i < n; i++) o[i] = a[ab + i] + b[bb + i]
    else if (op === '-') for (let i = 0; i < n; i++) o[i] = a[ab + i] - b[bb + i]
    else if (op === '*') for (let i = 0; i < n; i++) o[i] = a[ab + i] * b[bb + i]
    else for (let i = 0; i < n; i++) o[i] = a[ab + i] / b[bb + i]
  } else if (!swap) {
    if (op === '+') for (let i = 0; i < n; i++) o[i] = a[ab + i] + y
    else if (op === '-') for (let i = 0; i < n; i++) o[i] = a[ab + i] - y
    else if (op === '*') for (let i = 0; i < n; i++) o[i] = a[ab + i] * y
    else for (let i = 0; i < n; i++) o[i] = a[ab + i] / y
  } else {
    if (op === '+') for (let i = 0; i < n; i++) o[i] = y + a[ab + i]
    else if (op === '-') for (let i = 0; i < n; i++) o[i] = y - a[ab + i]
    else if (op === '*') for (let i = 0; i < n; i++) o[i] = y * a[ab + i]
    else for (let i = 0; i < n; i++) o[i] = y / a[ab + i]
  }
}

/** arithF32 for broadcast or strided float32 operands, read through per-element indices. */
function arithF32Indexed(op: Arith, o: Float32Array, n: number, a: Float32Array, ia: Int32Array, b: Float32Array, ib: Int32Array): void {
  if (op === '+') for (let i = 0; i < n; i++) o[i] = a[ia[i]] + b[ib[i]]
  else if (op === '-') for (let i = 0; i < n; i++) o[i] = a[ia[i]] - b[ib[i]]
  else if (op === '*') for (let i = 0; i < n; i++) o[i] = a[ia[i]] * b[ib[i]]
  else for (let i = 0; i < n; i++) o[i] = a[ia[i]] / b[ib[i]]
}

/** o = A op B for + - * / with no per-element function call (one plain loop per case). */
function arithLoop(op: Arith, o: Storage, n: number, A: Plain, B: Plain): void {
  if (o instanceof Float32Array) {
    const af = A.scalar === null && A.offsets === null && A.data instanceof Float32Array ? A.data : null
    const bf = B.scalar === null && B.offsets === null && B.data instanceof Float32Array ? B.data : null
    if (af !== null && bf !== null) return arithF32(op, o, n, af, A.base, bf, B.base, 0, false)
    if (af !== null && B.scalar !== null) return arithF32(op, o, n, af, A.base, null, 0, B.scalar, false)
    if (bf !== null && A.scalar !== null) return arithF32(op, o, n, bf, B.base, null, 0, A.scalar, true)
    if (A.scalar === null && B.scalar === null && A.data instanceof Float32Array && B.data instanceof Float32Array)
      return arithF32Indexed(op, o, n, A.data, indices(A, n), B.data, indices(B, n))
  }
  if (A.scalar !== null && B.scalar !== null) {
    const x = A.scalar
    const y = B.scalar
    o.fill(op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y)
    return
  }
  if (B.scalar !== null) {
    const d = A.data
    const ia = indices(A, n)
    const y = B.scalar
    if (op === '+') for (let i = 0; i < n; i++) o[i] = d[ia[i]] + y
    else if (op === '-') for (let i = 0; i < n; i++) o[i] = d[ia[i]] - y
    else if (op === '*') for (let i = 0; i < n; i++) o[i] = d[ia[i]] * y
    else for (let i = 0; i < n; i++) o[i] = d[ia[i]] / y
    return
  }
  if (A.scalar !== null) {
    const d = B.data
    const ib = indices(B, n)
    const x = A.scalar
    if (op === '+') for (let i = 0; i < n; i++) o[i] = x + d[ib[i]]
    else if (op === '-') for (let i = 0; i < n; i++) o[i] = x - d[ib[i]]
    else if (op === '*') for (let i = 0; i < n; i++) o[i] = x * d[ib[i]]
    else for (let i = 0; i < n; i++) o[i] = x / d[ib[i]]
    return
  }
  const ad = A.data
  const bd = B.data
  if (A.offsets === null && B.offsets === null) {
    const ab = A.base
    const bb = B.base
    if (op === '+') for (let i = 0; i < n; i++) o[i] = ad[ab + i] + bd[bb + i]
    else if (op === '-') for (let i = 0; i < n; i++) o[i] = ad[ab + i] - bd[bb + i]
    else if (op === '*') for (let i = 0; i < n; i++) o[i] = ad[ab + i] * bd[bb + i]
    else for (let i = 0; i < n; i++) o[i] = ad[ab + i] / bd[bb + i]
    return
  }
  const ia = indices(A, n)
  const ib = indices(B, n)
  if (op === '+') for (let i = 0; i < n; i++) o[i] = ad[ia[i]] + bd[ib[i]]
  else if (op === '-') for (let i = 0; i < n; i++) o[i] = ad[ia[i]] - bd[ib[i]]
  else if (op === '*') for (let i = 0; i < n; i++) o[i] = ad[ia[i]] * bd[ib[i]]
  else for (let i = 0; i < n; i++) o[i] = ad[ia[i]] / bd[ib[i]]
}

/**
 * f applied elementwise over the broadcast of a and b, computed in `compute` and stored as `out`. `arith` names
 * f when it is plain + - * / (not on bools), so the loop runs without a call per element.
 */
export function mapBinary(
  a: Operand,
  b: Operand,
  compute: DType,
  out: DType,
  f: (x: number, y: number) => number,
  arith?: Arith
): Tensor {
  const sa = isTensor(a) ? a.shape : []
  const sb = isTensor(b) ? b.shape : []
  const shape = broadcastShapes(sa, sb)
  const result = Tensor.zeros(shape, out)
  const o = result.storage
  const n = o.length
  const A = plain(a, shape, compute)
  const B = plain(b, shape, compute)
  const ad = A.data
  const bd = B.data
  if (arith !== undefined && compute !== 'bool') arithLoop(arith, o, n, A, B)
  // one loop per layout, so the hot path is a plain indexed loop (no per-element reader calls)
  else if (A.scalar === null && B.scalar === null && A.offsets === null && B.offsets === null) {
    const ab = A.base
    const bb = B.base
    for (let i = 0; i < n; i++) o[i] = f(ad[ab + i], bd[bb + i])
  } else if (A.scalar === null && A.offsets === null && B.scalar !== null) {
    const ab = A.base
    const y = B.scalar
    for (let i = 0; i < n; i++) o[i] = f(ad[ab + i], y)
  } else if (B.scalar === null && B.offsets === null && A.scalar !== null) {
    const bb = B.base
    const x = A.scalar
    for (let i = 0; i < n; i++) o[i] = f(x, bd[bb + i])
  } else {
    const ra = reader(A)
    const rb = reader(B)
    for (let i = 0; i < n; i++) o[i] = f(ra(i), rb(i))
  }
  // 0 * -3 is -0 in JavaScript but 0 in PyTorch's int64
  if (out === 'int64') for (let i = 0; i < n; i++) o[i] += 0
  if (compute === 'int64' && out === 'int64') checkInt64(o, n)
  return result
}

function reader(p: Plain): (i: number) => number {
  if (p.scalar !== null) {
    const v = p.scalar
    return () => v
  }
  const d = p.data
  const offs = p.offsets
  const base = p.base
  return offs === null ? (i) => d[base + i] : (i) => d[offs[i]]
}

/** f applied to every element, computed in `compute` and stored as `out`. */
export function mapUnary(a: Tensor, compute: DType, out: DType, f: (x: number) => number): Tensor {
  const result = Tensor.zeros(a.shape, out)
  const o = result.storage
  const n = o.length
  const A = plain(a, a.shape, compute)
  const d = A.data
  if (A.offsets === null) {
    const base = A.base
    for (let i = 0; i < n; i++) o[i] = f(d[base + i])
  } else {
    const offs = A.offsets
    for (let i = 0; i < n; i++) o[i] = f(d[offs[i]])
  }
  if (out === 'int64') for (let i = 0; i < n; i++) o[i] += 0
  if (compute === 'int64' && out === 'int64') checkInt64(o, n)
  return result
}

function toTensor(x: Operand): Tensor | null {
  return isTensor(x) ? x : null
}

// *** arithmetic ***

/** a + b */
export function add(a: Operand, b: Operand): Tensor {
  const dt = resultType(a, b)
  const out = mapBinary(a, b, dt, dt, dt === 'bool' ? (x, y) => (x || y ? 1 : 0) : (x, y) => x + y, '+')
  if (needsGrad(a, b)) record(out, 'add', [toTensor(a), toTensor(b)], (g) => [g, g])
  return out
}

/** a - b */
export function sub(a: Operand, b: Operand): Tensor {
  const dt = resultType(a, b)
  if (dt === 'bool')
    throw runtimeError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'
    )
  if (dtypeOf(a) === 'bool' || dtypeOf(b) === 'bool')
    throw runtimeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'
    )
  const out = mapBinary(a, b, dt, dt, (x, y) => x - y, '-')
  if (needsGrad(a, b)) record(out, 'sub', [toTensor(a), toTensor(b)], (g) => [g, neg(g)])
  return out
}

/** a * b */
export function mul(a: Operand, b: Operand): Tensor {
  const dt = resultType(a, b)
  // an int32 product wraps modulo 2^32 (Math.imul), where a double would round it first
  const out =
    dt === 'int32'
      ? mapBinary(a, b, dt, dt, Math.imul)
      : mapBinary(a, b, dt, dt, dt === 'bool' ? (x, y) => (x && y ? 1 : 0) : (x, y) => x * y, '*')
  if (needsGrad(a, b)) record(out, 'mul', [toTensor(a), toTensor(b)], (g) => [mul(g, b), mul(g, a)])
  return out
}

/** a / b, true division: ints are divided as floats. */
export function div(a: Operand, b: Operand): Tensor {
  let dt = resultType(a, b)
  if (!isFloating(dt)) dt = 'float32'
  const out = mapBinary(a, b, dt, dt, (x, y) => x / y, '/')
  if (needsGrad(a, b))
    record(out, 'div', [toTensor(a), toTensor(b)], (g) => [
      div(g, b),
      isTensor(b) ? mul(neg(g), div(div(a, b), b)) : null
    ])
  return out
}

/** a // b (floor division; an integer divided by zero raises, as in PyTorch). */
export function floorDivide(a: Operand, b: Operand): Tensor {
  const dt = resultType(a, b)
  if (isIntegral(dt))
    return mapBinary(a, b, dt, dt, (x, y) => {
      if (y === 0) throw runtimeError('ZeroDivisionError')
      return Math.floor(x / y)
    })
  return mapBinary(a, b, dt, dt, floorDivFloat32)
}

/**
 * PyTorch's float floor division (as Python's): the quotient of a - fmod(a, b), so 1 // 0.1 is 9 (while
 * floor(1 / 0.1) is 10), each step rounded to float32.
 */
function floorDivFloat32(x: number, y: number): number {
  const f = Math.fround
  if (y === 0) return x / y
  const mod = x % y
  let q = f(f(x - mod) / y)
  if (mod !== 0 && y < 0 !== mod < 0) q = f(q - 1)
  if (q === 0) return x / y < 0 || Object.is(x / y, -0) ? -0 : 0 // a zero quotient keeps the sign of x / y
  let fq = Math.floor(q)
  if (q - fq > 0.5) fq += 1
  return fq
}

/** a % b with Python's sign convention (the result takes the divisor's sign). */
export function remainder(a: Operand, b: Operand): Tensor {
  const dt = resultType(a, b)
  return mapBinary(a, b, dt, dt, (x, y) => {
    if (isIntegral(dt) && y === 0) throw runtimeError('ZeroDivisionError')
    const r = x % y
    return r !== 0 && r < 0 !== y < 0 ? r + y : r
  })
}

/** C's fmod(a, b), as torch.fmod: the result takes the dividend's sign (-5.5 fmod 2 is -1.5). */
export function fmod(a: Operand, b: Operand): Tensor {
  const dt = resultType(a, b)
  return mapBinary(a, b, dt, dt, (x, y) => {
    if (isIntegral(dt) && y === 0) throw runtimeError('ZeroDivisionError')
    return x % y
  })
}

/** -a */
export function neg(a: Tensor): Tensor {
  if (a.dtype === 'bool')
    throw runtimeError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'
    )
  const out = mapUnary(a, a.dtype, a.dtype, (x) => -x)
  if (needsGrad(a)) record(out, 'neg', [a], (g) => [neg(g)])
  return out
}

/** float32 `x ** e` for a scalar exponent, with PyTorch's special cases (sqrt, rsqrt, reciprocal, x*x, x*x*x). */
export function powScalarKernel(e: number): (x: number) => number {
  const f = Math.fround
  if (e === 0.5) return (x) => Math.sqrt(x)
  if (e === -0.5) return (x) => 1 / f(Math.sqrt(x))
  if (e === -1) return (x) => 1 / x
  if (e === 2) return (x) => x * x
  if (e === 3) return (x) => f(x * x) * x
  if (e === -2) return (x) => 1 / f(x * x)
  const fe = f(e)
  return (x) => Math.pow(x, fe)
}

/**
 * a ** b for tensors and scalars on either side. Gradients as PyTorch's pow_backward: none to the base where the
 * exponent is 0, none to the exponent where the base is 0 and the exponent >= 0 (instead of 0 * log 0 = NaN).
 */
export function pow(a: Operand, b: Operand): Tensor {
  if (isTensor(a) && !isTensor(b)) return powTensorScalar(a, b)
  const dt = resultType(a, b)
  const out = mapBinary(a, b, dt, dt, isIntegral(dt) ? (x, y) => intPow(x, y, dt) : (x, y) => Math.pow(x, y))
  if (needsGrad(a, b)) {
    const logBase = isTensor(a) ? null : Math.log(Math.fround(scalarValue(a)))
    record(out, 'pow', [toTensor(a), toTensor(b)], (g) => [
      isTensor(a) ? where(eq(b, 0), 0, mul(g, mul(b, pow(a, sub(b, 1))))) : null,
      mul(g, where(bitwiseAnd(eq(a, 0), ge(b, 0)), 0, mul(out, logBase ?? log(a as Tensor))))
    ])
  }
  return out
}

/** An integer power; a negative exponent gives 1 / x truncated (0 unless x is 1 or -1), as PyTorch's powi. */
function intPow(x: number, y: number, dt: DType): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y % 2 === 0 ? 1 : -1) : 0
  let r = 1
  // a narrow int wraps at every step, as its C loop does (3 ** 40 in int32 is 689956897)
  if (dt === 'int32') for (let i = 0; i < y; i++) r = Math.imul(r, x)
  else if (isNarrowInt(dt)) for (let i = 0; i < y; i++) r = wrapInt(r * x, dt)
  else for (let i = 0; i < y; i++) r *= x
  return r
}

function powTensorScalar(a: Tensor, b: Scalar): Tensor {
  const dt = resultType(a, b)
  const e = scalarValue(b)
  let out: Tensor
  if (isIntegral(dt)) {
    if (e < 0) throw runtimeError('Integers to negative integer powers are not allowed.')
    out = mapUnary(a, dt, dt, (x) => intPow(x, e, dt))
  } else if (e === 1) {
    out = mapUnary(a, dt, dt, (x) => x)
  } else if (e === 0) {
    out = mapUnary(a, dt, dt, () => 1)
  } else {
    out = mapUnary(a, dt, dt, powScalarKernel(e))
  }
  if (needsGrad(a))
    record(out, 'pow', [a], (g) => [e === 0 ? Tensor.zeros(g.shape) : mul(g, mul(powTensorScalar(a, e - 1), e))])
  return out
}

// *** unary math ***

function floatUnary(
  name: string,
  a: Tensor,
  f: (x: number) => number,
  backward: (g: Tensor, out: Tensor) => Tensor
): Tensor {
  const out = mapUnary(a, 'float32', 'float32', f)
  if (needsGrad(a)) record(out, name, [a], (g) => [backward(g, out)])
  return out
}

/** e^a */
export function exp(a: Tensor): Tensor {
  return floatUnary('exp', a, Math.exp, (g, out) => mul(g, out))
}

/** natural log */
export function log(a: Tensor): Tensor {
  return floatUnary('log', a, Math.log, (g) => div(g, a))
}

/** tanh, whose gradient is (1 - tanh²) · upstream */
export function tanh(a: Tensor): Tensor {
  return floatUnary('tanh', a, Math.tanh, (g, out) => tanhBackward(g, out))
}

/**
 * PyTorch's tanh_backward: g * (1 - y*y), where its CPU kernel computes 1 - y*y as one fused multiply-add (rounded
 * once; y*y of a float32 is exact in double, so this is that rounding). A hand-written (1.0 - h**2) * dh rounds
 * y*y first, which is why the lecture's dhpreact is approximate, not exact.
 */
export function tanhBackward(g: Tensor, y: Tensor): Tensor {
  const f = Math.fround
  return mapBinary(g, y, 'float32', 'float32', (gv, yv) => gv * f(1 - yv * yv))
}

export function sqrt(a: Tensor): Tensor {
  return floatUnary('sqrt', a, Math.sqrt, (g, out) => div(g, mul(out, 2)))
}

export function rsqrt(a: Tensor): Tensor {
  const f = Math.fround
  return floatUnary('rsqrt', a, (x) => 1 / f(Math.sqrt(x)), (g, out) => mul(mul(g, -0.5), powTensorScalar(out, 3)))
}

export function reciprocal(a: Tensor): Tensor {
  return floatUnary('reciprocal', a, (x) => 1 / x, (g, out) => mul(neg(g), mul(out, out)))
}

export function sigmoid(a: Tensor): Tensor {
  const f = Math.fround
  return floatUnary(
    'sigmoid',
    a,
    (x) => 1 / f(1 + f(Math.exp(-x))),
    (g, out) => mapBinary(g, out, 'float32', 'float32', (gv, y) => f(gv * f(1 - y)) * y)
  )
}

export function sin(a: Tensor): Tensor {
  return floatUnary('sin', a, Math.sin, (g) => mul(g, cos(a)))
}

export function cos(a: Tensor): Tensor {
  return floatUnary('cos', a, Math.cos, (g) => mul(g, neg(sin(a))))
}

export function log1p(a: Tensor): Tensor {
  return floatUnary('log1p', a, Math.log1p, (g) => div(g, add(a, 1)))
}

export function abs(a: Tensor): Tensor {
  const out = mapUnary(a, a.dtype, a.dtype, Math.abs)
  if (needsGrad(a)) record(out, 'abs', [a], (g) => [mul(g, sign(a))])
  return out
}

/** sign: 1, -1 or 0 (0 also for NaN and -0, as PyTorch's (0 < x) - (x < 0)); its gradient is 0. */
export function sign(a: Tensor): Tensor {
  const out = mapUnary(a, a.dtype, a.dtype, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0))
  if (needsGrad(a)) record(out, 'sign', [a], (g) => [Tensor.zeros(g.shape)])
  return out
}

export function relu(a: Tensor): Tensor {
  const out = mapUnary(a, a.dtype, a.dtype, (x) => (x > 0 ? x : x !== x ? x : 0))
  if (needsGrad(a)) record(out, 'relu', [a], (g) => [mapBinary(g, out, 'float32', 'float32', (gv, y) => (y > 0 ? gv : 0))])
  return out
}

/**
 * clamp(a, min, max); the gradient passes where the value was not clipped. The bounds take part in type promotion
 * as Python scalars (an int tensor clamped at 0.5 is float32), as in PyTorch 1.13.
 */
export function clamp(a: Tensor, min: Scalar | null, max: Scalar | null): Tensor {
  const bounds = [min, max].filter((s): s is Scalar => s !== null)
  const dt = resultType(a, ...bounds)
  for (const s of bounds) checkScalarFits(s, dt)
  const lo = min === null ? -Infinity : scalarAs(min, dt)
  const hi = max === null ? Infinity : scalarAs(max, dt)
  const out = mapUnary(a, dt, dt, (x) => (x !== x ? x : Math.min(Math.max(x, lo), hi)))
  if (needsGrad(a))
    record(out, 'clamp', [a], (g) => [mapBinary(g, a, 'float32', 'float32', (gv, x) => (x >= lo && x <= hi ? gv : 0))])
  return out
}

/** elementwise maximum of two tensors (gradient split evenly on ties, as PyTorch does) */
export function maximum(a: Operand, b: Operand): Tensor {
  return extremum(a, b, (x, y) => x > y, 'maximum')
}

export function minimum(a: Operand, b: Operand): Tensor {
  return extremum(a, b, (x, y) => x < y, 'minimum')
}

/**
 * PyTorch's rule: each side gets the gradient, halved on ties, zeroed where the other side wins; where either is
 * NaN neither side "wins", so both get all of it.
 */
function extremum(a: Operand, b: Operand, better: (x: number, y: number) => boolean, name: string): Tensor {
  const dt = resultType(a, b)
  const out = mapBinary(a, b, dt, dt, (x, y) => (x !== x || y !== y ? NaN : better(x, y) || x === y ? x : y))
  if (needsGrad(a, b)) {
    const share = (x: number, y: number) => (x === y ? 0.5 : better(y, x) ? 0 : 1)
    const wa = mapBinary(a, b, dt, 'float32', share)
    const wb = mapBinary(a, b, dt, 'float32', (x, y) => share(y, x))
    record(out, name, [toTensor(a), toTensor(b)], (g) => [mul(g, wa), mul(g, wb)])
  }
  return out
}

// *** comparisons and logic (no gradient) ***

function compare(a: Operand, b: Operand, f: (x: number, y: number) => boolean): Tensor {
  const dt = resultType(a, b)
  return mapBinary(a, b, dt, 'bool', (x, y) => (f(x, y) ? 1 : 0))
}

export const eq = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => x === y)
export const ne = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => x !== y)
export const lt = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => x < y)
export const le = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => x <= y)
export const gt = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => x > y)
export const ge = (a: Operand, b: Operand): Tensor => compare(a, b, (x, y) => x >= y)

function bitwise(a: Operand, b: Operand, f: (x: number, y: number) => number, sym: string): Tensor {
  const dt = resultType(a, b)
  if (dt === 'float32') throw runtimeError(`"bitwise_${sym}_cpu" not implemented for 'Float'`)
  return mapBinary(a, b, dt, dt, f)
}

export const bitwiseAnd = (a: Operand, b: Operand): Tensor => bitwise(a, b, (x, y) => x & y, 'and')
export const bitwiseOr = (a: Operand, b: Operand): Tensor => bitwise(a, b, (x, y) => x | y, 'or')
export const bitwiseXor = (a: Operand, b: Operand): Tensor => bitwise(a, b, (x, y) => x ^ y, 'xor')

/** ~a: logical not for bool tensors, bitwise not for ints. */
export function bitwiseNot(a: Tensor): Tensor {
  if (a.dtype === 'float32') throw typeError('~ (operator.invert) is only implemented on integer and Boolean-type tensors')
  return a.dtype === 'bool' ? mapUnary(a, 'bool', 'bool', (x) => (x ? 0 : 1)) : mapUnary(a, a.dtype, a.dtype, (x) => -x - 1)
}

/** logical_not: true where a is 0 (NaN counts as true, so gives false). */
export function logicalNot(a: Tensor): Tensor {
  return mapUnary(a, a.dtype, 'bool', (x) => (x === 0 ? 1 : 0))
}

export function isnan(a: Tensor): Tensor {
  return mapUnary(a, a.dtype, 'bool', (x) => (x !== x ? 1 : 0))
}

export function isinf(a: Tensor): Tensor {
  return mapUnary(a, a.dtype, 'bool', (x) => (x === Infinity || x === -Infinity ? 1 : 0))
}

/** where(cond, a, b): a where cond holds, else b; gradients go to the chosen side. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (cond.dtype !== 'bool')
    throw runtimeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(cond.dtype)}`
    )
  const dt = resultType(a, b)
  for (const s of [a, b]) if (!isTensor(s)) checkScalarFits(s, dt)
  const shape = broadcastShapes(broadcastShapes(cond.shape, isTensor(a) ? a.shape : []), isTensor(b) ? b.shape : [])
  const out = Tensor.zeros(shape, dt)
  const rc = readAs(cond, shape, 'int64')
  const ra = readAs(a, shape, dt)
  const rb = readAs(b, shape, dt)
  const o = out.storage
  for (let i = 0; i < o.length; i++) o[i] = rc[i] ? ra[i] : rb[i]
  if (needsGrad(a, b))
    record(out, 'where', [toTensor(a), toTensor(b)], (g) => [where(cond, g, 0), where(cond, 0, g)])
  return out
}

// *** dtype conversion ***

/** A copy converted to dtype (float → int truncates toward zero); float→float keeps the gradient. */
export function toDType(a: Tensor, dtype: DType): Tensor {
  // an int converted to a narrower int wraps (2**40 + 5 as int32 is 5); a float truncates (see floatToNarrow)
  const conv = isNarrowInt(dtype) && a.dtype !== 'float32' ? (x: number) => wrapInt(x, dtype) : (x: number) => cast(x, dtype)
  const out = mapUnary(a, a.dtype === 'float32' ? 'float32' : 'int64', dtype, conv)
  if (dtype === 'float32' && needsGrad(a) && a.dtype === 'float32') record(out, 'to', [a], (g) => [g])
  return out
}

/**
 * tril/triu: the entries on and below (tril) or on and above (triu) the `diagonal`-th diagonal of the last two
 * dims, the rest 0; through where, so the gradient reaches the kept entries only. PyTorch's error for < 2 dims.
 */
export function triangle(t: Tensor, diagonal: number, lower: boolean): Tensor {
  if (t.ndim === 0) throw indexError('Dimension specified as -2 but tensor has no dimensions')
  if (t.ndim < 2) throw indexError('Dimension out of range (expected to be in range of [-1, 0], but got -2)')
  const rows = t.shape[t.ndim - 2]
  const cols = t.shape[t.ndim - 1]
  const keep = new Array<number>(rows * cols)
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) keep[i * cols + j] = (lower ? j - i <= diagonal : j - i >= diagonal) ? 1 : 0
  return where(Tensor.fromValues(keep, [rows, cols], 'bool'), t, Tensor.fromValues([0], [], t.dtype))
}

// dtypes, their storage arrays, and PyTorch's type promotion: float32, the signed ints (int64, int32, int16, int8)
// and bool.

import { runtimeError } from './errors'

/** The narrower signed ints: stored in Int32Array/Int16Array/Int8Array, so every store wraps as C's ints do. */
export type NarrowInt = 'int32' | 'int16' | 'int8'
export type DType = 'float32' | 'int64' | NarrowInt | 'bool'
/**
 * int64 values are kept in a Float64Array: exact for |x| < 2^53, far beyond any index or count here. A Python int or an
 * int64 result past that is refused (`checkInt64`), never rounded. int32, int16 and int8 are kept in typed arrays of
 * their own width, whose stores wrap around (modulo 2^32, 2^16, 2^8) as PyTorch's arithmetic on them does.
 */
export type Storage = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array

/** A Python scalar as the interpreter hands it over: number is a float, bigint an int, boolean a bool. */
export type Scalar = number | bigint | boolean

/** PyTorch's promotion order: bool < int8 < int16 < int32 < int64 < float32 (the larger one wins). */
const RANK: Record<DType, number> = { bool: 0, int8: 1, int16: 2, int32: 3, int64: 4, float32: 5 }
const BY_RANK: DType[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'float32']
/** bool, integer, floating: a Python scalar or a zero-dim tensor only changes the dtype from a higher category. */
const CATEGORY: Record<DType, number> = { bool: 0, int8: 1, int16: 1, int32: 1, int64: 1, float32: 2 }
const BITS: Record<NarrowInt, number> = { int32: 32, int16: 16, int8: 8 }

/** Elements allowed in one tensor: keeps a learner's typo from exhausting memory (raised as a limit). */
export let maxElements = 50_000_000

export function setMaxElements(n: number): void {
  maxElements = n
}

/** A tensor bigger than the engine's element budget was requested. */
export class SizeLimitError extends Error {
  constructor(readonly elements: number) {
    super(`a tensor of ${elements.toLocaleString('en-US')} elements is larger than the limit of ${maxElements.toLocaleString('en-US')}`)
    this.name = 'SizeLimitError'
  }
}

let allocationGuard: ((n: number) => void) | null = null

/** Installs a check called with the size of every new storage (the interpreter's total element budget). */
export function setAllocationGuard(guard: ((n: number) => void) | null): ((n: number) => void) | null {
  const before = allocationGuard
  allocationGuard = guard
  return before
}

let workGuard: ((n: number, what: string) => void) | null = null

/**
 * Installs a check charged with the work an op is about to do (the interpreter's work budget): a matrix product
 * costs its multiply-adds, a list or string built by size its items. Returns the previous guard.
 */
export function setWorkGuard(guard: ((n: number, what: string) => void) | null): ((n: number, what: string) => void) | null {
  const before = workGuard
  workGuard = guard
  return before
}

/** Charges `n` units of work for `what` to the running program, before the work is done (so it may refuse it). */
export function chargeWork(n: number, what: string): void {
  workGuard?.(n, what)
}

let float32Source: ((n: number) => Float32Array | null) | null = null

/**
 * Installs where new float32 storage comes from (the compiler places a traced step's tensors in its kernels' memory);
 * null from the source, or no source, is a plain Float32Array. Returns the previous source.
 */
export function setFloat32Source(source: ((n: number) => Float32Array | null) | null): ((n: number) => Float32Array | null) | null {
  const before = float32Source
  float32Source = source
  return before
}

/** A new zeroed storage array for `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): Storage {
  // every op's output comes through here, also one computed from an expanded view that has no storage of its own
  if (n > maxElements) throw new SizeLimitError(n)
  allocationGuard?.(n)
  if (dtype === 'float32') return float32Source?.(n) ?? new Float32Array(n)
  if (dtype === 'int64') return new Float64Array(n)
  if (dtype === 'int32') return new Int32Array(n)
  if (dtype === 'int16') return new Int16Array(n)
  if (dtype === 'int8') return new Int8Array(n)
  return new Uint8Array(n)
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32'
}

/** int64, int32, int16 or int8 (not bool). */
export function isIntegral(dtype: DType): boolean {
  return CATEGORY[dtype] === 1
}

export function isNarrowInt(dtype: DType): dtype is NarrowInt {
  return dtype === 'int32' || dtype === 'int16' || dtype === 'int8'
}

/** An integer value wrapped to a narrow int's width (two's complement, as a C cast from a wider int). */
export function wrapInt(x: number, dtype: NarrowInt): number {
  if (dtype === 'int32') return x | 0
  if (dtype === 'int16') return (x << 16) >> 16
  return (x << 24) >> 24
}

/** A Python int wrapped to a narrow int's width, exactly (the int itself may be past 2^53). */
export function wrapBigInt(x: bigint, dtype: NarrowInt): number {
  int64Number(x)
  return Number(BigInt.asIntN(BITS[dtype], x))
}

/** The range of values a narrow int holds. */
export function intRange(dtype: NarrowInt): [number, number] {
  const b = BITS[dtype]
  return [-(2 ** (b - 1)), 2 ** (b - 1) - 1]
}

/** The element size in bytes (`element_size()`). */
export function itemSize(dtype: DType): number {
  return dtype === 'float32' || dtype === 'int32' ? 4 : dtype === 'int64' ? 8 : dtype === 'int16' ? 2 : 1
}

/** PyTorch's scalar type name in its messages: Float, Long, Int, Short, Char, Bool. */
export function scalarTypeName(dtype: DType): string {
  return { float32: 'Float', int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', bool: 'Bool' }[dtype]
}

/** The C type name some PyTorch messages use: float, long int, int, short int, signed char, bool. */
export function cTypeName(dtype: DType): string {
  return { float32: 'float', int64: 'long int', int32: 'int', int16: 'short int', int8: 'signed char', bool: 'bool' }[dtype]
}

/** The dtype a Python scalar would get as a tensor: float → float32, int → int64, bool → bool. */
export function scalarDType(s: Scalar): DType {
  if (typeof s === 'boolean') return 'bool'
  if (typeof s === 'bigint') return 'int64'
  return 'float32'
}

/** PyTorch's promote_types over tensors of equal standing: the highest in bool < int8 < ... < int64 < float32. */
export function promote(...dtypes: DType[]): DType {
  let r = 0
  for (const d of dtypes) r = Math.max(r, RANK[d])
  return BY_RANK[r]
}

/**
 * PyTorch's check where a Python scalar must fit the tensor's dtype (fill_, setitem, clamp and where bounds):
 * "value cannot be converted to type int without overflow" (int8_t, int16_t for the narrower ones).
 */
export function checkScalarFits(x: Scalar, dtype: DType): void {
  if (!isNarrowInt(dtype) || typeof x === 'number') return
  const v = scalarValue(x)
  const [lo, hi] = intRange(dtype)
  if (v < lo || v > hi) throw runtimeError(`value cannot be converted to type ${dtype === 'int32' ? 'int' : `${dtype}_t`} without overflow`)
}

/** PyTorch's canCast for in-place results: never to a lower category (float to an int, an int to bool). */
export function canCast(from: DType, to: DType): boolean {
  return CATEGORY[from] <= CATEGORY[to]
}

/** An operand's standing in PyTorch's result_type: a dimensioned tensor, a zero-dim tensor, a Python scalar. */
export type Standing = 'dim' | 'zero' | 'scalar'

/** PyTorch's combine_categories: the lower tier only counts when it is of a higher category (bool < int < float). */
function combine(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower
  if (lower === null) return higher
  return CATEGORY[lower] > CATEGORY[higher] ? promote(higher, lower) : higher
}

/**
 * PyTorch's result_type: dtypes are promoted within each standing, then a zero-dim tensor or a Python scalar only
 * changes the result when it is of a higher category (int32 + a Python int stays int32, + a float is float32;
 * an int32 tensor + an int64 zero-dim tensor stays int32). A Python scalar counts as its default dtype.
 */
export function resultTypeOf(operands: ReadonlyArray<{ dtype: DType; standing: Standing }>): DType {
  const tier: Record<Standing, DType | null> = { dim: null, zero: null, scalar: null }
  for (const o of operands) tier[o.standing] = tier[o.standing] === null ? o.dtype : promote(tier[o.standing]!, o.dtype)
  return combine(tier.dim, combine(tier.zero, tier.scalar)) ?? 'float32'
}

/** Rounds a JS number to what `dtype` stores (float32 rounding, truncation toward zero for ints, bool). */
export function cast(x: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(x)
  if (dtype === 'int64') {
    // NaN, infinities and values past int64 become INT64_MIN, as x86's conversion in PyTorch does
    if (!(Math.abs(x) < 2 ** 63)) return -(2 ** 63)
    return Math.trunc(x) + 0 // + 0 turns -0 into 0: integers have no negative zero
  }
  if (isNarrowInt(dtype)) return floatToNarrow(x, dtype)
  return x !== 0 ? 1 : 0
}

/**
 * A float converted to a narrow int as PyTorch does on x86: truncated to int32 (NaN, infinities and values past
 * int32 become INT32_MIN, cvttss2si's answer), then wrapped to the width (300.7 as int8 is 44).
 */
export function floatToNarrow(x: number, dtype: NarrowInt): number {
  const i = Math.abs(x) < 2 ** 31 ? Math.trunc(x) : -(2 ** 31)
  return wrapInt(i, dtype)
}

/** A Python scalar's numeric value; an int past int64 raises PyTorch's own error, as it does for any dtype. */
export function scalarValue(s: Scalar): number {
  if (typeof s === 'boolean') return s ? 1 : 0
  if (typeof s === 'bigint') return int64Number(s)
  return s
}

const INT64_MAX = 2n ** 63n - 1n

/** A Python int as an element: PyTorch's "Overflow when unpacking long" past int64's range. */
export function int64Number(x: bigint): number {
  if (x > INT64_MAX || x < -INT64_MAX - 1n) throw runtimeError('Overflow when unpacking long')
  return Number(x)
}

/** True when an int64 value is kept exactly in its Float64Array storage (every integer of magnitude below 2^53). */
export function int64Exact(x: number): boolean {
  return Math.abs(x) <= Number.MAX_SAFE_INTEGER
}

/** The error for an int64 value this app cannot keep exactly (it never rounds an integer silently). */
export function int64RangeError(value: string): Error {
  return runtimeError(
    `int64 value ${value} is outside ±(2^53 - 1): this app stores int64 tensors exactly only within ±2^53 ` +
      `(PyTorch's int64 reaches ±2^63), so it refuses the value rather than round it`
  )
}

/** Refuses int64 results that arithmetic took past ±2^53 (where a double starts to round). */
export function checkInt64(o: Storage, n: number): void {
  for (let i = 0; i < n; i++)
    if (!int64Exact(o[i])) throw int64RangeError(Number.isFinite(o[i]) ? `of about ${o[i].toExponential(3)}` : 'out of range')
}


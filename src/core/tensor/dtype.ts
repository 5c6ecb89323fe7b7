// dtypes, their storage arrays, and PyTorch's type promotion for the three dtypes the lecture uses.

import { runtimeError } from './errors'

export type DType = 'float32' | 'int64' | 'bool'
/**
 * int64 values are kept in a Float64Array: exact for |x| < 2^53, far beyond any index or count here. A Python int or an
 * int64 result past that is refused (`checkInt64`), never rounded.
 */
export type Storage = Float32Array | Float64Array | Uint8Array

/** A Python scalar as the interpreter hands it over: number is a float, bigint an int, boolean a bool. */
export type Scalar = number | bigint | boolean

const CATEGORY: Record<DType, number> = { bool: 0, int64: 1, float32: 2 }
const BY_CATEGORY: DType[] = ['bool', 'int64', 'float32']

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

/** A new zeroed storage array for `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): Storage {
  // every op's output comes through here, also one computed from an expanded view that has no storage of its own
  if (n > maxElements) throw new SizeLimitError(n)
  allocationGuard?.(n)
  if (dtype === 'float32') return new Float32Array(n)
  if (dtype === 'int64') return new Float64Array(n)
  return new Uint8Array(n)
}

export function isFloating(dtype: DType): boolean {
  return dtype === 'float32'
}

/** The dtype a Python scalar would get as a tensor: float → float32, int → int64, bool → bool. */
export function scalarDType(s: Scalar): DType {
  if (typeof s === 'boolean') return 'bool'
  if (typeof s === 'bigint') return 'int64'
  return 'float32'
}

/**
 * The result dtype of an op over tensors and Python scalars. With one dtype per category (bool < int < float),
 * PyTorch's rules (dimensioned tensors, zero-dim tensors, then wrapped scalars) reduce to the highest category.
 */
export function promote(...dtypes: DType[]): DType {
  let c = 0
  for (const d of dtypes) c = Math.max(c, CATEGORY[d])
  return BY_CATEGORY[c]
}

/** Rounds a JS number to what `dtype` stores (float32 rounding, int64 truncation toward zero, bool). */
export function cast(x: number, dtype: DType): number {
  if (dtype === 'float32') return Math.fround(x)
  if (dtype === 'int64') {
    // NaN, infinities and values past int64 become INT64_MIN, as x86's conversion in PyTorch does
    if (!(Math.abs(x) < 2 ** 63)) return -(2 ** 63)
    return Math.trunc(x) + 0 // + 0 turns -0 into 0: integers have no negative zero
  }
  return x !== 0 ? 1 : 0
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


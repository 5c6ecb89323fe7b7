// Python's operators over interpreter values: numbers follow Python (int is exact, / is true division), anything
// involving a tensor goes to the engine with PyTorch's broadcasting and promotion.

import * as T from '../../tensor'
import { Tensor } from '../../tensor'
import type { IndexItem } from '../../tensor'
import {
  ELLIPSIS,
  PyBuiltin,
  PyDict,
  PySet,
  PyDType,
  PyList,
  PyRange,
  PySlice,
  PyTuple,
  pyError,
  typeName,
  type PyValue
} from './values'
import { dictKey, dictSet } from './dicts'
import { checkLength, checkLengthOnly, LIMITS, limitError } from './runtime'
import { strAt, strLength, strSlice } from './strings'
import { PyClass } from './objects'
import { formatPercent } from './printf'

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '&' | '|' | '^' | '<<' | '>>'
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not'

/** The largest int, list, string or tensor a learner's expression may build (bits for ints, items otherwise). */


type Num = bigint | number | boolean

function isNum(v: PyValue): v is Num {
  return typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean'
}

function isScalar(v: PyValue): v is Num {
  return isNum(v)
}

/** bool behaves as int in arithmetic */
function asInt(v: bigint | boolean): bigint {
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v
}

function bitLength(n: bigint): number {
  return (n < 0n ? -n : n).toString(2).length
}

/** float(n) for an int in float arithmetic: exact rounding, or CPython's OverflowError past the largest double. */
function intToFloat(v: Num): number {
  if (typeof v === 'boolean') return +v
  if (typeof v === 'number') return v
  const x = Number(v)
  if (!Number.isFinite(x)) throw pyError('OverflowError', 'int too large to convert to float')
  return x
}

/**
 * int / int correctly rounded, as CPython computes it for any size: 10**400 / 10**399 is 10.0. The quotient is
 * taken with enough extra bits and a sticky bit, then rounded half to even at the double's last place (or at
 * 2**-1074 for a subnormal result).
 */
function intTrueDivide(x: bigint, y: bigint): number {
  const negative = x < 0n !== y < 0n
  const a = x < 0n ? -x : x
  const b = y < 0n ? -y : y
  if (a < 2n ** 53n && b < 2n ** 53n) return Number(x) / Number(y)
  if (a === 0n) return negative ? -0 : 0
  const e = bitLength(a) - bitLength(b)
  if (e > 1025) throw pyError('OverflowError', 'integer division result too large for a float')
  // N = floor(a * 2^k / b) has 56 or 57 bits
  const k = 56 - e
  const num = k >= 0 ? a << BigInt(k) : a
  const den = k >= 0 ? b : b << BigInt(-k)
  const n = num / den
  const sticky = num % den !== 0n
  const lead = bitLength(n) - 1 - k
  const quantum = Math.max(lead - 52, -1074)
  const drop = quantum + k
  let m = n >> BigInt(drop)
  const rest = n & ((1n << BigInt(drop)) - 1n)
  const half = 1n << BigInt(drop - 1)
  if (rest > half || (rest === half && (sticky || (m & 1n) === 1n))) m += 1n
  const r = Number(m) * 2 ** quantum
  if (!Number.isFinite(r)) throw pyError('OverflowError', 'integer division result too large for a float')
  return negative ? -r : r
}

function unsupported(op: string, a: PyValue, b: PyValue): Error {
  // a method where a value belongs is usually a missing (): `W2.t` for `W2.t()` or `W2.T`
  const callable = (v: PyValue) => v instanceof PyBuiltin && !(v instanceof PyClass)
  const called = callable(a) || callable(b) ? ` (the ${callable(a) ? 'left' : 'right'} operand is a function or method: did you forget its ()?)` : ''
  return pyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'${called}`)
}

/** Python's a op b. */
export function binaryOp(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  // str.__mod__ runs before the tensor's __rmod__ would: '%s' % t formats the tensor
  if (op === '%' && typeof a === 'string') return formatPercent(a, b)
  if (a instanceof Tensor || b instanceof Tensor) return tensorBinary(op, a, b)
  if (isNum(a) && isNum(b)) return numberBinary(op, a, b)
  return sequenceBinary(op, a, b)
}

function operand(v: PyValue, op: string, other: PyValue): T.Operand {
  if (v instanceof Tensor || isScalar(v)) return v
  throw unsupported(op, v, other)
}

function tensorBinary(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  // CPython names the left operand first, whichever of the two is wrong
  if (!(a instanceof Tensor || isScalar(a)) || !(b instanceof Tensor || isScalar(b))) throw unsupported(op, a, b)
  const x = operand(a, op, b)
  const y = operand(b, op, a)
  if (op === '<<' || op === '>>' || (op === '@' && (!(x instanceof Tensor) || !(y instanceof Tensor)))) throw unsupported(op, a, b)
  return T.applyOp(op, x, y)
}

function numberBinary(op: BinaryOp, a: Num, b: Num): PyValue {
  const bothInt = typeof a !== 'number' && typeof b !== 'number'
  if (bothInt) {
    const x = asInt(a)
    const y = asInt(b)
    if (typeof a === 'boolean' && typeof b === 'boolean' && (op === '&' || op === '|' || op === '^')) {
      const r = op === '&' ? a && b : op === '|' ? a || b : a !== b
      return r
    }
    switch (op) {
      case '+': return checkInt(x + y)
      case '-': return checkInt(x - y)
      case '*':
        if (bitLength(x) + bitLength(y) > LIMITS.intBits) throw limitError('this integer is too large to compute here')
        return x * y
      case '/':
        if (y === 0n) throw pyError('ZeroDivisionError', 'division by zero')
        return intTrueDivide(x, y)
      case '//':
        if (y === 0n) throw pyError('ZeroDivisionError', 'integer division or modulo by zero')
        return floorDivInt(x, y)
      case '%':
        if (y === 0n) throw pyError('ZeroDivisionError', 'integer division or modulo by zero')
        return x - floorDivInt(x, y) * y
      case '**':
        if (y < 0n) {
          if (x === 0n) throw pyError('ZeroDivisionError', '0.0 cannot be raised to a negative power')
          return Math.pow(Number(x), Number(y))
        }
        if (x === 0n || x === 1n || x === -1n) return x === -1n ? (y % 2n === 0n ? 1n : -1n) : x
        if (bitLength(x) * Number(y) > LIMITS.intBits)
          throw limitError(`${x} ** ${y} is too large to compute here (more than ${LIMITS.intBits} bits)`)
        return x ** y
      case '&': return x & y
      case '|': return x | y
      case '^': return x ^ y
      case '<<':
        if (y < 0n) throw pyError('ValueError', 'negative shift count')
        if (bitLength(x) + Number(y) > LIMITS.intBits) throw limitError('this integer is too large to compute here')
        return x << y
      case '>>':
        if (y < 0n) throw pyError('ValueError', 'negative shift count')
        return x >> y
      case '@':
        throw unsupported('@', a, b)
    }
  }
  const x = intToFloat(a)
  const y = intToFloat(b)
  switch (op) {
    case '+': return x + y
    case '-': return x - y
    case '*': return x * y
    case '/':
      if (y === 0) throw pyError('ZeroDivisionError', 'float division by zero')
      return x / y
    case '//':
      if (y === 0) throw pyError('ZeroDivisionError', 'float floor division by zero')
      return Math.floor(x / y)
    case '%': {
      if (y === 0) throw pyError('ZeroDivisionError', 'float modulo')
      const r = x % y
      return r !== 0 && r < 0 !== y < 0 ? r + y : r
    }
    case '**': {
      if (x === 0 && y < 0) throw pyError('ZeroDivisionError', '0.0 cannot be raised to a negative power')
      if (x < 0 && !Number.isInteger(y))
        throw pyError('ValueError', 'a negative number to a fractional power gives a complex number, which is not supported here')
      const r = Math.pow(x, y)
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y))
        throw pyError('OverflowError', '(34, \'Numerical result out of range\')')
      return r
    }
    default:
      throw unsupported(op, a, b)
  }
}

function checkInt(v: bigint): bigint {
  if (bitLength(v) > LIMITS.intBits) throw limitError('this integer is too large to compute here')
  return v
}

function floorDivInt(x: bigint, y: bigint): bigint {
  const q = x / y
  return (x % y !== 0n) && ((x < 0n) !== (y < 0n)) ? q - 1n : q
}

function repeatCount(n: PyValue): number {
  if (typeof n !== 'bigint' && typeof n !== 'boolean')
    throw pyError('TypeError', `can't multiply sequence by non-int of type '${typeName(n)}'`)
  const k = asInt(n)
  return k < 0n ? 0 : k > BigInt(LIMITS.items) ? LIMITS.items + 1 : Number(k)
}

function sequenceBinary(op: BinaryOp, a: PyValue, b: PyValue): PyValue {
  if (a instanceof PySet && b instanceof PySet && (op === '|' || op === '&' || op === '-' || op === '^')) {
    const out = new PySet()
    const keep = (key: string, k: PyValue) => out.entries.set(key, [k, k])
    if (op === '|') for (const s of [a, b]) for (const [key, [k]] of s.entries) keep(key, k)
    if (op === '&') for (const [key, [k]] of a.entries) if (b.entries.has(key)) keep(key, k)
    if (op === '-' || op === '^') for (const [key, [k]] of a.entries) if (!b.entries.has(key)) keep(key, k)
    if (op === '^') for (const [key, [k]] of b.entries) if (!a.entries.has(key)) keep(key, k)
    return out
  }
  if (a instanceof PySet || b instanceof PySet) throw unsupported(op, a, b)
  if (op === '|' && a instanceof PyDict && b instanceof PyDict) {
    const merged = new PyDict()
    for (const [key, entry] of a.entries) merged.entries.set(key, [entry[0], entry[1]])
    for (const [k, v] of b.entries.values()) dictSet(merged, k, v)
    return merged
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return checkLengthOnly(a.length + b.length) && a + b
    if (a instanceof PyList && b instanceof PyList) return checkLength(a.items.length + b.items.length) && new PyList([...a.items, ...b.items])
    if (a instanceof PyTuple && b instanceof PyTuple)
      return checkLength(a.items.length + b.items.length) && new PyTuple([...a.items, ...b.items], a.kind === 'size' && b.kind === 'size' ? 'size' : 'tuple')
  }
  if (op === '*') {
    const [seq, n] = typeof a === 'bigint' || typeof a === 'boolean' ? [b, a] : [a, b]
    if (typeof seq === 'string' || seq instanceof PyList || seq instanceof PyTuple) {
      const k = repeatCount(n)
      const len = typeof seq === 'string' ? seq.length : seq.items.length
      checkLength(len * k)
      if (typeof seq === 'string') return seq.repeat(k)
      const items: PyValue[] = []
      for (let i = 0; i < k; i++) items.push(...seq.items)
      return seq instanceof PyList ? new PyList(items) : new PyTuple(items)
    }
  }
  if (op === '%' && typeof a === 'string') return formatPercent(a, b)
  throw unsupported(op, a, b)
}


/** Python's unary -x, +x, ~x. */
export function unaryOp(op: '-' | '+' | '~', v: PyValue): PyValue {
  if (v instanceof Tensor) {
    if (op === '-') return T.neg(v)
    if (op === '+') return v
    return T.bitwiseNot(v)
  }
  if (typeof v === 'boolean') v = v ? 1n : 0n
  if (typeof v === 'bigint') return op === '-' ? -v : op === '+' ? v : -v - 1n
  if (typeof v === 'number') {
    if (op === '~') throw pyError('TypeError', "bad operand type for unary ~: 'float'")
    return op === '-' ? -v : v
  }
  throw pyError('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`)
}

/** Python's a op b for comparisons (tensors compare elementwise and give bool tensors). */
export function compareOp(op: CompareOp, a: PyValue, b: PyValue): PyValue {
  switch (op) {
    case 'is': return identical(a, b)
    case 'is not': return !identical(a, b)
    case 'in': return contains(b, a)
    case 'not in': return !contains(b, a)
  }
  if (a instanceof Tensor || b instanceof Tensor) {
    if (op === '==' || op === '!=') {
      if (!(a instanceof Tensor && (b instanceof Tensor || isScalar(b))) && !(b instanceof Tensor && isScalar(a)))
        return op === '!='
    }
    const x = operand(a, op, b)
    const y = operand(b, op, a)
    switch (op) {
      case '==': return T.eq(x, y)
      case '!=': return T.ne(x, y)
      case '<': return T.lt(x, y)
      case '<=': return T.le(x, y)
      case '>': return T.gt(x, y)
      case '>=': return T.ge(x, y)
    }
  }
  if (op === '==') return equal(a, b)
  if (op === '!=') return !equal(a, b)
  const c = order(a, b, op)
  switch (op) {
    case '<': return c < 0
    case '<=': return c <= 0
    case '>': return c > 0
    case '>=': return c >= 0
  }
}

function identical(a: PyValue, b: PyValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b)
  return a === b
}

/** Python equality for non-tensor values. */
export function equal(a: PyValue, b: PyValue): boolean {
  if (isNum(a) && isNum(b)) return numCompare(a, b) === 0
  if (typeof a === 'string' || typeof b === 'string') return a === b
  const sa = a instanceof PyList ? a.items : a instanceof PyTuple ? a.items : null
  const sb = b instanceof PyList ? b.items : b instanceof PyTuple ? b.items : null
  if (sa && sb) {
    if (a instanceof PyList !== b instanceof PyList) return false
    return sa.length === sb.length && sa.every((x, i) => {
      const r = x instanceof Tensor || sb[i] instanceof Tensor ? compareOp('==', x, sb[i]) : equal(x, sb[i])
      return r instanceof Tensor ? r.numel === 1 ? r.item() !== 0 : (() => { throw pyError('RuntimeError', 'Boolean value of Tensor with more than one value is ambiguous') })() : r
    })
  }
  if (a instanceof PyRange && b instanceof PyRange) return a.start === b.start && a.stop === b.stop && a.step === b.step
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.entries.size !== b.entries.size) return false
    for (const [key, [, va]] of a.entries) {
      const other = b.entries.get(key)
      if (other === undefined) return false
      // as CPython's PyObject_RichCompareBool: the same object is equal without asking it
      if (va === other[1]) continue
      const r = va instanceof Tensor || other[1] instanceof Tensor ? compareOp('==', va, other[1]) : equal(va, other[1])
      if (r instanceof Tensor) {
        if (r.numel !== 1) throw pyError('RuntimeError', 'Boolean value of Tensor with more than one value is ambiguous')
        if (r.item() === 0) return false
      } else if (!r) return false
    }
    return true
  }
  if (a instanceof PyDType && b instanceof PyDType) return a.dtype === b.dtype
  return a === b
}

function numCompare(a: Num, b: Num): number {
  const x = typeof a === 'boolean' ? (a ? 1n : 0n) : a
  const y = typeof b === 'boolean' ? (b ? 1n : 0n) : b
  if (x !== x || y !== y) return NaN
  return x < y ? -1 : x > y ? 1 : 0
}

function order(a: PyValue, b: PyValue, op: string): number {
  if (isNum(a) && isNum(b)) return numCompare(a, b)
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  const sa = a instanceof PyList ? a.items : a instanceof PyTuple ? a.items : null
  const sb = b instanceof PyList ? b.items : b instanceof PyTuple ? b.items : null
  if (sa && sb && a instanceof PyList === b instanceof PyList) {
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      if (!equal(sa[i], sb[i])) return order(sa[i], sb[i], op)
    }
    return sa.length - sb.length
  }
  throw pyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`)
}

function contains(container: PyValue, item: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw pyError('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`)
    return container.includes(item)
  }
  if (container instanceof PyList || container instanceof PyTuple) return container.items.some((x) => equal(x, item))
  if (container instanceof PyRange) {
    if (typeof item !== 'bigint' && typeof item !== 'boolean') return false
    const k = asInt(item)
    const { start, step } = container
    const i = (k - start) / step
    return (k - start) % step === 0n && i >= 0n && i < container.length
  }
  if (container instanceof PyDict) return container.entries.has(dictKey(item))
  if (container instanceof Tensor) {
    if (!(item instanceof Tensor) && !isScalar(item)) throw pyError('TypeError', 'Tensor.__contains__ only supports Tensor or scalar')
    const e = T.eq(container, item)
    return T.sum(e).item() > 0
  }
  throw pyError('TypeError', `argument of type '${typeName(container)}' is not iterable`)
}

// *** subscripts ***

function normIndex(i: bigint | boolean, len: number, what: string): number {
  let k = Number(asInt(i))
  if (k < 0) k += len
  if (k < 0 || k >= len) throw pyError('IndexError', `${what} index out of range`)
  return k
}

function sliceBound(v: PyValue): number | null {
  if (v === null) return null
  if (typeof v === 'bigint' || typeof v === 'boolean') return Number(asInt(v))
  if (v instanceof Tensor && v.ndim === 0 && v.dtype !== 'float32') return v.item()
  throw pyError('TypeError', 'slice indices must be integers or None or have an __index__ method')
}

/** Python's slice.indices(len): concrete start, stop, step. */
export function sliceIndices(s: PySlice, len: number): [number, number, number] {
  const step = sliceBound(s.step) ?? 1
  if (step === 0) throw pyError('ValueError', 'slice step cannot be zero')
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt
    if (v < 0) v += len
    return Math.min(Math.max(v, lo), hi)
  }
  const start = step > 0 ? clamp(sliceBound(s.start), 0, 0, len) : clamp(sliceBound(s.start), len - 1, -1, len - 1)
  const stop = step > 0 ? clamp(sliceBound(s.stop), len, 0, len) : clamp(sliceBound(s.stop), -1, -1, len - 1)
  return [start, stop, step]
}

function sliceItems<X>(items: readonly X[], s: PySlice): X[] {
  const [start, stop, step] = sliceIndices(s, items.length)
  const out: X[] = []
  if (step > 0) for (let i = start; i < stop; i += step) out.push(items[i])
  else for (let i = start; i > stop; i += step) out.push(items[i])
  return out
}

/** One element of a tensor index (PyTorch's rules: 0-dim int tensors act as ints, lists become index tensors). */
function indexItem(v: PyValue): IndexItem {
  if (typeof v === 'bigint') return { kind: 'int', value: Number(v) }
  if (typeof v === 'boolean') return { kind: 'bool', value: v }
  if (v === null) return { kind: 'none' }
  if (v === ELLIPSIS) return { kind: 'ellipsis' }
  if (v instanceof PySlice)
    return { kind: 'slice', start: sliceBound(v.start), stop: sliceBound(v.stop), step: stepOf(v.step) }
  if (v instanceof Tensor) {
    // a 0-dim int tensor indexing a tensor stays data (the compiler replays it as a data-dependent index)
    if (v.ndim === 0 && T.isIntegral(v.dtype)) return { kind: 'int', value: v.storage[v.offset] }
    return { kind: 'tensor', tensor: v }
  }
  if (v instanceof PyList || v instanceof PyRange || v instanceof PyTuple) return { kind: 'tensor', tensor: toIndexTensor(v) }
  throw pyError(
    'IndexError',
    'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got ' + typeName(v) + ')'
  )
}

function stepOf(v: PyValue): number | null {
  const s = sliceBound(v)
  if (s !== null && s <= 0) throw pyError('ValueError', 'step must be greater than zero')
  return s
}

function toIndexTensor(v: PyList | PyRange | PyTuple): Tensor {
  if (v instanceof PyRange) {
    const n = Number(v.length)
    if (n > LIMITS.items) throw limitError('this range is too long to index with')
    const data = new Float64Array(n)
    for (let i = 0; i < n; i++) data[i] = Number(v.at(BigInt(i)))
    return Tensor.fromStorage(data, [n], 'int64')
  }
  return T.indexTensorFromList(toNested(v))
}

/** A nested list/tuple/range of numbers as the engine's NestedData. */
export function toNested(v: PyValue): T.NestedData {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(toNested)
  if (v instanceof PyRange) {
    const out: bigint[] = []
    for (let i = 0n; i < v.length; i++) out.push(v.at(i))
    return out
  }
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Tensor) return v
  throw pyError('TypeError', `can't convert ${typeName(v)} to a tensor element`)
}

function tensorIndex(index: PyValue): IndexItem[] {
  return index instanceof PyTuple ? index.items.map(indexItem) : [indexItem(index)]
}

/** container[index] */
export function getSubscript(container: PyValue, index: PyValue): PyValue {
  if (container instanceof Tensor) return T.getItem(container, tensorIndex(index))
  if (typeof container === 'string') {
    // by code point, without copying the string into an array on every s[i]
    const len = strLength(container)
    if (index instanceof PySlice) {
      const [start, stop, step] = sliceIndices(index, len)
      return strSlice(container, start, stop, step)
    }
    if (index instanceof Tensor && index.ndim === 0 && T.isIntegral(index.dtype)) index = BigInt(index.item())
    if (typeof index !== 'bigint' && typeof index !== 'boolean')
      throw pyError('TypeError', `string indices must be integers or slices, not ${typeName(index)}`)
    return strAt(container, normIndex(index, len, 'string'))
  }
  if (container instanceof PyList || container instanceof PyTuple) {
    const items: readonly PyValue[] = container.items
    const what = container instanceof PyList ? 'list' : container instanceof PyTuple ? 'tuple' : 'string'
    if (index instanceof PySlice) {
      const part = sliceItems(items, index)
      if (typeof container === 'string') return part.join('')
      return container instanceof PyList ? new PyList(part) : new PyTuple(part, container.kind === 'size' ? 'size' : 'tuple')
    }
    if (index instanceof Tensor && index.ndim === 0 && T.isIntegral(index.dtype)) index = BigInt(index.item())
    if (typeof index !== 'bigint' && typeof index !== 'boolean')
      throw pyError('TypeError', `${what} indices must be integers or slices, not ${typeName(index)}`)
    return items[normIndex(index, items.length, what)]
  }
  if (container instanceof PyRange) {
    if (typeof index !== 'bigint' && typeof index !== 'boolean')
      throw pyError('TypeError', `range indices must be integers or slices, not ${typeName(index)}`)
    const len = Number(container.length)
    return container.at(BigInt(normIndex(index, len, 'range object')))
  }
  if (container instanceof PySet) throw pyError('TypeError', "'set' object is not subscriptable")
  if (container instanceof PyDict) {
    const hit = container.entries.get(dictKey(index))
    if (hit === undefined) throw pyError('KeyError', typeof index === 'string' ? `'${index}'` : String(index))
    return hit[1]
  }
  throw pyError('TypeError', `'${typeName(container)}' object is not subscriptable`)
}

/** container[index] = value */
export function setSubscript(container: PyValue, index: PyValue, value: PyValue): void {
  if (container instanceof Tensor) {
    let v: Tensor | T.Scalar
    if (value instanceof Tensor || isScalar(value)) v = value
    else if (value instanceof PyList || value instanceof PyTuple) v = T.tensorFrom(toNested(value))
    else throw pyError('TypeError', `can't assign a ${typeName(value)} to a torch.FloatTensor`)
    T.setItem(container, tensorIndex(index), v)
    return
  }
  if (container instanceof PyList) {
    if (index instanceof PySlice) {
      throw pyError('TypeError', 'slice assignment to lists is not supported here')
    }
    if (typeof index !== 'bigint' && typeof index !== 'boolean')
      throw pyError('TypeError', `list indices must be integers or slices, not ${typeName(index)}`)
    container.items[normIndex(index, container.items.length, 'list assignment')] = value
    return
  }
  if (container instanceof PySet) throw pyError('TypeError', "'set' object does not support item assignment")
  if (container instanceof PyDict) {
    dictSet(container, index, value)
    return
  }
  throw pyError('TypeError', `'${typeName(container)}' object does not support item assignment`)
}

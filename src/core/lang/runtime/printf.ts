// printf-style formatting, `'%5.2f' % x`, as CPython 3.11's str.__mod__ does it: conversions s r a d i u o x X
// e E f F g G c and %%, flags - + space # 0, widths and precisions (also `*`), `%(key)s` mapping keys, and
// CPython's TypeErrors and ValueErrors word for word.

import { Tensor } from '../../tensor'
import { formatValue } from './format-spec'
import { dictKey } from './dicts'
import { intToDecimal, LIMITS, limitError } from './runtime'
import { repr, str } from './repr'
import { PyDict, PyList, PyRange, PyTuple, pyError, realValue, typeName, type PyValue } from './values'
import { strLength } from './strings'

/** A conversion's flags, width and precision, as parsed after its `%`. */
interface Conversion {
  left: boolean
  sign: '' | '+' | ' '
  alt: boolean
  zero: boolean
  width: number
  precision: number | null
}

/** Digits of a double past these are zeros ('f') or beyond what this app computes ('e', 'g'). */
const MAX_FIXED_DIGITS = 1100
const MAX_SIGNIFICANT_DIGITS = 800

/** A width or precision the result could not hold: the limit every oversized string gets. */
function checkSize(n: number, what: string): void {
  if (n > LIMITS.items)
    throw limitError(`a format ${what} of ${n.toLocaleString('en-US')} is larger than the limit of ${LIMITS.items.toLocaleString('en-US')} characters`)
}

/** What `%(key)s` looks the key up in: dicts by key; other mappings (list, range, tensor) refuse a str index. */
function lookup(mapping: PyValue, key: string): PyValue {
  if (mapping instanceof PyDict) {
    const entry = mapping.entries.get(dictKey(key))
    if (entry === undefined) throw pyError('KeyError', repr(key))
    return entry[1]
  }
  if (mapping instanceof Tensor) throw pyError('TypeError', "new(): invalid data type 'str'")
  throw pyError('TypeError', `${typeName(mapping)} indices must be integers or slices, not str`)
}

/** Whether CPython sees `v` as a mapping here (anything subscriptable but a tuple or a str). */
function isMapping(v: PyValue): boolean {
  return v instanceof PyDict || v instanceof PyList || v instanceof PyRange || v instanceof Tensor
}

/** A one-element tensor's value, as `int(t)`/`float(t)` read it. */
function tensorScalar(t: Tensor): number {
  if (t.numel !== 1) throw pyError('ValueError', 'only one element tensors can be converted to Python scalars')
  return t.item()
}

/** `%d`'s int: ints and bools as they are, floats (and float tensors) truncated. */
function realToInt(v: PyValue, conv: string): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'boolean') return v ? 1n : 0n
  let x: number
  if (typeof v === 'number') x = v
  else if (v instanceof Tensor) {
    const value = tensorScalar(v)
    if (v.dtype !== 'float32') return BigInt(value)
    x = value
  } else throw pyError('TypeError', `%${conv} format: a real number is required, not ${typeName(v)}`)
  if (Number.isNaN(x)) throw pyError('ValueError', 'cannot convert float NaN to integer')
  if (!Number.isFinite(x)) throw pyError('OverflowError', 'cannot convert float infinity to integer')
  return BigInt(Math.trunc(x))
}

/** `%x`/`%o`/`%c`'s int: only what has `__index__` (ints, bools, one-element integer tensors). */
function indexToInt(v: PyValue, conv: string): bigint | null {
  if (typeof v === 'bigint') return v
  if (typeof v === 'boolean') return v ? 1n : 0n
  if (v instanceof Tensor && v.dtype !== 'float32') {
    if (v.numel !== 1) throw pyError('TypeError', 'only integer tensors of a single element can be converted to an index')
    return BigInt(v.item())
  }
  if (conv === 'c') return null
  throw pyError('TypeError', `%${conv} format: an integer is required, not ${typeName(v)}`)
}

/** `%f`'s float: ints (exactly, or OverflowError), floats, bools, one-element tensors. */
function toReal(v: PyValue): number {
  const x = realValue(v)
  if (x === null) throw pyError('TypeError', `must be real number, not ${typeName(v)}`)
  return x
}

/** ascii(v): repr with every non-ASCII character escaped. */
function ascii(v: PyValue): string {
  let out = ''
  for (const ch of repr(v)) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out += ch
    else if (c < 0x100) out += `\\x${c.toString(16).padStart(2, '0')}`
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`
    else out += `\\U${c.toString(16).padStart(8, '0')}`
  }
  return out
}

/** Pads `sign + prefix + digits` to the width: left with '-', zeros after the prefix with '0', else spaces. */
function padNumber(sign: string, prefix: string, digits: string, c: Conversion): string {
  const length = sign.length + prefix.length + digits.length
  if (c.width <= length) return sign + prefix + digits
  const room = c.width - length
  if (c.left) return sign + prefix + digits + ' '.repeat(room)
  if (c.zero) return sign + prefix + '0'.repeat(room) + digits
  return ' '.repeat(room) + sign + prefix + digits
}

function padText(text: string, c: Conversion): string {
  const room = c.width - strLength(text)
  if (room <= 0) return text
  return c.left ? text + ' '.repeat(room) : ' '.repeat(room) + text
}

function formatInteger(v: bigint, conv: string, c: Conversion): string {
  const negative = v < 0n
  const a = negative ? -v : v
  let digits = conv === 'o' ? a.toString(8) : conv === 'x' || conv === 'X' ? a.toString(16) : intToDecimal(a)
  if (conv === 'X') digits = digits.toUpperCase()
  if (c.precision !== null && digits.length < c.precision) digits = '0'.repeat(c.precision - digits.length) + digits
  const prefix = !c.alt ? '' : conv === 'o' ? '0o' : conv === 'x' ? '0x' : conv === 'X' ? '0X' : ''
  return padNumber(negative ? '-' : c.sign, prefix, digits, c)
}

function formatReal(x: number, conv: string, c: Conversion): string {
  const negative = x < 0 || Object.is(x, -0)
  let p = c.precision ?? 6
  let zeros = 0
  const lower = conv.toLowerCase()
  if (Number.isFinite(x)) {
    if (lower === 'f' && p > MAX_FIXED_DIGITS) {
      // every decimal digit of a double past the 1074th is 0
      zeros = p - MAX_FIXED_DIGITS
      p = MAX_FIXED_DIGITS
    } else if (lower !== 'f' && p > MAX_SIGNIFICANT_DIGITS)
      throw limitError(`a precision of ${p.toLocaleString('en-US')} digits in %${conv} is beyond the ${MAX_SIGNIFICANT_DIGITS} this app formats`)
  }
  let body = formatValue(Math.abs(x), `${c.alt ? '#' : ''}.${p}${conv}`) + '0'.repeat(zeros)
  if (Number.isNaN(x)) body = conv === conv.toUpperCase() ? 'NAN' : 'nan'
  // '#' always keeps the point, also before an exponent: '%#.0e' % 5 is '5.e+00'
  else if (c.alt && Number.isFinite(x) && !body.includes('.')) body = body.replace(/(?=[eE])|$/u, '.')
  return padNumber(negative && !Number.isNaN(x) ? '-' : c.sign, '', body, c)
}

function formatChar(v: PyValue, c: Conversion): string {
  if (typeof v === 'string') {
    if (strLength(v) !== 1) throw pyError('TypeError', '%c requires int or char')
    return padText(v, c)
  }
  const code = indexToInt(v, 'c')
  if (code === null) throw pyError('TypeError', '%c requires int or char')
  if (code < 0n || code >= 0x110000n) throw pyError('OverflowError', '%c arg not in range(0x110000)')
  return padText(String.fromCodePoint(Number(code)), c)
}

/** `fmt % args` for a str `fmt`. */
export function formatPercent(fmt: string, args: PyValue): string {
  const chars = [...fmt]
  const tuple = args instanceof PyTuple ? args.items : null
  const mapping = tuple === null && isMapping(args) ? args : null
  // CPython's counters: a lone argument is "one item, not yet used"; a key lookup makes every count moot
  let argCount = tuple === null ? -1 : tuple.length
  let argIndex = tuple === null ? -2 : 0
  const nextArg = (): PyValue => {
    if (argIndex < argCount) {
      argIndex++
      return argCount < 0 ? args : tuple![argIndex - 1]
    }
    throw pyError('TypeError', 'not enough arguments for format string')
  }
  const starInt = (): number => {
    const v = nextArg()
    if (typeof v !== 'bigint' && typeof v !== 'boolean') throw pyError('TypeError', '* wants int')
    const n = typeof v === 'boolean' ? (v ? 1n : 0n) : v
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER))
      throw pyError('OverflowError', 'Python int too large to convert to C ssize_t')
    return Number(n)
  }

  let out = ''
  let i = 0
  const incomplete = () => pyError('ValueError', 'incomplete format')
  while (i < chars.length) {
    if (chars[i] !== '%') {
      out += chars[i++]
      continue
    }
    i++
    if (i >= chars.length) throw incomplete()
    if (chars[i] === '%') {
      out += '%'
      i++
      continue
    }
    let source: PyValue | undefined
    if (chars[i] === '(') {
      if (mapping === null) throw pyError('TypeError', 'format requires a mapping')
      let depth = 1
      const start = ++i
      while (i < chars.length && depth > 0) {
        if (chars[i] === '(') depth++
        else if (chars[i] === ')') depth--
        i++
      }
      if (depth > 0) throw pyError('ValueError', 'incomplete format key')
      source = lookup(mapping, chars.slice(start, i - 1).join(''))
      argCount = -1
      argIndex = -1
    }
    const c: Conversion = { left: false, sign: '', alt: false, zero: false, width: 0, precision: null }
    for (; i < chars.length; i++) {
      const f = chars[i]
      if (f === '-') c.left = true
      else if (f === '+') c.sign = '+'
      else if (f === ' ') c.sign = c.sign === '+' ? '+' : ' '
      else if (f === '#') c.alt = true
      else if (f === '0') c.zero = true
      else break
    }
    if (chars[i] === '*') {
      c.width = starInt()
      if (c.width < 0) {
        c.left = true
        c.width = -c.width
      }
      i++
    } else {
      let digits = ''
      while (i < chars.length && chars[i] >= '0' && chars[i] <= '9') digits += chars[i++]
      if (digits !== '') c.width = Number(digits)
    }
    checkSize(c.width, 'width')
    if (chars[i] === '.') {
      i++
      if (chars[i] === '*') {
        c.precision = Math.max(starInt(), 0)
        i++
      } else {
        let digits = ''
        while (i < chars.length && chars[i] >= '0' && chars[i] <= '9') digits += chars[i++]
        c.precision = digits === '' ? 0 : Number(digits)
      }
      checkSize(c.precision, 'precision')
    }
    while (i < chars.length && 'hlL'.includes(chars[i])) i++
    if (i >= chars.length) throw incomplete()
    const conv = chars[i]
    const at = i
    i++
    const v = source !== undefined ? source : nextArg()
    if (c.left) c.zero = false
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        let text = conv === 's' ? str(v) : conv === 'r' ? repr(v) : ascii(v)
        if (c.precision !== null) text = [...text].slice(0, c.precision).join('')
        out += padText(text, c)
        break
      }
      case 'd':
      case 'i':
      case 'u':
        out += formatInteger(realToInt(v, conv), 'd', c)
        break
      case 'o':
      case 'x':
      case 'X':
        out += formatInteger(indexToInt(v, conv)!, conv, c)
        break
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
        out += formatReal(toReal(v), conv, c)
        break
      case 'c':
        out += formatChar(v, c)
        break
      default: {
        const code = conv.codePointAt(0)!
        const shown = code >= 0x20 && code < 0x7f ? conv : '?'
        throw pyError('ValueError', `unsupported format character '${shown}' (0x${code.toString(16)}) at index ${at}`)
      }
    }
    checkSize(out.length, 'result')
  }
  if (argIndex < argCount && mapping === null) throw pyError('TypeError', 'not all arguments converted during string formatting')
  return out
}

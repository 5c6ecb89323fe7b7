// Python's format mini-language (f-strings, str.format, format()): `{x:>8.3f}`, `{n:,}`, `{s:15s}`.

import { isIntegral, Tensor } from '../../tensor'
import { formatExp, formatFixed, pyFloatRepr } from './float-format'
import { str } from './repr'
import { checkLength, intToDecimal } from './runtime'
import { pyError, typeName, type PyValue } from './values'
import { strLength } from './strings'

interface Spec {
  fill: string
  align: string
  sign: string
  alt: boolean
  zero: boolean
  width: number
  grouping: string
  precision: number | null
  type: string
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su

function parseSpec(text: string, forType: string): Spec {
  const m = SPEC.exec(text)
  if (m === null) throw pyError('ValueError', `Invalid format specifier '${text}' for object of type '${forType}'`)
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[6] ? '=' : ''),
    sign: m[3] ?? '-',
    alt: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] === undefined ? 0 : Number(m[7]),
    grouping: m[8] ?? '',
    precision: m[9] === undefined ? null : Number(m[9]),
    type: m[10] ?? ''
  }
}

/** Inserts thousands separators into the integer part of a digit string. */
function group(digits: string, sep: string, every = 3): string {
  if (sep === '') return digits
  const point = digits.search(/[.eE%]/u)
  const int = point < 0 ? digits : digits.slice(0, point)
  const rest = point < 0 ? '' : digits.slice(point)
  let out = ''
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % every === 0) out += sep
    out += int[i]
  }
  return out + rest
}

/** Pads sign + body to the spec's width with its fill and alignment (`=` pads between sign and digits). */
function pad(sign: string, body: string, spec: Spec, defaultAlign: string): string {
  checkLength(spec.width)
  const text = sign + body
  const room = spec.width - strLength(text)
  if (room <= 0) return text
  const fill = spec.fill.repeat(room)
  switch (spec.align || defaultAlign) {
    case '<':
      return text + fill
    case '^':
      return spec.fill.repeat(Math.floor(room / 2)) + text + spec.fill.repeat(room - Math.floor(room / 2))
    case '=':
      return sign + fill + body
    default:
      return fill + text
  }
}

function signText(negative: boolean, spec: Spec): string {
  if (negative) return '-'
  return spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : ''
}

function formatInt(v: bigint, spec: Spec): string {
  if ('eEfFgG%'.includes(spec.type) && spec.type !== '') return formatFloat(Number(v), spec)
  if (spec.precision !== null) throw pyError('ValueError', 'Precision not allowed in integer format specifier')
  const negative = v < 0n
  const a = negative ? -v : v
  let body: string
  switch (spec.type) {
    case 'b':
      body = (spec.alt ? '0b' : '') + a.toString(2)
      break
    case 'o':
      body = (spec.alt ? '0o' : '') + a.toString(8)
      break
    case 'x':
      body = (spec.alt ? '0x' : '') + a.toString(16)
      break
    case 'X':
      body = (spec.alt ? '0X' : '') + a.toString(16).toUpperCase()
      break
    case 'c':
      body = String.fromCodePoint(Number(a))
      break
    default:
      body = group(intToDecimal(a), spec.grouping)
  }
  return pad(signText(negative, spec), body, spec, '>')
}

/** 'g' formatting: fixed or scientific by the exponent after rounding to `p` significant digits. */
function general(a: number, p: number, alt: boolean, keepPointZero: boolean): string {
  if (a === 0) return keepPointZero ? '0.0' : alt ? '0.' + '0'.repeat(Math.max(p - 1, 0)) : '0'
  const sci = formatExp(a, p - 1)
  const e = Number(sci.slice(sci.indexOf('e') + 1))
  let out = e >= -4 && e < p ? formatFixed(a, p - 1 - e) : sci
  if (!alt) {
    const [mant, exp] = out.includes('e') ? out.split('e') : [out, null]
    let m = mant.includes('.') ? mant.replace(/0+$/u, '').replace(/\.$/u, '') : mant
    if (keepPointZero && exp === null && !m.includes('.')) m += '.0'
    out = exp === null ? m : `${m}e${exp}`
  }
  return out
}

function formatFloat(x: number, spec: Spec): string {
  const negative = x < 0 || Object.is(x, -0)
  const a = Math.abs(x)
  let body: string
  const p = spec.precision
  if (!Number.isFinite(a)) body = Number.isNaN(a) ? 'nan' : 'inf'
  else
    switch (spec.type) {
      case 'f':
      case 'F':
        body = formatFixed(a, p ?? 6)
        break
      case 'e':
      case 'E':
        body = formatExp(a, p ?? 6)
        break
      case '%':
        body = formatFixed(a * 100, p ?? 6) + '%'
        break
      case 'g':
      case 'G':
      case 'n':
        body = general(a, p === null ? 6 : Math.max(p, 1), spec.alt, false)
        break
      default:
        body = p === null ? pyFloatRepr(a) : general(a, Math.max(p, 1), spec.alt, true)
    }
  if (spec.alt && !body.includes('.') && /^\d+$/u.test(body)) body += '.'
  if ('EFG'.includes(spec.type) && spec.type !== '') body = body.toUpperCase()
  return pad(signText(negative && !Number.isNaN(x), spec), group(body, spec.grouping), spec, '>')
}

function formatStr(s: string, spec: Spec): string {
  if (spec.type !== '' && spec.type !== 's') throw pyError('ValueError', `Unknown format code '${spec.type}' for object of type 'str'`)
  if (spec.sign !== '-' || spec.align === '=') throw pyError('ValueError', 'Sign not allowed in string format specifier')
  const cut = spec.precision === null ? s : [...s].slice(0, spec.precision).join('')
  return pad('', cut, spec, '<')
}

/** format(v, spec) as Python computes it. */
export function formatValue(v: PyValue, specText: string): string {
  if (v instanceof Tensor) {
    if (v.ndim === 0) return formatValue(v.dtype === 'float32' ? v.item() : isIntegral(v.dtype) ? BigInt(v.item()) : v.item() !== 0, specText)
    if (specText === '') return str(v)
    throw pyError('TypeError', 'unsupported format string passed to Tensor.__format__')
  }
  if (specText === '') return str(v)
  if (typeof v === 'boolean') return formatInt(v ? 1n : 0n, parseSpec(specText, 'bool'))
  if (typeof v === 'bigint') return formatInt(v, parseSpec(specText, 'int'))
  if (typeof v === 'number') {
    const spec = parseSpec(specText, 'float')
    if ('bcdoxX'.includes(spec.type) && spec.type !== '')
      throw pyError('ValueError', `Unknown format code '${spec.type}' for object of type 'float'`)
    return formatFloat(v, spec)
  }
  if (typeof v === 'string') return formatStr(v, parseSpec(specText, 'str'))
  throw pyError('TypeError', `unsupported format string passed to ${typeName(v)}.__format__`)
}


// `obj.name` and `obj.name = value` for every value: tensors, modules, lists, tuples, torch.Size, named tuples,
// dicts, strings, dtypes. Nothing whose name starts with `_` is reachable, so no dunder reaches the host.

import { Tensor } from '../../tensor'
import { bind, type Bound } from './args'
import { dtypeAttribute, unsupportedDType, UNSUPPORTED_DTYPES } from '../torch/dtypes'
import { formatValue } from './format-spec'
import { iterate } from './iteration'
import { PyClass, PyGenerator, PyGradFn } from './objects'
import { dictKey } from './dicts'
import { equal, getSubscript } from './operators'
import { checkLength, checkLengthOnly } from './runtime'
import { sortByKeys } from './ordering'
import { repr, str } from './repr'
import { closestName } from './suggest'
import { unsupportedModuleName } from '../torch/unsupported'
import { getTensorAttribute, setTensorAttribute } from '../torch/tensor-methods'
import { strLength } from './strings'
import {
  PyBuiltin,
  PyDict,
  PySet,
  PyDType,
  PyList,
  PyModule,
  PyRange,
  PyTuple,
  pyError,
  truthy,
  typeName,
  type Kwargs,
  type PyValue
} from './values'

type MethodTable<S> = ReadonlyMap<string, { specs: readonly string[]; run: (self: S, b: Bound) => PyValue }>

function table<S>(entries: [string, readonly string[], (self: S, b: Bound) => PyValue][]): MethodTable<S> {
  return new Map(entries.map(([name, specs, run]) => [name, { specs, run }]))
}

function noAttribute(owner: string, name: string, candidates: Iterable<string> = []): Error {
  const hint = name.startsWith('_') ? null : closestName(name, candidates)
  return pyError('AttributeError', `'${owner}' object has no attribute '${name}'${hint === null ? '' : `. Did you mean: '${hint}'?`}`)
}

/** Looks `name` up in a method table and binds it to `self`. */
function method<S>(methods: MethodTable<S>, self: S, owner: string, name: string): PyBuiltin {
  const m = methods.get(name)
  if (m === undefined) throw noAttribute(owner, name, methods.keys())
  return new PyBuiltin(`${owner}.${name}`, (args: PyValue[], kwargs: Kwargs) => m.run(self, bind(name, m.specs, args, kwargs)))
}

function indexOf(items: readonly PyValue[], x: PyValue, what: string): bigint {
  const i = items.findIndex((y) => equal(y, x))
  if (i < 0) throw pyError('ValueError', what)
  return BigInt(i)
}

function countOf(items: readonly PyValue[], x: PyValue): bigint {
  return BigInt(items.filter((y) => equal(y, x)).length)
}

/** A key function as list.sort can call it without the interpreter: builtins only. */
function keysFor(items: readonly PyValue[], key: PyValue): PyValue[] {
  if (key === null) return [...items]
  if (key instanceof PyBuiltin) return items.map((x) => key.fn([x], new Map()))
  throw pyError('NotImplementedError', 'list.sort(key=...) takes only builtin functions here; use sorted(..., key=...)')
}

function position(i: bigint, length: number): number {
  const n = Number(i)
  return n < 0 ? n + length : n
}

// *** lists ***

const LIST_METHODS = table<PyList>([
  ['append', ['object'], (l, b) => {
    l.items.push(b.get(0))
    return null
  }],
  ['extend', ['iterable'], (l, b) => {
    l.items.push(...iterate(b.get(0)))
    return null
  }],
  ['insert', ['index', 'object'], (l, b) => {
    const i = position(b.get(0) as bigint, l.items.length)
    l.items.splice(Math.min(Math.max(i, 0), l.items.length), 0, b.get(1))
    return null
  }],
  ['pop', ['index=-1'], (l, b) => {
    if (l.items.length === 0) throw pyError('IndexError', 'pop from empty list')
    const i = position(b.get(0) as bigint, l.items.length)
    if (i < 0 || i >= l.items.length) throw pyError('IndexError', 'pop index out of range')
    return l.items.splice(i, 1)[0]
  }],
  ['remove', ['value'], (l, b) => {
    l.items.splice(Number(indexOf(l.items, b.get(0), 'list.remove(x): x not in list')), 1)
    return null
  }],
  ['index', ['value'], (l, b) => indexOf(l.items, b.get(0), `${repr(b.get(0))} is not in list`)],
  ['count', ['value'], (l, b) => countOf(l.items, b.get(0))],
  ['reverse', [], (l) => {
    l.items.reverse()
    return null
  }],
  ['clear', [], (l) => {
    l.items.splice(0)
    return null
  }],
  ['copy', [], (l) => new PyList([...l.items])],
  ['sort', ['*', 'key=None', 'reverse=False'], (l, b) => {
    l.items = sortByKeys(l.items, keysFor(l.items, b.get(0)), truthy(b.get(1)))
    return null
  }]
])

// *** tuples, torch.Size, named tuples ***

const TUPLE_METHODS = table<PyTuple>([
  ['index', ['value'], (t, b) => indexOf(t.items, b.get(0), 'tuple.index(x): x not in tuple')],
  ['count', ['value'], (t, b) => countOf(t.items, b.get(0))]
])

const SIZE_METHODS = table<PyTuple>([
  ...[...TUPLE_METHODS].map(([name, m]) => [name, m.specs, m.run] as [string, readonly string[], (t: PyTuple, b: Bound) => PyValue]),
  ['numel', [], (t) => t.items.reduce<bigint>((p, x) => p * (x as bigint), 1n)]
])

function tupleAttribute(t: PyTuple, name: string): PyValue {
  if (t.fields !== null) {
    const i = t.fields.indexOf(name)
    if (i >= 0) return t.items[i]
  }
  if (t.kind === 'size') return method(SIZE_METHODS, t, 'torch.Size', name)
  if (t.typeName !== 'tuple' && t.fields === null) throw noAttribute(t.typeName, name)
  if (!TUPLE_METHODS.has(name)) throw noAttribute(typeName(t), name, [...TUPLE_METHODS.keys(), ...(t.fields ?? [])])
  return method(TUPLE_METHODS, t, typeName(t), name)
}

// *** dicts ***

const DICT_METHODS = table<PyDict>([
  ['keys', [], (d) => new PyList([...d.entries.values()].map(([k]) => k))],
  ['values', [], (d) => new PyList([...d.entries.values()].map(([, v]) => v))],
  ['items', [], (d) => new PyList([...d.entries.values()].map(([k, v]) => new PyTuple([k, v])))],
  ['get', ['key', 'default=None'], (d, b) => {
    const entry = d.entries.get(dictKey(b.get(0)))
    return entry === undefined ? b.get(1) : entry[1]
  }],
  ['pop', ['key', 'default=None'], (d, b) => {
    const k = dictKey(b.get(0))
    const e = d.entries.get(k)
    if (e === undefined) {
      if (b.has(1)) return b.get(1)
      throw pyError('KeyError', repr(b.get(0)))
    }
    d.entries.delete(k)
    return e[1]
  }],
  ['copy', [], (d) => {
    const c = new PyDict()
    for (const [k, e] of d.entries) c.entries.set(k, [e[0], e[1]])
    return c
  }]
])

const SET_METHODS = table<PySet>([
  ['add', ['elem'], (s, b) => {
    s.entries.set(dictKey(b.get(0)), [b.get(0), b.get(0)])
    return null
  }],
  ['update', ['iterable'], (s, b) => {
    for (const x of iterate(b.get(0))) s.entries.set(dictKey(x), [x, x])
    return null
  }],
  ['discard', ['elem'], (s, b) => {
    s.entries.delete(dictKey(b.get(0)))
    return null
  }],
  ['remove', ['elem'], (s, b) => {
    if (!s.entries.delete(dictKey(b.get(0)))) throw pyError('KeyError', repr(b.get(0)))
    return null
  }],
  ['copy', [], (s) => {
    const c = new PySet()
    for (const [k, e] of s.entries) c.entries.set(k, e)
    return c
  }]
])

// *** strings ***

/** Field numbering shared by a template and the specs nested in it: automatic (`{}`) or manual (`{0}`), never both. */
interface Numbering {
  mode: 'none' | 'auto' | 'manual'
  next: number
}

/**
 * str.format as CPython does it: literal text with `{{` and `}}`, fields `{name.attr[key]!conv:spec}` whose spec
 * may hold fields of its own (two levels deep), attributes read through the interpreter's own rules (so the `_`
 * ban holds), CPython's ValueErrors, IndexErrors and KeyErrors.
 */
function strFormat(template: string, args: readonly PyValue[], kwargs: Kwargs, depth = 2, numbering: Numbering = { mode: 'none', next: 0 }): string {
  if (depth <= 0) throw pyError('ValueError', 'Max string recursion exceeded')
  const chars = [...template]
  let out = ''
  let i = 0
  while (i < chars.length) {
    const c = chars[i++]
    if (c !== '{' && c !== '}') {
      out += c
      continue
    }
    if (chars[i] === c) {
      out += c
      i++
      continue
    }
    if (c === '}') throw pyError('ValueError', "Single '}' encountered in format string")
    if (i >= chars.length) throw pyError('ValueError', "Single '{' encountered in format string")
    // the field runs to its matching '}'; in the name part a [key] may hold any character
    const start = i
    let count = 1
    let inName = true
    let nested = false
    while (i < chars.length) {
      const d = chars[i++]
      if (inName && d === '[') {
        while (i < chars.length && chars[i] !== ']') i++
        if (i >= chars.length) break
        i++
        continue
      }
      if (d === ':' || d === '!') inName = false
      else if (d === '{') {
        nested = true
        count++
      } else if (d === '}' && --count === 0) break
    }
    if (count !== 0 || i > chars.length || (i === chars.length && chars[i - 1] !== '}')) throw pyError('ValueError', "expected '}' before end of string")
    out += formatField(chars.slice(start, i - 1).join(''), nested, args, kwargs, depth, numbering)
  }
  return out
}

/** One replacement field's text, without its braces: `name.attr[key]!conv:spec`. */
function formatField(field: string, nested: boolean, args: readonly PyValue[], kwargs: Kwargs, depth: number, numbering: Numbering): string {
  const chars = [...field]
  let i = 0
  while (i < chars.length && chars[i] !== ':' && chars[i] !== '!') {
    if (chars[i] === '{') throw pyError('ValueError', "unexpected '{' in field name")
    if (chars[i] === '[') while (i < chars.length && chars[i] !== ']') i++
    i++
  }
  const name = chars.slice(0, Math.min(i, chars.length)).join('')
  let conversion: string | null = null
  let spec = ''
  if (chars[i] === '!') {
    if (i + 1 >= chars.length) throw pyError('ValueError', 'end of string while looking for conversion specifier')
    conversion = chars[i + 1]
    if (i + 2 < chars.length && chars[i + 2] !== ':') throw pyError('ValueError', "expected ':' after conversion specifier")
    spec = chars.slice(i + 3).join('')
  } else if (chars[i] === ':') spec = chars.slice(i + 1).join('')
  let value = fieldValue(name, args, kwargs, numbering)
  if (conversion !== null) {
    if (conversion === 'r' || conversion === 'a') value = repr(value)
    else if (conversion === 's') value = str(value)
    else throw pyError('ValueError', `Unknown conversion specifier ${conversion}`)
  }
  if (nested) spec = strFormat(spec, args, kwargs, depth - 1, numbering)
  return formatValue(value, spec)
}

/** The object a field name names: an argument, then `.attr` and `[key]` steps. */
function fieldValue(name: string, args: readonly PyValue[], kwargs: Kwargs, numbering: Numbering): PyValue {
  const first = /^[^.[]*/u.exec(name)![0]
  let value: PyValue
  if (first === '' || /^\d+$/u.test(first)) {
    const auto = first === ''
    if (auto && numbering.mode === 'manual') throw pyError('ValueError', 'cannot switch from manual field specification to automatic field numbering')
    if (!auto && numbering.mode === 'auto') throw pyError('ValueError', 'cannot switch from automatic field numbering to manual field specification')
    numbering.mode = auto ? 'auto' : 'manual'
    const index = auto ? numbering.next++ : Number(first)
    if (index >= args.length) throw pyError('IndexError', `Replacement index ${index} out of range for positional args tuple`)
    value = args[index]
  } else {
    const v = kwargs.get(first)
    if (v === undefined) throw pyError('KeyError', repr(first))
    value = v
  }
  let rest = name.slice(first.length)
  while (rest !== '') {
    if (rest[0] === '.') {
      const attr = /^\.([^.[]*)/u.exec(rest)![1]
      if (attr === '') throw pyError('ValueError', 'Empty attribute in format string')
      value = getAttribute(value, attr)
      rest = rest.slice(attr.length + 1)
    } else {
      const close = rest.indexOf(']')
      if (close < 0) throw pyError('ValueError', "Missing ']' in format string")
      const key = rest.slice(1, close)
      if (key === '') throw pyError('ValueError', 'Empty attribute in format string')
      value = getSubscript(value, /^\d+$/u.test(key) ? BigInt(key) : key)
      rest = rest.slice(close + 1)
      if (rest !== '' && rest[0] !== '.' && rest[0] !== '[') throw pyError('ValueError', "Only '.' or '[' may follow ']' in format field specifier")
    }
  }
  return value
}

function strArg(b: Bound, i: number): string | null {
  const v = b.get(i)
  if (v === null) return null
  if (typeof v !== 'string') throw pyError('TypeError', `must be str or None, not ${typeName(v)}`)
  return v
}

function stripChars(s: string, chars: string | null, left: boolean, right: boolean): string {
  const set = chars ?? ' \t\n\r\f\v'
  const cs = [...s]
  let i = 0
  let j = cs.length
  while (left && i < j && set.includes(cs[i])) i++
  while (right && j > i && set.includes(cs[j - 1])) j--
  return cs.slice(i, j).join('')
}

/** A width argument as str methods read it (`__index__`): ints, bools, one-element int tensors. */
function widthArg(v: PyValue): number {
  let n: bigint
  if (typeof v === 'bigint') n = v
  else if (typeof v === 'boolean') n = v ? 1n : 0n
  else if (v instanceof Tensor && v.dtype !== 'float32' && v.numel === 1) n = BigInt(v.item())
  else if (v instanceof Tensor) throw pyError('TypeError', 'only integer tensors of a single element can be converted to an index')
  else throw pyError('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`)
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw pyError('OverflowError', 'Python int too large to convert to C ssize_t')
  const width = Number(n)
  checkLength(width)
  return width
}

function justify(s: string, b: Bound, how: 'l' | 'r' | 'c'): string {
  const width = widthArg(b.get(0))
  const fill = b.get(1)
  if (typeof fill !== 'string') throw pyError('TypeError', `The fill character must be a unicode character, not ${typeName(fill)}`)
  if (strLength(fill) !== 1) throw pyError('TypeError', 'The fill character must be exactly one character long')
  const room = width - strLength(s)
  if (room <= 0) return s
  if (how === 'l') return s + fill.repeat(room)
  if (how === 'r') return fill.repeat(room) + s
  const left = Math.floor(room / 2) + (room % 2 === 1 && width % 2 === 1 ? 1 : 0)
  return fill.repeat(left) + s + fill.repeat(room - left)
}

const STR_METHODS = table<string>([
  ['upper', [], (s) => s.toUpperCase()],
  ['lower', [], (s) => s.toLowerCase()],
  ['strip', ['chars=None'], (s, b) => stripChars(s, strArg(b, 0), true, true)],
  ['lstrip', ['chars=None'], (s, b) => stripChars(s, strArg(b, 0), true, false)],
  ['rstrip', ['chars=None'], (s, b) => stripChars(s, strArg(b, 0), false, true)],
  ['split', ['sep=None', 'maxsplit=-1'], (s, b) => {
    const sep = strArg(b, 0)
    const max = Number(b.get(1))
    if (sep === '') throw pyError('ValueError', 'empty separator')
    const parts = sep === null ? s.trim().split(/\s+/u).filter((p) => p !== '') : s.split(sep)
    if (max >= 0 && parts.length > max + 1) {
      if (sep === null) return new PyList(s.trim().split(/\s+/u).slice(0, max).concat([s.trim().split(/\s+/u).slice(max).join(' ')]))
      return new PyList([...parts.slice(0, max), parts.slice(max).join(sep)])
    }
    return new PyList(parts)
  }],
  ['join', ['iterable'], (s, b) => {
    const parts: string[] = []
    let length = 0
    for (const x of iterate(b.get(0))) {
      if (typeof x !== 'string') throw pyError('TypeError', `sequence item ${parts.length}: expected str instance, ${typeName(x)} found`)
      length += x.length + (parts.length > 0 ? s.length : 0)
      checkLengthOnly(length)
      parts.push(x)
    }
    // the work is the joined string's length, charged once (not the running length at every part: that is quadratic)
    checkLength(length)
    return parts.join(s)
  }],
  ['replace', ['old', 'new', 'count=-1'], (s, b) => {
    const [old, rep] = [b.str(0), b.str(1)]
    let n = b.int(2)
    const found = old === '' ? s.length + 1 : s.split(old).length - 1
    checkLength(s.length + Math.min(found, n < 0 ? found : n) * (rep.length - old.length))
    if (n < 0) return s.split(old).join(rep)
    let out = ''
    let rest = s
    while (n-- > 0) {
      const i = rest.indexOf(old)
      if (i < 0) break
      out += rest.slice(0, i) + rep
      rest = rest.slice(i + old.length)
    }
    return out + rest
  }],
  ['startswith', ['prefix'], (s, b) => s.startsWith(b.str(0))],
  ['endswith', ['suffix'], (s, b) => s.endsWith(b.str(0))],
  ['find', ['sub'], (s, b) => BigInt(s.indexOf(b.str(0)))],
  ['count', ['sub'], (s, b) => BigInt(b.str(0) === '' ? strLength(s) + 1 : s.split(b.str(0)).length - 1)],
  ['ljust', ['width', "fillchar=' '"], (s, b) => justify(s, b, 'l')],
  ['rjust', ['width', "fillchar=' '"], (s, b) => justify(s, b, 'r')],
  ['center', ['width', "fillchar=' '"], (s, b) => justify(s, b, 'c')],
  ['zfill', ['width'], (s, b) => {
    const width = widthArg(b.get(0))
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : ''
    return sign + s.slice(sign.length).padStart(width - sign.length, '0')
  }],
  ['isdigit', [], (s) => s.length > 0 && /^\d+$/u.test(s)],
  ['title', [], (s) => s.replace(/[A-Za-z]+/gu, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase())]
])

function stringAttribute(s: string, name: string): PyValue {
  if (name === 'format')
    return new PyBuiltin('str.format', (args, kwargs) => strFormat(s, args, kwargs))
  if (!STR_METHODS.has(name)) throw noAttribute('str', name, [...STR_METHODS.keys(), 'format'])
  return method(STR_METHODS, s, 'str', name)
}

// *** modules ***

function moduleAttribute(m: PyModule, name: string): PyValue {
  const v = name.startsWith('_') ? undefined : m.attrs.get(name)
  if (v !== undefined) return v
  if (m.name === 'torch' && UNSUPPORTED_DTYPES.has(name)) throw unsupportedDType(UNSUPPORTED_DTYPES.get(name)!)
  if (m instanceof PyGenerator) throw noAttribute('torch._C.Generator', name, m.attrs.keys())
  if (m instanceof PyGradFn) throw noAttribute(m.name, name)
  const missing = name.startsWith('_') ? null : unsupportedModuleName(m.name, name)
  if (missing !== null) throw missing
  const hint = name.startsWith('_') ? null : closestName(name, m.attrs.keys())
  throw pyError('AttributeError', `module '${m.name}' has no attribute '${name}'${hint === null ? '' : `. Did you mean: '${hint}'?`}`)
}

/** `obj.name` for any value. */
export function getAttribute(obj: PyValue, name: string): PyValue {
  // tensors and modules refuse every `_` name themselves; everything else has no private attribute to offer
  if (obj instanceof Tensor) return getTensorAttribute(obj, name)
  if (obj instanceof PyModule) return moduleAttribute(obj, name)
  // a class's name is the one dunder within reach: `type(x).__name__` is how learners ask what x is
  if (obj instanceof PyClass && (name === '__name__' || name === '__qualname__')) return obj.name
  if (name.startsWith('_')) throw noAttribute(typeName(obj), name)
  if (obj instanceof PyList) return method(LIST_METHODS, obj, 'list', name)
  if (obj instanceof PyTuple) return tupleAttribute(obj, name)
  if (obj instanceof PySet) return method(SET_METHODS, obj, 'set', name)
  if (obj instanceof PyDict) return method(DICT_METHODS, obj, 'dict', name)
  if (typeof obj === 'string') return stringAttribute(obj, name)
  if (obj instanceof PyDType) {
    const v = dtypeAttribute(obj, name)
    if (v === undefined) throw noAttribute('torch.dtype', name, ['is_floating_point', 'is_complex', 'is_signed', 'itemsize'])
    return v
  }
  if (obj instanceof PyRange && (name === 'start' || name === 'stop' || name === 'step')) return obj[name]
  if (typeof obj === 'number' && name === 'is_integer') return new PyBuiltin('float.is_integer', () => Number.isInteger(obj))
  if ((typeof obj === 'number' || typeof obj === 'bigint' || typeof obj === 'boolean') && (name === 'real' || name === 'imag')) {
    if (typeof obj === 'number') return name === 'real' ? obj : 0
    return name === 'real' ? (typeof obj === 'boolean' ? BigInt(obj) : obj) : 0n
  }
  throw noAttribute(typeName(obj), name)
}

/** `obj.name = value`: tensors (requires_grad, grad, new names) and modules; other objects refuse. */
export function setAttribute(obj: PyValue, name: string, value: PyValue): void {
  if (obj instanceof Tensor) return setTensorAttribute(obj, name, value)
  if (obj instanceof PyModule && !(obj instanceof PyGenerator) && !(obj instanceof PyGradFn) && !name.startsWith('_')) {
    obj.attrs.set(name, value)
    return
  }
  throw noAttribute(typeName(obj), name)
}

/** The method names of str, list, tuple and dict values (what a learner may call; tests walk them all). */
export function methodNames(kind: 'str' | 'list' | 'tuple' | 'dict'): string[] {
  const tables = { str: [...STR_METHODS.keys(), 'format'], list: [...LIST_METHODS.keys()], tuple: [...TUPLE_METHODS.keys()], dict: [...DICT_METHODS.keys()], set: [...SET_METHODS.keys()] }
  return tables[kind]
}

// Python's builtin functions (range, len, enumerate, zip, min, max, sum, print, round, int, float, ...), with
// CPython's errors. zip/enumerate/map/reversed results are materialized as tuples that print as iterators.

import * as T from '../../tensor'
import { Tensor } from '../../tensor'
import { bind, type Bound } from './args'
import { getAttribute } from './attributes'
import { roundFloat } from './float-format'
import { iterate, knownLength } from './iteration'
import { strLength } from './strings'
import { sortByKeys } from './ordering'
import { PyClass, PyGenerator } from './objects'
import { dictKey, dictSet } from './dicts'
import { binaryOp, compareOp } from './operators'
import { repr, str } from './repr'
import { LIMITS, limitError, MAX_STR_DIGITS, type RuntimeContext } from './runtime'
import { rounded } from '../torch/tensor-extras'
import {
  PyBuiltin,
  PyDict,
  PySet,
  PyException,
  PyList,
  PyFunction,
  PyRange,
  PyTuple,
  pyError,
  realValue,
  truthy,
  typeName,
  type Kwargs,
  type PyValue
} from './values'

export { iterate } from './iteration'

/** An iterator result (zip, enumerate, ...) held as its items; prints as `<zip object>`. */
function iteratorOf(kind: string, items: PyValue[]): PyTuple {
  return new PyTuple(items, 'tuple', null, kind)
}

function isIteratorTuple(v: PyValue): boolean {
  return v instanceof PyTuple && v.kind === 'tuple' && v.typeName !== 'tuple'
}

/** An int argument as Python's __index__ sees it: int, bool, or a one-element int tensor. */
function indexValue(v: PyValue): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'boolean') return v ? 1n : 0n
  if (v instanceof Tensor && v.numel === 1 && v.dtype !== 'float32') return BigInt(v.item())
  throw pyError('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer`)
}

/** Python's int(str): optional sign, digits with single underscores, surrounding whitespace. */
function parseIntText(text: string, base: number): bigint {
  const s = text.trim().replace(/(?<=[0-9a-zA-Z])_(?=[0-9a-zA-Z])/gu, '')
  const m = /^([+-]?)([0-9a-zA-Z]+)$/u.exec(s)
  const fail = () => pyError('ValueError', `invalid literal for int() with base ${base}: ${repr(text)}`)
  if (m === null) throw fail()
  const digits = m[2].toLowerCase()
  // CPython 3.11 refuses long decimal (non power-of-two base) text; power-of-two bases are bounded by int size
  if ((base & (base - 1)) !== 0 && digits.length > MAX_STR_DIGITS)
    throw pyError('ValueError', `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`)
  if (digits.length * Math.log2(base) > LIMITS.intBits) throw limitError('this integer is too large to compute here')
  if (base === 10) {
    if (!/^[0-9]+$/u.test(digits)) throw fail()
    return m[1] === '-' ? -BigInt(digits) : BigInt(digits)
  }
  let n = 0n
  for (const ch of digits) {
    const d = parseInt(ch, 36)
    if (d >= base) throw fail()
    n = n * BigInt(base) + BigInt(d)
  }
  return m[1] === '-' ? -n : n
}

/** Python's float(str). */
function parseFloatText(text: string): number {
  const s = text.trim().toLowerCase()
  const special = /^([+-]?)(inf|infinity|nan)$/u.exec(s)
  if (special !== null) return special[2] === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity
  const clean = s.replace(/(?<=\d)_(?=\d)/gu, '')
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/u.test(clean))
    throw pyError('ValueError', `could not convert string to float: ${repr(text)}`)
  return Number(clean)
}

function floatToInt(x: number): bigint {
  if (Number.isNaN(x)) throw pyError('ValueError', 'cannot convert float NaN to integer')
  if (!Number.isFinite(x)) throw pyError('OverflowError', 'cannot convert float infinity to integer')
  return BigInt(Math.trunc(x))
}

/** Python's round-half-even of a float to an int. */
function roundToInt(x: number): bigint {
  const r = roundFloat(x, 0)
  return floatToInt(r)
}

/** round(int, ndigits) for negative ndigits: to a multiple of 10^-ndigits, ties to even. */
function roundInt(n: bigint, ndigits: number): bigint {
  if (ndigits >= 0) return n
  const unit = 10n ** BigInt(-ndigits)
  const neg = n < 0n
  const a = neg ? -n : n
  let q = a / unit
  const r2 = (a % unit) * 2n
  if (r2 > unit || (r2 === unit && q % 2n === 1n)) q++
  return (neg ? -q : q) * unit
}

/** Which values count as instances of a class, by the name Python prints for it. */
const INSTANCE_TESTS: ReadonlyMap<string, (v: PyValue) => boolean> = new Map<string, (v: PyValue) => boolean>([
  ['int', (v) => typeof v === 'bigint' || typeof v === 'boolean'],
  ['float', (v) => typeof v === 'number'],
  ['bool', (v) => typeof v === 'boolean'],
  ['str', (v) => typeof v === 'string'],
  ['list', (v) => v instanceof PyList],
  ['tuple', (v) => v instanceof PyTuple && !isIteratorTuple(v)],
  ['set', (v) => v instanceof PySet],
  ['dict', (v) => v instanceof PyDict && !(v instanceof PySet)],
  ['range', (v) => v instanceof PyRange],
  ['object', () => true],
  ['torch.Tensor', (v) => v instanceof Tensor],
  ['torch.Size', (v) => v instanceof PyTuple && v.kind === 'size'],
  ['torch.Generator', (v) => v instanceof PyGenerator],
  ['type', (v) => v instanceof PyClass]
])

/** The name Python prints for the class of `v`: 'int', 'NoneType', 'torch.Tensor', 'torch.Size', 'type'. */
function classNameOf(v: PyValue): string {
  if (v instanceof PyClass) return 'type'
  if (v instanceof Tensor) return 'torch.Tensor'
  return typeName(v)
}

/** Builds the builtins for one interpreter; print goes to ctx.print, key= functions run through ctx.call. */
export function makeBuiltins(ctx: RuntimeContext): Map<string, PyValue> {
  const out = new Map<string, PyValue>()
  const fn = (name: string, specs: readonly string[], run: (b: Bound) => PyValue) =>
    out.set(name, new PyBuiltin(name, (args: PyValue[], kwargs: Kwargs) => run(bind(name, specs, args, kwargs))))
  const cls = (name: string, specs: readonly string[], run: (b: Bound) => PyValue) =>
    out.set(name, new PyClass(name, name, (args: PyValue[], kwargs: Kwargs) => run(bind(name, specs, args, kwargs))))

  /** The items of an iterable as an array, refusing sizes past the limit before making them. */
  const collect = (v: PyValue, what: string): PyValue[] => {
    const n = knownLength(v)
    if (n !== null) ctx.checkElements(n, what)
    return [...iterate(v)]
  }

  // *** types ***

  out.set(
    'range',
    new PyClass('range', 'range', (args, kwargs) => {
      if (kwargs.size > 0) throw pyError('TypeError', 'range() takes no keyword arguments')
      if (args.length === 0) throw pyError('TypeError', 'range expected at least 1 argument, got 0')
      if (args.length > 3) throw pyError('TypeError', `range expected at most 3 arguments, got ${args.length}`)
      const n = args.map(indexValue)
      const [start, stop, step] = n.length === 1 ? [0n, n[0], 1n] : [n[0], n[1], n[2] ?? 1n]
      if (step === 0n) throw pyError('ValueError', 'range() arg 3 must not be zero')
      return new PyRange(start, stop, step)
    })
  )
  cls('list', ['iterable=()'], (b) => new PyList(collect(b.get(0), 'list')))
  cls('tuple', ['iterable=()'], (b) => new PyTuple(collect(b.get(0), 'tuple')))
  cls('int', ['x=0', 'base=None'], (b) => {
    const v = b.get(0)
    if (b.get(1) !== null) {
      if (typeof v !== 'string') throw pyError('TypeError', "int() can't convert non-string with explicit base")
      return parseIntText(v, Number(indexValue(b.get(1))))
    }
    if (typeof v === 'bigint') return v
    if (typeof v === 'boolean') return v ? 1n : 0n
    if (typeof v === 'number') return floatToInt(v)
    if (typeof v === 'string') return parseIntText(v, 10)
    if (v instanceof Tensor) return floatToInt(v.item())
    throw pyError('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`)
  })
  cls('float', ['x=0.0'], (b) => {
    const v = b.get(0)
    if (typeof v === 'string') return parseFloatText(v)
    const x = realValue(v)
    if (x === null) throw pyError('TypeError', `float() argument must be a string or a real number, not '${typeName(v)}'`)
    return x
  })
  cls('bool', ['x=False'], (b) => truthy(b.get(0)))
  cls('str', ["object=''"], (b) => str(b.get(0)))
  out.set(
    'set',
    new PyClass('set', 'set', (args, kwargs) => {
      if (kwargs.size > 0) throw pyError('TypeError', 'set() takes no keyword arguments')
      if (args.length > 1) throw pyError('TypeError', `set expected at most 1 argument, got ${args.length}`)
      const s = new PySet()
      if (args.length === 1) for (const x of iterate(args[0])) s.entries.set(dictKey(x), [x, x])
      return s
    })
  )
  out.set(
    'dict',
    new PyClass('dict', 'dict', (args, kwargs) => {
      if (args.length > 1) throw pyError('TypeError', `dict expected at most 1 argument, got ${args.length}`)
      const d = new PyDict()
      const source = args[0]
      if (source instanceof PyDict) for (const [key, entry] of source.entries) d.entries.set(key, [entry[0], entry[1]])
      else if (source !== undefined) {
        let k = 0
        for (const item of iterate(source)) {
          let pair: PyValue[]
          try {
            pair = [...iterate(item)]
          } catch {
            throw pyError('TypeError', `cannot convert dictionary update sequence element #${k} to a sequence`)
          }
          if (pair.length !== 2) throw pyError('ValueError', `dictionary update sequence element #${k} has length ${pair.length}; 2 is required`)
          dictSet(d, pair[0], pair[1])
          k++
        }
      }
      for (const [name, v] of kwargs) dictSet(d, name, v)
      return d
    })
  )
  cls('object', [], () => {
    throw pyError('NotImplementedError', 'object() is not supported here')
  })

  // *** iteration ***

  fn('len', ['obj'], (b) => {
    const v = b.get(0)
    if (v instanceof Tensor) {
      if (v.ndim === 0) throw pyError('TypeError', 'len() of a 0-d tensor')
      return BigInt(v.shape[0])
    }
    if (v instanceof PyRange) return v.length
    if (typeof v === 'string') return BigInt(strLength(v))
    const n = isIteratorTuple(v) ? null : knownLength(v)
    if (n === null) throw pyError('TypeError', `object of type '${typeName(v)}' has no len()`)
    return BigInt(n)
  })
  fn('enumerate', ['iterable', 'start=0'], (b) => {
    let i = indexValue(b.get(1))
    return iteratorOf('enumerate', collect(b.get(0), 'enumerate').map((x) => new PyTuple([i++, x])))
  })
  out.set(
    'zip',
    new PyBuiltin('zip', (args, kwargs) => {
      const strict = bind('zip', ['strict=False'], [], kwargs).bool(0)
      const lists = args.map((a) => collect(a, 'zip'))
      const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length))
      if (strict && lists.some((l) => l.length !== n)) throw pyError('ValueError', 'zip() arguments have different lengths')
      return iteratorOf('zip', Array.from({ length: n }, (_, i) => new PyTuple(lists.map((l) => l[i]))))
    })
  )
  fn('reversed', ['sequence'], (b) => {
    const v = b.get(0)
    if (!(v instanceof PyList || v instanceof PyTuple || v instanceof PyRange || typeof v === 'string' || v instanceof Tensor))
      throw pyError('TypeError', `'${typeName(v)}' object is not reversible`)
    return iteratorOf('reversed', collect(v, 'reversed').reverse())
  })
  fn('sorted', ['iterable', '*', 'key=None', 'reverse=False'], (b) => {
    const items = collect(b.get(0), 'list')
    const key = b.get(1)
    const keys = key === null ? items : items.map((x) => ctx.call(key, [x]))
    return new PyList(sortByKeys(items, keys, truthy(b.get(2))))
  })
  fn('map', ['function', '*iterables'], (b) => {
    const lists = (b.get(1) as PyTuple).items.map((a) => collect(a, 'map'))
    if (lists.length === 0) throw pyError('TypeError', 'map() must have at least two arguments.')
    const n = Math.min(...lists.map((l) => l.length))
    return iteratorOf('map', Array.from({ length: n }, (_, i) => ctx.call(b.get(0), lists.map((l) => l[i]))))
  })
  fn('filter', ['function', 'iterable'], (b) => {
    const f = b.get(0)
    return iteratorOf('filter', collect(b.get(1), 'filter').filter((x) => truthy(f === null ? x : ctx.call(f, [x]))))
  })
  fn('any', ['iterable'], (b) => {
    for (const x of iterate(b.get(0))) if (truthy(x)) return true
    return false
  })
  fn('all', ['iterable'], (b) => {
    for (const x of iterate(b.get(0))) if (!truthy(x)) return false
    return true
  })

  // *** numbers ***

  fn('abs', ['x'], (b) => {
    const v = b.get(0)
    if (typeof v === 'bigint') return v < 0n ? -v : v
    if (typeof v === 'boolean') return v ? 1n : 0n
    if (typeof v === 'number') return Math.abs(v)
    if (v instanceof Tensor) return T.abs(v)
    throw pyError('TypeError', `bad operand type for abs(): '${typeName(v)}'`)
  })
  for (const which of ['min', 'max'] as const)
    out.set(
      which,
      new PyBuiltin(which, (args, kwargs) => {
        const opts = bind(which, ['*', 'key=None', 'default=None'], [], kwargs)
        if (args.length === 0) throw pyError('TypeError', `${which} expected at least 1 argument, got 0`)
        if (args.length > 1 && opts.has(1))
          throw pyError('TypeError', `Cannot specify a default for ${which}() with multiple positional arguments`)
        const items = args.length === 1 ? collect(args[0], 'list') : args
        if (items.length === 0) {
          if (opts.has(1)) return opts.get(1)
          throw pyError('ValueError', `${which}() arg is an empty sequence`)
        }
        const key = opts.get(0)
        const keyOf = (x: PyValue) => (key === null ? x : ctx.call(key, [x]))
        let best = items[0]
        let bestKey = keyOf(best)
        for (const x of items.slice(1)) {
          const k = keyOf(x)
          if (truthy(compareOp(which === 'max' ? '>' : '<', k, bestKey))) {
            best = x
            bestKey = k
          }
        }
        return best
      })
    )
  fn('sum', ['iterable', 'start=0'], (b) => {
    let acc = b.get(1)
    if (typeof acc === 'string') throw pyError('TypeError', "sum() can't sum strings [use ''.join(seq) instead]")
    for (const x of iterate(b.get(0))) acc = binaryOp('+', acc, x)
    return acc
  })
  fn('round', ['number', 'ndigits=None'], (b) => {
    const v = b.get(0)
    const nd = b.get(1)
    if (v instanceof Tensor) {
      if (nd !== null) throw pyError('NotImplementedError', 'round(tensor, ndigits) is not supported here; use torch.round(t, decimals=n)')
      return rounded(v, 'round')
    }
    if (typeof v === 'number') return nd === null ? roundToInt(v) : roundFloat(v, Number(indexValue(nd)))
    if (typeof v === 'bigint' || typeof v === 'boolean') {
      const n = typeof v === 'boolean' ? (v ? 1n : 0n) : v
      return nd === null ? n : roundInt(n, Number(indexValue(nd)))
    }
    throw pyError('TypeError', `type ${typeName(v)} doesn't define __round__ method`)
  })
  fn('pow', ['base', 'exp', 'mod=None'], (b) => {
    if (b.get(2) === null) return binaryOp('**', b.get(0), b.get(1))
    const [x, e, m] = [0, 1, 2].map((i) => b.get(i))
    if (typeof x !== 'bigint' || typeof e !== 'bigint' || typeof m !== 'bigint')
      throw pyError('TypeError', 'pow() 3rd argument not allowed unless all arguments are integers')
    if (m === 0n) throw pyError('ValueError', 'pow() 3rd argument cannot be 0')
    if (e < 0n) throw pyError('ValueError', 'pow() negative exponent with modulus is not supported here')
    let r = 1n
    let base = ((x % m) + m) % m
    for (let k = e; k > 0n; k >>= 1n) {
      if (k & 1n) r = (r * base) % m
      base = (base * base) % m
    }
    return m < 0n && r > 0n ? r + m : r
  })
  fn('divmod', ['a', 'b'], (b) => new PyTuple([binaryOp('//', b.get(0), b.get(1)), binaryOp('%', b.get(0), b.get(1))]))

  // *** objects ***

  out.set(
    'print',
    new PyBuiltin('print', (args, kwargs) => {
      const opts = bind('print', ['*', "sep=' '", "end='\n'", 'file=None', 'flush=False'], [], kwargs)
      const sep = opts.get(0)
      const end = opts.get(1)
      for (const [name, v] of [['sep', sep], ['end', end]] as const)
        if (v !== null && typeof v !== 'string') throw pyError('TypeError', `${name} must be None or a string, not ${typeName(v)}`)
      ctx.print(args.map((a) => str(a)).join((sep as string | null) ?? ' ') + ((end as string | null) ?? '\n'))
      return null
    })
  )
  fn('repr', ['obj'], (b) => repr(b.get(0)))
  fn('isinstance', ['obj', 'class_or_tuple'], (b) => {
    const classes = b.get(1) instanceof PyTuple ? (b.get(1) as PyTuple).items : [b.get(1)]
    return classes.some((c) => {
      const test = c instanceof PyClass ? INSTANCE_TESTS.get(c.qualName) : undefined
      if (test === undefined)
        throw pyError('TypeError', 'isinstance() arg 2 must be a type, a tuple of types, or a union')
      return test(b.get(0))
    })
  })
  // type(x): the one class object of x's type, so `type(x) is torch.Tensor` and `type(1) == int` hold
  const typeClass = new PyClass('type', 'type', (args, kwargs) => {
    if (args.length !== 1 || kwargs.size > 0) throw pyError('TypeError', 'type() takes 1 argument here (the 3-argument form makes classes, which this app does not)')
    const v = args[0]
    const qualName = classNameOf(v)
    const known = ctx.classes.get(qualName)
    if (known !== undefined) return known
    const made = new PyClass(qualName.slice(qualName.lastIndexOf('.') + 1), qualName, () => {
      throw pyError('TypeError', `cannot create '${qualName}' instances`)
    })
    ctx.classes.set(qualName, made)
    return made
  })
  out.set('type', typeClass)
  for (const v of out.values()) if (v instanceof PyClass) ctx.classes.set(v.qualName, v)
  fn('callable', ['obj'], (b) => {
    const v = b.get(0)
    return v instanceof PyBuiltin || v instanceof PyFunction
  })
  fn('getattr', ['object', 'name', 'default=None'], (b) => {
    const name = b.str(1)
    try {
      return getAttribute(b.get(0), name)
    } catch (e) {
      if (e instanceof PyException && e.pyType === 'AttributeError' && b.has(2)) return b.get(2)
      throw e
    }
  })
  fn('hasattr', ['obj', 'name'], (b) => {
    try {
      getAttribute(b.get(0), b.str(1))
      return true
    } catch (e) {
      if (e instanceof PyException && e.pyType === 'AttributeError') return false
      throw e
    }
  })
  return out
}

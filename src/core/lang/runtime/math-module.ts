// Python's math module: float functions with CPython's errors (`math domain error`), floor/ceil giving ints.

import { bind, type Bound } from './args'
import { iterate } from './iteration'
import { binaryOp } from './operators'
import { PyBuiltin, PyModule, pyError, realValue, typeName, type Kwargs, type PyValue } from './values'

/** A number as math takes it, or math's TypeError. */
export function asFloat(v: PyValue): number {
  const x = realValue(v)
  if (x === null) throw pyError('TypeError', `must be real number, not ${typeName(v)}`)
  return x
}

/** A float made into an int as math.floor/ceil/trunc do, with their errors for inf and nan. */
function toInt(x: number): bigint {
  if (Number.isNaN(x)) throw pyError('ValueError', 'cannot convert float NaN to integer')
  if (!Number.isFinite(x)) throw pyError('OverflowError', 'cannot convert float infinity to integer')
  return BigInt(x)
}

/** A float result, checked as CPython does: nan from a non-nan input is a domain error, inf from finite a range error. */
function checked(x: number, inputs: readonly number[]): number {
  if (Number.isNaN(x) && !inputs.some(Number.isNaN)) throw pyError('ValueError', 'math domain error')
  if (!Number.isFinite(x) && !Number.isNaN(x) && inputs.every(Number.isFinite)) throw pyError('OverflowError', 'math range error')
  return x
}

function unary(f: (x: number) => number, domain: (x: number) => boolean = () => true): (b: Bound) => PyValue {
  return (b) => {
    const x = asFloat(b.get(0))
    if (!domain(x)) throw pyError('ValueError', 'math domain error')
    return checked(f(x), [x])
  }
}

/** math.log of an int too big for a float still works in Python; so it does here. */
function logOf(v: PyValue): number {
  if (typeof v === 'bigint' && v > 0n && !Number.isFinite(Number(v))) {
    const digits = v.toString()
    return Math.log(Number('0.' + digits.slice(0, 17))) + digits.length * Math.LN10
  }
  const x = asFloat(v)
  if (!(x > 0) && !Number.isNaN(x)) throw pyError('ValueError', 'math domain error')
  return Math.log(x)
}

/** Python's math.isclose. */
function isclose(a: number, b: number, rel: number, abs: number): boolean {
  if (rel < 0 || abs < 0) throw pyError('ValueError', 'tolerances must be non-negative')
  if (a === b) return true
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false
  const diff = Math.abs(b - a)
  return diff <= Math.abs(rel * b) || diff <= Math.abs(rel * a) || diff <= abs
}

/** Builds the math module. */
export function makeMathModule(): PyModule {
  const attrs = new Map<string, PyValue>()
  const fn = (name: string, specs: readonly string[], run: (b: Bound) => PyValue) =>
    attrs.set(name, new PyBuiltin(name, (args: PyValue[], kwargs: Kwargs) => run(bind(name, specs, args, kwargs))))

  fn('sqrt', ['x'], unary(Math.sqrt, (x) => !(x < 0)))
  fn('exp', ['x'], unary(Math.exp))
  fn('expm1', ['x'], unary(Math.expm1))
  fn('log', ['x', 'base=None'], (b) => {
    const x = logOf(b.get(0))
    if (b.get(1) === null) return x
    const base = logOf(b.get(1))
    if (base === 0) throw pyError('ZeroDivisionError', 'float division by zero')
    return x / base
  })
  fn('log2', ['x'], (b) => logOf(b.get(0)) / Math.LN2)
  fn('log10', ['x'], (b) => logOf(b.get(0)) / Math.LN10)
  fn('log1p', ['x'], unary(Math.log1p, (x) => !(x <= -1)))
  fn('tanh', ['x'], unary(Math.tanh))
  fn('sin', ['x'], unary(Math.sin, Number.isFinite))
  fn('cos', ['x'], unary(Math.cos, Number.isFinite))
  fn('fabs', ['x'], unary(Math.abs))
  fn('fmod', ['x', 'y'], (b) => {
    const x = asFloat(b.get(0))
    const y = asFloat(b.get(1))
    if (y === 0 || !Number.isFinite(x)) {
      if (Number.isNaN(x) || Number.isNaN(y)) return NaN
      throw pyError('ValueError', 'math domain error')
    }
    return x % y
  })
  fn('pow', ['x', 'y'], (b) => {
    const x = asFloat(b.get(0))
    const y = asFloat(b.get(1))
    if (x === 0 && y < 0) throw pyError('ValueError', 'math domain error')
    if (x < 0 && Number.isFinite(x) && !Number.isInteger(y) && Number.isFinite(y)) throw pyError('ValueError', 'math domain error')
    if (x === 1 || y === 0) return 1
    return checked(Math.pow(x, y), [x, y])
  })
  for (const [name, f] of [
    ['floor', Math.floor],
    ['ceil', Math.ceil],
    ['trunc', Math.trunc]
  ] as const)
    fn(name, ['x'], (b) => {
      const v = b.get(0)
      if (typeof v === 'bigint') return v
      if (typeof v === 'boolean') return v ? 1n : 0n
      return toInt(f(asFloat(v)))
    })
  fn('isclose', ['a', 'b', '*', 'rel_tol=1e-09', 'abs_tol=0.0'], (b) =>
    isclose(asFloat(b.get(0)), asFloat(b.get(1)), asFloat(b.get(2)), asFloat(b.get(3)))
  )
  fn('isnan', ['x'], (b) => Number.isNaN(asFloat(b.get(0))))
  fn('isinf', ['x'], (b) => {
    const x = asFloat(b.get(0))
    return x === Infinity || x === -Infinity
  })
  fn('isfinite', ['x'], (b) => Number.isFinite(asFloat(b.get(0))))
  fn('prod', ['iterable', '*', 'start=1'], (b) => {
    let acc = b.get(1)
    for (const x of iterate(b.get(0))) acc = binaryOp('*', acc, x)
    return acc
  })
  fn('fsum', ['seq'], (b) => {
    // exact sum rounded once, as CPython's fsum (Neumaier compensation is exact enough for this app's sizes)
    let s = 0
    let c = 0
    for (const v of iterate(b.get(0))) {
      const x = asFloat(v)
      const t = s + x
      c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s
      s = t
    }
    return s + c
  })
  attrs.set('pi', Math.PI)
  attrs.set('e', Math.E)
  attrs.set('tau', 2 * Math.PI)
  attrs.set('inf', Infinity)
  attrs.set('nan', NaN)
  return new PyModule('math', attrs)
}

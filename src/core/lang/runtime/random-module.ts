// Python's random module, the part lesson files and learners use: seed, random, randint, randrange, choice,
// shuffle, uniform, with CPython 3.11's draws (src/core/random/cpython.ts). CPython seeds an unseeded module from
// the OS; here it starts from seed 0 so that every run is reproducible.

import { PyRandom } from '../../random'
import { bind, type Bound } from './args'
import { PyBuiltin, PyList, PyModule, PyTuple, pyError, typeName, type Kwargs, type PyValue } from './values'
import { asFloat } from './math-module'

/** An int argument as CPython's random takes it (bool is an int; a float is refused as 3.11 deprecates and 3.12 refuses). */
function intArg(v: PyValue, what: string): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'boolean') return v ? 1n : 0n
  throw pyError('TypeError', `'${typeName(v)}' object cannot be interpreted as an integer (${what})`)
}

/** randbelow(n) for a bigint n >= 1, as a bigint. */
function below(rng: PyRandom, n: bigint): bigint {
  return n <= 2n ** 53n ? BigInt(rng.randbelow(Number(n))) : rng.randbelow(n)
}

export function makeRandomModule(): { module: PyModule; reset: () => void } {
  let rng = new PyRandom(0)
  const attrs = new Map<string, PyValue>()
  const fn = (name: string, specs: readonly string[], run: (b: Bound) => PyValue) =>
    attrs.set(name, new PyBuiltin(name, (args: PyValue[], kwargs: Kwargs) => run(bind(name, specs, args, kwargs))))

  fn('seed', ['a=None'], (b) => {
    const a = b.get(0)
    if (a === null) rng = new PyRandom(0)
    else if (typeof a === 'bigint' || typeof a === 'boolean') rng.seed(intArg(a, 'seed'))
    else throw pyError('TypeError', `random.seed() of a ${typeName(a)} is not supported here: use an int`)
    return null
  })
  fn('random', [], () => rng.random())
  fn('uniform', ['a', 'b'], (b) => {
    const lo = asFloat(b.get(0))
    return lo + (asFloat(b.get(1)) - lo) * rng.random()
  })
  const randrange = (start: bigint, stop: bigint | null, step: bigint): bigint => {
    if (stop === null) {
      if (start <= 0n) throw pyError('ValueError', 'empty range for randrange()')
      return below(rng, start)
    }
    const width = stop - start
    if (step === 1n) {
      if (width <= 0n) throw pyError('ValueError', `empty range for randrange() (${start}, ${stop}, ${width})`)
      return start + below(rng, width)
    }
    if (step === 0n) throw pyError('ValueError', 'zero step for randrange()')
    const count = step > 0n ? (width + step - 1n) / step : (width + step + 1n) / step
    if (count <= 0n) throw pyError('ValueError', 'empty range for randrange()')
    return start + step * below(rng, count)
  }
  fn('randrange', ['start', 'stop=None', 'step=1'], (b) =>
    randrange(intArg(b.get(0), 'start'), b.get(1) === null ? null : intArg(b.get(1), 'stop'), intArg(b.get(2), 'step'))
  )
  fn('randint', ['a', 'b'], (b) => randrange(intArg(b.get(0), 'a'), intArg(b.get(1), 'b') + 1n, 1n))
  fn('choice', ['seq'], (b) => {
    const seq = b.get(0)
    const items = seq instanceof PyList || seq instanceof PyTuple ? seq.items : typeof seq === 'string' ? [...seq] : null
    if (items === null) throw pyError('TypeError', `random.choice() needs a list, tuple or str here, not ${typeName(seq)}`)
    if (items.length === 0) throw pyError('IndexError', 'Cannot choose from an empty sequence')
    return items[rng.randbelow(items.length)]
  })
  fn('shuffle', ['x'], (b) => {
    const x = b.get(0)
    if (!(x instanceof PyList)) throw pyError('TypeError', `'${typeName(x)}' object does not support item assignment`)
    rng.shuffle(x.items)
    return null
  })
  return { module: new PyModule('random', attrs), reset: () => (rng = new PyRandom(0)) }
}

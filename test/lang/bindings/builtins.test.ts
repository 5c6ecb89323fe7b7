import { describe, expect, it } from 'vitest'
import { iterate } from '../../../src/core/lang/runtime/builtins'
import { makeRuntimeContext } from '../../../src/core/lang/runtime/runtime'
import { makeBuiltins } from '../../../src/core/lang/runtime/builtins'
import { repr } from '../../../src/core/lang/runtime/repr'
import { PyBuiltin, PyDict, PyList, PyRange, PyTuple, type PyValue } from '../../../src/core/lang/runtime/values'
import * as T from '../../../src/core/tensor'
import { call, floats, fresh, list, longs, raised, tuple } from './helpers'

const { builtins, printed, torch } = fresh()
const b = (name: string) => builtins.get(name)!
const items = (v: PyValue) => [...iterate(v)]

describe('range', () => {
  it('takes one to three ints, as Python does', () => {
    expect(repr(call(b('range'), [5n]))).toBe('range(0, 5)')
    expect(items(call(b('range'), [2n, 10n, 3n]))).toEqual([2n, 5n, 8n])
    expect(items(call(b('range'), [5n, 0n, -2n]))).toEqual([5n, 3n, 1n])
  })

  it('refuses a zero step, floats and too many arguments', () => {
    expect(raised(() => call(b('range'), [1n, 2n, 0n]))).toBe('ValueError: range() arg 3 must not be zero')
    expect(raised(() => call(b('range'), [2.0]))).toBe("TypeError: 'float' object cannot be interpreted as an integer")
    expect(raised(() => call(b('range'), []))).toBe('TypeError: range expected at least 1 argument, got 0')
  })

  it('takes a tensor\'s size, as `range(Xb.shape[0])` gives', () => {
    expect((call(b('range'), [longs(3)]) as PyRange).stop).toBe(3n)
  })
})

describe('len', () => {
  it('counts lists, tuples, strings, ranges, dicts and tensor rows', () => {
    expect(call(b('len'), [list(1n, 2n)])).toBe(2n)
    expect(call(b('len'), [tuple()])).toBe(0n)
    expect(call(b('len'), ['héllo'])).toBe(5n)
    expect(call(b('len'), [new PyRange(0n, 10n, 3n)])).toBe(4n)
    expect(call(b('len'), [new PyDict()])).toBe(0n)
    expect(call(b('len'), [T.zeros([32, 27])])).toBe(32n)
  })

  it('refuses 0-d tensors and numbers as Python and PyTorch do', () => {
    expect(raised(() => call(b('len'), [floats(1)]))).toBe('TypeError: len() of a 0-d tensor')
    expect(raised(() => call(b('len'), [5n]))).toBe("TypeError: object of type 'int' has no len()")
    expect(raised(() => call(b('len'), [call(b('zip'), [list(1n)])]))).toBe("TypeError: object of type 'zip' has no len()")
  })
})

describe('enumerate and zip', () => {
  it('number the items from start', () => {
    const e = items(call(b('enumerate'), [list('a', 'b')], { start: 1n }))
    expect(e.map((p) => (p as PyTuple).items)).toEqual([[1n, 'a'], [2n, 'b']])
  })

  it('zip stops at the shortest and prints as an iterator', () => {
    const z = call(b('zip'), [list(1n, 2n, 3n), 'ab'])
    expect(items(z).map((p) => (p as PyTuple).items)).toEqual([[1n, 'a'], [2n, 'b']])
    expect(repr(z)).toBe('<zip object>')
  })

  it('iterates over tensor rows as views', () => {
    const t = floats([[1, 2], [3, 4]])
    const rows = items(t) as T.Tensor[]
    expect(rows.map((r) => r.toNested())).toEqual([[1, 2], [3, 4]])
    expect(rows[0].storage).toBe(t.storage)
    expect(raised(() => items(floats(1)))).toBe('TypeError: iteration over a 0-d tensor')
  })
})

describe('list and tuple', () => {
  it('materialize iterables', () => {
    expect((call(b('list'), [new PyRange(0n, 3n, 1n)]) as PyList).items).toEqual([0n, 1n, 2n])
    expect((call(b('tuple'), ['ab']) as PyTuple).items).toEqual(['a', 'b'])
  })

  it('refuse to build a huge list instead of hanging', () => {
    expect(raised(() => call(b('list'), [new PyRange(0n, 10n ** 12n, 1n)]))).toMatch(/^LimitError: a list of 1,000,000,000,000 elements is larger than the limit/)
  })
})

describe('min, max and sum', () => {
  it('take an iterable or several arguments and keep the first of equals', () => {
    expect(call(b('max'), [list(3n, 7n, 7.0)])).toBe(7n)
    expect(call(b('min'), [3n, 1.5, 2n])).toBe(1.5)
    expect(call(b('max'), [list('a', 'bb')], { key: b('len') })).toBe('bb')
  })

  it('refuse an empty sequence unless given a default', () => {
    expect(raised(() => call(b('max'), [list()]))).toBe('ValueError: max() arg is an empty sequence')
    expect(call(b('max'), [list()], { default: 0n })).toBe(0n)
  })

  it('compare one-element tensors by value', () => {
    const a = floats(1)
    const c = floats(3)
    expect(call(b('max'), [a, c])).toBe(c)
  })

  it('sum numbers as Python does and tensors with the engine', () => {
    expect(call(b('sum'), [list(1n, 2n, 3n)])).toBe(6n)
    expect(call(b('sum'), [list(1n, 0.5)])).toBe(1.5)
    expect((call(b('sum'), [list(floats([1, 2]), floats([3, 4]))]) as T.Tensor).toNested()).toEqual([4, 6])
    expect(raised(() => call(b('sum'), [list('a')]))).toBe("TypeError: unsupported operand type(s) for +: 'int' and 'str'")
  })
})

describe('numbers', () => {
  it('round half to even, as Python does', () => {
    expect(call(b('round'), [2.5])).toBe(2n)
    expect(call(b('round'), [3.5])).toBe(4n)
    expect(call(b('round'), [-0.5])).toBe(0n)
    expect(call(b('round'), [2.675, 2n])).toBe(2.67)
    expect(call(b('round'), [25n, -1n])).toBe(20n)
    expect(call(b('round'), [15n, -1n])).toBe(20n)
  })

  it('convert with int and float as Python does', () => {
    expect(call(b('int'), [-2.7])).toBe(-2n)
    expect(call(b('int'), [' 42 '])).toBe(42n)
    expect(call(b('int'), [true])).toBe(1n)
    expect(call(b('int'), [longs(7)])).toBe(7n)
    expect(call(b('int'), [floats(2.9)])).toBe(2n)
    expect(raised(() => call(b('int'), ['1.5']))).toBe("ValueError: invalid literal for int() with base 10: '1.5'")
    expect(raised(() => call(b('int'), [Infinity]))).toBe('OverflowError: cannot convert float infinity to integer')
    expect(call(b('float'), ['1e-3'])).toBe(0.001)
    expect(call(b('float'), ['-inf'])).toBe(-Infinity)
    expect(call(b('float'), [3n])).toBe(3)
    expect(call(b('float'), [floats(0.5)])).toBe(0.5)
    expect(raised(() => call(b('float'), ['abc']))).toBe("ValueError: could not convert string to float: 'abc'")
  })

  it('take abs, pow and divmod', () => {
    expect(call(b('abs'), [-3n])).toBe(3n)
    expect((call(b('abs'), [floats([-1])]) as T.Tensor).toNested()).toEqual([1])
    expect(call(b('pow'), [2n, 10n])).toBe(1024n)
    expect(call(b('pow'), [3n, 4n, 5n])).toBe(1n)
    expect((call(b('divmod'), [-7n, 2n]) as PyTuple).items).toEqual([-4n, 1n])
  })
})

describe('print', () => {
  it('writes str of its arguments joined by sep and ended by end', () => {
    const before = printed.length
    call(b('print'), ['loss', 2.5, floats([1, 2])])
    call(b('print'), [1n, 2n], { sep: ',', end: '' })
    expect(printed.slice(before)).toEqual(['loss 2.5 tensor([1., 2.])\n', '1,2'])
  })
})

describe('types', () => {
  it('answers isinstance for numbers, containers and tensors', () => {
    const isinstance = (v: PyValue, c: PyValue) => call(b('isinstance'), [v, c])
    expect(isinstance(1n, b('int'))).toBe(true)
    expect(isinstance(true, b('int'))).toBe(true)
    expect(isinstance(1.0, b('int'))).toBe(false)
    expect(isinstance(1.0, tuple(b('int'), b('float')))).toBe(true)
    expect(isinstance(floats([1]), torch.attrs.get('Tensor')!)).toBe(true)
    expect(raised(() => isinstance(1n, 5n))).toBe('TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union')
  })

  it('prints type() as a class', () => {
    expect(repr(call(b('type'), [1n]))).toBe("<class 'int'>")
    expect(repr(call(b('type'), [floats([1])]))).toBe("<class 'torch.Tensor'>")
  })
})

describe('iteration helpers', () => {
  it('sort stably, with key and reverse', () => {
    expect((call(b('sorted'), [list(3n, 1n, 2n)]) as PyList).items).toEqual([1n, 2n, 3n])
    expect((call(b('sorted'), [list('bb', 'a', 'cc')], { key: b('len'), reverse: true }) as PyList).items).toEqual(['bb', 'cc', 'a'])
  })

  it('answer any and all by truthiness', () => {
    expect(call(b('any'), [list(0n, 0.0, 'x')])).toBe(true)
    expect(call(b('all'), [list(1n, '')])).toBe(false)
  })

  it('reverse and map', () => {
    expect(items(call(b('reversed'), [list(1n, 2n)]))).toEqual([2n, 1n])
    expect(items(call(b('map'), [b('abs'), list(-1n, 2n)]))).toEqual([1n, 2n])
  })
})

describe('a context that cannot call learner functions', () => {
  it('still calls builtins', () => {
    const ctx = makeRuntimeContext()
    const own = makeBuiltins(ctx)
    expect(ctx.call(own.get('abs') as PyBuiltin, [-2n])).toBe(2n)
  })
})

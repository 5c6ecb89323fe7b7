import { describe, expect, it } from 'vitest'
import { getAttribute, setAttribute } from '../../../src/core/lang/runtime/attributes'
import { pyDType } from '../../../src/core/lang/torch/dtypes'
import { repr } from '../../../src/core/lang/runtime/repr'
import { PyDict, PyList } from '../../../src/core/lang/runtime/values'
import { torchSize } from '../../../src/core/lang/torch/tensor-methods'
import { call, callMethod, fresh, list, raised, tuple } from './helpers'

describe('list methods', () => {
  it('append, extend, insert and pop change the list in place', () => {
    const l = list(1n)
    callMethod(l, 'append', [2n])
    callMethod(l, 'extend', [tuple(3n, 4n)])
    callMethod(l, 'insert', [0n, 0n])
    expect(callMethod(l, 'pop')).toBe(4n)
    expect(callMethod(l, 'pop', [0n])).toBe(0n)
    expect(l.items).toEqual([1n, 2n, 3n])
    expect(raised(() => callMethod(list(), 'pop'))).toBe('IndexError: pop from empty list')
  })

  it('index, count, remove, sort, reverse and copy', () => {
    const l = list(3n, 1n, 2n, 1n)
    expect(callMethod(l, 'index', [2n])).toBe(2n)
    expect(callMethod(l, 'count', [1n])).toBe(2n)
    callMethod(l, 'remove', [1n])
    callMethod(l, 'sort')
    expect(l.items).toEqual([1n, 2n, 3n])
    callMethod(l, 'reverse')
    const c = callMethod(l, 'copy') as PyList
    expect(c.items).toEqual([3n, 2n, 1n])
    expect(c).not.toBe(l)
    expect(raised(() => callMethod(l, 'index', [9n]))).toBe('ValueError: 9 is not in list')
  })

  it('suggest the nearest method', () => {
    expect(raised(() => getAttribute(list(), 'apend'))).toBe("AttributeError: 'list' object has no attribute 'apend'. Did you mean: 'append'?")
  })
})

describe('tuples, torch.Size and named tuples', () => {
  it('count and index tuples', () => {
    expect(callMethod(tuple(1n, 1n, 2n), 'count', [1n])).toBe(2n)
    expect(callMethod(tuple(1n, 2n), 'index', [2n])).toBe(1n)
  })

  it('multiply a torch.Size out with numel', () => {
    expect(callMethod(torchSize([32, 27]), 'numel')).toBe(864n)
  })
})

describe('dicts and strings', () => {
  it('give dict keys, values, items and get', () => {
    const d = new PyDict()
    d.entries.set('s:a', ['a', 1n])
    expect((callMethod(d, 'keys') as PyList).items).toEqual(['a'])
    expect(repr(callMethod(d, 'items'))).toBe("[('a', 1)]")
    expect(callMethod(d, 'get', ['zz'], {})).toBe(null)
  })

  it('format strings with str.format, as the lecture\'s cmp() prints', () => {
    expect(callMethod('{:15s} | exact: {}', 'format', ['dlogprobs', true])).toBe('dlogprobs       | exact: True')
    expect(callMethod('{0}{0}{name:>4}', 'format', ['ab'], { name: 'x' })).toBe('abab   x')
    expect(callMethod('{{}} {!r}', 'format', ['s'])).toBe("{} 's'")
  })

  it('join, split, strip, replace and change case', () => {
    expect(callMethod(', ', 'join', [list('a', 'b')])).toBe('a, b')
    expect((callMethod(' a  b ', 'split') as PyList).items).toEqual(['a', 'b'])
    expect((callMethod('a,b,c', 'split', [','], { maxsplit: 1n }) as PyList).items).toEqual(['a', 'b,c'])
    expect(callMethod('  x ', 'strip')).toBe('x')
    expect(callMethod('aXa', 'replace', ['a', 'b'])).toBe('bXb')
    expect(callMethod('ab', 'upper')).toBe('AB')
    expect(raised(() => callMethod(', ', 'join', [list(1n)]))).toBe('TypeError: sequence item 0: expected str instance, int found')
  })
})

describe('attribute safety', () => {
  it('refuses every dunder name, on every kind of value', () => {
    const { torch, builtins } = fresh()
    for (const obj of [list(), tuple(), 'abc', 1n, 2.5, null, new PyDict(), pyDType('float32'), builtins.get('len')!])
      expect(raised(() => getAttribute(obj, '__class__'))).toMatch(/^AttributeError: .* has no attribute '__class__'$/)
    expect(raised(() => getAttribute(torch, '__builtins__'))).toBe("AttributeError: module 'torch' has no attribute '__builtins__'")
    expect(raised(() => getAttribute(builtins.get('len')!, '__self__'))).toMatch(/^AttributeError/)
  })

  it('lets a program set attributes on modules but not on lists or numbers', () => {
    const { torch } = fresh()
    setAttribute(torch, 'my_value', 1n)
    expect(getAttribute(torch, 'my_value')).toBe(1n)
    expect(raised(() => setAttribute(list(), 'x', 1n))).toBe("AttributeError: 'list' object has no attribute 'x'")
    expect(raised(() => setAttribute(torch, '__dict__', 1n))).toMatch(/^AttributeError/)
  })

  it('answers dtype questions', () => {
    expect(getAttribute(pyDType('int64'), 'is_floating_point')).toBe(false)
    expect(call(getAttribute(2.0, 'is_integer'))).toBe(true)
  })
})

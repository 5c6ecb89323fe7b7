import { describe, expect, it } from 'vitest'
import { bind, bindArgs, toDims, toInt, toShape, toTensor, toBool, toDType } from '../../../src/core/lang/runtime/args'
import { pyDType } from '../../../src/core/lang/torch/dtypes'
import { PyTuple } from '../../../src/core/lang/runtime/values'
import { floats, longs, raised, tuple } from './helpers'

const SUM = ['input', 'dim=None', 'keepdim=False', '*', 'dtype=None']
const kw = (o: Record<string, unknown>) => new Map(Object.entries(o)) as Map<string, never>

describe('binding arguments to a signature', () => {
  it('fills defaults and keeps positional order', () => {
    expect(bindArgs('sum', SUM, [1n], new Map())).toEqual([1n, null, false, null])
  })

  it('takes keyword arguments by name', () => {
    expect(bindArgs('sum', SUM, [1n], kw({ keepdim: true, dim: 0n }))).toEqual([1n, 0n, true, null])
  })

  it('accepts keepdims= and axis= where PyTorch accepts its numpy spellings', () => {
    const b = bind('sum', SUM, [1n], kw({ keepdims: true, axis: 1n }), { numpyNames: true })
    expect(b.values).toEqual([1n, 1n, true, null])
  })

  it('refuses numpy spellings for plain Python functions', () => {
    expect(raised(() => bindArgs('softmax', ['input', 'dim=None'], [1n], kw({ axis: 1n })))).toBe(
      "TypeError: softmax() got an unexpected keyword argument 'axis'"
    )
  })

  it('suggests the nearest keyword for a misspelt one', () => {
    expect(raised(() => bindArgs('sum', SUM, [1n], kw({ keepdimm: true })))).toBe(
      "TypeError: sum() got an unexpected keyword argument 'keepdimm'. Did you mean 'keepdim'?"
    )
  })

  it('reports too many positional arguments as CPython does', () => {
    expect(raised(() => bindArgs('sum', SUM, [1n, 2n, 3n, 4n], new Map()))).toBe(
      'TypeError: sum() takes from 1 to 3 positional arguments but 4 were given'
    )
    expect(raised(() => bindArgs('tanh', ['input'], [1n, 2n], new Map()))).toBe(
      'TypeError: tanh() takes 1 positional argument but 2 were given'
    )
    expect(raised(() => bindArgs('dim', [], [1n], new Map()))).toBe('TypeError: dim() takes 0 positional arguments but 1 was given')
  })

  it('reports missing arguments, listing them as CPython does', () => {
    expect(raised(() => bindArgs('transpose', ['input', 'dim0', 'dim1'], [1n], new Map()))).toBe(
      "TypeError: transpose() missing 2 required positional arguments: 'dim0' and 'dim1'"
    )
    expect(raised(() => bindArgs('f', ['a', 'b', 'c'], [], new Map()))).toBe(
      "TypeError: f() missing 3 required positional arguments: 'a', 'b', and 'c'"
    )
    expect(raised(() => bindArgs('f', ['*', 'x'], [], new Map()))).toBe(
      "TypeError: f() missing 1 required keyword-only argument: 'x'"
    )
  })

  it('refuses a value given both by position and by keyword', () => {
    expect(raised(() => bindArgs('sum', SUM, [1n, 0n], kw({ dim: 1n })))).toBe(
      "TypeError: sum() got multiple values for argument 'dim'"
    )
  })

  it('does not count self among a method\'s arguments', () => {
    const t = floats([1, 2])
    expect(raised(() => bind('sum', SUM, [0n, false, null], new Map(), { self: t }))).toBe(
      'TypeError: sum() takes from 0 to 2 positional arguments but 3 were given'
    )
    expect(raised(() => bind('sum', SUM, [], kw({ input: t }), { self: t }))).toBe(
      "TypeError: sum() got an unexpected keyword argument 'input'"
    )
  })

  it('collects extra positionals into a *name tuple', () => {
    const [, sizes] = bindArgs('view', ['self', '*shape'], [null, 32n, -1n], new Map())
    expect((sizes as PyTuple).items).toEqual([32n, -1n])
  })

  it('names the position of a badly typed argument given by position, not by keyword', () => {
    expect(raised(() => bind('tanh', ['input'], [1.0], new Map()).tensor(0))).toBe(
      "TypeError: tanh(): argument 'input' (position 1) must be Tensor, not float"
    )
    expect(raised(() => bind('tanh', ['input'], [], kw({ input: 1.0 })).tensor(0))).toBe(
      "TypeError: tanh(): argument 'input' must be Tensor, not float"
    )
    expect(raised(() => bind('unsqueeze', ['input', 'dim'], [1.0], new Map(), { self: floats([1]) }).int(1))).toBe(
      "TypeError: unsqueeze(): argument 'dim' (position 1) must be int, not float"
    )
  })
})

describe('converting arguments', () => {
  const at = { fnName: 'f', argName: 'x' }

  it('takes ints and 0-dim int tensors as ints, but not bools or floats (as PyTorch)', () => {
    expect(toInt(3n, at)).toBe(3)
    expect(toInt(longs(2), at)).toBe(2)
    expect(raised(() => toInt(true, at))).toBe("TypeError: f(): argument 'x' must be int, not bool")
    expect(raised(() => toInt(1.5, at))).toBe("TypeError: f(): argument 'x' must be int, not float")
  })

  it('takes only True and False as bools (keepdim=1 is refused as in PyTorch)', () => {
    expect(toBool(true, at)).toBe(true)
    expect(raised(() => toBool(1n, at))).toBe("TypeError: f(): argument 'x' must be bool, not int")
  })

  it('reads dims as None, one int, or a tuple of ints', () => {
    expect(toDims(null, at)).toBe(null)
    expect(toDims(1n, at)).toBe(1)
    expect(toDims(tuple(0n, 1n), at)).toEqual([0, 1])
    expect(raised(() => toDims(1.0, at))).toBe("TypeError: f(): argument 'x' must be tuple of ints, not float")
  })

  it('reads shapes given as varargs or as one tuple, list or torch.Size', () => {
    expect(toShape([32n, 27n])).toEqual([32, 27])
    expect(toShape([tuple(32n, 27n)])).toEqual([32, 27])
    expect(toShape([new PyTuple([32n, 27n], 'size')])).toEqual([32, 27])
    expect(toShape([longs(4), 2n])).toEqual([4, 2])
    expect(raised(() => toShape([2.5], 'size', 'zeros'))).toBe(
      "TypeError: zeros(): argument 'size' (position 1) must be tuple of ints, not float"
    )
    expect(raised(() => toShape([2n, 'a'], 'size', 'zeros'))).toBe(
      "TypeError: zeros(): argument 'size' must be tuple of ints, but found element of type str at pos 2"
    )
  })

  it('checks tensors and dtypes', () => {
    const t = floats([1])
    expect(toTensor(t, 'input', 'tanh')).toBe(t)
    expect(toDType(pyDType('int64'), 'dtype', 'sum')).toBe('int64')
    expect(toDType(null, 'dtype', 'sum')).toBe(null)
    expect(raised(() => toDType(5n, 'dtype', 'zeros'))).toBe("TypeError: zeros(): argument 'dtype' must be torch.dtype, not int")
  })
})

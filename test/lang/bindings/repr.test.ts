import { describe, expect, it } from 'vitest'
import { formatExp, formatFixed, pyFloatRepr, roundFloat } from '../../../src/core/lang/runtime/float-format'
import { formatValue } from '../../../src/core/lang/runtime/format-spec'
import { pyDType } from '../../../src/core/lang/torch/dtypes'
import { repr, str } from '../../../src/core/lang/runtime/repr'
import { returnTypes } from '../../../src/core/lang/torch/tensor-ops'
import { torchSize } from '../../../src/core/lang/torch/tensor-methods'
import { ELLIPSIS, PyDict, PyList, PyRange, PySlice, PyTuple } from '../../../src/core/lang/runtime/values'
import * as T from '../../../src/core/tensor'
import { fresh, list, made, torchCases, tuple, unplain } from './helpers'

interface ReprCase {
  label: string
  dtype: T.DType
  text: string
  data?: unknown
  requiresGrad?: boolean
  formula?: string
  shape?: number[]
}

function build(c: ReprCase): T.Tensor {
  if (c.formula !== undefined) return made(c.formula, c.shape!, c.dtype)
  const data = unplain(c.data) as T.NestedData
  const t = Array.isArray(data) && data.length === 0 ? T.zeros([0], c.dtype) : T.tensorFrom(data, c.dtype)
  t.requiresGrad = c.requiresGrad ?? false
  return t
}

describe('a tensor prints exactly as PyTorch prints it', () => {
  it.each((torchCases.reprs as ReprCase[]).map((c) => [c.label, c] as const))('%s', (_, c) => {
    expect(repr(build(c))).toBe(c.text)
  })

  it('names the op that made a tensor with autograd on', () => {
    const x = T.tensorFrom([1, 2], 'float32')
    x.requiresGrad = true
    expect(repr(T.mul(x, 2))).toBe('tensor([2., 4.], grad_fn=<MulBackward0>)')
  })
})

describe('Python values print as Python prints them', () => {
  it.each(torchCases.float_reprs as [number | string, string][])('repr(%s) is %s', (x, text) => {
    expect(repr(unplain(x) as number)).toBe(text)
  })

  it('prints None, bools, ints and strings', () => {
    expect(repr(null)).toBe('None')
    expect(repr(true)).toBe('True')
    expect(repr(12345678901234567890n)).toBe('12345678901234567890')
    expect(repr("it's")).toBe('"it\'s"')
    expect(repr('a\nb')).toBe("'a\\nb'")
    expect(str('plain')).toBe('plain')
  })

  it('prints one-element tuples with a trailing comma', () => {
    expect(repr(tuple(1n))).toBe('(1,)')
    expect(repr(tuple())).toBe('()')
    expect(repr(list(1n, 2.5, 'a'))).toBe("[1, 2.5, 'a']")
  })

  it('prints torch.Size, dtypes, ranges, slices and Ellipsis', () => {
    expect(repr(torchSize([32, 27]))).toBe('torch.Size([32, 27])')
    expect(str(torchSize([]))).toBe('torch.Size([])')
    expect(repr(pyDType('float32'))).toBe('torch.float32')
    expect(repr(new PyRange(0n, 32n, 1n))).toBe('range(0, 32)')
    expect(repr(new PyRange(0n, 10n, 2n))).toBe('range(0, 10, 2)')
    expect(repr(new PySlice(1n, null, null))).toBe('slice(1, None, None)')
    expect(repr(ELLIPSIS)).toBe('Ellipsis')
  })

  it('prints torch.return_types.max over several lines', () => {
    const r = returnTypes('max', T.tensorFrom([3, 4], 'float32'), T.tensorFrom([1, 1], 'int64'))
    expect(repr(r)).toBe('torch.return_types.max(\nvalues=tensor([3., 4.]),\nindices=tensor([1, 1]))')
  })

  it('prints a list that contains itself without looping', () => {
    const l = new PyList([1n])
    l.items.push(l)
    expect(repr(l)).toBe('[1, [...]]')
  })

  it('prints dicts, modules and builtins', () => {
    const d = new PyDict()
    d.entries.set('k', ['a', 1n])
    expect(repr(d)).toBe("{'a': 1}")
    const { torch, builtins } = fresh()
    expect(repr(torch)).toBe("<module 'torch'>")
    expect(repr(builtins.get('len')!)).toBe('<built-in function len>')
    expect(repr(builtins.get('int')!)).toBe("<class 'int'>")
  })

  it('prints iterator results as iterators', () => {
    expect(repr(new PyTuple([], 'tuple', null, 'zip'))).toBe('<zip object>')
  })
})

describe('Python float formatting', () => {
  it('rounds exact binary ties to even, where toFixed would round up', () => {
    expect(formatFixed(0.03125, 4)).toBe('0.0312')
    expect(formatFixed(0.125, 2)).toBe('0.12')
    expect(formatFixed(-0.0, 4)).toBe('-0.0000')
    expect(formatExp(1e10, 4)).toBe('1.0000e+10')
    expect(formatExp(9.99995e-5, 4)).toBe('9.9999e-05')
  })

  const formats = (torchCases.formats as { x: unknown; type: string; spec: string; text: string }[]).map(
    (f) => [f.x, f.type, f.spec, f.text] as [unknown, string, string, string]
  )
  it.each(formats)(
    'format(%s as %s, %j) is %j',
    (x, type, spec, text) => {
      const v = type === 'int' ? BigInt(x as number) : type === 'bool' ? (x as boolean) : type === 'str' ? (x as string) : (unplain(x) as number)
      expect(formatValue(v, spec as string)).toBe(text)
    }
  )

  it('formats a 0-dim tensor by its value and refuses a spec for bigger ones', () => {
    expect(formatValue(T.tensorFrom(1.5, 'float32'), '.3f')).toBe('1.500')
    expect(formatValue(T.tensorFrom([1.5], 'float32'), '')).toBe('tensor([1.5000])')
    expect(() => formatValue(T.tensorFrom([1.5], 'float32'), '.3f')).toThrow('unsupported format string passed to Tensor.__format__')
  })

  it.each(torchCases.rounds as [number, number, number][])('round(%s, %s) is %s', (x, n, r) => {
    expect(roundFloat(x, n)).toBe(r)
  })

  it('keeps Python\'s repr switch points between fixed and scientific', () => {
    expect(pyFloatRepr(1e-4)).toBe('0.0001')
    expect(pyFloatRepr(9.999e15)).toBe('9999000000000000.0')
    expect(pyFloatRepr(NaN)).toBe('nan')
    expect(pyFloatRepr(-Infinity)).toBe('-inf')
  })
})

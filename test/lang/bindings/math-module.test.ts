import { describe, expect, it } from 'vitest'
import { getAttribute } from '../../../src/core/lang/runtime/attributes'
import { makeMathModule } from '../../../src/core/lang/runtime/math-module'
import { torchSize } from '../../../src/core/lang/torch/tensor-methods'
import { call, floats, list, raised } from './helpers'

const math = makeMathModule()
const m = (name: string) => getAttribute(math, name)

describe('the math module', () => {
  it('computes sqrt, log, exp and pow on ints and floats', () => {
    expect(call(m('sqrt'), [16n])).toBe(4)
    expect(call(m('log'), [Math.E])).toBe(1)
    expect(call(m('log'), [8n, 2n])).toBe(3)
    expect(call(m('exp'), [0n])).toBe(1)
    expect(call(m('pow'), [2n, 0.5])).toBe(Math.SQRT2)
  })

  it('raises a math domain error where CPython does', () => {
    expect(raised(() => call(m('sqrt'), [-1n]))).toBe('ValueError: math domain error')
    expect(raised(() => call(m('log'), [0n]))).toBe('ValueError: math domain error')
    expect(raised(() => call(m('exp'), [1000n]))).toBe('OverflowError: math range error')
  })

  it('floors and ceils to ints', () => {
    expect(call(m('floor'), [2.7])).toBe(2n)
    expect(call(m('ceil'), [-2.7])).toBe(-2n)
    expect(call(m('floor'), [5n])).toBe(5n)
    expect(raised(() => call(m('floor'), [Infinity]))).toBe('OverflowError: cannot convert float infinity to integer')
    expect(raised(() => call(m('floor'), [NaN]))).toBe('ValueError: cannot convert float NaN to integer')
  })

  it('takes a one-element tensor as a number, as Python\'s __float__ does', () => {
    expect(call(m('sqrt'), [floats(4)])).toBe(2)
    expect(raised(() => call(m('sqrt'), [floats([1, 2])]))).toBe('ValueError: only one element tensors can be converted to Python scalars')
    expect(raised(() => call(m('sqrt'), ['4']))).toBe('TypeError: must be real number, not str')
  })

  it('compares with isclose and classifies with isnan and isinf', () => {
    expect(call(m('isclose'), [1.0, 1.0 + 1e-10])).toBe(true)
    expect(call(m('isclose'), [1.0, 1.001], { abs_tol: 0.01 })).toBe(true)
    expect(call(m('isnan'), [NaN])).toBe(true)
    expect(call(m('isinf'), [-Infinity])).toBe(true)
    expect(call(m('fabs'), [-2n])).toBe(2)
  })

  it('multiplies a torch.Size with prod, keeping ints', () => {
    expect(call(m('prod'), [torchSize([32, 3, 10])])).toBe(960n)
    expect(call(m('prod'), [list()])).toBe(1n)
  })

  it('has pi, e, inf and nan', () => {
    expect(m('pi')).toBe(Math.PI)
    expect(m('e')).toBe(Math.E)
    expect(m('inf')).toBe(Infinity)
    expect(Number.isNaN(m('nan'))).toBe(true)
  })

  it('suggests the nearest name for a misspelt function', () => {
    expect(raised(() => m('sqr'))).toBe("AttributeError: module 'math' has no attribute 'sqr'. Did you mean: 'sqrt'?")
  })
})

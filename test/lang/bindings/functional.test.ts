import { describe, expect, it } from 'vitest'
import { getAttribute } from '../../../src/core/lang/runtime/attributes'
import { makeFunctionalModule } from '../../../src/core/lang/torch/functional-module'
import type { PyValue } from '../../../src/core/lang/runtime/values'
import * as T from '../../../src/core/tensor'
import { call, fresh, longs, made, raised, torchCases } from './helpers'

const { ctx, printed } = fresh()
const F = makeFunctionalModule(ctx)
const f = (name: string) => getAttribute(F, name)
const v = torchCases.values

// the same logits and targets make_torch_cases.py fed PyTorch
const logits = made('mix', [8, 5])
const target = longs(Array.from({ length: 8 }, (_, i) => (i * 3) % 5))

function close(got: ArrayLike<number>, want: number[], tol = 1e-6): void {
  expect(got.length).toBe(want.length)
  Array.from(got).forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]))))
}

describe('F.cross_entropy and F.nll_loss agree with PyTorch', () => {
  it('averages over the batch by default', () => {
    close([(call(f('cross_entropy'), [logits, target]) as T.Tensor).item()], [v.cross_entropy_mean])
  })

  it('sums with reduction="sum" and keeps each row with reduction="none"', () => {
    close([(call(f('cross_entropy'), [logits, target], { reduction: 'sum' }) as T.Tensor).item()], [v.cross_entropy_sum])
    close((call(f('cross_entropy'), [logits, target], { reduction: 'none' }) as T.Tensor).values(), v.cross_entropy_none)
  })

  it('gives the same loss as nll_loss of log_softmax', () => {
    const logp = call(f('log_softmax'), [logits, 1n])
    close([(call(f('nll_loss'), [logp, target]) as T.Tensor).item()], [v.nll_loss_of_log_softmax])
  })

  it('refuses an unknown reduction as PyTorch does', () => {
    expect(raised(() => call(f('cross_entropy'), [logits, target], { reduction: 'avg' }))).toBe(
      'ValueError: avg is not a valid value for reduction'
    )
  })

  it('refuses options it does not implement instead of ignoring them', () => {
    expect(raised(() => call(f('cross_entropy'), [logits, target], { label_smoothing: 0.1 }))).toMatch(/^NotImplementedError/)
  })
})

describe('F.softmax', () => {
  it('normalizes along the given dim', () => {
    close(T.select(call(f('softmax'), [logits], { dim: 1n }) as T.Tensor, 0, 0).values(), v.softmax_row0)
  })

  it('picks dim 1 for a 2-D input when none is given, warning as PyTorch does', () => {
    const before = printed.length
    close(T.select(call(f('softmax'), [logits]) as T.Tensor, 0, 0).values(), v.softmax_implicit_row0)
    expect(printed.slice(before).join('')).toMatch(/Implicit dimension choice for softmax has been deprecated/)
  })

  it('has F\'s own signature, without numpy\'s axis=', () => {
    expect(raised(() => call(f('softmax'), [logits], { axis: 1n }))).toBe("TypeError: softmax() got an unexpected keyword argument 'axis'")
  })
})

describe('F.one_hot', () => {
  it('makes int64 rows as wide as the largest class plus one', () => {
    const oh = call(f('one_hot'), [target]) as T.Tensor
    expect(oh.dtype).toBe('int64')
    expect(oh.toNested()).toEqual(v.one_hot)
  })

  it('takes num_classes by keyword, as the lecture writes it', () => {
    expect((call(f('one_hot'), [longs([0, 2])], { num_classes: 4n }) as T.Tensor).shape).toEqual([2, 4])
  })

  it('refuses float class indices', () => {
    expect(raised(() => call(f('one_hot'), [T.zeros([2])]))).toBe('RuntimeError: one_hot is only applicable to index tensor.')
  })
})

describe('reductions on the same logits agree with PyTorch', () => {
  const m = (name: string, args: PyValue[] = []) => call(getAttribute(logits, name), args) as T.Tensor

  it('logsumexp, var, std and cumsum', () => {
    close(m('logsumexp', [1n]).values(), v.logsumexp_dim1)
    close(m('var', [0n]).values(), v.var_dim0)
    close((call(getAttribute(logits, 'var'), [0n], { unbiased: false }) as T.Tensor).values(), v.var_biased_dim0)
    close([m('std').item()], [v.std_all])
    close(T.select(m('cumsum', [1n]), 0, 0).values(), v.cumsum_dim1_row0)
  })
})

describe('other functions of F', () => {
  it('mse_loss, relu, tanh, linear and embedding', () => {
    const a = T.tensorFrom([1, 2, 3], 'float32')
    const b = T.tensorFrom([1, 1, 1], 'float32')
    expect((call(f('mse_loss'), [a, b]) as T.Tensor).item()).toBeCloseTo(5 / 3, 6)
    expect((call(f('relu'), [T.tensorFrom([-1, 2], 'float32')]) as T.Tensor).toNested()).toEqual([0, 2])
    expect((call(f('tanh'), [T.zeros([1])]) as T.Tensor).toNested()).toEqual([0])
    const W = T.tensorFrom([[1, 0, 0], [0, 1, 0]], 'float32')
    expect((call(f('linear'), [a, W]) as T.Tensor).toNested()).toEqual([1, 2])
    expect((call(f('embedding'), [longs([1]), W]) as T.Tensor).toNested()).toEqual([[0, 1, 0]])
  })
})

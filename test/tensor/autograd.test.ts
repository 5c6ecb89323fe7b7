// The autograd engine's bookkeeping, as worked examples: where gradients land, how they add up, and when
// nothing is recorded. (Each op's own backward rule is checked in gradcheck.test.ts and golden.test.ts.)
import { describe, expect, it } from 'vitest'
import * as T from '../../src/core/tensor'
import { Tensor } from '../../src/core/tensor'

function leaf(values: number[]): Tensor {
  const x = T.tensorFrom(values)
  x.requiresGrad = true
  return x
}

describe('where gradients land', () => {
  it('two backward passes add into .grad: d(2x)/dx + d(3x)/dx = 2 + 3', () => {
    const x = leaf([1, 2])
    T.backward(T.sum(T.mul(x, 2n)))
    T.backward(T.sum(T.mul(x, 3n)))
    expect(x.grad!.toNested()).toEqual([2 + 3, 2 + 3])
  })

  it('a tensor used twice gets the sum of both paths: d(x * x + x)/dx = 2x + 1', () => {
    const x = leaf([1, 2])
    T.backward(T.sum(T.add(T.mul(x, x), x)))
    expect(x.grad!.toNested()).toEqual([2 * 1 + 1, 2 * 2 + 1])
  })

  it('an intermediate keeps its gradient only when it retains it', () => {
    const x = leaf([1, 2])
    const h = T.mul(x, 3n)
    const y = T.mul(h, h)
    h.retainsGrad = true
    T.backward(T.sum(y))
    expect(h.grad!.toNested()).toEqual([2 * 3, 2 * 6])
    expect(y.grad).toBeNull()
  })

  it('a broadcast input gets the gradient summed over the broadcast dims: b (3,) in x (2, 3) + b', () => {
    const b = leaf([0, 0, 0])
    T.backward(T.sum(T.add(T.zeros([2, 3]), b)))
    expect(b.grad!.toNested()).toEqual([1 + 1, 1 + 1, 1 + 1])
  })

  it('detach stops the gradient: d(detach(x) * x)/dx = x', () => {
    const x = leaf([3, 4])
    T.backward(T.sum(T.mul(T.detach(x), x)))
    expect(x.grad!.toNested()).toEqual([3, 4])
  })
})

describe('when nothing is recorded', () => {
  it('under no_grad an op on a tensor that requires grad gives one that does not', () => {
    const x = leaf([1])
    const y = T.withGradMode(false, () => T.mul(x, 2n))
    expect(y.requiresGrad).toBe(false)
    expect(y.gradFn).toBeNull()
  })

  it('backward of a tensor without history raises as PyTorch does', () => {
    expect(() => T.backward(T.sum(T.zeros([2])))).toThrow(
      'element 0 of tensors does not require grad and does not have a grad_fn'
    )
  })

  it('backward of a non-scalar without a seed raises as PyTorch does', () => {
    expect(() => T.backward(T.mul(leaf([1, 2]), 2n))).toThrow('grad can be implicitly created only for scalar outputs')
  })

  it('backward of a non-scalar with a seed uses it as the upstream gradient', () => {
    const x = leaf([1, 2])
    T.backward(T.mul(x, 2n), T.tensorFrom([10, 100]))
    expect(x.grad!.toNested()).toEqual([2 * 10, 2 * 100])
  })
})

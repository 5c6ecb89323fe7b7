// Autograd against finite differences: for each differentiable op, on small random inputs, the gradient that
// backward() gives for loss = Σ out · w (w random) must match the central difference (loss(x + h) - loss(x - h)) / 2h
// of that same loss, element by element. The op runs in float32, so the loss is summed in double from its float32
// outputs, h is 1e-2 (the outputs' rounding, ~6e-8 relative, then costs ~1e-5 of the gradient) and the tolerance is
// 5e-3 of the gradient's scale: loose for rounding, far too tight for a wrong rule (a sign flip, a missing broadcast
// sum, a factor of 2).
import { describe, expect, it } from 'vitest'
import * as T from '../../src/core/tensor'
import { Tensor } from '../../src/core/tensor'
import { Generator } from '../../src/core/random'
import { maskedFill } from '../../src/core/lang/torch/tensor-extras'

const gen = new Generator(2024)
const numelOf = (shape: number[]) => shape.reduce((p, s) => p * s, 1)

function randn(...shape: number[]): Tensor {
  return Tensor.fromStorage(gen.randn(numelOf(shape)), shape, 'float32')
}

function uniform(lo: number, hi: number, ...shape: number[]): Tensor {
  return Tensor.fromValues(Array.from(gen.rand(numelOf(shape)), (u) => lo + (hi - lo) * u), shape)
}

/** Random values at least 0.1 from every kink (so x ± h stays on one side of it). */
function awayFrom(kinks: number[], ...shape: number[]): Tensor {
  const v = Array.from(gen.randn(numelOf(shape)), (x) => x * 1.5)
  for (let i = 0; i < v.length; i++)
    for (const k of kinks) if (Math.abs(v[i] - k) < 0.1) v[i] = k + (v[i] < k ? -0.1 : 0.1) - (v[i] - k)
  return Tensor.fromValues(v, shape)
}

/** Distinct values 0.1 apart in random order: no ties for max, min or sort-like ops. */
function distinct(...shape: number[]): Tensor {
  const n = numelOf(shape)
  const order = Array.from(gen.rand(n), (u, i) => [u, i] as const).sort((p, q) => p[0] - q[0])
  const v = new Array<number>(n)
  order.forEach(([, i], k) => (v[i] = (k - n / 2) * 0.1))
  return Tensor.fromValues(v, shape)
}

const long = (values: number[], shape = [values.length]) => Tensor.fromValues(values, shape, 'int64')

/** Σ out · w in double precision, from the float32 outputs. */
function lossOf(out: Tensor, w: ArrayLike<number>): number {
  const v = out.values()
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i] * w[i]
  return s
}

type Op = (xs: Tensor[]) => Tensor

/** The largest |autograd - finite difference| over all inputs, over the gradient's scale (must be < 1). */
function gradcheck(f: Op, inputs: Tensor[]): number {
  const leaves = inputs.map((x) => T.clone(x))
  leaves.forEach((x) => (x.requiresGrad = true))
  const out = f(leaves)
  const w = gen.randn(out.numel)
  T.backward(T.sum(T.mul(out, Tensor.fromStorage(w, out.shape, 'float32'))))
  let worst = 0
  inputs.forEach((x, i) => {
    const grad = leaves[i].grad
    expect(grad, `gradient of input ${i}`).not.toBeNull()
    expect(grad!.shape, `gradient shape of input ${i}`).toEqual(x.shape)
    const auto = grad!.values()
    const fd = new Float64Array(x.numel)
    for (let j = 0; j < x.numel; j++) {
      const at = (delta: number): [number, number] => {
        const moved = inputs.map((y) => Tensor.fromStorage(y.toArray(), y.shape, y.dtype))
        moved[i].storage[j] = moved[i].storage[j] + delta
        const value = moved[i].storage[j]
        return [T.withGradMode(false, () => lossOf(f(moved), w)), value]
      }
      const [up, xUp] = at(1e-2)
      const [down, xDown] = at(-1e-2)
      fd[j] = (up - down) / (xUp - xDown)
    }
    let scale = 1
    for (const g of fd) scale = Math.max(scale, Math.abs(g))
    for (let j = 0; j < fd.length; j++) worst = Math.max(worst, Math.abs(auto[j] - fd[j]) / (5e-3 * scale))
  })
  return worst
}

const mask34 = T.gt(randn(3, 4), 0)
const causal = T.eq(T.triangle(T.ones([4, 4]), 0, true), 0)

const cases: [string, Op, Tensor[]][] = [
  // elementwise arithmetic, with broadcasting (the gradient must be summed back to each input's shape)
  ['add broadcasting (3,1,4) + (2,4)', ([a, b]) => T.add(a, b), [randn(3, 1, 4), randn(2, 4)]],
  ['sub broadcasting (4,1) - (1,3)', ([a, b]) => T.sub(a, b), [randn(4, 1), randn(1, 3)]],
  ['mul broadcasting (2,3) * (3,)', ([a, b]) => T.mul(a, b), [randn(2, 3), randn(3)]],
  ['div broadcasting (2,3) / (2,1)', ([a, b]) => T.div(a, b), [randn(2, 3), uniform(0.5, 2, 2, 1)]],
  ['python float / tensor', ([a]) => T.div(1.5, a), [uniform(0.5, 2, 2, 3)]],
  ['python float - tensor', ([a]) => T.sub(2.0, a), [randn(2, 3)]],
  ['neg', ([a]) => T.neg(a), [randn(2, 3)]],
  ['x ** 2', ([a]) => T.pow(a, 2n), [randn(2, 3)]],
  ['x ** 3', ([a]) => T.pow(a, 3.0), [randn(2, 3)]],
  ['x ** 0.5', ([a]) => T.pow(a, 0.5), [uniform(0.3, 2, 2, 3)]],
  ['x ** -0.5', ([a]) => T.pow(a, -0.5), [uniform(0.3, 2, 2, 3)]],
  ['x ** -1', ([a]) => T.pow(a, -1.0), [uniform(0.3, 2, 2, 3)]],
  ['x ** -1.5', ([a]) => T.pow(a, -1.5), [uniform(0.3, 2, 2, 3)]],
  ['x ** 1.7', ([a]) => T.pow(a, 1.7), [uniform(0.3, 2, 2, 3)]],
  ['tensor ** tensor', ([a, b]) => T.pow(a, b), [uniform(0.3, 2, 2, 3), randn(3)]],
  ['python float ** tensor', ([a]) => T.pow(2.5, a), [randn(2, 3)]],
  ['exp', ([a]) => T.exp(a), [randn(2, 3)]],
  ['log', ([a]) => T.log(a), [uniform(0.3, 3, 2, 3)]],
  ['tanh', ([a]) => T.tanh(a), [randn(2, 3)]],
  ['sqrt', ([a]) => T.sqrt(a), [uniform(0.3, 3, 2, 3)]],
  ['rsqrt', ([a]) => T.rsqrt(a), [uniform(0.3, 3, 2, 3)]],
  ['reciprocal', ([a]) => T.reciprocal(a), [uniform(0.3, 3, 2, 3)]],
  ['sigmoid', ([a]) => T.sigmoid(a), [randn(2, 3)]],
  ['sin', ([a]) => T.sin(a), [randn(2, 3)]],
  ['cos', ([a]) => T.cos(a), [randn(2, 3)]],
  ['log1p', ([a]) => T.log1p(a), [uniform(-0.5, 3, 2, 3)]],
  ['abs', ([a]) => T.abs(a), [awayFrom([0], 2, 3)]],
  ['relu', ([a]) => T.relu(a), [awayFrom([0], 3, 4)]],
  ['clamp', ([a]) => T.clamp(a, -0.5, 0.5), [awayFrom([-0.5, 0.5], 3, 4)]],
  ['maximum', ([a, b]) => T.maximum(a, b), [distinct(3, 4), distinct(4)]],
  ['minimum', ([a, b]) => T.minimum(a, b), [distinct(3, 4), distinct(4)]],
  ['where', ([a, b]) => T.where(mask34, a, b), [randn(3, 4), randn(4)]],
  ['float to float', ([a]) => T.toDType(a, 'float32'), [randn(2, 3)]],
  // reductions
  ['sum over all', ([a]) => T.sum(a), [randn(2, 3)]],
  ['sum over dim 1', ([a]) => T.sum(a, 1), [randn(2, 3, 2)]],
  ['sum over dims (0, 2) keepdim', ([a]) => T.sum(a, [0, 2], true), [randn(2, 3, 2)]],
  ['mean over dim -1', ([a]) => T.mean(a, -1), [randn(2, 3, 2)]],
  ['mean over all', ([a]) => T.mean(a), [randn(2, 3)]],
  ['prod over dim 1', ([a]) => T.prod(a, 1), [randn(3, 4)]],
  ['prod over all', ([a]) => T.prod(a), [uniform(0.5, 1.5, 2, 3)]],
  ['prod with a zero', ([a]) => T.prod(a, 1), [Tensor.fromValues([2, 0, 3, 1, 2, 3], [2, 3])]],
  ['var over dim 0', ([a]) => T.variance(a, 0), [randn(4, 3)]],
  ['var over all, biased', ([a]) => T.variance(a, null, 0), [randn(4, 3)]],
  ['std over dim 1 keepdim', ([a]) => T.std(a, 1, 1, true), [randn(3, 4)]],
  ['logsumexp over dim 1', ([a]) => T.logsumexp(a, 1), [randn(3, 4)]],
  ['max over dim 1', ([a]) => T.maxDim(a, 1).values, [distinct(3, 4)]],
  ['min over dim 0 keepdim', ([a]) => T.maxDim(a, 0, true, true).values, [distinct(3, 4)]],
  ['max over all', ([a]) => T.maxAll(a), [distinct(3, 4)]],
  ['cumsum over dim 1', ([a]) => T.cumsum(a, 1), [randn(3, 4)]],
  // movement
  ['view', ([a]) => T.view(a, [3, -1]), [randn(2, 3, 2)]],
  ['reshape of a transpose', ([a]) => T.reshape(T.t(a), [-1]), [randn(2, 3)]],
  ['transpose', ([a]) => T.transpose(a, 0, 2), [randn(2, 3, 2)]],
  ['permute', ([a]) => T.permute(a, [2, 0, 1]), [randn(2, 3, 2)]],
  ['unsqueeze and squeeze', ([a]) => T.squeeze(T.unsqueeze(a, 1), 1), [randn(2, 3)]],
  ['expand', ([a]) => T.expand(a, [2, 3, 4]), [randn(3, 1)]],
  ['flatten', ([a]) => T.flatten(a, 1), [randn(2, 3, 2)]],
  ['repeat', ([a]) => T.repeat(a, [2, 1, 3]), [randn(2, 3)]],
  ['cat', ([a, b]) => T.cat([a, b, a], 1), [randn(2, 3), randn(2, 1)]],
  ['stack', ([a, b]) => T.stack([a, b], 1), [randn(2, 3), randn(2, 3)]],
  // matrix products
  ['matmul 1-d by 1-d', ([a, b]) => T.matmul(a, b), [randn(4), randn(4)]],
  ['matmul 2-d by 1-d', ([a, b]) => T.matmul(a, b), [randn(3, 4), randn(4)]],
  ['matmul 1-d by 2-d', ([a, b]) => T.matmul(a, b), [randn(4), randn(4, 2)]],
  ['matmul 2-d by 2-d', ([a, b]) => T.matmul(a, b), [randn(3, 4), randn(4, 2)]],
  ['matmul batched with broadcast', ([a, b]) => T.matmul(a, b), [randn(2, 1, 3, 4), randn(3, 4, 2)]],
  // indexing: repeated indices must add up in the gradient
  ['C[Xb] with repeats', ([a]) => T.getItem(a, [{ kind: 'tensor', tensor: long([1, 3, 1, 1, 0, 3], [2, 3]) }]), [randn(4, 2)]],
  [
    'x[range, targets]',
    ([a]) => T.getItem(a, [{ kind: 'tensor', tensor: long([0, 1, 2]) }, { kind: 'tensor', tensor: long([2, 0, 2]) }]),
    [randn(3, 4)]
  ],
  [
    'x[[0, 1], :, [1, 1]] (non-adjacent)',
    ([a]) =>
      T.getItem(a, [
        { kind: 'tensor', tensor: long([0, 1]) },
        { kind: 'slice', start: null, stop: null, step: null },
        { kind: 'tensor', tensor: long([1, 1]) }
      ]),
    [randn(2, 3, 2)]
  ],
  [
    'x[1:, ::2, None]',
    ([a]) => T.getItem(a, [{ kind: 'slice', start: 1, stop: null, step: null }, { kind: 'slice', start: null, stop: null, step: 2 }, { kind: 'none' }]),
    [randn(3, 4)]
  ],
  ['x[mask]', ([a]) => T.getItem(a, [{ kind: 'tensor', tensor: Tensor.fromValues([1, 0, 1, 1, 0, 1], [2, 3], 'bool') }]), [randn(2, 3)]],
  ['gather', ([a]) => T.gather(a, 1, long([0, 0, 2, 1], [2, 2])), [randn(2, 3)]],
  ['index_select with repeats', ([a]) => T.indexSelect(a, 0, long([1, 1, 0])), [randn(2, 3)]],
  // the loss
  // what the lessons need: causal masks, -inf through softmax, batched attention products, tuple-dim statistics
  ['tril', ([a]) => T.triangle(a, 0, true), [randn(4, 5)]],
  ['triu diagonal 1 of 3-d', ([a]) => T.triangle(a, 1, false), [randn(2, 3, 3)]],
  ['softmax(-1) of a causally masked (-inf) score', ([a]) => T.softmax(maskedFill(a, causal, -Infinity), -1), [randn(2, 4, 4)]],
  ['q @ k.transpose(-2, -1) batched', ([a, b]) => T.matmul(a, T.transpose(b, -2, -1)), [randn(2, 3, 4), randn(2, 5, 4)]],
  ['mean over (0, 1) keepdim of 3-d', ([a]) => T.mean(a, [0, 1], true), [randn(4, 3, 5)]],
  ['var over (0, 1) keepdim, biased', ([a]) => T.variance(a, [0, 1], 0, true), [randn(4, 3, 5)]],
  ['softmax over dim 1', ([a]) => T.softmax(a, 1), [randn(3, 4)]],
  ['softmax over dim 0', ([a]) => T.softmax(a, 0), [randn(3, 4)]],
  ['log_softmax over dim 1', ([a]) => T.logSoftmax(a, 1), [randn(3, 4)]],
  ['cross_entropy', ([a]) => T.crossEntropy(a, long([3, 0, 3])), [randn(3, 4)]],
  ['cross_entropy summed', ([a]) => T.crossEntropy(a, long([1, 2]), 'sum'), [randn(2, 4)]],
  ['nll_loss unreduced', ([a]) => T.nllLoss(a, long([1, 2]), 'none'), [randn(2, 4)]],
  // composites: a tensor used twice, and the lecture's batchnorm
  ['x * x + x', ([a]) => T.add(T.mul(a, a), a), [randn(2, 3)]],
  [
    'batchnorm',
    ([h, g, b]) => {
      const diff = T.sub(h, T.mean(h, 0, true))
      const inv = T.pow(T.add(T.mul(1 / 7, T.sum(T.pow(diff, 2n), 0, true)), 1e-5), -0.5)
      return T.add(T.mul(g, T.mul(diff, inv)), b)
    },
    [randn(8, 3), randn(1, 3), randn(1, 3)]
  ]
]

describe('autograd agrees with finite differences', () => {
  it.each(cases)('%s', (_, f, inputs) => {
    expect(gradcheck(f, inputs)).toBeLessThan(1)
  })
})

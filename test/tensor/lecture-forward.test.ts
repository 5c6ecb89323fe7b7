import { describe, expect, it } from 'vitest'
import { fromJSON, loadFixture, scaledError } from '../fixtures'
import * as T from '../../src/core/tensor'

// The lecture's forward pass written with the engine's functions, on the fixture's own parameters and batch.
function forward(fx: ReturnType<typeof loadFixture>) {
  const p: Record<string, T.Tensor> = {}
  for (const k of ['C', 'W1', 'b1', 'W2', 'b2', 'bngain', 'bnbias']) {
    p[k] = fromJSON(fx.tensors[k])
    p[k].requiresGrad = true
  }
  const Xb = fromJSON(fx.Xb)
  const Yb = fromJSON(fx.Yb)
  const n = fx.config.batch_size
  const v: Record<string, T.Tensor> = {}
  v.emb = T.getItem(p.C, [{ kind: 'tensor', tensor: Xb }])
  v.embcat = T.view(v.emb, [v.emb.shape[0], -1])
  v.hprebn = T.add(T.matmul(v.embcat, p.W1), p.b1)
  v.bnmeani = T.mul(1 / n, T.sum(v.hprebn, 0, true))
  v.bndiff = T.sub(v.hprebn, v.bnmeani)
  v.bndiff2 = T.pow(v.bndiff, 2)
  v.bnvar = T.mul(1 / (n - 1), T.sum(v.bndiff2, 0, true))
  v.bnvar_inv = T.pow(T.add(v.bnvar, 1e-5), -0.5)
  v.bnraw = T.mul(v.bndiff, v.bnvar_inv)
  v.hpreact = T.add(T.mul(p.bngain, v.bnraw), p.bnbias)
  v.h = T.tanh(v.hpreact)
  v.logits = T.add(T.matmul(v.h, p.W2), p.b2)
  v.logit_maxes = T.maxDim(v.logits, 1, true).values
  v.norm_logits = T.sub(v.logits, v.logit_maxes)
  v.counts = T.exp(v.norm_logits)
  v.counts_sum = T.sum(v.counts, 1, true)
  v.counts_sum_inv = T.pow(v.counts_sum, -1)
  v.probs = T.mul(v.counts, v.counts_sum_inv)
  v.logprobs = T.log(v.probs)
  const picked = T.getItem(v.logprobs, [
    { kind: 'tensor', tensor: T.arange(0, n, 1, 'int64') },
    { kind: 'tensor', tensor: Yb }
  ])
  const loss = T.neg(T.mean(picked))
  for (const t of Object.values(v)) t.retainsGrad = true
  T.backward(loss)
  return { p, v, loss, Xb, Yb }
}

describe.each(['default', 'wide'] as const)('the lecture forward pass on the %s fixture', (name) => {
  const fx = loadFixture(name)
  const { p, v, loss } = forward(fx)

  it('gives PyTorch loss to float32 precision', () => {
    expect(Math.abs(loss.item() - fx.loss)).toBeLessThan(1e-6)
  })

  it.each(Object.keys(fx.tensors).filter((k) => !(k in { C: 1, W1: 1, b1: 1, W2: 1, b2: 1, bngain: 1, bnbias: 1 })))(
    'computes %s as PyTorch does',
    (k) => {
      const got = v[k]
      expect(got.shape).toEqual(fx.tensors[k].shape)
      expect(scaledError(got.values(), fx.tensors[k].data)).toBeLessThan(1)
    }
  )

  it.each(Object.keys(fx.grads))('backpropagates the gradient of %s as PyTorch autograd does', (k) => {
    const t = v[k] ?? p[k]
    expect(t.grad).not.toBeNull()
    expect(t.grad!.shape).toEqual(fx.grads[k].shape)
    expect(scaledError(t.grad!.values(), fx.grads[k].data)).toBeLessThan(1)
  })
})

// Exercise 4's built-in training step: the lecture's MLP forward, the fused manual backward of exercises 2 and 3,
// and the SGD update, over float32 buffers allocated once (in the kernels' memory). The hot loop allocates nothing.

import { PARAMS, type ParamName } from '../api'
import { createMlpKernels, type MlpKernels } from '../kernels/mlp'
import type { Params } from './params'

/** Layer sizes: vocab V, embedding E, block B (D = E*B inputs), hidden H, batch n. */
export interface Dims {
  V: number
  E: number
  B: number
  H: number
  n: number
}


/** The parameters (or their gradients) as flat float32 arrays, in the lecture's order. */
export type FlatParams = Record<ParamName, Float32Array>

/** One MLP with its activation and gradient buffers: forward, backward and update work in place. */
export class FlatMLP {
  readonly D: number
  readonly kernels: MlpKernels
  readonly p: FlatParams
  readonly grads: FlatParams
  // activations of the last forward()
  readonly embcat: Float32Array
  readonly hpre: Float32Array
  readonly bnraw: Float32Array
  readonly h: Float32Array
  readonly logits: Float32Array
  readonly bnvarInv: Float32Array
  private readonly meanF: Float32Array
  // backward scratch
  readonly dlogits: Float32Array
  readonly dh: Float32Array
  readonly dhpre: Float32Array
  readonly dembcat: Float32Array
  private readonly colSum: Float64Array
  private readonly colSum2: Float64Array

  constructor(
    readonly dims: Dims,
    init: Params,
    options: { simd?: boolean } = {}
  ) {
    const { V, E, B, H, n } = dims
    const D = (this.D = E * B)
    const sizes: Record<ParamName, number> = { C: V * E, W1: D * H, b1: H, W2: H * V, b2: V, bngain: H, bnbias: H }
    const paramFloats = Object.values(sizes).reduce((s, x) => s + x, 0)
    const actFloats = n * D * 2 + n * H * 6 + n * V * 2 + 2 * H
    this.kernels = createMlpKernels(2 * paramFloats + actFloats + 64 * 16, options)
    const g = this.kernels
    const alloc = (k: ParamName) => g.alloc(sizes[k])
    this.p = { C: alloc('C'), W1: alloc('W1'), b1: alloc('b1'), W2: alloc('W2'), b2: alloc('b2'), bngain: alloc('bngain'), bnbias: alloc('bnbias') }
    this.grads = { C: alloc('C'), W1: alloc('W1'), b1: alloc('b1'), W2: alloc('W2'), b2: alloc('b2'), bngain: alloc('bngain'), bnbias: alloc('bnbias') }
    for (const k of PARAMS) this.p[k].set(init[k].values())
    this.embcat = g.alloc(n * D)
    this.hpre = g.alloc(n * H)
    this.bnraw = g.alloc(n * H)
    this.h = g.alloc(n * H)
    this.logits = g.alloc(n * V)
    this.bnvarInv = g.alloc(H)
    this.meanF = g.alloc(H)
    this.dlogits = g.alloc(n * V)
    this.dh = g.alloc(n * H)
    this.dhpre = g.alloc(n * H)
    this.dembcat = g.alloc(n * D)
    this.colSum = new Float64Array(H)
    this.colSum2 = new Float64Array(H)
  }

  /** Forward pass on a batch (Xb: n*B context indices, Y: n targets); returns the mean cross-entropy loss. */
  forward(Xb: ArrayLike<number>, Y: ArrayLike<number>): number {
    const { V, E, B, H, n } = this.dims
    const D = this.D
    const { C, W1, b1, W2, b2, bngain, bnbias } = this.p
    const { embcat, hpre, bnraw, h, logits, bnvarInv } = this
    // emb = C[Xb]; embcat = emb.view(n, -1)
    for (let i = 0; i < n; i++)
      for (let b = 0; b < B; b++) {
        const row = Xb[i * B + b] * E
        const at = i * D + b * E
        for (let e = 0; e < E; e++) embcat[at + e] = C[row + e]
      }
    // hprebn = embcat @ W1 + b1   (n, D) @ (D, H)
    for (let i = 0; i < n; i++) hpre.set(b1, i * H)
    this.kernels.nn(embcat, W1, hpre, n, D, H)
    // batch norm with the batch's mean and unbiased (n-1) variance
    const mean = this.colSum
    const vsum = this.colSum2
    mean.fill(0)
    vsum.fill(0)
    for (let i = 0; i < n; i++) {
      const o = i * H
      for (let j = 0; j < H; j++) mean[j] += hpre[o + j]
    }
    const meanF = this.meanF
    for (let j = 0; j < H; j++) meanF[j] = mean[j] = Math.fround(mean[j] / n)
    for (let i = 0; i < n; i++) {
      const o = i * H
      for (let j = 0; j < H; j++) {
        const d = hpre[o + j] - mean[j]
        vsum[j] += d * d
      }
    }
    for (let j = 0; j < H; j++) bnvarInv[j] = 1 / Math.sqrt(Math.fround(Math.fround(vsum[j] / (n - 1)) + 1e-5))
    // bnraw = (hprebn - mean) * bnvar_inv; h = tanh(bngain * bnraw + bnbias)
    this.kernels.bnTanh(hpre, meanF, bnvarInv, bngain, bnbias, bnraw, h, n, H)
    // logits = h @ W2 + b2   (n, H) @ (H, V); then the mean cross entropy
    for (let i = 0; i < n; i++) logits.set(b2, i * V)
    this.kernels.nn(h, W2, logits, n, H, V)
    // cross entropy, keeping softmax(logits) in dlogits for the backward pass
    const probs = this.dlogits
    let loss = 0
    for (let i = 0; i < n; i++) {
      const o = i * V
      let m = -Infinity
      for (let j = 0; j < V; j++) m = Math.max(m, logits[o + j])
      let s = 0
      for (let j = 0; j < V; j++) {
        const e = Math.exp(logits[o + j] - m)
        probs[o + j] = e
        s += e
      }
      const inv = 1 / s
      for (let j = 0; j < V; j++) probs[o + j] *= inv
      loss += m + Math.log(s) - logits[o + Y[i]]
    }
    return loss / n
  }

  /** Backward pass for the batch of the last forward(): fills `grads` with exercises 2 and 3's fused formulas. */
  backward(Xb: ArrayLike<number>, Y: ArrayLike<number>): void {
    const { V, E, B, H, n } = this.dims
    const D = this.D
    const { W1, W2, bngain } = this.p
    const { embcat, bnraw, h, dlogits, dh, dhpre, dembcat, bnvarInv, grads } = this
    // dlogits = (softmax(logits) - one_hot(Y)) / n; forward() left softmax(logits) in dlogits
    const invN = 1 / n
    for (let i = 0; i < n * V; i++) dlogits[i] *= invN
    for (let i = 0; i < n; i++) dlogits[i * V + Y[i]] -= invN
    // dW2 = h.T @ dlogits; db2 = dlogits.sum(0); dh = dlogits @ W2.T; dhpreact = (1 - h**2) * dh
    grads.W2.fill(0)
    this.kernels.tn(h, dlogits, grads.W2, n, H, V)
    const db2 = grads.b2
    db2.fill(0)
    for (let i = 0; i < n; i++) for (let j = 0; j < V; j++) db2[j] += dlogits[i * V + j]
    this.kernels.nt(dlogits, W2, dh, n, V, H)
    // tanh and batch norm backward (exercise 3): dhpreact, dbngain, dbnbias, dhprebn and db1 in one pass
    this.kernels.bnTanhBackward(dh, h, bnraw, bngain, bnvarInv, dhpre, grads.bngain, grads.bnbias, grads.b1, n, H)
    // dW1 = embcat.T @ dhprebn; db1 = dhprebn.sum(0); dembcat = dhprebn @ W1.T, scattered into dC by Xb
    grads.W1.fill(0)
    this.kernels.tn(embcat, dhpre, grads.W1, n, D, H)
    this.kernels.nt(dhpre, W1, dembcat, n, H, D)
    const dC = grads.C
    dC.fill(0)
    for (let i = 0; i < n; i++)
      for (let b = 0; b < B; b++) {
        const row = Xb[i * B + b] * E
        const at = i * D + b * E
        for (let e = 0; e < E; e++) dC[row + e] += dembcat[at + e]
      }
  }

  /** p += -lr * grad for every parameter (the lecture's update, under no_grad). */
  update(lr: number): void {
    for (const k of PARAMS) this.kernels.axpy(this.grads[k], this.p[k], -lr)
  }
}

// Exercise 4: train the MLP with a manual backward pass (the built-in fused one, or the learner's own code run by
// the interpreter), with the lecture's loop, then calibrate batch norm on the training set, measure the split
// losses and sample names.

import type { ModelConfig } from '../api'
import { createMlpKernels } from '../kernels/mlp'
import type { Generator } from '../random'
import { Generator as TorchGenerator } from '../random'
import { makeDataset, type Dataset, type Split } from './dataset'
import { FlatMLP } from './train-step'
import { initParams } from './params'

export interface TrainOptions {
  steps: number
  /** lr is 0.1 before this step and 0.01 from it (the lecture: 100,000) */
  lrDecayStep?: number
  /** names to sample after training (the lecture: 20) */
  samples?: number
  /** called every `progressEvery` steps with the step count so far and the last batch loss */
  onProgress?: (step: number, loss: number) => void
  progressEvery?: number
  /** polled every `progressEvery` steps; true ends training early (stop) */
  shouldStop?: () => boolean
  /** use the WASM SIMD kernels when they can be compiled (default) */
  simd?: boolean
}

export interface TrainResult {
  steps: number
  seconds: number
  ms_per_step: number
  /** the last batch's loss */
  loss: number
  train: number
  val: number
  samples: string[]
  /** every step's batch loss */
  losses: Float32Array
  simd: boolean
}

/**
 * A training step's gradients: fills `grads` for the batch the model's parameters see. One marked `runsForward`
 * computes the forward pass itself and returns the batch's loss; the model's own forward pass is then skipped.
 */
export type BackwardFn = ((mlp: FlatMLP, Xb: Float64Array, Yb: Float64Array) => number | void) & { readonly runsForward?: boolean }

/** The built-in backward: exercises 2 and 3's fused formulas (no autograd, no allocation). */
export const builtInBackward: BackwardFn = (mlp, Xb, Yb) => mlp.backward(Xb, Yb)

/** Copies rows ix of a split into the batch buffers. */
function gather(split: Split, ix: ArrayLike<number>, B: number, Xb: Float64Array, Yb: Float64Array): void {
  const X = split.X.storage
  const Y = split.Y.storage
  for (let i = 0; i < ix.length; i++) {
    const r = ix[i]
    for (let b = 0; b < B; b++) Xb[i * B + b] = X[r * B + b]
    Yb[i] = Y[r]
  }
}

/**
 * The lecture's training loop as an object that runs in slices, so a worker can report progress, pause, resume
 * and stop between them: parameters from the contract's seeds, a fresh batch from `g` every step.
 */
export class Trainer {
  readonly mlp: FlatMLP
  readonly dataset: Dataset
  readonly losses: Float32Array
  step = 0
  lastLoss = NaN
  /** milliseconds spent inside steps (pauses excluded) */
  elapsed = 0
  private readonly g: Generator
  private readonly Xb: Float64Array
  private readonly Yb: Float64Array

  constructor(
    namesText: string,
    config: ModelConfig,
    readonly total: number,
    readonly lrDecayStep = 100_000,
    private readonly backwardFn: BackwardFn = builtInBackward,
    simd?: boolean
  ) {
    this.dataset = makeDataset(namesText, config.shuffle_seed, config.block_size)
    const V = this.dataset.itos.length
    const { g, params } = initParams(V, config)
    this.g = g
    const dims = { V, E: config.n_embd, B: config.block_size, H: config.n_hidden, n: config.batch_size }
    this.mlp = new FlatMLP(dims, params, { simd })
    this.Xb = new Float64Array(dims.n * dims.B)
    this.Yb = new Float64Array(dims.n)
    this.losses = new Float32Array(total)
  }

  get done(): boolean {
    return this.step >= this.total
  }

  /** Runs up to `count` more steps; returns how many ran. */
  run(count: number): number {
    const { n, B } = this.mlp.dims
    const rows = this.dataset.train.X.shape[0]
    const end = Math.min(this.total, this.step + count)
    const t0 = performance.now()
    const start = this.step
    for (; this.step < end; this.step++) {
      gather(this.dataset.train, this.g.randint(0, rows, n), B, this.Xb, this.Yb)
      if (this.backwardFn.runsForward === true) this.lastLoss = this.backwardFn(this.mlp, this.Xb, this.Yb) as number
      else {
        this.lastLoss = this.mlp.forward(this.Xb, this.Yb)
        this.backwardFn(this.mlp, this.Xb, this.Yb)
      }
      this.mlp.update(this.step < this.lrDecayStep ? 0.1 : 0.01)
      this.losses[this.step] = this.lastLoss
    }
    this.elapsed += performance.now() - t0
    return this.step - start
  }

  /** Batch-norm calibration on the training set, then train/val losses and sampled names (the lecture's ending). */
  finish(samples = 20): { train: number; val: number; samples: string[] } {
    const stats = batchNormStats(this.mlp, this.dataset.train)
    return {
      train: splitLoss(this.mlp, this.dataset.train, stats),
      val: splitLoss(this.mlp, this.dataset.dev, stats),
      samples: sampleNames(this.mlp, this.dataset, stats, samples)
    }
  }
}

/** Runs the whole loop at once (the CLI and benchmarks); progress and stop are checked every `progressEvery` steps. */
export function train(
  namesText: string,
  config: ModelConfig,
  options: TrainOptions,
  backwardFn: BackwardFn = builtInBackward
): TrainResult & { mlp: FlatMLP; dataset: Dataset } {
  const trainer = new Trainer(namesText, config, options.steps, options.lrDecayStep, backwardFn, options.simd)
  const every = options.progressEvery ?? 100
  while (!trainer.done) {
    trainer.run(every)
    options.onProgress?.(trainer.step, trainer.lastLoss)
    if (options.shouldStop?.()) break
  }
  const end = trainer.finish(options.samples ?? 20)
  const seconds = trainer.elapsed / 1000
  return {
    steps: trainer.step,
    seconds,
    ms_per_step: trainer.step > 0 ? trainer.elapsed / trainer.step : 0,
    loss: trainer.lastLoss,
    ...end,
    losses: trainer.losses.subarray(0, trainer.step),
    simd: trainer.mlp.kernels.simd,
    mlp: trainer.mlp,
    dataset: trainer.dataset
  }
}

export interface BatchNormStats {
  mean: Float64Array
  varInv: Float64Array
}

const CHUNK = 2048

/**
 * Runs `fn` over a split in chunks of rows with hprebn = embcat @ W1 + b1 computed, and, given batch-norm stats,
 * the logits too, so the whole training set (182k rows) never needs one 146 MB activation.
 */
function forEachChunk(
  mlp: FlatMLP,
  split: Split,
  stats: BatchNormStats | null,
  fn: (hpre: Float32Array, logits: Float32Array, start: number, count: number) => void
): void {
  const { E, B, H, V } = mlp.dims
  const D = E * B
  const X = split.X.storage
  const rows = split.X.shape[0]
  const kernels = createMlpKernels(CHUNK * (D + 2 * H + V) + D * H + H * V + 256, { simd: mlp.kernels.simd })
  const W1 = kernels.alloc(D * H)
  const W2 = kernels.alloc(H * V)
  W1.set(mlp.p.W1)
  W2.set(mlp.p.W2)
  const embcat = kernels.alloc(CHUNK * D)
  const hpre = kernels.alloc(CHUNK * H)
  const h = kernels.alloc(CHUNK * H)
  const logits = kernels.alloc(CHUNK * V)
  const { C, b1, b2, bngain, bnbias } = mlp.p
  for (let start = 0; start < rows; start += CHUNK) {
    const count = Math.min(CHUNK, rows - start)
    for (let i = 0; i < count; i++) {
      for (let b = 0; b < B; b++) {
        const row = X[(start + i) * B + b] * E
        embcat.set(C.subarray(row, row + E), i * D + b * E)
      }
      hpre.set(b1, i * H)
    }
    kernels.nn(embcat, W1, hpre, count, D, H)
    if (stats !== null) {
      // hpreact = bngain * (hprebn - mean) / sqrt(var + eps) + bnbias; h = tanh(hpreact); logits = h @ W2 + b2
      for (let i = 0; i < count; i++) {
        for (let j = 0; j < H; j++) {
          const at = i * H + j
          h[at] = Math.tanh(bngain[j] * (hpre[at] - stats.mean[j]) * stats.varInv[j] + bnbias[j])
        }
        logits.set(b2, i * V)
      }
      kernels.nn(h, W2, logits, count, H, V)
    }
    fn(hpre, logits, start, count)
  }
}

/** The lecture's calibration: batch-norm mean and (unbiased) variance over the whole training split. */
export function batchNormStats(mlp: FlatMLP, split: Split): BatchNormStats {
  const H = mlp.dims.H
  const rows = split.X.shape[0]
  const sum = new Float64Array(H)
  forEachChunk(mlp, split, null, (hpre, _l, _s, count) => {
    for (let i = 0; i < count; i++) for (let j = 0; j < H; j++) sum[j] += hpre[i * H + j]
  })
  const mean = sum.map((s) => s / rows)
  const sq = new Float64Array(H)
  forEachChunk(mlp, split, null, (hpre, _l, _s, count) => {
    for (let i = 0; i < count; i++)
      for (let j = 0; j < H; j++) {
        const d = hpre[i * H + j] - mean[j]
        sq[j] += d * d
      }
  })
  const varInv = sq.map((s) => 1 / Math.sqrt(s / (rows - 1) + 1e-5))
  return { mean, varInv }
}

/** Mean cross entropy over a split with calibrated batch norm (the lecture's split_loss). */
export function splitLoss(mlp: FlatMLP, split: Split, stats: BatchNormStats): number {
  const V = mlp.dims.V
  const Y = split.Y.storage
  let total = 0
  forEachChunk(mlp, split, stats, (_h, logits, start, count) => {
    for (let i = 0; i < count; i++) {
      const o = i * V
      let m = -Infinity
      for (let v = 0; v < V; v++) m = Math.max(m, logits[o + v])
      let s = 0
      for (let v = 0; v < V; v++) s += Math.exp(logits[o + v] - m)
      total += m + Math.log(s) - logits[o + Y[start + i]]
    }
  })
  return total / split.X.shape[0]
}

/** logits for one row of hprebn with calibrated batch norm: h = tanh(bngain * norm + bnbias); h @ W2 + b2. */
function rowLogits(mlp: FlatMLP, hpre: Float32Array, stats: BatchNormStats, h: Float64Array, out: Float64Array): void {
  const { H, V } = mlp.dims
  const { bngain, bnbias, W2, b2 } = mlp.p
  for (let j = 0; j < H; j++) h[j] = Math.tanh(bngain[j] * (hpre[j] - stats.mean[j]) * stats.varInv[j] + bnbias[j])
  for (let v = 0; v < V; v++) out[v] = b2[v]
  for (let k = 0; k < H; k++) {
    const a = h[k]
    for (let v = 0; v < V; v++) out[v] += a * W2[k * V + v]
  }
}

/**
 * Samples names as the lecture does: context of dots, softmax over the next character, torch.multinomial's rule
 * (first class whose cumulative probability reaches a 53-bit uniform), until '.' comes out.
 */
export function sampleNames(mlp: FlatMLP, dataset: Dataset, stats: BatchNormStats, count: number, seed = 2147483647 + 10): string[] {
  const { E, B, H, V } = mlp.dims
  const g = new TorchGenerator(seed)
  const { C, W1, b1 } = mlp.p
  const hpre = new Float32Array(H)
  const h = new Float64Array(H)
  const logits = new Float64Array(V)
  const cum = new Float64Array(V)
  const names: string[] = []
  for (let s = 0; s < count; s++) {
    const context = new Array<number>(B).fill(0)
    let name = ''
    for (let guard = 0; guard < 100; guard++) {
      hpre.set(b1)
      for (let b = 0; b < B; b++)
        for (let e = 0; e < E; e++) {
          const x = C[context[b] * E + e]
          const k = b * E + e
          for (let j = 0; j < H; j++) hpre[j] += x * W1[k * H + j]
        }
      rowLogits(mlp, hpre, stats, h, logits)
      let m = -Infinity
      for (let v = 0; v < V; v++) m = Math.max(m, logits[v])
      let total = 0
      for (let v = 0; v < V; v++) {
        total += Math.exp(logits[v] - m)
        cum[v] = total
      }
      const u = g.uniformDouble() * total
      let ix = 0
      while (ix < V - 1 && cum[ix] < u) ix++
      context.shift()
      context.push(ix)
      if (ix === 0) break
      name += dataset.itos[ix]
    }
    names.push(name)
  }
  return names
}

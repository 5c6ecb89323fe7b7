// Loads the golden PyTorch fixtures (copied into the repo from shared/fixtures) for tests.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TensorJSON } from '../src/core/api'
import { Tensor } from '../src/core/tensor'

export interface Fixture {
  config: Record<string, number>
  dataset: { words: number; first_shuffled: string[]; Xtr: number[]; Xdev: number[]; Xte: number[]; Xtr_head: number[][]; Ytr_head: number[] }
  ix: number[]
  Xb: TensorJSON
  Yb: TensorJSON
  loss: number
  loss_fast: number
  tensors: Record<string, TensorJSON>
  grads: Record<string, TensorJSON>
  cmp_reference: Record<string, { exact: boolean; approximate: boolean; maxdiff: number }>
  cmp_fused: Record<string, { exact: boolean; approximate: boolean; maxdiff: number }>
}

const cache = new Map<string, Fixture>()

export function loadFixture(name: 'default' | 'wide' | 'odd'): Fixture {
  let f = cache.get(name)
  if (!f) {
    f = JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture
    cache.set(name, f)
  }
  return f
}

export function fromJSON(t: TensorJSON): Tensor {
  return Tensor.fromValues(t.data, t.shape, t.dtype)
}

/**
 * Float32 agreement with PyTorch measured on the tensor's scale: max|a-b| / (4e-6 * max|b| + 2e-8). At most 1 means
 * the differences are float32 rounding of sums (PyTorch accumulates in float32 in its own order; we do not).
 */
export function scaledError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let maxdiff = 0
  let scale = 0
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i])
    if (!(d <= maxdiff)) maxdiff = d
    scale = Math.max(scale, Math.abs(expected[i]))
  }
  return maxdiff / (4e-6 * scale + 2e-8)
}

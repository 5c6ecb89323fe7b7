// The 7 parameters drawn from the contract's seeds, in the lecture's order and with its scalings.

import type { ModelConfig, ParamName } from '../api'
import { Generator } from '../random'
import { add, div, mul, Tensor } from '../tensor'

/** The parameters by name (`PARAMS` in api.ts lists them in the lecture's order). */
export type Params = Record<ParamName, Tensor>

function randn(g: Generator, shape: number[]): Tensor {
  return Tensor.fromStorage(g.randn(shape.reduce((p, s) => p * s, 1)), shape, 'float32')
}

/**
 * C, W1, b1, W2, b2 from `torch.Generator().manual_seed(seed)`, then bngain, bnbias from a second generator seeded
 * with bn_seed. Returns the first generator too: it goes on to draw the batch indices.
 */
export function initParams(vocabSize: number, config: ModelConfig): { g: Generator; params: Params } {
  const { n_embd, n_hidden, block_size } = config
  const g = new Generator(config.seed)
  const fanIn = n_embd * block_size
  const C = randn(g, [vocabSize, n_embd])
  const W1 = div(mul(randn(g, [fanIn, n_hidden]), 5 / 3), fanIn ** 0.5)
  const b1 = mul(randn(g, [n_hidden]), 0.1)
  const W2 = mul(randn(g, [n_hidden, vocabSize]), 0.1)
  const b2 = mul(randn(g, [vocabSize]), 0.1)
  const gbn = new Generator(config.bn_seed)
  const bngain = add(mul(randn(gbn, [1, n_hidden]), 0.1), 1.0)
  const bnbias = mul(randn(gbn, [1, n_hidden]), 0.1)
  return { g, params: { C, W1, b1, W2, b2, bngain, bnbias } }
}

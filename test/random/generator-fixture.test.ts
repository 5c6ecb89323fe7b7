// The seven parameters and the batch indices of nbref.py, against real PyTorch output.
import { describe, expect, it } from 'vitest'
import { Generator } from '../../src/core/random/generator'
import { loadFixture } from '../fixtures'
import { maxUlp } from './ulp'

const f = Math.fround

/** Multiply every element by a Python float the way a float32 tensor op does: scalar cast to float32, result rounded. */
function scale(values: Float32Array, by: number, plus = 0): Float32Array {
  return values.map((v) => f(f(v * f(by)) + f(plus)))
}

for (const name of ['default', 'wide'] as const) {
  describe(`the ${name} fixture`, () => {
    const fx = loadFixture(name)
    const c = fx.config
    const fanIn = c.n_embd * c.block_size
    const g = new Generator(c.seed)
    const C = g.randn(c.vocab_size * c.n_embd)
    const W1 = scale(g.randn(fanIn * c.n_hidden), 5 / 3).map((v) => f(v / f(fanIn ** 0.5)))
    const b1 = scale(g.randn(c.n_hidden), 0.1)
    const W2 = scale(g.randn(c.n_hidden * c.vocab_size), 0.1)
    const b2 = scale(g.randn(c.vocab_size), 0.1)
    const ix = g.randint(0, fx.dataset.Xtr[0], c.batch_size)
    const gbn = new Generator(c.bn_seed)
    const bngain = scale(gbn.randn(c.n_hidden), 0.1, 1.0)
    const bnbias = scale(gbn.randn(c.n_hidden), 0.1)
    const ours: Record<string, Float32Array> = { C, W1, b1, W2, b2, bngain, bnbias }

    for (const [param, values] of Object.entries(ours)) {
      it(`draws ${param} as PyTorch did`, () => {
        const expected = fx.tensors[param].data
        expect(values.length).toBe(expected.length)
        // The brief allows 2 ulp; the AVX2 kernel emulation in fact reproduces every bit.
        expect(maxUlp(values, expected)).toBe(0)
      })
    }

    it('then draws the batch indices exactly', () => {
      expect(Array.from(ix)).toEqual(fx.ix)
    })
  })
}

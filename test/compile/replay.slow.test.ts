// The lecture's size (n_hidden 200, batch 32): 100 steps of each shared learner file, compiled and interpreted,
// end with the same parameters bit for bit and the same loss trajectory; 3,000 compiled steps end where PyTorch's
// run of the same file ends (test/fixtures/learner-train.json).

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/core/api'
import { learnerBackward } from '../../src/core/exercise/learner-backward'
import { train } from '../../src/core/exercise/train'
import { bothWays, firstDifference, learnerFile, NAMES } from './helpers'

describe('compiled learner code at the lecture size', () => {
  for (const file of ['exercise1_cells.py', 'fused_loop.py', 'fused_index_add.py'])
    it(`${file}: identical parameters and losses after 100 steps`, () => {
      const r = bothWays(learnerFile(file), 100, { n_hidden: 200 })
      expect(r.path).toMatchObject({ kind: 'compiled', reason: null })
      expect(firstDifference(r.compiled.mlp.p, r.interpreted.mlp.p)).toBeNull()
      expect(Array.from(r.compiled.losses)).toEqual(Array.from(r.interpreted.losses))
    })
})

describe("compiled learner code keeps PyTorch's trajectory", () => {
  const truth = JSON.parse(readFileSync(new URL('../fixtures/learner-train.json', import.meta.url), 'utf8')) as {
    steps: number
    runs: Record<string, { loss: number; train: number; val: number }>
  }
  for (const [file, want] of Object.entries(truth.runs))
    it(`${file}: ${truth.steps} steps print PyTorch's last loss, train and val losses to 4 decimals`, () => {
      const backward = learnerBackward(learnerFile(file))
      const r = train(NAMES, { ...DEFAULT_CONFIG, n_hidden: 200 }, { steps: truth.steps, samples: 0, progressEvery: 1000 }, backward)
      expect(backward.path.kind).toBe('compiled')
      expect(Math.abs(r.val - want.val)).toBeLessThan(0.01)
      expect([r.loss, r.train, r.val].map((x) => x.toFixed(4))).toEqual([want.loss, want.train, want.val].map((x) => x.toFixed(4)))
    })
})

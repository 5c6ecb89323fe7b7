// The lecture's size (n_hidden 200, batch 32): 100 steps of each shared learner file, compiled and interpreted,
// end with the same parameters bit for bit and the same loss trajectory.

import { describe, expect, it } from 'vitest'
import { bothWays, firstDifference, learnerFile } from './helpers'

describe('compiled learner code at the lecture size', () => {
  for (const file of ['exercise1_cells.py', 'fused_loop.py', 'fused_index_add.py'])
    it(`${file}: identical parameters and losses after 100 steps`, () => {
      const r = bothWays(learnerFile(file), 100, { n_hidden: 200 })
      expect(r.path).toMatchObject({ kind: 'compiled', reason: null })
      expect(firstDifference(r.compiled.mlp.p, r.interpreted.mlp.p)).toBeNull()
      expect(Array.from(r.compiled.losses)).toEqual(Array.from(r.interpreted.losses))
    })
})

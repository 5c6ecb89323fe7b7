// replay.wat's tanh and exp on every 61st float32 bit pattern (70 million inputs each): the same check as
// `node scripts/check-replay-math.mjs`, which covers all 2^32, thinned to fit the test run.

import { expect, it } from 'vitest'
import { checkReplayMath } from '../../scripts/check-replay-math.mjs'

it('tanh and exp agree with Math.tanh and Math.exp rounded to float32 on 70 million float32 inputs each', async () => {
  const results = await checkReplayMath(61)
  for (const r of results) {
    expect(r.checked, r.name).toBeGreaterThan(70_000_000)
    expect(r.first, r.name).toBeNull()
  }
})

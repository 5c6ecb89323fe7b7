import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/core/api'
import { LearnerBackwardError, learnerBackward } from '../../src/core/exercise/learner-backward'
import { lectureSolution, REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { Trainer, train } from '../../src/core/exercise/train'
import { CHECK_ORDER } from '../../src/core/api'
import { NAMES } from '../model'

// PyTorch's numbers for the same loop: reference/bench_train.py NAMES --steps 300 [options], torch 1.13, this machine
const TORCH = [
  { config: { n_hidden: 200 }, loss: 2.5011, train: 2.5325, val: 2.5278 },
  { config: { n_hidden: 64, seed: 7, batch_size: 20 }, loss: 2.8153, train: 2.5763, val: 2.5765 }
]

describe('exercise 4 training with the built-in backward pass', () => {
  it.each(TORCH)('follows PyTorch trajectory for 300 steps with $config', (t) => {
    const r = train(NAMES, { ...DEFAULT_CONFIG, ...t.config }, { steps: 300, samples: 0 })
    expect(r.loss).toBeCloseTo(t.loss, 3)
    expect(Math.abs(r.train - t.train)).toBeLessThan(0.002)
    expect(Math.abs(r.val - t.val)).toBeLessThan(0.002)
  }, 60_000)

  it('gives the same result with the SIMD kernels and the TypeScript fallback', () => {
    const simd = train(NAMES, DEFAULT_CONFIG, { steps: 50, samples: 2, simd: true })
    const js = train(NAMES, DEFAULT_CONFIG, { steps: 50, samples: 2, simd: false })
    expect(simd.loss).toBeCloseTo(js.loss, 4)
    expect(simd.samples).toEqual(js.samples)
  }, 60_000)

  it('runs in slices that add up to one run, so a worker can pause and resume', () => {
    const whole = new Trainer(NAMES, DEFAULT_CONFIG, 40)
    whole.run(40)
    const sliced = new Trainer(NAMES, DEFAULT_CONFIG, 40)
    while (!sliced.done) sliced.run(7)
    expect(Array.from(sliced.losses)).toEqual(Array.from(whole.losses))
  })

  it('samples names made of the data set characters, ending at the dot', () => {
    const r = train(NAMES, DEFAULT_CONFIG, { steps: 100, samples: 20 })
    expect(r.samples).toHaveLength(20)
    for (const s of r.samples) expect(s).toMatch(/^[a-z]*$/)
  }, 60_000)
})

describe('exercise 4 training with the learner backward pass', () => {
  const solution = CHECK_ORDER.map((k) => REFERENCE_CELLS[k]).join('\n')

  it('moves the parameters as the built-in fused backward pass does', () => {
    const mine = new Trainer(NAMES, DEFAULT_CONFIG, 5, 100_000, learnerBackward(solution))
    const builtIn = new Trainer(NAMES, DEFAULT_CONFIG, 5)
    mine.run(5)
    builtIn.run(5)
    for (const k of ['C', 'W1', 'b1', 'W2', 'b2', 'bngain', 'bnbias'] as const) {
      const a = mine.mlp.p[k]
      const b = builtIn.mlp.p[k]
      let worst = 0
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
      expect(worst, k).toBeLessThan(1e-5)
    }
  })

  it("trains with the lecture's own dbnmeani line, whose gradient is 1-D (a \"shape\" verdict): the parameters move as with keepdim", () => {
    const lecture = CHECK_ORDER.map((k) => lectureSolution(k)).join('\n')
    expect(lecture).toContain('\ndbnmeani = (-dbndiff).sum(0)\n')
    const mine = new Trainer(NAMES, DEFAULT_CONFIG, 3, 100_000, learnerBackward(lecture))
    const exact = new Trainer(NAMES, DEFAULT_CONFIG, 3, 100_000, learnerBackward(solution))
    mine.run(3)
    exact.run(3)
    expect(Array.from(mine.mlp.p.W1)).toEqual(Array.from(exact.mlp.p.W1))
  })

  it('refuses a solution that never defines a gradient the update needs, and says which', () => {
    const partial = CHECK_ORDER.slice(0, 12).map((k) => REFERENCE_CELLS[k]).join('\n')
    const t = new Trainer(NAMES, DEFAULT_CONFIG, 2, 100_000, learnerBackward(partial))
    expect(() => t.run(1)).toThrow(LearnerBackwardError)
    expect(() => t.run(1)).toThrow(/dC, dW1, db1/)
  })

  it('reports a syntax error in the solution before training starts', () => {
    expect(() => learnerBackward('dW1 = (')).toThrow(/SyntaxError/)
  })
})

// A gradient whose broadcast with the true one would be huge is judged by its shapes alone: the grader never builds
// more elements than the interpreter's limit on one tensor, so a learner's typo can't cost the machine gigabytes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Grader } from '../../src/core/grader/check'
import { MAX_COMPARED } from '../../src/core/grader/compare'
import { diagnose } from '../../src/core/grader/diagnose'
import { createSession } from '../../src/core/session'
import { setAllocationGuard } from '../../src/core/tensor/dtype'
import * as T from '../../src/core/tensor'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { model, NAMES } from '../model'

const m = model()
const grader = new Grader(m)

/** The largest storage the grader allocated outside the learner's run (the interpreter installs its own guard). */
let largest = 0
let previous: ((n: number) => void) | null = null
beforeEach(() => {
  largest = 0
  previous = setAllocationGuard((n) => {
    largest = Math.max(largest, n)
  })
})
afterEach(() => {
  setAllocationGuard(previous)
})

const HUGE: [string, string, number[]][] = [
  ['2,000,000 rows of zeros', 'torch.zeros(2_000_000, 1, 1)', [2_000_000, 1, 1]],
  ['an expanded scalar with no storage', 'torch.zeros(1).expand(1_000_000, 1, 1)', [1_000_000, 1, 1]],
  ['20,000,000 rows (the raw RangeError of old)', 'torch.zeros(1).expand(20_000_000, 1, 1)', [20_000_000, 1, 1]]
]

function expectShapeFail(verdict: { status: string; shape: number[] | null; message?: string; maxdiff: number | null }, shape: number[]) {
  expect(verdict.status).toBe('fail')
  expect(verdict.shape).toEqual(shape)
  expect(verdict.maxdiff).toBeNull()
  expect(verdict.message).toContain(`[${shape.join(', ')}]`)
  expect(verdict.message).toContain('[32, 27]')
  expect(verdict.message).toMatch(/broadcasts to \[\d+, 32, 27\], [\d,]+ elements, more than the 20,000,000 the grader compares/)
}

describe('a gradient whose broadcast with the true one exceeds the element limit', () => {
  it.each(HUGE)('fails on its shapes in chained mode (%s), allocating nothing that big', (_, expr, shape) => {
    const { result, nodes } = grader.checkChained(`${REFERENCE_CELLS.logprobs}\ndprobs = ${expr}`)
    expect(result.error).toBeNull()
    expectShapeFail(result.nodes.probs, shape)
    expect(nodes.get('logprobs')!.verdict.status).toBe('pass')
    expect(largest).toBeLessThanOrEqual(MAX_COMPARED)
  })

  it.each(HUGE)('fails on its shapes in isolated mode (%s), allocating nothing that big', (_, expr, shape) => {
    const c = grader.checkCell('probs', `dprobs = ${expr}`)
    expect(c.error).toBeNull()
    expectShapeFail(c.verdict, shape)
    expect(c.verdict.branches).toBeUndefined()
    expect(largest).toBeLessThanOrEqual(MAX_COMPARED)
  })

  it('is bounded by the run\'s own element limit when the check is given one', () => {
    const c = grader.checkCell('probs', 'dprobs = torch.zeros(2000, 1, 1)', { limits: { elements: 10_000 } })
    expect(c.verdict.status).toBe('fail')
    expect(c.verdict.message).toContain('more than the 10,000 the grader compares')
    expect(largest).toBeLessThanOrEqual(10_000)
  })

  it('still compares a broadcast within the limit, as cmp() does', () => {
    const c = grader.checkCell('probs', 'dprobs = torch.zeros(20, 1, 1)')
    expect(c.verdict).toMatchObject({ status: 'fail', exact: false, approximate: false, shape: [20, 1, 1] })
    expect(c.verdict.maxdiff).toBeGreaterThan(0)
  })

  it('is diagnosed from its shape alone: a broadcast sum over a view of 10^10 elements is never computed', () => {
    const mine = T.expand(T.zeros([1]), [20_000_000, 32, 27])
    const notes = diagnose('probs', mine, m.grads.get('probs')!, [], 32)
    expect(notes).toEqual(['dprobs is [20000000, 32, 27] but probs is [32, 27]: probs is broadcast over dim 0 in the forward pass, so its gradient sums over it.'])
    expect(largest).toBeLessThanOrEqual(MAX_COMPARED)
  })

  it('reaches the app without a difference view or a raw RangeError', () => {
    const session = createSession(NAMES)
    largest = 0
    const r = session.checkCell('probs', 'dprobs = torch.zeros(1).expand(20_000_000, 1, 1)')
    expect(r.error).toBeNull()
    expect(r.verdict.status).toBe('fail')
    expect(r.diff).toBeNull()
    expect(r.grad!.shape).toEqual([20_000_000, 1, 1])
    expect(largest).toBeLessThanOrEqual(MAX_COMPARED)
  })
})

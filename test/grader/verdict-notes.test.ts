// Verdicts that must not mislead (issue: real use): a pass that leaves out a branch adding ~0 says so and counts
// the branches it holds from the values; a true gradient that is only float noise is named as such; a cell that
// ran but never bound its gradient says what it did instead.

import { describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { createSession } from '../../src/core/session'
import { Grader } from '../../src/core/grader/check'
import { model, NAMES } from '../model'

const grader = new Grader(model())
const upTo = (name: string) => {
  const order = Object.keys(REFERENCE_CELLS)
  return order.slice(0, order.indexOf(name)).map((k) => (REFERENCE_CELLS as Record<string, string>)[k]).join('\n')
}

describe('a pass with a branch left out', () => {
  it("counts the branches from the values: dlogits without the logit_maxes branch holds 1 of 2, and says why it still passes", () => {
    const { result } = grader.checkChained(`${upTo('logits')}\ndlogits = dnorm_logits.clone()`)
    const v = result.nodes.logits
    expect(v.status).toBe('pass')
    expect(v.branches).toMatchObject({ matched: 1, total: 2, consumers: ['norm_logits'] })
    expect(v.message).toMatch(/^passes: the logit_maxes branch adds only ~\de-\d+ here, because softmax does not depend on the shift by logit_maxes; the lecture keeps it for correctness$/)
  })

  it('holds every branch when the learner wrote them all', () => {
    const { result } = grader.checkChained(`${upTo('logits')}\n${REFERENCE_CELLS.logits}`)
    expect(result.nodes.logits.branches).toMatchObject({ matched: 2, total: 2 })
    expect(result.nodes.logits.message).toBeUndefined()
  })

  it('says the same of the cell alone in isolated mode', () => {
    const check = grader.checkCell('logits', 'dlogits = dnorm_logits.clone()')
    expect(check.verdict.branches).toMatchObject({ matched: 1, total: 2 })
    expect(check.verdict.message).toContain('the logit_maxes branch adds only')
  })
})

describe('a true gradient that is only float noise', () => {
  it.each([
    ['logit_maxes', 'dlogit_maxes = torch.zeros_like(logit_maxes)', 'softmax does not depend on the shift'],
    ['b1', 'db1 = torch.zeros_like(b1)', 'batch norm subtracts the batch mean']
  ])('d%s = zeros passes, and the verdict says the true one is float noise, 0 in exact arithmetic', (name, code, why) => {
    const v = grader.checkCell(name, code).verdict
    expect(v.status).toBe('pass')
    expect(v.message).toMatch(new RegExp(`^passes: the true d${name} is only float noise here \\(at most \\de-\\d+\\); in exact arithmetic it is 0, because ${why}`))
  })

  it('says nothing of the kind on a gradient that is not ~0', () => {
    expect(grader.checkCell('probs', REFERENCE_CELLS.probs).verdict.message).toBeUndefined()
  })
})

describe('a cell that ran but never bound its gradient', () => {
  it.each([
    ['h', 'dhh = dlogits @ W2.T', 'your cell assigned dhh, not dh'],
    ['h', 'dlogits = dlogits * 1.0', 'your cell ran but assigned nothing: write dh = ...'],
    ['h', 'dW2 = h.T @ dlogits', 'your cell assigned dW2 (the gradient of W2), not dh: is this W2\'s cell?'],
    ['h', 'print(dlogits.shape)', 'your cell ran but assigned nothing: write dh = ...'],
    ['h', 'tmp = dlogits @ W2.T', 'your cell assigned tmp but never dh']
  ])('%s: `%s` says "%s"', (name, code, message) => {
    const v = grader.checkCell(name, code).verdict
    expect(v.status).toBe('missing')
    expect(v.message).toBe(message)
  })

  it.each([
    ['dh = 3.0', 'dh must be a tensor of shape [32, 64], got float'],
    ['dh = None', 'dh must be a tensor of shape [32, 64], got None'],
    ['dh = [1, 2]', 'dh must be a tensor of shape [32, 64], got list']
  ])('`%s` fails with "%s"', (code, message) => {
    const v = grader.checkCell('h', code).verdict
    expect(v.status).toBe('fail')
    expect(v.message).toBe(message)
  })

  it('says nothing of the kind for a cell of comments only (not written yet)', () => {
    const v = grader.checkCell('h', '# dh = ...\n')
    expect(v.verdict.status).toBe('missing')
    expect(v.verdict.message).toBeUndefined()
  })

  it('names a near miss in chained mode too', () => {
    const { result } = grader.checkChained(`${upTo('h')}\ndhh = dlogits @ W2.T`)
    expect(result.nodes.h).toMatchObject({ status: 'missing', message: 'your code assigned dhh, not dh' })
  })
})

describe("the lecture's own solution for bnmeani", () => {
  const session = createSession(NAMES)

  it("is the lecture's line as written (no keepdim), and explains its shape verdict beside it", () => {
    const shown = session.referenceCell('bnmeani')
    expect(shown.split('\n').pop()).toBe('dbnmeani = (-dbndiff).sum(0)')
    expect(shown).toMatch(/cmp\(\) broadcasts and says exact/)
    expect(shown).toMatch(/exercise 4 trains with it/)
  })

  it('gets the verdict the comment explains: "shape", the values right', () => {
    const v = grader.checkCell('bnmeani', session.referenceCell('bnmeani')).verdict
    expect(v).toMatchObject({ status: 'shape', approximate: true, shape: [64], expected_shape: [1, 64] })
  })

  it("is the reference cell for every other node (they are the lecture's lines)", () => {
    for (const k of CHECK_ORDER) if (k !== 'bnmeani') expect(session.referenceCell(k)).toBe(REFERENCE_CELLS[k])
    expect(session.referenceCell('constructor')).toBe('')
  })
})

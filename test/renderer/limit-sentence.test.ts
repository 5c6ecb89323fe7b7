// The headline over a cell the interpreter stopped: it names the kind of limit the cell hit, from the core's own
// messages (a size limit is not "ran too long").
import { describe, expect, it } from 'vitest'
import { limitSentence } from '../../src/renderer/src/ui/feedback'
import { createSession } from './session'

const session = createSession({ n_hidden: 16 })

function limitMessage(code: string): string {
  const r = session.checkCell('probs', code)
  expect(r.error?.kind, code).toBe('limit')
  return r.error!.message
}

describe('the headline of a stopped cell', () => {
  it.each([
    ['for i in range(10**12):\n    pass', 'The cell ran too long and was stopped.'],
    ['while True:\n    x = 1', 'The cell ran too long and was stopped.'],
    ['dprobs = "x" * 10**9', 'The cell made something too big and was stopped.'],
    ['dprobs = torch.zeros(100000, 100000)', 'The cell made something too big and was stopped.'],
    ['dprobs = [0] * 10**9', 'The cell made something too big and was stopped.'],
    ['dprobs = 7 ** (10**9)', 'The cell made something too big and was stopped.']
  ])('%s', (code, sentence) => {
    expect(limitSentence(limitMessage(code))).toBe(sentence)
  })

  it("says the worker's time limit and a crash as they are", () => {
    expect(limitSentence('This took longer than 10 s, so it was stopped (an endless loop?).')).toBe('The cell ran too long and was stopped.')
    expect(limitSentence('The checker stopped unexpectedly and was restarted.')).toBe('The cell was stopped.')
  })
})

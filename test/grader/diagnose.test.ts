import { describe, expect, it } from 'vitest'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { Grader } from '../../src/core/grader/check'
import { model } from '../model'

const grader = new Grader(model())

/** The verdict and diagnoses for one cell, checked in isolation (true upstream gradients). */
function judged(name: string, code: string) {
  const c = grader.checkCell(name, code)
  expect(c.error).toBeNull()
  return { status: c.verdict.status, notes: c.verdict.diagnoses ?? [], message: c.verdict.message }
}

describe('diagnoses of a wrong gradient, each from the reference answer with one mistake', () => {
  it('says the sign is flipped when dX is minus the answer', () => {
    const { status, notes } = judged('probs', 'dprobs = -(1.0/probs) * dlogprobs')
    expect(status).toBe('fail')
    expect(notes[0]).toBe('dprobs is the right answer with its sign flipped: check the sign of the local derivative.')
  })

  it('says "n times" when the 1/n of the mean is missing', () => {
    const { notes } = judged('logprobs', 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0')
    expect(notes[0]).toBe('dlogprobs is n = 32 times the right answer: is a 1/n missing?')
  })

  it('says "1/n times" when there is a 1/n too many', () => {
    const { notes } = judged('logprobs', 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n/n')
    expect(notes[0]).toBe('dlogprobs is 1/n (n = 32) times the right answer: is there a 1/n too many?')
  })

  it("points at Bessel's correction when the variance's gradient uses 1/n instead of 1/(n-1)", () => {
    const { notes } = judged('bndiff2', 'dbndiff2 = (1.0/n)*torch.ones_like(bndiff2) * dbnvar')
    expect(notes[0]).toMatch(/^dbndiff2 is \(n-1\)\/n \(n = 32\) times the right answer: .*Bessel's correction/)
  })

  it('gives an unnamed constant factor as a number', () => {
    const { notes } = judged('W2', 'dW2 = 3 * (h.T @ dlogits)')
    expect(notes[0]).toBe('dW2 is about 3.000 times the right answer: a constant factor is off.')
  })

  it('finds no constant factor where there is none (one branch of logits is tiny, not a scaled answer)', () => {
    const { notes } = judged('logits', 'dlogits = F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes')
    expect(notes.join(' ')).not.toMatch(/times the right answer/)
  })

  it('says a (27, 64) answer for W2 is the transpose, and nothing else about its shape', () => {
    const { status, notes, message } = judged('W2', 'dW2 = dlogits.T @ h')
    expect(status).toBe('fail')
    expect(message).toMatch(/shape \[27, 64\] does not broadcast/)
    expect(notes).toEqual(['dW2 is the transpose of the right answer: swap the operands of your matrix product, or move its .T.'])
  })

  it('names the missing branch of a merge node (counts feeds probs and counts_sum)', () => {
    const { notes } = judged('counts', 'dcounts = torch.ones_like(counts) * dcounts_sum')
    expect(notes[0]).toBe(
      'dcounts has only the gradient through counts_sum. counts also feeds probs: add the gradient through that branch too (the gradients of a tensor used twice add up).'
    )
  })

  it('gives status shape and asks for keepdim when a sum drops the dim the tensor keeps', () => {
    const { status, notes, message } = judged('bngain', 'dbngain = (bnraw * dhpreact).sum(0)')
    expect(status).toBe('shape')
    expect(message).toMatch(/right values, but shape \[64\] instead of \[1, 64\]/)
    expect(notes).toEqual(['dbngain is [64] but bngain is [1, 64]: sum with keepdim=True so the summed dim stays, with size 1.'])
  })

  it('explains the (32,) against (32, 1) broadcast when keepdim is missing on a column sum', () => {
    const { status, notes } = judged('counts_sum_inv', 'dcounts_sum_inv = (counts * dprobs).sum(1)')
    expect(status).toBe('fail')
    expect(notes).toEqual([
      'dcounts_sum_inv is [32] but counts_sum_inv is [32, 1]: sum with keepdim=True so the summed dim stays, with size 1. Without it, [32] against [32, 1] broadcasts to [32, 32].'
    ])
  })

  it('asks to drop keepdim for a 1-D bias', () => {
    const { status, notes } = judged('b2', 'db2 = dlogits.sum(0, keepdim=True)')
    expect(status).toBe('shape')
    expect(notes[0]).toMatch(/^db2 is \[1, 27\] but b2 is \[27\]: .*without keepdim=True/)
  })

  it('says to sum over dim 0 when a broadcast tensor\'s gradient was not summed', () => {
    expect(judged('bnbias', 'dbnbias = dhpreact').notes).toEqual([
      'bnbias is broadcast over dim 0 in the forward pass, so its gradient is a sum: sum dbnbias over dim 0 with keepdim=True.'
    ])
    expect(judged('b2', 'db2 = dlogits').notes).toEqual([
      'b2 is broadcast over dim 0 in the forward pass, so its gradient is a sum: sum db2 over dim 0.'
    ])
  })

  it('says which dim was summed and which should have been', () => {
    expect(judged('bnbias', 'dbnbias = dhpreact.sum(1, keepdim=True)').notes).toEqual([
      'dbnbias is [32, 1] but bnbias is [1, 64]: it looks summed over dim 1, but bnbias is broadcast over dim 0: sum over dim 0 with keepdim=True.'
    ])
    expect(judged('counts_sum_inv', 'dcounts_sum_inv = (counts * dprobs).sum(0, keepdim=True)').notes[0]).toMatch(
      /it looks summed over dim 0, but counts_sum_inv is broadcast over dim 1: sum over dim 1 with keepdim=True/
    )
  })

  it('says the values are right when only the layout differs (emb from dembcat without .view)', () => {
    expect(judged('emb', 'demb = dembcat').notes).toEqual([
      'demb is [32, 30] but emb is [32, 3, 10]: the values are right; reshape with .view(emb.shape).'
    ])
  })

  it('says when only one row is wrong', () => {
    const { notes } = judged('h', `${REFERENCE_CELLS.h}\ndh[3] = 0`)
    expect(notes).toContain('Only row 3 is wrong; every other row is right.')
  })

  it('says when only one column is wrong', () => {
    const { notes } = judged('h', `${REFERENCE_CELLS.h}\ndh[:, 5] = 0`)
    expect(notes).toContain('Only column 5 is wrong; every other column is right.')
  })

  it('says when only one element is wrong, and where', () => {
    const { notes } = judged('h', `${REFERENCE_CELLS.h}\ndh[3, 5] = 7.0`)
    expect(notes[0]).toBe('Only one element is wrong: dh[3, 5].')
  })

  it('gives the index of the largest difference, with both values', () => {
    const { notes } = judged('h', `${REFERENCE_CELLS.h}\ndh[3] = 0\ndh[7, 2] = 100.0`)
    expect(notes[notes.length - 1]).toMatch(/^Largest difference at dh\[7, 2\]: yours 100\.0, expected -?\d/)
  })

  it('counts nan and inf values', () => {
    const { notes } = judged('probs', `${REFERENCE_CELLS.probs}\ndprobs[0, 0] = float('nan')\ndprobs[1, 1] = float('inf')`)
    expect(notes[0]).toBe('dprobs has 2 nan or inf values: look for a division by zero or the log of 0.')
    expect(notes[notes.length - 1]).toMatch(/^Largest difference at dprobs\[0, 0\]: yours nan/)
  })

  it('names the index_put mistake: dC[Xb] += demb keeps one of the duplicate rows, and index_add_ or the loop adds them', () => {
    const { status, notes } = judged('C', 'dC = torch.zeros_like(C)\ndC[Xb] += demb')
    expect(status).toBe('fail')
    expect(notes[0]).toMatch(/^dC\[Xb\] \+= demb writes each row of dC once even where Xb picks it several times: .*does not add up duplicate indices/)
    expect(notes[0]).toContain('dC.index_add_(0, Xb.view(-1), demb.view(-1, n_embd))')
    expect(notes[0]).toContain("the lecture's loop")
  })

  it('names the same mistake written as an assignment over flattened indices', () => {
    expect(judged('C', 'dC = torch.zeros_like(C)\ndC[Xb.view(-1)] = demb.view(-1, n_embd)').notes[0]).toMatch(/does not add up duplicate indices/)
  })

  it("says tanh's derivative uses the output h when the learner wrote (1.0 - hpreact**2) * dh", () => {
    const { status, notes } = judged('hpreact', 'dhpreact = (1.0 - hpreact**2) * dh')
    expect(status).toBe('fail')
    expect(notes[0]).toBe("tanh's derivative is 1 - tanh(x)**2, and tanh(hpreact) is h: use the output, (1.0 - h**2) * dh, not the input hpreact.")
  })

  it('does not blame a square for a factor of 2 on a node that is never squared (dnorm_logits)', () => {
    const { notes } = judged('norm_logits', 'dnorm_logits = counts * dcounts * 2')
    expect(notes[0]).toBe('dnorm_logits is 2 times the right answer: a constant factor is off.')
    expect(notes.join(' ')).not.toMatch(/x\*\*2/)
  })

  it('names the square for a factor of 2 on bndiff, which bndiff2 = bndiff**2 squares', () => {
    const { notes } = judged('bndiff', `${REFERENCE_CELLS.bndiff}\ndbndiff *= 2`)
    expect(notes[0]).toBe('dbndiff is 2 times the right answer: is a factor of 2 there twice (d/dx x**2 = 2*x)?')
  })

  it('adds nothing to a gradient that passes', () => {
    expect(grader.checkCell('h', REFERENCE_CELLS.h).verdict.diagnoses).toBeUndefined()
  })
})

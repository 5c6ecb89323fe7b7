import { describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { Grader } from '../../src/core/grader/check'
import { programOfCells } from '../../src/core/exercise/program'
import { corpusFile, model } from '../model'

const m = model()
const grader = new Grader(m)
const check = (name: string, code: string) => grader.checkCell(name, code)

describe('isolated mode: each cell on its own, with the true upstream gradients', () => {
  it.each(CHECK_ORDER)("passes the lecture's cell for %s on its own", (name) => {
    const c = check(name, REFERENCE_CELLS[name])
    expect(c.error).toBeNull()
    expect(c.verdict.status).toBe('pass')
  })

  it('judges a whole solution cell by cell', () => {
    const { result } = grader.checkIsolated(new Map(Object.entries(REFERENCE_CELLS)))
    expect(result.summary).toEqual({ pass: 26, shape: 0, fail: 0, missing: 0, error: 0 })
    expect(result.error).toBeNull()
  })

  it("does not let a wrong upstream cell fail the next node: counts_sum_inv gets the true dprobs", () => {
    const { result } = grader.checkIsolated(
      new Map([
        ['probs', 'dprobs = probs * dlogprobs'],
        ['counts_sum_inv', REFERENCE_CELLS.counts_sum_inv]
      ])
    )
    expect(result.nodes.probs.status).toBe('fail')
    expect(result.nodes.counts_sum_inv.status).toBe('pass')
  })

  it('gives a cell copies of the upstream gradients: dprobs += 1 changes neither later cells nor the model', () => {
    const before = Array.from(m.grads.get('probs')!.values())
    expect(check('counts_sum_inv', 'dprobs += 1\n' + REFERENCE_CELLS.counts_sum_inv).verdict.status).toBe('fail')
    expect(Array.from(m.grads.get('probs')!.values())).toEqual(before)
    expect(check('counts_sum_inv', REFERENCE_CELLS.counts_sum_inv).verdict.status).toBe('pass')
    expect(check('counts', REFERENCE_CELLS.counts).verdict.status).toBe('pass')
  })

  it('gives a cell copies of the forward tensors: probs += 1 does not reach other cells', () => {
    const before = Array.from(m.tensors.get('probs')!.values())
    expect(check('probs', 'probs += 1\n' + REFERENCE_CELLS.probs).verdict.status).toBe('fail')
    expect(Array.from(m.tensors.get('probs')!.values())).toEqual(before)
    expect(check('probs', REFERENCE_CELLS.probs).verdict.status).toBe('pass')
  })

  it("gives a cell fresh modules: reassigning torch.zeros_like or F.one_hot does not break the next cell", () => {
    expect(check('logprobs', 'torch.zeros_like = None\nF.one_hot = None').verdict.status).toBe('missing')
    expect(check('logprobs', REFERENCE_CELLS.logprobs).verdict.status).toBe('pass')
    expect(check('logits', REFERENCE_CELLS.logits).verdict.status).toBe('pass')
  })

  it('keeps the aliasing inside one cell: embcat is a view of emb, as in the notebook', () => {
    const code = ['embcat[0, 0] = 123.0', 'assert emb[0, 0, 0].item() == 123.0', 'emb[1, 0, 0] = -5.0', 'assert embcat[1, 0].item() == -5.0', REFERENCE_CELLS.emb].join('\n')
    const c = check('emb', code)
    expect(c.error).toBeNull()
    expect(c.verdict.status).toBe('pass')
    // and the write stayed in that cell
    expect(m.tensors.get('emb')!.values()[0]).not.toBe(123)
  })

  it('gives a cell that raises status error, with the line and column of the offending name', () => {
    const c = check('probs', '# first a comment\ndprobs = (1.0/prbs) * dlogprobs')
    expect(c.verdict.status).toBe('error')
    expect(c.error).toMatchObject({ kind: 'runtime', line: 2, col: 15 })
    expect(c.error!.message).toMatch(/NameError: name 'prbs' is not defined/)
    expect(c.verdict.message).toBe(c.error!.message)
  })

  it('gives a cell with a syntax error status error, with its place', () => {
    const c = check('h', 'dh = (dlogits @ W2.T')
    expect(c.verdict.status).toBe('error')
    expect(c.error).toMatchObject({ kind: 'syntax', line: 1, col: 6 })
  })

  it('does not bind gradients that are not upstream: a cell using its own downstream dX raises NameError', () => {
    const c = check('counts_sum_inv', 'dcounts_sum_inv = dcounts_sum')
    expect(c.verdict.status).toBe('error')
    expect(c.error!.message).toMatch(/NameError/)
  })

  it('marks a cell that never defines dX as missing', () => {
    expect(check('W2', 'x = h.T @ dlogits').verdict.status).toBe('missing')
    expect(grader.checkIsolated(new Map()).result.summary.missing).toBe(26)
  })

  it('runs a cell that ends with the lecture\'s cmp() call', () => {
    expect(check('W2', "dW2 = h.T @ dlogits\ncmp('W2', dW2, W2)").verdict.status).toBe('pass')
  })

  it('makes a merge node\'s cell compute the whole gradient: one branch alone fails, naming the other', () => {
    const c = check('counts', 'dcounts = counts_sum_inv * dprobs')
    expect(c.verdict.status).toBe('fail')
    expect(c.verdict.diagnoses!.join(' ')).toMatch(/only the gradient through probs\. counts also feeds counts_sum/)
  })

  it.each([
    ['logits', 'dlogits = F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes', 'norm_logits'],
    ['bndiff', 'dbndiff = bnvar_inv * dbnraw', 'bndiff2'],
    ['hprebn', 'dhprebn = dbndiff.clone()', 'bnmeani']
  ])('fails the merge node %s with one branch and names the missing branch', (name, code, missing) => {
    const c = check(name, code)
    expect(c.verdict.status).toBe('fail')
    expect(c.verdict.diagnoses!.join(' ')).toContain(`also feeds ${missing}`)
  })
})

describe('a marked file in isolated mode', () => {
  it('runs the code above the first cell before every cell (imports and helpers)', async () => {
    const { checkFile } = await import('../../src/core/cli/check')
    const text = [
      'import torch',
      'def inv(x):',
      '    return 1.0 / x',
      '# %% node: logprobs',
      'dlogprobs = torch.zeros_like(logprobs)',
      'dlogprobs[range(n), Yb] = -1.0/n',
      '# %% node: probs',
      'dprobs = inv(probs) * dlogprobs'
    ].join('\n')
    const { result } = checkFile(model(), text, true)
    expect(result.error).toBeNull()
    expect(result.nodes.probs.status).toBe('pass')
  })
})

describe('branches of a merge node', () => {
  const grader = new Grader(model())
  it('counts 1 of 2 when only the branch through probs is summed', () => {
    const c = grader.checkCell('counts', 'dcounts = counts_sum_inv * dprobs')
    expect(c.verdict.branches).toEqual({ matched: 1, total: 2, consumers: ['probs'] })
  })
  it('counts 2 of 2 for the full gradient', () => {
    const c = grader.checkCell('counts', REFERENCE_CELLS.counts)
    expect(c.verdict.branches).toMatchObject({ matched: 2, total: 2 })
  })
  it('says nothing about branches for a gradient that is no sum of them', () => {
    const c = grader.checkCell('counts', 'dcounts = dprobs')
    expect(c.verdict.branches).toBeUndefined()
  })
})

describe('what a cell prints', () => {
  const grader = new Grader(model())
  it('comes back with the verdict, as the notebook shows it under the cell', () => {
    const c = grader.checkCell('probs', 'print(probs.shape)\ndprobs = (1.0/probs) * dlogprobs')
    expect(c.output).toBe('torch.Size([32, 27])\n')
    expect(c.verdict.status).toBe('pass')
  })
  it('is kept up to the point of an error', () => {
    const c = grader.checkCell('probs', 'print("before")\ndprobs = probz')
    expect(c.output).toBe('before\n')
    expect(c.verdict.status).toBe('error')
  })
  it('is cut, and says so, when a loop prints too much', () => {
    const c = grader.checkCell('probs', 'for i in range(100000):\n    print(i)')
    expect(c.output!.length).toBeLessThan(21_000)
    expect(c.output).toMatch(/output cut at 20,000 characters/)
  })
})

describe("isolated mode sees the learner's own names as they were in the program", () => {
  const grader = new Grader(model())
  const cells = new Map(Object.entries(REFERENCE_CELLS))
  cells.set('norm_logits', 'dnorms_logits = counts * dcounts')
  cells.set('logit_maxes', 'dlogit_maxes = (-dnorms_logits).sum(1, keepdim=True)')
  cells.set('logits', 'dlogits = dnorms_logits.clone()\ndlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes')

  it('passes a cell that uses a misnamed helper gradient from an earlier cell (dnorms_logits), as chained mode does', () => {
    const { result } = grader.checkIsolated(cells, { program: programOfCells(cells) })
    expect(result.nodes.logit_maxes.status).toBe('pass')
    expect(result.nodes.logits.status).toBe('pass')
    expect(result.nodes.norm_logits).toMatchObject({ status: 'missing', message: 'your cell assigned dnorms_logits, not dnorm_logits' })
    expect(result.error).toBeNull()
  })

  it('without the program, the helper is unknown, as before', () => {
    expect(grader.checkCell('logit_maxes', cells.get('logit_maxes')!).verdict.status).toBe('error')
  })

  it("still gives the true upstream gradients, not the learner's: a wrong dprobs does not fail counts_sum_inv", () => {
    const wrong = new Map(cells)
    wrong.set('probs', 'dprobs = probs * dlogprobs')
    const { result } = grader.checkIsolated(wrong, { program: programOfCells(wrong) })
    expect(result.nodes.probs.status).toBe('fail')
    expect(result.nodes.counts_sum_inv.status).toBe('pass')
  })

  it('gives each run copies of the helpers: a cell changing one in place does not change it for the next run', () => {
    const doubling = new Map(cells)
    doubling.set('logits', 'dnorms_logits *= 2\ndlogits = dnorms_logits.clone() / 2\ndlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes')
    const program = programOfCells(doubling)
    for (let i = 0; i < 2; i++) expect(grader.checkCell('logits', doubling.get('logits')!, { program }).verdict.status).toBe('pass')
  })

  it("sees another node's gradient it only looks at (dbnbias.shape, dbngain.shape in bnbias's cell)", () => {
    const looking = new Map(cells)
    looking.set('bnbias', 'dbnbias = dhpreact.sum(0, keepdim=True)\ndbnbias.shape, dbngain.shape')
    const { result } = grader.checkIsolated(looking, { program: programOfCells(looking) })
    expect(result.nodes.bnbias.status).toBe('pass')
  })

  it('fails an upstream gradient that a later cell changes in place, naming that cell (dhprebn = dbndiff, then +=)', () => {
    const alias = new Map(Object.entries(REFERENCE_CELLS))
    alias.set('hprebn', 'dhprebn = dbndiff\ndhprebn += 1.0/n * (torch.ones_like(hprebn) * dbnmeani)')
    const { result } = grader.checkIsolated(alias, { program: programOfCells(alias) })
    expect(result.nodes.hprebn.status).toBe('pass')
    expect(result.nodes.bndiff.status).toBe('fail')
    expect(result.nodes.bndiff.message).toBe(
      'your hprebn cell changes dbndiff in place (a name bound to dbndiff without .clone(), then changed): after it runs, dbndiff no longer holds its gradient'
    )
  })

  it('lets an in-place change that keeps the gradient right pass (dlogits = dnorm_logits adds only ~1e-9)', () => {
    const alias = new Map(Object.entries(REFERENCE_CELLS))
    alias.set('logits', 'dlogits = dnorm_logits\ndlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes')
    expect(grader.checkIsolated(alias).result.summary.pass).toBe(26)
  })
})

describe("a pasted file's cells in isolated mode", () => {
  it("gives a cell split around another cell's lines the names those lines bound (print(dbnbias.shape, dbnraw.shape) in bnraw's cell)", async () => {
    const { checkFile } = await import('../../src/core/cli/check')
    const text = corpusFile('a01_reference_keepdim.py').replace('dbnbias = dhpreact.sum(0, keepdim=True)\n', 'dbnbias = dhpreact.sum(0, keepdim=True)\nprint(dbnbias.shape, dbnraw.shape)\n')
    const { result, output } = checkFile(model(), text, true)
    expect(result.error).toBeNull()
    expect(result.summary.pass).toBe(26)
    expect(output).toContain('[bnraw]\ntorch.Size([1, 64]) torch.Size([32, 64])')
  })
})

describe("the learner's program in isolated mode, when it runs away", () => {
  it("judges a cell after a runaway loop in another cell, with the names bound before the loop", () => {
    const grader = new Grader(model())
    const cells = new Map(Object.entries(REFERENCE_CELLS))
    cells.set('probs', 'helper = 1.0\ndprobs = (1.0/probs) * dlogprobs')
    cells.set('counts_sum', 'while True:\n    pass')
    const c = grader.checkCell('h', 'dh = dlogits @ W2.T * helper', { program: programOfCells(cells), limits: { steps: 1e12, millis: 1000 } })
    expect(c.error).toBeNull()
    expect(c.verdict.status).toBe('pass')
  })
})

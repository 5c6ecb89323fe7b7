// Whole notebooks and scripts as submissions: the exercise cells found, the rest skipped, bad files named.
import { describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { FUSED } from '../../src/core/exercise/exercises'
import { LECTURE_NAMES, lectureJudge } from '../../src/core/grade/judge'
import { gradeText } from '../../src/core/grade/learner'
import { readSubmission } from '../../src/core/grade/notebook'
import { corpusFile, NAMES } from '../model'
import { lectureNotebook, lectureScript, REFERENCE_EXERCISE_1 } from './lecture-notebook'

const judge = lectureJudge(NAMES)

describe('reading a whole lecture notebook', () => {
  it('uses the exercise 1, 2 and 3 cells and skips setup, forward, backward, training and plot cells', () => {
    const sub = readSubmission('n.ipynb', lectureNotebook(), LECTURE_NAMES)
    expect(sub.ok).toBe(true)
    if (!sub.ok) return
    expect(sub.cells).toEqual([12, 13, 14])
    expect(sub.unassigned).toEqual([])
    expect(sub.renamed).toEqual([])
    expect(sub.program).toContain('loss_fast = F.cross_entropy(logits, Yb)')
    expect(sub.program).not.toContain('max_steps')
  })

  it.each([
    ['a notebook, sources as lists', 'n.ipynb', lectureNotebook()],
    ['a notebook, sources as strings', 'n.ipynb', lectureNotebook({}, true)],
    ['a # %% script', 'n.py', lectureScript()]
  ])('judges %s as check judges the cells: 26/26', (_label, name, text) => {
    const { row } = gradeText(judge, 'x', name, text)
    expect(row).toMatchObject({ status: 'graded', cells: [12, 13, 14], passed: 26, total: 26 })
    expect(Object.values(row.nodes!).every((s) => s === 'pass')).toBe(true)
  })

  it("skips the lecture's untouched exercise-2 starter (dlogits = None), so exercise 1's dlogits is judged", () => {
    const { row } = gradeText(judge, 'x', 'n.ipynb', lectureNotebook({ exercise2: 'dlogits = None # TODO. my solution is 3 lines' }))
    expect(row.cells).toEqual([12, 14])
    expect(row.nodes!.logits).toBe('pass')
  })

  it('a wrong exercise 2 overrides exercise 1, as in the notebook (chained)', () => {
    const r = gradeText(judge, 'x', 'n.ipynb', lectureNotebook({ exercise2: 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1' }))
    expect(r.row.nodes!.logits).toBe('fail')
    expect(r.answers.find((a) => a.node === 'logits')?.diagnosis).toMatch(/n|batch/)
  })

  it('names the lesson gradients no cell assigns, and forward names the notebook renamed', () => {
    const exercise1 = REFERENCE_EXERCISE_1.split('\n').filter((l) => !/^d(C|emb)\b/.test(l) && !/^\s+dC/.test(l) && !/for k in range|for i in range|ix = Xb/.test(l)).join('\n')
    const text = lectureNotebook({ exercise1 }).replace(/bnvar_inv/g, 'bnvarinv')
    const sub = readSubmission('n.ipynb', text, LECTURE_NAMES)
    expect(sub.ok && sub.renamed).toEqual(['bnvar_inv'])
    const r = gradeText(judge, 'x', 'n.ipynb', text)
    expect(r.notes.join(' ')).toMatch(/bnvar_inv \(renamed\?\)/)
  })

  it('reports a syntax error with the cell and its line', () => {
    const r = gradeText(judge, 'x', 'n.ipynb', lectureNotebook({ exercise3: 'dhprebn = bngain * (dhpreact' }))
    expect(r.row.status).toBe('error')
    expect(r.row.error).toMatch(/^SyntaxError: .* \(cell 14, line \d+, column \d+\)$/)
    expect(r.row.nodes!.logprobs).toBe('missing')
  })

  it('reports a runtime error with the cell and keeps the verdicts before it', () => {
    const r = gradeText(judge, 'x', 'n.ipynb', lectureNotebook({ exercise3: 'dhprebn = bngain * dhpreact_typo' }))
    expect(r.row.status).toBe('error')
    expect(r.row.error).toMatch(/^NameError: name 'dhpreact_typo' is not defined.* \(cell 14, line 5, column \d+\)$/)
    expect(r.row.nodes!.C).toBe('pass')
  })

  it('a plain pasted cell (the corpus) is one cell', () => {
    const r = gradeText(judge, 'x', 'a.py', corpusFile('a01_reference_keepdim.py'))
    expect(r.row).toMatchObject({ status: 'graded', cells: [1], passed: 26 })
  })

  it('blanks IPython magics in a used cell, keeping line numbers', () => {
    const r = gradeText(judge, 'x', 'n.ipynb', lectureNotebook({ exercise3: `%time\n${'dhprebn = bngain * undefined_name'}` }))
    expect(r.row.error).toMatch(/\(cell 14, line 6,/)
  })
})

describe('files that are not submissions', () => {
  it.each([
    ['broken JSON', 'b.ipynb', '{"cells": [', /^a broken notebook: its JSON does not parse/],
    ['JSON without cells', 'b.ipynb', '{"worksheets": []}', /^a broken notebook: it has no list of cells/],
    ['a cell that is not an object', 'b.ipynb', '{"cells": [3]}', /^a broken notebook: cell 1 is not an object/],
    ['a source that is not text', 'b.ipynb', '{"cells": [{"cell_type": "code", "source": [1, 2]}]}', /^a broken notebook: the source of cell 1 is not text/],
    ['a notebook with no gradient cell', 'b.ipynb', lectureNotebook().replace(/\bd([A-Za-z_]\w*)\b/g, 'g$1'), /^no cell assigns a gradient of the lesson: none of its 15 code cells assigns a d<name>/],
    ['a script with no gradient', 'b.py', 'print("hello")\nx = 1', /^no cell assigns a gradient of the lesson: the file assigns no d<name>/]
  ])('%s is unreadable, with its reason', (_label, name, text, reason) => {
    const r = gradeText(judge, 'x', name, text)
    expect(r.row.status).toBe('unreadable')
    expect(r.row.error).toMatch(reason)
    expect(r.row.nodes).toBeUndefined()
    expect(r.row).toMatchObject({ passed: 0, total: CHECK_ORDER.length })
  })
})

describe("the app's Open on a whole lecture notebook", () => {
  it('imports the exercise 1 cell as the 26 nodes, which pass', async () => {
    const { importSolution } = await import('../../src/core/grader/export')
    const { Grader } = await import('../../src/core/grader/check')
    const { model } = await import('../model')
    const { cells, fused, warnings } = importSolution(lectureNotebook({ exercise2: 'dlogits = None', exercise3: 'dhprebn = None # TODO' }))
    expect(warnings[0]).toBe("read the notebook's cell 12 (exercise 1)")
    expect(fused).toEqual({})
    expect([...cells.keys()]).toEqual([...CHECK_ORDER])
    const { result } = new Grader(model()).checkIsolated(cells)
    expect(result.summary.pass).toBe(26)
  })

  it("imports exercises 2 and 3 from their cells, without the lecture's own lines, and names every cell it read", async () => {
    const { importSolution } = await import('../../src/core/grader/export')
    const { Grader } = await import('../../src/core/grader/check')
    const { model } = await import('../model')
    const exercise2 = '# my three lines\ndlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\nprint(dlogits.shape)\ndlogits /= n'
    const exercise3 = 'dhprebn = bngain*bnvar_inv/n * (n*dhpreact - dhpreact.sum(0) - n/(n-1)*bnraw*(dhpreact*bnraw).sum(0))'
    const { cells, fused, warnings } = importSolution(lectureNotebook({ exercise2, exercise3 }))
    expect(warnings[0]).toBe("read the notebook's cells 12 (exercise 1), 13 (exercise 2), 14 (exercise 3)")
    // the lecture's loss_fast lines and cmp() calls are not the learner's; the learner's own print stays
    expect(fused).toEqual({ 2: `# Exercise 2\n\n# backward pass\n${exercise2}`, 3: `# Exercise 3\n\n${exercise3}` })
    expect([...cells.keys()]).toEqual([...CHECK_ORDER])
    // exercise 1's dlogits and dhprebn are its own cells', not overwritten by exercises 2 and 3
    expect(cells.get('logits')).not.toContain('# my three lines')
    const grader = new Grader(model())
    expect(grader.checkIsolated(cells).result.summary.pass).toBe(26)
    expect(grader.checkFused(FUSED[2], fused![2]!).verdict.status).toBe('pass')
    expect(grader.checkFused(FUSED[3], fused![3]!).verdict.status).toBe('pass')
  })

  it('takes a wrong exercise 2 as it is, to be judged wrong', async () => {
    const { importSolution } = await import('../../src/core/grader/export')
    const { Grader } = await import('../../src/core/grader/check')
    const { model } = await import('../model')
    const { fused } = importSolution(lectureNotebook({ exercise2: 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1' }))
    expect(new Grader(model()).checkFused(FUSED[2], fused![2]!).verdict.status).toBe('fail')
  })

  it('says why a notebook without gradient cells gives nothing', async () => {
    const { importSolution } = await import('../../src/core/grader/export')
    const { cells, warnings } = importSolution('{"cells": [{"cell_type": "code", "source": "print(1)"}]}')
    expect(cells.size).toBe(0)
    expect(warnings[0]).toMatch(/^the notebook has no Backprop Ninja node cells, and no cell assigns a gradient/)
  })
})

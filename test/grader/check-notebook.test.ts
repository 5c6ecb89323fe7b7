// `check` on a whole notebook (issue 13): the exercise cells are found as `grade` finds them, judged as one
// program, and errors say the notebook's cell and line; a notebook with nothing to check says why.
import { describe, expect, it } from 'vitest'
import { checkExitCode, checkJSON, checkNotebook, checkTable, isNotebookFile, NotebookError } from '../../src/core/cli/check'
import { exportIpynb } from '../../src/core/grader/export'
import { DEFAULT_CONFIG } from '../../src/core/api'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { lectureNotebook } from '../grade/lecture-notebook'
import { model } from '../model'

describe('check on a whole lecture notebook', () => {
  it('tells a notebook by its name or its JSON text', () => {
    expect(isNotebookFile('a.ipynb', 'x')).toBe(true)
    expect(isNotebookFile('a.txt', ' {"cells": []}')).toBe(true)
    expect(isNotebookFile('a.py', '{"cells": []}')).toBe(false)
    expect(isNotebookFile('a.txt', 'dprobs = 1')).toBe(false)
  })

  it('judges the exercise cells chained and says which it read: 26/26, exit 0', () => {
    const checked = checkNotebook(model(), 'nb.ipynb', lectureNotebook(), false)
    expect(checked.warnings[0]).toBe("read the notebook's cells 12, 13, 14")
    expect(checked.result.summary.pass).toBe(26)
    expect(checkExitCode(checked)).toBe(0)
    // the cells' own prints (loss_fast, hpreact_fast) are the notebook's output
    expect(checked.output).toMatch(/diff: /)
  })

  it('judges cell by cell in isolated mode', () => {
    const checked = checkNotebook(model(), 'nb.ipynb', lectureNotebook({ exercise2: 'dlogits = None' }), true)
    expect(checked.result.summary.pass).toBe(26)
  })

  it('gives a syntax error at its cell and line, in the table and in the JSON', () => {
    const checked = checkNotebook(model(), 'nb.ipynb', lectureNotebook({ exercise3: 'dhprebn = bngain * (dhpreact' }), false)
    expect(checkTable(checked)).toMatch(/^error: SyntaxError: '\(' was never closed \(cell 14, line 5, column 20\)/)
    expect((checkJSON(checked) as { error: object }).error).toMatchObject({ kind: 'syntax', cell: 14, line: 5, col: 20 })
    expect(checkExitCode(checked)).toBe(1)
  })

  it('says where a program that raised stopped, in the notebook', () => {
    const checked = checkNotebook(model(), 'nb.ipynb', lectureNotebook({ exercise3: 'dhprebn = bngain * foo' }), false)
    const json = checkJSON(checked) as { error: { cell: number; line: number; message: string } }
    expect(json.error).toMatchObject({ cell: 14, line: 5, message: "NameError: name 'foo' is not defined" })
    expect(checkTable(checked)).toContain("NameError: name 'foo' is not defined (cell 14, line 5, column 20)")
  })

  it('names the gradients no cell assigns', () => {
    const exercise1 = Object.entries(REFERENCE_CELLS).filter(([k]) => k !== 'W2' && k !== 'b2').map(([, c]) => c).join('\n')
    const checked = checkNotebook(model(), 'nb.ipynb', lectureNotebook({ exercise1 }), false)
    expect(checked.warnings).toContain('no cell assigns dW2 and db2')
    expect(checked.result.nodes.W2.status).toBe('missing')
  })

  it('reads an .ipynb the app exported (setup and cmp cells skipped)', () => {
    const checked = checkNotebook(model(), 'export.ipynb', exportIpynb(new Map(Object.entries(REFERENCE_CELLS)), DEFAULT_CONFIG), false)
    expect(checked.result.summary.pass).toBe(26)
  })

  it.each([
    ['broken JSON', 'nope', /^a broken notebook: its JSON does not parse/],
    ['no cells', '{"cells": []}', /^no cell assigns a gradient of the lesson/],
    ['cells not a list', '{"cells": 3}', /no list of cells/]
  ])('refuses %s with the reason', (_label, text, reason) => {
    expect(() => checkNotebook(model(), 'x.ipynb', text, false)).toThrow(NotebookError)
    expect(() => checkNotebook(model(), 'x.ipynb', text, false)).toThrow(reason)
  })
})

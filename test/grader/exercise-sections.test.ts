import { describe, expect, test } from 'vitest'
import { FUSED } from '../../src/core/exercise/exercises'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { exportPy, importSolution } from '../../src/core/grader/export'
import { appendFusedCells, fusedCellsFrom, fusedMarker } from '../../src/core/grader/exercise-sections'

const cells = new Map(Object.entries(REFERENCE_CELLS))
const py = exportPy(cells)
const fused = [
  { id: 2 as const, code: FUSED[2].reference, target: 'logits', status: 'pass' as const },
  { id: 3 as const, code: FUSED[3].reference, target: 'hprebn' }
]

describe('fused cells in the .py export', () => {
  test('with none written the export is exactly the core’s', () => {
    expect(appendFusedCells(py, [])).toBe(py)
  })

  test('each goes after the cmp() table in a marked section with its own cmp()', () => {
    const text = appendFusedCells(py, fused)
    expect(text.startsWith(py.trimEnd())).toBe(true)
    const after = text.slice(text.indexOf("cmp('C', dC, C)"))
    expect(after).toContain(`${fusedMarker(2, 'pass')}\n${FUSED[2].reference}\n`)
    expect(after).toContain("cmp('logits', dlogits, logits)")
    expect(after).toContain(`# %% exercise: 3\n${FUSED[3].reference}\n`)
    expect(after).toContain("cmp('hprebn', dhprebn, hprebn)")
  })

  test('the 26 node markers and cmp() calls stay as they were', () => {
    const text = appendFusedCells(py, fused)
    expect(text.match(/^# %% node: /gm)).toHaveLength(26)
    expect(text.match(/^cmp\('/gm)).toHaveLength(26 + 2)
  })

  test('read back, they give the same cells, and the core’s import still sees only the 26 node cells', () => {
    const text = appendFusedCells(py, fused)
    expect(fusedCellsFrom(text)).toEqual({ 2: FUSED[2].reference, 3: FUSED[3].reference })
    const imported = importSolution(text)
    expect(Object.fromEntries(imported.cells)).toEqual(Object.fromEntries(cells))
    expect(imported.warnings).toEqual([])
  })

  test('a file without exercise sections has no fused cells; CRLF files read the same', () => {
    expect(fusedCellsFrom(py)).toEqual({})
    const text = appendFusedCells(py, fused.slice(0, 1)).replace(/\n/g, '\r\n')
    expect(fusedCellsFrom(text)).toEqual({ 2: FUSED[2].reference })
  })
})

test('a notebook export carries the fused cells and gives them back on import', async () => {
  const { appendFusedNotebookCells, fusedCellsOf } = await import('../../src/core/grader/exercise-sections')
  const { exportIpynb } = await import('../../src/core/grader/export')
  const { DEFAULT_CONFIG } = await import('../../src/core/api')
  const base = exportIpynb(new Map([['probs', 'dprobs = (1.0/probs) * dlogprobs']]), DEFAULT_CONFIG)
  const nb = appendFusedNotebookCells(base, [{ id: 2, code: 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n', target: 'logits', status: 'pass' }])
  const parsed = JSON.parse(nb) as { cells: Array<{ source: string[] }> }
  expect(parsed.cells.at(-1)!.source.join('')).toContain("cmp('logits', dlogits, logits)")
  expect(fusedCellsOf(nb)[2]).toBe('dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n')
  expect(appendFusedNotebookCells(base, [])).toBe(base)
})

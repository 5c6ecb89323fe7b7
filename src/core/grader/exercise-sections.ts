// Exercises 2 and 3's cells in a solution file: `# %% exercise: 2` sections after the export's cmp() table, each
// followed by its own cmp() call, as the lecture checks them. The core's splitter reads any `# %%` line that is
// not a node marker as a section of its own and skips it, so these never leak into exercise 1's cells. Pure.

import type { Status } from '../api'

const MARKER = /^# %% exercise:\s*([23])\b/
const SECTION = /^# %%/
const LINE_BREAK = /\r\n|\r|\n/

/** One fused cell to export: its exercise, its code, the node it computes the gradient of, and its status. */
export interface FusedCellExport {
  id: 2 | 3
  code: string
  target: string
  status?: Status
}

/** The marker line that heads a fused exercise's section; the status comment is informational. */
export function fusedMarker(id: 2 | 3, status?: Status): string {
  return status === undefined ? `# %% exercise: ${id}` : `# %% exercise: ${id}  (${status})`
}

/**
 * `py` (the core's export) with a section per fused cell appended, then that cell's cmp(); unchanged when there
 * are none, so an export without exercises 2 and 3 stays exactly the core's.
 */
export function appendFusedCells(py: string, cells: readonly FusedCellExport[]): string {
  if (cells.length === 0) return py
  const parts = [py.replace(/\n*$/, ''), '', '# Exercises 2 and 3: one-step gradients. They overwrite the d-variables above, so they come after the table.', '']
  for (const cell of cells) {
    parts.push(fusedMarker(cell.id, cell.status), cell.code.replace(/\s+$/, ''), '')
    parts.push(`# %% cmp: exercise ${cell.id}`, `cmp('${cell.target}', d${cell.target}, ${cell.target})`, '')
  }
  return parts.join('\n')
}

/** The fused cells of a solution file, by exercise: each section's text up to the next `# %%` line. */
export function fusedCellsFrom(text: string): Partial<Record<2 | 3, string>> {
  const found: Partial<Record<2 | 3, string>> = {}
  let current: 2 | 3 | null = null
  let body: string[] = []
  const flush = () => {
    if (current === null) return
    while (body.length > 0 && body[body.length - 1].trim() === '') body.pop()
    while (body.length > 0 && body[0].trim() === '') body.shift()
    found[current] = body.join('\n')
  }
  for (const line of text.replace(/^\uFEFF/, '').split(LINE_BREAK)) {
    const marker = MARKER.exec(line)
    if (marker !== null || SECTION.test(line)) {
      flush()
      current = marker === null ? null : (Number(marker[1]) as 2 | 3)
      body = []
      continue
    }
    if (current !== null) body.push(line)
  }
  flush()
  return found
}

/** A notebook's code cells joined as one text (each cell's source on its own lines), or null if not a notebook. */
function notebookText(text: string): string | null {
  if (!/^\s*\{/.test(text)) return null
  try {
    const nb = JSON.parse(text) as { cells?: Array<{ cell_type?: string; source?: string | string[] }> }
    if (!Array.isArray(nb.cells)) return null
    return nb.cells
      .filter((c) => c.cell_type === 'code')
      .map((c) => (Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '')))
      .join('\n')
  } catch {
    return null
  }
}

/** The fused cells of a .py solution or of an exported .ipynb. */
export function fusedCellsOf(text: string): Partial<Record<2 | 3, string>> {
  return fusedCellsFrom(notebookText(text) ?? text)
}

/**
 * `ipynb` (the core's notebook export) with a code cell per fused cell (marker + code) and one with its cmp() call,
 * appended after the cmp() table: the notebook then checks exercises 2 and 3 too, as the lecture does.
 */
export function appendFusedNotebookCells(ipynb: string, cells: readonly FusedCellExport[]): string {
  if (cells.length === 0) return ipynb
  const nb = JSON.parse(ipynb) as { cells: unknown[] }
  const code = (source: string, id: string) => ({
    cell_type: 'code',
    execution_count: null,
    id,
    metadata: {},
    outputs: [],
    source: source.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l))
  })
  for (const cell of cells) {
    nb.cells.push(code(`${fusedMarker(cell.id, cell.status)}\n${cell.code.replace(/\s+$/, '')}`, `exercise-${cell.id}`))
    nb.cells.push(code(`# %% cmp: exercise ${cell.id}\ncmp('${cell.target}', d${cell.target}, ${cell.target})`, `exercise-${cell.id}-cmp`))
  }
  return JSON.stringify(nb, null, 1)
}

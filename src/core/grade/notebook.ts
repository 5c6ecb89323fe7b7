// Whole submissions as input: a Jupyter/Colab notebook (.ipynb), a script with `# %%` or `# In[N]:` cells, a
// solution file the app exported, or one pasted cell. The cells that assign the lesson's gradients (exercises 1, 2
// and 3) are kept, in order, as one program; setup, forward, plot and training cells are skipped. Pure: no Node.

import type * as A from '../lang/syntax/ast'
import { parse } from '../lang/syntax/parser'
import { hasMarkers, namesBound } from '../grader/cells'

/** What a lesson tells the reader: the nodes whose `dX` a learner writes, and the names its forward pass binds. */
export interface LessonNames {
  /** the checked nodes, in check order */
  nodes: readonly string[]
  /** the names the lesson's setup and forward pass bind (a cell that rebinds one is not a learner's gradient cell) */
  forward: readonly string[]
}

/** One line of the program: the cell it came from (its number in the file, 1-based) and its line in that cell. */
export interface Place {
  cell: number
  line: number
}

export type Submission =
  | {
      ok: true
      /** the used cells, one after another: what is judged chained */
      program: string
      /** the numbers of the cells used (1-based, counting every cell of the file, markdown included) */
      cells: number[]
      /** for each line of `program` (0-based index), where it came from */
      places: Place[]
      /** the lesson's nodes whose dX no used cell assigns */
      unassigned: string[]
      /** forward names the notebook's own forward pass never binds (a learner's rename), when it has one */
      renamed: string[]
    }
  | { ok: false; reason: string }

interface RawCell {
  number: number
  code: string
}

const LINE_BREAK = /\r\n|\r|\n/
const CELL_LINE = /^#\s*%%|^# In\[[ \d]*\]:\s*$/

/** The code cells of a notebook's JSON, or why it is not a notebook. */
function notebookCells(text: string): RawCell[] | string {
  let nb: unknown
  try {
    nb = JSON.parse(text)
  } catch (e) {
    return `a broken notebook: its JSON does not parse (${(e as Error).message.split('\n')[0]})`
  }
  const cells = typeof nb === 'object' && nb !== null && !Array.isArray(nb) ? (nb as { cells?: unknown }).cells : undefined
  if (!Array.isArray(cells)) return 'a broken notebook: it has no list of cells (nbformat 4 is expected)'
  const out: RawCell[] = []
  for (const [i, cell] of cells.entries()) {
    if (typeof cell !== 'object' || cell === null) return `a broken notebook: cell ${i + 1} is not an object`
    const c = cell as { cell_type?: unknown; source?: unknown }
    if (c.cell_type !== 'code') continue
    const src = c.source
    let code: string
    if (typeof src === 'string') code = src
    else if (Array.isArray(src) && src.every((s) => typeof s === 'string')) code = src.join('')
    else if (src === undefined) code = ''
    else return `a broken notebook: the source of cell ${i + 1} is not text`
    out.push({ number: i + 1, code })
  }
  return out
}

/** A script's cells: cut at `# %%` / `# In[N]:` lines (the line itself belongs to no cell, kept blank). */
function scriptCells(text: string): RawCell[] {
  const lines = text.split(LINE_BREAK)
  if (!lines.some((l) => CELL_LINE.test(l))) return [{ number: 1, code: text }]
  const cells: RawCell[] = []
  let body: string[] = []
  const flush = () => {
    if (body.length > 0 && !(cells.length === 0 && body.every((l) => l.trim() === ''))) cells.push({ number: cells.length + 1, code: body.join('\n') })
    body = []
  }
  for (const line of lines) {
    if (CELL_LINE.test(line)) flush()
    else body.push(line)
  }
  flush()
  return cells
}

/** IPython's `%magic` and `!shell` lines are not Python: blanked, so the cell's other lines keep their numbers. */
function withoutMagics(code: string): string {
  return code
    .split(LINE_BREAK)
    .map((l) => (/^\s*[%!]/.test(l) ? '' : l))
    .join('\n')
}

function isNone(e: A.Expr): boolean {
  return e.kind === 'None'
}

/** The gradients `dX` a cell binds, the forward names it rebinds, and whether its dX are only the starter's `= None`. */
function classify(code: string, lesson: LessonNames): { grads: string[]; rebinds: string[]; placeholder: boolean } {
  const nodes = new Set(lesson.nodes)
  const forward = new Set(lesson.forward)
  const parsed = parse(code)
  if (!parsed.ok) {
    // a cell that does not parse is judged (its syntax error is the learner's) if its lines look like dX = ...
    const grads: string[] = []
    const rebinds: string[] = []
    for (const line of code.split(LINE_BREAK)) {
      const m = /^\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?(?:[-+*/@]?=)(?!=)/.exec(line)
      if (m === null) continue
      if (m[1].startsWith('d') && nodes.has(m[1].slice(1))) grads.push(m[1].slice(1))
      else if (forward.has(m[1])) rebinds.push(m[1])
    }
    return { grads, rebinds, placeholder: false }
  }
  const grads: string[] = []
  const rebinds: string[] = []
  let placeholder = true
  for (const stmt of parsed.module.body) {
    const bound = namesBound(stmt)
    const own = [...bound].filter((b) => b.startsWith('d') && nodes.has(b.slice(1)))
    for (const b of own) if (!grads.includes(b.slice(1))) grads.push(b.slice(1))
    for (const b of bound) if (forward.has(b) && !rebinds.includes(b)) rebinds.push(b)
    if (own.length > 0 && !(stmt.kind === 'Assign' && isNone(stmt.value))) placeholder = false
  }
  return { grads, rebinds, placeholder }
}

/** Every name a cell binds (to tell whether the notebook's forward pass renamed a lesson's name). */
function boundBy(code: string): Set<string> {
  const parsed = parse(code)
  const out = new Set<string>()
  if (parsed.ok) for (const stmt of parsed.module.body) for (const b of namesBound(stmt)) out.add(b)
  return out
}

function isNotebook(name: string, text: string): boolean {
  if (/\.ipynb$/i.test(name)) return true
  return !/\.py$/i.test(name) && /^\s*\{/.test(text)
}

/** A file's cells: a notebook's code cells (magics blanked), a script's `# %%` cells, or the whole file as one. */
function rawCells(name: string, text: string): RawCell[] | string {
  const body = text.replace(/^\uFEFF/, '')
  if (isNotebook(name, body)) {
    const cells = notebookCells(body)
    return typeof cells === 'string' ? cells : cells.map((c) => ({ ...c, code: withoutMagics(c.code) }))
  }
  return hasMarkers(body) ? [{ number: 1, code: body }] : scriptCells(body)
}

/** A one-step exercise's cell found in a whole notebook: its number in the file and the learner's lines of it. */
export interface OneStepCell {
  cell: number
  code: string
}

/**
 * The lecture's exercises 2 and 3 in a whole notebook: for each target (`logits`, `hprebn`), the last cell that
 * assigns that gradient and no other (exercise 1's cell assigns many), with a real answer (not the starter's
 * `= None`). The lecture's own lines of those cells are left out (its `cmp(...)` calls, and the `loss_fast` /
 * `hpreact_fast` comparisons with their `print`); what remains is the learner's.
 */
export function oneStepCells(name: string, text: string, targets: Readonly<Record<2 | 3, string>>, lesson: LessonNames): Partial<Record<2 | 3, OneStepCell>> {
  const raw = rawCells(name, text)
  const found: Partial<Record<2 | 3, OneStepCell>> = {}
  if (typeof raw === 'string') return found
  for (const cell of raw) {
    const { grads, rebinds, placeholder } = classify(cell.code, lesson)
    if (grads.length !== 1 || rebinds.length > 0 || placeholder) continue
    for (const id of [2, 3] as const) if (grads[0] === targets[id]) found[id] = { cell: cell.number, code: learnerLines(cell.code) }
  }
  return found
}

const GIVEN_LINE = /^(?:cmp\(|(?:loss_fast|hpreact_fast)\s*=|print\(.*\b(?:loss_fast|hpreact_fast)\b)/

/** A one-step cell without the lecture's given lines (see oneStepCells), and without blank lines at either end. */
function learnerLines(code: string): string {
  const lines = code.split(LINE_BREAK).filter((l) => !GIVEN_LINE.test(l))
  while (lines.length > 0 && lines[0].trim() === '') lines.shift()
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop()
  return lines.join('\n')
}

/**
 * Reads one submission. `name` (its file name) tells a notebook from a script. A solution file the app exported
 * (with `# %% node:` markers) is used whole, as `check` runs it.
 */
export function readSubmission(name: string, text: string, lesson: LessonNames): Submission {
  const raw = rawCells(name, text)
  if (typeof raw === 'string') return { ok: false, reason: raw }
  const used: RawCell[] = []
  const assigned = new Set<string>()
  let forwardCell = false
  for (const cell of raw) {
    const { grads, rebinds, placeholder } = classify(cell.code, lesson)
    if (rebinds.includes('loss')) forwardCell = true
    if (grads.length === 0 || rebinds.length > 0 || placeholder) continue
    used.push(cell)
    for (const g of grads) assigned.add(g)
  }
  if (used.length === 0) {
    const what = raw.length === 1 ? 'the file assigns no d<name>' : `none of its ${raw.length} code cells assigns a d<name>`
    return { ok: false, reason: `no cell assigns a gradient of the lesson: ${what} (such as d${lesson.nodes[0]})` }
  }
  const places: Place[] = []
  const parts: string[] = []
  for (const cell of used) {
    const lines = cell.code.split(LINE_BREAK)
    lines.forEach((_, i) => places.push({ cell: cell.number, line: i + 1 }))
    parts.push(lines.join('\n'))
  }
  let renamed: string[] = []
  if (forwardCell) {
    const everywhere = new Set<string>()
    for (const cell of raw) for (const b of boundBy(cell.code)) everywhere.add(b)
    renamed = lesson.forward.filter((k) => !everywhere.has(k))
  }
  return {
    ok: true,
    program: parts.join('\n'),
    cells: used.map((c) => c.number),
    places,
    unassigned: lesson.nodes.filter((k) => !assigned.has(k)),
    renamed
  }
}

// Cells: a node's own code. Marked files split at `# %% node: <name>` lines; a plain pasted notebook cell is split
// by the `dX` each top-level statement (or `for` block) assigns, temporaries going with the statement they precede.

import type { CodeError } from '../api'
import { CHECK_ORDER } from '../api'
import { namesIn } from '../lang/syntax/ast'
import type * as A from '../lang/syntax/ast'
import type { CellProgram } from '../exercise/program'
import { parse } from '../lang/syntax/parser'
import { syntaxCodeError } from '../lang/syntax/errors'

const MARKER = /^# %% node:\s*([A-Za-z_][A-Za-z0-9_]*)/
const LINE_BREAK = /\r\n|\r|\n/

export interface SplitResult {
  /** node name -> the cell's code, exactly as written (marker lines excluded) */
  cells: Map<string, string>
  /** node name -> for each line of its cell, the 1-based line of the file it came from */
  lineMaps: Map<string, number[]>
  /** code before the first marker or statement that belongs to no node (kept, never lost) */
  preamble: string
  warnings: string[]
  /** a plain cell that does not parse can't be split: its syntax error (marked files split without parsing) */
  error: CodeError | null
}

/** Whether a text uses the export's cell markers. */
export function hasMarkers(text: string): boolean {
  return text.replace(/^\uFEFF/, '').split(LINE_BREAK).some((l) => MARKER.test(l))
}

/** Whether a line starts a `# %%` section that is not a node's cell (the export's cmp() table, say). */
function isOtherSection(line: string): boolean {
  return /^# %%/.test(line) && !MARKER.test(line)
}

/**
 * The text chained mode runs: a marked file without its other `# %%` sections (the export's cmp() table needs
 * `t.grad`, which learner code never has), those lines left blank so that errors keep their line numbers.
 */
export function chainedSource(text: string): string {
  if (!hasMarkers(text)) return text
  let skipping = false
  return text
    .split(LINE_BREAK)
    .map((line) => {
      if (MARKER.test(line)) skipping = false
      else if (isOtherSection(line)) skipping = true
      return skipping ? '' : line
    })
    .join('\n')
}

/** Splits a marked file: each marker starts a cell that runs to the next marker (or a `# %%` section). */
export function splitMarked(text: string, order: readonly string[] = CHECK_ORDER): SplitResult {
  const checked = new Set(order)
  const lines = text.replace(/^\uFEFF/, '').split(LINE_BREAK)
  const cells = new Map<string, string>()
  const lineMaps = new Map<string, number[]>()
  const warnings: string[] = []
  const preamble: string[] = []
  let current: string | null = null
  // inside a `# %%` section that is not a node's cell
  let other = false
  let body: string[] = []
  let start = 0
  const flush = () => {
    if (current === null) return
    while (body.length > 0 && body[body.length - 1].trim() === '') body.pop()
    const code = body.join('\n')
    const map = body.map((_, i) => start + i + 1)
    if (cells.has(current)) {
      warnings.push(`node ${current} has two cells; the second one was appended to the first`)
      cells.set(current, `${cells.get(current)}\n${code}`)
      lineMaps.set(current, [...lineMaps.get(current)!, ...map])
    } else {
      cells.set(current, code)
      lineMaps.set(current, map)
    }
  }
  for (const [i, line] of lines.entries()) {
    const m = MARKER.exec(line)
    if (m !== null) {
      flush()
      current = m[1]
      body = []
      start = i + 1
      if (!checked.has(current)) warnings.push(`'${current}' is not one of the ${order.length} nodes; its cell is kept but never checked`)
      continue
    }
    if (isOtherSection(line)) {
      // another section (the cmp() table of an export): ends the current cell and belongs to none
      flush()
      current = null
      body = []
      other = true
      continue
    }
    if (current !== null) body.push(line)
    else if (!other) preamble.push(line)
  }
  flush()
  return { cells, lineMaps, preamble: preamble.join('\n').trim(), warnings, error: null }
}

/** The checked nodes whose gradients a statement assigns (`dX = ...`, `dX[...] = ...`, `dX += ...`, `dX, dY = ...`). */
function assignedNodes(stmt: A.Stmt, checked: ReadonlySet<string>): string[] {
  const out: string[] = []
  const add = (name: string) => {
    if (!out.includes(name)) out.push(name)
  }
  const fromTarget = (t: A.Expr): void => {
    let x = t
    while (x.kind === 'Subscript' || x.kind === 'Attribute' || x.kind === 'Starred') x = x.value
    if (x.kind === 'Name' && x.id.startsWith('d') && checked.has(x.id.slice(1))) add(x.id.slice(1))
    if (x.kind === 'Tuple' || x.kind === 'List') for (const e of x.elts) fromTarget(e)
  }
  switch (stmt.kind) {
    case 'Assign':
      for (const t of stmt.targets) fromTarget(t)
      break
    case 'AugAssign':
    case 'AnnAssign':
      fromTarget(stmt.target)
      break
    case 'ExprStmt': {
      // dC.index_add_(...) and friends mutate dX in place
      let x = stmt.value
      if (x.kind === 'Call') x = x.func
      if (x.kind === 'Attribute' && x.attr.endsWith('_')) fromTarget(x.value)
      break
    }
    case 'For':
    case 'While':
    case 'If': {
      // a loop or branch belongs to the first node it assigns (the lecture's dC loop)
      const blocks = stmt.kind === 'If' ? [...stmt.branches.map((b) => b.body), stmt.orelse] : [stmt.body, stmt.orelse]
      const first = blocks.flat().map((b) => assignedNodes(b, checked)).find((ns) => ns.length > 0)
      if (first) add(first[0])
      break
    }
    case 'With':
      // a `with torch.no_grad():` block holding gradient code: each dX it assigns
      for (const inner of stmt.body) for (const k of assignedNodes(inner, checked)) add(k)
      break
  }
  return out
}

/** Whether a statement is one of the lecture's `cmp('name', dX, X)` calls: the notebook's check, not a node's code. */
function isCmpCall(stmt: A.Stmt): boolean {
  return stmt.kind === 'ExprStmt' && stmt.value.kind === 'Call' && stmt.value.func.kind === 'Name' && stmt.value.func.id === 'cmp'
}

interface Chunk {
  text: string
  /** 1-based file line of the chunk's first line */
  first: number
}

/** The source lines [from, to] (1-based, inclusive) of `text`. */
function linesOf(lines: readonly string[], from: number, to: number): string {
  return lines.slice(from - 1, to).join('\n')
}

/** The names a statement binds by assignment (`tmp = ...`, `a, b = ...`, `tmp += ...`, a for target), at any depth. */
export function namesBound(stmt: A.Stmt): Set<string> {
  const out = new Set<string>()
  const target = (t: A.Expr): void => {
    if (t.kind === 'Name') out.add(t.id)
    else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(target)
    else if (t.kind === 'Starred') target(t.value)
  }
  const visit = (x: A.Stmt): void => {
    switch (x.kind) {
      case 'Assign':
        x.targets.forEach(target)
        break
      case 'AugAssign':
      case 'AnnAssign':
        target(x.target)
        break
      case 'For':
        target(x.target)
        ;[...x.body, ...x.orelse].forEach(visit)
        break
      case 'While':
        ;[...x.body, ...x.orelse].forEach(visit)
        break
      case 'If':
        ;[...x.branches.flatMap((b) => b.body), ...x.orelse].forEach(visit)
        break
      case 'With':
        x.body.forEach(visit)
        break
    }
  }
  visit(stmt)
  return out
}

/** A statement that only looks at values: `print(dcounts.shape)`, a bare `dbnbias.shape, dbngain.shape`. */
function isInspection(stmt: A.Stmt, checked: ReadonlySet<string>): boolean {
  return stmt.kind === 'ExprStmt' && assignedNodes(stmt, checked).length === 0
}

/** The checked nodes whose gradient `dX` a statement mentions. */
function gradientsMentioned(stmt: A.Stmt, checked: ReadonlySet<string>): string[] {
  return [...namesIn(stmt)].filter((k) => k.startsWith('d') && checked.has(k.slice(1))).map((k) => k.slice(1))
}

interface Entry {
  stmt: A.Stmt
  chunk: Chunk
  /** the statement starts on a line an earlier statement ends on (`a = 1; b = 2`) */
  shared: boolean
  /** the nodes whose gradient it assigns */
  nodes: string[]
}

/**
 * Where a statement that assigns no gradient goes, as an index into `entries` of the statement whose cell it joins
 * (null: no cell). An inspection of gradients joins the cell of the last one it looks at, so `print(dcounts.shape)`
 * after dcounts runs where dcounts exists; a temporary joins the cell of the first statement that reads it (a branch
 * `dlogits_branch1 = ...` written before `dlogit_maxes = ...` goes with `dlogits = dlogits_branch1 + ...`);
 * anything else joins the next statement that assigns a gradient, or the last one.
 */
function homes(entries: readonly Entry[], order: readonly string[]): (number | null)[] {
  const checked = new Set(order)
  const home: (number | null)[] = entries.map((e, i) => (e.nodes.length > 0 ? i : null))
  const next = (i: number): number | null => {
    for (let j = i + 1; j < entries.length; j++) if (entries[j].nodes.length > 0) return j
    for (let j = i - 1; j >= 0; j--) if (entries[j].nodes.length > 0) return j
    return null
  }
  // from the end, so that a temporary read by another temporary follows it
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]
    if (e.nodes.length > 0 || isCmpCall(e.stmt)) continue
    if (isInspection(e.stmt, checked)) {
      // of the gradients it looks at that are written by then, the one latest in the check order: in the app's
      // program (the cells in that order) every one of them exists there
      const looked = gradientsMentioned(e.stmt, checked)
      let last: number | null = null
      for (let j = i - 1; j >= 0; j--) {
        const rank = Math.max(-1, ...entries[j].nodes.filter((k) => looked.includes(k)).map((k) => order.indexOf(k)))
        if (rank >= 0 && (last === null || rank > Math.max(...entries[last].nodes.map((k) => order.indexOf(k))))) last = j
      }
      home[i] = last ?? next(i)
      continue
    }
    const bound = e.stmt.kind === 'Import' || e.stmt.kind === 'ImportFrom' || e.stmt.kind === 'FunctionDef' ? new Set<string>() : namesBound(e.stmt)
    let reader: number | null = null
    if (bound.size > 0)
      for (let j = i + 1; j < entries.length && reader === null; j++) {
        if (isCmpCall(entries[j].stmt)) continue
        const names = namesIn(entries[j].stmt)
        if ([...bound].some((b) => names.has(b))) reader = j
      }
    home[i] = reader !== null && home[reader] !== null ? home[reader] : next(i)
  }
  return home
}

/**
 * Splits a plain notebook cell by the dX each top-level statement assigns. Statements that assign no gradient go
 * where they are needed (see homes()). The lecture's `cmp(...)` calls belong to no cell. A statement sharing its
 * line with one of another node (`dW2 = ...; db2 = ...`) puts that whole line in both cells.
 */
export function splitPlain(text: string, order: readonly string[] = CHECK_ORDER): SplitResult {
  const checked = new Set(order)
  const parsed = parse(text)
  const warnings: string[] = []
  if (!parsed.ok) {
    const e = parsed.error
    return {
      cells: new Map(),
      lineMaps: new Map(),
      preamble: text,
      warnings: [`the text has a syntax error at line ${e.line}: ${e.message}`],
      error: syntaxCodeError(e)
    }
  }
  const lines = text.replace(/^\uFEFF/, '').split(LINE_BREAK)
  // node -> its cell's lines, keyed by file line (a line shared by two statements is in a cell once)
  const parts = new Map<string, Map<number, string>>()
  const addTo = (node: string, chunks: Chunk[]) => {
    const cell = parts.get(node) ?? new Map<number, string>()
    for (const c of chunks) c.text.split('\n').forEach((l, i) => cell.set(c.first + i, l))
    parts.set(node, cell)
  }
  const entries: Entry[] = []
  let prevEnd = 0
  for (const stmt of parsed.module.body) {
    // comments and blank lines between statements travel with the statement after them
    const shared = stmt.span.line <= prevEnd
    const chunk: Chunk = shared
      ? { text: linesOf(lines, stmt.span.line, stmt.span.endLine), first: stmt.span.line }
      : { text: linesOf(lines, prevEnd + 1, stmt.span.endLine), first: prevEnd + 1 }
    prevEnd = Math.max(prevEnd, stmt.span.endLine)
    entries.push({ stmt, chunk, shared, nodes: isCmpCall(stmt) ? [] : assignedNodes(stmt, checked) })
  }
  const home = homes(entries, order)
  const ignored: Chunk[] = []
  const homeless: Chunk[] = []
  for (const [i, e] of entries.entries()) {
    const at = home[i]
    if (e.nodes.length === 0 && e.shared) continue // its line is in the cell of the statement it shares it with
    if (isCmpCall(e.stmt)) ignored.push(e.chunk)
    else if (at === null) homeless.push(e.chunk)
    else for (const node of entries[at].nodes) addTo(node, [e.chunk])
  }
  const last = [...entries].reverse().find((e) => e.nodes.length > 0)?.nodes.slice(-1)[0] ?? null
  const pending: Chunk[] = []
  const trailing = linesOf(lines, prevEnd + 1, lines.length)
  if (trailing.trim() !== '') pending.push({ text: trailing, first: prevEnd + 1 })
  let preamble = ignored.map((c) => c.text).join('\n')
  if (pending.length > 0 && last !== null) addTo(last, pending)
  if (last === null) preamble = [...homeless, ...pending, ...ignored].map((c) => c.text).join('\n')
  const cells = new Map<string, string>()
  const lineMaps = new Map<string, number[]>()
  for (const k of order) {
    const p = parts.get(k)
    if (!p) continue
    const map = [...p.keys()].sort((a, b) => a - b)
    const cellLines = map.map((line) => p.get(line)!)
    while (cellLines.length > 0 && cellLines[0].trim() === '') {
      cellLines.shift()
      map.shift()
    }
    while (cellLines.length > 0 && cellLines[cellLines.length - 1].trim() === '') {
      cellLines.pop()
      map.pop()
    }
    cells.set(k, cellLines.join('\n'))
    lineMaps.set(k, map)
  }
  if (cells.size === 0) warnings.push(`no statement assigns a gradient d<name> of one of the ${order.length} nodes`)
  return { cells, lineMaps, preamble: preamble.trim(), warnings, error: null }
}

/** Splits any solution text: marked export files at their markers, anything else by the dX it assigns. */
export function splitCells(text: string, order: readonly string[] = CHECK_ORDER): SplitResult {
  return hasMarkers(text) ? splitMarked(text, order) : splitPlain(text, order)
}

/** The program a file's cells were written in (what chained mode runs) and the lines where each cell starts and ends. */
export function programOfSplit(text: string, split: SplitResult): CellProgram {
  const lines = new Map<string, readonly [number, number]>()
  for (const [k, map] of split.lineMaps) if (map.length > 0) lines.set(k, [map[0], map[map.length - 1]])
  return { source: chainedSource(text), lines }
}

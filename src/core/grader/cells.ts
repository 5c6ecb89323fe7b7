// Cells: a node's own code. Marked files split at `# %% node: <name>` lines; a plain pasted notebook cell is split
// by the `dX` each top-level statement (or `for` block) assigns, temporaries going with the statement they precede.

import { CHECK_ORDER } from '../api'
import type * as A from '../lang/ast'
import { parse } from '../lang/parser'

const MARKER = /^# %% node:\s*([A-Za-z_][A-Za-z0-9_]*)/
const CHECKED = new Set<string>(CHECK_ORDER)

export interface SplitResult {
  /** node name -> the cell's code, exactly as written (marker lines excluded) */
  cells: Map<string, string>
  /** node name -> for each line of its cell, the 1-based line of the file it came from */
  lineMaps: Map<string, number[]>
  /** code before the first marker or statement that belongs to no node (kept, never lost) */
  preamble: string
  warnings: string[]
}

/** Whether a text uses the export's cell markers. */
export function hasMarkers(text: string): boolean {
  return text.split(/\r\n|\r|\n/).some((l) => MARKER.test(l))
}

/** Splits a marked file: each marker starts a cell that runs to the next marker (or a `# %%` section). */
export function splitMarked(text: string): SplitResult {
  const lines = text.split(/\r?\n/)
  const cells = new Map<string, string>()
  const lineMaps = new Map<string, number[]>()
  const warnings: string[] = []
  const preamble: string[] = []
  let current: string | null = null
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
      if (!CHECKED.has(current)) warnings.push(`'${current}' is not one of the 26 nodes; its cell is kept but never checked`)
      continue
    }
    if (/^# %%/.test(line)) {
      // another section (the cmp() table of an export): ends the current cell
      flush()
      current = null
      body = []
      continue
    }
    if (current === null) preamble.push(line)
    else body.push(line)
  }
  flush()
  return { cells, lineMaps, preamble: preamble.join('\n').trim(), warnings }
}

/** The checked node whose gradient a statement assigns (`dX = ...`, `dX[...] = ...`, `dX += ...`), if any. */
function assignedNode(stmt: A.Stmt): string | null {
  const fromTarget = (t: A.Expr): string | null => {
    let x = t
    while (x.kind === 'Subscript' || x.kind === 'Attribute') x = x.value
    if (x.kind === 'Name' && x.id.startsWith('d') && CHECKED.has(x.id.slice(1))) return x.id.slice(1)
    if (x.kind === 'Tuple' || x.kind === 'List') {
      for (const e of x.elts) {
        const n = fromTarget(e)
        if (n !== null) return n
      }
    }
    return null
  }
  switch (stmt.kind) {
    case 'Assign':
      for (const t of stmt.targets) {
        const n = fromTarget(t)
        if (n !== null) return n
      }
      return null
    case 'AugAssign':
    case 'AnnAssign':
      return fromTarget(stmt.target)
    case 'ExprStmt': {
      // dC.index_add_(...) and friends mutate dX in place
      let x = stmt.value
      if (x.kind === 'Call') x = x.func
      if (x.kind === 'Attribute' && x.attr.endsWith('_')) return fromTarget(x.value)
      return null
    }
    case 'For':
    case 'While':
    case 'If': {
      const blocks = stmt.kind === 'If' ? [...stmt.branches.map((b) => b.body), stmt.orelse] : [stmt.body, stmt.orelse]
      for (const b of blocks)
        for (const s of b) {
          const n = assignedNode(s)
          if (n !== null) return n
        }
      return null
    }
    default:
      return null
  }
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

/**
 * Splits a plain notebook cell by the dX each top-level statement assigns. Statements that assign no gradient
 * (temporaries, imports, comments) go with the next statement that does; trailing ones with the last cell.
 */
export function splitPlain(text: string): SplitResult {
  const parsed = parse(text)
  const warnings: string[] = []
  if (!parsed.ok) {
    return {
      cells: new Map(),
      lineMaps: new Map(),
      preamble: text,
      warnings: [`the text has a syntax error at line ${parsed.error.line}: ${parsed.error.message}`]
    }
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  const parts = new Map<string, Chunk[]>()
  let pending: Chunk[] = []
  let prevEnd = 0
  let last: string | null = null
  for (const stmt of parsed.module.body) {
    // comments and blank lines between statements travel with the statement after them
    const chunk: Chunk = { text: linesOf(lines, prevEnd + 1, stmt.span.endLine), first: prevEnd + 1 }
    prevEnd = stmt.span.endLine
    const node = assignedNode(stmt)
    if (node === null) {
      pending.push(chunk)
      continue
    }
    const list = parts.get(node) ?? []
    list.push(...pending, chunk)
    parts.set(node, list)
    pending = []
    last = node
  }
  const trailing = linesOf(lines, prevEnd + 1, lines.length)
  if (trailing.trim() !== '') pending.push({ text: trailing, first: prevEnd + 1 })
  let preamble = ''
  if (pending.length > 0) {
    if (last !== null) parts.get(last)!.push(...pending)
    else preamble = pending.map((c) => c.text).join('\n')
  }
  const cells = new Map<string, string>()
  const lineMaps = new Map<string, number[]>()
  for (const k of CHECK_ORDER) {
    const p = parts.get(k)
    if (!p) continue
    const cellLines: string[] = []
    const map: number[] = []
    for (const c of p)
      c.text.split('\n').forEach((l, i) => {
        cellLines.push(l)
        map.push(c.first + i)
      })
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
  if (cells.size === 0) warnings.push('no statement assigns a gradient d<name> of one of the 26 nodes')
  return { cells, lineMaps, preamble: preamble.trim(), warnings }
}

/** Splits any solution text: marked export files at their markers, anything else by the dX it assigns. */
export function splitCells(text: string): SplitResult {
  return hasMarkers(text) ? splitMarked(text) : splitPlain(text)
}

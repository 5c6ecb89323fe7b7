// A program made of the learner's cells written one after another (the app's chained check, exercise 4's backward
// pass, a pasted file split into cells), and the way back from a line of that program to the cell it came from:
// the one place that knows how cells join, so an error or a printed line lands in its cell with the cell's own
// line numbers, never the joined program's. Pure data.

import { CHECK_ORDER, type CodeError } from '../api'

/**
 * The program a learner's cells come from and where each cell lies in it. In isolated mode a cell sees the learner's
 * own names (a branch temporary, a misnamed helper gradient, another node's dX it only prints) as they were in that
 * program just before the cell, and the true gradients of its upstream nodes in place of the learner's.
 */
export interface CellProgram {
  source: string
  /** cell -> the 1-based lines of `source` where it starts and ends (in a pasted file other cells' lines may lie between) */
  lines: ReadonlyMap<string, readonly [number, number]>
}

/**
 * The program of cells written one after another in `order` (the app's cells, exercise 4's program), joined by
 * newlines; an empty cell adds no line.
 */
export function programOfCells(cells: ReadonlyMap<string, string>, order: readonly string[] = CHECK_ORDER): CellProgram {
  const lines = new Map<string, readonly [number, number]>()
  const parts: string[] = []
  let line = 1
  for (const k of order) {
    const code = cells.get(k) ?? ''
    if (code.trim() === '') continue
    const count = code.split('\n').length
    lines.set(k, [line, line + count - 1])
    parts.push(code)
    line += count
  }
  return { source: parts.join('\n'), lines }
}

/**
 * The cell line `line` of the program falls in, and its line in that cell (null: in no cell, such as a pasted
 * file's preamble). Where spans overlap (a cell split around another) the one that starts last wins: it is the
 * innermost.
 */
export function cellAt(program: CellProgram, line: number): { cell: string; line: number } | null {
  let best: { cell: string; start: number } | null = null
  for (const [cell, [start, end]] of program.lines) if (start <= line && line <= end && (best === null || start > best.start)) best = { cell, start }
  return best === null ? null : { cell: best.cell, line: line - best.start + 1 }
}

/**
 * An error of the program as the learner sees it in their cell: the cell, and the error with its lines counted from
 * that cell's first line (an end past the cell is cut to the cell's last line). Null when the error is outside
 * every cell or has no line (0: a limit, a crash).
 */
export function errorInCell(program: CellProgram, error: CodeError): { cell: string; error: CodeError } | null {
  if (error.line < 1) return null
  const at = cellAt(program, error.line)
  if (at === null) return null
  const [start, end] = program.lines.get(at.cell)!
  const placed: CodeError = { ...error, line: at.line }
  if (error.endLine !== undefined) placed.endLine = Math.min(error.endLine, end) - start + 1
  return { cell: at.cell, error: placed }
}

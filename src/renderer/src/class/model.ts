// The Class view's data: the graded files so far, the report built from them (core/grade/report.ts, as the CLI's),
// the heatmap's row order, and what a click shows. Pure: no DOM.

import type { Status } from '../../../core/api'
import type { LearnerRow } from '../../../core/grade/learner'
import { buildReport, byId, type ClassReport, type Cluster, type Owned } from '../../../core/grade/report'
import type { GradedFile, NodeDetail } from '../worker/grade-protocol'

export type SortKey = 'id' | 'score' | `node:${string}`

export interface SortOrder {
  key: SortKey
  /** 1 ascending, -1 descending */
  dir: 1 | -1
}

/** A heatmap cell's status: the node's, or `unreadable` for a file that could not be read. */
export type CellStatus = Status | 'unreadable'

/** How statuses sort in a node's column: right answers first, then the wrong ones, then nothing at all. */
const STATUS_ORDER: Record<CellStatus, number> = { pass: 0, shape: 1, fail: 2, error: 3, missing: 4, unreadable: 5 }

export function cellStatus(row: LearnerRow, node: string): CellStatus {
  return row.nodes?.[node] ?? (row.status === 'unreadable' ? 'unreadable' : 'missing')
}

function fraction(r: LearnerRow): number {
  return r.total === 0 ? 0 : r.passed / r.total
}

/** The rows in a sort order; ties (and the id order itself) by id, always ascending. */
export function sortRows(rows: readonly LearnerRow[], order: SortOrder): LearnerRow[] {
  const key = order.key
  const value = (r: LearnerRow): number => (key === 'score' ? fraction(r) : key === 'id' ? 0 : STATUS_ORDER[cellStatus(r, key.slice('node:'.length))])
  return [...rows].sort((a, b) => {
    if (key === 'id') return order.dir * byId(a.id, b.id)
    return order.dir * (value(a) - value(b)) || byId(a.id, b.id)
  })
}

/** The next order when a column head is clicked: a new column starts at its natural direction, the same one flips. */
export function nextOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, dir: current.dir === 1 ? -1 : 1 }
  // the best scores first; a node's column puts its wrong answers first
  return { key, dir: key === 'score' ? -1 : key === 'id' ? 1 : -1 }
}

/** What a node's cell shows for a learner: its status, diagnosis and code, or the file's reason. */
export interface CellView {
  id: string
  node: string
  status: CellStatus
  diagnosis: string
  code: string
  /** the file's own problem (unreadable, an error that stopped the program, a grading that was stopped) */
  problem: string
  /** which cells of the file were used, and what the report notes (names never assigned...) */
  cells: number[]
  notes: string[]
}

/** Nodes with the most wrong answers (fail, shape, error), most first; nodes everyone got right are left out. */
export function hardestNodes(report: ClassReport, count = 3): { node: string; wrong: number }[] {
  return Object.entries(report.nodes)
    .map(([node, n]) => ({ node, wrong: n.fail + n.shape + n.error }))
    .filter((x) => x.wrong > 0)
    .sort((a, b) => b.wrong - a.wrong)
    .slice(0, count)
}

export class ClassModel {
  private files = new Map<string, GradedFile>()
  private cached: ClassReport | null = null

  constructor(
    readonly title: string,
    readonly nodes: readonly string[]
  ) {}

  add(id: string, file: GradedFile): void {
    this.files.set(id, file)
    this.cached = null
  }

  get size(): number {
    return this.files.size
  }

  /** The report of the files graded so far (rebuilt only after a change). */
  report(): ClassReport {
    if (this.cached === null) {
      const rows = [...this.files.values()].map((f) => f.result.row)
      const answers: Owned[] = [...this.files.values()].flatMap((f) => f.result.answers.map((answer) => ({ id: f.result.row.id, answer })))
      this.cached = buildReport(this.title, this.nodes, rows, answers)
    }
    return this.cached
  }

  cell(id: string, node: string): CellView | null {
    const f = this.files.get(id)
    if (f === undefined) return null
    const row = f.result.row
    const d: NodeDetail | undefined = f.details[node]
    return {
      id,
      node,
      status: cellStatus(row, node),
      diagnosis: d?.diagnosis ?? '',
      code: d?.code ?? '',
      problem: row.error ?? '',
      cells: row.cells ?? [],
      notes: f.result.notes
    }
  }

  cluster(node: string, index: number): Cluster | null {
    return this.report().nodes[node]?.clusters[index] ?? null
  }
}

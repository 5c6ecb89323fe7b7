// One learner graded: a submission's text read (notebook cells found), judged chained, and turned into a row of
// the class report plus the wrong answers that clustering needs. Pure; plain data out (safe to post from a worker).

import type { CodeError, NodeVerdict, Status } from '../api'
import { toDType } from '../tensor'
import type { Judge } from './judge'
import { stopped, unreadable } from './rows'

export { stopped, unreadable }
import { readSubmission, type Place } from './notebook'

export type LearnerStatus = 'graded' | 'unreadable' | 'error'

/** A learner's row, as docs/CONTRACT.md section 6 writes it. */
export interface LearnerRow {
  id: string
  status: LearnerStatus
  error?: string
  cells?: number[]
  nodes?: Record<string, Status>
  passed: number
  total: number
}

/**
 * A wrong answer at one node: either the learner's gradient (shape and float32 values), or, for an answer that is
 * no tensor or a program that stopped here, the message that says so. Equal answers form one cluster.
 */
export interface Answer {
  node: string
  shape: number[] | null
  data: Float32Array | null
  /** without data: what identifies the answer (an error's kind and message, or a verdict's message) */
  message: string
  /** the grader's diagnosis, as the cluster shows it */
  diagnosis: string
  /** the learner's cell for this node */
  example: string
}

export interface LearnerResult {
  row: LearnerRow
  answers: Answer[]
  /** what the report's text and page say beyond the row (which lesson names are missing) */
  notes: string[]
}

function shapeText(s: readonly number[] | null): string {
  return s === null ? '?' : `[${s.join(', ')}]`
}

/** The grader's diagnosis of a wrong verdict, as one line. */
export function diagnosisOf(v: NodeVerdict): string {
  const parts = [v.message, ...(v.diagnoses ?? [])].filter((x): x is string => x !== undefined && x !== '')
  if (parts.length > 0) return parts.join(' ')
  if (v.status === 'shape') return `shape ${shapeText(v.shape)}, expected ${shapeText(v.expected_shape)}: right only through broadcasting`
  if (v.approximate === null) return `shape ${shapeText(v.shape)}, expected ${shapeText(v.expected_shape)}`
  return `wrong values (maxdiff ${v.maxdiff === null ? '?' : v.maxdiff.toPrecision(3)})`
}

/** Where an error is, in the learner's file: `cell 14, line 3, column 5` (a one-cell file: `line 3, column 5`). */
function where(e: CodeError, places: readonly Place[], cells: number): string {
  const p = places[e.line - 1]
  if (p === undefined) return `line ${e.line}, column ${e.col}`
  return cells > 1 || p.cell !== 1 ? `cell ${p.cell}, line ${p.line}, column ${e.col}` : `line ${p.line}, column ${e.col}`
}

/** One line, whatever the text: errors and reasons never span lines. */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim()
}

/** Grades one submission's text with a judge. `name` is the file's name (it tells a notebook from a script). */
export function gradeText(judge: Judge, id: string, name: string, text: string): LearnerResult {
  const lesson = judge.lesson
  const sub = readSubmission(name, text, lesson)
  if (!sub.ok) return unreadable(id, sub.reason, lesson.nodes.length)
  const judged = judge.judge(sub.program)
  const nodes: Record<string, Status> = {}
  const answers: Answer[] = []
  let passed = 0
  for (const k of lesson.nodes) {
    const j = judged.nodes.get(k)!
    const v = j.verdict
    nodes[k] = v.status
    if (v.status === 'pass') passed++
    if (v.status !== 'fail' && v.status !== 'shape') continue
    const diagnosis = oneLine(diagnosisOf(v))
    if (j.grad === null) answers.push({ node: k, shape: null, data: null, message: diagnosis, diagnosis, example: j.cell })
    else {
      const t = j.grad.dtype === 'float32' ? j.grad : toDType(j.grad, 'float32')
      answers.push({ node: k, shape: [...j.grad.shape], data: Float32Array.from(t.values()), message: '', diagnosis, example: j.cell })
    }
  }
  const e = judged.error
  let error: string | undefined
  if (e !== null) {
    error = oneLine(`${e.message} (${where(e, sub.places, sub.cells.length)})`)
    // a program that stopped: its error is the wrong answer at the first node it never reached
    const first = lesson.nodes.find((k) => nodes[k] === 'missing')
    if (first !== undefined) {
      const key = oneLine(`${e.kind}: ${e.message}`)
      // the example: that node's cell if the program has one, else the lines up to the one that raised
      const lines = sub.program.split(/\r\n|\r|\n/)
      const example = judged.nodes.get(first)!.cell || lines.slice(Math.max(0, e.line - 3), e.line).join('\n')
      answers.push({ node: first, shape: null, data: null, message: key, diagnosis: oneLine(e.message), example })
    }
  }
  const notes: string[] = []
  const un = sub.unassigned.map((k) => `d${k}`)
  if (un.length > 0) notes.push(`no cell assigns ${un.length <= 6 ? un.join(', ') : `${un.slice(0, 5).join(', ')} and ${un.length - 5} more`}`)
  if (sub.renamed.length > 0) notes.push(`the notebook's forward pass never binds ${sub.renamed.join(', ')} (renamed?)`)
  const row: LearnerRow = {
    id,
    status: e === null ? 'graded' : 'error',
    ...(error !== undefined ? { error } : {}),
    cells: sub.cells,
    nodes,
    passed,
    total: lesson.nodes.length
  }
  return { row, answers, notes }
}

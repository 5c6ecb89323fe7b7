// The rows of files that were not graded (unreadable, or stopped from outside): plain data, so the page can make
// them without loading the interpreter.

import type { Status } from '../api'
import type { LearnerResult } from './learner'

/** A row for a file that could not be read (not text, a broken notebook, too large, no gradient cell). */
export function unreadable(id: string, reason: string, total: number): LearnerResult {
  return { row: { id, status: 'unreadable', error: reason, passed: 0, total }, answers: [], notes: [] }
}

/** A row for a file whose grading was stopped from outside (a wall-clock or memory cap): every node missing. */
export function stopped(id: string, reason: string, nodes: readonly string[]): LearnerResult {
  const statuses: Record<string, Status> = {}
  for (const k of nodes) statuses[k] = 'missing'
  return { row: { id, status: 'error', error: reason, nodes: statuses, passed: 0, total: nodes.length }, answers: [], notes: [] }
}

// The Class view's grading worker: what the page sends it (the lesson once, then one file at a time) and what it
// answers (a learner's row, wrong answers and, per node, the cell and the verdict the page shows on a click).
// `gradeFile` is the worker's whole logic as a plain function, so it is tested without a Worker.

import type { Status } from '../../../core/api'
import type { Judge, Judged } from '../../../core/grade/judge'
import { diagnosisOf, gradeText, stopped, unreadable, type LearnerResult } from '../../../core/grade/learner'
import { decodeSubmission } from '../class/files'

/** The lesson graded against: the lecture (null) or a lesson file's text. */
export interface GradeSetup {
  lesson: { id: string; text: string } | null
}

/** One node of one learner, as the Class view shows it when its cell is clicked. */
export interface NodeDetail {
  status: Status
  /** the grader's diagnosis of a wrong answer ('' for a pass or a missing cell) */
  diagnosis: string
  /** the learner's cell for this node ('' if none) */
  code: string
}

/** A graded file: its row and wrong answers (for the report and its clusters), and each node's detail. */
export interface GradedFile {
  result: LearnerResult
  details: Record<string, NodeDetail>
}

export type ToWorker = { type: 'setup'; setup: GradeSetup } | { type: 'grade'; id: string; name: string; bytes: ArrayBuffer }

export type FromWorker =
  | { type: 'ready'; title: string; nodes: string[] }
  | { type: 'failed'; message: string }
  | { type: 'graded'; id: string; file: GradedFile }

/** Grades one file's bytes with a judge: never throws (a grader failure is that file's row). */
export function gradeFile(judge: Judge, id: string, name: string, bytes: Uint8Array): GradedFile {
  const nodes = judge.lesson.nodes
  const text = decodeSubmission(bytes)
  if (typeof text !== 'string') return { result: unreadable(id, text.reason, nodes.length), details: {} }
  // the judged program is kept on its way through, for each node's cell and verdict
  let last: Judged | null = null
  const recording: Judge = {
    lesson: judge.lesson,
    judge(program, limits) {
      last = judge.judge(program, limits)
      return last
    }
  }
  let result: LearnerResult
  try {
    result = gradeText(recording, id, name, text)
  } catch (e) {
    const reason = `internal error: the grader failed on this file (${(e as Error).message.split('\n')[0]})`
    return { result: stopped(id, reason, nodes), details: {} }
  }
  const details: Record<string, NodeDetail> = {}
  const judged = last as Judged | null
  if (judged !== null)
    for (const k of nodes) {
      const j = judged.nodes.get(k)
      if (j === undefined) continue
      const wrong = j.verdict.status !== 'pass' && j.verdict.status !== 'missing'
      details[k] = { status: j.verdict.status, diagnosis: wrong ? diagnosisOf(j.verdict) : '', code: j.cell }
    }
  return { result, details }
}

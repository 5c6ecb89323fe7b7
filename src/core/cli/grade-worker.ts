// A grade worker thread: builds the model once, then reads and grades one file at a time. A file it can't read is
// an `unreadable` row; what the learner's code does stays inside the interpreter and its limits. The parent caps
// each file's wall clock and the thread's memory, and replaces a thread it had to stop.

import { readFileSync, statSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import type { ModelConfig } from '../api'
import { lectureJudge, lessonJudge } from '../grade/judge'
import { gradeText, stopped, unreadable, type LearnerResult } from '../grade/learner'

export interface WorkerSetup {
  namesText: string
  config: ModelConfig
  /** the largest file graded, in bytes */
  maxBytes: number
  /** a lesson file to grade against instead of the lecture (already checked to build by the parent) */
  lesson?: { id: string; text: string }
}

export interface WorkerJob {
  id: string
  path: string
}

export type WorkerMessage = { type: 'ready' } | { type: 'result'; id: string; result: LearnerResult }

const setup = workerData as WorkerSetup
const judge = setup.lesson === undefined ? lectureJudge(setup.namesText, setup.config) : lessonJudge(setup.lesson.text, setup.namesText, setup.lesson.id)
const total = judge.lesson.nodes.length

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** The file's text, or why it can't be graded. */
function read(path: string): string | { reason: string } {
  try {
    const st = statSync(path)
    if (st.isDirectory()) return { reason: 'cannot read it: it is a directory' }
    if (st.size > setup.maxBytes) return { reason: `the file is too large (${mb(st.size)}; at most ${mb(setup.maxBytes)})` }
    const bytes = readFileSync(path)
    if (bytes.includes(0)) return { reason: 'not a text file (it holds NUL bytes)' }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      return { reason: 'not a text file (it is not UTF-8)' }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (e as Error).message.split('\n')[0]
    return { reason: `cannot read it: ${why}` }
  }
}

function grade(job: WorkerJob): LearnerResult {
  const text = read(job.path)
  if (typeof text !== 'string') return unreadable(job.id, text.reason, total)
  try {
    return gradeText(judge, job.id, job.path, text)
  } catch (e) {
    // the grader itself failed on this file: its row says so, the class goes on
    return stopped(job.id, `internal error: the grader failed on this file (${(e as Error).message.split('\n')[0]})`, judge.lesson.nodes)
  }
}

const port = parentPort!
port.on('message', (job: WorkerJob) => {
  const result = grade(job)
  port.postMessage({ type: 'result', id: job.id, result } satisfies WorkerMessage)
})
port.postMessage({ type: 'ready' } satisfies WorkerMessage)

// The Class view's grading worker: builds the lesson's judge once, then grades one file at a time. Learner code runs
// here, through the core's interpreter and its limits, never on the page; the page stops a file that runs too long
// by terminating this worker (class/pool.ts).

import namesText from '../../../../data/names.txt?raw'
import { lectureJudge, lessonJudge, type Judge } from '../../../core/grade/judge'
import { gradeFile, type FromWorker, type ToWorker } from './grade-protocol'

const scope = self as unknown as DedicatedWorkerGlobalScope
let judge: Judge | null = null

const send = (m: FromWorker): void => scope.postMessage(m)

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data
  if (m.type === 'setup') {
    try {
      const lesson = m.setup.lesson
      judge = lesson === null ? lectureJudge(namesText) : lessonJudge(lesson.text, namesText, lesson.id)
      send({ type: 'ready', title: judge.lesson.title, nodes: [...judge.lesson.nodes] })
    } catch (e) {
      const err = e as { name?: string; message?: string; line?: number; col?: number }
      send({ type: 'failed', message: err?.name === 'LessonError' ? `line ${err.line}, column ${err.col}: ${err.message}` : String(err?.message ?? e) })
    }
  } else if (judge !== null) send({ type: 'graded', id: m.id, file: gradeFile(judge, m.id, m.name, new Uint8Array(m.bytes)) })
}

// The one place the class grader meets a lesson: judge a learner's program chained, as `check` does, and hand back
// per-node verdicts, the program's error and the learner's gradients (for clustering). Today it judges the lecture's
// model; lessons (`--lesson FILE`) plug in here and nowhere else. Pure: the names text comes in as a string.

import type { CodeError, ModelConfig, NodeVerdict } from '../api'
import { CHECK_ORDER, DEFAULT_CONFIG, INTERMEDIATES, PARAMS } from '../api'
import { buildModel } from '../exercise/model'
import { splitCells } from '../grader/cells'
import { Grader } from '../grader/check'
import type { Limits } from '../lang/runtime/evaluator'
import { Tensor as TensorClass, type Tensor } from '../tensor'
import { buildLesson } from '../lesson/build'
import type { Lesson } from '../lesson/lesson'
import type { LessonNames } from './notebook'

export interface LessonInfo extends LessonNames {
  title: string
}

/** One node as judged: the verdict, the learner's dX (null when not a tensor or not defined) and its cell's code. */
export interface JudgedNode {
  verdict: NodeVerdict
  grad: Tensor | null
  /** the code of this node's cell in the program (how the splitter cuts it), '' if none */
  cell: string
}

export interface Judged {
  /** the program's error (syntax, raised, or a limit), lines relative to the program */
  error: CodeError | null
  nodes: Map<string, JudgedNode>
}

export interface Judge {
  lesson: LessonInfo
  judge(program: string, limits?: Partial<Limits>): Judged
}

export const LECTURE_TITLE = 'Building makemore Part 4: Becoming a Backprop Ninja'

/** The lecture's names: its 26 checked nodes and every name its setup and forward pass bind. */
export const LECTURE_NAMES: LessonNames = {
  nodes: CHECK_ORDER,
  forward: [...INTERMEDIATES, ...PARAMS, 'loss', 'Xb', 'Yb']
}

/** What a reader of whole notebooks needs of a lesson: its checked nodes, and the tensors its forward pass binds. */
export function lessonNames(lesson: Lesson): LessonNames {
  if (lesson.id === 'makemore-part4') return LECTURE_NAMES
  return { nodes: lesson.order, forward: [...lesson.scope.keys()].filter((k) => lesson.scope.get(k) instanceof TensorClass || k === 'loss') }
}

/** A judge for the lecture's model (docs/CONTRACT.md section 1) with a config. */
export function lectureJudge(namesText: string, config: Partial<ModelConfig> = {}): Judge {
  const grader = new Grader(buildModel(namesText, { ...DEFAULT_CONFIG, ...config }))
  return {
    lesson: { title: LECTURE_TITLE, ...LECTURE_NAMES },
    judge(program, limits) {
      const { result, nodes } = grader.checkChained(program, { limits })
      const split = splitCells(program)
      const out = new Map<string, JudgedNode>()
      for (const k of CHECK_ORDER) out.set(k, { verdict: result.nodes[k], grad: nodes.get(k)?.grad ?? null, cell: split.cells.get(k) ?? '' })
      return { error: result.error, nodes: out }
    }
  }
}

/**
 * A judge for a lesson file (docs/CONTRACT.md section 5): the lesson built once, every learner judged chained on
 * its own nodes. A bad lesson file throws its LessonError (line and column), before any learner is read.
 */
export function lessonJudge(lessonText: string, namesText: string, id = 'lesson'): Judge {
  const lesson = buildLesson(lessonText, { id, namesText })
  const grader = new Grader(lesson)
  return {
    lesson: { title: lesson.title, ...lessonNames(lesson) },
    judge(program, limits) {
      const { result, nodes } = grader.checkChained(program, { limits })
      const split = splitCells(program, lesson.order)
      const out = new Map<string, JudgedNode>()
      for (const k of lesson.order) out.set(k, { verdict: result.nodes[k], grad: nodes.get(k)?.grad ?? null, cell: split.cells.get(k) ?? '' })
      return { error: result.error, nodes: out }
    }
  }
}

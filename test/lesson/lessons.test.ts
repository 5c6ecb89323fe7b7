// The shipped lessons against real PyTorch running the same files (reference/lesson_truth.py, lesson_verdicts.py
// via reference/make_lesson_solutions.py): nodes, values, gradients, and the verdicts on learner-like solutions.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TensorJSON } from '../../src/core/api'
import { splitCells, programOfSplit } from '../../src/core/grader/cells'
import { Grader } from '../../src/core/grader/check'
import { buildLesson } from '../../src/core/lesson/build'
import type { Lesson } from '../../src/core/lesson/lesson'
import { readLessonFile } from '../../src/core/lesson/file'
import { CHECK_ORDER } from '../../src/core/api'
import { FORWARD_SOURCE } from '../../src/core/exercise/forward'
import { HINTS, REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { model } from '../model'

const root = join(__dirname, '..', '..')
const names = readFileSync(join(root, 'data', 'names.txt'), 'utf8')
const LESSONS = readdirSync(join(root, 'lessons')).filter((f) => f.endsWith('.py')).map((f) => f.slice(0, -3))

type Data = Omit<TensorJSON, 'data'> & { data: (number | string)[] }
interface Truth {
  loss: number
  tensors: Record<string, Data>
  grads: Record<string, Data>
}
interface Verdicts {
  results: Record<string, { error: string | null; nodes: Record<string, { status: string; borderline?: boolean }> }>
}

/** max |a - b| relative to the largest |b| (the tensor's scale), with a floor for all-zero tensors. */
function relError(a: ArrayLike<number>, raw: readonly (number | string)[]): number {
  const b = raw.map((x) => (typeof x === 'number' ? x : x === 'nan' ? NaN : x === 'inf' ? Infinity : -Infinity))
  let diff = 0
  let scale = 0
  for (let i = 0; i < b.length; i++) {
    if (!Number.isFinite(b[i])) {
      if (!Object.is(a[i], b[i])) return Infinity
      continue
    }
    diff = Math.max(diff, Math.abs(a[i] - b[i]))
    scale = Math.max(scale, Math.abs(b[i]))
  }
  return diff / Math.max(scale, 1e-4) // a float-noise gradient (dlogit_maxes, ~1e-9) is judged on 1e-4
}

const built = new Map<string, Lesson>()
function lesson(name: string): Lesson {
  let l = built.get(name)
  if (l === undefined) {
    l = buildLesson(readFileSync(join(root, 'lessons', `${name}.py`), 'utf8'), { id: name, namesText: names })
    built.set(name, l)
  }
  return l
}

it('ships the four lessons the issue names', () => {
  expect(LESSONS.sort()).toEqual(['attention-head', 'layernorm-mlp', 'makemore-part4', 'wavenet-mlp'])
})

describe.each(LESSONS)('lesson %s', (name) => {
  const truth = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'lessons', `${name}.json`), 'utf8')) as Truth
  const verdicts = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'lessons', 'solutions', name, 'verdicts.json'), 'utf8')) as Verdicts

  it('has PyTorch nodes, loss, values (1e-5 rel) and gradients (1e-4 rel)', () => {
    const l = lesson(name)
    expect([...l.order].sort()).toEqual(Object.keys(truth.grads).sort())
    expect(l.loss).toBeCloseTo(truth.loss, 5)
    for (const k of l.order) {
      const t = l.tensors.get(k)!
      expect(t.shape, k).toEqual(truth.tensors[k].shape)
      expect(relError(t.values(), truth.tensors[k].data), `${k} value`).toBeLessThanOrEqual(1e-5)
      expect(relError(l.grads.get(k)!.values(), truth.grads[k].data), `d${k}`).toBeLessThanOrEqual(1e-4)
    }
  })

  it('gives PyTorch verdicts on learner-like solutions (chained)', () => {
    const grader = new Grader(lesson(name))
    for (const [file, expected] of Object.entries(verdicts.results)) {
      const source = readFileSync(join(root, 'test', 'fixtures', 'lessons', 'solutions', name, file), 'utf8')
      const { result } = grader.checkChained(source)
      expect(result.error === null, `${file}: ${result.error?.message}`).toBe(expected.error === null)
      for (const [node, v] of Object.entries(expected.nodes)) {
        if (v.borderline === true) continue
        expect(result.nodes[node].status, `${file} ${node}`).toBe(v.status)
      }
    }
  })

  it('has a reference solution that passes every node, and hints for every node', () => {
    const l = lesson(name)
    const { result } = new Grader(l).checkChained(l.solution.size > 0 ? l.solutionSource : '')
    expect(result.summary.pass).toBe(l.order.length)
    // and every node's cell, judged alone with the true upstream gradients, passes too
    const split = splitCells(l.solutionSource, l.order)
    const cells = new Grader(l).checkIsolated(split.cells, { program: programOfSplit(l.solutionSource, split) })
    expect(cells.result.summary.pass).toBe(l.order.length)
    for (const k of l.order) expect(l.hints.get(k)?.length ?? 0, k).toBeGreaterThan(0)
    expect(l.description.length).toBeGreaterThan(40)
  })
})

describe('the lecture as a lesson file', () => {
  const file = readLessonFile(readFileSync(join(root, 'lessons', 'makemore-part4.py'), 'utf8'))
  it('has the app\'s forward program, check order, solution cells and hints', () => {
    expect(file.forward.source.trim()).toBe(FORWARD_SOURCE.trim())
    expect(file.check?.names).toEqual([...CHECK_ORDER])
    expect(file.solution!.source.trim()).toBe(CHECK_ORDER.map((k) => REFERENCE_CELLS[k]).join('\n'))
    for (const k of CHECK_ORDER) expect(file.hints.get(k), k).toEqual([...HINTS[k]])
  })

  it('builds the same nodes, graph and gradients as the app\'s lecture', () => {
    const fromFile = lesson('makemore-part4')
    const app = model()
    expect(fromFile.order).toEqual(app.order)
    expect(fromFile.graph.edges.map((e) => `${e.from}>${e.to}:${e.op}`).sort()).toEqual(app.graph.edges.map((e) => `${e.from}>${e.to}:${e.op}`).sort())
    for (const k of app.order) expect(relError(fromFile.grads.get(k)!.values(), Array.from(app.grads.get(k)!.values())), k).toBeLessThanOrEqual(1e-6)
  })
})

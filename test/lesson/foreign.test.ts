// Lesson files this project did not write, in the contract's form (test/fixtures/lessons/foreign): parameters made
// in a loop, requires_grad given to the factory, relu/sigmoid/cat/log_softmax/.T, one weight used twice. Their
// nodes, values, gradients and verdicts are PyTorch's (reference/lesson_truth.py, lesson_verdicts.py).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Grader } from '../../src/core/grader/check'
import { buildLesson } from '../../src/core/lesson/build'

const dir = join(__dirname, '..', 'fixtures', 'lessons', 'foreign')
const names = readFileSync(join(__dirname, '..', '..', 'data', 'names.txt'), 'utf8')
const LESSONS = readdirSync(dir).filter((f) => /^[a-z-]+\.py$/.test(f))

function relError(a: ArrayLike<number>, b: readonly number[]): number {
  let diff = 0
  let scale = 0
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]))
    scale = Math.max(scale, Math.abs(b[i]))
  }
  return diff / Math.max(scale, 1e-4)
}

describe.each(LESSONS)('%s', (file) => {
  const text = readFileSync(join(dir, file), 'utf8')
  const truth = JSON.parse(readFileSync(join(dir, file.replace(/\.py$/, '.json')), 'utf8')) as {
    loss: number
    tensors: Record<string, { shape: number[]; data: number[] }>
    grads: Record<string, { shape: number[]; data: number[] }>
  }
  it("has PyTorch's nodes, loss, values and gradients", () => {
    const l = buildLesson(text, { id: file, namesText: names })
    expect([...l.order].sort()).toEqual(Object.keys(truth.grads).sort())
    expect(l.loss).toBeCloseTo(truth.loss, 5)
    for (const k of l.order) {
      expect(l.tensors.get(k)!.shape, k).toEqual(truth.tensors[k].shape)
      expect(relError(l.tensors.get(k)!.values(), truth.tensors[k].data), k).toBeLessThanOrEqual(1e-5)
      expect(relError(l.grads.get(k)!.values(), truth.grads[k].data), `d${k}`).toBeLessThanOrEqual(1e-4)
    }
  })
})

it("judges solutions to a foreign lesson as PyTorch does, and names the missing branch of a weight used twice", () => {
  const l = buildLesson(readFileSync(join(dir, 'layer-reuse.py'), 'utf8'), { id: 'layer-reuse', namesText: names })
  const verdicts = JSON.parse(readFileSync(join(dir, 'layer-reuse.verdicts.json'), 'utf8')).results as Record<string, { nodes: Record<string, { status: string }> }>
  const grader = new Grader(l)
  for (const [file, v] of Object.entries(verdicts)) {
    const { result } = grader.checkChained(readFileSync(join(dir, file), 'utf8'))
    for (const [k, want] of Object.entries(v.nodes)) expect(result.nodes[k].status, `${file} ${k}`).toBe(want.status)
  }
  const W = grader.checkChained(readFileSync(join(dir, 'layer-reuse.one-branch.py'), 'utf8')).result.nodes.W
  expect(l.graph.nodes.find((n) => n.name === 'W')!.merge).toBe(true)
  expect(W.branches).toMatchObject({ matched: 1, total: 2 })
})

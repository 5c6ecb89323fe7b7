import { describe, expect, test } from 'vitest'
import type { CellResult, NodeVerdict } from '../../src/core/api'
import { CHECK_ORDER } from '../../src/core/api'
import { FUSED } from '../../src/core/exercise/exercises'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { fusedKey, initialState, reduce, type AppState, type FusedId } from '../../src/renderer/src/state'
import { placeOfUse, trainingPlan } from '../../src/renderer/src/training/plan'
import { shapeOnlyNote } from '../../src/renderer/src/training/training-panel'
import { createSession } from './session'

const graph = createSession().graph
const fresh = (): AppState => initialState(graph.order, graph.nodes, { 2: '# dlogits: write it here\n', 3: '# dhprebn\n' })
const verdict = (status: NodeVerdict['status']): NodeVerdict => ({ status, exact: null, approximate: null, maxdiff: null, shape: null, expected_shape: [] })
const result = (name: string, status: NodeVerdict['status']): CellResult => ({ name, verdict: verdict(status), error: null, grad: null, diff: null, trace: [], output: '' })

/** Every exercise 1 cell written as the lecture's and passing, except those in `except` (failing). */
function solved(except: string[] = []): AppState {
  let state = reduce(fresh(), { type: 'import', cells: { ...REFERENCE_CELLS } })
  state = reduce(state, { type: 'checked', results: CHECK_ORDER.map((k) => result(k, except.includes(k) ? 'fail' : 'pass')) })
  return state
}

function withFused(state: AppState, id: FusedId, status: NodeVerdict['status']): AppState {
  const next = reduce(state, { type: 'edit', name: fusedKey(id), code: FUSED[id].reference })
  return reduce(next, { type: 'checked', results: [result(FUSED[id].target, status)], cells: [fusedKey(id)] })
}

describe('trainingPlan', () => {
  test('with nothing written, every one of the 26 cells is missing, in the lecture order', () => {
    const plan = trainingPlan(fresh())
    expect(plan.blockers.map((b) => b.label)).toEqual(CHECK_ORDER.map((k) => `d${k}`))
    expect(plan.blockers.every((b) => b.status === 'missing')).toBe(true)
    expect(plan.needed).toBe(26)
    expect(plan.fused).toEqual([])
  })

  test('with every cell passing it is ready, and its program is the cells in order', () => {
    const plan = trainingPlan(solved())
    expect(plan.blockers).toEqual([])
    expect(plan.uses).toEqual([...CHECK_ORDER])
    expect(plan.source).toBe(CHECK_ORDER.map((k) => REFERENCE_CELLS[k]).join('\n'))
  })

  test('names the cells that fail, and where they are', () => {
    const plan = trainingPlan(solved(['probs', 'W1']))
    expect(plan.blockers.map((b) => [b.label, b.status, b.place])).toEqual([
      ['dprobs', 'fail', { exercise: 1, node: 'probs' }],
      ['dW1', 'fail', { exercise: 1, node: 'W1' }]
    ])
  })

  test('a cell still being checked blocks until its verdict is in', () => {
    const state = reduce(solved(), { type: 'checking', names: ['h'] })
    expect(trainingPlan(state).blockers).toMatchObject([{ label: 'dh', checking: true }])
  })

  test("a written, passing exercise 2 cell stands in for the cross-entropy nodes, whatever they say", () => {
    const state = withFused(solved(['probs', 'logits']), 2, 'pass')
    const plan = trainingPlan(state)
    expect(plan.blockers).toEqual([])
    expect(plan.fused).toEqual([2])
    expect(plan.uses).not.toContain('probs')
    expect(plan.uses[0]).toBe('exercise 2')
  })

  test('a written exercise 3 cell that fails blocks, as exercise 3', () => {
    const plan = trainingPlan(withFused(solved(), 3, 'fail'))
    expect(plan.blockers).toMatchObject([{ label: 'exercise 3 (dhprebn)', status: 'fail', place: { exercise: 3 } }])
  })

  test("a fused starter (comments only) is not written: the exercise 1 cells are used", () => {
    expect(trainingPlan(solved()).fused).toEqual([])
  })

  test('a comment-only exercise 1 cell counts as missing', () => {
    const state = reduce(solved(), { type: 'edit', name: 'C', code: '# dC: later' })
    const plan = trainingPlan(reduce(state, { type: 'checked', results: [result('C', 'missing')] }))
    expect(plan.blockers).toMatchObject([{ label: 'dC', status: 'missing' }])
  })
})

describe('trainingPlan with "shape" verdicts', () => {
  const withStatus = (state: AppState, name: string, status: NodeVerdict['status']) => reduce(state, { type: 'checked', results: [result(name, status)] })

  test("trains when only an intermediate has a shape verdict (the lecture's own dbnmeani), and names it", () => {
    const plan = trainingPlan(withStatus(solved(), 'bnmeani', 'shape'))
    expect(plan.blockers).toEqual([])
    expect(plan.shapeOnly).toEqual(['dbnmeani'])
  })

  test("a parameter's shape verdict still blocks: its gradient updates the parameter, which needs the exact shape", () => {
    const plan = trainingPlan(withStatus(withStatus(solved(), 'bngain', 'shape'), 'bnmeani', 'shape'))
    expect(plan.blockers.map((b) => [b.label, b.status])).toEqual([['dbngain', 'shape']])
    expect(plan.shapeOnly).toEqual(['dbnmeani'])
  })

  test('a fused cell with a shape verdict trains too (dlogits and dhprebn are intermediates)', () => {
    const plan = trainingPlan(withFused(solved(), 2, 'shape'))
    expect(plan.blockers).toEqual([])
    expect(plan.shapeOnly).toEqual(['exercise 2 (dlogits)'])
  })

  test('the panel says why they train', () => {
    expect(shapeOnlyNote(['dbnmeani'])).toBe(
      'dbnmeani has a "shape" verdict: the values are right but the shape is not the tensor\'s. It trains anyway, since an intermediate\'s gradient only flows on to the next cells; a parameter\'s gradient must have the parameter\'s exact shape.'
    )
    expect(shapeOnlyNote(['dbnmeani', 'dcounts_sum'])).toMatch(/^dbnmeani and dcounts_sum have a "shape" verdict: .* They train anyway/)
  })
})

describe("the plan's program", () => {
  test('names its cells with their lines: the fused cell, then exercise 1 cells after it', () => {
    const plan = trainingPlan(withFused(solved(), 2, 'pass'))
    // exercise 2's three lines, then dh (1 line), dW2 (1 line)
    expect(plan.program.lines.get('exercise 2')).toEqual([1, 3])
    expect(plan.program.lines.get('h')).toEqual([4, 4])
    expect(plan.program.lines.get('W2')).toEqual([5, 5])
    expect(plan.program.source).toBe(plan.source)
    expect(placeOfUse('exercise 2')).toEqual({ exercise: 2 })
    expect(placeOfUse('W2')).toEqual({ exercise: 1, node: 'W2' })
  })
})

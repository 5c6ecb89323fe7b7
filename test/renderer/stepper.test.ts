import { describe, expect, test } from 'vitest'
import type { CodeError, TraceStep } from '../../src/core/api'
import { backwardStep, describeStep, raisingError, traceView } from '../../src/renderer/src/debugger/stepper'
import { createSession } from './session'

const graph = createSession().graph
const stepAt = (name: string) => backwardStep(graph, graph.order.indexOf(name))

describe('backwardStep', () => {
  test('the first step is logprobs, fed by the loss', () => {
    const step = backwardStep(graph, 0)
    expect(step.name).toBe('logprobs')
    expect(step.inflows.map((f) => f.consumer)).toEqual(['loss'])
    expect(step.total).toBe(26)
  })

  test('counts gathers gradient from both its consumers', () => {
    expect(stepAt('counts').inflows.map((f) => f.consumer).sort()).toEqual(['counts_sum', 'probs'])
  })

  test('a product needs the other factor: dcounts needs counts_sum_inv', () => {
    expect(stepAt('counts').needs).toContain('counts_sum_inv')
  })

  test('exp and tanh need their output: dnorm_logits uses counts, dhpreact uses h', () => {
    expect(stepAt('norm_logits').needs).toEqual(['counts'])
    expect(stepAt('hpreact').needs).toEqual(['h'])
  })

  test('a matmul needs the other matrix: dh uses W2, dW2 uses h', () => {
    expect(stepAt('h').needs).toEqual(['W2'])
    expect(stepAt('W2').needs).toEqual(['h'])
  })

  test('it reads as an equation', () => {
    expect(describeStep(stepAt('probs'))).toBe('dprobs ← dlogprobs (log); uses probs')
  })
})

describe('traceView', () => {
  const steps: TraceStep[] = [
    { line: 1, col: 1, bindings: [{ name: 'dx', type: 'Tensor', shape: [2], dtype: 'float32', preview: 'a' }] },
    { line: 2, col: 1, bindings: [{ name: 'k', type: 'int', shape: null, dtype: null, preview: '0' }] },
    { line: 3, col: 1, bindings: [{ name: 'dx', type: 'Tensor', shape: [2], dtype: 'float32', preview: 'b' }] }
  ]

  test('shows the latest value of each name, marking what the current step bound', () => {
    const view = traceView(steps, 2)!
    expect(view.bindings.map((b) => [b.name, b.preview, b.fresh])).toEqual([
      ['k', '0', false],
      ['dx', 'b', true]
    ])
    expect(view.step.line).toBe(3)
  })

  test('clamps the index and has nothing to show for an empty trace', () => {
    expect(traceView(steps, 10)!.index).toBe(2)
    expect(traceView([], 0)).toBeNull()
  })

  const error: CodeError = { kind: 'runtime', message: "NameError: name 'probz' is not defined", line: 4, col: 10 }

  test('a cell that raised ends on one more step: the raising line, with the state the lines before it left', () => {
    const view = traceView(steps, 3, error)!
    expect(view.total).toBe(4)
    expect(view.step.line).toBe(4)
    expect(view.raised).toEqual(error)
    expect(view.bindings.map((b) => [b.name, b.preview, b.fresh])).toEqual([
      ['k', '0', false],
      ['dx', 'b', false]
    ])
    expect(traceView(steps, 2, error)!.raised).toBeNull()
  })

  test('a cell whose first line raised still has that line to show', () => {
    const view = traceView([], 0, { ...error, line: 1 })!
    expect(view.step.line).toBe(1)
    expect(view.bindings).toEqual([])
  })

  test('only errors with a place in the code are marked (a syntax error ran nothing)', () => {
    expect(raisingError(error)).toBe(error)
    expect(raisingError({ ...error, kind: 'syntax' })).toBeNull()
    expect(raisingError({ kind: 'limit', message: 'too long', line: 0, col: 0 })).toBeNull()
    expect(raisingError(null)).toBeNull()
  })
})

describe('backwardStep with the core op names', () => {
  // the real core names ops by their primitives ('mm · add'); the stepper must read both spellings
  const edge = (from: string, to: string, op: string, broadcast = false) => ({ from, to, op, broadcast })
  const coreGraph = {
    nodes: [],
    order: ['logprobs', 'h', 'b2', 'counts_sum'],
    edges: [
      edge('logprobs', 'loss', 'index · mean · neg'),
      edge('Yb', 'loss', 'index'),
      edge('h', 'logits', 'mm · add'),
      edge('W2', 'logits', 'mm · add'),
      edge('b2', 'logits', 'add', true),
      edge('counts_sum', 'counts_sum_inv', 'pow')
    ]
  }
  test('an index needs the indices: dlogprobs uses Yb', () => {
    expect(backwardStep(coreGraph, 0).needs).toEqual(['Yb'])
  })
  test('mm · add needs the other matrix but not the bias', () => {
    expect(backwardStep(coreGraph, 1).needs).toEqual(['W2'])
    expect(backwardStep(coreGraph, 2).needs).toEqual([])
  })
  test('pow needs its input', () => {
    expect(backwardStep(coreGraph, 3).needs).toEqual(['counts_sum'])
  })
})

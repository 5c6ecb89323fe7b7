import { describe, expect, test } from 'vitest'
import { dispatch } from '../../src/renderer/src/worker/protocol'
import { createSession } from './session'

describe('dispatch', () => {
  test('refuses calls before init', () => {
    expect(dispatch({ session: null }, createSession, { id: 1, method: 'hints', args: ['probs'] })).toMatchObject({ id: 1, ok: false, kind: 'internal' })
  })

  test('init answers with the config, graph and loss, plain data only', () => {
    const state = { session: null }
    const response = dispatch(state, createSession, { id: 2, method: 'init', args: [undefined] })
    expect(response.ok).toBe(true)
    const value = (response as { value: { config: { vocab_size: number }; graph: unknown; loss: number } }).value
    expect(value.config.vocab_size).toBe(27)
    expect(structuredClone(value)).toEqual(value)
  })

  test('passes the trace flag through to checkCell', () => {
    const state = { session: null }
    dispatch(state, createSession, { id: 1, method: 'init', args: [undefined] })
    const response = dispatch(state, createSession, { id: 3, method: 'checkCell', args: ['probs', 'dprobs = (1.0 / probs) * dlogprobs', true] })
    expect(response.ok && (response.value as { trace: unknown[] }).trace.length).toBe(1)
  })

  test('answers exercise 2 with its prompt and collapsed graph, and checks its fused cell', () => {
    const state = { session: null }
    dispatch(state, createSession, { id: 1, method: 'init', args: [undefined] })
    const ex = dispatch(state, createSession, { id: 2, method: 'exercise', args: [2] })
    const value = (ex as { value: { exercise: { target: string }; graph: { nodes: Array<{ name: string }> } } }).value
    expect(value.exercise.target).toBe('logits')
    expect(value.graph.nodes.map((n) => n.name)).toContain('cross_entropy')
    const checked = dispatch(state, createSession, { id: 3, method: 'checkExercise', args: [3, 'dhprebn = dhpreact', false] })
    expect(checked.ok && (checked.value as { verdict: { status: string } }).verdict.status).toBe('fail')
  })
})

import { describe, expect, test } from 'vitest'
import type { CellResult, NodeVerdict } from '../../src/core/api'
import { createStore, failingUpstream, fusedKey, fusedStarter, hasCode, initialState, progress, reduce, starterCell, statusOf, toSaved, type AppState } from '../../src/renderer/src/state'
import { upstreamNote, verdictSentence } from '../../src/renderer/src/ui/feedback'
import { createSession } from './session'

const graph = createSession().graph
const fresh = (): AppState => initialState(graph.order, graph.nodes)

const verdict = (status: NodeVerdict['status']): NodeVerdict => ({
  status,
  exact: status === 'pass',
  approximate: status === 'pass',
  maxdiff: 0,
  shape: [32, 27],
  expected_shape: [32, 27]
})
const result = (name: string, status: NodeVerdict['status']): CellResult => ({ name, verdict: verdict(status), error: null, grad: null, diff: null, trace: [], output: '' })

describe('initial state', () => {
  test('selects the first node of the backward pass and counts nothing as passed', () => {
    const state = fresh()
    expect(state.selected).toBe('logprobs')
    expect(progress(state)).toEqual({ passed: 0, total: 26 })
    expect(statusOf(state, 'counts')).toBe('missing')
  })

  test('starts every cell with comments naming the gradient and its shape', () => {
    const counts = graph.nodes.find((n) => n.name === 'counts')!
    expect(starterCell(counts)).toContain('# dcounts: the gradient of loss with respect to counts, shape [32, 27]')
    expect(starterCell(counts)).toContain('sum of 2 contributions')
  })
})

describe('reduce', () => {
  test('a check result sets the status and the progress counts passes only', () => {
    let state = reduce(fresh(), { type: 'checking', names: ['logprobs'] })
    expect(state.cells.logprobs.checking).toBe(true)
    state = reduce(state, { type: 'checked', results: [result('logprobs', 'pass'), result('probs', 'shape')] })
    expect(state.cells.logprobs.checking).toBe(false)
    expect(statusOf(state, 'logprobs')).toBe('pass')
    expect(statusOf(state, 'probs')).toBe('shape')
    expect(progress(state).passed).toBe(1)
  })

  test('a check that ran out of time becomes an error with a limit', () => {
    const state = reduce(fresh(), { type: 'checkFailed', name: 'counts', error: { kind: 'limit', message: 'too long', line: 1, col: 1 } })
    expect(statusOf(state, 'counts')).toBe('error')
    expect(state.cells.counts.error?.kind).toBe('limit')
  })

  test('editing changes only that cell, and an unchanged edit changes nothing', () => {
    const state = fresh()
    const edited = reduce(state, { type: 'edit', name: 'probs', code: 'dprobs = 1' })
    expect(edited.cells.probs.code).toBe('dprobs = 1')
    expect(edited.cells.logprobs.code).toBe(state.cells.logprobs.code)
    expect(reduce(edited, { type: 'edit', name: 'probs', code: 'dprobs = 1' })).toBe(edited)
    expect(reduce(state, { type: 'edit', name: 'nonsense', code: 'x' })).toBe(state)
  })

  test('the backward stepper walks the check order, selecting as it goes, and stops at the ends', () => {
    let state = reduce(fresh(), { type: 'step', to: 'next' })
    expect(state.step).toBe(0)
    expect(state.selected).toBe('logprobs')
    state = reduce(state, { type: 'step', to: 'next' })
    expect(state.selected).toBe('probs')
    state = reduce(state, { type: 'step', to: 'prev' })
    state = reduce(state, { type: 'step', to: 'prev' })
    expect(state.step).toBe(0)
    state = reduce(state, { type: 'step', to: 99 })
    expect(state.selected).toBe('C')
    expect(reduce(state, { type: 'step', to: 'next' })).toBe(state)
    expect(reduce(state, { type: 'step', to: 'reset' }).step).toBeNull()
  })

  test('while stepping, selecting a node moves the step to it', () => {
    let state = reduce(fresh(), { type: 'step', to: 'next' })
    state = reduce(state, { type: 'select', name: 'h' })
    expect(state.step).toBe(graph.order.indexOf('h'))
    expect(reduce(fresh(), { type: 'select', name: 'h' }).step).toBeNull()
  })

  test('hints open one at a time, never past the ones there are', () => {
    let state = fresh()
    for (let i = 0; i < 5; i++) state = reduce(state, { type: 'hint', name: 'probs', available: 3 })
    expect(state.hintsShown.probs).toBe(3)
  })

  test('the cell trace moves within its steps', () => {
    const steps = [1, 2, 3].map((line) => ({ line, col: 1, bindings: [] }))
    let state = reduce(fresh(), { type: 'trace', name: 'logprobs', steps })
    state = reduce(state, { type: 'traceMove', to: 'last' })
    expect(state.trace?.index).toBe(2)
    state = reduce(state, { type: 'traceMove', to: 'next' })
    expect(state.trace?.index).toBe(2)
    state = reduce(state, { type: 'traceMove', to: 'first' })
    expect(state.trace?.index).toBe(0)
    expect(reduce(state, { type: 'select', name: 'probs' }).trace).toBeNull()
  })

  test("a trace of a cell that raised goes one step further, to the raising line", () => {
    const steps = [1, 2].map((line) => ({ line, col: 1, bindings: [] }))
    const raised = { kind: 'runtime' as const, message: 'NameError', line: 3, col: 1 }
    let state = reduce(fresh(), { type: 'trace', name: 'logprobs', steps, raised })
    state = reduce(state, { type: 'traceMove', to: 'last' })
    expect(state.trace?.index).toBe(2)
    expect(state.trace?.raised).toEqual(raised)
  })

  test('restoring a save brings back cells, verdicts and mode, and ignores names it does not know', () => {
    const state = reduce(fresh(), {
      type: 'restore',
      saved: { mode: 'chained', selected: 'h', cells: { probs: 'dprobs = 2', bogus: 'x' }, verdicts: { probs: verdict('fail') } }
    })
    expect(state.mode).toBe('chained')
    expect(state.selected).toBe('h')
    expect(state.cells.probs.code).toBe('dprobs = 2')
    expect('bogus' in state.cells).toBe(false)
    expect(statusOf(state, 'probs')).toBe('fail')
  })

  test('what is saved restores to the same saved state', () => {
    let state = reduce(fresh(), { type: 'edit', name: 'h', code: 'dh = dlogits @ W2.T' })
    state = reduce(state, { type: 'checked', results: [result('h', 'pass')] })
    const saved = toSaved(state)
    expect(toSaved(reduce(fresh(), { type: 'restore', saved }))).toEqual(saved)
  })

  test('an import replaces the cells it names and forgets their old verdicts', () => {
    let state = reduce(fresh(), { type: 'checked', results: [result('probs', 'fail')] })
    state = reduce(state, { type: 'import', cells: { probs: 'dprobs = (1.0 / probs) * dlogprobs' } })
    expect(state.cells.probs.code).toContain('1.0 / probs')
    expect(statusOf(state, 'probs')).toBe('missing')
  })
})

test('the store tells listeners about changes, not about no-ops', () => {
  const store = createStore(fresh())
  const seen: string[] = []
  store.subscribe((_state, _previous, action) => seen.push(action.type))
  store.dispatch({ type: 'select', name: 'logprobs' })
  store.dispatch({ type: 'select', name: 'probs' })
  expect(seen).toEqual(['select'])
  expect(store.getState().selected).toBe('probs')
})

describe('exercises 2 and 3: the fused cells', () => {
  const starters = { 2: '# dlogits\n', 3: '# dhprebn\n' }
  const withStarters = (): AppState => initialState(graph.order, graph.nodes, starters)

  test('start as their starters, unchecked, on exercise 1', () => {
    const state = withStarters()
    expect(state.exercise).toBe(1)
    expect(state.cells[fusedKey(2)].code).toBe('# dlogits\n')
    expect(statusOf(state, fusedKey(2))).toBe('missing')
  })

  test('choosing an exercise switches to it, drops a trace and leaves the backward-pass stepper behind', () => {
    let state = reduce(withStarters(), { type: 'step', to: 'next' })
    state = reduce(state, { type: 'trace', name: 'logprobs', steps: [{ line: 1, col: 1, bindings: [] }] })
    state = reduce(state, { type: 'exercise', id: 2 })
    expect(state.exercise).toBe(2)
    expect(state.trace).toBeNull()
    expect(state.step).toBeNull()
    expect(reduce(state, { type: 'exercise', id: 9 })).toBe(state)
  })

  test("a fused cell's check lands on the fused cell, never on exercise 1's node of the same name", () => {
    let state = reduce(withStarters(), { type: 'edit', name: fusedKey(2), code: 'dlogits = F.softmax(logits, 1)' })
    state = reduce(state, { type: 'checking', names: [fusedKey(2)] })
    expect(state.cells[fusedKey(2)].checking).toBe(true)
    state = reduce(state, { type: 'checked', results: [result('logits', 'fail')], cells: [fusedKey(2)] })
    expect(statusOf(state, fusedKey(2))).toBe('fail')
    expect(state.cells[fusedKey(2)].checking).toBe(false)
    expect(statusOf(state, 'logits')).toBe('missing')
  })

  test('a failed check of a fused cell is an error with the reason', () => {
    const state = reduce(withStarters(), { type: 'checkFailed', name: fusedKey(3), error: { kind: 'limit', message: 'too long', line: 0, col: 0 } })
    expect(statusOf(state, fusedKey(3))).toBe('error')
    expect(state.cells[fusedKey(3)].verdict?.message).toBe('too long')
  })

  test('are saved with their verdicts and restored', () => {
    let state = reduce(withStarters(), { type: 'edit', name: fusedKey(3), code: 'dhprebn = dhpreact' })
    state = reduce(state, { type: 'checked', results: [result('hprebn', 'fail')], cells: [fusedKey(3)] })
    state = reduce(state, { type: 'exercise', id: 3 })
    const saved = toSaved(state)
    expect(saved.fused?.[3]).toEqual({ code: 'dhprebn = dhpreact', verdict: verdict('fail') })
    const restored = reduce(withStarters(), { type: 'restore', saved: JSON.parse(JSON.stringify(saved)) })
    expect(restored.exercise).toBe(3)
    expect(restored.cells[fusedKey(3)].code).toBe('dhprebn = dhpreact')
    expect(statusOf(restored, fusedKey(3))).toBe('fail')
    expect(toSaved(restored)).toEqual(saved)
  })

  test('a save from before exercises 2 and 3 restores with the starters in place', () => {
    const old = { exercise: 1, mode: 'isolated' as const, selected: 'probs', cells: { probs: 'dprobs = 1' }, verdicts: {}, hintsShown: {}, solutionShown: {} }
    const state = reduce(withStarters(), { type: 'restore', saved: old })
    expect(state.cells.probs.code).toBe('dprobs = 1')
    expect(state.cells[fusedKey(2)].code).toBe('# dlogits\n')
  })

  test('a damaged fused entry in a save is skipped, not trusted', () => {
    const state = reduce(withStarters(), { type: 'restore', saved: { fused: { 2: { code: 42 as unknown as string }, 3: { code: 'x = 1', verdict: 'pass' as unknown as NodeVerdict } } } })
    expect(state.cells[fusedKey(2)].code).toBe('# dlogits\n')
    expect(state.cells[fusedKey(3)].code).toBe('x = 1')
    expect(state.cells[fusedKey(3)].verdict).toBeNull()
  })

  test('an import can bring fused cells, forgetting their old verdicts', () => {
    let state = reduce(withStarters(), { type: 'checked', results: [result('logits', 'pass')], cells: [fusedKey(2)] })
    state = reduce(state, { type: 'import', cells: { [fusedKey(2)]: 'dlogits = 0 * logits' } })
    expect(state.cells[fusedKey(2)].code).toBe('dlogits = 0 * logits')
    expect(statusOf(state, fusedKey(2))).toBe('missing')
  })
})

describe('hasCode and fusedStarter', () => {
  test('comments and blank lines are not code', () => {
    expect(hasCode('# dprobs: ...\n\n   # more\n')).toBe(false)
    expect(hasCode('# hint\ndprobs = 1')).toBe(true)
    expect(hasCode(undefined)).toBe(false)
  })

  test("a fused starter says what to write, its shape, and the forward line, in comments only", () => {
    const logits = graph.nodes.find((n) => n.name === 'logits')!
    const text = fusedStarter({ target: 'logits', title: 'Exercise 2: cross entropy in one step' }, logits, 'loss = F.cross_entropy(logits, Yb)')
    expect(text).toContain('# dlogits: the gradient of loss with respect to logits, shape [32, 27]')
    expect(text).toContain('# forward: loss = F.cross_entropy(logits, Yb)')
    expect(hasCode(text)).toBe(false)
  })
})

describe('chained mode: upstream cells that do not pass', () => {
  const withCells = (mode: 'isolated' | 'chained'): AppState => {
    let state = reduce(fresh(), { type: 'mode', mode })
    state = reduce(state, { type: 'edit', name: 'counts', code: '# uses dcounts_sum_inv? no\ndcounts = counts_sum_inv * dprobs\ndcounts += torch.ones_like(counts) * dcounts_sum' })
    state = reduce(state, { type: 'checked', results: [result('probs', 'pass'), result('counts_sum', 'fail'), result('counts', 'fail')] })
    return state
  }

  test('names the gradients a cell reads whose cells fail or are missing, in chained mode only', () => {
    expect(failingUpstream(withCells('chained'), 'counts')).toEqual(['counts_sum'])
    expect(failingUpstream(withCells('isolated'), 'counts')).toEqual([])
    // a name in a comment is not read; a downstream gradient is not upstream
    const state = reduce(withCells('chained'), { type: 'edit', name: 'probs', code: 'dprobs = (1.0/probs) * dlogprobs  # not dcounts' })
    expect(failingUpstream(state, 'probs')).toEqual(['logprobs'])
  })

  test('says why a right cell can fail, and what to do', () => {
    expect(upstreamNote('counts', ['counts_sum'])).toMatch(/^Chained mode: dcounts is computed from your dcounts_sum, which does not pass yet.*switch to Isolated/)
    expect(upstreamNote('counts', ['probs', 'counts_sum'])).toContain('your dprobs and dcounts_sum, which do not pass yet')
  })
})

describe('the verdict headline', () => {
  const missing = (message?: string) => ({ status: 'missing' as const, exact: null, approximate: null, maxdiff: null, shape: null, expected_shape: [32, 64], ...(message ? { message } : {}) })
  test('says a cell that ran without binding its dX ran, rather than "Not written yet."', () => {
    const input = { name: 'h', checking: false, error: null, verdict: missing('your cell assigned dhh, not dh') }
    expect(verdictSentence(input, 'missing')).toBe('The cell ran but did not define dh.')
  })
  test('keeps "Not written yet." for a cell with nothing in it', () => {
    expect(verdictSentence({ name: 'h', checking: false, error: null, verdict: missing() }, 'missing')).toBe('Not written yet.')
  })
})

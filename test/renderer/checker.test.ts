import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { CellResult } from '../../src/core/api'
import { createChecker } from '../../src/renderer/src/checker'
import { createStore, fusedKey, initialState, nodeCode, statusOf } from '../../src/renderer/src/state'
import { CoreError } from '../../src/renderer/src/worker/client'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { createSession } from './session'

const session = createSession()
const graph = session.graph

function setup(onProgramLimit?: (culprit: string | null) => void) {
  const store = createStore(initialState(graph.order, graph.nodes))
  const calls: Array<{ method: string; args: unknown[] }> = []
  const call = vi.fn(async (method: string, args: unknown[]) => {
    calls.push({ method, args })
    if (method === 'checkCell') {
      const [name, code, trace, cells] = args as [string, string, boolean, Record<string, string> | undefined]
      if (code.includes('while True')) throw new CoreError('limit', 'This took longer than 5 s')
      return session.checkCell(name, code, { trace, cells }) as CellResult
    }
    if (method === 'checkExercise') {
      const [id, code, trace] = args as [2 | 3, string, boolean]
      if (code.includes('while True')) throw new CoreError('limit', 'This took longer than 5 s')
      return session.checkExercise(id, code, { trace }) as CellResult
    }
    if (method === 'checkAll') {
      const cells = args[0] as Record<string, string>
      if (Object.values(cells).some((code) => code.includes('while True'))) throw new CoreError('limit', 'This took longer than 12 s')
      return session.checkAll(cells, 'chained')
    }
    throw new Error(`unexpected ${method}`)
  })
  const checker = createChecker(store, call as never, { debounceMs: 400, onProgramLimit })
  return { store, calls, checker }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('checker', () => {
  test('checks a cell once, 400 ms after typing stops', async () => {
    const { store, calls, checker } = setup()
    for (const code of ['dprobs =', 'dprobs = (1.0 / probs)', 'dprobs = (1.0 / probs) * dlogprobs']) {
      store.dispatch({ type: 'edit', name: 'probs', code })
      checker.edited('probs')
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(300)
    expect(calls).toHaveLength(1)
    expect(calls[0].args).toEqual(['probs', 'dprobs = (1.0 / probs) * dlogprobs', false, nodeCode(store.getState())])
    expect(statusOf(store.getState(), 'probs')).toBe('pass')
  })

  test('Ctrl+Enter checks at once and cancels the pending debounce', async () => {
    const { store, calls, checker } = setup()
    store.dispatch({ type: 'edit', name: 'h', code: 'dh = dlogits @ W2.T' })
    checker.edited('h')
    await checker.checkNow('h')
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toHaveLength(1)
    expect(statusOf(store.getState(), 'h')).toBe('pass')
  })

  test('a runaway cell gets a limit error on its node', async () => {
    const { store, checker } = setup()
    store.dispatch({ type: 'edit', name: 'counts', code: 'while True:\n    pass' })
    await checker.checkNow('counts')
    expect(statusOf(store.getState(), 'counts')).toBe('error')
    expect(store.getState().cells.counts.error?.kind).toBe('limit')
  })

  test('in isolated mode, checking all checks each cell on its own', async () => {
    const { calls, checker } = setup()
    await checker.checkAll()
    expect(calls.map((c) => c.method)).toEqual(Array(26).fill('checkCell'))
  })

  test("in isolated mode, a cell is checked with the learner's cells, so it sees their own names (a misnamed dnorms_logits)", async () => {
    const { store, calls, checker } = setup()
    store.dispatch({ type: 'import', cells: { ...REFERENCE_CELLS, norm_logits: 'dnorms_logits = counts * dcounts', logit_maxes: 'dlogit_maxes = (-dnorms_logits).sum(1, keepdim=True)' } })
    await checker.checkNow('logit_maxes')
    expect(calls[calls.length - 1].args[3]).toEqual(nodeCode(store.getState()))
    expect(statusOf(store.getState(), 'logit_maxes')).toBe('pass')
  })

  test('in chained mode, an edit reruns the whole program', async () => {
    const { store, calls, checker } = setup()
    store.dispatch({ type: 'mode', mode: 'chained' })
    store.dispatch({ type: 'edit', name: 'probs', code: 'dprobs = (1.0 / probs) * dlogprobs' })
    checker.edited('probs')
    await vi.advanceTimersByTimeAsync(400)
    expect(calls.map((c) => c.method)).toEqual(['checkAll'])
    expect(calls[0].args[1]).toBe('chained')
  })

  test('in chained mode, a runaway program puts its limit error on the cell that runs away', async () => {
    const culprits: Array<string | null> = []
    const { store, checker } = setup((culprit) => culprits.push(culprit))
    store.dispatch({ type: 'mode', mode: 'chained' })
    store.dispatch({ type: 'select', name: 'h' })
    store.dispatch({ type: 'edit', name: 'counts', code: 'while True:\n    pass' })
    await checker.checkNow('h')
    expect(culprits).toEqual(['counts'])
    expect(store.getState().cells.counts.error?.kind).toBe('limit')
    expect(statusOf(store.getState(), 'h')).toBe('missing')
  })
})

describe('checking fused cells', () => {
  test("a fused cell is checked 400 ms after typing stops, on the fused cell's own verdict", async () => {
    const { store, calls, checker } = setup()
    store.dispatch({ type: 'edit', name: fusedKey(2), code: 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n' })
    checker.edited(fusedKey(2))
    await vi.advanceTimersByTimeAsync(399)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls.map((c) => c.method)).toEqual(['checkExercise'])
    expect(statusOf(store.getState(), fusedKey(2))).toBe('pass')
    expect(statusOf(store.getState(), 'logits')).toBe('missing')
  })

  test('checking all of exercise 1 leaves a pending fused check alone, in chained mode too', async () => {
    const { store, calls, checker } = setup()
    store.dispatch({ type: 'mode', mode: 'chained' })
    store.dispatch({ type: 'edit', name: fusedKey(3), code: 'dhprebn = dhpreact' })
    checker.edited(fusedKey(3))
    await checker.checkAll()
    await vi.advanceTimersByTimeAsync(400)
    expect(calls.map((c) => c.method)).toEqual(['checkAll', 'checkExercise'])
    expect(statusOf(store.getState(), fusedKey(3))).toBe('fail')
  })

  test('stepping through a cell in chained mode keeps its chained verdict (the trace runs it isolated)', async () => {
    const { store, checker } = setup()
    const cells: Record<string, string> = {
      logprobs: REFERENCE_CELLS.logprobs,
      probs: REFERENCE_CELLS.probs,
      counts_sum_inv: REFERENCE_CELLS.counts_sum_inv,
      counts_sum: 'dcounts_sum = counts_sum**-2 * dcounts_sum_inv', // wrong sign: flows into dcounts
      counts: REFERENCE_CELLS.counts
    }
    for (const [name, code] of Object.entries(cells)) store.dispatch({ type: 'edit', name, code })
    store.dispatch({ type: 'mode', mode: 'chained' })
    await checker.checkAll()
    expect(statusOf(store.getState(), 'counts')).toBe('fail')
    const result = await checker.trace('counts')
    expect(result?.verdict.status).toBe('pass') // against the true dcounts_sum
    expect(result?.trace.length).toBeGreaterThan(0)
    expect(statusOf(store.getState(), 'counts')).toBe('fail')
    expect(store.getState().cells.counts.checking).toBe(false)
    // in isolated mode the trace's verdict is the cell's
    store.dispatch({ type: 'mode', mode: 'isolated' })
    await checker.trace('counts')
    expect(statusOf(store.getState(), 'counts')).toBe('pass')
  })

  test('a trace of a fused cell comes back with its steps; a runaway one becomes a limit error', async () => {
    const { store, checker } = setup()
    store.dispatch({ type: 'edit', name: fusedKey(3), code: 'x = dhpreact\ndhprebn = x' })
    const result = await checker.trace(fusedKey(3))
    expect(result?.trace).toHaveLength(2)
    store.dispatch({ type: 'edit', name: fusedKey(3), code: 'while True:\n    pass' })
    expect(await checker.checkNow(fusedKey(3))).toBeNull()
    expect(store.getState().cells[fusedKey(3)].error?.kind).toBe('limit')
  })
})

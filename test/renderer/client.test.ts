import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { CoreClient, CoreError, type WorkerLike } from '../../src/renderer/src/worker/client'
import { dispatch, type RequestMessage, type ResponseMessage } from '../../src/renderer/src/worker/protocol'
import { createSession } from './session'

/** A worker that runs the real protocol against the mock session, answering on the next microtask. */
class FakeWorker implements WorkerLike {
  static all: FakeWorker[] = []
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  terminated = false
  received: RequestMessage[] = []
  /** requests for these methods never answer (a runaway cell) */
  hang = new Set<string>()
  state = { session: null }
  constructor() {
    FakeWorker.all.push(this)
  }
  postMessage(message: unknown) {
    const request = message as RequestMessage
    this.received.push(request)
    const code = request.method === 'checkCell' ? String(request.args[1]) : ''
    if (this.hang.has(request.method) || code.includes('while True')) return
    const response: ResponseMessage = dispatch(this.state, createSession, request)
    queueMicrotask(() => {
      if (!this.terminated) this.onmessage?.({ data: response })
    })
  }
  terminate() {
    this.terminated = true
  }
}

beforeEach(() => {
  FakeWorker.all = []
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

const client = (options = {}) => new CoreClient(() => new FakeWorker(), { timeoutMs: 5000, ...options })

describe('CoreClient', () => {
  test('matches responses to calls and types their results', async () => {
    const core = client()
    const info = await core.init()
    expect(info.graph.order[0]).toBe('logprobs')
    const result = await core.call('checkCell', ['probs', 'dprobs = (1.0 / probs) * dlogprobs', false])
    expect(result.verdict.status).toBe('pass')
  })

  test('sends one request at a time, in order', async () => {
    const core = client()
    await core.init()
    const a = core.call('hints', ['probs'])
    const b = core.call('referenceCell', ['probs'])
    expect(FakeWorker.all[0].received.map((r) => r.method)).toEqual(['init', 'hints'])
    await a
    await b
    expect(FakeWorker.all[0].received.map((r) => r.method)).toEqual(['init', 'hints', 'referenceCell'])
  })

  test('a runaway call fails with limit, the worker is replaced and re-initialised, and later calls still work', async () => {
    const restarts: string[] = []
    const core = client({ onRestart: (reason: string) => restarts.push(reason) })
    await core.init({ seed: 7 })
    const runaway = core.call('checkCell', ['counts', 'while True:\n    pass', false])
    const after = core.call('checkCell', ['probs', 'dprobs = (1.0 / probs) * dlogprobs', false])
    const failure = expect(runaway).rejects.toMatchObject({ kind: 'limit' })
    await vi.advanceTimersByTimeAsync(5000)
    await failure
    expect(FakeWorker.all[0].terminated).toBe(true)
    expect(restarts).toEqual(['limit'])
    expect((await after).verdict.status).toBe('pass')
    const second = FakeWorker.all[1].received
    expect(second[0]).toMatchObject({ method: 'init', args: [{ seed: 7 }, undefined] })
    expect(second[1].method).toBe('checkCell')
    expect(core.restarts).toBe(1)
  })

  test('a newer call with the same key replaces one that has not started', async () => {
    const core = client()
    await core.init()
    const first = core.call('hints', ['probs'])
    const stale = core.call('checkCell', ['h', 'dh = 1', false], { key: 'cell:h' })
    const latest = core.call('checkCell', ['h', 'dh = dlogits @ W2.T', false], { key: 'cell:h' })
    await expect(stale).rejects.toMatchObject({ kind: 'superseded' })
    await first
    expect((await latest).verdict.status).toBe('pass')
  })

  test('an urgent call goes ahead of the checks waiting in line', async () => {
    const core = client()
    await core.init()
    const running = core.call('hints', ['probs'])
    const check = core.call('checkCell', ['h', 'dh = dlogits @ W2.T', false])
    const read = core.call('referenceCell', ['h'], { urgent: true })
    await Promise.all([running, check, read])
    expect(FakeWorker.all[0].received.map((r) => r.method)).toEqual(['init', 'hints', 'referenceCell', 'checkCell'])
  })

  test('a crashed worker fails the running call and is replaced', async () => {
    const core = client()
    await core.init()
    FakeWorker.all[0].hang.add('hints')
    const call = core.call('hints', ['probs'])
    FakeWorker.all[0].onerror?.(new Event('error'))
    await expect(call).rejects.toMatchObject({ kind: 'crashed' })
    expect(await core.call('referenceCell', ['probs'])).toContain('dprobs')
  })

  test('a session that cannot be made fails every call with a sentence, without looping', async () => {
    const core = new CoreClient(
      () => {
        const worker = new FakeWorker()
        worker.hang.add('init')
        return worker
      },
      { initTimeoutMs: 1000 }
    )
    const init = core.init()
    const later = core.call('hints', ['probs'])
    const failures = Promise.all([expect(init).rejects.toBeInstanceOf(CoreError), expect(later).rejects.toMatchObject({ kind: 'crashed' })])
    await vi.advanceTimersByTimeAsync(1000)
    await failures
    expect(FakeWorker.all).toHaveLength(1)
    await expect(core.call('hints', ['probs'])).rejects.toThrow('could not start')
  })

  test('an error thrown by the core comes back as an internal failure', async () => {
    const core = client()
    await core.init()
    await expect(core.call('tensor', ['no_such_node'])).rejects.toMatchObject({ kind: 'internal', message: "no tensor named 'no_such_node'" })
  })
})

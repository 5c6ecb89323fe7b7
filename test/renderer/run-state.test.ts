import { describe, expect, test } from 'vitest'
import {
  formatDuration,
  formatSteps,
  initialRun,
  isLive,
  parseSteps,
  reduceRun,
  runProgress,
  type RunAction,
  type RunResult,
  type RunState
} from '../../src/renderer/src/training/run-state'

const result = (over: Partial<RunResult> = {}): RunResult => ({ steps: 2000, total: 2000, stopped: false, train: 2.35, val: 2.36, samples: ['emma'], elapsedMs: 900, ...over })
const play = (...actions: RunAction[]): RunState => actions.reduce(reduceRun, initialRun)
const start: RunAction = { type: 'start', runId: 1, source: 'builtin', total: 2000 }

describe('the training run state machine', () => {
  test('a run goes idle → running → finishing → done, keeping its progress and result', () => {
    let state = play(start)
    expect(state.phase).toBe('running')
    state = reduceRun(state, { type: 'progress', runId: 1, step: 500, elapsedMs: 250, lastLoss: 2.6 })
    expect(state.step).toBe(500)
    state = reduceRun(state, { type: 'finishing', runId: 1, step: 2000 })
    expect(state.phase).toBe('finishing')
    state = reduceRun(state, { type: 'done', runId: 1, result: result() })
    expect(state.phase).toBe('done')
    expect(state.result?.train).toBe(2.35)
    expect(isLive(state.phase)).toBe(false)
  })

  test('pause and resume toggle only a running run', () => {
    const paused = play(start, { type: 'pause' })
    expect(paused.phase).toBe('paused')
    expect(reduceRun(paused, { type: 'pause' })).toBe(paused)
    expect(reduceRun(paused, { type: 'resume' }).phase).toBe('running')
    expect(reduceRun(initialRun, { type: 'resume' })).toBe(initialRun)
  })

  test('stop works from running and paused, then the worker finishes the run as stopped', () => {
    expect(play(start, { type: 'stop' }).phase).toBe('stopping')
    const state = play(start, { type: 'pause' }, { type: 'stop' }, { type: 'finishing', runId: 1, step: 40 }, { type: 'done', runId: 1, result: result({ steps: 40, stopped: true }) })
    expect(state.phase).toBe('done')
    expect(state.result?.stopped).toBe(true)
    expect(state.step).toBe(40)
  })

  test("another run's events are ignored (an old worker's last words)", () => {
    const state = play(start)
    expect(reduceRun(state, { type: 'progress', runId: 7, step: 9, elapsedMs: 1, lastLoss: 3 })).toBe(state)
    expect(reduceRun(state, { type: 'done', runId: 0, result: result() })).toBe(state)
  })

  test('a failure ends the run with where and why, and a new run can start after it', () => {
    const failed = play(start, { type: 'failed', runId: 1, failure: { step: 3, message: 'your backward pass failed at step 3', error: null } })
    expect(failed.phase).toBe('failed')
    expect(failed.failure?.step).toBe(3)
    const again = reduceRun(failed, { type: 'start', runId: 2, source: 'mine', total: 300 })
    expect(again).toMatchObject({ phase: 'running', runId: 2, source: 'mine', step: 0, failure: null, result: null })
  })

  test('a second start while a run is live is refused', () => {
    const state = play(start)
    expect(reduceRun(state, { type: 'start', runId: 2, source: 'mine', total: 5 })).toBe(state)
  })
})

describe('runProgress', () => {
  test('gives the fraction, steps per second from the time spent training, and the time left at that rate', () => {
    const state = play(start, { type: 'progress', runId: 1, step: 500, elapsedMs: 250, lastLoss: 2.6 })
    expect(runProgress(state)).toEqual({ fraction: 0.25, stepsPerSecond: 2000, etaSeconds: 0.75 })
  })

  test('knows no rate before the first timed steps', () => {
    expect(runProgress(play(start))).toEqual({ fraction: 0, stepsPerSecond: null, etaSeconds: null })
  })
})

describe('formatting', () => {
  test.each([
    [0.42, '0.4 s'],
    [45, '45 s'],
    [200, '3 min 20 s'],
    [3900, '1 h 05 min'],
    [NaN, '—']
  ])('%s seconds reads as %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text))

  test('step counts get thousands separators', () => expect(formatSteps(200000)).toBe('200,000'))
})

describe('parseSteps', () => {
  test.each([
    ['200,000', 200000],
    ['2000', 2000],
    [' 2 000 ', 2000],
    ['1', 1]
  ])('reads %j as %d steps', (text, steps) => expect(parseSteps(text)).toEqual({ ok: true, steps }))

  test.each([
    ['', 'whole number'],
    ['2e3', 'whole number'],
    ['-5', 'whole number'],
    ['0', 'at least 1'],
    ['2000000', 'At most 1,000,000']
  ])('refuses %j: %s', (text, reason) => {
    const parsed = parseSteps(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toContain(reason)
  })
})

describe("the panel's words for the learner code's path", () => {
  test('compiled, interpreted with the reason and the speed, nothing for the built-in pass', async () => {
    const { pathText } = await import('../../src/renderer/src/training/training-panel')
    const mine: RunAction = { type: 'start', runId: 1, source: 'mine', total: 2000 }
    expect(pathText(play(mine))).toBe('')
    const compiled = play(mine, { type: 'progress', runId: 1, step: 100, elapsedMs: 50, lastLoss: 3, path: { kind: 'compiled', reason: null, at: null, ops: 57 } })
    expect(pathText(compiled)).toBe('Compiled: your code was traced once and its 57 tensor ops are replayed every step, with no interpreter in the loop.')
    const reason = "line 12 decides with a tensor's value (Yb[i] == j)"
    const slow = play(mine, { type: 'progress', runId: 1, step: 80, elapsedMs: 2000, lastLoss: 3, path: { kind: 'interpreted', reason, at: null, ops: 0 } })
    expect(pathText(slow)).toBe(`Interpreted: ${reason}, so training runs interpreted, about 40 steps/s.`)
    // a later event without a path keeps the one known
    expect(reduceRun(slow, { type: 'progress', runId: 1, step: 90, elapsedMs: 2200, lastLoss: 3 }).path?.kind).toBe('interpreted')
    expect(pathText(play(start, { type: 'progress', runId: 1, step: 1, elapsedMs: 1, lastLoss: 3, path: null }))).toBe('')
  })
})

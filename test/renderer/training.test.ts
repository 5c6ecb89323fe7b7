import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { CHECK_ORDER, DEFAULT_CONFIG } from '../../src/core/api'
import { learnerBackward, LearnerBackwardError } from '../../src/core/exercise/learner-backward'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { programOfCells, type CellProgram } from '../../src/core/exercise/program'
import { trainingProgram } from '../../src/core/exercise/exercises'
import { Trainer } from '../../src/core/exercise/train'
import type { WorkerLike } from '../../src/renderer/src/worker/client'
import { TrainingClient } from '../../src/renderer/src/worker/training-client'
import { pathOf, TrainingRunner, type StartRequest, type TrainerLike, type TrainingEvent, type TrainingRequest } from '../../src/renderer/src/worker/training-protocol'
import { NAMES } from '../model'

/** A trainer whose steps take `msPerStep` of a fake clock; loss falls 3, 2.9, ...; `failAt` throws like learner code. */
class FakeTrainer implements TrainerLike {
  step = 0
  lastLoss = NaN
  elapsed = 0
  readonly losses: Float32Array
  finished = 0
  constructor(
    readonly total: number,
    private readonly clock: { t: number },
    private readonly msPerStep = 1,
    private readonly failAt = Infinity
  ) {
    this.losses = new Float32Array(total)
  }
  get done() {
    return this.step >= this.total
  }
  run(count: number) {
    const end = Math.min(this.total, this.step + count)
    const start = this.step
    for (; this.step < end; this.step++) {
      if (this.step === this.failAt) throw new LearnerBackwardError(`your backward pass failed at step ${this.step + 1}: NameError (line 2)`, { kind: 'runtime', message: 'NameError', line: 2, col: 1 }, this.step + 1)
      this.lastLoss = 3 - this.step / 10
      this.losses[this.step] = this.lastLoss
      this.clock.t += this.msPerStep
      this.elapsed += this.msPerStep
    }
    return this.step - start
  }
  finish() {
    this.finished++
    return { train: 2.5, val: 2.6, samples: ['emma', 'olivia'] }
  }
}

const request = (over: Partial<StartRequest> = {}): StartRequest => ({
  type: 'start',
  runId: 1,
  steps: 100,
  lrDecayStep: 100_000,
  samples: 2,
  config: { ...DEFAULT_CONFIG, n_hidden: 200 },
  backward: { kind: 'builtin' },
  ...over
})

/** A runner whose `later` queue is run by hand, one task at a time (the worker's event loop). */
function harness(trainer: (r: StartRequest, clock: { t: number }) => TrainerLike) {
  const clock = { t: 0 }
  const events: TrainingEvent[] = []
  const tasks: Array<() => void> = []
  const runner = new TrainingRunner({
    post: (e) => events.push(e),
    makeTrainer: (r) => trainer(r, clock),
    later: (fn) => tasks.push(fn),
    now: () => clock.t,
    sliceMs: 10,
    progressMs: 20
  })
  const tick = (n = 1) => {
    for (let i = 0; i < n && tasks.length; i++) tasks.shift()!()
  }
  const drain = () => {
    while (tasks.length) tasks.shift()!()
  }
  return { runner, events, tick, drain, tasks }
}

describe('TrainingRunner', () => {
  test('trains in slices, sends every loss once in order, then calibrates and reports', () => {
    const { runner, events, drain } = harness((r, clock) => new FakeTrainer(r.steps, clock))
    runner.handle(request())
    drain()
    const progress = events.filter((e) => e.type === 'progress')
    let next = 0
    for (const p of progress) {
      expect(p.from).toBe(next)
      next = p.step
    }
    expect(next).toBe(100)
    const losses = progress.flatMap((p) => Array.from(p.losses))
    expect(losses).toHaveLength(100)
    expect(losses[0]).toBeCloseTo(3)
    expect(events.at(-2)).toMatchObject({ type: 'finishing', step: 100, stopped: false })
    expect(events.at(-1)).toMatchObject({ type: 'done', steps: 100, total: 100, stopped: false, train: 2.5, samples: ['emma', 'olivia'] })
  })

  test('starts with one step, then sizes slices to the speed so far', () => {
    const made: FakeTrainer[] = []
    const { runner, tick } = harness((r, clock) => {
      const t = new FakeTrainer(r.steps, clock, 2)
      made.push(t)
      return t
    })
    runner.handle(request())
    tick()
    expect(made[0].step).toBe(1)
    tick()
    expect(made[0].step).toBe(1 + 5) // a 10 ms slice at 2 ms a step
  })

  test('pause holds the run between slices; resume carries on from the same step', () => {
    let trainer!: FakeTrainer
    const { runner, events, tick, drain } = harness((r, clock) => (trainer = new FakeTrainer(r.steps, clock)))
    runner.handle(request())
    tick(3)
    runner.handle({ type: 'pause', runId: 1 })
    drain()
    const at = trainer.step
    expect(at).toBeLessThan(100)
    expect(events.some((e) => e.type === 'done')).toBe(false)
    // the losses so far reached the page when it paused
    expect(events.filter((e) => e.type === 'progress').at(-1)).toMatchObject({ step: at })
    runner.handle({ type: 'resume', runId: 1 })
    runner.handle({ type: 'resume', runId: 1 })
    drain()
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1)
    expect(trainer.finished).toBe(1)
  })

  test('stop ends the run early: still calibrated and sampled, and reported as stopped', () => {
    const { runner, events, tick, drain } = harness((r, clock) => new FakeTrainer(r.steps, clock))
    runner.handle(request({ steps: 10_000 }))
    tick(2)
    runner.handle({ type: 'stop', runId: 1 })
    drain()
    const done = events.at(-1)
    expect(done).toMatchObject({ type: 'done', stopped: true, total: 10_000, train: 2.5 })
    expect(done?.type === 'done' && done.steps).toBeLessThan(10_000)
  })

  test('controls for another run are ignored', () => {
    const { runner, events, drain } = harness((r, clock) => new FakeTrainer(r.steps, clock))
    runner.handle(request())
    runner.handle({ type: 'stop', runId: 99 })
    drain()
    expect(events.at(-1)).toMatchObject({ type: 'done', stopped: false })
  })

  test("learner code that fails mid-run fails the run at its step, with the error's place", () => {
    const { runner, events, drain } = harness((r, clock) => new FakeTrainer(r.steps, clock, 1, 42))
    runner.handle(request())
    drain()
    const failed = events.at(-1)
    expect(failed).toMatchObject({ type: 'failed', step: 43, error: { line: 2 } })
    // the steps before it are on the page
    expect(events.filter((e) => e.type === 'progress').at(-1)).toMatchObject({ step: 42 })
  })

  test('code that does not parse fails the run before it starts', () => {
    const { runner, events } = harness(() => {
      throw new LearnerBackwardError('SyntaxError: invalid syntax (line 1)', { kind: 'syntax', message: 'SyntaxError: invalid syntax', line: 1, col: 5 }, 0)
    })
    runner.handle(request({ backward: { kind: 'mine', program: programOfCells(new Map([['logits', 'dlogits = (']]), ['logits']) } }))
    expect(events).toEqual([
      { type: 'failed', runId: 1, step: 0, message: 'SyntaxError: invalid syntax (line 1)', error: { kind: 'syntax', message: 'SyntaxError: invalid syntax', line: 1, col: 5 }, cell: 'logits' }
    ])
  })

  test("a new run replaces the old one, whose slices stop", () => {
    const { runner, events, tick, drain } = harness((r, clock) => new FakeTrainer(r.steps, clock))
    runner.handle(request({ runId: 1, steps: 10_000 }))
    tick(2)
    runner.handle(request({ runId: 2, steps: 50 }))
    drain()
    expect(events.filter((e) => e.type === 'done').map((e) => e.runId)).toEqual([2])
  })

  test('with the real trainer and the lecture’s cells as the learner’s program, the loss falls', () => {
    const source = CHECK_ORDER.map((k) => REFERENCE_CELLS[k]).join('\n')
    const events: TrainingEvent[] = []
    const tasks: Array<() => void> = []
    const runner = new TrainingRunner({
      post: (e) => events.push(e),
      makeTrainer: (r) => new Trainer(NAMES, r.config, r.steps, r.lrDecayStep, r.backward.kind === 'mine' ? learnerBackward(r.backward.program.source) : undefined),
      later: (fn) => tasks.push(fn),
      now: (() => { let t = 0; return () => (t += 1) })() // a fake clock: the run's pacing, not the machine's
    })
    runner.handle(request({ steps: 30, samples: 3, config: DEFAULT_CONFIG, backward: { kind: 'mine', program: { source, lines: new Map() } } }))
    while (tasks.length) tasks.shift()!()
    const losses = events.flatMap((e) => (e.type === 'progress' ? Array.from(e.losses) : []))
    expect(losses).toHaveLength(30)
    expect(losses.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(losses[0])
    const done = events.at(-1)
    expect(done?.type).toBe('done')
    if (done?.type === 'done') expect(done.samples).toHaveLength(3)
  }, 60_000)
})

describe('the compiled or interpreted path in progress events', () => {
  function run(program: CellProgram, steps: number) {
    const events: TrainingEvent[] = []
    const tasks: Array<() => void> = []
    const runner = new TrainingRunner({
      post: (e) => events.push(e),
      makeTrainer: (r) => {
        const chosen = r.backward.kind === 'mine' ? r.backward.program : null
        const backward = learnerBackward(chosen!.source)
        return Object.assign(new Trainer(NAMES, r.config, r.steps, r.lrDecayStep, backward), { path: () => pathOf(backward.path, chosen) })
      },
      later: (fn) => tasks.push(fn),
      now: (() => { let t = 0; return () => (t += 1) })()
    })
    runner.handle(request({ steps, samples: 0, config: { ...DEFAULT_CONFIG, n_hidden: 16 }, backward: { kind: 'mine', program } }))
    while (tasks.length) tasks.shift()!()
    return { paths: events.flatMap((e) => (e.type === 'progress' ? [e.path] : [])), events }
  }
  const cells = Object.fromEntries(CHECK_ORDER.map((k) => [k, REFERENCE_CELLS[k]]))

  test("the lecture's cells: compiled, with the tape's size", () => {
    const { paths } = run(trainingProgram(cells, {}).program, 5)
    expect(paths.at(-1)).toMatchObject({ kind: 'compiled', reason: null, at: null })
    expect(paths.at(-1)!.ops).toBeGreaterThan(50)
  }, 60_000)

  test("a cell that decides with a tensor value: interpreted, with the line in the learner's cell", () => {
    const W1 = `${REFERENCE_CELLS.W1}\nif dW1[0, 0] > 100:\n    dW1 = dW1 * 1.0`
    const line = W1.split('\n').length - 1
    const { paths } = run(trainingProgram({ ...cells, W1 }, {}).program, 3)
    expect(paths.at(-1)?.kind).toBe('interpreted')
    expect(paths.at(-1)?.at).toEqual({ cell: 'W1', line })
    expect(paths.at(-1)?.reason).toBe(`line ${line} of dW1 decides with a tensor's value (dW1[0, 0] > 100)`)
  }, 60_000)

  test("an error in a cell fails the run there, at the cell's line; the program's line is only in the message", () => {
    const b2 = `x = 1\ndb2 = dlogitz.sum(0)`
    const program = trainingProgram({ ...cells, b2 }, {}).program
    const { events } = run(program, 3)
    const failed = events.at(-1)
    expect(failed).toMatchObject({ type: 'failed', cell: 'b2', error: { kind: 'runtime', line: 2, col: 7 } })
    expect(failed?.type === 'failed' && failed.message).toContain(`(line ${program.lines.get('b2')![0] + 1})`)
  }, 60_000)
})

describe("the path's words", () => {
  const program = programOfCells(new Map([['probs', 'a = 1'], ['counts', 'b = 2\nc = 3']]), ['probs', 'counts'])
  const path = (reason: string, line: number) => pathOf({ kind: 'interpreted', reason, line, ops: 0 }, program)

  test("name the learner's cell and its line, not the joined program's", () => {
    expect(path("line 3 decides with a tensor's value (t > 0)", 3)?.reason).toBe("line 2 of dcounts decides with a tensor's value (t > 0)")
    // a reason worded without its line gets the place after it; line 12 is not line 1
    expect(path('the tensor is made where the compiler cannot follow', 2)?.reason).toBe('the tensor is made where the compiler cannot follow (line 1 of dcounts)')
    expect(pathOf({ kind: 'interpreted', reason: 'line 1 uses x', line: 1, ops: 0 }, null)).toEqual({ kind: 'interpreted', reason: 'line 1 uses x', at: null, ops: 0 })
    expect(pathOf({ kind: 'pending', reason: null, line: null, ops: 0 }, program)).toBeNull()
  })
})

/** A worker running the real runner on fake trainers, answering on a later macrotask. */
class FakeTrainingWorker implements WorkerLike {
  static all: FakeTrainingWorker[] = []
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  terminated = false
  received: TrainingRequest[] = []
  /** stops answering (a learner step stuck in a loop) */
  stuck = false
  private readonly clock = { t: 0 }
  private readonly runner = new TrainingRunner({
    post: (e) => setTimeout(() => !this.terminated && this.onmessage?.({ data: e }), 0),
    makeTrainer: (r) => new FakeTrainer(r.steps, this.clock),
    later: (fn) => setTimeout(() => !this.stuck && !this.terminated && fn(), 1),
    now: () => this.clock.t
  })
  constructor() {
    FakeTrainingWorker.all.push(this)
  }
  postMessage(message: unknown) {
    this.received.push(message as TrainingRequest)
    this.runner.handle(message as TrainingRequest)
  }
  terminate() {
    this.terminated = true
  }
}

describe('TrainingClient', () => {
  beforeEach(() => {
    FakeTrainingWorker.all = []
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  test('numbers runs, makes the worker once, and hands on every event', async () => {
    const events: TrainingEvent[] = []
    const client = new TrainingClient(() => new FakeTrainingWorker(), (e) => events.push(e))
    const first = client.start({ steps: 50, lrDecayStep: 100_000, samples: 2, config: DEFAULT_CONFIG, backward: { kind: 'builtin' } })
    await vi.runAllTimersAsync()
    const second = client.start({ steps: 20, lrDecayStep: 100_000, samples: 2, config: DEFAULT_CONFIG, backward: { kind: 'builtin' } })
    await vi.runAllTimersAsync()
    expect([first, second]).toEqual([1, 2])
    expect(FakeTrainingWorker.all).toHaveLength(1)
    expect(events.filter((e) => e.type === 'done').map((e) => e.runId)).toEqual([1, 2])
  })

  test('pause, resume and stop go to the live run', async () => {
    const events: TrainingEvent[] = []
    const client = new TrainingClient(() => new FakeTrainingWorker(), (e) => events.push(e))
    client.start({ steps: 100_000, lrDecayStep: 100_000, samples: 2, config: DEFAULT_CONFIG, backward: { kind: 'builtin' } })
    await vi.advanceTimersByTimeAsync(5)
    client.pause()
    client.resume()
    client.stop()
    await vi.runAllTimersAsync()
    expect(FakeTrainingWorker.all[0].received.map((r) => r.type)).toEqual(['start', 'pause', 'resume', 'stop'])
    expect(events.at(-1)).toMatchObject({ type: 'done', stopped: true })
  })

  test('a stop the worker never hears ends the worker, and the run is reported stopped with what the page has', async () => {
    const events: TrainingEvent[] = []
    const client = new TrainingClient(() => new FakeTrainingWorker(), (e) => events.push(e), { stopTimeoutMs: 1000 })
    client.start({ steps: 100_000, lrDecayStep: 100_000, samples: 2, config: DEFAULT_CONFIG, backward: { kind: 'builtin' } })
    await vi.advanceTimersByTimeAsync(20)
    const worker = FakeTrainingWorker.all[0]
    worker.stuck = true
    await vi.advanceTimersByTimeAsync(5)
    const seen = events.filter((e) => e.type === 'progress').at(-1)
    client.stop()
    await vi.advanceTimersByTimeAsync(1000)
    expect(worker.terminated).toBe(true)
    expect(events.at(-1)).toMatchObject({ type: 'done', runId: 1, stopped: true, train: null, samples: [], steps: seen?.type === 'progress' ? seen.step : 0 })
    // the next run gets a fresh worker
    client.start({ steps: 10, lrDecayStep: 100_000, samples: 2, config: DEFAULT_CONFIG, backward: { kind: 'builtin' } })
    expect(FakeTrainingWorker.all).toHaveLength(2)
  })

  test('a worker that dies fails the live run with a sentence', async () => {
    const events: TrainingEvent[] = []
    const client = new TrainingClient(() => new FakeTrainingWorker(), (e) => events.push(e))
    client.start({ steps: 100_000, lrDecayStep: 100_000, samples: 2, config: DEFAULT_CONFIG, backward: { kind: 'builtin' } })
    await vi.advanceTimersByTimeAsync(5)
    FakeTrainingWorker.all[0].onerror?.({})
    expect(events.at(-1)).toMatchObject({ type: 'failed', runId: 1, message: expect.stringContaining('stopped unexpectedly') })
    expect(FakeTrainingWorker.all[0].terminated).toBe(true)
  })
})

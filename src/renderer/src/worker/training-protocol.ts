// The messages between the page and exercise 4's training worker, and the worker's whole logic as a class that
// takes its trainer, clock and scheduler from outside (so it is tested without a Worker).
//
//   page → worker: start (a run id, steps, config, which backward pass), pause, resume, stop
//   worker → page: progress (new losses since the last one, step, time, the compiled or interpreted path), finishing (calibrating batch norm),
//                  done (train/val loss, sampled names, whether it was stopped), failed (the learner's code broke)
//
// The worker trains in slices of about `sliceMs` and yields between them, so pause and stop are heard within one
// slice; progress goes out at most every `progressMs`.

import type { CodeError, ModelConfig } from '../../../core/api'
import { useLabel } from '../../../core/exercise/exercises'
import { LearnerBackwardError, type LearnerPath } from '../../../core/exercise/learner-backward'
import { cellAt, errorInCell, type CellProgram } from '../../../core/exercise/program'

/**
 * The backward pass a run uses: the lecture's built-in fused one, or the learner's program (exercise 1-3 cells, as
 * core's trainingProgram joins them: its lines say which cell an error or a compiler's reason is in).
 */
export type BackwardChoice = { kind: 'builtin' } | { kind: 'mine'; program: CellProgram }

export interface StartRequest {
  type: 'start'
  runId: number
  steps: number
  /** lr 0.1 before this step, 0.01 from it (the lecture: 100,000) */
  lrDecayStep: number
  /** names to sample at the end (the lecture: 20) */
  samples: number
  config: ModelConfig
  backward: BackwardChoice
}

/**
 * Which way the learner's program trains (known after its first step): compiled (the traced tape replayed every
 * step) or interpreted, with the reason and its line; the built-in backward pass has none.
 */
export interface TrainingPath {
  kind: 'compiled' | 'interpreted'
  /** why it runs interpreted, its line named in the learner's cell ("line 2 of dlogprobs decides with ...") */
  reason: string | null
  /** the cell of the program the reason is about, and the line in it */
  at: { cell: string; line: number } | null
  /** ops on the tape when compiled */
  ops: number
}

/**
 * The learner's path as the page shows it. The compiler words its reason by the line of the program it traced
 * ("line 14 decides with a tensor's value"); the learner knows their cells, so that becomes the cell's line.
 */
export function pathOf(path: LearnerPath, program: CellProgram | null): TrainingPath | null {
  if (path.kind === 'pending') return null
  const at = program === null || path.line === null ? null : cellAt(program, path.line)
  let reason = path.reason
  if (reason !== null && at !== null) {
    const where = `line ${at.line} of ${useLabel(at.cell)}`
    const lead = `line ${path.line}`
    reason = reason.startsWith(lead) && !/\d/.test(reason.charAt(lead.length)) ? where + reason.slice(lead.length) : `${reason} (${where})`
  }
  return { kind: path.kind, reason, at, ops: path.ops }
}

export type TrainingRequest = StartRequest | { type: 'pause' | 'resume' | 'stop'; runId: number }

export type TrainingEvent =
  | {
      type: 'progress'
      runId: number
      step: number
      elapsedMs: number
      lastLoss: number
      /** the step of losses[0]: losses of steps from .. step-1 */
      from: number
      losses: Float32Array
      /** null for the built-in pass, and before the learner's first step */
      path: TrainingPath | null
    }
  | { type: 'finishing'; runId: number; step: number; stopped: boolean }
  | {
      type: 'done'
      runId: number
      steps: number
      total: number
      stopped: boolean
      elapsedMs: number
      /** null when the run was cut off before calibration (the worker had to be ended) */
      train: number | null
      val: number | null
      samples: string[]
    }
  | {
      type: 'failed'
      runId: number
      step: number
      message: string
      /** the learner's error; when `cell` is set its lines count in that cell of the program */
      error: CodeError | null
      /** the cell of the learner's program it was raised in ('dprobs' by its node, 'exercise 2'); null: none */
      cell: string | null
    }

/** The part of core's Trainer the runner drives. */
export interface TrainerLike {
  readonly step: number
  readonly total: number
  readonly lastLoss: number
  readonly losses: Float32Array
  /** ms spent in steps */
  readonly elapsed: number
  readonly done: boolean
  run(count: number): number
  finish(samples: number): { train: number; val: number; samples: string[] }
  /** the learner's program's path (absent for the built-in pass) */
  path?(): TrainingPath | null
}

export interface RunnerDeps {
  post(event: TrainingEvent, transfer?: Transferable[]): void
  /** builds the run's trainer; may throw (a LearnerBackwardError for code that does not parse) */
  makeTrainer(request: StartRequest): TrainerLike
  /** runs `fn` after the events waiting now (pause, stop) have been handled */
  later(fn: () => void): void
  now(): number
  sliceMs?: number
  progressMs?: number
}

interface Run {
  request: StartRequest
  trainer: TrainerLike
  paused: boolean
  stopping: boolean
  scheduled: boolean
  /** steps whose losses the page has */
  sent: number
  lastPost: number
}

/**
 * A failure as the page shows it: the learner's error with its place when it is one (in the cell of `program` it
 * was raised in, at that cell's line), else what went wrong. The lecture's forward pass has no cell.
 */
export function failureOf(error: unknown, step: number, program: CellProgram | null = null): { step: number; message: string; error: CodeError | null; cell: string | null } {
  if (!(error instanceof LearnerBackwardError)) return { step, message: `Training stopped: ${error instanceof Error ? error.message : String(error)}`, error: null, cell: null }
  const placed = error.error !== null && program !== null && error.raisedIn === 'learner' ? errorInCell(program, error.error) : null
  return { step: error.step || step, message: error.message, error: placed?.error ?? error.error, cell: placed?.cell ?? null }
}

/** The learner's program a run trains with (null: the built-in backward pass). */
const programOf = (request: StartRequest): CellProgram | null => (request.backward.kind === 'mine' ? request.backward.program : null)

export class TrainingRunner {
  private run: Run | null = null
  private readonly sliceMs: number
  private readonly progressMs: number

  constructor(private readonly deps: RunnerDeps) {
    this.sliceMs = deps.sliceMs ?? 40
    this.progressMs = deps.progressMs ?? 100
  }

  handle(request: TrainingRequest): void {
    if (request.type === 'start') {
      this.start(request)
      return
    }
    const run = this.run
    if (run === null || run.request.runId !== request.runId) return
    if (request.type === 'pause') run.paused = true
    else if (request.type === 'resume') {
      run.paused = false
      this.schedule(run)
    } else {
      run.stopping = true
      this.schedule(run)
    }
  }

  private start(request: StartRequest): void {
    // a new run replaces any other (its scheduled slices see they are no longer current)
    this.run = null
    let trainer: TrainerLike
    try {
      trainer = this.deps.makeTrainer(request)
    } catch (error) {
      this.deps.post({ type: 'failed', runId: request.runId, ...failureOf(error, 0, programOf(request)) })
      return
    }
    const run: Run = { request, trainer, paused: false, stopping: false, scheduled: false, sent: 0, lastPost: this.deps.now() }
    this.run = run
    this.schedule(run)
  }

  private schedule(run: Run): void {
    if (run.scheduled) return
    run.scheduled = true
    this.deps.later(() => {
      run.scheduled = false
      this.slice(run)
    })
  }

  private slice(run: Run): void {
    if (run !== this.run) return
    const { trainer } = run
    if (run.stopping || trainer.done) {
      this.finish(run)
      return
    }
    if (run.paused) {
      this.sendProgress(run)
      return
    }
    // as many steps as fit in a slice at the speed so far (one to start: learner code may be slow)
    const msPerStep = trainer.step > 0 ? trainer.elapsed / trainer.step : 0
    const count = msPerStep > 0 ? Math.max(1, Math.min(10_000, Math.floor(this.sliceMs / msPerStep))) : 1
    try {
      trainer.run(count)
    } catch (error) {
      this.sendProgress(run)
      this.run = null
      this.deps.post({ type: 'failed', runId: run.request.runId, ...failureOf(error, trainer.step, programOf(run.request)) })
      return
    }
    if (this.deps.now() - run.lastPost >= this.progressMs) this.sendProgress(run)
    this.schedule(run)
  }

  private sendProgress(run: Run): void {
    const { trainer } = run
    run.lastPost = this.deps.now()
    if (trainer.step <= run.sent) return
    const losses = trainer.losses.slice(run.sent, trainer.step)
    const event: TrainingEvent = {
      type: 'progress',
      runId: run.request.runId,
      step: trainer.step,
      elapsedMs: trainer.elapsed,
      lastLoss: trainer.lastLoss,
      from: run.sent,
      losses,
      path: trainer.path?.() ?? null
    }
    run.sent = trainer.step
    this.deps.post(event, [losses.buffer])
  }

  private finish(run: Run): void {
    const { trainer, request } = run
    this.sendProgress(run)
    const stopped = !trainer.done
    this.deps.post({ type: 'finishing', runId: request.runId, step: trainer.step, stopped })
    // calibration takes a moment: let the 'finishing' message out first
    this.deps.later(() => {
      if (run !== this.run) return
      this.run = null
      try {
        const end = trainer.finish(request.samples)
        this.deps.post({
          type: 'done',
          runId: request.runId,
          steps: trainer.step,
          total: request.steps,
          stopped,
          elapsedMs: trainer.elapsed,
          ...end
        })
      } catch (error) {
        this.deps.post({ type: 'failed', runId: request.runId, ...failureOf(error, trainer.step, programOf(request)) })
      }
    })
  }
}

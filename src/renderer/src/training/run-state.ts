// Exercise 4's training run as a state machine: what the page shows (phase, progress, rate, result) and how the
// buttons and the training worker's events move it. Pure: the panel draws it, the worker's client feeds it.
//
//   idle ─start→ running ⇄ paused
//                  │ stop     │ stop
//                  ▼          ▼
//               stopping ─finishing→ finishing ─done→ done      (any live phase ─failed→ failed)

import type { CodeError } from '../../../core/api'
import type { TrainingPath } from '../worker/training-protocol'

export type Phase = 'idle' | 'running' | 'paused' | 'stopping' | 'finishing' | 'done' | 'failed'

/** Where the gradients come from: the learner's cells, or the lecture's fused backward built into the app. */
export type GradientSource = 'mine' | 'builtin'

export interface RunResult {
  /** steps trained */
  steps: number
  total: number
  /** the learner pressed Stop before the last step */
  stopped: boolean
  /** after batch-norm calibration on the whole training set; null when the run was cut off before it */
  train: number | null
  val: number | null
  samples: string[]
  /** milliseconds of training (pauses excluded) */
  elapsedMs: number
}

export interface RunFailure {
  step: number
  message: string
  /** the learner's error; its lines count in `cell` when that is set */
  error: CodeError | null
  /** the cell of the learner's program it was raised in ('dprobs', 'exercise 2'), as the worker placed it */
  cell?: string | null
}

export interface RunState {
  phase: Phase
  /** the run the state is about; events of other runs are old news */
  runId: number
  source: GradientSource
  total: number
  step: number
  /** milliseconds spent training so far (pauses excluded), as the worker measures it */
  elapsedMs: number
  lastLoss: number
  result: RunResult | null
  failure: RunFailure | null
  /** the run finished in an earlier session and was restored from its save (see last-run.ts) */
  restored?: boolean
  /** how the learner's program trains (null: built-in, or not known yet) */
  path?: TrainingPath | null
}

export type RunAction =
  | { type: 'start'; runId: number; source: GradientSource; total: number }
  | { type: 'progress'; runId: number; step: number; elapsedMs: number; lastLoss: number; path?: TrainingPath | null }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'finishing'; runId: number; step: number }
  | { type: 'done'; runId: number; result: RunResult }
  | { type: 'failed'; runId: number; failure: RunFailure }
  | { type: 'restore'; source: GradientSource; result: RunResult }

export const initialRun: RunState = {
  phase: 'idle',
  runId: 0,
  source: 'mine',
  total: 0,
  step: 0,
  elapsedMs: 0,
  lastLoss: NaN,
  result: null,
  failure: null
}

/** A run is live while the worker trains or calibrates for it. */
export function isLive(phase: Phase): boolean {
  return phase === 'running' || phase === 'paused' || phase === 'stopping' || phase === 'finishing'
}

export function reduceRun(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'start':
      if (isLive(state.phase)) return state
      return { ...initialRun, phase: 'running', runId: action.runId, source: action.source, total: action.total }
    case 'progress':
      if (action.runId !== state.runId || !isLive(state.phase)) return state
      return { ...state, step: action.step, elapsedMs: action.elapsedMs, lastLoss: action.lastLoss, path: action.path ?? state.path ?? null }
    case 'pause':
      return state.phase === 'running' ? { ...state, phase: 'paused' } : state
    case 'resume':
      return state.phase === 'paused' ? { ...state, phase: 'running' } : state
    case 'stop':
      return state.phase === 'running' || state.phase === 'paused' ? { ...state, phase: 'stopping' } : state
    case 'finishing':
      if (action.runId !== state.runId || !isLive(state.phase)) return state
      return { ...state, phase: 'finishing', step: action.step }
    case 'done':
      if (action.runId !== state.runId || !isLive(state.phase)) return state
      return { ...state, phase: 'done', step: action.result.steps, elapsedMs: action.result.elapsedMs, result: action.result }
    case 'failed':
      if (action.runId !== state.runId || !isLive(state.phase)) return state
      return { ...state, phase: 'failed', failure: action.failure }
    case 'restore':
      // only onto a page that has not run anything yet
      if (state.phase !== 'idle') return state
      return { ...state, phase: 'done', source: action.source, total: action.result.total, step: action.result.steps, elapsedMs: action.result.elapsedMs, result: action.result, restored: true }
  }
}

/** What the progress line says: how far, how fast, how long to go. */
export interface RunProgress {
  /** 0..1 */
  fraction: number
  /** steps a second so far, or null before the first steps are timed */
  stepsPerSecond: number | null
  /** seconds to the last step at that rate, or null when unknown */
  etaSeconds: number | null
}

export function runProgress(state: RunState): RunProgress {
  const fraction = state.total > 0 ? Math.min(1, state.step / state.total) : 0
  const stepsPerSecond = state.step > 0 && state.elapsedMs > 0 ? (state.step * 1000) / state.elapsedMs : null
  const etaSeconds = stepsPerSecond === null ? null : (state.total - state.step) / stepsPerSecond
  return { fraction, stepsPerSecond, etaSeconds }
}

/** A duration as a learner reads it: '0.4 s', '45 s', '3 min 20 s', '1 h 05 min'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds < 9.95) return `${seconds.toFixed(1)} s`
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`
}

/** A step count with thousands separators: 200000 -> '200,000'. */
export function formatSteps(steps: number): string {
  return Math.round(steps).toLocaleString('en-US')
}

/** The steps field's text as a step count (1 to 1,000,000; '2,000' and '2000' both read), or why not. */
export function parseSteps(text: string): { ok: true; steps: number } | { ok: false; reason: string } {
  const cleaned = text.replace(/[,_\s]/g, '')
  if (!/^\d+$/.test(cleaned)) return { ok: false, reason: 'Steps must be a whole number, like 2000 or 200000.' }
  const steps = Number(cleaned)
  if (steps < 1) return { ok: false, reason: 'Train for at least 1 step.' }
  if (steps > MAX_STEPS) return { ok: false, reason: `At most ${formatSteps(MAX_STEPS)} steps.` }
  return { ok: true, steps }
}

export const MAX_STEPS = 1_000_000

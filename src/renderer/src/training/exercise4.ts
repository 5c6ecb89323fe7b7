// Exercise 4's wiring: the training worker's client, the run's state machine, the loss series and plot, and the
// panel. The app's state comes in through update() (it decides which cells the learner's backward pass uses);
// a run goes on in its worker while the learner looks at other exercises.

import type { ModelConfig } from '../../../core/api'
import { useLabel } from '../../../core/exercise/exercises'
import type { AppState } from '../state'
import type { WorkerLike } from '../worker/client'
import { TrainingClient } from '../worker/training-client'
import type { BackwardChoice, TrainingEvent } from '../worker/training-protocol'
import { lastRunOf, lastRunStore, seriesOf } from './last-run'
import { createLossPlot } from './loss-plot'
import { LossSeries } from './loss-series'
import { placeOfUse, trainingPlan, type CellPlace, type TrainingPlan } from './plan'
import { formatSteps, initialRun, isLive, parseSteps, reduceRun, type GradientSource, type RunAction, type RunState } from './run-state'
import { createTrainingPanel, LR_DECAY_STEP, type TrainingPanelInput } from './training-panel'

export interface Exercise4Options {
  /** the model config for training (the app's, with n_hidden 200) */
  config: ModelConfig
  /** where the last finished run is kept across reloads (null: nowhere) */
  storage?: Parameters<typeof lastRunStore>[0]
  createWorker(): WorkerLike
  onJump(place: CellPlace): void
  /** a run started or ended (the toolbar marks exercise 4 while one goes on) */
  onLiveChange?(live: boolean): void
}

export interface Exercise4 {
  element: HTMLElement
  /** the app's state changed (cells, verdicts): recompute what the learner's pass needs */
  update(app: AppState): void
  /** redraw the plot at its current size (after the view is shown) */
  shown(): void
  /** a run is going on (for the toolbar) */
  live(): boolean
  /** the header's progress while exercise 4 is shown: the run's steps, in words */
  progress(): { passed: number; total: number; label: string }
  dispose(): void
}

export function createExercise4(options: Exercise4Options): Exercise4 {
  let run: RunState = initialRun
  let source: GradientSource = 'mine'
  let stepsText = formatSteps(200_000)
  let app: AppState | null = null
  let plan: TrainingPlan | null = null
  /** the plan the running (or last) learner run was started with: where to look when it fails */
  let runPlan: TrainingPlan | null = null
  let series: LossSeries | null = null

  const plot = createLossPlot()
  const panel = createTrainingPanel(plot.element, {
    onSource(next) {
      source = next
      render()
    },
    onSteps(text) {
      stepsText = text
      render()
    },
    onStart: start,
    onPause() {
      client.pause()
      dispatch({ type: 'pause' })
    },
    onResume() {
      client.resume()
      dispatch({ type: 'resume' })
    },
    onStop() {
      client.stop()
      dispatch({ type: 'stop' })
    },
    onJump: options.onJump
  })
  const client = new TrainingClient(options.createWorker, receive)
  const kept = lastRunStore(options.storage ?? null)

  function dispatch(action: RunAction): void {
    const next = reduceRun(run, action)
    if (next === run) return
    const wasLive = isLive(run.phase)
    run = next
    if (isLive(run.phase) !== wasLive) options.onLiveChange?.(!wasLive)
    render()
  }

  function receive(event: TrainingEvent): void {
    switch (event.type) {
      case 'progress':
        if (event.runId === run.runId && series) {
          series.append(event.from, event.losses)
          plot.schedule()
        }
        dispatch({ type: 'progress', runId: event.runId, step: event.step, elapsedMs: event.elapsedMs, lastLoss: event.lastLoss, path: event.path })
        break
      case 'finishing':
        dispatch({ type: 'finishing', runId: event.runId, step: event.step })
        plot.draw()
        break
      case 'done':
        dispatch({
          type: 'done',
          runId: event.runId,
          result: { steps: event.steps, total: event.total, stopped: event.stopped, train: event.train, val: event.val, samples: event.samples, elapsedMs: event.elapsedMs }
        })
        plot.draw()
        if (run.phase === 'done' && run.result && series) kept.save(lastRunOf(run.source, run.result, series))
        break
      case 'failed':
        dispatch({ type: 'failed', runId: event.runId, failure: { step: event.step, message: event.message, error: event.error, cell: event.cell } })
        plot.draw()
        break
    }
  }

  function start(): void {
    const parsed = parseSteps(stepsText)
    if (!parsed.ok || isLive(run.phase) || !app) return
    let backward: BackwardChoice = { kind: 'builtin' }
    if (source === 'mine') {
      const current = trainingPlan(app)
      if (current.blockers.length > 0) return
      runPlan = current
      backward = { kind: 'mine', program: current.program }
    } else runPlan = null
    series = new LossSeries(parsed.steps)
    plot.reset(series, { lrDecayStep: LR_DECAY_STEP, label: source === 'mine' ? 'your backward pass' : 'built-in', keepPrevious: true })
    const runId = client.start({ steps: parsed.steps, lrDecayStep: LR_DECAY_STEP, samples: 20, config: options.config, backward })
    dispatch({ type: 'start', runId, source, total: parsed.steps })
  }

  /** Where a failed learner run's error is: the cell (exercise 1 node or fused exercise) and the line in it. */
  function failurePlace(): TrainingPanelInput['failurePlace'] {
    // the worker placed the learner's error in its cell (the lecture's forward pass has none)
    const failure = run.failure
    if (!failure?.error || !failure.cell || !runPlan || failure.error.line < 1) return null
    return { place: placeOfUse(failure.cell), label: useLabel(failure.cell), line: failure.error.line }
  }

  function render(): void {
    if (!plan) return
    const parsed = parseSteps(stepsText)
    panel.update({ run, source, stepsText, stepsError: parsed.ok ? null : parsed.reason, plan, failurePlace: failurePlace() })
  }

  // the last session's finished run: its results and curve, until a new run starts
  const restored = kept.load()
  if (restored) {
    series = seriesOf(restored)
    source = restored.source
    plot.reset(series, { lrDecayStep: LR_DECAY_STEP, label: `last run (${restored.source === 'mine' ? 'your backward pass' : 'built-in'})`, keepPrevious: false })
    dispatch({ type: 'restore', source: restored.source, result: restored.result })
  }

  return {
    element: panel.element,
    update(next) {
      if (next === app) return
      const changed = !app || next.cells !== app.cells
      app = next
      if (changed) plan = trainingPlan(next)
      render()
    },
    shown: () => plot.draw(),
    live: () => isLive(run.phase),
    progress: () => ({ passed: run.step, total: run.total, label: runLabel(run) }),
    dispose: () => client.dispose()
  }
}

/** The run in a few words, for the header: not trained, training, trained, or failed. */
export function runLabel(run: RunState): string {
  if (isLive(run.phase)) return 'training…'
  if (run.phase === 'done') return '✓ trained'
  if (run.phase === 'failed') return '✗ run failed'
  return 'not trained'
}

// The page's handle on the training worker: starts runs (numbering them), passes pause/resume/stop on, and hands
// every event to one listener. The worker is made on the first run and kept. If it dies, the run fails; if it does
// not answer a stop in time (a learner step stuck in a long loop), it is ended and the run reported stopped.

import type { WorkerLike } from './client'
import type { StartRequest, TrainingEvent, TrainingRequest } from './training-protocol'

export interface TrainingClientOptions {
  /** how long a stop may take to be heard before the worker is ended, ms */
  stopTimeoutMs?: number
}

export class TrainingClient {
  private worker: WorkerLike | null = null
  private runId = 0
  /** the live run: its steps so far, for a stop the worker never answered */
  private live: { runId: number; total: number; step: number; elapsedMs: number } | null = null
  private stopTimer: ReturnType<typeof setTimeout> | null = null
  private readonly stopTimeoutMs: number

  constructor(
    private readonly factory: () => WorkerLike,
    private readonly onEvent: (event: TrainingEvent) => void,
    options: TrainingClientOptions = {}
  ) {
    this.stopTimeoutMs = options.stopTimeoutMs ?? 5000
  }

  /** Starts a run (ending any other); returns its id. */
  start(request: Omit<StartRequest, 'type' | 'runId'>): number {
    const runId = ++this.runId
    this.clearStopTimer()
    this.live = { runId, total: request.steps, step: 0, elapsedMs: 0 }
    this.send({ ...request, type: 'start', runId })
    return runId
  }

  pause(): void {
    if (this.live) this.send({ type: 'pause', runId: this.live.runId })
  }

  resume(): void {
    if (this.live) this.send({ type: 'resume', runId: this.live.runId })
  }

  stop(): void {
    const live = this.live
    if (!live) return
    this.send({ type: 'stop', runId: live.runId })
    this.clearStopTimer()
    this.stopTimer = setTimeout(() => {
      // the worker is stuck inside a step: end it, and the run with what the page already has
      if (this.live?.runId !== live.runId) return
      this.kill()
      this.live = null
      this.onEvent({ type: 'done', runId: live.runId, steps: live.step, total: live.total, stopped: true, elapsedMs: live.elapsedMs, train: null, val: null, samples: [] })
    }, this.stopTimeoutMs)
  }

  /** Ends the worker (page unload, tests). */
  dispose(): void {
    this.clearStopTimer()
    this.kill()
    this.live = null
  }

  private send(request: TrainingRequest): void {
    if (this.worker === null) {
      const worker = this.factory()
      worker.onmessage = (event) => this.receive(event.data as TrainingEvent)
      worker.onerror = () => this.crashed()
      this.worker = worker
    }
    this.worker.postMessage(request)
  }

  private receive(event: TrainingEvent): void {
    const live = this.live
    if (live && event.runId === live.runId) {
      if (event.type === 'progress') {
        live.step = event.step
        live.elapsedMs = event.elapsedMs
      } else if (event.type === 'finishing') {
        // it heard the stop (or reached the end): calibration may take a while, and that is fine
        this.clearStopTimer()
      } else {
        this.clearStopTimer()
        this.live = null
      }
    }
    this.onEvent(event)
  }

  private crashed(): void {
    const live = this.live
    this.clearStopTimer()
    this.kill()
    this.live = null
    if (live)
      this.onEvent({
        type: 'failed',
        runId: live.runId,
        step: live.step,
        message: 'The training worker stopped unexpectedly (out of memory?). Try again, or with fewer steps.',
        error: null,
        cell: null
      })
  }

  private kill(): void {
    if (this.worker === null) return
    this.worker.onmessage = null
    this.worker.onerror = null
    this.worker.terminate()
    this.worker = null
  }

  private clearStopTimer(): void {
    if (this.stopTimer !== null) clearTimeout(this.stopTimer)
    this.stopTimer = null
  }
}

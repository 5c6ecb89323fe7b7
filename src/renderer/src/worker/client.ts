// The page's handle on the core's worker: typed calls, one at a time, each with a time budget. A call that runs
// past its budget (learner code that never ends) is failed with `limit`, the worker is terminated and a fresh one
// is started with the same config, and the calls waiting behind it carry on there.

import type { ModelConfig } from '../../../core/api'
import type { LessonSource } from '../../../core/session'
import type { Args, CoreInfo, FailureKind, Method, RequestMessage, ResponseMessage, Result } from './protocol'

/** The part of a Worker the client uses (a fake one in tests). */
export interface WorkerLike {
  postMessage(message: unknown): void
  terminate(): void
  onmessage: ((event: { data: unknown }) => void) | null
  onerror: ((event: unknown) => void) | null
}

/** A failed call, with why it failed. */
export class CoreError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string
  ) {
    super(message)
    this.name = 'CoreError'
  }
}

export interface CallOptions {
  /** the time budget in ms (default: the client's) */
  timeoutMs?: number
  /** a newer call with the same key replaces this one if it has not started yet */
  key?: string
  /** goes ahead of the waiting calls that aren't urgent (quick reads the learner is looking at) */
  urgent?: boolean
}

export interface ClientOptions {
  /** budget for a call, ms */
  timeoutMs?: number
  /** budget for creating the session, ms */
  initTimeoutMs?: number
  /** told each time the worker is replaced */
  onRestart?: (reason: FailureKind) => void
}

interface Job {
  id: number
  method: Method
  args: unknown[]
  timeoutMs: number
  key?: string
  urgent: boolean
  resolve: (value: unknown) => void
  reject: (error: CoreError) => void
}

export class CoreClient {
  private worker: WorkerLike
  private queue: Job[] = []
  private running: Job | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private nextId = 1
  private initArgs: Args<'init'> | null = null
  private broken: string | null = null
  private readonly timeoutMs: number
  private readonly initTimeoutMs: number
  /** how many times the worker was replaced */
  restarts = 0

  constructor(
    private readonly factory: () => WorkerLike,
    private readonly options: ClientOptions = {}
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000
    this.initTimeoutMs = options.initTimeoutMs ?? 60_000
    this.worker = this.spawn()
  }

  /** Creates the session in the worker (and again in every replacement worker). */
  init(config?: Partial<ModelConfig>, lesson?: LessonSource): Promise<CoreInfo> {
    this.initArgs = [config, lesson]
    return this.call('init', [config, lesson], { timeoutMs: this.initTimeoutMs })
  }

  /** Calls `method` in the worker; rejects with a CoreError. */
  call<M extends Method>(method: M, args: Args<M>, options: CallOptions = {}): Promise<Result<M>> {
    if (this.broken) return Promise.reject(new CoreError('crashed', this.broken))
    return new Promise<Result<M>>((resolve, reject) => {
      if (options.key !== undefined) {
        for (const old of this.queue.filter((job) => job.key === options.key)) {
          this.queue.splice(this.queue.indexOf(old), 1)
          old.reject(new CoreError('superseded', 'replaced by a newer request'))
        }
      }
      const job: Job = {
        id: this.nextId++,
        method,
        args: args as unknown[],
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        key: options.key,
        urgent: options.urgent ?? false,
        resolve: resolve as (value: unknown) => void,
        reject
      }
      const firstPatient = job.urgent ? this.queue.findIndex((waiting) => !waiting.urgent && waiting.method !== 'init') : -1
      if (firstPatient === -1) this.queue.push(job)
      else this.queue.splice(firstPatient, 0, job)
      this.pump()
    })
  }

  /** True while a call is running or waiting. */
  get busy(): boolean {
    return this.running !== null || this.queue.length > 0
  }

  /** Stops the worker and fails every call still waiting. */
  dispose(): void {
    this.clearTimer()
    this.worker.terminate()
    const jobs = [...(this.running ? [this.running] : []), ...this.queue]
    this.running = null
    this.queue = []
    this.broken = 'the core was shut down'
    for (const job of jobs) job.reject(new CoreError('crashed', this.broken))
  }

  private spawn(): WorkerLike {
    const worker = this.factory()
    worker.onmessage = (event) => this.onMessage(event.data as ResponseMessage)
    worker.onerror = () => this.fail('crashed', 'The checker stopped unexpectedly and was restarted.')
    return worker
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return
    const job = this.queue.shift()!
    this.running = job
    const request: RequestMessage = { id: job.id, method: job.method, args: job.args as never }
    this.timer = setTimeout(() => {
      const seconds = Math.round(job.timeoutMs / 100) / 10
      this.fail('limit', `This took longer than ${seconds} s, so it was stopped (an endless loop?).`)
    }, job.timeoutMs)
    this.worker.postMessage(request)
  }

  private onMessage(response: ResponseMessage): void {
    const job = this.running
    if (!job || response.id !== job.id) return
    this.clearTimer()
    this.running = null
    if (response.ok) job.resolve(response.value)
    else job.reject(new CoreError(response.kind, response.message))
    this.pump()
  }

  /** Fails the running call and replaces the worker; the queue carries on in the new one. */
  private fail(kind: FailureKind, message: string): void {
    const job = this.running
    this.clearTimer()
    this.running = null
    this.worker.onmessage = null
    this.worker.onerror = null
    this.worker.terminate()
    this.restarts++
    if (job?.method === 'init') {
      // The session itself can't be made: retrying would loop, so give up and say why.
      this.broken = `The checker could not start: ${message}`
      job.reject(new CoreError(kind, this.broken))
      for (const waiting of this.queue.splice(0)) waiting.reject(new CoreError('crashed', this.broken))
      return
    }
    job?.reject(new CoreError(kind, message))
    this.worker = this.spawn()
    if (this.initArgs) {
      this.queue.unshift({
        id: this.nextId++,
        method: 'init',
        args: this.initArgs,
        timeoutMs: this.initTimeoutMs,
        urgent: true,
        resolve: () => {},
        reject: () => {}
      })
    }
    this.options.onRestart?.(kind)
    this.pump()
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }
}

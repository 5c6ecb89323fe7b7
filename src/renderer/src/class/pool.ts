// Grading a class on the page's side: a few grading workers (worker/grade.worker.ts), each building the lesson once
// and then taking files from one queue. A file that runs past its wall-clock budget gets its row with the reason
// and its worker is terminated and replaced; a file over the size cap is never read. Nothing a file does reaches
// another file's result.

import { stopped, unreadable } from '../../../core/grade/rows'
import type { WorkerLike } from '../worker/client'
import { tooLarge } from './files'
import type { FromWorker, GradedFile, GradeSetup, ToWorker } from '../worker/grade-protocol'

/** A file to grade: its id, its name (a notebook or a script), its size, and how to read its bytes. */
export interface PoolFile {
  id: string
  name: string
  size: number
  read(): Promise<ArrayBuffer>
}

export interface PoolOptions {
  setup: GradeSetup
  createWorker: () => WorkerLike
  /** how many workers at most */
  workers: number
  /** a file's wall-clock budget, ms (the interpreter's own limits end most runaways well before) */
  fileMillis: number
  /** building the lesson in a worker, ms */
  setupMillis: number
  /** once, when the first worker has built the lesson */
  onReady?(title: string, nodes: readonly string[]): void
  onGraded(id: string, file: GradedFile): void
}

/** The class's grading run; `done` settles when every file has its row (or the lesson could not be built). */
export class GradePool {
  private queue: PoolFile[]
  private live = new Set<WorkerLike>()
  private nodes: readonly string[] | null = null
  private cancelled = false
  private resolve!: () => void
  private reject!: (e: Error) => void
  readonly done: Promise<void>

  constructor(
    files: readonly PoolFile[],
    private readonly opts: PoolOptions
  ) {
    this.queue = [...files]
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    const n = Math.max(1, Math.min(opts.workers, files.length))
    if (files.length === 0) this.resolve()
    else for (let i = 0; i < n; i++) this.spawn()
  }

  /** Stops every worker; the files not graded yet get no row. */
  cancel(): void {
    this.cancelled = true
    this.queue = []
    for (const w of this.live) w.terminate()
    this.live.clear()
    this.resolve()
  }

  private finish(): void {
    if (this.live.size === 0 && this.queue.length === 0 && !this.cancelled) this.resolve()
  }

  private fatal(message: string): void {
    // rejected before the cancel resolves: the run failed, it was not stopped
    this.reject(new Error(message))
    this.cancel()
  }

  private spawn(): void {
    if (this.cancelled) return
    if (this.queue.length === 0) return this.finish()
    const worker = this.opts.createWorker()
    this.live.add(worker)
    let current: PoolFile | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    let over = false
    const clear = () => {
      if (timer !== null) clearTimeout(timer)
      timer = null
    }
    const post = (m: ToWorker, transfer?: Transferable[]) => (worker as unknown as { postMessage(m: unknown, t?: Transferable[]): void }).postMessage(m, transfer)
    const retire = () => {
      over = true
      clear()
      worker.onmessage = null
      worker.onerror = null
      worker.terminate()
      this.live.delete(worker)
    }
    // the worker is stopped (a file ran too long, or it died): that file's row says why, a new worker takes over
    const end = (reason: string) => {
      if (over || this.cancelled) return
      retire()
      if (current === null) {
        if (this.nodes === null) return this.fatal(`the grader could not start: ${reason}`)
      } else this.opts.onGraded(current.id, { result: stopped(current.id, reason, this.nodes ?? []), details: {} })
      this.spawn()
    }
    const next = async (): Promise<void> => {
      while (!over && !this.cancelled) {
        const file = this.queue.shift()
        if (file === undefined) {
          retire()
          return this.finish()
        }
        current = file
        const nodes = this.nodes!
        const large = tooLarge(file.size)
        if (large !== null) {
          this.opts.onGraded(file.id, { result: unreadable(file.id, large, nodes.length), details: {} })
          current = null
          continue
        }
        let bytes: ArrayBuffer
        try {
          bytes = await file.read()
        } catch (e) {
          this.opts.onGraded(file.id, { result: unreadable(file.id, `cannot read it: ${(e as Error).message}`, nodes.length), details: {} })
          current = null
          continue
        }
        if (over || this.cancelled) return
        const seconds = Math.round(this.opts.fileMillis / 100) / 10
        timer = setTimeout(() => end(`stopped: grading took longer than ${seconds} s`), this.opts.fileMillis)
        post({ type: 'grade', id: file.id, name: file.name, bytes }, [bytes])
        return
      }
    }
    worker.onmessage = (event) => {
      const m = event.data as FromWorker
      if (over) return
      if (m.type === 'failed') return this.fatal(m.message)
      clear()
      if (m.type === 'ready') {
        if (this.nodes === null) {
          this.nodes = m.nodes
          this.opts.onReady?.(m.title, m.nodes)
        }
      } else if (current !== null && m.id === current.id) {
        current = null
        this.opts.onGraded(m.id, m.file)
      }
      void next()
    }
    worker.onerror = () => end('stopped: the grader failed on this file')
    timer = setTimeout(() => end('building the lesson took too long'), this.opts.setupMillis)
    post({ type: 'setup', setup: this.opts.setup })
  }
}

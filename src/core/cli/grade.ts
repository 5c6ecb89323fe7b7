// `grade PATH...` and `grade --merge REPORT.json...` (docs/CONTRACT.md section 6): a whole class graded in worker
// threads, each file capped in wall clock and memory, into one report (JSON, text, CSV, HTML).

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { LECTURE_NAMES, LECTURE_TITLE, lessonJudge } from '../grade/judge'
import { LessonError } from '../lesson/file'
import { stopped, type LearnerResult } from '../grade/learner'
import { reportHTML } from '../grade/html'
import { reportCSV, reportText } from '../grade/render'
import { buildReport, byId, mergeReports, MergeError, shardReport, type ClassReport, type Owned } from '../grade/report'
import type { WorkerJob, WorkerMessage, WorkerSetup } from './grade-worker'
import { intFlag, UsageError, type ParsedArgs } from './options'

/** The largest file graded: a notebook with its outputs is a few MB at most; a 50 MB file is not a submission. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024

/** A learner file: its id (the path as given, joined with the path below a directory, '/'-separated) and its path. */
export interface LearnerFile {
  id: string
  path: string
}

const LEARNER_FILE = /\.(py|ipynb)$/i

/** Every .py/.ipynb under the paths (dot-folders such as .ipynb_checkpoints skipped), by id, each id once. */
export function learnerFiles(paths: readonly string[]): LearnerFile[] {
  const out = new Map<string, LearnerFile>()
  const walk = (dir: string, id: string) => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      out.set(id, { id, path: dir })
      return
    }
    for (const e of entries.sort((a, b) => byId(a.name, b.name))) {
      if (e.name.startsWith('.')) continue
      const path = join(dir, e.name)
      const childId = `${id}/${e.name}`
      if (e.isDirectory()) walk(path, childId)
      else if ((e.isFile() || e.isSymbolicLink()) && LEARNER_FILE.test(e.name)) out.set(childId, { id: childId, path })
    }
  }
  for (const given of paths) {
    const id = given.replace(/\\/g, '/')
    let dir = false
    try {
      dir = statSync(given).isDirectory()
    } catch {
      // a path that can't be read is a learner whose row says so
    }
    if (dir) walk(given, id.replace(/\/+$/, '') || '/')
    else out.set(id, { id, path: given })
  }
  return [...out.values()].sort((a, b) => byId(a.id, b.id))
}

/** `--shard I/N`: 1 <= I <= N. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text)
  if (m === null) throw new UsageError(`--shard expects I/N (such as 2/8), got '${text}'`)
  const index = Number(m[1])
  const count = Number(m[2])
  if (count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${text}: I must be between 1 and N`)
  return { index, count }
}

/** The I-th of N deterministic slices of the files sorted by id: every N-th file, from the I-th. */
export function shardOf<T>(files: readonly T[], index: number, count: number): T[] {
  return files.filter((_, i) => i % count === index - 1)
}

export interface PoolOptions {
  jobs: number
  setup: WorkerSetup
  /** per-file wall clock, ms */
  fileMillis: number
  /** per-thread heap, MB */
  memoryMb: number
}

/** Grades the files in `jobs` worker threads; a file whose thread had to be stopped gets its row with the reason. */
export function gradeFiles(files: readonly LearnerFile[], opts: PoolOptions): Promise<LearnerResult[]> {
  const nodes = LECTURE_NAMES.nodes
  const results = new Map<string, LearnerResult>()
  const queue = [...files]
  const entry = new URL('./grade-worker.mjs', import.meta.url)
  let everReady = false
  return new Promise((resolve, reject) => {
    let live = 0
    const finish = () => {
      if (live === 0 && queue.length === 0) resolve(files.map((f) => results.get(f.id)!))
    }
    const spawn = () => {
      if (queue.length === 0) return finish()
      live++
      const worker = new Worker(entry, {
        workerData: opts.setup,
        resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb, maxYoungGenerationSizeMb: Math.min(64, opts.memoryMb / 4) },
        stdout: true,
        stderr: true
      })
      let current: LearnerFile | null = null
      let timer: ReturnType<typeof setTimeout> | null = null
      let done = false
      const next = () => {
        const file = queue.shift()
        if (file === undefined) {
          done = true
          void worker.terminate()
          return
        }
        current = file
        timer = setTimeout(() => end(`stopped: grading took longer than ${opts.fileMillis / 1000} s`), opts.fileMillis)
        worker.postMessage({ id: file.id, path: file.path } satisfies WorkerJob)
      }
      // the thread is gone (stopped, out of memory, crashed): its file's row says why, a new thread takes over
      const end = (reason: string) => {
        if (done) return
        done = true
        if (timer !== null) clearTimeout(timer)
        void worker.terminate()
        if (current !== null) results.set(current.id, stopped(current.id, reason, nodes))
        else if (!everReady) return reject(new Error(`the grade worker could not start: ${reason}`))
        live--
        spawn()
      }
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') everReady = true
        else {
          if (timer !== null) clearTimeout(timer)
          results.set(m.id, m.result)
          current = null
        }
        next()
      })
      worker.on('error', (e: Error & { code?: string }) =>
        end(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `stopped: ran out of memory (at most ${opts.memoryMb} MB)` : `stopped: the grader failed (${e.message.split('\n')[0]})`)
      )
      worker.on('exit', () => {
        if (!done) end('stopped: the grader thread exited')
        else {
          live--
          finish()
        }
      })
    }
    const n = Math.max(1, Math.min(opts.jobs, files.length))
    for (let i = 0; i < n; i++) spawn()
  })
}

function readReport(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`cannot read report '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`report '${path}' is not JSON`)
  }
}

function write(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text)
  } catch (e) {
    throw new UsageError(`cannot write the ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
}

/** Writes the report where the flags ask: stdout (JSON or text), --csv and --html files. */
function emit(args: ParsedArgs, report: ClassReport, json: object, notes: ReadonlyMap<string, readonly string[]>): void {
  const csv = args.flags.get('--csv')
  const html = args.flags.get('--html')
  if (typeof csv === 'string') write(csv, reportCSV(report), 'CSV')
  if (typeof html === 'string') write(html, reportHTML(report), 'HTML page')
  process.stdout.write((args.flags.has('--json') ? JSON.stringify(json) : reportText(report, notes)) + '\n')
}

/** `grade`: exit 0 when every file was graded or reported; 2 on usage errors. */
export async function gradeCommand(args: ParsedArgs, namesText: string): Promise<number> {
  for (const f of ['--csv', '--html']) if (args.flags.get(f) === '') throw new UsageError(`${f} needs a file name`)
  if (args.flags.has('--merge')) {
    for (const f of ['--shard', '--jobs', '--lesson']) if (args.flags.has(f)) throw new UsageError(`--merge takes no ${f}: the shard reports say what was graded`)
    if (args.positional.length === 0) throw new UsageError('usage: grade --merge REPORT.json... [--json] [--csv OUT] [--html OUT]')
    let report: ClassReport
    try {
      report = mergeReports(args.positional.map((p) => ({ name: p, json: readReport(p) })))
    } catch (e) {
      if (e instanceof MergeError) throw new UsageError(e.message)
      throw e
    }
    emit(args, report, report, new Map())
    return 0
  }
  if (args.positional.length === 0) throw new UsageError('usage: grade PATH... [--json] [--csv OUT] [--html OUT] [--jobs N] [--shard I/N]')
  const lessonPath = args.flags.get('--lesson')
  let lesson: { id: string; text: string } | undefined
  let names = LECTURE_NAMES.nodes
  let title = LECTURE_TITLE
  if (typeof lessonPath === 'string') {
    let text: string
    try {
      text = readFileSync(lessonPath, 'utf8')
    } catch (e) {
      throw new UsageError(`cannot read the lesson file '${lessonPath}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`)
    }
    lesson = { id: basename(lessonPath).replace(/\.py$/, ''), text }
    try {
      // built once here, so that a bad lesson file is one error before any learner is read
      const judge = lessonJudge(text, namesText, lesson.id)
      names = judge.lesson.nodes
      title = judge.lesson.title
    } catch (e) {
      if (e instanceof LessonError) throw new UsageError(`${lessonPath}:${e.line}:${e.col}: ${e.message}`)
      throw e
    }
  }
  const jobs = intFlag(args, '--jobs', availableParallelism(), 1)
  const shardText = args.flags.get('--shard')
  const shard = typeof shardText === 'string' ? parseShard(shardText) : null
  const fileMillis = intFlag(args, '--timeout', 60, 1) * 1000
  const memoryMb = intFlag(args, '--memory', 512, 64)
  const all = learnerFiles(args.positional)
  if (all.length === 0) throw new UsageError(`no .py or .ipynb file under ${args.positional.join(', ')}`)
  const files = shard === null ? all : shardOf(all, shard.index, shard.count)
  const results =
    files.length === 0 ? [] : await gradeFiles(files, { jobs, fileMillis, memoryMb, setup: { namesText, config: args.config, maxBytes: MAX_FILE_BYTES, ...(lesson === undefined ? {} : { lesson }) } })
  const answers: Owned[] = results.flatMap((r) => r.answers.map((answer) => ({ id: r.row.id, answer })))
  const report = buildReport(title, names, results.map((r) => r.row), answers)
  const notes = new Map(results.filter((r) => r.notes.length > 0).map((r) => [r.row.id, r.notes]))
  emit(args, report, shard === null ? report : shardReport(report, shard.index, shard.count, answers), notes)
  return 0
}


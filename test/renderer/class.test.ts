// The Class view's pure parts: which picked files are learners and their ids, reading bytes, grading one file as
// the worker does (each node's code and verdict kept), the report and row orders, and the worker pool (a runaway
// file stopped with its reason and its worker replaced, a file over the cap never read, a lesson that can't build).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { lectureJudge } from '../../src/core/grade/judge'
import { decodeSubmission, isLearnerFile, learnerIds, MAX_CLASS_FILE_BYTES, tooLarge } from '../../src/renderer/src/class/files'
import { ClassModel, hardestNodes, nextOrder, sortRows } from '../../src/renderer/src/class/model'
import { GradePool, type PoolFile } from '../../src/renderer/src/class/pool'
import { gradeFile, type FromWorker, type GradedFile, type ToWorker } from '../../src/renderer/src/worker/grade-protocol'
import type { WorkerLike } from '../../src/renderer/src/worker/client'
import { NAMES } from '../model'

const CORPUS = join(__dirname, '..', 'fixtures', 'corpus')
const corpus = (name: string) => new TextEncoder().encode(readFileSync(join(CORPUS, name), 'utf8'))

describe('picked files', () => {
  it('takes every file picked alone, and only .py/.ipynb outside dot-folders inside a folder', () => {
    expect(isLearnerFile({ name: 'notes.txt', path: '' })).toBe(true)
    expect(isLearnerFile({ name: 'a.py', path: 'class/a.py' })).toBe(true)
    expect(isLearnerFile({ name: 'a.IPYNB', path: 'class/sub/a.IPYNB' })).toBe(true)
    expect(isLearnerFile({ name: 'README.md', path: 'class/README.md' })).toBe(false)
    expect(isLearnerFile({ name: 'a-checkpoint.ipynb', path: 'class/.ipynb_checkpoints/a-checkpoint.ipynb' })).toBe(false)
  })

  it('gives each file its path or name as id, unique', () => {
    const ids = learnerIds([
      { name: 'a.py', path: '' },
      { name: 'a.py', path: '' },
      { name: 'a.py', path: 'x/a.py' },
      { name: 'a.py', path: '' }
    ])
    expect(ids).toEqual(['a.py', 'a.py (2)', 'x/a.py', 'a.py (3)'])
  })

  it('reads UTF-8 text, and says why a file is not', () => {
    expect(decodeSubmission(new TextEncoder().encode('dW2 = 1 # é'))).toBe('dW2 = 1 # é')
    expect(decodeSubmission(new Uint8Array([0x64, 0, 0x41]))).toEqual({ reason: 'not a text file (it holds NUL bytes)' })
    expect(decodeSubmission(new Uint8Array([0x64, 0xff, 0xfe]))).toEqual({ reason: 'not a text file (it is not UTF-8)' })
    expect(decodeSubmission(new Uint8Array(11), 10)).toEqual({ reason: 'the file is too large (0.0 MB; at most 0.0 MB)' })
    expect(tooLarge(MAX_CLASS_FILE_BYTES)).toBeNull()
    expect(tooLarge(50 * 1024 * 1024)).toBe('the file is too large (50.0 MB; at most 8.0 MB)')
  })
})

describe('grading one file as the worker does', () => {
  const judge = lectureJudge(NAMES)

  it('keeps each node’s cell and verdict beside the row', () => {
    const text = readFileSync(join(CORPUS, 'a01_reference_keepdim.py'), 'utf8').replace('db2 = dlogits.sum(0)', 'db2 = dlogits.sum(0) * 2')
    const graded = gradeFile(judge, 'x.py', 'x.py', new TextEncoder().encode(text))
    expect(graded.result.row.status).toBe('graded')
    expect(graded.result.row.passed).toBe(CHECK_ORDER.length - 1)
    expect(Object.keys(graded.details)).toEqual([...CHECK_ORDER])
    expect(graded.details.b2).toMatchObject({ status: 'fail', code: 'db2 = dlogits.sum(0) * 2' })
    expect(graded.details.b2.diagnosis).toMatch(/2 times the right answer/)
    expect(graded.details.W2).toEqual({ status: 'pass', diagnosis: '', code: 'dW2 = h.T @ dlogits' })
    expect(graded.result.answers.map((a) => a.node)).toEqual(['b2'])
  })

  it('gives a binary file its row with the reason, and a syntax error the program’s error', () => {
    const binary = gradeFile(judge, 'b.py', 'b.py', new Uint8Array([0x89, 0x50, 0, 1]))
    expect(binary.result.row).toMatchObject({ status: 'unreadable', error: 'not a text file (it holds NUL bytes)', passed: 0, total: CHECK_ORDER.length })
    expect(binary.details).toEqual({})
    const syntax = gradeFile(judge, 's.py', 's.py', corpus('b08_syntax_error.py'))
    expect(syntax.result.row.status).toBe('error')
    expect(syntax.result.row.error).toMatch(/line \d+, column \d+/)
  })

  it('builds the report and looks cells and clusters up', () => {
    const model = new ClassModel(judge.lesson.title, judge.lesson.nodes)
    const wrong = readFileSync(join(CORPUS, 'a01_reference_keepdim.py'), 'utf8').replace('db2 = dlogits.sum(0)', 'db2 = dlogits.sum(0) * 2')
    for (const id of ['w2.py', 'w1.py']) model.add(id, gradeFile(judge, id, id, new TextEncoder().encode(wrong)))
    model.add('ok.py', gradeFile(judge, 'ok.py', 'ok.py', corpus('a01_reference_keepdim.py')))
    model.add('bin.py', gradeFile(judge, 'bin.py', 'bin.py', new Uint8Array([0])))
    const report = model.report()
    expect(report.learners.map((r) => r.id)).toEqual(['bin.py', 'ok.py', 'w1.py', 'w2.py'])
    expect(report.nodes.b2.clusters).toHaveLength(1)
    expect(model.cluster('b2', 0)).toMatchObject({ count: 2, learners: ['w1.py', 'w2.py'], example: 'db2 = dlogits.sum(0) * 2' })
    expect(model.cluster('b2', 1)).toBeNull()
    expect(hardestNodes(report)).toEqual([{ node: 'b2', wrong: 2 }])
    expect(model.cell('w1.py', 'b2')).toMatchObject({ status: 'fail', code: 'db2 = dlogits.sum(0) * 2', problem: '', cells: [1] })
    expect(model.cell('bin.py', 'b2')).toMatchObject({ status: 'unreadable', problem: 'not a text file (it holds NUL bytes)', code: '' })
    expect(model.cell('nobody.py', 'b2')).toBeNull()
    expect(model.report()).toBe(report)
  })
})

describe('row orders', () => {
  const row = (id: string, passed: number, nodes?: Record<string, 'pass' | 'fail' | 'missing'>) => ({
    id,
    status: nodes === undefined ? ('unreadable' as const) : ('graded' as const),
    passed,
    total: 2,
    ...(nodes === undefined ? {} : { nodes })
  })
  const rows = [row('c', 1, { a: 'fail', b: 'pass' }), row('a', 2, { a: 'pass', b: 'pass' }), row('d', 0), row('b', 1, { a: 'pass', b: 'fail' })]
  const ids = (rs: { id: string }[]) => rs.map((r) => r.id)

  it('sorts by id, by score (ties by id), and by a node’s status', () => {
    expect(ids(sortRows(rows, { key: 'id', dir: 1 }))).toEqual(['a', 'b', 'c', 'd'])
    expect(ids(sortRows(rows, { key: 'id', dir: -1 }))).toEqual(['d', 'c', 'b', 'a'])
    expect(ids(sortRows(rows, { key: 'score', dir: -1 }))).toEqual(['a', 'b', 'c', 'd'])
    expect(ids(sortRows(rows, { key: 'score', dir: 1 }))).toEqual(['d', 'b', 'c', 'a'])
    expect(ids(sortRows(rows, { key: 'node:a', dir: -1 }))).toEqual(['d', 'c', 'a', 'b'])
  })

  it('starts a new column at its natural direction and flips the same one', () => {
    expect(nextOrder({ key: 'id', dir: 1 }, 'score')).toEqual({ key: 'score', dir: -1 })
    expect(nextOrder({ key: 'score', dir: -1 }, 'score')).toEqual({ key: 'score', dir: 1 })
    expect(nextOrder({ key: 'score', dir: -1 }, 'id')).toEqual({ key: 'id', dir: 1 })
    expect(nextOrder({ key: 'id', dir: 1 }, 'node:b2')).toEqual({ key: 'node:b2', dir: -1 })
  })
})

/** A grading worker that answers on a microtask: files whose name contains "hang" never answer. */
class FakeWorker implements WorkerLike {
  static all: FakeWorker[] = []
  static failSetup: string | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  terminated = false
  graded: string[] = []
  constructor() {
    FakeWorker.all.push(this)
  }
  postMessage(message: unknown) {
    const m = message as ToWorker
    let reply: FromWorker | null
    if (m.type === 'setup') reply = FakeWorker.failSetup === null ? { type: 'ready', title: 'T', nodes: ['a', 'b'] } : { type: 'failed', message: FakeWorker.failSetup }
    else {
      this.graded.push(m.id)
      const text = new TextDecoder().decode(m.bytes)
      reply = m.name.includes('hang')
        ? null
        : { type: 'graded', id: m.id, file: { result: { row: { id: m.id, status: 'graded', passed: text.length, total: 2, nodes: { a: 'pass', b: 'fail' } }, answers: [], notes: [] }, details: {} } }
    }
    if (reply !== null) queueMicrotask(() => !this.terminated && this.onmessage?.({ data: reply }))
  }
  terminate() {
    this.terminated = true
  }
}

describe('the grading pool', () => {
  beforeEach(() => {
    FakeWorker.all = []
    FakeWorker.failSetup = null
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  const file = (id: string, text = 'x', size = text.length): PoolFile => ({ id, name: id, size, read: async () => new TextEncoder().encode(text).buffer as ArrayBuffer })
  const run = (files: PoolFile[], workers = 2) => {
    const got = new Map<string, GradedFile>()
    const ready: string[] = []
    const pool = new GradePool(files, {
      setup: { lesson: null },
      createWorker: () => new FakeWorker(),
      workers,
      fileMillis: 1000,
      setupMillis: 5000,
      onReady: (title) => ready.push(title),
      onGraded: (id, f) => got.set(id, f)
    })
    return { pool, got, ready }
  }

  it('grades every file once, in a few workers', async () => {
    const { pool, got, ready } = run(['a', 'b', 'c', 'd', 'e'].map((id) => file(id, id.repeat(2))))
    await vi.runAllTimersAsync()
    await pool.done
    expect([...got.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(ready).toEqual(['T'])
    expect(FakeWorker.all).toHaveLength(2)
    expect(FakeWorker.all.flatMap((w) => w.graded).sort()).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(FakeWorker.all.every((w) => w.terminated)).toBe(true)
  })

  it('stops a file past its budget with the reason, and a new worker grades the rest', async () => {
    const { pool, got } = run([file('a'), file('hang.py'), file('c'), file('d')], 1)
    await vi.advanceTimersByTimeAsync(1500)
    await vi.runAllTimersAsync()
    await pool.done
    expect(got.get('hang.py')!.result.row).toMatchObject({ status: 'error', error: 'stopped: grading took longer than 1 s', nodes: { a: 'missing', b: 'missing' } })
    expect(got.get('d')!.result.row.status).toBe('graded')
    expect(FakeWorker.all).toHaveLength(2)
    expect(FakeWorker.all[0].terminated).toBe(true)
  })

  it('never reads a file over the size cap', async () => {
    const read = vi.fn(async () => new ArrayBuffer(0))
    const { pool, got } = run([{ id: 'big.ipynb', name: 'big.ipynb', size: 50 * 1024 * 1024, read }, file('a')])
    await vi.runAllTimersAsync()
    await pool.done
    expect(read).not.toHaveBeenCalled()
    expect(got.get('big.ipynb')!.result.row).toMatchObject({ status: 'unreadable', error: 'the file is too large (50.0 MB; at most 8.0 MB)' })
  })

  it('fails the run when the lesson cannot be built', async () => {
    FakeWorker.failSetup = 'line 3, column 1: no loss'
    const { pool, got } = run([file('a')])
    const failed = pool.done.catch((e: Error) => e.message)
    await vi.runAllTimersAsync()
    expect(await failed).toBe('line 3, column 1: no loss')
    expect(got.size).toBe(0)
  })

  it('stops every worker when cancelled', async () => {
    const { pool, got } = run([file('hang.py'), file('hang2.py'), file('c')])
    await vi.advanceTimersByTimeAsync(10)
    pool.cancel()
    await pool.done
    await vi.runAllTimersAsync()
    expect(got.size).toBe(0)
    expect(FakeWorker.all.every((w) => w.terminated)).toBe(true)
  })
})

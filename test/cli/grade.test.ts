// `grade` as a user runs it: the corpus against PyTorch's verdicts, bad files one by one, shards merged byte for
// byte, the CSV and page written, usage errors.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { lectureNotebook } from '../grade/lecture-notebook'

const ROOT = join(__dirname, '..', '..')
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus')
const tmp = mkdtempSync(join(tmpdir(), 'bpn-grade-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

interface Run {
  code: number
  stdout: string
  stderr: string
}

function cli(args: string[], cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'core', 'cli', 'main.ts'), ...args], { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr })
    )
  })
}

interface Row {
  id: string
  status: string
  error?: string
  cells?: number[]
  nodes?: Record<string, string>
  passed: number
  total: number
}

const noStack = (r: Run) => expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /m)

describe('grade on the corpus', () => {
  const expected = JSON.parse(readFileSync(join(CORPUS, 'expected_default.json'), 'utf8')) as {
    results: Record<string, { error: { kind: string } | null; nodes: Record<string, { status: string; borderline?: boolean; maxdiff?: number }> }>
  }
  let report: { lesson: { title: string }; learners: Row[]; nodes: Record<string, Record<string, unknown>> }
  beforeAll(async () => {
    const r = await cli(['grade', 'test/fixtures/corpus', '--json', '--jobs', '2'])
    expect(r.code).toBe(0)
    report = JSON.parse(r.stdout)
  })

  it("has the contract's shape: lesson, learners sorted by id, nodes in check order", () => {
    expect(Object.keys(report)).toEqual(['lesson', 'learners', 'nodes'])
    expect(report.learners.map((l) => l.id)).toEqual(Object.keys(expected.results).sort().map((f) => `test/fixtures/corpus/${f}`))
    expect(Object.keys(report.nodes)).toEqual([...CHECK_ORDER])
    for (const n of Object.values(report.nodes)) expect(Object.keys(n)).toEqual(['pass', 'shape', 'fail', 'missing', 'error', 'clusters'])
  })

  // as test/grader/corpus.test.ts: nodes PyTorch itself decides by float32 noise are not a fair test
  const cases = Object.entries(expected.results).flatMap(([file, want]) =>
    Object.entries(want.nodes)
      .filter(([, v]) => !v.borderline && !(v.status === 'fail' && (v.maxdiff ?? 1) < 3e-8))
      .map(([node, v]) => [file, node, v.status] as const)
  )
  it.each(cases)('%s: %s is %s, as PyTorch judges it', (file, node, status) => {
    const row = report.learners.find((l) => l.id === `test/fixtures/corpus/${file}`)!
    expect(row.nodes![node]).toBe(status)
  })

  it.each(Object.entries(expected.results))('%s has the status PyTorch implies', (file, want) => {
    const row = report.learners.find((l) => l.id === `test/fixtures/corpus/${file}`)!
    expect(row.status).toBe(want.error === null ? 'graded' : 'error')
    expect(row.passed).toBe(Object.values(row.nodes!).filter((s) => s === 'pass').length)
    if (want.error !== null) expect(row.error).toMatch(new RegExp(`^${want.error.kind === 'syntax' ? 'SyntaxError' : '\\w+Error'}: .*\\(line \\d+, column \\d+\\)$`))
  })
})

describe('grade on a class with bad files', () => {
  const dir = join(tmp, 'class')
  let rows: Map<string, Row>
  let run: Run
  beforeAll(async () => {
    mkdirSync(join(dir, 'sub', '.ipynb_checkpoints'), { recursive: true })
    writeFileSync(join(dir, 'good.py'), readFileSync(join(CORPUS, 'a01_reference_keepdim.py')))
    writeFileSync(join(dir, 'wrong1.py'), readFileSync(join(CORPUS, 'b02_missing_branch_counts.py')))
    writeFileSync(join(dir, 'sub', 'wrong2.py'), readFileSync(join(CORPUS, 'b02_missing_branch_counts.py')))
    writeFileSync(join(dir, 'whole.ipynb'), lectureNotebook())
    writeFileSync(join(dir, 'sub', '.ipynb_checkpoints', 'whole-checkpoint.ipynb'), lectureNotebook())
    writeFileSync(join(dir, 'notes.txt'), 'not a learner')
    writeFileSync(join(dir, 'binary.py'), Buffer.from([0x64, 0x43, 0x00, 0x01, 0xff, 0x3d]))
    writeFileSync(join(dir, 'latin1.py'), Buffer.from('dC = "caf\xe9"\n', 'latin1'))
    writeFileSync(join(dir, 'broken.ipynb'), '{"cells": [{"cell_type": "code", "source": ["dC = 1"')
    writeFileSync(join(dir, 'nodx.py'), 'import torch\nprint(loss.item())\n')
    writeFileSync(join(dir, 'syntax.py'), 'dlogprobs = torch.zeros_like(logprobs\n')
    writeFileSync(join(dir, 'loop.py'), 'dlogprobs = torch.zeros_like(logprobs)\nwhile True:\n    pass\n')
    writeFileSync(join(dir, 'recursion.py'), 'def f(x):\n    return f(x)\ndlogprobs = f(1)\n')
    writeFileSync(join(dir, 'hostile.py'), 'import os\nos.system("touch /tmp/bpn-pwned")\ndlogprobs = open("/etc/passwd").read()\n')
    writeFileSync(join(dir, 'escape.py'), "dlogprobs = ().__class__.__base__.__subclasses__()\n")
    writeFileSync(join(dir, 'big-tensor.py'), 'dlogprobs = torch.zeros(10**9)\n')
    writeFileSync(join(dir, 'memory.py'), 'dlogprobs = torch.zeros_like(logprobs)\nx = [[0] * 10_000_000 for i in range(60)]\n')
    writeFileSync(join(dir, 'huge.py'), Buffer.alloc(50 * 1024 * 1024, 0x61))
    run = await cli(['grade', dir, '--json', '--memory', '256'])
    rows = new Map((JSON.parse(run.stdout).learners as Row[]).map((r) => [r.id.slice(dir.length + 1), r]))
  })

  it('gives every learner file a row, exits 0 and prints no stack trace', () => {
    expect(run.code).toBe(0)
    noStack(run)
    expect([...rows.keys()].sort()).toEqual(
      ['big-tensor.py', 'binary.py', 'broken.ipynb', 'escape.py', 'good.py', 'hostile.py', 'huge.py', 'latin1.py', 'loop.py', 'memory.py', 'nodx.py', 'recursion.py', 'sub/wrong2.py', 'syntax.py', 'whole.ipynb', 'wrong1.py'].sort()
    )
  })

  it('grades the good files: a pasted cell, and a whole lecture notebook by its exercise cells', () => {
    expect(rows.get('good.py')).toMatchObject({ status: 'graded', cells: [1], passed: 26, total: 26 })
    expect(rows.get('whole.ipynb')).toMatchObject({ status: 'graded', cells: [12, 13, 14], passed: 26 })
    expect(rows.get('wrong1.py')).toMatchObject({ status: 'graded', passed: 5 })
  })

  it.each([
    ['binary.py', /^not a text file \(it holds NUL bytes\)$/],
    ['latin1.py', /^not a text file \(it is not UTF-8\)$/],
    ['broken.ipynb', /^a broken notebook: its JSON does not parse/],
    ['nodx.py', /^no cell assigns a gradient of the lesson/],
    ['huge.py', /^the file is too large \(50\.0 MB; at most 8\.0 MB\)$/]
  ])('%s is unreadable: %s', (file, reason) => {
    const row = rows.get(file)!
    expect(row.status).toBe('unreadable')
    expect(row.error).toMatch(reason)
    expect(row.nodes).toBeUndefined()
  })

  it.each([
    ['syntax.py', /^SyntaxError: '\(' was never closed \(line 1, column \d+\)$/],
    ['loop.py', /^LimitError: .*runaway loop.* \(line 2, column \d+\)$/],
    ['recursion.py', /^(RecursionError|LimitError): /],
    ['hostile.py', /^ModuleNotFoundError: No module named 'os'/],
    ['escape.py', /Error: /],
    ['big-tensor.py', /^LimitError: /],
    ['memory.py', /^(stopped: ran out of memory \(at most 256 MB\)|LimitError: .*)$/]
  ])('%s has status error, one readable line, and its verdicts', (file, reason) => {
    const row = rows.get(file)!
    expect(row.status).toBe('error')
    expect(row.error).toMatch(reason)
    expect(row.error).not.toMatch(/\n/)
    expect(Object.keys(row.nodes!)).toEqual([...CHECK_ORDER])
  })

  it('clusters the same mistake of two learners', () => {
    const clusters = (JSON.parse(run.stdout).nodes.counts.clusters as { count: number; learners: string[]; diagnosis: string; example: string }[])
    expect(clusters[0]).toMatchObject({ count: 2, learners: [join(dir, 'sub/wrong2.py'), join(dir, 'wrong1.py')] })
    expect(clusters[0].diagnosis).toMatch(/only the gradient through probs/)
    expect(clusters[0].example).toMatch(/^dcounts = /m)
  })

  it('stops a file that runs past the wall-clock cap and grades the rest', async () => {
    const slow = join(tmp, 'slow')
    mkdirSync(slow)
    writeFileSync(join(slow, 'good.py'), readFileSync(join(CORPUS, 'a01_reference_keepdim.py')))
    writeFileSync(join(slow, 'slow.py'), 'dlogprobs = torch.zeros_like(logprobs)\nfor i in range(100000):\n    x = torch.randn(1000, 1000) @ torch.randn(1000, 1000)\n')
    const r = await cli(['grade', slow, '--json', '--timeout', '1', '--jobs', '1'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout).learners as Row[]
    expect(out.map((x) => [x.id.slice(slow.length + 1), x.status, x.error ?? null])).toEqual([
      ['good.py', 'graded', null],
      ['slow.py', 'error', 'stopped: grading took longer than 1 s']
    ])
  })
})

describe('grade in shards', () => {
  it('3 shards merged equal the unsharded run, byte for byte, and write the same CSV and page', async () => {
    const paths = ['test/fixtures/corpus', join(tmp, 'nb.ipynb')]
    writeFileSync(paths[1], lectureNotebook({ exercise3: 'dhprebn = bngain * bnvar_inv * dhpreact' }))
    const whole = await cli(['grade', ...paths, '--json', '--csv', join(tmp, 'whole.csv'), '--html', join(tmp, 'whole.html')])
    expect(whole.code).toBe(0)
    const files: string[] = []
    for (const i of [1, 2, 3]) {
      const r = await cli(['grade', ...paths, '--json', '--shard', `${i}/3`, '--jobs', '1'])
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout).shard).toMatchObject({ index: i, count: 3 })
      files.push(join(tmp, `shard${i}.json`))
      writeFileSync(files[i - 1], r.stdout)
    }
    const merged = await cli(['grade', '--merge', files[2], files[0], files[1], '--json', '--csv', join(tmp, 'merged.csv'), '--html', join(tmp, 'merged.html')])
    expect(merged.code).toBe(0)
    expect(merged.stdout).toBe(whole.stdout)
    expect(readFileSync(join(tmp, 'merged.csv'), 'utf8')).toBe(readFileSync(join(tmp, 'whole.csv'), 'utf8'))
    expect(readFileSync(join(tmp, 'merged.html'), 'utf8')).toBe(readFileSync(join(tmp, 'whole.html'), 'utf8'))
    const missing = await cli(['grade', '--merge', files[0], files[2]])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('backprop-ninja: shard 2/3 is missing\n')
  })
})

describe('grade usage', () => {
  it.each([
    [['grade'], /^backprop-ninja: usage: grade PATH/],
    [['grade', 'x', '--shard', '4/3'], /--shard 4\/3: I must be between 1 and N/],
    [['grade', 'x', '--shard', 'two'], /--shard expects I\/N/],
    [['grade', 'x', '--jobs', '0'], /--jobs must be at least 1/],
    [['grade', 'test/fixtures/corpus', '--lesson', 'l.py'], /cannot read the lesson file 'l.py': no such file/],
    [['grade', '--merge'], /usage: grade --merge/],
    [['grade', '--merge', 'nope.json'], /cannot read report 'nope.json'/],
    [['grade', join(ROOT, 'docs')], /no \.py or \.ipynb file under/]
  ])('%j exits 2 with one line', async (args, message) => {
    const r = await cli(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('a path that does not exist is a row of its own', async () => {
    const r = await cli(['grade', 'nope.py', join(CORPUS, 'a01_reference_keepdim.py'), '--json'])
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.stdout).learners as Row[]
    expect(rows.find((x) => x.id === 'nope.py')).toMatchObject({ status: 'unreadable', error: 'cannot read it: no such file' })
  })

  it('has --help', async () => {
    const r = await cli(['grade', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/usage: backprop-ninja grade PATH/)
    expect(r.stdout).toMatch(/--shard I\/N/)
  })
})

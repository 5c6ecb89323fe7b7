// The real command line, spawned as a user would run it (each spawn takes about half a second).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { checkFile, checkTable } from '../../src/core/cli/check'
import { exportPy } from '../../src/core/grader/export'
import { model } from '../model'

const ROOT = join(__dirname, '..', '..')
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus')
const tmp = mkdtempSync(join(tmpdir(), 'bpn-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs `backprop-ninja ARGS` (node with tsx's loader, as `npm run cli` does), with extra node flags first. */
function cli(args: string[], nodeFlags: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', ...nodeFlags, join(ROOT, 'src', 'core', 'cli', 'main.ts'), ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr })
    )
  })
}

const stackLines = (text: string) => text.split('\n').filter((l) => /^\s+at /.test(l))

describe.concurrent('the backprop-ninja command line', () => {
  it('prints the cmp() table for a right solution and exits 0', async () => {
    const r = await cli(['check', join(CORPUS, 'a01_reference_keepdim.py')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rows = r.stdout.split('\n').filter((l) => /^\w+\s+\| PASS/.test(l))
    expect(rows.map((l) => l.split(' ')[0])).toEqual([...CHECK_ORDER])
    expect(r.stdout).toMatch(/^logprobs\s+\| PASS\s+\| exact: True\s+\| approximate: True\s+\| maxdiff: 0\.0$/m)
    expect(r.stdout).toContain('26/26 pass, 0 shape, 0 fail, 0 missing')
  })

  it("prints the contract's JSON for a wrong solution and exits 1", async () => {
    const r = await cli(['check', join(CORPUS, 'b02_missing_branch_counts.py'), '--json'])
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out)).toEqual(['config', 'loss', 'error', 'nodes', 'summary'])
    expect(out.error).toBeNull()
    expect(out.config).toMatchObject({ seed: 2147483647, n_hidden: 64, batch_size: 32, vocab_size: 27 })
    expect(Object.keys(out.nodes)).toEqual([...CHECK_ORDER])
    for (const v of Object.values(out.nodes) as Record<string, unknown>[])
      expect(Object.keys(v)).toEqual(expect.arrayContaining(['status', 'exact', 'approximate', 'maxdiff', 'shape', 'expected_shape']))
    expect(out.nodes.counts).toMatchObject({ status: 'fail', exact: false, approximate: false, shape: [32, 27], expected_shape: [32, 27] })
    expect(out.nodes.probs.status).toBe('pass')
    expect(Object.values(out.summary).reduce((a: number, b) => a + (b as number), 0)).toBe(26)
  })

  it('with --isolated, judges each cell alone and reports a NameError at its line in the file', async () => {
    const cells = new Map<string, string>(Object.entries(REFERENCE_CELLS))
    cells.set('W2', 'dW2 = h.T @ dlogit')
    const text = exportPy(cells)
    const file = join(tmp, 'isolated.py')
    writeFileSync(file, text)
    const r = await cli(['check', file, '--isolated', '--json'])
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.error).toMatchObject({ kind: 'runtime', line: text.split('\n').indexOf('dW2 = h.T @ dlogit') + 1, col: 13 })
    expect(out.error.message).toMatch(/^NameError: name 'dlogit' is not defined/)
    expect(out.summary).toEqual({ pass: 25, shape: 0, fail: 0, missing: 0, error: 1 })
  })

  it('rejects an unknown option with exit 2 and one line on stderr, no stack trace even with --debug', async () => {
    const r = await cli(['check', join(CORPUS, 'a01_reference_keepdim.py'), '--isolate', '--debug'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("backprop-ninja: unknown option --isolate for 'check'\n")
  })

  it('exits 2 with one readable line when the solution file does not exist', async () => {
    const r = await cli(['check', join(tmp, 'nope.py')])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`backprop-ninja: cannot read solution file '${join(tmp, 'nope.py')}': no such file\n`)
  })

  it('shows a stack trace for an internal error only with --debug', async () => {
    // an unexpected exception inside the command: writing the output fails
    const boom = join(tmp, 'boom.mjs')
    writeFileSync(boom, "process.stdout.write = () => { throw new Error('boom') }\n")
    const file = join(CORPUS, 'a01_reference_keepdim.py')
    const [plain, debug] = await Promise.all([cli(['check', file], ['--import', boom]), cli(['check', file, '--debug'], ['--import', boom])])
    expect(plain.code).toBe(2)
    expect(plain.stderr).toBe('backprop-ninja: internal error: boom\n')
    expect(debug.code).toBe(2)
    expect(debug.stderr.split('\n')[0]).toBe('backprop-ninja: internal error: boom')
    expect(stackLines(debug.stderr).length).toBeGreaterThan(0)
  })

  it('dumps JSON whose config echoes --n-hidden 16 --batch-size 8', async () => {
    const r = await cli(['dump', '--json', '--n-hidden', '16', '--batch-size', '8'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.config).toEqual({ seed: 2147483647, bn_seed: 42, shuffle_seed: 42, n_embd: 10, n_hidden: 16, block_size: 3, batch_size: 8, vocab_size: 27 })
    expect(out.tensors.h.shape).toEqual([8, 16])
    expect(out.grads.W1.shape).toEqual([30, 16])
    expect(out.ix).toHaveLength(8)
  })

  it('refuses a config too large to build, as a usage error', async () => {
    const r = await cli(['dump', '--json', '--batch-size', '100000', '--n-hidden', '1000'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^backprop-ninja: this config is too large: the hidden layer would be \(100000, 1000\)/)
    expect(r.stderr.split('\n')).toHaveLength(2)
  })
})

describe("the check table's numbers", () => {
  it("prints maxdiff as Python's cmp() does: 0.0 and 2.384185791015625e-07, not 0 and 2.384185791015625e-7", () => {
    const { result } = checkFile(model(), REFERENCE_CELLS.logprobs, false)
    result.nodes.logprobs.maxdiff = 2.384185791015625e-7
    const table = checkTable(result)
    expect(table).toMatch(/^logprobs +\| PASS +\| exact: True +\| approximate: True +\| maxdiff: 2\.384185791015625e-07$/m)
    result.nodes.logprobs.maxdiff = 0
    expect(checkTable(result)).toMatch(/maxdiff: 0\.0$/m)
  })
})

describe('the command line writing into a pipe that closes early', () => {
  it('ends quietly with exit 0, as `dump --json | head` expects', async () => {
    const { spawn } = await import('node:child_process')
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'core', 'cli', 'main.ts'), 'dump', '--json'], { cwd: ROOT })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(0)
    expect(stackLines(stderr)).toEqual([])
  })
})

describe('what the learner code prints', () => {
  it('comes before the table on stdout, and on stderr beside --json', async () => {
    const file = join(tmp, 'prints.py')
    writeFileSync(file, 'print("shape", probs.shape)\ndprobs = probs\n')
    const table = await cli(['check', file])
    expect(table.stdout.startsWith('shape torch.Size([32, 27])\n')).toBe(true)
    const json = await cli(['check', file, '--json'])
    expect(() => JSON.parse(json.stdout)).not.toThrow()
    expect(json.stderr).toContain('shape torch.Size([32, 27])')
  })
})

// The command line as a new user meets it: help for every command, dump's summary, train's defaults and its
// solution file, progress that suits a pipe, and check's table for chained mistakes and exercises 2-3.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { checkExitCode, checkFile, checkJSON, checkTable } from '../../src/core/cli/check'
import { COMMANDS } from '../../src/core/cli/commands'
import { parseArgs } from '../../src/core/cli/options'
import { FUSED } from '../../src/core/exercise/exercises'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { appendFusedCells } from '../../src/core/grader/exercise-sections'
import { exportPy } from '../../src/core/grader/export'
import { model } from '../model'

const ROOT = join(__dirname, '..', '..')
const tmp = mkdtempSync(join(tmpdir(), 'bpn-commands-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'core', 'cli', 'main.ts'), ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr })
    )
  })
}

const flagsOf = (command: string) => new Map(COMMANDS.get(command)!.flags.map(([flag, kind]) => [flag, kind]))

describe.concurrent('help', () => {
  it.each(['dump', 'check', 'train', 'grade', 'bench'])('%s --help prints its usage and options and exits 0', async (command) => {
    const r = await cli([command, '--help'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(new RegExp(`^usage: backprop-ninja ${command}\\b`))
    for (const [flag] of COMMANDS.get(command)!.flags) expect(r.stdout).toContain(flag)
    expect(r.stdout).toContain('--n-hidden N')
  })

  it('--help alone lists every command', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    for (const command of COMMANDS.keys()) expect(r.stdout).toMatch(new RegExp(`^  ${command}\\s`, 'm'))
  })

  it('a command without --json still refuses unknown options', async () => {
    const r = await cli(['check', '--jsn'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("backprop-ninja: unknown option --jsn for 'check'\n")
  })
})

describe.concurrent('dump without --json', () => {
  it('prints a summary a person can read: config, data, batch, loss, every node with its shape', async () => {
    const r = await cli(['dump', '--n-hidden', '16'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('n_hidden 16')
    expect(r.stdout).toMatch(/^loss: {2}\d\.\d{6}$/m)
    for (const k of CHECK_ORDER) expect(r.stdout).toMatch(new RegExp(`^${k}\\s+(parameter|intermediate)\\s+\\[`, 'm'))
    expect(r.stdout).toMatch(/^emb\s+intermediate\s+\[32, 3, 10\]$/m)
    expect(r.stdout).toMatch(/^W2\s+parameter\s+\[16, 27\]$/m)
  })
})

describe('train', () => {
  it('trains with the hidden layer of 200 that exercise 4 uses, unless --n-hidden says otherwise', () => {
    const train = COMMANDS.get('train')!
    expect(parseArgs(['train'], flagsOf('train'), train.defaults).config.n_hidden).toBe(200)
    expect(parseArgs(['train', '--n-hidden', '64'], flagsOf('train'), train.defaults).config.n_hidden).toBe(64)
    expect(parseArgs(['check', 'x.py'], flagsOf('check'), COMMANDS.get('check')!.defaults).config.n_hidden).toBe(64)
  })

  it('takes a solution file given as FILE, as --solution does', async () => {
    const file = join(tmp, 'broken.py')
    writeFileSync(file, 'dlogprobs = torch.zeros_like(logprobs)\n')
    const positional = await cli(['train', file, '--steps', '2', '--n-hidden', '16', '--json'])
    const flag = await cli(['train', '--solution', file, '--steps', '2', '--n-hidden', '16', '--json'])
    // a backward pass that defines only dlogprobs can't train: both refuse it the same way
    expect(positional.code).toBe(1)
    expect(positional.stderr).not.toBe('')
    expect(positional).toEqual(flag)
  })

  it('refuses two different solution files with one line', async () => {
    const r = await cli(['train', 'a.py', '--solution', 'b.py'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("backprop-ninja: two solution files: 'a.py' and --solution 'b.py' (give one)\n")
  })

  it('writes plain progress lines, no carriage returns, into a pipe', async () => {
    const r = await cli(['train', '--steps', '2000', '--n-hidden', '16', '--samples', '2'])
    expect(r.code).toBe(0)
    expect(r.stderr).not.toContain('\r')
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([expect.stringMatching(/^step +1000\/2000 {2}loss \d/), expect.stringMatching(/^step +2000\/2000 {2}loss \d/)])
    expect(r.stdout).toMatch(/^trained 2000 steps/)
  })
})

describe('check in chained mode', () => {
  const text = [
    'dlogprobs = torch.zeros_like(logprobs)',
    'dlogprobs[range(n), Yb] = -1.0/n',
    'dprobs = (1.0/probs) * dlogprobs * 2',
    'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)',
    'dcounts_sum = -counts_sum**-2 * dcounts_sumx_inv'
  ].join('\n')
  const checked = checkFile(model(), text, false)
  const table = checkTable(checked)

  it('heads the table with the error and says ERROR in the row of the cell that raised', () => {
    expect(table.split('\n')[0]).toMatch(/^error: NameError: name 'dcounts_sumx_inv' is not defined.*\(line 5, column 33\), in the cell of dcounts_sum$/)
    expect(table).toMatch(/^counts_sum {6}\| ERROR {3}\| NameError: name 'dcounts_sumx_inv' is not defined/m)
    expect(table).toMatch(/^counts {10}\| MISSING \| not reached: the program stopped at line 5$/m)
  })

  it('marks a failure that flows in from a failing upstream cell, and not the cell that is wrong itself', () => {
    const rows = table.split('\n')
    const after = (name: string) => rows.slice(rows.findIndex((l) => l.startsWith(`${name} `)) + 1)
    const notesOf = (name: string) => after(name).slice(0, after(name).findIndex((l) => !l.startsWith(' ')))
    expect(notesOf('counts_sum_inv').join('\n')).toContain('chained: computed from your dprobs, which does not pass')
    expect(notesOf('probs').join('\n')).not.toContain('chained:')
  })

  it('keeps the JSON to the contract: the ERROR node is missing there, with the reason in its message', () => {
    const json = checkJSON(checked) as { nodes: Record<string, { status: string; message?: string }> }
    expect(Object.keys(json)).toEqual(['config', 'loss', 'error', 'nodes', 'summary'])
    expect(json.nodes.counts_sum).toMatchObject({ status: 'missing', message: expect.stringContaining('this cell raised NameError') })
    expect(json.nodes.counts_sum_inv.message).toContain('computed from your dprobs')
  })
})

describe("check on the app's export with exercises 2 and 3", () => {
  const py = exportPy(new Map(Object.entries(REFERENCE_CELLS)))
  const file = appendFusedCells(py, [
    { id: 2, code: FUSED[2].reference, target: 'logits' },
    { id: 3, code: 'dhprebn = dhpreact * 2', target: 'hprebn' }
  ])
  const checked = checkFile(model(), file, false)

  it('judges each exercise and lists it after the 26 rows', () => {
    const rows = checkTable(checked).split('\n')
    const last = rows.findIndex((l) => l.startsWith('C '))
    expect(rows.slice(last + 1).filter((l) => /^exercise \d +\|/.test(l))).toEqual([expect.stringMatching(/^exercise 2 +\| PASS /), expect.stringMatching(/^exercise 3 +\| FAIL /)])
    expect(checked.result.summary.pass).toBe(26)
  })

  it('adds their verdicts to the JSON and fails the exit code on the wrong one', () => {
    const json = checkJSON(checked) as { exercises: Record<string, { status: string }> }
    expect(json.exercises['2'].status).toBe('pass')
    expect(json.exercises['3'].status).toBe('fail')
    expect(checkExitCode(checked)).toBe(1)
    expect(checkExitCode(checkFile(model(), py, false))).toBe(0)
  })

  it('leaves a file without such sections exactly as before', () => {
    expect(Object.keys(checkJSON(checkFile(model(), py, false)))).toEqual(['config', 'loss', 'error', 'nodes', 'summary'])
  })
})

describe('bench --row', () => {
  it("times one learner file alone and prints its row as JSON: the compiled path and whether the product's multiply-adds are fused", async () => {
    const r = await cli(['bench', '--row', 'fused_index_add.py', '--row-steps', '3', '--json'])
    expect(r.code).toBe(0)
    const row = JSON.parse(r.stdout)
    expect(row).toMatchObject({ file: 'fused_index_add.py', path: 'compiled', reason: null })
    expect(row.ms_per_step).toBeGreaterThan(0)
    // the CLI turns relaxed SIMD on where Node's V8 still has it behind a flag
    expect(row.fused_multiply_add).toBe(true)
  })

  it('names the files it knows when given another', async () => {
    const r = await cli(['bench', '--row', 'mine.py', '--json'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--row expects one of exercise1_cells.py, fused_loop.py, fused_index_add.py')
  })
})

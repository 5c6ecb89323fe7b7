// The app's verdicts against real PyTorch: export a solution, run it in the lecture's notebook setup with
// reference/run_export_torch.py, and compare the cmp() table PyTorch prints with what the app says.
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CHECK_ORDER, type ModelConfig } from '../../src/core/api'
import { checkFile } from '../../src/core/cli/check'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { exportPy } from '../../src/core/grader/export'
import { model } from '../model'

const PYTHON = '/usr/bin/python3'
const ROOT = join(__dirname, '..', '..')
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0
if (!hasTorch) console.warn(`skipping the PyTorch comparison: ${PYTHON} has no torch (apt-get install python3-torch)`)

interface TorchRun {
  table: string
  error: { kind: string; line: number; message: string } | null
  rows: Record<string, { exact: boolean; approximate: boolean; maxdiff: number; borderline: boolean }>
}

function runTorch(file: string, config: Partial<ModelConfig>): Promise<TorchRun> {
  const kv = Object.entries(config).map(([k, v]) => `${k}=${v}`)
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [join(ROOT, 'reference', 'run_export_torch.py'), join(ROOT, 'data', 'names.txt'), file, ...kv], { cwd: join(ROOT, 'reference') }, (error, stdout, stderr) =>
      error ? reject(new Error(`run_export_torch.py failed: ${stderr}`)) : resolve(JSON.parse(stdout))
    )
  })
}

// the reference with typical mistakes: a missing branch (everything below hprebn goes wrong), keepdim dropped on
// bngain and added on b2 (allclose only through broadcasting: status shape), and a flipped sign on W2
const wrong = new Map<string, string>(Object.entries(REFERENCE_CELLS))
wrong.set('hprebn', 'dhprebn = dbndiff.clone()')
wrong.set('bngain', 'dbngain = (bnraw * dhpreact).sum(0)')
wrong.set('b2', 'db2 = dlogits.sum(0, keepdim=True)')
wrong.set('W2', 'dW2 = -(h.T @ dlogits)')
const SHAPE_ONLY = new Set(['bngain', 'b2'])

const ODD = { seed: 7, bn_seed: 3, shuffle_seed: 1, n_embd: 5, n_hidden: 100, block_size: 4, batch_size: 17 }
const cases: [string, Map<string, string>, Partial<ModelConfig>][] = [
  ['the reference solution, default config', new Map(Object.entries(REFERENCE_CELLS)), {}],
  ['a solution with four mistakes, odd config', wrong, ODD]
]

describe.skipIf(!hasTorch).each(cases)('PyTorch runs the exported .py of %s', (_label, cells, config) => {
  const dir = mkdtempSync(join(tmpdir(), 'bpn-torch-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'solution.py')
  const text = exportPy(cells)
  writeFileSync(file, text)
  const app = checkFile(model(config), text, false).result
  // the describe body still runs when skipped: start PyTorch only where there is one
  let run: Promise<TorchRun> | undefined
  const torchRun = (): Promise<TorchRun> => (run ??= runTorch(file, config))

  it('prints a cmp() row for every node without raising', async () => {
    const t = await torchRun()
    expect(t.error).toBeNull()
    expect(Object.keys(t.rows)).toEqual([...CHECK_ORDER])
    expect(app.error).toBeNull()
  })

  it('says approximate True or False for the same nodes as the app (nodes at the edge of allclose aside)', async () => {
    const t = await torchRun()
    const fair = CHECK_ORDER.filter((k) => !t.rows[k].borderline)
    expect(fair.length).toBeGreaterThan(20)
    const theirs = Object.fromEntries(fair.map((k) => [k, t.rows[k].approximate]))
    const ours = Object.fromEntries(fair.map((k) => [k, app.nodes[k].approximate]))
    expect(ours).toEqual(theirs)
  })

  it("passes exactly the nodes PyTorch's table calls approximate with the right shape", async () => {
    const t = await torchRun()
    for (const k of CHECK_ORDER.filter((x) => !t.rows[x].borderline)) {
      const expected = t.rows[k].approximate ? (cells === wrong && SHAPE_ONLY.has(k) ? 'shape' : 'pass') : 'fail'
      expect([k, app.nodes[k].status]).toEqual([k, expected])
    }
  })
})

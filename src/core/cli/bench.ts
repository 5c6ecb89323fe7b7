// `bench`: the project's own benchmark. Reports figures (and PyTorch's, side by side, when Debian's python3-torch is
// there); it never fails on a number.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHECK_ORDER } from '../api'
import { buildModel } from '../exercise/model'
import { learnerBackward } from '../exercise/learner-backward'
import { replayFused } from '../kernels/replay'
import { Trainer, train } from '../exercise/train'
import { REFERENCE_CELLS } from '../exercise/reference-cells'
import { Grader } from '../grader/check'
import { gradeFiles, learnerFiles, MAX_FILE_BYTES } from './grade'
import { intFlag, UsageError, type ParsedArgs } from './options'

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

const r3 = (x: number) => Math.round(x * 1000) / 1000

/** PyTorch's timing of the same loop (reference/bench_train.py), or null when torch isn't installed. */
function pytorchTrain(steps: number, args: ParsedArgs, names: string | null): Record<string, number> | null {
  const python = process.env.PYTHON ?? '/usr/bin/python3'
  const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' })
  if (probe.status !== 0) return null
  const script = fileURLToPath(new URL('../../../reference/bench_train.py', import.meta.url))
  const namesPath = names ?? fileURLToPath(new URL('../../../data/names.txt', import.meta.url))
  const c = args.config
  const r = spawnSync(
    python,
    [script, namesPath, '--steps', String(steps), '--n-hidden', '200', '--seed', String(c.seed), '--bn-seed', String(c.bn_seed),
      '--shuffle-seed', String(c.shuffle_seed), '--n-embd', String(c.n_embd), '--block-size', String(c.block_size), '--batch-size', String(c.batch_size)],
    { encoding: 'utf8' }
  )
  if (r.status !== 0) return null
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '')
  } catch {
    return null
  }
}

/** `grade` over the corpus replicated to `count` files in a temporary folder, in one worker thread per core. */
async function gradeBench(count: number, args: ParsedArgs, namesText: string): Promise<{ files: number; jobs: number; seconds: number; files_per_second: number }> {
  const corpus = fileURLToPath(new URL('../../../test/fixtures/corpus/', import.meta.url))
  const sources = readdirSync(corpus)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => readFileSync(join(corpus, f), 'utf8'))
  const dir = mkdtempSync(join(tmpdir(), 'bpn-grade-bench-'))
  try {
    for (let i = 0; i < count; i++) writeFileSync(join(dir, `learner${String(i).padStart(5, '0')}.py`), sources[i % sources.length])
    const jobs = availableParallelism()
    const t0 = performance.now()
    const files = learnerFiles([dir])
    await gradeFiles(files, { jobs, fileMillis: 60_000, memoryMb: 512, setup: { namesText, config: args.config, maxBytes: MAX_FILE_BYTES } })
    const seconds = (performance.now() - t0) / 1000
    return { files: files.length, jobs, seconds: r3(seconds), files_per_second: r3(files.length / seconds) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The learner files the bench trains with (bench/learner/, copied from the shared reference). */
const LEARNER_FILES = ['exercise1_cells.py', 'fused_loop.py', 'fused_index_add.py'] as const

/** PyTorch running a learner file every step (reference/bench_learner_train.py), or the reason it could not. */
function pytorchLearner(file: string, steps: number, args: ParsedArgs, names: string | null): Record<string, number> | string {
  const python = process.env.PYTHON ?? '/usr/bin/python3'
  const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' })
  if (probe.status !== 0) return `${python} has no torch`
  const script = fileURLToPath(new URL('../../../reference/bench_learner_train.py', import.meta.url))
  const namesPath = names ?? fileURLToPath(new URL('../../../data/names.txt', import.meta.url))
  const c = args.config
  const r = spawnSync(
    python,
    [script, namesPath, file, '--steps', String(steps), '--n-hidden', '200', '--seed', String(c.seed), '--bn-seed', String(c.bn_seed),
      '--shuffle-seed', String(c.shuffle_seed), '--n-embd', String(c.n_embd), '--block-size', String(c.block_size), '--batch-size', String(c.batch_size)],
    { encoding: 'utf8' }
  )
  if (r.status !== 0) return `bench_learner_train.py failed: ${(r.stderr ?? '').trim().split('\n').pop()}`
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '')
  } catch {
    return 'bench_learner_train.py printed no JSON'
  }
}

/** Trains with a learner file in this process: the first step (traced, or interpreted) apart, then the steady per-step time. */
function appRow(namesText: string, args: ParsedArgs, name: string, steps: number) {
  const file = fileURLToPath(new URL(`../../../bench/learner/${name}`, import.meta.url))
  const backward = learnerBackward(readFileSync(file, 'utf8'))
  const trainer = new Trainer(namesText, { ...args.config, n_hidden: 200 }, steps + 1, 100_000, backward)
  const t0 = performance.now()
  trainer.run(1)
  const first = performance.now() - t0
  const t1 = performance.now()
  trainer.run(steps)
  const ms = (performance.now() - t1) / steps
  return { file: name, path: backward.path.kind, reason: backward.path.reason, first_step_ms: r3(first), ms_per_step: r3(ms), fused_multiply_add: replayFused() }
}

type AppRow = ReturnType<typeof appRow>

/**
 * The app's row for a learner file, timed in a fresh process as PyTorch's is (`bench --row FILE`): rows timed one
 * after another in one process share the JIT's type feedback, which slows the later ones by a few percent. In this
 * process when a child cannot be started.
 */
function appRowInChild(namesText: string, args: ParsedArgs, name: string, steps: number): AppRow {
  const c = args.config
  const model = ['--seed', c.seed, '--bn-seed', c.bn_seed, '--shuffle-seed', c.shuffle_seed, '--n-embd', c.n_embd, '--block-size', c.block_size, '--batch-size', c.batch_size].map(String)
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, process.argv[1], 'bench', '--row', name, '--row-steps', String(steps), '--json', ...model, ...(args.names === null ? [] : ['--names', args.names])],
    { encoding: 'utf8' }
  )
  if (r.status === 0)
    try {
      return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as AppRow
    } catch {
      // fall through to this process
    }
  return appRow(namesText, args, name, steps)
}

/**
 * A "training with learner code" row: the app (each run in its own process) and PyTorch on the same file and steps,
 * `runs` times each, alternating, so a busy spell of the machine falls on both; each side's median run is reported.
 */
function learnerRow(namesText: string, args: ParsedArgs, name: string, steps: number, runs: number) {
  const file = fileURLToPath(new URL(`../../../bench/learner/${name}`, import.meta.url))
  const apps: AppRow[] = []
  const torches: number[] = []
  let torchError: string | null = null
  for (let i = 0; i < runs; i++) {
    apps.push(appRowInChild(namesText, args, name, steps))
    const torch = pytorchLearner(file, steps, args, args.names)
    if (typeof torch === 'string') torchError = torch
    else torches.push(torch.ms_per_step)
  }
  apps.sort((a, b) => a.ms_per_step - b.ms_per_step)
  const app = apps[(apps.length - 1) >> 1]
  const torch = torchError === null ? [...torches].sort((a, b) => a - b)[(torches.length - 1) >> 1] : null
  return {
    ...app,
    runs,
    app_runs_ms_per_step: apps.map((a) => a.ms_per_step),
    pytorch_ms_per_step: torch,
    pytorch_runs_ms_per_step: torches,
    pytorch: torchError,
    ratio_vs_pytorch: torch === null ? null : r3(app.ms_per_step / torch)
  }
}

/** Runs the benchmark and prints it. */
export async function benchCommand(args: ParsedArgs, namesText: string): Promise<number> {
  const row = args.flags.get('--row')
  if (typeof row === 'string') {
    if (!(LEARNER_FILES as readonly string[]).includes(row)) throw new UsageError(`--row expects one of ${LEARNER_FILES.join(', ')}`)
    process.stdout.write(JSON.stringify(appRow(namesText, args, row, intFlag(args, '--row-steps', 1000, 1))) + '\n')
    return 0
  }
  const quick = args.flags.has('--quick')
  const rounds = quick ? 3 : 20
  const trainSteps = quick ? 300 : 3000
  const learnerSteps = quick ? 20 : 200

  const model = buildModel(namesText, args.config)
  const grader = new Grader(model)
  for (const k of CHECK_ORDER) grader.checkCell(k, REFERENCE_CELLS[k]) // warm up
  const cellTimes: number[] = []
  for (let r = 0; r < rounds; r++)
    for (const k of CHECK_ORDER) {
      const t0 = performance.now()
      grader.checkCell(k, REFERENCE_CELLS[k])
      cellTimes.push(performance.now() - t0)
    }
  const whole = CHECK_ORDER.map((k) => REFERENCE_CELLS[k]).join('\n')
  grader.checkChained(whole)
  const chainedTimes: number[] = []
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now()
    grader.checkChained(whole)
    chainedTimes.push(performance.now() - t0)
  }

  const trainConfig = { ...args.config, n_hidden: 200 }
  const builtIn = train(namesText, trainConfig, { steps: trainSteps, samples: 0 })
  const learner = train(namesText, trainConfig, { steps: learnerSteps, samples: 0 }, learnerBackward(whole))
  const torch = pytorchTrain(trainSteps, args, args.names)
  const grading = await gradeBench(quick ? 100 : 1000, args, namesText)
  const learnerRows = LEARNER_FILES.map((f) => learnerRow(namesText, args, f, quick ? 50 : 1000, quick ? 1 : 3))

  const out = {
    node_check_ms: { p50: r3(percentile(cellTimes, 50)), p95: r3(percentile(cellTimes, 95)), samples: cellTimes.length },
    chained_26_ms: { p50: r3(percentile(chainedTimes, 50)), p95: r3(percentile(chainedTimes, 95)) },
    train_builtin: { steps: builtIn.steps, ms_per_step: r3(builtIn.ms_per_step), val: r3(builtIn.val), simd: builtIn.simd },
    train_learner_cells: { steps: learner.steps, ms_per_step: r3(learner.ms_per_step) },
    pytorch: torch === null ? null : { steps: torch.steps, ms_per_step: torch.ms_per_step, val: torch.val, threads: torch.threads },
    ratio_vs_pytorch: torch === null ? null : r3(builtIn.ms_per_step / torch.ms_per_step),
    grade: grading,
    train_with_learner_code: learnerRows,
    /** whether the compiled path's matrix product ran as fused multiply-adds (relaxed SIMD; the same bits) */
    replay_fused_multiply_add: learnerRows.every((r) => r.fused_multiply_add)
  }
  if (args.flags.has('--json')) {
    process.stdout.write(JSON.stringify(out) + '\n')
    return 0
  }
  const lines = [
    `node check (isolated, n_hidden ${args.config.n_hidden}): p50 ${out.node_check_ms.p50} ms, p95 ${out.node_check_ms.p95} ms over ${cellTimes.length} checks`,
    `all 26 nodes chained:               p50 ${out.chained_26_ms.p50} ms, p95 ${out.chained_26_ms.p95} ms`,
    `training, built-in backward:        ${out.train_builtin.ms_per_step} ms/step over ${builtIn.steps} steps at n_hidden 200 (${builtIn.simd ? 'WASM SIMD' : 'TypeScript'} kernels), val ${out.train_builtin.val}`,
    `training, learner-style cells:      ${out.train_learner_cells.ms_per_step} ms/step over ${learner.steps} steps`,
    torch === null
      ? 'PyTorch: not found (apt-get install python3-torch to compare side by side)'
      : `PyTorch ${'eager'}, same loop:           ${torch.ms_per_step} ms/step over ${torch.steps} steps (${torch.threads} thread), val ${torch.val}`,
    out.ratio_vs_pytorch === null ? '' : `app / PyTorch time per step:        ${out.ratio_vs_pytorch}×`,
    `${`grade, a class of ${grading.files} files:`.padEnd(36)}${grading.seconds} s in ${grading.jobs} worker thread${grading.jobs === 1 ? '' : 's'}, ${grading.files_per_second} files/s (the corpus replicated)`,
    `training with learner code (n_hidden 200, bench/learner/, PyTorch running the same file every step; median of ${learnerRows[0]?.runs ?? 0} runs each, alternating; the compiled product ${out.replay_fused_multiply_add ? 'as fused multiply-adds' : 'as multiplies and adds (no relaxed SIMD here)'}):`,
    ...learnerRows.map(
      (r) =>
        `  ${r.file.padEnd(20)} ${r.path.padEnd(11)} ${String(r.ms_per_step).padStart(7)} ms/step (first step ${r.first_step_ms} ms)  ` +
        (r.pytorch_ms_per_step === null ? `PyTorch: ${r.pytorch}` : `PyTorch ${r.pytorch_ms_per_step} ms/step  app / PyTorch ${r.ratio_vs_pytorch}×`) +
        (r.reason === null ? '' : `  (${r.reason})`)
    )
  ]
  process.stdout.write(lines.filter((l) => l !== '').join('\n') + '\n')
  return 0
}

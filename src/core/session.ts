// The core's facade for the app: one model, one grader, plain-data answers (safe to post from a Web Worker).

import type { CellResult, CheckMode, CheckResult, Graph, ModelConfig, NodeVerdict, TensorView } from './api'
import { CHECK_ORDER, DEFAULT_CONFIG } from './api'
import { collapseGraph, FUSED, trainingProgram, type FusedExercise } from './exercise/exercises'
import { buildModel, type Model } from './exercise/model'
import { HINTS, lectureSolution, REFERENCE_CELLS } from './exercise/solutions'
import { Grader, programOfCells, type NodeCheck } from './grader/check'
import { MAX_COMPARED } from './grader/compare'
import { exportIpynb, exportPy, importSolution } from './grader/export'
import { sub, Tensor, toDType, withGradMode } from './tensor'

/** A tensor's values and summary statistics for the inspector. */
export function tensorView(t: Tensor): TensorView {
  const data = Float32Array.from(t.values())
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let sq = 0
  let finite = 0
  for (const x of data) {
    if (!Number.isFinite(x)) continue
    finite++
    if (x < min) min = x
    if (x > max) max = x
    sum += x
    sq += x * x
  }
  const mean = finite > 0 ? sum / finite : NaN
  const std = finite > 1 ? Math.sqrt(Math.max(sq / finite - mean * mean, 0)) : 0
  return {
    shape: [...t.shape],
    dtype: t.dtype,
    data,
    stats: { min: finite ? min : NaN, max: finite ? max : NaN, mean, std, nonfinite: data.length - finite }
  }
}

export interface Session {
  readonly config: ModelConfig & { vocab_size: number }
  readonly graph: Graph
  readonly loss: number
  tensor(name: string): TensorView
  trueGrad(name: string): TensorView
  /** isolated mode; `cells` (all the learner's cells) let the cell see the learner's own names from the cells before it */
  checkCell(name: string, code: string, opts?: { trace?: boolean; cells?: Record<string, string> }): CellResult
  checkAll(cells: Record<string, string>, mode: CheckMode): { result: CheckResult; cells: Record<string, CellResult> }
  referenceCell(name: string): string
  hints(name: string): string[]
  exportPy(cells: Record<string, string>, verdicts?: Record<string, NodeVerdict>): string
  exportIpynb(cells: Record<string, string>): string
  importSolution(text: string): { cells: Record<string, string>; warnings: string[] }
  /** exercise 2 or 3: what to do, the reference answer, hints, the graph with the fused node */
  exercise(id: 2 | 3): { exercise: FusedExercise; graph: Graph }
  /** checks a fused exercise's cell against autograd (dlogits for 2, dhprebn for 3) */
  checkExercise(id: 2 | 3, code: string, opts?: { trace?: boolean }): CellResult
  /** exercise 4's backward program from the learner's cells, and the nodes still missing */
  trainingProgram(cells: Record<string, string>, fused: Partial<Record<2 | 3, string>>): { source: string; uses: string[]; missing: string[] }
}

function toCellResult(model: Model, c: NodeCheck): CellResult {
  let diff: TensorView | null = null
  // the difference only where the grader could compare (a broadcast within its element limit)
  if (c.grad !== null && c.verdict.approximate !== null) {
    const mine = c.grad.dtype === 'float32' ? c.grad : toDType(c.grad, 'float32')
    diff = tensorView(withGradMode(false, () => sub(mine, model.grads.get(c.name)!)))
  }
  return {
    name: c.name,
    verdict: c.verdict,
    error: c.error,
    grad: c.grad === null || c.grad.numel > MAX_COMPARED ? null : tensorView(c.grad),
    diff,
    trace: c.trace,
    output: c.output ?? ''
  }
}

/** Builds the lecture's model for a config (names.txt's text is passed in: the core reads no files). */
export function createSession(namesText: string, config: Partial<ModelConfig> = {}): Session {
  const model = buildModel(namesText, { ...DEFAULT_CONFIG, ...config })
  const grader = new Grader(model)
  const named = (name: string): Tensor => {
    const t = name === 'Xb' ? model.Xb : name === 'Yb' ? model.Yb : model.tensors.get(name)
    if (t === undefined) throw new Error(`no tensor named '${name}'`)
    return t
  }
  return {
    config: model.config,
    graph: model.graph,
    loss: model.loss,
    tensor: (name) => tensorView(named(name)),
    trueGrad: (name) => {
      const g = model.grads.get(name)
      if (g === undefined) throw new Error(`'${name}' is not a checked node`)
      return tensorView(g)
    },
    checkCell: (name, code, opts = {}) =>
      toCellResult(
        model,
        grader.checkCell(name, code, { trace: opts.trace ?? true, program: opts.cells === undefined ? undefined : programOfCells(new Map(Object.entries(opts.cells))) })
      ),
    checkAll: (cells, mode) => {
      const map = new Map(Object.entries(cells))
      const out: Record<string, CellResult> = {}
      if (mode === 'isolated') {
        const { result, nodes } = grader.checkIsolated(map, { program: programOfCells(map) })
        for (const [k, c] of nodes) out[k] = toCellResult(model, c)
        return { result, cells: out }
      }
      // the program is the written cells in check order, one after another; each cell's first line in it
      const written = CHECK_ORDER.filter((k) => (map.get(k) ?? '').trim() !== '')
      const starts: number[] = []
      let line = 1
      for (const k of written) {
        starts.push(line)
        line += map.get(k)!.split('\n').length
      }
      const { result, nodes, printed } = grader.checkChained(written.map((k) => map.get(k)!).join('\n'))
      // what each cell printed goes under it, as in the notebook
      const output = new Map<string, string>()
      for (const p of printed) {
        let at = starts.length - 1
        while (at > 0 && starts[at] > p.line) at--
        if (at >= 0) output.set(written[at], (output.get(written[at]) ?? '') + p.text)
      }
      for (const [k, c] of nodes) out[k] = toCellResult(model, { ...c, output: output.get(k) ?? '' })
      return { result, cells: out }
    },
    referenceCell: (name) => (Object.hasOwn(REFERENCE_CELLS, name) ? lectureSolution(name as keyof typeof REFERENCE_CELLS) : ''),
    hints: (name) => [...(HINTS[name as keyof typeof HINTS] ?? [])],
    exportPy: (cells, verdicts) => exportPy(new Map(Object.entries(cells)), verdicts),
    exportIpynb: (cells) => exportIpynb(new Map(Object.entries(cells)), model.config),
    exercise: (id) => ({ exercise: FUSED[id], graph: collapseGraph(model.graph, FUSED[id]) }),
    checkExercise: (id, code, opts = {}) => toCellResult(model, grader.checkFused(FUSED[id], code, { trace: opts.trace ?? true })),
    trainingProgram: (cells, fused) => trainingProgram(cells, fused),
    importSolution: (text) => {
      const { cells, warnings } = importSolution(text)
      return { cells: Object.fromEntries(cells), warnings }
    }
  }
}

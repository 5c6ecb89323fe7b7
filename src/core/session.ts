// The core's facade for the app: one model, one grader, plain-data answers (safe to post from a Web Worker).

import type { CellResult, CheckMode, CheckResult, Graph, ModelConfig, NodeVerdict, TensorView } from './api'
import { DEFAULT_CONFIG } from './api'
import { collapseGraph, FUSED, type FusedExercise } from './exercise/exercises'
import { buildModel, type Model } from './exercise/model'
import { HINTS, lectureSolution, REFERENCE_CELLS } from './exercise/reference-cells'
import { Grader, type NodeCheck } from './grader/check'
import { cellAt, errorInCell, programOfCells } from './exercise/program'
import { MAX_COMPARED } from './grader/compare'
import { exportIpynb, exportPy, importSolution } from './grader/export'
import { buildLesson } from './lesson/build'
import type { Lesson } from './lesson/lesson'
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

/** What the app shows of the lesson a session judges. */
export interface LessonInfo {
  id: string
  title: string
  description: string
  /** how many nodes the learner writes a gradient for */
  nodes: number
  /** the lecture, whose exercises 2-4 build on its exercise 1 */
  lecture: boolean
}

export interface Session {
  readonly lesson: LessonInfo
  /** the lecture's config (a lesson file's setup fixes its own: null) */
  readonly config: (ModelConfig & { vocab_size: number }) | null
  readonly graph: Graph
  readonly loss: number
  tensor(name: string): TensorView
  trueGrad(name: string): TensorView
  /** isolated mode; `cells` (all the learner's cells) let the cell see the learner's own names from the cells before it */
  checkCell(name: string, code: string, opts?: { trace?: boolean; cells?: Record<string, string> }): CellResult
  /**
   * every cell, isolated or chained (the written cells in check order as one program). Chained, the program's error
   * is also on the cell it was raised in, at that cell's line (`result.error` keeps the program's line), and each
   * cell's `output` is what its lines printed.
   */
  checkAll(cells: Record<string, string>, mode: CheckMode): { result: CheckResult; cells: Record<string, CellResult> }
  referenceCell(name: string): string
  hints(name: string): string[]
  exportPy(cells: Record<string, string>, verdicts?: Record<string, NodeVerdict>): string
  exportIpynb(cells: Record<string, string>): string
  /** a solution file or pasted cell: exercise 1's cells, and exercises 2-3's from a whole lecture notebook */
  importSolution(text: string): { cells: Record<string, string>; fused?: Partial<Record<2 | 3, string>>; warnings: string[]; error?: string }
  /** exercise 2 or 3: what to do, the reference answer, hints, the graph with the fused node */
  exercise(id: 2 | 3): { exercise: FusedExercise; graph: Graph }
  /** checks a fused exercise's cell against autograd (dlogits for 2, dhprebn for 3) */
  checkExercise(id: 2 | 3, code: string, opts?: { trace?: boolean }): CellResult
}

function toCellResult(model: Lesson, c: NodeCheck): CellResult {
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

/** A lesson file to open instead of the lecture: its id (file name without .py) and text. */
export interface LessonSource {
  id: string
  text: string
}

/**
 * Builds the lecture's model for a config, or the lesson a lesson file describes (names.txt's text is passed in:
 * the core reads no files). A bad lesson file throws its LessonError (line and column).
 */
export function createSession(namesText: string, config: Partial<ModelConfig> = {}, source?: LessonSource): Session {
  const lecture: Model | null = source === undefined ? buildModel(namesText, { ...DEFAULT_CONFIG, ...config }) : null
  const model: Lesson = lecture ?? buildLesson(source!.text, { id: source!.id, namesText })
  const grader = new Grader(model)
  const named = (name: string): Tensor => {
    const t = model.tensors.get(name)
    if (t === undefined) throw new Error(`no tensor named '${name}'`)
    return t
  }
  const solutionLesson = { id: model.id, title: model.title, order: model.order }
  const lectureOnly = (what: string): never => {
    throw new Error(`${what} belong to the lecture; the lesson '${model.title}' has only its own nodes`)
  }
  return {
    lesson: { id: model.id, title: model.title, description: model.description, nodes: model.order.length, lecture: lecture !== null },
    config: lecture?.config ?? null,
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
        grader.checkCell(name, code, { trace: opts.trace ?? true, program: opts.cells === undefined ? undefined : programOfCells(new Map(Object.entries(opts.cells)), model.order) })
      ),
    checkAll: (cells, mode) => {
      const map = new Map(Object.entries(cells))
      const out: Record<string, CellResult> = {}
      if (mode === 'isolated') {
        const { result, nodes } = grader.checkIsolated(map, { program: programOfCells(map, model.order) })
        for (const [k, c] of nodes) out[k] = toCellResult(model, c)
        return { result, cells: out }
      }
      // the program is the written cells in check order, one after another
      const program = programOfCells(map, model.order)
      const { result, nodes, printed } = grader.checkChained(program.source)
      // what each cell printed goes under it, as in the notebook
      const output = new Map<string, string>()
      for (const p of printed) {
        const at = cellAt(program, p.line)
        if (at !== null) output.set(at.cell, (output.get(at.cell) ?? '') + p.text)
      }
      // the program's error goes on the cell it was raised in, at that cell's line (a cell's own error stays)
      const raised = result.error === null ? null : errorInCell(program, result.error)
      const place = raised !== null && ![...nodes.values()].some((c) => c.error !== null) ? raised : null
      for (const [k, c] of nodes) {
        const placed = place?.cell === k ? { error: place.error, verdict: { ...c.verdict, status: 'error' as const, message: place.error.message } } : {}
        out[k] = toCellResult(model, { ...c, output: output.get(k) ?? '', ...placed })
      }
      return { result, cells: out }
    },
    referenceCell: (name) =>
      lecture !== null ? (Object.hasOwn(REFERENCE_CELLS, name) ? lectureSolution(name as keyof typeof REFERENCE_CELLS) : '') : (model.solution.get(name) ?? ''),
    hints: (name) => (lecture !== null ? [...(HINTS[name as keyof typeof HINTS] ?? [])] : [...(model.hints.get(name) ?? [])]),
    exportPy: (cells, verdicts) => exportPy(new Map(Object.entries(cells)), verdicts, solutionLesson),
    exportIpynb: (cells) => (lecture !== null ? exportIpynb(new Map(Object.entries(cells)), lecture.config) : lectureOnly('notebook exports')),
    exercise: (id) => (lecture !== null ? { exercise: FUSED[id], graph: collapseGraph(model.graph, FUSED[id]) } : lectureOnly('exercises 2-3')),
    checkExercise: (id, code, opts = {}) => toCellResult(model, grader.checkFused(FUSED[id], code, { trace: opts.trace ?? true })),
    importSolution: (text) => {
      const { cells, fused, warnings, error } = importSolution(text, solutionLesson)
      return { cells: Object.fromEntries(cells), ...(fused === undefined ? {} : { fused }), warnings, ...(error === undefined ? {} : { error }) }
    }
  }
}

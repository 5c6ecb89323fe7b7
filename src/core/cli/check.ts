// `check FILE`: the lecture's cmp() table (or JSON) for a learner's solution file.

import type { CheckResult, CodeError, NodeVerdict } from '../api'
import { FUSED, type FusedExercise } from '../exercise/exercises'
import type { Lesson } from '../lesson/lesson'
import { hasMarkers, programOfSplit, splitCells } from '../grader/cells'
import { Grader } from '../grader/check'
import { fusedCellsFrom } from '../grader/exercise-sections'
import { lessonNames } from '../grade/judge'
import { readSubmission, type Place } from '../grade/notebook'
import { pyFloatRepr } from '../lang/runtime/float-format'
import { parse } from '../lang/syntax/parser'
import { namesIn } from '../lang/syntax/ast'

/** Exercises 2 and 3's one-step cells found in the file (`# %% exercise: N` sections), judged on their own. */
export interface ExerciseCheck {
  id: 2 | 3
  exercise: FusedExercise
  verdict: NodeVerdict
  error: CodeError | null
}

/**
 * What the table says beyond the verdicts, in chained mode: the node whose cell raised, and for each failing node
 * the upstream gradients it reads whose own cells don't pass (their mistake flows into it).
 */
export interface ChainedNotes {
  /** the node whose cell holds the line that raised (null when the error is outside every cell) */
  raisedIn: string | null
  upstream: Map<string, string[]>
}

export interface CheckFileResult {
  result: CheckResult
  warnings: string[]
  output: string
  exercises: ExerciseCheck[]
  notes: ChainedNotes
  /** FILE was a whole notebook: where each line of the program that was judged came from (cell, line) */
  places?: readonly Place[]
}

/** Is FILE a notebook (.ipynb, or JSON text under another name)? Then it is read cell by cell, as `grade` reads it. */
export function isNotebookFile(path: string, text: string): boolean {
  return /\.ipynb$/i.test(path) || (!/\.py$/i.test(path) && /^\uFEFF?\s*\{/.test(text))
}

/**
 * Checks a whole notebook (the lecture's, or one the app exported): the cells that assign the lesson's dX, in
 * order, judged as one program (chained) or cell by cell; setup, forward, plot and training cells are skipped, as
 * `grade` skips them. Errors and notes then say the notebook's cell and its line. A notebook with no such cell, or
 * one whose JSON is broken, throws the reason (the CLI says it and exits 2).
 */
export function checkNotebook(model: Lesson, path: string, text: string, isolated: boolean): CheckFileResult {
  const sub = readSubmission(path, text, lessonNames(model))
  if (!sub.ok) throw new NotebookError(sub.reason)
  const checked = checkFile(model, sub.program, isolated)
  const read = `read the notebook's cell${sub.cells.length === 1 ? '' : 's'} ${sub.cells.join(', ')}`
  const missing = sub.unassigned.length > 0 && sub.unassigned.length < model.order.length ? [`no cell assigns ${list(sub.unassigned.map((k) => `d${k}`))}`] : []
  const renamed = sub.renamed.length > 0 ? [`the notebook's forward pass never binds ${list(sub.renamed)} (renamed? the lesson's names are needed)`] : []
  return { ...checked, warnings: [read, ...missing, ...renamed, ...checked.warnings], places: sub.places }
}

/** A notebook that can't be checked: not JSON, no list of cells, or no cell that assigns a lesson's dX. */
export class NotebookError extends Error {}

/** Where an error is: `line 3, column 5` in FILE, or `cell 14, line 3, column 5` in a notebook. */
function at(e: CodeError, places?: readonly Place[]): string {
  const p = places?.[e.line - 1]
  return p === undefined ? `line ${e.line}, column ${e.col}` : `cell ${p.cell}, line ${p.line}, column ${e.col}`
}

/**
 * Runs a solution file in chained (default) or isolated mode. `warnings` are about splitting a marked file into
 * cells (an unknown node name, a node with two cells).
 */
export function checkFile(model: Lesson, text: string, isolated: boolean): CheckFileResult {
  const grader = new Grader(model)
  const order = model.order
  const split = isolated || hasMarkers(text) ? splitCells(text, order) : null
  const warnings = split === null || split.error !== null ? [] : split.warnings
  // exercises 2-3 are the lecture's: a lesson file has none
  const exercises = model.id === 'makemore-part4' ? checkExercises(grader, text) : []
  if (!isolated) {
    const chained = grader.checkChained(text)
    return { result: chained.result, warnings, output: chained.output, exercises, notes: chainedNotes(chained.result, split ?? splitCells(text, order)) }
  }
  const { result, nodes } = grader.checkIsolated(split!.cells, { preamble: hasMarkers(text) ? split!.preamble : undefined, program: programOfSplit(text, split!) })
  // each cell's printed output, headed by its node
  const output = order.filter((k) => nodes.get(k)?.output)
    .map((k) => `[${k}]\n${nodes.get(k)!.output!.replace(/\n$/, '')}\n`)
    .join('')
  // a plain file that does not parse can't be split into cells: its syntax error is the file's error
  if (split!.error !== null) result.error = split!.error
  // report errors at their place in the file, not in the cell
  else if (result.error !== null) {
    for (const k of order) {
      const e = nodes.get(k)?.error
      if (e) {
        const map = split!.lineMaps.get(k)
        if (map) {
          const line = map[e.line - 1] ?? e.line
          const endLine = map[(e.endLine ?? e.line) - 1] ?? line
          result.error = { ...e, line, endLine }
        }
        break
      }
    }
  }
  return { result, warnings, output, exercises, notes: { raisedIn: null, upstream: new Map() } }
}

/** Exercises 2 and 3's sections, each judged as the app judges it: on its own, with the true upstream gradients. */
function checkExercises(grader: Grader, text: string): ExerciseCheck[] {
  const found = fusedCellsFrom(text)
  const checks: ExerciseCheck[] = []
  for (const id of [2, 3] as const) {
    const code = found[id]
    if (code === undefined) continue
    const check = grader.checkFused(FUSED[id], code, { trace: false })
    checks.push({ id, exercise: FUSED[id], verdict: check.verdict, error: check.error })
  }
  return checks
}

function chainedNotes(result: CheckResult, split: ReturnType<typeof splitCells>): ChainedNotes {
  let raisedIn: string | null = null
  const e = result.error
  if (e !== null && split.error === null)
    for (const [k, map] of split.lineMaps) if (map.includes(e.line)) raisedIn = k
  const upstream = new Map<string, string[]>()
  if (split.error !== null) return { raisedIn, upstream }
  const order = Object.keys(result.nodes)
  order.forEach((k, i) => {
    const status = result.nodes[k].status
    const code = split.cells.get(k)
    if ((status !== 'fail' && status !== 'shape') || code === undefined) return
    const parsed = parse(code)
    const read = parsed.ok ? namesIn(parsed.module) : new Set<string>()
    const failing = order.slice(0, i).filter((u) => read.has(`d${u}`) && result.nodes[u].status !== 'pass')
    if (failing.length > 0) upstream.set(k, failing)
  })
  return { raisedIn, upstream }
}

/** A node's message for the JSON: its own message, then its diagnoses, as one text. */
function message(v: NodeVerdict): string | undefined {
  const parts = [v.message, ...(v.diagnoses ?? [])].filter((x): x is string => x !== undefined && x !== '')
  return parts.length > 0 ? parts.join(' ') : undefined
}

/** One verdict as the contract writes it: status, exact, approximate, maxdiff, shapes, message. */
function verdictJSON(v: NodeVerdict, note?: string): object {
  const text = [message(v), note].filter((x) => x !== undefined).join(' ')
  return {
    status: v.status,
    exact: v.exact,
    approximate: v.approximate,
    maxdiff: v.maxdiff,
    shape: v.shape,
    expected_shape: v.expected_shape,
    // the contract's keys only: diagnoses travel in `message`
    ...(text !== '' ? { message: text } : {})
  }
}

/**
 * The JSON the contract specifies: `{config, loss, error, nodes, summary}`. A file with exercises 2-3 sections
 * (the app's export) also gets `exercises: {"2": verdict, "3": verdict}`, verdicts in the nodes' form.
 */
export function checkJSON(checked: CheckResult | CheckFileResult): object {
  const { result, exercises, notes, places } = 'result' in checked ? checked : { result: checked, exercises: [], notes: undefined, places: undefined }
  const nodes: Record<string, object> = {}
  for (const k of Object.keys(result.nodes)) nodes[k] = verdictJSON(result.nodes[k], notes && chainedNote(k, result, notes, places))
  const out: Record<string, unknown> = { config: result.config, loss: result.loss, error: inFile(result.error, places), nodes, summary: result.summary }
  if (exercises.length > 0) out.exercises = Object.fromEntries(exercises.map((x) => [String(x.id), verdictJSON(x.verdict)]))
  return out
}

/** The error as the JSON gives it: in a notebook, its line is the cell's and `cell` says which cell (1-based). */
function inFile(e: CodeError | null, places?: readonly Place[]): object | null {
  const p = e === null ? undefined : places?.[e.line - 1]
  if (e === null || p === undefined) return e
  const end = places![(e.endLine ?? e.line) - 1]
  return { ...e, cell: p.cell, line: p.line, ...(e.endLine === undefined ? {} : { endLine: end?.cell === p.cell ? end.line : p.line }) }
}

/** Chained mode's word on a node beyond its verdict: the cell that raised, a program that stopped, upstream mistakes. */
function chainedNote(k: string, result: CheckResult, notes: ChainedNotes, places?: readonly Place[]): string | undefined {
  const e = result.error
  if (e !== null && notes.raisedIn === k) return `this cell raised ${e.message} (${at(e, places)})`
  if (e !== null && result.nodes[k].status === 'missing') return `not reached: the program stopped at ${at(e, places).replace(/, column \d+$/, '')}`
  const up = notes.upstream.get(k)
  if (up !== undefined) return `chained: computed from your ${list(up.map((u) => `d${u}`))}, which ${up.length === 1 ? 'does' : 'do'} not pass; its mistake flows in (check --isolated judges this cell with the true upstream gradients)`
  return undefined
}

function list(xs: string[]): string {
  return xs.length === 1 ? xs[0] : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`
}

function py(b: boolean | null): string {
  return b === null ? '-' : b ? 'True' : 'False'
}

/** One row of the table: the name, the status, cmp()'s three figures or why there are none, then its notes. */
function row(name: string, v: NodeVerdict, why: string | undefined): string[] {
  const status = v.status.toUpperCase().padEnd(7)
  const head = `${name.padEnd(15)} | ${status} | `
  if (v.status === 'missing') return [head + (why ?? `d${name} is not defined`)]
  if (v.status === 'error') return [head + (v.message ?? '')]
  const rows = [
    head +
      `exact: ${py(v.exact).padEnd(5)} | approximate: ${py(v.approximate).padEnd(5)} | maxdiff: ${v.maxdiff === null ? '-' : pyFloatRepr(v.maxdiff)}` +
      (v.status === 'shape' || (v.status === 'fail' && v.approximate === null) ? `  (shape ${JSON.stringify(v.shape)}, expected ${JSON.stringify(v.expected_shape)})` : '')
  ]
  for (const d of v.diagnoses ?? []) rows.push(`${''.padEnd(15)} |         ↳ ${d}`)
  if (why !== undefined) rows.push(`${''.padEnd(15)} |         ↳ ${why}`)
  return rows
}

/**
 * The lecture's cmp() table, one row a node, with the status beside it; then exercises 2 and 3 if the file has
 * them. In chained mode an error heads the table and its cell's row says ERROR; rows whose failure comes from a
 * failing upstream cell say so.
 */
export function checkTable(checked: CheckResult | CheckFileResult): string {
  const { result, exercises, notes, places } = 'result' in checked ? checked : { result: checked, exercises: [], notes: undefined, places: undefined }
  const e = result.error
  const rows: string[] = []
  if (e !== null) rows.push(`error: ${e.message} (${at(e, places)})${notes?.raisedIn ? `, in the cell of d${notes.raisedIn}` : ''}`, '')
  const order = Object.keys(result.nodes)
  for (const k of order) {
    const v = result.nodes[k]
    if (notes && e !== null && notes.raisedIn === k && v.status === 'missing')
      rows.push(`${k.padEnd(15)} | ${'ERROR'.padEnd(7)} | ${e.message} (${at(e, places)})`)
    else rows.push(...row(k, v, notes && chainedNote(k, result, notes, places)))
  }
  for (const x of exercises) rows.push(...row(`exercise ${x.id}`, x.verdict, `${x.exercise.title.replace(/^Exercise \d: /, '')}: d${x.exercise.target}`))
  const s = result.summary
  rows.push('')
  rows.push(`${s.pass}/${order.length} pass, ${s.shape} shape, ${s.fail} fail, ${s.missing} missing${s.error ? `, ${s.error} error` : ''}`)
  if (exercises.length > 0) rows.push(exercises.map((x) => `exercise ${x.id}: ${x.verdict.status}`).join(', '))
  if (e !== null) rows.push(`${e.message} (${at(e, places)})`)
  return rows.join('\n')
}

/** Exit code: 0 only with no error and every node that is not missing passing (and the file's exercises 2-3). */
export function checkExitCode(checked: CheckResult | CheckFileResult): number {
  const { result, exercises } = 'result' in checked ? checked : { result: checked, exercises: [] }
  if (result.error !== null) return 1
  const verdicts = [...Object.values(result.nodes), ...exercises.map((x) => x.verdict)]
  return verdicts.every((v) => v.status === 'pass' || v.status === 'missing') ? 0 : 1
}

// Judging learner code as the notebook would: chained (the whole file as one program, the learner's own upstream
// gradients flowing down) or isolated (each cell alone, with the true upstream gradients bound as dY).

import type { CheckResult, CheckSummary, CodeError, NodeVerdict, TraceStep } from '../api'
import { errorVerdict } from '../api'
import type { FusedExercise } from '../exercise/exercises'
import type { CellProgram } from '../exercise/program'
import type { Contribution, Lesson } from '../lesson/lesson'
import type { Storage } from '../tensor'
import { add, Tensor, withGradMode } from '../tensor'
import { DEFAULT_LIMITS, Interpreter, type Limits } from '../lang/runtime/evaluator'
import { parse } from '../lang/syntax/parser'
import { syntaxCodeError } from '../lang/syntax/errors'
import { closestName } from '../lang/runtime/suggest'
import { PyDict, PyList, PyModule, PyTuple, typeName, type PyValue } from '../lang/runtime/values'
import { learnerGlobals } from '../lesson/scope'
import { chainedSource } from './cells'
import { compareTensors, judge, MAX_COMPARED } from './compare'
import { diagnose, type DiagnoseContext } from './diagnose'

export interface CheckOptions {
  trace?: boolean
  limits?: Partial<Limits>
  /** isolated mode: code run before each cell (a solution file's imports and helpers above its first cell) */
  preamble?: string
  /** isolated mode: the program the cells were written in, whose names a cell sees as they were when it ran there */
  program?: CellProgram
}

/** A learner's gradient for one node, with its verdict. */
export interface NodeCheck {
  name: string
  verdict: NodeVerdict
  /** the learner's dX (null when not defined) */
  grad: Tensor | null
  error: CodeError | null
  trace: TraceStep[]
  /** what the cell printed (bounded), as the notebook would show under the cell */
  output?: string
  /** isolated mode: upstream gradients the cell changed in place (`dhprebn = dbndiff` then `dhprebn += ...`) */
  changed?: { node: string; grad: Tensor }[]
}

/** The most a run's print() output keeps: enough to debug with, never a memory problem. */
const MAX_OUTPUT = 20_000

/** What one line of a program printed (consecutive prints from the same line joined). */
export interface Printed {
  line: number
  text: string
}

/** A print sink that keeps the first MAX_OUTPUT characters, by line, and says when it dropped the rest. */
function outputSink(): { print: (text: string, line?: number) => void; text: () => string; byLine: () => Printed[] } {
  const parts: Printed[] = []
  let size = 0
  let dropped = false
  let droppedAt = 0
  const note = `\n… (output cut at ${MAX_OUTPUT.toLocaleString('en-US')} characters)`
  return {
    print: (text, line = 0) => {
      if (dropped) return
      const kept = text.slice(0, Math.max(0, MAX_OUTPUT - size))
      if (kept.length < text.length) {
        dropped = true
        droppedAt = line
      }
      if (kept === '') return
      const last = parts[parts.length - 1]
      if (last !== undefined && last.line === line) last.text += kept
      else parts.push({ line, text: kept })
      size += kept.length
    },
    text: () => parts.map((p) => p.text).join('') + (dropped ? note : ''),
    byLine: () => (dropped ? [...parts, { line: droppedAt, text: note }] : [...parts])
  }
}

/**
 * Copies of the tensors that keep their aliasing: tensors that shared storage (emb and its view embcat) share the
 * copy's storage too, so an in-place write behaves as in the notebook without touching the model.
 */
export function cloneSharing(tensors: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  const storages = new Map<Storage, Storage>()
  const out = new Map<string, Tensor>()
  for (const [k, t] of tensors) {
    let s = storages.get(t.storage)
    if (s === undefined) {
      s = t.storage.slice()
      storages.set(t.storage, s)
    }
    out.set(k, new Tensor(s, t.shape, t.strides, t.offset, t.dtype))
  }
  return out
}

/** A scope's values with its tensors copied (aliasing among them kept), so that running code on it changes nothing. */
function copyTensors(names: ReadonlyMap<string, PyValue>): Map<string, PyValue> {
  const tensors = new Map<string, Tensor>()
  for (const [k, v] of names) if (v instanceof Tensor) tensors.set(k, v)
  const copies = cloneSharing(tensors)
  return new Map([...names].map(([k, v]) => [k, copies.get(k) ?? v]))
}

/**
 * A value of the learner's scope as a fresh copy: tensors copied (aliasing kept through `storages`), lists, tuples
 * and dicts rebuilt around their copies, the lesson's modules replaced by this interpreter's own (pristine) ones.
 */
function freshValue(v: PyValue, interp: Interpreter, storages: Map<Storage, Storage>): PyValue {
  if (v instanceof Tensor) {
    let s = storages.get(v.storage)
    if (s === undefined) {
      s = v.storage.slice()
      storages.set(v.storage, s)
    }
    return new Tensor(s, v.shape, v.strides, v.offset, v.dtype)
  }
  if (v instanceof PyModule) return interp.module(v.name) ?? v
  if (v instanceof PyList) return new PyList(v.items.map((x) => freshValue(x, interp, storages)))
  if (v instanceof PyTuple) return v.items.some((x) => x instanceof Tensor || x instanceof PyList || x instanceof PyDict)
    ? new PyTuple(v.items.map((x) => freshValue(x, interp, storages)), v.kind, v.fields, v.typeName)
    : v
  if (v instanceof PyDict) {
    const d = new PyDict()
    for (const [key, [k, x]] of v.entries) d.entries.set(key, [k, freshValue(x, interp, storages)])
    return d
  }
  return v
}

/** Everything the notebook has in scope after the forward pass (the lesson's globals), as fresh copies. */
function learnerScope(lesson: Lesson, interp: Interpreter, extra: ReadonlyMap<string, Tensor> = new Map()): [string, PyValue][] {
  const storages = new Map<Storage, Storage>()
  const names: [string, PyValue][] = []
  for (const [k, v] of lesson.scope) names.push([k, freshValue(v, interp, storages)])
  for (const [k, t] of extra) names.push([k, freshValue(t, interp, storages)])
  return learnerGlobals(interp, names)
}

/** Why a branch or a whole gradient is ~0 in exact arithmetic, where the lecture's model makes it so. */
const WHY_ZERO: ReadonlyMap<string, string> = new Map([
  ['logit_maxes', 'softmax does not depend on the shift by logit_maxes'],
  ['b1', 'batch norm subtracts the batch mean right after it, which takes any bias away']
])

/** A true gradient this small is float noise: 0 in exact arithmetic (dlogit_maxes, db1). */
const NOISE = 1e-6

function maxAbs(t: Tensor): number {
  let m = 0
  for (const x of t.values()) m = Math.max(m, Math.abs(x))
  return m
}

/** What the code did instead of binding dX as a tensor: a near-miss name, another node's gradient, or nothing. */
function missingReason(name: string, assigned: readonly string[], isolated: boolean, order: readonly string[]): string | undefined {
  const want = `d${name}`
  const grads = assigned.filter((k) => /^d[A-Za-z_]/.test(k))
  const other = grads.find((k) => order.includes(k.slice(1)))
  const close = closestName(want, grads.filter((k) => k !== other))
  if (close !== null) return `${isolated ? 'your cell' : 'your code'} assigned ${close}, not ${want}`
  if (!isolated) return undefined
  if (other !== undefined) return `your cell assigned ${other} (the gradient of ${other.slice(1)}), not ${want}: is this ${other.slice(1)}'s cell?`
  if (assigned.length === 0) return `your cell ran but assigned nothing: write ${want} = ...`
  return `your cell assigned ${assigned.slice(0, 4).join(', ')}${assigned.length > 4 ? ', ...' : ''} but never ${want}`
}

/**
 * The verdict for one node given the learner's value for dX. `assigned` (the names the code bound) lets a missing
 * dX say what the code did instead; a value that is not a tensor fails with its type named.
 */
export function verdictFor(
  model: Lesson,
  name: string,
  value: PyValue | undefined,
  assigned?: { names: readonly string[]; isolated: boolean },
  context?: () => DiagnoseContext,
  maxElements = MAX_COMPARED
): { verdict: NodeVerdict; grad: Tensor | null } {
  const truth = model.grads.get(name)!
  const grad = value instanceof Tensor ? value : null
  const verdict = judge(grad, truth, maxElements)
  const shape = `[${truth.shape.join(', ')}]`
  if (value !== undefined && grad === null) {
    verdict.status = 'fail'
    verdict.message = `d${name} must be a tensor of shape ${shape}, got ${value === null ? 'None' : typeName(value)}`
    return { verdict, grad }
  }
  if (grad === null) {
    const reason = assigned === undefined ? undefined : missingReason(name, assigned.names, assigned.isolated, model.order)
    if (reason !== undefined) verdict.message = reason
    return { verdict, grad }
  }
  if (verdict.status === 'fail' || verdict.status === 'shape') {
    const notes = diagnose(name, grad, truth, model.contributions.get(name) ?? [], model.batchSize, context?.() ?? {}, maxElements)
    if (notes.length > 0) verdict.diagnoses = notes
  }
  const contributions = model.contributions.get(name) ?? []
  const branches = branchesHeld(grad, verdict, contributions, maxElements)
  if (branches !== null) verdict.branches = branches
  if (verdict.status === 'pass') {
    const note = passNote(name, truth, contributions, branches)
    if (note !== undefined) verdict.message = note
  }
  return { verdict, grad }
}

/**
 * A pass that deserves a word: the true gradient is only float noise, or the learner's gradient leaves out a branch
 * that adds ~0 here (it passes, as cmp() says, but the lecture keeps the branch).
 */
function passNote(name: string, truth: Tensor, contributions: readonly Contribution[], branches: NodeVerdict['branches'] | null): string | undefined {
  const noise = maxAbs(truth)
  if (noise < NOISE) {
    const why = WHY_ZERO.get(name)
    return `passes: the true d${name} is only float noise here (at most ${noise.toExponential(0)}); in exact arithmetic it is 0${why === undefined ? '' : `, because ${why}`}`
  }
  if (branches === null || branches === undefined || branches.matched === branches.total) return undefined
  const left = contributions.filter((c) => !branches.consumers.includes(c.consumer))
  const size = Math.max(...left.map((c) => maxAbs(c.grad)))
  const names = left.map((c) => c.consumer).join(' and ')
  const why = left.map((c) => WHY_ZERO.get(c.consumer)).find((w) => w !== undefined)
  return `passes: the ${names} branch adds only ~${size.toExponential(0)} here${why === undefined ? '' : `, because ${why}`}; the lecture keeps it for correctness`
}

/** Which branches of a merge node's gradient the learner's gradient is the sum of (null when none fits). */
function branchesHeld(
  grad: Tensor | null,
  verdict: NodeVerdict,
  contributions: readonly Contribution[],
  maxElements: number
): NodeVerdict['branches'] | null {
  const total = contributions.length
  // a gradient the grader could not compare (shapes that don't broadcast, or too big a broadcast) holds no branch
  if (total < 2 || grad === null || verdict.approximate === null) return null
  const all = { matched: total, total, consumers: contributions.map((c) => c.consumer) }
  if (verdict.status === 'pass') {
    // a pass holds every branch unless it is nearer to a proper subset's sum: a branch that adds ~0 left out
    const full = verdict.maxdiff ?? 0
    let best: NodeVerdict['branches'] = all
    let bestDiff = full
    for (let mask = 1; mask < 2 ** total - 1; mask++) {
      const parts = contributions.filter((_, i) => mask & (1 << i))
      const sum = withGradMode(false, () => parts.slice(1).reduce((acc, c) => add(acc, c.grad), parts[0].grad))
      const c = compareTensors(grad, sum, maxElements)
      if (c !== null && c.approximate && c.maxdiff < bestDiff) {
        best = { matched: parts.length, total, consumers: parts.map((p) => p.consumer) }
        bestDiff = c.maxdiff
      }
    }
    return best
  }
  // few branches (2 or 3 in the lecture): try every proper subset, smallest first
  const subsets = [...Array(2 ** total - 1).keys()].map((m) => m + 1).filter((m) => m !== 2 ** total - 1)
  subsets.sort((a, b) => bitCount(a) - bitCount(b))
  for (const mask of subsets) {
    const parts = contributions.filter((_, i) => mask & (1 << i))
    const sum = withGradMode(false, () => parts.slice(1).reduce((acc, c) => add(acc, c.grad), parts[0].grad))
    const c = compareTensors(grad, sum, maxElements)
    if (c !== null && c.approximate) return { matched: parts.length, total, consumers: parts.map((p) => p.consumer) }
  }
  return null
}

/** The grader compares no more elements than the run may make in one tensor. */
function maxCompared(options: CheckOptions): number {
  return options.limits?.elements ?? MAX_COMPARED
}

function bitCount(m: number): number {
  let n = 0
  for (; m > 0; m >>= 1) n += m & 1
  return n
}

function summarize(nodes: Record<string, NodeVerdict>): CheckSummary {
  const s: CheckSummary = { pass: 0, shape: 0, fail: 0, missing: 0, error: 0 }
  for (const v of Object.values(nodes)) s[v.status]++
  return s
}

/**
 * A grader bound to one model. Every run starts from a clean interpreter (modules as built, globals fresh): a cell
 * that reassigns `torch.zeros_like` or `F.one_hot` changes its own run, never the next cell's.
 */
export class Grader {
  private readonly interp = new Interpreter()
  private scopeNames: Set<string> | undefined
  /** per node, what diagnose() is told beyond the values (worked out once, when first needed) */
  private readonly contexts = new Map<string, DiagnoseContext>()
  /** the last program's names before each cell (the app checks its cells one by one against the same program) */
  private programNames: { key: string; before: Map<string, Map<string, PyValue>> } | null = null

  constructor(readonly model: Lesson) {}

  /** The classic mistakes' results for a node (each run like a learner's cell), and whether it is squared. */
  private diagnoseContext(name: string): DiagnoseContext {
    let context = this.contexts.get(name)
    if (context !== undefined) return context
    const interp = new Interpreter()
    const mistakes: { grad: Tensor; note: string }[] = []
    for (const m of this.model.mistakes[name] ?? []) {
      const parsed = parse(m.code)
      if (!parsed.ok) throw new Error(`the classic mistake for ${name} does not parse`)
      const upstream = new Map<string, Tensor>()
      for (const u of this.model.upstream.get(name) ?? []) upstream.set(`d${u}`, this.model.grads.get(u)!)
      interp.reset(learnerScope(this.model, interp, upstream))
      const run = interp.run(parsed.module)
      const grad = interp.globals.vars.get(`d${name}`)
      if (run.error !== null || !(grad instanceof Tensor)) throw new Error(`the classic mistake for ${name} does not run: ${run.error?.message}`)
      mistakes.push({ grad, note: m.note })
    }
    const node = this.model.graph.nodes.find((x) => x.name === name)
    const square = new RegExp(`\\b${name}\\s*\\*\\*\\s*2\\b`)
    const squared = this.model.graph.nodes.some((x) => node?.consumers.includes(x.name) === true && square.test(x.source))
    context = { mistakes, squared }
    this.contexts.set(name, context)
    return context
  }

  /**
   * The learner's own names just before each cell of a program: the program runs once, top-level statement by
   * statement, and the names it bound so far are kept (tensors copied) before the first statement of each cell,
   * joined by the names other cells' statements bind before the cell's last one (a cell split around another's
   * lines reads them too). A program that raises keeps, for the cells after the error, the names it had by then.
   */
  private namesBefore(program: CellProgram, limits?: Partial<Limits>): Map<string, Map<string, PyValue>> {
    const key = `${JSON.stringify([...program.lines])}\u0000${program.source}`
    if (this.programNames?.key === key) return this.programNames.before
    const before = new Map<string, Map<string, PyValue>>()
    const parsed = parse(program.source)
    if (parsed.ok) {
      this.interp.reset(learnerScope(this.model, this.interp))
      const scope = this.learnerScopeNames()
      const body = parsed.module.body
      // where to look: before the statement holding each cell's first line, and before the one holding its last
      const points: { node: string; line: number }[] = []
      for (const [node, [first, last]] of program.lines) points.push({ node, line: first }, ...(last > first ? [{ node, line: last }] : []))
      points.sort((a, b) => a.line - b.line)
      let done = 0
      let failed = false
      // a runaway loop in another cell must not eat this cell's budget: the whole program gets a fifth of it
      const end = Date.now() + Math.min(limits?.millis ?? DEFAULT_LIMITS.millis, DEFAULT_LIMITS.millis) / 5
      for (const { node, line } of points) {
        let until = done
        while (until < body.length && body[until].span.endLine < line) until++
        if (!failed && until > done) {
          const millis = end - Date.now()
          const run = millis <= 0 ? null : this.interp.run({ kind: 'Module', body: body.slice(done, until), span: parsed.module.span }, { limits: { ...limits, millis } })
          failed = run === null || run.error !== null
          done = until
        }
        const names = before.get(node) ?? new Map<string, PyValue>()
        const fresh = new Map<string, PyValue>()
        for (const [k, v] of this.interp.globals.vars) if (!scope.has(k) && !names.has(k)) fresh.set(k, v)
        for (const [k, v] of copyTensors(fresh)) names.set(k, v)
        before.set(node, names)
      }
    }
    this.programNames = { key, before }
    return before
  }

  private learnerScopeNames(): Set<string> {
    this.scopeNames ??= new Set(learnerScope(this.model, this.interp).map(([k]) => k))
    return this.scopeNames
  }

  /** The names the last run bound beyond the learner's scope (and the upstream gradients given to it). */
  private assignedNames(given: readonly string[]): string[] {
    const scope = this.learnerScopeNames()
    return [...this.interp.globals.vars.keys()].filter((k) => !scope.has(k) && !given.includes(k))
  }

  /** Chained mode: the whole file as one notebook cell; every dX it defined is then judged. */
  checkChained(source: string, options: CheckOptions = {}): { result: CheckResult; nodes: Map<string, NodeCheck>; output: string; printed: Printed[] } {
    // an exported file's own cmp() section needs t.grad, which learner code never sees: it is left out
    const parsed = parse(chainedSource(source))
    let error: CodeError | null = null
    let trace: TraceStep[] = []
    const sink = outputSink()
    if (!parsed.ok) error = syntaxCodeError(parsed.error)
    else {
      this.interp.reset(learnerScope(this.model, this.interp))
      const run = this.interp.run(parsed.module, { trace: options.trace, limits: options.limits, print: sink.print })
      error = run.error
      trace = run.trace
    }
    const nodes = new Map<string, NodeCheck>()
    const verdicts: Record<string, NodeVerdict> = {}
    const names = parsed.ok ? this.assignedNames([]) : []
    for (const k of this.model.order) {
      const value = parsed.ok ? this.interp.globals.vars.get(`d${k}`) : undefined
      const { verdict, grad } = verdictFor(this.model, k, value, { names, isolated: false }, () => this.diagnoseContext(k), maxCompared(options))
      verdicts[k] = verdict
      nodes.set(k, { name: k, verdict, grad, error: null, trace: [] })
    }
    if (nodes.size > 0 && trace.length > 0) nodes.get(this.model.order[0])!.trace = trace
    return { result: this.result(error, verdicts), nodes, output: sink.text(), printed: sink.byLine() }
  }

  /** Isolated mode for one cell: true gradients of every upstream node bound as dY (fresh copies). */
  checkCell(name: string, code: string, options: CheckOptions = {}): NodeCheck {
    return this.checkWith(name, code, this.model.upstream.get(name) ?? [], options)
  }

  /** A fused exercise's cell (2: dlogits from logits and Yb; 3: dhprebn given dhpreact), judged against autograd. */
  checkFused(exercise: FusedExercise, code: string, options: CheckOptions = {}): NodeCheck {
    return this.checkWith(exercise.target, code, exercise.upstream, options)
  }

  private checkWith(name: string, code: string, bound: readonly string[], options: CheckOptions): NodeCheck {
    const truth = this.model.grads.get(name)
    if (truth === undefined) throw new Error(`'${name}' is not a checked node`)
    const parsed = parse(code)
    const expected = [...truth.shape]
    if (!parsed.ok) {
      const error = syntaxCodeError(parsed.error)
      return { name, verdict: errorVerdict(error, expected), grad: null, error, trace: [] }
    }
    const upstream = new Map<string, Tensor>()
    for (const u of bound) upstream.set(`d${u}`, this.model.grads.get(u)!)
    const before = options.program === undefined ? undefined : this.namesBefore(options.program, options.limits).get(name)
    this.interp.reset(learnerScope(this.model, this.interp, upstream))
    // the copies of the true upstream gradients this cell is given, to see whether it changes one in place
    const given = new Map<string, Tensor>()
    for (const k of upstream.keys()) given.set(k.slice(1), this.interp.globals.vars.get(k) as Tensor)
    const own: string[] = []
    if (before !== undefined)
      for (const [k, v] of copyTensors(before)) {
        if (k === `d${name}` || upstream.has(k)) continue
        this.interp.globals.vars.set(k, v)
        own.push(k)
      }
    if (options.preamble !== undefined && options.preamble.trim() !== '') {
      // a file's code above its first cell (imports, helper functions) runs before every cell, as in the notebook
      const pre = parse(options.preamble)
      const preError = pre.ok ? this.interp.run(pre.module, { limits: options.limits }).error : syntaxCodeError(pre.error)
      if (preError !== null) {
        const error = { ...preError, message: `${preError.message} (in the code above the first cell)` }
        return { name, verdict: errorVerdict(error, expected), grad: null, error, trace: [] }
      }
    }
    const sink = outputSink()
    const run = this.interp.run(parsed.module, { trace: options.trace, limits: options.limits, print: sink.print })
    const output = sink.text()
    if (run.error !== null) return { name, verdict: errorVerdict(run.error, expected), grad: null, error: run.error, trace: run.trace, output }
    // a cell of comments only (the app's starter) is not written yet: nothing to say about what it did
    const ran = parsed.module.body.length > 0 ? { names: this.assignedNames([...upstream.keys(), ...own]), isolated: true } : undefined
    const { verdict, grad } = verdictFor(this.model, name, this.interp.globals.vars.get(`d${name}`), ran, () => this.diagnoseContext(name), maxCompared(options))
    const changed: { node: string; grad: Tensor }[] = []
    for (const [node, copy] of given) if (judge(copy, this.model.grads.get(node)!, maxCompared(options)).status !== 'pass') changed.push({ node, grad: copy })
    return { name, verdict, grad, error: null, trace: run.trace, output, ...(changed.length > 0 ? { changed } : {}) }
  }

  /** Isolated mode for a whole solution: each node's cell on its own. */
  checkIsolated(cells: ReadonlyMap<string, string>, options: CheckOptions = {}): { result: CheckResult; nodes: Map<string, NodeCheck> } {
    const nodes = new Map<string, NodeCheck>()
    const verdicts: Record<string, NodeVerdict> = {}
    let first: CodeError | null = null
    for (const k of this.model.order) {
      const code = cells.get(k)
      const check: NodeCheck =
        code === undefined || code.trim() === ''
          ? { name: k, verdict: judge(null, this.model.grads.get(k)!), grad: null, error: null, trace: [] }
          : this.checkCell(k, code, options)
      if (check.error !== null && first === null) first = check.error
      verdicts[k] = check.verdict
      nodes.set(k, check)
    }
    // A cell that changes an upstream gradient in place (`dhprebn = dbndiff` makes them one tensor, then
    // `dhprebn += ...`) leaves that gradient wrong in the notebook once it has run: judged so, and said why.
    for (const k of this.model.order)
      for (const { node, grad } of nodes.get(k)?.changed ?? []) {
        if (verdicts[node].status !== 'pass') continue
        const { verdict } = verdictFor(this.model, node, grad)
        verdict.message = `your ${k} cell changes d${node} in place (a name bound to d${node} without .clone(), then changed): after it runs, d${node} no longer holds its gradient`
        verdicts[node] = verdict
        nodes.set(node, { ...nodes.get(node)!, verdict })
      }
    return { result: this.result(first, verdicts), nodes }
  }

  private result(error: CodeError | null, nodes: Record<string, NodeVerdict>): CheckResult {
    const config = 'config' in this.model ? (this.model as { config: CheckResult['config'] }).config : null
    return { config, loss: this.model.loss, error, nodes, summary: summarize(nodes) }
  }
}

// A lesson file becomes a Lesson: its setup runs once (with `words` bound), the tensors that require grad when it
// ends are the parameters, its forward section runs with autograd on and binds `loss`, and deriveLesson reads the
// rest off that run. Every problem is one LessonError with a line and column, never a half-built lesson.

import type { CodeError } from '../api'
import { Tensor } from '../tensor'
import { namesIn } from '../lang/syntax/ast'
import type * as A from '../lang/syntax/ast'
import { Interpreter, type Limits } from '../lang/runtime/evaluator'
import { parse } from '../lang/syntax/parser'
import { PyList, type PyValue } from '../lang/runtime/values'
import { splitCells } from '../grader/cells'
import { readLessonFile, LessonError, type LessonFile, type Section } from './file'
import { deriveLesson, type ForwardBinding, type Lesson } from './lesson'
import { derivedHints } from './hints'

/** The budgets of a lesson's own code: setup may build a data set; the forward pass is one batch. */
export const LESSON_LIMITS: Readonly<{ setup: Partial<Limits>; forward: Partial<Limits> }> = Object.freeze({
  setup: { steps: 20_000_000, millis: 60_000 },
  forward: { steps: 2_000_000, millis: 30_000 }
})

export interface LessonOptions {
  /** the lesson's id (its file name without .py) */
  id: string
  /** the bundled names, one a line: bound as `words` before setup runs */
  namesText: string
  limits?: { setup?: Partial<Limits>; forward?: Partial<Limits> }
}

function fail(where: string, e: CodeError): never {
  const what = e.kind === 'syntax' ? e.message : e.kind === 'limit' ? `${where} stopped: ${e.message}` : `${where} raised ${e.message}`
  throw new LessonError(what, e.line, e.col)
}

function parseSection(s: Section, where: string): A.Module {
  const parsed = parse(s.source)
  if (!parsed.ok) {
    const e = parsed.error
    throw new LessonError(`${where}: ${e.type}: ${e.message}`, e.line, e.col)
  }
  return parsed.module
}

/** The names a top-level statement binds (assignment targets, for-loop targets). */
function boundBy(stmt: A.Stmt): string[] {
  const out: string[] = []
  const target = (t: A.Expr): void => {
    if (t.kind === 'Name') out.push(t.id)
    else if (t.kind === 'Tuple' || t.kind === 'List') t.elts.forEach(target)
    else if (t.kind === 'Starred') target(t.value)
  }
  if (stmt.kind === 'Assign') stmt.targets.forEach(target)
  else if (stmt.kind === 'AugAssign' || stmt.kind === 'AnnAssign') target(stmt.target)
  else if (stmt.kind === 'For') target(stmt.target)
  return out
}

/** A line of the file without its trailing comment. */
function codeOf(text: string, line: number): string {
  return (text.split('\n')[line - 1] ?? '').replace(/\s+#.*$/, '').trim()
}

/** Builds the lesson a file describes, or throws LessonError. */
export function buildLesson(text: string, options: LessonOptions): Lesson {
  const file = readLessonFile(text)
  return buildFromFile(file, options)
}

export function buildFromFile(file: LessonFile, options: LessonOptions): Lesson {
  const setupAst = parseSection(file.setup, 'setup')
  const forwardAst = parseSection(file.forward, 'forward')
  const words = options.namesText.split(/\r?\n/).filter((w) => w !== '')
  const interp = new Interpreter([['words', new PyList(words)]])
  const setupRun = interp.run(setupAst, { grad: true, limits: { ...LESSON_LIMITS.setup, ...options.limits?.setup } })
  if (setupRun.error !== null) fail('the setup', setupRun.error)

  // parameters: the tensors that require grad when setup ends, named by the first name that bound each
  const params: ForwardBinding[] = []
  const seen = new Set<number>()
  for (const [name, v] of interp.globals.vars) {
    if (!(v instanceof Tensor) || !v.requiresGrad || seen.has(v.id)) continue
    seen.add(v.id)
    if (v.gradFn !== null)
      throw new LessonError(`'${name}' requires grad but is computed from other tensors: a parameter must be a leaf (set requires_grad on the tensor itself)`, file.setup.line, 1)
    params.push({ name, tensor: v, kind: 'parameter', line: 0, source: '', refs: [] })
  }
  if (params.length === 0)
    throw new LessonError('the setup leaves no parameters: give the tensors to learn requires_grad=True (p.requires_grad = True)', file.setup.line, 1)
  const before = new Map(interp.globals.vars)

  const forwardRun = interp.run(forwardAst, { grad: true, limits: { ...LESSON_LIMITS.forward, ...options.limits?.forward } })
  if (forwardRun.error !== null) fail('the forward pass', forwardRun.error)
  const vars = interp.globals.vars
  const lastLine = file.forward.line + Math.max(1, file.forward.source.split('\n').length - file.forward.line - 1)
  const loss = vars.get('loss')
  if (loss === undefined) throw new LessonError('the forward pass never binds loss: end it with loss = ...', file.forward.line, 1)
  const lossStmt = [...forwardAst.body].reverse().find((s) => boundBy(s).includes('loss'))
  const lossAt = lossStmt?.span.line ?? lastLine
  if (!(loss instanceof Tensor)) throw new LessonError(`loss must be a scalar tensor, got ${loss === null ? 'None' : typeof loss === 'bigint' ? 'int' : typeof loss === 'number' ? 'float' : 'a non-tensor'}`, lossAt, 1)
  if (loss.numel !== 1 || loss.ndim !== 0) throw new LessonError(`loss must be a scalar (a 0-d tensor), but its shape is [${loss.shape.join(', ')}]`, lossAt, 1)
  if (loss.dtype !== 'float32') throw new LessonError(`loss must be a float tensor, not ${loss.dtype}`, lossAt, 1)
  if (loss.gradFn === null) throw new LessonError('loss does not depend on any parameter: nothing to backpropagate', lossAt, 1)

  // nodes: every name the forward pass left bound to a tensor that requires grad, less loss and the parameters
  const lastBinding = new Map<string, A.Stmt>()
  for (const stmt of forwardAst.body) for (const name of boundBy(stmt)) lastBinding.set(name, stmt)
  const mentioned = namesIn(forwardAst)
  const inputs: ForwardBinding[] = []
  for (const [name, v] of before)
    if (v instanceof Tensor && !v.requiresGrad && mentioned.has(name) && !lastBinding.has(name))
      inputs.push({ name, tensor: v, kind: 'input', line: 0, source: '', refs: [] })
  const intermediates: ForwardBinding[] = []
  for (const [name, v] of vars) {
    if (!(v instanceof Tensor) || !v.requiresGrad || seen.has(v.id) || name === 'loss') continue
    seen.add(v.id)
    const stmt = lastBinding.get(name)
    const line = stmt?.span.line ?? file.forward.line
    const refs = stmt === undefined ? [] : [...namesIn(stmt.kind === 'Assign' ? stmt.value : stmt)]
    intermediates.push({ name, tensor: v, kind: 'intermediate', line, source: codeOf(file.text, line), refs })
  }
  intermediates.sort((a, b) => a.line - b.line)
  const lossBinding: ForwardBinding = { name: 'loss', tensor: loss, kind: 'loss', line: lossAt, source: codeOf(file.text, lossAt), refs: [...namesIn(lossStmt ?? null)] }
  const nodeNames = [...intermediates, ...params].map((b) => b.name)

  let order: string[] | null = null
  if (file.check !== null) {
    const unknown = file.check.names.filter((k) => !nodeNames.includes(k))
    if (unknown.length > 0)
      throw new LessonError(`the check section names ${unknown.map((k) => `'${k}'`).join(', ')}, not ${unknown.length > 1 ? 'nodes' : 'a node'} of the forward pass (its nodes: ${nodeNames.join(' ')})`, file.check.line, 1)
    const left = nodeNames.filter((k) => !file.check!.names.includes(k))
    if (left.length > 0) throw new LessonError(`the check section leaves out ${left.join(', ')}: it lists every node`, file.check.line, 1)
    order = [...new Set(file.check.names)]
  }
  const derived = deriveLesson([...inputs, ...params, ...intermediates, lossBinding], loss, order)

  const scope = new Map<string, PyValue>()
  for (const [k, v] of vars) if (!k.startsWith('__')) scope.set(k, v)
  const batch = vars.get('n') ?? vars.get('batch_size')
  const solution = new Map<string, string>()
  if (file.solution !== null) {
    const split = splitCells(file.solution.source.trimStart(), derived.order)
    for (const [k, code] of split.cells) solution.set(k, code)
  }
  const hints = new Map<string, string[]>()
  const made = derivedHints(derived.graph)
  for (const k of derived.order) hints.set(k, file.hints.get(k) ?? made.get(k) ?? [])
  return {
    id: options.id,
    title: file.title,
    description: file.description,
    ...derived,
    params: params.map((p) => p.name),
    loss: loss.item(),
    scope,
    batchSize: typeof batch === 'bigint' ? Number(batch) : null,
    forwardSource: file.forward.source,
    solution,
    solutionSource: file.solution === null ? '' : file.solution.source.trimStart(),
    hints,
    mistakes: {}
  }
}

export { LessonError }

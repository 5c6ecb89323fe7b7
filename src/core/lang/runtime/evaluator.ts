// The tree-walking evaluator: runs a parsed learner program over interpreter values, with Python's semantics for
// names, assignment (aliasing included), augmented assignment (in place for tensors), loops and functions, and
// limits on steps, time and nesting so that no program can hang or crash the app.

import type { CodeError, TraceBinding, TraceStep } from '../../api'
import { SizeLimitError, Tensor, TensorError, withGradMode } from '../../tensor'
import { setAllocationGuard, setWorkGuard } from '../../tensor/dtype'
import * as T from '../../tensor'
import type * as A from '../syntax/ast'
import { getAttribute, setAttribute } from './attributes'
import { iterate, makeBuiltins } from './builtins'
import { setItemGuard } from './iteration'
import { makeFunctionalModule } from '../torch/functional-module'
import { makeMathModule } from './math-module'
import { makeRandomModule } from './random-module'
import { binaryOp, compareOp, getSubscript, setSubscript, unaryOp, type BinaryOp } from './operators'
import type { OpObserver } from './observer'
import { formatValue } from './format-spec'
import { repr, str } from './repr'
import { limitError, makeRuntimeContext, type RuntimeContext } from './runtime'
import { closestName } from './suggest'
import { makeTorchModule } from '../torch/torch-module'
import { DEFAULT_TORCH_SEED } from '../../random'
import {
  ELLIPSIS,
  PyBuiltin,
  PyContextManager,

  PyDict,
  PySet,
  PyException,
  PyFunction,
  PyList,
  PyModule,
  PySlice,
  PyTuple,
  pyError,
  truthy,
  typeName,
  type Kwargs,
  type PyValue
} from './values'
import { dictKey, dictSet } from './dicts'

export interface Limits {
  /** statements, loop iterations and calls of the program's own functions and lambdas executed */
  steps: number
  /**
   * units of work done inside single statements, charged before the work is done: a matrix product (n, k) @ (k, m)
   * costs n·k·m, a list or string built by size (`[0] * n`, `'a' * n`, `list(range(n))`) its items, a sort
   * n·log2(n), every item a builtin takes from an iterable one
   */
  work: number
  /** wall-clock budget in milliseconds */
  millis: number
  /** nesting of expression evaluation and function calls */
  depth: number
  /** elements of one tensor, list or string */
  elements: number
  /** tensor elements allocated in all during one run */
  totalElements: number
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  steps: 2_000_000,
  work: 2_000_000_000,
  millis: 5_000,
  depth: 2_000,
  elements: 20_000_000,
  totalElements: 400_000_000
})

export interface RunOptions {
  limits?: Partial<Limits>
  /** record a trace of executed statements and the names they bound (bounded) */
  trace?: boolean
  /** run with autograd recording (the forward pass); learner code runs with it off, as under torch.no_grad() */
  grad?: boolean
  /** print()'s text, with the line of the top-level statement that printed it (whose cell's output it is) */
  print?: (text: string, line: number) => void
}

export interface RunResult {
  error: CodeError | null
  trace: TraceStep[]
  /** steps executed */
  steps: number
}

const MAX_TRACE = 5_000

/** Units of work between two looks at the clock (a few milliseconds of the slowest work at most). */
const CLOCK_EVERY = 4_096

/** Control flow out of a block. */
const enum Flow {
  Normal,
  Break,
  Continue,
  Return
}

class Scope {
  readonly vars = new Map<string, PyValue>()
  constructor(readonly parent: Scope | null) {}
}

interface FunctionDecl {
  params: A.Parameters
  body: readonly A.Stmt[] | A.Expr
  defaults: PyValue[]
  kwDefaults: PyValue[]
}

/** An error raised inside evaluation, tagged with the place of the innermost node that raised it. */
class Located extends Error {
  constructor(
    readonly inner: unknown,
    readonly span: A.Span
  ) {
    super('located')
  }
}

const MODULE_NAMES = ['torch', 'torch.nn', 'torch.nn.functional', 'math', 'random'] as const

/** Runs learner programs against a set of globals (the forward tensors, upstream gradients, torch, F, ...). */
export class Interpreter {
  readonly globals: Scope
  private readonly builtins: Map<string, PyValue>
  private readonly modules = new Map<string, PyModule>()
  private readonly pristine = new Map<string, Map<string, PyValue>>()
  private readonly ctx: RuntimeContext
  private limits: Limits = { ...DEFAULT_LIMITS }
  private steps = 0
  private deadline = 0
  private depth = 0
  private traceOn = false
  private trace: TraceStep[] = []
  private returnValue: PyValue = null
  private printSink: (text: string, line: number) => void = () => {}
  /** the line of the statement running at module level (a call into a function keeps its caller's line) */
  private topLine = 0
  private readonly resetRandom: () => void
  /** told about every operation (the learner-code compiler's tracer); null normally */
  observer: OpObserver | null = null

  constructor(globals: Iterable<[string, PyValue]> = []) {
    this.ctx = makeRuntimeContext({ print: (text) => this.printSink(text, this.topLine) })
    this.ctx.call = (fn, args) => this.call(fn, args, new Map())
    this.ctx.checkElements = (n, what) => {
      if (n > this.limits.elements)
        throw limitError(
          `a ${what} of ${n.toLocaleString('en-US')} elements is larger than the limit of ${this.limits.elements.toLocaleString('en-US')}`
        )
    }
    this.builtins = makeBuiltins(this.ctx)
    const torch = makeTorchModule(this.ctx)
    this.modules.set('torch', torch)
    const nn = torch.attrs.get('nn')
    const F = makeFunctionalModule(this.ctx)
    if (nn instanceof PyModule) {
      this.modules.set('torch.nn', nn)
      nn.attrs.set('functional', F)
    }
    this.modules.set('torch.nn.functional', F)
    this.modules.set('math', makeMathModule())
    const random = makeRandomModule()
    this.modules.set('random', random.module)
    this.resetRandom = random.reset
    for (const [name, mod] of this.modules) this.pristine.set(name, new Map(mod.attrs))
    this.globals = new Scope(null)
    for (const [k, v] of globals) this.globals.vars.set(k, v)
  }

  /**
   * A clean slate for the next program, cheaper than a new interpreter: the modules' attributes as built (a program
   * may have reassigned `torch.zeros_like`), torch's default generator reseeded, and the given globals.
   */
  reset(entries: Iterable<[string, PyValue]>): void {
    for (const [name, mod] of this.modules) {
      const pristine = this.pristine.get(name)!
      mod.attrs.clear()
      for (const [k, v] of pristine) mod.attrs.set(k, v)
    }
    this.ctx.generator.manualSeed(DEFAULT_TORCH_SEED)
    this.resetRandom()
    this.globals.vars.clear()
    for (const [k, v] of entries) this.globals.vars.set(k, v)
  }

  /** The module object for an importable name (torch, torch.nn.functional, math). */
  module(name: string): PyModule | undefined {
    return this.modules.get(name)
  }

  /** Runs a parsed program; errors come back as values with a place, never as exceptions. */
  run(program: A.Module, options: RunOptions = {}): RunResult {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.steps = 0
    this.depth = 0
    this.deadline = Date.now() + this.limits.millis
    this.traceOn = options.trace ?? false
    this.trace = []
    this.printSink = options.print ?? (() => {})
    this.topLine = 0
    const previousMax = T.maxElements
    T.setMaxElements(this.limits.elements)
    // work is counted in all; the clock is read once per CLOCK_EVERY units, and before any big piece of work
    let work = 0
    let sinceClock = 0
    const charge = (n: number, what: string): void => {
      work += n
      if (work > this.limits.work)
        throw limitError(
          `${what} would take the program past its limit of ${this.limits.work.toLocaleString('en-US')} units of work ` +
            `(a matrix product (n, k) @ (k, m) costs n·k·m, a list or string its items); is something much bigger than intended?`
        )
      sinceClock += n
      if (sinceClock >= CLOCK_EVERY) {
        sinceClock = 0
        if (Date.now() > this.deadline)
          throw limitError(`the program ran longer than ${this.limits.millis / 1000} s; is it working on something huge?`)
      }
    }
    const itemGuard = setItemGuard(() => charge(1, 'iterating further'))
    const workGuard = setWorkGuard(charge)
    let allocated = 0
    const allocationGuard = setAllocationGuard((n) => {
      allocated += n
      if (allocated > this.limits.totalElements)
        throw limitError(`the program made more than ${this.limits.totalElements.toLocaleString('en-US')} tensor elements in all`)
    })
    let error: CodeError | null = null
    try {
      withGradMode(options.grad ?? false, () => this.execBlock(program.body, this.globals))
    } catch (e) {
      error = toCodeError(e, program.span)
    } finally {
      T.setMaxElements(previousMax)
      setItemGuard(itemGuard)
      setWorkGuard(workGuard)
      setAllocationGuard(allocationGuard)
    }
    return { error, trace: this.trace, steps: this.steps }
  }

  // *** statements ***

  private tick(span: A.Span): void {
    this.steps++
    if (this.steps > this.limits.steps)
      throw new Located(limitError(`the program ran more than ${this.limits.steps.toLocaleString('en-US')} steps; is there a runaway loop?`), span)
    if ((this.steps & 1023) === 0 && Date.now() > this.deadline)
      throw new Located(limitError(`the program ran longer than ${this.limits.millis / 1000} s; is there a runaway loop?`), span)
  }

  private execBlock(body: readonly A.Stmt[], scope: Scope): Flow {
    for (const stmt of body) {
      const flow = this.exec(stmt, scope)
      if (flow !== Flow.Normal) return flow
    }
    return Flow.Normal
  }

  private exec(stmt: A.Stmt, scope: Scope): Flow {
    this.tick(stmt.span)
    if (scope === this.globals) this.topLine = stmt.span.line
    const bound: string[] | null = this.traceOn ? [] : null
    const flow = this.execInner(stmt, scope, bound)
    if (bound !== null && stmt.kind !== 'For' && stmt.kind !== 'While' && stmt.kind !== 'If' && stmt.kind !== 'With' && this.trace.length < MAX_TRACE)
      this.trace.push({ line: stmt.span.line, col: stmt.span.col, bindings: bound.map((n) => describe(n, this.lookupOptional(n, scope))) })
    return flow
  }

  private execInner(stmt: A.Stmt, scope: Scope, bound: string[] | null): Flow {
    switch (stmt.kind) {
      case 'ExprStmt':
        this.evaluate(stmt.value, scope)
        return Flow.Normal
      case 'Assign': {
        const value = this.evaluate(stmt.value, scope)
        for (const target of stmt.targets) this.assign(target, value, scope, bound)
        return Flow.Normal
      }
      case 'AnnAssign':
        if (stmt.value !== null) this.assign(stmt.target, this.evaluate(stmt.value, scope), scope, bound)
        return Flow.Normal
      case 'AugAssign':
        this.augAssign(stmt, scope, bound)
        return Flow.Normal
      case 'For':
        return this.execFor(stmt, scope)
      case 'While': {
        while (this.truth(stmt.test, scope)) {
          this.tick(stmt.span)
          const flow = this.execBlock(stmt.body, scope)
          if (flow === Flow.Break) return Flow.Normal
          if (flow === Flow.Return) return flow
        }
        return this.execBlock(stmt.orelse, scope)
      }
      case 'If': {
        for (const branch of stmt.branches) if (this.truth(branch.test, scope)) return this.execBlock(branch.body, scope)
        return this.execBlock(stmt.orelse, scope)
      }
      case 'Pass':
        return Flow.Normal
      case 'Break':
        return Flow.Break
      case 'Continue':
        return Flow.Continue
      case 'Return':
        this.returnValue = stmt.value === null ? null : this.evaluate(stmt.value, scope)
        return Flow.Return
      case 'FunctionDef': {
        if (stmt.decorators.length > 0) throw new Located(pyError('SyntaxError', 'decorators are not supported in Backprop Ninja'), stmt.span)
        const fn = this.makeFunction(stmt.name, stmt.params, stmt.body, scope)
        scope.vars.set(stmt.name, fn)
        bound?.push(stmt.name)
        return Flow.Normal
      }
      case 'Import':
        for (const alias of stmt.names) {
          const mod = this.importModule(alias.name, alias.span)
          if (alias.asname !== null) scope.vars.set(alias.asname, mod)
          else {
            const top = alias.name.split('.')[0]
            scope.vars.set(top, this.importModule(top, alias.span))
          }
        }
        return Flow.Normal
      case 'ImportFrom': {
        if (stmt.module === null || stmt.level > 0)
          throw new Located(pyError('ImportError', 'attempted relative import with no known parent package'), stmt.span)
        const mod = this.importModule(stmt.module, stmt.span)
        for (const alias of stmt.names) {
          if (alias.name === '*') throw new Located(pyError('SyntaxError', "'import *' is not supported in Backprop Ninja"), alias.span)
          const sub = this.modules.get(`${stmt.module}.${alias.name}`)
          const value = sub ?? this.guard(alias.span, () => getAttribute(mod, alias.name))
          scope.vars.set(alias.asname ?? alias.name, value)
        }
        return Flow.Normal
      }
      case 'Delete':
        for (const t of stmt.targets) this.deleteTarget(t, scope)
        return Flow.Normal
      case 'Assert':
        if (!this.truth(stmt.test, scope))
          throw new Located(pyError('AssertionError', stmt.msg === null ? '' : str(this.evaluate(stmt.msg, scope))), stmt.span)
        return Flow.Normal
      case 'Raise':
        throw new Located(this.makeRaised(stmt, scope), stmt.span)
      case 'With':
        return this.execWith(stmt, 0, scope, bound)
      case 'Global':
      case 'Nonlocal':
        throw new Located(pyError('SyntaxError', `'${stmt.kind.toLowerCase()}' is not supported in Backprop Ninja`), stmt.span)
    }
  }

  private makeRaised(stmt: A.Raise, scope: Scope): PyException {
    if (stmt.exc === null) return pyError('RuntimeError', 'No active exception to reraise')
    const e = stmt.exc
    const callee = e.kind === 'Call' ? e.func : e
    const name = callee.kind === 'Name' ? callee.id : null
    if (name !== null && /^[A-Z][A-Za-z]*(Error|Exception)$|^Exception$/.test(name)) {
      const args = e.kind === 'Call' ? e.args.filter((a) => a.kind === 'positional').map((a) => this.evaluate(a.value, scope)) : []
      return pyError(name, args.length > 0 ? str(args[0]) : '')
    }
    return pyError('TypeError', 'exceptions must derive from BaseException')
  }

  /** Enters item `i`'s context manager, runs the rest (later items, then the body), and always exits it. */
  private execWith(stmt: A.With, i: number, scope: Scope, bound: string[] | null): Flow {
    if (i === stmt.items.length) return this.execBlock(stmt.body, scope)
    const item = stmt.items[i]
    const manager = this.evaluate(item.context, scope)
    if (!(manager instanceof PyContextManager))
      throw new Located(pyError('TypeError', `'${typeName(manager)}' object does not support the context manager protocol`), item.context.span)
    manager.enter()
    try {
      if (item.name !== null) {
        scope.vars.set(item.name, manager)
        bound?.push(item.name)
      }
      return this.execWith(stmt, i + 1, scope, bound)
    } finally {
      manager.exit()
    }
  }

  private execFor(stmt: A.For, scope: Scope): Flow {
    const iterable = this.evaluate(stmt.iter, scope)
    const items = this.guard(stmt.iter.span, () => iterate(iterable))
    for (const item of items) {
      this.tick(stmt.span)
      this.assign(stmt.target, item, scope, null)
      const flow = this.execBlock(stmt.body, scope)
      if (flow === Flow.Break) return Flow.Normal
      if (flow === Flow.Return) return flow
    }
    return this.execBlock(stmt.orelse, scope)
  }

  private importModule(name: string, span: A.Span): PyModule {
    const mod = this.modules.get(name)
    if (mod !== undefined) return mod
    const top = name.split('.')[0]
    const hint = top === 'numpy' ? ': use torch tensors instead' : `; only ${MODULE_NAMES.join(', ')} can be imported here`
    throw new Located(pyError('ModuleNotFoundError', `No module named '${name}'${hint}`), span)
  }

  // *** assignment ***

  private assign(target: A.Expr, value: PyValue, scope: Scope, bound: string[] | null): void {
    switch (target.kind) {
      case 'Name':
        scope.vars.set(target.id, value)
        bound?.push(target.id)
        return
      case 'Subscript': {
        const container = this.evaluate(target.value, scope)
        const index = this.evalIndex(target.index, scope)
        this.guard(target.span, () => setSubscript(container, index, value))
        this.observer?.event({ kind: 'setitem', container, index, value }, target.span)
        if (target.value.kind === 'Name') bound?.push(target.value.id)
        return
      }
      case 'Attribute': {
        const obj = this.evaluate(target.value, scope)
        this.guard(target.attrSpan, () => setAttribute(obj, target.attr, value))
        this.observer?.event({ kind: 'setattr', obj, name: target.attr, value }, target.attrSpan)
        return
      }
      case 'Tuple':
      case 'List': {
        const items = [...this.guard(target.span, () => iterate(value))]
        const star = target.elts.findIndex((e) => e.kind === 'Starred')
        if (star < 0) {
          if (items.length !== target.elts.length)
            throw new Located(
              pyError(
                'ValueError',
                items.length > target.elts.length
                  ? `too many values to unpack (expected ${target.elts.length})`
                  : `not enough values to unpack (expected ${target.elts.length}, got ${items.length})`
              ),
              target.span
            )
          target.elts.forEach((e, i) => this.assign(e, items[i], scope, bound))
          return
        }
        const after = target.elts.length - star - 1
        if (items.length < target.elts.length - 1)
          throw new Located(pyError('ValueError', `not enough values to unpack (expected at least ${target.elts.length - 1}, got ${items.length})`), target.span)
        target.elts.slice(0, star).forEach((e, i) => this.assign(e, items[i], scope, bound))
        const starred = target.elts[star] as A.Starred
        this.assign(starred.value, new PyList(items.slice(star, items.length - after)), scope, bound)
        target.elts.slice(star + 1).forEach((e, i) => this.assign(e, items[items.length - after + i], scope, bound))
        return
      }
      case 'Starred':
        throw new Located(pyError('SyntaxError', 'starred assignment target must be in a list or tuple'), target.span)
      default:
        throw new Located(pyError('SyntaxError', 'cannot assign to expression'), target.span)
    }
  }

  /** `x op= v`: in place for tensors and lists (so every alias sees it), a rebinding for numbers and strings. */
  private augAssign(stmt: A.AugAssign, scope: Scope, bound: string[] | null): void {
    const target = stmt.target
    const apply = (current: PyValue, value: PyValue): PyValue => {
      const out = this.guard(stmt.span, () => inplace(stmt.op, current, value))
      this.observer?.event({ kind: 'inplace', op: stmt.op, target: current, value, out }, stmt.span)
      return out
    }
    if (target.kind === 'Name') {
      const current = this.lookup(target, scope)
      const value = this.evaluate(stmt.value, scope)
      scope.vars.set(target.id, apply(current, value))
      bound?.push(target.id)
    } else if (target.kind === 'Subscript') {
      const container = this.evaluate(target.value, scope)
      const index = this.evalIndex(target.index, scope)
      const current = this.guard(target.span, () => getSubscript(container, index))
      this.observer?.event({ kind: 'getitem', container, index, out: current }, target.span)
      const value = this.evaluate(stmt.value, scope)
      const result = apply(current, value)
      this.guard(target.span, () => setSubscript(container, index, result))
      this.observer?.event({ kind: 'setitem', container, index, value: result }, target.span)
      if (target.value.kind === 'Name') bound?.push(target.value.id)
    } else if (target.kind === 'Attribute') {
      const obj = this.evaluate(target.value, scope)
      const current = this.guard(target.attrSpan, () => getAttribute(obj, target.attr))
      this.observer?.event({ kind: 'getattr', obj, name: target.attr, out: current }, target.attrSpan)
      const value = this.evaluate(stmt.value, scope)
      const result = apply(current, value)
      this.guard(target.attrSpan, () => setAttribute(obj, target.attr, result))
      this.observer?.event({ kind: 'setattr', obj, name: target.attr, value: result }, target.attrSpan)
    } else throw new Located(pyError('SyntaxError', "'expression' is an illegal expression for augmented assignment"), target.span)
  }

  private deleteTarget(target: A.Expr, scope: Scope): void {
    if (target.kind === 'Name') {
      if (!scope.vars.delete(target.id)) throw new Located(pyError('NameError', `name '${target.id}' is not defined`), target.span)
    } else if (target.kind === 'Tuple' || target.kind === 'List') {
      for (const e of target.elts) this.deleteTarget(e, scope)
    } else if (target.kind === 'Subscript') {
      const container = this.evaluate(target.value, scope)
      const index = this.evalIndex(target.index, scope)
      if (container instanceof PyList && typeof index === 'bigint') {
        const i = Number(index < 0n ? index + BigInt(container.items.length) : index)
        if (i < 0 || i >= container.items.length) throw new Located(pyError('IndexError', 'list assignment index out of range'), target.span)
        container.items.splice(i, 1)
      } else if (container instanceof PyDict) container.entries.delete(dictKey(index))
      else throw new Located(pyError('TypeError', `'${typeName(container)}' object doesn't support item deletion`), target.span)
    } else throw new Located(pyError('SyntaxError', 'cannot delete expression'), target.span)
  }

  // *** expressions ***

  private guard<X>(span: A.Span, fn: () => X): X {
    if (this.observer !== null) this.observer.span = span
    try {
      return fn()
    } catch (e) {
      if (e instanceof Located) throw e
      throw new Located(e, span)
    }
  }

  private truth(e: A.Expr, scope: Scope): boolean {
    const v = this.evaluate(e, scope)
    return this.guard(e.span, () => truthy(v))
  }

  private lookupOptional(name: string, scope: Scope): PyValue | undefined {
    for (let s: Scope | null = scope; s !== null; s = s.parent) {
      const v = s.vars.get(name)
      if (v !== undefined || s.vars.has(name)) return v
    }
    return this.builtins.get(name)
  }

  private lookup(node: A.Name, scope: Scope): PyValue {
    const v = this.lookupOptional(node.id, scope)
    if (v !== undefined) return v
    const names = new Set<string>(this.builtins.keys())
    for (let s: Scope | null = scope; s !== null; s = s.parent) for (const k of s.vars.keys()) names.add(k)
    const hint = closestName(node.id, names)
    throw new Located(
      pyError('NameError', `name '${node.id}' is not defined${hint === null ? '' : `. Did you mean: '${hint}'?`}`),
      node.span
    )
  }

  evaluate(e: A.Expr, scope: Scope): PyValue {
    if (++this.depth > this.limits.depth) {
      this.depth = 0
      throw new Located(limitError('this expression is nested too deeply to evaluate'), e.span)
    }
    try {
      return this.evalInner(e, scope)
    } finally {
      this.depth--
    }
  }

  private evalInner(e: A.Expr, scope: Scope): PyValue {
    switch (e.kind) {
      case 'Name':
        return this.lookup(e, scope)
      case 'Int':
        return e.value
      case 'Float':
        return e.value
      case 'Str':
        return e.value
      case 'Bool':
        return e.value
      case 'None':
        return null
      case 'Ellipsis':
        return ELLIPSIS
      case 'FString':
        return this.fstring(e.parts, scope)
      case 'Tuple':
        return new PyTuple(this.evalElements(e.elts, scope))
      case 'List':
        return new PyList(this.evalElements(e.elts, scope))
      case 'Dict': {
        const d = new PyDict()
        for (const entry of e.entries) {
          if (entry.kind === 'unpack') throw new Located(pyError('SyntaxError', 'dict unpacking is not supported here'), e.span)
          const k = this.evaluate(entry.key, scope)
          const v = this.evaluate(entry.value, scope)
          this.guard(entry.key.span, () => dictSet(d, k, v))
        }
        return d
      }
      case 'ListComp':
        return new PyList(this.comprehension(e.elt, e.generators, scope))
      case 'GeneratorExp':
        return new PyList(this.comprehension(e.elt, e.generators, scope))
      case 'Attribute': {
        const obj = this.evaluate(e.value, scope)
        const out = this.guard(e.attrSpan, () => getAttribute(obj, e.attr))
        this.observer?.event({ kind: 'getattr', obj, name: e.attr, out }, e.attrSpan)
        return out
      }
      case 'Subscript': {
        const container = this.evaluate(e.value, scope)
        const index = this.evalIndex(e.index, scope)
        const out = this.guard(e.span, () => getSubscript(container, index))
        this.observer?.event({ kind: 'getitem', container, index, out }, e.span)
        return out
      }
      case 'Call':
        return this.evalCall(e, scope)
      case 'UnaryOp': {
        if (e.op === 'not') return !this.truth(e.operand, scope)
        const v = this.evaluate(e.operand, scope)
        const op = e.op
        const out = this.guard(e.span, () => unaryOp(op, v))
        this.observer?.event({ kind: 'unary', op, a: v, out }, e.span)
        return out
      }
      case 'BinOp': {
        const a = this.evaluate(e.left, scope)
        const b = this.evaluate(e.right, scope)
        const out = this.guard(e.span, () => binaryOp(e.op, a, b))
        this.observer?.event({ kind: 'binary', op: e.op, a, b, out }, e.span)
        return out
      }
      case 'BoolOp': {
        let v: PyValue = null
        for (const x of e.values) {
          v = this.evaluate(x, scope)
          const t = this.guard(x.span, () => truthy(v))
          if (e.op === 'and' ? !t : t) return v
        }
        return v
      }
      case 'Compare': {
        let left = this.evaluate(e.left, scope)
        let result: PyValue = true
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.evaluate(e.comparators[i], scope)
          const op = e.ops[i]
          const l = left
          result = this.guard(e.span, () => compareOp(op, l, right))
          this.observer?.event({ kind: 'compare', op, a: l, b: right, out: result }, e.span)
          if (i < e.ops.length - 1 && !this.guard(e.span, () => truthy(result))) return result
          left = right
        }
        return result
      }
      case 'IfExp':
        return this.truth(e.test, scope) ? this.evaluate(e.body, scope) : this.evaluate(e.orelse, scope)
      case 'Lambda':
        return this.makeFunction('<lambda>', e.params, e.body, scope)
      case 'Slice':
        return new PySlice(
          e.lower === null ? null : this.evaluate(e.lower, scope),
          e.upper === null ? null : this.evaluate(e.upper, scope),
          e.step === null ? null : this.evaluate(e.step, scope)
        )
      case 'Starred':
        throw new Located(pyError('SyntaxError', "can't use starred expression here"), e.span)
      case 'DictComp': {
        // the key is evaluated before the value, as Python 3.8+ does
        const pair: A.Expr = { kind: 'Tuple', elts: [e.key, e.value], span: e.span }
        const d = new PyDict()
        for (const kv of this.comprehension(pair, e.generators, scope)) {
          const [k, v] = (kv as PyTuple).items
          this.guard(e.key.span, () => dictSet(d, k, v))
        }
        return d
      }
      case 'Set':
      case 'SetComp': {
        const items = e.kind === 'Set' ? this.evalElements(e.elts, scope) : this.comprehension(e.elt, e.generators, scope)
        const out = new PySet()
        for (const x of items) this.guard(e.span, () => out.entries.set(dictKey(x), [x, x]))
        return out
      }
      case 'Bytes':
        throw new Located(pyError('SyntaxError', 'bytes literals are not supported in Backprop Ninja'), e.span)
    }
  }

  private evalIndex(index: A.Expr, scope: Scope): PyValue {
    return this.evaluate(index, scope)
  }

  private evalElements(elts: readonly A.Expr[], scope: Scope): PyValue[] {
    const out: PyValue[] = []
    for (const x of elts) {
      if (x.kind === 'Starred') {
        const v = this.evaluate(x.value, scope)
        out.push(...this.guard(x.span, () => iterate(v)))
      } else out.push(this.evaluate(x, scope))
    }
    return out
  }

  private fstring(parts: readonly A.FStringPart[], scope: Scope): string {
    let s = ''
    for (const p of parts) {
      if (p.kind === 'text') s += p.value
      else {
        const v = this.evaluate(p.value, scope)
        const spec = p.formatSpec === null ? '' : this.fstring(p.formatSpec, scope)
        s += this.guard(p.span, () => formatValue(p.conversion === 'r' ? repr(v) : v, spec))
      }
    }
    return s
  }

  private comprehension(elt: A.Expr, generators: readonly A.Comprehension[], scope: Scope): PyValue[] {
    const inner = new Scope(scope)
    const out: PyValue[] = []
    const loop = (g: number): void => {
      if (g === generators.length) {
        out.push(this.evaluate(elt, inner))
        this.ctx.checkElements(out.length, 'list')
        return
      }
      const gen = generators[g]
      const iterable = this.evaluate(gen.iter, g === 0 ? scope : inner)
      for (const item of this.guard(gen.iter.span, () => iterate(iterable))) {
        this.tick(gen.span)
        this.assign(gen.target, item, inner, null)
        if (gen.ifs.every((c) => this.truth(c, inner))) loop(g + 1)
      }
    }
    loop(0)
    return out
  }

  private evalCall(e: A.Call, scope: Scope): PyValue {
    const fn = this.evaluate(e.func, scope)
    const args: PyValue[] = []
    const kwargs = new Map<string, PyValue>()
    for (const a of e.args) {
      switch (a.kind) {
        case 'positional':
          args.push(this.evaluate(a.value, scope))
          break
        case 'star': {
          const v = this.evaluate(a.value, scope)
          args.push(...this.guard(a.span, () => iterate(v)))
          break
        }
        case 'keyword':
          kwargs.set(a.name, this.evaluate(a.value, scope))
          break
        case 'doublestar': {
          const v = this.evaluate(a.value, scope)
          if (!(v instanceof PyDict)) throw new Located(pyError('TypeError', `argument after ** must be a mapping, not ${typeName(v)}`), a.span)
          for (const [k, val] of v.entries.values()) {
            if (typeof k !== 'string') throw new Located(pyError('TypeError', 'keywords must be strings'), a.span)
            kwargs.set(k, val)
          }
          break
        }
      }
    }
    const out = this.guard(e.span, () => this.call(fn, args, kwargs))
    if (this.observer !== null && fn instanceof PyBuiltin) this.observer.event({ kind: 'call', fn, args, kwargs, out }, e.span)
    return out
  }

  /** Calls any callable value with positional and keyword arguments. */
  call(fn: PyValue, args: PyValue[], kwargs: Kwargs): PyValue {
    if (fn instanceof PyBuiltin) return fn.fn(args, kwargs)
    if (fn instanceof PyFunction) return this.callFunction(fn, args, kwargs)
    throw pyError('TypeError', `'${typeName(fn)}' object is not callable`)
  }

  private makeFunction(name: string, params: A.Parameters, body: readonly A.Stmt[] | A.Expr, scope: Scope): PyFunction {
    const defaults = params.positional.filter((p) => p.default !== null).map((p) => this.evaluate(p.default!, scope))
    const kwDefaults = params.kwonly.map((p) => (p.default === null ? undefined : this.evaluate(p.default, scope))) as PyValue[]
    const decl: FunctionDecl = { params, body, defaults, kwDefaults }
    return new PyFunction(name, decl, scope)
  }

  private callFunction(fn: PyFunction, args: PyValue[], kwargs: Kwargs): PyValue {
    const decl = fn.decl as FunctionDecl
    const closure = fn.closure as Scope
    const local = new Scope(closure)
    const { positional, vararg, kwonly, kwarg } = decl.params
    const firstDefault = positional.length - decl.defaults.length
    if (args.length > positional.length && vararg === null)
      throw pyError('TypeError', `${fn.name}() takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${args.length} were given`)
    positional.forEach((p, i) => {
      if (i < args.length) {
        if (kwargs.has(p.name)) throw pyError('TypeError', `${fn.name}() got multiple values for argument '${p.name}'`)
        local.vars.set(p.name, args[i])
      } else if (kwargs.has(p.name)) local.vars.set(p.name, kwargs.get(p.name)!)
      else if (i >= firstDefault) local.vars.set(p.name, decl.defaults[i - firstDefault])
      else throw pyError('TypeError', `${fn.name}() missing 1 required positional argument: '${p.name}'`)
    })
    if (vararg !== null) local.vars.set(vararg.name, new PyTuple(args.slice(positional.length)))
    kwonly.forEach((p, i) => {
      if (kwargs.has(p.name)) local.vars.set(p.name, kwargs.get(p.name)!)
      else if (decl.kwDefaults[i] !== undefined) local.vars.set(p.name, decl.kwDefaults[i])
      else throw pyError('TypeError', `${fn.name}() missing 1 required keyword-only argument: '${p.name}'`)
    })
    const known = new Set([...positional, ...kwonly].map((p) => p.name))
    const extra = new PyDict()
    for (const [k, v] of kwargs) {
      if (known.has(k)) continue
      if (kwarg === null) throw pyError('TypeError', `${fn.name}() got an unexpected keyword argument '${k}'`)
      dictSet(extra, k, v)
    }
    if (kwarg !== null) local.vars.set(kwarg.name, extra)
    // a call is a step (a lambda's body is no statement, so sorted(..., key=lambda v: ...) counts here); the error is
    // raised unplaced, so it lands on the call that made it
    this.steps++
    if (this.steps > this.limits.steps) throw limitError(`the program ran more than ${this.limits.steps.toLocaleString('en-US')} steps; is there a runaway loop?`)
    if ((this.steps & 1023) === 0 && Date.now() > this.deadline)
      throw limitError(`the program ran longer than ${this.limits.millis / 1000} s; is there a runaway loop?`)
    this.depth += 20
    if (this.depth > this.limits.depth) {
      this.depth = 0
      throw pyError('RecursionError', 'maximum recursion depth exceeded')
    }
    try {
      if (!Array.isArray(decl.body)) return this.evaluate(decl.body as A.Expr, local)
      this.returnValue = null
      const flow = this.execBlock(decl.body as readonly A.Stmt[], local)
      const result = flow === Flow.Return ? this.returnValue : null
      this.returnValue = null
      return result
    } finally {
      this.depth -= 20
    }
  }
}

/** Python's augmented assignment: tensors and lists change in place, everything else gets a new value. */
function inplace(op: BinaryOp, current: PyValue, value: PyValue): PyValue {
  if (current instanceof Tensor) {
    if (op === '<<' || op === '>>') return binaryOp(op, current, value)
    if (!(value instanceof Tensor) && typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean')
      throw pyError('TypeError', `unsupported operand type(s) for ${op}=: 'Tensor' and '${typeName(value)}'`)
    return T.inplaceBinary(current, op, value)
  }
  if (current instanceof PyList && op === '+') {
    current.items.push(...iterate(value))
    return current
  }
  if (current instanceof PyList && op === '*') {
    const r = binaryOp('*', current, value) as PyList
    current.items = r.items
    return current
  }
  return binaryOp(op, current, value)
}

function describe(name: string, v: PyValue | undefined): TraceBinding {
  if (v instanceof Tensor) {
    const vals = v.values()
    const shown = Array.from(vals.subarray(0, 6), (x) => (v.dtype === 'float32' ? formatNum(x) : String(x)))
    return {
      name,
      type: 'Tensor',
      shape: [...v.shape],
      dtype: v.dtype,
      // a 0-d tensor (loss, a .sum()) is one number, shown as that number
      preview: v.shape.length === 0 ? (shown[0] ?? '') : `[${shown.join(', ')}${vals.length > 6 ? ', …' : ''}]`
    }
  }
  return { name, type: v === undefined ? 'undefined' : typeName(v), shape: null, dtype: null, preview: v === undefined ? '' : preview(v) }
}

/** A short repr: long strings and sequences are cut before they are formatted, so a trace stays cheap. */
function preview(v: PyValue): string {
  if (typeof v === 'string' && v.length > 80) return truncate(repr(v.slice(0, 80)))
  if ((v instanceof PyList || v instanceof PyTuple) && v.items.length > 12) {
    const head = v.items.slice(0, 6).map((x) => truncate(repr(x)))
    const [open, close] = v instanceof PyList ? ['[', ']'] : ['(', ')']
    return truncate(`${open}${head.join(', ')}, … ${v.items.length} items${close}`)
  }
  return truncate(repr(v))
}

function formatNum(x: number): string {
  if (x === 0) return '0'
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e4 ? x.toFixed(4) : x.toExponential(2)
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s
}

/** Maps anything thrown during a run to a learner-facing error with a place. */
export function toCodeError(e: unknown, fallback: A.Span): CodeError {
  let span = fallback
  let cause = e
  if (e instanceof Located) {
    span = e.span
    cause = e.inner
  }
  const place = { line: span.line, col: span.col, endLine: span.endLine, endCol: span.endCol }
  if (cause instanceof PyException) {
    if (cause.pyType === 'LimitError') return { kind: 'limit', message: `LimitError: ${cause.message}`, ...place }
    if (cause.pyType === 'SyntaxError') return { kind: 'syntax', message: `SyntaxError: ${cause.message}`, ...place }
    return { kind: 'runtime', message: cause.message === '' ? cause.pyType : `${cause.pyType}: ${cause.message}`, ...place }
  }
  if (cause instanceof TensorError) return { kind: 'runtime', message: `${cause.pyType}: ${cause.message}`, ...place }
  if (cause instanceof SizeLimitError) return { kind: 'limit', message: `LimitError: ${cause.message}`, ...place }
  if (cause instanceof RangeError && /call stack/i.test(cause.message))
    return { kind: 'limit', message: 'LimitError: the program nests too deeply to run', ...place }
  const message = cause instanceof Error ? cause.message : String(cause)
  return { kind: 'runtime', message: `InternalError: ${message}`, ...place }
}


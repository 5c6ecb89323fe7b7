// Exercise 4 with the learner's own backward pass: every step runs the lecture's forward source and then the
// learner's code in our interpreter, and takes dC, dW1, db1, dW2, db2, dbngain, dbnbias from it.

import { PARAMS, type CodeError } from '../api'
import { Interpreter } from '../lang/runtime/evaluator'
import { parse } from '../lang/syntax/parser'
import { syntaxCodeError } from '../lang/syntax/errors'
import type * as A from '../lang/syntax/ast'
import { Tensor } from '../tensor'
import { learnerGlobals, lectureSizes } from '../lesson/scope'
import { ReplayIndexError, trace, type Compiled } from '../compile'
import { createReplayMemory, type ReplayMemory } from '../kernels/replay'
import { FORWARD_SOURCE } from './forward'
import type { FlatMLP } from './train-step'

/** The learner's code failed in a training step (or never defined a gradient the update needs). */
export class LearnerBackwardError extends Error {
  constructor(
    message: string,
    /** the error with its line in the learner's source (null: no line of theirs, such as a missing gradient) */
    readonly error: CodeError | null,
    readonly step: number,
    /** whose code raised it: the learner's, or the lecture's forward pass run before it each step */
    readonly raisedIn: 'learner' | 'forward' = 'learner'
  ) {
    super(message)
  }
}

/** Which path a learner's training runs: compiled (the tape replayed), or interpreted with the reason. */
export interface LearnerPath {
  kind: 'compiled' | 'interpreted' | 'pending'
  /** why the program runs interpreted (a line that reads a tensor's value into Python, an op not compiled...) */
  reason: string | null
  /** the line of the learner's source the reason is about (null: none) */
  line: number | null
  /** ops on the tape when compiled */
  ops: number
}

export interface LearnerBackwardOptions {
  /** trace the first step and replay it after (default true); false always interprets */
  compile?: boolean
}

/** A backward function for the learner's code, with the path it took (known after its first step). */
export type LearnerBackwardFn = ((mlp: FlatMLP, Xb: Float64Array, Yb: Float64Array) => number) & {
  readonly runsForward: true
  readonly path: LearnerPath
  readonly compiled: () => Compiled | null
}

/**
 * The learner's source as the training step runs it: an app export's `# %% cmp` section (the cmp() helper and its
 * table, which need autograd's gradients) is dropped; cmp(...) calls elsewhere do nothing (see learnerBackward).
 */
export function trainingSource(source: string): string {
  const lines = source.split('\n')
  const at = lines.findIndex((l) => /^# %% cmp\b/.test(l))
  return at < 0 ? source : lines.slice(0, at).join('\n') + '\n'
}

const GRAD_NAMES = PARAMS.map((k) => `d${k}`)

/**
 * A backward function running `source` (the learner's exercise 1 cells, or fused ones) each step. The first step
 * runs interpreted under the compiler's tracer; when the trace is sound, and replaying it reproduces that step's
 * gradients bit for bit, every later step replays the tape instead.
 */
export function learnerBackward(source: string, options: LearnerBackwardOptions = {}): LearnerBackwardFn {
  const text = trainingSource(source)
  const program = parse(text)
  if (!program.ok)
    throw new LearnerBackwardError(
      `${program.error.type}: ${program.error.message} (line ${program.error.line})`,
      syntaxCodeError(program.error),
      0
    )
  const forward = parse(FORWARD_SOURCE)
  if (!forward.ok) throw new Error('the forward source does not parse')
  const interp = new Interpreter()
  const path: LearnerPath = { kind: options.compile === false ? 'interpreted' : 'pending', reason: options.compile === false ? 'compilation is off' : null, line: null, ops: 0 }
  let step = 0
  let compiled: Compiled | null = null
  let XbBuf: Float64Array | null = null
  let YbBuf: Float64Array | null = null
  // the traced step's parameters: copies in the replay kernels' memory (refreshed before every replay), so the
  // kernels read them in place; null without WebAssembly
  let memory: ReplayMemory | null = null
  let copies: Float32Array[] | null = null

  const setup = (mlp: FlatMLP, Xb: Float64Array, Yb: Float64Array, inMemory = false) => {
    const { V, E, B, H, n } = mlp.dims
    const shapes = paramShapes(mlp)
    if (inMemory) {
      memory = createReplayMemory()
      const got = memory === null ? [] : PARAMS.map((k) => memory!.alloc(mlp.p[k].length))
      copies = got.length > 0 && got.every((c) => c !== null) ? (got as Float32Array[]) : null
      if (copies === null) memory = null
      else PARAMS.forEach((k, i) => copies![i].set(mlp.p[k]))
    }
    // otherwise the parameters are shared with the training buffers: no copy
    const params = PARAMS.map((k, i) => [k, Tensor.fromStorage(copies?.[i] ?? mlp.p[k], shapes[k], 'float32')] as [string, Tensor])
    XbBuf = Xb.slice()
    YbBuf = Yb.slice()
    interp.reset(
      learnerGlobals(interp, [
        ...params,
        ['Xb', Tensor.fromStorage(XbBuf, [n, B], 'int64')],
        ['Yb', Tensor.fromStorage(YbBuf, [n], 'int64')],
        ...lectureSizes({ batch_size: n, block_size: B, n_embd: E, n_hidden: H, vocab_size: V })
      ])
    )
  }

  const lossOut = new Float32Array(1)
  // the forward source's loss, taken as soon as it has run (the learner's code may reuse the name)
  const held = new Map<string, Tensor>()
  const forwardLoss = (): number => {
    const loss = interp.globals.vars.get('loss')
    if (!(loss instanceof Tensor) || loss.numel !== 1) throw new Error('the forward source defines no loss')
    held.set('loss', loss)
    return Number(loss.values()[0])
  }

  const fn = (mlp: FlatMLP, Xb: Float64Array, Yb: Float64Array): number => {
    step++
    if (compiled !== null) {
      XbBuf!.set(Xb)
      YbBuf!.set(Yb)
      if (copies !== null) PARAMS.forEach((k, i) => copies![i].set(mlp.p[k]))
      try {
        compiled.run()
      } catch (e) {
        if (e instanceof ReplayIndexError) throw new LearnerBackwardError(`your backward pass failed at step ${step}: IndexError: ${e.message}`, null, step)
        throw e
      }
      for (const k of PARAMS) compiled.read(`d${k}`, mlp.grads[k])
      compiled.read('loss', lossOut)
      return lossOut[0]
    }
    setup(mlp, Xb, Yb, path.kind === 'pending')
    if (path.kind !== 'pending') {
      run(interp, forward.module, step, 'the forward pass')
      const loss = forwardLoss()
      run(interp, program.module, step, 'your backward pass')
      collect(interp, mlp, step)
      return loss
    }
    let loss = NaN
    const outcome = trace({
      interp,
      programs: [{ module: forward.module, source: FORWARD_SOURCE }, { module: program.module, source: text }],
      inputs: [...PARAMS, 'Xb', 'Yb'],
      outputs: GRAD_NAMES,
      held,
      memory,
      execute: (module) => {
        run(interp, module, step, module === forward.module ? 'the forward pass' : 'your backward pass')
        if (module === forward.module) loss = forwardLoss()
        return null
      }
    })
    collect(interp, mlp, step)
    if (outcome.compiled === null) {
      memory = null
      copies = null
      path.kind = 'interpreted'
      path.reason = outcome.unsound?.reason ?? 'the program could not be traced'
      path.line = outcome.unsound?.line ?? null
      return loss
    }
    // the replay must give this step's gradients exactly, or the program stays interpreted
    const c = outcome.compiled
    let mismatch: string | null = null
    try {
      c.run()
      for (const k of PARAMS) {
        const got = new Float32Array(mlp.grads[k].length)
        c.read(`d${k}`, got)
        const want = mlp.grads[k]
        for (let i = 0; i < got.length; i++)
          if (!Object.is(got[i], want[i])) {
            mismatch = `d${k}`
            break
          }
        if (mismatch !== null) break
      }
      c.read('loss', lossOut)
      if (mismatch === null && !Object.is(lossOut[0], loss)) mismatch = 'the loss'
    } catch (e) {
      mismatch = e instanceof Error ? e.message : String(e)
    }
    if (mismatch !== null) {
      memory = null
      copies = null
      path.kind = 'interpreted'
      path.reason = `the compiled replay did not reproduce ${mismatch}`
      return loss
    }
    compiled = c
    path.kind = 'compiled'
    path.ops = c.steps.length
    return loss
  }
  return Object.assign(fn, { runsForward: true as const, path, compiled: () => compiled })
}

function paramShapes(mlp: FlatMLP): Record<(typeof PARAMS)[number], number[]> {
  const { V, E, B, H } = mlp.dims
  return { C: [V, E], W1: [E * B, H], b1: [H], W2: [H, V], b2: [V], bngain: [1, H], bnbias: [1, H] }
}

/** Copies the learner's gradients into the model's buffers (with the checks the update needs). */
function collect(interp: Interpreter, mlp: FlatMLP, step: number): void {
  const shapes = paramShapes(mlp)
  const missing = PARAMS.filter((k) => !(interp.globals.vars.get(`d${k}`) instanceof Tensor))
  if (missing.length > 0)
    throw new LearnerBackwardError(`your code does not define ${missing.map((k) => `d${k}`).join(', ')}, which the update needs`, null, step)
  for (const k of PARAMS) {
    const d = interp.globals.vars.get(`d${k}`) as Tensor
    if (d.numel !== mlp.grads[k].length || d.shape.join() !== shapes[k].join())
      throw new LearnerBackwardError(`d${k} has shape [${d.shape.join(', ')}] but ${k} is [${shapes[k].join(', ')}]`, null, step)
    mlp.grads[k].set(d.dtype === 'float32' ? d.values() : Float32Array.from(d.values()))
  }
}

function run(interp: Interpreter, module: A.Module, step: number, what: string): void {
  const r = interp.run(module, { limits: { millis: 10_000 } })
  if (r.error !== null)
    throw new LearnerBackwardError(`${what} failed at step ${step}: ${r.error.message} (line ${r.error.line})`, r.error, step, what === 'the forward pass' ? 'forward' : 'learner')
}

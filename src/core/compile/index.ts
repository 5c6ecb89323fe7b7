// The learner-code compiler: trace one interpreted step of the forward source and the learner's cells, then replay
// the tape every step on the same buffers (no interpreter, no allocation). See tracer.ts for what is recorded and
// kernels.ts for the loops. A program the tracer cannot follow soundly stays interpreted, with the reason.

import type * as A from '../lang/syntax/ast'
import type { Interpreter } from '../lang/runtime/evaluator'
import { dataReads, Tensor } from '../tensor'
import { setFloat32Source } from '../tensor/dtype'
import type { ReplayMemory } from '../kernels/replay'
import { ReplayIndexError, TraceUnsound, Tracer, type Ref, type TapeStep, type Unsound } from './tracer'

export { ReplayIndexError, TraceUnsound, type Unsound } from './tracer'

/** A compiled program: run() replays every op; read() gives an output's current values. */
export interface Compiled {
  readonly steps: readonly TapeStep[]
  run(): void
  /** copies the values of an output tensor (in row-major order) into `out`, rounded to float32 */
  read(name: string, out: Float32Array): void
  shape(name: string): readonly number[]
}

export interface TraceRun {
  /** the interpreter with its globals set (the inputs among them) */
  interp: Interpreter
  /** the programs in order, each with its source text */
  programs: readonly { module: A.Module; source: string }[]
  /** global names whose tensors are inputs (their buffers are written before each replay) */
  inputs: readonly string[]
  /** global names whose tensors are the outputs */
  outputs: readonly string[]
  /** more outputs: tensors the caller took hold of while the programs ran (read by their key, as outputs are) */
  held?: ReadonlyMap<string, Tensor>
  /** runs one program in the interpreter; returns an error message or null */
  execute: (module: A.Module) => string | null
  /**
   * where the traced step's float32 tensors live (the inputs should be there too): the replay then runs their ops
   * as WebAssembly kernels on addresses; without it (or for a tensor outside it) the TypeScript loops run
   */
  memory?: ReplayMemory | null
}

/**
 * Runs the programs once interpreted under the tracer. Returns the compiled program, or why it cannot be compiled
 * (the interpreted run's own errors come back as `error`).
 */
export function trace(t: TraceRun): { compiled: Compiled | null; unsound: Unsound | null; error: string | null } {
  const memory = t.memory ?? null
  const tracer = new Tracer(['torch', 'torch.nn.functional'].map((n) => t.interp.module(n)!).filter((m) => m !== undefined), memory)
  for (const name of t.inputs) {
    const v = t.interp.globals.vars.get(name)
    if (v instanceof Tensor) tracer.input(v)
  }
  const previousHook = dataReads.hook
  dataReads.hook = (_t, deciding) => tracer.dataRead(deciding)
  t.interp.observer = tracer
  const previousSource = memory === null ? null : setFloat32Source((n) => memory.alloc(n))
  let error: string | null = null
  try {
    for (const p of t.programs) {
      tracer.setSource(p.source)
      error = t.execute(p.module)
      if (error !== null) break
    }
  } finally {
    t.interp.observer = null
    dataReads.hook = previousHook
    if (memory !== null) setFloat32Source(previousSource)
  }
  if (error !== null) return { compiled: null, unsound: null, error }
  if (tracer.failure !== null) return { compiled: null, unsound: tracer.failure, error: null }
  const outputs = new Map<string, { ref: Ref; rel: Int32Array | null; n: number }>()
  const named: [string, unknown][] = t.outputs.map((name) => [name, t.interp.globals.vars.get(name)])
  for (const [name, v] of [...named, ...(t.held ?? [])]) {
    if (!(v instanceof Tensor)) continue
    const ref = tracer.refOf(v)
    if (ref === undefined) {
      const why = tracer.opaqueReason(v)
      const line = why === undefined ? 0 : Number(/^line (\d+)/.exec(why)?.[1] ?? 0)
      return { compiled: null, unsound: { line, reason: why ?? `${name} is made where the compiler cannot follow` }, error: null }
    }
    outputs.set(name, { ref, rel: v.isContiguous ? null : v.offsets().map((o) => o - v.offset), n: v.numel })
  }
  const steps = tracer.steps
  const compiled: Compiled = {
    steps,
    run() {
      for (let i = 0; i < steps.length; i++) steps[i].run()
    },
    read(name, out) {
      const o = outputs.get(name)
      if (o === undefined) throw new Error(`no output ${name}`)
      const off = tracer.offs[o.ref.id]
      const buf = o.ref.buf
      if (o.rel === null) {
        if (buf instanceof Float32Array) out.set(buf.subarray(off, off + o.n))
        else for (let i = 0; i < o.n; i++) out[i] = buf[off + i]
      }
      else for (let i = 0; i < o.n; i++) out[i] = buf[off + o.rel[i]]
    },
    shape(name) {
      return outputs.get(name)?.ref.shape ?? []
    }
  }
  return { compiled, unsound: null, error: null }
}

export function isReplayError(e: unknown): e is ReplayIndexError | TraceUnsound {
  return e instanceof ReplayIndexError || e instanceof TraceUnsound
}

// The two step-debuggers as pure functions: where the backward pass is (which gradients flow into the current
// node, and which forward values its local derivatives need), and what a cell's trace has bound so far.

import type { CodeError, Graph, TraceBinding, TraceStep } from '../../../core/api'

/** One gradient flowing into the current node from a consumer, through the consumer's op. */
export interface Inflow {
  consumer: string
  op: string
  broadcast: boolean
}

export interface BackwardStep {
  index: number
  total: number
  name: string
  inflows: Inflow[]
  /** forward values the local derivatives use */
  needs: string[]
}

// The local derivative of these ops uses their input (x**k, log x, max x) or their output (exp, tanh).
const NEEDS_INPUT = new Set(['**', 'pow', 'log', 'max', '/', 'div'])
const NEEDS_OUTPUT = new Set(['exp', 'tanh'])
// These ops' derivatives with respect to one operand are the other operand(s).
const NEEDS_OTHERS = new Set(['*', 'mul', '@', 'mm', 'matmul', 'index'])

/** An edge's op as its primitive steps: 'mm · add' -> ['mm', 'add']. */
export function opSteps(op: string): string[] {
  return op.split('·').map((step) => step.trim()).filter(Boolean)
}

/** The backward pass at position `index` of `graph.order`. */
export function backwardStep(graph: Graph, index: number): BackwardStep {
  const name = graph.order[index]
  const inflows = graph.edges.filter((e) => e.from === name).map((e) => ({ consumer: e.to, op: e.op, broadcast: e.broadcast }))
  const needs = new Set<string>()
  for (const flow of inflows) {
    const steps = opSteps(flow.op)
    if (steps.some((s) => NEEDS_INPUT.has(s))) needs.add(name)
    if (steps.some((s) => NEEDS_OUTPUT.has(s))) needs.add(flow.consumer)
    const shared = steps.filter((s) => NEEDS_OTHERS.has(s))
    for (const e of graph.edges)
      if (e.to === flow.consumer && e.from !== name && opSteps(e.op).some((s) => shared.includes(s))) needs.add(e.from)
  }
  return { index, total: graph.order.length, name, inflows, needs: [...needs] }
}

/** A binding in the variables pane; `fresh` when the current step made it. */
export interface ShownBinding extends TraceBinding {
  fresh: boolean
}

export interface TraceView {
  index: number
  /** the statements that ran, plus one for the line that raised (when the cell raised) */
  total: number
  step: TraceStep
  /** the latest binding of every name up to and including the current step */
  bindings: ShownBinding[]
  /** the error, when the current step is the line that raised it (what it bound is the state before it) */
  raised: CodeError | null
}

/**
 * What the variables pane shows at step `index` of a trace (null when there is nothing to show). A step shows the
 * state after its statement ran; a cell that raised gets one last step at the raising line, with the state before it.
 */
export function traceView(steps: readonly TraceStep[], index: number, raised: CodeError | null = null): TraceView | null {
  const total = steps.length + (raised ? 1 : 0)
  if (total === 0) return null
  const at = Math.max(0, Math.min(index, total - 1))
  const latest = new Map<string, ShownBinding>()
  for (let i = 0; i <= Math.min(at, steps.length - 1); i++)
    for (const binding of steps[i].bindings) {
      latest.delete(binding.name)
      latest.set(binding.name, { ...binding, fresh: i === at })
    }
  const atRaise = raised !== null && at === steps.length
  const step = atRaise ? { line: raised.line, col: raised.col, bindings: [] } : steps[at]
  return { index: at, total, step, bindings: [...latest.values()], raised: atRaise ? raised : null }
}

/** The error a trace ends on, when it has a line to mark (a syntax error ran nothing; a limit without a place). */
export function raisingError(error: CodeError | null): CodeError | null {
  return error !== null && error.kind !== 'syntax' && error.line >= 1 ? error : null
}

/** One line describing a backward step, for the stepper bar and screen readers. */
export function describeStep(step: BackwardStep): string {
  const flows = step.inflows.map((f) => `d${f.consumer} (${f.op}${f.broadcast ? ', broadcast' : ''})`)
  const from = flows.length ? ` ← ${flows.join(' + ')}` : ''
  const needs = step.needs.length ? `; uses ${step.needs.join(', ')}` : ''
  return `d${step.name}${from}${needs}`
}

// The two step-debuggers as pure functions: where the backward pass is (which gradients flow into the current
// node, and which forward values its local derivatives need), and what a cell's trace has bound so far.

import type { Graph, TraceBinding, TraceStep } from '../../../core/api'

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
  total: number
  step: TraceStep
  /** the latest binding of every name up to and including the current step */
  bindings: ShownBinding[]
}

/** What the variables pane shows at step `index` of a trace (null for an empty trace). */
export function traceView(steps: readonly TraceStep[], index: number): TraceView | null {
  if (steps.length === 0) return null
  const at = Math.max(0, Math.min(index, steps.length - 1))
  const latest = new Map<string, ShownBinding>()
  for (let i = 0; i <= at; i++)
    for (const binding of steps[i].bindings) {
      latest.delete(binding.name)
      latest.set(binding.name, { ...binding, fresh: i === at })
    }
  return { index: at, total: steps.length, step: steps[at], bindings: [...latest.values()] }
}

/** One line describing a backward step, for the stepper bar and screen readers. */
export function describeStep(step: BackwardStep): string {
  const flows = step.inflows.map((f) => `d${f.consumer} (${f.op}${f.broadcast ? ', broadcast' : ''})`)
  const from = flows.length ? ` ← ${flows.join(' + ')}` : ''
  const needs = step.needs.length ? `; uses ${step.needs.join(', ')}` : ''
  return `d${step.name}${from}${needs}`
}

// The lesson: the unit everything flows from. A forward program's named tensors, run once with autograd on, give
// the nodes, the graph, the true gradients and each branch's share of them; the grader, the app and the CLI see
// only this. The lecture (exercise/model.ts) and any lesson file (build.ts) are both made by deriveLesson.

import type { Graph, NodeKind } from '../api'
import * as T from '../tensor'
import type { Tensor } from '../tensor'
import type { PyValue } from '../lang/runtime/values'
import { deriveGraph, type ForwardBinding } from './graph'

/** One consumer's share of a node's gradient (the gradient arriving through that edge alone). */
export interface Contribution {
  consumer: string
  grad: Tensor
}

/** A classic mistake for one node: code a learner writes, and what to tell them when their gradient equals its. */
export interface Mistake {
  code: string
  note: string
}

export interface Lesson {
  /** 'makemore-part4' for the lecture, else the lesson file's name without .py */
  id: string
  title: string
  description: string
  /** the checked nodes, in the order they are written and listed (loss first) */
  order: readonly string[]
  /** which of them are parameters */
  params: readonly string[]
  /** every named forward tensor (nodes, inputs, loss), autograd-tracked */
  tensors: Map<string, Tensor>
  loss: number
  /** autograd's gradient of each checked node */
  grads: Map<string, Tensor>
  /** per checked node, the gradient that arrives through each consumer (several for merge nodes) */
  contributions: Map<string, Contribution[]>
  graph: Graph
  /** the checked nodes between each node and the loss (whose gradients a cell may use in isolated mode) */
  upstream: Map<string, string[]>
  /** what learner code sees besides the modules: the forward pass's globals (tensors are copied for every run) */
  scope: ReadonlyMap<string, PyValue>
  /** the batch size, for diagnoses such as "off by a factor of n" (null when the lesson has no batch dimension) */
  batchSize: number | null
  /** the forward program's text (line numbers as the lesson file's) */
  forwardSource: string
  /** the reference backward code, one cell a node (what "reveal" shows) */
  solution: Map<string, string>
  /** the reference backward code as one program ('' when the lesson has none) */
  solutionSource: string
  hints: Map<string, string[]>
  mistakes: Readonly<Record<string, readonly Mistake[]>>
}

/** Which named consumer each unnamed tensor belongs to, and the per-branch gradients autograd sends each node. */
function branchGradients(bindings: readonly ForwardBinding[], loss: Tensor): Map<string, Map<string, Tensor>> {
  const named = new Map<number, string>()
  for (const b of bindings) named.set(b.tensor.id, b.name)
  const owner = new Map<string, string>() // `${consumerTensorId}:${inputId}` -> named consumer
  for (const b of bindings) {
    const stack: Tensor[] = [b.tensor]
    const seen = new Set<number>()
    while (stack.length > 0) {
      const t = stack.pop()!
      if (seen.has(t.id) || t.gradFn === null) continue
      seen.add(t.id)
      for (const input of t.gradFn.inputs) {
        if (input === null) continue
        if (named.has(input.id)) owner.set(`${t.id}:${input.id}`, b.name)
        else stack.push(input)
      }
    }
  }
  const pieces = new Map<string, Map<string, Tensor>>()
  T.backward(loss, undefined, (input, consumer, grad) => {
    const x = named.get(input.id)
    const c = owner.get(`${consumer.id}:${input.id}`)
    if (x === undefined || c === undefined) return
    const byConsumer = pieces.get(x) ?? new Map<string, Tensor>()
    const prev = byConsumer.get(c)
    byConsumer.set(c, prev === undefined ? grad : T.add(prev, grad))
    pieces.set(x, byConsumer)
  })
  return pieces
}

/**
 * The app's own check order when a lesson gives none: from the loss down, each intermediate in reverse order of
 * the forward program, and each parameter right after the intermediate that follows its last consumer (the
 * lecture's `logits h W2 b2`: W2 and b2 are written once logits' gradient is known, after h's).
 */
export function defaultOrder(bindings: readonly ForwardBinding[], graph: Graph): string[] {
  const consumers = new Map(graph.nodes.map((n) => [n.name, n.consumers]))
  const inter = bindings.filter((b) => b.kind === 'intermediate').map((b) => b.name)
  const params = bindings.filter((b) => b.kind === 'parameter').map((b) => b.name)
  const out: string[] = []
  const done = new Set<string>(['loss'])
  const pending = new Set(params)
  const ready = (p: string) => (consumers.get(p) ?? []).every((c) => done.has(c))
  for (const x of [...inter].reverse()) {
    const now = [...pending].filter(ready)
    out.push(x)
    done.add(x)
    for (const p of now) {
      out.push(p)
      done.add(p)
      pending.delete(p)
    }
  }
  for (const p of pending) out.push(p)
  return out
}

export interface DerivedLesson {
  tensors: Map<string, Tensor>
  grads: Map<string, Tensor>
  contributions: Map<string, Contribution[]>
  graph: Graph
  upstream: Map<string, string[]>
  order: string[]
}

/**
 * Everything read off one forward run: bindings are the inputs, parameters, intermediates and loss (their tensors
 * autograd-tracked, the loss not yet backpropagated). `order` is the check order (null: defaultOrder).
 */
export function deriveLesson(bindings: readonly ForwardBinding[], loss: Tensor, order: readonly string[] | null): DerivedLesson {
  const tensors = new Map<string, Tensor>()
  for (const b of bindings) tensors.set(b.name, b.tensor)
  const checked = bindings.filter((b) => b.kind === 'parameter' || b.kind === 'intermediate').map((b) => b.name)
  for (const b of bindings) if (b.kind === 'intermediate') b.tensor.retainsGrad = true
  const pieces = branchGradients(bindings, loss)
  const provisional = deriveGraph(bindings, checked)
  const finalOrder = order === null ? defaultOrder(bindings, provisional) : [...order]
  const graph = { ...provisional, order: finalOrder }
  const grads = new Map<string, Tensor>()
  const contributions = new Map<string, Contribution[]>()
  for (const k of finalOrder) {
    const t = tensors.get(k)!
    grads.set(k, t.grad === null ? T.zeros(t.shape, t.dtype) : T.detach(t.grad))
    contributions.set(k, [...(pieces.get(k) ?? new Map()).entries()].map(([consumer, grad]) => ({ consumer, grad })))
  }
  const upstream = new Map<string, string[]>()
  const consumers = new Map(graph.nodes.map((nd) => [nd.name, nd.consumers]))
  for (const k of finalOrder) {
    const seen = new Set<string>()
    const stack = [...(consumers.get(k) ?? [])]
    while (stack.length > 0) {
      const x = stack.pop()!
      if (seen.has(x)) continue
      seen.add(x)
      stack.push(...(consumers.get(x) ?? []))
    }
    upstream.set(k, finalOrder.filter((c) => seen.has(c)))
  }
  return { tensors, grads, contributions, graph, upstream, order: finalOrder }
}

export type { ForwardBinding, NodeKind }

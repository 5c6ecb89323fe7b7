// The lecture's model for one config: data set, parameters, a batch, the forward pass run by our interpreter with
// autograd on, the true gradients of every node, each branch's share of them, and the graph derived from it all.

import type { Graph, ModelConfig } from '../api'
import { CHECK_ORDER, INTERMEDIATES } from '../api'
import * as T from '../tensor'
import { Tensor } from '../tensor'
import type * as A from '../lang/ast'
import { Interpreter } from '../lang/evaluator'
import { parse } from '../lang/parser'
import { makeDataset, type Dataset } from './dataset'
import { FORWARD_SOURCE } from './forward'
import { deriveGraph, type ForwardBinding } from './graph'
import { initParams, PARAM_ORDER, type Params } from './params'
import type { Contribution } from '../grader/diagnose'

export interface Model {
  config: ModelConfig & { vocab_size: number }
  dataset: Dataset
  params: Params
  ix: number[]
  Xb: Tensor
  Yb: Tensor
  /** every named forward tensor (19 intermediates, 7 parameters, loss), autograd-tracked */
  tensors: Map<string, Tensor>
  loss: number
  /** autograd's gradient of each checked node */
  grads: Map<string, Tensor>
  /** per checked node, the gradient that arrives through each consumer (several for merge nodes) */
  contributions: Map<string, Contribution[]>
  graph: Graph
  /** the checked nodes between each node and the loss (whose gradients a cell may use in isolated mode) */
  upstream: Map<string, string[]>
}

function namesIn(e: A.Node, out: Set<string>): Set<string> {
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return
    if (Array.isArray(x)) {
      for (const y of x) visit(y)
      return
    }
    const node = x as { kind?: string; id?: string }
    if (node.kind === 'Name' && typeof node.id === 'string') out.add(node.id)
    for (const [k, v] of Object.entries(node)) if (k !== 'span' && typeof v === 'object') visit(v)
  }
  visit(e)
  return out
}

/** The source text of a statement's first line (the forward program has one statement a line). */
function lineOf(source: string, line: number): string {
  return source.split('\n')[line - 1] ?? ''
}

/** Builds everything exercise 1 has in scope after the forward pass and loss.backward(). */
export function buildModel(namesText: string, config: ModelConfig): Model {
  const dataset = makeDataset(namesText, config.shuffle_seed, config.block_size)
  const vocab = dataset.itos.length
  const { g, params } = initParams(vocab, config)
  for (const k of PARAM_ORDER) params[k].requiresGrad = true
  const n = config.batch_size
  const ixs = g.randint(0, dataset.train.X.shape[0], n)
  const ixT = Tensor.fromStorage(ixs, [n], 'int64')
  const Xb = T.getItem(dataset.train.X, [{ kind: 'tensor', tensor: ixT }])
  const Yb = T.getItem(dataset.train.Y, [{ kind: 'tensor', tensor: ixT }])

  const parsed = parse(FORWARD_SOURCE)
  if (!parsed.ok) throw new Error(`the forward program does not parse: ${parsed.error.message}`)
  const interp = new Interpreter([
    ...PARAM_ORDER.map((k) => [k, params[k]] as [string, Tensor]),
    ['Xb', Xb],
    ['Yb', Yb],
    ['n', BigInt(n)]
  ])
  interp.globals.vars.set('torch', interp.module('torch')!)
  interp.globals.vars.set('F', interp.module('torch.nn.functional')!)
  const run = interp.run(parsed.module, { grad: true, limits: { millis: 60_000 } })
  if (run.error) throw new Error(`the forward program failed: ${run.error.message} (line ${run.error.line})`)

  const tensors = new Map<string, Tensor>()
  const bindings: ForwardBinding[] = [
    { name: 'Xb', tensor: Xb, kind: 'input', line: 0, source: 'Xb = Xtr[ix]', refs: [] },
    { name: 'Yb', tensor: Yb, kind: 'input', line: 0, source: 'Yb = Ytr[ix]', refs: [] },
    ...PARAM_ORDER.map((k) => ({ name: k, tensor: params[k], kind: 'parameter' as const, line: 0, source: '', refs: [] }))
  ]
  for (const k of PARAM_ORDER) tensors.set(k, params[k])
  for (const stmt of parsed.module.body) {
    if (stmt.kind !== 'Assign' || stmt.targets.length !== 1 || stmt.targets[0].kind !== 'Name') continue
    const name = stmt.targets[0].id
    const value = interp.globals.vars.get(name)
    if (!(value instanceof Tensor)) continue
    tensors.set(name, value)
    bindings.push({
      name,
      tensor: value,
      kind: name === 'loss' ? 'loss' : 'intermediate',
      line: stmt.span.line,
      source: lineOf(FORWARD_SOURCE, stmt.span.line).replace(/\s+#.*$/, ''),
      refs: [...namesIn(stmt.value, new Set())]
    })
  }
  const loss = tensors.get('loss')!
  for (const k of INTERMEDIATES) tensors.get(k)!.retainsGrad = true

  // which named consumer each tensor-that-uses-a-named-tensor belongs to, for telling branches apart
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

  const grads = new Map<string, Tensor>()
  const contributions = new Map<string, Contribution[]>()
  for (const k of CHECK_ORDER) {
    const t = tensors.get(k)!
    grads.set(k, T.detach(t.grad!))
    contributions.set(k, [...(pieces.get(k) ?? new Map()).entries()].map(([consumer, grad]) => ({ consumer, grad })))
  }
  const graph = deriveGraph(bindings)
  const upstream = new Map<string, string[]>()
  const consumers = new Map(graph.nodes.map((nd) => [nd.name, nd.consumers]))
  for (const k of CHECK_ORDER) {
    const seen = new Set<string>()
    const stack = [...(consumers.get(k) ?? [])]
    while (stack.length > 0) {
      const x = stack.pop()!
      if (seen.has(x)) continue
      seen.add(x)
      stack.push(...(consumers.get(x) ?? []))
    }
    upstream.set(k, CHECK_ORDER.filter((c) => seen.has(c)))
  }
  return {
    config: { ...config, vocab_size: vocab },
    dataset,
    params,
    ix: Array.from(ixs),
    Xb,
    Yb,
    tensors,
    loss: loss.item(),
    grads,
    contributions,
    graph,
    upstream
  }
}

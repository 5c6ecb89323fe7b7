// The lecture's model for one config: data set, parameters, a batch, the forward pass run by our interpreter with
// autograd on, the true gradients of every node, each branch's share of them, and the graph derived from it all.

import type { ModelConfig } from '../api'
import { CHECK_ORDER, PARAMS } from '../api'
import * as T from '../tensor'
import { Tensor } from '../tensor'
import type * as A from '../lang/syntax/ast'
import { Interpreter } from '../lang/runtime/evaluator'
import { parse } from '../lang/syntax/parser'
import type { PyValue } from '../lang/runtime/values'
import { deriveLesson, type ForwardBinding, type Lesson } from '../lesson/lesson'
import { lectureSizes } from '../lesson/scope'
import { makeDataset, type Dataset } from './dataset'
import { FORWARD_SOURCE } from './forward'
import { initParams, type Params } from './params'
import { CLASSIC_MISTAKES, HINTS, REFERENCE_CELLS } from './reference-cells'

/** The lecture: a lesson whose setup is the contract's config knobs (data set, seeds, sizes) built in TypeScript. */
export interface Model extends Lesson {
  config: ModelConfig & { vocab_size: number }
  dataset: Dataset
  params: readonly string[]
  paramTensors: Params
  ix: number[]
  Xb: Tensor
  Yb: Tensor
}

export const LECTURE_TITLE = 'Becoming a backprop ninja (makemore part 4)'
export const LECTURE_DESCRIPTION =
  "Andrej Karpathy's lecture, exercise 1: a character-level MLP (embedding, linear, batch norm, tanh, linear, cross entropy) cut into small steps. Backpropagate through every one of them by hand."

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
  for (const k of PARAMS) params[k].requiresGrad = true
  const n = config.batch_size
  const ixs = g.randint(0, dataset.train.X.shape[0], n)
  const ixT = Tensor.fromStorage(ixs, [n], 'int64')
  const Xb = T.getItem(dataset.train.X, [{ kind: 'tensor', tensor: ixT }])
  const Yb = T.getItem(dataset.train.Y, [{ kind: 'tensor', tensor: ixT }])

  const parsed = parse(FORWARD_SOURCE)
  if (!parsed.ok) throw new Error(`the forward program does not parse: ${parsed.error.message}`)
  const interp = new Interpreter([
    ...PARAMS.map((k) => [k, params[k]] as [string, Tensor]),
    ['Xb', Xb],
    ['Yb', Yb],
    ['n', BigInt(n)]
  ])
  interp.globals.vars.set('torch', interp.module('torch')!)
  interp.globals.vars.set('F', interp.module('torch.nn.functional')!)
  const run = interp.run(parsed.module, { grad: true, limits: { millis: 60_000 } })
  if (run.error) throw new Error(`the forward program failed: ${run.error.message} (line ${run.error.line})`)

  const bindings: ForwardBinding[] = [
    { name: 'Xb', tensor: Xb, kind: 'input', line: 0, source: 'Xb = Xtr[ix]', refs: [] },
    { name: 'Yb', tensor: Yb, kind: 'input', line: 0, source: 'Yb = Ytr[ix]', refs: [] },
    ...PARAMS.map((k) => ({ name: k, tensor: params[k], kind: 'parameter' as const, line: 0, source: '', refs: [] }))
  ]
  for (const stmt of parsed.module.body) {
    if (stmt.kind !== 'Assign' || stmt.targets.length !== 1 || stmt.targets[0].kind !== 'Name') continue
    const name = stmt.targets[0].id
    const value = interp.globals.vars.get(name)
    if (!(value instanceof Tensor)) continue
    bindings.push({
      name,
      tensor: value,
      kind: name === 'loss' ? 'loss' : 'intermediate',
      line: stmt.span.line,
      source: lineOf(FORWARD_SOURCE, stmt.span.line).replace(/\s+#.*$/, ''),
      refs: [...namesIn(stmt.value, new Set())]
    })
  }
  const loss = interp.globals.vars.get('loss') as Tensor
  const derived = deriveLesson(bindings, loss, CHECK_ORDER)
  const c = { ...config, vocab_size: vocab }
  // the contract's names for learner code: the tensors (copied for every run by the grader) and the ints
  const scope = new Map<string, PyValue>([...lectureSizes(c), ...derived.tensors])
  return {
    id: 'makemore-part4',
    title: LECTURE_TITLE,
    description: LECTURE_DESCRIPTION,
    ...derived,
    params: PARAMS,
    config: c,
    dataset,
    paramTensors: params,
    ix: Array.from(ixs),
    Xb,
    Yb,
    loss: loss.item(),
    scope,
    batchSize: c.batch_size,
    forwardSource: FORWARD_SOURCE,
    solution: new Map(CHECK_ORDER.map((k) => [k, REFERENCE_CELLS[k]])),
    solutionSource: CHECK_ORDER.map((k) => REFERENCE_CELLS[k]).join('\n'),
    hints: new Map(CHECK_ORDER.map((k) => [k, [...HINTS[k]]])),
    mistakes: CLASSIC_MISTAKES
  }
}

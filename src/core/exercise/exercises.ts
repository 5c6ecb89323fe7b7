// Exercises 2 and 3 (fused cross entropy, fused batch norm) and how exercise 4 assembles a training program from
// the learner's cells. Exercise 1 is the 26 cells of reference-cells.ts.

import type { Graph, GraphEdge, GraphNode } from '../api'
import { CHECK_ORDER } from '../api'
import { programOfCells, type CellProgram } from './program'

export type ExerciseId = 1 | 2 | 3 | 4

export interface FusedExercise {
  id: 2 | 3
  title: string
  /** the node whose gradient the fused cell computes */
  target: 'logits' | 'hprebn'
  /** the true gradients bound for the cell (beside the forward tensors) */
  upstream: string[]
  /** the graph nodes the fused step replaces, and the name of the node that stands for them */
  collapsed: string[]
  fusedName: string
  prompt: string
  reference: string
  hints: string[]
}

export const FUSED: Readonly<Record<2 | 3, FusedExercise>> = {
  2: {
    id: 2,
    title: 'Exercise 2: cross entropy in one step',
    target: 'logits',
    upstream: [],
    collapsed: ['logit_maxes', 'norm_logits', 'counts', 'counts_sum', 'counts_sum_inv', 'probs', 'logprobs'],
    fusedName: 'cross_entropy',
    prompt:
      'loss = F.cross_entropy(logits, Yb). Derive dloss/dlogits on paper, simplify it, and write dlogits in one go from logits and Yb.',
    reference: 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n',
    hints: [
      'For one row, loss = -log(softmax(logits)[y]). Differentiate with respect to every logit, for the right class y and for the others.',
      'The derivative is softmax(logits) for every class, minus 1 at the right class; the mean over the batch divides it all by n.',
      'Start from F.softmax(logits, 1), subtract 1 at [range(n), Yb], then divide by n.'
    ]
  },
  3: {
    id: 3,
    title: 'Exercise 3: batch norm in one step',
    target: 'hprebn',
    upstream: ['hpreact'],
    collapsed: ['bnmeani', 'bndiff', 'bndiff2', 'bnvar', 'bnvar_inv', 'bnraw'],
    fusedName: 'batchnorm',
    prompt:
      'hpreact = bngain * (hprebn - mean) / sqrt(var + eps) + bnbias, with the batch mean and unbiased variance. Given dhpreact, write dhprebn in one expression.',
    reference:
      'dhprebn = bngain*bnvar_inv/n * (n*dhpreact - dhpreact.sum(0) - n/(n-1)*bnraw*(dhpreact*bnraw).sum(0))',
    hints: [
      'Every hprebn in a column affects that column\'s mean and variance, so each output depends on all n inputs of its column.',
      'Work on one column: dx_i = gain/sqrt(var+eps) * (dy_i - mean(dy) - x̂_i * sum(dy * x̂)/(n-1)), where x̂ is bnraw.',
      'In tensors: bngain*bnvar_inv/n * (n*dhpreact - dhpreact.sum(0) - n/(n-1)*bnraw*(dhpreact*bnraw).sum(0)).'
    ]
  }
}

/** The graph with a fused exercise's nodes replaced by one node (edges into and out of the group kept). */
export function collapseGraph(graph: Graph, exercise: FusedExercise): Graph {
  const group = new Set(exercise.collapsed)
  const name = exercise.fusedName
  const rename = (x: string) => (group.has(x) ? name : x)
  const edges: GraphEdge[] = []
  const seen = new Set<string>()
  for (const e of graph.edges) {
    const from = rename(e.from)
    const to = rename(e.to)
    if (from === to) continue
    const key = `${from}->${to}`
    if (seen.has(key)) continue
    seen.add(key)
    edges.push({ ...e, from, to, op: group.has(e.to) ? name : e.op })
  }
  const members = graph.nodes.filter((nd) => group.has(nd.name))
  const first = members[0]
  const fused: GraphNode = {
    name,
    kind: 'intermediate',
    shape: [...(members[members.length - 1]?.shape ?? first.shape)],
    dtype: 'float32',
    source: exercise.id === 2 ? 'loss = F.cross_entropy(logits, Yb)' : 'hpreact = bngain * (hprebn - mean) / sqrt(var + 1e-5) + bnbias',
    line: first.line,
    inputs: [],
    consumers: [],
    merge: false,
    contributions: 0,
    checked: false
  }
  const nodes = graph.nodes.filter((nd) => !group.has(nd.name))
  const at = graph.nodes.indexOf(first)
  nodes.splice(Math.min(at, nodes.length), 0, fused)
  const withLinks = nodes.map((nd) => ({
    ...nd,
    inputs: [...new Set(edges.filter((e) => e.to === nd.name).map((e) => e.from))],
    consumers: [...new Set(edges.filter((e) => e.from === nd.name).map((e) => e.to))]
  }))
  return { nodes: withLinks, edges, order: graph.order.filter((k) => !group.has(k)) }
}

/** The cells exercise 1 needs for the nodes a fused exercise replaces (its target included). */
function replacedCells(exercise: FusedExercise): string[] {
  return exercise.target === 'logits'
    ? [...exercise.collapsed, 'logits']
    : [...exercise.collapsed, 'hprebn']
}

/** The name a fused exercise's cell goes by in exercise 4's program (its `uses`, its program's cells): 'exercise 2'. */
export function fusedUse(id: 2 | 3): string {
  return `exercise ${id}`
}

/** How a cell of exercise 4's program is named to the learner: 'dprobs', or 'exercise 2 (dlogits)' for a fused one. */
export function useLabel(use: string): string {
  const id = ([2, 3] as const).find((k) => fusedUse(k) === use)
  return id === undefined ? `d${use}` : `${use} (d${FUSED[id].target})`
}

/**
 * The learner's backward program for exercise 4: exercise 1's cells in the lecture's order, with the fused cells
 * of exercises 2 and 3 standing in for the nodes they replace when the learner has written them. `uses` names its
 * cells in order (nodes, and 'exercise 2' / 'exercise 3'); `program` is them joined, with each one's lines, so an
 * error in training lands in its cell. `missing` lists the nodes still needed for the seven parameter gradients.
 */
export function trainingProgram(
  cells: Readonly<Record<string, string>>,
  fused: Readonly<Partial<Record<2 | 3, string>>>
): { source: string; program: CellProgram; uses: string[]; missing: string[] } {
  const skip = new Set<string>()
  const code = new Map<string, string>()
  const has = (text: string | undefined) => text !== undefined && text.trim() !== ''
  for (const id of [2, 3] as const) if (has(fused[id])) for (const k of replacedCells(FUSED[id])) skip.add(k)
  const missing: string[] = []
  for (const k of CHECK_ORDER) {
    const id = k === 'logits' ? 2 : k === 'hprebn' ? 3 : null
    if (id !== null && has(fused[id])) code.set(fusedUse(id), fused[id]!)
    else if (skip.has(k)) continue
    else if (has(cells[k])) code.set(k, cells[k])
    else missing.push(k)
  }
  const uses = [...code.keys()]
  const program = programOfCells(code, uses)
  return { source: program.source, program, uses, missing }
}

// Derives the computation graph the UI draws from the forward program's named tensors and autograd's record:
// edges follow gradFn links from each named tensor back to the named tensors it was computed from.

import type { Graph, GraphEdge, GraphNode, NodeKind } from '../api'
import type { Tensor } from '../tensor'

/** A name bound by the forward program, with the statement that bound it. */
export interface ForwardBinding {
  name: string
  tensor: Tensor
  kind: NodeKind
  /** 1-based line of the statement in the forward program (0 for tensors made outside it) */
  line: number
  source: string
  /** names the statement's right-hand side mentions (to connect index inputs like Xb that autograd never sees) */
  refs: readonly string[]
}

const ELEMENTWISE = new Set(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'where'])

interface Path {
  from: string
  ops: string[]
  broadcast: boolean
}

/** Every path from `t` back to a named tensor, with the ops along it in forward order. */
function pathsToNamed(t: Tensor, named: ReadonlyMap<number, string>): Path[] {
  const out: Path[] = []
  const walk = (x: Tensor, opsAfter: string[], consumerShape: readonly number[] | null, consumerOp: string | null) => {
    const name = named.get(x.id)
    if (name !== undefined && opsAfter.length > 0) {
      const broadcast =
        consumerOp !== null &&
        consumerShape !== null &&
        ELEMENTWISE.has(consumerOp) &&
        consumerShape.reduce((p, s) => p * s, 1) > x.numel
      out.push({ from: name, ops: opsAfter, broadcast })
      return
    }
    const fn = x.gradFn
    if (fn === null) return
    for (const input of fn.inputs) if (input !== null) walk(input, [fn.op, ...opsAfter], x.shape, fn.op)
  }
  walk(t, [], null, null)
  return out
}

/** The graph of the forward program: nodes with kinds, shapes, source lines, inputs/consumers and merge flags; `order` the checked nodes. */
export function deriveGraph(bindings: readonly ForwardBinding[], order: readonly string[]): Graph {
  const named = new Map<number, string>()
  for (const b of bindings) named.set(b.tensor.id, b.name)
  const checked = new Set<string>(order)
  const edges: GraphEdge[] = []
  for (const b of bindings) {
    if (b.kind === 'parameter' || b.kind === 'input') continue
    const seen = new Set<string>()
    for (const p of pathsToNamed(b.tensor, named)) {
      edges.push({ from: p.from, to: b.name, op: p.ops.join(' · '), broadcast: p.broadcast })
      seen.add(p.from)
    }
    // integer inputs used as indices never enter autograd's record
    for (const ref of b.refs) {
      const src = bindings.find((x) => x.name === ref)
      if (src && src.kind === 'input' && !seen.has(ref)) {
        edges.push({ from: ref, to: b.name, op: 'index', broadcast: false })
        seen.add(ref)
      }
    }
  }
  const nodes: GraphNode[] = bindings.map((b) => {
    const outs = edges.filter((e) => e.from === b.name)
    const ins = edges.filter((e) => e.to === b.name)
    const gradEdges = outs.filter((e) => bindings.find((x) => x.name === e.to)?.tensor.requiresGrad)
    return {
      name: b.name,
      kind: b.kind,
      shape: [...b.tensor.shape],
      dtype: b.tensor.dtype,
      source: b.source,
      line: b.line,
      inputs: [...new Set(ins.map((e) => e.from))],
      consumers: [...new Set(outs.map((e) => e.to))],
      merge: b.tensor.requiresGrad && (gradEdges.length > 1 || gradEdges.some((e) => e.broadcast)),
      contributions: b.tensor.requiresGrad ? gradEdges.length : 0,
      checked: checked.has(b.name)
    }
  })
  return { nodes, edges, order: [...order] }
}

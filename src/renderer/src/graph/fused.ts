// The graph exercises 2 and 3 draw: the core's collapsed graph, with the one gradient the learner writes (dlogits,
// dhprebn) as the only checked node. Pure.

import type { Graph } from '../../../core/api'

/**
 * Marks `target` as the only checked node (so only it shows a status), and drops its merge mark: its uses in the
 * collapsed stretch are now one fused node, and the fused formula already sums them.
 */
export function fusedGraphView(graph: Graph, target: string): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((node) =>
      node.name === target ? { ...node, checked: true, merge: false, contributions: 1 } : { ...node, checked: false }
    ),
    order: [target]
  }
}

// Why a node's gradient is a sum, in the graph's chip and in words: used several times (a sum over its consumers)
// or broadcast in the forward pass (a sum over the broadcast dimension). Pure.

import type { GraphNode } from '../../../core/api'

export interface MergeText {
  /** 'Σ2' for two consumers, 'Σ' for a broadcast */
  chip: string
  /** one sentence for the inspector and the node's title */
  sentence: string
}

/** The merge chip and sentence for a node, or null when its gradient is not a sum. */
export function describeMerge(node: GraphNode): MergeText | null {
  if (!node.merge) return null
  const uses = node.consumers.length
  if (uses > 1) {
    const n = Math.max(node.contributions, uses)
    return { chip: `Σ${n}`, sentence: `d${node.name} is the sum of ${n} contributions, one from each use: ${node.consumers.join(', ')}.` }
  }
  const consumer = node.consumers[0] ?? 'its consumer'
  return {
    chip: 'Σ',
    sentence: `${node.name} is broadcast in ${consumer}: d${node.name} sums d${consumer}'s contributions over the broadcast dimension.`
  }
}

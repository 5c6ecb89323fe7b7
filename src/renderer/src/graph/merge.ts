// Why a node's gradient is a sum, in the graph's chip and in words: used several times (a sum over its consumers)
// or broadcast in the forward pass (a sum over the broadcast dimension). Pure.

import type { GraphNode, NodeVerdict } from '../../../core/api'

export interface MergeText {
  /** 'Σ2' for two consumers, 'Σ' for a broadcast */
  chip: string
  /** one sentence for the inspector and the node's title */
  sentence: string
}

/**
 * The merge chip and sentence for a node, or null when its gradient is not a sum. With the learner's branch count
 * from the last verdict, the chip reads Σk/n: k of the n contributions are in their gradient. `passNote` is a passing
 * verdict's note ("passes: the logit_maxes branch adds only ~5e-9 here, ..."), which says why fewer branches pass.
 */
export function describeMerge(node: GraphNode, branches?: NodeVerdict['branches'], passNote?: string): MergeText | null {
  if (!node.merge) return null
  const uses = node.consumers.length
  if (uses > 1) {
    const n = Math.max(node.contributions, uses)
    const sentence = `d${node.name} is the sum of ${n} contributions, one from each use: ${node.consumers.join(', ')}.`
    if (branches && branches.total === n)
      return {
        chip: `Σ${branches.matched}/${n}`,
        sentence:
          branches.matched === n
            ? `${sentence} Yours has all ${n}.`
            : `${sentence} Yours has ${branches.matched} of them (through ${branches.consumers.join(', ')}).${passNote?.startsWith('passes: ') ? ` It ${passNote}.` : ''}`
      }
    return { chip: `Σ${n}`, sentence }
  }
  const consumer = node.consumers[0] ?? 'its consumer'
  return {
    chip: 'Σ',
    sentence: `${node.name} is broadcast in ${consumer}: d${node.name} sums d${consumer}'s contributions over the broadcast dimension.`
  }
}

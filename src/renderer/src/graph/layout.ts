// Lays the lecture's graph out with dagre: a pure function from the core's Graph to boxes and edge routes, with the
// loss at the top and the inputs and parameters at the bottom, so the backward pass reads downwards like the cells.

import dagre from '@dagrejs/dagre'
import type { Graph, GraphNode } from '../../../core/api'

export interface Point {
  x: number
  y: number
}

/** A node's box; x, y is its top-left corner. */
export interface PlacedNode {
  name: string
  node: GraphNode
  x: number
  y: number
  width: number
  height: number
}

/** An edge's route from input to consumer (forward direction), with where its op label sits. */
export interface PlacedEdge {
  from: string
  to: string
  op: string
  broadcast: boolean
  points: Point[]
  label: Point
}

export interface GraphLayout {
  nodes: PlacedNode[]
  edges: PlacedEdge[]
  width: number
  height: number
}

export interface LayoutOptions {
  nodeHeight?: number
  /** px per character of the node's longest text line */
  charWidth?: number
  margin?: number
}

/** The shape as the lecture prints it: `[32, 27]`, `[]` for a scalar. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** Box width for a node: room for its name, its shape and the status badge. */
export function nodeWidth(node: GraphNode, charWidth = 7.4): number {
  // line 1: the name (the Σ chip sits on the border above it); line 2: the shape, then the status icon
  const text = Math.max(node.name.length + 1, formatShape(node.shape).length + 3)
  return Math.max(100, Math.ceil(text * charWidth + 22))
}

/** Places every node and routes every edge. */
export function layoutGraph(graph: Graph, options: LayoutOptions = {}): GraphLayout {
  const height = options.nodeHeight ?? 42
  const margin = options.margin ?? 16
  const g = new dagre.graphlib.Graph({ multigraph: true })
  g.setGraph({ rankdir: 'BT', nodesep: 16, ranksep: 22, edgesep: 8, marginx: margin, marginy: margin })
  g.setDefaultEdgeLabel(() => ({}))
  for (const node of graph.nodes) g.setNode(node.name, { width: nodeWidth(node, options.charWidth), height })
  graph.edges.forEach((edge, i) => {
    g.setEdge(edge.from, edge.to, { width: Math.max(12, edge.op.length * 6.5), height: 12, labelpos: 'c' }, String(i))
  })
  dagre.layout(g)
  const nodes = graph.nodes.map((node) => {
    const placed = g.node(node.name)
    return { name: node.name, node, x: placed.x - placed.width / 2, y: placed.y - placed.height / 2, width: placed.width, height: placed.height }
  })
  const edges = graph.edges.map((edge, i) => {
    const routed = g.edge({ v: edge.from, w: edge.to, name: String(i) }) as dagre.GraphEdge & { x?: number; y?: number }
    const points = routed.points.map((p) => ({ x: p.x, y: p.y }))
    const middle = points[Math.floor(points.length / 2)]
    return { ...edge, points, label: { x: routed.x ?? middle.x, y: routed.y ?? middle.y } }
  })
  const size = g.graph()
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 }
}

/** The nodes as the eye reads the drawing: top to bottom, then left to right (the graph's tab and DOM order). */
export function readingOrder(nodes: readonly PlacedNode[]): PlacedNode[] {
  const centre = (n: PlacedNode): Point => ({ x: n.x + n.width / 2, y: n.y + n.height / 2 })
  return [...nodes].sort((a, b) => centre(a).y - centre(b).y || centre(a).x - centre(b).x)
}

export type GraphKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End'

/**
 * Where a key moves the focus from node `from`: the nearest node in the arrow's direction (distance across the
 * direction counts double, so Down follows the column; of two about as near, a node with a cell wins over data),
 * Home and End to the first and last in reading order; null when there is none that way.
 */
export function neighbour(nodes: readonly PlacedNode[], from: string, key: GraphKey): string | null {
  const ordered = readingOrder(nodes)
  if (key === 'Home') return ordered[0]?.name ?? null
  if (key === 'End') return ordered[ordered.length - 1]?.name ?? null
  const start = nodes.find((n) => n.name === from)
  if (!start) return ordered[0]?.name ?? null
  const cx = start.x + start.width / 2
  const cy = start.y + start.height / 2
  let best: string | null = null
  let bestScore = Infinity
  for (const n of nodes) {
    if (n.name === from) continue
    const dx = n.x + n.width / 2 - cx
    const dy = n.y + n.height / 2 - cy
    // along: how far in the key's direction (must be ahead); across: how far off to the side
    const [along, across] = key === 'ArrowDown' ? [dy, dx] : key === 'ArrowUp' ? [-dy, dx] : key === 'ArrowRight' ? [dx, dy] : [-dx, dy]
    if (along <= 1) continue
    const score = along + 2 * Math.abs(across) + (n.node.checked ? 0 : 24)
    if (score < bestScore) {
      bestScore = score
      best = n.name
    }
  }
  return best
}

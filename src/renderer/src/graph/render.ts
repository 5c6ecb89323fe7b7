// Draws a laid-out graph as SVG with d3, then restyles it (status, selection, backward-step highlights) on each
// update without redrawing. Every node carries the contract's hooks: data-node, data-status, data-merge.

import * as d3 from 'd3'
import type { NodeVerdict, Status } from '../../../core/api'
import type { BackwardStep } from '../debugger/stepper'
import { STATUS_LABEL } from '../ui/status'
import { formatShape, neighbour, readingOrder, type GraphKey, type GraphLayout, type PlacedEdge, type PlacedNode, type Point } from './layout'
import { describeMerge } from './merge'


export interface GraphViewState {
  selected: string
  /** null for nodes that are not checked (inputs, loss) */
  status(name: string): Status | null
  checking(name: string): boolean
  step: BackwardStep | null
  /** how many of a merge node's branches the learner's last gradient holds (see NodeVerdict.branches) */
  branches?(name: string): NodeVerdict['branches']
}

export interface GraphView {
  update(state: GraphViewState): void
  /** scrolls the node into view */
  reveal(name: string): void
  /** moves the keyboard focus to a node */
  focus(name: string): void
  zoom(factor: number | 'fit'): void
  /** marks the node the inspector shows when it is not the selected one (the loss, Xb, Yb), or none */
  inspect(name: string | null): void
}

const SVG_NS = 'http://www.w3.org/2000/svg'

const ARROW_KEYS = new Set<string>(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'])

const edgePath = d3
  .line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(d3.curveBasis)

export interface GraphOptions {
  /** the node that stands for a fused stretch of the pass (exercises 2 and 3), drawn apart */
  fused?: string
}

/** Renders `layout` into `container` (emptied first); `onSelect` is called with a node's name on click/Enter. */
export function renderGraph(container: HTMLElement, layout: GraphLayout, onSelect: (name: string) => void, options: GraphOptions = {}): GraphView {
  container.replaceChildren()
  let scale = 1
  const svg = d3
    .select(container)
    .append(() => document.createElementNS(SVG_NS, 'svg'))
    .attr('class', 'graph')
    .attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
    .attr('role', 'group')
    .attr('aria-label', 'The computation graph: loss at the top, inputs and parameters at the bottom. Arrow keys move between nodes; Enter opens a node (again: its cell).')

  const defs = svg.append('defs')
  for (const [id, cls] of [
    ['arrow', 'arrow'],
    ['arrow-grad', 'arrow-grad']
  ]) {
    defs
      .append('marker')
      .attr('id', id)
      .attr('class', cls)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M 0 0 L 10 5 L 0 10 z')
  }

  const edgeLayer = svg.append('g').attr('class', 'edges').attr('aria-hidden', 'true')
  const edges = edgeLayer
    .selectAll<SVGGElement, PlacedEdge>('g.edge')
    .data(layout.edges)
    .join('g')
    .attr('class', 'edge')
    .attr('data-from', (e) => e.from)
    .attr('data-to', (e) => e.to)
  edges
    .append('path')
    .attr('class', 'edge-line')
    .attr('d', (e) => edgePath(e.points))
    .attr('marker-end', 'url(#arrow)')
  // The gradient's way back: the same route reversed, shown only while the stepper is on this edge.
  edges
    .append('path')
    .attr('class', 'edge-grad')
    .attr('d', (e) => edgePath([...e.points].reverse()))
    .attr('marker-end', 'url(#arrow-grad)')
  const labels = edges.append('g').attr('class', 'edge-op').attr('transform', (e) => `translate(${e.label.x},${e.label.y})`)
  labels
    .append('rect')
    .attr('x', (e) => -(e.op.length * 6.5 + 6) / 2)
    .attr('y', -8)
    .attr('width', (e) => e.op.length * 6.5 + 6)
    .attr('height', 15)
    .attr('rx', 3)
  labels
    .append('text')
    .attr('text-anchor', 'middle')
    .attr('dy', '0.32em')
    .text((e) => e.op)

  const nodeLayer = svg.append('g').attr('class', 'nodes')
  const nodes = nodeLayer
    .selectAll<SVGGElement, PlacedNode>('g.node')
    // in reading order (top down), so Tab, the arrows and a screen reader all go the way the drawing reads
    .data(readingOrder(layout.nodes))
    .join('g')
    .attr('class', (d) => `node kind-${d.node.kind}${d.name === options.fused ? ' fused' : ''}`)
    .attr('data-node', (d) => d.name)
    .attr('data-kind', (d) => d.node.kind)
    .attr('data-merge', (d) => (d.node.merge ? 'true' : null))
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    // one tab stop for the whole graph (a roving tabindex): the selected node, or the one the arrows moved to
    .attr('tabindex', (d, i) => (i === 0 ? 0 : -1))
    .attr('role', 'button')
    .on('click', (_event, d) => onSelect(d.name))
    .on('focus', (_event, d) => rove(d.name))
    .on('keydown', (event: KeyboardEvent, d) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault()
        onSelect(d.name)
        return
      }
      if (event.altKey || event.ctrlKey || event.metaKey || !ARROW_KEYS.has(event.key)) return
      event.preventDefault()
      const next = neighbour(layout.nodes, d.name, event.key as GraphKey)
      if (next) focusNode(next)
    })

  function nodeElement(name: string): SVGGElement | null {
    return container.querySelector<SVGGElement>(`[data-node="${CSS.escape(name)}"]`)
  }
  function rove(name: string): void {
    nodes.attr('tabindex', (d) => (d.name === name ? 0 : -1))
  }
  function focusNode(name: string): void {
    const element = nodeElement(name)
    if (!element) return
    rove(name)
    element.focus({ preventScroll: true })
    element.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }
  nodes.append('title')
  nodes
    .append('rect')
    .attr('class', 'node-box')
    .attr('width', (d) => d.width)
    .attr('height', (d) => d.height)
    .attr('rx', (d) => (d.node.kind === 'parameter' ? 3 : 9))
  nodes
    .append('text')
    .attr('class', 'node-name')
    .attr('x', 10)
    .attr('y', 17)
    .text((d) => d.name)
  nodes
    .append('text')
    .attr('class', 'node-shape')
    .attr('x', 10)
    .attr('y', 33)
    .text((d) => formatShape(d.node.shape))
  nodes
    .filter((d) => d.node.checked)
    .append('text')
    .attr('class', 'node-status')
    .attr('x', (d) => d.width - 9)
    .attr('y', 33)
    .attr('text-anchor', 'end')
  const merge = nodes
    .filter((d) => d.node.merge)
    .append('g')
    .attr('class', 'merge-chip')
    .attr('transform', (d) => `translate(${d.width - 30},-10)`)
  merge.append('rect').attr('width', 38).attr('height', 14).attr('rx', 7)
  merge
    .append('text')
    .attr('x', 19)
    .attr('y', 7)
    .attr('dy', '0.34em')
    .attr('text-anchor', 'middle')
    .text((d) => describeMerge(d.node)?.chip ?? '')
  nodes
    .filter((d) => !d.node.checked)
    .append('text')
    .attr('class', 'node-kind')
    .attr('x', (d) => d.width - 9)
    .attr('y', 33)
    .attr('text-anchor', 'end')
    .text((d) => (d.node.kind === 'loss' ? 'loss' : d.node.kind === 'input' ? 'data' : ''))

  function describe(d: PlacedNode, status: Status | null, branches?: NodeVerdict['branches']): string {
    const parts = [d.name, `shape ${formatShape(d.node.shape)}`]
    if (d.node.kind === 'parameter') parts.push('parameter')
    if (d.node.kind === 'input') parts.push('input data')
    if (d.name === options.fused) parts.push('several nodes fused into one step')
    if (status) parts.push(`status ${STATUS_LABEL[status].word}`)
    const merge = describeMerge(d.node, branches)
    if (merge) parts.push(merge.sentence)
    return parts.join(', ')
  }

  function applyZoom(): void {
    svg.attr('width', Math.round(layout.width * scale)).attr('height', Math.round(layout.height * scale))
  }
  applyZoom()
  // 'fit' holds until the learner zooms: a resized window (or pane) fits the graph again
  let fitted = false
  const fitWidth = (): void => {
    const available = container.clientWidth - 8
    if (available <= 0) return // hidden: fitted when shown
    scale = Math.max(0.6, Math.min(1.3, available / layout.width))
    applyZoom()
  }
  if (typeof ResizeObserver !== 'undefined')
    new ResizeObserver(() => {
      if (fitted) fitWidth()
    }).observe(container)

  return {
    update(state) {
      // the tab stop follows the selection, unless the keyboard is on another node right now
      const focused = document.activeElement instanceof SVGGElement && container.contains(document.activeElement) ? document.activeElement.dataset.node : undefined
      if (!focused && layout.nodes.some((n) => n.name === state.selected)) rove(state.selected)
      const step = state.step
      const inflow = new Set(step?.inflows.map((f) => f.consumer) ?? [])
      const needs = new Set(step?.needs ?? [])
      nodes
        .attr('data-status', (d) => state.status(d.name))
        .classed('selected', (d) => d.name === state.selected)
        .classed('checking', (d) => state.checking(d.name))
        .classed('step-current', (d) => step?.name === d.name)
        .classed('step-inflow', (d) => inflow.has(d.name))
        .classed('step-needs', (d) => needs.has(d.name) && d.name !== step?.name)
        .classed('step-dim', (d) => step !== null && d.name !== step.name && !inflow.has(d.name) && !needs.has(d.name))
        .attr('aria-pressed', (d) => (d.name === state.selected ? 'true' : 'false'))
        .attr('aria-label', (d) => describe(d, state.status(d.name), state.branches?.(d.name)))
      nodes.select('title').text((d) => describe(d, state.status(d.name), state.branches?.(d.name)))
      // Σk/n: how many branches of a merge node the learner's gradient holds
      nodes.select<SVGTextElement>('.merge-chip text').text((d) => describeMerge(d.node, state.branches?.(d.name))?.chip ?? '')
      // the icon alone fits the box; the word is in the title, the aria-label and the legend
      nodes.select<SVGTextElement>('text.node-status').text((d) => {
        if (state.checking(d.name)) return '…'
        return STATUS_LABEL[state.status(d.name) ?? 'missing'].icon
      })
      edges
        .classed('step-flow', (e) => step !== null && e.from === step.name)
        .classed('step-dim', (e) => step !== null && e.from !== step.name)
    },
    reveal(name) {
      nodeElement(name)?.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' })
    },
    focus: focusNode,
    inspect(name) {
      nodes.classed('inspected', (d) => d.name === name)
    },
    zoom(factor) {
      fitted = factor === 'fit'
      if (factor === 'fit') fitWidth()
      else {
        scale = Math.max(0.4, Math.min(2, scale * factor))
        applyZoom()
      }
    }
  }
}

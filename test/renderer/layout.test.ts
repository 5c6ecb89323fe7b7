import { describe, expect, test } from 'vitest'
import { formatShape, layoutGraph, neighbour, nodeWidth, readingOrder } from '../../src/renderer/src/graph/layout'
import { createSession } from './session'

const graph = createSession().graph

describe('layoutGraph', () => {
  const layout = layoutGraph(graph)
  const at = (name: string) => layout.nodes.find((n) => n.name === name)!

  test('places every node and routes every edge', () => {
    expect(layout.nodes.map((n) => n.name).sort()).toEqual(graph.nodes.map((n) => n.name).sort())
    expect(layout.edges).toHaveLength(graph.edges.length)
    for (const edge of layout.edges) expect(edge.points.length).toBeGreaterThanOrEqual(2)
  })

  test('puts the loss at the top and the parameters below the nodes they feed', () => {
    expect(at('loss').y).toBeLessThan(at('logprobs').y)
    expect(at('logprobs').y).toBeLessThan(at('probs').y)
    expect(at('W2').y).toBeGreaterThan(at('logits').y)
    expect(at('C').y).toBeGreaterThan(at('emb').y)
  })

  test('keeps boxes inside the drawing and apart from each other', () => {
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0)
      expect(n.y).toBeGreaterThanOrEqual(0)
      expect(n.x + n.width).toBeLessThanOrEqual(layout.width + 0.5)
      expect(n.y + n.height).toBeLessThanOrEqual(layout.height + 0.5)
    }
    for (const a of layout.nodes)
      for (const b of layout.nodes) {
        if (a === b) continue
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
        expect(apart, `${a.name} overlaps ${b.name}`).toBe(true)
      }
  })

  test('is a pure function of the graph', () => {
    expect(layoutGraph(graph)).toEqual(layout)
  })
})

describe('formatShape', () => {
  test('prints shapes as the lecture does', () => {
    expect(formatShape([32, 27])).toBe('[32, 27]')
    expect(formatShape([64])).toBe('[64]')
    expect(formatShape([])).toBe('[]')
  })
})

test('a longer name gets a wider box', () => {
  const node = graph.nodes.find((n) => n.name === 'counts_sum_inv')!
  expect(nodeWidth(node)).toBeGreaterThan(nodeWidth({ ...node, name: 'h' }))
})

describe('keyboard moves around the graph', () => {
  const layout = layoutGraph(graph)

  test('the reading order goes from the loss at the top down to the data at the bottom', () => {
    const order = readingOrder(layout.nodes).map((n) => n.name)
    expect(order[0]).toBe('loss')
    expect(order.indexOf('logprobs')).toBeLessThan(order.indexOf('probs'))
    expect(order.indexOf('probs')).toBeLessThan(order.indexOf('counts'))
    expect(order.indexOf('h')).toBeLessThan(order.indexOf('emb'))
    expect(order).toHaveLength(layout.nodes.length)
  })

  test('arrows follow the drawing: Down goes down the column, Right to the neighbour beside', () => {
    expect(neighbour(layout.nodes, 'loss', 'ArrowDown')).toBe('logprobs')
    expect(neighbour(layout.nodes, 'logprobs', 'ArrowDown')).toBe('probs')
    expect(neighbour(layout.nodes, 'probs', 'ArrowUp')).toBe('logprobs')
    expect(neighbour(layout.nodes, 'logprobs', 'ArrowRight')).toBe('Yb')
    expect(neighbour(layout.nodes, 'Yb', 'ArrowLeft')).toBe('logprobs')
    expect(neighbour(layout.nodes, 'loss', 'ArrowUp')).toBeNull()
    expect(neighbour(layout.nodes, 'probs', 'Home')).toBe('loss')
    expect(neighbour(layout.nodes, 'probs', 'End')).toBe(readingOrder(layout.nodes).at(-1)!.name)
  })

  test('every node can be reached from the loss with the arrows', () => {
    const seen = new Set(['loss'])
    const queue = ['loss']
    while (queue.length) {
      const at = queue.shift()!
      for (const key of ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'] as const) {
        const next = neighbour(layout.nodes, at, key)
        if (next && !seen.has(next)) {
          seen.add(next)
          queue.push(next)
        }
      }
    }
    expect(seen.size).toBe(layout.nodes.length)
  })
})

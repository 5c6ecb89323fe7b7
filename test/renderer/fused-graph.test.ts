import { describe, expect, test } from 'vitest'
import { cellScope, fusedScope } from '../../src/renderer/src/editor/completions'
import { fusedGraphView } from '../../src/renderer/src/graph/fused'
import { layoutGraph } from '../../src/renderer/src/graph/layout'
import { createSession } from './session'

const session = createSession()

describe('fusedGraphView', () => {
  test("exercise 2's graph: one cross_entropy node where the seven were, and only logits carries a status", () => {
    const view = fusedGraphView(session.exercise(2).graph, 'logits')
    const names = view.nodes.map((n) => n.name)
    expect(names).toContain('cross_entropy')
    expect(names).not.toContain('probs')
    expect(view.nodes.filter((n) => n.checked).map((n) => n.name)).toEqual(['logits'])
    expect(view.order).toEqual(['logits'])
  })

  test("the target's gradient is no longer a sum of uses: the fused formula did the summing", () => {
    const collapsed = session.exercise(3).graph
    expect(collapsed.nodes.find((n) => n.name === 'hprebn')?.merge).toBe(true)
    const hprebn = fusedGraphView(collapsed, 'hprebn').nodes.find((n) => n.name === 'hprebn')!
    expect(hprebn.merge).toBe(false)
    // b1 is still broadcast: its mark stays
    expect(fusedGraphView(collapsed, 'hprebn').nodes.find((n) => n.name === 'b1')?.merge).toBe(true)
  })

  test('lays out like any graph', () => {
    const layout = layoutGraph(fusedGraphView(session.exercise(3).graph, 'hprebn'))
    expect(layout.nodes.find((n) => n.name === 'batchnorm')).toBeDefined()
    expect(layout.width).toBeGreaterThan(0)
  })
})

describe('fusedScope', () => {
  test('exercise 2 offers the forward tensors and dlogits to define, and no gradient as given', () => {
    const scope = fusedScope(session.graph, session.config, 'logits', [])
    expect(scope.filter((s) => s.kind === 'grad').map((s) => s.name)).toEqual(['dlogits'])
    expect(scope.find((s) => s.name === 'Yb')?.kind).toBe('tensor')
  })

  test('exercise 3 is given dhpreact, and may use the batch-norm tensors the graph folds away', () => {
    const scope = fusedScope(session.graph, session.config, 'hprebn', ['hpreact'])
    expect(scope.filter((s) => s.kind === 'grad').map((s) => s.name)).toEqual(['dhpreact', 'dhprebn'])
    expect(scope.map((s) => s.name)).toEqual(expect.arrayContaining(['bnraw', 'bnvar_inv', 'bngain', 'n']))
    // exercise 1 would give every gradient above hprebn
    expect(cellScope(session.graph, session.config, 'hprebn', 'isolated').filter((s) => s.kind === 'grad').length).toBeGreaterThan(2)
  })
})

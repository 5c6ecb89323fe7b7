import { describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { collapseGraph, FUSED, trainingProgram } from '../../src/core/exercise/exercises'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { Grader } from '../../src/core/grader/check'
import { loadFixture } from '../fixtures'
import { model } from '../model'

const grader = new Grader(model())

describe('exercise 2: cross entropy in one step', () => {
  it("passes the lecture's fused dlogits, as approximate as PyTorch's own (maxdiff about 1e-8)", () => {
    const c = grader.checkFused(FUSED[2], FUSED[2].reference)
    expect(c.verdict.status).toBe('pass')
    expect(c.verdict.exact).toBe(false)
    expect(c.verdict.maxdiff).toBeLessThan(3e-8)
    expect(loadFixture('default').cmp_fused.logits.approximate).toBe(true)
  })

  it('fails softmax alone, and says by how much', () => {
    const c = grader.checkFused(FUSED[2], 'dlogits = F.softmax(logits, 1) / n')
    expect(c.verdict.status).toBe('fail')
    expect(c.verdict.diagnoses?.join(' ')).toMatch(/Largest difference/)
  })

  it('binds no upstream gradient: dlogprobs is not defined in its cell', () => {
    const c = grader.checkFused(FUSED[2], 'dlogits = dlogprobs')
    expect(c.verdict.status).toBe('error')
    expect(c.error?.message).toMatch(/NameError: name 'dlogprobs' is not defined/)
  })
})

describe('exercise 3: batch norm in one step', () => {
  it("passes the lecture's fused dhprebn given the true dhpreact", () => {
    const c = grader.checkFused(FUSED[3], FUSED[3].reference)
    expect(c.verdict.status).toBe('pass')
  })

  it('fails when the variance term is dropped', () => {
    const c = grader.checkFused(FUSED[3], 'dhprebn = bngain*bnvar_inv/n * (n*dhpreact - dhpreact.sum(0))')
    expect(c.verdict.status).toBe('fail')
  })
})

describe('the collapsed graphs', () => {
  it('replace the cross-entropy nodes by one node between logits and loss', () => {
    const g = collapseGraph(model().graph, FUSED[2])
    const names = g.nodes.map((nd) => nd.name)
    expect(names).toContain('cross_entropy')
    for (const k of FUSED[2].collapsed) expect(names).not.toContain(k)
    const ce = g.nodes.find((nd) => nd.name === 'cross_entropy')!
    expect(ce.inputs).toContain('logits')
    expect(ce.consumers).toEqual(['loss'])
  })

  it('replace the batch-norm nodes by one node between hprebn and hpreact', () => {
    const g = collapseGraph(model().graph, FUSED[3])
    const bn = g.nodes.find((nd) => nd.name === 'batchnorm')!
    expect(bn.inputs).toEqual(['hprebn'])
    expect(bn.consumers).toEqual(['hpreact'])
  })
})

describe("exercise 4's training program", () => {
  const cells = Object.fromEntries(CHECK_ORDER.map((k) => [k, REFERENCE_CELLS[k]]))

  it('uses the fused cells in place of the nodes they replace', () => {
    const p = trainingProgram(cells, { 2: FUSED[2].reference, 3: FUSED[3].reference })
    expect(p.missing).toEqual([])
    expect(p.uses).toContain('exercise 2')
    expect(p.uses).not.toContain('probs')
    expect(p.uses).not.toContain('bnvar')
    expect(p.source).toContain('F.softmax(logits, 1)')
  })

  it('lists the nodes still missing', () => {
    const { W1: _w, ...rest } = cells
    expect(trainingProgram(rest, {}).missing).toEqual(['W1'])
  })
})

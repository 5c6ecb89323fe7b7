import { describe, expect, test } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { createSession } from '../../src/renderer/src/worker/mock-session'

// The stand-in core must behave enough like the real one for the UI to be built against it.
const session = createSession()

describe('the mock session', () => {
  test('has the lecture graph with its shapes and merge nodes', () => {
    const node = (name: string) => session.graph.nodes.find((n) => n.name === name)!
    expect(node('logprobs').shape).toEqual([32, 27])
    expect(node('emb').shape).toEqual([32, 3, 10])
    expect(node('counts_sum_inv').shape).toEqual([32, 1])
    for (const name of ['counts', 'logits', 'bndiff', 'hprebn', 'counts_sum_inv', 'bnmeani', 'b1']) expect(node(name).merge, name).toBe(true)
    expect(node('h').merge).toBe(false)
    expect(session.graph.order).toEqual([...CHECK_ORDER])
  })

  test('passes every lecture solution', () => {
    for (const name of CHECK_ORDER) expect(session.checkCell(name, session.referenceCell(name)).verdict.status, name).toBe('pass')
  })

  test('says missing, shape, fail and error as the core will', () => {
    expect(session.checkCell('probs', '# nothing yet').verdict.status).toBe('missing')
    expect(session.checkCell('bnbias', 'dbnbias = dhpreact.sum(0)').verdict.status).toBe('shape')
    expect(session.checkCell('probs', 'dprobs = probs * dlogprobs').verdict.status).toBe('fail')
    const raised = session.checkCell('probs', 'dprobs = 1\n  raise')
    expect(raised.verdict.status).toBe('error')
    expect(raised.error).toMatchObject({ kind: 'runtime', line: 2, col: 3 })
  })

  test('exported solutions import back to the same cells', () => {
    const cells = Object.fromEntries(CHECK_ORDER.map((name) => [name, session.referenceCell(name)]))
    expect(session.importSolution(session.exportPy(cells)).cells).toEqual(cells)
    expect(session.importSolution(session.exportIpynb(cells)).cells).toEqual(cells)
  })

  test('a pasted cell without markers is split by the gradient each line assigns', () => {
    const { cells } = session.importSolution('dprobs = (1.0 / probs) * dlogprobs\ndcounts = counts_sum_inv * dprobs\ndcounts += 1')
    expect(cells).toEqual({ probs: 'dprobs = (1.0 / probs) * dlogprobs', counts: 'dcounts = counts_sum_inv * dprobs\ndcounts += 1' })
  })
})

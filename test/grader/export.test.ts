import { describe, expect, it } from 'vitest'
import { CHECK_ORDER, DEFAULT_CONFIG } from '../../src/core/api'
import { checkFile } from '../../src/core/cli/check'
import { FORWARD_SOURCE } from '../../src/core/exercise/forward'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { exportIpynb, exportPy, importSolution } from '../../src/core/grader/export'
import { model } from '../model'

const reference = new Map<string, string>(Object.entries(REFERENCE_CELLS))

// cells as a learner might leave them: tabs, unicode, blank lines and comments inside, a leading blank line
const quirky = new Map<string, string>([
  ['logprobs', '# the mean picks one entry per row: −1/n each\ndlogprobs = torch.zeros_like(logprobs)\n\n\ndlogprobs[range(n), Yb] = -1.0/n'],
  ['probs', "dprobs = (1.0/probs) * dlogprobs  # d/dx log(x) = 1/x ✓\ns = 'naïve 日本語 \\t tab'"],
  ['counts_sum_inv', '\ndcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)'],
  ['C', 'dC = torch.zeros_like(C)\nfor k in range(Xb.shape[0]):\n\tfor j in range(Xb.shape[1]):\n\t\tix = Xb[k,j]\n\n\t\tdC[ix] += demb[k,j]']
])

describe('the .py export', () => {
  const py = exportPy(reference)
  const lines = py.split('\n')

  it('has one marker per node, in the lecture order', () => {
    const markers = lines.filter((l) => l.startsWith('# %% node: ')).map((l) => l.slice('# %% node: '.length))
    expect(markers).toEqual([...CHECK_ORDER])
  })

  it('ends with the cmp() helper and the 26 cmp() calls', () => {
    expect(py).toContain('def cmp(s, dt, t):\n  ex = torch.all(dt == t.grad).item()\n  app = torch.allclose(dt, t.grad)')
    expect(lines.filter((l) => /^cmp\(/.test(l))).toEqual(CHECK_ORDER.map((k) => `cmp('${k}', d${k}, ${k})`))
  })

  it('puts the status after the name in each marker when verdicts are given', () => {
    const { result } = checkFile(model(), py, false)
    expect(exportPy(reference, result.nodes)).toContain('# %% node: counts  (pass)\n')
  })

  it('comments out the cmp() call of a node without a cell, so the table still runs', () => {
    const text = exportPy(new Map([['h', REFERENCE_CELLS.h]]))
    expect(text).toContain("\ncmp('h', dh, h)\n")
    expect(text).toContain("\nif 'dW2' in globals(): cmp('W2', dW2, W2)  # no cell yet\n")
    expect(text).toContain('# %% node: W2\n# dW2 = ...\n')
  })

  it('gives back every cell character for character when imported', () => {
    expect(importSolution(exportPy(reference)).cells).toEqual(reference)
    const back = importSolution(exportPy(quirky))
    expect(back.cells).toEqual(quirky)
    expect(back.warnings).toEqual([])
  })

  it('imports with a byte-order mark or CRLF line endings', () => {
    expect(importSolution('\uFEFF' + exportPy(reference)).cells).toEqual(reference)
    expect(importSolution(exportPy(reference).replace(/\n/g, '\r\n')).cells).toEqual(reference)
  })

  it('passes every node when checked as one program (its cmp() section is not run: learner tensors have no .grad)', () => {
    const { result } = checkFile(model(), py, false)
    expect(result.error).toBeNull()
    expect(result.summary.pass).toBe(26)
  })
})

describe('the .ipynb export', () => {
  const text = exportIpynb(reference, DEFAULT_CONFIG)
  const nb = JSON.parse(text) as {
    nbformat: number
    nbformat_minor: number
    metadata: Record<string, unknown>
    cells: { id: string; cell_type: string; metadata: object; source: string[]; outputs?: unknown[]; execution_count?: null }[]
  }
  const code = nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''))

  it('is nbformat 4.5 JSON: every cell has a unique id, metadata and a list of source lines', () => {
    expect(nb.nbformat).toBe(4)
    expect(nb.nbformat_minor).toBe(5)
    expect(nb.metadata).toMatchObject({ kernelspec: { name: 'python3', language: 'python' } })
    const ids = nb.cells.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const c of nb.cells) {
      expect(c.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/)
      expect(['code', 'markdown']).toContain(c.cell_type)
      expect(c.metadata).toEqual({})
      expect(c.source.every((l) => typeof l === 'string')).toBe(true)
      // every line but the last ends with its newline
      expect(c.source.slice(0, -1).every((l) => l.endsWith('\n'))).toBe(true)
      if (c.cell_type === 'code') {
        expect(c.outputs).toEqual([])
        expect(c.execution_count).toBeNull()
      } else expect(Object.keys(c)).not.toContain('outputs')
    }
  })

  it('holds the setup, the forward pass, backward, each node cell, then the cmp() table, in that order', () => {
    expect(code[0]).toContain('g = torch.Generator().manual_seed(seed)')
    expect(code[0]).toContain('seed, bn_seed, shuffle_seed = 2147483647, 42, 42')
    expect(code[1]).toContain(FORWARD_SOURCE.trimEnd())
    expect(code[2]).toContain('loss.backward()')
    expect(code.slice(3, 29).map((c) => c.split('\n')[0])).toEqual(CHECK_ORDER.map((k) => `# %% node: ${k}`))
    expect(code[3 + CHECK_ORDER.indexOf('C')]).toBe(`# %% node: C\n${REFERENCE_CELLS.C}`)
    expect(code[29]).toMatch(/^def cmp\(s, dt, t\):/)
    expect(code[29].split('\n').filter((l) => l.startsWith('cmp('))).toHaveLength(26)
    expect(code).toHaveLength(30)
  })

  it('gives the cells back when imported', () => {
    expect(importSolution(text).cells).toEqual(reference)
    expect(importSolution(exportIpynb(quirky, DEFAULT_CONFIG)).cells).toEqual(quirky)
  })
})

describe('importing a damaged notebook', () => {
  it('says it looks like a notebook that is not valid JSON, in our words, not a Python syntax error', () => {
    for (const text of ['{not json', exportIpynb(reference, DEFAULT_CONFIG).slice(0, 500)]) {
      const imported = importSolution(text)
      expect(imported.cells.size).toBe(0)
      expect(imported.warnings).toEqual(["it starts with '{' like a notebook (.ipynb) but is not valid JSON: the file may be damaged or cut short"])
    }
  })

  it('still reads a .py file that happens to start with a dict', () => {
    const imported = importSolution(`{'a': 1}\n${exportPy(reference)}`)
    expect(imported.cells.get('probs')).toBe(reference.get('probs'))
  })
})

describe('importing a plain pasted cell', () => {
  it('finds the cells from the dX each statement assigns', () => {
    const { cells, warnings } = importSolution('dprobs = (1.0 / probs) * dlogprobs\ndcounts = counts_sum_inv * dprobs\n# the second branch\ndcounts += 1')
    expect(Object.fromEntries(cells)).toEqual({
      probs: 'dprobs = (1.0 / probs) * dlogprobs',
      counts: 'dcounts = counts_sum_inv * dprobs\n# the second branch\ndcounts += 1'
    })
    expect(warnings).toEqual([])
  })

  it('warns, and imports nothing, when the cell has a syntax error', () => {
    const { cells, warnings } = importSolution('dprobs = (1.0 / probs')
    expect(cells.size).toBe(0)
    expect(warnings[0]).toMatch(/^the text has a syntax error at line 1/)
  })
})

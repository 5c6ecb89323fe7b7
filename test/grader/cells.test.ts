import { describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { checkFile, checkJSON } from '../../src/core/cli/check'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { chainedSource, splitCells, splitMarked, splitPlain } from '../../src/core/grader/cells'
import { exportPy } from '../../src/core/grader/export'
import { model } from '../model'

// Exercise 1's cell as the lecture's notebook has it (two-space indents, the cmp() calls right after).
const LECTURE_CELL = `# Exercise 1: backprop through the whole thing manually,
# backpropagating through exactly all of the variables
# as they are defined in the forward pass above, one by one

dlogprobs = torch.zeros_like(logprobs)
dlogprobs[range(n), Yb] = -1.0/n
dprobs = (1.0 / probs) * dlogprobs
dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)
dcounts = counts_sum_inv * dprobs
dcounts_sum = (-counts_sum**-2) * dcounts_sum_inv
dcounts += torch.ones_like(counts) * dcounts_sum
dnorm_logits = counts * dcounts
dlogits = dnorm_logits.clone()
dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)
dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes
dh = dlogits @ W2.T
dW2 = h.T @ dlogits
db2 = dlogits.sum(0)
dhpreact = (1.0 - h**2) * dh
dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
dbnraw = bngain * dhpreact
dbnbias = dhpreact.sum(0, keepdim=True)
dbndiff = bnvar_inv * dbnraw
dbnvar_inv = (bndiff * dbnraw).sum(0, keepdim=True)
dbnvar = (-0.5*(bnvar + 1e-5)**-1.5) * dbnvar_inv
dbndiff2 = (1.0/(n-1))*torch.ones_like(bndiff2) * dbnvar
dbndiff += (2*bndiff) * dbndiff2
dhprebn = dbndiff.clone()
dbnmeani = (-dbndiff).sum(0)
dhprebn += 1.0/n * (torch.ones_like(hprebn) * dbnmeani)
dembcat = dhprebn @ W1.T
dW1 = embcat.T @ dhprebn
db1 = dhprebn.sum(0)
demb = dembcat.view(emb.shape)
dC = torch.zeros_like(C)
for k in range(Xb.shape[0]):
  for j in range(Xb.shape[1]):
    ix = Xb[k,j]
    dC[ix] += demb[k,j]

${CHECK_ORDER.map((k) => `cmp('${k}', d${k}, ${k})`).join('\n')}
`

describe('splitting a marked file at its `# %% node:` markers', () => {
  const marked = [
    '# my solution',
    '# %% node: logprobs  (pass)',
    'dlogprobs = torch.zeros_like(logprobs)',
    'dlogprobs[range(n), Yb] = -1.0/n',
    '',
    '# %% node: probs (fail: sign)',
    '# the derivative of log',
    'dprobs = (1.0/probs) * dlogprobs',
    '',
    '# %% cmp: compare with autograd',
    'def cmp(s, dt, t):',
    '  pass',
    "cmp('probs', dprobs, probs)"
  ].join('\n')

  it('reads the node name before any status comment, and keeps the cell exactly', () => {
    const s = splitMarked(marked)
    expect([...s.cells.keys()]).toEqual(['logprobs', 'probs'])
    expect(s.cells.get('logprobs')).toBe('dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n')
    expect(s.cells.get('probs')).toBe('# the derivative of log\ndprobs = (1.0/probs) * dlogprobs')
    expect(s.preamble).toBe('# my solution')
    expect(s.warnings).toEqual([])
  })

  it('leaves the trailing cmp() section out of every cell', () => {
    expect(splitMarked(marked).cells.get('probs')).not.toContain('cmp')
  })

  it('maps each cell line to its line in the file', () => {
    const s = splitMarked(marked)
    expect(s.lineMaps.get('logprobs')).toEqual([3, 4])
    expect(s.lineMaps.get('probs')).toEqual([7, 8])
  })

  it('splits CRLF and old Mac line endings the same way as LF', () => {
    for (const eol of ['\r\n', '\r']) {
      const s = splitCells(marked.replace(/\n/g, eol))
      expect(s.cells).toEqual(splitMarked(marked).cells)
      expect(s.lineMaps).toEqual(splitMarked(marked).lineMaps)
    }
  })

  it('warns about a marker for a name that is not one of the 26 nodes, and keeps its cell', () => {
    const s = splitMarked('# %% node: bnmean\ndbnmean = 1\n# %% node: h\ndh = dlogits @ W2.T')
    expect(s.warnings).toEqual(["'bnmean' is not one of the 26 nodes; its cell is kept but never checked"])
    expect(s.cells.get('bnmean')).toBe('dbnmean = 1')
    expect(s.cells.get('h')).toBe('dh = dlogits @ W2.T')
  })

  it('passes the split warnings on to check, which prints them on stderr', () => {
    const text = '# %% node: bnmean\ndbnmean = 1\n# %% node: h\ndh = dlogits @ W2.T'
    for (const isolated of [true, false])
      expect(checkFile(model(), text, isolated).warnings).toEqual(["'bnmean' is not one of the 26 nodes; its cell is kept but never checked"])
    expect(checkFile(model(), 'dh = dlogits @ W2.T', false).warnings).toEqual([])
  })

  it('warns about a node with two cells and appends the second to the first', () => {
    const s = splitMarked('# %% node: h\ndh = 1\n# %% node: W2\ndW2 = 2\n# %% node: h\ndh += 3')
    expect(s.cells.get('h')).toBe('dh = 1\ndh += 3')
    expect(s.lineMaps.get('h')).toEqual([2, 6])
    expect(s.warnings).toEqual(['node h has two cells; the second one was appended to the first'])
  })

  it('runs a marked file in chained mode without its cmp() section, keeping line numbers', () => {
    const text = chainedSource(marked)
    expect(text.split('\n')).toHaveLength(marked.split('\n').length)
    expect(text).not.toContain('cmp')
    expect(text.split('\n')[7]).toBe('dprobs = (1.0/probs) * dlogprobs')
    expect(chainedSource('dh = 1\n# %% cmp\ncmp(1, 2, 3)')).toBe('dh = 1\n# %% cmp\ncmp(1, 2, 3)')
  })
})

describe('splitting a plain pasted notebook cell by the dX each statement assigns', () => {
  const lecture = splitPlain(LECTURE_CELL)

  it("splits the lecture's full backward pass into its 26 cells", () => {
    expect(lecture.error).toBeNull()
    expect([...lecture.cells.keys()]).toEqual([...CHECK_ORDER])
  })

  it('keeps the temporaries inside the for block with dC', () => {
    expect(lecture.cells.get('C')).toBe(
      'dC = torch.zeros_like(C)\nfor k in range(Xb.shape[0]):\n  for j in range(Xb.shape[1]):\n    ix = Xb[k,j]\n    dC[ix] += demb[k,j]'
    )
  })

  it("puts a later update of an earlier node's gradient in that node's cell (dcounts += ... after dcounts_sum)", () => {
    expect(lecture.cells.get('counts')).toBe('dcounts = counts_sum_inv * dprobs\ndcounts += torch.ones_like(counts) * dcounts_sum')
    expect(lecture.cells.get('counts_sum')).toBe('dcounts_sum = (-counts_sum**-2) * dcounts_sum_inv')
    expect(lecture.lineMaps.get('counts')).toEqual([9, 11])
    expect(lecture.cells.get('hprebn')).toBe('dhprebn = dbndiff.clone()\ndhprebn += 1.0/n * (torch.ones_like(hprebn) * dbnmeani)')
  })

  it('lets comments travel with the statement after them', () => {
    expect(lecture.cells.get('logprobs')!.split('\n').slice(0, 3)).toEqual([
      '# Exercise 1: backprop through the whole thing manually,',
      '# backpropagating through exactly all of the variables',
      '# as they are defined in the forward pass above, one by one'
    ])
    const s = splitPlain('dh = dlogits @ W2.T\n# the weights: a.T @ dout\n\ndW2 = h.T @ dlogits')
    expect(s.cells.get('W2')).toBe('# the weights: a.T @ dout\n\ndW2 = h.T @ dlogits')
    expect(s.lineMaps.get('W2')).toEqual([2, 3, 4])
  })

  it("leaves the lecture's cmp() calls out of every cell", () => {
    for (const code of lecture.cells.values()) expect(code).not.toMatch(/cmp\(/)
    expect(lecture.preamble).toMatch(/^cmp\('logprobs', dlogprobs, logprobs\)/)
  })

  it('passes every node of the lecture\'s cell in isolated mode', () => {
    const { result } = checkFile(model(), LECTURE_CELL, true)
    expect(result.error).toBeNull()
    // the lecture's dbnmeani drops keepdim: PyTorch's cmp() says approximate True, the shape differs
    expect(result.nodes.bnmeani.status).toBe('shape')
    expect(result.summary).toEqual({ pass: 25, shape: 1, fail: 0, missing: 0, error: 0 })
  })

  it("runs the lecture's cell, cmp() calls and all, in chained mode", () => {
    const { result } = checkFile(model(), LECTURE_CELL, false)
    expect(result.error).toBeNull()
    expect(result.summary).toEqual({ pass: 25, shape: 1, fail: 0, missing: 0, error: 0 })
  })

  it('gives a statement assigning two gradients to both cells', () => {
    const s = splitPlain('dW2, db2 = h.T @ dlogits, dlogits.sum(0)\ndh = dlogits @ W2.T; dhpreact = (1.0 - h**2) * dh')
    expect(s.cells.get('W2')).toBe('dW2, db2 = h.T @ dlogits, dlogits.sum(0)')
    expect(s.cells.get('b2')).toBe('dW2, db2 = h.T @ dlogits, dlogits.sum(0)')
    expect(s.cells.get('h')).toBe('dh = dlogits @ W2.T; dhpreact = (1.0 - h**2) * dh')
    expect(s.cells.get('hpreact')).toBe('dh = dlogits @ W2.T; dhpreact = (1.0 - h**2) * dh')
  })

  it('puts a branch temporary in the cell that reads it, past an intervening dX (dlogits_branch1, then dlogit_maxes)', () => {
    const s = splitPlain(
      [
        'dlogits_branch1 = dnorm_logits.clone()',
        'dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)',
        'dlogits_branch2 = F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes',
        'dlogits = dlogits_branch1 + dlogits_branch2'
      ].join('\n')
    )
    expect(s.cells.get('logit_maxes')).toBe('dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)')
    expect(s.cells.get('logits')!.split('\n').map((l) => l.split(' =')[0])).toEqual(['dlogits_branch1', 'dlogits_branch2', 'dlogits'])
    expect(s.lineMaps.get('logits')).toEqual([1, 3, 4])
  })

  it('follows a temporary read only by another temporary to the cell that reads that one', () => {
    const s = splitPlain('a = counts_sum_inv * dprobs\ndcounts_sum = (-counts_sum**-2) * dcounts_sum_inv\nb = a * 1.0\ndcounts = b + dcounts_sum')
    expect(s.cells.get('counts')).toBe('a = counts_sum_inv * dprobs\nb = a * 1.0\ndcounts = b + dcounts_sum')
  })

  it("puts an inspection line in the cell of the gradient it looks at, not the next node's", () => {
    const s = splitPlain('dcounts = counts_sum_inv * dprobs\nprint(dcounts.shape)\ndnorm_logits = counts * dcounts')
    expect(s.cells.get('counts')).toBe('dcounts = counts_sum_inv * dprobs\nprint(dcounts.shape)')
    expect(s.cells.get('norm_logits')).toBe('dnorm_logits = counts * dcounts')
    const t = splitPlain('dbngain = (bnraw * dhpreact).sum(0, keepdim=True)\ndbnbias = dhpreact.sum(0, keepdim=True)\ndbnbias.shape, dbngain.shape\ndbnraw = bngain * dhpreact')
    expect(t.cells.get('bnbias')).toBe('dbnbias = dhpreact.sum(0, keepdim=True)\ndbnbias.shape, dbngain.shape')
  })

  it('puts an inspection of two gradients in the cell of the one later in the check order (bnraw after bnbias)', () => {
    const s = splitPlain('dbnraw = bngain * dhpreact\ndbnbias = dhpreact.sum(0, keepdim=True)\nprint(dbnbias.shape, dbnraw.shape)\ndbndiff = bnvar_inv * dbnraw')
    expect(s.cells.get('bnraw')).toBe('dbnraw = bngain * dhpreact\nprint(dbnbias.shape, dbnraw.shape)')
  })

  it('keeps an inspection of forward tensors only, and an import, with the next cell as before', () => {
    const s = splitPlain('dh = dlogits @ W2.T\nprint(h.shape)\nimport math\ndW2 = h.T @ dlogits')
    expect(s.cells.get('W2')).toBe('print(h.shape)\nimport math\ndW2 = h.T @ dlogits')
  })

  it('reports a syntax error instead of splitting', () => {
    const s = splitPlain('dh = (dlogits @ W2.T\ndW2 = h.T @ dlogits')
    expect(s.cells.size).toBe(0)
    expect(s.error).toMatchObject({ kind: 'syntax', line: 1, col: 6 })
  })

  it('warns when no statement assigns a gradient', () => {
    expect(splitPlain('x = 1').warnings).toEqual(['no statement assigns a gradient d<name> of one of the 26 nodes'])
  })
})

describe('errors in isolated cells are reported at their line in the file', () => {
  it('maps a NameError in a marked cell to the line of the file (check --isolated --json)', () => {
    const cells = new Map(Object.entries(REFERENCE_CELLS))
    cells.set('bnvar', 'dbnvar = (-0.5*(bn_var + 1e-5)**-1.5) * dbnvar_inv')
    const text = exportPy(cells)
    const line = text.split('\n').indexOf(cells.get('bnvar')!) + 1
    const json = checkJSON(checkFile(model(), text, true).result) as { error: { kind: string; line: number; col: number; message: string }; nodes: Record<string, { status: string }> }
    expect(json.error).toMatchObject({ kind: 'runtime', line, col: 17 })
    expect(json.error.message).toMatch(/NameError: name 'bn_var' is not defined/)
    expect(json.nodes.bnvar.status).toBe('error')
    expect(line).toBeGreaterThan(40)
  })

  it('maps an error in a plain pasted cell to the line of the file', () => {
    const text = LECTURE_CELL.replace('dW1 = embcat.T @ dhprebn', 'dW1 = embcat.T @ dhprebn @ W1')
    const line = text.split('\n').indexOf('dW1 = embcat.T @ dhprebn @ W1') + 1
    const { result } = checkFile(model(), text, true)
    expect(result.error).toMatchObject({ kind: 'runtime', line })
    expect(result.nodes.W1.status).toBe('error')
    expect(result.summary.pass).toBe(24)
  })

  it('reports the syntax error of a plain file in isolated mode, where it used to pass as all missing', () => {
    const text = LECTURE_CELL.replace('dh = dlogits @ W2.T', 'dh = (dlogits @ W2.T')
    const { result } = checkFile(model(), text, true)
    expect(result.error).toMatchObject({ kind: 'syntax', line: 16, col: 6 })
  })
})

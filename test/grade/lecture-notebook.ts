// A notebook laid out as the lecture's own (makemore part 4): setup, forward, backward, then the learner's
// exercise 1, 2 and 3 cells, exercise 4's training loop and the evaluation cells. Built here from the app's
// sources, so tests can put any learner code in the exercise cells.
import { CHECK_ORDER } from '../../src/core/api'
import { FUSED } from '../../src/core/exercise/exercises'
import { FORWARD_SOURCE } from '../../src/core/exercise/forward'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'

export const REFERENCE_EXERCISE_1 = CHECK_ORDER.map((k) => REFERENCE_CELLS[k]).join('\n')

const CMP_CALLS = CHECK_ORDER.map((k) => `cmp('${k}', d${k}, ${k})`).join('\n')

export interface LectureCells {
  exercise1?: string
  exercise2?: string
  exercise3?: string
}

/** The cells' sources in order: [kind, source]. */
export function lectureCells(learner: LectureCells = {}): [kind: 'code' | 'markdown', source: string][] {
  return [
    ['markdown', '## Makemore part 4: becoming a backprop ninja'],
    ['code', 'import torch\nimport torch.nn.functional as F\nimport matplotlib.pyplot as plt # for making figures\n%matplotlib inline'],
    ['code', "!wget https://raw.githubusercontent.com/karpathy/makemore/master/names.txt\nwords = open('names.txt', 'r').read().splitlines()\nprint(len(words))"],
    ['code', "chars = sorted(list(set(''.join(words))))\nstoi = {s:i+1 for i,s in enumerate(chars)}\nstoi['.'] = 0\nitos = {i:s for s,i in stoi.items()}\nvocab_size = len(itos)"],
    ['code', 'block_size = 3\ndef build_dataset(words):\n  X, Y = [], []\n  for w in words:\n    context = [0] * block_size\n    for ch in w + \'.\':\n      ix = stoi[ch]\n      X.append(context)\n      Y.append(ix)\n      context = context[1:] + [ix]\n  X = torch.tensor(X)\n  Y = torch.tensor(Y)\n  return X, Y\n\nimport random\nrandom.seed(42)\nrandom.shuffle(words)\nn1 = int(0.8*len(words))\nn2 = int(0.9*len(words))\nXtr, Ytr = build_dataset(words[:n1])\nXdev, Ydev = build_dataset(words[n1:n2])\nXte, Yte = build_dataset(words[n2:])'],
    ['code', "def cmp(s, dt, t):\n  ex = torch.all(dt == t.grad).item()\n  app = torch.allclose(dt, t.grad)\n  maxdiff = (dt - t.grad).abs().max().item()\n  print(f'{s:15s} | exact: {str(ex):5s} | approximate: {str(app):5s} | maxdiff: {maxdiff}')"],
    ['code', 'n_embd = 10\nn_hidden = 64\ng = torch.Generator().manual_seed(2147483647)\nC  = torch.randn((vocab_size, n_embd), generator=g)\nW1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5/3)/((n_embd * block_size)**0.5)\nb1 = torch.randn(n_hidden, generator=g) * 0.1\nW2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1\nb2 = torch.randn(vocab_size, generator=g) * 0.1\nbngain = torch.randn((1, n_hidden))*0.1 + 1.0\nbnbias = torch.randn((1, n_hidden))*0.1\nparameters = [C, W1, b1, W2, b2, bngain, bnbias]\nfor p in parameters:\n  p.requires_grad = True'],
    ['code', 'batch_size = 32\nn = batch_size\nix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)\nXb, Yb = Xtr[ix], Ytr[ix]'],
    ['code', FORWARD_SOURCE.trimEnd()],
    ['code', 'for p in parameters:\n  p.grad = None\nfor t in [logprobs, probs, counts, counts_sum, counts_sum_inv, norm_logits, logit_maxes, logits, h, hpreact, bnraw,\n         bnvar_inv, bnvar, bndiff2, bndiff, hprebn, bnmeani, embcat, emb]:\n  t.retain_grad()\nloss.backward()\nloss'],
    ['markdown', '### Exercise 1: backprop through the whole thing manually'],
    ['code', `# Exercise 1\n${learner.exercise1 ?? REFERENCE_EXERCISE_1}\n\n${CMP_CALLS}`],
    ['code', "# Exercise 2\nloss_fast = F.cross_entropy(logits, Yb)\nprint(loss_fast.item(), 'diff:', (loss_fast - loss).item())\n\n# backward pass\n" + (learner.exercise2 ?? FUSED[2].reference) + "\ncmp('logits', dlogits, logits)"],
    ['code', "# Exercise 3\nhpreact_fast = bngain * (hprebn - hprebn.mean(0, keepdim=True)) / torch.sqrt(hprebn.var(0, keepdim=True, unbiased=True) + 1e-5) + bnbias\nprint('max diff:', (hpreact_fast - hpreact).abs().max())\n\n" + (learner.exercise3 ?? FUSED[3].reference) + "\ncmp('hprebn', dhprebn, hprebn)"],
    ['code', '# Exercise 4: putting it all together\nn_embd = 10\nn_hidden = 200\ng = torch.Generator().manual_seed(2147483647)\nC  = torch.randn((vocab_size, n_embd), generator=g)\nW1 = torch.randn((n_embd * block_size, n_hidden), generator=g)\nparameters = [C, W1]\nmax_steps = 200000\nfor i in range(max_steps):\n  ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=g)\n  Xb, Yb = Xtr[ix], Ytr[ix]\n  emb = C[Xb]\n  logits = emb.view(emb.shape[0], -1) @ W1\n  loss = F.cross_entropy(logits, Yb)\n  dlogits = F.softmax(logits, 1)\n  dlogits[range(n), Yb] -= 1\n  dlogits /= n\n  dW1 = emb.view(emb.shape[0], -1).T @ dlogits\n  for p, grad in zip(parameters, [dW1]):\n    p.data += -0.1 * grad'],
    ['code', 'with torch.no_grad():\n  emb = C[Xtr]\n  embcat = emb.view(emb.shape[0], -1)\n  hpreact = embcat @ W1 + b1\n  bnmean = hpreact.mean(0, keepdim=True)\n  bnvar = hpreact.var(0, keepdim=True, unbiased=True)'],
    ['code', "plt.plot(lossi)\nprint('done')"]
  ]
}

/** The notebook's JSON; `asString` writes each cell's source as one string instead of a list of lines. */
export function lectureNotebook(learner: LectureCells = {}, asString = false): string {
  const cells = lectureCells(learner).map(([kind, source], i) => {
    const lines = source.split('\n').map((l, j, all) => (j < all.length - 1 ? `${l}\n` : l))
    const src = asString ? source : lines
    return kind === 'code'
      ? { cell_type: 'code', execution_count: null, id: `c${i}`, metadata: {}, outputs: [], source: src }
      : { cell_type: 'markdown', id: `c${i}`, metadata: {}, source: src }
  })
  return JSON.stringify({ cells, metadata: { kernelspec: { name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }, null, 1)
}

/** The same cells as a `# %%` script (what VS Code or jupytext writes). */
export function lectureScript(learner: LectureCells = {}): string {
  return lectureCells(learner)
    .map(([kind, source]) => (kind === 'code' ? `# %%\n${source}` : `# %% [markdown]\n${source.replace(/^/gm, '# ')}`))
    .join('\n\n')
}

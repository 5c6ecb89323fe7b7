// The lecture's manual backward pass (exercise 1), one cell per node, and our hints for a stuck learner.

import type { CheckedName } from '../api'

/**
 * The lecture's solution cell for each checked node, in the order gradients flow: every one passes. Where the
 * lecture's own line has another shape (bnmeani), this one has the exact shape and LECTURE_CELLS has the lecture's.
 */
export const REFERENCE_CELLS: Readonly<Record<CheckedName, string>> = {
  logprobs: 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n',
  probs: 'dprobs = (1.0/probs) * dlogprobs',
  counts_sum_inv: 'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)',
  counts_sum: 'dcounts_sum = -counts_sum**-2 * dcounts_sum_inv',
  counts: 'dcounts = counts_sum_inv * dprobs\ndcounts += torch.ones_like(counts) * dcounts_sum',
  norm_logits: 'dnorm_logits = counts * dcounts',
  logit_maxes: 'dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)',
  logits:
    'dlogits = dnorm_logits.clone()\ndlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes',
  h: 'dh = dlogits @ W2.T',
  W2: 'dW2 = h.T @ dlogits',
  b2: 'db2 = dlogits.sum(0)',
  hpreact: 'dhpreact = (1.0 - h**2) * dh',
  bngain: 'dbngain = (bnraw * dhpreact).sum(0, keepdim=True)',
  bnbias: 'dbnbias = dhpreact.sum(0, keepdim=True)',
  bnraw: 'dbnraw = bngain * dhpreact',
  bnvar_inv: 'dbnvar_inv = (bndiff * dbnraw).sum(0, keepdim=True)',
  bnvar: 'dbnvar = (-0.5*(bnvar + 1e-5)**-1.5) * dbnvar_inv',
  bndiff2: 'dbndiff2 = (1.0/(n-1))*torch.ones_like(bndiff2) * dbnvar',
  bndiff: 'dbndiff = bnvar_inv * dbnraw\ndbndiff += (2*bndiff) * dbndiff2',
  bnmeani: 'dbnmeani = (-dbndiff).sum(0, keepdim=True)',
  hprebn: 'dhprebn = dbndiff.clone()\ndhprebn += 1.0/n * (torch.ones_like(hprebn) * dbnmeani)',
  embcat: 'dembcat = dhprebn @ W1.T',
  W1: 'dW1 = embcat.T @ dhprebn',
  b1: 'db1 = dhprebn.sum(0)',
  emb: 'demb = dembcat.view(emb.shape)',
  C: [
    'dC = torch.zeros_like(C)',
    'for k in range(Xb.shape[0]):',
    '    for j in range(Xb.shape[1]):',
    '        ix = Xb[k,j]',
    '        dC[ix] += demb[k,j]'
  ].join('\n')
}

/**
 * The lecture's lines as written, where they differ from REFERENCE_CELLS, with what this app says of them: shown as
 * "the lecture's solution", so that it is the lecture's.
 */
export const LECTURE_CELLS: Readonly<Partial<Record<CheckedName, string>>> = {
  bnmeani: [
    "# The lecture's line, as written. Its dbnmeani is 1-D, one number per hidden unit, while bnmeani is",
    "# (1, n_hidden): the lecture's cmp() broadcasts and says exact, but a gradient has its tensor's shape, so",
    '# this app says "shape". The values are right, and exercise 4 trains with it (an intermediate\'s gradient',
    "# only flows on; a parameter's must have its exact shape). For the exact shape: (-dbndiff).sum(0, keepdim=True)",
    'dbnmeani = (-dbndiff).sum(0)'
  ].join('\n')
}

/** The lecture's solution for a node, as the app shows it: the lecture's own line. */
export function lectureSolution(name: CheckedName): string {
  return LECTURE_CELLS[name] ?? REFERENCE_CELLS[name]
}

/** Three progressive hints per node: where to look, the local derivative, then the shape of the answer. */
export const HINTS: Readonly<Record<CheckedName, readonly string[]>> = {
  logprobs: [
    'The loss is minus the mean of n numbers picked out of logprobs. Every other entry of logprobs does not touch the loss.',
    'Each picked entry moves the loss by -1/n; all the others by 0.',
    'Start from zeros shaped like logprobs and write -1.0/n at [range(n), Yb].'
  ],
  probs: [
    'logprobs = probs.log(): apply the chain rule through log.',
    'd/dx log(x) = 1/x.',
    'Multiply the local derivative 1/probs elementwise by the upstream dlogprobs.'
  ],
  counts_sum_inv: [
    'probs = counts * counts_sum_inv, where counts_sum_inv is (n, 1) and is broadcast across the 27 columns.',
    'The local derivative with respect to counts_sum_inv is counts. A broadcast in the forward pass is a sum in the backward pass.',
    'Sum counts * dprobs over dim 1 and keep the dim, so the result is (n, 1) like counts_sum_inv.'
  ],
  counts_sum: [
    'counts_sum_inv = counts_sum**-1.',
    'd/dx x**-1 = -x**-2.',
    'Multiply -counts_sum**-2 by dcounts_sum_inv; both are (n, 1).'
  ],
  counts: [
    'counts is used twice: in probs = counts * counts_sum_inv and in counts_sum = counts.sum(1). Its gradient is the sum of both contributions.',
    'Through probs the local derivative is counts_sum_inv (broadcast); through the sum every element gets dcounts_sum of its row.',
    'Add counts_sum_inv * dprobs and dcounts_sum broadcast to (n, 27).'
  ],
  norm_logits: [
    'counts = norm_logits.exp().',
    'The derivative of exp is exp itself, which you already have as counts.',
    'Multiply counts by dcounts.'
  ],
  logit_maxes: [
    'norm_logits = logits - logit_maxes, with logit_maxes (n, 1) broadcast across the columns.',
    'The local derivative with respect to logit_maxes is -1, and the broadcast becomes a sum.',
    'Sum -dnorm_logits over dim 1, keeping the dim.'
  ],
  logits: [
    'logits feeds two places: norm_logits directly and logit_maxes through max. Add both contributions.',
    'Through norm_logits the derivative is 1. Through max, only the position of each row\'s maximum gets the gradient.',
    'Start from a copy of dnorm_logits and add a one-hot of logits.max(1).indices times dlogit_maxes.'
  ],
  h: [
    'logits = h @ W2 + b2: a matrix product.',
    'For out = a @ b, the gradient with respect to a is dout @ b.T. Check the shapes: (n, 27) @ (27, 64).',
    'dlogits @ W2.T'
  ],
  W2: [
    'logits = h @ W2 + b2.',
    'For out = a @ b, the gradient with respect to b is a.T @ dout. The result must be (64, 27).',
    'h.T @ dlogits'
  ],
  b2: [
    'b2 (27,) is broadcast over the n rows of the batch.',
    'A broadcast in the forward pass is a sum in the backward pass.',
    'Sum dlogits over dim 0.'
  ],
  hpreact: [
    'h = torch.tanh(hpreact).',
    'd/dx tanh(x) = 1 - tanh(x)**2, and tanh(hpreact) is h.',
    '(1.0 - h**2) * dh'
  ],
  bngain: [
    'hpreact = bngain * bnraw + bnbias, with bngain (1, 64) broadcast over the batch.',
    'The local derivative is bnraw; the broadcast becomes a sum over dim 0.',
    'Sum bnraw * dhpreact over dim 0 with keepdim=True.'
  ],
  bnbias: [
    'hpreact = bngain * bnraw + bnbias, with bnbias (1, 64) broadcast over the batch.',
    'The local derivative of an addition is 1; the broadcast becomes a sum.',
    'Sum dhpreact over dim 0 with keepdim=True.'
  ],
  bnraw: [
    'hpreact = bngain * bnraw + bnbias.',
    'The local derivative with respect to bnraw is bngain.',
    'bngain * dhpreact (the broadcast takes care of the shapes).'
  ],
  bnvar_inv: [
    'bnraw = bndiff * bnvar_inv, with bnvar_inv (1, 64) broadcast over the batch.',
    'The local derivative is bndiff; then sum over the broadcast dim.',
    'Sum bndiff * dbnraw over dim 0 with keepdim=True.'
  ],
  bnvar: [
    'bnvar_inv = (bnvar + 1e-5)**-0.5.',
    'd/dx (x + eps)**-0.5 = -0.5 * (x + eps)**-1.5.',
    '(-0.5*(bnvar + 1e-5)**-1.5) * dbnvar_inv'
  ],
  bndiff2: [
    'bnvar = 1/(n-1) * bndiff2.sum(0, keepdim=True): a sum, scaled.',
    'Every element of a column gets the same gradient: 1/(n-1) times that column\'s dbnvar.',
    'Broadcast (1.0/(n-1)) * dbnvar to the shape of bndiff2, e.g. with torch.ones_like(bndiff2).'
  ],
  bndiff: [
    'bndiff is used twice: in bndiff2 = bndiff**2 and in bnraw = bndiff * bnvar_inv. Add both contributions.',
    'Through bnraw the derivative is bnvar_inv; through the square it is 2*bndiff.',
    'bnvar_inv * dbnraw + (2*bndiff) * dbndiff2'
  ],
  bnmeani: [
    'bndiff = hprebn - bnmeani, with bnmeani (1, 64) broadcast over the batch.',
    'The local derivative is -1; the broadcast becomes a sum over dim 0.',
    'Sum -dbndiff over dim 0 with keepdim=True.'
  ],
  hprebn: [
    'hprebn is used twice: directly in bndiff and through the mean in bnmeani. Add both contributions.',
    'Through bndiff the derivative is 1; through the mean every element gets 1/n of its column\'s dbnmeani.',
    'dbndiff plus 1.0/n * dbnmeani broadcast to (n, 64).'
  ],
  embcat: [
    'hprebn = embcat @ W1 + b1.',
    'For out = a @ b, the gradient with respect to a is dout @ b.T.',
    'dhprebn @ W1.T'
  ],
  W1: [
    'hprebn = embcat @ W1 + b1.',
    'For out = a @ b, the gradient with respect to b is a.T @ dout.',
    'embcat.T @ dhprebn'
  ],
  b1: [
    'b1 (64,) is broadcast over the batch.',
    'A broadcast in the forward pass is a sum in the backward pass.',
    'Sum dhprebn over dim 0 (b1 has no batch dim, so no keepdim).'
  ],
  emb: [
    'embcat = emb.view(emb.shape[0], -1) only reshapes.',
    'A view moves no numbers, so the gradient just changes shape back.',
    'dembcat.view(emb.shape)'
  ],
  C: [
    'emb = C[Xb] picks rows of C; a row picked several times gets several contributions.',
    'Each demb[k, j] belongs to row Xb[k, j] of C. Duplicate indices must add up: dC[Xb] += demb would keep only one of them.',
    'Start from zeros like C and add demb[k, j] into dC[Xb[k, j]] in a loop (or use index_add_).'
  ]
}

/** A classic wrong answer for a node: the learner's code, and what to say when a gradient equals its result. */
export interface ClassicMistake {
  /** the wrong cell, run like a learner's (true upstream gradients bound) */
  code: string
  note: string
}

/** Mistakes common enough to name when a learner's gradient equals their result. */
export const CLASSIC_MISTAKES: Readonly<Partial<Record<CheckedName, readonly ClassicMistake[]>>> = {
  hpreact: [
    {
      code: 'dhpreact = (1.0 - hpreact**2) * dh',
      note: "tanh's derivative is 1 - tanh(x)**2, and tanh(hpreact) is h: use the output, (1.0 - h**2) * dh, not the input hpreact."
    }
  ],
  C: [
    {
      code: 'dC = torch.zeros_like(C)\ndC[Xb] += demb',
      note:
        'dC[Xb] += demb writes each row of dC once even where Xb picks it several times: an indexed += is an index_put, ' +
        'which does not add up duplicate indices. Add them with dC.index_add_(0, Xb.view(-1), demb.view(-1, n_embd)) or with the lecture\'s loop over Xb.'
    }
  ]
}

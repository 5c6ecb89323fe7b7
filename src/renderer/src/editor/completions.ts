// What the editor offers while typing a cell: the names in scope (forward tensors, upstream gradients, the config
// ints, torch and F) with their shapes, the members after `torch.`, `F.` or a tensor, and hover texts. Pure: the
// Monaco adapter in monaco.ts turns these into completion items and hovers.

import type { CheckMode, Graph, ModelConfig } from '../../../core/api'
import { formatShape } from '../graph/layout'

export type ScopeKind = 'tensor' | 'grad' | 'int' | 'module'

export interface ScopeName {
  name: string
  kind: ScopeKind
  /** short text beside the name: `Tensor [32, 27] float32` */
  detail: string
  /** markdown for the hover and the completion's details */
  doc: string
}

export interface Member {
  name: string
  detail: string
  /** a method (inserted with a parenthesis) rather than an attribute */
  call: boolean
}

const INT_DOCS: Record<string, string> = {
  n: 'the batch size (the lecture writes `n`)',
  batch_size: 'the batch size',
  block_size: 'how many characters of context',
  n_embd: 'embedding dimension',
  n_hidden: 'hidden layer width',
  vocab_size: 'number of characters (26 letters and `.`)'
}

/** The names a cell for `cellName` can use. Isolated: the true gradients of the nodes checked before it. */
export function cellScope(graph: Graph, config: (ModelConfig & { vocab_size: number }) | null, cellName: string, mode: CheckMode): ScopeName[] {
  const names: ScopeName[] = []
  for (const node of graph.nodes) {
    const shape = formatShape(node.shape)
    names.push({
      name: node.name,
      kind: 'tensor',
      detail: `Tensor ${shape} ${node.dtype}`,
      doc: `**${node.name}**: \`${shape}\` ${node.dtype}${node.source ? `\n\n\`${node.source}\`` : ''}`
    })
  }
  const at = graph.order.indexOf(cellName)
  graph.order.forEach((name, i) => {
    const node = graph.nodes.find((n) => n.name === name)
    if (!node) return
    const shape = formatShape(node.shape)
    if (name === cellName) {
      names.push({ name: `d${name}`, kind: 'grad', detail: `define it: ${shape}`, doc: `**d${name}**: the gradient you are writing; it must have ${name}'s shape \`${shape}\`` })
    } else if (i < at) {
      const given = mode === 'isolated' ? "autograd's true gradient, given to this cell" : 'your gradient from its cell'
      names.push({ name: `d${name}`, kind: 'grad', detail: `Tensor ${shape} (given)`, doc: `**d${name}**: \`${shape}\`, ${given}` })
    }
  })
  // a lesson file's own ints are its setup's business; the lecture's are the contract's
  const ints: Record<string, number> = config === null ? {} : {
    n: config.batch_size,
    batch_size: config.batch_size,
    block_size: config.block_size,
    n_embd: config.n_embd,
    n_hidden: config.n_hidden,
    vocab_size: config.vocab_size
  }
  for (const [name, value] of Object.entries(ints)) names.push({ name, kind: 'int', detail: `int = ${value}`, doc: `**${name}** = ${value}: ${INT_DOCS[name]}` })
  names.push({ name: 'torch', kind: 'module', detail: 'module', doc: '**torch**: the subset of PyTorch the app runs' })
  names.push({ name: 'F', kind: 'module', detail: 'torch.nn.functional', doc: '**F**: `torch.nn.functional`' })
  return names
}

/**
 * The names a fused cell (exercises 2 and 3) can use: every forward tensor, the gradient it defines, and the true
 * upstream gradients the checker gives it (dhpreact for exercise 3; none for exercise 2).
 */
export function fusedScope(
  graph: Graph,
  config: (ModelConfig & { vocab_size: number }) | null,
  target: string,
  upstream: readonly string[]
): ScopeName[] {
  const given = new Set(upstream.map((name) => `d${name}`))
  return cellScope(graph, config, target, 'isolated').filter((s) => s.kind !== 'grad' || s.name === `d${target}` || given.has(s.name))
}

export const TORCH_MEMBERS: Member[] = [
  { name: 'zeros_like', detail: 'zeros_like(t) -> same shape, all 0', call: true },
  { name: 'ones_like', detail: 'ones_like(t) -> same shape, all 1', call: true },
  { name: 'zeros', detail: 'zeros(shape)', call: true },
  { name: 'ones', detail: 'ones(shape)', call: true },
  { name: 'tanh', detail: 'tanh(t)', call: true },
  { name: 'exp', detail: 'exp(t)', call: true },
  { name: 'log', detail: 'log(t)', call: true },
  { name: 'arange', detail: 'arange(n)', call: true },
  { name: 'tensor', detail: 'tensor(data)', call: true },
  { name: 'allclose', detail: 'allclose(a, b)', call: true },
  { name: 'all', detail: 'all(t)', call: true },
  { name: 'sum', detail: 'sum(t, dim)', call: true },
  { name: 'max', detail: 'max(t, dim)', call: true },
  { name: 'cat', detail: 'cat(tensors, dim)', call: true },
  { name: 'where', detail: 'where(cond, a, b)', call: true },
  { name: 'float32', detail: 'dtype', call: false },
  { name: 'int64', detail: 'dtype', call: false }
]

export const F_MEMBERS: Member[] = [
  { name: 'one_hot', detail: 'one_hot(indices, num_classes=k) -> int64', call: true },
  { name: 'cross_entropy', detail: 'cross_entropy(logits, targets)', call: true },
  { name: 'softmax', detail: 'softmax(t, dim)', call: true },
  { name: 'log_softmax', detail: 'log_softmax(t, dim)', call: true }
]

export const TENSOR_MEMBERS: Member[] = [
  { name: 'T', detail: 'transpose (2-D)', call: false },
  { name: 'shape', detail: 'torch.Size', call: false },
  { name: 'sum', detail: 'sum(dim, keepdim=False)', call: true },
  { name: 'mean', detail: 'mean(dim, keepdim=False)', call: true },
  { name: 'max', detail: 'max(dim, keepdim=False) -> values, indices', call: true },
  { name: 'min', detail: 'min(dim, keepdim=False)', call: true },
  { name: 'exp', detail: 'exp()', call: true },
  { name: 'log', detail: 'log()', call: true },
  { name: 'tanh', detail: 'tanh()', call: true },
  { name: 'abs', detail: 'abs()', call: true },
  { name: 'view', detail: 'view(*shape)', call: true },
  { name: 'reshape', detail: 'reshape(*shape)', call: true },
  { name: 'clone', detail: 'clone()', call: true },
  { name: 'float', detail: 'float()', call: true },
  { name: 'item', detail: 'item()', call: true },
  { name: 'unsqueeze', detail: 'unsqueeze(dim)', call: true },
  { name: 'squeeze', detail: 'squeeze(dim)', call: true },
  { name: 'transpose', detail: 'transpose(dim0, dim1)', call: true },
  { name: 'values', detail: 'of a max/min result', call: false },
  { name: 'indices', detail: 'of a max/min result', call: false }
]

/**
 * The members to offer after `receiver.` (the text before the dot, e.g. `torch`, `F`, `counts`, `W2.T`):
 * null when the receiver is unknown (offer nothing rather than noise).
 */
export function membersAfter(receiver: string, scope: readonly ScopeName[]): Member[] | null {
  if (receiver === 'torch') return TORCH_MEMBERS
  if (receiver === 'F' || receiver === 'torch.nn.functional') return F_MEMBERS
  const head = /([A-Za-z_]\w*)(\.\w+|\([^()]*\)|\[[^\]]*\])*$/.exec(receiver)
  const base = head ? scope.find((s) => s.name === head[1]) : undefined
  if (base && (base.kind === 'tensor' || base.kind === 'grad')) return TENSOR_MEMBERS
  if (/[)\]]$/.test(receiver)) return TENSOR_MEMBERS
  return null
}

/** The hover text for a word in a cell, or null. */
export function hoverFor(word: string, scope: readonly ScopeName[]): string | null {
  return scope.find((s) => s.name === word)?.doc ?? null
}

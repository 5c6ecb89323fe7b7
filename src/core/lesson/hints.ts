// Hints for any lesson, read off its graph when the lesson file gives none for a node: which consumers its gradient
// comes from (and that they add up), the local derivative rule of the op on each outgoing edge, and the sum that
// broadcasting forces (over which dims, with or without keepdim).

import type { Graph, GraphEdge, GraphNode } from '../api'

/** The local derivative rule of an op, as the learner needs it for the input named `x` of output `y`. */
const RULES: Readonly<Record<string, (x: string, y: string) => string>> = {
  add: (x, y) => `d(a + b)/da = 1: d${x} gets d${y} as it is.`,
  sub: (x, y) => `d(a - b)/da = 1 and d(a - b)/db = -1: d${x} gets d${y}, or -d${y} if ${x} is subtracted.`,
  mul: (x, y) => `d(a * b)/db = a: d${x} is the other factor times d${y}.`,
  div: (x, y) => `d(a / b)/da = 1/b and d(a / b)/db = -a/b**2: pick the one for where ${x} stands, times d${y}.`,
  neg: (x, y) => `d(-a)/da = -1: d${x} is -d${y}.`,
  pow: (x, y) => `d(x**k)/dx = k * x**(k-1): multiply it by d${y} (element by element).`,
  exp: (x, y) => `d exp(a)/da = exp(a), which is ${y} itself: d${x} = ${y} * d${y}.`,
  log: (x, y) => `d log(a)/da = 1/a: d${x} = (1.0 / ${x}) * d${y}.`,
  tanh: (x, y) => `d tanh(a)/da = 1 - tanh(a)**2, and tanh(a) is ${y}: d${x} = (1 - ${y}**2) * d${y}.`,
  sigmoid: (x, y) => `d sigmoid(a)/da = s * (1 - s) with s = ${y}: d${x} = ${y} * (1 - ${y}) * d${y}.`,
  relu: (x, y) => `relu passes the gradient where its input was positive and blocks it elsewhere: d${x} = (${x} > 0) * d${y}.`,
  matmul: (x, y) => `For out = a @ b: da = dout @ b.T and db = a.T @ dout (for 3-D tensors transpose the last two dims and sum over a batch dim that was broadcast). Here out is ${y}; check which side ${x} is on.`,
  mm: (x, y) => `For out = a @ b: da = dout @ b.T and db = a.T @ dout. Here out is ${y}; check which side ${x} is on.`,
  sum: (x, y) => `A sum sends its gradient to every element it added: d${x} is d${y} spread (broadcast) back over the summed dims.`,
  mean: (x, y) => `A mean is a sum divided by the count: d${x} is d${y} spread back over the averaged dims, divided by how many were averaged.`,
  var: (x, y) => `var(a) = mean((a - a.mean())**2) (over n-1 with Bessel's correction): d${x} = 2 * (${x} - mean) / count * d${y}.`,
  view: (x, y) => `A view moves no numbers: d${x} is d${y} reshaped back to ${x}'s shape (d${y}.view(${x}.shape)).`,
  expand: (x, y) => `expand repeats ${x} without copying: its gradient is d${y} summed over the repeated dims.`,
  permute: (x, y) => `A transpose or permute moves dims around: put d${y}'s dims back (transpose it the same way again).`,
  index: (x, y) => `Indexing picks elements of ${x}: each picked element gets its share of d${y} back, and an element picked twice gets both (use += in a loop, or index_add_; d${x}[idx] = ... keeps only one).`,
  select: (x, y) => `Selecting part of ${x}: that part gets d${y}, the rest gets 0 (start from torch.zeros_like(${x})).`,
  slice: (x, y) => `Slicing ${x}: the slice gets d${y}, the rest of d${x} is 0.`,
  where: (_x, y) => `where/masked_fill: the entries that were replaced get no gradient (0); the others pass d${y} through.`,
  softmax: (_x, y) => `For s = softmax(a) along a dim: da = s * (ds - (s * ds).sum(dim, keepdim=True)), with s = ${y}.`,
  log_softmax: () => `For l = log_softmax(a) along a dim: da = dl - softmax(a) * dl.sum(dim, keepdim=True).`,
  nll_loss: (x) => `nll_loss (inside cross_entropy) is minus the mean of the picked entries: d${x} is 0 except -1/N at each target.`,
  max: () => `A max passes its gradient only to the element that was the max (F.one_hot of the argmax).`,
  clone: (x, y) => `clone copies: d${x} = d${y}.`,
  to: (x, y) => `A dtype change passes the gradient through: d${x} = d${y}.`,
  abs: (x, y) => `d|a|/da = sign(a): d${x} = ${x}.sign() * d${y}.`,
  cat: (x, y) => `torch.cat joins tensors: d${x} is ${x}'s own slice of d${y}.`
}

function ruleFor(op: string, x: string, y: string): string {
  const first = op.split(' · ')[0]
  const rule = RULES[first]
  return rule === undefined ? `${y} is computed from ${x} by ${op}: find d(${y})/d(${x}) for that op, element by element.` : rule(x, y)
}

/** What broadcasting forces on the edge x -> y: the dims d(x) must be summed over, and with or without keepdim. */
function broadcastNote(x: GraphNode, y: GraphNode): string | null {
  const xs = x.shape
  const ys = y.shape
  if (xs.length > ys.length) return null
  const missing: number[] = []
  const ones: number[] = []
  const lead = ys.length - xs.length
  for (let d = 0; d < ys.length; d++) {
    if (d < lead) missing.push(d)
    else if (xs[d - lead] === 1 && ys[d] !== 1) ones.push(d)
  }
  if (missing.length === 0 && ones.length === 0) return null
  const parts: string[] = []
  if (ones.length > 0) parts.push(`sum over dim ${ones.join(', ')} with keepdim=True (${x.name} has size 1 there)`)
  if (missing.length > 0) parts.push(`sum over dim ${missing.join(', ')} without keepdim (${x.name} has no such dim)`)
  return `${x.name} [${xs.join(', ')}] is broadcast into ${y.name} [${ys.join(', ')}]: a broadcast in the forward pass is a sum in the backward pass, so ${parts.join(', and ')}.`
}

/** Three hints a node at most: where its gradient comes from, the local rule(s), and the sum a broadcast forces. */
export function derivedHints(graph: Graph): Map<string, string[]> {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]))
  const out = new Map<string, string[]>()
  for (const name of graph.order) {
    const node = byName.get(name)
    if (node === undefined) continue
    const edges: GraphEdge[] = graph.edges.filter((e) => e.from === name && byName.get(e.to) !== undefined)
    if (edges.length === 0) continue
    const hints: string[] = []
    const used = [...new Set(edges.map((e) => e.to))]
    const uses = used.map((y) => `${y} = ${byName.get(y)!.source.replace(/^\s*\w+\s*=\s*/, '')}`.trim())
    if (used.length === 1) hints.push(`${name} is used once: ${uses[0]}. Start from d${used[0]}.`)
    else
      hints.push(
        `${name} is used by ${used.length} nodes (${used.join(', ')}): its gradient is the sum of what each of them sends back. Write one term a branch and add them.`
      )
    hints.push(edges.map((e) => ruleFor(e.op, name, e.to)).join(' '))
    const notes = [...new Set(edges.filter((e) => e.broadcast).map((e) => e.to))].map((y) => broadcastNote(node, byName.get(y)!)).filter((x): x is string => x !== null)
    if (notes.length > 0) hints.push(notes.join(' '))
    else hints.push(`d${name} has ${name}'s shape, [${node.shape.join(', ')}].`)
    out.set(name, hints)
  }
  return out
}

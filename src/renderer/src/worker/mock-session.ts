// A stand-in for src/core/session.ts while the core is being written: the lecture's graph and shapes, a real
// forward pass on random weights, fake true gradients, and a checker that passes a cell when it contains the
// lecture's expression. `raise` gives a runtime error, `while True` hangs (to exercise the worker time budget).

import {
  CHECK_ORDER,
  DEFAULT_CONFIG,
  type CellResult,
  type CheckMode,
  type CheckResult,
  type CodeError,
  type DTypeName,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type ModelConfig,
  type NodeKind,
  type NodeVerdict,
  type Status,
  type TensorView,
  type TraceStep
} from '../../../core/api'
import type { Session } from './session-types'

// *** the lecture's forward program, one graph node a line ***

interface NodeSpec {
  name: string
  kind: NodeKind
  source: string
  /** [input, op, broadcast] */
  inputs: Array<[string, string, boolean]>
}

const FORWARD: NodeSpec[] = [
  { name: 'Xb', kind: 'input', source: 'Xb, Yb = Xtr[ix], Ytr[ix]', inputs: [] },
  { name: 'Yb', kind: 'input', source: 'Xb, Yb = Xtr[ix], Ytr[ix]', inputs: [] },
  { name: 'C', kind: 'parameter', source: 'C = torch.randn((vocab_size, n_embd), generator=g)', inputs: [] },
  { name: 'W1', kind: 'parameter', source: 'W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5/3) / ((n_embd * block_size)**0.5)', inputs: [] },
  { name: 'b1', kind: 'parameter', source: 'b1 = torch.randn(n_hidden, generator=g) * 0.1', inputs: [] },
  { name: 'W2', kind: 'parameter', source: 'W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1', inputs: [] },
  { name: 'b2', kind: 'parameter', source: 'b2 = torch.randn(vocab_size, generator=g) * 0.1', inputs: [] },
  { name: 'bngain', kind: 'parameter', source: 'bngain = torch.randn((1, n_hidden))*0.1 + 1.0', inputs: [] },
  { name: 'bnbias', kind: 'parameter', source: 'bnbias = torch.randn((1, n_hidden))*0.1', inputs: [] },
  { name: 'emb', kind: 'intermediate', source: 'emb = C[Xb]', inputs: [['C', 'index', false], ['Xb', 'index', false]] },
  { name: 'embcat', kind: 'intermediate', source: 'embcat = emb.view(emb.shape[0], -1)', inputs: [['emb', 'view', false]] },
  { name: 'hprebn', kind: 'intermediate', source: 'hprebn = embcat @ W1 + b1', inputs: [['embcat', '@', false], ['W1', '@', false], ['b1', '+', true]] },
  { name: 'bnmeani', kind: 'intermediate', source: 'bnmeani = 1/n*hprebn.sum(0, keepdim=True)', inputs: [['hprebn', 'sum', false]] },
  { name: 'bndiff', kind: 'intermediate', source: 'bndiff = hprebn - bnmeani', inputs: [['hprebn', '-', false], ['bnmeani', '-', true]] },
  { name: 'bndiff2', kind: 'intermediate', source: 'bndiff2 = bndiff**2', inputs: [['bndiff', '**', false]] },
  { name: 'bnvar', kind: 'intermediate', source: 'bnvar = 1/(n-1)*(bndiff2).sum(0, keepdim=True)', inputs: [['bndiff2', 'sum', false]] },
  { name: 'bnvar_inv', kind: 'intermediate', source: 'bnvar_inv = (bnvar + 1e-5)**-0.5', inputs: [['bnvar', '**', false]] },
  { name: 'bnraw', kind: 'intermediate', source: 'bnraw = bndiff * bnvar_inv', inputs: [['bndiff', '*', false], ['bnvar_inv', '*', true]] },
  { name: 'hpreact', kind: 'intermediate', source: 'hpreact = bngain * bnraw + bnbias', inputs: [['bngain', '*', true], ['bnraw', '*', false], ['bnbias', '+', true]] },
  { name: 'h', kind: 'intermediate', source: 'h = torch.tanh(hpreact)', inputs: [['hpreact', 'tanh', false]] },
  { name: 'logits', kind: 'intermediate', source: 'logits = h @ W2 + b2', inputs: [['h', '@', false], ['W2', '@', false], ['b2', '+', true]] },
  { name: 'logit_maxes', kind: 'intermediate', source: 'logit_maxes = logits.max(1, keepdim=True).values', inputs: [['logits', 'max', false]] },
  { name: 'norm_logits', kind: 'intermediate', source: 'norm_logits = logits - logit_maxes', inputs: [['logits', '-', false], ['logit_maxes', '-', true]] },
  { name: 'counts', kind: 'intermediate', source: 'counts = norm_logits.exp()', inputs: [['norm_logits', 'exp', false]] },
  { name: 'counts_sum', kind: 'intermediate', source: 'counts_sum = counts.sum(1, keepdims=True)', inputs: [['counts', 'sum', false]] },
  { name: 'counts_sum_inv', kind: 'intermediate', source: 'counts_sum_inv = counts_sum**-1', inputs: [['counts_sum', '**', false]] },
  { name: 'probs', kind: 'intermediate', source: 'probs = counts * counts_sum_inv', inputs: [['counts', '*', false], ['counts_sum_inv', '*', true]] },
  { name: 'logprobs', kind: 'intermediate', source: 'logprobs = probs.log()', inputs: [['probs', 'log', false]] },
  { name: 'loss', kind: 'loss', source: 'loss = -logprobs[range(n), Yb].mean()', inputs: [['logprobs', 'index', false], ['Yb', 'index', false]] }
]

/** The lecture's solutions, one cell a node. */
const REFERENCE: Record<string, string> = {
  logprobs: 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n',
  probs: 'dprobs = (1.0 / probs) * dlogprobs',
  counts_sum_inv: 'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)',
  counts_sum: 'dcounts_sum = (-counts_sum**-2) * dcounts_sum_inv',
  counts: 'dcounts = counts_sum_inv * dprobs\ndcounts += torch.ones_like(counts) * dcounts_sum',
  norm_logits: 'dnorm_logits = counts * dcounts',
  logit_maxes: 'dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)',
  logits: 'dlogits = dnorm_logits.clone()\ndlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes',
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
  bnmeani: 'dbnmeani = (-dbndiff).sum(0)',
  hprebn: 'dhprebn = dbndiff.clone()\ndhprebn += 1.0/n * (torch.ones_like(hprebn) * dbnmeani)',
  embcat: 'dembcat = dhprebn @ W1.T',
  W1: 'dW1 = embcat.T @ dhprebn',
  b1: 'db1 = dhprebn.sum(0)',
  emb: 'demb = dembcat.view(emb.shape)',
  C: 'dC = torch.zeros_like(C)\nfor k in range(Xb.shape[0]):\n    for j in range(Xb.shape[1]):\n        ix = Xb[k, j]\n        dC[ix] += demb[k, j]'
}

const LOCAL_DERIVATIVE: Record<string, string> = {
  log: 'd/dx log(x) = 1/x.',
  exp: 'd/dx exp(x) = exp(x): the forward output itself.',
  tanh: "d/dx tanh(x) = 1 - tanh(x)**2, and h already holds tanh(hpreact).",
  '**': 'd/dx x**k = k * x**(k-1).',
  '*': 'For a * b, the gradient to a is b times the incoming gradient (and vice versa).',
  '+': 'Addition passes the incoming gradient through unchanged.',
  '-': 'Subtraction passes the gradient through, with a minus sign for the right-hand side.',
  '@': 'For a @ b: da = dout @ b.T and db = a.T @ dout. Let the shapes tell you which.',
  sum: 'A sum copies the incoming gradient to every element that was summed.',
  max: 'max routes the gradient to the position that was the maximum (F.one_hot helps).',
  view: 'A view only reshapes: reshape the gradient back.',
  index: 'Indexing picks elements: the gradient goes back only to the picked positions (and adds up where one is picked twice).'
}

// *** tensors: a tiny float32 toolkit, enough for the forward pass ***

interface T {
  shape: number[]
  dtype: DTypeName
  data: Float32Array
}

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randn(shape: number[], rand: () => number, scale = 1, offset = 0): T {
  const size = shape.reduce((a, b) => a * b, 1)
  const data = new Float32Array(size)
  for (let i = 0; i < size; i++) {
    const u = Math.max(rand(), 1e-12)
    data[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand()) * scale + offset
  }
  return { shape, dtype: 'float32', data }
}

function randint(shape: number[], high: number, rand: () => number): T {
  const t = randn(shape, rand)
  for (let i = 0; i < t.data.length; i++) t.data[i] = Math.floor(rand() * high)
  return { ...t, dtype: 'int64' }
}

/** (r, k) @ (k, c) -> (r, c) */
function matmul(a: T, b: T): T {
  const [r, k] = a.shape
  const c = b.shape[1]
  const out = new Float32Array(r * c)
  for (let i = 0; i < r; i++)
    for (let p = 0; p < k; p++) {
      const av = a.data[i * k + p]
      for (let j = 0; j < c; j++) out[i * c + j] += av * b.data[p * c + j]
    }
  return { shape: [r, c], dtype: 'float32', data: out }
}

/** Elementwise over 2-D (r, c) with a right side of (r, c), (1, c), (r, 1) or (c). */
function zip(a: T, b: T, f: (x: number, y: number) => number): T {
  const [r, c] = a.shape
  const bs = b.shape.length === 1 ? [1, b.shape[0]] : b.shape
  const out = new Float32Array(r * c)
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      const bi = (bs[0] === 1 ? 0 : i) * bs[1] + (bs[1] === 1 ? 0 : j)
      out[i * c + j] = f(a.data[i * c + j], b.data[bi])
    }
  return { shape: [r, c], dtype: 'float32', data: out }
}

function map(a: T, f: (x: number) => number): T {
  return { shape: [...a.shape], dtype: 'float32', data: a.data.map(f) }
}

/** (r, c) -> (1, c) for axis 0, (r, 1) for axis 1 */
function reduce(a: T, axis: 0 | 1, f: (acc: number, x: number) => number, init: number): T {
  const [r, c] = a.shape
  const shape = axis === 0 ? [1, c] : [r, 1]
  const out = new Float32Array(axis === 0 ? c : r).fill(init)
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      const o = axis === 0 ? j : i
      out[o] = f(out[o], a.data[i * c + j])
    }
  return { shape, dtype: 'float32', data: out }
}

function view(t: T): TensorView {
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let finite = 0
  let nonfinite = 0
  for (const v of t.data) {
    if (!Number.isFinite(v)) {
      nonfinite++
      continue
    }
    min = Math.min(min, v)
    max = Math.max(max, v)
    sum += v
    finite++
  }
  const mean = finite ? sum / finite : 0
  let sq = 0
  for (const v of t.data) if (Number.isFinite(v)) sq += (v - mean) ** 2
  const std = finite > 1 ? Math.sqrt(sq / (finite - 1)) : 0
  return {
    shape: [...t.shape],
    dtype: t.dtype,
    data: new Float32Array(t.data),
    stats: { min: finite ? min : 0, max: finite ? max : 0, mean, std, nonfinite }
  }
}

function forwardPass(config: ModelConfig, vocab: number): Map<string, T> {
  const rand = rng(config.seed)
  const { n_embd, n_hidden, block_size, batch_size: n } = config
  const v = new Map<string, T>()
  v.set('C', randn([vocab, n_embd], rand))
  v.set('W1', randn([n_embd * block_size, n_hidden], rand, 5 / 3 / Math.sqrt(n_embd * block_size)))
  v.set('b1', randn([n_hidden], rand, 0.1))
  v.set('W2', randn([n_hidden, vocab], rand, 0.1))
  v.set('b2', randn([vocab], rand, 0.1))
  v.set('bngain', randn([1, n_hidden], rand, 0.1, 1))
  v.set('bnbias', randn([1, n_hidden], rand, 0.1))
  const Xb = randint([n, block_size], vocab, rand)
  const Yb = randint([n], vocab, rand)
  v.set('Xb', Xb)
  v.set('Yb', Yb)
  const C = v.get('C')!
  const emb = new Float32Array(n * block_size * n_embd)
  for (let i = 0; i < n * block_size; i++) emb.set(C.data.subarray(Xb.data[i] * n_embd, (Xb.data[i] + 1) * n_embd), i * n_embd)
  v.set('emb', { shape: [n, block_size, n_embd], dtype: 'float32', data: emb })
  const embcat: T = { shape: [n, block_size * n_embd], dtype: 'float32', data: emb }
  v.set('embcat', embcat)
  const hprebn = zip(matmul(embcat, v.get('W1')!), v.get('b1')!, (a, b) => a + b)
  v.set('hprebn', hprebn)
  const bnmeani = map(reduce(hprebn, 0, (s, x) => s + x, 0), (x) => x / n)
  v.set('bnmeani', bnmeani)
  const bndiff = zip(hprebn, bnmeani, (a, b) => a - b)
  v.set('bndiff', bndiff)
  const bndiff2 = map(bndiff, (x) => x * x)
  v.set('bndiff2', bndiff2)
  const bnvar = map(reduce(bndiff2, 0, (s, x) => s + x, 0), (x) => x / (n - 1))
  v.set('bnvar', bnvar)
  const bnvar_inv = map(bnvar, (x) => (x + 1e-5) ** -0.5)
  v.set('bnvar_inv', bnvar_inv)
  const bnraw = zip(bndiff, bnvar_inv, (a, b) => a * b)
  v.set('bnraw', bnraw)
  const hpreact = zip(zip(bnraw, v.get('bngain')!, (a, b) => a * b), v.get('bnbias')!, (a, b) => a + b)
  v.set('hpreact', hpreact)
  const h = map(hpreact, Math.tanh)
  v.set('h', h)
  const logits = zip(matmul(h, v.get('W2')!), v.get('b2')!, (a, b) => a + b)
  v.set('logits', logits)
  const logit_maxes = reduce(logits, 1, Math.max, -Infinity)
  v.set('logit_maxes', logit_maxes)
  const norm_logits = zip(logits, logit_maxes, (a, b) => a - b)
  v.set('norm_logits', norm_logits)
  const counts = map(norm_logits, Math.exp)
  v.set('counts', counts)
  const counts_sum = reduce(counts, 1, (s, x) => s + x, 0)
  v.set('counts_sum', counts_sum)
  const counts_sum_inv = map(counts_sum, (x) => 1 / x)
  v.set('counts_sum_inv', counts_sum_inv)
  const probs = zip(counts, counts_sum_inv, (a, b) => a * b)
  v.set('probs', probs)
  const logprobs = map(probs, Math.log)
  v.set('logprobs', logprobs)
  let loss = 0
  for (let i = 0; i < n; i++) loss -= logprobs.data[i * vocab + Yb.data[i]] / n
  v.set('loss', { shape: [], dtype: 'float32', data: new Float32Array([loss]) })
  return v
}

// *** the graph ***

function buildGraph(values: Map<string, T>): Graph {
  const edges: GraphEdge[] = []
  for (const spec of FORWARD)
    for (const [from, op, broadcast] of spec.inputs) edges.push({ from, to: spec.name, op, broadcast })
  const checked = new Set<string>(CHECK_ORDER)
  const nodes: GraphNode[] = FORWARD.map((spec, i) => {
    const out = edges.filter((e) => e.from === spec.name)
    const contributions = out.length + out.filter((e) => e.broadcast).length + (spec.name === 'C' ? 1 : 0)
    const t = values.get(spec.name)!
    return {
      name: spec.name,
      kind: spec.kind,
      shape: [...t.shape],
      dtype: t.dtype,
      source: spec.source,
      line: i + 1,
      inputs: spec.inputs.map(([name]) => name),
      consumers: out.map((e) => e.to),
      merge: checked.has(spec.name) && contributions > 1,
      contributions: checked.has(spec.name) ? contributions : 0,
      checked: checked.has(spec.name)
    }
  })
  return { nodes, edges, order: [...CHECK_ORDER] }
}

// *** checking ***

const normalize = (code: string): string =>
  code
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n')
    .replace(/\s+/g, '')
    .replace(/keepdims=/g, 'keepdim=')

function codeLines(code: string): Array<{ line: number; text: string }> {
  return code
    .split('\n')
    .map((text, i) => ({ line: i + 1, text }))
    .filter((l) => l.text.replace(/#.*$/, '').trim() !== '')
}

function findError(code: string): CodeError | null {
  const lines = code.split('\n')
  let depth = 0
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].replace(/#.*$/, '')
    const raise = /\braise\b/.exec(text)
    if (raise)
      return { kind: 'runtime', message: 'RuntimeError: raised by your code', line: i + 1, col: raise.index + 1, endCol: raise.index + 6 }
    const undefinedName = /\b(bn_var|count_sum|dlogprob)\b/.exec(text)
    if (undefinedName)
      return {
        kind: 'runtime',
        message: `NameError: name '${undefinedName[1]}' is not defined`,
        line: i + 1,
        col: undefinedName.index + 1,
        endCol: undefinedName.index + 1 + undefinedName[1].length
      }
    for (let c = 0; c < text.length; c++) {
      if ('([{'.includes(text[c])) depth++
      if (')]}'.includes(text[c])) depth--
      if (depth < 0) return { kind: 'syntax', message: `SyntaxError: unmatched '${text[c]}'`, line: i + 1, col: c + 1 }
    }
  }
  if (depth > 0) return { kind: 'syntax', message: "SyntaxError: '(' was never closed", line: lines.length, col: 1 }
  return null
}

function hang(code: string): void {
  if (/while\s+True\s*:/.test(code)) {
    // A runaway cell: the UI's time budget has to terminate us.
    for (;;) {
      /* spin */
    }
  }
}

export function createSession(overrides: Partial<ModelConfig> = {}): Session {
  const base: ModelConfig = { ...DEFAULT_CONFIG, ...overrides }
  const vocab = 27
  const values = forwardPass(base, vocab)
  const graph = buildGraph(values)
  const byName = new Map(graph.nodes.map((node) => [node.name, node]))
  const rand = rng(base.seed ^ 0x5bd1e995)
  const trueGrads = new Map<string, T>()
  for (const name of CHECK_ORDER) {
    const shape = values.get(name)!.shape
    const g = randn(shape, rand, 0.01)
    if (name === 'logprobs') {
      g.data.fill(0)
      const Yb = values.get('Yb')!.data
      for (let i = 0; i < base.batch_size; i++) g.data[i * vocab + Yb[i]] = -1 / base.batch_size
    }
    trueGrads.set(name, g)
  }

  const node = (name: string): GraphNode => {
    const found = byName.get(name)
    if (!found) throw new Error(`no node named ${name}`)
    return found
  }

  function verdictOf(name: string, status: Status, shape: number[] | null, maxdiff: number | null, extra: Partial<NodeVerdict> = {}): NodeVerdict {
    return {
      status,
      exact: status === 'pass' ? true : status === 'missing' || status === 'error' ? null : false,
      approximate: status === 'pass' || status === 'shape' ? true : status === 'fail' ? false : null,
      maxdiff,
      shape,
      expected_shape: [...node(name).shape],
      ...extra
    }
  }

  function traceOf(name: string, code: string, status: Status): TraceStep[] {
    const shape = node(name).shape
    return codeLines(code).map(({ line, text }) => {
      const target = /^\s*([A-Za-z_]\w*)/.exec(text)?.[1] ?? `d${name}`
      const isLoopVar = target === 'for' || target === 'ix'
      return {
        line,
        col: text.search(/\S/) + 1,
        bindings: isLoopVar
          ? [{ name: 'ix', type: 'Tensor', shape: [], dtype: 'int64' as const, preview: 'tensor(5)' }]
          : [
              {
                name: target,
                type: 'Tensor',
                shape: [...shape],
                dtype: 'float32' as const,
                preview: status === 'pass' ? 'tensor([[-0.0012, 0.0031, ...]])' : 'tensor([[0.0420, -0.0007, ...]])'
              }
            ]
      }
    })
  }

  function checkCell(name: string, code: string, opts: { trace?: boolean } = {}): CellResult {
    node(name)
    hang(code)
    const truth = trueGrads.get(name)!
    const error = findError(code)
    const trace = opts.trace ? traceOf(name, code, 'pass') : []
    if (error) {
      const steps = trace.filter((s) => s.line < error.line)
      return { name, verdict: verdictOf(name, 'error', null, null, { message: error.message }), error, grad: null, diff: null, trace: steps }
    }
    const assigns = new RegExp(`(^|\\n)\\s*d${name}\\s*(\\[.*\\])?\\s*[-+*/]?=`).test(code)
    if (!assigns) {
      return {
        name,
        verdict: verdictOf(name, 'missing', null, null, { message: `d${name} was never defined` }),
        error: null,
        grad: null,
        diff: null,
        trace
      }
    }
    const got = normalize(code)
    const want = REFERENCE[name].split('\n').map(normalize)
    if (want.every((w) => got.includes(w))) {
      const zeros = { ...truth, data: new Float32Array(truth.data.length) }
      return { name, verdict: verdictOf(name, 'pass', [...truth.shape], 0), error: null, grad: view(truth), diff: view(zeros), trace }
    }
    const wantLoose = want.map((w) => w.replace(',keepdim=True', ''))
    if (wantLoose.every((w) => got.includes(w.replace(',keepdim=True', ''))) && want.some((w) => w.includes('keepdim'))) {
      const shape = truth.shape.filter((d) => d !== 1)
      const zeros = { ...truth, data: new Float32Array(truth.data.length) }
      return {
        name,
        verdict: verdictOf(name, 'shape', shape, 0, {
          message: `d${name} has shape [${shape.join(', ')}] but ${name} has shape [${truth.shape.join(', ')}]`,
          diagnoses: ['The values are right but the shape is not: keep the summed dimension (keepdim=True).']
        }),
        error: null,
        grad: view({ ...truth, shape }),
        diff: view(zeros),
        trace
      }
    }
    const flipped = got.includes('-') !== want.join('').includes('-')
    const grad = flipped ? map(truth, (x) => -x) : map(truth, (x) => x * (1 + 0.5 * Math.sin(x * 997)))
    const diff = { ...grad, data: grad.data.map((x, i) => x - truth.data[i]) }
    const maxdiff = diff.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0)
    return {
      name,
      verdict: verdictOf(name, 'fail', [...truth.shape], maxdiff, {
        message: `d${name} differs from the true gradient by up to ${maxdiff.toExponential(2)}`,
        diagnoses: flipped ? ['Your gradient is the true one with its sign flipped.'] : []
      }),
      error: null,
      grad: view(grad),
      diff: view(diff),
      trace
    }
  }

  function summaryOf(verdicts: Record<string, NodeVerdict>): CheckResult['summary'] {
    const summary = { pass: 0, shape: 0, fail: 0, missing: 0, error: 0 }
    for (const v of Object.values(verdicts)) summary[v.status]++
    return summary
  }

  const config = { ...base, vocab_size: vocab }
  return {
    config,
    graph,
    loss: values.get('loss')!.data[0],
    tensor: (name) => {
      const t = values.get(name)
      if (!t) throw new Error(`no tensor named ${name}`)
      return view(t)
    },
    trueGrad: (name) => {
      const t = trueGrads.get(name)
      if (!t) throw new Error(`${name} is not a checked node`)
      return view(t)
    },
    checkCell,
    checkAll(cells: Record<string, string>, mode: CheckMode) {
      const results: Record<string, CellResult> = {}
      let stopped: CodeError | null = null
      for (const name of CHECK_ORDER) {
        if (mode === 'chained' && stopped) {
          results[name] = { name, verdict: verdictOf(name, 'missing', null, null, { message: 'the program stopped before this cell' }), error: null, grad: null, diff: null, trace: [] }
          continue
        }
        results[name] = checkCell(name, cells[name] ?? '')
        if (results[name].error) stopped = results[name].error
      }
      const nodes = Object.fromEntries(CHECK_ORDER.map((name) => [name, results[name].verdict]))
      const result: CheckResult = { config, loss: values.get('loss')!.data[0], error: stopped, nodes, summary: summaryOf(nodes) }
      return { result, cells: results }
    },
    referenceCell: (name) => REFERENCE[node(name).name] ?? '',
    hints(name) {
      const spec = node(name)
      const outs = graph.edges.filter((e) => e.from === name)
      const first = spec.consumers.length > 1
        ? `${name} is used in ${spec.consumers.length} places (${spec.consumers.join(', ')}): its gradient is the sum of one contribution from each.`
        : `${name} is used once, in ${spec.consumers[0]}: start from d${spec.consumers[0]}.`
      const ops = [...new Set(outs.map((e) => e.op))]
      const second = ops.map((op) => LOCAL_DERIVATIVE[op] ?? '').filter(Boolean).join(' ')
      const third = outs.some((e) => e.broadcast)
        ? `${name} was broadcast in the forward pass, so sum the incoming gradient over the broadcast dimension (keepdim=True) to get shape [${spec.shape.join(', ')}].`
        : `d${name} must have the shape of ${name}: [${spec.shape.join(', ')}].`
      return [first, second, third].filter(Boolean)
    },
    exportPy(cells, verdicts) {
      const parts = CHECK_ORDER.map((name) => {
        const status = verdicts?.[name]?.status
        return `# %% node: ${name}${status ? `  (${status})` : ''}\n${(cells[name] ?? '').trimEnd()}\n`
      })
      const cmp = [
        '# %% check',
        'def cmp(s, dt, t):',
        '    ex = torch.all(dt == t.grad).item()',
        '    app = torch.allclose(dt, t.grad)',
        '    maxdiff = (dt - t.grad).abs().max().item()',
        "    print(f'{s:15s} | exact: {str(ex):5s} | approximate: {str(app):5s} | maxdiff: {maxdiff}')",
        '',
        ...CHECK_ORDER.map((name) => `cmp('${name}', d${name}, ${name})`)
      ]
      return `${parts.join('\n')}\n${cmp.join('\n')}\n`
    },
    exportIpynb(cells) {
      const source = CHECK_ORDER.map((name) => `# %% node: ${name}\n${(cells[name] ?? '').trimEnd()}\n`).join('\n')
      return JSON.stringify(
        {
          cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source.split(/(?<=\n)/) }],
          metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
          nbformat: 4,
          nbformat_minor: 5
        },
        null,
        1
      )
    },
    importSolution(text) {
      const warnings: string[] = []
      let body = text
      try {
        const nb = JSON.parse(text) as { cells?: Array<{ cell_type: string; source: string | string[] }> }
        if (nb && Array.isArray(nb.cells))
          body = nb.cells
            .filter((c) => c.cell_type === 'code')
            .map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source))
            .join('\n')
      } catch {
        // not a notebook: a .py file or a pasted cell
      }
      const cells: Record<string, string> = {}
      const checked = new Set<string>(CHECK_ORDER)
      let current: string | null = null
      const lines: Record<string, string[]> = {}
      for (const line of body.split('\n')) {
        const marker = /^# %% node: (\w+)/.exec(line)
        if (marker) {
          current = checked.has(marker[1]) ? marker[1] : null
          if (!current) warnings.push(`unknown node '${marker[1]}' skipped`)
          continue
        }
        if (/^# %%/.test(line) || /^\s*cmp\(/.test(line)) {
          current = /^# %%/.test(line) ? null : current
          continue
        }
        const assigned = /^d(\w+)\s*(\[.*\])?\s*[-+*/]?=/.exec(line)
        if (assigned && checked.has(assigned[1])) current = assigned[1]
        if (current) (lines[current] ??= []).push(line)
      }
      for (const [name, ls] of Object.entries(lines)) {
        const cell = ls.join('\n').trim()
        if (cell) cells[name] = cell
      }
      if (Object.keys(cells).length === 0) warnings.push('no cells found: expected lines assigning dlogprobs, dprobs, ...')
      return { cells, warnings }
    }
  }
}

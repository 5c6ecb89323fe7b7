// The core's outward types: what the CLI, the worker and the renderer exchange. Plain data only (structured-clone safe).

/** The contract's model knobs (docs/CONTRACT.md section 1). */
export interface ModelConfig {
  seed: number
  bn_seed: number
  shuffle_seed: number
  n_embd: number
  n_hidden: number
  block_size: number
  batch_size: number
}

export const DEFAULT_CONFIG: Readonly<ModelConfig> = Object.freeze({
  seed: 2147483647,
  bn_seed: 42,
  shuffle_seed: 42,
  n_embd: 10,
  n_hidden: 64,
  block_size: 3,
  batch_size: 32
})

/** The 26 checked names, in the lecture's order. */
export const CHECK_ORDER = [
  'logprobs', 'probs', 'counts_sum_inv', 'counts_sum', 'counts', 'norm_logits', 'logit_maxes', 'logits', 'h',
  'W2', 'b2', 'hpreact', 'bngain', 'bnbias', 'bnraw', 'bnvar_inv', 'bnvar', 'bndiff2', 'bndiff', 'bnmeani',
  'hprebn', 'embcat', 'W1', 'b1', 'emb', 'C'
] as const
export type CheckedName = (typeof CHECK_ORDER)[number]

export const INTERMEDIATES = [
  'logprobs', 'probs', 'counts', 'counts_sum', 'counts_sum_inv', 'norm_logits', 'logit_maxes', 'logits', 'h',
  'hpreact', 'bnraw', 'bnvar_inv', 'bnvar', 'bndiff2', 'bndiff', 'hprebn', 'bnmeani', 'embcat', 'emb'
] as const
/** The lecture's 7 parameters, in its order: the one list (exercise/, the CLI, the grader and the page import it). */
export const PARAMS = ['C', 'W1', 'b1', 'W2', 'b2', 'bngain', 'bnbias'] as const
export type ParamName = (typeof PARAMS)[number]

export type DTypeName = 'float32' | 'int64' | 'int32' | 'int16' | 'int8' | 'bool'

/** A tensor as JSON: shape, dtype and flat row-major data. */
export interface TensorJSON {
  shape: number[]
  dtype: DTypeName
  data: number[]
}

export type NodeKind = 'parameter' | 'input' | 'intermediate' | 'loss'

/** One node of the lecture's computation graph, derived from the forward code. */
export interface GraphNode {
  name: string
  kind: NodeKind
  shape: number[]
  dtype: DTypeName
  /** The forward source line that made it ('' for inputs and parameters made elsewhere). */
  source: string
  /** 1-based line of `source` in the forward program. */
  line: number
  /** Names this node is computed from (graph nodes only). */
  inputs: string[]
  /** Names computed from this node. */
  consumers: string[]
  /** Its gradient is a sum of several contributions (several consumers, or broadcast into a larger tensor). */
  merge: boolean
  /** How many contributions make up its gradient (consumer uses plus broadcasts). */
  contributions: number
  /** One of the 26 nodes the learner writes a gradient for. */
  checked: boolean
}

export interface GraphEdge {
  from: string
  to: string
  /** The operation on this edge, as written in the forward code: '@', '+', 'sum', 'exp', 'index', ... */
  op: string
  /** The input is broadcast into the output along this edge. */
  broadcast: boolean
}

export interface Graph {
  nodes: GraphNode[]
  edges: GraphEdge[]
  /** CHECK_ORDER: the order gradients are written in (loss first). */
  order: string[]
}

export type ErrorKind = 'syntax' | 'runtime' | 'limit'

/** An error in learner code, with a 1-based place in the learner's text. */
export interface CodeError {
  kind: ErrorKind
  /** Python-style, e.g. "NameError: name 'bn_var' is not defined. Did you mean: 'bnvar'?" */
  message: string
  line: number
  col: number
  endLine?: number
  endCol?: number
}

export type Status = 'pass' | 'shape' | 'fail' | 'missing' | 'error'

export interface NodeVerdict {
  status: Status
  exact: boolean | null
  approximate: boolean | null
  maxdiff: number | null
  shape: number[] | null
  expected_shape: number[]
  message?: string
  /** Learner-facing explanations of a failure (sign flipped, off by n, transposed, ...). */
  diagnoses?: string[]
  /**
   * For a node whose gradient sums several branches (one per consumer): how many of them the learner's gradient
   * holds, when it equals the sum of some of them (`{matched: 1, total: 2}` is the graph's "Σ 1/2").
   */
  branches?: { matched: number; total: number; consumers: string[] }
}

/** The verdict of a node whose code raised (or did not parse): the error's message, the shape it should have had. */
export function errorVerdict(error: CodeError, expected: number[]): NodeVerdict {
  return { status: 'error', exact: null, approximate: null, maxdiff: null, shape: null, expected_shape: expected, message: error.message }
}

export interface CheckSummary {
  pass: number
  shape: number
  fail: number
  missing: number
  error: number
}

export interface CheckResult {
  /** the lecture's config (null for a lesson file, whose setup fixes its own) */
  config: (ModelConfig & { vocab_size: number }) | null
  loss: number
  error: CodeError | null
  nodes: Record<string, NodeVerdict>
  summary: CheckSummary
}

/** A tensor's values for the inspector's heatmaps (2-D views of it: rows x cols), with summary statistics. */
export interface TensorView {
  shape: number[]
  dtype: DTypeName
  /** flat row-major values */
  data: Float32Array
  stats: { min: number; max: number; mean: number; std: number; nonfinite: number }
}

/** One name bound by an executed statement, as the line stepper shows it. */
export interface TraceBinding {
  name: string
  /** 'Tensor', 'int', 'float', 'list', ... */
  type: string
  shape: number[] | null
  dtype: DTypeName | null
  /** a short text preview: 'tensor([[-0.0312, 0.0000, ...]])' or '32' */
  preview: string
}

/** One executed statement of a cell. */
export interface TraceStep {
  line: number
  col: number
  bindings: TraceBinding[]
}

/** The result of checking one node's cell. */
export interface CellResult {
  name: string
  verdict: NodeVerdict
  error: CodeError | null
  /** the learner's gradient for this node, when it was defined */
  grad: TensorView | null
  /** learner minus true gradient, when shapes broadcast */
  diff: TensorView | null
  trace: TraceStep[]
  /** what the cell printed, as the notebook shows under a cell ('' when nothing) */
  output: string
}

export type CheckMode = 'isolated' | 'chained'

// The engine against real PyTorch: every case in test/tensor/golden/*.json (written by
// reference/make_engine_golden.py) runs here with the engine and must give PyTorch's shape, dtype, values, error and
// gradients. Ints and bools must match exactly; floats within 1 ulp where the op is one correctly rounded float32
// operation ("ulp"), else within scaledError < 1 (sums and library functions round differently: "scaled"). An error
// must be the same Python exception and its message must contain PyTorch's message.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scaledError } from '../fixtures'
import * as T from '../../src/core/tensor'
import { Tensor, TensorError, type IndexItem, type Scalar } from '../../src/core/tensor'
import { maskedFill } from '../../src/core/lang/torch/tensor-extras'
import { PyException } from '../../src/core/lang/runtime/values'
import type { PyErrorType } from '../../src/core/tensor/errors'

interface TensorJSON {
  shape: number[]
  dtype: T.DType
  data: (number | string | boolean)[]
}
type ErrorJSON = { error: string; message: string }
type ScalarJSON = { t: number } | { float: number | string } | { int: number } | { bool: boolean }
type Args = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

interface Case {
  name: string
  op: string
  inputs: TensorJSON[]
  args: Args
  output: TensorJSON | ErrorJSON
  tol: 'ulp' | 'scaled'
  requires_grad?: boolean[]
  /** the input whose memory the output shares (a view), with the view's strides and storage offset */
  view_of?: number
  strides?: number[]
  offset?: number
  weight?: TensorJSON
  grads?: (TensorJSON | null)[]
}

function decodeNumber(v: number | string | boolean): number {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (v === 'nan') return NaN
  if (v === 'inf') return Infinity
  if (v === '-inf') return -Infinity
  return v as number
}

function decode(j: TensorJSON): Tensor {
  return Tensor.fromValues(j.data.map(decodeNumber), j.shape, j.dtype)
}

/** A Python value from its JSON spec: {"t": i} is input i, the others Python scalars. */
function operand(spec: ScalarJSON, xs: Tensor[]): T.Operand {
  if ('t' in spec) return xs[spec.t]
  if ('float' in spec) return decodeNumber(spec.float)
  if ('int' in spec) return BigInt(spec.int)
  return spec.bool
}

function nested(spec: unknown): T.NestedData {
  return Array.isArray(spec) ? spec.map(nested) : (operand(spec as ScalarJSON, []) as Scalar)
}

/** Python list elements as the interpreter hands them over (ints as bigint). */
function listData(v: unknown): T.NestedData {
  if (Array.isArray(v)) return v.map(listData)
  return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : (v as number | boolean)
}

function indexItem(spec: unknown, xs: Tensor[]): IndexItem {
  if (spec === 'none') return { kind: 'none' }
  if (spec === 'ellipsis') return { kind: 'ellipsis' }
  const s = spec as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  if ('int' in s) return { kind: 'int', value: s.int }
  if ('bool' in s) return { kind: 'bool', value: s.bool }
  if ('slice' in s) {
    const [start, stop, step] = s.slice as (number | null)[]
    return { kind: 'slice', start, stop, step }
  }
  if ('list' in s) return { kind: 'tensor', tensor: T.indexTensorFromList(listData(s.list)) }
  if ('range' in s) {
    const [a, b, c] = s.range as number[]
    const [start, stop, step] = b === undefined ? [0, a, 1] : [a, b, c ?? 1]
    return { kind: 'tensor', tensor: T.arange(start, stop, step, 'int64') }
  }
  return { kind: 'tensor', tensor: xs[s.t] }
}

const index = (a: Args, xs: Tensor[]): IndexItem[] => (a.index as unknown[]).map((s) => indexItem(s, xs))

function binary(f: (p: T.Operand, q: T.Operand) => Tensor) {
  return (xs: Tensor[], a: Args): Tensor => f(operand(a.a ?? { t: 0 }, xs), operand(a.b ?? { t: 1 }, xs))
}

/** dims as the engine takes them: undefined/null when the case reduces all. */
function dimsOf(a: Args): number | number[] | null {
  return a.dim === undefined ? null : a.dim
}

/** clamp's bounds: plain JSON numbers in the table, Python ints when integral (as make_engine_golden.py passes them). */
function scalarOrNull(v: number | null | undefined): Scalar | null {
  if (v === null || v === undefined) return null
  return Number.isInteger(v) ? BigInt(v) : v
}

const INPLACE: Record<string, T.InplaceOp> = { '+': '+', '-': '-', '*': '*', '/': '/', '//': '//', '%': '%', '**': '**' }

/** The same table as OPS in make_engine_golden.py, written with the engine's functions. */
const OPS: Record<string, (xs: Tensor[], a: Args) => Tensor> = {
  add: binary(T.add),
  sub: binary(T.sub),
  mul: binary(T.mul),
  div: binary(T.div),
  floor_divide: binary(T.floorDivide),
  remainder: binary(T.remainder),
  pow: binary(T.pow),
  eq: binary(T.eq),
  ne: binary(T.ne),
  lt: binary(T.lt),
  le: binary(T.le),
  gt: binary(T.gt),
  ge: binary(T.ge),
  and: binary(T.bitwiseAnd),
  or: binary(T.bitwiseOr),
  xor: binary(T.bitwiseXor),
  maximum: binary(T.maximum),
  minimum: binary(T.minimum),
  neg: (xs) => T.neg(xs[0]),
  invert: (xs) => T.bitwiseNot(xs[0]),
  exp: (xs) => T.exp(xs[0]),
  log: (xs) => T.log(xs[0]),
  tanh: (xs) => T.tanh(xs[0]),
  sqrt: (xs) => T.sqrt(xs[0]),
  rsqrt: (xs) => T.rsqrt(xs[0]),
  reciprocal: (xs) => T.reciprocal(xs[0]),
  sigmoid: (xs) => T.sigmoid(xs[0]),
  abs: (xs) => T.abs(xs[0]),
  relu: (xs) => T.relu(xs[0]),
  clamp: (xs, a) => T.clamp(xs[0], scalarOrNull(a.min), scalarOrNull(a.max)),
  clamp_: (xs, a) => T.clampInplace(T.clone(xs[0]), scalarOrNull(a.min), scalarOrNull(a.max)),
  where: (xs, a) => T.where(xs[0], operand(a.a, xs), operand(a.b, xs)),
  // .float() of a float tensor is the tensor itself (the interpreter's job: toDType always copies)
  float: (xs) => (xs[0].dtype === 'float32' ? xs[0] : T.toDType(xs[0], 'float32')),
  long: (xs) => (xs[0].dtype === 'int64' ? xs[0] : T.toDType(xs[0], 'int64')),
  sum: (xs, a) => T.sum(xs[0], dimsOf(a), a.keepdim ?? false),
  mean: (xs, a) => T.mean(xs[0], dimsOf(a), a.keepdim ?? false),
  prod: (xs, a) => T.prod(xs[0], dimsOf(a) as number | null, a.keepdim ?? false),
  var: (xs, a) => T.variance(xs[0], dimsOf(a), a.unbiased === false ? 0 : 1, a.keepdim ?? false),
  std: (xs, a) => T.std(xs[0], dimsOf(a), a.unbiased === false ? 0 : 1, a.keepdim ?? false),
  logsumexp: (xs, a) => T.logsumexp(xs[0], a.dim, a.keepdim ?? false),
  argmax: (xs, a) => T.argmax(xs[0], a.dim ?? null, a.keepdim ?? false),
  argmin: (xs, a) => T.argmax(xs[0], a.dim ?? null, a.keepdim ?? false, true),
  max_all: (xs) => T.maxAll(xs[0]),
  min_all: (xs) => T.maxAll(xs[0], true),
  max_dim: (xs, a) => T.maxDim(xs[0], a.dim, a.keepdim ?? false)[a.part as 'values' | 'indices'],
  min_dim: (xs, a) => T.maxDim(xs[0], a.dim, a.keepdim ?? false, true)[a.part as 'values' | 'indices'],
  view: (xs, a) => T.view(xs[0], a.shape),
  reshape: (xs, a) => T.reshape(xs[0], a.shape),
  transpose: (xs, a) => T.transpose(xs[0], a.d0, a.d1),
  permute: (xs, a) => T.permute(xs[0], a.dims),
  T: (xs) => T.t(xs[0]),
  t: (xs) => T.t(xs[0]),
  unsqueeze: (xs, a) => T.unsqueeze(xs[0], a.dim),
  squeeze: (xs, a) => T.squeeze(xs[0], a.dim),
  expand: (xs, a) => T.expand(xs[0], a.sizes),
  flatten: (xs, a) => T.flatten(xs[0], a.start ?? 0, a.end ?? -1),
  contiguous: (xs) => T.contiguous(xs[0]),
  clone: (xs) => T.clone(xs[0]),
  matmul: (xs) => T.matmul(xs[0], xs[1]),
  getitem: (xs, a) => T.getItem(xs[0], index(a, xs)),
  setitem: (xs, a) => {
    const y = T.clone(xs[0])
    T.setItem(y, index(a, xs), operand(a.value, xs))
    return y
  },
  iadd_index: (xs, a) => {
    // Python's y[idx] += v: get, add in place, set back
    const y = T.clone(xs[0])
    const items = index(a, xs)
    T.setItem(y, items, T.inplaceBinary(T.getItem(y, items), '+', operand(a.value, xs)))
    return y
  },
  inplace: (xs, a) => T.inplaceBinary(T.clone(xs[0]), INPLACE[a.sym], operand(a.other, xs)),
  index_put: (xs, a) =>
    T.indexPut(T.clone(xs[0]), (a.indices as number[]).map((i) => xs[i]), xs[a.values], a.accumulate),
  index_add: (xs, a) => T.indexAdd(T.clone(xs[0]), a.dim, xs[1], xs[2]),
  scatter: (xs, a) => T.scatter(T.clone(xs[0]), a.dim, xs[1], operand(a.src, xs), false),
  scatter_add: (xs, a) => T.scatter(T.clone(xs[0]), a.dim, xs[1], xs[2], true),
  gather: (xs, a) => T.gather(xs[0], a.dim, xs[1]),
  index_select: (xs, a) => T.indexSelect(xs[0], a.dim, xs[1]),
  one_hot: (xs, a) => T.oneHot(xs[0], a.num_classes ?? -1),
  softmax: (xs, a) => T.softmax(xs[0], a.dim),
  log_softmax: (xs, a) => T.logSoftmax(xs[0], a.dim),
  cross_entropy: (xs, a) => T.crossEntropy(xs[0], xs[1], a.reduction ?? 'mean'),
  cat: (xs, a) => T.cat(xs, a.dim ?? 0),
  stack: (xs, a) => T.stack(xs, a.dim ?? 0),
  repeat: (xs, a) => T.repeat(xs[0], a.sizes),
  arange: (xs, a) => {
    const vals = (a.args as ScalarJSON[]).map((s) => operand(s, xs))
    const nums = vals.map((v) => Number(v))
    const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1]
    return T.arange(start, end, step, vals.every((v) => typeof v === 'bigint') ? 'int64' : 'float32')
  },
  tensor: (xs, a) => T.tensorFrom(nested(a.data)),
  view_of_transposed: (xs, a) => T.view(T.transpose(xs[0], 0, 1), a.shape),
  reshape_of_transposed: (xs, a) => T.reshape(T.transpose(xs[0], 0, 1), a.shape),
  view_of_columns: (xs, a) => T.view(T.slice(xs[0], 1, 1, 4, 1), a.shape),
  view_of_rows: (xs, a) => T.view(T.slice(xs[0], 0, 1, 3, 1), a.shape),
  view_of_expanded: (xs, a) => T.view(T.expand(xs[0], [3, 4]), a.shape),
  tril: (xs, a) => T.triangle(xs[0], a.diagonal ?? 0, true),
  triu: (xs, a) => T.triangle(xs[0], a.diagonal ?? 0, false),
  masked_fill: (xs, a) => {
    // the interpreter's masked_fill raises Python's error (a PyException); the table's errors are TensorErrors
    try {
      return maskedFill(xs[0], xs[1], operand(a.value, xs))
    } catch (e) {
      if (e instanceof PyException) throw new TensorError(e.pyType as PyErrorType, e.message)
      throw e
    }
  },
  attention_scores: (xs, a) => T.mul(T.matmul(xs[0], T.transpose(xs[1], -2, -1)), a.scale),
  sin: (xs) => T.sin(xs[0]),
  cos: (xs) => T.cos(xs[0]),
  log1p: (xs) => T.log1p(xs[0]),
  sign: (xs) => T.sign(xs[0]),
  logical_not: (xs) => T.logicalNot(xs[0]),
  isnan: (xs) => T.isnan(xs[0]),
  isinf: (xs) => T.isinf(xs[0]),
  bool: (xs) => T.toDType(xs[0], 'bool'),
  eye: (xs, a) => T.eye(a.size[0], a.size[1] ?? a.size[0]),
  full: (xs, a) => {
    const v = operand(a.value, xs) as Scalar
    return T.full(a.shape, Number(v), typeof v === 'number' ? 'float32' : typeof v === 'bigint' ? 'int64' : 'bool')
  },
  mm: (xs) => T.mm(xs[0], xs[1]),
  nll_loss: (xs, a) => T.nllLoss(xs[0], xs[1], a.reduction ?? 'mean'),
  cumsum: (xs, a) => T.cumsum(xs[0], a.dim),
  scenario: (xs, a) => SCENARIOS[a.name as string](xs)
}

/** The views make_engine_golden.py can hand an op instead of a fresh input (its LAYOUTS). */
const LAYOUTS: Record<string, (x: Tensor) => Tensor> = {
  t: (x) => T.transpose(x, 0, -1),
  step: (x) => T.slice(x, -1, null, null, 2),
  offset: (x) => T.slice(x, 0, 1, null, 1)
}

const row = (i: number): IndexItem[] => [{ kind: 'int', value: i }]
const all: IndexItem = { kind: 'slice', start: null, stop: null, step: null }

/** The scenarios of make_engine_golden.py, line for line. */
const SCENARIOS: Record<string, (xs: Tensor[]) => Tensor> = {
  view_write_through: ([x]) => {
    const base = T.clone(x)
    T.inplaceBinary(T.getItem(base, row(1)), '+', 1n)
    return base
  },
  alias_iadd: ([x]) => {
    const b = T.clone(x)
    const a = b
    T.inplaceBinary(a, '+', 1n)
    return b
  },
  alias_add_rebinds: ([x]) => {
    const b = T.clone(x)
    let a = b
    a = T.add(a, 1n)
    expect(a).not.toBe(b)
    return b
  },
  transpose_write: ([x]) => {
    const base = T.clone(x)
    T.inplaceBinary(T.t(base), '*', 2n)
    return base
  },
  view_flat_setitem: ([x]) => {
    const base = T.clone(x)
    T.setItem(T.view(base, [-1]), row(3), 7.0)
    return base
  },
  slice_setitem_column: ([x]) => {
    const base = T.clone(x)
    T.setItem(base, [all, { kind: 'int', value: 1 }], 5.0)
    return base
  },
  slice_step_write: ([x]) => {
    const base = T.clone(x)
    const items: IndexItem[] = [{ kind: 'slice', start: null, stop: null, step: 2 }]
    T.setItem(base, items, T.inplaceBinary(T.getItem(base, items), '*', -1n))
    return base
  },
  expanded_write: ([x]) => T.inplaceBinary(T.expand(T.clone(x), [3, 4]), '+', 1n),
  expanded_fill: ([x]) => T.fill(T.expand(T.clone(x), [3, 4]), 2.0),
  expanded_row_setitem: ([x]) => {
    const base = T.clone(x)
    T.setItem(T.expand(base, [2, 4]), row(0), 3.0)
    return base
  },
  partial_overlap: ([x]) => {
    const a = T.clone(x)
    const items: IndexItem[] = [{ kind: 'slice', start: 1, stop: null, step: null }]
    const prev = T.getItem(a, [{ kind: 'slice', start: null, stop: -1, step: null }])
    T.setItem(a, items, T.inplaceBinary(T.getItem(a, items), '+', prev))
    return a
  },
  transpose_overlap: ([x]) => {
    const a = T.clone(x)
    return T.inplaceBinary(a, '+', T.t(a))
  },
  self_iadd: ([x]) => {
    const a = T.clone(x)
    return T.inplaceBinary(a, '+', a)
  },
  leaf_inplace: ([x]) => {
    const w = T.clone(x)
    w.requiresGrad = true
    return T.inplaceBinary(w, '+', 1n)
  },
  inplace_no_grad_leaf: ([x]) => {
    const w = T.clone(x)
    w.requiresGrad = true
    T.withGradMode(false, () => T.inplaceBinary(w, '-', T.mul(0.5, w)))
    return T.detach(w)
  },
  broadcast_iadd_grow: ([x, y]) => T.inplaceBinary(T.clone(x), '+', y),
  int_inplace_float: ([x]) => T.inplaceBinary(T.clone(x), '+', 1.5),
  reuse_grad: ([x]) => T.add(T.mul(x, x), x),
  argmax_select: ([x]) => T.sum(T.mul(x, T.oneHot(T.argmax(x, 1), x.shape[1])), 1),
  lecture_dlogits: ([logits, target]) => {
    const n = logits.shape[0]
    const d = T.softmax(logits, 1)
    const items: IndexItem[] = [
      { kind: 'tensor', tensor: T.arange(0, n, 1, 'int64') },
      { kind: 'tensor', tensor: target }
    ]
    T.setItem(d, items, T.inplaceBinary(T.getItem(d, items), '-', 1n))
    return T.div(d, BigInt(n))
  },
  lecture_dC: ([C, X, demb]) => {
    const dC = T.zeros(C.shape)
    for (let k = 0; k < X.shape[0]; k++)
      for (let j = 0; j < X.shape[1]; j++) {
        const items: IndexItem[] = [{ kind: 'int', value: T.getItem(X, [...row(k), ...row(j)]).item() }]
        T.setItem(dC, items, T.inplaceBinary(T.getItem(dC, items), '+', T.getItem(demb, [...row(k), ...row(j)])))
      }
    return dC
  },
  batchnorm: ([h, g, b]) => {
    const mu = T.mean(h, 0, true)
    const v = T.variance(h, 0, 1, true)
    return T.add(T.div(T.mul(g, T.sub(h, mu)), T.sqrt(T.add(v, 1e-5))), b)
  },
  lecture_chain: ([C, X, W, b, Y]) => {
    const emb = T.getItem(C, [{ kind: 'tensor', tensor: X }])
    const h = T.tanh(T.add(T.matmul(T.view(emb, [emb.shape[0], -1]), W), b))
    return T.crossEntropy(h, Y)
  },
  detach_shares: ([x]) => {
    const y = T.clone(x)
    T.setItem(T.detach(y), row(0), 9.0)
    return y
  },
  contiguous_copy: ([x]) => {
    const y = T.clone(x)
    T.setItem(T.contiguous(T.t(y)), [...row(0), ...row(0)], 100.0)
    return y
  },
  reshape_view_write: ([x]) => {
    const y = T.clone(x)
    T.setItem(T.reshape(y, [-1]), row(0), -5.0)
    return y
  },
  reshape_copy_write: ([x]) => {
    const y = T.clone(x)
    T.setItem(T.reshape(T.t(y), [-1]), row(0), -5.0)
    return y
  },
  getitem_advanced_copy: ([x]) => {
    const y = T.clone(x)
    T.inplaceBinary(T.getItem(y, [{ kind: 'tensor', tensor: T.indexTensorFromList([0n, 1n]) }]), '+', 10n)
    return y
  },
  clamp_inplace: ([x]) => T.clampInplace(T.clone(x), -0.5, 0.5),
  unsqueeze_view: ([x]) => T.view(T.unsqueeze(x, 1), [-1, 1]),
  expanded_slice_fill: ([x]) => {
    const e = T.expand(T.clone(x), [3, 4])
    T.setItem(e, [all], 1.0)
    return e
  },
  expanded_slice_copy: ([x]) => {
    const e = T.expand(T.clone(x), [3, 4])
    T.setItem(e, [all], T.ones([4]))
    return e
  },
  index_put_self: ([x]) => {
    const y = T.clone(x)
    T.setItem(y, [{ kind: 'tensor', tensor: T.indexTensorFromList([0n, 1n, 2n]) }], y)
    return y
  },
  index_put_overlap: ([x]) => {
    const b = T.clone(x)
    const cols: IndexItem[] = [all, { kind: 'tensor', tensor: T.indexTensorFromList([0n, 1n]) }]
    T.setItem(b, cols, T.getItem(b, [...row(0), { kind: 'slice', start: 1, stop: null, step: null }]))
    return b
  },
  iadd_own_row: ([x]) => {
    const a = T.clone(x)
    return T.inplaceBinary(a, '+', T.getItem(a, row(0)))
  },
  copy_shifted: ([x]) => {
    const b = T.clone(x)
    const prev = T.getItem(b, [{ kind: 'slice', start: null, stop: -1, step: null }])
    T.setItem(b, [{ kind: 'slice', start: 1, stop: null, step: null }], prev)
    return b
  }
}

// *** comparison ***

const bits = new Int32Array(1)
const f32 = new Float32Array(bits.buffer)

/** Position of a float32 on the number line, so that neighbours differ by 1 (and +0, -0 are both 0). */
function ordinal(x: number): number {
  f32[0] = x
  return bits[0] < 0 ? -(bits[0] & 0x7fffffff) : bits[0]
}

/** The largest distance in ulps between matching elements (special values must match exactly). */
function maxUlps(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(ordinal(actual[i]) - ordinal(expected[i])))
  return worst
}

/** Where NaN and infinities sit, as text: they must agree exactly before the finite values are compared. */
function specials(v: ArrayLike<number>): string {
  const out: string[] = []
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) out.push(`${i}:${v[i]}`)
  return out.join(' ')
}

function finiteOnly(v: ArrayLike<number>, keep: ArrayLike<number>): number[] {
  const out: number[] = []
  for (let i = 0; i < v.length; i++) if (Number.isFinite(keep[i])) out.push(v[i])
  return out
}

function expectTensor(got: Tensor, want: TensorJSON, tol: 'ulp' | 'scaled', what: string): void {
  expect(got.shape, `${what} shape`).toEqual(want.shape)
  expect(got.dtype, `${what} dtype`).toBe(want.dtype)
  const w = want.data.map(decodeNumber)
  const g = Array.from(got.values())
  if (want.dtype !== 'float32') {
    expect(g, `${what} values`).toEqual(w)
    return
  }
  expect(specials(g), `${what} NaN and infinities`).toBe(specials(w))
  const gf = finiteOnly(g, w)
  const wf = finiteOnly(w, w)
  if (tol === 'ulp') expect(maxUlps(gf, wf), `${what} ulps`).toBeLessThanOrEqual(1)
  else expect(scaledError(gf, wf), `${what} scaled error`).toBeLessThan(1)
}

function runCase(c: Case): void {
  const xs = c.inputs.map(decode)
  c.requires_grad?.forEach((r, i) => (xs[i].requiresGrad = r))
  const layout = (c.args.layout ?? {}) as Record<string, string>
  const used = xs.map((x, i) => (layout[i] === undefined ? x : LAYOUTS[layout[i]](x)))
  let out: Tensor
  try {
    out = OPS[c.op](used, c.args)
  } catch (e) {
    if (!('error' in c.output) || !(e instanceof TensorError)) throw e
    expect(e.pyType).toBe(c.output.error)
    // PyTorch's words, whole; the app may add a sentence for the learner after them
    expect(e.message).toContain(c.output.message)
    return
  }
  if ('error' in c.output) throw new Error(`PyTorch raised ${c.output.error}: ${c.output.message}`)
  expectTensor(out, c.output, c.tol, 'output')
  if (c.view_of !== undefined) {
    expect(out.storage === xs[c.view_of].storage, 'output is a view of the input').toBe(true)
    expect(out.strides, 'view strides').toEqual(c.strides)
    expect(out.offset, 'view storage offset').toBe(c.offset)
  } else if (out.numel > 0) {
    expect(xs.some((x) => x.storage === out.storage), 'output is a copy').toBe(false)
  }
  if (c.grads === undefined) return
  T.backward(T.sum(T.mul(out, decode(c.weight!))))
  c.grads.forEach((want, i) => {
    if (want === null) expect(xs[i].grad, `grad of input ${i}`).toBeNull()
    else expectTensor(xs[i].grad!, want, 'scaled', `grad of input ${i}`)
  })
}

const dir = join(__dirname, 'golden')
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const { cases } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: Case[] }
  describe(`PyTorch golden cases: ${file}`, () => {
    for (const c of cases) it(c.name, () => runCase(c))
  })
}

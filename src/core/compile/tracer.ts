// The tracer: watches one interpreted run of the forward source and the learner's cells (as an OpObserver) and
// records every tensor op into a tape of steps over the run's own buffers. Views cost nothing (an offset, set at
// replay only when it depends on data); a 0-dim int tensor that indexes a tensor becomes a data-dependent offset.
// Anything it cannot replay exactly, and any tensor value that reaches Python (a condition, int(), .item()), ends
// the trace with a reason and its line: that program then trains interpreted.

import type * as A from '../lang/syntax/ast'
import { bind } from '../lang/runtime/args'
import type { OpEvent, OpObserver } from '../lang/runtime/observer'
import { TENSOR_OPS } from '../lang/torch/tensor-ops'
import { ELLIPSIS, PyBuiltin, PyList, PyModule, PyRange, PySlice, PyTuple, type Kwargs, type PyValue } from '../lang/runtime/values'
import { Tensor } from '../tensor'
import { cast, isFloating, isNarrowInt, promote, scalarDType, scalarValue, type DType, type Scalar } from '../tensor/dtype'
import { powScalarKernel } from '../tensor/elementwise'
import { mmKernel } from '../tensor/linalg'
import { broadcastAll, broadcastShapes, broadcastStrides, numel, sameShape } from '../tensor/shape'
import { stridedOffsets } from '../tensor/tensor'
import { BINARY_OPS, mm64, UNARY_KINDS, type ReplayMemory } from '../kernels/replay'
import * as K from './kernels'
import type { Buf } from './kernels'

/** A tensor as the tape sees it: a buffer and a layout; `dynamic` when its offset is set at replay. */
export interface Ref {
  readonly id: number
  readonly buf: Buf
  readonly shape: readonly number[]
  readonly strides: readonly number[]
  /** the offset in the traced run */
  readonly offset: number
  readonly dtype: DType
  readonly dynamic: boolean
}

/** One recorded op: a description (for reports and tests) and the loop that replays it. */
export interface TapeStep {
  readonly op: string
  readonly line: number
  readonly run: () => void
  /** runs as a WebAssembly kernel on the replay memory (else a TypeScript loop) */
  readonly wasm: boolean
}

/** Why a program cannot be compiled: the reason and the line it comes from. */
export interface Unsound {
  readonly line: number
  readonly reason: string
}

export class TraceUnsound extends Error {
  constructor(readonly unsound: Unsound) {
    super(unsound.reason)
  }
}

/** An IndexError at replay (a data-dependent index out of range): the interpreter would have raised it too. */
export class ReplayIndexError extends Error {}

type IndexKind =
  | { kind: 'int'; value: number }
  | { kind: 'dyn'; ref: Ref }
  | { kind: 'slice' }
  | { kind: 'adv'; ref: Ref | null; values: Float64Array | null; shape: readonly number[] }
  | { kind: 'other' }

const SHAPE_QUERIES = new Set([
  'size', 'dim', 'ndimension', 'numel', 'nelement', 'len', 'isinstance', 'type', 'is_contiguous', 'element_size', 'stride',
  'storage_offset', 'print', 'cmp', 'id', 'repr', 'str'
])

const UNARY_FNS: ReadonlyMap<string, (x: number) => number> = new Map([
  ['exp', Math.exp],
  ['log', Math.log],
  ['tanh', Math.tanh]
])

const CREATION = new Set([
  'zeros', 'ones', 'full', 'empty', 'tensor', 'arange', 'linspace', 'eye', 'randn', 'rand', 'randint', 'zeros_like', 'ones_like',
  'full_like', 'empty_like', 'randn_like', 'rand_like'
])
const LIKE = new Set(['zeros_like', 'ones_like', 'full_like', 'empty_like', 'randn_like', 'rand_like'])

function isScalar(v: PyValue): v is Scalar {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean'
}

function tensorsIn(v: PyValue, out: Tensor[] = []): Tensor[] {
  if (v instanceof Tensor) out.push(v)
  else if (v instanceof PyList || v instanceof PyTuple) for (const x of v.items) tensorsIn(x, out)
  return out
}

function freshContiguous(t: Tensor): boolean {
  return t.offset === 0 && t.isContiguous && t.storage.length === t.numel
}

export class Tracer implements OpObserver {
  span: A.Span | null = null
  readonly steps: TapeStep[] = []
  /** current offsets of every ref (static ones never change) */
  offs = new Int32Array(1024)
  failure: Unsound | null = null
  private readonly refs = new Map<Tensor, Ref>()
  private readonly opaque = new Map<Tensor, string>()
  private readonly bufs = new Set<Buf>()
  private readonly inputBufs = new Set<Buf>()
  private readonly bound = new WeakMap<PyBuiltin, { self: Tensor; name: string }>()
  private readonly names = new Map<PyBuiltin, string>()
  private nextRef = 0
  private source: string[] = []

  constructor(
    modules: readonly PyModule[],
    /** the kernels' memory the traced step's float32 tensors were placed in (null: TypeScript loops only) */
    private readonly mem: ReplayMemory | null = null
  ) {
    for (const m of modules)
      for (const [k, v] of m.attrs) if (v instanceof PyBuiltin && !this.names.has(v)) this.names.set(v, k)
  }

  /** The program whose lines the next events come from (for quoting them in reasons). */
  setSource(text: string): void {
    this.source = text.split('\n')
  }

  /** A tensor the program starts with: its buffer is the replay's too. */
  input(t: Tensor): Ref {
    const buf = this.bufOf(t)
    this.bufs.add(buf)
    this.inputBufs.add(buf)
    return this.register(t, false)
  }

  refOf(t: Tensor): Ref | undefined {
    return this.refs.get(t)
  }

  /** Why a tensor cannot be replayed (made by an op the compiler does not handle), if it is known. */
  opaqueReason(t: Tensor): string | undefined {
    return this.opaque.get(t)
  }

  /** A Python value was read out of a tensor (the data-read hook). */
  dataRead(deciding: boolean): void {
    if (this.failure !== null) return
    const span = this.span
    const line = span?.line ?? 0
    const code = span === null ? '' : this.quote(span)
    const what = deciding ? "decides with a tensor's value" : "turns a tensor's value into a Python number"
    this.failure = { line, reason: `line ${line} ${what}${code === '' ? '' : ` (${code})`}` }
  }

  event(e: OpEvent, span: A.Span): void {
    if (this.failure !== null) return
    try {
      this.handle(e, span)
    } catch (err) {
      if (err instanceof TraceUnsound) this.failure = err.unsound
      else this.failure = { line: span.line, reason: `line ${span.line}: the compiler could not follow ${this.quote(span)} (${err instanceof Error ? err.message : String(err)})` }
    }
  }

  private quote(span: A.Span): string {
    if (span.line === span.endLine) return (this.source[span.line - 1] ?? '').slice(span.col - 1, span.endCol - 1).trim()
    return (this.source[span.line - 1] ?? '').trim()
  }

  private unsupported(span: A.Span, what: string): TraceUnsound {
    return new TraceUnsound({ line: span.line, reason: `line ${span.line} uses ${what}, which the compiler does not replay` })
  }

  /** A tensor's buffer as the replay's loops read it; int32, int16 and int8 tensors are not replayed. */
  private bufOf(t: Tensor): Buf {
    if (isNarrowInt(t.dtype)) {
      const line = this.span?.line ?? 0
      throw new TraceUnsound({ line, reason: `line ${line} uses a torch.${t.dtype} tensor, which the compiler does not replay` })
    }
    return t.storage as Buf
  }

  private register(t: Tensor, dynamic: boolean): Ref {
    const buf = this.bufOf(t)
    const id = this.nextRef++
    if (id >= this.offs.length) {
      const grown = new Int32Array(this.offs.length * 2)
      grown.set(this.offs)
      this.offs = grown
    }
    const ref: Ref = { id, buf, shape: [...t.shape], strides: [...t.strides], offset: t.offset, dtype: t.dtype, dynamic }
    this.offs[id] = t.offset
    this.refs.set(t, ref)
    return ref
  }

  /** The ref of a tensor used as an input; unknown tensors end the trace. */
  private use(t: Tensor, span: A.Span): Ref {
    const r = this.refs.get(t)
    if (r !== undefined) return r
    const why = this.opaque.get(t)
    if (why !== undefined) throw new TraceUnsound({ line: span.line, reason: why })
    throw new TraceUnsound({ line: span.line, reason: `line ${span.line} uses a tensor made where the compiler cannot follow (${this.quote(span)})` })
  }

  /** A new output buffer made by a compute op. */
  private fresh(t: Tensor, span: A.Span): Ref {
    const buf = this.bufOf(t)
    if (!freshContiguous(t) || this.bufs.has(buf)) throw this.unsupported(span, 'an op whose result is not a fresh tensor')
    this.bufs.add(buf)
    return this.register(t, false)
  }

  private markOpaque(out: PyValue, span: A.Span, what: string): void {
    const reason = `line ${span.line} uses ${what}, which the compiler does not replay`
    for (const t of tensorsIn(out)) if (!this.refs.has(t)) this.opaque.set(t, reason)
  }

  private push(op: string, span: A.Span, run: () => void, wasm = false): void {
    this.steps.push({ op, line: span.line, run, wasm })
  }

  /** A view of `parent`: static when both are, else an offset set at replay (plus data-dependent terms). */
  private view(parent: Ref, child: Tensor, span: A.Span, terms: { ref: Ref; stride: number; size: number; traced: number }[] = []): Ref {
    if (child.storage !== parent.buf) throw this.unsupported(span, 'a view the compiler cannot place')
    if (!parent.dynamic && terms.length === 0) return this.register(child, false)
    const ref = this.register(child, true)
    let delta = child.offset - parent.offset
    for (const t of terms) delta -= t.traced * t.stride
    const offs = (): Int32Array => this.offs
    const pid = parent.id
    const cid = ref.id
    const tr = terms.map((t) => ({ buf: t.ref.buf, id: t.ref.id, stride: t.stride, size: t.size }))
    this.push('view', span, () => {
      const o = offs()
      let at = o[pid] + delta
      for (const t of tr) {
        let k = t.buf[o[t.id]]
        if (k < -t.size || k >= t.size) throw new ReplayIndexError(`index ${k} is out of bounds for dimension with size ${t.size}`)
        if (k < 0) k += t.size
        at += k * t.stride
      }
      o[cid] = at
    })
    return ref
  }

  private operand(x: Tensor | Scalar, shape: readonly number[], compute: DType, span: A.Span): { op: K.Operand; ref: Ref | null } {
    if (!(x instanceof Tensor)) return { op: { data: null, rel: null, scalar: cast(scalarValue(x), compute), fround: false }, ref: null }
    const r = this.use(x, span)
    const fround = compute === 'float32' && x.dtype !== 'float32'
    if (compute !== 'float32' && x.dtype !== compute) throw this.unsupported(span, 'a mixed integer/bool op')
    const contiguous = x.isContiguous && sameShape(x.shape, shape)
    const rel = contiguous ? null : stridedOffsets(shape, broadcastStrides(x.shape, x.strides, shape), 0)
    return { op: { data: r.buf, rel, scalar: 0, fround }, ref: r }
  }

  // *** events ***

  private handle(e: OpEvent, span: A.Span): void {
    switch (e.kind) {
      case 'binary':
        if (!(e.a instanceof Tensor) && !(e.b instanceof Tensor)) return
        return this.binary(e.op, e.a, e.b, e.out, span)
      case 'unary':
        if (!(e.a instanceof Tensor)) return
        if (e.op === '+') return
        if (e.op !== '-' || !(e.out instanceof Tensor)) return this.markOpaque(e.out, span, `unary ${e.op}`)
        return this.unaryOp('neg', e.a, e.out, span, (x) => -x)
      case 'compare':
        if (e.a instanceof Tensor || e.b instanceof Tensor) this.markOpaque(e.out, span, `a tensor comparison (${e.op})`)
        return
      case 'getattr':
        if (!(e.obj instanceof Tensor)) return
        if (e.out instanceof PyBuiltin) this.bound.set(e.out, { self: e.obj, name: e.name })
        else if (e.out instanceof Tensor) {
          if (this.refs.has(e.out)) return
          const parent = this.use(e.obj, span)
          if (e.out.storage === e.obj.storage && (e.name === 'T' || e.name === 'mT' || e.name === 'data')) this.view(parent, e.out, span)
          else this.markOpaque(e.out, span, `.${e.name}`)
        }
        return
      case 'setattr':
        if (e.obj instanceof Tensor) throw this.unsupported(span, `an assignment to .${e.name}`)
        return
      case 'call':
        return this.call(e.fn, e.args, e.kwargs, e.out, span)
      case 'getitem':
        if (!(e.container instanceof Tensor)) return
        return this.getItem(e.container, e.index, e.out, span)
      case 'setitem':
        if (!(e.container instanceof Tensor)) return
        return this.setItem(e.container, e.index, e.value, span)
      case 'inplace':
        if (!(e.target instanceof Tensor)) return
        return this.inplace(e.op, e.target, e.value, span)
    }
  }

  private binary(op: string, a: PyValue, b: PyValue, out: PyValue, span: A.Span): void {
    if (!(out instanceof Tensor)) return
    if (!(a instanceof Tensor || isScalar(a)) || !(b instanceof Tensor || isScalar(b))) return this.markOpaque(out, span, `the ${op} operator`)
    if (op === '@') {
      if (!(a instanceof Tensor) || !(b instanceof Tensor)) return this.markOpaque(out, span, '@')
      return this.matmul(a, b, out, span)
    }
    if (op === '**' && a instanceof Tensor && !(b instanceof Tensor)) return this.powScalar(a, b, out, span)
    if (op !== '+' && op !== '-' && op !== '*' && op !== '/' && op !== '**') return this.markOpaque(out, span, `the ${op} operator`)
    this.elementwise(op, a, b, out, span)
  }

  /** out = a op b (a fresh tensor) with the engine's type promotion and scalar casting. */
  private elementwise(op: '+' | '-' | '*' | '/' | '**', a: Tensor | Scalar, b: Tensor | Scalar, out: Tensor, span: A.Span): void {
    const dta = a instanceof Tensor ? a.dtype : scalarDType(a)
    const dtb = b instanceof Tensor ? b.dtype : scalarDType(b)
    let dt = promote(dta, dtb)
    if (op === '/' && !isFloating(dt)) dt = 'float32'
    if (dt === 'bool' || (op === '**' && dt !== 'float32')) return this.markOpaque(out, span, `${op} on ${dt} tensors`)
    if (out.dtype !== dt) throw this.unsupported(span, 'an op whose result type the compiler did not expect')
    const shape = broadcastShapes(a instanceof Tensor ? a.shape : [], b instanceof Tensor ? b.shape : [])
    const A = this.operand(a, shape, dt, span)
    const B = this.operand(b, shape, dt, span)
    const o = this.fresh(out, span)
    const n = numel(shape)
    const buf = o.buf
    const ia = A.ref?.id ?? -1
    const ib = B.ref?.id ?? -1
    const intOut = dt === 'int64'
    if (op === '**') {
      this.push('pow', span, () => K.binaryFn(Math.pow, buf, n, A.op, ia < 0 ? 0 : this.offs[ia], B.op, ib < 0 ? 0 : this.offs[ib]))
      return
    }
    const plan = intOut ? null : K.plan32(buf, A.op, B.op, shape)
    if (plan !== null) {
      const o32 = buf as Float32Array
      const ad = A.op.data as Float32Array | null
      const bd = B.op.data as Float32Array | null
      const as = A.op.scalar
      const bs = B.op.scalar
      const m = this.mem
      const po = m?.addr(o32) ?? -1
      const pa = ad === null ? 0 : m?.addr(ad) ?? -1
      const pb = bd === null ? 0 : m?.addr(bd) ?? -1
      if (m !== null && po >= 0 && pa >= 0 && pb >= 0) {
        const code = BINARY_OPS[op]
        const { rows, len, ma, mb } = plan
        this.push(op, span, () => m.binary(code, po, rows, len, pa + 4 * (ia < 0 ? 0 : this.offs[ia]), ma, as, pb + 4 * (ib < 0 ? 0 : this.offs[ib]), mb, bs), true)
        return
      }
      this.push(op, span, () => K.binary32(op, o32, plan, ad, ia < 0 ? 0 : this.offs[ia], as, bd, ib < 0 ? 0 : this.offs[ib], bs))
      return
    }
    this.push(op, span, () => K.binary(op, buf, n, A.op, ia < 0 ? 0 : this.offs[ia], B.op, ib < 0 ? 0 : this.offs[ib], intOut))
  }

  private powScalar(a: Tensor, b: Scalar, out: Tensor, span: A.Span): void {
    const dt = promote(a.dtype, scalarDType(b))
    if (dt !== 'float32') return this.markOpaque(out, span, '** on integer tensors')
    const e = scalarValue(b)
    const f = e === 1 ? (x: number) => x : e === 0 ? () => 1 : powScalarKernel(e)
    this.unaryOp('pow', a, out, span, f, K.powKind(e), Math.fround(e))
  }

  private unaryOp(name: string, a: Tensor, out: Tensor, span: A.Span, f: (x: number) => number, kind: K.Unary32 | null = null, e = 0): void {
    const dt = name === 'neg' ? a.dtype : 'float32'
    if (dt !== 'float32') return this.markOpaque(out, span, `${name} of an integer tensor`)
    const A = this.operand(a, a.shape, 'float32', span)
    const o = this.fresh(out, span)
    const n = a.numel
    const ia = A.ref!.id
    const buf = o.buf
    const k32 = kind ?? (name === 'neg' ? 'neg' : name === 'tanh' || name === 'exp' || name === 'log' ? name : null)
    const ad = A.op.data
    if (k32 !== null && A.op.rel === null && !A.op.fround && ad instanceof Float32Array && buf instanceof Float32Array) {
      const m = this.mem
      const code = UNARY_KINDS[k32]
      const po = m?.addr(buf) ?? -1
      const pa = m?.addr(ad) ?? -1
      if (m !== null && code !== undefined && po >= 0 && pa >= 0) {
        this.push(name, span, () => m.unary(code, po, pa + 4 * this.offs[ia], n), true)
        return
      }
      this.push(name, span, () => K.unary32(k32, buf, n, ad, this.offs[ia], e))
      return
    }
    if (name === 'neg') this.push('neg', span, () => K.negate(buf, n, A.op, this.offs[ia]))
    else this.push(name, span, () => K.unary(f, buf, n, A.op, this.offs[ia]))
  }

  private matmul(a: Tensor, b: Tensor, out: Tensor, span: A.Span): void {
    if (a.ndim !== 2 || b.ndim !== 2 || a.dtype !== 'float32' || b.dtype !== 'float32') return this.markOpaque(out, span, '@ on tensors that are not float matrices')
    const [n, k] = a.shape
    const m = b.shape[1]
    const A = this.operand(a, a.shape, 'float32', span)
    const B = this.operand(b, b.shape, 'float32', span)
    const o = this.fresh(out, span)
    const ia = A.ref!.id
    const ib = B.ref!.id
    const buf = o.buf
    const ad = A.op.data
    const bd = B.op.data
    const wasm = mm64()
    const [sa0, sa1] = a.strides
    const [sb0, sb1] = b.strides
    const mem = this.mem
    if (mem !== null && ad instanceof Float32Array && bd instanceof Float32Array && buf instanceof Float32Array && n > 0 && k > 0 && m > 0 && sa0 >= 0 && sa1 >= 0 && sb0 >= 0 && sb1 >= 0) {
      const pa = mem.addr(ad)
      const pb = mem.addr(bd)
      const po = mem.addr(buf)
      const b64 = mem.scratch64(k * m)
      const acc = mem.scratch64(m)
      if (pa >= 0 && pb >= 0 && po >= 0 && b64 >= 0 && acc >= 0) {
        this.push('matmul', span, () => mem.mm(pa + 4 * this.offs[ia], sa0, sa1, pb + 4 * this.offs[ib], sb0, sb1, po, n, k, m, b64, acc), true)
        return
      }
    }
    if (wasm !== null && ad instanceof Float32Array && bd instanceof Float32Array && buf instanceof Float32Array && n > 0 && k > 0 && m > 0 && sa0 >= 0 && sa1 >= 0 && sb0 >= 0 && sb1 >= 0) {
      this.push('matmul', span, () => wasm.mm(ad, this.offs[ia], sa0, sa1, bd, this.offs[ib], sb0, sb1, buf, n, k, m))
      return
    }
    const av = new Float64Array(n * k)
    const bv = new Float64Array(k * m)
    const acc = new Float64Array(m)
    this.push('matmul', span, () => {
      K.gatherF64(av, n * k, A.op.data!, this.offs[ia], A.op.rel)
      K.gatherF64(bv, k * m, B.op.data!, this.offs[ib], B.op.rel)
      // the tracer takes float32 matrices only (see above), so the product's buffer is float32
      mmKernel(av, bv, buf as Float32Array | Float64Array, n, k, m, acc)
    })
  }

  // *** calls ***

  private call(fn: PyBuiltin, args: readonly PyValue[], kwargs: Kwargs, out: PyValue, span: A.Span): void {
    const method = this.bound.get(fn)
    const self = method?.self ?? null
    const name = method?.name ?? this.names.get(fn) ?? fn.name
    const inputs = tensorsIn(new PyList([...args, ...kwargs.values()]))
    if (self !== null) inputs.unshift(self)
    const outputs = tensorsIn(out).filter((t) => !this.refs.has(t) || t === self)
    if (inputs.length === 0 && outputs.length === 0) return
    if (outputs.length === 0 && !(out instanceof Tensor)) {
      if (out === null || SHAPE_QUERIES.has(name) || out instanceof PyTuple && out.kind === 'size') return
      if (inputs.length > 0 && (isScalar(out) || out instanceof PyList)) throw new TraceUnsound({ line: span.line, reason: `line ${span.line} turns a tensor's value into a Python value (${this.quote(span)})` })
      return
    }
    // creation from shapes and constants only: the same values every step (torch's generator is reseeded per run)
    if (CREATION.has(name) && self === null && (inputs.length === 0 || LIKE.has(name)) && out instanceof Tensor) return this.constant(out, span)
    for (const t of inputs) this.use(t, span)
    const x = self ?? (args[0] instanceof Tensor ? args[0] : null)
    const rest = self !== null ? args : args.slice(1)
    if (x === null) return this.markOpaque(out, span, `${name}()`)
    // in-place methods
    if (name.endsWith('_') && self !== null) return this.inplaceMethod(name, self, rest, kwargs, out, span)
    // views: the result shares the input's storage
    if (out instanceof Tensor && !this.refs.has(out) && out.storage === x.storage) {
      this.view(this.use(x, span), out, span)
      return
    }
    if (out instanceof Tensor && this.refs.has(out)) return // returned its input (contiguous(), float() of a float)
    const f = UNARY_FNS.get(name)
    if (f !== undefined && out instanceof Tensor && rest.length === 0) return this.unaryOp(name, x, out, span, f)
    if ((name === 'neg' || name === 'negative') && out instanceof Tensor) return this.unaryOp('neg', x, out, span, (v) => -v)
    if ((name === 'sum' || name === 'mean') && out instanceof Tensor) return this.reduce(name, x, self, fn, args, kwargs, out, span)
    if (name === 'max' && out instanceof PyTuple) return this.maxDim(x, this.intArg(rest, kwargs, 0, 'dim'), out, span)
    if (name === 'softmax' && out instanceof Tensor) return this.softmax(x, rest, kwargs, out, span)
    if (name === 'one_hot' && out instanceof Tensor) return this.oneHot(x, rest, kwargs, out, span)
    if ((name === 'clone' || name === 'contiguous' || name === 'float') && out instanceof Tensor) return this.copyNew(x, out, span)
    if ((name === 'matmul' || name === 'mm') && out instanceof Tensor && rest[0] instanceof Tensor) return this.matmul(x, rest[0], out, span)
    this.markOpaque(out, span, `${name}()`)
  }

  /** A tensor made from constants: its traced values are written into its buffer every step. */
  private constant(out: Tensor, span: A.Span): void {
    const o = this.fresh(out, span)
    const values = out.storage.slice()
    const zero = values.every((v) => v === 0)
    const buf = o.buf
    if (zero) this.push('zeros', span, () => buf.fill(0))
    else this.push('constant', span, () => buf.set(values))
  }

  private reduce(name: 'sum' | 'mean', x: Tensor, self: Tensor | null, fn: PyBuiltin, args: readonly PyValue[], kwargs: Kwargs, out: Tensor, span: A.Span): void {
    const op = TENSOR_OPS.get(name)!
    const b = self !== null ? bind(name, op.sig, args, kwargs, { self }) : bind(name, op.sig, args, kwargs)
    if (b.get(3) !== null) return this.markOpaque(out, span, `${name}(dtype=...)`)
    if (x.dtype !== 'float32') return this.markOpaque(out, span, `${name}() of an integer tensor`)
    const d = b.dims(1)
    const list = d === null ? [] : typeof d === 'number' ? [d] : d
    const dims = list.length === 0 ? [...Array(x.ndim).keys()] : list.map((v) => (v < 0 ? v + x.ndim : v))
    const kept = [...Array(x.ndim).keys()].filter((i) => !dims.includes(i))
    const order = [...kept, ...dims]
    const R = numel(dims.map((i) => x.shape[i]))
    const groups = numel(kept.map((i) => x.shape[i]))
    const r = this.use(x, span)
    const o = this.fresh(out, span)
    const buf = o.buf
    const src = r.buf
    const id = r.id
    const count = Math.fround(R)
    const mean = name === 'mean'
    // a (rows, cols) contiguous tensor summed over rows: column sums side by side, in the same order per column
    if (x.ndim === 2 && x.isContiguous && dims.length === 1 && dims[0] === 0) {
      const acc = new Float64Array(x.shape[1])
      const [rows, cols] = x.shape
      const mem = this.mem
      const po = buf instanceof Float32Array ? mem?.addr(buf) ?? -1 : -1
      const ps = src instanceof Float32Array ? mem?.addr(src) ?? -1 : -1
      const pacc = po >= 0 && ps >= 0 ? mem!.scratch64(cols) : -1
      if (mem !== null && pacc >= 0) {
        const div = BINARY_OPS['/']
        this.push(name, span, () => {
          mem.sumCols(po, ps + 4 * this.offs[id], rows, cols, pacc)
          if (mean) mem.binary(div, po, 1, cols, po, K.CONTIG, 0, 0, K.SCALAR, count)
        }, true)
        return
      }
      if (buf instanceof Float32Array && src instanceof Float32Array) {
        this.push(name, span, () => {
          K.sumColumns32(buf, rows, cols, src, this.offs[id], acc)
          if (mean) for (let i = 0; i < cols; i++) buf[i] = buf[i] / count
        })
        return
      }
      this.push(name, span, () => {
        K.sumColumns(buf, rows, cols, src, this.offs[id], acc)
        if (mean) for (let i = 0; i < cols; i++) buf[i] = buf[i] / count
      })
      return
    }
    const ordered = stridedOffsets(order.map((i) => x.shape[i]), order.map((i) => x.strides[i]), 0)
    let identity = true
    for (let i = 0; i < ordered.length; i++) if (ordered[i] !== i) identity = false
    const rel = identity ? null : ordered
    const mem = this.mem
    const po = rel === null && buf instanceof Float32Array ? mem?.addr(buf) ?? -1 : -1
    const ps = po >= 0 && src instanceof Float32Array ? mem?.addr(src) ?? -1 : -1
    if (mem !== null && ps >= 0) {
      const div = BINARY_OPS['/']
      this.push(name, span, () => {
        mem.sumRows(po, ps + 4 * this.offs[id], groups, R)
        if (mean) mem.binary(div, po, 1, groups, po, K.CONTIG, 0, 0, K.SCALAR, count)
      }, true)
      return
    }
    if (buf instanceof Float32Array && src instanceof Float32Array) {
      this.push(name, span, () => {
        K.sumGroups32(buf, groups, R, src, this.offs[id], rel)
        if (mean) for (let i = 0; i < groups; i++) buf[i] = buf[i] / count
      })
      return
    }
    this.push(name, span, () => {
      K.sumGroups(buf, groups, R, src, this.offs[id], rel)
      if (mean) for (let i = 0; i < groups; i++) buf[i] = buf[i] / count
    })
  }

  private maxDim(x: Tensor, dim: number | null, out: PyTuple, span: A.Span): void {
    const [values, indices] = out.items
    if (!(values instanceof Tensor) || !(indices instanceof Tensor) || x.ndim === 0 || dim === null || x.dtype !== 'float32')
      return this.markOpaque(out, span, 'this form of max()')
    const d = dim < 0 ? dim + x.ndim : dim
    const kept = [...Array(x.ndim).keys()].filter((i) => i !== d)
    const order = [...kept, d]
    const rel = stridedOffsets(order.map((i) => x.shape[i]), order.map((i) => x.strides[i]), 0)
    const R = x.shape[d]
    const groups = numel(kept.map((i) => x.shape[i]))
    const r = this.use(x, span)
    const vo = this.fresh(values, span).buf
    const io = this.fresh(indices, span).buf
    const id = r.id
    this.push('max', span, () => K.maxGroups(vo, io, groups, R, r.buf, this.offs[id], rel))
  }

  private intArg(args: readonly PyValue[], kwargs: Kwargs, pos: number, name: string): number | null {
    const v = kwargs.has(name) ? kwargs.get(name)! : args[pos]
    if (typeof v === 'bigint') return Number(v)
    return null
  }

  private softmax(x: Tensor, rest: readonly PyValue[], kwargs: Kwargs, out: Tensor, span: A.Span): void {
    const dim = this.intArg(rest, kwargs, 0, 'dim')
    if (dim === null || (kwargs.get('dtype') ?? rest[1] ?? null) !== null || x.dtype !== 'float32' || x.ndim === 0) return this.markOpaque(out, span, 'softmax()')
    const d = dim < 0 ? dim + x.ndim : dim
    const len = x.shape[d]
    const inner = numel(x.shape.slice(d + 1))
    const outer = numel(x.shape.slice(0, d))
    const A = this.operand(x, x.shape, 'float32', span)
    const o = this.fresh(out, span)
    const id = A.ref!.id
    const buf = o.buf
    const n = x.numel
    const mem = this.mem
    const src = A.op.data
    if (mem !== null && inner === 1 && len > 0 && A.op.rel === null && !A.op.fround && src instanceof Float32Array && buf instanceof Float32Array) {
      const pa = mem.addr(src)
      const po = mem.addr(buf)
      if (pa >= 0 && po >= 0) {
        this.push('softmax', span, () => mem.softmaxRows(po, pa + 4 * this.offs[id], outer, len), true)
        return
      }
    }
    const tmp = A.op.rel === null ? null : new Float32Array(n)
    this.push('softmax', span, () => {
      const off = this.offs[id]
      if (tmp === null) K.softmax(A.op.data!, off, buf, outer, len, inner)
      else {
        const src = A.op.data!
        const rel = A.op.rel!
        for (let i = 0; i < n; i++) tmp[i] = src[off + rel[i]]
        K.softmax(tmp, 0, buf, outer, len, inner)
      }
    })
  }

  private oneHot(x: Tensor, rest: readonly PyValue[], kwargs: Kwargs, out: Tensor, span: A.Span): void {
    const C = this.intArg(rest, kwargs, 0, 'num_classes')
    if (C === null || C < 0 || x.dtype !== 'int64') return this.markOpaque(out, span, 'one_hot() without num_classes (its size would come from the data)')
    const A = this.operand(x, x.shape, 'int64', span)
    const o = this.fresh(out, span)
    const id = A.ref!.id
    const buf = o.buf
    const n = x.numel
    this.push('one_hot', span, () => {
      const src = A.op.data!
      const off = this.offs[id]
      const rel = A.op.rel
      buf.fill(0)
      for (let i = 0; i < n; i++) {
        const v = src[off + (rel === null ? i : rel[i])]
        if (v < 0) throw new ReplayIndexError('Class values must be non-negative.')
        if (v >= C) throw new ReplayIndexError('Class values must be smaller than num_classes.')
        buf[i * C + v] = 1
      }
    })
  }

  /** clone(), contiguous() of a strided tensor, float() of an int tensor: a copy (cast to the result's dtype). */
  private copyNew(x: Tensor, out: Tensor, span: A.Span): void {
    if (!sameShape(x.shape, out.shape)) return this.markOpaque(out, span, 'a copy that changes shape')
    const A = this.operand(x, x.shape, x.dtype, span)
    const o = this.fresh(out, span)
    const id = A.ref!.id
    const buf = o.buf
    const n = x.numel
    const dtype = out.dtype
    const round = dtype === 'float32' && x.dtype !== 'float32'
    if (dtype !== 'float32' && dtype !== x.dtype) return this.markOpaque(out, span, 'a dtype conversion')
    this.push('copy', span, () => {
      const src = A.op.data!
      const off = this.offs[id]
      const rel = A.op.rel
      if (rel === null && !round) for (let i = 0; i < n; i++) buf[i] = src[off + i]
      else for (let i = 0; i < n; i++) buf[i] = round ? Math.fround(src[off + (rel === null ? i : rel[i])]) : src[off + rel![i]]
    })
  }

  // *** in place ***

  /** Writes `value` (a tensor broadcast, or a scalar) into the view `dst`, cast to its dtype (copy_ and fill_). */
  /** Writing into an input (a parameter, the batch) would change it again at each replay: not compiled. */
  private writable(dst: Ref, span: A.Span): void {
    if (this.inputBufs.has(dst.buf)) throw this.unsupported(span, 'an in-place change of a parameter or of the batch')
  }

  private writeInto(dst: Ref, dstT: Tensor, value: Tensor | Scalar, span: A.Span): void {
    this.writable(dst, span)
    const n = dstT.numel
    const rel = dstT.isContiguous ? null : stridedOffsets(dstT.shape, dstT.strides, 0)
    const dtype = dstT.dtype
    if (!(value instanceof Tensor)) {
      const v = cast(scalarValue(value), dtype)
      const buf = dst.buf
      const id = dst.id
      this.push('fill', span, () => {
        const off = this.offs[id]
        if (rel === null) buf.fill(v, off, off + n)
        else for (let i = 0; i < n; i++) buf[off + rel[i]] = v
      })
      return
    }
    const src = this.use(value, span)
    // the same view written onto itself (dC[ix] += ... writes dC[ix] back): nothing to do
    if (src.buf === dst.buf && sameShape(value.shape, dstT.shape) && value.strides.join() === dstT.strides.join() && this.sameOffset(src, dst)) return
    const srel = stridedOffsets(dstT.shape, broadcastStrides(value.shape, value.strides, dstT.shape), 0)
    const tmp = src.buf === dst.buf ? new Float64Array(n) : null
    const sb = src.buf
    const db = dst.buf
    const sid = src.id
    const did = dst.id
    this.push('copy_', span, () => {
      const so = this.offs[sid]
      const d0 = this.offs[did]
      if (tmp !== null) {
        for (let i = 0; i < n; i++) tmp[i] = sb[so + srel[i]]
        for (let i = 0; i < n; i++) db[d0 + (rel === null ? i : rel[i])] = cast(tmp[i], dtype)
      } else for (let i = 0; i < n; i++) db[d0 + (rel === null ? i : rel[i])] = cast(sb[so + srel[i]], dtype)
    })
  }

  /** Whether two refs always sit at the same offset: both static and equal, or made by identical view steps. */
  private sameOffset(a: Ref, b: Ref): boolean {
    if (a === b) return true
    if (!a.dynamic && !b.dynamic) return a.offset === b.offset
    const ka = this.viewKeys.get(a.id)
    const kb = this.viewKeys.get(b.id)
    return ka !== undefined && ka === kb
  }

  private readonly viewKeys = new Map<number, string>()

  /** t op= value (augmented assignment): the engine computes t op value, then copies it into t. */
  private inplace(op: string, t: Tensor, value: PyValue, span: A.Span): void {
    if (op !== '+' && op !== '-' && op !== '*' && op !== '/') throw this.unsupported(span, `${op}= on a tensor`)
    if (!(value instanceof Tensor) && !isScalar(value)) throw this.unsupported(span, `${op}= with a ${typeof value}`)
    if (t.dtype !== 'float32') throw this.unsupported(span, `${op}= on an integer tensor`)
    const dst = this.use(t, span)
    this.writable(dst, span)
    const shape = t.shape
    const A = this.operand(t, shape, 'float32', span)
    const B = this.operand(value, shape, 'float32', span)
    const n = t.numel
    const overlap = value instanceof Tensor && B.ref!.buf === dst.buf
    const contiguous = t.isContiguous
    const tmp = overlap || !contiguous ? new Float32Array(n) : null
    const rel = contiguous ? null : stridedOffsets(t.shape, t.strides, 0)
    const ib = B.ref?.id ?? -1
    const id = dst.id
    const buf = dst.buf
    if (tmp === null) {
      const mem = this.mem
      const plan = mem !== null && buf instanceof Float32Array ? K.plan32(buf.length === n ? buf : buf.subarray(0, n), A.op, B.op, shape) : null
      const pd = buf instanceof Float32Array ? mem?.addr(buf) ?? -1 : -1
      const bd = B.op.data
      const pb = bd === null ? 0 : bd instanceof Float32Array ? mem?.addr(bd) ?? -1 : -1
      if (mem !== null && plan !== null && pd >= 0 && pb >= 0) {
        const code = BINARY_OPS[op]
        const { rows, len, mb } = plan
        const bs = B.op.scalar
        this.push(`${op}=`, span, () => {
          const at = pd + 4 * this.offs[id]
          mem.binary(code, at, rows, len, at, K.CONTIG, 0, pb + 4 * (ib < 0 ? 0 : this.offs[ib]), mb, bs)
        }, true)
        return
      }
      this.push(`${op}=`, span, () => K.inplace(op, buf, this.offs[id], n, B.op, ib < 0 ? 0 : this.offs[ib]))
      return
    }
    const t32 = tmp
    this.push(`${op}=`, span, () => {
      const off = this.offs[id]
      K.binary(op, t32, n, A.op, off, B.op, ib < 0 ? 0 : this.offs[ib], false)
      if (rel === null) for (let i = 0; i < n; i++) buf[off + i] = t32[i]
      else for (let i = 0; i < n; i++) buf[off + rel[i]] = t32[i]
    })
  }

  private inplaceMethod(name: string, t: Tensor, rest: readonly PyValue[], kwargs: Kwargs, out: PyValue, span: A.Span): void {
    const dst = this.use(t, span)
    if (name === 'zero_') return this.writeInto(dst, t, 0, span)
    if (name === 'fill_' && isScalar(rest[0])) return this.writeInto(dst, t, rest[0], span)
    if (name === 'copy_' && rest[0] instanceof Tensor) return this.writeInto(dst, t, rest[0], span)
    if (name === 'index_add_') return this.indexAdd(dst, t, rest, kwargs, span)
    void out
    throw this.unsupported(span, `${name}()`)
  }

  private indexAdd(dst: Ref, t: Tensor, rest: readonly PyValue[], kwargs: Kwargs, span: A.Span): void {
    const dimV = kwargs.get('dim') ?? rest[0]
    const index = kwargs.get('index') ?? rest[1]
    const source = kwargs.get('source') ?? rest[2]
    const alphaV = kwargs.get('alpha') ?? rest[3] ?? 1n
    if (typeof dimV !== 'bigint' || !(index instanceof Tensor) || !(source instanceof Tensor) || !isScalar(alphaV) || t.dtype !== 'float32')
      throw this.unsupported(span, 'this form of index_add_()')
    this.writable(dst, span)
    const d = Number(dimV) < 0 ? Number(dimV) + t.ndim : Number(dimV)
    const alpha = scalarValue(alphaV)
    const ir = this.use(index, span)
    const sr = this.use(source, span)
    if (index.ndim !== 1 || source.ndim !== t.ndim || source.dtype !== 'float32' || index.dtype !== 'int64') throw this.unsupported(span, 'this form of index_add_()')
    const n = index.numel
    const size = t.shape[d]
    // slice d of t at k: offsets relative to k * stride; slice d of source at i likewise
    const sliceShape = t.shape.filter((_, i) => i !== d)
    const drel = stridedOffsets(sliceShape, t.strides.filter((_, i) => i !== d), 0)
    const srel = stridedOffsets(sliceShape, source.strides.filter((_, i) => i !== d), 0)
    if (!sameShape(source.shape.filter((_, i) => i !== d), sliceShape)) throw this.unsupported(span, 'index_add_() with broadcasting')
    const dstride = t.strides[d]
    const sstride = source.strides[d]
    const istride = index.strides[0]
    const m = drel.length
    const db = dst.buf
    const sb = sr.buf
    const ib = ir.buf
    this.push('index_add_', span, () => {
      const d0 = this.offs[dst.id]
      const s0 = this.offs[sr.id]
      const i0 = this.offs[ir.id]
      for (let i = 0; i < n; i++) {
        const k = ib[i0 + i * istride]
        if (k < 0 || k >= size) throw new ReplayIndexError('index out of range in self')
        const dk = d0 + k * dstride
        const si = s0 + i * sstride
        for (let j = 0; j < m; j++) db[dk + drel[j]] = Math.fround(db[dk + drel[j]] + alpha * sb[si + srel[j]])
      }
    })
  }

  // *** indexing ***

  private indexItems(index: PyValue, span: A.Span): IndexKind[] {
    const items = index instanceof PyTuple ? index.items : [index]
    return items.map((v): IndexKind => {
      if (typeof v === 'bigint') return { kind: 'int', value: Number(v) }
      if (v instanceof PySlice) {
        for (const b of [v.start, v.stop, v.step]) if (b !== null && typeof b !== 'bigint') return { kind: 'other' }
        return { kind: 'slice' }
      }
      if (v instanceof Tensor) {
        if (v.ndim === 0 && v.dtype === 'int64') return { kind: 'dyn', ref: this.use(v, span) }
        if (v.dtype === 'int64') return { kind: 'adv', ref: this.use(v, span), values: null, shape: v.shape }
        return { kind: 'other' }
      }
      if (v instanceof PyRange) {
        const n = Number(v.length)
        const values = new Float64Array(n)
        for (let i = 0; i < n; i++) values[i] = Number(v.at(BigInt(i)))
        return { kind: 'adv', ref: null, values, shape: [n] }
      }
      if (v instanceof PyList && v.items.every((x) => typeof x === 'bigint')) {
        const values = Float64Array.from(v.items as bigint[], (x) => Number(x))
        return { kind: 'adv', ref: null, values, shape: [values.length] }
      }
      void ELLIPSIS
      return { kind: 'other' }
    })
  }

  /** The view a basic index (ints, slices, data-dependent ints) makes of `t`. */
  private basicView(t: Tensor, items: IndexKind[], view: Tensor, span: A.Span): Ref {
    const parent = this.use(t, span)
    const terms: { ref: Ref; stride: number; size: number; traced: number }[] = []
    items.forEach((it, dim) => {
      if (it.kind !== 'dyn') return
      const size = t.shape[dim]
      let traced = it.ref.buf[this.offs[it.ref.id]]
      if (traced < 0) traced += size
      terms.push({ ref: it.ref, stride: t.strides[dim], size, traced })
    })
    const ref = this.view(parent, view, span, terms)
    if (ref.dynamic) {
      const key = `${parent.id}|${view.offset - parent.offset}|${terms.map((x) => `${x.ref.id}*${x.stride}`).join(',')}|${view.shape.join()}`
      this.viewKeys.set(ref.id, key)
    }
    return ref
  }

  private getItem(t: Tensor, index: PyValue, out: PyValue, span: A.Span): void {
    if (!(out instanceof Tensor) || this.refs.has(out)) return
    const items = this.indexItems(index, span)
    if (items.every((i) => i.kind === 'int' || i.kind === 'slice' || i.kind === 'dyn')) {
      if (out.storage !== t.storage) return this.markOpaque(out, span, 'this index')
      this.basicView(t, items, out, span)
      return
    }
    if (items.every((i) => i.kind === 'adv') && items.length <= t.ndim) return this.gather(t, items as Extract<IndexKind, { kind: 'adv' }>[], out, span)
    this.markOpaque(out, span, 'this kind of index')
  }

  /** Offsets an advanced index (index tensors on the leading dims) reads or writes, rebuilt at replay for data. */
  private advancedPlan(t: Tensor, items: Extract<IndexKind, { kind: 'adv' }>[], span: A.Span) {
    const B = broadcastAll(items.map((i) => i.shape))
    const nb = numel(B)
    const restDims = [...Array(t.ndim).keys()].slice(items.length)
    const inner = stridedOffsets(restDims.map((d) => t.shape[d]), restDims.map((d) => t.strides[d]), 0)
    const reads = items.map((it, dim) => {
      const contiguous = it.shape.map((_, d) => numel(it.shape.slice(d + 1)))
      const strides = it.ref === null ? contiguous : it.ref.strides
      return {
        ref: it.ref,
        values: it.values,
        rel: stridedOffsets(B, broadcastStrides(it.shape, strides, B), 0),
        size: t.shape[dim],
        stride: t.strides[dim]
      }
    })
    void span
    const base = new Int32Array(nb)
    const fill = (): void => {
      base.fill(0)
      for (const r of reads) {
        const src = r.ref === null ? r.values! : r.ref.buf
        const off = r.ref === null ? 0 : this.offs[r.ref.id]
        for (let i = 0; i < nb; i++) {
          let k = src[off + r.rel[i]]
          if (k < -r.size || k >= r.size) throw new ReplayIndexError(`index ${k} is out of bounds for dimension with size ${r.size}`)
          if (k < 0) k += r.size
          base[i] += k * r.stride
        }
      }
    }
    return { B, nb, inner, base, fill, shape: [...B, ...restDims.map((d) => t.shape[d])] }
  }

  private gather(t: Tensor, items: Extract<IndexKind, { kind: 'adv' }>[], out: Tensor, span: A.Span): void {
    const p = this.advancedPlan(t, items, span)
    if (!sameShape(p.shape, out.shape)) throw this.unsupported(span, 'an index whose result the compiler did not expect')
    const src = this.use(t, span)
    const o = this.fresh(out, span)
    const buf = o.buf
    const ni = p.inner.length
    const sb = src.buf
    const id = src.id
    this.push('gather', span, () => {
      p.fill()
      const off = this.offs[id]
      for (let b = 0, k = 0; b < p.nb; b++) {
        const at = off + p.base[b]
        for (let j = 0; j < ni; j++) buf[k++] = sb[at + p.inner[j]]
      }
    })
  }

  private setItem(t: Tensor, index: PyValue, value: PyValue, span: A.Span): void {
    if (!(value instanceof Tensor) && !isScalar(value)) throw this.unsupported(span, 'an assignment of a list into a tensor')
    const items = this.indexItems(index, span)
    if (items.every((i) => i.kind === 'int' || i.kind === 'slice' || i.kind === 'dyn')) {
      // the view the assignment writes: rebuilt here as the engine does (the same layout as getitem's)
      const view = this.shadowView(t, index)
      if (view === null) throw this.unsupported(span, 'this assignment')
      const ref = this.basicView(t, items, view, span)
      return this.writeInto(ref, view, value, span)
    }
    if (items.every((i) => i.kind === 'adv') && items.length <= t.ndim) return this.put(t, items as Extract<IndexKind, { kind: 'adv' }>[], value, span)
    throw this.unsupported(span, 'this kind of index in an assignment')
  }

  /** t[index] as a view, made without telling anyone (the setitem already happened). */
  private shadowView(t: Tensor, index: PyValue): Tensor | null {
    const items = index instanceof PyTuple ? index.items : [index]
    let shape = [...t.shape]
    const strides = [...t.strides]
    let offset = t.offset
    let dim = 0
    for (const v of items) {
      const k = typeof v === 'bigint' ? Number(v) : v instanceof Tensor ? v.storage[v.offset] : null
      if (k !== null) {
        const size = shape[dim]
        const at = k < 0 ? k + size : k
        offset += at * strides[dim]
        shape.splice(dim, 1)
        strides.splice(dim, 1)
      } else if (v instanceof PySlice) {
        const size = shape[dim]
        const step = v.step === null ? 1 : Number(v.step as bigint)
        if (step <= 0) return null
        const clamp = (x: PyValue, dflt: number) => {
          if (x === null) return dflt
          let n = Number(x as bigint)
          if (n < 0) n += size
          return Math.min(Math.max(n, 0), size)
        }
        const start = clamp(v.start, 0)
        const stop = Math.max(clamp(v.stop, size), start)
        offset += start * strides[dim]
        shape[dim] = Math.ceil((stop - start) / step)
        strides[dim] *= step
        dim++
      } else return null
    }
    shape = shape.slice()
    return t.withLayout(shape, strides, offset)
  }

  private put(t: Tensor, items: Extract<IndexKind, { kind: 'adv' }>[], value: Tensor | Scalar, span: A.Span): void {
    const p = this.advancedPlan(t, items, span)
    const dst = this.use(t, span)
    this.writable(dst, span)
    const dtype = t.dtype
    const ni = p.inner.length
    const db = dst.buf
    const id = dst.id
    if (!(value instanceof Tensor)) {
      const v = cast(scalarValue(value), dtype)
      this.push('index_put', span, () => {
        p.fill()
        const off = this.offs[id]
        for (let b = 0; b < p.nb; b++) {
          const at = off + p.base[b]
          for (let j = 0; j < ni; j++) db[at + p.inner[j]] = v
        }
      })
      return
    }
    const src = this.use(value, span)
    const vrel = stridedOffsets(p.shape, broadcastStrides(value.shape, value.strides, p.shape), 0)
    const n = vrel.length
    const vals = new Float64Array(n)
    const sb = src.buf
    const sid = src.id
    this.push('index_put', span, () => {
      p.fill()
      const so = this.offs[sid]
      for (let i = 0; i < n; i++) vals[i] = sb[so + vrel[i]]
      const off = this.offs[id]
      for (let b = 0, k = 0; b < p.nb; b++) {
        const at = off + p.base[b]
        for (let j = 0; j < ni; j++, k++) db[at + p.inner[j]] = cast(vals[k], dtype)
      }
    })
  }
}

// The Tensor: a strided view over shared storage, plus the autograd fields. Ops live in their own files.

import { allocate, cast, maxElements, SizeLimitError, type DType, type Storage } from './dtype'
import { runtimeError } from './errors'
import { contiguousStrides, numel, type Shape } from './shape'

/** One recorded op: its inputs and the closure that maps the output's gradient to each input's gradient. */
export interface GradNode {
  readonly op: string
  readonly inputs: readonly (Tensor | null)[]
  /** (gradient w.r.t. the output) -> gradient w.r.t. each input, shaped like the output or like the input */
  readonly backward: (grad: Tensor) => (Tensor | null)[]
}

let nextId = 1

/**
 * Watches tensor data becoming Python values (.item(), bool(t), int(t), tolist()): the learner-code compiler sets
 * it while tracing, since a value read out of a tensor that steers Python makes a trace unsound. `deciding` is true
 * when the value decides control flow (truthiness).
 */
export const dataReads: { hook: ((t: Tensor, deciding: boolean) => void) | null } = { hook: null }

export class Tensor {
  readonly id = nextId++
  /** Whether autograd tracks this tensor. */
  requiresGrad = false
  /** Gradient of the loss w.r.t. this tensor, filled by backward() for leaves and retain_grad() tensors. */
  grad: Tensor | null = null
  /** The op that made this tensor (null for leaves). */
  gradFn: GradNode | null = null
  retainsGrad = false

  constructor(
    readonly storage: Storage,
    readonly shape: readonly number[],
    readonly strides: readonly number[],
    readonly offset: number,
    readonly dtype: DType
  ) {}

  /** A fresh contiguous tensor of zeros. */
  static zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
    return new Tensor(allocate(dtype, numel(shape)), [...shape], contiguousStrides(shape), 0, dtype)
  }

  /** A contiguous tensor over `data` (taken, not copied). */
  static fromStorage(data: Storage, shape: Shape, dtype: DType): Tensor {
    if (data.length !== numel(shape)) throw runtimeError(`storage of ${data.length} elements for shape [${shape}]`)
    return new Tensor(data, [...shape], contiguousStrides(shape), 0, dtype)
  }

  /** A contiguous tensor with `values` rounded to dtype. */
  static fromValues(values: ArrayLike<number>, shape: Shape, dtype: DType = 'float32'): Tensor {
    const t = Tensor.zeros(shape, dtype)
    const d = t.storage
    for (let i = 0; i < d.length; i++) d[i] = cast(values[i], dtype)
    return t
  }

  get ndim(): number {
    return this.shape.length
  }

  get numel(): number {
    return numel(this.shape)
  }

  get isLeaf(): boolean {
    return this.gradFn === null
  }

  /** Row-major with no gaps (the offset may be anything). */
  get isContiguous(): boolean {
    let s = 1
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this.strides[i] !== s) return false
      s *= this.shape[i]
    }
    return true
  }

  /** The storage offset of every element in row-major order. */
  offsets(): Int32Array {
    return stridedOffsets(this.shape, this.strides, this.offset)
  }

  /** The elements in row-major order as a fresh array of the storage type. */
  toArray(): Storage {
    const n = this.numel
    const out = allocate(this.dtype, n)
    if (this.isContiguous) {
      out.set(this.storage.subarray(this.offset, this.offset + n))
      return out
    }
    const offs = this.offsets()
    const d = this.storage
    for (let i = 0; i < n; i++) out[i] = d[offs[i]]
    return out
  }

  /** The elements in row-major order, read-only: the storage itself when contiguous, else a copy. */
  values(): Storage {
    const n = this.numel
    if (this.isContiguous) {
      return this.offset === 0 && this.storage.length === n
        ? this.storage
        : this.storage.subarray(this.offset, this.offset + n)
    }
    return this.toArray()
  }

  /** The value of a one-element tensor. */
  item(deciding = false): number {
    if (dataReads.hook !== null) dataReads.hook(this, deciding)
    if (this.numel !== 1)
      throw runtimeError(`a Tensor with ${this.numel} elements cannot be converted to Scalar`)
    return this.storage[this.offset]
  }

  /** Nested arrays of numbers (bools as 0/1), like tolist(). */
  toNested(): unknown {
    if (dataReads.hook !== null) dataReads.hook(this, false)
    const flat = this.values()
    let pos = 0
    const build = (dim: number): unknown => {
      if (dim === this.shape.length) return flat[pos++]
      const out: unknown[] = []
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1))
      return out
    }
    return build(0)
  }

  /** A new tensor object over the same storage (for views); no autograd history. */
  withLayout(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    return new Tensor(this.storage, shape, strides, offset, this.dtype)
  }
}

/** Storage offsets of every element of a strided layout, in row-major order. */
export function stridedOffsets(shape: Shape, strides: readonly number[], offset: number): Int32Array {
  const n = numel(shape)
  // an expanded view has no storage to bound it: walking it is bounded like making it
  if (n > maxElements) throw new SizeLimitError(n)
  const out = new Int32Array(n)
  const nd = shape.length
  if (n === 0) return out
  if (nd === 0) {
    out[0] = offset
    return out
  }
  const last = nd - 1
  const lastSize = shape[last]
  const lastStride = strides[last]
  const idx = new Array<number>(nd).fill(0)
  let base = offset
  let k = 0
  while (k < n) {
    for (let j = 0; j < lastSize; j++) out[k++] = base + j * lastStride
    let d = last - 1
    while (d >= 0) {
      idx[d]++
      base += strides[d]
      if (idx[d] < shape[d]) break
      base -= strides[d] * shape[d]
      idx[d] = 0
      d--
    }
    if (d < 0) break
  }
  return out
}

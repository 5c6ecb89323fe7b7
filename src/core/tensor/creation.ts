// Tensor factories: zeros, ones, full, arange, eye, and tensor() from nested lists.

import { cast, int64Exact, int64Number, int64RangeError, intRange, isIntegral, isNarrowInt, maxElements, SizeLimitError, wrapInt, type DType } from './dtype'
import { runtimeError, typeError, valueError } from './errors'
import { numel, type Shape } from './shape'
import { Tensor } from './tensor'

export { maxElements, setMaxElements, SizeLimitError } from './dtype'

/** Throws when a tensor of this shape is too large to make here. */
export function checkSize(shape: Shape): void {
  for (const s of shape)
    if (!Number.isInteger(s) || s < 0)
      throw runtimeError(`Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`)
  const n = numel(shape)
  if (n > maxElements) throw new SizeLimitError(n)
}

export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  checkSize(shape)
  return Tensor.zeros(shape, dtype)
}

export function full(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  checkSize(shape)
  const t = Tensor.zeros(shape, dtype)
  t.storage.fill(cast(value, dtype))
  return t
}

export function ones(shape: Shape, dtype: DType = 'float32'): Tensor {
  return full(shape, 1, dtype)
}

/** arange(start, end, step): int64 when all are ints, else float32, as torch.arange. */
export function arange(start: number, end: number, step: number, dtype: DType): Tensor {
  if (step === 0) throw runtimeError('step must be nonzero')
  if ((end - start) / step < 0 && end !== start)
    throw runtimeError('upper bound and larger bound inconsistent with step sign')
  const n = Math.max(Math.ceil((end - start) / step), 0)
  // an int dtype takes start and step as ints (PyTorch converts them to int64 first), the length from the floats
  if (isIntegral(dtype)) {
    if (Math.trunc(step) === 0) throw runtimeError('step must be nonzero')
    start = Math.trunc(start)
    step = Math.trunc(step)
  }
  checkSize([n])
  const t = Tensor.zeros([n], dtype)
  // an int range in a narrow int wraps past its end (as PyTorch's int64 loop stored into int32)
  const wrap = isNarrowInt(dtype) && Number.isInteger(start) && Number.isInteger(step) ? dtype : null
  for (let i = 0; i < n; i++) t.storage[i] = wrap !== null ? wrapInt(start + i * step, wrap) : cast(start + i * step, dtype)
  return t
}

export function eye(n: number, m: number = n, dtype: DType = 'float32'): Tensor {
  checkSize([n, m])
  const t = Tensor.zeros([n, m], dtype)
  for (let i = 0; i < Math.min(n, m); i++) t.storage[i * m + i] = 1
  return t
}

/** A nested-list element: numbers are floats, bigints ints, booleans bools; tensors of one element are allowed. */
export type NestedData = number | bigint | boolean | Tensor | readonly NestedData[]

/** torch.tensor(data): infers shape and dtype (bool < int64 < float32) from nested lists. */
export function tensorFrom(data: NestedData, dtype?: DType): Tensor {
  const shape: number[] = []
  let probe: NestedData = data
  while (Array.isArray(probe)) {
    shape.push(probe.length)
    if (probe.length === 0) break
    probe = probe[0]
  }
  const listDepth = shape.length
  if (probe instanceof Tensor) shape.push(...probe.shape)
  checkSize(shape)
  const flat: number[] = []
  let kind = 0
  let unsafe: bigint | null = null
  const ints: bigint[] = []
  const walk = (x: NestedData, depth: number): void => {
    if (Array.isArray(x)) {
      if (depth >= listDepth || x.length !== shape[depth])
        throw valueError(`expected sequence of length ${shape[depth] ?? 0} at dim ${depth} (got ${x.length})`)
      for (const y of x) walk(y, depth + 1)
      return
    }
    if (depth < listDepth) throw valueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got a scalar)`)
    if (x instanceof Tensor) {
      if (x.ndim !== shape.length - listDepth) throw valueError('only one element tensors can be converted to Python scalars')
      for (const v of x.values()) flat.push(v)
      kind = Math.max(kind, x.dtype === 'float32' ? 2 : x.dtype === 'bool' ? 0 : 1)
    } else if (typeof x === 'boolean') flat.push(x ? 1 : 0)
    else if (typeof x === 'bigint') {
      const v = int64Number(x)
      ints.push(x)
      if (!int64Exact(v) && unsafe === null) unsafe = x
      flat.push(v)
      kind = Math.max(kind, 1)
    } else if (typeof x === 'number') {
      flat.push(x)
      kind = 2
    } else throw typeError(`Could not infer dtype of ${typeof x}`)
  }
  walk(data, 0)
  // with no elements there is nothing to infer from: torch.tensor([]) is float32
  const dt = dtype ?? (kind === 2 || flat.length === 0 ? 'float32' : kind === 1 ? 'int64' : 'bool')
  // a Python int past ±2^53 would round in the Float64Array: refused, never silently wrong
  if (dt === 'int64' && unsafe !== null) throw int64RangeError(String(unsafe))
  if (isNarrowInt(dt)) {
    const [lo, hi] = intRange(dt)
    for (const x of ints)
      if (x < BigInt(lo) || x > BigInt(hi)) throw runtimeError(`value cannot be converted to type ${dt} without overflow`)
  }
  return Tensor.fromValues(flat, shape, dt)
}

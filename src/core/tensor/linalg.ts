// Matrix products: matmul with PyTorch's 1-D/2-D/batched rules, and the mm kernel beneath it.

import { needsGrad, record } from './autograd'
import { chargeWork, checkInt64, isNarrowInt, promote, scalarTypeName, type DType, type Storage } from './dtype'
import { runtimeError } from './errors'
import { broadcastShapes, numel } from './shape'
import { Tensor } from './tensor'
import { expand, reshape, squeeze, t, unsqueeze, contiguous } from './views'
import { sumToShape } from './grouped-sum'

/**
 * The (n, k) · (k, m) -> (n, m) kernel over contiguous rows, accumulating each output in double precision and
 * rounding once (PyTorch's sgemm accumulates in float32 in a blocked order: the two agree to a few ulp).
 */
export function mmKernel(a: Float64Array, b: Float64Array, out: Float32Array | Float64Array, n: number, k: number, m: number, acc: Float64Array): void {
  for (let i = 0; i < n; i++) {
    acc.fill(0, 0, m)
    const ai = i * k
    for (let p = 0; p < k; p++) {
      const av = a[ai + p]
      if (av === 0) continue
      const bp = p * m
      for (let j = 0; j < m; j++) acc[j] += av * b[bp + j]
    }
    const oi = i * m
    for (let j = 0; j < m; j++) out[oi + j] = acc[j]
  }
}

/** mmKernel for int32, int16 and int8: products and sums wrap modulo 2^32, then the store to the width's. */
function mmWrapping(a: Float64Array, b: Float64Array, out: Storage, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let acc = 0
      for (let p = 0; p < k; p++) acc = (acc + Math.imul(a[i * k + p], b[p * m + j])) | 0
      out[i * m + j] = acc
    }
}

/** mm(a, b) for 2-D tensors: (n, k) · (k, m) -> (n, m). */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw runtimeError(`self must be a matrix`)
  if (b.ndim !== 2) throw runtimeError(`mat2 must be a matrix`)
  if (a.dtype !== b.dtype)
    throw runtimeError(`expected scalar type ${longName(a.dtype)} but found ${longName(b.dtype)}`)
  const [n, k] = a.shape
  const [k2, m] = b.shape
  if (k !== k2)
    throw runtimeError(
      `mat1 and mat2 shapes cannot be multiplied (${n}x${k} and ${k2}x${m})`
    )
  const dtype = promote(a.dtype, b.dtype) === 'bool' ? 'int64' : a.dtype
  // charged before anything is computed: a product past the work budget never runs
  chargeWork(n * k * m, `a matrix product of (${n}, ${k}) and (${k}, ${m})`)
  const out = Tensor.zeros([n, m], dtype)
  // the kernel reads doubles only: one array type keeps its inner loop fast (and the copy is O(n·k + k·m))
  const av = Float64Array.from(contiguous(a).values())
  const bv = Float64Array.from(contiguous(b).values())
  if (isNarrowInt(dtype)) mmWrapping(av, bv, out.storage, n, k, m)
  else mmKernel(av, bv, out.storage as Float32Array, n, k, m, new Float64Array(m))
  if (dtype === 'int64') checkInt64(out.storage, out.storage.length)
  if (needsGrad(a, b)) record(out, 'mm', [a, b], (g) => [mm(g, t(b)), mm(t(a), g)])
  return out
}

function longName(d: DType): string {
  return scalarTypeName(d)
}

/** a @ b with PyTorch's rules: dot, matrix-vector, matrix-matrix, and batched with broadcast batch dims. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0)
    throw runtimeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`)
  if (a.ndim === 1 && b.ndim === 1) {
    if (a.shape[0] !== b.shape[0])
      throw runtimeError(
        `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`
      )
    return reshape(mm(unsqueeze(a, 0), unsqueeze(b, 1)), [])
  }
  if (a.ndim === 2 && b.ndim === 2) return mmChecked(a, b)
  if (a.ndim === 1 && b.ndim === 2) return squeeze(mmChecked(unsqueeze(a, 0), b), 0)
  if (a.ndim === 2 && b.ndim === 1) {
    if (a.shape[1] !== b.shape[0]) throw mvMismatch(a.shape[0], a.shape[1], b.shape[0])
    return squeeze(mmChecked(a, unsqueeze(b, 1)), 1)
  }
  if (a.ndim >= 3 && b.ndim <= 2) checkFolded(a, b)
  if (b.ndim >= 3 && a.ndim <= 2) checkFolded(transposeLast(b), a.ndim === 2 ? transposeLast(a) : a)
  // batched: broadcast the batch dims, then one mm per batch
  const a2 = a.ndim === 1 ? unsqueeze(a, 0) : a
  const b2 = b.ndim === 1 ? unsqueeze(b, 1) : b
  const [n, k] = a2.shape.slice(-2)
  const [k2, m] = b2.shape.slice(-2)
  const batch = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2))
  if (k !== k2)
    throw runtimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${numel(batch)}, ${k}] but got: [${numel(batch)}, ${k2}].`
    )
  chargeWork(numel(batch) * n * k * m, `a batched matrix product of ${numel(batch)} (${n}, ${k}) and (${k}, ${m}) matrices`)
  const ae = contiguous(expand(a2, [...batch, n, k]))
  const be = contiguous(expand(b2, [...batch, k, m]))
  const nb = numel(batch)
  const out = Tensor.zeros([...batch, n, m], a.dtype)
  const av = Float64Array.from(ae.values())
  const bv = Float64Array.from(be.values())
  const acc = new Float64Array(m)
  for (let i = 0; i < nb; i++)
    mmKernel(av.subarray(i * n * k, (i + 1) * n * k), bv.subarray(i * k * m, (i + 1) * k * m), (out.storage as Float32Array).subarray(i * n * m, (i + 1) * n * m), n, k, m, acc)
  if (needsGrad(a2, b2)) {
    record(out, 'matmul', [a2, b2], (g) => [
      sumToShape(matmul(g, transposeLast(b2)), a2.shape),
      sumToShape(matmul(transposeLast(a2), g), b2.shape)
    ])
  }
  let result = out
  if (a.ndim === 1) result = squeeze(result, -2)
  if (b.ndim === 1) result = squeeze(result, -1)
  return result
}

function mvMismatch(rows: number, k: number, len: number): Error {
  return runtimeError(`size mismatch, got ${rows}, ${rows}x${k},${len}`)
}

/**
 * PyTorch multiplies a batch of matrices (big, ≥ 3-D) by one matrix or vector by folding the batch into the rows of
 * one mm or mv (b @ a is done as (a^T @ b^T)^T), so a size mismatch is reported with the folded sizes.
 */
function checkFolded(big: Tensor, other: Tensor): void {
  const k = big.shape[big.ndim - 1]
  const rows = numel(big.shape.slice(0, -1))
  if (other.shape[0] === k) return
  if (other.ndim === 1) throw mvMismatch(rows, k, other.shape[0])
  throw runtimeError(`mat1 and mat2 shapes cannot be multiplied (${rows}x${k} and ${other.shape[0]}x${other.shape[1]})`)
}

function mmChecked(a: Tensor, b: Tensor): Tensor {
  if (a.shape[1] !== b.shape[0])
    throw runtimeError(
      `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`
    )
  return mm(a, b)
}

function transposeLast(x: Tensor): Tensor {
  const nd = x.ndim
  const perm = [...Array(nd).keys()]
  perm[nd - 1] = nd - 2
  perm[nd - 2] = nd - 1
  return x.withLayout(perm.map((p) => x.shape[p]), perm.map((p) => x.strides[p]), x.offset)
}


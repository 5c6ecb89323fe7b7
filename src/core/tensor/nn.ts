// torch.nn.functional pieces the lecture uses: softmax, log_softmax, cross_entropy, one_hot.

import { needsGrad, record } from './autograd'
import { mul, sub } from './elementwise'
import { scalarTypeName } from './dtype'
import { indexError, runtimeError, valueError } from './errors'
import { normalizeDim } from './shape'
import { Tensor } from './tensor'
import { sum } from './reduce'
import { contiguous, permute, reshape } from './views'

/** Runs f over every 1-D lane along `dim` of a contiguous copy: f(src, dst, start, stride, length). */
function lanes(
  a: Tensor,
  dim: number,
  f: (src: ArrayLike<number>, dst: Float32Array, start: number, stride: number, len: number) => void
): Tensor {
  const d = normalizeDim(dim, a.ndim)
  const x = contiguous(a)
  const src = x.values()
  const out = Tensor.zeros(a.shape, 'float32')
  const dst = out.storage as Float32Array
  if (a.ndim === 0) {
    f(src, dst, 0, 1, 1)
    return out
  }
  const len = a.shape[d]
  const inner = a.shape.slice(d + 1).reduce((p, s) => p * s, 1)
  const outer = a.shape.slice(0, d).reduce((p, s) => p * s, 1)
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) f(src, dst, o * len * inner + i, inner, len)
  return out
}

/** softmax along dim: exp(x - max) times the reciprocal of the lane's sum (PyTorch's CPU kernel order). */
export function softmax(a: Tensor, dim: number): Tensor {
  const out = lanes(floatOf(a), dim, (src, dst, s, st, n) => {
    let m = -Infinity
    for (let k = 0; k < n; k++) m = Math.max(m, src[s + k * st])
    let total = 0
    for (let k = 0; k < n; k++) {
      const e = Math.fround(Math.exp(Math.fround(src[s + k * st] - m)))
      dst[s + k * st] = e
      total += e
    }
    const inv = Math.fround(1 / Math.fround(total))
    for (let k = 0; k < n; k++) dst[s + k * st] = dst[s + k * st] * inv
  })
  if (needsGrad(a)) record(out, 'softmax', [a], (g) => [mul(out, sub(g, sum(mul(g, out), dim, true)))])
  return out
}

/** log_softmax along dim: (x - max) - log(sum(exp(x - max))), in PyTorch's order (exact for large logits). */
export function logSoftmax(a: Tensor, dim: number): Tensor {
  const out = lanes(floatOf(a), dim, (src, dst, s, st, n) => {
    let m = -Infinity
    for (let k = 0; k < n; k++) m = Math.max(m, src[s + k * st])
    let total = 0
    for (let k = 0; k < n; k++) total += Math.fround(Math.exp(Math.fround(src[s + k * st] - m)))
    const logSum = Math.fround(Math.log(Math.fround(total)))
    for (let k = 0; k < n; k++) dst[s + k * st] = Math.fround(src[s + k * st] - m) - logSum
  })
  if (needsGrad(a))
    record(out, 'log_softmax', [a], (g) => [
      sub(g, mul(lanes(out, dim, (src, dst, s, st, n) => {
        for (let k = 0; k < n; k++) dst[s + k * st] = Math.exp(src[s + k * st])
      }), sum(g, dim, true)))
    ])
  return out
}

function floatOf(a: Tensor): Tensor {
  if (a.dtype !== 'float32') throw runtimeError(`"softmax_lastdim_kernel_impl" not implemented for '${scalarTypeName(a.dtype)}'`)
  return a
}

/** nll_loss(logp, target) with mean reduction over the batch; logp is (N, C), target (N,) int64. */
export function nllLoss(logp: Tensor, target: Tensor, reduction: 'mean' | 'sum' | 'none' = 'mean'): Tensor {
  if (target.dtype !== 'int64')
    throw runtimeError(`expected scalar type Long but found ${scalarTypeName(target.dtype)}`)
  if (logp.ndim !== 2 && logp.ndim !== 1) throw runtimeError(`1D or 2D input expected, got ${logp.ndim}D`)
  const x = logp.ndim === 1 ? logp.withLayout([1, logp.shape[0]], [0, logp.strides[0]], logp.offset) : logp
  const [N, C] = x.shape
  if (target.numel !== N)
    throw valueErrorBatch(N, target.numel)
  const tv = target.values()
  const lv = contiguous(x).values()
  const picked = new Float32Array(N)
  for (let i = 0; i < N; i++) {
    const c = tv[i]
    if (c < 0 || c >= C) throw indexError(`Target ${c} is out of bounds.`)
    picked[i] = -lv[i * C + c]
  }
  let out: Tensor
  if (reduction === 'none') out = Tensor.fromStorage(picked, [N], 'float32')
  else {
    let s = 0
    for (let i = 0; i < N; i++) s += picked[i]
    out = Tensor.fromValues([reduction === 'mean' ? Math.fround(s) / N : s], [], 'float32')
  }
  if (needsGrad(logp))
    record(out, 'nll_loss', [logp], (g) => {
      const gi = Tensor.zeros(logp.shape, 'float32')
      const gv = g.values()
      for (let i = 0; i < N; i++) {
        const gval = reduction === 'none' ? gv[i] : gv[0]
        gi.storage[i * C + tv[i]] = reduction === 'mean' ? -gval / N : -gval
      }
      return [gi]
    })
  return out
}

function valueErrorBatch(n: number, m: number): Error {
  return valueError(`Expected input batch_size (${n}) to match target batch_size (${m}).`)
}

/** F.cross_entropy(logits, target): log_softmax over classes then nll_loss. */
export function crossEntropy(logits: Tensor, target: Tensor, reduction: 'mean' | 'sum' | 'none' = 'mean'): Tensor {
  if (logits.ndim > 2) {
    // (N, C, d...) -> (N*d..., C)
    const perm = [0, ...Array.from({ length: logits.ndim - 2 }, (_, i) => i + 2), 1]
    const moved = permute(logits, perm)
    return nllLoss(logSoftmax(reshape(moved, [-1, logits.shape[1]]), 1), reshape(target, [-1]), reduction)
  }
  return nllLoss(logSoftmax(logits, logits.ndim === 1 ? 0 : 1), target, reduction)
}

/** F.one_hot(t, num_classes): int64 (..., num_classes). */
export function oneHot(t: Tensor, numClasses = -1): Tensor {
  if (t.dtype !== 'int64') throw runtimeError('one_hot is only applicable to index tensor.')
  const v = t.values()
  let max = -1
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0) throw runtimeError('Class values must be non-negative.')
    max = Math.max(max, v[i])
  }
  if (numClasses === -1 && v.length === 0) throw runtimeError('Can not infer total number of classes from empty tensor.')
  const C = numClasses === -1 ? max + 1 : numClasses
  if (max >= C) throw runtimeError('Class values must be smaller than num_classes.')
  const out = Tensor.zeros([...t.shape, C], 'int64')
  for (let i = 0; i < v.length; i++) out.storage[i * C + v[i]] = 1
  return out
}

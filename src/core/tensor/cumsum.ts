// cumsum along a dim; its gradient is the upstream gradient summed from the end backwards along the same dim.

import { needsGrad, record } from './autograd'
import { checkInt64 } from './dtype'
import { normalizeDim } from './shape'
import { Tensor } from './tensor'
import { contiguous } from './views'

/** Running sums along `dim`, from the front (or from the back when `reverse`), in double, rounded per element. */
function scan(a: Tensor, dim: number, reverse: boolean): Tensor {
  const dtype = a.dtype === 'float32' ? 'float32' : 'int64'
  const out = Tensor.zeros(a.shape, dtype)
  if (a.numel === 0) return out
  const src = contiguous(a).values()
  const dst = out.storage
  const d = a.ndim === 0 ? 0 : normalizeDim(dim, a.ndim)
  const len = a.ndim === 0 ? 1 : a.shape[d]
  const inner = a.shape.slice(d + 1).reduce((p, s) => p * s, 1)
  const outer = a.numel / (len * inner)
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let s = 0
      for (let k = 0; k < len; k++) {
        const at = o * len * inner + (reverse ? len - 1 - k : k) * inner + i
        s += src[at]
        dst[at] = s
      }
    }
  if (dtype === 'int64') checkInt64(dst, dst.length)
  return out
}

/** torch.cumsum(a, dim): int and bool tensors sum as int64, as in PyTorch. */
export function cumsum(a: Tensor, dim: number): Tensor {
  if (a.ndim > 0) normalizeDim(dim, a.ndim)
  else normalizeDim(dim, 0)
  const out = scan(a, dim, false)
  if (needsGrad(a)) record(out, 'cumsum', [a], (g) => [scan(g, dim, true)])
  return out
}

// PyTorch's scalar normal sampler, `at::normal_distribution<double>` (ATen/core/DistributionsHelper.h), which
// torch.randn uses for float32 tensors under 16 elements. Box-Muller in double on two 53-bit uniforms; the sine half
// is cached on the generator and returned by the next scalar draw, even one in a later call.

import type { MT19937 } from './mt19937'
import { uniformDouble } from './uniform'

/** The generator's `next_double_normal_sample` slot: null when empty. */
export interface NormalCache {
  nextDoubleNormal: number | null
}

/** One standard normal in double precision, using and refilling the cache as PyTorch does. */
export function scalarNormal(engine: MT19937, cache: NormalCache): number {
  if (cache.nextDoubleNormal !== null) {
    const cached = cache.nextDoubleNormal
    cache.nextDoubleNormal = null
    return cached
  }
  const u1 = uniformDouble(engine)
  const u2 = uniformDouble(engine)
  // log1p(-u2) is current PyTorch; 1.13 wrote log(1 - u2). 1 - u2 is exact here, so they agree to a double ulp,
  // invisible once the result is rounded to float32.
  const radius = Math.sqrt(-2 * Math.log1p(-u2))
  const theta = 2 * Math.PI * u1
  cache.nextDoubleNormal = radius * Math.sin(theta)
  return radius * Math.cos(theta)
}

// PyTorch's `uniform_real_distribution<T>(0, 1)` on CPU: keep as many random bits as T's mantissa holds
// (`std::numeric_limits<T>::digits`) and scale them into [0, 1), so every value is exact in T.

import type { MT19937 } from './mt19937'

const TWO_POW_MINUS_24 = 2 ** -24
const TWO_POW_MINUS_53 = 2 ** -53
const LOW_21_BITS = 0x1fffff

/** A float32 uniform in [0, 1) from one 32-bit draw: its low 24 bits times 2^-24. */
export function uniformFloat(engine: MT19937): number {
  return (engine.random() & 0xffffff) * TWO_POW_MINUS_24
}

/** A float64 uniform in [0, 1) from random64(): its low 53 bits times 2^-53. */
export function uniformDouble(engine: MT19937): number {
  // random64() puts the first draw in the high word, so the low 53 bits are the first draw's low 21 bits on top of
  // the whole second draw; combining them as doubles is exact and avoids a bigint per sample.
  const hi = engine.random() & LOW_21_BITS
  const lo = engine.random()
  return (hi * 2 ** 32 + lo) * TWO_POW_MINUS_53
}

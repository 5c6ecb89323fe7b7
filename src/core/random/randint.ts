// PyTorch's `uniform_int_from_to_distribution` for int64 tensors (ATen/core/DistributionsHelper.h): no rejection,
// just `draw % range + low`, with a 64-bit draw only when the range needs more than 32 bits.

import type { MT19937 } from './mt19937'

const TWO_32 = 2 ** 32

/** One integer in [low, low + range) as torch.randint draws it; low and range are integers, range >= 1. */
export function uniformIntFromTo(engine: MT19937, low: number, range: number): number {
  if (range < TWO_32) return (engine.random() % range) + low
  // Wide ranges need 64-bit modular arithmetic, which doubles cannot do exactly.
  return Number((engine.random64() % BigInt(range)) + BigInt(low))
}

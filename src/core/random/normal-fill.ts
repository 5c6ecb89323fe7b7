// PyTorch's vectorised `normal_fill` for contiguous float32 tensors of 16 or more elements, as its AVX2 kernel runs it
// (normal_fill_AVX2 in ATen/native/cpu/DistributionKernels.cpp): fill with float uniforms, then Box-Muller each block
// of 16 by pairing element j with element j + 8, all in float32 with avx_mathfun's log and sincos.

import { logAvx, sincosAvx } from './avx-mathfun'
import type { MT19937 } from './mt19937'
import { uniformFloat } from './uniform'

/** Below this size PyTorch takes the scalar path instead. */
export const NORMAL_FILL_MIN = 16
const HALF = 8
// The AVX2 kernel broadcasts 2π as a float before multiplying, so theta is float(float(2π) * u2).
const TWO_PI_F32 = Math.fround(2 * Math.PI)

/** Box-Muller in place on data[at .. at+16): standard normals in float32. */
function normalFill16(data: Float32Array, at: number): void {
  for (let j = at; j < at + HALF; j++) {
    // 1 - u maps [0, 1) to (0, 1] so the log is finite; exact in float32 for 24-bit uniforms.
    const u1 = Math.fround(1 - data[j])
    const u2 = data[j + HALF]
    // Math.sqrt then fround is the correctly rounded float sqrt (double has bits enough to spare).
    const radius = Math.fround(Math.sqrt(-2 * logAvx(u1)))
    const [sin, cos] = sincosAvx(Math.fround(TWO_PI_F32 * u2))
    // The kernel ends with fma(n, std, mean); with std 1 and mean 0 that is n itself.
    data[j] = Math.fround(radius * cos)
    data[j + HALF] = Math.fround(radius * sin)
  }
}

/** numel >= 16 standard normals exactly as torch.randn draws them on the vectorised path. */
export function normalFill(engine: MT19937, numel: number): Float32Array {
  if (numel < NORMAL_FILL_MIN) throw new RangeError(`normalFill needs at least ${NORMAL_FILL_MIN} elements, got ${numel}`)
  const data = new Float32Array(numel)
  for (let i = 0; i < numel; i++) data[i] = uniformFloat(engine)
  for (let i = 0; i + NORMAL_FILL_MIN <= numel; i += NORMAL_FILL_MIN) normalFill16(data, i)
  if (numel % NORMAL_FILL_MIN !== 0) {
    // A ragged tail is not left as uniforms: PyTorch redraws the last 16 (overwriting some finished normals) and
    // transforms them as one more block, consuming 16 extra draws.
    const tail = numel - NORMAL_FILL_MIN
    for (let i = tail; i < numel; i++) data[i] = uniformFloat(engine)
    normalFill16(data, tail)
  }
  return data
}

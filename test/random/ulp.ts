// Distance between float32 values in units in the last place, for comparing against PyTorch's printed tensors.

const f32 = new Float32Array(1)
const i32 = new Int32Array(f32.buffer)

/** The float's position on a line where adjacent float32 values are one apart (and -0 meets +0). */
function ordinal(x: number): number {
  f32[0] = x
  const bits = i32[0]
  return bits < 0 ? -(bits & 0x7fffffff) : bits
}

/** How many float32 steps separate a and b once both are rounded to float32. */
export function ulpDistance(a: number, b: number): number {
  return Math.abs(ordinal(a) - ordinal(b))
}

/** The largest ulpDistance over two equally long sequences (Infinity if their lengths differ). */
export function maxUlp(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity
  let worst = 0
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, ulpDistance(actual[i], expected[i]))
  return worst
}

// Float32 arithmetic on doubles. Math.fround after each op gives IEEE single results for + - * / and sqrt, but a
// fused multiply-add needs care: rounding first to double and then to float can differ from one rounding to float.

const f32 = new Float32Array(1)

/** Whether a double is exactly representable as a float32. */
function isFloat32(x: number): boolean {
  f32[0] = x
  return f32[0] === x
}

/** fmaf(a, b, c) for float32 a, b, c: a*b + c rounded once to float32, as the FMA instruction does. */
export function fmaf(a: number, b: number, c: number): number {
  // Two float32 significands multiply into at most 48 bits, so the product is exact in double.
  const p = a * b
  const s = p + c
  const r = Math.fround(s)
  // Knuth's TwoSum: err is exactly what the double sum lost, so s + err is the true a*b + c.
  const bv = s - p
  const err = (p - (s - bv)) + (c - bv)
  if (err === 0 || r === s) return r
  // Double rounding only misleads when s landed exactly halfway between two floats; the lost part then decides.
  const other = 2 * s - r
  if (!isFloat32(other) || other === r) return r
  const towardOther = (other > r) === (err > 0)
  return towardOther ? other : r
}

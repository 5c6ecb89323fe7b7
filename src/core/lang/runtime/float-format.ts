// Python's float text, digit for digit: repr (shortest round-trip), '{:.Nf}' and '{:.Ne}' with exact
// round-half-even on the binary value (JavaScript's toFixed rounds ties up: 0.03125 -> '0.0313', Python '0.0312').

const view = new DataView(new ArrayBuffer(8))

/** |x| as an exact fraction num / den with den a power of two. */
function exactFraction(x: number): { num: bigint; den: bigint } {
  view.setFloat64(0, Math.abs(x))
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const biased = (hi >>> 20) & 0x7ff
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  const mant = biased === 0 ? frac : frac | (1n << 52n)
  const exp = biased === 0 ? -1074 : biased - 1075
  return exp >= 0 ? { num: mant << BigInt(exp), den: 1n } : { num: mant, den: 1n << BigInt(-exp) }
}

/** round(|x| * 10^shift) with ties to even, exactly. */
function roundScaled(x: number, shift: number): bigint {
  let { num, den } = exactFraction(x)
  if (shift >= 0) num *= 10n ** BigInt(shift)
  else den *= 10n ** BigInt(-shift)
  const q = num / den
  const r2 = (num % den) * 2n
  return r2 > den || (r2 === den && q % 2n === 1n) ? q + 1n : q
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan'
  if (x === Infinity) return 'inf'
  if (x === -Infinity) return '-inf'
  return null
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : ''
}

/** Python's `format(x, '.{digits}f')`. */
export function formatFixed(x: number, digits: number): string {
  const special = nonFinite(x)
  if (special !== null) return special
  const s = roundScaled(x, digits).toString().padStart(digits + 1, '0')
  const body = digits === 0 ? s : `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`
  return signOf(x) + body
}

/** The decimal exponent of |x| (floor(log10|x|)), exact. */
function decimalExponent(x: number): number {
  let e = Math.floor(Math.log10(Math.abs(x)))
  const { num, den } = exactFraction(x)
  const ge = (k: number) => (k >= 0 ? num >= den * 10n ** BigInt(k) : num * 10n ** BigInt(-k) >= den)
  while (!ge(e)) e--
  while (ge(e + 1)) e++
  return e
}

function exponentText(e: number): string {
  return (e < 0 ? '-' : '+') + String(Math.abs(e)).padStart(2, '0')
}

/** Python's `format(x, '.{digits}e')`: one digit, point, `digits` digits, e±XX. */
export function formatExp(x: number, digits: number): string {
  const special = nonFinite(x)
  if (special !== null) return special
  if (x === 0) return `${signOf(x)}0${digits > 0 ? '.' + '0'.repeat(digits) : ''}e+00`
  let e = decimalExponent(x)
  let m = roundScaled(x, digits - e)
  if (m === 10n ** BigInt(digits + 1)) {
    m /= 10n
    e++
  }
  const s = m.toString()
  return `${signOf(x)}${s[0]}${digits > 0 ? '.' + s.slice(1) : ''}e${exponentText(e)}`
}

/** The shortest digits that read back as x, and the decimal exponent of the first: 0.00125 -> ['125', -3]. */
export function shortestDigits(x: number): [string, number] {
  const [mant, exp] = Math.abs(x).toExponential().split('e')
  return [mant.replace('.', ''), Number(exp)]
}

/** Python's repr(float): shortest round-trip, fixed for 1e-4 <= |x| < 1e16, else 1e-05 style. */
export function pyFloatRepr(x: number): string {
  const special = nonFinite(x)
  if (special !== null) return special
  if (x === 0) return `${signOf(x)}0.0`
  const [digits, e] = shortestDigits(x)
  const sign = signOf(x)
  if (e < -4 || e >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    return `${sign}${mant}e${exponentText(e)}`
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`
  if (digits.length <= e + 1) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}.0`
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`
}

/** Python's round(x, ndigits) for floats: the decimal rounding of the exact binary value, ties to even. */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0) return x
  if (ndigits > 330) return x
  if (ndigits < -330) return 0 * Math.sign(x)
  const q = roundScaled(x, ndigits)
  const text = ndigits >= 0 ? `${q}e-${ndigits}` : `${q}e${-ndigits}`
  const r = Number(text)
  return x < 0 ? -r : r
}

// replay.wat's tanh, exp and softmax against the engine's: Math.tanh and Math.exp rounded to float32, and
// compile/kernels.ts softmax. The WebAssembly ports follow V8's fdlibm code operation by operation, so they must agree
// on every float32, not just nearly: here on a spread of a million bit patterns (every sign, exponent and a stride of
// mantissas), the thresholds of each branch with their neighbours, and the special values. The scalar ports are also
// held to Math's doubles; the two-lane ones are held to what the engine stores, the float32 (a change too small to
// move any float32 is no change for the replay). All 2^32 float32 inputs: `node scripts/check-replay-math.mjs`
// (0 differ for both, see docs/PERFORMANCE.md); every 61st: replay-math.slow.test.ts.

import { describe, expect, it } from 'vitest'
import * as K from '../../src/core/compile/kernels'
import { createReplayMemory, UNARY_KINDS } from '../../src/core/kernels/replay'
import { REPLAY_WASM_BASE64 } from '../../src/core/kernels/replay.wasm'

const mem = createReplayMemory(64 << 20)!
const bits = new Uint32Array(1)
const asFloat = new Float32Array(bits.buffer)

function f32(b: number): number {
  bits[0] = b >>> 0
  return asFloat[0]
}

/** A million float32 bit patterns spread over every sign and exponent, then the values around `edges`. */
function spread(edges: readonly number[]): Float32Array {
  const out: number[] = []
  for (let b = 0; b < 2 ** 32; b += 4093) out.push(f32(b))
  for (const e of edges) {
    const x = Math.fround(e)
    bits[0] = 0
    asFloat[0] = x
    const at = bits[0]
    for (let d = -40; d <= 40; d++) out.push(f32(at + d), -f32(at + d))
  }
  out.push(0, -0, Infinity, -Infinity, NaN, f32(1), f32(0x807fffff), 3.4028234663852886e38)
  return Float32Array.from(out)
}

function firstDifference(got: Float32Array, want: Float32Array): string | null {
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) return `${i}: ${got[i]} vs ${want[i]}`
  return null
}

/** Runs the unary kind over `x` placed at an element offset `shift` (pairs then start unaligned, and odd counts end alone). */
function unaryInMemory(kind: number, x: Float32Array, shift: number): Float32Array {
  const src = mem.alloc(x.length + shift)!
  const out = mem.alloc(x.length + shift)!
  src.set(x, shift)
  mem.unary(kind, mem.addr(out) + 4 * shift, mem.addr(src) + 4 * shift, x.length)
  return out.subarray(shift)
}

describe("replay.wat's tanh and exp are the engine's Math.tanh and Math.exp, rounded to float32", () => {
  const cases: [string, (x: number) => number, number[]][] = [
    // 2^-28 (tanh x = x below), 0.5 ln2 / 2 and 1.5 ln2 / 2 (expm1's k = 0, -1), 1 (the two formulas), 6.75 (the
    // pairs' range), 22 (1 beyond)
    ['tanh', Math.tanh, [2 ** -28, 0.17328679513998632, 0.5198603854199589, 1, 6.75, 9.01, 22]],
    // 2^-28 (1 + x below), 0.5 ln2 and 1.5 ln2 (k = 0, +-1), 1 (V8's own E), 700 (the pairs' range), overflow and underflow
    ['exp', Math.exp, [2 ** -28, 0.34657359027997264, 1.0397207708399179, 1, 700, 709.782712893384, 745.1332191019411, 88.72, 103.97]]
  ]
  for (const [name, fn, edges] of cases) {
    const x = spread(edges)
    const want = x.map((v) => fn(v))
    it(`${name}: ${x.length} float32 inputs, two at a time and the odd one alone, aligned and not`, () => {
      for (const shift of [0, 1]) expect(firstDifference(unaryInMemory(UNARY_KINDS[name], x, shift), want), `shift ${shift}`).toBeNull()
      const odd = x.subarray(0, 12345)
      expect(firstDifference(unaryInMemory(UNARY_KINDS[name], odd, 0), want.subarray(0, 12345))).toBeNull()
    })
  }

  it('scalar ports agree with Math on doubles that are not float32 too', () => {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(REPLAY_WASM_BASE64, 'base64')), {})
    const { tanh64, exp64 } = inst.exports as { tanh64: (x: number) => number; exp64: (x: number) => number }
    const d = new Float64Array(1)
    const w = new Uint32Array(d.buffer)
    let s = 7
    const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0)
    let checked = 0
    for (let i = 0; i < 200_000; i++) {
      w[0] = next()
      // high words across the whole exponent range, and densely where the functions branch
      w[1] = i % 2 === 0 ? next() : (0x3e000000 + (next() % 0x4a00000)) | (next() & 0x80000000)
      const v = d[0]
      for (const [port, fn] of [[tanh64, Math.tanh], [exp64, Math.exp]] as const) {
        const a = port(v)
        const b = fn(v)
        if (!(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)))) throw new Error(`${fn.name}(${v}): ${a} vs ${b}`)
        checked++
      }
    }
    expect(checked).toBe(400_000)
  })
})

describe("replay.wat's softmax is kernels.ts softmax (the engine's order of roundings)", () => {
  function rows(r: number, len: number, seed: number, special: boolean): Float32Array {
    const a = new Float32Array(r * len)
    let s = seed
    for (let i = 0; i < a.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0
      a[i] = ((s / 2 ** 32) * 2 - 1) * 12
    }
    if (special) {
      a[0] = Infinity
      a[len + 1] = -Infinity
      a[2 * len] = NaN
      for (let k = 0; k < len; k++) a[3 * len + k] = -Infinity
      a[4 * len + 2] = -0
      a[4 * len + 3] = 0
    }
    return a
  }
  for (const [r, len, special] of [[32, 27, false], [5, 1, false], [7, 2, false], [6, 13, true], [3, 200, false]] as const)
    it(`(${r}, ${len})${special ? ' with infinities, NaN and a row of -inf' : ''}`, () => {
      const x = rows(r, len, r * 31 + len, special)
      const want = new Float32Array(x.length)
      K.softmax(x, 0, want, r, len, 1)
      const src = mem.alloc(x.length)!
      src.set(x)
      const out = mem.alloc(x.length)!
      mem.softmaxRows(mem.addr(out), mem.addr(src), r, len)
      expect(firstDifference(out, want)).toBeNull()
    })
})

// The tensor engine's matrix product (mmKernel: sums in double, in order, rounded once) in WebAssembly (mm64.wat),
// for the learner-code replay. Operands are float32 views given by storage, offset and strides; they are copied
// into the kernel's memory, the product runs there, and the result is copied out. null where WebAssembly can't be
// compiled: the caller keeps its TypeScript loop, which computes the same.

import { MM64_WASM_BASE64 } from './mm64.wasm'

export interface Mm64 {
  /**
   * out[n, m] = A @ B, A[i, p] = a[ao + i * sa0 + p * sa1] and B[p, j] = b[bo + p * sb0 + j * sb1] (strides >= 0,
   * n, k, m >= 1); bit for bit the engine's mmKernel.
   */
  mm(a: Float32Array, ao: number, sa0: number, sa1: number, b: Float32Array, bo: number, sb0: number, sb1: number, out: Float32Array, n: number, k: number, m: number): void
}

interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
}

function decode(base64: string): Uint8Array {
  const bin = atob(base64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

let shared: Mm64 | null | undefined

/** The kernel (one instance a thread: a call uses its memory only while it runs), or null without WebAssembly. */
export function mm64(): Mm64 | null {
  if (shared === undefined) {
    try {
      shared = createMm64()
    } catch {
      shared = null
    }
  }
  return shared
}

const align = (x: number): number => Math.ceil(x / 16) * 16

function createMm64(): Mm64 {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (api === undefined) throw new Error('WebAssembly is not available')
  const instance = new api.Instance(new api.Module(decode(MM64_WASM_BASE64)), {})
  const memory = instance.exports.memory as WasmMemory
  const pack = instance.exports.pack_f64 as (src: number, s0: number, s1: number, rows: number, cols: number, dst: number) => number
  const fast = instance.exports.mm_fast as (a: number, sa0: number, sa1: number, b: number, out: number, n: number, k: number, m: number) => void
  const skip = instance.exports.mm_skip as (a: number, sa0: number, sa1: number, b: number, out: number, n: number, k: number, m: number, acc: number) => void
  let f32 = new Float32Array(memory.buffer)
  return {
    mm(a, ao, sa0, sa1, b, bo, sb0, sb1, out, n, k, m) {
      const aLen = (n - 1) * sa0 + (k - 1) * sa1 + 1
      const bLen = (k - 1) * sb0 + (m - 1) * sb1 + 1
      const pa = 0
      const pb = align(pa + aLen * 4)
      const pb64 = align(pb + bLen * 4)
      const po = align(pb64 + k * m * 8)
      const pacc = align(po + n * m * 4)
      const top = pacc + m * 8
      if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536))
      if (f32.buffer !== memory.buffer) f32 = new Float32Array(memory.buffer)
      f32.set(a.subarray(ao, ao + aLen), pa >> 2)
      f32.set(b.subarray(bo, bo + bLen), pb >> 2)
      if (pack(pb, sb0, sb1, k, m, pb64) === 1) fast(pa, sa0, sa1, pb64, po, n, k, m)
      else skip(pa, sa0, sa1, pb64, po, n, k, m, pacc)
      out.set(f32.subarray(po >> 2, (po >> 2) + n * m))
    }
  }
}

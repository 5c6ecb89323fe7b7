// The learner-code replay's kernels (replay.wat) and the memory they work in. A replay memory holds the float32
// tensors of a traced step (the tracer allocates them here, see compile/index.ts), so each op is one call on byte
// addresses: no copies in or out. mm64() is the same matrix product for float32 arrays anywhere (operands copied in,
// the result copied out). Both are null where WebAssembly can't be compiled: the caller keeps its TypeScript loops,
// which compute the same.

import { REPLAY_FMA_WASM_BASE64, REPLAY_WASM_BASE64 } from './replay.wasm'
import { decodeModule, wasmApi, type WasmApi, type WasmMemory } from './wasm'

/** Elementwise operand modes (rows of `len` output elements): see replay.wat's binary. */
export const MODE_CONTIG = 0
export const MODE_ROW = 1
export const MODE_COL = 2
export const MODE_SCALAR = 3

/** The ops of binary(): + - * / */
export const BINARY_OPS: Readonly<Record<string, number>> = { '+': 0, '-': 1, '*': 2, '/': 3 }
/** The kinds of unary(), as kernels.ts's Unary32 names them */
export const UNARY_KINDS: Readonly<Record<string, number>> = { neg: 0, id: 1, sqrt: 2, rsqrt: 3, inv: 4, sq: 5, cube: 6, invsq: 7, tanh: 8, exp: 9 }

export interface ReplayMemory {
  /** n zeroed float32 values in this memory (16-byte aligned), or null when it is full */
  alloc(n: number): Float32Array | null
  /** the byte address of n doubles of scratch, or -1 when the memory is full */
  scratch64(n: number): number
  /** the byte address of a's first element when a lies in this memory, else -1 */
  addr(a: ArrayBufferView): number
  /** o = a op b over `rows` rows of `len` (addresses; modes MODE_*; as/bs the scalars of MODE_SCALAR operands) */
  binary(op: number, o: number, rows: number, len: number, a: number, ma: number, as: number, b: number, mb: number, bs: number): void
  unary(kind: number, o: number, x: number, n: number): void
  /** column sums of a contiguous (rows, cols) block; acc: cols doubles of scratch */
  sumCols(o: number, src: number, rows: number, cols: number, acc: number): void
  /** softmax over `rows` contiguous rows of `len` (kernels.ts softmax with inner 1) */
  softmaxRows(o: number, src: number, rows: number, len: number): void
  /** sums of `groups` contiguous runs of len */
  sumRows(o: number, src: number, groups: number, len: number): void
  /** out[n, m] = A @ B read by strides (elements); b64: k * m doubles, acc: m doubles of scratch */
  mm(a: number, sa0: number, sa1: number, b: number, sb0: number, sb1: number, out: number, n: number, k: number, m: number, b64: number, acc: number): void
}

export interface Mm64 {
  /**
   * out[n, m] = A @ B, A[i, p] = a[ao + i * sa0 + p * sa1] and B[p, j] = b[bo + p * sb0 + j * sb1] (strides >= 0,
   * n, k, m >= 1); bit for bit the engine's mmKernel.
   */
  mm(a: Float32Array, ao: number, sa0: number, sa1: number, b: Float32Array, bo: number, sb0: number, sb1: number, out: Float32Array, n: number, k: number, m: number): void
}

let compiled: object | null | undefined
let fused = false

/**
 * The compiled module: replay.wat's fused form (its product's multiply-adds as relaxed SIMD, the same bits: see
 * scripts/build-wasm.mjs) where relaxed SIMD validates, else the plain one; null without WebAssembly.
 */
function replayModule(api: WasmApi): object | null {
  if (compiled === undefined) {
    compiled = null
    for (const [bytes, isFused] of [[REPLAY_FMA_WASM_BASE64, true], [REPLAY_WASM_BASE64, false]] as const) {
      try {
        compiled = new api.Module(decodeModule(bytes))
        fused = isFused
        break
      } catch {
        // relaxed SIMD (or WebAssembly) not here: try the next form
      }
    }
  }
  return compiled
}

/** Whether the replay's product runs as fused multiply-adds (relaxed SIMD) here; false before the first use too. */
export function replayFused(): boolean {
  return fused
}

/** A new instance of replay.wat (its own memory), or null without WebAssembly. */
function instantiate(): { api: WasmApi; exports: Record<string, unknown> } | null {
  const api = wasmApi()
  if (api === null) return null
  const module = replayModule(api)
  if (module === null) return null
  return { api, exports: new api.Instance(module, {}).exports }
}

const PAGE = 65536
const align = (x: number): number => Math.ceil(x / 16) * 16

/**
 * A replay memory of `bytes` (fixed: it never grows, so the arrays handed out stay valid), or null without
 * WebAssembly or when the memory cannot be had.
 */
export function createReplayMemory(bytes = 32 * 1024 * 1024): ReplayMemory | null {
  let inst
  try {
    inst = instantiate()
    if (inst === null) return null
    const memory = inst.exports.memory as WasmMemory
    const want = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE
    if (want > 0) memory.grow(want)
  } catch {
    return null
  }
  const x = inst.exports
  const buffer = (x.memory as WasmMemory).buffer
  const size = buffer.byteLength
  // address 0 stays unused, so no array starts at the null address
  let top = 16
  const take = (n: number): number => {
    const at = top
    if (at + n > size) return -1
    top = align(at + n)
    return at
  }
  return {
    alloc(n) {
      const at = take(n * 4)
      return at < 0 ? null : new Float32Array(buffer, at, n)
    },
    scratch64(n) {
      return take(n * 8)
    },
    addr(a) {
      return a.buffer === buffer ? a.byteOffset : -1
    },
    binary: x.binary as ReplayMemory['binary'],
    unary: x.unary as ReplayMemory['unary'],
    sumCols: x.sum_cols as ReplayMemory['sumCols'],
    sumRows: x.sum_rows as ReplayMemory['sumRows'],
    softmaxRows: x.softmax_rows as ReplayMemory['softmaxRows'],
    mm: x.mm as ReplayMemory['mm']
  }
}

let shared: Mm64 | null | undefined

/** The copying product (one instance a thread: a call uses its memory only while it runs), or null without WebAssembly. */
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

function createMm64(): Mm64 | null {
  const inst = instantiate()
  if (inst === null) return null
  const memory = inst.exports.memory as WasmMemory
  const mm = inst.exports.mm as ReplayMemory['mm']
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
      if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / PAGE))
      if (f32.buffer !== memory.buffer) f32 = new Float32Array(memory.buffer)
      f32.set(a.subarray(ao, ao + aLen), pa >> 2)
      f32.set(b.subarray(bo, bo + bLen), pb >> 2)
      mm(pa, sa0, sa1, pb, sb0, sb1, po, n, k, m, pb64, pacc)
      out.set(f32.subarray(po >> 2, (po >> 2) + n * m))
    }
  }
}

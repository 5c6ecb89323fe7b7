// The built-in training step's kernels (mlp.wat: the three matrix-product layouts, the SGD update, batch norm +
// tanh forward and backward) in WASM SIMD when the platform allows compiling them, else the same loops in plain
// TypeScript. Buffers come from alloc() so they live in the kernels' memory.

import { MLP_WASM_BASE64 } from './mlp.wasm'
import { decodeModule, wasmApi, type WasmMemory } from './wasm'

export interface MlpKernels {
  /** true when the SIMD kernels run, false for the TypeScript fallback */
  readonly simd: boolean
  /** A zeroed float32 buffer the kernels can read and write (16-byte aligned). */
  alloc(n: number): Float32Array
  /** c[n, m] += a[n, k] @ b[k, m] */
  nn(a: Float32Array, b: Float32Array, c: Float32Array, n: number, k: number, m: number): void
  /** c[k, m] += a[n, k]^T @ b[n, m] */
  tn(a: Float32Array, b: Float32Array, c: Float32Array, n: number, k: number, m: number): void
  /** c[n, m] = a[n, k] @ b[m, k]^T */
  nt(a: Float32Array, b: Float32Array, c: Float32Array, n: number, k: number, m: number): void
  /** y += alpha * x, elementwise over x's length (float32 arithmetic) */
  axpy(x: Float32Array, y: Float32Array, alpha: number): void
  /**
   * Batch norm's normalisation and the tanh over (n, H): bnraw = (hpre - mean) * inv; h = tanh(gain * bnraw + bias).
   * The SIMD tanh is Cephes' float tanh (within 2 ulp of the correctly rounded value, as PyTorch's own vectorised
   * tanh is within 1); the fallback uses Math.tanh.
   */
  bnTanh(hpre: Float32Array, mean: Float32Array, inv: Float32Array, gain: Float32Array, bias: Float32Array, bnraw: Float32Array, h: Float32Array, n: number, H: number): void
  /**
   * The tanh and batch-norm backward over (n, H): dh becomes dhpreact = (1 - h**2) * dh; dbias, dgain, db1 are
   * column sums; dhpre is exercise 3's dhprebn.
   */
  bnTanhBackward(dh: Float32Array, h: Float32Array, bnraw: Float32Array, gain: Float32Array, inv: Float32Array, dhpre: Float32Array, dgain: Float32Array, dbias: Float32Array, db1: Float32Array, n: number, H: number): void
}

type Kernel = (a: number, b: number, c: number, n: number, k: number, m: number) => void

/** Kernels over a memory sized for `floats` float32 values (all buffers alloc() will hand out, plus alignment). */
export function createMlpKernels(floats: number, options: { simd?: boolean } = {}): MlpKernels {
  if (options.simd !== false) {
    try {
      return wasmGemm(floats)
    } catch {
      // WebAssembly unavailable (or forbidden by a content security policy): the loops below compute the same
    }
  }
  return jsGemm()
}

function wasmGemm(floats: number): MlpKernels {
  const api = wasmApi()
  if (api === null) throw new Error('WebAssembly is not available')
  const instance = new api.Instance(new api.Module(decodeModule(MLP_WASM_BASE64)), {})
  const memory = instance.exports.memory as WasmMemory
  const bytes = floats * 4 + 64 * 1024
  const pages = Math.ceil(bytes / 65536)
  if (pages > 1) memory.grow(pages - 1)
  let top = 16
  const nn = instance.exports.gemm_nn as Kernel
  const tn = instance.exports.gemm_tn as Kernel
  const nt = instance.exports.gemm_nt as Kernel
  const axpy = instance.exports.axpy as (x: number, y: number, n: number, alpha: number) => void
  const bnTanh = instance.exports.bn_tanh as (...args: number[]) => void
  const bnTanhBackward = instance.exports.bn_tanh_backward as (...args: number[]) => void
  const fallback = jsGemm()
  const at = (x: Float32Array) => {
    if (x.buffer !== memory.buffer) throw new Error('mlp kernels: buffer not from alloc()')
    return x.byteOffset
  }
  return {
    simd: true,
    alloc(n: number): Float32Array {
      const view = new Float32Array(memory.buffer, top, n)
      top += Math.ceil((n * 4) / 16) * 16
      if (top > memory.buffer.byteLength) throw new Error('mlp kernels: out of kernel memory')
      return view
    },
    nn: (a, b, c, n, k, m) => nn(at(a), at(b), at(c), n, k, m),
    tn: (a, b, c, n, k, m) => tn(at(a), at(b), at(c), n, k, m),
    nt: (a, b, c, n, k, m) => nt(at(a), at(b), at(c), n, k, m),
    axpy: (x, y, alpha) => axpy(at(x), at(y), x.length, alpha),
    bnTanh(hpre, mean, inv, gain, bias, bnraw, h, n, H) {
      // the kernel works 4 columns at a time
      if (H % 4 !== 0) return fallback.bnTanh(hpre, mean, inv, gain, bias, bnraw, h, n, H)
      bnTanh(at(hpre), at(mean), at(inv), at(gain), at(bias), at(bnraw), at(h), n, H)
    },
    bnTanhBackward(dh, h, bnraw, gain, inv, dhpre, dgain, dbias, db1, n, H) {
      if (H % 4 !== 0) return fallback.bnTanhBackward(dh, h, bnraw, gain, inv, dhpre, dgain, dbias, db1, n, H)
      bnTanhBackward(at(dh), at(h), at(bnraw), at(gain), at(inv), at(dhpre), at(dgain), at(dbias), at(db1), n, H)
    }
  }
}

function jsGemm(): MlpKernels {
  return {
    simd: false,
    alloc: (n) => new Float32Array(n),
    nn(a, b, c, n, k, m) {
      for (let i = 0; i < n; i++)
        for (let p = 0; p < k; p++) {
          const s = a[i * k + p]
          const bo = p * m
          const co = i * m
          for (let j = 0; j < m; j++) c[co + j] += s * b[bo + j]
        }
    },
    tn(a, b, c, n, k, m) {
      for (let i = 0; i < n; i++)
        for (let p = 0; p < k; p++) {
          const s = a[i * k + p]
          const bo = i * m
          const co = p * m
          for (let j = 0; j < m; j++) c[co + j] += s * b[bo + j]
        }
    },
    nt(a, b, c, n, k, m) {
      for (let i = 0; i < n; i++)
        for (let j = 0; j < m; j++) {
          let s = 0
          for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p]
          c[i * m + j] = s
        }
    },
    axpy(x, y, alpha) {
      const a = Math.fround(alpha)
      for (let i = 0; i < x.length; i++) y[i] += Math.fround(a * x[i])
    },
    bnTanh(hpre, mean, inv, gain, bias, bnraw, h, n, H) {
      for (let i = 0; i < n; i++) {
        const o = i * H
        for (let j = 0; j < H; j++) bnraw[o + j] = (hpre[o + j] - mean[j]) * inv[j]
        for (let j = 0; j < H; j++) h[o + j] = Math.tanh(gain[j] * bnraw[o + j] + bias[j])
      }
    },
    bnTanhBackward(dh, h, bnraw, gain, inv, dhpre, dgain, dbias, db1, n, H) {
      const f = Math.fround
      const c = f(n / (n - 1))
      for (let j = 0; j < H; j++) {
        let sd = 0
        let sdr = 0
        for (let i = 0; i < n; i++) {
          const o = i * H + j
          const g = f(f(1 - f(h[o] * h[o])) * dh[o])
          dh[o] = g
          sd += g
          sdr += g * bnraw[o]
        }
        dbias[j] = sd
        dgain[j] = sdr
        const scale = f(f(gain[j] * inv[j]) / n)
        let s1 = 0
        for (let i = 0; i < n; i++) {
          const o = i * H + j
          const v = f(scale * (n * dh[o] - dbias[j] - c * bnraw[o] * dgain[j]))
          dhpre[o] = v
          s1 += v
        }
        db1[j] = s1
      }
    }
  }
}

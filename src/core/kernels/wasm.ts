// The part of the WebAssembly API the kernels use, typed here (the core compiles without DOM or Node typings), and
// the base64 modules' decoding: one home for both kernel modules (mlp.ts, replay.ts).

export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

export interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
}

/** The host's WebAssembly, or null where it has none. */
export function wasmApi(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null
}

/** A module's bytes from the base64 text it is shipped as (`*.wasm.ts`, made from the `.wat` by scripts/). */
export function decodeModule(base64: string): Uint8Array {
  const bin = atob(base64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

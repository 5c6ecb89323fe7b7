// Types for build-wasm.mjs, so TypeScript tests can import it.

/** The wasm bytes of a .wat file (or of `text`, given as that file's). */
export declare function compileWat(path: string, text?: string): Promise<Buffer>
/** replay.wat's text with $block_2x8's eight `acc + x * v` as relaxed multiply-adds. */
export declare function fusedReplay(text: string): string
/** The base64 constants a .wat file is shipped as: [name, bytes] pairs. */
export declare function shippedForms(file: string): Promise<[string, Buffer][]>

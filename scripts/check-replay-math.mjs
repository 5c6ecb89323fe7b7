// Checks replay.wat's tanh and exp (the learner-code replay's ports of V8's fdlibm code) against Math.tanh and
// Math.exp rounded to float32, on float32 inputs: every one with `node scripts/check-replay-math.mjs` (2^32 each, a
// few minutes), or every stride-th bit pattern with a stride argument. Exits 1 on the first function that differs.
// test/kernels/replay-math.slow.test.ts runs it with a stride.
import { fileURLToPath } from 'node:url'
import { join, dirname } from 'node:path'
import { compileWat } from './build-wasm.mjs'

const BLOCK = 1 << 20

/** Runs the unary kinds 8 (tanh) and 9 (exp) over float32 bit patterns 0, stride, 2 stride, ...; returns the counts. */
export async function checkReplayMath(stride = 1) {
  const wat = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'core', 'kernels', 'replay.wat')
  const x = new WebAssembly.Instance(new WebAssembly.Module(await compileWat(wat)), {}).exports
  x.memory.grow(Math.ceil((16 + 8 * BLOCK) / 65536))
  const src = new Float32Array(x.memory.buffer, 16, BLOCK)
  const out = new Float32Array(x.memory.buffer, 16 + 4 * BLOCK, BLOCK)
  const bits = new Uint32Array(src.buffer, 16, BLOCK)
  const results = []
  for (const [kind, name, fn] of [[8, 'tanh', Math.tanh], [9, 'exp', Math.exp]]) {
    let checked = 0
    let differ = 0
    let first = null
    for (let start = 0; start < 2 ** 32; start += BLOCK * stride) {
      let n = 0
      // odd multipliers mix the block's order, so pairs meet every kind of neighbour
      for (let i = 0; i < BLOCK; i++) {
        const b = start + ((i * 2654435761) % BLOCK) * stride
        if (b >= 2 ** 32) continue
        bits[n++] = b
      }
      x.unary(kind, 16 + 4 * BLOCK, 16, n)
      for (let i = 0; i < n; i++) {
        const want = Math.fround(fn(src[i]))
        const got = out[i]
        if (!Object.is(got, want) && !(Number.isNaN(got) && Number.isNaN(want))) {
          differ++
          first ??= `${name}(${src[i]}) = ${got}, Math says ${want}`
        }
      }
      checked += n
    }
    results.push({ name, checked, differ, first })
  }
  return results
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stride = Number(process.argv[2] ?? 1)
  let bad = false
  for (const r of await checkReplayMath(stride)) {
    console.log(`${r.name}: ${r.checked} float32 inputs, ${r.differ} differ${r.first ? ` (first: ${r.first})` : ''}`)
    bad ||= r.differ > 0
  }
  process.exit(bad ? 1 : 0)
}

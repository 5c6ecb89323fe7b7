// Compiles src/core/kernels/*.wat into src/core/kernels/*.wasm.ts (the bytes as base64), so the core needs no
// build step or file access to load them. Run after editing a .wat: `node scripts/build-wasm.mjs`.
// A test compiles the .wat again and checks the committed bytes match.
//
// replay.wat is also shipped in a second form, REPLAY_FMA_WASM_BASE64: its matrix product's hot block ($block_2x8)
// with each `acc + x * v` written as one f64x2.relaxed_madd (relaxed SIMD, a fused multiply-add where the machine
// has one). The result is the same bit for bit: x and v are float32 values widened to double, whose product is
// exact in double, so fusing skips no rounding. replay.ts loads it where relaxed SIMD validates.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import wabtInit from 'wabt'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'core', 'kernels')

/** The wasm bytes of a .wat file (or of `text`, given as that file's). */
export async function compileWat(path, text = readFileSync(path, 'utf8')) {
  const wabt = await wabtInit()
  const mod = wabt.parseWat(path, text, { simd: true, relaxed_simd: true })
  mod.validate()
  const { buffer } = mod.toBinary({})
  mod.destroy()
  return Buffer.from(buffer)
}

/** replay.wat's text with $block_2x8's eight `acc + x * v` as relaxed multiply-adds (see the top of this file). */
export function fusedReplay(text) {
  const start = text.indexOf('(func $block_2x8')
  const end = text.indexOf('(func ', start + 1)
  if (start < 0 || end < 0) throw new Error('replay.wat has no $block_2x8')
  let count = 0
  const block = text.slice(start, end).replace(
    /\(f64x2\.add \(local\.get (\$\w+)\) \(f64x2\.mul \(local\.get (\$\w+)\) \(local\.get (\$\w+)\)\)\)/g,
    (_, acc, x, v) => {
      count++
      return `(f64x2.relaxed_madd (local.get ${x}) (local.get ${v}) (local.get ${acc}))`
    }
  )
  if (count !== 8) throw new Error(`$block_2x8 has ${count} multiply-adds where 8 were expected`)
  return text.slice(0, start) + block + text.slice(end)
}

/** The base64 constants a .wat file is shipped as: [name, bytes] pairs. */
export async function shippedForms(file) {
  const name = file.replace(/\.wat$/, '').toUpperCase()
  const path = join(dir, file)
  const forms = [[`${name}_WASM_BASE64`, await compileWat(path)]]
  if (file === 'replay.wat') forms.push([`${name}_FMA_WASM_BASE64`, await compileWat(path, fusedReplay(readFileSync(path, 'utf8')))])
  return forms
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
    const forms = await shippedForms(f)
    const consts = forms.map(([name, bytes]) => `export const ${name} =\n  '${bytes.toString('base64')}'\n`).join('')
    writeFileSync(join(dir, `${f.replace(/\.wat$/, '')}.wasm.ts`), `// Generated from ${f} by scripts/build-wasm.mjs: do not edit.\n${consts}`)
    console.log(`${f}: ${forms.map(([name, bytes]) => `${name} ${bytes.length} bytes`).join(', ')}`)
  }
}

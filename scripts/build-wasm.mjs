// Compiles src/core/kernels/*.wat into src/core/kernels/*.wasm.ts (the bytes as base64), so the core needs no
// build step or file access to load them. Run after editing a .wat: `node scripts/build-wasm.mjs`.
// A test compiles the .wat again and checks the committed bytes match.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import wabtInit from 'wabt'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'core', 'kernels')

/** The wasm bytes of a .wat file. */
export async function compileWat(path) {
  const wabt = await wabtInit()
  const mod = wabt.parseWat(path, readFileSync(path, 'utf8'), { simd: true })
  mod.validate()
  const { buffer } = mod.toBinary({})
  mod.destroy()
  return Buffer.from(buffer)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
    const bytes = await compileWat(join(dir, f))
    const name = f.replace(/\.wat$/, '')
    const out = `// Generated from ${f} by scripts/build-wasm.mjs: do not edit.\nexport const ${name.toUpperCase()}_WASM_BASE64 =\n  '${bytes.toString('base64')}'\n`
    writeFileSync(join(dir, `${name}.wasm.ts`), out)
    console.log(`${f}: ${bytes.length} bytes`)
  }
}

import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {},
  // A sandboxed preload can't be an ES module: emit one CommonJS file, out/preload/index.cjs.
  preload: { build: { rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } } } },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    build: { minify: true, rollupOptions: { input: resolve('src/renderer/index.html') } },
    worker: { format: 'es' }
  }
})

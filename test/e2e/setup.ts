// Global setup for the browser tests: build the renderer when it is missing or stale, serve it on localhost.

import { execSync } from 'node:child_process'
import { existsSync, statSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { findChrome } from './browser'

function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (findChrome() === null) return async () => {}
  const root = join(__dirname, '..', '..')
  const index = join(root, 'out', 'renderer', 'index.html')
  const stale = !existsSync(index) || Math.max(newest(join(root, 'src')), newest(join(root, 'lessons'))) > statSync(index).mtimeMs
  if (stale) execSync('npx electron-vite build', { cwd: root, stdio: 'inherit' })
  const { serve } = (await import(join(root, 'scripts', 'serve.mjs'))) as {
    serve: (dir: string, port: number) => Promise<{ url: string; close: () => Promise<void> }>
  }
  const server = await serve(join(root, 'out', 'renderer'), 0)
  project.provide('appUrl', server.url)
  return async () => {
    await server.close()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string
  }
}

// Exercise 4 in Chromium, measured through the page: the lecture's exercise 1 cells plus the fused cells of exercises
// 2 and 3 imported, then STEPS (default 200,000) of training with them. Needs `npx electron-vite build` and Chromium
// at /usr/bin/chromium. Usage: `npx tsx bench/chromium-training.ts [STEPS]`. Prints the time, path and losses.
import { chromium } from 'playwright-core'
import { join } from 'node:path'
import { REFERENCE_CELLS } from '../src/core/exercise/reference-cells'
import { FUSED } from '../src/core/exercise/exercises'
import { exportPy } from '../src/core/grader/export'
import { appendFusedCells } from '../src/core/grader/exercise-sections'
const { serve } = await import(join(process.cwd(), 'scripts', 'serve.mjs'))
const server = await serve(join(process.cwd(), 'out', 'renderer'), 0)
const steps = Number(process.argv[2] ?? 200000)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] })
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage()
await page.goto(server.url)
await page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear())
await page.reload()
await page.waitForSelector('[data-node="logprobs"]', { timeout: 60_000 })
const file = appendFusedCells(exportPy(new Map(Object.entries(REFERENCE_CELLS))), [
  { id: 2, code: FUSED[2].reference, target: 'logits' },
  { id: 3, code: FUSED[3].reference, target: 'hprebn' }
])
const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="import"]')])
await chooser.setFiles({ name: 'lecture.py', mimeType: 'text/x-python', buffer: Buffer.from(file) })
const progressDone = () =>
  (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document
    .querySelector('[data-testid="progress"]')?.textContent?.includes('26/26')
await page.waitForFunction(progressDone, undefined, { timeout: 60_000 })
await page.selectOption('select.exercise', '4')
await page.waitForSelector('[data-testid="train-plan"][data-ready="true"]')
console.log('plan:', (await page.textContent('[data-testid="train-plan"]'))?.slice(0, 300))
await page.check('[data-testid="train-source-mine"]')
await page.fill('[data-testid="train-steps"]', String(steps))
const t0 = Date.now()
await page.click('[data-testid="train-start"]')
await page.waitForSelector('[data-testid="training"][data-phase="done"]', { timeout: 15 * 60_000 })
console.log('wall seconds to done:', (Date.now() - t0) / 1000)
console.log('status:', await page.textContent('[data-testid="train-status"]'))
console.log('path:', await page.getAttribute('[data-testid="train-path"]', 'data-path'), (await page.textContent('[data-testid="train-path"]'))?.slice(0, 200))
console.log('val:', await page.textContent('[data-testid="val-loss"]'))

await browser.close()
await server.close()

// Takes the README's screenshots from the real app in Chromium: `node scripts/screenshots.mjs` (builds if needed).
// Chromium comes from CHROME_PATH or /usr/bin/chromium.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { serve } from './serve.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'docs', 'screenshots')
const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium'
if (!existsSync(chrome)) {
  console.error(`no Chromium at ${chrome}: set CHROME_PATH`)
  process.exit(2)
}
if (!existsSync(join(root, 'out', 'renderer', 'index.html')) || process.argv.includes('--build'))
  execSync('npx electron-vite build', { cwd: root, stdio: 'inherit' })

const REF = {
  logprobs: 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n',
  probs: 'dprobs = (1.0/probs) * dlogprobs',
  counts_sum_inv: 'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)',
  counts_sum: 'dcounts_sum = -counts_sum**-2 * dcounts_sum_inv'
}
const MOD = process.platform === 'darwin' ? 'Meta' : 'Control'

async function writeCell(page, name, code) {
  await page.click(`[data-node="${name}"]`)
  await page.click('[data-testid="editor"] .monaco-editor .view-lines')
  await page.keyboard.press(`${MOD}+A`)
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
  await page.keyboard.press(`${MOD}+Enter`)
  await page.waitForFunction((n) => {
    const el = document.querySelector(`[data-node="${n}"]`)
    return el && el.getAttribute('data-status') !== 'missing' && !el.classList.contains('checking')
  }, name)
}

const server = await serve(join(root, 'out', 'renderer'), 0)
const browser = await chromium.launch({
  executablePath: chrome,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
})
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 })
  await page.goto(server.url)
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await page.waitForSelector('[data-node="logprobs"]')
  for (const [k, code] of Object.entries(REF)) await writeCell(page, k, code)
  await writeCell(page, 'counts', 'dcounts = counts_sum_inv * dprobs')
  await page.click('[data-node="probs"]')
  await page.waitForTimeout(600)
  await page.screenshot({ path: join(out, 'main.png') })

  await page.click('[data-node="counts"]')
  await page.waitForTimeout(400)
  const hint = await page.$('[data-testid="hint"]')
  if (hint) await hint.click()
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(out, 'diagnosis.png') })

  await page.click('[data-node="logprobs"]')
  await page.click('[data-testid="trace"]')
  await page.waitForSelector('[aria-label="Variables"]')
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(out, 'line-stepper.png') })

  for (let i = 0; i < 5; i++) await page.click('[aria-label="Next node"]')
  await page.waitForTimeout(500)
  await page.screenshot({ path: join(out, 'backward-stepper.png') })

  // exercise 2: the fused dlogits, shown as the lecture's gray imshow
  await page.selectOption('select.exercise', '2')
  await page.waitForSelector('[data-graph="2"] [data-node="cross_entropy"]')
  await page.click('[data-testid="editor"] .monaco-editor .view-lines')
  await page.keyboard.press(`${MOD}+A`)
  await page.keyboard.press('Delete')
  await page.keyboard.insertText('dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n')
  await page.keyboard.press(`${MOD}+Enter`)
  await page.waitForSelector('[data-testid="verdict"][data-verdict="pass"]')
  await page.keyboard.press('Escape')
  await page.waitForTimeout(600)
  await page.screenshot({ path: join(out, 'exercise-2.png') })

  // exercise 4: a short run with the lecture's built-in backward pass
  await page.selectOption('select.exercise', '4')
  await page.check('[data-testid="train-source-builtin"]')
  await page.fill('[data-testid="train-steps"]', '20000')
  await page.click('[data-testid="train-start"]')
  await page.waitForSelector('[data-testid="training"][data-phase="done"]', { timeout: 120000 })
  await page.waitForTimeout(500)
  await page.screenshot({ path: join(out, 'exercise-4.png') })
  console.log(`screenshots written to ${out}`)
} finally {
  await browser.close()
  await server.close()
}

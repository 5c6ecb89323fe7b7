// Finding and driving Chromium for end-to-end tests: CHROME_PATH or the usual install paths; none found → skip.

import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { inject } from 'vitest'

const CANDIDATES = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'
]

/** The first Chromium or Chrome executable found, or null. */
export function findChrome(): string | null {
  for (const c of CANDIDATES) if (c && existsSync(c)) return c
  return null
}

export const CHROME = findChrome()
if (CHROME === null) console.log('e2e: no Chromium/Chrome found (set CHROME_PATH or apt-get install chromium); browser tests are skipped')

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROME!,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync']
  })
}

/** The app's URL, served by the global setup (./setup.ts). */
export function appUrl(): string {
  const url = inject('appUrl')
  if (!url) throw new Error('the e2e global setup did not start the server')
  return url
}

/** Opens the app in a fresh page with an empty save, and waits until the graph has drawn. */
export async function openApp(browser: Browser, opts: { keepStorage?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.log('pageerror:', e.message))
  await page.goto(appUrl())
  if (!opts.keepStorage) {
    await page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear())
    await page.reload()
  }
  await page.waitForSelector('[data-node="logprobs"]', { timeout: 60_000 })
  return page
}

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control'

/** Selects a node and replaces its cell's text, then checks it with Ctrl+Enter. */
export async function writeCell(page: Page, name: string, code: string): Promise<void> {
  await page.click(`[data-node="${name}"]`)
  await page.click('[data-testid="editor"] .monaco-editor .view-lines')
  await page.keyboard.press(`${MOD}+A`)
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
  await page.keyboard.press(`${MOD}+Enter`)
}

/** A node's status once it is no longer `not` (missing, by default) and no longer checking. */
export async function statusOf(page: Page, name: string, not = 'missing'): Promise<string> {
  await page.waitForFunction(
    ([n, s]) => {
      const el = document.querySelector(`[data-node="${n}"]`)
      return el !== null && el.getAttribute('data-status') !== s && !el.classList.contains('checking')
    },
    [name, not],
    { timeout: 30_000 }
  )
  return (await page.getAttribute(`[data-node="${name}"]`, 'data-status')) ?? ''
}

/** The verdict under the editor once a check has come back. */
export async function verdict(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="verdict"]')
    return el !== null && el.getAttribute('data-verdict') !== 'missing' && !el.textContent?.includes('Checking')
  })
  return (await page.getAttribute('[data-testid="verdict"]', 'data-verdict')) ?? ''
}

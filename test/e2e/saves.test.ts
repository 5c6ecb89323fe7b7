// Two tabs of the app in one browser: the first saves, the second says it is read-only and saves nothing until
// the learner takes over there; then the first one stops saving. Real Chromium, real localStorage and Web Locks.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUrl, CHROME, launch } from './browser'

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control'
const KEY = 'backprop-ninja:progress'

async function open(page: Page): Promise<void> {
  await page.goto(appUrl())
  await page.waitForSelector('[data-node="logprobs"]', { timeout: 60_000 })
}

async function type(page: Page, name: string, code: string): Promise<void> {
  await page.click(`[data-node="${name}"]`)
  await page.click('[data-testid="editor"] .monaco-editor .view-lines')
  await page.keyboard.press(`${MOD}+A`)
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
}

/** The cell saved for `name`, once the autosave has had time to run (polled, not timed). */
async function savedCell(page: Page, name: string, expected: string | null): Promise<string | null> {
  let cell: string | null = null
  for (let i = 0; i < 50; i++) {
    cell = await page.evaluate(([key, node]) => {
      const text = localStorage.getItem(key!)
      return text === null ? null : ((JSON.parse(text) as { cells?: Record<string, string> }).cells?.[node!] ?? null)
    }, [KEY, name])
    if (cell === expected) return cell
    await page.waitForTimeout(100)
  }
  return cell
}

describe.skipIf(CHROME === null)('two tabs of the app', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('keep one writer: the second tab is read-only until it takes over, and the first then stops saving', async () => {
    const context = await browser.newContext()
    const first = await context.newPage()
    await open(first)
    await first.evaluate(() => localStorage.clear())
    await first.reload()
    await first.waitForSelector('[data-node="logprobs"]', { timeout: 60_000 })
    expect(await first.isVisible('[data-testid="second-tab"]')).toBe(false)
    await type(first, 'probs', 'dprobs = 1.0 / probs * dlogprobs')
    expect(await savedCell(first, 'probs', 'dprobs = 1.0 / probs * dlogprobs')).toBe('dprobs = 1.0 / probs * dlogprobs')

    const second = await context.newPage()
    await open(second)
    await second.waitForSelector('[data-testid="second-tab"]:visible')
    expect(await second.textContent('[data-testid="second-tab"]')).toContain('open in another tab')
    expect(await second.textContent('.toolbar .saved')).toBe('Not saved here')
    await type(second, 'probs', 'dprobs = 2.0')
    await second.waitForTimeout(1200)
    expect(await savedCell(second, 'probs', 'dprobs = 1.0 / probs * dlogprobs')).toBe('dprobs = 1.0 / probs * dlogprobs')
    // the toolbar never claims it is saving there
    expect(await second.textContent('.toolbar .saved')).toBe('Not saved here')

    await second.click('[data-testid="take-over"]')
    await second.waitForSelector('[data-node="logprobs"]', { timeout: 60_000 })
    await first.waitForSelector('[data-testid="second-tab"]:visible')
    expect(await first.textContent('[data-testid="second-tab"]')).toContain('no longer saves')
    expect(await first.textContent('.toolbar .saved')).toBe('Not saved here')
    expect(await second.isVisible('[data-testid="second-tab"]')).toBe(false)
    await type(second, 'probs', 'dprobs = (1.0 / probs) * dlogprobs')
    expect(await savedCell(second, 'probs', 'dprobs = (1.0 / probs) * dlogprobs')).toBe('dprobs = (1.0 / probs) * dlogprobs')
    await second.waitForFunction(() => document.querySelector('.toolbar .saved')?.textContent === 'Saved')
    // picking another node and coming back changes nothing to save: the toolbar goes back to Saved
    await second.click('[data-node="counts"]')
    await second.click('[data-node="probs"]')
    await second.waitForFunction(() => document.querySelector('.toolbar .saved')?.textContent === 'Saved', undefined, { timeout: 5_000 })
    await type(first, 'probs', 'dprobs = 3.0')
    await first.waitForTimeout(1200)
    expect(await savedCell(first, 'probs', 'dprobs = (1.0 / probs) * dlogprobs')).toBe('dprobs = (1.0 / probs) * dlogprobs')
    await context.close()
  })
})

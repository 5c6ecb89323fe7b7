// The learner's journeys through the real app in Chromium (docs/CONTRACT.md section 4 hooks).
import { readFile } from 'node:fs/promises'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { CHROME, launch, openApp, statusOf, writeCell } from './browser'

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control'


describe.skipIf(CHROME === null)('the app in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('draws the 26 nodes with their merge marks, and clicking probs shows [32, 27]', async () => {
    const page = await openApp(browser)
    for (const k of CHECK_ORDER) expect(await page.getAttribute(`[data-node="${k}"]`, 'data-status')).toBe('missing')
    for (const k of ['counts', 'logits', 'bndiff', 'hprebn', 'counts_sum_inv', 'bnmeani', 'b1'])
      expect(await page.getAttribute(`[data-node="${k}"]`, 'data-merge')).toBe('true')
    expect(await page.getAttribute('[data-node="probs"]', 'data-merge')).not.toBe('true')
    await page.click('[data-node="probs"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="inspector"]')?.textContent?.includes('probs = counts * counts_sum_inv'))
    const inspector = await page.textContent('[data-testid="inspector"]')
    expect(inspector).toContain('[32, 27]')
    expect(await page.textContent('[data-testid="progress"]')).toContain('0/26')
    await page.context().close()
  })

  it('passes a right cell, fails a wrong one, and in isolated mode the next node passes against the true gradient', async () => {
    const page = await openApp(browser)
    await writeCell(page, 'logprobs', REFERENCE_CELLS.logprobs)
    expect(await statusOf(page, 'logprobs')).toBe('pass')
    await writeCell(page, 'probs', 'dprobs = probs * dlogprobs')
    expect(await statusOf(page, 'probs')).toBe('fail')
    await writeCell(page, 'counts_sum_inv', REFERENCE_CELLS.counts_sum_inv)
    expect(await statusOf(page, 'counts_sum_inv')).toBe('pass')
    await page.waitForFunction(() => document.querySelector('[data-testid="progress"]')?.textContent?.includes('2/26'))
    await page.context().close()
  })

  it('shows an error at its line for a broken cell, and a limit error for a runaway one while the UI stays responsive', async () => {
    const page = await openApp(browser)
    await writeCell(page, 'probs', 'x = 1\ndprobs = probz * dlogprobs')
    expect(await statusOf(page, 'probs')).toBe('error')
    await page.waitForSelector('.error-message')
    expect(await page.textContent('.error-message')).toMatch(/NameError: name 'probz' is not defined.*\(line 2, column 10\)/)
    await writeCell(page, 'counts', 'for i in range(10**12):\n    pass')
    expect(await statusOf(page, 'counts')).toBe('error')
    await page.waitForFunction(() => /LimitError/.test(document.querySelector('.error-message')?.textContent ?? ''))
    expect(await page.textContent('[data-testid="verdict"]')).toMatch(/ran too long/)
    await page.click('[data-node="h"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="inspector"]')?.textContent?.includes('[32, 64]'))
    await page.context().close()
  })

  it('shows what a cell prints under its verdict', async () => {
    const page = await openApp(browser)
    await writeCell(page, 'probs', 'print(probs.shape)\ndprobs = (1.0/probs) * dlogprobs')
    expect(await statusOf(page, 'probs')).toBe('pass')
    await page.waitForSelector('[data-testid="printed"]')
    expect(await page.textContent('[data-testid="printed"]')).toContain('torch.Size([32, 27])')
    await page.context().close()
  })

  it('keeps the work across a reload', async () => {
    const page = await openApp(browser)
    await writeCell(page, 'logprobs', REFERENCE_CELLS.logprobs)
    expect(await statusOf(page, 'logprobs')).toBe('pass')
    await page.waitForTimeout(1500) // autosave
    await page.reload()
    await page.waitForSelector('[data-node="logprobs"]')
    expect(await statusOf(page, 'logprobs')).toBe('pass')
    await page.click('[data-node="logprobs"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="editor"]')?.textContent?.includes('zeros_like'))
    await page.context().close()
  })

  it('exports a .py with every cell and imports it back', async () => {
    const page = await openApp(browser)
    await writeCell(page, 'logprobs', REFERENCE_CELLS.logprobs)
    await writeCell(page, 'probs', REFERENCE_CELLS.probs)
    expect(await statusOf(page, 'probs')).toBe('pass')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export"]')])
    const text = await readFile((await download.path())!, 'utf8')
    expect(text).toContain('# %% node: logprobs')
    expect(text).toContain(REFERENCE_CELLS.probs)
    expect(text.match(/cmp\('/g)).toHaveLength(26)
    // a fresh page imports it
    const fresh = await openApp(browser)
    const [chooser] = await Promise.all([fresh.waitForEvent('filechooser'), fresh.click('[data-testid="import"]')])
    await chooser.setFiles({ name: 'solution.py', mimeType: 'text/x-python', buffer: Buffer.from(text) })
    expect(await statusOf(fresh, 'probs')).toBe('pass')
    expect(await statusOf(fresh, 'logprobs')).toBe('pass')
    await page.context().close()
    await fresh.context().close()
  })

  it('steps through the backward pass from the loss down', async () => {
    const page = await openApp(browser)
    await page.click('[aria-label="Next node"]')
    await page.waitForSelector('[data-node="logprobs"].step-current')
    await page.click('[aria-label="Next node"]')
    await page.waitForSelector('[data-node="probs"].step-current')
    await page.click('[aria-label="Previous node"]')
    await page.waitForSelector('[data-node="logprobs"].step-current')
    await page.context().close()
  })

  it('steps line by line through a cell with its variables', async () => {
    const page = await openApp(browser)
    await writeCell(page, 'logprobs', REFERENCE_CELLS.logprobs)
    expect(await statusOf(page, 'logprobs')).toBe('pass')
    await page.click('[data-testid="trace"]')
    await page.waitForSelector('[aria-label="Variables"]')
    expect(await page.textContent('[aria-label="Variables"]')).toContain('dlogprobs')
    await page.context().close()
  })

  it('chained mode: a right cell under a wrong upstream one says why it fails, and stepping through it keeps that verdict', async () => {
    const page = await openApp(browser)
    for (const name of ['logprobs', 'probs', 'counts_sum_inv'] as const) {
      await writeCell(page, name, REFERENCE_CELLS[name])
      expect(await statusOf(page, name)).toBe('pass')
    }
    await writeCell(page, 'counts_sum', 'dcounts_sum = counts_sum**-2 * dcounts_sum_inv') // sign flipped
    expect(await statusOf(page, 'counts_sum')).toBe('fail')
    await writeCell(page, 'counts', REFERENCE_CELLS.counts)
    expect(await statusOf(page, 'counts')).toBe('pass')
    expect(await page.locator('[data-testid="upstream-note"]').count()).toBe(0)
    await page.click('text=Chained')
    await page.waitForSelector('[data-node="counts"][data-status="fail"]:not(.checking)')
    expect(await page.textContent('[data-testid="upstream-note"]')).toContain('computed from your dcounts_sum, which does not pass yet')
    await page.click('[data-testid="trace"]')
    await page.waitForSelector('[aria-label="Variables"]')
    expect(await page.textContent('.trace')).toContain('with the true upstream gradients')
    await page.waitForTimeout(300)
    expect(await statusOf(page, 'counts')).toBe('fail')
    await page.context().close()
  })

  it('is usable from the keyboard: Escape leaves the editor for the graph, arrows move, Enter opens and goes in', async () => {
    const page = await openApp(browser)
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-node') ?? (document.activeElement?.closest('.monaco-editor') ? 'editor' : document.activeElement?.tagName))
    await page.click('[data-testid="editor"] .monaco-editor .view-lines')
    await page.keyboard.press('Tab') // indents: Tab belongs to the editor
    expect(await focused()).toBe('editor')
    await page.keyboard.press('Escape')
    expect(await focused()).toBe('logprobs')
    // one tab stop for the graph: the selected node
    expect(await page.locator('[data-graph="1"] [data-node][tabindex="0"]').count()).toBe(1)
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('probs')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowRight')
    expect(await focused()).toBe('Yb')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe('counts_sum_inv')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.querySelector('.cell-title')?.textContent === 'dcounts_sum_inv')
    expect(await focused()).toBe('counts_sum_inv')
    await page.keyboard.press('Enter')
    expect(await focused()).toBe('editor')
    await page.keyboard.press(`${MOD}+A`)
    await page.keyboard.insertText(REFERENCE_CELLS.counts_sum_inv)
    await page.keyboard.press(`${MOD}+Enter`)
    expect(await statusOf(page, 'counts_sum_inv')).toBe('pass')
    // Tab from the graph goes on to the cell, not through every node
    await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('trace')
    await page.context().close()
  })

  it('in a narrow window (1100×800) the line stepper keeps its variables in sight; Ctrl+Enter closes the suggestions', async () => {
    const page = await openApp(browser)
    await page.setViewportSize({ width: 1100, height: 800 })
    await writeCell(page, 'counts', 'dcounts = counts_sum_inv * dprobs')
    expect(await statusOf(page, 'counts')).toBe('fail')
    expect(await page.locator('.suggest-widget.visible').count()).toBe(0)
    await page.click('[data-testid="trace"]')
    await page.waitForSelector('[aria-label="Variables"] tbody tr')
    const row = (await page.locator('[aria-label="Variables"] tbody tr').first().boundingBox())!
    const panel = (await page.locator('.trace').boundingBox())!
    expect(row.height).toBeGreaterThan(0)
    expect(row.y + row.height).toBeLessThanOrEqual(panel.y + panel.height + 0.5)
    expect(await page.isVisible('[data-testid="verdict"]')).toBe(true)
    await page.context().close()
  })

  it('runs the page under the CSP with no violations', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.addInitScript(() => {
      const w = window as unknown as { __violations: string[] }
      w.__violations = []
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`))
    })
    const { appUrl } = await import('./browser')
    await page.goto(appUrl())
    await page.waitForSelector('[data-node="logprobs"]')
    await writeCell(page, 'logprobs', REFERENCE_CELLS.logprobs)
    expect(await statusOf(page, 'logprobs')).toBe('pass')
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)
    expect(violations).toEqual([])
    await context.close()
  })
})

// What learners hit in real use of the page (issue 9): typing in the editor, the layout at common window sizes, the
// inspector for data and the loss, the line stepper, help and exercise 4's last run. Driven by real key presses.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { appUrl, CHROME, launch } from './browser'

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control'

/** Opens the app at a window size with an empty save. */
async function openAt(browser: Browser, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.log('pageerror:', e.message))
  await page.goto(appUrl())
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await page.waitForSelector('[data-node="logprobs"]', { timeout: 60_000 })
  return page
}

/** Selects a node and empties its cell, leaving the keyboard in the editor. */
async function emptyCell(page: Page, name: string): Promise<void> {
  await page.click(`[data-node="${name}"]`)
  await page.click('[data-testid="editor"] .monaco-editor .view-lines')
  await page.keyboard.press(`${MOD}+A`)
  await page.keyboard.press('Delete')
}

/** The editor's lines as shown, top to bottom. */
function editorLines(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="editor"] .view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
  )
}

async function checkCell(page: Page, name: string, code: string, status: string): Promise<void> {
  await emptyCell(page, name)
  await page.keyboard.insertText(code)
  await page.keyboard.press(`${MOD}+Enter`)
  await page.waitForSelector(`[data-node="${name}"][data-status="${status}"]:not(.checking)`, { timeout: 30_000 })
}

const SIZES = [
  [1024, 700],
  [1366, 768],
  [1920, 1080]
] as const

describe.skipIf(CHROME === null)('the page as learners use it', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('Enter after a name typed in full starts a new line with the suggestions open; Tab accepts; Enter accepts only an arrow-key choice', async () => {
    const page = await openAt(browser, 1366, 768)
    await emptyCell(page, 'bndiff')
    await page.keyboard.type('dbndiff = bnvar_inv * dbnraw')
    await page.waitForSelector('.suggest-widget.visible')
    await page.keyboard.press('Enter')
    await page.keyboard.type('dbndiff += 1')
    // (polled: Monaco draws the last keystroke on its next frame)
    await expect.poll(() => editorLines(page)).toEqual(['dbndiff = bnvar_inv * dbnraw', 'dbndiff += 1'])

    // a half-typed name: Enter is still a new line, Tab takes the suggestion
    await page.keyboard.press('Enter')
    await page.keyboard.type('x = bnvar_in')
    await page.waitForSelector('.suggest-widget.visible')
    await page.keyboard.press('Tab')
    await expect.poll(async () => (await editorLines(page))[2]).toBe('x = bnvar_inv')
    // an explicit choice with the arrows: then Enter accepts it
    await page.keyboard.press('Enter')
    await page.keyboard.type('y = bnvar')
    await page.waitForSelector('.suggest-widget.visible')
    const focused = '.suggest-widget.visible .monaco-list-row.focused .label-name'
    const first = (await page.textContent(focused))?.trim()
    await page.keyboard.press('ArrowDown')
    await page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent?.trim() !== was, [focused, first] as const)
    const second = (await page.textContent(focused))?.trim()
    await page.keyboard.press('Enter')
    expect([first, second]).toEqual(['bnvar', 'bnvar_inv'])
    await expect.poll(() => editorLines(page)).toEqual(['dbndiff = bnvar_inv * dbnraw', 'dbndiff += 1', 'x = bnvar_inv', 'y = bnvar_inv'])
    await page.context().close()
  })

  it('says under the editor that Tab accepts, Ctrl+Enter checks and Escape leaves it', async () => {
    const page = await openAt(browser, 1366, 768)
    const keys = await page.textContent('[data-testid="editor-keys"]')
    expect(keys).toContain('Esc leaves the editor')
    expect(keys).toContain('Tab accepts a suggestion')
    expect(await page.isVisible('[data-testid="editor-keys"]')).toBe(true)
    expect(await page.locator('[data-testid="editor"] [aria-label*="Escape leaves the editor"]').count()).toBeGreaterThan(0)
    await page.context().close()
  })

  for (const [width, height] of SIZES)
    it(`at ${width}×${height} nothing scrolls sideways, the title and exercise are whole, and a failing cmp row shows its maxdiff`, async () => {
      const page = await openAt(browser, width, height)
      await checkCell(page, 'counts_sum_inv', 'dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True) * 2', 'fail')
      const m = await page.evaluate(() => {
        const toolbar = document.querySelector<HTMLElement>('.toolbar')!
        const select = document.querySelector<HTMLSelectElement>('select.exercise')!
        const brand = document.querySelector<HTMLElement>('.brand-name')!.getBoundingClientRect()
        // the width the select needs for its longest exercise label (what the closed menu shows on the lecture;
        // lessons' longer titles are cut with an ellipsis), measured on a free copy holding just those options
        const copy = select.cloneNode(true) as HTMLSelectElement
        for (const o of [...copy.querySelectorAll('option')]) if (!/^\d$/.test(o.value)) o.remove()
        copy.style.position = 'absolute'
        copy.style.visibility = 'hidden'
        document.body.append(copy)
        const needed = copy.getBoundingClientRect().width
        copy.remove()
        const cmp = document.querySelector<HTMLElement>('[data-testid="cmp"]')!
        const fields = [...cmp.querySelectorAll<HTMLElement>('.cmp-field')]
        const maxdiff = fields[fields.length - 1].getBoundingClientRect()
        const feedback = document.querySelector<HTMLElement>('.feedback')!.getBoundingClientRect()
        // one row: every item's box overlaps every other's vertically
        const boxes = [...toolbar.children].map((c) => c.getBoundingClientRect()).filter((b) => b.width > 1 && b.height > 1)
        const oneRow = Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom))
        return {
          page: [document.documentElement.scrollWidth, innerWidth],
          toolbar: [toolbar.scrollWidth, toolbar.clientWidth],
          oneRow,
          brand: [brand.width, brand.right],
          select: [select.getBoundingClientRect().width, needed],
          maxdiff: fields[fields.length - 1].textContent,
          maxdiffRight: maxdiff.right,
          feedbackRight: feedback.right,
          cmpOverflow: cmp.scrollWidth - cmp.clientWidth,
          // the next step after a failing check is in sight without scrolling the verdict's box
          hintBottom: [...document.querySelectorAll<HTMLElement>('.feedback button')].find((b) => b.textContent?.includes('Show a hint'))?.getBoundingClientRect().bottom ?? null,
          feedbackBottom: feedback.bottom
        }
      })
      expect(m.page[0]).toBeLessThanOrEqual(m.page[1])
      expect(m.toolbar[0]).toBeLessThanOrEqual(m.toolbar[1])
      expect(m.oneRow).toBe(true)
      expect(m.brand[0]).toBeGreaterThan(60)
      expect(m.brand[1]).toBeLessThanOrEqual(width)
      expect(m.select[0]).toBeGreaterThanOrEqual(m.select[1] - 1)
      expect(m.maxdiff).toMatch(/^maxdiff: \d/)
      expect(m.maxdiffRight).toBeLessThanOrEqual(m.feedbackRight)
      expect(m.cmpOverflow).toBeLessThanOrEqual(0)
      expect(m.hintBottom).not.toBeNull()
      expect(m.hintBottom!).toBeLessThanOrEqual(m.feedbackBottom + 1)
      await page.context().close()
    })

  it('keeps the graph and the heatmaps fitted when the window shrinks from 1920 to 1366', async () => {
    const page = await openAt(browser, 1920, 1080)
    await page.waitForSelector('[data-testid="inspector"] canvas')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.waitForTimeout(300)
    const m = await page.evaluate(() => {
      const scroll = document.querySelector<HTMLElement>('[data-graph="1"]')!
      const svg = scroll.querySelector('svg')!.getBoundingClientRect()
      const inspector = document.querySelector<HTMLElement>('[data-testid="inspector"]')!
      const canvases = [...inspector.querySelectorAll('canvas')].map((c) => c.getBoundingClientRect().right)
      return { svg: svg.width, room: scroll.clientWidth, canvases, inspectorRight: inspector.getBoundingClientRect().right, inspectorOverflow: inspector.scrollWidth - inspector.clientWidth }
    })
    expect(m.svg).toBeLessThanOrEqual(m.room)
    for (const right of m.canvases) expect(right).toBeLessThanOrEqual(m.inspectorRight)
    expect(m.inspectorOverflow).toBeLessThanOrEqual(0)
    await page.context().close()
  })

  it("keeps the suggestion list over the editor, off the inspector's shape row", async () => {
    const page = await openAt(browser, 1366, 768)
    await emptyCell(page, 'bndiff')
    await page.keyboard.type('dbndiff = bnvar_inv * dbnra')
    await page.waitForSelector('.suggest-widget.visible')
    await page.waitForTimeout(200)
    const list = (await page.locator('.suggest-widget.visible').boundingBox())!
    const shape = (await page.locator('[data-testid="inspector-shape"]').boundingBox())!
    const editor = (await page.locator('[data-testid="editor"]').boundingBox())!
    expect(list.x + list.width).toBeLessThanOrEqual(editor.x + editor.width + 0.5)
    const overlaps = list.x < shape.x + shape.width && shape.x < list.x + list.width && list.y < shape.y + shape.height && shape.y < list.y + list.height
    expect(overlaps).toBe(false)
    await page.context().close()
  })

  it("shows the current exercise's progress in the header, not exercise 1's", async () => {
    const page = await openAt(browser, 1366, 768)
    await checkCell(page, 'logprobs', REFERENCE_CELLS.logprobs, 'pass')
    await page.waitForFunction(() => document.querySelector('[data-testid="progress"]')?.textContent?.includes('1/26'))
    await page.selectOption('select.exercise', '2')
    await page.waitForFunction(() => !document.querySelector('[data-testid="progress"]')?.textContent?.includes('/26'))
    expect(await page.textContent('[data-testid="progress"]')).toContain('to do')
    await page.click('[data-testid="editor"] .monaco-editor .view-lines')
    await page.keyboard.press(`${MOD}+A`)
    await page.keyboard.insertText('dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n')
    await page.keyboard.press(`${MOD}+Enter`)
    await page.waitForSelector('[data-testid="verdict"][data-verdict="pass"]')
    expect(await page.textContent('[data-testid="progress"]')).toContain('pass')
    await page.selectOption('select.exercise', '4')
    expect(await page.textContent('[data-testid="progress"]')).toContain('not trained')
    await page.selectOption('select.exercise', '1')
    expect(await page.textContent('[data-testid="progress"]')).toContain('1/26')
    await page.context().close()
  })

  it('opens the loss, Xb and Yb in the inspector with their value, shape and dtype', async () => {
    const page = await openAt(browser, 1366, 768)
    await page.click('[data-node="Xb"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="inspector"] .inspector-name')?.textContent === 'Xb')
    await page.waitForSelector('[data-testid="inspector"] canvas')
    const xb = await page.textContent('[data-testid="inspector"]')
    expect(xb).toContain('[32, 3]')
    expect(xb).toContain('int64')
    expect(xb).toContain('needs no gradient')
    expect(await page.textContent('.cell-title')).toBe('dlogprobs') // the open cell stays
    await page.click('[data-node="loss"]')
    await page.waitForSelector('[data-testid="inspector"] .scalar')
    expect(await page.textContent('[data-testid="inspector-shape"]')).toBe('[] (a scalar)')
    expect(await page.textContent('[data-testid="inspector"] .scalar')).toMatch(/^loss = 3\.\d+$/)
    await page.click('[data-node="Yb"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="inspector"] .inspector-name')?.textContent === 'Yb')
    expect(await page.textContent('[data-testid="inspector-shape"]')).toBe('[32]')
    expect(await page.locator('.notice').count()).toBe(0)
    // picking a node with a cell brings the inspector back to it
    await page.click('[data-node="probs"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="inspector"] .inspector-name')?.textContent === 'probs')
    // exercise 2's graph too
    await page.selectOption('select.exercise', '2')
    await page.click('[data-graph="2"] [data-node="Yb"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="inspector"] .inspector-name')?.textContent === 'Yb')
    expect(await page.locator('.notice').count()).toBe(0)
    await page.context().close()
  })

  it('the line stepper says its variables are after the highlighted line, and ends a failing cell on the line that raised', async () => {
    const page = await openAt(browser, 1366, 768)
    await checkCell(page, 'probs', 'x = probs.sum()\ny = x * 2\ndprobs = probz * dlogprobs', 'error')
    await page.click('[data-testid="trace"]')
    await page.waitForSelector('[aria-label="Variables"]')
    expect(await page.textContent('.trace')).toContain('after the highlighted line ran')
    expect(await page.textContent('.trace-where')).toContain('after statement 1 of 3, line 1')
    // x is 0-d: a scalar, not a list of one
    const row = await page.locator('[aria-label="Variables"] tbody tr').first().textContent()
    expect(row).toContain('[] (scalar)')
    expect(row).not.toMatch(/\[\d/)
    await page.click('[aria-label="Last line"]')
    await page.waitForSelector('[data-testid="trace-raised"]')
    expect(await page.textContent('.trace-where')).toContain('line 3 raised')
    expect(await page.textContent('[data-testid="trace-raised"]')).toContain("NameError: name 'probz' is not defined")
    expect(await page.locator('[data-testid="editor"] .trace-line.raised').count()).toBe(1)
    await page.context().close()
  })

  it('hides Next hint once the cell passes', async () => {
    const page = await openAt(browser, 1366, 768)
    await checkCell(page, 'probs', 'dprobs = probs * dlogprobs', 'fail')
    await page.click('[data-testid="hint"]')
    await page.waitForSelector('.hints li')
    expect(await page.textContent('[data-testid="hint"]')).toContain('Next hint')
    await checkCell(page, 'probs', REFERENCE_CELLS.probs, 'pass')
    await page.waitForSelector('[data-testid="verdict"][data-verdict="pass"]')
    expect(await page.locator('[data-testid="hint"]').count()).toBe(0)
    expect(await page.locator('[data-testid="reveal-solution"]').count()).toBe(0)
    expect(await page.locator('.hints li').count()).toBe(1) // what was read stays
    await page.context().close()
  })

  it("chained mode shows a cell's print() output under its verdict", async () => {
    const page = await openAt(browser, 1366, 768)
    await page.click('text=Chained')
    await checkCell(page, 'logprobs', REFERENCE_CELLS.logprobs, 'pass')
    await checkCell(page, 'probs', `print(dlogprobs.shape)\n${REFERENCE_CELLS.probs}`, 'pass')
    await page.waitForSelector('[data-testid="printed"]')
    expect(await page.textContent('[data-testid="printed"]')).toContain('torch.Size([32, 27])')
    await page.click('[data-node="logprobs"]')
    await page.waitForFunction(() => document.querySelector('.cell-title')?.textContent === 'dlogprobs')
    expect(await page.locator('[data-testid="printed"]').count()).toBe(0)
    await page.context().close()
  })

  it("keeps exercise 4's last run (losses, names, plot) across a reload", async () => {
    const page = await openAt(browser, 1366, 768)
    await page.selectOption('select.exercise', '4')
    await page.check('[data-testid="train-source-builtin"]')
    await page.fill('[data-testid="train-steps"]', '300')
    await page.click('[data-testid="train-start"]')
    await page.waitForSelector('[data-testid="training"][data-phase="done"]', { timeout: 120_000 })
    const before = { val: await page.textContent('[data-testid="val-loss"]'), names: await page.textContent('[data-testid="train-samples"]') }
    await page.waitForTimeout(1200) // the autosave of the exercise choice
    await page.reload()
    await page.waitForSelector('[data-testid="training"][data-phase="done"]', { timeout: 60_000 })
    expect(await page.textContent('[data-testid="val-loss"]')).toBe(before.val)
    expect(await page.textContent('[data-testid="train-samples"]')).toBe(before.names)
    expect(await page.textContent('[data-testid="training"]')).toContain('Your last run, kept from before')
    expect(await page.getAttribute('[data-testid="loss-plot"] .loss-raw', 'd')).toBeTruthy()
    expect(await page.textContent('[data-testid="progress"]')).toContain('trained')
    await page.context().close()
  })
})

// A learner who did the lecture in Colab opens the whole notebook (setup, forward, plots, exercise 4's loop and
// all): the app finds the exercise 1, 2 and 3 cells, says which it read, and judges them (issue 13).
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FUSED } from '../../src/core/exercise/exercises'
import { lectureNotebook } from '../grade/lecture-notebook'
import { CHROME, launch, openApp, verdict } from './browser'

describe.skipIf(CHROME === null)('a whole lecture notebook opened in the app', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('reads its exercise cells, names them, and judges exercise 1 node by node and exercises 2 and 3', async () => {
    const page = await openApp(browser)
    // exercise 3 forgets the batch norm's Bessel correction: wrong
    const wrong3 = 'dhprebn = bngain*bnvar_inv/n * (n*dhpreact - dhpreact.sum(0) - bnraw*(dhpreact*bnraw).sum(0))'
    const notebook = lectureNotebook({ exercise2: FUSED[2].reference, exercise3: wrong3 })
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="import"]')])
    await chooser.setFiles({ name: 'makemore_part4_backprop.ipynb', mimeType: 'application/x-ipynb+json', buffer: Buffer.from(notebook) })
    await page.waitForFunction(() => document.body.textContent?.includes("Imported 26 cells and exercises 2 and 3 from makemore_part4_backprop.ipynb. Read the notebook's cells 12 (exercise 1), 13 (exercise 2), 14 (exercise 3)."))
    await page.waitForFunction(() => document.querySelector('[data-testid="progress"]')?.textContent?.includes('26/26'), undefined, { timeout: 30_000 })
    expect(await page.locator('[data-graph="1"] [data-node][data-status="pass"]').count()).toBe(26)

    // exercise 2 passed and is ticked in the menu; exercise 3 is the learner's wrong line, judged wrong
    await page.waitForFunction(() => [...document.querySelectorAll('select.exercise option')].some((o) => o.getAttribute('value') === '2' && o.textContent?.includes('✓')))
    await page.selectOption('select.exercise', '3')
    expect(await verdict(page)).toBe('fail')
    const text = await page.locator('[data-testid="editor"] .view-lines').innerText()
    expect(text.replace(/\u00a0/g, ' ')).toContain('bnraw*(dhpreact*bnraw).sum(0)')
    // the lecture's own lines of that cell (the hpreact_fast comparison, the cmp call) were left out
    expect(text).not.toContain('hpreact_fast')
    expect(text).not.toContain('cmp(')
    await page.selectOption('select.exercise', '2')
    expect(await verdict(page)).toBe('pass')
    await page.context().close()
  })
})

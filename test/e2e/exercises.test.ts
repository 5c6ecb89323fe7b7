// Exercises 2, 3 and 4 in Chromium: the fused cells pass and fail as in the lecture, and training runs in its
// own worker with progress, a plot, split losses, sampled names and a working Stop.
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { FUSED } from '../../src/core/exercise/exercises'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { CHROME, launch, openApp, verdict } from './browser'

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control'

async function chooseExercise(page: Page, id: number): Promise<void> {
  await page.selectOption('select.exercise', String(id))
}

/** Replaces the cell on screen with `code` and checks it (Ctrl+Enter). */
async function writeShownCell(page: Page, code: string): Promise<void> {
  await page.click('[data-testid="editor"] .monaco-editor .view-lines')
  await page.keyboard.press(`${MOD}+A`)
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
  await page.keyboard.press(`${MOD}+Enter`)
}

/** Starts a run of `steps` from `source` and waits for its end; returns the status line. */
async function train(page: Page, source: 'mine' | 'builtin', steps: number): Promise<string> {
  await page.check(`[data-testid="train-source-${source}"]`)
  await page.fill('[data-testid="train-steps"]', String(steps))
  await page.click('[data-testid="train-start"]')
  await page.waitForSelector('[data-testid="training"][data-phase="done"]', { timeout: 60_000 })
  return (await page.textContent('[data-testid="train-status"]')) ?? ''
}

describe.skipIf(CHROME === null)('exercises 2, 3 and 4 in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('exercise 2: the fused dlogits passes, shown as the lecture’s gray imshow, the true one on request', async () => {
    const page = await openApp(browser)
    await chooseExercise(page, 2)
    await page.waitForSelector('[data-graph="2"] [data-node="cross_entropy"]')
    expect(await page.isVisible('[data-graph="2"] [data-node="probs"]')).toBe(false)
    expect(await page.textContent('[data-testid="prompt"]')).toContain('F.cross_entropy(logits, Yb)')
    await writeShownCell(page, FUSED[2].reference)
    expect(await verdict(page)).toBe('pass')
    expect(await page.textContent('.cmp')).toMatch(/logits .*approximate: True/)
    expect(await page.getAttribute('[data-graph="2"] [data-node="logits"]', 'data-status')).toBe('pass')
    await page.waitForSelector('[data-testid="inspector"] canvas[data-colormap="gray"]')
    await page.click('text=Show the true gradient')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="inspector"] canvas[data-colormap="gray"]').length === 2)
    expect(await page.textContent('[data-testid="inspector"]')).toContain("true dlogits (autograd), as plt.imshow(dlogits, cmap='gray')")
    // exercise 1's logits node is untouched by it
    await chooseExercise(page, 1)
    expect(await page.getAttribute('[data-graph="1"] [data-node="logits"]', 'data-status')).toBe('missing')
    await page.context().close()
  })

  it('exercise 3: the fused dhprebn passes; a wrong fused cell fails with a diagnosis and hints', async () => {
    const page = await openApp(browser)
    await chooseExercise(page, 3)
    await page.waitForSelector('[data-graph="3"] [data-node="batchnorm"]')
    await writeShownCell(page, FUSED[3].reference)
    expect(await verdict(page)).toBe('pass')
    expect(await page.textContent('.exercise')).toContain('✓ Exercise 3: batch norm')
    await chooseExercise(page, 2)
    await writeShownCell(page, 'dlogits = F.softmax(logits, 1)')
    expect(await verdict(page)).toBe('fail')
    expect(await page.textContent('.diagnoses')).toContain('Largest difference at dlogits')
    await page.click('[data-testid="hint"]')
    expect(await page.textContent('.hints')).toContain(FUSED[2].hints[0])
    await page.context().close()
  })

  it('keeps the fused cells across a reload and exports them after the cmp() table', async () => {
    const page = await openApp(browser)
    await chooseExercise(page, 2)
    await writeShownCell(page, FUSED[2].reference)
    expect(await verdict(page)).toBe('pass')
    await page.waitForTimeout(1200) // autosave
    await page.reload()
    await page.waitForSelector('[data-graph="2"] [data-node="logits"][data-status="pass"]')
    expect(await page.inputValue('select.exercise')).toBe('2')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export"]')])
    const text = await readFile((await download.path())!, 'utf8')
    expect(text.match(/^# %% node: /gm)).toHaveLength(26)
    expect(text).toContain(`# %% exercise: 2  (pass)\n${FUSED[2].reference}`)
    expect(text.indexOf('# %% exercise: 2')).toBeGreaterThan(text.indexOf("cmp('C', dC, C)"))
    await page.context().close()
  })

  it('exercise 4 says what is missing before training with the learner’s cells, and jumps to it', async () => {
    const page = await openApp(browser)
    await chooseExercise(page, 4)
    await page.waitForSelector('[data-testid="train-blockers"]')
    expect(await page.locator('[data-testid="train-blockers"] button').count()).toBeGreaterThan(10)
    expect(await page.textContent('[data-testid="train-plan"]')).toContain("isn't written yet")
    expect(await page.isDisabled('[data-testid="train-start"]')).toBe(true)
    await page.click('[data-testid="train-blockers"] [data-cell="probs"]')
    await page.waitForSelector('[data-graph="1"] [data-node="probs"].selected')
    expect(await page.textContent('.cell-title')).toBe('dprobs')
    await page.context().close()
  })

  it('exercise 4 trains with the learner’s own cells, then the built-in pass, and stops a run early', async () => {
    const page = await openApp(browser)
    const solution = CHECK_ORDER.map((k) => REFERENCE_CELLS[k]).join('\n')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="import"]')])
    await chooser.setFiles({ name: 'lecture.py', mimeType: 'text/x-python', buffer: Buffer.from(solution) })
    await page.waitForFunction(() => document.querySelector('[data-testid="progress"]')?.textContent?.includes('26/26'), undefined, { timeout: 30_000 })
    await chooseExercise(page, 4)
    await page.waitForSelector('[data-testid="train-plan"][data-ready="true"]')

    // the learner's cells: traced at the first step, then the compiled tape replayed every step
    expect(await train(page, 'mine', 2000)).toContain('Trained 2,000 steps')
    expect(await page.getAttribute('[data-testid="train-path"]', 'data-path')).toBe('compiled')
    expect(await page.textContent('[data-testid="train-path"]')).toMatch(/^Compiled: your code was traced once and its \d+ tensor ops are replayed every step/)
    const plot = '[data-testid="loss-plot"] svg'
    expect(await page.getAttribute(plot, 'data-steps')).toBe('2000')
    expect(Number(await page.getAttribute('.loss-raw', 'd').then((d) => d?.length ?? 0))).toBeGreaterThan(100)
    const first = Number(await page.getAttribute(plot, 'data-smooth-first'))
    const last = Number(await page.getAttribute(plot, 'data-smooth-last'))
    expect(last).toBeLessThan(first)
    expect(await page.locator('[data-testid="train-samples"] li').count()).toBe(20)
    const mineVal = Number(await page.textContent('[data-testid="val-loss"]'))
    expect(mineVal).toBeGreaterThan(2)
    expect(mineVal).toBeLessThan(3.3)

    // the built-in pass for the same 2,000 steps: the previous run stays on the plot to compare, and the lecture's
    // cells, being the same math, end where the built-in pass ends
    expect(await train(page, 'builtin', 2000)).toContain('Trained 2,000 steps')
    expect(await page.getAttribute(plot, 'data-steps')).toBe('2000')
    expect(await page.getAttribute('.loss-previous', 'd')).toBeTruthy()
    expect(await page.isVisible('[data-testid="train-path"]')).toBe(false)
    expect(Number(await page.textContent('[data-testid="val-loss"]'))).toBeCloseTo(mineVal, 2)

    // a long run, paused, resumed, then stopped: it says it stopped, and still calibrates and samples
    await page.fill('[data-testid="train-steps"]', '200000')
    await page.click('[data-testid="train-start"]')
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="loss-plot"] svg')?.getAttribute('data-steps')) > 200)
    expect(await page.textContent('[data-testid="train-status"]')).toMatch(/steps\/s · about .* left/)
    await page.click('[data-testid="train-pause"]')
    await page.waitForSelector('[data-testid="training"][data-phase="paused"]')
    await page.click('[data-testid="train-pause"]')
    await page.waitForSelector('[data-testid="training"][data-phase="running"]')
    await page.click('[data-testid="train-stop"]')
    await page.waitForSelector('[data-testid="training"][data-phase="done"]', { timeout: 30_000 })
    expect(await page.textContent('[data-testid="train-status"]')).toMatch(/^Stopped at step [\d,]+ of 200,000/)
    expect(await page.textContent('[data-testid="train-results"]')).toContain('stopped early')
    expect(await page.locator('[data-testid="train-samples"] li').count()).toBe(20)
    await page.context().close()
  })
})

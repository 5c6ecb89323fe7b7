// Lessons in the app (issue "Lessons"): pick one, write a right and a wrong cell, badges, export and import keyed
// by lesson, a lesson file of one's own, and a bad one refused with its line.
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildLesson } from '../../src/core/lesson/build'
import { CHROME, launch, openApp, statusOf, writeCell } from './browser'

const ROOT = join(__dirname, '..', '..')
const NAMES = readFileSync(join(ROOT, 'data', 'names.txt'), 'utf8')



/** Picks a lesson in the header's menu and waits for its graph. */
async function pick(page: Page, value: string, node: string): Promise<void> {
  await page.selectOption('[data-testid="lesson-picker"]', value)
  await page.waitForSelector(`[data-node="${node}"]`, { timeout: 60_000 })
}

describe.skipIf(CHROME === null)('lessons in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it.each(['layernorm-mlp', 'attention-head', 'wavenet-mlp'])('%s: picked, a right and a wrong cell get their badges', async (id) => {
    const l = buildLesson(readFileSync(join(ROOT, 'lessons', `${id}.py`), 'utf8'), { id, namesText: NAMES })
    const [first] = l.order
    const page = await openApp(browser)
    await pick(page, `lesson:${id}`, first)
    await writeCell(page, first, l.solution.get(first)!)
    expect(await statusOf(page, first)).toBe('pass')
    const second = l.order[1]
    await writeCell(page, second, `d${second} = torch.ones_like(${second}) * 7`)
    expect(await statusOf(page, second)).toBe('fail')
    await page.waitForFunction((n) => document.querySelector('[data-testid="progress"]')?.textContent?.includes(`1/${n}`), l.order.length)
    await page.context().close()
  })

  it('offers the shipped lessons with their node counts, and opens the attention head', async () => {
    const page = await openApp(browser)
    const labels = await page.$$eval('[data-testid="lesson-picker"] option', (os) => os.map((o) => o.textContent))
    expect(labels).toEqual(expect.arrayContaining(['One self-attention head (18 nodes)', 'LayerNorm instead of BatchNorm (19 nodes)', 'Open lesson file…']))
    await pick(page, 'lesson:attention-head', 'att')
    expect(await page.textContent('[data-testid="progress"]')).toContain('0/18')
    expect(await page.getAttribute('[data-node="x"]', 'data-merge')).toBe('true')
    expect(await page.$('[data-node="logprobs"]')).toBeNull()
    await page.click('[data-node="masked"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="inspector"]')?.textContent?.includes('[8, 8, 8]'))
    await page.context().close()
  })

  it('judges a right and a wrong cell, keeps the work per lesson, and the lecture keeps its own', async () => {
    const page = await openApp(browser)
    await writeCell(page, 'probs', 'dprobs = probs * 2')
    expect(await statusOf(page, 'probs')).toBe('fail')
    await page.waitForTimeout(1200) // autosave
    await pick(page, 'lesson:layernorm-mlp', 'lnmean')
    await writeCell(page, 'logits', 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n')
    expect(await statusOf(page, 'logits')).toBe('pass')
    await writeCell(page, 'b2', 'db2 = dlogits')
    expect(await statusOf(page, 'b2')).toBe('fail')
    await page.waitForFunction(() => document.querySelector('[data-testid="progress"]')?.textContent?.includes('1/19'))
    await page.waitForTimeout(1200)
    await page.reload()
    await page.waitForSelector('[data-node="lnmean"]', { timeout: 60_000 })
    expect(await statusOf(page, 'logits')).toBe('pass')
    // back to the lecture: its own cells, untouched by the lesson's
    await pick(page, '1', 'logprobs')
    expect(await statusOf(page, 'probs')).toBe('fail')
    await page.context().close()
  })

  it('exports a lesson .py and refuses it in another lesson, changing nothing', async () => {
    const page = await openApp(browser)
    await pick(page, 'lesson:layernorm-mlp', 'lnmean')
    await writeCell(page, 'h', 'dh = dlogits @ W2.T')
    expect(await statusOf(page, 'h')).not.toBe('error')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export"]')])
    const text = await readFile((await download.path())!, 'utf8')
    expect(text).toContain('# Backprop Ninja lesson: layernorm-mlp')
    expect(text).toContain('# %% node: lnmean')
    await pick(page, 'lesson:attention-head', 'att')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="import"]')])
    await chooser.setFiles({ name: 'ln.py', mimeType: 'text/x-python', buffer: Buffer.from(text) })
    await page.waitForFunction(() => /made for the lesson 'layernorm-mlp'/.test(document.body.textContent ?? ''))
    expect(await page.textContent('[data-testid="progress"]')).toContain('0/18')
    await page.context().close()
  })

  it('opens a lesson file of the learner\'s own, and refuses a bad one with its line', async () => {
    const page = await openApp(browser)
    const bad = '# %% lesson: broken\n# %% setup\nimport torch\nW = torch.ones(3, requires_grad=True)\n# %% forward\ny = W * 2\n'
    let [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.selectOption('[data-testid="lesson-picker"]', 'open-lesson')])
    await chooser.setFiles({ name: 'broken.py', mimeType: 'text/x-python', buffer: Buffer.from(bad) })
    await page.waitForFunction(() => /broken\.py is not a lesson .*line 5, column 1: the forward pass never binds loss/.test(document.body.textContent ?? ''))
    const good = [
      '# %% lesson: Two weights',
      '# A product of two weight vectors and a mean.',
      '# %% setup',
      'import torch',
      'g = torch.Generator().manual_seed(3)',
      'a = torch.randn(5, generator=g)',
      'b = torch.randn(5, generator=g)',
      'a.requires_grad = True',
      'b.requires_grad = True',
      '# %% forward',
      'prod = a * b',
      'loss = prod.mean()',
      ''
    ].join('\n')
    ;[chooser] = await Promise.all([page.waitForEvent('filechooser'), page.selectOption('[data-testid="lesson-picker"]', 'open-lesson')])
    await chooser.setFiles({ name: 'two.py', mimeType: 'text/x-python', buffer: Buffer.from(good) })
    await page.waitForSelector('[data-node="prod"]', { timeout: 60_000 })
    await writeCell(page, 'prod', 'dprod = torch.ones_like(prod) / 5')
    expect(await statusOf(page, 'prod')).toBe('pass')
    await writeCell(page, 'a', 'da = b * dprod')
    expect(await statusOf(page, 'a')).toBe('pass')
    expect(await page.textContent('[data-testid="progress"]')).toContain('2/3')
    await page.context().close()
  })
})

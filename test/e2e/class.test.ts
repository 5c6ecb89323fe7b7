// The Class view (issue 13): a teacher opens 20 files (the corpus, planted mistakes, a notebook, a binary file), they
// are graded in workers; the heatmap has a row a learner and a cell a node, a cell shows that learner's code and
// verdict, a cluster its members, and the CSV is the gradebook.
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROME, launch, openApp } from './browser'
import { classFiles } from './class-files'

const NODES = 26

async function openClass(page: Page): Promise<void> {
  await page.click('[data-testid="class"]')
  await page.waitForSelector('[data-testid="class-view"]:not([hidden])')
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="class-open-files"]')])
  await chooser.setFiles(classFiles())
  await page.waitForSelector('[data-testid="class-progress"][data-state="done"]', { timeout: 120_000 })
}

const statuses = (page: Page, id: string) =>
  page.$$eval(`[data-testid="class-row"][data-learner="${id}"] [data-testid="class-cell"]`, (tds) => tds.map((td) => td.getAttribute('data-status')))

describe.skipIf(CHROME === null)('the Class view in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('grades 20 files into a heatmap, shows a cell and a cluster, and exports the CSV', async () => {
    const page = await openApp(browser)
    await openClass(page)
    expect(await page.textContent('[data-testid="class-progress"]')).toContain('20 files graded')
    // a row a learner, a cell a node, each lettered
    const rows = await page.$$eval('[data-testid="class-row"]', (trs) => trs.map((tr) => tr.getAttribute('data-learner')))
    expect(rows).toHaveLength(20)
    expect(rows[0]).toBe('a01_reference_keepdim.py')
    expect(await page.$$eval('[data-testid="class-cell"]', (tds) => tds.length)).toBe(20 * NODES)
    expect(await page.$$eval('[data-testid="class-cell"]', (tds) => tds.every((td) => (td.textContent ?? '').length === 1))).toBe(true)
    expect(await statuses(page, 'a01_reference_keepdim.py')).toEqual(Array(NODES).fill('pass'))
    expect(await statuses(page, 's07_notebook.ipynb')).toEqual(Array(NODES).fill('pass'))
    expect(await statuses(page, 'zz_binary.py')).toEqual(Array(NODES).fill('unreadable'))
    expect(await page.getAttribute('[data-learner="zz_binary.py"]', 'data-status')).toBe('unreadable')
    expect(await page.getAttribute('[data-learner="b08_syntax_error.py"]', 'data-status')).toBe('error')
    const s01 = await statuses(page, 's01_db2_doubled.py')
    expect(s01.filter((s) => s !== 'pass')).toEqual(['fail'])

    // sorted by score, best first; a second click puts the lowest first
    await page.click('[data-testid="class-sort-score"]')
    const scores = await page.$$eval('[data-testid="class-row"] td.score', (tds) => tds.map((td) => Number(td.getAttribute('data-score'))))
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(scores[0]).toBe(1)
    await page.click('[data-testid="class-sort-score"]')
    expect(await page.getAttribute('[data-testid="class-row"]:first-child', 'data-learner')).toMatch(/b08_syntax_error|zz_binary/)

    // a cell: that learner's code for the node, and its verdict
    await page.click('[data-learner="s01_db2_doubled.py"] [data-testid="class-cell"][data-node="b2"]')
    expect(await page.textContent('[data-testid="class-detail"]')).toContain('s01_db2_doubled.py')
    expect(await page.textContent('[data-testid="class-detail-status"]')).toContain('fail')
    expect(await page.textContent('[data-testid="class-detail-code"]')).toBe('db2 = dlogits.sum(0) * 2')
    expect(await page.textContent('[data-testid="class-detail-diagnosis"]')).toMatch(/2 times the right answer/)
    // the unreadable file says why
    await page.click('[data-learner="zz_binary.py"] [data-testid="class-cell"][data-node="logprobs"]')
    expect(await page.textContent('[data-testid="class-detail"]')).toContain('not a text file (it holds NUL bytes)')

    // db2's clusters, largest first: the three planted alike, then each other wrong answer alone
    const counts = await page.$$eval('[data-testid="class-cluster"][data-node="b2"]', (bs) => bs.map((b) => Number(b.getAttribute('data-count'))))
    expect(counts[0]).toBe(3)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    await page.click('[data-testid="class-cluster"][data-node="b2"]')
    const members = await page.$$eval('[data-testid="class-cluster-members"] button', (bs) => bs.map((b) => b.textContent))
    expect(members).toEqual(['s01_db2_doubled.py', 's02_db2_doubled.py', 's03_db2_doubled.py'])
    expect(await page.textContent('[data-testid="class-detail-code"]')).toBe('db2 = dlogits.sum(0) * 2')
    expect(await page.$$eval('td.in-cluster', (tds) => tds.length)).toBe(3)
    // a member leads to that learner's cell
    await page.click('[data-testid="class-cluster-members"] button:has-text("s02_db2_doubled.py")')
    expect(await page.textContent('[data-testid="class-detail"]')).toContain('s02_db2_doubled.py')

    // the gradebook: a row a learner (id order), its score, a column a node
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="class-export"]')])
    const csv = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n')
    expect(csv).toHaveLength(21)
    expect(csv[0].split(',').slice(0, 4)).toEqual(['id', 'score', 'logprobs', 'probs'])
    expect(csv[0].split(',')).toHaveLength(2 + NODES)
    expect(csv[1]).toBe(['a01_reference_keepdim.py', '1', ...Array(NODES).fill('pass')].join(','))
    expect(csv.find((l) => l.startsWith('zz_binary.py,'))).toBe(`zz_binary.py,0${','.repeat(NODES)}`)

    // closing goes back to the exercise
    await page.click('[data-testid="class-close"]')
    expect(await page.isVisible('[data-node="logprobs"]')).toBe(true)
    expect(await page.isHidden('[data-testid="class-view"]')).toBe(true)
    await page.context().close()
  })

  it('is in the lesson menu too, and a file dropped on it is graded', async () => {
    const page = await openApp(browser)
    await page.selectOption('[data-testid="lesson-picker"]', 'class')
    await page.waitForSelector('[data-testid="class-drop"]:not([hidden])')
    // the menu still shows the exercise, not the command
    expect(await page.$eval('[data-testid="lesson-picker"]', (s) => (s as HTMLSelectElement).value)).toBe('1')
    const text = (await readFile(new URL('../fixtures/corpus/a03_one_liners.py', import.meta.url), 'utf8')).toString()
    const data = await page.evaluateHandle((t) => {
      const dt = new DataTransfer()
      dt.items.add(new File([t], 'dropped.py', { type: 'text/x-python' }))
      return dt
    }, text)
    await page.dispatchEvent('[data-testid="class-view"]', 'drop', { dataTransfer: data })
    await page.waitForSelector('[data-testid="class-progress"][data-state="done"]', { timeout: 120_000 })
    expect(await statuses(page, 'dropped.py')).toEqual(Array(NODES).fill('pass'))
    await page.context().close()
  })

  it('grades against the lesson that is open', async () => {
    const page = await openApp(browser)
    await page.selectOption('[data-testid="lesson-picker"]', 'lesson:layernorm-mlp')
    await page.waitForSelector('[data-node="lnmean"]', { timeout: 60_000 })
    await page.click('[data-testid="class"]')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid="class-open-files"]')])
    const code = 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1\ndlogits /= n\ndb2 = dlogits\n'
    await chooser.setFiles([{ name: 'ln.py', mimeType: 'text/x-python', buffer: Buffer.from(code) }])
    await page.waitForSelector('[data-testid="class-progress"][data-state="done"]', { timeout: 120_000 })
    const cells = await statuses(page, 'ln.py')
    expect(cells).toHaveLength(19)
    expect(cells.filter((s) => s === 'pass')).toHaveLength(1)
    expect(await page.textContent('[data-testid="class-view"] .class-title')).toContain('LayerNorm')
    expect(await page.$$eval('[data-testid="class-heatmap"] th.node', (ths) => ths.map((th) => th.textContent))).toContain('lnmean')
    await page.context().close()
  })
})

// The IPC handlers: who may call them, what arguments they take, and what they do with the dialogs and files.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../helpers/fake-electron'))

import type { BrowserWindow as ElectronWindow, IpcMainInvokeEvent } from 'electron'
import { ArgumentError, expectText, isTrustedSender, registerIpcHandlers } from '../../src/main/ipc'
import { createProgressStore } from '../../src/main/progress'
import { EXTERNAL_LINKS } from '../../src/main/security'
import { CHANNELS, MAX_TEXT_BYTES, PROGRESS_SCHEMA } from '../../src/preload/contract'
import { BrowserWindow, FakeWebContents, app, dialog, fakeFrame, ipcMain, resetFakes, shell } from '../helpers/fake-electron'

const APP_URL = 'app://bundle/index.html'

let dir: string
let window: BrowserWindow | null
let unregister: () => void

beforeEach(async () => {
  resetFakes()
  dir = await mkdtemp(join(tmpdir(), 'ninja-ipc-'))
  app.getPath.mockImplementation((name: string) => join(dir, name))
  window = new BrowserWindow({})
  unregister = registerIpcHandlers({
    getWindow: () => window as unknown as ElectronWindow,
    appUrl: APP_URL,
    progress: createProgressStore(join(dir, 'userData'))
  })
})
afterEach(async () => {
  unregister()
  await rm(dir, { recursive: true, force: true })
})

/** An invoke event as Electron would build it for a message from `sender`'s frame at `url`. */
function eventFrom(sender: FakeWebContents, url = APP_URL, parent: object | null = null) {
  return { sender, senderFrame: fakeFrame(url, parent) }
}

/** Calls a registered handler the way ipcRenderer.invoke from our own page would. */
function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  return invokeAs(eventFrom(window!.webContents), channel, ...args)
}

async function invokeAs(event: object, channel: string, ...args: unknown[]): Promise<unknown> {
  const handler = ipcMain.handlers.get(channel)
  if (!handler) throw new Error(`no handler for ${channel}`)
  return handler(event, ...args)
}

describe('registration', () => {
  it('answers exactly the five channels, and can take them back', () => {
    expect([...ipcMain.handlers.keys()].sort()).toStrictEqual(Object.values(CHANNELS).sort())
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
    unregister = () => undefined
  })
})

describe('sender validation', () => {
  const progressText = JSON.stringify({ schema: PROGRESS_SCHEMA })

  it('accepts our window’s top frame showing our page', () => {
    const event = eventFrom(window!.webContents, `${APP_URL}#/exercise/1`)
    expect(isTrustedSender(event as unknown as IpcMainInvokeEvent, window as unknown as ElectronWindow, APP_URL)).toBe(true)
  })

  it('accepts the dev server’s page when that is the app’s page', () => {
    const dev = 'http://localhost:5173/'
    const event = eventFrom(window!.webContents, 'http://localhost:5173/index.html')
    expect(isTrustedSender(event as unknown as IpcMainInvokeEvent, window as unknown as ElectronWindow, dev)).toBe(true)
  })

  it.each([
    ['another webContents', () => eventFrom(new FakeWebContents())],
    ['a page that navigated elsewhere', () => eventFrom(window!.webContents, 'https://evil.example/')],
    ['another app:// host', () => eventFrom(window!.webContents, 'app://evil/index.html')],
    ['app:// with a user name', () => eventFrom(window!.webContents, 'app://user@bundle/index.html')],
    ['the built page as a local file', () => eventFrom(window!.webContents, 'file:///app/out/renderer/index.html')],
    ['a dev server the app is not using', () => eventFrom(window!.webContents, 'http://localhost:5173/')],
    ['a subframe', () => eventFrom(window!.webContents, APP_URL, fakeFrame(APP_URL))],
    ['a frame that is gone', () => ({ sender: window!.webContents, senderFrame: null })]
  ])('refuses %s on every channel', async (_what, makeEvent) => {
    for (const channel of Object.values(CHANNELS)) {
      await expect(invokeAs(makeEvent(), channel, progressText)).rejects.toThrow(/refused a message from outside the app/)
    }
    expect(dialog.showSaveDialog).not.toHaveBeenCalled()
    expect(dialog.showOpenDialog).not.toHaveBeenCalled()
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('refuses everything once the window is closed', async () => {
    const sender = window!.webContents
    window!.destroyed = true
    await expect(invokeAs(eventFrom(sender), CHANNELS.loadProgress)).rejects.toThrow(/outside the app/)
    window = null
    await expect(invokeAs(eventFrom(sender), CHANNELS.loadProgress)).rejects.toThrow(/outside the app/)
  })
})

describe('argument validation', () => {
  it('expectText checks type and UTF-8 size', () => {
    expect(expectText('abc', 'x')).toBe('abc')
    expect(() => expectText(3, 'x')).toThrow(ArgumentError)
    expect(() => expectText('é'.repeat(3), 'x', 5)).toThrow(/larger than 5 bytes/)
    expect(expectText('é'.repeat(3), 'x', 6)).toBe('ééé')
  })

  it.each([
    [CHANNELS.saveSolution, [42, 'text', 'py']],
    [CHANNELS.saveSolution, ['name', { text: 1 }, 'py']],
    [CHANNELS.saveSolution, ['name', 'text', 'exe']],
    [CHANNELS.saveSolution, ['name', 'text']],
    [CHANNELS.saveSolution, ['n'.repeat(2000), 'text', 'py']],
    [CHANNELS.saveSolution, ['name', 'x'.repeat(MAX_TEXT_BYTES + 1), 'py']],
    [CHANNELS.openSolution, ['/etc/passwd']],
    [CHANNELS.loadProgress, ['extra']],
    [CHANNELS.saveProgress, [null]],
    [CHANNELS.saveProgress, [['{"schema":1}']]],
    [CHANNELS.saveProgress, []],
    [CHANNELS.saveProgress, ['x'.repeat(MAX_TEXT_BYTES + 1)]],
    [CHANNELS.openLecture, ['https://evil.example/']],
    [CHANNELS.openLecture, [EXTERNAL_LINKS.lecture]],
    [CHANNELS.openLecture, [7]],
    [CHANNELS.openLecture, []]
  ])('%s refuses %j', async (channel, args) => {
    await expect(invoke(channel, ...args)).rejects.toThrow(ArgumentError)
    expect(dialog.showSaveDialog).not.toHaveBeenCalled()
    expect(dialog.showOpenDialog).not.toHaveBeenCalled()
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('accepts text of exactly the size limit', async () => {
    const text = JSON.stringify({ schema: PROGRESS_SCHEMA, pad: '' })
    const padded = text.replace('""', `"${'x'.repeat(MAX_TEXT_BYTES - text.length)}"`)
    expect(Buffer.byteLength(padded)).toBe(MAX_TEXT_BYTES)
    await expect(invoke(CHANNELS.saveProgress, padded)).resolves.toStrictEqual({ status: 'saved' })
  })
})

describe('solution:save', () => {
  it('offers a safe name in Documents and writes where the learner chose', async () => {
    const chosen = join(dir, 'my-backprop.py')
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: chosen })
    const result = await invoke(CHANNELS.saveSolution, '../../my-backprop', 'dlogprobs = ...\n', 'py')
    expect(result).toStrictEqual({ status: 'saved', name: 'my-backprop.py' })
    expect(await readFile(chosen, 'utf8')).toBe('dlogprobs = ...\n')
    const [parent, options] = dialog.showSaveDialog.mock.calls[0]! as [unknown, { defaultPath: string; filters: unknown }]
    expect(parent).toBe(window)
    expect(options.defaultPath).toBe(join(dir, 'documents', 'my-backprop.py'))
    expect(options.filters).toStrictEqual([{ name: 'Python', extensions: ['py'] }])
  })

  it('adds the extension the learner left out', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'nb') })
    const notebook = JSON.stringify({ cells: [], nbformat: 4, nbformat_minor: 5, metadata: {} })
    expect(await invoke(CHANNELS.saveSolution, 'nb', notebook, 'ipynb')).toStrictEqual({ status: 'saved', name: 'nb.ipynb' })
    expect(JSON.parse(await readFile(join(dir, 'nb.ipynb'), 'utf8'))).toMatchObject({ nbformat: 4 })
  })

  it("saves the Class view's gradebook as a CSV", async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'grades') })
    expect(await invoke(CHANNELS.saveSolution, 'backprop_ninja_class.csv', 'id,score\r\n', 'csv')).toStrictEqual({ status: 'saved', name: 'grades.csv' })
    const [, options] = dialog.showSaveDialog.mock.calls[0]! as [unknown, { defaultPath: string; filters: unknown }]
    expect(options.defaultPath).toBe(join(dir, 'documents', 'backprop_ninja_class.csv'))
    expect(options.filters).toStrictEqual([{ name: 'CSV (a gradebook)', extensions: ['csv'] }])
    expect(await readFile(join(dir, 'grades.csv'), 'utf8')).toBe('id,score\r\n')
  })

  it('refuses a notebook that is not JSON before asking anything', async () => {
    expect(await invoke(CHANNELS.saveSolution, 'nb', '{cells', 'ipynb')).toMatchObject({ status: 'error' })
    expect(dialog.showSaveDialog).not.toHaveBeenCalled()
  })

  it('writes nothing when the learner cancels', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' })
    expect(await invoke(CHANNELS.saveSolution, 'x', 'y', 'py')).toStrictEqual({ status: 'canceled' })
  })
})

describe('solution:open', () => {
  it('returns the chosen file’s name and text', async () => {
    const path = join(dir, 'mine.py')
    await writeFile(path, 'dh = dhpreact\n')
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [path] })
    expect(await invoke(CHANNELS.openSolution)).toStrictEqual({
      status: 'opened',
      name: 'mine.py',
      text: 'dh = dhpreact\n',
      extension: 'py'
    })
    const [parent, options] = dialog.showOpenDialog.mock.calls[0]! as [unknown, { properties: string[] }]
    expect(parent).toBe(window)
    expect(options.properties).toStrictEqual(['openFile'])
  })

  it('refuses a file over 2 MB and a file of another type', async () => {
    const big = join(dir, 'big.ipynb')
    await writeFile(big, 'x'.repeat(2 * 1024 * 1024 + 1))
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [big] })
    expect(await invoke(CHANNELS.openSolution)).toMatchObject({ status: 'error' })
    const other = join(dir, 'notes.md')
    await writeFile(other, '#')
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [other] })
    expect(await invoke(CHANNELS.openSolution)).toMatchObject({ status: 'error' })
  })

  it('reports a cancel', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] })
    expect(await invoke(CHANNELS.openSolution)).toStrictEqual({ status: 'canceled' })
  })
})

describe('progress:load and progress:save', () => {
  it('round-trips the learner’s work through userData/progress.json', async () => {
    const text = JSON.stringify({ schema: PROGRESS_SCHEMA, code: { dlogprobs: '...' } })
    expect(await invoke(CHANNELS.loadProgress)).toStrictEqual({ text: null, recovered: false })
    expect(await invoke(CHANNELS.saveProgress, text)).toStrictEqual({ status: 'saved' })
    expect(await readFile(join(dir, 'userData', 'progress.json'), 'utf8')).toBe(text)
    expect(await invoke(CHANNELS.loadProgress)).toStrictEqual({ text, recovered: false })
  })

  it('reports a recovery from the backup', async () => {
    const first = JSON.stringify({ schema: PROGRESS_SCHEMA, n: 1 })
    await invoke(CHANNELS.saveProgress, first)
    await invoke(CHANNELS.saveProgress, JSON.stringify({ schema: PROGRESS_SCHEMA, n: 2 }))
    await writeFile(join(dir, 'userData', 'progress.json'), '{"schema":1,"n":')
    expect(await invoke(CHANNELS.loadProgress)).toMatchObject({ text: first, recovered: true })
  })

  it('refuses progress that would not load again', async () => {
    expect(await invoke(CHANNELS.saveProgress, '{"schema":2}')).toMatchObject({ status: 'error' })
  })
})

describe('app:open-lecture', () => {
  it.each(['lecture', 'makemore', 'nn-zero-to-hero'] as const)('opens %s in the system browser', async (which) => {
    expect(await invoke(CHANNELS.openLecture, which)).toBe(true)
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith(EXTERNAL_LINKS[which])
  })
})

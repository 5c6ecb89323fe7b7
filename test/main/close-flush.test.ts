// On close or quit, the autosave still waiting on its 400 ms is written before the window goes: main holds the close,
// asks the page to flush, and closes once the page says it is done (or after a timeout, for a page that can't answer).

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../helpers/fake-electron'))

import { FLUSH_TIMEOUT_MS } from '../../src/main/close-flush'
import { CHANNELS, FLUSH_CHANNEL } from '../../src/preload/contract'
import { Autosaver } from '../../src/renderer/src/files/persistence'
import { BrowserWindow, app, fakeFrame, ipcMain, ipcRenderer, resetFakes } from '../helpers/fake-electron'

async function start(): Promise<void> {
  vi.resetModules()
  await import('../../src/main/index')
  await Promise.resolve()
  await new Promise((done) => setTimeout(done, 0))
}

function closeEvent() {
  return { preventDefault: vi.fn() }
}

beforeEach(() => resetFakes())
afterEach(() => {
  vi.useRealTimers()
})

describe('closing the window', () => {
  it('is held until the page has written its last autosave, then goes ahead', async () => {
    await start()
    const window = BrowserWindow.created[0]!
    const first = closeEvent()
    window.emit('close', first)
    expect(first.preventDefault).toHaveBeenCalledTimes(1)
    expect(window.webContents.send).toHaveBeenCalledExactlyOnceWith(FLUSH_CHANNEL)
    expect(window.close).not.toHaveBeenCalled()
    // the page answers once its save is written (from our own page: the handler checks the sender)
    const flushed = ipcMain.handlers.get(CHANNELS.flushed)!
    expect(await flushed({ sender: window.webContents, senderFrame: fakeFrame('app://bundle/index.html') })).toBe(true)
    expect(window.close).toHaveBeenCalledTimes(1)
    // the close that follows is let through
    const second = closeEvent()
    window.emit('close', second)
    expect(second.preventDefault).not.toHaveBeenCalled()
  })

  it('refuses the "done" message from any other page', async () => {
    await start()
    const window = BrowserWindow.created[0]!
    window.emit('close', closeEvent())
    const flushed = ipcMain.handlers.get(CHANNELS.flushed)!
    expect(() => flushed({ sender: window.webContents, senderFrame: fakeFrame('https://evil.example/') })).toThrow(/refused/)
    expect(window.close).not.toHaveBeenCalled()
  })

  it('closes anyway when the page never answers (hung or crashed)', async () => {
    await start()
    vi.useFakeTimers()
    const window = BrowserWindow.created[0]!
    window.emit('close', closeEvent())
    window.emit('close', closeEvent())
    expect(window.webContents.send).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(FLUSH_TIMEOUT_MS - 1)
    expect(window.close).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(window.close).toHaveBeenCalledTimes(1)
  })

  it('carries on a quit once the window has saved and closed', async () => {
    await start()
    const window = BrowserWindow.created[0]!
    app.emit('before-quit')
    window.emit('close', closeEvent())
    expect(app.quit).not.toHaveBeenCalled()
    await ipcMain.handlers.get(CHANNELS.flushed)!({ sender: window.webContents, senderFrame: fakeFrame('app://bundle/index.html') })
    expect(app.quit).toHaveBeenCalledTimes(1)
  })
})

describe('the page side', () => {
  it('writes the pending autosave when asked, then tells main', async () => {
    vi.resetModules()
    await import('../../src/preload/index')
    const { contextBridge } = await import('../helpers/fake-electron')
    const api = (contextBridge.exposeInMainWorld.mock.calls[0]! as unknown as [string, import('../../src/preload/bridge').Api])[1]
    const saved: string[] = []
    const order: string[] = []
    const autosaver = new Autosaver({ load: async () => ({ text: null, recovered: false }), save: async (text) => {
      saved.push(text)
      order.push('save')
    } }, () => 'typed just now', { delayMs: 400 })
    ipcRenderer.invoke.mockImplementation(async (channel: unknown) => {
      order.push(String(channel))
      return true
    })
    autosaver.schedule() // the learner typed: the save waits on its 400 ms
    api.onFlushRequest(() => autosaver.flush())
    ipcRenderer.deliver(FLUSH_CHANNEL)
    await vi.waitFor(() => expect(order).toContain(CHANNELS.flushed))
    expect(saved).toStrictEqual(['typed just now'])
    expect(order).toStrictEqual(['save', CHANNELS.flushed])
  })
})

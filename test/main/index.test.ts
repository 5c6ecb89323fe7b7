// The entry point, run against fake electron: one instance, one locked-down window, everything wired.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../helpers/fake-electron'))

import { CHANNELS } from '../../src/preload/contract'
import { BrowserWindow, FakeWebContents, Menu, app, fakeEvent, fakeSession, ipcMain, resetFakes } from '../helpers/fake-electron'

/** Runs src/main/index.ts afresh and waits for its whenReady work. */
async function start(): Promise<void> {
  vi.resetModules()
  await import('../../src/main/index')
  await Promise.resolve()
  await new Promise((done) => setTimeout(done, 0))
}

beforeEach(() => resetFakes())
afterEach(() => {
  delete process.env['ELECTRON_RENDERER_URL']
})

describe('main entry', () => {
  it('creates exactly one window with the locked-down preferences', async () => {
    await start()
    expect(BrowserWindow.created).toHaveLength(1)
    const { webPreferences } = BrowserWindow.created[0]!.options as { webPreferences: Record<string, unknown> }
    expect(webPreferences).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: expect.stringMatching(/[\\/]preload[\\/]index\.cjs$/)
    })
  })

  it('loads the built page as a file URL', async () => {
    await start()
    const [url] = BrowserWindow.created[0]!.loadURL.mock.calls[0]!
    expect(url).toMatch(/^file:\/\/.*\/renderer\/index\.html$/)
  })

  it('loads the dev server in development, never when packaged', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/'
    await start()
    expect(BrowserWindow.created[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173/')

    resetFakes()
    app.isPackaged = true
    await start()
    expect(BrowserWindow.created[0]!.loadURL.mock.calls[0]![0]).toMatch(/^file:/)
  })

  it('sandboxes all renderers and applies the security policy before the window exists', async () => {
    await start()
    expect(app.enableSandbox).toHaveBeenCalled()
    expect(fakeSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(fakeSession.setPermissionCheckHandler).toHaveBeenCalled()
    expect(fakeSession.webRequest.onHeadersReceived).toHaveBeenCalled()
    const securedFirst = fakeSession.setPermissionRequestHandler.mock.invocationCallOrder[0]!
    expect(securedFirst).toBeLessThan(BrowserWindow.created[0]!.loadURL.mock.invocationCallOrder[0]!)
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    const event = fakeEvent('https://evil.example/')
    contents.emit('will-navigate', event)
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('registers the IPC handlers and the menu', async () => {
    await start()
    expect([...ipcMain.handlers.keys()].sort()).toStrictEqual(Object.values(CHANNELS).sort())
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1)
  })

  it('shows the window once it is ready, and focuses it when a second copy starts', async () => {
    await start()
    const window = BrowserWindow.created[0]!
    expect(window.show).not.toHaveBeenCalled()
    window.emit('ready-to-show')
    expect(window.show).toHaveBeenCalled()
    window.isMinimized.mockReturnValue(true)
    app.emit('second-instance')
    expect(window.restore).toHaveBeenCalled()
    expect(window.focus).toHaveBeenCalled()
  })

  it('a second copy quits at once, without a window', async () => {
    app.requestSingleInstanceLock.mockReturnValue(false)
    await start()
    expect(app.quit).toHaveBeenCalled()
    expect(app.whenReady).not.toHaveBeenCalled()
    expect(BrowserWindow.created).toHaveLength(0)
  })
})

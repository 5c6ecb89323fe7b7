// The entry point, run against fake electron: one instance, one locked-down window, everything wired.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../helpers/fake-electron'))

import { CHANNELS } from '../../src/preload/contract'
import { APP_SCHEME_PRIVILEGES } from '../../src/main/protocol'
import { CSP } from '../../src/main/security'
import {
  BrowserWindow,
  FakeWebContents,
  Menu,
  app,
  fakeEvent,
  fakeFrame,
  fakeSession,
  ipcMain,
  protocol,
  resetFakes
} from '../helpers/fake-electron'

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
      devTools: true,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      preload: expect.stringMatching(/[\\/]preload[\\/]index\.cjs$/)
    })
  })

  it('registers app:// as a privileged scheme before the app is ready', async () => {
    await start()
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1)
    expect(protocol.privileged).toStrictEqual([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }])
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, allowServiceWorkers: false, bypassCSP: false })
    // The fake, like Electron, throws if this comes after ready; check the order as well.
    const registered = protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!
    expect(registered).toBeLessThan(app.whenReady.mock.invocationCallOrder[0]!)
  })

  it('serves out/renderer on app:// once ready, with the CSP', async () => {
    await start()
    const handler = protocol.handlers.get('app')
    expect(handler).toBeDefined()
    const served = protocol.handle.mock.invocationCallOrder[0]!
    expect(served).toBeLessThan(BrowserWindow.created[0]!.loadURL.mock.invocationCallOrder[0]!)
    const response = await handler!(new Request('app://bundle/no-such-file.js'))
    expect(response.status).toBe(404)
    expect(response.headers.get('Content-Security-Policy')).toBe(CSP)
  })

  it('loads the built page from app://bundle', async () => {
    await start()
    expect(BrowserWindow.created[0]!.loadURL).toHaveBeenCalledExactlyOnceWith('app://bundle/index.html')
  })

  it('loads the dev server in development, never when packaged', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/'
    await start()
    expect(BrowserWindow.created[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173/')

    resetFakes()
    app.isPackaged = true
    await start()
    expect(BrowserWindow.created[0]!.loadURL).toHaveBeenCalledExactlyOnceWith('app://bundle/index.html')
  })

  it('answers IPC from the app:// page and refuses it from any other origin', async () => {
    await start()
    const window = BrowserWindow.created[0]!
    const handler = ipcMain.handlers.get(CHANNELS.openLecture)!
    const openLectureFrom = async (url: string) =>
      handler({ sender: window.webContents, senderFrame: fakeFrame(url) }, 'lecture')
    await expect(openLectureFrom('app://bundle/index.html')).resolves.toBe(true)
    for (const url of ['app://evil/index.html', 'https://evil.example/', 'file:///tmp/index.html']) {
      await expect(openLectureFrom(url)).rejects.toThrow(/refused a message from outside the app/)
    }
  })

  it('enables the sandbox for every renderer before the app is ready (Electron refuses it after)', async () => {
    await start()
    expect(app.enableSandbox).toHaveBeenCalledTimes(1)
    // the fake throws, as Electron does, when enableSandbox comes after ready
    expect(app.enableSandbox.mock.results[0]!.type).toBe('return')
    expect(app.enableSandbox.mock.invocationCallOrder[0]!).toBeLessThan(app.whenReady.mock.invocationCallOrder[0]!)
  })

  it('opens no developer tools in the packaged app', async () => {
    app.isPackaged = true
    await start()
    const { webPreferences } = BrowserWindow.created[0]!.options as { webPreferences: Record<string, unknown> }
    expect(webPreferences.devTools).toBe(false)
  })

  it('reloads a page whose process died, telling it why, and stops after repeated crashes', async () => {
    await start()
    const window = BrowserWindow.created[0]!
    window.loadURL.mockClear()
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith('app://bundle/index.html?recovered=crashed')
    window.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 })
    expect(window.loadURL).toHaveBeenCalledTimes(1)
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    for (let k = 0; k < 5; k++) window.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 })
    // three reloads within a minute (a clean exit is no crash), then the app stops trying
    expect(window.loadURL).toHaveBeenCalledTimes(3)
    errors.mockRestore()
  })

  it('sandboxes all renderers and applies the security policy before the window exists', async () => {
    await start()
    expect(app.enableSandbox).toHaveBeenCalled()
    expect(fakeSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(fakeSession.setPermissionCheckHandler).toHaveBeenCalled()
    expect(fakeSession.webRequest.onHeadersReceived).toHaveBeenCalled()
    expect(fakeSession.webRequest.onBeforeRequest).toHaveBeenCalled()
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

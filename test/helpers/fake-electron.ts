// Hand-made stand-ins for the parts of electron the main process and the preload use. Tests install them with
// vi.mock('electron', () => import('../helpers/fake-electron')) and inspect the same objects by importing this
// file. The first copy is kept on globalThis, so a test that re-imports the app (vi.resetModules) and the test
// itself still share one set of fakes.

import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

// listeners take whatever Electron passes them; the fakes stay as loosely typed as the real emitters
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => unknown

let nextId = 1

/** A fake frame: its URL and its parent (null for a top frame). */
function makeFrame(url: string, parent: object | null = null): { url: string; parent: object | null } {
  return { url, parent }
}

/** A fake webContents: an event emitter with an id, send() and a window-open handler slot. */
class FakeContents extends EventEmitter {
  id = nextId++
  send = vi.fn()
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

/** A navigation-like event: its url and a preventDefault spy. */
function makeEvent(url = '') {
  return { url, preventDefault: vi.fn() }
}

class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = []
  static getAllWindows(): FakeWindow[] {
    return FakeWindow.created.filter((window) => !window.destroyed)
  }
  webContents = new FakeContents()
  destroyed = false
  loadURL = vi.fn(async (_url: string) => undefined)
  show = vi.fn()
  close = vi.fn()
  focus = vi.fn()
  restore = vi.fn()
  isMinimized = vi.fn(() => false)
  constructor(public options: Record<string, unknown>) {
    super()
    FakeWindow.created.push(this)
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}

function build() {
  const appEvents = new EventEmitter()
  const rendererEvents = new EventEmitter()
  const handlers = new Map<string, Listener>()
  // Like Electron: ready once the code that asked whenReady() has finished its synchronous part.
  let ready = false

  const app = {
    isPackaged: false,
    // like Electron: only before ready
    enableSandbox: vi.fn(() => {
      if (ready) throw new Error('app.enableSandbox() can only be called before app is ready')
    }),
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    whenReady: vi.fn(() =>
      Promise.resolve().then(() => {
        ready = true
      })
    ),
    isReady: vi.fn(() => ready),
    getPath: vi.fn((name: string) => `/fake/${name}`),
    getName: vi.fn(() => 'backprop-ninja'),
    on: vi.fn((event: string, listener: Listener) => {
      appEvents.on(event, listener)
      return app
    }),
    emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args)
  }

  const sessionEvents = new EventEmitter()
  const fakeSession = {
    devicePermissionHandler: null as Listener | null,
    setDevicePermissionHandler: vi.fn((handler: Listener) => {
      fakeSession.devicePermissionHandler = handler
    }),
    on: vi.fn((event: string, listener: Listener) => {
      sessionEvents.on(event, listener)
      return fakeSession
    }),
    /** Test-only: raises a session event as Electron would. */
    emit: (event: string, ...args: unknown[]) => sessionEvents.emit(event, ...args),
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    headersListener: null as Listener | null,
    setPermissionRequestHandler: vi.fn((handler: Listener) => {
      fakeSession.permissionRequestHandler = handler
    }),
    setPermissionCheckHandler: vi.fn((handler: Listener) => {
      fakeSession.permissionCheckHandler = handler
    }),
    beforeRequestListener: null as Listener | null,
    webRequest: {
      onBeforeRequest: vi.fn((listener: Listener) => {
        fakeSession.beforeRequestListener = listener
      }),
      onHeadersReceived: vi.fn((listener: Listener) => {
        fakeSession.headersListener = listener
      })
    }
  }

  // Electron's rules: privileges before ready (once), handlers after ready (one per scheme).
  const protocol = {
    privileged: [] as { scheme: string; privileges?: Record<string, boolean> }[],
    handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
    registerSchemesAsPrivileged: vi.fn((schemes: { scheme: string; privileges?: Record<string, boolean> }[]) => {
      if (ready) throw new Error('registerSchemesAsPrivileged must be called before the app is ready')
      if (protocol.privileged.length > 0) throw new Error('registerSchemesAsPrivileged can be called only once')
      protocol.privileged.push(...schemes)
    }),
    handle: vi.fn((scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
      if (!ready) throw new Error('protocol.handle must be called after the app is ready')
      if (protocol.handlers.has(scheme)) throw new Error(`second handler for ${scheme}://`)
      protocol.handlers.set(scheme, handler)
    })
  }

  const ipcMain = {
    handlers,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel)
    })
  }

  const ipcRenderer = {
    invoke: vi.fn(async (..._args: unknown[]) => undefined as unknown),
    on: vi.fn((channel: string, listener: Listener) => {
      rendererEvents.on(channel, listener)
      return ipcRenderer
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      rendererEvents.removeListener(channel, listener)
      return ipcRenderer
    }),
    /** Test-only: what the main process's webContents.send would deliver (the event carries ipcRenderer). */
    deliver: (channel: string, ...args: unknown[]) => rendererEvents.emit(channel, { sender: ipcRenderer }, ...args),
    listenerCount: (channel: string) => rendererEvents.listenerCount(channel)
  }

  /** Puts every fake back as new: no windows, handlers, listeners or recorded calls. */
  const resetFakes = (): void => {
    vi.resetAllMocks()
    FakeWindow.created = []
    appEvents.removeAllListeners()
    rendererEvents.removeAllListeners()
    handlers.clear()
    ready = false
    protocol.privileged = []
    protocol.handlers.clear()
    app.isPackaged = false
    fakeSession.permissionRequestHandler = null
    fakeSession.permissionCheckHandler = null
    fakeSession.headersListener = null
    fakeSession.beforeRequestListener = null
    fakeSession.devicePermissionHandler = null
    sessionEvents.removeAllListeners()
  }

  return {
    app,
    fakeSession,
    session: { defaultSession: fakeSession },
    protocol,
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    ipcMain,
    dialog: {
      showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] }))
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn()
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer,
    resetFakes,
    BrowserWindow: FakeWindow,
    FakeWebContents: FakeContents,
    fakeFrame: makeFrame,
    fakeEvent: makeEvent
  }
}

type Fakes = ReturnType<typeof build>
const store = globalThis as typeof globalThis & { __fakeElectron?: Fakes }
const fakes: Fakes = (store.__fakeElectron ??= build())

export const app: Fakes['app'] = fakes.app
export const fakeSession: Fakes['fakeSession'] = fakes.fakeSession
export const session: Fakes['session'] = fakes.session
export const protocol: Fakes['protocol'] = fakes.protocol
export const shell: Fakes['shell'] = fakes.shell
export const ipcMain: Fakes['ipcMain'] = fakes.ipcMain
export const dialog: Fakes['dialog'] = fakes.dialog
export const Menu: Fakes['Menu'] = fakes.Menu
export const contextBridge: Fakes['contextBridge'] = fakes.contextBridge
export const ipcRenderer: Fakes['ipcRenderer'] = fakes.ipcRenderer
export const resetFakes: Fakes['resetFakes'] = fakes.resetFakes
export const BrowserWindow: typeof FakeWindow = fakes.BrowserWindow
export type BrowserWindow = FakeWindow
export const FakeWebContents: typeof FakeContents = fakes.FakeWebContents
export type FakeWebContents = FakeContents
export const fakeFrame: typeof makeFrame = fakes.fakeFrame
export const fakeEvent: typeof makeEvent = fakes.fakeEvent

export default fakes

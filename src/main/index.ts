// The main process's entry: one instance, one locked-down window showing app://bundle, the security policy,
// the IPC handlers and the menu, wired together once Electron is ready.

import { app, BrowserWindow, protocol, session, shell } from 'electron'
import { fileURLToPath } from 'node:url'
import { createCloseFlush } from './close-flush'
import { registerIpcHandlers } from './ipc'
import { installMenu } from './menu'
import { createProgressStore } from './progress'
import { registerAppScheme, serveBundle } from './protocol'
import { applySecurity } from './security'
import { createMainWindow, pageUrl } from './window'

// Sandbox every renderer, including any the app never meant to create.
app.enableSandbox()

// Electron takes scheme privileges only before it is ready.
registerAppScheme(protocol)

// A second copy would race the first over progress.json; it hands over to the running one and leaves.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  start()
}

function start(): void {
  const appUrl = pageUrl({ isPackaged: app.isPackaged, devServerUrl: process.env['ELECTRON_RENDERER_URL'] })
  // out/renderer, inside app.asar once packaged.
  const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url))
  // Sandboxed preloads must be CommonJS, hence .cjs (see electron.vite.config.ts).
  const preload = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
  let window: BrowserWindow | null = null
  // a quit waits for the window's last save too: the close it starts is held, so the quit is carried on after it
  let quitting = false
  app.on('before-quit', () => {
    quitting = true
  })
  const closeFlush = createCloseFlush({
    afterClose: () => {
      if (quitting) app.quit()
    }
  })

  const openWindow = (): void => {
    const created = createMainWindow(appUrl, preload, { isPackaged: app.isPackaged })
    closeFlush.attach(created)
    created.on('closed', () => {
      if (window === created) window = null
    })
    window = created
  }

  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.whenReady().then(() => {
    applySecurity({ app, session: session.defaultSession, shell, appUrl })
    serveBundle(protocol, rendererRoot)
    registerIpcHandlers({
      getWindow: () => window,
      appUrl,
      progress: createProgressStore(app.getPath('userData')),
      onFlushed: () => closeFlush.flushed()
    })
    installMenu({ getWindow: () => window, isPackaged: app.isPackaged, platform: process.platform, appName: 'Backprop Ninja' })
    openWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow()
    })
  }).catch((error: unknown) => {
    console.error('Backprop Ninja could not start:', error)
    app.quit()
  })
}

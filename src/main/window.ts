// The one app window and the address of the page it shows.

import { BrowserWindow } from 'electron'
import { APP_PAGE_URL, secureWebPreferences } from './security'

export interface PageLocation {
  isPackaged: boolean
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), if running under `electron-vite dev`. */
  devServerUrl: string | undefined
}

/** The page's URL: the dev server's in development, else the built page at app://bundle/index.html. */
export function pageUrl({ isPackaged, devServerUrl }: PageLocation): string {
  // A packaged app never follows an environment variable to some other page.
  if (!isPackaged && devServerUrl) return devServerUrl
  return APP_PAGE_URL
}

/** Creates the window with the locked-down preferences, shows it once painted, and loads the page. */
export function createMainWindow(url: string, preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Backprop Ninja',
    backgroundColor: '#1e1e1e',
    webPreferences: secureWebPreferences(preload)
  })
  window.once('ready-to-show', () => window.show())
  window.loadURL(url).catch((error: unknown) => console.error(`Could not load ${url}:`, error))
  return window
}

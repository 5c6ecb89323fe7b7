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

/** How many renderer crashes within CRASH_WINDOW_MS the window reloads after; past that it stops trying. */
const MAX_RELOADS = 3
const CRASH_WINDOW_MS = 60_000

/**
 * What to do when the page's process dies: reload it with `?recovered=<reason>` (the page then says what happened;
 * the work is in the last autosave), unless it ended cleanly or keeps crashing. Returns the URL to load, or null.
 */
export function recoveryUrl(url: string, reason: string, recentCrashes: number): string | null {
  if (reason === 'clean-exit' || recentCrashes > MAX_RELOADS) return null
  const target = new URL(url)
  target.searchParams.set('recovered', reason)
  return target.toString()
}

/** Creates the window with the locked-down preferences, shows it once painted, and loads the page. */
export function createMainWindow(url: string, preload: string, { isPackaged = false }: { isPackaged?: boolean } = {}): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Backprop Ninja',
    backgroundColor: '#1e1e1e',
    webPreferences: secureWebPreferences(preload, { isPackaged })
  })
  window.once('ready-to-show', () => window.show())
  // a crashed page would leave a blank window: reload it (the work is saved) and let it tell the learner
  const crashes: number[] = []
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return
    const now = Date.now()
    crashes.push(now)
    while (crashes.length > 0 && now - crashes[0]! > CRASH_WINDOW_MS) crashes.shift()
    const next = recoveryUrl(url, details.reason, crashes.length)
    if (next === null) {
      console.error(`The page stopped (${details.reason}) and was not reloaded.`)
      return
    }
    window.loadURL(next).catch((error: unknown) => console.error(`Could not reload ${next}:`, error))
  })
  window.loadURL(url).catch((error: unknown) => console.error(`Could not load ${url}:`, error))
  return window
}

// The last autosave is written before the window goes: on close (a click on the window's close button, or quit), main
// holds the close, asks the page to save what the autosaver still holds (up to 400 ms of typing), and closes once the
// page says it is done, or after FLUSH_TIMEOUT_MS if the page cannot answer (hung, or crashed).

import { FLUSH_CHANNEL } from '../preload/contract'

/** How long a close waits for the page's last save. */
export const FLUSH_TIMEOUT_MS = 2_000

/** The part of a BrowserWindow the flush uses. */
export interface FlushedWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown
  close(): void
  isDestroyed(): boolean
  webContents: { send(channel: string): void }
}

/** One close flush for the app's window; `flushed()` is what the page's "done" message calls. */
export function createCloseFlush(options: { timeoutMs?: number; afterClose?: () => void } = {}) {
  let done: (() => void) | null = null
  return {
    /** Holds `window`'s first close until the page has saved (or the time is up), then closes it. */
    attach(window: FlushedWindow): void {
      let saved = false
      window.on('close', (event) => {
        if (saved) return
        event.preventDefault()
        if (done !== null) return
        const finish = (): void => {
          clearTimeout(timer)
          done = null
          saved = true
          if (!window.isDestroyed()) window.close()
          options.afterClose?.()
        }
        const timer = setTimeout(finish, options.timeoutMs ?? FLUSH_TIMEOUT_MS)
        done = finish
        window.webContents.send(FLUSH_CHANNEL)
      })
    },
    /** The page has written its last save. */
    flushed(): void {
      done?.()
    }
  }
}

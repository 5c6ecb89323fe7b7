// One writer among the browser tabs that show the app: two tabs saving to the same localStorage key would overwrite
// each other's work. The first tab holds a Web Lock and saves; another tab is read-only until the learner takes
// over there (which steals the lock: the first tab hears it and stops saving). Where the Locks API is missing,
// every tab writes, as before.

/** The part of navigator.locks this uses. */
export interface Locks {
  request(name: string, options: { ifAvailable?: boolean; steal?: boolean }, callback: (lock: unknown) => Promise<void>): Promise<void>
}

export const WRITER_LOCK = 'backprop-ninja:writer'

/** Whether this tab may save, and a promise that settles if another tab takes the writing over from it. */
export interface Writer {
  writing: boolean
  lost: Promise<void>
}

/** Asks to be the writer (`steal`: take it from whoever has it). */
export function acquireWriter(locks: Locks | undefined, steal = false): Promise<Writer> {
  if (locks === undefined) return Promise.resolve({ writing: true, lost: new Promise<void>(() => {}) })
  return new Promise<Writer>((resolve) => {
    let markLost: () => void = () => {}
    const lost = new Promise<void>((done) => (markLost = done))
    locks
      .request(WRITER_LOCK, steal ? { steal: true } : { ifAvailable: true }, async (lock) => {
        if (lock === null) {
          resolve({ writing: false, lost: new Promise<void>(() => {}) })
          return
        }
        resolve({ writing: true, lost })
        // held for the page's life
        await new Promise<void>(() => {})
      })
      // a lock stolen by another tab ends this request with an AbortError
      .catch(() => markLost())
  })
}

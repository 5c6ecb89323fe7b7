// Where the learner's work lives between sessions: one JSON file in the user-data folder, written crash-safely
// with a backup of the previous good version.

import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ProgressLoad, ProgressSave } from '../preload/contract'
import { checkProgressText } from '../preload/progress-check'
import { atomicWrite, readWithBackup, type Check } from './files'

export const PROGRESS_FILE = 'progress.json'

/** Says why a progress text is unusable, or null when it is fine: the page runs the same check (progress-check.ts). */
export const checkProgress: Check = (text) => {
  const checked = checkProgressText(text)
  return checked.ok ? null : checked.reason
}

export interface ProgressStore {
  readonly path: string
  load(): Promise<ProgressLoad>
  save(text: string): Promise<ProgressSave>
}

/** A store for `<dir>/progress.json` whose saves run one after another, in the order they were asked for. */
export function createProgressStore(dir: string): ProgressStore {
  const path = join(dir, PROGRESS_FILE)
  // Autosaves can overlap; chaining them keeps the newest text last on disk and the backup one step behind.
  let queue: Promise<unknown> = Promise.resolve()

  const save = (text: string): Promise<ProgressSave> => {
    const problem = checkProgress(text)
    if (problem !== null) return Promise.resolve({ status: 'error', message: `Progress not saved: ${problem}` })
    const done = queue.then(async (): Promise<ProgressSave> => {
      try {
        await mkdir(dir, { recursive: true })
        await atomicWrite(path, text, { backup: checkProgress })
        return { status: 'saved' }
      } catch (error) {
        return { status: 'error', message: `Progress not saved: ${(error as Error).message}` }
      }
    })
    queue = done
    return done
  }

  const load = async (): Promise<ProgressLoad> => {
    await queue
    return readWithBackup(path, checkProgress)
  }

  return { path, load, save }
}

// Autosave of the learner's work: JSON with `"schema": 1`, written shortly after every change and when the page is
// hidden. In Electron the main process keeps the file and its backup (window.api); in a browser, localStorage
// keeps the previous good save under a backup key, and a damaged save is recovered from it.

import { MAX_TEXT_BYTES } from '../../../preload/contract'
import { checkProgressText } from '../../../preload/progress-check'
import type { SavedProgress } from '../state'

export const PROGRESS_KEY = 'backprop-ninja:progress'
export const BACKUP_KEY = 'backprop-ninja:progress:backup'
export const SCHEMA = 1
/** Where an unreadable save (or one from a newer version) is kept, never overwritten: the prefix, then the time. */
export const KEPT_PREFIX = 'backprop-ninja:progress:kept:'

/** What a load found: the text to restore (null: none), and whether it came from the backup, and why. */
export interface LoadedProgress {
  text: string | null
  recovered: boolean
  reason?: string
}

/** Where progress is kept. `saveNow` is a synchronous best effort for page unload, where it can be had. */
export interface ProgressBackend {
  load(): Promise<LoadedProgress>
  save(text: string): Promise<void>
  saveNow?(text: string): void
}

/** The part of localStorage the browser backend uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem?(key: string): void
}

/**
 * The save without what can be rebuilt (the verdicts: restored cells are checked again on load): what is written
 * when the whole save does not fit. Null when the text is not a save.
 */
export function slimProgress(text: string): string | null {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null
  const { verdicts: _verdicts, fused, ...rest } = data as Record<string, unknown>
  const slimFused =
    typeof fused === 'object' && fused !== null
      ? Object.fromEntries(Object.entries(fused).map(([id, cell]) => [id, { code: (cell as { code?: unknown })?.code }]))
      : undefined
  return JSON.stringify(slimFused === undefined ? rest : { ...rest, fused: slimFused })
}

const megabytes = (text: string) => `${(new TextEncoder().encode(text).length / 1e6).toFixed(1)} MB`

/** Copies an unusable save to a key of its own before the next save replaces it; the key, or null if it won't fit. */
function keepAside(storage: KeyValueStorage, text: string): string | null {
  for (let k = 0; k < 100; k++) {
    const key = `${KEPT_PREFIX}${new Date().toISOString()}${k === 0 ? '' : `-${k}`}`
    if (storage.getItem(key) !== null) continue
    try {
      storage.setItem(key, text)
      return key
    } catch {
      return null
    }
  }
  return null
}

/** The saved JSON for `saved` (no timestamp: the same work gives the same text, so unchanged work isn't rewritten). */
export function serializeProgress(saved: SavedProgress): string {
  return JSON.stringify({ schema: SCHEMA, app: 'backprop-ninja', ...saved })
}

export type ParsedProgress = { ok: true; saved: Partial<SavedProgress> } | { ok: false; reason: string }

/** Reads a save, or says in a sentence why it can't be used (the main process runs the same check). */
export function parseProgress(text: string): ParsedProgress {
  const checked = checkProgressText(text)
  return checked.ok ? { ok: true, saved: checked.record as Partial<SavedProgress> } : { ok: false, reason: checked.reason }
}

/** Where a lesson's work is kept: the lecture at PROGRESS_KEY (as always), another lesson under its own id. */
export function progressKeys(lessonId: string | null): { main: string; backup: string } {
  return lessonId === null ? { main: PROGRESS_KEY, backup: BACKUP_KEY } : { main: `${PROGRESS_KEY}:lesson:${lessonId}`, backup: `${BACKUP_KEY}:lesson:${lessonId}` }
}

/**
 * localStorage (or a fake of it): the previous good save is kept under the backup key. `lessonId` (null for the
 * lecture) gives each lesson its own keys, so that switching lessons never overwrites another lesson's work.
 */
export function browserBackend(storage: KeyValueStorage, lessonId: string | null = null): ProgressBackend {
  const { main: PROGRESS, backup: BACKUP } = progressKeys(lessonId)
  const put = (key: string, text: string): boolean => {
    try {
      storage.setItem(key, text)
      return true
    } catch {
      return false
    }
  }
  // when storage is full (localStorage holds about 5 MB): make room by dropping the backup, then save without
  // the verdicts; typed work is never the part that is given up
  const write = (text: string): void => {
    const previous = storage.getItem(PROGRESS)
    if (previous !== null && previous !== text && parseProgress(previous).ok) put(BACKUP, previous)
    if (put(PROGRESS, text)) return
    storage.removeItem?.(BACKUP)
    if (put(PROGRESS, text)) return
    const slim = slimProgress(text)
    if (slim !== null && put(PROGRESS, slim)) return
    throw new Error(`this browser's storage is full (your work is ${megabytes(text)}); use Export .py to keep a copy of your cells`)
  }
  return {
    async load() {
      const main = storage.getItem(PROGRESS)
      if (main !== null) {
        const parsed = parseProgress(main)
        if (parsed.ok) return { text: main, recovered: false }
        const key = keepAside(storage, main)
        const kept = key === null ? '' : `; it is kept in this browser's storage under ${key}`
        const backup = storage.getItem(BACKUP)
        if (backup !== null && parseProgress(backup).ok) return { text: backup, recovered: true, reason: `the last save could not be used (${parsed.reason})${kept}` }
        return { text: null, recovered: false, reason: `the last save could not be used (${parsed.reason})${kept}, and there is no good backup` }
      }
      const backup = storage.getItem(BACKUP)
      if (backup !== null && parseProgress(backup).ok) return { text: backup, recovered: true, reason: 'the last save was missing' }
      return { text: null, recovered: false }
    },
    async save(text) {
      write(text)
    },
    saveNow: write
  }
}

/** The part of window.api the Electron backend uses. */
export interface ProgressApi {
  loadProgress(): Promise<{ text: string | null; recovered: boolean; reason?: string }>
  saveProgress(text: string): Promise<{ status: 'saved' } | { status: 'error'; message: string }>
}

/** The main process's progress file (it keeps the backup itself). */
export function electronBackend(api: ProgressApi, maxBytes = MAX_TEXT_BYTES): ProgressBackend {
  return {
    load: () => api.loadProgress(),
    async save(text) {
      // the main process takes at most maxBytes: a larger save goes without its verdicts (they are rebuilt on load)
      const fits = (t: string) => new TextEncoder().encode(t).length <= maxBytes
      const slim = fits(text) ? text : slimProgress(text)
      if (slim === null || !fits(slim)) throw new Error(`your work is ${megabytes(text)}, more than the ${maxBytes / 1e6} MB a save may hold; use Export .py to keep a copy of your cells`)
      const result = await api.saveProgress(slim)
      if (result.status === 'error') throw new Error(result.message)
    }
  }
}

/**
 * Saves `snapshot()` `delayMs` after the last `schedule()`, one save at a time, and only when the text changed.
 * `onError` hears about failed saves (once per failure streak), `onSaved` about each good one, and about a flush
 * that finds the work already saved (changed and changed back, or a change that is not saved at all), so whoever
 * said "Saving…" hears that it is.
 */
export class Autosaver {
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastSaved: string | null = null
  private saving: Promise<void> = Promise.resolve()
  private failing = false
  /** false in a browser tab that is not the writer (another tab has the app open): nothing is saved */
  writable = true

  constructor(
    private readonly backend: ProgressBackend,
    private readonly snapshot: () => string,
    private readonly options: { delayMs?: number; onError?: (message: string) => void; onSaved?: () => void } = {}
  ) {}

  /** Marks the text as already saved (after a load). */
  markSaved(text: string): void {
    this.lastSaved = text
  }

  schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.flush(), this.options.delayMs ?? 400)
  }

  /** Saves now if anything changed; resolves when written. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    if (!this.writable) return this.saving
    const text = this.snapshot()
    if (text === this.lastSaved) {
      this.saving = this.saving.then(() => {
        if (text === this.lastSaved) this.options.onSaved?.()
      })
      return this.saving
    }
    this.saving = this.saving.then(async () => {
      try {
        await this.backend.save(text)
        this.lastSaved = text
        this.failing = false
        this.options.onSaved?.()
      } catch (error) {
        if (!this.failing) this.options.onError?.(error instanceof Error ? error.message : String(error))
        this.failing = true
      }
    })
    return this.saving
  }

  /** A synchronous save for page unload, where the backend has one; else starts an async one. */
  flushSync(): void {
    if (!this.writable) return
    const text = this.snapshot()
    if (text === this.lastSaved) return
    if (this.backend.saveNow) {
      try {
        this.backend.saveNow(text)
        this.lastSaved = text
      } catch {
        // nothing more can be done while the page goes away
      }
    } else void this.flush()
  }
}

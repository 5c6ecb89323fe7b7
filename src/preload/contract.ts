// The contract between the main process and the preload: channel names, limits and the shapes that cross IPC.
// Both sides import it so a renamed channel or a changed result breaks the build instead of the app.

/** The IPC channels the main process answers with ipcMain.handle. */
export const CHANNELS = {
  saveSolution: 'solution:save',
  openSolution: 'solution:open',
  loadProgress: 'progress:load',
  saveProgress: 'progress:save',
  openLecture: 'app:open-lecture',
  /** the page's answer to FLUSH_CHANNEL: its last autosave is written */
  flushed: 'app:flushed'
} as const

/** Main asks the page, before its window closes, to write the autosave it still holds. */
export const FLUSH_CHANNEL = 'app:flush'

/** The one channel the main process pushes on: the application menu's commands. */
export const MENU_CHANNEL = 'menu'

/** What the application menu asks the page to do. */
export const MENU_COMMANDS = ['open', 'export-py', 'export-ipynb', 'about'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

/** The outside pages the app may open, by name; the URLs live in the main process's allow-list. */
export const LINK_NAMES = ['lecture', 'makemore', 'nn-zero-to-hero'] as const
export type LinkName = (typeof LINK_NAMES)[number]

/** The formats a solution can be exported to (and the Class view's gradebook, a CSV). */
export const SOLUTION_KINDS = ['py', 'ipynb', 'csv'] as const
export type SolutionKind = (typeof SOLUTION_KINDS)[number]

/** The extensions a solution can be opened from. */
export const OPENABLE_EXTENSIONS = ['py', 'ipynb', 'txt'] as const
export type OpenableExtension = (typeof OPENABLE_EXTENSIONS)[number]

/** The largest text any handler accepts from the page (UTF-8 bytes). */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024

/** The largest file "Open solution…" reads. */
export const MAX_OPEN_BYTES = 2 * 1024 * 1024

/** The version the progress JSON's `schema` field must carry; anything else counts as corrupt. */
export const PROGRESS_SCHEMA = 1

/** The result of exporting a solution: saved (with the file's base name), cancelled, or failed. */
export type SaveResult =
  | { status: 'saved'; name: string }
  | { status: 'canceled' }
  | { status: 'error'; message: string }

/** The result of opening a solution file. */
export type OpenResult =
  | { status: 'opened'; name: string; text: string; extension: OpenableExtension }
  | { status: 'canceled' }
  | { status: 'error'; message: string }

/** The learner's saved work: `text` is null when there is none; `recovered` means it came from the backup. */
export interface ProgressLoad {
  text: string | null
  recovered: boolean
  reason?: string
}

/** The result of saving the learner's work. */
export type ProgressSave = { status: 'saved' } | { status: 'error'; message: string }

/** True when `value` is one of `options` (narrows unknown IPC arguments). */
export function isOneOf<T extends string>(options: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value)
}

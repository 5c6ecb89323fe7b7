// The object behind window.api, built from whatever sends IPC messages. It imports nothing from electron, so the
// page's TypeScript can take its type without pulling in Electron's (and Node's) globals.

import {
  CHANNELS,
  FLUSH_CHANNEL,
  MENU_CHANNEL,
  MENU_COMMANDS,
  isOneOf,
  type LinkName,
  type MenuCommand,
  type OpenResult,
  type ProgressLoad,
  type ProgressSave,
  type SaveResult,
  type SolutionKind
} from './contract'

/** The part of ipcRenderer the bridge uses. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

/** Builds window.api: one named function per message, none of which hands out `ipc` or an event object. */
export function createApi(ipc: PreloadIpc) {
  return {
    /** Asks where to export the solution (`name` is the suggested file name) and writes it there. */
    saveSolution: (name: string, text: string, kind: SolutionKind): Promise<SaveResult> =>
      ipc.invoke(CHANNELS.saveSolution, name, text, kind) as Promise<SaveResult>,

    /** Lets the learner pick a .py/.ipynb/.txt file (at most 2 MB) and returns its text. */
    openSolution: (): Promise<OpenResult> => ipc.invoke(CHANNELS.openSolution) as Promise<OpenResult>,

    /** The learner's saved work (JSON text), from the backup if the main copy was damaged. */
    loadProgress: (): Promise<ProgressLoad> => ipc.invoke(CHANNELS.loadProgress) as Promise<ProgressLoad>,

    /** Saves the learner's work: JSON text with `"schema": 1`, at most 5 MB. */
    saveProgress: (text: string): Promise<ProgressSave> =>
      ipc.invoke(CHANNELS.saveProgress, text) as Promise<ProgressSave>,

    /** Opens the lecture or one of its repositories in the system browser; false if it was not allowed. */
    openLecture: (which: LinkName): Promise<boolean> => ipc.invoke(CHANNELS.openLecture, which) as Promise<boolean>,

    /**
     * Calls `save` when the window is about to close (main holds the close until then), and tells main once the
     * save it returns has settled; returns a function that stops listening.
     */
    onFlushRequest: (save: () => Promise<void> | void): (() => void) => {
      const listener = (): void => {
        void (async () => {
          try {
            await save()
          } finally {
            await ipc.invoke(CHANNELS.flushed)
          }
        })()
      }
      ipc.on(FLUSH_CHANNEL, listener)
      return () => {
        ipc.removeListener(FLUSH_CHANNEL, listener)
      }
    },

    /** Calls `callback` with each application-menu command; returns a function that stops listening. */
    onMenu: (callback: (command: MenuCommand) => void): (() => void) => {
      // Only the command word is passed on: the event object would give the page a way back to ipcRenderer.
      const listener = (_event: unknown, command: unknown): void => {
        if (isOneOf(MENU_COMMANDS, command)) callback(command)
      }
      ipc.on(MENU_CHANNEL, listener)
      return () => {
        ipc.removeListener(MENU_CHANNEL, listener)
      }
    }
  }
}

/** The shape of window.api, taken from the object itself so the declaration can't drift from the code. */
export type Api = ReturnType<typeof createApi>

export type { LinkName, MenuCommand, OpenResult, ProgressLoad, ProgressSave, SaveResult, SolutionKind }

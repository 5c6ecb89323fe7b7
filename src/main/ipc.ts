// The main process's answers to the page. Every handler first checks who is asking (our window, our page, its
// main frame) and then what it was given (types, sizes), because the renderer is treated as untrusted.

import {
  app,
  dialog,
  ipcMain,
  shell,
  type BrowserWindow,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type SaveDialogOptions
} from 'electron'
import { join } from 'node:path'
import {
  CHANNELS,
  LINK_NAMES,
  MAX_TEXT_BYTES,
  SOLUTION_KINDS,
  isOneOf,
  type OpenResult,
  type SaveResult,
  type SolutionKind
} from '../preload/contract'
import type { ProgressStore } from './progress'
import { EXTERNAL_LINKS, isAppUrl, openIfAllowed } from './security'
import { readSolutionFile, suggestedFileName, withExtension, writeSolution } from './solution-files'

export interface IpcContext {
  /** The one app window, or null before it exists / after it closed. */
  getWindow: () => BrowserWindow | null
  /** The page the window shows: app://bundle/index.html, or the dev server's URL. */
  appUrl: string
  progress: ProgressStore
  /** the page has written its last autosave (it was asked to, before its window closes) */
  onFlushed?: () => void
}

/** An IPC call whose arguments are the wrong type, size or count. */
export class ArgumentError extends TypeError {
  override name = 'ArgumentError'
}

/** True when the message comes from our window's top frame while it shows our page. */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null, appUrl: string): boolean {
  if (!window || window.isDestroyed()) return false
  if (event.sender.id !== window.webContents.id) return false
  const frame = event.senderFrame
  // A subframe (should one ever appear) gets no say, nor does a frame that navigated away meanwhile.
  if (!frame || frame.parent !== null) return false
  return isAppUrl(frame.url, appUrl)
}

/** Checks that `value` is a string of at most `maxBytes` UTF-8 bytes. */
export function expectText(value: unknown, what: string, maxBytes = MAX_TEXT_BYTES): string {
  if (typeof value !== 'string') throw new ArgumentError(`${what} must be a string, got ${typeof value}`)
  // A string's UTF-8 size is at least its length, so huge strings are refused before counting bytes.
  if (value.length > maxBytes || Buffer.byteLength(value, 'utf8') > maxBytes) {
    throw new ArgumentError(`${what} is larger than ${maxBytes} bytes`)
  }
  return value
}

function expectCount(args: unknown[], count: number, channel: string): void {
  if (args.length !== count) throw new ArgumentError(`${channel} takes ${count} argument(s), got ${args.length}`)
}

type Handler = (...args: unknown[]) => unknown

/** Registers every handler; returns a function that removes them again. */
export function registerIpcHandlers(context: IpcContext): () => void {
  const handlers: Record<string, Handler> = {
    [CHANNELS.saveSolution]: (...args) => saveSolution(context, args),
    [CHANNELS.openSolution]: (...args) => openSolution(context, args),
    [CHANNELS.loadProgress]: (...args) => {
      expectCount(args, 0, CHANNELS.loadProgress)
      return context.progress.load()
    },
    [CHANNELS.saveProgress]: (...args) => {
      expectCount(args, 1, CHANNELS.saveProgress)
      return context.progress.save(expectText(args[0], 'progress'))
    },
    [CHANNELS.openLecture]: (...args) => openLecture(args),
    [CHANNELS.flushed]: (...args) => {
      expectCount(args, 0, CHANNELS.flushed)
      context.onFlushed?.()
      return true
    }
  }
  for (const [channel, handler] of Object.entries(handlers)) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, context.getWindow(), context.appUrl)) {
        throw new Error(`${channel}: refused a message from outside the app`)
      }
      return handler(...args)
    })
  }
  return () => Object.keys(handlers).forEach((channel) => ipcMain.removeHandler(channel))
}

const SAVE_TITLES: Record<SolutionKind, string> = { py: 'Export solution as Python', ipynb: 'Export as Jupyter notebook', csv: 'Export the class as CSV' }
const FILTER_NAMES: Record<SolutionKind, string> = { py: 'Python', ipynb: 'Jupyter notebook', csv: 'CSV (a gradebook)' }

async function saveSolution(context: IpcContext, args: unknown[]): Promise<SaveResult> {
  expectCount(args, 3, CHANNELS.saveSolution)
  const name = expectText(args[0], 'name', 1024)
  const text = expectText(args[1], 'text')
  const kind = args[2]
  if (!isOneOf(SOLUTION_KINDS, kind)) throw new ArgumentError(`kind must be one of ${SOLUTION_KINDS.join(', ')}`)
  if (kind === 'ipynb' && !parsesAsJson(text)) return { status: 'error', message: 'The notebook is not valid JSON' }

  const options: SaveDialogOptions = {
    title: SAVE_TITLES[kind],
    defaultPath: join(app.getPath('documents'), suggestedFileName(name, kind)),
    filters: [{ name: FILTER_NAMES[kind], extensions: [kind] }],
    properties: ['createDirectory', 'showOverwriteConfirmation']
  }
  const window = context.getWindow()
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
  if (choice.canceled || !choice.filePath) return { status: 'canceled' }
  return writeSolution(await withExtension(choice.filePath, kind), text)
}

async function openSolution(context: IpcContext, args: unknown[]): Promise<OpenResult> {
  expectCount(args, 0, CHANNELS.openSolution)
  const options: OpenDialogOptions = {
    title: 'Open solution',
    filters: [{ name: 'Python, notebook or text', extensions: ['py', 'ipynb', 'txt'] }],
    properties: ['openFile']
  }
  const window = context.getWindow()
  const choice = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  const path = choice.filePaths[0]
  if (choice.canceled || path === undefined) return { status: 'canceled' }
  // The dialog's filter is only a hint on some systems: readSolutionFile checks extension and size again.
  return readSolutionFile(path)
}

function openLecture(args: unknown[]): boolean {
  expectCount(args, 1, CHANNELS.openLecture)
  const which = args[0]
  if (!isOneOf(LINK_NAMES, which)) throw new ArgumentError(`link must be one of ${LINK_NAMES.join(', ')}`)
  return openIfAllowed(EXTERNAL_LINKS[which], (url) => shell.openExternal(url))
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

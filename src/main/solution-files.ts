// Solution files on the learner's disk: the name offered when exporting, the write, and the bounded read behind
// "Open solution…". Pure Node; the dialogs that pick the paths are in ipc.ts.

import { access, open, type FileHandle } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import {
  MAX_OPEN_BYTES,
  OPENABLE_EXTENSIONS,
  isOneOf,
  type OpenResult,
  type SaveResult,
  type SolutionKind
} from '../preload/contract'
import { atomicWrite } from './files'

const MAX_NAME_LENGTH = 100

/** A safe file name to offer in the save dialog: no folders, no control characters, the kind's extension. */
export function suggestedFileName(name: string, kind: SolutionKind): string {
  const stem = name
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\.(py|ipynb|txt|csv)$/i, '')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, MAX_NAME_LENGTH)
  return `${stem || 'solution'}.${kind}`
}

/** `path` with the kind's extension added when the learner typed none (Linux dialogs don't add it). */
export async function withExtension(path: string, kind: SolutionKind): Promise<string> {
  if (extname(path) !== '') return path
  const candidate = `${path}.${kind}`
  // The dialog only confirmed overwriting `path`; never silently replace a different, existing file.
  const taken = await access(candidate).then(
    () => true,
    () => false
  )
  return taken ? path : candidate
}

/** Writes an exported solution atomically (no .bak: the save dialog already asked before overwriting). */
export async function writeSolution(path: string, text: string): Promise<SaveResult> {
  try {
    await atomicWrite(path, text, { backup: false })
    return { status: 'saved', name: basename(path) }
  } catch (error) {
    return { status: 'error', message: `Could not save ${basename(path)}: ${(error as Error).message}` }
  }
}

/** Reads a .py/.ipynb/.txt file of at most 2 MB as UTF-8 text; anything else is an error result. */
export async function readSolutionFile(path: string, maxBytes = MAX_OPEN_BYTES): Promise<OpenResult> {
  const name = basename(path)
  const extension = extname(path).slice(1).toLowerCase()
  if (!isOneOf(OPENABLE_EXTENSIONS, extension)) {
    return { status: 'error', message: `${name} is not a .py, .ipynb or .txt file` }
  }
  try {
    // Size is checked on the opened handle, so the file can't be swapped for a bigger one in between.
    const handle = await open(path, 'r')
    try {
      const info = await handle.stat()
      if (!info.isFile()) return { status: 'error', message: `${name} is not a regular file` }
      if (info.size > maxBytes) {
        return { status: 'error', message: `${name} is larger than the ${megabytes(maxBytes)} limit` }
      }
      const bytes = await readAtMost(handle, maxBytes)
      if (bytes === null) return { status: 'error', message: `${name} grew past the ${megabytes(maxBytes)} limit while being read` }
      return { status: 'opened', name, text: bytes.toString('utf8'), extension }
    } finally {
      await handle.close()
    }
  } catch (error) {
    return { status: 'error', message: `Could not open ${name}: ${(error as Error).message}` }
  }
}

// Reads from the start until end of file, giving up (null) once more than `limit` bytes have come in.
async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer | null> {
  const buffer = Buffer.alloc(limit + 1)
  let filled = 0
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled)
    if (bytesRead === 0) return buffer.subarray(0, filled)
    filled += bytesRead
  }
  return null
}

function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(2))} MB`
}

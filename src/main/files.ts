// Crash-safe file writes and reads with a backup: a power cut or a kill half-way through a save must never
// leave the learner with neither the old nor the new version of their work. Pure Node, no Electron.

import { randomBytes } from 'node:crypto'
import { open, readFile, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Says why a file's text is unusable, or null when it is fine. */
export type Check = (text: string) => string | null

export interface WriteOptions {
  /**
   * Whether to copy the file being replaced to `<path>.bak` first. A function is asked about the current text,
   * so a file that is already corrupt never overwrites a good backup. Default: true.
   */
  backup?: boolean | Check
}

/** What readWithBackup found: the text (null when there is nothing usable) and whether it came from the backup. */
export interface BackedUpRead {
  text: string | null
  recovered: boolean
  reason?: string
}

/** The backup kept beside `path`. */
export function backupPath(path: string): string {
  return `${path}.bak`
}

/** Replaces `path` with `text` atomically, keeping the previous good version in `<path>.bak`. */
export async function atomicWrite(path: string, text: string, options: WriteOptions = {}): Promise<void> {
  const backup = options.backup ?? true
  if (backup !== false) {
    const current = await readIfExists(path)
    if (current !== null && (backup === true || backup(current) === null)) {
      await replaceDurably(backupPath(path), current)
    }
  }
  await replaceDurably(path, text)
}

/** Reads `path`, falling back to `<path>.bak` when the main file is missing or fails `check`. */
export async function readWithBackup(path: string, check: Check): Promise<BackedUpRead> {
  await removeStrayTemps(path)
  await removeStrayTemps(backupPath(path))
  const main = await readIfExists(path)
  const mainProblem = main === null ? 'it is missing' : check(main)
  if (main !== null && mainProblem === null) return { text: main, recovered: false }

  const name = basename(path)
  // an unreadable file (or one from a newer version) is moved aside, never overwritten by the next save
  const keptMain = main === null ? null : await keepAside(path)
  const backup = await readIfExists(backupPath(path))
  const backupProblem = backup === null ? null : check(backup)
  const kept = keptMain === null ? '' : ` (kept as ${basename(keptMain)})`
  if (backup !== null && backupProblem === null) {
    return { text: backup, recovered: true, reason: `${name} ${describe(mainProblem)}${kept}; restored the previous version from ${name}.bak` }
  }
  // A first run has neither file: that is not a problem worth reporting.
  if (main === null && backup === null) return { text: null, recovered: false }
  const keptBackup = backup === null ? null : await keepAside(backupPath(path))
  const why = backup === null ? 'there is no backup' : `the backup ${describe(backupProblem)}${keptBackup === null ? '' : ` (kept as ${basename(keptBackup)})`}`
  return { text: null, recovered: false, reason: `${name} ${describe(mainProblem)}${kept} and ${why}` }
}

/** Renames `path` to a new `<path>.kept-<time>` beside it; the new name, or null if it could not be moved. */
async function keepAside(path: string): Promise<string | null> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  for (let k = 0; k < 100; k++) {
    const target = `${path}.kept-${stamp}${k === 0 ? '' : `-${k}`}`
    if ((await readIfExists(target)) !== null) continue
    try {
      await rename(path, target)
      return target
    } catch {
      return null
    }
  }
  return null
}

function describe(problem: string | null): string {
  return problem === 'it is missing' ? 'was missing' : `was unreadable (${problem})`
}

// Writes a sibling temp file, flushes it to disk, then renames it over the target: readers see the old file or
// the new one, never a half-written one. The directory is flushed too so the rename itself survives a power cut.
async function replaceDurably(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`
  try {
    const handle = await open(temp, 'wx')
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await syncDirectory(dirname(path))
}

// Flushing a directory is a POSIX idea: Windows refuses to open one for reading, and that is fine there.
async function syncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Best effort only.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

// A process killed mid-write leaves its temp file behind. Ours (this pid) may still be in flight, so only
// other processes' leftovers are removed; the single-instance lock means none of those is still running.
async function removeStrayTemps(path: string): Promise<void> {
  const dir = dirname(path)
  const prefix = `${basename(path)}.tmp-`
  const mine = `${prefix}${process.pid}-`
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return
  }
  const strays = names.filter((name) => name.startsWith(prefix) && !name.startsWith(mine))
  await Promise.all(strays.map((name) => unlink(join(dir, name)).catch(() => undefined)))
}

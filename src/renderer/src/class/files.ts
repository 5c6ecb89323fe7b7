// The files a teacher opens in the Class view: which ones are learners, their ids, and their bytes as text (or why
// not). Pure: no DOM, so it is tested in Node.

/** The largest file graded (as the CLI's `grade`): a notebook with its outputs is a few MB at most. */
export const MAX_CLASS_FILE_BYTES = 8 * 1024 * 1024

const LEARNER_FILE = /\.(py|ipynb)$/i

/** A file as picked or dropped: its path inside a picked folder ('' when picked alone) and its name. */
export interface PickedName {
  name: string
  /** the folder-relative path (`webkitRelativePath`, or a dropped folder's path), '' for a file picked alone */
  path: string
}

/**
 * Whether a picked file is a learner's: every file picked alone is one (its row says if it can't be read); inside a
 * folder, only .py/.ipynb files outside dot-folders (such as .ipynb_checkpoints), as the CLI walks a directory.
 */
export function isLearnerFile(f: PickedName): boolean {
  if (f.path === '') return true
  const parts = f.path.split('/')
  if (parts.some((p) => p.startsWith('.'))) return false
  return LEARNER_FILE.test(f.name)
}

/** Each file's id (its folder path, or its name), made unique with ` (2)`, ` (3)`... in the order given. */
export function learnerIds(files: readonly PickedName[]): string[] {
  const seen = new Map<string, number>()
  return files.map((f) => {
    const base = f.path === '' ? f.name : f.path
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return n === 1 ? base : `${base} (${n})`
  })
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Why a file of this size is not read at all, or null. */
export function tooLarge(size: number, max = MAX_CLASS_FILE_BYTES): string | null {
  return size > max ? `the file is too large (${mb(size)}; at most ${mb(max)})` : null
}

/** A submission's bytes as text, or why it is not text (the reasons the CLI's grader gives). */
export function decodeSubmission(bytes: Uint8Array, max = MAX_CLASS_FILE_BYTES): string | { reason: string } {
  const large = tooLarge(bytes.length, max)
  if (large !== null) return { reason: large }
  if (bytes.includes(0)) return { reason: 'not a text file (it holds NUL bytes)' }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { reason: 'not a text file (it is not UTF-8)' }
  }
}

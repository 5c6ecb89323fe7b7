// The lessons the app ships (lessons/*.py, bundled as text) and the learner's own lesson file, and which one is
// open. The choice lives in localStorage; switching lessons reloads the page so that every widget starts from the
// new lesson's graph (the core's worker builds it from the file's text).

import { readLessonFile } from '../../../core/lesson/file'

const FILES = import.meta.glob('../../../../lessons/*.py', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

/** The lecture: the app's first lesson, built by the core from the contract's config knobs. */
export const LECTURE_ID = 'makemore-part4'

export interface LessonEntry {
  id: string
  title: string
  description: string
  /** the node count when the file lists its check order (null: known once the lesson is built) */
  nodes: number | null
  /** the file's text (null for the lecture, which the core builds from its config) */
  text: string | null
  /** opened by the learner from a file, not shipped */
  custom: boolean
}

function entryOf(id: string, text: string, custom: boolean): LessonEntry {
  const file = readLessonFile(text)
  return { id, title: file.title, description: file.description, nodes: file.check?.names.length ?? null, text, custom }
}

/** The shipped lessons: the lecture first, then the others by title. */
export function shippedLessons(): LessonEntry[] {
  const out: LessonEntry[] = []
  for (const [path, text] of Object.entries(FILES)) {
    const id = path.replace(/^.*\//, '').replace(/\.py$/, '')
    try {
      const entry = entryOf(id, text, false)
      out.push(id === LECTURE_ID ? { ...entry, text: null } : entry)
    } catch {
      // a shipped lesson that does not read is a build mistake; the tests catch it
    }
  }
  return out.sort((a, b) => (a.id === LECTURE_ID ? -1 : b.id === LECTURE_ID ? 1 : a.title.localeCompare(b.title)))
}

export const CHOICE_KEY = 'backprop-ninja:lesson'
export const CUSTOM_KEY = 'backprop-ninja:lesson-file'

interface Store {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** The learner's own lesson file, kept so that it opens again after a reload. */
export function customLesson(storage: Store): LessonEntry | null {
  const raw = storage.getItem(CUSTOM_KEY)
  if (raw === null) return null
  try {
    const { id, text } = JSON.parse(raw) as { id: unknown; text: unknown }
    if (typeof id !== 'string' || typeof text !== 'string') return null
    return entryOf(id, text, true)
  } catch {
    return null
  }
}

/** Every lesson the picker offers: the shipped ones, then the learner's own file if there is one. */
export function allLessons(storage: Store): LessonEntry[] {
  const own = customLesson(storage)
  return own === null ? shippedLessons() : [...shippedLessons(), own]
}

/** The open lesson (the lecture unless another was chosen and still exists). */
export function currentLesson(storage: Store): LessonEntry {
  const lessons = allLessons(storage)
  const id = storage.getItem(CHOICE_KEY)
  return lessons.find((l) => l.id === id) ?? lessons.find((l) => l.id === LECTURE_ID) ?? lessons[0]
}

export function chooseLesson(storage: Store, id: string): void {
  storage.setItem(CHOICE_KEY, id)
}

/** Keeps the learner's lesson file (its id is `own:` and the file name) and makes it the open lesson. */
export function keepCustomLesson(storage: Store, name: string, text: string): string {
  const id = `own:${name.replace(/\.py$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_') || 'lesson'}`
  storage.setItem(CUSTOM_KEY, JSON.stringify({ id, text }))
  storage.setItem(CHOICE_KEY, id)
  return id
}

// The toolbar: exercise, checking mode, progress, and the file actions.

import type { CheckMode } from '../../../core/api'
import { button, h } from './dom'

/** The lecture's four exercises: a label short enough for the header at 1024 px, and the whole title. */
export const EXERCISES = [
  { id: 1, label: 'Exercise 1: every node', title: 'Exercise 1: backprop through every node' },
  { id: 2, label: 'Exercise 2: cross entropy', title: 'Exercise 2: cross entropy in one step' },
  { id: 3, label: 'Exercise 3: batch norm', title: 'Exercise 3: batch norm in one step' },
  { id: 4, label: 'Exercise 4: training', title: 'Exercise 4: train with your backward pass' }
] as const

/** A lesson the picker offers: its title, description (the option's tooltip) and node count. */
export interface LessonChoice {
  id: string
  title: string
  description: string
  nodes: number | null
}

export interface ToolbarHandlers {
  /** every lesson, the open one, and whether it is the lecture (whose exercises 2-4 the picker also offers) */
  lessons: readonly LessonChoice[]
  lesson: string
  lecture: boolean
  onLesson(id: string): void
  onOpenLesson(): void
  onMode(mode: CheckMode): void
  onExercise(id: number): void
  onOpen(): void
  onPaste(): void
  onExport(kind: 'py' | 'ipynb'): void
  /** the Class view: grade a whole class's files against the open lesson */
  onClass(): void
}

export interface ToolbarState {
  exercise: number
  /** a short mark before each exercise's name (the closed menu cuts the end off): '✓' when done, '▶' while training */
  marks: Record<number, string>
  mode: CheckMode
  /** the shown exercise's progress: exercise 1's P of 26 nodes, a fused cell's 0 or 1 of 1, a training run's steps */
  passed: number
  total: number
  /** words for the progress instead of `P/N pass` (exercises 2-4) */
  label?: string
  busy: boolean
  saved: 'saved' | 'saving' | 'error' | 'idle' | 'readonly'
}

export interface Toolbar {
  element: HTMLElement
  update(state: ToolbarState): void
  /** Once on the page: the menu takes the width its exercise names need, not its longest lesson title's. */
  fitMenu(): void
}

export function createToolbar(handlers: ToolbarHandlers): Toolbar {
  // one menu for what to work on: the lecture's four exercises, the other lessons, and a lesson file of one's own
  const exercise = h('select', { 'aria-label': 'Lesson and exercise', class: 'exercise', 'data-testid': 'lesson-picker' })
  const lectureGroup = h('optgroup', { label: 'Makemore part 4 (the lecture)' })
  const options = EXERCISES.map((item) => {
    const option = h('option', { value: String(item.id), title: item.title }, item.label)
    // on another lesson, the lecture's exercises open the lecture: its first is its entry, the others wait there
    if (!handlers.lecture && item.id !== 1) option.disabled = true
    lectureGroup.append(option)
    return option
  })
  const lessonGroup = h('optgroup', { label: 'Lessons' })
  for (const l of handlers.lessons) {
    if (l.id === 'makemore-part4') continue
    const count = l.nodes === null ? '' : ` (${l.nodes} nodes)`
    lessonGroup.append(h('option', { value: `lesson:${l.id}`, title: l.description, 'data-lesson': l.id }, `${l.title}${count}`))
  }
  lessonGroup.append(h('option', { value: 'open-lesson', title: 'Open a lesson file (.py): any forward pass becomes an exercise' }, 'Open lesson file…'))
  const teacherGroup = h('optgroup', { label: 'For teachers' })
  teacherGroup.append(h('option', { value: 'class', title: "Grade a whole class's .py/.ipynb files against this lesson" }, 'Class view: grade many files…'))
  exercise.append(lectureGroup, lessonGroup, teacherGroup)
  const shownValue = (state: { exercise: number }) => (handlers.lecture ? String(state.exercise) : `lesson:${handlers.lesson}`)
  let last = handlers.lecture ? '1' : `lesson:${handlers.lesson}`
  exercise.addEventListener('change', () => {
    const v = exercise.value
    if (v === 'open-lesson') {
      exercise.value = last
      handlers.onOpenLesson()
    } else if (v === 'class') {
      exercise.value = last
      handlers.onClass()
    } else if (v.startsWith('lesson:')) {
      exercise.value = last
      handlers.onLesson(v.slice('lesson:'.length))
    } else if (!handlers.lecture) {
      exercise.value = last
      handlers.onLesson('makemore-part4')
    } else handlers.onExercise(Number(v))
  })

  const modes: Array<{ mode: CheckMode; label: string; title: string }> = [
    { mode: 'isolated', label: 'Isolated', title: "Each cell runs on its own with autograd's true upstream gradients: one mistake stays in its cell" },
    { mode: 'chained', label: 'Chained', title: 'All cells run as one program, as in the notebook: each cell uses your own upstream gradients' }
  ]
  const modeGroup = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Checking mode' })
  const modeButtons = modes.map(({ mode, label, title }) => {
    const b = button(label, () => handlers.onMode(mode), { role: 'radio', title, 'data-mode': mode })
    modeGroup.append(b)
    return b
  })

  const progressText = h('span', { class: 'progress-text' })
  const bar = h('progress', { max: '26', value: '0', 'aria-hidden': 'true' })
  const progress = h('div', { class: 'progress', 'data-testid': 'progress', role: 'status', 'aria-live': 'polite' }, bar, progressText)

  const busy = h('span', { class: 'busy', 'aria-live': 'polite' })
  const saved = h('span', { class: 'saved', 'aria-live': 'polite' })

  const exportPy = button('Export .py', () => handlers.onExport('py'), {
    'data-testid': 'export',
    class: 'primary',
    title: 'Export your cells as a .py file you can paste into the lecture notebook (Ctrl+Shift+E in the app)'
  })
  const exportNb = button('.ipynb', () => handlers.onExport('ipynb'), { 'data-testid': 'export-ipynb', title: 'Export as a Jupyter notebook', 'aria-label': 'Export as notebook (.ipynb)' })
  // a lesson exports as .py only: a notebook export needs the lecture's setup
  exportNb.hidden = !handlers.lecture
  const open = button('Open…', handlers.onOpen, { 'data-testid': 'import', title: 'Import a solution: a .py or .ipynb file' })
  const paste = button('Paste…', handlers.onPaste, { 'data-testid': 'paste', title: 'Import a pasted notebook cell' })
  const classView = button('Class…', handlers.onClass, {
    'data-testid': 'class',
    title: "For teachers: grade a whole class's .py/.ipynb files against this lesson (a heatmap, clusters of mistakes, CSV)"
  })

  const element = h(
    'header',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Backprop Ninja' },
    h('h1', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '∂'), h('span', { class: 'brand-name' }, 'Backprop Ninja')),
    exercise,
    modeGroup,
    progress,
    busy,
    h('span', { class: 'spacer' }),
    saved,
    h('div', { class: 'file-actions' }, classView, open, paste, h('span', { class: 'split' }, exportPy, exportNb))
  )

  return {
    element,
    fitMenu() {
      const copy = exercise.cloneNode(true) as HTMLSelectElement
      for (const o of [...copy.querySelectorAll('option')]) if (!/^\d$/.test(o.value)) o.remove()
      copy.style.position = 'absolute'
      copy.style.visibility = 'hidden'
      copy.style.width = 'auto'
      document.body.append(copy)
      const width = copy.getBoundingClientRect().width
      copy.remove()
      if (width > 0) exercise.style.width = `${Math.ceil(width)}px`
    },
    update(state) {
      EXERCISES.forEach((item, i) => {
        const label = handlers.lecture && state.marks[item.id] ? `${state.marks[item.id]} ${item.label}` : item.label
        if (options[i].textContent !== label) options[i].textContent = label
      })
      last = shownValue(state)
      exercise.value = last
      const open = handlers.lessons.find((l) => l.id === handlers.lesson)
      exercise.title = handlers.lecture ? (EXERCISES.find((item) => item.id === state.exercise)?.title ?? '') : `${open?.title ?? ''}: ${open?.description ?? ''}`
      // the checking mode is exercise 1's: fused cells are always checked on their own
      const modal = state.exercise === 1
      for (const b of modeButtons) {
        b.setAttribute('aria-checked', String(b.dataset.mode === state.mode))
        b.disabled = !modal
      }
      modeGroup.title = modal ? '' : "The checking mode applies to exercise 1's cells"
      bar.max = state.total
      bar.value = state.passed
      progressText.textContent = state.label ?? `${state.passed}/${state.total} pass`
      progress.classList.toggle('complete', state.label === undefined && state.passed === state.total)
      busy.textContent = state.busy ? 'checking…' : ''
      saved.textContent = { saved: 'Saved', saving: 'Saving…', error: 'Not saved!', readonly: 'Not saved here', idle: '' }[state.saved]
      saved.title = state.saved === 'readonly' ? 'Another tab has the app open and saves your work; this one does not' : ''
      saved.classList.toggle('error', state.saved === 'error')
    }
  }
}

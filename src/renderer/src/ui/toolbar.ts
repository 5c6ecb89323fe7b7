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

export interface ToolbarHandlers {
  onMode(mode: CheckMode): void
  onExercise(id: number): void
  onOpen(): void
  onPaste(): void
  onExport(kind: 'py' | 'ipynb'): void
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
  saved: 'saved' | 'saving' | 'error' | 'idle'
}

export interface Toolbar {
  element: HTMLElement
  update(state: ToolbarState): void
}

export function createToolbar(handlers: ToolbarHandlers): Toolbar {
  const exercise = h('select', { 'aria-label': 'Exercise', class: 'exercise' })
  const options = EXERCISES.map((item) => {
    const option = h('option', { value: String(item.id), title: item.title }, item.label)
    exercise.append(option)
    return option
  })
  exercise.addEventListener('change', () => handlers.onExercise(Number(exercise.value)))

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
  const open = button('Open…', handlers.onOpen, { 'data-testid': 'import', title: 'Import a solution: a .py or .ipynb file' })
  const paste = button('Paste…', handlers.onPaste, { 'data-testid': 'paste', title: 'Import a pasted notebook cell' })

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
    h('div', { class: 'file-actions' }, open, paste, h('span', { class: 'split' }, exportPy, exportNb))
  )

  return {
    element,
    update(state) {
      EXERCISES.forEach((item, i) => {
        const label = state.marks[item.id] ? `${state.marks[item.id]} ${item.label}` : item.label
        if (options[i].textContent !== label) options[i].textContent = label
      })
      exercise.value = String(state.exercise)
      exercise.title = EXERCISES.find((item) => item.id === state.exercise)?.title ?? ''
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
      saved.textContent = state.saved === 'saved' ? 'Saved' : state.saved === 'saving' ? 'Saving…' : state.saved === 'error' ? 'Not saved!' : ''
      saved.classList.toggle('error', state.saved === 'error')
    }
  }
}

// Getting solutions out and in: through the Electron main process's dialogs when window.api exists, else as a
// browser download and a file picker.

import type { Api } from '../../../preload/api'

export type SolutionKind = 'py' | 'ipynb' | 'csv'

/** The largest file the picker reads (as the main process's limit). */
export const MAX_OPEN_BYTES = 2 * 1024 * 1024

export const SOLUTION_NAMES: Record<SolutionKind, string> = {
  py: 'backprop_ninja_solution.py',
  ipynb: 'backprop_ninja_solution.ipynb',
  csv: 'backprop_ninja_class.csv'
}

const MIME: Record<SolutionKind, string> = { py: 'text/x-python', ipynb: 'application/x-ipynb+json', csv: 'text/csv' }

/** Saves an exported solution; resolves to a sentence for the learner, or null when they cancelled. */
export async function saveSolution(kind: SolutionKind, text: string, api: Api | undefined = window.api): Promise<string | null> {
  if (api) {
    const result = await api.saveSolution(SOLUTION_NAMES[kind], text, kind)
    if (result.status === 'canceled') return null
    if (result.status === 'error') throw new Error(result.message)
    return `Exported ${result.name}.`
  }
  const url = URL.createObjectURL(new Blob([text], { type: MIME[kind] }))
  const link = document.createElement('a')
  link.href = url
  link.download = SOLUTION_NAMES[kind]
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return `Downloaded ${SOLUTION_NAMES[kind]}.`
}

/** Lets the learner pick a .py/.ipynb/.txt file; resolves to its name and text, or null when cancelled. */
export async function openSolution(api: Api | undefined = window.api): Promise<{ name: string; text: string } | null> {
  if (api) {
    const result = await api.openSolution()
    if (result.status === 'canceled') return null
    if (result.status === 'error') throw new Error(result.message)
    return { name: result.name, text: result.text }
  }
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = '.py,.ipynb,.txt'
  input.hidden = true
  document.body.append(input)
  try {
    const file = await new Promise<File | null>((resolve) => {
      input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true })
      input.addEventListener('cancel', () => resolve(null), { once: true })
      input.click()
    })
    if (!file) return null
    if (file.size > MAX_OPEN_BYTES) throw new Error(`${file.name} is larger than 2 MB`)
    return { name: file.name, text: await file.text() }
  } finally {
    input.remove()
  }
}

// A dialog to paste a notebook cell (or a whole exported solution) and import it.

import { button, h } from './dom'

/** Opens the dialog; resolves to the pasted text, or null when cancelled. */
export function askForPaste(): Promise<string | null> {
  return new Promise((resolve) => {
    const text = h('textarea', {
      rows: '16',
      spellcheck: 'false',
      'aria-label': 'Pasted code',
      placeholder: 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n\ndprobs = ...'
    })
    const dialog = h('dialog', { class: 'paste-dialog', 'aria-labelledby': 'paste-title' })
    const finish = (value: string | null): void => {
      dialog.close()
      dialog.remove()
      resolve(value)
    }
    const importButton = button('Import', () => finish(text.value), { class: 'primary' })
    dialog.append(
      h('h2', { id: 'paste-title' }, 'Paste a notebook cell'),
      h('p', { class: 'muted' }, 'Paste your backward-pass code: a cell from the lecture notebook, or a file exported from here. Each dX = … line goes to node X; the cells it finds replace yours.'),
      text,
      h('div', { class: 'dialog-actions' }, button('Cancel', () => finish(null)), importButton)
    )
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault()
      finish(null)
    })
    document.body.append(dialog)
    dialog.showModal()
    text.focus()
  })
}

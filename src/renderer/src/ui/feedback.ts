// Under the editor: the verdict in words (as the lecture's cmp() prints it), the error, the diagnoses, and help
// for a stuck learner: up to three hints, one at a time, then the lecture's solution.

import type { CodeError, NodeVerdict, Status } from '../../../core/api'
import { formatShape } from '../graph/layout'
import { formatValue } from '../inspector/grid'
import { button, h } from './dom'
import { STATUS_LABEL } from './status'

export interface FeedbackInput {
  /** the cell's key, handed back to the handlers */
  name: string
  /** the node whose gradient the cell computes, when it differs from `name` (fused cells: 'logits', 'hprebn') */
  node?: string
  verdict: NodeVerdict | null
  error: CodeError | null
  checking: boolean
  /** the node's hints once loaded (null: not yet) */
  hints: string[] | null
  hintsShown: number
  solution: string | null
  solutionShown: boolean
  /** chained mode: the upstream gradients this cell reads whose cells don't pass (see failingUpstream) */
  upstream?: string[]
  /** what the cell printed, shown under the verdict as a notebook shows it */
  output?: string
}

export interface FeedbackHandlers {
  onHint(name: string): void
  onShowSolution(name: string): void
  onUseSolution(name: string): void
}

const SENTENCE: Record<Status, string> = {
  pass: 'Matches autograd.',
  shape: 'The values match, but only through broadcasting: the shape is wrong.',
  fail: 'Does not match autograd.',
  error: 'The cell stopped with an error.',
  missing: 'Not written yet.'
}

export function createFeedback(root: HTMLElement, handlers: FeedbackHandlers): { update(input: FeedbackInput): void } {
  root.setAttribute('aria-live', 'polite')
  let lastKey = ''
  return {
    update(input) {
      const key = JSON.stringify([input.name, input.node, input.verdict, input.error, input.checking, input.hints, input.hintsShown, input.solution, input.solutionShown, input.upstream, input.output])
      if (key === lastKey) return
      lastKey = key
      root.replaceChildren(...render(input, handlers))
    }
  }
}

/**
 * A limit's headline, from the interpreter's message: too many steps, too long or too much work is "ran too long"
 * (as is the worker's own time limit); a program nested too deep says so; any other LimitError (a tensor, list,
 * string or integer over its size) "made something too big". The message itself is shown under it.
 */
export function limitSentence(message: string): string {
  if (/ran longer than|ran more than [\d,]+ steps|units of work|took longer than/.test(message)) return 'The cell ran too long and was stopped.'
  if (/nests too deeply|recursion/i.test(message)) return 'The cell nests too deeply and was stopped.'
  if (/^LimitError: /.test(message)) return 'The cell made something too big and was stopped.'
  return 'The cell was stopped.'
}

/** The verdict's headline: a cell that ran without binding its dX says so (its note says what it did instead). */
export function verdictSentence(input: Pick<FeedbackInput, 'checking' | 'error' | 'verdict' | 'name' | 'node'>, status: Status): string {
  if (input.checking) return 'Checking…'
  if (input.error?.kind === 'limit') return limitSentence(input.error.message)
  if (input.error?.kind === 'syntax') return 'The cell is not valid Python yet.'
  if (status === 'missing' && input.verdict?.message) return `The cell ran but did not define d${input.node ?? input.name}.`
  return SENTENCE[status]
}

function render(input: FeedbackInput, handlers: FeedbackHandlers): Node[] {
  const parts: Node[] = []
  const node = input.node ?? input.name
  const status: Status = input.verdict?.status ?? 'missing'
  const label = STATUS_LABEL[status]
  const head = h(
    'div',
    { class: `verdict status-${status}`, 'data-testid': 'verdict', 'data-verdict': status },
    h('span', { class: 'badge' }, `${label.icon} ${label.word}`),
    h('span', { class: 'sentence' }, verdictSentence(input, status))
  )
  parts.push(head)

  const v = input.verdict
  if (v && (status === 'pass' || status === 'fail' || status === 'shape')) {
    const fields = [node.padEnd(15), `exact: ${pyBool(v.exact)}`, `approximate: ${pyBool(v.approximate)}`, `maxdiff: ${v.maxdiff === null ? '—' : formatValue(v.maxdiff)}`]
    // the row reads as cmp() prints it; a narrow pane wraps it between fields (see .cmp-field)
    const row = fields.flatMap((field, i) => [...(i ? [' | '] : []), h('span', { class: 'cmp-field' }, field)])
    parts.push(h('p', { class: 'cmp', 'data-testid': 'cmp' }, h('code', {}, ...row)))
  }
  if (v && status === 'shape' && v.shape && !v.message) {
    parts.push(h('p', { class: 'detail' }, `d${node} has shape ${formatShape(v.shape)}; ${node} has shape ${formatShape(v.expected_shape)}.`))
  }
  if (input.error) {
    const where = input.error.line < 1 ? '' : ` (line ${input.error.line}, column ${input.error.col})`
    parts.push(h('p', { class: 'error-message' }, h('code', {}, input.error.message), where))
  } else if (v?.message) {
    // a pass can carry a word too: a branch that adds ~0 left out, or a true gradient that is only float noise
    parts.push(h('p', { class: status === 'pass' ? 'detail pass-note' : 'detail', 'data-testid': 'verdict-note' }, v.message))
  }
  if (v?.diagnoses?.length) parts.push(h('ul', { class: 'diagnoses' }, ...v.diagnoses.map((d) => h('li', {}, d))))
  if (input.output) parts.push(h('div', { class: 'printed', 'data-testid': 'printed' }, h('p', { class: 'label' }, 'Printed'), h('pre', {}, input.output)))
  const upstream = input.upstream ?? []
  if (upstream.length && !input.checking && (status === 'fail' || status === 'shape' || (status === 'error' && input.error?.kind === 'runtime')))
    parts.push(h('p', { class: 'upstream-note', 'data-testid': 'upstream-note' }, upstreamNote(node, upstream)))

  if (status !== 'pass' || input.hintsShown > 0 || input.solutionShown) parts.push(help(input, handlers))
  return parts
}

function help(input: FeedbackInput, handlers: FeedbackHandlers): HTMLElement {
  const box = h('div', { class: 'help' })
  const hints = input.hints ?? []
  const shown = hints.slice(0, input.hintsShown)
  if (shown.length) box.append(h('ol', { class: 'hints' }, ...shown.map((hint) => h('li', {}, hint))))
  // once the cell passes, the hints read so far stay; asking for more (or for the solution) is over
  const passed = input.verdict?.status === 'pass' && !input.checking
  const more = input.hints === null || input.hintsShown < hints.length
  const actions = h('div', { class: 'help-actions' })
  if (passed) {
    if (!shown.length && !input.solutionShown) box.hidden = true
  } else if (more) {
    const next = input.hintsShown + 1
    const of = input.hints ? ` (${next} of ${hints.length})` : ''
    actions.append(button(input.hintsShown === 0 ? `Show a hint${of}` : `Next hint${of}`, () => handlers.onHint(input.name), { class: 'secondary', 'data-testid': 'hint' }))
  } else if (!input.solutionShown) {
    actions.append(
      button("Reveal the lecture's solution", () => handlers.onShowSolution(input.name), {
        class: 'secondary warn',
        'data-testid': 'reveal-solution',
        title: "Shows Karpathy's code for this node"
      })
    )
  }
  if (input.solutionShown && input.solution !== null) {
    box.append(
      h('div', { class: 'solution' }, h('p', { class: 'label' }, "The lecture's solution"), h('pre', {}, h('code', {}, input.solution))),
    )
    if (!passed) actions.append(button('Put it in my cell', () => handlers.onUseSolution(input.name), { class: 'secondary', title: 'Replaces your cell with the solution (Ctrl+Z undoes it)' }))
  }
  if (actions.childElementCount) box.append(actions)
  return box
}

/** Chained mode: why a cell can fail although it is right. */
export function upstreamNote(node: string, upstream: string[]): string {
  const names = upstream.map((name) => `d${name}`)
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  const they = names.length === 1 ? 'which does not pass yet' : 'which do not pass yet'
  return `Chained mode: d${node} is computed from your ${list}, ${they}, so a mistake there flows into it. Fix ${names.length === 1 ? 'it' : 'them'} first, or switch to Isolated to check this cell against the true upstream gradients.`
}

function pyBool(value: boolean | null): string {
  return value === null ? '—' : value ? 'True' : 'False'
}

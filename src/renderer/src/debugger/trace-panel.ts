// Stepping through one cell line by line: the controls, the current line, and the variables bound so far.

import { formatShape } from '../graph/layout'
import { button, h } from '../ui/dom'
import { traceView } from './stepper'
import type { TraceState } from '../state'

export interface TraceHandlers {
  onMove(to: 'first' | 'prev' | 'next' | 'last'): void
  onClose(): void
}

/**
 * `update(trace, gradient, note)`: `gradient` names what the cell computes (default `d` + the trace's cell name);
 * `note`, a sentence under the title (how the cell was run, when that differs from its verdict's run).
 */
export function createTracePanel(root: HTMLElement, handlers: TraceHandlers): { update(trace: TraceState | null, gradient?: string, note?: string): void } {
  let last: TraceState | null = null
  let lastNote: string | undefined
  return {
    update(trace, gradient, note) {
      if (trace === last && note === lastNote) return
      last = trace
      lastNote = note
      root.hidden = trace === null
      if (!trace) {
        root.replaceChildren()
        return
      }
      const view = traceView(trace.steps, trace.index, trace.raised ?? null)
      const title = h('h3', {}, `Stepping through ${gradient ?? `d${trace.name}`}`)
      const noteLine = note ? [h('p', { class: 'muted trace-note' }, note)] : []
      const close = button('✕', handlers.onClose, { class: 'icon', 'aria-label': 'Stop stepping through the cell', title: 'Close' })
      if (!view) {
        root.replaceChildren(h('div', { class: 'trace-head' }, title, close), ...noteLine, h('p', { class: 'muted' }, 'Nothing ran: the cell has no statements before its first error.'))
        return
      }
      const controls = h(
        'div',
        { class: 'trace-controls' },
        button('|◀', () => handlers.onMove('first'), { 'aria-label': 'First line', disabled: view.index === 0 }),
        button('◀ Prev line', () => handlers.onMove('prev'), { disabled: view.index === 0 }),
        button('Next line ▶', () => handlers.onMove('next'), { class: 'primary', disabled: view.index === view.total - 1 }),
        button('▶|', () => handlers.onMove('last'), { 'aria-label': 'Last line', disabled: view.index === view.total - 1 }),
        h(
          'span',
          { class: 'trace-where', 'aria-live': 'polite' },
          view.raised ? `line ${view.step.line} raised (step ${view.index + 1} of ${view.total})` : `after statement ${view.index + 1} of ${view.total}, line ${view.step.line}`
        )
      )
      const when = view.raised
        ? h('p', { class: 'trace-raised', 'data-testid': 'trace-raised' }, h('code', {}, view.raised.message), ` (line ${view.raised.line}, column ${view.raised.col}). The variables are as the lines before it left them.`)
        : h('p', { class: 'muted trace-note' }, 'The variables are as they stand after the highlighted line ran.')
      const rows = view.bindings.map((b) =>
        h(
          'tr',
          { class: b.fresh ? 'fresh' : '' },
          h('th', { scope: 'row' }, h('code', {}, b.name)),
          h('td', {}, b.type),
          h('td', {}, b.shape ? (b.shape.length === 0 ? '[] (scalar)' : formatShape(b.shape)) : ''),
          h('td', {}, b.dtype ?? ''),
          h('td', { class: 'preview' }, h('code', {}, b.preview))
        )
      )
      const table = h(
        'table',
        { class: 'variables', 'aria-label': 'Variables' },
        h('thead', {}, h('tr', {}, ...['name', 'type', 'shape', 'dtype', 'value'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...rows)
      )
      root.replaceChildren(h('div', { class: 'trace-head' }, title, close), ...noteLine, controls, when, rows.length ? table : h('p', { class: 'muted' }, 'No names bound yet.'))
    }
  }
}

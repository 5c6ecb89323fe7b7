// The backward-pass stepper's controls: Reset, Previous, Next, Run all, and a line saying where the pass is.

import { button, h } from '../ui/dom'
import { describeStep, type BackwardStep } from './stepper'

export interface StepperHandlers {
  onReset(): void
  onPrev(): void
  onNext(): void
  onRunAll(): void
}

export function createStepperBar(handlers: StepperHandlers): { element: HTMLElement; update(step: BackwardStep | null, running: boolean): void } {
  const reset = button('⟲ Reset', handlers.onReset, { title: 'Leave the backward pass', 'aria-label': 'Reset the backward pass' })
  const prev = button('◀ Prev', handlers.onPrev, { title: 'The previous node in the backward pass', 'aria-label': 'Previous node' })
  const next = button('Next ▶', handlers.onNext, { class: 'primary', title: 'The next node the gradient reaches ', 'aria-label': 'Next node' })
  const runAll = button('Run all »', handlers.onRunAll, { title: 'Check every cell and walk the pass up to the first node that does not pass yet', 'aria-label': 'Run all' })
  const where = h('p', { class: 'step-where', 'aria-live': 'polite' })
  const legend = h(
    'p',
    { class: 'step-legend' },
    h('span', { class: 'swatch current' }),
    'current ',
    h('span', { class: 'swatch inflow' }),
    'gradient flows in from ',
    h('span', { class: 'swatch needs' }),
    'values it uses'
  )
  const element = h(
    'div',
    { class: 'stepper', role: 'group', 'aria-label': 'Backward pass stepper' },
    h('div', { class: 'stepper-buttons' }, h('span', { class: 'stepper-title' }, 'Backward pass'), reset, prev, next, runAll),
    where,
    legend
  )
  return {
    element,
    update(step, running) {
      prev.disabled = step === null || step.index === 0
      next.disabled = step !== null && step.index === step.total - 1
      reset.disabled = step === null && !running
      runAll.textContent = running ? '■ Stop' : 'Run all »'
      legend.hidden = step === null
      where.textContent = step
        ? `Step ${step.index + 1}/${step.total}: ${describeStep(step)}`
        : 'Walk the backward pass from the loss down, one node at a time (Next), as the gradients flow.'
    }
  }
}

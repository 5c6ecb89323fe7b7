// Exercise 4's page: where the gradients come from (and what keeps the learner's own from being used), the steps,
// Start / Pause / Stop, the progress line, the loss plot, and the results: split losses and sampled names. Built
// once; each update changes only the parts whose data changed, so typing in the steps field survives progress.

import { STATUS_LABEL } from '../ui/status'
import { button, h } from '../ui/dom'
import type { CellPlace, TrainingPlan } from './plan'
import { formatDuration, formatSteps, isLive, runProgress, type GradientSource, type RunState } from './run-state'

export interface TrainingPanelInput {
  run: RunState
  source: GradientSource
  stepsText: string
  /** why the steps field can't be used, or null */
  stepsError: string | null
  /** the learner's backward program and its blockers */
  plan: TrainingPlan
  /** where the failed run's error is in the learner's cells, when it is there */
  failurePlace: { place: CellPlace; label: string; line: number } | null
}

export interface TrainingPanelHandlers {
  onSource(source: GradientSource): void
  onSteps(text: string): void
  onStart(): void
  onPause(): void
  onResume(): void
  onStop(): void
  /** go to a cell (exercise 1's node, or exercise 2 or 3) */
  onJump(place: CellPlace): void
}

export const LR_DECAY_STEP = 100_000
/** How many blocked cells are listed by name before the rest are counted. */
const LISTED = 14

export function createTrainingPanel(plot: HTMLElement, handlers: TrainingPanelHandlers): { element: HTMLElement; update(input: TrainingPanelInput): void } {
  const radio = (value: GradientSource, testid: string) => {
    const input = h('input', { type: 'radio', name: 'gradient-source', value, 'data-testid': testid })
    input.addEventListener('change', () => input.checked && handlers.onSource(value))
    return input
  }
  const mine = radio('mine', 'train-source-mine')
  const builtin = radio('builtin', 'train-source-builtin')
  const planBox = h('div', { class: 'plan', 'data-testid': 'train-plan', 'aria-live': 'polite' })
  const source = h(
    'fieldset',
    { class: 'gradient-source' },
    h('legend', {}, 'Gradients from'),
    h(
      'label',
      { class: 'choice' },
      mine,
      h('span', {}, h('strong', {}, 'Your backward pass'), h('span', { class: 'muted' }, " exercise 1's cells, with exercises 2 and 3's one-step cells in their place where you wrote them"))
    ),
    planBox,
    h(
      'label',
      { class: 'choice' },
      builtin,
      h('span', {}, h('strong', {}, "The lecture's built-in backward pass"), h('span', { class: 'muted' }, ' the fused dlogits and dhprebn, to compare with yours or just to watch a model learn'))
    )
  )

  const steps = h('input', { type: 'text', inputmode: 'numeric', id: 'train-steps', 'data-testid': 'train-steps', 'aria-describedby': 'train-steps-error', size: 9 })
  steps.addEventListener('input', () => handlers.onSteps(steps.value))
  const preset = (count: number, label: string) =>
    button(label, () => {
      steps.value = formatSteps(count)
      handlers.onSteps(steps.value)
    }, { class: 'secondary small', title: `${formatSteps(count)} steps` })
  const quick = preset(2_000, '2,000 (quick)')
  const full = preset(200_000, '200,000 (lecture)')
  const stepsError = h('p', { class: 'field-error', id: 'train-steps-error', role: 'alert' })
  const stepsRow = h('div', { class: 'steps-row' }, h('label', { for: 'train-steps' }, 'Steps'), steps, quick, full)

  const start = button('Start training', handlers.onStart, { class: 'primary', 'data-testid': 'train-start' })
  const pause = button('Pause', () => (pause.dataset.action === 'resume' ? handlers.onResume() : handlers.onPause()), { 'data-testid': 'train-pause' })
  const stop = button('Stop', handlers.onStop, { 'data-testid': 'train-stop', title: 'End the run here: batch norm is still calibrated and names sampled from the model so far' })
  const bar = h('progress', { max: '1', value: '0', 'aria-label': 'Training progress' })
  const line = h('p', { class: 'run-line', 'data-testid': 'train-status', role: 'status', 'aria-live': 'polite' })
  const pathLine = h('p', { class: 'run-path muted', 'data-testid': 'train-path' })
  const failure = h('div', { class: 'run-failure', role: 'alert' })
  const results = h('section', { class: 'results', 'data-testid': 'train-results', 'aria-label': 'Results' })

  const element = h(
    'section',
    { class: 'training', 'aria-label': 'Exercise 4: training', 'data-testid': 'training' },
    h(
      'div',
      { class: 'training-side' },
      h('h2', {}, 'Exercise 4: train with your backward pass'),
      h(
        'p',
        { class: 'muted intro' },
        "The lecture's loop: a hidden layer of 200, batches of 32, learning rate 0.1, then 0.01 from step 100,000; parameters and batches from the same seeds as the checks. The update uses only your gradients: no loss.backward()."
      ),
      source,
      stepsRow,
      stepsError,
      h('div', { class: 'run-actions' }, start, pause, stop),
      bar,
      line,
      pathLine,
      failure
    ),
    h('div', { class: 'training-main' }, plot, results)
  )

  let planKey = ''
  let resultKey: unknown = undefined
  let failureKey: unknown = undefined

  function renderPlan(input: TrainingPanelInput): void {
    const key = JSON.stringify([input.plan.blockers, input.plan.uses, input.plan.shapeOnly, input.source])
    if (key === planKey) return
    planKey = key
    const { blockers, uses, fused, shapeOnly } = input.plan
    const shapeNote = shapeOnly.length ? h('p', { class: 'muted', 'data-testid': 'train-shape-note' }, shapeOnlyNote(shapeOnly)) : null
    if (blockers.length === 0) {
      const parts = uses.length - fused.length
      const with_ = fused.length ? ` and exercise${fused.length > 1 ? 's' : ''} ${fused.join(' and ')}` : ''
      const ready = h('p', { class: 'plan-ready' }, `✓ Ready: ${parts} cells of exercise 1${with_}, ${shapeOnly.length ? 'their values all right' : 'all passing'}.`)
      planBox.replaceChildren(...[ready, shapeNote].filter((x) => x !== null))
      planBox.dataset.ready = 'true'
      return
    }
    planBox.dataset.ready = 'false'
    const nothingWritten = blockers.length === input.plan.needed && blockers.every((b) => b.status === 'missing')
    const lead = nothingWritten
      ? "Your backward pass isn't written yet. Exercise 4 trains with your own cells: write them in exercise 1 (or the one-step cells of exercises 2 and 3) until they pass, or train with the built-in backward pass below to watch a model learn."
      : `Your backward pass can't run yet: ${blockers.length === 1 ? 'this cell has' : `these ${blockers.length} cells have`} to pass first.`
    const chips = blockers.slice(0, LISTED).map((b) => {
      const word = b.checking ? 'checking' : STATUS_LABEL[b.status].word
      const icon = b.checking ? '…' : STATUS_LABEL[b.status].icon
      return button(`${icon} ${b.label}`, () => handlers.onJump(b.place), {
        class: `blocker status-${b.status}`,
        title: `Go to ${b.label} (${word})`,
        'aria-label': `${b.label}: ${word}. Go to the cell`,
        'data-cell': b.place.exercise === 1 ? b.place.node : `exercise-${b.place.exercise}`
      })
    })
    const more = blockers.length > LISTED ? h('span', { class: 'muted' }, `and ${blockers.length - LISTED} more`) : null
    // a written one-step cell replaces its stretch of exercise 1: say how to train without it
    const fusedBlocked = blockers.filter((b) => b.place.exercise !== 1).map((b) => b.label)
    const fusedNote = fusedBlocked.length
      ? h('p', { class: 'muted' }, `Your ${fusedBlocked.join(' and ')} cell stands in for exercise 1's cells of that stretch. Empty it to train with those instead.`)
      : null
    planBox.replaceChildren(
      ...[h('p', { class: 'plan-blocked' }, lead), h('div', { class: 'blockers', 'data-testid': 'train-blockers' }, ...chips, more), fusedNote, shapeNote].filter((x) => x !== null)
    )
  }

  function renderLine(input: TrainingPanelInput): void {
    const { run } = input
    const { fraction, stepsPerSecond, etaSeconds } = runProgress(run)
    const of = `${formatSteps(run.step)} / ${formatSteps(run.total)} steps`
    const loss = Number.isFinite(run.lastLoss) ? ` · loss ${run.lastLoss.toFixed(4)}` : ''
    if (run.phase === 'finishing') bar.removeAttribute('value')
    else bar.value = run.phase === 'idle' ? 0 : fraction
    let text: string
    switch (run.phase) {
      case 'idle':
        text = 'Not started.'
        break
      case 'running':
        text = stepsPerSecond === null ? `${of} · starting…` : `${of} · ${formatSteps(stepsPerSecond)} steps/s · about ${formatDuration(etaSeconds ?? NaN)} left${loss}`
        break
      case 'paused':
        text = `Paused at ${of}${loss}.`
        break
      case 'stopping':
        text = `Stopping at ${of}…`
        break
      case 'finishing':
        text = `${run.step < run.total ? `Stopped at ${of}. ` : ''}Calibrating batch norm on the whole training set, then sampling 20 names…`
        break
      case 'done': {
        const r = run.result
        const time = formatDuration((r?.elapsedMs ?? run.elapsedMs) / 1000)
        text = r?.stopped ? `Stopped at step ${formatSteps(r.steps)} of ${formatSteps(r.total)} (${time} of training).` : `Trained ${formatSteps(run.total)} steps in ${time}.`
        if (run.restored) text = `Your last run, kept from before: ${text[0].toLowerCase()}${text.slice(1)} The curve is its mean loss over every few steps.`
        break
      }
      case 'failed':
        text = `Training stopped at step ${formatSteps(run.failure?.step ?? run.step)}.`
        break
    }
    line.textContent = text
    const path = pathText(run)
    pathLine.hidden = path === ''
    pathLine.textContent = path
    pathLine.dataset.path = run.path?.kind ?? ''
  }

  function renderFailure(input: TrainingPanelInput): void {
    const key = input.run.phase === 'failed' ? [input.run.failure, input.failurePlace] : null
    if (key === failureKey || (key && failureKey && JSON.stringify(key) === JSON.stringify(failureKey))) return
    failureKey = key
    const f = input.run.phase === 'failed' ? input.run.failure : null
    failure.hidden = f === null
    if (!f) {
      failure.replaceChildren()
      return
    }
    const at = input.failurePlace
    failure.replaceChildren(
      h('p', {}, h('code', {}, f.error?.message ?? f.message)),
      at
        ? h(
            'p',
            {},
            `It happened in ${at.label}, line ${at.line}. `,
            button(`Go to ${at.label}`, () => handlers.onJump(at.place), { class: 'secondary small' })
          )
        : h('p', { class: 'muted' }, f.message),
      h('p', { class: 'muted' }, 'The checks use a hidden layer of 64; training uses 200. Code that only works for 64 (a hard-coded size) passes the check and fails here.')
    )
  }

  function renderResults(input: TrainingPanelInput): void {
    const r = input.run.phase === 'done' ? input.run.result : null
    if (r === resultKey) return
    resultKey = r
    results.hidden = r === null
    if (!r) {
      results.replaceChildren()
      return
    }
    const loss = (x: number | null) => (x === null ? '—' : x.toFixed(4))
    const lossTable = h(
      'dl',
      { class: 'split-loss' },
      h('dt', {}, 'train loss'),
      h('dd', { 'data-testid': 'train-loss' }, loss(r.train)),
      h('dt', {}, 'val loss'),
      h('dd', { 'data-testid': 'val-loss' }, loss(r.val))
    )
    const note =
      r.train === null
        ? h('p', { class: 'muted' }, 'The run was cut off before batch norm could be calibrated, so there are no split losses or names.')
        : h('p', { class: 'muted' }, `With batch norm calibrated on the whole training set, as the lecture does at the end. After all 200,000 steps the lecture gets about 2.07 (train) and 2.11 (val).`)
    const names = r.samples.length
      ? [h('h3', {}, `${r.samples.length} names sampled from the model`), h('ul', { class: 'samples', 'data-testid': 'train-samples' }, ...r.samples.map((s) => h('li', {}, s || '(empty)')))]
      : []
    results.replaceChildren(h('h3', {}, r.stopped ? `After ${formatSteps(r.steps)} steps (stopped early)` : `After ${formatSteps(r.steps)} steps`), lossTable, note, ...names)
  }

  return {
    element,
    update(input) {
      const live = isLive(input.run.phase)
      element.dataset.phase = input.run.phase
      mine.checked = input.source === 'mine'
      builtin.checked = input.source === 'builtin'
      mine.disabled = builtin.disabled = live
      if (document.activeElement !== steps && steps.value !== input.stepsText) steps.value = input.stepsText
      steps.disabled = quick.disabled = full.disabled = live
      steps.setAttribute('aria-invalid', String(input.stepsError !== null))
      stepsError.textContent = input.stepsError ?? ''
      stepsError.hidden = input.stepsError === null
      renderPlan(input)
      const blocked = input.source === 'mine' && input.plan.blockers.length > 0
      start.disabled = live || blocked || input.stepsError !== null
      start.textContent = input.source === 'mine' ? 'Start training' : 'Start training (built-in)'
      start.title = blocked ? 'Your cells must all pass first (or choose the built-in backward pass)' : ''
      pause.disabled = !(input.run.phase === 'running' || input.run.phase === 'paused')
      pause.dataset.action = input.run.phase === 'paused' ? 'resume' : 'pause'
      pause.textContent = input.run.phase === 'paused' ? 'Resume' : 'Pause'
      stop.disabled = !(input.run.phase === 'running' || input.run.phase === 'paused')
      renderLine(input)
      renderFailure(input)
      renderResults(input)
    }
  }
}

/** Why cells with a "shape" verdict still train: 'dbnmeani has a "shape" verdict: ...'. */
export function shapeOnlyNote(labels: readonly string[]): string {
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`
  const has = labels.length === 1 ? 'has' : 'have'
  return `${list} ${has} a "shape" verdict: the values are right but the shape is not the tensor's. ${labels.length === 1 ? 'It trains' : 'They train'} anyway, since an intermediate's gradient only flows on to the next cells; a parameter's gradient must have the parameter's exact shape.`
}

/**
 * How the learner's program trains, in words: compiled (its ops replayed every step, no interpreter), or
 * interpreted with the compiler's reason (its line) and the speed that costs. Empty for the built-in pass and
 * before the first step.
 */
export function pathText(run: RunState): string {
  const path = run.path
  if (run.source !== 'mine' || path === null || path === undefined) return ''
  if (path.kind === 'compiled') return `Compiled: your code was traced once and its ${formatSteps(path.ops)} tensor ops are replayed every step, with no interpreter in the loop.`
  const { stepsPerSecond } = runProgress(run)
  const speed = stepsPerSecond === null ? '' : `, about ${formatSteps(stepsPerSecond)} steps/s`
  const reason = path.reason ?? 'the compiler could not follow it'
  return `Interpreted: ${reason}, so training runs interpreted${speed}.`
}

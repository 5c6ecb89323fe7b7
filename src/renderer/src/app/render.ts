// The store's listener: the state drawn into the views after each action (the exercise shown, its graph's statuses,
// the cell pane, the inspector, the toolbar, the notice), and the autosave scheduled when something saved changed.

import type { GraphNode } from '../../../core/api'
import { backwardStep, traceView } from '../debugger/stepper'
import { cellScope, fusedScope } from '../editor/completions'
import { formatShape } from '../graph/layout'
import type { GraphView } from '../graph/render'
import type { InspectorInput } from '../inspector/inspector'
import { exerciseCells, failingUpstream, FUSED_IDS, fusedKey, progress, statusOf, type Action, type AppState, type CellId, type FusedId } from '../state'
import { button, h } from '../ui/dom'
import type { FeedbackInput } from '../ui/feedback'
import { STATUS_LABEL } from '../ui/status'
import { isFused, stopRunning, type App } from './context'
import { graphView } from './views'

/** Draws `state` (after `action` turned `previous` into it). */
export function render(app: App, state: AppState, previous: AppState, action: Action): void {
  const { views, fusedViews } = app
  const exercise = state.exercise
  const exerciseChanged = exercise !== previous.exercise || action.type === 'restore'
  toolbarUpdate(app, state)
  if (exerciseChanged) showExercise(app, exercise)
  const shown = views.exercises.get(exercise)
  if (shown?.id === 1) renderNodeCell(app, state, previous, action, exerciseChanged)
  else if (shown) renderFusedCell(app, shown.id, state, previous, exerciseChanged)
  views.training.update(state)

  if (action.type === 'restore' || action.type === 'import') {
    for (const cell of app.shownCells) if (state.cells[cell].code !== previous.cells[cell]?.code) views.editor.setText(cell, state.cells[cell].code)
  }
  if (state.cells !== previous.cells || exerciseChanged)
    for (const cell of app.shownCells) if (exerciseChanged || state.cells[cell].error !== previous.cells[cell]?.error) views.editor.setError(cell, state.cells[cell].error)

  const traceKey = cellOnScreen(state) ?? ''
  const shownTrace = state.trace?.name === traceKey ? state.trace : null
  views.tracePanel.update(
    shownTrace,
    isFused(exercise) ? `d${fusedViews[exercise].exercise.target}` : undefined,
    exercise === 1 && state.mode === 'chained'
      ? `This runs d${traceKey} on its own with the true upstream gradients, as Isolated mode does; the verdict below is chained mode's.`
      : undefined
  )
  if (state.trace !== previous.trace || exerciseChanged) {
    const view = shownTrace ? traceView(shownTrace.steps, shownTrace.index, shownTrace.raised ?? null) : null
    views.editor.highlightLine(view?.step.line ?? null, view?.raised ? 'raised' : 'ran')
  }
  if (state.notice !== previous.notice) renderNotice(app, state)

  const savedChanged =
    state.cells !== previous.cells ||
    state.exercise !== previous.exercise ||
    state.mode !== previous.mode ||
    state.selected !== previous.selected ||
    state.hintsShown !== previous.hintsShown ||
    state.solutionShown !== previous.solutionShown
  if (savedChanged && action.type !== 'restore' && action.type !== 'checking') {
    // the toolbar says so at its next redraw (a failed save, or a tab that does not save, keeps its word)
    if (app.ui.saveState !== 'error' && app.ui.saveState !== 'readonly') app.ui.saveState = 'saving'
    app.autosaver.schedule()
  }
}

/** The cell on screen: exercise 1's selected node's, or exercise 2's or 3's (null: exercise 4 has none). */
export function cellOnScreen(state: AppState): CellId | null {
  if (state.exercise === 1) return state.selected
  return isFused(state.exercise) ? fusedKey(state.exercise) : null
}

/** Where the backward-pass stepper stands (null: not stepping). */
export const currentStep = (app: App, state: AppState) => (state.step === null ? null : backwardStep(app.graph, state.step))

export function toolbarUpdate(app: App, state: AppState): void {
  const { passed, total } = progress(state)
  const busy = Object.values(state.cells).some((cell) => cell.checking)
  // an exercise of cells is done when all of them pass; exercise 4 is marked while it trains
  const marks: Record<number, string> = { 4: app.views.training.live() ? '▶' : '' }
  for (const id of [1, ...FUSED_IDS]) marks[id] = exerciseCells(state, id).every((cell) => statusOf(state, cell) === 'pass') ? '✓' : ''
  app.views.toolbar.update({ exercise: state.exercise, marks, mode: state.mode, ...shownProgress(app, state, passed, total), busy, saved: app.ui.saveState })
}

/** The header's progress for the exercise on screen (exercise 1's count of 26 only while it is shown). */
function shownProgress(app: App, state: AppState, passed: number, total: number): { passed: number; total: number; label?: string } {
  const exercise = state.exercise
  if (isFused(exercise)) {
    const status = statusOf(state, fusedKey(exercise))
    return { passed: status === 'pass' ? 1 : 0, total: 1, label: `${STATUS_LABEL[status].icon} ${STATUS_LABEL[status].word}` }
  }
  if (exercise === 4) return app.views.training.progress()
  return { passed, total }
}

function renderNotice(app: App, state: AppState): void {
  const { ui, store } = app
  const { noticeHost } = app.views
  const notice = state.notice
  if (ui.noticeTimer !== null) clearTimeout(ui.noticeTimer)
  ui.noticeTimer = null
  if (!notice) {
    noticeHost.replaceChildren()
    return
  }
  const dismiss = button('✕', () => store.dispatch({ type: 'dismissNotice' }), { class: 'icon', 'aria-label': 'Dismiss' })
  noticeHost.replaceChildren(h('div', { class: `notice ${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status' }, h('span', {}, notice.text), dismiss))
  if (notice.kind === 'info') ui.noticeTimer = setTimeout(() => store.dispatch({ type: 'dismissNotice' }), 6000)
}

/** Shows the panes of an exercise: the workspace (1-3) with its graph, or the training page (4). */
export function showExercise(app: App, exercise: number): void {
  const { views } = app
  stopRunning(app.ui)
  views.workspace.hidden = exercise === 4
  views.training.element.hidden = exercise !== 4
  if (exercise === 4) {
    views.training.shown()
    return
  }
  for (const shown of views.exercises.values()) shown.scroll.hidden = exercise !== shown.id
  views.stepper.element.hidden = exercise !== 1
  views.fusedHead.hidden = exercise === 1
  views.fusedLegend.hidden = exercise === 1
  views.cellPrompt.hidden = exercise === 1
  if (isFused(exercise)) {
    const { exercise: fused } = app.fusedViews[exercise]
    graphView(app, exercise)
    views.fusedHead.replaceChildren(
      h('p', { class: 'fused-title' }, fused.title),
      h(
        'p',
        { class: 'fused-note' },
        `The ${fused.collapsed.length} nodes from ${fused.collapsed[0]} to ${fused.collapsed[fused.collapsed.length - 1]} are one node now, ${fused.fusedName}: write d${fused.target} through it in one step.`
      )
    )
  }
}

/** Exercise 1: the selected node's cell, the graph's statuses and the backward-pass stepper. */
export function renderNodeCell(app: App, state: AppState, previous: AppState, action: Action, exerciseChanged: boolean): void {
  const { views, byName, graph, config } = app
  const name = state.selected
  const node = byName.get(name)!
  const view = graphView(app, 1)
  const step = currentStep(app, state)
  views.stepper.update(step, app.ui.runTimer !== null)
  view.update({
    selected: name,
    status: (n) => (byName.get(n)?.checked ? statusOf(state, n) : null),
    checking: (n) => state.cells[n]?.checking ?? false,
    branches: (n) => state.cells[n]?.verdict?.branches,
    step
  })

  const selectionChanged = name !== previous.selected || exerciseChanged
  if (selectionChanged || state.mode !== previous.mode) views.editor.setScope(cellScope(graph, config, name, state.mode))
  if (selectionChanged) {
    views.editor.show(name, state.cells[name].code)
    view.reveal(name)
    views.cellTitle.textContent = `d${name}`
    views.cellForward.textContent = node.source ? `${node.source}    # ${name}: ${formatShape(node.shape)}` : `${name}: ${formatShape(node.shape)}`
  }
  if (action.type === 'step' && step) view.reveal(step.name)

  if (selectionChanged) app.ui.inspecting = null
  renderCellPane(app, state, name, node, view, (n) => byName.get(n), {}, { upstream: failingUpstream(state, name) })
}

/** Exercises 2 and 3: the fused cell, its graph and its gradient (exercise 2's as the lecture's gray imshow). */
export function renderFusedCell(app: App, id: FusedId, state: AppState, previous: AppState, exerciseChanged: boolean): void {
  const { views } = app
  const fused = app.fusedViews[id]
  const key = fusedKey(id)
  const cell = state.cells[key]
  const target = fused.target.name
  const view = graphView(app, id)
  const status = statusOf(state, key)
  view.update({
    selected: target,
    status: (n) => (n === target ? status : null),
    checking: (n) => n === target && cell.checking,
    step: null
  })
  if (exerciseChanged) {
    view.reveal(target)
    views.editor.setScope(fusedScope(app.graph, app.config, target, fused.exercise.upstream))
    views.editor.show(key, cell.code)
    views.cellTitle.textContent = `d${target}`
    views.cellPrompt.textContent = fused.exercise.prompt
    views.cellForward.textContent = `${fused.forward}    # ${target}: ${formatShape(fused.target.shape)}`
  } else if (cell.code !== previous.cells[key].code) views.editor.show(key, cell.code)
  if (exerciseChanged) app.ui.inspecting = null
  const gray = {
    colormap: 'gray' as const,
    gradientNote:
      "In the lecture's picture of dlogits each row has one black cell: the right next character, where softmax − 1 pulls its logit up. Everywhere else the probability (over n) pushes the logit down, and every row sums to 0."
  }
  const find = (n: string) => fused.graph.nodes.find((node) => node.name === n)
  renderCellPane(app, state, key, fused.target, view, find, id === 2 ? gray : {}, { node: target })
}

/**
 * The cell pane's badge, feedback and inspector for `cell`, which writes `node`'s gradient; the inspector shows the
 * node without a cell being inspected instead (`find` looks it up in the exercise's graph, drawn as `view`).
 */
function renderCellPane(
  app: App,
  state: AppState,
  cell: CellId,
  node: GraphNode,
  view: GraphView,
  find: (name: string) => GraphNode | undefined,
  shown: Pick<InspectorInput, 'colormap' | 'gradientNote'>,
  about: Pick<FeedbackInput, 'node' | 'upstream'>
): void {
  const { views, ui, caches } = app
  const cellState = state.cells[cell]
  const status = statusOf(state, cell)
  views.cellBadge.className = `badge status-${status}`
  views.cellBadge.textContent = cellState.checking ? '… checking' : `${STATUS_LABEL[status].icon} ${STATUS_LABEL[status].word}`
  const inspected = ui.inspecting === null ? undefined : find(ui.inspecting)
  view.inspect(inspected?.name ?? null)
  if (inspected) views.inspector.update({ node: inspected, state: null, trueGradShown: false })
  else views.inspector.update({ node, state: cellState, trueGradShown: state.trueGradShown[cell] ?? false, ...shown })
  views.feedback.update({
    name: cell,
    ...about,
    verdict: cellState.verdict,
    error: cellState.error,
    checking: cellState.checking,
    hints: caches.hints.get(cell) ?? null,
    hintsShown: state.hintsShown[cell] ?? 0,
    solution: caches.solutions.get(cell) ?? null,
    solutionShown: state.solutionShown[cell] ?? false,
    output: cellState.result?.output
  })
}

// The page's panes and widgets, built once: the toolbar, one scrolling graph pane per exercise of the workspace, the
// cell pane (editor, feedback, line stepper), the inspector, exercise 4's training page and the notices. They hold no
// state of their own beyond the DOM: what they show comes from render.ts, what they do goes to `ViewHandlers`.

import type { Graph } from '../../../core/api'
import { DEFAULT_CONFIG } from '../../../core/api'
import { createStepperBar } from '../debugger/stepper-bar'
import { createTracePanel } from '../debugger/trace-panel'
import { createCellEditor, type CellEditor } from '../editor/monaco'
import type { SolutionKind } from '../files/export'
import { layoutGraph } from '../graph/layout'
import { renderGraph, type GraphView } from '../graph/render'
import { createInspector, type Inspector } from '../inspector/inspector'
import { allLessons } from '../lessons/catalog'
import type { CellId, FusedId } from '../state'
import { createExercise4, type Exercise4 } from '../training/exercise4'
import type { CellPlace } from '../training/plan'
import { button, h } from '../ui/dom'
import { createFeedback } from '../ui/feedback'
import { STATUS_LABEL } from '../ui/status'
import { createToolbar, type Toolbar, type ToolbarHandlers } from '../ui/toolbar'
import type { WorkerLike } from '../worker/client'
import TrainingWorker from '../worker/training.worker?worker'
import { tensorSource, type App, type AppParts, type UiLocal } from './context'

/**
 * What the views ask for: each handler is one of actions.ts's actions (see `viewHandlers` there); the toolbar's
 * are its own handlers, less the lesson list it is built with.
 */
export interface ViewHandlers extends Omit<ToolbarHandlers, 'lessons' | 'lesson' | 'lecture' | 'onExport'> {
  onExport(kind: SolutionKind): void
  // the graph pane: exercise 1's backward-pass stepper, the zoom, a node picked in exercise 1's graph or 2's or 3's
  onStep(to: 'reset' | 'prev' | 'next'): void
  onRunAll(): void
  onZoom(by: number | 'fit'): void
  onPickNode(name: string): void
  onPickFusedNode(id: FusedId, name: string): void
  // the cell pane
  onCheck(): void
  onTrace(): void
  onEdit(cell: CellId, text: string): void
  onRun(cell: CellId): void
  onLeaveEditor(): void
  onTraceMove(to: 'first' | 'prev' | 'next' | 'last'): void
  onTraceClose(): void
  onHint(cell: CellId): void
  onShowSolution(cell: CellId): void
  onUseSolution(cell: CellId): void
  // the inspector
  onShowTrueGrad(name: string): void
  // exercise 4
  onJump(place: CellPlace): void
  onLiveChange(): void
}

/**
 * One of the workspace's exercises (1, 2, 3) as the page shows it: the graph it draws in its own scrolling pane and
 * what picking one of that graph's nodes does (render.ts draws its cell and the graph's statuses).
 */
export interface WorkspaceExercise {
  id: 1 | FusedId
  graph: Graph
  scroll: HTMLElement
  /** the one-step node its graph marks (exercises 2 and 3) */
  fusedNode?: string
  /** a node of its graph was clicked (or picked with Enter) */
  onPick(name: string): void
}

/** The page's widgets and the elements render.ts writes into. */
export interface Views {
  toolbar: Toolbar
  stepper: ReturnType<typeof createStepperBar>
  /** the workspace's exercises by id: 1, and 2 and 3 in the lecture */
  exercises: Map<number, WorkspaceExercise>
  fusedHead: HTMLElement
  fusedLegend: HTMLElement
  cellTitle: HTMLElement
  cellBadge: HTMLElement
  cellForward: HTMLElement
  cellPrompt: HTMLElement
  checkButton: HTMLElement
  workspace: HTMLElement
  training: Exercise4
  noticeHost: HTMLElement
  /** says a second browser tab is read-only (hidden in the tab that saves) */
  secondTab: HTMLElement
  editor: CellEditor
  inspector: Inspector
  feedback: ReturnType<typeof createFeedback>
  tracePanel: ReturnType<typeof createTracePanel>
}

/** Builds the page into `app.root`, exercise 1's graph drawn; `on` is what the widgets call. */
export function createViews(app: AppParts, on: ViewHandlers): Views {
  const { lesson, graph, config, fusedIds, fusedViews } = app
  const toolbar = createToolbar({
    lessons: allLessons(app.lessonStore).map((l) => ({ id: l.id, title: l.title, description: l.description, nodes: l.id === lesson.id ? lesson.nodes : l.nodes })),
    lesson: lesson.id,
    lecture: lesson.lecture,
    onLesson: (id) => on.onLesson(id),
    onOpenLesson: () => on.onOpenLesson(),
    onMode: (mode) => on.onMode(mode),
    onExercise: (id) => on.onExercise(id),
    onOpen: () => on.onOpen(),
    onPaste: () => on.onPaste(),
    onExport: (kind) => on.onExport(kind),
    onClass: () => on.onClass()
  })

  const stepper = createStepperBar({
    onReset: () => on.onStep('reset'),
    onPrev: () => on.onStep('prev'),
    onNext: () => on.onStep('next'),
    onRunAll: () => on.onRunAll()
  })

  // one scrolling graph per exercise (1, 2, 3), shown one at a time
  const graphScroll = (id: number): HTMLElement => h('div', { class: 'graph-scroll', 'data-graph': String(id), hidden: id !== 1 })
  const exercises = new Map<number, WorkspaceExercise>([
    [1, { id: 1, graph, scroll: graphScroll(1), onPick: (name) => on.onPickNode(name) }],
    ...fusedIds.map((id): [number, WorkspaceExercise] => [
      id,
      { id, graph: fusedViews[id].graph, scroll: graphScroll(id), fusedNode: fusedViews[id].exercise.fusedName, onPick: (name) => on.onPickFusedNode(id, name) }
    ])
  ])
  const fusedHead = h('div', { class: 'fused-head' })
  const zoomButtons = h(
    'div',
    { class: 'zoom', role: 'group', 'aria-label': 'Zoom the graph' },
    button('−', () => on.onZoom(1 / 1.2), { 'aria-label': 'Zoom out', title: 'Zoom out' }),
    button('Fit', () => on.onZoom('fit'), { 'aria-label': 'Fit the graph to the pane', title: 'Fit width' }),
    button('+', () => on.onZoom(1.2), { 'aria-label': 'Zoom in', title: 'Zoom in' })
  )
  const fusedLegend = h('span', { class: 'legend-item fused' }, h('span', { class: 'fused-swatch', 'aria-hidden': 'true' }), 'one-step node')
  const legend = h(
    'div',
    { class: 'legend', 'aria-label': 'Legend' },
    ...(['pass', 'shape', 'fail', 'error', 'missing'] as const).map((status) => h('span', { class: `legend-item status-${status}` }, `${STATUS_LABEL[status].icon} ${STATUS_LABEL[status].word}`)),
    h('span', { class: 'legend-item merge' }, 'Σn: gradient sums n uses · Σ: sums over a broadcast'),
    h('span', { class: 'legend-item param' }, '▭ parameter'),
    fusedLegend
  )
  const graphPane = h(
    'section',
    { class: 'pane graph-pane', 'aria-label': 'Computation graph' },
    h('div', { class: 'pane-head' }, stepper.element, fusedHead, zoomButtons),
    ...[...exercises.values()].map((exercise) => exercise.scroll),
    legend
  )

  const cellTitle = h('h2', { class: 'cell-title' })
  const cellBadge = h('span', { class: 'badge' })
  const cellForward = h('code', { class: 'cell-forward' })
  const cellPrompt = h('p', { class: 'cell-prompt', 'data-testid': 'prompt', hidden: true })
  const checkButton = button('Check', () => on.onCheck(), { class: 'primary', title: 'Check this cell (Ctrl+Enter, Cmd+Enter on macOS)', 'data-testid': 'check' })
  const traceButton = button('Step through lines', () => on.onTrace(), { title: 'Run this cell one statement at a time and watch its variables', 'data-testid': 'trace' })
  const editorHost = h('div', { class: 'editor', 'data-testid': 'editor' })
  const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'
  // the editor keeps Tab and Enter, so its keys are spelled out where the learner types
  const editorKeys = h(
    'p',
    { class: 'editor-keys', 'data-testid': 'editor-keys', id: 'editor-keys' },
    h('span', {}, h('kbd', {}, 'Tab'), ' accepts a suggestion'),
    h('span', {}, h('kbd', {}, mod), '+', h('kbd', {}, 'Enter'), ' checks'),
    h('span', {}, h('kbd', {}, 'Esc'), ' leaves the editor')
  )
  const traceHost = h('section', { class: 'trace', 'aria-label': 'Cell stepper', hidden: true })
  const feedbackHost = h('section', { class: 'feedback', 'aria-label': 'Verdict and help' })
  const cellPane = h(
    'section',
    { class: 'pane cell-pane', 'aria-label': 'Cell' },
    h('div', { class: 'cell-head' }, h('div', { class: 'cell-heading' }, cellTitle, cellBadge), h('div', { class: 'cell-actions' }, traceButton, checkButton)),
    cellPrompt,
    h('p', { class: 'cell-sub' }, cellForward),
    editorHost,
    editorKeys,
    traceHost,
    feedbackHost
  )
  const inspectorHost = h('aside', { class: 'pane inspector-pane' })
  const noticeHost = h('div', { class: 'notice-host' })
  const secondTab = h('div', { class: 'second-tab', role: 'status', 'data-testid': 'second-tab' })
  secondTab.hidden = true
  const workspace = h('main', { class: 'workspace' }, graphPane, cellPane, inspectorHost)
  const training = createExercise4({
    // the app's model, with the lecture's hidden layer of 200 for training (the checks use the contract's 64)
    config: { ...(config ?? { ...DEFAULT_CONFIG, vocab_size: 27 }), n_hidden: 200 },
    storage: app.storage,
    createWorker: () => new TrainingWorker() as unknown as WorkerLike,
    onJump: (place) => on.onJump(place),
    onLiveChange: () => on.onLiveChange()
  })
  training.element.hidden = true
  app.root.replaceChildren(secondTab, toolbar.element, workspace, training.element, noticeHost)
  toolbar.fitMenu()
  // exercise 1's graph at once, now that its pane has a width
  graphOf(app.ui, exercises.get(1)!)

  const editor = createCellEditor(editorHost, {
    onChange: (cell, text) => on.onEdit(cell, text),
    onRun: (cell) => on.onRun(cell),
    onLeave: () => on.onLeaveEditor()
  })
  const inspector = createInspector(inspectorHost, tensorSource(app.client, app.caches), (name) => on.onShowTrueGrad(name))
  const feedback = createFeedback(feedbackHost, {
    onHint: (cell) => on.onHint(cell),
    onShowSolution: (cell) => on.onShowSolution(cell),
    onUseSolution: (cell) => on.onUseSolution(cell)
  })
  const tracePanel = createTracePanel(traceHost, {
    onMove: (to) => on.onTraceMove(to),
    onClose: () => on.onTraceClose()
  })

  return {
    toolbar,
    stepper,
    exercises,
    fusedHead,
    fusedLegend,
    cellTitle,
    cellBadge,
    cellForward,
    cellPrompt,
    checkButton,
    workspace,
    training,
    noticeHost,
    secondTab,
    editor,
    inspector,
    feedback,
    tracePanel
  }
}

/** An exercise's graph, drawn (and fitted to its pane) the first time it is asked for. */
export function graphOf(ui: UiLocal, exercise: WorkspaceExercise): GraphView {
  let view = ui.drawn.get(exercise.id)
  if (!view) {
    view = renderGraph(exercise.scroll, layoutGraph(exercise.graph), exercise.onPick, exercise.fusedNode === undefined ? {} : { fused: exercise.fusedNode })
    view.zoom('fit')
    ui.drawn.set(exercise.id, view)
  }
  return view
}

/** The graph of workspace exercise `id` (1, 2 or 3), drawn if it was not yet. */
export function graphView(app: App, id: number): GraphView {
  return graphOf(app.ui, app.views.exercises.get(id)!)
}

// The page's wiring: starts the core's worker, builds the widgets, restores the learner's work, and connects the
// store to the widgets and the widgets' actions to the store, the checker and the files.

import './styles.css'
import type { Graph, GraphNode, TensorView } from '../../core/api'
import { DEFAULT_CONFIG } from '../../core/api'
import type { FusedExercise } from '../../core/exercise/exercises'
import { createChecker } from './checker'
import { createStepperBar } from './debugger/stepper-bar'
import { backwardStep, raisingError, traceView } from './debugger/stepper'
import { createTracePanel } from './debugger/trace-panel'
import { cellScope, fusedScope } from './editor/completions'
import { createCellEditor } from './editor/monaco'
import { openSolution, saveSolution, type SolutionKind } from './files/export'
import { appendFusedCells, appendFusedNotebookCells, fusedCellsOf } from '../../core/grader/exercise-sections'
import { recoveryNotice } from './ui/recovery'
import { acquireWriter, type Locks } from './files/single-writer'
import { Autosaver, browserBackend, electronBackend, parseProgress, serializeProgress, type ProgressBackend } from './files/persistence'
import { fusedGraphView } from './graph/fused'
import { layoutGraph, formatShape } from './graph/layout'
import { renderGraph, type GraphView } from './graph/render'
import { createInspector, type InspectorInput } from './inspector/inspector'
import {
  createStore,
  exerciseCells,
  failingUpstream,
  FUSED_IDS,
  fusedKey,
  fusedStarter,
  hasCode,
  initialState,
  nodeCode,
  progress,
  statusOf,
  toSaved,
  type Action,
  type AppState,
  type CellId,
  type FusedId
} from './state'
import { createExercise4 } from './training/exercise4'
import type { CellPlace } from './training/plan'
import { button, h } from './ui/dom'
import { createFeedback, type FeedbackInput } from './ui/feedback'
import { askForPaste } from './ui/paste-dialog'
import { STATUS_LABEL } from './ui/status'
import { createToolbar } from './ui/toolbar'
import { createClassView, type ClassView } from './class/view'
import GradeWorker from './worker/grade.worker?worker'
import { allLessons, chooseLesson, CHOICE_KEY, currentLesson, keepCustomLesson, LECTURE_ID } from './lessons/catalog'
import { CoreClient } from './worker/client'
import CoreWorker from './worker/core.worker?worker'
import TrainingWorker from './worker/training.worker?worker'

/** Exercise 2 or 3 as the page shows it: the core's exercise, its graph view and the node whose gradient it asks. */
interface FusedView {
  id: FusedId
  exercise: FusedExercise
  graph: Graph
  target: GraphNode
  /** the forward line the fused cell differentiates */
  forward: string
}

/**
 * One of the workspace's exercises (1, 2, 3) as the page shows it: the graph it draws in its own scrolling pane, what
 * picking one of that graph's nodes does, and how the exercise draws its cell and the graph's statuses.
 */
interface WorkspaceExercise {
  id: 1 | FusedId
  graph: Graph
  scroll: HTMLElement
  /** the one-step node its graph marks (exercises 2 and 3) */
  fusedNode?: string
  /** a node of its graph was clicked (or picked with Enter) */
  onPick(name: string): void
  render(state: AppState, previous: AppState, action: Action, exerciseChanged: boolean): void
}

/**
 * The UI's own state that is not the learner's work and is never saved: the save indicator, the backward-pass
 * stepper's run-all timer, the inspected node without a cell, the Class view once made, the notice's timer.
 */
interface UiLocal {
  /** what the toolbar says of saving */
  saveState: 'saved' | 'saving' | 'error' | 'idle'
  /** the stepper's "run to the end" timer while it plays */
  running: ReturnType<typeof setInterval> | null
  /** a node without a cell shown in the inspector (loss, Xb, Yb), until another node is picked */
  inspecting: string | null
  /** the Class view, made the first time it is opened */
  classView: ClassView | null
  /** dismisses an info notice after a while */
  noticeTimer: ReturnType<typeof setTimeout> | null
}

const isFused = (exercise: number): exercise is FusedId => exercise === 2 || exercise === 3

const app = document.getElementById('app')!

async function start(): Promise<void> {
  const store = localStorageOrNull()
  const lessonStore = store ?? memoryStorage()
  const chosen = currentLesson(lessonStore)
  app.replaceChildren(
    h('p', { class: 'loading', role: 'status' }, chosen.text === null ? "Preparing the lecture's forward pass…" : `Preparing the lesson "${chosen.title}"…`)
  )
  // the store comes once the session exists; a crash before that has nobody to tell
  let onCrash = (): void => {}
  const client = new CoreClient(() => new CoreWorker() as unknown as import('./worker/client').WorkerLike, {
    timeoutMs: 5000,
    onRestart: (reason) => {
      if (reason === 'crashed') onCrash()
    }
  })
  let info: Awaited<ReturnType<CoreClient['init']>>
  let loaded: Array<{ exercise: FusedExercise; graph: Graph }>
  try {
    info = await client.init(undefined, chosen.text === null ? undefined : { id: chosen.id, text: chosen.text })
    loaded = info.lesson.lecture ? await Promise.all(FUSED_IDS.map((id) => client.call('exercise', [id], { urgent: true }))) : []
  } catch (error) {
    if (chosen.text !== null) {
      // a lesson that no longer builds (a file of the learner's that changed, say): back to the lecture, saying why
      lessonStore.setItem(CHOICE_KEY, LECTURE_ID)
      app.replaceChildren(
        h(
          'div',
          { class: 'fatal', role: 'alert' },
          h('h1', {}, `The lesson "${chosen.title}" could not be opened`),
          h('p', {}, message(error)),
          h('p', {}, button('Open the lecture instead', () => location.reload(), { class: 'primary' }))
        )
      )
      return
    }
    app.replaceChildren(h('div', { class: 'fatal', role: 'alert' }, h('h1', {}, 'Backprop Ninja could not start'), h('p', {}, message(error))))
    return
  }
  const { graph, config } = info
  const lesson = info.lesson
  // exercises 2-4 build on the lecture's exercise 1; another lesson is its exercise 1 alone
  const fusedIds: readonly FusedId[] = lesson.lecture ? FUSED_IDS : []
  /** the cells this lesson shows: exercise 1's, then exercises 2 and 3's (the lecture's only) */
  const shownCells: readonly CellId[] = [...graph.order, ...fusedIds.map(fusedKey)]
  const byName = new Map<string, GraphNode>(graph.nodes.map((node) => [node.name, node]))
  const fusedViews = {} as Record<FusedId, FusedView>
  fusedIds.forEach((id, i) => {
    const { exercise, graph: collapsed } = loaded[i]
    const view = fusedGraphView(collapsed, exercise.target)
    const forward = collapsed.nodes.find((node) => node.name === exercise.fusedName)?.source ?? ''
    fusedViews[id] = { id, exercise, graph: view, target: view.nodes.find((node) => node.name === exercise.target)!, forward }
  })
  const starters = { 2: '', 3: '' } as Record<FusedId, string>
  for (const id of fusedIds) starters[id] = fusedStarter(fusedViews[id].exercise, byName.get(fusedViews[id].exercise.target), fusedViews[id].forward)
  const s = createStore(initialState(graph.order, graph.nodes, starters))
  onCrash = () => s.dispatch({ type: 'notify', kind: 'warn', text: 'The checker stopped unexpectedly and was restarted.' })

  // *** caches of what never changes for a session ***
  const tensors = new Map<string, Promise<TensorView>>()
  const trueGrads = new Map<string, Promise<TensorView>>()
  const hints = new Map<string, string[]>()
  const solutions = new Map<string, string>()
  for (const id of fusedIds) {
    hints.set(fusedKey(id), [...fusedViews[id].exercise.hints])
    solutions.set(fusedKey(id), fusedViews[id].exercise.reference)
  }
  const cached = <T>(map: Map<string, Promise<T>>, name: string, load: () => Promise<T>): Promise<T> => {
    let found = map.get(name)
    if (!found) {
      found = load()
      map.set(name, found)
      found.catch(() => map.delete(name))
    }
    return found
  }
  const source = {
    tensor: (name: string) => cached(tensors, name, () => client.call('tensor', [name], { urgent: true })),
    trueGrad: (name: string) => cached(trueGrads, name, () => client.call('trueGrad', [name], { urgent: true }))
  }

  const notify = (kind: 'info' | 'warn' | 'error', text: string): void => s.dispatch({ type: 'notify', kind, text })
  const checker = createChecker(s, client.call.bind(client), {
    onProgramError: (name, error) =>
      notify(
        'warn',
        `Chained mode runs your cells as one program, and it stopped${name ? ` in d${name}` : ''}: ${error.message}. ${error.kind === 'syntax' ? 'Nothing ran, so no cell has a verdict until that is fixed.' : 'The cells after it did not run.'}`
      ),
    onProgramLimit: (culprit) =>
      notify('warn', culprit ? `The program stopped at d${culprit}: that cell runs too long on its own (an endless loop?).` : 'The whole program ran too long and was stopped.')
  })

  /** The page's state outside the store: what only this page's widgets and timers need, in one place. */
  const ui: UiLocal = { saveState: 'idle', running: null, inspecting: null, classView: null, noticeTimer: null }

  // *** persistence ***
  let backend: ProgressBackend
  try {
    // the lecture's work in its own place (the app's progress file in Electron); another lesson's in this page's
    // storage under the lesson's id, so that no lesson's save overwrites another's
    backend = lesson.lecture && window.api ? electronBackend(window.api) : browserBackend(window.localStorage, lesson.lecture ? null : lesson.id)
  } catch {
    backend = browserBackend(memoryStorage())
  }
  const autosaver = new Autosaver(backend, () => serializeProgress(toSaved(s.getState())), {
    onError: (text) => {
      ui.saveState = 'error'
      notify('error', `Your work could not be saved: ${text}`)
      toolbarUpdate(s.getState())
    },
    onSaved: () => {
      ui.saveState = 'saved'
      toolbarUpdate(s.getState())
    }
  })

  // *** layout ***
  const toolbar = createToolbar({
    lessons: allLessons(lessonStore).map((l) => ({ id: l.id, title: l.title, description: l.description, nodes: l.id === lesson.id ? lesson.nodes : l.nodes })),
    lesson: lesson.id,
    lecture: lesson.lecture,
    onLesson: (id) => void switchLesson(id),
    onOpenLesson: () => void openLessonFile(),
    onMode: (mode) => {
      if (mode === s.getState().mode) return
      s.dispatch({ type: 'mode', mode })
      void checker.checkAll()
    },
    onExercise: (id) => {
      closeClassView()
      s.dispatch({ type: 'exercise', id })
    },
    onOpen: () => void importFrom(() => openSolution()),
    onPaste: () => void importFrom(async () => {
      const text = await askForPaste()
      return text === null ? null : { name: 'the pasted cell', text }
    }),
    onExport: (kind) => void exportAs(kind),
    onClass: () => openClassView()
  })

  const stopRunning = (): void => {
    if (ui.running !== null) clearInterval(ui.running)
    ui.running = null
  }
  const stepper = createStepperBar({
    onReset: () => {
      stopRunning()
      s.dispatch({ type: 'step', to: 'reset' })
    },
    onPrev: () => {
      stopRunning()
      s.dispatch({ type: 'step', to: 'prev' })
    },
    onNext: () => {
      stopRunning()
      s.dispatch({ type: 'step', to: 'next' })
    },
    onRunAll: () => void runAll()
  })

  // one scrolling graph per exercise (1, 2, 3), shown one at a time
  const graphScroll = (id: number): HTMLElement => h('div', { class: 'graph-scroll', 'data-graph': String(id), hidden: id !== 1 })
  const exercises = new Map<number, WorkspaceExercise>([
    [1, { id: 1, graph, scroll: graphScroll(1), onPick: (name) => pickNode(name), render: (...args) => renderNodeCell(...args) }],
    ...fusedIds.map((id): [number, WorkspaceExercise] => [
      id,
      {
        id,
        graph: fusedViews[id].graph,
        scroll: graphScroll(id),
        fusedNode: fusedViews[id].exercise.fusedName,
        onPick: (name) => pickFusedNode(id, name),
        render: (state, previous, _action, exerciseChanged) => renderFusedCell(id, state, previous, exerciseChanged)
      }
    ])
  ])
  const fusedHead = h('div', { class: 'fused-head' })
  const zoomButtons = h(
    'div',
    { class: 'zoom', role: 'group', 'aria-label': 'Zoom the graph' },
    button('−', () => currentGraph().zoom(1 / 1.2), { 'aria-label': 'Zoom out', title: 'Zoom out' }),
    button('Fit', () => currentGraph().zoom('fit'), { 'aria-label': 'Fit the graph to the pane', title: 'Fit width' }),
    button('+', () => currentGraph().zoom(1.2), { 'aria-label': 'Zoom in', title: 'Zoom in' })
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
  const checkButton = button('Check', () => void checkCurrent(), { class: 'primary', title: 'Check this cell (Ctrl+Enter, Cmd+Enter on macOS)', 'data-testid': 'check' })
  const traceButton = button('Step through lines', () => void startTrace(), { title: 'Run this cell one statement at a time and watch its variables', 'data-testid': 'trace' })
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
    storage: localStorageOrNull(),
    createWorker: () => new TrainingWorker() as unknown as import('./worker/client').WorkerLike,
    onJump: (place) => goTo(place),
    onLiveChange: () => toolbarUpdate(s.getState())
  })
  training.element.hidden = true
  app.replaceChildren(secondTab, toolbar.element, workspace, training.element, noticeHost)
  toolbar.fitMenu()

  // an exercise's graph is drawn the first time it is needed (exercise 1's at once; a hidden pane has no width to fit)
  const drawn = new Map<number, GraphView>()
  function graphOf(id: number): GraphView {
    const exercise = exercises.get(id)!
    let view = drawn.get(id)
    if (!view) {
      view = renderGraph(exercise.scroll, layoutGraph(exercise.graph), exercise.onPick, exercise.fusedNode === undefined ? {} : { fused: exercise.fusedNode })
      view.zoom('fit')
      drawn.set(id, view)
    }
    return view
  }
  graphOf(1)
  const currentGraph = (): GraphView => graphOf(exercises.has(s.getState().exercise) ? s.getState().exercise : 1)

  /** Exercise 1's graph: a node with a cell opens it (a second pick goes into it), one without is inspected. */
  function pickNode(name: string): void {
    stopRunning()
    const state = s.getState()
    const checked = byName.get(name)?.checked ?? false
    // the loss and the data (Xb, Yb) have no cell: the inspector shows them, the open cell stays
    ui.inspecting = checked ? null : name
    // a second click (or Enter) on the node whose cell is open goes into the cell
    if (checked && state.selected === name && state.step === null) editor.focus()
    else if (checked) s.dispatch({ type: 'select', name })
    renderNodeCell(s.getState(), s.getState(), { type: 'select', name }, false)
  }

  /** Exercise 2's or 3's graph: its one cell is the target's (and the fused node's); the loss and data are inspected. */
  function pickFusedNode(id: FusedId, name: string): void {
    const { exercise, target, graph: fusedGraph } = fusedViews[id]
    const picked = fusedGraph.nodes.find((node) => node.name === name)
    ui.inspecting = picked?.kind === 'loss' || picked?.kind === 'input' ? name : null
    if (name === target.name || name === exercise.fusedName) editor.focus()
    else if (ui.inspecting === null)
      notify('info', `Exercise ${id} is one cell: d${target.name}, through the ${exercise.fusedName} node in one step. The other gradients are exercise 1's cells.`)
    renderFusedCell(id, s.getState(), s.getState(), false)
  }

  const editor = createCellEditor(editorHost, {
    onChange(name, text) {
      s.dispatch({ type: 'edit', name, code: text })
      checker.edited(name)
    },
    onRun: (name) => void checker.checkNow(name),
    onLeave: () => {
      const state = s.getState()
      if (state.exercise === 1) graphOf(1).focus(state.selected)
      else checkButton.focus()
    }
  })
  const inspector = createInspector(inspectorHost, source, (name) => {
    const exercise = s.getState().exercise
    s.dispatch({ type: 'showTrueGrad', name: isFused(exercise) ? fusedKey(exercise) : name })
  })
  const feedback = createFeedback(feedbackHost, {
    onHint: (name) => void showHint(name),
    onShowSolution: (name) => void showSolution(name),
    onUseSolution: (name) => {
      const solution = solutions.get(name)
      if (solution === undefined) return
      editor.setText(name, solution)
      s.dispatch({ type: 'edit', name, code: solution })
      void checker.checkNow(name)
    }
  })
  const tracePanel = createTracePanel(traceHost, {
    onMove: (to) => s.dispatch({ type: 'traceMove', to }),
    onClose: () => s.dispatch({ type: 'traceClose' })
  })

  /** The cell on screen: exercise 1's selected node's, or exercise 2's or 3's (null: exercise 4 has none). */
  function cellOnScreen(state: AppState): CellId | null {
    if (state.exercise === 1) return state.selected
    return isFused(state.exercise) ? fusedKey(state.exercise) : null
  }

  /** Checks the cell on screen. */
  function checkCurrent(): Promise<unknown> {
    const cell = cellOnScreen(s.getState())
    return cell === null ? Promise.resolve() : checker.checkNow(cell)
  }

  /** Shows a cell: one of exercise 1's nodes, or exercise 2 or 3. */
  function goTo(place: CellPlace): void {
    s.dispatch({ type: 'exercise', id: place.exercise })
    if (place.exercise === 1) s.dispatch({ type: 'select', name: place.node })
    editor.focus()
  }

  // *** actions that talk to the worker ***
  async function showHint(name: string): Promise<void> {
    try {
      if (!hints.has(name)) hints.set(name, await client.call('hints', [name], { urgent: true }))
      s.dispatch({ type: 'hint', name, available: hints.get(name)!.length })
    } catch (error) {
      notify('error', `Could not load hints: ${message(error)}`)
    }
  }

  async function showSolution(name: string): Promise<void> {
    try {
      if (!solutions.has(name)) solutions.set(name, await client.call('referenceCell', [name], { urgent: true }))
      s.dispatch({ type: 'showSolution', name })
    } catch (error) {
      notify('error', `Could not load the solution: ${message(error)}`)
    }
  }

  async function startTrace(): Promise<void> {
    const name = cellOnScreen(s.getState())
    if (name === null) return
    const result = await checker.trace(name)
    if (!result) return
    const raised = raisingError(result.error)
    if (result.trace.length === 0 && raised === null) notify('info', 'Nothing to step through: the cell has no statements that ran.')
    // a cell that raised is stepped up to the line that raised, the first place worth looking
    else s.dispatch({ type: 'trace', name, steps: result.trace, raised })
  }

  async function runAll(): Promise<void> {
    if (ui.running !== null) {
      stopRunning()
      toolbarUpdate(s.getState())
      stepper.update(currentStep(s.getState()), false)
      return
    }
    await checker.checkAll()
    // walk down the pass to the first node that doesn't pass yet, one step at a time so the eye can follow
    const target = graph.order.findIndex((name) => statusOf(s.getState(), name) !== 'pass')
    const last = target === -1 ? graph.order.length - 1 : target
    s.dispatch({ type: 'step', to: 0 })
    if (last === 0) return
    ui.running = setInterval(() => {
      const at = s.getState().step ?? 0
      if (at >= last) {
        stopRunning()
        stepper.update(currentStep(s.getState()), false)
        if (target === -1) notify('info', 'Every node passes. You are a backprop ninja!')
        return
      }
      s.dispatch({ type: 'step', to: at + 1 })
    }, 220)
    stepper.update(currentStep(s.getState()), true)
  }

  /** The fused cells the learner wrote (a starter has no code), as the .py export appends them. */
  function writtenFused(state: AppState) {
    return fusedIds.filter((id) => hasCode(state.cells[fusedKey(id)].code)).map((id) => ({
      id,
      code: state.cells[fusedKey(id)].code,
      target: fusedViews[id].exercise.target,
      status: state.cells[fusedKey(id)].verdict?.status
    }))
  }

  /** The Class view (made the first time it is opened): it takes the workspace's place until it is closed. */
  function openClassView(): void {
    if (ui.classView === null) {
      ui.classView = createClassView({
        title: lesson.title,
        setup: { lesson: chosen.text === null ? null : { id: chosen.id, text: chosen.text } },
        createWorker: () => new GradeWorker() as unknown as import('./worker/client').WorkerLike,
        onClose: () => closeClassView(),
        saveCSV: (text) => saveSolution('csv', text),
        notify
      })
      app.insertBefore(ui.classView.element, noticeHost)
    }
    stopRunning()
    workspace.hidden = true
    training.element.hidden = true
    ui.classView.show()
  }
  function closeClassView(): void {
    if (ui.classView === null || ui.classView.element.hidden) return
    ui.classView.element.hidden = true
    showExercise(s.getState().exercise)
  }

  /** Opens another lesson: its work is saved first (each lesson keeps its own), then the page starts over on it. */
  async function switchLesson(id: string): Promise<void> {
    if (id === lesson.id) return
    await autosaver.flush()
    chooseLesson(lessonStore, id)
    location.reload()
  }

  /** "Open lesson…": a lesson file of the learner's or a teacher's; it is built once here to say what is wrong with it. */
  async function openLessonFile(): Promise<void> {
    try {
      const picked = await openSolution()
      if (!picked) return
      const probe = new CoreClient(() => new CoreWorker() as unknown as import('./worker/client').WorkerLike, { timeoutMs: 60_000 })
      try {
        const built = await probe.init(undefined, { id: 'probe', text: picked.text })
        notify('info', `Opening the lesson "${built.lesson.title}" (${built.lesson.nodes} nodes)…`)
      } catch (error) {
        notify('error', `${picked.name} is not a lesson this app can open: ${message(error)}`)
        return
      } finally {
        probe.dispose()
      }
      await autosaver.flush()
      keepCustomLesson(lessonStore, picked.name, picked.text)
      location.reload()
    } catch (error) {
      notify('error', `Open lesson failed: ${message(error)}`)
    }
  }

  async function exportAs(kind: SolutionKind): Promise<void> {
    const state = s.getState()
    if (!lesson.lecture && kind === 'ipynb') {
      notify('info', 'A lesson exports as .py: run it after the lesson file\'s setup and forward sections.')
      return
    }
    try {
      const text =
        kind === 'py'
          ? appendFusedCells(await client.call('exportPy', [nodeCode(state), toSaved(state).verdicts]), writtenFused(state))
          : appendFusedNotebookCells(await client.call('exportIpynb', [nodeCode(state)]), writtenFused(state))
      const said = await saveSolution(kind, text)
      if (said) notify('info', said)
    } catch (error) {
      notify('error', `Export failed: ${message(error)}`)
    }
  }

  /** The core's warnings (lower-case clauses) as sentences for a notice. */
  const sentences = (warnings: readonly string[]) => warnings.map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}${/[.!?]$/.test(w) ? '' : '.'}`).join(' ')

  async function importFrom(pick: () => Promise<{ name: string; text: string } | null>): Promise<void> {
    try {
      const picked = await pick()
      if (!picked) return
      const { cells, fused: fromNotebook, warnings, error } = await client.call('importSolution', [picked.text])
      if (error !== undefined) {
        notify('warn', `${picked.name}: ${error}.`)
        return
      }
      const names = Object.keys(cells).filter((name) => byName.get(name)?.checked)
      const fused = lesson.lecture ? { ...fromNotebook, ...fusedCellsOf(picked.text) } : {}
      const fusedFound = fusedIds.filter((id) => fused[id] !== undefined)
      if (names.length === 0 && fusedFound.length === 0) {
        notify('warn', `No cells found in ${picked.name}. ${sentences(warnings)}`.trim())
        return
      }
      s.dispatch({ type: 'import', cells: { ...cells, ...Object.fromEntries(fusedFound.map((id) => [fusedKey(id), fused[id]!])) } })
      for (const name of names) editor.setText(name, s.getState().cells[name].code)
      for (const id of fusedFound) editor.setText(fusedKey(id), s.getState().cells[fusedKey(id)].code)
      const what = [
        names.length ? `${names.length} cell${names.length === 1 ? '' : 's'}` : '',
        fusedFound.length ? `exercise${fusedFound.length > 1 ? 's' : ''} ${fusedFound.join(' and ')}` : ''
      ]
        .filter(Boolean)
        .join(' and ')
      // which cells of a whole notebook were read is news, not a warning
      const worrying = warnings.filter((w) => !w.startsWith("read the notebook's"))
      notify(worrying.length ? 'warn' : 'info', `Imported ${what} from ${picked.name}.${warnings.length ? ` ${sentences(warnings)}` : ''}`)
      await Promise.all([...(names.length ? [checker.checkAll()] : []), ...fusedFound.map((id) => checker.checkNow(fusedKey(id)))])
    } catch (error) {
      notify('error', `Import failed: ${message(error)}`)
    }
  }

  // *** rendering the state ***
  const currentStep = (state: AppState) => (state.step === null ? null : backwardStep(graph, state.step))

  function toolbarUpdate(state: AppState): void {
    const { passed, total } = progress(state)
    const busy = Object.values(state.cells).some((cell) => cell.checking)
    // an exercise of cells is done when all of them pass; exercise 4 is marked while it trains
    const marks: Record<number, string> = { 4: training.live() ? '▶' : '' }
    for (const id of [1, ...FUSED_IDS]) marks[id] = exerciseCells(state, id).every((cell) => statusOf(state, cell) === 'pass') ? '✓' : ''
    toolbar.update({ exercise: state.exercise, marks, mode: state.mode, ...shownProgress(state, passed, total), busy, saved: ui.saveState })
  }

  /** The header's progress for the exercise on screen (exercise 1's count of 26 only while it is shown). */
  function shownProgress(state: AppState, passed: number, total: number): { passed: number; total: number; label?: string } {
    const exercise = state.exercise
    if (isFused(exercise)) {
      const status = statusOf(state, fusedKey(exercise))
      return { passed: status === 'pass' ? 1 : 0, total: 1, label: `${STATUS_LABEL[status].icon} ${STATUS_LABEL[status].word}` }
    }
    if (exercise === 4) return training.progress()
    return { passed, total }
  }

  function renderNotice(state: AppState): void {
    const notice = state.notice
    if (ui.noticeTimer !== null) clearTimeout(ui.noticeTimer)
    ui.noticeTimer = null
    if (!notice) {
      noticeHost.replaceChildren()
      return
    }
    const dismiss = button('✕', () => s.dispatch({ type: 'dismissNotice' }), { class: 'icon', 'aria-label': 'Dismiss' })
    noticeHost.replaceChildren(h('div', { class: `notice ${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status' }, h('span', {}, notice.text), dismiss))
    if (notice.kind === 'info') ui.noticeTimer = setTimeout(() => s.dispatch({ type: 'dismissNotice' }), 6000)
  }

  /** Shows the panes of an exercise: the workspace (1-3) with its graph, or the training page (4). */
  function showExercise(exercise: number): void {
    stopRunning()
    workspace.hidden = exercise === 4
    training.element.hidden = exercise !== 4
    if (exercise === 4) {
      training.shown()
      return
    }
    for (const shown of exercises.values()) shown.scroll.hidden = exercise !== shown.id
    stepper.element.hidden = exercise !== 1
    fusedHead.hidden = exercise === 1
    fusedLegend.hidden = exercise === 1
    cellPrompt.hidden = exercise === 1
    if (isFused(exercise)) {
      const { exercise: fused } = fusedViews[exercise]
      graphOf(exercise)
      fusedHead.replaceChildren(
        h('p', { class: 'fused-title' }, fused.title),
        h(
          'p',
          { class: 'fused-note' },
          `The ${fused.collapsed.length} nodes from ${fused.collapsed[0]} to ${fused.collapsed[fused.collapsed.length - 1]} are one node now, ${fused.fusedName}: write d${fused.target} through it in one step.`
        )
      )
    }
  }

  function render(state: AppState, previous: AppState, action: Action): void {
    const exercise = state.exercise
    const exerciseChanged = exercise !== previous.exercise || action.type === 'restore'
    toolbarUpdate(state)
    if (exerciseChanged) showExercise(exercise)
    exercises.get(exercise)?.render(state, previous, action, exerciseChanged)
    training.update(state)

    if (action.type === 'restore' || action.type === 'import') {
      for (const cell of shownCells) if (state.cells[cell].code !== previous.cells[cell]?.code) editor.setText(cell, state.cells[cell].code)
    }
    if (state.cells !== previous.cells || exerciseChanged)
      for (const cell of shownCells) if (exerciseChanged || state.cells[cell].error !== previous.cells[cell]?.error) editor.setError(cell, state.cells[cell].error)

    const traceKey = cellOnScreen(state) ?? ''
    const shownTrace = state.trace?.name === traceKey ? state.trace : null
    tracePanel.update(
      shownTrace,
      isFused(exercise) ? `d${fusedViews[exercise].exercise.target}` : undefined,
      exercise === 1 && state.mode === 'chained'
        ? `This runs d${traceKey} on its own with the true upstream gradients, as Isolated mode does; the verdict below is chained mode's.`
        : undefined
    )
    if (state.trace !== previous.trace || exerciseChanged) {
      const view = shownTrace ? traceView(shownTrace.steps, shownTrace.index, shownTrace.raised ?? null) : null
      editor.highlightLine(view?.step.line ?? null, view?.raised ? 'raised' : 'ran')
    }
    if (state.notice !== previous.notice) renderNotice(state)

    const savedChanged =
      state.cells !== previous.cells ||
      state.exercise !== previous.exercise ||
      state.mode !== previous.mode ||
      state.selected !== previous.selected ||
      state.hintsShown !== previous.hintsShown ||
      state.solutionShown !== previous.solutionShown
    if (savedChanged && action.type !== 'restore' && action.type !== 'checking') {
      ui.saveState = ui.saveState === 'error' ? 'error' : 'saving'
      autosaver.schedule()
    }
  }

  /** Exercise 1: the selected node's cell, the graph's statuses and the backward-pass stepper. */
  function renderNodeCell(state: AppState, previous: AppState, action: Action, exerciseChanged: boolean): void {
    const name = state.selected
    const node = byName.get(name)!
    const view = graphOf(1)
    const step = currentStep(state)
    stepper.update(step, ui.running !== null)
    view.update({
      selected: name,
      status: (n) => (byName.get(n)?.checked ? statusOf(state, n) : null),
      checking: (n) => state.cells[n]?.checking ?? false,
      branches: (n) => state.cells[n]?.verdict?.branches,
      step
    })

    const selectionChanged = name !== previous.selected || exerciseChanged
    if (selectionChanged || state.mode !== previous.mode) editor.setScope(cellScope(graph, config, name, state.mode))
    if (selectionChanged) {
      editor.show(name, state.cells[name].code)
      view.reveal(name)
      cellTitle.textContent = `d${name}`
      cellForward.textContent = node.source ? `${node.source}    # ${name}: ${formatShape(node.shape)}` : `${name}: ${formatShape(node.shape)}`
    }
    if (action.type === 'step' && step) view.reveal(step.name)

    if (selectionChanged) ui.inspecting = null
    renderCellPane(state, name, node, view, (n) => byName.get(n), {}, { upstream: failingUpstream(state, name) })
  }

  /** Exercises 2 and 3: the fused cell, its graph and its gradient (exercise 2's as the lecture's gray imshow). */
  function renderFusedCell(id: FusedId, state: AppState, previous: AppState, exerciseChanged: boolean): void {
    const fused = fusedViews[id]
    const key = fusedKey(id)
    const cell = state.cells[key]
    const target = fused.target.name
    const view = graphOf(id)
    const status = statusOf(state, key)
    view.update({
      selected: target,
      status: (n) => (n === target ? status : null),
      checking: (n) => n === target && cell.checking,
      step: null
    })
    if (exerciseChanged) {
      view.reveal(target)
      editor.setScope(fusedScope(graph, config, target, fused.exercise.upstream))
      editor.show(key, cell.code)
      cellTitle.textContent = `d${target}`
      cellPrompt.textContent = fused.exercise.prompt
      cellForward.textContent = `${fused.forward}    # ${target}: ${formatShape(fused.target.shape)}`
    } else if (cell.code !== previous.cells[key].code) editor.show(key, cell.code)
    if (exerciseChanged) ui.inspecting = null
    const gray = {
      colormap: 'gray' as const,
      gradientNote:
        "In the lecture's picture of dlogits each row has one black cell: the right next character, where softmax − 1 pulls its logit up. Everywhere else the probability (over n) pushes the logit down, and every row sums to 0."
    }
    const find = (n: string) => fused.graph.nodes.find((node) => node.name === n)
    renderCellPane(state, key, fused.target, view, find, id === 2 ? gray : {}, { node: target })
  }

  /**
   * The cell pane's badge, feedback and inspector for `cell`, which writes `node`'s gradient; the inspector shows the
   * node without a cell being inspected instead (`find` looks it up in the exercise's graph, drawn as `view`).
   */
  function renderCellPane(
    state: AppState,
    cell: CellId,
    node: GraphNode,
    view: GraphView,
    find: (name: string) => GraphNode | undefined,
    shown: Pick<InspectorInput, 'colormap' | 'gradientNote'>,
    about: Pick<FeedbackInput, 'node' | 'upstream'>
  ): void {
    const cellState = state.cells[cell]
    const status = statusOf(state, cell)
    cellBadge.className = `badge status-${status}`
    cellBadge.textContent = cellState.checking ? '… checking' : `${STATUS_LABEL[status].icon} ${STATUS_LABEL[status].word}`
    const inspected = ui.inspecting === null ? undefined : find(ui.inspecting)
    view.inspect(inspected?.name ?? null)
    if (inspected) inspector.update({ node: inspected, state: null, trueGradShown: false })
    else inspector.update({ node, state: cellState, trueGradShown: state.trueGradShown[cell] ?? false, ...shown })
    feedback.update({
      name: cell,
      ...about,
      verdict: cellState.verdict,
      error: cellState.error,
      checking: cellState.checking,
      hints: hints.get(cell) ?? null,
      hintsShown: state.hintsShown[cell] ?? 0,
      solution: solutions.get(cell) ?? null,
      solutionShown: state.solutionShown[cell] ?? false,
      output: cellState.result?.output
    })
  }

  s.subscribe(render)

  // *** restore the learner's work ***
  try {
    const loaded = await backend.load()
    if (loaded.text !== null) {
      const parsed = parseProgress(loaded.text)
      if (parsed.ok) {
        s.dispatch({ type: 'restore', saved: parsed.saved })
        ui.saveState = 'saved'
        if (loaded.recovered) notify('warn', `Your work was restored from the backup: ${loaded.reason ?? 'the last save was damaged'}.`)
      } else {
        notify('error', `Your saved work could not be read (${parsed.reason}); starting fresh. The damaged save is kept until you change something.`)
      }
    } else if (loaded.reason) {
      notify('error', `Your saved work could not be read: ${loaded.reason}. Starting fresh.`)
    }
  } catch (error) {
    notify('error', `Your saved work could not be loaded: ${message(error)}`)
  }
  // in a browser, one tab saves: a second one is read-only until the learner takes over there
  if (!window.api) {
    const params = new URLSearchParams(location.search)
    const locks = (navigator as Navigator & { locks?: Locks }).locks
    const writer = await acquireWriter(locks, params.has('takeover'))
    const readOnly = (text: string) => {
      autosaver.writable = false
      secondTab.replaceChildren(
        h('span', {}, text),
        button('Use this tab', () => location.assign(`${location.pathname}?takeover=1`), { 'data-testid': 'take-over' })
      )
      secondTab.hidden = false
    }
    if (!writer.writing) readOnly('Backprop Ninja is open in another tab, which saves your work; changes made here are not saved.')
    void writer.lost.then(() => readOnly('You went on in another tab: this one no longer saves. Use it again to pick up the work saved there.'))
    if (params.has('takeover')) history.replaceState(null, '', location.pathname)
  }
  // after a renderer crash the main process reloads the page with ?recovered=<reason>: say so, once
  const recovered = recoveryNotice(location.search)
  if (recovered !== null) {
    notify('warn', recovered)
    history.replaceState(null, '', location.pathname)
  }
  // What is on screen now is what was saved (or the untouched starters): nothing to write until the learner acts.
  autosaver.markSaved(serializeProgress(toSaved(s.getState())))
  render(s.getState(), { ...s.getState(), selected: '', exercise: 0 }, { type: 'restore', saved: {} })
  // a lesson other than the lecture says what it is about when it opens (its description is also the picker's tooltip)
  if (!lesson.lecture) notify('info', `Lesson: ${lesson.title} (${lesson.nodes} nodes). ${lesson.description}`)

  // *** page-level events ***
  window.addEventListener('pagehide', () => autosaver.flushSync())
  window.addEventListener('beforeunload', () => autosaver.flushSync())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') autosaver.flushSync()
  })
  document.addEventListener('keydown', (event) => {
    const inEditor = event.target instanceof Element && event.target.closest('.monaco-editor')
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && !inEditor) {
      event.preventDefault()
      void checkCurrent()
    }
  })
  // before the window closes, main asks for the autosave still waiting on its 400 ms (and holds the close until written)
  window.api?.onFlushRequest(() => autosaver.flush())
  window.api?.onMenu((command) => {
    if (command === 'open') void importFrom(() => openSolution())
    else if (command === 'export-py') void exportAs('py')
    else if (command === 'export-ipynb') void exportAs('ipynb')
    else if (command === 'about')
      notify('info', "Backprop Ninja: Karpathy's “Building makemore Part 4: Becoming a Backprop Ninja”, one gradient at a time.")
  })

  // Re-check restored cells so verdicts match the current core.
  const state = s.getState()
  const fresh = initialState(graph.order, graph.nodes, starters)
  const written = graph.order.some((name) => state.cells[name].code !== fresh.cells[name].code)
  if (written) void checker.checkAll()
  for (const id of fusedIds) if (hasCode(state.cells[fusedKey(id)].code)) void checker.checkNow(fusedKey(id))
  if (state.exercise !== 4) editor.focus()
}

/** The page's localStorage, or null where it is refused (a sandboxed or private page). */
function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function memoryStorage(): { getItem(key: string): string | null; setItem(key: string, value: string): void } {
  const map = new Map<string, string>()
  return { getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

void start()

// The page's wiring: starts the core's worker, builds the widgets, restores the learner's work, and connects the
// store to the widgets and the widgets' actions to the store, the checker and the files.

import './styles.css'
import type { CellResult, GraphNode, TensorView } from '../../core/api'
import { createChecker } from './checker'
import { createStepperBar } from './debugger/stepper-bar'
import { backwardStep } from './debugger/stepper'
import { createTracePanel } from './debugger/trace-panel'
import { cellScope } from './editor/completions'
import { createCellEditor } from './editor/monaco'
import { openSolution, saveSolution, type SolutionKind } from './files/export'
import { Autosaver, browserBackend, electronBackend, parseProgress, serializeProgress, type ProgressBackend } from './files/persistence'
import { layoutGraph, formatShape } from './graph/layout'
import { renderGraph } from './graph/render'
import { createInspector } from './inspector/inspector'
import { createStore, initialState, progress, statusOf, toSaved, type Action, type AppState } from './state'
import { button, h } from './ui/dom'
import { createFeedback } from './ui/feedback'
import { askForPaste } from './ui/paste-dialog'
import { STATUS_LABEL } from './ui/status'
import { createToolbar } from './ui/toolbar'
import { CoreClient } from './worker/client'
import CoreWorker from './worker/core.worker?worker'

const app = document.getElementById('app')!

async function start(): Promise<void> {
  app.replaceChildren(h('p', { class: 'loading', role: 'status' }, "Preparing the lecture's forward pass…"))
  const client = new CoreClient(() => new CoreWorker() as unknown as import('./worker/client').WorkerLike, {
    timeoutMs: 5000,
    onRestart: (reason) => {
      if (reason === 'crashed') store?.dispatch({ type: 'notify', kind: 'warn', text: 'The checker stopped unexpectedly and was restarted.' })
    }
  })
  let store: ReturnType<typeof createStore> | undefined
  let info: Awaited<ReturnType<CoreClient['init']>>
  try {
    info = await client.init()
  } catch (error) {
    app.replaceChildren(h('div', { class: 'fatal', role: 'alert' }, h('h1', {}, 'Backprop Ninja could not start'), h('p', {}, message(error))))
    return
  }
  const { graph, config } = info
  const byName = new Map<string, GraphNode>(graph.nodes.map((node) => [node.name, node]))
  store = createStore(initialState(graph.order, graph.nodes))
  const s = store

  // *** caches of what never changes for a session ***
  const tensors = new Map<string, Promise<TensorView>>()
  const trueGrads = new Map<string, Promise<TensorView>>()
  const hints = new Map<string, string[]>()
  const solutions = new Map<string, string>()
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

  // *** persistence ***
  let saveState: 'saved' | 'saving' | 'error' | 'idle' = 'idle'
  let backend: ProgressBackend
  try {
    backend = window.api ? electronBackend(window.api) : browserBackend(window.localStorage)
  } catch {
    backend = browserBackend(memoryStorage())
  }
  const autosaver = new Autosaver(backend, () => serializeProgress(toSaved(s.getState())), {
    onError: (text) => {
      saveState = 'error'
      notify('error', `Your work could not be saved: ${text}`)
      toolbarUpdate(s.getState())
    },
    onSaved: () => {
      saveState = 'saved'
      toolbarUpdate(s.getState())
    }
  })

  // *** layout ***
  const toolbar = createToolbar({
    onMode: (mode) => {
      if (mode === s.getState().mode) return
      s.dispatch({ type: 'mode', mode })
      void checker.checkAll()
    },
    onExercise: () => {},
    onOpen: () => void importFrom(() => openSolution()),
    onPaste: () => void importFrom(async () => {
      const text = await askForPaste()
      return text === null ? null : { name: 'the pasted cell', text }
    }),
    onExport: (kind) => void exportAs(kind)
  })

  let running: ReturnType<typeof setInterval> | null = null
  const stopRunning = (): void => {
    if (running !== null) clearInterval(running)
    running = null
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

  const graphScroll = h('div', { class: 'graph-scroll' })
  const zoomButtons = h(
    'div',
    { class: 'zoom', role: 'group', 'aria-label': 'Zoom the graph' },
    button('−', () => graphView.zoom(1 / 1.2), { 'aria-label': 'Zoom out', title: 'Zoom out' }),
    button('Fit', () => graphView.zoom('fit'), { 'aria-label': 'Fit the graph to the pane', title: 'Fit width' }),
    button('+', () => graphView.zoom(1.2), { 'aria-label': 'Zoom in', title: 'Zoom in' })
  )
  const legend = h(
    'div',
    { class: 'legend', 'aria-label': 'Legend' },
    ...(['pass', 'shape', 'fail', 'error', 'missing'] as const).map((status) => h('span', { class: `legend-item status-${status}` }, `${STATUS_LABEL[status].icon} ${STATUS_LABEL[status].word}`)),
    h('span', { class: 'legend-item merge' }, 'Σn: gradient sums n uses · Σ: sums over a broadcast'),
    h('span', { class: 'legend-item param' }, '▭ parameter')
  )
  const graphPane = h(
    'section',
    { class: 'pane graph-pane', 'aria-label': 'Computation graph' },
    h('div', { class: 'pane-head' }, stepper.element, zoomButtons),
    graphScroll,
    legend
  )

  const cellTitle = h('h2', { class: 'cell-title' })
  const cellBadge = h('span', { class: 'badge' })
  const cellForward = h('code', { class: 'cell-forward' })
  const checkButton = button('Check', () => void checker.checkNow(s.getState().selected), { class: 'primary', title: 'Check this cell (Ctrl+Enter, Cmd+Enter on macOS)', 'data-testid': 'check' })
  const traceButton = button('Step through lines', () => void startTrace(), { title: 'Run this cell one statement at a time and watch its variables', 'data-testid': 'trace' })
  const editorHost = h('div', { class: 'editor', 'data-testid': 'editor' })
  const traceHost = h('section', { class: 'trace', 'aria-label': 'Cell stepper', hidden: true })
  const feedbackHost = h('section', { class: 'feedback', 'aria-label': 'Verdict and help' })
  const cellPane = h(
    'section',
    { class: 'pane cell-pane', 'aria-label': 'Cell' },
    h('div', { class: 'cell-head' }, h('div', { class: 'cell-heading' }, cellTitle, cellBadge), h('div', { class: 'cell-actions' }, traceButton, checkButton)),
    h('p', { class: 'cell-sub' }, cellForward),
    editorHost,
    traceHost,
    feedbackHost
  )
  const inspectorHost = h('aside', { class: 'pane inspector-pane' })
  const noticeHost = h('div', { class: 'notice-host' })
  app.replaceChildren(toolbar.element, h('main', { class: 'workspace' }, graphPane, cellPane, inspectorHost), noticeHost)

  const graphLayout = layoutGraph(graph)
  const graphView = renderGraph(graphScroll, graphLayout, (name) => {
    stopRunning()
    if (byName.get(name)?.checked) s.dispatch({ type: 'select', name })
    else notify('info', `${name} is ${byName.get(name)?.kind === 'loss' ? 'where the backward pass starts: dloss is 1' : 'data, not a parameter: it needs no gradient'}.`)
  })
  graphView.zoom('fit')

  const editor = createCellEditor(editorHost, {
    onChange(name, text) {
      s.dispatch({ type: 'edit', name, code: text })
      checker.edited(name)
    },
    onRun: (name) => void checker.checkNow(name)
  })
  const inspector = createInspector(inspectorHost, source, (name) => s.dispatch({ type: 'showTrueGrad', name }))
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
    const name = s.getState().selected
    const result: CellResult | null = await checker.trace(name)
    if (!result) return
    if (result.trace.length === 0) notify('info', 'Nothing to step through: the cell has no statements that ran.')
    else s.dispatch({ type: 'trace', name, steps: result.trace })
  }

  async function runAll(): Promise<void> {
    if (running !== null) {
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
    running = setInterval(() => {
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

  async function exportAs(kind: SolutionKind): Promise<void> {
    const state = s.getState()
    try {
      const text = kind === 'py' ? await client.call('exportPy', [state.cells, toSaved(state).verdicts]) : await client.call('exportIpynb', [state.cells])
      const said = await saveSolution(kind, text)
      if (said) notify('info', said)
    } catch (error) {
      notify('error', `Export failed: ${message(error)}`)
    }
  }

  async function importFrom(pick: () => Promise<{ name: string; text: string } | null>): Promise<void> {
    try {
      const picked = await pick()
      if (!picked) return
      const { cells, warnings } = await client.call('importSolution', [picked.text])
      const names = Object.keys(cells).filter((name) => byName.get(name)?.checked)
      if (names.length === 0) {
        notify('warn', `No cells found in ${picked.name}. ${warnings.join(' ')}`.trim())
        return
      }
      s.dispatch({ type: 'import', cells })
      for (const name of names) editor.setText(name, s.getState().cells[name])
      notify(warnings.length ? 'warn' : 'info', `Imported ${names.length} cell${names.length === 1 ? '' : 's'} from ${picked.name}.${warnings.length ? ` ${warnings.join(' ')}` : ''}`)
      await checker.checkAll()
    } catch (error) {
      notify('error', `Import failed: ${message(error)}`)
    }
  }

  // *** rendering the state ***
  const currentStep = (state: AppState) => (state.step === null ? null : backwardStep(graph, state.step))

  function toolbarUpdate(state: AppState): void {
    const { passed, total } = progress(state)
    const busy = Object.values(state.nodes).some((node) => node.checking)
    toolbar.update({ exercise: state.exercise, mode: state.mode, passed, total, busy, saved: saveState })
  }

  let noticeTimer: ReturnType<typeof setTimeout> | null = null
  function renderNotice(state: AppState): void {
    const notice = state.notice
    if (noticeTimer !== null) clearTimeout(noticeTimer)
    noticeTimer = null
    if (!notice) {
      noticeHost.replaceChildren()
      return
    }
    const dismiss = button('✕', () => s.dispatch({ type: 'dismissNotice' }), { class: 'icon', 'aria-label': 'Dismiss' })
    noticeHost.replaceChildren(h('div', { class: `notice ${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status' }, h('span', {}, notice.text), dismiss))
    if (notice.kind === 'info') noticeTimer = setTimeout(() => s.dispatch({ type: 'dismissNotice' }), 6000)
  }

  function render(state: AppState, previous: AppState, action: Action): void {
    const name = state.selected
    const node = byName.get(name)!
    const nodeState = state.nodes[name]
    const step = currentStep(state)
    toolbarUpdate(state)
    stepper.update(step, running !== null)
    graphView.update({
      selected: name,
      status: (n) => (byName.get(n)?.checked ? statusOf(state, n) : null),
      checking: (n) => state.nodes[n]?.checking ?? false,
      step
    })

    const selectionChanged = name !== previous.selected || action.type === 'restore'
    if (selectionChanged || state.mode !== previous.mode) editor.setScope(cellScope(graph, config, name, state.mode))
    if (selectionChanged) {
      editor.show(name, state.cells[name])
      graphView.reveal(name)
      cellTitle.textContent = `d${name}`
      cellForward.textContent = node.source ? `${node.source}    # ${name}: ${formatShape(node.shape)}` : `${name}: ${formatShape(node.shape)}`
    }
    if (action.type === 'restore' || action.type === 'import')
      for (const cell of Object.keys(state.cells)) if (state.cells[cell] !== previous.cells[cell]) editor.setText(cell, state.cells[cell])
    if (action.type === 'step' && step) graphView.reveal(step.name)
    if (state.nodes !== previous.nodes || selectionChanged)
      for (const cell of Object.keys(state.nodes)) if (selectionChanged || state.nodes[cell].error !== previous.nodes[cell]?.error) editor.setError(cell, state.nodes[cell].error)

    const status = statusOf(state, name)
    cellBadge.className = `badge status-${status}`
    cellBadge.textContent = nodeState.checking ? '… checking' : `${STATUS_LABEL[status].icon} ${STATUS_LABEL[status].word}`

    inspector.update({ node, state: nodeState, trueGradShown: state.trueGradShown[name] ?? false })
    feedback.update({
      name,
      verdict: nodeState.verdict,
      error: nodeState.error,
      checking: nodeState.checking,
      hints: hints.get(name) ?? null,
      hintsShown: state.hintsShown[name] ?? 0,
      solution: solutions.get(name) ?? null,
      solutionShown: state.solutionShown[name] ?? false
    })
    tracePanel.update(state.trace)
    if (state.trace !== previous.trace) {
      const traceStep = state.trace?.name === name ? state.trace.steps[state.trace.index] : undefined
      editor.highlightLine(traceStep?.line ?? null)
    }
    if (state.notice !== previous.notice) renderNotice(state)

    const savedChanged =
      state.cells !== previous.cells ||
      state.nodes !== previous.nodes ||
      state.mode !== previous.mode ||
      state.selected !== previous.selected ||
      state.hintsShown !== previous.hintsShown ||
      state.solutionShown !== previous.solutionShown
    if (savedChanged && action.type !== 'restore' && action.type !== 'checking') {
      saveState = saveState === 'error' ? 'error' : 'saving'
      autosaver.schedule()
    }
  }

  s.subscribe(render)

  // *** restore the learner's work ***
  try {
    const loaded = await backend.load()
    if (loaded.text !== null) {
      const parsed = parseProgress(loaded.text)
      if (parsed.ok) {
        s.dispatch({ type: 'restore', saved: parsed.saved })
        saveState = 'saved'
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
  // What is on screen now is what was saved (or the untouched starters): nothing to write until the learner acts.
  autosaver.markSaved(serializeProgress(toSaved(s.getState())))
  render(s.getState(), { ...s.getState(), selected: '' }, { type: 'restore', saved: {} })

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
      void checker.checkNow(s.getState().selected)
    }
  })
  window.api?.onMenu((command) => {
    if (command === 'open') void importFrom(() => openSolution())
    else if (command === 'export-py') void exportAs('py')
    else if (command === 'export-ipynb') void exportAs('ipynb')
    else if (command === 'about')
      notify('info', "Backprop Ninja: Karpathy's “Building makemore Part 4: Becoming a Backprop Ninja”, one gradient at a time.")
  })

  // Re-check restored cells so verdicts match the current core.
  const state = s.getState()
  const written = graph.order.some((name) => state.cells[name] !== initialState(graph.order, graph.nodes).cells[name])
  if (written) void checker.checkAll()
  editor.focus()
}

function memoryStorage(): { getItem(key: string): string | null; setItem(key: string, value: string): void } {
  const map = new Map<string, string>()
  return { getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

void start()

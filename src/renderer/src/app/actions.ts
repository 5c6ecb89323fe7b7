// What the learner's clicks and keys do: pick a node, check, step, hints and solutions, import and export, the mode,
// the exercise, the lesson, the Class view, notices. Each action takes the app as its first argument; the views reach
// them through `viewHandlers`.

import type { CheckMode } from '../../../core/api'
import { appendFusedCells, appendFusedNotebookCells, fusedCellsOf } from '../../../core/grader/exercise-sections'
import { createClassView } from '../class/view'
import { raisingError } from '../debugger/stepper'
import { openSolution, saveSolution, type SolutionKind } from '../files/export'
import { chooseLesson, keepCustomLesson } from '../lessons/catalog'
import { fusedKey, hasCode, nodeCode, statusOf, toSaved, type AppState, type CellId, type FusedId, type Notice, type Store } from '../state'
import type { CellPlace } from '../training/plan'
import { askForPaste } from '../ui/paste-dialog'
import { CoreClient, type WorkerLike } from '../worker/client'
import CoreWorker from '../worker/core.worker?worker'
import GradeWorker from '../worker/grade.worker?worker'
import { isFused, message, stopRunning, type App } from './context'
import { cellOnScreen, currentStep, renderFusedCell, renderNodeCell, showExercise, toolbarUpdate } from './render'
import { graphView, type ViewHandlers } from './views'

/** What the views call. `app` is asked for when a handler runs: the views are built before the app that holds them. */
export function viewHandlers(app: () => App): ViewHandlers {
  return {
    onLesson: (id) => void switchLesson(app(), id),
    onOpenLesson: () => void openLessonFile(app()),
    onMode: (mode) => setMode(app(), mode),
    onExercise: (id) => setExercise(app(), id),
    onOpen: () => void importFrom(app(), () => openSolution()),
    onPaste: () => void importFrom(app(), pasted),
    onExport: (kind) => void exportAs(app(), kind),
    onClass: () => openClassView(app()),
    onStep: (to) => step(app(), to),
    onRunAll: () => void runAll(app()),
    onZoom: (by) => zoom(app(), by),
    onPickNode: (name) => pickNode(app(), name),
    onPickFusedNode: (id, name) => pickFusedNode(app(), id, name),
    onCheck: () => void checkCurrent(app()),
    onTrace: () => void startTrace(app()),
    onEdit: (cell, text) => edit(app(), cell, text),
    onRun: (cell) => void app().checker.checkNow(cell),
    onLeaveEditor: () => leaveEditor(app()),
    onTraceMove: (to) => app().store.dispatch({ type: 'traceMove', to }),
    onTraceClose: () => app().store.dispatch({ type: 'traceClose' }),
    onHint: (cell) => void showHint(app(), cell),
    onShowSolution: (cell) => void showSolution(app(), cell),
    onUseSolution: (cell) => useSolution(app(), cell),
    onShowTrueGrad: (name) => showTrueGrad(app(), name),
    onJump: (place) => goTo(app(), place),
    onLiveChange: () => toolbarUpdate(app(), app().store.getState())
  }
}

export function notify(app: { store: Store }, kind: Notice['kind'], text: string): void {
  app.store.dispatch({ type: 'notify', kind, text })
}

// *** saving ***

export function saved(app: App): void {
  app.ui.saveState = 'saved'
  toolbarUpdate(app, app.store.getState())
}

export function saveFailed(app: App, text: string): void {
  app.ui.saveState = 'error'
  notify(app, 'error', `Your work could not be saved: ${text}`)
  toolbarUpdate(app, app.store.getState())
}

// *** the toolbar ***

function setMode(app: App, mode: CheckMode): void {
  if (mode === app.store.getState().mode) return
  app.store.dispatch({ type: 'mode', mode })
  void app.checker.checkAll()
}

function setExercise(app: App, id: number): void {
  closeClassView(app)
  app.store.dispatch({ type: 'exercise', id })
}

/** A window's menu command (Electron). */
export function menu(app: App, command: string): void {
  if (command === 'open') void importFrom(app, () => openSolution())
  else if (command === 'export-py') void exportAs(app, 'py')
  else if (command === 'export-ipynb') void exportAs(app, 'ipynb')
  else if (command === 'about') notify(app, 'info', "Backprop Ninja: Karpathy's “Building makemore Part 4: Becoming a Backprop Ninja”, one gradient at a time.")
}

// *** the graphs and the backward-pass stepper ***

function step(app: App, to: 'reset' | 'prev' | 'next'): void {
  stopRunning(app.ui)
  app.store.dispatch({ type: 'step', to })
}

function zoom(app: App, by: number | 'fit'): void {
  const exercise = app.store.getState().exercise
  graphView(app, app.views.exercises.has(exercise) ? exercise : 1).zoom(by)
}

/** Exercise 1's graph: a node with a cell opens it (a second pick goes into it), one without is inspected. */
function pickNode(app: App, name: string): void {
  const { store, ui } = app
  stopRunning(ui)
  const state = store.getState()
  const checked = app.byName.get(name)?.checked ?? false
  // the loss and the data (Xb, Yb) have no cell: the inspector shows them, the open cell stays
  ui.inspecting = checked ? null : name
  // a second click (or Enter) on the node whose cell is open goes into the cell
  if (checked && state.selected === name && state.step === null) app.views.editor.focus()
  else if (checked) store.dispatch({ type: 'select', name })
  renderNodeCell(app, store.getState(), store.getState(), { type: 'select', name }, false)
}

/** Exercise 2's or 3's graph: its one cell is the target's (and the fused node's); the loss and data are inspected. */
function pickFusedNode(app: App, id: FusedId, name: string): void {
  const { exercise, target, graph: fusedGraph } = app.fusedViews[id]
  const picked = fusedGraph.nodes.find((node) => node.name === name)
  app.ui.inspecting = picked?.kind === 'loss' || picked?.kind === 'input' ? name : null
  if (name === target.name || name === exercise.fusedName) app.views.editor.focus()
  else if (app.ui.inspecting === null)
    notify(app, 'info', `Exercise ${id} is one cell: d${target.name}, through the ${exercise.fusedName} node in one step. The other gradients are exercise 1's cells.`)
  renderFusedCell(app, id, app.store.getState(), app.store.getState(), false)
}

async function runAll(app: App): Promise<void> {
  const { store, ui, views, graph } = app
  if (ui.runTimer !== null) {
    stopRunning(ui)
    toolbarUpdate(app, store.getState())
    views.stepper.update(currentStep(app, store.getState()), false)
    return
  }
  await app.checker.checkAll()
  // walk down the pass to the first node that doesn't pass yet, one step at a time so the eye can follow
  const target = graph.order.findIndex((name) => statusOf(store.getState(), name) !== 'pass')
  const last = target === -1 ? graph.order.length - 1 : target
  store.dispatch({ type: 'step', to: 0 })
  if (last === 0) return
  ui.runTimer = setInterval(() => {
    const at = store.getState().step ?? 0
    if (at >= last) {
      stopRunning(ui)
      views.stepper.update(currentStep(app, store.getState()), false)
      if (target === -1) notify(app, 'info', 'Every node passes. You are a backprop ninja!')
      return
    }
    store.dispatch({ type: 'step', to: at + 1 })
  }, 220)
  views.stepper.update(currentStep(app, store.getState()), true)
}

// *** the cell pane ***

function edit(app: App, cell: CellId, text: string): void {
  app.store.dispatch({ type: 'edit', name: cell, code: text })
  app.checker.edited(cell)
}

/** Checks the cell on screen. */
export function checkCurrent(app: App): Promise<unknown> {
  const cell = cellOnScreen(app.store.getState())
  return cell === null ? Promise.resolve() : app.checker.checkNow(cell)
}

/** Escape in the editor: back to exercise 1's graph, at the open node, or to the Check button. */
function leaveEditor(app: App): void {
  const state = app.store.getState()
  if (state.exercise === 1) graphView(app, 1).focus(state.selected)
  else app.views.checkButton.focus()
}

function showTrueGrad(app: App, name: string): void {
  const exercise = app.store.getState().exercise
  app.store.dispatch({ type: 'showTrueGrad', name: isFused(exercise) ? fusedKey(exercise) : name })
}

/** Shows a cell: one of exercise 1's nodes, or exercise 2 or 3. */
function goTo(app: App, place: CellPlace): void {
  app.store.dispatch({ type: 'exercise', id: place.exercise })
  if (place.exercise === 1) app.store.dispatch({ type: 'select', name: place.node })
  app.views.editor.focus()
}

async function showHint(app: App, name: string): Promise<void> {
  const { hints } = app.caches
  try {
    if (!hints.has(name)) hints.set(name, await app.client.call('hints', [name], { urgent: true }))
    app.store.dispatch({ type: 'hint', name, available: hints.get(name)!.length })
  } catch (error) {
    notify(app, 'error', `Could not load hints: ${message(error)}`)
  }
}

async function showSolution(app: App, name: string): Promise<void> {
  const { solutions } = app.caches
  try {
    if (!solutions.has(name)) solutions.set(name, await app.client.call('referenceCell', [name], { urgent: true }))
    app.store.dispatch({ type: 'showSolution', name })
  } catch (error) {
    notify(app, 'error', `Could not load the solution: ${message(error)}`)
  }
}

function useSolution(app: App, name: string): void {
  const solution = app.caches.solutions.get(name)
  if (solution === undefined) return
  app.views.editor.setText(name, solution)
  app.store.dispatch({ type: 'edit', name, code: solution })
  void app.checker.checkNow(name)
}

async function startTrace(app: App): Promise<void> {
  const name = cellOnScreen(app.store.getState())
  if (name === null) return
  const result = await app.checker.trace(name)
  if (!result) return
  const raised = raisingError(result.error)
  if (result.trace.length === 0 && raised === null) notify(app, 'info', 'Nothing to step through: the cell has no statements that ran.')
  // a cell that raised is stepped up to the line that raised, the first place worth looking
  else app.store.dispatch({ type: 'trace', name, steps: result.trace, raised })
}

// *** the Class view ***

/** The Class view (made the first time it is opened): it takes the workspace's place until it is closed. */
function openClassView(app: App): void {
  const { ui, views, chosen } = app
  if (ui.classView === null) {
    ui.classView = createClassView({
      title: app.lesson.title,
      setup: { lesson: chosen.text === null ? null : { id: chosen.id, text: chosen.text } },
      createWorker: () => new GradeWorker() as unknown as WorkerLike,
      onClose: () => closeClassView(app),
      saveCSV: (text) => saveSolution('csv', text),
      notify: (kind, text) => notify(app, kind, text)
    })
    app.root.insertBefore(ui.classView.element, views.noticeHost)
  }
  stopRunning(ui)
  views.workspace.hidden = true
  views.training.element.hidden = true
  ui.classView.show()
}

function closeClassView(app: App): void {
  const { classView } = app.ui
  if (classView === null || classView.element.hidden) return
  classView.element.hidden = true
  showExercise(app, app.store.getState().exercise)
}

// *** lessons ***

/** Opens another lesson: its work is saved first (each lesson keeps its own), then the page starts over on it. */
async function switchLesson(app: App, id: string): Promise<void> {
  if (id === app.lesson.id) return
  await app.autosaver.flush()
  chooseLesson(app.lessonStore, id)
  location.reload()
}

/** "Open lesson…": a lesson file of the learner's or a teacher's; it is built once here to say what is wrong with it. */
async function openLessonFile(app: App): Promise<void> {
  try {
    const picked = await openSolution()
    if (!picked) return
    const probe = new CoreClient(() => new CoreWorker() as unknown as WorkerLike, { timeoutMs: 60_000 })
    try {
      const built = await probe.init(undefined, { id: 'probe', text: picked.text })
      notify(app, 'info', `Opening the lesson "${built.lesson.title}" (${built.lesson.nodes} nodes)…`)
    } catch (error) {
      notify(app, 'error', `${picked.name} is not a lesson this app can open: ${message(error)}`)
      return
    } finally {
      probe.dispose()
    }
    await app.autosaver.flush()
    keepCustomLesson(app.lessonStore, picked.name, picked.text)
    location.reload()
  } catch (error) {
    notify(app, 'error', `Open lesson failed: ${message(error)}`)
  }
}

// *** files ***

/** The fused cells the learner wrote (a starter has no code), as the .py export appends them. */
function writtenFused(app: App, state: AppState) {
  return app.fusedIds
    .filter((id) => hasCode(state.cells[fusedKey(id)].code))
    .map((id) => ({
      id,
      code: state.cells[fusedKey(id)].code,
      target: app.fusedViews[id].exercise.target,
      status: state.cells[fusedKey(id)].verdict?.status
    }))
}

export async function exportAs(app: App, kind: SolutionKind): Promise<void> {
  const state = app.store.getState()
  if (!app.lesson.lecture && kind === 'ipynb') {
    notify(app, 'info', 'A lesson exports as .py: run it after the lesson file\'s setup and forward sections.')
    return
  }
  try {
    const text =
      kind === 'py'
        ? appendFusedCells(await app.client.call('exportPy', [nodeCode(state), toSaved(state).verdicts]), writtenFused(app, state))
        : appendFusedNotebookCells(await app.client.call('exportIpynb', [nodeCode(state)]), writtenFused(app, state))
    const said = await saveSolution(kind, text)
    if (said) notify(app, 'info', said)
  } catch (error) {
    notify(app, 'error', `Export failed: ${message(error)}`)
  }
}

/** The paste dialog's text, as a file named for the notices. */
async function pasted(): Promise<{ name: string; text: string } | null> {
  const text = await askForPaste()
  return text === null ? null : { name: 'the pasted cell', text }
}

/** The core's warnings (lower-case clauses) as sentences for a notice. */
const sentences = (warnings: readonly string[]) => warnings.map((w) => `${w.charAt(0).toUpperCase()}${w.slice(1)}${/[.!?]$/.test(w) ? '' : '.'}`).join(' ')

export async function importFrom(app: App, pick: () => Promise<{ name: string; text: string } | null>): Promise<void> {
  const { store, checker, views, fusedIds } = app
  try {
    const picked = await pick()
    if (!picked) return
    const { cells, fused: fromNotebook, warnings, error } = await app.client.call('importSolution', [picked.text])
    if (error !== undefined) {
      notify(app, 'warn', `${picked.name}: ${error}.`)
      return
    }
    const names = Object.keys(cells).filter((name) => app.byName.get(name)?.checked)
    const fused = app.lesson.lecture ? { ...fromNotebook, ...fusedCellsOf(picked.text) } : {}
    const fusedFound = fusedIds.filter((id) => fused[id] !== undefined)
    if (names.length === 0 && fusedFound.length === 0) {
      notify(app, 'warn', `No cells found in ${picked.name}. ${sentences(warnings)}`.trim())
      return
    }
    store.dispatch({ type: 'import', cells: { ...cells, ...Object.fromEntries(fusedFound.map((id) => [fusedKey(id), fused[id]!])) } })
    for (const name of names) views.editor.setText(name, store.getState().cells[name].code)
    for (const id of fusedFound) views.editor.setText(fusedKey(id), store.getState().cells[fusedKey(id)].code)
    const what = [
      names.length ? `${names.length} cell${names.length === 1 ? '' : 's'}` : '',
      fusedFound.length ? `exercise${fusedFound.length > 1 ? 's' : ''} ${fusedFound.join(' and ')}` : ''
    ]
      .filter(Boolean)
      .join(' and ')
    // which cells of a whole notebook were read is news, not a warning
    const worrying = warnings.filter((w) => !w.startsWith("read the notebook's"))
    notify(app, worrying.length ? 'warn' : 'info', `Imported ${what} from ${picked.name}.${warnings.length ? ` ${sentences(warnings)}` : ''}`)
    await Promise.all([...(names.length ? [checker.checkAll()] : []), ...fusedFound.map((id) => checker.checkNow(fusedKey(id)))])
  } catch (error) {
    notify(app, 'error', `Import failed: ${message(error)}`)
  }
}

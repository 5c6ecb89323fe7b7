// Starting the page: the core's worker and the lesson it builds, the store, the checker and the autosaver, the views,
// the learner's saved work restored, and the page's own events (saving on the way out, Ctrl+Enter, the menu).

import type { Graph, GraphNode } from '../../../core/api'
import type { FusedExercise } from '../../../core/exercise/exercises'
import { createChecker } from '../checker'
import { Autosaver, browserBackend, electronBackend, parseProgress, serializeProgress, type ProgressBackend } from '../files/persistence'
import { acquireWriter, type Locks } from '../files/single-writer'
import { fusedGraphView } from '../graph/fused'
import { CHOICE_KEY, currentLesson, LECTURE_ID } from '../lessons/catalog'
import { createStore, FUSED_IDS, fusedKey, fusedStarter, hasCode, initialState, toSaved, type CellId, type FusedId } from '../state'
import { button, h } from '../ui/dom'
import { recoveryNotice } from '../ui/recovery'
import { CoreClient, type WorkerLike } from '../worker/client'
import CoreWorker from '../worker/core.worker?worker'
import { checkCurrent, menu, notify, saved, saveFailed, viewHandlers } from './actions'
import { createCaches, createUiLocal, message, type App, type AppParts, type FusedView, type KeyValue } from './context'
import { render, toolbarUpdate } from './render'
import { createViews } from './views'

/** Opens the app in `root`: the lesson chosen last (the lecture by default), with the learner's work on it. */
export async function start(root: HTMLElement): Promise<void> {
  const storage = localStorageOrNull()
  const lessonStore = storage ?? memoryStorage()
  const chosen = currentLesson(lessonStore)
  root.replaceChildren(
    h('p', { class: 'loading', role: 'status' }, chosen.text === null ? "Preparing the lecture's forward pass…" : `Preparing the lesson "${chosen.title}"…`)
  )
  // the store comes once the session exists; a crash before that has nobody to tell
  let onCrash = (): void => {}
  const client = new CoreClient(() => new CoreWorker() as unknown as WorkerLike, {
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
      root.replaceChildren(
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
    root.replaceChildren(h('div', { class: 'fatal', role: 'alert' }, h('h1', {}, 'Backprop Ninja could not start'), h('p', {}, message(error))))
    return
  }
  const { graph, config, lesson } = info
  const fusedIds: readonly FusedId[] = lesson.lecture ? FUSED_IDS : []
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
  const store = createStore(initialState(graph.order, graph.nodes, starters))
  onCrash = () => notify({ store }, 'warn', 'The checker stopped unexpectedly and was restarted.')

  const checker = createChecker(store, client.call.bind(client), {
    onProgramError: (name, error) =>
      notify(
        { store },
        'warn',
        `Chained mode runs your cells as one program, and it stopped${name ? ` in d${name}` : ''}: ${error.message}. ${error.kind === 'syntax' ? 'Nothing ran, so no cell has a verdict until that is fixed.' : 'The cells after it did not run.'}`
      ),
    onProgramLimit: (culprit) =>
      notify({ store }, 'warn', culprit ? `The program stopped at d${culprit}: that cell runs too long on its own (an endless loop?).` : 'The whole program ran too long and was stopped.')
  })

  let backend: ProgressBackend
  try {
    // the lecture's work in its own place (the app's progress file in Electron); another lesson's in this page's
    // storage under the lesson's id, so that no lesson's save overwrites another's
    backend = lesson.lecture && window.api ? electronBackend(window.api) : browserBackend(window.localStorage, lesson.lecture ? null : lesson.id)
  } catch {
    backend = browserBackend(memoryStorage())
  }
  // the autosaver answers after the app is built (it writes 400 ms after a change at the earliest)
  const autosaver = new Autosaver(backend, () => serializeProgress(toSaved(store.getState())), {
    onError: (text) => saveFailed(app, text),
    onSaved: () => saved(app)
  })

  const parts: AppParts = {
    root,
    storage,
    lessonStore,
    chosen,
    lesson,
    graph,
    config,
    fusedIds,
    shownCells,
    byName,
    fusedViews,
    starters,
    client,
    store,
    checker,
    autosaver,
    ui: createUiLocal(),
    caches: createCaches(fusedIds, fusedViews)
  }
  // the views' handlers ask for the app when they run, by which time it exists
  const app: App = { ...parts, views: createViews(parts, viewHandlers(() => app)) }
  store.subscribe((state, previous, action) => render(app, state, previous, action))

  await restore(app, backend)
  // in a browser, one tab saves: a second one is read-only until the learner takes over there
  if (!window.api) {
    const params = new URLSearchParams(location.search)
    const locks = (navigator as Navigator & { locks?: Locks }).locks
    const writer = await acquireWriter(locks, params.has('takeover'))
    const readOnly = (text: string) => {
      autosaver.writable = false
      app.ui.saveState = 'readonly'
      toolbarUpdate(app, store.getState())
      app.views.secondTab.replaceChildren(
        h('span', {}, text),
        button('Use this tab', () => location.assign(`${location.pathname}?takeover=1`), { 'data-testid': 'take-over' })
      )
      app.views.secondTab.hidden = false
    }
    if (!writer.writing) readOnly('Backprop Ninja is open in another tab, which saves your work; changes made here are not saved.')
    void writer.lost.then(() => readOnly('You went on in another tab: this one no longer saves. Use it again to pick up the work saved there.'))
    if (params.has('takeover')) history.replaceState(null, '', location.pathname)
  }
  // after a renderer crash the main process reloads the page with ?recovered=<reason>: say so, once
  const recovered = recoveryNotice(location.search)
  if (recovered !== null) {
    notify(app, 'warn', recovered)
    history.replaceState(null, '', location.pathname)
  }
  // What is on screen now is what was saved (or the untouched starters): nothing to write until the learner acts.
  autosaver.markSaved(serializeProgress(toSaved(store.getState())))
  render(app, store.getState(), { ...store.getState(), selected: '', exercise: 0 }, { type: 'restore', saved: {} })
  // a lesson other than the lecture says what it is about when it opens (its description is also the picker's tooltip)
  if (!lesson.lecture) notify(app, 'info', `Lesson: ${lesson.title} (${lesson.nodes} nodes). ${lesson.description}`)

  listen(app)

  // Re-check restored cells so verdicts match the current core.
  const state = store.getState()
  const fresh = initialState(graph.order, graph.nodes, starters)
  const written = graph.order.some((name) => state.cells[name].code !== fresh.cells[name].code)
  if (written) void checker.checkAll()
  for (const id of fusedIds) if (hasCode(state.cells[fusedKey(id)].code)) void checker.checkNow(fusedKey(id))
  if (state.exercise !== 4) app.views.editor.focus()
}

/** The learner's saved work back into the store, or a notice saying why it could not be. */
async function restore(app: App, backend: ProgressBackend): Promise<void> {
  try {
    const loaded = await backend.load()
    if (loaded.text !== null) {
      const parsed = parseProgress(loaded.text)
      if (parsed.ok) {
        app.store.dispatch({ type: 'restore', saved: parsed.saved })
        app.ui.saveState = 'saved'
        if (loaded.recovered) notify(app, 'warn', `Your work was restored from the backup: ${loaded.reason ?? 'the last save was damaged'}.`)
      } else {
        notify(app, 'error', `Your saved work could not be read (${parsed.reason}); starting fresh. The damaged save is kept until you change something.`)
      }
    } else if (loaded.reason) {
      notify(app, 'error', `Your saved work could not be read: ${loaded.reason}. Starting fresh.`)
    }
  } catch (error) {
    notify(app, 'error', `Your saved work could not be loaded: ${message(error)}`)
  }
}

/** The page-level events: the pending autosave written on the way out, Ctrl/Cmd+Enter outside the editor, the menu. */
function listen(app: App): void {
  const { autosaver } = app
  window.addEventListener('pagehide', () => autosaver.flushSync())
  window.addEventListener('beforeunload', () => autosaver.flushSync())
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') autosaver.flushSync()
  })
  document.addEventListener('keydown', (event) => {
    const inEditor = event.target instanceof Element && event.target.closest('.monaco-editor')
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && !inEditor) {
      event.preventDefault()
      void checkCurrent(app)
    }
  })
  // before the window closes, main asks for the autosave still waiting on its 400 ms (and holds the close until written)
  window.api?.onFlushRequest(() => autosaver.flush())
  window.api?.onMenu((command) => menu(app, command))
}

/** The page's localStorage, or null where it is refused (a sandboxed or private page). */
function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function memoryStorage(): KeyValue {
  const map = new Map<string, string>()
  return { getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) }
}

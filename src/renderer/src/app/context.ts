// What the page's parts share, each in one named place: the lesson the page opened (fixed for its life), the UI's own
// state that the store does not hold (`UiLocal`), the caches of what the core answers once (`Caches`), and `App`, which
// bootstrap builds once and hands to the views, the actions and the renderer as an argument.

import type { Graph, GraphNode, TensorView } from '../../../core/api'
import type { FusedExercise } from '../../../core/exercise/exercises'
import type { Checker } from '../checker'
import type { ClassView } from '../class/view'
import type { Autosaver } from '../files/persistence'
import type { GraphView } from '../graph/render'
import type { LessonEntry } from '../lessons/catalog'
import { fusedKey, type CellId, type FusedId, type Store } from '../state'
import type { CoreClient } from '../worker/client'
import type { CoreInfo } from '../worker/protocol'
import type { Views } from './views'

/** Exercise 2 or 3 as the page shows it: the core's exercise, its graph view and the node whose gradient it asks. */
export interface FusedView {
  id: FusedId
  exercise: FusedExercise
  graph: Graph
  target: GraphNode
  /** the forward line the fused cell differentiates */
  forward: string
}

/** Where the lesson choice is kept: the page's localStorage, or a map in memory where that is refused. */
export interface KeyValue {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** What the page opened, fixed for its life: the lesson, its graph, and exercises 2 and 3 as the page shows them. */
export interface Opened {
  /** the element the app draws into */
  root: HTMLElement
  /** the page's localStorage (null where it is refused); exercise 4 keeps its last run there */
  storage: Storage | null
  /** where the lesson choice lives */
  lessonStore: KeyValue
  /** the lesson entry the page opened (the Class view grades against its text) */
  chosen: LessonEntry
  lesson: CoreInfo['lesson']
  graph: Graph
  config: CoreInfo['config']
  /** exercises 2-4 build on the lecture's exercise 1; another lesson is its exercise 1 alone */
  fusedIds: readonly FusedId[]
  /** the cells this lesson shows: exercise 1's, then exercises 2 and 3's (the lecture's only) */
  shownCells: readonly CellId[]
  /** exercise 1's graph's nodes by name */
  byName: Map<string, GraphNode>
  fusedViews: Record<FusedId, FusedView>
  /** exercises 2 and 3's starter cells (empty for a lesson that has none) */
  starters: Record<FusedId, string>
}

/** What the toolbar says about saving. */
/** The toolbar's save word; 'readonly': this browser tab does not save (another one does) */
export type SaveState = 'saved' | 'saving' | 'error' | 'idle' | 'readonly'

/**
 * The UI's state that is not the store's: what the widgets need between two renders and the store has no reason to
 * know (it is never saved, and no reducer reads it). Made once by bootstrap (`createUiLocal`), changed by the actions
 * and the renderer only.
 */
export interface UiLocal {
  /** the toolbar's word about saving; 'saving' from a change until the autosaver writes it (or 'error' sticks) */
  saveState: SaveState
  /** the Run all walk down the backward pass, one step every 220 ms (null: not running) */
  runTimer: ReturnType<typeof setInterval> | null
  /** a node without a cell shown in the inspector (loss, Xb, Yb), until another node is picked */
  inspecting: string | null
  /** dismisses an info notice after 6 s (null: none waiting) */
  noticeTimer: ReturnType<typeof setTimeout> | null
  /** the Class view, made the first time it is opened */
  classView: ClassView | null
  /** the exercises' graphs drawn so far, by exercise: each is drawn the first time it is needed (a hidden pane has no width to fit) */
  drawn: Map<number, GraphView>
}

export function createUiLocal(): UiLocal {
  return { saveState: 'idle', runTimer: null, inspecting: null, noticeTimer: null, classView: null, drawn: new Map() }
}

/** Stops the Run all walk, if it is going. */
export function stopRunning(ui: UiLocal): void {
  if (ui.runTimer !== null) clearInterval(ui.runTimer)
  ui.runTimer = null
}

/**
 * What the core answers once and never changes for a session, by cell or node: the forward values and true
 * gradients the inspector draws (a failed load is forgotten, so the next look asks again), the hints and solutions
 * (exercises 2 and 3's come with their exercise).
 */
export interface Caches {
  tensors: Map<string, Promise<TensorView>>
  trueGrads: Map<string, Promise<TensorView>>
  hints: Map<string, string[]>
  solutions: Map<string, string>
}

export function createCaches(fusedIds: readonly FusedId[], fusedViews: Record<FusedId, FusedView>): Caches {
  const caches: Caches = { tensors: new Map(), trueGrads: new Map(), hints: new Map(), solutions: new Map() }
  for (const id of fusedIds) {
    caches.hints.set(fusedKey(id), [...fusedViews[id].exercise.hints])
    caches.solutions.set(fusedKey(id), fusedViews[id].exercise.reference)
  }
  return caches
}

/** The inspector's tensors, each asked of the core once. */
export function tensorSource(client: CoreClient, caches: Caches): { tensor(name: string): Promise<TensorView>; trueGrad(name: string): Promise<TensorView> } {
  return {
    tensor: (name) => cached(caches.tensors, name, () => client.call('tensor', [name], { urgent: true })),
    trueGrad: (name) => cached(caches.trueGrads, name, () => client.call('trueGrad', [name], { urgent: true }))
  }
}

function cached<T>(map: Map<string, Promise<T>>, name: string, load: () => Promise<T>): Promise<T> {
  let found = map.get(name)
  if (!found) {
    found = load()
    map.set(name, found)
    found.catch(() => map.delete(name))
  }
  return found
}

/** Everything the page holds but its views: what it opened, the core, the store, the checker, saving, and the UI's own state. */
export interface AppParts extends Opened {
  client: CoreClient
  store: Store
  checker: Checker
  autosaver: Autosaver
  ui: UiLocal
  caches: Caches
}

/** The whole page: bootstrap builds it once and passes it to every action and to the renderer. */
export interface App extends AppParts {
  views: Views
}

export const isFused = (exercise: number): exercise is FusedId => exercise === 2 || exercise === 3

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

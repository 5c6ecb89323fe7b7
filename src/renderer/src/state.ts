// The app's state and every way it changes: a pure reducer (tested on its own) and a tiny store that tells the
// widgets. Nothing here touches the DOM, Monaco or the worker.

import type { CellResult, CheckMode, CodeError, GraphNode, NodeVerdict, Status, TraceStep } from '../../core/api'
import { errorVerdict } from '../../core/api'
import { describeMerge } from './graph/merge'

/**
 * A cell's id: one of exercise 1's nodes by its name, or exercise 2's or 3's one-step cell by fusedKey(id). It keys
 * the cell's code and verdict here, its editor model, its hints and solution, its trace and its pending check.
 */
export type CellId = string

/** What the app knows about one cell: the learner's code and its last check. */
export interface CellState {
  code: string
  /** the last verdict (null: never checked) */
  verdict: NodeVerdict | null
  error: CodeError | null
  /** the last result with its gradient views (not saved) */
  result: CellResult | null
  /** a check of this cell is running or queued */
  checking: boolean
}

/** Stepping through one cell's recorded trace. */
export interface TraceState {
  /** the cell's id */
  name: CellId
  steps: TraceStep[]
  index: number
  /** the error the cell raised, shown as one last step at its line (see traceView) */
  raised?: CodeError | null
}

/** Exercises 2 and 3: one fused cell each (dlogits, dhprebn). */
export type FusedId = 2 | 3
export const FUSED_IDS: readonly FusedId[] = [2, 3]

/** The id a fused exercise's cell goes by: 'fused-2', 'fused-3' (a node's name is an identifier, never one of these). */
export function fusedKey(id: FusedId): CellId {
  return `fused-${id}`
}

/** The fused exercise whose cell `cell` is, or null for one of exercise 1's cells. */
export function fusedIdOf(cell: CellId): FusedId | null {
  return FUSED_IDS.find((id) => fusedKey(id) === cell) ?? null
}

export interface Notice {
  id: number
  kind: 'info' | 'warn' | 'error'
  text: string
}

export interface AppState {
  exercise: number
  mode: CheckMode
  /** the node shown in exercise 1's editor and inspector */
  selected: string
  /** exercise 1's cells, one a checked node, in the check order */
  order: readonly string[]
  /** every cell by its id: exercise 1's (see `order`), then exercises 2 and 3's */
  cells: Record<CellId, CellState>
  /** how many hints the learner has opened, per cell */
  hintsShown: Record<CellId, number>
  /** the lecture's solution is shown, per cell */
  solutionShown: Record<CellId, boolean>
  /** the true gradient is shown in the inspector, per cell */
  trueGradShown: Record<CellId, boolean>
  /** position of the backward-pass stepper in the check order (null: not stepping) */
  step: number | null
  trace: TraceState | null
  notice: Notice | null
}

/** The part of the state that is saved and restored. */
export interface SavedProgress {
  exercise: number
  mode: CheckMode
  selected: string
  cells: Record<string, string>
  verdicts: Record<string, NodeVerdict>
  hintsShown: Record<string, number>
  solutionShown: Record<string, boolean>
  /** exercises 2 and 3's cells, by id ('2', '3'); absent in saves made before they existed */
  fused?: Partial<Record<string, SavedFusedCell>>
}

export interface SavedFusedCell {
  code: string
  verdict?: NodeVerdict
}

export type Action =
  | { type: 'select'; name: string }
  | { type: 'edit'; name: CellId; code: string }
  | { type: 'checking'; names: CellId[] }
  /** `cells[i]` is the cell `results[i]` is for, where that is not its node's (a fused cell's result names its target); by default the result's node */
  | { type: 'checked'; results: CellResult[]; cells?: CellId[] }
  | { type: 'checkFailed'; name: CellId; error: CodeError }
  | { type: 'checkCancelled'; names: CellId[] }
  | { type: 'mode'; mode: CheckMode }
  | { type: 'hint'; name: CellId; available: number }
  | { type: 'showSolution'; name: CellId }
  | { type: 'showTrueGrad'; name: CellId }
  | { type: 'step'; to: 'next' | 'prev' | 'reset' | number }
  | { type: 'trace'; name: CellId; steps: TraceStep[]; raised?: CodeError | null }
  | { type: 'traceMove'; to: 'next' | 'prev' | 'first' | 'last' | number }
  | { type: 'traceClose' }
  | { type: 'restore'; saved: Partial<SavedProgress> }
  /** replaces the code of the cells it names (by id), forgetting their verdicts */
  | { type: 'import'; cells: Record<CellId, string> }
  | { type: 'notify'; kind: Notice['kind']; text: string }
  | { type: 'dismissNotice' }
  | { type: 'exercise'; id: number }

/** The cell a learner starts from: comments only, so it counts as missing until they write `dX = ...`. */
export function starterCell(node: GraphNode): string {
  const shape = `[${node.shape.join(', ')}]`
  const lines = [`# d${node.name}: the gradient of loss with respect to ${node.name}, shape ${shape}`]
  if (node.source) lines.push(`# forward: ${node.source}`)
  const merge = describeMerge(node)
  if (merge) lines.push(`# ${merge.sentence}`)
  lines.push('')
  return lines.join('\n')
}

/** A fused exercise's starter: comments only (what to write, its shape, the forward line it replaces). */
export function fusedStarter(exercise: { target: string; title: string }, node: GraphNode | undefined, forward: string): string {
  const shape = node ? ` shape [${node.shape.join(', ')}]` : ''
  return [`# ${exercise.title}`, `# d${exercise.target}: the gradient of loss with respect to ${exercise.target},${shape}`, `# forward: ${forward}`, ''].join('\n')
}

/** Whether a cell has code: a line that is neither blank nor a comment (a starter has none). */
export function hasCode(text: string | undefined): boolean {
  return (text ?? '').split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'))
}

/** The exercises the toolbar offers: 1 (every node), 2 and 3 (fused cells), 4 (training). */
export const EXERCISE_IDS = [1, 2, 3, 4] as const

/** The cells an exercise has: 1 a cell a checked node, 2 and 3 their fused cell, 4 none (it trains with the others'). */
export function exerciseCells(state: AppState, exercise: number): readonly CellId[] {
  if (exercise === 1) return state.order
  const id = FUSED_IDS.find((k) => k === exercise)
  return id === undefined ? [] : [fusedKey(id)]
}

/** The state before anything is loaded: every cell a starter, nothing checked, the first node selected. */
export function initialState(order: readonly string[], nodes: readonly GraphNode[], fusedStarters: Partial<Record<FusedId, string>> = {}): AppState {
  const byName = new Map(nodes.map((node) => [node.name, node]))
  const cells: Record<CellId, CellState> = {}
  for (const name of order) {
    const node = byName.get(name)
    cells[name] = unchecked(node ? starterCell(node) : '')
  }
  for (const id of FUSED_IDS) cells[fusedKey(id)] = unchecked(fusedStarters[id] ?? '')
  return {
    exercise: 1,
    mode: 'isolated',
    selected: order[0] ?? '',
    order: [...order],
    cells,
    hintsShown: {},
    solutionShown: {},
    trueGradShown: {},
    step: null,
    trace: null,
    notice: null
  }
}

/** A cell with this code that was never checked. */
const unchecked = (code: string): CellState => ({ code, verdict: null, error: null, result: null, checking: false })

/** A cell's status as the graph and the badges show it. */
export function statusOf(state: AppState, cell: CellId): Status {
  return state.cells[cell]?.verdict?.status ?? 'missing'
}

/** Exercise 1's code by node, in the check order: what the core's checks, its chained program and the exports take. */
export function nodeCode(state: AppState): Record<string, string> {
  const code: Record<string, string> = {}
  for (const name of state.order) code[name] = state.cells[name].code
  return code
}

/**
 * In chained mode, the upstream gradients `name`'s cell reads (a `dX` of a node checked before it) whose own cells
 * don't pass: their mistakes flow into this cell's result. Empty in isolated mode, where the cell gets the true ones.
 */
export function failingUpstream(state: AppState, name: string): string[] {
  if (state.mode !== 'chained') return []
  const before = state.order.slice(0, Math.max(state.order.indexOf(name), 0))
  const code = (state.cells[name]?.code ?? '').replace(/#.*$/gm, '')
  const read = new Set([...code.matchAll(/\bd([A-Za-z_]\w*)\b/g)].map((m) => m[1]))
  return before.filter((upstream) => read.has(upstream) && statusOf(state, upstream) !== 'pass')
}

/** How many of exercise 1's cells pass, and how many there are. */
export function progress(state: AppState): { passed: number; total: number } {
  return { passed: state.order.filter((name) => statusOf(state, name) === 'pass').length, total: state.order.length }
}

/** The saved part of the state. */
export function toSaved(state: AppState): SavedProgress {
  const verdicts: Record<string, NodeVerdict> = {}
  for (const name of state.order) {
    const verdict = state.cells[name].verdict
    if (verdict) verdicts[name] = verdict
  }
  const fused: Record<string, SavedFusedCell> = {}
  for (const id of FUSED_IDS) {
    const { code, verdict } = state.cells[fusedKey(id)]
    fused[id] = verdict ? { code, verdict } : { code }
  }
  return {
    exercise: state.exercise,
    mode: state.mode,
    selected: state.selected,
    cells: nodeCode(state),
    verdicts,
    hintsShown: { ...state.hintsShown },
    solutionShown: { ...state.solutionShown },
    fused
  }
}

let noticeId = 0

export function reduce(state: AppState, action: Action): AppState {
  const order = state.order
  // own keys only: an id such as 'constructor' or '__proto__' must not reach Object.prototype's
  const known = (cell: string): boolean => Object.hasOwn(state.cells, cell)
  switch (action.type) {
    case 'select': {
      if (action.name === state.selected) return state
      // while stepping through the backward pass, picking a node moves the step there
      const at = order.indexOf(action.name)
      const step = state.step !== null && at !== -1 ? at : state.step
      return { ...state, selected: action.name, step, trace: null }
    }
    case 'edit':
      if (!known(action.name) || state.cells[action.name].code === action.code) return state
      return {
        ...state,
        cells: { ...state.cells, [action.name]: { ...state.cells[action.name], code: action.code } },
        trace: state.trace?.name === action.name ? null : state.trace
      }
    case 'checking':
      return updateCells(state, action.names, (cell) => ({ ...cell, checking: true }))
    case 'checked': {
      const cells = { ...state.cells }
      action.results.forEach((result, i) => {
        const id = action.cells?.[i] ?? result.name
        if (known(id)) cells[id] = { ...cells[id], verdict: result.verdict, error: result.error, result, checking: false }
      })
      return { ...state, cells }
    }
    case 'checkFailed': {
      if (!known(action.name)) return state
      const cell = state.cells[action.name]
      const verdict = errorVerdict(action.error, cell.verdict?.expected_shape ?? [])
      return { ...state, cells: { ...state.cells, [action.name]: { ...cell, verdict, error: action.error, result: null, checking: false } } }
    }
    case 'checkCancelled':
      return updateCells(state, action.names, (cell) => ({ ...cell, checking: false }))
    case 'mode':
      return action.mode === state.mode ? state : { ...state, mode: action.mode }
    case 'hint': {
      const shown = state.hintsShown[action.name] ?? 0
      if (shown >= action.available) return state
      return { ...state, hintsShown: { ...state.hintsShown, [action.name]: shown + 1 } }
    }
    case 'showSolution':
      return { ...state, solutionShown: { ...state.solutionShown, [action.name]: true } }
    case 'showTrueGrad':
      return { ...state, trueGradShown: { ...state.trueGradShown, [action.name]: true } }
    case 'step': {
      const last = order.length - 1
      let step: number | null
      if (action.to === 'reset') step = null
      else if (action.to === 'next') step = state.step === null ? 0 : Math.min(state.step + 1, last)
      else if (action.to === 'prev') step = state.step === null ? null : Math.max(state.step - 1, 0)
      else step = Math.max(0, Math.min(action.to, last))
      if (step === state.step) return state
      return { ...state, step, selected: step === null ? state.selected : order[step], trace: null }
    }
    case 'trace':
      return { ...state, trace: { name: action.name, steps: action.steps, index: 0, raised: action.raised ?? null } }
    case 'traceMove': {
      if (!state.trace) return state
      const last = Math.max(state.trace.steps.length - (state.trace.raised ? 0 : 1), 0)
      const at = state.trace.index
      const to = action.to
      const index = to === 'next' ? at + 1 : to === 'prev' ? at - 1 : to === 'first' ? 0 : to === 'last' ? last : to
      return { ...state, trace: { ...state.trace, index: Math.max(0, Math.min(index, last)) } }
    }
    case 'traceClose':
      return { ...state, trace: null }
    case 'restore': {
      const saved = action.saved
      const cells = { ...state.cells }
      const entries = <V>(o: Record<string, V> | undefined): [string, V][] => (typeof o === 'object' && o !== null ? Object.entries(o) : [])
      const isVerdict = (verdict: NodeVerdict | undefined): verdict is NodeVerdict => typeof verdict === 'object' && verdict !== null && typeof verdict.status === 'string'
      // a save keeps exercise 1's cells by node (cells, verdicts) and exercises 2 and 3's by id (fused)
      const nodes = new Set(order)
      for (const [name, code] of entries(saved.cells)) if (nodes.has(name) && typeof code === 'string') cells[name] = { ...cells[name], code }
      for (const [name, verdict] of entries(saved.verdicts)) if (nodes.has(name) && isVerdict(verdict)) cells[name] = { ...unchecked(cells[name].code), verdict }
      for (const id of FUSED_IDS) {
        const cell = saved.fused?.[id]
        if (!cell || typeof cell.code !== 'string') continue
        cells[fusedKey(id)] = { ...unchecked(cell.code), verdict: isVerdict(cell.verdict) ? cell.verdict : null }
      }
      return {
        ...state,
        exercise: EXERCISE_IDS.includes(saved.exercise as never) ? (saved.exercise as number) : state.exercise,
        mode: saved.mode === 'chained' || saved.mode === 'isolated' ? saved.mode : state.mode,
        selected: typeof saved.selected === 'string' && nodes.has(saved.selected) ? saved.selected : state.selected,
        cells,
        hintsShown: { ...state.hintsShown, ...Object.fromEntries(entries(saved.hintsShown).filter(([, n]) => typeof n === 'number')) },
        solutionShown: { ...state.solutionShown, ...Object.fromEntries(entries(saved.solutionShown).filter(([, b]) => typeof b === 'boolean')) }
      }
    }
    case 'import': {
      const cells = { ...state.cells }
      for (const [id, code] of Object.entries(action.cells)) if (known(id) && typeof code === 'string') cells[id] = unchecked(code)
      return { ...state, cells, trace: null }
    }
    case 'notify':
      return { ...state, notice: { id: ++noticeId, kind: action.kind, text: action.text } }
    case 'dismissNotice':
      return state.notice ? { ...state, notice: null } : state
    case 'exercise':
      if (action.id === state.exercise || !EXERCISE_IDS.includes(action.id as never)) return state
      // a trace belongs to the cell on screen; the backward-pass stepper to exercise 1's graph
      return { ...state, exercise: action.id, trace: null, step: action.id === 1 ? state.step : null }
  }
}

function updateCells(state: AppState, ids: CellId[], change: (cell: CellState) => CellState): AppState {
  const cells = { ...state.cells }
  for (const id of ids) if (Object.hasOwn(cells, id)) cells[id] = change(cells[id])
  return { ...state, cells }
}

export type Listener = (state: AppState, previous: AppState, action: Action) => void

export interface Store {
  getState(): AppState
  dispatch(action: Action): void
  subscribe(listener: Listener): () => void
}

/** Holds the state; tells every listener after each action that changed it. */
export function createStore(initial: AppState): Store {
  let state = initial
  const listeners = new Set<Listener>()
  return {
    getState: () => state,
    dispatch(action) {
      const previous = state
      state = reduce(state, action)
      if (state !== previous) for (const listener of listeners) listener(state, previous, action)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}

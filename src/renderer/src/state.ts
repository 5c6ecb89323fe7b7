// The app's state and every way it changes: a pure reducer (tested on its own) and a tiny store that tells the
// widgets. Nothing here touches the DOM, Monaco or the worker.

import type { CellResult, CheckMode, CodeError, GraphNode, NodeVerdict, Status, TraceStep } from '../../core/api'
import { errorVerdict } from '../../core/api'
import { describeMerge } from './graph/merge'

/** What the app knows about one checked node. */
export interface NodeState {
  /** the last verdict (null: never checked) */
  verdict: NodeVerdict | null
  error: CodeError | null
  /** the last result with its gradient views (not saved) */
  result: CellResult | null
  /** a check of this node is running or queued */
  checking: boolean
}

/** Stepping through one cell's recorded trace. */
export interface TraceState {
  /** the cell's key: a node's name, or fusedKey(id) for exercises 2 and 3 */
  name: string
  steps: TraceStep[]
  index: number
  /** the error the cell raised, shown as one last step at its line (see traceView) */
  raised?: CodeError | null
}

/** Exercises 2 and 3: one fused cell each (dlogits, dhprebn). */
export type FusedId = 2 | 3
export const FUSED_IDS: readonly FusedId[] = [2, 3]

/** The key a fused exercise's cell goes by in the editor, hints, solutions and the trace: 'fused-2', 'fused-3'. */
export function fusedKey(id: FusedId): string {
  return `fused-${id}`
}

/** A fused exercise's cell: its code and what the app knows about it, as for a node. */
export interface FusedCellState extends NodeState {
  code: string
}

export interface Notice {
  id: number
  kind: 'info' | 'warn' | 'error'
  text: string
}

export interface AppState {
  exercise: number
  mode: CheckMode
  /** the node shown in the editor and inspector */
  selected: string
  /** the learner's cell for each checked node */
  cells: Record<string, string>
  nodes: Record<string, NodeState>
  /** exercises 2 and 3's fused cells */
  fused: Record<FusedId, FusedCellState>
  /** how many hints the learner has opened, per node (and per fused cell, by fusedKey) */
  hintsShown: Record<string, number>
  /** the lecture's solution is shown, per node */
  solutionShown: Record<string, boolean>
  /** the true gradient is shown in the inspector, per node */
  trueGradShown: Record<string, boolean>
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
  | { type: 'edit'; name: string; code: string }
  | { type: 'checking'; names: string[] }
  | { type: 'checked'; results: CellResult[] }
  | { type: 'checkFailed'; name: string; error: CodeError }
  | { type: 'checkCancelled'; names: string[] }
  | { type: 'mode'; mode: CheckMode }
  | { type: 'hint'; name: string; available: number }
  | { type: 'showSolution'; name: string }
  | { type: 'showTrueGrad'; name: string }
  | { type: 'step'; to: 'next' | 'prev' | 'reset' | number }
  | { type: 'trace'; name: string; steps: TraceStep[]; raised?: CodeError | null }
  | { type: 'traceMove'; to: 'next' | 'prev' | 'first' | 'last' | number }
  | { type: 'traceClose' }
  | { type: 'restore'; saved: Partial<SavedProgress> }
  | { type: 'import'; cells: Record<string, string>; fused?: Partial<Record<FusedId, string>> }
  | { type: 'notify'; kind: Notice['kind']; text: string }
  | { type: 'dismissNotice' }
  | { type: 'exercise'; id: number }
  | { type: 'fusedEdit'; id: FusedId; code: string }
  | { type: 'fusedChecking'; id: FusedId }
  | { type: 'fusedChecked'; id: FusedId; result: CellResult }
  | { type: 'fusedCheckFailed'; id: FusedId; error: CodeError }
  | { type: 'fusedCheckCancelled'; id: FusedId }

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

/** The state before anything is loaded: every cell a starter, nothing checked, the first node selected. */
export function initialState(order: readonly string[], nodes: readonly GraphNode[], fusedStarters: Partial<Record<FusedId, string>> = {}): AppState {
  const byName = new Map(nodes.map((node) => [node.name, node]))
  const cells: Record<string, string> = {}
  const nodeStates: Record<string, NodeState> = {}
  for (const name of order) {
    const node = byName.get(name)
    cells[name] = node ? starterCell(node) : ''
    nodeStates[name] = emptyNode()
  }
  return {
    exercise: 1,
    mode: 'isolated',
    selected: order[0] ?? '',
    cells,
    nodes: nodeStates,
    fused: { 2: { ...emptyNode(), code: fusedStarters[2] ?? '' }, 3: { ...emptyNode(), code: fusedStarters[3] ?? '' } },
    hintsShown: {},
    solutionShown: {},
    trueGradShown: {},
    step: null,
    trace: null,
    notice: null
  }
}

const emptyNode = (): NodeState => ({ verdict: null, error: null, result: null, checking: false })

/** A node's status as the graph shows it. */
export function statusOf(state: AppState, name: string): Status {
  return state.nodes[name]?.verdict?.status ?? 'missing'
}

/**
 * In chained mode, the upstream gradients `name`'s cell reads (a `dX` of a node checked before it) whose own cells
 * don't pass: their mistakes flow into this cell's result. Empty in isolated mode, where the cell gets the true ones.
 */
export function failingUpstream(state: AppState, name: string): string[] {
  if (state.mode !== 'chained') return []
  const order = Object.keys(state.nodes)
  const before = order.slice(0, Math.max(order.indexOf(name), 0))
  const code = (state.cells[name] ?? '').replace(/#.*$/gm, '')
  const read = new Set([...code.matchAll(/\bd([A-Za-z_]\w*)\b/g)].map((m) => m[1]))
  return before.filter((upstream) => read.has(upstream) && statusOf(state, upstream) !== 'pass')
}

/** A fused exercise's status. */
export function fusedStatusOf(state: AppState, id: FusedId): Status {
  return state.fused[id].verdict?.status ?? 'missing'
}

/** How many of the checked nodes pass, and how many there are. */
export function progress(state: AppState): { passed: number; total: number } {
  const names = Object.keys(state.nodes)
  return { passed: names.filter((name) => statusOf(state, name) === 'pass').length, total: names.length }
}

/** The saved part of the state. */
export function toSaved(state: AppState): SavedProgress {
  const verdicts: Record<string, NodeVerdict> = {}
  for (const [name, node] of Object.entries(state.nodes)) if (node.verdict) verdicts[name] = node.verdict
  const fused: Record<string, SavedFusedCell> = {}
  for (const id of FUSED_IDS) {
    const cell = state.fused[id]
    fused[id] = cell.verdict ? { code: cell.code, verdict: cell.verdict } : { code: cell.code }
  }
  return {
    exercise: state.exercise,
    mode: state.mode,
    selected: state.selected,
    cells: { ...state.cells },
    verdicts,
    hintsShown: { ...state.hintsShown },
    solutionShown: { ...state.solutionShown },
    fused
  }
}

let noticeId = 0

export function reduce(state: AppState, action: Action): AppState {
  const order = Object.keys(state.nodes)
  switch (action.type) {
    case 'select': {
      if (action.name === state.selected) return state
      // while stepping through the backward pass, picking a node moves the step there
      const at = order.indexOf(action.name)
      const step = state.step !== null && at !== -1 ? at : state.step
      return { ...state, selected: action.name, step, trace: null }
    }
    case 'edit':
      if (!(action.name in state.nodes) || state.cells[action.name] === action.code) return state
      return { ...state, cells: { ...state.cells, [action.name]: action.code }, trace: state.trace?.name === action.name ? null : state.trace }
    case 'checking':
      return updateNodes(state, action.names, (node) => ({ ...node, checking: true }))
    case 'checked': {
      const nodes = { ...state.nodes }
      for (const result of action.results) {
        if (!(result.name in nodes)) continue
        nodes[result.name] = { verdict: result.verdict, error: result.error, result, checking: false }
      }
      return { ...state, nodes }
    }
    case 'checkFailed': {
      if (!(action.name in state.nodes)) return state
      const verdict = errorVerdict(action.error, state.nodes[action.name].verdict?.expected_shape ?? [])
      return { ...state, nodes: { ...state.nodes, [action.name]: { verdict, error: action.error, result: null, checking: false } } }
    }
    case 'checkCancelled':
      return updateNodes(state, action.names, (node) => ({ ...node, checking: false }))
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
      // own keys only: a save naming 'constructor' or '__proto__' must not reach Object.prototype's
      const own = (o: object, key: string) => Object.hasOwn(o, key)
      const entries = <V>(o: Record<string, V> | undefined): [string, V][] => (typeof o === 'object' && o !== null ? Object.entries(o) : [])
      for (const [name, code] of entries(saved.cells)) if (own(cells, name) && typeof code === 'string') cells[name] = code
      const nodes = { ...state.nodes }
      for (const [name, verdict] of entries(saved.verdicts))
        if (own(nodes, name) && verdict && typeof verdict.status === 'string') nodes[name] = { ...emptyNode(), verdict }
      const fused = { ...state.fused }
      for (const id of FUSED_IDS) {
        const cell = saved.fused?.[id]
        if (!cell || typeof cell.code !== 'string') continue
        const verdict = cell.verdict && typeof cell.verdict.status === 'string' ? cell.verdict : null
        fused[id] = { ...emptyNode(), code: cell.code, verdict }
      }
      return {
        ...state,
        exercise: EXERCISE_IDS.includes(saved.exercise as never) ? (saved.exercise as number) : state.exercise,
        mode: saved.mode === 'chained' || saved.mode === 'isolated' ? saved.mode : state.mode,
        selected: typeof saved.selected === 'string' && Object.hasOwn(nodes, saved.selected) ? saved.selected : state.selected,
        cells,
        nodes,
        fused,
        hintsShown: { ...state.hintsShown, ...Object.fromEntries(entries(saved.hintsShown).filter(([, n]) => typeof n === 'number')) },
        solutionShown: { ...state.solutionShown, ...Object.fromEntries(entries(saved.solutionShown).filter(([, b]) => typeof b === 'boolean')) }
      }
    }
    case 'import': {
      const cells = { ...state.cells }
      const nodes = { ...state.nodes }
      for (const [name, code] of Object.entries(action.cells))
        if (name in cells) {
          cells[name] = code
          nodes[name] = emptyNode()
        }
      const fused = { ...state.fused }
      for (const id of FUSED_IDS) {
        const code = action.fused?.[id]
        if (typeof code === 'string') fused[id] = { ...emptyNode(), code }
      }
      return { ...state, cells, nodes, fused, trace: null }
    }
    case 'notify':
      return { ...state, notice: { id: ++noticeId, kind: action.kind, text: action.text } }
    case 'dismissNotice':
      return state.notice ? { ...state, notice: null } : state
    case 'exercise':
      if (action.id === state.exercise || !EXERCISE_IDS.includes(action.id as never)) return state
      // a trace belongs to the cell on screen; the backward-pass stepper to exercise 1's graph
      return { ...state, exercise: action.id, trace: null, step: action.id === 1 ? state.step : null }
    case 'fusedEdit': {
      const cell = state.fused[action.id]
      if (cell.code === action.code) return state
      const key = fusedKey(action.id)
      return { ...state, fused: { ...state.fused, [action.id]: { ...cell, code: action.code } }, trace: state.trace?.name === key ? null : state.trace }
    }
    case 'fusedChecking':
      return updateFused(state, action.id, (cell) => ({ ...cell, checking: true }))
    case 'fusedChecked':
      return updateFused(state, action.id, (cell) => ({ ...cell, verdict: action.result.verdict, error: action.result.error, result: action.result, checking: false }))
    case 'fusedCheckFailed': {
      const verdict = errorVerdict(action.error, state.fused[action.id].verdict?.expected_shape ?? [])
      return updateFused(state, action.id, (cell) => ({ ...cell, verdict, error: action.error, result: null, checking: false }))
    }
    case 'fusedCheckCancelled':
      return updateFused(state, action.id, (cell) => ({ ...cell, checking: false }))
  }
}

function updateFused(state: AppState, id: FusedId, change: (cell: FusedCellState) => FusedCellState): AppState {
  return { ...state, fused: { ...state.fused, [id]: change(state.fused[id]) } }
}

function updateNodes(state: AppState, names: string[], change: (node: NodeState) => NodeState): AppState {
  const nodes = { ...state.nodes }
  for (const name of names) if (name in nodes) nodes[name] = change(nodes[name])
  return { ...state, nodes }
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

// When and how cells get checked: shortly after typing stops (debounced per node), at once on Ctrl/Cmd+Enter, all
// together after a mode switch or an import. Isolated mode checks the one cell; chained mode reruns the whole
// program. A call that runs past its budget becomes a `limit` error on its node.

import type { CellResult, CodeError } from '../../core/api'
import { FUSED_IDS, fusedKey, nodeCode, type FusedId, type Store } from './state'
import type { CoreClient } from './worker/client'
import { CoreError } from './worker/client'

export interface CheckerOptions {
  /** quiet time after the last keystroke before checking, ms */
  debounceMs?: number
  /** budget for running the whole program in chained mode, ms */
  allTimeoutMs?: number
  /** chained mode ran past its budget; `culprit` is the first cell that also runs too long on its own */
  onProgramLimit?: (culprit: string | null) => void
  /** the chained program stopped with an error, in cell `name` (null: somewhere the page can't place) */
  onProgramError?: (name: string | null, error: CodeError) => void
}

export interface Checker {
  /** the learner typed in `name`'s cell: check it once they pause */
  edited(name: string): void
  /** check `name` now (Ctrl+Enter), in the current mode */
  checkNow(name: string): Promise<void>
  /** check every cell in the current mode (isolated: one call a cell; chained: the whole program) */
  checkAll(): Promise<void>
  /** check `name` recording its trace; resolves to the result (null when it failed) */
  trace(name: string): Promise<CellResult | null>
  /** the learner typed in exercise `id`'s fused cell: check it once they pause */
  fusedEdited(id: FusedId): void
  /** check exercise `id`'s fused cell now; with `trace`, record its trace and resolve to the result */
  checkFused(id: FusedId, trace?: boolean): Promise<CellResult | null>
}

type Call = CoreClient['call']

const FUSED_KEYS = new Set(FUSED_IDS.map(fusedKey))

/**
 * Where line `line` of the chained program falls: the cell and the line inside it. The program is the non-empty
 * cells in check order joined by newlines, as the core runs it in chained mode.
 */
export function locateInProgram(order: readonly string[], cells: Record<string, string>, line: number): { name: string; line: number } | null {
  let start = 1
  for (const name of order) {
    const code = cells[name] ?? ''
    if (code.trim() === '') continue
    const lines = code.split('\n').length
    if (line < start + lines) return { name, line: line - start + 1 }
    start += lines
  }
  return null
}

/** Puts a chained program's error on the cell it happened in (unless a cell already carries one). */
export function placeProgramError(order: readonly string[], cells: Record<string, string>, results: CellResult[], error: CodeError | null): CellResult[] {
  if (!error || results.some((r) => r.error)) return results
  const at = locateInProgram(order, cells, error.line)
  if (!at) return results
  const shift = error.line - at.line
  const placed: CodeError = { ...error, line: at.line, endLine: error.endLine === undefined ? undefined : error.endLine - shift }
  return results.map((r) => (r.name === at.name ? { ...r, error: placed, verdict: { ...r.verdict, status: 'error', message: error.message } } : r))
}

/** A time limit or crash as an error on the node; line 0: it has no place in the code. */
export function limitError(error: CoreError): CodeError {
  return { kind: 'limit', message: error.message, line: 0, col: 0 }
}

export function createChecker(store: Store, call: Call, options: CheckerOptions = {}): Checker {
  const debounceMs = options.debounceMs ?? 400
  const allTimeoutMs = options.allTimeoutMs ?? 12_000
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  const clear = (name: string): void => {
    const timer = timers.get(name)
    if (timer !== undefined) clearTimeout(timer)
    timers.delete(name)
  }

  function failed(name: string, error: unknown): void {
    if (error instanceof CoreError && error.kind === 'superseded') return // a newer check of this cell is queued
    if (error instanceof CoreError && (error.kind === 'limit' || error.kind === 'crashed')) {
      store.dispatch({ type: 'checkFailed', name, error: limitError(error) })
      return
    }
    const message = error instanceof Error ? error.message : String(error)
    store.dispatch({ type: 'checkFailed', name, error: { kind: 'runtime', message: `The checker failed: ${message}`, line: 0, col: 0 } })
  }

  async function checkCell(name: string): Promise<void> {
    clear(name)
    const code = store.getState().cells[name]?.code ?? ''
    store.dispatch({ type: 'checking', names: [name] })
    try {
      const result = await call('checkCell', [name, code, false, nodeCode(store.getState())], { key: `cell:${name}` })
      store.dispatch({ type: 'checked', results: [result] })
    } catch (error) {
      failed(name, error)
    }
  }

  async function checkAll(trigger?: string): Promise<void> {
    // (a fused cell's pending check is not part of exercise 1's cells: it stays)
    for (const name of [...timers.keys()]) if (!FUSED_KEYS.has(name)) clear(name)
    const state = store.getState()
    const names = [...state.order]
    if (state.mode === 'isolated') {
      // One call a cell, in the check order: verdicts arrive as they are made, and a runaway cell costs only its
      // own budget and gets its own limit error.
      await Promise.all(names.map((name) => checkCell(name)))
      return
    }
    store.dispatch({ type: 'checking', names })
    try {
      const program = nodeCode(state)
      const { result, cells } = await call('checkAll', [program, 'chained'], { key: 'all', timeoutMs: allTimeoutMs })
      const results = placeProgramError(names, program, Object.values(cells), result.error)
      store.dispatch({ type: 'checked', results })
      if (result.error) options.onProgramError?.(results.find((r) => r.error)?.name ?? null, result.error)
    } catch (error) {
      if (error instanceof CoreError && error.kind === 'superseded') return
      store.dispatch({ type: 'checkCancelled', names })
      if (error instanceof CoreError && error.kind === 'limit') {
        // The program ran away: find the cell that runs away on its own too, and put the limit error there.
        const culprit = await findRunaway(names)
        options.onProgramLimit?.(culprit)
        failed(culprit ?? trigger ?? state.selected, error)
        return
      }
      failed(trigger ?? state.selected, error)
    }
  }

  async function findRunaway(names: string[]): Promise<string | null> {
    for (const name of names) {
      try {
        await call('checkCell', [name, store.getState().cells[name]?.code ?? '', false], { key: `cell:${name}` })
      } catch (error) {
        if (error instanceof CoreError && error.kind === 'limit') return name
      }
    }
    return null
  }

  function fusedFailed(id: FusedId, error: unknown): void {
    if (error instanceof CoreError && error.kind === 'superseded') return
    if (error instanceof CoreError && (error.kind === 'limit' || error.kind === 'crashed')) {
      store.dispatch({ type: 'checkFailed', name: fusedKey(id), error: limitError(error) })
      return
    }
    const message = error instanceof Error ? error.message : String(error)
    store.dispatch({ type: 'checkFailed', name: fusedKey(id), error: { kind: 'runtime', message: `The checker failed: ${message}`, line: 0, col: 0 } })
  }

  // A fused cell is checked on its own (with the true upstream gradients), whatever the mode: it stands for a
  // whole stretch of the backward pass, so chained mode has nothing to chain it to.
  async function checkFused(id: FusedId, trace = false): Promise<CellResult | null> {
    clear(fusedKey(id))
    const code = store.getState().cells[fusedKey(id)].code
    store.dispatch({ type: 'checking', names: [fusedKey(id)] })
    try {
      const result = await call('checkExercise', [id, code, trace], { key: fusedKey(id) })
      store.dispatch({ type: 'checked', results: [result], cells: [fusedKey(id)] })
      return result
    } catch (error) {
      fusedFailed(id, error)
      return null
    }
  }

  return {
    fusedEdited(id) {
      const key = fusedKey(id)
      clear(key)
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key)
          void checkFused(id)
        }, debounceMs)
      )
    },
    checkFused,
    edited(name) {
      const key = store.getState().mode === 'chained' ? '*' : name
      clear(key)
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key)
          void (key === '*' ? checkAll(name) : checkCell(name))
        }, debounceMs)
      )
    },
    checkNow(name) {
      clear(name)
      clear('*')
      return store.getState().mode === 'chained' ? checkAll(name) : checkCell(name)
    },
    checkAll: () => checkAll(),
    async trace(name) {
      const code = store.getState().cells[name]?.code ?? ''
      // A trace runs the cell on its own, with the true upstream gradients: that is an isolated check. In chained
      // mode its verdict is not the cell's (which depends on the learner's upstream cells), so it stays.
      const chained = store.getState().mode === 'chained'
      store.dispatch({ type: 'checking', names: [name] })
      try {
        const result = await call('checkCell', [name, code, true, nodeCode(store.getState())], { key: `cell:${name}` })
        if (chained && store.getState().mode === 'chained') store.dispatch({ type: 'checkCancelled', names: [name] })
        else store.dispatch({ type: 'checked', results: [result] })
        return result
      } catch (error) {
        failed(name, error)
        return null
      }
    }
  }
}

// When and how cells get checked: shortly after typing stops (debounced per cell), at once on Ctrl/Cmd+Enter, all
// together after a mode switch or an import. Isolated mode checks the one cell; chained mode reruns exercise 1's
// whole program. A call that runs past its budget becomes a `limit` error on its cell.

import type { CellResult, CodeError } from '../../core/api'
import { fusedIdOf, nodeCode, type AppState, type CellId, type Store } from './state'
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
  /** the learner typed in `cell`: check it once they pause */
  edited(cell: CellId): void
  /** check `cell` now (Ctrl+Enter), in the current mode; resolves to its result (null: the check failed) */
  checkNow(cell: CellId): Promise<CellResult | null>
  /** check every one of exercise 1's cells in the current mode (isolated: one call a cell; chained: the whole program) */
  checkAll(): Promise<void>
  /** check `cell` recording its trace; resolves to the result (null when it failed) */
  trace(cell: CellId): Promise<CellResult | null>
}

type Call = CoreClient['call']

/** The debounce key of exercise 1's whole program, rerun after an edit in chained mode. */
const PROGRAM = '*'

/**
 * Whether `cell` is checked as part of exercise 1's program: in chained mode, every one of its cells. A fused cell is
 * always checked on its own (with the true upstream gradients): it stands for a whole stretch of the backward
 * pass, so chained mode has nothing to chain it to.
 */
function chains(state: AppState, cell: CellId): boolean {
  return state.mode === 'chained' && fusedIdOf(cell) === null
}

/** A time limit or crash as an error on the node; line 0: it has no place in the code. */
export function limitError(error: CoreError): CodeError {
  return { kind: 'limit', message: error.message, line: 0, col: 0 }
}

export function createChecker(store: Store, call: Call, options: CheckerOptions = {}): Checker {
  const debounceMs = options.debounceMs ?? 400
  const allTimeoutMs = options.allTimeoutMs ?? 12_000
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  const clear = (key: string): void => {
    const timer = timers.get(key)
    if (timer !== undefined) clearTimeout(timer)
    timers.delete(key)
  }

  function failed(cell: CellId, error: unknown): void {
    if (error instanceof CoreError && error.kind === 'superseded') return // a newer check of this cell is queued
    if (error instanceof CoreError && (error.kind === 'limit' || error.kind === 'crashed')) {
      store.dispatch({ type: 'checkFailed', name: cell, error: limitError(error) })
      return
    }
    const message = error instanceof Error ? error.message : String(error)
    store.dispatch({ type: 'checkFailed', name: cell, error: { kind: 'runtime', message: `The checker failed: ${message}`, line: 0, col: 0 } })
  }

  /**
   * The core's call that checks one cell on its own: one of exercise 1's cells by its node, with the learner's
   * other cells (whose own names it sees as they were before it); a fused cell by its exercise.
   */
  function request(cell: CellId, code: string, trace: boolean): Promise<CellResult> {
    const id = fusedIdOf(cell)
    return id === null
      ? call('checkCell', [cell, code, trace, nodeCode(store.getState())], { key: `cell:${cell}` })
      : call('checkExercise', [id, code, trace], { key: cell })
  }

  /** Checks one cell on its own; with `trace`, recording its trace. */
  async function checkCell(cell: CellId, trace: boolean): Promise<CellResult | null> {
    clear(cell)
    const code = store.getState().cells[cell]?.code ?? ''
    // A trace runs the cell with the true upstream gradients: that is an isolated check. In chained mode its verdict
    // is not the cell's (which depends on the learner's upstream cells), so that stays.
    const chained = trace && chains(store.getState(), cell)
    store.dispatch({ type: 'checking', names: [cell] })
    try {
      const result = await request(cell, code, trace)
      if (chained && chains(store.getState(), cell)) store.dispatch({ type: 'checkCancelled', names: [cell] })
      else store.dispatch({ type: 'checked', results: [result], cells: [cell] })
      return result
    } catch (error) {
      failed(cell, error)
      return null
    }
  }

  /** Checks all of exercise 1's cells; `trigger` is the cell that asked (chained mode's errors land there). */
  async function checkAll(trigger?: string): Promise<CellResult[]> {
    // (a fused cell's pending check is not part of exercise 1's cells: it stays)
    for (const key of [...timers.keys()]) if (fusedIdOf(key) === null) clear(key)
    const state = store.getState()
    const names = [...state.order]
    if (state.mode === 'isolated') {
      // One call a cell, in the check order: verdicts arrive as they are made, and a runaway cell costs only its
      // own budget and gets its own limit error.
      const results = await Promise.all(names.map((name) => checkCell(name, false)))
      return results.filter((result) => result !== null)
    }
    store.dispatch({ type: 'checking', names })
    try {
      const program = nodeCode(state)
      const { result, cells } = await call('checkAll', [program, 'chained'], { key: 'all', timeoutMs: allTimeoutMs })
      // the core puts the program's error on the cell it was raised in, at that cell's line
      const results = Object.values(cells)
      store.dispatch({ type: 'checked', results })
      if (result.error) options.onProgramError?.(results.find((r) => r.error)?.name ?? null, result.error)
      return results
    } catch (error) {
      if (error instanceof CoreError && error.kind === 'superseded') return []
      store.dispatch({ type: 'checkCancelled', names })
      if (error instanceof CoreError && error.kind === 'limit') {
        // The program ran away: find the cell that runs away on its own too, and put the limit error there.
        const culprit = await findRunaway(names)
        options.onProgramLimit?.(culprit)
        failed(culprit ?? trigger ?? state.selected, error)
        return []
      }
      failed(trigger ?? state.selected, error)
      return []
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

  return {
    edited(cell) {
      const key = chains(store.getState(), cell) ? PROGRAM : cell
      clear(key)
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key)
          void (key === PROGRAM ? checkAll(cell) : checkCell(cell, false))
        }, debounceMs)
      )
    },
    async checkNow(cell) {
      clear(cell)
      // an exercise 1 cell checked now makes its program's pending rerun moot; a fused cell's check leaves it
      if (fusedIdOf(cell) === null) clear(PROGRAM)
      if (!chains(store.getState(), cell)) return checkCell(cell, false)
      return (await checkAll(cell)).find((result) => result.name === cell) ?? null
    },
    checkAll: async () => void (await checkAll()),
    trace: (cell) => checkCell(cell, true)
  }
}

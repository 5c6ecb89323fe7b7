// Which of the learner's cells exercise 4 trains with, and what stops it: the core assembles the backward program
// (exercise 1's cells, with exercises 2 and 3's fused cells standing in where written); every cell it uses must
// pass, except that an intermediate's may have a "shape" verdict (its values are right and it only flows on, as
// the lecture's own dbnmeani does; a parameter's gradient updates the parameter, so it needs the exact shape). Pure.

import { PARAMS, type Status } from '../../../core/api'
import { FUSED, fusedUse, trainingProgram, useLabel } from '../../../core/exercise/exercises'
import type { CellProgram } from '../../../core/exercise/program'
import { FUSED_IDS, fusedKey, hasCode, nodeCode, statusOf, type AppState, type CellId, type FusedId } from '../state'

/** Where a cell lives: one of exercise 1's nodes, or a fused exercise. */
export type CellPlace = { exercise: 1; node: string } | { exercise: FusedId }

/** A cell the backward program needs that does not pass yet. */
export interface Blocker {
  place: CellPlace
  /** 'dprobs', 'exercise 2 (dlogits)' */
  label: string
  status: Status
  checking: boolean
}

export interface TrainingPlan {
  /** the backward program, exercise 1's cells in the lecture's order with the fused cells in place */
  source: string
  /** the same program with each cell's lines (the training worker places an error in its cell with it) */
  program: CellProgram
  /** the cells it runs, in order: node names and 'exercise 2' / 'exercise 3' (the core's names) */
  uses: string[]
  /** the fused exercises it uses */
  fused: FusedId[]
  /** what must pass before it can train; empty: ready */
  blockers: Blocker[]
  /** intermediates it trains with although their verdict is "shape" ('dbnmeani', 'exercise 2 (dlogits)') */
  shapeOnly: string[]
  /** how many cells the program needs in all (used and missing) */
  needed: number
}

/** Where a cell of the program (a use: a node's name, or 'exercise 2') is written. */
export function placeOfUse(use: string): CellPlace {
  const id = FUSED_IDS.find((k) => fusedUse(k) === use)
  return id === undefined ? { exercise: 1, node: use } : { exercise: id }
}

/** The learner's backward program for exercise 4 and the cells that keep it from running. */
export function trainingPlan(state: AppState): TrainingPlan {
  // a starter (comments only) counts as not written: the core would happily run it and define nothing
  const cells = exercise1Cells(state)
  const written: Partial<Record<FusedId, string>> = {}
  for (const id of FUSED_IDS) if (hasCode(state.cells[fusedKey(id)].code)) written[id] = state.cells[fusedKey(id)].code
  const { source, program, uses, missing } = trainingProgram(cells, written)
  const blockers: Blocker[] = []
  const shapeOnly: string[] = []
  const fused: FusedId[] = []
  // a "shape" verdict blocks a parameter's cell only; an intermediate's right values in a broadcastable shape train
  const blocks = (node: string, label: string, status: Status, checking: boolean): boolean => {
    if (checking || status === 'pass') return checking
    if (status === 'shape' && !(PARAMS as readonly string[]).includes(node)) {
      shapeOnly.push(label)
      return false
    }
    return true
  }
  for (const use of uses) {
    const place = placeOfUse(use)
    if (place.exercise !== 1) fused.push(place.exercise)
    // the cell the use runs, the node it computes the gradient of, and how the learner finds it
    const [cell, node]: [CellId, string] = place.exercise === 1 ? [use, use] : [fusedKey(place.exercise), FUSED[place.exercise].target]
    const label = useLabel(use)
    const status = statusOf(state, cell)
    const checking = state.cells[cell]?.checking ?? false
    if (blocks(node, label, status, checking)) blockers.push({ place, label, status, checking })
  }
  for (const name of missing) blockers.push({ place: { exercise: 1, node: name }, label: `d${name}`, status: 'missing', checking: false })
  // in the lecture's order, as the learner meets them
  const order = state.order
  const rank = (b: Blocker) => (b.place.exercise === 1 ? order.indexOf(b.place.node) : order.indexOf(FUSED[b.place.exercise].target) - 0.5)
  blockers.sort((a, b) => rank(a) - rank(b))
  return { source, program, uses, fused, blockers, shapeOnly, needed: uses.length + missing.length }
}

function exercise1Cells(state: AppState): Record<string, string> {
  const cells: Record<string, string> = {}
  for (const [name, code] of Object.entries(nodeCode(state))) cells[name] = hasCode(code) ? code : ''
  return cells
}

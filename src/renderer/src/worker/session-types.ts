// The session the worker drives: the shape src/core/session.ts exports (mirrored here so the mock and the real one
// are held to the same interface; when the real one lands, its own types should satisfy this one structurally).

import type { CellResult, CheckMode, CheckResult, Graph, ModelConfig, NodeVerdict, TensorView } from '../../../core/api'

export interface Session {
  readonly config: ModelConfig & { vocab_size: number }
  /** nodes incl. the inputs Xb/Yb and the parameters, edges with ops, merge flags */
  readonly graph: Graph
  readonly loss: number
  /** forward value of a graph node */
  tensor(name: string): TensorView
  /** autograd's gradient of a checked node */
  trueGrad(name: string): TensorView
  /** isolated mode: the true gradients upstream of `name` are bound */
  checkCell(name: string, code: string, opts?: { trace?: boolean }): CellResult
  checkAll(cells: Record<string, string>, mode: CheckMode): { result: CheckResult; cells: Record<string, CellResult> }
  /** the lecture's solution for that node */
  referenceCell(name: string): string
  /** up to 3 progressive hints */
  hints(name: string): string[]
  exportPy(cells: Record<string, string>, verdicts?: Record<string, NodeVerdict>): string
  exportIpynb(cells: Record<string, string>): string
  importSolution(text: string): { cells: Record<string, string>; warnings: string[] }
}

export type CreateSession = (config?: Partial<ModelConfig>) => Session

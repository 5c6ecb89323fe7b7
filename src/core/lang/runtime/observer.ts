// What the interpreter reports to an observer as it runs: every operation whose operands or result may be tensors,
// with the span of the expression. The learner-code compiler (src/core/compile) records a tape from these.

import type * as A from '../syntax/ast'
import type { Kwargs, PyBuiltin, PyValue } from './values'

export type OpEvent =
  | { readonly kind: 'binary'; readonly op: string; readonly a: PyValue; readonly b: PyValue; readonly out: PyValue }
  | { readonly kind: 'unary'; readonly op: string; readonly a: PyValue; readonly out: PyValue }
  | { readonly kind: 'compare'; readonly op: string; readonly a: PyValue; readonly b: PyValue; readonly out: PyValue }
  | { readonly kind: 'getattr'; readonly obj: PyValue; readonly name: string; readonly out: PyValue }
  | { readonly kind: 'setattr'; readonly obj: PyValue; readonly name: string; readonly value: PyValue }
  | { readonly kind: 'call'; readonly fn: PyBuiltin; readonly args: readonly PyValue[]; readonly kwargs: Kwargs; readonly out: PyValue }
  | { readonly kind: 'getitem'; readonly container: PyValue; readonly index: PyValue; readonly out: PyValue }
  | { readonly kind: 'setitem'; readonly container: PyValue; readonly index: PyValue; readonly value: PyValue }
  | { readonly kind: 'inplace'; readonly op: string; readonly target: PyValue; readonly value: PyValue; readonly out: PyValue }

export interface OpObserver {
  /** the span of the expression being evaluated (set before each operation runs) */
  span: A.Span | null
  event(e: OpEvent, span: A.Span): void
}

// The messages between the page and the core's worker: one request, one response, matched by id.
// `dispatch` is the worker's whole logic as a plain function, so it is tested without a Worker.

import type { CellResult, ModelConfig } from '../../../core/api'
import type { LessonSource } from '../../../core/session'
import type { CreateSession, Session } from './session-types'

/** What the page learns once the session exists (the session's own fields: `Session` in core/session.ts). */
export type CoreInfo = Pick<Session, 'lesson' | 'config' | 'graph' | 'loss'>

/** The session's methods the worker passes straight through, typed (and documented) by `Session` itself. */
type PassedThrough = Pick<
  Session,
  'tensor' | 'trueGrad' | 'checkAll' | 'referenceCell' | 'hints' | 'exportPy' | 'exportIpynb' | 'importSolution' | 'exercise'
>

/** Every method the worker answers, with its arguments and result. */
export interface CoreMethods extends PassedThrough {
  /** the lecture (with a config), or a lesson file; a bad lesson file fails with kind 'lesson' and its place */
  init(config?: Partial<ModelConfig>, lesson?: LessonSource): CoreInfo
  /** isolated mode; `cells`: all the learner's cells, whose own names (helpers) the cell sees as they were before it */
  checkCell(name: string, code: string, trace: boolean, cells?: Record<string, string>): CellResult
  /** checks a fused cell (dlogits for 2, dhprebn for 3) against autograd */
  checkExercise(id: 2 | 3, code: string, trace: boolean): CellResult
}

export type Method = keyof CoreMethods
export type Args<M extends Method> = Parameters<CoreMethods[M]>
export type Result<M extends Method> = ReturnType<CoreMethods[M]>

export interface RequestMessage<M extends Method = Method> {
  id: number
  method: M
  args: Args<M>
}

/**
 * Why a request failed: `limit` (it ran past its time budget and the worker was restarted), `crashed` (the worker
 * died under it), `superseded` (a newer request with the same key replaced it before it ran), `internal` (the
 * core threw; a bug, not the learner's code).
 */
export type FailureKind = 'limit' | 'crashed' | 'superseded' | 'internal' | 'lesson'

export type ResponseMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; kind: FailureKind; message: string }

/** Runs one request against the session (creating it on `init`). */
export function dispatch(
  state: { session: Session | null },
  createSession: CreateSession,
  request: RequestMessage
): ResponseMessage {
  const { id } = request
  try {
    if (request.method === 'init') {
      const [config, lesson] = request.args as Args<'init'>
      try {
        state.session = createSession(config, lesson)
      } catch (error) {
        // a lesson file's own mistake (LessonError): said with its line and column, not as a bug
        const e = error as { name?: string; message?: string; line?: number; col?: number }
        if (e?.name === 'LessonError') return { id, ok: false, kind: 'lesson', message: `line ${e.line}, column ${e.col}: ${e.message}` }
        throw error
      }
      const { lesson: info, config: full, graph, loss } = state.session
      return { id, ok: true, value: { lesson: info, config: full, graph, loss } satisfies CoreInfo }
    }
    const session = state.session
    if (!session) return { id, ok: false, kind: 'internal', message: 'the core is not ready yet' }
    return { id, ok: true, value: call(session, request) }
  } catch (error) {
    return { id, ok: false, kind: 'internal', message: error instanceof Error ? error.message : String(error) }
  }
}

function call(session: Session, request: RequestMessage): unknown {
  const a = request.args as unknown as never[]
  switch (request.method) {
    case 'tensor':
      return session.tensor(a[0])
    case 'trueGrad':
      return session.trueGrad(a[0])
    case 'checkCell':
      return session.checkCell(a[0], a[1], { trace: a[2], cells: a[3] })
    case 'checkAll':
      return session.checkAll(a[0], a[1])
    case 'referenceCell':
      return session.referenceCell(a[0])
    case 'hints':
      return session.hints(a[0])
    case 'exportPy':
      return session.exportPy(a[0], a[1])
    case 'exportIpynb':
      return session.exportIpynb(a[0])
    case 'importSolution':
      return session.importSolution(a[0])
    case 'exercise':
      return session.exercise(a[0])
    case 'checkExercise':
      return session.checkExercise(a[0], a[1], { trace: a[2] })
    default:
      throw new Error(`unknown method ${String(request.method)}`)
  }
}

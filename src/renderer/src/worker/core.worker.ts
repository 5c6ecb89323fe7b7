// The core's worker: owns the session, answers one request at a time. Learner code runs here, never on the page.

import { dispatch, type RequestMessage } from './protocol'
import { createSession } from './session'

const state = { session: null as ReturnType<typeof createSession> | null }
const scope = self as unknown as DedicatedWorkerGlobalScope

// Responses are copied, not transferred: the session may keep the arrays it hands out.
scope.onmessage = (event: MessageEvent<RequestMessage>) => {
  scope.postMessage(dispatch(state, createSession, event.data))
}

// The one seam between the worker and the core: swap this line for `export { createSession } from '../../../core/session'`.
export { createSession } from './mock-session'

// The session the worker drives is the core's own (src/core/session.ts); this names the factory the worker calls.

import type { ModelConfig } from '../../../core/api'
import type { LessonSource, Session } from '../../../core/session'

export type { Session }
export type CreateSession = (config?: Partial<ModelConfig>, lesson?: LessonSource) => Session

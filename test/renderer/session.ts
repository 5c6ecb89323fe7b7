// The real core session for renderer tests (built once per test file; the core is fast enough to use directly).
import { DEFAULT_CONFIG, type ModelConfig } from '../../src/core/api'
import { createSession as createCoreSession, type Session } from '../../src/core/session'
import { NAMES } from '../model'

export function createSession(config: Partial<ModelConfig> = {}): Session {
  return createCoreSession(NAMES, { ...DEFAULT_CONFIG, ...config })
}

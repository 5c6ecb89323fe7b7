// The core's session with the bundled names.txt (the core reads no files): what the worker creates.

import namesText from '../../../../data/names.txt?raw'
import { createSession as createCoreSession } from '../../../core/session'
import type { CreateSession } from './session-types'

export const createSession: CreateSession = (config, lesson) => createCoreSession(namesText, config, lesson)

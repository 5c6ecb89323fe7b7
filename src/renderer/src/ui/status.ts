// How a status is said: an icon and a word for each, so the page never says it with colour alone.

import type { Status } from '../../../core/api'

export const STATUS_LABEL: Record<Status, { icon: string; word: string }> = {
  pass: { icon: '✓', word: 'pass' },
  shape: { icon: '≈', word: 'shape' },
  fail: { icon: '✗', word: 'fail' },
  error: { icon: '!', word: 'error' },
  missing: { icon: '○', word: 'to do' }
}

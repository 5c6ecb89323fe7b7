// After a renderer crash: the main process reloads the page with the reason, and the page says what happened.
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../helpers/fake-electron'))

import { recoveryUrl } from '../../src/main/window'
import { recoveryNotice } from '../../src/renderer/src/ui/recovery'

describe('a page reloaded after its process died', () => {
  it('is told why, in words, and that the work is as last autosaved', () => {
    expect(recoveryNotice('?recovered=oom')).toMatch(/^The page ran out of memory and was reloaded\. Your work is as it was last autosaved/)
    expect(recoveryNotice('?recovered=something-new')).toMatch(/^The page stopped unexpectedly and was reloaded/)
  })

  it('says nothing on an ordinary start', () => {
    expect(recoveryNotice('')).toBeNull()
    expect(recoveryNotice('?x=1')).toBeNull()
  })

  it('gets its reason in the reload address the main process builds, and no reload after a clean exit', () => {
    const url = recoveryUrl('app://bundle/index.html', 'crashed', 1)!
    expect(recoveryNotice(new URL(url).search)).toMatch(/^The page crashed/)
    expect(recoveryUrl('app://bundle/index.html', 'clean-exit', 1)).toBeNull()
    expect(recoveryUrl('app://bundle/index.html', 'crashed', 4)).toBeNull()
  })
})

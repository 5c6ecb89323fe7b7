// One writer among browser tabs: the first tab saves, a second is read-only until it takes over, and the first
// then stops saving. A fake LockManager with the Web Locks rules the tabs rely on (ifAvailable, steal).

import { describe, expect, it } from 'vitest'
import { acquireWriter, type Locks } from '../../src/renderer/src/files/single-writer'
import { Autosaver, type ProgressBackend } from '../../src/renderer/src/files/persistence'

function fakeLocks(): Locks {
  let holder: ((reason: Error) => void) | null = null
  return {
    request(_name, options, callback) {
      if (holder !== null && options.ifAvailable) return callback(null)
      if (holder !== null && options.steal) holder(Object.assign(new Error('stolen'), { name: 'AbortError' }))
      return new Promise<void>((_resolve, reject) => {
        holder = reject
        void callback({})
      })
    }
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('tabs sharing one browser storage', () => {
  it('lets the first tab write and makes a second one read-only', async () => {
    const locks = fakeLocks()
    expect((await acquireWriter(locks)).writing).toBe(true)
    expect((await acquireWriter(locks)).writing).toBe(false)
  })

  it('hands the writing over when a tab takes over, and tells the first tab', async () => {
    const locks = fakeLocks()
    const first = await acquireWriter(locks)
    let lost = false
    void first.lost.then(() => (lost = true))
    const second = await acquireWriter(locks, true)
    await tick()
    expect(second.writing).toBe(true)
    expect(lost).toBe(true)
  })

  it('writes where the Locks API is missing, as before', async () => {
    expect((await acquireWriter(undefined)).writing).toBe(true)
  })

  it('a read-only tab saves nothing, however it is flushed', async () => {
    const saved: string[] = []
    const backend: ProgressBackend = { load: async () => ({ text: null, recovered: false }), save: async (t) => void saved.push(t), saveNow: (t) => void saved.push(t) }
    const autosaver = new Autosaver(backend, () => '{"schema":1,"cells":{}}')
    autosaver.writable = false
    await autosaver.flush()
    autosaver.flushSync()
    expect(saved).toEqual([])
    autosaver.writable = true
    await autosaver.flush()
    expect(saved).toHaveLength(1)
  })
})

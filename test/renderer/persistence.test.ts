import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import {
  Autosaver,
  BACKUP_KEY,
  browserBackend,
  electronBackend,
  parseProgress,
  PROGRESS_KEY,
  serializeProgress,
  type KeyValueStorage
} from '../../src/renderer/src/files/persistence'
import type { SavedProgress } from '../../src/renderer/src/state'

const saved = (code: string): SavedProgress => ({
  exercise: 1,
  mode: 'isolated',
  selected: 'probs',
  cells: { probs: code },
  verdicts: {},
  hintsShown: {},
  solutionShown: {}
})

class FakeStorage implements KeyValueStorage {
  items = new Map<string, string>()
  failWrites = false
  getItem(key: string) {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new Error('QuotaExceededError')
    this.items.set(key, value)
  }
}

describe('parseProgress', () => {
  test('reads what serializeProgress wrote', () => {
    const parsed = parseProgress(serializeProgress(saved('dprobs = 1')))
    expect(parsed.ok && parsed.saved.cells).toEqual({ probs: 'dprobs = 1' })
  })
  test.each([
    ['not JSON', '{"schema": 1, "cells": {', 'not valid JSON'],
    ['an array', '[1]', 'not a JSON object'],
    ['a newer schema', '{"schema": 2, "cells": {}}', 'saved by a newer version of Backprop Ninja (schema 2'],
    ['an older schema', '{"schema": 0, "cells": {}}', 'schema is 0'],
    ['cells that are not text', '{"schema": 1, "cells": {"probs": 3}}', 'cells are not text']
  ])('says why it rejects %s', (_name, text, reason) => {
    const parsed = parseProgress(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.reason).toContain(reason)
  })
})

describe('saves and exercises 2 and 3', () => {
  test('a schema 1 save without the fused cells (made before them) still reads', () => {
    const old = '{"schema":1,"app":"backprop-ninja","exercise":1,"mode":"isolated","selected":"probs","cells":{"probs":"dprobs = 1"},"verdicts":{},"hintsShown":{},"solutionShown":{}}'
    const parsed = parseProgress(old)
    expect(parsed.ok && parsed.saved.fused).toBeUndefined()
    expect(parsed.ok && parsed.saved.cells).toEqual({ probs: 'dprobs = 1' })
  })

  test('the fused cells are saved under schema 1 as a field of their own', () => {
    const text = serializeProgress({ ...saved('dprobs = 1'), fused: { 2: { code: 'dlogits = 0' } } })
    expect(JSON.parse(text)).toMatchObject({ schema: 1, fused: { 2: { code: 'dlogits = 0' } } })
    expect(parseProgress(text)).toMatchObject({ ok: true, saved: { fused: { 2: { code: 'dlogits = 0' } } } })
  })
})

describe('browserBackend', () => {
  test('loads nothing from an empty storage', async () => {
    expect(await browserBackend(new FakeStorage()).load()).toEqual({ text: null, recovered: false })
  })

  test('keeps the previous good save as the backup', async () => {
    const storage = new FakeStorage()
    const backend = browserBackend(storage)
    await backend.save(serializeProgress(saved('one')))
    await backend.save(serializeProgress(saved('two')))
    expect(parseProgress(storage.getItem(PROGRESS_KEY)!)).toMatchObject({ ok: true, saved: { cells: { probs: 'two' } } })
    expect(parseProgress(storage.getItem(BACKUP_KEY)!)).toMatchObject({ ok: true, saved: { cells: { probs: 'one' } } })
  })

  test('restores the backup when the save is corrupt, and says so', async () => {
    const storage = new FakeStorage()
    const backend = browserBackend(storage)
    await backend.save(serializeProgress(saved('good')))
    await backend.save(serializeProgress(saved('newer')))
    storage.items.set(PROGRESS_KEY, '{"schema": 1, "cells": {"probs": "trunc')
    const loaded = await backend.load()
    expect(loaded.recovered).toBe(true)
    expect(loaded.reason).toContain('could not be used (it is not valid JSON)')
    expect(parseProgress(loaded.text!)).toMatchObject({ ok: true, saved: { cells: { probs: 'good' } } })
  })

  test('never overwrites a good backup with a corrupt save', async () => {
    const storage = new FakeStorage()
    const backend = browserBackend(storage)
    await backend.save(serializeProgress(saved('good')))
    await backend.save(serializeProgress(saved('newer')))
    storage.items.set(PROGRESS_KEY, 'garbage')
    await backend.save(serializeProgress(saved('after')))
    expect(parseProgress(storage.getItem(BACKUP_KEY)!)).toMatchObject({ ok: true, saved: { cells: { probs: 'good' } } })
  })

  test('reports corruption with no good backup instead of failing', async () => {
    const storage = new FakeStorage()
    storage.items.set(PROGRESS_KEY, 'garbage')
    const loaded = await browserBackend(storage).load()
    expect(loaded.text).toBeNull()
    expect(loaded.reason).toContain('no good backup')
  })
})

describe('electronBackend', () => {
  test('passes text through and turns a failed save into an error', async () => {
    const api = {
      loadProgress: vi.fn(async () => ({ text: 'x', recovered: true, reason: 'r' })),
      saveProgress: vi.fn(async (_text: string) => ({ status: 'error' as const, message: 'disk full' }))
    }
    const backend = electronBackend(api)
    expect(await backend.load()).toEqual({ text: 'x', recovered: true, reason: 'r' })
    await expect(backend.save('t')).rejects.toThrow('disk full')
  })
})

describe('Autosaver', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  test('saves once, shortly after the last change', async () => {
    const storage = new FakeStorage()
    let text = serializeProgress(saved('a'))
    const saver = new Autosaver(browserBackend(storage), () => text, { delayMs: 400 })
    saver.schedule()
    text = serializeProgress(saved('b'))
    saver.schedule()
    await vi.advanceTimersByTimeAsync(399)
    expect(storage.getItem(PROGRESS_KEY)).toBeNull()
    await vi.advanceTimersByTimeAsync(1)
    expect(storage.getItem(PROGRESS_KEY)).toBe(text)
  })

  test('does not rewrite unchanged work', async () => {
    const backend = { load: vi.fn(), save: vi.fn(async () => {}) }
    const saver = new Autosaver(backend, () => 'same')
    await saver.flush()
    await saver.flush()
    expect(backend.save).toHaveBeenCalledTimes(1)
  })

  test('says the work is saved when a change turns out to change nothing (edited and put back, another node picked and back)', async () => {
    const backend = { load: vi.fn(), save: vi.fn(async () => {}) }
    let text = 'a'
    let savedCalls = 0
    const saver = new Autosaver(backend, () => text, { onSaved: () => savedCalls++ })
    await saver.flush()
    expect(savedCalls).toBe(1)
    text = 'b'
    saver.schedule()
    text = 'a'
    await vi.advanceTimersByTimeAsync(400)
    expect(backend.save).toHaveBeenCalledTimes(1)
    expect(savedCalls).toBe(2)
  })

  test('a tab that does not save writes nothing and does not say saved', async () => {
    const backend = { load: vi.fn(), save: vi.fn(async () => {}) }
    let savedCalls = 0
    const saver = new Autosaver(backend, () => 'a', { onSaved: () => savedCalls++ })
    saver.writable = false
    saver.schedule()
    await vi.advanceTimersByTimeAsync(400)
    await saver.flush()
    expect(backend.save).not.toHaveBeenCalled()
    expect(savedCalls).toBe(0)
  })

  test('tells about a failing save once, and retries on the next change', async () => {
    const storage = new FakeStorage()
    storage.failWrites = true
    const errors: string[] = []
    let text = 'one'
    const saver = new Autosaver(browserBackend(storage), () => text, { onError: (m) => errors.push(m) })
    await saver.flush()
    text = 'two'
    await saver.flush()
    expect(errors).toEqual([expect.stringMatching(/^this browser's storage is full \(your work is .* MB\); use Export \.py to keep a copy of your cells$/)])
    storage.failWrites = false
    await saver.flush()
    expect(storage.getItem(PROGRESS_KEY)).toBe('two')
  })

  test('saves synchronously on page unload when the backend can', () => {
    const storage = new FakeStorage()
    const saver = new Autosaver(browserBackend(storage), () => 'now')
    saver.schedule()
    saver.flushSync()
    expect(storage.getItem(PROGRESS_KEY)).toBe('now')
  })
})

describe('a save that does not fit', () => {
  test('in a full localStorage gives up the backup, then the verdicts, never the cells', async () => {
    const { browserBackend, PROGRESS_KEY, BACKUP_KEY } = await import('../../src/renderer/src/files/persistence')
    const map = new Map<string, string>()
    const quota = 200
    const used = () => [...map.values()].reduce((n, v) => n + v.length, 0)
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => {
        const before = map.get(k)?.length ?? 0
        if (used() - before + v.length > quota) throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' })
        map.set(k, v)
      },
      removeItem: (k: string) => void map.delete(k)
    }
    const backend = browserBackend(storage)
    await backend.save(JSON.stringify({ schema: 1, cells: { probs: 'x' } }))
    await backend.save(JSON.stringify({ schema: 1, cells: { probs: 'y' } }))
    expect(map.has(BACKUP_KEY)).toBe(true)
    const big = JSON.stringify({ schema: 1, cells: { probs: 'dprobs = z' }, verdicts: { probs: { status: 'pass', message: 'v'.repeat(120) } } })
    await backend.save(big)
    expect(JSON.parse(map.get(PROGRESS_KEY)!)).toEqual({ schema: 1, cells: { probs: 'dprobs = z' } })
    const huge = JSON.stringify({ schema: 1, cells: { probs: 'w'.repeat(500) } })
    await expect(backend.save(huge)).rejects.toThrow(/this browser's storage is full \(your work is 0\.0 MB\); use Export \.py/)
  })

  test('over the main process limit goes without its verdicts, and says so when even that is too big', async () => {
    const { electronBackend } = await import('../../src/renderer/src/files/persistence')
    const sent: string[] = []
    const api = { loadProgress: async () => ({ text: null, recovered: false }), saveProgress: async (t: string) => (sent.push(t), { status: 'saved' as const }) }
    const backend = electronBackend(api, 120)
    await backend.save(JSON.stringify({ schema: 1, cells: { probs: 'a' }, verdicts: { probs: { status: 'pass', message: 'm'.repeat(200) } } }))
    expect(JSON.parse(sent[0])).toEqual({ schema: 1, cells: { probs: 'a' } })
    await expect(backend.save(JSON.stringify({ schema: 1, cells: { probs: 'b'.repeat(300) } }))).rejects.toThrow(/more than the 0.00012 MB a save may hold; use Export \.py/)
  })
})

// One check of a save for both sides (the main process before it rotates the backup, the page before it restores),
// saves from a newer version kept aside instead of erased, and a restore that never throws on valid JSON of the
// wrong shape.

import fc from 'fast-check'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkProgress, createProgressStore } from '../../src/main/progress'
import { checkProgressText } from '../../src/preload/progress-check'
import { browserBackend, KEPT_PREFIX, parseProgress, PROGRESS_KEY, serializeProgress } from '../../src/renderer/src/files/persistence'
import { initialState, reduce, toSaved } from '../../src/renderer/src/state'
import { createSession } from './session'

const graph = createSession().graph
const fresh = () => initialState(graph.order, graph.nodes)

const dir = mkdtempSync(join(tmpdir(), 'bpn-progress-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const BAD = [
  ['cells that are not text', { schema: 1, cells: { probs: 5 } }],
  ['cells that are a list', { schema: 1, cells: ['dprobs = 1'] }],
  ['a verdict without a status', { schema: 1, cells: {}, verdicts: { probs: { exact: true } } }],
  ['hint counts that are text', { schema: 1, cells: {}, hintsShown: { probs: 'two' } }],
  ['an exercise 2 cell without code', { schema: 1, cells: {}, fused: { '2': { verdict: null } } }]
] as const

describe('the one check of a save', () => {
  it.each(BAD)('refuses %s on both sides alike', (_label, data) => {
    const text = JSON.stringify(data)
    const checked = checkProgressText(text)
    expect(checked.ok).toBe(false)
    expect(checkProgress(text)).toBe(checked.ok ? null : checked.reason)
    expect(parseProgress(text)).toEqual({ ok: false, reason: checked.ok ? '' : checked.reason })
  })

  it('accepts what the page saves', () => {
    const text = serializeProgress(toSaved(fresh()))
    expect(checkProgressText(text).ok).toBe(true)
    expect(checkProgress(text)).toBeNull()
  })

  it('marks a save from a newer version as such', () => {
    expect(checkProgressText('{"schema": 2, "cells": {}}')).toMatchObject({ ok: false, newer: true })
    expect(checkProgressText('{"schema": 0, "cells": {}}')).toMatchObject({ ok: false, newer: false })
  })
})

describe('a save the main process cannot use', () => {
  it('is kept aside, never erased by the next save after a downgrade', async () => {
    const store = createProgressStore(dir)
    const good = serializeProgress(toSaved(fresh()))
    expect(await store.save(good)).toEqual({ status: 'saved' })
    // a second save leaves the first as the backup
    expect(await store.save(good)).toEqual({ status: 'saved' })
    const newer = JSON.stringify({ schema: 2, cells: { probs: 'dprobs = 1.0 / probs * dlogprobs' }, future: true })
    writeFileSync(store.path, newer)
    const loaded = await store.load()
    expect(loaded).toMatchObject({ text: good, recovered: true })
    expect(loaded.reason).toMatch(/newer version .*\(kept as progress\.json\.kept-/)
    // the learner edits: the next saves never touch the kept file
    await store.save(good.replace('"mode"', '"mode"'))
    await store.save(good)
    const kept = readdirSync(dir).filter((f) => f.startsWith('progress.json.kept-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(dir, kept[0]), 'utf8')).toBe(newer)
  })

  it('does not let a file the page would refuse overwrite the good backup', async () => {
    const store = createProgressStore(join(dir, 'two'))
    const good = serializeProgress(toSaved(fresh()))
    await store.save(good)
    expect(await store.save(JSON.stringify({ schema: 1, cells: { probs: 5 } }))).toMatchObject({ status: 'error' })
    expect((await store.load()).text).toBe(good)
  })
})

describe('a save the browser cannot use', () => {
  it('is copied to a key of its own before anything replaces it, and the learner is told where', async () => {
    const map = new Map<string, string>()
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) }
    const newer = '{"schema": 2, "cells": {}}'
    map.set(PROGRESS_KEY, newer)
    const loaded = await browserBackend(storage).load()
    const keys = [...map.keys()].filter((k) => k.startsWith(KEPT_PREFIX))
    expect(keys).toHaveLength(1)
    expect(map.get(keys[0])).toBe(newer)
    expect(loaded.reason).toContain(keys[0])
  })
})

describe('restoring', () => {
  it("never reaches Object.prototype through a save's keys", () => {
    const state = fresh()
    const saved = JSON.parse('{"cells": {"constructor": "x", "__proto__": "y", "toString": "z"}, "verdicts": {"constructor": {"status": "pass"}}, "selected": "constructor", "hintsShown": {"__proto__": 3}}')
    const next = reduce(state, { type: 'restore', saved })
    expect(Object.hasOwn(next.cells, 'constructor')).toBe(false)
    expect(next.selected).toBe(state.selected)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('survives any JSON value in any field, by property test', () => {
    const state = fresh()
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('cells', 'verdicts', 'hintsShown', 'solutionShown', 'fused', 'exercise', 'mode', 'selected'), fc.jsonValue()), (saved) => {
        const text = JSON.stringify({ schema: 1, ...saved })
        const parsed = parseProgress(text)
        if (parsed.ok) expect(() => reduce(state, { type: 'restore', saved: parsed.saved })).not.toThrow()
        expect(() => reduce(state, { type: 'restore', saved: saved as never })).not.toThrow()
      }),
      { numRuns: 500 }
    )
  })
})

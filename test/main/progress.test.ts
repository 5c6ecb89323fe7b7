// The learner's progress file: the schema check, ordered saves and recovery.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PROGRESS_SCHEMA } from '../../src/preload/contract'
import { checkProgress, createProgressStore } from '../../src/main/progress'

let dir: string
const progress = (n: number) => JSON.stringify({ schema: PROGRESS_SCHEMA, exercise: n })

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ninja-progress-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('checkProgress', () => {
  it('accepts an object with the expected schema', () => {
    expect(checkProgress(progress(1))).toBeNull()
  })

  it.each([
    ['{"schema":1', /not valid JSON/],
    ['[1]', /not a JSON object/],
    ['null', /not a JSON object/],
    ['{"exercise":1}', /schema is missing, expected 1/],
    ['{"schema":2}', /saved by a newer version of Backprop Ninja \(schema 2; this one reads 1\)/],
    ['{"schema":0}', /schema is 0, expected 1/],
    ['{"schema":"1"}', /schema is "1", expected 1/]
  ])('refuses %s', (text, reason) => {
    expect(checkProgress(text)).toMatch(reason)
  })
})

describe('progress store', () => {
  it('loads nothing before the first save, then what was saved', async () => {
    const store = createProgressStore(dir)
    expect(await store.load()).toStrictEqual({ text: null, recovered: false })
    expect(await store.save(progress(1))).toStrictEqual({ status: 'saved' })
    expect(await store.load()).toStrictEqual({ text: progress(1), recovered: false })
  })

  it('creates the user-data folder if it does not exist yet', async () => {
    const store = createProgressStore(join(dir, 'not', 'yet'))
    expect(await store.save(progress(1))).toStrictEqual({ status: 'saved' })
    expect(await readFile(store.path, 'utf8')).toBe(progress(1))
  })

  it('refuses text that would not load again, leaving the file untouched', async () => {
    const store = createProgressStore(dir)
    await store.save(progress(1))
    const result = await store.save('{"schema":1')
    expect(result.status).toBe('error')
    expect(await readFile(store.path, 'utf8')).toBe(progress(1))
  })

  it('applies overlapping saves in order, the backup one step behind', async () => {
    const store = createProgressStore(dir)
    await Promise.all([1, 2, 3, 4, 5].map((n) => store.save(progress(n))))
    expect(await readFile(store.path, 'utf8')).toBe(progress(5))
    expect(await readFile(`${store.path}.bak`, 'utf8')).toBe(progress(4))
  })

  it('falls back to the backup when the schema is not the expected one', async () => {
    const store = createProgressStore(dir)
    await store.save(progress(1))
    await store.save(progress(2))
    await writeFile(store.path, JSON.stringify({ schema: 99 }))
    const loaded = await store.load()
    expect(loaded.text).toBe(progress(1))
    expect(loaded.recovered).toBe(true)
    expect(loaded.reason).toContain('saved by a newer version of Backprop Ninja (schema 99; this one reads 1)')
  })
})

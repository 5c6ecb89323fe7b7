// Crash-safe writes and the backup, on a real temporary folder.

import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { atomicWrite, backupPath, readWithBackup, type Check } from '../../src/main/files'

let dir: string
let target: string

// A stand-in validator: the text must be JSON with "ok": true.
const check: Check = (text) => {
  try {
    return JSON.parse(text).ok === true ? null : 'not ok'
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ninja-files-'))
  target = join(dir, 'progress.json')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('atomicWrite', () => {
  it('creates a new file without a backup', async () => {
    await atomicWrite(target, 'first')
    expect(await readFile(target, 'utf8')).toBe('first')
    expect(await readdir(dir)).toStrictEqual(['progress.json'])
  })

  it('keeps the previous version as .bak and leaves no temp files', async () => {
    await atomicWrite(target, 'first')
    await atomicWrite(target, 'second')
    await atomicWrite(target, 'third')
    expect(await readFile(target, 'utf8')).toBe('third')
    expect(await readFile(backupPath(target), 'utf8')).toBe('second')
    expect((await readdir(dir)).sort()).toStrictEqual(['progress.json', 'progress.json.bak'])
  })

  it('writes no backup when asked not to', async () => {
    await atomicWrite(target, 'first', { backup: false })
    await atomicWrite(target, 'second', { backup: false })
    expect(await readdir(dir)).toStrictEqual(['progress.json'])
  })

  it('never lets a corrupt file overwrite a good backup', async () => {
    await atomicWrite(target, '{"ok":true,"n":1}', { backup: check })
    await atomicWrite(target, '{"ok":true,"n":2}', { backup: check })
    await writeFile(target, '{"ok":tr') // damaged by something else
    await atomicWrite(target, '{"ok":true,"n":3}', { backup: check })
    expect(await readFile(backupPath(target), 'utf8')).toBe('{"ok":true,"n":1}')
    expect(await readFile(target, 'utf8')).toBe('{"ok":true,"n":3}')
  })

  it('keeps UTF-8 text intact', async () => {
    const text = 'dlogits = F.softmax(logits, 1) # ∂loss/∂logits — 🥷'
    await atomicWrite(target, text)
    expect(await readFile(target, 'utf8')).toBe(text)
  })

  it('fails cleanly, leaving nothing behind, when the folder is gone', async () => {
    const missing = join(dir, 'no-such-folder', 'progress.json')
    await expect(atomicWrite(missing, 'x')).rejects.toThrow(/ENOENT/)
    expect(await readdir(dir)).toStrictEqual([])
  })
})

describe('readWithBackup', () => {
  it('returns the main file when it is good', async () => {
    await atomicWrite(target, '{"ok":true,"n":1}')
    await atomicWrite(target, '{"ok":true,"n":2}')
    expect(await readWithBackup(target, check)).toStrictEqual({ text: '{"ok":true,"n":2}', recovered: false })
  })

  it('returns nothing, and no complaint, on a first run', async () => {
    expect(await readWithBackup(target, check)).toStrictEqual({ text: null, recovered: false })
  })

  it('recovers from a crash half-way through a save', async () => {
    await atomicWrite(target, '{"ok":true,"n":1}')
    await atomicWrite(target, '{"ok":true,"n":2}')
    // What a kill mid-save by an older, non-atomic writer (or a disk hiccup) leaves: a stray temp file and a
    // truncated main file.
    const stray = `${target}.tmp-999999-deadbeef`
    await writeFile(stray, '{"ok":true,"n":3')
    await writeFile(target, '{"ok":tr')

    const read = await readWithBackup(target, check)
    expect(read.text).toBe('{"ok":true,"n":1}')
    expect(read.recovered).toBe(true)
    expect(read.reason).toMatch(/progress\.json was unreadable \(not valid JSON: .*\); restored the previous version from progress\.json\.bak/)
    // The stray temp file is cleaned up; the truncated file is kept aside, never overwritten; the next save brings
    // everything back in line.
    const names = (await readdir(dir)).sort()
    expect(names).toStrictEqual(['progress.json.bak', expect.stringMatching(/^progress\.json\.kept-[\dT-]+Z$/)])
    expect(await readFile(join(dir, names[1]), 'utf8')).toBe('{"ok":tr')
    expect(read.reason).toContain(`(kept as ${names[1]})`)
    await atomicWrite(target, '{"ok":true,"n":4}', { backup: check })
    expect(await readFile(backupPath(target), 'utf8')).toBe('{"ok":true,"n":1}')
    expect(await readWithBackup(target, check)).toStrictEqual({ text: '{"ok":true,"n":4}', recovered: false })
  })

  it('recovers when the main file is missing', async () => {
    await writeFile(backupPath(target), '{"ok":true}')
    const read = await readWithBackup(target, check)
    expect(read).toStrictEqual({
      text: '{"ok":true}',
      recovered: true,
      reason: 'progress.json was missing; restored the previous version from progress.json.bak'
    })
  })

  it('recovers when the main file fails the check', async () => {
    await writeFile(target, '{"ok":false}')
    await writeFile(backupPath(target), '{"ok":true}')
    const read = await readWithBackup(target, check)
    expect(read.text).toBe('{"ok":true}')
    expect(read.recovered).toBe(true)
    expect(read.reason).toContain('(not ok)')
  })

  it('says so when neither copy is usable', async () => {
    await writeFile(target, 'garbage')
    await writeFile(backupPath(target), '{"ok":false}')
    const read = await readWithBackup(target, check)
    expect(read.text).toBeNull()
    expect(read.recovered).toBe(false)
    expect(read.reason).toMatch(/progress\.json was unreadable .* and the backup was unreadable \(not ok\)/)
  })

  it('says so when the main file is corrupt and there is no backup', async () => {
    await writeFile(target, 'garbage')
    const read = await readWithBackup(target, check)
    expect(read).toMatchObject({ text: null, recovered: false })
    expect(read.reason).toMatch(/and there is no backup$/)
  })

  it('leaves this process’s own in-flight temp files alone', async () => {
    const mine = `${target}.tmp-${process.pid}-cafe`
    await writeFile(mine, 'in flight')
    await readWithBackup(target, check)
    expect(await readdir(dir)).toContain(`progress.json.tmp-${process.pid}-cafe`)
  })
})

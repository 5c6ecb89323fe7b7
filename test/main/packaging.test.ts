// electron-builder.yml: packaging can't run here (it downloads Electron binaries), so the config itself is checked:
// the fuses that close Electron's back doors, ASAR, and only the build output shipped.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const config = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')

/** The `key: value` lines of the block under `name:` (two-space indented), comments dropped. */
function block(name: string): Map<string, string> {
  const lines = config.split(/\r?\n/)
  const start = lines.indexOf(`${name}:`)
  expect(start, `electron-builder.yml has no ${name}: block`).toBeGreaterThanOrEqual(0)
  const entries = new Map<string, string>()
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break
    const match = /^\s+([\w-]+):\s*([^#]*?)\s*(#.*)?$/.exec(line)
    if (match) entries.set(match[1]!, match[2]!)
  }
  return entries
}

/** The value of a top-level `key: value` line. */
function topLevel(key: string): string | undefined {
  return new RegExp(`^${key}:\\s*([^#\\n]*?)\\s*$`, 'm').exec(config)?.[1]
}

describe('electron-builder fuses', () => {
  const fuses = block('electronFuses')

  it.each([
    ['runAsNode', 'false', 'ELECTRON_RUN_AS_NODE cannot turn the app into plain Node'],
    ['enableCookieEncryption', 'true', 'cookies are encrypted on disk'],
    ['enableNodeOptionsEnvironmentVariable', 'false', 'NODE_OPTIONS is ignored'],
    ['enableNodeCliInspectArguments', 'false', '--inspect and friends are ignored'],
    ['enableEmbeddedAsarIntegrityValidation', 'true', 'a tampered app.asar is refused'],
    ['onlyLoadAppFromAsar', 'true', 'the app is only loaded from app.asar'],
    ['grantFileProtocolExtraPrivileges', 'false', 'file:// pages get no extra privileges']
  ])('sets %s to %s (%s)', (fuse, value) => {
    expect(fuses.get(fuse)).toBe(value)
  })
})

describe('electron-builder contents', () => {
  it('packs the app into an ASAR archive', () => {
    expect(topLevel('asar')).toBe('true')
  })

  it('ships only the build output', () => {
    expect(config).toMatch(/^files:\n {2}- out\/\*\*\n(?! {2}-)/m)
  })
})

// The project's docs/CONTRACT.md is the shared master contract, line for line (the master sits beside the
// repository during development and CI; a fresh clone has only the copy, and then there is nothing to compare).

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const MASTER = join(ROOT, '..', 'shared', 'contract.md')
const COPY = join(ROOT, 'docs', 'CONTRACT.md')

describe('docs/CONTRACT.md', () => {
  it('exists in the project', () => {
    expect(existsSync(COPY)).toBe(true)
  })

  it.skipIf(!existsSync(MASTER))('holds every line of the shared master contract, in order', () => {
    const copy = readFileSync(COPY, 'utf8').split('\n')
    const master = readFileSync(MASTER, 'utf8').split('\n')
    // the copy may add its heading note; after it, the master's lines follow exactly
    expect(copy.slice(copy.length - master.length)).toEqual(master)
  })
})

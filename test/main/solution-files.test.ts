// Solution files: the suggested name, the extension, the bounded read.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readSolutionFile, suggestedFileName, withExtension, writeSolution } from '../../src/main/solution-files'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ninja-solutions-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('suggestedFileName', () => {
  it.each([
    ['backprop', 'py', 'backprop.py'],
    ['backprop.py', 'ipynb', 'backprop.ipynb'],
    ['../../etc/passwd', 'py', 'passwd.py'],
    ['C:\\Users\\x\\evil', 'py', 'evil.py'],
    ['...hidden', 'py', 'hidden.py'],
    ['bad<>:"|?*\u0001name', 'py', 'badname.py'],
    ['', 'ipynb', 'solution.ipynb'],
    ['backprop_ninja_class.csv', 'csv', 'backprop_ninja_class.csv'],
    ['   ', 'py', 'solution.py']
  ] as const)('%j as %s → %s', (name, kind, expected) => {
    expect(suggestedFileName(name, kind)).toBe(expected)
  })

  it('keeps names short', () => {
    expect(suggestedFileName('x'.repeat(500), 'py')).toHaveLength(103)
  })
})

describe('withExtension', () => {
  it('adds the kind’s extension when none was typed', async () => {
    expect(await withExtension(join(dir, 'mine'), 'py')).toBe(join(dir, 'mine.py'))
    expect(await withExtension(join(dir, 'mine.txt'), 'py')).toBe(join(dir, 'mine.txt'))
  })

  it('never redirects onto an existing file the dialog did not ask about', async () => {
    await writeFile(join(dir, 'mine.py'), 'precious')
    expect(await withExtension(join(dir, 'mine'), 'py')).toBe(join(dir, 'mine'))
  })
})

describe('writeSolution', () => {
  it('writes the text and reports the base name', async () => {
    const path = join(dir, 'solution.py')
    expect(await writeSolution(path, 'print(1)\n')).toStrictEqual({ status: 'saved', name: 'solution.py' })
    expect(await readFile(path, 'utf8')).toBe('print(1)\n')
  })

  it('reports a failure instead of throwing', async () => {
    const result = await writeSolution(join(dir, 'missing', 'solution.py'), 'x')
    expect(result).toMatchObject({ status: 'error' })
  })
})

describe('readSolutionFile', () => {
  it.each(['py', 'ipynb', 'txt', 'PY'])('opens a .%s file', async (extension) => {
    const path = join(dir, `mine.${extension}`)
    await writeFile(path, 'dprobs = ...\n')
    expect(await readSolutionFile(path)).toStrictEqual({
      status: 'opened',
      name: `mine.${extension}`,
      text: 'dprobs = ...\n',
      extension: extension.toLowerCase()
    })
  })

  it('refuses other extensions', async () => {
    const path = join(dir, 'mine.sh')
    await writeFile(path, 'rm -rf /')
    expect(await readSolutionFile(path)).toMatchObject({ status: 'error', message: 'mine.sh is not a .py, .ipynb or .txt file' })
  })

  it('refuses files over the limit, and accepts one exactly at it', async () => {
    const path = join(dir, 'big.py')
    await writeFile(path, 'x'.repeat(2 * 1024 * 1024 + 1))
    expect(await readSolutionFile(path)).toMatchObject({ status: 'error', message: 'big.py is larger than the 2 MB limit' })
    await writeFile(path, 'x'.repeat(1000))
    expect(await readSolutionFile(path, 999)).toMatchObject({ status: 'error' })
    expect(await readSolutionFile(path, 1000)).toMatchObject({ status: 'opened' })
  })

  it('refuses folders and missing files', async () => {
    await mkdir(join(dir, 'folder.py'))
    expect(await readSolutionFile(join(dir, 'folder.py'))).toMatchObject({ status: 'error' })
    expect(await readSolutionFile(join(dir, 'missing.py'))).toMatchObject({ status: 'error' })
  })
})

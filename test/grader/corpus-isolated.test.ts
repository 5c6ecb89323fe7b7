// Isolated mode on the corpus of learner files judged by real PyTorch: each file split into its cells, each cell run
// alone (true upstream gradients, the learner's own names as they were in the file), must reach PyTorch's verdict
// wherever that verdict is the cell's own, and never call a cell that passes in PyTorch an error. A verdict is not
// the cell's own where it comes from upstream (a failing or missing upstream node flows into it in PyTorch, which
// isolated mode replaces by the truth) or where the file stopped with an error before the cell was done.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { checkFile } from '../../src/core/cli/check'
import { splitCells } from '../../src/core/grader/cells'
import { corpusFile, model } from '../model'

interface Expected {
  config: Record<string, number>
  results: Record<string, { error: { kind: string; line: number } | null; nodes: Record<string, { status: string; borderline?: boolean; maxdiff?: number }> }>
}

const load = (name: string): Expected => JSON.parse(readFileSync(join(__dirname, `../fixtures/corpus/${name}`), 'utf8'))

const cases = ['expected_default.json', 'expected_odd.json'].flatMap((f) => {
  const expected = load(f)
  return Object.keys(expected.results).map((file) => [`${file} (${f.slice(9, -5)} config)`, file, expected] as const)
})

describe.each(cases)('the corpus file %s, cell by cell in isolated mode', (_label, file, expected) => {
  const want = expected.results[file]
  const m = model(expected.config)
  const text = corpusFile(file)
  const isolated = checkFile(m, text, true).result
  const chained = checkFile(m, text, false).result
  const split = splitCells(text)
  const lastLine = (k: string) => Math.max(0, ...(split.lineMaps.get(k) ?? [0]))
  const stopped = (k: string) => want.error !== null && (want.error.kind === 'syntax' || lastLine(k) >= want.error.line)
  const inherited = (k: string) => (m.upstream.get(k) ?? []).some((u) => want.nodes[u].status !== 'pass')
  const fair = (k: string) => !want.nodes[k].borderline && !(want.nodes[k].status === 'fail' && (want.nodes[k].maxdiff ?? 1) < 3e-8)

  it.each(CHECK_ORDER.filter(fair))('judges %s as PyTorch and chained mode do, where the verdict is its own', (k) => {
    const torch = want.nodes[k].status
    if (torch === 'pass') {
      expect(isolated.nodes[k].status, isolated.nodes[k].message).toBe('pass')
      expect(chained.nodes[k].status).toBe('pass')
    } else if (stopped(k)) {
      // the cell that raised is an error in isolated mode; a later one is judged on its own
      if (want.error?.kind === 'runtime' && split.lineMaps.get(k)?.includes(want.error.line)) expect(isolated.nodes[k].status).toBe('error')
    } else if (!inherited(k)) {
      expect(isolated.nodes[k].status, isolated.nodes[k].message).toBe(torch)
      expect(chained.nodes[k].status).toBe(torch)
    }
  })
})

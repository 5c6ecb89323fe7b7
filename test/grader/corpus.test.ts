import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Grader } from '../../src/core/grader/check'
import { corpusFile, model } from '../model'

interface Expected {
  results: Record<
    string,
    {
      error: { kind: string; line: number; message: string } | null
      nodes: Record<string, { status: string; borderline?: boolean; shape?: number[] }>
    }
  >
}

const expected = JSON.parse(readFileSync(join(__dirname, '../fixtures/corpus/expected_default.json'), 'utf8')) as Expected

describe.each(Object.keys(expected.results))('the corpus file %s, run as one notebook cell', (file) => {
  const want = expected.results[file]
  const { result } = new Grader(model()).checkChained(corpusFile(file))

  it('raises the error real PyTorch raised, at the same line', () => {
    if (want.error === null) expect(result.error).toBeNull()
    else {
      expect(result.error?.kind).toBe(want.error.kind)
      expect(result.error?.line).toBe(want.error.line)
    }
  })

  it.each(Object.keys(want.nodes).filter((k) => !want.nodes[k].borderline))('judges %s as PyTorch does', (node) => {
    expect(result.nodes[node].status).toBe(want.nodes[node].status)
    if (want.nodes[node].shape) expect(result.nodes[node].shape).toEqual(want.nodes[node].shape)
  })
})

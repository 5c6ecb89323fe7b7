// Every learner solution in the corpus parses, except the one PyTorch's run recorded as a syntax error, which
// fails with the same message at the same line.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from '../../src/core/lang/syntax/parser'

const dir = join(__dirname, '../fixtures/corpus')
const expected = JSON.parse(readFileSync(join(dir, 'expected_default.json'), 'utf8')) as {
  results: Record<string, { error: { kind: string; line: number; message: string } | null }>
}
const files = readdirSync(dir).filter((f) => f.endsWith('.py'))

describe('the learner corpus', () => {
  it('has files to parse', () => {
    expect(files.length).toBeGreaterThan(0)
  })

  it.each(files)('parses %s as CPython does', (file) => {
    const result = parse(readFileSync(join(dir, file), 'utf8'))
    const error = expected.results[file]?.error
    if (error?.kind === 'syntax') {
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect({ message: result.error.message, line: result.error.line }).toEqual({ message: error.message, line: error.line })
    } else {
      expect(result.ok ? 'ok' : result.error).toBe('ok')
    }
  })

  it("reports b08's unclosed parenthesis at the parenthesis itself", () => {
    const result = parse(readFileSync(join(dir, 'b08_syntax_error.py'), 'utf8'))
    expect(result).toMatchObject({ ok: false, error: { type: 'SyntaxError', line: 13, col: 6, endLine: 13, endCol: 7 } })
  })
})

// Hostile and huge inputs: the parser must answer quickly, never throw and never overflow the JS stack.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type * as A from '../../src/core/lang/syntax/ast'
import { parse, type ParseResult } from '../../src/core/lang/syntax/parser'
import { tokenize } from '../../src/core/lang/syntax/tokenizer'

/** Parses (the tests judge the result; how long it took is the benchmark's business). */
function timed(source: string): { result: ParseResult } {
  return { result: parse(source) }
}

/** Checks the shape every error must have: a known type, a message, and a position inside the source (or just past it). */
function expectWellFormed(result: ParseResult, source: string): void {
  if (result.ok) return
  const { error } = result
  const lines = source.split(/\r\n|\r|\n/).length
  expect(['SyntaxError', 'IndentationError']).toContain(error.type)
  expect(error.message.length).toBeGreaterThan(0)
  expect(error.line).toBeGreaterThanOrEqual(1)
  expect(error.line).toBeLessThanOrEqual(lines + 1)
  expect(error.col).toBeGreaterThanOrEqual(1)
  expect(error.endLine > error.line || (error.endLine === error.line && error.endCol > error.col)).toBe(true)
}

describe('pathological inputs', () => {
  it('rejects 100,000 nested parentheses quickly with CPython\'s message at the 201st', () => {
    const { result } = timed('('.repeat(100_000))
    expect(result).toMatchObject({ ok: false, error: { message: 'too many nested parentheses', line: 1, col: 201 } })
  })

  it('rejects 100,000 nested and closed parentheses the same way', () => {
    const { result } = timed('x = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000))
    expect(result).toMatchObject({ ok: false, error: { message: 'too many nested parentheses', col: 205 } })
  })

  it.each([
    ['brackets', (d: number) => '['.repeat(d) + ']'.repeat(d)],
    ['calls', (d: number) => 'f('.repeat(d) + ')'.repeat(d)],
    ['subscripts', (d: number) => 'a['.repeat(d) + '0' + ']'.repeat(d)],
    ['negated parentheses', (d: number) => '-('.repeat(d) + 'x' + ')'.repeat(d)]
  ])('parses 199 nested %s', (_, build) => {
    expectWellFormed(parse('x = ' + build(199)), '')
    expect(parse('x = ' + build(199)).ok).toBe(true)
  })

  it.each([
    ['unary minus', '-'.repeat(100_000) + '1'],
    ['not', 'not '.repeat(100_000) + 'x'],
    ['power', '2**'.repeat(100_000) + '1'],
    ['conditional', '1 if c else '.repeat(100_000) + '1'],
    ['lambda', 'lambda: '.repeat(100_000) + '1'],
    ['mixed prefixes and brackets', '-(not ~['.repeat(20_000) + '1' + '])'.repeat(20_000)]
  ])('rejects 100,000 nested %s with a clean error instead of a stack overflow', (_, body) => {
    const { result } = timed('x = ' + body + '\n')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/^(expression is nested too deeply|too many nested parentheses)$/)
  })

  it('accepts moderately deep nesting of every kind', () => {
    const source = 'x = ' + '-'.repeat(300) + '2**'.repeat(100) + '(' + 'not '.repeat(100) + '('.repeat(100) + 'a' + ')'.repeat(101) + '\n'
    expect(parse(source).ok).toBe(true)
  })

  it.each(['(b c ', 'f(b c ', 'a[b c ', '{b: c d ', '[b for b c in ', 'lambda: (b c '])(
    'words errors quickly even with 150 nested mistakes like %j (no exponential backtracking)',
    (shape) => {
      const closer = shape.includes('{') ? '}' : shape.includes('[') && !shape.includes('(') ? ']' : ')'
      for (const source of ['x = [a ' + shape.repeat(150) + '\n', 'x = [a ' + shape.repeat(150) + closer.repeat(150) + ']\n']) {
        const { result } = timed(source)
        expect(result.ok).toBe(false)
      }
    }
  )

  it('parses a 200,000-long attribute chain iteratively', () => {
    const { result } = timed('x = ' + 'a.'.repeat(200_000) + 'a\n')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const stmt = result.module.body[0] as A.Assign
    expect(stmt.value).toMatchObject({ kind: 'Attribute', attr: 'a', value: { kind: 'Attribute' } })
  })

  it('parses long call, subscript and operator chains', () => {
    expect(parse('x = f' + '()'.repeat(50_000) + '\n').ok).toBe(true)
    expect(parse('x = a' + '[0]'.repeat(50_000) + '\n').ok).toBe(true)
    expect(parse('x = a' + ' + a'.repeat(100_000) + '\n').ok).toBe(true)
    expect(parse('x = ' + '[1, '.repeat(150) + ']'.repeat(150) + '\n').ok).toBe(true)
  })

  it('parses 5 MB of repeated valid lines in a few seconds', () => {
    const block =
      'dhpreact = (1.0 - h**2) * dh  # tanh\n' +
      'for k in range(Xb.shape[0]):\n' +
      '    for j in range(Xb.shape[1]):\n' +
      '        dC[Xb[k, j]] += demb[k, j]\n' +
      "dlogits[range(n), Yb] -= 1; print(f'{dlogits.shape}')\n"
    const source = block.repeat(Math.ceil(5_000_000 / block.length))
    const { result } = timed(source)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.module.body.length).toBe(Math.ceil(5_000_000 / block.length) * 4)
  })

  it('parses an empty file and whitespace-only files', () => {
    for (const source of ['', '\n', '   ', '\t\n\n', '\r\n', '\uFEFF', '# just a comment']) {
      expect(parse(source)).toMatchObject({ ok: true, module: { body: [] } })
    }
  })

  it('rejects NUL bytes with a clean error', () => {
    expect(parse('\0')).toMatchObject({ ok: false, error: { message: 'invalid non-printable character U+0000' } })
    expect(parse('x = 1\n\0\0\0')).toMatchObject({ ok: false, error: { line: 2, col: 1 } })
    expect(parse("x = '\0'").ok).toBe(true)
  })

  it('never throws on random bytes', () => {
    let seed = 12345
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648)
    for (let round = 0; round < 200; round++) {
      let source = ''
      const length = next() % 400
      for (let i = 0; i < length; i++) source += String.fromCharCode(next() % 256)
      expectWellFormed(parse(source), source)
    }
  })

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (source) => {
        expectWellFormed(parse(source), source)
      }),
      { numRuns: 500 }
    )
  })

  const fragments = [
    '(', ')', '[', ']', '{', '}', 'x', 'y', '=', '==', '+', '-', '*', '**', '@', '/', '//', '.', ',', ':', ';',
    '\n', '\r\n', '    ', '\t', ' ', 'if', 'elif', 'else', 'for', 'in', 'while', 'def', 'return', 'lambda', 'not',
    'and', 'or', 'is', 'import', 'from', 'as', 'del', 'pass', 'break', 'class', 'yield', '1', '1.5', '1e-5', '0x1F',
    '"s"', "'''", '"', "f'{x}'", "f'{", '}', '\\', '\\\n', '#', '...', '+=', ':=', '->', '!', '$', '\0', 'é', '𝔘'
  ]

  it('never throws on soups of Python fragments, and reports well-formed errors', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), fc.boolean(), (parts, spaced) => {
        const source = parts.join(spaced ? ' ' : '')
        expectWellFormed(parse(source), source)
      }),
      { numRuns: 2000 }
    )
  })

  it('emits tokens in source order with consistent positions', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
        const tokens = tokenize(parts.join(' '))
        for (let i = 1; i < tokens.length; i++) {
          const a = tokens[i - 1]
          const b = tokens[i]
          expect(b.line > a.line || (b.line === a.line && b.col >= a.col) || b.kind === 'Error').toBe(true)
        }
        const last = tokens[tokens.length - 1]
        expect(['EndOfFile', 'Error']).toContain(last.kind)
      }),
      { numRuns: 500 }
    )
  })
})

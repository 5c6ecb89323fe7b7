import { describe, expect, it } from 'vitest'
import { tokenize } from '../../src/core/lang/syntax/tokenizer'
import type { Token } from '../../src/core/lang/syntax/tokens'

/** Each token as `Kind payload`, e.g. `Name x`, `Operator +=`, `Int 10`, `Indent`. */
function show(t: Token): string {
  switch (t.kind) {
    case 'Name': return `Name ${t.value}`
    case 'Keyword': return `Keyword ${t.keyword}`
    case 'Int': return `Int ${t.value}`
    case 'Float': return `Float ${t.value}`
    case 'String': return `String ${t.prefix}${t.quote}${t.body}${t.quote}`
    case 'Operator': return `Operator ${t.op}`
    case 'Error': return `Error ${t.error.message}`
    default: return t.kind
  }
}

const kinds = (source: string): string[] => tokenize(source).map(show)

/** Token kinds only, for layout tests. */
const layout = (source: string): string =>
  tokenize(source)
    .map((t) => (t.kind === 'Name' ? t.value : t.kind === 'Operator' ? t.op : t.kind === 'Keyword' ? t.keyword : t.kind))
    .join(' ')

function lastError(source: string): { message: string; line: number; col: number; cause: string; type: string } {
  const tokens = tokenize(source)
  const last = tokens[tokens.length - 1]
  if (last.kind !== 'Error') return expect.fail(`expected an error token, got ${last.kind}`)
  return { message: last.error.message, line: last.line, col: last.col, cause: last.cause, type: last.error.type }
}

describe('the tokenizer', () => {
  it('splits a simple assignment into tokens ending with NEWLINE and EndOfFile', () => {
    expect(kinds('dh = dlogits @ W2.T')).toEqual([
      'Name dh', 'Operator =', 'Name dlogits', 'Operator @', 'Name W2', 'Operator .', 'Name T', 'Newline', 'EndOfFile'
    ])
  })

  it('gives every token 1-based line, column and exclusive end column', () => {
    const [a, eq, b] = tokenize('ab = 12\n')
    expect([a.line, a.col, a.endLine, a.endCol]).toEqual([1, 1, 1, 3])
    expect([eq.line, eq.col, eq.endCol]).toEqual([1, 4, 5])
    expect([b.col, b.endCol]).toEqual([6, 8])
  })

  it('counts columns in code points, so astral characters take one column', () => {
    const tokens = tokenize("s = '𝔘𝔘' + x")
    const x = tokens.find((t) => t.kind === 'Name' && t.value === 'x')
    expect(x?.col).toBe(12)
  })

  it('counts a tab as one column', () => {
    const tokens = tokenize('a =\t1')
    expect(tokens[2].col).toBe(5)
  })

  it('produces an empty stream for an empty file', () => {
    expect(kinds('')).toEqual(['EndOfFile'])
  })

  it.each([
    ['the longest operator first', 'a **= b //= c >>= d <<= e', ['**=', '//=', '>>=', '<<=']],
    ['matrix multiplication', 'a @ b @= c', ['@', '@=']],
    ['arrows and comparisons', 'a -> b != c <= d >= e == f', ['->', '!=', '<=', '>=', '==']],
    ['the walrus and diamond (for the parser to reject)', 'a := b <> c', [':=', '<>']],
    ['an ellipsis apart from a dot', 'a[..., 0].b', ['[', '...', ',', ']', '.']]
  ])('recognises %s', (_, source, expected) => {
    const ops = tokenize(source).flatMap((t) => (t.kind === 'Operator' ? [t.op] : []))
    expect(ops).toEqual(expect.arrayContaining(expected))
    for (const op of expected) expect(ops).toContain(op)
  })

  it('tells keywords from names, leaving soft keywords as names', () => {
    expect(kinds('if match and _ or not None')).toEqual([
      'Keyword if', 'Name match', 'Keyword and', 'Name _', 'Keyword or', 'Keyword not', 'Keyword None', 'Newline', 'EndOfFile'
    ])
  })

  it('accepts Unicode identifiers and NFKC-normalises them', () => {
    expect(kinds('é = ﬁ')).toEqual(['Name é', 'Operator =', 'Name fi', 'Newline', 'EndOfFile'])
  })

  describe('numbers', () => {
    it.each([
      ['1', 'Int 1'],
      ['1_000', 'Int 1000'],
      ['0x1F', 'Int 31'],
      ['0o7', 'Int 7'],
      ['0b101', 'Int 5'],
      ['0_0', 'Int 0'],
      ['123456789012345678901234567890', 'Int 123456789012345678901234567890'],
      ['1e-5', 'Float 0.00001'],
      ['1.', 'Float 1'],
      ['.5', 'Float 0.5'],
      ['1_000.000_1e1_0', 'Float 10000001000000'],
      ['1E3', 'Float 1000'],
      ['077e1', 'Float 770']
    ])('reads %s as %s', (source, expected) => {
      expect(kinds(source)[0]).toBe(expected)
    })

    it('keeps big integers exact as bigint', () => {
      const [t] = tokenize('10000000000000000000001')
      expect(t.kind === 'Int' && t.value).toBe(10000000000000000000001n)
    })

    it('reads 10**12 as an integer, an operator and an integer', () => {
      expect(kinds('10**12').slice(0, 3)).toEqual(['Int 10', 'Operator **', 'Int 12'])
    })

    it('allows a keyword glued to a number, as CPython still does', () => {
      expect(kinds('1if x else 2').slice(0, 2)).toEqual(['Int 1', 'Keyword if'])
    })
  })

  describe('strings', () => {
    it.each([
      ["'abc'", "String 'abc'"],
      ['"a\\"b"', 'String "a\\"b"'],
      ["'''a\nb'''", "String '''a\nb'''"],
      ["r'\\d'", "String r'\\d'"],
      ["b'x'", "String b'x'"],
      ["Rb'x'", "String Rb'x'"],
      ["f'{x}'", "String f'{x}'"]
    ])('reads %j raw, leaving decoding to the parser', (source, expected) => {
      expect(kinds(source)[0]).toBe(expected)
    })

    it('marks prefixes as raw, bytes or format', () => {
      const [t] = tokenize("rB'x'")
      expect(t.kind === 'String' && [t.isRaw, t.isBytes, t.isFormat]).toEqual([true, true, false])
    })

    it('records where a triple-quoted string ends on a later line', () => {
      const [t] = tokenize("x = '''a\nbc''' + 1")
      const s = tokenize("x = '''a\nbc''' + 1")[2]
      expect(t.kind).toBe('Name')
      expect([s.line, s.col, s.endLine, s.endCol]).toEqual([1, 5, 2, 6])
    })

    it('treats a prefix-like name followed by a quote as a name when the prefix is invalid', () => {
      expect(kinds("ur'x'").slice(0, 2)).toEqual(['Name ur', "String 'x'"])
    })
  })

  describe('layout', () => {
    it('emits INDENT and DEDENT around a block', () => {
      expect(layout('if x:\n    y = 1\nz = 2\n')).toBe(
        'if x : Newline Indent y = Int Newline Dedent z = Int Newline EndOfFile'
      )
    })

    it('closes every open block at the end of the file', () => {
      expect(layout('for i in r:\n  for j in r:\n    a\n')).toBe(
        'for i in r : Newline Indent for j in r : Newline Indent a Newline Dedent Dedent EndOfFile'
      )
    })

    it('emits one DEDENT per closed level when unindenting several at once', () => {
      expect(layout('if a:\n if b:\n  c\nd')).toBe(
        'if a : Newline Indent if b : Newline Indent c Newline Dedent Dedent d Newline EndOfFile'
      )
    })

    it('adds the final NEWLINE when the file does not end with one', () => {
      expect(layout('x')).toBe('x Newline EndOfFile')
    })

    it.each([
      ['blank lines', 'if x:\n    a\n\n    b\n'],
      ['lines of spaces only', 'if x:\n    a\n        \n    b\n'],
      ['comment-only lines at any indentation', 'if x:\n    a\n# c\n  # d\n            # e\n    b\n'],
      ['a trailing comment', 'if x:  # why\n    a  # note\n    b\n'],
      ['CRLF line endings', 'if x:\r\n    a\r\n    b\r\n'],
      ['lone CR line endings', 'if x:\r    a\r    b\r'],
      ['a UTF-8 BOM', '\uFEFFif x:\n    a\n    b\n'],
      ['tabs', 'if x:\n\ta\n\tb\n'],
      ['a backslash continuation', 'if x:\n    a = \\\n1\n    b\n'],
      ['brackets spanning lines', 'if x:\n    a = (1,\n2,\n  3)\n    b\n']
    ])('ignores %s for indentation', (_, source) => {
      const shape = layout(source).replace(/ Int/g, '').replace(/ , /g, ' ')
      expect(shape).toMatch(/^if x : Newline Indent a .*Newline b Newline Dedent EndOfFile$/)
      expect(tokenize(source).filter((t) => t.kind === 'Indent')).toHaveLength(1)
    })

    it('joins lines inside brackets without NEWLINE tokens', () => {
      expect(layout('f(a,\n  b)\n')).toBe('f ( a , b ) Newline EndOfFile')
    })

    it('joins lines after a backslash', () => {
      expect(layout('x = a + \\\n    b\n')).toBe('x = a + b Newline EndOfFile')
    })

    it('expands a tab to the next multiple of 8, as CPython does', () => {
      // Two spaces and a tab reach column 8; eight more spaces make a deeper level.
      expect(layout('if x:\n  \ta\n  \tif y:\n  \t        b\n')).toBe(
        'if x : Newline Indent a Newline if y : Newline Indent b Newline Dedent Dedent EndOfFile'
      )
      // Seven spaces are less than a tab's 8, so this line closes the block without matching the outer level.
      expect(lastError('if x:\n\ta\n       b\n').message).toBe('unindent does not match any outer indentation level')
    })

    it('rejects indentation whose meaning depends on the tab size (TabError)', () => {
      expect(lastError('if x:\n        a\n\tb\n')).toMatchObject({
        message: 'inconsistent use of tabs and spaces in indentation',
        type: 'IndentationError',
        line: 3
      })
    })

    it('positions tokens on CRLF files by line as if they had LF endings', () => {
      const tokens = tokenize('a = 1\r\nbb = 2\r\n')
      const bb = tokens.find((t) => t.kind === 'Name' && t.value === 'bb')
      expect([bb?.line, bb?.col]).toEqual([2, 1])
    })
  })

  describe('errors', () => {
    it.each([
      ['a $ b', "invalid character '$' (U+0024)", 1, 3],
      ['a ? b', "invalid character '?' (U+003F)", 1, 3],
      ['a ` b', "invalid character '`' (U+0060)", 1, 3],
      ['x = €', "invalid character '€' (U+20AC)", 1, 5],
      ['x = \u00a0 1', 'invalid non-printable character U+00A0', 1, 5],
      ['x\0', 'invalid non-printable character U+0000', 1, 2],
      ['x = 1\n\uFEFFy', 'invalid non-printable character U+FEFF', 2, 1],
      ["x = 'abc", 'unterminated string literal (detected at line 1)', 1, 5],
      ["x = 'ab\\\ncd", 'unterminated string literal (detected at line 2)', 1, 5],
      ["x = '''abc\n\n", 'unterminated triple-quoted string literal (detected at line 2)', 1, 5],
      ['x = 1abc', 'invalid decimal literal', 1, 5],
      ['x = 1_', 'invalid decimal literal', 1, 6],
      ['x = 1__0', 'invalid decimal literal', 1, 6],
      ['1e+', 'invalid decimal literal', 1, 3],
      ['1.__class__', 'invalid decimal literal', 1, 2],
      ['0x', 'invalid hexadecimal literal', 1, 2],
      ['0o8', "invalid digit '8' in octal literal", 1, 3],
      ['0b2', "invalid digit '2' in binary literal", 1, 3],
      ['012', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', 1, 1],
      ['x = 1j', "imaginary numbers like '1j' are not supported in Backprop Ninja", 1, 5],
      ['print(x))', "unmatched ')'", 1, 9],
      ['f(a]', "closing parenthesis ']' does not match opening parenthesis '('", 1, 4],
      ['f(a\n]', "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 1],
      ['x = \\ 1', 'unexpected character after line continuation character', 1, 6],
      ['x = 1 + \\', 'unexpected EOF while parsing', 1, 10],
      ['x = 1 + \\\n', 'unexpected EOF while parsing', 1, 10]
    ])('reports %j as a tokenizer error: %s at %i:%i', (source, message, line, col) => {
      const error = lastError(source)
      expect(error).toMatchObject({ message, line, col, cause: expect.stringMatching(/^(hard|soft)$/), type: 'SyntaxError' })
    })

    it("reports a bracket left open at the end as \"'(' was never closed\" at the bracket", () => {
      expect(lastError('x = [1,\n2, (3)\n')).toMatchObject({ message: "'[' was never closed", line: 1, col: 5, cause: 'unclosed' })
    })

    it('stops at 200 nested brackets, like CPython', () => {
      expect(lastError('('.repeat(1000))).toMatchObject({ message: 'too many nested parentheses', line: 1, col: 201 })
    })

    it.each([
      ['if x:\n    a\n  b', 'unindent does not match any outer indentation level', 3],
      ['if x:\n\tif y:\n        a', 'inconsistent use of tabs and spaces in indentation', 3]
    ])('reports %j as an IndentationError', (source, message, line) => {
      expect(lastError(source)).toMatchObject({ message, line, type: 'IndentationError', cause: 'soft' })
    })

    it('allows 99 levels of indentation and rejects the 100th', () => {
      const nest = (k: number): string =>
        Array.from({ length: k }, (_, d) => ' '.repeat(d) + 'if x:\n').join('') + ' '.repeat(k) + 'pass\n'
      expect(tokenize(nest(99)).at(-1)?.kind).toBe('EndOfFile')
      expect(lastError(nest(100))).toMatchObject({ message: 'too many levels of indentation', line: 101 })
    })
  })

  it('tokenizes a lone expression without layout tokens, starting at a given position', () => {
    const tokens = tokenize('a +\n b', { expression: true, line: 3, col: 7 })
    expect(tokens.map(show)).toEqual(['Name a', 'Operator +', 'Name b', 'EndOfFile'])
    expect([tokens[0].line, tokens[0].col]).toEqual([3, 7])
    expect([tokens[2].line, tokens[2].col]).toEqual([4, 2])
  })
})

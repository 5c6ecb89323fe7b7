// Stage 1: source text to tokens, including NEWLINE/INDENT/DEDENT, following CPython 3.11's tokenizer rules.
import { indentationError, pointSpan, syntaxError, type SyntaxErrorInfo } from './errors'
import {
  KEYWORDS,
  OPERATORS,
  type Operator,
  type Span,
  type StringToken,
  type Token,
  type TokenErrorCause
} from './tokens'

/** CPython's MAXLEVEL: deeper bracket nesting is "too many nested parentheses". */
export const MAX_BRACKET_DEPTH = 200
/** CPython allows 99 indentation levels (MAXINDENT 100 counts the base level). */
export const MAX_INDENT_LEVELS = 99
const TAB_SIZE = 8

export interface TokenizeOptions {
  /** Position of the first character, 1:1 by default; f-string fields start mid-line. */
  readonly line?: number
  readonly col?: number
  /** Tokenize a lone expression as if inside brackets: newlines are whitespace, no NEWLINE/INDENT/DEDENT. */
  readonly expression?: boolean
}

/** Tokenizes `source`; the stream ends with EndOfFile, or with an Error token where tokenizing stopped. Never throws. */
export function tokenize(source: string, options: TokenizeOptions = {}): readonly Token[] {
  const stream = new TokenStream(source, options)
  stream.last()
  return stream.buffered()
}

/**
 * Tokens produced on demand, so a parser can let go of the tokens of statements it has finished: on a 5 MB file
 * that keeps memory (and garbage collection) small. Indices are absolute; reading past the end gives the final
 * token (EndOfFile or Error) again. Never throws.
 */
export class TokenStream {
  private readonly tokenizer: Tokenizer
  /** Absolute index of `tokenizer.tokens[0]`. */
  private base = 0

  constructor(source: string, options: TokenizeOptions = {}) {
    let text = source
    if (!options.expression && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    // Universal newlines, as CPython reads source: CRLF and lone CR both end a line.
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n')
    this.tokenizer = new Tokenizer(text, options)
  }

  /** The token at absolute `index` (which must not have been released). */
  at(index: number): Token {
    const tokens = this.tokenizer.tokens
    const i = index - this.base
    if (i >= tokens.length) {
      this.tokenizer.fill(i + 1)
      if (i >= tokens.length) return tokens[tokens.length - 1]
    }
    return tokens[i]
  }

  /** Forgets the tokens before absolute `index`. */
  release(index: number): void {
    const count = Math.min(index - this.base, this.tokenizer.tokens.length - 1)
    if (count <= 0) return
    this.tokenizer.tokens.splice(0, count)
    this.base += count
  }

  /** Tokenizes the rest of the input and returns the final token (EndOfFile or Error). */
  last(): Token {
    this.tokenizer.fill(Infinity)
    const tokens = this.tokenizer.tokens
    return tokens[tokens.length - 1]
  }

  /** The tokens currently held. */
  buffered(): readonly Token[] {
    return this.tokenizer.tokens
  }
}

/** Valid string prefixes (lower-cased); `u` cannot combine with anything, `b` cannot combine with `f`. */
const STRING_PREFIXES: ReadonlySet<string> = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf'])

/** Keywords CPython still accepts glued to a number (`1if x else y`), so `1i...` is not an invalid literal. */
const KEYWORDS_AFTER_NUMBER: readonly string[] = ['and', 'else', 'for', 'if', 'in', 'is', 'not', 'or']

/** Operators grouped by first character, longest first, so matching needs no substrings. */
const OPERATORS_BY_FIRST_CHAR: ReadonlyMap<number, readonly Operator[]> = (() => {
  const groups = new Map<number, Operator[]>()
  for (const op of OPERATORS.values()) {
    const group = groups.get(op.charCodeAt(0)) ?? []
    group.push(op)
    groups.set(op.charCodeAt(0), group)
  }
  for (const group of groups.values()) group.sort((a, b) => b.length - a.length)
  return groups
})()

const CLOSER_OF: ReadonlyMap<string, string> = new Map([[')', '('], [']', '['], ['}', '{']])

// XID_Start / XID_Continue, approximated with general categories.
const ID_START = /^[\p{L}\p{Nl}_]$/u
const ID_CONTINUE = /^[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]$/u
// Python's str.isprintable() is false for these categories (space excepted).
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u

/** Internal control flow: the first tokenizer error ends the stream. */
class TokenizeFailure {
  constructor(
    readonly error: SyntaxErrorInfo,
    readonly cause: TokenErrorCause
  ) {}
}

interface OpenBracket {
  readonly char: string
  readonly line: number
  readonly col: number
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
const isOctDigit = (c: number): boolean => c >= 48 && c <= 55
const isBinDigit = (c: number): boolean => c === 48 || c === 49
const isAsciiIdStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
const isAsciiIdChar = (c: number): boolean => isAsciiIdStart(c) || isDigit(c)
/** CPython treats every non-ASCII character as a potential identifier character, then validates. */
const isPotentialIdChar = (c: number): boolean => isAsciiIdChar(c) || c >= 128

class Tokenizer {
  private readonly src: string
  private readonly n: number
  private readonly expressionMode: boolean
  private readonly firstLine: number
  private readonly firstColBase: number
  private readonly hasSurrogates: boolean
  /** Produced and not yet released tokens; TokenStream owns the indexing. */
  readonly tokens: Token[] = []
  private done = false
  private readonly indents: number[] = [0]
  /** Indentation measured with tabs as one column; CPython's TabError check compares both measures. */
  private readonly altIndents: number[] = [0]
  private readonly brackets: OpenBracket[] = []
  private i = 0
  private line: number
  private lineStart = 0
  private atLineStart: boolean
  /** The current logical line has produced a token, so its end emits NEWLINE. */
  private lineHasContent = false
  /** Index where a comment starts on the current line, or -1: CPython's NEWLINE token starts there. */
  private commentStart = -1
  // Incremental code-point counting for lines with surrogate pairs: tokens arrive in order.
  private cpLineStart = -1
  private cpIndex = 0
  private cpCount = 0

  constructor(src: string, options: TokenizeOptions) {
    this.src = src
    this.n = src.length
    this.expressionMode = options.expression === true
    this.firstLine = options.line ?? 1
    this.firstColBase = (options.col ?? 1) - 1
    this.line = this.firstLine
    this.atLineStart = !this.expressionMode
    this.hasSurrogates = /[\uD800-\uDFFF]/.test(src)
  }

  /** Tokenizes until `count` tokens are buffered or the input is used up; the first error ends the stream. */
  fill(count: number): void {
    if (this.done) return
    try {
      this.scan(count)
    } catch (e) {
      if (!(e instanceof TokenizeFailure)) throw e
      this.done = true
      const { line, col, endLine, endCol } = e.error
      const open = this.brackets[this.brackets.length - 1]
      const unclosed = open === undefined ? null : syntaxError(`'${open.char}' was never closed`, pointSpan(open.line, open.col))
      this.tokens.push({ kind: 'Error', line, col, endLine, endCol, error: e.error, cause: e.cause, unclosed })
    }
  }

  /** 1-based column of index `i`, which must lie on the current line. */
  private colAt(i: number): number {
    const base = this.line === this.firstLine ? this.firstColBase : 0
    if (!this.hasSurrogates) return base + i - this.lineStart + 1
    if (this.cpLineStart !== this.lineStart || i < this.cpIndex) {
      this.cpLineStart = this.lineStart
      this.cpIndex = this.lineStart
      this.cpCount = 0
    }
    const s = this.src
    for (let k = this.cpIndex; k < i; k++) {
      const c = s.charCodeAt(k)
      const low = c >= 0xdc00 && c <= 0xdfff
      const afterHigh = k > this.lineStart && s.charCodeAt(k - 1) >= 0xd800 && s.charCodeAt(k - 1) <= 0xdbff
      if (!(low && afterHigh)) this.cpCount++
    }
    this.cpIndex = i
    return base + this.cpCount + 1
  }

  private newLineAt(i: number): void {
    this.line++
    this.lineStart = i
  }

  private fail(message: string, span: Span, cause: TokenErrorCause = 'hard'): never {
    throw new TokenizeFailure(syntaxError(message, span), cause)
  }

  /** CPython places most number errors just before the offending character; `j` is that character's index. */
  private failBefore(j: number, message: string): never {
    this.fail(message, pointSpan(this.line, Math.max(1, this.colAt(j) - 1)))
  }

  private span(startLine: number, startCol: number, end: number): Span {
    return { line: startLine, col: startCol, endLine: this.line, endCol: this.colAt(end) }
  }

  private scan(count: number): void {
    const s = this.src
    const n = this.n
    while (this.tokens.length < count) {
      if (this.atLineStart) {
        this.atLineStart = false
        if (this.brackets.length === 0) this.indentation()
      }
      let c = s.charCodeAt(this.i)
      while (c === 32 || c === 9 || c === 12) c = s.charCodeAt(++this.i)
      if (this.i >= n) {
        this.done = true
        return this.finish()
      }
      if (c === 35) {
        // A comment runs to the end of the line; the newline itself is handled below.
        this.commentStart = this.i
        const nl = s.indexOf('\n', this.i)
        this.i = nl < 0 ? n : nl
        continue
      }
      if (c === 10) {
        if (this.brackets.length === 0 && !this.expressionMode && this.lineHasContent) {
          const col = this.colAt(this.commentStart >= 0 ? this.commentStart : this.i)
          this.tokens.push({ kind: 'Newline', line: this.line, col, endLine: this.line, endCol: col + 1 })
          this.lineHasContent = false
        }
        this.commentStart = -1
        this.i++
        this.newLineAt(this.i)
        this.atLineStart = !this.expressionMode
        continue
      }
      if (c === 92) {
        this.backslash()
        continue
      }
      this.lineHasContent = true
      if (isAsciiIdStart(c) || c >= 128) this.identifierOrString()
      else if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(this.i + 1)))) this.number()
      else if (c === 39 || c === 34) this.string(this.i, '')
      else this.operator()
    }
  }

  /** Explicit line joining: a backslash must be the last character of its line. */
  private backslash(): void {
    const s = this.src
    const col = this.colAt(this.i)
    if (s.charCodeAt(this.i + 1) === 10) {
      if (this.i + 2 >= this.n) this.fail('unexpected EOF while parsing', pointSpan(this.line, col + 1), 'soft')
      this.i += 2
      this.newLineAt(this.i)
      return
    }
    if (this.i + 1 >= this.n) this.fail('unexpected EOF while parsing', pointSpan(this.line, col + 1), 'soft')
    this.fail('unexpected character after line continuation character', pointSpan(this.line, col + 1), 'soft')
  }

  /** Measures the indentation of a new physical line and emits INDENT/DEDENT tokens. */
  private indentation(): void {
    const s = this.src
    let width = 0
    let alt = 0
    let j = this.i
    for (;; j++) {
      const c = s.charCodeAt(j)
      if (c === 32) {
        width++
        alt++
      } else if (c === 9) {
        width = (Math.floor(width / TAB_SIZE) + 1) * TAB_SIZE
        alt++
      } else if (c === 12) {
        // A form feed resets the column, as in CPython.
        width = 0
        alt = 0
      } else break
    }
    const c = s.charCodeAt(j)
    // Blank and comment-only lines do not take part in indentation.
    if (j >= this.n || c === 10 || c === 35) return
    const startCol = this.colAt(this.i)
    const firstCol = this.colAt(j)
    const lineSpan: Span = { line: this.line, col: firstCol, endLine: this.line, endCol: firstCol + 1 }
    const tabError = (): never => {
      throw new TokenizeFailure(
        indentationError('inconsistent use of tabs and spaces in indentation', lineSpan),
        'soft'
      )
    }
    const top = this.indents.length - 1
    if (width === this.indents[top]) {
      if (alt !== this.altIndents[top]) tabError()
    } else if (width > this.indents[top]) {
      if (this.indents.length > MAX_INDENT_LEVELS) {
        throw new TokenizeFailure(
          indentationError('too many levels of indentation', lineSpan),
          'soft'
        )
      }
      if (alt <= this.altIndents[top]) tabError()
      this.indents.push(width)
      this.altIndents.push(alt)
      this.tokens.push({ kind: 'Indent', line: this.line, col: startCol, endLine: this.line, endCol: firstCol })
    } else {
      let level = top
      while (level > 0 && width < this.indents[level]) level--
      if (width !== this.indents[level]) {
        throw new TokenizeFailure(
          indentationError('unindent does not match any outer indentation level', lineSpan),
          'soft'
        )
      }
      if (alt !== this.altIndents[level]) tabError()
      while (this.indents.length - 1 > level) {
        this.indents.pop()
        this.altIndents.pop()
        this.tokens.push({ kind: 'Dedent', line: this.line, col: firstCol, endLine: this.line, endCol: firstCol })
      }
    }
    this.i = j
  }

  /** End of input: an unclosed bracket is an error; otherwise close the last line and every open block. */
  private finish(): void {
    const last = this.brackets[this.brackets.length - 1]
    if (last !== undefined) {
      // The Error token's `unclosed` repeats this error (see fill).
      this.fail(`'${last.char}' was never closed`, pointSpan(last.line, last.col), 'unclosed')
    }
    const endCol = this.colAt(this.n)
    if (this.expressionMode) {
      this.tokens.push({ kind: 'EndOfFile', line: this.line, col: endCol, endLine: this.line, endCol })
      return
    }
    if (this.lineHasContent) {
      const col = this.commentStart >= 0 ? this.colAt(this.commentStart) : endCol
      this.tokens.push({ kind: 'Newline', line: this.line, col, endLine: this.line, endCol: Math.max(endCol, col + 1) })
    }
    // Like CPython's ENDMARKER, the end sits at the start of the line after the last one.
    const endsWithNewline = this.n === 0 || this.src.charCodeAt(this.n - 1) === 10
    const line = endsWithNewline ? this.line : this.line + 1
    while (this.indents.length > 1) {
      this.indents.pop()
      this.tokens.push({ kind: 'Dedent', line, col: 1, endLine: line, endCol: 1 })
    }
    this.tokens.push({ kind: 'EndOfFile', line, col: 1, endLine: line, endCol: 1 })
  }

  private identifierOrString(): void {
    const s = this.src
    const start = this.i
    let j = start
    let ascii = true
    for (;;) {
      const c = s.charCodeAt(j)
      if (isAsciiIdChar(c)) j++
      else if (c >= 128) {
        ascii = false
        j++
      } else break
    }
    const q = s.charCodeAt(j)
    if ((q === 39 || q === 34) && ascii && j - start <= 2) {
      const prefix = s.slice(start, j)
      if (STRING_PREFIXES.has(prefix.toLowerCase())) {
        this.string(start, prefix)
        return
      }
    }
    let text = s.slice(start, j)
    const col = this.colAt(start)
    if (!ascii) {
      this.checkIdentifier(text, start)
      text = text.normalize('NFKC')
    }
    this.i = j
    const keyword = KEYWORDS.get(text)
    const endCol = this.colAt(j)
    if (keyword !== undefined) {
      this.tokens.push({ kind: 'Keyword', line: this.line, col, endLine: this.line, endCol, keyword })
    } else {
      this.tokens.push({ kind: 'Name', line: this.line, col, endLine: this.line, endCol, value: text })
    }
  }

  /** Reports the first code point that cannot be part of an identifier, as CPython's verify_identifier does. */
  private checkIdentifier(text: string, start: number): void {
    let offset = 0
    let first = true
    for (const ch of text) {
      const ok = first ? ID_START.test(ch) : ID_START.test(ch) || ID_CONTINUE.test(ch)
      if (!ok) this.invalidCharacter(start + offset)
      offset += ch.length
      first = false
    }
  }

  private invalidCharacter(j: number): never {
    const cp = this.src.codePointAt(j) ?? 0
    const ch = String.fromCodePoint(cp)
    const hex = cp.toString(16).toUpperCase().padStart(4, '0')
    const message = NON_PRINTABLE.test(ch)
      ? `invalid non-printable character U+${hex}`
      : `invalid character '${ch}' (U+${hex})`
    this.fail(message, pointSpan(this.line, this.colAt(j)))
  }

  private string(start: number, prefix: string): void {
    const s = this.src
    const n = this.n
    const startLine = this.line
    const startCol = this.colAt(start)
    let j = start + prefix.length
    const q = s.charCodeAt(j)
    const triple = s.charCodeAt(j + 1) === q && s.charCodeAt(j + 2) === q
    const quoteLength = triple ? 3 : 1
    const quote = s.slice(j, j + quoteLength)
    j += quoteLength
    const bodyStart = j
    const bodyCol = this.colAt(j)
    const unterminated = (detectedAt: number): never =>
      this.fail(
        `unterminated ${triple ? 'triple-quoted ' : ''}string literal (detected at line ${detectedAt})`,
        pointSpan(startLine, startCol)
      )
    for (;;) {
      if (j >= n) {
        // CPython names the line holding the last character of the file.
        unterminated(n > 0 && s.charCodeAt(n - 1) === 10 && this.line > startLine ? this.line - 1 : this.line)
      }
      const c = s.charCodeAt(j)
      if (c === 10) {
        if (!triple) unterminated(this.line)
        j++
        this.newLineAt(j)
        continue
      }
      if (c === 92) {
        // A backslash always protects the next character from ending the string, even in raw strings.
        if (j + 1 >= n) {
          j++
          continue
        }
        j += 2
        if (s.charCodeAt(j - 1) === 10) this.newLineAt(j)
        continue
      }
      if (c === q && (!triple || (s.charCodeAt(j + 1) === q && s.charCodeAt(j + 2) === q))) break
      j++
    }
    const body = s.slice(bodyStart, j)
    j += quoteLength
    this.i = j
    const lower = prefix.toLowerCase()
    const token: StringToken = {
      kind: 'String',
      ...this.span(startLine, startCol, j),
      prefix,
      quote,
      body,
      bodyLine: startLine,
      bodyCol,
      isRaw: lower.includes('r'),
      isBytes: lower.includes('b'),
      isFormat: lower.includes('f')
    }
    this.tokens.push(token)
  }

  /** Numbers, following CPython's tok_get so that the same inputs fail with the same messages. */
  private number(): void {
    const s = this.src
    const start = this.i
    const col = this.colAt(start)
    let j = start
    const c0 = s.charCodeAt(j)
    const c1 = s.charCodeAt(j + 1) | 0x20
    if (c0 === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
      const [kind, isRadixDigit] =
        c1 === 120
          ? (['hexadecimal', isHexDigit] as const)
          : c1 === 111
            ? (['octal', isOctDigit] as const)
            : (['binary', isBinDigit] as const)
      j += 2
      let c = s.charCodeAt(j)
      for (;;) {
        if (c === 95) c = s.charCodeAt(++j)
        if (!isRadixDigit(c)) {
          if (kind !== 'hexadecimal' && isDigit(c)) {
            this.fail(`invalid digit '${s[j]}' in ${kind} literal`, pointSpan(this.line, this.colAt(j)))
          }
          this.failBefore(j, `invalid ${kind} literal`)
        }
        do c = s.charCodeAt(++j)
        while (isRadixDigit(c))
        if (c !== 95) break
      }
      if (kind !== 'hexadecimal' && isDigit(c)) {
        this.fail(`invalid digit '${s[j]}' in ${kind} literal`, pointSpan(this.line, this.colAt(j)))
      }
      this.endOfNumber(j, kind)
      this.pushNumber(start, col, j, false)
      return
    }
    let isFloat = false
    let fraction = false
    let c = c0
    if (c0 === 48) {
      // Zeros, possibly with underscores; a later non-zero digit makes an old-style octal, which is an error.
      for (;;) {
        if (c === 95) {
          c = s.charCodeAt(++j)
          if (!isDigit(c)) this.failBefore(j, 'invalid decimal literal')
        }
        if (c !== 48) break
        c = s.charCodeAt(++j)
      }
      let nonZeroAt = -1
      if (isDigit(c)) {
        nonZeroAt = j
        j = this.decimalTail(j)
        c = s.charCodeAt(j)
      }
      // `0123` is an error, `0123.5`, `0123e1` and `0123j` are not
      if (nonZeroAt >= 0 && c !== 46 && (c | 0x20) !== 101 && (c | 0x20) !== 106) {
        this.fail(
          'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          { line: this.line, col, endLine: this.line, endCol: this.colAt(nonZeroAt) }
        )
      }
    } else if (c0 !== 46) {
      j = this.decimalTail(j)
      c = s.charCodeAt(j)
    }
    if (c === 46) {
      j++
      fraction = true
      c = s.charCodeAt(j)
    }
    if (fraction) {
      isFloat = true
      if (isDigit(c)) {
        j = this.decimalTail(j)
        c = s.charCodeAt(j)
      }
    }
    if ((c | 0x20) === 101) {
      const eAt = j
      c = s.charCodeAt(++j)
      if (c === 43 || c === 45) {
        c = s.charCodeAt(++j)
        if (!isDigit(c)) this.failBefore(j, 'invalid decimal literal')
      } else if (!isDigit(c)) {
        // Not an exponent after all: `1else` is a number then a keyword, `1ex` is an error.
        this.endOfNumber(eAt, 'decimal')
        this.pushNumber(start, col, eAt, isFloat)
        return
      }
      j = this.decimalTail(j)
      c = s.charCodeAt(j)
      isFloat = true
    }
    if ((c | 0x20) === 106) {
      j++
      this.endOfNumber(j, 'imaginary')
      const text = s.slice(start, j)
      this.fail(`imaginary numbers like '${text}' are not supported in Backprop Ninja`, this.span(this.line, col, j))
    }
    this.endOfNumber(j, 'decimal')
    this.pushNumber(start, col, j, isFloat)
  }

  /** Digits with single underscores between them, starting at a digit; returns the index after them. */
  private decimalTail(from: number): number {
    const s = this.src
    let j = from
    for (;;) {
      while (isDigit(s.charCodeAt(j))) j++
      if (s.charCodeAt(j) !== 95) return j
      j++
      if (!isDigit(s.charCodeAt(j))) this.failBefore(j, 'invalid decimal literal')
    }
  }

  /** A number glued to an identifier character is invalid, unless what follows is one of a few keywords. */
  private endOfNumber(j: number, kind: string): void {
    const s = this.src
    const c = s.charCodeAt(j)
    if (!isPotentialIdChar(c)) return
    for (const keyword of KEYWORDS_AFTER_NUMBER) {
      if (s.startsWith(keyword, j)) return
    }
    this.failBefore(j, `invalid ${kind} literal`)
  }

  private pushNumber(start: number, col: number, end: number, isFloat: boolean): void {
    const text = this.src.slice(start, end)
    const digits = text.includes('_') ? text.replace(/_/g, '') : text
    const endCol = this.colAt(end)
    this.i = end
    if (isFloat) {
      this.tokens.push({ kind: 'Float', line: this.line, col, endLine: this.line, endCol, value: Number(digits), text })
    } else {
      this.tokens.push({ kind: 'Int', line: this.line, col, endLine: this.line, endCol, value: BigInt(digits), text })
    }
  }

  private operator(): void {
    const s = this.src
    const i = this.i
    let op: Operator | undefined
    for (const candidate of OPERATORS_BY_FIRST_CHAR.get(s.charCodeAt(i)) ?? []) {
      if (s.startsWith(candidate, i)) {
        op = candidate
        break
      }
    }
    if (op === undefined) this.invalidCharacter(i)
    const length = op.length
    const col = this.colAt(i)
    if (op === '(' || op === '[' || op === '{') {
      if (this.brackets.length >= MAX_BRACKET_DEPTH) this.fail('too many nested parentheses', pointSpan(this.line, col))
      this.brackets.push({ char: op, line: this.line, col })
    } else if (op === ')' || op === ']' || op === '}') {
      const open = this.brackets.pop()
      if (open === undefined) this.fail(`unmatched '${op}'`, pointSpan(this.line, col))
      if (open.char !== CLOSER_OF.get(op)) {
        const where = open.line === this.line ? '' : ` on line ${open.line}`
        this.fail(
          `closing parenthesis '${op}' does not match opening parenthesis '${open.char}'${where}`,
          pointSpan(this.line, col)
        )
      }
    }
    this.i = i + length
    this.tokens.push({ kind: 'Operator', line: this.line, col, endLine: this.line, endCol: col + length, op })
  }
}

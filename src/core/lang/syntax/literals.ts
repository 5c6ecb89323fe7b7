// Parser helpers for string literals: escape decoding and f-string splitting. Offsets index the literal's body.

/** A decoded body, or an error located by body offsets [start, end). */
export type DecodeResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly message: string; readonly start: number; readonly end: number }

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\n', ''],
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['a', '\x07'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v']
])

const HEX_RUN = /^[0-9a-fA-F]*/

/** Decodes the escapes of a non-raw str or bytes body (bytes: one char per byte); unknown escapes stay as written. */
export function decodeEscapes(body: string, isBytes: boolean): DecodeResult {
  if (!body.includes('\\')) return { ok: true, value: body }
  let out = ''
  let i = 0
  const n = body.length
  while (i < n) {
    const slash = body.indexOf('\\', i)
    if (slash < 0 || slash === n - 1) {
      out += body.slice(i)
      break
    }
    out += body.slice(i, slash)
    const c = body[slash + 1]
    const simple = SIMPLE_ESCAPES.get(c)
    if (simple !== undefined) {
      out += simple
      i = slash + 2
      continue
    }
    if (c >= '0' && c <= '7') {
      let j = slash + 1
      while (j < n && j < slash + 4 && body[j] >= '0' && body[j] <= '7') j++
      const code = parseInt(body.slice(slash + 1, j), 8)
      out += String.fromCharCode(isBytes ? code & 0xff : code)
      i = j
      continue
    }
    const width = c === 'x' ? 2 : !isBytes && c === 'u' ? 4 : !isBytes && c === 'U' ? 8 : 0
    if (width > 0) {
      const digits = (HEX_RUN.exec(body.slice(slash + 2, slash + 2 + width)) ?? [''])[0]
      const end = slash + 2 + digits.length
      if (digits.length < width) {
        if (isBytes) return fail(`(value error) invalid \\x escape at position ${slash}`, slash, end)
        const pattern = c === 'x' ? '\\xXX' : c === 'u' ? '\\uXXXX' : '\\UXXXXXXXX'
        return fail(unicodeError(slash, end, `truncated ${pattern} escape`), slash, end)
      }
      const code = parseInt(digits, 16)
      if (code > 0x10ffff) return fail(unicodeError(slash, end, 'illegal Unicode character'), slash, end)
      out += String.fromCodePoint(code)
      i = end
      continue
    }
    if (!isBytes && c === 'N') {
      // The Unicode name table is too large to ship for a feature learners do not need.
      const close = body.indexOf('}', slash)
      const end = body[slash + 2] === '{' && close > 0 ? close + 1 : slash + 2
      return fail('\\N{...} escapes are not supported in Backprop Ninja', slash, end)
    }
    out += '\\' + c
    i = slash + 2
  }
  return { ok: true, value: out }
}

function unicodeError(start: number, end: number, what: string): string {
  return `(unicode error) 'unicodeescape' codec can't decode bytes in position ${start}-${end - 1}: ${what}`
}

function fail(message: string, start: number, end: number): DecodeResult {
  return { ok: false, message, start, end }
}

/** Literal text of an f-string, already decoded (escapes, doubled braces). */
export interface FStringTextPiece {
  readonly kind: 'text'
  readonly value: string
}

/** One `{...}` replacement field, with its expression still as source text. */
export interface FStringFieldPiece {
  readonly kind: 'field'
  /** The expression's source text and its offset in the body. */
  readonly source: string
  readonly sourceStart: number
  /** Offsets of the opening `{` and just past the closing `}`. */
  readonly start: number
  readonly end: number
  /** For `{x = }`: the text `x = ` that Python prints before the value. */
  readonly debugText: string | null
  readonly conversion: 'r' | 's' | 'a' | null
  readonly spec: readonly FStringPiece[] | null
}

export type FStringPiece = FStringTextPiece | FStringFieldPiece

export type FStringSplit =
  | { readonly ok: true; readonly pieces: readonly FStringPiece[] }
  | { readonly ok: false; readonly message: string; readonly start: number; readonly end: number }

/** Splits an f-string body into text and fields with CPython 3.11's rules (no backslash or `#` in fields). */
export function splitFString(body: string, isRaw: boolean): FStringSplit {
  try {
    const splitter = new FStringSplitter(body, isRaw)
    const pieces = splitter.pieces(0)
    return { ok: true, pieces }
  } catch (e) {
    if (e instanceof FStringFailure) return { ok: false, message: e.message, start: e.start, end: e.end }
    throw e
  }
}

class FStringFailure {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number
  ) {}
}

const OPENERS = '([{'
const CLOSERS: ReadonlyMap<string, string> = new Map([[')', '('], [']', '['], ['}', '{']])
const MAX_FIELD_BRACKETS = 200

class FStringSplitter {
  private i = 0

  constructor(
    private readonly body: string,
    private readonly isRaw: boolean
  ) {}

  private fail(message: string, start: number = this.i, end: number = start + 1): never {
    throw new FStringFailure(message, start, end)
  }

  /** Text and fields up to the end of the body (level 0) or up to the `}` closing a format spec (level > 0). */
  pieces(level: number): FStringPiece[] {
    const body = this.body
    const n = body.length
    const out: FStringPiece[] = []
    let raw = ''
    let rawStart = this.i
    const flush = (extra: string): void => {
      if (raw !== '') {
        const decoded = this.isRaw ? { ok: true as const, value: raw } : decodeEscapes(raw, false)
        if (!decoded.ok) this.fail(decoded.message, rawStart + decoded.start, rawStart + decoded.end)
        pushText(out, decoded.value)
      }
      pushText(out, extra)
      raw = ''
      rawStart = this.i
    }
    while (this.i < n) {
      let c = body[this.i]
      if (c === '\\' && !this.isRaw && this.i + 1 < n) {
        const next = body[this.i + 1]
        if (next === 'N' && body[this.i + 2] === '{') {
          // `\N{NAME}` braces belong to the escape, not to a field.
          const close = body.indexOf('}', this.i)
          const stop = close < 0 ? n : close + 1
          raw += body.slice(this.i, stop)
          this.i = stop
          continue
        }
        if (next !== '{' && next !== '}') {
          raw += c + next
          this.i += 2
          continue
        }
        // A backslash does not protect a brace: CPython treats the brace as a brace.
        raw += c
        this.i++
        c = next
      }
      if (c === '{' || c === '}') {
        if (level === 0 && body[this.i + 1] === c) {
          this.i += 2
          flush(c)
          continue
        }
        if (c === '}') {
          if (level === 0) this.fail("f-string: single '}' is not allowed")
          break
        }
        flush('')
        out.push(this.field(level))
        rawStart = this.i
        continue
      }
      raw += c
      this.i++
    }
    flush('')
    return out
  }

  /** A replacement field starting at `{`. */
  private field(level: number): FStringFieldPiece {
    const body = this.body
    const n = body.length
    const start = this.i
    if (level >= 2) this.fail('f-string: expressions nested too deeply')
    this.i++
    const sourceStart = this.i
    const stack: string[] = []
    let quote = ''
    for (; this.i < n; this.i++) {
      const c = body[this.i]
      if (c === '\\') this.fail('f-string expression part cannot include a backslash')
      if (quote !== '') {
        if (body.startsWith(quote, this.i)) {
          this.i += quote.length - 1
          quote = ''
        }
        continue
      }
      if (c === "'" || c === '"') {
        quote = body.startsWith(c.repeat(3), this.i) ? c.repeat(3) : c
        this.i += quote.length - 1
        continue
      }
      if (OPENERS.includes(c)) {
        if (stack.length >= MAX_FIELD_BRACKETS) this.fail('f-string: too many nested parenthesis')
        stack.push(c)
        continue
      }
      if (c === '#') this.fail("f-string expression part cannot include '#'")
      const opener = CLOSERS.get(c)
      if (opener !== undefined && stack.length > 0) {
        const open = stack.pop()
        if (open !== opener) {
          this.fail(`f-string: closing parenthesis '${c}' does not match opening parenthesis '${open}'`)
        }
        continue
      }
      if (stack.length === 0 && (c === '!' || c === ':' || c === '}' || c === '=' || c === '<' || c === '>')) {
        const next = body[this.i + 1]
        // Two-character operators (`!=`, `==`, `<=`, `>=`) and lone `<`/`>` belong to the expression.
        if (next === '=' && c !== ':' && c !== '}') {
          this.i++
          continue
        }
        if (c === '<' || c === '>') continue
        break
      }
      if (opener !== undefined) this.fail(`f-string: unmatched '${c}'`)
    }
    if (quote !== '') this.fail('f-string: unterminated string', sourceStart)
    if (stack.length > 0) this.fail(`f-string: unmatched '${stack[stack.length - 1]}'`, sourceStart)
    if (this.i >= n) this.fail("f-string: expecting '}'")
    const source = body.slice(sourceStart, this.i)
    if (source.trim() === '') this.fail('f-string: empty expression not allowed')
    let debugText: string | null = null
    if (body[this.i] === '=') {
      this.i++
      while (this.i < n && /\s/.test(body[this.i])) this.i++
      if (this.i >= n) this.fail("f-string: expecting '}'")
      debugText = body.slice(sourceStart, this.i)
    }
    let conversion: 'r' | 's' | 'a' | null = null
    if (body[this.i] === '!') {
      this.i++
      if (this.i >= n) this.fail("f-string: expecting '}'")
      const c = body[this.i]
      if (c !== 'r' && c !== 's' && c !== 'a') {
        this.fail("f-string: invalid conversion character: expected 's', 'r', or 'a'")
      }
      conversion = c
      this.i++
    }
    let spec: FStringPiece[] | null = null
    if (this.i < n && body[this.i] === ':') {
      this.i++
      spec = this.pieces(level + 1)
    }
    if (this.i >= n || body[this.i] !== '}') this.fail("f-string: expecting '}'")
    this.i++
    // `{x=}` shows the repr unless a conversion or format spec says otherwise.
    if (debugText !== null && conversion === null && spec === null) conversion = 'r'
    return { kind: 'field', source, sourceStart, start, end: this.i, debugText, conversion, spec }
  }
}

function pushText(out: FStringPiece[], value: string): void {
  if (value === '') return
  const last = out[out.length - 1]
  if (last !== undefined && last.kind === 'text') out[out.length - 1] = { kind: 'text', value: last.value + value }
  else out.push({ kind: 'text', value })
}

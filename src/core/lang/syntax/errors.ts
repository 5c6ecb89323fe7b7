// Syntax errors as plain data (structured-clone safe), worded like CPython 3.11 where feasible.
import type { CodeError } from '../../api'
import type { Span } from './tokens'

/** TabError is reported as an IndentationError (its CPython base class) to keep this union small. */
export type SyntaxErrorType = 'SyntaxError' | 'IndentationError'

/**
 * A syntax error. Positions follow {@link Span}: 1-based, columns in code points, `endCol` exclusive. A point
 * error (e.g. an invalid character) spans one column so an editor has something to underline.
 */
export interface SyntaxErrorInfo extends Span {
  readonly type: SyntaxErrorType
  readonly message: string
}

/** The error a learner sees for a syntax error (`SyntaxError: ...` with its whole range): the grader's, the CLI's, training's. */
export function syntaxCodeError(e: SyntaxErrorInfo): CodeError {
  return { kind: 'syntax', message: `${e.type}: ${e.message}`, line: e.line, col: e.col, endLine: e.endLine, endCol: e.endCol }
}

/** Builds a SyntaxError covering `span`. */
export function syntaxError(message: string, span: Span): SyntaxErrorInfo {
  return errorOf('SyntaxError', message, span)
}

/** Builds an IndentationError covering `span`. */
export function indentationError(message: string, span: Span): SyntaxErrorInfo {
  return errorOf('IndentationError', message, span)
}

/** Builds an error of `type` covering `span`, widened to at least one column. */
export function errorOf(type: SyntaxErrorType, message: string, span: Span): SyntaxErrorInfo {
  const empty = span.endLine < span.line || (span.endLine === span.line && span.endCol <= span.col)
  return {
    type,
    message,
    line: span.line,
    col: span.col,
    endLine: empty ? span.line : span.endLine,
    endCol: empty ? span.col + 1 : span.endCol
  }
}

/** A span of one column at `line`:`col`. */
export function pointSpan(line: number, col: number): Span {
  return { line, col, endLine: line, endCol: col + 1 }
}

/** Formats an error like Python's traceback (line and carets) given `source`, else as one line with its position. */
export function formatSyntaxError(error: SyntaxErrorInfo, source?: string): string {
  const head = `${error.type}: ${error.message}`
  if (source === undefined) return `${head} (line ${error.line}, column ${error.col})`
  const text = sourceLine(source, error.line)
  if (text === undefined) return `  line ${error.line}\n${head}`
  const chars = Array.from(text)
  // Python strips the indentation from the echoed line; shift the carets to match.
  let indent = 0
  while (indent < chars.length && (chars[indent] === ' ' || chars[indent] === '\t' || chars[indent] === '\f')) indent++
  const shown = chars.slice(indent).join('').replace(/\s+$/, '')
  const start = Math.max(error.col - 1 - indent, 0)
  const stop = error.endLine === error.line ? error.endCol - 1 - indent : Array.from(shown).length
  const width = Math.max(1, Math.min(stop, Array.from(shown).length + 1) - start)
  return `  line ${error.line}\n    ${shown}\n    ${' '.repeat(start)}${'^'.repeat(width)}\n${head}`
}

/** Returns line `line` (1-based) of `source`, with any line ending, or undefined past the end. */
function sourceLine(source: string, line: number): string | undefined {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  return line >= 1 && line <= lines.length ? lines[line - 1] : undefined
}

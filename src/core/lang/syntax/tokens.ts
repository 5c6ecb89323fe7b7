// Token types for the Python-subset tokenizer: readonly data, one discriminated union on `kind`.
import type { SyntaxErrorInfo } from './errors'

/**
 * A source range. Lines and columns are 1-based; columns count code points within the line (a tab is one
 * column); `endCol` is exclusive (one past the last character), like Monaco's `endColumn`.
 */
export interface Span {
  readonly line: number
  readonly col: number
  readonly endLine: number
  readonly endCol: number
}

/** Python 3.11's hard keywords. Soft keywords (`match`, `case`, `_`) are plain names. */
export type Keyword =
  | 'False' | 'None' | 'True' | 'and' | 'as' | 'assert' | 'async' | 'await' | 'break' | 'class' | 'continue'
  | 'def' | 'del' | 'elif' | 'else' | 'except' | 'finally' | 'for' | 'from' | 'global' | 'if' | 'import' | 'in'
  | 'is' | 'lambda' | 'nonlocal' | 'not' | 'or' | 'pass' | 'raise' | 'return' | 'try' | 'while' | 'with' | 'yield'

const KEYWORD_LIST: readonly Keyword[] = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield'
]

/** Keywords keyed by their source text. */
export const KEYWORDS: ReadonlyMap<string, Keyword> = new Map(KEYWORD_LIST.map((k) => [k, k]))

/**
 * Every operator and delimiter the tokenizer recognises. Some exist only so the parser can reject them with a
 * precise message (`:=`, `<>`, `!`) instead of the tokenizer calling them invalid characters.
 */
export type Operator =
  | '(' | ')' | '[' | ']' | '{' | '}' | ':' | ',' | ';' | '.' | '...' | '=' | '->' | '@' | '~' | '!'
  | '+' | '-' | '*' | '/' | '//' | '%' | '**' | '<<' | '>>' | '&' | '|' | '^'
  | '<' | '>' | '==' | '!=' | '<=' | '>=' | '<>' | ':='
  | '+=' | '-=' | '*=' | '/=' | '//=' | '%=' | '**=' | '@=' | '&=' | '|=' | '^=' | '>>=' | '<<='

const OPERATOR_LIST: readonly Operator[] = [
  '(', ')', '[', ']', '{', '}', ':', ',', ';', '.', '...', '=', '->', '@', '~', '!',
  '+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^',
  '<', '>', '==', '!=', '<=', '>=', '<>', ':=',
  '+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<='
]

/** Operators keyed by their source text; the tokenizer tries 3, then 2, then 1 characters (longest match). */
export const OPERATORS: ReadonlyMap<string, Operator> = new Map(OPERATOR_LIST.map((o) => [o, o]))

/** An identifier (NFKC-normalised, as CPython does) that is not a hard keyword. */
export interface NameToken extends Span {
  readonly kind: 'Name'
  readonly value: string
}

export interface KeywordToken extends Span {
  readonly kind: 'Keyword'
  readonly keyword: Keyword
}

/** An integer literal; bigint so that big literals stay exact. `text` is the source spelling. */
export interface IntToken extends Span {
  readonly kind: 'Int'
  readonly value: bigint
  readonly text: string
}

export interface FloatToken extends Span {
  readonly kind: 'Float'
  readonly value: number
  readonly text: string
}

/**
 * One string literal, undecoded: the parser decodes escapes and splits f-strings, because those errors
 * (bad `\x` escapes, f-string syntax) belong to the parser stage in CPython too.
 */
export interface StringToken extends Span {
  readonly kind: 'String'
  /** The prefix letters as written (`''`, `'r'`, `'Rb'`, `'f'`, ...). */
  readonly prefix: string
  /** The delimiter: `'`, `"`, `'''` or `"""`. */
  readonly quote: string
  /** The raw text between the quotes. */
  readonly body: string
  /** Where `body` starts, so f-string fields and escape errors can be placed exactly. */
  readonly bodyLine: number
  readonly bodyCol: number
  readonly isRaw: boolean
  readonly isBytes: boolean
  readonly isFormat: boolean
}

export interface OperatorToken extends Span {
  readonly kind: 'Operator'
  readonly op: Operator
}

/** The end of a logical line (never emitted inside brackets, for blank lines or for comment-only lines). */
export interface NewlineToken extends Span {
  readonly kind: 'Newline'
}

/** The indentation grew; spans the leading whitespace of the line. */
export interface IndentToken extends Span {
  readonly kind: 'Indent'
}

/** The indentation shrank by one level; zero-width at the first character of the line. */
export interface DedentToken extends Span {
  readonly kind: 'Dedent'
}

export interface EndOfFileToken extends Span {
  readonly kind: 'EndOfFile'
}

/**
 * How a tokenizer error interacts with a parser error found earlier in the file, mirroring CPython 3.11:
 * - `hard`: always wins, because CPython tokenizes the rest of the file after a parser error and reports this
 *   (invalid characters, bad number or string literals, unmatched brackets);
 * - `soft`: reported only if the parser gets this far (indentation, misplaced backslash);
 * - `unclosed`: a bracket still open at end of file.
 * Whatever the cause, a bracket still open when tokenizing stopped (`unclosed` on the token) wins over a parser
 * error on a later line than the bracket, unless a hard error wins first.
 */
export type TokenErrorCause = 'hard' | 'soft' | 'unclosed'

/** Tokenization stopped here; it is always the last token of the stream. */
export interface ErrorToken extends Span {
  readonly kind: 'Error'
  readonly error: SyntaxErrorInfo
  readonly cause: TokenErrorCause
  /** "'(' was never closed" for the innermost bracket still open when tokenizing stopped, if any. */
  readonly unclosed: SyntaxErrorInfo | null
}

export type Token =
  | NameToken
  | KeywordToken
  | IntToken
  | FloatToken
  | StringToken
  | OperatorToken
  | NewlineToken
  | IndentToken
  | DedentToken
  | EndOfFileToken
  | ErrorToken


// CPython 3.11's wording of syntax errors, apart from the grammar: which message a failed parse reports ("invalid
// syntax. Perhaps you forgot a comma?", "cannot assign to function call here. Maybe you meant '==' instead of '='?",
// "Missing parentheses in call to 'print'", "'(' was never closed") and where it points. Like CPython's second pass,
// this runs only once the plain grammar has failed: it re-parses ahead speculatively through `WordingParser`, and
// every path ends by raising the chosen error.
import type * as A from './ast'
import type { SyntaxErrorInfo } from './errors'
import type { Operator, Span, Token } from './tokens'

/** What the wording needs from the parser: its position, token access, failing, and the grammar rules it re-tries. */
export interface WordingParser {
  pos: number
  /** how deep speculation is nested (deeper than one level, only whether a parse succeeds matters) */
  readonly speculating: number
  /** brackets open around the current position (only there does "Perhaps you forgot a comma?" apply) */
  readonly bracketDepth: number
  peek(): Token
  advance(): Token
  isOp(op: Operator): boolean
  fail(message: string, span: Span): never
  /** the generic "invalid syntax" at `t` (or at the furthest token looked at) */
  invalidSyntax(t: Token): never
  /** runs `attempt` and rewinds; null if it failed */
  speculate<T>(attempt: () => T, level?: number): T | null
  /** the span of `e` including any parentheses around it */
  ext(e: A.Expr): Span
  startsExpression(t: Token): boolean
  bitwiseOr(): A.Expr
  expression(): A.Expr
  starExpressions(): A.Expr
  primary(): A.Expr
  atom(): A.Expr
}

export type TargetMode = 'assign' | 'for' | 'del'

const SOFT_KEYWORDS: ReadonlySet<string> = new Set(['match', 'case', '_'])

function join(a: Span, b: Span): Span {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol }
}

/**
 * After a parser error CPython tokenizes the rest of the file: a hard tokenizer error there wins, and a bracket
 * still open where tokenizing stops wins over an error on a later line than the bracket (so `x = (a` followed
 * by more lines reports "'(' was never closed" rather than whatever the joined lines look like). `last` is the
 * file's final token, `furthestLine` the line of the furthest token the parser looked at.
 */
export function competingError(error: SyntaxErrorInfo, last: Token, furthestLine: number): SyntaxErrorInfo {
  if (last.kind !== 'Error') return error
  if (last.cause === 'hard') return last.error
  if (last.unclosed !== null && furthestLine > last.unclosed.line) return last.unclosed
  return error
}

/** CPython's name for an expression in "cannot assign to ..." messages. */
export function describe(e: A.Expr): string {
  switch (e.kind) {
    case 'Attribute': return 'attribute'
    case 'Subscript': return 'subscript'
    case 'Starred': return 'starred'
    case 'Name': return 'name'
    case 'List': return 'list'
    case 'Tuple': return 'tuple'
    case 'Lambda': return 'lambda'
    case 'Call': return 'function call'
    case 'BoolOp':
    case 'BinOp':
    case 'UnaryOp': return 'expression'
    case 'GeneratorExp': return 'generator expression'
    case 'ListComp': return 'list comprehension'
    case 'SetComp': return 'set comprehension'
    case 'DictComp': return 'dict comprehension'
    case 'Dict': return 'dict literal'
    case 'Set': return 'set display'
    case 'FString': return 'f-string expression'
    case 'Bool': return e.value ? 'True' : 'False'
    case 'None': return 'None'
    case 'Ellipsis': return 'ellipsis'
    case 'Compare': return 'comparison'
    case 'IfExp': return 'conditional expression'
    case 'Slice': return 'slice'
    case 'Int':
    case 'Float':
    case 'Str':
    case 'Bytes': return 'literal'
  }
}

/** The sub-expression that makes `e` an invalid target, or null if `e` can be assigned to (or deleted). */
export function invalidTarget(e: A.Expr, mode: TargetMode): A.Expr | null {
  switch (e.kind) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      return null
    case 'Tuple':
    case 'List':
      for (const elt of e.elts) {
        const bad = invalidTarget(elt, mode)
        if (bad !== null) return bad
      }
      return null
    case 'Starred':
      return mode === 'del' ? e : invalidTarget(e.value, mode)
    case 'Compare':
      // `for a in b` read as one expression is a comparison; what cannot be assigned to is on its left.
      return mode === 'for' && e.ops[0] === 'in' ? invalidTarget(e.left, mode) : e
    default:
      return e
  }
}

/** Expressions CPython's grammar sees as a `bitwise_or` that may stand before a mistaken `=`. */
function looksLikeOperand(e: A.Expr): boolean {
  switch (e.kind) {
    case 'Compare':
    case 'BoolOp':
    case 'IfExp':
    case 'Lambda':
    case 'Starred':
    case 'Tuple':
    case 'List':
    case 'GeneratorExp':
    case 'Bool':
    case 'None':
      return false
    case 'UnaryOp':
      return e.op !== 'not'
    default:
      return true
  }
}

/** The expression a simple statement ends with, if any (what a stray token after the statement follows). */
function lastExpression(stmt: A.Stmt): A.Expr | null {
  switch (stmt.kind) {
    case 'ExprStmt':
    case 'Assign':
    case 'AugAssign':
      return stmt.value
    case 'AnnAssign':
      return stmt.value ?? stmt.annotation
    case 'Return':
      return stmt.value
    case 'Assert':
      return stmt.msg ?? stmt.test
    case 'Raise':
      return stmt.cause ?? stmt.exc
    case 'Delete':
      return stmt.targets[stmt.targets.length - 1] ?? null
    default:
      return null
  }
}

/**
 * Like CPython's backtracking PEG parser, the longest expression that parses here: `parse()`, else a primary,
 * else an atom; null if not even an atom does.
 */
function longestPrefix(p: WordingParser, parse: () => A.Expr): A.Expr | null {
  const start = p.pos
  const attempts = [parse, () => p.primary(), () => p.atom()]
  for (const attempt of attempts) {
    p.pos = start
    const result = p.speculate(() => {
      const e = attempt()
      return { e, end: p.pos }
    }, 0)
    if (result !== null) {
      p.pos = result.end
      return result.e
    }
  }
  p.pos = start
  return null
}

/**
 * The parser expected `,`, a closing bracket or similar after `prev` but found something else. Word the error
 * as CPython does: a mistaken `=` (if `prev` stands where a named expression may), two expressions without a
 * comma between them (inside brackets), or plain "invalid syntax".
 */
export function failAfter(p: WordingParser, prev: A.Expr, namedExpression = true): never {
  const t = p.peek()
  // Speculation nested more than one level deep would cost exponential time; only success matters there.
  if (p.speculating > 1) p.invalidSyntax(t)
  if (t.kind === 'Operator' && t.op === ':=') {
    p.fail("assignment expressions (':=') are not supported in Backprop Ninja", t)
  }
  // Only where Python accepts a named expression (conditions, display elements, subscripts) does CPython
  // suggest `==` for a stray `=`; after a keyword argument's value, for instance, it does not.
  const assignHint = namedExpression && (prev.kind === 'Name' || looksLikeOperand(prev))
  if (t.kind === 'Operator' && t.op === '=' && assignHint) {
    const rhs = p.speculate(() => {
      p.advance()
      const value = longestPrefix(p, () => p.bitwiseOr())
      return value === null || p.isOp('=') || p.isOp(':=') ? null : value
    })
    if (rhs !== null && prev.kind === 'Name') {
      p.fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", join(p.ext(prev), p.ext(rhs)))
    }
    if (rhs !== null) {
      p.fail(`cannot assign to ${describe(prev)} here. Maybe you meant '==' instead of '='?`, prev.span)
    }
  }
  const startsWithSoftKeyword = prev.kind === 'Name' && SOFT_KEYWORDS.has(prev.id)
  if (p.startsExpression(t) && !(prev.kind === 'Name' && t.kind === 'String') && !startsWithSoftKeyword) {
    // CPython reads the second expression even outside brackets, so reaching an unclosed bracket's end of file
    // here reports that bracket instead.
    const next = p.speculate(() => longestPrefix(p, () => p.expression()))
    if (next !== null && p.bracketDepth > 0) {
      p.fail('invalid syntax. Perhaps you forgot a comma?', join(p.ext(prev), p.ext(next)))
    }
  }
  p.invalidSyntax(t)
}

/** A simple statement is complete but the line goes on (`print x`, `a = 1 2`). */
export function failAfterStatement(p: WordingParser, stmt: A.Stmt): never {
  const t = p.peek()
  if (stmt.kind === 'ExprStmt' && stmt.value.kind === 'Name' && p.startsExpression(t)) {
    const id = stmt.value.id
    if (id === 'print' || id === 'exec') {
      const rest = p.speculate(() => p.starExpressions())
      if (rest !== null) {
        p.fail(`Missing parentheses in call to '${id}'. Did you mean ${id}(...)?`, join(stmt.span, p.ext(rest)))
      }
    }
  }
  const last = lastExpression(stmt)
  if (last !== null) failAfter(p, last, false)
  p.invalidSyntax(t)
}

/** Fails on the first assignment target that cannot be assigned to; `valueStart` is the token after the first `=`. */
export function checkTargets(p: WordingParser, targets: readonly A.Expr[], valueStart: number): void {
  for (const target of targets) {
    const bad = invalidTarget(target, 'assign')
    if (bad === null) continue
    if (targets.length === 1 && bad === target && looksLikeOperand(target)) {
      // CPython words a lone `f() = x` as a possible typo for `==` when `x` starts like an operand.
      const resume = p.pos
      p.pos = valueStart
      const operand = longestPrefix(p, () => p.bitwiseOr())
      const chained = p.isOp('=') || p.isOp(':=')
      p.pos = resume
      if (operand !== null && !chained) {
        p.fail(`cannot assign to ${describe(bad)} here. Maybe you meant '==' instead of '='?`, bad.span)
      }
    }
    p.fail(`cannot assign to ${describe(bad)}`, bad.span)
  }
}

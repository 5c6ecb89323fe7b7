// Stage 2: tokens to the syntax tree (ast.ts), by recursive descent with Python 3.11's grammar and precedence.
import type * as A from './ast'
import { checkTargets, competingError, describe, failAfter, failAfterStatement, invalidTarget, type WordingParser } from './cpython-wording'
import { indentationError, syntaxError, type SyntaxErrorInfo } from './errors'
import { decodeEscapes, splitFString, type FStringFieldPiece, type FStringPiece } from './literals'
import { TokenStream } from './tokenizer'
import type { Keyword, Operator, Span, StringToken, Token } from './tokens'

export type ParseResult =
  | { readonly ok: true; readonly module: A.Module }
  | { readonly ok: false; readonly error: SyntaxErrorInfo }

export type ExpressionParseResult =
  | { readonly ok: true; readonly expr: A.Expr }
  | { readonly ok: false; readonly error: SyntaxErrorInfo }

/**
 * Budget for nested expressions, so the parser never overflows the JS stack: each conditional/lambda level,
 * prefix operator, `not` and `**` costs 1 and each bracket 2 more. Bracket nesting alone stops first, at the
 * tokenizer's 200 ("too many nested parentheses", as CPython says).
 */
export const MAX_NESTING = 1000

/** Parses a whole file. Never throws on bad input: syntax errors come back as data. */
export function parse(source: string): ParseResult {
  const parser = new Parser(new TokenStream(source), 0)
  const result = parser.run(() => parser.module())
  return result.ok ? { ok: true, module: result.value } : result
}

/** Parses one expression (newlines allowed, as inside brackets), e.g. for a watch or a REPL line. */
export function parseExpression(source: string): ExpressionParseResult {
  const parser = new Parser(new TokenStream(source, { expression: true }), 0)
  const result = parser.run(() => parser.standaloneExpression())
  return result.ok ? { ok: true, expr: result.value } : result
}

/** Internal control flow: the first syntax error unwinds the whole parse. */
class ParseFailure {
  constructor(
    readonly error: SyntaxErrorInfo,
    /**
     * Not subject to speculation or to CPython's later-error rules: the tokenizer's own errors (raised as soon as
     * the parser reaches them, even while looking ahead) and "unexpected indent".
     */
    readonly final = false
  ) {}
}

const BINARY_PRECEDENCE: ReadonlyMap<Operator, number> = new Map<Operator, number>([
  ['|', 1],
  ['^', 2],
  ['&', 3],
  ['<<', 4],
  ['>>', 4],
  ['+', 5],
  ['-', 5],
  ['*', 6],
  ['/', 6],
  ['//', 6],
  ['%', 6],
  ['@', 6]
])

const AUGMENTED: ReadonlyMap<Operator, A.BinaryOperator> = new Map<Operator, A.BinaryOperator>([
  ['+=', '+'],
  ['-=', '-'],
  ['*=', '*'],
  ['/=', '/'],
  ['//=', '//'],
  ['%=', '%'],
  ['**=', '**'],
  ['@=', '@'],
  ['&=', '&'],
  ['|=', '|'],
  ['^=', '^'],
  ['>>=', '>>'],
  ['<<=', '<<']
])

const SIMPLE_COMPARISONS: ReadonlySet<Operator> = new Set<Operator>(['<', '>', '==', '>=', '<=', '!='])

/** Constructs Backprop Ninja rejects outright, with a message naming them. */
const UNSUPPORTED_KEYWORDS: ReadonlySet<Keyword> = new Set<Keyword>(['class', 'try', 'async', 'await', 'yield'])

/** Operators that can begin an expression (used to spot two expressions side by side). */
const EXPRESSION_START_OPERATORS: ReadonlySet<Operator> = new Set<Operator>(['(', '[', '{', '-', '+', '~', '...'])
const EXPRESSION_START_KEYWORDS: ReadonlySet<Keyword> = new Set<Keyword>([
  'not', 'lambda', 'True', 'False', 'None', 'await', 'yield'
])

function spanOf(s: Span): Span {
  return { line: s.line, col: s.col, endLine: s.endLine, endCol: s.endCol }
}

function join(a: Span, b: Span): Span {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol }
}

/**
 * The grammar, one method per rule (its rule in a comment above it). The methods `WordingParser` names are public
 * for `cpython-wording.ts`, which words an error once a rule has failed; nothing outside this file sees the class.
 */
class Parser implements WordingParser {
  pos = 0
  /** The furthest token looked at (index and line): CPython's reference point when choosing which error to report. */
  private furthest = 0
  private furthestLine = 1
  /** The furthest token looked at outside speculation: where CPython places a plain "invalid syntax". */
  private reached = 0
  speculating = 0
  private depth = 0
  /** Brackets open around the current position (only there does "Perhaps you forgot a comma?" apply). */
  bracketDepth = 0
  private inLoop = false
  private inFunction = false
  /**
   * The extent of parenthesised expressions including their parentheses. Nodes keep their own span (as in
   * CPython), but a node built around one spans its parentheses: `(a + b) * c` starts at `(`.
   */
  private readonly parens = new Map<A.Expr, Span>()
  /** The first error CPython's compiler (not its parser) would raise; reported only if parsing succeeds. */
  private semanticError: SyntaxErrorInfo | null = null

  constructor(
    private readonly tokens: TokenStream,
    private readonly fstringLevel: number
  ) {}

  /** Runs a parse, turning failures into data and applying CPython's choice among competing errors. */
  run<T>(parse: () => T): { ok: true; value: T } | { ok: false; error: SyntaxErrorInfo } {
    try {
      const value = parse()
      if (this.semanticError !== null) return { ok: false, error: this.semanticError }
      return { ok: true, value }
    } catch (e) {
      if (e instanceof ParseFailure) return { ok: false, error: e.final ? e.error : this.resolve(e.error) }
      // A safety net only: MAX_NESTING is meant to stop deep input long before the JS stack runs out.
      if (e instanceof RangeError) {
        return { ok: false, error: syntaxError('expression is nested too deeply', spanOf(this.peekRaw())) }
      }
      throw e
    }
  }

  /** CPython's choice between the parser's error and one the rest of the file's tokens raise. */
  private resolve(error: SyntaxErrorInfo): SyntaxErrorInfo {
    return competingError(error, this.tokens.last(), this.furthestLine)
  }

  /** The span of `e` including any parentheses around it. */
  ext(e: A.Expr): Span {
    return this.parens.get(e) ?? e.span
  }

  // ------------------------------------------------------------------------------------------ token access

  private peekRaw(): Token {
    return this.tokens.at(this.pos)
  }

  peek(offset = 0): Token {
    const i = this.pos + offset
    const t = this.tokens.at(i)
    if (i > this.furthest) {
      this.furthest = i
      this.furthestLine = t.line
    }
    if (i > this.reached && this.speculating === 0) this.reached = i
    // Reaching the tokenizer's error is when CPython's parser would have received it.
    if (t.kind === 'Error') throw new ParseFailure(t.error, true)
    return t
  }

  advance(): Token {
    const t = this.peek()
    if (t.kind !== 'EndOfFile') this.pos++
    return t
  }

  private previous(): Token {
    return this.tokens.at(Math.max(this.pos - 1, 0))
  }

  isOp(op: Operator, offset = 0): boolean {
    const t = this.peek(offset)
    return t.kind === 'Operator' && t.op === op
  }

  private isKeyword(keyword: Keyword): boolean {
    const t = this.peek()
    return t.kind === 'Keyword' && t.keyword === keyword
  }

  fail(message: string, span: Span): never {
    throw new ParseFailure(syntaxError(message, span))
  }

  private failIndentation(message: string, span: Span, final = false): never {
    throw new ParseFailure(indentationError(message, span), final)
  }

  /** The generic error at token `t`. */
  invalidSyntax(t: Token): never {
    // CPython reports these directly, without looking at the rest of the file.
    if (t.kind === 'Indent') this.failIndentation('unexpected indent', { ...spanOf(t), col: t.endCol }, true)
    if (t.kind === 'Dedent') this.failIndentation('unexpected unindent', t, true)
    if (t.kind === 'Keyword' && UNSUPPORTED_KEYWORDS.has(t.keyword)) this.unsupported(t)
    // Like CPython, point at the furthest token the parser had to look at (`x not = 1` fails at `=`).
    const far = this.tokens.at(this.reached)
    const later = far.line > t.line || (far.line === t.line && far.col > t.col)
    this.fail('invalid syntax', later && far.kind !== 'Error' ? far : t)
  }

  private unsupported(t: Token & { kind: 'Keyword' }): never {
    this.fail(`'${t.keyword}' is not supported in Backprop Ninja`, t)
  }

  private semantic(message: string, span: Span): void {
    if (this.semanticError === null) this.semanticError = syntaxError(message, span)
  }

  private enter(units: number, at: Token): void {
    this.depth += units
    if (this.depth > MAX_NESTING) {
      const bracket = at.kind === 'Operator' && (at.op === '(' || at.op === '[' || at.op === '{')
      this.fail(bracket ? 'too many nested parentheses' : 'expression is nested too deeply', at)
    }
  }

  /**
   * Runs `attempt` and rewinds; null if it failed. Used only to word an error that is about to be raised.
   * `level` is how much it counts towards the nesting of speculation (see failAfter).
   */
  speculate<T>(attempt: () => T, level = 1): T | null {
    const { pos, depth, bracketDepth, semanticError } = this
    this.speculating += level
    try {
      return attempt()
    } catch (e) {
      if (e instanceof ParseFailure && !e.final) return null
      throw e
    } finally {
      this.speculating -= level
      this.pos = pos
      this.depth = depth
      this.bracketDepth = bracketDepth
      this.semanticError = semanticError
    }
  }

  startsExpression(t: Token): boolean {
    switch (t.kind) {
      case 'Name':
      case 'Int':
      case 'Float':
      case 'String':
        return true
      case 'Keyword':
        return EXPRESSION_START_KEYWORDS.has(t.keyword)
      case 'Operator':
        return EXPRESSION_START_OPERATORS.has(t.op)
      default:
        return false
    }
  }

  // ------------------------------------------------------------------------------------------ statements

  /** Grammar: `file: statements? ENDMARKER`. */
  module(): A.Module {
    const body: A.Stmt[] = []
    while (this.peek().kind !== 'EndOfFile') {
      // Earlier statements' tokens and parentheses are no longer needed (only the previous token is, for spans).
      this.tokens.release(this.pos - 1)
      this.parens.clear()
      this.statement(body)
    }
    const end = this.peek()
    return { kind: 'Module', body, span: { line: 1, col: 1, endLine: end.line, endCol: end.col } }
  }

  /**
   * Grammar: `statement: compound_stmt | simple_stmts`.
   * One line's worth of statements (a compound statement, or simple ones separated by `;`) appended to `out`.
   */
  private statement(out: A.Stmt[]): void {
    const t = this.peek()
    if (t.kind === 'Keyword') {
      switch (t.keyword) {
        case 'if':
          out.push(this.ifStatement())
          return
        case 'while':
          out.push(this.whileStatement())
          return
        case 'for':
          out.push(this.forStatement())
          return
        case 'with':
          out.push(this.withStatement())
          return
        case 'def':
          out.push(this.functionDef([], t))
          return
        default:
          break
      }
    } else if (t.kind === 'Operator' && t.op === '@') {
      out.push(this.decorated())
      return
    } else if (t.kind === 'Indent' || t.kind === 'Dedent') {
      this.invalidSyntax(t)
    }
    this.simpleStatements(out)
  }

  /** Grammar: `simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE`. */
  private simpleStatements(out: A.Stmt[]): void {
    for (;;) {
      const stmt = this.simpleStatement()
      out.push(stmt)
      const t = this.peek()
      if (t.kind === 'Newline') break
      if (t.kind === 'Operator' && t.op === ';') {
        this.advance()
        if (this.peek().kind === 'Newline') break
        continue
      }
      failAfterStatement(this, stmt)
    }
    this.advance()
  }

  /** Grammar: `simple_stmt: assignment | star_expressions | return_stmt | import_stmt | raise_stmt | 'pass' | del_stmt | assert_stmt | 'break' | 'continue' | global_stmt | nonlocal_stmt`. */
  private simpleStatement(): A.Stmt {
    const t = this.peek()
    if (t.kind === 'Keyword') {
      switch (t.keyword) {
        case 'pass':
          this.advance()
          return { kind: 'Pass', span: spanOf(t) }
        case 'break':
          this.advance()
          if (!this.inLoop) this.semantic("'break' outside loop", t)
          return { kind: 'Break', span: spanOf(t) }
        case 'continue':
          this.advance()
          if (!this.inLoop) this.semantic("'continue' not properly in loop", t)
          return { kind: 'Continue', span: spanOf(t) }
        case 'return':
          return this.returnStatement()
        case 'del':
          return this.delStatement()
        case 'assert':
          return this.assertStatement()
        case 'global':
        case 'nonlocal':
          return this.scopeStatement(t.keyword)
        case 'import':
          return this.importStatement()
        case 'from':
          return this.fromImportStatement()
        case 'raise':
          return this.raiseStatement()
        case 'not':
        case 'lambda':
        case 'True':
        case 'False':
        case 'None':
          break
        default:
          this.invalidSyntax(t)
      }
    }
    return this.expressionStatement()
  }

  /** Grammar: `star_expressions, then what follows it: assignment ('=' ...), augassign, annotation, or nothing`. */
  private expressionStatement(): A.Stmt {
    const first = this.starExpressions()
    const t = this.peek()
    if (t.kind !== 'Operator') return this.exprStatement(first)
    if (t.op === '=') return this.assignment(first)
    if (t.op === ':') return this.annotatedAssignment(first)
    const op = AUGMENTED.get(t.op)
    if (op === undefined) return this.exprStatement(first)
    this.advance()
    if (first.kind !== 'Name' && first.kind !== 'Attribute' && first.kind !== 'Subscript') {
      // CPython blames the target only when the rest of the statement parses.
      if (this.speculate(() => this.starExpressions()) === null) this.invalidSyntax(t)
      this.fail(`'${describe(first)}' is an illegal expression for augmented assignment`, first.span)
    }
    const value = this.starExpressions()
    this.noBareStar(value)
    return { kind: 'AugAssign', target: first, op, value, opSpan: spanOf(t), span: join(this.ext(first), this.ext(value)) }
  }

  private exprStatement(value: A.Expr): A.ExprStmt {
    this.noBareStar(value)
    return { kind: 'ExprStmt', value, span: this.ext(value) }
  }

  private noBareStar(e: A.Expr): void {
    if (e.kind === 'Starred') this.semantic("can't use starred expression here", e.span)
  }

  /** Grammar: `assignment: (star_targets '=')+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]`. */
  private assignment(first: A.Expr): A.Assign {
    const targets: A.Expr[] = [first]
    this.advance()
    const valueStart = this.pos
    let value = this.assignedValue(targets, valueStart)
    while (this.isOp('=')) {
      this.advance()
      targets.push(value)
      value = this.assignedValue(targets, valueStart)
    }
    checkTargets(this, targets, valueStart)
    for (const target of targets) this.checkStarredTargets(target)
    this.noBareStar(value)
    return { kind: 'Assign', targets, value, span: join(this.ext(first), this.ext(value)) }
  }

  /**
   * Grammar: `the right-hand side of an assignment: (yield_expr | star_expressions)`.
   * The expression after an `=`; if it does not parse, an invalid target before it is the error (as in CPython).
   */
  private assignedValue(targets: readonly A.Expr[], valueStart: number): A.Expr {
    try {
      return this.starExpressions()
    } catch (e) {
      if (e instanceof ParseFailure && !e.final) checkTargets(this, targets, valueStart)
      throw e
    }
  }

  /** Compile-time rules for `*x` in targets: only inside a tuple or list, and at most one per level. */
  private checkStarredTargets(target: A.Expr): void {
    if (target.kind === 'Starred') {
      this.semantic('starred assignment target must be in a list or tuple', target.span)
      return
    }
    if (target.kind !== 'Tuple' && target.kind !== 'List') return
    let starred = 0
    for (const elt of target.elts) {
      if (elt.kind === 'Starred') {
        starred++
        this.checkStarredTargets(elt.value)
      } else this.checkStarredTargets(elt)
    }
    if (starred > 1) this.semantic('multiple starred expressions in assignment', target.span)
  }

  /** Grammar: `assignment: NAME ':' expression ['=' annotated_rhs] | single_target ':' expression ['=' annotated_rhs]`. */
  private annotatedAssignment(target: A.Expr): A.AnnAssign {
    const colon = this.peek()
    const valid = target.kind === 'Name' || target.kind === 'Attribute' || target.kind === 'Subscript'
    // CPython blames the target only when an annotation follows.
    if (!valid) {
      const annotation = this.speculate(() => {
        this.advance()
        return this.expression()
      })
      if (annotation === null) this.invalidSyntax(colon)
    }
    if (target.kind === 'Tuple') this.fail('only single target (not tuple) can be annotated', target.span)
    if (target.kind === 'List') this.fail('only single target (not list) can be annotated', target.span)
    if (target.kind !== 'Name' && target.kind !== 'Attribute' && target.kind !== 'Subscript') {
      this.fail('illegal target for annotation', target.span)
    }
    this.advance()
    const annotation = this.expression()
    let value: A.Expr | null = null
    if (this.isOp('=')) {
      this.advance()
      value = this.starExpressions()
      this.noBareStar(value)
    }
    return { kind: 'AnnAssign', target, annotation, value, span: join(this.ext(target), this.ext(value ?? annotation)) }
  }

  /** Grammar: `return_stmt: 'return' [star_expressions]`. */
  private returnStatement(): A.Return {
    const t = this.advance()
    let value: A.Expr | null = null
    if (this.startsExpression(this.peek()) || this.isOp('*')) {
      value = this.starExpressions()
      this.noBareStar(value)
    }
    const span = value === null ? spanOf(t) : join(t, this.ext(value))
    if (!this.inFunction) this.semantic("'return' outside function", span)
    return { kind: 'Return', value, span }
  }

  /** Grammar: `del_stmt: 'del' del_targets &(';' | NEWLINE)`. */
  private delStatement(): A.Delete {
    const t = this.advance()
    const targets: A.Expr[] = []
    for (;;) {
      const target = this.starExpression()
      const bad = invalidTarget(target, 'del')
      if (bad !== null) this.fail(`cannot delete ${describe(bad)}`, bad.span)
      targets.push(target)
      if (!this.isOp(',')) break
      this.advance()
      if (!this.startsExpression(this.peek()) && !this.isOp('*')) break
    }
    return { kind: 'Delete', targets, span: join(t, this.previous()) }
  }

  /** Grammar: `assert_stmt: 'assert' expression [',' expression]`. */
  private assertStatement(): A.Assert {
    const t = this.advance()
    const test = this.expression()
    let msg: A.Expr | null = null
    if (this.isOp(',')) {
      this.advance()
      msg = this.expression()
    }
    return { kind: 'Assert', test, msg, span: join(t, this.ext(msg ?? test)) }
  }

  /** Grammar: `global_stmt: 'global' ','.NAME+  |  nonlocal_stmt: 'nonlocal' ','.NAME+`. */
  private scopeStatement(keyword: 'global' | 'nonlocal'): A.Global | A.Nonlocal {
    const t = this.advance()
    const names = [this.name()]
    while (this.isOp(',')) {
      this.advance()
      names.push(this.name())
    }
    const span = join(t, this.previous())
    if (keyword === 'global') return { kind: 'Global', names, span }
    if (!this.inFunction) this.semantic('nonlocal declaration not allowed at module level', span)
    return { kind: 'Nonlocal', names, span }
  }

  /** Grammar: `NAME`. */
  private name(): string {
    const t = this.peek()
    if (t.kind !== 'Name') this.invalidSyntax(t)
    this.advance()
    return t.value
  }

  /** Grammar: `dotted_name: dotted_name '.' NAME | NAME`. */
  private dottedName(): string {
    let name = this.name()
    while (this.isOp('.')) {
      this.advance()
      name += '.' + this.name()
    }
    return name
  }

  /** Grammar: `import_name: 'import' dotted_as_names`. */
  private importStatement(): A.Import {
    const t = this.advance()
    const names: A.ImportAlias[] = []
    for (;;) {
      const start = this.peek()
      const name = this.dottedName()
      const asname = this.optionalAlias()
      names.push({ name, asname, span: join(start, this.previous()) })
      if (!this.isOp(',')) break
      this.advance()
    }
    return { kind: 'Import', names, span: join(t, this.previous()) }
  }

  /** Grammar: `['as' NAME]`. */
  private optionalAlias(): string | null {
    if (!this.isKeyword('as')) return null
    this.advance()
    return this.name()
  }

  /** Grammar: `import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets | 'from' ('.' | '...')+ 'import' import_from_targets`. */
  private fromImportStatement(): A.ImportFrom {
    const t = this.advance()
    let level = 0
    for (;;) {
      if (this.isOp('.')) level += 1
      else if (this.isOp('...')) level += 3
      else break
      this.advance()
    }
    const module = level > 0 && this.isKeyword('import') ? null : this.dottedName()
    if (!this.isKeyword('import')) this.invalidSyntax(this.peek())
    this.advance()
    const names: A.ImportAlias[] = []
    if (this.isOp('*')) {
      const star = this.advance()
      names.push({ name: '*', asname: null, span: spanOf(star) })
    } else if (this.isOp('(')) {
      this.advance()
      do {
        if (this.isOp(')') && names.length > 0) break
        names.push(this.importAlias())
        if (!this.isOp(',')) break
        this.advance()
      } while (!this.isOp(')'))
      if (!this.isOp(')')) this.invalidSyntax(this.peek())
      this.advance()
    } else {
      for (;;) {
        names.push(this.importAlias())
        if (!this.isOp(',')) break
        this.advance()
        if (this.peek().kind === 'Newline' || this.isOp(';')) {
          this.fail('trailing comma not allowed without surrounding parentheses', this.peek())
        }
      }
    }
    return { kind: 'ImportFrom', module, level, names, span: join(t, this.previous()) }
  }

  /** Grammar: `import_from_as_name: NAME ['as' NAME]`. */
  private importAlias(): A.ImportAlias {
    const start = this.peek()
    const name = this.name()
    const asname = this.optionalAlias()
    return { name, asname, span: join(start, this.previous()) }
  }

  /** Grammar: `raise_stmt: 'raise' expression ['from' expression] | 'raise'`. */
  private raiseStatement(): A.Raise {
    const t = this.advance()
    let exc: A.Expr | null = null
    let cause: A.Expr | null = null
    if (this.startsExpression(this.peek())) {
      exc = this.expression()
      if (this.isKeyword('from')) {
        this.advance()
        cause = this.expression()
      }
    }
    const tail = cause ?? exc
    return { kind: 'Raise', exc, cause, span: join(t, tail === null ? t : this.ext(tail)) }
  }

  // ------------------------------------------------------------------------------------------ compound statements

  /** The `:` after a compound statement header; CPython says "expected ':'" when the line ends instead. */
  private headerColon(after: A.Expr | null): void {
    const t = this.peek()
    if (t.kind === 'Operator' && t.op === ':') {
      this.advance()
      return
    }
    if (t.kind === 'Newline' || after === null) this.fail("expected ':'", t)
    failAfter(this, after)
  }

  /**
   * Grammar: `block: NEWLINE INDENT statements DEDENT | simple_stmts`.
   * A block after `:`: an indented suite, or simple statements on the same line.
   */
  private block(header: Token, what: string): A.Stmt[] {
    const body: A.Stmt[] = []
    if (this.peek().kind !== 'Newline') {
      this.simpleStatements(body)
      return body
    }
    const newline = this.advance()
    const t = this.peek()
    if (t.kind !== 'Indent') {
      // At the end of the file CPython points at the header's line end.
      let ahead = 0
      while (this.peek(ahead).kind === 'Dedent') ahead++
      const at = this.peek(ahead).kind === 'EndOfFile' ? newline : t
      this.failIndentation(`expected an indented block after ${what} on line ${header.line}`, at)
    }
    this.advance()
    for (;;) {
      const next = this.peek()
      if (next.kind === 'Dedent') {
        this.advance()
        break
      }
      if (next.kind === 'EndOfFile') break
      this.statement(body)
    }
    return body
  }

  /**
   * Grammar: `the block of a for/while loop (where break and continue are allowed)`.
   * A loop body: `break`/`continue` are allowed inside it, but not in the loop's `else` block.
   */
  private loopBody(header: Token, what: string): A.Stmt[] {
    const outer = this.inLoop
    this.inLoop = true
    const body = this.block(header, what)
    this.inLoop = outer
    return body
  }

  /** Grammar: `named_expression (the test of if/elif/while)`. */
  private condition(): A.Expr {
    const test = this.expression()
    if (this.isOp(':=')) failAfter(this, test)
    return test
  }

  /** Grammar: `if_stmt: 'if' named_expression ':' block elif_stmt | 'if' named_expression ':' block [else_block]`. */
  private ifStatement(): A.If {
    const branches: A.IfBranch[] = []
    let header = this.advance()
    let what = "'if' statement"
    for (;;) {
      const test = this.condition()
      this.headerColon(test)
      const body = this.block(header, what)
      branches.push({ test, body, span: join(header, endOf(body, test)) })
      if (!this.isKeyword('elif')) break
      header = this.advance()
      what = "'elif' statement"
    }
    let orelse: A.Stmt[] = []
    if (this.isKeyword('else')) {
      const elseToken = this.advance()
      this.headerColon(null)
      orelse = this.block(elseToken, "'else' statement")
    }
    const last = branches[branches.length - 1]
    return { kind: 'If', branches, orelse, span: join(branches[0].span, orelse.length > 0 ? endOf(orelse, last.test) : last.span) }
  }

  /** Grammar: `while_stmt: 'while' named_expression ':' block [else_block]`. */
  private whileStatement(): A.While {
    const header = this.advance()
    const test = this.condition()
    this.headerColon(test)
    const body = this.loopBody(header, "'while' statement")
    const orelse = this.elseBlock()
    return { kind: 'While', test, body, orelse, span: join(header, endOf(orelse.length > 0 ? orelse : body, test)) }
  }

  /**
   * Grammar: `with_stmt: 'with' ','.with_item+ ':' block  (with_item: expression 'as' star_target | expression)`.
   * `with a as x, b:` (context managers such as torch.no_grad(); `as` binds a plain name only).
   */
  private withStatement(): A.With {
    const header = this.advance()
    const items: A.WithItem[] = []
    for (;;) {
      const context = this.expression()
      let name: string | null = null
      let nameSpan: Span | null = null
      if (this.isKeyword('as')) {
        this.advance()
        const t = this.peek()
        if (t.kind !== 'Name') this.invalidSyntax(t)
        this.advance()
        name = t.value
        nameSpan = spanOf(t)
      }
      items.push({ context, name, nameSpan })
      if (!this.isOp(',')) break
      this.advance()
    }
    const last = items[items.length - 1]
    this.headerColon(last.context)
    const body = this.block(header, "'with' statement")
    return { kind: 'With', items, body, span: join(header, endOf(body, last.context)) }
  }

  /** Grammar: `else_block: 'else' ':' block`. */
  private elseBlock(): A.Stmt[] {
    if (!this.isKeyword('else')) return []
    const elseToken = this.advance()
    this.headerColon(null)
    return this.block(elseToken, "'else' statement")
  }

  /** Grammar: `for_stmt: 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]`. */
  private forStatement(): A.For {
    const header = this.advance()
    const target = this.forTarget()
    this.advance()
    const iter = this.starExpressions()
    this.noBareStar(iter)
    this.headerColon(iter)
    const body = this.loopBody(header, "'for' statement")
    const orelse = this.elseBlock()
    return { kind: 'For', target, iter, body, orelse, span: join(header, endOf(orelse.length > 0 ? orelse : body, iter)) }
  }

  /**
   * Grammar: `the star_targets of a for loop (or a comprehension), before 'in'`.
   * The target of `for ... in` (statement or comprehension), left before `in`. Targets are primaries, so
   * `for x, y in z` does not read `y in z` as a comparison.
   */
  private forTarget(): A.Expr {
    const start = this.pos
    let target: A.Expr
    try {
      target = this.targetList()
      if (!this.isKeyword('in')) this.invalidSyntax(this.peek())
    } catch (e) {
      // Re-read the whole thing as an expression to name what cannot be assigned to, as CPython does.
      if (!(e instanceof ParseFailure) || e.final || this.speculating > 1) throw e
      const resume = this.pos
      this.pos = start
      const whole = this.speculate(() => this.starExpressions())
      const bad = whole === null ? null : invalidTarget(whole, 'for')
      if (bad !== null) this.fail(`cannot assign to ${describe(bad)}`, bad.span)
      this.pos = resume
      throw e
    }
    const bad = invalidTarget(target, 'for')
    if (bad !== null) this.fail(`cannot assign to ${describe(bad)}`, bad.span)
    this.checkStarredTargets(target)
    return target
  }

  /**
   * Grammar: `star_targets: star_target !',' | star_target (',' star_target)* [',']`.
   * Comma-separated targets (primaries, possibly starred) up to `in`.
   */
  private targetList(): A.Expr {
    const first = this.starTarget()
    if (!this.isOp(',')) return first
    const elts = [first]
    while (this.isOp(',')) {
      this.advance()
      if (this.isKeyword('in')) break
      elts.push(this.starTarget())
    }
    return { kind: 'Tuple', elts, span: join(this.ext(first), this.previous()) }
  }

  /** Grammar: `star_target: '*' (!'*' star_target) | target_with_star_atom`. */
  private starTarget(): A.Expr {
    const t = this.peek()
    if (t.kind === 'Operator' && t.op === '*') {
      this.advance()
      const value = this.primary()
      return { kind: 'Starred', value, span: join(t, this.ext(value)) }
    }
    return this.primary()
  }

  /** Grammar: `decorators: ('@' named_expression NEWLINE)+, then function_def_raw`. */
  private decorated(): A.Stmt {
    const first = this.peek()
    const decorators: A.Expr[] = []
    while (this.isOp('@')) {
      this.advance()
      const decorator = this.condition()
      decorators.push(decorator)
      if (this.peek().kind !== 'Newline') failAfter(this, decorator)
      this.advance()
    }
    const t = this.peek()
    if (t.kind === 'Keyword' && t.keyword === 'def') return this.functionDef(decorators, first)
    this.invalidSyntax(t)
  }

  /** Grammar: `function_def_raw: 'def' NAME '(' [params] ')' ['->' expression] ':' [func_type_comment] block`. */
  private functionDef(decorators: A.Expr[], start: Token): A.FunctionDef {
    const header = this.advance()
    const nameToken = this.peek()
    if (nameToken.kind !== 'Name') this.invalidSyntax(nameToken)
    this.advance()
    if (!this.isOp('(')) this.fail("expected '('", this.peek())
    this.advance()
    this.bracketDepth++
    const params = this.parameters(')', true)
    this.bracketDepth--
    this.advance()
    let returns: A.Expr | null = null
    if (this.isOp('->')) {
      this.advance()
      returns = this.expression()
    }
    if (!this.isOp(':')) this.fail("expected ':'", this.peek())
    this.advance()
    const outer = { inLoop: this.inLoop, inFunction: this.inFunction }
    this.inLoop = false
    this.inFunction = true
    const body = this.block(header, 'function definition')
    this.inLoop = outer.inLoop
    this.inFunction = outer.inFunction
    return {
      kind: 'FunctionDef',
      name: nameToken.value,
      nameSpan: spanOf(nameToken),
      params,
      returns,
      body,
      decorators,
      span: join(start, endOf(body, returns ?? nameToken))
    }
  }

  /**
   * Grammar: `parameters: slash_no_default? param_no_default* param_with_default* [star_etc] (and lambda_parameters for ':')`.
   * Parameters up to (not including) `closer`: `)` for `def`, `:` for `lambda` (no annotations there).
   */
  private parameters(closer: ')' | ':', annotations: boolean): A.Parameters {
    const positional: A.Parameter[] = []
    const kwonly: A.Parameter[] = []
    let vararg: A.Parameter | null = null
    let kwarg: A.Parameter | null = null
    let star: Token | null = null
    let sawDefault = false
    while (!this.isOp(closer)) {
      const t = this.peek()
      if (kwarg !== null) this.fail('arguments cannot follow var-keyword argument', t)
      if (t.kind === 'Operator' && t.op === '/') {
        this.fail("positional-only parameters ('/') are not supported in Backprop Ninja", t)
      }
      if (t.kind === 'Operator' && t.op === '**') {
        this.advance()
        kwarg = this.parameter(annotations, 'var-keyword')
      } else if (t.kind === 'Operator' && t.op === '*') {
        if (star !== null) this.fail('* argument may appear only once', t)
        star = this.advance()
        if (!this.isOp(',') && !this.isOp(closer)) vararg = this.parameter(annotations, 'var-positional')
      } else {
        const p = this.parameter(annotations, null)
        if (star !== null) kwonly.push(p)
        else {
          if (p.default !== null) sawDefault = true
          else if (sawDefault) this.fail('non-default argument follows default argument', p.span)
          positional.push(p)
        }
      }
      if (!this.isOp(',')) break
      this.advance()
    }
    if (!this.isOp(closer)) this.invalidSyntax(this.peek())
    if (star !== null && vararg === null && kwonly.length === 0) this.fail('named arguments must follow bare *', star)
    const seen = new Set<string>()
    for (const p of [...positional, ...(vararg ? [vararg] : []), ...kwonly, ...(kwarg ? [kwarg] : [])]) {
      if (seen.has(p.name)) this.semantic(`duplicate argument '${p.name}' in function definition`, p.span)
      seen.add(p.name)
    }
    return { positional, vararg, kwonly, kwarg }
  }

  /** Grammar: `param: NAME annotation?  (star_etc: '*' param_no_default ... | '*' ',' ... | kwds: '**' param_no_default)`. */
  private parameter(annotations: boolean, variadic: 'var-positional' | 'var-keyword' | null): A.Parameter {
    const t = this.peek()
    if (t.kind !== 'Name') this.invalidSyntax(t)
    this.advance()
    let annotation: A.Expr | null = null
    if (annotations && this.isOp(':')) {
      this.advance()
      annotation = this.expression()
    }
    let value: A.Expr | null = null
    if (this.isOp('=')) {
      if (variadic !== null) this.fail(`${variadic} argument cannot have default value`, this.peek())
      this.advance()
      value = this.expression()
    }
    return { name: t.value, annotation, default: value, span: spanOf(t) }
  }

  // ------------------------------------------------------------------------------------------ expressions

  /**
   * Grammar: `an expression on its own (an f-string field, a default value): expression ENDMARKER`.
   * An expression that must make up the whole input (parseExpression, f-string fields).
   */
  standaloneExpression(): A.Expr {
    this.bracketDepth = 1
    const e = this.starExpressions()
    if (e.kind === 'Starred') this.fail('cannot use starred expression here', e.span)
    if (this.peek().kind !== 'EndOfFile') failAfter(this, e)
    return e
  }

  /**
   * Grammar: `star_expressions: star_expression (',' star_expression)+ [','] | star_expression ',' | star_expression`.
   * `a, *b, c`: a tuple without parentheses, or a single (possibly starred) expression.
   */
  starExpressions(): A.Expr {
    const first = this.starExpression()
    if (!this.isOp(',')) return first
    const elts = [first]
    let end: Span = this.ext(first)
    while (this.isOp(',')) {
      end = this.advance()
      const t = this.peek()
      if (!this.startsExpression(t) && !(t.kind === 'Operator' && t.op === '*')) break
      const e = this.starExpression()
      elts.push(e)
      end = this.ext(e)
    }
    return { kind: 'Tuple', elts, span: join(this.ext(first), end) }
  }

  /** Grammar: `star_expression: '*' bitwise_or | expression`. */
  private starExpression(): A.Expr {
    const t = this.peek()
    if (t.kind === 'Operator' && t.op === '*') {
      this.advance()
      const value = this.bitwiseOr()
      return { kind: 'Starred', value, span: join(t, this.ext(value)) }
    }
    return this.expression()
  }

  /**
   * Grammar: `star_named_expression: '*' bitwise_or | named_expression`.
   * An element of a display or argument list: walrus is recognised only to reject it clearly.
   */
  private element(): A.Expr {
    const e = this.starExpression()
    if (this.isOp(':=')) failAfter(this, e)
    return e
  }

  /**
   * Grammar: `expression: disjunction 'if' disjunction 'else' expression | disjunction | lambdef`.
   * `body if test else orelse`, a lambda, or a disjunction.
   */
  expression(): A.Expr {
    const start = this.peek()
    this.enter(1, start)
    let result: A.Expr
    if (start.kind === 'Keyword' && start.keyword === 'lambda') result = this.lambda()
    else {
      const body = this.disjunction()
      if (this.isKeyword('if')) {
        this.advance()
        const test = this.disjunction()
        if (!this.isKeyword('else')) {
          if (this.isOp(':')) this.invalidSyntax(this.peek())
          this.fail("expected 'else' after 'if' expression", join(this.ext(body), this.ext(test)))
        }
        this.advance()
        const orelse = this.expression()
        result = { kind: 'IfExp', test, body, orelse, span: join(this.ext(body), this.ext(orelse)) }
      } else result = body
    }
    this.depth -= 1
    return result
  }

  /** Grammar: `lambdef: 'lambda' [lambda_params] ':' expression`. */
  private lambda(): A.Lambda {
    const t = this.advance()
    const params = this.parameters(':', false)
    this.advance()
    const body = this.expression()
    return { kind: 'Lambda', params, body, span: join(t, this.ext(body)) }
  }

  /** Grammar: `disjunction: conjunction ('or' conjunction)+ | conjunction`. */
  private disjunction(): A.Expr {
    const first = this.conjunction()
    if (!this.isKeyword('or')) return first
    const values = [first]
    while (this.isKeyword('or')) {
      this.advance()
      values.push(this.conjunction())
    }
    return { kind: 'BoolOp', op: 'or', values, span: join(this.ext(first), this.ext(values[values.length - 1])) }
  }

  /** Grammar: `conjunction: inversion ('and' inversion)+ | inversion`. */
  private conjunction(): A.Expr {
    const first = this.inversion()
    if (!this.isKeyword('and')) return first
    const values = [first]
    while (this.isKeyword('and')) {
      this.advance()
      values.push(this.inversion())
    }
    return { kind: 'BoolOp', op: 'and', values, span: join(this.ext(first), this.ext(values[values.length - 1])) }
  }

  /** Grammar: `inversion: 'not' inversion | comparison`. */
  private inversion(): A.Expr {
    const t = this.peek()
    if (t.kind !== 'Keyword' || t.keyword !== 'not') return this.comparison()
    this.advance()
    this.enter(1, t)
    const operand = this.inversion()
    this.depth -= 1
    return { kind: 'UnaryOp', op: 'not', operand, opSpan: spanOf(t), span: join(t, this.ext(operand)) }
  }

  /** Grammar: `comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or`. */
  private comparison(): A.Expr {
    const left = this.bitwiseOr()
    let op = this.comparisonOperator()
    if (op === null) return left
    const ops: A.CompareOperator[] = []
    const opSpans: Span[] = []
    const comparators: A.Expr[] = []
    while (op !== null) {
      ops.push(op.op)
      opSpans.push(op.span)
      comparators.push(this.bitwiseOr())
      op = this.comparisonOperator()
    }
    const span = join(this.ext(left), this.ext(comparators[comparators.length - 1]))
    return { kind: 'Compare', left, ops, comparators, opSpans, span }
  }

  /** Grammar: `compare_op_bitwise_or_pair: '==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in' | 'is' 'not' | 'is' (then bitwise_or)`. */
  private comparisonOperator(): { op: A.CompareOperator; span: Span } | null {
    const t = this.peek()
    if (t.kind === 'Operator' && SIMPLE_COMPARISONS.has(t.op)) {
      this.advance()
      return { op: t.op as A.CompareOperator, span: spanOf(t) }
    }
    if (t.kind !== 'Keyword') return null
    if (t.keyword === 'in') {
      this.advance()
      return { op: 'in', span: spanOf(t) }
    }
    if (t.keyword === 'not') {
      const next = this.peek(1)
      if (next.kind !== 'Keyword' || next.keyword !== 'in') return null
      this.advance()
      this.advance()
      return { op: 'not in', span: join(t, next) }
    }
    if (t.keyword === 'is') {
      this.advance()
      const next = this.peek()
      if (next.kind === 'Keyword' && next.keyword === 'not') {
        this.advance()
        return { op: 'is not', span: join(t, next) }
      }
      return { op: 'is', span: spanOf(t) }
    }
    return null
  }

  /** Grammar: `bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor (down through ^ & << >> + - * / // % @, by precedence)`. */
  bitwiseOr(): A.Expr {
    return this.binary(1)
  }

  /**
   * Grammar: `the binary levels of bitwise_or .. term by precedence climbing: each level is  level: level OP next | next`.
   * Binary operators by precedence climbing: loops along a chain, recursing only to a higher precedence.
   */
  private binary(minPrecedence: number): A.Expr {
    let left = this.factor()
    for (;;) {
      const t = this.peek()
      if (t.kind !== 'Operator') return left
      const precedence = BINARY_PRECEDENCE.get(t.op)
      if (precedence === undefined || precedence < minPrecedence) return left
      this.advance()
      const right = this.binary(precedence + 1)
      const op = t.op as A.BinaryOperator
      left = { kind: 'BinOp', op, left, right, opSpan: spanOf(t), span: join(this.ext(left), this.ext(right)) }
    }
  }

  /**
   * Grammar: `factor: '+' factor | '-' factor | '~' factor | power`.
   * Prefix `+ - ~`, which bind looser than `**` on their right: `-x**2` is `-(x**2)`.
   */
  private factor(): A.Expr {
    const t = this.peek()
    if (t.kind === 'Operator' && (t.op === '-' || t.op === '+' || t.op === '~')) {
      this.advance()
      this.enter(1, t)
      const operand = this.factor()
      this.depth -= 1
      return { kind: 'UnaryOp', op: t.op, operand, opSpan: spanOf(t), span: join(t, this.ext(operand)) }
    }
    return this.power()
  }

  /**
   * Grammar: `power: await_primary '**' factor | await_primary`.
   * `base ** exponent`, right-associative; the exponent may carry a sign (`2**-1`).
   */
  private power(): A.Expr {
    const base = this.primary()
    const t = this.peek()
    if (t.kind !== 'Operator' || t.op !== '**') return base
    this.advance()
    this.enter(1, t)
    const exponent = this.factor()
    this.depth -= 1
    return { kind: 'BinOp', op: '**', left: base, right: exponent, opSpan: spanOf(t), span: join(this.ext(base), this.ext(exponent)) }
  }

  /**
   * Grammar: `primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')' | primary '[' slices ']' | atom`.
   * An atom followed by any number of `.name`, `(args)` and `[index]`, in a loop (chains can be very long).
   */
  primary(): A.Expr {
    let e = this.atom()
    for (;;) {
      const t = this.peek()
      if (t.kind !== 'Operator') return e
      if (t.op === '.') {
        this.advance()
        const name = this.peek()
        if (name.kind !== 'Name') this.invalidSyntax(name)
        this.advance()
        e = { kind: 'Attribute', value: e, attr: name.value, attrSpan: spanOf(name), span: join(this.ext(e), name) }
      } else if (t.op === '(') {
        e = this.call(e)
      } else if (t.op === '[') {
        e = this.subscript(e)
      } else return e
    }
  }

  /** Grammar: `atom: NAME | 'True' | 'False' | 'None' | strings | NUMBER | (tuple | group | genexp) | (list | listcomp) | (dict | set | dictcomp | setcomp) | '...'`. */
  atom(): A.Expr {
    const t = this.peek()
    switch (t.kind) {
      case 'Name':
        this.advance()
        return { kind: 'Name', id: t.value, span: spanOf(t) }
      case 'Int':
        this.advance()
        return { kind: 'Int', value: t.value, span: spanOf(t) }
      case 'Float':
        this.advance()
        return { kind: 'Float', value: t.value, span: spanOf(t) }
      case 'String':
        return this.strings()
      case 'Keyword':
        if (t.keyword === 'True' || t.keyword === 'False') {
          this.advance()
          return { kind: 'Bool', value: t.keyword === 'True', span: spanOf(t) }
        }
        if (t.keyword === 'None') {
          this.advance()
          return { kind: 'None', span: spanOf(t) }
        }
        return this.invalidSyntax(t)
      case 'Operator':
        switch (t.op) {
          case '(':
            return this.bracketed(t, () => this.parenthesized())
          case '[':
            return this.bracketed(t, () => this.listDisplay())
          case '{':
            return this.bracketed(t, () => this.braceDisplay())
          case '...':
            this.advance()
            return { kind: 'Ellipsis', span: spanOf(t) }
          default:
            return this.invalidSyntax(t)
        }
      default:
        return this.invalidSyntax(t)
    }
  }

  /** Runs `inside` with the bracket bookkeeping (nesting budget, comma hints) in place. */
  private bracketed<T>(open: Token, inside: () => T): T {
    this.enter(2, open)
    this.bracketDepth++
    const result = inside()
    this.bracketDepth--
    this.depth -= 2
    return result
  }

  /** Consumes the closing bracket `closer`, or explains what is wrong with the element `prev` before it. */
  private close(closer: Operator, prev: A.Expr, namedExpression = true): Token {
    if (!this.isOp(closer)) failAfter(this, prev, namedExpression)
    return this.advance()
  }

  /** After the first element: `, element`* then `closer`; returns the closing token. */
  private elementsUntil(elts: A.Expr[], closer: Operator): Token {
    for (;;) {
      if (this.isOp(closer)) return this.advance()
      if (!this.isOp(',')) failAfter(this, elts[elts.length - 1])
      this.advance()
      if (this.isOp(closer)) return this.advance()
      elts.push(this.element())
    }
  }

  /** Grammar: `tuple: '(' [star_named_expression ',' [star_named_expressions]] ')' | group: '(' (yield_expr | named_expression) ')' | genexp`. */
  private parenthesized(): A.Expr {
    const open = this.advance()
    if (this.isOp(')')) return { kind: 'Tuple', elts: [], span: join(open, this.advance()) }
    const first = this.element()
    if (this.isKeyword('for')) {
      const generators = this.comprehensionClauses(first)
      const close = this.close(')', first)
      return { kind: 'GeneratorExp', elt: first, generators, span: join(open, close) }
    }
    if (this.isOp(')')) {
      const close = this.advance()
      if (first.kind === 'Starred') this.fail('cannot use starred expression here', first.span)
      this.parens.set(first, join(open, close))
      return first
    }
    if (!this.isOp(',')) failAfter(this, first)
    const elts = [first]
    const close = this.elementsUntil(elts, ')')
    return { kind: 'Tuple', elts, span: join(open, close) }
  }

  /** Grammar: `list: '[' [star_named_expressions] ']' | listcomp: '[' named_expression for_if_clauses ']'`. */
  private listDisplay(): A.Expr {
    const open = this.advance()
    if (this.isOp(']')) return { kind: 'List', elts: [], span: join(open, this.advance()) }
    const first = this.element()
    if (this.isKeyword('for')) {
      const generators = this.comprehensionClauses(first)
      const close = this.close(']', first)
      return { kind: 'ListComp', elt: first, generators, span: join(open, close) }
    }
    const elts = [first]
    const close = this.elementsUntil(elts, ']')
    return { kind: 'List', elts, span: join(open, close) }
  }

  /**
   * Grammar: `dict: '{' [double_starred_kvpairs] '}' | set: '{' star_named_expressions '}' | dictcomp | setcomp`.
   * `{}` and dicts, sets and their comprehensions.
   */
  private braceDisplay(): A.Expr {
    const open = this.advance()
    if (this.isOp('}')) return { kind: 'Dict', entries: [], span: join(open, this.advance()) }
    if (this.isOp('**')) return this.dictRest(open, [])
    const first = this.element()
    if (first.kind !== 'Starred' && this.isOp(':')) {
      const value = this.dictValue()
      if (this.isKeyword('for')) {
        const generators = this.comprehensionClauses(value)
        const close = this.close('}', value, false)
        return { kind: 'DictComp', key: first, value, generators, span: join(open, close) }
      }
      return this.dictRest(open, [{ kind: 'pair', key: first, value }])
    }
    if (this.isKeyword('for')) {
      const generators = this.comprehensionClauses(first)
      const close = this.close('}', first)
      return { kind: 'SetComp', elt: first, generators, span: join(open, close) }
    }
    const elts = [first]
    const close = this.elementsUntil(elts, '}')
    return { kind: 'Set', elts, span: join(open, close) }
  }

  /**
   * Grammar: `the value of kvpair: expression ':' expression`.
   * The value after a dict key's `:` (which is consumed here).
   */
  private dictValue(): A.Expr {
    const colon = this.advance()
    const t = this.peek()
    if (!this.startsExpression(t)) this.fail("expression expected after dictionary key and ':'", colon)
    return this.expression()
  }

  /**
   * Grammar: `double_starred_kvpairs: ','.double_starred_kvpair+ [',']  (double_starred_kvpair: '**' bitwise_or | kvpair)`.
   * Dict entries after those already read, through the closing `}`.
   */
  private dictRest(open: Token, entries: A.DictEntry[]): A.Dict {
    let needComma = entries.length > 0
    for (;;) {
      if (this.isOp('}')) break
      if (needComma) {
        if (!this.isOp(',')) {
          const last = entries[entries.length - 1]
          // `**a b` is not two expressions side by side, so no comma hint (as in CPython).
          if (last.kind === 'unpack') this.invalidSyntax(this.peek())
          failAfter(this, last.value, false)
        }
        this.advance()
        if (this.isOp('}')) break
      }
      needComma = true
      if (this.isOp('**')) {
        this.advance()
        entries.push({ kind: 'unpack', value: this.bitwiseOr() })
        continue
      }
      const key = this.expression()
      if (!this.isOp(':')) {
        const t = this.peek()
        if ((t.kind === 'Operator' && (t.op === ',' || t.op === '}')) || t.kind === 'Newline') {
          this.fail("':' expected after dictionary key", key.span)
        }
        failAfter(this, key)
      }
      entries.push({ kind: 'pair', key, value: this.dictValue() })
    }
    return { kind: 'Dict', entries, span: join(open, this.advance()) }
  }

  /**
   * Grammar: `for_if_clauses: for_if_clause+  (for_if_clause: 'for' star_targets 'in' ~ disjunction ('if' disjunction)*)`.
   * `for target in iter if cond ...` clauses of a comprehension whose element is `elt`.
   */
  private comprehensionClauses(elt: A.Expr): A.Comprehension[] {
    if (elt.kind === 'Starred') this.fail('iterable unpacking cannot be used in comprehension', elt.span)
    const generators: A.Comprehension[] = []
    while (this.isKeyword('for') || this.isKeyword('async')) {
      const t = this.advance()
      if (t.kind === 'Keyword' && t.keyword === 'async') this.unsupported(t)
      const target = this.forTarget()
      this.advance()
      const iter = this.disjunction()
      const ifs: A.Expr[] = []
      while (this.isKeyword('if')) {
        this.advance()
        ifs.push(this.disjunction())
      }
      generators.push({ target, iter, ifs, span: join(t, this.ext(ifs[ifs.length - 1] ?? iter)) })
    }
    return generators
  }

  /** Grammar: `primary '[' slices ']'`. */
  private subscript(value: A.Expr): A.Expr {
    const outerBrackets = this.bracketDepth
    return this.bracketed(this.peek(), () => {
      this.advance()
      if (this.isOp(']') && outerBrackets > 0) {
        // `a[]` inside brackets reads, to CPython, as `a` then an empty list: a missing comma.
        this.fail('invalid syntax. Perhaps you forgot a comma?', join(this.ext(value), this.peek()))
      }
      if (this.isOp(']')) this.invalidSyntax(this.peek())
      const index = this.slices()
      const close = this.close(']', index)
      return { kind: 'Subscript', value, index, span: join(this.ext(value), close) }
    })
  }

  /**
   * Grammar: `slices: slice !',' | ','.(slice | starred_expression)+ [',']`.
   * The inside of `[...]`: one item, or a tuple of items (`a[i, j]`, `a[:, None]`).
   */
  private slices(): A.Expr {
    const first = this.sliceItem()
    if (!this.isOp(',')) return first
    const elts = [first]
    let end: Span = this.ext(first)
    while (this.isOp(',')) {
      end = this.advance()
      if (this.isOp(']')) break
      const e = this.sliceItem()
      elts.push(e)
      end = this.ext(e)
    }
    return { kind: 'Tuple', elts, span: join(this.ext(first), end) }
  }

  /** Grammar: `slice: [expression] ':' [expression] [':' [expression]] | named_expression`. */
  private sliceItem(): A.Expr {
    const start = this.peek()
    let lower: A.Expr | null = null
    if (!this.isOp(':')) {
      lower = this.element()
      if (!this.isOp(':') || lower.kind === 'Starred') return lower
    }
    this.advance()
    const endsPart = (): boolean => this.isOp(':') || this.isOp(']') || this.isOp(',')
    const upper = endsPart() ? null : this.expression()
    let step: A.Expr | null = null
    if (this.isOp(':')) {
      this.advance()
      if (!this.isOp(']') && !this.isOp(',')) step = this.expression()
    }
    return { kind: 'Slice', lower, upper, step, span: join(lower === null ? start : this.ext(lower), this.previous()) }
  }

  /** Grammar: `primary '(' [arguments] ')'  (arguments: args [','] &')'; args: positional, *args, keyword, **kwargs in Python's order)`. */
  private call(func: A.Expr): A.Expr {
    return this.bracketed(this.peek(), () => {
      this.advance()
      const args: A.Argument[] = []
      const keywords = new Set<string>()
      let sawKeyword = false
      let sawDoubleStar = false
      // CPython reports a misplaced positional argument only if the whole argument list parses otherwise.
      let misplaced: { message: string; span: Span } | null = null
      while (!this.isOp(')')) {
        const t = this.peek()
        let last: A.Expr
        if (t.kind === 'Operator' && (t.op === '*' || t.op === '**')) {
          this.advance()
          const value = this.expression()
          if (t.op === '*') {
            if (sawDoubleStar) this.fail('iterable argument unpacking follows keyword argument unpacking', t)
            args.push({ kind: 'star', value, span: join(t, this.ext(value)) })
          } else {
            sawDoubleStar = true
            args.push({ kind: 'doublestar', value, span: join(t, this.ext(value)) })
          }
          last = value
        } else if (t.kind === 'Name' && this.isOp('=', 1)) {
          this.advance()
          const equals = this.advance()
          const value = this.expression()
          if (this.isKeyword('for')) {
            this.fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", join(t, equals))
          }
          const span = join(t, this.ext(value))
          if (keywords.has(t.value)) this.semantic(`keyword argument repeated: ${t.value}`, span)
          keywords.add(t.value)
          sawKeyword = true
          args.push({ kind: 'keyword', name: t.value, nameSpan: spanOf(t), value, span })
          last = value
        } else {
          let value = this.element()
          if (this.isKeyword('for')) {
            const generators = this.comprehensionClauses(value)
            value = { kind: 'GeneratorExp', elt: value, generators, span: join(this.ext(value), this.previous()) }
            if (args.length > 0 || !this.isOp(')')) this.fail('Generator expression must be parenthesized', value.span)
          }
          if (this.isOp('=')) {
            const equals = this.peek()
            if (value.kind === 'Bool' || value.kind === 'None') {
              this.fail(`cannot assign to ${describe(value)}`, join(this.ext(value), equals))
            }
            this.fail('expression cannot contain assignment, perhaps you meant "=="?', join(this.ext(value), equals))
          }
          if (misplaced === null && sawDoubleStar) {
            misplaced = { message: 'positional argument follows keyword argument unpacking', span: value.span }
          } else if (misplaced === null && sawKeyword) {
            misplaced = { message: 'positional argument follows keyword argument', span: value.span }
          }
          args.push({ kind: 'positional', value, span: this.ext(value) })
          last = value
        }
        if (this.isOp(')')) break
        if (!this.isOp(',')) failAfter(this, last, false)
        this.advance()
      }
      if (misplaced !== null) this.fail(misplaced.message, misplaced.span)
      const close = this.advance()
      return { kind: 'Call', func, args, span: join(this.ext(func), close) }
    })
  }

  // ------------------------------------------------------------------------------------------ strings

  /**
   * Grammar: `strings: STRING+ (adjacent literals joined; f-strings parsed into their fields)`.
   * Adjacent string literals, concatenated: Str, Bytes, or FString if any part is an f-string.
   */
  private strings(): A.Expr {
    const tokens: StringToken[] = []
    for (let t = this.peek(); t.kind === 'String'; t = this.peek()) {
      tokens.push(t)
      this.advance()
    }
    const first = tokens[0]
    const span = join(first, tokens[tokens.length - 1])
    const bytes = tokens.filter((t) => t.isBytes).length
    if (bytes > 0 && bytes < tokens.length) this.fail('cannot mix bytes and nonbytes literals', span)
    if (bytes > 0) {
      const value: number[] = []
      for (const t of tokens) {
        if (/[^\x00-\x7f]/.test(t.body)) this.fail('bytes can only contain ASCII literal characters', t)
        const text = t.isRaw ? t.body : this.decoded(t, true)
        for (let i = 0; i < text.length; i++) value.push(text.charCodeAt(i))
      }
      return { kind: 'Bytes', value, span }
    }
    if (!tokens.some((t) => t.isFormat)) {
      let value = ''
      for (const t of tokens) value += t.isRaw ? t.body : this.decoded(t, false)
      return { kind: 'Str', value, span }
    }
    const parts: A.FStringPart[] = []
    for (const t of tokens) {
      if (!t.isFormat) {
        pushText(parts, t.isRaw ? t.body : this.decoded(t, false))
        continue
      }
      const split = splitFString(t.body, t.isRaw)
      if (!split.ok) this.fail(split.message, this.bodySpan(t, split.start, split.end))
      for (const part of this.fstringParts(t, split.pieces)) {
        if (part.kind === 'text') pushText(parts, part.value)
        else parts.push(part)
      }
    }
    return { kind: 'FString', parts, span }
  }

  private decoded(t: StringToken, isBytes: boolean): string {
    const result = decodeEscapes(t.body, isBytes)
    if (!result.ok) this.fail(result.message, this.bodySpan(t, result.start, result.end))
    return result.value
  }

  private fstringParts(t: StringToken, pieces: readonly FStringPiece[]): A.FStringPart[] {
    const parts: A.FStringPart[] = []
    for (const piece of pieces) {
      if (piece.kind === 'text') {
        pushText(parts, piece.value)
        continue
      }
      if (piece.debugText !== null) pushText(parts, piece.debugText)
      parts.push(this.fstringField(t, piece))
    }
    return parts
  }

  /** Parses one field's expression with its own tokenizer, placed at its real position in the file. */
  private fstringField(t: StringToken, piece: FStringFieldPiece): A.FStringField {
    const at = this.bodySpan(t, piece.sourceStart, piece.sourceStart)
    const tokens = new TokenStream(piece.source, { line: at.line, col: at.col, expression: true })
    const sub = new Parser(tokens, this.fstringLevel + 1)
    sub.depth = this.depth
    const result = sub.run(() => sub.standaloneExpression())
    if (!result.ok) {
      const e = result.error
      this.fail(e.message.startsWith('f-string') ? e.message : `f-string: ${e.message}`, e)
    }
    const formatSpec = piece.spec === null ? null : this.fstringParts(t, piece.spec)
    return {
      kind: 'field',
      value: result.value,
      conversion: piece.conversion,
      formatSpec,
      span: this.bodySpan(t, piece.start, piece.end)
    }
  }

  /** The span of body offsets [start, end) of string token `t`. */
  private bodySpan(t: StringToken, start: number, end: number): Span {
    const a = bodyPosition(t, start)
    const b = bodyPosition(t, end)
    return { line: a.line, col: a.col, endLine: b.line, endCol: b.col }
  }
}

/** Line and column of body offset `offset` of string token `t` (bodies may span lines; columns are code points). */
function bodyPosition(t: StringToken, offset: number): { line: number; col: number } {
  let line = t.bodyLine
  let col = t.bodyCol
  const body = t.body
  const stop = Math.min(offset, body.length)
  for (let i = 0; i < stop; i++) {
    const c = body.charCodeAt(i)
    if (c === 10) {
      line++
      col = 1
    } else if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && body.charCodeAt(i - 1) >= 0xd800 && body.charCodeAt(i - 1) <= 0xdbff)) {
      col++
    }
  }
  return { line, col }
}

function pushText(parts: A.FStringPart[], value: string): void {
  if (value === '') return
  const last = parts[parts.length - 1]
  if (last !== undefined && last.kind === 'text') parts[parts.length - 1] = { kind: 'text', value: last.value + value }
  else parts.push({ kind: 'text', value })
}

/** The end of a block for span purposes: its last statement, or `fallback` if the block is empty. */
function endOf(body: readonly A.Stmt[], fallback: Span | A.Expr): Span {
  const last = body[body.length - 1]
  if (last !== undefined) return last.span
  return 'span' in fallback ? fallback.span : fallback
}

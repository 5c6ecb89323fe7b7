// Test helpers: parse-or-fail wrappers and a compact S-expression view of the AST, so precedence and shape
// tests read as one line each.
import { expect } from 'vitest'
import type * as A from '../../src/core/lang/syntax/ast'
import { parse, parseExpression } from '../../src/core/lang/syntax/parser'
import type { SyntaxErrorInfo } from '../../src/core/lang/syntax/errors'

/** Parses `source` as a module and fails the test with the syntax error if it does not parse. */
export function parseOk(source: string): A.Module {
  const result = parse(source)
  if (!result.ok) expect.fail(`unexpected ${result.error.type}: ${result.error.message} at ${result.error.line}:${result.error.col}`)
  return result.module
}

/** Parses `source` and returns its syntax error, failing the test if it parses. */
export function parseError(source: string): SyntaxErrorInfo {
  const result = parse(source)
  if (result.ok) expect.fail(`expected a syntax error for ${JSON.stringify(source)}`)
  return result.error
}

/** Parses a single expression (via an assignment-free expression statement) and returns it. */
export function expr(source: string): A.Expr {
  const module = parseOk(source)
  expect(module.body).toHaveLength(1)
  const stmt = module.body[0]
  if (stmt.kind !== 'ExprStmt') return expect.fail(`expected an expression statement, got ${stmt.kind}`)
  return stmt.value
}

/** The S-expression of a single expression source. */
export function sx(source: string): string {
  return sexpr(expr(source))
}

/** The S-expression of `parseExpression(source)`. */
export function sxExpression(source: string): string {
  const result = parseExpression(source)
  if (!result.ok) return expect.fail(`unexpected ${result.error.message}`)
  return sexpr(result.expr)
}

const opt = (e: A.Expr | null): string => (e === null ? '_' : sexpr(e))

function args(list: readonly A.Argument[]): string {
  return list
    .map((a) => {
      switch (a.kind) {
        case 'positional': return sexpr(a.value)
        case 'star': return `*${sexpr(a.value)}`
        case 'doublestar': return `**${sexpr(a.value)}`
        case 'keyword': return `${a.name}=${sexpr(a.value)}`
      }
    })
    .join(' ')
}

function generators(gens: readonly A.Comprehension[]): string {
  return gens
    .map((g) => `(for ${sexpr(g.target)} ${sexpr(g.iter)}${g.ifs.map((i) => ` (if ${sexpr(i)})`).join('')})`)
    .join(' ')
}

function params(p: A.Parameters): string {
  const one = (x: A.Parameter): string => (x.default === null ? x.name : `${x.name}=${sexpr(x.default)}`)
  const parts = p.positional.map(one)
  if (p.vararg !== null) parts.push(`*${p.vararg.name}`)
  else if (p.kwonly.length > 0) parts.push('*')
  parts.push(...p.kwonly.map(one))
  if (p.kwarg !== null) parts.push(`**${p.kwarg.name}`)
  return `(${parts.join(' ')})`
}

function fparts(parts: readonly A.FStringPart[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'text') return JSON.stringify(p.value)
      const conversion = p.conversion === null ? '' : `!${p.conversion}`
      const spec = p.formatSpec === null ? '' : `:${fparts(p.formatSpec)}`
      return `{${sexpr(p.value)}${conversion}${spec}}`
    })
    .join(' ')
}

/** A one-line rendering of an expression tree. */
export function sexpr(e: A.Expr): string {
  const list = (head: string, items: readonly A.Expr[]): string =>
    `(${[head, ...items.map(sexpr)].join(' ')})`
  switch (e.kind) {
    case 'Name': return e.id
    case 'Int': return `${e.value}`
    case 'Float': return Number.isInteger(e.value) ? `${e.value}.0` : `${e.value}`
    case 'Str': return JSON.stringify(e.value)
    case 'Bytes': return `b[${e.value.join(',')}]`
    case 'FString': return `(f ${fparts(e.parts)})`
    case 'Bool': return e.value ? 'True' : 'False'
    case 'None': return 'None'
    case 'Ellipsis': return '...'
    case 'Tuple': return list('tuple', e.elts)
    case 'List': return list('list', e.elts)
    case 'Set': return list('set', e.elts)
    case 'Dict':
      return `(dict${e.entries.map((en) => (en.kind === 'pair' ? ` ${sexpr(en.key)}:${sexpr(en.value)}` : ` **${sexpr(en.value)}`)).join('')})`
    case 'ListComp': return `(listcomp ${sexpr(e.elt)} ${generators(e.generators)})`
    case 'SetComp': return `(setcomp ${sexpr(e.elt)} ${generators(e.generators)})`
    case 'GeneratorExp': return `(genexp ${sexpr(e.elt)} ${generators(e.generators)})`
    case 'DictComp': return `(dictcomp ${sexpr(e.key)}:${sexpr(e.value)} ${generators(e.generators)})`
    case 'Starred': return `*${sexpr(e.value)}`
    case 'Attribute': return `(. ${sexpr(e.value)} ${e.attr})`
    case 'Subscript': return `([] ${sexpr(e.value)} ${sexpr(e.index)})`
    case 'Slice': return `(: ${opt(e.lower)} ${opt(e.upper)} ${opt(e.step)})`
    case 'Call': return `(call ${sexpr(e.func)}${e.args.length > 0 ? ' ' + args(e.args) : ''})`
    case 'UnaryOp': return `(${e.op} ${sexpr(e.operand)})`
    case 'BinOp': return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`
    case 'BoolOp': return list(e.op, e.values)
    case 'Compare':
      if (e.ops.length === 1) return `(${e.ops[0]} ${sexpr(e.left)} ${sexpr(e.comparators[0])})`
      return `(cmp ${sexpr(e.left)}${e.ops.map((op, i) => ` ${op} ${sexpr(e.comparators[i])}`).join('')})`
    case 'IfExp': return `(if ${sexpr(e.test)} ${sexpr(e.body)} ${sexpr(e.orelse)})`
    case 'Lambda': return `(lambda ${params(e.params)} ${sexpr(e.body)})`
  }
}

/** `[line, col, endLine, endCol]` of a span, for compact assertions. */
export function pos(span: A.Span): [number, number, number, number] {
  return [span.line, span.col, span.endLine, span.endCol]
}

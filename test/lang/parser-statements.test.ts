import { describe, expect, it } from 'vitest'
import type * as A from '../../src/core/lang/syntax/ast'
import { parseOk, pos, sexpr } from './sexpr'

/** The single statement of `source`. */
function stmt(source: string): A.Stmt {
  const module = parseOk(source)
  expect(module.body).toHaveLength(1)
  return module.body[0]
}

/** A one-line summary of a statement list: kinds, with S-expressions for the interesting parts. */
function summary(body: readonly A.Stmt[]): string[] {
  return body.map((s) => {
    switch (s.kind) {
      case 'ExprStmt': return `expr ${sexpr(s.value)}`
      case 'Assign': return `${s.targets.map(sexpr).join(' = ')} = ${sexpr(s.value)}`
      case 'AugAssign': return `${sexpr(s.target)} ${s.op}= ${sexpr(s.value)}`
      case 'AnnAssign': return `${sexpr(s.target)}: ${sexpr(s.annotation)}${s.value ? ` = ${sexpr(s.value)}` : ''}`
      default: return s.kind
    }
  })
}

describe('simple statements', () => {
  it.each([
    ['x', ['expr x']],
    ['dlogprobs[range(n), Yb] = -1.0 / n', ['([] dlogprobs (tuple (call range n) Yb)) = (/ (- 1.0) n)']],
    ['a = b = c', ['a = b = c']],
    ['a, b = c', ['(tuple a b) = c']],
    ['a, b = b, a', ['(tuple a b) = (tuple b a)']],
    ['(a, b), c = x', ['(tuple (tuple a b) c) = x']],
    ['[a, [b, c]] = x', ['(list a (list b c)) = x']],
    ['a, *rest = x', ['(tuple a *rest) = x']],
    ['x.y.z = 1', ['(. (. x y) z) = 1']],
    ['f(a)[b].c = 1', ['(. ([] (call f a) b) c) = 1']],
    ['a = (b) = c', ['a = b = c']],
    ['x = 1, 2', ['x = (tuple 1 2)']],
    ['x = 1,', ['x = (tuple 1)']],
    ['dcounts += torch.ones_like(counts) * d', ['dcounts += (* (call (. torch ones_like) counts) d)']],
    ['dC[ix] += demb[k, j]', ['([] dC ix) += ([] demb (tuple k j))']],
    ['a.b -= 1', ['(. a b) -= 1']],
    ['x: int', ['x: int']],
    ['x: int = 5', ['x: int = 5']],
    ['a = 1; b = 2', ['a = 1', 'b = 2']],
    ['a = 1;', ['a = 1']]
  ])('parses %j', (source, expected) => {
    expect(summary(parseOk(source).body)).toEqual(expected)
  })

  it.each(['+', '-', '*', '/', '//', '%', '**', '@', '&', '|', '^', '>>', '<<'])(
    'parses the augmented assignment %s=',
    (op) => {
      const s = stmt(`x ${op}= y`)
      expect(s).toMatchObject({ kind: 'AugAssign', op, target: { kind: 'Name', id: 'x' } })
      if (s.kind === 'AugAssign') expect(pos(s.opSpan)).toEqual([1, 3, 1, 3 + op.length + 1])
    }
  )

  it.each([
    ['pass', 'Pass'],
    ['del a, b[0], c.d', 'Delete'],
    ["assert x > 0, 'positive'", 'Assert'],
    ['global a, b', 'Global'],
    ['raise', 'Raise']
  ])('parses %j', (source, kind) => {
    expect(stmt(source).kind).toBe(kind)
  })

  it('parses del targets as a list', () => {
    const s = stmt('del a, b[0], (c, d)')
    expect(s.kind === 'Delete' && s.targets.map(sexpr)).toEqual(['a', '([] b 0)', '(tuple c d)'])
  })

  it('parses assert with and without a message', () => {
    expect(stmt('assert x')).toMatchObject({ kind: 'Assert', test: { kind: 'Name' }, msg: null })
    expect(stmt("assert x, 'm'")).toMatchObject({ kind: 'Assert', msg: { kind: 'Str', value: 'm' } })
  })

  it('parses raise with an exception and a cause', () => {
    expect(stmt('raise E("x") from c')).toMatchObject({ kind: 'Raise', exc: { kind: 'Call' }, cause: { kind: 'Name', id: 'c' } })
  })

  it('spans a statement from its first to its last token', () => {
    expect(pos(stmt('dW2 = h.T @ dlogits  # comment').span)).toEqual([1, 1, 1, 20])
  })
})

describe('imports', () => {
  it.each([
    ['import torch', [['torch', null]]],
    ['import math', [['math', null]]],
    ['import torch.nn.functional as F', [['torch.nn.functional', 'F']]],
    ['import torch, math as m', [['torch', null], ['math', 'm']]]
  ])('parses %j', (source, names) => {
    const s = stmt(source)
    expect(s.kind).toBe('Import')
    if (s.kind === 'Import') expect(s.names.map((n) => [n.name, n.asname])).toEqual(names)
  })

  it.each([
    ['from torch.nn import functional as F', 'torch.nn', 0, [['functional', 'F']]],
    ['from x import a, b as c', 'x', 0, [['a', null], ['b', 'c']]],
    ['from x import (a,\n    b as c,)', 'x', 0, [['a', null], ['b', 'c']]],
    ['from math import *', 'math', 0, [['*', null]]],
    ['from . import x', null, 1, [['x', null]]],
    ['from ...pkg.mod import y', 'pkg.mod', 3, [['y', null]]]
  ])('parses %j', (source, module, level, names) => {
    const s = stmt(source)
    expect(s).toMatchObject({ kind: 'ImportFrom', module, level })
    if (s.kind === 'ImportFrom') expect(s.names.map((n) => [n.name, n.asname])).toEqual(names)
  })
})

describe('compound statements', () => {
  it('parses a for loop with a tuple target, a body and an else block', () => {
    const s = stmt('for k, j in pairs:\n    a = 1\n    b = 2\nelse:\n    c = 3\n')
    expect(s.kind).toBe('For')
    if (s.kind !== 'For') return
    expect(sexpr(s.target)).toBe('(tuple k j)')
    expect(sexpr(s.iter)).toBe('pairs')
    expect(summary(s.body)).toEqual(['a = 1', 'b = 2'])
    expect(summary(s.orelse)).toEqual(['c = 3'])
    expect(pos(s.span)).toEqual([1, 1, 5, 10])
  })

  it('parses the nested loops of the lecture', () => {
    const s = stmt('for k in range(Xb.shape[0]):\n    for j in range(Xb.shape[1]):\n        ix = Xb[k, j]\n        dC[ix] += demb[k, j]\n')
    if (s.kind !== 'For') return expect.fail('expected a for loop')
    const inner = s.body[0]
    if (inner.kind !== 'For') return expect.fail('expected a nested for loop')
    expect(summary(inner.body)).toEqual(['ix = ([] Xb (tuple k j))', '([] dC ix) += ([] demb (tuple k j))'])
    expect(s.orelse).toEqual([])
  })

  it('parses for targets before `in` without reading a comparison', () => {
    const s = stmt('for x, y in a, b: pass')
    expect(s.kind === 'For' && [sexpr(s.target), sexpr(s.iter)]).toEqual(['(tuple x y)', '(tuple a b)'])
  })

  it('parses for targets that are attributes, subscripts and starred', () => {
    const s = stmt('for a.b, c[0], *d in e: pass')
    expect(s.kind === 'For' && sexpr(s.target)).toBe('(tuple (. a b) ([] c 0) *d)')
  })

  it('parses while with break, continue and else', () => {
    const s = stmt('while i < n:\n    if x: break\n    continue\nelse:\n    pass\n')
    expect(s).toMatchObject({ kind: 'While', test: { kind: 'Compare' } })
    if (s.kind !== 'While') return
    expect(summary(s.body)).toEqual(['If', 'Continue'])
    expect(summary(s.orelse)).toEqual(['Pass'])
  })

  it('parses if/elif/else as a flat list of branches', () => {
    const s = stmt('if a:\n    x = 1\nelif b:\n    x = 2\nelif c:\n    x = 3\nelse:\n    x = 4\n')
    if (s.kind !== 'If') return expect.fail('expected an if statement')
    expect(s.branches.map((b) => sexpr(b.test))).toEqual(['a', 'b', 'c'])
    expect(s.branches.map((b) => summary(b.body))).toEqual([['x = 1'], ['x = 2'], ['x = 3']])
    expect(summary(s.orelse)).toEqual(['x = 4'])
    expect(pos(s.branches[1].span)).toEqual([3, 1, 4, 10])
    expect(pos(s.span)).toEqual([1, 1, 8, 10])
  })

  it('parses a block on the same line as its header', () => {
    const s = stmt('if x: a = 1; b = 2')
    expect(s.kind === 'If' && summary(s.branches[0].body)).toEqual(['a = 1', 'b = 2'])
  })

  it('parses a function definition with defaults, varargs, keyword-only, kwargs and annotations', () => {
    const s = stmt('@dec\ndef f(a, b: int = 1, *args, c, d=2, **kw) -> int:\n    return a + b\n')
    if (s.kind !== 'FunctionDef') return expect.fail('expected a def')
    expect(s.name).toBe('f')
    expect(s.decorators.map(sexpr)).toEqual(['dec'])
    expect(s.params.positional.map((p) => [p.name, p.default && sexpr(p.default), p.annotation && sexpr(p.annotation)])).toEqual([
      ['a', null, null],
      ['b', '1', 'int']
    ])
    expect(s.params.vararg?.name).toBe('args')
    expect(s.params.kwonly.map((p) => p.name)).toEqual(['c', 'd'])
    expect(s.params.kwarg?.name).toBe('kw')
    expect(s.returns && sexpr(s.returns)).toBe('int')
    expect(s.body).toMatchObject([{ kind: 'Return', value: { kind: 'BinOp', op: '+' } }])
    expect(pos(s.nameSpan)).toEqual([2, 5, 2, 6])
  })

  it('parses return with no value and with a tuple', () => {
    const s = stmt('def f():\n    return\n    return a, b\n')
    if (s.kind !== 'FunctionDef') return expect.fail('expected a def')
    expect(s.body).toMatchObject([{ kind: 'Return', value: null }, { kind: 'Return', value: { kind: 'Tuple' } }])
  })

  it('parses nonlocal inside nested functions', () => {
    const s = stmt('def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n')
    expect(s.kind).toBe('FunctionDef')
  })

  it('parses break inside a loop inside a function', () => {
    expect(stmt('def f():\n    for x in y:\n        break\n').kind).toBe('FunctionDef')
  })
})

describe('whole files', () => {
  it('parses an empty file and a file of comments and blank lines to an empty module', () => {
    expect(parseOk('').body).toEqual([])
    expect(parseOk('\n\n# only a comment\n   \n').body).toEqual([])
  })

  it('parses the same program identically with LF, CRLF and CR line endings and a BOM', () => {
    const lf = 'import torch\nfor i in range(3):\n    x = (i +\n         1)\n    y = x \\\n        * 2\nz = 1\n'
    const reference = JSON.stringify(parseOk(lf), (_, v) => (typeof v === 'bigint' ? `${v}n` : v))
    for (const variant of [lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r'), '\uFEFF' + lf]) {
      expect(JSON.stringify(parseOk(variant), (_, v) => (typeof v === 'bigint' ? `${v}n` : v))).toBe(reference)
    }
  })

  it('parses a file indented with tabs', () => {
    const module = parseOk('for i in r:\n\tif i:\n\t\tx = 1\n\telse:\n\t\tx = 2\n')
    expect(summary(module.body)).toEqual(['For'])
  })

  it('spans the module from 1:1 to the end', () => {
    expect(pos(parseOk('x = 1\ny = 2\n').span)).toEqual([1, 1, 3, 1])
  })
})

import { describe, expect, it } from 'vitest'
import type * as A from '../../src/core/lang/syntax/ast'
import { parseExpression } from '../../src/core/lang/syntax/parser'
import { expr, parseError, pos, sx, sxExpression } from './sexpr'

describe('expression precedence follows Python 3.11', () => {
  it.each([
    ['-x**2', '(- (** x 2))'],
    ['2**-1', '(** 2 (- 1))'],
    ['2**3**2', '(** 2 (** 3 2))'],
    ['-2**-2', '(- (** 2 (- 2)))'],
    ['~x**y', '(~ (** x y))'],
    ['a@b+c', '(+ (@ a b) c)'],
    ['a+b@c', '(+ a (@ b c))'],
    ['a-b-c', '(- (- a b) c)'],
    ['a/b*c//d%e', '(% (// (* (/ a b) c) d) e)'],
    ['a+b*c', '(+ a (* b c))'],
    ['a<<b+c', '(<< a (+ b c))'],
    ['a&b<<c', '(& a (<< b c))'],
    ['a^b&c', '(^ a (& b c))'],
    ['a|b^c', '(| a (^ b c))'],
    ['a|b<c', '(< (| a b) c)'],
    ['not a == b', '(not (== a b))'],
    ['not not a', '(not (not a))'],
    ['a and not b or c', '(or (and a (not b)) c)'],
    ['a or b or c', '(or a b c)'],
    ['a and b and c or d', '(or (and a b c) d)'],
    ['a if b else c if d else e', '(if b a (if d c e))'],
    ['a or b if c and d else e', '(if (and c d) (or a b) e)'],
    ['a < b < c', '(cmp a < b < c)'],
    ['a == b != c', '(cmp a == b != c)'],
    ['a in b', '(in a b)'],
    ['a not in b', '(not in a b)'],
    ['a is b', '(is a b)'],
    ['a is not b', '(is not a b)'],
    ['a < b not in c is not d', '(cmp a < b not in c is not d)'],
    ['-a.b[c](d)**e', '(- (** (call ([] (. a b) c) d) e))'],
    ['(-x)**2', '(** (- x) 2)'],
    ['1.0 - h**2', '(- 1.0 (** h 2))'],
    ['(-counts_sum**-2) * d', '(* (- (** counts_sum (- 2))) d)'],
    ['lambda x, y=1: x + y', '(lambda (x y=1) (+ x y))'],
    ['lambda: 0', '(lambda () 0)'],
    ['lambda *a, k, **kw: a', '(lambda (*a k **kw) a)']
  ])('parses %s as %s', (source, expected) => {
    expect(sx(source)).toBe(expected)
  })
})

describe('atoms', () => {
  it.each([
    ['x', 'x'],
    ['True', 'True'],
    ['False', 'False'],
    ['None', 'None'],
    ['...', '...'],
    ['1_000', '1000'],
    ['1e-5', '0.00001'],
    ['1.', '1.0'],
    ['.5', '0.5'],
    ['0x1F + 0o7 + 0b1', '(+ (+ 31 7) 1)'],
    ['10**12', '(** 10 12)'],
    ['()', '(tuple)'],
    ['(x,)', '(tuple x)'],
    ['(x)', 'x'],
    ['((x))', 'x'],
    ['(a, b)', '(tuple a b)'],
    ['a, b', '(tuple a b)'],
    ['a, *b', '(tuple a *b)'],
    ['[]', '(list)'],
    ['[1, 2,]', '(list 1 2)'],
    ['[*a, *b]', '(list *a *b)'],
    ['{}', '(dict)'],
    ['{1: 2, **m}', '(dict 1:2 **m)'],
    ['{**m}', '(dict **m)'],
    ['{1, 2}', '(set 1 2)'],
    ["'a' 'b'", '"ab"'],
    ["'a' \"b\" '''c'''", '"abc"'],
    ["b'ab' b'\\x00'", 'b[97,98,0]'],
    ["'\\n\\t\\x41\\u00e9\\101\\\\'", '"\\n\\tAéA\\\\"'],
    ["r'\\n'", '"\\\\n"'],
    ["'\\d'", '"\\\\d"']
  ])('parses %s as %s', (source, expected) => {
    expect(sx(source)).toBe(expected)
  })

  it('keeps integer literals exact as bigint', () => {
    const e = expr('123456789012345678901234567890')
    expect(e).toMatchObject({ kind: 'Int', value: 123456789012345678901234567890n })
  })

  it('keeps float literals as numbers', () => {
    expect(expr('1e-5')).toMatchObject({ kind: 'Float', value: 1e-5 })
  })
})

describe('primaries', () => {
  it.each([
    ['a.b.c', '(. (. a b) c)'],
    ['f()', '(call f)'],
    ['f(a, b)', '(call f a b)'],
    ['f(a, k=1, *args, **kwargs)', '(call f a k=1 *args **kwargs)'],
    ['f(*a, **b, c=1)', '(call f *a **b c=1)'],
    ['f(c=1, *a)', '(call f c=1 *a)'],
    ['F.one_hot(Yb, num_classes=27)', '(call (. F one_hot) Yb num_classes=27)'],
    ['f(a)(b)[c]', '([] (call (call f a) b) c)'],
    ['a[1]', '([] a 1)'],
    ['a[1:2]', '([] a (: 1 2 _))'],
    ['a[::2]', '([] a (: _ _ 2))'],
    ['a[:]', '([] a (: _ _ _))'],
    ['a[1:]', '([] a (: 1 _ _))'],
    ['a[:-1]', '([] a (: _ (- 1) _))'],
    ['a[1:2:3]', '([] a (: 1 2 3))'],
    ['a[:, None]', '([] a (tuple (: _ _ _) None))'],
    ['a[..., 0]', '([] a (tuple ... 0))'],
    ['a[i, j]', '([] a (tuple i j))'],
    ['a[i,]', '([] a (tuple i))'],
    ['a[(i, j)]', '([] a (tuple i j))'],
    ['a[range(n), Yb]', '([] a (tuple (call range n) Yb))'],
    ['a[1:2, ::3]', '([] a (tuple (: 1 2 _) (: _ _ 3)))'],
    ['a[*idx]', '([] a *idx)'],
    ['logits.max(1).indices', '(. (call (. logits max) 1) indices)']
  ])('parses %s as %s', (source, expected) => {
    expect(sx(source)).toBe(expected)
  })
})

describe('comprehensions', () => {
  it.each([
    ['[f(x) for x in xs]', '(listcomp (call f x) (for x xs))'],
    ['[f(x) for x in xs if c]', '(listcomp (call f x) (for x xs (if c)))'],
    ['[x for x in xs if a if b]', '(listcomp x (for x xs (if a) (if b)))'],
    ['[(i, j) for i in a for j in b]', '(listcomp (tuple i j) (for i a) (for j b))'],
    ['[a for a, b in pairs]', '(listcomp a (for (tuple a b) pairs))'],
    ['[x if c else y for x in z]', '(listcomp (if c x y) (for x z))'],
    ['{k: v for k, v in d}', '(dictcomp k:v (for (tuple k v) d))'],
    ['{x for x in y}', '(setcomp x (for x y))'],
    ['(x for x in y)', '(genexp x (for x y))'],
    ['sum(x for x in y)', '(call sum (genexp x (for x y)))'],
    ['sum((x for x in y), 0)', '(call sum (genexp x (for x y)) 0)']
  ])('parses %s as %s', (source, expected) => {
    expect(sx(source)).toBe(expected)
  })
})

describe('f-strings', () => {
  it.each([
    ["f'plain'", '(f "plain")'],
    ["f'{x}'", '(f {x})'],
    ["f'a{x}b{y}c'", '(f "a" {x} "b" {y} "c")'],
    ["f'{x!r}'", '(f {x!r})'],
    ["f'{x:>10}'", '(f {x:">10"})'],
    ["f'{z:.{p}f}'", '(f {z:"." {p} "f"})'],
    ["f'{x=}'", '(f "x=" {x!r})'],
    ["f'{x = :.2f}'", '(f "x = " {x:".2f"})'],
    ["f'{{}}{x}'", '(f "{}" {x})'],
    ["f'{a.shape}, {b[0] + 1}'", '(f {(. a shape)} ", " {(+ ([] b 0) 1)})'],
    ["f'{a, b}'", '(f {(tuple a b)})'],
    ["f'{x!=y}'", '(f {(!= x y)})'],
    ["f'{\"q\" if a else \"r\"}'", '(f {(if a "q" "r")})'],
    ["'a' f'{x}' 'b'", '(f "a" {x} "b")'],
    ["f'\\n{x}'", '(f "\\n" {x})'],
    ["rf'\\n{x}'", '(f "\\\\n" {x})'],
    ["f'''{\nx\n+ 1}'''", '(f {(+ x 1)})'],
    ["f'{f\"{x}\"}'", '(f {(f {x})})']
  ])('parses %s as %s', (source, expected) => {
    expect(sx(source)).toBe(expected)
  })

  it('places the expressions of fields at their real position in the file', () => {
    const e = expr("x = 1\nf'ab{cd + 1}'".split('\n')[1])
    if (e.kind !== 'FString' || e.parts[1].kind !== 'field') return expect.fail('expected a field')
    const field = e.parts[1] as A.FStringField
    expect(pos(field.value.span)).toEqual([1, 6, 1, 12])
    expect(pos(field.span)).toEqual([1, 5, 1, 13])
  })

  it('places fields of multi-line f-strings on their own line', () => {
    const e = expr("f'''a\n  {x}'''")
    if (e.kind !== 'FString' || e.parts[1].kind !== 'field') return expect.fail('expected a field')
    expect(pos(e.parts[1].value.span)).toEqual([2, 4, 2, 5])
  })
})

describe('spans', () => {
  it('covers the whole expression and keeps the operator position on BinOp', () => {
    const e = expr('dh = dlogits @ W2.T'.slice(5))
    expect(e.kind).toBe('BinOp')
    const bin = e as A.BinOp
    expect(pos(bin.span)).toEqual([1, 1, 1, 15])
    expect(pos(bin.opSpan)).toEqual([1, 9, 1, 10])
    expect(pos(bin.right.span)).toEqual([1, 11, 1, 15])
  })

  it('extends a node over the parentheses of an operand at its edge, as CPython does', () => {
    const e = expr('(1.0 / probs) * dlogprobs') as A.BinOp
    expect(pos(e.span)).toEqual([1, 1, 1, 26])
    expect(pos(e.left.span)).toEqual([1, 2, 1, 13])
    expect(pos((expr('(a + b).sum(1)') as A.Call).span)).toEqual([1, 1, 1, 15])
    expect(pos(expr('x * (y)').span)).toEqual([1, 1, 1, 8])
  })

  it('gives attribute names their own span', () => {
    const e = expr('counts.sum') as A.Attribute
    expect(pos(e.attrSpan)).toEqual([1, 8, 1, 11])
    expect(pos(e.span)).toEqual([1, 1, 1, 11])
  })

  it('includes parentheses in tuple spans but not around other expressions', () => {
    expect(pos(expr('(a, b)').span)).toEqual([1, 1, 1, 7])
    expect(pos(expr('(a + b)').span)).toEqual([1, 2, 1, 7])
  })

  it('spans calls and subscripts to their closing bracket', () => {
    expect(pos(expr('f(a,\n  b)').span)).toEqual([1, 1, 2, 5])
    expect(pos(expr('x[1:2]').span)).toEqual([1, 1, 1, 7])
  })

  it('spans comparison operators, two-word ones included', () => {
    const e = expr('a not in b is not c') as A.Compare
    expect(e.opSpans.map(pos)).toEqual([
      [1, 3, 1, 9],
      [1, 12, 1, 18]
    ])
  })

  it('spans unary operators', () => {
    const e = expr('-x') as A.UnaryOp
    expect(pos(e.opSpan)).toEqual([1, 1, 1, 2])
    expect(pos(e.span)).toEqual([1, 1, 1, 3])
  })

  it('spans keyword arguments and their names', () => {
    const e = expr('f(dim=1)') as A.Call
    const arg = e.args[0]
    expect(arg.kind).toBe('keyword')
    if (arg.kind !== 'keyword') return
    expect(pos(arg.span)).toEqual([1, 3, 1, 8])
    expect(pos(arg.nameSpan)).toEqual([1, 3, 1, 6])
  })

  it('spans multi-line strings from the opening to the closing quotes', () => {
    expect(pos(expr("'''a\nbc'''").span)).toEqual([1, 1, 2, 6])
  })

  it('counts columns in code points', () => {
    expect(pos(expr("'𝔘' + y").span)).toEqual([1, 1, 1, 8])
  })
})

describe('parseExpression', () => {
  it('parses a lone expression and allows newlines as inside brackets', () => {
    expect(sxExpression('a +\n b')).toBe('(+ a b)')
  })

  it('reports two expressions side by side as a missing comma', () => {
    const result = parseExpression('a b')
    expect(result.ok || result.error.message).toBe('invalid syntax. Perhaps you forgot a comma?')
  })

  it('reports an empty input as invalid syntax', () => {
    expect(parseError('x = ').message).toBe('invalid syntax')
    const result = parseExpression('')
    expect(result.ok || result.error.message).toBe('invalid syntax')
  })
})

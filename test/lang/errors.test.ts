// Syntax errors: message, type and position. Unless a comment says otherwise, each expectation is what CPython
// 3.11 reports for the same source (message, line and 1-based column).
import { describe, expect, it } from 'vitest'
import { formatSyntaxError } from '../../src/core/lang/syntax/errors'
import { parse } from '../../src/core/lang/syntax/parser'
import { parseError } from './sexpr'

type Case = [source: string, message: string, line: number, col: number]

function check(source: string, message: string, line: number, col: number, type = 'SyntaxError'): void {
  const error = parseError(source)
  expect({ type: error.type, message: error.message, line: error.line, col: error.col }).toEqual({ type, message, line, col })
  // An editor needs a range of at least one column to underline.
  expect(error.endLine > error.line || error.endCol > error.col).toBe(true)
}

describe('unclosed and mismatched brackets', () => {
  it.each<Case>([
    ['x = (1,\n2', "'(' was never closed", 1, 5],
    ['(((', "'(' was never closed", 1, 3],
    ['f(x,', "'(' was never closed", 1, 2],
    ['x = [', "'[' was never closed", 1, 5],
    ['x = {1:2', "'{' was never closed", 1, 5],
    ['x[1:2', "'[' was never closed", 1, 2],
    ['x = ((1,\n2 3)\n', "'(' was never closed", 1, 5],
    ['foo(\n  a\n  b = 1\n', "'(' was never closed", 1, 4],
    ['if x:\n    a = (1 +\n', "'(' was never closed", 2, 9],
    ['def f(a, b\n', "'(' was never closed", 1, 6],
    ['print(x))', "unmatched ')'", 1, 9],
    ['x = 1]', "unmatched ']'", 1, 6],
    ['f(a]', "closing parenthesis ']' does not match opening parenthesis '('", 1, 4],
    ['f(a\n]', "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 1]
  ])('reports %j as %s at %i:%i', check)

  it('reports the open bracket, not the joined lines after it, when the bracket is never closed (corpus b08)', () => {
    const source = [
      'dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes',
      'dh = (dlogits @ W2.T',
      'dW2 = h.T @ dlogits',
      'db2 = dlogits.sum(0)',
      'dhpreact = (1.0 - h**2) * dh',
      ''
    ].join('\n')
    check(source, "'(' was never closed", 2, 6)
  })

  it('keeps the comma hint when the error is on the same line as the unclosed bracket', () => {
    check('x = [1, 2 3,\n4', 'invalid syntax. Perhaps you forgot a comma?', 1, 9)
    check('f(a b,\n  c', 'invalid syntax. Perhaps you forgot a comma?', 1, 3)
  })

  it('reports the unclosed bracket when looking for the error reaches the end of the file', () => {
    check('x = [1, 2 3', "'[' was never closed", 1, 5)
  })

  it('keeps the comma hint when the bracket is closed later', () => {
    check('x = (1 2)\n  y = 3\n z', 'invalid syntax. Perhaps you forgot a comma?', 1, 6)
  })

  it('lets a tokenizer error later in the file win over an earlier parser error, as CPython does', () => {
    check("x = (1 2)\ny = 'abc", 'unterminated string literal (detected at line 2)', 2, 5)
  })
})

describe('generic and hinted syntax errors', () => {
  it.each<Case>([
    ['a b', 'invalid syntax', 1, 3],
    ['x = 1 2', 'invalid syntax', 1, 7],
    ['a = 1 +', 'invalid syntax', 1, 8],
    ['x = 1 +\ny = 2', 'invalid syntax', 1, 8],
    ['x = -', 'invalid syntax', 1, 6],
    ['x = not', 'invalid syntax', 1, 8],
    ['a.1', 'invalid syntax', 1, 2],
    ['a.', 'invalid syntax', 1, 3],
    ['f(a,,b)', 'invalid syntax', 1, 5],
    ['x[]', 'invalid syntax', 1, 3],
    ['x = a[b:c:d:e]', 'invalid syntax', 1, 12],
    ['x = 1;;', 'invalid syntax', 1, 7],
    [';', 'invalid syntax', 1, 1],
    ['else:\n', 'invalid syntax', 1, 1],
    ['if x: for y in z: pass', 'invalid syntax', 1, 7],
    ['@dec\nx = 1', 'invalid syntax', 2, 1],
    ['1 <> 2', 'invalid syntax', 1, 3],
    ['a ! b', 'invalid syntax', 1, 3],
    ['lambda x x', 'invalid syntax', 1, 10],
    ['x = 1 if', 'invalid syntax', 1, 9],
    ['x = 1 if 2 else', 'invalid syntax', 1, 16],
    ['[x for x in]', 'invalid syntax', 1, 12],
    ['[x for x in y if]', 'invalid syntax', 1, 17],
    ['x = {1, 2, **a}', 'invalid syntax', 1, 12],
    ['{**a 1}', 'invalid syntax', 1, 6],
    ["f(a 'x')", 'invalid syntax', 1, 5],
    ["ur'x'", 'invalid syntax', 1, 3],
    ['for x in range(3):\n  pass\nelse:\n  pass\nelse:\n  pass', 'invalid syntax', 5, 1],
    ['import a.b as', 'invalid syntax', 1, 14],
    ['f(a b)', 'invalid syntax. Perhaps you forgot a comma?', 1, 3],
    ['x = (1 2)', 'invalid syntax. Perhaps you forgot a comma?', 1, 6],
    ['[1 2 3]', 'invalid syntax. Perhaps you forgot a comma?', 1, 2],
    ['print(a b c)', 'invalid syntax. Perhaps you forgot a comma?', 1, 7],
    ['x = (1\n2)', 'invalid syntax. Perhaps you forgot a comma?', 1, 6],
    ['foo(a,\n  b\n  c)', 'invalid syntax. Perhaps you forgot a comma?', 2, 3],
    ['d[a b]', 'invalid syntax. Perhaps you forgot a comma?', 1, 3],
    ['{1 2}', 'invalid syntax. Perhaps you forgot a comma?', 1, 2],
    ['{1: 2 3: 4}', 'invalid syntax. Perhaps you forgot a comma?', 1, 5],
    ['if x\n  pass', "expected ':'", 1, 5],
    ['while x\n pass', "expected ':'", 1, 8],
    ['for x in y\n pass', "expected ':'", 1, 11],
    ['if x:\n pass\nelif y\n pass', "expected ':'", 3, 7],
    ['if x:\n pass\nelse\n pass', "expected ':'", 3, 5],
    ['def f()\n pass', "expected ':'", 1, 8],
    ['def f() -> int\n pass', "expected ':'", 1, 15],
    ['def f\n', "expected '('", 1, 6],
    ['a if b', "expected 'else' after 'if' expression", 1, 1],
    ['x = 1 if 2', "expected 'else' after 'if' expression", 1, 5],
    ['\\', 'unexpected EOF while parsing', 1, 2],
    ['x = 1 + \\', 'unexpected EOF while parsing', 1, 10],
    ['x = \\ 1', 'unexpected character after line continuation character', 1, 6],
    ["print 'x'", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1],
    ['print x', "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1],
    ['from x import a,', 'trailing comma not allowed without surrounding parentheses', 1, 17],
    ['{1: 2, 3}', "':' expected after dictionary key", 1, 8],
    ['{1: }', "expression expected after dictionary key and ':'", 1, 3]
  ])('reports %j as %s at %i:%i', check)
})

describe('slips found by mutating real solutions (checked against CPython 3.11)', () => {
  it.each<Case>([
    ['dh not = 1', 'invalid syntax', 1, 8],
    ['x = 1 +  # c', 'invalid syntax', 1, 10],
    ['if x  # c\n  pass', "expected ':'", 1, 7],
    ['for +j in r: pass', 'cannot assign to expression', 1, 5],
    ['f(a=1, b c)', 'invalid syntax. Perhaps you forgot a comma?', 1, 8],
    ['x = (1 2)\ny = a \\ b', 'invalid syntax. Perhaps you forgot a comma?', 1, 6],
    ['x = f(a\ny = 1\nz = a \\ b\n', "'(' was never closed", 1, 6],
    ['x = [1, Xb.shape[]]', 'invalid syntax. Perhaps you forgot a comma?', 1, 9],
    ['f() = ', 'cannot assign to function call', 1, 1],
    ['k=1 = ', 'cannot assign to literal', 1, 3],
    ['f(0, keepdim=Trum=True)', 'invalid syntax', 1, 18],
    ['a b (', "'(' was never closed", 1, 5],
    ['x = y z(\n  1,\n', "'(' was never closed", 1, 8],
    ['True += 1', "'True' is an illegal expression for augmented assignment", 1, 1],
    ['f() += ', 'invalid syntax', 1, 5],
    ['f(): ', 'invalid syntax', 1, 4],
    ['x = (a + b) * c = 1', 'cannot assign to expression', 1, 5],
    ['(a + b).c() = 1', "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1]
  ])('reports %j as %s at %i:%i', check)

  it('points at the header line end for a block missing at the end of the file', () => {
    check('for k in r:\n    for j in s:\n', "expected an indented block after 'for' statement on line 2", 2, 16, 'IndentationError')
  })
})

describe('invalid targets', () => {
  it.each<Case>([
    ['f() = 1', "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1],
    ['f() = 1, 2', "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1],
    ['a + 1 = 2', "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1],
    ['-a = 1', "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1],
    ['1 = x', "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1],
    ['[x for x in y] = 1', "cannot assign to list comprehension here. Maybe you meant '==' instead of '='?", 1, 1],
    ['f() = g() = 1', 'cannot assign to function call', 1, 1],
    ['x = f() = 1', 'cannot assign to function call', 1, 5],
    ['x = a = f() = 1', 'cannot assign to function call', 1, 9],
    ['f() = not x', 'cannot assign to function call', 1, 1],
    ['f() = *a', 'cannot assign to function call', 1, 1],
    ['[a, f()] = 1', 'cannot assign to function call', 1, 5],
    ['(a, 1) = x', 'cannot assign to literal', 1, 5],
    ['True = 1', 'cannot assign to True', 1, 1],
    ['None = 1', 'cannot assign to None', 1, 1],
    ['a < b = 1', 'cannot assign to comparison', 1, 1],
    ['not a = 1', 'cannot assign to expression', 1, 1],
    ['a and b = 1', 'cannot assign to expression', 1, 1],
    ['a if b else c = 1', 'cannot assign to conditional expression', 1, 1],
    ['lambda: 1 = 1', 'cannot assign to lambda', 1, 1],
    ['if x = 1:\n pass', "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 4],
    ['if f(x) = 1:\n pass', "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 4],
    ['if a < b = 1: pass', 'invalid syntax', 1, 10],
    ['[x = 1]', "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 2],
    ['(x = 1)', "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 2],
    ['a[x = 1]', "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 3],
    ['[f() = 1]', "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 2],
    ['f() += 1', "'function call' is an illegal expression for augmented assignment", 1, 1],
    ['a, b += 1', "'tuple' is an illegal expression for augmented assignment", 1, 1],
    ['(a, b) += 1', "'tuple' is an illegal expression for augmented assignment", 1, 1],
    ['for f() in x: pass', 'cannot assign to function call', 1, 5],
    ['for x + 1 in y: pass', 'cannot assign to expression', 1, 5],
    ['[x for f() in y]', 'cannot assign to function call', 1, 8],
    ['del f()', 'cannot delete function call', 1, 5],
    ['del a + b', 'cannot delete expression', 1, 5],
    ['del *a', 'cannot delete starred', 1, 5],
    ['del (a, *b)', 'cannot delete starred', 1, 9],
    ['(a, b): int = 1', 'only single target (not tuple) can be annotated', 1, 1],
    ['[a]: int', 'only single target (not list) can be annotated', 1, 1],
    ['f(): int', 'illegal target for annotation', 1, 1]
  ])('reports %j as %s at %i:%i', check)
})

describe('calls and definitions', () => {
  it.each<Case>([
    ['f(a+1=2)', 'expression cannot contain assignment, perhaps you meant "=="?', 1, 3],
    ['f(x.y = 1)', 'expression cannot contain assignment, perhaps you meant "=="?', 1, 3],
    ['f(True=1)', 'cannot assign to True', 1, 3],
    ['f(x for x in y, 1)', 'Generator expression must be parenthesized', 1, 3],
    ['f(1, x for x in y)', 'Generator expression must be parenthesized', 1, 6],
    ['f(x=1 for x in y)', "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 3],
    ['f(**k, *a)', 'iterable argument unpacking follows keyword argument unpacking', 1, 8],
    // CPython 3.11 points at the last token it read (here the closing parenthesis); we point at the argument.
    ['f(a=1, b)', 'positional argument follows keyword argument', 1, 8],
    ['f(**k, b)', 'positional argument follows keyword argument unpacking', 1, 8],
    ['f(a=1, a=2)', 'keyword argument repeated: a', 1, 8],
    ['def f(a=1, b): pass', 'non-default argument follows default argument', 1, 12],
    ['lambda x=1, y: x', 'non-default argument follows default argument', 1, 13],
    ['def f(a, a): pass', "duplicate argument 'a' in function definition", 1, 10],
    ['def f(*): pass', 'named arguments must follow bare *', 1, 7],
    ['def f(**k, a): pass', 'arguments cannot follow var-keyword argument', 1, 12],
    ['def f(*a, *b): pass', '* argument may appear only once', 1, 11],
    ['def f(*a=1): pass', 'var-positional argument cannot have default value', 1, 9],
    ['def f(:\n pass', 'invalid syntax', 1, 7]
  ])('reports %j as %s at %i:%i', check)
})

describe("errors CPython's compiler raises after parsing", () => {
  it.each<Case>([
    ['break', "'break' outside loop", 1, 1],
    ['continue', "'continue' not properly in loop", 1, 1],
    ['return', "'return' outside function", 1, 1],
    ['return x', "'return' outside function", 1, 1],
    ['for x in y: pass\nelse: break', "'break' outside loop", 2, 7],
    ['def f():\n  for x in y:\n    def g():\n      break\n', "'break' outside loop", 4, 7],
    ['nonlocal x', 'nonlocal declaration not allowed at module level', 1, 1],
    ['*a', "can't use starred expression here", 1, 1],
    ['x = *a', "can't use starred expression here", 1, 5],
    ['*a = 1', 'starred assignment target must be in a list or tuple', 1, 1],
    ['for *a in b: pass', 'starred assignment target must be in a list or tuple', 1, 5],
    ['a, *b, *c = d', 'multiple starred expressions in assignment', 1, 1],
    ['(*a)', 'cannot use starred expression here', 1, 2],
    ['[*a for a in b]', 'iterable unpacking cannot be used in comprehension', 1, 2]
  ])('reports %j as %s at %i:%i', check)

  it('reports a real syntax error later in the file before a compile-time error earlier', () => {
    check('break\nx = (1 2)', 'invalid syntax. Perhaps you forgot a comma?', 2, 6)
  })
})

describe('indentation errors', () => {
  it.each<Case>([
    // CPython points one column earlier for these two (at the last whitespace character).
    ['x = 1\n    y = 2', 'unexpected indent', 2, 5],
    ['if x:\n    a\n  b', 'unindent does not match any outer indentation level', 3, 3],
    ['if x:\npass', "expected an indented block after 'if' statement on line 1", 2, 1],
    ['if x:\n', "expected an indented block after 'if' statement on line 1", 1, 6],
    ['if x:', "expected an indented block after 'if' statement on line 1", 1, 6],
    ['for x in y:\nz', "expected an indented block after 'for' statement on line 1", 2, 1],
    ['while x:\nz', "expected an indented block after 'while' statement on line 1", 2, 1],
    ['def f():\nz', 'expected an indented block after function definition on line 1', 2, 1],
    ['if x:\n  a\nelif y:\nz', "expected an indented block after 'elif' statement on line 3", 4, 1],
    ['if x:\n  a\nelse:\nz', "expected an indented block after 'else' statement on line 3", 4, 1],
    ['if x:\n        a\n\tb', 'inconsistent use of tabs and spaces in indentation', 3, 2]
  ])('reports %j as %s at %i:%i', (source, message, line, col) => check(source, message, line, col, 'IndentationError'))
})

describe('tokenizer errors surface through parse', () => {
  it.each<Case>([
    ['a $ b', "invalid character '$' (U+0024)", 1, 3],
    ['x = a ? b : c', "invalid character '?' (U+003F)", 1, 7],
    ['x = `a`', "invalid character '`' (U+0060)", 1, 5],
    ['x = \0', 'invalid non-printable character U+0000', 1, 5],
    ['x = 1abc', 'invalid decimal literal', 1, 5],
    ["x = 'abc", 'unterminated string literal (detected at line 1)', 1, 5],
    ["x = '''abc\n\n", 'unterminated triple-quoted string literal (detected at line 2)', 1, 5],
    ['x = (' + '('.repeat(300), 'too many nested parentheses', 1, 205]
  ])('reports %j as %s at %i:%i', check)
})

describe('strings', () => {
  it.each<Case>([
    ["b'é'", 'bytes can only contain ASCII literal characters', 1, 1],
    ["'a' b'b'", 'cannot mix bytes and nonbytes literals', 1, 1],
    ["x = '\\x4'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", 1, 6],
    ["x = '\\u12'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape", 1, 6],
    ["x = '\\U00110000'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character", 1, 6],
    ["b'\\x4'", '(value error) invalid \\x escape at position 0', 1, 3],
    ["x = '\\N{EM DASH}'", '\\N{...} escapes are not supported in Backprop Ninja', 1, 6]
  ])('reports %j as %s at %i:%i', check)

  // Messages as CPython 3.11; positions are ours (CPython's are imprecise for f-strings).
  it.each<Case>([
    ["f'{}'", 'f-string: empty expression not allowed', 1, 4],
    ["f'{x'", "f-string: expecting '}'", 1, 5],
    ["f'}'", "f-string: single '}' is not allowed", 1, 3],
    ["f'{x!z}'", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 6],
    ["f'{x!}'", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 6],
    ["f'{a b}'", 'f-string: invalid syntax. Perhaps you forgot a comma?', 1, 4],
    ["f'{\\n}'", 'f-string expression part cannot include a backslash', 1, 4],
    ["f'{#}'", "f-string expression part cannot include '#'", 1, 4],
    ["f'{x:{y:{z}}}'", 'f-string: expressions nested too deeply', 1, 9],
    ["f'{(x}'", "f-string: closing parenthesis '}' does not match opening parenthesis '('", 1, 6],
    ["f'{x)}'", "f-string: unmatched ')'", 1, 5],
    ["f'{*a}'", 'f-string: cannot use starred expression here', 1, 4],
    ["f'{lambda x: 1}'", 'f-string: invalid syntax', 1, 12],
    ["x = 1\nf'{a +}'", 'f-string: invalid syntax', 2, 7]
  ])('reports %j as %s at %i:%i', check)
})

describe('constructs Backprop Ninja does not support', () => {
  it.each<Case>([
    ['class A: pass', "'class' is not supported in Backprop Ninja", 1, 1],
    ['@dec\nclass A: pass', "'class' is not supported in Backprop Ninja", 2, 1],
    ['try:\n pass\nexcept: pass', "'try' is not supported in Backprop Ninja", 1, 1],
    ['async def f(): pass', "'async' is not supported in Backprop Ninja", 1, 1],
    ['await x', "'await' is not supported in Backprop Ninja", 1, 1],
    ['yield x', "'yield' is not supported in Backprop Ninja", 1, 1],
    ['x = (yield)', "'yield' is not supported in Backprop Ninja", 1, 6],
    ['x := 1', "assignment expressions (':=') are not supported in Backprop Ninja", 1, 3],
    ['if (n := len(a)) > 1: pass', "assignment expressions (':=') are not supported in Backprop Ninja", 1, 7],
    ['def f(a, /, b): pass', "positional-only parameters ('/') are not supported in Backprop Ninja", 1, 10],
    ['x = 2j', "imaginary numbers like '2j' are not supported in Backprop Ninja", 1, 5]
  ])('reports %j as %s at %i:%i', check)
})

describe('formatSyntaxError', () => {
  it('formats an error on one line without the source', () => {
    const error = parseError('x = (1 2)')
    expect(formatSyntaxError(error)).toBe('SyntaxError: invalid syntax. Perhaps you forgot a comma? (line 1, column 6)')
  })

  it('shows the offending line with carets under the range, like Python', () => {
    const source = 'if x:\n    y = (1 2)\n'
    expect(formatSyntaxError(parseError(source), source)).toBe(
      '  line 2\n    y = (1 2)\n         ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?'
    )
  })

  it('shows a single caret for a point error', () => {
    const source = 'a $ b'
    expect(formatSyntaxError(parseError(source), source)).toBe(
      "  line 1\n    a $ b\n      ^\nSyntaxError: invalid character '$' (U+0024)"
    )
  })

  it('returns errors as plain data that survive structured cloning', () => {
    const result = parse('x = (')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(structuredClone(result.error)).toEqual(result.error)
  })
})

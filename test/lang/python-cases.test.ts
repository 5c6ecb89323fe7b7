// The interpreter against CPython 3.11 and PyTorch, case by case: `%` formatting, str.format fields and type()
// (test/fixtures/python-formatting.json, from reference/make_printf_cases.py), fmod, int division of any size and
// dicts (python-semantics.json, from reference/make_semantics_cases.py). Each case is a Python expression (after
// statements separated by '; ') with the repr of its value or its exception; the interpreter must give the same.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Interpreter } from '../../src/core/lang/runtime/evaluator'
import { parse } from '../../src/core/lang/syntax/parser'
import { repr } from '../../src/core/lang/runtime/repr'

interface Case {
  expr: string
  repr?: string
  error?: string
}

const read = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8')) as Record<string, Case[]>
const fixture = { ...read('python-formatting.json'), ...read('python-semantics.json') }

/** What the interpreter says of `expr`: the repr of its value, or the error as `Type: message`. */
function evaluate(expr: string): { repr?: string; error?: string } {
  const interp = new Interpreter()
  const statements = expr.split('; ')
  const last = statements.pop()!
  const parsed = parse(`import torch\nimport math\n${statements.map((x) => `${x}\n`).join('')}result = ${last}\n`)
  if (!parsed.ok) return { error: `SyntaxError: ${parsed.error.message}` }
  const run = interp.run(parsed.module)
  if (run.error !== null) return { error: run.error.message }
  return { repr: repr(interp.globals.vars.get('result')!) }
}

// where the app departs from CPython on purpose: no name starting with `_` is reachable from learner code (the one
// exception, a class's __name__, is in the fixture)
const DELIBERATE = new Map<string, { error: string }>([
  ["'{0.__class__}'.format(1)", { error: "AttributeError: 'int' object has no attribute '__class__'" }]
])

const HOST = /InternalError|is not a function|Invalid string length|Invalid typed array length|Cannot read properties|undefined|\[object /

describe.each(['percent', 'format', 'type', 'fmod', 'division', 'dicts'])('%s as CPython and PyTorch give it', (group) => {
  it.each(fixture[group].map((c) => [c.expr, c] as const))('%s', (_expr, c) => {
    const ours = evaluate(c.expr)
    expect(ours).toEqual(DELIBERATE.get(c.expr) ?? (c.error !== undefined ? { error: c.error } : { repr: c.repr }))
    expect(JSON.stringify(ours)).not.toMatch(HOST)
  })
})

describe('learner code that reaches for what the app does not give', () => {
  it.each([
    ['W.grad', "AttributeError: autograd's answer is hidden here: .grad is what your code must compute (write the gradient as dX yourself)"],
    ['torch.einsum', 'NotImplementedError: torch.einsum is not supported here; write the product with @ (matrix product), * and .sum(dim)'],
    ['torch.diag', 'NotImplementedError: torch.diag is not supported here; torch.eye(n) * v builds a diagonal matrix from v; M[range(n), range(n)] reads the diagonal of M'],
    ['torch.bincount', 'NotImplementedError: torch.bincount is not supported here; count with torch.zeros(k).index_add_(0, idx, torch.ones(idx.shape[0]))'],
    ['torch.nn.functional.gelu', 'NotImplementedError: F.gelu is not supported here'],
    ['W.scatter_reduce', 'NotImplementedError: Tensor.scatter_reduce is not supported here'],
    ['torch.zeross', "AttributeError: module 'torch' has no attribute 'zeross'. Did you mean: 'zeros'?"],
    ['W @ W.t', "TypeError: unsupported operand type(s) for @: 'Tensor' and 'builtin_function_or_method' (the right operand is a function or method: did you forget its ()?)"],
    ['W.t @ W', "TypeError: unsupported operand type(s) for @: 'builtin_function_or_method' and 'Tensor' (the left operand is a function or method: did you forget its ()?)"],
    ["W @ 'x'", "TypeError: unsupported operand type(s) for @: 'Tensor' and 'str'"],
    ['None + W', "TypeError: unsupported operand type(s) for +: 'NoneType' and 'Tensor'"]
  ])('%s says: %s', (expr, message) => {
    expect(evaluate(`(lambda W: ${expr})(torch.ones(2, 2))`)).toEqual({ error: message })
  })
})

// int32, int16 and int8 tensors against PyTorch 1.13 (test/fixtures/int-dtypes.json, from
// reference/make_int_dtype_cases.py): arithmetic wraps around at the dtype's width, the dtype is carried through ops
// and printed, promotion with int64, float32, bool, zero-dim tensors and Python scalars is PyTorch's, conversions
// truncate and wrap as PyTorch's do, and the errors are PyTorch's. Each case is a Python expression (after statements
// separated by '; ') with the repr of its value or its exception; the interpreter must give the same.

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

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'int-dtypes.json'), 'utf8')) as Record<string, Case[]>

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

describe.each(['wrap', 'promotion', 'conversion', 'values', 'errors'])('int32, int16 and int8: %s as PyTorch gives it', (group) => {
  it.each(fixture[group].map((c) => [c.expr, c] as const))('%s', (_expr, c) => {
    expect(evaluate(c.expr)).toEqual(c.error !== undefined ? { error: c.error } : { repr: c.repr })
  })
})

describe('the fixture', () => {
  it('has its error cases, a finite set, and every group', () => {
    expect(fixture.errors.length).toBeGreaterThanOrEqual(20)
    expect(fixture.errors.every((c) => c.error !== undefined)).toBe(true)
    for (const g of ['wrap', 'promotion', 'conversion', 'values']) expect(fixture[g].length).toBeGreaterThan(20)
  })
})

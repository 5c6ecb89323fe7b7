// str.join charges its result's length once: joining 200,000 words costs about their characters, not the square.
import { expect, it } from 'vitest'
import { Interpreter } from '../../src/core/lang/runtime/evaluator'
import { parse } from '../../src/core/lang/syntax/parser'
import { PyList } from '../../src/core/lang/runtime/values'

it("''.join of 200,000 words stays within a work budget of a few million units", () => {
  const texts = Array.from({ length: 200_000 }, (_, i) => `w${i % 1000}`)
  const words = new PyList(texts)
  const interp = new Interpreter([['words', words]])
  const parsed = parse("s = ''.join(words)\nn = len(s)")
  if (!parsed.ok) throw new Error('parse')
  const run = interp.run(parsed.module, { limits: { work: 5_000_000 } })
  expect(run.error).toBeNull()
  expect(interp.globals.vars.get('n')).toBe(BigInt(texts.reduce((a, w) => a + w.length, 0)))
})

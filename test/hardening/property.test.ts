// Property-based: random token soup and random mutations of real solutions only ever produce the interpreter's
// own error kinds (syntax, runtime, limit) or verdicts; never an internal error or an exception out of check.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { Grader } from '../../src/core/grader/check'
import { model } from '../model'

const grader = new Grader(model())
const LIMITS = { millis: 500, steps: 20_000 }

function outcome(name: string, code: string): string {
  const c = grader.checkCell(name, code, { limits: LIMITS })
  if (c.error !== null) {
    if (!['syntax', 'runtime', 'limit'].includes(c.error.kind)) return `bad kind ${c.error.kind}`
    if (/^InternalError/.test(c.error.message)) return `internal: ${c.error.message}`
    if (!(c.error.line >= 1 && c.error.col >= 1)) return `no place: ${JSON.stringify(c.error)}`
  }
  return 'ok'
}

const TOKENS = [
  'dprobs', 'probs', 'counts', 'h', 'W1', 'W2', 'Xb', 'Yb', 'n', 'torch', 'F', '.', 'sum', 'T', 'view', 'shape', 'max',
  'zeros_like', 'one_hot', '(', ')', '[', ']', ':', ',', '=', '+=', '-=', '*=', '/=', '+', '-', '*', '/', '//', '**',
  '@', '%', '==', '<', 'and', 'not', 'if', 'else', 'for', 'in', 'range', 'None', 'True', '0', '1', '-1', '2', '1e-5',
  '0.5', "'a'", '\n', '\n    ', '...', 'keepdim=True', 'dim=', 'lambda', 'x', 'def', 'return', 'while', 'break', '#'
]

describe('random token soup', () => {
  it('never makes the grader throw or report an internal error', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), fc.constantFrom(...CHECK_ORDER), (toks, node) => {
        expect(outcome(node, toks.join(' '))).toBe('ok')
      }),
      { numRuns: 5_000, seed: 42 }
    )
  }, 120_000)
})

type Mutation = { at: number; kind: 'delete' | 'insert' | 'replace'; text: string }

function mutate(code: string, ms: Mutation[]): string {
  let s = code
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1)
    if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + 1)
    else if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at)
    else s = s.slice(0, at) + m.text + s.slice(at + m.text.length)
  }
  return s
}

describe('random mutations of the lecture solution', () => {
  it('never make the grader throw or report an internal error', () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom<Mutation['kind']>('delete', 'insert', 'replace'),
      text: fc.constantFrom(...TOKENS, 'e', '0', ' ', '(', '.T', '[0]', '[:, None]', '.sum(0)', '**-1', '1/0', '.item()')
    })
    fc.assert(
      fc.property(fc.constantFrom(...CHECK_ORDER), fc.array(mutation, { minLength: 1, maxLength: 4 }), (node, ms) => {
        expect(outcome(node, mutate(REFERENCE_CELLS[node], ms))).toBe('ok')
      }),
      { numRuns: 5_000, seed: 7 }
    )
  }, 120_000)
})

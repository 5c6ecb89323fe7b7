import { describe, expect, it } from 'vitest'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { Grader } from '../../src/core/grader/check'
import { model } from '../model'

const grader = new Grader(model())

describe("a cell's trace", () => {
  it('records each executed line with the names it bound: type, shape, dtype and a preview', () => {
    const c = grader.checkCell('logprobs', `k = 3\n${REFERENCE_CELLS.logprobs}`, { trace: true })
    expect(c.trace.map((s) => s.line)).toEqual([1, 2, 3])
    expect(c.trace[0].bindings).toEqual([{ name: 'k', type: 'int', shape: null, dtype: null, preview: '3' }])
    const [d] = c.trace[1].bindings
    expect(d).toMatchObject({ name: 'dlogprobs', type: 'Tensor', shape: [32, 27], dtype: 'float32' })
    expect(d.preview.length).toBeGreaterThan(0)
    expect(d.preview.length).toBeLessThan(200)
  })

  it('shows a 0-d tensor as a scalar: shape [] and its one number, not a list', () => {
    const c = grader.checkCell('logprobs', `s = loss * 1.0\n${REFERENCE_CELLS.logprobs}`, { trace: true })
    const [s] = c.trace[0].bindings
    expect(s).toMatchObject({ name: 's', type: 'Tensor', shape: [], dtype: 'float32' })
    expect(s.preview).toMatch(/^\d\.\d{4}$/)
  })

  it('is recorded only when asked for', () => {
    expect(grader.checkCell('logprobs', REFERENCE_CELLS.logprobs).trace).toEqual([])
  })

  it('is bounded: a loop of 100,000 iterations does not leave 100,000 steps', () => {
    const c = grader.checkCell('probs', `for i in range(100000):\n    x = i\n${REFERENCE_CELLS.probs}`, { trace: true })
    expect(c.verdict.status).toBe('pass')
    expect(c.trace.length).toBeGreaterThan(0)
    expect(c.trace.length).toBeLessThanOrEqual(10_000)
  })
})

/** Runs a cell that must stop on a limit. */
function stopped(code: string) {
  const c = grader.checkCell('probs', code)
  return { status: c.verdict.status, error: c.error }
}

describe('limits: no cell can hang or crash the grader', () => {
  it.each([
    ['for i in range(10**12): pass', 1],
    ['x = 0\nwhile True: pass', 2],
    ['while True:\n    x = [1]', 2]
  ])('stops the runaway loop %j promptly, at its line', (code, line) => {
    const { status, error } = stopped(code)
    expect(status).toBe('error')
    expect(error).toMatchObject({ kind: 'limit', line })
    expect(error!.message).toMatch(/^LimitError: /)
  })

  it.each([
    ['x = 10**10**10'],
    ["x = 'a' * 10**10"],
    ['x = [0] * 10**10'],
    ['x = 1 << 10**10'],
    ['x = list(range(10**10))'],
    ['x = torch.zeros(100000, 100000)']
  ])('refuses the huge value in %j with a limit error, promptly', (code) => {
    const { error } = stopped(code)
    expect(error).toMatchObject({ kind: 'limit', line: 1 })
  })

  it('turns deep recursion in a def into RecursionError at the recursive call', () => {
    const { status, error } = stopped('def f(k):\n    return f(k + 1)\nf(0)')
    expect(status).toBe('error')
    expect(error!.message).toMatch(/RecursionError|LimitError/)
    expect(error!.line).toBe(2)
  })

  it('reports 100,000 nested parentheses as a syntax error, without overflowing the stack', () => {
    const { status, error } = stopped(`x = ${'('.repeat(100_000)}1${')'.repeat(100_000)}`)
    expect(status).toBe('error')
    expect(error).toMatchObject({ kind: 'syntax', line: 1 })
  })

  it.each([
    ['unary minus', `x = ${'-'.repeat(100_000)}1`],
    ['not', `x = ${'not '.repeat(100_000)}1`],
    ['power', `x = 2${'**2'.repeat(100_000)}`]
  ])('reports 100,000 nested %s operators as an error, without overflowing the stack', (_what, code) => {
    const { status, error } = stopped(code)
    expect(status).toBe('error')
    expect(['syntax', 'limit']).toContain(error!.kind)
  })

  it('reports a long flat chain of additions as an error or a value, never a crash', () => {
    const { status } = stopped(`x = 1${'+1'.repeat(100_000)}`)
    expect(['error', 'missing']).toContain(status)
  })

  it('lets the next cell run normally after a cell hit a limit', () => {
    stopped('while True: pass')
    expect(grader.checkCell('probs', REFERENCE_CELLS.probs).verdict.status).toBe('pass')
  })

  it('honours tighter limits passed by the caller', () => {
    const c = grader.checkCell('probs', 'for i in range(1000):\n    x = i', { limits: { steps: 100 } })
    expect(c.error).toMatchObject({ kind: 'limit', line: 2 })
  })
})

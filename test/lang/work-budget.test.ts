// Work inside a single statement is charged by its size, before it is done (a matrix product n·k·m, a list or string
// built by size its items, a sort n·log2(n)); a call of the program's own function or lambda is a step; and the clock
// is read as the work is charged, not only every 1,024 statements. Asserted with small budgets and a fake clock,
// never with the real one.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Interpreter, type Limits } from '../../src/core/lang/runtime/evaluator'
import { parse } from '../../src/core/lang/syntax/parser'
import { str } from '../../src/core/lang/runtime/repr'

function run(source: string, limits: Partial<Limits> = {}) {
  const parsed = parse(source)
  if (!parsed.ok) throw new Error(parsed.error.message)
  const interp = new Interpreter()
  const result = interp.run(parsed.module, { limits })
  return { ...result, get: (name: string) => interp.globals.vars.get(name) }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the work budget', () => {
  it('refuses a matrix product past the budget before computing it, at its line', () => {
    const r = run('import torch\na = torch.ones(200, 300)\nb = a @ a.T\nc = b @ b', { work: 19_000_000 })
    // (200, 300) @ (300, 200) is 12,000,000 multiply-adds and fits; (200, 200) @ (200, 200) is 8,000,000 more and does not
    expect(r.error).toMatchObject({ kind: 'limit', line: 4 })
    expect(r.error!.message).toContain('a matrix product of (200, 200) and (200, 200) would take the program past its limit of 19,000,000 units of work')
    expect(r.get('b')).toBeDefined()
    expect(r.get('c')).toBeUndefined()
  })

  it('refuses a product of two (4000, 4000) matrices outright under the default budget', () => {
    // 64,000,000,000 multiply-adds: it would run for minutes; charged first, it never starts
    const r = run('import torch\na = torch.zeros(1, 1).expand(4000, 4000)\nb = a @ a')
    expect(r.error).toMatchObject({ kind: 'limit', line: 3 })
    expect(r.error!.message).toContain('a matrix product of (4000, 4000) and (4000, 4000)')
  })

  it('charges batched products for every batch', () => {
    const r = run('import torch\na = torch.ones(10, 50, 50)\nb = a @ a', { work: 1_000_000 })
    expect(r.error).toMatchObject({ kind: 'limit', line: 3 })
    expect(r.error!.message).toContain('a batched matrix product of 10 (50, 50) and (50, 50) matrices')
  })

  it.each([
    ['a list repeated', 'x = 1\nl = [0.5] * 10**6', 2],
    ['a string repeated', 'x = 1\ns = "ab" * 10**6', 2],
    ['a list made from a range', 'x = 1\nl = list(range(10**6))', 2],
    ['a sorted range', 'x = 1\nl = sorted(range(20_000))', 2],
    ['lists added', 'l = [0] * 60_000\nm = l + l', 2],
    ['a string padded', "x = 1\ns = 'a'.ljust(10**6)", 2],
    ['a long string iterated', "s = 'a' * 90_000\nt = [c for c in s]", 2]
  ])('ends %s at its line with a limit error', (_, source, line) => {
    const r = run(source, { work: 100_000 })
    expect(r.error).toMatchObject({ kind: 'limit', line })
    expect(r.error!.message).toContain('units of work')
  })

  it('lets the same programs run under the default budget', () => {
    const r = run('l = [0.5] * 10**6\ns = "ab" * 10**5\nm = sorted(range(20_000))\nn = len(l) + len(s) + len(m)')
    expect(r.error).toBeNull()
    expect(str(r.get('n')!)).toBe('1220000')
  })
})

describe('calls are steps', () => {
  it.each([
    ['sorted with a key lambda', 'l = sorted(range(100), key=lambda v: -v)', 1],
    ['map over a lambda', 'l = list(map(lambda v: v + 1, range(100)))', 1],
    ['lambdas called in one expression', 'f = lambda v: v\nx = f(1) + f(2) + f(3) + f(4) + f(5) + f(6)', 2],
    // a def's body has statements of its own: the limit lands on the one that ran out
    ['filter with a def', 'def keep(v):\n    return v\nl = list(filter(keep, range(100)))', 2]
  ])('%s counts every call against the step limit', (_, source, line) => {
    const r = run(source, { steps: 5 })
    expect(r.error).toMatchObject({ kind: 'limit' })
    expect(r.error!.message).toBe('LimitError: the program ran more than 5 steps; is there a runaway loop?')
    expect(r.error!.line).toBe(line)
  })

  it('counts a call once: 100 key calls and one statement are 101 steps', () => {
    const r = run('l = sorted(range(100), key=lambda v: -v)')
    expect(r.error).toBeNull()
    expect(r.steps).toBe(101)
  })
})

describe('the clock is read inside long single statements', () => {
  it('ends one big statement once its time is up, though no 1,024th statement is reached', () => {
    // a fake clock: the run starts at 0 and every later look at the clock is a minute on
    let calls = 0
    vi.spyOn(Date, 'now').mockImplementation(() => (calls++ === 0 ? 0 : 60_000))
    const r = run('x = 1\nl = [0] * 10**6')
    expect(r.error).toMatchObject({ kind: 'limit', line: 2 })
    expect(r.error!.message).toBe('LimitError: the program ran longer than 5 s; is it working on something huge?')
  })
})

describe('strings are indexed by code point without being copied', () => {
  it('gives len, indexing and slicing by code point, astral characters included', () => {
    const r = run("s = 'a😀b'\nn = len(s)\nc = s[1]\nd = s[-1]\ne = s[::-1]\nf = s[1:]\ng = 'abcdef'[::2]\nh = 'x' + s[0]")
    expect(r.error).toBeNull()
    expect(['n', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => str(r.get(k)!))).toEqual(['3', '😀', 'b', 'b😀a', '😀b', 'ace', 'xa'])
  })

  it('raises Python\'s IndexError past the end', () => {
    const r = run("s = 'a😀b'\nc = s[3]")
    expect(r.error).toMatchObject({ kind: 'runtime', line: 2 })
    expect(r.error!.message).toBe('IndexError: string index out of range')
  })

  it('never spreads the string into an array for len(s) or s[i]', () => {
    const parsed = parse("s = 'ab' * 50_000\nfor i in range(1000):\n    c = s[i]\n    n = len(s)")
    if (!parsed.ok) throw new Error('parse')
    const interp = new Interpreter()
    const iterator = vi.spyOn(String.prototype, Symbol.iterator)
    const r = interp.run(parsed.module)
    expect(r.error).toBeNull()
    expect(iterator).not.toHaveBeenCalled()
  })
})

// int64 tensors live in a Float64Array, exact only within ±2^53: a Python int or an int64 result past that is refused
// with a clear error, never rounded into a silently wrong integer. Past int64 itself the error is PyTorch 1.13's own
// (`torch.tensor(2**63)` prints "RuntimeError: Overflow when unpacking long").
import { describe, expect, it } from 'vitest'
import { Interpreter } from '../../src/core/lang/runtime/evaluator'
import { parse } from '../../src/core/lang/syntax/parser'
import { repr } from '../../src/core/lang/runtime/repr'

function evaluate(expr: string): string {
  const parsed = parse(`import torch\nx = ${expr}`)
  if (!parsed.ok) throw new Error(parsed.error.message)
  const interp = new Interpreter()
  const run = interp.run(parsed.module)
  return run.error !== null ? run.error.message : repr(interp.globals.vars.get('x')!)
}

const OVERFLOW = 'RuntimeError: Overflow when unpacking long'
const INEXACT = /^RuntimeError: int64 value .* is outside ±\(2\^53 - 1\): this app stores int64 tensors exactly only within ±2\^53 \(PyTorch's int64 reaches ±2\^63\), so it refuses the value rather than round it$/

describe('int64 beyond what a double holds exactly', () => {
  it.each([
    'torch.tensor(2**63)',
    'torch.tensor([2**63])',
    'torch.tensor(-2**63 - 1)',
    'torch.full((2,), 2**63)',
    'torch.tensor([1]) * 2**63',
    'torch.tensor([1.0]) * 2**63'
  ])('%s raises PyTorch\'s overflow error', (expr) => {
    expect(evaluate(expr)).toBe(OVERFLOW)
  })

  it.each([
    // PyTorch: tensor([1000000000000000001]), tensor(9007199254740993), tensor([0]) (wrapped), ...
    'torch.tensor([10**18]) + 1',
    'torch.tensor([10**18])',
    'torch.tensor(2**53) + 1',
    'torch.tensor([2**62]) * 4',
    'torch.tensor([1]) + 2**62',
    'torch.tensor([3]) ** 40',
    'torch.tensor([2**52, 2**52]).sum()',
    'torch.tensor([2**52, 2**52]).cumsum(0)',
    'torch.tensor([2**40]) @ torch.tensor([2**40])',
    'torch.full((1,), 10**18 + 1)',
    'torch.arange(2**62, 2**62 + 2)'
  ])('%s is refused, saying int64 is exact here only within ±2^53', (expr) => {
    expect(evaluate(expr)).toMatch(INEXACT)
  })

  it.each([
    ['torch.tensor([1]) + 2**52', 'tensor([4503599627370497])'],
    ['torch.tensor([2**53 - 1])', 'tensor([9007199254740991])'],
    ['torch.tensor([-(2**53 - 1)]) - 0', 'tensor([-9007199254740991])'],
    ['torch.tensor([10**18], dtype=torch.float32)', 'tensor([1.0000e+18])'],
    ['torch.tensor([1.0]) * 10**18', 'tensor([1.0000e+18])']
  ])('%s still computes exactly (as PyTorch: %s)', (expr, want) => {
    expect(evaluate(expr)).toBe(want)
  })
})

// Errors a learner meets in a cell, at their place: reading autograd's .grad, an operand that is a method, a real
// torch function this app lacks.

import { describe, expect, it } from 'vitest'
import { Grader } from '../../src/core/grader/check'
import { model } from '../model'

const grader = new Grader(model())
const HIDDEN = "AttributeError: autograd's answer is hidden here: .grad is what your code must compute"

describe('reading .grad in a cell', () => {
  it.each([
    ['dhpreact = hpreact.grad', 1, 20],
    ['x = 1\ndW2 = W2.grad.clone()', 2, 10],
    ['dlogits = torch.zeros_like(logits)\ndlogits[range(n), Yb] = logits.grad[range(n), Yb]', 2, 32]
  ])('`%s` raises at the access (line %i, column %i), not at the next use', (code, line, col) => {
    const name = code.split('\n').pop()!.split(/[ [=]/)[0].slice(1)
    const c = grader.checkCell(name, code)
    expect(c.verdict.status).toBe('error')
    expect(c.error!.message.startsWith(HIDDEN)).toBe(true)
    expect(c.error).toMatchObject({ kind: 'runtime', line, col })
  })
})

describe('operands and functions named as CPython and PyTorch name them', () => {
  it('names the left operand first for `dlogits @ W2.t` (a method, not a tensor), as CPython 3.11 does', () => {
    const c = grader.checkCell('h', 'dh = dlogits @ W2.t')
    // CPython 3.11 with torch 1.13: TypeError: unsupported operand type(s) for @: 'Tensor' and 'builtin_function_or_method'
    expect(c.error!.message.startsWith("TypeError: unsupported operand type(s) for @: 'Tensor' and 'builtin_function_or_method'")).toBe(true)
    expect(c.error).toMatchObject({ line: 1, col: 6 })
  })

  it.each(['einsum', 'diag', 'bincount'])('says torch.%s is not supported here, with what to use instead', (fn) => {
    const c = grader.checkCell('h', `dh = torch.${fn}(dlogits)`)
    expect(c.error!.message).toMatch(new RegExp(`^NotImplementedError: torch\\.${fn} is not supported here; \\S`))
  })

  it('keeps the plain AttributeError for a name torch really lacks', () => {
    expect(grader.checkCell('h', 'dh = torch.frobnicate(dlogits)').error!.message).toBe("AttributeError: module 'torch' has no attribute 'frobnicate'")
  })
})

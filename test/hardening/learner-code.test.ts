// Whatever a learner types, check answers within seconds with a verdict or an error at a line and column:
// never a hang, a crash, a JavaScript stack trace, or a reach outside the interpreter.
import { describe, expect, it } from 'vitest'
import { Grader } from '../../src/core/grader/check'
import { model } from '../model'

const grader = new Grader(model())

function run(code: string) {
  const { result } = grader.checkChained(code)
  return { result, error: result.error }
}

describe('runaway work ends with a limit error at its line, promptly', () => {
  it.each([
    ['a loop over range(10**12)', 'x = 1\nfor i in range(10**12):\n    pass', 2],
    ['while True', 'x = 1\nwhile True:\n    x += 1', 2],
    ['10 ** 10 ** 10', 'y = 0\nx = 10 ** 10 ** 10', 2],
    ["'a' * 10**10", "x = 'a' * 10**10", 1],
    ['[0] * 10**10', 'x = [0] * 10**10', 1],
    ['a huge tensor', 'x = torch.zeros(100000, 100000)', 1],
    ['a huge tensor from ones', 'x = torch.ones((50000, 50000))', 1],
    ['list(range(10**12))', 'x = list(range(10**12))', 1],
    ['deep recursion', 'def f(n):\n    return f(n + 1)\nf(0)', 2]
  ])('%s', (_label, code, line) => {
    const { error } = run(code)
    expect(error).not.toBeNull()
    expect(['limit', 'runtime']).toContain(error!.kind)
    expect(error!.line).toBe(line)
    expect(error!.message).not.toMatch(/at .*\.ts:\d+/)
  })
})

describe('hostile code gets a clear error and nothing runs on the host', () => {
  it.each([
    ['import os', 'import os', /ModuleNotFoundError: No module named 'os'/],
    ['import subprocess', 'import subprocess', /ModuleNotFoundError/],
    ['from os import system', 'from os import system', /ModuleNotFoundError/],
    ['open()', "open('/etc/passwd')", /NameError: name 'open' is not defined/],
    ['eval', "eval('1+1')", /NameError: name 'eval' is not defined/],
    ['exec', "exec('x=1')", /NameError: name 'exec' is not defined/],
    ['__import__', "__import__('os')", /NameError/],
    ['a dunder chain', '().__class__.__bases__', /AttributeError/],
    ['a dunder on a tensor', 'probs.__class__', /AttributeError/],
    ['the constructor of a tensor method', 'probs.sum.constructor', /AttributeError/],
    ['globals()', 'globals()', /NameError/],
    ['getattr on a module', "getattr(torch, '__dict__')", /NameError|AttributeError/]
  ])('%s', (_label, code, message) => {
    const { error } = run(code)
    expect(error).not.toBeNull()
    expect(error!.message).toMatch(message)
    expect(error!.line).toBe(1)
  })
})

describe('pathological text gives a syntax error or a verdict, never a stack overflow', () => {
  it.each([
    ['100,000 nested parentheses', '('.repeat(100_000) + '1' + ')'.repeat(100_000)],
    ['a 200,000-long attribute chain', 'x = probs' + '.T'.repeat(200_000)],
    ['200,000 unary minuses', 'x = ' + '-'.repeat(200_000) + '1'],
    ['a long addition chain', 'x = ' + Array(50_000).fill('1').join(' + ')],
    ['NUL bytes', 'dprobs = 1\u0000\n'],
    ['random bytes', Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('')]
  ])('%s', (_label, code) => {
    const { result } = run(code)
    if (result.error !== null) {
      expect(['syntax', 'runtime', 'limit']).toContain(result.error.kind)
      expect(result.error.message).not.toMatch(/InternalError|Maximum call stack/)
    }
  })

  it('takes an empty file as a solution with every node missing', () => {
    const { result } = run('')
    expect(result.error).toBeNull()
    expect(result.summary.missing).toBe(26)
  })

  it('checks a 5 MB file of comments and statements within seconds', () => {
    const line = 'x = 1  # a comment that pads the line out to a good length for the test\n'
    const code = line.repeat(Math.ceil(5_000_000 / line.length)) + 'dprobs = (1.0 / probs) * dlogprobs\n'
    const { result } = run('dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n\n' + code)
    expect(result.error).toBeNull()
    expect(result.nodes.probs.status).toBe('pass')
  }, 30_000)
})

describe('odd but valid text works as in Python', () => {
  const reference = 'dlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = -1.0/n\ndprobs = (1.0 / probs) * dlogprobs\n'
  it.each([
    ['CRLF line endings', reference.replace(/\n/g, '\r\n')],
    ['a UTF-8 byte order mark', '\uFEFF' + reference],
    ['tab indentation', 'for _ in range(1):\n\tdlogprobs = torch.zeros_like(logprobs)\n\tdlogprobs[range(n), Yb] = -1.0/n\ndprobs = (1.0 / probs) * dlogprobs\n'],
    ['Unicode identifiers', 'λ = -1.0/n\ndlogprobs = torch.zeros_like(logprobs)\ndlogprobs[range(n), Yb] = λ\ndprobs = (1.0 / probs) * dlogprobs\n'],
    ['comments everywhere', '# start\ndlogprobs = torch.zeros_like(logprobs)  # zeros\n# middle\ndlogprobs[range(n), Yb] = -1.0/n # pick\ndprobs = (1.0 / probs) * dlogprobs # chain\n# end']
  ])('%s', (_label, code) => {
    const { result } = run(code)
    expect(result.error).toBeNull()
    expect(result.nodes.logprobs.status).toBe('pass')
    expect(result.nodes.probs.status).toBe('pass')
  })
})

describe('numeric trouble', () => {
  it('gives a verdict, not a crash, for NaN and Inf in a gradient', () => {
    const { result } = run('dprobs = probs * float("nan")\ndlogprobs = torch.zeros_like(logprobs) / 0.0\n')
    expect(result.error).toBeNull()
    expect(result.nodes.probs.status).toBe('fail')
    expect(result.nodes.logprobs.status).toBe('fail')
  })

  it("raises Python's ZeroDivisionError for 1/0 with its line", () => {
    const { error } = run('x = 1\ny = 1 / 0')
    expect(error).toMatchObject({ kind: 'runtime', line: 2 })
    expect(error!.message).toBe('ZeroDivisionError: division by zero')
  })

  it('names both shapes when they do not broadcast', () => {
    const { error } = run('x = 2\ndprobs = probs * counts_sum_inv.T')
    expect(error).toMatchObject({ kind: 'runtime', line: 2 })
    expect(error!.message).toMatch(/size of tensor a \(27\) must match the size of tensor b \(32\)/)
    expect(error!.message).toMatch(/\[32, 27\].*\[1, 32\]/)
  })
})

describe('builtins that consume an iterable are bounded like loops', () => {
  it.each([
    ['sum(range(10**12))', 'x = sum(range(10**12))'],
    ['max over a huge range', 'x = max(range(10**12))'],
    ['any over a huge range', 'x = any(i < 0 for i in range(10**12))'],
    ['many large tensors in a loop', 'for i in range(100000):\n    x = torch.zeros(1000, 1000)']
  ])('%s', (_label, code) => {
    const { error } = run(code)
    expect(error?.kind).toBe('limit')
  })
})

describe('with blocks, as the lecture writes them', () => {
  it('runs a torch.no_grad() block and restores grad mode after it', () => {
    const { result } = run(
      'with torch.no_grad():\n    dlogprobs = torch.zeros_like(logprobs)\n    dlogprobs[range(n), Yb] = -1.0/n\ndprobs = (1.0/probs) * dlogprobs\n'
    )
    expect(result.error).toBeNull()
    expect(result.nodes.logprobs.status).toBe('pass')
    expect(result.nodes.probs.status).toBe('pass')
  })

  it('refuses a value that is no context manager, at its place', () => {
    const { error } = run('x = 1\nwith probs:\n    pass')
    expect(error).toMatchObject({ kind: 'runtime', line: 2 })
    expect(error!.message).toMatch(/does not support the context manager protocol/)
  })
})

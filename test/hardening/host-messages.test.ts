// No message of the host engine ever reaches a learner. Every builtin, str/list/tuple/dict method, torch and
// torch.nn.functional function, math function and tensor method is called with wrong-typed and huge arguments;
// each call either returns or raises a Python error (TypeError, ValueError, ..., or our limit), never a
// JavaScript one. The names come from the interpreter's own tables, so a new binding is walked too.

import { describe, expect, it } from 'vitest'
import { methodNames } from '../../src/core/lang/runtime/attributes'
import { Interpreter } from '../../src/core/lang/runtime/evaluator'
import { parse } from '../../src/core/lang/syntax/parser'
import { tensorAttributeNames } from '../../src/core/lang/torch/tensor-methods'
import { PyBuiltin, PyModule } from '../../src/core/lang/runtime/values'

/** Wrong-typed, empty, negative and huge arguments, as Python source. */
const ARGS = [
  '', 'None', "'x'", '1.5', '-1', '10**20', '10**10', 'torch.long', '[1, 2]', '{}', '(2, 3)', 't', '10**10, "b"',
  '-10**20', '1, 2, 3, 4, 5', "x=1", 'torch.long, 10**20', '10**6, 10**6', 'float("nan")', '"%s"', "'{}'"
]

/** V8's and the engine's own wording, and anything that looks like a JavaScript value. */
const HOST =
  /InternalError|is not a function|Symbol\(|Invalid string length|Invalid typed array length|Invalid array length|Cannot read propert|Cannot convert|undefined|\[object |Maximum call stack|BigInt|out of memory|RangeError|toFixed|toPrecision|\bNaN\b(?! to integer)|Infinity/

const LIMITS = { elements: 1_000_000, totalElements: 4_000_000, steps: 100_000 }

function messageOf(source: string): string | null {
  const parsed = parse(source)
  if (!parsed.ok) return null
  const interp = new Interpreter()
  const run = interp.run(parsed.module, { limits: LIMITS })
  return run.error === null ? null : `${run.error.kind}: ${run.error.message}`
}

function names(): { label: string; call: string }[] {
  const interp = new Interpreter()
  const calls: { label: string; call: string }[] = []
  const probe = parse('import torch\nimport torch.nn.functional as F\nimport math\n')
  if (probe.ok) interp.run(probe.module)
  for (const [name, v] of interp.globals.vars) if (v instanceof PyModule) {
    for (const [attr, f] of v.attrs) if (f instanceof PyBuiltin) calls.push({ label: `${name}.${attr}`, call: `${name}.${attr}` })
  }
  for (const [name, v] of (interp as unknown as { builtins: Map<string, unknown> }).builtins)
    if (v instanceof PyBuiltin && !['print', 'input'].includes(name)) calls.push({ label: name, call: name })
  for (const m of methodNames('str')) calls.push({ label: `str.${m}`, call: `'ab'.${m}` })
  for (const m of methodNames('list')) calls.push({ label: `list.${m}`, call: `[1, 2].${m}` })
  for (const m of methodNames('tuple')) calls.push({ label: `tuple.${m}`, call: `(1, 2).${m}` })
  for (const m of methodNames('dict')) calls.push({ label: `dict.${m}`, call: `{'a': 1}.${m}` })
  for (const m of tensorAttributeNames()) calls.push({ label: `Tensor.${m}`, call: `t.${m}` })
  return calls
}

const CALLS = names()

describe('every binding called with wrong and huge arguments', () => {
  it('walks hundreds of callables from the interpreter\'s own tables', () => {
    expect(CALLS.length).toBeGreaterThan(300)
    expect(CALLS.map((c) => c.label)).toEqual(expect.arrayContaining(['str.ljust', 'torch.randint', 'Tensor.expand', 'len', 'F.cross_entropy', 'math.sqrt']))
  })

  it.each(CALLS.map((c) => [c.label, c] as const))('%s never shows a host message', (_label, c) => {
    const bad: string[] = []
    for (const args of ARGS) {
      const source = `import torch\nimport torch.nn.functional as F\nimport math\nt = torch.zeros(2, 3)\nr = ${c.call}(${args})\n`
      const message = messageOf(source)
      if (message !== null && (HOST.test(message) || !/^(runtime|limit|syntax): [A-Z][A-Za-z]*(Error|Exception|Interrupt|Iteration)\b/.test(message)))
        bad.push(`${c.call}(${args}) -> ${message}`)
    }
    expect(bad).toEqual([])
  })
})

describe('the cases the attack found', () => {
  it.each([
    ["'a'.center(10**10, 'b')", /^limit: LimitError: /],
    ["'a'.ljust(10**10)", /^limit: LimitError: /],
    ["'a'.rjust(10**10)", /^limit: LimitError: /],
    ["'1'.zfill(10**10)", /^limit: LimitError: /],
    ["'{:10000000000}'.format(1)", /^limit: LimitError: /],
    ["''.join(['x' * 10**7] * 10)", /^limit: LimitError: /],
    ["''.ljust(torch.long, 10**20)", /^runtime: TypeError: 'torch.dtype' object cannot be interpreted as an integer$/],
    ['torch.randint(0, 10**20, (3,))', /^runtime: RuntimeError: Overflow when unpacking long$/],
    ['torch.zeros(1).expand(10**6, 10**6).sum()', /^limit: LimitError: /],
    ["'%.1000f' % 1.0 == '1.' + '0' * 1000", null]
  ])('%s', (expr, expected) => {
    const message = messageOf(`import torch\nr = ${expr}\n`)
    if (expected === null) expect(message).toBeNull()
    else expect(message).toMatch(expected)
  })
})

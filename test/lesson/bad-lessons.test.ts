// A bad lesson file gets one clear error with its line and column, never a half-built lesson.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildLesson } from '../../src/core/lesson/build'
import { LessonError } from '../../src/core/lesson/file'

const names = readFileSync(join(__dirname, '..', '..', 'data', 'names.txt'), 'utf8')

const SETUP = `# %% lesson: tiny
# One linear layer and a mean square error.

# %% setup
import torch
g = torch.Generator().manual_seed(1)
W = torch.randn((3, 2), generator=g)
W.requires_grad = True
x = torch.randn((4, 3), generator=g)
`
const FORWARD = `
# %% forward
y = x @ W
loss = (y**2).mean()
`

function errorOf(text: string, limits?: Parameters<typeof buildLesson>[1]['limits']): LessonError {
  try {
    buildLesson(text, { id: 'bad', namesText: names, limits })
  } catch (e) {
    if (e instanceof LessonError) return e
    throw e
  }
  throw new Error('the lesson was built')
}

describe('a small good lesson', () => {
  it('builds: nodes y and W, loss, a default order from the loss down, derived hints', () => {
    const l = buildLesson(SETUP + FORWARD, { id: 'tiny', namesText: names })
    expect(l.order).toEqual(['y', 'W'])
    expect(l.title).toBe('tiny')
    expect(l.description).toBe('One linear layer and a mean square error.')
    expect(l.hints.get('W')!.join(' ')).toContain('a.T @ dout')
    expect(l.graph.edges).toContainEqual(expect.objectContaining({ from: 'W', to: 'y' }))
  })
})

describe.each([
  ['no title line', 'import torch\n', 1, /starts with its title line/],
  ['an unknown section', SETUP + '# %% backward\n', 10, /unknown section '# %% backward'/],
  ['no forward section', SETUP, 4, /no '# %% forward' section/],
  ['a syntax error in the forward pass', SETUP + '\n# %% forward\ny = (x @ W\nloss = y.sum()\n', 12, /SyntaxError: '\(' was never closed/],
  ['no loss', SETUP + '\n# %% forward\ny = x @ W\n', 11, /never binds loss/],
  ['a non-scalar loss', SETUP + '\n# %% forward\ny = x @ W\nloss = y * 2\n', 13, /loss must be a scalar .* \[4, 2\]/],
  ['an int loss', SETUP + '\n# %% forward\nloss = 3\n', 12, /loss must be a scalar tensor, got int/],
  ['no parameters', SETUP.replace('W.requires_grad = True\n', '') + FORWARD, 4, /no parameters/],
  ['an op the engine lacks', SETUP + '\n# %% forward\ny = torch.cdist(x, x)\nloss = y.sum()\n', 12, /raised .*cdist/],
  ['a runtime error in setup', SETUP + 'z = undefined_thing\n' + FORWARD, 10, /setup raised NameError: name 'undefined_thing' is not defined/],
  ['a tensor over the size limit', SETUP + 'big = torch.zeros(100_000, 1_000)\n' + FORWARD, 10, /setup stopped: .*limit/],
  ['a check section naming a non-node', SETUP + FORWARD + '\n# %% check: y W2\n', 15, /names 'W2', not a node/],
  ['a check section leaving a node out', SETUP + FORWARD + '\n# %% check: y\n', 15, /leaves out W/],
  ['code after the title', '# %% lesson: t\nx = 1\n# %% setup\n', 2, /only comment lines may follow the title/],
  ['a second forward section', SETUP + FORWARD + FORWARD, 15, /a second '# %% forward' section \(the first is on line 11\)/]
])('%s', (_what, text, line, message) => {
  it('is one LessonError with its line', () => {
    const e = errorOf(text)
    expect(e.message).toMatch(message)
    expect(e.line).toBe(line)
    expect(e.col).toBeGreaterThanOrEqual(1)
  })
})

it('a forward pass that runs past the step limit stops with a limit error at its line', () => {
  const text = SETUP + '\n# %% forward\nk = 0\nwhile True:\n    k += 1\nloss = (x @ W).sum()\n'
  const e = errorOf(text, { forward: { steps: 10_000 } })
  expect(e.message).toMatch(/the forward pass stopped: .*step/i)
  expect([13, 14]).toContain(e.line)
})

import { describe, expect, test } from 'vitest'
import { cellScope, hoverFor, membersAfter, TENSOR_MEMBERS, TORCH_MEMBERS, F_MEMBERS } from '../../src/renderer/src/editor/completions'
import { createSession } from './session'

const session = createSession()
const scopeFor = (name: string) => cellScope(session.graph, session.config, name, 'isolated')

describe('cellScope', () => {
  test('offers every forward tensor with its shape', () => {
    const counts = scopeFor('probs').find((s) => s.name === 'counts')!
    expect(counts.detail).toBe('Tensor [32, 27] float32')
  })

  test('offers the gradients upstream of the cell and the one it defines, not the ones below', () => {
    const names = scopeFor('counts').filter((s) => s.kind === 'grad').map((s) => s.name)
    expect(names).toEqual(['dlogprobs', 'dprobs', 'dcounts_sum_inv', 'dcounts_sum', 'dcounts'])
  })

  test('offers n and the config ints with their values, and torch and F', () => {
    const scope = scopeFor('probs')
    expect(scope.find((s) => s.name === 'n')?.detail).toBe('int = 32')
    expect(scope.find((s) => s.name === 'vocab_size')?.detail).toBe('int = 27')
    expect(scope.filter((s) => s.kind === 'module').map((s) => s.name)).toEqual(['torch', 'F'])
  })
})

describe('membersAfter', () => {
  const scope = scopeFor('h')
  test('torch. and F. offer their functions', () => {
    expect(membersAfter('torch', scope)).toBe(TORCH_MEMBERS)
    expect(membersAfter('F', scope)).toBe(F_MEMBERS)
  })
  test('a tensor in scope offers tensor methods, also after .T or a call', () => {
    expect(membersAfter('W2', scope)).toBe(TENSOR_MEMBERS)
    expect(membersAfter('W2.T', scope)).toBe(TENSOR_MEMBERS)
    expect(membersAfter('logits.max(1)', scope)).toBe(TENSOR_MEMBERS)
  })
  test('an unknown name offers nothing', () => {
    expect(membersAfter('foo', scope)).toBeNull()
  })
})

test('hovering a name shows its shape; hovering a gradient says whether it is given', () => {
  const scope = scopeFor('counts')
  expect(hoverFor('counts_sum_inv', scope)).toContain('[32, 1]')
  expect(hoverFor('dprobs', scope)).toContain('true gradient')
  expect(hoverFor('nothing', scope)).toBeNull()
})

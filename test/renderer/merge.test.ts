import { expect, test } from 'vitest'
import type { GraphNode } from '../../src/core/api'
import { describeMerge } from '../../src/renderer/src/graph/merge'

const node = (name: string, consumers: string[], merge: boolean, contributions = consumers.length): GraphNode => ({
  name,
  kind: 'intermediate',
  shape: [32, 27],
  dtype: 'float32',
  source: '',
  line: 1,
  inputs: [],
  consumers,
  merge,
  contributions,
  checked: true
})

test('a node used twice sums two contributions, one per use', () => {
  expect(describeMerge(node('counts', ['counts_sum', 'probs'], true))).toEqual({
    chip: 'Σ2',
    sentence: 'dcounts is the sum of 2 contributions, one from each use: counts_sum, probs.'
  })
})

test('a broadcast node sums over the broadcast dimension, whatever count the core gives', () => {
  const merge = describeMerge(node('counts_sum_inv', ['probs'], true, 1))
  expect(merge?.chip).toBe('Σ')
  expect(merge?.sentence).toContain('broadcast in probs')
})

test('a plain node is not a sum', () => {
  expect(describeMerge(node('h', ['logits'], false))).toBeNull()
})

test('the chip reads Σ1/2 and names the branch held when only one of two contributions is in the gradient', () => {
  const counts = node('counts', ['counts_sum', 'probs'], true)
  const m = describeMerge(counts, { matched: 1, total: 2, consumers: ['probs'] })
  expect(m?.chip).toBe('Σ1/2')
  expect(m?.sentence).toMatch(/Yours has 1 of them \(through probs\)/)
  expect(describeMerge(counts)?.chip).toBe('Σ2')
})

test('a pass that holds fewer branches says why in the sentence (the left-out branch adds ~0)', () => {
  const logits = node('logits', ['logit_maxes', 'norm_logits'], true)
  const note = 'passes: the logit_maxes branch adds only ~5e-9 here, because softmax does not depend on the shift by logit_maxes; the lecture keeps it for correctness'
  const m = describeMerge(logits, { matched: 1, total: 2, consumers: ['norm_logits'] }, note)
  expect(m?.chip).toBe('Σ1/2')
  expect(m?.sentence).toBe(
    'dlogits is the sum of 2 contributions, one from each use: logit_maxes, norm_logits. Yours has 1 of them (through norm_logits). It passes: the logit_maxes branch adds only ~5e-9 here, because softmax does not depend on the shift by logit_maxes; the lecture keeps it for correctness.'
  )
  expect(describeMerge(logits, { matched: 2, total: 2, consumers: ['logit_maxes', 'norm_logits'] }, note)?.sentence).toMatch(/Yours has all 2\.$/)
})

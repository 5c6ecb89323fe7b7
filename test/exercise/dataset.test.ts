import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeDataset, vocabulary, buildSplit } from '../../src/core/exercise/dataset'
import { initParams } from '../../src/core/exercise/params'
import { DEFAULT_CONFIG } from '../../src/core/api'
import { loadFixture, scaledError } from '../fixtures'

const names = readFileSync(join(__dirname, '../../data/names.txt'), 'utf8')

describe('the data set', () => {
  it('builds contexts of block_size characters padded with dots, as the lecture does', () => {
    const { stoi } = vocabulary(['emma'])
    const { X, Y } = buildSplit(['emma'], stoi, 3)
    // sorted characters from 1: a=1, e=2, m=3; '.' is 0
    expect(X.toNested()).toEqual([[0, 0, 0], [0, 0, 2], [0, 2, 3], [2, 3, 3], [3, 3, 1]])
    expect(Y.toNested()).toEqual([2, 3, 3, 1, 0])
  })

  it.each(['default', 'wide'] as const)('matches PyTorch word order, split shapes and heads for the %s fixture', (name) => {
    const fx = loadFixture(name)
    const ds = makeDataset(names, fx.config.shuffle_seed, fx.config.block_size)
    expect(ds.words.length).toBe(fx.dataset.words)
    expect(ds.words.slice(0, 10)).toEqual(fx.dataset.first_shuffled)
    expect(ds.itos.length).toBe(fx.config.vocab_size)
    expect(ds.train.X.shape).toEqual(fx.dataset.Xtr)
    expect(ds.dev.X.shape).toEqual(fx.dataset.Xdev)
    expect(ds.test.X.shape).toEqual(fx.dataset.Xte)
    expect((ds.train.X.toNested() as number[][]).slice(0, 5)).toEqual(fx.dataset.Xtr_head)
    expect((ds.train.Y.toNested() as number[]).slice(0, 5)).toEqual(fx.dataset.Ytr_head)
  })
})

describe('the parameters', () => {
  it.each(['default', 'wide'] as const)('are drawn as PyTorch draws them for the %s fixture', (name) => {
    const fx = loadFixture(name)
    const config = { ...DEFAULT_CONFIG, ...fx.config }
    const { g, params } = initParams(fx.config.vocab_size, config)
    for (const [k, t] of Object.entries(params)) {
      expect(t.shape, k).toEqual(fx.tensors[k].shape)
      expect(scaledError(t.values(), fx.tensors[k].data), k).toBeLessThan(0.05)
    }
    const ix = g.randint(0, fx.dataset.Xtr[0], fx.config.batch_size)
    expect(Array.from(ix)).toEqual(fx.ix)
  })
})

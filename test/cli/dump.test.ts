import { describe, expect, it } from 'vitest'
import type { TensorJSON } from '../../src/core/api'
import { dumpModel } from '../../src/core/cli/dump'
import { loadFixture, scaledError } from '../fixtures'
import { model } from '../model'

describe.each(['default', 'wide', 'odd'] as const)('dump for the %s fixture config', (name) => {
  const fx = loadFixture(name)
  const { vocab_size: _v, ...config } = fx.config
  const dump = dumpModel(model(config as never)) as typeof fx

  it('has the config with vocab_size', () => expect(dump.config).toEqual(fx.config))
  it('shuffles and splits the words exactly as Python', () => expect(dump.dataset).toEqual(fx.dataset))
  it('draws the batch indices exactly as torch.randint', () => expect(dump.ix).toEqual(fx.ix))
  it('picks the same batch', () => {
    expect(dump.Xb).toEqual(fx.Xb)
    expect(dump.Yb).toEqual(fx.Yb)
  })
  it('gives the same loss to float32 precision', () => {
    expect(Math.abs(dump.loss - fx.loss)).toBeLessThan(5e-7)
    expect(Math.abs(dump.loss_fast - fx.loss_fast)).toBeLessThan(5e-7)
  })
  it.each(Object.keys(fx.tensors))('gives tensor %s and its gradient to float32 precision', (k) => {
    const [t, g] = [dump.tensors[k] as TensorJSON, dump.grads[k] as TensorJSON]
    expect([t.shape, t.dtype]).toEqual([fx.tensors[k].shape, fx.tensors[k].dtype])
    expect([g.shape, g.dtype]).toEqual([fx.grads[k].shape, fx.grads[k].dtype])
    expect(scaledError(t.data, fx.tensors[k].data)).toBeLessThan(1)
    expect(scaledError(g.data, fx.grads[k].data)).toBeLessThan(1)
  })
})

// `dump --json`: the model's numbers in the fixtures' schema (docs/CONTRACT.md section 2).

import type { TensorJSON } from '../api'
import { INTERMEDIATES, PARAMS } from '../api'
import type { Model } from '../exercise/model'
import { crossEntropy, slice, Tensor, withGradMode } from '../tensor'

/** A tensor as the fixtures write it: shape, dtype, flat row-major data. */
export function tensorJSON(t: Tensor): TensorJSON {
  return { shape: [...t.shape], dtype: t.dtype, data: Array.from(t.values()) }
}

/** The dump object: config, data set facts, batch, losses, every tensor and its gradient. */
export function dumpModel(model: Model): object {
  const ds = model.dataset
  const tensors: Record<string, TensorJSON> = {}
  const grads: Record<string, TensorJSON> = {}
  for (const k of [...INTERMEDIATES, ...PARAMS]) {
    tensors[k] = tensorJSON(model.tensors.get(k)!)
    grads[k] = tensorJSON(model.grads.get(k)!)
  }
  const lossFast = withGradMode(false, () => crossEntropy(model.tensors.get('logits')!, model.Yb).item())
  return {
    config: model.config,
    dataset: {
      words: ds.words.length,
      first_shuffled: ds.words.slice(0, 10),
      Xtr: [...ds.train.X.shape],
      Xdev: [...ds.dev.X.shape],
      Xte: [...ds.test.X.shape],
      Xtr_head: slice(ds.train.X, 0, 0, 5, 1).toNested(),
      Ytr_head: slice(ds.train.Y, 0, 0, 5, 1).toNested()
    },
    ix: model.ix,
    Xb: tensorJSON(model.Xb),
    Yb: tensorJSON(model.Yb),
    loss: model.loss,
    loss_fast: lossFast,
    tensors,
    grads
  }
}

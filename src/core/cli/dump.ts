// `dump --json`: the model's numbers in the fixtures' schema (docs/CONTRACT.md section 2).

import type { TensorJSON } from '../api'
import { CHECK_ORDER, INTERMEDIATES, PARAMS } from '../api'
import type { Model } from '../exercise/model'
import type { Lesson } from '../lesson/lesson'
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

/** The dump for a person: the config, the data set, the batch, the loss, and each node's kind and shape. */
export function dumpSummary(model: Model): string {
  const ds = model.dataset
  const c = model.config
  const shape = (s: readonly number[]) => `[${s.join(', ')}]`
  const lines = [
    `model: n_embd ${c.n_embd}, n_hidden ${c.n_hidden}, block_size ${c.block_size}, batch_size ${c.batch_size}, vocab_size ${c.vocab_size}`,
    `seeds: seed ${c.seed}, bn_seed ${c.bn_seed}, shuffle_seed ${c.shuffle_seed}`,
    `data:  ${ds.words.length} names (first after the shuffle: ${ds.words.slice(0, 5).join(', ')}, ...); ` +
      `Xtr ${shape(ds.train.X.shape)}, Xdev ${shape(ds.dev.X.shape)}, Xte ${shape(ds.test.X.shape)}`,
    `batch: ix ${model.ix.slice(0, 8).join(', ')}${model.ix.length > 8 ? ', ...' : ''} (Xb ${shape(model.Xb.shape)}, Yb ${shape(model.Yb.shape)})`,
    `loss:  ${model.loss.toFixed(6)}`,
    '',
    `${'node'.padEnd(15)} ${'kind'.padEnd(13)} shape`
  ]
  for (const k of CHECK_ORDER) {
    const kind = PARAMS.includes(k as (typeof PARAMS)[number]) ? 'parameter' : 'intermediate'
    lines.push(`${k.padEnd(15)} ${kind.padEnd(13)} ${shape(model.tensors.get(k)!.shape)}`)
  }
  lines.push('', 'Every tensor and gradient as JSON: dump --json')
  return lines.join('\n')
}

/** A number as the lesson dump writes it: JSON has no inf or nan, so they are the strings "inf", "-inf", "nan". */
function jsonNumber(x: number): number | string {
  return Number.isFinite(x) ? x : Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf'
}

function lessonTensorJSON(t: Tensor): { shape: number[]; dtype: string; data: (number | string)[] } {
  return { shape: [...t.shape], dtype: t.dtype, data: Array.from(t.values(), jsonNumber) }
}

/** `dump --lesson FILE --json` (docs/CONTRACT.md section 5): the lesson's nodes, numbers and graph. */
export function dumpLesson(lesson: Lesson): object {
  const tensors: Record<string, object> = {}
  const grads: Record<string, object> = {}
  for (const k of lesson.order) {
    tensors[k] = lessonTensorJSON(lesson.tensors.get(k)!)
    grads[k] = lessonTensorJSON(lesson.grads.get(k)!)
  }
  return {
    lesson: { title: lesson.title },
    loss: jsonNumber(lesson.loss),
    nodes: [...lesson.order],
    tensors,
    grads,
    graph: {
      nodes: lesson.graph.nodes.map((n) => ({ name: n.name, kind: n.kind, shape: n.shape, inputs: n.inputs, consumers: n.consumers, merge: n.merge })),
      edges: lesson.graph.edges.map((e) => ({ from: e.from, to: e.to, op: e.op }))
    }
  }
}

/** The lesson for a person: title, description, loss, and each node's kind, shape and merge mark. */
export function dumpLessonSummary(lesson: Lesson): string {
  const byName = new Map(lesson.graph.nodes.map((n) => [n.name, n]))
  const lines = [lesson.title, '', ...(lesson.description === '' ? [] : [lesson.description, '']), `loss:  ${lesson.loss.toFixed(6)}`, `nodes: ${lesson.order.length}`, '']
  lines.push(`${'node'.padEnd(15)} ${'kind'.padEnd(13)} ${'shape'.padEnd(16)} from`)
  for (const k of lesson.order) {
    const n = byName.get(k)!
    lines.push(`${k.padEnd(15)} ${n.kind.padEnd(13)} ${`[${n.shape.join(', ')}]`.padEnd(16)} ${n.source}${n.merge ? '   (merge: several contributions)' : ''}`)
  }
  lines.push('', 'Every tensor, gradient and the graph as JSON: dump --lesson FILE --json')
  return lines.join('\n')
}

// Exercise 4 with the learner's own backward pass: every step runs the lecture's forward source and then the
// learner's code in our interpreter, and takes dC, dW1, db1, dW2, db2, dbngain, dbnbias from it.

import type { CodeError } from '../api'
import { Interpreter } from '../lang/evaluator'
import { parse } from '../lang/parser'
import type * as A from '../lang/ast'
import { Tensor } from '../tensor'
import { FORWARD_SOURCE } from './forward'
import { PARAM_KEYS, type FusedMLP } from './fused'
import type { BackwardFn } from './train'

/** The learner's code failed in a training step (or never defined a gradient the update needs). */
export class LearnerBackwardError extends Error {
  constructor(
    message: string,
    readonly error: CodeError | null,
    readonly step: number
  ) {
    super(message)
  }
}

/** A backward function running `source` (the learner's exercise 1 cells, or fused ones) each step. */
export function learnerBackward(source: string): BackwardFn {
  const program = parse(source)
  if (!program.ok)
    throw new LearnerBackwardError(
      `${program.error.type}: ${program.error.message} (line ${program.error.line})`,
      { kind: 'syntax', message: `${program.error.type}: ${program.error.message}`, line: program.error.line, col: program.error.col },
      0
    )
  const forward = parse(FORWARD_SOURCE)
  if (!forward.ok) throw new Error('the forward source does not parse')
  const interp = new Interpreter()
  let step = 0
  return (mlp: FusedMLP, Xb: Float64Array, Yb: Float64Array) => {
    step++
    const { V, E, B, H, n } = mlp.dims
    const shapes: Record<(typeof PARAM_KEYS)[number], number[]> = {
      C: [V, E], W1: [E * B, H], b1: [H], W2: [H, V], b2: [V], bngain: [1, H], bnbias: [1, H]
    }
    // the parameters are shared with the training buffers: no copy
    const params = PARAM_KEYS.map((k) => [k, Tensor.fromStorage(mlp.p[k], shapes[k], 'float32')] as [string, Tensor])
    interp.reset([
      ...params,
      ['Xb', Tensor.fromStorage(Xb.slice(), [n, B], 'int64')],
      ['Yb', Tensor.fromStorage(Yb.slice(), [n], 'int64')],
      ['n', BigInt(n)],
      ['torch', interp.module('torch')!],
      ['F', interp.module('torch.nn.functional')!],
      ['block_size', BigInt(B)],
      ['n_embd', BigInt(E)],
      ['n_hidden', BigInt(H)],
      ['vocab_size', BigInt(V)],
      ['batch_size', BigInt(n)]
    ])
    run(interp, forward.module, step, 'the forward pass')
    run(interp, program.module, step, 'your backward pass')
    const missing = PARAM_KEYS.filter((k) => !(interp.globals.vars.get(`d${k}`) instanceof Tensor))
    if (missing.length > 0)
      throw new LearnerBackwardError(`your code does not define ${missing.map((k) => `d${k}`).join(', ')}, which the update needs`, null, step)
    for (const k of PARAM_KEYS) {
      const d = interp.globals.vars.get(`d${k}`) as Tensor
      if (d.numel !== mlp.grads[k].length || d.shape.join() !== shapes[k].join())
        throw new LearnerBackwardError(`d${k} has shape [${d.shape.join(', ')}] but ${k} is [${shapes[k].join(', ')}]`, null, step)
      mlp.grads[k].set(d.dtype === 'float32' ? d.values() : Float32Array.from(d.values()))
    }
  }
}

function run(interp: Interpreter, module: A.Module, step: number, what: string): void {
  const r = interp.run(module, { limits: { millis: 10_000 } })
  if (r.error !== null) throw new LearnerBackwardError(`${what} failed at step ${step}: ${r.error.message} (line ${r.error.line})`, r.error, step)
}

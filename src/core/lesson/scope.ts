// The names learner code sees, as the notebook has them after its earlier cells: the imported modules, the
// lecture's cmp(), its sizes, then the lesson's own globals. Exercise 1's grader and exercise 4's training both
// build their globals here.

import type { Interpreter } from '../lang/runtime/evaluator'
import { PyBuiltin, pyError, type PyValue } from '../lang/runtime/values'

/**
 * The lecture's cmp(s, dt, t), which the notebook defines in an earlier cell: bound so that a pasted cell ending in
 * its cmp() calls runs. Its arguments are evaluated (a missing dX still raises NameError, as in the notebook); the
 * grader, not cmp(), judges the gradients.
 */
const CMP = new PyBuiltin('cmp', (args, kwargs) => {
  if (args.length + kwargs.size !== 3) throw pyError('TypeError', `cmp() takes 3 positional arguments but ${args.length + kwargs.size} were given`)
  return null
})

/** The lecture's sizes as its notebook names them (n is the batch size). */
export function lectureSizes(c: { batch_size: number; block_size: number; n_embd: number; n_hidden: number; vocab_size: number }): [string, PyValue][] {
  return [
    ['n', BigInt(c.batch_size)],
    ['batch_size', BigInt(c.batch_size)],
    ['block_size', BigInt(c.block_size)],
    ['n_embd', BigInt(c.n_embd)],
    ['n_hidden', BigInt(c.n_hidden)],
    ['vocab_size', BigInt(c.vocab_size)]
  ]
}

/** A learner program's globals: this interpreter's torch, F and math, the lecture's cmp, then `names` in order. */
export function learnerGlobals(interp: Interpreter, names: Iterable<[string, PyValue]>): [string, PyValue][] {
  return [
    ['torch', interp.module('torch')!],
    ['F', interp.module('torch.nn.functional')!],
    ['math', interp.module('math')!],
    ['cmp', CMP],
    ...names
  ]
}

// Exercise 4 trains with the learner's cells in the scope exercise 1 checks them in, and reports their syntax errors
// as the grader does: one builder of the globals (lesson/scope.ts), one syntax error -> CodeError (syntaxCodeError).
import { describe, expect, it } from 'vitest'
import { learnerBackward, LearnerBackwardError } from '../../src/core/exercise/learner-backward'
import { splitPlain } from '../../src/core/grader/cells'
import { Interpreter } from '../../src/core/lang/runtime/evaluator'
import { learnerGlobals, lectureSizes } from '../../src/core/lesson/scope'

describe("the learner's scope and syntax errors, one home each", () => {
  it("gives exercise 4 a syntax error with the grader's message and whole range", () => {
    const source = 'dlogits = F.softmax(logits, 1)\ndlogits[range(n), Yb] -= 1 1\n'
    let thrown: unknown = null
    try {
      learnerBackward(source)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(LearnerBackwardError)
    const trained = (thrown as LearnerBackwardError).error
    const graded = splitPlain(source).error
    expect(trained).toEqual(graded)
    expect(trained).toMatchObject({ kind: 'syntax', line: 2, endLine: 2 })
    expect(trained!.endCol).toBeGreaterThan(trained!.col)
  })

  it('binds the modules, cmp and the lecture sizes, with the given names after them', () => {
    const interp = new Interpreter()
    const globals = new Map(learnerGlobals(interp, lectureSizes({ batch_size: 32, block_size: 3, n_embd: 10, n_hidden: 64, vocab_size: 27 })))
    expect([...globals.keys()]).toEqual(['torch', 'F', 'math', 'cmp', 'n', 'batch_size', 'block_size', 'n_embd', 'n_hidden', 'vocab_size'])
    expect(globals.get('F')).toBe(interp.module('torch.nn.functional'))
    expect(globals.get('n')).toBe(32n)
    expect(globals.get('vocab_size')).toBe(27n)
  })
})

import { describe, expect, it } from 'vitest'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { cellAt, errorInCell, programOfCells } from '../../src/core/exercise/program'
import { createSession } from '../renderer/session'

describe('a program of cells', () => {
  const order = ['logprobs', 'probs', 'counts']
  const cells = new Map(Object.entries({ logprobs: 'a = 1\nb = 2\n', probs: '   ', counts: 'c = 3\nd = torch.\n' }))
  const program = programOfCells(cells, order)

  it('joins the written cells in order, an empty cell adding no line', () => {
    expect(program.source).toBe('a = 1\nb = 2\n\nc = 3\nd = torch.\n')
    expect([...program.lines]).toEqual([
      ['logprobs', [1, 3]],
      ['counts', [4, 6]]
    ])
  })

  it('maps a program line to its cell and the line inside it, skipping empty cells', () => {
    expect(cellAt(program, 1)).toEqual({ cell: 'logprobs', line: 1 })
    expect(cellAt(program, 4)).toEqual({ cell: 'counts', line: 1 })
    expect(cellAt(program, 5)).toEqual({ cell: 'counts', line: 2 })
    expect(cellAt(program, 99)).toBeNull()
    expect(cellAt(program, 0)).toBeNull()
  })

  it("places an error in its cell, counting its lines from the cell's first and cutting an end past the cell", () => {
    const error = { kind: 'syntax' as const, message: 'SyntaxError: invalid syntax', line: 5, col: 11, endLine: 9, endCol: 2 }
    expect(errorInCell(program, error)).toEqual({ cell: 'counts', error: { ...error, line: 2, endLine: 3 } })
    expect(errorInCell(program, { ...error, endLine: undefined })).toEqual({ cell: 'counts', error: { ...error, line: 2, endLine: undefined } })
    // a limit has no line: it has no place in a cell
    expect(errorInCell(program, { kind: 'limit', message: 'too long', line: 0, col: 0 })).toBeNull()
  })

  it('takes the innermost span where a pasted cell is split around another', () => {
    const split = { source: '', lines: new Map<string, readonly [number, number]>([['h', [1, 10]], ['hpreact', [4, 6]]]) }
    expect(cellAt(split, 5)).toEqual({ cell: 'hpreact', line: 2 })
    expect(cellAt(split, 8)).toEqual({ cell: 'h', line: 8 })
  })
})

describe("the app's chained check puts the program's error in the cell that raised it", () => {
  const session = createSession()

  it('at the line of that cell, as an error verdict, the cells before it judged', () => {
    const cells = { logprobs: REFERENCE_CELLS.logprobs, probs: `x = 1\ndprobs = probz * dlogprobs` }
    const { result, cells: results } = session.checkAll(cells, 'chained')
    const programLine = REFERENCE_CELLS.logprobs.split('\n').length + 2
    expect(result.error).toMatchObject({ line: programLine })
    expect(results.probs.error).toMatchObject({ kind: 'runtime', line: 2, col: 10 })
    expect(results.probs.error?.message).toContain("name 'probz' is not defined")
    expect(results.probs.verdict.status).toBe('error')
    expect(results.logprobs.error).toBeNull()
    expect(results.logprobs.verdict.status).toBe('pass')
  })

  it('a syntax error anywhere stops the whole program, and it too shows in its cell', () => {
    const { cells: results } = session.checkAll({ logprobs: REFERENCE_CELLS.logprobs, probs: 'dprobs = (1.0 / probs * dlogprobs' }, 'chained')
    expect(results.probs.error).toMatchObject({ kind: 'syntax', line: 1 })
    expect(results.probs.verdict.status).toBe('error')
  })
})

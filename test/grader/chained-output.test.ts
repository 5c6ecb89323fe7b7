import { describe, expect, it } from 'vitest'
import { REFERENCE_CELLS } from '../../src/core/exercise/reference-cells'
import { Grader } from '../../src/core/grader/check'
import { model } from '../model'
import { createSession } from '../renderer/session'

describe("chained mode keeps what the program printed, by the line that printed it", () => {
  const grader = new Grader(model())

  it('tags each print with its top-level line; a function called later prints on the calling line', () => {
    const { printed, output } = grader.checkChained('print(1)\ndef show(x):\n    print(x)\nfor i in range(2):\n    print(i)\nshow(7)')
    expect(printed).toEqual([
      { line: 1, text: '1\n' },
      { line: 5, text: '0\n1\n' },
      { line: 6, text: '7\n' }
    ])
    expect(output).toBe('1\n0\n1\n7\n')
  })

  it('keeps the output bounded and says where it was cut', () => {
    const { printed } = grader.checkChained("for i in range(5000):\n    print('x' * 10)")
    const text = printed.map((p) => p.text).join('')
    expect(text.length).toBeLessThan(20_200)
    expect(printed[printed.length - 1].text).toContain('output cut at 20,000 characters')
  })
})

describe("the app's chained check gives each cell its own print() output", () => {
  const session = createSession()

  it('puts every print under the cell that printed it, and nothing under the others', () => {
    const cells = {
      logprobs: `print('first cell')\n${REFERENCE_CELLS.logprobs}`,
      probs: `${REFERENCE_CELLS.probs}\nprint(dprobs.shape)`,
      counts_sum_inv: REFERENCE_CELLS.counts_sum_inv
    }
    const { cells: results } = session.checkAll(cells, 'chained')
    expect(results.logprobs.output).toBe('first cell\n')
    expect(results.probs.output).toBe('torch.Size([32, 27])\n')
    expect(results.counts_sum_inv.output).toBe('')
    expect(results.probs.verdict.status).toBe('pass')
  })

  it('keeps the output of the cells that ran before the program stopped', () => {
    const { result, cells } = session.checkAll({ logprobs: `print('ran')\n${REFERENCE_CELLS.logprobs}`, probs: 'dprobs = probz' }, 'chained')
    expect(result.error?.message).toContain("name 'probz' is not defined")
    expect(cells.logprobs.output).toBe('ran\n')
  })
})

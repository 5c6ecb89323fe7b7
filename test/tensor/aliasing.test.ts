// Views share storage with their base, so in-place writes through any of them are seen by all, exactly as in
// PyTorch; copies (advanced indexing, reshape of a non-viewable layout, contiguous of a strided view) do not.
import { describe, expect, it } from 'vitest'
import * as T from '../../src/core/tensor'
import { Tensor, type IndexItem } from '../../src/core/tensor'

/** x = torch.arange(6.).view(2, 3): [[0, 1, 2], [3, 4, 5]] */
const grid = () => T.view(T.arange(0, 6, 1, 'float32'), [2, 3])
const rows = (t: Tensor) => t.toNested()
const int = (value: number): IndexItem => ({ kind: 'int', value })
const all: IndexItem = { kind: 'slice', start: null, stop: null, step: null }
const list = (...v: number[]): IndexItem => ({ kind: 'tensor', tensor: T.indexTensorFromList(v.map(BigInt)) })

describe('views share storage with their base', () => {
  it.each<[string, (x: Tensor) => Tensor]>([
    ['view', (x) => T.view(x, [-1])],
    ['reshape of a contiguous tensor', (x) => T.reshape(x, [3, 2])],
    ['transpose', (x) => T.transpose(x, 0, 1)],
    ['t', (x) => T.t(x)],
    ['permute', (x) => T.permute(x, [1, 0])],
    ['unsqueeze', (x) => T.unsqueeze(x, 0)],
    ['squeeze', (x) => T.squeeze(T.unsqueeze(x, 0))],
    ['expand', (x) => T.expand(T.unsqueeze(x, 0), [4, 2, 3])],
    ['detach', (x) => T.detach(x)],
    ['contiguous of a contiguous tensor', (x) => T.contiguous(x)],
    ['x[1]', (x) => T.getItem(x, [int(1)])],
    ['x[:, 1:]', (x) => T.getItem(x, [all, { kind: 'slice', start: 1, stop: null, step: null }])],
    ['x[None, ..., 0]', (x) => T.getItem(x, [{ kind: 'none' }, { kind: 'ellipsis' }, int(0)])]
  ])('%s is a view', (_, makeView) => {
    const x = grid()
    expect(makeView(x).storage).toBe(x.storage)
  })

  it.each<[string, (x: Tensor) => Tensor]>([
    ['clone', (x) => T.clone(x)],
    ['x[[0, 1]] (advanced indexing)', (x) => T.getItem(x, [list(0, 1)])],
    ['x[mask]', (x) => T.getItem(x, [{ kind: 'tensor', tensor: T.gt(x, 2) }])],
    ['reshape of a transpose', (x) => T.reshape(T.t(x), [-1])],
    ['contiguous of a transpose', (x) => T.contiguous(T.t(x))],
    ['x + 0', (x) => T.add(x, 0)]
  ])('%s is a copy', (_, makeCopy) => {
    const x = grid()
    expect(makeCopy(x).storage).not.toBe(x.storage)
  })
})

describe('in-place writes go through views', () => {
  it('row = x[1]; row += 1 changes x', () => {
    const x = grid()
    T.inplaceBinary(T.getItem(x, [int(1)]), '+', 1n)
    expect(rows(x)).toEqual([[0, 1, 2], [4, 5, 6]])
  })

  it('x[:, 1] = 5 writes a column', () => {
    const x = grid()
    T.setItem(x, [all, int(1)], 5.0)
    expect(rows(x)).toEqual([[0, 5, 2], [3, 5, 5]])
  })

  it('x.t().mul_(2) doubles x itself', () => {
    const x = grid()
    T.inplaceBinary(T.t(x), '*', 2n)
    expect(rows(x)).toEqual([[0, 2, 4], [6, 8, 10]])
  })

  it('x.view(-1)[3] = 7 writes x[1, 0]', () => {
    const x = grid()
    T.setItem(T.view(x, [-1]), [int(3)], 7.0)
    expect(rows(x)).toEqual([[0, 1, 2], [7, 4, 5]])
  })

  it('a = b; a += 1 changes b (one tensor, two names), while a = a + 1 makes a new tensor', () => {
    const b = grid()
    const a = b
    T.inplaceBinary(a, '+', 1n)
    expect(rows(b)).toEqual([[1, 2, 3], [4, 5, 6]])
    const c = T.add(b, 1n)
    expect(c).not.toBe(b)
    expect(rows(b)).toEqual([[1, 2, 3], [4, 5, 6]])
  })

  it('y = x[[0, 1]]; y += 10 leaves x alone (advanced indexing copied)', () => {
    const x = grid()
    T.inplaceBinary(T.getItem(x, [list(0, 1)]), '+', 10n)
    expect(rows(x)).toEqual([[0, 1, 2], [3, 4, 5]])
  })

  it('a += a doubles a (reading and writing the same elements is fine)', () => {
    const a = grid()
    T.inplaceBinary(a, '+', a)
    expect(rows(a)).toEqual([[0, 2, 4], [6, 8, 10]])
  })
})

describe('in-place writes PyTorch refuses', () => {
  const overlap = 'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location.'

  it('writing into an expanded tensor raises', () => {
    const e = T.expand(T.zeros([1, 3]), [2, 3])
    expect(() => T.inplaceBinary(e, '+', 1n)).toThrow(
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location.'
    )
  })

  it('but filling an expanded tensor with a Python scalar is allowed', () => {
    const base = T.zeros([1, 3])
    T.setItem(T.expand(base, [2, 3]), [all], 2.0)
    expect(rows(base)).toEqual([[2, 2, 2]])
  })

  it('a += a.t() raises: the input overlaps the output in another order', () => {
    const a = T.view(T.arange(0, 4, 1, 'float32'), [2, 2])
    expect(() => T.inplaceBinary(a, '+', T.t(a))).toThrow(overlap)
  })

  it('b[1:] = b[:-1] raises: a shifted copy overlaps itself', () => {
    const b = T.arange(0, 5, 1, 'float32')
    const shifted = T.getItem(b, [{ kind: 'slice', start: null, stop: -1, step: null }])
    expect(() => T.setItem(b, [{ kind: 'slice', start: 1, stop: null, step: null }], shifted)).toThrow(overlap)
  })

  it("int tensor += 1.5 raises: result type Float can't be cast to Long", () => {
    const x = T.arange(0, 3, 1, 'int64')
    expect(() => T.inplaceBinary(x, '+', 1.5)).toThrow("result type Float can't be cast to the desired output type Long")
  })

  it('x += y raises when the broadcast result would not fit in x', () => {
    expect(() => T.inplaceBinary(T.zeros([3]), '+', T.zeros([2, 3]))).toThrow(
      "output with shape [3] doesn't match the broadcast shape [2, 3]"
    )
  })

  it('a leaf that requires grad cannot be changed in place (outside no_grad)', () => {
    const w = T.zeros([2])
    w.requiresGrad = true
    expect(() => T.inplaceBinary(w, '-', 1n)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.')
    T.withGradMode(false, () => T.inplaceBinary(w, '-', 1n))
    expect(w.toNested()).toEqual([-1, -1])
  })
})

describe('index_put semantics: repeated indices', () => {
  it('z[[0, 0, 2]] += 1 adds 1 once to z[0] (gather, add, put: the last write wins)', () => {
    const z = T.zeros([4])
    const idx = [list(0, 0, 2)]
    T.setItem(z, idx, T.inplaceBinary(T.getItem(z, idx), '+', 1n))
    expect(z.toNested()).toEqual([1, 0, 1, 0])
  })

  it('z[[0, 0]] = [1, 2] keeps the last value', () => {
    const z = T.zeros([2])
    T.setItem(z, [list(0, 0)], T.tensorFrom([1, 2]))
    expect(z.toNested()).toEqual([2, 0])
  })

  it('index_put_ with accumulate=True adds every repeat: 1 + 2 at 0', () => {
    const z = T.zeros([3])
    T.indexPut(z, [T.indexTensorFromList([0n, 0n, 2n])], T.tensorFrom([1, 2, 3]), true)
    expect(z.toNested()).toEqual([1 + 2, 0, 3])
  })

  it('the gradient of C[ix] adds up over repeated rows: row 1 is picked twice', () => {
    const C = T.zeros([3, 2])
    C.requiresGrad = true
    T.backward(T.sum(T.getItem(C, [list(1, 0, 1)])))
    expect(C.grad!.toNested()).toEqual([[1, 1], [1 + 1, 1 + 1], [0, 0]])
  })
})

// The pure shape helpers, as tables of worked examples (each row checked against PyTorch by hand or by the golden
// cases): broadcasting, strides, view strides and -1 inference.
import { describe, expect, it } from 'vitest'
import {
  broadcastAll,
  broadcastShapes,
  broadcastStrides,
  contiguousStrides,
  inferShape,
  normalizeDim,
  numel,
  viewStrides
} from '../../src/core/tensor/shape'

describe('broadcastShapes', () => {
  it.each([
    ['scalar and 1d', [], [5], [5]],
    ['1d and scalar', [5], [], [5]],
    ['a column against a matrix', [32, 27], [32, 1], [32, 27]],
    ['a row against a matrix', [1, 64], [32, 64], [32, 64]],
    ['a vector against a matrix', [27], [32, 27], [32, 27]],
    ['missing leading dims', [3, 1, 4], [2, 4], [3, 2, 4]],
    ['ones on both sides', [4, 1], [1, 3], [4, 3]],
    ['three dims each', [2, 1, 3], [1, 4, 1], [2, 4, 3]],
    ['equal shapes', [2, 3], [2, 3], [2, 3]],
    ['a zero-size dim against 1', [0, 3], [1, 3], [0, 3]]
  ])('%s: %j with %j is %j', (_, a, b, want) => {
    expect(broadcastShapes(a, b)).toEqual(want)
  })

  it.each([
    ['incompatible inner shape', [32, 27], [32], 'The size of tensor a (27) must match the size of tensor b (32) at non-singleton dimension 1'],
    ['the rightmost mismatch is reported', [2, 3], [3, 2], 'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1'],
    ['dims counted in the result', [2, 3, 4], [3, 5], 'The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 2'],
    ['zero is not one', [0], [2], 'The size of tensor a (0) must match the size of tensor b (2) at non-singleton dimension 0']
  ])('%s: %j with %j throws', (_, a, b, message) => {
    expect(() => broadcastShapes(a, b)).toThrow(message)
  })

  it('broadcasts a list of shapes: [3, 1], [1, 4] and [4] give [3, 4]', () => {
    expect(broadcastAll([[3, 1], [1, 4], [4]])).toEqual([3, 4])
  })
})

describe('strides', () => {
  it.each([
    [[32, 3, 10], [30, 10, 1]],
    [[5], [1]],
    [[], []],
    [[2, 1, 3], [3, 3, 1]]
  ])('a contiguous %j tensor has strides %j', (shape, want) => {
    expect(contiguousStrides(shape)).toEqual(want)
  })

  it('reads a (32, 1) column as (32, 27) with stride 0 along the broadcast dim', () => {
    expect(broadcastStrides([32, 1], [1, 1], [32, 27])).toEqual([1, 0])
  })

  it('reads a (27,) vector as (32, 27) with stride 0 along the new leading dim', () => {
    expect(broadcastStrides([27], [1], [32, 27])).toEqual([0, 1])
  })

  it('counts elements: numel([32, 27]) = 32 * 27 and numel([]) = 1', () => {
    expect(numel([32, 27])).toBe(864)
    expect(numel([])).toBe(1)
  })
})

describe('viewStrides (PyTorch computeStride)', () => {
  it.each([
    ['flatten a contiguous matrix', [4, 6], [6, 1], [24], [1]],
    ['split a contiguous dim', [24], [1], [4, 6], [6, 1]],
    ['the lecture emb.view(32, 30)', [32, 3, 10], [30, 10, 1], [32, 30], [30, 1]],
    ['add a size-1 dim', [4, 6], [6, 1], [4, 1, 6], [6, 6, 1]],
    ['keep a transposed pair, split the outer dim', [4, 3, 2], [2, 8, 1], [2, 2, 3, 2], [4, 2, 8, 1]],
    ['view an expanded column as more dims', [3, 4], [1, 0], [3, 2, 2], [1, 0, 0]],
    ['a row slice stays viewable', [2, 6], [6, 1], [12], [1]]
  ])('%s: %j (strides %j) as %j has strides %j', (_, shape, strides, target, want) => {
    expect(viewStrides(shape, strides, target)).toEqual(want)
  })

  it.each([
    ['flatten a transposed matrix', [6, 4], [1, 6], [24]],
    ['merge a transposed pair', [4, 3, 2], [2, 8, 1], [12, 2]],
    ['flatten a column slice', [4, 3], [6, 1], [12]],
    ['flatten an expanded column', [3, 4], [1, 0], [12]]
  ])('%s: %j (strides %j) cannot be viewed as %j', (_, shape, strides, target) => {
    expect(viewStrides(shape, strides, target)).toBeNull()
  })
})

describe('inferShape', () => {
  it.each([
    [[32, -1], 960, [32, 30]],
    [[-1], 24, [24]],
    [[-1, 4], 24, [6, 4]],
    [[2, 3, 4], 24, [2, 3, 4]],
    [[3, -1], 0, [3, 0]]
  ])('%j with %d elements is %j', (shape, total, want) => {
    expect(inferShape(shape, total)).toEqual(want)
  })

  it.each([
    [[-1, -1], 24, 'only one dimension can be inferred'],
    [[5, 5], 24, "shape '[5, 5]' is invalid for input of size 24"],
    [[5, -1], 24, "shape '[5, -1]' is invalid for input of size 24"],
    [[-2, 12], 24, 'invalid shape dimension -2'],
    [[0, -1], 0, 'cannot reshape tensor of 0 elements into shape [0, -1] because the unspecified dimension size -1 can be any value and is ambiguous']
  ])('%j with %d elements throws', (shape, total, message) => {
    expect(() => inferShape(shape, total)).toThrow(message)
  })
})

describe('normalizeDim', () => {
  it.each([
    [-1, 2, 1],
    [0, 2, 0],
    [-3, 3, 0],
    [0, 0, 0],
    [-1, 0, 0]
  ])('dim %d of a %d-d tensor is %d', (dim, ndim, want) => {
    expect(normalizeDim(dim, ndim)).toBe(want)
  })

  it('throws PyTorch IndexError text for dim 3 of a 3-d tensor', () => {
    expect(() => normalizeDim(3, 3)).toThrow('Dimension out of range (expected to be in range of [-3, 2], but got 3)')
  })
})

import { describe, expect, test } from 'vitest'
import { colorDomain, formatValue, gridShape, imshowDomain, indexOf } from '../../src/renderer/src/inspector/grid'

describe('gridShape', () => {
  test.each([
    ['a scalar is one cell', [], { rows: 1, cols: 1 }],
    ['a vector is one row', [27], { rows: 1, cols: 27 }],
    ['a matrix is itself', [32, 27], { rows: 32, cols: 27 }],
    ['emb flattens its last two axes', [32, 3, 10], { rows: 32, cols: 30 }]
  ])('%s', (_name, shape, grid) => {
    expect(gridShape(shape)).toEqual(grid)
  })
})

test('indexOf turns a flat position back into an index: (32, 3, 10), 35 -> [1, 0, 5]', () => {
  expect(indexOf([32, 3, 10], 35)).toEqual([1, 0, 5])
  expect(indexOf([32, 27], 27)).toEqual([1, 0])
})

describe('colorDomain', () => {
  const stats = (min: number, max: number) => ({ min, max, mean: 0, std: 1, nonfinite: 0 })
  test('values of both signs get a diverging scale symmetric around 0', () => {
    expect(colorDomain(stats(-0.5, 2))).toEqual({ lo: -2, hi: 2, diverging: true })
  })
  test('values of one sign get a sequential scale over their range', () => {
    expect(colorDomain(stats(0.1, 0.9))).toEqual({ lo: 0.1, hi: 0.9, diverging: false })
  })
  test('a constant tensor still gets a non-empty range', () => {
    const domain = colorDomain(stats(0, 0), true)
    expect(domain.hi).toBeGreaterThan(domain.lo)
  })
})

test('formatValue keeps 4 significant digits and switches to exponents for tiny numbers', () => {
  expect(formatValue(0.0312345)).toBe('0.03123')
  expect(formatValue(-4.80213)).toBe('-4.802')
  expect(formatValue(0.00001234)).toBe('1.234e-5')
  expect(formatValue(0)).toBe('0')
})

describe('imshowDomain', () => {
  const stats = (min: number, max: number) => ({ min, max, mean: 0, std: 0, nonfinite: 0 })
  test('spans the data from its minimum (black) to its maximum (white), as imshow does, even across 0', () => {
    expect(imshowDomain(stats(-0.03, 0.005))).toEqual({ lo: -0.03, hi: 0.005, diverging: false })
  })
  test('is never empty, and falls back to 0..1 without finite values', () => {
    expect(imshowDomain(stats(2, 2))).toEqual({ lo: 2, hi: 3, diverging: false })
    expect(imshowDomain(stats(NaN, NaN))).toEqual({ lo: 0, hi: 1, diverging: false })
  })
})

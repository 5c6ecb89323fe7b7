import { describe, expect, test } from 'vitest'
import { extentOf, LossSeries, smoothingWindow } from '../../src/renderer/src/training/loss-series'

/** A series of `n` losses 10**(i % 5 / 10): log10 values cycle 0, 0.1, 0.2, 0.3, 0.4. */
function cycling(n: number, total = n): LossSeries {
  const s = new LossSeries(total)
  s.append(0, Array.from({ length: n }, (_, i) => 10 ** ((i % 5) / 10)))
  return s
}

describe('LossSeries', () => {
  test('keeps log10 of each loss, in chunks as they arrive', () => {
    const s = new LossSeries(4)
    s.append(0, [10, 100])
    s.append(2, [1000])
    expect(s.count).toBe(3)
    expect(Array.from(s.values.subarray(0, 3))).toEqual([1, 2, 3])
  })

  test('skips the part of a chunk it already has, and refuses a gap', () => {
    const s = new LossSeries(4)
    s.append(0, [10, 100])
    s.append(1, [100, 1000])
    expect(s.count).toBe(3)
    expect(() => s.append(5, [1])).toThrow(/before step 3/)
  })

  test('never holds more than the run has steps', () => {
    const s = new LossSeries(2)
    s.append(0, [10, 10, 10])
    expect(s.count).toBe(2)
  })

  test('the mean over a range of steps, ignoring losses that are not positive finite numbers', () => {
    const s = new LossSeries(4)
    s.append(0, [10, NaN, 1000, 0])
    expect(s.mean(0, 4)).toBeCloseTo(2)
    expect(s.mean(1, 2)).toBeNaN()
  })

  test('buckets hold the min and max of their steps (100 steps in buckets of 10: 10 buckets of 0 to 0.4)', () => {
    const buckets = cycling(100).buckets(10)
    expect(buckets).toHaveLength(10)
    for (const b of buckets) {
      expect(b.end - b.start).toBe(10)
      expect(b.min).toBeCloseTo(0)
      expect(b.max).toBeCloseTo(0.4)
    }
  })

  test('buckets built as the data arrives equal buckets built at once', () => {
    const total = 1000
    const live = new LossSeries(total)
    const losses = Array.from({ length: total }, (_, i) => 3 - i / 500 + Math.sin(i))
    for (let from = 0; from < total; from += 37) {
      live.append(from, losses.slice(from, from + 37))
      live.buckets(16)
    }
    const once = new LossSeries(total)
    once.append(0, losses)
    expect(live.buckets(16)).toEqual(once.buckets(16))
  })

  test('a partial last bucket grows as steps arrive', () => {
    const s = new LossSeries(20)
    s.append(0, [10, 100, 1000])
    expect(s.buckets(10)).toEqual([{ start: 0, end: 3, min: 1, max: 3 }])
    s.append(3, [10000])
    expect(s.buckets(10)).toEqual([{ start: 0, end: 4, min: 1, max: 4 }])
  })

  test('a bucket with no finite loss is left out (the plot shows a gap, not a zero)', () => {
    const s = new LossSeries(4)
    s.append(0, [NaN, NaN, 10, 10])
    expect(s.buckets(2)).toEqual([{ start: 2, end: 4, min: 1, max: 1 }])
  })

  test('the smoothed curve is the trailing mean at points spread over the whole run, ending at the last step', () => {
    const s = cycling(50, 100)
    const points = s.smoothed(5, 10)
    expect(points.map((p) => p.step)).toEqual([10, 20, 30, 40, 50])
    // every window of 5 consecutive steps holds one of each value: mean 0.2
    for (const p of points) expect(p.value).toBeCloseTo(0.2)
    expect(cycling(3, 100).smoothed(5, 10)).toEqual([{ step: 3, value: expect.closeTo(0.1) }])
  })

  test('200,000 steps decimate to one bucket per pixel column', () => {
    const s = cycling(200_000)
    const buckets = s.buckets(Math.ceil(200_000 / 800))
    const smooth = s.smoothed(smoothingWindow(200_000), 400)
    expect(buckets.length).toBe(800)
    expect(smooth.length).toBe(400)
  })
})

describe('smoothingWindow', () => {
  test.each([
    [200_000, 1000],
    [2000, 20],
    [300, 3],
    [20, 1]
  ])('for %d steps averages %d', (total, window) => expect(smoothingWindow(total)).toBe(window))
})

test('extentOf spans the buckets, or is null for none', () => {
  expect(extentOf([{ start: 0, end: 1, min: 0.2, max: 0.5 }, { start: 1, end: 2, min: 0.1, max: 0.3 }])).toEqual([0.1, 0.5])
  expect(extentOf([])).toBeNull()
})

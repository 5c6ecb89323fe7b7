import { describe, expect, test } from 'vitest'
import { LAST_RUN_KEY, lastRunOf, lastRunStore, MAX_POINTS, parseLastRun, serializeLastRun, seriesOf } from '../../src/renderer/src/training/last-run'
import { LossSeries } from '../../src/renderer/src/training/loss-series'
import { initialRun, reduceRun, type RunResult } from '../../src/renderer/src/training/run-state'

/** A run of `total` steps whose loss falls from 3.3 towards 2, with a little noise. */
function finishedRun(total: number): { series: LossSeries; result: RunResult } {
  const series = new LossSeries(total)
  const losses = Array.from({ length: total }, (_, i) => 2 + 1.3 * Math.exp(-i / (total / 5)) + 0.05 * Math.sin(i))
  series.append(0, losses)
  const result: RunResult = { steps: total, total, stopped: false, train: 2.07, val: 2.11, samples: ['mora', 'kayah', ''], elapsedMs: 180_000 }
  return { series, result }
}

describe("exercise 4's last run across a reload", () => {
  test('a 200,000-step run is kept in at most 2,000 points and a few tens of kB', () => {
    const { series, result } = finishedRun(200_000)
    const run = lastRunOf('mine', result, series)
    expect(run.curve.values.length).toBeLessThanOrEqual(MAX_POINTS)
    expect(run.curve.every).toBe(100)
    expect(serializeLastRun(run).length).toBeLessThan(40_000)
  })

  test('comes back with its results and a curve of the same length whose stretches have the same mean', () => {
    const { series, result } = finishedRun(20_000)
    const back = parseLastRun(serializeLastRun(lastRunOf('builtin', result, series)))!
    expect(back.result).toEqual(result)
    expect(back.source).toBe('builtin')
    const restored = seriesOf(back)
    expect(restored.total).toBe(20_000)
    expect(restored.count).toBe(20_000)
    for (const [a, b] of [
      [0, 1000],
      [5000, 6000],
      [19_000, 20_000]
    ])
      expect(restored.mean(a, b)).toBeCloseTo(series.mean(a, b), 3)
  })

  test('a run stopped early keeps only the steps it trained', () => {
    const { series } = finishedRun(1000)
    const short = new LossSeries(5000)
    short.append(0, Array.from({ length: 1000 }, (_, i) => 10 ** series.values[i]))
    const run = lastRunOf('mine', { steps: 1000, total: 5000, stopped: true, train: null, val: null, samples: [], elapsedMs: 900 }, short)
    expect(seriesOf(run).count).toBe(1000)
  })

  test('a damaged, foreign or oversized save is ignored, never half-restored', () => {
    const { series, result } = finishedRun(1000)
    const good = JSON.parse(serializeLastRun(lastRunOf('mine', result, series))) as Record<string, unknown>
    expect(parseLastRun(null)).toBeNull()
    expect(parseLastRun('{"schema":1')).toBeNull()
    expect(parseLastRun(JSON.stringify({ ...good, schema: 2 }))).toBeNull()
    expect(parseLastRun(JSON.stringify({ ...good, source: 'theirs' }))).toBeNull()
    expect(parseLastRun(JSON.stringify({ ...good, result: { ...result, samples: [1] } }))).toBeNull()
    expect(parseLastRun(JSON.stringify({ ...good, curve: { every: 1, values: new Array(MAX_POINTS + 1).fill(0.3) } }))).toBeNull()
    expect(parseLastRun(JSON.stringify(good))).not.toBeNull()
  })

  test('a storage that refuses to read or write is not an error', () => {
    const refusing = {
      getItem: (): string | null => {
        throw new Error('denied')
      },
      setItem: (): void => {
        throw new Error('quota')
      }
    }
    const store = lastRunStore(refusing)
    expect(store.load()).toBeNull()
    const { series, result } = finishedRun(100)
    expect(() => store.save(lastRunOf('mine', result, series))).not.toThrow()
    const map = new Map<string, string>()
    const kept = lastRunStore({ getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) })
    kept.save(lastRunOf('mine', result, series))
    expect(map.has(LAST_RUN_KEY)).toBe(true)
    expect(kept.load()?.result.samples).toEqual(['mora', 'kayah', ''])
  })

  test('restoring shows the run as done, and only on a page that has not trained yet', () => {
    const { result } = finishedRun(100)
    const restored = reduceRun(initialRun, { type: 'restore', source: 'mine', result })
    expect(restored).toMatchObject({ phase: 'done', restored: true, step: 100, total: 100, result })
    const running = reduceRun(initialRun, { type: 'start', runId: 1, source: 'mine', total: 10 })
    expect(reduceRun(running, { type: 'restore', source: 'mine', result })).toBe(running)
    expect(reduceRun(restored, { type: 'start', runId: 2, source: 'builtin', total: 10 }).restored).toBeUndefined()
  })
})

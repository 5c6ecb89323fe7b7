// Exercise 4's last finished run, kept across reloads under its own storage key: the results (split losses,
// sampled names) and the loss curve, thinned to at most MAX_POINTS means so the save stays small (~20 kB) however
// long the run was. Pure apart from the storage it is given.

import { LossSeries } from './loss-series'
import type { GradientSource, RunResult } from './run-state'

export const LAST_RUN_KEY = 'backprop-ninja:last-run'
const SCHEMA = 1
/** the most loss points a save keeps (a 200,000-step run keeps one mean per 100 steps) */
export const MAX_POINTS = 2000

export interface LastRun {
  source: GradientSource
  result: RunResult
  /** the log10 loss curve: one mean per `every` steps (null where none of them was finite) */
  curve: { every: number; values: Array<number | null> }
}

/** The run with its curve thinned to at most MAX_POINTS means of `every` consecutive steps. */
export function lastRunOf(source: GradientSource, result: RunResult, series: LossSeries): LastRun {
  const every = Math.max(1, Math.ceil(series.count / MAX_POINTS))
  const values: Array<number | null> = []
  for (let start = 0; start < series.count; start += every) {
    const mean = series.mean(start, start + every)
    values.push(Number.isFinite(mean) ? Math.round(mean * 1e4) / 1e4 : null)
  }
  return { source, result, curve: { every, values } }
}

/** The loss series a saved curve stands for: each of its steps holds its stretch's mean loss. */
export function seriesOf(run: LastRun): LossSeries {
  const series = new LossSeries(run.result.total)
  const { every, values } = run.curve
  const losses: number[] = []
  for (let i = 0; i < values.length && losses.length < run.result.total; i++) {
    const v = values[i]
    for (let k = 0; k < every && losses.length < run.result.total; k++) losses.push(v === null ? NaN : 10 ** v)
  }
  series.append(0, losses)
  return series
}

export function serializeLastRun(run: LastRun): string {
  return JSON.stringify({ schema: SCHEMA, ...run })
}

/** A saved run, or null when the text is not one (an old schema, damaged JSON, wrong types). */
export function parseLastRun(text: string | null): LastRun | null {
  if (text === null) return null
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof data !== 'object' || data === null) return null
  const d = data as Record<string, unknown>
  const r = d.result as Record<string, unknown> | undefined
  const c = d.curve as Record<string, unknown> | undefined
  const number = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
  const loss = (x: unknown) => x === null || number(x)
  if (d.schema !== SCHEMA || (d.source !== 'mine' && d.source !== 'builtin') || !r || !c) return null
  if (!number(r.steps) || !number(r.total) || r.total < 1 || r.steps > r.total || typeof r.stopped !== 'boolean' || !loss(r.train) || !loss(r.val) || !number(r.elapsedMs)) return null
  if (!Array.isArray(r.samples) || r.samples.some((s) => typeof s !== 'string')) return null
  if (!number(c.every) || c.every < 1 || !Array.isArray(c.values) || c.values.length > MAX_POINTS || !c.values.every(loss)) return null
  return data as LastRun
}

/** Reads and writes the last run in a key-value storage (localStorage); a full or missing storage is not an error. */
export function lastRunStore(storage: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null) {
  return {
    load(): LastRun | null {
      try {
        return parseLastRun(storage?.getItem(LAST_RUN_KEY) ?? null)
      } catch {
        return null
      }
    },
    save(run: LastRun): void {
      try {
        storage?.setItem(LAST_RUN_KEY, serializeLastRun(run))
      } catch {
        // a full storage loses only the plot of the last run, never the learner's cells (they are saved apart)
      }
    }
  }
}

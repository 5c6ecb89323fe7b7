// The one check of a progress save, run by the main process before it rotates the backup and by the page before
// it restores: both sides agree on what a usable save is. Pure TypeScript (no Node, no DOM).

import { PROGRESS_SCHEMA } from './contract'

/** A usable save (its fields, each of the right type), or why not; `newer` marks a save from a later version. */
export type ProgressCheck = { ok: true; record: Readonly<Record<string, unknown>> } | { ok: false; reason: string; newer: boolean }

const STATUSES = new Set(['pass', 'shape', 'fail', 'missing', 'error'])

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether every own value of `v` (an object) passes `each`. */
function allValues(v: unknown, each: (x: unknown) => boolean): boolean {
  return isObject(v) && Object.values(v).every(each)
}

const isVerdict = (x: unknown): boolean => isObject(x) && typeof x.status === 'string' && STATUSES.has(x.status)

/** Why each optional field of a save is wrong, or null: fields absent in older saves are fine. */
const FIELDS: ReadonlyArray<[field: string, ok: (v: unknown) => boolean, what: string]> = [
  ['cells', (v) => allValues(v, (x) => typeof x === 'string'), 'its cells are not text'],
  ['verdicts', (v) => allValues(v, isVerdict), 'its verdicts are damaged'],
  ['hintsShown', (v) => allValues(v, (x) => typeof x === 'number' && Number.isInteger(x) && x >= 0), 'its hint counts are damaged'],
  ['solutionShown', (v) => allValues(v, (x) => typeof x === 'boolean'), 'its solution flags are damaged'],
  ['fused', (v) => allValues(v, (x) => isObject(x) && typeof x.code === 'string' && (x.verdict === undefined || isVerdict(x.verdict))), 'its exercise 2-3 cells are damaged'],
  ['exercise', (v) => typeof v === 'number', 'its exercise is not a number'],
  ['mode', (v) => typeof v === 'string', 'its mode is not text'],
  ['selected', (v) => typeof v === 'string', 'its selected node is not text']
]

/** Checks a progress text: JSON, an object, this version's schema, and every field of the right type. */
export function checkProgressText(text: string): ProgressCheck {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'it is not valid JSON', newer: false }
  }
  if (!isObject(data)) return { ok: false, reason: 'it is not a JSON object', newer: false }
  const schema = data.schema
  if (typeof schema === 'number' && schema > PROGRESS_SCHEMA)
    return { ok: false, reason: `it was saved by a newer version of Backprop Ninja (schema ${schema}; this one reads ${PROGRESS_SCHEMA})`, newer: true }
  if (schema !== PROGRESS_SCHEMA) return { ok: false, reason: `its schema is ${JSON.stringify(schema) ?? 'missing'}, expected ${PROGRESS_SCHEMA}`, newer: false }
  for (const [field, ok, what] of FIELDS) if (Object.hasOwn(data, field) && !ok(data[field])) return { ok: false, reason: what, newer: false }
  return { ok: true, record: data }
}

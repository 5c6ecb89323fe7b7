// The class report (docs/CONTRACT.md section 6): learners sorted by id, per node the status counts and the clusters
// of identical wrong answers. Shard reports carry their wrong answers too, so that merging them gives exactly the
// report of one run. Pure.

import type { Status } from '../api'
import { decodeFloat32, encodeFloat32 } from './base64'
import type { Answer, LearnerRow } from './learner'

export interface Cluster {
  count: number
  diagnosis: string
  learners: string[]
  example: string
}

export interface NodeReport {
  pass: number
  shape: number
  fail: number
  missing: number
  error: number
  clusters: Cluster[]
}

export interface ClassReport {
  lesson: { title: string }
  learners: LearnerRow[]
  nodes: Record<string, NodeReport>
}

/** One distinct wrong answer of a shard: who gave it, each one's cell, and its values as float32 base64. */
export interface ShardAnswer {
  node: string
  shape: number[] | null
  data: string | null
  message: string
  diagnosis: string
  learners: string[]
  examples: string[]
}

export interface ShardReport extends ClassReport {
  shard: { index: number; count: number; answers: ShardAnswer[] }
}

/** A learner's wrong answer, with whose it is. */
export interface Owned {
  id: string
  answer: Answer
}

/** A report can't be merged: one line, exit code 2. */
export class MergeError extends Error {}

export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** torch.allclose(a, b) with rtol 1e-5, atol 1e-8, NaNs equal (two identical NaN answers are one mistake). */
function allclose(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (x === y) continue
    if (Number.isNaN(x) && Number.isNaN(y)) continue
    if (!(Math.abs(x - y) <= 1e-8 + 1e-5 * Math.abs(y))) return false
  }
  return true
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length)
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length)
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}

/** FNV-1a over a float32 array's bits: a bucket key for bit-identical answers. */
function hashBits(a: Float32Array): string {
  const words = new Uint32Array(a.buffer, a.byteOffset, a.length)
  let h = 0x811c9dc5
  for (let i = 0; i < words.length; i++) {
    let w = words[i]
    for (let k = 0; k < 4; k++) {
      h ^= w & 255
      h = Math.imul(h, 0x01000193) >>> 0
      w >>>= 8
    }
  }
  return h.toString(16)
}

/** Bit-identical answers of one node grouped, groups in the order of their first learner. */
interface Group {
  answer: Answer
  owners: Owned[]
}

function groupsOf(owned: readonly Owned[]): Group[] {
  const buckets = new Map<string, Group[]>()
  const groups: Group[] = []
  for (const o of owned) {
    const a = o.answer
    const key = a.data === null ? `m\u0000${a.message}` : `d\u0000${a.shape?.join(',')}\u0000${hashBits(a.data)}`
    const bucket = buckets.get(key) ?? []
    let g = bucket.find((x) => a.data === null || (x.answer.data !== null && sameBits(x.answer.data, a.data)))
    if (g === undefined) {
      g = { answer: a, owners: [] }
      bucket.push(g)
      buckets.set(key, bucket)
      groups.push(g)
    }
    g.owners.push(o)
  }
  return groups
}

function same(a: Answer, rep: Answer): boolean {
  if (a.data === null || rep.data === null) return a.data === null && rep.data === null && a.message === rep.message
  return a.shape !== null && rep.shape !== null && a.shape.join(',') === rep.shape.join(',') && allclose(a.data, rep.data)
}

/**
 * One node's clusters: learners in id order each join the first cluster whose first answer theirs equals (the same
 * values within allclose and the same shape, or the same message), else start one. Largest first, ties by first id.
 */
export function clustersOf(owned: readonly Owned[]): Cluster[] {
  const sorted = [...owned].sort((x, y) => byId(x.id, y.id))
  const clusters: { rep: Answer; example: string; members: string[] }[] = []
  for (const g of groupsOf(sorted)) {
    const c = clusters.find((x) => same(g.answer, x.rep))
    const ids = g.owners.map((o) => o.id)
    if (c === undefined) clusters.push({ rep: g.answer, example: g.owners[0].answer.example, members: ids })
    else c.members.push(...ids)
  }
  return clusters
    .map((c) => ({ count: c.members.length, diagnosis: c.rep.diagnosis, learners: c.members.sort(byId), example: c.example }))
    .sort((a, b) => b.count - a.count || byId(a.learners[0], b.learners[0]))
}

/** The report of a class: rows sorted by id, per node the status counts and the clusters. */
export function buildReport(title: string, nodes: readonly string[], rows: readonly LearnerRow[], answers: readonly Owned[]): ClassReport {
  const learners = [...rows].sort((a, b) => byId(a.id, b.id))
  const byNode = new Map<string, Owned[]>(nodes.map((k) => [k, []]))
  for (const o of answers) byNode.get(o.answer.node)?.push(o)
  const out: Record<string, NodeReport> = {}
  for (const k of nodes) {
    const counts: Record<Status, number> = { pass: 0, shape: 0, fail: 0, missing: 0, error: 0 }
    for (const r of learners) if (r.nodes !== undefined && r.nodes[k] !== undefined) counts[r.nodes[k]]++
    out[k] = { ...counts, clusters: clustersOf(byNode.get(k)!) }
  }
  return { lesson: { title }, learners, nodes: out }
}

/** A shard's report: the report of its slice, and its distinct wrong answers for the merge. */
export function shardReport(report: ClassReport, index: number, count: number, answers: readonly Owned[]): ShardReport {
  const sorted = [...answers].sort((x, y) => byId(x.id, y.id) || byId(x.answer.node, y.answer.node))
  const list: ShardAnswer[] = []
  const nodes = Object.keys(report.nodes)
  for (const k of nodes)
    for (const g of groupsOf(sorted.filter((o) => o.answer.node === k)))
      list.push({
        node: k,
        shape: g.answer.shape,
        data: g.answer.data === null ? null : encodeFloat32(g.answer.data),
        message: g.answer.message,
        diagnosis: g.answer.diagnosis,
        learners: g.owners.map((o) => o.id),
        examples: g.owners.map((o) => o.answer.example)
      })
  return { ...report, shard: { index, count, answers: list } }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

/** Shard reports (parsed JSON, with their file names for messages) combined into the report of one run. */
export function mergeReports(inputs: readonly { name: string; json: unknown }[]): ClassReport {
  if (inputs.length === 0) throw new MergeError('--merge needs at least one shard report')
  let title: string | null = null
  let nodes: string[] | null = null
  let count: number | null = null
  const seen = new Map<number, string>()
  const rows: LearnerRow[] = []
  const ids = new Set<string>()
  const answers: Owned[] = []
  for (const { name, json } of inputs) {
    if (!isObject(json) || !isObject(json.shard) || !isObject(json.nodes) || !Array.isArray(json.learners) || !isObject(json.lesson))
      throw new MergeError(`${name} is not a shard report (make one with grade --shard I/N --json)`)
    const shard = json.shard as { index?: unknown; count?: unknown; answers?: unknown }
    if (!Number.isInteger(shard.index) || !Number.isInteger(shard.count) || !Array.isArray(shard.answers))
      throw new MergeError(`${name} is not a shard report: its shard section is damaged`)
    const index = shard.index as number
    if (count === null) count = shard.count as number
    else if (shard.count !== count) throw new MergeError(`${name} is shard ${index}/${String(shard.count)}, the others are of ${count}`)
    if (seen.has(index)) throw new MergeError(`${name} and ${seen.get(index)} are both shard ${index}/${count}`)
    seen.set(index, name)
    const t = String((json.lesson as { title?: unknown }).title)
    const ks = Object.keys(json.nodes)
    if (title === null) {
      title = t
      nodes = ks
    } else if (t !== title || ks.join(' ') !== nodes!.join(' ')) throw new MergeError(`${name} grades another lesson than the other shards`)
    for (const r of json.learners as LearnerRow[]) {
      if (!isObject(r) || typeof r.id !== 'string') throw new MergeError(`${name} has a damaged learner row`)
      if (ids.has(r.id)) throw new MergeError(`learner ${r.id} is in two shards`)
      ids.add(r.id)
      rows.push(r)
    }
    for (const a of shard.answers as ShardAnswer[]) {
      let data: Float32Array | null
      try {
        data = a.data === null ? null : decodeFloat32(a.data)
      } catch {
        throw new MergeError(`${name} has a damaged answer for node ${a.node}`)
      }
      a.learners.forEach((id, i) => answers.push({ id, answer: { node: a.node, shape: a.shape, data, message: a.message, diagnosis: a.diagnosis, example: a.examples[i] } }))
    }
  }
  const missing = [...Array(count!).keys()].map((i) => i + 1).filter((i) => !seen.has(i))
  if (missing.length > 0) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`)
  return buildReport(title!, nodes!, rows, answers)
}

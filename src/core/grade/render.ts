// The class report as text (the terminal's summary) and as CSV (a gradebook: a learner a row). Pure.

import type { ClassReport } from './report'

/** A learner's score: nodes passing over nodes, as a decimal with at most 4 places. */
export function score(passed: number, total: number): string {
  return total === 0 ? '0' : String(Math.round((passed / total) * 10_000) / 10_000)
}

/** One CSV field (RFC 4180); a field a spreadsheet would run as a formula gets a leading apostrophe. */
function field(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** `id,score,<node>...`: one row a learner, each node's status (empty for a file that could not be read). */
export function reportCSV(report: ClassReport): string {
  const nodes = Object.keys(report.nodes)
  const lines = [['id', 'score', ...nodes].map(field).join(',')]
  for (const r of report.learners) lines.push([r.id, score(r.passed, r.total), ...nodes.map((k) => r.nodes?.[k] ?? '')].map(field).join(','))
  return lines.join('\r\n') + '\r\n'
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** The terminal's summary: a line a learner, then per node its counts and its largest clusters. */
export function reportText(report: ClassReport, notes: ReadonlyMap<string, readonly string[]> = new Map()): string {
  const rows = report.learners
  const count = (s: string) => rows.filter((r) => r.status === s).length
  const out = [
    `${report.lesson.title}: ${plural(rows.length, 'learner')} (${count('graded')} graded, ${count('error')} with an error, ${count('unreadable')} unreadable)`,
    ''
  ]
  const width = Math.min(48, Math.max(2, ...rows.map((r) => r.id.length)))
  for (const r of rows) {
    const where = r.cells !== undefined ? `cell${r.cells.length === 1 ? '' : 's'} ${r.cells.join(', ')}` : ''
    const extra = [where, r.error ?? '', ...(notes.get(r.id) ?? [])].filter((x) => x !== '').join('; ')
    out.push(`${r.id.padEnd(width)}  ${`${r.passed}/${r.total}`.padStart(5)}  ${r.status.padEnd(10)}  ${extra}`)
  }
  out.push('', `${'node'.padEnd(15)}  pass shape  fail  miss   err  clusters (largest first)`)
  for (const [k, n] of Object.entries(report.nodes)) {
    const top = n.clusters
      .slice(0, 3)
      .map((c) => `${c.count}× ${c.diagnosis.length > 70 ? `${c.diagnosis.slice(0, 69)}…` : c.diagnosis}`)
      .join(' | ')
    const nums = [n.pass, n.shape, n.fail, n.missing, n.error].map((x) => String(x).padStart(5)).join('')
    out.push(`${k.padEnd(15)}${nums}  ${top}${n.clusters.length > 3 ? ` | +${n.clusters.length - 3} more` : ''}`)
  }
  return out.join('\n')
}

// `check FILE`: the lecture's cmp() table (or JSON) for a learner's solution file.

import type { CheckResult, NodeVerdict } from '../api'
import { CHECK_ORDER } from '../api'
import type { Model } from '../exercise/model'
import { hasMarkers, splitCells } from '../grader/cells'
import { Grader } from '../grader/check'
import { pyFloatRepr } from '../lang/float-format'

/**
 * Runs a solution file in chained (default) or isolated mode. `warnings` are about splitting a marked file into
 * cells (an unknown node name, a node with two cells).
 */
export function checkFile(model: Model, text: string, isolated: boolean): { result: CheckResult; warnings: string[]; output: string } {
  const grader = new Grader(model)
  const split = isolated || hasMarkers(text) ? splitCells(text) : null
  const warnings = split === null || split.error !== null ? [] : split.warnings
  if (!isolated) {
    const chained = grader.checkChained(text)
    return { result: chained.result, warnings, output: chained.output }
  }
  const { result, nodes } = grader.checkIsolated(split!.cells, { preamble: hasMarkers(text) ? split!.preamble : undefined })
  // each cell's printed output, headed by its node
  const output = CHECK_ORDER.filter((k) => nodes.get(k)?.output)
    .map((k) => `[${k}]\n${nodes.get(k)!.output!.replace(/\n$/, '')}\n`)
    .join('')
  // a plain file that does not parse can't be split into cells: its syntax error is the file's error
  if (split!.error !== null) result.error = split!.error
  // report errors at their place in the file, not in the cell
  else if (result.error !== null) {
    for (const k of CHECK_ORDER) {
      const e = nodes.get(k)?.error
      if (e) {
        const map = split!.lineMaps.get(k)
        if (map) {
          const line = map[e.line - 1] ?? e.line
          const endLine = map[(e.endLine ?? e.line) - 1] ?? line
          result.error = { ...e, line, endLine }
        }
        break
      }
    }
  }
  return { result, warnings, output }
}

/** A node's message for the JSON: its own message, then its diagnoses, as one text. */
function message(v: NodeVerdict): string | undefined {
  const parts = [v.message, ...(v.diagnoses ?? [])].filter((x): x is string => x !== undefined && x !== '')
  return parts.length > 0 ? parts.join(' ') : undefined
}

/** The JSON the contract specifies: per node status, exact, approximate, maxdiff, shapes, message. */
export function checkJSON(result: CheckResult): object {
  const nodes: Record<string, object> = {}
  for (const k of CHECK_ORDER) {
    const v = result.nodes[k]
    nodes[k] = {
      status: v.status,
      exact: v.exact,
      approximate: v.approximate,
      maxdiff: v.maxdiff,
      shape: v.shape,
      expected_shape: v.expected_shape,
      // the contract's keys only: diagnoses travel in `message`
      ...(message(v) !== undefined ? { message: message(v) } : {})
    }
  }
  return { config: result.config, loss: result.loss, error: result.error, nodes, summary: result.summary }
}

function py(b: boolean | null): string {
  return b === null ? '-' : b ? 'True' : 'False'
}

/** The lecture's cmp() table, one row a node, with the status beside it. */
export function checkTable(result: CheckResult): string {
  const rows: string[] = []
  for (const k of CHECK_ORDER) {
    const v: NodeVerdict = result.nodes[k]
    const status = v.status.toUpperCase().padEnd(7)
    if (v.status === 'missing') rows.push(`${k.padEnd(15)} | ${status} | d${k} is not defined`)
    else if (v.status === 'error') rows.push(`${k.padEnd(15)} | ${status} | ${v.message ?? ''}`)
    else {
      rows.push(
        `${k.padEnd(15)} | ${status} | exact: ${py(v.exact).padEnd(5)} | approximate: ${py(v.approximate).padEnd(5)} | maxdiff: ${v.maxdiff === null ? '-' : pyFloatRepr(v.maxdiff)}` +
          (v.status === 'shape' || (v.status === 'fail' && v.approximate === null) ? `  (shape ${JSON.stringify(v.shape)}, expected ${JSON.stringify(v.expected_shape)})` : '')
      )
      for (const d of v.diagnoses ?? []) rows.push(`${''.padEnd(15)} |         ↳ ${d}`)
    }
  }
  const s = result.summary
  rows.push('')
  rows.push(`${s.pass}/26 pass, ${s.shape} shape, ${s.fail} fail, ${s.missing} missing${s.error ? `, ${s.error} error` : ''}`)
  if (result.error) rows.push(`${result.error.message} (line ${result.error.line}, column ${result.error.col})`)
  return rows.join('\n')
}

/** Exit code: 0 only with no error and every node that is not missing passing. */
export function checkExitCode(result: CheckResult): number {
  if (result.error !== null) return 1
  return Object.values(result.nodes).every((v) => v.status === 'pass' || v.status === 'missing') ? 0 : 1
}

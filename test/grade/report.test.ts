// The class report: clusters of identical wrong answers, shard reports that merge into exactly one run's report,
// the CSV and the offline page.
import { describe, expect, it } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { decodeFloat32, encodeFloat32 } from '../../src/core/grade/base64'
import { reportHTML } from '../../src/core/grade/html'
import { lectureJudge } from '../../src/core/grade/judge'
import { gradeText, type Answer, type LearnerResult } from '../../src/core/grade/learner'
import { reportCSV, reportText } from '../../src/core/grade/render'
import { buildReport, clustersOf, mergeReports, MergeError, shardReport, type Owned } from '../../src/core/grade/report'
import { corpusFile, NAMES } from '../model'
import { lectureNotebook } from './lecture-notebook'

function values(id: string, node: string, data: number[], diagnosis = `d ${id}`): Owned {
  const answer: Answer = { node, shape: [data.length], data: Float32Array.from(data), message: '', diagnosis, example: `code of ${id}` }
  return { id, answer }
}

function message(id: string, node: string, text: string): Owned {
  return { id, answer: { node, shape: null, data: null, message: text, diagnosis: text, example: `code of ${id}` } }
}

describe('clusters of wrong answers', () => {
  it('joins answers equal within allclose, largest first, ties by first id, each with its first member as example', () => {
    const clusters = clustersOf([
      values('e', 'h', [1, 2]),
      values('b', 'h', [5, 5]),
      values('a', 'h', [1, 2]),
      values('c', 'h', [1 + 1e-7, 2]),
      values('d', 'h', [5, 5.0000001]),
      values('f', 'h', [9, 9]),
      message('g', 'h', 'runtime: NameError: x'),
      message('h', 'h', 'runtime: NameError: x')
    ])
    expect(clusters.map((c) => c.learners)).toEqual([['a', 'c', 'e'], ['b', 'd'], ['g', 'h'], ['f']])
    expect(clusters[0]).toMatchObject({ count: 3, diagnosis: 'd a', example: 'code of a' })
    expect(clusters[2].diagnosis).toBe('runtime: NameError: x')
  })

  it('keeps answers of different shapes, values beyond allclose, or other messages apart', () => {
    const clusters = clustersOf([values('a', 'h', [1, 2]), values('b', 'h', [1, 2, 3]), values('c', 'h', [1.001, 2]), message('d', 'h', 'x'), message('e', 'h', 'y')])
    expect(clusters).toHaveLength(5)
  })

  it('treats NaN answers as equal to each other', () => {
    expect(clustersOf([values('a', 'h', [NaN, 1]), values('b', 'h', [NaN, 1])])).toHaveLength(1)
  })
})

describe('float32 in base64', () => {
  it('round-trips every bit pattern it is given', () => {
    const xs = Float32Array.from([0, -0, 1.5, -3.25e-38, Infinity, -Infinity, 3.4028234663852886e38, 1e-45, 0.1])
    const back = decodeFloat32(encodeFloat32(xs))
    expect([...back].map((x) => Object.is(x, -0) ? '-0' : x)).toEqual([...xs].map((x) => Object.is(x, -0) ? '-0' : x))
    for (const n of [0, 1, 2, 3, 7]) expect(decodeFloat32(encodeFloat32(new Float32Array(n).fill(2)))).toEqual(new Float32Array(n).fill(2))
  })
})

const judge = lectureJudge(NAMES)
const FILES = ['a01_reference_keepdim.py', 'b02_missing_branch_counts.py', 'b07_runtime_error.py', 'b08_syntax_error.py', 'b11_inplace_alias_dbndiff.py', 'd03_misnamed_gradient.py']
const results: LearnerResult[] = [
  ...FILES.map((f) => gradeText(judge, `corpus/${f}`, f, corpusFile(f))),
  ...FILES.map((f) => gradeText(judge, `copies/${f}`, f, corpusFile(f))),
  gradeText(judge, 'nb/whole.ipynb', 'whole.ipynb', lectureNotebook()),
  gradeText(judge, 'nb/broken.ipynb', 'broken.ipynb', '{"cells": ')
]
const owned = (rs: readonly LearnerResult[]) => rs.flatMap((r) => r.answers.map((answer) => ({ id: r.row.id, answer })))
const whole = buildReport('T', CHECK_ORDER, results.map((r) => r.row), owned(results))

describe('a class report', () => {
  it('sorts learners by id and counts statuses per node', () => {
    expect(whole.learners.map((r) => r.id)).toEqual([...whole.learners.map((r) => r.id)].sort())
    expect(Object.keys(whole.nodes)).toEqual([...CHECK_ORDER])
    const n = whole.nodes.counts
    expect(n.pass + n.shape + n.fail + n.missing + n.error).toBe(results.length - 1)
  })

  it('clusters the same mistake from two learners into one cluster of two', () => {
    const counts = whole.nodes.counts.clusters
    expect(counts[0]).toMatchObject({ count: 2, learners: ['copies/b02_missing_branch_counts.py', 'corpus/b02_missing_branch_counts.py'] })
    expect(counts[0].diagnosis).toMatch(/only the gradient through probs/)
    expect(counts[0].example).toMatch(/dcounts/)
    const syntax = whole.nodes.logprobs.clusters
    expect(syntax[0]).toMatchObject({ count: 2, diagnosis: expect.stringMatching(/^SyntaxError/) })
  })

  it('merges shard reports into exactly the report of one run', () => {
    for (const count of [1, 2, 3, 5]) {
      const shards = [...Array(count).keys()].map((i) => {
        const mine = results.filter((_, j) => j % count === i)
        const report = buildReport('T', CHECK_ORDER, mine.map((r) => r.row), owned(mine))
        return { name: `s${i}`, json: JSON.parse(JSON.stringify(shardReport(report, i + 1, count, owned(mine)))) }
      })
      expect(JSON.stringify(mergeReports([...shards].reverse()))).toBe(JSON.stringify(whole))
    }
  })

  it('refuses shards that do not make one whole', () => {
    const shard = (i: number, n: number) => ({ name: `s${i}`, json: JSON.parse(JSON.stringify(shardReport(buildReport('T', CHECK_ORDER, [], []), i, n, []))) })
    expect(() => mergeReports([shard(1, 3), shard(3, 3)])).toThrow(/shard 2\/3 is missing/)
    expect(() => mergeReports([shard(1, 2), shard(1, 2)])).toThrow(/both shard 1\/2/)
    expect(() => mergeReports([shard(1, 2), shard(2, 3)])).toThrow(MergeError)
    expect(() => mergeReports([{ name: 'x.json', json: whole }])).toThrow(/x.json is not a shard report/)
  })

  it('writes a CSV with a row a learner: id, score, a column a node', () => {
    const csv = reportCSV(whole).split('\r\n')
    expect(csv[0]).toBe(['id', 'score', ...CHECK_ORDER].join(','))
    expect(csv).toContain(`corpus/a01_reference_keepdim.py,1,${CHECK_ORDER.map(() => 'pass').join(',')}`)
    expect(csv).toContain(`nb/broken.ipynb,0${',' .repeat(CHECK_ORDER.length)}`)
    const odd = buildReport('T', ['h'], [{ id: '=cmd,"x"', status: 'graded', nodes: { h: 'pass' }, passed: 1, total: 1 }], [])
    expect(reportCSV(odd).split('\r\n')[1]).toBe(`"'=cmd,""x""",1,pass`)
  })

  it('writes one offline page: no network, the heatmap, the clusters with example code, escaped', () => {
    const hostile = buildReport('T', ['h'], [{ id: '<img src=x onerror=alert(1)>', status: 'graded', nodes: { h: 'fail' }, passed: 0, total: 1 }], [message('<img src=x onerror=alert(1)>', 'h', '</script><script>alert(1)</script>')])
    const page = reportHTML(hostile)
    expect(page).not.toContain('<img')
    expect(page).not.toContain('</script><script>alert')
    const html = reportHTML(whole)
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//)
    expect(html).not.toMatch(/<link|@import|url\(/)
    expect(html.match(/<tr data-status/g)).toHaveLength(results.length)
    expect(html).toContain('data-status="fail"')
    expect(html).toContain('only the gradient through probs')
    expect(html).toContain('<section data-node="counts">')
  })

  it('summarises in text: a line a learner, then per node its counts and clusters', () => {
    const text = reportText(whole, new Map([['corpus/d03_misnamed_gradient.py', ['no cell assigns dnorm_logits']]]))
    expect(text).toMatch(/14 learners \(9 graded, 4 with an error, 1 unreadable\)/)
    expect(text).toMatch(/corpus\/d03_misnamed_gradient.py\s+25\/26\s+graded\s+cell 1; no cell assigns dnorm_logits/)
    expect(text).toMatch(/^counts\s+\d+/m)
  })
})

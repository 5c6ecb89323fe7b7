import { readFileSync } from 'node:fs'
import { test } from 'vitest'
import { CHECK_ORDER } from '../../src/core/api'
import { createSession } from '../../src/core/session'
test('real', () => {
  const s = createSession(readFileSync('data/names.txt', 'utf8'))
  let t = Date.now()
  s.checkCell('probs', 'while True:\n    pass', { trace: false })
  console.log('limit ms', Date.now() - t)
  t = Date.now()
  s.checkCell('probs', 'while True:\n    pass', { trace: true })
  console.log('limit traced ms', Date.now() - t)
  const cells = Object.fromEntries(CHECK_ORDER.map((n) => [n, s.referenceCell(n)]))
  t = Date.now()
  const iso = s.checkAll(cells, 'isolated')
  console.log('isolated all ms', Date.now() - t, JSON.stringify(iso.result.summary))
  t = Date.now()
  const ch = s.checkAll(cells, 'chained')
  console.log('chained all ms', Date.now() - t, JSON.stringify(ch.result.summary))
  t = Date.now()
  for (const n of CHECK_ORDER) s.checkCell(n, cells[n], { trace: false })
  console.log('per cell ms', Date.now() - t)
  const r = s.checkCell('bnbias', 'dbnbias = dhpreact.sum(0)')
  console.log(JSON.stringify(r.verdict))
  const f = s.checkCell('probs', 'dprobs = -(1.0 / probs) * dlogprobs')
  console.log(JSON.stringify(f.verdict))
  console.log(s.exportPy(cells).slice(0, 300))
})

// Twenty learner files for the Class view's browser test, made from the corpus (test/fixtures/corpus): its eleven
// files as they are, copies of the reference with a planted mistake (three alike, so that they cluster), a whole
// notebook, another right answer, and one binary file that can't be read.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CORPUS = fileURLToPath(new URL('../fixtures/corpus', import.meta.url))

export interface ClassFile {
  name: string
  mimeType: string
  buffer: Buffer
}

function py(name: string, text: string): ClassFile {
  return { name, mimeType: 'text/x-python', buffer: Buffer.from(text) }
}

/** The reference with one line replaced. */
function planted(reference: string, line: string, by: string): string {
  if (!reference.includes(line)) throw new Error(`the reference has no line ${line}`)
  return reference.replace(line, by)
}

export function classFiles(): ClassFile[] {
  const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.py')).sort()
  const reference = readFileSync(join(CORPUS, 'a01_reference_keepdim.py'), 'utf8')
  const files = corpus.map((f) => py(f, readFileSync(join(CORPUS, f), 'utf8')))
  const sumOverRows = planted(reference, 'db2 = dlogits.sum(0)', 'db2 = dlogits.sum(0) * 2')
  for (const who of ['s01', 's02', 's03']) files.push(py(`${who}_db2_doubled.py`, sumOverRows))
  const sign = planted(reference, 'dW2 = h.T @ dlogits', 'dW2 = -(h.T @ dlogits)')
  for (const who of ['s04', 's05']) files.push(py(`${who}_dW2_sign.py`, sign))
  files.push(py('s06_dprobs_wrong.py', planted(reference, 'dprobs = (1.0 / probs) * dlogprobs', 'dprobs = probs * dlogprobs')))
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# My backprop ninja notebook'] },
      { cell_type: 'code', metadata: {}, source: 'import torch\n', outputs: [], execution_count: 1 },
      { cell_type: 'code', metadata: {}, source: reference.split(/(?<=\n)/), outputs: [], execution_count: 2 }
    ]
  }
  files.push({ name: 's07_notebook.ipynb', mimeType: 'application/x-ipynb+json', buffer: Buffer.from(JSON.stringify(notebook)) })
  files.push(py('s08_reference_again.py', reference))
  files.push({ name: 'zz_binary.py', mimeType: 'application/octet-stream', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]) })
  if (files.length !== 20) throw new Error(`expected 20 files, made ${files.length}`)
  return files
}

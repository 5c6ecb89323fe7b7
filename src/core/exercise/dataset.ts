// The lecture's data set: names -> (context of block_size chars, next char) pairs, shuffled and split 80/10/10.

import { PyRandom } from '../random'
import { Tensor } from '../tensor'

export interface Split {
  X: Tensor // (N, block_size) int64
  Y: Tensor // (N,) int64
}

export interface Dataset {
  /** the words after the shuffle */
  words: string[]
  /** '.' is 0, then the sorted characters of the data set from 1 */
  itos: string[]
  stoi: Map<string, number>
  train: Split
  dev: Split
  test: Split
}

/** One name a line; blank trailing lines dropped as Python's splitlines() would not produce them. */
export function parseNames(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** The vocabulary as the lecture builds it: sorted characters from 1, '.' at 0. */
export function vocabulary(words: readonly string[]): { itos: string[]; stoi: Map<string, number> } {
  const chars = [...new Set(words.join(''))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const stoi = new Map<string, number>([['.', 0]])
  chars.forEach((c, i) => stoi.set(c, i + 1))
  const itos: string[] = []
  for (const [c, i] of stoi) itos[i] = c
  return { itos, stoi }
}

/** build_dataset: every name, padded with block_size dots, becomes one example per character plus the end. */
export function buildSplit(words: readonly string[], stoi: ReadonlyMap<string, number>, blockSize: number): Split {
  let count = 0
  for (const w of words) count += [...w].length + 1
  const X = Tensor.zeros([count, blockSize], 'int64')
  const Y = Tensor.zeros([count], 'int64')
  const xs = X.storage
  const ys = Y.storage
  const context = new Array<number>(blockSize).fill(0)
  let row = 0
  for (const w of words) {
    context.fill(0)
    for (const ch of [...w, '.']) {
      const ix = stoi.get(ch) ?? 0
      for (let j = 0; j < blockSize; j++) xs[row * blockSize + j] = context[j]
      ys[row] = ix
      context.shift()
      context.push(ix)
      row++
    }
  }
  return { X, Y }
}

/** The lecture's splits: random.seed(shuffleSeed); random.shuffle(words); 80% train, 10% dev, 10% test. */
export function makeDataset(namesText: string, shuffleSeed: number, blockSize: number): Dataset {
  const all = parseNames(namesText)
  const { itos, stoi } = vocabulary(all)
  const words = [...all]
  new PyRandom(shuffleSeed).shuffle(words)
  const n1 = Math.trunc(0.8 * words.length)
  const n2 = Math.trunc(0.9 * words.length)
  return {
    words,
    itos,
    stoi,
    train: buildSplit(words.slice(0, n1), stoi, blockSize),
    dev: buildSplit(words.slice(n1, n2), stoi, blockSize),
    test: buildSplit(words.slice(n2), stoi, blockSize)
  }
}

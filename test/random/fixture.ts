// Reading the golden PyTorch fixtures (test/fixtures/*.json) and the names they were built from.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

export interface TensorJson {
  shape: number[]
  dtype: string
  data: number[]
}

export interface Fixture {
  config: {
    seed: number
    bn_seed: number
    shuffle_seed: number
    n_embd: number
    n_hidden: number
    block_size: number
    batch_size: number
    vocab_size: number
  }
  dataset: { first_shuffled: string[]; Xtr: number[] }
  ix: number[]
  tensors: Record<string, TensorJson>
}

/** One fixture by name ('default' or 'wide'). */
export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(`${root}test/fixtures/${name}.json`, 'utf8')) as Fixture
}

/** data/names.txt as Python's splitlines() gives it. */
export function loadNames(): string[] {
  const lines = readFileSync(`${root}data/names.txt`, 'utf8').split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

// The default model, built once per test file (it takes ~100 ms).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DEFAULT_CONFIG, type ModelConfig } from '../src/core/api'
import { buildModel, type Model } from '../src/core/exercise/model'

export const NAMES = readFileSync(join(__dirname, '..', 'data', 'names.txt'), 'utf8')

const cache = new Map<string, Model>()

export function model(config: Partial<ModelConfig> = {}): Model {
  const full = { ...DEFAULT_CONFIG, ...config }
  const key = JSON.stringify(full)
  let m = cache.get(key)
  if (!m) {
    m = buildModel(NAMES, full)
    cache.set(key, m)
  }
  return m
}

export function corpusFile(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', 'corpus', name), 'utf8')
}

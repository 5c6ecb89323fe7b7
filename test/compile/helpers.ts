import { readFileSync } from 'node:fs'
import { DEFAULT_CONFIG, type ModelConfig } from '../../src/core/api'
import { learnerBackward, type LearnerBackwardFn } from '../../src/core/exercise/learner-backward'
import { Trainer, type BackwardFn } from '../../src/core/exercise/train'

export const NAMES = readFileSync(new URL('../../data/names.txt', import.meta.url), 'utf8')

export function learnerFile(name: string): string {
  return readFileSync(new URL(`../../bench/learner/${name}`, import.meta.url), 'utf8')
}

/**
 * The lecture's loop for `steps` steps with `backward`, without its ending (batch-norm calibration and split losses
 * over the whole dataset, a quarter second that says nothing about the steps): parameters and the loss series.
 */
function trainSteps(cfg: ModelConfig, steps: number, backward: BackwardFn) {
  const trainer = new Trainer(NAMES, cfg, steps, undefined, backward)
  trainer.run(steps)
  return { mlp: trainer.mlp, losses: trainer.losses.subarray(0, trainer.step) }
}

/** Trains `steps` steps with `source` compiled (when it can be) and interpreted; returns both runs. */
export function bothWays(source: string, steps: number, config: Partial<ModelConfig> = {}) {
  const cfg = { ...DEFAULT_CONFIG, ...config }
  const compiled = learnerBackward(source)
  const a = trainSteps(cfg, steps, compiled)
  const interpreted = learnerBackward(source, { compile: false })
  const b = trainSteps(cfg, steps, interpreted)
  return { compiled: a, interpreted: b, path: (compiled as LearnerBackwardFn).path, tape: (compiled as LearnerBackwardFn).compiled()?.steps ?? [] }
}

/** The first parameter element that differs (bit for bit, NaN and -0 included), or null. */
export function firstDifference(p: Record<string, Float32Array>, q: Record<string, Float32Array>): string | null {
  for (const k of Object.keys(p)) {
    const x = p[k]
    const y = q[k]
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${k}[${i}]: ${x[i]} vs ${y[i]}`
  }
  return null
}

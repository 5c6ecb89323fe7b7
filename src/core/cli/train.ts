// `train`: exercise 4 from the command line (docs/CONTRACT.md section 2).

import { LearnerBackwardError, learnerBackward } from '../exercise/learner-backward'
import { train } from '../exercise/train'
import { intFlag, UsageError, type ParsedArgs } from './options'

/** The solution file: `--solution FILE` or `train FILE`, never both, never two. */
function solutionPath(args: ParsedArgs): string | undefined {
  const flag = args.flags.get('--solution')
  if (args.positional.length > 1) throw new UsageError(`train takes one solution file (got ${args.positional.map((p) => `'${p}'`).join(', ')})`)
  const positional = args.positional[0]
  if (positional !== undefined && typeof flag === 'string' && flag !== positional)
    throw new UsageError(`two solution files: '${positional}' and --solution '${flag}' (give one)`)
  return positional ?? (typeof flag === 'string' ? flag : undefined)
}

/** Trains and prints the result; exit 1 when the learner's backward pass fails. */
export function trainCommand(args: ParsedArgs, namesText: string, readFile: (path: string) => string): number {
  const steps = intFlag(args, '--steps', 200_000, 1)
  const lrDecayStep = intFlag(args, '--lr-decay-step', 100_000)
  const samples = intFlag(args, '--samples', 20)
  const json = args.flags.has('--json')
  const solution = solutionPath(args)
  let backward
  try {
    backward = solution !== undefined ? learnerBackward(readFile(solution), { compile: !args.flags.has('--interpreted') }) : undefined
  } catch (e) {
    if (e instanceof LearnerBackwardError) {
      process.stderr.write(`backprop-ninja: ${e.message}\n`)
      return 1
    }
    throw e
  }
  // a terminal gets one line rewritten in place; a pipe or a file gets a plain line every tenth of the run
  const tty = process.stderr.isTTY === true
  const every = Math.max(1000, Math.ceil(steps / 10 / 1000) * 1000)
  const progress = (step: number, loss: number) => {
    if (json) return
    const line = `step ${String(step).padStart(7)}/${steps}  loss ${loss.toFixed(4)}`
    if (tty) process.stderr.write(`\r${line}`)
    else if (step % every === 0 || step === steps) process.stderr.write(`${line}\n`)
  }
  try {
    const r = train(namesText, args.config, { steps, lrDecayStep, samples, onProgress: progress, progressEvery: 1000 }, backward)
    const out = {
      steps: r.steps,
      seconds: round(r.seconds, 3),
      ms_per_step: round(r.ms_per_step, 4),
      loss: round(r.loss, 4),
      train: round(r.train, 4),
      val: round(r.val, 4),
      samples: r.samples,
      ...(backward !== undefined ? { path: backward.path.kind, ...(backward.path.reason !== null ? { reason: backward.path.reason } : {}) } : {})
    }
    if (json) process.stdout.write(JSON.stringify(out) + '\n')
    else {
      if (tty) process.stderr.write('\n')
      process.stdout.write(
        `trained ${out.steps} steps in ${out.seconds} s (${out.ms_per_step} ms/step${r.simd ? ', SIMD kernels' : ''})\n` +
          (backward === undefined
            ? ''
            : backward.path.kind === 'compiled'
              ? `your backward pass ran compiled (${backward.path.ops} ops replayed each step)\n`
              : `your backward pass ran interpreted: ${backward.path.reason}, so training ran interpreted, about ${Math.round(1000 / r.ms_per_step)} steps/s\n`) +
          `last batch loss ${out.loss}\ntrain ${out.train}\nval   ${out.val}\n\n${out.samples.join('\n')}\n`
      )
    }
    return 0
  } catch (e) {
    if (e instanceof LearnerBackwardError) {
      if (!json && tty) process.stderr.write('\n')
      process.stderr.write(`backprop-ninja: ${e.message}\n`)
      return 1
    }
    throw e
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

// Command-line options: the contract's model knobs plus each command's own flags, parsed strictly.

import { DEFAULT_CONFIG, type ModelConfig } from '../api'

/** A usage mistake: printed as one line, exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  command: string
  positional: string[]
  config: ModelConfig
  /** The model options given on the command line (a command may have defaults of its own for the others). */
  explicit: ReadonlySet<keyof ModelConfig>
  names: string | null
  flags: Map<string, string | true>
  debug: boolean
}

const MODEL_OPTIONS: ReadonlyMap<string, keyof ModelConfig> = new Map([
  ['--seed', 'seed'],
  ['--bn-seed', 'bn_seed'],
  ['--shuffle-seed', 'shuffle_seed'],
  ['--n-embd', 'n_embd'],
  ['--n-hidden', 'n_hidden'],
  ['--block-size', 'block_size'],
  ['--batch-size', 'batch_size']
])

const POSITIVE: ReadonlySet<keyof ModelConfig> = new Set(['n_embd', 'n_hidden', 'block_size', 'batch_size'])

/** Parses `argv` (without node and script) against the flags a command accepts, over its own model defaults. */
export function parseArgs(
  argv: readonly string[],
  commandFlags: ReadonlyMap<string, 'value' | 'switch'>,
  defaults: Partial<ModelConfig> = {}
): ParsedArgs {
  if (argv.length === 0 || argv[0].startsWith('-')) throw new UsageError('usage: backprop-ninja <dump|check|train|grade|bench> [options]')
  const [command, ...rest] = argv
  const config: ModelConfig = { ...DEFAULT_CONFIG, ...defaults }
  const flags = new Map<string, string | true>()
  const positional: string[] = []
  const explicit = new Set<keyof ModelConfig>()
  let names: string | null = null
  let debug = false
  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i]
    let inline: string | null = null
    const eq = arg.indexOf('=')
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1)
      arg = arg.slice(0, eq)
    }
    const value = (): string => {
      if (inline !== null) return inline
      const v = rest[++i]
      if (v === undefined) throw new UsageError(`${arg} needs a value`)
      return v
    }
    if (arg === '--debug') debug = true
    else if (arg === '--names') names = value()
    else if (MODEL_OPTIONS.has(arg)) {
      const key = MODEL_OPTIONS.get(arg)!
      const text = value()
      if (!/^-?\d+$/.test(text)) throw new UsageError(`${arg} expects an integer, got '${text}'`)
      const v = Number(text)
      if (!Number.isSafeInteger(v)) throw new UsageError(`${arg} is out of range: ${text}`)
      if (POSITIVE.has(key) && v < 1) throw new UsageError(`${arg} must be at least 1, got ${v}`)
      if (key === 'batch_size' && v < 2) throw new UsageError('--batch-size must be at least 2 (batch norm divides by n-1)')
      config[key] = v
      explicit.add(key)
    } else if (commandFlags.has(arg)) {
      flags.set(arg, commandFlags.get(arg) === 'switch' ? true : value())
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg} for '${command}'`)
    else positional.push(arg)
  }
  checkSize(config)
  return { command, positional, config, explicit, names, flags, debug }
}

/** The largest tensor a config may ask for: the forward pass and dump stay within seconds and memory. */
export const MAX_TENSOR_ELEMENTS = 1 << 22
/** The largest context: the data set holds one row of block_size ints per character of the names file. */
export const MAX_BLOCK_SIZE = 64

/** Rejects a config whose tensors would be too big to build (emb, W1, the hidden layer). */
function checkSize(c: ModelConfig): void {
  if (c.block_size > MAX_BLOCK_SIZE) throw new UsageError(`--block-size is too large: ${c.block_size} (at most ${MAX_BLOCK_SIZE})`)
  const fmt = (x: number) => x.toLocaleString('en-US')
  const tensors: [string, number[]][] = [
    ['C', [27, c.n_embd]],
    ['emb', [c.batch_size, c.block_size, c.n_embd]],
    ['W1', [c.n_embd * c.block_size, c.n_hidden]],
    ['the hidden layer', [c.batch_size, c.n_hidden]]
  ]
  for (const [name, shape] of tensors) {
    const numel = shape.reduce((a, b) => a * b, 1)
    if (numel > MAX_TENSOR_ELEMENTS)
      throw new UsageError(
        `this config is too large: ${name} would be (${shape.join(', ')}), ${fmt(numel)} elements (at most ${fmt(MAX_TENSOR_ELEMENTS)})`
      )
  }
}

/** An integer flag's value, or the default. */
export function intFlag(args: ParsedArgs, name: string, dflt: number, min = 0): number {
  const v = args.flags.get(name)
  if (v === undefined) return dflt
  if (v === true || !/^\d+$/.test(v)) throw new UsageError(`${name} expects a non-negative integer`)
  const n = Number(v)
  if (n < min) throw new UsageError(`${name} must be at least ${min}`)
  return n
}

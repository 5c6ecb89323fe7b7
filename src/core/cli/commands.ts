// The commands of the command line (docs/CONTRACT.md section 2): each one's usage, flags, help and model defaults.

import type { ModelConfig } from '../api'

type FlagKind = 'value' | 'switch'

/** A command: its usage line, what it does, its own flags (with help) and any model defaults of its own. */
export interface Command {
  usage: string
  summary: string
  flags: ReadonlyArray<[flag: string, kind: FlagKind, help: string, metavar?: string]>
  defaults?: Partial<ModelConfig>
}

export const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [
    'dump',
    {
      usage: 'dump [--lesson FILE] [--json]',
      summary: "Builds the lecture's model (or a lesson file's) and prints a summary: the loss and every node's shape.",
      flags: [
        ['--json', 'switch', "every tensor and gradient as one JSON object, in the PyTorch fixtures' schema"],
        ['--lesson', 'value', 'a lesson file (docs/CONTRACT.md section 5) instead of the lecture', 'FILE']
      ]
    }
  ],
  [
    'check',
    {
      usage: 'check [--lesson LESSON] FILE [--json] [--isolated]',
      summary:
        "Runs FILE, your backward pass, after the forward pass and prints the lecture's cmp() table. A whole notebook (.ipynb) is read as grade reads it: the cells that assign the dX, errors at their cell and line.",
      flags: [
        ['--json', 'switch', 'the verdicts as JSON (docs/CONTRACT.md section 2)'],
        ['--lesson', 'value', 'judge FILE against a lesson file (docs/CONTRACT.md section 5) instead of the lecture', 'LESSON'],
        ['--isolated', 'switch', "judge each node's cell alone, with the true gradients upstream of it"]
      ]
    }
  ],
  [
    'train',
    {
      usage: 'train [FILE] [--steps N] [--solution FILE] [--lr-decay-step N] [--samples K] [--interpreted] [--json]',
      summary:
        "Exercise 4: trains the MLP with a backward pass written by hand (your FILE, or the lecture's), then prints the losses and sampled names.",
      flags: [
        ['--steps', 'value', 'training steps (default 200000, as the lecture)'],
        ['--solution', 'value', 'your backward pass: a solution file as `check` takes (or give it as FILE)', 'FILE'],
        ['--lr-decay-step', 'value', 'the step from which the learning rate is 0.01 instead of 0.1 (default 100000)'],
        ['--samples', 'value', 'how many names to sample after training (default 20)', 'K'],
        ['--interpreted', 'switch', 'run FILE in the interpreter every step instead of compiling it once'],
        ['--json', 'switch', '{steps, seconds, ms_per_step, loss, train, val, samples, path, reason} as JSON']
      ],
      // exercise 4 trains with the lecture's hidden layer of 200 (docs/CONTRACT.md section 2)
      defaults: { n_hidden: 200 }
    }
  ],
  [
    'grade',
    {
      usage: 'grade PATH... [--json] [--csv OUT] [--html OUT] [--jobs N] [--shard I/N] | grade --merge REPORT.json...',
      summary:
        "Grades a whole class: every .py/.ipynb under the PATHs is one learner, judged chained as check judges; per node the counts and the clusters of identical wrong answers.",
      flags: [
        ['--json', 'switch', 'the report as JSON (docs/CONTRACT.md section 6)'],
        ['--csv', 'value', 'also write a gradebook: one row a learner (id, score, a column a node)', 'OUT'],
        ['--html', 'value', 'also write one self-contained page: the heatmap and the clusters', 'OUT'],
        ['--jobs', 'value', 'worker threads (default: the cores)'],
        ['--shard', 'value', 'grade only the I-th of N deterministic slices (its --json report can be merged)', 'I/N'],
        ['--merge', 'switch', 'combine shard reports (the PATHs) into the report of one run'],
        ['--lesson', 'value', 'grade against a lesson file (not available yet)', 'FILE'],
        ['--timeout', 'value', 'wall-clock cap per file, in seconds (default 60)', 'S'],
        ['--memory', 'value', 'heap cap per worker thread, in MB (default 512)', 'MB']
      ]
    }
  ],
  [
    'bench',
    {
      usage: 'bench [--json] [--quick]',
      summary: 'Latency and training-speed figures, side by side with PyTorch where Debian\'s python3-torch is installed.',
      flags: [
        ['--json', 'switch', 'the figures as JSON'],
        ['--quick', 'switch', 'fewer repetitions'],
        ['--row', 'value', 'time one file of bench/learner/ alone (the bench runs each learner-code row so, in a fresh process)', 'FILE'],
        ['--row-steps', 'value', 'steps for --row (default 1000)', 'N']
      ]
    }
  ]
])

const MODEL_HELP = `model options (every command; defaults are the lecture's):
  --seed N           the generator for C, W1, b1, W2, b2 and the batches (2147483647)
  --bn-seed N        the generator for bngain and bnbias (42)
  --shuffle-seed N   random.seed before the names are shuffled (42)
  --n-embd N         embedding size (10)
  --n-hidden N       hidden layer size (64; train: 200)
  --block-size N     context length (3)
  --batch-size N     batch size n (32)
  --names FILE       one name a line (the bundled names.txt)
  --debug            stack traces for internal errors
  --help, -h         this help`

export const USAGE = 'usage: backprop-ninja <dump|check|train|grade|bench> [options]'

/** `backprop-ninja --help`: every command in a line, then the model options. */
export function generalHelp(): string {
  const lines = [USAGE, '', 'commands:']
  for (const [name, c] of COMMANDS) lines.push(`  ${name.padEnd(7)}${c.summary}`)
  lines.push('', "Run 'backprop-ninja COMMAND --help' for a command's options.", '', MODEL_HELP)
  return lines.join('\n')
}

/** `backprop-ninja COMMAND --help`: its usage, what it does, its options and the model options. */
export function commandHelp(c: Command): string {
  const lines = [`usage: backprop-ninja ${c.usage} [model options]`, '', c.summary, '', 'options:']
  for (const [flag, kind, help, metavar = 'N'] of c.flags) lines.push(`  ${(kind === 'value' ? `${flag} ${metavar}` : flag).padEnd(19)}${help}`)
  lines.push('', MODEL_HELP)
  return lines.join('\n')
}

// The command line (docs/CONTRACT.md sections 2 and 6): dump, check, train, grade, bench. The only part of the core that touches Node.

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { buildModel } from '../exercise/model'
import { checkExitCode, checkFile, checkJSON, checkNotebook, checkTable, isNotebookFile, NotebookError, type CheckFileResult } from './check'
import { COMMANDS, commandHelp, generalHelp, USAGE } from './commands'
import { dumpLesson, dumpLessonSummary, dumpModel, dumpSummary } from './dump'
import { buildLesson } from '../lesson/build'
import { LessonError } from '../lesson/file'
import type { Lesson } from '../lesson/lesson'
import { basename } from 'node:path'
import { parseArgs, UsageError, type ParsedArgs } from './options'

const BUNDLED_NAMES = fileURLToPath(new URL('../../../data/names.txt', import.meta.url))

// Relaxed SIMD, which the learner-code replay's product uses for its multiply-adds (the same bits, see
// scripts/build-wasm.mjs), ships on by default from V8 11.4 (Chromium 114, Electron 25, Node 22); Node 20's V8 11.3
// has it behind a flag, set here before any module is compiled.
const [v8Major, v8Minor] = process.versions.v8.split('.').map(Number)
if (v8Major < 11 || (v8Major === 11 && v8Minor <= 3)) setFlagsFromString('--experimental-wasm-relaxed-simd')

class IOError extends Error {}

/** A notebook that can't be checked is the file's fault, as an unreadable file is: its reason, exit 2. */
function notebookOrUsage(check: () => CheckFileResult, path: string): CheckFileResult {
  try {
    return check()
  } catch (e) {
    if (e instanceof NotebookError) throw new IOError(`cannot check '${path}': ${e.message}`)
    throw e
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new IOError(`cannot read ${what} '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`)
  }
}

function namesText(args: ParsedArgs): string {
  const text = readText(args.names ?? BUNDLED_NAMES, 'names file')
  const words = text.split(/\r\n|\r|\n/).filter((w) => w !== '')
  if (words.length < 10) throw new IOError(`the names file has ${words.length} names; at least 10 are needed for the 80/10/10 split`)
  return text
}

/** `--lesson FILE`, whose setup fixes its own sizes and seeds: the lecture's model options don't apply to it. */
function lessonFlag(args: ParsedArgs): string | undefined {
  const v = args.flags.get('--lesson')
  if (typeof v !== 'string') return undefined
  if (args.explicit.size > 0)
    throw new UsageError(`--${[...args.explicit][0].replace(/_/g, '-')} sets the lecture's model; a lesson file's setup fixes its own (edit the file instead)`)
  return v
}

/** The lesson a `--lesson FILE` names, or a usage-level error (exit 2) with the file's line and column. */
function lessonOf(path: string, args: ParsedArgs): Lesson {
  const text = readText(path, 'lesson file')
  try {
    return buildLesson(text, { id: basename(path).replace(/\.py$/, ''), namesText: namesText(args) })
  } catch (e) {
    if (e instanceof LessonError) throw new IOError(`${path}:${e.line}:${e.col}: ${e.message}`)
    throw e
  }
}

async function run(argv: string[]): Promise<number> {
  const wantsHelp = argv.includes('--help') || argv.includes('-h')
  const command = argv[0] === 'help' ? (argv[1] ?? '--help') : argv[0]
  const spec = COMMANDS.get(command)
  if (spec === undefined) {
    if (command === undefined) throw new UsageError(USAGE)
    if (command.startsWith('-')) {
      if (!wantsHelp) throw new UsageError(USAGE)
      process.stdout.write(generalHelp() + '\n')
      return 0
    }
    throw new UsageError(`unknown command '${command}' (expected dump, check, train, grade or bench; see --help)`)
  }
  if (wantsHelp || argv[0] === 'help') {
    process.stdout.write(commandHelp(spec) + '\n')
    return 0
  }
  const flags = new Map(spec.flags.map(([flag, kind]) => [flag, kind]))
  const args = parseArgs(argv, flags, spec.defaults)
  switch (command) {
    case 'dump': {
      if (args.positional.length > 0) throw new UsageError(`dump takes no file (got '${args.positional[0]}')`)
      const lessonPath = lessonFlag(args)
      if (lessonPath !== undefined) {
        const lesson = lessonOf(lessonPath, args)
        process.stdout.write((args.flags.has('--json') ? JSON.stringify(dumpLesson(lesson)) : dumpLessonSummary(lesson)) + '\n')
        return 0
      }
      const model = buildModel(namesText(args), args.config)
      process.stdout.write((args.flags.has('--json') ? JSON.stringify(dumpModel(model)) : dumpSummary(model)) + '\n')
      return 0
    }
    case 'check': {
      if (args.positional.length !== 1) throw new UsageError('usage: check FILE [--json] [--isolated]')
      const text = readText(args.positional[0], 'solution file')
      const lessonPath = lessonFlag(args)
      const model = lessonPath !== undefined ? lessonOf(lessonPath, args) : buildModel(namesText(args), args.config)
      const path = args.positional[0]
      const isolated = args.flags.has('--isolated')
      const checked = isNotebookFile(path, text) ? notebookOrUsage(() => checkNotebook(model, path, text, isolated), path) : checkFile(model, text, isolated)
      const { warnings, output } = checked
      for (const w of warnings) process.stderr.write(`backprop-ninja: warning: ${w}\n`)
      // what the learner's code printed: before the table, as a notebook shows it; on stderr beside JSON
      if (output !== '') (args.flags.has('--json') ? process.stderr : process.stdout).write(output.endsWith('\n') ? output : `${output}\n`)
      process.stdout.write((args.flags.has('--json') ? JSON.stringify(checkJSON(checked)) : checkTable(checked)) + '\n')
      return checkExitCode(checked)
    }
    case 'train': {
      const { trainCommand } = await import('./train')
      return trainCommand(args, namesText(args), (p) => readText(p, 'solution file'))
    }
    case 'grade': {
      const { gradeCommand } = await import('./grade')
      return gradeCommand(args, namesText(args))
    }
    case 'bench': {
      const { benchCommand } = await import('./bench')
      return benchCommand(args, namesText(args))
    }
  }
  return 2
}

// a reader that stops early (`| head`) closes the pipe: that ends the command quietly, not with a stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  process.stderr.write(`backprop-ninja: cannot write the output: ${e.message}\n`)
  process.exit(2)
})

const argv = process.argv.slice(2)
const debug = argv.includes('--debug')
run(argv).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    if (e instanceof UsageError || e instanceof IOError) {
      process.stderr.write(`backprop-ninja: ${e.message}\n`)
      process.exitCode = 2
      return
    }
    process.stderr.write(`backprop-ninja: internal error: ${e instanceof Error ? e.message : String(e)}\n`)
    if (debug && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n')
    process.exitCode = 2
  }
)

// A lesson file (docs/CONTRACT.md section 5): one plain Python file that real PyTorch runs unchanged, cut into
// sections by `# %% <kind>` comment lines. This reads the sections; build.ts runs them.

/** A lesson file's problem, with a 1-based place in the file. */
export class LessonError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number
  ) {
    super(message)
    this.name = 'LessonError'
  }
}

/** A section's code, padded with blank lines so that its line numbers are the file's. */
export interface Section {
  /** the section's text, preceded by as many empty lines as the file has above it */
  source: string
  /** 1-based line of the marker (the code starts on the next line) */
  line: number
}

export interface LessonFile {
  title: string
  description: string
  setup: Section
  forward: Section
  /** `# %% check: a b c`: the nodes in the order they are checked, when the file gives it */
  check: { names: string[]; line: number } | null
  solution: Section | null
  /** node -> its hint lines (the comment text, without `# `) */
  hints: Map<string, string[]>
  /** the whole file, as read */
  text: string
}

const MARKER = /^# %%\s*([A-Za-z]+)\s*(:\s*(.*?))?\s*$/
const KINDS = new Set(['lesson', 'setup', 'forward', 'check', 'solution', 'hints'])

/** The comment text of a line (`# ` taken off), or null for a line that is not a comment. */
function commentText(line: string): string | null {
  const m = /^\s*#\s?(.*)$/.exec(line)
  return m === null ? null : m[1].trimEnd()
}

/** Reads a lesson file's sections, or throws a LessonError at the offending line. */
export function readLessonFile(text: string): LessonFile {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  if (source.includes('\u0000')) throw new LessonError('a lesson file is Python text; this one holds NUL bytes', 1, 1)
  const lines = source.split('\n')
  interface Raw {
    kind: string
    arg: string
    line: number
    body: string[]
  }
  const sections: Raw[] = []
  lines.forEach((text, i) => {
    const m = MARKER.exec(text)
    if (m === null) {
      if (sections.length > 0) sections[sections.length - 1].body.push(text)
      else if (text.trim() !== '')
        throw new LessonError('a lesson file starts with its title line: # %% lesson: <title>', i + 1, 1)
      return
    }
    const kind = m[1].toLowerCase()
    if (!KINDS.has(kind))
      throw new LessonError(`unknown section '# %% ${m[1]}': a lesson has lesson, setup, forward, check, solution and hints sections`, i + 1, 1)
    sections.push({ kind, arg: m[3] ?? '', line: i + 1, body: [] })
  })
  if (sections.length === 0 || sections[0].kind !== 'lesson')
    throw new LessonError('a lesson file starts with its title line: # %% lesson: <title>', 1, 1)
  const head = sections[0]
  if (head.arg === '') throw new LessonError('the lesson has no title: write # %% lesson: <title>', head.line, 1)
  const description: string[] = []
  for (const text of head.body) {
    if (text.trim() === '') {
      if (description.length > 0) description.push('')
      continue
    }
    const c = commentText(text)
    if (c === null) throw new LessonError('only comment lines may follow the title (they are the description); code goes in # %% setup', head.line + 1 + head.body.indexOf(text), 1)
    description.push(c)
  }
  const once = (kind: string, required: boolean): Raw | null => {
    const all = sections.filter((s) => s.kind === kind)
    if (all.length > 1) throw new LessonError(`a second '# %% ${kind}' section (the first is on line ${all[0].line})`, all[1].line, 1)
    if (all.length === 0 && required) {
      const where = kind === 'setup' ? head.line : (sections.find((s) => s.kind === 'setup')?.line ?? head.line)
      throw new LessonError(`the lesson has no '# %% ${kind}' section`, where, 1)
    }
    return all[0] ?? null
  }
  once('lesson', true)
  const setup = once('setup', true)!
  const forward = once('forward', true)!
  if (forward.line < setup.line) throw new LessonError("the '# %% forward' section must come after '# %% setup'", forward.line, 1)
  const check = once('check', false)
  const solution = once('solution', false)
  const section = (s: Raw): Section => ({ source: '\n'.repeat(s.line) + s.body.join('\n'), line: s.line })
  const hints = new Map<string, string[]>()
  for (const s of sections.filter((x) => x.kind === 'hints')) {
    const node = s.arg.trim()
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(node)) throw new LessonError('a hints section names one node: # %% hints: <node>', s.line, 1)
    if (hints.has(node)) throw new LessonError(`a second hints section for '${node}'`, s.line, 1)
    const body: string[] = []
    s.body.forEach((text, k) => {
      if (text.trim() === '') return
      const c = commentText(text)
      if (c === null) throw new LessonError(`hints are comment lines (# ...); line ${s.line + 1 + k} is code`, s.line + 1 + k, 1)
      body.push(c)
    })
    hints.set(node, body)
  }
  let checkNames: LessonFile['check'] = null
  if (check !== null) {
    const names = check.arg.split(/\s+/).filter((x) => x !== '')
    if (names.length === 0) throw new LessonError('a check section lists the nodes: # %% check: <names>', check.line, 1)
    const bad = names.find((x) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(x))
    if (bad !== undefined) throw new LessonError(`'${bad}' is not a name`, check.line, 1)
    checkNames = { names, line: check.line }
  }
  return {
    title: head.arg.trim(),
    description: description.join('\n').trim(),
    setup: section(setup),
    forward: section(forward),
    check: checkNames,
    solution: solution === null ? null : section(solution),
    hints,
    text: source
  }
}

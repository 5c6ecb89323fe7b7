// The layers the architecture promises, read off the imports with TypeScript's parser: the core touches no Node
// and no DOM outside cli/; the lecture's exercise/ code does not reach into the grader; the page imports the core
// only as types outside its workers (the core runs in a Web Worker); and every name the editor offers exists in the
// interpreter; lang/ is in three layers (syntax/ <- runtime/ <- torch/) that import downward, with runtime/'s exact
// hand-offs to torch/ listed; and the core's imports form no cycle.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { TORCH_MEMBERS } from '../../src/renderer/src/editor/completions'
import { Interpreter } from '../../src/core/lang/runtime/evaluator'

const ROOT = join(__dirname, '..', '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

interface Import {
  file: string
  line: number
  spec: string
  typeOnly: boolean
}

/** Every import and re-export of a file, with whether it brings in types only. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const out: Import[] = []
  const at = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1
  for (const stmt of source.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const clause = stmt.importClause
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)))
      out.push({ file, line: at(stmt), spec: stmt.moduleSpecifier.text, typeOnly })
    } else if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier))
      out.push({ file, line: at(stmt), spec: stmt.moduleSpecifier.text, typeOnly: stmt.isTypeOnly })
  }
  return out
}

const where = (i: Import) => `${relative(ROOT, i.file)}:${i.line} imports '${i.spec}'`
const target = (i: Import) => (i.spec.startsWith('.') ? relative(ROOT, resolve(dirname(i.file), i.spec)) : i.spec)

describe('layers', () => {
  const core = sourceFiles(join(ROOT, 'src', 'core')).filter((f) => !relative(ROOT, f).startsWith('src/core/cli/'))

  it('the core imports no Node, Electron, DOM library, d3 or Monaco outside cli/', () => {
    const bad = core.flatMap(importsOf).filter((i) => /^(node:|fs$|path$|os$|child_process$|worker_threads$|electron|d3|monaco-editor)/.test(i.spec))
    expect(bad.map(where)).toEqual([])
  })

  it('the core uses no DOM globals outside cli/ (document, window, localStorage)', () => {
    const bad: string[] = []
    const DOM = new Set(['document', 'window', 'localStorage', 'navigator'])
    for (const f of core) {
      const source = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true)
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && DOM.has(node.expression.text))
          bad.push(`${relative(ROOT, f)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`)
        ts.forEachChild(node, visit)
      }
      visit(source)
    }
    expect(bad).toEqual([])
  })

  it("exercise/ (the lecture) does not import the grader", () => {
    const files = sourceFiles(join(ROOT, 'src', 'core', 'exercise'))
    const bad = files.flatMap(importsOf).filter((i) => target(i).startsWith('src/core/grader'))
    expect(bad.map(where)).toEqual([])
  })

  it("lang/'s layers import downward only: syntax/ nothing of runtime/ or torch/, runtime/ torch/ only where Python meets torch", () => {
    const lang = (layer: string) => sourceFiles(join(ROOT, 'src', 'core', 'lang', layer)).flatMap(importsOf)
    const into = (i: Import, ...layers: string[]) => layers.some((l) => target(i).startsWith(`src/core/lang/${l}/`))
    expect(lang('syntax').filter((i) => into(i, 'runtime', 'torch')).map(where)).toEqual([])
    // The evaluator builds the importable modules (`import torch`), `x.name` on a tensor or dtype is looked up among
    // torch's methods and dtypes, and round(tensor) is torch's rounding: the interpreter's three hand-offs to torch/.
    // These are the only edges up; the list is exact, so a new one (or one removed) shows here.
    const handOffs = [
      'src/core/lang/runtime/attributes.ts -> src/core/lang/torch/dtypes',
      'src/core/lang/runtime/attributes.ts -> src/core/lang/torch/tensor-methods',
      'src/core/lang/runtime/attributes.ts -> src/core/lang/torch/unsupported',
      'src/core/lang/runtime/builtins.ts -> src/core/lang/torch/tensor-extras',
      'src/core/lang/runtime/evaluator.ts -> src/core/lang/torch/functional-module',
      'src/core/lang/runtime/evaluator.ts -> src/core/lang/torch/torch-module'
    ]
    const up = lang('runtime').filter((i) => into(i, 'torch')).map((i) => `${relative(ROOT, i.file)} -> ${target(i)}`)
    expect([...new Set(up)].sort()).toEqual(handOffs)
  })

  it('lang/ keeps its code in its three layers (syntax/, runtime/, torch/), nothing loose beside them', () => {
    const loose = sourceFiles(join(ROOT, 'src', 'core', 'lang')).map((f) => relative(ROOT, f)).filter((f) => !/^src\/core\/lang\/(syntax|runtime|torch)\//.test(f))
    expect(loose).toEqual([])
  })

  it('the page imports the core only as types, outside its workers (the core runs in a Web Worker)', () => {
    const page = sourceFiles(join(ROOT, 'src', 'renderer', 'src')).filter((f) => !relative(ROOT, f).startsWith('src/renderer/src/worker/'))
    const allowed = [
      // pure data and text helpers the page needs before any worker answers (no interpreter, no tensors)
      'src/core/api',
      'src/core/grader/exercise-sections',
      'src/core/lesson/file',
      'src/core/exercise/exercises',
      // the class report, its CSV and colours, and the rows of ungraded files: data built from the worker's answers
      'src/core/grade/report',
      'src/core/grade/render',
      'src/core/grade/html',
      'src/core/grade/rows'
    ]
    const bad = page
      .flatMap(importsOf)
      .filter((i) => !i.typeOnly && target(i).startsWith('src/core/') && !allowed.includes(target(i)))
    expect(bad.map(where)).toEqual([])
  })
})

/** The file a relative import names: `x.ts`, `x/index.ts`, or the path itself when it carries its extension. */
function resolveFile(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  return null
}

/** Each file's relative imports (those `include` keeps), as the files they resolve to, keyed and listed by path from the root. */
function importGraph(files: string[], include: (i: Import) => boolean): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const f of files) {
    const to = importsOf(f).filter((i) => i.spec.startsWith('.') && include(i)).map((i) => resolveFile(f, i.spec))
    graph.set(relative(ROOT, f), [...new Set(to.filter((t): t is string => t !== null).map((t) => relative(ROOT, t)))])
  }
  return graph
}

/** The cycles of a graph: each strongly connected component of more than one node, or a node importing itself (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string): void => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    for (;;) {
      const w = stack.pop()!
      onStack.delete(w)
      component.push(w)
      if (w === v) break
    }
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort())
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return found
}

describe('import cycles', () => {
  it('the core has none (relative imports; type-only ones are left out, as TypeScript erases them)', () => {
    const graph = importGraph(sourceFiles(join(ROOT, 'src', 'core')), (i) => !i.typeOnly)
    expect(graph.size).toBeGreaterThan(100)
    expect(cycles(graph)).toEqual([])
  })

  it('the cycle finder lists each cycle, a file importing itself too, and nothing that only leads into one', () => {
    const graph = new Map([
      ['reduce.ts', ['views.ts', 'shape.ts']],
      ['views.ts', ['grad.ts']],
      ['grad.ts', ['reduce.ts']],
      ['shape.ts', []],
      ['self.ts', ['self.ts']],
      ['user.ts', ['reduce.ts']]
    ])
    expect(cycles(graph)).toEqual([['grad.ts', 'reduce.ts', 'views.ts'], ['self.ts']])
  })
})

describe("the editor's completions", () => {
  it('offers only torch members the interpreter has', () => {
    const interp = new Interpreter()
    const torch = interp.module('torch')!
    const missing = TORCH_MEMBERS.filter((m) => !torch.attrs.has(m.name)).map((m) => m.name)
    expect(missing).toEqual([])
    expect(TORCH_MEMBERS.length).toBeGreaterThan(10)
  })
})

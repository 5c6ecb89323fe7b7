// Learner code is parsed and walked by our interpreter, never turned into JavaScript. This reads the engine, main
// process and preload with TypeScript's parser and fails on any way of running a string as code: eval,
// Function, or a string handed to setTimeout/setInterval. (The CSP also forbids these in the app at run time.)

import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const FOLDERS = ['src/core', 'src/main', 'src/preload']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

const GLOBALS = new Set(['globalThis', 'window', 'self', 'global'])

/** `eval`, `Function`, or either read off a global object (`globalThis.eval`, `window['Function']`). */
function dynamicCodeName(callee: ts.Expression): string | null {
  if (ts.isIdentifier(callee) && (callee.text === 'eval' || callee.text === 'Function')) return callee.text
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && GLOBALS.has(callee.expression.text)) {
    return ['eval', 'Function'].includes(callee.name.text) ? `${callee.expression.text}.${callee.name.text}` : null
  }
  if (ts.isElementAccessExpression(callee) && ts.isIdentifier(callee.expression) && GLOBALS.has(callee.expression.text)) {
    const key = callee.argumentExpression
    return ts.isStringLiteral(key) && ['eval', 'Function'].includes(key.text) ? `${callee.expression.text}[${key.text}]` : null
  }
  return null
}

/** Every place in `text` (the source of `name`) that runs a string as code, as "name:line what". */
function dynamicCode(name: string, text: string): string[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const report = (node: ts.Node, what: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
    found.push(`${name}:${line} ${what}`)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = dynamicCodeName(node.expression)
      if (name !== null) report(node, name)
      const timer = ts.isIdentifier(node.expression) && ['setTimeout', 'setInterval'].includes(node.expression.text)
      const first = node.arguments?.[0]
      const text = first !== undefined && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first))
      if (timer && text) report(node, `${(node.expression as ts.Identifier).text} with a string`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('no string is ever run as code', () => {
  it.each(FOLDERS)('%s has no eval, Function or string timers', (folder) => {
    const files = sourceFiles(join(ROOT, folder))
    expect(files.length).toBeGreaterThan(0)
    expect(files.flatMap((file) => dynamicCode(relative(ROOT, file), readFileSync(file, 'utf8')))).toStrictEqual([])
  })

  it.each([
    ["eval('1')", 1],
    ["new Function('return 1')", 1],
    ["globalThis['eval']('1')", 1],
    ['window.Function("x")', 1],
    ["setTimeout('alert(1)', 0)", 1],
    ['setTimeout(() => 1, 0)', 0],
    // The interpreter's own method called eval is not JavaScript's eval.
    ['class E { eval(e: number) { return this.eval(e) } }', 0]
  ] as const)('finds %s %i time(s)', (code, count) => {
    expect(dynamicCode('probe.ts', code)).toHaveLength(count)
  })
})

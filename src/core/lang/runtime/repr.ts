// repr() and str() of every value, as Python and PyTorch print them.

import { Tensor } from '../../tensor'
import { pyFloatRepr } from './float-format'
import { PyClass, PyGenerator, PyGradFn } from './objects'
import { tensorRepr } from './tensor-repr'
import { intToDecimal } from './runtime'
import {
  ELLIPSIS,
  PyBuiltin,
  PyContextManager,
  PyDict,
  PySet,
  PyDType,
  PyFunction,
  PyList,
  PyModule,
  PyRange,
  PySlice,
  PyTuple,
  type PyValue
} from './values'

/** Python's repr of a str: single quotes unless the text holds a ' and no ". */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + quote
}

function builtinRepr(f: PyBuiltin): string {
  if (f instanceof PyClass) return `<class '${f.qualName}'>`
  const dot = f.name.lastIndexOf('.')
  if (dot < 0) return `<built-in function ${f.name}>`
  return `<built-in method ${f.name.slice(dot + 1)} of ${f.name.slice(0, dot)} object>`
}

function reprIn(v: PyValue, seen: Set<object>): string {
  if (v === null) return 'None'
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False'
    case 'bigint':
      return intToDecimal(v)
    case 'number':
      return pyFloatRepr(v)
    case 'string':
      return strRepr(v)
  }
  if (v instanceof Tensor) return tensorRepr(v)
  if (v instanceof PyList || v instanceof PyTuple || v instanceof PyDict) {
    if (seen.has(v)) return v instanceof PyList ? '[...]' : v instanceof PyDict ? '{...}' : '(...)'
    seen.add(v)
    try {
      return containerRepr(v, seen)
    } finally {
      seen.delete(v)
    }
  }
  if (v instanceof PyRange) return v.step === 1n ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`
  if (v instanceof PySlice) return `slice(${reprIn(v.start, seen)}, ${reprIn(v.stop, seen)}, ${reprIn(v.step, seen)})`
  if (v === ELLIPSIS) return 'Ellipsis'
  if (v instanceof PyDType) return `torch.${v.dtype}`
  if (v instanceof PyBuiltin) return builtinRepr(v)
  if (v instanceof PyGenerator) return '<torch._C.Generator object>'
  if (v instanceof PyGradFn) return `<${v.name} object>`
  if (v instanceof PyModule) return `<module '${v.name}'>`
  if (v instanceof PyFunction) return `<function ${v.name}>`
  if (v instanceof PyContextManager) return `<${v.name} object>`
  return '<object>'
}

function containerRepr(v: PyList | PyTuple | PyDict, seen: Set<object>): string {
  if (v instanceof PySet) return v.entries.size === 0 ? 'set()' : `{${[...v.entries.values()].map(([k]) => reprIn(k, seen)).join(', ')}}`
  if (v instanceof PyDict) {
    const parts = [...v.entries.values()].map(([k, x]) => `${reprIn(k, seen)}: ${reprIn(x, seen)}`)
    return `{${parts.join(', ')}}`
  }
  const items = v.items.map((x) => reprIn(x, seen))
  if (v instanceof PyList) return `[${items.join(', ')}]`
  if (v.kind === 'size') return `torch.Size([${items.join(', ')}])`
  if (v.fields !== null) {
    const fields = v.fields.map((f, i) => `${f}=${items[i]}`)
    return `${v.typeName}(\n${fields.join(',\n')})`
  }
  if (v.typeName !== 'tuple') return `<${v.typeName} object>`
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`
}

/** Python's repr(v). */
export function repr(v: PyValue): string {
  return reprIn(v, new Set())
}

/** Python's str(v): a str is itself, everything else its repr. */
export function str(v: PyValue): string {
  return typeof v === 'string' ? v : repr(v)
}

// Binding a call's arguments to a signature with Python's TypeError messages, and converting each argument to
// what an op needs with PyTorch's messages (`tanh(): argument 'input' (position 1) must be Tensor, not float`).

import type { DType, Scalar } from '../../tensor'
import { isIntegral, Tensor } from '../../tensor'
import { closestName } from './suggest'
import { PyDType, PyList, PyTuple, pyError, typeName, type Kwargs, type PyValue } from './values'

/** One parameter as written in a spec: `'input'`, `'dim=None'`, `'keepdim=False'`, `'*'`, `'*sizes'`. */
export type ParamSpec = string

interface Param {
  readonly name: string
  readonly required: boolean
  readonly fallback: PyValue
  readonly keywordOnly: boolean
}

/** A parsed signature; `numpyNames` lets `keepdims=` and `axis=` stand for `keepdim=` and `dim=` as in torch. */
export interface Signature {
  readonly params: readonly Param[]
  /** index of the `*name` parameter collecting extra positionals, or -1 */
  readonly varargs: number
  readonly positional: number
  readonly numpyNames: boolean
}

const NUMPY_NAMES: ReadonlyMap<string, string> = new Map([
  ['keepdims', 'keepdim'],
  ['axis', 'dim']
])

const parsed = new WeakMap<readonly ParamSpec[], Signature>()

function parseDefault(text: string): PyValue {
  if (text === 'None') return null
  if (text === 'True') return true
  if (text === 'False') return false
  if (text === '()') return new PyTuple([])
  if (/^-?\d+$/.test(text)) return BigInt(text)
  if (/^'.*'$/su.test(text)) return text.slice(1, -1)
  const x = Number(text)
  if (Number.isNaN(x)) throw new Error(`bad default in signature: ${text}`)
  return x
}

/** Parses a spec list once (cached by the array's identity). */
export function signature(specs: readonly ParamSpec[], numpyNames = false): Signature {
  const cached = parsed.get(specs)
  if (cached !== undefined && cached.numpyNames === numpyNames) return cached
  const params: Param[] = []
  let keywordOnly = false
  let varargs = -1
  for (const spec of specs) {
    if (spec === '*') {
      keywordOnly = true
      continue
    }
    if (spec.startsWith('*')) {
      varargs = params.length
      params.push({ name: spec.slice(1), required: false, fallback: null, keywordOnly: false })
      keywordOnly = true
      continue
    }
    const eq = spec.indexOf('=')
    const name = eq < 0 ? spec : spec.slice(0, eq)
    params.push({ name, required: eq < 0, fallback: eq < 0 ? null : parseDefault(spec.slice(eq + 1)), keywordOnly })
  }
  const positional = varargs >= 0 ? varargs : params.filter((p) => !p.keywordOnly).length
  const sig = { params, varargs, positional, numpyNames }
  parsed.set(specs, sig)
  return sig
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** 'a', 'a' and 'b', 'a', 'b', and 'c': how CPython lists missing arguments. */
function quotedList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`)
  if (q.length === 1) return q[0]
  if (q.length === 2) return `${q[0]} and ${q[1]}`
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`
}

/** The arguments of one call, in parameter order, remembering which were given by position (for messages). */
export class Bound {
  constructor(
    readonly fnName: string,
    readonly names: readonly string[],
    readonly values: PyValue[],
    /** 1-based position of each argument given positionally, else null */
    readonly positions: readonly (number | null)[],
    readonly given: readonly boolean[]
  ) {}

  /** The raw value of parameter i. */
  get(i: number): PyValue {
    return this.values[i]
  }

  /** Whether the caller passed parameter i (by position or keyword). */
  has(i: number): boolean {
    return this.given[i]
  }

  private where(i: number): ArgPlace {
    return { fnName: this.fnName, argName: this.names[i], position: this.positions[i] }
  }

  tensor(i: number): Tensor {
    return toTensor(this.values[i], this.where(i))
  }
  int(i: number): number {
    return toInt(this.values[i], this.where(i))
  }
  optInt(i: number): number | null {
    return this.values[i] === null ? null : this.int(i)
  }
  float(i: number): number {
    return toFloat(this.values[i], this.where(i))
  }
  optFloat(i: number): number | null {
    return this.values[i] === null ? null : this.float(i)
  }
  bool(i: number): boolean {
    return toBool(this.values[i], this.where(i))
  }
  dims(i: number): number | number[] | null {
    return toDims(this.values[i], this.where(i))
  }
  dtype(i: number): DType | null {
    return toDType(this.values[i], this.where(i))
  }
  operand(i: number): Tensor | Scalar {
    return toOperand(this.values[i], this.where(i))
  }
  str(i: number): string {
    const v = this.values[i]
    if (typeof v !== 'string') throw mismatch(v, 'str', this.where(i))
    return v
  }
  /** A `*sizes` parameter (or a single tuple/list in it) as a shape. */
  shape(i: number): number[] {
    const v = this.values[i]
    return toShape(v instanceof PyTuple ? [...v.items] : [v], this.where(i))
  }
}

/** Binds positional and keyword arguments to `specs` as CPython would, raising its TypeErrors. */
export function bind(
  fnName: string,
  specs: readonly ParamSpec[] | Signature,
  args: readonly PyValue[],
  kwargs: Kwargs,
  options: { self?: PyValue; numpyNames?: boolean } = {}
): Bound {
  const sig = Array.isArray(specs) ? signature(specs as readonly ParamSpec[], options.numpyNames) : (specs as Signature)
  const { params } = sig
  const hasSelf = 'self' in options
  const first = hasSelf ? 1 : 0
  const values: PyValue[] = params.map((p) => p.fallback)
  const given = params.map(() => false)
  const positions: (number | null)[] = params.map(() => null)
  if (hasSelf) {
    values[0] = options.self ?? null
    given[0] = true
  }
  const slots = sig.positional - first
  const extra: PyValue[] = []
  args.forEach((arg, k) => {
    const i = first + k
    if (k < slots) {
      values[i] = arg
      given[i] = true
      positions[i] = k + 1
    } else if (sig.varargs >= 0) extra.push(arg)
  })
  if (sig.varargs >= 0) {
    values[sig.varargs] = new PyTuple(extra)
    given[sig.varargs] = extra.length > 0
  } else if (args.length > slots) {
    const required = params.slice(first, first + slots).filter((p) => p.required).length
    const takes = required === slots ? plural(slots, 'positional argument') : `from ${required} to ${slots} positional arguments`
    throw pyError('TypeError', `${fnName}() takes ${takes} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`)
  }
  for (const [key, value] of kwargs) {
    let i = params.findIndex((p, j) => p.name === key && j !== sig.varargs && j >= first)
    if (i < 0 && sig.numpyNames && NUMPY_NAMES.has(key)) {
      const alias = NUMPY_NAMES.get(key)
      i = params.findIndex((p, j) => p.name === alias && j !== sig.varargs && j >= first)
    }
    if (i < 0) {
      const names = params.filter((_, j) => j !== sig.varargs && j >= first).map((p) => p.name)
      const hint = closestName(key, names)
      throw pyError(
        'TypeError',
        `${fnName}() got an unexpected keyword argument '${key}'${hint === null ? '' : `. Did you mean '${hint}'?`}`
      )
    }
    if (given[i]) throw pyError('TypeError', `${fnName}() got multiple values for argument '${params[i].name}'`)
    values[i] = value
    given[i] = true
  }
  const missing = params.filter((p, i) => p.required && !given[i])
  const missingPositional = missing.filter((p) => !p.keywordOnly).map((p) => p.name)
  if (missingPositional.length > 0)
    throw pyError(
      'TypeError',
      `${fnName}() missing ${plural(missingPositional.length, 'required positional argument')}: ${quotedList(missingPositional)}`
    )
  const missingKeyword = missing.map((p) => p.name)
  if (missingKeyword.length > 0)
    throw pyError(
      'TypeError',
      `${fnName}() missing ${plural(missingKeyword.length, 'required keyword-only argument')}: ${quotedList(missingKeyword)}`
    )
  return new Bound(fnName, params.map((p) => p.name), values, positions, given)
}

/** The arguments bound to `params`, in parameter order (a `*name` parameter becomes a tuple). */
export function bindArgs(fnName: string, params: readonly ParamSpec[], args: readonly PyValue[], kwargs: Kwargs): PyValue[] {
  return bind(fnName, params, args, kwargs).values
}

// *** converters ***

/** Where an argument sits, for messages: `tanh(): argument 'input' (position 1)`. */
export interface ArgPlace {
  readonly fnName: string
  readonly argName: string
  readonly position?: number | null
}

function place(where: ArgPlace | string, fnName?: string): ArgPlace {
  return typeof where === 'string' ? { fnName: fnName ?? '', argName: where } : where
}

function mismatch(v: PyValue, expected: string, where: ArgPlace): Error {
  const pos = where.position == null ? '' : ` (position ${where.position})`
  return pyError('TypeError', `${where.fnName}(): argument '${where.argName}'${pos} must be ${expected}, not ${typeName(v)}`)
}

/** A 0-dim integer tensor's value, which PyTorch accepts wherever it wants an int. */
function intTensorValue(v: PyValue): number | null {
  return v instanceof Tensor && v.ndim === 0 && isIntegral(v.dtype) ? v.item() : null
}

/** An int argument: a Python int or a 0-dim int64 tensor (PyTorch refuses bools and floats here). */
export function toInt(v: PyValue, where: ArgPlace | string, fnName?: string): number {
  if (typeof v === 'bigint') {
    const n = Number(v)
    if (!Number.isSafeInteger(n)) throw pyError('RuntimeError', `Overflow when unpacking long`)
    return n
  }
  const t = intTensorValue(v)
  if (t !== null) return t
  throw mismatch(v, 'int', place(where, fnName))
}

/** A float argument: int, float, bool or a one-element tensor. */
export function toFloat(v: PyValue, where: ArgPlace | string, fnName?: string): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (v instanceof Tensor && v.numel === 1) return v.item()
  throw mismatch(v, 'float', place(where, fnName))
}

/** A bool argument: only True or False, as PyTorch insists. */
export function toBool(v: PyValue, where: ArgPlace | string, fnName?: string): boolean {
  if (typeof v === 'boolean') return v
  throw mismatch(v, 'bool', place(where, fnName))
}

/** dim arguments: None, an int, or a tuple/list of ints. */
export function toDims(v: PyValue, where: ArgPlace | string, fnName?: string): number | number[] | null {
  if (v === null) return null
  if (typeof v === 'bigint') return toInt(v, where, fnName)
  if (v instanceof PyTuple || v instanceof PyList) {
    return v.items.map((item) => {
      if (typeof item !== 'bigint') throw mismatch(v, 'tuple of ints', place(where, fnName))
      return toInt(item, where, fnName)
    })
  }
  throw mismatch(v, 'tuple of ints', place(where, fnName))
}

/**
 * Sizes given as varargs (`zeros(32, 27)`, `view(*emb.shape)`) or as one tuple/list/torch.Size (`zeros((32, 27))`).
 * Elements may be ints or 0-dim int tensors.
 */
export function toShape(args: readonly PyValue[], where: ArgPlace | string = 'size', fnName?: string): number[] {
  const at = place(where, fnName)
  const whole = args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList)
  const items = whole ? (args[0] as PyTuple | PyList).items : args
  return items.map((item, k) => {
    if (typeof item === 'bigint') return toInt(item, at)
    const t = intTensorValue(item)
    if (t !== null) return t
    if (!whole && k === 0) throw mismatch(item, 'tuple of ints', { ...at, position: at.position ?? 1 })
    throw pyError(
      'TypeError',
      `${at.fnName}(): argument '${at.argName}' must be tuple of ints, but found element of type ${typeName(item)} at pos ${k + 1}`
    )
  })
}

/** A Tensor argument. */
export function toTensor(v: PyValue, where: ArgPlace | string, fnName?: string): Tensor {
  if (v instanceof Tensor) return v
  throw mismatch(v, 'Tensor', place(where, fnName))
}

/** A tensor or a Python number, as engine ops take them (int stays bigint so int64 tensors stay int64). */
export function toOperand(v: PyValue, where: ArgPlace | string, fnName?: string): Tensor | Scalar {
  if (v instanceof Tensor || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v
  throw mismatch(v, 'Tensor', place(where, fnName))
}

/** A dtype argument: a torch dtype or None. */
export function toDType(v: PyValue, where: ArgPlace | string, fnName?: string): DType | null {
  if (v === null) return null
  if (v instanceof PyDType) return v.dtype
  throw mismatch(v, 'torch.dtype', place(where, fnName))
}

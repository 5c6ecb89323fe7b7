// The interpreter's Python values. int is bigint and float is number, so `1` and `1.0` stay distinct as in Python;
// None is null; tensors are the engine's Tensor objects, shared by reference (aliasing works as in Python).

import type { DType } from '../../tensor/dtype'
import { Tensor } from '../../tensor/tensor'

/** A Python exception raised at run time; the evaluator attaches the line and column of the expression. */
export class PyException extends Error {
  constructor(
    readonly pyType: string,
    message: string
  ) {
    super(message)
    this.name = pyType
  }
}

export function pyError(pyType: string, message: string): PyException {
  return new PyException(pyType, message)
}

export class PyList {
  constructor(public items: PyValue[]) {}
}

/** A tuple; `size` marks torch.Size, `fields` a named tuple (torch.return_types.max: values, indices). */
export class PyTuple {
  constructor(
    readonly items: readonly PyValue[],
    readonly kind: 'tuple' | 'size' | 'return_types' = 'tuple',
    readonly fields: readonly string[] | null = null,
    readonly typeName = 'tuple'
  ) {}
}

export class PyRange {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint
  ) {}

  get length(): bigint {
    const { start, stop, step } = this
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n
    return start > stop ? (start - stop - step - 1n) / -step : 0n
  }

  at(i: bigint): bigint {
    return this.start + i * this.step
  }
}

export class PySlice {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue
  ) {}
}

export class PyDict {
  /** keys are Python values made hashable by `dictKey` */
  readonly entries = new Map<string, [PyValue, PyValue]>()
}

/**
 * A set: a dict whose values are its keys, so that hashing, `in`, len() and iteration are the dict's. It iterates in
 * insertion order (CPython's order for str depends on a per-process hash seed; sorted(set(...)) agrees everywhere).
 */
export class PySet extends PyDict {}

/** The `...` singleton. */
export const ELLIPSIS = Object.freeze({ ellipsis: true as const })
export type PyEllipsis = typeof ELLIPSIS

/** A torch dtype object (torch.float32, torch.long, ...). */
export class PyDType {
  constructor(readonly dtype: DType) {}
}

export type Kwargs = ReadonlyMap<string, PyValue>

/** A function implemented by the interpreter (builtins, torch functions, bound tensor methods). */
export class PyBuiltin {
  constructor(
    readonly name: string,
    readonly fn: (args: PyValue[], kwargs: Kwargs) => PyValue
  ) {}
}

/** A module object: torch, torch.nn.functional, math. Attributes in a Map (never a plain object). */
export class PyModule {
  constructor(
    readonly name: string,
    readonly attrs: Map<string, PyValue>
  ) {}
}

/** A function defined by the learner with `def`; the evaluator knows how to call it. */
export class PyFunction {
  constructor(
    readonly name: string,
    readonly decl: unknown,
    readonly closure: unknown
  ) {}
}

/** A context manager object such as torch.no_grad(). */
export class PyContextManager {
  constructor(
    readonly name: string,
    readonly enter: () => void,
    readonly exit: () => void
  ) {}
}

export type PyValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Tensor
  | PyList
  | PyTuple
  | PyRange
  | PySlice
  | PyDict
  | PyEllipsis
  | PyDType
  | PyBuiltin
  | PyModule
  | PyFunction
  | PyContextManager

/** Python's type name of a value, as error messages print it. */
export function typeName(v: PyValue): string {
  if (v === null) return 'NoneType'
  switch (typeof v) {
    case 'boolean':
      return 'bool'
    case 'bigint':
      return 'int'
    case 'number':
      return 'float'
    case 'string':
      return 'str'
  }
  if (v instanceof Tensor) return 'Tensor'
  if (v instanceof PyList) return 'list'
  if (v instanceof PyTuple) return v.kind === 'size' ? 'torch.Size' : v.typeName
  if (v instanceof PyRange) return 'range'
  if (v instanceof PySlice) return 'slice'
  if (v instanceof PySet) return 'set'
  if (v instanceof PyDict) return 'dict'
  if (v instanceof PyDType) return 'torch.dtype'
  if (v instanceof PyBuiltin) return 'builtin_function_or_method'
  if (v instanceof PyModule) return 'module'
  if (v instanceof PyFunction) return 'function'
  if (v instanceof PyContextManager) return v.name
  if (v === ELLIPSIS) return 'ellipsis'
  return 'object'
}

export function isTensor(v: PyValue): v is Tensor {
  return v instanceof Tensor
}

/** Python truthiness; tensors follow PyTorch (only one-element tensors have a truth value). */
export function truthy(v: PyValue): boolean {
  if (v === null) return false
  switch (typeof v) {
    case 'boolean':
      return v
    case 'bigint':
      return v !== 0n
    case 'number':
      return v !== 0
    case 'string':
      return v.length > 0
  }
  if (v instanceof Tensor) {
    if (v.numel !== 1)
      throw pyError('RuntimeError', `Boolean value of Tensor with more than one value is ambiguous`)
    return v.item(true) !== 0
  }
  if (v instanceof PyList) return v.items.length > 0
  if (v instanceof PyTuple) return v.items.length > 0
  if (v instanceof PyRange) return v.length > 0n
  if (v instanceof PyDict) return v.entries.size > 0
  return true
}

/**
 * A real number's value, as float() and math take it: int, float, bool, or a one-element tensor (through
 * __float__, which raises ValueError for more elements, as PyTorch does); null for anything else.
 */
export function realValue(v: PyValue): number | null {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'bigint') {
    const x = Number(v)
    if (!Number.isFinite(x)) throw pyError('OverflowError', 'int too large to convert to float')
    return x
  }
  if (v instanceof Tensor) {
    if (v.numel !== 1) throw pyError('ValueError', 'only one element tensors can be converted to Python scalars')
    return v.item()
  }
  return null
}

// Small helpers so binding tests read like the Python they stand for.

import { readFileSync } from 'node:fs'
import { getAttribute } from '../../../src/core/lang/runtime/attributes'
import { makeBuiltins } from '../../../src/core/lang/runtime/builtins'
import { makeRuntimeContext, type RuntimeContext } from '../../../src/core/lang/runtime/runtime'
import { makeTorchModule } from '../../../src/core/lang/torch/torch-module'
import { PyBuiltin, PyException, PyList, PyTuple, type PyValue } from '../../../src/core/lang/runtime/values'
import * as T from '../../../src/core/tensor'

export type Kw = Record<string, PyValue>

/** Calls a Python callable with positional args and keyword args given as an object. */
export function call(f: PyValue, args: PyValue[] = [], kwargs: Kw = {}): PyValue {
  if (!(f instanceof PyBuiltin)) throw new Error(`not callable: ${String(f)}`)
  return f.fn(args, new Map(Object.entries(kwargs)))
}

/** obj.name(*args, **kwargs) */
export function callMethod(obj: PyValue, name: string, args: PyValue[] = [], kwargs: Kw = {}): PyValue {
  return call(getAttribute(obj, name), args, kwargs)
}

/** The exception `run` raises, as `Type: message`. */
export function raised(run: () => unknown): string {
  try {
    run()
  } catch (e) {
    if (e instanceof PyException || e instanceof T.TensorError) return `${e.pyType}: ${e.message}`
    throw e
  }
  throw new Error('expected an exception')
}

export const list = (...items: PyValue[]) => new PyList(items)
export const tuple = (...items: PyValue[]) => new PyTuple(items)

/** A float32 tensor from nested JS numbers (as torch.tensor([...]) would make). */
export function floats(data: T.NestedData): T.Tensor {
  return T.tensorFrom(data, 'float32')
}

/** An int64 tensor from nested JS numbers. */
export function longs(data: T.NestedData): T.Tensor {
  return T.tensorFrom(data, 'int64')
}

/** A fresh torch module, its builtins and a context whose prints are collected in `printed`. */
export function fresh(): { ctx: RuntimeContext; torch: ReturnType<typeof makeTorchModule>; builtins: Map<string, PyValue>; printed: string[] } {
  const printed: string[] = []
  const ctx = makeRuntimeContext({ print: (text) => printed.push(text), maxElements: 1_000_000 })
  return { ctx, torch: makeTorchModule(ctx), builtins: makeBuiltins(ctx), printed }
}

/** The reference data written by fixtures/make_torch_cases.py with real PyTorch. */
export const torchCases = JSON.parse(readFileSync(new URL('./fixtures/torch-cases.json', import.meta.url), 'utf8'))

/** The same formulas as make_torch_cases.py, in double, for building the tensors it printed. */
export function formula(name: string, i: number): number {
  switch (name) {
    case 'int':
      return i
    case 'mix':
      return (((i * 37) % 101) - 50) / 7
    case 'wave':
      return (i - 15) / 7
    case 'tiny':
      return ((i % 13) - 6) * 1e-6
    case 'big':
      return ((i % 7) + 1) * 1e7
  }
  throw new Error(name)
}

/** A tensor of `shape` filled by `formula(name, i)`, rounded to dtype. */
export function made(name: string, shape: number[], dtype: T.DType = 'float32'): T.Tensor {
  const n = shape.reduce((p, s) => p * s, 1)
  return T.Tensor.fromValues(Array.from({ length: n }, (_, i) => formula(name, i)), shape, dtype)
}

/** nan/inf written as strings in the fixture, back to numbers. */
export function unplain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(unplain)
  if (x === 'nan') return NaN
  if (x === 'inf') return Infinity
  if (x === '-inf') return -Infinity
  return x
}

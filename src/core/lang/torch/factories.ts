// Tensor factories: torch.tensor, zeros/ones/full/empty (and *_like), arange, linspace, eye, randn/rand/randint.

import * as T from '../../tensor'
import { Tensor } from '../../tensor'
import type { Generator } from '../../random'
import { checkScalarFits, int64Exact, int64Number, int64RangeError, scalarValue } from '../../tensor/dtype'
import { bind, toFloat, toShape, type Bound } from '../runtime/args'
import { PyGenerator } from '../runtime/objects'
import { toNested } from '../runtime/operators'
import type { RuntimeContext } from '../runtime/runtime'
import { PyBuiltin, PyTuple, pyError, typeName, type Kwargs, type PyValue } from '../runtime/values'
import { pyFloatRepr } from '../runtime/float-format'

/** Keyword arguments every factory accepts after its own. */
const COMMON = ['out=None', 'dtype=None', 'layout=None', 'device=None', 'pin_memory=False', 'requires_grad=False']
const SIZED = ['*size', ...COMMON]
const LIKE = ['input', '*', 'dtype=None', 'layout=None', 'device=None', 'requires_grad=False', 'memory_format=None']
const RANDOM = ['*size', 'generator=None', ...COMMON]

/** Applies `requires_grad=True`, which PyTorch allows on float tensors only. */
function finish(t: Tensor, requiresGrad: boolean): Tensor {
  if (requiresGrad) {
    if (t.dtype !== 'float32')
      throw pyError('RuntimeError', 'Only Tensors of floating point and complex dtype can require gradients')
    t.requiresGrad = true
  }
  return t
}

function sizeOf(b: Bound, fnName: string): number[] {
  const items = (b.get(0) as PyTuple).items
  if (items.length === 0) throw pyError('TypeError', `${fnName}() missing 1 required positional argument: 'size'`)
  return toShape(items, { fnName, argName: 'size' })
}

/** The dtype torch.full infers from its fill value: bool, int64 or float32. */
function valueDType(v: T.Scalar | Tensor): T.DType {
  if (v instanceof Tensor) return v.dtype
  return typeof v === 'boolean' ? 'bool' : typeof v === 'bigint' ? 'int64' : 'float32'
}

function scalarNumber(v: T.Scalar | Tensor): number {
  return v instanceof Tensor ? v.item() : scalarValue(v)
}

/** An int fill value or bound for an int64 tensor, refused past ±2^53 where it would round. */
function exactInt(v: PyValue, dtype: T.DType): void {
  if (typeof v === 'bigint' && dtype === 'int64' && !int64Exact(int64Number(v))) throw int64RangeError(String(v))
}

/** A fill value for torch.full: an int32, int16 or int8 one must fit ("value cannot be converted to type int ..."). */
function fillValue(v: PyValue, dtype: T.DType): void {
  exactInt(v, dtype)
  if (typeof v === 'bigint') checkScalarFits(v, dtype)
}

/** torch.tensor(data): nested lists of numbers, bools or one-element tensors; empty data is float32. */
export function tensorFromData(data: PyValue, dtype: T.DType | null): Tensor {
  if (typeof data === 'string') throw pyError('TypeError', `new(): invalid data type '${typeName(data)}'`)
  const nested = toNested(data)
  const t = T.tensorFrom(nested, dtype ?? undefined)
  if (dtype === null && t.numel === 0 && t.dtype !== 'float32') return T.zeros(t.shape, 'float32')
  return dtype === null || t.dtype === dtype ? t : T.toDType(t, dtype)
}

function randomGenerator(b: Bound, i: number, ctx: RuntimeContext): Generator {
  const g = b.get(i)
  if (g === null) return ctx.generator
  if (g instanceof PyGenerator) return g.generator
  throw pyError('TypeError', `${b.fnName}(): argument 'generator' must be torch.Generator, not ${typeName(g)}`)
}

/** A float32 tensor from a random stream; other dtypes are refused as PyTorch's kernels refuse them. */
function randomFloat(shape: number[], dtype: T.DType | null, kernel: string, draw: (n: number) => Float32Array): Tensor {
  if (dtype !== null && dtype !== 'float32')
    throw pyError('RuntimeError', `"${kernel}" not implemented for '${T.scalarTypeName(dtype)}'`)
  T.checkSize(shape)
  return Tensor.fromStorage(draw(T.numel(shape)), shape, 'float32')
}

function randint(low: number, high: number, shape: number[], gen: Generator, dtype: T.DType | null): Tensor {
  if (low >= high)
    throw pyError('RuntimeError', `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`)
  T.checkSize(shape)
  const t = Tensor.fromStorage(gen.randint(low, high, T.numel(shape)), shape, 'int64')
  return dtype === null || dtype === 'int64' ? t : T.toDType(t, dtype)
}

/**
 * float32 linspace as PyTorch's AVX2 CPU kernel computes it: values before the middle count up from start, the rest
 * down from end (each a fused multiply-add, rounded once); whole blocks of 16 are written as vectors of 8 lanes,
 * each lane its vector's first value plus a rounded multiple of the step.
 */
function linspace(start: number, end: number, steps: number): Tensor {
  if (steps < 0) throw pyError('RuntimeError', 'number of steps must be non-negative')
  T.checkSize([steps])
  const f = Math.fround
  const out = Tensor.zeros([steps], 'float32')
  const s = f(start)
  const e = f(end)
  if (steps === 1) out.storage[0] = s
  if (steps <= 1) return out
  const step = f((e - s) / (steps - 1))
  const half = Math.floor(steps / 2)
  const at = (i: number) => (i < half ? f(s + step * i) : f(e - step * (steps - i - 1)))
  const vectorEnd = Math.floor(steps / 16) * 16
  for (let i = 0; i < steps; i++) out.storage[i] = i < vectorEnd ? f(at(i - (i % 8)) + f(step * (i % 8))) : at(i)
  return out
}

/** The factory functions of the torch module, by name. */
export function makeFactories(ctx: RuntimeContext): Map<string, PyValue> {
  const out = new Map<string, PyValue>()
  const add = (name: string, specs: readonly string[], run: (b: Bound) => PyValue) =>
    out.set(name, new PyBuiltin(name, (args: PyValue[], kwargs: Kwargs) => run(bind(name, specs, args, kwargs))))

  add('tensor', ['data', '*', 'dtype=None', 'device=None', 'requires_grad=False', 'pin_memory=False'], (b) =>
    finish(tensorFromData(b.get(0), b.dtype(1)), b.bool(3))
  )
  add('as_tensor', ['data', 'dtype=None', 'device=None'], (b) => {
    const d = b.get(0)
    const dtype = b.dtype(1)
    if (d instanceof Tensor) return dtype === null || dtype === d.dtype ? d : T.toDType(d, dtype)
    return tensorFromData(d, dtype)
  })
  for (const [name, value] of [
    ['zeros', 0],
    ['ones', 1],
    ['empty', 0]
  ] as const) {
    add(name, SIZED, (b) => finish(T.full(sizeOf(b, name), value, b.dtype(2) ?? 'float32'), b.bool(6)))
    add(`${name}_like`, LIKE, (b) => {
      const t = b.tensor(0)
      return finish(T.full(t.shape, value, b.dtype(1) ?? t.dtype), b.bool(4))
    })
  }
  add('full', ['size', 'fill_value', '*', ...COMMON], (b) => {
    const v = b.operand(1)
    const shape = b.shape(0)
    const dtype = b.dtype(3) ?? valueDType(v)
    fillValue(v, dtype)
    return finish(T.full(shape, scalarNumber(v), dtype), b.bool(7))
  })
  add('full_like', ['input', 'fill_value', '*', 'dtype=None', 'layout=None', 'device=None', 'requires_grad=False', 'memory_format=None'], (b) => {
    const t = b.tensor(0)
    const dtype = b.dtype(2) ?? t.dtype
    fillValue(b.operand(1), dtype)
    return finish(T.full(t.shape, scalarNumber(b.operand(1)), dtype), b.bool(5))
  })
  add('arange', ['*args', ...COMMON], (b) => {
    const args = (b.get(0) as PyTuple).items
    if (args.length === 0 || args.length > 3)
      throw pyError('TypeError', `arange() takes from 1 to 3 positional arguments but ${args.length} were given`)
    const names = args.length === 1 ? ['end'] : ['start', 'end', 'step']
    const nums = args.map((a, k) => toFloat(a, { fnName: 'arange', argName: names[k], position: k + 1 }))
    const [start, end, step] = args.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1]
    const floating = args.some((a) => typeof a === 'number' || (a instanceof Tensor && a.dtype === 'float32'))
    const dtype = b.dtype(2) ?? (floating ? 'float32' : 'int64')
    for (const a of args) if (typeof a === 'bigint') int64Number(a)
    for (const a of args) exactInt(a, dtype)
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      // as c10 prints a Scalar: 0, 1.5, inf, nan
      const shown = (x: number) => (Number.isInteger(x) ? String(x) : pyFloatRepr(x))
      throw pyError('RuntimeError', `unsupported range: ${shown(start)} -> ${shown(end)}`)
    }
    return finish(T.arange(start, end, step, dtype), b.bool(6))
  })
  add('linspace', ['start', 'end', 'steps', '*', ...COMMON], (b) => {
    const t = linspace(b.float(0), b.float(1), b.int(2))
    const dtype = b.dtype(4)
    return finish(dtype === null || dtype === 'float32' ? t : T.toDType(t, dtype), b.bool(8))
  })
  add('eye', ['n', 'm=None', '*', ...COMMON], (b) => finish(T.eye(b.int(0), b.optInt(1) ?? b.int(0), b.dtype(3) ?? 'float32'), b.bool(7)))
  add('randn', RANDOM, (b) => {
    const gen = randomGenerator(b, 1, ctx)
    return finish(randomFloat(sizeOf(b, 'randn'), b.dtype(3), 'normal_kernel_cpu', (n) => gen.randn(n)), b.bool(7))
  })
  add('rand', RANDOM, (b) => {
    const gen = randomGenerator(b, 1, ctx)
    return finish(randomFloat(sizeOf(b, 'rand'), b.dtype(3), 'check_uniform_bounds', (n) => gen.rand(n)), b.bool(7))
  })
  add('randn_like', LIKE, (b) => {
    const t = b.tensor(0)
    return finish(randomFloat([...t.shape], b.dtype(1) ?? t.dtype, 'normal_kernel_cpu', (n) => ctx.generator.randn(n)), b.bool(4))
  })
  add('rand_like', LIKE, (b) => {
    const t = b.tensor(0)
    return finish(randomFloat([...t.shape], b.dtype(1) ?? t.dtype, 'check_uniform_bounds', (n) => ctx.generator.rand(n)), b.bool(4))
  })
  add('randint', ['*args', 'generator=None', ...COMMON], (b) => {
    const args = (b.get(0) as PyTuple).items
    if (args.length !== 2 && args.length !== 3)
      throw pyError('TypeError', `randint() takes from 2 to 3 positional arguments but ${args.length} were given`)
    const bounds = args.slice(0, -1).map((a, k) => {
      // PyTorch reads the bounds as int64; this app's generator draws exactly within ±2^53
      if (typeof a === 'bigint' && (a >= 2n ** 63n || a < -(2n ** 63n))) throw pyError('RuntimeError', 'Overflow when unpacking long')
      const x = toFloat(a, { fnName: 'randint', argName: k === 0 && args.length === 3 ? 'low' : 'high', position: k + 1 })
      if (Math.abs(x) > 2 ** 53) throw pyError('RuntimeError', `randint bounds beyond ±2^53 are not supported here (got ${typeof a === 'bigint' ? a : x})`)
      return x
    })
    const [low, high] = bounds.length === 1 ? [0, bounds[0]] : bounds
    const last = args[args.length - 1]
    if (!(last instanceof PyTuple))
      throw pyError('TypeError', `randint(): argument 'size' (position ${args.length}) must be tuple of ints, not ${typeName(last)}`)
    const shape = toShape([last], { fnName: 'randint', argName: 'size' })
    return randint(Math.trunc(low), Math.trunc(high), shape, randomGenerator(b, 1, ctx), b.dtype(3))
  })
  return out
}

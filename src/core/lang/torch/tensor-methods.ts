// What `tensor.name` gives: attributes (shape, dtype, T, grad, ...) and bound methods, the shared operations of
// tensor-ops.ts plus those only tensors have (view, item, in-place ops, backward, ...).

import * as T from '../../tensor'
import { Tensor } from '../../tensor'
import { normalizeDim } from '../../tensor/shape'
import { bind, toShape, toTensor, type Bound } from '../runtime/args'
import { legacyTypeName, pyDType, unsupportedDType } from './dtypes'
import { PyGradFn } from '../runtime/objects'
import { closestName } from '../runtime/suggest'
import { maskedFill } from './tensor-extras'
import { TENSOR_OPS, UNARY, callAsMethod, scalarOf, whereOf, clampBound } from './tensor-ops'
import { gradFnName } from '../runtime/tensor-repr'
import { PyBuiltin, PyDType, PyList, PyTuple, pyError, typeName, type Kwargs, type PyValue } from '../runtime/values'
import { unsupportedTensorName } from './unsupported'

type Method = (t: Tensor, b: Bound) => PyValue

interface MethodDef {
  readonly specs: readonly string[]
  readonly run: Method
}

const methods = new Map<string, MethodDef>()

function method(names: string | readonly string[], specs: readonly string[], run: Method): void {
  for (const name of typeof names === 'string' ? [names] : names) methods.set(name, { specs: ['self', ...specs], run })
}

/** A torch.Size of the given dims. */
export function torchSize(shape: readonly number[]): PyTuple {
  return new PyTuple(shape.map(BigInt), 'size')
}

// *** size and conversion to Python ***

method('size', ['dim=None'], (t, b) => {
  if (b.get(1) === null) return torchSize(t.shape)
  const d = b.int(1)
  if (t.ndim === 0 || d < -t.ndim || d >= t.ndim) {
    const n = Math.max(t.ndim, 1)
    throw pyError('IndexError', `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`)
  }
  return BigInt(t.shape[d < 0 ? d + t.ndim : d])
})
method(['dim', 'ndimension'], [], (t) => BigInt(t.ndim))
method('nelement', [], (t) => BigInt(t.numel))
method('element_size', [], (t) => BigInt(T.itemSize(t.dtype)))
method('item', [], (t) => scalarOf(t.item(), t.dtype))
method('tolist', [], (t) => toList(t))
method('stride', ['dim=None'], (t, b) => (b.get(1) === null ? new PyTuple(t.strides.map(BigInt)) : BigInt(t.strides[normal(b.int(1), t)])))
method('storage_offset', [], (t) => BigInt(t.offset))
method('is_contiguous', ['memory_format=None'], (t) => t.isContiguous)
method('is_floating_point', [], (t) => t.dtype === 'float32')
method('data_ptr', [], (t) => BigInt(storageAddress(t.storage) + t.offset * itemSize(t)))
method('numpy', ['*', 'force=False'], () => {
  throw pyError('NotImplementedError', 'numpy is not available in Backprop Ninja: use .tolist() or .item() instead')
})
method(['cpu', 'cuda'], [], (t) => t)

function normal(d: number, t: Tensor): number {
  return normalizeDim(d, t.ndim)
}

function itemSize(t: Tensor): number {
  return T.itemSize(t.dtype)
}

const addresses = new WeakMap<T.Storage, number>()
let nextAddress = 0x10000

/** A stable fake address per storage, so `a.data_ptr() == b.data_ptr()` tells aliases apart as in PyTorch. */
function storageAddress(s: T.Storage): number {
  let a = addresses.get(s)
  if (a === undefined) {
    a = nextAddress
    nextAddress += Math.ceil((s.length * 8 + 64) / 64) * 64
    addresses.set(s, a)
  }
  return a
}

/** tolist(): nested Python lists of int, float or bool. */
export function toList(t: Tensor): PyValue {
  const build = (x: unknown): PyValue => (Array.isArray(x) ? new PyList(x.map(build)) : scalarOf(x as number, t.dtype))
  return build(t.toNested())
}

// *** views and copies ***

method('view', ['*shape'], (t, b) => {
  const only = (b.get(1) as PyTuple).items
  if (only.length === 1 && only[0] instanceof PyDType) {
    if (only[0].dtype === t.dtype) return T.view(t, t.shape)
    throw pyError('NotImplementedError', 'view(dtype) reinterprets bits and is not supported in Backprop Ninja')
  }
  return T.view(t, shapeArgs(b))
})
method('reshape', ['*shape'], (t, b) => T.reshape(t, shapeArgs(b)))
method('view_as', ['other'], (t, b) => T.view(t, b.tensor(1).shape))
method('reshape_as', ['other'], (t, b) => T.reshape(t, b.tensor(1).shape))
method('expand', ['*sizes'], (t, b) => T.expand(t, shapeArgs(b)))
method('expand_as', ['other'], (t, b) => T.expand(t, b.tensor(1).shape))
method('repeat', ['*sizes'], (t, b) => T.repeat(t, shapeArgs(b)))
method('permute', ['*dims'], (t, b) => T.permute(t, shapeArgs(b, 'dims')))
method('contiguous', ['memory_format=None'], (t) => T.contiguous(t))
method('where', ['condition', 'other'], (t, b) => whereOf(b.tensor(1), t, b.operand(2)))
method('type_as', ['other'], (t, b) => converted(t, b.tensor(1).dtype))

/** The varargs of view/reshape/expand/repeat: `view(32, -1)`, `view((32, -1))`, `view(*emb.shape)`. */
function shapeArgs(b: Bound, name = 'shape'): number[] {
  const items = (b.get(1) as PyTuple).items
  if (items.length === 0) throw pyError('TypeError', `${b.fnName}() missing 1 required positional argument: '${name}'`)
  return toShape(items, { fnName: b.fnName, argName: name })
}

// *** dtype conversion ***

/** t itself when it already has `dtype` (as PyTorch returns self), else a converted copy. */
function converted(t: Tensor, dtype: T.DType): Tensor {
  return t.dtype === dtype ? t : T.toDType(t, dtype)
}

method('float', [], (t) => converted(t, 'float32'))
method('long', [], (t) => converted(t, 'int64'))
method('bool', [], (t) => converted(t, 'bool'))
method('int', [], (t) => converted(t, 'int32'))
method('short', [], (t) => converted(t, 'int16'))
method('char', [], (t) => converted(t, 'int8'))
method('double', [], () => {
  throw unsupportedDType('float64')
})
method('half', [], () => {
  throw unsupportedDType('float16')
})
method('to', ['*args', 'dtype=None', 'device=None', 'non_blocking=False', 'copy=False'], (t, b) => {
  let dtype = b.dtype(2)
  for (const a of (b.get(1) as PyTuple).items) {
    if (a instanceof PyDType) dtype = a.dtype
    else if (a instanceof Tensor) dtype = a.dtype
    else if (a !== 'cpu' && a !== null) throw pyError('TypeError', `to() received an invalid combination of arguments - got (${typeName(a)})`)
  }
  const out = dtype === null ? t : converted(t, dtype)
  return b.get(5) === true && out === t ? T.clone(t) : out
})
method('type', ['dtype=None'], (t, b) => {
  const d = b.get(1)
  if (d === null) return legacyTypeName(t.dtype)
  if (d instanceof PyDType) return converted(t, d.dtype)
  if (d === 'torch.FloatTensor') return converted(t, 'float32')
  if (d === 'torch.LongTensor') return converted(t, 'int64')
  if (d === 'torch.IntTensor') return converted(t, 'int32')
  if (d === 'torch.ShortTensor') return converted(t, 'int16')
  if (d === 'torch.CharTensor') return converted(t, 'int8')
  if (d === 'torch.BoolTensor') return converted(t, 'bool')
  throw pyError('TypeError', `type(): argument 'dtype' must be torch.dtype, not ${typeName(d)}`)
})

// *** in place ***

/** Stores `result` into t (shape and dtype checked as PyTorch does) and returns t. */
function into(t: Tensor, result: Tensor): Tensor {
  return T.assignInto(t, result)
}

// `t.exp_()` and the like: the out-of-place operation of tensor-ops.ts, stored back into t
for (const name of ['exp', 'log', 'tanh', 'sqrt', 'rsqrt', 'sigmoid', 'relu', 'neg', 'abs', 'reciprocal', 'square', 'sign']) {
  const f = UNARY.get(name)!
  method(`${name}_`, [], (t) => into(t, f(t)))
}

function alphaScaled(b: Bound): T.Operand {
  const other = b.operand(1)
  if (!b.has(2)) return other
  return other instanceof Tensor ? T.mul(other, b.operand(2)) : T.mul(T.tensorFrom(other), b.operand(2))
}
method('add_', ['other', '*', 'alpha=1'], (t, b) => T.inplaceBinary(t, '+', alphaScaled(b)))
method('sub_', ['other', '*', 'alpha=1'], (t, b) => T.inplaceBinary(t, '-', alphaScaled(b)))
method('mul_', ['other'], (t, b) => T.inplaceBinary(t, '*', b.operand(1)))
method('div_', ['other', '*', 'rounding_mode=None'], (t, b) => {
  if (b.get(2) === null) return T.inplaceBinary(t, '/', b.operand(1))
  return into(t, callAsMethod('div', TENSOR_OPS.get('div')!, t, [b.get(1)], new Map([['rounding_mode', b.get(2)]])) as Tensor)
})
method('pow_', ['exponent'], (t, b) => T.inplaceBinary(t, '**', b.operand(1)))
method('zero_', [], (t) => T.fill(t, 0))
method('fill_', ['value'], (t, b) => T.fill(t, b.operand(1)))
method('copy_', ['src', 'non_blocking=False'], (t, b) => T.copy(t, b.tensor(1)))
method(['clamp_', 'clip_'], ['min=None', 'max=None'], (t, b) => {
  if (b.get(1) === null && b.get(2) === null)
    throw pyError('RuntimeError', "torch.clamp: At least one of 'min' or 'max' must not be None")
  return T.clampInplace(t, clampBound(b, 1), clampBound(b, 2))
})
method('masked_fill_', ['mask', 'value'], (t, b) => into(t, maskedFill(t, b.tensor(1), b.operand(2))))
method('index_add_', ['dim', 'index', 'source', '*', 'alpha=1'], (t, b) =>
  T.indexAdd(t, b.int(1), b.tensor(2), b.tensor(3), b.float(4))
)
method('scatter_', ['dim', 'index', 'src=None', '*', 'value=None', 'reduce=None'], (t, b) => {
  const src = b.get(3) ?? b.get(4)
  if (src === null) throw pyError('TypeError', "scatter_() missing 1 required positional argument: 'src'")
  if (b.get(5) !== null) throw pyError('NotImplementedError', 'scatter_ with reduce= is not supported here')
  return T.scatter(t, b.int(1), b.tensor(2), src instanceof Tensor ? src : b.operand(b.get(3) === null ? 4 : 3), false)
})
method('scatter_add_', ['dim', 'index', 'src'], (t, b) => T.scatter(t, b.int(1), b.tensor(2), b.tensor(3), true))
method('index_put_', ['indices', 'values', 'accumulate=False'], (t, b) => {
  const ix = b.get(1)
  if (!(ix instanceof PyTuple || ix instanceof PyList))
    throw pyError('TypeError', `index_put_(): argument 'indices' (position 1) must be tuple of Tensors, not ${typeName(ix)}`)
  const indices = ix.items.map((x, k) => toTensor(x, { fnName: 'index_put_', argName: `indices[${k}]` }))
  return T.indexPut(t, indices, b.tensor(2), b.bool(3))
})

// *** autograd ***

method('retain_grad', [], (t) => {
  if (!t.requiresGrad) throw pyError('RuntimeError', "can't retain_grad on Tensor that has requires_grad=False")
  if (!t.isLeaf) t.retainsGrad = true
  return null
})
method('requires_grad_', ['requires_grad=True'], (t, b) => {
  // the method words it differently from the attribute's setter (PyTorch 1.13)
  if (b.bool(1) && t.dtype !== 'float32') throw pyError('RuntimeError', 'only Tensors of floating point dtype can require gradients')
  setRequiresGrad(t, b.bool(1))
  return t
})
method('backward', ['gradient=None', 'retain_graph=None', 'create_graph=False', 'inputs=None'], (t, b) => {
  const g = b.get(1)
  T.backward(t, g === null ? undefined : b.tensor(1))
  return null
})

function setRequiresGrad(t: Tensor, on: boolean): void {
  if (!t.isLeaf && !on)
    throw pyError(
      'RuntimeError',
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
    )
  if (on && t.dtype !== 'float32')
    throw pyError('RuntimeError', 'only Tensors of floating point and complex dtype can require gradients')
  t.requiresGrad = on
}

// *** attributes ***

/** Attributes computed from the tensor (properties in PyTorch). */
const PROPERTIES: ReadonlyMap<string, (t: Tensor) => PyValue> = new Map<string, (t: Tensor) => PyValue>([
  ['shape', (t) => torchSize(t.shape)],
  ['dtype', (t) => pyDType(t.dtype)],
  ['ndim', (t) => BigInt(t.ndim)],
  ['T', (t) => (t.ndim <= 2 ? T.t(t) : T.permute(t, [...Array(t.ndim).keys()].reverse()))],
  ['H', (t) => (t.ndim <= 2 ? T.t(t) : T.permute(t, [...Array(t.ndim).keys()].reverse()))],
  ['mT', (t) => matrixTranspose(t)],
  ['mH', (t) => matrixTranspose(t)],
  ['data', (t) => T.detach(t)],
  ['grad', (t) => {
    // the learner's tensors are copies without autograd's answers: say so where .grad is read, not at its next use
    if (t.grad === null)
      throw pyError('AttributeError', "autograd's answer is hidden here: .grad is what your code must compute (write the gradient as dX yourself)")
    return t.grad
  }],
  ['requires_grad', (t) => t.requiresGrad],
  ['is_leaf', (t) => t.isLeaf],
  ['retains_grad', (t) => t.retainsGrad],
  ['grad_fn', (t) => (t.gradFn === null ? null : new PyGradFn(gradFnName(t.gradFn.op)))],
  ['device', () => 'cpu'],
  ['is_cuda', () => false],
  ['itemsize', (t) => BigInt(itemSize(t))]
])

function matrixTranspose(t: Tensor): Tensor {
  if (t.ndim < 2)
    throw pyError('RuntimeError', `tensor.mT is only supported on matrices or batches of matrices. Got ${t.ndim}-D tensor.`)
  return T.transpose(t, -2, -1)
}

/** Attributes a program set on a tensor (`t.label = 'x'`), as Python allows on tensors. */
const custom = new WeakMap<Tensor, Map<string, PyValue>>()

function attributeError(name: string): Error {
  const hint = name.startsWith('_') ? null : closestName(name, tensorAttributeNames())
  return pyError('AttributeError', `'Tensor' object has no attribute '${name}'${hint === null ? '' : `. Did you mean: '${hint}'?`}`)
}

/** Every public attribute and method name of a tensor (for suggestions and completion). */
export function tensorAttributeNames(): string[] {
  return [...PROPERTIES.keys(), ...methods.keys(), ...TENSOR_OPS.keys()]
}

function boundMethod(t: Tensor, name: string): PyBuiltin | null {
  const own = methods.get(name)
  if (own !== undefined)
    return new PyBuiltin(`Tensor.${name}`, (args, kwargs: Kwargs) =>
      own.run(t, bind(name, own.specs, args, kwargs, { self: t, numpyNames: true }))
    )
  const op = TENSOR_OPS.get(name)
  if (op !== undefined) return new PyBuiltin(`Tensor.${name}`, (args, kwargs) => callAsMethod(name, op, t, args, kwargs))
  return null
}

/** `t.name`: an attribute's value or a bound method; AttributeError with a suggestion otherwise. */
export function getTensorAttribute(t: Tensor, name: string): PyValue {
  if (name.startsWith('_')) throw attributeError(name)
  const mine = custom.get(t)?.get(name)
  if (mine !== undefined) return mine
  const property = PROPERTIES.get(name)
  if (property !== undefined) return property(t)
  const m = boundMethod(t, name)
  if (m !== null) return m
  throw unsupportedTensorName(name) ?? attributeError(name)
}

/** `t.name = value`: requires_grad and grad as PyTorch allows, new names stored on the tensor. */
export function setTensorAttribute(t: Tensor, name: string, value: PyValue): void {
  if (name.startsWith('_')) throw pyError('AttributeError', `attribute '${name}' of 'Tensor' objects is not writable`)
  if (name === 'requires_grad') {
    if (typeof value !== 'boolean') throw pyError('TypeError', `requires_grad must be a bool, not ${typeName(value)}`)
    setRequiresGrad(t, value)
    return
  }
  if (name === 'grad') {
    if (value !== null && !(value instanceof Tensor))
      throw pyError('TypeError', `assigned grad expected to be a Tensor or None but got grad of type ${typeName(value)}`)
    if (value instanceof Tensor && !T.sameShape(value.shape, t.shape))
      throw pyError('RuntimeError', 'assigned grad has data of a different size')
    t.grad = value
    return
  }
  if (PROPERTIES.has(name))
    throw pyError('AttributeError', `attribute '${name}' of 'torch._C._TensorBase' objects is not writable`)
  let own = custom.get(t)
  if (own === undefined) {
    own = new Map()
    custom.set(t, own)
  }
  own.set(name, value)
}

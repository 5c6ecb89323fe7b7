import { describe, expect, it } from 'vitest'
import { getAttribute } from '../../../src/core/lang/runtime/attributes'
import { pyDType } from '../../../src/core/lang/torch/dtypes'
import { getTensorAttribute, setTensorAttribute } from '../../../src/core/lang/torch/tensor-methods'
import { PyList, PyTuple } from '../../../src/core/lang/runtime/values'
import * as T from '../../../src/core/tensor'
import { callMethod, floats, longs, raised, tuple } from './helpers'

const m = () => floats([[1, 2], [3, 4]])

describe('tensor attributes', () => {
  it('gives shape as a torch.Size of ints', () => {
    const shape = getTensorAttribute(floats([[1, 2, 3], [4, 5, 6]]), 'shape') as PyTuple
    expect(shape.kind).toBe('size')
    expect(shape.items).toEqual([2n, 3n])
  })

  it('gives dtype as the shared dtype object', () => {
    expect(getTensorAttribute(m(), 'dtype')).toBe(pyDType('float32'))
    expect(getTensorAttribute(longs([1]), 'dtype')).toBe(pyDType('int64'))
  })

  it('transposes with T, reversing all dims beyond two as PyTorch does', () => {
    expect((getTensorAttribute(m(), 'T') as T.Tensor).toNested()).toEqual([[1, 3], [2, 4]])
    expect((getTensorAttribute(T.zeros([2, 3, 4]), 'T') as T.Tensor).shape).toEqual([4, 3, 2])
    expect((getTensorAttribute(T.zeros([2, 3, 4]), 'mT') as T.Tensor).shape).toEqual([2, 4, 3])
  })

  it('gives ndim, grad, requires_grad, is_leaf and device', () => {
    const t = m()
    expect(getTensorAttribute(t, 'ndim')).toBe(2n)
    expect(raised(() => getTensorAttribute(t, 'grad'))).toBe(
      "AttributeError: autograd's answer is hidden here: .grad is what your code must compute (write the gradient as dX yourself)"
    )
    expect(getTensorAttribute(t, 'requires_grad')).toBe(false)
    expect(getTensorAttribute(t, 'is_leaf')).toBe(true)
    expect(getTensorAttribute(t, 'device')).toBe('cpu')
    expect(getTensorAttribute(t, 'grad_fn')).toBe(null)
  })

  it('gives data as an alias without history', () => {
    const t = m()
    const d = getTensorAttribute(t, 'data') as T.Tensor
    callMethod(d, 'zero_')
    expect(t.toNested()).toEqual([[0, 0], [0, 0]])
  })

  it('suggests the nearest name for a misspelt attribute', () => {
    expect(raised(() => getTensorAttribute(m(), 'sumx'))).toBe("AttributeError: 'Tensor' object has no attribute 'sumx'. Did you mean: 'sum'?")
    expect(raised(() => getTensorAttribute(m(), 'shpe'))).toBe("AttributeError: 'Tensor' object has no attribute 'shpe'. Did you mean: 'shape'?")
  })

  it('reaches nothing private or dunder', () => {
    expect(raised(() => getTensorAttribute(m(), '__class__'))).toBe("AttributeError: 'Tensor' object has no attribute '__class__'")
    expect(raised(() => getTensorAttribute(m(), '_version'))).toBe("AttributeError: 'Tensor' object has no attribute '_version'")
    // a real Tensor method this app lacks says so; a name Tensor never had is Python's AttributeError
    expect(raised(() => getAttribute(m(), 'storage'))).toBe('NotImplementedError: Tensor.storage is not supported here')
    expect(raised(() => getAttribute(m(), 'storagez'))).toMatch(/^AttributeError: 'Tensor' object has no attribute 'storagez'/)
  })

  it('lets a program set requires_grad and its own attributes, but not shape', () => {
    const t = m()
    setTensorAttribute(t, 'requires_grad', true)
    expect(t.requiresGrad).toBe(true)
    setTensorAttribute(t, 'label', 'W1')
    expect(getTensorAttribute(t, 'label')).toBe('W1')
    expect(raised(() => setTensorAttribute(t, 'shape', 1n))).toMatch(/^AttributeError: attribute 'shape'/)
    expect(raised(() => setTensorAttribute(longs([1]), 'requires_grad', true))).toBe(
      'RuntimeError: only Tensors of floating point and complex dtype can require gradients'
    )
  })
})

describe('size, item and tolist', () => {
  it('gives size() as torch.Size and size(dim) as an int', () => {
    const t = T.zeros([32, 27])
    expect((callMethod(t, 'size') as PyTuple).items).toEqual([32n, 27n])
    expect(callMethod(t, 'size', [-1n])).toBe(27n)
    expect(callMethod(t, 'size', [], { dim: 0n })).toBe(32n)
    expect(raised(() => callMethod(t, 'size', [5n]))).toBe(
      'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 5)'
    )
  })

  it('gives item() as float, int or bool by dtype', () => {
    expect(callMethod(floats(1.5), 'item')).toBe(1.5)
    expect(callMethod(longs(7), 'item')).toBe(7n)
    expect(callMethod(T.tensorFrom(true), 'item')).toBe(true)
  })

  it('gives tolist() as nested lists of Python numbers', () => {
    const l = callMethod(longs([[1, 2], [3, 4]]), 'tolist') as PyList
    expect((l.items[1] as PyList).items).toEqual([3n, 4n])
    expect((callMethod(m(), 'tolist') as PyList).items.length).toBe(2)
  })

  it('counts with dim(), numel() and nelement()', () => {
    expect(callMethod(T.zeros([2, 3]), 'dim')).toBe(2n)
    expect(callMethod(T.zeros([2, 3]), 'numel')).toBe(6n)
    expect(callMethod(T.zeros([2, 3]), 'nelement')).toBe(6n)
  })
})

describe('views and reshapes take sizes as varargs or one tuple', () => {
  it('views with view(32, -1), view((32, -1)) and view(*emb.shape)', () => {
    const emb = T.zeros([32, 3, 10])
    const cat = T.reshape(emb, [32, 30])
    expect((callMethod(cat, 'view', [32n, -1n]) as T.Tensor).shape).toEqual([32, 30])
    expect((callMethod(cat, 'view', [tuple(32n, -1n)]) as T.Tensor).shape).toEqual([32, 30])
    const shape = getTensorAttribute(emb, 'shape') as PyTuple
    expect((callMethod(cat, 'view', [...shape.items]) as T.Tensor).shape).toEqual([32, 3, 10])
    expect((callMethod(cat, 'view', [shape]) as T.Tensor).shape).toEqual([32, 3, 10])
  })

  it('says which argument is missing when view gets none', () => {
    expect(raised(() => callMethod(m(), 'view'))).toBe("TypeError: view() missing 1 required positional argument: 'shape'")
  })

  it('expands, repeats and permutes from varargs', () => {
    const col = floats([[1], [2]])
    expect((callMethod(col, 'expand', [2n, 3n]) as T.Tensor).shape).toEqual([2, 3])
    expect((callMethod(col, 'expand_as', [T.zeros([2, 5])]) as T.Tensor).shape).toEqual([2, 5])
    expect((callMethod(col, 'repeat', [2n, 2n]) as T.Tensor).shape).toEqual([4, 2])
    expect((callMethod(T.zeros([2, 3, 4]), 'permute', [2n, 0n, 1n]) as T.Tensor).shape).toEqual([4, 2, 3])
    expect((callMethod(T.zeros([2, 3, 4]), 'permute', [tuple(2n, 0n, 1n)]) as T.Tensor).shape).toEqual([4, 2, 3])
  })

  it('transposes two dims and refuses a third', () => {
    expect((callMethod(T.zeros([2, 3]), 'transpose', [0n, 1n]) as T.Tensor).shape).toEqual([3, 2])
    expect(raised(() => callMethod(T.zeros([2, 3]), 'transpose', [0n, 1n, 2n]))).toBe(
      'TypeError: transpose() takes 2 positional arguments but 3 were given'
    )
  })
})

describe('reductions', () => {
  it('sums over a dim keeping it with keepdim=True or numpy\'s keepdims=True', () => {
    const counts = m()
    expect((callMethod(counts, 'sum', [1n], { keepdim: true }) as T.Tensor).toNested()).toEqual([[3], [7]])
    expect((callMethod(counts, 'sum', [1n], { keepdims: true }) as T.Tensor).toNested()).toEqual([[3], [7]])
    expect((callMethod(counts, 'sum', [], { axis: 0n }) as T.Tensor).toNested()).toEqual([4, 6])
    expect((callMethod(counts, 'sum', [tuple(0n, 1n)]) as T.Tensor).item()).toBe(10)
  })

  it('refuses keepdim given as an int, as PyTorch does', () => {
    expect(raised(() => callMethod(m(), 'sum', [1n], { keepdim: 1n }))).toBe(
      "TypeError: sum(): argument 'keepdim' must be bool, not int"
    )
  })

  it('converts to a requested dtype before summing, as PyTorch does', () => {
    const t = floats([[1.0, -2.5, 3.25], [0.5, 4.0, -1.0]])
    const s = callMethod(t, 'sum', [0n], { dtype: pyDType('int64') }) as T.Tensor
    expect(s.dtype).toBe('int64')
    expect(s.toNested()).toEqual([1, 2, 2])
    expect(raised(() => callMethod(t, 'mean', [], { dtype: pyDType('int64') }))).toBe(
      'RuntimeError: mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Long'
    )
  })

  it('gives max() as a 0-dim tensor and max(dim) as a named tuple of values and indices', () => {
    const logits = floats([[1, 5, 2], [7, 0, 7]])
    expect((callMethod(logits, 'max') as T.Tensor).item()).toBe(7)
    const r = callMethod(logits, 'max', [1n], { keepdim: true }) as PyTuple
    expect(r.typeName).toBe('torch.return_types.max')
    expect((getAttribute(r, 'values') as T.Tensor).toNested()).toEqual([[5], [7]])
    expect((getAttribute(r, 'indices') as T.Tensor).toNested()).toEqual([[1], [0]])
    expect(r.items[1]).toBe(getAttribute(r, 'indices'))
  })

  it('gives max(other) as the elementwise maximum', () => {
    expect((callMethod(floats([1, 5]), 'max', [floats([3, 2])]) as T.Tensor).toNested()).toEqual([3, 5])
  })

  it('gives min, argmax, argmin, amax and amin', () => {
    const x = floats([[1, 5, 2], [7, 0, 3]])
    expect((getAttribute(callMethod(x, 'min', [1n]), 'indices') as T.Tensor).toNested()).toEqual([0, 1])
    expect((callMethod(x, 'argmax') as T.Tensor).item()).toBe(3)
    expect((callMethod(x, 'argmax', [1n], { keepdim: true }) as T.Tensor).toNested()).toEqual([[1], [0]])
    expect((callMethod(x, 'argmin', [0n]) as T.Tensor).toNested()).toEqual([0, 1, 0])
    expect((callMethod(x, 'amax', [1n]) as T.Tensor).toNested()).toEqual([5, 7])
    expect((callMethod(x, 'amin', [tuple(0n, 1n)]) as T.Tensor).item()).toBe(0)
  })

  it('computes var with Bessel\'s correction unless unbiased=False or correction=0', () => {
    const x = floats([[1, 2], [3, 4]])
    expect((callMethod(x, 'var', [0n]) as T.Tensor).toNested()).toEqual([2, 2])
    expect((callMethod(x, 'var', [0n], { unbiased: false }) as T.Tensor).toNested()).toEqual([1, 1])
    expect((callMethod(x, 'var', [0n], { correction: 0n }) as T.Tensor).toNested()).toEqual([1, 1])
    expect((callMethod(x, 'std') as T.Tensor).item()).toBeCloseTo(1.291, 3)
  })

  it('answers all() and any() with bool tensors', () => {
    expect((callMethod(floats([1, 0]), 'all') as T.Tensor).item()).toBe(0)
    expect((callMethod(floats([1, 0]), 'any') as T.Tensor).dtype).toBe('bool')
    expect((callMethod(floats([[1, 0], [1, 1]]), 'all', [1n]) as T.Tensor).toNested()).toEqual([0, 1])
  })

  it('accumulates with cumsum and sends the gradient back reversed', () => {
    const x = floats([1, 2, 3])
    x.requiresGrad = true
    const c = callMethod(x, 'cumsum', [0n]) as T.Tensor
    expect(c.toNested()).toEqual([1, 3, 6])
    T.backward(T.sum(T.mul(c, floats([1, 10, 100]))))
    expect(x.grad!.toNested()).toEqual([111, 110, 100])
  })
})

describe('math and comparisons', () => {
  it('adds with alpha and divides with a rounding mode', () => {
    expect((callMethod(m(), 'add', [1n], { alpha: 2n }) as T.Tensor).toNested()).toEqual([[3, 4], [5, 6]])
    expect((callMethod(m(), 'div', [3n], { rounding_mode: 'floor' }) as T.Tensor).toNested()).toEqual([[0, 0], [1, 1]])
    expect(raised(() => callMethod(m(), 'add', ['a']))).toBe("TypeError: add(): argument 'other' (position 1) must be Tensor, not str")
  })

  it('clamps with min= or max= and refuses neither', () => {
    expect((callMethod(m(), 'clamp', [], { min: 2n }) as T.Tensor).toNested()).toEqual([[2, 2], [3, 4]])
    expect((callMethod(m(), 'clip', [0n, 2n]) as T.Tensor).toNested()).toEqual([[1, 2], [2, 2]])
    expect(raised(() => callMethod(m(), 'clamp'))).toBe("RuntimeError: torch.clamp: At least one of 'min' or 'max' must not be None")
  })

  it('fills masked places and keeps the dtype', () => {
    const x = longs([1, 2, 3])
    const out = callMethod(x, 'masked_fill', [T.gt(x, 1n), 0n]) as T.Tensor
    expect(out.dtype).toBe('int64')
    expect(out.toNested()).toEqual([1, 0, 0])
  })

  it('compares with allclose and equal', () => {
    expect(callMethod(m(), 'allclose', [T.add(m(), 1e-7)])).toBe(true)
    expect(callMethod(m(), 'allclose', [T.add(m(), 1e-3)])).toBe(false)
    expect(callMethod(m(), 'equal', [m()])).toBe(true)
    expect(raised(() => callMethod(m(), 'allclose', [longs([[1, 2], [3, 4]])]))).toBe('RuntimeError: Float did not match Long')
  })

  it('finds nonzero coordinates', () => {
    expect((callMethod(floats([[0, 1], [2, 0]]), 'nonzero') as T.Tensor).toNested()).toEqual([[0, 1], [1, 0]])
  })

  it('runs the unary functions the lecture uses', () => {
    expect((callMethod(floats([0]), 'exp') as T.Tensor).toNested()).toEqual([1])
    expect((callMethod(floats([4]), 'sqrt') as T.Tensor).toNested()).toEqual([2])
    expect((callMethod(floats([-2]), 'abs') as T.Tensor).toNested()).toEqual([2])
    expect((callMethod(floats([3]), 'square') as T.Tensor).toNested()).toEqual([9])
    expect((callMethod(floats([2]), 'pow', [3n]) as T.Tensor).toNested()).toEqual([8])
    expect(raised(() => callMethod(floats([2]), 'tanh', [1n]))).toBe('TypeError: tanh() takes 0 positional arguments but 1 was given')
  })
})

describe('dtype conversions', () => {
  it('returns the tensor itself when the dtype already matches, as PyTorch does', () => {
    const t = m()
    expect(callMethod(t, 'float')).toBe(t)
    expect(callMethod(t, 'to', [pyDType('float32')])).toBe(t)
    expect(callMethod(t, 'contiguous')).toBe(t)
  })

  it('converts with long(), bool(), to(dtype) and type(dtype)', () => {
    expect((callMethod(floats([1.7]), 'long') as T.Tensor).toNested()).toEqual([1])
    expect((callMethod(floats([0, 2]), 'bool') as T.Tensor).dtype).toBe('bool')
    expect((callMethod(floats([1]), 'to', [], { dtype: pyDType('int64') }) as T.Tensor).dtype).toBe('int64')
    expect(callMethod(floats([1]), 'type')).toBe('torch.FloatTensor')
    expect((callMethod(floats([1]), 'type', [pyDType('int64')]) as T.Tensor).dtype).toBe('int64')
  })

  it('refuses float64 and float16 with a clear message, and converts to int32, int16 and int8', () => {
    expect(raised(() => callMethod(m(), 'double'))).toMatch(/^NotImplementedError: torch.float64 tensors are not supported in Backprop Ninja/)
    expect((callMethod(m(), 'int') as T.Tensor).dtype).toBe('int32')
    expect((callMethod(m(), 'short') as T.Tensor).dtype).toBe('int16')
    expect((callMethod(m(), 'char') as T.Tensor).dtype).toBe('int8')
    expect(raised(() => callMethod(m(), 'numpy'))).toMatch(/^NotImplementedError: numpy is not available/)
  })
})

describe('in-place methods', () => {
  it('write into the tensor and return it', () => {
    const t = m()
    expect(callMethod(t, 'add_', [1n])).toBe(t)
    expect(t.toNested()).toEqual([[2, 3], [4, 5]])
    callMethod(t, 'mul_', [2n])
    callMethod(t, 'sub_', [floats([1, 1])], { alpha: 2n })
    expect(t.toNested()).toEqual([[2, 4], [6, 8]])
    callMethod(t, 'zero_')
    expect(t.toNested()).toEqual([[0, 0], [0, 0]])
    callMethod(t, 'fill_', [3n])
    callMethod(t, 'exp_')
    expect((t.toNested() as number[][])[0]).toEqual([Math.fround(Math.exp(3)), Math.fround(Math.exp(3))])
  })

  it('accumulate rows with index_add_, as the lecture\'s dC does', () => {
    const dC = T.zeros([3, 2])
    const Xb = longs([0, 2, 0])
    callMethod(dC, 'index_add_', [0n, Xb, floats([[1, 1], [2, 2], [3, 3]])])
    expect(dC.toNested()).toEqual([[4, 4], [0, 0], [2, 2]])
  })

  it('accumulate duplicate indices with index_put_(accumulate=True)', () => {
    const t = T.zeros([3])
    callMethod(t, 'index_put_', [tuple(longs([0, 0, 2])), floats([1, 1, 5])], { accumulate: true })
    expect(t.toNested()).toEqual([2, 0, 5])
  })

  it('scatter values and fill masked places', () => {
    const t = T.zeros([2, 3])
    callMethod(t, 'scatter_', [1n, longs([[2], [0]]), 1.0])
    expect(t.toNested()).toEqual([[0, 0, 1], [1, 0, 0]])
    callMethod(t, 'masked_fill_', [T.eq(t, 0n), -1.0])
    expect(t.toNested()).toEqual([[-1, -1, 1], [1, -1, -1]])
  })

  it('refuse a float result into an int tensor, as PyTorch does', () => {
    expect(raised(() => callMethod(longs([1]), 'exp_'))).toBe("RuntimeError: result type Float can't be cast to the desired output type Long")
  })
})

describe('autograd methods', () => {
  it('run backward and retain gradients of intermediates', () => {
    const x = floats([1, 2])
    callMethod(x, 'requires_grad_')
    const y = T.mul(x, x)
    callMethod(y, 'retain_grad')
    callMethod(T.sum(y), 'backward')
    expect(x.grad!.toNested()).toEqual([2, 4])
    expect(y.grad!.toNested()).toEqual([1, 1])
  })

  it('refuse retain_grad on a tensor that does not require grad', () => {
    expect(raised(() => callMethod(m(), 'retain_grad'))).toBe("RuntimeError: can't retain_grad on Tensor that has requires_grad=False")
  })
})

describe('where, split and friends', () => {
  it('picks from self where the condition holds', () => {
    const x = floats([1, 2, 3])
    expect((callMethod(x, 'where', [T.gt(x, 1n), 0.0]) as T.Tensor).toNested()).toEqual([0, 2, 3])
  })

  it('splits, chunks and unbinds into tuples of views', () => {
    const x = floats([[1, 2], [3, 4], [5, 6]])
    expect((callMethod(x, 'split', [2n]) as PyTuple).items.map((t) => (t as T.Tensor).shape)).toEqual([[2, 2], [1, 2]])
    expect((callMethod(x, 'chunk', [3n]) as PyTuple).items.length).toBe(3)
    expect(((callMethod(x, 'unbind', [1n]) as PyTuple).items[1] as T.Tensor).toNested()).toEqual([2, 4, 6])
  })
})

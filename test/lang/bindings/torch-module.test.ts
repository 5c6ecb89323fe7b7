import { describe, expect, it } from 'vitest'
import { getAttribute } from '../../../src/core/lang/runtime/attributes'
import { pyDType } from '../../../src/core/lang/torch/dtypes'
import { repr } from '../../../src/core/lang/runtime/repr'
import { PyContextManager, PyModule, PyTuple, type PyValue } from '../../../src/core/lang/runtime/values'
import * as T from '../../../src/core/tensor'
import { call, floats, fresh, list, raised, torchCases, tuple, type Kw } from './helpers'

const { torch, ctx } = fresh()
const fn = (name: string) => getAttribute(torch, name)
const tensor = (args: PyValue[], kwargs: Kw = {}) => call(fn('tensor'), args, kwargs) as T.Tensor

describe('torch.tensor infers its dtype from the data as PyTorch does', () => {
  it('makes int64 from ints, float32 once any float appears, bool from bools', () => {
    expect(tensor([list(1n, 2n)]).dtype).toBe('int64')
    expect(tensor([list(1n, 2.5)]).dtype).toBe('float32')
    expect(tensor([list(true, false)]).dtype).toBe('bool')
    expect(tensor([list()]).dtype).toBe('float32')
    expect(tensor([3n]).shape).toEqual([])
  })

  it('takes an explicit dtype and nested tuples', () => {
    const t = tensor([tuple(list(1n, 2n), list(3n, 4n))], { dtype: pyDType('float32') })
    expect(t.dtype).toBe('float32')
    expect(t.shape).toEqual([2, 2])
  })

  it('refuses ragged lists with PyTorch\'s message', () => {
    expect(raised(() => tensor([list(list(1n, 2n), list(3n))]))).toBe('ValueError: expected sequence of length 2 at dim 1 (got 1)')
  })

  it('marks a leaf with requires_grad=True', () => {
    expect(tensor([list(1.0)], { requires_grad: true }).requiresGrad).toBe(true)
  })
})

describe('factories', () => {
  it('take sizes as varargs or one tuple', () => {
    expect((call(fn('zeros'), [32n, 27n]) as T.Tensor).shape).toEqual([32, 27])
    expect((call(fn('ones'), [tuple(2n, 3n)]) as T.Tensor).toNested()).toEqual([[1, 1, 1], [1, 1, 1]])
    expect((call(fn('zeros'), [2n], { dtype: pyDType('int64') }) as T.Tensor).dtype).toBe('int64')
  })

  it('copy shape and dtype in *_like, unless told another dtype', () => {
    const logprobs = floats([[1, 2], [3, 4]])
    const z = call(fn('zeros_like'), [logprobs]) as T.Tensor
    expect(z.shape).toEqual([2, 2])
    expect(z.dtype).toBe('float32')
    expect((call(fn('ones_like'), [logprobs], { dtype: pyDType('int64') }) as T.Tensor).dtype).toBe('int64')
    expect((call(fn('full_like'), [logprobs, 7n]) as T.Tensor).toNested()).toEqual([[7, 7], [7, 7]])
  })

  it('infer full\'s dtype from its fill value', () => {
    expect((call(fn('full'), [tuple(2n), 3n]) as T.Tensor).dtype).toBe('int64')
    expect((call(fn('full'), [tuple(2n), 3.0]) as T.Tensor).dtype).toBe('float32')
    expect((call(fn('full'), [tuple(2n), true]) as T.Tensor).dtype).toBe('bool')
  })

  it('make int64 aranges from ints and float32 ones once a float appears', () => {
    const a = call(fn('arange'), [5n]) as T.Tensor
    expect(a.dtype).toBe('int64')
    expect(a.toNested()).toEqual([0, 1, 2, 3, 4])
    expect((call(fn('arange'), [5.0]) as T.Tensor).dtype).toBe('float32')
    expect((call(fn('arange'), [0n, 1n, 0.25]) as T.Tensor).toNested()).toEqual([0, 0.25, 0.5, 0.75])
    expect((call(fn('arange'), [2n, 10n, 3n]) as T.Tensor).toNested()).toEqual([2, 5, 8])
    expect((call(fn('arange'), [3n], { dtype: pyDType('float32') }) as T.Tensor).dtype).toBe('float32')
  })

  it('compute linspace with PyTorch\'s float32 steps', () => {
    expect(Array.from((call(fn('linspace'), [-1n, 1n, 30n]) as T.Tensor).values())).toEqual(torchCases.values.linspace)
  })

  it('make identity matrices', () => {
    expect((call(fn('eye'), [2n, 3n]) as T.Tensor).toNested()).toEqual([[1, 0, 0], [0, 1, 0]])
  })

  it('refuse a negative size with PyTorch\'s message', () => {
    expect(raised(() => call(fn('zeros'), [-1n]))).toMatch(/^RuntimeError: Trying to create tensor with negative dimension -1/)
  })
})

describe('random numbers follow PyTorch\'s generators', () => {
  const r = torchCases.random

  it('draws the lecture\'s numbers from torch.Generator().manual_seed(2147483647)', () => {
    const g = call(getAttribute(call(fn('Generator')), 'manual_seed'), [2147483647n])
    expect((call(fn('randn'), [tuple(3n, 2n)], { generator: g }) as T.Tensor).toNested()).toEqual(r.randn_seeded)
    expect((call(fn('randint'), [0n, 27n, tuple(5n)], { generator: g }) as T.Tensor).toNested()).toEqual(r.randint_after)
    expect((call(fn('rand'), [3n], { generator: g }) as T.Tensor).toNested()).toEqual(r.rand_after)
  })

  it('reseeds the default generator with torch.manual_seed', () => {
    const g = call(fn('manual_seed'), [42n])
    expect(repr(g)).toBe('<torch._C.Generator object>')
    expect((call(fn('randn'), [4n]) as T.Tensor).toNested()).toEqual(r.manual_seed_42_randn)
    expect(ctx.generator.initialSeed()).toBe(42n)
  })

  it('refuses randint without a size tuple', () => {
    expect(raised(() => call(fn('randint'), [0n, 5n, 3n]))).toBe("TypeError: randint(): argument 'size' (position 3) must be tuple of ints, not int")
  })
})

describe('torch functions mirror the tensor methods', () => {
  const x = floats([[1, 2], [3, 4]])

  it('sum and mean with dim, keepdim and keepdims', () => {
    expect((call(fn('sum'), [x], { dim: 1n, keepdim: true }) as T.Tensor).toNested()).toEqual([[3], [7]])
    expect((call(fn('mean'), [x, 0n], { keepdims: true }) as T.Tensor).toNested()).toEqual([[2, 3]])
  })

  it('max of one tensor, along a dim, and of two tensors', () => {
    expect((call(fn('max'), [x]) as T.Tensor).item()).toBe(4)
    expect((call(fn('max'), [x, 1n]) as PyTuple).fields).toEqual(['values', 'indices'])
    expect((call(fn('max'), [x, floats([[5, 0], [0, 5]])]) as T.Tensor).toNested()).toEqual([[5, 2], [3, 5]])
  })

  it('where with tensors or Python scalars, and alone as nonzero', () => {
    expect((call(fn('where'), [T.gt(x, 2n), x, 0.0]) as T.Tensor).toNested()).toEqual([[0, 0], [3, 4]])
    expect((call(fn('where'), [T.gt(x, 2n), 1.0, 0.0]) as T.Tensor).dtype).toBe('float32')
    const [rows, cols] = (call(fn('where'), [T.gt(x, 2n)]) as PyTuple).items as T.Tensor[]
    expect([rows.toNested(), cols.toNested()]).toEqual([[1, 1], [0, 1]])
    expect(raised(() => call(fn('where'), [x, x, x]))).toBe(
      'RuntimeError: where expected condition to be a boolean tensor, but got a tensor with dtype Float'
    )
  })

  it('cat and stack lists or tuples of tensors', () => {
    expect((call(fn('cat'), [list(x, x)], { dim: 1n }) as T.Tensor).shape).toEqual([2, 4])
    expect((call(fn('stack'), [tuple(x, x)]) as T.Tensor).shape).toEqual([2, 2, 2])
    expect(raised(() => call(fn('cat'), [x]))).toBe("TypeError: cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
  })

  it('tanh, exp, matmul, outer and transpose', () => {
    expect((call(fn('tanh'), [floats([0])]) as T.Tensor).toNested()).toEqual([0])
    expect(raised(() => call(fn('tanh'), [1.0]))).toBe("TypeError: tanh(): argument 'input' (position 1) must be Tensor, not float")
    expect((call(fn('matmul'), [x, x]) as T.Tensor).toNested()).toEqual([[7, 10], [15, 22]])
    expect((call(fn('outer'), [floats([1, 2]), floats([3, 4])]) as T.Tensor).toNested()).toEqual([[3, 4], [6, 8]])
    expect((call(fn('transpose'), [x, 0n, 1n]) as T.Tensor).toNested()).toEqual([[1, 3], [2, 4]])
    expect((call(fn('reshape'), [x, tuple(4n)]) as T.Tensor).shape).toEqual([4])
  })

  it('allclose, equal, is_tensor and numel', () => {
    expect(call(fn('allclose'), [x, x])).toBe(true)
    expect(call(fn('equal'), [x, T.add(x, 1n)])).toBe(false)
    expect(call(fn('is_tensor'), [x])).toBe(true)
    expect(call(fn('is_tensor'), [1n])).toBe(false)
    expect(call(fn('numel'), [x])).toBe(4n)
  })
})

describe('torch module objects', () => {
  it('has dtype constants shared with tensors', () => {
    expect(fn('float32')).toBe(pyDType('float32'))
    expect(fn('float')).toBe(pyDType('float32'))
    expect(fn('long')).toBe(pyDType('int64'))
    expect(getAttribute(fn('float32'), 'is_floating_point')).toBe(true)
  })

  it('refuses dtypes this app does not compute in', () => {
    expect(raised(() => fn('float64'))).toMatch(/^NotImplementedError: torch.float64 tensors are not supported in Backprop Ninja/)
    expect(raised(() => fn('double'))).toMatch(/torch.float64/)
    expect(raised(() => fn('float16'))).toMatch(/torch.float16/)
  })

  it('has the narrower signed ints as dtypes of their own', () => {
    expect(fn('int32')).toBe(pyDType('int32'))
    expect(fn('int')).toBe(pyDType('int32'))
    expect(fn('short')).toBe(pyDType('int16'))
    expect(fn('int8')).toBe(pyDType('int8'))
  })

  it('suggests the nearest name for a misspelt function', () => {
    expect(raised(() => fn('tanhh'))).toBe("AttributeError: module 'torch' has no attribute 'tanhh'. Did you mean: 'tanh'?")
    expect(raised(() => fn('__dict__'))).toBe("AttributeError: module 'torch' has no attribute '__dict__'")
  })

  it('builds torch.Size from ints', () => {
    const s = call(fn('Size'), [list(3n, 4n)]) as PyTuple
    expect(repr(s)).toBe('torch.Size([3, 4])')
    expect(raised(() => call(fn('Size'), [list(3.0)]))).toBe("TypeError: torch.Size() takes an iterable of 'int' (item 0 is 'float')")
  })

  it('turns grad recording off inside no_grad and back on after', () => {
    const cm = call(fn('no_grad')) as PyContextManager
    expect(T.isGradEnabled()).toBe(true)
    cm.enter()
    expect(call(fn('is_grad_enabled'))).toBe(false)
    cm.exit()
    expect(T.isGradEnabled()).toBe(true)
  })

  it('reaches torch.nn.functional through torch.nn', () => {
    const nn = fn('nn') as PyModule
    expect((getAttribute(nn, 'functional') as PyModule).name).toBe('torch.nn.functional')
  })
})

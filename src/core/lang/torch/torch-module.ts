// The `torch` module a learner's program imports: the shared tensor operations as functions, factories, random
// generators, grad-mode switches, dtypes, torch.Size, and torch.nn.functional under torch.nn.

import * as T from '../../tensor'
import { Tensor } from '../../tensor'
import { Generator } from '../../random'
import { bind, toShape, type Bound } from '../runtime/args'
import { DTYPE_NAMES, pyDType } from './dtypes'
import { makeFactories, tensorFromData } from './factories'
import { makeFunctionalModule } from './functional-module'
import { iterate } from '../runtime/iteration'
import { PyClass, PyGenerator } from '../runtime/objects'
import type { RuntimeContext } from '../runtime/runtime'
import { TENSOR_OPS, callAsFunction, whereOf } from './tensor-ops'
import { nonzeroTuple } from './tensor-extras'
import { torchSize } from './tensor-methods'
import { PyBuiltin, PyContextManager, PyList, PyModule, PyTuple, pyError, typeName, type Kwargs, type PyValue } from '../runtime/values'

/** A torch.Generator object over `gen`, with manual_seed (returning itself) and initial_seed. */
export function generatorObject(gen: Generator): PyGenerator {
  const attrs = new Map<string, PyValue>()
  const obj = new PyGenerator(gen, attrs)
  attrs.set(
    'manual_seed',
    new PyBuiltin('Generator.manual_seed', (args, kwargs) => {
      const b = bind('manual_seed', ['seed'], args, kwargs)
      gen.manualSeed(BigInt(b.int(0)))
      return obj
    })
  )
  attrs.set('initial_seed', new PyBuiltin('Generator.initial_seed', (args, kwargs) => {
    bind('initial_seed', [], args, kwargs)
    return gen.initialSeed()
  }))
  return obj
}

/** A `with` block that sets grad mode on entry and restores the previous mode on exit. */
function gradMode(name: string, on: boolean): PyContextManager {
  const saved: boolean[] = []
  return new PyContextManager(
    name,
    () => saved.push(T.setGradEnabled(on)),
    () => T.setGradEnabled(saved.pop() ?? true)
  )
}

/** The list/tuple of tensors torch.cat and torch.stack take. */
function tensorList(b: Bound, fnName: string): Tensor[] {
  const v = b.get(0)
  if (!(v instanceof PyList || v instanceof PyTuple))
    throw pyError('TypeError', `${fnName}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${typeName(v)}`)
  return v.items.map((x, k) => {
    if (!(x instanceof Tensor))
      throw pyError('TypeError', `expected Tensor as element ${k} in argument 0, but got ${typeName(x)}`)
    return x
  })
}

/** Builds `torch` for one interpreter; the default generator is `ctx.generator`. */
export function makeTorchModule(ctx: RuntimeContext): PyModule {
  const attrs = new Map<string, PyValue>()
  const fn = (name: string, specs: readonly string[], run: (b: Bound) => PyValue) =>
    attrs.set(name, new PyBuiltin(name, (args: PyValue[], kwargs: Kwargs) => run(bind(name, specs, args, kwargs, { numpyNames: true }))))

  for (const [name, op] of TENSOR_OPS) attrs.set(name, new PyBuiltin(name, (args, kwargs) => callAsFunction(name, op, args, kwargs)))
  for (const [name, value] of makeFactories(ctx)) attrs.set(name, value)

  fn('reshape', ['input', 'shape'], (b) => T.reshape(b.tensor(0), b.shape(1)))
  fn('permute', ['input', 'dims'], (b) => T.permute(b.tensor(0), b.shape(1)))
  fn('where', ['condition', 'input=None', 'other=None'], (b) => {
    if (!b.has(1) && !b.has(2)) return new PyTuple(nonzeroTuple(b.tensor(0)))
    return whereOf(b.tensor(0), b.operand(1), b.operand(2))
  })
  for (const name of ['cat', 'concat', 'concatenate'])
    fn(name, ['tensors', 'dim=0', '*', 'out=None'], (b) => T.cat(tensorList(b, name), b.int(1)))
  fn('stack', ['tensors', 'dim=0', '*', 'out=None'], (b) => T.stack(tensorList(b, 'stack'), b.int(1)))
  fn('is_tensor', ['obj'], (b) => b.get(0) instanceof Tensor)
  fn('is_floating_point', ['input'], (b) => b.tensor(0).dtype === 'float32')
  const size = new PyClass('Size', 'torch.Size', (args, kwargs) => {
    const b = bind('Size', ['sizes=()'], args, kwargs)
    const sizes = [...iterate(b.get(0))].map((x, k) => {
      if (typeof x !== 'bigint') throw pyError('TypeError', `torch.Size() takes an iterable of 'int' (item ${k} is '${typeName(x)}')`)
      return Number(x)
    })
    return torchSize(sizes)
  })
  attrs.set('Size', size)
  ctx.classes.set('torch.Size', size)

  // *** random numbers ***
  attrs.set('default_generator', generatorObject(ctx.generator))
  fn('manual_seed', ['seed'], (b) => {
    ctx.generator.manualSeed(BigInt(b.int(0)))
    return attrs.get('default_generator')!
  })
  fn('initial_seed', [], () => ctx.generator.initialSeed())
  attrs.set('Generator', new PyClass('Generator', 'torch.Generator', (args, kwargs) => {
    bind('Generator', ['device=\'cpu\''], args, kwargs)
    return generatorObject(new Generator())
  }))

  // *** grad mode ***
  fn('no_grad', [], () => gradMode('no_grad', false))
  fn('inference_mode', ['mode=True'], (b) => gradMode('inference_mode', !b.bool(0)))
  fn('enable_grad', [], () => gradMode('enable_grad', true))
  fn('set_grad_enabled', ['mode'], (b) => {
    // Called as a function it switches at once; as a `with` block it restores the old mode on exit.
    const before = T.setGradEnabled(b.bool(0))
    return new PyContextManager('set_grad_enabled', () => {}, () => T.setGradEnabled(before))
  })
  fn('is_grad_enabled', [], () => T.isGradEnabled())

  // *** types and constants ***
  const tensorClass = new PyClass('Tensor', 'torch.Tensor', (args) => {
    if (args.length === 1 && (args[0] instanceof PyList || args[0] instanceof PyTuple)) return tensorFromData(args[0], 'float32')
    return T.zeros(toShape(args, { fnName: 'Tensor', argName: 'size' }), 'float32')
  })
  attrs.set('Tensor', tensorClass)
  ctx.classes.set('torch.Tensor', tensorClass)
  for (const [name, dtype] of DTYPE_NAMES) attrs.set(name, pyDType(dtype))
  attrs.set('pi', Math.PI)
  attrs.set('e', Math.E)
  attrs.set('inf', Infinity)
  attrs.set('nan', NaN)
  const F = makeFunctionalModule(ctx)
  attrs.set('nn', new PyModule('torch.nn', new Map<string, PyValue>([['functional', F]])))
  return new PyModule('torch', attrs)
}

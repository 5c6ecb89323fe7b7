// torch.nn.functional (imported as F): one_hot, softmax, log_softmax, cross_entropy, nll_loss, mse_loss and the
// activations, with F's own signatures (F.softmax's implicit dim included).

import * as T from '../../tensor'
import { Tensor } from '../../tensor'
import { bind, type Bound } from '../runtime/args'
import type { RuntimeContext } from '../runtime/runtime'
import { PyBuiltin, PyModule, pyError, type Kwargs, type PyValue } from '../runtime/values'

type Reduction = 'mean' | 'sum' | 'none'

function reductionOf(b: Bound, i: number): Reduction {
  const r = b.str(i)
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw pyError('ValueError', `${r} is not a valid value for reduction`)
  return r
}

/** The legacy size_average/reduce pair, mapped to a reduction as PyTorch's _Reduction.legacy_get_string does. */
function legacyReduction(b: Bound, sizeAverage: number, reduce: number, reduction: number): Reduction {
  const sa = b.get(sizeAverage)
  const rd = b.get(reduce)
  if (sa === null && rd === null) return reductionOf(b, reduction)
  const avg = sa === null ? true : b.bool(sizeAverage)
  const red = rd === null ? true : b.bool(reduce)
  return !red ? 'none' : avg ? 'mean' : 'sum'
}

/** Refuses the loss options this app does not implement, rather than ignoring them. */
function plainLossOnly(b: Bound, weight: number, ignoreIndex: number, labelSmoothing: number | null): void {
  if (b.get(weight) !== null) throw pyError('NotImplementedError', 'class weights (weight=) are not supported here')
  if (b.int(ignoreIndex) !== -100) throw pyError('NotImplementedError', 'ignore_index is not supported here')
  if (labelSmoothing !== null && b.float(labelSmoothing) !== 0)
    throw pyError('NotImplementedError', 'label_smoothing is not supported here')
}

/** The dim softmax picks when none is given (deprecated in PyTorch, which warns). */
function implicitDim(t: Tensor): number {
  return t.ndim === 0 || t.ndim === 1 || t.ndim === 3 ? 0 : 1
}

function withDType(t: Tensor, b: Bound, i: number): Tensor {
  const d = b.dtype(i)
  return d === null || d === t.dtype ? t : T.toDType(t, d)
}

/** Builds torch.nn.functional; `ctx.print` receives its warnings. */
export function makeFunctionalModule(ctx: RuntimeContext): PyModule {
  const attrs = new Map<string, PyValue>()
  const fn = (name: string, specs: readonly string[], run: (b: Bound) => PyValue) =>
    attrs.set(name, new PyBuiltin(name, (args: PyValue[], kwargs: Kwargs) => run(bind(name, specs, args, kwargs))))
  // Python shows a warning once per place in the code; once per function per program is the nearest we can do.
  const warned = new Set<string>()
  const warnOnce = (name: string) => {
    if (warned.has(name)) return
    warned.add(name)
    ctx.print(
      `UserWarning: Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.\n`
    )
  }

  fn('one_hot', ['tensor', 'num_classes=-1'], (b) => T.oneHot(b.tensor(0), b.int(1)))
  for (const [name, op] of [
    ['softmax', T.softmax],
    ['log_softmax', T.logSoftmax]
  ] as const)
    fn(name, ['input', 'dim=None', '_stacklevel=3', 'dtype=None'], (b) => {
      const t = withDType(b.tensor(0), b, 3)
      if (b.get(1) !== null) return op(t, b.int(1))
      warnOnce(name)
      return op(t, implicitDim(t))
    })
  fn(
    'cross_entropy',
    ['input', 'target', 'weight=None', 'size_average=None', 'ignore_index=-100', 'reduce=None', "reduction='mean'", 'label_smoothing=0.0'],
    (b) => {
      plainLossOnly(b, 2, 4, 7)
      return T.crossEntropy(b.tensor(0), b.tensor(1), legacyReduction(b, 3, 5, 6))
    }
  )
  fn(
    'nll_loss',
    ['input', 'target', 'weight=None', 'size_average=None', 'ignore_index=-100', 'reduce=None', "reduction='mean'"],
    (b) => {
      plainLossOnly(b, 2, 4, null)
      return T.nllLoss(b.tensor(0), b.tensor(1), legacyReduction(b, 3, 5, 6))
    }
  )
  fn('mse_loss', ['input', 'target', 'size_average=None', 'reduce=None', "reduction='mean'"], (b) => {
    const sq = T.pow(T.sub(b.tensor(0), b.tensor(1)), 2n)
    const r = legacyReduction(b, 2, 3, 4)
    return r === 'none' ? sq : r === 'sum' ? T.sum(sq) : T.mean(sq)
  })
  fn('tanh', ['input'], (b) => T.tanh(b.tensor(0)))
  fn('sigmoid', ['input'], (b) => T.sigmoid(b.tensor(0)))
  fn('relu', ['input', 'inplace=False'], (b) => (b.bool(1) ? T.assignInto(b.tensor(0), T.relu(b.tensor(0))) : T.relu(b.tensor(0))))
  fn('linear', ['input', 'weight', 'bias=None'], (b) => {
    const y = T.matmul(b.tensor(0), T.t(b.tensor(1)))
    return b.get(2) === null ? y : T.add(y, b.tensor(2))
  })
  fn('embedding', ['input', 'weight'], (b) => T.getItem(b.tensor(1), [{ kind: 'tensor', tensor: b.tensor(0) }]))
  return new PyModule('torch.nn.functional', attrs)
}

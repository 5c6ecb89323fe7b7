// What to say when learner code names a real PyTorch function or method this app does not have: that it is not
// supported here, and what does the same job with what is here. A name PyTorch lacks gets Python's own
// AttributeError instead (a typo, with "Did you mean").

import { FUNCTIONAL_NAMES, TENSOR_NAMES, TORCH_NAMES } from './torch-names'
import { pyError, type PyException } from '../runtime/values'

/** Ways to do without a missing function, with the ops the app has. */
const INSTEAD: ReadonlyMap<string, string> = new Map([
  ['einsum', 'write the product with @ (matrix product), * and .sum(dim)'],
  ['bmm', 'loop over the batch with @, or reshape to 2-D and use @'],
  ['diag', 'torch.eye(n) * v builds a diagonal matrix from v; M[range(n), range(n)] reads the diagonal of M'],
  ['diagonal', 'M[range(n), range(n)] reads the diagonal of M'],
  ['bincount', 'count with torch.zeros(k).index_add_(0, idx, torch.ones(idx.shape[0]))'],
  ['scatter_add', 'use the in-place x.scatter_add_(dim, index, src) or index_add_'],
  ['index_add', 'use the in-place x.index_add_(dim, index, source) on a copy (x.clone())'],
  ['norm', 'write it as (x**2).sum().sqrt() (or .sum(dim) for one norm per row)'],
  ['std_mean', 'call .std() and .mean() separately'],
  ['var_mean', 'call .var() and .mean() separately'],
  ['topk', 'use .max(dim) for the largest one'],
  ['sort', 'use .max(dim) / .argmax(dim) for the largest one'],
  ['argsort', 'use .argmax(dim) for the largest one'],
  ['cumprod', 'use .cumsum() of .log() and .exp(), for positive values'],
  ['kron', 'build it with unsqueeze, * and reshape'],
  ['tensordot', 'reshape to 2-D and use @'],
  ['sub_', 'use x -= y'],
  ['tile', 'use .repeat(...)'],
  ['repeat_interleave', 'use .unsqueeze(d).expand(...).reshape(...)'],
  ['masked_select', 'use boolean indexing x[mask]'],
  ['logaddexp', 'write it with torch.logsumexp over a stacked pair'],
  ['addmm', 'write it as b + a @ m'],
  ['baddbmm', 'write it with @ and +'],
  ['numpy', 'keep to tensors: numpy is not available here'],
])

function notSupported(qualified: string, name: string): PyException {
  const instead = INSTEAD.get(name.replace(/_$/, '')) ?? INSTEAD.get(name)
  return pyError('NotImplementedError', `${qualified} is not supported here${instead === undefined ? '' : `; ${instead}`}`)
}

/** For a module attribute this app lacks: NotImplementedError if real PyTorch has it, else null. */
export function unsupportedModuleName(module: string, name: string): PyException | null {
  if (module === 'torch' && TORCH_NAMES.has(name)) return notSupported(`torch.${name}`, name)
  if (module === 'torch.nn.functional' && FUNCTIONAL_NAMES.has(name)) return notSupported(`F.${name}`, name)
  return null
}

/** For a tensor attribute this app lacks: NotImplementedError if real PyTorch's Tensor has it, else null. */
export function unsupportedTensorName(name: string): PyException | null {
  return TENSOR_NAMES.has(name) ? notSupported(`Tensor.${name}`, name) : null
}

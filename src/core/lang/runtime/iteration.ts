// Iterating over Python values (for loops, list(), unpacking): lists, tuples, ranges, strings, dicts, tensors.

import { chargeWork, Tensor, select } from '../../tensor'
import { codePoints, strLength } from './strings'
import { PyDict, PyList, PyRange, PyTuple, pyError, typeName, type PyValue } from './values'

let itemGuard: (() => void) | null = null

/**
 * Installs a check called for every item a lazy iteration yields (the evaluator's time budget), so builtins that
 * consume an iterable, like sum(range(10**12)), stop as a loop would. Returns the previous guard.
 */
export function setItemGuard(guard: (() => void) | null): (() => void) | null {
  const before = itemGuard
  itemGuard = guard
  return before
}

function* listItems(list: PyList): Generator<PyValue> {
  // by index, so items appended during the loop are visited, as in Python
  for (let i = 0; i < list.items.length; i++) {
    itemGuard?.()
    yield list.items[i]
  }
}

function* rangeItems(r: PyRange): Generator<PyValue> {
  const n = r.length
  for (let i = 0n; i < n; i++) {
    itemGuard?.()
    yield r.at(i)
  }
}

function* tensorRows(t: Tensor): Generator<PyValue> {
  const n = t.shape[0]
  for (let i = 0; i < n; i++) {
    itemGuard?.()
    yield select(t, 0, i)
  }
}

/** The items `for x in v` visits; a tensor yields its rows (views) along dim 0. */
export function iterate(v: PyValue): Iterable<PyValue> {
  if (v instanceof PyList) return listItems(v)
  if (v instanceof PyTuple) return v.items
  if (v instanceof PyRange) return rangeItems(v)
  if (typeof v === 'string') {
    chargeWork(v.length, `a string of ${v.length.toLocaleString('en-US')} characters`)
    return codePoints(v)
  }
  if (v instanceof PyDict) return [...v.entries.values()].map(([k]) => k)
  if (v instanceof Tensor) {
    if (v.ndim === 0) throw pyError('TypeError', 'iteration over a 0-d tensor')
    return tensorRows(v)
  }
  throw pyError('TypeError', `'${typeName(v)}' object is not iterable`)
}

/** How many items iterating over v would give, when known without iterating (for size limits). */
export function knownLength(v: PyValue): number | null {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length
  if (v instanceof PyRange) return Number(v.length)
  if (typeof v === 'string') return strLength(v)
  if (v instanceof PyDict) return v.entries.size
  if (v instanceof Tensor) return v.ndim === 0 ? null : v.shape[0]
  return null
}

// Python's ordering of values for sorted(), list.sort(), min() and max(): only `<` is asked, sorts are stable.

import { chargeWork } from '../../tensor'
import { compareOp } from './operators'
import { truthy, type PyValue } from './values'

/** Whether a < b as Python decides it (a one-element tensor answers with its truth value). */
export function less(a: PyValue, b: PyValue): boolean {
  return truthy(compareOp('<', a, b))
}

/** A sort of n items costs about n·log2(n) comparisons, charged before it starts. */
function chargeSort(n: number): void {
  if (n > 1) chargeWork(Math.ceil(n * Math.log2(n)), `sorting ${n.toLocaleString('en-US')} items`)
}

/** `items` sorted by `keys` (parallel arrays), stably; reverse keeps equal items in their original order. */
export function sortByKeys(items: readonly PyValue[], keys: readonly PyValue[], reverse: boolean): PyValue[] {
  chargeSort(items.length)
  const order = items.map((_, i) => i)
  order.sort((i, j) => {
    const [x, y] = reverse ? [keys[j], keys[i]] : [keys[i], keys[j]]
    return less(x, y) ? -1 : less(y, x) ? 1 : 0
  })
  return order.map((i) => items[i])
}

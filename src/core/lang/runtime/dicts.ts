// Dict keys: Python values made hashable as strings (1, 1.0 and True are one key; a tuple's items length-prefixed
// so that ('a', 'b') and ('a,sb',) differ), and d[k] = v keeping the first key object. Used by dicts, sets and
// %-formatting's mapping keys; it depends on nothing but the value types.

import { Tensor } from '../../tensor'
import { PyClass } from './objects'
import { PyDict, PyDType, PyTuple, pyError, typeName, type PyValue } from './values'

/**
 * The key a value has in a dict: equal values (1, 1.0, True; 10**21 and 1e21) share one, and a tuple's key
 * holds each item's key with its length, so no two different tuples meet ('a', 'b') vs ('a,sb',).
 */
export function dictKey(v: PyValue): string {
  if (v === null) return 'None'
  if (typeof v === 'boolean') return v ? 'i1' : 'i0'
  if (typeof v === 'bigint') return `i${v}`
  if (typeof v === 'number') return Number.isInteger(v) ? `i${BigInt(v)}` : `f${v}`
  if (typeof v === 'string') return `s${v}`
  if (v instanceof PyTuple) return `t${v.items.length}(${v.items.map((x) => { const k = dictKey(x); return `${k.length}:${k}` }).join('')})`
  if (v instanceof Tensor) return `T${v.id}`
  // one class object per type in an interpreter, so its printed name is its identity
  if (v instanceof PyClass) return `c${v.qualName}`
  if (v instanceof PyDType) return `d${v.dtype}`
  throw pyError('TypeError', `unhashable type: '${typeName(v)}'`)
}

/** d[k] = v: a key equal to one already there keeps the first key object and takes the new value ({1: 'a', True: 'c'} is {1: 'c'}). */
export function dictSet(d: PyDict, k: PyValue, v: PyValue): void {
  const key = dictKey(k)
  const old = d.entries.get(key)
  d.entries.set(key, [old === undefined ? k : old[0], v])
}

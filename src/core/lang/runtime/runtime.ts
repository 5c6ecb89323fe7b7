// What the bindings need from the running program: where print goes, the default random generator, a way to call
// Python callables (for key= functions), and the size budget that keeps a typo from hanging the app.

import { Generator } from '../../random'
import { chargeWork } from '../../tensor/dtype'
import type { PyClass } from './objects'
import { PyBuiltin, PyException, type PyValue } from './values'

export interface RuntimeContext {
  /** Receives everything print() writes, `end` included. */
  print(text: string): void
  /** torch's default generator: torch.randn without generator= and torch.manual_seed use it. */
  generator: Generator
  /** Throws a limit error when a list, string or tensor of `n` elements would be too big to make. */
  checkElements(n: number, what: string): void
  /** Calls a Python callable (a builtin or a learner's function); used by key= arguments. */
  call(fn: PyValue, args: PyValue[]): PyValue
  /** One class object per type, by the name Python prints ('int', 'torch.Tensor'): `type(x) is torch.Tensor` holds. */
  classes: Map<string, PyClass>
}

/** The exception raised when a program asks for more than the app allows; the evaluator reports it as a limit. */
export function limitError(message: string): PyException {
  return new PyException('LimitError', message)
}

/** The sizes Python values may reach: an int's bits, a list's items and a string's characters. */
export const LIMITS = { intBits: 100_000, items: 50_000_000 }

/**
 * Refuses a list or string of `n` items or characters past the limit, before it is made, and charges its items to
 * the program's work budget; true so it can chain.
 */
export function checkLength(n: number): true {
  checkLengthOnly(n)
  chargeWork(n, `a sequence of ${n.toLocaleString('en-US')} items`)
  return true
}

/** checkLength without the work: for `s + t`, which JavaScript joins without copying either string. */
export function checkLengthOnly(n: number): true {
  if (n > LIMITS.items) throw limitError(`a sequence of ${n.toLocaleString('en-US')} items is larger than the limit of ${LIMITS.items.toLocaleString('en-US')}`)
  return true
}

/** CPython 3.11's limit on decimal digits in int <-> str conversions (sys.get_int_max_str_digits()). */
export const MAX_STR_DIGITS = 4300

/** str(n) for an int, refusing more than 4,300 digits with CPython's ValueError. */
export function intToDecimal(n: bigint): string {
  const text = n.toString()
  if (text.length - (n < 0n ? 1 : 0) > MAX_STR_DIGITS)
    throw new PyException('ValueError', `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`)
  return text
}

/** Default limit on elements of one list, string or tensor made by a builtin. */
export const DEFAULT_MAX_ELEMENTS = 50_000_000

/** A context for tests and simple hosts: prints into `out`, calls only builtins. */
export function makeRuntimeContext(options: { print?: (text: string) => void; maxElements?: number } = {}): RuntimeContext {
  const max = options.maxElements ?? DEFAULT_MAX_ELEMENTS
  return {
    print: options.print ?? (() => {}),
    generator: new Generator(),
    classes: new Map(),
    checkElements(n: number, what: string): void {
      if (n > max)
        throw limitError(
          `a ${what} of ${n.toLocaleString('en-US')} elements is larger than the limit of ${max.toLocaleString('en-US')}`
        )
    },
    call(fn: PyValue, args: PyValue[]): PyValue {
      if (fn instanceof PyBuiltin) return fn.fn(args, new Map())
      throw new PyException('TypeError', 'this context can only call builtin functions')
    }
  }
}

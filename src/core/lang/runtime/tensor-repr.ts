// A tensor's text exactly as PyTorch prints it (torch/_tensor_str.py with the default print options):
// precision 4, fixed or scientific by the range of the values, summarized past 1000 elements, 80 columns.

import { Tensor, cat, select, slice, stack, withGradMode } from '../../tensor'
import { formatExp, formatFixed } from './float-format'

const PRECISION = 4
const THRESHOLD = 1000
const EDGE_ITEMS = 3
const LINE_WIDTH = 80

/** How every element of one tensor is written, decided once from all (or the summarized) values. */
class ElementFormat {
  private intMode = true
  private sciMode = false
  private maxWidth = 1
  private readonly dtype: Tensor['dtype']

  constructor(t: Tensor) {
    this.dtype = t.dtype
    const values = Array.from(t.values())
    if (this.dtype !== 'float32') {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.plain(v).length)
      return
    }
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0)
    if (finite.length === 0) return
    let min = Infinity
    let max = 0
    for (const v of finite) {
      min = Math.min(min, Math.abs(v))
      max = Math.max(max, Math.abs(v))
    }
    this.intMode = finite.every((v) => v === Math.ceil(v))
    const wide = max / min > 1000 || max > 1e8
    this.sciMode = wide || (!this.intMode && min < 1e-4)
    for (const v of finite) {
      const width = this.sciMode
        ? formatExp(v, PRECISION).length
        : this.intMode
          ? formatFixed(v, 0).length + 1
          : formatFixed(v, PRECISION).length
      this.maxWidth = Math.max(this.maxWidth, width)
    }
  }

  get width(): number {
    return this.maxWidth
  }

  /** Python's str of an int64 or bool element. */
  private plain(v: number): string {
    return this.dtype === 'bool' ? (v ? 'True' : 'False') : String(v)
  }

  format(v: number): string {
    let s: string
    if (this.dtype !== 'float32') s = this.plain(v)
    else if (this.sciMode) s = formatExp(v, PRECISION)
    else if (this.intMode) s = formatFixed(v, 0) + (Number.isFinite(v) ? '.' : '')
    else s = formatFixed(v, PRECISION)
    return s.padStart(this.maxWidth, ' ')
  }
}

/** The edge rows of a big tensor, the only values a summarized print shows (PyTorch's get_summarized_data). */
function summarized(t: Tensor): Tensor {
  if (t.ndim === 0) return t
  const n = t.shape[0]
  if (t.ndim === 1)
    return n > 2 * EDGE_ITEMS ? cat([slice(t, 0, 0, EDGE_ITEMS, 1), slice(t, 0, n - EDGE_ITEMS, n, 1)]) : t
  const rows = n > 2 * EDGE_ITEMS ? [0, 1, 2, n - 3, n - 2, n - 1] : [...Array(n).keys()]
  return stack(rows.map((i) => summarized(select(t, 0, i))))
}

function vectorText(t: Tensor, indent: number, summarize: boolean, fmt: ElementFormat): string {
  const elementLength = fmt.width + 2
  const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / elementLength))
  const v = t.values()
  const n = t.shape[0]
  const all = [...Array(n).keys()]
  const data =
    summarize && n > 2 * EDGE_ITEMS
      ? [...all.slice(0, EDGE_ITEMS).map((i) => fmt.format(v[i])), ' ...', ...all.slice(n - EDGE_ITEMS).map((i) => fmt.format(v[i]))]
      : all.map((i) => fmt.format(v[i]))
  const lines: string[] = []
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '))
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']'
}

function body(t: Tensor, indent: number, summarize: boolean, fmt: ElementFormat): string {
  if (t.ndim === 0) return fmt.format(t.item())
  if (t.ndim === 1) return vectorText(t, indent, summarize, fmt)
  const n = t.shape[0]
  const row = (i: number) => body(select(t, 0, i), indent + 1, summarize, fmt)
  const slices =
    summarize && n > 2 * EDGE_ITEMS
      ? [...[0, 1, 2].map(row), '...', ...[n - 3, n - 2, n - 1].map(row)]
      : [...Array(n).keys()].map(row)
  return '[' + slices.join(',' + '\n'.repeat(t.ndim - 1) + ' '.repeat(indent + 1)) + ']'
}

/** PyTorch's grad_fn class names for the engine's op names (the common ones; others are guessed alike). */
const GRAD_FN_NAMES: ReadonlyMap<string, string> = new Map([
  ['log_softmax', 'LogSoftmaxBackward0'],
  ['nll_loss', 'NllLossBackward0'],
  ['index', 'IndexBackward0'],
  ['to', 'ToCopyBackward0'],
  ['mm', 'MmBackward0'],
  ['matmul', 'MmBackward0'],
  ['max', 'MaxBackward0'],
  ['min', 'MinBackward0']
])

/** The class name PyTorch gives the node that made a tensor: mul -> MulBackward0. */
export function gradFnName(op: string): string {
  const known = GRAD_FN_NAMES.get(op)
  if (known !== undefined) return known
  const camel = op.replace(/(^|_)([a-z])/gu, (_, __, c: string) => c.toUpperCase())
  return `${camel}Backward0`
}

/** Appends `, dtype=...`-style suffixes, wrapping past the line width as PyTorch's _add_suffixes does. */
function withSuffixes(text: string, suffixes: readonly string[], indent: number): string {
  let out = text
  let lastLine = text.length - text.lastIndexOf('\n') + 1
  for (const s of suffixes) {
    if (lastLine + s.length + 2 > LINE_WIDTH) {
      out += ',\n' + ' '.repeat(indent) + s
      lastLine = indent + s.length
    } else {
      out += ', ' + s
      lastLine += s.length + 2
    }
  }
  return out + ')'
}

/** repr(tensor), e.g. `tensor([[ 0.1234, -0.5678]])`, `tensor(3)`, `tensor([], size=(0, 3))`. */
export function tensorRepr(t: Tensor): string {
  const prefix = 'tensor('
  const indent = prefix.length
  const suffixes: string[] = []
  let text: string
  if (t.numel === 0) {
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(', ')})`)
    if (t.dtype !== 'float32') suffixes.push(`dtype=torch.${t.dtype}`)
    text = '[]'
  } else {
    // int64 and bool are what PyTorch infers from data, so only the narrower ints name their dtype
    if (t.dtype === 'int32' || t.dtype === 'int16' || t.dtype === 'int8') suffixes.push(`dtype=torch.${t.dtype}`)
    const summarize = t.numel > THRESHOLD
    const fmt = new ElementFormat(summarize ? withGradMode(false, () => summarized(t)) : t)
    text = withGradMode(false, () => body(t, indent, summarize, fmt))
  }
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${gradFnName(t.gradFn.op)}>`)
  else if (t.requiresGrad) suffixes.push('requires_grad=True')
  return withSuffixes(prefix + text, suffixes, indent)
}

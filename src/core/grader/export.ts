// Solution files (docs/CONTRACT.md section 3): a notebook-ready .py with one marked cell per node and the cmp() table, and
// an .ipynb that runs top to bottom: the lecture's setup, forward pass, the learner's cells, then cmp().

import type { ModelConfig, NodeVerdict } from '../api'
import { CHECK_ORDER } from '../api'
import { FUSED } from '../exercise/exercises'
import { FORWARD_SOURCE } from '../exercise/forward'
import { LECTURE_NAMES } from '../grade/judge'
import { oneStepCells, readSubmission } from '../grade/notebook'
import { splitCells } from './cells'

const CMP_HELPER = `def cmp(s, dt, t):
  ex = torch.all(dt == t.grad).item()
  app = torch.allclose(dt, t.grad)
  maxdiff = (dt - t.grad).abs().max().item()
  print(f'{s:15s} | exact: {str(ex):5s} | approximate: {str(app):5s} | maxdiff: {maxdiff}')`

/** The marker line that heads a node's cell; the status comment is informational. */
export function markerLine(name: string, verdict?: NodeVerdict): string {
  return verdict === undefined ? `# %% node: ${name}` : `# %% node: ${name}  (${verdict.status})`
}

/** Which lesson a solution belongs to: its id (the lecture is 'makemore-part4'), title and nodes in check order. */
export interface SolutionLesson {
  id: string
  title: string
  order: readonly string[]
}

export const LECTURE: SolutionLesson = { id: 'makemore-part4', title: 'Becoming a backprop ninja (makemore part 4)', order: CHECK_ORDER }

/** The header line naming the lesson a file was exported for: `# Backprop Ninja lesson: <id>`. */
const LESSON_LINE = /^# Backprop Ninja lesson: ([A-Za-z0-9_.:-]+)\s*$/m

/** The lesson a solution text says it was made for (null: it does not say; a pasted cell). */
export function solutionLessonId(text: string): string | null {
  return LESSON_LINE.exec(text.slice(0, 4000))?.[1] ?? null
}

/** The `cmp(...)` calls; those of nodes without a cell run only if their d-variable exists. */
function cmpCalls(cells: ReadonlyMap<string, string>, order: readonly string[]): string {
  return order.map((k) => {
    const call = `cmp('${k}', d${k}, ${k})`
    // a node without a cell yet is skipped when its d-variable is not defined, so the table still runs to the end
    return (cells.get(k) ?? '').trim() === '' ? `if 'd${k}' in globals(): ${call}  # no cell yet` : call
  }).join('\n')
}

/** The .py export: marked cells in the lecture's order, then the cmp() helper and the 26 cmp() calls. */
export function exportPy(cells: ReadonlyMap<string, string>, verdicts: Readonly<Record<string, NodeVerdict>> = {}, lesson: SolutionLesson = LECTURE): string {
  const lecture = lesson.id === LECTURE.id
  const parts = [
    lecture
      ? '# Backprop Ninja: exercise 1, the manual backward pass (Karpathy, makemore part 4).'
      : `# Backprop Ninja: the manual backward pass of the lesson "${lesson.title}".`,
    lecture
      ? '# Paste after the forward pass and loss.backward() in the lecture notebook; each cell is one node.'
      : "# Run it after the lesson file's setup and forward sections and loss.backward(); each cell is one node.",
    `# Backprop Ninja lesson: ${lesson.id}`,
    ''
  ]
  for (const k of lesson.order) {
    parts.push(markerLine(k, verdicts[k]))
    const code = cells.get(k) ?? ''
    parts.push(code.trim() === '' ? `# d${k} = ...` : code)
    parts.push('')
  }
  parts.push('# %% cmp: compare with autograd, as in the lecture')
  parts.push(CMP_HELPER)
  parts.push('')
  parts.push(cmpCalls(cells, lesson.order))
  return parts.join('\n') + '\n'
}

/** Reads a solution file or a pasted notebook cell back into cells (the round trip keeps every character). */
/**
 * What an import found: exercise 1's cells by node, and, from a whole lecture notebook, exercises 2 and 3's cells
 * (`fused`; an exported file carries those in sections the page reads itself).
 */
export interface Imported {
  cells: Map<string, string>
  fused?: Partial<Record<2 | 3, string>>
  warnings: string[]
  error?: string
}

export function importSolution(text: string, lesson: SolutionLesson = LECTURE): Imported {
  // a file that starts with '{' and is not JSON is most likely a damaged notebook: said first, if no cell is found
  let notJson = false
  if (/^\uFEFF?\s*\{/.test(text)) {
    const fromNotebook = cellsFromIpynb(text, lesson)
    if (fromNotebook !== null) return fromNotebook
    notJson = !isJson(text)
  }
  const made = solutionLessonId(text)
  if (made !== null && made !== lesson.id)
    return { cells: new Map(), warnings: [], error: `this solution was made for the lesson '${made}', not '${lesson.id}' (the open lesson): nothing was changed` }
  const split = splitCells(text, lesson.order)
  const cells = new Map<string, string>()
  for (const [k, code] of split.cells) if (!/^# d\w+ = \.\.\.$/.test(code.trim())) cells.set(k, code)
  if (notJson && cells.size === 0) return { cells, warnings: ["it starts with '{' like a notebook (.ipynb) but is not valid JSON: the file may be damaged or cut short"] }
  return { cells, warnings: split.warnings }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''))
    return true
  } catch {
    return false
  }
}

/** The learner's cells out of an exported notebook (cells whose source starts with a node marker). */
function cellsFromIpynb(text: string, lesson: SolutionLesson): Imported | null {
  let nb: unknown
  try {
    nb = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return null
  }
  const list = (nb as { cells?: unknown }).cells
  if (!Array.isArray(list)) return null
  const joined = list
    .filter((c): c is { cell_type: string; source: string | string[] } => typeof c === 'object' && c !== null && (c as { cell_type?: unknown }).cell_type === 'code')
    .map((c) => (Array.isArray(c.source) ? c.source.join('') : String(c.source)))
    .filter((s) => /^# %% node:/.test(s))
    .join('\n')
  if (joined === '')
    return lesson.id === LECTURE.id ? wholeNotebook(text) : { cells: new Map(), warnings: ['the notebook has no Backprop Ninja node cells'] }
  return importSolution(joined, lesson)
}

/**
 * A whole lecture notebook (no node markers): its exercise 1 cells, found as `grade` finds them (the cells that
 * assign several of the 26 dX), split into the nodes' cells; and its exercise 2 and 3 cells (the cells that assign
 * dlogits alone and dhprebn alone), which would overwrite exercise 1's dlogits and dhprebn if run with it.
 */
function wholeNotebook(text: string): Imported {
  const sub = readSubmission('notebook.ipynb', text, LECTURE_NAMES)
  if (!sub.ok) return { cells: new Map(), warnings: [`the notebook has no Backprop Ninja node cells, and ${sub.reason}`] }
  const oneStep = oneStepCells('notebook.ipynb', text, { 2: FUSED[2].target, 3: FUSED[3].target }, LECTURE_NAMES)
  const taken = new Set([oneStep[2]?.cell, oneStep[3]?.cell])
  const byCell = new Map<number, string[]>()
  sub.program.split('\n').forEach((line, i) => {
    const cell = sub.places[i].cell
    byCell.set(cell, [...(byCell.get(cell) ?? []), line])
  })
  const dx = (code: string) => new Set([...code.matchAll(/^\s*d([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?[-+*/]?=(?!=)/gm)].map((m) => m[1]).filter((k) => (CHECK_ORDER as readonly string[]).includes(k))).size
  const exercise1 = [...byCell].filter(([n, lines]) => !taken.has(n) && dx(lines.join('\n')) >= 2)
  const used = exercise1.length > 0 ? exercise1 : [...byCell].filter(([n]) => !taken.has(n))
  const split = splitCells(used.map(([, lines]) => lines.join('\n')).join('\n'))
  const cells = new Map<string, string>()
  for (const [k, code] of split.cells) if (code.trim() !== '') cells.set(k, code)
  const fused: Partial<Record<2 | 3, string>> = {}
  const read: string[] = []
  const numbers = used.map(([n]) => n)
  if (numbers.length > 0) read.push(`${numbers.join(', ')} (exercise 1)`)
  for (const id of [2, 3] as const) {
    const found = oneStep[id]
    if (found === undefined) continue
    fused[id] = found.code
    read.push(`${found.cell} (exercise ${id})`)
  }
  const count = numbers.length + Object.keys(fused).length
  return { cells, fused, warnings: [`read the notebook's cell${count === 1 ? '' : 's'} ${read.join(', ')}`, ...split.warnings] }
}

/** One notebook cell; nbformat 4.5 requires every cell to have an id (letters, digits, '-' and '_'). */
function nbCell(id: string, kind: 'code' | 'markdown', source: string): object {
  const lines = source.split('\n').map((l, i, all) => (i < all.length - 1 ? l + '\n' : l))
  return kind === 'code'
    ? { id, cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: lines }
    : { id, cell_type: 'markdown', metadata: {}, source: lines }
}

/** The setup the contract describes (nbref.py): data set, shuffle, split, parameters from the seeds, a batch. */
function setupSource(config: ModelConfig): string {
  const c = config
  return `import random
import torch
import torch.nn.functional as F

# the app's config (Backprop Ninja's defaults are the lecture's)
seed, bn_seed, shuffle_seed = ${c.seed}, ${c.bn_seed}, ${c.shuffle_seed}
n_embd, n_hidden, block_size, batch_size = ${c.n_embd}, ${c.n_hidden}, ${c.block_size}, ${c.batch_size}

words = open('names.txt', 'r').read().splitlines()  # names.txt from the makemore repository
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
vocab_size = len(stoi)

def build_dataset(words):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(X), torch.tensor(Y)

random.seed(shuffle_seed)
random.shuffle(words)
n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
Xtr, Ytr = build_dataset(words[:n1])
Xdev, Ydev = build_dataset(words[n1:n2])
Xte, Yte = build_dataset(words[n2:])

g = torch.Generator().manual_seed(seed)
C = torch.randn((vocab_size, n_embd), generator=g)
W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5/3) / ((n_embd * block_size) ** 0.5)
b1 = torch.randn(n_hidden, generator=g) * 0.1
W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1
b2 = torch.randn(vocab_size, generator=g) * 0.1
gbn = torch.Generator().manual_seed(bn_seed)
bngain = torch.randn((1, n_hidden), generator=gbn) * 0.1 + 1.0
bnbias = torch.randn((1, n_hidden), generator=gbn) * 0.1
parameters = [C, W1, b1, W2, b2, bngain, bnbias]
for p in parameters:
    p.requires_grad = True

n = batch_size
ix = torch.randint(0, Xtr.shape[0], (n,), generator=g)
Xb, Yb = Xtr[ix], Ytr[ix]`
}

const RETAIN = `for t in [logprobs, probs, counts, counts_sum, counts_sum_inv, norm_logits, logit_maxes, logits, h, hpreact,
          bnraw, bnvar_inv, bnvar, bndiff2, bndiff, hprebn, bnmeani, embcat, emb]:
    t.retain_grad()
loss.backward()
loss`

/** The .ipynb export: runs top to bottom in Jupyter or Colab with names.txt beside it. */
export function exportIpynb(cells: ReadonlyMap<string, string>, config: ModelConfig): string {
  const nbCells: object[] = [
    nbCell('intro', 'markdown', '# Backprop Ninja: exercise 1\nKarpathy\'s *Building makemore Part 4: Becoming a Backprop Ninja*, with your manual backward pass. Put `names.txt` (from the makemore repository) next to this notebook and run all cells.'),
    nbCell('setup', 'code', setupSource(config)),
    nbCell('forward', 'code', `# forward pass, "chunkated" into smaller steps that are possible to backward one at a time\n${FORWARD_SOURCE.trimEnd()}`),
    nbCell('backward', 'code', RETAIN)
  ]
  for (const k of CHECK_ORDER) {
    const code = cells.get(k) ?? ''
    nbCells.push(nbCell(`node-${k}`, 'code', `${markerLine(k)}\n${code.trim() === '' ? `# d${k} = ...` : code}`))
  }
  nbCells.push(nbCell('cmp', 'code', `${CMP_HELPER}\n\n${cmpCalls(cells, CHECK_ORDER)}`))
  return JSON.stringify(
    {
      cells: nbCells,
      metadata: {
        kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
        language_info: { name: 'python' }
      },
      nbformat: 4,
      nbformat_minor: 5
    },
    null,
    1
  )
}

// The Class view: a teacher opens a class's files (several files, a folder, or a drop), they are graded in
// workers against the open lesson, and the page shows a learners x nodes heatmap (Okabe-Ito colours, a letter in
// every cell, sortable), what a cell's learner wrote for that node and its verdict, per node the clusters of
// identical wrong answers, and exports the gradebook as CSV (the CLI's `grade --csv`).

import * as d3 from 'd3'
import { COLOURS } from '../../../core/grade/html'
import { reportCSV, score } from '../../../core/grade/render'
import type { ClassReport } from '../../../core/grade/report'
import { button, h } from '../ui/dom'
import type { WorkerLike } from '../worker/client'
import { isLearnerFile, learnerIds, type PickedName } from './files'
import { cellStatus, ClassModel, hardestNodes, nextOrder, sortRows, type CellStatus, type SortOrder } from './model'
import { GradePool, type PoolFile } from './pool'
import type { GradeSetup } from '../worker/grade-protocol'

export interface ClassViewOptions {
  /** the open lesson's title and what the workers build (null: the lecture) */
  title: string
  setup: GradeSetup
  createWorker: () => WorkerLike
  onClose(): void
  /** saves the CSV; resolves to a sentence for the teacher, or null when cancelled */
  saveCSV(text: string): Promise<string | null>
  notify(kind: 'info' | 'warn' | 'error', text: string): void
}

export interface ClassView {
  element: HTMLElement
  /** shows the view (and puts the focus in it) */
  show(): void
  /** grades these files (what a picker or a drop gives), replacing the class shown */
  grade(files: readonly { file: File; path: string }[]): void
}

/** The heatmap's colours on the dark page: the report's Okabe-Ito ones; "missing" a dark grey that recedes. */
const CELL: Record<CellStatus, { bg: string; fg: string; letter: string }> = {
  pass: colour('pass'),
  shape: colour('shape'),
  fail: colour('fail'),
  error: colour('error'),
  unreadable: colour('unreadable'),
  missing: { bg: '#3a3f4b', fg: '#b5bcc8', letter: COLOURS.missing[1] }
}

const WORDS: Record<CellStatus, string> = { pass: 'pass', shape: 'shape', fail: 'fail', error: 'error', missing: 'missing', unreadable: 'unreadable' }

function colour(status: string): { bg: string; fg: string; letter: string } {
  const [bg, letter, fg] = COLOURS[status]
  return { bg, fg, letter }
}

type Selection = { kind: 'cell'; id: string; node: string } | { kind: 'cluster'; node: string; index: number } | null

/** How many workers grade at once: the cores but one (the page keeps one), between 1 and 4. */
function workerCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2
  return Math.max(1, Math.min(4, cores - 1))
}

export function createClassView(opts: ClassViewOptions): ClassView {
  const filesInput = h('input', { type: 'file', multiple: true, accept: '.py,.ipynb', hidden: true, 'data-testid': 'class-files-input' })
  const folderInput = h('input', { type: 'file', multiple: true, webkitdirectory: true, hidden: true, 'data-testid': 'class-folder-input' })
  const progress = h('span', { class: 'class-progress', role: 'status', 'aria-live': 'polite', 'data-testid': 'class-progress' })
  const exportButton = button('Export CSV', () => void exportCSV(), {
    'data-testid': 'class-export',
    class: 'primary',
    title: 'The gradebook: a row a learner (id, score, a column a node), as grade --csv writes it',
    disabled: true
  })
  const head = h(
    'div',
    { class: 'class-head' },
    h('h2', { class: 'class-title' }, 'Class', h('span', { class: 'muted' }, ` · ${opts.title}`)),
    progress,
    h('span', { class: 'spacer' }),
    button('Open files…', () => filesInput.click(), { 'data-testid': 'class-open-files', title: "Open the class's .py scripts or .ipynb notebooks (select many)" }),
    button('Open folder…', () => folderInput.click(), { 'data-testid': 'class-open-folder', title: 'Open a folder: every .py and .ipynb inside it is one learner' }),
    exportButton,
    button('Close', () => opts.onClose(), { 'data-testid': 'class-close', title: 'Back to the exercise' }),
    filesInput,
    folderInput
  )
  const summary = h('div', { class: 'class-summary', 'data-testid': 'class-summary' })
  const empty = h(
    'div',
    { class: 'class-empty', 'data-testid': 'class-drop' },
    h('p', { class: 'class-empty-title' }, 'Drop a class here'),
    h(
      'p',
      {},
      `Drop learners' files or a folder of them here, or open them with the buttons above. Each .py script or .ipynb notebook is one learner, graded against ${opts.title} in a worker (as the command line's grade does): a row a learner, a column a node.`
    )
  )
  const table = h('table', { class: 'class-heat', 'data-testid': 'class-heatmap' })
  const thead = h('thead')
  const tbody = h('tbody', { tabindex: '0', 'aria-label': 'Learners by nodes: arrow keys move, the verdict is shown beside' })
  table.append(thead, tbody)
  const heatScroll = h('div', { class: 'class-heat-scroll', hidden: true }, table)
  const detail = h('section', { class: 'class-detail', 'aria-label': 'Selected cell or cluster', 'data-testid': 'class-detail', 'aria-live': 'polite' })
  const clusters = h('section', { class: 'class-clusters', 'aria-label': 'Clusters of identical wrong answers', 'data-testid': 'class-clusters' })
  const main = h('div', { class: 'class-main' }, summary, empty, heatScroll)
  const side = h('aside', { class: 'class-side' }, detail, clusters)
  const body = h('div', { class: 'class-body empty' }, main, side)
  const element = h('main', { class: 'class-view', 'data-testid': 'class-view', 'aria-label': 'Class view' }, head, body)

  let model: ClassModel | null = null
  let pool: GradePool | null = null
  let total = 0
  let state: 'idle' | 'starting' | 'grading' | 'done' | 'failed' = 'idle'
  let order: SortOrder = { key: 'id', dir: 1 }
  let selection: Selection = null
  let shownRows: string[] = []
  let frame: number | null = null

  const schedule = (): void => {
    if (frame !== null) return
    frame = requestAnimationFrame(() => {
      frame = null
      render()
    })
  }

  function pickedFrom(input: HTMLInputElement): { file: File; path: string }[] {
    return [...(input.files ?? [])].map((file) => ({ file, path: file.webkitRelativePath ?? '' }))
  }
  filesInput.addEventListener('change', () => {
    grade(pickedFrom(filesInput).map((f) => ({ ...f, path: '' })))
    filesInput.value = ''
  })
  folderInput.addEventListener('change', () => {
    grade(pickedFrom(folderInput))
    folderInput.value = ''
  })

  // a drop anywhere on the view: files, and folders walked for their .py/.ipynb files
  element.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    element.classList.add('dropping')
  })
  element.addEventListener('dragleave', (event) => {
    if (event.target === element || !element.contains(event.relatedTarget as Node | null)) element.classList.remove('dropping')
  })
  element.addEventListener('drop', (event) => {
    event.preventDefault()
    element.classList.remove('dropping')
    const data = event.dataTransfer
    if (!data) return
    void droppedFiles(data).then((files) => grade(files))
  })

  function grade(picked: readonly { file: File; path: string }[]): void {
    const kept = picked.filter((p) => isLearnerFile({ name: p.file.name, path: p.path }))
    if (kept.length === 0) {
      opts.notify('warn', picked.length === 0 ? 'No files were opened.' : 'No .py or .ipynb file among those: each learner is one .py script or .ipynb notebook.')
      return
    }
    pool?.cancel()
    const ids = learnerIds(kept.map((p): PickedName => ({ name: p.file.name, path: p.path })))
    const files: PoolFile[] = kept.map((p, i) => ({ id: ids[i], name: p.file.name, size: p.file.size, read: () => p.file.arrayBuffer() }))
    total = files.length
    model = null
    selection = null
    state = 'starting'
    const run = new GradePool(files, {
      setup: opts.setup,
      createWorker: opts.createWorker,
      workers: workerCount(),
      fileMillis: 60_000,
      setupMillis: 120_000,
      onReady: (title, nodes) => {
        if (pool !== run) return
        model = new ClassModel(title, nodes)
        state = 'grading'
        schedule()
      },
      onGraded: (id, file) => {
        if (pool !== run || model === null) return
        model.add(id, file)
        schedule()
      }
    })
    pool = run
    run.done.then(
      () => {
        if (pool !== run) return
        state = 'done'
        schedule()
      },
      (error: Error) => {
        if (pool !== run) return
        state = 'failed'
        opts.notify('error', `The class could not be graded: ${error.message}`)
        schedule()
      }
    )
    render()
  }

  async function exportCSV(): Promise<void> {
    if (model === null) return
    try {
      const said = await opts.saveCSV(reportCSV(model.report()))
      if (said !== null) opts.notify('info', said)
    } catch (error) {
      opts.notify('error', `Export failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  // *** clicks and keys ***
  thead.addEventListener('click', (event) => {
    const th = (event.target as Element).closest('th')
    const key = th?.getAttribute('data-sort')
    if (!key) return
    order = nextOrder(order, key as SortOrder['key'])
    render()
  })
  tbody.addEventListener('click', (event) => {
    const td = (event.target as Element).closest('td.s')
    const tr = td?.closest('tr')
    const id = tr?.getAttribute('data-learner')
    const node = td?.getAttribute('data-node')
    if (!id || !node) return
    select({ kind: 'cell', id, node })
  })
  tbody.addEventListener('keydown', (event) => {
    if (model === null || shownRows.length === 0) return
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }
    const move = moves[event.key]
    if (move === undefined) return
    event.preventDefault()
    const nodes = model.nodes
    const at = selection?.kind === 'cell' ? selection : { id: shownRows[0], node: nodes[0] }
    const r = Math.max(0, Math.min(shownRows.length - 1, shownRows.indexOf(at.id) + (selection?.kind === 'cell' ? move[0] : 0)))
    const c = Math.max(0, Math.min(nodes.length - 1, nodes.indexOf(at.node) + (selection?.kind === 'cell' ? move[1] : 0)))
    select({ kind: 'cell', id: shownRows[r], node: nodes[c] })
    tbody.querySelector<HTMLElement>(`tr[data-learner="${CSS.escape(shownRows[r])}"] td.s[data-node="${CSS.escape(nodes[c])}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  })

  function select(next: Selection): void {
    selection = next
    render()
  }

  // *** drawing ***
  function render(): void {
    const report = model?.report() ?? null
    const graded = model?.size ?? 0
    progress.textContent =
      state === 'idle'
        ? ''
        : state === 'starting'
          ? `Building the lesson to grade ${total} file${total === 1 ? '' : 's'}…`
          : state === 'grading'
            ? `Grading… ${graded} of ${total}`
            : state === 'failed'
              ? 'Grading failed'
              : `${graded} file${graded === 1 ? '' : 's'} graded`
    progress.setAttribute('data-state', state)
    exportButton.disabled = report === null || report.learners.length === 0
    empty.hidden = state !== 'idle' && state !== 'failed'
    heatScroll.hidden = report === null
    body.classList.toggle('empty', report === null)
    if (report === null || model === null) {
      summary.replaceChildren()
      detail.replaceChildren()
      clusters.replaceChildren()
      shownRows = []
      return
    }
    renderSummary(report)
    renderHeatmap(model, report)
    renderClusters(model, report)
    renderDetail(model)
  }

  function renderSummary(report: ClassReport): void {
    const rows = report.learners
    const count = (s: string) => rows.filter((r) => r.status === s).length
    const mean = rows.length === 0 ? 0 : rows.reduce((s, r) => s + r.passed / (r.total || 1), 0) / rows.length
    const hardest = hardestNodes(report)
    const legend = h(
      'span',
      { class: 'class-legend', 'aria-label': 'Legend' },
      ...(['pass', 'shape', 'fail', 'error', 'missing', 'unreadable'] as const).map((s) =>
        h('span', { class: 'chip', style: `background:${CELL[s].bg};color:${CELL[s].fg}` }, `${CELL[s].letter} ${WORDS[s]}`)
      )
    )
    summary.replaceChildren(
      h(
        'p',
        {},
        `${rows.length} learner${rows.length === 1 ? '' : 's'} (${count('graded')} graded, ${count('error')} with an error, ${count('unreadable')} unreadable); mean score ${score(Math.round(mean * 10_000), 10_000)}.`,
        hardest.length === 0 ? '' : ` Most missed: ${hardest.map((x) => `d${x.node} (${x.wrong})`).join(', ')}.`
      ),
      legend
    )
  }

  function renderHeatmap(m: ClassModel, report: ClassReport): void {
    const nodes = m.nodes
    const heads: { key: string; label: string; cls: string; title: string }[] = [
      { key: 'id', label: 'learner', cls: 'id', title: 'Sort by learner' },
      { key: 'score', label: 'score', cls: 'score', title: 'Sort by score (nodes passing over nodes)' },
      ...nodes.map((k) => ({ key: `node:${k}`, label: k, cls: 'node', title: `Sort by d${k}: wrong answers first` }))
    ]
    d3.select(thead)
      .selectAll('tr')
      .data([0])
      .join('tr')
      .selectAll<HTMLTableCellElement, (typeof heads)[number]>('th')
      .data(heads, (d) => d.key)
      .join((enter) =>
        enter
          .append('th')
          .attr('class', (d) => d.cls)
          .attr('data-sort', (d) => d.key)
          .attr('title', (d) => d.title)
          .attr('scope', 'col')
          .attr('data-testid', (d) => (d.key === 'score' ? 'class-sort-score' : d.key === 'id' ? 'class-sort-id' : null))
          .call((th) => th.append('span').text((d) => d.label))
      )
      .attr('aria-sort', (d) => (d.key === order.key ? (order.dir === 1 ? 'ascending' : 'descending') : null))

    const rows = sortRows(report.learners, order)
    shownRows = rows.map((r) => r.id)
    const chosen = selection
    const members = chosen?.kind === 'cluster' ? new Set(m.cluster(chosen.node, chosen.index)?.learners ?? []) : null
    const tr = d3
      .select(tbody)
      .selectAll<HTMLTableRowElement, (typeof rows)[number]>('tr')
      .data(rows, (r) => r.id)
      .join((enter) => {
        const row = enter.append('tr').attr('data-testid', 'class-row')
        row.append('th').attr('class', 'id').attr('scope', 'row')
        row.append('td').attr('class', 'score')
        return row
      })
      .attr('data-learner', (r) => r.id)
      .attr('data-status', (r) => r.status)
    tr.order()
    tr.select('th.id')
      .text((r) => r.id)
      .attr('title', (r) => (r.error === undefined ? r.id : `${r.id}: ${r.error}`))
    tr.select('td.score')
      .text((r) => `${r.passed}/${r.total}`)
      .attr('data-score', (r) => score(r.passed, r.total))
    tr.selectAll<HTMLTableCellElement, { node: string; status: CellStatus; id: string }>('td.s')
      .data((r) => nodes.map((node) => ({ node, status: cellStatus(r, node), id: r.id })))
      .join('td')
      .attr('class', (d) => {
        const sel = chosen?.kind === 'cell' && chosen.id === d.id && chosen.node === d.node
        const inCluster = members !== null && chosen?.kind === 'cluster' && chosen.node === d.node && members.has(d.id)
        return `s${sel ? ' selected' : ''}${inCluster ? ' in-cluster' : ''}`
      })
      .attr('data-testid', 'class-cell')
      .attr('data-node', (d) => d.node)
      .attr('data-status', (d) => d.status)
      .attr('title', (d) => `${d.id} · d${d.node}: ${WORDS[d.status]}`)
      .style('background', (d) => CELL[d.status].bg)
      .style('color', (d) => CELL[d.status].fg)
      .text((d) => CELL[d.status].letter)
  }

  function renderClusters(m: ClassModel, report: ClassReport): void {
    const sections: HTMLElement[] = []
    for (const node of m.nodes) {
      const n = report.nodes[node]
      if (n.clusters.length === 0) continue
      const counts = (['fail', 'shape', 'error'] as const).filter((s) => n[s] > 0).map((s) => `${n[s]} ${s}`)
      sections.push(
        h(
          'section',
          { class: 'class-node', 'data-node': node },
          h('h4', {}, h('code', {}, `d${node}`), h('span', { class: 'muted' }, ` ${counts.join(' · ')} · ${n.pass} pass`)),
          ...n.clusters.map((c, index) => {
            const selected = selection?.kind === 'cluster' && selection.node === node && selection.index === index
            return button('', () => select({ kind: 'cluster', node, index }), {
              class: `cluster${selected ? ' selected' : ''}`,
              'data-testid': 'class-cluster',
              'data-node': node,
              'data-count': String(c.count),
              'aria-pressed': String(selected),
              title: c.diagnosis
            })
          })
        )
      )
      // the buttons' contents: the count, then the diagnosis cut to its line
      const buttons = sections[sections.length - 1].querySelectorAll('button.cluster')
      n.clusters.forEach((c, i) => buttons[i].replaceChildren(h('b', {}, `${c.count}×`), h('span', {}, c.diagnosis)))
    }
    clusters.replaceChildren(
      h('h3', {}, 'Identical wrong answers'),
      sections.length === 0 ? h('p', { class: 'muted' }, 'No wrong answers so far.') : h('p', { class: 'muted hint' }, 'Per node, largest first: write the feedback once per mistake.'),
      ...sections
    )
  }

  function renderDetail(m: ClassModel): void {
    const chosen = selection
    if (chosen === null) {
      detail.replaceChildren(h('p', { class: 'muted' }, "Click a cell to see that learner's code for the node and its verdict, or a cluster to see who gave that answer."))
      return
    }
    if (chosen.kind === 'cell') {
      const v = m.cell(chosen.id, chosen.node)
      if (v === null) return void detail.replaceChildren()
      const c = CELL[v.status]
      const where = v.cells.length > 0 ? `${v.cells.length === 1 ? 'cell' : 'cells'} ${v.cells.join(', ')} of the file used` : ''
      const parts: (HTMLElement | null)[] = [
        h('h3', {}, h('span', { class: 'learner' }, v.id), ' · ', h('code', {}, `d${v.node}`)),
        h('p', {}, h('span', { class: 'chip', style: `background:${c.bg};color:${c.fg}`, 'data-testid': 'class-detail-status' }, `${c.letter} ${WORDS[v.status]}`)),
        v.diagnosis === '' ? null : h('p', { class: 'diagnosis', 'data-testid': 'class-detail-diagnosis' }, v.diagnosis),
        v.problem === '' ? null : h('p', { class: 'problem' }, v.status === 'unreadable' ? `Not graded: ${v.problem}` : v.problem),
        where === '' && v.notes.length === 0 ? null : h('p', { class: 'muted' }, [where, ...v.notes].filter((x) => x !== '').join('; ')),
        v.status === 'unreadable'
          ? null
          : v.code === ''
            ? h('p', { class: 'muted' }, `No cell of this file assigns d${v.node}.`)
            : h('pre', { class: 'code', 'data-testid': 'class-detail-code' }, v.code)
      ]
      detail.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null))
      return
    }
    const c = m.cluster(chosen.node, chosen.index)
    if (c === null) return void detail.replaceChildren()
    const list = h('ul', { class: 'members', 'data-testid': 'class-cluster-members' })
    for (const id of c.learners) list.append(h('li', {}, button(id, () => select({ kind: 'cell', id, node: chosen.node }), { class: 'link', title: `Show ${id}'s d${chosen.node}` })))
    detail.replaceChildren(
      h('h3', {}, h('code', {}, `d${chosen.node}`), ` · ${c.count} learner${c.count === 1 ? '' : 's'}`),
      h('p', { class: 'diagnosis', 'data-testid': 'class-detail-diagnosis' }, c.diagnosis),
      list,
      h('p', { class: 'muted' }, `The first one's cell:`),
      h('pre', { class: 'code', 'data-testid': 'class-detail-code' }, c.example === '' ? '(no cell)' : c.example)
    )
  }

  render()
  return {
    element,
    show() {
      element.hidden = false
      render()
    },
    grade
  }
}

/** What a drop holds: its files, and the .py/.ipynb files in its folders (with their paths from the folder). */
async function droppedFiles(data: DataTransfer): Promise<{ file: File; path: string }[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.() ?? null)
  if (entries.some((e) => e === null)) return [...data.files].map((file) => ({ file, path: '' }))
  const out: { file: File; path: string }[] = []
  const walk = async (entry: FileSystemEntry, top: boolean): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))
      out.push({ file, path: top ? '' : entry.fullPath.replace(/^\//, '') })
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader()
      // readEntries hands out a directory in batches, until an empty one
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
        if (batch.length === 0) break
        for (const e of batch.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) await walk(e, false)
      }
    }
  }
  for (const e of entries as FileSystemEntry[]) await walk(e, true)
  return out
}

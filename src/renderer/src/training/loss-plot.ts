// The live loss plot of exercise 4, drawn with d3: log10 of every step's batch loss (as the lecture plots lossi),
// decimated to one min–max stroke per pixel column, a smoothed line over it, the step where the learning rate
// drops, and optionally the previous run's smoothed line to compare. Redraws are throttled (at most ~5 a second)
// and cost one pass over the steps that arrived since the last one.

import * as d3 from 'd3'
import { extentOf, smoothingWindow, type LossSeries, type Point } from './loss-series'

export interface LossPlot {
  element: HTMLElement
  /** starts drawing a new run's series (the old one becomes the comparison line when `keepPrevious`) */
  reset(series: LossSeries, options: { lrDecayStep: number; label: string; keepPrevious: boolean }): void
  /** asks for a redraw soon (new losses arrived) */
  schedule(): void
  /** redraws now */
  draw(): void
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** A step on the axis: 500, 1.5k, 200k. */
function stepLabel(step: number): string {
  return step >= 1000 ? `${Number((step / 1000).toFixed(1))}k` : String(step)
}
const HEIGHT = 300
const MARGIN = { top: 14, right: 18, bottom: 36, left: 56 }

export function createLossPlot(): LossPlot {
  const element = document.createElement('figure')
  element.className = 'loss-plot'
  element.dataset.testid = 'loss-plot'
  const svg = d3
    .select(element)
    .append(() => document.createElementNS(SVG_NS, 'svg'))
    .attr('role', 'img')
    .attr('height', HEIGHT)
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`)
  const xAxis = plot.append('g').attr('class', 'axis axis-x')
  const yAxis = plot.append('g').attr('class', 'axis axis-y')
  const decay = plot.append('g').attr('class', 'lr-decay')
  decay.append('line')
  decay.append('text').attr('dy', '-0.35em').text('lr 0.1 → 0.01')
  const previousLine = plot.append('path').attr('class', 'loss-previous')
  const rawLine = plot.append('path').attr('class', 'loss-raw')
  const smoothLine = plot.append('path').attr('class', 'loss-smooth')
  const labels = svg.append('g').attr('class', 'axis-labels')
  const xLabel = labels.append('text').attr('class', 'axis-label').attr('text-anchor', 'middle').text('step')
  labels
    .append('text')
    .attr('class', 'axis-label')
    .attr('text-anchor', 'middle')
    .attr('transform', `translate(14,${MARGIN.top + (HEIGHT - MARGIN.top - MARGIN.bottom) / 2}) rotate(-90)`)
    .text('log10(loss)')
  const empty = plot.append('text').attr('class', 'plot-empty').attr('text-anchor', 'middle').text('The loss of every step appears here as the model trains.')
  const legend = document.createElement('figcaption')
  const readout = document.createElement('output')
  readout.className = 'readout'
  element.append(legend)

  let series: LossSeries | null = null
  let previous: { points: Point[]; label: string } | null = null
  let lrDecayStep = Infinity
  let label = ''
  let pending = false
  let lastDraw = 0
  let width = 640
  let lastWindow = 1
  let x = d3.scaleLinear()
  let y = d3.scaleLinear()

  const line = d3
    .line<Point>()
    .x((p) => x(p.step))
    .y((p) => y(p.value))

  function draw(): void {
    pending = false
    lastDraw = performance.now()
    width = Math.max(320, element.clientWidth || width)
    svg.attr('width', width).attr('viewBox', `0 0 ${width} ${HEIGHT}`)
    const innerWidth = width - MARGIN.left - MARGIN.right
    const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom
    xLabel.attr('x', MARGIN.left + innerWidth / 2).attr('y', HEIGHT - 4)
    empty.attr('x', innerWidth / 2).attr('y', innerHeight / 2)
    const total = series?.total ?? 1
    x = d3.scaleLinear().domain([0, total]).range([0, innerWidth])
    // one bucket per pixel column of the whole run
    const buckets = series ? series.buckets(Math.ceil(total / innerWidth)) : []
    lastWindow = smoothingWindow(total)
    const smooth = series ? series.smoothed(lastWindow, innerWidth / 2) : []
    // the previous run is drawn over this run's steps only (it may have been longer)
    const before = previous ? previous.points.filter((p) => p.step <= total) : []
    const extents = [extentOf(buckets), before.length ? (d3.extent(before, (p) => p.value) as [number, number]) : null].filter(
      (e): e is [number, number] => e !== null
    )
    const lo = d3.min(extents, (e) => e[0]) ?? 0
    const hi = d3.max(extents, (e) => e[1]) ?? 1
    const pad = Math.max(0.02, (hi - lo) * 0.05)
    y = d3.scaleLinear().domain([lo - pad, hi + pad]).range([innerHeight, 0]).nice()

    // before the first run there is nothing to measure: no axes, just the sentence
    const started = series !== null
    for (const part of [xAxis, yAxis, labels]) part.attr('display', started ? null : 'none')
    element.classList.toggle('waiting', !started)
    xAxis.attr('transform', `translate(0,${innerHeight})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(innerWidth / 90))).tickFormat((v) => stepLabel(Number(v))))
    yAxis.call(d3.axisLeft(y).ticks(6).tickSize(-innerWidth).tickSizeOuter(0))
    yAxis.select('.domain').remove()
    const decays = lrDecayStep > 0 && lrDecayStep < total
    decay.attr('display', decays ? null : 'none')
    if (decays) decay.attr('transform', `translate(${x(lrDecayStep)},0)`)
    decay.select('line').attr('y1', 0).attr('y2', innerHeight)

    const raw: Point[] = []
    for (const b of buckets) {
      raw.push({ step: b.start, value: b.max })
      if (b.min !== b.max) raw.push({ step: b.start, value: b.min })
    }
    rawLine.attr('d', raw.length > 1 ? line(raw) : null)
    smoothLine.attr('d', smooth.length > 1 ? line(smooth) : null)
    previousLine.attr('d', before.length > 1 ? line(before) : null)
    empty.attr('display', series && series.count > 0 ? 'none' : null)

    // what the tests and screen readers can read off the plot
    const steps = series?.count ?? 0
    svg.attr('data-steps', steps)
    svg.attr('data-smooth-first', smooth.length ? smooth[0].value.toFixed(4) : null)
    svg.attr('data-smooth-last', smooth.length ? smooth[smooth.length - 1].value.toFixed(4) : null)
    svg.attr(
      'aria-label',
      steps === 0
        ? 'Loss plot: no steps yet'
        : `Loss plot: ${steps} steps; smoothed log10 loss from ${smooth[0]?.value.toFixed(3)} to ${smooth[smooth.length - 1]?.value.toFixed(3)}`
    )
    renderLegend()
  }

  function renderLegend(): void {
    const swatch = (cls: string) => {
      const s = document.createElement('span')
      s.className = `swatch-line ${cls}`
      return s
    }
    const item = (cls: string, text: string) => {
      const span = document.createElement('span')
      span.className = 'legend-entry'
      span.append(swatch(cls), text)
      return span
    }
    if (!series) {
      legend.replaceChildren()
      return
    }
    legend.replaceChildren(
      item('loss-raw', `log10 loss of each step${label ? ` (${label})` : ''}`),
      item('loss-smooth', `mean of the last ${lastWindow.toLocaleString('en-US')} steps`),
      ...(previous ? [item('loss-previous', `previous run (${previous.label}), mean`)] : []),
      readout
    )
  }

  // pointing at the plot reads the loss there (the mean of the steps under that pixel)
  svg.on('mousemove', (event: MouseEvent) => {
    if (!series || series.count === 0) return
    const [px] = d3.pointer(event, plot.node())
    const step = Math.round(x.invert(px))
    if (step < 0 || step >= series.count) {
      readout.textContent = ''
      return
    }
    const size = Math.max(1, Math.ceil(series.total / (width - MARGIN.left - MARGIN.right)))
    const start = Math.floor(step / size) * size
    const value = series.mean(start, start + size)
    readout.textContent = Number.isFinite(value) ? `step ${step.toLocaleString('en-US')}: loss ${(10 ** value).toFixed(3)} (log10 ${value.toFixed(3)})` : ''
  })
  svg.on('mouseleave', () => {
    readout.textContent = ''
  })

  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => schedule()).observe(element)

  function schedule(): void {
    if (pending) return
    pending = true
    const wait = Math.max(0, 200 - (performance.now() - lastDraw))
    setTimeout(() => requestAnimationFrame(draw), wait)
  }

  return {
    element,
    reset(next, options) {
      if (options.keepPrevious && series && series.count > 1)
        previous = { points: series.smoothed(smoothingWindow(series.total), 400), label }
      else if (!options.keepPrevious) previous = null
      series = next
      lrDecayStep = options.lrDecayStep
      label = options.label
      draw()
    },
    schedule,
    draw
  }
}

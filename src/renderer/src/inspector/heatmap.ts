// A tensor as a heatmap: one pixel per element on a canvas scaled up crisply, a colour bar, and a readout of the
// element under the pointer.

import * as d3 from 'd3'
import type { TensorView } from '../../../core/api'
import { colorDomain, formatValue, gridShape, imshowDomain, indexOf } from './grid'

export interface HeatmapOptions {
  /** caption above the map */
  title: string
  /** the largest drawn size, CSS px */
  maxWidth: number
  maxHeight: number
  symmetric?: boolean
  /** a shared colour domain (to compare two maps) */
  domain?: { lo: number; hi: number; diverging: boolean }
  /** 'gray': matplotlib's cmap='gray', black at the minimum and white at the maximum, as the lecture's imshow */
  colormap?: 'gray'
}

const gray = d3.interpolateRgb('#000', '#fff')

function interpolator(diverging: boolean, colormap?: 'gray'): (t: number) => string {
  if (colormap === 'gray') return gray
  // RdBu reads red as negative; reversed so that positive is warm, as most people expect.
  return diverging ? (t) => d3.interpolateRdBu(1 - t) : d3.interpolateViridis
}

/** Builds the heatmap figure for `view`. */
export function heatmap(view: TensorView, options: HeatmapOptions): HTMLElement {
  const { rows, cols } = gridShape(view.shape)
  const domain = options.domain ?? (options.colormap === 'gray' ? imshowDomain(view.stats) : colorDomain(view.stats, options.symmetric))
  const colour = interpolator(domain.diverging, options.colormap)
  const span = domain.hi - domain.lo || 1

  const figure = document.createElement('figure')
  figure.className = 'heatmap'
  const caption = document.createElement('figcaption')
  caption.textContent = options.title
  figure.append(caption)

  const canvas = document.createElement('canvas')
  canvas.width = cols
  canvas.height = rows
  // cells as wide as the pane allows; as tall as that too unless the map would get too tall (then they flatten)
  const cellWidth = Math.max(1, Math.min(16, options.maxWidth / cols))
  // (a single row, like a bias, stays tall enough to see and point at)
  const cellHeight = Math.max(1, Math.min(cellWidth, options.maxHeight / rows), Math.min(18, 36 / rows))
  canvas.style.width = `${Math.round(cols * cellWidth)}px`
  // the height follows the width, so a pane narrowed after drawing shrinks the map (max-width) instead of cutting it
  canvas.style.aspectRatio = `${Math.round(cols * cellWidth)} / ${Math.round(rows * cellHeight)}`
  canvas.setAttribute('role', 'img')
  canvas.dataset.colormap = options.colormap ?? (domain.diverging ? 'diverging' : 'viridis')
  canvas.setAttribute('aria-label', `${options.title}: heatmap of ${rows} by ${cols} values from ${formatValue(view.stats.min)} to ${formatValue(view.stats.max)}`)
  const context = canvas.getContext('2d')
  if (context) {
    const image = context.createImageData(cols, rows)
    for (let i = 0; i < rows * cols; i++) {
      const v = view.data[i]
      const c = Number.isFinite(v) ? d3.rgb(colour(Math.max(0, Math.min(1, (v - domain.lo) / span)))) : d3.rgb('#ff00ff')
      image.data[i * 4] = c.r
      image.data[i * 4 + 1] = c.g
      image.data[i * 4 + 2] = c.b
      image.data[i * 4 + 3] = 255
    }
    context.putImageData(image, 0, 0)
  }
  figure.append(canvas)

  const footer = document.createElement('div')
  footer.className = 'heatmap-footer'
  const bar = document.createElement('span')
  bar.className = 'colorbar'
  const stops = d3.range(0, 1.01, 0.1).map((t) => colour(t))
  bar.style.background = `linear-gradient(to right, ${stops.join(', ')})`
  const lo = document.createElement('span')
  lo.textContent = formatValue(domain.lo)
  const hi = document.createElement('span')
  hi.textContent = formatValue(domain.hi)
  const readout = document.createElement('output')
  readout.className = 'readout'
  readout.textContent = 'point at a cell to read it'
  footer.append(lo, bar, hi, readout)
  figure.append(footer)

  canvas.addEventListener('mousemove', (event) => {
    const rect = canvas.getBoundingClientRect()
    const col = Math.floor(((event.clientX - rect.left) / rect.width) * cols)
    const row = Math.floor(((event.clientY - rect.top) / rect.height) * rows)
    if (col < 0 || row < 0 || col >= cols || row >= rows) return
    const flat = row * cols + col
    const index = view.shape.length === 0 ? '' : `[${indexOf(view.shape, flat).join(', ')}]`
    readout.textContent = `${index} = ${formatValue(view.data[flat])}`
  })
  canvas.addEventListener('mouseleave', () => {
    readout.textContent = 'point at a cell to read it'
  })
  return figure
}

// The loss curve's data: every step's log10 loss as it arrives, and the two views the plot draws of it. 200,000
// points can't all be drawn, so the raw curve is decimated to one min–max pair per pixel column (noise and spikes
// stay visible), and the smoothed curve is a trailing mean read off prefix sums. Pure (no DOM).

/** One pixel column of the raw curve: the steps [start, end) it covers and their lowest and highest log10 loss. */
export interface Bucket {
  start: number
  end: number
  min: number
  max: number
}

export interface Point {
  step: number
  value: number
}

/** The smoothing window for a run: about a hundredth of it, and never above the lecture's 1,000 steps. */
export function smoothingWindow(total: number): number {
  return Math.max(1, Math.min(1000, Math.round(total / 100)))
}

export class LossSeries {
  /** log10 of each step's loss (NaN where the loss was not a positive finite number) */
  readonly values: Float32Array
  /** sums of the finite values before each step, and how many there were: means over any range in O(1) */
  private readonly sums: Float64Array
  private readonly finite: Uint32Array
  private filled = 0
  // completed buckets are final: kept, so a redraw only scans the steps after them
  private cachedSize = 0
  private cached: Bucket[] = []

  constructor(readonly total: number) {
    this.values = new Float32Array(total)
    this.sums = new Float64Array(total + 1)
    this.finite = new Uint32Array(total + 1)
  }

  /** How many steps have arrived. */
  get count(): number {
    return this.filled
  }

  /** Adds the losses of steps from, from+1, ...; `from` must be the next step expected (earlier steps are skipped). */
  append(from: number, losses: ArrayLike<number>): void {
    if (from > this.filled) throw new Error(`losses from step ${from} arrived before step ${this.filled}`)
    for (let i = this.filled - from; i < losses.length && this.filled < this.total; i++) {
      const loss = losses[i]
      const value = loss > 0 && Number.isFinite(loss) ? Math.log10(loss) : NaN
      const at = this.filled
      this.values[at] = value
      const ok = Number.isFinite(value)
      this.sums[at + 1] = this.sums[at] + (ok ? value : 0)
      this.finite[at + 1] = this.finite[at] + (ok ? 1 : 0)
      this.filled++
    }
  }

  /** The mean log10 loss over steps [start, end), or NaN when none of them is finite. */
  mean(start: number, end: number): number {
    const a = Math.max(0, start)
    const b = Math.min(this.filled, end)
    const n = b > a ? this.finite[b] - this.finite[a] : 0
    return n > 0 ? (this.sums[b] - this.sums[a]) / n : NaN
  }

  /** The raw curve in buckets of `size` steps (the last one partial), skipping buckets with no finite value. */
  buckets(size: number): readonly Bucket[] {
    const step = Math.max(1, Math.floor(size))
    if (step !== this.cachedSize) {
      this.cachedSize = step
      this.cached = []
    }
    // drop the last cached bucket if it was partial: it may have grown
    const last = this.cached[this.cached.length - 1]
    if (last && last.end - last.start < step) this.cached.pop()
    let start = this.cached.length > 0 ? this.cached[this.cached.length - 1].end : 0
    for (; start < this.filled; start += step) {
      const end = Math.min(start + step, this.filled)
      let min = Infinity
      let max = -Infinity
      for (let i = start; i < end; i++) {
        const v = this.values[i]
        if (v < min) min = v
        if (v > max) max = v
      }
      if (min <= max) this.cached.push({ start, end, min, max })
    }
    return this.cached
  }

  /**
   * The smoothed curve: the mean over the `window` steps up to each of `points` steps spread evenly over the whole
   * run (so they stay put as the run grows), and at the last step so far.
   */
  smoothed(window: number, points: number): Point[] {
    const out: Point[] = []
    if (this.filled === 0) return out
    const every = Math.max(1, Math.ceil(this.total / Math.max(1, points)))
    for (let end = Math.min(every, this.filled); ; end = Math.min(end + every, this.filled)) {
      const value = this.mean(end - window, end)
      if (Number.isFinite(value)) out.push({ step: end, value })
      if (end === this.filled) break
    }
    return out
  }
}

/** The lowest and highest value in a set of buckets (null when empty). */
export function extentOf(buckets: readonly Bucket[]): [number, number] | null {
  let lo = Infinity
  let hi = -Infinity
  for (const b of buckets) {
    if (b.min < lo) lo = b.min
    if (b.max > hi) hi = b.max
  }
  return lo <= hi ? [lo, hi] : null
}

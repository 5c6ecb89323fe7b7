// "Did you mean ...?" for misspelt names, with CPython's rule for how far a suggestion may be from the typo.

const MOVE_COST = 2
const CASE_COST = 1

/** CPython's weighted edit distance: a change of case costs half of any other edit. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j * MOVE_COST)
  for (let i = 1; i <= a.length; i++) {
    const row = [i * MOVE_COST]
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1]
      const y = b[j - 1]
      const sub = x === y ? 0 : x.toLowerCase() === y.toLowerCase() ? CASE_COST : MOVE_COST
      row.push(Math.min(prev[j] + MOVE_COST, row[j - 1] + MOVE_COST, prev[j - 1] + sub))
    }
    prev = row
  }
  return prev[b.length]
}

/** The candidate closest to `name` within CPython's budget, or null; private names are never suggested. */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  if (name.length > 40) return null
  let best: string | null = null
  let bestDistance = Infinity
  for (const c of [...candidates].sort()) {
    if (c === name || c.startsWith('_')) continue
    const d = distance(name, c)
    const budget = Math.floor(((name.length + c.length + 3) * MOVE_COST) / 6)
    if (d <= budget && d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}

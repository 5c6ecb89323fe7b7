// Python's str is a sequence of code points; JavaScript's of UTF-16 units. These helpers give len(s), s[i] and
// s[a:b:c] by code point without copying the string for the common case of text with no astral characters (where
// one unit is one code point), so a loop over s[i] costs what it costs in Python.

/** A string that was just looked at, and whether it has surrogates (a one-entry cache: loops index one string). */
let lastText = ''
let lastAstral = false

const SURROGATE = /[\uD800-\uDFFF]/

/** True when some code point of s takes two UTF-16 units (or s holds a lone surrogate). */
function hasSurrogates(s: string): boolean {
  if (s.length < 32) return SURROGATE.test(s)
  if (s === lastText) return lastAstral
  lastText = s
  lastAstral = SURROGATE.test(s)
  return lastAstral
}

/** len(s): the number of code points. */
export function strLength(s: string): number {
  if (!hasSurrogates(s)) return s.length
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

/** The code points of s, one string each (only where every one is needed, or the text has astral characters). */
export function codePoints(s: string): string[] {
  return hasSurrogates(s) ? [...s] : s.split('')
}

/** s[i] for 0 <= i < strLength(s). */
export function strAt(s: string, i: number): string {
  if (!hasSurrogates(s)) return s[i]
  let k = 0
  for (const ch of s) if (k++ === i) return ch
  return ''
}

/** The code points at start, start + step, ... (before stop), joined: s[start:stop:step] with normalised bounds. */
export function strSlice(s: string, start: number, stop: number, step: number): string {
  if (!hasSurrogates(s)) {
    if (step === 1) return start < stop ? s.slice(start, stop) : ''
    const out: string[] = []
    if (step > 0) for (let i = start; i < stop; i += step) out.push(s[i])
    else for (let i = start; i > stop; i += step) out.push(s[i])
    return out.join('')
  }
  const cs = [...s]
  const out: string[] = []
  if (step > 0) for (let i = start; i < stop; i += step) out.push(cs[i])
  else for (let i = start; i > stop; i += step) out.push(cs[i])
  return out.join('')
}

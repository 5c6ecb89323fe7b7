import { describe, expect, it } from 'vitest'
import { parse } from '../../src/core/lang/syntax/parser'

describe('with statements', () => {
  it('parse context managers with and without a name, in order', () => {
    const r = parse('with torch.no_grad() as g, other:\n    x = 1\n')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const w = r.module.body[0]
    expect(w.kind).toBe('With')
    if (w.kind !== 'With') return
    expect(w.items.map((i) => i.name)).toEqual(['g', null])
    expect(w.body).toHaveLength(1)
    expect(w.span).toMatchObject({ line: 1, col: 1, endLine: 2 })
  })

  it("reject a non-name after 'as' and a missing colon", () => {
    expect(parse('with a as b.c:\n    pass\n').ok).toBe(false)
    expect(parse('with a\n    pass\n')).toMatchObject({ ok: false, error: { message: "expected ':'" } })
  })
})

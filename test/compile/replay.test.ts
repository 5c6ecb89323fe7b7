// The learner-code compiler: the replayed tape computes exactly what the interpreter computes, and programs whose
// Python depends on tensor values fall back to the interpreter with the line that makes them unsound.

import { describe, expect, it } from 'vitest'
import { trainingSource } from '../../src/core/exercise/learner-backward'
import { bothWays, firstDifference, learnerFile } from './helpers'

const SMALL = { n_hidden: 16, batch_size: 8 }
const FUSED = learnerFile('fused_index_add.py')

describe('compiled learner code', () => {
  for (const file of ['exercise1_cells.py', 'fused_loop.py', 'fused_index_add.py']) {
    it(`${file}: the same parameters and losses after 12 steps, compiled and interpreted`, () => {
      const r = bothWays(learnerFile(file), 12, SMALL)
      expect(r.path.kind).toBe('compiled')
      expect(r.path.reason).toBeNull()
      expect(firstDifference(r.compiled.mlp.p, r.interpreted.mlp.p)).toBeNull()
      expect(Array.from(r.compiled.losses)).toEqual(Array.from(r.interpreted.losses))
      // the step's float32 tensors live in the replay memory: products, arithmetic and sums run as its kernels
      const onWasm = (op: string) => r.tape.filter((s) => s.op === op).every((s) => s.wasm)
      for (const op of ['matmul', '+', '-', 'sum']) expect(onWasm(op), op).toBe(true)
      // (a product with F.one_hot's int64 result converts it element by element, in TypeScript)
      expect(r.tape.filter((s) => s.op === '*' && !s.wasm).length).toBeLessThanOrEqual(1)
    })
  }

  it('compiles other spellings: functions, list building, enumerate-free loops, slices, clone and index_put', () => {
    const source = `${FUSED}
def scaled(t, s):
    return t * s
parts = [dW1[i:i + 1, :] for i in range(dW1.shape[0])]
dW1 = scaled(dW1, 1.0)
dC2 = torch.zeros_like(C)
for k in range(n):
    for j in range(block_size):
        dC2[Xb[k, j]] += demb[k, j]
dC = dC2.clone()
db2 = db2 + 0
dbnbias[0, :3] = dbnbias[0, :3] * 1.0
`
    const r = bothWays(source, 6, SMALL)
    expect(r.path).toMatchObject({ kind: 'compiled', reason: null })
    expect(firstDifference(r.compiled.mlp.p, r.interpreted.mlp.p)).toBeNull()
  })

  it("reads the app's .py export without its cmp section, and a pasted cell with cmp() calls", () => {
    const exported = `# %% node: logits\n${FUSED}\n# %% cmp: compare with autograd, as in the lecture\ndef cmp(s, dt, t):\n  ex = torch.all(dt == t.grad).item()\ncmp('logits', dlogits, logits)\n`
    expect(trainingSource(exported)).not.toContain('cmp(')
    expect(bothWays(exported, 3, SMALL).path.kind).toBe('compiled')
    const pasted = `${FUSED}\ncmp('logits', dlogits, logits)\ncmp('h', dh, h)\n`
    const r = bothWays(pasted, 3, SMALL)
    expect(r.path.kind).toBe('compiled')
    expect(firstDifference(r.compiled.mlp.p, r.interpreted.mlp.p)).toBeNull()
  })
})

describe('guards: tensor values that steer Python make training run interpreted', () => {
  // the appended code starts on the line after the file's last
  const line = FUSED.split('\n').length + 1
  const cases: [string, string, RegExp][] = [
    ['if on a comparison', `if Yb[0] == 3:\n    dC = dC * 1.0`, new RegExp(`^line ${line} decides with a tensor's value \\(Yb\\[0\\] == 3\\)`)],
    ['int(t) as a range bound', `for i in range(int(Yb[0])):\n    pass`, new RegExp(`^line ${line} turns a tensor's value into a Python number \\(int\\(Yb\\[0\\]\\)\\)`)],
    ['.item() in a condition', `if dC.sum().item() > 1e9:\n    dC = dC * 0.5`, new RegExp(`^line ${line} turns a tensor's value into a Python number`)],
    ['while on a tensor', `while dW1.abs().max() > 1e9:\n    dW1 = dW1 * 0.5`, new RegExp(`^line ${line} `)],
    ['an op the compiler does not replay', `dW1 = dW1.clamp(-5, 5)`, new RegExp(`^line ${line} uses clamp\\(\\)`)],
    ['an int32 tensor (its loops are float32 and int64 only)', `dW1 = dW1 + (Yb[:1].int() * 0)`, new RegExp(`^line ${line} uses `)]
  ]
  for (const [what, code, reason] of cases)
    it(`${what}: falls back with its line, and trains as the interpreter does`, () => {
      const r = bothWays(`${FUSED}\n${code}\n`, 4, SMALL)
      expect(r.path.kind).toBe('interpreted')
      expect(r.path.reason).toMatch(reason)
      expect(firstDifference(r.compiled.mlp.p, r.interpreted.mlp.p)).toBeNull()
    })

  it('an in-place change of a parameter stays interpreted', () => {
    const r = bothWays(`${FUSED}\nW1 *= 1.0\n`, 3, SMALL)
    expect(r.path.kind).toBe('interpreted')
    expect(r.path.reason).toMatch(/in-place change of a parameter/)
  })
})

// `dump --lesson` and `check --lesson` (docs/CONTRACT.md section 5) as a script calls them, against PyTorch's
// numbers and verdicts for the shipped lessons; a bad lesson file exits 2 with its place on stderr.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const tmp = mkdtempSync(join(tmpdir(), 'bpn-lesson-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'core', 'cli', 'main.ts'), ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr })
    )
  })
}

const lessonPath = (name: string) => join(ROOT, 'lessons', `${name}.py`)
const solution = (lesson: string, file: string) => join(ROOT, 'test', 'fixtures', 'lessons', 'solutions', lesson, file)

describe.concurrent('dump --lesson', () => {
  it('prints the attention lesson as the contract says, with -inf as a string and the graph', async () => {
    const r = await cli(['dump', '--lesson', lessonPath('attention-head'), '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const d = JSON.parse(r.stdout)
    const truth = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'lessons', 'attention-head.json'), 'utf8'))
    expect(Object.keys(d).sort()).toEqual(['grads', 'graph', 'lesson', 'loss', 'nodes', 'tensors'])
    expect(d.lesson).toEqual({ title: 'One self-attention head' })
    expect(d.nodes.sort()).toEqual(Object.keys(truth.tensors).sort())
    expect(d.loss).toBeCloseTo(truth.loss, 5)
    expect(d.tensors.masked.data).toContain('-inf')
    expect(d.tensors.masked.data.filter((x: unknown) => x === '-inf').length).toBe(truth.tensors.masked.data.filter((x: unknown) => x === '-inf').length)
    const x = d.graph.nodes.find((n: { name: string }) => n.name === 'x')
    expect(x).toMatchObject({ kind: 'intermediate', shape: [8, 8, 16], merge: true })
    expect(x.consumers.sort()).toEqual(['k', 'q', 'v'])
    expect(d.graph.edges).toContainEqual({ from: 'masked', to: 'att', op: 'softmax' })
  })

  it('exits 2 with file:line:col for a bad lesson file, and builds nothing', async () => {
    const bad = join(tmp, 'bad.py')
    writeFileSync(bad, '# %% lesson: t\n# %% setup\nimport torch\nW = torch.ones(2, requires_grad=True)\n# %% forward\ny = W * 2\n')
    const r = await cli(['dump', '--lesson', bad, '--json'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim()).toBe(`backprop-ninja: ${bad}:5:1: the forward pass never binds loss: end it with loss = ...`)
  })

  it('refuses the lecture\'s model options beside a lesson', async () => {
    const r = await cli(['dump', '--lesson', lessonPath('layernorm-mlp'), '--n-hidden', '10'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--n-hidden sets the lecture's model/)
  })
})

describe.concurrent('check --lesson', () => {
  it.each([
    ['layernorm-mlp', 'reference.py', 0],
    ['layernorm-mlp', 'no_keepdim.py', 1],
    ['wavenet-mlp', 'half_done.py', 0],
    ['wavenet-mlp', 'raises.py', 1]
  ])('%s %s: PyTorch verdicts in JSON, exit %i', async (lesson, file, exit) => {
    const r = await cli(['check', '--lesson', lessonPath(lesson), solution(lesson, file), '--json'])
    expect(r.code).toBe(exit)
    const d = JSON.parse(r.stdout)
    const truth = JSON.parse(readFileSync(solution(lesson, 'verdicts.json'), 'utf8')).results[file]
    expect(Object.keys(d.nodes).sort()).toEqual(Object.keys(truth.nodes).sort())
    for (const [k, v] of Object.entries(truth.nodes as Record<string, { status: string }>)) expect(d.nodes[k].status, k).toBe(v.status)
    expect(d.error === null).toBe(truth.error === null)
    if (d.error !== null) expect(d.error).toMatchObject({ kind: 'runtime', message: expect.stringContaining('NameError') })
  })

  it('prints the table with the lesson\'s node count', async () => {
    const r = await cli(['check', '--lesson', lessonPath('attention-head'), solution('attention-head', 'reference.py')])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^tok_table\s+\| PASS/m)
    expect(r.stdout).toContain('18/18 pass')
  })

  it('judges each cell alone with --isolated', async () => {
    const r = await cli(['check', '--lesson', lessonPath('wavenet-mlp'), solution('wavenet-mlp', 'reference.py'), '--isolated', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).summary).toMatchObject({ pass: 26, fail: 0, error: 0 })
  })
})

describe('grade --lesson', () => {
  it("grades a class against a lesson file: each learner's nodes are PyTorch's verdicts", async () => {
    const dir = join(ROOT, 'test', 'fixtures', 'lessons', 'solutions', 'layernorm-mlp')
    const r = await cli(['grade', '--lesson', lessonPath('layernorm-mlp'), dir, '--json', '--jobs', '2'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.lesson).toEqual({ title: 'LayerNorm instead of BatchNorm' })
    const truth = JSON.parse(readFileSync(join(dir, 'verdicts.json'), 'utf8')).results as Record<string, { nodes: Record<string, { status: string }> }>
    expect(report.learners).toHaveLength(Object.keys(truth).length)
    for (const learner of report.learners as { id: string; nodes: Record<string, string>; total: number }[]) {
      const expected = truth[learner.id.split('/').pop()!]
      expect(learner.total).toBe(19)
      for (const [k, v] of Object.entries(expected.nodes)) expect(learner.nodes[k], `${learner.id} ${k}`).toBe(v.status)
    }
  })

  it('refuses a bad lesson file with its place before grading anyone', async () => {
    const bad = join(tmp, 'bad-grade.py')
    writeFileSync(bad, '# %% lesson: t\n# %% setup\nimport torch\n# %% forward\nloss = torch.zeros(())\n')
    const r = await cli(['grade', '--lesson', bad, join(ROOT, 'test', 'fixtures', 'corpus')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${bad}:2:1: the setup leaves no parameters`)
  })
})

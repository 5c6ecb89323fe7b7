"""PyTorch's verdicts on learner solutions for a lesson file (chained, as a notebook cell after loss.backward()).
Usage: python3 lesson_verdicts.py LESSON.py OUT.json SOLUTION.py... [--names NAMES_TXT]
(--names binds `words` before setup, as the contract says; this copy adds it to the shared script, which lacks it)
Statuses as contract section 2: pass / shape / fail / missing; a borderline flag where the verdict is decided by float
noise (within 2x of an element's allclose tolerance)."""
import json, sys, torch
args = sys.argv[1:]
names = None
if '--names' in args:
    k = args.index('--names'); names = args[k + 1]; del args[k:k + 2]
lesson, out, sols = args[0], args[1], args[2:]
src = open(lesson).read()
setup, forward = src.split('# %% forward')[0], src.split('# %% forward')[1].split('\n# %% ')[0]
res = {}
for f in sols:
    ns = {} if names is None else {'words': open(names).read().splitlines()}
    exec(compile(setup, lesson, 'exec'), ns)
    params, seen = {}, set()
    for k, v in list(ns.items()):
        if isinstance(v, torch.Tensor) and v.requires_grad and id(v) not in seen:
            params[k] = v; seen.add(id(v))
    exec(compile(forward, lesson, 'exec'), ns)
    inter = {k: v for k, v in ns.items() if isinstance(v, torch.Tensor) and v.requires_grad and id(v) not in seen and k != 'loss'}
    for v in inter.values(): v.retain_grad()
    ns['loss'].backward()
    nodes = {**inter, **params}
    env = dict(ns); err = None
    try:
        with torch.no_grad(): exec(compile(open(f).read(), f, 'exec'), env)
    except Exception as e:
        err = f'{type(e).__name__}: {e}'
    verdicts = {}
    for k, t in nodes.items():
        d = env.get('d' + k)
        if not isinstance(d, torch.Tensor): verdicts[k] = dict(status='missing'); continue
        d = d.detach().float(); gr = t.grad
        try:
            app = bool(torch.allclose(d, gr)); md = float((d - gr).abs().max())
        except RuntimeError:
            verdicts[k] = dict(status='fail', why='shape'); continue
        same = list(d.shape) == list(gr.shape)
        edge = ((d - gr).abs() / (1e-8 + 1e-5 * gr.abs())).max().item() if same else float('inf')
        verdicts[k] = dict(status='pass' if app and same else ('shape' if app else 'fail'), maxdiff=md,
                           borderline=bool(0.5 < edge < 2))
    res[f.split('/')[-1]] = dict(error=err, nodes=verdicts)
    print(f.split('/')[-1], {s: sum(v['status'] == s for v in verdicts.values()) for s in ['pass', 'shape', 'fail', 'missing']}, err or '')
json.dump(dict(lesson=lesson.split('/')[-1], results=res), open(out, 'w'), indent=1)

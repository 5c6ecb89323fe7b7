"""Runs a solution exported by the app (.py with `# %% node:` cells and the cmp() table) in real PyTorch.

Usage: /usr/bin/python3 run_export_torch.py NAMES_TXT SOLUTION.py [key=value ...]
It builds the lecture's model with nbref.py (forward pass, retain_grad, loss.backward()), then executes the whole
exported file in that namespace, exactly as pasting it into the notebook would (grad mode on, its own cmp()), and
captures what it prints. Prints one JSON object:
  {torch_version, config, table: the captured text, error: null | {kind, line, message},
   rows: {name: {exact, approximate, maxdiff, borderline}}}
where rows are parsed from the cmp() lines of the table, and borderline marks a maxdiff within a factor 30 of
allclose's tolerance for that gradient (another float32 implementation may fairly land on the other side).
"""
import contextlib, io, json, re, sys, traceback
import torch
import nbref

args = sys.argv[1:]
names, solution = args[0], args[1]
cfg = dict(nbref.DEFAULTS)
for a in args[2:]:
    k, v = a.split('=')
    if k not in cfg:
        sys.exit(f'unknown config key {k!r} (expected one of {", ".join(cfg)})')
    cfg[k] = int(v)

env = nbref.build(names, **cfg)
ns = dict(env)
src = open(solution).read()
out = io.StringIO()
err = None
with contextlib.redirect_stdout(out):
    try:
        exec(compile(src, solution, 'exec'), ns)
    except SyntaxError as e:
        err = dict(kind='syntax', line=e.lineno, message=str(e.msg))
    except Exception as e:
        lines = [fr.lineno for fr in traceback.extract_tb(e.__traceback__) if fr.filename == solution]
        err = dict(kind='runtime', line=lines[-1] if lines else None, message=f'{type(e).__name__}: {e}')

ROW = re.compile(r'^(\w+)\s*\| exact: (True|False)\s*\| approximate: (True|False)\s*\| maxdiff: (\S+)$')
rows = {}
for line in out.getvalue().splitlines():
    m = ROW.match(line)
    if not m:
        continue
    name, ex, app, md = m.group(1), m.group(2) == 'True', m.group(3) == 'True', float(m.group(4))
    tol = (1e-8 + 1e-5 * env[name].grad.abs()).max().item()
    rows[name] = dict(exact=ex, approximate=app, maxdiff=md, borderline=bool(tol / 30 < md < tol * 30))

print(json.dumps(dict(torch_version=torch.__version__, config=cfg, table=out.getvalue(), error=err, rows=rows)))

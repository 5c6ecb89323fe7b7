"""Ground truth for a lesson file: run it with real PyTorch, as the app's lesson contract says.
Usage: python3 lesson_truth.py LESSON.py OUT.json [NAMES_TXT]
Nodes: the parameters (setup's globals with requires_grad) and every tensor bound in the forward section that
requires grad, less loss. Prints the node count; writes {loss, tensors, grads} in the fixtures' T schema."""
import json, sys, torch
src = open(sys.argv[1]).read()
setup = src.split('# %% forward')[0]
forward = src.split('# %% forward')[1].split('\n# %% ')[0]
ns = {}
if len(sys.argv) > 3:
    ns['words'] = open(sys.argv[3]).read().splitlines()
exec(compile(setup, sys.argv[1], 'exec'), ns)
params, seen = {}, set()
for k, v in ns.items():  # a tensor bound to several names (a loop's `p`) is named by the first name bound
    if isinstance(v, torch.Tensor) and v.requires_grad and id(v) not in seen:
        params[k] = v; seen.add(id(v))
before = set(ns)
exec(compile(forward, sys.argv[1], 'exec'), ns)
inter = {k: v for k, v in ns.items() if isinstance(v, torch.Tensor) and v.requires_grad and id(v) not in seen and k != 'loss'}
for v in inter.values():
    v.retain_grad()
ns['loss'].backward()
fin = lambda x: x if x == x and x not in (float('inf'), float('-inf')) else ('nan' if x != x else ('inf' if x > 0 else '-inf'))
# non-finite numbers as the contract's strings (this copy's change: JSON has no inf or nan)
T = lambda t: dict(shape=list(t.shape), dtype=str(t.dtype).replace('torch.', ''), data=[fin(x) for x in t.detach().reshape(-1).tolist()])
nodes = {**inter, **params}
json.dump(dict(loss=ns['loss'].item(), tensors={k: T(v) for k, v in nodes.items()},
               grads={k: T(v.grad) for k, v in nodes.items()}), open(sys.argv[2], 'w'))
print(f"{sys.argv[1].split('/')[-1]}: {len(nodes)} nodes, loss {ns['loss'].item():.6f}")

# CPython's and PyTorch's answers for the semantics the interpreter must not slip on: torch.fmod and remainder,
# int true division of any size, int-to-float overflow, dict equality and keys. Written to
# test/fixtures/python-semantics.json in the form of python-formatting.json. Run with Debian's python3:
#   /usr/bin/python3 reference/make_semantics_cases.py
import json
import os
import sys

import torch

FMOD = [
    "torch.fmod(torch.tensor([-5.5]), 2)", "torch.fmod(torch.tensor([5.5]), -2)", "torch.fmod(torch.tensor([-5.5, 5.5, -4.0, 4.0]), 2.0)",
    "torch.remainder(torch.tensor([-5.5]), 2)", "torch.remainder(torch.tensor([5.5]), -2)", "torch.tensor([-5.5]) % 2",
    "torch.fmod(torch.tensor([-7, 7, -6]), 3)", "torch.remainder(torch.tensor([-7, 7, -6]), 3)", "torch.tensor([-7, 7]) % -3",
    "torch.fmod(torch.tensor([1.0, -1.0]), float('inf'))", "torch.fmod(torch.tensor([float('inf')]), 2.0)",
    "torch.fmod(torch.tensor([float('nan')]), 2.0)", "torch.fmod(torch.tensor([3.0]), 0.0)",
    "torch.fmod(torch.tensor([-4.0]), 2.0)", "torch.fmod(torch.tensor([5]), 0)", "torch.remainder(torch.tensor([5]), 0)",
    "torch.tensor([-5.5]).fmod(2)", "torch.tensor([5.0, -5.0]).remainder(torch.tensor([-3.0, 3.0]))",
    "-5.5 % 2", "5.5 % -2", "-7 % 3", "7 % -3", "math.fmod(-5.5, 2)",
]

DIVISION = [
    "10**400 / 10**399", "10**400 / 1", "1 / 10**400", "-(10**400) / 10**399", "(10**400 + 1) / 10**400", "7 / 2",
    "-7 / 2", "2**53 + 1", "(2**53 + 1) / 1", "(2**54 + 1) / 2", "(2**60 + 3) / 3", "10**30 / 7", "-(10**30) / 7",
    "10**308 / 10**-0", "2**1024 / 2", "2**1025 / 2", "(2**1024 - 2**970) / 1", "1 / 2**1074", "1 / 2**1075",
    "3 / 2**1076", "(2**1100 + 1) / 2**1100", "0 / 10**400", "0 / -5", "10**400 / -(10**400)", "5 / 0",
    "10**400 * 1.0", "10**400 + 0.5", "float(10**400)", "float(2**1023)", "1.5 + 2**1024", "2**1023 * 2.0",
    "10**400 // 10**399", "10**400 % 7", "math.sqrt(10**400)", "int(1e21)", "(10**22) == 1e22",
]

DICTS = [
    "{'a': 1} == {'a': 1}", "{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", "{'a': 1} == {'a': 2}", "{'a': 1} != {'a': 1}",
    "{'a': [1, 2]} == {'a': [1, 2]}", "{'a': {'b': 1}} == {'a': {'b': 1}}", "{} == {}", "{1: 'x'} == {1.0: 'x'}",
    "{'a': 1} == {'a': 1, 'b': 2}", "{'a': 1} == [('a', 1)]", "len({('a', 'b'): 1, ('a,sb',): 2})",
    "{('a', 'b'): 1, ('a,sb',): 2}[('a,sb',)]", "{(1, (2, 3)): 'x'}[(1, (2, 3))]", "{(1, 2): 'x'}.get((1, (2,)))",
    "{10**21: 'a'}[1e21]", "{1: 'a', True: 'c'}", "{True: 'a', 1: 'b', 1.0: 'c'}", "{0: 'z'}[-0.0]",
    "{1.5: 'x'}[1.5]", "{2**70: 'big'}[2**70]", "{'a': None}.get('a', 5)", "{[1]: 2}", "{{}: 1}",
    "{'a': 1}[[1]]", "d = {}; d[1] = 'a'; d[True] = 'b'; d", "{1: 'a'} | {}",
    "dict(a=1) == {'a': 1}", "{'x': 1.0} == {'x': 1}", "(1, 2) in {(1, 2): 0}", "[1, 2] in {(1, 2): 0}",
]


def run(expr):
    try:
        env = {'torch': torch, 'math': __import__('math'), '__builtins__': __builtins__}
        if ';' in expr:
            *stmts, last = expr.split('; ')
            exec('\n'.join(stmts), env)
            value = eval(last, env)
        else:
            value = eval(expr, env)
        return {'expr': expr, 'repr': repr(value)}
    except Exception as e:  # noqa: BLE001: every exception is an answer here
        return {'expr': expr, 'error': f'{type(e).__name__}: {e}'}


out = {
    'python': sys.version.split()[0],
    'torch': torch.__version__,
    'fmod': [run(e) for e in FMOD],
    'division': [run(e) for e in DIVISION],
    'dicts': [run(e) for e in DICTS],
}
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'python-semantics.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(f'wrote {path}: {sum(len(v) for v in out.values() if isinstance(v, list))} cases')

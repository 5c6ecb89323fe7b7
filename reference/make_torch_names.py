# The public names of torch, torch.nn.functional and torch.Tensor in Debian's PyTorch, written to
# src/core/lang/torch/torch-names.ts: the interpreter tells "not supported here" (a real PyTorch name this app lacks)
# from "no such attribute" (a typo) with them. Run with Debian's python3:
#   /usr/bin/python3 reference/make_torch_names.py
import os

import torch
import torch.nn.functional as F


def public(obj):
    return sorted(n for n in dir(obj) if not n.startswith('_'))


def block(name, names):
    lines, line = [], ''
    for n in names:
        piece = n + ' '
        if len(line) + len(piece) > 112:
            lines.append(line.rstrip())
            line = ''
        line += piece
    lines.append(line.rstrip())
    body = '\n'.join(f'  {l}' for l in lines)
    return f'export const {name}: ReadonlySet<string> = new Set(\n  `\n{body}\n  `.split(/\\s+/).filter((n) => n !== \'\')\n)\n'


out = (
    f'// The public names of torch, torch.nn.functional and torch.Tensor in PyTorch {torch.__version__}, made by\n'
    '// reference/make_torch_names.py. A real name this app lacks is "not supported here", anything else a typo.\n\n'
    + block('TORCH_NAMES', public(torch)) + '\n'
    + block('FUNCTIONAL_NAMES', public(F)) + '\n'
    + block('TENSOR_NAMES', public(torch.Tensor))
)
path = os.path.join(os.path.dirname(__file__), '..', 'src', 'core', 'lang', 'torch', 'torch-names.ts')
with open(path, 'w') as f:
    f.write(out)
print(f'wrote {path}')

# PyTorch 1.13's answers for int32, int16 and int8 tensors: arithmetic that wraps around, the dtype carried through
# ops and printed in repr, type promotion (with int64, float32, bool, zero-dim tensors and Python scalars),
# conversions, .item()/.tolist(), reductions, and the errors PyTorch raises for them. Written to
# test/fixtures/int-dtypes.json in the form of python-semantics.json. Run with Debian's python3:
#   /usr/bin/python3 reference/make_int_dtype_cases.py
import json
import os
import sys

import torch

I32 = "torch.tensor([2**31 - 1, -2**31, 5], dtype=torch.int32)"
I16 = "torch.tensor([2**15 - 1, -2**15, 5], dtype=torch.int16)"
I8 = "torch.tensor([127, -128, 5], dtype=torch.int8)"

WRAP = [
    "torch.tensor([2**31 - 1], dtype=torch.int32) + 1", f"{I32} + 1", f"{I32} - 1", f"{I32} * 2", f"{I32} * {I32}",
    f"{I32} * 3", f"-{I32}", f"{I32}.abs()", f"abs({I32})", f"{I32} ** 2", "torch.tensor([3], dtype=torch.int32) ** 40",
    "2 ** torch.tensor([3, 40], dtype=torch.int32)", f"{I32} + {I32}", f"{I32} - {I32}[[2, 1, 0]]",
    f"{I16} + 1", f"{I16} * {I16}", f"{I16} * 1000", f"-{I16}", f"{I16} ** 3",
    f"{I8} + 1", f"{I8} - 1", f"{I8} * {I8}", f"{I8} * 3", f"-{I8}", f"{I8}.abs()", f"{I8} ** 2",
    f"{I8} // 2", f"{I8} // -3", f"{I8} % 3", f"{I8} % -3", f"torch.fmod({I8}, 3)", f"{I32} // 7", f"{I32} % 7",
    f"~{I8}", f"~{I32}", f"{I8} & 3", f"{I32} | 1", f"{I16} ^ 5",
    "torch.tensor([1, 2], dtype=torch.int8) + 1000", "torch.tensor([1], dtype=torch.int32) + 2**31",
    "torch.tensor([1], dtype=torch.int32) + 2**40", "torch.tensor([1], dtype=torch.int16) - 2**20",
    "torch.tensor([100, 100], dtype=torch.int8) == 356", "torch.tensor([100, 100], dtype=torch.int8) < 1000",
    "torch.tensor([100, 2], dtype=torch.int8) > torch.tensor([50, 2], dtype=torch.int8)",
    "torch.ones(2, dtype=torch.int16) * torch.tensor(70000)",
    "torch.tensor([[2**31 - 1, 2]], dtype=torch.int32) @ torch.tensor([[2**31 - 1], [2]], dtype=torch.int32)",
    "torch.tensor([[100, 2]], dtype=torch.int8) @ torch.tensor([[100], [2]], dtype=torch.int8)",
    "torch.tensor([1, 2], dtype=torch.int16) @ torch.tensor([3, 4], dtype=torch.int16)",
    "x = torch.zeros(2, dtype=torch.int8); x += 300; x", "x = torch.zeros(2, dtype=torch.int8); x += torch.tensor([300, 1]); x",
    "x = torch.tensor([2**31 - 1], dtype=torch.int32); x *= 2; x", "x = torch.zeros(3, dtype=torch.int32); x[1] = 3.7; x",
    "x = torch.zeros(2, dtype=torch.int32); x[0] = torch.tensor(2**40 + 7); x",
    "torch.arange(2**31 - 2, 2**31 + 2, dtype=torch.int32)", "torch.arange(5, dtype=torch.int8) * 50",
    "torch.maximum(torch.tensor([1, -2], dtype=torch.int8), torch.tensor([0, 5], dtype=torch.int8))",
    "torch.tensor([5, -5], dtype=torch.int8).clamp(-3, 3)", "torch.where(torch.tensor([True, False]), torch.tensor([1, 2], dtype=torch.int8), 100)",
]

PROMOTION = [
    "(torch.tensor([1], dtype=torch.int32) + 1).dtype", "(torch.tensor([1], dtype=torch.int32) + 1.5).dtype",
    "torch.tensor([1], dtype=torch.int32) + 1.5", "torch.tensor([2**31 - 1], dtype=torch.int32) * 1.5",
    "torch.tensor([1], dtype=torch.int32) + torch.tensor([1])", "(torch.tensor([1], dtype=torch.int32) + torch.tensor([1])).dtype",
    "torch.tensor([2**31 - 1], dtype=torch.int32) + torch.tensor([1])", "torch.tensor([1], dtype=torch.int32) + torch.tensor(1)",
    "torch.tensor(1, dtype=torch.int32) + torch.tensor(1)", "torch.tensor(1, dtype=torch.int32) + 1",
    "torch.tensor(3, dtype=torch.int16) * torch.tensor(70000)", "torch.tensor([1], dtype=torch.int32) + torch.tensor([1.5])",
    "torch.tensor([1], dtype=torch.int32) + torch.tensor(1.5)", "torch.tensor([3], dtype=torch.int8) + torch.tensor([200], dtype=torch.int16)",
    "(torch.tensor([3], dtype=torch.int8) + torch.tensor([2], dtype=torch.int32)).dtype",
    "torch.tensor([1, 2], dtype=torch.int8) + True", "torch.tensor([True]) + torch.tensor(5, dtype=torch.int8)",
    "torch.tensor([True, False]) + torch.tensor([5, 6], dtype=torch.int16)", "torch.tensor([True]) * 2",
    "torch.tensor([7, -7], dtype=torch.int32) / 2", "(torch.tensor([7], dtype=torch.int8) / 2).dtype",
    "torch.tensor([7, -7], dtype=torch.int32).float() / 0", "torch.tensor([1, 2], dtype=torch.int32) == torch.tensor([1, 3])",
    "torch.cat([torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1])])",
    "torch.cat([torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1], dtype=torch.int8)])",
    "torch.cat([torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1.5])])",
    "torch.stack([torch.tensor([1, 2], dtype=torch.int16), torch.tensor([3, 4], dtype=torch.int16)])",
    "torch.where(torch.tensor([True, False]), torch.tensor([1, 2], dtype=torch.int8), torch.tensor([1, 2], dtype=torch.int32))",
    "(torch.tensor([1.5, 2.0]) * torch.tensor([1, 2], dtype=torch.int32)).dtype",
    "torch.tensor([5, -5], dtype=torch.int8).clamp(min=0.5)", "torch.tensor([1, 2], dtype=torch.int32).sqrt()",
    "torch.tensor([1, 2], dtype=torch.int8).exp()", "torch.tensor([[1, 2]], dtype=torch.int32).T",
]

CONVERSION = [
    "torch.tensor([1.5, -300.7, 3e9, -3e9]).int()", "torch.tensor([300, -129]).char()", "torch.tensor([1.5, 300.7]).char()",
    "torch.tensor([3e9, -129.5, 1e10, float('nan'), -3e9, 40000.0, 2**31 - 1.0]).char()",
    "torch.tensor([-129.5, 40000.0, 1e10, float('inf')]).short()", "torch.tensor([2**40 + 5, -2**33 - 1, 2**31]).int()",
    "torch.tensor([2**40 + 5, -2**33 - 1, 2**31]).char()", "torch.tensor([True, False]).int()", "torch.tensor([2, 0], dtype=torch.int8).bool()",
    "torch.tensor([-1, 2], dtype=torch.int32).long()", "torch.tensor([-1, 2], dtype=torch.int32).float()",
    "torch.tensor([1, 2], dtype=torch.int32).to(torch.int64) + 2**40", "torch.tensor([70000]).to(torch.int16)",
    "torch.tensor([70000]).type(torch.int16)", "torch.tensor([70000]).type('torch.ShortTensor')", "torch.tensor([1.7]).type(torch.int8)",
    "torch.tensor([1, 2]).to(dtype=torch.int32)", "torch.tensor([1, 2]).int().dtype", "torch.tensor([1, 2]).short().dtype",
    "torch.tensor([1, 2]).char().dtype", "x = torch.tensor([1], dtype=torch.int32); x.int() is x",
    "torch.tensor([1, 2], dtype=torch.int32).type_as(torch.tensor([1.0]))", "torch.ones(2, 3).type_as(torch.tensor([1], dtype=torch.int16))",
    "torch.zeros(2, dtype=torch.int32)", "torch.ones(2, 2, dtype=torch.int8)", "torch.full((2,), 7, dtype=torch.int16)",
    "torch.full((2,), 3.7, dtype=torch.int32)", "torch.zeros_like(torch.tensor([1], dtype=torch.int16))",
    "torch.ones_like(torch.tensor([1.5]), dtype=torch.int32)", "torch.arange(3, dtype=torch.int32)", "torch.arange(0, 1, 0.25, dtype=torch.int16)", "torch.arange(0.5, 3.7, 1.5, dtype=torch.int32)",
    "torch.arange(0, 1, 0.25, dtype=torch.int64)",
    "torch.tensor([1.9, -1.9], dtype=torch.int32)", "torch.tensor([[1, 2], [3, 4]], dtype=torch.int8)",
]

VALUES = [
    "torch.tensor([2**31 - 1], dtype=torch.int32).item()", "(torch.tensor([2**31 - 1], dtype=torch.int32) + 1).item()",
    "type(torch.tensor([5], dtype=torch.int8).item())", "torch.tensor([1, -2], dtype=torch.int16).tolist()",
    "torch.tensor([[1, -2]], dtype=torch.int8).tolist()", "torch.tensor([1, 2], dtype=torch.int32)[0]",
    "int(torch.tensor(7, dtype=torch.int32))", "float(torch.tensor(7, dtype=torch.int8))", "str(torch.tensor([7], dtype=torch.int16))",
    "f'{torch.tensor(7, dtype=torch.int32):>4}'", "[10, 20, 30][torch.tensor(1, dtype=torch.int32)]",
    "torch.tensor([5, 6], dtype=torch.int8)[torch.tensor(1, dtype=torch.int32)]", "torch.tensor(7, dtype=torch.int32).type()",
    "torch.tensor(7, dtype=torch.int16).type()", "torch.tensor(7, dtype=torch.int8).type()", "torch.tensor(7, dtype=torch.int8).element_size()",
    "torch.tensor(7, dtype=torch.int32).element_size()", "torch.tensor(7, dtype=torch.int16).element_size()",
    "torch.tensor([1], dtype=torch.int32).dtype", "torch.int32", "torch.int", "torch.short", "torch.int8",
    "torch.tensor([1], dtype=torch.int).dtype is torch.int32", "torch.int16.is_floating_point", "torch.int8.is_signed",
    "torch.tensor([1], dtype=torch.int32).is_floating_point()", "torch.tensor([100, 100], dtype=torch.int8).sum()",
    "torch.tensor([100, 100], dtype=torch.int8).sum().dtype", "torch.ones(2, 3, dtype=torch.int8).sum(0)",
    "torch.tensor([100, 100], dtype=torch.int8).sum(dtype=torch.int8)", "torch.tensor([100, 100]).sum(dtype=torch.int8)",
    "torch.tensor([[100, 100]], dtype=torch.int8).sum(1, dtype=torch.int32)", "torch.tensor([2**31 - 1, 1]).sum(dtype=torch.int32)",
    "torch.tensor([100, 100], dtype=torch.int8).cumsum(0, dtype=torch.int8)", "torch.tensor([100, 3], dtype=torch.int8).prod(dtype=torch.int8)", "torch.tensor([100, 2], dtype=torch.int8).cumsum(0)",
    "torch.tensor([100, 100], dtype=torch.int8).prod()", "torch.tensor([100, 100], dtype=torch.int8).max(0)",
    "torch.tensor([3, 9, 2], dtype=torch.int16).max()", "torch.tensor([3, 9, 2], dtype=torch.int16).min()",
    "torch.tensor([3, 9, 2], dtype=torch.int16).argmax()", "torch.tensor([[3, 9], [2, 1]], dtype=torch.int32).amax(1)",
    "torch.tensor([3, 0, 2], dtype=torch.int32).nonzero()", "torch.tensor([3, 0, 2], dtype=torch.int32).view(3, 1)",
    "torch.tensor([3, 0, 2], dtype=torch.int32).reshape(1, 3).expand(2, 3)", "torch.tensor([3, 0, 2], dtype=torch.int8).clone()",
    "torch.tensor([3, 0, 2], dtype=torch.int8)[1:]", "torch.tensor([[3, 0], [2, 1]], dtype=torch.int8).t().contiguous()",
    "torch.tensor([1, 2], dtype=torch.int32).equal(torch.tensor([1, 2], dtype=torch.int32))",
    "torch.tensor([1, 2], dtype=torch.int32).sign()", "torch.tensor([-1, 2], dtype=torch.int8).relu()",
]

ERRORS = [
    "torch.tensor([2**31], dtype=torch.int32)", "torch.tensor([300], dtype=torch.int8)", "torch.tensor([-2**15 - 1], dtype=torch.int16)",
    "torch.full((2,), 2**31, dtype=torch.int32)", "torch.full((2,), 200, dtype=torch.int8)",
    "x = torch.zeros(3, dtype=torch.int32); x[0] = 2**31; x", "x = torch.zeros(3, dtype=torch.int32); x.fill_(2**33); x",
    "x = torch.zeros(2, dtype=torch.int8); x += 1.5; x", "x = torch.zeros(2, dtype=torch.int16); x /= 2; x",
    "torch.tensor([5, -5], dtype=torch.int8).clamp(max=1000)",
    "torch.where(torch.tensor([True, False]), torch.tensor([1, 2], dtype=torch.int8), 1000)",
    "torch.tensor([3], dtype=torch.int16) * 2**64", "torch.tensor([7, -7], dtype=torch.int32) // 0", "torch.tensor([7], dtype=torch.int8) % 0",
    "torch.tensor([2], dtype=torch.int32) ** -1", "torch.tensor([100, 100], dtype=torch.int8).mean()",
    "torch.tensor([[1, 2]], dtype=torch.int32) @ torch.tensor([[1], [2]])", "torch.arange(5.0)[torch.tensor([0, 1], dtype=torch.int32)]",
    "torch.nn.functional.one_hot(torch.tensor([1, 2], dtype=torch.int32))",
    "torch.nn.functional.cross_entropy(torch.zeros(2, 3), torch.tensor([1, 2], dtype=torch.int32))",
    "torch.tensor([1, 2], dtype=torch.int32).requires_grad_()", "torch.tensor([1.5]) - torch.tensor([True])",
    "torch.tensor([1, 2], dtype=torch.int32).softmax(0)", "torch.tensor([1], dtype=torch.int32) & 1.5",
    "torch.tensor([1, 2], dtype=torch.int8).isclose(torch.tensor([1, 2], dtype=torch.int16))",
    "torch.randn(2, dtype=torch.int32)",
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
    'wrap': [run(e) for e in WRAP],
    'promotion': [run(e) for e in PROMOTION],
    'conversion': [run(e) for e in CONVERSION],
    'values': [run(e) for e in VALUES],
    'errors': [run(e) for e in ERRORS],
}
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'int-dtypes.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print(f'wrote {sum(len(v) for v in out.values() if isinstance(v, list))} cases to {os.path.normpath(path)}')

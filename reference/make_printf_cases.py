# CPython's (and PyTorch's) answers for printf-style `%` formatting, str.format fields and type(), written to
# test/fixtures/python-formatting.json. Each case is a Python expression; the fixture keeps repr() of its value,
# or the exception's type and message. Run with Debian's python3 (it has torch):
#   /usr/bin/python3 reference/make_printf_cases.py
import json
import os
import sys

import torch

sys.set_int_max_str_digits(4300)

PERCENT = [
    # %s, %r, %a of every kind of value
    "'%s' % [1, 2]", "'%s' % None", "'%s' % True", "'%s' % 1.0", "'%s' % 1", "'%s' % 'x'", "'%s' % (1,)",
    "'%s' % ((1, 2),)", "'%s' % {'a': 1}", "'%s' % ({'a': 1},)", "'%r' % 'x'", "'%r' % None", "'%r' % [1, 'a']",
    "'%a' % 'é'", "'%s' % 'é'", "'%s' % 1e100", "'%s' % -0.0", "'%s' % float('nan')", "'%s' % float('inf')",
    "'%s|%s' % (1.5, 2)", "'%s' % ()", "'%s' % ((),)", "'%s' % range(3)", "'%s' % torch.float32",
    "'%s' % torch.tensor(1.5)", "'%s' % torch.tensor([1, 2])", "'%r' % torch.tensor([1.0, 2.0])",
    "'%s' % torch.tensor(3)", "'%s' % (torch.zeros(2, 3).shape,)", "'%s' % torch.zeros(2, 3).shape[0]",
    # argument counts
    "'%s %s' % ('a',)", "'%s' % ('a', 'b')", "'%s %s' % 'ab'", "'' % ()", "'x' % ()", "'x' % 'y'", "'x' % 5",
    "'x' % []", "'x' % {}", "'x' % {'a': 1}", "'%s' % []", "'%s %s' % [1, 2]", "'%%' % ()", "'%%s' % ()",
    "'100%%' % ()", "'%s%%' % 5", "'%5%' % ()", "'%' % ()", "'%5' % (1,)", "'%.' % (1,)", "'abc%' % ()",
    # %d %i %u
    "'%d' % 5", "'%d' % -5", "'%d' % 3.7", "'%d' % -3.7", "'%d' % True", "'%d' % 'x'", "'%d' % None",
    "'%d' % [1]", "'%i' % 7", "'%u' % 7", "'%d' % 10**30", "'%d' % float('nan')", "'%d' % float('inf')",
    "'%d' % torch.tensor(3)", "'%d' % torch.tensor(3.9)", "'%d' % torch.tensor([1, 2])",
    "'%5d' % 42", "'%-5d|' % 42", "'%05d' % 42", "'%05d' % -42", "'%+d' % 42", "'%+d' % -42", "'% d' % 42",
    "'% d' % -42", "'%+05d' % 42", "'%.3d' % 5", "'%8.3d' % -5", "'%-08d|' % 42", "'%#d' % 5", "'%+ d' % 5",
    "'%*d' % (5, 42)", "'%-*d|' % (5, 42)", "'%*d' % (-5, 42)", "'%.*d' % (3, 5)", "'%*.*d' % (6, 3, 5)",
    "'%*d' % ('5', 42)", "'%*d' % (5.0, 42)", "'%hd %ld %Ld' % (1, 2, 3)",
    # %o %x %X
    "'%o' % 8", "'%#o' % 8", "'%x' % 255", "'%X' % 255", "'%#x' % 255", "'%#X' % 255", "'%x' % -255",
    "'%#x' % -255", "'%08x' % 255", "'%#08x' % 255", "'%-#8x|' % 255", "'%x' % 3.0", "'%x' % 'a'",
    "'%x' % True", "'%.4x' % 255", "'%#.4x' % 255", "'%x' % torch.tensor(10)", "'%x' % torch.tensor(1.0)",
    "'%o' % -8", "'%x' % 10**20",
    # %e %f %g
    "'%f' % 1", "'%f' % 1.5", "'%.2f' % 3.14159", "'%.0f' % 2.5", "'%.0f' % 3.5", "'%#.0f' % 2.0",
    "'%10.3f' % 3.14159", "'%-10.3f|' % 3.14159", "'%010.3f' % -3.14159", "'%+.2f' % 2.0", "'% .2f' % 2.0",
    "'%f' % 1e20", "'%.2f' % 0.125", "'%.2f' % 0.375", "'%f' % -0.0", "'%f' % float('nan')",
    "'%f' % float('inf')", "'%F' % float('inf')", "'%+f' % float('inf')", "'%08f' % float('-inf')",
    "'%08.2f' % float('nan')", "'%.2f' % 'x'", "'%.2f' % range(0)", "'%.2f' % None", "'%f' % [1.0]",
    "'%f' % True", "'%f' % 10**400", "'%.1000f' % 1.0 == '1.' + '0' * 1000", "'%.30f' % 0.1",
    "'%e' % 12345.678", "'%E' % 12345.678", "'%.2e' % 0.000123", "'%e' % 0", "'%#.0e' % 5.0", "'%.0e' % 5.0",
    "'%12.3e|' % -1.5", "'%g' % 12345.678", "'%g' % 0.0001", "'%g' % 0.00001", "'%g' % 1e16", "'%g' % 100.0",
    "'%G' % 1e-10", "'%.3g' % 3.14159", "'%.0g' % 3.14159", "'%#g' % 1.0", "'%#.3g' % 1.0", "'%g' % 0.0",
    "'%g' % -0.0", "'%10.4g|' % 3.14159", "'%-10g|' % 2.5", "'%f' % torch.tensor(2.5)",
    "'%.3f' % torch.tensor([2.5])", "'%f' % torch.tensor([1.0, 2.0])", "'%g' % torch.tensor(3)",
    "'%.2f %.2f' % (1, 2.0)", "'%5.1f%%' % 99.44",
    # %c
    "'%c' % 65", "'%c' % 'A'", "'%c' % 'AB'", "'%c' % 65.0", "'%c' % -1", "'%c' % 0x110000", "'%3c|' % 'x'",
    "'%-3c|' % 'x'", "'%c' % 233",
    # precision and width on strings
    "'%.2s' % 'abcdef'", "'%5s|' % 'ab'", "'%-5s|' % 'ab'", "'%05s' % 'ab'", "'%.0s|' % 'abc'", "'%5.1s|' % 'abc'",
    "'%.3r' % 'abcdef'", "'%*s|' % (4, 'a')", "'%.*s' % (2, 'abcdef')",
    # mapping keys
    "'%(a)s' % {'a': 1}", "'%(a)s %(b)d' % {'a': 'x', 'b': 2}", "'%(a)s' % {'b': 1}", "'%(a)s' % (1,)",
    "'%(a)s' % 5", "'%(a' % {'a': 1}", "'%(a)05.1f' % {'a': 2.25}", "'%(a)s %s' % {'a': 1}",
    "'%(a(b))s' % {'a(b)': 3}", "'%(a)s' % [1]", "'%s %(a)s' % {'a': 1}", "'%()s' % {'': 7}",
    "'%(a)s %(a)r' % {'a': 'q'}", "'%(a)*d' % {'a': 1}",
    # unsupported conversions
    "'%q' % 1", "'%y %s' % (1, 2)", "'ab%zc' % 1", "'%b' % 5", "'%5.2q' % 1", "'%é' % 1",
    # bytes-like and others
    "'%s and %r' % ('a', 'b')", "'%s' % print", "'%d%%' % 50",
]

FORMAT = [
    "'{0[0]}'.format([1])", "'{0[1]}'.format((1, 2))", "'{0[a]}'.format({'a': 5})", "'{x[0]}'.format(x=[9])",
    "'{0[0][1]}'.format([[1, 2]])", "'{0.shape}'.format(torch.zeros(2, 3))", "'{0.dtype}'.format(torch.zeros(1))",
    "'{x.shape[0]}'.format(x=torch.zeros(4, 2))", "'{0.real}'.format(3)", "'{0[5]}'.format([1])",
    "'{0[a]}'.format({'b': 1})", "'{0.nope}'.format(1)", "'{0._x}'.format(1)", "'{0.__class__}'.format(1)",
    "'{:{}}'.format(1, 'x')", "'{:{}}'.format(1, 5)", "'{:>{w}}|'.format('a', w=4)", "'{:{}.{}f}'.format(3.14159, 8, 2)",
    "'{0:{1}}'.format('ab', 5)", "'{:{}{}}'.format(7, '>', 4)", "'{0[0]:>5}'.format([3])", "'{0[-1]}'.format({-1: 'neg'})",
    "'{0[-1]}'.format([1, 2])", "'{0[1:2]}'.format({'1:2': 'k'})", "'{[0]}'.format([4])", "'{.real}'.format(2)",
    "'{0}{1}'.format('a')", "'{}{0}'.format(1, 2)", "'{0}{}'.format(1, 2)", "'{!r}'.format('a')",
    "'{!s:>4}'.format(1)", "'{!x}'.format(1)", "'{'.format(1)", "'}'.format(1)", "'{{}}'.format(1)",
    "'{0.shape[1]:03d}'.format(torch.zeros(2, 5))", "'{:{:{}}}'.format(1, 2, 3)", "'{a}'.format(b=1)",
    "'{0[}'.format([1])", "'{0.}'.format(1)", "'{0..real}'.format(1)", "'{0[]}'.format([1])",
    "'{0[0]x}'.format([1])", "'{0]}'.format(1)", "f'{[1, 2][0]}'", "'{:,}'.format(1234567)",
]

TYPES = [
    "type(torch.zeros(1)).__name__", "type(torch.zeros(1)) is torch.Tensor", "type(1) == int", "type(1.0) is float",
    "type('a') is str", "type(True) is bool", "type(None).__name__", "type([]) is list", "type(()) is tuple",
    "type({}) is dict", "type(range(3)) is range", "repr(type(1))", "repr(type(1.5))", "repr(type('a'))",
    "repr(type(torch.zeros(1)))", "str(type([]))", "type(1) is type(2)", "type(1) == type(1.0)",
    "isinstance(1, type(1))", "isinstance(torch.zeros(1), type(torch.ones(2)))", "type(type(1)) is type",
    "repr(type(type(1)))", "type(1)(3.9)", "type(1.0)('2.5')", "type('')(5)", "type([])((1, 2))",
    "type(torch.zeros(2)) == torch.Tensor", "type(torch.float32).__name__", "repr(type(torch.float32))",
    "type(print).__name__", "type(torch.zeros(1).shape).__name__", "type(torch.zeros(1).shape) is torch.Size",
    "type(1) in (int, float)", "type(2.0).__name__ + type(2).__name__", "type(1) is not float",
    "{type(1): 'int'}[int]", "type(torch.tensor(3).item()) is int", "type(torch.tensor(3.0).item()) is float",
    "type(3 / 1) is float", "type(3 // 1) is int", "type(True + True) is int", "int.__name__", "float.__name__",
    "type(int)", "repr(int)", "repr(torch.Tensor)", "repr(type)",
]


def run(expr):
    try:
        value = eval(expr, {'torch': torch, '__builtins__': __builtins__})
        return {'expr': expr, 'repr': repr(value)}
    except Exception as e:  # noqa: BLE001: every exception is an answer here
        return {'expr': expr, 'error': f'{type(e).__name__}: {e}'}


out = {
    'python': sys.version.split()[0],
    'torch': torch.__version__,
    'percent': [run(e) for e in PERCENT],
    'format': [run(e) for e in FORMAT],
    'type': [run(e) for e in TYPES],
}
path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'python-formatting.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(f'wrote {path}: {sum(len(v) for v in out.values() if isinstance(v, list))} cases')

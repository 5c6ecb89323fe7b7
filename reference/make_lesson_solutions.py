"""Learner-like solutions for each shipped lesson, made from its reference solution by the classic slips (a sign
flipped, a keepdim dropped, a broadcast sum forgotten, the last cells never written), then judged by PyTorch.
Usage: /usr/bin/python3 reference/make_lesson_solutions.py   (from the repository root)"""
import os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out_dir = os.path.join(root, 'test', 'fixtures', 'lessons', 'solutions')


def solution_of(path):
    src = open(path).read()
    return src.split('# %% solution\n')[1].split('\n# %% ')[0].rstrip() + '\n'


def variants(sol):
    lines = sol.splitlines()
    out = {'reference': sol}
    # the last third of the cells never written
    out['half_done'] = '\n'.join(lines[: max(1, 2 * len(lines) // 3)]) + '\n'
    # one sign flipped: the first `= x` line that is a plain product
    for i, l in enumerate(lines):
        m = re.match(r'^(d\w+) = (.*)$', l)
        if m and '*' in m.group(2) and not m.group(2).startswith('-'):
            out['sign_flip'] = '\n'.join(lines[:i] + [f'{m.group(1)} = -({m.group(2)})'] + lines[i + 1:]) + '\n'
            break
    # a keepdim dropped
    for i, l in enumerate(lines):
        if 'keepdim=True' in l:
            out['no_keepdim'] = '\n'.join(lines[:i] + [l.replace(', keepdim=True', '')] + lines[i + 1:]) + '\n'
            break
    # a bias gradient whose broadcast sum is forgotten: `db = dY.sum(0)` becomes `db = dY`
    for i, l in enumerate(lines):
        m = re.match(r'^(db\w*) = (d\w+)\.sum\(.*\)$', l)
        if m:
            out['no_sum'] = '\n'.join(lines[:i] + [f'{m.group(1)} = {m.group(2)}.clone()'] + lines[i + 1:]) + '\n'
            break
    # a runtime error halfway
    k = len(lines) // 2
    out['raises'] = '\n'.join(lines[:k] + ['oops = undefined_name + 1'] + lines[k:]) + '\n'
    return out


for lesson in sorted(os.listdir(os.path.join(root, 'lessons'))):
    if not lesson.endswith('.py'):
        continue
    name = lesson[:-3]
    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    files = []
    for k, text in variants(solution_of(os.path.join(root, 'lessons', lesson))).items():
        f = os.path.join(d, k + '.py')
        open(f, 'w').write(text)
        files.append(f)
    subprocess.run([sys.executable, os.path.join(root, 'reference', 'lesson_verdicts.py'), os.path.join(root, 'lessons', lesson),
                    os.path.join(d, 'verdicts.json'), *files, '--names', os.path.join(root, 'data', 'names.txt')], check=True)

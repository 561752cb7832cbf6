"""Test helpers: load a pylib module by path and compare it against CPython."""

import importlib.util
import os
import sys

PYLIB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(name, deps=()):
    """Load src/vm/pylib/<name>.py as module 'gs_<name>'. While it executes,
    the gilsim versions of the modules in `deps` shadow the real ones."""
    key = 'gs_' + name
    if key in sys.modules:
        return sys.modules[key]
    saved = {}
    for dep in deps:
        saved[dep] = sys.modules.get(dep)
        sys.modules[dep] = load(dep)
    try:
        spec = importlib.util.spec_from_file_location(key, os.path.join(PYLIB, name + '.py'))
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    finally:
        for dep, old in saved.items():
            if old is None:
                del sys.modules[dep]
            else:
                sys.modules[dep] = old
    return module


class Recorder:
    """Collects lines of output; `rec(x)` records repr-ish text, `rec.call(f)`
    records the result of f() or the exception it raises."""

    def __init__(self):
        self.lines = []

    def __call__(self, *values):
        self.lines.append(' '.join(str(v) for v in values).replace('gs_', ''))

    def call(self, fn, show=repr):
        try:
            result = fn()
        except Exception as exc:
            self(f'{type(exc).__name__}: {exc}')
        else:
            self(show(result))


def compare(title, scenario, real, mine):
    """Run scenario(module, rec) for both modules and report differences."""
    expected, got = Recorder(), Recorder()
    scenario(real, expected)
    scenario(mine, got)
    bad = 0
    n = max(len(expected.lines), len(got.lines))
    for i in range(n):
        e = expected.lines[i] if i < len(expected.lines) else '<missing>'
        g = got.lines[i] if i < len(got.lines) else '<missing>'
        if e != g:
            bad += 1
            print(f'[{title}] line {i}:\n   cpython: {e}\n   gilsim:  {g}')
    print(f'{title}: {n - bad}/{n} lines match')
    return bad


def main(tests):
    """tests: list of (title, scenario, real_module, my_module)."""
    failures = 0
    for test in tests:
        failures += compare(*test)
    if failures:
        print(f'FAILED: {failures} mismatching lines')
        sys.exit(1)
    print('OK')

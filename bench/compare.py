#!/usr/bin/env python3
"""Run each bundled scenario under python3 and under gilsim, side by side.

For every scenario it prints the lines each run printed (scenarios print their own timings, so
python3's real numbers and gilsim's simulated ones line up), and the wall time each took to run:
the simulation should take far less time than living through the run. Then a table of the
numbers that differ: for each pair of lines that read the same apart from their numbers
(`elapsed 0.301 s` against `elapsed 0.300 s`), python3's number, gilsim's, and their ratio.

    python3 bench/compare.py                 # every scenario in scenarios/
    python3 bench/compare.py convoy sleep    # only scenarios whose name contains these
    python3 bench/compare.py --runs 3        # best wall time of 3 runs each

Builds `target/release/gilsim` first (or use --gilsim PATH), and runs it with `--cores` set to
this machine's core count, so both see the same `os.cpu_count()`.
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def numbers_that_differ(a, b):
    """For two output lines equal apart from their numbers, the (label, python3, gilsim)
    triples of the numbers that differ; the label is the line with that number marked."""
    if NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return []
    out = []
    ma, mb = list(NUMBER.finditer(a)), list(NUMBER.finditer(b))
    for x, y in zip(ma, mb):
        if x.group() != y.group():
            label = (a[:x.start()] + "#" + a[x.end():]).strip()
            out.append((label, x.group(), y.group()))
    return out


def run(cmd, cwd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - t0, p


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--gilsim", default=os.path.join(ROOT, "target", "release", "gilsim"))
    ap.add_argument("--python", default="python3")
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    args.gilsim = os.path.abspath(args.gilsim)  # the runs' working directory is scenarios/
    if not args.no_build and args.gilsim.endswith(os.path.join("release", "gilsim")):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    sdir = os.path.join(ROOT, "scenarios")
    files = sorted(f for f in os.listdir(sdir) if f.endswith(".py"))
    if args.names:
        files = [f for f in files if any(n in f for n in args.names)]
    rows = []
    diffs = []
    for f in files:
        py_best = gs_best = None
        for _ in range(args.runs):
            tp, pp = run([args.python, f], sdir)
            # the simulated machine has this machine's cores, as python3's does
            cores = str(os.cpu_count() or 1)
            tg, pg = run([args.gilsim, "run", "--cores", cores, "--report", "none", f], sdir)
            py_best = tp if py_best is None else min(py_best, tp)
            gs_best = tg if gs_best is None else min(gs_best, tg)
        print(f"== {f}")
        pl = pp.stdout.splitlines()
        gl = pg.stdout.splitlines()
        w = max([len(x) for x in pl] + [8])
        print(f"   {'python3'.ljust(w)} | gilsim")
        for i in range(max(len(pl), len(gl))):
            a = pl[i] if i < len(pl) else ""
            b = gl[i] if i < len(gl) else ""
            mark = " " if a == b else "~"
            diffs += [(f, *d) for d in numbers_that_differ(a, b)]
            print(f" {mark} {a.ljust(w)} | {b}")
        if pg.returncode != 0:
            print("   gilsim failed:", pg.stderr.strip().splitlines()[-1:] or "")
        ratio = py_best / gs_best if gs_best else float("inf")
        rows.append((f, py_best, gs_best, ratio, pg.returncode))
        print()
    print(f"{'scenario':<26} {'python3 s':>10} {'gilsim s':>10} {'speed-up':>9}")
    for f, tp, tg, r, rc in rows:
        flag = "" if rc == 0 else "  (gilsim exit %d)" % rc
        print(f"{f:<26} {tp:>10.3f} {tg:>10.3f} {r:>8.1f}x{flag}")
    if diffs:
        print()
        print(f"{'scenario':<26} {'number (#)':<44} {'python3':>9} {'gilsim':>9} {'g/p':>6}")
        for f, label, a, b in diffs:
            ratio = f"{float(b) / float(a):.2f}" if float(a) else "-"
            print(f"{f:<26} {label[:44]:<44} {a:>9} {b:>9} {ratio:>6}")


if __name__ == "__main__":
    main()

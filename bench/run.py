#!/usr/bin/env python3
"""Benchmark gilsim against CPython on the CPU-bound programs in bench/programs/.

Usage (from anywhere):
    python3 bench/run.py                 # build release, 3 runs each, print table
    python3 bench/run.py --runs 5 --only fib
    python3 bench/run.py --gilsim target/debug/gilsim   # skip the build
    python3 bench/run.py --callgrind     # instruction counts for gilsim (valgrind)

Standard library only. Exit status is 1 if any program's output differs
between python3 and gilsim (or gilsim fails), else 0.
"""

import argparse
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
PROGRAMS_DIR = BENCH_DIR / "programs"
OUT_DIR = BENCH_DIR / "out"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3, help="runs per program and interpreter; best time is kept (default 3)")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="only programs whose name contains NAME (repeatable)")
    p.add_argument("--gilsim", metavar="PATH", help="gilsim binary to use (skips `cargo build --release`)")
    p.add_argument("--python", default="python3", metavar="PATH", help="reference interpreter (default python3)")
    p.add_argument("--timeout", type=float, default=300.0, metavar="SECS", help="per-run time limit (default 300)")
    p.add_argument("--callgrind", action="store_true",
                   help="run each program once under valgrind --tool=callgrind for gilsim and print instruction counts")
    args = p.parse_args()
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def build_release():
    print("building: cargo build --release", file=sys.stderr, flush=True)
    r = subprocess.run(["cargo", "build", "--release"], cwd=REPO_DIR)
    if r.returncode != 0:
        sys.exit(f"cargo build --release failed with exit code {r.returncode}")
    exe = REPO_DIR / "target" / "release" / ("gilsim.exe" if os.name == "nt" else "gilsim")
    if not exe.exists():
        sys.exit(f"built binary not found at {exe}")
    return exe


def select_programs(only):
    progs = sorted(PROGRAMS_DIR.glob("*.py"))
    if only:
        progs = [p for p in progs if any(o in p.stem for o in only)]
    if not progs:
        sys.exit(f"no benchmark programs match {only!r} in {PROGRAMS_DIR}")
    return progs


def run_once(cmd, timeout):
    """Run cmd in the programs dir; return (seconds, returncode, stdout, stderr)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
    start = time.perf_counter()
    try:
        r = subprocess.run(cmd, cwd=PROGRAMS_DIR, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        return time.perf_counter() - start, "timeout", e.stdout or b"", e.stderr or b""
    except OSError as e:
        return 0.0, f"cannot start: {e}", b"", b""
    return time.perf_counter() - start, r.returncode, r.stdout, r.stderr


def best_of(cmd, runs, timeout):
    """Best wall time over `runs`; returns (best_seconds, returncode, stdout, stderr) of the last run.

    Stops early if a run fails, so a broken program is not repeated."""
    best = math.inf
    result = None
    for _ in range(runs):
        secs, code, out, err = run_once(cmd, timeout)
        result = (code, out, err)
        if code != 0:
            return None, code, out, err
        best = min(best, secs)
    return (best, *result)


def gilsim_cmd(gilsim, prog):
    return [str(gilsim), "run", "--report", "none", prog.name]


def short(b, limit=200):
    text = b.decode("utf-8", "replace").strip().splitlines()
    text = " | ".join(text[-3:])
    return text if len(text) <= limit else text[:limit] + "..."


def timing_table(args, gilsim, progs):
    rows = []
    problems = []
    ratios = []
    for prog in progs:
        print(f"running {prog.name} ...", file=sys.stderr, flush=True)
        py_t, py_code, py_out, py_err = best_of([args.python, prog.name], args.runs, args.timeout)
        gs_t, gs_code, gs_out, gs_err = best_of(gilsim_cmd(gilsim, prog), args.runs, args.timeout)
        marker = ""
        if py_code != 0:
            marker = "MISMATCH"
            problems.append(f"{prog.name}: python3 failed ({py_code}): {short(py_err)}")
        elif gs_code != 0:
            marker = "MISMATCH"
            problems.append(f"{prog.name}: gilsim failed ({gs_code}): {short(gs_err)}")
        elif py_out != gs_out:
            marker = "MISMATCH"
            problems.append(f"{prog.name}: stdout differs: python3 {short(py_out)!r} vs gilsim {short(gs_out)!r}")
        ratio = None
        if py_t is not None and gs_t is not None and gs_t > 0:
            ratio = py_t / gs_t
            if not marker:
                ratios.append(ratio)
        rows.append((prog.stem, py_t, gs_t, ratio, marker))

    fmt_t = lambda t: "-" if t is None else f"{t:.3f}"
    fmt_r = lambda r: "-" if r is None else f"{r:.2f}"
    header = ("program", "python3 s", "gilsim s", "ratio", "")
    table = [header] + [(n, fmt_t(p), fmt_t(g), fmt_r(r), m) for n, p, g, r, m in rows]
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    print()
    for i, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [row[c].rjust(widths[c]) for c in range(1, 4)] + [row[4]]
        print("  ".join(cells).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths[:4]))
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"\ngeometric mean ratio (python3/gilsim, >1 means gilsim is faster): {geo:.2f}"
              f" over {len(ratios)} program(s); best of {args.runs} run(s) each")
    for p in problems:
        print("MISMATCH " + p)
    return 1 if problems else 0


CALLGRIND_SUMMARY = re.compile(rb"^(?:summary|totals):\s*(\d+)", re.M)


def callgrind_table(args, gilsim, progs):
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    rows = []
    problems = []
    for prog in progs:
        print(f"callgrind {prog.name} ...", file=sys.stderr, flush=True)
        expected = run_once([args.python, prog.name], args.timeout)
        out_file = OUT_DIR / f"callgrind.{prog.stem}.out"
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"] + gilsim_cmd(gilsim, prog)
        # Valgrind is ~50x slower than native; scale the limit accordingly.
        secs, code, out, err = run_once(cmd, args.timeout * 50)
        irs = None
        if out_file.exists():
            m = CALLGRIND_SUMMARY.search(out_file.read_bytes())
            if m:
                irs = int(m.group(1))
        marker = ""
        if code != 0 or irs is None:
            marker = "MISMATCH"
            problems.append(f"{prog.name}: gilsim under callgrind failed ({code}): {short(err)}")
        elif expected[1] != 0 or expected[2] != out:
            marker = "MISMATCH"
            problems.append(f"{prog.name}: stdout differs from python3")
        rows.append((prog.stem, irs, marker))
    w = max(len("program"), *(len(n) for n, _, _ in rows))
    print()
    print(f"{'program'.ljust(w)}  {'gilsim instructions (Ir)':>26}")
    print(f"{'-' * w}  {'-' * 26}")
    for name, irs, marker in rows:
        print(f"{name.ljust(w)}  {('-' if irs is None else f'{irs:,}'):>26}  {marker}".rstrip())
    print(f"\ncallgrind profiles: {OUT_DIR}/callgrind.<program>.out (inspect with callgrind_annotate)")
    for p in problems:
        print("MISMATCH " + p)
    return 1 if problems else 0


def main():
    args = parse_args()
    progs = select_programs(args.only)
    gilsim = Path(args.gilsim).resolve() if args.gilsim else build_release()
    if not gilsim.exists():
        sys.exit(f"gilsim binary not found: {gilsim}")
    if args.callgrind:
        return callgrind_table(args, gilsim, progs)
    return timing_table(args, gilsim, progs)


if __name__ == "__main__":
    sys.exit(main())

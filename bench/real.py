#!/usr/bin/env python3
"""The real clock against CPython: GIL hand-over numbers side by side, from one run.

Runs the same scenarios under `python3` and under `gilsim run --clock real` (and, for
reference, the virtual clock), alternating them round by round so that machine load hits
both alike, and prints the median of each number over the rounds:

- 2 and 4 CPU-bound threads (`bench/gil/cpu_threads.py`): holder changes per second and the
  median slice (how long a thread keeps the GIL). Goal: the median slice within 10% of the
  switch interval (5 ms).
- `time.sleep(0)` beside a spinning thread (`scenarios/convoy.py`): latency per call.
- two threads calling `time.sleep(0)` in turn (`bench/gil/handoff.py`): hand-offs per second,
  and the hand-off latency from one thread's release to the other running. Goal: no worse
  than CPython's. Each `sleep(0)` lasts its timer slack (~60 us), so the two threads mostly
  sleep at once and take a free GIL: this times the OS's sleeps more than the GIL.
- two CPU-bound threads with a 1 ms switch interval (`bench/gil/switch.py`): every hand-off is
  a forced switch (drop request, signal, FORCE_SWITCHING), the GIL's own hand-off path; its
  latency from the holder's last bytecode to the next holder's first.

CPython writes no trace, so each scenario measures itself with `time.perf_counter()`
("in-scenario", the same code under both; gilsim then runs without a trace, as CPython does);
gilsim's numbers also come from its trace, in a second run that writes one.

    python3 bench/real.py                 # 3 rounds of 1 s per scenario
    python3 bench/real.py --runs 5 --seconds 2
    python3 bench/real.py --no-build --gilsim target/release/gilsim
    python3 bench/real.py --wait-idle 85  # before each round, wait for a mostly idle machine

On a shared machine, other load stretches slices and hand-offs for both interpreters; compare
numbers from the same run.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GIL = os.path.join(ROOT, "bench", "gil")
SCEN = os.path.join(ROOT, "scenarios")


def idle_fraction(seconds=1.0):
    """The share of CPU time the whole machine spent idle over the next `seconds` (Linux)."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return v[3] + v[4], sum(v)
    i0, t0 = sample()
    time.sleep(seconds)
    i1, t1 = sample()
    return (i1 - i0) / max(1, t1 - t0)


def wait_idle(percent, give_up_s=600):
    """Waits until the machine is `percent`% idle for a second (at most `give_up_s`)."""
    start = time.time()
    while time.time() - start < give_up_s:
        if idle_fraction() * 100 >= percent:
            return True
    print(f"machine still busy after {give_up_s} s; running anyway", file=sys.stderr)
    return False


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return p.stdout


def numbers(out):
    """`name value` lines of a scenario's output, and convoy.py's `...: value ms` lines."""
    vals = {}
    for line in out.splitlines():
        if line.startswith("per call beside a spin:"):
            vals["per_call_ms"] = float(line.split()[-2])
            continue
        parts = line.split()
        if len(parts) == 2:
            try:
                vals[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return vals


def events(path):
    with open(path) as f:
        lines = [json.loads(line) for line in f]
    assert lines[0]["type"] == "header" and lines[-1]["type"] == "footer"
    return lines[1:-1]


def holdings(evs):
    """(thread, acquire t, release t, reason) of every GIL holding."""
    held, out = {}, []
    for e in evs:
        if e["type"] == "gil_acquire":
            held[e["thread"]] = e["t"]
        elif e["type"] == "gil_release" and e["thread"] in held:
            out.append((e["thread"], held.pop(e["thread"]), e["t"], e["reason"]))
    return out


def cpu_from_trace(evs):
    """Holder changes per second and median slice (ms) of the worker threads."""
    hs = [h for h in holdings(evs) if h[0] != 0]
    if len(hs) < 2:
        return {}
    by = {}
    for h in hs:
        by.setdefault(h[0], []).append(h)
    # each thread's first and last holding are cut by its start and end
    slices = sorted(h[2] - h[1] for v in by.values() for h in v[1:-1])
    changes = sum(1 for a, b in zip(hs, hs[1:]) if a[0] != b[0])
    window = hs[-1][2] - hs[0][1]
    out = {"changes_per_s": changes / window * 1e9}
    if slices:
        out["median_slice_ms"] = slices[len(slices) // 2] / 1e6
    return out


def handoff_from_trace(evs):
    """Hand-offs per second and median latency (us) from a release by one thread to the
    next acquire by another."""
    lat, last_release = [], None
    for e in evs:
        if e["type"] == "gil_release" and e["thread"] != 0:
            last_release = e
        elif e["type"] == "gil_acquire" and last_release is not None:
            if e["thread"] not in (0, last_release["thread"]):
                lat.append(e["t"] - last_release["t"])
            last_release = None
    if not lat:
        return {}
    ts = [e["t"] for e in evs if e["thread"] != 0]
    lat.sort()
    return {
        "handoffs_per_s": len(lat) / (ts[-1] - ts[0]) * 1e9,
        "median_handoff_us": lat[len(lat) // 2] / 1e3,
    }


def convoy_from_trace(evs):
    """The I/O thread's median wait for the GIL after each sleep(0) (ms)."""
    starts = {e["thread"]: e["name"] for e in evs if e["type"] == "thread_start"}
    io = [t for t, n in starts.items() if "io_bound" in n]
    waits = sorted(
        e["wait_ns"] for e in evs if e["type"] == "gil_acquire" and e["thread"] in io
    )
    return {"per_call_ms": waits[len(waits) // 2] / 1e6} if waits else {}


# (key, scenario dir, file, args, trace analysis)
SCENARIOS = [
    ("cpu2", GIL, "cpu_threads.py", ["2"], cpu_from_trace),
    ("cpu4", GIL, "cpu_threads.py", ["4"], cpu_from_trace),
    ("convoy", SCEN, "convoy.py", [], convoy_from_trace),
    ("handoff", GIL, "handoff.py", [], handoff_from_trace),
    ("switch", GIL, "switch.py", [], handoff_from_trace),
]

# (scenario key, number, label, CPython 3.11 as DESIGN.md quotes it)
ROWS = [
    ("cpu2", "changes_per_s", "2 CPU threads: holder changes/s", "~180"),
    ("cpu2", "median_slice_ms", "2 CPU threads: median slice ms", "5.0"),
    ("cpu4", "changes_per_s", "4 CPU threads: holder changes/s", ""),
    ("cpu4", "median_slice_ms", "4 CPU threads: median slice ms", ""),
    ("convoy", "per_call_ms", "sleep(0) beside a spinner: ms/call", "5.2"),
    ("handoff", "handoffs_per_s", "sleep(0) ping-pong: hand-offs/s", ""),
    ("handoff", "median_handoff_us", "sleep(0) ping-pong: hand-off us", ""),
    ("switch", "handoffs_per_s", "forced switch, 1 ms: hand-offs/s", ""),
    ("switch", "median_handoff_us", "forced switch, 1 ms: hand-off us", ""),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--gilsim", default=os.path.join(ROOT, "target", "release", "gilsim"))
    ap.add_argument("--python", default="python3")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--wait-idle", type=float, default=0,
                    help="before each round, wait until the machine is this %% idle")
    args = ap.parse_args()
    if not args.no_build and args.gilsim.endswith(os.path.join("release", "gilsim")):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    gilsim = os.path.abspath(args.gilsim)
    tmp = tempfile.mkdtemp(prefix="gilsim-bench-")
    # results[(column, scenario)] = list of dicts, one per round
    results = {}

    def add(col, key, vals):
        results.setdefault((col, key), []).append(vals)

    for r in range(args.runs):
        for key, cwd, file, extra, analyse in SCENARIOS:
            if args.wait_idle:
                wait_idle(args.wait_idle)
            sargs = extra + ([str(args.seconds)] if cwd == GIL else [])
            add("python", key, numbers(run([args.python, file] + sargs, cwd)))
            # CPython writes no trace: gilsim's in-scenario numbers come from a run without one
            base = [gilsim, "run", "--report", "none"]
            add("real", key, numbers(run(base + ["--clock", "real", file] + sargs, cwd)))
            for clock in ("real", "virtual"):
                trace = os.path.join(tmp, f"{key}-{clock}-{r}.jsonl")
                run(base + ["--clock", clock, "--trace", trace, file] + sargs, cwd)
                add(f"{clock}-trace", key, analyse(events(trace)))
        print(f"round {r + 1}/{args.runs} done", file=sys.stderr)

    def cell(col, key, name):
        vals = [d[name] for d in results.get((col, key), []) if name in d]
        if not vals:
            return "-"
        v = statistics.median(vals)
        return f"{v:.0f}" if v >= 100 else f"{v:.2f}"

    cols = [("python", "CPython"), ("real", "real"), ("real-trace", "real trace"),
            ("virtual-trace", "virtual trace")]
    print(f"median of {args.runs} runs; CPython and 'real' measured in the scenario itself, "
          f"'trace' columns from gilsim's trace")
    head = f"{'':38}" + "".join(f"{c[1]:>14}" for c in cols) + f"{'DESIGN.md':>11}"
    print(head)
    for key, name, label, quoted in ROWS:
        line = f"{label:38}" + "".join(f"{cell(c[0], key, name):>14}" for c in cols)
        print(line + f"{quoted:>11}")
    print(f"(traces kept in {tmp})")


if __name__ == "__main__":
    main()

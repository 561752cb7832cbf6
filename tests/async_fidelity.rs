//! Fidelity of asyncio on the virtual clock: the asyncio scenarios' numbers against those
//! CPython 3.11 printed for the same files on this machine (each within 10%), the loop's wait
//! in the trace, determinism, and the finalization messages' exact stderr against python3
//! (never-awaited coroutines, tasks never retrieved or destroyed pending, `__del__` errors).
//!
//! CPython 3.11.7 here (2 cores), medians of 5 runs: `async_blocking.py` longest tick gap
//! 50.2 ms / total 151 ms with `time.sleep`, 5.3 ms / 104 ms with `await`, 5.6-9.4 ms /
//! 104-108 ms with `to_thread`; `async_starve.py` 139 ms gap without awaiting, 13 ms with
//! `sleep(0)`; `io_three_ways.py` 1.009 s / 0.108 s / 0.107 s.

mod common;

use std::process::Command;

use common::{events, number_after, root, Run};
use serde_json::Value;

/// Run `scenarios/NAME`, keeping its trace.
fn run(scenario: &str) -> Run {
    common::run(scenario, &[])
}

/// Is `got` within `pct` percent of `want`?
fn within(got: f64, want: f64, pct: f64) -> bool {
    (got - want).abs() <= want * pct / 100.0
}

#[test]
fn within_ten_percent_checks_can_fail() {
    assert!(within(5.3, 5.0, 10.0));
    assert!(!within(5.6, 5.0, 10.0));
    assert!(!within(52.0 * 1.11, 52.0, 10.0));
}

#[test]
fn a_blocking_call_stalls_the_loop_and_await_does_not() {
    let r = run("async_blocking.py");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    let gap = |how: &str| number_after(out, &format!("{how}: longest gap between ticks:"));
    let total = |how: &str| number_after(out, &format!("{how}: total:"));
    // time.sleep(0.05) in a task: the loop stops for 50 ms (issue: 52 ms; here 50.2 ms)
    let g = gap("time.sleep");
    assert!(within(g, 52.0, 10.0) && within(g, 50.2, 10.0), "{out}");
    assert!(within(total("time.sleep"), 151.0, 10.0), "{out}");
    // awaiting instead: ticks stay ~5.3 ms apart, the total is the ticker's own
    assert!(within(gap("await"), 5.3, 10.0), "{out}");
    assert!(within(total("await"), 104.0, 10.0), "{out}");
    assert!(within(total("await"), 103.0, 10.0), "{out}");
    // on a worker thread: the loop goes on ticking
    assert!(gap("to_thread") < 10.0, "{out}");
    assert!(within(total("to_thread"), 105.0, 10.0), "{out}");
    // the loop's waits are `select` blocks of the main thread; the worker thread is asyncio_0
    let evs = events(&r.trace);
    let selects = evs
        .iter()
        .filter(|e| e["type"] == "block" && e["what"] == "select" && e["thread"] == 0)
        .count();
    assert!(
        selects > 50,
        "the loop waits in select between ticks: {selects}"
    );
    let sleeps: Vec<&Value> = evs
        .iter()
        .filter(|e| e["type"] == "io_begin" && e["call"] == "time.sleep")
        .collect();
    assert_eq!(
        sleeps.len(),
        2,
        "one time.sleep on the loop, one on the pool"
    );
    assert_eq!(
        sleeps[0]["thread"], 0,
        "the first blocks the loop's own thread"
    );
    assert_ne!(sleeps[1]["thread"], 0, "to_thread sleeps elsewhere");
    assert!(
        evs.iter()
            .any(|e| e["type"] == "thread_start" && e["name"] == "asyncio_0"),
        "the pool's worker is named as CPython names it"
    );
}

#[test]
fn gather_takes_the_longest_not_the_sum() {
    let r = run("async_gather.py");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("sequential awaits: 0.60 s"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("gather: 0.30 s"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("finishing order:    ['small', 'medium', 'big']"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_cpu_bound_coroutine_starves_the_heartbeat_until_it_awaits() {
    let r = run("async_starve.py");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let starved = number_after(&r.stdout, "never awaiting: longest heartbeat gap:");
    assert!(within(starved, 139.0, 10.0), "{}", r.stdout);
    let fed = number_after(
        &r.stdout,
        "awaiting sleep(0) every 20000 steps: longest heartbeat gap:",
    );
    assert!(fed < 20.0 && fed >= 10.0, "{}", r.stdout);
    let took = number_after(&r.stdout, "never awaiting: computation took");
    assert!(within(took, 129.0, 10.0), "{}", r.stdout);
}

#[test]
fn io_bound_work_overlaps_on_threads_and_coroutines() {
    let r = run("io_three_ways.py");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(within(
        number_after(&r.stdout, "one after another:"),
        1.009,
        10.0
    ));
    assert!(within(number_after(&r.stdout, "ten threads:"), 0.108, 10.0));
    assert!(within(
        number_after(&r.stdout, "ten coroutines:"),
        0.107,
        10.0
    ));
}

#[test]
fn producer_and_consumers_are_paced_by_the_bounded_queue() {
    let r = run("async_queue.py");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(within(
        number_after(&r.stdout, "all 30 jobs done after:"),
        0.30,
        10.0
    ));
    assert!(r
        .stdout
        .contains("the producer ran ahead until job 8, then waited for room"));
}

#[test]
fn asyncio_runs_are_deterministic() {
    let a = run("async_cancel.py");
    let b = run("async_cancel.py");
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.trace, b.trace, "byte-identical traces");
    assert!(a.stdout.contains("TimeoutError at 0.12 s"), "{}", a.stdout);
}

/// Runs `tests/py/NAME` under python3 and gilsim; gives both stderrs, with the
/// script's directory dropped from their absolute paths and `0x...` addresses written
/// `0xADDR`. `None` when there is no python3.
fn stderr_both(name: &str) -> Option<(String, String)> {
    let path = root().join("tests/py").join(name);
    let (dir, file) = (path.parent().unwrap(), path.file_name().unwrap());
    let python = std::env::var("GILSIM_PYTHON").unwrap_or_else(|_| "python3".into());
    let Ok(py) = Command::new(&python).current_dir(dir).arg(file).output() else {
        eprintln!("skipped: no {python}");
        return None;
    };
    let gs = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .current_dir(dir)
        .args(["run", "--report", "none"])
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(py.stdout, gs.stdout, "{name}: stdout");
    assert_eq!(py.status.code(), gs.status.code(), "{name}: exit code");
    let addresses = |s: &str| -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("0x") {
            out.push_str(&rest[..i]);
            out.push_str("0xADDR");
            rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        }
        out.push_str(rest);
        out
    };
    let prefix = format!("{}/", dir.display());
    let want = addresses(&String::from_utf8_lossy(&py.stderr).replace(&prefix, ""));
    let got = addresses(&String::from_utf8_lossy(&gs.stderr).replace(&prefix, ""));
    Some((want, got))
}

/// What CPython writes on stderr when an object is finalized, byte for byte (paths and
/// addresses aside): the never-awaited warning, asyncio's "Task exception was never
/// retrieved" and "Task was destroyed but it is pending!" through the default exception
/// handler, and an exception `__del__` raised.
#[test]
fn finalization_messages_match_python3() {
    for (name, expect) in [
        (
            "asyncio/unawaited_warning.py",
            "RuntimeWarning: coroutine 'forgotten' was never awaited",
        ),
        (
            "asyncio/never_retrieved.py",
            "future: <Task finished name='second' coro=<boom() done, defined at never_retrieved.py:6> exception=ValueError('lost 2')>",
        ),
        (
            "asyncio/destroyed_pending.py",
            "Task was destroyed but it is pending!\ntask: <Task pending name='Task-1' coro=<forever() done, defined at destroyed_pending.py:8> wait_for=<Future pending cb=[Task.task_wakeup()]>>",
        ),
        (
            "classes/del_finalizer.py",
            "Exception ignored in: <function Broken.__del__ at 0xADDR>\nTraceback",
        ),
    ] {
        let Some((want, got)) = stderr_both(name) else {
            return;
        };
        assert!(want.contains(expect), "{name}: python3 wrote\n{want}");
        assert_eq!(got, want, "{name}");
    }
}

/// The stall detector: the report (and `analyze` of the trace) lists the step that held the
/// loop past the threshold, with its task and lines; `--slow-callback` moves the threshold.
#[test]
fn the_stall_detector_names_the_task_and_lines_that_held_the_loop() {
    let dir = std::env::temp_dir().join(format!("gilsim-stalls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let trace = dir.join("starve.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .current_dir(root().join("scenarios"))
        .env("COLUMNS", "100")
        .args(["run", "--color", "never", "--trace"])
        .arg(&trace)
        .arg("async_starve.py")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("stalls (a step or callback holding its loop >= 100ms): 1"),
        "{err}"
    );
    assert!(
        err.contains("Task-1 held the loop 1") && err.contains("from line 29 to line 44"),
        "the crunch resumed at line 29 and next awaited at line 44:\n{err}"
    );
    assert!(err.contains(" Task-2 "), "a timeline row per task:\n{err}");
    assert!(err.contains("heartbeat()"), "the task table:\n{err}");
    let analyze = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
            .arg("analyze")
            .arg(&trace)
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let a = analyze(&[]);
    assert!(a.contains("holding its loop >= 100ms): 1"), "{a}");
    // every sleep(0) slice of the second computation is a step of about 0.6 ms
    let fine = analyze(&["--slow-callback", "500us"]);
    let n: u64 = fine
        .lines()
        .find_map(|l| l.strip_prefix("stalls (a step or callback holding its loop >= 500us): "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{fine}"));
    assert!(n > 100, "{fine}");
    let json: Value = serde_json::from_str(&analyze(&["--json"])).unwrap();
    assert_eq!(json["asyncio"]["slow_count"], 1);
    assert_eq!(json["asyncio"]["slow_steps"][0]["from_line"], 29);
    let evs = events(&std::fs::read_to_string(&trace).unwrap());
    assert!(evs
        .iter()
        .any(|e| e["type"] == "task_create" && e["coro"] == "heartbeat"));
}

/// An event loop that waits for something nothing will complete is a deadlock (exit 4), not a
/// hang: python3 would wait forever.
#[test]
fn a_loop_waiting_for_nothing_is_a_deadlock() {
    let dir = std::env::temp_dir().join(format!("gilsim-async-deadlock-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("hang.py");
    std::fs::write(
        &p,
        "import asyncio\n\nasync def main():\n    await asyncio.get_running_loop().create_future()\n\nasyncio.run(main())\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args(["run", "--report", "none"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deadlock") && err.contains("waits in select"),
        "{err}"
    );
}

/// The line of `scenarios/NAME` that contains `text` (1-based).
fn line_of(scenario: &str, text: &str) -> u64 {
    let src = std::fs::read_to_string(root().join("scenarios").join(scenario)).unwrap();
    src.lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not in {scenario}")) as u64
        + 1
}

/// `asyncio.Barrier`: rounds last as long as their slowest worker (CPython 3.11 here: 72 to
/// 77 ms without the barrier, 125 ms with it). In the trace every worker arrives at the
/// barrier and the three leave it together, right after the round's last arrival, at 40, 80
/// and 120 ms.
#[test]
fn a_barrier_makes_each_round_last_as_long_as_its_slowest_task() {
    let r = run("async_barrier.py");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let without = r.stdout.lines().nth(1).unwrap();
    assert_eq!(
        without, "  finished: ann 70 ms, bob 70 ms, cy 70 ms",
        "{}",
        r.stdout
    );
    for (rnd, who, at) in [(0, "cy", 40.0), (1, "bob", 80.0), (2, "ann", 120.0)] {
        let t = number_after(&r.stdout, &format!("  round {rnd} released by {who} at"));
        assert!(within(t, at, 2.0), "{}", r.stdout);
    }
    let with = number_after(r.stdout.lines().last().unwrap(), "  finished: ann");
    assert!(with > 100.0 && within(with, 125.0, 10.0), "{}", r.stdout);

    let wait_line = line_of("async_barrier.py", "index = await barrier.wait()");
    let evs = events(&r.trace);
    let workers: Vec<u64> = evs
        .iter()
        .filter(|e| e["type"] == "task_create" && e["coro"] == "worker")
        .map(|e| e["task"].as_u64().unwrap())
        .collect();
    assert_eq!(workers.len(), 6, "three workers per run");
    let steps = |pred: &dyn Fn(&Value) -> bool| -> Vec<(u64, u64)> {
        evs.iter()
            .filter(|e| {
                e["type"] == "task_step" && workers[3..].contains(&e["task"].as_u64().unwrap())
            })
            .filter(|e| pred(e))
            .map(|e| {
                (
                    e["t"].as_u64().unwrap() - e["dur_ns"].as_u64().unwrap(),
                    e["t"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // a worker that has to wait arrives with a step that stops at the wait, and leaves with
    // one that resumes from it; the last to arrive goes through without stopping
    let arrivals = steps(&|e| e["line"].as_u64() == Some(wait_line));
    let departures = steps(&|e| e["from_line"].as_u64() == Some(wait_line));
    assert_eq!((arrivals.len(), departures.len()), (6, 6));
    let start = evs
        .iter()
        .find(|e| e["type"] == "task_create" && e["task"].as_u64() == Some(workers[3]))
        .map(|e| e["t"].as_u64().unwrap())
        .unwrap();
    for rnd in 0..3 {
        let release = start + 40_000_000 * (rnd as u64 + 1);
        let came = &arrivals[rnd * 2..rnd * 2 + 2];
        let left = &departures[rnd * 2..rnd * 2 + 2];
        assert!(
            came.iter().all(|s| s.1 < release),
            "round {rnd}: the two that wait arrive before {release} ns: {came:?}"
        );
        // (the slow sleeps end a little late: timer slack, the loop's millisecond rounding)
        assert!(
            left.iter()
                .all(|s| s.0 > release && s.0 < release + 1_500_000),
            "round {rnd}: both leave right after {release} ns: {left:?}"
        );
        assert!(
            left[1].1 - left[0].0 < 100_000,
            "round {rnd}: both leave in one burst: {left:?}"
        );
    }
}

/// A `ContextVar` is per task, a global is not (the scenario's output is the same under
/// python3: nothing in it depends on timing).
#[test]
fn a_context_variable_is_per_task_and_a_global_is_not() {
    let r = run("async_context.py");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = "a global:
  [request 1] received
  [request 2] received
  [request 3] received
  [request 3] replied
  [request 3] replied
  [request 3] replied
a ContextVar:
  [request 1] received
  [request 2] received
  [request 3] received
  [request 1] replied
  [request 2] replied
  [request 3] replied
main still sees: none
";
    assert_eq!(r.stdout, want);
}

//! `concurrent.futures` on the virtual clock: the pool and futures scenarios give CPython
//! 3.11's numbers and shapes (deterministic runs, traces read back), and what gilsim cannot do
//! yet is refused with a clear message.

mod common;

use common::{events, holdings, number_after, Run};
use serde_json::Value;

/// Run `scenarios/NAME` with `extra` flags, keeping its trace; it must succeed.
fn run(scenario: &str, extra: &[&str]) -> Run {
    let r = common::run(scenario, extra);
    assert_eq!(r.code, 0, "{scenario}: {}", r.stderr);
    r
}

/// The name each thread id last took (a `thread_start` event carries a new name).
fn thread_names(evs: &[Value]) -> std::collections::BTreeMap<u64, String> {
    evs.iter()
        .filter(|e| e["type"] == "thread_start")
        .map(|e| {
            (
                e["thread"].as_u64().unwrap(),
                e["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// CPython 3.11, 2 cores, four jobs of 2M iterations after warm-up: thread pool / sequential
/// is 0.94-1.06. The simulated ratio must be within 15% of that.
#[test]
fn a_thread_pool_runs_cpu_bound_jobs_no_faster_than_one_thread() {
    let r = run("pool_cpu_threads.py", &[]);
    let sequential = number_after(&r.stdout, "sequential");
    let pooled = number_after(&r.stdout, "thread pool");
    let ratio = pooled / sequential;
    assert!(
        (0.85..=1.15).contains(&ratio),
        "ratio {ratio}\n{}",
        r.stdout
    );
    // 8M specialised iterations of about 13 ns in each half
    assert!((0.08..0.14).contains(&sequential), "{}", r.stdout);
    let evs = events(&r.trace);
    let names = thread_names(&evs);
    let workers: Vec<u64> = names
        .iter()
        .filter(|(_, n)| n.starts_with("ThreadPoolExecutor-0_"))
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(
        workers.len(),
        4,
        "four workers started on demand: {names:?}"
    );
    // the workers take turns in slices of about one switch interval
    let slices: Vec<u64> = holdings(&evs)
        .iter()
        .filter(|(t, _, _)| workers.contains(t))
        .map(|(_, a, b)| b - a)
        .collect();
    assert!(slices.len() > 10, "many hand-overs: {}", slices.len());
    let mut sorted = slices.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    assert!(
        (4_900_000..=5_600_000).contains(&median),
        "median slice {median} ns"
    );
}

#[test]
fn a_thread_pool_overlaps_io_bound_jobs() {
    let r = run("pool_io_threads.py", &[]);
    let sequential = number_after(&r.stdout, "sequential");
    let pooled = number_after(&r.stdout, "thread pool");
    assert!((0.8..0.85).contains(&sequential), "{}", r.stdout);
    // eight 0.1 s downloads, four at a time: two rounds
    assert!((0.2..0.22).contains(&pooled), "{}", r.stdout);
    assert!(r.stdout.contains("same results: True"), "{}", r.stdout);
}

#[test]
fn map_keeps_input_order_and_as_completed_yields_completion_order() {
    let r = run("futures_order.py", &[]);
    let got: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("  job"))
        .map(|l| l.trim())
        .collect();
    assert_eq!(
        got,
        [
            "job 0 (0.4 s) received at 0.4 s",
            "job 1 (0.1 s) received at 0.4 s",
            "job 2 (0.3 s) received at 0.4 s",
            "job 3 (0.2 s) received at 0.4 s",
            "job 1 (0.1 s) received at 0.1 s",
            "job 3 (0.2 s) received at 0.2 s",
            "job 2 (0.3 s) received at 0.3 s",
            "job 0 (0.4 s) received at 0.4 s",
        ]
    );
}

#[test]
fn a_pending_future_can_be_cancelled_and_a_running_one_cannot() {
    let r = run("futures_cancel.py", &[]);
    assert!(r.stdout.contains("job 0: running=True, cancel() -> False"));
    assert!(r.stdout.contains("job 2: running=False, cancel() -> True"));
    assert!(r.stdout.contains("job 2: cancelled"));
    assert!(
        r.stdout.contains("jobs that ran: [0, 1, 3]"),
        "{}",
        r.stdout
    );
    let elapsed = number_after(&r.stdout, "elapsed");
    assert!(
        (0.3..0.31).contains(&elapsed),
        "three jobs of 0.1 s: {elapsed}"
    );
}

#[test]
fn done_callbacks_run_in_the_completing_thread_and_a_failing_one_is_logged() {
    let r = run("futures_callbacks.py", &[]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        &lines[..5],
        [
            "  job 1 done at 0.1 s, callback in ThreadPoolExecutor-0_1, 1/3 done",
            "  job 2 done at 0.2 s, callback in ThreadPoolExecutor-0_2, 2/3 done",
            "  job 0 done at 0.3 s, callback in ThreadPoolExecutor-0_0, 3/3 done",
            "adding a callback to a finished future:",
            "  job 0: callback in MainThread, at once",
        ]
    );
    let logged = r
        .stderr
        .matches("exception calling callback for <Future at 0x")
        .count();
    assert_eq!(logged, 3, "{}", r.stderr);
    assert!(r.stderr.contains("ValueError: a callback that fails"));
}

#[test]
fn shutdown_without_wait_returns_at_once_and_the_work_still_completes() {
    let r = run("pool_shutdown.py", &[]);
    assert!(
        r.stdout
            .contains("shutdown(wait=True) returned after 0.400 s, 4 of 4 jobs done"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("shutdown(wait=False) returned after 0.000 s, 0 of 4 jobs done"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .ends_with("last job done at 0.8 s, after the main code\n"));
}

#[test]
fn pool_runs_are_deterministic_and_the_seed_matters() {
    let a = run("pool_cpu_threads.py", &["--seed", "3"]);
    let b = run("pool_cpu_threads.py", &["--seed", "3"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.trace, b.trace, "byte-identical traces");
    let c = run("pool_cpu_threads.py", &["--seed", "4"]);
    assert_ne!(
        a.trace, c.trace,
        "which waiter a signal wakes comes from the seed"
    );
}

#[test]
fn the_trace_follows_every_future_through_its_states() {
    for scenario in ["futures_cancel.py", "processes_cpu.py"] {
        let r = run(scenario, &["--cores", "2"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let mut states: std::collections::BTreeMap<(u64, u64), Vec<String>> = Default::default();
        for e in events(&r.trace) {
            if e["type"] == "future" {
                let key = (e["proc"].as_u64().unwrap(), e["future"].as_u64().unwrap());
                states
                    .entry(key)
                    .or_default()
                    .push(e["state"].as_str().unwrap().to_string());
            }
        }
        assert!(!states.is_empty(), "{scenario}: future events");
        for (key, seq) in &states {
            let seq: Vec<&str> = seq.iter().map(|s| s.as_str()).collect();
            assert!(
                seq == ["submitted", "running", "done"] || seq == ["submitted", "cancelled"],
                "{scenario}: future {key:?} went {seq:?}"
            );
        }
        if scenario == "futures_cancel.py" {
            let cancelled = states.values().filter(|s| s.last().unwrap() == "cancelled");
            assert_eq!(cancelled.count(), 1, "one pending future is cancelled");
        }
    }
}

//! Loops over ints run on i64 slots (`vm::int_loop`) change nothing a run shows: the same
//! program with them turned off (`GILSIM_INT_LOOPS=0`) prints the same, and writes the same
//! trace byte for byte, GIL hand-overs inside the loops included.

mod common;

use common::*;

/// Stdout, report and trace of `scenario` with the int loops on and off.
fn on_and_off(scenario: &str) -> (Run, Run) {
    let on = run_with_env(scenario, "json", &[], &[]);
    let off = run_with_env(scenario, "json", &[], &[("GILSIM_INT_LOOPS", "0")]);
    assert_eq!(on.code, 0, "{scenario}: {}", on.stderr);
    assert_eq!(off.code, 0, "{scenario}: {}", off.stderr);
    (on, off)
}

fn assert_same(scenario: &str) {
    let (on, off) = on_and_off(scenario);
    assert_eq!(on.stdout, off.stdout, "{scenario}: stdout");
    assert_eq!(on.stderr, off.stderr, "{scenario}: the report");
    assert!(on.trace == off.trace, "{scenario}: the traces differ");
    assert!(
        events(&on.trace).len() > 10,
        "{scenario}: a trace with events"
    );
}

/// Threads whose loops over ints (locals, a global, a `while`, a `for` over a range and over a
/// list, list items by index, a break, an overflow into big ints) are cut by GIL hand-overs,
/// and a loop that calls on every round.
const THREADS: &str = r#"
import threading

hits = 0


def work(n, seed):
    global hits
    total, x = seed, 0
    while x < n:
        x += 1
        total = total + x % 7 - (x & 3)
        if x % 1000 == 0:
            hits += 1
    acc = 1
    for i in range(n):
        acc = acc * 3 + i
        if acc > 10 ** 30:
            acc = acc % 1000003
    for i in range(n):
        if i * i > n:
            break
    bits = 0
    xs = list(range(n // 4)) + [2**70, 3]
    for v in xs:
        bits = bits ^ (v & 255)
    for k in range(len(xs) - 2):
        bits += xs[k] - xs[-3 - k]
    return total, acc, i, bits


def calls(n):
    out = []
    for i in range(n):
        out.append(i % 5)
    return sum(out)


results = []


def worker(k):
    results.append((k, work(500_000, k), calls(2000)))


threads = [threading.Thread(target=worker, args=(k,)) for k in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results), hits)
"#;

#[test]
fn threads_running_int_loops_give_the_same_trace_with_them_off() {
    let dir = std::env::temp_dir().join(format!("gilsim-int-loops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("int_loop_threads.py");
    std::fs::write(&path, THREADS).unwrap();
    let path = path.to_str().unwrap();
    let (on, off) = on_and_off(path);
    assert_eq!(on.stdout, off.stdout);
    assert_eq!(on.stderr, off.stderr, "the report");
    assert!(on.trace == off.trace, "the traces differ");
    // the loops were cut by hand-overs: many holdings for three threads
    let holdings = holdings(&events(&on.trace));
    assert!(holdings.len() > 20, "{} holdings", holdings.len());
}

#[test]
fn bundled_scenarios_with_int_loops_give_the_same_trace_with_them_off() {
    for scenario in ["atomic_increment.py", "async_starve.py"] {
        assert_same(scenario);
    }
}

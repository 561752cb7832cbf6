//! Fidelity of the virtual GIL (DESIGN.md §3): deterministic runs of the bundled scenarios,
//! with their traces read back and the shapes CPython 3.11 shows asserted.
//!
//! Also determinism itself: the same file, flags and seed give byte-identical stdout and trace.

mod common;

use std::process::Command;

use common::*;
use serde_json::Value;

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

#[test]
fn two_cpu_bound_threads_change_hands_every_interval() {
    let r = run("two_threads_cpu.py", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let evs = events(&r.trace);
    let h = holdings(&evs);
    // the worker threads' slices while both are busy: about one interval (5 ms) each
    let slices: Vec<u64> = h
        .iter()
        .filter(|(th, _, _)| *th != 0)
        .map(|(_, a, b)| b - a)
        .collect();
    assert!(slices.len() > 10, "many hand-overs: {}", slices.len());
    let m = median(slices);
    assert!((4_900_000..=5_600_000).contains(&m), "median slice {m} ns");
    let drops = evs.iter().filter(|e| kind(e) == "drop_request").count();
    assert!(drops > 10, "hand-overs happen on drop requests");
}

#[test]
fn io_thread_behind_a_spinner_waits_about_an_interval_per_call() {
    let r = run("convoy.py", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let per_call = number_after(&r.stdout, "per call beside a spin:");
    assert!(
        (4.8..=5.8).contains(&per_call),
        "per call {per_call} ms\n{}",
        r.stdout
    );
    let alone = number_after(&r.stdout, "100 sleep(0) calls alone:");
    assert!(alone < 15.0, "100 sleep(0) alone take about 7 ms: {alone}");
}

#[test]
fn a_shorter_switch_interval_shortens_the_convoy() {
    let r = run_args_after("convoy.py", &["0.001"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let per_call = number_after(&r.stdout, "per call beside a spin:");
    assert!(
        (0.9..=1.5).contains(&per_call),
        "per call {per_call} ms with a 1 ms interval"
    );
}

#[test]
fn sleep_zero_lets_a_waiting_thread_in() {
    let r = run("sleep_zero.py", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let evs = events(&r.trace);
    let h = holdings(&evs);
    // holder changes far more often than once per interval
    let changes = h.windows(2).filter(|w| w[0].0 != w[1].0).count();
    assert!(
        changes > 1000,
        "sleep(0) hands over the GIL: {changes} changes"
    );
}

#[test]
fn a_long_builtin_holds_the_gil_past_the_interval() {
    let r = run("long_builtin.py", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let evs = events(&r.trace);
    let longest = holdings(&evs).iter().map(|(_, a, b)| b - a).max().unwrap();
    assert!(
        longest > 50_000_000,
        "sum(range(20M)) holds the GIL for its whole run: {longest} ns"
    );
    assert!(
        r.stdout.contains("outlasted the switch interval: True"),
        "{}",
        r.stdout
    );
}

#[test]
fn increments_are_atomic_but_a_call_between_read_and_write_loses_updates() {
    let r = run("atomic_increment.py", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("400000 of 400000 (exact)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("read, call, write in two threads: lost updates"),
        "{}",
        r.stdout
    );
}

#[test]
fn runs_are_deterministic() {
    let a = run("four_threads_cpu.py", &["--seed", "7"]);
    let b = run("four_threads_cpu.py", &["--seed", "7"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.trace, b.trace, "byte-identical traces");
    let c = run("four_threads_cpu.py", &["--seed", "8"]);
    assert_ne!(
        a.trace, c.trace,
        "the seed matters (which waiter a signal wakes)"
    );
}

#[test]
fn four_threads_do_not_take_turns_in_round_robin() {
    let r = run("four_threads_cpu.py", &[]);
    let h = holdings(&events(&r.trace));
    let order: Vec<u64> = h.iter().map(|x| x.0).filter(|&t| t != 0).collect();
    let rr = order.windows(5).filter(|w| {
        let mut s = w[..4].to_vec();
        s.sort();
        s.dedup();
        s.len() == 4 && w[4] == w[0]
    });
    assert!(
        rr.count() < order.len().saturating_sub(4),
        "not a fixed rotation"
    );
}

#[test]
fn deadlock_is_reported_with_exit_4_and_a_trace_footer() {
    let dir = std::env::temp_dir().join(format!("gilsim-deadlock-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("dl.py");
    std::fs::write(&p, "import threading\na = threading.Lock()\na.acquire()\nprint('about to wait')\na.acquire()\n").unwrap();
    let trace = dir.join("dl.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .args(["run", "--report", "none", "--trace"])
        .arg(&trace)
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "about to wait\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deadlock") && err.contains("MainThread") && err.contains("line 5"),
        "{err}"
    );
    let t = std::fs::read_to_string(&trace).unwrap();
    let last: Value = serde_json::from_str(t.lines().last().unwrap()).unwrap();
    assert_eq!(last["type"], "footer");
    assert_eq!(last["stopped"], "deadlock");
}

#[test]
fn max_time_stops_the_run() {
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .current_dir(root().join("scenarios"))
        .args([
            "run",
            "--report",
            "none",
            "--max-time",
            "20ms",
            "two_threads_cpu.py",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("time limit"));
}

#[test]
fn the_legacy_gil_re_takes_far_more_often_than_it_switches() {
    let r = run("two_threads_cpu.py", &["--gil", "legacy"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let h = holdings(&events(&r.trace));
    let changes = h.windows(2).filter(|w| w[0].0 != w[1].0).count();
    assert!(
        h.len() > 10_000,
        "released and re-taken every check: {} holdings",
        h.len()
    );
    assert!(
        changes * 100 < h.len(),
        "the releasing thread usually wins: {changes} changes"
    );
    // simulated time is charged to the end of each thread
    assert!(r.stdout.contains("elapsed 0.0"), "{}", r.stdout);
}

#[test]
fn thread_time_is_charged_up_to_its_end() {
    // two threads of 2M iterations at about 13 ns each: 50+ ms, under any GIL
    for gil in ["new", "legacy"] {
        let r = run("two_threads_cpu.py", &["--gil", gil]);
        let line = r.stdout.lines().find(|l| l.starts_with("elapsed")).unwrap();
        let secs: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!((0.05..0.2).contains(&secs), "{gil}: {line}");
    }
}

#[test]
fn sixty_four_threads_mixing_work_sleeps_locks_and_queues_keep_the_invariants() {
    for seed in ["1", "2", "3"] {
        let dir = root().join("tests/py/threads");
        let trace =
            std::env::temp_dir().join(format!("gilsim-stress-{}-{seed}.jsonl", std::process::id()));
        let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
            .current_dir(&dir)
            .args(["run", "--report", "none", "--seed", seed, "--trace"])
            .arg(&trace)
            .arg("stress64.py")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "64 320 0 0\n");
        let evs = events(&std::fs::read_to_string(&trace).unwrap());
        let h = holdings(&evs);
        assert!(h.len() > 100, "many holdings: {}", h.len());
        let starts = evs.iter().filter(|e| kind(e) == "thread_end").count();
        assert_eq!(starts, 65, "every thread ended");
    }
}

/// The most threads running on a core at one instant: holding (under `gil: none`, running
/// Python) and not parked in the run queue (`cpu_wait` .. `cpu_run`).
fn most_on_cores(evs: &[Value]) -> usize {
    let mut holding = std::collections::HashSet::new();
    let mut off_cpu = std::collections::HashSet::new();
    let mut most = 0;
    for e in evs {
        let th = u(e, "thread");
        match kind(e) {
            "gil_acquire" => {
                holding.insert(th);
            }
            "gil_release" | "thread_end" => {
                holding.remove(&th);
                off_cpu.remove(&th);
            }
            "cpu_wait" => {
                off_cpu.insert(th);
            }
            "cpu_run" => {
                off_cpu.remove(&th);
            }
            _ => {}
        }
        most = most.max(holding.difference(&off_cpu).count());
    }
    most
}

#[test]
fn without_a_gil_threads_run_in_parallel_up_to_the_cores() {
    let mut elapsed = vec![];
    for cores in [1usize, 2, 4] {
        let c = cores.to_string();
        let r = run("four_threads_cpu.py", &["--gil", "none", "--cores", &c]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let evs = events(&r.trace);
        assert_eq!(most_on_cores(&evs), cores, "cores={cores}");
        // beyond the cores, threads queue: cpu_wait events only when they must
        let waits = evs.iter().filter(|e| kind(e) == "cpu_wait").count();
        if cores == 4 {
            // the workers fit; only the main thread, still starting them, may queue briefly
            assert!(
                waits <= 2,
                "four threads fit four cores: {waits} cpu_wait events"
            );
        } else {
            assert!(waits >= 4, "cores={cores}: {waits} cpu_wait events");
        }
        elapsed.push(number_after(&r.stdout, "elapsed"));
    }
    // four countdowns: the time halves with each doubling of the cores
    for w in elapsed.windows(2) {
        let ratio = w[0] / w[1];
        assert!((1.8..2.2).contains(&ratio), "elapsed {elapsed:?}");
    }
}

#[test]
fn with_the_gil_more_cores_change_nothing() {
    let one = run("four_threads_cpu.py", &["--cores", "1"]);
    let four = run("four_threads_cpu.py", &["--cores", "4"]);
    assert_eq!(one.stdout, four.stdout);
    // the same events; only the header's core count differs
    let strip = |t: &str| t.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(&one.trace), strip(&four.trace));
    assert!(!one.trace.contains("cpu_wait"));
}

#[test]
fn processes_run_in_parallel_up_to_the_cores_and_threads_do_not() {
    let ratio = |r: &Run, label: &str| number_after(&r.stdout, label);
    let two = run("processes_cpu.py", &["--cores", "2"]);
    assert_eq!(two.code, 0, "{}", two.stderr);
    // one GIL: four threads take as long as the same jobs one after another
    let threads = ratio(&two, "thread pool/sequential");
    assert!((0.94..1.06).contains(&threads), "{}", two.stdout);
    // a pool of 2 processes, each with its own GIL, nearly halves the time on 2 cores
    let procs = ratio(&two, "process pool/sequential");
    assert!((0.5..0.7).contains(&procs), "{}", two.stdout);
    let evs = events(&two.trace);
    assert_eq!(most_on_cores(&evs), 2, "never more runners than cores");
    let starts = evs.iter().filter(|e| kind(e) == "proc_start").count();
    let exits: Vec<i64> = evs
        .iter()
        .filter(|e| kind(e) == "proc_exit")
        .map(|e| e["exitcode"].as_i64().unwrap())
        .collect();
    assert_eq!(
        starts, 2,
        "ProcessPoolExecutor() starts cpu_count() workers"
    );
    // shutdown(wait=True) ends the workers normally
    assert_eq!(exits, vec![0, 0]);
    // every process has its own GIL: holdings per proc never overlap, across procs they do
    let sends = evs.iter().filter(|e| kind(e) == "msg_send").count();
    let recvs = evs.iter().filter(|e| kind(e) == "msg_recv").count();
    assert!(
        sends >= 6 && recvs >= 6,
        "tasks and results pickled: {sends} {recvs}"
    );
    // on one core the processes gain nothing
    let one = run("processes_cpu.py", &["--cores", "1"]);
    let procs1 = ratio(&one, "process pool/sequential");
    assert!(procs1 > 0.98, "{}", one.stdout);
}

#[test]
fn a_child_process_changes_only_its_copy() {
    let r = run("process_copy.py", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .contains("child: numbers=[10, 20, 30, 4] scores=[1, 2, 3, 99]"));
    assert!(r
        .stdout
        .contains("parent: numbers=[10, 20, 30] scores=[1, 2, 3]"));
    let evs = events(&r.trace);
    let procs: std::collections::BTreeSet<u64> = evs.iter().map(|e| u(e, "proc")).collect();
    assert_eq!(procs.into_iter().collect::<Vec<_>>(), vec![0, 1]);
}

#[test]
fn without_a_gil_lock_waits_racing_releases_lose_no_wakeup() {
    // a waiter that found a lock taken, while a thread on another core released it before
    // the waiter was queued, must still get it (a lost wake-up deadlocks these programs)
    for program in ["queue_handoff.py", "stress64.py"] {
        for cores in ["1", "2", "4"] {
            let path = root().join("tests/py/threads").join(program);
            let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
                .args(["run", "--report", "none", "--gil", "none", "--cores", cores])
                .arg(&path)
                .output()
                .unwrap();
            let expected = Command::new("python3").arg(&path).output().unwrap();
            assert_eq!(out.status.code(), Some(0), "{program} cores={cores}");
            assert_eq!(
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&expected.stdout),
                "{program} cores={cores}"
            );
        }
    }
}

/// `time.process_time_ns()` and `perf_counter_ns()` deltas around `threads` threads each
/// spinning 20 ms of simulated time (printed by the scenario as `cpu WALL CPU`).
const SPINNERS: &str = r#"import sys, threading, time
def spin():
    end = time.perf_counter() + 0.02
    while time.perf_counter() < end:
        pass
n = int(sys.argv[1])
p0, t0 = time.process_time_ns(), time.perf_counter_ns()
if n == 1:
    spin()
else:
    ts = [threading.Thread(target=spin) for _ in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
p1, t1 = time.process_time_ns(), time.perf_counter_ns()
print("cpu", t1 - t0, p1 - p0)
"#;

fn spinners(threads: &str, extra: &[&str]) -> (f64, f64) {
    let path = std::env::temp_dir().join(format!("gilsim-spinners-{}.py", std::process::id()));
    std::fs::write(&path, SPINNERS).unwrap();
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["--report", "none", path.to_str().unwrap(), threads]);
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .arg("run")
        .args(&args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let wall = number_after(&stdout, "cpu");
    let cpu: f64 = stdout.split_whitespace().nth(2).unwrap().parse().unwrap();
    (wall, cpu)
}

#[test]
fn process_time_is_the_time_the_process_threads_ran_on_a_core() {
    // one spinning thread is on its core the whole time: CPU time is wall time, to the
    // nanosecond (the two clocks are read a few instructions apart, each rounded down to a
    // whole nanosecond, so the differences may round apart by one)
    let (wall, cpu) = spinners("1", &[]);
    assert!(wall >= 20e6, "{wall}");
    assert!((cpu - wall).abs() <= 1.0, "{cpu} of {wall}");
    // two threads under the GIL: one on a core at a time, never more than the wall time
    let (wall, cpu) = spinners("2", &[]);
    assert!(cpu <= wall && cpu >= 0.9 * wall, "{cpu} of {wall}");
    // no GIL, two cores: both run at once, so up to twice the wall time
    let (wall, cpu) = spinners("2", &["--gil", "none", "--cores", "2"]);
    assert!(cpu <= 2.0 * wall && cpu >= 1.8 * wall, "{cpu} of {wall}");
    // ... and one core shared by both: back to the wall time at most
    let (wall, cpu) = spinners("2", &["--gil", "none", "--cores", "1"]);
    assert!(cpu <= wall && cpu >= 0.9 * wall, "{cpu} of {wall}");
}

/// Prints that flush release the GIL around their `write(2)`, as CPython's do.
const WRITES: &str = r#"import sys, threading
def spin():
    n = 0
    while n < 2_000_000:
        n += 1
t = threading.Thread(target=spin)
t.start()
for i in range(5):
    print(i, flush=True)
sys.stdout.write("a pipe's block buffer keeps this line\n")
print("stderr is line-buffered", file=sys.stderr)
t.join()
"#;

#[test]
fn a_flushed_write_releases_the_gil_for_its_system_call() {
    let dir = std::env::temp_dir().join(format!("gilsim-writes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prog = dir.join("writes.py");
    std::fs::write(&prog, WRITES).unwrap();
    let r = run(prog.to_str().unwrap(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "0\n1\n2\n3\n4\na pipe's block buffer keeps this line\n"
    );
    let evs = events(&r.trace);
    let at: Vec<usize> = (0..evs.len())
        .filter(|&i| kind(&evs[i]) == "io_begin" && evs[i]["call"] == "write")
        .collect();
    // five prints with flush=True and the line to stderr; stdout is a pipe here, so the
    // unflushed write stays in its buffer
    assert_eq!(at.len(), 6, "{}", r.trace);
    for &i in &at {
        let (w, next) = (&evs[i], &evs[i + 1]);
        assert_eq!((u(w, "thread"), u(w, "dur_ns")), (0, 2000));
        assert_eq!(kind(next), "gil_release");
        assert_eq!(next["reason"], "blocking");
        assert_eq!(u(next, "t"), u(w, "t"));
    }
}

/// A thread reading a 4 MiB file three times beside a spinning thread.
const FILE_READER: &str = r#"
import threading
done = False
spinning = threading.Event()
def reader():
    global done
    spinning.wait()
    n = 0
    for _ in range(3):
        with open(PATH, "rb") as f:
            n += len(f.read())
    done = True
    print("read", n)
def spinner():
    k = 0
    spinning.set()
    while not done:
        k += 1
    print("spun", k > 0)
t2 = threading.Thread(target=spinner)
t1 = threading.Thread(target=reader)
t2.start(); t1.start(); t1.join(); t2.join()
"#;

#[test]
fn a_thread_reading_a_file_lets_another_thread_run() {
    let dir = std::env::temp_dir().join(format!("gilsim-file-reads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data.bin");
    std::fs::write(&data, vec![b'x'; 4 << 20]).unwrap();
    let prog = dir.join("reader.py");
    let src = FILE_READER.replace("PATH", &format!("{:?}", data.to_str().unwrap()));
    std::fs::write(&prog, src).unwrap();
    let r = run(prog.to_str().unwrap(), &[]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("read 12582912\n") && r.stdout.contains("spun True\n"),
        "{}",
        r.stdout
    );
    let evs = events(&r.trace);
    let reader = evs
        .iter()
        .find(|e| kind(e) == "io_begin" && e["call"] == "read")
        .map(|e| u(e, "thread"))
        .expect("the reader's read(2) is a blocking call in the trace");
    // each file is opened, read (its bytes, then the end), closed: every system call a
    // blocking call that releases the GIL at once
    let calls: Vec<(usize, &str)> = evs
        .iter()
        .enumerate()
        .filter(|(_, e)| kind(e) == "io_begin" && u(e, "thread") == reader)
        .map(|(i, e)| (i, e["call"].as_str().unwrap()))
        .collect();
    let names: Vec<&str> = calls.iter().map(|(_, c)| *c).collect();
    assert_eq!(names, ["open", "read", "read", "close"].repeat(3));
    for &(i, _) in &calls {
        let (b, next) = (&evs[i], &evs[i + 1]);
        assert_eq!(kind(next), "gil_release", "{next}");
        assert_eq!(next["reason"], "blocking");
        assert_eq!((u(next, "thread"), u(next, "t")), (reader, u(b, "t")));
    }
    // the cost model: an fstat and 4 MiB at 20 bytes a ns, then the read that finds the end
    assert_eq!(u(&evs[calls[1].0], "dur_ns"), 300 + 250 + (4 << 20) / 20);
    assert_eq!(u(&evs[calls[2].0], "dur_ns"), 250);
    // while a read is under way the spinner takes the GIL
    let mut overlapped = 0;
    for &(i, c) in &calls {
        if c != "read" {
            continue;
        }
        let end = (i..evs.len())
            .find(|&j| kind(&evs[j]) == "io_end" && u(&evs[j], "thread") == reader)
            .unwrap();
        overlapped += evs[i..end]
            .iter()
            .filter(|e| kind(e) == "gil_acquire" && u(e, "thread") != reader)
            .count();
    }
    assert!(
        overlapped >= 3,
        "another thread ran during the reads: {overlapped}"
    );
}

#[test]
fn files_left_open_are_flushed_at_exit_but_not_by_os_exit() {
    let dir = std::env::temp_dir().join(format!("gilsim-exit-flush-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for clock in ["virtual", "real"] {
        let (text, data, lost) = (
            dir.join("text.txt"),
            dir.join("data.bin"),
            dir.join("lost.txt"),
        );
        let prog = dir.join("left_open.py");
        std::fs::write(
            &prog,
            format!(
                "f = open({:?}, 'w')\nf.write('kept\\n')\ng = open({:?}, 'wb')\ng.write(b'\\x00\\x01')\n\
                 def keep():\n    global h\n    h = open({:?}, 'a')\n    h.write('appended')\nkeep()\n",
                text.to_str().unwrap(),
                data.to_str().unwrap(),
                text.to_str().unwrap()
            ),
        )
        .unwrap();
        let r = run(prog.to_str().unwrap(), &["--clock", clock]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            std::fs::read_to_string(&text).unwrap(),
            "kept\nappended",
            "{clock}"
        );
        assert_eq!(std::fs::read(&data).unwrap(), [0, 1], "{clock}");
        // os._exit ends the process as CPython's does: what files buffer is lost
        std::fs::write(
            &prog,
            format!(
                "import os\nf = open({:?}, 'w')\nf.write('lost')\nprint('exiting', flush=True)\nos._exit(0)\n",
                lost.to_str().unwrap()
            ),
        )
        .unwrap();
        let r = run(prog.to_str().unwrap(), &["--clock", clock]);
        assert_eq!(
            (r.code, r.stdout.as_str()),
            (0, "exiting\n"),
            "{}",
            r.stderr
        );
        assert_eq!(std::fs::read_to_string(&lost).unwrap(), "", "{clock}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

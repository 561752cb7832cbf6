//! The real clock (`--clock real`): Python threads on OS threads behind a parking_lot GIL.
//!
//! Timings on a shared 2-core machine prove nothing, so these tests assert only invariants:
//! the traces read back clean (one GIL holder at a time, every release by the holder, time
//! never going back, every acquire after a request, FORCE_SWITCHING respected, blocking calls
//! bracketed), the 64-thread stress scenario ends with no deadlock, deadlocks are reported
//! as on the virtual clock, `--max-time` stops the run, and Ctrl-C ends a run on either clock
//! with exit 130, a trace footer and the report.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use gilsim::report::Summary;
use gilsim::trace::{Event, EventKind, Footer, Header, ReleaseReason, TraceReader};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gilsim-real-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// `gilsim run --clock real --report none --trace T EXTRA.. FILE` in `dir`: its output and
/// the trace's text.
fn run_real(dir: &Path, file: &str, extra: &[&str]) -> (Output, String) {
    run_real_argv(dir, file, extra, &[])
}

/// [`run_real`], with `argv` for the program after the file.
fn run_real_argv(dir: &Path, file: &str, extra: &[&str], argv: &[&str]) -> (Output, String) {
    let trace = scratch(&format!("{}.jsonl", file.replace(['/', '.'], "_")));
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .current_dir(dir)
        .args(["run", "--clock", "real", "--report", "none", "--trace"])
        .arg(&trace)
        .args(extra)
        .arg(file)
        .args(argv)
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&trace).unwrap_or_default();
    (out, text)
}

/// The trace read back by gilsim's own reader (which checks the schema, time order and the
/// footer's count): header, events, footer.
fn read_trace(text: &str) -> (Header, Vec<Event>, Footer) {
    let (mut reader, header) = TraceReader::new(text.as_bytes()).expect("a header");
    let events: Vec<Event> = reader
        .by_ref()
        .map(|e| e.unwrap_or_else(|err| panic!("bad trace: {err:?}")))
        .collect();
    let footer = reader.footer().cloned().expect("the trace has its footer");
    (header, events, footer)
}

/// Checks every invariant of `docs/trace.md` a finished real-clock trace must keep; returns
/// the number of holdings. The report's own checker does invariants 1-3; the rest are here.
fn check_invariants(text: &str) -> usize {
    let (header, events, footer) = read_trace(text);
    assert_eq!(header.clock, "real");
    let summary = Summary::from_events(&header, events.iter().cloned(), footer.t);
    assert_eq!(
        summary.violation_count, 0,
        "the report's checker found: {:?}",
        summary.violations
    );
    let mut holder: Option<u32> = None;
    let mut holdings = 0;
    let mut requested: HashMap<u32, bool> = HashMap::new();
    // a thread that dropped on request, until its forced_switch
    let mut forced: HashMap<u32, bool> = HashMap::new();
    // for each thread that released the GIL and has not asked again: who acquired since
    let mut acquired_since_release: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut open_calls: HashMap<u32, i32> = HashMap::new();
    let mut last_t = 0;
    for e in &events {
        assert!(e.t >= last_t, "time goes back at {e:?}");
        last_t = e.t;
        let th = e.thread;
        match &e.kind {
            EventKind::GilRequest => {
                assert!(
                    !forced.contains_key(&th),
                    "{th} asks before its forced switch"
                );
                requested.insert(th, true);
                acquired_since_release.remove(&th);
            }
            EventKind::GilAcquire { .. } => {
                assert_eq!(holder, None, "two holders at {e:?}");
                assert_eq!(requested.remove(&th), Some(true), "acquire without request");
                holder = Some(th);
                holdings += 1;
                for by in acquired_since_release.values_mut() {
                    by.push(th);
                }
            }
            EventKind::GilRelease { reason } => {
                assert_eq!(holder, Some(th), "released by a non-holder at {e:?}");
                holder = None;
                if *reason == ReleaseReason::DropRequest {
                    forced.insert(th, true);
                }
                acquired_since_release.insert(th, vec![]);
            }
            EventKind::ForcedSwitch { by } => {
                // after a drop on request always; after a blocking release too when a drop
                // request was pending (drop_gil looks at the flag, not at the reason)
                forced.remove(&th);
                let since = acquired_since_release
                    .get(&th)
                    .unwrap_or_else(|| panic!("forced_switch of {th} without a release: {e:?}"));
                assert!(*by != th, "{th} switched to itself");
                assert!(
                    since.contains(by),
                    "forced_switch by {by}, who did not acquire: {e:?}"
                );
            }
            EventKind::IoBegin { .. } | EventKind::Block { .. } => {
                *open_calls.entry(th).or_default() += 1;
            }
            EventKind::IoEnd { .. } | EventKind::Unblock => {
                let n = open_calls.entry(th).or_default();
                *n -= 1;
                assert!(*n >= 0, "an end without a begin at {e:?}");
            }
            EventKind::ThreadEnd => {
                assert_ne!(holder, Some(th), "{th} ends holding the GIL");
            }
            _ => {}
        }
    }
    if footer.stopped.is_none() {
        assert!(open_calls.values().all(|&n| n == 0), "unfinished calls");
        let ends = events
            .iter()
            .filter(|e| e.kind == EventKind::ThreadEnd)
            .count();
        let threads = events.iter().map(|e| e.thread).max().unwrap_or(0) as usize + 1;
        assert_eq!(ends, threads, "every thread ended");
    }
    holdings
}

#[test]
fn the_bundled_scenarios_keep_every_trace_invariant() {
    let dir = root().join("scenarios");
    for (scenario, args) in [
        ("two_threads_cpu.py", vec![]),
        ("four_threads_cpu.py", vec![]),
        ("sleep_zero.py", vec![]),
        ("producer_consumer.py", vec![]),
        ("io_overlap.py", vec![]),
        ("atomic_increment.py", vec![]),
        ("convoy.py", vec!["--switch-interval", "1ms"]),
        ("two_threads_cpu.py", vec!["--gil", "legacy"]),
    ] {
        let (out, trace) = run_real(&dir, scenario, &args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{scenario}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let holdings = check_invariants(&trace);
        assert!(holdings >= 2, "{scenario}: {holdings} holdings");
    }
}

#[test]
fn sixty_four_threads_finish_on_the_real_clock_with_a_valid_trace() {
    let dir = root().join("tests/py/threads");
    for seed in ["1", "2"] {
        let (out, trace) = run_real(&dir, "stress64.py", &["--seed", seed]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "64 320 0 0\n");
        let holdings = check_invariants(&trace);
        assert!(holdings > 100, "many holdings: {holdings}");
    }
}

fn write_scenario(name: &str, source: &str) -> PathBuf {
    let p = scratch(name);
    std::fs::write(&p, source).unwrap();
    p
}

#[test]
fn a_deadlock_is_reported_with_each_thread_and_line() {
    let p = write_scenario(
        "dl_self.py",
        "import threading\na = threading.Lock()\na.acquire()\nprint('about to wait')\na.acquire()\n",
    );
    let (out, trace) = run_real(p.parent().unwrap(), "dl_self.py", &[]);
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "about to wait\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deadlock")
            && err.contains("thread 0 (MainThread) waits in lock.acquire at line 5"),
        "{err}"
    );
    let (_, _, footer) = read_trace(&trace);
    assert_eq!(footer.stopped.as_deref(), Some("deadlock"));

    // two threads, each holding the lock the other wants; main joins one of them
    let p = write_scenario(
        "dl_pair.py",
        "import threading, time\n\
         a, b = threading.Lock(), threading.Lock()\n\
         def one():\n    with a:\n        time.sleep(0.02)\n        b.acquire()\n\
         def two():\n    with b:\n        time.sleep(0.02)\n        a.acquire()\n\
         t1 = threading.Thread(target=one)\nt2 = threading.Thread(target=two)\n\
         t1.start(); t2.start()\nt1.join()\n",
    );
    let (out, trace) = run_real(p.parent().unwrap(), "dl_pair.py", &[]);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "(MainThread) waits in lock.acquire",
        "(Thread-1 (one)) waits in lock.acquire at line 6",
        "(Thread-2 (two)) waits in lock.acquire at line 10",
    ] {
        assert!(err.contains(needle), "{needle:?} in {err}");
    }
    check_invariants(&trace);
}

#[test]
fn timed_waits_are_not_deadlocks() {
    // every thread waits on a held lock for a while, but with a timeout
    let p = write_scenario(
        "timed.py",
        "import threading\nl = threading.Lock()\nl.acquire()\n\
         print(l.acquire(timeout=0.3))\n",
    );
    let (out, trace) = run_real(p.parent().unwrap(), "timed.py", &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "False\n");
    check_invariants(&trace);
}

#[test]
fn max_time_is_wall_time_on_the_real_clock() {
    let p = write_scenario("forever.py", "n = 0\nwhile True:\n    n += 1\n");
    let started = Instant::now();
    let (out, trace) = run_real(p.parent().unwrap(), "forever.py", &["--max-time", "300ms"]);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wall time limit"));
    let (_, _, footer) = read_trace(&trace);
    assert_eq!(footer.stopped.as_deref(), Some("max_time"));
    assert!(footer.t >= 300_000_000, "ran its 300 ms: {}", footer.t);
}

/// A scenario that never ends by itself: two threads spinning, one a daemon.
const SPIN_FOREVER: &str = "import threading\n\
def spin():\n    n = 0\n    while True:\n        n += 1\n\
threading.Thread(target=spin, daemon=True).start()\n\
print('started', flush=True)\n\
spin()\n";

/// Starts `gilsim run` on [`SPIN_FOREVER`], waits until it prints, sends SIGINT, and checks
/// the exit status, the trace's footer, and the report on stderr.
fn ctrl_c_ends_the_run(clock: &str) {
    let p = write_scenario(&format!("spin_{clock}.py"), SPIN_FOREVER);
    let trace = scratch(&format!("spin_{clock}.jsonl"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .current_dir(p.parent().unwrap())
        .args(["run", "--clock", clock, "--color", "never", "--trace"])
        .arg(&trace)
        .arg(p.file_name().unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "started\n");
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().ok();
            panic!("{clock}: gilsim did not stop within 20 s of Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(130), "{clock}: {err}");
    assert!(err.contains("interrupted"), "{clock}: {err}");
    assert!(err.contains("holder changes"), "{clock}: the report: {err}");
    let text = std::fs::read_to_string(&trace).unwrap();
    let (header, events, footer) = read_trace(&text);
    assert_eq!(header.clock, clock);
    assert_eq!(footer.stopped.as_deref(), Some("interrupted"));
    assert!(events.len() > 3, "{clock}: events before the stop");
    let summary = Summary::from_events(&header, events, footer.t);
    assert_eq!(summary.violation_count, 0, "{:?}", summary.violations);
}

#[test]
fn ctrl_c_ends_a_real_clock_run_with_exit_130_a_footer_and_the_report() {
    ctrl_c_ends_the_run("real");
}

#[test]
fn ctrl_c_ends_a_virtual_clock_run_with_exit_130_a_footer_and_the_report() {
    ctrl_c_ends_the_run("virtual");
}

#[test]
fn gil_none_is_refused_on_the_real_clock() {
    let p = write_scenario("none.py", "print(1)\n");
    let (out, _) = run_real(p.parent().unwrap(), "none.py", &["--gil", "none"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not thread-safe"));
}

#[test]
fn time_reads_the_real_clock() {
    // perf_counter moves with real time across a sleep, and time.time() is the host's
    let p = write_scenario(
        "clock.py",
        "import sys, time\nt0 = time.perf_counter()\ntime.sleep(0.05)\n\
         d = time.perf_counter() - t0\nprint(d >= 0.05, abs(time.time() - float(sys.argv[1])) < 60)\n",
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let (out, trace) = run_real_argv(p.parent().unwrap(), "clock.py", &[], &[&now]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "True True\n");
    let (_, events, _) = read_trace(&trace);
    let sleep = events
        .iter()
        .find(|e| matches!(&e.kind, EventKind::IoBegin { call, .. } if call == "time.sleep"))
        .expect("io_begin");
    let end = events
        .iter()
        .find(|e| matches!(&e.kind, EventKind::IoEnd { .. }))
        .expect("io_end");
    assert!(end.t - sleep.t >= 50_000_000, "the sleep took real time");
}

/// asyncio on the real clock: two event loops on two threads log their tasks (ids unique over
/// the run), each step with its real duration, steps of one loop never overlapping, and the
/// loops' waits as `select` blocks, in a trace that keeps every invariant.
#[test]
fn asyncio_tasks_are_traced_on_the_real_clock() {
    let p = write_scenario(
        "two_loops.py",
        "import asyncio\nimport threading\n\n\nasync def job(n):\n    await asyncio.sleep(0.005 * n)\n    return n\n\n\nasync def main():\n    print(sum(await asyncio.gather(*(job(i) for i in range(4)))))\n\n\nt = threading.Thread(target=lambda: asyncio.run(main()))\nt.start()\nasyncio.run(main())\nt.join()\n",
    );
    let (out, trace) = run_real(p.parent().unwrap(), "two_loops.py", &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "6\n6\n");
    check_invariants(&trace);
    let (header, events, footer) = read_trace(&trace);
    let mut created: HashMap<u64, u32> = HashMap::new();
    let mut last_end: HashMap<u32, u64> = HashMap::new();
    let mut steps = 0;
    for e in &events {
        match &e.kind {
            EventKind::TaskCreate { task, .. } => {
                assert!(
                    created.insert(*task, e.thread).is_none(),
                    "task {task} twice"
                );
            }
            EventKind::TaskStep { task, dur_ns, .. } => {
                assert_eq!(created.get(task), Some(&e.thread), "a step on its loop");
                let start = e.t - dur_ns;
                let prev = last_end.insert(e.thread, e.t).unwrap_or(0);
                assert!(start >= prev, "steps overlap on thread {}: {e:?}", e.thread);
                steps += 1;
            }
            _ => {}
        }
    }
    // main and four jobs per loop, and the runner's two shutdown tasks
    assert_eq!(created.len(), 14, "{created:?}");
    let loops: std::collections::HashSet<u32> = created.values().copied().collect();
    assert_eq!(loops.len(), 2);
    // per loop: main and each job twice (start, then after its sleep), the shutdown tasks once
    assert_eq!(steps, 2 * (2 + 4 * 2 + 2));
    let selects = events
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::Block { what, .. } if what == "select"))
        .count();
    assert!(selects >= 2, "the loops wait in select: {selects}");
    let summary = Summary::from_events(&header, events.iter().cloned(), footer.t);
    assert!(summary
        .asyncio
        .tasks
        .iter()
        .all(|t| t.outcome.as_deref() == Some("done")));
}

//! Tests of the report: hand-built event sequences with exact numbers and golden timelines.

use super::*;
use crate::trace::event::{Event, EventKind, Header, ReleaseReason};

const MS: u64 = 1_000_000;
const US: u64 = 1_000;

fn header(scenario: &str, gil: &str) -> Header {
    Header {
        scenario: scenario.into(),
        clock: "virtual".into(),
        gil: gil.into(),
        switch_interval_ns: 5 * MS,
        cores: 2,
        seed: 1,
    }
}

/// Builds an event list in order.
#[derive(Default)]
struct Script(Vec<Event>);

impl Script {
    fn ev(&mut self, t: u64, thread: u32, kind: EventKind) -> &mut Script {
        self.0.push(Event {
            t,
            proc: 0,
            thread,
            kind,
        });
        self
    }
    fn start(&mut self, t: u64, thread: u32, name: &str) -> &mut Script {
        self.ev(t, thread, EventKind::ThreadStart { name: name.into() })
    }
    fn request(&mut self, t: u64, thread: u32) -> &mut Script {
        self.ev(t, thread, EventKind::GilRequest)
    }
    fn acquire(&mut self, t: u64, thread: u32, wait_ns: u64) -> &mut Script {
        self.ev(t, thread, EventKind::GilAcquire { wait_ns })
    }
    fn release(&mut self, t: u64, thread: u32, reason: ReleaseReason) -> &mut Script {
        self.ev(t, thread, EventKind::GilRelease { reason })
    }
    /// `waiter` times out and takes the GIL from `holder`, which asks again.
    fn forced(&mut self, t: u64, holder: u32, waiter: u32, wait_ns: u64) -> &mut Script {
        self.ev(t, waiter, EventKind::DropRequest)
            .release(t, holder, ReleaseReason::DropRequest)
            .acquire(t, waiter, wait_ns)
            .ev(t, holder, EventKind::ForcedSwitch { by: waiter })
            .request(t, holder)
    }
}

/// Two CPU-bound threads alternating every 5 ms for 100 ms; both exit at 100 ms.
fn two_cpu() -> (Header, Vec<Event>, u64) {
    let mut s = Script::default();
    s.start(0, 0, "MainThread").request(0, 0).acquire(0, 0, 0);
    s.start(0, 1, "Thread-1").request(0, 1);
    for k in 1..20u32 {
        let (holder, waiter) = if k % 2 == 1 { (0, 1) } else { (1, 0) };
        s.forced(k as u64 * 5 * MS, holder, waiter, 5 * MS);
    }
    s.release(100 * MS, 1, ReleaseReason::Exit)
        .ev(100 * MS, 1, EventKind::ThreadEnd);
    s.acquire(100 * MS, 0, 5 * MS)
        .release(100 * MS, 0, ReleaseReason::Exit)
        .ev(100 * MS, 0, EventKind::ThreadEnd);
    (header("scenarios/two_cpu.py", "new"), s.0, 100 * MS)
}

/// An I/O thread (1 ms sleeps, 100 us of work) behind a CPU-bound thread: the convoy effect.
/// Five cycles of 6 ms starting at 5 ms; the run is cut at 35 ms.
fn convoy() -> (Header, Vec<Event>, u64) {
    let mut s = Script::default();
    s.start(0, 0, "MainThread").request(0, 0).acquire(0, 0, 0);
    s.start(0, 1, "io-worker").request(0, 1);
    for k in 0..5u64 {
        let c = 5 * MS + 6 * MS * k;
        let wait = if k == 0 { 5 * MS } else { 4900 * US };
        s.forced(c, 0, 1, wait);
        let sleep = EventKind::IoBegin {
            call: "time.sleep".into(),
            dur_ns: Some(MS),
        };
        s.ev(c + 100 * US, 1, sleep)
            .release(c + 100 * US, 1, ReleaseReason::Blocking)
            .acquire(c + 100 * US, 0, 100 * US);
        s.ev(
            c + 1100 * US,
            1,
            EventKind::IoEnd {
                call: "time.sleep".into(),
            },
        )
        .request(c + 1100 * US, 1);
    }
    (header("scenarios/convoy.py", "new"), s.0, 35 * MS)
}

fn summary(case: fn() -> (Header, Vec<Event>, u64)) -> Summary {
    let (h, ev, end) = case();
    Summary::from_events(&h, ev, end)
}

/// Lines of `text` that are wider than `width` visible characters (ANSI codes not counted).
fn too_wide(text: &str, width: usize) -> Vec<String> {
    let mut bad = Vec::new();
    for line in text.lines() {
        let mut n = 0;
        let mut esc = false;
        for ch in line.chars() {
            if esc {
                esc = !ch.is_ascii_alphabetic();
            } else if ch == '\x1b' {
                esc = true;
            } else {
                n += 1;
            }
        }
        if n > width {
            bad.push(format!("{n} > {width}: {line}"));
        }
    }
    bad
}

fn assert_golden(got: &str, want: &str) {
    assert!(got == want, "timeline differs; got:\n{got}\nwant:\n{want}");
}

#[test]
fn two_cpu_numbers() {
    let s = summary(two_cpu);
    assert_eq!(s.violation_count, 0, "{:?}", s.violations);
    assert_eq!(s.events, 105);
    assert_eq!(s.duration_ns(), 100 * MS);
    let (t0, t1) = (&s.threads[0], &s.threads[1]);
    assert_eq!(
        (t0.name.as_str(), t1.name.as_str()),
        ("MainThread", "Thread-1")
    );
    for th in [t0, t1] {
        assert_eq!(th.held_ns, 50 * MS);
        assert_eq!(th.waiting_ns, 50 * MS);
        assert_eq!(th.blocking_ns, 0);
        assert_eq!(th.idle_ns, 0);
        assert_eq!(th.longest_wait_ns, 5 * MS);
        assert_eq!(th.held_pct(s.duration_ns()), 50.0);
        assert_eq!(th.end_t, Some(100 * MS));
    }
    assert_eq!((t0.acquisitions, t1.acquisitions), (11, 10));
    assert_eq!((t0.drops_on_request, t1.drops_on_request), (10, 9));
    assert_eq!((t0.drop_requests_set, t1.drop_requests_set), (9, 10));
    let p = &s.procs[0];
    assert_eq!(p.held_ns, 100 * MS);
    assert_eq!(p.acquisitions, 21);
    assert_eq!(p.holder_changes, 20);
    assert_eq!(p.drop_requests, 19);
    assert_eq!(p.drops_on_request, 19);
    assert_eq!(p.forced_switches, 19);
    assert_eq!(s.holder_changes_per_sec(), 200.0);
    assert_eq!(s.utilisation_pct(), 100.0);
    // 20 alternating slices of 5 ms, then MainThread's empty last hold at 100 ms.
    assert_eq!(p.holders.len(), 20);
    assert_eq!(
        p.holders[1],
        HolderSpan {
            start: 5 * MS,
            end: 10 * MS,
            thread: 1
        }
    );
    assert_eq!(t0.intervals.len(), 20);
    assert_eq!(
        t0.intervals[1],
        Interval {
            start: 5 * MS,
            end: 10 * MS,
            state: State::WaitingGil
        }
    );
}

#[test]
fn convoy_numbers() {
    let s = summary(convoy);
    assert_eq!(s.violation_count, 0, "{:?}", s.violations);
    let (cpu, io) = (&s.threads[0], &s.threads[1]);
    assert_eq!(cpu.held_ns, 34_500 * US);
    assert_eq!(cpu.waiting_ns, 500 * US);
    assert_eq!(cpu.acquisitions, 6);
    assert_eq!(cpu.drops_on_request, 5);
    assert_eq!(cpu.longest_wait_ns, 100 * US);
    assert_eq!(io.held_ns, 500 * US);
    assert_eq!(io.waiting_ns, 29_500 * US);
    assert_eq!(io.blocking_ns, 5 * MS);
    assert_eq!(io.acquisitions, 5);
    assert_eq!(io.drops_on_request, 0);
    assert_eq!(io.longest_wait_ns, 5 * MS);
    assert_eq!(io.end_t, None);
    let p = &s.procs[0];
    assert_eq!(p.held_ns, 35 * MS);
    assert_eq!(p.holder_changes, 10);
    assert_eq!(p.drop_requests, 5);
    assert!((s.holder_changes_per_sec() - 10.0 / 0.035).abs() < 1e-9);
    // One cycle of the I/O thread: run 100 us, sleep 1 ms, wait 4.9 ms for the GIL.
    let want = [
        Interval {
            start: 0,
            end: 5 * MS,
            state: State::WaitingGil,
        },
        Interval {
            start: 5 * MS,
            end: 5100 * US,
            state: State::Running,
        },
        Interval {
            start: 5100 * US,
            end: 6100 * US,
            state: State::Blocking,
        },
        Interval {
            start: 6100 * US,
            end: 11 * MS,
            state: State::WaitingGil,
        },
    ];
    assert_eq!(&io.intervals[..4], &want);
    // The last holder never released: its span is closed at the end of the run.
    assert_eq!(
        p.holders.last(),
        Some(&HolderSpan {
            start: 29_100 * US,
            end: 35 * MS,
            thread: 0
        })
    );
}

const TWO_CPU_80: &str = "\
scenarios/two_cpu.py  gil=new  interval=5ms  cores=2
GIL          0001111000111000011100011110001111000111000011100011110001110000111
MainThread 0 ███░░░░███░░░████░░░███░░░░███░░░░███░░░████░░░███░░░░███░░░████░░░
Thread-1   1 ░░░████░░░███░░░░███░░░████░░░████░░░███░░░░███░░░████░░░███░░░░███
             ┴────────────┴────────────┴─────────────┴────────────┴─────────────
             0ms          20ms         40ms          60ms         80ms
GIL holder: 0=MainThread  1=Thread-1  ·=free
█ running  ░ waiting for GIL  ~ blocking  · idle  1 col = 1.492ms
";

const CONVOY_80: &str = "\
scenarios/convoy.py  gil=new  interval=5ms  cores=2
GIL          0000000000000000000000000000000000000000000000000000000000000000000
MainThread 0 ███████████████████████████████████████████████████████████████████
io-worker  1 ░░░░░░░░░░~~░░░░░░░░░~~░░░░░░░░░░~~░░░░░░░░░~~░░░░░░░░░░~~░░░░░░░░░
             ┴────────┴─────────┴────────┴─────────┴────────┴─────────┴─────────
             0ms      5ms       10ms     15ms      20ms     25ms      30ms
GIL holder: 0=MainThread  1=io-worker  ·=free
█ running  ░ waiting for GIL  ~ blocking  · idle  1 col = 522.388us
";

#[test]
fn two_cpu_timeline_golden() {
    assert_golden(
        &render_timeline(&summary(two_cpu), 80, false, None),
        TWO_CPU_80,
    );
}

#[test]
fn convoy_timeline_golden() {
    assert_golden(
        &render_timeline(&summary(convoy), 80, false, None),
        CONVOY_80,
    );
}

#[test]
fn colour_codes_wrap_the_same_glyphs() {
    let s = summary(two_cpu);
    let coloured = render_timeline(&s, 80, true, None);
    assert!(coloured.contains("\x1b[32m███\x1b[0m\x1b[31m░░░░\x1b[0m"));
    let mut plain = String::new();
    let mut esc = false;
    for ch in coloured.chars() {
        if esc {
            esc = !ch.is_ascii_alphabetic();
        } else if ch == '\x1b' {
            esc = true;
        } else {
            plain.push(ch);
        }
    }
    assert_eq!(plain, render_timeline(&s, 80, false, None));
}

/// Many threads with long names in two processes, one starting late and one ending early.
fn crowded() -> (Header, Vec<Event>, u64) {
    let mut s = Script::default();
    for i in 0..14u32 {
        s.start(i as u64 * MS, i, &format!("a-very-long-thread-name-{i}"));
        s.request(i as u64 * MS, i);
    }
    let mut holder = None;
    for k in 0..60u64 {
        let next = (k * 5 % 14) as u32;
        if let Some(h) = holder {
            s.release(20 * MS + k * 3 * MS, h, ReleaseReason::Interval)
                .request(20 * MS + k * 3 * MS, h);
        }
        s.acquire(20 * MS + k * 3 * MS, next, 0);
        holder = Some(next);
    }
    let mut ev = s.0;
    ev.push(Event {
        t: 0,
        proc: 1,
        thread: 20,
        kind: EventKind::ThreadStart {
            name: "other".into(),
        },
    });
    ev.push(Event {
        t: 0,
        proc: 1,
        thread: 20,
        kind: EventKind::GilAcquire { wait_ns: 0 },
    });
    ev.sort_by_key(|e| e.t);
    (
        header(
            "scenarios/a/rather/long/path/to/a/crowded/scenario_file.py",
            "new",
        ),
        ev,
        300 * MS,
    )
}

#[test]
fn never_wider_than_asked() {
    for case in [two_cpu as fn() -> _, convoy, crowded] {
        let s = summary(case);
        for width in 40..=200 {
            for color in [false, true] {
                for window in [None, Some((3 * MS, 17 * MS)), Some((10 * MS, 10 * MS + 20))] {
                    let text = render_timeline(&s, width, color, window);
                    let bad = too_wide(&text, width);
                    assert!(bad.is_empty(), "width {width} color {color}: {bad:#?}");
                }
            }
        }
    }
}

#[test]
fn crowded_layout() {
    let s = summary(crowded);
    assert_eq!(s.violation_count, 0, "{:?}", s.violations);
    let text = render_timeline(&s, 80, false, None);
    assert!(text.contains("\nGIL p0 "), "{text}");
    assert!(text.contains("\nGIL p1 "), "{text}");
    assert!(text.contains("\na-very-long-t… 0 "), "{text}");
    assert!(text.contains("\nother          e "), "{text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("a-very-long-t… "))
            .count(),
        14
    );
    assert_eq!(text.lines().filter(|l| l.starts_with("GIL p")).count(), 2);
    // The key gives the names the labels cut.
    assert!(
        text.contains("\nGIL holder: 0=a-very-long-thread-name-0  1=a-very-long-thread-name-1\n"),
        "{text}"
    );
    assert!(
        text.contains("  d=a-very-long-thread-name-13  e=other  ·=free\n"),
        "{text}"
    );
}

#[test]
fn two_acquires_without_release() {
    let mut s = Script::default();
    s.start(0, 0, "A").start(0, 1, "B");
    s.acquire(10, 0, 0)
        .acquire(20, 1, 0)
        .release(30, 1, ReleaseReason::Exit);
    let sum = Summary::from_events(&header("x.py", "new"), s.0, 40);
    assert_eq!(sum.violation_count, 1);
    let v = &sum.violations[0];
    assert_eq!((v.index, v.t, v.thread), (3, 20, 1));
    assert_eq!(v.kind, ViolationKind::AcquireWhileHeld { holder: 0 });
    assert_eq!(
        v.to_string(),
        "thread 1 acquires the GIL of proc 0 while thread 0 holds it"
    );
    // The fold goes on as if A had let go: one holder at a time.
    assert_eq!(sum.threads[0].held_ns, 10);
    assert_eq!(sum.threads[1].held_ns, 10);
    assert_eq!(sum.procs[0].held_ns, 20);
}

#[test]
fn release_by_non_holder() {
    let mut s = Script::default();
    s.start(0, 0, "A").start(0, 1, "B");
    s.release(5, 1, ReleaseReason::Blocking);
    s.acquire(10, 0, 0)
        .release(20, 1, ReleaseReason::DropRequest)
        .release(30, 0, ReleaseReason::Exit);
    let sum = Summary::from_events(&header("x.py", "new"), s.0, 40);
    assert_eq!(sum.violation_count, 2);
    assert_eq!(
        sum.violations[0].kind,
        ViolationKind::ReleaseByNonHolder { holder: None }
    );
    assert_eq!(sum.violations[0].index, 2);
    assert_eq!(
        sum.violations[1].kind,
        ViolationKind::ReleaseByNonHolder { holder: Some(0) }
    );
    assert_eq!(sum.violations[1].index, 4);
    assert_eq!(
        sum.violations[1].to_string(),
        "thread 1 releases the GIL of proc 0, which thread 0 holds"
    );
    assert_eq!(sum.threads[0].held_ns, 20);
    assert_eq!(sum.threads[1].drops_on_request, 0);
    let text = render_text(&sum);
    assert!(
        text.contains("invariant violations: 2\n  event 2 (line 4, t=5): thread 1 releases"),
        "{text}"
    );
}

#[test]
fn other_violations() {
    let mut s = Script::default();
    s.start(0, 0, "A").acquire(10, 0, 0).acquire(20, 0, 0);
    s.ev(15, 0, EventKind::ThreadEnd);
    let sum = Summary::from_events(&header("x.py", "new"), s.0, 18);
    let kinds: Vec<&str> = sum.violations.iter().map(|v| v.kind.name()).collect();
    assert_eq!(
        kinds,
        [
            "acquire_already_held",
            "time_backwards",
            "end_while_holding",
            "end_before_last_event"
        ]
    );
    assert_eq!(
        sum.violations[1].to_string(),
        "t goes backwards: 15 after 20"
    );
    assert_eq!(sum.end_t, 20);
    assert_eq!(sum.threads[0].held_ns, 10);
}

#[test]
fn no_gil_allows_parallel_holders() {
    let mut s = Script::default();
    s.start(0, 0, "A")
        .start(0, 1, "B")
        .acquire(0, 0, 0)
        .acquire(0, 1, 0);
    s.release(10, 0, ReleaseReason::Exit)
        .release(20, 1, ReleaseReason::Exit);
    let sum = Summary::from_events(&header("x.py", "none"), s.0, 40);
    assert_eq!(sum.violation_count, 0);
    assert_eq!((sum.threads[0].held_ns, sum.threads[1].held_ns), (10, 20));
    assert_eq!(sum.procs[0].held_ns, 20);
    assert_eq!(sum.utilisation_pct(), 50.0);
}

#[test]
fn totals_only_and_windowed_folds() {
    let (h, ev, end) = two_cpu();
    let all = Summary::from_events(&h, ev.clone(), end);
    let totals = Summary::totals_from_events(&h, ev.clone(), end);
    assert!(totals.threads.iter().all(|t| t.intervals.is_empty()));
    assert!(totals.procs[0].holders.is_empty());
    assert_eq!(render_text(&totals), render_text(&all));
    assert_eq!(render_json(&totals), render_json(&all));
    assert!(render_timeline(&totals, 80, false, None).contains("no intervals were kept"));

    let w = Some((12 * MS, 31 * MS));
    let windowed = Summary::fold(&h, ev, end, Keep::Window(12 * MS, 31 * MS));
    assert_eq!(
        windowed.threads[0].intervals.first().unwrap().start,
        12 * MS
    );
    assert_eq!(windowed.threads[0].intervals.last().unwrap().end, 31 * MS);
    assert_eq!(
        render_timeline(&windowed, 80, false, w),
        render_timeline(&all, 80, false, w)
    );
}

#[test]
fn window_rendering() {
    let s = summary(two_cpu);
    let text = render_timeline(&s, 80, false, Some((10 * MS, 20 * MS)));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "scenarios/two_cpu.py  gil=new  interval=5ms  cores=2  window 10ms..20ms of 100ms"
    );
    assert_eq!(
        lines[2],
        format!("MainThread 0 {}{}", "█".repeat(34), "░".repeat(33))
    );
    assert_eq!(
        lines[5],
        "             10ms         12ms         14ms          16ms         18ms"
    );
    let empty = render_timeline(&s, 80, false, Some((50 * MS, 50 * MS)));
    assert!(empty.contains("empty time window"));
}

#[test]
fn text_table() {
    let text = render_text(&summary(two_cpu));
    let want = "\
thread      held ms  held %  waiting ms  blocking ms  acquired  dropped  longest wait ms
MainThread   50.000    50.0      50.000        0.000        11       10            5.000
Thread-1     50.000    50.0      50.000        0.000        10        9            5.000
run: 100.000 ms, 20 holder changes (200.0/s), GIL utilisation 100.0%, 19 drop requests, 19 drops on request
";
    assert_eq!(text, want);
}

#[test]
fn json_parses_back() {
    let mut s = summary(convoy);
    s.threads[1].name = "io \"worker\"\n".into();
    let text = render_json(&s);
    assert!(!text.contains('\n'));
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["duration_ns"], 35 * MS);
    assert_eq!(v["holder_changes"], 10);
    assert_eq!(v["holder_changes_per_s"], 285.714);
    assert_eq!(v["gil_utilisation_pct"], 100.0);
    assert_eq!(v["threads"][1]["name"], "io \"worker\"\n");
    assert_eq!(v["threads"][1]["waiting_ns"], 29_500 * US);
    assert_eq!(v["threads"][1]["waiting_ms"], 29.5);
    assert_eq!(v["threads"][0]["held_pct"], 98.571);
    assert_eq!(v["threads"][0]["end_ns"], serde_json::Value::Null);
    assert_eq!(v["procs"][0]["drop_requests"], 5);
    assert_eq!(v["violations"], serde_json::json!([]));
    // Keys come in a fixed order.
    let order = [
        "\"scenario\"",
        "\"seed\"",
        "\"duration_ns\"",
        "\"procs\"",
        "\"threads\"",
        "\"violations\"",
    ];
    let pos: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{text}");

    let mut bad = Script::default();
    bad.start(0, 0, "A").release(1, 0, ReleaseReason::Exit);
    let v: serde_json::Value = serde_json::from_str(&render_json(&Summary::from_events(
        &header("x.py", "new"),
        bad.0,
        2,
    )))
    .unwrap();
    assert_eq!(v["violation_count"], 1);
    assert_eq!(v["violations"][0]["kind"], "release_by_non_holder");
    assert_eq!(v["violations"][0]["line"], 3);
}

#[test]
fn durations() {
    let cases = [
        (0, "0ns"),
        (999, "999ns"),
        (100 * US, "100us"),
        (1_500 * US, "1.5ms"),
        (5 * MS, "5ms"),
        (2_000 * MS, "2s"),
        (1_492_537, "1.492ms"),
    ];
    for (ns, want) in cases {
        assert_eq!(fmt_duration(ns), want);
    }
}

#[test]
fn a_capped_fold_under_its_cap_is_the_full_fold() {
    for case in [two_cpu as fn() -> _, convoy, crowded] {
        let (h, ev, end) = case();
        let all = Summary::fold(&h, ev.clone(), end, Keep::All);
        let mut capped = Summary::fold(&h, ev, end, Keep::Capped(DEFAULT_CAP));
        assert!(capped.threads.iter().all(|t| t.coarse.is_none()));
        capped.kept = Keep::All;
        assert_eq!(capped, all, "{}", h.scenario);
    }
}

/// Two threads over 100 s handing the GIL over every 5 ms: thread 0 holds 4 ms of every 5
/// for the first 60 s, thread 1 for the last 40 s.
fn long_run() -> (Header, Vec<Event>, u64) {
    let mut s = Script::default();
    s.start(0, 0, "MainThread").request(0, 0).acquire(0, 0, 0);
    s.start(0, 1, "Thread-1").request(0, 1);
    let mut holder = 0;
    for k in 0..20_000u64 {
        let t0 = k * 5 * MS;
        let first = if t0 < 60_000 * MS { 0 } else { 1 };
        for (t, next) in [(t0 + MS, first), (t0 + 5 * MS, 1 - first)] {
            if next != holder {
                s.forced(t, holder, next, MS);
                holder = next;
            }
        }
    }
    (header("long.py", "new"), s.0, 100_000 * MS)
}

#[test]
fn past_its_cap_a_fold_keeps_exact_totals_and_a_bounded_timeline() {
    let (h, ev, end) = long_run();
    let all = Summary::fold(&h, ev.clone(), end, Keep::All);
    let capped = Summary::fold(&h, ev, end, Keep::Capped(1000));
    // the numbers are the same: only the drawing went coarse
    assert_eq!(render_json(&capped), render_json(&all));
    assert_eq!(render_text(&capped), render_text(&all));
    assert!(all.threads[0].intervals.len() > 20_000);
    for th in &capped.threads {
        assert!(th.intervals.is_empty());
        let b = th.coarse.as_ref().expect("buckets past the cap");
        assert!(b.occ.len() <= buckets::MAX_BUCKETS, "{}", b.occ.len());
    }
    assert!(capped.procs.iter().all(|p| p.holders.is_empty()));
    // the picture: the same rows, at most the column where the holder changes sides apart
    let (exact, coarse) = (
        render_timeline(&all, 100, false, None),
        render_timeline(&capped, 100, false, None),
    );
    let (exact, coarse): (Vec<&str>, Vec<&str>) =
        (exact.lines().collect(), coarse.lines().collect());
    assert_eq!(exact.len(), coarse.len());
    for (a, b) in exact.iter().zip(&coarse) {
        let differ = a.chars().zip(b.chars()).filter(|(x, y)| x != y).count();
        assert!(differ <= 1, "\n{a}\n{b}");
    }
    assert!(
        exact[1].contains("0000") && exact[1].contains("1111"),
        "{}",
        exact[1]
    );
}

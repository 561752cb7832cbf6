//! The real GIL on bare OS threads, no VM: mutual exclusion checked by the threads
//! themselves, the trace it records, stopping, and lock waits.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::gil::{BlockingCall, RealGil};
use super::locks::Locks;
use crate::clock::sim::Stop;
use crate::gil::{GilKind, NewGil};
use crate::report::Summary;
use crate::trace::event::{EventKind, Header, ReleaseReason};

const NOBODY: u32 = u32::MAX;

fn header() -> Header {
    Header {
        scenario: "t".into(),
        clock: "real".into(),
        gil: "new".into(),
        switch_interval_ns: 200_000,
        cores: 2,
        seed: 1,
    }
}

/// Spins holding the GIL for `run_for`, passing eval-breaker points; `inside` says who runs
/// "Python" now, and every thread checks nobody else does.
fn spin(gil: Arc<RealGil>, id: u32, inside: Arc<AtomicU32>, run_for: Duration) {
    let mut held = gil.take_gil(id);
    let until = Instant::now() + run_for;
    while Instant::now() < until {
        assert_eq!(
            inside.compare_exchange(NOBODY, id, Ordering::SeqCst, Ordering::SeqCst),
            Ok(NOBODY),
            "two threads inside at once"
        );
        for _ in 0..200 {
            std::hint::spin_loop();
        }
        assert_eq!(inside.load(Ordering::SeqCst), id);
        inside.store(NOBODY, Ordering::SeqCst);
        held.eval_breaker();
    }
}

#[test]
fn spinning_threads_take_turns_and_never_overlap() {
    let gil = RealGil::new(Box::new(NewGil::new(200_000)));
    let main = gil.add_thread(|_| "MainThread".into());
    let inside = Arc::new(AtomicU32::new(NOBODY));
    let mut held = gil.take_gil(main);
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let id = gil.add_thread(|i| format!("T{i}"));
            let (g, inside) = (gil.clone(), inside.clone());
            std::thread::spawn(move || spin(g, id, inside, Duration::from_millis(60)))
        })
        .collect();
    // the main thread waits for them with the GIL released, as join does
    held.allow_threads(
        BlockingCall::Io {
            call: "time.sleep",
            ns: 0,
        },
        move || {
            for w in workers {
                w.join().expect("a worker failed");
            }
        },
    );
    drop(held); // the main thread's end is the run's
    assert!(gil.wait_end(Duration::ZERO));
    let (outcome, end, events) = gil.take_results().unwrap();
    assert_eq!(outcome.unwrap(), 0);
    let s = Summary::from_events(&header(), events.iter().cloned(), end);
    assert_eq!(s.violation_count, 0, "{:?}", s.violations);
    let drops = events
        .iter()
        .filter(|e| {
            e.kind
                == EventKind::GilRelease {
                    reason: ReleaseReason::DropRequest,
                }
        })
        .count();
    assert!(drops >= 3, "the 200 us interval forced switches: {drops}");
    assert!(events
        .iter()
        .any(|e| matches!(e.kind, EventKind::ForcedSwitch { .. })));
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == EventKind::ThreadEnd)
            .count(),
        4
    );
}

#[test]
fn a_stop_parks_the_holder_at_its_next_breaker_and_the_waiters_at_once() {
    let gil = RealGil::new(crate::gil::make("new", 1_000_000, 1));
    let inside = Arc::new(AtomicU32::new(NOBODY));
    let _main = gil.add_thread(|_| "MainThread".into());
    for _ in 0..2 {
        let id = gil.add_thread(|i| format!("T{i}"));
        let (g, inside) = (gil.clone(), inside.clone());
        // detached: after the stop they stay parked for good
        std::thread::spawn(move || spin(g, id, inside, Duration::from_secs(3600)));
    }
    std::thread::sleep(Duration::from_millis(30));
    gil.stop(Stop::Interrupted);
    assert!(
        gil.wait_quiet(Instant::now() + Duration::from_secs(5)),
        "the holder parked"
    );
    let (outcome, end, events) = gil.take_results().unwrap();
    assert!(matches!(outcome, Err(Stop::Interrupted)));
    assert!(events.iter().all(|e| e.t <= end));
    let n = events.len();
    std::thread::sleep(Duration::from_millis(20));
    // nothing is recorded after the end
    assert!(gil.take_results().unwrap().2.is_empty(), "{n} then more");
}

#[test]
fn the_legacy_gil_runs_on_os_threads_too() {
    let gil = RealGil::new(crate::gil::make("legacy", 5_000_000, 1));
    assert_eq!(GilKind::Legacy, GilKind::parse("legacy").unwrap());
    let main = gil.add_thread(|_| "MainThread".into());
    let inside = Arc::new(AtomicU32::new(NOBODY));
    let mut held = gil.take_gil(main);
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let id = gil.add_thread(|i| format!("T{i}"));
            let (g, inside) = (gil.clone(), inside.clone());
            std::thread::spawn(move || spin(g, id, inside, Duration::from_millis(20)))
        })
        .collect();
    held.allow_threads(
        BlockingCall::Io {
            call: "time.sleep",
            ns: 0,
        },
        move || {
            for w in workers {
                w.join().expect("a worker failed");
            }
        },
    );
    drop(held);
    let (_, end, events) = gil.take_results().unwrap();
    let s = Summary::from_events(&header(), events, end);
    assert_eq!(s.violation_count, 0, "{:?}", s.violations);
}

#[test]
fn lock_waits_park_until_a_release_or_the_timeout() {
    let locks = Arc::new(Locks::new());
    let id = locks.allocate();
    assert!(locks.try_acquire(id) && !locks.try_acquire(id) && locks.locked(id));
    // a timed wait on a held lock times out
    let lock = locks.get(id);
    assert!(!locks.wait_acquire(
        &lock,
        1,
        Some(Duration::from_millis(5)),
        &AtomicBool::new(false)
    ));
    assert!(!locks.parked_for_good(id, 1), "no longer waiting");
    // an untimed waiter is parked for good until the release
    let got = Arc::new(AtomicU64::new(0));
    let (l2, g2) = (locks.clone(), got.clone());
    let waiter = std::thread::spawn(move || {
        let lock = l2.get(id);
        let ok = l2.wait_acquire(&lock, 2, None, &AtomicBool::new(false));
        g2.store(ok as u64 + 1, Ordering::SeqCst);
    });
    let until = Instant::now() + Duration::from_secs(5);
    while !locks.parked_for_good(id, 2) {
        assert!(Instant::now() < until, "the waiter never parked");
        std::thread::sleep(Duration::from_millis(1));
    }
    let before = locks.progress();
    assert_eq!(got.load(Ordering::SeqCst), 0);
    locks.release(id);
    waiter.join().unwrap();
    assert_eq!(got.load(Ordering::SeqCst), 2, "it took the lock");
    assert!(locks.locked(id) && locks.progress() > before);
}

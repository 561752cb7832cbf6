//! The hand-off latency of the real clock's GIL alone (no VM), against a minimal GIL built the
//! way CPython's `ceval_gil.c` is (a flag, a mutex, one condition variable) on the same
//! `parking_lot` primitives: what the real GIL's bookkeeping (its state machine, trace events,
//! per-thread slots) costs a hand-off. Two threads call a `sleep(0)` in turn; a hand-off is
//! one thread's release followed by the other's return. Rounds alternate; the medians of the
//! rounds' medians are printed.
//!
//!     cargo run --release --example handoff_floor [ROUNDS]

use std::sync::Arc;
use std::time::{Duration, Instant};

use gilsim::clock::real::gil::{BlockingCall, RealGil};
use parking_lot::{Condvar, Mutex};

type Log = Arc<Mutex<Vec<(u32, bool, Instant)>>>;

/// The median time from one thread's release (`false`) to another's return (`true`), in us.
fn median_handoff(log: &[(u32, bool, Instant)]) -> f64 {
    let mut lat: Vec<u128> = log
        .windows(2)
        .filter(|w| !w[0].1 && w[1].1 && w[0].0 != w[1].0)
        .map(|w| (w[1].2 - w[0].2).as_nanos())
        .collect();
    lat.sort_unstable();
    lat.get(lat.len() / 2).copied().unwrap_or(0) as f64 / 1e3
}

/// Two threads handing the real GIL over with `sleep(0)` for `secs`.
fn real_gil(secs: Duration) -> f64 {
    let gil = RealGil::new(gilsim::gil::make("new", 5_000_000, 1));
    let main = gil.add_thread(|_| "MainThread".into());
    let log: Log = Default::default();
    let mut held = gil.take_gil(main);
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let id = gil.add_thread(|i| format!("T{i}"));
            let (g, log) = (gil.clone(), log.clone());
            std::thread::spawn(move || {
                let mut held = g.take_gil(id);
                let stop = Instant::now() + secs;
                while Instant::now() < stop {
                    log.lock().push((id, false, Instant::now()));
                    held.allow_threads(BlockingCall::Sleep { ns: 0 }, || {
                        std::thread::sleep(Duration::from_nanos(1))
                    });
                    log.lock().push((id, true, Instant::now()));
                }
            })
        })
        .collect();
    held.allow_threads(BlockingCall::Sleep { ns: 0 }, move || {
        for w in workers {
            w.join().unwrap();
        }
    });
    drop(held);
    let m = median_handoff(&log.lock());
    m
}

/// The same dance on a flag, a mutex and one condition variable.
fn bare(secs: Duration) -> f64 {
    type Gil = (Mutex<bool>, Condvar);
    fn take(g: &Gil) {
        let mut locked = g.0.lock();
        while *locked {
            g.1.wait(&mut locked);
        }
        *locked = true;
    }
    fn drop_gil(g: &Gil) {
        let mut locked = g.0.lock();
        *locked = false;
        g.1.notify_one();
    }
    let gil: Arc<Gil> = Arc::new((Mutex::new(false), Condvar::new()));
    let log: Log = Default::default();
    let workers: Vec<_> = (0..2u32)
        .map(|id| {
            let (g, log) = (gil.clone(), log.clone());
            std::thread::spawn(move || {
                take(&g);
                let stop = Instant::now() + secs;
                while Instant::now() < stop {
                    log.lock().push((id, false, Instant::now()));
                    drop_gil(&g);
                    std::thread::sleep(Duration::from_nanos(1));
                    take(&g);
                    log.lock().push((id, true, Instant::now()));
                }
                drop_gil(&g);
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let m = median_handoff(&log.lock());
    m
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(9);
    let (mut real, mut min) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        real.push(real_gil(Duration::from_millis(400)));
        min.push(bare(Duration::from_millis(400)));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "median hand-off over {rounds} rounds: real GIL {:.2} us, bare mutex+condvar {:.2} us",
        median(&mut real),
        median(&mut min)
    );
}

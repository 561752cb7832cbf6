//! The hand-off latency of the real clock's GIL alone (no VM), against a minimal GIL built the
//! way CPython's `ceval_gil.c` is (a flag, a mutex, one condition variable) on the same
//! `parking_lot` primitives: what the real GIL's bookkeeping (its state machine, trace events,
//! per-thread slots) costs a hand-off. Rounds alternate; the medians of the rounds' medians
//! are printed, for two dances:
//!
//! - `sleep(0)` ping-pong: two threads call a `sleep(0)` in turn; a hand-off is one thread's
//!   release followed by the other's return. Each sleep lasts the OS timer slack (~60 us), so
//!   the threads mostly sleep at once and find the GIL free: this times the OS's sleeps.
//! - forced switch: two threads spin holding the GIL, checking the drop request as the VM's
//!   eval breaker does, with a 1 ms switch interval; every hand-off is a drop request, a
//!   signal and FORCE_SWITCHING, the GIL's own path. Its latency runs from the holder's last
//!   look at the clock before it lets go to the next holder's first. The real GIL runs it
//!   keeping no events (as `--report none`) and keeping them all; the bare GIL is
//!   `ceval_gil.c`'s, with a drop-request flag and `switch_cond`.
//!
//!     cargo run --release --example handoff_floor [ROUNDS]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gilsim::clock::real::gil::{BlockingCall, RealGil};
use gilsim::clock::real::log::RunLog;
use gilsim::report::sink::Sink;
use gilsim::trace::event::Header;
use parking_lot::{Condvar, Mutex};

/// The forced-switch dance's switch interval.
const INTERVAL: Duration = Duration::from_millis(1);

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
                    held.allow_threads(
                        BlockingCall::Io {
                            call: "time.sleep",
                            ns: 0,
                        },
                        || std::thread::sleep(Duration::from_nanos(1)),
                    );
                    log.lock().push((id, true, Instant::now()));
                }
            })
        })
        .collect();
    held.allow_threads(
        BlockingCall::Io {
            call: "time.sleep",
            ns: 0,
        },
        move || {
            for w in workers {
                w.join().unwrap();
            }
        },
    );
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

/// The time from one holder's last clock reading to the next holder's first: the last
/// reader (the holder) and when, and the hand-offs seen so far (ns). Only the holder touches
/// it, so its mutex is never contended.
#[derive(Default)]
struct Switches {
    last: Option<(u32, Instant)>,
    lat: Vec<u128>,
}

impl Switches {
    fn note(&mut self, id: u32) {
        let now = Instant::now();
        if let Some((who, t)) = self.last {
            if who != id {
                self.lat.push((now - t).as_nanos());
            }
        }
        self.last = Some((id, now));
    }

    fn median_us(&mut self) -> f64 {
        self.lat.sort_unstable();
        self.lat.get(self.lat.len() / 2).copied().unwrap_or(0) as f64 / 1e3
    }
}

/// Two threads spinning on the real GIL for `secs`, looking at the drop request between two
/// clock readings; `keep_events`: the run keeps every event (as one with a trace does).
fn real_forced(secs: Duration, keep_events: bool) -> f64 {
    let machine = gilsim::gil::make("new", INTERVAL.as_nanos() as u64, 1);
    let sink = if keep_events {
        Sink::events_only()
    } else {
        let header = Header {
            scenario: "handoff_floor".into(),
            clock: "real".into(),
            gil: "new".into(),
            switch_interval_ns: INTERVAL.as_nanos() as u64,
            cores: 2,
            seed: 1,
        };
        Sink::new(&header, None, false)
    };
    let gil = RealGil::in_run(machine, Arc::new(RunLog::new(false, sink)), 0);
    let main = gil.add_thread(|_| "MainThread".into());
    let log: Arc<Mutex<Switches>> = Default::default();
    let mut held = gil.take_gil(main);
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let id = gil.add_thread(|i| format!("T{i}"));
            let (g, log) = (gil.clone(), log.clone());
            std::thread::spawn(move || {
                let mut held = g.take_gil(id);
                let stop = Instant::now() + secs;
                while Instant::now() < stop {
                    log.lock().note(id);
                    held.eval_breaker();
                }
            })
        })
        .collect();
    held.allow_threads(
        BlockingCall::Io {
            call: "time.sleep",
            ns: 0,
        },
        move || {
            for w in workers {
                w.join().unwrap();
            }
        },
    );
    drop(held);
    let m = log.lock().median_us();
    m
}

/// `ceval_gil.c`'s GIL on the same primitives: `locked`, `last_holder`, `switch_number` and
/// the drop request under one mutex, `cond` for the waiters, `switch_cond` for
/// FORCE_SWITCHING, and the drop request mirrored in an atomic flag (the eval breaker).
#[derive(Default)]
struct BareGil {
    state: Mutex<BareState>,
    cond: Condvar,
    switch_cond: Condvar,
    breaker: AtomicBool,
}

#[derive(Default)]
struct BareState {
    locked: bool,
    last_holder: Option<u32>,
    switch_number: u64,
    drop_request: bool,
}

impl BareGil {
    fn take(&self, me: u32) {
        let mut st = self.state.lock();
        while st.locked {
            let saved = st.switch_number;
            let timed_out = self.cond.wait_for(&mut st, INTERVAL).timed_out();
            if timed_out && st.locked && st.switch_number == saved {
                st.drop_request = true;
                self.breaker.store(true, Ordering::Relaxed);
            }
        }
        st.locked = true;
        if st.last_holder != Some(me) {
            st.last_holder = Some(me);
            st.switch_number += 1;
        }
        self.switch_cond.notify_one();
        st.drop_request = false;
        self.breaker.store(false, Ordering::Relaxed);
    }

    fn drop_gil(&self, me: u32) {
        let mut st = self.state.lock();
        st.locked = false;
        self.cond.notify_one();
        if st.drop_request && st.last_holder == Some(me) {
            st.drop_request = false;
            self.breaker.store(false, Ordering::Relaxed);
            while st.last_holder == Some(me) {
                self.switch_cond.wait(&mut st);
            }
        }
    }
}

/// The forced-switch dance on [`BareGil`].
fn bare_forced(secs: Duration) -> f64 {
    let gil: Arc<BareGil> = Default::default();
    let log: Arc<Mutex<Switches>> = Default::default();
    let workers: Vec<_> = (0..2u32)
        .map(|id| {
            let (g, log) = (gil.clone(), log.clone());
            std::thread::spawn(move || {
                g.take(id);
                let stop = Instant::now() + secs;
                while Instant::now() < stop {
                    log.lock().note(id);
                    if g.breaker.load(Ordering::Relaxed) {
                        g.drop_gil(id);
                        g.take(id);
                    }
                }
                g.drop_gil(id);
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let m = log.lock().median_us();
    m
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(9);
    let secs = Duration::from_millis(400);
    let (mut real, mut min) = (Vec::new(), Vec::new());
    let (mut forced, mut traced, mut bare_f) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        real.push(real_gil(secs));
        min.push(bare(secs));
        forced.push(real_forced(secs, false));
        traced.push(real_forced(secs, true));
        bare_f.push(bare_forced(secs));
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
    println!(
        "median forced switch over {rounds} rounds: real GIL {:.2} us ({:.2} us keeping events), \
         bare ceval_gil.c {:.2} us",
        median(&mut forced),
        median(&mut traced),
        median(&mut bare_f)
    );
}

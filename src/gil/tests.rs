//! Scenario tests: a tiny deterministic event loop drives each GIL design by hand, with
//! CPU-bound threads that poll the GIL after every microsecond of work and I/O threads that
//! make short blocking calls, and the runs are held against the shapes CPython shows.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::*;
use ReleaseReason::*;

const US: u64 = 1_000;
const MS: u64 = 1_000_000;

/// What a simulated thread does.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Spins until `until`, polling the GIL every microsecond (50 ticks).
    Cpu { until: u64 },
    /// `calls` times: `work` ns holding the GIL, then a blocking call of `block` ns.
    Io { calls: u32, work: u64, block: u64 },
}

/// What a thread does once `drop_gil` returns.
#[derive(Clone, Copy, Debug)]
enum Then {
    Request,
    BlockFor(u64),
    Exit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Act {
    Request(u32),
    Run(u32),
    Timeout(u32, u64),
    Woken(u32),
    Resume(u32),
}

/// The event loop: a queue of (time, sequence, action), an OS wake-up latency, and the
/// invariants checked as effects are applied.
struct Loop {
    gil: Box<dyn Gil>,
    q: BinaryHeap<Reverse<(u64, u64, Act)>>,
    seq: u64,
    now: u64,
    latency: u64,
    kinds: Vec<Kind>,
    pending: Vec<Option<Then>>,
    timer_gen: Vec<u64>,
    holding: Vec<u32>,
    log: Vec<(u64, Effect)>,
}

impl Loop {
    fn run(gil: Box<dyn Gil>, latency: u64, kinds: Vec<Kind>) -> Loop {
        let n = kinds.len();
        let (pending, timer_gen) = (vec![None; n], vec![0; n]);
        let (q, log, holding) = (BinaryHeap::new(), vec![], vec![]);
        let mut l = Loop {
            gil,
            q,
            seq: 0,
            now: 0,
            latency,
            kinds,
            pending,
            timer_gen,
            holding,
            log,
        };
        (0..n as u32).for_each(|t| l.at(0, Act::Request(t)));
        while let Some(Reverse((time, _, act))) = l.q.pop() {
            l.now = time;
            let fx = match act {
                Act::Request(t) => l.gil.request(t, time),
                Act::Timeout(t, g) if g == l.timer_gen[t as usize] => l.gil.timeout(t, time),
                Act::Timeout(..) => Effects::new(),
                Act::Woken(t) => l.gil.woken(t, time),
                Act::Resume(t) => {
                    let then = l.pending[t as usize].take().expect("a forced switch");
                    l.then(t, then)
                }
                Act::Run(t) => l.step(t),
            };
            l.apply(fx);
        }
        assert!(
            l.holding.is_empty(),
            "every Acquired is matched by a Released"
        );
        l
    }

    fn at(&mut self, time: u64, act: Act) {
        self.seq += 1;
        self.q.push(Reverse((time, self.seq, act)));
    }

    /// The holder `t` has done a step of work: release if it must.
    fn step(&mut self, t: u32) -> Effects {
        let now = self.now;
        let (reason, then) = match &mut self.kinds[t as usize] {
            Kind::Cpu { until } if now >= *until => (Exit, Then::Exit),
            Kind::Cpu { .. } => match self.gil.poll(t, 50) {
                Some(r) => (r, Then::Request),
                None => {
                    self.at(now + US, Act::Run(t));
                    return Effects::new();
                }
            },
            Kind::Io { calls: 0, .. } => (Exit, Then::Exit),
            Kind::Io { calls, block, .. } => {
                *calls -= 1;
                (Blocking, Then::BlockFor(*block))
            }
        };
        let fx = self.gil.release(t, now, reason);
        self.apply(fx);
        if self.gil.in_forced_switch(t) {
            self.pending[t as usize] = Some(then);
            return Effects::new();
        }
        self.then(t, then)
    }

    fn then(&mut self, t: u32, then: Then) -> Effects {
        match then {
            Then::Request => return self.gil.request(t, self.now),
            Then::BlockFor(ns) => self.at(self.now + ns, Act::Request(t)),
            Then::Exit => {}
        }
        Effects::new()
    }

    fn apply(&mut self, fx: Effects) {
        let now = self.now;
        for e in fx {
            match e {
                Effect::Acquired { thread, .. } => {
                    if self.gil.kind() != GilKind::None {
                        assert!(self.holding.is_empty(), "two holders at {now}: {e:?}");
                    }
                    self.holding.push(thread);
                    let work = match self.kinds[thread as usize] {
                        Kind::Cpu { .. } => US,
                        Kind::Io { work, .. } => work,
                    };
                    self.at(now + work, Act::Run(thread));
                }
                Effect::Released { thread, .. } => {
                    let i = self
                        .holding
                        .iter()
                        .position(|&h| h == thread)
                        .expect("holder");
                    self.holding.remove(i);
                }
                Effect::ArmTimer {
                    thread,
                    deadline_ns,
                } => {
                    self.timer_gen[thread as usize] += 1;
                    self.at(
                        deadline_ns,
                        Act::Timeout(thread, self.timer_gen[thread as usize]),
                    );
                }
                Effect::CancelTimer { thread } => self.timer_gen[thread as usize] += 1,
                Effect::Wake { thread } => self.at(now + self.latency, Act::Woken(thread)),
                Effect::ForcedSwitchDone { thread, .. } => {
                    self.at(now + self.latency, Act::Resume(thread))
                }
                Effect::DropRequestSet { .. } => {}
            }
            self.log.push((now, e));
        }
    }
}

/// The acquisitions of a run: (time, thread, wait_ns).
fn acquisitions(l: &Loop) -> Vec<(u64, u32, u64)> {
    let f = |(t, e): &(u64, Effect)| match e {
        Effect::Acquired { thread, wait_ns } => Some((*t, *thread, *wait_ns)),
        _ => None,
    };
    l.log.iter().filter_map(f).collect()
}

/// The holds of a run: (thread, from, to).
fn holds(l: &Loop) -> Vec<(u32, u64, u64)> {
    let mut open: Vec<(u32, u64)> = vec![];
    let mut out = vec![];
    for (t, e) in &l.log {
        match e {
            Effect::Acquired { thread, .. } => open.push((*thread, *t)),
            Effect::Released { thread, .. } => {
                let i = open.iter().position(|o| o.0 == *thread).unwrap();
                out.push((*thread, open.remove(i).1, *t));
            }
            _ => {}
        }
    }
    out
}

/// Each thread's share of the GIL-held time.
fn shares(l: &Loop, n: usize) -> Vec<f64> {
    let mut held = vec![0u64; n];
    holds(l)
        .iter()
        .for_each(|&(t, a, b)| held[t as usize] += b - a);
    let total: u64 = held.iter().sum();
    held.iter().map(|&h| h as f64 / total as f64).collect()
}

/// FORCE_SWITCHING: after a release on request, another thread acquires before the releaser.
fn assert_forced_switching(l: &Loop) {
    let mut dropped: Option<u32> = None;
    for (_, e) in &l.log {
        match e {
            Effect::Released {
                thread,
                reason: DropRequest,
            } => dropped = Some(*thread),
            Effect::Acquired { thread, .. } => {
                assert_ne!(dropped, Some(*thread), "re-acquired before anyone else");
                dropped = None;
            }
            _ => {}
        }
    }
}

fn cpu(n: usize, until: u64) -> Vec<Kind> {
    vec![Kind::Cpu { until }; n]
}

fn io_thread(block: u64) -> Kind {
    Kind::Io {
        calls: 100,
        work: US,
        block,
    }
}

#[test]
fn two_cpu_threads_change_hands_every_interval() {
    let l = Loop::run(Box::new(NewGil::new(5 * MS)), 50 * US, cpu(2, 1_000 * MS));
    let acq = acquisitions(&l);
    assert_eq!(
        acq[..4],
        [
            (0, 0, 0),
            (5_050_000, 1, 5_050_000),
            (10_150_000, 0, 5_050_000),
            (15_250_000, 1, 5_050_000)
        ]
    );
    // every hold but the first and the last lasts the interval plus one wake-up latency
    let h = holds(&l);
    assert_eq!(h.len(), 198);
    assert_eq!(h[0], (0, 0, 5 * MS));
    assert!(h[1..196].iter().all(|&(_, a, b)| b - a == 5_050_000));
    // at 1 s thread 0 exits mid-turn; thread 1, waiting since 999.6 ms, takes over and exits
    assert_eq!(
        h[196..],
        [
            (0, 999_550_000, 1_000 * MS),
            (1, 1_000_050_000, 1_000_051_000)
        ]
    );
    assert_eq!(acq[197], (1_000_050_000, 1, 450_000));
    // the holder alternates, changing every 5.1 ms (a 50 µs gap each time): 196 in 1 s
    assert!(acq.windows(2).all(|w| w[0].1 != w[1].1));
    assert!(acq[1..197].windows(2).all(|w| w[1].0 - w[0].0 == 5_100_000));
    assert_eq!(l.gil.switch_number(), 198);
    let s = shares(&l, 2);
    assert!(
        (s[0] - 0.5).abs() < 0.005 && (s[1] - 0.5).abs() < 0.005,
        "{s:?}"
    );
    assert_forced_switching(&l);
}

fn holder_order(l: &Loop) -> Vec<u32> {
    acquisitions(l).iter().map(|a| a.1).collect()
}

#[test]
fn four_cpu_threads_take_turns_round_robin_with_fifo_wake_ups() {
    let l = Loop::run(Box::new(NewGil::new(5 * MS)), 50 * US, cpu(4, 500 * MS));
    let order = holder_order(&l);
    assert_eq!(order.len(), 102);
    assert!(
        order.iter().enumerate().all(|(i, &t)| t == i as u32 % 4),
        "{order:?}"
    );
    assert_forced_switching(&l);
}

#[test]
fn four_cpu_threads_do_not_take_turns_with_random_wake_ups() {
    let l = Loop::run(make("new", 5 * MS, 1), 50 * US, cpu(4, 500 * MS));
    let order = holder_order(&l);
    assert_eq!(
        order[..16],
        [0, 2, 0, 2, 3, 0, 3, 0, 2, 1, 2, 0, 1, 2, 0, 1]
    );
    // round-robin would make every change a rotation (0→1→2→3→0); here 25 of 101 are
    let rotations = order.windows(2).filter(|w| w[1] == (w[0] + 1) % 4).count();
    assert_eq!((rotations, order.len()), (25, 102));
    // FORCE_SWITCHING: never the same thread twice in a row; and nobody starves
    assert!(order.windows(2).all(|w| w[0] != w[1]));
    let s = shares(&l, 4);
    assert!(s.iter().all(|&x| (0.15..0.35).contains(&x)), "{s:?}");
    assert_forced_switching(&l);
}

/// The I/O thread's waits for the GIL after each of its 100 blocking calls, and the run's end.
fn convoy(interval: u64, latency: u64, block: u64, spinner: bool) -> (Vec<u64>, u64) {
    let mut kinds = vec![io_thread(block)];
    if spinner {
        kinds.push(Kind::Cpu { until: 10_000 * MS });
    }
    let mut l = Loop::run(Box::new(NewGil::new(interval)), latency, kinds);
    assert_forced_switching(&l);
    let waits = acquisitions(&l)
        .iter()
        .filter(|a| a.1 == 0)
        .map(|a| a.2)
        .collect();
    let io_end = l.log.iter().find(|(_, e)| {
        matches!(
            e,
            Effect::Released {
                thread: 0,
                reason: Exit
            }
        )
    });
    l.holding.clear();
    (waits, io_end.unwrap().0)
}

#[test]
fn an_io_thread_behind_a_cpu_thread_waits_an_interval_per_call() {
    // alone: 100 calls of 1 µs work + 10 µs blocking, the GIL always free
    let (waits, end) = convoy(5 * MS, 5 * US, 10 * US, false);
    assert!(waits.iter().all(|&w| w == 0));
    assert_eq!((waits.len(), end), (101, 1_101 * US));
    // beside a spinner: each return from the blocking call waits a full interval, times out,
    // asks for a drop, and gets the GIL one wake-up latency after the spinner lets go
    let (waits, end) = convoy(5 * MS, 5 * US, 10 * US, true);
    // (the I/O thread asks first, so its first acquisition is free): a call every 5.016 ms
    assert_eq!(waits[0], 0);
    assert!(waits[1..].iter().all(|&w| w == 5_005_000), "{waits:?}");
    assert_eq!(end, 501_601_000);
    // sys.setswitchinterval(0.001): the same, a fifth as long
    let (waits, end) = convoy(MS, 5 * US, 10 * US, true);
    assert!(waits[1..].iter().all(|&w| w == 1_005_000), "{waits:?}");
    assert_eq!(end, 101_601_000);
}

#[test]
fn an_io_call_shorter_than_the_wake_up_latency_barges_back() {
    // after a forced switch the spinner needs 50 µs to come back and ask; meanwhile the I/O
    // thread makes four 11 µs round trips finding the GIL free; the fifth waits an interval
    let (waits, end) = convoy(5 * MS, 50 * US, 10 * US, true);
    let w = 5_050_000;
    assert_eq!(waits[..11], [0, 0, 0, 0, 0, w, 0, 0, 0, 0, w]);
    let free = waits.iter().filter(|&&w| w == 0).count();
    assert_eq!((free, waits.len()), (81, 101));
    assert!(waits.iter().all(|&x| x == 0 || x == w));
    assert_eq!(end, 102_101_000);
}

#[test]
fn the_legacy_gil_lets_the_releaser_win_nearly_every_time() {
    let run = |steal: f64| {
        let mut g = LegacyGil::with_wake_order(100, WakeOrder::Random { seed: 7 });
        g.set_steal_chance(steal);
        let l = Loop::run(Box::new(g), 50 * US, cpu(2, 100 * MS));
        let releases = l
            .log
            .iter()
            .filter(|(_, e)| matches!(e, Effect::Released { .. }))
            .count();
        let acq = acquisitions(&l);
        let switches = acq.windows(2).filter(|w| w[0].1 != w[1].1).count();
        (releases, switches, acq)
    };
    // with no steals, thread 1 never runs before thread 0 ends: a release every 2 µs
    // (100 ticks at 50 a µs), thread 1 woken every 50 µs in vain, no switch
    let (releases, switches, acq) = run(0.0);
    assert_eq!((releases, switches), (50_001, 1));
    assert_eq!(*acq.last().unwrap(), (100_002_000, 1, 100_002_000));
    assert_eq!(acq.iter().filter(|a| a.1 == 0).count(), 50_000);
    // with the default chance (2% a wake-up), 43 switches against 50 001 releases
    let (releases, switches, _) = run(DEFAULT_STEAL_CHANCE);
    assert_eq!((releases, switches), (50_001, 43));
}

#[test]
fn without_a_gil_threads_run_together() {
    let l = Loop::run(make("none", 5 * MS, 0), 50 * US, cpu(3, 10 * MS));
    assert_eq!(acquisitions(&l), vec![(0, 0, 0), (0, 1, 0), (0, 2, 0)]);
    assert!(holds(&l).iter().all(|&(_, a, b)| (a, b) == (0, 10 * MS)));
}

#[test]
fn make_knows_the_three_designs() {
    for k in ["new", "legacy", "none"] {
        assert_eq!(make(k, 5 * MS, 1).kind().as_str(), k);
    }
    assert!(try_make("fair", 5 * MS, 1).is_none());
    assert_eq!(GilKind::parse("legacy"), Some(GilKind::Legacy));
}

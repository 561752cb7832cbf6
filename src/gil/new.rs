//! The new GIL of CPython 3.2–3.12 (`Python/ceval_gil.c`, 3.11's `ceval_gil.h`) as a state
//! machine. DESIGN.md §3 gives the algorithm; how each step maps to the C code:
//!
//! - `take_gil`: a thread that finds the GIL free takes it at once ([`NewGil::request`]).
//!   Otherwise it loops: note `switch_number`, wait on `cond` for one interval (at least
//!   1 µs, as the C code clamps it); if the wait *timed out* and the GIL is still locked and
//!   `switch_number` is unchanged, set `gil_drop_request`; go round while the GIL is locked.
//!   Every return from the wait that does not get the GIL, timed out, signalled or spurious,
//!   starts a fresh wait with a fresh snapshot and a fresh interval ([`NewGil::timeout`],
//!   [`NewGil::woken`]).
//! - Taking the GIL: `locked = 1`; if the taker is not `last_holder`, it becomes it and
//!   `switch_number` grows; `switch_cond` is signalled (ending a FORCE_SWITCHING wait); and
//!   `gil_drop_request` is cleared.
//! - `drop_gil` ([`NewGil::release`], whatever the reason: a drop request, a blocking call or
//!   the thread's exit, which in 3.11 still passes its thread state): `locked = 0`, signal
//!   `cond`, which wakes at most one of the threads blocked on it right now (not one that was
//!   already signalled and has not run yet; with none blocked, the signal is lost). Then if
//!   `gil_drop_request` is set and the releaser is still `last_holder` (always true here, as
//!   the state machine's steps are atomic), clear the request and wait on `switch_cond` until
//!   some thread takes the GIL: FORCE_SWITCHING.
//! - A signalled waiter is off the condition variable until it runs; if the GIL was taken in
//!   between (by a thread returning from a blocking call, or a waiter whose wait timed out),
//!   it waits again. That race, decided by the OS wake-up latency against the length of the
//!   blocking call, is where the convoy effect (bpo-7946) comes from.

use super::{
    pick, pick_with, Chooser, Effect, Effects, Gil, GilKind, ReleaseReason, SplitMix64, ThreadId,
    WakeOrder,
};

/// CPython's default switch interval: 5 ms.
pub const DEFAULT_INTERVAL_NS: u64 = 5_000_000;

/// The shortest timed wait: CPython clamps the interval to at least 1 µs.
const MIN_WAIT_NS: u64 = 1_000;

/// Where a waiter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    /// Blocked on `cond` until its deadline.
    Timed,
    /// Signalled, not yet running (its timer was cancelled).
    Signalled,
}

/// A thread inside `take_gil`.
#[derive(Clone, Debug)]
struct Waiter {
    thread: ThreadId,
    /// When it entered `take_gil` (for `wait_ns`).
    since: u64,
    /// `switch_number` when its current wait began.
    saved_switch: u64,
    /// When its current timed wait expires.
    deadline: u64,
    state: Wait,
}

/// CPython 3.11's GIL. See the module documentation.
#[derive(Clone, Debug)]
pub struct NewGil {
    locked: bool,
    last_holder: Option<ThreadId>,
    switch_number: u64,
    drop_request: bool,
    interval_ns: u64,
    /// Threads in `take_gil`, in the order their current wait began.
    waiters: Vec<Waiter>,
    /// The thread blocked on `switch_cond`, if any (at most one can be: the last holder).
    switch_waiter: Option<ThreadId>,
    wake_order: WakeOrder,
    rng: SplitMix64,
}

impl NewGil {
    /// A free GIL with switch interval `interval_ns`, waking waiters in FIFO order.
    pub fn new(interval_ns: u64) -> Self {
        Self::with_wake_order(interval_ns, WakeOrder::Fifo)
    }

    /// A free GIL with switch interval `interval_ns` that wakes waiters in `order`.
    pub fn with_wake_order(interval_ns: u64, order: WakeOrder) -> Self {
        let seed = match order {
            WakeOrder::Random { seed } => seed,
            WakeOrder::Fifo => 0,
        };
        NewGil {
            locked: false,
            last_holder: None,
            switch_number: 0,
            drop_request: false,
            interval_ns,
            waiters: Vec::new(),
            switch_waiter: None,
            wake_order: order,
            rng: SplitMix64::new(seed),
        }
    }

    /// The last thread to hold the GIL (the holder, while it is held).
    pub fn last_holder(&self) -> Option<ThreadId> {
        self.last_holder
    }

    /// The threads in `take_gil`, in the order their current wait began.
    pub fn waiters(&self) -> Vec<ThreadId> {
        self.waiters.iter().map(|w| w.thread).collect()
    }

    /// The threads blocked on `cond` right now: those a release could signal, oldest first.
    pub fn candidates(&self) -> Vec<ThreadId> {
        self.waiters
            .iter()
            .filter(|w| w.state == Wait::Timed)
            .map(|w| w.thread)
            .collect()
    }

    fn wait_ns(&self) -> u64 {
        self.interval_ns.max(MIN_WAIT_NS)
    }

    fn find(&self, t: ThreadId) -> Option<usize> {
        self.waiters.iter().position(|w| w.thread == t)
    }

    /// Start a timed wait on `cond` for `t` (asked at `since`) at `now`.
    fn begin_wait(&mut self, t: ThreadId, since: u64, now: u64) -> Effect {
        let deadline = now + self.wait_ns();
        self.waiters.push(Waiter {
            thread: t,
            since,
            saved_switch: self.switch_number,
            deadline,
            state: Wait::Timed,
        });
        Effect::ArmTimer {
            thread: t,
            deadline_ns: deadline,
        }
    }

    /// The `_ready:` part of `take_gil`.
    fn take(&mut self, t: ThreadId, wait_ns: u64, fx: &mut Effects) {
        self.locked = true;
        if self.last_holder != Some(t) {
            self.last_holder = Some(t);
            self.switch_number += 1;
        }
        fx.push(Effect::Acquired { thread: t, wait_ns });
        // switch_cond is signalled on every take; its only possible waiter is another thread
        if let Some(w) = self.switch_waiter.take() {
            fx.push(Effect::ForcedSwitchDone { thread: w, by: t });
        }
        self.drop_request = false;
    }

    /// Back from a wait at `now` that did not get the GIL by itself: take it if it is free,
    /// else wait again.
    fn retry(&mut self, w: Waiter, now: u64, fx: &mut Effects) {
        if self.locked {
            let e = self.begin_wait(w.thread, w.since, now);
            fx.push(e);
        } else {
            self.take(w.thread, now - w.since, fx);
        }
    }

    fn assert_idle(&self, t: ThreadId) {
        assert!(
            !(self.locked && self.last_holder == Some(t)),
            "take_gil: thread {t} already holds the GIL"
        );
        assert!(
            self.find(t).is_none(),
            "take_gil: thread {t} already waits for the GIL"
        );
        assert!(
            self.switch_waiter != Some(t),
            "take_gil: thread {t} is still in drop_gil (FORCE_SWITCHING)"
        );
    }

    /// The thread a release signals: with none or one candidate there is nothing to choose
    /// (and no list to build: this runs at every release); with more, `choose` picks an index
    /// into them, oldest first.
    fn signalled(&self, choose: impl FnOnce(&[ThreadId]) -> Option<usize>) -> Option<ThreadId> {
        let mut timed = self.waiters.iter().filter(|w| w.state == Wait::Timed);
        let first = timed.next()?.thread;
        if timed.next().is_none() {
            return Some(first);
        }
        let c = self.candidates();
        choose(&c).map(|i| c[i])
    }

    /// `drop_gil` by `t`, signalling `chosen` (a candidate) if any.
    fn drop_gil(
        &mut self,
        t: ThreadId,
        reason: ReleaseReason,
        chosen: Option<ThreadId>,
    ) -> Effects {
        assert!(
            self.locked && self.last_holder == Some(t),
            "drop_gil: thread {t} does not hold the GIL (holder {:?})",
            self.holder()
        );
        self.locked = false;
        let mut fx = Effects::one(Effect::Released { thread: t, reason });
        if let Some(w) = chosen {
            let k = self.find(w).expect("a candidate is a waiter");
            self.waiters[k].state = Wait::Signalled;
            fx.push(Effect::CancelTimer { thread: w });
            fx.push(Effect::Wake { thread: w });
        }
        if self.drop_request && self.last_holder == Some(t) {
            self.drop_request = false;
            self.switch_waiter = Some(t);
        }
        fx
    }
}

impl Default for NewGil {
    fn default() -> Self {
        NewGil::new(DEFAULT_INTERVAL_NS)
    }
}

impl Gil for NewGil {
    fn kind(&self) -> GilKind {
        GilKind::New
    }

    fn set_interval(&mut self, ns: u64) {
        self.interval_ns = ns;
    }

    fn interval(&self) -> u64 {
        self.interval_ns
    }

    /// Takes the GIL at once (wait 0) if it is free, even if a signalled waiter is on its
    /// way; otherwise starts a timed wait of one interval.
    fn request(&mut self, t: ThreadId, now: u64) -> Effects {
        self.assert_idle(t);
        let mut fx = Effects::new();
        if self.locked {
            fx.push(self.begin_wait(t, now, now));
        } else {
            self.take(t, 0, &mut fx);
        }
        fx
    }

    /// Sets the drop request if the GIL is still locked and no switch happened during the
    /// wait, then takes the GIL if it is free or waits again. Ignored unless `t` is in a
    /// timed wait whose deadline is `now` or earlier.
    fn timeout(&mut self, t: ThreadId, now: u64) -> Effects {
        let Some(i) = self.find(t) else {
            return Effects::new();
        };
        let w = &self.waiters[i];
        if w.state != Wait::Timed || now < w.deadline {
            return Effects::new();
        }
        let w = self.waiters.remove(i);
        let mut fx = Effects::new();
        if self.locked && self.switch_number == w.saved_switch {
            self.drop_request = true;
            fx.push(Effect::DropRequestSet { by: t });
        }
        self.retry(w, now, &mut fx);
        fx
    }

    /// A signalled waiter (or one woken spuriously: its timer is then cancelled) takes the
    /// GIL if it is free, else starts a new timed wait. Ignored if `t` is not waiting.
    fn woken(&mut self, t: ThreadId, now: u64) -> Effects {
        let Some(i) = self.find(t) else {
            return Effects::new();
        };
        let w = self.waiters.remove(i);
        let mut fx = Effects::new();
        if w.state == Wait::Timed {
            fx.push(Effect::CancelTimer { thread: t });
        }
        self.retry(w, now, &mut fx);
        fx
    }

    fn release(&mut self, t: ThreadId, _now: u64, reason: ReleaseReason) -> Effects {
        let (order, mut rng) = (self.wake_order, self.rng);
        let chosen = self.signalled(|c| pick(order, &mut rng, c));
        self.rng = rng;
        self.drop_gil(t, reason, chosen)
    }

    fn release_with(
        &mut self,
        t: ThreadId,
        _now: u64,
        reason: ReleaseReason,
        choose: Chooser<'_>,
    ) -> Effects {
        let chosen = self.signalled(|c| pick_with(choose, c));
        self.drop_gil(t, reason, chosen)
    }

    fn drop_requested(&self) -> bool {
        self.drop_request
    }

    fn holder(&self) -> Option<ThreadId> {
        if self.locked {
            self.last_holder
        } else {
            None
        }
    }

    fn waiting(&self, t: ThreadId) -> bool {
        self.find(t).is_some()
    }

    fn in_forced_switch(&self, t: ThreadId) -> bool {
        self.switch_waiter == Some(t)
    }

    fn switch_number(&self) -> u64 {
        self.switch_number
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Effect::*;
    use ReleaseReason::*;

    const MS: u64 = 1_000_000;

    #[test]
    fn a_free_gil_is_taken_at_once() {
        let mut g = NewGil::new(5 * MS);
        assert_eq!(
            g.request(0, 7),
            vec![Acquired {
                thread: 0,
                wait_ns: 0
            }]
        );
        assert_eq!((g.holder(), g.switch_number()), (Some(0), 1));
        // released with nobody waiting and taken back by the same thread: no switch
        assert_eq!(
            g.release(0, 10, Blocking),
            vec![Released {
                thread: 0,
                reason: Blocking
            }]
        );
        assert_eq!(
            g.request(0, 20),
            vec![Acquired {
                thread: 0,
                wait_ns: 0
            }]
        );
        assert_eq!(g.switch_number(), 1);
    }

    #[test]
    fn a_timed_out_waiter_asks_for_a_drop_and_the_holder_waits_for_the_switch() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        assert_eq!(
            g.request(1, 0),
            vec![ArmTimer {
                thread: 1,
                deadline_ns: 5 * MS
            }]
        );
        assert_eq!(
            g.timeout(1, 5 * MS),
            vec![
                DropRequestSet { by: 1 },
                ArmTimer {
                    thread: 1,
                    deadline_ns: 10 * MS
                }
            ]
        );
        assert!(g.drop_requested());
        assert_eq!(g.poll(0, 1), Some(DropRequest));
        assert_eq!(g.poll(1, 1), None, "only the holder is asked");
        assert_eq!(
            g.release(0, 5 * MS + 300, DropRequest),
            vec![
                Released {
                    thread: 0,
                    reason: DropRequest
                },
                CancelTimer { thread: 1 },
                Wake { thread: 1 }
            ]
        );
        assert!(g.in_forced_switch(0) && !g.drop_requested());
        assert_eq!(
            g.woken(1, 5 * MS + 50_300),
            vec![
                Acquired {
                    thread: 1,
                    wait_ns: 5 * MS + 50_300
                },
                ForcedSwitchDone { thread: 0, by: 1 }
            ]
        );
        assert!(!g.in_forced_switch(0));
        assert_eq!(g.switch_number(), 2);
    }

    #[test]
    #[should_panic(expected = "FORCE_SWITCHING")]
    fn the_forced_switcher_may_not_ask_again_before_the_switch() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.request(1, 0);
        g.timeout(1, 5 * MS);
        g.release(0, 5 * MS, DropRequest);
        g.request(0, 5 * MS + 1);
    }

    #[test]
    fn no_drop_request_if_the_gil_changed_hands_during_the_wait() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.request(1, 0);
        g.request(2, MS);
        g.release(0, 2 * MS, Blocking); // signals 1 (FIFO)
        g.woken(1, 2 * MS + 50_000); // switch_number changes
        assert_eq!(
            g.timeout(1, 5 * MS),
            vec![],
            "1 is no longer waiting: stale timer"
        );
        // 2's wait began before the switch: it expires without asking for a drop
        assert_eq!(
            g.timeout(2, 6 * MS),
            vec![ArmTimer {
                thread: 2,
                deadline_ns: 11 * MS
            }]
        );
        assert!(!g.drop_requested());
        // the next expiry, with no switch since, does ask
        assert_eq!(g.timeout(2, 11 * MS)[0], DropRequestSet { by: 2 });
    }

    #[test]
    fn a_timed_out_waiter_takes_a_free_gil_before_the_signalled_one_runs() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.request(1, 0);
        g.request(2, 10);
        let fx = g.release_with(0, 4_999_990, Blocking, &mut |c: &[ThreadId]| {
            assert_eq!(c, &[1, 2]);
            1
        });
        assert_eq!(fx[2], Wake { thread: 2 });
        // 1 was not signalled; its wait expires with the GIL free: it takes it at once
        assert_eq!(
            g.timeout(1, 5 * MS),
            vec![Acquired {
                thread: 1,
                wait_ns: 5 * MS
            }]
        );
        // the signalled 2 finds it taken and waits again, a fresh interval
        assert_eq!(
            g.woken(2, 5 * MS + 40_000),
            vec![ArmTimer {
                thread: 2,
                deadline_ns: 10 * MS + 40_000
            }]
        );
        g.release(1, 6 * MS, Exit);
        assert_eq!(
            g.woken(2, 6 * MS + 50_000),
            vec![Acquired {
                thread: 2,
                wait_ns: 6 * MS + 49_990
            }]
        );
    }

    #[test]
    fn a_spurious_wake_up_restarts_the_interval() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.request(1, 0);
        assert_eq!(
            g.woken(1, 3 * MS),
            vec![
                CancelTimer { thread: 1 },
                ArmTimer {
                    thread: 1,
                    deadline_ns: 8 * MS
                }
            ]
        );
        assert_eq!(g.timeout(1, 5 * MS), vec![], "the old deadline is stale");
        assert!(!g.drop_requested());
        assert_eq!(g.timeout(1, 8 * MS)[0], DropRequestSet { by: 1 });
    }

    #[test]
    fn a_blocking_release_with_a_pending_request_is_forced_too() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.request(1, 0);
        g.timeout(1, 5 * MS);
        g.release(0, 5 * MS + 10, Blocking);
        assert!(g.in_forced_switch(0));
        // a third thread barges in: that is a switch too, and ends the forced wait
        let fx = g.request(2, 5 * MS + 20);
        assert_eq!(fx[1], ForcedSwitchDone { thread: 0, by: 2 });
    }

    #[test]
    fn a_release_without_a_pending_request_is_not_forced() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.request(1, 0);
        g.release(0, MS, Blocking);
        assert!(!g.in_forced_switch(0));
        // and the releaser may barge back before the signalled waiter runs
        assert_eq!(
            g.request(0, MS + 10_000),
            vec![Acquired {
                thread: 0,
                wait_ns: 0
            }]
        );
        assert_eq!(
            g.woken(1, MS + 50_000),
            vec![ArmTimer {
                thread: 1,
                deadline_ns: 6 * MS + 50_000
            }]
        );
        assert_eq!(g.switch_number(), 1);
    }

    #[test]
    fn a_signal_with_nobody_on_the_condvar_is_lost() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.request(1, 0);
        g.release(0, MS, Blocking); // signals 1
        g.request(0, MS + 1);
        // 1 is signalled but not yet running: this release signals nobody
        assert_eq!(
            g.release(0, MS + 2, Blocking),
            vec![Released {
                thread: 0,
                reason: Blocking
            }]
        );
        assert_eq!(
            g.woken(1, MS + 50_000)[0],
            Acquired {
                thread: 1,
                wait_ns: MS + 50_000
            }
        );
    }

    #[test]
    fn the_interval_applies_to_new_waits_and_is_at_least_one_microsecond() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.request(1, 0);
        g.set_interval(MS);
        assert_eq!(
            g.timeout(1, 5 * MS)[1],
            ArmTimer {
                thread: 1,
                deadline_ns: 6 * MS
            }
        );
        g.set_interval(0);
        assert_eq!(
            g.request(2, 7 * MS),
            vec![ArmTimer {
                thread: 2,
                deadline_ns: 7 * MS + 1_000
            }]
        );
    }

    #[test]
    fn wait_ns_counts_from_the_request_across_waits() {
        let mut g = NewGil::new(MS);
        g.request(0, 0);
        g.request(1, 100);
        g.timeout(1, MS + 100);
        g.timeout(1, 2 * MS + 100);
        g.release(0, 2 * MS + 200, DropRequest);
        assert_eq!(
            g.woken(1, 2 * MS + 300)[0],
            Acquired {
                thread: 1,
                wait_ns: 2 * MS + 200
            }
        );
    }

    #[test]
    fn random_wake_order_is_seeded() {
        let picks = |seed| {
            let mut g = NewGil::with_wake_order(5 * MS, WakeOrder::Random { seed });
            let mut out = vec![];
            for round in 0..20u64 {
                let now = round * 10 * MS;
                g.request(9, now);
                for t in 0..4 {
                    g.request(t, now);
                }
                let fx = g.release(9, now + 1, Blocking);
                let Some(Wake { thread }) = fx.last().cloned() else {
                    panic!()
                };
                out.push(thread);
                g.woken(thread, now + 2);
                g.release(thread, now + 3, Exit);
                for t in 0..4 {
                    if t != thread {
                        g.woken(t, now + 4);
                        g.release(t, now + 5, Exit);
                    }
                }
            }
            out
        };
        assert_eq!(picks(1), picks(1));
        assert_ne!(picks(1), picks(2));
        assert!(picks(1).iter().any(|&t| t != 0), "not always the oldest");
    }

    #[test]
    #[should_panic(expected = "does not hold the GIL")]
    fn releasing_a_gil_one_does_not_hold_panics() {
        let mut g = NewGil::new(5 * MS);
        g.request(0, 0);
        g.release(1, 1, Blocking);
    }
}

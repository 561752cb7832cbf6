//! Python 2's GIL (`--gil legacy`): a plain lock, no timed waits, no fairness.
//!
//! Every `check_interval` ticks (100 by default, `sys.setcheckinterval`; a tick is roughly a
//! bytecode instruction) the holder releases the lock and at once asks for it again (ceval's
//! `if (--_Py_Ticker < 0)` block); the release signals one waiter. The releaser is already
//! running and re-takes the lock within nanoseconds, while the signalled thread needs the OS
//! wake-up latency to run; so the releaser usually wins, and the woken thread, finding the
//! lock taken, goes back to sleep. That is the legacy GIL on a multicore machine: frequent
//! releases, few switches, CPU-bound threads that starve an I/O thread.
//!
//! Modelled so: a release ([`LegacyGil::release`]) frees the lock and signals one sleeping
//! waiter. The driver must call [`LegacyGil::request`] for a thread that released with
//! [`ReleaseReason::Interval`] right away, at the same `now`: the lock is free, so it wins.
//! A signalled waiter that runs ([`LegacyGil::woken`]) takes the lock if it is free; if not,
//! it loses the race, except that with probability [`LegacyGil::steal_chance`] (the chance of
//! landing in the few nanoseconds between the holder's release and its re-acquisition) it
//! wins it: it is then handed the lock at the holder's next release of any kind. The chance is
//! a modelling assumption, not a measurement. Waiters have no timers and the holder is never
//! asked to let go, so [`Gil::drop_requested`] is always false: drive this GIL with
//! [`Gil::poll`]. The tick counter is global, as `_Py_Ticker` was.

use super::{
    pick, pick_with, Chooser, Effect, Effects, Gil, GilKind, ReleaseReason, SplitMix64, ThreadId,
    WakeOrder,
};

/// Python 2's default check interval: 100 ticks.
pub const DEFAULT_CHECK_INTERVAL: u64 = 100;

/// The default chance that a woken waiter wins the lock from a CPU-bound holder.
pub const DEFAULT_STEAL_CHANCE: f64 = 0.02;

/// A thread waiting for the lock.
#[derive(Clone, Debug)]
struct Waiter {
    thread: ThreadId,
    since: u64,
    /// Signalled and not yet running, or winning the race (`steal`): not signalled again.
    signalled: bool,
}

/// Python 2's GIL. See the module documentation.
#[derive(Clone, Debug)]
pub struct LegacyGil {
    holder: Option<ThreadId>,
    last_holder: Option<ThreadId>,
    switch_number: u64,
    waiters: Vec<Waiter>,
    check_interval: u64,
    /// Ticks left before the next periodic release.
    ticker: u64,
    steal_chance: f64,
    /// A woken waiter that won the race: it gets the lock at the next release.
    steal: Option<ThreadId>,
    interval_ns: u64,
    wake_order: WakeOrder,
    rng: SplitMix64,
}

impl LegacyGil {
    /// A free lock released every `check_interval` ticks, waking waiters in FIFO order.
    pub fn new(check_interval: u64) -> Self {
        Self::with_wake_order(check_interval, WakeOrder::Fifo)
    }

    /// A free lock released every `check_interval` ticks, waking waiters in `order` (whose
    /// seed also drives the race).
    pub fn with_wake_order(check_interval: u64, order: WakeOrder) -> Self {
        let seed = match order {
            WakeOrder::Random { seed } => seed,
            WakeOrder::Fifo => 0,
        };
        let check_interval = check_interval.max(1);
        LegacyGil {
            holder: None,
            last_holder: None,
            switch_number: 0,
            waiters: Vec::new(),
            check_interval,
            ticker: check_interval,
            steal_chance: DEFAULT_STEAL_CHANCE,
            steal: None,
            interval_ns: super::new::DEFAULT_INTERVAL_NS,
            wake_order: order,
            rng: SplitMix64::new(seed),
        }
    }

    /// The chance that a woken waiter wins the lock from its holder.
    pub fn steal_chance(&self) -> f64 {
        self.steal_chance
    }

    /// Set the chance that a woken waiter wins the lock (0 = the releaser always wins).
    pub fn set_steal_chance(&mut self, p: f64) {
        self.steal_chance = p.clamp(0.0, 1.0);
    }

    /// The ticks between periodic releases.
    pub fn check_interval(&self) -> u64 {
        self.check_interval
    }

    fn find(&self, t: ThreadId) -> Option<usize> {
        self.waiters.iter().position(|w| w.thread == t)
    }

    fn take(&mut self, t: ThreadId, wait_ns: u64) -> Effect {
        self.holder = Some(t);
        if self.last_holder != Some(t) {
            self.last_holder = Some(t);
            self.switch_number += 1;
        }
        Effect::Acquired { thread: t, wait_ns }
    }

    fn candidates(&self) -> Vec<ThreadId> {
        self.waiters
            .iter()
            .filter(|w| !w.signalled)
            .map(|w| w.thread)
            .collect()
    }

    fn unlock(
        &mut self,
        t: ThreadId,
        now: u64,
        reason: ReleaseReason,
        candidates: &[ThreadId],
        chosen: Option<usize>,
    ) -> Effects {
        assert_eq!(
            self.holder,
            Some(t),
            "release: thread {t} does not hold the GIL"
        );
        self.holder = None;
        let mut fx = Effects::one(Effect::Released { thread: t, reason });
        if let Some(w) = self.steal.take() {
            let k = self.find(w).expect("the winner of the race waits");
            let since = self.waiters.remove(k).since;
            fx.push(self.take(w, now - since));
        } else if let Some(i) = chosen {
            let w = candidates[i];
            let k = self.find(w).expect("a candidate waits");
            self.waiters[k].signalled = true;
            fx.push(Effect::Wake { thread: w });
        }
        fx
    }
}

impl Default for LegacyGil {
    fn default() -> Self {
        LegacyGil::new(DEFAULT_CHECK_INTERVAL)
    }
}

impl Gil for LegacyGil {
    fn kind(&self) -> GilKind {
        GilKind::Legacy
    }

    /// Recorded only: Python 2 had no switch interval.
    fn set_interval(&mut self, ns: u64) {
        self.interval_ns = ns;
    }

    fn interval(&self) -> u64 {
        self.interval_ns
    }

    fn set_check_interval(&mut self, ticks: u64) {
        self.check_interval = ticks.max(1);
        self.ticker = self.ticker.min(self.check_interval);
    }

    /// Takes the lock at once if it is free; otherwise sleeps (no timer).
    fn request(&mut self, t: ThreadId, now: u64) -> Effects {
        assert!(
            self.holder != Some(t),
            "acquire: thread {t} already holds the GIL"
        );
        assert!(
            self.find(t).is_none(),
            "acquire: thread {t} already waits for the GIL"
        );
        if self.holder.is_none() {
            return Effects::one(self.take(t, 0));
        }
        self.waiters.push(Waiter {
            thread: t,
            since: now,
            signalled: false,
        });
        Effects::new()
    }

    /// There are no timed waits: always nothing.
    fn timeout(&mut self, _t: ThreadId, _now: u64) -> Effects {
        Effects::new()
    }

    /// Takes the lock if it is free; else usually sleeps again, or wins the next release.
    fn woken(&mut self, t: ThreadId, now: u64) -> Effects {
        let Some(i) = self.find(t) else {
            return Effects::new();
        };
        if self.steal == Some(t) {
            return Effects::new();
        }
        if self.holder.is_none() {
            let since = self.waiters.remove(i).since;
            return Effects::one(self.take(t, now - since));
        }
        let wins = self.steal.is_none() && self.rng.chance(self.steal_chance);
        if wins {
            self.steal = Some(t);
        }
        self.waiters[i].signalled = wins;
        Effects::new()
    }

    fn release(&mut self, t: ThreadId, now: u64, reason: ReleaseReason) -> Effects {
        let c = self.candidates();
        let chosen = pick(self.wake_order, &mut self.rng, &c);
        self.unlock(t, now, reason, &c, chosen)
    }

    fn release_with(
        &mut self,
        t: ThreadId,
        now: u64,
        reason: ReleaseReason,
        choose: Chooser<'_>,
    ) -> Effects {
        let c = self.candidates();
        let chosen = pick_with(choose, &c);
        self.unlock(t, now, reason, &c, chosen)
    }

    fn drop_requested(&self) -> bool {
        false
    }

    /// Counts down the global ticker; when it runs out it starts again, and the holder must
    /// release with [`ReleaseReason::Interval`] (and request again at once) if any thread
    /// waits; with none, the release and re-take would be invisible, so it is skipped.
    fn poll(&mut self, t: ThreadId, ticks: u64) -> Option<ReleaseReason> {
        if self.holder != Some(t) {
            return None;
        }
        if ticks < self.ticker {
            self.ticker -= ticks;
            return None;
        }
        self.ticker = self.check_interval;
        (!self.waiters.is_empty()).then_some(ReleaseReason::Interval)
    }

    fn holder(&self) -> Option<ThreadId> {
        self.holder
    }

    fn waiting(&self, t: ThreadId) -> bool {
        self.find(t).is_some()
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

    #[test]
    fn the_releaser_wins_unless_the_waiter_steals() {
        let mut g = LegacyGil::new(100);
        g.set_steal_chance(0.0);
        assert_eq!(
            g.request(0, 0),
            vec![Acquired {
                thread: 0,
                wait_ns: 0
            }]
        );
        assert_eq!(g.request(1, 0), vec![]);
        assert_eq!(g.poll(0, 60), None);
        assert_eq!(g.poll(0, 60), Some(Interval));
        assert_eq!(
            g.release(0, 10, Interval),
            vec![
                Released {
                    thread: 0,
                    reason: Interval
                },
                Wake { thread: 1 }
            ]
        );
        assert_eq!(
            g.request(0, 10),
            vec![Acquired {
                thread: 0,
                wait_ns: 0
            }]
        );
        assert_eq!(g.woken(1, 60), vec![], "lost the race: back to sleep");
        assert!(g.waiting(1));
        // with a sure steal, the waiter gets the lock at the next release
        g.set_steal_chance(1.0);
        g.release(0, 70, Interval);
        g.request(0, 70);
        assert_eq!(g.woken(1, 120), vec![]);
        assert_eq!(
            g.release(0, 130, Interval),
            vec![
                Released {
                    thread: 0,
                    reason: Interval
                },
                Acquired {
                    thread: 1,
                    wait_ns: 130
                }
            ]
        );
        assert_eq!(g.request(0, 130), vec![]);
        assert_eq!((g.holder(), g.switch_number()), (Some(1), 2));
    }

    #[test]
    fn no_periodic_release_without_waiters_and_blocking_frees_the_lock() {
        let mut g = LegacyGil::default();
        g.request(0, 0);
        assert_eq!(g.poll(0, 1_000), None);
        assert!(!g.drop_requested());
        g.request(1, 5);
        assert_eq!(g.release(0, 9, Blocking)[1], Wake { thread: 1 });
        assert_eq!(
            g.woken(1, 59),
            vec![Acquired {
                thread: 1,
                wait_ns: 54
            }]
        );
        assert_eq!(g.timeout(1, 1_000_000), vec![]);
    }
}

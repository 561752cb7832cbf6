//! The global interpreter lock, as pure state machines that the clocks drive.
//!
//! Three designs sit behind one trait, [`Gil`], so a driver switches with `--gil`:
//!
//! - [`NewGil`] (`new`): CPython 3.2–3.12's `Python/ceval_gil.c`: waiters do timed waits of one
//!   switch interval; a waiter whose wait times out with no switch in the meantime sets
//!   `gil_drop_request`; `drop_gil` signals one waiter; a holder that drops on request waits
//!   until another thread has taken the GIL (FORCE_SWITCHING). DESIGN.md §3.
//! - [`LegacyGil`] (`legacy`): Python 2's lock: the holder lets go and takes it back every
//!   `check_interval` ticks, with no fairness, so the releasing thread usually wins.
//! - [`NoGil`] (`none`): free-threaded 3.13t: every request succeeds at once.
//!
//! # The protocol between a GIL and its driver
//!
//! The state machines know nothing of clocks, threads or condition variables: every input is a
//! method call carrying the current time in nanoseconds (virtual or real), and every output is
//! a list of [`Effect`]s, in order, that the driver carries out or records. The same code thus
//! serves the virtual clock (one OS thread, simulated time) and the real one (OS threads, each
//! parked on its own condition variable, the state machine behind a mutex).
//!
//! - A thread asks with [`Gil::request`]. If the result holds no [`Effect::Acquired`] for it,
//!   the thread is blocked until a later call's effects say it acquired.
//! - [`Effect::ArmTimer`]: call [`Gil::timeout`] for that thread when the deadline passes (the
//!   driver may add its OS timer slack). A thread has at most one timer: a new `ArmTimer`
//!   replaces the previous one, and [`Effect::CancelTimer`] drops it. A timeout that arrives
//!   for a thread not in a timed wait, or before its current deadline, is ignored, but a driver
//!   should still honour `CancelTimer`: a stale timer that fires after the current deadline
//!   would end the current wait early.
//! - [`Effect::Wake`]: the thread was signalled; once the OS has scheduled it (the wake-up
//!   latency), call [`Gil::woken`]. The same call reports a spurious wake-up.
//! - The holder calls [`Gil::poll`] at eval-breaker points (or reads
//!   [`Gil::drop_requested`]) and releases with the reason returned.
//! - [`Gil::release`] is `drop_gil`. Afterwards, if [`Gil::in_forced_switch`] says so, the
//!   releasing thread is blocked (FORCE_SWITCHING) until an [`Effect::ForcedSwitchDone`] names
//!   it; only then may it go on (finish its blocking call, exit, or request the GIL again).
//!
//! Which waiter a release signals: each design has a [`WakeOrder`] (its own seeded
//! [`SplitMix64`] for `Random`), used by [`Gil::release`]; a driver that wants its own RNG to
//! decide calls [`Gil::release_with`] and picks among the candidates itself.
//!
//! Misuse by the driver (releasing a GIL the thread does not hold, requesting it twice) is a
//! bug in the driver and panics, as `drop_gil` calls `Py_FatalError`.

mod effects;
mod legacy;
mod new;
mod none;

#[cfg(test)]
mod tests;

pub use self::effects::Effects;
pub use self::legacy::{LegacyGil, DEFAULT_CHECK_INTERVAL, DEFAULT_STEAL_CHANCE};
pub use self::new::{NewGil, DEFAULT_INTERVAL_NS};
pub use self::none::NoGil;
pub use crate::trace::event::ReleaseReason;

use std::fmt;

/// A thread's id within a run (the trace's `thread`).
pub type ThreadId = u32;

/// What the driver must do or record, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `thread` now holds the GIL (the driver resumes it); it asked `wait_ns` ago.
    Acquired { thread: ThreadId, wait_ns: u64 },
    /// `thread` let go of the GIL (a `gil_release` trace event).
    Released {
        thread: ThreadId,
        reason: ReleaseReason,
    },
    /// A waiter's timed wait expired with the GIL still held and no switch since the wait
    /// began, so it set `gil_drop_request` (a `drop_request` trace event). Emitted each time a
    /// waiter sets it, even if another waiter already had.
    DropRequestSet { by: ThreadId },
    /// Call [`Gil::timeout`] for `thread` at `deadline_ns` (plus timer slack) unless
    /// cancelled; replaces any timer `thread` had.
    ArmTimer { thread: ThreadId, deadline_ns: u64 },
    /// Drop `thread`'s pending timer.
    CancelTimer { thread: ThreadId },
    /// A signal was delivered to `thread`: call [`Gil::woken`] once the OS has run it.
    Wake { thread: ThreadId },
    /// FORCE_SWITCHING is over for `thread`: `by` took the GIL, so `thread` returns from
    /// `drop_gil` and may go on.
    ForcedSwitchDone { thread: ThreadId, by: ThreadId },
}

/// Whether `effects` say that `t` acquired the GIL.
pub fn acquired(effects: &[Effect], t: ThreadId) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::Acquired { thread, .. } if *thread == t))
}

/// The GIL designs `--gil` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GilKind {
    /// CPython 3.2–3.12 (`new`).
    New,
    /// Python 2 (`legacy`).
    Legacy,
    /// Free-threaded, no GIL (`none`).
    None,
}

impl GilKind {
    /// The name used on the command line and in the trace header.
    pub fn as_str(self) -> &'static str {
        match self {
            GilKind::New => "new",
            GilKind::Legacy => "legacy",
            GilKind::None => "none",
        }
    }

    /// Parse a `--gil` value.
    pub fn parse(s: &str) -> Option<GilKind> {
        Some(match s {
            "new" => GilKind::New,
            "legacy" => GilKind::Legacy,
            "none" => GilKind::None,
            _ => return None,
        })
    }
}

impl fmt::Display for GilKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which of several waiters a release signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WakeOrder {
    /// The one that has waited longest on the condition variable (started its current wait
    /// first).
    Fifo,
    /// Uniformly at random, from the GIL's own RNG seeded with `seed`: which thread an OS
    /// wakes is not something a program can count on, and on CPython 3.11 four CPU-bound
    /// threads do not take turns round-robin.
    Random {
        /// The seed of the GIL's RNG (the run's `--seed`).
        seed: u64,
    },
}

/// Picks one of the candidates (given in [`WakeOrder::Fifo`] order) by index; only consulted
/// when there are two or more. An index past the end is clamped to the last.
pub type Chooser<'a> = &'a mut dyn FnMut(&[ThreadId]) -> usize;

/// A GIL design, as a state machine: see the module documentation for the protocol.
pub trait Gil: Send + fmt::Debug {
    /// Which design this is.
    fn kind(&self) -> GilKind;

    /// `sys.setswitchinterval`, in nanoseconds; waits that have begun keep their deadline.
    /// Only the new GIL uses it.
    fn set_interval(&mut self, ns: u64);

    /// The switch interval, in nanoseconds.
    fn interval(&self) -> u64;

    /// `sys.setcheckinterval`: ticks between the legacy GIL's periodic releases. Others ignore it.
    fn set_check_interval(&mut self, _ticks: u64) {}

    /// `take_gil` entry: `t` wants the GIL at `now`.
    fn request(&mut self, t: ThreadId, now: u64) -> Effects;

    /// `t`'s timed wait expired at `now`.
    fn timeout(&mut self, t: ThreadId, now: u64) -> Effects;

    /// `t`, signalled (or woken spuriously), got the CPU at `now`.
    fn woken(&mut self, t: ThreadId, now: u64) -> Effects;

    /// `drop_gil`: the holder `t` lets go, signalling a waiter chosen by the design's
    /// [`WakeOrder`].
    fn release(&mut self, t: ThreadId, now: u64, reason: ReleaseReason) -> Effects;

    /// As [`Gil::release`], but `choose` picks the waiter to signal.
    fn release_with(
        &mut self,
        t: ThreadId,
        now: u64,
        reason: ReleaseReason,
        choose: Chooser<'_>,
    ) -> Effects;

    /// `gil_drop_request`: another thread asked the holder to let go.
    fn drop_requested(&self) -> bool;

    /// The holder `t` is at an eval-breaker point, having run `ticks` bytecode instructions
    /// since its previous poll: the reason to release now, if it must. The new GIL answers
    /// from `gil_drop_request`; the legacy one counts ticks.
    fn poll(&mut self, t: ThreadId, _ticks: u64) -> Option<ReleaseReason> {
        (self.drop_requested() && self.holder() == Some(t)).then_some(ReleaseReason::DropRequest)
    }

    /// The thread holding the GIL, if one does (always `None` without a GIL).
    fn holder(&self) -> Option<ThreadId>;

    /// Whether `t` holds the GIL (or, without a GIL, is running).
    fn holds(&self, t: ThreadId) -> bool {
        self.holder() == Some(t)
    }

    /// Whether `t` waits for the GIL (asked and not yet got it).
    fn waiting(&self, t: ThreadId) -> bool;

    /// Whether `t` released on request and waits for another thread to take the GIL.
    fn in_forced_switch(&self, _t: ThreadId) -> bool {
        false
    }

    /// How many times the GIL passed to a different thread.
    fn switch_number(&self) -> u64;
}

/// The GIL design `kind` ("new", "legacy" or "none"), waking waiters at random from `seed`.
///
/// # Panics
/// On an unknown `kind`; [`try_make`] returns `None` instead.
pub fn make(kind: &str, interval_ns: u64, seed: u64) -> Box<dyn Gil> {
    try_make(kind, interval_ns, seed)
        .unwrap_or_else(|| panic!("unknown GIL design {kind:?} (new, legacy or none)"))
}

/// The GIL design `kind`, or `None` if there is no such design.
pub fn try_make(kind: &str, interval_ns: u64, seed: u64) -> Option<Box<dyn Gil>> {
    let order = WakeOrder::Random { seed };
    Some(match GilKind::parse(kind)? {
        GilKind::New => Box::new(NewGil::with_wake_order(interval_ns, order)),
        GilKind::Legacy => Box::new(LegacyGil::with_wake_order(DEFAULT_CHECK_INTERVAL, order)),
        GilKind::None => Box::new(NoGil::new()),
    })
}

/// A small, fast, seedable RNG (SplitMix64) whose stream never changes with a dependency's
/// version, so seeded runs stay byte-identical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// An RNG seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }
}

/// Pick a candidate's index under `order` (`rng` for `Random`); `None` if there are none.
/// The RNG is drawn from only when there is a real choice.
fn pick(order: WakeOrder, rng: &mut SplitMix64, candidates: &[ThreadId]) -> Option<usize> {
    match candidates.len() {
        0 => None,
        1 => Some(0),
        n => Some(match order {
            WakeOrder::Fifo => 0,
            WakeOrder::Random { .. } => rng.below(n),
        }),
    }
}

/// Pick with a driver's chooser, clamped to the candidates.
fn pick_with(choose: Chooser<'_>, candidates: &[ThreadId]) -> Option<usize> {
    match candidates.len() {
        0 => None,
        1 => Some(0),
        n => Some(choose(candidates).min(n - 1)),
    }
}

//! No GIL (`--gil none`), as in free-threaded CPython 3.13t: there is no lock, every request
//! succeeds at once with a wait of 0, and any number of threads run Python together; how many
//! run at the same moment is the driver's business (`--cores`). The acquire and release
//! effects remain so that a trace still shows when each thread was running Python.

use super::{Chooser, Effect, Effects, Gil, GilKind, ReleaseReason, ThreadId};

/// The absent GIL. See the module documentation.
#[derive(Clone, Debug, Default)]
pub struct NoGil {
    /// The threads running Python, in the order they started.
    running: Vec<ThreadId>,
    interval_ns: u64,
}

impl NoGil {
    /// No lock at all.
    pub fn new() -> Self {
        NoGil {
            running: Vec::new(),
            interval_ns: super::new::DEFAULT_INTERVAL_NS,
        }
    }

    /// The threads running Python now.
    pub fn running(&self) -> &[ThreadId] {
        &self.running
    }
}

impl Gil for NoGil {
    fn kind(&self) -> GilKind {
        GilKind::None
    }

    /// Recorded only (`sys.getswitchinterval` still answers).
    fn set_interval(&mut self, ns: u64) {
        self.interval_ns = ns;
    }

    fn interval(&self) -> u64 {
        self.interval_ns
    }

    /// Always succeeds at once.
    fn request(&mut self, t: ThreadId, _now: u64) -> Effects {
        assert!(
            !self.running.contains(&t),
            "acquire: thread {t} is already running"
        );
        self.running.push(t);
        Effects::one(Effect::Acquired {
            thread: t,
            wait_ns: 0,
        })
    }

    fn timeout(&mut self, _t: ThreadId, _now: u64) -> Effects {
        Effects::new()
    }

    fn woken(&mut self, _t: ThreadId, _now: u64) -> Effects {
        Effects::new()
    }

    fn release(&mut self, t: ThreadId, _now: u64, reason: ReleaseReason) -> Effects {
        let i = self.running.iter().position(|&r| r == t);
        let i = i.unwrap_or_else(|| panic!("release: thread {t} is not running"));
        self.running.remove(i);
        Effects::one(Effect::Released { thread: t, reason })
    }

    fn release_with(
        &mut self,
        t: ThreadId,
        now: u64,
        reason: ReleaseReason,
        _choose: Chooser<'_>,
    ) -> Effects {
        self.release(t, now, reason)
    }

    fn drop_requested(&self) -> bool {
        false
    }

    fn poll(&mut self, _t: ThreadId, _ticks: u64) -> Option<ReleaseReason> {
        None
    }

    /// Always `None`: nobody holds a lock that does not exist; see [`Gil::holds`].
    fn holder(&self) -> Option<ThreadId> {
        None
    }

    fn holds(&self, t: ThreadId) -> bool {
        self.running.contains(&t)
    }

    fn waiting(&self, _t: ThreadId) -> bool {
        false
    }

    fn switch_number(&self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Effect::*;

    #[test]
    fn every_request_succeeds_at_once() {
        let mut g = NoGil::new();
        assert_eq!(
            g.request(0, 0),
            vec![Acquired {
                thread: 0,
                wait_ns: 0
            }]
        );
        assert_eq!(
            g.request(1, 0),
            vec![Acquired {
                thread: 1,
                wait_ns: 0
            }]
        );
        assert!(g.holds(0) && g.holds(1) && g.holder().is_none());
        assert_eq!(g.poll(0, 1_000_000), None);
        let r = ReleaseReason::Exit;
        assert_eq!(
            g.release(0, 5, r),
            vec![Released {
                thread: 0,
                reason: r
            }]
        );
        assert!(!g.holds(0));
    }
}

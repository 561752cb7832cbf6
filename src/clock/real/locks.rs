//! `_thread` locks on the real clock: each a `parking_lot` mutex and condition variable, so a
//! thread that has to wait parks its OS thread (the GIL released around it, by the caller)
//! until a release or its timeout. `threading`'s Event, Condition, Semaphore, Barrier, join
//! and `queue` are all built on these.
//!
//! A release wakes one waiter, which then competes for the lock with any thread that asks in
//! between (no hand-off), as CPython's locks on POSIX semaphores do.
//!
//! The lock table also keeps a progress counter, bumped whenever a lock is released or a
//! thread starts or stops waiting for one: the deadlock watchdog trusts a snapshot of who
//! waits for what only if the counter did not move while it looked.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex, RwLock};

use crate::gil::ThreadId;

/// One `_thread.lock`.
pub struct RealLock {
    state: Mutex<LockState>,
    cond: Condvar,
}

struct LockState {
    locked: bool,
    /// The threads waiting for it, and whether each wait has a timeout.
    waiters: Vec<(ThreadId, bool)>,
}

/// Every lock of the run, by id.
#[derive(Default)]
pub struct Locks {
    table: RwLock<Vec<Arc<RealLock>>>,
    progress: AtomicU64,
}

impl Locks {
    /// No locks yet.
    pub fn new() -> Locks {
        Locks::default()
    }

    /// A new unlocked lock: its id.
    pub fn allocate(&self) -> u32 {
        let mut t = self.table.write();
        t.push(Arc::new(RealLock {
            state: Mutex::new(LockState {
                locked: false,
                waiters: Vec::new(),
            }),
            cond: Condvar::new(),
        }));
        t.len() as u32 - 1
    }

    /// Lock `id`. Ids come only from [`Locks::allocate`]; any other is a driver bug.
    pub fn get(&self, id: u32) -> Arc<RealLock> {
        self.table.read()[id as usize].clone()
    }

    fn bump(&self) {
        self.progress.fetch_add(1, Ordering::SeqCst);
    }

    /// The progress counter (see the module documentation).
    pub fn progress(&self) -> u64 {
        self.progress.load(Ordering::SeqCst)
    }

    /// Takes lock `id` if it is free, without waiting.
    pub fn try_acquire(&self, id: u32) -> bool {
        let lock = &self.table.read()[id as usize];
        let mut s = lock.state.lock();
        !std::mem::replace(&mut s.locked, true)
    }

    /// Whether lock `id` is held.
    pub fn locked(&self, id: u32) -> bool {
        self.table.read()[id as usize].state.lock().locked
    }

    /// Releases lock `id` and wakes one waiter, if any.
    pub fn release(&self, id: u32) {
        let lock = &self.table.read()[id as usize];
        let mut s = lock.state.lock();
        s.locked = false;
        self.bump();
        if !s.waiters.is_empty() {
            lock.cond.notify_one();
        }
    }

    /// Parks the calling OS thread (`thread`, which must not hold the GIL) until it takes
    /// `lock`, or until `timeout` passes: whether it took it. A timeout too long to
    /// represent waits for ever. Once `dead` is set (the thread's process has ended), a
    /// wake-up leaves without the lock, handing the wake-up on to another waiter.
    pub fn wait_acquire(
        &self,
        lock: &RealLock,
        thread: ThreadId,
        timeout: Option<Duration>,
        dead: &AtomicBool,
    ) -> bool {
        let until = timeout.and_then(|d| Instant::now().checked_add(d));
        let mut s = lock.state.lock();
        s.waiters.push((thread, until.is_some()));
        self.bump();
        let got = loop {
            if dead.load(Ordering::SeqCst) {
                if !s.locked && s.waiters.len() > 1 {
                    lock.cond.notify_one();
                }
                break false;
            }
            if !s.locked {
                s.locked = true;
                break true;
            }
            match until {
                None => lock.cond.wait(&mut s),
                Some(at) => {
                    if lock.cond.wait_until(&mut s, at).timed_out() {
                        break !std::mem::replace(&mut s.locked, true);
                    }
                }
            }
        };
        if let Some(i) = s.waiters.iter().position(|w| w.0 == thread) {
            s.waiters.swap_remove(i);
        }
        self.bump();
        got
    }

    /// Whether `thread` waits for lock `id` with no timeout while the lock is held: only
    /// another thread's release can let it go on.
    pub fn parked_for_good(&self, id: u32, thread: ThreadId) -> bool {
        let Some(lock) = self.table.read().get(id as usize).cloned() else {
            return false;
        };
        let s = lock.state.lock();
        s.locked && s.waiters.iter().any(|&(t, timed)| t == thread && !timed)
    }
}

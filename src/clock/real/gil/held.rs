//! The guard types of the real GIL: [`GilHeld`], the proof that an OS thread holds its
//! process's GIL (and what it does with it: eval-breaker checks, blocking calls), and
//! [`Detached`], Python objects on their way to another OS thread. See the parent module on
//! who may touch Python objects.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::{BlockingCall, RealGil};
use crate::gil::{ThreadId, DEFAULT_CHECK_INTERVAL};
use crate::trace::event::{EventKind, ReleaseReason};

/// The proof that the current OS thread holds the GIL: only [`RealGil::take_gil`] makes one,
/// and it cannot leave its OS thread. Everything that touches Python objects happens while
/// one exists and is not lent to [`GilHeld::allow_threads`]. Dropping it is the thread's end
/// (`drop_gil` with `reason: "exit"`, `thread_end`), so drop it after every Python object
/// the thread owns; during a panic it keeps the GIL, so nothing else runs while the process
/// goes down.
pub struct GilHeld {
    gil: Arc<RealGil>,
    thread: ThreadId,
    _not_send: PhantomData<*const ()>,
}

impl GilHeld {
    /// The proof for thread `t`, which has just taken `gil`.
    pub(super) fn new(gil: Arc<RealGil>, thread: ThreadId) -> GilHeld {
        GilHeld {
            gil,
            thread,
            _not_send: PhantomData,
        }
    }

    /// The thread holding the GIL.
    pub fn thread(&self) -> ThreadId {
        self.thread
    }

    /// The GIL it holds.
    pub fn gil(&self) -> &Arc<RealGil> {
        &self.gil
    }

    /// The eval-breaker check: if a drop request is pending (or the run is over), let go
    /// and take the GIL back, as CPython's `eval_frame_handle_pending` does.
    #[inline]
    pub fn eval_breaker(&mut self) {
        if self.gil.poll_always || self.gil.breaker.load(Ordering::Relaxed) {
            self.handle_breaker();
        }
    }

    /// Whether the holder is asked to let go (or the run is over): what a long stretch of
    /// work with no eval-breaker check of its own (pacing's spin) looks at to stop early.
    #[inline]
    pub fn breaker_set(&self) -> bool {
        self.gil.breaker.load(Ordering::Relaxed)
    }

    /// Whether the process has ended (Ctrl-C, `--max-time`, a kill): what even a spin that
    /// ignores drop requests stops for.
    #[inline]
    pub fn process_ended(&self) -> bool {
        self.gil.dead.load(Ordering::Relaxed)
    }

    #[cold]
    fn handle_breaker(&mut self) {
        let t = self.thread;
        let g = &*self.gil;
        let mut core = g.core.lock();
        if core.end.is_some() {
            g.park_for_good(&mut core, t);
        }
        let ticks = if g.poll_always {
            DEFAULT_CHECK_INTERVAL
        } else {
            1
        };
        if let Some(reason) = core.gil.poll(t, ticks) {
            g.release(&mut core, t, reason, None);
            g.acquire(&mut core, t, None);
            drop(core);
            g.pump();
        }
    }

    /// `Py_BEGIN_ALLOW_THREADS` … `Py_END_ALLOW_THREADS`: release the GIL, run `f` (which,
    /// being `Send`, cannot reach Python objects), take the GIL back. The call's events
    /// bracket the release.
    pub fn allow_threads<R: Send>(
        &mut self,
        call: BlockingCall,
        f: impl FnOnce() -> R + Send,
    ) -> R {
        let t = self.thread;
        let g = &*self.gil;
        // the events are made only if anyone keeps them
        let before = g.recording.then(|| match &call {
            BlockingCall::Io { call, ns } => EventKind::IoBegin {
                call: call.to_string(),
                dur_ns: Some(*ns),
            },
            BlockingCall::LockWait(b) => EventKind::Block {
                what: b.what.clone(),
                line: b.line,
            },
        });
        let io_call = match call {
            BlockingCall::Io { call, .. } => Some(call),
            BlockingCall::LockWait(_) => None,
        };
        {
            let mut core = g.core.lock();
            if let BlockingCall::LockWait(b) = call {
                core.slot(t).blocked = Some(b);
            }
            g.release(&mut core, t, ReleaseReason::Blocking, before);
        }
        let r = f();
        // the trace is written on this thread's time, after the hand-off, not on the next
        // holder's (nor in the way of its waking up)
        g.pump();
        // made now, not on the way to the hand-off
        let after = g.recording.then(|| {
            if let Some(call) = io_call {
                EventKind::IoEnd {
                    call: call.to_string(),
                }
            } else {
                EventKind::Unblock
            }
        });
        let mut core = g.core.lock();
        core.slot(t).blocked = None;
        g.acquire(&mut core, t, after);
        r
    }

    /// `sys.setswitchinterval`.
    pub fn set_interval(&mut self, ns: u64) {
        self.gil.set_interval(ns);
    }

    /// Records `kind` for this thread now (a message between processes, a future's state).
    pub fn note(&mut self, kind: EventKind) {
        self.gil.note(self.thread, kind);
    }

    /// After [`RealGil::kill`] of this thread's own process (`os._exit`): it never runs Python
    /// again; the process exits once it has parked.
    pub fn park_now(&mut self) -> ! {
        let mut core = self.gil.core.lock();
        self.gil.park_for_good(&mut core, self.thread)
    }

    /// The thread's name changed (a new `thread_start` event gives it).
    pub fn rename(&mut self, name: &str) {
        let mut core = self.gil.core.lock();
        core.slot(self.thread).name = name.to_string();
        let kind = EventKind::ThreadStart {
            name: name.to_string(),
        };
        let now = self.gil.now();
        self.gil.emit(&mut core, now, self.thread, || kind);
        drop(core);
        self.gil.pump();
    }
}

impl Drop for GilHeld {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let (t, g) = (self.thread, &*self.gil);
        let mut core = g.core.lock();
        g.release(&mut core, t, ReleaseReason::Exit, None);
        if core.main == Some(t) {
            // the main thread's end is the process's: nobody takes the GIL after it
            let code = core.main_exit;
            g.end_process(&mut core, Ok(code));
        }
        drop(core);
        g.pump();
    }
}

/// Python objects on their way to another OS thread (a new thread's function and arguments,
/// the interpreter it runs on). Only a thread holding the GIL can pack or open one, so the
/// objects are only ever touched under the GIL. Dropped unopened, it leaks its contents
/// rather than touch them from a thread that may not hold the GIL.
pub struct Detached<T>(ManuallyDrop<T>);

// SAFETY: a `Detached` is packed and opened only with a `GilHeld` (or, for `new_unchecked`,
// before any other thread can reach the heap), and is never dropped with its contents, so the
// `Rc`s inside are only ever touched by the one thread holding the GIL, and the GIL's mutex
// orders those touches.
unsafe impl<T> Send for Detached<T> {}

impl<T> Detached<T> {
    /// Packs `value` for another OS thread.
    pub fn new(value: T, _held: &GilHeld) -> Detached<T> {
        Detached(ManuallyDrop::new(value))
    }

    /// Packs `value` when no GIL exists yet.
    ///
    /// # Safety
    /// No other thread may reach any Python object reachable from `value`, now or later,
    /// except through this `Detached`: the caller hands over the whole heap and keeps nothing
    /// of it.
    pub unsafe fn new_unchecked(value: T) -> Detached<T> {
        Detached(ManuallyDrop::new(value))
    }

    /// Unpacks it on the thread that now holds the GIL.
    pub fn open(mut self, _held: &GilHeld) -> T {
        // SAFETY: taken once; `self` is then forgotten by ManuallyDrop's semantics.
        unsafe { ManuallyDrop::take(&mut self.0) }
    }
}

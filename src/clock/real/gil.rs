//! The real GIL: the very same [`Gil`] state machine the virtual clock drives (`NewGil` for
//! `--gil new`), behind a `parking_lot` mutex, with condition variables and real timed waits.
//!
//! The algorithm lives in one place, `crate::gil`; this module only carries out its
//! [`Effect`]s with OS primitives, as `crate::clock::sim` carries them out with simulated
//! timers. That is how the two clocks cannot drift apart: a change to the GIL changes both.
//!
//! | effect | virtual clock | real clock (here) |
//! |---|---|---|
//! | `ArmTimer` | a timer event at the deadline | the waiter's `Condvar::wait_until(deadline)` |
//! | `Wake` | a wake-up event one OS latency later | `notify_one` on the waiter's own condvar |
//! | `ForcedSwitchDone` | a resume event | `notify_all` on `switch_cond` |
//! | `Acquired` | the scheduler resumes the thread | the waiter returns from `take_gil` |
//!
//! CPython has one `cond` that all waiters share, and the OS picks whom a signal wakes; here the
//! state machine picks (its seeded [`crate::gil::WakeOrder`]), so every thread parks on a
//! condvar of its own and `Wake` names it. `switch_cond` is one condvar, as in CPython (only the
//! last holder can wait on it).
//!
//! The holder notices a drop request at the VM's eval-breaker points through one relaxed
//! atomic load ([`GilHeld::eval_breaker`]); only when it is set does it take the mutex.
//!
//! # Who may touch Python objects
//!
//! The interpreter's heap is `Rc`-based and not thread-safe. The rule is CPython's: only the
//! thread holding the GIL touches Python objects. The types keep it so: [`GilHeld`] is the
//! proof that the current OS thread holds the GIL (it is neither `Send` nor `Sync`, and only
//! [`RealGil::take_gil`] makes one); Python objects cross to another OS thread only inside a
//! [`Detached`], which only a `GilHeld` can open; and the only way to run code with the GIL
//! released is [`GilHeld::allow_threads`], whose closure must be `Send`, so it cannot capture
//! the `Vm` or any Python value (pyo3's `allow_threads` works the same way).
//!
//! ```
//! # use gilsim::clock::real::gil::{BlockingCall, GilHeld};
//! // plain data may go into a blocking call ...
//! fn blocking(held: &mut GilHeld, n: std::sync::Arc<u64>) -> u64 {
//!     held.allow_threads(BlockingCall::Sleep { ns: 0 }, move || *n)
//! }
//! ```
//! ```compile_fail
//! # use gilsim::clock::real::gil::{BlockingCall, GilHeld};
//! // ... a Python object (an `Rc`) may not: `Rc` is not `Send`
//! fn blocking(held: &mut GilHeld, n: std::rc::Rc<u64>) -> u64 {
//!     held.allow_threads(BlockingCall::Sleep { ns: 0 }, move || *n)
//! }
//! ```
//! ```compile_fail
//! # use gilsim::clock::real::gil::GilHeld;
//! // and the proof of holding the GIL cannot move to another OS thread
//! fn smuggle(held: GilHeld) {
//!     std::thread::spawn(move || drop(held));
//! }
//! ```
//!
//! Every event of the run is stamped and recorded under the mutex, so events from all OS
//! threads are in time order, in the list the report folds and in the trace file. Writing the
//! trace (formatting JSON) happens outside the mutex, in that same order ([`RealGil::pump`]),
//! so it does not lengthen the GIL's hand-offs.

use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex, MutexGuard};

use crate::clock::sim::Stop;
use crate::gil::{Effect, Gil, GilKind, ThreadId, DEFAULT_CHECK_INTERVAL};
use crate::trace::event::{Event, EventKind, ReleaseReason};

/// A thread's part of the GIL's state, beside the state machine's.
struct Slot {
    /// The thread's own `cond`: it waits here for the GIL.
    cond: Arc<Condvar>,
    name: String,
    /// Started and not yet ended.
    live: bool,
    /// Its armed timer (`ArmTimer`): when its timed wait expires, ns since the start.
    deadline: Option<u64>,
    /// A `Wake` it has not yet seen.
    signalled: bool,
    /// An `Acquired` it has not yet seen.
    acquired: bool,
    /// A `ForcedSwitchDone` it has not yet seen.
    forced_done: bool,
    /// The lock wait it is in, if any (for the deadlock watchdog).
    blocked: Option<Blocked>,
}

/// A thread in a lock wait, as the deadlock report names it.
#[derive(Clone, Debug)]
pub struct Blocked {
    /// The `_thread` lock id.
    pub lock: u32,
    /// The blocking call, e.g. `lock.acquire`.
    pub what: String,
    /// The scenario's line of the call.
    pub line: u32,
}

/// A blocking call made with the GIL released.
#[derive(Clone, Debug)]
pub enum BlockingCall {
    /// `time.sleep(ns)`: `io_begin`/`io_end` around it.
    Sleep { ns: u64 },
    /// A wait for a `_thread` lock: `block`/`unblock` around it.
    LockWait(Blocked),
}

/// How the run ended, and when.
type Ending = (Result<i32, Stop>, u64);

/// What the mutex guards.
struct Core {
    gil: Box<dyn Gil>,
    threads: Vec<Slot>,
    /// The events recorded since the last pump, in order.
    pending: Vec<Event>,
    /// Set once: the main thread ended, or the run was stopped. No thread takes the GIL after.
    end: Option<Ending>,
    /// The thread that returned from `take_gil` and runs Python code now.
    running: Option<ThreadId>,
    /// The main thread's exit code, noted before it lets go of the GIL for the last time.
    main_exit: i32,
}

/// CPython's GIL on OS threads. See the module documentation.
pub struct RealGil {
    core: Mutex<Core>,
    /// `gil_drop_request`, or the end of the run: the holder's cheap check.
    breaker: AtomicBool,
    /// FORCE_SWITCHING waits here.
    switch_cond: Condvar,
    /// The controller waits here for the end of the run, and for the holder to stop.
    ended: Condvar,
    start: Instant,
    /// The legacy GIL counts ticks: its holder polls the state machine at every breaker.
    poll_always: bool,
    /// Whether events go out through `tracing` (a trace or `RUST_LOG` is being written).
    trace: bool,
    /// The events already pumped, in order; held by the thread sending events out, so they
    /// leave in order.
    pump: Mutex<Vec<Event>>,
}

impl RealGil {
    /// A GIL driving the state machine `gil`; time counts from now.
    pub fn new(gil: Box<dyn Gil>) -> RealGil {
        let poll_always = gil.kind() == GilKind::Legacy;
        assert!(
            gil.kind() != GilKind::None,
            "the real clock needs a GIL: the heap is not thread-safe"
        );
        RealGil {
            core: Mutex::new(Core {
                gil,
                threads: Vec::new(),
                pending: Vec::new(),
                end: None,
                running: None,
                main_exit: 0,
            }),
            breaker: AtomicBool::new(false),
            switch_cond: Condvar::new(),
            ended: Condvar::new(),
            start: Instant::now(),
            poll_always,
            trace: false,
            pump: Mutex::new(Vec::new()),
        }
    }

    /// Sends the events out through `tracing` too ([`crate::trace::layer::emit`]), from the
    /// OS thread that [`RealGil::pump`]s them.
    pub fn with_trace(mut self) -> RealGil {
        self.trace = true;
        self
    }

    /// Sends the events recorded so far out through `tracing`, in order, outside the GIL's
    /// mutex. If another thread is at it, it leaves them to that thread, which sends until
    /// none are left; the ones it misses go with the next pump (the controller's at the
    /// latest, or [`RealGil::take_results`]).
    pub fn pump(&self) {
        if let Some(mut sent) = self.pump.try_lock() {
            self.send_pending(&mut sent);
        }
    }

    /// Moves the pending events out (a swap under the GIL's mutex), sends them, and keeps
    /// them in `sent`; again until none are left.
    fn send_pending(&self, sent: &mut Vec<Event>) {
        let mut batch = Vec::new();
        loop {
            std::mem::swap(&mut self.core.lock().pending, &mut batch);
            if batch.is_empty() {
                return;
            }
            if self.trace {
                for e in &batch {
                    crate::trace::layer::emit(e);
                }
            }
            sent.append(&mut batch);
        }
    }

    /// Nanoseconds since the start of the run, on the monotonic clock.
    pub fn now(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }

    /// The instant `ns` after the start; `None` if it is too far away to represent.
    fn instant(&self, ns: u64) -> Option<Instant> {
        self.start.checked_add(Duration::from_nanos(ns))
    }

    /// Records `kind` for `thread` at `t` (read under the mutex, in this critical section),
    /// unless the run has ended.
    fn emit(&self, core: &mut Core, t: u64, thread: ThreadId, kind: EventKind) {
        if core.end.is_some() {
            return;
        }
        core.pending.push(Event {
            t,
            proc: 0,
            thread,
            kind,
        });
    }

    /// A new thread, named by `name` from its id (a `thread_start` event): its id.
    pub fn add_thread(&self, name: impl FnOnce(ThreadId) -> String) -> ThreadId {
        let mut core = self.core.lock();
        let id = core.threads.len() as ThreadId;
        let name = name(id);
        core.threads.push(Slot {
            cond: Arc::new(Condvar::new()),
            name: name.clone(),
            live: true,
            deadline: None,
            signalled: false,
            acquired: false,
            forced_done: false,
            blocked: None,
        });
        self.emit(&mut core, self.now(), id, EventKind::ThreadStart { name });
        drop(core);
        self.pump();
        id
    }

    /// A thread made by [`RealGil::add_thread`] whose OS thread could not start.
    pub fn thread_failed(&self, t: ThreadId) {
        let mut core = self.core.lock();
        core.threads[t as usize].live = false;
        self.emit(&mut core, self.now(), t, EventKind::ThreadEnd);
        drop(core);
        self.pump();
    }

    /// `take_gil` at the start of thread `t`'s OS thread: the proof that it holds the GIL.
    /// If the run has ended, the thread parks for good instead.
    pub fn take_gil(self: &Arc<Self>, t: ThreadId) -> GilHeld {
        let mut core = self.core.lock();
        self.acquire(&mut core, t, None);
        drop(core);
        self.pump();
        GilHeld {
            gil: self.clone(),
            thread: t,
            _not_send: PhantomData,
        }
    }

    /// `take_gil`: ask, then wait until the state machine says `t` acquired. `before` is an
    /// event to record first, in the same critical section (`io_end`, `unblock`).
    fn acquire(&self, core: &mut MutexGuard<'_, Core>, t: ThreadId, before: Option<EventKind>) {
        if core.end.is_some() {
            self.park_for_good(core, t);
        }
        let now = self.now();
        if let Some(k) = before {
            self.emit(core, now, t, k);
        }
        self.emit(core, now, t, EventKind::GilRequest);
        let fx = core.gil.request(t, now);
        self.apply(core, now, t, fx);
        let cond = core.threads[t as usize].cond.clone();
        loop {
            if core.end.is_some() {
                self.park_for_good(core, t);
            }
            let slot = &mut core.threads[t as usize];
            if slot.acquired {
                slot.acquired = false;
                core.running = Some(t);
                return;
            }
            if !slot.signalled {
                match slot.deadline.and_then(|d| self.instant(d)) {
                    Some(at) => {
                        cond.wait_until(core, at);
                    }
                    None => cond.wait(core),
                }
                if core.end.is_some() {
                    continue;
                }
            }
            let now = self.now();
            let slot = &mut core.threads[t as usize];
            let fx = if slot.signalled {
                slot.signalled = false;
                core.gil.woken(t, now)
            } else if slot.deadline.is_some_and(|d| now >= d) {
                slot.deadline = None;
                core.gil.timeout(t, now)
            } else {
                continue; // woken for someone else's news: wait on
            };
            self.apply(core, now, t, fx);
        }
    }

    /// `drop_gil` by the holder `t`, FORCE_SWITCHING included. `before` is an event to
    /// record first (`io_begin`, `block`).
    fn release(
        &self,
        core: &mut MutexGuard<'_, Core>,
        t: ThreadId,
        reason: ReleaseReason,
        before: Option<EventKind>,
    ) {
        if core.end.is_some() {
            self.park_for_good(core, t);
        }
        let now = self.now();
        if let Some(k) = before {
            self.emit(core, now, t, k);
        }
        core.running = None;
        let fx = core.gil.release(t, now, reason);
        self.apply(core, now, t, fx);
        if core.gil.in_forced_switch(t) {
            loop {
                if core.end.is_some() {
                    self.park_for_good(core, t);
                }
                let slot = &mut core.threads[t as usize];
                if slot.forced_done {
                    slot.forced_done = false;
                    break;
                }
                self.switch_cond.wait(core);
            }
        }
    }

    /// Carry out what the state machine decided at `now`; `me` is the thread calling.
    fn apply(&self, core: &mut Core, now: u64, me: ThreadId, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Acquired { thread, wait_ns } => {
                    self.emit(core, now, thread, EventKind::GilAcquire { wait_ns });
                    let slot = &mut core.threads[thread as usize];
                    slot.acquired = true;
                    if thread != me {
                        slot.cond.notify_one();
                    }
                }
                Effect::Released { thread, reason } => {
                    self.emit(core, now, thread, EventKind::GilRelease { reason });
                }
                Effect::DropRequestSet { by } => self.emit(core, now, by, EventKind::DropRequest),
                Effect::ArmTimer {
                    thread,
                    deadline_ns,
                } => {
                    let slot = &mut core.threads[thread as usize];
                    slot.deadline = Some(deadline_ns);
                    if thread != me {
                        slot.cond.notify_one(); // to wait again with the new deadline
                    }
                }
                Effect::CancelTimer { thread } => core.threads[thread as usize].deadline = None,
                Effect::Wake { thread } => {
                    let slot = &mut core.threads[thread as usize];
                    slot.signalled = true;
                    slot.cond.notify_one();
                }
                Effect::ForcedSwitchDone { thread, by } => {
                    self.emit(core, now, thread, EventKind::ForcedSwitch { by });
                    core.threads[thread as usize].forced_done = true;
                    self.switch_cond.notify_all();
                }
            }
        }
        let breaker = core.gil.drop_requested() || core.end.is_some();
        self.breaker.store(breaker, Ordering::Relaxed);
    }

    /// The run is over for `t`: it never runs Python again (as CPython's daemon threads at
    /// exit). It no longer counts as running, so the controller can go on.
    fn park_for_good(&self, core: &mut MutexGuard<'_, Core>, t: ThreadId) -> ! {
        if core.running == Some(t) {
            core.running = None;
        }
        self.ended.notify_all();
        let cond = core.threads[t as usize].cond.clone();
        loop {
            cond.wait(core);
        }
    }

    /// `sys.setswitchinterval`, from the holder.
    fn set_interval(&self, ns: u64) {
        self.core.lock().gil.set_interval(ns);
    }

    /// Notes the main thread's exit code; its last release then ends the run with it.
    pub fn note_main_exit(&self, code: i32) {
        self.core.lock().main_exit = code;
    }

    /// Ends the run for `why` (if it has not ended): no thread takes the GIL again, waiters
    /// park for good, and the holder stops at its next eval-breaker point.
    pub fn stop(&self, why: Stop) {
        let mut core = self.core.lock();
        if core.end.is_some() {
            return;
        }
        core.end = Some((Err(why), self.now()));
        self.wake_all(&mut core);
    }

    fn wake_all(&self, core: &mut Core) {
        self.breaker.store(true, Ordering::Relaxed);
        for s in &core.threads {
            s.cond.notify_one();
        }
        self.switch_cond.notify_all();
        self.ended.notify_all();
    }

    /// Waits up to `timeout` for the run to end; whether it has.
    pub fn wait_end(&self, timeout: Duration) -> bool {
        let mut core = self.core.lock();
        if core.end.is_none() {
            self.ended.wait_for(&mut core, timeout);
        }
        core.end.is_some()
    }

    /// After the end: waits up to `timeout` until no thread runs Python code (the holder has
    /// reached an eval-breaker point or a blocking call); whether none does.
    pub fn wait_quiet(&self, timeout: Duration) -> bool {
        let until = Instant::now() + timeout;
        let mut core = self.core.lock();
        while core.running.is_some() {
            if self.ended.wait_until(&mut core, until).timed_out() {
                break;
            }
        }
        core.running.is_none()
    }

    /// The live threads: id, name, and the lock wait each is in.
    pub fn live_threads(&self) -> Vec<(ThreadId, String, Option<Blocked>)> {
        let core = self.core.lock();
        (0..core.threads.len())
            .filter(|&i| core.threads[i].live)
            .map(|i| {
                let s = &core.threads[i];
                (i as ThreadId, s.name.clone(), s.blocked.clone())
            })
            .collect()
    }

    /// After the end: how the run ended, when (ns), and its events (all sent out through
    /// `tracing` first). `None` before the end.
    pub fn take_results(&self) -> Option<(Result<i32, Stop>, u64, Vec<Event>)> {
        let (outcome, end) = self.core.lock().end.clone()?;
        let mut sent = self.pump.lock();
        self.send_pending(&mut sent);
        Some((outcome, end, std::mem::take(&mut *sent)))
    }
}

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
        let (before, after) = match &call {
            BlockingCall::Sleep { ns } => {
                let call = "time.sleep".to_string();
                (
                    EventKind::IoBegin {
                        call: call.clone(),
                        dur_ns: Some(*ns),
                    },
                    EventKind::IoEnd { call },
                )
            }
            BlockingCall::LockWait(b) => (
                EventKind::Block {
                    what: b.what.clone(),
                    line: b.line,
                },
                EventKind::Unblock,
            ),
        };
        {
            let mut core = g.core.lock();
            if let BlockingCall::LockWait(b) = call {
                core.threads[t as usize].blocked = Some(b);
            }
            g.release(&mut core, t, ReleaseReason::Blocking, Some(before));
        }
        let r = f();
        // the trace is written on this thread's time, after the hand-off, not on the next
        // holder's (nor in the way of its waking up)
        g.pump();
        let mut core = g.core.lock();
        core.threads[t as usize].blocked = None;
        g.acquire(&mut core, t, Some(after));
        r
    }

    /// `sys.setswitchinterval`.
    pub fn set_interval(&mut self, ns: u64) {
        self.gil.set_interval(ns);
    }

    /// Records `kind` for this thread, now (asyncio's task events).
    pub fn trace(&mut self, kind: EventKind) {
        let mut core = self.gil.core.lock();
        let now = self.gil.now();
        self.gil.emit(&mut core, now, self.thread, kind);
        drop(core);
        self.gil.pump();
    }

    /// The thread's name changed (a new `thread_start` event gives it).
    pub fn rename(&mut self, name: &str) {
        let mut core = self.gil.core.lock();
        core.threads[self.thread as usize].name = name.to_string();
        let kind = EventKind::ThreadStart {
            name: name.to_string(),
        };
        let now = self.gil.now();
        self.gil.emit(&mut core, now, self.thread, kind);
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
        core.threads[t as usize].live = false;
        g.emit(&mut core, g.now(), t, EventKind::ThreadEnd);
        if t == 0 && core.end.is_none() {
            // the main thread's end is the run's: nobody takes the GIL after it
            let end = (Ok(core.main_exit), g.now());
            core.end = Some(end);
            g.wake_all(&mut core);
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

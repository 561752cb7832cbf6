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
//! | `ForcedSwitchDone` | a resume event | `forced_epoch` bumped (the last holder spins on it), `notify_all` on `switch_cond` |
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
//!     held.allow_threads(BlockingCall::Io { call: "time.sleep", ns: 0 }, move || *n)
//! }
//! ```
//! ```compile_fail
//! # use gilsim::clock::real::gil::{BlockingCall, GilHeld};
//! // ... a Python object (an `Rc`) may not: `Rc` is not `Send`
//! fn blocking(held: &mut GilHeld, n: std::rc::Rc<u64>) -> u64 {
//!     held.allow_threads(BlockingCall::Io { call: "time.sleep", ns: 0 }, move || *n)
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
//! Every event is stamped and kept under the mutex, in order, until the run's [`RunLog`]
//! takes it (merging the events of all processes in time order).
//!
//! # One GIL per process
//!
//! Each process of the run (the main one, and every child `fork()` made) has a `RealGil` of
//! its own, so its threads contend only with each other, and processes run in parallel. A
//! process ends ([`RealGil::end_process`]) when its main thread ends, when it is killed
//! (`os._exit`, `Process.terminate()`), or when the run stops: no thread of it takes its GIL
//! again, and the one running Python code stops at its next eval-breaker point. Once none
//! runs (the process is quiet), its exit is carried out once, by whichever thread sees it
//! quiet: a `gil_release` for a holder, `thread_end` for each live thread, `proc_exit`, and
//! the exit hook its parent set (exit code, sentinel, exit notices).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex, MutexGuard};

mod held;

pub use self::held::{Detached, GilHeld};
use super::cpu_time::ProcCpu;
pub use super::log::Ending;
use super::log::{RunLog, Source};
use crate::clock::sim::Stop;
use crate::gil::{Effect, Effects, Gil, GilKind, ThreadId};
use crate::trace::event::{Event, EventKind, ReleaseReason};

/// How long the last holder of a forced switch spins before it parks: a few times the
/// wake-up latency of an idle core, so a switch on an idle machine never parks.
const FORCED_SPIN: Duration = Duration::from_micros(50);

/// What a child process's parent learns when it has exited: its exit code (run once, with the
/// GIL's mutex not held).
pub type ExitHook = Box<dyn FnOnce(i32) + Send>;

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
    /// `time.sleep(ns)` (`call` is `time.sleep`) or another blocking system call such as a
    /// `write`: `io_begin`/`io_end` around it.
    Io { call: &'static str, ns: u64 },
    /// A wait for a `_thread` lock: `block`/`unblock` around it.
    LockWait(Blocked),
}

/// What the mutex guards.
struct Core {
    gil: Box<dyn Gil>,
    threads: Slots,
    /// The process's main thread (the first added): its end is the process's.
    main: Option<ThreadId>,
    /// Set once: the process ended (see the module documentation). No thread takes the GIL
    /// after.
    end: Option<Ending>,
    /// The end has been carried out (the events, the exit hook): the process is gone.
    settled: bool,
    /// The thread that returned from `take_gil` and runs Python code now.
    running: Option<ThreadId>,
    /// The main thread's exit code, noted before it lets go of the GIL for the last time.
    main_exit: i32,
    /// Run when the process has exited (children only).
    on_exit: Option<ExitHook>,
    /// The events recorded and not yet taken by the log, in order.
    pending: Vec<Event>,
}

/// The process's threads' slots, by thread id (ids are the run's, so some are unused here):
/// indexing, not hashing, on the way through a hand-off.
#[derive(Default)]
struct Slots(Vec<Option<Slot>>);

impl Slots {
    fn insert(&mut self, t: ThreadId, slot: Slot) {
        let i = t as usize;
        if self.0.len() <= i {
            self.0.resize_with(i + 1, || None);
        }
        self.0[i] = Some(slot);
    }

    fn iter(&self) -> impl Iterator<Item = (ThreadId, &Slot)> {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i as ThreadId, s.as_ref()?)))
    }
}

impl Core {
    fn slot(&mut self, t: ThreadId) -> &mut Slot {
        self.threads
            .0
            .get_mut(t as usize)
            .and_then(Option::as_mut)
            .expect("a thread of this GIL")
    }
}

/// CPython's GIL on OS threads: one process's. See the module documentation.
pub struct RealGil {
    core: Mutex<Core>,
    /// `gil_drop_request`, or the end of the process: the holder's cheap check.
    breaker: AtomicBool,
    /// The process has ended: what a thread of it waiting for a lock, GIL released, checks.
    dead: Arc<AtomicBool>,
    /// FORCE_SWITCHING waits here.
    switch_cond: Condvar,
    /// Counts `ForcedSwitchDone`s: what the last holder spins on before it parks on
    /// `switch_cond` ([`FORCED_SPIN`]).
    forced_epoch: AtomicU64,
    /// The controller waits here for the holder to stop.
    ended: Condvar,
    /// The run's clock, thread ids and events.
    log: Arc<RunLog>,
    /// The process's index in the run (the trace's `proc`).
    proc: u32,
    /// The legacy GIL counts ticks: its holder polls the state machine at every breaker.
    poll_always: bool,
    /// Whether events are kept ([`RunLog::recording`]).
    recording: bool,
    /// The process's CPU time (`time.process_time()`).
    cpu: ProcCpu,
}

impl RealGil {
    /// The GIL of a run of one process driving the state machine `gil`, keeping every event;
    /// time counts from now.
    pub fn new(gil: Box<dyn Gil>) -> Arc<RealGil> {
        let log = RunLog::new(false, crate::report::sink::Sink::events_only());
        RealGil::in_run(gil, Arc::new(log), 0)
    }

    /// The GIL of process `proc` of the run `log` records, driving the state machine `gil`.
    pub fn in_run(gil: Box<dyn Gil>, log: Arc<RunLog>, proc: u32) -> Arc<RealGil> {
        let poll_always = gil.kind() == GilKind::Legacy;
        let recording = log.recording();
        assert!(
            gil.kind() != GilKind::None,
            "the real clock needs a GIL: the heap is not thread-safe"
        );
        let gil = Arc::new(RealGil {
            core: Mutex::new(Core {
                gil,
                threads: Slots::default(),
                main: None,
                end: None,
                settled: false,
                running: None,
                main_exit: 0,
                on_exit: None,
                pending: Vec::new(),
            }),
            breaker: AtomicBool::new(false),
            dead: Arc::new(AtomicBool::new(false)),
            switch_cond: Condvar::new(),
            forced_epoch: AtomicU64::new(0),
            ended: Condvar::new(),
            log,
            proc,
            poll_always,
            recording,
            cpu: ProcCpu::default(),
        });
        let source: Arc<dyn Source> = gil.clone();
        gil.log.add_source(Arc::downgrade(&source));
        gil
    }

    /// The process's CPU clock.
    pub fn cpu(&self) -> &ProcCpu {
        &self.cpu
    }

    /// The run's record.
    pub fn log(&self) -> &Arc<RunLog> {
        &self.log
    }

    /// The process's index in the run.
    pub fn proc(&self) -> u32 {
        self.proc
    }

    /// Set once the process has ended, for its threads' lock waits to look at.
    pub fn dead_flag(&self) -> Arc<AtomicBool> {
        self.dead.clone()
    }

    /// Sets what runs once the process has exited (`None` for the main process).
    pub fn on_exit(&self, hook: ExitHook) {
        self.core.lock().on_exit = Some(hook);
    }

    /// Sends the run's events recorded so far out through `tracing` ([`RunLog::pump`]).
    pub fn pump(&self) {
        self.log.pump();
    }

    /// Nanoseconds since the start of the run, on the monotonic clock.
    pub fn now(&self) -> u64 {
        self.log.now()
    }

    /// The instant `ns` after the start; `None` if it is too far away to represent.
    fn instant(&self, ns: u64) -> Option<Instant> {
        self.log.instant(ns)
    }

    /// Records the event `kind` makes for `thread` at `t` (read under the mutex, in this
    /// critical section), unless the process has ended. The event is made only if it is kept:
    /// a run keeping none does not even build (and drop) the events of a hand-off.
    #[inline]
    fn emit(&self, core: &mut Core, t: u64, thread: ThreadId, kind: impl FnOnce() -> EventKind) {
        if !self.recording || core.end.is_some() {
            return;
        }
        self.record(core, t, thread, kind());
    }

    /// Records `kind` whether or not the process has ended (its exit's own events).
    fn record(&self, core: &mut Core, t: u64, thread: ThreadId, kind: EventKind) {
        if !self.recording {
            return;
        }
        core.pending.push(Event {
            t,
            proc: self.proc,
            thread,
            kind,
        });
    }

    /// Records `kind` for the running thread `thread` now (a message, a future's state).
    pub fn note(&self, thread: ThreadId, kind: EventKind) {
        let mut core = self.core.lock();
        let now = self.now();
        self.emit(&mut core, now, thread, || kind);
    }

    /// A new thread, named by `name` from its id (a `thread_start` event): its id.
    pub fn add_thread(&self, name: impl FnOnce(ThreadId) -> String) -> ThreadId {
        let mut core = self.core.lock();
        let id = self.log.new_thread_id();
        let name = name(id);
        core.main.get_or_insert(id);
        core.threads.insert(
            id,
            Slot {
                cond: Arc::new(Condvar::new()),
                name: name.clone(),
                live: true,
                deadline: None,
                signalled: false,
                acquired: false,
                forced_done: false,
                blocked: None,
            },
        );
        self.emit(&mut core, self.now(), id, || EventKind::ThreadStart {
            name,
        });
        drop(core);
        self.pump();
        id
    }

    /// A thread made by [`RealGil::add_thread`] whose OS thread could not start.
    pub fn thread_failed(&self, t: ThreadId) {
        let mut core = self.core.lock();
        core.slot(t).live = false;
        self.emit(&mut core, self.now(), t, || EventKind::ThreadEnd);
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
        GilHeld::new(self.clone(), t)
    }

    /// `take_gil`: ask, then wait until the state machine says `t` acquired. `before` is an
    /// event to record first, in the same critical section (`io_end`, `unblock`).
    fn acquire(&self, core: &mut MutexGuard<'_, Core>, t: ThreadId, before: Option<EventKind>) {
        if core.end.is_some() {
            self.park_for_good(core, t);
        }
        let now = self.now();
        if let Some(k) = before {
            self.emit(core, now, t, || k);
        }
        self.emit(core, now, t, || EventKind::GilRequest);
        let fx = core.gil.request(t, now);
        self.apply(core, now, t, fx);
        loop {
            if core.end.is_some() {
                self.park_for_good(core, t);
            }
            let slot = core.slot(t);
            if slot.acquired {
                slot.acquired = false;
                core.running = Some(t);
                return;
            }
            if !slot.signalled {
                // cloned only to wait: a free GIL is taken without touching the count
                let cond = slot.cond.clone();
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
            let slot = core.slot(t);
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
    /// record first (`io_begin`, `block`). A release for `Exit` is the thread's end, recorded
    /// before the FORCE_SWITCHING wait: its process may end while it waits.
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
            self.emit(core, now, t, || k);
        }
        core.running = None;
        let fx = core.gil.release(t, now, reason);
        self.apply(core, now, t, fx);
        if reason == ReleaseReason::Exit {
            core.slot(t).live = false;
            self.emit(core, now, t, || EventKind::ThreadEnd);
        }
        if core.gil.in_forced_switch(t) {
            self.spin_for_forced_switch(core);
            loop {
                if core.end.is_some() {
                    self.park_for_good(core, t);
                }
                let slot = core.slot(t);
                if slot.forced_done {
                    slot.forced_done = false;
                    break;
                }
                self.switch_cond.wait(core);
            }
        }
    }

    /// FORCE_SWITCHING's wait, first as a short spin with the mutex released: the new holder
    /// usually takes the GIL within [`FORCED_SPIN`], and then finds no one parked on
    /// `switch_cond`, so it goes on running Python at once instead of first paying a futex
    /// wake of the last holder (about 13 µs on the 2-core machine, which doubled the hand-off
    /// latency). The wait itself is unchanged: the caller still parks until `forced_done`,
    /// read under the mutex, says the switch is done. An adaptive wait, as glibc's
    /// `PTHREAD_MUTEX_ADAPTIVE_NP` mutexes spin before they sleep.
    fn spin_for_forced_switch(&self, core: &mut MutexGuard<'_, Core>) {
        let epoch = self.forced_epoch.load(Ordering::Acquire);
        MutexGuard::unlocked(core, || {
            let start = Instant::now();
            'spin: loop {
                for _ in 0..64 {
                    if self.forced_epoch.load(Ordering::Acquire) != epoch {
                        break 'spin;
                    }
                    std::hint::spin_loop();
                }
                if start.elapsed() >= FORCED_SPIN {
                    break;
                }
            }
        });
    }

    /// Carry out what the state machine decided at `now`; `me` is the thread calling.
    fn apply(&self, core: &mut Core, now: u64, me: ThreadId, effects: Effects) {
        for e in effects {
            match e {
                Effect::Acquired { thread, wait_ns } => {
                    self.emit(core, now, thread, || EventKind::GilAcquire { wait_ns });
                    let slot = core.slot(thread);
                    slot.acquired = true;
                    if thread != me {
                        slot.cond.notify_one();
                    }
                }
                Effect::Released { thread, reason } => {
                    self.emit(core, now, thread, || EventKind::GilRelease { reason });
                }
                Effect::DropRequestSet { by } => {
                    self.emit(core, now, by, || EventKind::DropRequest)
                }
                Effect::ArmTimer {
                    thread,
                    deadline_ns,
                } => {
                    let slot = core.slot(thread);
                    slot.deadline = Some(deadline_ns);
                    if thread != me {
                        slot.cond.notify_one(); // to wait again with the new deadline
                    }
                }
                Effect::CancelTimer { thread } => core.slot(thread).deadline = None,
                Effect::Wake { thread } => {
                    let slot = core.slot(thread);
                    slot.signalled = true;
                    slot.cond.notify_one();
                }
                Effect::ForcedSwitchDone { thread, by } => {
                    self.emit(core, now, thread, || EventKind::ForcedSwitch { by });
                    core.slot(thread).forced_done = true;
                    self.forced_epoch.fetch_add(1, Ordering::Release);
                    // a last holder still spinning is not parked: nothing to wake
                    self.switch_cond.notify_all();
                }
            }
        }
        let breaker = core.gil.drop_requested() || core.end.is_some();
        if self.breaker.load(Ordering::Relaxed) != breaker {
            self.breaker.store(breaker, Ordering::Relaxed);
        }
    }

    /// The process is over for `t`: it never runs Python again (as CPython's daemon threads
    /// at exit). It no longer counts as running, so the process may be quiet now.
    fn park_for_good(&self, core: &mut MutexGuard<'_, Core>, t: ThreadId) -> ! {
        if core.running == Some(t) {
            core.running = None;
        }
        self.settle_if_quiet(core);
        let cond = core.slot(t).cond.clone();
        loop {
            cond.wait(core);
        }
    }

    /// Ends the process with `outcome` (if it has not ended): no thread takes the GIL again,
    /// waiters park for good, and the holder stops at its next eval-breaker point. The main
    /// process's end is the run's.
    fn end_process(&self, core: &mut MutexGuard<'_, Core>, outcome: Result<i32, Stop>) {
        if core.end.is_none() {
            core.end = Some((outcome.clone(), self.now()));
            self.dead.store(true, Ordering::SeqCst);
            self.wake_all(core);
            if self.proc == 0 {
                self.log.finish(outcome);
            }
        }
        self.settle_if_quiet(core);
    }

    /// Once the ended process is quiet (no thread runs Python code), carries its exit out,
    /// once: a `gil_release` for the holder, `thread_end` for each live thread, and for an
    /// exit (not a stopped run) `proc_exit` and the exit hook, run with the mutex unlocked.
    fn settle_if_quiet(&self, core: &mut MutexGuard<'_, Core>) {
        let Some((outcome, _)) = core.end.clone() else {
            return;
        };
        if core.settled || core.running.is_some() {
            return;
        }
        core.settled = true;
        let now = self.now();
        let live: Vec<ThreadId> = core
            .threads
            .iter()
            .filter(|(_, s)| s.live)
            .map(|(t, _)| t)
            .collect();
        for t in live {
            if core.gil.holds(t) {
                let reason = ReleaseReason::Exit;
                self.record(core, now, t, EventKind::GilRelease { reason });
            }
            self.record(core, now, t, EventKind::ThreadEnd);
            core.slot(t).live = false;
        }
        if let Ok(code) = outcome {
            if let Some(hook) = core.on_exit.take() {
                let main = core.main.unwrap_or_default();
                self.record(core, now, main, EventKind::ProcExit { exitcode: code });
                MutexGuard::unlocked(core, || hook(code));
            }
        }
        self.ended.notify_all();
    }

    /// `sys.setswitchinterval`, from the holder.
    fn set_interval(&self, ns: u64) {
        self.core.lock().gil.set_interval(ns);
    }

    /// Notes thread `t`'s exit code: if it is the main thread, its last release then ends
    /// the process with it.
    pub fn note_exit(&self, t: ThreadId, code: i32) {
        let mut core = self.core.lock();
        if core.main == Some(t) {
            core.main_exit = code;
        }
    }

    /// Ends the process for `why` (if it has not ended): see [`RealGil::end_process`]. For
    /// the main process, that ends the run.
    pub fn stop(&self, why: Stop) {
        let mut core = self.core.lock();
        self.end_process(&mut core, Err(why));
    }

    /// Kills the process (`os._exit`, `Process.terminate()`): it exits with `code` as soon
    /// as no thread of it runs Python code.
    pub fn kill(&self, code: i32) {
        let mut core = self.core.lock();
        self.end_process(&mut core, Ok(code));
    }

    fn wake_all(&self, core: &mut Core) {
        self.breaker.store(true, Ordering::Relaxed);
        for (_, s) in core.threads.iter() {
            s.cond.notify_one();
        }
        self.switch_cond.notify_all();
        self.ended.notify_all();
    }

    /// Whether the process has ended.
    pub fn has_ended(&self) -> bool {
        self.core.lock().end.is_some()
    }

    /// Whether the process has ended and its exit is not carried out yet (a thread still runs
    /// Python code, or is carrying it out): its threads may still release locks.
    pub fn settling(&self) -> bool {
        let core = self.core.lock();
        core.end.is_some() && !core.settled
    }

    /// Waits up to `timeout` for the run to end; whether it has.
    pub fn wait_end(&self, timeout: Duration) -> bool {
        self.log.wait_end(timeout)
    }

    /// After the end: waits until `until` for no thread to run Python code (the holder has
    /// reached an eval-breaker point or a blocking call); whether none does.
    pub fn wait_quiet(&self, until: Instant) -> bool {
        let mut core = self.core.lock();
        while core.running.is_some() {
            if self.ended.wait_until(&mut core, until).timed_out() {
                break;
            }
        }
        core.running.is_none()
    }

    /// The live threads, by id: id, name, and the lock wait each is in.
    pub fn live_threads(&self) -> Vec<(ThreadId, String, Option<Blocked>)> {
        let core = self.core.lock();
        let live: Vec<_> = core
            .threads
            .iter()
            .filter(|(_, s)| s.live)
            .map(|(t, s)| (t, s.name.clone(), s.blocked.clone()))
            .collect();
        live
    }

    /// After the end of the run: how it ended, when (ns), and its events (all sent out
    /// through `tracing` first; kept if the run's sink keeps them). `None` before the end.
    pub fn take_results(&self) -> Option<(Result<i32, Stop>, u64, Vec<Event>)> {
        let (outcome, end, sink) = self.log.take_results()?;
        Some((outcome, end, sink.into_events()))
    }
}

impl Source for RealGil {
    fn drain(&self, into: &mut Vec<Event>) {
        let mut core = self.core.lock();
        into.append(&mut core.pending);
    }
}

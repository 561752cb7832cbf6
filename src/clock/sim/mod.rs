//! The virtual clock: a deterministic discrete-event simulation of threads under a GIL.
//!
//! Every Python thread runs on its own stackful coroutine (so a blocking call can suspend it
//! from any depth, native code included), all on one OS thread. The scheduler owns the outer
//! loop. It always handles the earliest thing that can happen: a timer (a sleep ending, a
//! timed wait expiring, a signalled thread waking) or a runner (a thread on a core, see
//! [`super::cpu`]) at its own clock. A runner is resumed until its next eval-breaker point
//! past a deadline (the next timer; with several runners in parallel, the next runner's clock
//! plus [`PARALLEL_QUANTUM_NS`]); what it then asks for (sleep, lock waits, spawning) waits as
//! pending at the clock it reached, so every event is handled, and traced, in time order.
//! Time is simulated: the VM charges instruction costs; waits and OS latencies come from
//! [`OsModel`]. The only randomness (which waiter a signal wakes) is the GIL's one RNG,
//! seeded by `--seed`.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::rc::Rc;

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};

use super::cpu::Cpus;
use super::host::{Answer, Ask, Resume, Shared, SimHost, Yielded};
use super::OsModel;
use crate::gil::{Effect, Effects, Gil};
use crate::report::sink::Sink;
use crate::trace::event::{Event, EventKind, ReleaseReason};
use crate::vm::Vm;

mod procs;

/// Simulated time between the legacy GIL's checks (its 100 ticks).
const LEGACY_CHECK_NS: u64 = 1_000;

/// How far one of several runners on different cores may run ahead of the earliest other
/// one before it hands back control: threads running in parallel interleave at this grain.
pub const PARALLEL_QUANTUM_NS: u64 = 10_000;

/// Simulated time after which the holder comes back to the scheduler loop at the latest (its
/// check of Ctrl-C). Nothing happens at such a return, so runs stay deterministic; like every
/// suspension it drops the thread's sub-nanosecond remainder of charged time.
const INTERRUPT_POLL_NS: u64 = 20_000_000;

/// Stack reserved for each thread's coroutine (committed lazily by the OS).
const THREAD_STACK: usize = 256 << 20;

/// How a thread's coroutine ended: 0 for a normal end, else the main thread's exit code.
type Done = i32;

/// A finished thread: its final clock (ns) and its exit code.
type Finished = (u64, Done);

type ThreadCo = Coroutine<Resume, Yielded, Finished, DefaultStack>;

#[derive(Clone, Debug, PartialEq)]
enum State {
    /// Created, waiting for its OS thread to start.
    Starting,
    /// Holds the GIL and runs Python code.
    Running,
    /// Asked for the GIL, not granted yet.
    WaitingGil,
    /// Released the GIL on request; waits until another thread took it (FORCE_SWITCHING).
    ForcedSwitch,
    /// In `time.sleep`.
    Sleeping,
    /// Waiting for a lock.
    Blocked {
        lock: u32,
        what: &'static str,
        line: u32,
    },
    Done,
}

struct SimThread {
    /// Its process (index into `Sim::procs`).
    proc: u32,
    name: String,
    co: Option<ThreadCo>,
    state: State,
    /// The answer to deliver when the thread next runs.
    answer: Answer,
    /// Its current blocking call (for `io_end`).
    io_call: Option<&'static str>,
    /// A timeout timer's generation, to ignore stale timers.
    timer_gen: u64,
    /// The GIL wait timer's generation.
    gil_gen: u64,
    /// A sleep to start once a forced switch completes (`drop_gil` comes first in CPython).
    pending_sleep: Option<u64>,
    /// The thread's own clock while it runs: where it stopped, or when it got a core.
    clock: u64,
    /// When it got its core (for the OS time slice).
    slice_start: u64,
    /// What it asked at `clock`, not handled yet.
    pending: Option<Pending>,
}

/// What a runner left for the scheduler when it stopped at its clock.
enum Pending {
    Ask(Ask),
    /// The thread's body returned this code.
    Exit(Done),
}

/// A process: its own interpreter (heap, modules) and its own GIL.
struct SimProc {
    interp: Rc<crate::vm::Interp>,
    gil: Box<dyn Gil>,
    pid: i64,
    /// Its main thread.
    main: u32,
    /// The lock held until it exits (children only).
    sentinel: Option<u32>,
}

/// A scheduled happening.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// A new thread's OS thread starts: it asks for the GIL.
    Start(u32),
    /// A sleep ended.
    SleepEnd(u32),
    /// A lock waiter was signalled (after the OS wake-up latency).
    LockWake(u32),
    /// A lock wait timed out (generation-checked).
    LockTimeout(u32, u64),
    /// A GIL waiter's timed wait expired (generation-checked: a restarted wait re-arms).
    GilTimeout(u32, u64),
    /// A thread released by FORCE_SWITCHING gets the CPU back and asks for the GIL again.
    ForcedResume(u32),
    /// A signalled GIL waiter got the CPU.
    GilWake(u32),
    /// A child process (by index) has exited: its sentinel lock is released.
    Sentinel(u32),
}

impl Timer {
    /// The thread the timer is for, if any.
    fn thread(&self) -> Option<u32> {
        match *self {
            Timer::Start(t)
            | Timer::SleepEnd(t)
            | Timer::LockWake(t)
            | Timer::LockTimeout(t, _)
            | Timer::GilTimeout(t, _)
            | Timer::ForcedResume(t)
            | Timer::GilWake(t) => Some(t),
            Timer::Sentinel(_) => None,
        }
    }
}

/// The scheduler.
pub struct Sim {
    now: u64,
    seq: u64,
    timers: BinaryHeap<Reverse<(u64, u64, Timer)>>,
    threads: Vec<SimThread>,
    /// The processes: the main one first, then children in the order they forked.
    procs: Vec<SimProc>,
    /// Makes each process's GIL.
    make_gil: Box<dyn Fn() -> Box<dyn Gil>>,
    os: OsModel,
    shared: Rc<RefCell<Shared>>,
    /// What the run keeps of its events, in order (the report's fold).
    pub sink: Sink,
    /// Whether anything takes the events (the sink or a `tracing` subscriber): if nothing
    /// does, none are made, which saves a hand-off most of its cost.
    recording: bool,
    /// The cores, and which threads run on them.
    cpus: Cpus,
    cost: Rc<crate::vm::cost::CostModel>,
    max_time: Option<u64>,
    /// Code the main thread exited with.
    main_exit: Option<i32>,
}

/// Why a simulation stopped before the program ended.
#[derive(Debug, Clone)]
pub enum Stop {
    Deadlock(String),
    MaxTime(u64),
    /// Ctrl-C (see [`super::interrupt`]).
    Interrupted,
}

/// Whether a run with `sink` must make its events: the sink keeps or folds them, or a
/// `tracing` subscriber (the `--trace` writer, a test's) is this thread's default.
fn recording(sink: &Sink) -> bool {
    sink.wants_events()
        || !tracing::dispatcher::get_default(|d| d.is::<tracing::subscriber::NoSubscriber>())
}

/// A thread ident as `threading.get_ident()` shows it (stable and deterministic).
pub fn ident_of(thread: u32) -> i64 {
    140_000_000_000_000 + thread as i64 * 4096
}

impl Sim {
    /// A scheduler for the main process's `interp`; `make_gil` makes each process's GIL.
    pub fn new(
        interp: Rc<crate::vm::Interp>,
        cost: Rc<crate::vm::cost::CostModel>,
        make_gil: Box<dyn Fn() -> Box<dyn Gil>>,
        os: OsModel,
        cores: usize,
        max_time: Option<u64>,
        sink: Sink,
    ) -> Sim {
        Sim {
            now: 0,
            seq: 0,
            timers: BinaryHeap::new(),
            threads: vec![],
            procs: vec![SimProc {
                gil: make_gil(),
                pid: interp.pid,
                interp,
                main: 0,
                sentinel: None,
            }],
            make_gil,
            os,
            shared: Rc::new(RefCell::new(Shared {
                locks: vec![],
                cpu: Default::default(),
            })),
            recording: recording(&sink),
            sink,
            cpus: Cpus::new(cores),
            cost,
            max_time,
            main_exit: None,
        }
    }

    /// Records that `thread` did `kind()` now, if anything takes the events: with nothing
    /// recording, an event costs one test, and its kind (a `String` for some) is never made.
    #[inline]
    fn emit(&mut self, thread: u32, kind: impl FnOnce() -> EventKind) {
        if self.recording {
            self.record(thread, kind());
        }
    }

    fn record(&mut self, thread: u32, kind: EventKind) {
        let proc = self.threads.get(thread as usize).map_or(0, |th| th.proc);
        let e = Event {
            t: self.now,
            proc,
            thread,
            kind,
        };
        crate::trace::layer::emit(&e);
        self.sink.push(e);
    }

    /// Logs the events thread `t` reported while it ran, at the times it reported them (never
    /// before the last event logged).
    fn at(&mut self, t: u64, timer: Timer) {
        self.seq += 1;
        self.timers.push(Reverse((t, self.seq, timer)));
    }

    /// Create a thread of process `proc` whose coroutine runs `body` on a fresh VM.
    fn add_thread<F>(&mut self, proc: u32, name: &str, body: F) -> u32
    where
        F: FnOnce(&mut Vm) -> Done + 'static,
    {
        let id = self.threads.len() as u32;
        let shared = self.shared.clone();
        let interp = self.procs[proc as usize].interp.clone();
        let cost = self.cost.clone();
        let stack = DefaultStack::new(THREAD_STACK).expect("thread stack");
        let co =
            Coroutine::with_stack(stack, move |y: &Yielder<Resume, Yielded>, first: Resume| {
                let host = SimHost {
                    yielder: y as *const _,
                    shared,
                    ident: ident_of(id),
                    proc,
                };
                let mut vm = Vm::new(interp, Box::new(host), cost);
                vm.ticks = first.now_ns * 1000;
                vm.deadline = first.deadline_ns * 1000;
                let code = body(&mut vm);
                (vm.ticks / 1000, code)
            });
        self.threads.push(SimThread {
            proc,
            name: name.to_string(),
            co: Some(co),
            state: State::Starting,
            answer: Answer::None,
            io_call: None,
            timer_gen: 0,
            gil_gen: 0,
            pending_sleep: None,
            clock: 0,
            slice_start: 0,
            pending: None,
        });
        self.emit(id, || EventKind::ThreadStart {
            name: name.to_string(),
        });
        id
    }

    /// The switch interval of `t`'s process (`sys.setswitchinterval` changes it).
    fn interval(&self, t: u32) -> u64 {
        let p = self.threads[t as usize].proc as usize;
        (self.procs[p].interp.switch_interval.get() * 1e9)
            .round()
            .max(1.0) as u64
    }

    /// The GIL of `t`'s process.
    fn gil(&mut self, t: u32) -> &mut dyn Gil {
        let p = self.threads[t as usize].proc as usize;
        &mut *self.procs[p].gil
    }

    fn gil_kind(&self, t: u32) -> crate::gil::GilKind {
        self.procs[self.threads[t as usize].proc as usize]
            .gil
            .kind()
    }

    /// Ask for the GIL on behalf of `t`.
    fn request_gil(&mut self, t: u32) {
        self.threads[t as usize].state = State::WaitingGil;
        self.emit(t, || EventKind::GilRequest);
        let now = self.now;
        let fx = self.gil(t).request(t, now);
        self.apply(fx);
    }

    /// Carry out what the GIL state machine decided.
    fn apply(&mut self, effects: Effects) {
        for e in effects {
            match e {
                Effect::Acquired { thread, wait_ns } => {
                    self.threads[thread as usize].state = State::Running;
                    // with no core free, it queues for one (said first, so that a trace never
                    // shows more threads running than cores)
                    if self.cpus.runnable(thread) {
                        self.give_core(thread);
                    } else {
                        self.emit(thread, || EventKind::CpuWait);
                    }
                    self.emit(thread, || EventKind::GilAcquire { wait_ns });
                }
                Effect::Released { thread, reason } => {
                    self.emit(thread, || EventKind::GilRelease { reason });
                    self.leave_core(thread);
                }
                Effect::DropRequestSet { by } => self.emit(by, || EventKind::DropRequest),
                Effect::ArmTimer {
                    thread,
                    deadline_ns,
                } => {
                    let slack = self.os.timer_slack_ns;
                    self.threads[thread as usize].gil_gen += 1;
                    let gen = self.threads[thread as usize].gil_gen;
                    self.at(deadline_ns + slack, Timer::GilTimeout(thread, gen));
                }
                Effect::CancelTimer { .. } => {}
                Effect::Wake { thread } => {
                    let lat = self.os.wake_latency_ns;
                    self.at(self.now + lat, Timer::GilWake(thread));
                }
                Effect::ForcedSwitchDone { thread, by } => {
                    self.emit(thread, || EventKind::ForcedSwitch { by });
                    // the waiter on switch_cond runs one OS wake-up later
                    let lat = self.os.wake_latency_ns;
                    self.at(self.now + lat, Timer::ForcedResume(thread));
                }
            }
        }
    }

    fn fire(&mut self, timer: Timer) {
        if let Some(t) = timer.thread() {
            if self.threads[t as usize].state == State::Done {
                return; // its process was killed
            }
        }
        match timer {
            Timer::Start(t) => self.request_gil(t),
            Timer::SleepEnd(t) => {
                let call = self.threads[t as usize].io_call.take().unwrap_or_default();
                self.emit(t, || EventKind::IoEnd {
                    call: call.to_string(),
                });
                self.request_gil(t);
            }
            Timer::LockWake(t) => {
                let State::Blocked { lock, .. } = self.threads[t as usize].state.clone() else {
                    return;
                };
                let got = {
                    let mut s = self.shared.borrow_mut();
                    let l = &mut s.locks[lock as usize];
                    if l.locked {
                        // someone took it in between: wait again, first in line
                        l.waiters.push_front(t);
                        false
                    } else {
                        l.locked = true;
                        true
                    }
                };
                if got {
                    self.threads[t as usize].timer_gen += 1;
                    self.threads[t as usize].answer = Answer::Acquired(true);
                    self.emit(t, || EventKind::Unblock);
                    self.request_gil(t);
                }
            }
            Timer::LockTimeout(t, gen) => {
                if self.threads[t as usize].timer_gen != gen {
                    return;
                }
                let State::Blocked { lock, .. } = self.threads[t as usize].state.clone() else {
                    return;
                };
                self.shared.borrow_mut().locks[lock as usize]
                    .waiters
                    .retain(|&w| w != t);
                self.threads[t as usize].answer = Answer::Acquired(false);
                self.emit(t, || EventKind::Unblock);
                self.request_gil(t);
            }
            Timer::GilTimeout(t, gen) => {
                if self.threads[t as usize].gil_gen != gen {
                    return;
                }
                let now = self.now;
                let fx = self.gil(t).timeout(t, now);
                self.apply(fx);
            }
            Timer::ForcedResume(t) => {
                if let Some(ns) = self.threads[t as usize].pending_sleep.take() {
                    // the blocking call starts now that drop_gil has returned
                    self.threads[t as usize].state = State::Sleeping;
                    self.at(self.now + ns, Timer::SleepEnd(t));
                } else if self.threads[t as usize].state == State::ForcedSwitch {
                    // it finishes drop_gil and at once asks for the GIL again
                    self.request_gil(t);
                }
            }
            Timer::GilWake(t) => {
                let now = self.now;
                let fx = self.gil(t).woken(t, now);
                self.apply(fx);
            }
            Timer::Sentinel(proc) => self.exit_seen(proc),
        }
    }

    /// `t` got a core now.
    fn give_core(&mut self, t: u32) {
        let th = &mut self.threads[t as usize];
        th.clock = self.now;
        th.slice_start = self.now;
        let proc = th.proc;
        self.shared.borrow_mut().cpu.got_core(t, proc, self.now);
    }

    /// `t` stopped running; a thread waiting for a core may take its place.
    fn leave_core(&mut self, t: u32) {
        self.shared.borrow_mut().cpu.left_core(t, self.now);
        if let Some(next) = self.cpus.stop(t) {
            self.give_core(next);
            self.emit(next, || EventKind::CpuRun);
        }
    }

    /// Until when runner `t`, at its clock, may run before handing back control.
    fn next_deadline(&self, t: u32) -> u64 {
        let th = &self.threads[t as usize];
        let mut d = match self.timers.peek() {
            Some(Reverse((at, _, _))) => *at,
            None => u64::MAX / 2000,
        };
        // runners on other cores: run at most a quantum past the earliest of them
        for &o in self.cpus.on_cpu() {
            if o != t {
                d = d.min(self.threads[o as usize].clock.max(th.clock) + PARALLEL_QUANTUM_NS);
            }
        }
        if self.cpus.contended() {
            d = d.min(th.slice_start + self.cpus.timeslice_ns);
        }
        if self.gil_kind(t) == crate::gil::GilKind::Legacy {
            // Python 2 checks every 100 "ticks" (bytecodes): about a microsecond here
            d = d.min(th.clock + LEGACY_CHECK_NS);
        }
        if let Some(m) = self.max_time {
            d = d.min(m);
        }
        // come back to the loop now and then, so Ctrl-C is seen even with nothing else to do
        d.min(th.clock + INTERRUPT_POLL_NS)
    }

    /// Resume runner `t` from its clock until it stops at an eval-breaker point, a blocking
    /// call or its end; what it asks then is left pending at the clock it reached.
    fn step_thread(&mut self, t: u32) {
        let mut answer = std::mem::replace(&mut self.threads[t as usize].answer, Answer::None);
        let deadline_ns = self.next_deadline(t);
        let pending = loop {
            let th = &mut self.threads[t as usize];
            let resume = Resume {
                now_ns: th.clock,
                deadline_ns,
                answer,
            };
            // the coroutine stays in its slot while it runs: nothing it does reaches `self`
            let co = th.co.as_mut().expect("coroutine of a live thread");
            match co.resume(resume) {
                CoroutineResult::Return((clock, code)) => {
                    th.clock = th.clock.max(clock);
                    break Pending::Exit(code);
                }
                CoroutineResult::Yield((_, Ask::Name(name))) => {
                    // a name changes nothing in time: take it and go on
                    self.rename(t, name);
                    answer = Answer::None;
                }
                CoroutineResult::Yield((clock, ask)) => {
                    th.clock = th.clock.max(clock);
                    break Pending::Ask(ask);
                }
            }
        };
        self.threads[t as usize].pending = Some(pending);
    }

    /// The runner on a core that is furthest behind, with its clock.
    fn earliest_runner(&self) -> Option<(u64, u32)> {
        self.cpus
            .on_cpu()
            .iter()
            .map(|&t| (self.threads[t as usize].clock, t))
            .min()
    }

    fn finish_thread(&mut self, t: u32, code: Done) {
        self.threads[t as usize].state = State::Done;
        self.threads[t as usize].co = None;
        if t == 0 {
            self.main_exit = Some(code);
        }
        if self.gil(t).holds(t) {
            let now = self.now;
            let fx = self.gil(t).release(t, now, ReleaseReason::Exit);
            self.apply(fx);
        }
        self.leave_core(t);
        self.emit(t, || EventKind::ThreadEnd);
        let proc = self.threads[t as usize].proc;
        if proc != 0 && self.procs[proc as usize].main == t {
            // the child calls os._exit after its target: its other threads end with it
            self.end_members(proc);
            self.child_exited(proc, code);
        }
    }

    fn handle(&mut self, t: u32, ask: Ask) {
        match ask {
            Ask::Breaker => {
                let interval = self.interval(t);
                self.gil(t).set_interval(interval);
                if self.gil(t).holds(t) {
                    let ticks = if self.gil_kind(t) == crate::gil::GilKind::Legacy {
                        crate::gil::DEFAULT_CHECK_INTERVAL
                    } else {
                        1
                    };
                    if let Some(reason) = self.gil(t).poll(t, ticks) {
                        self.threads[t as usize].state = State::ForcedSwitch;
                        let now = self.now;
                        let fx = self.gil(t).release(t, now, reason);
                        self.apply(fx);
                        if !self.gil(t).in_forced_switch(t)
                            && self.threads[t as usize].state == State::ForcedSwitch
                        {
                            // no forced switch pending (legacy interval): ask again at once
                            self.request_gil(t);
                        }
                    }
                }
                self.end_of_slice(t);
            }
            Ask::Io {
                call,
                ns,
                timer_slack,
            } => {
                self.threads[t as usize].state = State::Sleeping;
                self.threads[t as usize].io_call = Some(call);
                self.emit(t, || EventKind::IoBegin {
                    call: call.into(),
                    dur_ns: Some(ns),
                });
                self.release_for_blocking(t);
                let dur = ns
                    + if timer_slack {
                        self.os.sleep_overhead_ns
                    } else {
                        0
                    };
                if self.gil(t).in_forced_switch(t) {
                    // drop_gil waits for another thread to take the GIL before the call starts
                    self.threads[t as usize].pending_sleep = Some(dur);
                } else {
                    self.at(self.now + dur, Timer::SleepEnd(t));
                }
            }
            Ask::LockWait {
                id,
                timeout,
                what,
                line,
            } => {
                {
                    // a thread running in parallel may have released it since this one found
                    // it taken (its release saw no waiter yet): take it now
                    let mut s = self.shared.borrow_mut();
                    let l = &mut s.locks[id as usize];
                    if !l.locked {
                        l.locked = true;
                        self.threads[t as usize].answer = Answer::Acquired(true);
                        return;
                    }
                    l.waiters.push_back(t);
                }
                self.threads[t as usize].state = State::Blocked {
                    lock: id,
                    what,
                    line,
                };
                self.threads[t as usize].timer_gen += 1;
                self.emit(t, || EventKind::Block {
                    what: what.to_string(),
                    line,
                });
                self.release_for_blocking(t);
                if let Some(to) = timeout {
                    let gen = self.threads[t as usize].timer_gen;
                    self.at(
                        self.now + to + self.os.timer_slack_ns,
                        Timer::LockTimeout(t, gen),
                    );
                }
            }
            Ask::LockReleased(id) => self.lock_released(id),
            Ask::Spawn { func, args, kwargs } => {
                let n = self.threads.len();
                let name = format!("Thread-{n}");
                let proc = self.threads[t as usize].proc;
                let id = self.add_thread(proc, &name, move |vm: &mut Vm| {
                    crate::vm::modules::thread::thread_body(vm, &func, &args, &kwargs)
                });
                let start = self.now + self.os.thread_start_ns;
                self.at(start, Timer::Start(id));
                self.threads[t as usize].answer = Answer::Spawned(ident_of(id));
            }
            Ask::Name(name) => self.rename(t, name),
            Ask::Fork { target } => self.fork(t, target),
            Ask::Trace(kind) => self.emit(t, || kind),
            Ask::Kill { pid, code } => self.kill(t, pid, code),
        }
    }

    /// Lock `id` was released: wake its first waiter, if any.
    fn lock_released(&mut self, id: u32) {
        let w = self.shared.borrow_mut().locks[id as usize]
            .waiters
            .pop_front();
        if let Some(w) = w {
            let lat = self.os.wake_latency_ns;
            self.at(self.now + lat, Timer::LockWake(w));
        }
    }

    /// The thread's name changed (a `thread_start` event carries the new one).
    fn rename(&mut self, t: u32, name: String) {
        self.threads[t as usize].name = name.clone();
        self.emit(t, || EventKind::ThreadStart { name });
    }

    /// At an eval-breaker point: a runner whose time slice is over while others wait for a
    /// core goes to the back of the run queue.
    fn end_of_slice(&mut self, t: u32) {
        let th = &self.threads[t as usize];
        if th.state != State::Running
            || !self.cpus.contended()
            || self.now < th.slice_start + self.cpus.timeslice_ns
        {
            return;
        }
        if let Some(next) = self.cpus.preempt(t) {
            self.shared.borrow_mut().cpu.left_core(t, self.now);
            self.emit(t, || EventKind::CpuWait);
            self.give_core(next);
            self.emit(next, || EventKind::CpuRun);
        }
    }

    /// `Py_BEGIN_ALLOW_THREADS`: the holder drops the GIL around a blocking call.
    fn release_for_blocking(&mut self, t: u32) {
        if self.gil(t).holds(t) {
            let now = self.now;
            let fx = self.gil(t).release(t, now, ReleaseReason::Blocking);
            // its `Released` takes `t` off its core
            self.apply(fx);
        } else {
            self.leave_core(t);
        }
    }

    /// Run the simulation with `main` as the main thread's body until the main thread ends.
    pub fn run<F>(&mut self, main: F) -> Result<i32, Stop>
    where
        F: FnOnce(&mut Vm) -> Done + 'static,
    {
        // a `tracing` subscriber set for this run is in place by now
        self.recording = recording(&self.sink);
        let m = self.add_thread(0, "MainThread", main);
        self.request_gil(m);
        loop {
            if let Some(code) = self.main_exit {
                return Ok(code);
            }
            if super::interrupt::requested() {
                return Err(Stop::Interrupted);
            }
            if let Some(max) = self.max_time {
                if self.now >= max {
                    return Err(Stop::MaxTime(max));
                }
            }
            // the earliest of: the runner furthest behind, the next timer (first on a tie)
            let timer_at = self.timers.peek().map(|Reverse((at, _, _))| *at);
            if let Some((clock, t)) = self.earliest_runner() {
                if timer_at.map_or(true, |at| clock < at) {
                    self.now = self.now.max(clock);
                    match self.threads[t as usize].pending.take() {
                        Some(Pending::Ask(ask)) => self.handle(t, ask),
                        Some(Pending::Exit(code)) => self.finish_thread(t, code),
                        None => self.step_thread(t),
                    }
                    continue;
                }
            }
            match self.timers.pop() {
                Some(Reverse((at, _, timer))) => {
                    self.now = self.now.max(at);
                    self.fire(timer);
                }
                None => return Err(Stop::Deadlock(self.describe_deadlock())),
            }
        }
    }

    fn describe_deadlock(&self) -> String {
        let mut out = String::from("deadlock: no thread can run again\n");
        for (i, th) in self.threads.iter().enumerate() {
            let what = match &th.state {
                State::Blocked { what, .. } if *what == "select" => {
                    "waits in select: its event loop has no callback ready and no timer, and \
                     every task awaits something nothing will complete"
                        .into()
                }
                State::Blocked { what, line, .. } => format!("waits in {what} at line {line}"),
                State::WaitingGil => "waits for the GIL".into(),
                State::Sleeping => "sleeps".into(),
                State::Done => continue,
                other => format!("{other:?}"),
            };
            out.push_str(&format!("  thread {} ({}) {}\n", i, th.name, what));
        }
        out
    }

    /// The simulated time now, in nanoseconds.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Names of the threads, by id.
    pub fn thread_names(&self) -> Vec<String> {
        self.threads.iter().map(|t| t.name.clone()).collect()
    }
}

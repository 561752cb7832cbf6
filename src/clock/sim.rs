//! The virtual clock: a deterministic discrete-event simulation of threads under a GIL.
//!
//! Every Python thread runs on its own stackful coroutine (so a blocking call can suspend it
//! from any depth, native code included), all on one OS thread. The scheduler owns the outer
//! loop: it resumes the GIL holder until its next eval-breaker point past a deadline (the time
//! of the next pending event), handles what the thread asks for (sleep, lock waits, spawning),
//! fires timers, and feeds the GIL state machine of `crate::gil`. Time is simulated: the VM
//! charges instruction costs; waits and OS latencies come from [`OsModel`]. The only
//! randomness (which waiter a signal wakes) is the GIL's one RNG, seeded by `--seed`.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::rc::Rc;

use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};

use super::OsModel;
use crate::gil::{Effect, Gil};
use crate::trace::event::{Event, EventKind, ReleaseReason};
use crate::vm::value::{PyStr, Value};
use crate::vm::{Host, PyResult, Vm};

/// Simulated time between the legacy GIL's checks (its 100 ticks).
const LEGACY_CHECK_NS: u64 = 1_000;

/// Simulated time after which the holder comes back to the scheduler loop at the latest (its
/// check of Ctrl-C). Nothing happens at such a return, so runs stay deterministic; like every
/// suspension it drops the thread's sub-nanosecond remainder of charged time.
const INTERRUPT_POLL_NS: u64 = 20_000_000;

/// Stack reserved for each thread's coroutine (committed lazily by the OS).
const THREAD_STACK: usize = 256 << 20;

/// What a thread asks of the scheduler when it suspends.
enum Ask {
    /// At an eval-breaker point past its deadline.
    Breaker,
    /// `time.sleep`: release the GIL for `ns`.
    Sleep(u64),
    /// Wait for lock `id` (GIL released), at most `timeout` ns.
    LockWait {
        id: u32,
        timeout: Option<u64>,
        what: String,
        line: u32,
    },
    /// Lock `id` was released and has waiters: wake one.
    LockReleased(u32),
    /// Start a thread.
    Spawn {
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<PyStr>, Value)>,
    },
    /// The thread's name changed.
    Name(String),
}

/// How the scheduler resumes a thread.
struct Resume {
    now_ns: u64,
    deadline_ns: u64,
    /// The answer to the thread's `Ask`.
    answer: Answer,
}

enum Answer {
    None,
    Acquired(bool),
    Spawned(i64),
}

/// How a thread's coroutine ended: 0 for a normal end, else the main thread's exit code.
type Done = i32;

/// A suspension: the thread's clock (ns) and what it asks.
type Yielded = (u64, Ask);

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
        what: String,
        line: u32,
    },
    Done,
}

struct SimThread {
    name: String,
    co: Option<ThreadCo>,
    state: State,
    /// The answer to deliver when the thread next runs.
    answer: Answer,
    /// When it asked for the GIL.
    /// Its current blocking call (for `io_end`).
    io_call: Option<String>,
    /// A timeout timer's generation, to ignore stale timers.
    timer_gen: u64,
    /// The GIL wait timer's generation.
    gil_gen: u64,
    /// A sleep to start once a forced switch completes (`drop_gil` comes first in CPython).
    pending_sleep: Option<u64>,
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
}

struct SimLock {
    locked: bool,
    waiters: VecDeque<u32>,
}

/// State shared between the scheduler and the threads' hosts (same OS thread).
struct Shared {
    locks: Vec<SimLock>,
}

/// The scheduler.
pub struct Sim {
    now: u64,
    seq: u64,
    timers: BinaryHeap<Reverse<(u64, u64, Timer)>>,
    threads: Vec<SimThread>,
    gil: Box<dyn Gil>,
    os: OsModel,
    shared: Rc<RefCell<Shared>>,
    /// Every event of the run, in order (the report folds them).
    pub events: Vec<Event>,
    /// Set when the thread being resumed is the holder.
    running: Option<u32>,
    interp: Rc<crate::vm::Interp>,
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

/// The host a thread's VM talks to: suspends the coroutine to ask the scheduler.
struct SimHost {
    yielder: *const Yielder<Resume, Yielded>,
    shared: Rc<RefCell<Shared>>,
    ident: i64,
}

impl SimHost {
    fn ask(&self, vm: &mut Vm, ask: Ask) -> Answer {
        // SAFETY: the yielder outlives the coroutine body this host is used in.
        let y = unsafe { &*self.yielder };
        let r = y.suspend((vm.ticks / 1000, ask));
        vm.ticks = r.now_ns * 1000;
        vm.deadline = r.deadline_ns * 1000;
        r.answer
    }
}

impl Host for SimHost {
    fn eval_breaker(&mut self, vm: &mut Vm) -> PyResult<()> {
        self.ask(vm, Ask::Breaker);
        Ok(())
    }
    fn sleep(&mut self, vm: &mut Vm, ns: u64) -> PyResult<()> {
        self.ask(vm, Ask::Sleep(ns));
        Ok(())
    }
    fn switch_interval_changed(&mut self, vm: &mut Vm) {
        // the scheduler reads the interval from the interpreter at its next decision
        vm.deadline = 0;
    }
    fn lock_new(&mut self) -> u32 {
        let mut s = self.shared.borrow_mut();
        s.locks.push(SimLock {
            locked: false,
            waiters: VecDeque::new(),
        });
        s.locks.len() as u32 - 1
    }
    fn lock_acquire(
        &mut self,
        vm: &mut Vm,
        id: u32,
        blocking: bool,
        timeout_ns: Option<u64>,
    ) -> PyResult<bool> {
        {
            let mut s = self.shared.borrow_mut();
            let l = &mut s.locks[id as usize];
            if !l.locked {
                l.locked = true;
                return Ok(true);
            }
        }
        if !blocking || timeout_ns == Some(0) {
            return Ok(false);
        }
        let (what, line) = match vm.frames.last() {
            Some(f) => ("lock.acquire".to_string(), f.code().line_at(f.ip)),
            None => ("lock.acquire".to_string(), 0),
        };
        match self.ask(
            vm,
            Ask::LockWait {
                id,
                timeout: timeout_ns,
                what,
                line,
            },
        ) {
            Answer::Acquired(b) => Ok(b),
            _ => Ok(false),
        }
    }
    fn lock_release(&mut self, vm: &mut Vm, id: u32) -> PyResult<()> {
        let has_waiters = {
            let mut s = self.shared.borrow_mut();
            let l = &mut s.locks[id as usize];
            l.locked = false;
            !l.waiters.is_empty()
        };
        if has_waiters {
            self.ask(vm, Ask::LockReleased(id));
        }
        Ok(())
    }
    fn lock_locked(&self, id: u32) -> bool {
        self.shared.borrow().locks[id as usize].locked
    }
    fn spawn(
        &mut self,
        vm: &mut Vm,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<PyStr>, Value)>,
    ) -> PyResult<i64> {
        match self.ask(vm, Ask::Spawn { func, args, kwargs }) {
            Answer::Spawned(id) => Ok(id),
            _ => Err(vm.runtime_error("can't start new thread")),
        }
    }
    fn thread_ident(&self) -> i64 {
        self.ident
    }
    fn set_thread_name(&mut self, name: &str) {
        // no VM at hand here: the name goes with the next suspension
        // SAFETY: as in `ask`.
        let y = unsafe { &*self.yielder };
        let _ = y.suspend((0, Ask::Name(name.to_string())));
    }
}

/// A thread ident as `threading.get_ident()` shows it (stable and deterministic).
pub fn ident_of(thread: u32) -> i64 {
    140_000_000_000_000 + thread as i64 * 4096
}

impl Sim {
    /// A scheduler for `interp`, with the GIL design `gil`.
    pub fn new(
        interp: Rc<crate::vm::Interp>,
        cost: Rc<crate::vm::cost::CostModel>,
        gil: Box<dyn Gil>,
        os: OsModel,
        max_time: Option<u64>,
    ) -> Sim {
        Sim {
            now: 0,
            seq: 0,
            timers: BinaryHeap::new(),
            threads: vec![],
            gil,
            os,
            shared: Rc::new(RefCell::new(Shared { locks: vec![] })),
            events: vec![],
            running: None,
            interp,
            cost,
            max_time,
            main_exit: None,
        }
    }

    fn emit(&mut self, thread: u32, kind: EventKind) {
        let e = Event {
            t: self.now,
            proc: 0,
            thread,
            kind,
        };
        crate::trace::layer::emit(&e);
        self.events.push(e);
    }

    fn at(&mut self, t: u64, timer: Timer) {
        self.seq += 1;
        self.timers.push(Reverse((t, self.seq, timer)));
    }

    /// Create a thread whose coroutine runs `body` on a fresh VM.
    fn add_thread<F>(&mut self, name: &str, body: F) -> u32
    where
        F: FnOnce(&mut Vm) -> Done + 'static,
    {
        let id = self.threads.len() as u32;
        let shared = self.shared.clone();
        let interp = self.interp.clone();
        let cost = self.cost.clone();
        let stack = DefaultStack::new(THREAD_STACK).expect("thread stack");
        let co =
            Coroutine::with_stack(stack, move |y: &Yielder<Resume, Yielded>, first: Resume| {
                let host = SimHost {
                    yielder: y as *const _,
                    shared,
                    ident: ident_of(id),
                };
                let mut vm = Vm::new(interp, Box::new(host), cost);
                vm.ticks = first.now_ns * 1000;
                vm.deadline = first.deadline_ns * 1000;
                let code = body(&mut vm);
                (vm.ticks / 1000, code)
            });
        self.threads.push(SimThread {
            name: name.to_string(),
            co: Some(co),
            state: State::Starting,
            answer: Answer::None,
            io_call: None,
            timer_gen: 0,
            gil_gen: 0,
            pending_sleep: None,
        });
        self.emit(
            id,
            EventKind::ThreadStart {
                name: name.to_string(),
            },
        );
        id
    }

    fn interval(&self) -> u64 {
        (self.interp.switch_interval.get() * 1e9).round().max(1.0) as u64
    }

    /// Ask for the GIL on behalf of `t`.
    fn request_gil(&mut self, t: u32) {
        self.threads[t as usize].state = State::WaitingGil;
        self.emit(t, EventKind::GilRequest);
        let fx = self.gil.request(t, self.now);
        self.apply(fx);
    }

    /// Carry out what the GIL state machine decided.
    fn apply(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Acquired { thread, wait_ns } => {
                    self.emit(thread, EventKind::GilAcquire { wait_ns });
                    self.threads[thread as usize].state = State::Running;
                    self.running = Some(thread);
                }
                Effect::Released { thread, reason } => {
                    self.emit(thread, EventKind::GilRelease { reason });
                    if self.running == Some(thread) {
                        self.running = None;
                    }
                }
                Effect::DropRequestSet { by } => self.emit(by, EventKind::DropRequest),
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
                    self.emit(thread, EventKind::ForcedSwitch { by });
                    // the waiter on switch_cond runs one OS wake-up later
                    let lat = self.os.wake_latency_ns;
                    self.at(self.now + lat, Timer::ForcedResume(thread));
                }
            }
        }
    }

    /// Fire every timer due at or before `now`.
    fn fire_due(&mut self) {
        while let Some(Reverse((t, _, _))) = self.timers.peek() {
            if *t > self.now {
                break;
            }
            let Reverse((t, _, timer)) = self.timers.pop().unwrap();
            self.now = self.now.max(t);
            self.fire(timer);
        }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Start(t) => self.request_gil(t),
            Timer::SleepEnd(t) => {
                let call = self.threads[t as usize].io_call.take().unwrap_or_default();
                self.emit(t, EventKind::IoEnd { call });
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
                    self.emit(t, EventKind::Unblock);
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
                self.emit(t, EventKind::Unblock);
                self.request_gil(t);
            }
            Timer::GilTimeout(t, gen) => {
                if self.threads[t as usize].gil_gen != gen {
                    return;
                }
                let fx = self.gil.timeout(t, self.now);
                self.apply(fx);
            }
            Timer::ForcedResume(t) => {
                if let Some(ns) = self.threads[t as usize].pending_sleep.take() {
                    // the blocking call starts now that drop_gil has returned
                    self.threads[t as usize].state = State::Sleeping;
                    let end = self.now + ns + self.os.sleep_overhead_ns;
                    self.at(end, Timer::SleepEnd(t));
                } else if self.threads[t as usize].state == State::ForcedSwitch {
                    // it finishes drop_gil and at once asks for the GIL again
                    self.request_gil(t);
                }
            }
            Timer::GilWake(t) => {
                let fx = self.gil.woken(t, self.now);
                self.apply(fx);
            }
        }
    }

    fn next_deadline(&self) -> u64 {
        let mut d = match self.timers.peek() {
            Some(Reverse((t, _, _))) => *t,
            None => u64::MAX / 2000,
        };
        if self.gil.kind() == crate::gil::GilKind::Legacy {
            // Python 2 checks every 100 "ticks" (bytecodes): about a microsecond here
            d = d.min(self.now + LEGACY_CHECK_NS);
        }
        if let Some(m) = self.max_time {
            d = d.min(m);
        }
        // come back to the loop now and then, so Ctrl-C is seen even with nothing else to do
        d.min(self.now + INTERRUPT_POLL_NS)
    }

    /// Resume the holder `t` until it asks for something, and handle it.
    fn step_thread(&mut self, t: u32) {
        let answer = std::mem::replace(&mut self.threads[t as usize].answer, Answer::None);
        let resume = Resume {
            now_ns: self.now,
            deadline_ns: self.next_deadline(),
            answer,
        };
        let mut co = self.threads[t as usize]
            .co
            .take()
            .expect("coroutine of a live thread");
        let r = co.resume(resume);
        self.threads[t as usize].co = Some(co);
        match r {
            CoroutineResult::Return((clock, code)) => {
                self.now = self.now.max(clock);
                self.finish_thread(t, code);
            }
            CoroutineResult::Yield((clock, ask)) => {
                // the thread's clock is the simulation's clock while it holds the GIL
                self.now = self.now.max(clock);
                self.handle(t, ask);
            }
        }
    }

    fn finish_thread(&mut self, t: u32, code: Done) {
        self.threads[t as usize].state = State::Done;
        self.threads[t as usize].co = None;
        if t == 0 {
            self.main_exit = Some(code);
        }
        if self.gil.holds(t) {
            let fx = self.gil.release(t, self.now, ReleaseReason::Exit);
            self.apply(fx);
        }
        if self.running == Some(t) {
            self.running = None;
        }
        self.emit(t, EventKind::ThreadEnd);
    }

    fn handle(&mut self, t: u32, ask: Ask) {
        match ask {
            Ask::Breaker => {
                self.fire_due();
                let interval = self.interval();
                self.gil.set_interval(interval);
                if self.gil.holds(t) {
                    let ticks = if self.gil.kind() == crate::gil::GilKind::Legacy {
                        crate::gil::DEFAULT_CHECK_INTERVAL
                    } else {
                        1
                    };
                    if let Some(reason) = self.gil.poll(t, ticks) {
                        self.threads[t as usize].state = State::ForcedSwitch;
                        let fx = self.gil.release(t, self.now, reason);
                        self.apply(fx);
                        if !self.gil.in_forced_switch(t)
                            && self.threads[t as usize].state == State::ForcedSwitch
                        {
                            // no forced switch pending (legacy interval): ask again at once
                            self.request_gil(t);
                        }
                    }
                }
            }
            Ask::Sleep(ns) => {
                self.threads[t as usize].state = State::Sleeping;
                self.threads[t as usize].io_call = Some("time.sleep".into());
                self.emit(
                    t,
                    EventKind::IoBegin {
                        call: "time.sleep".into(),
                        dur_ns: Some(ns),
                    },
                );
                self.release_for_blocking(t);
                if self.gil.in_forced_switch(t) {
                    // drop_gil waits for another thread to take the GIL before the call starts
                    self.threads[t as usize].pending_sleep = Some(ns);
                } else {
                    let end = self.now + ns + self.os.sleep_overhead_ns;
                    self.at(end, Timer::SleepEnd(t));
                }
            }
            Ask::LockWait {
                id,
                timeout,
                what,
                line,
            } => {
                self.shared.borrow_mut().locks[id as usize]
                    .waiters
                    .push_back(t);
                self.threads[t as usize].state = State::Blocked {
                    lock: id,
                    what: what.clone(),
                    line,
                };
                self.threads[t as usize].timer_gen += 1;
                self.emit(t, EventKind::Block { what, line });
                self.release_for_blocking(t);
                if let Some(to) = timeout {
                    let gen = self.threads[t as usize].timer_gen;
                    self.at(
                        self.now + to + self.os.timer_slack_ns,
                        Timer::LockTimeout(t, gen),
                    );
                }
            }
            Ask::LockReleased(id) => {
                let w = self.shared.borrow_mut().locks[id as usize]
                    .waiters
                    .pop_front();
                if let Some(w) = w {
                    let lat = self.os.wake_latency_ns;
                    self.at(self.now + lat, Timer::LockWake(w));
                }
            }
            Ask::Spawn { func, args, kwargs } => {
                let n = self.threads.len();
                let name = format!("Thread-{n}");
                let id = self.add_thread(&name, move |vm: &mut Vm| {
                    if let Err(e) = vm.call(&func, &args, &kwargs) {
                        let tb = vm.format_traceback(&e);
                        vm.write_stderr(&format!(
                            "Unhandled exception in thread started by {}\n{}",
                            "<function>", tb
                        ));
                    }
                    vm.flush();
                    0
                });
                let start = self.now + self.os.thread_start_ns;
                self.at(start, Timer::Start(id));
                self.threads[t as usize].answer = Answer::Spawned(ident_of(id));
            }
            Ask::Name(name) => {
                self.threads[t as usize].name = name.clone();
                self.emit(t, EventKind::ThreadStart { name });
            }
        }
    }

    /// `Py_BEGIN_ALLOW_THREADS`: the holder drops the GIL around a blocking call.
    fn release_for_blocking(&mut self, t: u32) {
        if self.gil.holds(t) {
            let fx = self.gil.release(t, self.now, ReleaseReason::Blocking);
            self.apply(fx);
        }
        if self.running == Some(t) {
            self.running = None;
        }
    }

    /// Run the simulation with `main` as the main thread's body until the main thread ends.
    pub fn run<F>(&mut self, main: F) -> Result<i32, Stop>
    where
        F: FnOnce(&mut Vm) -> Done + 'static,
    {
        let m = self.add_thread("MainThread", main);
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
            if let Some(t) = self.running {
                if self.threads[t as usize].state == State::Running {
                    self.step_thread(t);
                    continue;
                }
            }
            // nobody runs Python: jump to the next timer
            match self.timers.pop() {
                Some(Reverse((t, _, timer))) => {
                    self.now = self.now.max(t);
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

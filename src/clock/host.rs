//! How a thread of the virtual clock talks to the scheduler: its [`Host`] suspends the
//! thread's coroutine with an [`Ask`] and resumes with the scheduler's [`Answer`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use corosensei::Yielder;

use crate::vm::value::{PyStr, Value};
use crate::vm::{Host, PyResult, Vm};

/// A suspension: the thread's clock (ns) and what it asks.
pub(super) type Yielded = (u64, Ask);

/// What a thread asks of the scheduler when it suspends.
pub(super) enum Ask {
    /// At an eval-breaker point past its deadline.
    Breaker,
    /// A blocking call: release the GIL for `ns` (plus the OS's timer slack for a sleep).
    Io {
        call: &'static str,
        ns: u64,
        timer_slack: bool,
    },
    /// Wait for lock `id` (GIL released), at most `timeout` ns.
    LockWait {
        id: u32,
        timeout: Option<u64>,
        what: &'static str,
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
    /// `fork()`: start a child process whose main thread calls `target()`.
    Fork { target: Value },
    /// Record an event the VM saw (a message between processes).
    Trace(crate::trace::event::EventKind),
    /// End process `pid` at once with exit code `code`.
    Kill { pid: i64, code: i32 },
}

/// How the scheduler resumes a thread.
pub(super) struct Resume {
    pub now_ns: u64,
    pub deadline_ns: u64,
    /// The answer to the thread's `Ask`.
    pub answer: Answer,
}

pub(super) enum Answer {
    None,
    Acquired(bool),
    Spawned(i64),
    /// A child's pid and its sentinel lock.
    Forked(i64, u32),
    /// The request failed, for this reason (a `RuntimeError`).
    Refused(String),
}

/// The host a thread's VM talks to: suspends the coroutine to ask the scheduler.
pub(super) struct SimHost {
    pub yielder: *const Yielder<Resume, Yielded>,
    pub shared: Rc<RefCell<Shared>>,
    pub ident: i64,
    /// The thread's process.
    pub proc: u32,
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
        self.ask(
            vm,
            Ask::Io {
                call: "time.sleep",
                ns,
                timer_slack: true,
            },
        );
        Ok(())
    }
    fn syscall(&mut self, vm: &mut Vm, call: &'static str, ns: u64) -> PyResult<()> {
        self.ask(
            vm,
            Ask::Io {
                call,
                ns,
                timer_slack: false,
            },
        );
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
        // what the wait is called in the trace (asyncio's loop waiting is `select`)
        let label = crate::vm::modules::aio::take_block_label().unwrap_or("lock.acquire");
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
        let line = vm.frames.last().map_or(0, |f| f.code().line_at(f.ip));
        match self.ask(
            vm,
            Ask::LockWait {
                id,
                timeout: timeout_ns,
                what: label,
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
    fn fork(&mut self, vm: &mut Vm, target: Value) -> PyResult<(i64, u32)> {
        match self.ask(vm, Ask::Fork { target }) {
            Answer::Forked(pid, lock) => Ok((pid, lock)),
            Answer::Refused(why) => Err(vm.runtime_error(why)),
            _ => Err(vm.runtime_error("fork failed")),
        }
    }
    fn kill(&mut self, vm: &mut Vm, pid: i64, code: i32) -> PyResult<bool> {
        Ok(matches!(
            self.ask(vm, Ask::Kill { pid, code }),
            Answer::Acquired(true)
        ))
    }
    fn trace(&mut self, vm: &mut Vm, kind: crate::trace::event::EventKind) {
        self.ask(vm, Ask::Trace(kind));
    }
    fn cpu_ns(&self, vm: &Vm) -> u64 {
        self.shared
            .borrow()
            .cpu
            .process_ns(self.proc, vm.ticks / 1000)
    }
    fn set_thread_name(&mut self, name: &str) {
        // no VM at hand here: the name goes with the next suspension
        // SAFETY: as in `ask`.
        let y = unsafe { &*self.yielder };
        let _ = y.suspend((0, Ask::Name(name.to_string())));
    }
}

pub(super) struct SimLock {
    pub locked: bool,
    pub waiters: VecDeque<u32>,
}

/// State shared between the scheduler and the threads' hosts (same OS thread).
pub(super) struct Shared {
    pub locks: Vec<SimLock>,
    /// The CPU time of each process.
    pub cpu: super::cpu::CpuClock,
}

//! Processes on the real clock: `fork()`, killing a process, and a child's exit as its parent
//! sees it (exit code, sentinel, exit notices).
//!
//! A child is an interpreter of this OS process with a heap of its own (the fork's copy, which
//! shares nothing with its parent's), a [`RealGil`] of its own and OS threads of its own: it
//! runs in parallel with its parent, and its threads contend only for its GIL. Its exit is
//! carried out by its GIL once no thread of it runs Python code any more
//! ([`RealGil::on_exit`]): the exit code is set, then the sentinel and the exit notices are
//! released, so a parent that wakes from `join()` finds the exit code.

use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use super::gil::{Detached, ExitHook, GilHeld, RealGil};
use super::log::RunLog;
use super::{Body, Runtime, THREAD_STACK};
use crate::clock::sim::Stop;
use crate::trace::event::EventKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// A process of the run.
struct Proc {
    gil: Arc<RealGil>,
    pid: i64,
}

/// The processes of a run, the main one first (a process's index is its `proc` in the trace).
pub(super) struct Procs {
    list: Mutex<Vec<Proc>>,
}

impl Procs {
    /// The run's processes: so far its main one, `pid`, under `gil`.
    pub fn new(gil: Arc<RealGil>, pid: i64) -> Procs {
        Procs {
            list: Mutex::new(vec![Proc { gil, pid }]),
        }
    }

    /// Every process's GIL, in order.
    pub fn gils(&self) -> Vec<Arc<RealGil>> {
        self.list.lock().iter().map(|p| p.gil.clone()).collect()
    }

    /// The GIL of process `pid`, if there is one.
    fn by_pid(&self, pid: i64) -> Option<Arc<RealGil>> {
        let list = self.list.lock();
        list.iter().find(|p| p.pid == pid).map(|p| p.gil.clone())
    }

    /// Ends every process (the run is over, or is being stopped for `why`).
    pub fn stop_all(&self, why: Stop) {
        let list = self.list.lock();
        for p in list.iter() {
            p.gil.stop(why.clone());
        }
    }

    /// Stops the run for `why`: its outcome first, then every process.
    pub fn stop_run(&self, log: &RunLog, why: Stop) {
        log.finish(Err(why.clone()));
        self.stop_all(why);
    }

    /// Waits up to `timeout` until no thread of any process runs Python code; whether none
    /// does.
    pub fn wait_quiet(&self, timeout: Duration) -> bool {
        let until = Instant::now() + timeout;
        self.gils().iter().all(|g| g.wait_quiet(until))
    }

    /// A new process `pid` with a GIL driving `machine`, unless the run has ended (checked
    /// under the list's lock, so [`Procs::stop_all`] cannot miss it).
    fn add(
        &self,
        log: &Arc<RunLog>,
        pid: i64,
        machine: Box<dyn crate::gil::Gil>,
    ) -> Option<Arc<RealGil>> {
        let mut list = self.list.lock();
        if log.has_ended() {
            return None;
        }
        let gil = RealGil::in_run(machine, log.clone(), list.len() as u32);
        list.push(Proc {
            gil: gil.clone(),
            pid,
        });
        Some(gil)
    }
}

/// `os.fork()` by the thread holding `held`: a child process, a copy of `vm`'s interpreter,
/// whose main thread calls `target()`. Its pid and sentinel lock (held until it has exited).
pub(super) fn fork(
    rt: &Arc<Runtime>,
    held: &GilHeld,
    vm: &mut Vm,
    target: Value,
) -> PyResult<(i64, u32)> {
    let pid = vm.interp.ipc.lock().new_pid();
    let (child, target) = match crate::vm::fork::fork_interp(&vm.interp, pid, &target) {
        Ok(c) => c,
        Err(why) => {
            vm.interp.ipc.lock().exited(pid, 1);
            return Err(vm.runtime_error(why));
        }
    };
    let interval = (child.switch_interval.get() * 1e9).round().max(1.0) as u64;
    let machine = crate::gil::make(rt.gil_kind.as_str(), interval, rt.seed);
    let Some(gil) = rt.procs.add(&rt.log, pid, machine) else {
        return Err(vm.runtime_error("the run has ended"));
    };
    let sentinel = rt.locks.allocate();
    rt.locks.try_acquire(sentinel);
    gil.on_exit(exit_hook(rt, pid, sentinel));
    let cost = Rc::new((*vm.cost).clone());
    let body: Body =
        Box::new(move |vm: &mut Vm| crate::vm::modules::process::child_main(vm, &target));
    // SAFETY: the fork's copy shares no `Rc` with any other heap (see `crate::vm::fork`), and
    // the cost model is a copy too: nothing but this payload reaches the child's heap.
    let payload = unsafe { Detached::new_unchecked((Rc::new(child), cost, body)) };
    let main = gil.add_thread(|_| "MainThread".to_string());
    let parent = held.gil().proc();
    gil.note(
        main,
        EventKind::ProcStart {
            pid: pid as u64,
            parent,
        },
    );
    if !Runtime::start(rt, &gil, main, THREAD_STACK, payload) {
        gil.thread_failed(main);
        gil.kill(1);
        return Err(vm.runtime_error("can't start new process"));
    }
    Ok((pid, sentinel))
}

/// What the parent sees once child `pid` has exited: its exit code, then its sentinel and
/// the exit notices asked for it released.
fn exit_hook(rt: &Runtime, pid: i64, sentinel: u32) -> ExitHook {
    let (ipc, locks) = (rt.ipc.clone(), rt.locks.clone());
    Box::new(move |code| {
        let freed = {
            let mut ipc = ipc.lock();
            ipc.exited(pid, code);
            ipc.reap(pid)
        };
        locks.release(sentinel);
        for lock in freed {
            locks.release(lock);
        }
    })
}

/// `os.kill(pid)` or `os._exit(code)` by the thread holding `held`: process `pid` exits with
/// `code` once no thread of it runs Python code (at once for `os._exit`: the caller never
/// returns). False if there is no such process.
pub(super) fn kill(held: &mut GilHeld, rt: &Runtime, vm: &mut Vm, pid: i64, code: i32) -> bool {
    let Some(gil) = rt.procs.by_pid(pid) else {
        return false;
    };
    gil.kill(code);
    if Arc::ptr_eq(&gil, held.gil()) {
        vm.flush();
        held.park_now();
    }
    true
}

//! The [`Host`] a thread's VM talks to on the real clock: eval-breaker checks of the drop
//! request, real sleeps and lock waits with the GIL released, threads started on OS threads,
//! and the monotonic clock for `time`.

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use super::gil::{Blocked, BlockingCall, Detached, GilHeld};
use super::Runtime;
use crate::clock::sim::ident_of;
use crate::vm::value::{PyStr, Value};
use crate::vm::{Host, PyResult, Vm};

/// Charged time (the VM's `ticks`, in picoseconds) between two looks at the drop request:
/// 2 µs of the cost model, about 150 loop iterations, about a microsecond of real time.
pub const POLL_PS: u64 = 2_000_000;

/// The legacy GIL counts 100 ticks between checks: about 1 µs of charged time, as on the
/// virtual clock.
const LEGACY_POLL_PS: u64 = 1_000_000;

/// A thread's host: the GIL it holds, and the run it belongs to.
pub struct RealHost {
    rt: Arc<Runtime>,
    held: GilHeld,
    poll_ps: u64,
}

impl RealHost {
    /// The host of the thread holding `held`.
    pub fn new(rt: Arc<Runtime>, held: GilHeld) -> RealHost {
        let poll_ps = if rt.legacy() { LEGACY_POLL_PS } else { POLL_PS };
        RealHost { rt, held, poll_ps }
    }

    /// The next eval-breaker check, `poll_ps` of charged time from now.
    fn rearm(&self, vm: &mut Vm) {
        vm.deadline = vm.ticks.saturating_add(self.poll_ps);
    }
}

impl Host for RealHost {
    fn eval_breaker(&mut self, vm: &mut Vm) -> PyResult<()> {
        self.held.eval_breaker();
        self.rearm(vm);
        Ok(())
    }

    fn sleep(&mut self, vm: &mut Vm, ns: u64) -> PyResult<()> {
        self.held
            .allow_threads(BlockingCall::Sleep { ns }, move || {
                // a relative nanosleep, so sleep(0) makes the syscall (and pays its timer slack)
                // as CPython's does
                std::thread::sleep(Duration::from_nanos(ns.max(1)));
            });
        self.rearm(vm);
        Ok(())
    }

    fn switch_interval_changed(&mut self, vm: &mut Vm) {
        let ns = (vm.interp.switch_interval.get() * 1e9).round().max(1.0) as u64;
        self.held.set_interval(ns);
    }

    fn lock_new(&mut self) -> u32 {
        self.rt.locks.allocate()
    }

    fn lock_acquire(
        &mut self,
        vm: &mut Vm,
        id: u32,
        blocking: bool,
        timeout_ns: Option<u64>,
    ) -> PyResult<bool> {
        // what the wait is called in the trace (asyncio's loop waiting is `select`)
        let what = crate::vm::modules::aio::take_block_label().unwrap_or("lock.acquire");
        if self.rt.locks.try_acquire(id) {
            return Ok(true);
        }
        if !blocking || timeout_ns == Some(0) {
            return Ok(false);
        }
        let line = vm.frames.last().map_or(0, |f| f.code().line_at(f.ip));
        let blocked = Blocked {
            lock: id,
            what: what.to_string(),
            line,
        };
        let (locks, lock, t) = (
            self.rt.locks.clone(),
            self.rt.locks.get(id),
            self.held.thread(),
        );
        let dead = self.held.gil().dead_flag();
        let timeout = timeout_ns.map(Duration::from_nanos);
        let got = self
            .held
            .allow_threads(BlockingCall::LockWait(blocked), move || {
                locks.wait_acquire(&lock, t, timeout, &dead)
            });
        self.rearm(vm);
        Ok(got)
    }

    fn lock_release(&mut self, _vm: &mut Vm, id: u32) -> PyResult<()> {
        self.rt.locks.release(id);
        Ok(())
    }

    fn lock_locked(&self, id: u32) -> bool {
        self.rt.locks.locked(id)
    }

    fn spawn(
        &mut self,
        vm: &mut Vm,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<PyStr>, Value)>,
    ) -> PyResult<i64> {
        let body: super::Body = Box::new(move |vm: &mut Vm| {
            crate::vm::modules::thread::thread_body(vm, &func, &args, &kwargs)
        });
        let payload = Detached::new((vm.interp.clone(), vm.cost.clone(), body), &self.held);
        let gil = self.held.gil().clone();
        let name = |id| format!("Thread-{id}");
        match Runtime::spawn(&self.rt, &gil, name, super::THREAD_STACK, payload) {
            Some(id) => Ok(ident_of(id)),
            None => Err(vm.runtime_error("can't start new thread")),
        }
    }

    fn thread_ident(&self) -> i64 {
        ident_of(self.held.thread())
    }

    fn set_thread_name(&mut self, name: &str) {
        self.held.rename(name);
    }

    fn fork(&mut self, vm: &mut Vm, target: Value) -> PyResult<(i64, u32)> {
        super::procs::fork(&self.rt, &self.held, vm, target)
    }

    fn kill(&mut self, vm: &mut Vm, pid: i64, code: i32) -> PyResult<bool> {
        Ok(super::procs::kill(&mut self.held, &self.rt, vm, pid, code))
    }

    fn trace(&mut self, _vm: &mut Vm, kind: crate::trace::event::EventKind) {
        self.held.note(kind);
    }

    fn cpu_ns(&self, _vm: &Vm) -> u64 {
        self.held.gil().cpu().now_ns()
    }

    fn now_ns(&self, _vm: &Vm) -> u64 {
        self.held.gil().now()
    }

    fn epoch_s(&self) -> f64 {
        self.rt.epoch_s
    }
}

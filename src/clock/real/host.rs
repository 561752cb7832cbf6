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

/// Charged time between two looks at the thread's CPU clock when pacing: 20 µs.
const PACE_PS: u64 = 20_000_000;

/// A thread's host: the GIL it holds, and the run it belongs to.
pub struct RealHost {
    rt: Arc<Runtime>,
    held: GilHeld,
    poll_ps: u64,
    pace: Option<Pace>,
}

/// Pacing: Python code on the real clock runs at the cost model's speed, the speed of the
/// CPython the virtual clock is calibrated to. gilsim runs some code far faster than CPython
/// (a countdown iteration in ~1.3 ns against ~13), so unpaced, CPU-bound work would shrink
/// beside everything that really takes time (sleeps, hand-offs, starting a process), and a
/// real-clock run would no longer show what CPython's shows: four CPU-bound jobs on two
/// process-pool workers would take less time than starting the workers.
///
/// So the holder, every [`PACE_PS`] of charged time, keeps its OS thread busy until its CPU
/// clock (`CLOCK_THREAD_CPUTIME_ID`) has run as long as the cost model charged since the last
/// look. The thread's own CPU clock, not the wall clock: a thread that waits for the GIL or a
/// core spends no CPU time and charges nothing, so four paced processes on two cores take
/// twice as long as two, as CPython's do. A stretch where gilsim is slower than the model is
/// not made up later. The spin stops when a drop request comes (the debt is paid once the
/// thread holds the GIL again), so pacing adds nothing to a hand-off; but not after a long
/// charge with no eval-breaker point inside (a builtin's work, `sum(range(10**7))`): CPython
/// holds the GIL through such a call, and so does its paced time.
struct Pace {
    /// The thread's charged time and CPU time at the last look.
    ticks: u64,
    cpu_ns: u64,
    /// Charged time between looks.
    every_ps: u64,
    /// The charged time at the last eval-breaker check.
    polled: u64,
}

/// A charge this much longer than the checks' spacing came with no eval-breaker point
/// inside it: a builtin's work.
const UNBROKEN_POLLS: u64 = 4;

/// The calling OS thread's CPU time, in ns.
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write; the clock id is a constant Linux knows.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl RealHost {
    /// The host of the thread holding `held`, which starts running Python with `ticks`
    /// charged.
    pub fn new(rt: Arc<Runtime>, held: GilHeld, ticks: u64) -> RealHost {
        let poll_ps = if rt.legacy() { LEGACY_POLL_PS } else { POLL_PS };
        let pace = rt.pace().then(|| Pace {
            ticks,
            cpu_ns: thread_cpu_ns(),
            // the legacy GIL hands over every ~1 µs: pace in steps no longer than that
            every_ps: if rt.legacy() { poll_ps } else { PACE_PS },
            polled: ticks,
        });
        RealHost {
            rt,
            held,
            poll_ps,
            pace,
        }
    }

    /// Pacing ([`Pace`]): if the last look was `every_ps` of charged time ago, spin until the
    /// thread's CPU clock has caught up with what was charged since.
    fn pace(&mut self, vm: &Vm) {
        let Some(p) = self.pace.as_mut() else {
            return;
        };
        let unbroken = vm.ticks.saturating_sub(p.polled) > UNBROKEN_POLLS * self.poll_ps;
        p.polled = vm.ticks;
        let charged_ps = vm.ticks.saturating_sub(p.ticks);
        if charged_ps < p.every_ps {
            return;
        }
        let target = p.cpu_ns + charged_ps / 1000;
        let mut now = thread_cpu_ns();
        while now < target {
            if (!unbroken && self.held.breaker_set()) || self.held.process_ended() {
                return; // paid on the next look, once the thread holds the GIL again
            }
            for _ in 0..32 {
                std::hint::spin_loop();
            }
            now = thread_cpu_ns();
        }
        p.ticks = vm.ticks;
        p.cpu_ns = now;
    }

    /// The next eval-breaker check, `poll_ps` of charged time from now.
    fn rearm(&self, vm: &mut Vm) {
        vm.deadline = vm.ticks.saturating_add(self.poll_ps);
    }
}

impl Host for RealHost {
    fn eval_breaker(&mut self, vm: &mut Vm) -> PyResult<()> {
        self.pace(vm);
        self.held.eval_breaker();
        self.rearm(vm);
        Ok(())
    }

    fn sleep(&mut self, vm: &mut Vm, ns: u64) -> PyResult<()> {
        self.pace(vm);
        self.held.allow_threads(
            BlockingCall::Io {
                call: "time.sleep",
                ns,
            },
            move || {
                // a relative nanosleep, so sleep(0) makes the syscall (and pays its timer
                // slack) as CPython's does
                std::thread::sleep(Duration::from_nanos(ns.max(1)));
            },
        );
        self.rearm(vm);
        Ok(())
    }

    fn syscall(&mut self, vm: &mut Vm, call: &'static str, ns: u64) -> PyResult<()> {
        // the stream's bytes are written under the GIL (they live in the interpreter's
        // buffer); the GIL is let go and taken back as around CPython's `write(2)`
        self.pace(vm);
        self.held
            .allow_threads(BlockingCall::Io { call, ns }, || {});
        self.rearm(vm);
        Ok(())
    }

    fn file_io(
        &mut self,
        vm: &mut Vm,
        call: &'static str,
        estimate_ns: u64,
        io: &mut (dyn FnMut() -> u64 + Send),
    ) -> PyResult<()> {
        // the real system call, GIL released
        self.pace(vm);
        self.held.allow_threads(
            BlockingCall::Io {
                call,
                ns: estimate_ns,
            },
            || {
                io();
            },
        );
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
        self.pace(vm);
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

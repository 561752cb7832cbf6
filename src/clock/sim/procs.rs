//! Processes on the virtual clock: `fork()`, killing a process, and a child's exit as its
//! parent sees it (the sentinel, exit notices). Each process is an interpreter with its own GIL
//! (`SimProc`); its threads share the run's cores with every other process's.

use std::rc::Rc;

use super::{Answer, Done, Sim, SimProc, State, Timer};
use crate::gil::ReleaseReason;
use crate::trace::event::EventKind;
use crate::vm::Vm;

impl Sim {
    /// `os.fork()` by `t`: a child process, a copy of `t`'s, whose main thread calls
    /// `target()`. The parent holds its GIL through the fork.
    pub(super) fn fork(&mut self, t: u32, target: crate::vm::value::Value) {
        let parent = self.procs[self.threads[t as usize].proc as usize]
            .interp
            .clone();
        let pid = parent.ipc.lock().new_pid();
        let (child, target) = match crate::vm::fork::fork_interp(&parent, pid, &target) {
            Ok(c) => c,
            Err(why) => {
                parent.ipc.lock().exited(pid, 1);
                self.threads[t as usize].answer = Answer::Refused(why);
                return;
            }
        };
        let sentinel = {
            let mut s = self.shared.borrow_mut();
            s.locks.push(crate::clock::host::SimLock {
                locked: true,
                waiters: Default::default(),
            });
            s.locks.len() as u32 - 1
        };
        let proc = self.procs.len() as u32;
        self.procs.push(SimProc {
            interp: Rc::new(child),
            gil: (self.make_gil)(),
            pid,
            main: 0,
            sentinel: Some(sentinel),
        });
        let main = self.add_thread(proc, "MainThread", move |vm: &mut Vm| {
            crate::vm::modules::process::child_main(vm, &target)
        });
        self.procs[proc as usize].main = main;
        let parent = self.threads[t as usize].proc;
        self.emit(main, || EventKind::ProcStart {
            pid: pid as u64,
            parent,
        });
        let fork_ns = self.os.fork_ns;
        self.threads[t as usize].clock += fork_ns;
        let start = self.now + fork_ns + self.os.proc_start_ns;
        self.at(start, Timer::Start(main));
        self.threads[t as usize].answer = Answer::Forked(pid, sentinel);
    }

    /// `os.kill(pid)` or `os._exit(code)` by `t`: every thread of process `pid` ends at once,
    /// wherever it is (its coroutine's stack is unwound), and the process exits with `code`.
    /// Locks its threads held stay held, as when CPython's processes are killed.
    pub(super) fn kill(&mut self, t: u32, pid: i64, code: Done) {
        let Some(proc) = self.procs.iter().position(|p| p.pid == pid) else {
            self.threads[t as usize].answer = Answer::Acquired(false);
            return;
        };
        self.threads[t as usize].answer = Answer::Acquired(true);
        let main = self.procs[proc].main;
        if self.threads[main as usize].state == State::Done {
            return; // already gone
        }
        // what the process's files buffer is lost with it, as an OS process's
        self.procs[proc].interp.open_files.abandon();
        self.end_members(proc as u32);
        if proc == 0 {
            self.main_exit = Some(code);
        } else {
            self.child_exited(proc as u32, code);
        }
    }

    /// Every live thread of process `proc` ends at once, wherever it is (its coroutine's
    /// stack is unwound), as the threads of an OS process do when it exits.
    pub(super) fn end_members(&mut self, proc: u32) {
        let members: Vec<u32> = (0..self.threads.len() as u32)
            .filter(|&m| {
                self.threads[m as usize].proc == proc
                    && self.threads[m as usize].state != State::Done
            })
            .collect();
        for m in members {
            if self.gil(m).holds(m) {
                let now = self.now;
                let fx = self.gil(m).release(m, now, ReleaseReason::Exit);
                self.apply(fx);
            }
            for l in self.shared.borrow_mut().locks.iter_mut() {
                l.waiters.retain(|&w| w != m);
            }
            self.leave_core(m);
            let th = &mut self.threads[m as usize];
            th.state = State::Done;
            th.pending = None;
            th.co = None;
            self.emit(m, || EventKind::ThreadEnd);
        }
    }

    /// A child process's main thread ended with `code`: after the OS's exit latency its
    /// parent can see it (its sentinel is released).
    pub(super) fn child_exited(&mut self, proc: u32, code: Done) {
        let main = self.procs[proc as usize].main;
        self.emit(main, || EventKind::ProcExit { exitcode: code });
        let p = &self.procs[proc as usize];
        p.interp.ipc.lock().exited(p.pid, code);
        let at = self.now + self.os.proc_exit_ns;
        self.at(at, Timer::Sentinel(proc));
    }

    /// The OS has reaped child `proc`: its sentinel is released and the exit notices asked
    /// for it are sent.
    pub(super) fn exit_seen(&mut self, proc: u32) {
        let p = &self.procs[proc as usize];
        let freed = p.interp.ipc.lock().reap(p.pid);
        for lock in p.sentinel.into_iter().chain(freed) {
            let was_locked = std::mem::replace(
                &mut self.shared.borrow_mut().locks[lock as usize].locked,
                false,
            );
            if was_locked {
                self.lock_released(lock);
            }
        }
    }
}

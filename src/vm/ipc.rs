//! What the processes of one run share: pipes carrying pickled messages, shared values
//! (`multiprocessing.Value`), and the exit codes of the processes.
//!
//! Every interpreter of a run holds the same [`Ipc`] (an `Arc<Mutex<_>>`: on the real clock
//! the processes run on OS threads of their own, each under its own GIL); each process reaches
//! only the channels and values whose ids it was given (through the objects its parent had
//! when it forked), as each OS process reaches only the pipes and shared memory it inherited.
//! What is kept here is [`Pickled`], which belongs to no heap.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use parking_lot::Mutex;

use super::pickle::{Atom, Pickled};

/// The run's inter-process state, as every interpreter holds it.
pub type SharedIpc = Arc<Mutex<Ipc>>;

/// The run's inter-process state.
#[derive(Default)]
pub struct Ipc {
    chans: Vec<VecDeque<Pickled>>,
    values: Vec<Pickled>,
    /// By pid: `None` while the process runs, then its exit code.
    pub exit_codes: HashMap<i64, Option<i32>>,
    /// The processes whose exit their parent has seen (sentinel released, notices sent).
    reaped: HashSet<i64>,
    /// The next pid to hand out.
    pub next_pid: i64,
    /// Exit notices asked for: when process `pid` has exited, `("exit", pid, exitcode)` goes
    /// into channel `chan`, whose non-empty lock is `lock` (how a pool's manager learns that a
    /// worker died, as CPython's waits on the workers' sentinels).
    exit_watches: Vec<(i64, u32, u32)>,
}

/// The main process's pid, and its parent's (stable, so virtual-clock runs repeat exactly).
pub const MAIN_PID: i64 = 4242;
pub const MAIN_PPID: i64 = 4241;

impl Ipc {
    pub fn new() -> Ipc {
        Ipc {
            next_pid: MAIN_PID + 1,
            ..Default::default()
        }
    }

    /// A new shared state for a run.
    pub fn shared() -> SharedIpc {
        Arc::new(Mutex::new(Ipc::new()))
    }

    /// A pid for a new process, running from now on.
    pub fn new_pid(&mut self) -> i64 {
        let pid = self.next_pid;
        self.next_pid += 1;
        self.exit_codes.insert(pid, None);
        pid
    }

    /// A new, empty channel.
    pub fn chan_new(&mut self) -> u32 {
        self.chans.push(VecDeque::new());
        self.chans.len() as u32 - 1
    }

    /// Queue a message; true if the channel was empty before.
    pub fn chan_push(&mut self, id: u32, p: Pickled) -> bool {
        match self.chans.get_mut(id as usize) {
            Some(c) => {
                c.push_back(p);
                c.len() == 1
            }
            None => false,
        }
    }

    /// The oldest message, if any.
    pub fn chan_pop(&mut self, id: u32) -> Option<Pickled> {
        self.chans.get_mut(id as usize)?.pop_front()
    }

    /// Messages waiting.
    pub fn chan_len(&self, id: u32) -> usize {
        self.chans.get(id as usize).map_or(0, |c| c.len())
    }

    /// A new shared value.
    pub fn value_new(&mut self, p: Pickled) -> u32 {
        self.values.push(p);
        self.values.len() as u32 - 1
    }

    pub fn value_get(&self, id: u32) -> Option<&Pickled> {
        self.values.get(id as usize)
    }

    pub fn value_set(&mut self, id: u32, p: Pickled) {
        if let Some(slot) = self.values.get_mut(id as usize) {
            *slot = p;
        }
    }

    /// Process `pid` ended with `code` (its parent does not see it yet: see [`Ipc::reap`]).
    pub fn exited(&mut self, pid: i64, code: i32) {
        self.exit_codes.insert(pid, Some(code));
    }

    /// Asks for an exit notice of `pid` on channel `chan` (non-empty lock `lock`). If `pid`
    /// has already been reaped the notice goes at once: the lock to release is returned.
    pub fn watch_exit(&mut self, pid: i64, chan: u32, lock: u32) -> Option<u32> {
        if self.reaped.contains(&pid) {
            let code = self.exit_code(pid);
            return self.notify(pid, code, chan, lock);
        }
        self.exit_watches.push((pid, chan, lock));
        None
    }

    /// The parent sees `pid` exited: its exit notices go out. Returns the non-empty locks
    /// of the channels the notices made non-empty, to release.
    pub fn reap(&mut self, pid: i64) -> Vec<u32> {
        self.reaped.insert(pid);
        let code = self.exit_code(pid);
        let (mine, others): (Vec<_>, Vec<_>) = std::mem::take(&mut self.exit_watches)
            .into_iter()
            .partition(|w| w.0 == pid);
        self.exit_watches = others;
        mine.into_iter()
            .filter_map(|(_, chan, lock)| self.notify(pid, code, chan, lock))
            .collect()
    }

    fn exit_code(&self, pid: i64) -> i32 {
        self.exit_codes.get(&pid).copied().flatten().unwrap_or(0)
    }

    /// Sends `("exit", pid, code)` on `chan`: `lock` if the channel was empty.
    fn notify(&mut self, pid: i64, code: i32, chan: u32, lock: u32) -> Option<u32> {
        let notice = Pickled::Tuple(vec![
            Pickled::Atom(Atom::Str("exit".into())),
            Pickled::Atom(Atom::Int(pid)),
            Pickled::Atom(Atom::Int(code as i64)),
        ]);
        self.chan_push(chan, notice).then_some(lock)
    }
}

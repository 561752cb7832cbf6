//! What the processes of one run share: pipes carrying pickled messages, shared values
//! (`multiprocessing.Value`), and the exit codes of the processes.
//!
//! Every interpreter of a run holds the same [`Ipc`]; each process reaches only the channels
//! and values whose ids it was given (through the objects its parent had when it forked), as
//! each OS process reaches only the pipes and shared memory it inherited.

use std::collections::{HashMap, VecDeque};

use super::pickle::Pickled;

/// The run's inter-process state.
#[derive(Default)]
pub struct Ipc {
    chans: Vec<VecDeque<Pickled>>,
    values: Vec<Pickled>,
    /// By pid: `None` while the process runs, then its exit code.
    pub exit_codes: HashMap<i64, Option<i32>>,
    /// The next pid to hand out.
    pub next_pid: i64,
    /// Exit notices asked for: when process `pid` has exited, `("exit", pid, exitcode)` goes
    /// into channel `chan`, whose non-empty lock is `lock` (how a pool's manager learns that a
    /// worker died, as CPython's waits on the workers' sentinels).
    pub exit_watches: Vec<(i64, u32, u32)>,
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
}

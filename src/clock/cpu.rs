//! The OS scheduler of the virtual clock: `--cores` CPUs shared by the threads that want one.
//!
//! A thread wants a CPU while it runs Python: while it holds its process's GIL (with
//! `--gil none`, whenever it is not blocked). Waiting for the GIL, sleeping or blocked on a lock,
//! a thread is parked in the kernel and uses no CPU, and the short stretches of C code between
//! a wake-up and the next GIL request are charged as OS latencies instead ([`super::OsModel`]).
//! So with one GIL, one process has one runner and the cores never matter; they matter when
//! there is no GIL, or one GIL per process.
//!
//! When runners outnumber cores, the rest wait in a FIFO run queue, and a runner that has had
//! its core for a whole time slice while others wait gives it up at its next eval-breaker point
//! and goes to the back of the queue: round robin, the shape of Linux CFS with a few equal
//! tasks per core (`sched_latency` 6 ms shared by the tasks, here a fixed slice; see
//! `docs/cost-model.md`).

use std::collections::VecDeque;

/// The time slice a runner keeps its core while others wait for one (CFS with two tasks on a
/// core: 6 ms of `sched_latency` shared by two).
pub const DEFAULT_TIMESLICE_NS: u64 = 3_000_000;

/// The cores and the run queue.
#[derive(Debug)]
pub struct Cpus {
    cores: usize,
    /// Threads on a core now (at most `cores`), in the order they got it.
    on_cpu: Vec<u32>,
    /// Runnable threads waiting for a core, first in line first.
    runq: VecDeque<u32>,
    pub timeslice_ns: u64,
}

impl Cpus {
    /// `cores` CPUs, all idle.
    pub fn new(cores: usize) -> Cpus {
        Cpus {
            cores: cores.max(1),
            on_cpu: Vec::new(),
            runq: VecDeque::new(),
            timeslice_ns: DEFAULT_TIMESLICE_NS,
        }
    }

    /// `t` became runnable: it gets a free core (true) or queues for one (false).
    pub fn runnable(&mut self, t: u32) -> bool {
        debug_assert!(!self.on_cpu.contains(&t) && !self.runq.contains(&t));
        if self.on_cpu.len() < self.cores {
            self.on_cpu.push(t);
            true
        } else {
            self.runq.push_back(t);
            false
        }
    }

    /// `t` stopped running (blocked, released its GIL, ended). If it had a core, the next
    /// queued thread gets it: that thread is returned.
    pub fn stop(&mut self, t: u32) -> Option<u32> {
        if let Some(i) = self.on_cpu.iter().position(|&r| r == t) {
            self.on_cpu.remove(i);
            let next = self.runq.pop_front()?;
            self.on_cpu.push(next);
            Some(next)
        } else {
            self.runq.retain(|&r| r != t);
            None
        }
    }

    /// `t`'s time slice is over: if a thread waits for a core, `t` goes to the back of the
    /// queue and that thread, returned, takes its core.
    pub fn preempt(&mut self, t: u32) -> Option<u32> {
        let i = self.on_cpu.iter().position(|&r| r == t)?;
        let next = self.runq.pop_front()?;
        self.on_cpu[i] = next;
        self.runq.push_back(t);
        Some(next)
    }

    /// Whether some runnable thread waits for a core.
    pub fn contended(&self) -> bool {
        !self.runq.is_empty()
    }

    /// The threads on a core now.
    pub fn on_cpu(&self) -> &[u32] {
        &self.on_cpu
    }

    /// Whether `t` is on a core.
    pub fn has_core(&self, t: u32) -> bool {
        self.on_cpu.contains(&t)
    }
}

/// What `time.process_time()` reads on the virtual clock: per process, the CPU time its
/// threads have used (time on a core), and since when each thread now on a core has had it.
#[derive(Debug, Default)]
pub struct CpuClock {
    /// By process: CPU time of the stretches on a core that have ended.
    used: Vec<u64>,
    /// By thread id: for a thread on a core now, its process and since when. A thread gets
    /// and leaves a core at every GIL hand-off, so this is a plain vector, not a map.
    on_core: Vec<Option<(u32, u64)>>,
}

impl CpuClock {
    /// Thread `t` of process `proc` got a core at `now`.
    pub fn got_core(&mut self, t: u32, proc: u32, now: u64) {
        let i = t as usize;
        if self.on_core.len() <= i {
            self.on_core.resize(i + 1, None);
        }
        self.on_core[i] = Some((proc, now));
    }

    /// Thread `t` left its core (if it had one) at `now`.
    pub fn left_core(&mut self, t: u32, now: u64) {
        if let Some((proc, since)) = self.on_core.get_mut(t as usize).and_then(Option::take) {
            let p = proc as usize;
            if self.used.len() <= p {
                self.used.resize(p + 1, 0);
            }
            self.used[p] += now.saturating_sub(since);
        }
    }

    /// The CPU time of process `proc` at `now` (a running thread's clock), in ns.
    pub fn process_ns(&self, proc: u32, now: u64) -> u64 {
        let running: u64 = self
            .on_core
            .iter()
            .flatten()
            .filter(|(p, _)| *p == proc)
            .map(|(_, since)| now.saturating_sub(*since))
            .sum();
        self.used.get(proc as usize).copied().unwrap_or(0) + running
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runners_beyond_the_cores_queue_in_order() {
        let mut c = Cpus::new(2);
        assert!(c.runnable(0));
        assert!(c.runnable(1));
        assert!(!c.runnable(2));
        assert!(!c.runnable(3));
        assert!(c.contended());
        assert_eq!(c.stop(1), Some(2));
        assert_eq!(c.on_cpu(), &[0, 2]);
        // a queued thread that stops leaves the queue, nobody gets a core
        assert_eq!(c.stop(3), None);
        assert!(!c.contended());
        assert_eq!(c.stop(0), None);
        assert_eq!(c.on_cpu(), &[2]);
    }

    #[test]
    fn cpu_time_counts_time_on_a_core_per_process() {
        let mut c = CpuClock::default();
        c.got_core(0, 0, 0);
        c.got_core(1, 1, 100);
        assert_eq!(c.process_ns(0, 150), 150);
        assert_eq!(c.process_ns(1, 150), 50);
        c.left_core(0, 200);
        // off its core, a thread's time no longer counts; a second stretch adds up
        assert_eq!(c.process_ns(0, 1000), 200);
        c.got_core(2, 0, 1000);
        assert_eq!(c.process_ns(0, 1010), 210);
        c.left_core(7, 5000); // never had one
        assert_eq!(c.process_ns(2, 5000), 0);
    }

    #[test]
    fn preemption_is_round_robin() {
        let mut c = Cpus::new(1);
        c.runnable(0);
        c.runnable(1);
        c.runnable(2);
        assert_eq!(c.preempt(0), Some(1));
        assert_eq!(c.preempt(1), Some(2));
        assert_eq!(c.preempt(2), Some(0));
        assert!(c.has_core(0));
        // alone, nobody is preempted
        let mut solo = Cpus::new(1);
        solo.runnable(5);
        assert_eq!(solo.preempt(5), None);
        assert!(solo.has_core(5));
    }
}

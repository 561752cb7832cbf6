//! `time.process_time()` on the real clock: the CPU time of one interpreter's OS threads.
//!
//! CPython's `process_time()` is its OS process's CPU time. Here the processes of a run are
//! interpreters inside one OS process, so the OS process's time would mix a parent with its
//! children (and gilsim's own controller). Each interpreter instead sums its own threads' CPU
//! clocks (`CLOCK_THREAD_CPUTIME_ID` of each, through `pthread_getcpuclockid`): the time they
//! spent on a core, which is what CPython's figure counts for a process of those threads.

use parking_lot::Mutex;

use crate::gil::ThreadId;

/// One process's CPU clock.
#[derive(Default)]
pub struct ProcCpu {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// CPU time of its threads that have ended.
    done_ns: u64,
    /// The CPU clocks of its threads alive now.
    live: Vec<(ThreadId, libc::clockid_t)>,
}

/// The CPU time `clock` has counted, in ns (0 if it cannot be read).
fn read(clock: libc::clockid_t) -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write to; a bad clock id makes the call fail, not UB.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl ProcCpu {
    /// The calling OS thread (Python thread `t`) counts for this process until the guard
    /// returned is dropped, which must happen on the same OS thread before it exits.
    pub fn enter(&self, t: ThreadId) -> Member<'_> {
        let mut clock: libc::clockid_t = 0;
        // SAFETY: `pthread_self()` is the calling thread, alive; `clock` is written on success.
        let ok = unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut clock) } == 0;
        if ok {
            self.inner.lock().live.push((t, clock));
        }
        Member {
            cpu: self,
            thread: t,
        }
    }

    /// The CPU time of the process's threads so far, in ns.
    pub fn now_ns(&self) -> u64 {
        let inner = self.inner.lock();
        // a thread leaves `live` before it exits (under this lock), so each clock is valid
        inner.done_ns + inner.live.iter().map(|&(_, c)| read(c)).sum::<u64>()
    }
}

/// A thread counting for its process (see [`ProcCpu::enter`]).
pub struct Member<'a> {
    cpu: &'a ProcCpu,
    thread: ThreadId,
}

impl Drop for Member<'_> {
    fn drop(&mut self) {
        let mut inner = self.cpu.inner.lock();
        if let Some(i) = inner.live.iter().position(|&(t, _)| t == self.thread) {
            let (_, clock) = inner.live.swap_remove(i);
            inner.done_ns += read(clock);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_counts_its_threads_cpu_time_even_after_they_end() {
        let cpu = std::sync::Arc::new(ProcCpu::default());
        let spin = |cpu: std::sync::Arc<ProcCpu>, t: ThreadId| {
            std::thread::spawn(move || {
                let _m = cpu.enter(t);
                let until = std::time::Instant::now() + std::time::Duration::from_millis(20);
                while std::time::Instant::now() < until {
                    std::hint::spin_loop();
                }
            })
        };
        let (a, b) = (spin(cpu.clone(), 1), spin(cpu.clone(), 2));
        a.join().unwrap();
        b.join().unwrap();
        // two threads spun 20 ms of wall time each (less CPU if the machine is busy)
        assert!(cpu.now_ns() > 0);
        assert!(cpu.inner.lock().live.is_empty());
        // a sleeping member adds (almost) nothing
        let _m = cpu.enter(3);
        let before = cpu.now_ns();
        std::thread::sleep(std::time::Duration::from_millis(30));
        assert!(cpu.now_ns() - before < 20_000_000);
    }
}

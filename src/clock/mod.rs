//! The clocks that drive interpreter threads under a GIL: the virtual clock (a deterministic
//! discrete-event simulation) and the real clock (OS threads).

pub mod cpu;
mod host;
pub mod interrupt;
pub mod real;
pub mod sim;

/// Which clock drives a run (`--clock`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClockKind {
    /// Deterministic simulated time ([`sim`]).
    #[default]
    Virtual,
    /// OS threads and the monotonic clock ([`real`]).
    Real,
}

impl ClockKind {
    /// The name on the command line and in the trace header.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Virtual => "virtual",
            ClockKind::Real => "real",
        }
    }
}

/// The OS costs a simulated run charges, beyond the interpreter's own instructions.
/// Defaults measured on CPython 3.11 here (DESIGN.md §3-4): `time.sleep(0)` alone costs about
/// 65 µs; a signalled thread runs about 50 µs after the signal; timed waits expire with about
/// 60 µs of slack. A `multiprocessing.Process` with a trivial target takes 0.84 ms to
/// `start()` and 1.45 ms to `start()` and `join()` (fork, child start, child exit).
#[derive(Clone, Debug)]
pub struct OsModel {
    /// From a condition signal to the woken thread running.
    pub wake_latency_ns: u64,
    /// Added to every timed wait's expiry (GIL interval, lock timeouts).
    pub timer_slack_ns: u64,
    /// Added to every `time.sleep` (the syscall and the timer slack).
    pub sleep_overhead_ns: u64,
    /// From `Thread.start()` to the new OS thread asking for the GIL.
    pub thread_start_ns: u64,
    /// `os.fork()` in the parent, which holds its GIL throughout.
    pub fork_ns: u64,
    /// From the fork to the child's main thread running Python.
    pub proc_start_ns: u64,
    /// From a child's last Python code to its parent seeing it exited.
    pub proc_exit_ns: u64,
}

impl Default for OsModel {
    fn default() -> Self {
        OsModel {
            wake_latency_ns: 50_000,
            timer_slack_ns: 60_000,
            sleep_overhead_ns: 65_000,
            thread_start_ns: 40_000,
            fork_ns: 800_000,
            proc_start_ns: 300_000,
            proc_exit_ns: 300_000,
        }
    }
}

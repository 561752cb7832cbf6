//! What folding a stream of events gives: per-thread state intervals, GIL holder spans and
//! totals, in a [`Summary`].
//!
//! [`Fold`] (in [`super::fold`]) takes events one at a time (memory grows with threads and kept
//! intervals only, never with the events themselves); [`Fold::finish`] closes everything at
//! the end of the run and gives a [`Summary`]. [`Keep`] says which intervals to keep for drawing: all, none (totals
//! only, for big traces), those overlapping one time window, or all up to a cap and then a
//! fixed-resolution summary ([`super::buckets`]), for a live run however long.

use std::fmt;

use super::buckets::Buckets;
use super::fold::Fold;
use super::tasks::TaskReport;
use crate::trace::event::{Event, Header};

/// How many violations a [`Summary`] lists; more are only counted.
pub const MAX_VIOLATIONS: usize = 1000;

/// What a thread is doing at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// It holds its process's GIL (or there is none) and runs on a core.
    Running,
    /// It could run (it holds its GIL, or there is none) but waits for a core (`cpu_wait` ..
    /// `cpu_run`): more threads want to run than there are cores.
    Ready,
    /// It asked for the GIL (`gil_request`) and has not got it yet.
    WaitingGil,
    /// It is inside a blocking call (`io_begin`..`io_end`, `block`..`unblock`), GIL released.
    Blocking,
    /// It is alive but none of the above: runnable without the GIL (e.g. just after a release,
    /// before it asks again), or not started yet / finished (outside its lifetime, which
    /// [`ThreadSummary::start_t`]/[`ThreadSummary::end_t`] bound; intervals cover only the
    /// lifetime).
    Idle,
}

impl State {
    /// Every state, in the order of their slots in [`ThreadSummary::coarse`].
    pub const ALL: [State; 5] = [
        State::Running,
        State::Ready,
        State::WaitingGil,
        State::Blocking,
        State::Idle,
    ];

    /// Its slot in [`ThreadSummary::coarse`] (its place in [`State::ALL`]).
    pub fn slot(self) -> usize {
        match self {
            State::Running => 0,
            State::Ready => 1,
            State::WaitingGil => 2,
            State::Blocking => 3,
            State::Idle => 4,
        }
    }

    /// A short lower-case name: `running`, `waiting`, `blocking`, `idle`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Running => "running",
            State::Ready => "ready",
            State::WaitingGil => "waiting",
            State::Blocking => "blocking",
            State::Idle => "idle",
        }
    }
}

/// A stretch `[start, end)` of nanoseconds a thread spent in one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub start: u64,
    pub end: u64,
    pub state: State,
}

/// A stretch `[start, end)` during which `thread` held its process's GIL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HolderSpan {
    pub start: u64,
    pub end: u64,
    pub thread: u32,
}

/// Which intervals a fold keeps for drawing a timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Totals only: memory proportional to the number of threads.
    None,
    /// Every interval of the run.
    All,
    /// Only the parts of intervals inside `[from, to)`, clipped to it.
    Window(u64, u64),
    /// Every interval until the fold holds this many (intervals and holder spans, over all
    /// threads, processes and tasks); from then on time per state in buckets of a fixed
    /// width ([`ThreadSummary::coarse`]), so memory stays bounded however long the run.
    Capped(usize),
}

/// The cap of [`Keep::Capped`] a run's own report folds with: about 12 MB of intervals.
pub const DEFAULT_CAP: usize = 500_000;

/// The slot of [`ThreadSummary::coarse`] that counts time holding the GIL.
pub const HELD: usize = 5;

/// A broken trace invariant (see `docs/trace.md`, "Invariants").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViolationKind {
    /// `t` is smaller than the previous event's; the fold carries on at `prev`.
    TimeBackwards { prev: u64 },
    /// A `gil_acquire` while `holder` (another thread) held the GIL of the process.
    AcquireWhileHeld { holder: u32 },
    /// A `gil_acquire` by the thread that already holds the GIL.
    AcquireAlreadyHeld,
    /// A `gil_release` by a thread that does not hold the GIL (`holder` does, or nobody).
    ReleaseByNonHolder { holder: Option<u32> },
    /// A `thread_end` while the thread still held the GIL (no `gil_release` with `exit`).
    EndWhileHolding,
    /// The end of the run given to [`Fold::finish`] is before the last event's `t` (`last`).
    EndBeforeLastEvent { last: u64 },
}

impl ViolationKind {
    /// A stable snake_case name: `time_backwards`, `acquire_while_held`, ...
    pub fn name(&self) -> &'static str {
        match self {
            ViolationKind::TimeBackwards { .. } => "time_backwards",
            ViolationKind::AcquireWhileHeld { .. } => "acquire_while_held",
            ViolationKind::AcquireAlreadyHeld => "acquire_already_held",
            ViolationKind::ReleaseByNonHolder { .. } => "release_by_non_holder",
            ViolationKind::EndWhileHolding => "end_while_holding",
            ViolationKind::EndBeforeLastEvent { .. } => "end_before_last_event",
        }
    }
}

/// One broken invariant, at the event that broke it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Position of the event in the stream, from 0 (its trace line is `index + 2`). For
    /// [`ViolationKind::EndBeforeLastEvent`], the number of events.
    pub index: u64,
    pub t: u64,
    pub proc: u32,
    pub thread: u32,
    pub kind: ViolationKind,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (p, th) = (self.proc, self.thread);
        match &self.kind {
            ViolationKind::TimeBackwards { prev } => {
                write!(f, "t goes backwards: {} after {}", self.t, prev)
            }
            ViolationKind::AcquireWhileHeld { holder } => write!(
                f,
                "thread {th} acquires the GIL of proc {p} while thread {holder} holds it"
            ),
            ViolationKind::AcquireAlreadyHeld => {
                write!(
                    f,
                    "thread {th} acquires the GIL of proc {p}, which it already holds"
                )
            }
            ViolationKind::ReleaseByNonHolder { holder: Some(h) } => write!(
                f,
                "thread {th} releases the GIL of proc {p}, which thread {h} holds"
            ),
            ViolationKind::ReleaseByNonHolder { holder: None } => write!(
                f,
                "thread {th} releases the GIL of proc {p}, which nobody holds"
            ),
            ViolationKind::EndWhileHolding => {
                write!(f, "thread {th} ends while holding the GIL of proc {p}")
            }
            ViolationKind::EndBeforeLastEvent { last } => {
                write!(
                    f,
                    "the run ends at {} before its last event at {}",
                    self.t, last
                )
            }
        }
    }
}

/// What one thread did over the run. Times are nanoseconds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreadSummary {
    /// The thread id of the trace.
    pub id: u32,
    /// The process of its first event.
    pub proc: u32,
    /// The latest name a `thread_start` gave (`Thread <id>` if it had none).
    pub name: String,
    /// Its first event (`thread_start`, normally).
    pub start_t: u64,
    /// Its `thread_end`, if it had one.
    pub end_t: Option<u64>,
    /// Time holding the GIL (on a core or not).
    pub held_ns: u64,
    /// Time runnable but without a core (`cpu_wait` .. `cpu_run`), GIL held or not.
    pub cpu_wait_ns: u64,
    /// Time between a `gil_request` and the `gil_acquire` that answered it.
    pub waiting_ns: u64,
    /// Time in blocking calls with the GIL released.
    pub blocking_ns: u64,
    /// Time alive in none of the states above.
    pub idle_ns: u64,
    /// `gil_acquire` events.
    pub acquisitions: u64,
    /// `gil_release` events with reason `drop_request`.
    pub drops_on_request: u64,
    /// `drop_request` events it logged as a waiter that timed out.
    pub drop_requests_set: u64,
    /// The largest `wait_ns` of its acquisitions.
    pub longest_wait_ns: u64,
    /// Its states over its lifetime, in order, adjacent ones distinct (as [`Keep`] allows).
    pub intervals: Vec<Interval>,
    /// Instead of `intervals` once a [`Keep::Capped`] fold went past its cap: time per state
    /// (slots in [`State::ALL`] order) and holding the GIL (slot [`HELD`]), per bucket.
    pub coarse: Option<Buckets<6>>,
}

impl ThreadSummary {
    /// `held_ns` as a percentage of `of_ns` (0 when `of_ns` is 0).
    pub fn held_pct(&self, of_ns: u64) -> f64 {
        pct(self.held_ns, of_ns)
    }
}

/// The GIL of one process over the run. Times are nanoseconds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcSummary {
    pub proc: u32,
    /// Its first event.
    pub start_t: u64,
    /// From `start_t` to the end of the run.
    pub duration_ns: u64,
    /// Time the GIL was held by anyone.
    pub held_ns: u64,
    /// `gil_acquire` events.
    pub acquisitions: u64,
    /// Acquisitions by a thread other than the previous holder (the first one is not a change).
    pub holder_changes: u64,
    /// `drop_request` events (waiters that timed out).
    pub drop_requests: u64,
    /// `gil_release` events with reason `drop_request`.
    pub drops_on_request: u64,
    /// `forced_switch` events.
    pub forced_switches: u64,
    /// `msg_send` and `msg_recv` events (messages to and from other processes).
    pub messages_sent: u64,
    pub messages_received: u64,
    /// Who held the GIL when, in order (as [`Keep`] allows). Spans overlap only under
    /// `gil: none`. Empty once a [`Keep::Capped`] fold went past its cap: the threads'
    /// [`ThreadSummary::coarse`] say then.
    pub holders: Vec<HolderSpan>,
}

impl ProcSummary {
    /// Holder changes per second of `duration_ns` (0 for an empty run).
    pub fn holder_changes_per_sec(&self) -> f64 {
        per_sec(self.holder_changes, self.duration_ns)
    }

    /// Percentage of `duration_ns` the GIL was held by anyone.
    pub fn utilisation_pct(&self) -> f64 {
        pct(self.held_ns, self.duration_ns)
    }
}

/// Everything the report shows about a run: per thread, per process, invariant violations.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub header: Header,
    /// When the run ended (the footer's `t`); the run spans `[0, end_t)`.
    pub end_t: u64,
    /// Events folded.
    pub events: u64,
    /// Threads by id.
    pub threads: Vec<ThreadSummary>,
    /// Processes by id.
    pub procs: Vec<ProcSummary>,
    /// The first [`MAX_VIOLATIONS`] violations, in order.
    pub violations: Vec<Violation>,
    /// All violations, listed or not.
    pub violation_count: u64,
    /// Which intervals `threads[..].intervals` and `procs[..].holders` hold.
    pub kept: Keep,
    /// asyncio's tasks and the steps that stalled their loop, if the run had any.
    pub asyncio: TaskReport,
}

impl Summary {
    /// Folds `events`, keeping every interval, and closes the run at `end_t`.
    pub fn from_events(
        header: &Header,
        events: impl IntoIterator<Item = Event>,
        end_t: u64,
    ) -> Summary {
        Summary::fold(header, events, end_t, Keep::All)
    }

    /// Folds `events` for the totals only (no intervals): for traces too big to draw whole.
    pub fn totals_from_events(
        header: &Header,
        events: impl IntoIterator<Item = Event>,
        end_t: u64,
    ) -> Summary {
        Summary::fold(header, events, end_t, Keep::None)
    }

    /// Folds `events`, keeping the intervals `keep` says.
    pub fn fold(
        header: &Header,
        events: impl IntoIterator<Item = Event>,
        end_t: u64,
        keep: Keep,
    ) -> Summary {
        let mut f = Fold::new(header, keep);
        for e in events {
            f.push(&e);
        }
        f.finish(end_t)
    }

    /// The run's duration: `end_t`, as `t` counts from the start.
    pub fn duration_ns(&self) -> u64 {
        self.end_t
    }

    /// Holder changes over all processes.
    pub fn holder_changes(&self) -> u64 {
        self.procs.iter().map(|p| p.holder_changes).sum()
    }

    /// Holder changes per second of the run, over all processes.
    pub fn holder_changes_per_sec(&self) -> f64 {
        per_sec(self.holder_changes(), self.duration_ns())
    }

    /// GIL held-by-anyone time over the sum of the processes' durations, as a percentage.
    pub fn utilisation_pct(&self) -> f64 {
        let held = self.procs.iter().map(|p| p.held_ns).sum();
        pct(held, self.procs.iter().map(|p| p.duration_ns).sum())
    }

    /// `drop_request` events over all processes.
    pub fn drop_requests(&self) -> u64 {
        self.procs.iter().map(|p| p.drop_requests).sum()
    }

    /// Releases on request over all processes.
    pub fn drops_on_request(&self) -> u64 {
        self.procs.iter().map(|p| p.drops_on_request).sum()
    }
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn per_sec(n: u64, ns: u64) -> f64 {
    if ns == 0 {
        0.0
    } else {
        n as f64 * 1e9 / ns as f64
    }
}

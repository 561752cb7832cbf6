//! Folding a stream of events into per-thread state intervals, GIL holder spans and totals.
//!
//! [`Fold`] takes events one at a time (memory grows with threads and kept intervals only, never
//! with the events themselves); [`Fold::finish`] closes everything at the end of the run and
//! gives a [`Summary`]. [`Keep`] says which intervals to keep for drawing: all, none (totals
//! only, for big traces), those overlapping one time window, or all up to a cap and then a
//! fixed-resolution summary ([`super::buckets`]), for a live run however long.

use std::collections::HashMap;
use std::fmt;

use super::buckets::{self, Buckets};
use super::tasks::{TaskFold, TaskReport, DEFAULT_SLOW_CALLBACK_NS};
use crate::trace::event::{Event, EventKind, Header, ReleaseReason};

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

/// A thread's flags while folding; its [`State`] follows from them.
struct ThreadFold {
    sum: ThreadSummary,
    alive: bool,
    holding: bool,
    requested: bool,
    in_io: bool,
    blocked: bool,
    /// Between a `cpu_wait` and its `cpu_run`.
    off_cpu: bool,
    /// Since when the current state holds.
    since: u64,
}

impl ThreadFold {
    fn state(&self) -> Option<State> {
        if !self.alive {
            None
        } else if self.off_cpu {
            Some(State::Ready)
        } else if self.holding {
            Some(State::Running)
        } else if self.in_io || self.blocked {
            Some(State::Blocking)
        } else if self.requested {
            Some(State::WaitingGil)
        } else {
            Some(State::Idle)
        }
    }

    /// Changes the flags with `f` at time `t`, closing the state that ends if it changes.
    fn update(&mut self, t: u64, keep: Keep, f: impl FnOnce(&mut ThreadFold)) {
        let old = self.state();
        f(self);
        if self.state() != old {
            self.close(old, t, keep);
            self.since = t;
        }
    }

    fn close(&mut self, state: Option<State>, t: u64, keep: Keep) {
        let Some(state) = state else { return };
        let dur = t - self.since;
        let s = &mut self.sum;
        let held = match state {
            State::Running => true,
            State::Ready => {
                s.cpu_wait_ns += dur;
                self.holding
            }
            State::WaitingGil => {
                s.waiting_ns += dur;
                false
            }
            State::Blocking => {
                s.blocking_ns += dur;
                false
            }
            State::Idle => {
                s.idle_ns += dur;
                false
            }
        };
        if held {
            s.held_ns += dur;
        }
        if let Some(b) = &mut s.coarse {
            b.add(self.since, t, state.slot());
            if held {
                b.add(self.since, t, HELD);
            }
        } else if let Some((start, end)) = clip(keep, self.since, t) {
            match s.intervals.last_mut() {
                Some(last) if last.state == state && last.end == start => last.end = end,
                _ => s.intervals.push(Interval { start, end, state }),
            }
        }
    }
}

/// The part of `[a, b)` that `keep` keeps, if any.
fn clip(keep: Keep, a: u64, b: u64) -> Option<(u64, u64)> {
    let (a, b) = match keep {
        Keep::None => return None,
        Keep::All | Keep::Capped(_) => (a, b),
        Keep::Window(from, to) => (a.max(from), b.min(to)),
    };
    (a < b).then_some((a, b))
}

/// A process's GIL while folding.
struct ProcFold {
    sum: ProcSummary,
    /// Current holders with the time each took it (one at most unless `gil: none`).
    holders: Vec<(u32, u64)>,
    last_holder: Option<u32>,
    /// Since when someone holds it, if someone does.
    held_since: Option<u64>,
    /// Past a [`Keep::Capped`] cap: spans are no longer kept (the threads' buckets count).
    coarse: bool,
}

impl ProcFold {
    fn take(&mut self, thread: u32, t: u64) {
        if self.holders.is_empty() {
            self.held_since = Some(t);
        }
        self.holders.push((thread, t));
        self.sum.acquisitions += 1;
        if self.last_holder.is_some_and(|h| h != thread) {
            self.sum.holder_changes += 1;
        }
        self.last_holder = Some(thread);
    }

    fn drop(&mut self, thread: u32, t: u64, keep: Keep) {
        let Some(i) = self.holders.iter().position(|h| h.0 == thread) else {
            return;
        };
        let (_, since) = self.holders.remove(i);
        match clip(keep, since, t) {
            Some((start, end)) if !self.coarse => {
                self.sum.holders.push(HolderSpan { start, end, thread })
            }
            _ => {}
        }
        if self.holders.is_empty() {
            if let Some(s) = self.held_since.take() {
                self.sum.held_ns += t - s;
            }
        }
    }
}

/// A streaming fold of events into a [`Summary`]: [`push`](Fold::push) each event in order,
/// then [`finish`](Fold::finish).
pub struct Fold {
    header: Header,
    keep: Keep,
    /// Whether the GIL excludes (every design but `none`).
    exclusive: bool,
    threads: Vec<ThreadFold>,
    thread_ix: HashMap<u32, usize>,
    procs: Vec<ProcFold>,
    proc_ix: HashMap<u32, usize>,
    events: u64,
    last_t: u64,
    violations: Vec<Violation>,
    violation_count: u64,
    /// The event being folded: index, `t` (as corrected), proc, thread.
    at: (u64, u64, u32, u32),
    /// asyncio tasks and the stall detector.
    tasks: TaskFold,
    /// Past the cap of [`Keep::Capped`]: buckets instead of intervals.
    coarse: bool,
}

impl Fold {
    /// An empty fold for the run `header` describes, keeping the intervals `keep` says.
    pub fn new(header: &Header, keep: Keep) -> Fold {
        Fold {
            header: header.clone(),
            keep,
            exclusive: header.gil != "none",
            threads: Vec::new(),
            thread_ix: HashMap::new(),
            procs: Vec::new(),
            proc_ix: HashMap::new(),
            events: 0,
            last_t: 0,
            violations: Vec::new(),
            violation_count: 0,
            at: (0, 0, 0, 0),
            tasks: TaskFold::new(DEFAULT_SLOW_CALLBACK_NS),
            coarse: false,
        }
    }

    /// Under [`Keep::Capped`], every so many events: past the cap, trades every interval
    /// and holder span kept so far for buckets, and keeps buckets from then on.
    fn check_cap(&mut self) {
        let Keep::Capped(cap) = self.keep else {
            return;
        };
        if self.coarse || self.events % 1024 != 0 {
            return;
        }
        let kept: usize = self
            .threads
            .iter()
            .map(|t| t.sum.intervals.len())
            .sum::<usize>()
            + self
                .procs
                .iter()
                .map(|p| p.sum.holders.len())
                .sum::<usize>()
            + self.tasks.intervals_kept();
        if kept <= cap {
            return;
        }
        self.coarse = true;
        let width = buckets::width_at(self.last_t);
        let mut spans: HashMap<u32, Vec<HolderSpan>> = HashMap::new();
        for p in &mut self.procs {
            p.coarse = true;
            for h in p.sum.holders.drain(..) {
                spans.entry(h.thread).or_default().push(h);
            }
        }
        for th in &mut self.threads {
            let mut b = Buckets::new(width);
            for iv in th.sum.intervals.drain(..) {
                b.add(iv.start, iv.end, iv.state.slot());
            }
            for h in spans.remove(&th.sum.id).unwrap_or_default() {
                b.add(h.start, h.end, HELD);
            }
            th.sum.intervals.shrink_to_fit();
            th.sum.coarse = Some(b);
        }
        self.tasks.go_coarse(width);
    }

    /// Task steps and loop callbacks at least `ns` long are listed as stalls (the default is
    /// asyncio's 100 ms).
    pub fn set_slow_threshold(&mut self, ns: u64) {
        self.tasks.threshold_ns = ns;
    }

    /// Records a violation by the event being folded (`self.at`).
    fn flag(&mut self, kind: ViolationKind) {
        self.violation_count += 1;
        if self.violations.len() < MAX_VIOLATIONS {
            let (index, t, proc, thread) = self.at;
            self.violations.push(Violation {
                index,
                t,
                proc,
                thread,
                kind,
            });
        }
    }

    fn thread(&mut self, id: u32, proc: u32, t: u64) -> usize {
        if let Some(&i) = self.thread_ix.get(&id) {
            return i;
        }
        let i = self.threads.len();
        self.thread_ix.insert(id, i);
        self.threads.push(ThreadFold {
            sum: ThreadSummary {
                id,
                proc,
                name: format!("Thread {id}"),
                start_t: t,
                ..ThreadSummary::default()
            },
            alive: true,
            holding: false,
            requested: false,
            in_io: false,
            blocked: false,
            off_cpu: false,
            since: t,
        });
        if self.coarse {
            let width = buckets::width_at(t);
            self.threads[i].sum.coarse = Some(Buckets::new(width));
        }
        i
    }

    fn proc(&mut self, proc: u32, t: u64) -> usize {
        if let Some(&i) = self.proc_ix.get(&proc) {
            return i;
        }
        let i = self.procs.len();
        self.proc_ix.insert(proc, i);
        self.procs.push(ProcFold {
            sum: ProcSummary {
                proc,
                start_t: t,
                ..ProcSummary::default()
            },
            holders: Vec::new(),
            last_holder: None,
            held_since: None,
            coarse: self.coarse,
        });
        i
    }

    /// Makes thread index `ti` let go of the GIL of process index `pi` at `t`.
    fn release(&mut self, pi: usize, ti: usize, t: u64) {
        let keep = self.keep;
        let id = self.threads[ti].sum.id;
        self.procs[pi].drop(id, t, keep);
        self.threads[ti].update(t, keep, |th| th.holding = false);
    }

    /// Takes the kept intervals of `thread` out of the fold: the states it has closed so far,
    /// in order. An export that calls this after each event streams the intervals out as they
    /// close, in memory that does not grow with the run (with [`Keep::All`]).
    pub fn drain_intervals(&mut self, thread: u32) -> impl Iterator<Item = Interval> + '_ {
        let i = self.thread_ix.get(&thread).copied();
        i.map(|i| self.threads[i].sum.intervals.drain(..))
            .into_iter()
            .flatten()
    }

    /// Takes the kept holder spans of `proc` out of the fold: the holdings of its GIL that
    /// have ended so far, in the order they ended (see [`drain_intervals`](Fold::drain_intervals)).
    pub fn drain_holders(&mut self, proc: u32) -> impl Iterator<Item = HolderSpan> + '_ {
        let i = self.proc_ix.get(&proc).copied();
        i.map(|i| self.procs[i].sum.holders.drain(..))
            .into_iter()
            .flatten()
    }

    /// Folds the next event.
    pub fn push(&mut self, e: &Event) {
        self.check_cap();
        let index = self.events;
        self.events += 1;
        self.at = (index, e.t, e.proc, e.thread);
        if e.t < self.last_t {
            // Reported at the event's own `t`; folded on at the previous one.
            self.flag(ViolationKind::TimeBackwards { prev: self.last_t });
        }
        let t = e.t.max(self.last_t);
        self.at.1 = t;
        self.last_t = t;
        let keep = self.keep;
        let pi = self.proc(e.proc, t);
        let ti = self.thread(e.thread, e.proc, t);
        match &e.kind {
            EventKind::ThreadStart { name } => {
                let th = &mut self.threads[ti];
                th.sum.name = name.clone();
                if !th.alive && th.sum.end_t.is_none() {
                    th.update(t, keep, |th| th.alive = true);
                }
            }
            EventKind::ThreadEnd => {
                if self.threads[ti].holding {
                    self.flag(ViolationKind::EndWhileHolding);
                    self.release_everywhere(ti, t);
                }
                let th = &mut self.threads[ti];
                th.update(t, keep, |th| {
                    th.alive = false;
                    th.requested = false;
                    th.in_io = false;
                    th.blocked = false;
                    th.off_cpu = false;
                });
                th.sum.end_t = Some(t);
            }
            EventKind::GilRequest => self.threads[ti].update(t, keep, |th| th.requested = true),
            EventKind::GilAcquire { wait_ns } => self.acquire(pi, ti, *wait_ns),
            EventKind::GilRelease { reason } => {
                let holders = &self.procs[pi].holders;
                if holders.iter().any(|h| h.0 == e.thread) {
                    self.release(pi, ti, t);
                    if *reason == ReleaseReason::DropRequest {
                        self.threads[ti].sum.drops_on_request += 1;
                        self.procs[pi].sum.drops_on_request += 1;
                    }
                } else {
                    let holder = holders.first().map(|h| h.0);
                    self.flag(ViolationKind::ReleaseByNonHolder { holder });
                }
            }
            EventKind::DropRequest => {
                self.procs[pi].sum.drop_requests += 1;
                self.threads[ti].sum.drop_requests_set += 1;
            }
            EventKind::ForcedSwitch { .. } => self.procs[pi].sum.forced_switches += 1,
            EventKind::IoBegin { .. } => self.threads[ti].update(t, keep, |th| th.in_io = true),
            EventKind::IoEnd { .. } => self.threads[ti].update(t, keep, |th| th.in_io = false),
            EventKind::Block { .. } => self.threads[ti].update(t, keep, |th| th.blocked = true),
            EventKind::Unblock => self.threads[ti].update(t, keep, |th| th.blocked = false),
            EventKind::CpuWait => self.threads[ti].update(t, keep, |th| th.off_cpu = true),
            EventKind::CpuRun => self.threads[ti].update(t, keep, |th| th.off_cpu = false),
            EventKind::ProcStart { .. } | EventKind::ProcExit { .. } => {}
            EventKind::Future { .. } => {}
            EventKind::MsgSend { .. } => self.procs[pi].sum.messages_sent += 1,
            EventKind::MsgRecv { .. } => self.procs[pi].sum.messages_received += 1,
            EventKind::TaskCreate { .. }
            | EventKind::TaskStep { .. }
            | EventKind::LoopCallback { .. } => self.tasks.push(t, e.thread, &e.kind, keep),
        }
    }

    /// A `gil_acquire` of thread index `ti` in process index `pi`, after `wait_ns`.
    fn acquire(&mut self, pi: usize, ti: usize, wait_ns: u64) {
        let (keep, t, id) = (self.keep, self.at.1, self.threads[ti].sum.id);
        if self.procs[pi].holders.iter().any(|h| h.0 == id) {
            self.flag(ViolationKind::AcquireAlreadyHeld);
            self.procs[pi].drop(id, t, keep);
        } else if self.exclusive {
            while let Some(&(holder, _)) = self.procs[pi].holders.first() {
                self.flag(ViolationKind::AcquireWhileHeld { holder });
                // Go on as if the holder had let go: one holder at a time.
                let hi = self.thread_ix[&holder];
                self.release(pi, hi, t);
            }
        }
        self.procs[pi].take(id, t);
        let th = &mut self.threads[ti];
        th.sum.acquisitions += 1;
        th.sum.longest_wait_ns = th.sum.longest_wait_ns.max(wait_ns);
        th.update(t, keep, |th| {
            th.holding = true;
            th.requested = false;
        });
    }

    /// Releases every GIL thread index `ti` holds.
    fn release_everywhere(&mut self, ti: usize, t: u64) {
        let id = self.threads[ti].sum.id;
        for pi in 0..self.procs.len() {
            if self.procs[pi].holders.iter().any(|h| h.0 == id) {
                self.release(pi, ti, t);
            }
        }
    }

    /// Closes every open state and span at `end_t` (the footer's `t`, or the last event's for
    /// a trace cut short) and gives the summary, threads and processes sorted by id.
    pub fn finish(mut self, end_t: u64) -> Summary {
        let mut end = end_t;
        if end_t < self.last_t {
            let last = self.last_t;
            self.at = (self.events, end_t, 0, 0);
            self.flag(ViolationKind::EndBeforeLastEvent { last });
            end = last;
        }
        let keep = self.keep;
        for pi in 0..self.procs.len() {
            let ids: Vec<u32> = self.procs[pi].holders.iter().map(|h| h.0).collect();
            for id in ids {
                self.procs[pi].drop(id, end, keep);
            }
        }
        let mut threads: Vec<ThreadSummary> = self
            .threads
            .into_iter()
            .map(|mut th| {
                let state = th.state();
                th.close(state, end, keep);
                th.sum
            })
            .collect();
        threads.sort_by_key(|th| th.id);
        let mut procs: Vec<ProcSummary> = self
            .procs
            .into_iter()
            .map(|mut p| {
                p.sum.duration_ns = end - p.sum.start_t;
                p.sum.holders.sort_by_key(|h| (h.start, h.thread));
                p.sum
            })
            .collect();
        procs.sort_by_key(|p| p.proc);
        let asyncio = self.tasks.finish(end, keep);
        Summary {
            header: self.header,
            end_t: end,
            events: self.events,
            threads,
            procs,
            violations: self.violations,
            violation_count: self.violation_count,
            kept: self.keep,
            asyncio,
        }
    }
}

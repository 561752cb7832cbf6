//! The streaming fold of a run's events into a [`Summary`] (see [`super::model`]).

// hashbrown's default hasher, not SipHash: two lookups per event folded
use hashbrown::HashMap;

use super::buckets::{self, Buckets};
use super::model::{
    HolderSpan, Interval, Keep, ProcSummary, State, Summary, ThreadSummary, Violation,
    ViolationKind, HELD, MAX_VIOLATIONS,
};
use super::tasks::{TaskFold, DEFAULT_SLOW_CALLBACK_NS};
use crate::trace::event::{Event, EventKind, Header, ReleaseReason};

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

    /// Takes the kept intervals of asyncio task `task` out of the fold (see
    /// [`TaskFold::drain_intervals`](super::tasks::TaskFold::drain_intervals)).
    pub fn drain_task_intervals(
        &mut self,
        task: u64,
    ) -> impl Iterator<Item = super::tasks::TaskInterval> + '_ {
        self.tasks.drain_intervals(task)
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

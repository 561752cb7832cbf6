//! A run's events cut into the slices a picture draws, streamed out as they close.
//!
//! [`Slicer`] folds the events with the report's own [`Fold`] (so a picture and the report
//! agree to the nanosecond) and, after each event, takes out what that event closed: a thread's
//! state ([`Slice::State`]), a holding of a GIL ([`Slice::Holding`]), an instant
//! ([`Slice::DropRequest`]), or what an asyncio task did before and during a step
//! ([`Slice::Task`]: awaiting, ready, running, as the report's task rows show them). Memory
//! grows with the number of threads and tasks, never with the length of the run.

use hashbrown::HashMap;

use crate::report::tasks::{TaskInterval, TaskState};
use crate::report::{Fold, HolderSpan, Interval, Keep, State, Summary};
use crate::trace::event::{Event, EventKind, Header, ReleaseReason};

/// One thing to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slice<'a> {
    /// `thread` spent `interval` in one state. `call` names the blocking call of a
    /// [`State::Blocking`] interval (`time.sleep`, `Lock.acquire`); `release` is why a
    /// [`State::Running`] interval ended, when a `gil_release` ended it.
    State {
        proc: u32,
        thread: u32,
        interval: Interval,
        call: Option<&'a str>,
        release: Option<ReleaseReason>,
    },
    /// `holder` (named `name`) held the GIL of `proc` over `span`; `release` as for a state.
    Holding {
        proc: u32,
        span: HolderSpan,
        name: &'a str,
        release: Option<ReleaseReason>,
    },
    /// `thread`, a waiter, timed out at `t` and asked the holder to drop the GIL.
    DropRequest { t: u64, proc: u32, thread: u32 },
    /// asyncio task `task`, run by the event loop of `thread`, spent `interval` in one state.
    /// A running interval is exactly one `task_step` (`t - dur_ns` to `t`).
    Task {
        proc: u32,
        thread: u32,
        task: u64,
        /// Its name now, and its coroutine's qualified name (empty if the trace lacks its
        /// `task_create`).
        name: &'a str,
        coro: &'a str,
        /// Its place among the tasks of `thread`, in the order they were created (0 first).
        ordinal: u32,
        interval: TaskInterval,
        detail: TaskDetail<'a>,
    },
}

/// What a task's interval says besides its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskDetail<'a> {
    /// A step: the line it resumed at, the line it stopped at (absent when it ended the task),
    /// and its `outcome` (`await`, `yield`, `done`, `error`, `cancelled`).
    Step {
        from_line: u32,
        line: Option<u32>,
        outcome: &'a str,
    },
    /// Awaiting at this line of the program (where its previous step stopped).
    AwaitingAt(u32),
    /// Nothing more: ready, or awaiting at a line the trace does not give.
    None,
}

/// What the slicer remembers of a thread: enough to name its slices.
struct ThreadInfo {
    proc: u32,
    name: String,
    /// The blocking call it is in (or was last in): names its blocking slice when it closes.
    call: String,
}

/// What the slicer remembers of an asyncio task.
struct TaskInfo {
    proc: u32,
    thread: u32,
    ordinal: u32,
    name: String,
    coro: String,
    /// The line its last step stopped at: where it awaits now.
    line: Option<u32>,
}

/// Events in, slices out: see the module's documentation.
pub struct Slicer {
    fold: Fold,
    /// Whether the GIL excludes: under `gil: none` holdings overlap, and no GIL track is drawn.
    pub exclusive: bool,
    threads: HashMap<u32, ThreadInfo>,
    tasks: HashMap<u64, TaskInfo>,
    /// Tasks seen so far per loop thread (the next task's ordinal).
    tasks_per_thread: HashMap<u32, u32>,
}

impl Slicer {
    /// A slicer for the run `header` describes.
    pub fn new(header: &Header) -> Slicer {
        Slicer {
            fold: Fold::new(header, Keep::All),
            exclusive: header.gil != "none",
            threads: HashMap::new(),
            tasks: HashMap::new(),
            tasks_per_thread: HashMap::new(),
        }
    }

    /// The slicer's record of task `task` of `e`'s thread, made when first seen (at its
    /// `task_create`, or at its first step in a trace cut at the front).
    fn task_info(&mut self, task: u64, e: &Event) -> &mut TaskInfo {
        let per_thread = &mut self.tasks_per_thread;
        // the process the thread's tracks are in (that of its first event)
        let proc = self.threads.get(&e.thread).map_or(e.proc, |t| t.proc);
        self.tasks.entry(task).or_insert_with(|| {
            let n = per_thread.entry(e.thread).or_insert(0);
            *n += 1;
            TaskInfo {
                proc,
                thread: e.thread,
                ordinal: *n - 1,
                name: String::new(),
                coro: String::new(),
                line: None,
            }
        })
    }

    /// Folds `e` and hands `out` the slices it closed.
    pub fn push(&mut self, e: &Event, mut out: impl FnMut(Slice)) {
        let info = self.threads.entry(e.thread).or_insert_with(|| ThreadInfo {
            proc: e.proc,
            name: format!("Thread {}", e.thread),
            call: String::new(),
        });
        let release = match &e.kind {
            EventKind::ThreadStart { name } => {
                info.name.clone_from(name);
                None
            }
            EventKind::IoBegin { call, .. } => {
                info.call.clone_from(call);
                None
            }
            EventKind::Block { what, .. } => {
                info.call.clone_from(what);
                None
            }
            EventKind::GilRelease { reason } => Some(*reason),
            _ => None,
        };
        self.fold.push(e);
        // what `e` ended at `e.t` by its own thread's release carries the reason
        let ended_by = |end: u64, thread: u32| {
            if end == e.t && thread == e.thread {
                release
            } else {
                None
            }
        };
        for span in self.fold.drain_holders(e.proc) {
            let name = self.threads.get(&span.thread).map_or("", |t| &t.name);
            out(Slice::Holding {
                proc: e.proc,
                span,
                name,
                release: ended_by(span.end, span.thread),
            });
        }
        for interval in self.fold.drain_intervals(e.thread) {
            let info = &self.threads[&e.thread];
            out(state_slice(
                e.thread,
                info,
                interval,
                ended_by(interval.end, e.thread),
            ));
        }
        match &e.kind {
            EventKind::DropRequest => out(Slice::DropRequest {
                t: e.t,
                proc: e.proc,
                thread: e.thread,
            }),
            EventKind::TaskCreate { task, name, coro } => {
                let info = self.task_info(*task, e);
                info.name.clone_from(name);
                info.coro.clone_from(coro);
            }
            EventKind::TaskStep {
                task,
                name,
                from_line,
                line,
                outcome,
                ..
            } => {
                let info = self.task_info(*task, e);
                let (proc, thread, ordinal, awaited) =
                    (info.proc, info.thread, info.ordinal, info.line);
                info.line = *line;
                info.name.clone_from(name);
                let info = &self.tasks[task];
                for interval in self.fold.drain_task_intervals(*task) {
                    let detail = match interval.state {
                        TaskState::Running => TaskDetail::Step {
                            from_line: *from_line,
                            line: *line,
                            outcome,
                        },
                        TaskState::Awaiting => {
                            awaited.map_or(TaskDetail::None, TaskDetail::AwaitingAt)
                        }
                        TaskState::Ready => TaskDetail::None,
                    };
                    out(Slice::Task {
                        proc,
                        thread,
                        task: *task,
                        name: &info.name,
                        coro: &info.coro,
                        ordinal,
                        interval,
                        detail,
                    });
                }
            }
            _ => {}
        }
    }

    /// Closes every open state and holding at `end_t` (the footer's `t`, or the last event's
    /// for a trace cut short), hands `out` those last slices, and gives the run's summary
    /// (its intervals taken out: only the totals remain).
    pub fn finish(self, end_t: u64, mut out: impl FnMut(Slice)) -> Summary {
        let mut summary = self.fold.finish(end_t);
        for p in &mut summary.procs {
            for span in p.holders.drain(..) {
                let name = self.threads.get(&span.thread).map_or("", |t| &t.name);
                out(Slice::Holding {
                    proc: p.proc,
                    span,
                    name,
                    release: None,
                });
            }
        }
        for th in &mut summary.threads {
            if let Some(info) = self.threads.get(&th.id) {
                for interval in th.intervals.drain(..) {
                    out(state_slice(th.id, info, interval, None));
                }
            }
        }
        for t in &mut summary.asyncio.tasks {
            let Some(info) = self.tasks.get(&t.id) else {
                continue;
            };
            for interval in t.intervals.drain(..) {
                let detail = match (interval.state, info.line) {
                    (TaskState::Awaiting, Some(l)) => TaskDetail::AwaitingAt(l),
                    _ => TaskDetail::None,
                };
                out(Slice::Task {
                    proc: info.proc,
                    thread: info.thread,
                    task: t.id,
                    name: &info.name,
                    coro: &info.coro,
                    ordinal: info.ordinal,
                    interval,
                    detail,
                });
            }
        }
        summary.kept = Keep::None;
        summary
    }
}

fn state_slice(
    thread: u32,
    info: &ThreadInfo,
    interval: Interval,
    release: Option<ReleaseReason>,
) -> Slice<'_> {
    let blocking = interval.state == State::Blocking;
    Slice::State {
        proc: info.proc,
        thread,
        interval,
        call: blocking.then_some(info.call.as_str()),
        release: if interval.state == State::Running {
            release
        } else {
            None
        },
    }
}

//! A run's events cut into the slices a picture draws, streamed out as they close.
//!
//! [`Slicer`] folds the events with the report's own [`Fold`] (so a picture and the report
//! agree to the nanosecond) and, after each event, takes out what that event closed: a thread's
//! state ([`Slice::State`]), a holding of a GIL ([`Slice::Holding`]), or an instant
//! ([`Slice::DropRequest`]). Memory grows with the number of threads, never with the run.

use hashbrown::HashMap;

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
}

/// What the slicer remembers of a thread: enough to name its slices.
struct ThreadInfo {
    proc: u32,
    name: String,
    /// The blocking call it is in (or was last in): names its blocking slice when it closes.
    call: String,
}

/// Events in, slices out: see the module's documentation.
pub struct Slicer {
    fold: Fold,
    /// Whether the GIL excludes: under `gil: none` holdings overlap, and no GIL track is drawn.
    pub exclusive: bool,
    threads: HashMap<u32, ThreadInfo>,
}

impl Slicer {
    /// A slicer for the run `header` describes.
    pub fn new(header: &Header) -> Slicer {
        Slicer {
            fold: Fold::new(header, Keep::All),
            exclusive: header.gil != "none",
            threads: HashMap::new(),
        }
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
        if e.kind == EventKind::DropRequest {
            out(Slice::DropRequest {
                t: e.t,
                proc: e.proc,
                thread: e.thread,
            });
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

//! The record of a real-clock run, shared by all its processes: its clock, its thread ids, its
//! events, and its end.
//!
//! Every process has a GIL of its own ([`super::gil::RealGil`]), and each GIL stamps and
//! keeps its process's events under its own mutex, in order, as they happen: recording an event
//! costs a hand-off no other lock. The log merges the processes' events into one stream in
//! time order when it is pumped ([`RunLog::pump`]): it notes the time `w` it looks, then takes
//! each process's events; since a process stamps under its mutex and the clock is monotonic,
//! every event up to `w` is then in hand, so those go out, in time order, and the later ones
//! wait for the next pump. A process forked after `w` has no event before it.
//!
//! Writing the trace (formatting JSON) and folding the report ([`Sink`]) happen there too,
//! outside every GIL's mutex, so they do not lengthen the GIL's hand-offs; the events
//! themselves are not kept unless the sink needs them.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Weak;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::clock::sim::Stop;
use crate::gil::ThreadId;
use crate::report::sink::Sink;
use crate::trace::event::Event;

/// How the run ended, and when (ns since its start).
pub type Ending = (Result<i32, Stop>, u64);

/// Where a process's events wait for the log: its GIL.
pub trait Source: Send + Sync {
    /// Moves the events recorded so far, in order, to the end of `into`.
    fn drain(&self, into: &mut Vec<Event>);
}

/// What the pumping thread holds.
struct Out {
    /// Events taken from the processes but later than the last pump's time, by time.
    staged: Vec<Event>,
    /// Where the events go.
    sink: Sink,
}

/// The run's clock, thread ids, events and end.
pub struct RunLog {
    start: Instant,
    /// The processes' GILs, in order.
    sources: Mutex<Vec<Weak<dyn Source>>>,
    /// Set once: nothing later is kept.
    end: Mutex<Option<Ending>>,
    /// The controller waits here for the end of the run.
    ended: Condvar,
    next_thread: AtomicU32,
    /// Whether events go out through `tracing` (a trace or `RUST_LOG` is being written).
    trace: bool,
    /// Whether anyone wants the events: a trace, a report, pictures.
    recording: bool,
    /// Held by the thread sending events out, so they leave in order.
    out: Mutex<Out>,
}

impl RunLog {
    /// A run starting now whose events go to `sink`; `trace`: send them out through
    /// `tracing` too.
    pub fn new(trace: bool, sink: Sink) -> RunLog {
        RunLog {
            start: Instant::now(),
            sources: Mutex::new(Vec::new()),
            end: Mutex::new(None),
            ended: Condvar::new(),
            next_thread: AtomicU32::new(0),
            trace,
            recording: trace || sink.wants_events(),
            out: Mutex::new(Out {
                staged: Vec::new(),
                sink,
            }),
        }
    }

    /// Nanoseconds since the start of the run, on the monotonic clock.
    pub fn now(&self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }

    /// The instant `ns` after the start; `None` if it is too far away to represent.
    pub fn instant(&self, ns: u64) -> Option<Instant> {
        self.start.checked_add(Duration::from_nanos(ns))
    }

    /// Whether events are wanted (a trace, a report, pictures). Without, a run does no
    /// bookkeeping for them at all, as CPython, which writes no trace, does none.
    pub fn recording(&self) -> bool {
        self.recording
    }

    /// A thread id for the trace, unique in the run (across its processes).
    pub fn new_thread_id(&self) -> ThreadId {
        self.next_thread.fetch_add(1, Ordering::Relaxed)
    }

    /// A process's events from now on come from `source`.
    pub fn add_source(&self, source: Weak<dyn Source>) {
        self.sources.lock().push(source);
    }

    /// Ends the run with `outcome` now, unless it has ended: whether this call ended it.
    /// Events stamped later are not kept.
    pub fn finish(&self, outcome: Result<i32, Stop>) -> bool {
        let mut end = self.end.lock();
        if end.is_some() {
            return false;
        }
        *end = Some((outcome, self.now()));
        self.ended.notify_all();
        true
    }

    /// Whether the run has ended.
    pub fn has_ended(&self) -> bool {
        self.end.lock().is_some()
    }

    /// Waits up to `timeout` for the run to end; whether it has.
    pub fn wait_end(&self, timeout: Duration) -> bool {
        let mut end = self.end.lock();
        if end.is_none() {
            self.ended.wait_for(&mut end, timeout);
        }
        end.is_some()
    }

    /// Sends the events recorded so far out, in time order (if any are: see
    /// [`RunLog::recording`]). If another thread is at it, it leaves them to that thread; the ones it misses go with the next pump (the controller's
    /// at the latest, or [`RunLog::take_results`]).
    pub fn pump(&self) {
        if !self.recording {
            return;
        }
        if let Some(mut out) = self.out.try_lock() {
            self.send(&mut out, None);
        }
    }

    /// Takes every process's events and sends out those up to the time it started looking,
    /// or all up to `until` (the end of the run) if given.
    fn send(&self, out: &mut Out, until: Option<u64>) {
        let (now, sources) = {
            let sources = self.sources.lock();
            (self.now(), sources.clone())
        };
        let from = out.staged.len();
        for s in sources.iter().filter_map(Weak::upgrade) {
            s.drain(&mut out.staged);
        }
        if out.staged.len() > from {
            // each process's events are in order: a stable sort keeps them so
            out.staged.sort_by_key(|e| e.t);
        }
        let upto = until.unwrap_or(now);
        let ready = out.staged.partition_point(|e| e.t <= upto);
        let rest = out.staged.split_off(ready);
        let ready = std::mem::replace(&mut out.staged, rest);
        for e in ready {
            if self.trace {
                crate::trace::layer::emit(&e);
            }
            out.sink.push(e);
        }
        if until.is_some() {
            out.staged.clear();
        }
    }

    /// After the end: how the run ended, when (ns), and what the sink made of its events
    /// (all sent out through `tracing` first). `None` before the end.
    pub fn take_results(&self) -> Option<(Result<i32, Stop>, u64, Sink)> {
        let (outcome, end) = self.end.lock().clone()?;
        let mut out = self.out.lock();
        self.send(&mut out, Some(end));
        Some((outcome, end, out.sink.take()))
    }
}

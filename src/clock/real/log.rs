//! The record of a real-clock run, shared by all its processes: its clock, its thread ids, its
//! events, and its end.
//!
//! Every process has a GIL of its own ([`super::gil::RealGil`]), so two events of different
//! processes can happen at once on different cores. They are stamped and recorded under one
//! mutex here, so the trace's times never go back (DESIGN.md §6): an event is stamped with the
//! time its GIL read under its own mutex, raised to the last time recorded if another process
//! recorded a later one in between (by at most the few nanoseconds the two critical sections
//! overlapped).
//!
//! Writing the trace (formatting JSON) and folding the report ([`Sink`]) happen outside that
//! mutex, in the same order ([`RunLog::pump`]), so they do not lengthen the GIL's hand-offs;
//! the events themselves are not kept unless the sink needs them.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::clock::sim::Stop;
use crate::gil::ThreadId;
use crate::report::sink::Sink;
use crate::trace::event::Event;

/// How the run ended, and when (ns since its start).
pub type Ending = (Result<i32, Stop>, u64);

/// What the log's mutex guards.
struct Inner {
    /// The events recorded since the last pump, in order.
    pending: Vec<Event>,
    /// The time of the last event recorded.
    last_t: u64,
    /// Set once: nothing is recorded after it.
    end: Option<Ending>,
}

/// The run's clock, thread ids, events and end.
pub struct RunLog {
    start: Instant,
    inner: Mutex<Inner>,
    /// The controller waits here for the end of the run.
    ended: Condvar,
    next_thread: AtomicU32,
    /// Whether events go out through `tracing` (a trace or `RUST_LOG` is being written).
    trace: bool,
    /// Where the events go once pumped, in order; held by the thread sending events out, so
    /// they leave in order.
    sent: Mutex<Sink>,
}

impl RunLog {
    /// A run starting now whose events go to `sink`; `trace`: send them out through
    /// `tracing` too.
    pub fn new(trace: bool, sink: Sink) -> RunLog {
        RunLog {
            start: Instant::now(),
            inner: Mutex::new(Inner {
                pending: Vec::new(),
                last_t: 0,
                end: None,
            }),
            ended: Condvar::new(),
            next_thread: AtomicU32::new(0),
            trace,
            sent: Mutex::new(sink),
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

    /// A thread id for the trace, unique in the run (across its processes).
    pub fn new_thread_id(&self) -> ThreadId {
        self.next_thread.fetch_add(1, Ordering::Relaxed)
    }

    /// Records `e` (its time raised to the last one recorded), unless the run has ended.
    pub fn record(&self, mut e: Event) {
        let mut inner = self.inner.lock();
        if inner.end.is_some() {
            return;
        }
        e.t = e.t.max(inner.last_t);
        inner.last_t = e.t;
        inner.pending.push(e);
    }

    /// Ends the run with `outcome` now, unless it has ended: whether this call ended it.
    pub fn finish(&self, outcome: Result<i32, Stop>) -> bool {
        let mut inner = self.inner.lock();
        if inner.end.is_some() {
            return false;
        }
        let t = self.now().max(inner.last_t);
        inner.end = Some((outcome, t));
        self.ended.notify_all();
        true
    }

    /// Whether the run has ended.
    pub fn has_ended(&self) -> bool {
        self.inner.lock().end.is_some()
    }

    /// Waits up to `timeout` for the run to end; whether it has.
    pub fn wait_end(&self, timeout: Duration) -> bool {
        let mut inner = self.inner.lock();
        if inner.end.is_none() {
            self.ended.wait_for(&mut inner, timeout);
        }
        inner.end.is_some()
    }

    /// Sends the events recorded so far out through `tracing`, in order, outside the
    /// recording mutex. If another thread is at it, it leaves them to that thread, which sends
    /// until none are left; the ones it misses go with the next pump (the controller's at the
    /// latest, or [`RunLog::take_results`]).
    pub fn pump(&self) {
        if let Some(mut sent) = self.sent.try_lock() {
            self.send_pending(&mut sent);
        }
    }

    /// Moves the pending events out (a swap under the mutex), sends them, and puts them in
    /// `sent`; again until none are left.
    fn send_pending(&self, sent: &mut Sink) {
        let mut batch = Vec::new();
        loop {
            std::mem::swap(&mut self.inner.lock().pending, &mut batch);
            if batch.is_empty() {
                return;
            }
            for e in batch.drain(..) {
                if self.trace {
                    crate::trace::layer::emit(&e);
                }
                sent.push(e);
            }
        }
    }

    /// After the end: how the run ended, when (ns), and what the sink made of its events
    /// (all sent out through `tracing` first). `None` before the end.
    pub fn take_results(&self) -> Option<(Result<i32, Stop>, u64, Sink)> {
        let (outcome, end) = self.inner.lock().end.clone()?;
        let mut sent = self.sent.lock();
        self.send_pending(&mut sent);
        Some((outcome, end, sent.take()))
    }
}

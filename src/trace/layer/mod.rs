//! Events out through `tracing`, and the `tracing-subscriber` layer that writes them as JSON lines.
//!
//! [`emit`] turns an [`Event`] into one `tracing` event (level INFO, target `gilsim::gil`,
//! `gilsim::thread`, `gilsim::io`, `gilsim::sync` or `gilsim::os`). [`JsonlLayer`] picks those up and writes
//! one `gilsim-trace/1` line each; [`TraceGuard`] writes the footer. [`install`] puts both in
//! place, plus a human-readable layer on stderr when `RUST_LOG` asks for one. How a trace event
//! travels as a `tracing` event's fields, both ways, is the `fields` submodule's.

mod fields;

use std::cell::RefCell;
use std::io::{self, BufWriter, Write};
use std::sync::Arc;

use parking_lot::Mutex;
use tracing::Subscriber;
use tracing_subscriber::filter::{filter_fn, Targets};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::Registry;

use super::event::{Event, Header};
use super::json::{self, KindRef};
use fields::Fields;

pub use fields::emit;

/// Every trace event's target starts with this.
pub const TARGET_PREFIX: &str = "gilsim::";

/// Whether `target` is a trace event's: under [`TARGET_PREFIX`].
fn is_trace_target(target: &str) -> bool {
    target.starts_with(TARGET_PREFIX)
}

thread_local! {
    static FIELDS: RefCell<Fields> = RefCell::new(Fields::default());
}

/// The output side, shared by the layer and its guard; stamping and writing happen under its
/// lock so `t` never goes back in the file, whichever OS thread an event comes from.
struct Shared {
    /// `None` once the footer is written.
    out: Option<BufWriter<Box<dyn Write + Send>>>,
    /// The line being written, reused.
    line: Vec<u8>,
    /// Event lines written so far.
    events: u64,
    /// The `t` of the last line written.
    last_t: u64,
    /// The first write error; nothing more is written after it.
    error: Option<io::Error>,
    /// If set, stamps each event instead of its own `t` (the real clock).
    clock: Option<Box<dyn Fn() -> u64 + Send>>,
}

impl Shared {
    fn write_line(&mut self) {
        if self.error.is_some() {
            return;
        }
        if let Some(out) = self.out.as_mut() {
            if let Err(e) = out.write_all(&self.line) {
                self.error = Some(e);
            }
        }
    }

    fn write_event(&mut self, t: Option<u64>, proc: u32, thread: u32, kind: &KindRef<'_>) {
        if self.out.is_none() || self.error.is_some() {
            return;
        }
        let t = match (&self.clock, t) {
            (Some(clock), _) => clock(),
            (None, Some(t)) => t,
            (None, None) => return,
        };
        let t = t.max(self.last_t);
        self.line.clear();
        json::write_event(&mut self.line, t, proc, thread, kind);
        self.line.push(b'\n');
        self.write_line();
        self.events += 1;
        self.last_t = t;
    }

    /// Writes the footer, flushes, closes the writer; the first error since the start wins.
    fn close(&mut self, t: u64, stopped: Option<&str>) -> io::Result<()> {
        if self.out.is_none() {
            return Ok(());
        }
        self.line.clear();
        json::write_footer(&mut self.line, t.max(self.last_t), self.events, stopped);
        self.line.push(b'\n');
        self.write_line();
        let mut out = self.out.take().expect("checked above");
        if self.error.is_none() {
            if let Err(e) = out.flush() {
                self.error = Some(e);
            }
        }
        // A failed flush must not be retried by BufWriter's Drop: take the buffer away.
        let _ = out.into_parts();
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// A `tracing-subscriber` layer writing every trace event (target `gilsim::…` with a known
/// `kind`) as one `gilsim-trace/1` line. Other events, and `gilsim::` events without a trace
/// `kind` (log messages for humans), are not written.
///
/// Lines are buffered (64 KiB); [`TraceGuard`] flushes them with the footer.
pub struct JsonlLayer {
    shared: Arc<Mutex<Shared>>,
}

/// Writes the footer of a [`JsonlLayer`]'s trace and flushes it.
///
/// Call [`finish`](TraceGuard::finish) when the run ends; dropping the guard without it still
/// writes the footer, with `"stopped":"aborted"`, so a trace is never silently cut short. After
/// the footer the layer writes nothing more.
#[must_use = "the trace's footer is written when the guard is finished or dropped"]
pub struct TraceGuard {
    shared: Arc<Mutex<Shared>>,
}

impl JsonlLayer {
    /// A layer writing to `writer`, and its guard. The header line is written (and flushed) at
    /// once. Write errors do not stop the run: the first one is returned by
    /// [`TraceGuard::finish`].
    pub fn new(writer: Box<dyn Write + Send>, header: &Header) -> (JsonlLayer, TraceGuard) {
        let mut line = Vec::with_capacity(256);
        json::write_header(&mut line, header);
        line.push(b'\n');
        let mut shared = Shared {
            out: Some(BufWriter::with_capacity(64 * 1024, writer)),
            line,
            events: 0,
            last_t: 0,
            error: None,
            clock: None,
        };
        shared.write_line();
        if shared.error.is_none() {
            if let Err(e) = shared.out.as_mut().expect("just made").flush() {
                shared.error = Some(e);
            }
        }
        let shared = Arc::new(Mutex::new(shared));
        (
            JsonlLayer {
                shared: shared.clone(),
            },
            TraceGuard { shared },
        )
    }

    /// Stamps each event with `clock()`, read under the writer's lock, instead of the event's
    /// own `t` (which may then be left out). For the real clock: two OS threads can then never
    /// write times out of order. `clock` must not emit events.
    pub fn with_clock(self, clock: impl Fn() -> u64 + Send + 'static) -> JsonlLayer {
        self.shared.lock().clock = Some(Box::new(clock));
        self
    }

    fn write(&self, f: &Fields) {
        let Some(kind) = f.kind() else { return };
        let (Some(proc), Some(thread)) = (f.proc, f.thread) else {
            return;
        };
        let (Ok(proc), Ok(thread)) = (u32::try_from(proc), u32::try_from(thread)) else {
            return;
        };
        self.shared.lock().write_event(f.t, proc, thread, &kind);
    }
}

impl<S: Subscriber> Layer<S> for JsonlLayer {
    fn on_event(&self, event: &tracing::Event<'_>, _ctx: Context<'_, S>) {
        if !is_trace_target(event.metadata().target()) {
            return;
        }
        let used_local = FIELDS.try_with(|cell| {
            // Already borrowed: an event emitted from inside our own writer. Dropping it
            // beats deadlocking on the lock this thread holds.
            if let Ok(mut f) = cell.try_borrow_mut() {
                f.reset();
                event.record(&mut *f);
                self.write(&f);
            }
        });
        if used_local.is_err() {
            // The thread is being torn down and its locals are gone.
            let mut f = Fields::default();
            event.record(&mut f);
            self.write(&f);
        }
    }
}

impl TraceGuard {
    /// Writes the footer (`t` = the last event's, `stopped` if the run stopped early, e.g.
    /// `"deadlock"`, `"max_time"`, `"interrupted"`), flushes and closes the writer. Returns the
    /// first write error of the whole trace, if any.
    pub fn finish(self, stopped: Option<&str>) -> io::Result<()> {
        self.shared.lock().close(0, stopped)
    }

    /// Like [`finish`](TraceGuard::finish), with the footer's `t` set to `end` (the time the
    /// run ended), or the last event's `t` if that is later.
    pub fn finish_at(self, end: u64, stopped: Option<&str>) -> io::Result<()> {
        self.shared.lock().close(end, stopped)
    }

    /// Flushes the lines written so far to the writer.
    pub fn flush(&self) -> io::Result<()> {
        let mut s = self.shared.lock();
        if let Some(e) = s.error.as_ref() {
            return Err(io::Error::new(e.kind(), e.to_string()));
        }
        match s.out.as_mut() {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }

    /// Event lines written so far.
    pub fn events(&self) -> u64 {
        self.shared.lock().events
    }
}

impl Drop for TraceGuard {
    fn drop(&mut self) {
        let _ = self.shared.lock().close(0, Some("aborted"));
    }
}

/// `RUST_LOG` as `target=level` directives, if set and well-formed.
fn rust_log_filter() -> Option<Targets> {
    let spec = std::env::var("RUST_LOG").ok()?;
    let spec = spec.trim();
    if spec.is_empty() {
        return None;
    }
    match spec.parse::<Targets>() {
        Ok(targets) => Some(targets),
        Err(e) => {
            eprintln!(
                "gilsim: ignoring RUST_LOG={spec:?}: {e} (only `level` and `target=level` \
                 directives are understood)"
            );
            None
        }
    }
}

/// The subscriber [`install`] sets: a registry with `layer` (seeing only `gilsim::` targets)
/// and, when `RUST_LOG` is set, a human-readable layer on stderr filtered by it (`RUST_LOG=info`,
/// `RUST_LOG=gilsim::gil=info`, `RUST_LOG=warn,gilsim::io=info`; no timestamps, since `t` is the
/// simulated time). For OS threads, wrap it in a `tracing::Dispatch` and set it in each thread.
pub fn subscriber(layer: JsonlLayer) -> impl Subscriber + Send + Sync + 'static {
    keep_interest_per_dispatcher();
    let human = rust_log_filter().map(|filter| {
        tracing_subscriber::fmt::layer()
            .with_writer(io::stderr)
            .with_ansi(io::IsTerminal::is_terminal(&io::stderr()))
            .without_time()
            .with_filter(filter)
    });
    Registry::default()
        .with(layer.with_filter(filter_fn(|meta| is_trace_target(meta.target()))))
        .with(human)
}

/// Registers, once, a dispatcher that never lives out the process, so that `tracing` always
/// has two or more: with just one, `tracing-core` computes a callsite's cached interest from
/// whatever dispatcher is the default *of the thread that happens to rebuild it*, and a thread
/// with none (every `Sim` test, a real-clock helper thread) caches "never" for a callsite a
/// trace writer on another thread needs, so its events vanish. With several, interest is
/// combined over all registered dispatchers and checked per event where they differ.
fn keep_interest_per_dispatcher() {
    static KEEPALIVE: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    KEEPALIVE.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
}

/// Sets [`subscriber`]`(layer)` as this thread's default until the returned guard drops.
///
/// `EnvFilter` is not in tracing-subscriber's default features, so `RUST_LOG` is read as a
/// `Targets` filter: levels and `target=level` directives, no span or field filters.
pub fn install(layer: JsonlLayer) -> tracing::subscriber::DefaultGuard {
    tracing::subscriber::set_default(subscriber(layer))
}

/// `e` as its `gilsim-trace/1` line, without the newline: byte for byte what [`JsonlLayer`]
/// writes for it when it is [`emit`]ted.
pub fn to_json_line(e: &Event) -> String {
    e.to_json_line()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::event::{EventKind, Footer, ReleaseReason};
    use crate::trace::reader::TraceReader;

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().clone()).unwrap()
        }
    }

    fn header() -> Header {
        Header {
            scenario: "scenarios/convoy.py".into(),
            clock: "virtual".into(),
            gil: "new".into(),
            switch_interval_ns: 5_000_000,
            cores: 2,
            seed: 1,
        }
    }

    fn ev(t: u64, thread: u32, kind: EventKind) -> Event {
        Event {
            t,
            proc: 0,
            thread,
            kind,
        }
    }

    /// One event of every kind, with awkward strings.
    fn sample() -> Vec<Event> {
        vec![
            ev(
                0,
                0,
                EventKind::ThreadStart {
                    name: "MainThread".into(),
                },
            ),
            ev(
                10,
                1,
                EventKind::ThreadStart {
                    name: "Thread-1 (\"spin\")\n\\é".into(),
                },
            ),
            ev(20, 1, EventKind::GilRequest),
            ev(41250, 1, EventKind::GilAcquire { wait_ns: 1200 }),
            ev(5041250, 0, EventKind::DropRequest),
            ev(
                5041800,
                1,
                EventKind::GilRelease {
                    reason: ReleaseReason::DropRequest,
                },
            ),
            ev(5041800, 1, EventKind::ForcedSwitch { by: 0 }),
            ev(
                5100000,
                0,
                EventKind::IoBegin {
                    call: "time.sleep".into(),
                    dur_ns: Some(0),
                },
            ),
            ev(
                5100001,
                0,
                EventKind::IoBegin {
                    call: "socket.recv".into(),
                    dur_ns: None,
                },
            ),
            ev(
                5100002,
                0,
                EventKind::IoEnd {
                    call: "time.sleep".into(),
                },
            ),
            ev(
                5100003,
                1,
                EventKind::Block {
                    what: "Lock.acquire".into(),
                    line: 17,
                },
            ),
            ev(5100004, 1, EventKind::Unblock),
            ev(
                5100004,
                0,
                EventKind::TaskCreate {
                    task: 3,
                    name: "Task-3".into(),
                    coro: "main".into(),
                },
            ),
            ev(
                5100004,
                0,
                EventKind::TaskStep {
                    task: 3,
                    name: "Task-3".into(),
                    dur_ns: 10,
                    ready_ns: 2,
                    from_line: 1,
                    line: None,
                    outcome: "cancelled".into(),
                },
            ),
            ev(
                5100004,
                0,
                EventKind::TaskStep {
                    task: 3,
                    name: "Task-3".into(),
                    dur_ns: 10,
                    ready_ns: 2,
                    from_line: 1,
                    line: Some(2),
                    outcome: "await".into(),
                },
            ),
            ev(
                5100004,
                0,
                EventKind::LoopCallback {
                    callback: "cb".into(),
                    dur_ns: 5,
                },
            ),
            ev(
                5100005,
                1,
                EventKind::GilRelease {
                    reason: ReleaseReason::Blocking,
                },
            ),
            ev(
                5100006,
                1,
                EventKind::GilRelease {
                    reason: ReleaseReason::Interval,
                },
            ),
            ev(
                5100007,
                1,
                EventKind::GilRelease {
                    reason: ReleaseReason::Exit,
                },
            ),
            Event {
                t: 5100008,
                proc: 3,
                thread: 9,
                kind: EventKind::ThreadEnd,
            },
        ]
    }

    fn expected_file(events: &[Event], footer: &Footer) -> String {
        let mut s = header().to_json_line() + "\n";
        for e in events {
            s += &to_json_line(e);
            s.push('\n');
        }
        s + &footer.to_json_line() + "\n"
    }

    #[test]
    fn layer_writes_what_to_json_line_says() {
        let sink = Sink::default();
        let (layer, guard) = JsonlLayer::new(Box::new(sink.clone()), &header());
        let events = sample();
        {
            let _default = install(layer);
            for e in &events {
                emit(e);
            }
        }
        assert_eq!(guard.events(), events.len() as u64);
        guard.finish(None).unwrap();
        let footer = Footer {
            t: 5100008,
            events: events.len() as u64,
            stopped: None,
        };
        assert_eq!(sink.text(), expected_file(&events, &footer));
    }

    #[test]
    fn install_emit_read_back() {
        let sink = Sink::default();
        let (layer, guard) = JsonlLayer::new(Box::new(sink.clone()), &header());
        let events = sample();
        let _default = install(layer);
        for e in &events {
            emit(e);
        }
        guard.finish(Some("deadlock")).unwrap();
        let text = sink.text();
        let (mut reader, h) = TraceReader::new(text.as_bytes()).unwrap();
        assert_eq!(h, header());
        let back: Vec<Event> = reader.by_ref().map(Result::unwrap).collect();
        assert_eq!(back, events);
        assert_eq!(
            reader.footer(),
            Some(&Footer {
                t: 5100008,
                events: events.len() as u64,
                stopped: Some("deadlock".into())
            })
        );
        assert_eq!(reader.lines_read(), events.len() as u64 + 2);
    }

    #[test]
    fn only_gilsim_trace_events_are_written() {
        let sink = Sink::default();
        let (layer, guard) = JsonlLayer::new(Box::new(sink.clone()), &header());
        {
            let _default = install(layer);
            tracing::info!(target: "other", t = 1u64, proc = 0u32, thread = 0u32, kind = "unblock");
            tracing::info!(target: "gilsim::vm", "a message for humans");
            tracing::info!(target: "gilsim::gil", t = 1u64, proc = 0u32, thread = 0u32, kind = "nope");
            // incomplete: gil_acquire without wait_ns
            tracing::info!(target: "gilsim::gil", t = 1u64, proc = 0u32, thread = 0u32, kind = "gil_acquire");
            emit(&ev(2, 0, EventKind::Unblock));
        }
        guard.finish(None).unwrap();
        let footer = Footer {
            t: 2,
            events: 1,
            stopped: None,
        };
        assert_eq!(
            sink.text(),
            expected_file(&[ev(2, 0, EventKind::Unblock)], &footer)
        );
    }

    #[test]
    fn unfinished_guard_writes_an_aborted_footer() {
        let sink = Sink::default();
        let (layer, guard) = JsonlLayer::new(Box::new(sink.clone()), &header());
        let _default = install(layer);
        emit(&ev(7, 0, EventKind::GilRequest));
        assert_eq!(
            sink.text(),
            header().to_json_line() + "\n",
            "the header is flushed at once, events are buffered"
        );
        drop(guard);
        let footer = Footer {
            t: 7,
            events: 1,
            stopped: Some("aborted".into()),
        };
        assert_eq!(
            sink.text(),
            expected_file(&[ev(7, 0, EventKind::GilRequest)], &footer)
        );
        // nothing after the footer
        emit(&ev(8, 0, EventKind::GilRequest));
        assert!(sink.text().ends_with("\"stopped\":\"aborted\"}\n"));
    }

    #[test]
    fn times_never_go_back_and_finish_at_sets_the_end() {
        let sink = Sink::default();
        let (layer, guard) = JsonlLayer::new(Box::new(sink.clone()), &header());
        let _default = install(layer);
        emit(&ev(10, 0, EventKind::GilRequest));
        emit(&ev(5, 1, EventKind::GilRequest));
        guard.finish_at(100, None).unwrap();
        let want = [
            ev(10, 0, EventKind::GilRequest),
            ev(10, 1, EventKind::GilRequest),
        ];
        let footer = Footer {
            t: 100,
            events: 2,
            stopped: None,
        };
        assert_eq!(sink.text(), expected_file(&want, &footer));
    }

    #[test]
    fn with_clock_stamps_under_the_lock_from_many_threads() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let sink = Sink::default();
        let (layer, guard) = JsonlLayer::new(Box::new(sink.clone()), &header());
        let now = Arc::new(AtomicU64::new(0));
        let clock = now.clone();
        let layer = layer.with_clock(move || clock.fetch_add(3, Ordering::SeqCst));
        let dispatch = tracing::Dispatch::new(subscriber(layer));
        let threads: Vec<_> = (0..4u32)
            .map(|th| {
                let dispatch = dispatch.clone();
                std::thread::spawn(move || {
                    tracing::dispatcher::with_default(&dispatch, || {
                        for i in 0..500u64 {
                            // the event's own t is ignored; make it go backwards on purpose
                            emit(&ev(1_000_000 - i, th, EventKind::GilRequest));
                        }
                    })
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        guard.finish(None).unwrap();
        let text = sink.text();
        let (reader, _) = TraceReader::new(text.as_bytes()).unwrap();
        let ts: Vec<u64> = reader.map(|e| e.unwrap().t).collect();
        assert_eq!(ts.len(), 2000);
        assert_eq!(ts, (0..2000).map(|i| i * 3).collect::<Vec<_>>());
    }

    #[test]
    fn clamping_keeps_a_multithreaded_trace_readable() {
        let sink = Sink::default();
        let (layer, guard) = JsonlLayer::new(Box::new(sink.clone()), &header());
        let dispatch = tracing::Dispatch::new(subscriber(layer));
        let threads: Vec<_> = (0..4u32)
            .map(|th| {
                let dispatch = dispatch.clone();
                std::thread::spawn(move || {
                    tracing::dispatcher::with_default(&dispatch, || {
                        for i in 0..300u64 {
                            emit(&ev(i * 10 + th as u64, th, EventKind::Unblock));
                        }
                    })
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        guard.finish(None).unwrap();
        let text = sink.text();
        let (reader, _) = TraceReader::new(text.as_bytes()).unwrap();
        let events: Vec<Event> = reader.map(Result::unwrap).collect();
        assert_eq!(events.len(), 1200);
    }

    #[test]
    fn write_errors_come_back_from_finish() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let (layer, guard) = JsonlLayer::new(Box::new(Full), &header());
        let _default = install(layer);
        emit(&ev(1, 0, EventKind::Unblock));
        assert!(guard.flush().is_err());
        let err = guard.finish(None).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }

    #[test]
    fn emit_without_a_subscriber_is_harmless() {
        for e in sample() {
            emit(&e);
        }
    }
}

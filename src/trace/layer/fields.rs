//! A trace event as a `tracing` event, both ways: [`emit`] sends one with the trace's fields,
//! and [`Fields`], a field visitor ([`Visit`]), gathers them back into a trace event's kind for
//! the layer to write.
//!
//! Kept apart from the writer because this is the convention between the two ends (targets,
//! the `kind` names, each kind's fields under its trace names): a field `emit` sends and
//! `Fields` does not record is silently lost, so both lists live side by side here.

use tracing::field::{Field, Visit};

use crate::trace::event::{Event, EventKind, ReleaseReason};
use crate::trace::json::KindRef;

/// Emits `e` as one `tracing` event at level INFO.
///
/// The target says the area: `gilsim::thread` (`thread_start`, `thread_end`), `gilsim::gil`
/// (`gil_request`, `gil_acquire`, `gil_release`, `drop_request`, `forced_switch`), `gilsim::io`
/// (`io_begin`, `io_end`), `gilsim::sync` (`block`, `unblock`), `gilsim::os` (`cpu_wait`,
/// `cpu_run`). The fields are `t`, `proc`,
/// `thread`, `kind` (the `type` name, e.g. `"gil_acquire"`) and the kind's own fields under
/// their trace names (`name`, `wait_ns`, `reason`, `by`, `call`, `dur_ns`, `what`, `line`);
/// `dur_ns` is left out when `None`.
///
/// When no subscriber is interested, this costs one `match` and tracing's cached callsite check.
pub fn emit(e: &Event) {
    let (t, p, th) = (e.t, e.proc, e.thread);
    match &e.kind {
        EventKind::ThreadStart { name } => tracing::info!(
            target: "gilsim::thread",
            t = t, proc = p, thread = th, kind = "thread_start", name = name.as_str()
        ),
        EventKind::ThreadEnd => tracing::info!(
            target: "gilsim::thread",
            t = t, proc = p, thread = th, kind = "thread_end"
        ),
        EventKind::GilRequest => tracing::info!(
            target: "gilsim::gil",
            t = t, proc = p, thread = th, kind = "gil_request"
        ),
        EventKind::GilAcquire { wait_ns } => tracing::info!(
            target: "gilsim::gil",
            t = t, proc = p, thread = th, kind = "gil_acquire", wait_ns = *wait_ns
        ),
        EventKind::GilRelease { reason } => tracing::info!(
            target: "gilsim::gil",
            t = t, proc = p, thread = th, kind = "gil_release", reason = reason.as_str()
        ),
        EventKind::DropRequest => tracing::info!(
            target: "gilsim::gil",
            t = t, proc = p, thread = th, kind = "drop_request"
        ),
        EventKind::ForcedSwitch { by } => tracing::info!(
            target: "gilsim::gil",
            t = t, proc = p, thread = th, kind = "forced_switch", by = *by
        ),
        EventKind::IoBegin { call, dur_ns } => tracing::info!(
            target: "gilsim::io",
            t = t, proc = p, thread = th, kind = "io_begin", call = call.as_str(), dur_ns = *dur_ns
        ),
        EventKind::IoEnd { call } => tracing::info!(
            target: "gilsim::io",
            t = t, proc = p, thread = th, kind = "io_end", call = call.as_str()
        ),
        EventKind::Block { what, line } => tracing::info!(
            target: "gilsim::sync",
            t = t, proc = p, thread = th, kind = "block", what = what.as_str(), line = *line
        ),
        EventKind::Unblock => tracing::info!(
            target: "gilsim::sync",
            t = t, proc = p, thread = th, kind = "unblock"
        ),
        EventKind::CpuWait => tracing::info!(
            target: "gilsim::os",
            t = t, proc = p, thread = th, kind = "cpu_wait"
        ),
        EventKind::CpuRun => tracing::info!(
            target: "gilsim::os",
            t = t, proc = p, thread = th, kind = "cpu_run"
        ),
        EventKind::ProcStart { pid, parent } => tracing::info!(
            target: "gilsim::proc",
            t = t, proc = p, thread = th, kind = "proc_start", pid = *pid, parent = *parent
        ),
        EventKind::ProcExit { exitcode } => tracing::info!(
            target: "gilsim::proc",
            t = t, proc = p, thread = th, kind = "proc_exit", exitcode = *exitcode
        ),
        EventKind::MsgSend { chan, bytes } => tracing::info!(
            target: "gilsim::proc",
            t = t, proc = p, thread = th, kind = "msg_send", chan = *chan, bytes = *bytes
        ),
        EventKind::MsgRecv { chan, bytes } => tracing::info!(
            target: "gilsim::proc",
            t = t, proc = p, thread = th, kind = "msg_recv", chan = *chan, bytes = *bytes
        ),
        EventKind::Future { future, state } => tracing::info!(
            target: "gilsim::futures",
            t = t, proc = p, thread = th, kind = "future", future = *future,
            state = state.as_str()
        ),
        EventKind::TaskCreate { task, name, coro } => tracing::info!(
            target: "gilsim::asyncio",
            t = t, proc = p, thread = th, kind = "task_create", task = *task,
            name = name.as_str(), coro = coro.as_str()
        ),
        EventKind::TaskStep {
            task,
            name,
            dur_ns,
            ready_ns,
            from_line,
            line,
            outcome,
        } => tracing::info!(
            target: "gilsim::asyncio",
            t = t, proc = p, thread = th, kind = "task_step", task = *task,
            name = name.as_str(), dur_ns = *dur_ns, ready_ns = *ready_ns,
            from_line = *from_line, line = *line, outcome = outcome.as_str()
        ),
        EventKind::LoopCallback { callback, dur_ns } => tracing::info!(
            target: "gilsim::asyncio",
            t = t, proc = p, thread = th, kind = "loop_callback",
            callback = callback.as_str(), dur_ns = *dur_ns
        ),
    }
}

/// The `type` of a trace event, as the `kind` field names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    ThreadStart,
    ThreadEnd,
    GilRequest,
    GilAcquire,
    GilRelease,
    DropRequest,
    ForcedSwitch,
    IoBegin,
    IoEnd,
    Block,
    Unblock,
    CpuWait,
    CpuRun,
    ProcStart,
    ProcExit,
    MsgSend,
    MsgRecv,
    Future,
    TaskCreate,
    TaskStep,
    LoopCallback,
}

impl Tag {
    fn parse(s: &str) -> Option<Tag> {
        Some(match s {
            "thread_start" => Tag::ThreadStart,
            "thread_end" => Tag::ThreadEnd,
            "gil_request" => Tag::GilRequest,
            "gil_acquire" => Tag::GilAcquire,
            "gil_release" => Tag::GilRelease,
            "drop_request" => Tag::DropRequest,
            "forced_switch" => Tag::ForcedSwitch,
            "io_begin" => Tag::IoBegin,
            "io_end" => Tag::IoEnd,
            "block" => Tag::Block,
            "unblock" => Tag::Unblock,
            "cpu_wait" => Tag::CpuWait,
            "cpu_run" => Tag::CpuRun,
            "proc_start" => Tag::ProcStart,
            "proc_exit" => Tag::ProcExit,
            "msg_send" => Tag::MsgSend,
            "msg_recv" => Tag::MsgRecv,
            "future" => Tag::Future,
            "task_create" => Tag::TaskCreate,
            "task_step" => Tag::TaskStep,
            "loop_callback" => Tag::LoopCallback,
            _ => return None,
        })
    }
}

/// A string field of the event being visited; the buffer is kept between events.
#[derive(Default)]
struct Text {
    buf: String,
    set: bool,
}

impl Text {
    fn put(&mut self, s: &str) {
        self.buf.clear();
        self.buf.push_str(s);
        self.set = true;
    }
    fn get(&self) -> Option<&str> {
        self.set.then_some(self.buf.as_str())
    }
}

/// The fields of one `tracing` event, gathered by [`Visit`]; reused from event to event (one
/// per OS thread) so visiting allocates nothing once the string buffers have grown.
#[derive(Default)]
pub(super) struct Fields {
    pub(super) t: Option<u64>,
    pub(super) proc: Option<u64>,
    pub(super) thread: Option<u64>,
    tag: Option<Tag>,
    name: Text,
    wait_ns: Option<u64>,
    reason: Option<ReleaseReason>,
    by: Option<u64>,
    call: Text,
    dur_ns: Option<u64>,
    what: Text,
    line: Option<u64>,
    pid: Option<u64>,
    parent: Option<u64>,
    exitcode: Option<i32>,
    chan: Option<u64>,
    bytes: Option<u64>,
    future: Option<u64>,
    state: Text,
    task: Option<u64>,
    coro: Text,
    ready_ns: Option<u64>,
    from_line: Option<u64>,
    outcome: Text,
    callback: Text,
}

impl Fields {
    pub(super) fn reset(&mut self) {
        self.t = None;
        self.proc = None;
        self.thread = None;
        self.tag = None;
        self.name.set = false;
        self.wait_ns = None;
        self.reason = None;
        self.by = None;
        self.call.set = false;
        self.dur_ns = None;
        self.what.set = false;
        self.line = None;
        self.pid = None;
        self.parent = None;
        self.exitcode = None;
        self.chan = None;
        self.bytes = None;
        self.future = None;
        self.state.set = false;
        self.task = None;
        self.coro.set = false;
        self.ready_ns = None;
        self.from_line = None;
        self.outcome.set = false;
        self.callback.set = false;
    }

    /// The event's kind, if the fields make a complete trace event.
    pub(super) fn kind(&self) -> Option<KindRef<'_>> {
        Some(match self.tag? {
            Tag::ThreadStart => KindRef::ThreadStart {
                name: self.name.get()?,
            },
            Tag::ThreadEnd => KindRef::ThreadEnd,
            Tag::GilRequest => KindRef::GilRequest,
            Tag::GilAcquire => KindRef::GilAcquire {
                wait_ns: self.wait_ns?,
            },
            Tag::GilRelease => KindRef::GilRelease {
                reason: self.reason?,
            },
            Tag::DropRequest => KindRef::DropRequest,
            Tag::ForcedSwitch => KindRef::ForcedSwitch {
                by: u32::try_from(self.by?).ok()?,
            },
            Tag::IoBegin => KindRef::IoBegin {
                call: self.call.get()?,
                dur_ns: self.dur_ns,
            },
            Tag::IoEnd => KindRef::IoEnd {
                call: self.call.get()?,
            },
            Tag::Block => KindRef::Block {
                what: self.what.get()?,
                line: u32::try_from(self.line?).ok()?,
            },
            Tag::Unblock => KindRef::Unblock,
            Tag::CpuWait => KindRef::CpuWait,
            Tag::CpuRun => KindRef::CpuRun,
            Tag::ProcStart => KindRef::ProcStart {
                pid: self.pid?,
                parent: u32::try_from(self.parent?).ok()?,
            },
            Tag::ProcExit => KindRef::ProcExit {
                exitcode: self.exitcode?,
            },
            Tag::MsgSend => KindRef::MsgSend {
                chan: u32::try_from(self.chan?).ok()?,
                bytes: self.bytes?,
            },
            Tag::MsgRecv => KindRef::MsgRecv {
                chan: u32::try_from(self.chan?).ok()?,
                bytes: self.bytes?,
            },
            Tag::Future => KindRef::Future {
                future: self.future?,
                state: self.state.get()?,
            },
            Tag::TaskCreate => KindRef::TaskCreate {
                task: self.task?,
                name: self.name.get()?,
                coro: self.coro.get()?,
            },
            Tag::TaskStep => KindRef::TaskStep {
                task: self.task?,
                name: self.name.get()?,
                dur_ns: self.dur_ns?,
                ready_ns: self.ready_ns?,
                from_line: u32::try_from(self.from_line?).ok()?,
                line: match self.line {
                    None => None,
                    Some(l) => Some(u32::try_from(l).ok()?),
                },
                outcome: self.outcome.get()?,
            },
            Tag::LoopCallback => KindRef::LoopCallback {
                callback: self.callback.get()?,
                dur_ns: self.dur_ns?,
            },
        })
    }
}

impl Visit for Fields {
    fn record_u64(&mut self, field: &Field, value: u64) {
        let slot = match field.name() {
            "t" => &mut self.t,
            "proc" => &mut self.proc,
            "thread" => &mut self.thread,
            "wait_ns" => &mut self.wait_ns,
            "by" => &mut self.by,
            "dur_ns" => &mut self.dur_ns,
            "line" => &mut self.line,
            "pid" => &mut self.pid,
            "parent" => &mut self.parent,
            "chan" => &mut self.chan,
            "bytes" => &mut self.bytes,
            "future" => &mut self.future,
            "task" => &mut self.task,
            "ready_ns" => &mut self.ready_ns,
            "from_line" => &mut self.from_line,
            _ => return,
        };
        *slot = Some(value);
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if field.name() == "exitcode" {
            self.exitcode = i32::try_from(value).ok();
            return;
        }
        if let Ok(v) = u64::try_from(value) {
            self.record_u64(field, v);
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "kind" => self.tag = Tag::parse(value),
            "reason" => self.reason = ReleaseReason::parse(value),
            "name" => self.name.put(value),
            "call" => self.call.put(value),
            "what" => self.what.put(value),
            "state" => self.state.put(value),
            "coro" => self.coro.put(value),
            "outcome" => self.outcome.put(value),
            "callback" => self.callback.put(value),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        // `name = %x` and the like: keep the rendered text for the string fields.
        use std::fmt::Write as _;
        let text = match field.name() {
            "name" => &mut self.name,
            "call" => &mut self.call,
            "what" => &mut self.what,
            "coro" => &mut self.coro,
            "outcome" => &mut self.outcome,
            "callback" => &mut self.callback,
            _ => return,
        };
        text.buf.clear();
        let _ = write!(text.buf, "{value:?}");
        text.set = true;
    }
}

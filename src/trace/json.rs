//! Writing `gilsim-trace/1` lines: the one formatter both the layer and `to_json_line` use.
//!
//! Every line is written by [`write_event`], [`write_header`] or [`write_footer`] into a
//! caller-owned `Vec<u8>`, so a writer that reuses its buffer allocates nothing in steady state.
//! Fields come in a fixed order (`t`, `type`, `proc`, `thread`, then the kind's own fields),
//! integers as JSON integers, strings escaped by `serde_json`.

use super::event::{Event, EventKind, Footer, Header, ReleaseReason};
use super::SCHEMA;

/// An event's kind with borrowed strings: what the layer reassembles from `tracing` fields
/// without allocating, and what an [`EventKind`] lends for formatting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum KindRef<'a> {
    ThreadStart {
        name: &'a str,
    },
    ThreadEnd,
    GilRequest,
    GilAcquire {
        wait_ns: u64,
    },
    GilRelease {
        reason: ReleaseReason,
    },
    DropRequest,
    ForcedSwitch {
        by: u32,
    },
    IoBegin {
        call: &'a str,
        dur_ns: Option<u64>,
    },
    IoEnd {
        call: &'a str,
    },
    Block {
        what: &'a str,
        line: u32,
    },
    Unblock,
    CpuWait,
    CpuRun,
    ProcStart {
        pid: u64,
        parent: u32,
    },
    ProcExit {
        exitcode: i32,
    },
    MsgSend {
        chan: u32,
        bytes: u64,
    },
    MsgRecv {
        chan: u32,
        bytes: u64,
    },
    Future {
        future: u64,
        state: &'a str,
    },
    TaskCreate {
        task: u64,
        name: &'a str,
        coro: &'a str,
    },
    TaskStep {
        task: u64,
        name: &'a str,
        dur_ns: u64,
        ready_ns: u64,
        from_line: u32,
        line: Option<u32>,
        outcome: &'a str,
    },
    LoopCallback {
        callback: &'a str,
        dur_ns: u64,
    },
}

impl<'a> KindRef<'a> {
    pub(crate) fn of(kind: &'a EventKind) -> KindRef<'a> {
        match kind {
            EventKind::ThreadStart { name } => KindRef::ThreadStart { name },
            EventKind::ThreadEnd => KindRef::ThreadEnd,
            EventKind::GilRequest => KindRef::GilRequest,
            EventKind::GilAcquire { wait_ns } => KindRef::GilAcquire { wait_ns: *wait_ns },
            EventKind::GilRelease { reason } => KindRef::GilRelease { reason: *reason },
            EventKind::DropRequest => KindRef::DropRequest,
            EventKind::ForcedSwitch { by } => KindRef::ForcedSwitch { by: *by },
            EventKind::IoBegin { call, dur_ns } => KindRef::IoBegin {
                call,
                dur_ns: *dur_ns,
            },
            EventKind::IoEnd { call } => KindRef::IoEnd { call },
            EventKind::Block { what, line } => KindRef::Block { what, line: *line },
            EventKind::Unblock => KindRef::Unblock,
            EventKind::CpuWait => KindRef::CpuWait,
            EventKind::CpuRun => KindRef::CpuRun,
            EventKind::ProcStart { pid, parent } => KindRef::ProcStart {
                pid: *pid,
                parent: *parent,
            },
            EventKind::ProcExit { exitcode } => KindRef::ProcExit {
                exitcode: *exitcode,
            },
            EventKind::MsgSend { chan, bytes } => KindRef::MsgSend {
                chan: *chan,
                bytes: *bytes,
            },
            EventKind::MsgRecv { chan, bytes } => KindRef::MsgRecv {
                chan: *chan,
                bytes: *bytes,
            },
            EventKind::Future { future, state } => KindRef::Future {
                future: *future,
                state,
            },
            EventKind::TaskCreate { task, name, coro } => KindRef::TaskCreate {
                task: *task,
                name,
                coro,
            },
            EventKind::TaskStep {
                task,
                name,
                dur_ns,
                ready_ns,
                from_line,
                line,
                outcome,
            } => KindRef::TaskStep {
                task: *task,
                name,
                dur_ns: *dur_ns,
                ready_ns: *ready_ns,
                from_line: *from_line,
                line: *line,
                outcome,
            },
            EventKind::LoopCallback { callback, dur_ns } => KindRef::LoopCallback {
                callback,
                dur_ns: *dur_ns,
            },
        }
    }

    /// The `type` field, as [`EventKind::type_name`] spells it.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            KindRef::ThreadStart { .. } => "thread_start",
            KindRef::ThreadEnd => "thread_end",
            KindRef::GilRequest => "gil_request",
            KindRef::GilAcquire { .. } => "gil_acquire",
            KindRef::GilRelease { .. } => "gil_release",
            KindRef::DropRequest => "drop_request",
            KindRef::ForcedSwitch { .. } => "forced_switch",
            KindRef::IoBegin { .. } => "io_begin",
            KindRef::IoEnd { .. } => "io_end",
            KindRef::Block { .. } => "block",
            KindRef::Unblock => "unblock",
            KindRef::CpuWait => "cpu_wait",
            KindRef::CpuRun => "cpu_run",
            KindRef::ProcStart { .. } => "proc_start",
            KindRef::ProcExit { .. } => "proc_exit",
            KindRef::MsgSend { .. } => "msg_send",
            KindRef::MsgRecv { .. } => "msg_recv",
            KindRef::Future { .. } => "future",
            KindRef::TaskCreate { .. } => "task_create",
            KindRef::TaskStep { .. } => "task_step",
            KindRef::LoopCallback { .. } => "loop_callback",
        }
    }
}

/// Appends `n` in decimal.
pub(crate) fn push_u64(out: &mut Vec<u8>, mut n: u64) {
    // two digits per division: a trace line is mostly numbers
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    while n >= 100 {
        let k = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        digits[i..i + 2].copy_from_slice(&DIGIT_PAIRS[k..k + 2]);
    }
    if n >= 10 {
        let k = n as usize * 2;
        i -= 2;
        digits[i..i + 2].copy_from_slice(&DIGIT_PAIRS[k..k + 2]);
    } else {
        i -= 1;
        digits[i] = b'0' + n as u8;
    }
    out.extend_from_slice(&digits[i..]);
}

/// "00", "01", ..., "99" end to end.
const DIGIT_PAIRS: [u8; 200] = {
    let mut p = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        p[2 * i] = b'0' + (i / 10) as u8;
        p[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    p
};

/// Appends `s` as a quoted, escaped JSON string.
pub(crate) fn push_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail, and a &str always serialises.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn push_key(out: &mut Vec<u8>, key: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

/// Appends one event line (no newline).
pub(crate) fn write_event(out: &mut Vec<u8>, t: u64, proc: u32, thread: u32, kind: &KindRef<'_>) {
    out.extend_from_slice(b"{\"t\":");
    push_u64(out, t);
    out.extend_from_slice(b",\"type\":\"");
    out.extend_from_slice(kind.type_name().as_bytes());
    out.extend_from_slice(b"\",\"proc\":");
    push_u64(out, proc.into());
    out.extend_from_slice(b",\"thread\":");
    push_u64(out, thread.into());
    match *kind {
        KindRef::ThreadStart { name } => {
            push_key(out, "name");
            push_str(out, name);
        }
        KindRef::GilAcquire { wait_ns } => {
            push_key(out, "wait_ns");
            push_u64(out, wait_ns);
        }
        KindRef::GilRelease { reason } => {
            push_key(out, "reason");
            out.push(b'"');
            out.extend_from_slice(reason.as_str().as_bytes());
            out.push(b'"');
        }
        KindRef::ForcedSwitch { by } => {
            push_key(out, "by");
            push_u64(out, by.into());
        }
        KindRef::IoBegin { call, dur_ns } => {
            push_key(out, "call");
            push_str(out, call);
            if let Some(d) = dur_ns {
                push_key(out, "dur_ns");
                push_u64(out, d);
            }
        }
        KindRef::IoEnd { call } => {
            push_key(out, "call");
            push_str(out, call);
        }
        KindRef::Block { what, line } => {
            push_key(out, "what");
            push_str(out, what);
            push_key(out, "line");
            push_u64(out, line.into());
        }
        KindRef::ProcStart { pid, parent } => {
            push_key(out, "pid");
            push_u64(out, pid);
            push_key(out, "parent");
            push_u64(out, parent.into());
        }
        KindRef::ProcExit { exitcode } => {
            push_key(out, "exitcode");
            if exitcode < 0 {
                out.push(b'-');
            }
            push_u64(out, exitcode.unsigned_abs().into());
        }
        KindRef::MsgSend { chan, bytes } | KindRef::MsgRecv { chan, bytes } => {
            push_key(out, "chan");
            push_u64(out, chan.into());
            push_key(out, "bytes");
            push_u64(out, bytes);
        }
        KindRef::Future { future, state } => {
            push_key(out, "future");
            push_u64(out, future);
            push_key(out, "state");
            push_str(out, state);
        }
        KindRef::ThreadEnd
        | KindRef::GilRequest
        | KindRef::DropRequest
        | KindRef::Unblock
        | KindRef::CpuWait
        | KindRef::CpuRun => {}
        KindRef::TaskCreate { task, name, coro } => {
            push_key(out, "task");
            push_u64(out, task);
            push_key(out, "name");
            push_str(out, name);
            push_key(out, "coro");
            push_str(out, coro);
        }
        KindRef::TaskStep {
            task,
            name,
            dur_ns,
            ready_ns,
            from_line,
            line,
            outcome,
        } => {
            push_key(out, "task");
            push_u64(out, task);
            push_key(out, "name");
            push_str(out, name);
            push_key(out, "dur_ns");
            push_u64(out, dur_ns);
            push_key(out, "ready_ns");
            push_u64(out, ready_ns);
            push_key(out, "from_line");
            push_u64(out, from_line.into());
            if let Some(l) = line {
                push_key(out, "line");
                push_u64(out, l.into());
            }
            push_key(out, "outcome");
            push_str(out, outcome);
        }
        KindRef::LoopCallback { callback, dur_ns } => {
            push_key(out, "callback");
            push_str(out, callback);
            push_key(out, "dur_ns");
            push_u64(out, dur_ns);
        }
    }
    out.push(b'}');
}

/// Appends the header line (no newline).
pub(crate) fn write_header(out: &mut Vec<u8>, h: &Header) {
    out.extend_from_slice(b"{\"type\":\"header\",\"schema\":");
    push_str(out, SCHEMA);
    push_key(out, "scenario");
    push_str(out, &h.scenario);
    push_key(out, "clock");
    push_str(out, &h.clock);
    push_key(out, "gil");
    push_str(out, &h.gil);
    push_key(out, "switch_interval_ns");
    push_u64(out, h.switch_interval_ns);
    push_key(out, "cores");
    push_u64(out, h.cores.into());
    push_key(out, "seed");
    push_u64(out, h.seed);
    out.push(b'}');
}

/// Appends the footer line (no newline).
pub(crate) fn write_footer(out: &mut Vec<u8>, t: u64, events: u64, stopped: Option<&str>) {
    out.extend_from_slice(b"{\"type\":\"footer\",\"t\":");
    push_u64(out, t);
    push_key(out, "events");
    push_u64(out, events);
    if let Some(s) = stopped {
        push_key(out, "stopped");
        push_str(out, s);
    }
    out.push(b'}');
}

fn into_string(buf: Vec<u8>) -> String {
    // Only ASCII punctuation, digits and serde_json-escaped UTF-8 strings went in.
    String::from_utf8(buf).expect("trace lines are UTF-8")
}

impl Event {
    /// This event as one `gilsim-trace/1` line, without the newline; byte for byte what the
    /// [`JsonlLayer`](super::layer::JsonlLayer) writes for it.
    pub fn to_json_line(&self) -> String {
        let mut buf = Vec::with_capacity(96);
        write_event(
            &mut buf,
            self.t,
            self.proc,
            self.thread,
            &KindRef::of(&self.kind),
        );
        into_string(buf)
    }
}

impl Header {
    /// The header line (the first line of a trace), without the newline.
    pub fn to_json_line(&self) -> String {
        let mut buf = Vec::with_capacity(160);
        write_header(&mut buf, self);
        into_string(buf)
    }
}

impl Footer {
    /// The footer line (the last line of a trace), without the newline.
    pub fn to_json_line(&self) -> String {
        let mut buf = Vec::with_capacity(64);
        write_footer(&mut buf, self.t, self.events, self.stopped.as_deref());
        into_string(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: u64, proc: u32, thread: u32, kind: EventKind) -> Event {
        Event {
            t,
            proc,
            thread,
            kind,
        }
    }

    #[test]
    fn golden_event_lines() {
        let cases: Vec<(Event, &str)> = vec![
            (
                ev(
                    0,
                    0,
                    0,
                    EventKind::ThreadStart {
                        name: "MainThread".into(),
                    },
                ),
                r#"{"t":0,"type":"thread_start","proc":0,"thread":0,"name":"MainThread"}"#,
            ),
            (
                ev(7, 1, 2, EventKind::ThreadEnd),
                r#"{"t":7,"type":"thread_end","proc":1,"thread":2}"#,
            ),
            (
                ev(8, 0, 1, EventKind::GilRequest),
                r#"{"t":8,"type":"gil_request","proc":0,"thread":1}"#,
            ),
            (
                ev(41250, 0, 1, EventKind::GilAcquire { wait_ns: 1200 }),
                r#"{"t":41250,"type":"gil_acquire","proc":0,"thread":1,"wait_ns":1200}"#,
            ),
            (
                ev(
                    5041800,
                    0,
                    1,
                    EventKind::GilRelease {
                        reason: ReleaseReason::DropRequest,
                    },
                ),
                r#"{"t":5041800,"type":"gil_release","proc":0,"thread":1,"reason":"drop_request"}"#,
            ),
            (
                ev(5041250, 0, 0, EventKind::DropRequest),
                r#"{"t":5041250,"type":"drop_request","proc":0,"thread":0}"#,
            ),
            (
                ev(9, 0, 1, EventKind::ForcedSwitch { by: 2 }),
                r#"{"t":9,"type":"forced_switch","proc":0,"thread":1,"by":2}"#,
            ),
            (
                ev(
                    5100000,
                    0,
                    0,
                    EventKind::IoBegin {
                        call: "time.sleep".into(),
                        dur_ns: Some(0),
                    },
                ),
                r#"{"t":5100000,"type":"io_begin","proc":0,"thread":0,"call":"time.sleep","dur_ns":0}"#,
            ),
            (
                ev(
                    10,
                    0,
                    0,
                    EventKind::IoBegin {
                        call: "socket.recv".into(),
                        dur_ns: None,
                    },
                ),
                r#"{"t":10,"type":"io_begin","proc":0,"thread":0,"call":"socket.recv"}"#,
            ),
            (
                ev(
                    11,
                    0,
                    0,
                    EventKind::IoEnd {
                        call: "time.sleep".into(),
                    },
                ),
                r#"{"t":11,"type":"io_end","proc":0,"thread":0,"call":"time.sleep"}"#,
            ),
            (
                ev(
                    12,
                    0,
                    3,
                    EventKind::Block {
                        what: "Lock.acquire".into(),
                        line: 17,
                    },
                ),
                r#"{"t":12,"type":"block","proc":0,"thread":3,"what":"Lock.acquire","line":17}"#,
            ),
            (
                ev(13, 0, 3, EventKind::Unblock),
                r#"{"t":13,"type":"unblock","proc":0,"thread":3}"#,
            ),
            (
                ev(
                    14,
                    0,
                    0,
                    EventKind::TaskCreate {
                        task: 2,
                        name: "Task-2".into(),
                        coro: "spin".into(),
                    },
                ),
                r#"{"t":14,"type":"task_create","proc":0,"thread":0,"task":2,"name":"Task-2","coro":"spin"}"#,
            ),
            (
                ev(
                    15,
                    0,
                    0,
                    EventKind::TaskStep {
                        task: 2,
                        name: "Task-2".into(),
                        dur_ns: 3000,
                        ready_ns: 500,
                        from_line: 4,
                        line: Some(6),
                        outcome: "await".into(),
                    },
                ),
                r#"{"t":15,"type":"task_step","proc":0,"thread":0,"task":2,"name":"Task-2","dur_ns":3000,"ready_ns":500,"from_line":4,"line":6,"outcome":"await"}"#,
            ),
            (
                ev(
                    16,
                    0,
                    0,
                    EventKind::TaskStep {
                        task: 2,
                        name: "worker".into(),
                        dur_ns: 1,
                        ready_ns: 0,
                        from_line: 6,
                        line: None,
                        outcome: "done".into(),
                    },
                ),
                r#"{"t":16,"type":"task_step","proc":0,"thread":0,"task":2,"name":"worker","dur_ns":1,"ready_ns":0,"from_line":6,"outcome":"done"}"#,
            ),
            (
                ev(
                    17,
                    0,
                    0,
                    EventKind::LoopCallback {
                        callback: "_set_result_unless_cancelled".into(),
                        dur_ns: 900,
                    },
                ),
                r#"{"t":17,"type":"loop_callback","proc":0,"thread":0,"callback":"_set_result_unless_cancelled","dur_ns":900}"#,
            ),
            (
                ev(
                    u64::MAX,
                    u32::MAX,
                    u32::MAX,
                    EventKind::GilAcquire { wait_ns: u64::MAX },
                ),
                r#"{"t":18446744073709551615,"type":"gil_acquire","proc":4294967295,"thread":4294967295,"wait_ns":18446744073709551615}"#,
            ),
        ];
        for (e, want) in cases {
            assert_eq!(e.to_json_line(), want);
            assert_eq!(KindRef::of(&e.kind).type_name(), e.kind.type_name());
        }
    }

    #[test]
    fn strings_are_escaped() {
        let e = ev(
            1,
            0,
            4,
            EventKind::ThreadStart {
                name: "a\"b\\c\nd\u{1}é".into(),
            },
        );
        assert_eq!(
            e.to_json_line(),
            r#"{"t":1,"type":"thread_start","proc":0,"thread":4,"name":"a\"b\\c\nd\u0001é"}"#
        );
    }

    #[test]
    fn golden_header_and_footer() {
        let h = Header {
            scenario: "scenarios/convoy.py".into(),
            clock: "virtual".into(),
            gil: "new".into(),
            switch_interval_ns: 5_000_000,
            cores: 2,
            seed: 1,
        };
        assert_eq!(
            h.to_json_line(),
            r#"{"type":"header","schema":"gilsim-trace/1","scenario":"scenarios/convoy.py","clock":"virtual","gil":"new","switch_interval_ns":5000000,"cores":2,"seed":1}"#
        );
        let f = Footer {
            t: 523_000_000,
            events: 1834,
            stopped: None,
        };
        assert_eq!(
            f.to_json_line(),
            r#"{"type":"footer","t":523000000,"events":1834}"#
        );
        let f = Footer {
            t: 5,
            events: 0,
            stopped: Some("deadlock".into()),
        };
        assert_eq!(
            f.to_json_line(),
            r#"{"type":"footer","t":5,"events":0,"stopped":"deadlock"}"#
        );
    }

    #[test]
    fn push_u64_matches_display() {
        let mut buf = Vec::new();
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            12345,
            u32::MAX as u64,
            u64::MAX - 1,
            u64::MAX,
        ]
        .into_iter()
        .chain((0..2000).map(|k| k * 7919))
        .chain((0..64).map(|b| 1u64 << b))
        .chain((1..20).map(|d| 10u64.pow(d) - 1))
        {
            buf.clear();
            push_u64(&mut buf, n);
            assert_eq!(std::str::from_utf8(&buf).unwrap(), n.to_string());
        }
    }
}

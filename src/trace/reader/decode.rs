//! What each line of a `gilsim-trace/1` trace must hold, checked field by field.
//!
//! Turns one parsed JSON line into a [`Header`], an [`Event`] or the [`Footer`] (checking `t`
//! never goes back and the footer's count), with messages naming the line's type and the field
//! at fault. Kept apart from the reader proper, which deals in lines and where the file stops,
//! because this is the schema: the event types and their fields, the part that grows with
//! every new event.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::TraceReader;
use crate::trace::event::{Event, EventKind, Footer, Header, ReleaseReason};
use crate::trace::SCHEMA;

impl<R: BufRead> TraceReader<R> {
    pub(super) fn read_header(&mut self) -> Result<Header, String> {
        let had_eol = match self.read_line()? {
            None => return Err("empty file: no header".into()),
            Some(eol) => eol,
        };
        let want = format!("expected a {SCHEMA} header");
        if self.buf.iter().all(u8::is_ascii_whitespace) {
            return Err(format!("{want}, found an empty line"));
        }
        let v = self.parse_json().map_err(|e| {
            if had_eol {
                format!("{want}: {e}")
            } else {
                format!("{want}: the file ends inside the header line")
            }
        })?;
        let Value::Object(mut m) = v else {
            return Err(format!("{want}, found {}", show(&v)));
        };
        match m.get("type") {
            Some(Value::String(s)) if s == "header" => {}
            Some(Value::String(s)) => return Err(format!("{want}, found a {s:?} line")),
            _ => return Err(format!("{want}, found a line without a \"type\"")),
        }
        let schema = take_string(&mut m, "header", "schema")?;
        if schema != SCHEMA {
            return Err(format!(
                "unsupported schema {schema:?}: this reader reads {SCHEMA}"
            ));
        }
        Ok(Header {
            scenario: take_string(&mut m, "header", "scenario")?,
            clock: take_string(&mut m, "header", "clock")?,
            gil: take_string(&mut m, "header", "gil")?,
            switch_interval_ns: get_u64(&m, "header", "switch_interval_ns")?,
            cores: get_u32(&m, "header", "cores")?,
            seed: get_u64(&m, "header", "seed")?,
        })
    }

    /// Checks one parsed line: `Some(event)`, or `None` for the footer (stored).
    pub(super) fn parse_line(&mut self, v: Value) -> Result<Option<Event>, String> {
        let Value::Object(mut m) = v else {
            return Err(format!("expected a JSON object, found {}", show(&v)));
        };
        let ty = match m.get("type") {
            Some(Value::String(s)) => {
                type_of(s).ok_or_else(|| format!("unknown event type {s:?}"))?
            }
            Some(other) => {
                return Err(format!(
                    "field \"type\" must be a string, not {}",
                    show(other)
                ))
            }
            None => return Err("missing field \"type\"".into()),
        };
        if ty == "header" {
            return Err("a second header".into());
        }
        let t = get_u64(&m, ty, "t")?;
        if t < self.last_t {
            return Err(format!("t goes backwards: {t} after {}", self.last_t));
        }
        if ty == "footer" {
            let events = get_u64(&m, "footer", "events")?;
            if events != self.events {
                return Err(format!(
                    "the footer counts {events} events, but {} lines lie between the header \
                     and the footer",
                    self.events
                ));
            }
            let stopped = take_opt_string(&mut m, "footer", "stopped")?;
            self.footer = Some(Footer { t, events, stopped });
            return Ok(None);
        }
        let proc = get_u32(&m, ty, "proc")?;
        let thread = get_u32(&m, ty, "thread")?;
        let kind = match ty {
            "thread_start" => EventKind::ThreadStart {
                name: take_string(&mut m, ty, "name")?,
            },
            "thread_end" => EventKind::ThreadEnd,
            "gil_request" => EventKind::GilRequest,
            "gil_acquire" => EventKind::GilAcquire {
                wait_ns: get_u64(&m, ty, "wait_ns")?,
            },
            "gil_release" => {
                let reason = match m.get("reason") {
                    Some(Value::String(s)) => ReleaseReason::parse(s).ok_or_else(|| {
                        format!(
                            "gil_release: unknown reason {s:?} (expected drop_request, \
                             blocking, exit or interval)"
                        )
                    })?,
                    Some(other) => return Err(mistyped(ty, "reason", "a string", other)),
                    None => return Err(missing(ty, "reason")),
                };
                EventKind::GilRelease { reason }
            }
            "drop_request" => EventKind::DropRequest,
            "forced_switch" => EventKind::ForcedSwitch {
                by: get_u32(&m, ty, "by")?,
            },
            "io_begin" => EventKind::IoBegin {
                call: take_string(&mut m, ty, "call")?,
                dur_ns: get_opt_u64(&m, ty, "dur_ns")?,
            },
            "io_end" => EventKind::IoEnd {
                call: take_string(&mut m, ty, "call")?,
            },
            "block" => EventKind::Block {
                what: take_string(&mut m, ty, "what")?,
                line: get_u32(&m, ty, "line")?,
            },
            "unblock" => EventKind::Unblock,
            "cpu_wait" => EventKind::CpuWait,
            "cpu_run" => EventKind::CpuRun,
            "proc_start" => EventKind::ProcStart {
                pid: get_u64(&m, ty, "pid")?,
                parent: get_u32(&m, ty, "parent")?,
            },
            "proc_exit" => EventKind::ProcExit {
                exitcode: get_i32(&m, ty, "exitcode")?,
            },
            "msg_send" => EventKind::MsgSend {
                chan: get_u32(&m, ty, "chan")?,
                bytes: get_u64(&m, ty, "bytes")?,
            },
            "msg_recv" => EventKind::MsgRecv {
                chan: get_u32(&m, ty, "chan")?,
                bytes: get_u64(&m, ty, "bytes")?,
            },
            "future" => EventKind::Future {
                future: get_u64(&m, ty, "future")?,
                state: take_string(&mut m, ty, "state")?,
            },
            "task_create" => EventKind::TaskCreate {
                task: get_u64(&m, ty, "task")?,
                name: take_string(&mut m, ty, "name")?,
                coro: take_string(&mut m, ty, "coro")?,
            },
            "task_step" => EventKind::TaskStep {
                task: get_u64(&m, ty, "task")?,
                name: take_string(&mut m, ty, "name")?,
                dur_ns: get_u64(&m, ty, "dur_ns")?,
                ready_ns: get_u64(&m, ty, "ready_ns")?,
                from_line: get_u32(&m, ty, "from_line")?,
                line: match get_opt_u64(&m, ty, "line")? {
                    None => None,
                    Some(l) => Some(
                        u32::try_from(l)
                            .map_err(|_| format!("task_step: field \"line\" is too large: {l}"))?,
                    ),
                },
                outcome: take_string(&mut m, ty, "outcome")?,
            },
            "loop_callback" => EventKind::LoopCallback {
                callback: take_string(&mut m, ty, "callback")?,
                dur_ns: get_u64(&m, ty, "dur_ns")?,
            },
            _ => unreachable!("type_of knows only these"),
        };
        self.events += 1;
        self.last_t = t;
        Ok(Some(Event {
            t,
            proc,
            thread,
            kind,
        }))
    }
}

/// The `type` as a static string, if the reader knows it.
fn type_of(s: &str) -> Option<&'static str> {
    Some(match s {
        "thread_start" => "thread_start",
        "thread_end" => "thread_end",
        "gil_request" => "gil_request",
        "gil_acquire" => "gil_acquire",
        "gil_release" => "gil_release",
        "drop_request" => "drop_request",
        "forced_switch" => "forced_switch",
        "io_begin" => "io_begin",
        "io_end" => "io_end",
        "block" => "block",
        "unblock" => "unblock",
        "cpu_wait" => "cpu_wait",
        "cpu_run" => "cpu_run",
        "proc_start" => "proc_start",
        "proc_exit" => "proc_exit",
        "msg_send" => "msg_send",
        "msg_recv" => "msg_recv",
        "future" => "future",
        "task_create" => "task_create",
        "task_step" => "task_step",
        "loop_callback" => "loop_callback",
        "footer" => "footer",
        "header" => "header",
        _ => return None,
    })
}

/// A JSON value in a message, shortened.
fn show(v: &Value) -> String {
    let what = match v {
        Value::Null => return "null".into(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let mut text = v.to_string();
    if text.len() > 40 {
        let mut cut = 37;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("...");
    }
    format!("{what} ({text})")
}

fn missing(ty: &str, key: &str) -> String {
    format!("{ty}: missing field {key:?}")
}

fn mistyped(ty: &str, key: &str, want: &str, found: &Value) -> String {
    format!("{ty}: field {key:?} must be {want}, not {}", show(found))
}

fn get_u64(m: &Map<String, Value>, ty: &str, key: &str) -> Result<u64, String> {
    match get_opt_u64(m, ty, key)? {
        Some(n) => Ok(n),
        None => Err(missing(ty, key)),
    }
}

/// An optional integer field: absent and `null` are both `None`.
fn get_opt_u64(m: &Map<String, Value>, ty: &str, key: &str) -> Result<Option<u64>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64() {
            Some(n) => Ok(Some(n)),
            None => Err(mistyped(ty, key, "a non-negative integer", v)),
        },
    }
}

fn get_i32(m: &Map<String, Value>, ty: &str, key: &str) -> Result<i32, String> {
    match m.get(key) {
        None | Some(Value::Null) => Err(missing(ty, key)),
        Some(v) => match v.as_i64().and_then(|n| i32::try_from(n).ok()) {
            Some(n) => Ok(n),
            None => Err(mistyped(ty, key, "a 32-bit integer", v)),
        },
    }
}

fn get_u32(m: &Map<String, Value>, ty: &str, key: &str) -> Result<u32, String> {
    let n = get_u64(m, ty, key)?;
    u32::try_from(n).map_err(|_| format!("{ty}: field {key:?} is {n}, above {}", u32::MAX))
}

fn take_string(m: &mut Map<String, Value>, ty: &str, key: &str) -> Result<String, String> {
    match take_opt_string(m, ty, key)? {
        Some(s) => Ok(s),
        None => Err(missing(ty, key)),
    }
}

/// An optional string field, moved out of the map: absent and `null` are both `None`.
fn take_opt_string(
    m: &mut Map<String, Value>,
    ty: &str,
    key: &str,
) -> Result<Option<String>, String> {
    match m.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(mistyped(ty, key, "a string", &other)),
    }
}

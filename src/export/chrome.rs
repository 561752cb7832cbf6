//! Chrome trace-event JSON (the object form), which Perfetto UI and `chrome://tracing` open.
//!
//! One process per interpreter (`pid` = `proc` + 1: Perfetto treats pid 0 as the kernel's idle
//! task), and in it a `GIL` track (its own `tid`, sorted first) with one complete slice per
//! holding, named after the holder, then one track per thread (`tid` = thread id + 1) with
//! slices `running` (holding the GIL), `waiting for the GIL`, and blocking calls named after the
//! call (`time.sleep`, `Lock.acquire`); idle time has no slice. A thread's slices never overlap,
//! nor do a GIL's. Drop requests are instant events on the waiter's track. Timestamps and
//! durations are microseconds written with three decimals, so nanoseconds stay exact.
//!
//! Each asyncio task has a track of its own (`tid` = [`TASK_TID`] + its id) in its loop
//! thread's process, sorted right under that thread: one slice per step, named after the
//! task's coroutine (`worker()`) with the step's lines and outcome in `args`, and `ready` and
//! `awaiting` slices between steps, the states the report's task rows show.
//!
//! Slices are written as they close; the metadata (`process_name`, `thread_name` with each
//! thread's and task's latest name, `thread_sort_index`, `process_sort_index`) comes last, once
//! names are known, followed by the run's setup under `otherData`.

use std::io::{self, Write};

use super::slices::{Slice, TaskDetail};
use super::RunEnd;
use crate::report::tasks::TaskState;
use crate::report::{State, Summary};
use crate::trace::event::Header;

/// The `tid` of a process's GIL track: far above any thread's (thread ids are small and dense).
pub const GIL_TID: u64 = 1_000_000_000;

/// The `tid` of asyncio task 0's track; task `n` has `TASK_TID + n`.
pub const TASK_TID: u64 = 2_000_000_000;

/// Sort indices: thread `t`'s track has `(t + 1) * SORT_STRIDE`, the tasks of its loop follow
/// it in creation order (the first `SORT_STRIDE - 1` of them; later ones share the last index).
pub const SORT_STRIDE: u64 = 10_000;

/// The sort index of thread `thread`'s track.
fn thread_sort(thread: u32) -> u64 {
    (thread as u64 + 1) * SORT_STRIDE
}

/// The arguments of a complete event.
enum Args<'a> {
    None,
    /// Why a running slice or a holding ended.
    Release(&'a str),
    /// A task's step: its task's name, and its [`TaskDetail::Step`] fields.
    Step {
        task: &'a str,
        from_line: u32,
        line: Option<u32>,
        outcome: &'a str,
    },
    /// The line a task awaits at.
    Line(u32),
}

/// The `pid` of interpreter `proc`.
fn pid(proc: u32) -> u64 {
    proc as u64 + 1
}

/// The `tid` of thread `thread`.
fn tid(thread: u32) -> u64 {
    thread as u64 + 1
}

/// Appends `v` in decimal.
fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Appends `ns` as microseconds with exactly three decimals: `5000123` gives `5000.123`.
fn push_us(buf: &mut Vec<u8>, ns: u64) {
    push_u64(buf, ns / 1000);
    let frac = ns % 1000;
    buf.extend_from_slice(&[
        b'.',
        b'0' + (frac / 100) as u8,
        b'0' + (frac / 10 % 10) as u8,
        b'0' + (frac % 10) as u8,
    ]);
}

/// Appends `s` as a JSON string.
fn push_str(buf: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
    } else {
        buf.extend_from_slice(serde_json::Value::from(s).to_string().as_bytes());
    }
}

/// The name of a task's step slices: its coroutine's, `worker()`; the task's own name when the
/// trace does not give the coroutine.
pub fn step_name(task: &str, coro: &str) -> String {
    if coro.is_empty() {
        task.to_string()
    } else {
        format!("{coro}()")
    }
}

/// The name of a task's track: `Task-2: worker()`.
pub fn task_track_name(task: &str, coro: &str) -> String {
    if coro.is_empty() {
        task.to_string()
    } else {
        format!("{task}: {coro}()")
    }
}

/// A Chrome trace being written to `out`.
pub struct ChromeTrace<W: Write> {
    out: W,
    /// The event being written; reused.
    line: Vec<u8>,
    /// Whether an event was written (commas go between events).
    any: bool,
    /// Whether to draw GIL tracks (not under `gil: none`, where holdings overlap).
    gil_tracks: bool,
}

impl<W: Write> ChromeTrace<W> {
    /// Starts the trace: the opening of the object and of `traceEvents`.
    pub fn new(mut out: W, header: &Header) -> io::Result<ChromeTrace<W>> {
        out.write_all(b"{\"traceEvents\":[\n")?;
        Ok(ChromeTrace {
            out,
            line: Vec::with_capacity(256),
            any: false,
            gil_tracks: header.gil != "none",
        })
    }

    /// Starts the next event in `line`.
    fn begin(&mut self) -> &mut Vec<u8> {
        self.line.clear();
        if self.any {
            self.line.extend_from_slice(b",\n");
        }
        self.any = true;
        &mut self.line
    }

    fn end(&mut self) -> io::Result<()> {
        self.out.write_all(&self.line)
    }

    /// A complete event (`"ph":"X"`).
    fn complete(
        &mut self,
        name: &str,
        cat: &str,
        (start, end): (u64, u64),
        (pid, tid): (u64, u64),
        args: Args,
    ) -> io::Result<()> {
        let b = self.begin();
        b.extend_from_slice(b"{\"name\":");
        push_str(b, name);
        b.extend_from_slice(b",\"cat\":\"");
        b.extend_from_slice(cat.as_bytes());
        b.extend_from_slice(b"\",\"ph\":\"X\",\"ts\":");
        push_us(b, start);
        b.extend_from_slice(b",\"dur\":");
        push_us(b, end - start);
        b.extend_from_slice(b",\"pid\":");
        push_u64(b, pid);
        b.extend_from_slice(b",\"tid\":");
        push_u64(b, tid);
        match args {
            Args::None => {}
            Args::Release(r) => {
                b.extend_from_slice(b",\"args\":{\"release\":");
                push_str(b, r);
                b.push(b'}');
            }
            Args::Step {
                task,
                from_line,
                line,
                outcome,
            } => {
                b.extend_from_slice(b",\"args\":{\"task\":");
                push_str(b, task);
                b.extend_from_slice(b",\"from_line\":");
                push_u64(b, from_line as u64);
                if let Some(l) = line {
                    b.extend_from_slice(b",\"line\":");
                    push_u64(b, l as u64);
                }
                b.extend_from_slice(b",\"outcome\":");
                push_str(b, outcome);
                b.push(b'}');
            }
            Args::Line(l) => {
                b.extend_from_slice(b",\"args\":{\"line\":");
                push_u64(b, l as u64);
                b.push(b'}');
            }
        }
        b.push(b'}');
        self.end()
    }

    /// Writes one slice.
    pub fn slice(&mut self, s: &Slice) -> io::Result<()> {
        match *s {
            Slice::State {
                proc,
                thread,
                interval,
                call,
                release,
            } => {
                let (name, cat) = match interval.state {
                    State::Running => ("running", "gil"),
                    State::WaitingGil => ("waiting for the GIL", "gil"),
                    State::Blocking => (
                        call.filter(|c| !c.is_empty()).unwrap_or("blocking call"),
                        "blocking",
                    ),
                    State::Ready => ("no free core", "os"),
                    State::Idle => return Ok(()),
                };
                self.complete(
                    name,
                    cat,
                    (interval.start, interval.end),
                    (pid(proc), tid(thread)),
                    release.map_or(Args::None, |r| Args::Release(r.as_str())),
                )
            }
            Slice::Holding {
                proc,
                span,
                name,
                release,
            } => {
                if !self.gil_tracks {
                    return Ok(());
                }
                self.complete(
                    name,
                    "gil",
                    (span.start, span.end),
                    (pid(proc), GIL_TID + proc as u64),
                    release.map_or(Args::None, |r| Args::Release(r.as_str())),
                )
            }
            Slice::Task {
                proc,
                task,
                name,
                coro,
                interval,
                detail,
                ..
            } => {
                let ids = (pid(proc), TASK_TID + task);
                let span = (interval.start, interval.end);
                match (interval.state, detail) {
                    (TaskState::Running, detail) => {
                        let args = match detail {
                            TaskDetail::Step {
                                from_line,
                                line,
                                outcome,
                            } => Args::Step {
                                task: name,
                                from_line,
                                line,
                                outcome,
                            },
                            _ => Args::None,
                        };
                        let step = step_name(name, coro);
                        self.complete(&step, "asyncio", span, ids, args)
                    }
                    (TaskState::Ready, _) => {
                        self.complete("ready", "asyncio", span, ids, Args::None)
                    }
                    (TaskState::Awaiting, TaskDetail::AwaitingAt(l)) => {
                        self.complete("awaiting", "asyncio", span, ids, Args::Line(l))
                    }
                    (TaskState::Awaiting, _) => {
                        self.complete("awaiting", "asyncio", span, ids, Args::None)
                    }
                }
            }
            Slice::DropRequest { t, proc, thread } => {
                let b = self.begin();
                b.extend_from_slice(
                    b"{\"name\":\"drop_request\",\"cat\":\"gil\",\"ph\":\"i\",\"s\":\"t\",\"ts\":",
                );
                push_us(b, t);
                b.extend_from_slice(b",\"pid\":");
                push_u64(b, pid(proc));
                b.extend_from_slice(b",\"tid\":");
                push_u64(b, tid(thread));
                b.push(b'}');
                self.end()
            }
        }
    }

    /// A metadata event (`"ph":"M"`) whose argument is `arg` (a JSON value).
    fn meta(&mut self, name: &str, pid: u64, tid: Option<u64>, arg: &str) -> io::Result<()> {
        let b = self.begin();
        b.extend_from_slice(b"{\"name\":");
        push_str(b, name);
        b.extend_from_slice(b",\"ph\":\"M\",\"pid\":");
        push_u64(b, pid);
        if let Some(tid) = tid {
            b.extend_from_slice(b",\"tid\":");
            push_u64(b, tid);
        }
        b.extend_from_slice(b",\"args\":");
        b.extend_from_slice(arg.as_bytes());
        b.push(b'}');
        self.end()
    }

    /// Writes the metadata and the end of the object; gives the writer back.
    pub fn finish(mut self, summary: &Summary, end: &RunEnd) -> io::Result<W> {
        let name_arg = |name: &str| format!("{{\"name\":{}}}", serde_json::Value::from(name));
        let scenario = &summary.header.scenario;
        for p in &summary.procs {
            let pid = pid(p.proc);
            let name = format!("interpreter {} ({scenario})", p.proc);
            self.meta("process_name", pid, None, &name_arg(&name))?;
            let sort = format!("{{\"sort_index\":{}}}", p.proc);
            self.meta("process_sort_index", pid, None, &sort)?;
            if self.gil_tracks {
                let gil = Some(GIL_TID + p.proc as u64);
                self.meta("thread_name", pid, gil, &name_arg("GIL"))?;
                self.meta("thread_sort_index", pid, gil, "{\"sort_index\":0}")?;
            }
        }
        for th in &summary.threads {
            let (p, t) = (pid(th.proc), tid(th.id));
            self.meta("thread_name", p, Some(t), &name_arg(&th.name))?;
            let sort = format!("{{\"sort_index\":{}}}", thread_sort(th.id));
            self.meta("thread_sort_index", p, Some(t), &sort)?;
            let tasks = summary.asyncio.tasks.iter().filter(|t| t.thread == th.id);
            for (k, task) in tasks.enumerate() {
                let t = Some(TASK_TID + task.id);
                self.meta(
                    "thread_name",
                    p,
                    t,
                    &name_arg(&task_track_name(&task.name, &task.coro)),
                )?;
                let k = (k as u64).min(SORT_STRIDE - 2);
                let sort = format!("{{\"sort_index\":{}}}", thread_sort(th.id) + 1 + k);
                self.meta("thread_sort_index", p, t, &sort)?;
            }
        }
        let h = &summary.header;
        let b = &mut self.line;
        b.clear();
        b.extend_from_slice(b"\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{\"generator\":\"gilsim export\",\"schema\":\"gilsim-trace/1\",\"scenario\":");
        push_str(b, &h.scenario);
        b.extend_from_slice(b",\"clock\":");
        push_str(b, &h.clock);
        b.extend_from_slice(b",\"gil\":");
        push_str(b, &h.gil);
        let numbers = [
            ("switch_interval_ns", h.switch_interval_ns),
            ("cores", h.cores as u64),
            ("seed", h.seed),
            ("end_ns", summary.end_t),
            ("events", summary.events),
        ];
        for (k, v) in numbers {
            b.extend_from_slice(b",\"");
            b.extend_from_slice(k.as_bytes());
            b.extend_from_slice(b"\":");
            push_u64(b, v);
        }
        b.extend_from_slice(b",\"complete\":");
        b.extend_from_slice(if end.incomplete.is_none() {
            b"true"
        } else {
            b"false"
        });
        if let Some(s) = &end.stopped {
            b.extend_from_slice(b",\"stopped\":");
            push_str(b, s);
        }
        b.extend_from_slice(b"}}\n");
        self.end()?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_are_json() {
        let mut b = Vec::new();
        push_us(&mut b, 5_000_123);
        b.push(b' ');
        push_us(&mut b, 7);
        b.push(b' ');
        push_u64(&mut b, u64::MAX);
        b.push(b' ');
        push_str(&mut b, "a\"b\\c\n");
        b.push(b' ');
        push_str(&mut b, "Thread-1 (é)");
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "5000.123 0.007 18446744073709551615 \"a\\\"b\\\\c\\n\" \"Thread-1 (é)\""
        );
    }
}

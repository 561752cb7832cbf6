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
//! Slices are written as they close; the metadata (`process_name`, `thread_name` with each
//! thread's latest name, `thread_sort_index`, `process_sort_index`) comes last, once names are
//! known, followed by the run's setup under `otherData`.

use std::io::{self, Write};

use super::slices::Slice;
use super::RunEnd;
use crate::report::{State, Summary};
use crate::trace::event::Header;

/// The `tid` of a process's GIL track: far above any thread's (thread ids are small and dense).
pub const GIL_TID: u64 = 1_000_000_000;

/// The `pid` of interpreter `proc`.
fn pid(proc: u32) -> u64 {
    proc as u64 + 1
}

/// The `tid` of thread `thread`.
fn tid(thread: u32) -> u64 {
    thread as u64 + 1
}

/// Writes `ns` as microseconds with exactly three decimals: `5000123` gives `5000.123`.
fn write_us(out: &mut impl Write, ns: u64) -> io::Result<()> {
    write!(out, "{}.{:03}", ns / 1000, ns % 1000)
}

/// Writes `s` as a JSON string.
fn write_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(io::Error::from)
}

/// A Chrome trace being written to `out`.
pub struct ChromeTrace<W: Write> {
    out: W,
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
            any: false,
            gil_tracks: header.gil != "none",
        })
    }

    fn begin(&mut self) -> io::Result<()> {
        if self.any {
            self.out.write_all(b",\n")?;
        }
        self.any = true;
        Ok(())
    }

    /// A complete event (`"ph":"X"`).
    fn complete(
        &mut self,
        name: &str,
        cat: &str,
        (start, end): (u64, u64),
        (pid, tid): (u64, u64),
        release: Option<&str>,
    ) -> io::Result<()> {
        self.begin()?;
        let o = &mut self.out;
        o.write_all(b"{\"name\":")?;
        write_str(o, name)?;
        write!(o, ",\"cat\":\"{cat}\",\"ph\":\"X\",\"ts\":")?;
        write_us(o, start)?;
        o.write_all(b",\"dur\":")?;
        write_us(o, end - start)?;
        write!(o, ",\"pid\":{pid},\"tid\":{tid}")?;
        if let Some(r) = release {
            write!(o, ",\"args\":{{\"release\":\"{r}\"}}")?;
        }
        o.write_all(b"}")
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
                    State::Idle => return Ok(()),
                };
                self.complete(
                    name,
                    cat,
                    (interval.start, interval.end),
                    (pid(proc), tid(thread)),
                    release.map(|r| r.as_str()),
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
                    release.map(|r| r.as_str()),
                )
            }
            Slice::DropRequest { t, proc, thread } => {
                self.begin()?;
                let o = &mut self.out;
                o.write_all(
                    b"{\"name\":\"drop_request\",\"cat\":\"gil\",\"ph\":\"i\",\"s\":\"t\",\"ts\":",
                )?;
                write_us(o, t)?;
                write!(o, ",\"pid\":{},\"tid\":{}}}", pid(proc), tid(thread))
            }
        }
    }

    /// A metadata event (`"ph":"M"`) whose argument is `arg` (a JSON value).
    fn meta(&mut self, name: &str, pid: u64, tid: Option<u64>, arg: &str) -> io::Result<()> {
        self.begin()?;
        let o = &mut self.out;
        write!(o, "{{\"name\":\"{name}\",\"ph\":\"M\",\"pid\":{pid}")?;
        if let Some(tid) = tid {
            write!(o, ",\"tid\":{tid}")?;
        }
        write!(o, ",\"args\":{arg}}}")
    }

    /// Writes the metadata and the end of the object; gives the writer back.
    pub fn finish(mut self, summary: &Summary, end: &RunEnd) -> io::Result<W> {
        let name_arg = |name: &str| format!("{{\"name\":{}}}", serde_json::Value::from(name));
        let scenario = &summary.header.scenario;
        for p in &summary.procs {
            let pid = pid(p.proc);
            let name = format!("interpreter {} ({scenario})", p.proc);
            self.meta("process_name", pid, None, &name_arg(&name))?;
            self.meta(
                "process_sort_index",
                pid,
                None,
                &format!("{{\"sort_index\":{}}}", p.proc),
            )?;
            if self.gil_tracks {
                let gil = Some(GIL_TID + p.proc as u64);
                self.meta("thread_name", pid, gil, &name_arg("GIL"))?;
                self.meta("thread_sort_index", pid, gil, "{\"sort_index\":0}")?;
            }
        }
        for th in &summary.threads {
            let (p, t) = (pid(th.proc), tid(th.id));
            self.meta("thread_name", p, Some(t), &name_arg(&th.name))?;
            let sort = format!("{{\"sort_index\":{t}}}");
            self.meta("thread_sort_index", p, Some(t), &sort)?;
        }
        let h = &summary.header;
        let o = &mut self.out;
        o.write_all(b"\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{\"generator\":\"gilsim export\",\"schema\":\"gilsim-trace/1\",\"scenario\":")?;
        write_str(o, &h.scenario)?;
        o.write_all(b",\"clock\":")?;
        write_str(o, &h.clock)?;
        o.write_all(b",\"gil\":")?;
        write_str(o, &h.gil)?;
        write!(
            o,
            ",\"switch_interval_ns\":{},\"cores\":{},\"seed\":{},\"end_ns\":{},\"events\":{},\"complete\":{}",
            h.switch_interval_ns,
            h.cores,
            h.seed,
            summary.end_t,
            summary.events,
            end.incomplete.is_none()
        )?;
        if let Some(s) = &end.stopped {
            o.write_all(b",\"stopped\":")?;
            write_str(o, s)?;
        }
        o.write_all(b"}}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

//! Reading a `gilsim-trace/1` trace back, streaming: one line in memory at a time.
//!
//! [`TraceReader::new`] reads and checks the header; iterating yields the events in order and
//! checks each line as it goes (JSON, fields, `t` non-decreasing); the footer is checked against
//! what was read. The first error ends the iteration. A file that ends without a footer, even in
//! the middle of a line, is not an error: [`TraceReader::footer`] is then `None` and
//! [`TraceReader::lines_read`] says where the trace stops.
//!
//! This module deals in lines: reading them, the states before and after the footer, where the
//! file stops. Turning one line into a header, an event or the footer (the schema, field by
//! field) is the `decode` submodule's.

mod decode;

use std::fmt;
use std::io::{BufRead, Read};

use serde_json::Value;

use super::event::{Event, Footer, Header};

/// The longest line the reader accepts, in bytes. Real lines are under 200 bytes; the limit
/// keeps memory bounded whatever the input.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// What is wrong with a trace, and on which line (1 is the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceError {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TraceError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Events,
    AfterFooter,
    Done,
}

/// A streaming reader of one trace; an iterator over its events.
pub struct TraceReader<R: BufRead> {
    r: R,
    /// The current line, without its end of line; reused.
    buf: Vec<u8>,
    /// Complete lines read so far, header included.
    lines: u64,
    events: u64,
    last_t: u64,
    footer: Option<Footer>,
    state: State,
    ends_mid_line: bool,
}

impl<R: BufRead> TraceReader<R> {
    /// Reads the header line; the reader is then positioned on the first event.
    pub fn new(r: R) -> Result<(TraceReader<R>, Header), TraceError> {
        let mut reader = TraceReader {
            r,
            buf: Vec::with_capacity(256),
            lines: 0,
            events: 0,
            last_t: 0,
            footer: None,
            state: State::Events,
            ends_mid_line: false,
        };
        let header = reader
            .read_header()
            .map_err(|message| TraceError { line: 1, message })?;
        Ok((reader, header))
    }

    /// The footer, once the iteration has reached it; `None` if the trace has none (it was cut
    /// short: see [`lines_read`](TraceReader::lines_read)) or the iteration is not there yet.
    pub fn footer(&self) -> Option<&Footer> {
        self.footer.as_ref()
    }

    /// Complete lines read so far, the header included: after an iteration that ended without
    /// a footer, the number of the trace's last complete line; after an error, the error's line.
    pub fn lines_read(&self) -> u64 {
        self.lines
    }

    /// Whether the input ended inside a line (the writer was stopped mid-write). That partial
    /// line is not counted in [`lines_read`](TraceReader::lines_read) and yields no event.
    pub fn ends_mid_line(&self) -> bool {
        self.ends_mid_line
    }

    /// Reads the next line into `buf`, without its `\n` or `\r\n`. `Ok(None)` at the end of the
    /// input, else whether the line had its end of line.
    fn read_line(&mut self) -> Result<Option<bool>, String> {
        self.buf.clear();
        let n = (&mut self.r)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| {
                self.lines += 1;
                format!("cannot read: {e}")
            })?;
        if n == 0 {
            return Ok(None);
        }
        self.lines += 1;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
            Ok(Some(true))
        } else if self.buf.len() > MAX_LINE_BYTES {
            Err(format!("line longer than {MAX_LINE_BYTES} bytes"))
        } else {
            Ok(Some(false))
        }
    }

    fn parse_json(&self) -> Result<Value, String> {
        serde_json::from_slice::<Value>(&self.buf).map_err(|e| {
            let mut what = e.to_string();
            if let Some(i) = what.rfind(" at line ") {
                what.truncate(i);
            }
            format!("not JSON: {what} (column {})", e.column())
        })
    }

    fn fail(&mut self, message: String) -> Option<Result<Event, TraceError>> {
        self.state = State::Done;
        Some(Err(TraceError {
            line: self.lines,
            message,
        }))
    }
}

impl<R: BufRead> Iterator for TraceReader<R> {
    type Item = Result<Event, TraceError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.state {
                State::Done => return None,
                State::AfterFooter => match self.read_line() {
                    Err(e) => return self.fail(e),
                    Ok(None) => {
                        self.state = State::Done;
                        return None;
                    }
                    Ok(Some(_)) if self.buf.iter().all(u8::is_ascii_whitespace) => continue,
                    Ok(Some(_)) => return self.fail("text after the footer".into()),
                },
                State::Events => {
                    let had_eol = match self.read_line() {
                        Err(e) => return self.fail(e),
                        Ok(None) => {
                            self.state = State::Done;
                            return None;
                        }
                        Ok(Some(eol)) => eol,
                    };
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        return self.fail("empty line".into());
                    }
                    let v = match self.parse_json() {
                        Ok(v) => v,
                        Err(_) if !had_eol => {
                            // The last line, cut short while it was written.
                            self.lines -= 1;
                            self.ends_mid_line = true;
                            self.state = State::Done;
                            return None;
                        }
                        Err(e) => return self.fail(e),
                    };
                    match self.parse_line(v) {
                        Ok(Some(e)) => return Some(Ok(e)),
                        Ok(None) => self.state = State::AfterFooter,
                        Err(e) => return self.fail(e),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;

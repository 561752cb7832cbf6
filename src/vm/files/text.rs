//! The text layer of a file (CPython's `TextIOWrapper`): decoded text waiting to be read,
//! universal newlines, and the translation of `\n` on writing.
//!
//! Text is decoded a chunk at a time as it comes from the file (8 KiB, or more for a large
//! `read(n)`, as CPython's `_CHUNK_SIZE`), and kept as decoded (`pending`), newlines not yet
//! translated: so the bytes behind what is left to read are known exactly, which `tell()`
//! needs. A read takes from it, translating line ends as it goes; a `\r` at the end of what
//! has been decoded waits for the next chunk, which may start with `\n`.

use crate::vm::bytes::codec::Enc;

/// How lines end when reading (the `newline` argument of `open`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ReadNl {
    /// `None` (translate `\r\n` and `\r` to `\n`) or `''` (keep them, but end lines there).
    Universal { translate: bool },
    /// `'\n'`, `'\r'` or `'\r\n'`: only that ends a line; nothing is translated.
    Fixed(&'static str),
}

/// Which newlines were met (`f.newlines`).
pub const SEEN_CR: u8 = 1;
pub const SEEN_LF: u8 = 2;
pub const SEEN_CRLF: u8 = 4;

/// The text state of a text file.
pub struct TextState {
    pub enc: Enc,
    /// The encoding as `f.encoding` shows it: as given, or `UTF-8` (the locale's).
    pub enc_name: String,
    pub errors: String,
    pub read_nl: ReadNl,
    /// What `\n` becomes when writing (`None`: left as it is).
    pub write_nl: Option<&'static str>,
    /// Flush when a write holds `\n` (`buffering=1`).
    pub line_buffering: bool,
    /// Decoded text, newlines untranslated; `ppos` is how far it has been read.
    pub pending: String,
    pub ppos: usize,
    /// The start of an incomplete character at the end of the last chunk.
    pub undecoded: Vec<u8>,
    /// The file has returned no more bytes.
    pub eof: bool,
    /// The newlines met so far (`SEEN_*`).
    pub seen: u8,
    /// False while the file is being iterated (`tell()` is disabled then, as in CPython).
    pub telling: bool,
    /// The last text decoded ended with `\r`, not yet counted in `seen`.
    pub cr_pending: bool,
}

impl TextState {
    pub fn new(
        enc: Enc,
        enc_name: String,
        errors: String,
        read_nl: ReadNl,
        write_nl: Option<&'static str>,
    ) -> TextState {
        TextState {
            enc,
            enc_name,
            errors,
            read_nl,
            write_nl,
            line_buffering: false,
            pending: String::new(),
            ppos: 0,
            undecoded: Vec::new(),
            eof: false,
            seen: 0,
            telling: true,
            cr_pending: false,
        }
    }

    /// Forget what was decoded and not read (a seek, a write).
    pub fn reset(&mut self) {
        self.pending.clear();
        self.ppos = 0;
        self.undecoded.clear();
        self.eof = false;
    }

    /// The bytes of the file behind what is decoded and not read yet.
    pub fn unread_bytes(&self) -> u64 {
        (self.enc.byte_len(&self.pending[self.ppos..]) + self.undecoded.len()) as u64
    }

    /// Note the newlines in newly decoded text `s` (`f.newlines`), as CPython's decoder notes
    /// them: when it decodes a chunk, not when it is read. `last`: nothing follows.
    fn note_newlines(&mut self, s: &str, last: bool) {
        if !matches!(self.read_nl, ReadNl::Universal { .. }) {
            return;
        }
        let b = s.as_bytes();
        let mut i = 0;
        if self.cr_pending && !b.is_empty() {
            self.cr_pending = false;
            if b[0] == b'\n' {
                self.seen |= SEEN_CRLF;
                i = 1;
            } else {
                self.seen |= SEEN_CR;
            }
        }
        while i < b.len() {
            match b[i] {
                b'\n' => self.seen |= SEEN_LF,
                b'\r' if i + 1 == b.len() => self.cr_pending = true,
                b'\r' if b[i + 1] == b'\n' => {
                    self.seen |= SEEN_CRLF;
                    i += 1;
                }
                b'\r' => self.seen |= SEEN_CR,
                _ => {}
            }
            i += 1;
        }
        if last && self.cr_pending {
            self.cr_pending = false;
            self.seen |= SEEN_CR;
        }
    }

    /// Append newly decoded text (`last`: the end of the file).
    pub fn push(&mut self, s: &str, last: bool) {
        self.note_newlines(s, last);
        if self.ppos > 0 && self.ppos == self.pending.len() {
            self.pending.clear();
            self.ppos = 0;
        } else if self.ppos > 64 * 1024 {
            self.pending.drain(..self.ppos);
            self.ppos = 0;
        }
        self.pending.push_str(s);
    }

    /// Whether what is pending may hold the end of a line (so a line read can stop there).
    pub fn may_hold_line_end(&self) -> bool {
        let rest = &self.pending[self.ppos..];
        match self.read_nl {
            ReadNl::Universal { .. } => rest.contains(['\n', '\r']),
            ReadNl::Fixed(sep) => rest.contains(sep),
        }
    }

    /// Take text to return: `Some` with it when the request can be answered from what is
    /// pending (at the end of the file, always), `None` when more must be read first.
    pub fn take(&mut self, want: Take) -> Option<String> {
        let rest = &self.pending[self.ppos..];
        let mut out = String::new();
        let mut n = 0; // characters taken
        let bytes = rest.as_bytes();
        let mut i = 0;
        let full = |n: usize| match want {
            Take::Chars(k) => n >= k,
            Take::Line(Some(k)) => n >= k,
            _ => false,
        };
        let line_mode = matches!(want, Take::Line(_));
        let mut ended = false;
        while i < bytes.len() {
            if full(n) {
                break;
            }
            let c = bytes[i];
            match self.read_nl {
                ReadNl::Universal { translate } if c == b'\r' => {
                    let next = bytes.get(i + 1).copied();
                    if next.is_none() && !self.eof {
                        // a `\n` may follow in the next chunk
                        return None;
                    }
                    if next == Some(b'\n') {
                        if translate {
                            out.push('\n');
                            n += 1;
                            i += 2;
                        } else if line_mode {
                            out.push_str("\r\n");
                            n += 2;
                            i += 2;
                        } else {
                            // read(n) without translation counts `\r` and `\n` apart
                            out.push('\r');
                            n += 1;
                            i += 1;
                            continue;
                        }
                    } else {
                        out.push(if translate { '\n' } else { '\r' });
                        n += 1;
                        i += 1;
                    }
                    if line_mode {
                        ended = true;
                        break;
                    }
                }
                ReadNl::Universal { .. } if c == b'\n' => {
                    out.push('\n');
                    n += 1;
                    i += 1;
                    if line_mode {
                        ended = true;
                        break;
                    }
                }
                ReadNl::Fixed(sep) if line_mode && c == sep.as_bytes()[0] => {
                    if rest[i..].starts_with(sep) {
                        out.push_str(sep);
                        n += sep.len();
                        i += sep.len();
                        ended = true;
                        break;
                    }
                    if sep.len() == 2 && i + 1 == bytes.len() && !self.eof {
                        return None;
                    }
                    out.push(c as char);
                    n += 1;
                    i += 1;
                }
                _ => {
                    let ch = rest[i..].chars().next().unwrap_or('\u{fffd}');
                    out.push(ch);
                    n += 1;
                    i += ch.len_utf8().max(1);
                }
            }
        }
        if !(self.eof || ended || full(n)) {
            return None;
        }
        self.ppos += i;
        if self.eof && self.ppos == self.pending.len() {
            // all read: the next read asks the file again, which may have grown
            self.eof = false;
        }
        Some(out)
    }

    /// `f.newlines`: `None`, one newline, or a tuple of those met.
    pub fn newlines(&self) -> Vec<&'static str> {
        let mut v = vec![];
        if self.seen & SEEN_CR != 0 {
            v.push("\r");
        }
        if self.seen & SEEN_LF != 0 {
            v.push("\n");
        }
        if self.seen & SEEN_CRLF != 0 {
            v.push("\r\n");
        }
        v
    }

    /// `s` with `\n` translated for writing.
    pub fn translate_out<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        match self.write_nl {
            Some(nl) if s.contains('\n') => s.replace('\n', nl).into(),
            _ => s.into(),
        }
    }
}

/// What a read asks for.
#[derive(Clone, Copy, Debug)]
pub enum Take {
    /// Up to this many characters (`read(n)`).
    Chars(usize),
    /// A line, at most this many characters (`readline(limit)`).
    Line(Option<usize>),
    /// Everything (`read()`).
    All,
}

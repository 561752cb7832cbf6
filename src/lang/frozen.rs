//! The frozen library: bundled modules compiled ahead of time (docs/frozen.md).
//!
//! An image is a header (a magic string and the front end's fingerprint, which `build.rs`
//! computes from `src/lang/` and the parser's version) and one entry per module: its name, a
//! hash of the source it was compiled from, and its code object's bytes (plus a hash of those
//! bytes). Loading a module checks all three, so an edited source, another front end or a
//! damaged image means "not frozen" and the caller compiles the source instead.
//!
//! A code object's bytes are written by hand (varints, [`Writer`] and [`Reader`]), straight
//! from and into [`Code`]: through serde and mirror types, decoding was most of a short asyncio
//! scenario's start. Only the kind and the instructions go through serde (`postcard`), so an
//! instruction added to `Instr` needs nothing here. A module's strings are stored once each, in
//! a table, and every reference to a string becomes its index: a decoded code object shares
//! its strings exactly as the compiled one did, so `is` between constants and names behaves
//! the same.
//!
//! A code object's body (instructions, constants, nested code...) comes after its length, and
//! loading a module leaves every body in the image until [`Code::body`] first asks for it
//! ([`LazyBody`]): most of a library's functions never run in a given program.

use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;
use serde::{Deserialize, Serialize};

use super::bytecode::{Body, Code, CodeKind, Handler, Header as CodeHeader, Instr, Loc, Locs};
use crate::vm::value::{PyStr, Value};

const MAGIC: &str = "gilsim frozen library";

/// The fingerprint of this front end (see `build.rs`).
pub const FRONT_END: &str = env!("GILSIM_FRONT_END");

#[derive(Serialize, Deserialize)]
struct Header<'a> {
    magic: &'a str,
    front_end: &'a str,
    modules: Vec<Entry<'a>>,
}

#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    name: &'a str,
    source_hash: u64,
    code_hash: u64,
    code: &'a [u8],
}

/// A 64-bit hash of `bytes`, stable across builds and platforms (FxHash's mixing over 8-byte
/// words, then a final avalanche), fast enough to check every imported module's source.
pub fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    for &b in words.remainder() {
        h = (h.rotate_left(5) ^ b as u64).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// A frozen image made by this front end.
pub struct Image<'a> {
    modules: Vec<Entry<'a>>,
}

impl<'a> Image<'a> {
    /// Read an image's header and index; `None` if `bytes` is not an image, or one made by
    /// another front end.
    pub fn parse(bytes: &'a [u8]) -> Option<Image<'a>> {
        let (h, rest): (Header, _) = postcard::take_from_bytes(bytes).ok()?;
        (h.magic == MAGIC && h.front_end == FRONT_END && rest.is_empty())
            .then_some(Image { modules: h.modules })
    }

    /// The names of the modules the image holds.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.modules.iter().map(|e| e.name)
    }
}

impl Image<'static> {
    /// Module `name`'s code, if the image holds it compiled from exactly `source` and intact;
    /// its code objects get the file name `filename`.
    pub fn load(&self, name: &str, source: &str, filename: &str) -> Option<Rc<Code>> {
        let e = self.modules.iter().find(|e| e.name == name)?;
        if e.source_hash != hash(source.as_bytes()) || e.code_hash != hash(e.code) {
            return None;
        }
        decode_lazily(e.code, filename)
    }
}

/// Compile each `(name, filename, source)` and write the image of them all.
pub fn build_image<'s>(
    modules: impl IntoIterator<Item = (&'s str, String, &'s str)>,
) -> Result<Vec<u8>, String> {
    let mut encoded = vec![];
    for (name, filename, source) in modules {
        let code = super::compile_source(source, &filename).map_err(|e| e.render())?;
        let bytes = encode(&code, &filename).map_err(|e| format!("{name}: {e}"))?;
        encoded.push((name, hash(source.as_bytes()), bytes));
    }
    let header = Header {
        magic: MAGIC,
        front_end: FRONT_END,
        modules: encoded
            .iter()
            .map(|(name, source_hash, code)| Entry {
                name,
                source_hash: *source_hash,
                code_hash: hash(code),
                code,
            })
            .collect(),
    };
    postcard::to_allocvec(&header).map_err(|e| e.to_string())
}

/// Serialise a module's code object (all of whose code objects are of file `filename`).
pub fn encode(code: &Code, filename: &str) -> Result<Vec<u8>, String> {
    encode_module(code, filename, 0)
}

/// [`encode`], leaving the last `drop` strings out of the table (for the tests of a damaged
/// module).
fn encode_module(code: &Code, filename: &str, drop: usize) -> Result<Vec<u8>, String> {
    let mut enc = Encoder {
        filename,
        strings: vec![],
        index: HashMap::new(),
        out: Writer::default(),
    };
    enc.code(code)?;
    let body = std::mem::take(&mut enc.out.0);
    let strings = &enc.strings[..enc.strings.len().saturating_sub(drop)];
    let mut w = Writer::default();
    w.0.extend_from_slice(MODULE_MAGIC);
    w.len(strings.len())?;
    let text: String = strings.concat();
    w.len(text.len())?;
    w.0.extend_from_slice(text.as_bytes());
    for s in strings {
        w.len(s.len())?;
    }
    w.0.extend_from_slice(&body);
    Ok(w.0)
}

/// The code object `bytes` holds (as [`encode`] wrote it), of file `filename`, every body in
/// it decoded and checked; `None` if the bytes are not such a code object.
pub fn decode(bytes: &'static [u8], filename: &str) -> Option<Rc<Code>> {
    let code = decode_lazily(bytes, filename)?;
    decodes_throughout(&code).then_some(code)
}

/// [`decode`], leaving every code object's body in `bytes` until it is asked for; the module's
/// structure is checked, its bodies are not (`Image::load` checked the bytes' hash).
fn decode_lazily(bytes: &'static [u8], filename: &str) -> Option<Rc<Code>> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MODULE_MAGIC.len())? != MODULE_MAGIC {
        return None;
    }
    let count = r.len()?;
    let text_len = r.len()?;
    let text = std::str::from_utf8(r.take(text_len)?).ok()?;
    // each string is at least one byte of the image (its length), so a count beyond the
    // bytes left is damage, not a reason to reserve that much
    if count > r.bytes.len() - r.at {
        return None;
    }
    let mut ends = Vec::with_capacity(count);
    let mut end = 0usize;
    for _ in 0..count {
        // a length within the text read above, not the bytes still to come; on a character
        // boundary
        end = end.checked_add(r.u32()? as usize)?;
        if !text.is_char_boundary(end) || end > text.len() {
            return None;
        }
        ends.push(end as u32);
    }
    if end != text.len() {
        return None;
    }
    let strings = Rc::new(Strings {
        text,
        made: (0..count).map(|_| std::cell::OnceCell::new()).collect(),
        ends,
    });
    let mut dec = Decoder {
        r,
        strings,
        filename: filename.into(),
    };
    let code = dec.code(0)?;
    (dec.r.at == bytes.len()).then_some(code)
}

/// What a module's code begins with (the format's version: another one is not decoded).
const MODULE_MAGIC: &[u8] = b"GC3";

/// Nested code deeper than this is refused (the compiler makes nothing near it), so damaged
/// bytes cannot recurse the decoder off its stack.
const MAX_DEPTH: usize = 200;

/// The byte each constant begins with.
mod tag {
    pub const NONE: u8 = 0;
    pub const ELLIPSIS: u8 = 1;
    pub const FALSE: u8 = 2;
    pub const TRUE: u8 = 3;
    pub const INT: u8 = 4;
    pub const BIG: u8 = 5;
    pub const FLOAT: u8 = 6;
    pub const STR: u8 = 7;
    pub const TUPLE: u8 = 8;
}

/// The flags byte of a code object.
mod flag {
    pub const VARARGS: u8 = 1;
    pub const VARKEYWORDS: u8 = 2;
    pub const GENERATOR: u8 = 4;
    pub const DOCSTRING: u8 = 8;
}

/// A decoded tuple or big int is a new object each time, so the image cannot keep one that the
/// compiler shared (it shares none: each such constant is made where it is used).
fn unshared(refs: usize, v: &Value) -> Result<(), String> {
    match refs {
        1 => Ok(()),
        _ => Err(format!("a constant shared {refs} times: {v:?}")),
    }
}

/// Bytes written as LEB128 varints (unsigned; signed ones zigzagged) and raw runs.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn i64(&mut self, v: i64) {
        self.u64(((v << 1) ^ (v >> 63)) as u64);
    }
    fn len(&mut self, n: usize) -> Result<(), String> {
        u32::try_from(n).map_err(|_| format!("{n} is too long for the image"))?;
        self.u64(n as u64);
        Ok(())
    }
}

/// A code object's spans, each against its instruction's line: mostly 0, 0, a column and a
/// width. Empty when the spans are unknown.
fn pack_locs(locs: &Locs, lines: &[u32]) -> Result<Vec<u8>, String> {
    let table = match locs {
        Locs::Table(t) => t,
        Locs::Packed(bytes) => return Ok(bytes.to_vec()),
    };
    if !table.is_empty() && table.len() != lines.len() {
        return Err("a span for each instruction".to_string());
    }
    let mut w = Writer::default();
    for (loc, &l) in table.iter().zip(lines) {
        w.i64(loc.line as i64 - l as i64);
        w.u64(loc.end_line.saturating_sub(loc.line) as u64);
        w.u64(loc.col as u64);
        w.i64(loc.end_col as i64 - loc.col as i64);
    }
    Ok(w.0)
}

/// The span of instruction `ip` in spans packed by `pack_locs` for instructions on `lines`;
/// `None` if unknown or damaged.
pub fn packed_loc(bytes: &[u8], lines: &[u32], ip: usize) -> Option<Loc> {
    let mut r = Reader { bytes, at: 0 };
    for (i, &l) in lines.iter().enumerate() {
        let line = u32::try_from(l as i64 + r.i64()?).ok()?;
        let end_line = line.checked_add(r.u32()?)?;
        let col = r.u32()?;
        let end_col = u32::try_from(col as i64 + r.i64()?).ok()?;
        if i == ip {
            return Some(Loc {
                line,
                end_line,
                col,
                end_col,
            });
        }
    }
    None
}

/// The other end of [`Writer`]: every read is checked, and fails with `None`.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    #[inline]
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    #[inline]
    fn u64(&mut self) -> Option<u64> {
        // most numbers in an image are below 128: one byte
        let b = self.byte()?;
        if b < 0x80 {
            return Some(b as u64);
        }
        self.u64_long(b)
    }
    #[inline(never)]
    fn u64_long(&mut self, first: u8) -> Option<u64> {
        let mut v = (first & 0x7f) as u64;
        for shift in (7..64).step_by(7) {
            let b = self.byte()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
    #[inline]
    fn i64(&mut self) -> Option<i64> {
        let v = self.u64()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }
    #[inline]
    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }
    #[inline]
    fn u16(&mut self) -> Option<u16> {
        u16::try_from(self.u64()?).ok()
    }
    /// A count of items, each of which takes at least one byte, so it is at most the bytes
    /// left: damage cannot make the decoder reserve more than the image's size.
    fn len(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.bytes.len() - self.at).then_some(n)
    }
}

struct Encoder<'c> {
    filename: &'c str,
    strings: Vec<&'c str>,
    /// Table index by string object: one entry per object, not per distinct text.
    index: HashMap<*const PyStr, u32>,
    out: Writer,
}

impl<'c> Encoder<'c> {
    fn string(&mut self, s: &'c Rc<PyStr>) {
        let next = self.strings.len() as u32;
        let i = *self.index.entry(Rc::as_ptr(s)).or_insert(next);
        if i == next {
            self.strings.push(s.as_str());
        }
        self.out.u64(i as u64);
    }

    fn strings(&mut self, v: &'c [Rc<PyStr>]) -> Result<(), String> {
        self.out.len(v.len())?;
        for s in v {
            self.string(s);
        }
        Ok(())
    }

    fn konst(&mut self, v: &'c Value) -> Result<(), String> {
        match v {
            Value::None => self.out.0.push(tag::NONE),
            Value::Ellipsis => self.out.0.push(tag::ELLIPSIS),
            Value::Bool(b) => self.out.0.push(if *b { tag::TRUE } else { tag::FALSE }),
            Value::Int(i) => {
                self.out.0.push(tag::INT);
                self.out.i64(*i);
            }
            Value::Big(b) => {
                unshared(Rc::strong_count(b), v)?;
                let bytes = b.to_signed_bytes_le();
                self.out.0.push(tag::BIG);
                self.out.len(bytes.len())?;
                self.out.0.extend_from_slice(&bytes);
            }
            Value::Float(x) => {
                self.out.0.push(tag::FLOAT);
                self.out.0.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            Value::Str(s) => {
                self.out.0.push(tag::STR);
                self.string(s);
            }
            Value::Tuple(t) => {
                unshared(Rc::strong_count(t), v)?;
                self.out.0.push(tag::TUPLE);
                self.out.len(t.len())?;
                for v in t.iter() {
                    self.konst(v)?;
                }
            }
            other => return Err(format!("a constant the image cannot hold: {other:?}")),
        }
        Ok(())
    }

    fn code(&mut self, c: &'c Code) -> Result<(), String> {
        // every field named, so that a new one cannot be forgotten here
        let CodeHeader {
            name,
            qualname,
            filename,
            kind,
            first_line,
            varnames,
            cellvars,
            freevars,
            cell_args,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            varargs,
            varkeywords,
            is_generator,
            docstring,
        } = c.header();
        if &*filename != self.filename {
            return Err(format!(
                "code of file {filename} in module file {}",
                self.filename
            ));
        }
        // the header's strings are the code object's own (`header()` clones the `Rc`s)
        let _ = (name, qualname, varnames, cellvars, freevars, docstring);
        self.string(&c.name);
        self.string(&c.qualname);
        self.out.u64(first_line as u64);
        let kind = postcard::to_allocvec(&kind).map_err(|e| e.to_string())?;
        self.out.0.extend_from_slice(&kind);
        for v in [&c.varnames, &c.cellvars, &c.freevars] {
            self.strings(v)?;
        }
        self.out.len(cell_args.len())?;
        for &(a, b) in &cell_args {
            self.out.u64(a as u64);
            self.out.u64(b as u64);
        }
        for n in [argcount, posonlyargcount, kwonlyargcount] {
            self.out.u64(n as u64);
        }
        let flags = (varargs as u8 * flag::VARARGS)
            | (varkeywords as u8 * flag::VARKEYWORDS)
            | (is_generator as u8 * flag::GENERATOR)
            | (c.docstring.is_some() as u8 * flag::DOCSTRING);
        self.out.0.push(flags);
        if let Some(d) = &c.docstring {
            self.string(d);
        }
        // the body after its length, so that the decoder can leave it for later
        let outer = std::mem::take(&mut self.out);
        self.body(c.body())?;
        let body = std::mem::replace(&mut self.out, outer);
        self.out.len(body.0.len())?;
        self.out.0.extend_from_slice(&body.0);
        Ok(())
    }

    fn body(&mut self, b: &'c Body) -> Result<(), String> {
        let Body {
            instrs,
            lines,
            locs,
            consts,
            names,
            handlers,
            children,
        } = b;
        // the instructions through serde, so a new instruction needs nothing here
        let typed = postcard::to_allocvec(instrs).map_err(|e| e.to_string())?;
        self.out.len(typed.len())?;
        self.out.0.extend_from_slice(&typed);
        // each line as its difference from the previous one: mostly 0, one byte
        self.out.len(lines.len())?;
        let mut prev = lines.first().copied().unwrap_or(0) as i64;
        self.out.u64(prev as u64);
        for &l in lines {
            self.out.i64(l as i64 - prev);
            prev = l as i64;
        }
        // the spans, as one block the decoder keeps without reading (`packed_loc` reads it)
        let packed = pack_locs(locs, lines)?;
        self.out.len(packed.len())?;
        self.out.0.extend_from_slice(&packed);
        self.out.len(consts.len())?;
        for v in consts {
            self.konst(v)?;
        }
        self.strings(names)?;
        self.out.len(handlers.len())?;
        for h in handlers {
            for v in [h.start, h.end, h.target, h.depth] {
                self.out.u64(v as u64);
            }
        }
        self.out.len(children.len())?;
        for c in children {
            self.code(c)?;
        }
        Ok(())
    }
}

/// A module's strings, each made into a `str` object the first time a decoded code object
/// refers to it (most are referred to only from bodies that are never decoded).
struct Strings {
    text: &'static str,
    /// Where each string ends in `text`.
    ends: Vec<u32>,
    made: Vec<std::cell::OnceCell<Rc<PyStr>>>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<Rc<PyStr>> {
        let made = self.made.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        let text = self.text.get(start..self.ends[i] as usize)?;
        Some(made.get_or_init(|| Rc::new(PyStr::new(text))).clone())
    }
}

/// A frozen code object's body, still in the image's bytes.
pub struct LazyBody {
    bytes: &'static [u8],
    strings: Rc<Strings>,
    filename: Rc<str>,
    depth: usize,
}

impl std::fmt::Debug for LazyBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyBody({} bytes)", self.bytes.len())
    }
}

impl LazyBody {
    /// The body. The image's bytes were checked against their hash when the module was
    /// loaded and were written by this very front end, so they decode (the tests decode every
    /// body of the committed image); failing here is a bug of the encoder or decoder.
    pub fn decode(&self) -> Body {
        self.try_decode()
            .expect("a frozen code object's body decodes (its module's bytes were checked)")
    }

    fn try_decode(&self) -> Option<Body> {
        let mut dec = Decoder {
            r: Reader {
                bytes: self.bytes,
                at: 0,
            },
            strings: self.strings.clone(),
            filename: self.filename.clone(),
        };
        let body = dec.body(self.depth)?;
        (dec.r.at == self.bytes.len()).then_some(body)
    }
}

struct Decoder {
    r: Reader<'static>,
    strings: Rc<Strings>,
    filename: Rc<str>,
}

impl Decoder {
    fn string(&mut self) -> Option<Rc<PyStr>> {
        let i = self.r.u64()?;
        self.strings.get(usize::try_from(i).ok()?)
    }

    fn strings(&mut self) -> Option<Vec<Rc<PyStr>>> {
        let n = self.r.len()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.string()?);
        }
        Some(v)
    }

    fn konst(&mut self, depth: usize) -> Option<Value> {
        Some(match self.r.byte()? {
            tag::NONE => Value::None,
            tag::ELLIPSIS => Value::Ellipsis,
            tag::FALSE => Value::Bool(false),
            tag::TRUE => Value::Bool(true),
            tag::INT => Value::Int(self.r.i64()?),
            tag::BIG => {
                let n = self.r.len()?;
                Value::from_bigint(BigInt::from_signed_bytes_le(self.r.take(n)?))
            }
            tag::FLOAT => {
                let b = self.r.take(8)?;
                Value::Float(f64::from_bits(u64::from_le_bytes(b.try_into().ok()?)))
            }
            tag::STR => Value::Str(self.string()?),
            tag::TUPLE if depth < MAX_DEPTH => {
                let n = self.r.len()?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.push(self.konst(depth + 1)?);
                }
                Value::tuple(v)
            }
            _ => return None,
        })
    }

    /// A code object: its header now, its body left in the bytes for `LazyBody::decode`.
    fn code(&mut self, depth: usize) -> Option<Rc<Code>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let name = self.string()?;
        let qualname = self.string()?;
        let first_line = self.r.u32()?;
        let kind: CodeKind = match self.r.byte()? {
            // `CodeKind` through postcard: one byte, its variant's index
            b if b < 0x80 => postcard::from_bytes(&[b]).ok()?,
            _ => return None,
        };
        let varnames = self.strings()?;
        let cellvars = self.strings()?;
        let freevars = self.strings()?;
        let n = self.r.len()?;
        let mut cell_args = Vec::with_capacity(n);
        for _ in 0..n {
            cell_args.push((self.r.u16()?, self.r.u16()?));
        }
        let argcount = self.r.u16()?;
        let posonlyargcount = self.r.u16()?;
        let kwonlyargcount = self.r.u16()?;
        let flags = self.r.byte()?;
        if flags & !(flag::VARARGS | flag::VARKEYWORDS | flag::GENERATOR | flag::DOCSTRING) != 0 {
            return None;
        }
        let docstring = match flags & flag::DOCSTRING {
            0 => None,
            _ => Some(self.string()?),
        };
        let n = self.r.len()?;
        let body = LazyBody {
            bytes: self.r.take(n)?,
            strings: self.strings.clone(),
            filename: self.filename.clone(),
            depth,
        };
        let header = CodeHeader {
            name,
            qualname,
            filename: self.filename.clone(),
            kind,
            first_line,
            varnames,
            cellvars,
            freevars,
            cell_args,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            varargs: flags & flag::VARARGS != 0,
            varkeywords: flags & flag::VARKEYWORDS != 0,
            is_generator: flags & flag::GENERATOR != 0,
            docstring,
        };
        Some(Rc::new(Code::lazy(header, body)))
    }

    fn body(&mut self, depth: usize) -> Option<Body> {
        let n = self.r.len()?;
        let instrs: Vec<Instr> = postcard::from_bytes(self.r.take(n)?).ok()?;
        let n = self.r.len()?;
        let mut lines = Vec::with_capacity(n);
        let mut line = self.r.u32()? as i64;
        for _ in 0..n {
            line = line.checked_add(self.r.i64()?)?;
            lines.push(u32::try_from(line).ok()?);
        }
        let n = self.r.len()?;
        let locs = Locs::Packed(self.r.take(n)?);
        let n = self.r.len()?;
        let mut consts = Vec::with_capacity(n);
        for _ in 0..n {
            consts.push(self.konst(0)?);
        }
        let names = self.strings()?;
        let n = self.r.len()?;
        let mut handlers = Vec::with_capacity(n);
        for _ in 0..n {
            handlers.push(Handler {
                start: self.r.u32()?,
                end: self.r.u32()?,
                target: self.r.u32()?,
                depth: self.r.u32()?,
            });
        }
        let n = self.r.len()?;
        let mut children = Vec::with_capacity(n);
        for _ in 0..n {
            children.push(self.code(depth + 1)?);
        }
        Some(Body {
            instrs,
            lines,
            locs,
            consts,
            names,
            handlers,
            children,
        })
    }
}

/// Decode every body of `code` and of the code objects in it, as running them all would;
/// false if one does not decode.
fn decodes_throughout(code: &Code) -> bool {
    if code.body_decoded() {
        return code.body().children.iter().all(|c| decodes_throughout(c));
    }
    let Some(body) = code.lazy_body().and_then(LazyBody::try_decode) else {
        return false;
    };
    let ok = body.children.iter().all(|c| decodes_throughout(c));
    code.set_body(body);
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes as an image's: a decoded code object keeps its spans in them.
    fn leak(bytes: Vec<u8>) -> &'static [u8] {
        Box::leak(bytes.into_boxed_slice())
    }

    /// Every instruction's span survives the image, read from the packed bytes.
    #[test]
    fn spans_come_back_from_the_packed_bytes() {
        let src = "def f(a, b):\n    x = a[b] + g(\n        a // b)\n    return x.y\nf(1, 2)\n";
        let code = crate::lang::compile_source(src, "m.py").unwrap();
        let back = decode(leak(encode(&code, "m.py").unwrap()), "m.py").unwrap();
        let (f, f_back) = (&code.body().children[0], &back.body().children[0]);
        assert!(matches!(f_back.body().locs, Locs::Packed(_)));
        for ip in 0..f.body().instrs.len() {
            assert_eq!(f_back.loc_at(ip), f.loc_at(ip), "instruction {ip}");
            assert!(f.loc_at(ip).is_some());
        }
        assert_eq!(f_back.loc_at(f.body().instrs.len()), None);
    }

    /// A module whose code refers to strings its table lacks decodes to nothing.
    #[test]
    fn a_string_index_out_of_the_table_is_refused() {
        let src = "def f(a):\n    return ('x', a)\n";
        let code = crate::lang::compile_source(src, "m.py").unwrap();
        let bytes = leak(encode(&code, "m.py").unwrap());
        assert!(decode(bytes, "m.py").is_some());
        for drop in 1..6 {
            let short = leak(encode_module(&code, "m.py", drop).unwrap());
            assert!(decode(short, "m.py").is_none(), "{drop} strings short");
        }
    }

    /// Every prefix of a module's bytes, and the bytes with one more, are refused.
    #[test]
    fn a_cut_or_lengthened_module_is_refused() {
        let src = "class C:\n    'doc'\n    def f(self, *a, **k):\n        return (1, 2.5, 10**30, ...)\n";
        let code = crate::lang::compile_source(src, "m.py").unwrap();
        let bytes = leak(encode(&code, "m.py").unwrap());
        assert!(decode(bytes, "m.py").is_some());
        for i in 0..bytes.len() {
            assert!(decode(&bytes[..i], "m.py").is_none(), "cut at {i}");
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert!(decode(leak(longer), "m.py").is_none());
    }

    #[test]
    fn the_hash_sees_every_byte_and_the_length() {
        let base = b"def f():\n    return 1\n".to_vec();
        let h = hash(&base);
        for i in 0..base.len() {
            let mut b = base.clone();
            b[i] ^= 1;
            assert_ne!(hash(&b), h, "byte {i}");
        }
        assert_ne!(hash(&base[..base.len() - 1]), h);
        assert_ne!(hash(&[0; 16]), hash(&[0; 17]));
        assert_eq!(hash(&base), h, "deterministic");
    }
}

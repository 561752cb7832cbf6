//! A code object's bytes: varints ([`Writer`], [`Reader`]), the header and body of each code
//! object ([`Encoder`], [`Decoder`]), and a body left in the image until first used
//! ([`LazyBody`]).

use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::lang::bytecode::{
    Body, Code, CodeKind, Handler, Header as CodeHeader, Instr, Loc, Locs,
};
use crate::vm::value::{PyStr, Value};

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
pub(super) struct Writer(pub(super) Vec<u8>);

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
    pub(super) fn len(&mut self, n: usize) -> Result<(), String> {
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
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Reader<'a> {
    #[inline]
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
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
    pub(super) fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u64()?).ok()
    }
    #[inline]
    fn u16(&mut self) -> Option<u16> {
        u16::try_from(self.u64()?).ok()
    }
    /// A count of items, each of which takes at least one byte, so it is at most the bytes
    /// left: damage cannot make the decoder reserve more than the image's size.
    pub(super) fn len(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.bytes.len() - self.at).then_some(n)
    }
}

pub(super) struct Encoder<'c> {
    pub(super) filename: &'c str,
    pub(super) strings: Vec<&'c str>,
    /// Table index by string object: one entry per object, not per distinct text.
    pub(super) index: HashMap<*const PyStr, u32>,
    pub(super) out: Writer,
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

    pub(super) fn code(&mut self, c: &'c Code) -> Result<(), String> {
        // every field named, so that a new one cannot be forgotten here; the strings are
        // written from `c` itself, whose `Rc`s the string table is keyed by
        let CodeHeader {
            name: _,
            qualname: _,
            filename,
            kind,
            first_line,
            varnames: _,
            cellvars: _,
            freevars: _,
            cell_args,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            varargs,
            varkeywords,
            is_generator,
            docstring: _,
        } = c.header();
        if &*filename != self.filename {
            return Err(format!(
                "code of file {filename} in module file {}",
                self.filename
            ));
        }
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
pub(super) struct Strings {
    pub(super) text: &'static str,
    /// Where each string ends in `text`.
    pub(super) ends: Vec<u32>,
    pub(super) made: Vec<std::cell::OnceCell<Rc<PyStr>>>,
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

pub(super) struct Decoder {
    pub(super) r: Reader<'static>,
    pub(super) strings: Rc<Strings>,
    pub(super) filename: Rc<str>,
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
    pub(super) fn code(&mut self, depth: usize) -> Option<Rc<Code>> {
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
pub(super) fn decodes_throughout(code: &Code) -> bool {
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

//! The frozen library: bundled modules compiled ahead of time (docs/frozen.md).
//!
//! An image is a header (a magic string and the front end's fingerprint, which `build.rs`
//! computes from `src/lang/` and the parser's version) and one entry per module: its name, a
//! hash of the source it was compiled from, and its code object serialised with `postcard`
//! (plus a hash of those bytes). Loading a module checks all three, so an edited source, another
//! front end or a damaged image means "not frozen" and the caller compiles the source instead.
//!
//! The instruction types derive serde; what they cannot (strings, constants, nested code) goes
//! through the mirror types below. A module's strings are stored once each, in a table, and
//! every reference to a string becomes its index: a decoded code object shares its strings
//! exactly as the compiled one did, so `is` between constants and names behaves the same.

use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;
use serde::{Deserialize, Serialize};

use super::bytecode::{Code, CodeKind, Handler, Instr};
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

/// A module's code: its string table and its top-level code object.
#[derive(Serialize, Deserialize)]
struct FrozenModule<'a> {
    /// The table's strings one after another: checked as UTF-8 once, not string by string
    /// (which was a tenth of decoding `asyncio`).
    text: &'a str,
    /// Where each string of the table ends in `text`.
    ends: Vec<u32>,
    code: FrozenCode,
}

/// [`Code`] with strings as indices into the module's table (the file name is the module's).
#[derive(Serialize, Deserialize)]
struct FrozenCode {
    name: u32,
    qualname: u32,
    kind: CodeKind,
    first_line: u32,
    instrs: Vec<Instr>,
    lines: Vec<u32>,
    consts: Vec<Const>,
    names: Vec<u32>,
    varnames: Vec<u32>,
    cellvars: Vec<u32>,
    freevars: Vec<u32>,
    cell_args: Vec<(u16, u16)>,
    argcount: u16,
    posonlyargcount: u16,
    kwonlyargcount: u16,
    varargs: bool,
    varkeywords: bool,
    is_generator: bool,
    handlers: Vec<Handler>,
    max_stack: u32,
    children: Vec<FrozenCode>,
    docstring: Option<u32>,
}

/// The constants the compiler emits.
#[derive(Serialize, Deserialize)]
enum Const {
    None,
    Ellipsis,
    Bool(bool),
    Int(i64),
    /// Two's complement, little-endian.
    Big(Vec<u8>),
    /// The bits, so every float (NaN payloads included) comes back as it was.
    Float(u64),
    Str(u32),
    Tuple(Vec<Const>),
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

    /// Module `name`'s code, if the image holds it compiled from exactly `source` and intact;
    /// its code objects get the file name `filename`.
    pub fn load(&self, name: &str, source: &str, filename: &str) -> Option<Rc<Code>> {
        let e = self.modules.iter().find(|e| e.name == name)?;
        if e.source_hash != hash(source.as_bytes()) || e.code_hash != hash(e.code) {
            return None;
        }
        decode(e.code, filename)
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
    let mut enc = Encoder {
        filename,
        strings: vec![],
        index: HashMap::new(),
    };
    let code = enc.code(code)?;
    let mut text = String::new();
    let mut ends = vec![];
    for s in &enc.strings {
        text.push_str(s);
        ends.push(u32::try_from(text.len()).map_err(|_| "too many strings".to_string())?);
    }
    postcard::to_allocvec(&FrozenModule {
        text: &text,
        ends,
        code,
    })
    .map_err(|e| e.to_string())
}

/// The code object `bytes` holds (as [`encode`] wrote it), of file `filename`; `None` if the
/// bytes are not such a code object.
pub fn decode(bytes: &[u8], filename: &str) -> Option<Rc<Code>> {
    let (m, rest): (FrozenModule, _) = postcard::take_from_bytes(bytes).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let mut start = 0;
    let mut strings = Vec::with_capacity(m.ends.len());
    for &end in &m.ends {
        let s = m.text.get(start..end as usize)?;
        strings.push(Rc::new(PyStr::new(s)));
        start = end as usize;
    }
    let dec = Decoder {
        strings,
        filename: filename.into(),
    };
    dec.code(m.code)
}

/// A decoded tuple or big int is a new object each time, so the image cannot keep one that the
/// compiler shared (it shares none: each such constant is made where it is used).
fn unshared(refs: usize, v: &Value) -> Result<(), String> {
    match refs {
        1 => Ok(()),
        _ => Err(format!("a constant shared {refs} times: {v:?}")),
    }
}

struct Encoder<'c> {
    filename: &'c str,
    strings: Vec<&'c str>,
    /// Table index by string object: one entry per object, not per distinct text.
    index: HashMap<*const PyStr, u32>,
}

impl<'c> Encoder<'c> {
    fn string(&mut self, s: &'c Rc<PyStr>) -> u32 {
        let next = self.strings.len() as u32;
        let i = *self.index.entry(Rc::as_ptr(s)).or_insert(next);
        if i == next {
            self.strings.push(s.as_str());
        }
        i
    }

    fn strings(&mut self, v: &'c [Rc<PyStr>]) -> Vec<u32> {
        v.iter().map(|s| self.string(s)).collect()
    }

    fn konst(&mut self, v: &'c Value) -> Result<Const, String> {
        Ok(match v {
            Value::None => Const::None,
            Value::Ellipsis => Const::Ellipsis,
            Value::Bool(b) => Const::Bool(*b),
            Value::Int(i) => Const::Int(*i),
            Value::Big(b) => {
                unshared(Rc::strong_count(b), v)?;
                Const::Big(b.to_signed_bytes_le())
            }
            Value::Float(x) => Const::Float(x.to_bits()),
            Value::Str(s) => Const::Str(self.string(s)),
            Value::Tuple(t) => {
                unshared(Rc::strong_count(t), v)?;
                Const::Tuple(t.iter().map(|v| self.konst(v)).collect::<Result<_, _>>()?)
            }
            other => return Err(format!("a constant the image cannot hold: {other:?}")),
        })
    }

    fn code(&mut self, c: &'c Code) -> Result<FrozenCode, String> {
        // every field named, so that a new one cannot be forgotten here
        let Code {
            name,
            qualname,
            filename,
            kind,
            first_line,
            instrs,
            lines,
            consts,
            names,
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
            handlers,
            max_stack,
            children,
            docstring,
            runtime: _,
        } = c;
        if &**filename != self.filename {
            return Err(format!(
                "code of file {filename} in module file {}",
                self.filename
            ));
        }
        Ok(FrozenCode {
            name: self.string(name),
            qualname: self.string(qualname),
            kind: *kind,
            first_line: *first_line,
            instrs: instrs.clone(),
            lines: lines.clone(),
            consts: consts
                .iter()
                .map(|v| self.konst(v))
                .collect::<Result<_, _>>()?,
            names: self.strings(names),
            varnames: self.strings(varnames),
            cellvars: self.strings(cellvars),
            freevars: self.strings(freevars),
            cell_args: cell_args.clone(),
            argcount: *argcount,
            posonlyargcount: *posonlyargcount,
            kwonlyargcount: *kwonlyargcount,
            varargs: *varargs,
            varkeywords: *varkeywords,
            is_generator: *is_generator,
            handlers: handlers.clone(),
            max_stack: *max_stack,
            children: children
                .iter()
                .map(|c| self.code(c))
                .collect::<Result<_, _>>()?,
            docstring: docstring.as_ref().map(|d| self.string(d)),
        })
    }
}

struct Decoder {
    strings: Vec<Rc<PyStr>>,
    filename: Rc<str>,
}

impl Decoder {
    fn string(&self, i: u32) -> Option<Rc<PyStr>> {
        self.strings.get(i as usize).cloned()
    }

    fn strings(&self, v: Vec<u32>) -> Option<Vec<Rc<PyStr>>> {
        v.into_iter().map(|i| self.string(i)).collect()
    }

    fn konst(&self, c: Const) -> Option<Value> {
        Some(match c {
            Const::None => Value::None,
            Const::Ellipsis => Value::Ellipsis,
            Const::Bool(b) => Value::Bool(b),
            Const::Int(i) => Value::Int(i),
            Const::Big(b) => Value::from_bigint(BigInt::from_signed_bytes_le(&b)),
            Const::Float(bits) => Value::Float(f64::from_bits(bits)),
            Const::Str(i) => Value::Str(self.string(i)?),
            Const::Tuple(t) => Value::tuple(
                t.into_iter()
                    .map(|c| self.konst(c))
                    .collect::<Option<_>>()?,
            ),
        })
    }

    fn code(&self, f: FrozenCode) -> Option<Rc<Code>> {
        Some(Rc::new(Code {
            name: self.string(f.name)?,
            qualname: self.string(f.qualname)?,
            filename: self.filename.clone(),
            kind: f.kind,
            first_line: f.first_line,
            instrs: f.instrs,
            lines: f.lines,
            consts: f
                .consts
                .into_iter()
                .map(|c| self.konst(c))
                .collect::<Option<_>>()?,
            names: self.strings(f.names)?,
            varnames: self.strings(f.varnames)?,
            cellvars: self.strings(f.cellvars)?,
            freevars: self.strings(f.freevars)?,
            cell_args: f.cell_args,
            argcount: f.argcount,
            posonlyargcount: f.posonlyargcount,
            kwonlyargcount: f.kwonlyargcount,
            varargs: f.varargs,
            varkeywords: f.varkeywords,
            is_generator: f.is_generator,
            handlers: f.handlers,
            max_stack: f.max_stack,
            children: f
                .children
                .into_iter()
                .map(|c| self.code(c))
                .collect::<Option<_>>()?,
            docstring: match f.docstring {
                Some(d) => Some(self.string(d)?),
                None => None,
            },
            runtime: Default::default(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module whose code refers to strings its table lacks decodes to nothing.
    #[test]
    fn a_string_index_out_of_the_table_is_refused() {
        let code = crate::lang::compile_source("def f(a):\n    return a\n", "m.py").unwrap();
        let bytes = encode(&code, "m.py").unwrap();
        let (mut m, _): (FrozenModule, _) = postcard::take_from_bytes(&bytes).unwrap();
        assert!(decode(&postcard::to_allocvec(&m).unwrap(), "m.py").is_some());
        let n = m.ends.len() as u32;
        m.code.children[0].varnames[0] = n;
        assert!(decode(&postcard::to_allocvec(&m).unwrap(), "m.py").is_none());
        m.code.children[0].varnames[0] = 0;
        m.code.consts.push(Const::Tuple(vec![Const::Str(n + 7)]));
        assert!(decode(&postcard::to_allocvec(&m).unwrap(), "m.py").is_none());
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

//! The frozen library: bundled modules compiled ahead of time (docs/frozen.md).
//!
//! An image is a header (a magic string and the front end's fingerprint, which `build.rs`
//! computes from `src/lang/` and the parser's version) and one entry per module: its name, a
//! hash of the source it was compiled from, and its code object's bytes (plus a hash of those
//! bytes). Loading a module checks all three, so an edited source, another front end or a
//! damaged image means "not frozen" and the caller compiles the source instead.
//!
//! A code object's bytes are written by hand (varints, `codec.rs`), straight
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

mod codec;

use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::bytecode::Code;
use codec::{decodes_throughout, Decoder, Encoder, Reader, Strings, Writer};
pub use codec::{packed_loc, LazyBody};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::bytecode::Locs;

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

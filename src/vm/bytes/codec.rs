//! Text codecs: `bytes.decode`, `str.encode` and the text files' encodings. UTF-8, ASCII and
//! Latin-1 under their CPython names and aliases, with the error handlers `strict`,
//! `replace`, `ignore`, `backslashreplace` (and `xmlcharrefreplace` when encoding), and
//! CPython's `UnicodeDecodeError`/`UnicodeEncodeError` with their messages and attributes.

use std::rc::Rc;

use super::{bytes_of, new_bytes};
use crate::vm::exc::new_exception;
use crate::vm::object::{Class, Instance};
use crate::vm::types::add_method;
use crate::vm::value::Value;
use crate::vm::{PyErr, PyResult, Vm};

/// An encoding gilsim knows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Enc {
    Utf8,
    Ascii,
    Latin1,
}

impl Enc {
    /// The codec's own name, as its errors give it.
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Ascii => "ascii",
            Enc::Latin1 => "latin-1",
        }
    }

    /// The encoding called `name`, by CPython's normalisation and aliases.
    pub fn lookup(name: &str) -> Option<Enc> {
        let norm: String = name
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Some(match norm.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => Enc::Utf8,
            "ascii" | "646" | "us_ascii" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968"
            | "ansi_x3.4_1986" | "cp367" | "csascii" | "ibm367" | "iso646_us"
            | "iso_646.irv_1991" | "iso_ir_6" => Enc::Ascii,
            "latin_1" | "latin1" | "latin" | "l1" | "8859" | "cp819" | "csisolatin1" | "ibm819"
            | "iso8859" | "iso8859_1" | "iso_8859_1" | "iso_8859_1_1987" | "iso_ir_100" => {
                Enc::Latin1
            }
            _ => return None,
        })
    }

    /// The byte length of `s` in this encoding, for text known to encode (positions of
    /// text files).
    pub fn byte_len(self, s: &str) -> usize {
        match self {
            Enc::Utf8 => s.len(),
            Enc::Ascii | Enc::Latin1 => s.chars().count(),
        }
    }
}

/// `LookupError: unknown encoding: NAME`.
pub fn unknown_encoding(vm: &Vm, name: &str) -> PyErr {
    vm.new_error(
        &vm.t().exc.lookup_error.clone(),
        format!("unknown encoding: {name}"),
    )
}

/// `LookupError: unknown error handler name 'NAME'`.
fn unknown_handler(vm: &Vm, name: &str) -> PyErr {
    vm.new_error(
        &vm.t().exc.lookup_error.clone(),
        format!("unknown error handler name '{name}'"),
    )
}

/// A `str` argument of `fname` called `what`, or CPython's clinic error.
fn str_param(vm: &Vm, fname: &str, what: &str, v: Option<&Value>) -> PyResult<Option<String>> {
    match v {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.as_str().to_string())),
        Some(v) => match crate::vm::methods::str::as_pystr(v) {
            Some(s) => Ok(Some(s.as_str().to_string())),
            None => Err(vm.type_error(format!(
                "{fname}() argument '{what}' must be str, not {}",
                vm.type_of(v).name().as_str()
            ))),
        },
    }
}

/// The encoding and error handler arguments, checked.
fn codec_args(
    vm: &Vm,
    fname: &str,
    encoding: Option<&Value>,
    errors: Option<&Value>,
) -> PyResult<(Enc, String)> {
    let enc = str_param(vm, fname, "encoding", encoding)?;
    let errors = str_param(vm, fname, "errors", errors)?.unwrap_or_else(|| "strict".into());
    let enc = match enc {
        None => Enc::Utf8,
        Some(name) => Enc::lookup(&name).ok_or_else(|| unknown_encoding(vm, &name))?,
    };
    Ok((enc, errors))
}

/// `bytes.decode(encoding, errors)` and `str(b, encoding)`.
pub fn decode_bytes(
    vm: &mut Vm,
    data: &[u8],
    encoding: Option<&Value>,
    errors: Option<&Value>,
    fname: &str,
) -> PyResult {
    let (enc, errors) = codec_args(vm, fname, encoding, errors)?;
    vm.charge(data.len() as u64 / 32 + 1);
    Ok(Value::str(decode(vm, enc, &errors, data, 0..data.len())?))
}

/// `str.encode(encoding, errors)` and `bytes(s, encoding, errors)`.
pub fn encode_str(
    vm: &mut Vm,
    s: &str,
    encoding: Option<&Value>,
    errors: Option<&Value>,
    fname: &str,
) -> PyResult {
    let (enc, errors) = codec_args(vm, fname, encoding, errors)?;
    vm.charge(s.len() as u64 / 32 + 1);
    Ok(new_bytes(encode(vm, enc, &errors, s)?))
}

/// Decode `object[range]`; an error names `object` and positions in it.
pub fn decode(
    vm: &mut Vm,
    enc: Enc,
    errors: &str,
    object: &[u8],
    range: std::ops::Range<usize>,
) -> PyResult<String> {
    let base = range.start;
    let data = &object[range];
    match enc {
        Enc::Latin1 => Ok(data.iter().map(|&b| b as char).collect()),
        Enc::Ascii => {
            if data.is_ascii() {
                // SAFETY-free: ASCII is valid UTF-8
                return Ok(String::from_utf8_lossy(data).into_owned());
            }
            let mut out = String::with_capacity(data.len());
            for (i, &b) in data.iter().enumerate() {
                if b < 0x80 {
                    out.push(b as char);
                    continue;
                }
                let bad = &[b][..];
                handle_decode_error(
                    vm,
                    enc,
                    errors,
                    object,
                    base + i,
                    base + i + 1,
                    bad,
                    &mut out,
                    "ordinal not in range(128)",
                )?;
            }
            Ok(out)
        }
        Enc::Utf8 => {
            let mut out = String::with_capacity(data.len());
            let mut rest = data;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(s) => {
                        out.push_str(s);
                        return Ok(out);
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        // SAFETY-free: the prefix up to `valid_up_to` is valid UTF-8
                        out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                        let at = data.len() - rest.len() + good;
                        let (n, reason) = match e.error_len() {
                            None => (rest.len() - good, "unexpected end of data"),
                            Some(n) => {
                                let lead = rest[good];
                                let valid_lead = matches!(lead, 0xc2..=0xf4);
                                (
                                    n,
                                    if valid_lead {
                                        "invalid continuation byte"
                                    } else {
                                        "invalid start byte"
                                    },
                                )
                            }
                        };
                        let bad = &rest[good..good + n];
                        handle_decode_error(
                            vm,
                            enc,
                            errors,
                            object,
                            base + at,
                            base + at + n,
                            bad,
                            &mut out,
                            reason,
                        )?;
                        rest = &rest[good + n..];
                    }
                }
            }
        }
    }
}

/// Decode a chunk of a text file: all of `data` when `last`, else all but an incomplete
/// character at its end, whose bytes are left for the next chunk. Returns the text and the
/// bytes it used.
pub fn decode_chunk(
    vm: &mut Vm,
    enc: Enc,
    errors: &str,
    data: &[u8],
    last: bool,
) -> PyResult<(String, usize)> {
    let len = data.len();
    let cut = if last || enc != Enc::Utf8 {
        len
    } else {
        (1..=3.min(len))
            .map(|k| len - k)
            .find(|&s| {
                matches!(std::str::from_utf8(&data[s..]),
                    Err(e) if e.valid_up_to() == 0 && e.error_len().is_none())
            })
            .unwrap_or(len)
    };
    Ok((decode(vm, enc, errors, data, 0..cut)?, cut))
}

/// Apply the error handler to undecodable `bad` bytes at `start..end` of `object`.
#[allow(clippy::too_many_arguments)]
fn handle_decode_error(
    vm: &mut Vm,
    enc: Enc,
    errors: &str,
    object: &[u8],
    start: usize,
    end: usize,
    bad: &[u8],
    out: &mut String,
    reason: &str,
) -> PyResult<()> {
    match errors {
        "strict" => Err(decode_error(vm, enc.name(), object, start, end, reason)),
        "replace" => {
            out.push('\u{fffd}');
            Ok(())
        }
        "ignore" => Ok(()),
        "backslashreplace" => {
            for b in bad {
                out.push_str(&format!("\\x{b:02x}"));
            }
            Ok(())
        }
        other => Err(unknown_handler(vm, other)),
    }
}

/// Encode `s`.
pub fn encode(vm: &mut Vm, enc: Enc, errors: &str, s: &str) -> PyResult<Vec<u8>> {
    let limit: u32 = match enc {
        Enc::Utf8 => return Ok(s.as_bytes().to_vec()),
        Enc::Ascii => 0x80,
        Enc::Latin1 => 0x100,
    };
    if s.is_ascii() {
        return Ok(s.as_bytes().to_vec());
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        // CPython takes the whole run of unencodable characters at once
        let mut j = i;
        while j < chars.len() && chars[j] as u32 >= limit {
            j += 1;
        }
        let reason = if limit == 0x80 {
            "ordinal not in range(128)"
        } else {
            "ordinal not in range(256)"
        };
        match errors {
            "strict" => return Err(encode_error(vm, enc.name(), s, i, j, reason)),
            "replace" => out.extend(std::iter::repeat_n(b'?', j - i)),
            "ignore" => {}
            "backslashreplace" => {
                for &c in &chars[i..j] {
                    out.extend_from_slice(escape_char(c).as_bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &c in &chars[i..j] {
                    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
                }
            }
            other => return Err(unknown_handler(vm, other)),
        }
        i = j;
    }
    Ok(out)
}

/// `\xe9`, `\u20ac`, `\U0001f600`: a character as CPython's error messages write it.
fn escape_char(c: char) -> String {
    let n = c as u32;
    if n < 0x100 {
        format!("\\x{n:02x}")
    } else if n < 0x10000 {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

/// The builtin exception class named `name`.
fn exc_class(vm: &Vm, name: &str) -> Rc<Class> {
    crate::vm::files::oserror::builtin_exception(vm, name)
}

/// Set the attributes of a `UnicodeDecodeError`/`UnicodeEncodeError` from its five args.
pub fn set_unicode_attrs(inst: &Instance, args: &[Value]) {
    if args.len() == 5 {
        for (name, v) in ["encoding", "object", "start", "end", "reason"]
            .into_iter()
            .zip(args)
        {
            inst.set_attr_str(name, v.clone());
        }
    }
}

/// A new exception of `cls` with five args and their attributes.
fn unicode_exc(cls: &Rc<Class>, args: Vec<Value>) -> PyErr {
    let exc = new_exception(cls, args.clone());
    if let Value::Inst(i) = &exc {
        set_unicode_attrs(i, &args);
    }
    PyErr { exc }
}

/// `UnicodeDecodeError(encoding, object, start, end, reason)`.
pub fn decode_error(
    vm: &Vm,
    enc: &str,
    object: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    unicode_exc(
        &exc_class(vm, "UnicodeDecodeError"),
        vec![
            Value::str(enc),
            new_bytes(object),
            Value::Int(start as i64),
            Value::Int(end as i64),
            Value::str(reason),
        ],
    )
}

/// `UnicodeEncodeError(encoding, object, start, end, reason)`.
fn encode_error(vm: &Vm, enc: &str, object: &str, start: usize, end: usize, reason: &str) -> PyErr {
    unicode_exc(
        &exc_class(vm, "UnicodeEncodeError"),
        vec![
            Value::str(enc),
            Value::str(object),
            Value::Int(start as i64),
            Value::Int(end as i64),
            Value::str(reason),
        ],
    )
}

/// The attributes `encoding`, `object`, `start`, `end`, `reason` of a Unicode error.
type UnicodeFields = (String, Value, i64, i64, String);

/// The [`UnicodeFields`] of `e`, if it has them all.
fn unicode_fields(vm: &mut Vm, e: &Value) -> PyResult<Option<UnicodeFields>> {
    let Value::Inst(i) = e else { return Ok(None) };
    let get = |n: &str| i.get_attr_str(n);
    let (Some(enc), Some(obj), Some(s), Some(en), Some(r)) = (
        get("encoding"),
        get("object"),
        get("start"),
        get("end"),
        get("reason"),
    ) else {
        return Ok(None);
    };
    let enc = vm.to_str(&enc)?.as_str().to_string();
    let r = vm.to_str(&r)?.as_str().to_string();
    Ok(Some((enc, obj, vm.index_of(&s)?, vm.index_of(&en)?, r)))
}

/// `UnicodeDecodeError.__str__`.
fn decode_error_str(vm: &mut Vm, args: &[Value], _kw: crate::vm::call::Kwargs) -> PyResult {
    let Some(e) = args.first() else {
        return Ok(Value::str(""));
    };
    let Some((enc, obj, start, end, reason)) = unicode_fields(vm, e)? else {
        return crate::vm::construct::exc_str_default(vm, e);
    };
    let data = bytes_of(&obj).unwrap_or_else(|| Rc::from(&b""[..]));
    let s = if end == start + 1 && (start as usize) < data.len() && start >= 0 {
        format!(
            "'{enc}' codec can't decode byte 0x{:02x} in position {start}: {reason}",
            data[start as usize]
        )
    } else {
        format!(
            "'{enc}' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )
    };
    Ok(Value::str(s))
}

/// `UnicodeEncodeError.__str__`.
fn encode_error_str(vm: &mut Vm, args: &[Value], _kw: crate::vm::call::Kwargs) -> PyResult {
    let Some(e) = args.first() else {
        return Ok(Value::str(""));
    };
    let Some((enc, obj, start, end, reason)) = unicode_fields(vm, e)? else {
        return crate::vm::construct::exc_str_default(vm, e);
    };
    let c = obj
        .as_str()
        .and_then(|s| s.chars().nth(start.max(0) as usize));
    let s = match c {
        Some(c) if end == start + 1 => format!(
            "'{enc}' codec can't encode character '{}' in position {start}: {reason}",
            escape_char(c)
        ),
        _ => format!(
            "'{enc}' codec can't encode characters in position {start}-{}: {reason}",
            end - 1
        ),
    };
    Ok(Value::str(s))
}

/// `str(object, encoding='utf-8', errors='strict')`: the bytes decoded.
pub fn str_of_bytes(vm: &mut Vm, args: &[Value], kw: crate::vm::call::Kwargs) -> PyResult {
    let a = crate::vm::methods::clinic(
        vm,
        "str",
        &[&[Value::None][..], args].concat(),
        kw,
        &["object", "encoding", "errors"],
        0,
    )?;
    // the arguments' types are checked before the object's
    let enc = str_param(vm, "str", "encoding", a[1].as_ref())?;
    str_param(vm, "str", "errors", a[2].as_ref())?;
    let obj = a[0].clone().unwrap_or_else(|| new_bytes(Vec::new()));
    let Some(data) = bytes_of(&obj) else {
        if let Value::Str(_) = obj {
            return Err(vm.type_error("decoding str is not supported"));
        }
        return Err(vm.type_error(format!(
            "decoding to str: need a bytes-like object, {} found",
            vm.type_of(&obj).name().as_str()
        )));
    };
    let enc = enc.map(Value::str);
    decode_bytes(vm, &data, enc.as_ref(), a[2].as_ref(), "str")
}

/// `str.encode(encoding='utf-8', errors='strict')`.
fn str_encode(vm: &mut Vm, args: &[Value], kw: crate::vm::call::Kwargs) -> PyResult {
    let s = crate::vm::methods::str::this(vm, args, "encode")?;
    let a = crate::vm::methods::clinic(vm, "encode", args, kw, &["encoding", "errors"], 0)?;
    encode_str(vm, s.as_str(), a[0].as_ref(), a[1].as_ref(), "encode")
}

/// Register `str.encode` and the Unicode errors' `__str__`.
pub fn install(t: &crate::vm::types::Types) {
    add_method(&t.str, "encode", str_encode);
    for c in &t.exc.all {
        match c.name().as_str() {
            "UnicodeDecodeError" => add_method(c, "__str__", decode_error_str),
            "UnicodeEncodeError" => add_method(c, "__str__", encode_error_str),
            _ => {}
        }
    }
}

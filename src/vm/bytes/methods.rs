//! The named methods of `bytes`: searching, splitting and joining, stripping, case mapping,
//! predicates, `hex` and `fromhex`. Whitespace and letters are ASCII's, as for CPython's
//! `bytes`.

use std::rc::Rc;

use super::{bytes_of, new_bytes, this, type_name};
use crate::vm::methods::{adjust_indices, clinic, no_args, opt_slice_index, parse_tuple, Kw};
use crate::vm::object::{Builtin, Class, ClassMethod};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// What `find`, `count`, `in` and friends look for: one byte (an int) or a run of bytes.
pub(super) enum Sub {
    Byte(u8),
    Bytes(Rc<[u8]>),
}

impl Sub {
    fn as_slice(&self) -> &[u8] {
        match self {
            Sub::Byte(b) => std::slice::from_ref(b),
            Sub::Bytes(s) => s,
        }
    }
}

/// The `sub` argument of `find` and friends (`in` when `for_in`, whose message differs).
pub(super) fn sub_arg(vm: &mut Vm, v: &Value, for_in: bool) -> PyResult<Sub> {
    if let Some(b) = bytes_of(v) {
        return Ok(Sub::Bytes(b));
    }
    let is_int = matches!(v, Value::Int(_) | Value::Bool(_) | Value::Big(_))
        || (matches!(v, Value::Inst(_)) && vm.lookup_special_opt(v, "__index__")?.is_some());
    if is_int {
        let n = match v {
            Value::Big(_) => -1,
            _ => vm.index_of(v)?,
        };
        return u8::try_from(n)
            .map(Sub::Byte)
            .map_err(|_| vm.value_error("byte must be in range(0, 256)"));
    }
    Err(vm.type_error(if for_in {
        format!(
            "a bytes-like object is required, not '{}'",
            type_name(vm, v)
        )
    } else {
        format!(
            "argument should be integer or bytes-like object, not '{}'",
            type_name(vm, v)
        )
    }))
}

/// A bytes-like argument or `a bytes-like object is required, not 'str'`.
fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Rc<[u8]>> {
    bytes_of(v).ok_or_else(|| {
        vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(vm, v)
        ))
    })
}

/// The first index of `needle` in `hay` at or after `from`.
pub(super) fn find_in(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    if needle.is_empty() {
        return Some(from);
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The last index of `needle` in `hay[..end]`.
fn rfind_in(hay: &[u8], needle: &[u8], end: usize) -> Option<usize> {
    let hay = &hay[..end.min(hay.len())];
    if needle.is_empty() {
        return Some(hay.len());
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Charge for scanning `n` bytes.
fn charge(vm: &mut Vm, n: usize) {
    vm.charge(n as u64 / 32 + 1);
}

/// `(sub[, start[, end]])` of `find`, `index`, `count` and their `r` forms: the needle and
/// the window `start..end` clamped to the data.
fn search_args(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: Kw,
    len: usize,
) -> PyResult<(Sub, usize, usize)> {
    let rest = parse_tuple(vm, name, args, kw, 1, 3)?;
    let sub = sub_arg(vm, &rest[0], false)?;
    let start = opt_slice_index(vm, rest.get(1))?;
    let end = opt_slice_index(vm, rest.get(2))?;
    let (s, e) = adjust_indices(start, end, len);
    Ok((sub, s as usize, e.max(0) as usize))
}

/// `find`/`rfind`: the index or -1.
fn search(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, rev: bool) -> PyResult<i64> {
    let data = this(vm, args, name)?;
    let (sub, s, e) = search_args(vm, name, args, kw, data.len())?;
    charge(vm, data.len());
    let needle = sub.as_slice();
    if s > data.len() || s > e || e - s < needle.len() {
        return Ok(-1);
    }
    let window = &data[..e];
    let found = if rev {
        rfind_in(&window[s..], needle, e - s).map(|i| i + s)
    } else {
        find_in(window, needle, s)
    };
    Ok(found.map_or(-1, |i| i as i64))
}

fn find(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    search(vm, args, kw, "find", false).map(Value::Int)
}

fn rfind(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    search(vm, args, kw, "rfind", true).map(Value::Int)
}

fn index(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    match search(vm, args, kw, "index", false)? {
        -1 => Err(vm.value_error("subsection not found")),
        i => Ok(Value::Int(i)),
    }
}

fn rindex(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    match search(vm, args, kw, "rindex", true)? {
        -1 => Err(vm.value_error("subsection not found")),
        i => Ok(Value::Int(i)),
    }
}

fn count(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let data = this(vm, args, "count")?;
    let (sub, s, e) = search_args(vm, "count", args, kw, data.len())?;
    charge(vm, data.len());
    if s > data.len() || s > e {
        return Ok(Value::Int(0));
    }
    let window = &data[s..e];
    let needle = sub.as_slice();
    if needle.is_empty() {
        return Ok(Value::Int(window.len() as i64 + 1));
    }
    let (mut n, mut i) = (0, 0);
    while let Some(j) = find_in(window, needle, i) {
        n += 1;
        i = j + needle.len();
    }
    Ok(Value::Int(n))
}

/// `startswith`/`endswith`.
fn starts_ends(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, end: bool) -> PyResult {
    let data = this(vm, args, name)?;
    let rest = parse_tuple(vm, name, args, kw, 1, 3)?;
    let start = opt_slice_index(vm, rest.get(1))?;
    let stop = opt_slice_index(vm, rest.get(2))?;
    let (s, e) = adjust_indices(start, stop, data.len());
    let candidates: Vec<Value> = match &rest[0] {
        Value::Tuple(t) => t.to_vec(),
        v if bytes_of(v).is_some() => vec![v.clone()],
        v => {
            return Err(vm.type_error(format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                type_name(vm, v)
            )))
        }
    };
    for c in &candidates {
        let p = bytes_arg(vm, c)?;
        if s > data.len() as i64 || s > e {
            continue;
        }
        let window = &data[s as usize..e as usize];
        let hit = if end {
            window.ends_with(&p)
        } else {
            window.starts_with(&p)
        };
        if hit {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn startswith(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    starts_ends(vm, args, kw, "startswith", false)
}

fn endswith(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    starts_ends(vm, args, kw, "endswith", true)
}

fn replace(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let data = this(vm, args, "replace")?;
    let rest = crate::vm::methods::unpack(vm, "replace", args, kw, 2, 3)?;
    let old = bytes_arg(vm, &rest[0])?;
    let new = bytes_arg(vm, &rest[1])?;
    let max = match rest.get(2) {
        Some(v) => vm.index_of(v)?,
        None => -1,
    };
    let max = if max < 0 { usize::MAX } else { max as usize };
    charge(vm, data.len());
    let mut out = Vec::with_capacity(data.len());
    let mut done = 0;
    if old.is_empty() {
        // an empty pattern matches between every two bytes and at both ends
        for (i, &b) in data.iter().enumerate() {
            if done < max {
                out.extend_from_slice(&new);
                done += 1;
            }
            out.push(b);
            let _ = i;
        }
        if done < max {
            out.extend_from_slice(&new);
        }
        return Ok(new_bytes(out));
    }
    let mut i = 0;
    while done < max {
        match find_in(&data, &old, i) {
            Some(j) => {
                out.extend_from_slice(&data[i..j]);
                out.extend_from_slice(&new);
                i = j + old.len();
                done += 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(&data[i..]);
    Ok(new_bytes(out))
}

/// ASCII whitespace as `bytes.split()` and `strip()` see it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// `(sep=None, maxsplit=-1)` of `split` and `rsplit`.
fn split_args(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: Kw,
) -> PyResult<(Option<Rc<[u8]>>, usize)> {
    let a = clinic(vm, name, args, kw, &["sep", "maxsplit"], 0)?;
    let sep = match &a[0] {
        None | Some(Value::None) => None,
        Some(v) => {
            let s = bytes_arg(vm, v)?;
            if s.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            Some(s)
        }
    };
    let max = match &a[1] {
        None => -1,
        Some(v) => vm.index_of(v)?,
    };
    Ok((sep, if max < 0 { usize::MAX } else { max as usize }))
}

fn split(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let data = this(vm, args, "split")?;
    let (sep, max) = split_args(vm, "split", args, kw)?;
    charge(vm, data.len());
    let mut parts: Vec<&[u8]> = vec![];
    match sep {
        Some(sep) => {
            let mut i = 0;
            while parts.len() < max {
                match find_in(&data, &sep, i) {
                    Some(j) => {
                        parts.push(&data[i..j]);
                        i = j + sep.len();
                    }
                    None => break,
                }
            }
            parts.push(&data[i..]);
            Ok(Value::list(parts.into_iter().map(new_bytes).collect()))
        }
        None => {
            let mut i = 0;
            let n = data.len();
            loop {
                while i < n && is_space(data[i]) {
                    i += 1;
                }
                if i == n {
                    break;
                }
                if parts.len() == max {
                    parts.push(&data[i..]);
                    break;
                }
                let s = i;
                while i < n && !is_space(data[i]) {
                    i += 1;
                }
                parts.push(&data[s..i]);
            }
            Ok(Value::list(parts.into_iter().map(new_bytes).collect()))
        }
    }
}

fn rsplit(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let data = this(vm, args, "rsplit")?;
    let (sep, max) = split_args(vm, "rsplit", args, kw)?;
    charge(vm, data.len());
    let mut parts: Vec<&[u8]> = vec![];
    match sep {
        Some(sep) => {
            let mut end = data.len();
            while parts.len() < max {
                match rfind_in(&data, &sep, end) {
                    Some(j) => {
                        parts.push(&data[j + sep.len()..end]);
                        end = j;
                    }
                    None => break,
                }
            }
            parts.push(&data[..end]);
        }
        None => {
            let mut e = data.len();
            loop {
                while e > 0 && is_space(data[e - 1]) {
                    e -= 1;
                }
                if e == 0 {
                    break;
                }
                if parts.len() == max {
                    parts.push(&data[..e]);
                    break;
                }
                let stop = e;
                while e > 0 && !is_space(data[e - 1]) {
                    e -= 1;
                }
                parts.push(&data[e..stop]);
            }
        }
    }
    parts.reverse();
    Ok(Value::list(parts.into_iter().map(new_bytes).collect()))
}

fn join(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let data = this(vm, args, "join")?;
    let it = crate::vm::methods::one_arg(vm, "bytes.join", args, kw)?;
    let items = vm.collect(&it)?;
    let mut out = Vec::new();
    for (i, x) in items.iter().enumerate() {
        let Some(b) = bytes_of(x) else {
            return Err(vm.type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                type_name(vm, x)
            )));
        };
        if i > 0 {
            out.extend_from_slice(&data);
        }
        out.extend_from_slice(&b);
    }
    charge(vm, out.len());
    Ok(new_bytes(out))
}

/// `strip`, `lstrip`, `rstrip`: which ends to strip of what.
fn strip_with(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    name: &str,
    left: bool,
    right: bool,
) -> PyResult {
    let data = this(vm, args, name)?;
    let rest = crate::vm::methods::unpack(vm, name, args, kw, 0, 1)?;
    let chars = match rest.first() {
        None | Some(Value::None) => None,
        Some(v) => Some(bytes_arg(vm, v)?),
    };
    let strip = |b: u8| match &chars {
        Some(c) => c.contains(&b),
        None => is_space(b),
    };
    let (mut s, mut e) = (0, data.len());
    if left {
        while s < e && strip(data[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && strip(data[e - 1]) {
            e -= 1;
        }
    }
    charge(vm, data.len());
    Ok(new_bytes(&data[s..e]))
}

fn strip(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    strip_with(vm, args, kw, "strip", true, true)
}

fn lstrip(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    strip_with(vm, args, kw, "lstrip", true, false)
}

fn rstrip(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    strip_with(vm, args, kw, "rstrip", false, true)
}

/// A method of no arguments mapping each byte.
fn map_bytes(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, f: fn(u8) -> u8) -> PyResult {
    no_args(vm, &format!("bytes.{name}"), args, kw)?;
    let data = this(vm, args, name)?;
    charge(vm, data.len());
    Ok(new_bytes(data.iter().map(|&b| f(b)).collect::<Vec<u8>>()))
}

fn upper(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    map_bytes(vm, args, kw, "upper", |b| b.to_ascii_uppercase())
}

fn lower(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    map_bytes(vm, args, kw, "lower", |b| b.to_ascii_lowercase())
}

fn swapcase(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    map_bytes(vm, args, kw, "swapcase", |b| {
        if b.is_ascii_lowercase() {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        }
    })
}

/// A predicate over every byte (false for empty bytes).
fn all_bytes(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, f: fn(u8) -> bool) -> PyResult {
    no_args(vm, &format!("bytes.{name}"), args, kw)?;
    let data = this(vm, args, name)?;
    charge(vm, data.len());
    Ok(Value::Bool(!data.is_empty() && data.iter().all(|&b| f(b))))
}

fn isdigit(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    all_bytes(vm, args, kw, "isdigit", |b| b.is_ascii_digit())
}

fn isalpha(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    all_bytes(vm, args, kw, "isalpha", |b| b.is_ascii_alphabetic())
}

fn isalnum(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    all_bytes(vm, args, kw, "isalnum", |b| b.is_ascii_alphanumeric())
}

fn isspace(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    all_bytes(vm, args, kw, "isspace", is_space)
}

fn isascii(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    no_args(vm, "bytes.isascii", args, kw)?;
    let data = this(vm, args, "isascii")?;
    Ok(Value::Bool(data.is_ascii()))
}

/// `isupper`/`islower`: some cased byte, and none of the other case.
fn cased(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, upper: bool) -> PyResult {
    no_args(vm, &format!("bytes.{name}"), args, kw)?;
    let data = this(vm, args, name)?;
    let (mut up, mut low) = (false, false);
    for &b in data.iter() {
        up |= b.is_ascii_uppercase();
        low |= b.is_ascii_lowercase();
    }
    Ok(Value::Bool(if upper { up && !low } else { low && !up }))
}

fn isupper(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    cased(vm, args, kw, "isupper", true)
}

fn islower(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    cased(vm, args, kw, "islower", false)
}

fn splitlines(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let data = this(vm, args, "splitlines")?;
    let a = clinic(vm, "splitlines", args, kw, &["keepends"], 0)?;
    let keep = match &a[0] {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    charge(vm, data.len());
    let mut out = vec![];
    let (mut i, n) = (0, data.len());
    while i < n {
        let s = i;
        while i < n && data[i] != b'\n' && data[i] != b'\r' {
            i += 1;
        }
        let e = i;
        if i < n {
            if data[i] == b'\r' && i + 1 < n && data[i + 1] == b'\n' {
                i += 2;
            } else {
                i += 1;
            }
        }
        out.push(new_bytes(&data[s..if keep { i } else { e }]));
    }
    Ok(Value::list(out))
}

/// `partition`/`rpartition`.
fn partition_with(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, rev: bool) -> PyResult {
    let data = this(vm, args, name)?;
    let sep = crate::vm::methods::one_arg(vm, &format!("bytes.{name}"), args, kw)?;
    let sep = bytes_arg(vm, &sep)?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    charge(vm, data.len());
    let found = if rev {
        rfind_in(&data, &sep, data.len())
    } else {
        find_in(&data, &sep, 0)
    };
    let parts: [&[u8]; 3] = match found {
        Some(i) => [&data[..i], &sep, &data[i + sep.len()..]],
        None if rev => [b"", b"", &data],
        None => [&data, b"", b""],
    };
    Ok(Value::tuple(parts.into_iter().map(new_bytes).collect()))
}

fn partition(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    partition_with(vm, args, kw, "partition", false)
}

fn rpartition(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    partition_with(vm, args, kw, "rpartition", true)
}

/// `removeprefix`/`removesuffix`.
fn remove_affix(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, suffix: bool) -> PyResult {
    let data = this(vm, args, name)?;
    let a = crate::vm::methods::one_arg(vm, &format!("bytes.{name}"), args, kw)?;
    let a = bytes_arg(vm, &a)?;
    let out: &[u8] = if suffix {
        data.strip_suffix(&a[..]).unwrap_or(&data)
    } else {
        data.strip_prefix(&a[..]).unwrap_or(&data)
    };
    Ok(new_bytes(out))
}

fn removeprefix(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    remove_affix(vm, args, kw, "removeprefix", false)
}

fn removesuffix(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    remove_affix(vm, args, kw, "removesuffix", true)
}

/// `hex(sep=..., bytes_per_sep=1)`.
fn hex(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let data = this(vm, args, "hex")?;
    let a = clinic(vm, "hex", args, kw, &["sep", "bytes_per_sep"], 0)?;
    let sep = match &a[0] {
        None => None,
        Some(Value::Str(s)) => {
            let mut cs = s.as_str().chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) if c.is_ascii() => Some(c),
                (Some(_), None) => return Err(vm.value_error("sep must be ASCII.")),
                _ => return Err(vm.value_error("sep must be length 1.")),
            }
        }
        Some(v) => match bytes_of(v) {
            Some(b) if b.len() == 1 && b[0].is_ascii() => Some(b[0] as char),
            Some(b) if b.len() == 1 => return Err(vm.value_error("sep must be ASCII.")),
            Some(_) => return Err(vm.value_error("sep must be length 1.")),
            None => {
                return Err(vm.type_error(format!(
                    "object of type '{}' has no len()",
                    type_name(vm, v)
                )))
            }
        },
    };
    let per = match &a[1] {
        None => 1,
        Some(v) => vm.index_of(v)?,
    };
    charge(vm, data.len());
    let digits: Vec<String> = data.iter().map(|b| format!("{b:02x}")).collect();
    let Some(sep) = sep.filter(|_| per != 0 && !data.is_empty()) else {
        return Ok(Value::str(digits.concat()));
    };
    let k = per.unsigned_abs() as usize;
    // groups of `k` bytes, counted from the right for a positive count, the left for negative
    let n = digits.len();
    let mut out = String::with_capacity(n * 3);
    for (i, d) in digits.iter().enumerate() {
        if i > 0 {
            let boundary = if per > 0 {
                (n - i).is_multiple_of(k)
            } else {
                i.is_multiple_of(k)
            };
            if boundary {
                out.push(sep);
            }
        }
        out.push_str(d);
    }
    Ok(Value::str(out))
}

/// `bytes.fromhex(string)`.
fn fromhex(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    // called through the classmethod: args[0] is the class
    let s = crate::vm::methods::one_arg(vm, "fromhex", args, kw)?;
    let Value::Str(s) = &s else {
        return Err(vm.type_error(format!(
            "fromhex() argument must be str, not {}",
            type_name(vm, &s)
        )));
    };
    let chars: Vec<char> = s.as_str().chars().collect();
    let mut out = Vec::with_capacity(chars.len() / 2);
    let mut i = 0;
    let bad = |vm: &Vm, at: usize| {
        vm.value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {at}"
        ))
    };
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let Some(hi) = chars[i].to_digit(16) else {
            return Err(bad(vm, i));
        };
        let Some(lo) = chars.get(i + 1).and_then(|c| c.to_digit(16)) else {
            return Err(bad(vm, i + 1));
        };
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    charge(vm, chars.len());
    Ok(new_bytes(out))
}

fn decode(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let data = this(vm, args, "decode")?;
    let a = clinic(vm, "decode", args, kw, &["encoding", "errors"], 0)?;
    super::codec::decode_bytes(vm, &data, a[0].as_ref(), a[1].as_ref(), "decode")
}

/// Register the named methods on the `bytes` class `c`.
pub(super) fn install(_t: &crate::vm::types::Types, c: &Rc<Class>) {
    let methods: &[(&'static str, crate::vm::object::NativeFn)] = &[
        ("decode", decode),
        ("hex", hex),
        ("find", find),
        ("rfind", rfind),
        ("index", index),
        ("rindex", rindex),
        ("count", count),
        ("startswith", startswith),
        ("endswith", endswith),
        ("replace", replace),
        ("split", split),
        ("rsplit", rsplit),
        ("join", join),
        ("strip", strip),
        ("lstrip", lstrip),
        ("rstrip", rstrip),
        ("upper", upper),
        ("lower", lower),
        ("swapcase", swapcase),
        ("isdigit", isdigit),
        ("isalpha", isalpha),
        ("isalnum", isalnum),
        ("isspace", isspace),
        ("isascii", isascii),
        ("isupper", isupper),
        ("islower", islower),
        ("splitlines", splitlines),
        ("partition", partition),
        ("rpartition", rpartition),
        ("removeprefix", removeprefix),
        ("removesuffix", removesuffix),
    ];
    crate::vm::types::add_methods(c, methods);
    c.dict.borrow_mut().set_str(
        "fromhex",
        Value::native(ClassMethod(Value::Builtin(Rc::new(Builtin {
            name: "fromhex",
            owner: Some("bytes"),
            f: fromhex,
            data: Value::None,
        })))),
    );
}

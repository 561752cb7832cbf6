//! Methods of `str`: splitting and joining, searching, case mapping, padding, predicates,
//! `format`/`format_map`, `maketrans`/`translate`. Indices are code points, as in Python.

use std::rc::Rc;

use crate::vm::format::is_py_space;
use crate::vm::object::{Builtin, StaticMethod};
use crate::vm::types::{add_method, Types};
use crate::vm::value::{PyStr, Value};
use crate::vm::{PyResult, Vm};

use super::strformat::{vformat, Named};
use super::strutil as u;
use super::{
    adjust_indices, clinic, int_arg, no_args, one_arg, opt_slice_index, parse_tuple, receiver,
    type_name, unpack, wrong_receiver, Kw,
};

pub use super::strformat::format_with_spec;

/// The `str` receiver of `str.meth`.
#[inline]
pub(crate) fn this(vm: &Vm, args: &[Value], meth: &str) -> PyResult<Rc<PyStr>> {
    // The common case: the builtin itself, not a subclass instance.
    if let Some(Value::Str(x)) = args.first() {
        return Ok(x.clone());
    }
    this_slow(vm, args, meth)
}

#[cold]
fn this_slow(vm: &Vm, args: &[Value], meth: &str) -> PyResult<Rc<PyStr>> {
    match receiver(vm, args, "str", meth)? {
        Value::Str(s) => Ok(s),
        _ => Err(wrong_receiver(vm, "str", meth, &args[0])),
    }
}

/// A `str` argument (str subclasses unwrapped), `None` for other types.
#[inline]
pub(crate) fn as_pystr(v: &Value) -> Option<Rc<PyStr>> {
    if let Value::Str(s) = v {
        return Some(s.clone());
    }
    match super::base_of(v) {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

/// A `str` argument or `must be str, not int`.
fn str_arg(vm: &Vm, v: &Value) -> PyResult<Rc<PyStr>> {
    as_pystr(v).ok_or_else(|| vm.type_error(format!("must be str, not {}", type_name(vm, v))))
}

/// Charge for scanning `n` bytes of text.
fn charge_bytes(vm: &mut Vm, n: usize) {
    vm.charge(n as u64 / 32 + 1);
}

// ----- splitting and joining -----

fn split_args(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kw: Kw,
) -> PyResult<(Option<Rc<PyStr>>, i64)> {
    let a = clinic(vm, name, args, kw, &["sep", "maxsplit"], 0)?;
    let sep = match &a[0] {
        None | Some(Value::None) => None,
        Some(v) => Some(as_pystr(v).ok_or_else(|| {
            vm.type_error(format!("must be str or None, not {}", type_name(vm, v)))
        })?),
    };
    let maxsplit = match &a[1] {
        None => -1,
        Some(v) => int_arg(vm, v)?,
    };
    if let Some(s) = &sep {
        if s.as_str().is_empty() {
            return Err(vm.value_error("empty separator"));
        }
    }
    Ok((sep, maxsplit))
}

fn pieces(vm: &mut Vm, v: Vec<&str>) -> Value {
    vm.charge(v.len() as u64);
    Value::list(v.into_iter().map(Value::str).collect())
}

fn split(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "split")?;
    let (sep, maxsplit) = split_args(vm, "split", args, kw)?;
    charge_bytes(vm, s.as_str().len());
    let v = match &sep {
        None => u::split_whitespace(s.as_str(), maxsplit),
        Some(p) => u::split_sep(s.as_str(), p.as_str(), maxsplit),
    };
    Ok(pieces(vm, v))
}

fn rsplit(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "rsplit")?;
    let (sep, maxsplit) = split_args(vm, "rsplit", args, kw)?;
    charge_bytes(vm, s.as_str().len());
    let v = match &sep {
        None => u::rsplit_whitespace(s.as_str(), maxsplit),
        Some(p) => u::rsplit_sep(s.as_str(), p.as_str(), maxsplit),
    };
    Ok(pieces(vm, v))
}

fn splitlines(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "splitlines")?;
    let a = clinic(vm, "splitlines", args, kw, &["keepends"], 0)?;
    let keep = match &a[0] {
        None => false,
        Some(v) => int_arg(vm, v)? != 0,
    };
    charge_bytes(vm, s.as_str().len());
    let v = u::splitlines(s.as_str(), keep);
    Ok(pieces(vm, v))
}

fn join(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let sep = this(vm, args, "join")?;
    let it = one_arg(vm, "str.join", args, kw)?;
    // A list or tuple of plain strs (no Python code runs while it is read): joined in place.
    let direct = |items: &[Value]| -> Option<String> {
        let mut total = 0;
        for x in items {
            total += x.as_str()?.len();
        }
        let sep = sep.as_str();
        let mut out = String::with_capacity(total + sep.len() * items.len().saturating_sub(1));
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(x.as_str().unwrap_or(""));
        }
        Some(out)
    };
    let joined = match &it {
        Value::List(l) => {
            let l = l.borrow();
            direct(&l).map(|s| (s, l.len()))
        }
        Value::Tuple(t) => direct(t).map(|s| (s, t.len())),
        _ => None,
    };
    if let Some((out, n)) = joined {
        vm.charge(n as u64 + out.len() as u64 / 32);
        return Ok(Value::str(out));
    }
    let items = match &it {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => (**t).clone(),
        _ => {
            let iter = match vm.iter(&it) {
                Ok(i) => i,
                Err(e) if e.matches(&vm.t().exc.type_error.clone()) => {
                    return Err(vm.type_error("can only join an iterable"))
                }
                Err(e) => return Err(e),
            };
            let mut v = vec![];
            while let Some(x) = vm.next(&iter)? {
                v.push(x);
            }
            v
        }
    };
    let mut total = 0;
    let mut strs = Vec::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        match as_pystr(x) {
            Some(s) => {
                total += s.as_str().len();
                strs.push(s);
            }
            None => {
                return Err(vm.type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    type_name(vm, x)
                )))
            }
        }
    }
    let sep = sep.as_str();
    let mut out = String::with_capacity(total + sep.len() * strs.len());
    for (i, s) in strs.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s.as_str());
    }
    vm.charge(strs.len() as u64 + out.len() as u64 / 32);
    Ok(Value::str(out))
}

fn partition_impl(vm: &mut Vm, args: &[Value], kw: Kw, right: bool) -> PyResult {
    let name = if right { "rpartition" } else { "partition" };
    let s = this(vm, args, name)?;
    let sep = one_arg(vm, &format!("str.{name}"), args, kw)?;
    let sep = str_arg(vm, &sep)?;
    if sep.as_str().is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let (st, p) = (s.as_str(), sep.as_str());
    charge_bytes(vm, st.len());
    let found = if right {
        u::rfind_str(st, p)
    } else {
        u::find_str(st, p)
    };
    Ok(Value::tuple(match found {
        Some(i) => vec![
            Value::str(&st[..i]),
            Value::Str(sep.clone()),
            Value::str(&st[i + p.len()..]),
        ],
        None if right => vec![Value::str(""), Value::str(""), Value::Str(s.clone())],
        None => vec![Value::Str(s.clone()), Value::str(""), Value::str("")],
    }))
}

fn partition(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    partition_impl(vm, args, kw, false)
}

fn rpartition(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    partition_impl(vm, args, kw, true)
}

// ----- stripping -----

fn strip_impl(
    vm: &mut Vm,
    args: &[Value],
    kw: Kw,
    name: &str,
    left: bool,
    right: bool,
) -> PyResult {
    let s = this(vm, args, name)?;
    let a = unpack(vm, name, args, kw, 0, 1)?;
    let chars: Option<Vec<char>> = match a.first() {
        None | Some(Value::None) => None,
        Some(v) => match as_pystr(v) {
            Some(c) => Some(c.as_str().chars().collect()),
            None => return Err(vm.type_error(format!("{name} arg must be None or str"))),
        },
    };
    let st = s.as_str();
    let r = match &chars {
        None => {
            let mut r = st;
            if left {
                r = r.trim_start_matches(is_py_space);
            }
            if right {
                r = r.trim_end_matches(is_py_space);
            }
            r
        }
        Some(cs) => {
            let mut r = st;
            if left {
                r = r.trim_start_matches(|c| cs.contains(&c));
            }
            if right {
                r = r.trim_end_matches(|c| cs.contains(&c));
            }
            r
        }
    };
    if r.len() == st.len() {
        return Ok(Value::Str(s.clone()));
    }
    Ok(Value::str(r))
}

fn strip(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    strip_impl(vm, args, kw, "strip", true, true)
}

fn lstrip(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    strip_impl(vm, args, kw, "lstrip", true, false)
}

fn rstrip(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    strip_impl(vm, args, kw, "rstrip", false, true)
}

fn removeprefix(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "removeprefix")?;
    let p = one_arg(vm, "str.removeprefix", args, kw)?;
    let p = as_pystr(&p).ok_or_else(|| {
        vm.type_error(format!(
            "removeprefix() argument must be str, not {}",
            type_name(vm, &p)
        ))
    })?;
    Ok(match s.as_str().strip_prefix(p.as_str()) {
        Some(r) if !p.as_str().is_empty() => Value::str(r),
        _ => Value::Str(s),
    })
}

fn removesuffix(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "removesuffix")?;
    let p = one_arg(vm, "str.removesuffix", args, kw)?;
    let p = as_pystr(&p).ok_or_else(|| {
        vm.type_error(format!(
            "removesuffix() argument must be str, not {}",
            type_name(vm, &p)
        ))
    })?;
    Ok(match s.as_str().strip_suffix(p.as_str()) {
        Some(r) if !p.as_str().is_empty() => Value::str(r),
        _ => Value::Str(s),
    })
}

// ----- searching -----

/// The `(sub, start, end)` arguments of find/count/index and the byte range they select.
struct Search {
    s: Rc<PyStr>,
    sub: Rc<PyStr>,
    /// Code-point bounds after `ADJUST_INDICES`.
    start: i64,
    end: i64,
}

impl Search {
    fn new(vm: &mut Vm, args: &[Value], kw: Kw, name: &str) -> PyResult<Search> {
        let s = this(vm, args, name)?;
        let a = parse_tuple(vm, name, args, kw, 1, 3)?;
        let sub = str_arg(vm, &a[0])?;
        let st = opt_slice_index(vm, a.get(1))?;
        let en = opt_slice_index(vm, a.get(2))?;
        let (start, end) = adjust_indices(st, en, s.char_len());
        Ok(Search { s, sub, start, end })
    }
    /// Whether the sub-string can fit at all.
    fn fits(&self) -> bool {
        self.end - self.start >= self.sub.char_len() as i64
    }
    /// The haystack slice and its byte offset.
    fn hay(&self) -> (&str, usize) {
        let st = self.s.as_str();
        let a = u::char_to_byte(st, self.s.is_ascii(), self.start as usize);
        let b = u::char_to_byte(st, self.s.is_ascii(), self.end as usize);
        (&st[a..b], a)
    }
    fn find(&self, vm: &mut Vm, right: bool) -> i64 {
        if !self.fits() {
            return -1;
        }
        let (hay, off) = self.hay();
        charge_bytes(vm, hay.len());
        let r = if right {
            u::rfind_str(hay, self.sub.as_str())
        } else {
            u::find_str(hay, self.sub.as_str())
        };
        match r {
            Some(b) => u::byte_to_char(self.s.as_str(), self.s.is_ascii(), off + b) as i64,
            None => -1,
        }
    }
}

fn find(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = Search::new(vm, args, kw, "find")?;
    Ok(Value::Int(s.find(vm, false)))
}

fn rfind(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = Search::new(vm, args, kw, "rfind")?;
    Ok(Value::Int(s.find(vm, true)))
}

fn index(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = Search::new(vm, args, kw, "index")?;
    match s.find(vm, false) {
        -1 => Err(vm.value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn rindex(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = Search::new(vm, args, kw, "rindex")?;
    match s.find(vm, true) {
        -1 => Err(vm.value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn count(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = Search::new(vm, args, kw, "count")?;
    if !s.fits() {
        return Ok(Value::Int(0));
    }
    if s.sub.as_str().is_empty() {
        return Ok(Value::Int(s.end - s.start + 1));
    }
    let (hay, _) = s.hay();
    charge_bytes(vm, hay.len());
    let n = u::count_str(hay, s.sub.as_str());
    Ok(Value::Int(n as i64))
}

fn starts_ends(vm: &mut Vm, args: &[Value], kw: Kw, name: &str, ends: bool) -> PyResult {
    // The common call: one str prefix, no bounds.
    if let ([Value::Str(s), Value::Str(p)], true) = (args, kw.is_empty()) {
        let (s, p) = (s.as_str(), p.as_str());
        return Ok(Value::Bool(if ends {
            s.ends_with(p)
        } else {
            s.starts_with(p)
        }));
    }
    let s = this(vm, args, name)?;
    let a = parse_tuple(vm, name, args, kw, 1, 3)?;
    let st = opt_slice_index(vm, a.get(1))?;
    let en = opt_slice_index(vm, a.get(2))?;
    let (start, end) = adjust_indices(st, en, s.char_len());
    let cands: Vec<Rc<PyStr>> = match &a[0] {
        Value::Tuple(t) => {
            let mut v = vec![];
            for x in t.iter() {
                v.push(as_pystr(x).ok_or_else(|| {
                    vm.type_error(format!(
                        "tuple for {name} must only contain str, not {}",
                        type_name(vm, x)
                    ))
                })?);
            }
            v
        }
        other => vec![as_pystr(other).ok_or_else(|| {
            vm.type_error(format!(
                "{name} first arg must be str or a tuple of str, not {}",
                type_name(vm, other)
            ))
        })?],
    };
    let st = s.as_str();
    for p in cands {
        let plen = p.char_len() as i64;
        if end - start < plen {
            continue;
        }
        let (from, to) = if ends {
            (end - plen, end)
        } else {
            (start, start + plen)
        };
        let a = u::char_to_byte(st, s.is_ascii(), from as usize);
        let b = u::char_to_byte(st, s.is_ascii(), to as usize);
        if &st[a..b] == p.as_str() {
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
    let s = this(vm, args, "replace")?;
    let a = unpack(vm, "replace", args, kw, 2, 3)?;
    let mut parts = vec![];
    for (i, v) in a[..2].iter().enumerate() {
        parts.push(as_pystr(v).ok_or_else(|| {
            vm.type_error(format!(
                "replace() argument {} must be str, not {}",
                i + 1,
                type_name(vm, v)
            ))
        })?);
    }
    let count = match a.get(2) {
        Some(v) => int_arg(vm, v)?,
        None => -1,
    };
    charge_bytes(vm, s.as_str().len());
    let r = u::replace(s.as_str(), parts[0].as_str(), parts[1].as_str(), count);
    Ok(Value::str(r))
}

// ----- case mapping -----

macro_rules! mapping {
    ($fname:ident, $qual:literal, $f:expr) => {
        fn $fname(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
            let s = this(vm, args, &$qual[4..])?;
            no_args(vm, $qual, args, kw)?;
            charge_bytes(vm, s.as_str().len());
            let f: fn(&str) -> String = $f;
            Ok(Value::str(f(s.as_str())))
        }
    };
}

// ASCII text maps within ASCII, byte by byte.
mapping!(upper, "str.upper", |s| if s.is_ascii() {
    s.to_ascii_uppercase()
} else {
    s.to_uppercase()
});
mapping!(lower, "str.lower", |s| if s.is_ascii() {
    s.to_ascii_lowercase()
} else {
    s.to_lowercase()
});
mapping!(title, "str.title", u::title);
mapping!(capitalize, "str.capitalize", u::capitalize);
mapping!(swapcase, "str.swapcase", u::swapcase);
mapping!(casefold, "str.casefold", u::casefold);

macro_rules! predicate {
    ($fname:ident, $qual:literal, $f:expr) => {
        fn $fname(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
            let s = this(vm, args, &$qual[4..])?;
            no_args(vm, $qual, args, kw)?;
            let f: fn(&str) -> bool = $f;
            Ok(Value::Bool(f(s.as_str())))
        }
    };
}

fn all_chars(s: &str, f: fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

predicate!(isdigit, "str.isdigit", |s| all_chars(s, u::is_digit));
predicate!(isdecimal, "str.isdecimal", |s| all_chars(s, |c| {
    crate::vm::format::decimal_value(c).is_some()
}));
predicate!(isnumeric, "str.isnumeric", |s| all_chars(s, u::is_numeric));
predicate!(isalpha, "str.isalpha", |s| all_chars(s, u::is_alpha));
predicate!(isalnum, "str.isalnum", |s| all_chars(s, u::is_alnum));
predicate!(isspace, "str.isspace", |s| all_chars(s, is_py_space));
predicate!(isupper, "str.isupper", u::is_upper);
predicate!(islower, "str.islower", u::is_lower);
predicate!(istitle, "str.istitle", u::is_title);
predicate!(isidentifier, "str.isidentifier", u::is_identifier);
predicate!(isascii, "str.isascii", |s| s.is_ascii());
predicate!(isprintable, "str.isprintable", |s| s.chars().all(|c| {
    c == ' '
        || !(c.is_control() || c.is_whitespace() || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}'))
}));

// ----- padding -----

fn fill_arg(vm: &Vm, v: Option<&Value>) -> PyResult<char> {
    match v {
        None => Ok(' '),
        Some(v) => match as_pystr(v) {
            Some(s) if s.char_len() == 1 => Ok(s.as_str().chars().next().unwrap()),
            Some(_) => Err(vm.type_error("The fill character must be exactly one character long")),
            None => Err(vm.type_error(format!(
                "The fill character must be a unicode character, not {}",
                type_name(vm, v)
            ))),
        },
    }
}

fn justify(vm: &mut Vm, args: &[Value], kw: Kw, name: &str) -> PyResult {
    let s = this(vm, args, name)?;
    let a = unpack(vm, name, args, kw, 1, 2)?;
    let width = int_arg(vm, &a[0])?;
    let fill = fill_arg(vm, a.get(1))?;
    let len = s.char_len();
    if width <= len as i64 {
        return Ok(Value::Str(s));
    }
    let marg = width as usize - len;
    vm.charge(width as u64 / 32 + 1);
    Ok(Value::str(match name {
        "center" => u::center(s.as_str(), len, width, fill),
        "ljust" => u::pad(s.as_str(), 0, marg, fill),
        _ => u::pad(s.as_str(), marg, 0, fill),
    }))
}

fn center(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    justify(vm, args, kw, "center")
}

fn ljust(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    justify(vm, args, kw, "ljust")
}

fn rjust(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    justify(vm, args, kw, "rjust")
}

fn zfill(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "zfill")?;
    let w = one_arg(vm, "str.zfill", args, kw)?;
    let w = int_arg(vm, &w)?;
    if w <= s.char_len() as i64 {
        return Ok(Value::Str(s));
    }
    Ok(Value::str(u::zfill(s.as_str(), s.char_len(), w)))
}

fn expandtabs(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "expandtabs")?;
    let a = clinic(vm, "expandtabs", args, kw, &["tabsize"], 0)?;
    let n = match &a[0] {
        None => 8,
        Some(v) => int_arg(vm, v)?,
    };
    charge_bytes(vm, s.as_str().len());
    Ok(Value::str(u::expandtabs(s.as_str(), n)))
}

// ----- formatting -----

fn format(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "format")?;
    let r = vformat(vm, s.as_str(), Some(&args[1..]), Named::Kwargs(kw))?;
    Ok(Value::str(r))
}

fn format_map(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "format_map")?;
    let m = one_arg(vm, "str.format_map", args, kw)?;
    let r = vformat(vm, s.as_str(), None, Named::Mapping(m))?;
    Ok(Value::str(r))
}

fn dunder_format(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "__format__")?;
    let a = unpack(vm, "__format__", args, kw, 1, 1)?;
    let spec = as_pystr(&a[0]).ok_or_else(|| {
        vm.type_error(format!(
            "__format__() argument must be str, not {}",
            type_name(vm, &a[0])
        ))
    })?;
    Ok(Value::str(format_with_spec(
        vm,
        &Value::Str(s),
        spec.as_str(),
    )?))
}

/// Register the `str` methods.
pub fn install(t: &Types) {
    let c = &t.str;
    let methods: &[(&'static str, crate::vm::object::NativeFn)] = &[
        ("split", split),
        ("rsplit", rsplit),
        ("splitlines", splitlines),
        ("join", join),
        ("partition", partition),
        ("rpartition", rpartition),
        ("strip", strip),
        ("lstrip", lstrip),
        ("rstrip", rstrip),
        ("removeprefix", removeprefix),
        ("removesuffix", removesuffix),
        ("find", find),
        ("rfind", rfind),
        ("index", index),
        ("rindex", rindex),
        ("count", count),
        ("startswith", startswith),
        ("endswith", endswith),
        ("replace", replace),
        ("upper", upper),
        ("lower", lower),
        ("title", title),
        ("capitalize", capitalize),
        ("swapcase", swapcase),
        ("casefold", casefold),
        ("isdigit", isdigit),
        ("isdecimal", isdecimal),
        ("isnumeric", isnumeric),
        ("isalpha", isalpha),
        ("isalnum", isalnum),
        ("isspace", isspace),
        ("isupper", isupper),
        ("islower", islower),
        ("istitle", istitle),
        ("isidentifier", isidentifier),
        ("isascii", isascii),
        ("isprintable", isprintable),
        ("center", center),
        ("ljust", ljust),
        ("rjust", rjust),
        ("zfill", zfill),
        ("expandtabs", expandtabs),
        ("format", format),
        ("format_map", format_map),
        ("__format__", dunder_format),
        ("translate", super::strtrans::translate),
    ];
    for &(name, f) in methods {
        add_method(c, name, f);
    }
    let b = Builtin {
        name: "maketrans",
        owner: Some("str"),
        f: super::strtrans::maketrans,
        data: Value::None,
    };
    let sm = StaticMethod(Value::Builtin(Rc::new(b)));
    c.dict.borrow_mut().set_str("maketrans", Value::native(sm));
}

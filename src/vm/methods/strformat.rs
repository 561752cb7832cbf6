//! `str.format`/`str.format_map` (a port of CPython's `Objects/stringlib/unicode_format.h`)
//! and [`format_with_spec`], the `format(value, spec)` step shared with f-strings.

use std::rc::Rc;

use crate::vm::format::{
    format_float_spec, format_int, format_int_spec, format_str_spec, is_overflow_error, FormatSpec,
};
use crate::vm::value::{PyStr, Value};
use crate::vm::{PyResult, Vm};

use super::Kw;

/// Turn a formatter's `Err(message)` into CPython's exception (ValueError or OverflowError).
fn fmt_err(vm: &Vm, r: Result<String, String>) -> PyResult<String> {
    r.map_err(|m| {
        if is_overflow_error(&m) {
            vm.overflow_error(m)
        } else {
            vm.value_error(m)
        }
    })
}

/// `format(value, spec)`: the object's own `__format__` for instances of user classes that
/// define one, else the builtin formatting of int, bool, float and str (subclasses included);
/// other objects accept only an empty spec (giving `str(value)`).
pub fn format_with_spec(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<String> {
    match v {
        Value::Str(s) => fmt_err(vm, format_str_spec(s.as_str(), spec)),
        Value::Int(i) => {
            if spec.is_empty() {
                return Ok(i.to_string());
            }
            if let Some(s) = crate::vm::format::format_int_simple(*i, spec) {
                return Ok(s);
            }
            let r = FormatSpec::parse_for(spec, "int")
                .and_then(|f| crate::vm::format::format_int_i64(*i, &f));
            fmt_err(vm, r)
        }
        Value::Bool(b) => {
            if spec.is_empty() {
                return Ok(if *b { "True" } else { "False" }.to_string());
            }
            let r = FormatSpec::parse_for(spec, "bool")
                .and_then(|f| format_int(&num_bigint::BigInt::from(*b as i64), &f));
            fmt_err(vm, retype(r, "int", "bool"))
        }
        Value::Big(b) => fmt_err(vm, format_int_spec(b, spec)),
        Value::Float(x) => fmt_err(vm, format_float_spec(*x, spec)),
        Value::Inst(_) => {
            if let Some(m) = vm.lookup_user_special(v, "__format__")? {
                let r = vm.call(&m, &[Value::str(spec)], &[])?;
                return match r {
                    Value::Str(s) => Ok(s.as_str().to_string()),
                    other => Err(vm.type_error(format!(
                        "__format__ must return a str, not {}",
                        super::type_name(vm, &other)
                    ))),
                };
            }
            if let Some(b) = vm.unwrap_base(v) {
                if matches!(
                    b,
                    Value::Int(_)
                        | Value::Big(_)
                        | Value::Bool(_)
                        | Value::Float(_)
                        | Value::Str(_)
                ) {
                    if spec.is_empty() {
                        return Ok(vm.to_str(v)?.as_str().to_string());
                    }
                    let base_name = super::type_name(vm, &b);
                    let sub_name = super::type_name(vm, v);
                    return match format_with_spec(vm, &b, spec) {
                        Ok(s) => Ok(s),
                        Err(e) => {
                            // same message, naming the subclass
                            let msg = vm.exc_message(&e);
                            let fixed = retype(Err(msg), &base_name, &sub_name).unwrap_err();
                            Err(vm.new_error(&e.class(), fixed))
                        }
                    };
                }
            }
            object_format(vm, v, spec)
        }
        _ => object_format(vm, v, spec),
    }
}

/// Rename the type in a formatter error message (`... for object of type 'int'`).
fn retype(r: Result<String, String>, from: &str, to: &str) -> Result<String, String> {
    r.map_err(|m| m.replace(&format!("type '{from}'"), &format!("type '{to}'")))
}

/// `object.__format__`: `str(v)` for an empty spec, else a TypeError.
fn object_format(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<String> {
    if !spec.is_empty() {
        return Err(vm.type_error(format!(
            "unsupported format string passed to {}.__format__",
            super::type_name(vm, v)
        )));
    }
    Ok(vm.to_str(v)?.as_str().to_string())
}

/// Where named fields come from.
pub enum Named<'a> {
    /// `str.format(**kwargs)`.
    Kwargs(Kw<'a>),
    /// `str.format_map(mapping)`: looked up with `mapping[key]`.
    Mapping(Value),
}

#[derive(PartialEq, Clone, Copy)]
enum AutoState {
    Init,
    Auto,
    Manual,
}

struct Formatter<'a> {
    /// `None` for `format_map` (positional fields are an error).
    args: Option<&'a [Value]>,
    named: Named<'a>,
    state: AutoState,
    next: usize,
}

/// `fmt.format(*args, **kwargs)` / `fmt.format_map(mapping)` (`args` = `None`).
pub fn vformat(vm: &mut Vm, fmt: &str, args: Option<&[Value]>, named: Named) -> PyResult<String> {
    let mut f = Formatter {
        args,
        named,
        state: AutoState::Init,
        next: 0,
    };
    f.build(vm, fmt, 2)
}

/// CPython's `get_integer`: `Ok(None)` if `s` is empty or not all decimal digits.
fn get_integer(vm: &Vm, s: &str) -> PyResult<Option<usize>> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: usize = 0;
    for c in s.chars() {
        let Some(d) = crate::vm::format::decimal_value(c) else {
            return Ok(None);
        };
        if acc > (i64::MAX as usize - d as usize) / 10 {
            return Err(vm.value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d as usize;
    }
    Ok(Some(acc))
}

/// A parsed replacement field.
struct Field<'s> {
    name: &'s str,
    conversion: Option<char>,
    spec: &'s str,
    spec_needs_expanding: bool,
}

impl<'a> Formatter<'a> {
    fn build(&mut self, vm: &mut Vm, fmt: &str, depth: i32) -> PyResult<String> {
        if depth <= 0 {
            return Err(vm.value_error("Max string recursion exceeded"));
        }
        let b = fmt.as_bytes();
        let mut out = String::with_capacity(fmt.len() + 16);
        let mut pos = 0;
        while pos < b.len() {
            // literal text up to the first '{' or '}'
            let start = pos;
            let mut c = 0u8;
            let mut markup = false;
            while pos < b.len() {
                c = b[pos];
                pos += 1;
                if c == b'{' || c == b'}' {
                    markup = true;
                    break;
                }
            }
            let at_end = pos >= b.len();
            let mut lit_end = pos;
            if markup && c == b'}' && (at_end || b[pos] != b'}') {
                return Err(vm.value_error("Single '}' encountered in format string"));
            }
            if markup && at_end && c == b'{' {
                return Err(vm.value_error("Single '{' encountered in format string"));
            }
            if markup {
                if b[pos] == c {
                    // escaped brace: keep one, no field follows
                    pos += 1;
                    markup = false;
                } else {
                    lit_end -= 1;
                }
            }
            out.push_str(&fmt[start..lit_end]);
            if !markup {
                continue;
            }
            let (field, next) = parse_field(vm, fmt, pos)?;
            pos = next;
            self.render(vm, &field, depth, &mut out)?;
        }
        Ok(out)
    }

    fn render(&mut self, vm: &mut Vm, field: &Field, depth: i32, out: &mut String) -> PyResult<()> {
        let obj = self.get_field(vm, field.name)?;
        let obj = match field.conversion {
            None => obj,
            Some('r') => Value::Str(vm.repr(&obj)?),
            Some('s') => Value::Str(vm.to_str(&obj)?),
            Some('a') => {
                let r = vm.repr_string(&obj)?;
                Value::str(crate::vm::repr::ascii_escape(&r))
            }
            Some(c) => {
                return Err(vm.value_error(if (c as u32) < 128 {
                    format!("Unknown conversion specifier {c}")
                } else {
                    format!("Unknown conversion specifier \\x{:x}", c as u32)
                }))
            }
        };
        let expanded;
        let spec = if field.spec_needs_expanding {
            expanded = self.build(vm, field.spec, depth - 1)?;
            expanded.as_str()
        } else {
            field.spec
        };
        if spec.is_empty() {
            if let Value::Str(s) = &obj {
                out.push_str(s.as_str());
                return Ok(());
            }
        }
        out.push_str(&format_with_spec(vm, &obj, spec)?);
        Ok(())
    }

    fn get_field(&mut self, vm: &mut Vm, name: &str) -> PyResult<Value> {
        let b = name.as_bytes();
        let first_end = b
            .iter()
            .position(|&c| c == b'.' || c == b'[')
            .unwrap_or(b.len());
        let first = &name[..first_end];
        let mut idx = get_integer(vm, first)?;
        let empty = first.is_empty();
        if empty || idx.is_some() {
            if self.state == AutoState::Init {
                self.state = if empty {
                    AutoState::Auto
                } else {
                    AutoState::Manual
                };
            }
            if self.state == AutoState::Manual && empty {
                return Err(vm.value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            if self.state == AutoState::Auto && !empty {
                return Err(vm.value_error(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            if empty {
                idx = Some(self.next);
                self.next += 1;
            }
        }
        let mut obj = match idx {
            None => {
                let key = Value::str(first);
                match &self.named {
                    Named::Kwargs(kw) => match kw.iter().find(|(k, _)| k.as_str() == first) {
                        Some((_, v)) => v.clone(),
                        None => return Err(vm.key_error(key)),
                    },
                    Named::Mapping(m) => {
                        let m = m.clone();
                        vm.getitem(&m, &key)?
                    }
                }
            }
            Some(i) => {
                let Some(args) = self.args else {
                    return Err(vm.value_error("Format string contains positional fields"));
                };
                match args.get(i) {
                    Some(v) => v.clone(),
                    None => {
                        return Err(vm.index_error(format!(
                            "Replacement index {i} out of range for positional args tuple"
                        )))
                    }
                }
            }
        };
        // the rest: .attr and [key] accessors
        let mut pos = first_end;
        while pos < b.len() {
            let c = b[pos];
            pos += 1;
            match c {
                b'.' => {
                    let end = b[pos..]
                        .iter()
                        .position(|&c| c == b'.' || c == b'[')
                        .map(|e| pos + e)
                        .unwrap_or(b.len());
                    let attr = &name[pos..end];
                    pos = end;
                    if attr.is_empty() {
                        return Err(vm.value_error("Empty attribute in format string"));
                    }
                    obj = vm.getattr(&obj, &PyStr::new(attr))?;
                }
                b'[' => {
                    let Some(e) = b[pos..].iter().position(|&c| c == b']') else {
                        return Err(vm.value_error("Missing ']' in format string"));
                    };
                    let key = &name[pos..pos + e];
                    pos += e + 1;
                    if key.is_empty() {
                        return Err(vm.value_error("Empty attribute in format string"));
                    }
                    let k = match get_integer(vm, key)? {
                        Some(i) => Value::Int(i as i64),
                        None => Value::Str(Rc::new(PyStr::new(key))),
                    };
                    obj = vm.getitem(&obj, &k)?;
                }
                _ => {
                    return Err(
                        vm.value_error("Only '.' or '[' may follow ']' in format field specifier")
                    )
                }
            }
        }
        Ok(obj)
    }
}

/// CPython's `parse_field`, starting just after the opening `{`; returns the field and the
/// position after its closing `}`.
fn parse_field<'s>(vm: &Vm, fmt: &'s str, mut pos: usize) -> PyResult<(Field<'s>, usize)> {
    let b = fmt.as_bytes();
    let name_start = pos;
    let mut c = 0u8;
    while pos < b.len() {
        c = b[pos];
        pos += 1;
        match c {
            b'{' => return Err(vm.value_error("unexpected '{' in field name")),
            b'[' => {
                while pos < b.len() && b[pos] != b']' {
                    pos += 1;
                }
                c = 0;
                continue;
            }
            b'}' | b':' | b'!' => break,
            _ => {
                c = 0;
                continue;
            }
        }
    }
    if !matches!(c, b'}' | b':' | b'!') {
        return Err(vm.value_error("expected '}' before end of string"));
    }
    let name = &fmt[name_start..pos - 1];
    let mut field = Field {
        name,
        conversion: None,
        spec: "",
        spec_needs_expanding: false,
    };
    if c == b'}' {
        return Ok((field, pos));
    }
    if c == b'!' {
        if pos >= b.len() {
            return Err(vm.value_error("end of string while looking for conversion specifier"));
        }
        let conv = fmt[pos..].chars().next().unwrap();
        field.conversion = Some(conv);
        pos += conv.len_utf8();
        if pos < b.len() {
            let n = b[pos];
            pos += 1;
            if n == b'}' {
                return Ok((field, pos));
            }
            if n != b':' {
                return Err(vm.value_error("expected ':' after conversion specifier"));
            }
        }
    }
    let spec_start = pos;
    let mut count = 1;
    while pos < b.len() {
        let c = b[pos];
        pos += 1;
        if c == b'{' {
            field.spec_needs_expanding = true;
            count += 1;
        } else if c == b'}' {
            count -= 1;
            if count == 0 {
                field.spec = &fmt[spec_start..pos - 1];
                return Ok((field, pos));
            }
        }
    }
    Err(vm.value_error("unmatched '{' in format spec"))
}

//! `repr()`, `str()`, f-string formatting and `%`-formatting of values, in CPython's shapes.

use std::rc::Rc;

use super::format::{self, PercentArgs, PercentError, PercentValue};
use super::object::Property;
use super::value::{PyStr, Value};
use super::{PyResult, Vm};

/// Python's repr of a string: quotes chosen as CPython does, escapes for the unprintable.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) || c as u32 == 0xad => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if is_unprintable_unicode(c) => {
                let v = c as u32;
                if v <= 0xffff {
                    out.push_str(&format!("\\u{:04x}", v));
                } else {
                    out.push_str(&format!("\\U{:08x}", v));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn is_unprintable_unicode(c: char) -> bool {
    let v = c as u32;
    matches!(v,
        0x0600..=0x0605 | 0x061c | 0x06dd | 0x070f | 0x180e | 0x200b..=0x200f | 0x2028..=0x202e
        | 0x2060..=0x2064 | 0x2066..=0x206f | 0xfeff | 0xfff9..=0xfffb | 0xd800..=0xdfff
        | 0xe000..=0xf8ff | 0x1d173..=0x1d17a | 0xe0001 | 0xe0020..=0xe007f | 0xf0000..=0x10ffff)
        || (0x2000..=0x200a).contains(&v)
        || v == 0x3000
        || v == 0x1680
        || v == 0x205f
}

/// A fake but stable address for default reprs.
fn addr(v: &Value) -> String {
    format!("0x{:012x}", v.ptr().unwrap_or(0))
}

/// CPython refuses to convert ints with more than 4300 digits to decimal.
const INT_MAX_STR_DIGITS: usize = 4300;

impl Vm {
    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> PyResult<Rc<PyStr>> {
        Ok(Rc::new(PyStr::new(self.repr_string(v)?)))
    }

    /// `repr(v)` as a Rust string.
    pub fn repr_string(&mut self, v: &Value) -> PyResult<String> {
        Ok(match v {
            Value::Null => "<NULL>".into(),
            Value::None => "None".into(),
            Value::Ellipsis => "Ellipsis".into(),
            Value::NotImplemented => "NotImplemented".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => itoa::Buffer::new().format(*i).to_string(),
            Value::Big(b) => {
                let s = b.to_string();
                if s.trim_start_matches('-').len() > INT_MAX_STR_DIGITS {
                    return Err(self.value_error(format!(
                        "Exceeds the limit ({}) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
                        INT_MAX_STR_DIGITS
                    )));
                }
                s
            }
            Value::Float(f) => format::float_repr(*f),
            Value::Str(s) => str_repr(s.as_str()),
            Value::Tuple(t) => {
                let t = t.clone();
                if !self.repr_enter(v) {
                    return Ok("(...)".into());
                }
                let r = self.seq_repr(&t, "(", ")");
                self.repr_leave();
                let mut s = r?;
                if t.len() == 1 {
                    s.insert(s.len() - 1, ',');
                }
                s
            }
            Value::List(l) => {
                if !self.repr_enter(v) {
                    return Ok("[...]".into());
                }
                let items = l.borrow().clone();
                let r = self.seq_repr(&items, "[", "]");
                self.repr_leave();
                r?
            }
            Value::Dict(d) => {
                if !self.repr_enter(v) {
                    return Ok("{...}".into());
                }
                let items = d.borrow().items();
                let r = self.dict_repr(&items);
                self.repr_leave();
                r?
            }
            Value::Set(s) => {
                let items = super::methods::set::ordered_items(&s.borrow());
                if items.is_empty() {
                    "set()".into()
                } else {
                    self.seq_repr(&items, "{", "}")?
                }
            }
            Value::FrozenSet(s) => {
                let items = super::methods::set::ordered_items(s);
                if items.is_empty() {
                    "frozenset()".into()
                } else {
                    format!("frozenset({})", self.seq_repr(&items, "{", "}")?)
                }
            }
            Value::Range(r) => {
                if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Value::Slice(s) => {
                let (a, b, c) = (s.start.clone(), s.stop.clone(), s.step.clone());
                format!(
                    "slice({}, {}, {})",
                    self.repr_string(&a)?,
                    self.repr_string(&b)?,
                    self.repr_string(&c)?
                )
            }
            Value::Func(f) => format!("<function {} at {}>", f.qualname.borrow().as_str(), addr(v)),
            Value::Builtin(b) => match (&b.owner, &b.data) {
                (Some(o), _) => format!("<method '{}' of '{}' objects>", b.name, o),
                _ => format!("<built-in function {}>", b.name),
            },
            Value::Method(m) => {
                let s = m.self_.clone();
                let f = m.func.clone();
                let name = match &f {
                    Value::Func(func) => func.qualname.borrow().as_str().to_string(),
                    Value::Builtin(b) => {
                        let tn = self.type_of(&s).name();
                        return Ok(format!(
                            "<built-in method {} of {} object at {}>",
                            b.name,
                            tn.as_str(),
                            addr(&s)
                        ));
                    }
                    _ => "?".into(),
                };
                format!("<bound method {} of {}>", name, self.repr_string(&s)?)
            }
            Value::Class(c) => {
                let m = c.module.borrow().clone();
                let dm = c.dict.borrow().get_str("__module__").unwrap_or(m);
                match dm.as_str() {
                    Some("builtins") | None => {
                        format!("<class '{}'>", c.qualname.borrow().as_str())
                    }
                    Some(m) => format!("<class '{}.{}'>", m, c.qualname.borrow().as_str()),
                }
            }
            Value::Module(m) => {
                if m.dict.borrow().get_str("__file__").is_some() {
                    let f = m.dict.borrow().get_str("__file__").unwrap();
                    format!(
                        "<module '{}' from '{}'>",
                        m.name.as_str(),
                        f.as_str().unwrap_or("")
                    )
                } else {
                    format!("<module '{}' (built-in)>", m.name.as_str())
                }
            }
            Value::Gen(g) => format!(
                "<{} object {} at {}>",
                self.type_of(v).name().as_str(),
                g.qualname.as_str(),
                addr(v)
            ),
            Value::Cell(_) => format!("<cell at {}>", addr(v)),
            Value::Native(n) => {
                if let Some(s) = n.clone().repr(self)? {
                    return Ok(s);
                }
                if let Some(m) = self.lookup_special_opt(v, "__repr__")? {
                    if !matches!(m, Value::Method(ref bm) if matches!(bm.func, Value::Builtin(ref b) if b.name == "__repr__" && b.owner == Some("object")))
                    {
                        let r = self.call(&m, &[], &[])?;
                        if let Value::Str(s) = r {
                            return Ok(s.as_str().to_string());
                        }
                    }
                }
                if n.as_any().downcast_ref::<Property>().is_some() {
                    return Ok(format!("<property object at {}>", addr(v)));
                }
                let cls = n.class(self);
                format!("<{} object at {}>", cls.name().as_str(), addr(v))
            }
            Value::Inst(inst) => {
                let cls = inst.class();
                if let Some(m) = self.lookup_user_special(v, "__repr__")? {
                    let r = self.call(&m, &[], &[])?;
                    return match r {
                        Value::Str(s) => Ok(s.as_str().to_string()),
                        _ => Err(self.type_error(format!(
                            "__repr__ returned non-string (type {})",
                            self.type_of(&r).name().as_str()
                        ))),
                    };
                }
                if inst.exc.is_some() {
                    let args = inst.exc.as_ref().unwrap().borrow().args.clone();
                    let items = match &args {
                        Value::Tuple(t) => (**t).clone(),
                        _ => vec![],
                    };
                    let inner = if items.len() == 1 {
                        self.repr_string(&items[0])?
                    } else {
                        let s = self.seq_repr(&items, "(", ")")?;
                        s[1..s.len() - 1].to_string()
                    };
                    return Ok(format!("{}({})", cls.name().as_str(), inner));
                }
                if let Some(b) = self.unwrap_base(v) {
                    return self.repr_string(&b);
                }
                let m = cls
                    .dict
                    .borrow()
                    .get_str("__module__")
                    .unwrap_or(Value::None);
                let q = cls.qualname.borrow().clone();
                match m.as_str() {
                    Some(m) => format!("<{}.{} object at {}>", m, q.as_str(), addr(v)),
                    None => format!("<{} object at {}>", q.as_str(), addr(v)),
                }
            }
        })
    }

    fn repr_enter(&mut self, v: &Value) -> bool {
        let p = v.ptr().unwrap_or(0);
        if self.repr_guard.contains(&p) {
            return false;
        }
        self.repr_guard.push(p);
        true
    }

    fn repr_leave(&mut self) {
        self.repr_guard.pop();
    }

    fn seq_repr(&mut self, items: &[Value], open: &str, close: &str) -> PyResult<String> {
        let mut s = String::from(open);
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&self.repr_string(it)?);
        }
        s.push_str(close);
        Ok(s)
    }

    fn dict_repr(&mut self, items: &[(Value, Value)]) -> PyResult<String> {
        let mut s = String::from("{");
        for (i, (k, v)) in items.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&self.repr_string(k)?);
            s.push_str(": ");
            s.push_str(&self.repr_string(v)?);
        }
        s.push('}');
        Ok(s)
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: &Value) -> PyResult<Rc<PyStr>> {
        match v {
            Value::Str(s) => Ok(s.clone()),
            Value::Int(i) => Ok(Rc::new(PyStr::new(itoa::Buffer::new().format(*i)))),
            Value::Inst(inst) => {
                if let Some(m) = self.lookup_user_special(v, "__str__")? {
                    let r = self.call(&m, &[], &[])?;
                    return match r {
                        Value::Str(s) => Ok(s),
                        _ => Err(self.type_error(format!(
                            "__str__ returned non-string (type {})",
                            self.type_of(&r).name().as_str()
                        ))),
                    };
                }
                let cls = inst.class();
                if inst.exc.is_some()
                    && (cls.is_subclass(&self.t().exc.base_exception_group.clone())
                        || cls.is_subclass(&self.t().exc.os_error.clone())
                        || cls.is_subclass(&self.t().exc.unicode_error.clone()))
                {
                    if let Some(m) = self.lookup_special_opt(v, "__str__")? {
                        if let Value::Str(s) = self.call(&m, &[], &[])? {
                            return Ok(s);
                        }
                    }
                }
                if let Some(exc) = &inst.exc {
                    if self.lookup_user_special(v, "__repr__")?.is_none()
                        || inst.class().lookup_order().any(|c| !c.is_user)
                    {
                        let args = exc.borrow().args.clone();
                        let items = match &args {
                            Value::Tuple(t) => (**t).clone(),
                            _ => vec![],
                        };
                        let is_key_error =
                            inst.class().is_subclass(&self.t().exc.key_error.clone());
                        return Ok(Rc::new(PyStr::new(match items.len() {
                            0 => String::new(),
                            1 if is_key_error => self.repr_string(&items[0])?,
                            1 => self.to_str(&items[0])?.as_str().to_string(),
                            _ => self.repr_string(&args)?,
                        })));
                    }
                }
                if let Some(b) = self.unwrap_base(v) {
                    if self.lookup_user_special(v, "__repr__")?.is_none() {
                        return self.to_str(&b);
                    }
                }
                self.repr(v)
            }
            Value::Native(_) => {
                if let Some(m) = self.lookup_special_opt(v, "__str__")? {
                    let r = self.call(&m, &[], &[])?;
                    if let Value::Str(s) = r {
                        return Ok(s);
                    }
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// The f-string step: conversion, then `format(value, spec)`.
    pub fn format_value(&mut self, v: &Value, conv: u8, spec: Option<&Value>) -> PyResult {
        let v = match conv {
            b's' => Value::Str(self.to_str(v)?),
            b'r' => Value::Str(self.repr(v)?),
            b'a' => {
                let r = self.repr_string(v)?;
                Value::str(ascii_escape(&r))
            }
            _ => v.clone(),
        };
        let spec_s = match spec {
            Some(Value::Str(s)) => s.as_str(),
            _ => "",
        };
        if spec_s.is_empty() {
            if let Value::Str(_) = v {
                return Ok(v);
            }
            if let Value::Int(i) = v {
                return Ok(Value::str(itoa::Buffer::new().format(i)));
            }
        }
        let s = super::methods::str::format_with_spec(self, &v, spec_s)?;
        Ok(Value::str(s))
    }
}

/// `ascii()`: escape every non-ASCII character of a repr.
pub fn ascii_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let v = c as u32;
        if v < 0x80 {
            out.push(c);
        } else if v <= 0xff {
            out.push_str(&format!("\\x{:02x}", v));
        } else if v <= 0xffff {
            out.push_str(&format!("\\u{:04x}", v));
        } else {
            out.push_str(&format!("\\U{:08x}", v));
        }
    }
    out
}

struct Args<'a> {
    vm: &'a mut Vm,
    /// The positional operands: the tuple itself, or a one-item vector.
    items: Rc<Vec<Value>>,
    mapping: Option<Value>,
}

impl Args<'_> {
    fn convert(&mut self, v: &Value, conv: char) -> Result<PercentValue, String> {
        let vm = &mut *self.vm;
        // Plain ints, floats and strs (not subclasses) need no VM call.
        match (conv, v) {
            ('s', Value::Str(s)) => return Ok(PercentValue::Shared(s.clone())),
            ('d' | 'i' | 'u' | 'o' | 'x' | 'X', Value::Int(i)) => {
                return Ok(PercentValue::Small(*i))
            }
            ('e' | 'E' | 'f' | 'F' | 'g' | 'G', Value::Float(f)) => {
                return Ok(PercentValue::Float(*f))
            }
            _ => {}
        }
        match conv {
            's' => vm
                .to_str(v)
                .map(PercentValue::Shared)
                .map_err(|_| "str() failed".into()),
            'r' | 'a' => vm
                .repr_string(v)
                .map(|s| PercentValue::Str(if conv == 'a' { ascii_escape(&s) } else { s }))
                .map_err(|_| "repr() failed".into()),
            'c' => match v {
                Value::Str(s) if s.char_len() == 1 => Ok(PercentValue::Str(s.as_str().to_string())),
                Value::Int(i) => Ok(PercentValue::Int((*i).into())),
                _ => Err("%c requires int or char".into()),
            },
            _ => {
                let v = vm.unwrap_base(v).unwrap_or_else(|| v.clone());
                match &v {
                    Value::Int(i) => Ok(PercentValue::Small(*i)),
                    Value::Bool(b) => Ok(PercentValue::Small(*b as i64)),
                    Value::Big(b) => Ok(PercentValue::Int((**b).clone())),
                    Value::Float(f) => Ok(PercentValue::Float(*f)),
                    other => {
                        let tn = vm.type_of(other).name();
                        if matches!(conv, 'd' | 'i' | 'u') {
                            Err(format!(
                                "%{} format: a real number is required, not {}",
                                conv,
                                tn.as_str()
                            ))
                        } else if matches!(conv, 'x' | 'X' | 'o') {
                            Err(format!(
                                "%{} format: an integer is required, not {}",
                                conv,
                                tn.as_str()
                            ))
                        } else {
                            Err(format!("must be real number, not {}", tn.as_str()))
                        }
                    }
                }
            }
        }
    }
}

impl PercentArgs for Args<'_> {
    fn len(&self) -> usize {
        self.items.len()
    }
    fn get(&mut self, i: usize, conv: char) -> Result<PercentValue, String> {
        let items = self.items.clone();
        self.convert(&items[i], conv)
    }
    fn get_key(&mut self, key: &str, conv: char) -> Option<Result<PercentValue, String>> {
        let m = self.mapping.clone()?;
        let v = match self.vm.getitem(&m, &Value::str(key)) {
            Ok(v) => v,
            Err(_) => return Some(Err(format!("'{}'", key))),
        };
        Some(self.convert(&v, conv))
    }
}

/// `fmt % args`.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult {
    let (items, mapping) = match args {
        Value::Tuple(t) => (t.clone(), None),
        Value::Dict(_) => (Rc::new(vec![args.clone()]), Some(args.clone())),
        Value::Inst(_)
            if vm
                .unwrap_base(args)
                .map(|b| matches!(b, Value::Dict(_)))
                .unwrap_or(false) =>
        {
            (Rc::new(vec![args.clone()]), Some(args.clone()))
        }
        other => (Rc::new(vec![other.clone()]), None),
    };
    let mut a = Args { vm, items, mapping };
    let r = format::percent_format(fmt, &mut a);
    match r {
        Ok(s) => Ok(Value::str(s)),
        Err(PercentError::Type(m)) => Err(a.vm.type_error(m)),
        Err(PercentError::Value(m)) => Err(a.vm.value_error(m)),
        Err(PercentError::Key(k)) => {
            let k = k.trim_matches('\'').to_string();
            Err(a.vm.key_error(Value::str(k)))
        }
    }
}

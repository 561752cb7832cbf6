//! Constructors of the builtin types (`int(...)`, `list(...)`, `type(...)`, ...), class
//! creation (`__build_class__`), and the methods of `object`, `type` and `BaseException`.

use std::cell::RefCell;
use std::rc::Rc;

use num_traits::ToPrimitive;

use super::call::Kwargs;
use super::dict::DictData;
use super::object::{Class, ClassMethod, Kind, Property, RangeObj, SliceObj, StaticMethod, Super};
use super::types::add_method;
use super::value::{PyStr, Value};
use super::{format, PyResult, Vm};

fn kwarg<'a>(kw: Kwargs<'a>, name: &str) -> Option<&'a Value> {
    kw.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v)
}

fn no_kwargs(vm: &Vm, name: &str, kw: Kwargs) -> PyResult<()> {
    if let Some((k, _)) = kw.first() {
        return Err(vm.type_error(format!(
            "{}() got an unexpected keyword argument '{}'",
            name,
            k.as_str()
        )));
    }
    Ok(())
}

/// `int(x)` of any value.
pub fn to_int(vm: &mut Vm, v: &Value) -> PyResult {
    Ok(match v {
        Value::Int(_) | Value::Big(_) => v.clone(),
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Float(f) => {
            if f.is_nan() {
                return Err(vm.value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(vm.overflow_error("cannot convert float infinity to integer"));
            }
            let t = f.trunc();
            if t.abs() < 9.0e18 {
                Value::Int(t as i64)
            } else {
                Value::from_bigint(num_traits::FromPrimitive::from_f64(t).unwrap())
            }
        }
        Value::Str(s) => parse_int_value(vm, s.as_str(), 10)?,
        _ => {
            for m in ["__int__", "__index__", "__trunc__"] {
                if let Some(f) = vm.lookup_special_opt(v, m)? {
                    return vm.call(&f, &[], &[]);
                }
            }
            if let Some(b) = vm.unwrap_base(v) {
                return to_int(vm, &b);
            }
            return Err(vm.type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                vm.type_of(v).name().as_str()
            )));
        }
    })
}

fn parse_int_value(vm: &Vm, s: &str, base: u32) -> PyResult {
    match format::parse_int(s, base) {
        Some(b) => Ok(Value::from_bigint(b)),
        None => Err(vm.value_error(format!(
            "invalid literal for int() with base {}: {}",
            base,
            super::repr::str_repr(s)
        ))),
    }
}

/// A NaN with a payload no other NaN has: floats are immediates in gilsim, so a distinct
/// payload stands in for object identity (`n in [n]` is True, `nan in [float("nan")]` False).
pub fn fresh_nan() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let k = NEXT.fetch_add(1, Ordering::Relaxed) & 0x0007_ffff_ffff_ffff;
    f64::from_bits(0x7ff8_0000_0000_0000 | k)
}

/// `float(x)` of any value.
pub fn to_float(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    Ok(match v {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        Value::Big(b) => match b.to_f64() {
            Some(f) if f.is_finite() => f,
            _ => return Err(vm.overflow_error("int too large to convert to float")),
        },
        Value::Str(s) => match format::parse_float(s.as_str()) {
            Some(f) if f.is_nan() => fresh_nan(),
            Some(f) => f,
            None => {
                return Err(vm.value_error(format!(
                    "could not convert string to float: {}",
                    super::repr::str_repr(s.as_str())
                )))
            }
        },
        _ => {
            if let Some(f) = vm.lookup_special_opt(v, "__float__")? {
                let r = vm.call(&f, &[], &[])?;
                return to_float(vm, &r);
            }
            if let Some(f) = vm.lookup_special_opt(v, "__index__")? {
                let r = vm.call(&f, &[], &[])?;
                return to_float(vm, &r);
            }
            if let Some(b) = vm.unwrap_base(v) {
                return to_float(vm, &b);
            }
            return Err(vm.type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                vm.type_of(v).name().as_str()
            )));
        }
    })
}

/// Call a builtin class: `int("3")`, `list(x)`, `type(x)`, `ValueError("m")`, ...
pub fn construct_builtin(vm: &mut Vm, cls: &Rc<Class>, args: &[Value], kw: Kwargs) -> PyResult {
    let t = &vm.interp.types;
    let name = cls.name();
    if cls.kind == Kind::Exception {
        if cls.is_subclass(&t.exc.base_exception_group) {
            return super::excgroup::new_group(vm, cls, args);
        }
        if let Some(e) = super::files::oserror::construct(vm, cls, args) {
            return Ok(e);
        }
        let e = super::exc::new_exception(cls, args.to_vec());
        if let Value::Inst(i) = &e {
            super::bytes::codec::set_unicode_attrs(i, args);
        }
        return Ok(e);
    }
    macro_rules! is {
        ($c:ident) => {
            Rc::ptr_eq(cls, &t.$c)
        };
    }
    if is!(int) {
        let base = kwarg(kw, "base").or(args.get(1)).cloned();
        return match (args.first(), base) {
            (None, _) => Ok(Value::Int(0)),
            (Some(v), None) => to_int(vm, v),
            (Some(Value::Str(s)), Some(b)) => {
                let b = vm.index_of(&b)?;
                if b != 0 && !(2..=36).contains(&b) {
                    return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
                }
                parse_int_value(vm, s.as_str(), b as u32)
            }
            (Some(_), Some(_)) => {
                Err(vm.type_error("int() can't convert non-string with explicit base"))
            }
        };
    }
    if is!(float) {
        return match args.first() {
            None => Ok(Value::Float(0.0)),
            Some(v) => Ok(Value::Float(to_float(vm, v)?)),
        };
    }
    if is!(str) {
        if args.len() > 1 || (!kw.is_empty() && kw.iter().any(|(k, _)| k.as_str() != "object")) {
            // str(bytes, encoding, errors): decoding
            return super::bytes::codec::str_of_bytes(vm, args, kw);
        }
        return match args.first().or(kwarg(kw, "object")) {
            None => Ok(Value::str("")),
            Some(v) => Ok(Value::Str(vm.to_str(v)?)),
        };
    }
    if is!(bool) {
        return match args.first() {
            None => Ok(Value::Bool(false)),
            Some(v) => Ok(Value::Bool(vm.truthy(v)?)),
        };
    }
    if is!(list) {
        no_kwargs(vm, "list", kw)?;
        return Ok(Value::list(match args.first() {
            None => vec![],
            Some(v) => vm.collect(v)?,
        }));
    }
    if is!(tuple) {
        return Ok(match args.first() {
            None => Value::tuple(vec![]),
            Some(Value::Tuple(_)) => args[0].clone(),
            Some(v) => Value::tuple(vm.collect(v)?),
        });
    }
    if is!(dict) {
        let dd = Rc::new(RefCell::new(DictData::new()));
        let d = Value::Dict(dd.clone());
        if let Some(src) = args.first() {
            super::methods::dict::update_from(vm, &dd, src)?;
        }
        {
            for (k, v) in kw {
                dd.borrow_mut().set_pystr(k, v.clone());
            }
        }
        return Ok(d);
    }
    if is!(set) {
        return super::methods::set::new_set_from(vm, args.first(), false);
    }
    if is!(frozenset) {
        return super::methods::set::new_set_from(vm, args.first(), true);
    }
    if is!(range) {
        let n: Vec<i64> = args
            .iter()
            .map(|a| vm.index_of(a))
            .collect::<PyResult<_>>()?;
        let (start, stop, step) = match n.len() {
            1 => (0, n[0], 1),
            2 => (n[0], n[1], 1),
            3 => (n[0], n[1], n[2]),
            0 => return Err(vm.type_error("range expected at least 1 argument, got 0")),
            k => return Err(vm.type_error(format!("range expected at most 3 arguments, got {k}"))),
        };
        if step == 0 {
            return Err(vm.value_error("range() arg 3 must not be zero"));
        }
        return Ok(Value::Range(Rc::new(RangeObj { start, stop, step })));
    }
    if is!(slice) {
        let (start, stop, step) = match args.len() {
            1 => (Value::None, args[0].clone(), Value::None),
            2 => (args[0].clone(), args[1].clone(), Value::None),
            3 => (args[0].clone(), args[1].clone(), args[2].clone()),
            _ => return Err(vm.type_error("slice expected at least 1 argument, got 0")),
        };
        return Ok(Value::Slice(Rc::new(SliceObj { start, stop, step })));
    }
    if is!(object) {
        return Ok(vm.new_instance(cls));
    }
    if is!(type_) {
        return match args.len() {
            1 => Ok(Value::Class(vm.type_of(&args[0]))),
            3 => {
                let name = args[0].as_str().unwrap_or("?").to_string();
                let bases = match &args[1] {
                    Value::Tuple(t) => t
                        .iter()
                        .filter_map(|b| match b {
                            Value::Class(c) => Some(c.clone()),
                            _ => None,
                        })
                        .collect(),
                    _ => vec![],
                };
                let mut ns = match &args[2] {
                    Value::Dict(d) => d.borrow().clone(),
                    _ => DictData::new(),
                };
                if ns.get_str("__module__").is_none() {
                    let m = vm
                        .frames
                        .last()
                        .map(|_| Value::str("__main__"))
                        .unwrap_or(Value::None);
                    ns.set_str("__module__", m);
                }
                let c =
                    super::types::new_class(vm, &name, bases, ns).map_err(|m| vm.type_error(m))?;
                Ok(Value::Class(c))
            }
            _ => Err(vm.type_error("type() takes 1 or 3 arguments")),
        };
    }
    if is!(property) {
        let get = |i: usize, n: &str| args.get(i).or(kwarg(kw, n)).cloned().unwrap_or(Value::None);
        let p = Property {
            fget: get(0, "fget"),
            fset: get(1, "fset"),
            fdel: get(2, "fdel"),
            doc: get(3, "doc"),
        };
        return Ok(Value::native(p));
    }
    if is!(staticmethod) {
        return Ok(Value::native(StaticMethod(
            args.first().cloned().unwrap_or(Value::None),
        )));
    }
    if is!(classmethod) {
        return Ok(Value::native(ClassMethod(
            args.first().cloned().unwrap_or(Value::None),
        )));
    }
    if is!(super_) {
        let (Some(Value::Class(c)), Some(obj)) = (args.first(), args.get(1)) else {
            return Err(vm.runtime_error("super(): no arguments"));
        };
        return Ok(Value::native(Super {
            class: c.clone(),
            obj: obj.clone(),
        }));
    }
    match name.as_str() {
        "enumerate" | "zip" | "map" | "filter" | "reversed" => {
            super::builtins::construct_iterator(vm, name.as_str(), args, kw)
        }
        "bytes" => super::bytes::construct(vm, args, kw),
        _ => Err(vm.type_error(format!("cannot create '{}' instances", name.as_str()))),
    }
}

// ----- class creation -----

fn build_class(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let (Some(Value::Func(body)), Some(Value::Str(name))) = (args.first(), args.get(1)) else {
        return Err(vm.type_error("__build_class__: func and name required"));
    };
    let mut bases = vec![];
    for b in &args[2..] {
        match b {
            Value::Class(c) => bases.push(c.clone()),
            other => {
                return Err(vm.type_error(format!(
                    "bases must be types, not {}",
                    vm.type_of(other).name().as_str()
                )))
            }
        }
    }
    if let Some((k, _)) = kw.iter().find(|(k, _)| k.as_str() == "metaclass") {
        let _ = k;
        return Err(vm.type_error("metaclasses are not supported by gilsim"));
    }
    let ns = Rc::new(RefCell::new(DictData::new()));
    vm.call_function(body, &[], &[], Some(ns.clone()))?;
    let mut ns = ns.borrow().clone();
    let cell = ns.get_str("__classcell__");
    ns.del_str("__classcell__");
    // implicit classmethods / staticmethods
    for (n, wrap) in [
        ("__init_subclass__", 1),
        ("__class_getitem__", 1),
        ("__new__", 2),
    ] {
        if let Some(f @ Value::Func(_)) = ns.get_str(n) {
            let v = if wrap == 1 {
                Value::native(ClassMethod(f))
            } else {
                Value::native(StaticMethod(f))
            };
            ns.set_str(n, v);
        }
    }
    let cls =
        super::types::new_class(vm, name.as_str(), bases, ns).map_err(|m| vm.type_error(m))?;
    if let Some(Value::Cell(c)) = cell {
        *c.borrow_mut() = Value::Class(cls.clone());
    }
    // __init_subclass__ of the nearest base that defines it
    for c in cls.mro.iter() {
        let found = c.dict.borrow().get_str("__init_subclass__");
        if let Some(v) = found {
            let f = match &v {
                Value::Native(n) => match n.as_any().downcast_ref::<ClassMethod>() {
                    Some(cm) => cm.0.clone(),
                    None => v.clone(),
                },
                _ => v.clone(),
            };
            if c.is_user {
                let kwv: Vec<(Rc<PyStr>, Value)> = kw.to_vec();
                vm.call(&f, &[Value::Class(cls.clone())], &kwv)?;
            }
            break;
        }
    }
    Ok(Value::Class(cls))
}

// ----- methods of object, type, BaseException, property, list/dict/tuple bases -----

fn object_init(_vm: &mut Vm, _args: &[Value], _kw: Kwargs) -> PyResult {
    Ok(Value::None)
}

fn object_new(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.first() {
        Some(Value::Class(c)) => {
            let c = c.clone();
            vm.default_new(&c, &args[1..])
        }
        _ => Err(vm.type_error("object.__new__(X): X is not a type object")),
    }
}

fn object_setattr(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    if args.len() != 3 {
        return Err(vm.type_error("expected 2 arguments"));
    }
    let name = match &args[1] {
        Value::Str(s) => s.clone(),
        _ => return Err(vm.type_error("attribute name must be string")),
    };
    vm.generic_setattr(&args[0], &name, args[2].clone())?;
    Ok(Value::None)
}

fn object_delattr(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    if let (Some(Value::Inst(i)), Some(Value::Str(n))) = (args.first(), args.get(1)) {
        if i.del_attr(n.as_str()) {
            return Ok(Value::None);
        }
        return Err(vm.no_attribute(&args[0], n.as_str()));
    }
    Err(vm.type_error("bad arguments"))
}

fn object_getattribute(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.get(1) {
        Some(Value::Str(n)) => {
            let n = n.clone();
            vm.getattr(&args[0], &n)
        }
        _ => Err(vm.type_error("attribute name must be string")),
    }
}

fn object_repr(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let v = &args[0];
    let cls = vm.type_of(v);
    let m = cls
        .dict
        .borrow()
        .get_str("__module__")
        .unwrap_or(Value::str("builtins"));
    let q = cls.qualname.borrow().clone();
    let prefix = match m.as_str() {
        Some("builtins") | None => q.as_str().to_string(),
        Some(m) => format!("{}.{}", m, q.as_str()),
    };
    Ok(Value::str(format!(
        "<{} object at 0x{:012x}>",
        prefix,
        v.ptr().unwrap_or(0)
    )))
}

fn object_str(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    Ok(Value::Str(vm.repr(&args[0])?))
}

fn object_eq(_vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    if args[0].is(&args[1]) {
        Ok(Value::Bool(true))
    } else {
        Ok(Value::NotImplemented)
    }
}

fn object_ne(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let r = vm.rich_compare(crate::lang::bytecode::CmpOp::Eq, &args[0], &args[1])?;
    Ok(Value::Bool(!vm.truthy(&r)?))
}

fn object_hash(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    Ok(Value::Int((args[0].ptr().unwrap_or(0) >> 4) as i64).clone()).and_then(|v| {
        let _ = vm;
        Ok(v)
    })
}

fn object_init_subclass(_vm: &mut Vm, _args: &[Value], _kw: Kwargs) -> PyResult {
    Ok(Value::None)
}

fn object_format(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let spec = args.get(1).and_then(|s| s.as_str()).unwrap_or("");
    if !spec.is_empty() {
        return Err(vm.type_error(format!(
            "unsupported format string passed to {}.__format__",
            vm.type_of(&args[0]).name().as_str()
        )));
    }
    Ok(Value::Str(vm.to_str(&args[0])?))
}

fn exc_init(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    if let Some(Value::Inst(i)) = args.first() {
        if let Some(e) = &i.exc {
            e.borrow_mut().args = Value::tuple(args[1..].to_vec());
            return Ok(Value::None);
        }
    }
    Err(vm.type_error("descriptor '__init__' requires a 'BaseException' object"))
}

fn exc_str(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.first() {
        Some(e) => exc_str_default(vm, e),
        None => Ok(Value::str("")),
    }
}

/// `BaseException.__str__`: str() of the exception's args, bypassing a user `__str__`.
pub fn exc_str_default(vm: &mut Vm, e: &Value) -> PyResult {
    if let Value::Inst(i) = e {
        if let Some(e) = &i.exc {
            let a = e.borrow().args.clone();
            let items = match &a {
                Value::Tuple(t) => (**t).clone(),
                _ => vec![],
            };
            return Ok(match items.len() {
                0 => Value::str(""),
                1 => Value::Str(vm.to_str(&items[0])?),
                _ => Value::Str(vm.repr(&a)?),
            });
        }
    }
    Ok(Value::str(""))
}

fn exc_with_traceback(_vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    Ok(args[0].clone())
}

fn prop_with(vm: &mut Vm, args: &[Value], which: u8) -> PyResult {
    let Some(p) = super::attr::native_as::<Property>(&args[0]) else {
        return Err(vm.type_error("descriptor requires a 'property' object"));
    };
    let f = args.get(1).cloned().unwrap_or(Value::None);
    let mut np = Property {
        fget: p.fget.clone(),
        fset: p.fset.clone(),
        fdel: p.fdel.clone(),
        doc: p.doc.clone(),
    };
    match which {
        0 => np.fget = f,
        1 => np.fset = f,
        _ => np.fdel = f,
    }
    Ok(Value::native(np))
}

fn prop_getter(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    prop_with(vm, args, 0)
}
fn prop_setter(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    prop_with(vm, args, 1)
}
fn prop_deleter(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    prop_with(vm, args, 2)
}

fn type_mro(_vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.first() {
        Some(Value::Class(c)) => {
            let mut v = vec![Value::Class(c.clone())];
            v.extend(c.mro.iter().map(|x| Value::Class(x.clone())));
            Ok(Value::list(v))
        }
        _ => Ok(Value::list(vec![])),
    }
}

/// `list.__init__(self, iterable)` for list subclasses.
fn list_init(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let target = match &args[0] {
        Value::List(_) => args[0].clone(),
        other => vm.unwrap_base(other).unwrap_or(Value::None),
    };
    if let Value::List(l) = target {
        let items = match args.get(1) {
            Some(v) => vm.collect(v)?,
            None => vec![],
        };
        *l.borrow_mut() = items;
    }
    Ok(Value::None)
}

/// `set.__init__(self, iterable)` for set subclasses.
fn set_init(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let target = base_or_self(vm, &args[0]);
    if let Value::Set(s) = &target {
        s.borrow_mut().map.clear();
        if let Some(src) = args.get(1) {
            super::methods::set::set_update(vm, &target, src)?;
        }
    }
    Ok(Value::None)
}

/// `dict.__init__(self, *args, **kw)` for dict subclasses.
fn dict_init(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let target = match &args[0] {
        Value::Dict(_) => args[0].clone(),
        other => vm.unwrap_base(other).unwrap_or(Value::None),
    };
    if let Value::Dict(d) = &target {
        if let Some(src) = args.get(1) {
            // update through the subclass so overridden __setitem__ is not needed here
            vm.dict_update_from(&target, src, false)?;
        }
        for (k, v) in kw {
            d.borrow_mut().set_pystr(k, v.clone());
        }
    }
    Ok(Value::None)
}

/// `tuple.__new__(cls, iterable)` / `int.__new__(cls, x)` ... for subclasses.
fn builtin_new(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.first() {
        Some(Value::Class(c)) => {
            let c = c.clone();
            if c.is_user {
                vm.default_new(&c, &args[1..])
            } else {
                construct_builtin(vm, &c, &args[1..], &[])
            }
        }
        _ => Err(vm.type_error("__new__(X): X is not a type object")),
    }
}

fn base_or_self(vm: &Vm, v: &Value) -> Value {
    vm.unwrap_base(v).unwrap_or_else(|| v.clone())
}

fn d_repr(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let b = base_or_self(vm, &args[0]);
    Ok(Value::Str(vm.repr(&b)?))
}
fn d_eq(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let (a, b) = (base_or_self(vm, &args[0]), base_or_self(vm, &args[1]));
    vm.rich_compare(crate::lang::bytecode::CmpOp::Eq, &a, &b)
}
fn d_ne(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let (a, b) = (base_or_self(vm, &args[0]), base_or_self(vm, &args[1]));
    vm.rich_compare(crate::lang::bytecode::CmpOp::Ne, &a, &b)
}
fn d_len(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let b = base_or_self(vm, &args[0]);
    Ok(Value::Int(vm.len_of(&b)? as i64))
}
fn d_iter(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let b = base_or_self(vm, &args[0]);
    vm.iter(&b)
}
fn d_contains(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let b = base_or_self(vm, &args[0]);
    Ok(Value::Bool(vm.contains(&b, &args[1])?))
}
fn d_getitem(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let b = base_or_self(vm, &args[0]);
    if let (Value::Inst(i), Value::Dict(d)) = (&args[0], &b) {
        let d = d.clone();
        if let Some(v) = vm.dict_get(&d, &args[1])? {
            return Ok(v);
        }
        if let Some(m) = i.class().lookup("__missing__") {
            return vm.call(&m, &[args[0].clone(), args[1].clone()], &[]);
        }
        return Err(vm.key_error(args[1].clone()));
    }
    vm.getitem(&b, &args[1])
}
fn d_setitem(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let b = base_or_self(vm, &args[0]);
    vm.setitem(&b, args[1].clone(), args[2].clone())?;
    Ok(Value::None)
}
fn d_delitem(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let b = base_or_self(vm, &args[0]);
    vm.delitem(&b, args[1].clone())?;
    Ok(Value::None)
}
fn d_hash(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let b = base_or_self(vm, &args[0]);
    Ok(Value::Int(vm.hash(&b)?))
}

/// Register the methods of object, type, exceptions, property and builtin bases.
pub fn install(t: &super::types::Types) {
    add_method(&t.object, "__init__", object_init);
    add_method(&t.object, "__new__", object_new);
    add_method(&t.object, "__setattr__", object_setattr);
    add_method(&t.object, "__delattr__", object_delattr);
    add_method(&t.object, "__getattribute__", object_getattribute);
    add_method(&t.object, "__repr__", object_repr);
    add_method(&t.object, "__str__", object_str);
    add_method(&t.object, "__eq__", object_eq);
    add_method(&t.object, "__ne__", object_ne);
    add_method(&t.object, "__hash__", object_hash);
    add_method(&t.object, "__format__", object_format);
    t.object.dict.borrow_mut().set_str(
        "__init_subclass__",
        Value::native(ClassMethod(Value::Builtin(Rc::new(
            super::object::Builtin {
                name: "__init_subclass__",
                owner: None,
                f: object_init_subclass,
                data: Value::None,
            },
        )))),
    );
    add_method(&t.exc.base_exception, "__init__", exc_init);
    add_method(&t.exc.base_exception, "__str__", exc_str);
    add_method(&t.exc.base_exception, "with_traceback", exc_with_traceback);
    super::excgroup::install(t);
    add_method(&t.property, "getter", prop_getter);
    add_method(&t.property, "setter", prop_setter);
    add_method(&t.property, "deleter", prop_deleter);
    add_method(&t.type_, "mro", type_mro);
    add_method(&t.list, "__init__", list_init);
    add_method(&t.dict, "__init__", dict_init);
    add_method(&t.set, "__init__", set_init);
    for c in [&t.tuple, &t.int, &t.float, &t.str, &t.list, &t.dict, &t.set] {
        add_method(c, "__new__", builtin_new);
    }
    // the protocol methods `super().__repr__()` and friends reach on builtin bases
    for c in [
        &t.tuple,
        &t.int,
        &t.float,
        &t.str,
        &t.list,
        &t.dict,
        &t.set,
        &t.frozenset,
    ] {
        for (n, f) in [
            ("__repr__", d_repr as super::object::NativeFn),
            ("__eq__", d_eq),
            ("__ne__", d_ne),
        ] {
            if c.dict.borrow().get_str(n).is_none() {
                add_method(c, n, f);
            }
        }
    }
    for c in [&t.tuple, &t.str, &t.list, &t.dict, &t.set, &t.frozenset] {
        for (n, f) in [
            ("__len__", d_len as super::object::NativeFn),
            ("__iter__", d_iter),
            ("__contains__", d_contains),
        ] {
            if c.dict.borrow().get_str(n).is_none() {
                add_method(c, n, f);
            }
        }
    }
    for c in [&t.tuple, &t.str, &t.list, &t.dict] {
        if c.dict.borrow().get_str("__getitem__").is_none() {
            add_method(c, "__getitem__", d_getitem);
        }
    }
    for c in [&t.list, &t.dict] {
        add_method(c, "__setitem__", d_setitem);
        add_method(c, "__delitem__", d_delitem);
    }
    for c in [&t.tuple, &t.int, &t.float, &t.str, &t.frozenset] {
        add_method(c, "__hash__", d_hash);
    }
}

/// The `__build_class__` builtin.
pub fn build_class_builtin() -> Value {
    Value::Builtin(Rc::new(super::object::Builtin {
        name: "__build_class__",
        owner: None,
        f: build_class,
        data: Value::None,
    }))
}

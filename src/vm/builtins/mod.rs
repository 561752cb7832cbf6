//! The builtins namespace: the table of builtin functions and classes, and the builtins of
//! output (`print`, `input`) and of types and attributes (`isinstance`, `getattr`, `id`,
//! `repr`, `chr`, `hex`, ...). The numeric ones are in `numbers`, the iteration ones and the
//! lazy iterators `enumerate`, `zip`, `map`, `filter`, `reversed` in `iteration`.

use std::rc::Rc;

use num_bigint::BigInt;

use super::call::Kwargs;
use super::dict::DictData;
use super::object::{Builtin, Class, NativeFn};
use super::value::{PyStr, Value};
use super::{format, PyResult, Vm};

pub use super::construct::construct_builtin;
pub use iteration::construct_iterator;

mod iteration;
mod numbers;

use iteration::{aiter_, all, anext_, any, iter_, next_};
use numbers::{abs, divmod, len, max, min, pow, round, sorted, sum};

fn kwarg<'a>(kw: Kwargs<'a>, name: &str) -> Option<&'a Value> {
    kw.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v)
}

fn arity(vm: &Vm, name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    if args.len() < min || args.len() > max {
        if min == max {
            return Err(vm.type_error(format!(
                "{}() takes exactly {} argument{} ({} given)",
                name,
                min,
                if min == 1 { "" } else { "s" },
                args.len()
            )));
        }
        if args.len() < min {
            return Err(vm.type_error(format!(
                "{} expected at least {} argument{}, got {}",
                name,
                min,
                if min == 1 { "" } else { "s" },
                args.len()
            )));
        }
        return Err(vm.type_error(format!(
            "{} expected at most {} argument{}, got {}",
            name,
            max,
            if max == 1 { "" } else { "s" },
            args.len()
        )));
    }
    Ok(())
}

// ----- output -----

fn print(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let sep = match kwarg(kw, "sep") {
        None | Some(Value::None) => " ".to_string(),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "sep must be None or a string, not {}",
                vm.type_of(v).name().as_str()
            )))
        }
    };
    let end = match kwarg(kw, "end") {
        None | Some(Value::None) => "\n".to_string(),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "end must be None or a string, not {}",
                vm.type_of(v).name().as_str()
            )))
        }
    };
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match a {
            Value::Str(s) => out.push_str(s.as_str()),
            Value::Int(n) => out.push_str(&n.to_string()),
            _ => out.push_str(vm.to_str(a)?.as_str()),
        }
    }
    out.push_str(&end);
    vm.charge(out.len() as u64 / 16 + 1);
    let fd = match kwarg(kw, "file") {
        None | Some(Value::None) => {
            vm.write_stdout(&out);
            Some(1)
        }
        Some(f) => {
            let f = f.clone();
            super::modules::sys::write_to(vm, &f, &out)?
        }
    };
    let flush = match kwarg(kw, "flush") {
        Some(fl) => vm.truthy(fl)?,
        None => false,
    };
    if flush {
        vm.flush();
    }
    match (fd, kwarg(kw, "file")) {
        (Some(fd), _) => vm.stream_written(fd, &out, flush)?,
        // a file of the program's: `print(flush=True)` calls its `flush()`
        (None, Some(f)) if flush => {
            let f = f.clone();
            vm.call_method(&f, "flush", &[])?;
        }
        _ => {}
    }
    Ok(Value::None)
}

// ----- types and attributes -----

fn class_list(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<Vec<Rc<Class>>> {
    match v {
        Value::Class(c) => Ok(vec![c.clone()]),
        Value::Tuple(t) => {
            let mut out = vec![];
            for x in t.iter() {
                out.extend(class_list(vm, x, fname)?);
            }
            Ok(out)
        }
        Value::Inst(_) if vm.type_of(v).name().as_str() == "GenericAlias" => Err(vm.type_error(
            format!("{fname}() argument 2 cannot be a parameterized generic"),
        )),
        Value::Inst(_) if vm.type_of(v).name().as_str() == "UnionType" => {
            // `isinstance(x, int | str)`: the union's members
            let args = vm.getattr(v, &PyStr::new("__args__"))?;
            class_list(vm, &args, fname)
        }
        Value::Native(_) | Value::Inst(_) => Ok(vec![]),
        _ => Err(vm.type_error(format!(
            "{fname}() arg 2 must be a type, a tuple of types, or a union"
        ))),
    }
}

fn isinstance(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "isinstance", args, 2, 2)?;
    let cls = vm.type_of(&args[0]);
    let targets = class_list(vm, &args[1], "isinstance")?;
    any_subclass(vm, &cls, &targets)
}

/// Is `cls` a subclass of one of `targets`: by its MRO, or else, for a target that is an
/// abstract base class (`abc.ABC` gives it `_abc_subclasscheck`, where CPython's `ABCMeta`
/// has `__subclasscheck__`), by what the ABC says (its `__subclasshook__`, its registry).
fn any_subclass(vm: &mut Vm, cls: &Rc<Class>, targets: &[Rc<Class>]) -> PyResult {
    for t in targets {
        if cls.is_subclass(t) {
            return Ok(Value::Bool(true));
        }
    }
    for t in targets {
        // only a class written in Python can derive from abc.ABC
        if t.is_user && t.lookup("_abc_subclasscheck").is_some() {
            let target = Value::Class(t.clone());
            let check = vm.getattr(&target, &PyStr::new("_abc_subclasscheck"))?;
            let r = vm.call(&check, &[Value::Class(cls.clone())], &[])?;
            if vm.truthy(&r)? {
                return Ok(Value::Bool(true));
            }
        }
    }
    Ok(Value::Bool(false))
}

fn issubclass(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "issubclass", args, 2, 2)?;
    let Value::Class(c) = &args[0] else {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    };
    let targets = class_list(vm, &args[1], "issubclass")?;
    let c = c.clone();
    any_subclass(vm, &c, &targets)
}

fn name_arg(vm: &Vm, v: &Value, f: &str) -> PyResult<Rc<PyStr>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(vm.type_error(format!(
            "{}(): attribute name must be string, not '{}'",
            f,
            vm.type_of(other).name().as_str()
        ))),
    }
}

fn getattr_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "getattr", args, 2, 3)?;
    let name = name_arg(vm, &args[1], "getattr")?;
    match vm.getattr(&args[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && e.matches(&vm.t().exc.attribute_error.clone()) => {
            Ok(args[2].clone())
        }
        Err(e) => Err(e),
    }
}

fn setattr_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "setattr", args, 3, 3)?;
    let name = name_arg(vm, &args[1], "setattr")?;
    vm.setattr(&args[0], &name, args[2].clone())?;
    Ok(Value::None)
}

fn delattr_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "delattr", args, 2, 2)?;
    let name = name_arg(vm, &args[1], "delattr")?;
    vm.delattr(&args[0], &name)?;
    Ok(Value::None)
}

fn hasattr(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "hasattr", args, 2, 2)?;
    let name = name_arg(vm, &args[1], "hasattr")?;
    match vm.getattr(&args[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.matches(&vm.t().exc.attribute_error.clone()) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn callable(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "callable", args, 1, 1)?;
    Ok(Value::Bool(match &args[0] {
        Value::Func(_) | Value::Builtin(_) | Value::Method(_) | Value::Class(_) => true,
        v @ (Value::Inst(_) | Value::Native(_)) => vm.lookup_special_opt(v, "__call__")?.is_some(),
        _ => false,
    }))
}

fn id(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "id", args, 1, 1)?;
    Ok(Value::Int(match args[0].ptr() {
        Some(p) => p as i64,
        None => match &args[0] {
            Value::None => 0x1000,
            Value::Bool(b) => 0x1010 + *b as i64 * 16,
            Value::Int(i) => 0x100000 + *i * 32,
            Value::Float(f) => f.to_bits() as i64 >> 4,
            _ => 0x2000,
        },
    }))
}

fn hash(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "hash", args, 1, 1)?;
    Ok(Value::Int(vm.hash(&args[0])?))
}

fn repr(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "repr", args, 1, 1)?;
    Ok(Value::Str(vm.repr(&args[0])?))
}

fn ascii(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "ascii", args, 1, 1)?;
    let r = vm.repr_string(&args[0])?;
    Ok(Value::str(super::repr::ascii_escape(&r)))
}

fn format_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "format", args, 1, 2)?;
    let spec = args.get(1).cloned();
    vm.format_value(&args[0], 0, spec.as_ref())
}

fn vars(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.first() {
        Some(v) => vm.getattr(v, &PyStr::new("__dict__")),
        None => frame_reader(vm, "vars"),
    }
}

/// `dir(obj)`: the sorted attribute names of a module, a class (through its MRO) or any other
/// object (its `__dict__`, then its class's), or what its class's `__dir__` returns. The
/// builtin types list the methods gilsim has, which may be fewer than CPython's.
fn dir_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.len() {
        0 => return frame_reader(vm, "dir"),
        1 => {}
        n => return Err(vm.type_error(format!("dir expected at most 1 argument, got {n}"))),
    }
    let obj = &args[0];
    if let Some(m) = vm.lookup_user_special(obj, "__dir__")? {
        let names = vm.call(&m, &[], &[])?;
        return sorted(vm, &[names], &[]);
    }
    let mut names = std::collections::BTreeSet::new();
    let mut add_keys = |d: &super::dict::DictData| {
        for k in d.keys() {
            if let Value::Str(s) = k {
                names.insert(s.as_str().to_string());
            }
        }
    };
    let classes = match obj {
        Value::Module(m) => {
            m.materialize(vm);
            add_keys(&m.dict.borrow());
            vec![]
        }
        Value::Class(c) => c.lookup_order().cloned().collect(),
        _ => {
            if let Ok(Value::Dict(d)) = vm.getattr(obj, &PyStr::new("__dict__")) {
                add_keys(&d.borrow());
            }
            let cls = vm.type_of(obj);
            let order = cls.lookup_order().cloned().collect();
            order
        }
    };
    for c in &classes {
        add_keys(&c.dict.borrow());
    }
    Ok(Value::list(names.into_iter().map(Value::str).collect()))
}

fn chr_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "chr", args, 1, 1)?;
    let i = vm.index_of(&args[0])?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::str(c.to_string())),
        None => Err(vm.value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "ord", args, 1, 1)?;
    match &args[0] {
        Value::Str(s) => {
            let n = s.char_len();
            if n != 1 {
                return Err(vm.type_error(format!(
                    "ord() expected a character, but string of length {n} found"
                )));
            }
            Ok(Value::Int(s.char_at(0).unwrap() as i64))
        }
        v if super::bytes::is_bytes(v) => {
            let b = super::bytes::bytes_of(v).unwrap_or_else(|| Rc::from(&b""[..]));
            if b.len() != 1 {
                return Err(vm.type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    b.len()
                )));
            }
            Ok(Value::Int(b[0] as i64))
        }
        v => Err(vm.type_error(format!(
            "ord() expected string of length 1, but {} found",
            vm.type_of(v).name().as_str()
        ))),
    }
}

fn radix(vm: &mut Vm, args: &[Value], name: &str, r: u32) -> PyResult {
    arity(vm, name, args, 1, 1)?;
    let v = match &args[0] {
        Value::Int(i) => BigInt::from(*i),
        Value::Bool(b) => BigInt::from(*b as i64),
        Value::Big(b) => (**b).clone(),
        other => {
            let i = vm.index_of(other)?;
            BigInt::from(i)
        }
    };
    Ok(Value::str(format::int_to_str_radix(&v, r, true)))
}

fn hex(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    radix(vm, args, "hex", 16)
}
fn bin(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    radix(vm, args, "bin", 2)
}
fn oct(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    radix(vm, args, "oct", 8)
}

/// `sorted(iterable)`, for the VM's `dir()`.
pub(crate) fn sorted_list(vm: &mut Vm, iterable: Value) -> PyResult {
    sorted(vm, &[iterable], &[])
}

/// `globals`, `locals`, `vars()` and `dir()` reached other than by a direct call of the name
/// (which the compiler turns into `LoadGlobalsDict`, `LoadLocalsDict`, `LoadLocalNames`): a
/// builtin cannot see the frame that called it.
fn frame_reader(vm: &Vm, name: &str) -> PyResult {
    Err(vm.type_error(format!(
        "{name}() is supported by gilsim only when called by its name, as `{name}()`"
    )))
}

fn globals_(vm: &mut Vm, _args: &[Value], _kw: Kwargs) -> PyResult {
    frame_reader(vm, "globals")
}

fn locals_(vm: &mut Vm, _args: &[Value], _kw: Kwargs) -> PyResult {
    frame_reader(vm, "locals")
}

fn input(vm: &mut Vm, _args: &[Value], _kw: Kwargs) -> PyResult {
    Err(vm.new_error(
        &vm.t()
            .exc
            .all
            .iter()
            .find(|c| c.name().as_str() == "EOFError")
            .unwrap()
            .clone(),
        "EOF when reading a line",
    ))
}

fn builtin(name: &'static str, f: NativeFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: None,
        f,
        data: Value::None,
    }))
}

/// The builtins namespace.
pub fn make_builtins(t: &super::types::Types) -> DictData {
    let mut d = DictData::new();
    let fns: &[(&'static str, NativeFn)] = &[
        ("print", print),
        ("len", len),
        ("abs", abs),
        ("min", min),
        ("max", max),
        ("sum", sum),
        ("sorted", sorted),
        ("round", round),
        ("divmod", divmod),
        ("pow", pow),
        ("isinstance", isinstance),
        ("issubclass", issubclass),
        ("getattr", getattr_),
        ("setattr", setattr_),
        ("delattr", delattr_),
        ("hasattr", hasattr),
        ("callable", callable),
        ("id", id),
        ("hash", hash),
        ("repr", repr),
        ("ascii", ascii),
        ("format", format_),
        ("vars", vars),
        ("dir", dir_),
        ("chr", chr_),
        ("ord", ord),
        ("hex", hex),
        ("bin", bin),
        ("oct", oct),
        ("iter", iter_),
        ("next", next_),
        ("aiter", aiter_),
        ("anext", anext_),
        ("any", any),
        ("all", all),
        ("globals", globals_),
        ("locals", locals_),
        ("input", input),
        ("open", super::files::open),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin(n, *f));
    }
    d.set_str("__build_class__", super::construct::build_class_builtin());
    for c in [
        &t.object,
        &t.type_,
        &t.int,
        &t.bool,
        &t.float,
        &t.str,
        &t.tuple,
        &t.list,
        &t.dict,
        &t.set,
        &t.frozenset,
        &t.range,
        &t.slice,
        &t.property,
        &t.staticmethod,
        &t.classmethod,
        &t.super_,
    ] {
        d.set_str(c.name().as_str(), Value::Class(c.clone()));
    }
    for n in ["enumerate", "zip", "map", "filter", "reversed", "bytes"] {
        d.set_str(n, Value::Class(t.native(n)));
    }
    for c in &t.exc.all {
        d.set_str(c.name().as_str(), Value::Class(c.clone()));
    }
    d.set_str("None", Value::None);
    d.set_str("True", Value::Bool(true));
    d.set_str("False", Value::Bool(false));
    d.set_str("Ellipsis", Value::Ellipsis);
    d.set_str("NotImplemented", Value::NotImplemented);
    d.set_str("__name__", Value::str("builtins"));
    d
}

//! Methods of the builtin types (`str`, `list`, `tuple`, `dict`, `set`, `int`, `float`),
//! registered on their classes by [`install`], plus the argument-checking helpers they share.
//!
//! Every method receives its receiver as `args[0]`. A receiver may be an instance of a user
//! subclass of the builtin (`class L(list)`); [`base_of`] unwraps it to the builtin value it
//! carries. Argument errors reproduce CPython 3.11's messages, which come in a few families
//! (METH_NOARGS, METH_O, `PyArg_UnpackTuple`, `PyArg_ParseTuple`, Argument Clinic); each has
//! a helper here.

pub mod dict;
pub mod list;
pub mod num;
pub mod set;
mod setops;
mod setorder;
pub mod str;
mod strformat;
mod strtrans;
mod strutil;
pub mod tuple;

use std::rc::Rc;

use super::types::Types;
use super::value::{PyStr, Value};
use super::{PyErr, PyResult, Vm};

/// Keyword arguments as methods receive them.
pub(crate) type Kw<'a> = &'a [(Rc<PyStr>, Value)];

/// Register the methods of every builtin type.
pub fn install(t: &Types) {
    self::str::install(t);
    list::install(t);
    tuple::install(t);
    dict::install(t);
    set::install(t);
    num::install(t);
    // the mutable containers are unhashable: `__hash__` is None in their class dicts, as in
    // CPython (what `collections.abc.Hashable` and a subclass's `hash()` look at)
    for c in [&t.list, &t.dict, &t.set] {
        c.dict.borrow_mut().set_str("__hash__", Value::None);
    }
    for name in ["dict_keys", "dict_items"] {
        t.native(name)
            .dict
            .borrow_mut()
            .set_str("__hash__", Value::None);
    }
    // what can be called says so with `__call__`, as CPython's types do (`f.__call__(x)`,
    // `collections.abc.Callable`)
    for c in [&t.function, &t.builtin_function, &t.method, &t.type_] {
        super::types::add_method(c, "__call__", call_self);
    }
}

/// `f.__call__(*args, **kwargs)`: `f(*args, **kwargs)`.
fn call_self(vm: &mut Vm, args: &[Value], kw: super::call::Kwargs) -> PyResult {
    let Some((f, rest)) = args.split_first() else {
        return Err(vm.type_error("descriptor '__call__' needs an argument"));
    };
    vm.call(f, rest, kw)
}

/// The builtin value behind `v`: the value itself, or the one a builtin-subclass instance
/// carries.
pub(crate) fn base_of(v: &Value) -> Value {
    if let Value::Inst(i) = v {
        let b = i.base.borrow();
        if !matches!(*b, Value::None) {
            return b.clone();
        }
    }
    v.clone()
}

/// The receiver of `cls.meth`, unwrapped with [`base_of`]; the CPython error when it is missing.
pub(crate) fn receiver(vm: &Vm, args: &[Value], cls: &str, meth: &str) -> PyResult<Value> {
    match args.first() {
        Some(v) => Ok(base_of(v)),
        None => Err(vm.type_error(format!("unbound method {cls}.{meth}() needs an argument"))),
    }
}

/// `descriptor 'upper' for 'str' objects doesn't apply to a 'int' object`.
pub(crate) fn wrong_receiver(vm: &Vm, cls: &str, meth: &str, got: &Value) -> PyErr {
    vm.type_error(format!(
        "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
        meth,
        cls,
        type_name(vm, got)
    ))
}

/// The name of the type of `v`.
pub(crate) fn type_name(vm: &Vm, v: &Value) -> String {
    vm.type_of(v).name().as_str().to_string()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `f() takes no keyword arguments`.
pub(crate) fn no_kwargs(vm: &Vm, qual: &str, kw: Kw) -> PyResult<()> {
    if kw.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(format!("{qual}() takes no keyword arguments")))
    }
}

/// METH_NOARGS: `str.upper() takes no arguments (1 given)`. `args` includes the receiver.
pub(crate) fn no_args(vm: &Vm, qual: &str, args: &[Value], kw: Kw) -> PyResult<()> {
    no_kwargs(vm, qual, kw)?;
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "{qual}() takes no arguments ({} given)",
            args.len() - 1
        )));
    }
    Ok(())
}

/// METH_O: `list.append() takes exactly one argument (0 given)`. `args` includes the
/// receiver; returns the single argument.
#[inline]
pub(crate) fn one_arg(vm: &Vm, qual: &str, args: &[Value], kw: Kw) -> PyResult<Value> {
    if kw.is_empty() && args.len() == 2 {
        return Ok(args[1].clone());
    }
    one_arg_slow(vm, qual, args, kw)
}

#[cold]
fn one_arg_slow(vm: &Vm, qual: &str, args: &[Value], kw: Kw) -> PyResult<Value> {
    no_kwargs(vm, qual, kw)?;
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "{qual}() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    Ok(args[1].clone())
}

/// The arguments after the receiver when there are `min..=max` of them and no keywords: the
/// common case of [`unpack`] and [`parse_tuple`], whose errors differ.
#[inline]
fn args_in_range<'a>(args: &'a [Value], kw: Kw, min: usize, max: usize) -> Option<&'a [Value]> {
    let rest = args.get(1..)?;
    (kw.is_empty() && (min..=max).contains(&rest.len())).then_some(rest)
}

/// `PyArg_UnpackTuple` style: `pop expected at most 1 argument, got 2`. `args` includes the
/// receiver; returns the arguments after it.
#[inline]
pub(crate) fn unpack<'a>(
    vm: &Vm,
    name: &str,
    args: &'a [Value],
    kw: Kw,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    match args_in_range(args, kw, min, max) {
        Some(rest) => Ok(rest),
        None => unpack_slow(vm, name, args, kw, min, max),
    }
}

#[cold]
fn unpack_slow<'a>(
    vm: &Vm,
    name: &str,
    args: &'a [Value],
    kw: Kw,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    no_kwargs(vm, name, kw)?;
    let rest = args.get(1..).unwrap_or(&[]);
    let n = rest.len();
    if n < min {
        let at = if min == max { "" } else { "at least " };
        return Err(vm.type_error(format!(
            "{name} expected {at}{min} argument{}, got {n}",
            plural(min)
        )));
    }
    if n > max {
        let at = if min == max { "" } else { "at most " };
        return Err(vm.type_error(format!(
            "{name} expected {at}{max} argument{}, got {n}",
            plural(max)
        )));
    }
    Ok(rest)
}

/// `PyArg_ParseTuple` style: `find() takes at least 1 argument (0 given)`. `args` includes
/// the receiver; returns the arguments after it.
#[inline]
pub(crate) fn parse_tuple<'a>(
    vm: &Vm,
    name: &str,
    args: &'a [Value],
    kw: Kw,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    match args_in_range(args, kw, min, max) {
        Some(rest) => Ok(rest),
        None => parse_tuple_slow(vm, name, args, kw, min, max),
    }
}

#[cold]
fn parse_tuple_slow<'a>(
    vm: &Vm,
    name: &str,
    args: &'a [Value],
    kw: Kw,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    no_kwargs(vm, name, kw)?;
    let rest = args.get(1..).unwrap_or(&[]);
    let n = rest.len();
    if n < min || n > max {
        let (at, k) = if min == max {
            ("exactly", min)
        } else if n < min {
            ("at least", min)
        } else {
            ("at most", max)
        };
        return Err(vm.type_error(format!(
            "{name}() takes {at} {k} argument{} ({n} given)",
            plural(k)
        )));
    }
    Ok(rest)
}

/// Argument Clinic style parsing of positional-or-keyword parameters `names` (the first `min`
/// required). `args` includes the receiver. Returns one slot per name.
pub(crate) fn clinic(
    vm: &Vm,
    fname: &str,
    args: &[Value],
    kw: Kw,
    names: &[&str],
    min: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = args.get(1..).unwrap_or(&[]);
    let max = names.len();
    if pos.len() + kw.len() > max {
        let kwd = if pos.is_empty() { "keyword " } else { "" };
        return Err(vm.type_error(format!(
            "{fname}() takes at most {max} {kwd}argument{} ({} given)",
            plural(max),
            pos.len() + kw.len()
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; max];
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v.clone());
    }
    for (k, v) in kw {
        match names.iter().position(|n| *n == k.as_str()) {
            Some(i) => {
                if out[i].is_some() {
                    return Err(vm.type_error(format!(
                        "argument for {fname}() given by name ('{}') and position ({})",
                        k.as_str(),
                        i + 1
                    )));
                }
                out[i] = Some(v.clone());
            }
            None => {
                return Err(vm.type_error(format!(
                    "'{}' is an invalid keyword argument for {fname}()",
                    k.as_str()
                )))
            }
        }
    }
    for (i, slot) in out.iter().enumerate().take(min) {
        if slot.is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )));
        }
    }
    Ok(out)
}

/// An optional index argument as slice bounds take it: `None` (or absent) gives `None`.
pub(crate) fn opt_slice_index(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(Value::Big(b)) => Ok(Some(if num_traits::Signed::is_negative(&**b) {
            i64::MIN / 2
        } else {
            i64::MAX / 2
        })),
        Some(v) => match vm.index_of(v) {
            Ok(i) => Ok(Some(i)),
            Err(_) => Err(
                vm.type_error("slice indices must be integers or None or have an __index__ method")
            ),
        },
    }
}

/// CPython's `ADJUST_INDICES`: clamp `start`/`end` (defaults 0 and `len`) to `0..=len`,
/// counting negative values from the end (`start` may stay above `len`).
pub(crate) fn adjust_indices(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let mut s = start.unwrap_or(0);
    let mut e = end.unwrap_or(len);
    if e > len {
        e = len;
    } else if e < 0 {
        e += len;
        if e < 0 {
            e = 0;
        }
    }
    if s < 0 {
        s += len;
        if s < 0 {
            s = 0;
        }
    }
    (s, e)
}

/// An integer argument (`__index__`), with CPython's message for other types.
pub(crate) fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Big(_) => Err(vm.overflow_error("Python int too large to convert to C ssize_t")),
        _ => vm.index_of(v),
    }
}

//! The iteration builtins: `iter`, `next`, `any`, `all`, and the lazy iterators `enumerate`,
//! `zip`, `map`, `filter` and `reversed` (one native object, [`LazyIter`], that
//! [`construct_iterator`] builds). Separate because the lazy iterators are a type of their
//! own, with the iterator protocol and fork copying, not just functions.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::{arity, kwarg};
use crate::vm::call::Kwargs;
use crate::vm::iter::{native_iter, IterState};
use crate::vm::object::{Class, NativeObj};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

pub(super) fn iter_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "iter", args, 1, 2)?;
    if args.len() == 2 {
        return Ok(native_iter(
            IterState::Callable(args[0].clone(), args[1].clone(), Cell::new(false)),
            "callable_iterator",
        ));
    }
    vm.iter(&args[0])
}

pub(super) fn next_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "next", args, 1, 2)?;
    if !vm.is_iterator(&args[0])? {
        return Err(vm.type_error(format!(
            "'{}' object is not an iterator",
            vm.type_of(&args[0]).name().as_str()
        )));
    }
    if let Value::Gen(g) = &args[0] {
        // keep StopIteration's value when there is no default
        let g = g.clone();
        return match vm.send_generator(&g, Value::None)? {
            crate::vm::frame::FrameExit::Yield(v) => Ok(v),
            crate::vm::frame::FrameExit::Return(v) => match args.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(vm.stop_iteration(v)),
            },
        };
    }
    let is_native_iter = matches!(&args[0], Value::Native(n) if n.is_iterator());
    if !is_native_iter {
        // a `__next__` of Python code (or a native awaitable): its StopIteration keeps its value
        if let Some(m) = vm.lookup_special_opt(&args[0], "__next__")? {
            return match vm.call(&m, &[], &[]) {
                Err(e) if args.len() == 2 && e.matches(&vm.t().exc.stop_iteration.clone()) => {
                    Ok(args[1].clone())
                }
                r => r,
            };
        }
    }
    match vm.next(&args[0])? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.stop_iteration(Value::None)),
        },
    }
}

pub(super) fn any(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    any_all(vm, "any", args, true)
}

pub(super) fn all(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    any_all(vm, "all", args, false)
}

/// `any` (`decisive` true) or `all` (`decisive` false): the first item whose truth is
/// `decisive` decides, else the iterable's end gives `not decisive`.
pub(super) fn any_all(vm: &mut Vm, name: &str, args: &[Value], decisive: bool) -> PyResult {
    arity(vm, name, args, 1, 1)?;
    let it = vm.iter(&args[0])?;
    if let Value::Gen(g) = &it {
        // bools, ints and Nones that do not decide passed over while the generator runs on
        let mut sink = |vm: &mut Vm, x: Value| {
            vm.charge(1);
            match x.plain_truth() {
                Some(t) if t != decisive => None,
                _ => Some(x),
            }
        };
        while let Some(x) = vm.drain_generator(g, &mut sink)? {
            if vm.truthy(&x)? == decisive {
                return Ok(Value::Bool(decisive));
            }
        }
        return Ok(Value::Bool(!decisive));
    }
    while let Some(x) = vm.next(&it)? {
        vm.charge(1);
        if vm.truthy(&x)? == decisive {
            return Ok(Value::Bool(decisive));
        }
    }
    Ok(Value::Bool(!decisive))
}

/// The lazy builtin iterators.
enum Lazy {
    Enumerate { it: Value, n: RefCell<Value> },
    Zip { its: Vec<Value>, strict: bool },
    Map { f: Value, its: Vec<Value> },
    Filter { f: Value, it: Value },
}

struct LazyIter {
    kind: Lazy,
    name: &'static str,
}

impl NativeObj for LazyIter {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native(self.name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        let kind = match &self.kind {
            Lazy::Enumerate { it, n } => Lazy::Enumerate {
                it: c.value(it),
                n: RefCell::new(c.value(&n.borrow())),
            },
            Lazy::Zip { its, strict } => Lazy::Zip {
                its: its.iter().map(|v| c.value(v)).collect(),
                strict: *strict,
            },
            Lazy::Map { f, its } => Lazy::Map {
                f: c.value(f),
                its: its.iter().map(|v| c.value(v)).collect(),
            },
            Lazy::Filter { f, it } => Lazy::Filter {
                f: c.value(f),
                it: c.value(it),
            },
        };
        Some(Box::new(LazyIter {
            kind,
            name: self.name,
        }))
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        match &self.kind {
            Lazy::Enumerate { it, n } => match vm.next(it)? {
                Some(v) => {
                    let i = n.borrow().clone();
                    let next = match i {
                        Value::Int(k) if k < i64::MAX => Value::Int(k + 1),
                        _ => vm.binary_op(crate::lang::bytecode::BinOp::Add, &i, &Value::Int(1))?,
                    };
                    *n.borrow_mut() = next;
                    Ok(Some(Value::tuple(vec![i, v])))
                }
                None => Ok(None),
            },
            Lazy::Zip { its, strict } => {
                if its.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::with_capacity(its.len());
                for (i, it) in its.iter().enumerate() {
                    match vm.next(it)? {
                        Some(v) => out.push(v),
                        None => {
                            if *strict && i > 0 {
                                return Err(vm.value_error(format!(
                                    "zip() argument {} is shorter than argument{} 1{}",
                                    i + 1,
                                    if i > 1 { "s" } else { "" },
                                    if i > 1 {
                                        format!("-{}", i)
                                    } else {
                                        String::new()
                                    }
                                )));
                            }
                            return Ok(None);
                        }
                    }
                }
                Ok(Some(Value::tuple(out)))
            }
            Lazy::Map { f, its } => {
                let mut a = Vec::with_capacity(its.len());
                for it in its {
                    match vm.next(it)? {
                        Some(v) => a.push(v),
                        None => return Ok(None),
                    }
                }
                vm.call(f, &a, &[]).map(Some)
            }
            Lazy::Filter { f, it } => loop {
                let Some(v) = vm.next(it)? else {
                    return Ok(None);
                };
                let keep = if f.is_none() {
                    vm.truthy(&v)?
                } else {
                    let r = vm.call(f, &[v.clone()], &[])?;
                    vm.truthy(&r)?
                };
                if keep {
                    return Ok(Some(v));
                }
            },
        }
    }
}

/// `enumerate(...)`, `zip(...)`, `map(...)`, `filter(...)`, `reversed(...)`.
pub fn construct_iterator(vm: &mut Vm, name: &str, args: &[Value], kw: Kwargs) -> PyResult {
    let (kind, name): (Lazy, &'static str) = match name {
        "enumerate" => {
            let Some(src) = args.first().or(kwarg(kw, "iterable")) else {
                return Err(
                    vm.type_error("enumerate() missing required argument 'iterable' (pos 1)")
                );
            };
            let start = args
                .get(1)
                .or(kwarg(kw, "start"))
                .cloned()
                .unwrap_or(Value::Int(0));
            (
                Lazy::Enumerate {
                    it: vm.iter(src)?,
                    n: RefCell::new(start),
                },
                "enumerate",
            )
        }
        "zip" => {
            let mut its = vec![];
            for (i, a) in args.iter().enumerate() {
                match vm.iter(a) {
                    Ok(it) => its.push(it),
                    Err(_) => {
                        return Err(vm
                            .type_error(format!("zip argument #{} must support iteration", i + 1)))
                    }
                }
            }
            let strict = match kwarg(kw, "strict") {
                Some(v) => vm.truthy(v)?,
                None => false,
            };
            (Lazy::Zip { its, strict }, "zip")
        }
        "map" => {
            if args.len() < 2 {
                return Err(vm.type_error("map() must have at least two arguments."));
            }
            let mut its = vec![];
            for a in &args[1..] {
                its.push(vm.iter(a)?);
            }
            (
                Lazy::Map {
                    f: args[0].clone(),
                    its,
                },
                "map",
            )
        }
        "filter" => {
            arity(vm, "filter", args, 2, 2)?;
            (
                Lazy::Filter {
                    f: args[0].clone(),
                    it: vm.iter(&args[1])?,
                },
                "filter",
            )
        }
        "reversed" => {
            arity(vm, "reversed", args, 1, 1)?;
            let v = &args[0];
            if let Some(m) = vm.lookup_user_special(v, "__reversed__")? {
                return vm.call(&m, &[], &[]);
            }
            let items = match v {
                Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_) => {
                    vm.collect(v)?
                }
                Value::Dict(d) => d.borrow().keys(),
                Value::Native(n) if n.class(vm).name().as_str().starts_with("dict_") => {
                    vm.collect(v)?
                }
                _ => {
                    if let Some(b) = vm.unwrap_base(v) {
                        vm.collect(&b)?
                    } else if vm.lookup_special_opt(v, "__len__")?.is_some()
                        && vm.lookup_special_opt(v, "__getitem__")?.is_some()
                    {
                        let n = vm.len_of(v)?;
                        let mut out = vec![];
                        for i in 0..n {
                            out.push(vm.getitem(v, &Value::Int(i as i64))?);
                        }
                        out
                    } else {
                        return Err(vm.type_error(format!(
                            "'{}' object is not reversible",
                            vm.type_of(v).name().as_str()
                        )));
                    }
                }
            };
            let mut items = items;
            items.reverse();
            let cname = match v {
                Value::List(_) => "list_reverseiterator",
                Value::Range(_) => "range_iterator",
                _ => "reversed",
            };
            return Ok(native_iter(IterState::Values(items, Cell::new(0)), cname));
        }
        _ => unreachable!(),
    };
    Ok(Value::native(LazyIter { kind, name }))
}

/// `aiter(x)`: `x.__aiter__()`, which must be an async iterator.
pub(super) fn aiter_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "aiter", args, 1, 1)?;
    let Some(m) = vm.lookup_special_opt(&args[0], "__aiter__")? else {
        return Err(vm.type_error(format!(
            "'{}' object is not an async iterable",
            vm.type_of(&args[0]).name().as_str()
        )));
    };
    let it = vm.call(&m, &[], &[])?;
    if vm.lookup_special_opt(&it, "__anext__")?.is_none() {
        return Err(vm.type_error(format!(
            "aiter() returned not an async iterator of type '{}'",
            vm.type_of(&it).name().as_str()
        )));
    }
    Ok(it)
}

/// `anext(it[, default])`: the awaitable `it.__anext__()`; with a default, an awaitable that
/// gives the default where `__anext__` would raise `StopAsyncIteration` (a coroutine of the
/// bundled `_anext`, where CPython has its `anext_awaitable` type).
pub(super) fn anext_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "anext", args, 1, 2)?;
    let Some(m) = vm.lookup_special_opt(&args[0], "__anext__")? else {
        return Err(vm.type_error(format!(
            "'{}' object is not an async iterator",
            vm.type_of(&args[0]).name().as_str()
        )));
    };
    if args.len() == 1 {
        return vm.call(&m, &[], &[]);
    }
    vm.call_library("_anext", "anext_default", &[m, args[1].clone()])
}

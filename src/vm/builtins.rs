//! The builtins namespace: functions such as `print`, `len`, `sorted`, `isinstance`, and the
//! lazy iterators `enumerate`, `zip`, `map`, `filter`, `reversed`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};

use super::call::Kwargs;
use super::dict::DictData;
use super::iter::{native_iter, IterState};
use super::object::{Builtin, Class, NativeFn, NativeObj};
use super::value::{PyStr, Value};
use super::{format, PyResult, Vm};

pub use super::construct::construct_builtin;

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
    match kwarg(kw, "file") {
        None | Some(Value::None) => vm.write_stdout(&out),
        Some(f) => {
            let f = f.clone();
            super::modules::sys::write_to(vm, &f, &out)?;
        }
    }
    if let Some(fl) = kwarg(kw, "flush") {
        if vm.truthy(fl)? {
            vm.flush();
        }
    }
    Ok(Value::None)
}

// ----- sizes and numbers -----

fn len(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "len", args, 1, 1)?;
    Ok(Value::Int(vm.len_of(&args[0])? as i64))
}

impl Vm {
    /// `len(v)`.
    pub fn len_of(&mut self, v: &Value) -> PyResult<usize> {
        Ok(match v {
            Value::Str(s) => s.char_len(),
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) => t.len(),
            Value::Dict(d) => d.borrow().len(),
            Value::Set(s) => s.borrow().len(),
            Value::FrozenSet(s) => s.len(),
            Value::Range(r) => r.len() as usize,
            _ => {
                if let Some(m) = self.lookup_special_opt(v, "__len__")? {
                    let r = self.call(&m, &[], &[])?;
                    let n = self.index_of(&r)?;
                    if n < 0 {
                        return Err(self.value_error("__len__() should return >= 0"));
                    }
                    return Ok(n as usize);
                }
                if let Some(b) = self.unwrap_base(v) {
                    return self.len_of(&b);
                }
                return Err(self.type_error(format!(
                    "object of type '{}' has no len()",
                    self.type_of(v).name().as_str()
                )));
            }
        })
    }
}

fn abs(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "abs", args, 1, 1)?;
    Ok(match &args[0] {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::from_bigint(BigInt::from(*i).abs()),
        },
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Big(b) => Value::from_bigint(b.abs()),
        Value::Float(f) => Value::Float(f.abs()),
        v => match vm.lookup_special_opt(v, "__abs__")? {
            Some(m) => return vm.call(&m, &[], &[]),
            None => {
                return Err(vm.type_error(format!(
                    "bad operand type for abs(): '{}'",
                    vm.type_of(v).name().as_str()
                )))
            }
        },
    })
}

fn minmax(vm: &mut Vm, args: &[Value], kw: Kwargs, is_max: bool) -> PyResult {
    let name = if is_max { "max" } else { "min" };
    let key = kwarg(kw, "key").cloned().filter(|k| !k.is_none());
    let default = kwarg(kw, "default").cloned();
    let items = match args.len() {
        0 => return Err(vm.type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => vm.collect(&args[0])?,
        _ => {
            if default.is_some() {
                return Err(vm.type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args.to_vec()
        }
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(vm.value_error(format!("{name}() arg is an empty sequence"))),
        };
    }
    vm.charge(items.len() as u64);
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(k) => vm.call(k, &[best.clone()], &[])?,
        None => best.clone(),
    };
    for it in &items[1..] {
        let k = match &key {
            Some(kf) => vm.call(kf, &[it.clone()], &[])?,
            None => it.clone(),
        };
        let better = if is_max {
            vm.lt(&best_key, &k)?
        } else {
            vm.lt(&k, &best_key)?
        };
        if better {
            best = it.clone();
            best_key = k;
        }
    }
    Ok(best)
}

fn max(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    minmax(vm, args, kw, true)
}

fn min(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    minmax(vm, args, kw, false)
}

fn sum(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    arity(vm, "sum", args, 1, 2)?;
    let mut acc = args
        .get(1)
        .or(kwarg(kw, "start"))
        .cloned()
        .unwrap_or(Value::Int(0));
    if let Value::Str(_) = acc {
        return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    // a range of ints sums without materialising it, still charged per element
    if let (Value::Range(r), Value::Int(start)) = (&args[0], &acc) {
        let n = r.len();
        vm.charge(n as u64);
        let (a, s, n) = (BigInt::from(r.start), BigInt::from(r.step), BigInt::from(n));
        let total = &n * &a + &s * (&n * (&n - 1) / 2) + BigInt::from(*start);
        return Ok(Value::from_bigint(total));
    }
    let it = vm.iter(&args[0])?;
    let mut count = 0u64;
    if let Value::Gen(g) = &it {
        // ints and floats added while the generator runs on; anything else added here
        loop {
            let mut sink = |_: &mut Vm, x: Value| {
                // updated in place, and an int or float forgotten: no drop glue per item
                match (&mut acc, &x) {
                    (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
                        Some(r) => *a = r,
                        None => return Some(x),
                    },
                    (Value::Float(a), Value::Float(b)) => *a += *b,
                    _ => return Some(x),
                }
                std::mem::forget(x);
                count += 1;
                None
            };
            let Some(x) = vm.drain_generator(g, &mut sink)? else {
                break;
            };
            count += 1;
            acc = vm.binary_op(crate::lang::bytecode::BinOp::Add, &acc, &x)?;
        }
        vm.charge(count);
        return Ok(acc);
    }
    while let Some(x) = vm.next(&it)? {
        count += 1;
        acc = match (&acc, &x) {
            (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
                Some(r) => Value::Int(r),
                None => vm.binary_op(crate::lang::bytecode::BinOp::Add, &acc, &x)?,
            },
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            _ => vm.binary_op(crate::lang::bytecode::BinOp::Add, &acc, &x)?,
        };
    }
    vm.charge(count);
    Ok(acc)
}

fn sorted(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    arity(vm, "sorted", args, 1, 1)?;
    let items = vm.collect(&args[0])?;
    let list = Value::list(items);
    let sort = vm.t().list.lookup("sort").expect("list.sort");
    vm.call(&sort, &[list.clone()], kw)?;
    Ok(list)
}

fn round(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    arity(vm, "round", args, 1, 2)?;
    let nd = args
        .get(1)
        .or(kwarg(kw, "ndigits"))
        .cloned()
        .filter(|v| !v.is_none());
    match (&args[0], nd) {
        (Value::Float(f), None) => {
            if f.is_nan() {
                return Err(vm.value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(vm.overflow_error("cannot convert float infinity to integer"));
            }
            let r = format::float_round_to_int(*f);
            super::construct::to_int(vm, &Value::Float(r))
        }
        (Value::Float(f), Some(n)) => {
            let n = vm.index_of(&n)?;
            Ok(Value::Float(format::float_round(*f, n)))
        }
        (Value::Int(_) | Value::Big(_) | Value::Bool(_), None) => {
            super::construct::to_int(vm, &args[0])
        }
        (Value::Int(_) | Value::Big(_) | Value::Bool(_), Some(n)) => {
            let n = vm.index_of(&n)?;
            if n >= 0 {
                return super::construct::to_int(vm, &args[0]);
            }
            let v = match &args[0] {
                Value::Int(i) => BigInt::from(*i),
                Value::Bool(b) => BigInt::from(*b as i64),
                Value::Big(b) => (**b).clone(),
                _ => unreachable!(),
            };
            let p = num_traits::pow(BigInt::from(10), (-n) as usize);
            let (q, r) = v.div_mod_floor(&p);
            let twice = &r * 2;
            let q = if twice > p || (twice == p && q.is_odd()) {
                q + 1
            } else {
                q
            };
            Ok(Value::from_bigint(q * p))
        }
        (v, nd) => {
            let v = v.clone();
            match vm.lookup_special_opt(&v, "__round__")? {
                Some(m) => {
                    let a: Vec<Value> = nd.into_iter().collect();
                    vm.call(&m, &a, &[])
                }
                None => Err(vm.type_error(format!(
                    "type {} doesn't define __round__ method",
                    vm.type_of(&v).name().as_str()
                ))),
            }
        }
    }
}

fn divmod(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "divmod", args, 2, 2)?;
    use crate::lang::bytecode::BinOp;
    let q = vm.binary_op(BinOp::FloorDiv, &args[0], &args[1])?;
    let r = vm.binary_op(BinOp::Mod, &args[0], &args[1])?;
    Ok(Value::tuple(vec![q, r]))
}

fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Big(b) => Some((**b).clone()),
        _ => None,
    }
}

fn pow(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let m = args
        .get(2)
        .or(kwarg(kw, "mod"))
        .cloned()
        .filter(|v| !v.is_none());
    let (base, exp) = match (
        args.first().or(kwarg(kw, "base")),
        args.get(1).or(kwarg(kw, "exp")),
    ) {
        (Some(b), Some(e)) => (b.clone(), e.clone()),
        _ => return Err(vm.type_error("pow() missing required argument 'exp' (pos 2)")),
    };
    let Some(m) = m else {
        return vm.binary_op(crate::lang::bytecode::BinOp::Pow, &base, &exp);
    };
    let (Some(b), Some(e), Some(md)) = (to_big(&base), to_big(&exp), to_big(&m)) else {
        return Err(
            vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    };
    if md.is_zero() {
        return Err(vm.value_error("pow() 3rd argument cannot be 0"));
    }
    let r = if e.is_negative() {
        // modular inverse
        let ext = b.mod_floor(&md).extended_gcd(&md);
        if !ext.gcd.is_one_abs() {
            return Err(vm.value_error("base is not invertible for the given modulus"));
        }
        let inv = ext.x.mod_floor(&md);
        inv.modpow(&(-e), &md.abs())
    } else {
        b.modpow(&e, &md.abs())
    };
    let r = if md.is_negative() && !r.is_zero() {
        r + &md
    } else {
        r
    };
    Ok(Value::from_bigint(r))
}

trait OneAbs {
    fn is_one_abs(&self) -> bool;
}
impl OneAbs for BigInt {
    fn is_one_abs(&self) -> bool {
        self.abs() == BigInt::from(1)
    }
}

// ----- types and attributes -----

fn class_list(vm: &Vm, v: &Value, fname: &str) -> PyResult<Vec<Rc<Class>>> {
    match v {
        Value::Class(c) => Ok(vec![c.clone()]),
        Value::Tuple(t) => {
            let mut out = vec![];
            for x in t.iter() {
                out.extend(class_list(vm, x, fname)?);
            }
            Ok(out)
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
    Ok(Value::Bool(targets.iter().any(|t| cls.is_subclass(t))))
}

fn issubclass(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "issubclass", args, 2, 2)?;
    let Value::Class(c) = &args[0] else {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    };
    let targets = class_list(vm, &args[1], "issubclass")?;
    Ok(Value::Bool(targets.iter().any(|t| c.is_subclass(t))))
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
        None => Err(vm.type_error("vars() without arguments is not supported")),
    }
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

// ----- iteration -----

fn iter_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "iter", args, 1, 2)?;
    if args.len() == 2 {
        return Ok(native_iter(
            IterState::Callable(args[0].clone(), args[1].clone(), Cell::new(false)),
            "callable_iterator",
        ));
    }
    vm.iter(&args[0])
}

fn next_(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
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
            super::frame::FrameExit::Yield(v) => Ok(v),
            super::frame::FrameExit::Return(v) => match args.get(1) {
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

fn any(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    any_all(vm, "any", args, true)
}

fn all(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    any_all(vm, "all", args, false)
}

/// `any` (`decisive` true) or `all` (`decisive` false): the first item whose truth is
/// `decisive` decides, else the iterable's end gives `not decisive`.
fn any_all(vm: &mut Vm, name: &str, args: &[Value], decisive: bool) -> PyResult {
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

fn globals_(vm: &mut Vm, _args: &[Value], _kw: Kwargs) -> PyResult {
    Err(vm.type_error("globals() is not supported by gilsim"))
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
        ("chr", chr_),
        ("ord", ord),
        ("hex", hex),
        ("bin", bin),
        ("oct", oct),
        ("iter", iter_),
        ("next", next_),
        ("any", any),
        ("all", all),
        ("globals", globals_),
        ("input", input),
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
    for n in ["enumerate", "zip", "map", "filter", "reversed"] {
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

//! The numeric builtins, and `len`: `abs`, `min`/`max` (with `key` and `default`), `sum`,
//! `sorted`, `round`, `divmod`, `pow`. Separate from the namespace table because they share
//! the number tower's helpers (big ints, float rounding) and nothing else of it.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};

use super::{arity, kwarg};
use crate::vm::call::Kwargs;
use crate::vm::value::Value;
use crate::vm::{format, PyResult, Vm};

pub(super) fn len(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
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

pub(super) fn abs(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
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

pub(super) fn minmax(vm: &mut Vm, args: &[Value], kw: Kwargs, is_max: bool) -> PyResult {
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

pub(super) fn max(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    minmax(vm, args, kw, true)
}

pub(super) fn min(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    minmax(vm, args, kw, false)
}

pub(super) fn sum(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
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

pub(super) fn sorted(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    arity(vm, "sorted", args, 1, 1)?;
    let items = vm.collect(&args[0])?;
    let list = Value::list(items);
    let sort = vm.t().list.lookup("sort").expect("list.sort");
    vm.call(&sort, &[list.clone()], kw)?;
    Ok(list)
}

pub(super) fn round(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
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
            crate::vm::construct::to_int(vm, &Value::Float(r))
        }
        (Value::Float(f), Some(n)) => {
            let n = vm.index_of(&n)?;
            Ok(Value::Float(format::float_round(*f, n)))
        }
        (Value::Int(_) | Value::Big(_) | Value::Bool(_), None) => {
            crate::vm::construct::to_int(vm, &args[0])
        }
        (Value::Int(_) | Value::Big(_) | Value::Bool(_), Some(n)) => {
            let n = vm.index_of(&n)?;
            if n >= 0 {
                return crate::vm::construct::to_int(vm, &args[0]);
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

pub(super) fn divmod(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    arity(vm, "divmod", args, 2, 2)?;
    use crate::lang::bytecode::BinOp;
    let q = vm.binary_op(BinOp::FloorDiv, &args[0], &args[1])?;
    let r = vm.binary_op(BinOp::Mod, &args[0], &args[1])?;
    Ok(Value::tuple(vec![q, r]))
}

pub(super) fn to_big(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Big(b) => Some((**b).clone()),
        _ => None,
    }
}

pub(super) fn pow(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
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

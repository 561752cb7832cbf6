//! Truth, comparison, equality and hashing: `bool(v)`, `==` and `<` and the other rich
//! comparisons (with `__eq__`/`__lt__`/... and their reflections), sequence comparison,
//! `hash()` and `__index__`. Separate from arithmetic, which shares only the numeric view
//! ([`Num`]) of a value with it.

use num_bigint::BigInt;

use super::{as_num, to_big, Num};
use crate::lang::bytecode::CmpOp;
use crate::vm::dict::{simple_eq, simple_hash};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};
use std::rc::Rc;

impl Vm {
    /// Truth value (`bool(v)`).
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::Bool(b) => *b,
            Value::None | Value::Null => false,
            Value::Int(i) => *i != 0,
            Value::Big(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.as_str().is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::Dict(d) => !d.borrow().is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::FrozenSet(s) => !s.is_empty(),
            Value::Range(r) => !r.is_empty(),
            Value::Inst(_) | Value::Native(_) => {
                if let Some(m) = self.lookup_special_opt(v, "__bool__")? {
                    let r = self.call(&m, &[], &[])?;
                    return match r {
                        Value::Bool(b) => Ok(b),
                        _ => Err(self.type_error(format!(
                            "__bool__ should return bool, returned {}",
                            self.type_of(&r).name().as_str()
                        ))),
                    };
                }
                if let Some(m) = self.lookup_special_opt(v, "__len__")? {
                    let r = self.call(&m, &[], &[])?;
                    return Ok(self.index_of(&r)? != 0);
                }
                if let Some(b) = self.unwrap_base(v) {
                    return self.truthy(&b);
                }
                true
            }
            _ => true,
        })
    }

    /// Python equality (`a == b`) as a bool.
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let Some(r) = simple_eq(a, b) {
            return Ok(r);
        }
        let r = self.rich_compare(CmpOp::Eq, a, b)?;
        self.truthy(&r)
    }

    /// `a < b` as a bool (sorting).
    pub fn lt(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return Ok(x < y),
            (Value::Float(x), Value::Float(y)) => return Ok(x < y),
            (Value::Str(x), Value::Str(y)) => return Ok(x.as_str() < y.as_str()),
            _ => {}
        }
        let r = self.rich_compare(CmpOp::Lt, a, b)?;
        self.truthy(&r)
    }

    /// Comparison operators, membership and identity.
    pub fn compare_op(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult {
        match op {
            CmpOp::Is => Ok(Value::Bool(a.is(b))),
            CmpOp::IsNot => Ok(Value::Bool(!a.is(b))),
            CmpOp::In => Ok(Value::Bool(self.contains(b, a)?)),
            CmpOp::NotIn => Ok(Value::Bool(!self.contains(b, a)?)),
            _ => self.rich_compare(op, a, b),
        }
    }

    /// `==`, `!=`, `<`, ... with the reflected-operand protocol.
    pub fn rich_compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult {
        if let Some(r) = self.builtin_compare(op, a, b)? {
            return Ok(Value::Bool(r));
        }
        let (fwd, rev) = match op {
            CmpOp::Lt => ("__lt__", "__gt__"),
            CmpOp::Le => ("__le__", "__ge__"),
            CmpOp::Eq => ("__eq__", "__eq__"),
            CmpOp::Ne => ("__ne__", "__ne__"),
            CmpOp::Gt => ("__gt__", "__lt__"),
            CmpOp::Ge => ("__ge__", "__le__"),
            _ => unreachable!(),
        };
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let b_sub = !Rc::ptr_eq(&ta, &tb) && tb.is_subclass(&ta);
        if b_sub {
            if let Some(m) = self.lookup_user_special(b, rev)? {
                let r = self.call(&m, &[a.clone()], &[])?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        if let Some(m) = self.lookup_user_special(a, fwd)? {
            let r = self.call(&m, &[b.clone()], &[])?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        if !b_sub {
            if let Some(m) = self.lookup_user_special(b, rev)? {
                let r = self.call(&m, &[a.clone()], &[])?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        // `__ne__` defaults to the negation of `__eq__`
        if op == CmpOp::Ne {
            if let Some(m) = self.lookup_user_special(a, "__eq__")? {
                let r = self.call(&m, &[b.clone()], &[])?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(Value::Bool(!self.truthy(&r)?));
                }
            }
        }
        let ua = self.unwrap_base(a);
        let ub = self.unwrap_base(b);
        if ua.is_some() || ub.is_some() {
            let a2 = ua.unwrap_or_else(|| a.clone());
            let b2 = ub.unwrap_or_else(|| b.clone());
            return self.rich_compare(op, &a2, &b2);
        }
        match op {
            CmpOp::Eq => Ok(Value::Bool(a.is(b) || ptr_eq(a, b))),
            CmpOp::Ne => Ok(Value::Bool(!(a.is(b) || ptr_eq(a, b)))),
            _ => Err(self.type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                ta.name().as_str(),
                tb.name().as_str()
            ))),
        }
    }

    /// Comparisons builtin types define; `None` when the operands are not such a pair.
    fn builtin_compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<Option<bool>> {
        use std::cmp::Ordering;
        if matches!(a, Value::Native(_)) || matches!(b, Value::Native(_)) {
            if let Some(o) = crate::vm::bytes::bytes_cmp(a, b) {
                return Ok(Some(match op {
                    CmpOp::Lt => o == Ordering::Less,
                    CmpOp::Le => o != Ordering::Greater,
                    CmpOp::Eq => o == Ordering::Equal,
                    CmpOp::Ne => o != Ordering::Equal,
                    CmpOp::Gt => o == Ordering::Greater,
                    _ => o != Ordering::Less,
                }));
            }
            return crate::vm::methods::dict::view_compare(self, op, a, b);
        }
        let ord: Option<Ordering> = match (a, b) {
            (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
            (Value::Str(x), Value::Str(y)) => Some(x.as_str().cmp(y.as_str())),
            _ => {
                if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
                    num_cmp(&x, &y)
                } else {
                    match (a, b) {
                        (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)) => {
                            return self.seq_compare(op, a, b).map(Some);
                        }
                        (
                            Value::Set(_) | Value::FrozenSet(_),
                            Value::Set(_) | Value::FrozenSet(_),
                        ) => {
                            return crate::vm::methods::set::set_compare(self, op, a, b).map(Some);
                        }
                        (Value::Dict(x), Value::Dict(y)) => {
                            if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                                let eq = self.dict_eq(&x.clone(), &y.clone())?;
                                return Ok(Some(if op == CmpOp::Eq { eq } else { !eq }));
                            }
                            return Ok(None);
                        }
                        (Value::Range(x), Value::Range(y))
                            if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
                        {
                            return Ok(Some(same_range(x, y) == (op == CmpOp::Eq)));
                        }
                        (Value::None, Value::None) => Some(Ordering::Equal),
                        _ => {
                            if matches!(op, CmpOp::Eq | CmpOp::Ne) {
                                if let Some(e) = builtin_eq_only(a, b) {
                                    return Ok(Some(e == (op == CmpOp::Eq)));
                                }
                            }
                            return Ok(None);
                        }
                    }
                }
            }
        };
        Ok(Some(match ord {
            None => op == CmpOp::Ne, // NaN
            Some(o) => match op {
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::Le => o != Ordering::Greater,
                CmpOp::Eq => o == Ordering::Equal,
                CmpOp::Ne => o != Ordering::Equal,
                CmpOp::Gt => o == Ordering::Greater,
                CmpOp::Ge => o != Ordering::Less,
                _ => false,
            },
        }))
    }

    /// Lexicographic comparison of lists or tuples.
    fn seq_compare(&mut self, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
        let x = self.collect(a)?;
        let y = self.collect(b)?;
        let n = x.len().min(y.len());
        for i in 0..n {
            if !self.eq(&x[i], &y[i])? {
                return match op {
                    CmpOp::Eq => Ok(false),
                    CmpOp::Ne => Ok(true),
                    _ => {
                        let r = self.rich_compare(op, &x[i], &y[i])?;
                        self.truthy(&r)
                    }
                };
            }
        }
        let (lx, ly) = (x.len(), y.len());
        Ok(match op {
            CmpOp::Lt => lx < ly,
            CmpOp::Le => lx <= ly,
            CmpOp::Eq => lx == ly,
            CmpOp::Ne => lx != ly,
            CmpOp::Gt => lx > ly,
            CmpOp::Ge => lx >= ly,
            _ => false,
        })
    }

    /// Python `hash(v)`.
    #[inline]
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(crate::vm::value::hash_i64(*i)),
            Value::Str(s) => Ok(s.hash()),
            _ => self.hash_general(v),
        }
    }

    #[inline(never)]
    fn hash_general(&mut self, v: &Value) -> PyResult<i64> {
        if let Some(h) = simple_hash(v) {
            return Ok(h);
        }
        match v {
            Value::List(_) | Value::Dict(_) | Value::Set(_) => Err(self.unhashable(v)),
            Value::Tuple(t) => {
                let items = t.clone();
                let mut acc: u64 = 2870177450012600261;
                for item in items.iter() {
                    let lane = self.hash(item)? as u64;
                    acc = acc.wrapping_add(lane.wrapping_mul(14029467366897019727));
                    acc = acc.rotate_left(31);
                    acc = acc.wrapping_mul(11400714785074694791);
                }
                acc = acc.wrapping_add((items.len() as u64) ^ (2870177450012600261 ^ 3527539));
                Ok(acc as i64)
            }
            Value::FrozenSet(s) => {
                let mut h: u64 = 0;
                for k in s.iter() {
                    let x = simple_hash(k).unwrap_or(0) as u64;
                    h ^= (x ^ (x << 16) ^ 89869747).wrapping_mul(3644798167);
                }
                Ok(h as i64)
            }
            Value::Native(_) if crate::vm::bytes::is_bytes(v) => {
                Ok(crate::vm::bytes::as_pybytes(v).map_or(0, |b| b.hash()))
            }
            Value::Inst(i) => {
                let cls = i.class();
                match cls.lookup("__hash__") {
                    Some(Value::None) => Err(self.unhashable(v)),
                    Some(h @ Value::Func(_)) => {
                        let r = self.call(&h, &[v.clone()], &[])?;
                        match r {
                            Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                            Value::Big(b) => Ok(crate::vm::value::hash_bigint(&b)),
                            _ => Err(self.type_error("__hash__ method should return an integer")),
                        }
                    }
                    _ => {
                        // a class that defines __eq__ without __hash__ is unhashable
                        if cls.is_user && cls.dict.borrow().get_str("__eq__").is_some() {
                            return Err(self.unhashable(v));
                        }
                        if let Some(b) = self.unwrap_base(v) {
                            return self.hash(&b);
                        }
                        Ok((v.ptr().unwrap_or(0) >> 4) as i64)
                    }
                }
            }
            _ => Ok((v.ptr().unwrap_or(0) >> 4) as i64),
        }
    }

    #[cold]
    fn unhashable(&self, v: &Value) -> crate::vm::PyErr {
        self.type_error(format!(
            "unhashable type: '{}'",
            self.type_of(v).name().as_str()
        ))
    }

    /// `int.__index__`: an integer from an int, a bool, or an object with `__index__`.
    pub fn index_of(&mut self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::Big(_) => Err(self.new_error(
                &self.t().exc.index_error.clone(),
                "cannot fit 'int' into an index-sized integer",
            )),
            _ => {
                if let Some(m) = self.lookup_special_opt(v, "__index__")? {
                    let r = self.call(&m, &[], &[])?;
                    return self.index_of(&r);
                }
                if let Some(b) = self.unwrap_base(v) {
                    return self.index_of(&b);
                }
                Err(self.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    self.type_of(v).name().as_str()
                )))
            }
        }
    }
}

fn ptr_eq(a: &Value, b: &Value) -> bool {
    matches!((a.ptr(), b.ptr()), (Some(x), Some(y)) if x == y)
}

/// Range equality as CPython decides it: the same sequence of values.
fn same_range(x: &crate::vm::object::RangeObj, y: &crate::vm::object::RangeObj) -> bool {
    let n = x.len();
    n == y.len() && (n == 0 || (x.start == y.start && (n == 1 || x.step == y.step)))
}

/// Equality for builtin types that only define `==` (functions, classes, None, ...).
fn builtin_eq_only(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Inst(_), _)
        | (_, Value::Inst(_))
        | (Value::Native(_), _)
        | (_, Value::Native(_)) => None,
        _ => Some(a.is(b) || ptr_eq(a, b) || simple_eq(a, b) == Some(true)),
    }
}

fn num_cmp(x: &Num, y: &Num) -> Option<std::cmp::Ordering> {
    match (x, y) {
        (Num::I(a), Num::I(b)) => Some(a.cmp(b)),
        (Num::F(a), Num::F(b)) => a.partial_cmp(b),
        (Num::F(a), other) | (other, Num::F(a)) => {
            let flip = matches!(y, Num::F(_)) && !matches!(x, Num::F(_));
            let o = if a.is_nan() {
                None
            } else if a.is_infinite() {
                Some(if *a > 0.0 {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Less
                })
            } else {
                let bi = to_big(other);
                // compare exactly: floor of a against bi
                let fa = *a;
                let fl = fa.floor();
                let fb = BigInt::from_f64_exact(fl);
                match fb.cmp(&bi) {
                    std::cmp::Ordering::Equal => {
                        if fa > fl {
                            Some(std::cmp::Ordering::Greater)
                        } else {
                            Some(std::cmp::Ordering::Equal)
                        }
                    }
                    o => Some(o),
                }
            };
            if flip {
                o.map(|o| o.reverse())
            } else {
                o
            }
        }
        _ => Some(to_big(x).cmp(&to_big(y))),
    }
}

trait FromF64Exact {
    fn from_f64_exact(f: f64) -> BigInt;
}
impl FromF64Exact for BigInt {
    fn from_f64_exact(f: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(f).unwrap_or_default()
    }
}

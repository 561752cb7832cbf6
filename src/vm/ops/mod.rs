//! Operators: arithmetic, with the dunder protocol for instances (`__add__`/`__radd__`/
//! `__iadd__`, unary `__neg__`...), and the i64 fast paths the interpreter loop inlines.
//! Truth, comparison, equality and hashing are in `compare`.

mod compare;

use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::value::{PyStr, Value};
use super::{PyResult, Vm};
use crate::lang::bytecode::{BinOp, CmpOp, UnaryOp};

/// The i64 fast path of a binary operator; `None` when it overflows or needs the slow path.
#[inline(always)]
pub fn int_fast(op: BinOp, x: i64, y: i64) -> Option<Value> {
    int_fast_i64(op, x, y).map(Value::Int)
}

/// [`int_fast`] returning the raw i64.
#[inline(always)]
pub fn int_fast_i64(op: BinOp, x: i64, y: i64) -> Option<i64> {
    use BinOp::*;
    Some(match op {
        Add | IAdd => x.checked_add(y)?,
        Sub | ISub => x.checked_sub(y)?,
        Mul | IMul => x.checked_mul(y)?,
        Mod | IMod => {
            if x >= 0 && y > 0 {
                // the common case, where Python's modulo is the machine's
                return Some(x % y);
            }
            if y == 0 {
                return None;
            }
            x.checked_rem_euclid(y)
                .map(|r| if r != 0 && y < 0 { r + y } else { r })?
        }
        FloorDiv | IFloorDiv => {
            if y == 0 {
                return None;
            }
            let q = x.checked_div(y)?;
            if (x % y != 0) && ((x < 0) != (y < 0)) {
                q - 1
            } else {
                q
            }
        }
        And | IAnd => x & y,
        Or | IOr => x | y,
        Xor | IXor => x ^ y,
        _ => return None,
    })
}

/// Compare two i64s (`None` for `in` and `not in`, which ints do not support).
#[inline(always)]
pub fn int_cmp(op: CmpOp, x: i64, y: i64) -> Option<bool> {
    Some(match op {
        CmpOp::Lt => x < y,
        CmpOp::Le => x <= y,
        CmpOp::Eq | CmpOp::Is => x == y,
        CmpOp::Ne | CmpOp::IsNot => x != y,
        CmpOp::Gt => x > y,
        CmpOp::Ge => x >= y,
        // `1 in 2` is a TypeError, which the generic path raises
        CmpOp::In | CmpOp::NotIn => return None,
    })
}

/// A numeric view of a value for mixed arithmetic.
pub(super) enum Num {
    I(i64),
    B(BigInt),
    F(f64),
}

pub(super) fn as_num(v: &Value) -> Option<Num> {
    Some(match v {
        Value::Int(i) => Num::I(*i),
        Value::Bool(b) => Num::I(*b as i64),
        Value::Big(b) => Num::B((**b).clone()),
        Value::Float(f) => Num::F(*f),
        _ => return None,
    })
}

pub(super) fn to_big(n: &Num) -> BigInt {
    match n {
        Num::I(i) => BigInt::from(*i),
        Num::B(b) => b.clone(),
        Num::F(_) => BigInt::zero(),
    }
}

/// An int as f64, with OverflowError for huge ones.
fn num_to_f64(vm: &Vm, n: &Num) -> PyResult<f64> {
    match n {
        Num::I(i) => Ok(*i as f64),
        Num::F(f) => Ok(*f),
        Num::B(b) => match b.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(vm.overflow_error("int too large to convert to float")),
        },
    }
}

/// Python's float `%` (sign of the divisor).
pub fn float_mod(x: f64, y: f64) -> f64 {
    let mut m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    m
}

/// Python's float `//`.
pub fn float_floordiv(x: f64, y: f64) -> f64 {
    let m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 && ((y < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(x / y)
    }
}

impl Vm {
    /// `a op b` for any values.
    pub fn binary_op(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult {
        if let (BinOp::Add | BinOp::IAdd, Value::Str(x), Value::Str(y)) = (op, a, b) {
            return Ok(Value::Str(Rc::new(PyStr::concat(x, y))));
        }
        if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
            match op.base() {
                BinOp::And => return Ok(Value::Bool(*x & *y)),
                BinOp::Or => return Ok(Value::Bool(*x | *y)),
                BinOp::Xor => return Ok(Value::Bool(*x ^ *y)),
                _ => {}
            }
        }
        if let (Some(x), Some(y)) = (as_num(a), as_num(b)) {
            if let Some(r) = self.num_binary(op, x, y)? {
                return Ok(r);
            }
        }
        if let Some(r) = self.builtin_binary(op, a, b)? {
            return Ok(r);
        }
        // the dunder protocol
        let (fwd, rev, inplace) = op.dunders();
        if op.is_inplace() {
            if let Some(m) = self.lookup_special_opt(a, inplace)? {
                let r = self.call(&m, &[b.clone()], &[])?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let b_subclass = !Rc::ptr_eq(&ta, &tb) && tb.is_subclass(&ta);
        if b_subclass {
            if let Some(m) = self.lookup_special_opt(b, rev)? {
                let r = self.call(&m, &[a.clone()], &[])?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        if let Some(m) = self.lookup_special_opt(a, fwd)? {
            let r = self.call(&m, &[b.clone()], &[])?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        if !b_subclass && !Rc::ptr_eq(&ta, &tb) {
            if let Some(m) = self.lookup_special_opt(b, rev)? {
                let r = self.call(&m, &[a.clone()], &[])?;
                if !matches!(r, Value::NotImplemented) {
                    return Ok(r);
                }
            }
        }
        // subclasses of builtins fall back to their builtin value
        let ua = self.unwrap_base(a);
        let ub = self.unwrap_base(b);
        if ua.is_some() || ub.is_some() {
            let a2 = ua.unwrap_or_else(|| a.clone());
            let b2 = ub.unwrap_or_else(|| b.clone());
            return self.binary_op(op, &a2, &b2);
        }
        if op.base() == BinOp::Or && (matches!(a, Value::Class(_)) || matches!(b, Value::Class(_)))
        {
            // `int | None`: a `types.UnionType`, as `type.__or__` gives
            let r = self.call_library("types", "_union", &[a.clone(), b.clone()])?;
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        let (na, nb) = (ta.name(), tb.name());
        match (op.base(), a) {
            (BinOp::Add, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
                return Err(self.type_error(format!(
                    "can only concatenate {} (not \"{}\") to {}",
                    na.as_str(),
                    nb.as_str(),
                    na.as_str()
                )))
            }
            (BinOp::Mul, Value::Str(_) | Value::List(_) | Value::Tuple(_)) => {
                return Err(self.type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    nb.as_str()
                )))
            }
            _ => {}
        }
        if op.base() == BinOp::Mul && matches!(b, Value::Str(_) | Value::List(_) | Value::Tuple(_))
        {
            return Err(self.type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                na.as_str()
            )));
        }
        Err(self.type_error(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            na.as_str(),
            nb.as_str()
        )))
    }

    /// The builtin value carried by an instance of a subclass of a builtin.
    pub fn unwrap_base(&self, v: &Value) -> Option<Value> {
        match v {
            Value::Inst(i) => {
                let b = i.base.borrow();
                if matches!(*b, Value::None) {
                    None
                } else {
                    Some(b.clone())
                }
            }
            _ => None,
        }
    }

    fn num_binary(&mut self, op: BinOp, x: Num, y: Num) -> PyResult<Option<Value>> {
        use BinOp::*;
        let base = op.base();
        if let (Num::F(_), _) | (_, Num::F(_)) = (&x, &y) {
            if matches!(base, LShift | RShift | And | Or | Xor | MatMul) {
                return Ok(None);
            }
            let a = num_to_f64(self, &x)?;
            let b = num_to_f64(self, &y)?;
            let r = match base {
                Add => a + b,
                Sub => a - b,
                Mul => a * b,
                TrueDiv => {
                    if b == 0.0 {
                        return Err(self.zero_division("float division by zero"));
                    }
                    a / b
                }
                FloorDiv => {
                    if b == 0.0 {
                        return Err(self.zero_division("float floor division by zero"));
                    }
                    float_floordiv(a, b)
                }
                Mod => {
                    if b == 0.0 {
                        return Err(self.zero_division("float modulo"));
                    }
                    float_mod(a, b)
                }
                Pow => {
                    if a == 0.0 && b < 0.0 {
                        return Err(self.zero_division("0.0 cannot be raised to a negative power"));
                    }
                    if a < 0.0 && b.fract() != 0.0 {
                        return Err(self.value_error(
                            "complex results are not supported (negative number to a fractional power)",
                        ));
                    }
                    let r = a.powf(b);
                    if r.is_infinite() && a.is_finite() && b.is_finite() {
                        return Err(self.overflow_error("(34, 'Numerical result out of range')"));
                    }
                    r
                }
                _ => return Ok(None),
            };
            return Ok(Some(Value::Float(r)));
        }
        // integers
        if let (Num::I(a), Num::I(b)) = (&x, &y) {
            if let Some(v) = int_fast(op, *a, *b) {
                return Ok(Some(v));
            }
        }
        let a = to_big(&x);
        let b = to_big(&y);
        let r = match base {
            Add => a + b,
            Sub => a - b,
            Mul => a * b,
            TrueDiv => {
                if b.is_zero() {
                    return Err(self.zero_division("division by zero"));
                }
                return Ok(Some(Value::Float(int_truediv(self, &a, &b)?)));
            }
            FloorDiv => {
                if b.is_zero() {
                    return Err(self.zero_division("integer division or modulo by zero"));
                }
                a.div_floor(&b)
            }
            Mod => {
                if b.is_zero() {
                    return Err(self.zero_division("integer modulo by zero"));
                }
                a.mod_floor(&b)
            }
            Pow => {
                if b.is_negative() {
                    let fa = num_to_f64(self, &Num::B(a))?;
                    let fb = num_to_f64(self, &Num::B(b))?;
                    if fa == 0.0 {
                        return Err(self.zero_division("0.0 cannot be raised to a negative power"));
                    }
                    return Ok(Some(Value::Float(fa.powf(fb))));
                }
                let e = b
                    .to_u32()
                    .ok_or_else(|| self.overflow_error("exponent too large"))?;
                num_traits::pow::pow(a, e as usize)
            }
            LShift => {
                if b.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                let s = b
                    .to_usize()
                    .ok_or_else(|| self.overflow_error("too many digits in integer"))?;
                a << s
            }
            RShift => {
                if b.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                let s = b.to_usize().unwrap_or(usize::MAX);
                if s > 1 << 20 {
                    if a.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                } else {
                    a >> s
                }
            }
            And => a & b,
            Or => a | b,
            Xor => a ^ b,
            _ => return Ok(None),
        };
        Ok(Some(Value::from_bigint(r)))
    }

    /// Operators builtin containers define: concatenation, repetition, set algebra, `%`.
    fn builtin_binary(&mut self, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
        use BinOp::*;
        let base = op.base();
        Ok(Some(match (base, a, b) {
            (Add, Value::Str(x), Value::Str(y)) => Value::Str(Rc::new(PyStr::concat(x, y))),
            (Add, Value::List(x), Value::List(y)) => {
                if op.is_inplace() {
                    let items = y.borrow().clone();
                    x.borrow_mut().extend(items);
                    return Ok(Some(a.clone()));
                }
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                Value::list(v)
            }
            (Add, Value::List(x), _) if op.is_inplace() => {
                let items = self.collect(b)?;
                x.borrow_mut().extend(items);
                return Ok(Some(a.clone()));
            }
            (Add, Value::Tuple(x), Value::Tuple(y)) => {
                let mut v = (**x).clone();
                v.extend(y.iter().cloned());
                Value::tuple(v)
            }
            (
                Mul,
                Value::Str(_) | Value::List(_) | Value::Tuple(_),
                Value::Int(_) | Value::Bool(_),
            ) => return self.repeat(a, b, op.is_inplace()),
            (
                Mul,
                Value::Int(_) | Value::Bool(_),
                Value::Str(_) | Value::List(_) | Value::Tuple(_),
            ) => return self.repeat(b, a, false),
            (Mod, Value::Str(s), _) => {
                let s = s.clone();
                return Ok(Some(super::repr::percent_format(self, s.as_str(), b)?));
            }
            (
                Sub | And | Or | Xor,
                Value::Set(_) | Value::FrozenSet(_),
                Value::Set(_) | Value::FrozenSet(_),
            ) => {
                return Ok(Some(super::methods::set::set_binary(
                    self,
                    base,
                    a,
                    b,
                    op.is_inplace(),
                )?));
            }
            (Or, Value::Dict(x), Value::Dict(y)) => {
                if op.is_inplace() {
                    self.dict_update_from(a, b, false)?;
                    return Ok(Some(a.clone()));
                }
                let d = Rc::new(std::cell::RefCell::new(x.borrow().clone()));
                let dv = Value::Dict(d);
                self.dict_update_from(&dv, &Value::Dict(y.clone()), false)?;
                dv
            }
            _ => return Ok(None),
        }))
    }

    fn repeat(&mut self, seq: &Value, n: &Value, inplace: bool) -> PyResult<Option<Value>> {
        let n = match n {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            _ => 0,
        };
        let n = n.max(0) as usize;
        Ok(Some(match seq {
            Value::Str(s) => {
                if s.as_str().len().saturating_mul(n) > 1 << 32 {
                    return Err(self.new_error(
                        &self.t().exc.overflow_error.clone(),
                        "repeated string is too long",
                    ));
                }
                Value::str(s.as_str().repeat(n))
            }
            Value::List(l) => {
                let items = l.borrow().clone();
                let mut v = Vec::with_capacity(items.len() * n);
                for _ in 0..n {
                    v.extend(items.iter().cloned());
                }
                if inplace {
                    *l.borrow_mut() = v;
                    return Ok(Some(seq.clone()));
                }
                Value::list(v)
            }
            Value::Tuple(t) => {
                let mut v = Vec::with_capacity(t.len() * n);
                for _ in 0..n {
                    v.extend(t.iter().cloned());
                }
                Value::tuple(v)
            }
            _ => return Ok(None),
        }))
    }

    /// Unary operators.
    pub fn unary_op(&mut self, op: UnaryOp, a: &Value) -> PyResult {
        match op {
            UnaryOp::Not => return Ok(Value::Bool(!self.truthy(a)?)),
            UnaryOp::Neg => match a {
                Value::Int(i) => {
                    return Ok(match i.checked_neg() {
                        Some(r) => Value::Int(r),
                        None => Value::from_bigint(-BigInt::from(*i)),
                    })
                }
                Value::Bool(b) => return Ok(Value::Int(-(*b as i64))),
                Value::Big(b) => return Ok(Value::from_bigint(-(**b).clone())),
                Value::Float(f) => return Ok(Value::Float(-f)),
                _ => {}
            },
            UnaryOp::Pos => match a {
                Value::Int(_) | Value::Big(_) | Value::Float(_) => return Ok(a.clone()),
                Value::Bool(b) => return Ok(Value::Int(*b as i64)),
                _ => {}
            },
            UnaryOp::Invert => match a {
                Value::Int(i) => return Ok(Value::Int(!i)),
                Value::Bool(b) => return Ok(Value::Int(!(*b as i64))),
                Value::Big(b) => return Ok(Value::from_bigint(-(**b).clone() - 1)),
                _ => {}
            },
        }
        let name = match op {
            UnaryOp::Neg => "__neg__",
            UnaryOp::Pos => "__pos__",
            UnaryOp::Invert => "__invert__",
            UnaryOp::Not => unreachable!(),
        };
        if let Some(m) = self.lookup_special_opt(a, name)? {
            return self.call(&m, &[], &[]);
        }
        if let Some(b) = self.unwrap_base(a) {
            return self.unary_op(op, &b);
        }
        let sym = match op {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            _ => "~",
        };
        Err(self.type_error(format!(
            "bad operand type for unary {}: '{}'",
            sym,
            self.type_of(a).name().as_str()
        )))
    }
}

/// Exact int / int true division rounded to the nearest float.
fn int_truediv(vm: &Vm, a: &BigInt, b: &BigInt) -> PyResult<f64> {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
            return Ok(x as f64 / y as f64);
        }
    }
    // scale so the quotient has 64+ significant bits, then round
    let neg = a.is_negative() != b.is_negative();
    let (a, b) = (a.abs(), b.abs());
    let shift: i64 = 70 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) = if shift >= 0 {
        (a << shift as usize, b)
    } else {
        (a, b << (-shift) as usize)
    };
    let q = num.div_floor(&den);
    let qf = q.to_f64().unwrap_or(f64::INFINITY);
    let r = qf * 2f64.powi(-shift as i32);
    if r.is_infinite() {
        return Err(vm.overflow_error("integer division result too large for a float"));
    }
    Ok(if neg { -r } else { r })
}

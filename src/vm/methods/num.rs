//! Methods of `int` and `float`: `bit_length`, `bit_count`, `conjugate`,
//! `as_integer_ratio`, `is_integer` and `__format__`.

use num_bigint::BigInt;
use num_traits::Zero;

use crate::vm::types::{add_method, Types};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

use super::{no_args, receiver, type_name, unpack, wrong_receiver, Kw};

/// The `int` receiver (bools and int-subclass instances included) as a BigInt.
fn this_int(vm: &Vm, args: &[Value], meth: &str) -> PyResult<BigInt> {
    match receiver(vm, args, "int", meth)? {
        Value::Int(i) => Ok(BigInt::from(i)),
        Value::Bool(b) => Ok(BigInt::from(b as i64)),
        Value::Big(b) => Ok((*b).clone()),
        _ => Err(wrong_receiver(vm, "int", meth, &args[0])),
    }
}

/// The `float` receiver.
fn this_float(vm: &Vm, args: &[Value], meth: &str) -> PyResult<f64> {
    match receiver(vm, args, "float", meth)? {
        Value::Float(x) => Ok(x),
        _ => Err(wrong_receiver(vm, "float", meth, &args[0])),
    }
}

fn bit_length(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let n = this_int(vm, args, "bit_length")?;
    no_args(vm, "int.bit_length", args, kw)?;
    Ok(Value::Int(n.bits() as i64))
}

fn bit_count(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let n = this_int(vm, args, "bit_count")?;
    no_args(vm, "int.bit_count", args, kw)?;
    let ones: u64 = n
        .magnitude()
        .iter_u64_digits()
        .map(|d| d.count_ones() as u64)
        .sum();
    Ok(Value::Int(ones as i64))
}

fn int_conjugate(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let n = this_int(vm, args, "conjugate")?;
    no_args(vm, "int.conjugate", args, kw)?;
    Ok(Value::from_bigint(n))
}

fn int_ratio(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let n = this_int(vm, args, "as_integer_ratio")?;
    no_args(vm, "int.as_integer_ratio", args, kw)?;
    Ok(Value::tuple(vec![Value::from_bigint(n), Value::Int(1)]))
}

fn int_format(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let _ = this_int(vm, args, "__format__")?;
    let a = unpack(vm, "__format__", args, kw, 1, 1)?;
    let Value::Str(spec) = super::base_of(&a[0]) else {
        return Err(vm.type_error(format!(
            "__format__() argument must be str, not {}",
            type_name(vm, &a[0])
        )));
    };
    let v = super::base_of(&args[0]);
    Ok(Value::str(super::str::format_with_spec(
        vm,
        &v,
        spec.as_str(),
    )?))
}

fn is_integer(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let x = this_float(vm, args, "is_integer")?;
    no_args(vm, "float.is_integer", args, kw)?;
    Ok(Value::Bool(x.is_finite() && x.fract() == 0.0))
}

fn float_conjugate(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let x = this_float(vm, args, "conjugate")?;
    no_args(vm, "float.conjugate", args, kw)?;
    Ok(Value::Float(x))
}

/// The exact ratio of a finite float, in lowest terms.
pub fn float_ratio(x: f64) -> (BigInt, BigInt) {
    if x == 0.0 {
        return (BigInt::zero(), BigInt::from(1));
    }
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    while m & 1 == 0 && e < 0 {
        m >>= 1;
        e += 1;
    }
    let mut num = BigInt::from(m);
    let mut den = BigInt::from(1);
    if e >= 0 {
        num <<= e as usize;
    } else {
        den <<= (-e) as usize;
    }
    if x < 0.0 {
        num = -num;
    }
    (num, den)
}

fn float_ratio_method(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let x = this_float(vm, args, "as_integer_ratio")?;
    no_args(vm, "float.as_integer_ratio", args, kw)?;
    if x.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if x.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    let (n, d) = float_ratio(x);
    Ok(Value::tuple(vec![
        Value::from_bigint(n),
        Value::from_bigint(d),
    ]))
}

fn float_format(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let x = this_float(vm, args, "__format__")?;
    let a = unpack(vm, "__format__", args, kw, 1, 1)?;
    let Value::Str(spec) = super::base_of(&a[0]) else {
        return Err(vm.type_error(format!(
            "__format__() argument must be str, not {}",
            type_name(vm, &a[0])
        )));
    };
    Ok(Value::str(super::str::format_with_spec(
        vm,
        &Value::Float(x),
        spec.as_str(),
    )?))
}

/// Register the `int` and `float` methods.
pub fn install(t: &Types) {
    let i = &t.int;
    add_method(i, "bit_length", bit_length);
    add_method(i, "bit_count", bit_count);
    add_method(i, "conjugate", int_conjugate);
    add_method(i, "as_integer_ratio", int_ratio);
    add_method(i, "__format__", int_format);
    let f = &t.float;
    add_method(f, "is_integer", is_integer);
    add_method(f, "conjugate", float_conjugate);
    add_method(f, "as_integer_ratio", float_ratio_method);
    add_method(f, "__format__", float_format);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios() {
        assert_eq!(float_ratio(0.5), (BigInt::from(1), BigInt::from(2)));
        assert_eq!(float_ratio(-3.0), (BigInt::from(-3), BigInt::from(1)));
        assert_eq!(
            float_ratio(0.1),
            (
                BigInt::from(3602879701896397u64),
                BigInt::from(36028797018963968u64)
            )
        );
    }
}

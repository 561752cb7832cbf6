//! `math`: the functions teaching programs use, with CPython's domain errors.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::super::call::Kwargs;
use super::super::construct::{to_float, to_int};
use super::super::value::Value;
use super::super::{PyResult, Vm};

fn arg(vm: &mut Vm, args: &[Value], i: usize, name: &str) -> PyResult<f64> {
    match args.get(i) {
        Some(v) => to_float(vm, v),
        None => Err(vm.type_error(format!("math.{name}() missing argument"))),
    }
}

fn big(vm: &mut Vm, v: &Value, name: &str) -> PyResult<BigInt> {
    match v {
        Value::Int(i) => Ok(BigInt::from(*i)),
        Value::Bool(b) => Ok(BigInt::from(*b as i64)),
        Value::Big(b) => Ok((**b).clone()),
        Value::Float(_) => Err(vm.type_error("'float' object cannot be interpreted as an integer")),
        other => {
            let i = vm
                .index_of(other)
                .map_err(|_| vm.type_error(format!("{name}() argument must be int")))?;
            Ok(BigInt::from(i))
        }
    }
}

fn domain(vm: &Vm) -> super::super::PyErr {
    vm.value_error("math domain error")
}

fn check(vm: &Vm, x: f64, r: f64) -> PyResult {
    if r.is_nan() && !x.is_nan() {
        return Err(domain(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(vm.overflow_error("math range error"));
    }
    Ok(Value::Float(r))
}

macro_rules! unary {
    ($name:ident, $f:expr) => {
        fn $name(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
            let x = arg(vm, args, 0, stringify!($name))?;
            let f: fn(f64) -> f64 = $f;
            check(vm, x, f(x))
        }
    };
}

unary!(sqrt, |x| if x < 0.0 { f64::NAN } else { x.sqrt() });
unary!(exp, f64::exp);
unary!(sin, f64::sin);
unary!(cos, f64::cos);
unary!(tan, f64::tan);
unary!(asin, |x| if x.abs() > 1.0 { f64::NAN } else { x.asin() });
unary!(acos, |x| if x.abs() > 1.0 { f64::NAN } else { x.acos() });
unary!(atan, f64::atan);
unary!(sinh, f64::sinh);
unary!(cosh, f64::cosh);
unary!(tanh, f64::tanh);
unary!(fabs, f64::abs);
unary!(degrees, f64::to_degrees);
unary!(radians, f64::to_radians);
unary!(log2, |x| if x <= 0.0 { f64::NAN } else { x.log2() });
unary!(log10, |x| if x <= 0.0 { f64::NAN } else { x.log10() });

fn log(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    // log of a big int works through its bit length, as CPython does
    let ln = |vm: &mut Vm, v: &Value| -> PyResult<f64> {
        if let Value::Big(b) = v {
            if b.is_positive() {
                let bits = b.bits() as i64 - 60;
                let top = (&**b >> bits as usize).to_f64().unwrap();
                return Ok(top.ln() + bits as f64 * std::f64::consts::LN_2);
            }
            return Err(domain(vm));
        }
        let x = to_float(vm, v)?;
        if x <= 0.0 {
            return Err(domain(vm));
        }
        Ok(x.ln())
    };
    let Some(a) = args.first() else {
        return Err(vm.type_error("log expected at least 1 argument, got 0"));
    };
    let n = ln(vm, a)?;
    match args.get(1) {
        Some(b) => {
            let d = ln(vm, b)?;
            if d == 0.0 {
                return Err(vm.zero_division("float division by zero"));
            }
            Ok(Value::Float(n / d))
        }
        None => Ok(Value::Float(n)),
    }
}

fn pow_(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let x = arg(vm, args, 0, "pow")?;
    let y = arg(vm, args, 1, "pow")?;
    if x == 0.0 && y < 0.0 {
        return Err(domain(vm));
    }
    if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
        return Err(domain(vm));
    }
    check(vm, x, x.powf(y))
}

fn atan2(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let y = arg(vm, args, 0, "atan2")?;
    let x = arg(vm, args, 1, "atan2")?;
    Ok(Value::Float(y.atan2(x)))
}

fn hypot(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let mut acc = 0.0f64;
    for i in 0..args.len() {
        let v = arg(vm, args, i, "hypot")?;
        acc = acc.hypot(v);
    }
    Ok(Value::Float(acc))
}

fn dist(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let p = vm.collect(&args[0])?;
    let q = vm.collect(&args[1])?;
    if p.len() != q.len() {
        return Err(vm.value_error("both points must have the same number of dimensions"));
    }
    let mut acc = 0.0f64;
    for (a, b) in p.iter().zip(&q) {
        let d = to_float(vm, a)? - to_float(vm, b)?;
        acc = acc.hypot(d);
    }
    Ok(Value::Float(acc))
}

fn float_to_int(vm: &mut Vm, x: f64) -> PyResult {
    to_int(vm, &Value::Float(x))
}

fn rounding(vm: &mut Vm, args: &[Value], name: &str, f: fn(f64) -> f64) -> PyResult {
    let Some(v) = args.first() else {
        return Err(vm.type_error(format!(
            "math.{name}() takes exactly one argument (0 given)"
        )));
    };
    match v {
        Value::Int(_) | Value::Big(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(x) => float_to_int(vm, f(*x)),
        other => {
            let dunder = format!("__{name}__");
            if let Some(m) = vm.lookup_special_opt(other, &dunder)? {
                return vm.call(&m, &[], &[]);
            }
            let x = to_float(vm, other)?;
            float_to_int(vm, f(x))
        }
    }
}

fn floor(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    rounding(vm, args, "floor", f64::floor)
}
fn ceil(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    rounding(vm, args, "ceil", f64::ceil)
}
fn trunc(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    rounding(vm, args, "trunc", f64::trunc)
}

fn factorial(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let n = big(vm, &args[0], "factorial")?;
    if n.is_negative() {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let n = n.to_u64().unwrap_or(0);
    vm.charge(n);
    let mut r = BigInt::one();
    for i in 2..=n {
        r *= i;
    }
    Ok(Value::from_bigint(r))
}

fn gcd(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let mut g = BigInt::zero();
    for a in args {
        let b = big(vm, a, "gcd")?;
        g = g.gcd(&b);
    }
    Ok(Value::from_bigint(g))
}

fn lcm(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let mut l = BigInt::one();
    for a in args {
        let b = big(vm, a, "lcm")?;
        if b.is_zero() {
            return Ok(Value::Int(0));
        }
        l = l.lcm(&b);
    }
    Ok(Value::from_bigint(l))
}

fn isqrt(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let n = big(vm, &args[0], "isqrt")?;
    if n.is_negative() {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_bigint(n.sqrt()))
}

fn comb(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let n = big(vm, &args[0], "comb")?;
    let k = big(vm, &args[1], "comb")?;
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k).to_u64().unwrap_or(0);
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * (&n - i) / (i + 1);
    }
    Ok(Value::from_bigint(r))
}

fn perm(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let n = big(vm, &args[0], "perm")?;
    let k = match args.get(1) {
        Some(Value::None) | None => n.clone(),
        Some(v) => big(vm, v, "perm")?,
    };
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = k.to_u64().unwrap_or(0);
    let mut r = BigInt::one();
    for i in 0..k {
        r *= &n - i;
    }
    Ok(Value::from_bigint(r))
}

/// Shewchuk's exact summation, as CPython's `math.fsum`.
fn fsum(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let items = vm.collect(&args[0])?;
    let mut partials: Vec<f64> = vec![];
    for it in &items {
        let mut x = to_float(vm, it)?;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        partials.push(x);
    }
    let mut hi = 0.0;
    if let Some(mut n) = partials.len().checked_sub(1) {
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}

fn prod(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let items = vm.collect(&args[0])?;
    let mut acc = kw
        .iter()
        .find(|(k, _)| k.as_str() == "start")
        .map(|(_, v)| v.clone())
        .unwrap_or(Value::Int(1));
    for it in items {
        acc = vm.binary_op(crate::lang::bytecode::BinOp::Mul, &acc, &it)?;
    }
    Ok(acc)
}

fn isclose(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let a = arg(vm, args, 0, "isclose")?;
    let b = arg(vm, args, 1, "isclose")?;
    let mut rel = 1e-9;
    let mut abs = 0.0;
    for (k, v) in kw {
        match k.as_str() {
            "rel_tol" => rel = to_float(vm, v)?,
            "abs_tol" => abs = to_float(vm, v)?,
            _ => {}
        }
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let d = (a - b).abs();
    Ok(Value::Bool(
        d <= (rel * b).abs() || d <= (rel * a).abs() || d <= abs,
    ))
}

fn isfinite(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Bool(arg(vm, args, 0, "isfinite")?.is_finite()))
}
fn isinf(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Bool(arg(vm, args, 0, "isinf")?.is_infinite()))
}
fn isnan(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Bool(arg(vm, args, 0, "isnan")?.is_nan()))
}
fn copysign(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let a = arg(vm, args, 0, "copysign")?;
    let b = arg(vm, args, 1, "copysign")?;
    Ok(Value::Float(a.copysign(b)))
}
fn fmod(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let a = arg(vm, args, 0, "fmod")?;
    let b = arg(vm, args, 1, "fmod")?;
    if b == 0.0 {
        return Err(domain(vm));
    }
    Ok(Value::Float(a % b))
}
fn frexp(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let x = arg(vm, args, 0, "frexp")?;
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::tuple(vec![Value::Float(x), Value::Int(0)]));
    }
    let mut e = x.abs().log2().floor() as i32 + 1;
    let mut m = x / 2f64.powi(e);
    if m.abs() >= 1.0 {
        m /= 2.0;
        e += 1;
    } else if m.abs() < 0.5 {
        m *= 2.0;
        e -= 1;
    }
    Ok(Value::tuple(vec![Value::Float(m), Value::Int(e as i64)]))
}
fn ldexp(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let x = arg(vm, args, 0, "ldexp")?;
    let e = vm.index_of(&args[1])?;
    check(vm, x, x * 2f64.powi(e as i32))
}
fn modf(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let x = arg(vm, args, 0, "modf")?;
    let i = x.trunc();
    Ok(Value::tuple(vec![
        Value::Float((x - i).copysign(x)),
        Value::Float(i),
    ]))
}

/// The `math` module.
pub fn make() -> Value {
    super::module(
        "math",
        &[
            ("sqrt", sqrt),
            ("exp", exp),
            ("sin", sin),
            ("cos", cos),
            ("tan", tan),
            ("asin", asin),
            ("acos", acos),
            ("atan", atan),
            ("sinh", sinh),
            ("cosh", cosh),
            ("tanh", tanh),
            ("fabs", fabs),
            ("degrees", degrees),
            ("radians", radians),
            ("log", log),
            ("log2", log2),
            ("log10", log10),
            ("pow", pow_),
            ("atan2", atan2),
            ("hypot", hypot),
            ("dist", dist),
            ("floor", floor),
            ("ceil", ceil),
            ("trunc", trunc),
            ("factorial", factorial),
            ("gcd", gcd),
            ("lcm", lcm),
            ("isqrt", isqrt),
            ("comb", comb),
            ("perm", perm),
            ("fsum", fsum),
            ("prod", prod),
            ("isclose", isclose),
            ("isfinite", isfinite),
            ("isinf", isinf),
            ("isnan", isnan),
            ("copysign", copysign),
            ("fmod", fmod),
            ("frexp", frexp),
            ("ldexp", ldexp),
            ("modf", modf),
        ],
        vec![
            ("pi", Value::Float(std::f64::consts::PI)),
            ("e", Value::Float(std::f64::consts::E)),
            ("tau", Value::Float(std::f64::consts::TAU)),
            ("inf", Value::Float(f64::INFINITY)),
            ("nan", Value::Float(f64::NAN)),
        ],
    )
}

//! `int.to_bytes` and `int.from_bytes`: ints to and from `bytes`, big- or little-endian,
//! signed or not, with CPython 3.11's defaults (`length=1`, `byteorder='big'`) and errors.

use std::rc::Rc;

use num_bigint::{BigInt, Sign};

use super::{bytes_of, new_bytes};
use crate::vm::call::Kwargs;
use crate::vm::object::{Builtin, ClassMethod};
use crate::vm::types::add_method;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// `byteorder`: true for big-endian.
fn big_endian(vm: &Vm, v: Option<&Value>) -> PyResult<bool> {
    match v {
        None => Ok(true),
        Some(Value::Str(s)) => match s.as_str() {
            "big" => Ok(true),
            "little" => Ok(false),
            _ => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
        },
        Some(v) => Err(vm.type_error(format!(
            "to_bytes() argument 'byteorder' must be str, not {}",
            vm.type_of(v).name().as_str()
        ))),
    }
}

/// Keyword arguments, owned.
type OwnedKwargs = Vec<(Rc<crate::vm::value::PyStr>, Value)>;

/// The keyword-only `signed` flag, and the other keyword arguments.
fn split_signed(vm: &mut Vm, kw: Kwargs) -> PyResult<(bool, OwnedKwargs)> {
    let mut signed = false;
    let mut rest = vec![];
    for (k, v) in kw {
        if k.as_str() == "signed" {
            signed = vm.truthy(v)?;
        } else {
            rest.push((k.clone(), v.clone()));
        }
    }
    Ok((signed, rest))
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn to_bytes(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let n: BigInt = match args.first() {
        Some(Value::Int(i)) => BigInt::from(*i),
        Some(Value::Bool(b)) => BigInt::from(*b as i64),
        Some(Value::Big(b)) => (**b).clone(),
        _ => return Err(vm.type_error("descriptor 'to_bytes' requires an 'int' object")),
    };
    let (signed, kw) = split_signed(vm, kw)?;
    let a = crate::vm::methods::clinic(vm, "to_bytes", args, &kw, &["length", "byteorder"], 0)?;
    let length = match &a[0] {
        Some(v) => vm.index_of(v)?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let big = big_endian(vm, a[1].as_ref())?;
    if !signed && n.sign() == Sign::Minus {
        return Err(vm.new_error(
            &vm.t().exc.overflow_error.clone(),
            "can't convert negative int to unsigned",
        ));
    }
    let mut le = if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    if n.sign() == Sign::NoSign {
        le.clear();
    }
    let length = length as usize;
    if le.len() > length {
        return Err(vm.new_error(&vm.t().exc.overflow_error.clone(), "int too big to convert"));
    }
    let fill = if signed && n.sign() == Sign::Minus {
        0xff
    } else {
        0
    };
    le.resize(length, fill);
    if big {
        le.reverse();
    }
    Ok(new_bytes(le))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
fn from_bytes(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    // called through the classmethod: args[0] is the class
    let (signed, kw) = split_signed(vm, kw)?;
    let a = crate::vm::methods::clinic(vm, "from_bytes", args, &kw, &["bytes", "byteorder"], 1)?;
    let src = a[0].clone().unwrap_or(Value::None);
    let data: Vec<u8> = match bytes_of(&src) {
        Some(b) => b.to_vec(),
        None => match &src {
            Value::Str(_) => {
                return Err(vm.type_error("cannot convert 'str' object to bytes"));
            }
            _ => {
                let b = super::construct(vm, std::slice::from_ref(&src), &[])?;
                bytes_of(&b).map(|b| b.to_vec()).unwrap_or_default()
            }
        },
    };
    let big = big_endian(vm, a[1].as_ref())?;
    let n = match (big, signed) {
        (true, true) => BigInt::from_signed_bytes_be(&data),
        (true, false) => BigInt::from_bytes_be(Sign::Plus, &data),
        (false, true) => BigInt::from_signed_bytes_le(&data),
        (false, false) => BigInt::from_bytes_le(Sign::Plus, &data),
    };
    let v = Value::from_bigint(n);
    // `bool.from_bytes` gives a bool
    if let Some(Value::Class(c)) = args.first() {
        if std::rc::Rc::ptr_eq(c, &vm.t().bool) {
            return Ok(Value::Bool(vm.truthy(&v)?));
        }
    }
    Ok(v)
}

/// Register `int.to_bytes` and `int.from_bytes`.
pub(super) fn install(t: &crate::vm::types::Types) {
    add_method(&t.int, "to_bytes", to_bytes);
    t.int.dict.borrow_mut().set_str(
        "from_bytes",
        Value::native(ClassMethod(Value::Builtin(Rc::new(Builtin {
            name: "from_bytes",
            owner: Some("int"),
            f: from_bytes,
            data: Value::None,
        })))),
    );
}

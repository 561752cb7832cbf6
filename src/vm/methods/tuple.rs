//! Methods of `tuple`: `index` and `count`.

use std::rc::Rc;

use crate::vm::types::{add_method, Types};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

use super::{one_arg, receiver, unpack, wrong_receiver, Kw};

/// The `tuple` receiver of `tuple.meth`.
fn this(vm: &Vm, args: &[Value], meth: &str) -> PyResult<Rc<Vec<Value>>> {
    match receiver(vm, args, "tuple", meth)? {
        Value::Tuple(t) => Ok(t),
        _ => Err(wrong_receiver(vm, "tuple", meth, &args[0])),
    }
}

/// A `start`/`stop` bound normalised to `0..=len`.
fn bound(vm: &mut Vm, v: Option<&Value>, default: i64, len: usize) -> PyResult<usize> {
    let i = match v {
        None => default,
        Some(Value::Big(b)) => {
            if num_traits::Signed::is_negative(&**b) {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        }
        Some(v) => match vm.index_of(v) {
            Ok(i) => i,
            Err(_) => {
                return Err(
                    vm.type_error("slice indices must be integers or have an __index__ method")
                )
            }
        },
    };
    let len = len as i64;
    Ok(if i < 0 { (i + len).max(0) } else { i.min(len) } as usize)
}

fn index(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let t = this(vm, args, "index")?;
    let a = unpack(vm, "index", args, kw, 1, 3)?;
    let lo = bound(vm, a.get(1), 0, t.len())?;
    let hi = bound(vm, a.get(2), i64::MAX / 2, t.len())?;
    for i in lo..hi {
        if t[i].is(&a[0]) || vm.eq(&t[i], &a[0])? {
            vm.charge((i - lo) as u64 / 4);
            return Ok(Value::Int(i as i64));
        }
    }
    vm.charge(hi.saturating_sub(lo) as u64 / 4);
    Err(vm.value_error("tuple.index(x): x not in tuple"))
}

fn count(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let t = this(vm, args, "count")?;
    let x = one_arg(vm, "tuple.count", args, kw)?;
    let mut n = 0;
    for item in t.iter() {
        if item.is(&x) || vm.eq(item, &x)? {
            n += 1;
        }
    }
    vm.charge(t.len() as u64 / 4);
    Ok(Value::Int(n))
}

/// Register the `tuple` methods.
pub fn install(t: &Types) {
    add_method(&t.tuple, "index", index);
    add_method(&t.tuple, "count", count);
}

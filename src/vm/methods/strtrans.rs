//! `str.maketrans` and `str.translate`.

use std::rc::Rc;

use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

use super::str::{as_pystr, this};
use super::{one_arg, type_name, Kw};

/// `str.maketrans(x[, y[, z]])` (a static method).
pub(crate) fn maketrans(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    super::no_kwargs(vm, "maketrans", kw)?;
    let n = args.len();
    if n == 0 || n > 3 {
        let (at, k) = if n == 0 {
            ("at least", 1)
        } else {
            ("at most", 3)
        };
        return Err(vm.type_error(format!(
            "maketrans expected {at} {k} argument{}, got {n}",
            if k == 1 { "" } else { "s" }
        )));
    }
    let out = crate::vm::dict::DictData::new();
    let d = Rc::new(std::cell::RefCell::new(out));
    if n == 1 {
        let Value::Dict(src) = super::base_of(&args[0]) else {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        };
        let items = src.borrow().items();
        for (k, v) in items {
            let key = match &k {
                Value::Str(s) => {
                    if s.char_len() != 1 {
                        return Err(
                            vm.value_error("string keys in translate table must be of length 1")
                        );
                    }
                    Value::Int(s.as_str().chars().next().unwrap() as i64)
                }
                Value::Int(_) | Value::Bool(_) => k.clone(),
                _ => {
                    return Err(vm.type_error("keys in translate table must be strings or integers"))
                }
            };
            vm.dict_set(&d, key, v)?;
        }
        return Ok(Value::Dict(d));
    }
    let x = as_pystr(&args[0]).ok_or_else(|| {
        vm.type_error(format!(
            "maketrans() argument 1 must be str, not {}",
            type_name(vm, &args[0])
        ))
    })?;
    let y = as_pystr(&args[1]).ok_or_else(|| {
        vm.type_error(format!(
            "maketrans() argument 2 must be str, not {}",
            type_name(vm, &args[1])
        ))
    })?;
    if x.char_len() != y.char_len() {
        return Err(vm.value_error("the first two maketrans arguments must have equal length"));
    }
    for (a, b) in x.as_str().chars().zip(y.as_str().chars()) {
        vm.dict_set(&d, Value::Int(a as i64), Value::Int(b as i64))?;
    }
    if let Some(z) = args.get(2) {
        let z = as_pystr(z).ok_or_else(|| {
            vm.type_error(format!(
                "maketrans() argument 3 must be str, not {}",
                type_name(vm, z)
            ))
        })?;
        for c in z.as_str().chars() {
            vm.dict_set(&d, Value::Int(c as i64), Value::None)?;
        }
    }
    Ok(Value::Dict(d))
}

pub(crate) fn translate(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "translate")?;
    let table = one_arg(vm, "str.translate", args, kw)?;
    let lookup_err = vm.t().exc.lookup_error.clone();
    let mut out = String::with_capacity(s.as_str().len());
    for c in s.as_str().chars() {
        let r = match vm.getitem(&table, &Value::Int(c as i64)) {
            Ok(v) => v,
            Err(e) if e.matches(&lookup_err) => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match super::base_of(&r) {
            Value::None => {}
            Value::Int(i) => match u32::try_from(i).ok().and_then(char::from_u32) {
                Some(ch) => out.push(ch),
                None => return Err(vm.value_error("character mapping must be in range(0x110000)")),
            },
            Value::Str(t) => out.push_str(t.as_str()),
            _ => return Err(vm.type_error("character mapping must return integer, None or str")),
        }
    }
    vm.charge(s.char_len() as u64);
    Ok(Value::str(out))
}

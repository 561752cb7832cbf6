//! Native modules: `sys`, `math`, `time`, `os`, `_thread`, `_random`, `_asyncio`.

pub mod aio;
pub mod math;
pub mod random_core;
pub mod sys;
pub mod thread;
pub mod time;

use std::cell::RefCell;
use std::rc::Rc;

use super::dict::DictData;
use super::object::{Builtin, Module, NativeFn};
use super::value::{PyStr, Value};
use super::{PyResult, Vm};

/// The native modules gilsim provides.
pub const NATIVE: &[&str] = &[
    "sys", "math", "time", "os", "_thread", "_random", "_asyncio",
];

/// Whether `name` is a native module.
pub fn is_native(name: &str) -> bool {
    NATIVE.contains(&name)
}

/// A module object from a name and its functions and values.
pub fn module(name: &str, fns: &[(&'static str, NativeFn)], values: Vec<(&str, Value)>) -> Value {
    let mut d = DictData::new();
    d.set_str("__name__", Value::str(name));
    d.set_str("__doc__", Value::None);
    for (n, f) in fns {
        d.set_str(
            n,
            Value::Builtin(Rc::new(Builtin {
                name: n,
                owner: None,
                f: *f,
                data: Value::None,
            })),
        );
    }
    for (n, v) in values {
        d.set_str(n, v);
    }
    Value::Module(Rc::new(Module {
        name: Rc::new(PyStr::new(name)),
        dict: Rc::new(RefCell::new(d)),
    }))
}

/// Build the native module `name`.
pub fn make_native(vm: &mut Vm, name: &str) -> PyResult {
    Ok(match name {
        "sys" => sys::make(vm),
        "math" => math::make(),
        "time" => time::make(),
        "_thread" => thread::make(vm),
        "_random" => random_core::make(vm),
        "_asyncio" => aio::make(),
        "os" => module(
            "os",
            &[
                ("cpu_count", os_cpu_count),
                ("getpid", os_getpid),
                ("getppid", os_getppid),
            ],
            vec![
                ("sep", Value::str("/")),
                ("linesep", Value::str("\n")),
                ("name", Value::str("posix")),
            ],
        ),
        _ => {
            return Err(vm.new_error(
                &vm.t().exc.module_not_found_error.clone(),
                format!("No module named '{name}'"),
            ))
        }
    })
}

fn os_cpu_count(vm: &mut Vm, _a: &[Value], _k: super::call::Kwargs) -> PyResult {
    Ok(Value::Int(vm.interp.cores as i64))
}

fn os_getpid(_vm: &mut Vm, _a: &[Value], _k: super::call::Kwargs) -> PyResult {
    Ok(Value::Int(1000))
}

fn os_getppid(_vm: &mut Vm, _a: &[Value], _k: super::call::Kwargs) -> PyResult {
    Ok(Value::Int(999))
}

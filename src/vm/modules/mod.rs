//! Native modules: `sys`, `math`, `time`, `os`, `io`, `_thread`, `_random`, `_asyncio`.

pub mod aio;
pub mod math;
pub mod process;
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
    "sys", "math", "time", "os", "io", "_io", "_thread", "_random", "_asyncio", "_gilsim",
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
        lazy: Default::default(),
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
        "_gilsim" => process::make(),
        "_asyncio" => aio::make(),
        "os" => {
            let mut fns: Vec<(&'static str, NativeFn)> = vec![
                ("cpu_count", os_cpu_count),
                ("getpid", os_getpid),
                ("getppid", os_getppid),
                ("_exit", os_exit),
                ("kill", os_kill),
                ("getcwd", os_getcwd),
            ];
            let mut values = vec![
                ("sep", Value::str("/")),
                ("linesep", Value::str("\n")),
                ("name", Value::str("posix")),
            ];
            let (more_fns, more_values) = super::files::fs::os_functions();
            fns.extend(more_fns);
            values.extend(more_values);
            module("os", &fns, values)
        }
        "io" | "_io" => super::files::make_io_module(vm, name),
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

fn os_getpid(vm: &mut Vm, _a: &[Value], _k: super::call::Kwargs) -> PyResult {
    Ok(Value::Int(vm.interp.pid))
}

/// `os._exit(n)`: the process ends at once, its threads with it.
fn os_exit(vm: &mut Vm, a: &[Value], _k: super::call::Kwargs) -> PyResult {
    let code = match a.first() {
        Some(Value::Int(n)) => *n as i32,
        _ => return Err(vm.type_error("_exit() argument must be an integer")),
    };
    let pid = vm.interp.pid;
    vm.flush();
    vm.with_host(|h, vm| h.kill(vm, pid, code))?;
    Ok(Value::None)
}

/// `os.kill(pid, sig)`: the process ends as if killed by signal `sig` (exit code `-sig`).
fn os_kill(vm: &mut Vm, a: &[Value], _k: super::call::Kwargs) -> PyResult {
    let (Some(Value::Int(pid)), Some(Value::Int(sig))) = (a.first(), a.get(1)) else {
        return Err(vm.type_error("kill() arguments must be integers"));
    };
    let (pid, sig) = (*pid, *sig);
    if !vm.with_host(|h, vm| h.kill(vm, pid, -(sig as i32)))? {
        return Err(vm.new_error(
            &vm.t().exc.os_error.clone(),
            "[Errno 3] No such process".to_string(),
        ));
    }
    Ok(Value::None)
}

/// `os.getcwd()`: the directory gilsim runs in, as python3's.
fn os_getcwd(vm: &mut Vm, _a: &[Value], _k: super::call::Kwargs) -> PyResult {
    match std::env::current_dir() {
        Ok(d) => Ok(Value::str(d.to_string_lossy().as_ref())),
        Err(e) => Err(vm.new_error(&vm.t().exc.os_error.clone(), e.to_string())),
    }
}

fn os_getppid(vm: &mut Vm, _a: &[Value], _k: super::call::Kwargs) -> PyResult {
    Ok(Value::Int(vm.interp.ppid))
}

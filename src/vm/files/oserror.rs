//! `OSError` as CPython builds it: `OSError(errno, strerror[, filename[, winerror[,
//! filename2]]])` sets `errno`, `strerror`, `filename` and `filename2`, becomes the subclass
//! its errno names (`OSError(2, ...)` is a `FileNotFoundError`) and prints as
//! `[Errno 2] No such file or directory: 'missing.txt'`. And the `OSError` of a failed
//! system call.

use std::rc::Rc;

use crate::vm::call::Kwargs;
use crate::vm::exc::new_exception;
use crate::vm::object::{Class, Instance};
use crate::vm::types::add_method;
use crate::vm::value::Value;
use crate::vm::{PyErr, PyResult, Vm};

/// The `OSError` subclass CPython raises for `errno` (its `errnomap`), if any.
fn class_for_errno(errno: i64) -> Option<&'static str> {
    Some(match errno {
        11 | 114 | 115 => "BlockingIOError",
        10 => "ChildProcessError",
        32 | 108 => "BrokenPipeError",
        103 => "ConnectionAbortedError",
        111 => "ConnectionRefusedError",
        104 => "ConnectionResetError",
        17 => "FileExistsError",
        2 => "FileNotFoundError",
        21 => "IsADirectoryError",
        20 => "NotADirectoryError",
        4 => "InterruptedError",
        1 | 13 => "PermissionError",
        3 => "ProcessLookupError",
        110 => "TimeoutError",
        _ => return None,
    })
}

/// The builtin exception class `name` (looked up among the exceptions only: cheaper than
/// `Types::builtin_named`).
pub fn builtin_exception(vm: &Vm, name: &str) -> Rc<Class> {
    let t = vm.t();
    t.exc
        .all
        .iter()
        .find(|c| c.name().as_str() == name)
        .cloned()
        .unwrap_or_else(|| t.exc.exception.clone())
}

/// Set `errno`, `strerror`, `filename`, `filename2` from the constructor's arguments; with
/// a filename, `args` keeps only the first two, as CPython's do.
fn init_attrs(inst: &Instance, args: &[Value]) {
    let mut attrs = [Value::None, Value::None, Value::None, Value::None];
    if (2..=5).contains(&args.len()) {
        attrs[0] = args[0].clone();
        attrs[1] = args[1].clone();
        if let Some(f) = args.get(2) {
            attrs[2] = f.clone();
        }
        if let Some(f) = args.get(4) {
            attrs[3] = f.clone();
        }
        if !attrs[2].is_none() {
            if let Some(e) = &inst.exc {
                e.borrow_mut().args = Value::tuple(args[..2].to_vec());
            }
        }
    }
    for (name, v) in ["errno", "strerror", "filename", "filename2"]
        .into_iter()
        .zip(attrs)
    {
        inst.set_attr_str(name, v);
    }
}

/// `cls(*args)` for `OSError` and its subclasses; `None` for other classes.
pub fn construct(vm: &mut Vm, cls: &Rc<Class>, args: &[Value]) -> Option<Value> {
    let os_error = vm.t().exc.os_error.clone();
    if !cls.is_subclass(&os_error) {
        return None;
    }
    let mut cls = cls.clone();
    if Rc::ptr_eq(&cls, &os_error) && (2..=5).contains(&args.len()) {
        if let Value::Int(n) = &args[0] {
            if let Some(name) = class_for_errno(*n) {
                cls = builtin_exception(vm, name);
            }
        }
    }
    let e = new_exception(&cls, args.to_vec());
    if let Value::Inst(i) = &e {
        init_attrs(i, args);
    }
    Some(e)
}

/// `OSError.__init__`, for subclasses defined in Python.
fn oserror_init(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.first() {
        Some(Value::Inst(i)) if i.exc.is_some() => {
            if let Some(e) = &i.exc {
                e.borrow_mut().args = Value::tuple(args[1..].to_vec());
            }
            init_attrs(i, &args[1..]);
            Ok(Value::None)
        }
        _ => Err(vm.type_error("descriptor '__init__' requires a 'BaseException' object")),
    }
}

/// `OSError.__str__`: `[Errno 2] No such file or directory: 'x'`.
fn oserror_str(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let Some(e) = args.first() else {
        return Ok(Value::str(""));
    };
    if let Value::Inst(i) = e {
        let get = |n: &str| i.get_attr_str(n).unwrap_or(Value::None);
        let (errno, strerror, f1, f2) = (
            get("errno"),
            get("strerror"),
            get("filename"),
            get("filename2"),
        );
        if !f1.is_none() {
            let (n, s, f) = (vm.to_str(&errno)?, vm.to_str(&strerror)?, vm.repr(&f1)?);
            let mut out = format!("[Errno {}] {}: {}", n.as_str(), s.as_str(), f.as_str());
            if !f2.is_none() {
                out.push_str(&format!(" -> {}", vm.repr(&f2)?.as_str()));
            }
            return Ok(Value::str(out));
        }
        if !errno.is_none() && !strerror.is_none() {
            let (n, s) = (vm.to_str(&errno)?, vm.to_str(&strerror)?);
            return Ok(Value::str(format!("[Errno {}] {}", n.as_str(), s.as_str())));
        }
    }
    crate::vm::construct::exc_str_default(vm, e)
}

/// The C library's message for `errno`, as `os.strerror` gives it.
pub fn strerror(errno: i32) -> String {
    let s = std::io::Error::from_raw_os_error(errno).to_string();
    match s.rfind(" (os error ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The `OSError` (or subclass) of a failed system call on `filename`.
pub fn from_io(vm: &mut Vm, err: &std::io::Error, filename: Option<Value>) -> PyErr {
    let os_error = vm.t().exc.os_error.clone();
    let (errno, msg) = match err.raw_os_error() {
        Some(n) => (n, strerror(n)),
        None => (5, err.to_string()),
    };
    let mut args = vec![Value::Int(errno as i64), Value::str(msg)];
    if let Some(f) = filename {
        args.push(f);
    }
    let exc = construct(vm, &os_error, &args).unwrap_or(Value::None);
    PyErr { exc }
}

/// An `OSError` with `errno` and its message, about `filename`.
pub fn errno_error(vm: &mut Vm, errno: i32, filename: Option<Value>) -> PyErr {
    from_io(vm, &std::io::Error::from_raw_os_error(errno), filename)
}

/// Register `OSError`'s `__init__` and `__str__`.
pub fn install(t: &crate::vm::types::Types) {
    add_method(&t.exc.os_error, "__init__", oserror_init);
    add_method(&t.exc.os_error, "__str__", oserror_str);
}

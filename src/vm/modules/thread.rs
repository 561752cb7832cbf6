//! `_thread`: the native core `threading` is written on (locks, starting threads, idents).
//! Blocking happens only in `lock.acquire` (the GIL released, as in CPython) and the host
//! decides what that means: simulated waits on the virtual clock.

use std::any::Any;
use std::rc::Rc;

use super::super::call::Kwargs;
use super::super::construct::to_float;
use super::super::object::{Class, NativeObj};
use super::super::value::{PyStr, Value};
use super::super::{PyResult, Vm};

/// `_thread.lock`.
pub struct LockObj {
    pub id: u32,
}

impl NativeObj for LockObj {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("lock")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    /// A handle on the same lock: the run's lock table is shared by its processes.
    fn fork_copy(&self, _c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(LockObj { id: self.id }))
    }
    fn repr(&self, vm: &mut Vm) -> PyResult<Option<String>> {
        let locked = vm.host.lock_locked(self.id);
        Ok(Some(format!(
            "<{} _thread.lock object at 0x{:012x}>",
            if locked { "locked" } else { "unlocked" },
            self as *const _ as usize
        )))
    }
}

fn lock_of(vm: &Vm, v: Option<&Value>) -> PyResult<u32> {
    match v.and_then(super::super::attr::native_as::<LockObj>) {
        Some(l) => Ok(l.id),
        None => Err(vm.type_error("descriptor requires a '_thread.lock' object")),
    }
}

fn kw<'a>(kw: Kwargs<'a>, name: &str) -> Option<&'a Value> {
    kw.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v)
}

fn lock_acquire(vm: &mut Vm, args: &[Value], kwa: Kwargs) -> PyResult {
    let id = lock_of(vm, args.first())?;
    let blocking = match args.get(1).or(kw(kwa, "blocking")) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let timeout = match args.get(2).or(kw(kwa, "timeout")) {
        Some(v) => to_float(vm, v)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(vm.value_error("can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(vm.value_error("timeout value must be a non-negative number"));
    }
    let timeout_ns = if timeout < 0.0 {
        None
    } else {
        Some((timeout * 1e9).round() as u64)
    };
    let got = vm.with_host(|h, vm| h.lock_acquire(vm, id, blocking, timeout_ns))?;
    Ok(Value::Bool(got))
}

fn lock_release(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let id = lock_of(vm, args.first())?;
    if !vm.host.lock_locked(id) {
        return Err(vm.runtime_error("release unlocked lock"));
    }
    vm.with_host(|h, vm| h.lock_release(vm, id))?;
    Ok(Value::None)
}

fn lock_locked(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let id = lock_of(vm, args.first())?;
    Ok(Value::Bool(vm.host.lock_locked(id)))
}

fn lock_exit(vm: &mut Vm, args: &[Value], k: Kwargs) -> PyResult {
    lock_release(vm, &args[..1], k)
}

fn allocate_lock(vm: &mut Vm, _args: &[Value], _k: Kwargs) -> PyResult {
    let id = vm.host.lock_new();
    Ok(Value::native(LockObj { id }))
}

/// The body of a thread `start_new_thread` started, on whichever clock runs it: call
/// `func(*args, **kwargs)`, report an exception that escapes it as `_thread` does, flush.
pub fn thread_body(
    vm: &mut Vm,
    func: &Value,
    args: &[Value],
    kwargs: &[(Rc<PyStr>, Value)],
) -> i32 {
    if let Err(e) = vm.call(func, args, kwargs) {
        let tb = vm.format_traceback(&e);
        vm.write_stderr(&format!(
            "Unhandled exception in thread started by <function>\n{tb}"
        ));
    }
    vm.flush();
    0
}

fn start_new_thread(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let (Some(func), Some(a)) = (args.first(), args.get(1)) else {
        return Err(vm.type_error("start_new_thread expected at least 2 arguments"));
    };
    let Value::Tuple(t) = a else {
        return Err(vm.type_error("2nd arg must be a tuple"));
    };
    let mut kwargs = vec![];
    if let Some(Value::Dict(d)) = args.get(2) {
        for (k, v) in d.borrow().iter() {
            if let Value::Str(s) = k {
                kwargs.push((s.clone(), v.clone()));
            }
        }
    }
    let (f, a) = (func.clone(), t.to_vec());
    let ident = vm.with_host(|h, vm| h.spawn(vm, f, a, kwargs))?;
    Ok(Value::Int(ident))
}

fn get_ident(vm: &mut Vm, _args: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Int(vm.host.thread_ident()))
}

fn set_thread_name(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    if let Some(Value::Str(s)) = args.first() {
        let n = s.as_str().to_string();
        vm.host.set_thread_name(&n);
    }
    Ok(Value::None)
}

fn print_exception(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    if let Some(e) = args.first() {
        if let Value::Inst(i) = e {
            if i.exc.is_some() {
                let err = super::super::PyErr { exc: e.clone() };
                let tb = vm.format_traceback(&err);
                vm.flush();
                vm.write_stderr(&tb);
            }
        }
    }
    Ok(Value::None)
}

/// `_thread._format_exception(exc)`: the lines CPython's `traceback.format_exception(exc)`
/// joins, as one string (for the bundled `traceback` and `logging`).
fn format_exception(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    match args.first() {
        Some(e @ Value::Inst(i)) if i.exc.is_some() => {
            let err = super::super::PyErr { exc: e.clone() };
            let text = vm.format_traceback_as(&err, crate::vm::carets::Printer::Module);
            Ok(Value::str(text))
        }
        _ => Err(vm.type_error("_format_exception() needs an exception")),
    }
}

/// `_thread._caller(skip)`: `(filename, lineno, function name)` of the innermost Python frame
/// whose file is not one of the strings in `skip`, or None (what `logging` finds with
/// `sys._getframe`, which gilsim lacks).
fn caller(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let skip: Vec<String> = match args.first() {
        Some(Value::Tuple(t)) => t
            .iter()
            .filter_map(|v| match v {
                Value::Str(s) => Some(s.as_str().to_string()),
                _ => None,
            })
            .collect(),
        _ => vec![],
    };
    for f in vm.frames.iter().rev() {
        let code = f.code();
        if skip.iter().any(|s| *s == *code.filename) {
            continue;
        }
        return Ok(Value::tuple(vec![
            Value::str(code.filename.to_string()),
            Value::Int(code.line_at(f.ip) as i64),
            Value::Str(code.name.clone()),
        ]));
    }
    Ok(Value::None)
}

/// The `_thread` module.
pub fn make(vm: &mut Vm) -> Value {
    let lock = vm.t().native("lock");
    *lock.module.borrow_mut() = Value::str("_thread");
    use super::super::types::add_method;
    add_method(&lock, "acquire", lock_acquire);
    add_method(&lock, "acquire_lock", lock_acquire);
    add_method(&lock, "__enter__", lock_acquire);
    add_method(&lock, "release", lock_release);
    add_method(&lock, "release_lock", lock_release);
    add_method(&lock, "__exit__", lock_exit);
    add_method(&lock, "locked", lock_locked);
    add_method(&lock, "locked_lock", lock_locked);
    super::module(
        "_thread",
        &[
            ("allocate_lock", allocate_lock),
            ("allocate", allocate_lock),
            ("start_new_thread", start_new_thread),
            ("get_ident", get_ident),
            ("get_native_id", get_ident),
            ("_set_thread_name", set_thread_name),
            ("_print_exception", print_exception),
            ("_format_exception", format_exception),
            ("_caller", caller),
        ],
        vec![
            ("LockType", Value::Class(lock)),
            ("TIMEOUT_MAX", Value::Float(4294967.0)),
            ("error", Value::Class(vm.t().exc.runtime_error.clone())),
        ],
    )
}

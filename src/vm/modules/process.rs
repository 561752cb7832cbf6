//! `_gilsim`: the native core `multiprocessing` is written on: fork, exit codes, pipes
//! carrying pickled messages, shared values; and `class_getitem`, the library's lazy
//! `__class_getitem__`.
//!
//! Blocking happens only in lock waits (GIL released), as in `_thread`: a pipe is a message
//! queue in the run's [`Ipc`](super::super::ipc::Ipc) plus a `_thread.lock` that is held while
//! the queue is empty, so a reader waits on the lock and a writer that fills an empty queue
//! releases it.

use super::super::call::Kwargs;
use super::super::construct::to_float;
use super::super::pickle::{self, Pickled};
use super::super::value::Value;
use super::super::{PyResult, Vm};
use super::thread::LockObj;
use crate::trace::event::EventKind;

/// Pickling and unpickling, per byte of pickle, each way (CPython 3.11 here: a 369 kB list
/// dumps and loads in 7.2 ns a byte; see docs/cost-model.md).
pub const PICKLE_NS_PER_BYTE: u64 = 4;
/// A message through a pipe, each side (CPython 3.11 here: `send` + `recv` of a small int on a
/// `Pipe` takes 4.0 µs).
pub const MESSAGE_NS: u64 = 2_000;

fn int_arg(vm: &Vm, args: &[Value], i: usize) -> PyResult<i64> {
    match args.get(i) {
        Some(Value::Int(n)) => Ok(*n),
        _ => Err(vm.type_error("an integer is required")),
    }
}

fn lock_arg(vm: &Vm, args: &[Value], i: usize) -> PyResult<u32> {
    match args
        .get(i)
        .and_then(super::super::attr::native_as::<LockObj>)
    {
        Some(l) => Ok(l.id),
        None => Err(vm.type_error("a '_thread.lock' object is required")),
    }
}

/// Charge the cost of moving `p` through a pipe (one side).
fn charge(vm: &mut Vm, p: &Pickled) {
    let ns = MESSAGE_NS + PICKLE_NS_PER_BYTE * p.size() as u64;
    vm.ticks += ns * 1000;
}

/// The body of a forked child's main thread, on either clock: `target()`, whose int result is
/// the process's exit code (an escaping exception prints and exits as CPython's would).
pub fn child_main(vm: &mut Vm, target: &Value) -> i32 {
    let code = match vm.call(target, &[], &[]) {
        Ok(Value::Int(c)) => c as i32,
        Ok(_) => 0,
        Err(e) => crate::run::exit_code_for(vm, &e),
    };
    vm.flush();
    code
}

/// `fork(target) -> (pid, sentinel)`: the child's main thread calls `target()`.
fn fork(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let Some(target) = args.first().cloned() else {
        return Err(vm.type_error("fork() needs a target"));
    };
    let (pid, lock) = vm.with_host(|h, vm| h.fork(vm, target))?;
    Ok(Value::tuple(vec![
        Value::Int(pid),
        Value::native(LockObj { id: lock }),
    ]))
}

/// `kill(pid, code)`: end process `pid` at once with exit code `code`; false if none.
fn kill(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let pid = int_arg(vm, args, 0)?;
    let code = int_arg(vm, args, 1)? as i32;
    let done = vm.with_host(|h, vm| h.kill(vm, pid, code))?;
    Ok(Value::Bool(done))
}

/// `notify_exit(pid, chan, nonempty_lock)`: when `pid` has exited, send
/// `("exit", pid, exitcode)` on `chan`.
fn notify_exit(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let pid = int_arg(vm, args, 0)?;
    let chan = int_arg(vm, args, 1)? as u32;
    let lock = lock_arg(vm, args, 2)?;
    let ready = vm.interp.ipc.lock().watch_exit(pid, chan, lock);
    if let Some(lock) = ready {
        if vm.host.lock_locked(lock) {
            vm.with_host(|h, vm| h.lock_release(vm, lock))?;
        }
    }
    Ok(Value::None)
}

/// `trace_future(id, state)`: a `future` event in the trace.
fn trace_future(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let future = int_arg(vm, args, 0)? as u64;
    let state = match args.get(1) {
        Some(Value::Str(s)) => s.as_str().to_string(),
        _ => return Err(vm.type_error("trace_future() needs a state")),
    };
    vm.with_host(|h, vm| h.trace(vm, EventKind::Future { future, state }));
    Ok(Value::None)
}

/// `exitcode(pid)`: `None` while the process runs.
fn exitcode(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let pid = int_arg(vm, args, 0)?;
    let code = vm.interp.ipc.lock().exit_codes.get(&pid).copied().flatten();
    Ok(code.map_or(Value::None, |c| Value::Int(c as i64)))
}

/// `chan() -> id`: a new message queue.
fn chan(vm: &mut Vm, _args: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Int(vm.interp.ipc.lock().chan_new() as i64))
}

/// `send(chan, nonempty_lock, obj)`: pickle `obj` and queue it.
fn send(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let id = int_arg(vm, args, 0)? as u32;
    let lock = lock_arg(vm, args, 1)?;
    let obj = args.get(2).cloned().unwrap_or(Value::None);
    let p = pickle::dumps(vm, &obj)?;
    charge(vm, &p);
    let bytes = p.size() as u64;
    vm.with_host(|h, vm| h.trace(vm, EventKind::MsgSend { chan: id, bytes }));
    let was_empty = vm.interp.ipc.lock().chan_push(id, p);
    if was_empty && vm.host.lock_locked(lock) {
        vm.with_host(|h, vm| h.lock_release(vm, lock))?;
    }
    Ok(Value::None)
}

/// `recv(chan, nonempty_lock, block, timeout) -> (got, obj)`.
fn recv(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let id = int_arg(vm, args, 0)? as u32;
    let lock = lock_arg(vm, args, 1)?;
    let block = match args.get(2) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let timeout_ns = match args.get(3) {
        None | Some(Value::None) => None,
        Some(v) => Some((to_float(vm, v)?.max(0.0) * 1e9) as u64),
    };
    let got = vm.with_host(|h, vm| h.lock_acquire(vm, lock, block, timeout_ns))?;
    if !got {
        return Ok(Value::tuple(vec![Value::Bool(false), Value::None]));
    }
    let (p, more) = {
        let mut ipc = vm.interp.ipc.lock();
        let p = ipc.chan_pop(id);
        (p, ipc.chan_len(id) > 0)
    };
    if more {
        vm.with_host(|h, vm| h.lock_release(vm, lock))?;
    }
    let Some(p) = p else {
        return Err(vm.runtime_error("pipe signalled with no message"));
    };
    charge(vm, &p);
    let bytes = p.size() as u64;
    vm.with_host(|h, vm| h.trace(vm, EventKind::MsgRecv { chan: id, bytes }));
    let obj = pickle::loads(vm, &p)?;
    Ok(Value::tuple(vec![Value::Bool(true), obj]))
}

/// `pending(chan) -> int`: messages waiting.
fn pending(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let id = int_arg(vm, args, 0)? as u32;
    Ok(Value::Int(vm.interp.ipc.lock().chan_len(id) as i64))
}

/// `value_new(obj) -> id`: a value in shared memory (a copy of `obj`).
fn value_new(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let obj = args.first().cloned().unwrap_or(Value::None);
    let p = pickle::dumps(vm, &obj)?;
    Ok(Value::Int(vm.interp.ipc.lock().value_new(p) as i64))
}

/// `value_get(id)`: a copy of the shared value.
fn value_get(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let id = int_arg(vm, args, 0)? as u32;
    let p = vm.interp.ipc.lock().value_get(id).cloned();
    match p {
        Some(p) => pickle::loads(vm, &p),
        None => Err(vm.value_error("no such shared value")),
    }
}

/// `value_set(id, obj)`.
fn value_set(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let id = int_arg(vm, args, 0)? as u32;
    let obj = args.get(1).cloned().unwrap_or(Value::None);
    let p = pickle::dumps(vm, &obj)?;
    vm.interp.ipc.lock().value_set(id, p);
    Ok(Value::None)
}

/// `class_getitem(cls, item)`: `types.GenericAlias(cls, item)`, `types` loaded on first use:
/// the `__class_getitem__` of the library's generic classes (`queue.Queue[int]`), which
/// CPython writes `classmethod(GenericAlias)`, without making every import load `types`.
fn class_getitem(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    if args.len() != 2 {
        return Err(vm.type_error("class_getitem() takes a class and an item"));
    }
    vm.call_library("types", "GenericAlias", args)
}

pub fn make() -> Value {
    super::module(
        "_gilsim",
        &[
            ("fork", fork),
            ("class_getitem", class_getitem),
            ("exitcode", exitcode),
            ("kill", kill),
            ("notify_exit", notify_exit),
            ("trace_future", trace_future),
            ("chan", chan),
            ("send", send),
            ("recv", recv),
            ("pending", pending),
            ("value_new", value_new),
            ("value_get", value_get),
            ("value_set", value_set),
        ],
        vec![],
    )
}

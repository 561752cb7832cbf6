//! `_asyncio`: the natives gilsim's pure-Python `asyncio` stands on (CPython's `_asyncio` is
//! its C accelerator; this one is private plumbing, not that API).
//!
//! - `select_wait(lock, timeout)`: the event loop's wait for the next timer or a wake-up from
//!   another thread, a `lock.acquire` with the GIL released that the trace names `select`
//!   (CPython's loop blocks in `selector.select` there).
//! - `_mark_iterable_coroutine(func)`: `types.coroutine` on a generator function.

use std::cell::Cell;

use super::super::call::Kwargs;
use super::super::construct::to_float;
use super::super::value::Value;
use super::super::{PyResult, Vm};
use super::thread::LockObj;

thread_local! {
    /// What the next blocking lock wait is, for the trace (`None`: a plain `lock.acquire`).
    static BLOCK_LABEL: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// The name the host should give the blocking wait it is about to start (taken once).
pub fn take_block_label() -> Option<&'static str> {
    BLOCK_LABEL.with(|l| l.take())
}

fn select_wait(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let Some(id) = args
        .first()
        .and_then(super::super::attr::native_as::<LockObj>)
        .map(|l| l.id)
    else {
        return Err(vm.type_error("select_wait() needs a _thread.lock"));
    };
    let timeout_ns = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => {
            let secs = to_float(vm, v)?;
            if secs < 0.0 {
                return Err(vm.value_error("timeout must be non-negative"));
            }
            Some((secs * 1e9).round() as u64)
        }
    };
    BLOCK_LABEL.with(|l| l.set(Some("select")));
    let got = vm.with_host(|h, vm| h.lock_acquire(vm, id, true, timeout_ns));
    BLOCK_LABEL.with(|l| l.set(None));
    Ok(Value::Bool(got?))
}

fn mark_iterable_coroutine(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    match args.first() {
        Some(Value::Func(f)) => {
            f.code.runtime.iterable_coroutine.set(true);
            Ok(args[0].clone())
        }
        _ => Err(vm.type_error("_mark_iterable_coroutine() needs a function")),
    }
}

/// The `_asyncio` module.
pub fn make() -> Value {
    super::module(
        "_asyncio",
        &[
            ("select_wait", select_wait),
            ("_mark_iterable_coroutine", mark_iterable_coroutine),
        ],
        vec![],
    )
}

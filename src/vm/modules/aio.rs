//! `_asyncio`: the natives gilsim's pure-Python `asyncio` stands on (CPython's `_asyncio` is
//! its C accelerator; this one is private plumbing, not that API).
//!
//! - `select_wait(lock, timeout)`: the event loop's wait for the next timer or a wake-up from
//!   another thread, a `lock.acquire` with the GIL released that the trace names `select`
//!   (CPython's loop blocks in `selector.select` there).
//! - `_mark_iterable_coroutine(func)`: `types.coroutine` on a generator function.
//! - `task_created(name, coro)` and `run_handle(handle)`: the trace's `task_create`,
//!   `task_step` and `loop_callback` events. They charge no simulated time of their own, so
//!   tracing does not change what a run measures.
//! - `_register_task(task)`, `_unregister_task(task)`, `_registered_tasks()`: the tasks not yet
//!   done, held weakly as CPython's `WeakSet` `_all_tasks` holds them, so a pending task
//!   nothing else refers to is destroyed (and says so, `Task.__del__`).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU64, Ordering};

use super::super::call::Kwargs;
use super::super::construct::to_float;
use super::super::object::Instance;
use super::super::value::PyStr;
use super::super::value::Value;
use super::super::{PyResult, Vm};
use super::thread::LockObj;
use crate::trace::event::EventKind;

/// Tasks created so far in this run (their trace ids count from 1), over all its threads:
/// on the real clock they are OS threads. [`reset_task_ids`] starts a run's count.
static TASKS: AtomicU64 = AtomicU64::new(0);

/// Task ids count from 1 again (at the start of a run; runs in one process one at a time).
pub fn reset_task_ids() {
    TASKS.store(0, Ordering::Relaxed);
}

thread_local! {
    /// What the next blocking lock wait is, for the trace (`None`: a plain `lock.acquire`).
    static BLOCK_LABEL: Cell<Option<&'static str>> = const { Cell::new(None) };
    /// Registered tasks, weakly: by registration number, with their interpreter.
    static REGISTERED: RefCell<Registry> = RefCell::new(Registry::default());
}

/// The tasks `_register_task` was given, in the order it was (so that what reads them is
/// deterministic), each with the address of its interpreter (the virtual clock runs every
/// process on one OS thread).
#[derive(Default)]
struct Registry {
    next: u64,
    by_number: BTreeMap<u64, (usize, Weak<Instance>)>,
    /// A task's registration number, by its address.
    number: HashMap<usize, u64>,
}

fn task_of<'a>(vm: &Vm, args: &'a [Value]) -> PyResult<&'a Rc<Instance>> {
    match args.first() {
        Some(Value::Inst(i)) => Ok(i),
        _ => Err(vm.type_error("a task was expected")),
    }
}

/// `_register_task(task)`.
fn register_task(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let task = task_of(vm, args)?;
    let interp = Rc::as_ptr(&vm.interp) as usize;
    REGISTERED.with(|r| {
        let mut r = r.borrow_mut();
        let addr = Rc::as_ptr(task) as usize;
        if let Some(old) = r.number.remove(&addr) {
            // a task that died unregistered left its address behind
            r.by_number.remove(&old);
        }
        let n = r.next;
        r.next += 1;
        r.number.insert(addr, n);
        r.by_number.insert(n, (interp, Rc::downgrade(task)));
    });
    Ok(Value::None)
}

/// `_unregister_task(task)`.
fn unregister_task(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let task = task_of(vm, args)?;
    REGISTERED.with(|r| {
        let mut r = r.borrow_mut();
        if let Some(n) = r.number.remove(&(Rc::as_ptr(task) as usize)) {
            r.by_number.remove(&n);
        }
    });
    Ok(Value::None)
}

/// `_registered_tasks()`: the live registered tasks of this interpreter, in the order they
/// were registered (dead ones are forgotten).
fn registered_tasks(vm: &mut Vm, _args: &[Value], _kw: Kwargs) -> PyResult {
    let interp = Rc::as_ptr(&vm.interp) as usize;
    let live = REGISTERED.with(|r| {
        let mut r = r.borrow_mut();
        let mut live = Vec::new();
        let mut dead = Vec::new();
        for (&n, (owner, w)) in &r.by_number {
            match w.upgrade() {
                Some(t) if *owner == interp => live.push(Value::Inst(t)),
                Some(_) => {}
                None => dead.push(n),
            }
        }
        for n in dead {
            if let Some((_, w)) = r.by_number.remove(&n) {
                let addr = w.as_ptr() as usize;
                if r.number.get(&addr) == Some(&n) {
                    r.number.remove(&addr);
                }
            }
        }
        live
    });
    Ok(Value::list(live))
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

fn attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    vm.getattr_opt(obj, &PyStr::new(name))
}

/// A callable's name as the trace shows it: its qualified name (that of the function a
/// `partial` wraps), else its type's name.
fn callable_name(vm: &mut Vm, f: &Value) -> String {
    for name in ["__qualname__", "__name__"] {
        if let Ok(Some(Value::Str(s))) = attr(vm, f, name) {
            return s.as_str().to_string();
        }
    }
    if let Ok(Some(inner)) = attr(vm, f, "func") {
        if !matches!(inner, Value::None) {
            return callable_name(vm, &inner);
        }
    }
    vm.type_of(f).name().as_str().to_string()
}

/// `task_created(name, coro)`: a new task's trace id, logged with a `task_create` event.
fn task_created(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let id = TASKS.fetch_add(1, Ordering::Relaxed) + 1;
    let name = match args.first() {
        Some(v) => vm.to_str(v)?.as_str().to_string(),
        None => format!("Task-{id}"),
    };
    let coro = match args.get(1) {
        Some(c) => callable_name(vm, c),
        None => String::new(),
    };
    vm.with_host(|h, vm| {
        h.trace(
            vm,
            EventKind::TaskCreate {
                task: id,
                name,
                coro,
            },
        )
    });
    Ok(Value::Int(id as i64))
}

/// The task whose step a loop callback is (`Task._step` or `Task.task_wakeup` bound to a
/// traced task), with its trace id.
fn step_of(vm: &mut Vm, cb: &Value) -> PyResult<Option<(Value, u64)>> {
    let Value::Method(m) = cb else {
        return Ok(None);
    };
    let Value::Func(f) = &m.func else {
        return Ok(None);
    };
    if !matches!(f.name.borrow().as_str(), "_step" | "task_wakeup") {
        return Ok(None);
    }
    Ok(match attr(vm, &m.self_, "_trace_id")? {
        Some(Value::Int(id)) => Some((m.self_.clone(), id as u64)),
        _ => None,
    })
}

/// Where a task's coroutine stands in the program's code: its `def` line before it starts,
/// else the innermost `await` of the program's own it is suspended at.
fn coro_line(vm: &mut Vm, task: &Value) -> PyResult<Option<u32>> {
    Ok(match attr(vm, task, "_coro")? {
        Some(Value::Gen(g)) => super::super::coro::innermost_user_line(&g),
        _ => None,
    })
}

/// `run_handle(handle)`: run one ready callback of the loop (`handle._run()`), logging it as
/// a task step or a plain callback, with its duration.
fn run_handle(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let Some(handle) = args.first().cloned() else {
        return Err(vm.type_error("run_handle() needs a handle"));
    };
    let cb = attr(vm, &handle, "_callback")?.unwrap_or(Value::None);
    let step = step_of(vm, &cb)?;
    let name = match &step {
        Some(_) => String::new(),
        None => callable_name(vm, &cb),
    };
    let from_line = match &step {
        Some((task, _)) => coro_line(vm, task)?.unwrap_or(0),
        None => 0,
    };
    let start = vm.host.now_ns(vm);
    let ready_ns = match attr(vm, &handle, "_ready_ns")? {
        Some(Value::Int(at)) => start.saturating_sub(at.max(0) as u64),
        _ => 0,
    };
    vm.call_method(&handle, "_run", &[])?;
    let dur_ns = vm.host.now_ns(vm).saturating_sub(start);
    let kind = match step {
        Some((task, id)) => {
            let state = attr(vm, &task, "_state")?;
            let outcome = match state.as_ref().and_then(|s| s.as_str()) {
                Some("CANCELLED") => "cancelled",
                Some("FINISHED") => match attr(vm, &task, "_exception")? {
                    Some(Value::None) | None => "done",
                    Some(_) => "error",
                },
                _ => match attr(vm, &task, "_fut_waiter")? {
                    Some(Value::None) | None => "yield",
                    Some(_) => "await",
                },
            };
            let line = if matches!(outcome, "await" | "yield") {
                coro_line(vm, &task)?
            } else {
                None
            };
            let name = match attr(vm, &task, "_name")? {
                Some(n) => vm.to_str(&n)?.as_str().to_string(),
                None => format!("Task-{id}"),
            };
            EventKind::TaskStep {
                task: id,
                name,
                dur_ns,
                ready_ns,
                from_line,
                line,
                outcome: outcome.to_string(),
            }
        }
        None => EventKind::LoopCallback {
            callback: name,
            dur_ns,
        },
    };
    vm.with_host(|h, vm| h.trace(vm, kind));
    Ok(Value::None)
}

/// The `_asyncio` module.
pub fn make() -> Value {
    super::module(
        "_asyncio",
        &[
            ("select_wait", select_wait),
            ("_mark_iterable_coroutine", mark_iterable_coroutine),
            ("task_created", task_created),
            ("run_handle", run_handle),
            ("_register_task", register_task),
            ("_unregister_task", unregister_task),
            ("_registered_tasks", registered_tasks),
        ],
        vec![],
    )
}

//! Async generators: `async def` with `yield`, driven through the awaitables `__anext__()` /
//! `asend()` (`async_generator_asend`) and `athrow()` / `aclose()`
//! (`async_generator_athrow`), as CPython's `genobject.c` does.
//!
//! The generator's frame yields two kinds of values: what its own `yield` produces, wrapped by
//! `ASYNC_GEN_WRAP` ([`Wrapped`]), which the awaitable turns into `StopIteration(value)` (the
//! result of `await agen.__anext__()`), and what its `await`s pass through from below, which
//! goes on up to the event loop.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::call::Kwargs;
use super::coro::{sent, thrown};
use super::frame::FrameExit;
use super::object::{Class, Generator, NativeObj};
use super::value::Value;
use super::{PyErr, PyResult, Vm};
use crate::lang::bytecode::CodeKind;

/// A value an async generator's `yield` produced, on its way to the awaitable driving it.
pub struct Wrapped(pub Value);

impl NativeObj for Wrapped {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("async_generator_wrapped_value")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(Wrapped(c.value(&self.0))))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Init,
    Iter,
    Closed,
}

/// `agen.__anext__()` / `agen.asend(value)`.
pub struct ASend {
    gen: Rc<Generator>,
    sendval: RefCell<Value>,
    state: Cell<State>,
}

/// `agen.athrow(...)`, or `agen.aclose()` when `exc` is `None`.
pub struct AThrow {
    gen: Rc<Generator>,
    exc: Option<PyErr>,
    state: Cell<State>,
}

impl NativeObj for ASend {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("async_generator_asend")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(ASend {
            gen: c.generator(&self.gen),
            sendval: RefCell::new(c.value(&self.sendval.borrow())),
            state: Cell::new(self.state.get()),
        }))
    }
}

impl NativeObj for AThrow {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("async_generator_athrow")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(AThrow {
            gen: c.generator(&self.gen),
            exc: self.exc.as_ref().map(|e| PyErr {
                exc: c.value(&e.exc),
            }),
            state: Cell::new(self.state.get()),
        }))
    }
}

/// The awaitable of `agen.__anext__()` (or `asend(value)`).
pub fn anext(g: &Rc<Generator>, value: Value) -> Value {
    Value::native(ASend {
        gen: g.clone(),
        sendval: RefCell::new(value),
        state: Cell::new(State::Init),
    })
}

/// Turn what the generator's frame did into what its awaitable reports: a wrapped value
/// becomes the awaitable's result, a plain yield passes through, the end of the generator
/// is `StopAsyncIteration`.
fn unwrap(vm: &Vm, g: &Generator, r: PyResult<FrameExit>) -> PyResult<FrameExit> {
    match r {
        Ok(FrameExit::Yield(v)) => {
            if let Some(w) = super::attr::native_as::<Wrapped>(&v) {
                g.set_flag(Generator::AG_RUNNING_ASYNC, false);
                return Ok(FrameExit::Return(w.0.clone()));
            }
            Ok(FrameExit::Yield(v))
        }
        Ok(FrameExit::Return(_)) => {
            g.set_flag(Generator::AG_RUNNING_ASYNC, false);
            g.set_flag(Generator::AG_CLOSED, true);
            Err(PyErr {
                exc: super::exc::new_exception(&vm.t().exc.stop_async_iteration, vec![]),
            })
        }
        Err(e) => {
            g.set_flag(Generator::AG_RUNNING_ASYNC, false);
            if e.matches(&vm.t().exc.stop_async_iteration) || e.matches(&vm.t().exc.generator_exit)
            {
                g.set_flag(Generator::AG_CLOSED, true);
            }
            Err(e)
        }
    }
}

fn asend_send(vm: &mut Vm, o: &ASend, arg: Value) -> PyResult<FrameExit> {
    let mut arg = arg;
    match o.state.get() {
        State::Closed => {
            return Err(vm.runtime_error("cannot reuse already awaited __anext__()/asend()"))
        }
        State::Init => {
            if o.gen.flag(Generator::AG_RUNNING_ASYNC) {
                return Err(vm.runtime_error("anext(): asynchronous generator is already running"));
            }
            if arg.is_none() {
                arg = std::mem::replace(&mut *o.sendval.borrow_mut(), Value::None);
            }
            o.state.set(State::Iter);
        }
        State::Iter => {}
    }
    o.gen.set_flag(Generator::AG_RUNNING_ASYNC, true);
    let r = vm.resume_generator(&o.gen, arg, None);
    let r = unwrap(vm, &o.gen, r);
    if !matches!(r, Ok(FrameExit::Yield(_))) {
        o.state.set(State::Closed);
    }
    r
}

fn asend_throw(vm: &mut Vm, o: &ASend, err: PyErr) -> PyResult<FrameExit> {
    if o.state.get() == State::Closed {
        return Err(vm.runtime_error("cannot reuse already awaited __anext__()/asend()"));
    }
    let r = vm.resume_generator(&o.gen, Value::None, Some(err));
    let r = unwrap(vm, &o.gen, r);
    if !matches!(r, Ok(FrameExit::Yield(_))) {
        o.state.set(State::Closed);
    }
    r
}

fn athrow_send(vm: &mut Vm, o: &AThrow, arg: Value) -> PyResult<FrameExit> {
    let g = &o.gen;
    let closing = o.exc.is_none();
    let r = match o.state.get() {
        State::Closed => {
            return Err(vm.runtime_error("cannot reuse already awaited aclose()/athrow()"))
        }
        State::Init => {
            if g.flag(Generator::AG_RUNNING_ASYNC) {
                o.state.set(State::Closed);
                return Err(vm.runtime_error(if closing {
                    "aclose(): asynchronous generator is already running"
                } else {
                    "athrow(): asynchronous generator is already running"
                }));
            }
            if g.flag(Generator::AG_CLOSED) {
                o.state.set(State::Closed);
                return Ok(FrameExit::Return(Value::None));
            }
            if !arg.is_none() {
                return Err(
                    vm.runtime_error("can't send non-None value to a just-started coroutine")
                );
            }
            o.state.set(State::Iter);
            g.set_flag(Generator::AG_RUNNING_ASYNC, true);
            match &o.exc {
                None => {
                    g.set_flag(Generator::AG_CLOSED, true);
                    let ge = vm.t().exc.generator_exit.clone();
                    let err = PyErr {
                        exc: super::exc::new_exception(&ge, vec![]),
                    };
                    vm.resume_generator(g, Value::None, Some(err))
                }
                Some(e) => {
                    let r = vm.resume_generator(g, Value::None, Some(e.clone()));
                    unwrap(vm, g, r)
                }
            }
        }
        State::Iter => {
            let r = vm.resume_generator(g, arg, None);
            if closing {
                r
            } else {
                unwrap(vm, g, r)
            }
        }
    };
    athrow_outcome(vm, o, r)
}

fn athrow_throw(vm: &mut Vm, o: &AThrow, err: PyErr) -> PyResult<FrameExit> {
    if o.state.get() == State::Closed {
        return Err(vm.runtime_error("cannot reuse already awaited aclose()/athrow()"));
    }
    let r = vm.resume_generator(&o.gen, Value::None, Some(err));
    let r = if o.exc.is_none() {
        r
    } else {
        unwrap(vm, &o.gen, r)
    };
    athrow_outcome(vm, o, r)
}

/// `aclose()` must not see the generator yield a value; it ends quietly when the generator
/// does (or lets GeneratorExit / StopAsyncIteration out).
fn athrow_outcome(vm: &mut Vm, o: &AThrow, r: PyResult<FrameExit>) -> PyResult<FrameExit> {
    let g = &o.gen;
    let closing = o.exc.is_none();
    match r {
        Ok(FrameExit::Yield(v)) => {
            if closing && super::attr::native_as::<Wrapped>(&v).is_some() {
                g.set_flag(Generator::AG_RUNNING_ASYNC, false);
                o.state.set(State::Closed);
                return Err(vm.runtime_error("async generator ignored GeneratorExit"));
            }
            Ok(FrameExit::Yield(v))
        }
        Ok(FrameExit::Return(v)) => {
            g.set_flag(Generator::AG_RUNNING_ASYNC, false);
            o.state.set(State::Closed);
            Ok(FrameExit::Return(if closing { Value::None } else { v }))
        }
        Err(e) => {
            g.set_flag(Generator::AG_RUNNING_ASYNC, false);
            o.state.set(State::Closed);
            let quiet = e.matches(&vm.t().exc.stop_async_iteration)
                || e.matches(&vm.t().exc.generator_exit);
            if closing && quiet {
                return Ok(FrameExit::Return(Value::None));
            }
            Err(e)
        }
    }
}

/// One `send` into a native awaitable (`await` delegating to it); `None` if `sub` is not one.
pub fn native_send(vm: &mut Vm, sub: &Value, value: Value) -> Option<PyResult<FrameExit>> {
    let Value::Native(n) = sub else {
        return None;
    };
    let any = n.as_any();
    if let Some(o) = any.downcast_ref::<ASend>() {
        return Some(asend_send(vm, o, value));
    }
    if let Some(o) = any.downcast_ref::<AThrow>() {
        return Some(athrow_send(vm, o, value));
    }
    if let Some(w) = any.downcast_ref::<super::coro::CoroWrapper>() {
        let g = w.0.clone();
        return Some(vm.send_generator(&g, value));
    }
    None
}

/// One `throw` into a native awaitable; `None` if `sub` is not one.
pub fn native_throw(vm: &mut Vm, sub: &Value, err: &PyErr) -> Option<PyResult<FrameExit>> {
    let Value::Native(n) = sub else {
        return None;
    };
    let any = n.as_any();
    if let Some(o) = any.downcast_ref::<ASend>() {
        return Some(asend_throw(vm, o, err.clone()));
    }
    if let Some(o) = any.downcast_ref::<AThrow>() {
        return Some(athrow_throw(vm, o, err.clone()));
    }
    if let Some(w) = any.downcast_ref::<super::coro::CoroWrapper>() {
        let g = w.0.clone();
        return Some(vm.resume_generator(&g, Value::None, Some(err.clone())));
    }
    None
}

// ----- Python-visible methods -----

fn agen_arg(vm: &Vm, args: &[Value], what: &str) -> PyResult<Rc<Generator>> {
    match args.first() {
        Some(Value::Gen(g)) if g.code.kind == CodeKind::AsyncGenerator => Ok(g.clone()),
        _ => Err(vm.type_error(format!(
            "descriptor '{what}' requires a 'async_generator' object"
        ))),
    }
}

fn agen_aiter(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    agen_arg(vm, args, "__aiter__")?;
    Ok(args[0].clone())
}

fn agen_anext(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = agen_arg(vm, args, "__anext__")?;
    Ok(anext(&g, Value::None))
}

fn agen_asend(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = agen_arg(vm, args, "asend")?;
    Ok(anext(&g, args.get(1).cloned().unwrap_or(Value::None)))
}

fn agen_athrow(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = agen_arg(vm, args, "athrow")?;
    let err = thrown(vm, &args[1..])?;
    Ok(Value::native(AThrow {
        gen: g,
        exc: Some(err),
        state: Cell::new(State::Init),
    }))
}

fn agen_aclose(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = agen_arg(vm, args, "aclose")?;
    Ok(Value::native(AThrow {
        gen: g,
        exc: None,
        state: Cell::new(State::Init),
    }))
}

fn awaitable_send(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let v = args.get(1).cloned().unwrap_or(Value::None);
    match native_send(vm, &args[0], v) {
        Some(r) => {
            let r = r?;
            sent(vm, r)
        }
        None => Err(vm.type_error("descriptor 'send' requires an async generator awaitable")),
    }
}

fn awaitable_next(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    awaitable_send(vm, &args[..1], kw)
}

fn awaitable_throw(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let err = thrown(vm, &args[1..])?;
    match native_throw(vm, &args[0], &err) {
        Some(r) => {
            let r = r?;
            sent(vm, r)
        }
        None => Err(vm.type_error("descriptor 'throw' requires an async generator awaitable")),
    }
}

fn awaitable_close(_vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    if let Value::Native(n) = &args[0] {
        if let Some(o) = n.as_any().downcast_ref::<ASend>() {
            o.state.set(State::Closed);
        } else if let Some(o) = n.as_any().downcast_ref::<AThrow>() {
            o.state.set(State::Closed);
        }
    }
    Ok(Value::None)
}

fn self_(_vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    Ok(args[0].clone())
}

/// Register the methods of `async_generator` and its awaitables.
pub fn install(t: &super::types::Types) {
    use super::types::add_method;
    let g = &t.async_generator;
    add_method(g, "__aiter__", agen_aiter);
    add_method(g, "__anext__", agen_anext);
    add_method(g, "asend", agen_asend);
    add_method(g, "athrow", agen_athrow);
    add_method(g, "aclose", agen_aclose);
    for name in ["async_generator_asend", "async_generator_athrow"] {
        let c = t.native(name);
        add_method(&c, "__await__", self_);
        add_method(&c, "__iter__", self_);
        add_method(&c, "__next__", awaitable_next);
        add_method(&c, "send", awaitable_send);
        add_method(&c, "throw", awaitable_throw);
        add_method(&c, "close", awaitable_close);
    }
}

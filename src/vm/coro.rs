//! Coroutines: what `await` accepts, the `coroutine` type's methods and attributes, and the
//! `RuntimeWarning` for a coroutine that was never awaited.
//!
//! A coroutine is a [`Generator`] whose code is `CodeKind::Coroutine`: it runs on the generator
//! machinery (`Vm::resume_generator`), and `await x` is `yield from` of `x`'s awaitable iterator.

use std::any::Any;
use std::rc::Rc;

use super::call::Kwargs;
use super::frame::{Frame, FrameExit};
use super::object::{Class, Generator, NativeObj};
use super::value::{PyStr, Value};
use super::{PyErr, PyResult, Vm};
use crate::lang::bytecode::{Code, CodeKind, Instr};

/// What kind of generator object `g` is, as messages name it.
pub fn kind_name(g: &Generator) -> &'static str {
    match g.code.kind {
        CodeKind::Coroutine => "coroutine",
        CodeKind::AsyncGenerator => "async generator",
        _ => "generator",
    }
}

/// Is `v` something `await` takes as is: a coroutine, or a `types.coroutine` generator?
pub fn is_coroutine_like(v: &Value) -> bool {
    match v {
        Value::Gen(g) => {
            g.code.kind == CodeKind::Coroutine
                || (g.code.kind == CodeKind::Generator && g.code.runtime.iterable_coroutine.get())
        }
        _ => false,
    }
}

/// Is the suspended frame `f` delegating (stopped at a `yield from` / `await`)?
pub fn at_yield_from(f: &Frame) -> bool {
    f.ip > 0 && matches!(f.code.body().instrs.get(f.ip), Some(Instr::YieldFrom))
}

/// What a suspended generator object is delegating to (`cr_await`, `gi_yieldfrom`), if any.
pub fn awaiting(g: &Generator) -> Value {
    match g.frame.borrow().as_ref() {
        Some(f) if at_yield_from(f) => f.regs.last().cloned().unwrap_or(Value::None),
        _ => Value::None,
    }
}

/// The value a `StopIteration` carries (`None` without arguments).
pub fn stop_iteration_value(e: &PyErr) -> Value {
    match &e.data().args {
        Value::Tuple(t) if !t.is_empty() => t[0].clone(),
        _ => Value::None,
    }
}

impl Vm {
    /// `GET_AWAITABLE`: the iterator `await v` delegates to. `where_` picks CPython's message
    /// for a value without `__await__` (0 `await`, 1 `__aenter__`, 2 `__aexit__`).
    pub fn get_awaitable(&mut self, v: Value, where_: u8) -> PyResult {
        if let Value::Gen(g) = &v {
            if g.code.kind == CodeKind::Coroutine {
                if !matches!(awaiting(g), Value::None) {
                    return Err(self.runtime_error("coroutine is being awaited already"));
                }
                return Ok(v);
            }
            if is_coroutine_like(&v) {
                return Ok(v);
            }
        }
        let tname = self.type_of(&v).name();
        let Some(m) = self.lookup_special_opt(&v, "__await__")? else {
            let t = tname.as_str();
            return Err(self.type_error(match where_ {
                1 => format!(
                    "'async with' received an object from __aenter__ that does not implement __await__: {t}"
                ),
                2 => format!(
                    "'async with' received an object from __aexit__ that does not implement __await__: {t}"
                ),
                _ => format!("object {t} can't be used in 'await' expression"),
            }));
        };
        let it = self.call(&m, &[], &[])?;
        if is_coroutine_like(&it) {
            return Err(self.type_error("__await__() returned a coroutine"));
        }
        if !self.is_iterator(&it)? {
            return Err(self.type_error(format!(
                "__await__() returned non-iterator of type '{}'",
                self.type_of(&it).name().as_str()
            )));
        }
        Ok(it)
    }

    /// `GET_AITER`: `v.__aiter__()`, checked to have `__anext__`.
    pub fn get_aiter(&mut self, v: &Value) -> PyResult {
        let Some(m) = self.lookup_special_opt(v, "__aiter__")? else {
            return Err(self.type_error(format!(
                "'async for' requires an object with __aiter__ method, got {}",
                self.type_of(v).name().as_str()
            )));
        };
        let it = self.call(&m, &[], &[])?;
        if self.lookup_special_opt(&it, "__anext__")?.is_none() {
            return Err(self.type_error(format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                self.type_of(&it).name().as_str()
            )));
        }
        Ok(it)
    }

    /// `GET_ANEXT`: the awaitable iterator of `aiter.__anext__()`.
    pub fn get_anext(&mut self, aiter: &Value) -> PyResult {
        if let Value::Gen(g) = aiter {
            if g.code.kind == CodeKind::AsyncGenerator {
                return Ok(super::asyncgen::anext(g, Value::None));
            }
        }
        let Some(m) = self.lookup_special_opt(aiter, "__anext__")? else {
            return Err(self.type_error(format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                self.type_of(aiter).name().as_str()
            )));
        };
        let next = self.call(&m, &[], &[])?;
        match self.get_awaitable(next.clone(), 0) {
            Ok(it) => Ok(it),
            Err(cause) => {
                let e = self.type_error(format!(
                    "'async for' received an invalid object from __anext__: {}",
                    self.type_of(&next).name().as_str()
                ));
                e.data().cause = cause.exc.clone();
                Err(e)
            }
        }
    }

    /// Throw `err` into the iterator `sub` a suspended frame delegates to. `None` when `sub`
    /// has no `throw` (the error is then raised in the delegating frame).
    pub fn throw_into(&mut self, sub: &Value, err: PyErr) -> Option<PyResult<FrameExit>> {
        match sub {
            Value::Gen(g) => Some(self.resume_generator(g, Value::None, Some(err))),
            Value::Native(_) => {
                if let Some(r) = super::asyncgen::native_throw(self, sub, &err) {
                    return Some(r);
                }
                self.throw_by_method(sub, err)
            }
            _ => self.throw_by_method(sub, err),
        }
    }

    fn throw_by_method(&mut self, sub: &Value, err: PyErr) -> Option<PyResult<FrameExit>> {
        let m = match self.getattr_opt(sub, &PyStr::new("throw")) {
            Ok(Some(m)) => m,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        let stop = self.t().exc.stop_iteration.clone();
        Some(match self.call(&m, &[err.exc], &[]) {
            Ok(v) => Ok(FrameExit::Yield(v)),
            Err(e) if e.matches(&stop) => Ok(FrameExit::Return(stop_iteration_value(&e))),
            Err(e) => Err(e),
        })
    }

    /// Close the iterator a frame delegates to (for `close()` of the delegating generator).
    pub fn close_delegate(&mut self, sub: &Value) -> PyResult<()> {
        if let Value::Gen(g) = sub {
            return close_generator(self, g).map(|_| ());
        }
        if let Some(m) = self.getattr_opt(sub, &PyStr::new("close"))? {
            self.call(&m, &[], &[])?;
        }
        Ok(())
    }

    /// Resume `frame`, suspended at a `yield from`, with `err` thrown into what it delegates
    /// to (as CPython's `gen_throw` does), so the error surfaces at the innermost `await`.
    pub fn throw_into_delegating(&mut self, frame: &mut Frame, err: PyErr) -> PyResult<FrameExit> {
        let sub = frame.regs.last().cloned().unwrap_or(Value::None);
        let outcome = if err.matches(&self.t().exc.generator_exit.clone()) {
            match self.close_delegate(&sub) {
                Ok(()) => None,
                Err(e) => Some(Err(e)),
            }
        } else {
            self.throw_into(&sub, err.clone())
        };
        match outcome {
            // the subiterator handled it and yielded: still delegating
            Some(Ok(FrameExit::Yield(v))) => Ok(FrameExit::Yield(v)),
            // it returned: that is the value of the `yield from`
            Some(Ok(FrameExit::Return(v))) => {
                frame.regs.pop();
                frame.regs.push(v);
                frame.ip += 1;
                self.run_frame(frame, None)
            }
            Some(Err(e)) => {
                frame.regs.pop();
                frame.ip += 1;
                self.run_frame(frame, Some(e))
            }
            None => {
                frame.regs.pop();
                frame.ip += 1;
                self.run_frame(frame, Some(err))
            }
        }
    }
}

/// `close()` of a generator, coroutine or async generator (the GeneratorExit protocol).
pub fn close_generator(vm: &mut Vm, g: &Rc<Generator>) -> PyResult {
    let started = g.frame.borrow().as_ref().map(|f| f.ip > 0).unwrap_or(false);
    if !started && !g.running.get() {
        *g.frame.borrow_mut() = None;
        return Ok(Value::None);
    }
    let ge = vm.t().exc.generator_exit.clone();
    let err = PyErr {
        exc: super::exc::new_exception(&ge, vec![]),
    };
    match vm.resume_generator(g, Value::None, Some(err)) {
        Ok(FrameExit::Yield(_)) => {
            Err(vm.runtime_error(format!("{} ignored GeneratorExit", kind_name(g))))
        }
        Ok(FrameExit::Return(_)) => Ok(Value::None),
        Err(e) if e.matches(&ge) || e.matches(&vm.t().exc.stop_iteration.clone()) => {
            Ok(Value::None)
        }
        Err(e) => Err(e),
    }
}

/// Frames tracebacks leave out: bundled asyncio code that CPython runs in C (its
/// `_asyncio.Task` and `_asyncio.Future`), so tracebacks list the same frames as python3's.
pub fn hidden_frame(code: &Code) -> bool {
    if !code.filename.starts_with("<gilsim>/asyncio/") {
        return false;
    }
    matches!(
        code.qualname.as_str(),
        "Future.result"
            | "Future.exception"
            | "Future.__await__"
            | "Future.set_result"
            | "Future.set_exception"
            | "Task._step"
            | "Task.task_wakeup"
            | "_sleep0"
            | "_wrap_awaitable"
    ) && (code.filename.ends_with("/futures.py") || code.filename.ends_with("/tasks.py"))
}

// ----- the coroutine type -----

fn coro_arg(vm: &Vm, args: &[Value], what: &str) -> PyResult<Rc<Generator>> {
    match args.first() {
        Some(Value::Gen(g)) if g.code.kind == CodeKind::Coroutine => Ok(g.clone()),
        _ => Err(vm.type_error(format!("descriptor '{what}' requires a 'coroutine' object"))),
    }
}

/// The outcome of a resumption as `send()` reports it: the yielded value, or StopIteration.
pub fn sent(vm: &Vm, r: FrameExit) -> PyResult {
    match r {
        FrameExit::Yield(v) => Ok(v),
        FrameExit::Return(v) => Err(vm.stop_iteration(v)),
    }
}

/// The exception `throw(typ[, val[, tb]])` raises.
pub fn thrown(vm: &mut Vm, args: &[Value]) -> PyResult<PyErr> {
    let exc = args.first().cloned().unwrap_or(Value::None);
    match args.get(1) {
        Some(v) if !v.is_none() => {
            if let (Value::Class(c), Value::Inst(_)) = (&exc, v) {
                if vm.type_of(v).is_subclass(c) {
                    return vm.make_exception(v.clone());
                }
            }
            if let Value::Class(_) = &exc {
                let inst = vm.call(&exc, std::slice::from_ref(v), &[])?;
                return vm.make_exception(inst);
            }
            Err(vm.type_error("instance exception may not have a separate value"))
        }
        _ => vm.make_exception(exc),
    }
}

fn coro_send(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = coro_arg(vm, args, "send")?;
    let v = args.get(1).cloned().unwrap_or(Value::None);
    let r = vm.send_generator(&g, v)?;
    sent(vm, r)
}

fn coro_throw(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = coro_arg(vm, args, "throw")?;
    let err = thrown(vm, &args[1..])?;
    let r = vm.resume_generator(&g, Value::None, Some(err))?;
    sent(vm, r)
}

fn coro_close(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = coro_arg(vm, args, "close")?;
    close_generator(vm, &g)
}

fn coro_await(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = coro_arg(vm, args, "__await__")?;
    Ok(Value::native(CoroWrapper(g)))
}

/// `coroutine.__await__()`: an iterator driving the coroutine (`coroutine_wrapper`).
pub struct CoroWrapper(pub Rc<Generator>);

impl NativeObj for CoroWrapper {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("coroutine_wrapper")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(CoroWrapper(c.generator(&self.0))))
    }
}

fn wrapper_arg(vm: &Vm, args: &[Value]) -> PyResult<Rc<Generator>> {
    match args.first().and_then(super::attr::native_as::<CoroWrapper>) {
        Some(w) => Ok(w.0.clone()),
        None => Err(vm.type_error("descriptor requires a 'coroutine_wrapper' object")),
    }
}

fn wrapper_next(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = wrapper_arg(vm, args)?;
    let r = vm.send_generator(&g, Value::None)?;
    sent(vm, r)
}

fn wrapper_send(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = wrapper_arg(vm, args)?;
    let v = args.get(1).cloned().unwrap_or(Value::None);
    let r = vm.send_generator(&g, v)?;
    sent(vm, r)
}

fn wrapper_throw(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = wrapper_arg(vm, args)?;
    let err = thrown(vm, &args[1..])?;
    let r = vm.resume_generator(&g, Value::None, Some(err))?;
    sent(vm, r)
}

fn wrapper_close(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let g = wrapper_arg(vm, args)?;
    close_generator(vm, &g)
}

fn self_(_vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    Ok(args[0].clone())
}

// ----- code and frame views -----

/// A read-only view of a code object (`cr_code`, `gi_code`, `ag_code`).
pub struct CodeView(pub Rc<Code>);

impl NativeObj for CodeView {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("code")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(CodeView(c.code(&self.0))))
    }
    fn repr(&self, _vm: &mut Vm) -> PyResult<Option<String>> {
        let c = &self.0;
        Ok(Some(format!(
            "<code object {} at 0x{:012x}, file \"{}\", line {}>",
            c.name.as_str(),
            Rc::as_ptr(c) as usize,
            c.filename,
            c.first_line
        )))
    }
    fn getattr(&self, _vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
        let c = &self.0;
        Ok(Some(match name {
            "co_name" => Value::Str(c.name.clone()),
            "co_qualname" => Value::Str(c.qualname.clone()),
            "co_filename" => Value::str(&*c.filename),
            "co_firstlineno" => Value::Int(c.first_line as i64),
            "co_argcount" => Value::Int(c.argcount as i64),
            "co_flags" => Value::Int(code_flags(c)),
            "co_varnames" => Value::tuple(c.varnames.iter().cloned().map(Value::Str).collect()),
            _ => return Ok(None),
        }))
    }
}

/// CPython's `co_flags` bits for what gilsim knows of a code object.
pub fn code_flags(c: &Code) -> i64 {
    let mut f = 0;
    if c.varargs {
        f |= 0x04;
    }
    if c.varkeywords {
        f |= 0x08;
    }
    f |= match c.kind {
        CodeKind::Generator => 0x20,
        CodeKind::Coroutine => 0x80,
        CodeKind::AsyncGenerator => 0x200,
        _ => 0,
    };
    if c.runtime.iterable_coroutine.get() {
        f |= 0x100;
    }
    f
}

/// The frame of a generator object (`cr_frame`, `gi_frame`, `ag_frame`): its line is read
/// live, where the generator is suspended (or running).
pub struct FrameView(pub Rc<Generator>);

impl FrameView {
    fn line(&self, vm: &Vm) -> u32 {
        let g = &self.0;
        if g.running.get() {
            // running: its record on this thread's frame stack knows the line
            let code = Rc::as_ptr(&g.code);
            return vm
                .frames
                .iter()
                .rev()
                .find(|r| std::ptr::eq(r.code(), code))
                .map(|r| g.code.line_at(r.ip))
                .unwrap_or(g.code.first_line);
        }
        suspended_line(g)
    }
}

/// The line a suspended generator object stands at: its `def` line before it starts, the
/// `await` / `yield from` it delegates at, or the `yield` it stopped at.
pub fn suspended_line(g: &Generator) -> u32 {
    match g.frame.borrow().as_ref() {
        None => g.code.first_line,
        Some(f) if f.ip == 0 => g.code.first_line,
        Some(f) if at_yield_from(f) => g.code.line_at(f.ip),
        Some(f) => g.code.line_at(f.ip - 1),
    }
}

/// Where a chain of awaits stands in the program's own code: follow what each suspended
/// coroutine (or generator) delegates to, down to the innermost frame that is not gilsim's
/// bundled library (asyncio's own `sleep`, `Future.__await__`, ...). `None` if finished.
pub fn innermost_user_line(g: &Rc<Generator>) -> Option<u32> {
    let mut cur = g.clone();
    let mut best = None;
    for _ in 0..64 {
        if cur.frame.borrow().is_none() {
            break;
        }
        if !cur.code.filename.starts_with("<gilsim>/") {
            best = Some(suspended_line(&cur));
        }
        match awaiting(&cur) {
            Value::Gen(next) => cur = next,
            _ => break,
        }
    }
    best.or_else(|| (g.frame.borrow().is_some()).then(|| suspended_line(g)))
}

impl NativeObj for FrameView {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("frame")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(FrameView(c.generator(&self.0))))
    }
    fn repr(&self, vm: &mut Vm) -> PyResult<Option<String>> {
        let c = &self.0.code;
        Ok(Some(format!(
            "<frame at 0x{:012x}, file '{}', line {}, code {}>",
            Rc::as_ptr(&self.0) as usize,
            c.filename,
            self.line(vm),
            c.name.as_str()
        )))
    }
    fn getattr(&self, vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
        Ok(Some(match name {
            "f_lineno" => Value::Int(self.line(vm) as i64),
            "f_code" => Value::native(CodeView(self.0.code.clone())),
            _ => return Ok(None),
        }))
    }
}

/// The attributes of generator objects: `gi_*`, `cr_*` or `ag_*` by kind.
pub fn generator_attr(g: &Rc<Generator>, name: &str) -> Option<Value> {
    let prefix = match g.code.kind {
        CodeKind::Coroutine => "cr_",
        CodeKind::AsyncGenerator => "ag_",
        _ => "gi_",
    };
    let field = name.strip_prefix(prefix)?;
    Some(match field {
        "running" => Value::Bool(g.running.get()),
        "code" => Value::native(CodeView(g.code.clone())),
        "frame" => {
            if g.running.get() || g.frame.borrow().is_some() {
                Value::native(FrameView(g.clone()))
            } else {
                Value::None
            }
        }
        "await" if prefix != "gi_" => awaiting(g),
        "yieldfrom" if prefix == "gi_" => awaiting(g),
        "suspended" => Value::Bool(!g.running.get() && g.frame.borrow().is_some()),
        "origin" if prefix == "cr_" => Value::None,
        _ => return None,
    })
}

/// Register the methods of `coroutine` and `coroutine_wrapper`.
pub fn install(t: &super::types::Types) {
    use super::types::add_method;
    add_method(&t.coroutine, "send", coro_send);
    add_method(&t.coroutine, "throw", coro_throw);
    add_method(&t.coroutine, "close", coro_close);
    add_method(&t.coroutine, "__await__", coro_await);
    let w = t.native("coroutine_wrapper");
    add_method(&w, "__next__", wrapper_next);
    add_method(&w, "__iter__", self_);
    add_method(&w, "send", wrapper_send);
    add_method(&w, "throw", wrapper_throw);
    add_method(&w, "close", wrapper_close);
    super::asyncgen::install(t);
}

//! Resuming generator objects: `send` into a generator, coroutine or async generator,
//! `throw` into one (delegated down a `yield from` / `await` chain, as CPython's `gen_throw`
//! does), and one step of `yield from` / `await` over any iterator.

use std::rc::Rc;

use super::frame::{Frame, FrameExit, FrameRec};
use super::object::Generator;
use super::value::Value;
use super::{PyErr, PyResult, Vm};
use crate::lang::bytecode::CodeKind;

/// What a builtin draining a generator does with each value it yields (charging what it
/// charges per item, as it would between two `next` calls): `None` when taken, or the value
/// back when the builtin must handle it outside the generator's loop (say, an addition that
/// may run Python code, which must see the generator suspended) or stops there.
pub type Sink<'a> = dyn FnMut(&mut Vm, Value) -> Option<Value> + 'a;

impl Vm {
    /// `next(g)` of a plain generator for a builtin that takes all its items: the values it
    /// yields go to `sink` while the generator runs on in one loop entry, until `sink` gives
    /// one back (`Some`) or the generator is exhausted (`None`). As far as anything can see,
    /// the same as calling `next(g)` per item: `sink` runs no Python code, and the loop
    /// charges and checks the eval breaker instruction by instruction as before.
    pub fn drain_generator(
        &mut self,
        g: &Rc<Generator>,
        sink: &mut Sink<'_>,
    ) -> PyResult<Option<Value>> {
        if g.running.get() || g.code.kind != CodeKind::Generator {
            return self.drained_slowly(g);
        }
        let taken = g.frame.borrow_mut().take();
        let Some(mut frame) = taken else {
            return self.drained_slowly(g);
        };
        if frame.ip > 0 {
            frame.regs.push(Value::None);
        }
        g.running.set(true);
        let r = self.run_frame_draining(&mut frame, sink);
        match self.generator_stepped(g, frame, r)? {
            FrameExit::Yield(v) => Ok(Some(v)),
            FrameExit::Return(_) => Ok(None),
        }
    }

    /// For a `yield from` / `await` sending `sent` into generator or coroutine `g`: its
    /// frame, to run in the delegating frame's loop, when it is suspended, not running, and
    /// below the recursion limit; the state changed as [`Vm::send_generator`] and `run_frame`
    /// change it (the frame taken out, `sent` pushed as the value of its `yield`, `running`
    /// set, the frame recorded). Anything else gives `sent` back, for `delegate` (which raises
    /// what needs raising).
    #[inline]
    pub(super) fn gen_to_delegate(
        &mut self,
        g: &Rc<Generator>,
        sent: Value,
    ) -> Result<Box<Frame>, Value> {
        if !matches!(g.code.kind, CodeKind::Generator | CodeKind::Coroutine)
            || g.running.get()
            || self.frames.len() >= super::RECURSION_LIMIT
        {
            return Err(sent);
        }
        let taken = g.frame.borrow_mut().take();
        let Some(mut frame) = taken else {
            return Err(sent);
        };
        if frame.ip > 0 {
            frame.regs.push(sent);
        } else if !sent.is_none() {
            *g.frame.borrow_mut() = Some(frame);
            return Err(sent);
        }
        g.running.set(true);
        self.frames.push(FrameRec::new(&frame.code, frame.ip));
        Ok(frame)
    }

    /// `next(g)` the ordinary way, for what `drain_generator` leaves to it.
    #[cold]
    fn drained_slowly(&mut self, g: &Rc<Generator>) -> PyResult<Option<Value>> {
        match self.send_generator(g, Value::None)? {
            FrameExit::Yield(v) => Ok(Some(v)),
            FrameExit::Return(_) => Ok(None),
        }
    }

    /// One step of `yield from` / `await`: send `value` into `sub`. `Some(v)` if it yielded
    /// `v`; `None` when it finished (its return value is left in `self.last_return`).
    pub fn delegate(&mut self, sub: &Value, value: Value) -> PyResult<Option<Value>> {
        let r = match sub {
            Value::Gen(g) => self.send_generator(g, value),
            _ => match super::asyncgen::native_send(self, sub, value.clone()) {
                Some(r) => r,
                None => self.send_by_protocol(sub, value),
            },
        };
        match r? {
            FrameExit::Yield(v) => Ok(Some(v)),
            FrameExit::Return(v) => {
                self.last_return = v;
                Ok(None)
            }
        }
    }

    /// `next(sub)` for `None`, else `sub.send(value)`; `StopIteration` is the return.
    fn send_by_protocol(&mut self, sub: &Value, value: Value) -> PyResult<FrameExit> {
        if value.is_none() {
            if let Value::Native(n) = sub {
                if n.is_iterator() {
                    return Ok(match n.next(self)? {
                        Some(v) => FrameExit::Yield(v),
                        None => FrameExit::Return(Value::None),
                    });
                }
            }
        }
        let name = if value.is_none() { "__next__" } else { "send" };
        let m = if value.is_none() {
            self.lookup_special_opt(sub, name)?
        } else {
            self.getattr_opt(sub, &super::value::PyStr::new(name))?
        };
        let Some(m) = m else {
            return Err(self.type_error(format!(
                "'{}' object is not an iterator",
                self.type_of(sub).name().as_str()
            )));
        };
        let args: &[Value] = if value.is_none() {
            &[]
        } else {
            std::slice::from_ref(&value)
        };
        match self.call(&m, args, &[]) {
            Ok(v) => Ok(FrameExit::Yield(v)),
            Err(e) if e.matches(&self.t().exc.stop_iteration.clone()) => {
                Ok(FrameExit::Return(super::coro::stop_iteration_value(&e)))
            }
            Err(e) => Err(e),
        }
    }

    /// Resume a generator, coroutine or async generator with a sent value: the common case of
    /// [`Vm::resume_generator`] (suspended, not running, nothing thrown), without its checks
    /// for the rare ones, which it leaves to that.
    #[inline]
    pub fn send_generator(&mut self, g: &Rc<Generator>, value: Value) -> PyResult<FrameExit> {
        if g.running.get() {
            return self.resume_generator(g, value, None);
        }
        let taken = g.frame.borrow_mut().take();
        let Some(mut frame) = taken else {
            return self.resume_generator(g, value, None);
        };
        if frame.ip > 0 {
            frame.regs.push(value);
        } else if !value.is_none() {
            *g.frame.borrow_mut() = Some(frame);
            return self.resume_generator(g, value, None);
        }
        g.running.set(true);
        let r = self.run_frame(&mut frame, None);
        self.generator_stepped(g, frame, r)
    }

    /// The error a generator's frame raised, as its caller sees it: `StopIteration` (and
    /// `StopAsyncIteration` from an async generator) become a `RuntimeError`, as in CPython.
    #[cold]
    pub(super) fn generator_raised(&mut self, g: &Generator, e: PyErr) -> PyErr {
        let what = super::coro::kind_name(g);
        if e.matches(&self.t().exc.stop_iteration.clone()) {
            let err = self.runtime_error(format!("{what} raised StopIteration"));
            err.data().cause = e.exc.clone();
            return err;
        }
        if g.code.kind == CodeKind::AsyncGenerator
            && e.matches(&self.t().exc.stop_async_iteration.clone())
        {
            let err = self.runtime_error("async generator raised StopAsyncIteration");
            err.data().cause = e.exc.clone();
            return err;
        }
        e
    }

    /// Resume a generator, coroutine or async generator with a sent value (or a thrown
    /// exception: one thrown into a frame stopped at `yield from` / `await` goes down to what
    /// it delegates to first, as in CPython).
    pub fn resume_generator(
        &mut self,
        g: &Rc<Generator>,
        value: Value,
        throw: Option<PyErr>,
    ) -> PyResult<FrameExit> {
        let what = super::coro::kind_name(g);
        if g.running.get() {
            return Err(self.new_error(
                &self.t().exc.value_error.clone(),
                format!("{what} already executing"),
            ));
        }
        let Some(mut frame) = g.frame.borrow_mut().take() else {
            // finished
            if g.code.kind == CodeKind::Coroutine {
                return Err(self.runtime_error("cannot reuse already awaited coroutine"));
            }
            if let Some(e) = throw {
                return Err(e);
            }
            return Ok(FrameExit::Return(Value::None));
        };
        let started = frame.ip > 0;
        if !started && !value.is_none() && throw.is_none() {
            *g.frame.borrow_mut() = Some(frame);
            return Err(self.type_error(format!(
                "can't send non-None value to a just-started {what}"
            )));
        }
        g.running.set(true);
        let r = match throw {
            Some(err) if started && super::coro::at_yield_from(&frame) => {
                self.throw_into_delegating(&mut frame, err)
            }
            throw => {
                if started && throw.is_none() {
                    frame.regs.push(value);
                }
                self.run_frame(&mut frame, throw)
            }
        };
        self.generator_stepped(g, frame, r)
    }

    /// After a step of `g`'s `frame`: a yield keeps the frame for the next resumption; a
    /// return or an error ends the generator (dropping the frame), an error converted as
    /// PEP 479 says.
    #[inline]
    fn generator_stepped(
        &mut self,
        g: &Rc<Generator>,
        frame: Box<Frame>,
        r: PyResult<FrameExit>,
    ) -> PyResult<FrameExit> {
        g.running.set(false);
        match r {
            Ok(FrameExit::Yield(v)) => {
                *g.frame.borrow_mut() = Some(frame);
                Ok(FrameExit::Yield(v))
            }
            Ok(FrameExit::Return(v)) => Ok(FrameExit::Return(v)),
            Err(e) => Err(self.generator_raised(g, e)),
        }
    }
}

//! The instructions of `try`/`except`/`raise` and `with`: raising, entering and leaving
//! handlers, matching exception classes, and the context-manager protocol. They are out of the
//! interpreter loop's body to keep it small.

use std::rc::Rc;

use super::super::exc::TbEntry;
use super::super::value::Value;
use super::super::{PyErr, PyResult, Vm};
use super::{pop, top};
use crate::lang::bytecode::{Code, Instr};

impl Vm {
    /// `raise` (n = 0), `raise X` (1) or `raise X from Y` (2): the exception to raise.
    pub(super) fn raise(&mut self, n: u8, stack: &mut Vec<Value>) -> PyErr {
        match n {
            0 => match self.handled.last() {
                Some(e) => PyErr { exc: e.clone() },
                None => self.runtime_error("No active exception to reraise"),
            },
            1 => {
                let v = pop(stack);
                self.make_exception(v).unwrap_or_else(|e| e)
            }
            _ => {
                let cause = pop(stack);
                let v = pop(stack);
                let e = match self.make_exception(v) {
                    Ok(e) => e,
                    Err(e) => return e,
                };
                let cause = match cause {
                    Value::None => Value::None,
                    c => match self.make_exception(c) {
                        Ok(c) => c.exc,
                        Err(e) => return e,
                    },
                };
                {
                    let mut d = e.data();
                    d.cause = cause;
                    d.suppress_context = true;
                }
                e
            }
        }
    }

    /// Run one of the handler and `with` instructions (`instr` is one the loop sends here).
    pub(super) fn handler_op(&mut self, instr: &Instr, stack: &mut Vec<Value>) -> PyResult<()> {
        match *instr {
            Instr::PushExcInfo => {
                let exc = pop(stack);
                let prev = self.handled.last().cloned().unwrap_or(Value::None);
                self.handled.push(exc.clone());
                stack.push(prev);
                stack.push(exc);
            }
            Instr::PopExcept => {
                stack.pop();
                self.handled.pop();
            }
            Instr::CheckExcMatch => {
                let cls = pop(stack);
                let exc = top(stack).clone();
                let m = self.exception_matches(&exc, &cls)?;
                stack.push(Value::Bool(m));
            }
            Instr::CheckEgMatch => {
                let ty = pop(stack);
                let rest = pop(stack);
                let (rest, m) = super::super::excgroup::check_eg_match(self, rest, &ty)?;
                if !m.is_none() {
                    if let Some(h) = self.handled.last_mut() {
                        *h = m.clone();
                    }
                }
                stack.push(rest);
                stack.push(m);
            }
            Instr::PrepReraiseStar => {
                let list = pop(stack);
                let orig = pop(stack);
                let r = super::super::excgroup::prep_reraise_star(self, &orig, &list)?;
                stack.push(r);
            }
            Instr::BeforeWith => {
                let mgr = pop(stack);
                let exit = self.lookup_special(&mgr, "__exit__")?;
                let enter = self.lookup_special(&mgr, "__enter__")?;
                stack.push(exit);
                let r = self.call(&enter, &[], &[])?;
                stack.push(r);
            }
            Instr::BeforeAsyncWith => {
                let mgr = pop(stack);
                let enter = self.lookup_special_opt(&mgr, "__aenter__")?;
                let exit = self.lookup_special_opt(&mgr, "__aexit__")?;
                let (Some(enter), Some(exit)) = (enter, exit) else {
                    return Err(self.type_error(format!(
                        "'{}' object does not support the asynchronous context manager protocol",
                        self.type_of(&mgr).name().as_str()
                    )));
                };
                stack.push(exit);
                let r = self.call(&enter, &[], &[])?;
                stack.push(r);
            }
            Instr::WithExceptStart | Instr::AsyncWithExceptStart => {
                // stack: exit, prev, exc
                let len = stack.len();
                let exc = stack[len - 1].clone();
                let exit = stack[len - 3].clone();
                let ty = Value::Class(self.type_of(&exc));
                let r = self.call(&exit, &[ty, exc, Value::None], &[])?;
                if matches!(instr, Instr::AsyncWithExceptStart) {
                    // the awaitable `__aexit__` returned; the loop awaits it
                    stack.push(r);
                } else {
                    let b = self.truthy(&r)?;
                    stack.push(Value::Bool(b));
                }
            }
            _ => unreachable!("not a handler instruction: {instr:?}"),
        }
        Ok(())
    }

    /// Add this frame to the exception's traceback, and chain the exception being handled.
    pub(super) fn note_raise(&mut self, err: &PyErr, code: &Rc<Code>, ip: usize) {
        if super::super::coro::hidden_frame(code) {
            return;
        }
        let mut d = err.data();
        if d.traceback.is_empty() {
            if let Some(h) = self.handled.last() {
                if d.context.is_none() && !h.is(&err.exc) {
                    d.context = h.clone();
                }
            }
        }
        d.traceback.insert(
            0,
            TbEntry {
                code: code.clone(),
                line: code.line_at(ip),
                ip,
            },
        );
    }

    /// Does `exc` match the class (or tuple of classes) `cls` of an `except` clause?
    pub fn exception_matches(&mut self, exc: &Value, cls: &Value) -> PyResult<bool> {
        let ecls = self.type_of(exc);
        match cls {
            Value::Class(c) => {
                if !c.is_subclass(&self.t().exc.base_exception) {
                    return Err(self.type_error(
                        "catching classes that do not inherit from BaseException is not allowed",
                    ));
                }
                Ok(ecls.is_subclass(c))
            }
            Value::Tuple(t) => {
                for c in t.iter() {
                    if self.exception_matches(exc, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }
}

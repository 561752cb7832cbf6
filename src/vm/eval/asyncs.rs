//! The instructions of `await`, `async for` and async generators. They are out of the
//! interpreter loop's body to keep it small; the suspending ones (`YieldFrom`) stay in it.

use super::super::value::Value;
use super::super::{PyErr, PyResult, Vm};
use super::pop;
use crate::lang::bytecode::Instr;

impl Vm {
    /// Run one of the async instructions (`instr` is one the loop sends here).
    pub(super) fn async_op(&mut self, instr: &Instr, stack: &mut Vec<Value>) -> PyResult<()> {
        match *instr {
            Instr::GetAwaitable(w) => {
                let v = pop(stack);
                let it = self.get_awaitable(v, w)?;
                stack.push(it);
            }
            Instr::GetAiter => {
                let v = pop(stack);
                let it = self.get_aiter(&v)?;
                stack.push(it);
            }
            Instr::GetAnext => {
                let aiter = stack.last().expect("value stack underflow").clone();
                let aw = self.get_anext(&aiter)?;
                stack.push(aw);
            }
            Instr::EndAsyncFor => {
                // the exception that ended the loop: StopAsyncIteration ends it quietly
                let exc = pop(stack);
                let stop = self.t().exc.stop_async_iteration.clone();
                if !self.type_of(&exc).is_subclass(&stop) {
                    return Err(PyErr { exc });
                }
                stack.pop();
            }
            Instr::AsyncGenWrap => {
                let v = pop(stack);
                stack.push(Value::native(super::super::asyncgen::Wrapped(v)));
            }
            _ => unreachable!("not an async instruction: {instr:?}"),
        }
        Ok(())
    }
}

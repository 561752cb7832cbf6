//! Calls with keyword arguments (`f(a, k=v)`) and with unpacking (`f(*args, **kwargs)`):
//! their arguments are gathered from the value stack here, then `Vm::call` runs them. Plain
//! positional calls stay in the interpreter loop, where Python functions run inline.

use std::rc::Rc;

use super::super::value::{PyStr, Value};
use super::super::{PyResult, Vm};
use super::pop;

impl Vm {
    /// `CallKw`: the stack holds the callable, self or null, `argc` arguments, the last of
    /// them the keyword arguments named by `kwnames` (a tuple of str). Takes them all off.
    pub(super) fn call_kw(
        &mut self,
        stack: &mut Vec<Value>,
        argc: usize,
        kwnames: &Value,
    ) -> PyResult {
        let base = stack.len() - argc - 2;
        let Value::Tuple(names) = kwnames else {
            unreachable!("CallKw names a tuple constant")
        };
        let npos = argc - names.len();
        let kwargs: Vec<(Rc<PyStr>, Value)> = names
            .iter()
            .zip(&stack[base + 2 + npos..])
            .map(|(n, v)| match n {
                Value::Str(s) => (s.clone(), v.clone()),
                _ => unreachable!("keyword names are str"),
            })
            .collect();
        let start = if let Value::Null = stack[base + 1] {
            base + 2
        } else {
            base + 1
        };
        let r = self.call(&stack[base], &stack[start..base + 2 + npos], &kwargs);
        stack.truncate(base);
        r
    }

    /// `CallEx`: the stack holds the callable, self or null, the positional arguments as a
    /// tuple and (with `kwargs`) the keyword arguments as a dict. Takes them all off.
    pub(super) fn call_ex(&mut self, stack: &mut Vec<Value>, kwargs: bool) -> PyResult {
        let kw = if kwargs { Some(pop(stack)) } else { None };
        let args = pop(stack);
        let self_ = pop(stack);
        let func = pop(stack);
        let mut pos: Vec<Value> = vec![];
        if !matches!(self_, Value::Null) {
            pos.push(self_);
        }
        if let Value::Tuple(t) = &args {
            pos.extend(t.iter().cloned());
        }
        let mut kwv = vec![];
        if let Some(Value::Dict(d)) = &kw {
            for (k, v) in d.borrow().iter() {
                if let Value::Str(s) = k {
                    kwv.push((s.clone(), v.clone()));
                }
            }
        }
        self.call(&func, &pos, &kwv)
    }
}

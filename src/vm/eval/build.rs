//! The instructions that build containers and strings from the value stack: displays
//! (`(a, b)`, `[a, *b]`, `{k: v}`, f-strings, slices) and the appends of comprehensions.
//! They are out of the interpreter loop's body to keep it small; none is an eval-breaker point.

use std::cell::RefCell;
use std::rc::Rc;

use super::super::dict::DictData;
use super::super::value::Value;
use super::super::{PyResult, Vm};
use super::pop;
use crate::lang::bytecode::Instr;

/// The top `n` values of `stack`, taken off it in order.
fn take_top(stack: &mut Vec<Value>, n: usize) -> Vec<Value> {
    let at = stack.len() - n;
    stack.split_off(at)
}

impl Vm {
    /// Run one of the build instructions (`instr` is one the loop sends here).
    pub(super) fn build(&mut self, instr: &Instr, stack: &mut Vec<Value>) -> PyResult<()> {
        match *instr {
            Instr::BuildTuple(n) => {
                let items = take_top(stack, n as usize);
                stack.push(Value::tuple(items));
            }
            Instr::BuildList(n) => {
                let items = take_top(stack, n as usize);
                stack.push(Value::list(items));
            }
            Instr::BuildSet(n) | Instr::BuildConstSet(n) => {
                let items = take_top(stack, n as usize);
                let frozen_display = matches!(instr, Instr::BuildConstSet(_));
                let s = super::super::methods::set::build_set_display(self, items, frozen_display)?;
                stack.push(s);
            }
            Instr::BuildMap(n) => {
                let items = take_top(stack, 2 * n as usize);
                let d = Rc::new(RefCell::new(DictData::new()));
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    self.dict_set(&d, k, v)?;
                }
                stack.push(Value::Dict(d));
            }
            Instr::BuildString(n) => {
                let at = stack.len() - n as usize;
                let len: usize = stack[at..]
                    .iter()
                    .map(|v| v.as_str().map_or(0, str::len))
                    .sum();
                let mut s = String::with_capacity(len);
                for v in stack.drain(at..) {
                    if let Value::Str(p) = v {
                        s.push_str(p.as_str());
                    }
                }
                stack.push(Value::str(s));
            }
            Instr::BuildSlice(n) => {
                let step = if n == 3 { pop(stack) } else { Value::None };
                let stop = pop(stack);
                let start = pop(stack);
                stack.push(Value::Slice(Rc::new(super::super::object::SliceObj {
                    start,
                    stop,
                    step,
                })));
            }
            Instr::ListAppend(n) => {
                let v = pop(stack);
                if let Value::List(l) = &stack[stack.len() - n as usize] {
                    l.borrow_mut().push(v);
                }
            }
            Instr::SetAdd(n) => {
                let v = pop(stack);
                let s = stack[stack.len() - n as usize].clone();
                self.set_add(&s, v)?;
            }
            Instr::MapAdd(n) => {
                let v = pop(stack);
                let k = pop(stack);
                if let Value::Dict(d) = &stack[stack.len() - n as usize] {
                    let d = d.clone();
                    self.dict_set(&d, k, v)?;
                }
            }
            Instr::ListExtend(n) => {
                let v = pop(stack);
                let items = self.collect(&v)?;
                if let Value::List(l) = &stack[stack.len() - n as usize] {
                    l.borrow_mut().extend(items);
                }
            }
            Instr::SetUpdate(n) => {
                let v = pop(stack);
                let s = stack[stack.len() - n as usize].clone();
                super::super::methods::set::set_update(self, &s, &v)?;
            }
            Instr::DictUpdate(n) | Instr::DictMerge(n) => {
                let v = pop(stack);
                let target = stack[stack.len() - n as usize].clone();
                let merge = matches!(instr, Instr::DictMerge(_));
                self.dict_update_from(&target, &v, merge)?;
            }
            Instr::ListToTuple => {
                if let Value::List(l) = pop(stack) {
                    let items = std::mem::take(&mut *l.borrow_mut());
                    stack.push(Value::tuple(items));
                }
            }
            _ => unreachable!("not a build instruction: {instr:?}"),
        }
        Ok(())
    }
}

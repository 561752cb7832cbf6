//! `s = s + t` and `s += t` on a str that nothing else holds append in place, as CPython does,
//! instead of copying `s`: string building in a loop stays linear.

use std::rc::Rc;

use super::super::value::Value;
use crate::lang::bytecode::Opnd;

/// `local = a + b` where `a` is the str held by `local` (alone, or also on the stack) and `b`
/// is a str: append `b` to it in place. Returns false (changing nothing) when that does not
/// apply.
pub(super) fn try_append_in_place(
    regs: &mut Vec<Value>,
    lb: usize,
    consts: &[Value],
    a: Opnd,
    b: Opnd,
    local: usize,
) -> bool {
    let local = lb + local;
    let n = regs.len();
    let t: String = {
        let bv = if b.is_stack() {
            &regs[n - 1]
        } else if let Some(j) = b.as_local() {
            &regs[lb + j]
        } else {
            &consts[b.index()]
        };
        match bv {
            Value::Str(x) => x.as_str().to_string(),
            _ => return false,
        }
    };
    if a.as_local().map(|i| lb + i) == Some(local) {
        if let Value::Str(rc) = &mut regs[local] {
            if let Some(ps) = Rc::get_mut(rc) {
                ps.push_str(&t);
                if b.is_stack() {
                    regs.pop();
                }
                return true;
            }
        }
        return false;
    }
    if !a.is_stack() {
        return false;
    }
    let ai = if b.is_stack() { n - 2 } else { n - 1 };
    let same =
        matches!((&regs[ai], &regs[local]), (Value::Str(x), Value::Str(y)) if Rc::ptr_eq(x, y));
    if !same {
        return false;
    }
    // release the local's reference; the stack operand is then the only one
    let old = std::mem::replace(&mut regs[local], Value::Null);
    drop(old);
    if let Value::Str(rc) = &mut regs[ai] {
        if let Some(ps) = Rc::get_mut(rc) {
            ps.push_str(&t);
            if b.is_stack() {
                regs.pop();
            }
            let v = regs.pop().unwrap();
            regs[local] = v;
            return true;
        }
    }
    // someone else holds it too: put the local back and take the ordinary path
    let v = regs[ai].clone();
    regs[local] = v;
    false
}

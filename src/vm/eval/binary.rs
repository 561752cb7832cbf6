//! `Binary` and `CompareJumpIfFalse` past the int fast paths the loop runs inline: strings
//! appended in place, then any types through the operator protocols. Out of the loop so that
//! the quickened instructions (`vm::quicken`) can fall back to the compiled one they stand for.

use super::super::value::Value;
use super::{append, pop};
use crate::lang::bytecode::{BinOp, CmpOp, Code, Instr, Opnd};
use crate::vm::{PyResult, Vm};

impl Vm {
    /// Operand `o` of the frame whose locals start at `regs[lb]`, taken: popped from the
    /// stack, or a clone of a local (unbound: `UnboundLocalError`) or a constant.
    fn fetch_operand(
        &self,
        regs: &mut Vec<Value>,
        lb: usize,
        code: &Code,
        o: Opnd,
    ) -> PyResult<Value> {
        if o.is_stack() {
            return Ok(pop(regs));
        }
        if let Some(i) = o.as_local() {
            return match &regs[lb + i] {
                Value::Null => Err(self.unbound_local(code, i)),
                v => Ok(v.clone()),
            };
        }
        Ok(code.body().consts[o.index()].clone())
    }

    /// `dst = a op b`, for what the loop's int fast path did not take.
    #[inline(never)]
    pub(super) fn binary_slow(
        &mut self,
        regs: &mut Vec<Value>,
        lb: usize,
        code: &Code,
        (op, a, b, dst): (BinOp, Opnd, Opnd, Opnd),
    ) -> PyResult<()> {
        // `s = s + t` / `s += t` on a str nothing else holds: append in place, as CPython does
        // (it, too, drops the target local's reference first)
        if matches!(op, BinOp::Add | BinOp::IAdd) {
            if let Some(d) = dst.as_local() {
                if matches!(regs[lb + d], Value::Str(_))
                    && append::try_append_in_place(regs, lb, &code.body().consts, a, b, d)
                {
                    return Ok(());
                }
            }
        }
        let bv = self.fetch_operand(regs, lb, code, b)?;
        let av = self.fetch_operand(regs, lb, code, a)?;
        let r = match (&av, &bv) {
            (Value::Int(x), Value::Int(y)) => match super::super::ops::int_fast(op, *x, *y) {
                Some(r) => r,
                None => self.binary_op(op, &av, &bv)?,
            },
            _ => self.binary_op(op, &av, &bv)?,
        };
        if dst.is_stack() {
            Value::push_words(regs, r);
        } else {
            std::mem::replace(&mut regs[lb + dst.index()], r).discard();
        }
        Ok(())
    }

    /// Whether `a op b` holds, for what the loop's int fast path did not take.
    #[inline(never)]
    pub(super) fn compare_slow(
        &mut self,
        regs: &mut Vec<Value>,
        lb: usize,
        code: &Code,
        (op, a, b): (CmpOp, Opnd, Opnd),
    ) -> PyResult<bool> {
        let bv = self.fetch_operand(regs, lb, code, b)?;
        let av = self.fetch_operand(regs, lb, code, a)?;
        if let (Value::Int(x), Value::Int(y)) = (&av, &bv) {
            if let Some(t) = super::super::ops::int_cmp(op, *x, *y) {
                return Ok(t);
            }
        }
        let r = self.compare_op(op, &av, &bv)?;
        self.truthy(&r)
    }

    /// The compiled `Binary` at `ip`, run where its quickened form did not apply.
    pub(super) fn binary_slow_at(
        &mut self,
        regs: &mut Vec<Value>,
        lb: usize,
        code: &Code,
        ip: usize,
    ) -> PyResult<()> {
        let Instr::Binary { op, a, b, dst } = code.body().instrs[ip] else {
            unreachable!("only a Binary is quickened into a binary operation")
        };
        self.binary_slow(regs, lb, code, (op, a, b, dst))
    }

    /// The compiled `CompareJumpIfFalse` at `ip`'s comparison, where its quickened form did
    /// not apply.
    pub(super) fn compare_slow_at(
        &mut self,
        regs: &mut Vec<Value>,
        lb: usize,
        code: &Code,
        ip: usize,
    ) -> PyResult<bool> {
        let Instr::CompareJumpIfFalse { op, a, b, .. } = code.body().instrs[ip] else {
            unreachable!("only a CompareJumpIfFalse is quickened into a compare and jump")
        };
        self.compare_slow(regs, lb, code, (op, a, b))
    }
}

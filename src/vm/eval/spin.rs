//! Counting loops run without a dispatch per iteration.
//!
//! `while n > 0: n -= 1`, the spin loop of every GIL demonstration, is after quickening one
//! `IncLocalJumpBackTest` right after the compare-and-jump it jumps back to. Once an iteration
//! has gone round that way, the loop's whole state is one int local, the test's bound (a
//! constant, or another local that nothing in the loop writes) and the charged time: this module
//! runs further iterations as a plain Rust loop on those. Each iteration is charged as the
//! dispatch loop charges it (the increment and the back-edge, then the test) and the back-edge's
//! eval breaker is checked on every iteration, so simulated time, traces and the points where
//! the host gets control are exactly those of the dispatch loop; only the host's time per
//! iteration drops (about 70 machine instructions to about 6).
//!
//! The same holds for `while not done: n += 1` (a global the loop cannot change), and for a
//! `for` over a range whose body is one int operator into a local (`for k in range(n): total
//! += k`, `for _ in range(20): x += 1`): the range iterator's cursor, the loop variable and the
//! local are the whole state.

use std::cell::{Cell, RefCell};

use crate::lang::bytecode::{BinOp, Code, Instr, OrderMask};
use crate::vm::dict::DictData;
use crate::vm::iter::IterState;
use crate::vm::value::Value;
use crate::vm::Vm;

/// A counting loop `while x OP bound: x += k` (or `while bound OP x: ...`).
#[derive(Clone, Copy)]
pub(super) struct Counting {
    pub k: i64,
    pub holds: OrderMask,
    pub bound: i64,
    /// the test reads `bound OP x` rather than `x OP bound`
    pub bound_first: bool,
    /// the cost of the increment and the back-edge
    pub step: u64,
    /// the cost of the test
    pub test: u64,
    /// where the loop goes when the test fails
    pub exit: usize,
}

/// The counting loop of the `IncLocalJumpBackTest` at `ip`, if it jumps back to a test just
/// before it that compares its local with an int constant or with another local holding an int
/// (which the loop, writing only its own local, leaves alone). `locals` are the frame's.
pub(super) fn counting(
    instrs: &[Instr],
    costs: &[u32],
    locals: &[Value],
    ip: usize,
) -> Option<Counting> {
    let Instr::IncLocalJumpBackTest { local, k, back } = instrs[ip] else {
        return None;
    };
    let back = back as usize;
    if back + 1 != ip {
        return None;
    }
    let (holds, bound, bound_first, exit) = match instrs[back] {
        Instr::CompareLocalIntJump {
            holds,
            local: x,
            k,
            target,
        } if x == local => (holds, k as i64, false, target),
        Instr::CompareLocalsJump {
            holds,
            a,
            b,
            target,
        } if (a == local) != (b == local) => {
            let other = if a == local { b } else { a };
            let Value::Int(bound) = locals[other as usize] else {
                return None;
            };
            (holds, bound, b == local, target)
        }
        _ => return None,
    };
    Some(Counting {
        k: k as i64,
        holds,
        bound,
        bound_first,
        step: costs[ip] as u64 + costs[ip + 1] as u64,
        test: costs[back] as u64,
        exit: exit as usize,
    })
}

/// Why `run` stopped.
pub(super) enum Stop {
    /// The test failed (and was charged): the loop exits.
    Exit,
    /// The back-edge was charged past the deadline: the host is due, then the test.
    Breaker,
    /// The next increment overflows i64 (nothing charged for it): the dispatch loop takes it.
    Overflow,
}

impl Counting {
    /// Run iterations from the increment on, until one of `Stop`.
    #[inline]
    pub(super) fn run(&self, x: &mut i64, ticks: &mut u64, deadline: u64) -> Stop {
        if self.bound_first {
            self.run_with(x, ticks, deadline, |x| self.holds.holds(self.bound, x))
        } else {
            self.run_with(x, ticks, deadline, |x| self.holds.holds(x, self.bound))
        }
    }

    #[inline(always)]
    fn run_with(
        &self,
        x: &mut i64,
        ticks: &mut u64,
        deadline: u64,
        holds: impl Fn(i64) -> bool,
    ) -> Stop {
        let (mut v, mut t) = (*x, *ticks);
        let stop = loop {
            let Some(next) = v.checked_add(self.k) else {
                break Stop::Overflow;
            };
            v = next;
            t += self.step;
            if t >= deadline {
                break Stop::Breaker;
            }
            t += self.test;
            if !holds(v) {
                break Stop::Exit;
            }
        };
        (*x, *ticks) = (v, t);
        stop
    }
}

/// The loop of the `IncLocalJumpBack` at `ip` if it jumps back to `LoadGlobal` and a
/// `PopJumpIf*` just before it (`while not done: n += 1`) and that global now lets the loop go
/// on: the loop, writing only its own int local, cannot change the global, so the test holds
/// until the eval breaker lets other threads in.
pub(super) fn global_test(
    vm: &Vm,
    instrs: &[Instr],
    costs: &[u32],
    code: &Code,
    globals: &RefCell<DictData>,
    ip: usize,
) -> Option<Counting> {
    let Instr::IncLocalJumpBack { k, back, .. } = instrs[ip] else {
        return None;
    };
    let back = back as usize;
    let (Instr::LoadGlobal(name), goes_on_if) = (instrs[back], instrs[back + 1]) else {
        return None;
    };
    let goes_on_if = match goes_on_if {
        Instr::PopJumpIfTrue(_) => false,
        Instr::PopJumpIfFalse(_) => true,
        _ => return None,
    };
    let truth = vm
        .lookup_global(globals, &code.body().names[name as usize])?
        .plain_truth()?;
    if truth != goes_on_if {
        return None;
    }
    Some(Counting {
        k: k as i64,
        holds: OrderMask::ALWAYS,
        bound: 0,
        bound_first: false,
        step: costs[ip] as u64 + costs[ip + 1] as u64,
        test: costs[back] as u64 + costs[back + 1] as u64,
        exit: back,
    })
}

/// Where an operand of a range loop's body comes from.
#[derive(Clone, Copy)]
enum Src {
    /// the local the body writes
    Acc,
    /// the loop variable
    Var,
    /// a constant, or a local the loop does not write
    Fixed(i64),
}

/// `for var in range(...): acc = lhs OP rhs` (`acc += k`, `acc += var`, ...).
pub(super) struct RangeLoop {
    op: BinOp,
    lhs: Src,
    rhs: Src,
    pub acc: usize,
    pub var: usize,
    /// the cost of the body and the back-edge
    step: u64,
    /// the cost of the `for` step
    for_step: u64,
}

/// Why `RangeLoop::run` stopped.
pub(super) enum RangeStop {
    /// The range ran out (the `for` step charged): the loop exits.
    Exit,
    /// The back-edge was charged past the deadline: the host is due, then the `for` step.
    Breaker,
    /// The body overflows i64 or divides by zero (nothing charged for it): the dispatch loop
    /// takes it.
    Fallback,
}

/// The loop of the `JumpBackwardFor` at `ip`, if its body, the one instruction between its
/// `ForIterStore` and it, is an int operator from the loop variable, the local it writes,
/// constants or other int locals into a local other than the loop variable; both locals must
/// hold ints now. `locals` are the frame's.
pub(super) fn range_loop(
    instrs: &[Instr],
    costs: &[u32],
    locals: &[Value],
    ip: usize,
) -> Option<RangeLoop> {
    let Instr::JumpBackwardFor(t) = instrs[ip] else {
        return None;
    };
    let t = t as usize;
    if t + 2 != ip {
        return None;
    }
    let Instr::ForIterStore { local: var, .. } = instrs[t] else {
        return None;
    };
    let var = var as usize;
    // operands: Ok(local) or Err(constant)
    let (op, a, b, acc) = match instrs[t + 1] {
        Instr::IncLocal { local, k } => (
            BinOp::Add,
            Ok(local as usize),
            Err(k as i64),
            local as usize,
        ),
        Instr::BinaryLocals { op, a, b, dst } => {
            (op, Ok(a as usize), Ok(b as usize), dst.as_local()?)
        }
        _ => return None,
    };
    // an operator `int_fast_i64` has no int path for (`**`, `<<`, `/`, ...) would hand every
    // iteration back at once
    if crate::vm::ops::int_fast_i64(op, 1, 1).is_none() {
        return None;
    }
    let int = |l: usize| match locals[l] {
        Value::Int(i) => Some(i),
        _ => None,
    };
    if acc == var || int(acc).is_none() || int(var).is_none() {
        return None;
    }
    let src = |o: Result<usize, i64>| match o {
        Ok(l) if l == acc => Some(Src::Acc),
        Ok(l) if l == var => Some(Src::Var),
        Ok(l) => int(l).map(Src::Fixed),
        Err(k) => Some(Src::Fixed(k)),
    };
    Some(RangeLoop {
        op,
        lhs: src(a)?,
        rhs: src(b)?,
        acc,
        var,
        step: costs[t + 1] as u64 + costs[ip] as u64,
        for_step: costs[t] as u64,
    })
}

/// The cursor of a range iterator: its next value, step and items left.
pub(super) fn range_cursor(it: &Value) -> Option<(&Cell<i64>, i64, &Cell<i64>)> {
    match crate::vm::int_loop::iter_state(it)? {
        IterState::Range { next, step, left } => Some((next, *step, left)),
        _ => None,
    }
}

impl RangeLoop {
    /// Run iterations from the body on (the loop variable `var` already stored), until one of
    /// `RangeStop`.
    pub(super) fn run(
        &self,
        acc: &mut i64,
        var: &mut i64,
        (next, stride, left): (&Cell<i64>, i64, &Cell<i64>),
        ticks: &mut u64,
        deadline: u64,
    ) -> RangeStop {
        let (mut a, mut v, mut t) = (*acc, *var, *ticks);
        let (mut n, mut l) = (next.get(), left.get());
        let val = |s: Src, a: i64, v: i64| match s {
            Src::Acc => a,
            Src::Var => v,
            Src::Fixed(k) => k,
        };
        let stop = loop {
            let Some(r) =
                crate::vm::ops::int_fast_i64(self.op, val(self.lhs, a, v), val(self.rhs, a, v))
            else {
                break RangeStop::Fallback;
            };
            a = r;
            t += self.step;
            if t >= deadline {
                break RangeStop::Breaker;
            }
            t += self.for_step;
            if l <= 0 {
                break RangeStop::Exit;
            }
            v = n;
            l -= 1;
            n = n.wrapping_add(stride);
        };
        (*acc, *var, *ticks) = (a, v, t);
        next.set(n);
        left.set(l);
        stop
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::bytecode::CmpOp;

    fn countdown(step: u64, test: u64) -> Counting {
        Counting {
            k: -1,
            holds: OrderMask::of(CmpOp::Gt).unwrap(),
            bound: 0,
            bound_first: false,
            step,
            test,
            exit: 0,
        }
    }

    #[test]
    fn runs_to_the_exit_charging_every_iteration() {
        // n = 10 after one iteration: nine more decrements, nine tests that hold and the last
        // one that fails
        let (mut x, mut t) = (10, 0);
        assert!(matches!(
            countdown(3, 2).run(&mut x, &mut t, u64::MAX),
            Stop::Exit
        ));
        assert_eq!((x, t), (0, 10 * 3 + 10 * 2));
    }

    #[test]
    fn stops_at_the_deadline_before_the_test() {
        let (mut x, mut t) = (10, 0);
        // iterations end at 5, 10, 15: the third back-edge reaches 13
        assert!(matches!(
            countdown(3, 2).run(&mut x, &mut t, 13),
            Stop::Breaker
        ));
        assert_eq!((x, t), (7, 13));
    }

    #[test]
    fn stops_before_an_overflowing_increment() {
        let mut c = countdown(1, 1);
        (c.k, c.holds) = (1, OrderMask::of(CmpOp::Ne).unwrap());
        let (mut x, mut t) = (i64::MAX - 2, 0);
        assert!(matches!(c.run(&mut x, &mut t, u64::MAX), Stop::Overflow));
        assert_eq!((x, t), (i64::MAX, 4));
    }

    #[test]
    fn a_bound_on_the_left_reads_the_other_way() {
        // while 5 > x: x += 1
        let mut c = countdown(1, 1);
        (c.k, c.bound, c.bound_first) = (1, 5, true);
        let (mut x, mut t) = (1, 0);
        assert!(matches!(c.run(&mut x, &mut t, u64::MAX), Stop::Exit));
        assert_eq!(x, 5);
    }
}

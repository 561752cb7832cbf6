//! Quickening: the instructions the VM runs, made once per code object from the compiled ones.
//!
//! CPython 3.11 rewrites a warm instruction into a form specialised for the types it has seen
//! (`BINARY_OP_ADD_INT`, `COMPARE_OP_INT_JUMP`, ...). gilsim's compiler already fuses operands
//! into its instructions (`n -= 1` is one `Binary` of a local and a constant into the local), but
//! the loop still decodes each operand's kind (stack, local or constant) and looks the constant
//! up on every run. Here the kinds are fixed once, where they are known from the code alone:
//! an operator on a local and an int constant and a compare-and-jump of a local and an int
//! constant or of two locals become instructions that read their locals directly and carry the
//! constant's value (a compare carries the outcomes for which it holds, not its operator, and
//! tests them without a branch). A back-edge to such a test, or to a `for` storing into a
//! local, runs it too, and so does an increment of a local just before such a back-edge:
//! `while n > 0: n -= 1` is one dispatch per iteration.
//!
//! A quickened instruction sits at the index of the compiled one it stands for, so jumps,
//! exception tables, line tables and the cost table (made from the compiled instructions: the
//! simulated time is the same either way) all still hold. When its operands are not what it
//! expects (a local that is not an int, an overflow), the loop runs the compiled instruction at
//! the same index instead.

use crate::lang::bytecode::{BinOp, Code, Instr, Opnd, OrderMask};
use crate::vm::int_loop::IntLoop;
use crate::vm::value::Value;

/// What the VM runs for a code object.
#[derive(Debug)]
pub struct Quick {
    /// The instructions, some quickened.
    instrs: Box<[Instr]>,
    /// The loops over ints, by the `slot` of their `IntLoopBack`.
    loops: Box<[IntLoop]>,
}

/// The instructions to run for `code` (made on first use, then kept with the code object).
pub fn instrs_of(code: &Code) -> &[Instr] {
    &code.runtime.quick.get_or_init(|| quicken(code)).instrs
}

/// The int loop of an `IntLoopBack` of `code`'s, by its `slot`.
pub fn int_loop(code: &Code, slot: u16) -> Option<&IntLoop> {
    code.runtime.quick.get()?.loops.get(slot as usize)
}

/// `code`'s instructions with the common shapes quickened, and its loops over ints.
fn quicken(code: &Code) -> Quick {
    let mut quick: Box<[Instr]> = code
        .body()
        .instrs
        .iter()
        .map(|&i| quickened(code, i))
        .collect();
    // a back-edge to a quickened test runs the test itself (a second pass: the test may sit
    // after nothing that points back at it yet)
    for i in 0..quick.len() {
        if let Instr::JumpBackward(t) = quick[i] {
            match quick.get(t as usize) {
                Some(Instr::CompareLocalIntJump { .. } | Instr::CompareLocalsJump { .. }) => {
                    quick[i] = Instr::JumpBackwardTest(t)
                }
                Some(Instr::ForIterStore { .. }) => quick[i] = Instr::JumpBackwardFor(t),
                _ => {}
            }
        }
    }
    let loops = int_loops(code, &mut quick);
    // an increment just before a back-edge (to such a test or not) runs it too (what jumps to
    // the back-edge still finds it there)
    for i in 1..quick.len() {
        quick[i - 1] = match (quick[i - 1], quick[i]) {
            (Instr::IncLocal { local, k }, Instr::JumpBackwardTest(back)) => {
                Instr::IncLocalJumpBackTest { local, k, back }
            }
            (Instr::IncLocal { local, k }, Instr::JumpBackward(back)) => {
                Instr::IncLocalJumpBack { local, k, back }
            }
            (other, _) => other,
        };
    }
    Quick {
        instrs: quick,
        loops,
    }
}

/// Whether loops over ints run as such: yes, unless `GILSIM_INT_LOOPS=0` (which the tests use to
/// show that they change nothing a run shows but its host time).
fn int_loops_on() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("GILSIM_INT_LOOPS").is_none_or(|v| v != "0"))
}

/// The back-edges of loops over ints made `IntLoopBack`s, and their loops: all but the shapes
/// `eval::spin` runs faster (`while x < n: x += 1`, `while not done: n += 1`, a `for` over a
/// range whose body is one instruction).
fn int_loops(code: &Code, quick: &mut [Instr]) -> Box<[IntLoop]> {
    let mut loops = Vec::new();
    if !int_loops_on() {
        return loops.into_boxed_slice();
    }
    for i in 0..quick.len() {
        let back = match quick[i] {
            Instr::JumpBackward(t) | Instr::JumpBackwardTest(t) | Instr::JumpBackwardFor(t) => t,
            _ => continue,
        };
        let inc_before = matches!(quick.get(i.wrapping_sub(1)), Some(Instr::IncLocal { .. }));
        let spun = match quick[i] {
            Instr::JumpBackwardFor(t) => t as usize + 2 == i,
            Instr::JumpBackwardTest(t) => inc_before && t as usize + 2 == i,
            _ => {
                inc_before
                    && back as usize + 3 == i
                    && matches!(quick[back as usize], Instr::LoadGlobal(_))
            }
        };
        let Ok(slot) = u16::try_from(loops.len()) else {
            break;
        };
        if spun {
            continue;
        }
        if let Some(l) = IntLoop::translate(code, back as usize, i) {
            loops.push(l);
            quick[i] = Instr::IntLoopBack { back, slot };
        }
    }
    loops.into_boxed_slice()
}

/// The quickened form of `instr`, or `instr` itself.
fn quickened(code: &Code, instr: Instr) -> Instr {
    match instr {
        Instr::Binary { op, a, b, dst } => {
            if let (Some(a), Some(b)) = (a.as_local(), b.as_local()) {
                return Instr::BinaryLocals {
                    op,
                    a: a as u16,
                    b: b as u16,
                    dst,
                };
            }
            if let (Some(local), true) = (a.as_local(), b.is_stack()) {
                let local = local as u16;
                return Instr::BinaryLocalStack { op, local, dst };
            }
            let (Some(local), Some(k)) = (a.as_local(), small_int_const(code, b)) else {
                return instr;
            };
            let local = local as u16;
            let k = match op {
                BinOp::Add | BinOp::IAdd => Some(k),
                BinOp::Sub | BinOp::ISub => k.checked_neg(),
                _ => return Instr::BinaryLocalInt { op, local, dst, k },
            };
            match k {
                Some(k) if dst == Opnd::local(local as usize) => Instr::IncLocal { local, k },
                Some(k) => Instr::AddLocalInt { local, dst, k },
                None => instr,
            }
        }
        Instr::CompareJumpIfFalse { op, a, b, target } => {
            let Some(holds) = OrderMask::of(op) else {
                return instr;
            };
            match (a.as_local(), b.as_local(), small_int_const(code, b)) {
                (Some(a), Some(b), _) => Instr::CompareLocalsJump {
                    holds,
                    a: a as u16,
                    b: b as u16,
                    target,
                },
                (Some(local), None, Some(k)) => Instr::CompareLocalIntJump {
                    holds,
                    local: local as u16,
                    k,
                    target,
                },
                _ => instr,
            }
        }
        _ => instr,
    }
}

/// The value of operand `o` if it is a constant int that fits an `i32`.
fn small_int_const(code: &Code, o: Opnd) -> Option<i32> {
    match code.body().consts.get(o.as_const()?)? {
        Value::Int(i) => i32::try_from(*i).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::bytecode::CmpOp;

    fn code_of(src: &str) -> std::rc::Rc<Code> {
        let module = crate::lang::compile_source(src, "t.py").expect("compiles");
        module.body().children[0].clone()
    }

    #[test]
    fn a_countdown_loop_is_quickened() {
        let code = code_of("def f(n):\n    while n > 0:\n        n -= 1\n");
        let q = quicken(&code).instrs;
        assert_eq!(q.len(), code.body().instrs.len());
        let gt = OrderMask::of(CmpOp::Gt).unwrap();
        let test = q
            .iter()
            .position(|i| {
                *i == Instr::CompareLocalIntJump {
                    holds: gt,
                    local: 0,
                    k: 0,
                    target: 4,
                }
            })
            .expect("the test is quickened");
        let back = q
            .iter()
            .position(|i| *i == Instr::JumpBackwardTest(test as u32))
            .expect("the back-edge runs the test");
        assert_eq!(
            q[back - 1],
            Instr::IncLocalJumpBackTest {
                local: 0,
                k: -1,
                back: test as u32
            }
        );
    }

    #[test]
    fn order_masks_agree_with_the_operators() {
        let ops = [
            CmpOp::Lt,
            CmpOp::Le,
            CmpOp::Eq,
            CmpOp::Ne,
            CmpOp::Gt,
            CmpOp::Ge,
        ];
        let values = [i64::MIN, -2, -1, 0, 1, 2, i64::MAX];
        for op in ops {
            let mask = OrderMask::of(op).unwrap();
            for x in values {
                for y in values {
                    let want = crate::vm::ops::int_cmp(op, x, y).unwrap();
                    assert_eq!(mask.holds(x, y), want, "{x} {op:?} {y}");
                }
            }
        }
        assert_eq!(OrderMask::of(CmpOp::In), None);
        assert_eq!(OrderMask::of(CmpOp::Is), None);
    }

    #[test]
    fn other_shapes_are_left_alone() {
        // a float constant, a str constant, `in`, `is`, a constant on the left: nothing
        let code = code_of(
            "def f(n, s):\n    n = n + 1.5\n    s = s + 'x'\n    if n in s:\n        n = 2 * n\n    while n is s:\n        pass\n",
        );
        assert_eq!(&*quicken(&code).instrs, &code.body().instrs[..]);
    }

    #[test]
    fn a_constant_whose_negation_overflows_is_left_alone() {
        let code = code_of("def f(n):\n    return n - -2147483648\n");
        assert_eq!(&*quicken(&code).instrs, &code.body().instrs[..]);
    }
}

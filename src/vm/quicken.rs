//! Quickening: the instructions the VM runs, made once per code object from the compiled ones.
//!
//! CPython 3.11 rewrites a warm instruction into a form specialised for the types it has seen
//! (`BINARY_OP_ADD_INT`, `COMPARE_OP_INT_JUMP`, ...). gilsim's compiler already fuses operands
//! into its instructions (`n -= 1` is one `Binary` of a local and a constant into the local), but
//! the loop still decodes each operand's kind (stack, local or constant) and looks the constant
//! up on every run. Here the kinds are fixed once, where they are known from the code alone:
//! a `+`/`-` of a local and an int constant and a compare-and-jump of a local and an int
//! constant or of two locals become instructions that read their locals directly and carry the
//! constant's value. `while n > 0: n -= 1` runs two of them and a back-edge per iteration.
//!
//! A quickened instruction sits at the index of the compiled one it stands for, so jumps,
//! exception tables, line tables and the cost table (made from the compiled instructions: the
//! simulated time is the same either way) all still hold. When its operands are not what it
//! expects (a local that is not an int, an overflow), the loop runs the compiled instruction at
//! the same index instead.

use crate::lang::bytecode::{BinOp, CmpOp, Code, Instr, Opnd};
use crate::vm::value::Value;

/// The instructions to run for `code` (made on first use, then kept with the code object).
pub fn instrs_of(code: &Code) -> &[Instr] {
    code.runtime.quick.get_or_init(|| quicken(code))
}

/// `code`'s instructions with the common shapes quickened.
fn quicken(code: &Code) -> Box<[Instr]> {
    code.instrs.iter().map(|&i| quickened(code, i)).collect()
}

/// The quickened form of `instr`, or `instr` itself.
fn quickened(code: &Code, instr: Instr) -> Instr {
    match instr {
        Instr::Binary { op, a, b, dst } => {
            let negate = match op {
                BinOp::Add | BinOp::IAdd => false,
                BinOp::Sub | BinOp::ISub => true,
                _ => return instr,
            };
            match (a.as_local(), small_int_const(code, b)) {
                (Some(local), Some(k)) => {
                    let k = if negate { k.checked_neg() } else { Some(k) };
                    match k {
                        Some(k) => Instr::AddLocalInt {
                            local: local as u16,
                            dst,
                            k,
                        },
                        None => instr,
                    }
                }
                _ => instr,
            }
        }
        Instr::CompareJumpIfFalse { op, a, b, target } if is_ordering(op) => {
            match (a.as_local(), b.as_local(), small_int_const(code, b)) {
                (Some(a), Some(b), _) => Instr::CompareLocalsJump {
                    op,
                    a: a as u16,
                    b: b as u16,
                    target,
                },
                (Some(local), None, Some(k)) => Instr::CompareLocalIntJump {
                    op,
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

/// `<`, `<=`, `==`, `!=`, `>`, `>=` (not `is` or `in`, which mean something else on ints).
fn is_ordering(op: CmpOp) -> bool {
    matches!(
        op,
        CmpOp::Lt | CmpOp::Le | CmpOp::Eq | CmpOp::Ne | CmpOp::Gt | CmpOp::Ge
    )
}

/// The value of operand `o` if it is a constant int that fits an `i32`.
fn small_int_const(code: &Code, o: Opnd) -> Option<i32> {
    match code.consts.get(o.as_const()?)? {
        Value::Int(i) => i32::try_from(*i).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(src: &str) -> std::rc::Rc<Code> {
        let module = crate::lang::compile_source(src, "t.py").expect("compiles");
        module.children[0].clone()
    }

    #[test]
    fn a_countdown_loop_is_quickened() {
        let code = code_of("def f(n):\n    while n > 0:\n        n -= 1\n");
        let q = quicken(&code);
        assert_eq!(q.len(), code.instrs.len());
        assert!(q.iter().any(|i| matches!(
            i,
            Instr::CompareLocalIntJump {
                op: CmpOp::Gt,
                local: 0,
                k: 0,
                ..
            }
        )));
        assert!(q.iter().any(|i| matches!(
            i,
            Instr::AddLocalInt {
                local: 0,
                k: -1,
                ..
            }
        )));
    }

    #[test]
    fn other_shapes_are_left_alone() {
        // a float constant, a str constant, `in`, `*`: nothing to quicken
        let code = code_of(
            "def f(n, s):\n    n = n + 1.5\n    s = s + 'x'\n    if n in s:\n        n = n * 2\n",
        );
        assert_eq!(&*quicken(&code), &code.instrs[..]);
    }

    #[test]
    fn a_constant_whose_negation_overflows_is_left_alone() {
        let code = code_of("def f(n):\n    return n - -2147483648\n");
        assert_eq!(&*quicken(&code), &code.instrs[..]);
    }
}

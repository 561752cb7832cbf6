//! The cost model: simulated time charged per instruction, in picoseconds.
//!
//! Each gilsim instruction is charged what CPython 3.11 spends on the equivalent run of its own
//! instructions (a fused `x += 1` costs a LOAD_FAST, a LOAD_CONST, a BINARY_OP and a STORE_FAST).
//! Two tables: before CPython has specialised a code object (its first 8 calls) and after.
//! Calibrated so that a `while x < n: x += 1` iteration costs about 13 ns specialised and 22 ns
//! before (DESIGN.md §4). Builtins charge their own work through `Vm::charge`.
//!
//! Measured here with CPython 3.11.7 (`while x < n: x += 1` in a function, 2M iterations per
//! call): 21.8 ns per iteration in calls 1 to 7, 13.4 ns from the 8th call on; `sum(range(10**7))`
//! 11.1 to 11.5 ns per element. gilsim charges 21.8 / 13.4 ns and 11 ns.

use std::rc::Rc;

use crate::lang::bytecode::{Code, Instr, Opnd};

/// Costs in picoseconds of CPython's basic steps, specialised.
#[derive(Clone, Debug)]
pub struct CostModel {
    /// LOAD_FAST / LOAD_CONST / STORE_FAST and friends.
    pub load: u32,
    /// A specialised arithmetic or comparison step.
    pub binary: u32,
    /// A conditional jump or back-edge.
    pub jump: u32,
    /// An attribute or global access.
    pub attr: u32,
    /// A call of a Python function (frame setup and return).
    pub call: u32,
    /// Building a container, per element.
    pub build_elem: u32,
    /// Anything else.
    pub other: u32,
    /// One unit of work inside a builtin (an element summed, compared, copied).
    pub builtin_unit: u32,
    /// Before specialisation, every step costs this many times more (per mille).
    pub unspecialised_permille: u32,
    /// Calls after which a code object counts as specialised.
    pub warmup_calls: u32,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            load: 900,
            binary: 3_600,
            jump: 1_700,
            attr: 4_000,
            call: 30_000,
            build_elem: 1_500,
            other: 3_000,
            builtin_unit: 11_000,
            unspecialised_permille: 1_630,
            warmup_calls: 7,
        }
    }
}

impl CostModel {
    fn opnd(&self, o: Opnd) -> u32 {
        if o.is_stack() {
            0
        } else {
            self.load
        }
    }

    /// The specialised cost of one instruction.
    pub fn instr_cost(&self, i: &Instr) -> u32 {
        use Instr::*;
        match *i {
            Nop | Unreachable => 0,
            Resume => self.load,
            LoadConst(_) | LoadFast(_) | StoreFast(_) | DeleteFast(_) | Pop | PushNull | Dup
            | Copy(_) | Swap(_) | LoadDeref(_) | StoreDeref(_) | DeleteDeref(_)
            | LoadClosure(_) => self.load,
            LoadGlobal(_) | StoreGlobal(_) | DeleteGlobal(_) | LoadName(_) | StoreName(_)
            | DeleteName(_) | LoadClassDeref(_) => self.attr / 2,
            LoadAttr(_) | StoreAttr(_) | DeleteAttr(_) | LoadMethod(_) => self.attr,
            Binary { a, b, dst, .. } => self.binary + self.opnd(a) + self.opnd(b) + self.opnd(dst),
            Unary { a, .. } => self.binary + self.opnd(a),
            Compare { a, b, .. } => self.binary + self.opnd(a) + self.opnd(b),
            CompareJumpIfFalse { a, b, .. } => self.binary + self.opnd(a) + self.opnd(b),
            Subscr { a, b, dst } => self.binary + self.opnd(a) + self.opnd(b) + self.opnd(dst),
            StoreSubscr | DeleteSubscr => self.binary,
            Jump(_) | JumpBackward(_) | PopJumpIfFalse(_) | PopJumpIfTrue(_)
            | JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) | PopJumpIfNone(_) | PopJumpIfNotNone(_) => {
                self.jump
            }
            GetIter => self.other,
            ForIter(_) => self.binary,
            ForIterStore { .. } => self.binary + self.load,
            BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildConstSet(n) | BuildString(n) => {
                self.other + self.build_elem * n
            }
            BuildMap(n) => self.other + 2 * self.build_elem * n,
            Call(_) | CallKw { .. } | CallEx { .. } => self.call,
            MakeFunction { .. } => self.other * 4,
            _ => self.other,
        }
    }

    /// The cost tables of `code`: [before specialisation, after].
    fn tables_of<'c>(&self, code: &'c Code) -> &'c [Rc<[u32]>; 2] {
        code.runtime.costs.get_or_init(|| {
            let warm: Vec<u32> = code
                .body()
                .instrs
                .iter()
                .map(|i| self.instr_cost(i))
                .collect();
            let cold: Vec<u32> = warm
                .iter()
                .map(|c| ((*c as u64 * self.unspecialised_permille as u64) / 1000) as u32)
                .collect();
            [cold.into(), warm.into()]
        })
    }

    /// The table to charge for a call of `code` now (counting the call).
    pub fn table_for_call(&self, code: &Code) -> Rc<[u32]> {
        Rc::clone(self.table_for_call_ref_rc(code))
    }

    /// `table_for_call`, borrowed from `code` (which keeps its tables for its life).
    #[inline(always)]
    pub fn table_for_call_ref<'c>(&self, code: &'c Code) -> &'c [u32] {
        if code.runtime.warm.get() {
            if let Some([_, warm]) = code.runtime.costs.get() {
                return warm;
            }
        }
        self.table_for_call_ref_rc(code)
    }

    /// Counts a call of `code` and picks its table: cold for the first `warmup_calls` calls.
    /// A warm code object's count is left alone (it only ever decides this), and marked warm.
    #[inline(never)]
    fn table_for_call_ref_rc<'c>(&self, code: &'c Code) -> &'c Rc<[u32]> {
        let n = code.runtime.calls.get();
        let warm = n >= self.warmup_calls;
        if warm {
            code.runtime.warm.set(true);
        } else {
            code.runtime.calls.set(n + 1);
        }
        &self.tables_of(code)[warm as usize]
    }
}

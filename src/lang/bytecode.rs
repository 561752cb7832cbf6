//! gilsim's bytecode: the instructions of code objects (`code.rs` has the code objects).
//!
//! A stack machine whose hottest instructions also address locals and constants directly
//! (an [`Opnd`]), so a loop body such as `x += 1` is one instruction, not four: DESIGN.md §8
//! measured that the instruction count is where interpreter speed goes. Eval-breaker points are
//! the instructions CPython 3.11 checks at: `Resume` (function entry), `JumpBackward` (loop
//! back-edges) and the call instructions (after a builtin returns).

use serde::{Deserialize, Serialize};

// the code objects' types, at the path the rest of the crate has always named them by
pub use super::code::{
    AttrHint, Body, Code, CodeKind, CodeRuntime, GlobalHint, Handler, Header, Loc, Locs,
};

/// Where an operand comes from (or a result goes to): the stack, a fast local, or a constant.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Opnd(pub u16);

impl Opnd {
    /// Pop from (or push to) the value stack.
    pub const STACK: Opnd = Opnd(0);
    pub const LOCAL: u16 = 0x4000;
    const CONST: u16 = 0x8000;
    /// The largest index a local or constant operand can carry.
    pub const MAX_INDEX: usize = 0x3fff;
    pub fn local(i: usize) -> Opnd {
        debug_assert!(i <= Self::MAX_INDEX);
        Opnd(Self::LOCAL | i as u16)
    }
    pub fn konst(i: usize) -> Opnd {
        debug_assert!(i <= Self::MAX_INDEX);
        Opnd(Self::CONST | i as u16)
    }
    pub fn is_stack(self) -> bool {
        self.0 == 0
    }
    /// `Some(i)` for a local operand.
    pub fn as_local(self) -> Option<usize> {
        (self.0 & 0xc000 == Self::LOCAL).then_some((self.0 & 0x3fff) as usize)
    }
    /// `Some(i)` for a constant operand.
    pub fn as_const(self) -> Option<usize> {
        (self.0 & 0xc000 == Self::CONST).then_some((self.0 & 0x3fff) as usize)
    }
    pub fn index(self) -> usize {
        (self.0 & 0x3fff) as usize
    }
    pub fn tag(self) -> u16 {
        self.0 & 0xc000
    }
}

/// Binary operators, with the in-place forms augmented assignment uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[repr(u8)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
    MatMul,
    IAdd,
    ISub,
    IMul,
    ITrueDiv,
    IFloorDiv,
    IMod,
    IPow,
    ILShift,
    IRShift,
    IAnd,
    IOr,
    IXor,
    IMatMul,
}

impl BinOp {
    /// The operator's symbol as error messages print it (`+`, `+=`).
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            TrueDiv => "/",
            FloorDiv => "//",
            Mod => "%",
            Pow => "** or pow()",
            LShift => "<<",
            RShift => ">>",
            And => "&",
            Or => "|",
            Xor => "^",
            MatMul => "@",
            IAdd => "+=",
            ISub => "-=",
            IMul => "*=",
            ITrueDiv => "/=",
            IFloorDiv => "//=",
            IMod => "%=",
            IPow => "**=",
            ILShift => "<<=",
            IRShift => ">>=",
            IAnd => "&=",
            IOr => "|=",
            IXor => "^=",
            IMatMul => "@=",
        }
    }
    /// The plain operator of an in-place one (`IAdd` -> `Add`).
    pub fn base(self) -> BinOp {
        use BinOp::*;
        match self {
            IAdd => Add,
            ISub => Sub,
            IMul => Mul,
            ITrueDiv => TrueDiv,
            IFloorDiv => FloorDiv,
            IMod => Mod,
            IPow => Pow,
            ILShift => LShift,
            IRShift => RShift,
            IAnd => And,
            IOr => Or,
            IXor => Xor,
            IMatMul => MatMul,
            other => other,
        }
    }
    pub fn is_inplace(self) -> bool {
        self as u8 >= BinOp::IAdd as u8
    }
    /// Dunder names: (`__add__`, `__radd__`, `__iadd__`).
    pub fn dunders(self) -> (&'static str, &'static str, &'static str) {
        use BinOp::*;
        match self.base() {
            Add => ("__add__", "__radd__", "__iadd__"),
            Sub => ("__sub__", "__rsub__", "__isub__"),
            Mul => ("__mul__", "__rmul__", "__imul__"),
            TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
            FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
            Mod => ("__mod__", "__rmod__", "__imod__"),
            Pow => ("__pow__", "__rpow__", "__ipow__"),
            LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
            RShift => ("__rshift__", "__rrshift__", "__irshift__"),
            And => ("__and__", "__rand__", "__iand__"),
            Or => ("__or__", "__ror__", "__ior__"),
            Xor => ("__xor__", "__rxor__", "__ixor__"),
            _ => ("__matmul__", "__rmatmul__", "__imatmul__"),
        }
    }
}

/// Comparison operators, membership and identity included.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[repr(u8)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        use CmpOp::*;
        match self {
            Lt => "<",
            Le => "<=",
            Eq => "==",
            Ne => "!=",
            Gt => ">",
            Ge => ">=",
            In => "in",
            NotIn => "not in",
            Is => "is",
            IsNot => "is not",
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[repr(u8)]
pub enum UnaryOp {
    Neg,
    Pos,
    Not,
    Invert,
}

/// One instruction. Jump targets are instruction indices.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Instr {
    Nop,
    /// Function entry; an eval-breaker point.
    Resume,
    LoadConst(u32),
    LoadFast(u16),
    StoreFast(u16),
    DeleteFast(u16),
    /// Load from cell `i` (cell variables first, then free variables).
    LoadDeref(u16),
    StoreDeref(u16),
    DeleteDeref(u16),
    /// Push the cell object itself (to build a closure).
    LoadClosure(u16),
    /// In a class body: the namespace first, then the cell.
    LoadClassDeref(u16),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Name lookup through the frame's namespace dict, globals, builtins (class bodies).
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    /// Push `[callable, self]` for a method call, or `[callable, NULL]`.
    LoadMethod(u32),
    Pop,
    /// Push the NULL marker (no `self` for a plain call).
    PushNull,
    /// Duplicate the top of the stack.
    Dup,
    /// Push a copy of the item `n` deep (1 = top).
    Copy(u16),
    /// Swap the top with the item `n` deep (2 = the one below the top).
    Swap(u16),
    /// `dst = a op b`.
    Binary {
        op: BinOp,
        a: Opnd,
        b: Opnd,
        dst: Opnd,
    },
    Unary {
        op: UnaryOp,
        a: Opnd,
    },
    Compare {
        op: CmpOp,
        a: Opnd,
        b: Opnd,
    },
    /// Jump to `target` unless `a op b` holds (a fused compare and branch).
    CompareJumpIfFalse {
        op: CmpOp,
        a: Opnd,
        b: Opnd,
        target: u32,
    },
    /// `dst = a[b]`.
    Subscr {
        a: Opnd,
        b: Opnd,
        dst: Opnd,
    },
    /// Stack: value, container, key -> `container[key] = value`.
    StoreSubscr,
    DeleteSubscr,
    Jump(u32),
    /// A loop back-edge; an eval-breaker point.
    JumpBackward(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    PopJumpIfNone(u32),
    PopJumpIfNotNone(u32),
    GetIter,
    /// Push the iterator's next item, or pop the iterator and jump when it is exhausted.
    ForIter(u32),
    /// `ForIter` that stores the item straight into a local.
    ForIterStore {
        local: u16,
        target: u32,
    },
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// A set display whose items are all constants (CPython builds it from a frozenset
    /// constant, which decides its iteration order).
    BuildConstSet(u32),
    /// Build a dict from `n` key/value pairs.
    BuildMap(u32),
    /// Concatenate `n` strings (f-strings).
    BuildString(u32),
    /// `slice(a, b)` or `slice(a, b, c)`.
    BuildSlice(u8),
    /// Append TOS to the list `n` deep (comprehensions).
    ListAppend(u16),
    SetAdd(u16),
    /// Add key (TOS1), value (TOS) to the dict `n` deep.
    MapAdd(u16),
    ListExtend(u16),
    SetUpdate(u16),
    DictUpdate(u16),
    /// Like `DictUpdate` but a repeated key is a TypeError (calls with `**`).
    DictMerge(u16),
    ListToTuple,
    /// Format TOS (with the spec below it if `spec`); `conv`: 0 none, b's', b'r', b'a'.
    FormatValue {
        conv: u8,
        spec: bool,
    },
    UnpackSequence(u32),
    /// Unpack with a starred target: `before` names, a list, `after` names.
    UnpackEx {
        before: u16,
        after: u16,
    },
    /// Stack: callable, self-or-NULL, args... (`argc` of them).
    Call(u16),
    /// Like `Call` with the last `len(kwnames)` arguments named by constant tuple `kwnames`.
    CallKw {
        argc: u16,
        kwnames: u32,
    },
    /// Stack: callable, NULL, args tuple, [kwargs dict].
    CallEx {
        kwargs: bool,
    },
    /// Stack: [defaults tuple] [kwdefaults dict] [annotations dict] [closure tuple]; flags say which.
    MakeFunction {
        code: u32,
        flags: u8,
    },
    LoadBuildClass,
    /// `globals()` (the builtin, called with no arguments): the module's namespace dict.
    LoadGlobalsDict,
    /// `locals()` or `vars()` (the builtins, called with no arguments): the namespace of a module
    /// or class body, or a new dict of a function's bound locals and cells.
    LoadLocalsDict,
    /// `dir()` (the builtin, called with no arguments): a sorted list of the names of
    /// `locals()`.
    LoadLocalNames,
    ReturnValue,
    YieldValue,
    /// Stack: iterator-or-generator. Replaces it with an iterator for `yield from`.
    GetYieldFromIter,
    /// Stack: subiterator, value to send. Yields what it yields; pushes its return value.
    YieldFrom,
    /// `await`: replace TOS by the iterator to delegate to (a coroutine, or what `__await__`
    /// returned). `0` after `await`, `1` after `__aenter__`, `2` after `__aexit__` (messages).
    GetAwaitable(u8),
    /// `async for`: replace TOS by `TOS.__aiter__()`.
    GetAiter,
    /// `async for`: push the awaitable `TOS.__anext__()`, keeping the async iterator.
    GetAnext,
    /// The end of an `async for` (its exception handler). Stack: async iterator, exception.
    /// `StopAsyncIteration` ends the loop (both popped); anything else is re-raised.
    EndAsyncFor,
    /// In an async generator: wrap TOS so that `yield` reaches whoever awaits `__anext__()`.
    AsyncGenWrap,
    /// `raise` (0 args: re-raise the handled exception), `raise X` (1), `raise X from Y` (2).
    Raise(u8),
    /// Re-raise the exception on TOS (cleanup at the end of a handler).
    Reraise,
    /// In a handler: TOS is the exception. Push the previously handled one below it, and make
    /// TOS the handled exception.
    PushExcInfo,
    /// Restore the previously handled exception (TOS) after a handler.
    PopExcept,
    /// Stack: exception, class. Push whether the exception matches (keeps the exception).
    CheckExcMatch,
    /// `except* T`: stack: rest, T -> rest left unmatched, the matching part (an exception
    /// group, or None); a match becomes the exception being handled.
    CheckEgMatch,
    /// After the `except*` clauses: stack: original, list of raised exceptions and the rest
    /// -> what to re-raise (the raised ones and the rest recombined), or None.
    PrepReraiseStar,
    /// Pop a context manager; push its bound `__exit__`, then the result of `__enter__()`.
    BeforeWith,
    /// Stack: exit, ..., exception (depth 1 = just below). Call `exit(type, exc, tb)`; push result.
    WithExceptStart,
    /// `async with`: pop the manager; push its bound `__aexit__`, then `__aenter__()` (to await).
    BeforeAsyncWith,
    /// As `WithExceptStart`, pushing what `__aexit__` returned (an awaitable), not its truth.
    AsyncWithExceptStart,
    LoadAssertionError,
    /// `import name` with `fromlist` (const) and level: push the module.
    ImportName {
        name: u32,
        fromlist: u32,
        level: u16,
    },
    /// Push attribute `name` of the module on TOS (keeps the module).
    ImportFrom(u32),
    /// `from m import *` into the current namespace.
    ImportStar,
    /// Make sure `__annotations__` exists in the namespace.
    SetupAnnotations,
    /// Fail with `UnboundLocalError`-style errors is done by LoadFast; this marks dead code.
    Unreachable,
    // Quickened forms, made by `vm::quicken` at run time from the instructions above (as
    // CPython 3.11 specialises its own): never compiled, never costed (a code object's cost
    // table comes from its compiled instructions, so time is charged the same either way),
    // never shown by `dis`. Each runs its common case with its operands' kinds known, and
    // anything else as the compiled instruction at the same index.
    /// `Binary` of `+=`/`-=` on a local and an int constant into the same local:
    /// `local += k` (`k` negated for `-`).
    IncLocal {
        local: u16,
        k: i32,
    },
    /// `Binary` of `+`/`-` on a local and an int constant into another place: `dst = local + k`
    /// (`k` negated for `-`).
    AddLocalInt {
        local: u16,
        dst: Opnd,
        k: i32,
    },
    /// `Binary` of any other operator on a local and an int constant: `dst = local op k`.
    BinaryLocalInt {
        op: BinOp,
        local: u16,
        dst: Opnd,
        k: i32,
    },
    /// `Binary` on two locals: `dst = a op b`.
    BinaryLocals {
        op: BinOp,
        a: u16,
        b: u16,
        dst: Opnd,
    },
    /// `Binary` on a local and the top of the stack: `dst = local op pop()` (`total += x * y`).
    BinaryLocalStack {
        op: BinOp,
        local: u16,
        dst: Opnd,
    },
    /// `CompareJumpIfFalse` of an ordering or equality on a local and an int constant.
    CompareLocalIntJump {
        holds: OrderMask,
        local: u16,
        k: i32,
        target: u32,
    },
    /// `CompareJumpIfFalse` of an ordering or equality on two locals.
    CompareLocalsJump {
        holds: OrderMask,
        a: u16,
        b: u16,
        target: u32,
    },
    /// `JumpBackward` to a quickened compare-and-jump (a `while` loop's test), which it runs
    /// without a dispatch of its own.
    JumpBackwardTest(u32),
    /// `JumpBackward` to a `ForIterStore`, which it runs without a dispatch of its own.
    JumpBackwardFor(u32),
    /// `IncLocal` followed by a `JumpBackwardTest` to `back` (a `while` loop ending in
    /// `i += 1`): the three steps in one dispatch.
    IncLocalJumpBackTest {
        local: u16,
        k: i32,
        back: u32,
    },
    /// `IncLocal` followed by a plain `JumpBackward` to `back`: both in one dispatch.
    IncLocalJumpBack {
        local: u16,
        k: i32,
        back: u32,
    },
    /// `JumpBackward` to `back` of a loop over ints, which then runs as the code's int loop
    /// `slot` (`vm::int_loop`) as long as its operands are ints.
    IntLoopBack {
        back: u32,
        slot: u16,
    },
}

/// For which outcomes of comparing two ints an ordering or equality holds (bit 0: less, bit
/// 1: equal, bit 2: greater), so that a quickened compare needs no branch on its operator.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct OrderMask(u8);

impl OrderMask {
    /// The mask of `<`, `<=`, `==`, `!=`, `>` or `>=`; `None` for `is` and `in`.
    pub fn of(op: CmpOp) -> Option<OrderMask> {
        Some(OrderMask(match op {
            CmpOp::Lt => 0b001,
            CmpOp::Le => 0b011,
            CmpOp::Eq => 0b010,
            CmpOp::Ne => 0b101,
            CmpOp::Gt => 0b100,
            CmpOp::Ge => 0b110,
            _ => return None,
        }))
    }

    /// The mask that holds for every pair (a loop test known to hold throughout).
    pub const ALWAYS: OrderMask = OrderMask(0b111);

    /// Whether the comparison holds for `x` and `y`.
    #[inline(always)]
    pub fn holds(self, x: i64, y: i64) -> bool {
        let outcome = (x >= y) as u8 + (x > y) as u8;
        (self.0 >> outcome) & 1 != 0
    }
}

// The loop reads one instruction per step: keep them three words or less.
const _: () = assert!(std::mem::size_of::<Instr>() <= 12);

/// Flags of `MakeFunction`.
pub mod make_flags {
    pub const DEFAULTS: u8 = 1;
    pub const KWDEFAULTS: u8 = 2;
    pub const ANNOTATIONS: u8 = 4;
    pub const CLOSURE: u8 = 8;
}

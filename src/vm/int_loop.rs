//! Loops over ints run without the dispatch loop.
//!
//! A loop whose body is int arithmetic on locals and globals (`for i in range(n): total += i
//! % 7`, `while x < n: x += 1; s = s + x % 7`, `for _ in range(n): counter += 1` on a global)
//! spends most of its host time in the dispatch loop: decoding each instruction, its operands'
//! kinds and the 16-byte values they hold. Here such a loop is translated once, when its code
//! is quickened, into a few plain operations on i64 slots (one per instruction, at the same
//! index), and its back-edge runs them: the locals and globals it names are read into slots
//! once, the loop runs on the slots, and they are written back when it stops.
//!
//! Nothing a program or the clock can see changes:
//! - each operation charges its instruction's cost, as the dispatch loop charges it, and a
//!   back-edge checks the eval breaker, so simulated time, traces and the points where the host
//!   gets control are exactly those of the dispatch loop;
//! - anything else stops the loop *before* it runs, uncharged, and the dispatch loop goes on
//!   from that instruction with the state written back: an instruction with no operation here
//!   (a call, an attribute, a float constant), a slot that did not hold an int when the loop
//!   started (a function read from a global), an operator that would overflow i64 or divide by
//!   zero, a jump out of the loop, the `for`'s items running out or not being ints;
//! - while it runs nothing else does (no calls, no other thread: the GIL changes hands only at
//!   the eval breaker, where the loop stops first), so the values in the slots are the values.
//!
//! A loop that keeps stopping within a few rounds (its body calls something on every round, or
//! every other) stops being tried.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::lang::bytecode::{BinOp, Code, Instr, Opnd, OrderMask, UnaryOp};
use crate::vm::dict::DictData;
use crate::vm::iter::IterState;
use crate::vm::ops::int_fast_i64;
use crate::vm::value::{PyStr, Value};

/// The most slots (locals, globals, constants and stack places) a loop may use: one bit each
/// in a mask.
const MAX_SLOTS: usize = 64;
/// A run that stops (not at the deadline) before this many rounds is a miss: it cost more to
/// start and stop than it saved.
const MIN_ROUNDS: u64 = 4;
/// Misses in a row after which the loop is no longer tried.
const MAX_MISSES: u32 = 8;

/// A slot's index. The value stack of the body is slots too: the place `d` from the bottom is
/// slot `temps + d` (the compiler's stack depth at each instruction is fixed).
type Slot = u8;

/// One instruction of the loop, as an operation on slots. Jump targets are instruction
/// indices, as in the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// Not run here: the loop stops before it.
    Stop,
    /// An instruction with nothing to do on slots (`Pop`).
    Nop,
    /// `LoadFast`, `LoadGlobal`, `LoadConst`, `StoreFast`, `StoreGlobal`, unary `+`.
    Copy {
        src: Slot,
        dst: Slot,
    },
    Add {
        a: Slot,
        b: Slot,
        dst: Slot,
    },
    Sub {
        a: Slot,
        b: Slot,
        dst: Slot,
    },
    Mul {
        a: Slot,
        b: Slot,
        dst: Slot,
    },
    Mod {
        a: Slot,
        b: Slot,
        dst: Slot,
    },
    FloorDiv {
        a: Slot,
        b: Slot,
        dst: Slot,
    },
    And {
        a: Slot,
        b: Slot,
        dst: Slot,
    },
    Or {
        a: Slot,
        b: Slot,
        dst: Slot,
    },
    Xor {
        a: Slot,
        b: Slot,
        dst: Slot,
    },
    Neg {
        a: Slot,
        dst: Slot,
    },
    Invert {
        a: Slot,
        dst: Slot,
    },
    /// The values of two slots exchanged.
    Swap {
        a: Slot,
        b: Slot,
    },
    /// `dst = seq[idx]`: `seq` a slot that held a list or tuple at the start, its item an int.
    Index {
        seq: Slot,
        idx: Slot,
        dst: Slot,
    },
    /// A compare-and-jump: on to `target` unless the comparison holds.
    CompareJump {
        holds: OrderMask,
        a: Slot,
        b: Slot,
        target: u32,
    },
    /// To `target` if the truth of `a` is `when` (`PopJumpIf*`, `Jump*OrPop`: the stack's
    /// depth after either is fixed, so popping is nothing to do).
    JumpIf {
        when: bool,
        a: Slot,
        target: u32,
    },
    Jump(u32),
    /// A back-edge: the eval breaker.
    Back(u32),
    /// The loop's `for` over a range, or a list or tuple of ints: the next item into `dst`.
    ForItem {
        dst: Slot,
    },
}

// the run reads one operation per instruction: keep them a word
const _: () = assert!(std::mem::size_of::<Op>() <= 8);

impl Op {
    /// The named slots (those below `named`) it reads or writes.
    fn touches(&self, named: usize) -> u64 {
        let slots: &[Slot] = match self {
            Op::Copy { src, dst } => &[*src, *dst],
            Op::Add { a, b, dst }
            | Op::Sub { a, b, dst }
            | Op::Mul { a, b, dst }
            | Op::Mod { a, b, dst }
            | Op::FloorDiv { a, b, dst }
            | Op::And { a, b, dst }
            | Op::Or { a, b, dst }
            | Op::Xor { a, b, dst } => &[*a, *b, *dst],
            Op::Neg { a, dst } | Op::Invert { a, dst } => &[*a, *dst],
            Op::CompareJump { a, b, .. } | Op::Swap { a, b } => &[*a, *b],
            Op::Index { idx, dst, .. } => &[*idx, *dst],
            Op::JumpIf { a, .. } => &[*a],
            Op::ForItem { dst } => &[*dst],
            Op::Stop | Op::Nop | Op::Jump(_) | Op::Back(_) => &[],
        };
        slots
            .iter()
            .filter(|&&s| (s as usize) < named)
            .fold(0, |m, &s| m | 1 << s)
    }
}

/// The sequence a named slot held at the start of a run: what `Op::Index` reads.
enum Held {
    List(Rc<RefCell<Vec<Value>>>),
    Tuple(Rc<Vec<Value>>),
}

/// Where a named slot's value lives in the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Home {
    Local(u16),
    /// A global, by its index in the code's names.
    Global(u32),
    Const(i64),
}

/// A loop translated for [`IntLoop::run_in`].
#[derive(Debug)]
pub struct IntLoop {
    /// The index of the loop's first instruction (its head, where the back-edge goes).
    head: usize,
    /// One operation per instruction from the head to the back-edge.
    ops: Box<[Op]>,
    /// The stack's depth before each of them.
    depths: Box<[u8]>,
    /// The named slots each of them reads or writes (bit `s` for slot `s`), the sequence an
    /// `Index` reads aside.
    touches: Box<[u64]>,
    /// The named slots indexed as lists or tuples.
    indexed: u64,
    /// What each named slot stands for; the stack's places come after them.
    homes: Box<[Home]>,
    /// Whether the head is a `for` over the iterator on top of the stack.
    is_for: bool,
    misses: Cell<u32>,
}

/// Why a run stopped, and where the dispatch loop goes on.
pub enum Ran {
    /// The loop could not start (a `for` over something else than a range, a list or a
    /// tuple).
    NotRun,
    /// At `pc`, nothing charged for it.
    At(usize),
    /// A back-edge to `pc` charged past the deadline: the host is due, then `pc`.
    Breaker(usize),
}

impl IntLoop {
    /// The loop from `head` to its back-edge at `back`, if every instruction of it that can be
    /// reached without stopping has an operation here, and enough of it to be worth it.
    pub fn translate(code: &Code, head: usize, back: usize) -> Option<IntLoop> {
        let body = code.body();
        let instrs = body.instrs.get(head..=back)?;
        let mut t = Translator {
            consts: &body.consts,
            homes: Vec::new(),
        };
        // the named slots first: the stack's places follow them
        let effects: Vec<Option<Effect>> = instrs
            .iter()
            .enumerate()
            .map(|(i, &instr)| t.effect(instr, i == 0))
            .collect::<Option<_>>()?;
        let temps = t.homes.len();
        let depths = depths(&effects, head)?;
        let max_depth = depths.iter().flatten().max().copied().unwrap_or(0) as usize;
        if temps + max_depth > MAX_SLOTS {
            return None;
        }
        let ops: Vec<Op> = effects
            .iter()
            .zip(&depths)
            .map(|(e, d)| match (e, d) {
                (Some(e), Some(d)) if e.fits(*d as usize) => {
                    e.op(temps, *d as usize, head, instrs.len())
                }
                _ => Op::Stop,
            })
            .collect();
        let is_for = matches!(ops[0], Op::ForItem { .. });
        // the back-edge, and some arithmetic or a compare (a loop over objects may have a
        // copy or two, but is not worth trying)
        let computes = ops.iter().any(|op| {
            !matches!(
                op,
                Op::Stop
                    | Op::Nop
                    | Op::Copy { .. }
                    | Op::Swap { .. }
                    | Op::JumpIf { .. }
                    | Op::Jump(_)
                    | Op::Back(_)
                    | Op::ForItem { .. }
            )
        });
        if ops.last() != Some(&Op::Back(head as u32)) || !computes {
            return None;
        }
        Some(IntLoop {
            head,
            touches: ops.iter().map(|op| op.touches(temps)).collect(),
            indexed: ops.iter().fold(0, |m, op| match op {
                Op::Index { seq, .. } => m | 1 << seq,
                _ => m,
            }),
            ops: ops.into_boxed_slice(),
            depths: depths.iter().map(|d| d.unwrap_or(0)).collect(),
            homes: t.homes.into_boxed_slice(),
            is_for,
            misses: Cell::new(0),
        })
    }

    /// Whether the loop is still worth trying.
    #[inline]
    pub fn live(&self) -> bool {
        self.misses.get() < MAX_MISSES
    }

    /// Whether the loop's head is a `for` (whose iterator is on top of the stack).
    pub fn is_for(&self) -> bool {
        self.is_for
    }

    /// Run the loop from its head: its slots read from the frame (locals from `regs[lb..]`,
    /// globals from `globals`), run, written back; the body's stack where it stopped is
    /// pushed onto `regs`. `items_state` is the state of the `for`'s iterator.
    #[allow(clippy::too_many_arguments)]
    pub fn run_in(
        &self,
        regs: &mut Vec<Value>,
        lb: usize,
        globals: &RefCell<DictData>,
        names: &[Rc<PyStr>],
        items_state: Option<&IterState>,
        costs: &[u32],
        ticks: &mut u64,
        deadline: u64,
    ) -> Ran {
        // the `for`'s items (a list borrowed for the run: nothing the loop runs can change it)
        let list;
        let mut items = match items_state {
            _ if !self.is_for => Items::None,
            Some(IterState::Range { next, step, left }) => Items::Range {
                next: next.get(),
                stride: *step,
                left: left.get(),
            },
            Some(IterState::List(l, pos)) => match l.try_borrow() {
                Ok(l) => {
                    list = l;
                    Items::Seq(&list, pos.get())
                }
                Err(_) => return self.missed(Ran::NotRun),
            },
            Some(IterState::Tuple(t, pos)) => Items::Seq(t, pos.get()),
            _ => return self.missed(Ran::NotRun),
        };
        let Some(costs) = costs.get(self.head..self.head + self.ops.len()) else {
            return self.missed(Ran::NotRun);
        };
        let mut slots = [0i64; MAX_SLOTS];
        // the named slots that do not hold an int
        let mut others = 0u64;
        // where each global's value sits in `globals`
        let mut at = [usize::MAX; MAX_SLOTS];
        // the lists and tuples held by slots that operations index
        let mut held: Vec<(usize, Held)> = Vec::new();
        {
            let Ok(g) = globals.try_borrow() else {
                return self.missed(Ran::NotRun);
            };
            for (s, home) in self.homes.iter().enumerate() {
                let v = match *home {
                    Home::Local(i) => regs.get(lb + i as usize),
                    Home::Global(n) => {
                        // a global the dict lacks (a builtin, a first store) holds no int:
                        // the dispatch loop sorts out what reads or writes it
                        let i = g.index_of_pystr(&names[n as usize]);
                        at[s] = i.unwrap_or(usize::MAX);
                        i.and_then(|i| g.value_at(i))
                    }
                    Home::Const(k) => {
                        slots[s] = k;
                        continue;
                    }
                };
                match v {
                    Some(Value::Int(x)) => slots[s] = *x,
                    Some(Value::List(l)) if self.indexed & (1 << s) != 0 => {
                        others |= 1 << s;
                        held.push((s, Held::List(l.clone())));
                    }
                    Some(Value::Tuple(t)) if self.indexed & (1 << s) != 0 => {
                        others |= 1 << s;
                        held.push((s, Held::Tuple(t.clone())));
                    }
                    _ => others |= 1 << s,
                }
            }
        }
        // their items, for the run (a list borrowed: nothing the loop runs can change it)
        let mut lists = Vec::new();
        for (_, h) in &held {
            if let Held::List(l) = h {
                match l.try_borrow() {
                    Ok(items) => lists.push(items),
                    Err(_) => return self.missed(Ran::NotRun),
                }
            }
        }
        let mut seqs: [&[Value]; MAX_SLOTS] = [&[]; MAX_SLOTS];
        let mut sequences = 0u64;
        let mut borrowed = lists.iter();
        for (s, h) in &held {
            seqs[*s] = match h {
                Held::List(_) => borrowed.next().map_or(&[][..], |l| &l[..]),
                Held::Tuple(t) => &t[..],
            };
            sequences |= 1 << s;
        }
        // an operation on a slot that does not hold an int (a function in a global, a float)
        // stops the run, and so does one writing it: the slot keeps what it holds
        // (and an index into a slot that does not hold a list or tuple)
        let blocked: Vec<Op>;
        let ops = if others == 0 {
            &self.ops[..]
        } else {
            let stops = |op: &Op, t: u64| {
                t & others != 0
                    || matches!(op, Op::Index { seq, .. } if sequences & (1 << seq) == 0)
            };
            blocked = (self.ops.iter().zip(&self.touches))
                .map(|(op, &t)| if stops(op, t) { Op::Stop } else { *op })
                .collect();
            &blocked[..]
        };
        let (ran, rounds) = self.run(ops, &mut slots, &seqs, &mut items, costs, ticks, deadline);
        drop(lists);
        // the iterator's cursor moves on
        match (items, items_state) {
            (
                Items::Range { next, left, .. },
                Some(IterState::Range {
                    next: n, left: l, ..
                }),
            ) => {
                n.set(next);
                l.set(left);
            }
            (Items::Seq(_, at), Some(IterState::List(_, pos) | IterState::Tuple(_, pos))) => {
                pos.set(at)
            }
            _ => {}
        }
        // write back the named slots that hold ints (the others were left alone)
        let mut g = globals.borrow_mut();
        for (s, home) in self.homes.iter().enumerate() {
            let slot = match *home {
                Home::Local(i) => regs.get_mut(lb + i as usize),
                Home::Global(_) => g.value_at_mut(at[s]),
                Home::Const(_) => None,
            };
            if let Some(Value::Int(x)) = slot {
                *x = slots[s];
            }
        }
        drop(g);
        // the body's stack where the loop stopped
        let depth = match ran {
            Ran::At(pc) | Ran::Breaker(pc) => pc
                .checked_sub(self.head)
                .and_then(|i| self.depths.get(i))
                .copied()
                .unwrap_or(0) as usize,
            Ran::NotRun => 0,
        };
        let temps = self.homes.len();
        for &x in &slots[temps..temps + depth] {
            Value::push_int(regs, x);
        }
        if rounds < MIN_ROUNDS && !matches!(ran, Ran::Breaker(_)) {
            self.missed(ran)
        } else {
            self.misses.set(0);
            ran
        }
    }

    fn missed(&self, ran: Ran) -> Ran {
        self.misses.set(self.misses.get() + 1);
        ran
    }

    /// The loop itself: `ops` (its own, or with some blocked) on `slots`; with how many
    /// back-edges it went round.
    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        ops: &[Op],
        slots: &mut [i64; MAX_SLOTS],
        seqs: &[&[Value]; MAX_SLOTS],
        items: &mut Items<'_>,
        costs: &[u32],
        ticks: &mut u64,
        deadline: u64,
    ) -> (Ran, u64) {
        let head = self.head;
        assert_eq!(ops.len(), costs.len());
        // the items' cursor, in locals for the run (a loop that is not a `for` has no
        // `ForItem`)
        let (mut next, stride, mut left, seq, mut at) = match *items {
            Items::Range { next, stride, left } => (next, stride, left, None, 0),
            Items::Seq(seq, at) => (0, 0, 0, Some(seq), at),
            Items::None => (0, 0, 0, None, 0),
        };
        let mut t = *ticks;
        let mut rounds = 0u64;
        let mut i = 0usize;
        let ran = loop {
            // SAFETY: `i` indexes `ops`, and `costs` is as long: it starts at 0, `goto!` checks
            // its target, and `i += 1` follows only operations that are not the last (the
            // last is the back-edge, `translate` makes sure)
            debug_assert!(i < ops.len());
            let (op, cost) = unsafe { (*ops.get_unchecked(i), *costs.get_unchecked(i) as u64) };
            macro_rules! get {
                ($s:expr) => {
                    slots[$s as usize % MAX_SLOTS]
                };
            }
            macro_rules! put {
                ($s:expr, $x:expr) => {
                    slots[$s as usize % MAX_SLOTS] = $x
                };
            }
            // on at `target`: inside the loop, or stop there
            macro_rules! goto {
                ($target:expr) => {{
                    let target = $target as usize;
                    match target.checked_sub(head) {
                        Some(j) if j < ops.len() => i = j,
                        _ => break Ran::At(target),
                    }
                }};
            }
            // `dst = f(a, b)`, or the loop stops here when `f` has no i64 result
            macro_rules! binary {
                ($a:expr, $b:expr, $dst:expr, $f:expr) => {{
                    let (x, y) = (get!($a), get!($b));
                    let Some(r) = $f(x, y) else {
                        break Ran::At(head + i);
                    };
                    t += cost;
                    put!($dst, r);
                    i += 1;
                }};
            }
            match op {
                Op::Stop => break Ran::At(head + i),
                Op::Nop => {
                    t += cost;
                    i += 1;
                }
                Op::Copy { src, dst } => {
                    let x = get!(src);
                    t += cost;
                    put!(dst, x);
                    i += 1;
                }
                Op::Add { a, b, dst } => binary!(a, b, dst, i64::checked_add),
                Op::Sub { a, b, dst } => binary!(a, b, dst, i64::checked_sub),
                Op::Mul { a, b, dst } => binary!(a, b, dst, i64::checked_mul),
                Op::Mod { a, b, dst } => {
                    binary!(a, b, dst, |x, y| int_fast_i64(BinOp::Mod, x, y))
                }
                Op::FloorDiv { a, b, dst } => {
                    binary!(a, b, dst, |x, y| int_fast_i64(BinOp::FloorDiv, x, y))
                }
                Op::And { a, b, dst } => binary!(a, b, dst, |x: i64, y| Some(x & y)),
                Op::Or { a, b, dst } => binary!(a, b, dst, |x: i64, y| Some(x | y)),
                Op::Xor { a, b, dst } => binary!(a, b, dst, |x: i64, y| Some(x ^ y)),
                Op::Neg { a, dst } => binary!(a, a, dst, |x: i64, _| x.checked_neg()),
                Op::Swap { a, b } => {
                    t += cost;
                    slots.swap(a as usize % MAX_SLOTS, b as usize % MAX_SLOTS);
                    i += 1;
                }
                Op::Index { seq, idx, dst } => {
                    let seq = seqs[seq as usize % MAX_SLOTS];
                    binary!(idx, idx, dst, |k: i64, _| {
                        let k = if k < 0 { k + seq.len() as i64 } else { k };
                        match seq.get(usize::try_from(k).ok()?) {
                            Some(Value::Int(x)) => Some(*x),
                            _ => None,
                        }
                    })
                }
                Op::Invert { a, dst } => binary!(a, a, dst, |x: i64, _| Some(!x)),
                Op::CompareJump {
                    holds,
                    a,
                    b,
                    target,
                } => {
                    let (x, y) = (get!(a), get!(b));
                    t += cost;
                    if holds.holds(x, y) {
                        i += 1;
                    } else {
                        goto!(target);
                    }
                }
                Op::JumpIf { when, a, target } => {
                    let x = get!(a);
                    t += cost;
                    if (x != 0) == when {
                        goto!(target);
                    } else {
                        i += 1;
                    }
                }
                Op::Jump(target) => {
                    t += cost;
                    goto!(target);
                }
                Op::Back(target) => {
                    t += cost;
                    rounds += 1;
                    if t >= deadline {
                        break Ran::Breaker(target as usize);
                    }
                    goto!(target);
                }
                Op::ForItem { dst } => {
                    // the items have run out, or the next is not an int: the dispatch loop's
                    // `for` takes it
                    let x = if let Some(seq) = seq {
                        match seq.get(at) {
                            Some(Value::Int(x)) => {
                                at += 1;
                                *x
                            }
                            _ => break Ran::At(head + i),
                        }
                    } else if left > 0 {
                        let x = next;
                        left -= 1;
                        next = next.wrapping_add(stride);
                        x
                    } else {
                        break Ran::At(head + i);
                    };
                    t += cost;
                    put!(dst, x);
                    i += 1;
                }
            }
        };
        *ticks = t;
        match items {
            Items::Range {
                next: n, left: l, ..
            } => (*n, *l) = (next, left),
            Items::Seq(_, a) => *a = at,
            Items::None => {}
        }
        (ran, rounds)
    }
}

/// The state of the native iterator `it` (what a `for` over a range, a list or a tuple has on
/// the stack).
pub fn iter_state(it: &Value) -> Option<&IterState> {
    let Value::Native(n) = it else {
        return None;
    };
    Some(&n.as_native_iter()?.state)
}

/// The items of a `for`, as a run goes through them.
enum Items<'a> {
    /// Not a `for`.
    None,
    Range {
        next: i64,
        stride: i64,
        left: i64,
    },
    /// A list's or a tuple's items, from index `.1`.
    Seq(&'a [Value], usize),
}

/// An operand before the stack's places are known: a named slot, or the stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arg {
    Named(Slot),
    Stack,
}

/// What an instruction does to slots and the stack.
#[derive(Clone, Copy, Debug)]
enum Effect {
    Push(Slot),
    Store(Slot),
    Pop,
    Binary {
        op: BinOp,
        a: Arg,
        b: Arg,
        dst: Arg,
    },
    Unary {
        op: UnaryOp,
        a: Arg,
    },
    Index {
        seq: Slot,
        idx: Arg,
        dst: Arg,
    },
    CompareJump {
        holds: OrderMask,
        a: Arg,
        b: Arg,
        target: u32,
    },
    /// `PopJumpIf*` (`pop`) or `Jump*OrPop`.
    JumpIf {
        when: bool,
        pop: bool,
        target: u32,
    },
    Jump(u32),
    Back(u32),
    ForItem(Arg),
    /// `Dup` (1) and `Copy(n)`: a copy of the `n`th value from the top pushed.
    CopyDown(usize),
    /// `Swap(n)`: the top and the `n`th value from the top exchanged.
    Swap(usize),
    Nop,
}

impl Effect {
    /// How many values it pops, and pushes when it goes on to the next instruction.
    fn pops_pushes(&self) -> (usize, usize) {
        let stack = |a: Arg| (a == Arg::Stack) as usize;
        match *self {
            Effect::Push(_) => (0, 1),
            Effect::Store(_) | Effect::Pop => (1, 0),
            Effect::Binary { a, b, dst, .. } => (stack(a) + stack(b), stack(dst)),
            Effect::Unary { a, .. } => (stack(a), 1),
            Effect::Index { idx, dst, .. } => (stack(idx), stack(dst)),
            Effect::CompareJump { a, b, .. } => (stack(a) + stack(b), 0),
            Effect::JumpIf { .. } => (1, 0),
            Effect::ForItem(dst) => (0, stack(dst)),
            Effect::CopyDown(_) => (0, 1),
            Effect::Jump(_) | Effect::Back(_) | Effect::Swap(_) | Effect::Nop => (0, 0),
        }
    }

    /// Whether the stack at depth `d` holds what it pops or reads: where it does not (the
    /// `Pop` of a `for`'s iterator by a `break`), the loop stops before it.
    fn fits(&self, d: usize) -> bool {
        let reaches = match *self {
            Effect::CopyDown(n) | Effect::Swap(n) => n,
            _ => self.pops_pushes().0,
        };
        d >= reaches
    }

    /// Where it goes on with which depth, given the depth `d` before it (which it
    /// [`fits`](Effect::fits)).
    fn successors(&self, i: usize, d: usize) -> Vec<(usize, usize)> {
        let (pops, pushes) = self.pops_pushes();
        let after = d - pops + pushes;
        match *self {
            Effect::CompareJump { target, .. } => vec![(i + 1, after), (target as usize, after)],
            Effect::JumpIf { pop, target, .. } => {
                vec![
                    (i + 1, after),
                    (target as usize, if pop { after } else { d }),
                ]
            }
            Effect::Jump(target) | Effect::Back(target) => vec![(target as usize, after)],
            _ => vec![(i + 1, after)],
        }
    }

    /// The operation, with the stack at depth `d` before it; stack places from slot `temps`.
    /// A jump out of the loop with values on the stack stops the loop instead.
    fn op(&self, temps: usize, d: usize, head: usize, len: usize) -> Op {
        let place = |d: usize| (temps + d) as Slot;
        let (pops, _) = self.pops_pushes();
        let base = d - pops; // checked by `depths`
                             // the stack operands are the `pops` values from `base` up, in order
        let arg2 = |a: Arg, b: Arg| {
            let a = match a {
                Arg::Named(s) => s,
                Arg::Stack => place(base),
            };
            let b = match b {
                Arg::Named(s) => s,
                Arg::Stack => place(d - 1),
            };
            (a, b)
        };
        let dst_of = |dst: Arg| match dst {
            Arg::Named(s) => s,
            Arg::Stack => place(base),
        };
        let outside = |target: u32| !(head..head + len).contains(&(target as usize));
        match *self {
            Effect::Push(src) => Op::Copy { src, dst: place(d) },
            Effect::Store(dst) => Op::Copy {
                src: place(d - 1),
                dst,
            },
            Effect::Pop | Effect::Nop => Op::Nop,
            Effect::Binary { op, a, b, dst } => {
                let (a, b) = arg2(a, b);
                let dst = dst_of(dst);
                match op {
                    BinOp::Add | BinOp::IAdd => Op::Add { a, b, dst },
                    BinOp::Sub | BinOp::ISub => Op::Sub { a, b, dst },
                    BinOp::Mul | BinOp::IMul => Op::Mul { a, b, dst },
                    BinOp::Mod | BinOp::IMod => Op::Mod { a, b, dst },
                    BinOp::FloorDiv | BinOp::IFloorDiv => Op::FloorDiv { a, b, dst },
                    BinOp::And | BinOp::IAnd => Op::And { a, b, dst },
                    BinOp::Or | BinOp::IOr => Op::Or { a, b, dst },
                    BinOp::Xor | BinOp::IXor => Op::Xor { a, b, dst },
                    _ => Op::Stop,
                }
            }
            Effect::Index { seq, idx, dst } => {
                let (_, idx) = arg2(idx, idx);
                Op::Index {
                    seq,
                    idx,
                    dst: dst_of(dst),
                }
            }
            Effect::Unary { op, a } => {
                let (a, _) = arg2(a, a);
                let dst = place(base);
                match op {
                    UnaryOp::Neg => Op::Neg { a, dst },
                    UnaryOp::Invert => Op::Invert { a, dst },
                    UnaryOp::Pos => Op::Copy { src: a, dst },
                    UnaryOp::Not => Op::Stop,
                }
            }
            Effect::CompareJump { target, .. } | Effect::JumpIf { target, .. }
                if outside(target) && base != 0 =>
            {
                Op::Stop
            }
            Effect::CompareJump {
                holds,
                a,
                b,
                target,
            } => {
                let (a, b) = arg2(a, b);
                Op::CompareJump {
                    holds,
                    a,
                    b,
                    target,
                }
            }
            Effect::JumpIf { when, pop, target } => {
                if outside(target) && !pop {
                    return Op::Stop;
                }
                Op::JumpIf {
                    when,
                    a: place(d - 1),
                    target,
                }
            }
            Effect::Jump(target) if outside(target) && d != 0 => Op::Stop,
            Effect::Jump(target) => Op::Jump(target),
            Effect::Back(target) => Op::Back(target),
            Effect::ForItem(dst) => Op::ForItem { dst: dst_of(dst) },
            Effect::CopyDown(n) => Op::Copy {
                src: place(d - n),
                dst: place(d),
            },
            Effect::Swap(n) => Op::Swap {
                a: place(d - 1),
                b: place(d - n),
            },
        }
    }
}

/// The stack's depth before each instruction of the loop (its head at 0) that can be reached
/// from the head without stopping; `None` if two ways reach one with different depths, or a
/// back-edge leaves values on the stack.
fn depths(effects: &[Option<Effect>], head: usize) -> Option<Vec<Option<u8>>> {
    let mut depths: Vec<Option<u8>> = vec![None; effects.len()];
    depths[0] = Some(0);
    let mut work = vec![0usize];
    while let Some(i) = work.pop() {
        let d = depths[i]? as usize;
        let Some(effect) = effects[i].filter(|e| e.fits(d)) else {
            continue; // the loop stops here
        };
        for (target, after) in effect.successors(head + i, d) {
            let Some(j) = target.checked_sub(head).filter(|&j| j < effects.len()) else {
                continue; // out of the loop
            };
            let after = u8::try_from(after).ok()?;
            match depths[j] {
                None => {
                    depths[j] = Some(after);
                    work.push(j);
                }
                Some(known) if known == after => {}
                Some(_) => return None,
            }
        }
    }
    Some(depths)
}

/// Builds a loop's named slots and the effects of its instructions.
struct Translator<'a> {
    consts: &'a [Value],
    homes: Vec<Home>,
}

impl Translator<'_> {
    /// The slot of `home` (`None` once there are too many).
    fn slot(&mut self, home: Home) -> Option<Slot> {
        let s = match self.homes.iter().position(|&h| h == home) {
            Some(s) => s,
            None => {
                if self.homes.len() == MAX_SLOTS {
                    return None;
                }
                self.homes.push(home);
                self.homes.len() - 1
            }
        };
        Some(s as Slot)
    }

    /// An operand: `Ok(None)` for a constant that is not an int; `Err` once there are too many
    /// slots.
    fn arg(&mut self, o: Opnd) -> Result<Option<Arg>, ()> {
        if o.is_stack() {
            return Ok(Some(Arg::Stack));
        }
        let home = match (o.as_local(), o.as_const()) {
            (Some(i), _) => Home::Local(i as u16),
            (None, Some(k)) => match self.consts.get(k) {
                Some(Value::Int(k)) => Home::Const(*k),
                _ => return Ok(None),
            },
            (None, None) => return Ok(None),
        };
        self.slot(home).map(|s| Some(Arg::Named(s))).ok_or(())
    }

    /// `instr`'s effect: `Some(None)` for an instruction the loop stops before, `None` if there
    /// are too many slots. `first`: the loop's head (where its `for` is).
    fn effect(&mut self, instr: Instr, first: bool) -> Option<Option<Effect>> {
        // an operand, or the loop stops before this instruction
        macro_rules! arg {
            ($o:expr) => {
                match self.arg($o).ok()? {
                    Some(a) => a,
                    None => return Some(None),
                }
            };
        }
        Some(Some(match instr {
            Instr::ForIterStore { local, .. } if first => {
                Effect::ForItem(Arg::Named(self.slot(Home::Local(local))?))
            }
            Instr::ForIter(_) if first => Effect::ForItem(Arg::Stack),
            Instr::Nop => Effect::Nop,
            Instr::LoadFast(i) => Effect::Push(self.slot(Home::Local(i))?),
            Instr::StoreFast(i) => Effect::Store(self.slot(Home::Local(i))?),
            Instr::LoadGlobal(n) => Effect::Push(self.slot(Home::Global(n))?),
            Instr::StoreGlobal(n) => Effect::Store(self.slot(Home::Global(n))?),
            Instr::LoadConst(k) => match self.consts.get(k as usize) {
                Some(Value::Int(k)) => Effect::Push(self.slot(Home::Const(*k))?),
                _ => return Some(None),
            },
            Instr::Pop => Effect::Pop,
            Instr::Dup => Effect::CopyDown(1),
            Instr::Copy(n) if n > 0 => Effect::CopyDown(n as usize),
            Instr::Swap(n) if n > 0 => Effect::Swap(n as usize),
            Instr::Binary { op, a, b, dst } => {
                // an operator with no int path here (`**`, `<<`, `/`, ...) would stop every
                // time
                if int_fast_i64(op, 1, 1).is_none() {
                    return Some(None);
                }
                Effect::Binary {
                    op,
                    a: arg!(a),
                    b: arg!(b),
                    dst: arg!(dst),
                }
            }
            Instr::Unary { op, a } if op != UnaryOp::Not => Effect::Unary { op, a: arg!(a) },
            // an item of a list or tuple held by a local or a global
            Instr::Subscr { a, b, dst } => match (a.as_local(), arg!(b), arg!(dst)) {
                (Some(l), idx, dst) => Effect::Index {
                    seq: self.slot(Home::Local(l as u16))?,
                    idx,
                    dst,
                },
                _ => return Some(None),
            },
            Instr::CompareJumpIfFalse { op, a, b, target } => match OrderMask::of(op) {
                Some(holds) => Effect::CompareJump {
                    holds,
                    a: arg!(a),
                    b: arg!(b),
                    target,
                },
                None => return Some(None),
            },
            Instr::PopJumpIfTrue(target)
            | Instr::PopJumpIfFalse(target)
            | Instr::JumpIfTrueOrPop(target)
            | Instr::JumpIfFalseOrPop(target) => Effect::JumpIf {
                when: matches!(instr, Instr::PopJumpIfTrue(_) | Instr::JumpIfTrueOrPop(_)),
                pop: matches!(instr, Instr::PopJumpIfTrue(_) | Instr::PopJumpIfFalse(_)),
                target,
            },
            Instr::Jump(target) => Effect::Jump(target),
            Instr::JumpBackward(target) => Effect::Back(target),
            _ => return Some(None),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The int loop of the last back-edge of the first function in `src`.
    fn loop_of(src: &str) -> Option<IntLoop> {
        let module = crate::lang::compile_source(src, "t.py").expect("compiles");
        let code = module.body().children[0].clone();
        let instrs = &code.body().instrs;
        let back = instrs
            .iter()
            .rposition(|i| matches!(i, Instr::JumpBackward(_)))
            .expect("a loop");
        let Instr::JumpBackward(head) = instrs[back] else {
            unreachable!()
        };
        IntLoop::translate(&code, head as usize, back)
    }

    #[test]
    fn a_while_loop_over_ints_is_translated_with_its_stack_in_slots() {
        let l = loop_of("def f(n):\n    x = s = 0\n    while x < n:\n        x += 1\n        s = s + x % 7\n    return s\n")
            .expect("translated");
        assert!(!l.is_for());
        // x, n, s, 1, 7 are named; the stack's one place follows them
        assert_eq!(l.homes.len(), 5);
        assert!(matches!(l.ops[0], Op::CompareJump { .. }));
        // x, n, 1, s, 7: `s` pushed, `x % 7` above it, their sum into `s`
        assert_eq!(
            &l.ops[1..5],
            &[
                Op::Add { a: 0, b: 2, dst: 0 },
                Op::Copy { src: 3, dst: 5 },
                Op::Mod { a: 0, b: 4, dst: 6 },
                Op::Add { a: 5, b: 6, dst: 3 },
            ]
        );
        assert_eq!(l.depths.iter().max(), Some(&2));
        // the named slots each touches (the stack's places are not named)
        assert_eq!(&l.touches[1..5], &[0b101, 0b1000, 0b10001, 0b1000]);
        assert_eq!(*l.ops.last().unwrap(), Op::Back(l.head as u32));
    }

    #[test]
    fn a_for_loop_stops_before_what_it_cannot_run() {
        let l = loop_of("def f(n, out):\n    t = 0\n    for i in range(n):\n        t += i * 3\n        if t % 5 == 0:\n            out.append(t)\n    return t\n")
            .expect("translated");
        assert!(l.is_for());
        assert!(matches!(l.ops[0], Op::ForItem { .. }));
        // `out.append(t)`: the loop stops at its first instruction
        assert!(l.ops.contains(&Op::Stop));
    }

    #[test]
    fn an_item_of_a_local_list_by_index_is_an_operation() {
        let l = loop_of("def f(data):\n    t = 0\n    for i in range(len(data)):\n        t += data[i]\n    return t\n")
            .expect("translated");
        // i, data, t: `data[i]` onto the stack, added into `t`
        assert_eq!(
            l.homes[..3],
            [Home::Local(2), Home::Local(0), Home::Local(1)]
        );
        assert_eq!(
            &l.ops[1..3],
            &[
                Op::Index {
                    seq: 1,
                    idx: 0,
                    dst: 3
                },
                Op::Add { a: 2, b: 3, dst: 2 }
            ]
        );
        assert_eq!(l.indexed, 0b10);
        // the list is no int slot the operation touches
        assert_eq!(l.touches[1], 0b1);
    }

    #[test]
    fn a_break_stops_at_the_pop_of_the_iterator_and_a_walrus_is_a_copy() {
        let l = loop_of("def f(n):\n    c = 0\n    for i in range(n):\n        if (k := i % 3) == 1:\n            c += k\n        if i > 1000:\n            break\n    return c\n")
            .expect("translated");
        // `break`: `Pop` of the iterator, which is below the loop's stack
        let pop = l.ops.len() - 3;
        assert_eq!(l.ops[pop], Op::Stop);
        assert_eq!(l.depths[pop], 0);
        // the walrus: `i % 3` on the stack, copied, stored, compared
        assert!(l.ops.contains(&Op::Copy { src: 6, dst: 7 }), "{:?}", l.ops);
    }

    #[test]
    fn loops_with_little_to_run_are_left_to_the_dispatch_loop() {
        // nothing but calls and attributes
        assert!(loop_of("def f(xs):\n    for x in xs:\n        print(x.y)\n").is_none());
        // floats
        assert!(
            loop_of("def f(n):\n    x = 0.0\n    while x < n:\n        x = x + 0.5\n").is_none()
        );
    }

    #[test]
    fn a_run_stops_uncharged_before_an_overflow_and_at_the_deadline() {
        let l = loop_of("def f(x):\n    while True:\n        x = x * 2\n        x = x + 1\n")
            .expect("translated");
        // x * 2 overflows after 62 doublings of 1; each round charges 1 per instruction
        let costs = vec![1u32; l.ops.len()];
        let mut slots = [0; MAX_SLOTS];
        let x = l.homes.iter().position(|h| *h == Home::Local(0)).unwrap();
        for (s, h) in l.homes.iter().enumerate() {
            if let Home::Const(k) = h {
                slots[s] = *k;
            }
        }
        slots[x] = 1;
        let mut ticks = 0;
        let (ran, rounds) = l.run(
            &l.ops,
            &mut slots,
            &[&[]; MAX_SLOTS],
            &mut Items::None,
            &costs,
            &mut ticks,
            u64::MAX,
        );
        let Ran::At(pc) = ran else {
            panic!("stopped at the overflow")
        };
        assert_eq!(slots[x], (1 << 62) - 1 + (1 << 62));
        assert_eq!(rounds, 62);
        assert_eq!(ticks, 62 * l.ops.len() as u64);
        assert!(matches!(l.ops[pc - l.head], Op::Mul { .. }), "before x * 2");
        // a deadline: stops at the back-edge that reaches it
        slots[x] = 1;
        let mut ticks = 0;
        let deadline = 3 * l.ops.len() as u64 - 1;
        let (ran, rounds) = l.run(
            &l.ops,
            &mut slots,
            &[&[]; MAX_SLOTS],
            &mut Items::None,
            &costs,
            &mut ticks,
            deadline,
        );
        assert!(matches!(ran, Ran::Breaker(pc) if pc == l.head));
        assert_eq!((rounds, ticks), (3, 3 * l.ops.len() as u64));
        assert_eq!(slots[x], 15);
    }
}

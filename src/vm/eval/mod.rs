//! The interpreter loop: runs one frame until it returns, yields or raises.
//!
//! Every instruction is charged its cost; at eval-breaker points (`Resume`, `JumpBackward`, after
//! calls) the loop hands control to the host when the charged time has passed its deadline.
//! Errors go to the frame's exception table; source positions are looked up only then.

use std::cell::RefCell;
use std::rc::Rc;

use super::dict::DictData;

mod append;
mod asyncs;
mod binary;
mod build;
mod calls;
mod except;
mod function;
mod names;
mod spin;
use super::frame::{Frame, FrameExit, FrameRec};
use super::inline::{Cur, GenRun, Inlined};
use super::int_loop;
use super::object::Function;
use super::resume::Sink;
use super::value::Value;
use super::{PyErr, PyResult, Vm, RECURSION_LIMIT};
use crate::lang::bytecode::{Code, CodeKind, Instr, Opnd};
use names::global_hint_at;

/// Pop the top of a value stack; the compiler's stack discipline guarantees there is one.
fn pop(stack: &mut Vec<Value>) -> Value {
    stack.pop().expect("value stack underflow")
}

/// The top of a value stack.
fn top(stack: &[Value]) -> &Value {
    stack.last().expect("value stack underflow")
}

/// The attribute inline cache of instruction `ip`.
#[inline]
fn hint_at(code: &Code, ip: usize) -> &std::cell::Cell<crate::lang::bytecode::AttrHint> {
    let hints = code.runtime.attrs.get_or_init(|| {
        let none = std::cell::Cell::new(Default::default());
        vec![none; code.body().instrs.len()].into_boxed_slice()
    });
    debug_assert!(ip < hints.len());
    // SAFETY: there is a hint per instruction, and `ip` is the running instruction's index
    unsafe { hints.get_unchecked(ip) }
}

impl Vm {
    /// Run `f` from its current instruction. With `pending`, the frame starts by raising it
    /// (for `generator.throw`).
    pub fn run_frame(&mut self, f: &mut Frame, pending: Option<PyErr>) -> PyResult<FrameExit> {
        if self.frames.len() >= RECURSION_LIMIT {
            return Err(self.new_error(
                &self.t().exc.recursion_error.clone(),
                "maximum recursion depth exceeded",
            ));
        }
        self.frames.push(FrameRec::new(&f.code, f.ip));
        let r = self.run_loop(f, pending, None);
        self.frames.pop();
        r
    }

    /// Run generator frame `f` (resumed with None) as `run_frame` does, but hand each value
    /// it yields to `sink` and go on as if resumed with None again, until `sink` gives a value
    /// back (then that is the yield) or the frame returns or raises. For builtins draining a
    /// generator (`sum`, `list`, ...): one loop entry for many items.
    pub(super) fn run_frame_draining(
        &mut self,
        f: &mut Frame,
        sink: &mut Sink<'_>,
    ) -> PyResult<FrameExit> {
        if self.frames.len() >= RECURSION_LIMIT {
            return Err(self.new_error(
                &self.t().exc.recursion_error.clone(),
                "maximum recursion depth exceeded",
            ));
        }
        self.frames.push(FrameRec::new(&f.code, f.ip));
        let r = self.run_loop(f, None, Some(sink));
        self.frames.pop();
        r
    }

    /// Call the host if the charged time has passed its deadline.
    #[inline(always)]
    pub fn check_breaker(&mut self) -> PyResult<()> {
        if self.ticks >= self.deadline {
            return self.call_host();
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn call_host(&mut self) -> PyResult<()> {
        self.with_host(|h, vm| h.eval_breaker(vm))
    }

    #[cold]
    fn unbound_local(&self, code: &crate::lang::bytecode::Code, i: usize) -> PyErr {
        let name = code.varnames[i].as_str();
        self.new_error(
            &self.t().exc.unbound_local_error,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    fn run_loop(
        &mut self,
        base: &mut Frame,
        mut pending: Option<PyErr>,
        mut sink: Option<&mut Sink<'_>>,
    ) -> PyResult<FrameExit> {
        // Calls of plain Python functions run in this loop, as CPython 3.11 inlines them: the
        // callee's frame goes on `inlined` and the loop switches to it; its return switches
        // back. `fp` is the frame running now: `base` or the top of `inlined`.
        // Every frame of this loop keeps its locals and value stack in `regs`, taken from `base`
        // (and given back when the loop leaves): an inlined callee's locals start at `lb`, where
        // its caller pushed the arguments.
        let mut regs: Vec<Value> = std::mem::take(&mut base.regs);
        let mut lb: usize = 0;
        let mut base_ptr: *mut Frame = base;
        let mut inlined: Vec<Inlined> = Vec::new();
        // Generators resumed by a `for` of this loop also run in it: each becomes the loop's
        // base (`base_ptr`, its own registers in `regs`, the inlined frames it calls above
        // `floor`) until it yields, returns or raises, which switches back to its consumer.
        // This loop's `ngens` of them are the last of `self.gen_runs`.
        let mut ngens: usize = 0;
        let mut floor: usize = 0;
        // SAFETY (for `Cur`, `code` and `costs`): they point into `base_ptr` or the last element
        // of `inlined`, and are re-derived after every push to or pop from `inlined` or `self.gen_runs`.
        // `base` outlives the loop, a resumed generator's frame is owned by its `GenRun` until
        // it stops; an inlined frame holds its function, which holds its code, globals, closure
        // and cost tables.
        let mut f: Cur = unsafe { Cur::of_base(base_ptr) };
        let mut code: &crate::lang::bytecode::Code = f.code;
        let mut instrs: &[Instr] = super::quicken::instrs_of(code);
        // what `code` runs. SAFETY: `instrs_of(code)`, called whenever `code` is set, has
        // decoded it
        macro_rules! body {
            () => {{
                #[allow(unused_unsafe)]
                let body = unsafe { code.body_unchecked() };
                body
            }};
        }
        let mut costs: &[u32] = unsafe { &*Rc::as_ptr(&(*base_ptr).costs) };
        // every frame is created with its locals, but a module's frame starts empty: make sure,
        // since `local!` reads without bounds checks
        if regs.len() < code.varnames.len() {
            regs.resize(code.varnames.len(), Value::Null);
        }
        // the next instruction, kept in a register; written back to the frame's `ip` when it
        // calls, returns or yields
        let mut pc: usize = unsafe { *f.ip };
        // switch the loop to the frame now on top, resuming at its `ip`
        macro_rules! switch_frame {
            () => {{
                if inlined.len() > floor {
                    switch_inlined!();
                } else {
                    f = unsafe { Cur::of_base(base_ptr) };
                    costs = unsafe { &*Rc::as_ptr(&(*base_ptr).costs) };
                    lb = 0;
                    code = f.code;
                    instrs = super::quicken::instrs_of(code);
                    pc = unsafe { *f.ip };
                }
            }};
        }
        // switch the loop to the inlined frame on top (there is one)
        macro_rules! switch_inlined {
            () => {{
                // SAFETY: the callers have just pushed it or seen the length above `floor`
                let top = unsafe { inlined.last_mut().unwrap_unchecked() };
                f = unsafe { Cur::of_inlined(top) };
                costs = unsafe { &*top.costs };
                lb = top.lb;
                code = f.code;
                instrs = super::quicken::instrs_of(code);
                pc = unsafe { *f.ip };
            }};
        }
        // run `func` inline, its locals from `regs[$lb]`, for the call at `regs[$base]`
        macro_rules! enter_inlined {
            ($func:expr, $lb:expr, $base:expr, $init:expr) => {{
                let func: Rc<Function> = $func;
                let costs = self.cost.table_for_call_ref(&func.code) as *const [u32];
                let top = $lb + func.code.varnames.len();
                if regs.len() < top {
                    regs.resize(top, Value::Null);
                }
                self.frames.push(FrameRec::new(&func.code, 0));
                Inlined::push(&mut inlined, func, costs, $lb, $base, $init);
                switch_inlined!();
            }};
        }
        // leave the inlined frame on top (it raised): back to its caller; gives the new
        // instance of an `__init__` run inline
        macro_rules! pop_inlined {
            () => {{
                // SAFETY: the callers have seen the length above `floor`
                let top = unsafe { inlined.last().unwrap_unchecked() };
                let call_base = top.call_base;
                let instance = if top.init {
                    Some(std::mem::replace(&mut regs[call_base], Value::Null))
                } else {
                    None
                };
                Value::truncate_stack(&mut regs, call_base);
                leave_inlined!();
                instance
            }};
        }
        // the inlined frame on top is done, the stack cut back to its call: back to its caller
        macro_rules! leave_inlined {
            () => {{
                // SAFETY: as for `pop_inlined!`
                let Inlined { func, .. } = unsafe { inlined.pop().unwrap_unchecked() };
                self.frames.pop();
                drop(func);
                if super::finalize::pending() {
                    // a generator object died with the frame: CPython finalizes it at once
                    self.finalize_dropped();
                }
                switch_frame!();
            }};
        }
        // resume generator `$g`'s frame for the `for` at the consumer's `pc - 1`
        macro_rules! enter_gen {
            ($g:expr, $frame:expr) => {{
                let frame: *mut Frame = Box::into_raw($frame);
                // SAFETY: just made from a box; owned by the `GenRun` until `leave_gen!`
                std::mem::swap(&mut regs, unsafe { &mut (*frame).regs });
                ngens += 1;
                self.gen_runs.push(GenRun {
                    gen: $g,
                    frame,
                    base: base_ptr,
                    floor,
                });
                base_ptr = frame;
                floor = inlined.len();
                switch_frame!();
            }};
        }
        // the resumed generator on top stopped (its `ip` written back): back to its consumer,
        // undoing what `gen_to_resume` and `enter_gen!` did; gives the generator and its frame
        macro_rules! leave_gen {
            () => {{
                ngens -= 1;
                let run = self.gen_runs.pop().unwrap();
                // SAFETY: `enter_gen!` made it from a box, and nothing else frees it
                let mut frame: Box<Frame> = unsafe { Box::from_raw(run.frame) };
                std::mem::swap(&mut regs, &mut frame.regs);
                self.frames.pop();
                run.gen.running.set(false);
                base_ptr = run.base;
                floor = run.floor;
                switch_frame!();
                (run.gen, frame)
            }};
        }
        // fast local `$i` of the frame running now, to overwrite (as `local_mut!`)
        macro_rules! local_of {
            ($i:expr) => {{
                let i: usize = $i;
                debug_assert!(i < code.varnames.len() && lb + code.varnames.len() <= regs.len());
                unsafe { regs.get_unchecked_mut(lb + i) }
            }};
        }
        // the frame running yields `$v` (its `ip` written back): leave the loop, or give it to
        // the `for` of the consumer of a resumed generator
        // the frame running yields `$v` (its `ip` written back): leave the loop, or give it to
        // the `for` of the consumer of a resumed generator, or (a generator run by a
        // `yield from` / `await`) the delegating frame yields it in turn
        macro_rules! yield_value {
            ($v:expr) => {{
                let v: Value = $v;
                loop {
                    if ngens == 0 {
                        let taken = match sink.as_mut() {
                            Some(sink) => sink(self, v),
                            None => Some(v),
                        };
                        let Some(y) = taken else {
                            // a draining builtin took it: resumed with None, as `send_generator`
                            // and `run_frame` would (its record at the resume point)
                            pc = unsafe { *f.ip };
                            Value::push_words(&mut regs, Value::None);
                            if let Some(r) = self.frames.last_mut() {
                                r.ip = pc;
                            }
                            break;
                        };
                        leave!();
                        return Ok(FrameExit::Yield(y));
                    }
                    let (g, frame) = leave_gen!();
                    *g.frame.borrow_mut() = Some(frame);
                    drop(g);
                    // SAFETY: the consumer's `ip` is just past the instruction that resumed
                    // the generator
                    let resumer = unsafe { instrs.get_unchecked(pc - 1) };
                    if let Instr::ForIterStore { local, .. } = *resumer {
                        debug_assert!((local as usize) < code.varnames.len());
                        std::mem::replace(local_of!(local as usize), v).discard();
                        break;
                    }
                    if let Instr::YieldFrom = *resumer {
                        // resumed here with the next sent value
                        pc -= 1;
                        f.set_ip(pc);
                        continue;
                    }
                    Value::push_words(&mut regs, v);
                    break;
                }
            }};
        }
        // give `base` its registers back: the loop is leaving
        macro_rules! leave {
            () => {{
                unsafe { (*base_ptr).regs = std::mem::take(&mut regs) };
            }};
        }
        loop {
            let err: PyErr = if let Some(e) = pending.take() {
                e
            } else {
                'run: loop {
                    macro_rules! tri {
                        ($e:expr) => {
                            match $e {
                                Ok(v) => v,
                                Err(e) => break 'run e,
                            }
                        };
                    }
                    macro_rules! pop {
                        () => {
                            Value::pop_words(&mut regs)
                        };
                    }
                    // fast local `i` of the running frame. SAFETY: the compiler emits local
                    // indices below the code's `varnames.len()`, and the loop keeps `regs` at
                    // least `lb + code.varnames.len()` long for the frame running now (frames are created
                    // with their locals; stacks only shrink to its locals plus `depth`)
                    macro_rules! local {
                        ($i:expr) => {{
                            let i: usize = $i;
                            debug_assert!(
                                i < code.varnames.len() && lb + code.varnames.len() <= regs.len()
                            );
                            unsafe { regs.get_unchecked(lb + i) }
                        }};
                    }
                    macro_rules! local_mut {
                        ($i:expr) => {{
                            let i: usize = $i;
                            debug_assert!(
                                i < code.varnames.len() && lb + code.varnames.len() <= regs.len()
                            );
                            unsafe { regs.get_unchecked_mut(lb + i) }
                        }};
                    }
                    // constant `i` of the running code. SAFETY: the compiler emits constant
                    // indices below `consts.len()`
                    macro_rules! konst {
                        ($i:expr) => {{
                            let i: usize = $i;
                            debug_assert!(i < body!().consts.len());
                            unsafe { body!().consts.get_unchecked(i) }
                        }};
                    }
                    // the value an operand names, left in place (`depth` = its position from
                    // the top if on the stack)
                    macro_rules! operand {
                        ($o:expr, $depth:expr) => {{
                            let o: Opnd = $o;
                            match o.tag() {
                                0 => &regs[regs.len() - $depth],
                                Opnd::LOCAL => local!(o.index()),
                                _ => konst!(o.index()),
                            }
                        }};
                    }
                    // the i64 held by an operand
                    macro_rules! int_of {
                        ($o:expr, $depth:expr) => {{
                            match operand!($o, $depth) {
                                Value::Int(i) => Some(*i),
                                _ => None,
                            }
                        }};
                    }
                    macro_rules! drop_stack_ints {
                        ($a:expr, $b:expr) => {{
                            let n = $a.is_stack() as usize + $b.is_stack() as usize;
                            for _ in 0..n {
                                std::mem::forget(regs.pop());
                            }
                        }};
                    }
                    macro_rules! top {
                        () => {
                            regs.last().unwrap()
                        };
                    }
                    macro_rules! fetch {
                        ($o:expr) => {{
                            let o: Opnd = $o;
                            match o.tag() {
                                0 => pop!(),
                                Opnd::LOCAL => {
                                    let v = local!(o.index());
                                    if let Value::Null = v {
                                        break 'run self.unbound_local(f.code, o.index());
                                    }
                                    v.clone()
                                }
                                _ => konst!(o.index()).clone(),
                            }
                        }};
                    }
                    macro_rules! store {
                        ($o:expr, $v:expr) => {{
                            let o: Opnd = $o;
                            let v = $v;
                            if o.is_stack() {
                                Value::push_words(&mut regs, v);
                            } else {
                                std::mem::replace(local_mut!(o.index()), v).discard();
                            }
                        }};
                    }
                    // after a back-edge to `pc`, the loop's test there (a quickened
                    // compare-and-jump), run and charged here as its own step when its
                    // operands are ints; else dispatched as usual
                    macro_rules! loop_test {
                        () => {
                            // SAFETY: a jump target is a valid instruction index (as `ip`)
                            let (holds, x, y, exit) = match *unsafe { instrs.get_unchecked(pc) } {
                                Instr::CompareLocalIntJump {
                                    holds,
                                    local,
                                    k,
                                    target,
                                } => match local!(local as usize) {
                                    Value::Int(x) => (holds, *x, k as i64, target),
                                    _ => continue,
                                },
                                Instr::CompareLocalsJump {
                                    holds,
                                    a,
                                    b,
                                    target,
                                } => match (local!(a as usize), local!(b as usize)) {
                                    (Value::Int(x), Value::Int(y)) => (holds, *x, *y, target),
                                    _ => continue,
                                },
                                _ => continue,
                            };
                            self.ticks += unsafe { *costs.get_unchecked(pc) } as u64;
                            pc = if holds.holds(x, y) {
                                pc + 1
                            } else {
                                exit as usize
                            };
                        };
                    }
                    // at `$ip`, `IncLocal` of `$k` into `$local` and the back-edge after it (at `pc`,
                    // charged as its own step) to `$back`; the compiled increment instead when
                    // the local is not an int or the sum overflows (the back-edge is then
                    // dispatched)
                    macro_rules! inc_jump_back {
                        ($ip:expr, $local:expr, $k:expr, $back:expr) => {
                            match local_mut!($local as usize) {
                                Value::Int(x) if x.checked_add($k as i64).is_some() => {
                                    *x += $k as i64
                                }
                                _ => {
                                    tri!(self.binary_slow_at(&mut regs, lb, code, $ip));
                                    continue;
                                }
                            }
                            self.ticks += unsafe { *costs.get_unchecked(pc) } as u64;
                            pc = $back as usize;
                            tri!(self.check_breaker());
                        };
                    }
                    // the truth of popped value `$v`, which it consumes: a bool, an int or None
                    // needs no drop glue (the call of `drop_in_place` a plain `match` leaves
                    // behind)
                    macro_rules! truth {
                        ($v:expr) => {{
                            let v: Value = $v;
                            if let Value::Bool(b) = v {
                                std::mem::forget(v);
                                b
                            } else if let Value::Int(i) = v {
                                std::mem::forget(v);
                                i != 0
                            } else if let Value::None = v {
                                std::mem::forget(v);
                                false
                            } else {
                                let r = self.truthy(&v);
                                drop(v);
                                tri!(r)
                            }
                        }};
                    }
                    // an int result into `dst`: an int local overwritten in place (no drop, and
                    // no 16-byte copy of a value just built: a store-forwarding stall), the
                    // stack pushed as two words
                    macro_rules! store_int {
                        ($dst:expr, $r:expr) => {{
                            let (dst, r): (Opnd, i64) = ($dst, $r);
                            match dst.as_local() {
                                Some(i) => match local_mut!(i) {
                                    Value::Int(slot) => *slot = r,
                                    slot => std::mem::replace(slot, Value::Int(r)).discard(),
                                },
                                None => Value::push_int(&mut regs, r),
                            }
                        }};
                    }
                    // the next item of the iterator on top into local `$local`, or the
                    // iterator popped and a jump to `$target`
                    macro_rules! for_iter_store {
                        ($local:expr, $target:expr) => {
                            match tri!(self.next(regs.last().unwrap())) {
                                Some(v) => {
                                    std::mem::replace(local_mut!($local as usize), v).discard()
                                }
                                None => {
                                    regs.pop();
                                    pc = $target as usize;
                                }
                            }
                        };
                    }
                    // after a back-edge to `pc`, the loop's `ForIterStore` there, run and
                    // charged here as its own step (a generator's is dispatched as usual, to
                    // resume it); its exit target
                    macro_rules! for_step {
                        () => {{
                            // SAFETY: a jump target is a valid instruction index (as `ip`)
                            let Instr::ForIterStore { local, target } =
                                *(unsafe { instrs.get_unchecked(pc) })
                            else {
                                continue;
                            };
                            if let Some(Value::Gen(_)) = regs.last() {
                                continue;
                            }
                            self.ticks += unsafe { *costs.get_unchecked(pc) } as u64;
                            pc += 1;
                            for_iter_store!(local, target);
                            target
                        }};
                    }
                    // `for` over a plain generator: run it in this loop until it yields (the
                    // value reaches this `ForIter` then), returns or raises
                    macro_rules! resume_plain_generator {
                        () => {
                            if let Value::Gen(g) = regs.last().unwrap() {
                                if let Some(frame) = self.gen_to_resume(g) {
                                    let g = g.clone();
                                    f.set_ip(pc);
                                    enter_gen!(g, frame);
                                    continue;
                                }
                            }
                        };
                    }
                    // a frame just entered inline: its first instruction, a `Resume`, runs
                    // with the call, charged as its own step (one dispatch fewer per call)
                    macro_rules! resume_entered {
                        () => {
                            // SAFETY: every code object has at least one instruction (it
                            // ends with a return), and a cost per instruction
                            if let Instr::Resume = unsafe { instrs.get_unchecked(0) } {
                                self.ticks += unsafe { *costs.get_unchecked(0) } as u64;
                                pc = 1;
                                tri!(self.check_breaker());
                            }
                        };
                    }
                    let ip = pc;
                    debug_assert!(ip < instrs.len() && instrs.len() == costs.len());
                    // SAFETY: the compiler ends every code object with a return and keeps every
                    // jump target inside it, so `ip` is always a valid instruction index.
                    let instr: &Instr = unsafe { instrs.get_unchecked(ip) };
                    pc = ip + 1;
                    self.ticks += unsafe { *costs.get_unchecked(ip) } as u64;
                    match *instr {
                        Instr::Nop => {}
                        Instr::Resume => {
                            tri!(self.check_breaker());
                        }
                        Instr::LoadConst(i) => Value::push_clone(&mut regs, konst!(i as usize)),
                        Instr::LoadFast(i) => {
                            let v = local!(i as usize);
                            if let Value::Null = v {
                                break 'run self.unbound_local(f.code, i as usize);
                            }
                            // SAFETY: a fast local's slot, as `local!` reads it
                            unsafe { Value::push_clone_of_slot(&mut regs, lb + i as usize) };
                        }
                        Instr::StoreFast(i) => {
                            let v = pop!();
                            std::mem::replace(local_mut!(i as usize), v).discard();
                        }
                        Instr::DeleteFast(i) => {
                            if let Value::Null = regs[lb + i as usize] {
                                break 'run self.unbound_local(f.code, i as usize);
                            }
                            regs[lb + i as usize] = Value::Null;
                            if super::finalize::pending() {
                                self.finalize_dropped_at(code, ip);
                            }
                        }
                        Instr::LoadDeref(i) => {
                            let v = f.cells[i as usize].borrow().clone();
                            if let Value::Null = v {
                                break 'run self.unbound_deref(f.code, i as usize);
                            }
                            Value::push_words(&mut regs, v);
                        }
                        Instr::StoreDeref(i) => {
                            let v = pop!();
                            *f.cells[i as usize].borrow_mut() = v;
                        }
                        Instr::DeleteDeref(i) => {
                            *f.cells[i as usize].borrow_mut() = Value::Null;
                        }
                        Instr::LoadClosure(i) => {
                            Value::push_words(&mut regs, Value::Cell(f.cells[i as usize].clone()));
                        }
                        Instr::LoadClassDeref(i) => {
                            let name = &code.freevars[i as usize - code.cellvars.len()];
                            let found = f.ns.and_then(|ns| ns.borrow().get_pystr(name));
                            let v = match found {
                                Some(v) => v,
                                None => f.cells[i as usize].borrow().clone(),
                            };
                            Value::push_words(&mut regs, v);
                        }
                        Instr::LoadGlobal(i) => {
                            let hint = global_hint_at(code, ip);
                            let h = hint.get();
                            let gaddr = Rc::as_ptr(f.globals) as usize;
                            // SAFETY (both borrows): the dicts are only read for a clone of
                            // one value (a count raised: nothing runs meanwhile); a dict being
                            // changed (borrowed mutably) takes the general path
                            if let Ok(g) = unsafe { f.globals.try_borrow_unguarded() } {
                                if h.globals == gaddr && h.keys == g.keys_version() {
                                    if !h.in_builtins {
                                        if let Some(v) = g.value_at(h.index as usize) {
                                            Value::push_clone(&mut regs, v);
                                            continue;
                                        }
                                    } else if let Ok(b) =
                                        unsafe { self.interp.builtins.try_borrow_unguarded() }
                                    {
                                        if h.builtin_keys == b.keys_version() {
                                            if let Some(v) = b.value_at(h.index as usize) {
                                                Value::push_clone(&mut regs, v);
                                                continue;
                                            }
                                        }
                                    }
                                }
                            }
                            let name = &body!().names[i as usize];
                            let v = tri!(self.load_global_hinted(f.globals, name, gaddr, hint));
                            Value::push_words(&mut regs, v);
                        }
                        Instr::StoreGlobal(i) => {
                            let v = pop!();
                            // where the name was last stored, as `LoadGlobal` caches it
                            let hint = global_hint_at(code, ip);
                            let h = hint.get();
                            let gaddr = Rc::as_ptr(f.globals) as usize;
                            let mut g = f.globals.borrow_mut();
                            if h.globals == gaddr && h.keys == g.keys_version() {
                                if let Some(slot) = g.value_at_mut(h.index as usize) {
                                    let old = std::mem::replace(slot, v);
                                    drop(g);
                                    old.discard();
                                    continue;
                                }
                            }
                            drop(g);
                            names::store_global_hinted(
                                f.globals,
                                &body!().names[i as usize],
                                v,
                                hint,
                            );
                        }
                        Instr::DeleteGlobal(i) => {
                            tri!(self.delete_name(f.globals, code, i, ip));
                        }
                        Instr::LoadName(i) => {
                            let name = &body!().names[i as usize];
                            let found = f.ns.and_then(|ns| ns.borrow().get_pystr(name));
                            let v = match found {
                                Some(v) => v,
                                None => tri!(self.load_global(&f.globals, name)),
                            };
                            Value::push_words(&mut regs, v);
                        }
                        Instr::StoreName(i) => {
                            let v = pop!();
                            let ns = f.ns.cloned().unwrap_or_else(|| f.globals.clone());
                            ns.borrow_mut().set_pystr(&body!().names[i as usize], v);
                        }
                        Instr::DeleteName(i) => {
                            tri!(self.delete_name(f.ns.unwrap_or(f.globals), code, i, ip));
                        }
                        Instr::LoadAttr(i) => {
                            let h = hint_at(code, ip);
                            // SAFETY: the object is on the stack (the compiler's stack
                            // discipline)
                            let obj = unsafe { regs.last_mut().unwrap_unchecked() };
                            if super::attr_hint::load_attr_hit(obj, h) {
                                continue;
                            }
                            let obj = pop!();
                            let v = tri!(self.getattr_hinted(obj, &body!().names[i as usize], h));
                            Value::push_words(&mut regs, v);
                        }
                        Instr::StoreAttr(i) => {
                            let h = hint_at(code, ip);
                            if super::attr_hint::store_attr_hit(&mut regs, h) {
                                continue;
                            }
                            let obj = pop!();
                            let v = pop!();
                            let h = hint_at(code, ip);
                            tri!(self.setattr_hinted(obj, &body!().names[i as usize], v, h));
                        }
                        Instr::DeleteAttr(i) => {
                            let obj = pop!();
                            tri!(self.delattr(&obj, &body!().names[i as usize]));
                        }
                        Instr::LoadMethod(i) => {
                            let h = hint_at(code, ip);
                            let name = &body!().names[i as usize];
                            if super::attr_hint::load_method_hit(&mut regs, name, h) {
                                continue;
                            }
                            let obj = pop!();
                            let (m, s) =
                                tri!(self.load_method_hinted(obj, &body!().names[i as usize], h));
                            Value::push_words(&mut regs, m);
                            Value::push_words(&mut regs, s);
                        }
                        Instr::Pop => {
                            let v = pop!();
                            if let Value::Gen(_) = v {
                                drop(v);
                                if super::finalize::pending() {
                                    self.finalize_dropped_at(code, ip);
                                }
                            } else {
                                v.discard();
                            }
                        }
                        Instr::PushNull => Value::push_words(&mut regs, Value::Null),
                        Instr::Dup => {
                            let v = top!().clone();
                            Value::push_words(&mut regs, v);
                        }
                        Instr::Copy(n) => {
                            let v = regs[regs.len() - n as usize].clone();
                            Value::push_words(&mut regs, v);
                        }
                        Instr::Swap(n) => {
                            let len = regs.len();
                            regs.swap(len - 1, len - n as usize);
                        }
                        Instr::Binary { op, a, b, dst } => {
                            let depth_a = if b.is_stack() { 2 } else { 1 };
                            if let (Some(x), Some(y)) = (int_of!(a, depth_a), int_of!(b, 1)) {
                                if let Some(r) = super::ops::int_fast_i64(op, x, y) {
                                    drop_stack_ints!(a, b);
                                    store_int!(dst, r);
                                    continue;
                                }
                            }
                            tri!(self.binary_slow(&mut regs, lb, code, (op, a, b, dst)));
                        }
                        Instr::IncLocal { local, k } => {
                            if let Value::Int(x) = local_mut!(local as usize) {
                                if let Some(r) = x.checked_add(k as i64) {
                                    *x = r;
                                    continue;
                                }
                            }
                            tri!(self.binary_slow_at(&mut regs, lb, code, ip));
                        }
                        Instr::AddLocalInt { local, dst, k } => {
                            if let Value::Int(x) = local!(local as usize) {
                                if let Some(r) = x.checked_add(k as i64) {
                                    store_int!(dst, r);
                                    continue;
                                }
                            }
                            tri!(self.binary_slow_at(&mut regs, lb, code, ip));
                        }
                        Instr::BinaryLocals { op, a, b, dst } => {
                            if let (Value::Int(x), Value::Int(y)) =
                                (local!(a as usize), local!(b as usize))
                            {
                                if let Some(r) = super::ops::int_fast_i64(op, *x, *y) {
                                    store_int!(dst, r);
                                    continue;
                                }
                            }
                            tri!(self.binary_slow_at(&mut regs, lb, code, ip));
                        }
                        Instr::BinaryLocalStack { op, local, dst } => {
                            if let (Value::Int(x), Value::Int(y)) = (local!(local as usize), top!())
                            {
                                if let Some(r) = super::ops::int_fast_i64(op, *x, *y) {
                                    // an int on top: nothing to drop
                                    std::mem::forget(regs.pop());
                                    store_int!(dst, r);
                                    continue;
                                }
                            }
                            tri!(self.binary_slow_at(&mut regs, lb, code, ip));
                        }
                        Instr::BinaryLocalInt { op, local, dst, k } => {
                            if let Value::Int(x) = local!(local as usize) {
                                if let Some(r) = super::ops::int_fast_i64(op, *x, k as i64) {
                                    store_int!(dst, r);
                                    continue;
                                }
                            }
                            tri!(self.binary_slow_at(&mut regs, lb, code, ip));
                        }
                        Instr::Unary { op, a } => {
                            let av = fetch!(a);
                            let r = tri!(self.unary_op(op, &av));
                            Value::push_words(&mut regs, r);
                        }
                        Instr::Compare { op, a, b } => {
                            let bv = fetch!(b);
                            let av = fetch!(a);
                            let r = tri!(self.compare_op(op, &av, &bv));
                            Value::push_words(&mut regs, r);
                        }
                        Instr::CompareJumpIfFalse { op, a, b, target } => {
                            let depth_a = if b.is_stack() { 2 } else { 1 };
                            if let (Some(x), Some(y)) = (int_of!(a, depth_a), int_of!(b, 1)) {
                                if let Some(t) = super::ops::int_cmp(op, x, y) {
                                    drop_stack_ints!(a, b);
                                    if !t {
                                        pc = target as usize;
                                    }
                                    continue;
                                }
                            }
                            if !tri!(self.compare_slow(&mut regs, lb, code, (op, a, b))) {
                                pc = target as usize;
                            }
                        }
                        Instr::CompareLocalIntJump {
                            holds,
                            local,
                            k,
                            target,
                        } => {
                            if let Value::Int(x) = local!(local as usize) {
                                if !holds.holds(*x, k as i64) {
                                    pc = target as usize;
                                }
                                continue;
                            }
                            if !tri!(self.compare_slow_at(&mut regs, lb, code, ip)) {
                                pc = target as usize;
                            }
                        }
                        Instr::CompareLocalsJump {
                            holds,
                            a,
                            b,
                            target,
                        } => {
                            if let (Value::Int(x), Value::Int(y)) =
                                (local!(a as usize), local!(b as usize))
                            {
                                if !holds.holds(*x, *y) {
                                    pc = target as usize;
                                }
                                continue;
                            }
                            if !tri!(self.compare_slow_at(&mut regs, lb, code, ip)) {
                                pc = target as usize;
                            }
                        }
                        Instr::Subscr { a, b, dst } => {
                            let bv = fetch!(b);
                            let av = fetch!(a);
                            let r = tri!(self.getitem(&av, &bv));
                            store!(dst, r);
                        }
                        Instr::StoreSubscr => {
                            let key = pop!();
                            let container = pop!();
                            let v = pop!();
                            tri!(self.setitem(&container, key, v));
                        }
                        Instr::DeleteSubscr => {
                            let key = pop!();
                            let container = pop!();
                            tri!(self.delitem(&container, key));
                        }
                        Instr::Jump(t) => pc = t as usize,
                        Instr::JumpBackward(t) => {
                            pc = t as usize;
                            tri!(self.check_breaker());
                        }
                        Instr::JumpBackwardTest(t) => {
                            pc = t as usize;
                            tri!(self.check_breaker());
                            loop_test!();
                        }
                        Instr::IncLocalJumpBackTest { local, k, back } => {
                            inc_jump_back!(ip, local, k, back);
                            loop_test!();
                            // the test held and sent the loop back here: a counting loop
                            if pc == ip {
                                if let Some(c) = spin::counting(instrs, costs, &regs[lb..], ip) {
                                    let Value::Int(x) = local_mut!(local as usize) else {
                                        continue;
                                    };
                                    match c.run(x, &mut self.ticks, self.deadline) {
                                        spin::Stop::Exit => pc = c.exit,
                                        spin::Stop::Breaker => {
                                            pc = back as usize;
                                            tri!(self.check_breaker());
                                            loop_test!();
                                        }
                                        spin::Stop::Overflow => {}
                                    }
                                }
                            }
                        }
                        Instr::IncLocalJumpBack { local, k, back } => {
                            inc_jump_back!(ip, local, k, back);
                            // `while not done: n += 1`: the test reads a global that the
                            // loop cannot change
                            if back as usize + 2 == ip {
                                if let Some(c) =
                                    spin::global_test(self, instrs, costs, code, f.globals, ip)
                                {
                                    let Value::Int(x) = local_mut!(local as usize) else {
                                        continue;
                                    };
                                    // the test at `back`, which holds: on to the increment
                                    self.ticks += c.test;
                                    match c.run(x, &mut self.ticks, self.deadline) {
                                        spin::Stop::Overflow => pc = ip,
                                        spin::Stop::Breaker | spin::Stop::Exit => {
                                            tri!(self.check_breaker())
                                        }
                                    }
                                }
                            }
                        }
                        Instr::PopJumpIfFalse(t) => {
                            let v = pop!();
                            let b = truth!(v);
                            if !b {
                                pc = t as usize;
                            }
                        }
                        Instr::PopJumpIfTrue(t) => {
                            let v = pop!();
                            let b = truth!(v);
                            if b {
                                pc = t as usize;
                            }
                        }
                        Instr::JumpIfFalseOrPop(t) => {
                            let b = tri!(self.truthy(top!()));
                            if !b {
                                pc = t as usize;
                            } else {
                                regs.pop();
                            }
                        }
                        Instr::JumpIfTrueOrPop(t) => {
                            let b = tri!(self.truthy(top!()));
                            if b {
                                pc = t as usize;
                            } else {
                                regs.pop();
                            }
                        }
                        Instr::PopJumpIfNone(t) => {
                            if pop!().is_none() {
                                pc = t as usize;
                            }
                        }
                        Instr::PopJumpIfNotNone(t) => {
                            if !pop!().is_none() {
                                pc = t as usize;
                            }
                        }
                        Instr::GetIter => {
                            let v = pop!();
                            let it = tri!(self.iter(&v));
                            Value::push_words(&mut regs, it);
                        }
                        Instr::ForIter(t) => {
                            resume_plain_generator!();
                            match tri!(self.next(regs.last().unwrap())) {
                                Some(v) => Value::push_words(&mut regs, v),
                                None => {
                                    regs.pop();
                                    pc = t as usize;
                                }
                            }
                        }
                        Instr::ForIterStore { local, target } => {
                            resume_plain_generator!();
                            for_iter_store!(local, target);
                        }
                        Instr::JumpBackwardFor(t) => {
                            pc = t as usize;
                            tri!(self.check_breaker());
                            let target = for_step!();
                            // `for k in range(n): total += k`: a range loop (the iterator
                            // looked at first: a `for` over a list must not pay for more)
                            let cursor = if pc == t as usize + 1 && ip == pc + 1 {
                                spin::range_cursor(top!())
                            } else {
                                None
                            };
                            if let Some(cursor) = cursor {
                                if let Some(l) = spin::range_loop(instrs, costs, &regs[lb..], ip) {
                                    let int = |v: &Value| match v {
                                        Value::Int(i) => *i,
                                        _ => unreachable!("range_loop saw ints"),
                                    };
                                    let (mut acc, mut var) =
                                        (int(local!(l.acc)), int(local!(l.var)));
                                    let stop = l.run(
                                        &mut acc,
                                        &mut var,
                                        cursor,
                                        &mut self.ticks,
                                        self.deadline,
                                    );
                                    *local_mut!(l.acc) = Value::Int(acc);
                                    *local_mut!(l.var) = Value::Int(var);
                                    match stop {
                                        spin::RangeStop::Exit => {
                                            regs.pop();
                                            pc = target as usize;
                                        }
                                        spin::RangeStop::Breaker => {
                                            pc = t as usize;
                                            tri!(self.check_breaker());
                                        }
                                        spin::RangeStop::Fallback => {}
                                    }
                                }
                            }
                        }
                        Instr::IntLoopBack { back, slot } => {
                            pc = back as usize;
                            tri!(self.check_breaker());
                            let Some(l) = super::quicken::int_loop(code, slot) else {
                                continue;
                            };
                            if !l.live() {
                                for_step!();
                                continue;
                            }
                            // the `for`'s iterator, held while the loop moves its cursor
                            let it = if l.is_for() {
                                Some(top!().clone())
                            } else {
                                None
                            };
                            let items = it.as_ref().and_then(int_loop::iter_state);
                            let ran = l.run_in(
                                &mut regs,
                                lb,
                                f.globals,
                                &body!().names,
                                items,
                                costs,
                                &mut self.ticks,
                                self.deadline,
                            );
                            match ran {
                                // (a `for` over something else than a range: its step, as
                                // `JumpBackwardFor` runs it)
                                int_loop::Ran::NotRun => {
                                    drop(it);
                                    for_step!();
                                }
                                int_loop::Ran::At(at) => pc = at,
                                int_loop::Ran::Breaker(at) => {
                                    pc = at;
                                    tri!(self.check_breaker());
                                }
                            }
                        }
                        Instr::BuildTuple(_)
                        | Instr::BuildList(_)
                        | Instr::BuildSet(_)
                        | Instr::BuildConstSet(_)
                        | Instr::BuildMap(_)
                        | Instr::BuildString(_)
                        | Instr::BuildSlice(_)
                        | Instr::ListAppend(_)
                        | Instr::SetAdd(_)
                        | Instr::MapAdd(_)
                        | Instr::ListExtend(_)
                        | Instr::SetUpdate(_)
                        | Instr::DictUpdate(_)
                        | Instr::DictMerge(_)
                        | Instr::ListToTuple => tri!(self.build(instr, &mut regs)),
                        Instr::FormatValue { conv, spec } => {
                            let spec = if spec { Some(pop!()) } else { None };
                            let v = pop!();
                            let s = tri!(self.format_value(&v, conv, spec.as_ref()));
                            Value::push_words(&mut regs, s);
                        }
                        Instr::UnpackSequence(n) => {
                            let v = pop!();
                            tri!(self.unpack_into(&v, n as usize, &mut regs));
                        }
                        Instr::UnpackEx { before, after } => {
                            let v = pop!();
                            tri!(self.unpack_ex_into(
                                &v,
                                before as usize,
                                after as usize,
                                &mut regs
                            ));
                        }
                        Instr::Call(argc) => {
                            self.before_call(code, ip);
                            let argc = argc as usize;
                            let base = regs.len() - argc - 2;
                            if let Some((callee, start)) = self.inline_callee(&mut regs, base, argc)
                            {
                                // a plain Python function: run it in this loop, its locals starting
                                // at its arguments
                                f.set_ip(ip + 1);
                                enter_inlined!(callee, start, base, false);
                                resume_entered!();
                                continue;
                            }
                            if let Some((obj, init)) = tri!(self.inline_init(&regs[base..])) {
                                // a plain class: its `__init__` runs in this loop, the new instance
                                // as `self` in the call's null slot
                                f.set_ip(ip + 1);
                                regs[base + 1] = obj.clone();
                                regs[base] = obj;
                                enter_inlined!(init, base + 1, base, true);
                                resume_entered!();
                                continue;
                            }
                            let r = if let Value::Null = regs[base + 1] {
                                self.call(&regs[base], &regs[base + 2..], &[])
                            } else {
                                self.call(&regs[base], &regs[base + 1..], &[])
                            };
                            pc = ip + 1;
                            regs.truncate(base);
                            let r = tri!(r);
                            Value::push_words(&mut regs, r);
                            tri!(self.check_breaker());
                        }
                        Instr::CallKw { argc, kwnames } => {
                            self.before_call(code, ip);
                            let r = self.call_kw(
                                &mut regs,
                                argc as usize,
                                &body!().consts[kwnames as usize],
                            );
                            Value::push_words(&mut regs, tri!(r));
                            tri!(self.check_breaker());
                        }
                        Instr::CallEx { kwargs } => {
                            self.before_call(code, ip);
                            let r = self.call_ex(&mut regs, kwargs);
                            Value::push_words(&mut regs, tri!(r));
                            tri!(self.check_breaker());
                        }
                        Instr::MakeFunction { code: ci, flags } => {
                            let child = body!().children[ci as usize].clone();
                            let func =
                                self.make_function_from_stack(&mut regs, child, f.globals, flags);
                            Value::push_words(&mut regs, func);
                        }
                        Instr::LoadBuildClass => {
                            let v = tri!(self.load_global(
                                &f.globals,
                                &super::value::PyStr::new("__build_class__")
                            ));
                            Value::push_words(&mut regs, v);
                        }
                        Instr::LoadGlobalsDict => {
                            Value::push_words(&mut regs, Value::Dict(f.globals.clone()));
                        }
                        Instr::LoadLocalsDict => {
                            let d = self.locals_dict(code, &regs[lb..], f.cells, f.ns, f.globals);
                            Value::push_words(&mut regs, d);
                        }
                        Instr::LoadLocalNames => {
                            let d = self.locals_dict(code, &regs[lb..], f.cells, f.ns, f.globals);
                            let names = tri!(self.sorted_keys(&d));
                            Value::push_words(&mut regs, names);
                        }
                        Instr::ReturnValue => {
                            if inlined.len() > floor {
                                // SAFETY: just seen above `floor`
                                let top = unsafe { inlined.last().unwrap_unchecked() };
                                if !top.init {
                                    // the value returned takes the callable's slot, and the
                                    // call's other slots go: the frame's locals and stack are
                                    // dropped; below them the slots are null (the callable,
                                    // taken by the call, and a self slot that was not self)
                                    let (call_base, locals) = (top.call_base, top.lb);
                                    let v = pop!();
                                    Value::truncate_stack(&mut regs, locals);
                                    debug_assert!(regs[call_base..]
                                        .iter()
                                        .all(|v| matches!(v, Value::Null)));
                                    // SAFETY: `call_base <= locals`, and what lies between
                                    // holds no reference (nulls)
                                    unsafe { regs.set_len(call_base) };
                                    Value::push_words(&mut regs, v);
                                    leave_inlined!();
                                    tri!(self.check_breaker());
                                    continue;
                                }
                                if let Some(Value::None) = regs.last() {
                                    // an `__init__` returned None: the new instance, waiting in
                                    // the callable's slot, is the call's result
                                    Value::truncate_stack(&mut regs, top.call_base + 1);
                                    leave_inlined!();
                                    tri!(self.check_breaker());
                                    continue;
                                }
                            }
                            let v = pop!();
                            if inlined.len() == floor {
                                f.set_ip(pc);
                                if ngens == 0 {
                                    leave!();
                                    return Ok(FrameExit::Return(v));
                                }
                                // a resumed generator is exhausted: it is finished (its frame
                                // dropped, then its return value), and its consumer's `for` ends
                                let (g, frame) = leave_gen!();
                                drop(frame);
                                if let Instr::YieldFrom = instrs[pc - 1] {
                                    // the value of the `yield from` / `await`
                                    drop(g);
                                    regs.pop();
                                    Value::push_words(&mut regs, v);
                                    continue;
                                }
                                drop(v);
                                drop(g);
                                regs.pop();
                                pc = match instrs[pc - 1] {
                                    Instr::ForIter(t) => t as usize,
                                    Instr::ForIterStore { target, .. } => target as usize,
                                    _ => unreachable!("a generator is resumed only by a `for`"),
                                };
                                continue;
                            }
                            let r = match pop_inlined!() {
                                None => v,
                                Some(_) if !v.is_none() => break 'run self.init_returned(&v),
                                Some(instance) => instance,
                            };
                            Value::push_words(&mut regs, r);
                            tri!(self.check_breaker());
                        }
                        Instr::YieldValue => {
                            let v = pop!();
                            debug_assert!(
                                inlined.len() == floor,
                                "only a generator yields, and none is inlined"
                            );
                            f.set_ip(pc);
                            yield_value!(v);
                        }
                        Instr::GetYieldFromIter => {
                            let v = pop!();
                            let it = match &v {
                                Value::Gen(g) if g.code.kind == CodeKind::Coroutine => {
                                    if !code.runtime.iterable_coroutine.get() {
                                        break 'run self.type_error(
                                        "cannot 'yield from' a coroutine object in a non-coroutine generator",
                                    );
                                    }
                                    v
                                }
                                Value::Gen(g) if g.code.kind == CodeKind::Generator => v,
                                _ => tri!(self.iter(&v)),
                            };
                            Value::push_words(&mut regs, it);
                        }
                        Instr::GetAwaitable(_)
                        | Instr::GetAiter
                        | Instr::GetAnext
                        | Instr::EndAsyncFor
                        | Instr::AsyncGenWrap => tri!(self.async_op(instr, &mut regs)),
                        Instr::YieldFrom => {
                            let mut sent = pop!();
                            if let Value::Gen(g) = top!() {
                                // a generator or coroutine: run it in this loop until it
                                // yields (which this frame yields in turn), returns or raises
                                match self.gen_to_delegate(g, sent) {
                                    Ok(frame) => {
                                        let g = g.clone();
                                        f.set_ip(pc);
                                        enter_gen!(g, frame);
                                        continue;
                                    }
                                    Err(s) => sent = s,
                                }
                            }
                            let sub = top!().clone();
                            match tri!(self.delegate(&sub, sent)) {
                                Some(y) => {
                                    f.set_ip(ip); // resume here with the next sent value
                                    yield_value!(y);
                                }
                                None => {
                                    // exhausted: the return value replaces the subiterator
                                    let rv = std::mem::replace(&mut self.last_return, Value::None);
                                    regs.pop();
                                    Value::push_words(&mut regs, rv);
                                }
                            }
                        }
                        Instr::Raise(n) => break 'run self.raise(n, &mut regs),
                        Instr::Reraise => {
                            let v = pop!();
                            break 'run PyErr { exc: v };
                        }
                        Instr::PushExcInfo
                        | Instr::PopExcept
                        | Instr::CheckExcMatch
                        | Instr::CheckEgMatch
                        | Instr::PrepReraiseStar
                        | Instr::BeforeWith
                        | Instr::BeforeAsyncWith
                        | Instr::WithExceptStart
                        | Instr::AsyncWithExceptStart => tri!(self.handler_op(instr, &mut regs)),
                        Instr::LoadAssertionError => {
                            Value::push_words(
                                &mut regs,
                                Value::Class(self.t().exc.assertion_error.clone()),
                            );
                        }
                        Instr::ImportName {
                            name,
                            fromlist,
                            level: _,
                        } => {
                            let m = tri!(self.import_module(
                                body!().names[name as usize].as_str(),
                                &body!().consts[fromlist as usize]
                            ));
                            Value::push_words(&mut regs, m);
                        }
                        Instr::ImportFrom(i) => {
                            let m = top!().clone();
                            let v = tri!(self.import_from(&m, &body!().names[i as usize]));
                            Value::push_words(&mut regs, v);
                        }
                        Instr::ImportStar => {
                            let m = pop!();
                            let ns = f.ns.cloned().unwrap_or_else(|| f.globals.clone());
                            tri!(self.import_star(&m, &ns));
                        }
                        Instr::SetupAnnotations => {
                            let ns = f.ns.cloned().unwrap_or_else(|| f.globals.clone());
                            if ns.borrow().get_str("__annotations__").is_none() {
                                let d = Value::Dict(Rc::new(RefCell::new(DictData::new())));
                                ns.borrow_mut().set_str("__annotations__", d);
                            }
                        }
                        Instr::Unreachable => {
                            break 'run self.runtime_error("internal error: unreachable code");
                        }
                    }
                }
            };
            // An exception: record where, then look for a handler in this frame.
            let ip = pc.saturating_sub(1);
            let reraise = matches!(
                instrs.get(ip),
                Some(Instr::Reraise) | Some(Instr::Raise(0)) | Some(Instr::EndAsyncFor)
            );
            if !reraise {
                self.note_raise(&err, &f.code, ip);
            }
            if super::finalize::pending() {
                self.finalize_dropped_at(code, ip);
            }
            match code.handler_for(ip as u32) {
                Some(h) => {
                    regs.truncate(lb + code.varnames.len() + h.depth as usize);
                    Value::push_words(&mut regs, err.exc);
                    pc = h.target as usize;
                }
                None if inlined.len() == floor && ngens == 0 => {
                    f.set_ip(pc);
                    leave!();
                    return Err(err);
                }
                None if inlined.len() == floor => {
                    // out of a resumed generator, which is finished: its consumer's `for`
                    // sees the error as `next` would raise it
                    f.set_ip(pc);
                    let (g, frame) = leave_gen!();
                    pending = Some(self.generator_raised(&g, err));
                    drop(frame);
                    drop(g);
                }
                None => {
                    // unwind into the caller, which sees the error raised by its call
                    let _ = pop_inlined!();
                    pending = Some(err);
                }
            }
        }
    }

    /// Before the call at instruction `ip`: finalize what was dropped since the last one, and
    /// note where this frame is.
    #[inline]
    fn before_call(&mut self, code: &Code, ip: usize) {
        if super::finalize::pending() {
            self.finalize_dropped_at(code, ip);
        }
        if let Some(r) = self.frames.last_mut() {
            r.ip = ip;
        }
    }
}

//! The interpreter loop: runs one frame until it returns, yields or raises.
//!
//! Every instruction is charged its cost; at eval-breaker points (`Resume`, `JumpBackward`, after
//! calls) the loop hands control to the host when the charged time has passed its deadline.
//! Errors go to the frame's exception table; source positions are looked up only then.

use std::cell::RefCell;
use std::rc::Rc;

use super::dict::DictData;
use super::exc::TbEntry;
use super::frame::{Frame, FrameExit, FrameRec};
use super::inline::{Cur, Inlined};
use super::object::{Function, Instance};
use super::value::Value;
use super::{PyErr, PyResult, Vm, RECURSION_LIMIT};
use crate::lang::bytecode::{make_flags, BinOp, Code, CodeKind, Instr, Opnd};

/// `local = a + b` where `a` is the str held by `local` (alone, or also on the stack) and `b`
/// is a str: append `b` to it in place. Returns false (changing nothing) when that does not
/// apply.
fn try_append_in_place(
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

/// The attribute inline cache of instruction `ip`.
#[inline]
fn hint_at(code: &Code, ip: usize) -> &std::cell::Cell<crate::lang::bytecode::AttrHint> {
    let hints = code.runtime.attrs.get_or_init(|| {
        let none = std::cell::Cell::new(Default::default());
        vec![none; code.instrs.len()].into_boxed_slice()
    });
    &hints[ip]
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
        let r = self.run_loop(f, pending);
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
        let mut h = std::mem::replace(&mut self.host, Box::new(super::SoloHost::default()));
        let r = h.eval_breaker(self);
        self.host = h;
        r
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

    fn run_loop(&mut self, base: &mut Frame, mut pending: Option<PyErr>) -> PyResult<FrameExit> {
        // Calls of plain Python functions run in this loop, as CPython 3.11 inlines them: the
        // callee's frame goes on `inlined` and the loop switches to it; its return switches
        // back. `fp` is the frame running now: `base` or the top of `inlined`.
        // Every frame of this loop keeps its locals and value stack in `regs`, taken from `base`
        // (and given back when the loop leaves): an inlined callee's locals start at `lb`, where
        // its caller pushed the arguments.
        let mut regs: Vec<Value> = std::mem::take(&mut base.regs);
        let mut lb: usize = 0;
        let base_ptr: *mut Frame = base;
        let mut inlined: Vec<Inlined> = Vec::new();
        // SAFETY (for `Cur`, `code` and `costs`): they point into `base` or the last element of
        // `inlined`, and are re-derived after every push to or pop from `inlined`. `base`
        // outlives the loop; an inlined frame holds its function, which holds its code, globals,
        // closure and cost tables.
        let mut f: Cur = unsafe { Cur::of_base(base_ptr) };
        let mut code: &crate::lang::bytecode::Code = f.code;
        let mut instrs: &[Instr] = &code.instrs;
        let mut costs: &[u32] = unsafe { &*Rc::as_ptr(&(*base_ptr).costs) };
        let mut nlocals = code.varnames.len();
        // the next instruction, kept in a register; written back to the frame's `ip` when it
        // calls, returns or yields
        let mut pc: usize = unsafe { *f.ip };
        // switch the loop to the frame now on top, resuming at its `ip`
        macro_rules! switch_frame {
            () => {{
                match inlined.last_mut() {
                    Some(top) => {
                        f = unsafe { Cur::of_inlined(top) };
                        costs = unsafe { &*top.costs };
                        lb = top.lb;
                    }
                    None => {
                        f = unsafe { Cur::of_base(base_ptr) };
                        costs = unsafe { &*Rc::as_ptr(&(*base_ptr).costs) };
                        lb = 0;
                    }
                }
                code = f.code;
                instrs = &code.instrs;
                nlocals = code.varnames.len();
                pc = unsafe { *f.ip };
            }};
        }
        // run `func` inline, its locals from `regs[$lb]`, for the call at `regs[$base]`
        macro_rules! enter_inlined {
            ($func:expr, $lb:expr, $base:expr, $instance:expr) => {{
                let func: Rc<Function> = $func;
                let costs = self.cost.table_for_call_ref(&func.code) as *const [u32];
                let top = $lb + func.code.varnames.len();
                if regs.len() < top {
                    regs.resize(top, Value::Null);
                }
                self.frames.push(FrameRec::new(&func.code, 0));
                inlined.push(Inlined {
                    func,
                    costs,
                    ip: 0,
                    lb: $lb,
                    call_base: $base,
                    instance: $instance,
                });
                switch_frame!();
            }};
        }
        // leave the inlined frame on top (it returned or raised): back to its caller
        macro_rules! pop_inlined {
            () => {{
                let mut done = inlined.pop().unwrap();
                self.frames.pop();
                regs.truncate(done.call_base);
                let instance = done.instance.take();
                drop(done);
                if super::finalize::pending() {
                    // a generator object died with the frame: CPython finalizes it at once
                    self.finalize_dropped();
                }
                switch_frame!();
                instance
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
                            regs.pop().unwrap()
                        };
                    }
                    // the i64 held by an operand (`depth` = its position from the top if on the stack)
                    macro_rules! int_of {
                        ($o:expr, $depth:expr) => {{
                            let o: Opnd = $o;
                            let v = if o.is_stack() {
                                &regs[regs.len() - $depth]
                            } else if let Some(i) = o.as_local() {
                                &regs[lb + i]
                            } else {
                                &code.consts[o.index()]
                            };
                            match v {
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
                            if o.is_stack() {
                                pop!()
                            } else if let Some(i) = o.as_local() {
                                let v = &regs[lb + i];
                                if let Value::Null = v {
                                    break 'run self.unbound_local(f.code, i);
                                }
                                v.clone()
                            } else {
                                code.consts[o.index()].clone()
                            }
                        }};
                    }
                    macro_rules! store {
                        ($o:expr, $v:expr) => {{
                            let o: Opnd = $o;
                            let v = $v;
                            if o.is_stack() {
                                regs.push(v);
                            } else {
                                std::mem::replace(&mut regs[lb + o.index()], v).discard();
                            }
                        }};
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
                        Instr::LoadConst(i) => regs.push(code.consts[i as usize].clone()),
                        Instr::LoadFast(i) => {
                            let v = &regs[lb + i as usize];
                            if let Value::Null = v {
                                break 'run self.unbound_local(f.code, i as usize);
                            }
                            let v = v.clone();
                            regs.push(v);
                        }
                        Instr::StoreFast(i) => {
                            let v = pop!();
                            std::mem::replace(&mut regs[lb + i as usize], v).discard();
                        }
                        Instr::DeleteFast(i) => {
                            if let Value::Null = regs[lb + i as usize] {
                                break 'run self.unbound_local(f.code, i as usize);
                            }
                            regs[lb + i as usize] = Value::Null;
                            if super::finalize::pending() {
                                self.finalize_dropped_at(code, code.line_at(ip));
                            }
                        }
                        Instr::LoadDeref(i) => {
                            let v = f.cells[i as usize].borrow().clone();
                            if let Value::Null = v {
                                break 'run self.unbound_deref(f.code, i as usize);
                            }
                            regs.push(v);
                        }
                        Instr::StoreDeref(i) => {
                            let v = pop!();
                            *f.cells[i as usize].borrow_mut() = v;
                        }
                        Instr::DeleteDeref(i) => {
                            *f.cells[i as usize].borrow_mut() = Value::Null;
                        }
                        Instr::LoadClosure(i) => {
                            regs.push(Value::Cell(f.cells[i as usize].clone()));
                        }
                        Instr::LoadClassDeref(i) => {
                            let name = &code.freevars[i as usize - code.cellvars.len()];
                            let found = f.ns.and_then(|ns| ns.borrow().get_pystr(name));
                            let v = match found {
                                Some(v) => v,
                                None => f.cells[i as usize].borrow().clone(),
                            };
                            regs.push(v);
                        }
                        Instr::LoadGlobal(i) => {
                            let gaddr = Rc::as_ptr(&f.globals) as usize;
                            let gver = f.globals.borrow().version();
                            let bver = self.interp.builtins.borrow().version();
                            let hit = {
                                let cache = code.runtime.globals.borrow();
                                match cache.get(ip) {
                                    Some((a, g, b, v))
                                        if *a == gaddr && *g == gver && *b == bver =>
                                    {
                                        Some(v.clone())
                                    }
                                    _ => None,
                                }
                            };
                            let v = match hit {
                                Some(v) => v,
                                None => {
                                    let name = &code.names[i as usize];
                                    let v = tri!(self.load_global(&f.globals, name));
                                    // a generator, or an instance with a `__del__`, is not cached:
                                    // the cache's reference would keep it from being finalized when
                                    // the program drops it
                                    if !super::dunder_del::has_finalizer(&v) {
                                        let mut cache = code.runtime.globals.borrow_mut();
                                        if cache.len() < instrs.len() {
                                            cache.resize(instrs.len(), (0, 0, 0, Value::None));
                                        }
                                        cache[ip] = (gaddr, gver, bver, v.clone());
                                    }
                                    v
                                }
                            };
                            regs.push(v);
                        }
                        Instr::StoreGlobal(i) => {
                            let v = pop!();
                            f.globals.borrow_mut().set_pystr(&code.names[i as usize], v);
                        }
                        Instr::DeleteGlobal(i) => {
                            tri!(self.delete_name(f.globals, code, i, ip));
                        }
                        Instr::LoadName(i) => {
                            let name = &code.names[i as usize];
                            let found = f.ns.and_then(|ns| ns.borrow().get_pystr(name));
                            let v = match found {
                                Some(v) => v,
                                None => tri!(self.load_global(&f.globals, name)),
                            };
                            regs.push(v);
                        }
                        Instr::StoreName(i) => {
                            let v = pop!();
                            let ns = f.ns.cloned().unwrap_or_else(|| f.globals.clone());
                            ns.borrow_mut().set_pystr(&code.names[i as usize], v);
                        }
                        Instr::DeleteName(i) => {
                            tri!(self.delete_name(f.ns.unwrap_or(f.globals), code, i, ip));
                        }
                        Instr::LoadAttr(i) => {
                            let obj = pop!();
                            let h = hint_at(code, ip);
                            let v = tri!(self.getattr_hinted(obj, &code.names[i as usize], h));
                            regs.push(v);
                        }
                        Instr::StoreAttr(i) => {
                            let obj = pop!();
                            let v = pop!();
                            let h = hint_at(code, ip);
                            tri!(self.setattr_hinted(obj, &code.names[i as usize], v, h));
                        }
                        Instr::DeleteAttr(i) => {
                            let obj = pop!();
                            tri!(self.delattr(&obj, &code.names[i as usize]));
                        }
                        Instr::LoadMethod(i) => {
                            let obj = pop!();
                            let h = hint_at(code, ip);
                            let (m, s) =
                                tri!(self.load_method_hinted(obj, &code.names[i as usize], h));
                            regs.push(m);
                            regs.push(s);
                        }
                        Instr::Pop => {
                            let v = pop!();
                            if let Value::Gen(_) = v {
                                drop(v);
                                if super::finalize::pending() {
                                    self.finalize_dropped_at(code, code.line_at(ip));
                                }
                            } else {
                                v.discard();
                            }
                        }
                        Instr::PushNull => regs.push(Value::Null),
                        Instr::Dup => {
                            let v = top!().clone();
                            regs.push(v);
                        }
                        Instr::Copy(n) => {
                            let v = regs[regs.len() - n as usize].clone();
                            regs.push(v);
                        }
                        Instr::Swap(n) => {
                            let len = regs.len();
                            regs.swap(len - 1, len - n as usize);
                        }
                        Instr::Binary { op, a, b, dst } => {
                            // `s = s + t` / `s += t` on a str nothing else holds: append in place, as
                            // CPython does (it, too, drops the target local's reference first)
                            if matches!(op, BinOp::Add | BinOp::IAdd) {
                                if let Some(d) = dst.as_local() {
                                    if matches!(regs[lb + d], Value::Str(_))
                                        && try_append_in_place(&mut regs, lb, &code.consts, a, b, d)
                                    {
                                        continue;
                                    }
                                }
                            }
                            let depth_a = if b.is_stack() { 2 } else { 1 };
                            if let (Some(x), Some(y)) = (int_of!(a, depth_a), int_of!(b, 1)) {
                                if let Some(r) = super::ops::int_fast_i64(op, x, y) {
                                    drop_stack_ints!(a, b);
                                    if let Some(i) = dst.as_local() {
                                        // overwrite an int in place: no drop, and no 16-byte copy
                                        // of a value just built on the stack (a store-forwarding stall)
                                        if let Value::Int(slot) = &mut regs[lb + i] {
                                            *slot = r;
                                            continue;
                                        }
                                    } else if dst.is_stack() {
                                        Value::push_int(&mut regs, r);
                                        continue;
                                    }
                                    store!(dst, Value::Int(r));
                                    continue;
                                }
                            }
                            let bv = fetch!(b);
                            let av = fetch!(a);
                            // the int fast path stays inline
                            let r = match (&av, &bv) {
                                (Value::Int(x), Value::Int(y)) => {
                                    match super::ops::int_fast(op, *x, *y) {
                                        Some(r) => r,
                                        None => tri!(self.binary_op(op, &av, &bv)),
                                    }
                                }
                                _ => tri!(self.binary_op(op, &av, &bv)),
                            };
                            store!(dst, r);
                        }
                        Instr::Unary { op, a } => {
                            let av = fetch!(a);
                            let r = tri!(self.unary_op(op, &av));
                            regs.push(r);
                        }
                        Instr::Compare { op, a, b } => {
                            let bv = fetch!(b);
                            let av = fetch!(a);
                            let r = tri!(self.compare_op(op, &av, &bv));
                            regs.push(r);
                        }
                        Instr::CompareJumpIfFalse { op, a, b, target } => {
                            let depth_a = if b.is_stack() { 2 } else { 1 };
                            if let (Some(x), Some(y)) = (int_of!(a, depth_a), int_of!(b, 1)) {
                                drop_stack_ints!(a, b);
                                if !super::ops::int_cmp(op, x, y) {
                                    pc = target as usize;
                                }
                                continue;
                            }
                            let bv = fetch!(b);
                            let av = fetch!(a);
                            let t = match (&av, &bv) {
                                (Value::Int(x), Value::Int(y)) => super::ops::int_cmp(op, *x, *y),
                                _ => {
                                    let r = tri!(self.compare_op(op, &av, &bv));
                                    tri!(self.truthy(&r))
                                }
                            };
                            if !t {
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
                        Instr::PopJumpIfFalse(t) => {
                            let v = pop!();
                            let b = match v {
                                Value::Bool(b) => b,
                                _ => tri!(self.truthy(&v)),
                            };
                            if !b {
                                pc = t as usize;
                            }
                        }
                        Instr::PopJumpIfTrue(t) => {
                            let v = pop!();
                            let b = match v {
                                Value::Bool(b) => b,
                                _ => tri!(self.truthy(&v)),
                            };
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
                            regs.push(it);
                        }
                        Instr::ForIter(t) => match tri!(self.next(regs.last().unwrap())) {
                            Some(v) => regs.push(v),
                            None => {
                                regs.pop();
                                pc = t as usize;
                            }
                        },
                        Instr::ForIterStore { local, target } => {
                            match tri!(self.next(regs.last().unwrap())) {
                                Some(v) => {
                                    std::mem::replace(&mut regs[lb + local as usize], v).discard()
                                }
                                None => {
                                    regs.pop();
                                    pc = target as usize;
                                }
                            }
                        }
                        Instr::BuildTuple(n) => {
                            let at = regs.len() - n as usize;
                            let items = regs.split_off(at);
                            regs.push(Value::tuple(items));
                        }
                        Instr::BuildList(n) => {
                            let at = regs.len() - n as usize;
                            let items = regs.split_off(at);
                            regs.push(Value::list(items));
                        }
                        Instr::BuildSet(n) => {
                            let at = regs.len() - n as usize;
                            let items = regs.split_off(at);
                            let s =
                                tri!(super::methods::set::build_set_display(self, items, false));
                            regs.push(s);
                        }
                        Instr::BuildConstSet(n) => {
                            let at = regs.len() - n as usize;
                            let items = regs.split_off(at);
                            let s = tri!(super::methods::set::build_set_display(self, items, true));
                            regs.push(s);
                        }
                        Instr::BuildMap(n) => {
                            let at = regs.len() - 2 * n as usize;
                            let items = regs.split_off(at);
                            let d = Rc::new(RefCell::new(DictData::new()));
                            let mut it = items.into_iter();
                            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                                tri!(self.dict_set(&d, k, v));
                            }
                            regs.push(Value::Dict(d));
                        }
                        Instr::BuildString(n) => {
                            let at = regs.len() - n as usize;
                            let mut s = String::new();
                            for v in regs.drain(at..) {
                                if let Value::Str(p) = v {
                                    s.push_str(p.as_str());
                                }
                            }
                            regs.push(Value::str(s));
                        }
                        Instr::BuildSlice(n) => {
                            let step = if n == 3 { pop!() } else { Value::None };
                            let stop = pop!();
                            let start = pop!();
                            regs.push(Value::Slice(Rc::new(super::object::SliceObj {
                                start,
                                stop,
                                step,
                            })));
                        }
                        Instr::ListAppend(n) => {
                            let v = pop!();
                            if let Value::List(l) = &regs[regs.len() - n as usize] {
                                l.borrow_mut().push(v);
                            }
                        }
                        Instr::SetAdd(n) => {
                            let v = pop!();
                            let s = regs[regs.len() - n as usize].clone();
                            tri!(self.set_add(&s, v));
                        }
                        Instr::MapAdd(n) => {
                            let v = pop!();
                            let k = pop!();
                            if let Value::Dict(d) = &regs[regs.len() - n as usize] {
                                let d = d.clone();
                                tri!(self.dict_set(&d, k, v));
                            }
                        }
                        Instr::ListExtend(n) => {
                            let v = pop!();
                            let items = tri!(self.collect(&v));
                            if let Value::List(l) = &regs[regs.len() - n as usize] {
                                l.borrow_mut().extend(items);
                            }
                        }
                        Instr::SetUpdate(n) => {
                            let v = pop!();
                            let s = regs[regs.len() - n as usize].clone();
                            tri!(super::methods::set::set_update(self, &s, &v));
                        }
                        Instr::DictUpdate(n) | Instr::DictMerge(n) => {
                            let v = pop!();
                            let target = regs[regs.len() - n as usize].clone();
                            let merge = matches!(*instr, Instr::DictMerge(_));
                            tri!(self.dict_update_from(&target, &v, merge));
                        }
                        Instr::ListToTuple => {
                            let v = pop!();
                            if let Value::List(l) = v {
                                let items = std::mem::take(&mut *l.borrow_mut());
                                regs.push(Value::tuple(items));
                            }
                        }
                        Instr::FormatValue { conv, spec } => {
                            let spec = if spec { Some(pop!()) } else { None };
                            let v = pop!();
                            let s = tri!(self.format_value(&v, conv, spec.as_ref()));
                            regs.push(s);
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
                            if let Some(callee) = self.inline_callee(&regs[base..]) {
                                // a plain Python function: run it in this loop, its locals starting
                                // at its arguments (the callable stays below them until it returns)
                                let start = if let Value::Null = regs[base + 1] {
                                    base + 2
                                } else {
                                    base + 1
                                };
                                f.set_ip(ip + 1);
                                enter_inlined!(callee, start, base, None);
                                continue;
                            }
                            if let Some((obj, init)) = tri!(self.inline_init(&regs[base..])) {
                                // a plain class: its `__init__` runs in this loop, the new instance
                                // as `self` in the call's null slot
                                f.set_ip(ip + 1);
                                regs[base + 1] = obj.clone();
                                enter_inlined!(init, base + 1, base, Some(obj));
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
                            regs.push(r);
                            tri!(self.check_breaker());
                        }
                        Instr::CallKw { argc, kwnames } => {
                            self.before_call(code, ip);
                            let argc = argc as usize;
                            let base = regs.len() - argc - 2;
                            let names = match &code.consts[kwnames as usize] {
                                Value::Tuple(t) => t.clone(),
                                _ => unreachable!(),
                            };
                            let npos = argc - names.len();
                            let kwargs: Vec<(Rc<super::value::PyStr>, Value)> = names
                                .iter()
                                .zip(&regs[base + 2 + npos..])
                                .map(|(n, v)| match n {
                                    Value::Str(s) => (s.clone(), v.clone()),
                                    _ => unreachable!(),
                                })
                                .collect();
                            let start = if let Value::Null = regs[base + 1] {
                                base + 2
                            } else {
                                base + 1
                            };
                            let r = self.call(&regs[base], &regs[start..base + 2 + npos], &kwargs);
                            regs.truncate(base);
                            let r = tri!(r);
                            regs.push(r);
                            tri!(self.check_breaker());
                        }
                        Instr::CallEx { kwargs } => {
                            self.before_call(code, ip);
                            let kw = if kwargs { Some(pop!()) } else { None };
                            let args = pop!();
                            let self_ = pop!();
                            let func = pop!();
                            let mut pos: Vec<Value> = vec![];
                            if !matches!(self_, Value::Null) {
                                pos.push(self_);
                            }
                            if let Value::Tuple(t) = &args {
                                pos.extend(t.iter().cloned());
                            }
                            let mut kwv = vec![];
                            if let Some(Value::Dict(d)) = &kw {
                                for (k, v) in d.borrow().iter() {
                                    match k {
                                        Value::Str(s) => kwv.push((s.clone(), v.clone())),
                                        _ => {}
                                    }
                                }
                            }
                            let r = tri!(self.call(&func, &pos, &kwv));
                            regs.push(r);
                            tri!(self.check_breaker());
                        }
                        Instr::MakeFunction { code: ci, flags } => {
                            let closure = if flags & make_flags::CLOSURE != 0 {
                                Some(pop!())
                            } else {
                                None
                            };
                            let annotations = if flags & make_flags::ANNOTATIONS != 0 {
                                Some(pop!())
                            } else {
                                None
                            };
                            let kwdefaults = if flags & make_flags::KWDEFAULTS != 0 {
                                Some(pop!())
                            } else {
                                None
                            };
                            let defaults = if flags & make_flags::DEFAULTS != 0 {
                                Some(pop!())
                            } else {
                                None
                            };
                            let child = code.children[ci as usize].clone();
                            let func = self.make_function(
                                child,
                                &f.globals,
                                defaults,
                                kwdefaults,
                                annotations,
                                closure,
                            );
                            regs.push(func);
                        }
                        Instr::LoadBuildClass => {
                            let v = tri!(self.load_global(
                                &f.globals,
                                &super::value::PyStr::new("__build_class__")
                            ));
                            regs.push(v);
                        }
                        Instr::ReturnValue => {
                            let v = pop!();
                            if inlined.is_empty() {
                                f.set_ip(pc);
                                leave!();
                                return Ok(FrameExit::Return(v));
                            }
                            let r = match pop_inlined!() {
                                None => v,
                                Some(_) if !v.is_none() => break 'run self.init_returned(&v),
                                Some(instance) => instance,
                            };
                            regs.push(r);
                            tri!(self.check_breaker());
                        }
                        Instr::YieldValue => {
                            let v = pop!();
                            debug_assert!(
                                inlined.is_empty(),
                                "only a generator yields, and none is inlined"
                            );
                            f.set_ip(pc);
                            leave!();
                            return Ok(FrameExit::Yield(v));
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
                            regs.push(it);
                        }
                        Instr::GetAwaitable(w) => {
                            let v = pop!();
                            let it = tri!(self.get_awaitable(v, w));
                            regs.push(it);
                        }
                        Instr::GetAiter => {
                            let v = pop!();
                            let it = tri!(self.get_aiter(&v));
                            regs.push(it);
                        }
                        Instr::GetAnext => {
                            let aiter = top!().clone();
                            let aw = tri!(self.get_anext(&aiter));
                            regs.push(aw);
                        }
                        Instr::EndAsyncFor => {
                            let exc = pop!();
                            let stop = self.t().exc.stop_async_iteration.clone();
                            if self.type_of(&exc).is_subclass(&stop) {
                                regs.pop();
                            } else {
                                break 'run PyErr { exc };
                            }
                        }
                        Instr::AsyncGenWrap => {
                            let v = pop!();
                            regs.push(Value::native(super::asyncgen::Wrapped(v)));
                        }
                        Instr::YieldFrom => {
                            let sent = pop!();
                            let sub = top!().clone();
                            match tri!(self.delegate(&sub, sent)) {
                                Some(y) => {
                                    f.set_ip(ip); // resume here with the next sent value
                                    leave!();
                                    return Ok(FrameExit::Yield(y));
                                }
                                None => {
                                    // exhausted: the return value replaces the subiterator
                                    let rv = std::mem::replace(&mut self.last_return, Value::None);
                                    regs.pop();
                                    regs.push(rv);
                                }
                            }
                        }
                        Instr::Raise(n) => {
                            break 'run match n {
                                0 => match self.handled.last() {
                                    Some(e) => PyErr { exc: e.clone() },
                                    None => self.runtime_error("No active exception to reraise"),
                                },
                                1 => {
                                    let v = pop!();
                                    tri!(self.make_exception(v))
                                }
                                _ => {
                                    let cause = pop!();
                                    let v = pop!();
                                    let e = tri!(self.make_exception(v));
                                    let cause = match cause {
                                        Value::None => Value::None,
                                        c => tri!(self.make_exception(c)).exc,
                                    };
                                    {
                                        let mut d = e.data();
                                        d.cause = cause;
                                        d.suppress_context = true;
                                    }
                                    e
                                }
                            };
                        }
                        Instr::Reraise => {
                            let v = pop!();
                            break 'run PyErr { exc: v };
                        }
                        Instr::PushExcInfo => {
                            let exc = pop!();
                            let prev = self.handled.last().cloned().unwrap_or(Value::None);
                            self.handled.push(exc.clone());
                            regs.push(prev);
                            regs.push(exc);
                        }
                        Instr::PopExcept => {
                            regs.pop();
                            self.handled.pop();
                        }
                        Instr::CheckExcMatch => {
                            let cls = pop!();
                            let exc = top!().clone();
                            let m = tri!(self.exception_matches(&exc, &cls));
                            regs.push(Value::Bool(m));
                        }
                        Instr::CheckEgMatch => {
                            let ty = pop!();
                            let rest = pop!();
                            let (rest, m) = tri!(super::excgroup::check_eg_match(self, rest, &ty));
                            if !m.is_none() {
                                if let Some(h) = self.handled.last_mut() {
                                    *h = m.clone();
                                }
                            }
                            regs.push(rest);
                            regs.push(m);
                        }
                        Instr::PrepReraiseStar => {
                            let list = pop!();
                            let orig = pop!();
                            let r = tri!(super::excgroup::prep_reraise_star(self, &orig, &list));
                            regs.push(r);
                        }
                        Instr::BeforeWith => {
                            let mgr = pop!();
                            let exit = tri!(self.lookup_special(&mgr, "__exit__"));
                            let enter = tri!(self.lookup_special(&mgr, "__enter__"));
                            regs.push(exit);
                            let r = tri!(self.call(&enter, &[], &[]));
                            regs.push(r);
                        }
                        Instr::BeforeAsyncWith => {
                            let mgr = pop!();
                            let enter = tri!(self.lookup_special_opt(&mgr, "__aenter__"));
                            let exit = tri!(self.lookup_special_opt(&mgr, "__aexit__"));
                            let (Some(enter), Some(exit)) = (enter, exit) else {
                                break 'run self.type_error(format!(
                                "'{}' object does not support the asynchronous context manager protocol",
                                self.type_of(&mgr).name().as_str()
                            ));
                            };
                            regs.push(exit);
                            let r = tri!(self.call(&enter, &[], &[]));
                            regs.push(r);
                        }
                        Instr::AsyncWithExceptStart => {
                            // stack: aexit, prev, exc
                            let len = regs.len();
                            let exc = regs[len - 1].clone();
                            let exit = regs[len - 3].clone();
                            let ty = Value::Class(self.type_of(&exc));
                            let r = tri!(self.call(&exit, &[ty, exc, Value::None], &[]));
                            regs.push(r);
                        }
                        Instr::WithExceptStart => {
                            // stack: exit, prev, exc
                            let len = regs.len();
                            let exc = regs[len - 1].clone();
                            let exit = regs[len - 3].clone();
                            let ty = Value::Class(self.type_of(&exc));
                            let r = tri!(self.call(&exit, &[ty, exc, Value::None], &[]));
                            let b = tri!(self.truthy(&r));
                            regs.push(Value::Bool(b));
                        }
                        Instr::LoadAssertionError => {
                            regs.push(Value::Class(self.t().exc.assertion_error.clone()));
                        }
                        Instr::ImportName {
                            name,
                            fromlist,
                            level: _,
                        } => {
                            let m = tri!(self.import_module(
                                code.names[name as usize].as_str(),
                                &code.consts[fromlist as usize]
                            ));
                            regs.push(m);
                        }
                        Instr::ImportFrom(i) => {
                            let m = top!().clone();
                            let v = tri!(self.import_from(&m, &code.names[i as usize]));
                            regs.push(v);
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
                self.finalize_dropped_at(code, code.line_at(ip));
            }
            match code.handler_for(ip as u32) {
                Some(h) => {
                    regs.truncate(lb + nlocals + h.depth as usize);
                    regs.push(err.exc);
                    pc = h.target as usize;
                }
                None if inlined.is_empty() => {
                    f.set_ip(pc);
                    leave!();
                    return Err(err);
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
            self.finalize_dropped_at(code, code.line_at(ip));
        }
        if let Some(r) = self.frames.last_mut() {
            r.ip = ip;
        }
    }

    /// `del name` (`code.names[i]`, at instruction `ip`) from the namespace `ns`.
    fn delete_name(
        &mut self,
        ns: &Rc<RefCell<DictData>>,
        code: &Code,
        i: u32,
        ip: usize,
    ) -> PyResult<()> {
        let name = &code.names[i as usize];
        if !ns.borrow_mut().del_str(name.as_str()) {
            return Err(self.name_error(format!("name '{}' is not defined", name.as_str())));
        }
        if super::finalize::pending() {
            self.finalize_dropped_at(code, code.line_at(ip));
        }
        Ok(())
    }

    /// Add this frame to the exception's traceback, and chain the exception being handled.
    fn note_raise(&mut self, err: &PyErr, code: &Rc<crate::lang::bytecode::Code>, ip: usize) {
        if super::coro::hidden_frame(code) {
            return;
        }
        let mut d = err.data();
        if d.traceback.is_empty() {
            if let Some(h) = self.handled.last() {
                if d.context.is_none() && !h.is(&err.exc) {
                    d.context = h.clone();
                }
            }
        }
        let line = code.line_at(ip);
        d.traceback.insert(
            0,
            TbEntry {
                code: code.clone(),
                line,
            },
        );
    }

    #[cold]
    fn unbound_deref(&self, code: &crate::lang::bytecode::Code, i: usize) -> PyErr {
        let name = if i < code.cellvars.len() {
            code.cellvars[i].clone()
        } else {
            code.freevars[i - code.cellvars.len()].clone()
        };
        self.name_error(format!(
            "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
            name.as_str()
        ))
    }

    /// Look a name up in globals, then builtins.
    pub fn load_global(
        &mut self,
        globals: &Rc<RefCell<DictData>>,
        name: &super::value::PyStr,
    ) -> PyResult {
        if let Some(v) = globals.borrow().get_pystr(name) {
            return Ok(v);
        }
        if let Some(v) = self.interp.builtins.borrow().get_pystr(name) {
            return Ok(v);
        }
        Err(self.name_error(format!("name '{}' is not defined", name.as_str())))
    }

    /// Does `exc` match the class (or tuple of classes) `cls` of an `except` clause?
    pub fn exception_matches(&mut self, exc: &Value, cls: &Value) -> PyResult<bool> {
        let ecls = self.type_of(exc);
        match cls {
            Value::Class(c) => {
                if !c.is_subclass(&self.t().exc.base_exception) {
                    return Err(self.type_error(
                        "catching classes that do not inherit from BaseException is not allowed",
                    ));
                }
                Ok(ecls.is_subclass(c))
            }
            Value::Tuple(t) => {
                for c in t.iter() {
                    if self.exception_matches(exc, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// Build a function object.
    pub fn make_function(
        &mut self,
        code: Rc<crate::lang::bytecode::Code>,
        globals: &Rc<RefCell<DictData>>,
        defaults: Option<Value>,
        kwdefaults: Option<Value>,
        annotations: Option<Value>,
        closure: Option<Value>,
    ) -> Value {
        let defaults = match defaults {
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => vec![],
        };
        let kwdefaults = match kwdefaults {
            Some(Value::Dict(d)) => d
                .borrow()
                .iter()
                .filter_map(|(k, v)| match k {
                    Value::Str(s) => Some((s.clone(), v.clone())),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        let closure = match closure {
            Some(Value::Tuple(t)) => t
                .iter()
                .filter_map(|c| match c {
                    Value::Cell(c) => Some(c.clone()),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        let mut dict = DictData::new();
        if let Some(a) = annotations {
            dict.set_str("__annotations__", a);
        }
        let module = globals.borrow().get_str("__name__").unwrap_or(Value::None);
        let doc = code
            .docstring
            .clone()
            .map(Value::Str)
            .unwrap_or(Value::None);
        Value::Func(Rc::new(super::object::Function {
            name: RefCell::new(code.name.clone()),
            qualname: RefCell::new(code.qualname.clone()),
            code,
            globals: globals.clone(),
            defaults,
            kwdefaults,
            closure,
            dict: RefCell::new(dict),
            doc: RefCell::new(doc),
            module,
        }))
    }

    /// An instance of a user class with a fresh attribute dict.
    pub fn new_instance(&self, cls: &Rc<super::object::Class>) -> Value {
        let exc = if cls.kind == super::object::Kind::Exception {
            Some(RefCell::new(super::exc::ExcData::default()))
        } else {
            None
        };
        Value::Inst(Rc::new(Instance::new(cls, exc)))
    }
}

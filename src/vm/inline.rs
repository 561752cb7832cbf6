//! Calls run inline: a call of a plain Python function (or a plain class's `__init__`) runs
//! in the caller's interpreter loop, as CPython 3.11 inlines them, its frame a window on the
//! caller's registers (`eval::run_loop` does the switching). This module decides which calls
//! qualify and holds what the loop keeps of such a frame. A generator resumed by a `for` of
//! the loop runs in it too (as CPython 3.12's `FOR_ITER_GEN` does), with its own registers.

use std::cell::RefCell;
use std::rc::Rc;

use super::dict::DictData;
use super::frame::Frame;
use super::frame::FrameRec;
use super::object::{Function, Generator, Kind};
use super::value::Value;
use super::{PyResult, Vm};
use crate::lang::bytecode::{Code, CodeKind};

/// A frame run inline by `run_loop`, its locals at `regs[lb..]`, called from the `Call` whose
/// callable sits at `regs[call_base]`.
pub(super) struct Inlined {
    /// Kept here for the frame's life: its code, globals, closure and cost tables.
    pub func: Rc<Function>,
    /// The cost table chosen at the call (one of `func.code`'s).
    pub costs: *const [u32],
    /// Where the frame resumes when its own call returns.
    pub ip: usize,
    pub lb: usize,
    pub call_base: usize,
    /// A class call running `__init__` inline: the new instance, the call's result, waits in
    /// the callable slot `regs[call_base]`.
    pub init: bool,
}

impl Inlined {
    /// Push a new inlined frame, starting at its first instruction. The fields are written in
    /// place: building the record in a temporary and moving it copies just-written words in
    /// 16-byte loads, which stall store forwarding (a tenth of the time of a call).
    #[inline(always)]
    pub fn push(
        frames: &mut Vec<Inlined>,
        func: Rc<Function>,
        costs: *const [u32],
        lb: usize,
        call_base: usize,
        init: bool,
    ) {
        frames.reserve(1);
        // SAFETY: capacity is reserved; every field of the slot is written before the length
        // grows to include it.
        unsafe {
            let p = frames.as_mut_ptr().add(frames.len());
            std::ptr::addr_of_mut!((*p).func).write(func);
            std::ptr::addr_of_mut!((*p).costs).write(costs);
            std::ptr::addr_of_mut!((*p).ip).write(0);
            std::ptr::addr_of_mut!((*p).lb).write(lb);
            std::ptr::addr_of_mut!((*p).call_base).write(call_base);
            std::ptr::addr_of_mut!((*p).init).write(init);
            frames.set_len(frames.len() + 1);
        }
    }
}

/// A generator frame resumed in the loop by its consumer's `ForIter` / `ForIterStore`: the
/// frame becomes the loop's base while it runs, and its yield, return or raise switches back.
pub(super) struct GenRun {
    pub gen: Rc<Generator>,
    /// The generator's frame, taken out of `gen` while it runs (as `send_generator` does), its
    /// `regs` holding the consumer's registers meanwhile. Owned here (from `Box::into_raw`):
    /// the loop runs it through a raw pointer, so it is not held as a `Box` that moves.
    pub frame: *mut Frame,
    /// The consumer's base frame and inlined-stack floor, restored when the generator stops.
    pub base: *mut Frame,
    pub floor: usize,
}

/// What the loop reads of the frame running now (`base` or an inlined one).
#[derive(Clone, Copy)]
pub(super) struct Cur {
    pub code: &'static Rc<Code>,
    pub globals: &'static Rc<RefCell<DictData>>,
    pub cells: &'static Vec<Rc<RefCell<Value>>>,
    pub ns: Option<&'static Rc<RefCell<DictData>>>,
    pub ip: *mut usize,
}

impl Cur {
    /// SAFETY: `base` must outlive every use of the result.
    pub unsafe fn of_base(base: *mut Frame) -> Cur {
        let b = &mut *base;
        Cur {
            code: &*(&b.code as *const Rc<Code>),
            globals: &*(&b.globals as *const _),
            cells: &*(&b.cells as *const _),
            ns: (*(&b.ns as *const Option<Rc<RefCell<DictData>>>)).as_ref(),
            ip: &mut b.ip,
        }
    }
    /// SAFETY: `top` must stay in place (not moved or dropped) while the result is used.
    pub unsafe fn of_inlined(top: &mut Inlined) -> Cur {
        let func: &Function = &*Rc::as_ptr(&top.func);
        Cur {
            code: &*(&func.code as *const Rc<Code>),
            globals: &*(&func.globals as *const _),
            cells: &*(&func.closure as *const _),
            ns: None,
            ip: &mut top.ip,
        }
    }
    pub fn set_ip(&self, ip: usize) {
        // SAFETY: see `of_base` and `of_inlined`.
        unsafe { *self.ip = ip }
    }
}

impl Vm {
    /// The function to run inline for the `Call` of `argc` arguments whose callable sits at
    /// `regs[base]` (then self or null, then the arguments), and where its locals start: a
    /// plain Python function (no `*args`, `**kwargs`, keyword-only parameters or cells; not a
    /// generator or coroutine) given exactly its positional arguments, below the recursion
    /// limit. Anything else takes the general path. The function is taken out of its slot
    /// (left null): the inlined frame holds it until it returns, which saves a reference count
    /// raised and dropped per call.
    #[inline(always)]
    pub(super) fn inline_callee(
        &self,
        regs: &mut [Value],
        base: usize,
        argc: usize,
    ) -> Option<(Rc<Function>, usize)> {
        debug_assert!(base + 2 + argc == regs.len());
        // SAFETY: a `Call` of `argc` arguments finds `argc + 2` values on the stack (callable,
        // self or null, the arguments), by the compiler's stack discipline, so `base` and
        // `base + 1` are two distinct slots of `regs`
        let (callable, self_slot) = unsafe {
            let p = regs.as_mut_ptr().add(base);
            (&mut *p, &*p.add(1))
        };
        let Value::Func(func) = &*callable else {
            return None;
        };
        let has_self = !matches!(self_slot, Value::Null) as usize;
        if !self.inlinable(func, argc + has_self) {
            return None;
        }
        // SAFETY: the slot holds a `Func`; its `Rc` moves out and the slot is overwritten with
        // `Null` without a drop (taking it with `mem::replace` goes through a 16-byte temporary)
        let func = unsafe { std::ptr::read(func) };
        unsafe { std::ptr::write(callable, Value::Null) };
        Some((func, base + 2 - has_self))
    }

    /// Can a call of `func` with `nargs` positional arguments run inline?
    #[inline(always)]
    fn inlinable(&self, func: &Function, nargs: usize) -> bool {
        let k = func.code.runtime.inline_argc.get();
        if k as usize == nargs + 2 {
            return self.frames.len() < super::RECURSION_LIMIT;
        }
        k == 0 && self.inlinable_first(func, nargs)
    }

    /// `inlinable` the first time `func`'s code is called: works out and keeps
    /// `CodeRuntime::inline_argc` (0 not yet known, 1 never inline, else 2 + the number of
    /// positional arguments).
    #[cold]
    #[inline(never)]
    fn inlinable_first(&self, func: &Function, nargs: usize) -> bool {
        let code = &func.code;
        let plain = !code.varargs
            && !code.varkeywords
            && code.kwonlyargcount == 0
            && !code.is_generator
            && code.cellvars.is_empty();
        let k = if plain { 2 + code.argcount as u32 } else { 1 };
        code.runtime.inline_argc.set(k);
        k as usize == nargs + 2 && self.frames.len() < super::RECURSION_LIMIT
    }

    /// For a `for` over generator `g`: its frame, to run in the loop, when `g` is a plain
    /// generator that is suspended, not running, and below the recursion limit; the state is
    /// changed as [`Vm::send_generator`] and `run_frame` change it when sending `None` (the
    /// frame taken out, `None` pushed as the value of a `yield`, `running` set, the frame
    /// recorded). Anything else takes `next` (which raises what needs raising).
    #[inline(always)]
    pub(super) fn gen_to_resume(&mut self, g: &Rc<Generator>) -> Option<Box<Frame>> {
        if g.code.kind != CodeKind::Generator
            || g.running.get()
            || self.frames.len() >= super::RECURSION_LIMIT
        {
            return None;
        }
        let mut frame = g.frame.borrow_mut().take()?;
        if frame.ip > 0 {
            frame.regs.push(Value::None);
        }
        g.running.set(true);
        self.frames.push(FrameRec::new(&frame.code, frame.ip));
        Some(frame)
    }

    /// For a `Call` whose slots are (class, null, arguments): when the class is a plain user
    /// class (no `__new__` of its own, no builtin base) whose `__init__` can run inline, the
    /// new instance and that `__init__` (what `instantiate` would call).
    pub(super) fn inline_init(
        &mut self,
        slots: &[Value],
    ) -> PyResult<Option<(Value, Rc<Function>)>> {
        let Value::Class(cls) = &slots[0] else {
            return Ok(None);
        };
        if !cls.is_user || cls.kind != Kind::Object || !matches!(slots[1], Value::Null) {
            return Ok(None);
        }
        let Some(init) = cls.plain_init(&self.interp.names) else {
            return Ok(None);
        };
        if !self.inlinable(&init, slots.len() - 1) {
            return Ok(None);
        }
        let obj = self.default_new(cls, &slots[2..])?;
        Ok(Some((obj, init)))
    }

    /// The error of an `__init__` that returned something other than None.
    pub(super) fn init_returned(&self, r: &Value) -> super::PyErr {
        self.type_error(format!(
            "__init__() should return None, not '{}'",
            self.type_of(r).name().as_str()
        ))
    }
}

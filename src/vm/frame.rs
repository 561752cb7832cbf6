//! A frame: one activation of a code object (its locals, value stack and position).

use std::cell::RefCell;
use std::rc::Rc;

use super::dict::DictData;
use super::value::Value;
use crate::lang::bytecode::Code;

/// One activation. Fast locals occupy `regs[..nlocals]`; the value stack grows above them.
pub struct Frame {
    pub code: Rc<Code>,
    pub regs: Vec<Value>,
    pub cells: Vec<Rc<RefCell<Value>>>,
    pub globals: Rc<RefCell<DictData>>,
    /// The namespace of a class body or module (`LoadName`/`StoreName`).
    pub ns: Option<Rc<RefCell<DictData>>>,
    /// The next instruction to run.
    pub ip: usize,
    /// Per-instruction cost in picoseconds... of the cost model, chosen when the frame starts.
    pub costs: Rc<[u32]>,
}

impl Frame {
    /// Number of fast locals (the base of the value stack).
    pub fn nlocals(&self) -> usize {
        self.code.varnames.len()
    }
}

/// What a frame's run ended with.
pub enum FrameExit {
    Return(Value),
    Yield(Value),
}

/// A record of an active frame for the recursion limit and "where is this thread".
pub struct FrameRec {
    /// The frame's code; the frame (which owns an `Rc` to it) outlives this record.
    code: *const Code,
    pub ip: usize,
}

impl FrameRec {
    pub fn new(code: &Rc<Code>, ip: usize) -> FrameRec {
        FrameRec {
            code: Rc::as_ptr(code),
            ip,
        }
    }
    /// The code of the frame.
    pub fn code(&self) -> &Code {
        // SAFETY: records are pushed and popped around the frame's run, which holds the code.
        unsafe { &*self.code }
    }
}

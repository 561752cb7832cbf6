//! Code objects: what a call needs to bind its arguments and make a frame (the header), what
//! they run (the body: instructions, constants, names, spans, nested code), and what the VM
//! caches on them. A frozen library function's body is decoded when first asked for
//! (`frozen::LazyBody`).

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::bytecode::Instr;
use crate::vm::value::{PyStr, Value};

/// What kind of code block a code object is.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum CodeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
    Generator,
    /// `async def` without `yield`, or an async list/set/dict comprehension.
    Coroutine,
    /// `async def` with `yield`, or an async generator expression.
    AsyncGenerator,
}

/// An exception-table entry: an exception raised at an instruction in `start..end` goes to
/// `target` with the stack cut to `depth`. Entries are ordered innermost first.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
}

/// Where an instruction's expression is in the source, as CPython 3.11's `co_positions()`
/// gives it: lines from 1, columns from 0 counted in characters (CPython counts UTF-8 bytes and
/// converts them to characters when it prints).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    pub line: u32,
    pub end_line: u32,
    pub col: u32,
    pub end_col: u32,
}

/// The spans of a code object's instructions: a table, or, for code from the frozen library
/// image, the image's packed bytes, read only when a traceback asks (decoding every span of
/// an `import asyncio` would cost a quarter of the import).
#[derive(Clone)]
pub enum Locs {
    Table(Vec<Loc>),
    Packed(&'static [u8]),
}

/// Shown the same in either form (`Code::loc_at` reads them).
impl std::fmt::Debug for Locs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Locs")
    }
}

/// A compiled code object: what a call needs to bind its arguments and make its frame, and
/// (`body`) what it runs.
pub struct Code {
    pub name: Rc<PyStr>,
    pub qualname: Rc<PyStr>,
    pub filename: Rc<str>,
    pub kind: CodeKind,
    pub first_line: u32,
    /// Fast locals: parameters first.
    pub varnames: Vec<Rc<PyStr>>,
    pub cellvars: Vec<Rc<PyStr>>,
    pub freevars: Vec<Rc<PyStr>>,
    /// Parameters that are also cell variables: (cell index, parameter index).
    pub cell_args: Vec<(u16, u16)>,
    pub argcount: u16,
    pub posonlyargcount: u16,
    pub kwonlyargcount: u16,
    pub varargs: bool,
    pub varkeywords: bool,
    /// Calling the code makes a generator object: a generator, coroutine or async generator
    /// (`kind` says which).
    pub is_generator: bool,
    pub docstring: Option<Rc<PyStr>>,
    /// Set for compiled code; for code from the frozen library image, decoded from `lazy`
    /// on first use (`body()`).
    body: std::cell::OnceCell<Body>,
    lazy: Option<super::frozen::LazyBody>,
    /// Run-time state the VM keeps per code object (call count, cost tables).
    pub runtime: CodeRuntime,
}

/// Every field, the body as decoded (so frozen and compiled code read the same).
impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // every field named, so that a new one cannot be forgotten here
        let Code {
            name,
            qualname,
            filename,
            kind,
            first_line,
            varnames,
            cellvars,
            freevars,
            cell_args,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            varargs,
            varkeywords,
            is_generator,
            docstring,
            body: _,
            lazy: _,
            runtime,
        } = self;
        f.debug_struct("Code")
            .field("name", name)
            .field("qualname", qualname)
            .field("filename", filename)
            .field("kind", kind)
            .field("first_line", first_line)
            .field("varnames", varnames)
            .field("cellvars", cellvars)
            .field("freevars", freevars)
            .field("cell_args", cell_args)
            .field("argcount", argcount)
            .field("posonlyargcount", posonlyargcount)
            .field("kwonlyargcount", kwonlyargcount)
            .field("varargs", varargs)
            .field("varkeywords", varkeywords)
            .field("is_generator", is_generator)
            .field("docstring", docstring)
            .field("body", self.body())
            .field("runtime", runtime)
            .finish()
    }
}

/// What a code object runs: its instructions and what they refer to. A function of the
/// frozen library is decoded only when something first asks for its body (it runs, is
/// disassembled, or a traceback shows it): most of asyncio's functions never run in a given
/// program, and decoding them all was half of the instructions of `import asyncio`.
#[derive(Debug)]
pub struct Body {
    pub instrs: Vec<Instr>,
    /// Source line of each instruction.
    pub lines: Vec<u32>,
    /// Source span of each instruction's expression (what CPython 3.11's tracebacks underline).
    pub locs: Locs,
    pub consts: Vec<Value>,
    pub names: Vec<Rc<PyStr>>,
    pub handlers: Vec<Handler>,
    /// Nested code objects, referenced by `MakeFunction`.
    pub children: Vec<Rc<Code>>,
}

/// A code object's fields apart from its body (for `Code::new` and `Code::lazy`).
pub struct Header {
    pub name: Rc<PyStr>,
    pub qualname: Rc<PyStr>,
    pub filename: Rc<str>,
    pub kind: CodeKind,
    pub first_line: u32,
    pub varnames: Vec<Rc<PyStr>>,
    pub cellvars: Vec<Rc<PyStr>>,
    pub freevars: Vec<Rc<PyStr>>,
    pub cell_args: Vec<(u16, u16)>,
    pub argcount: u16,
    pub posonlyargcount: u16,
    pub kwonlyargcount: u16,
    pub varargs: bool,
    pub varkeywords: bool,
    pub is_generator: bool,
    pub docstring: Option<Rc<PyStr>>,
}

impl Code {
    /// A code object with its body.
    pub fn new(h: Header, body: Body) -> Code {
        Code::make(h, std::cell::OnceCell::from(body), None)
    }

    /// A code object whose body `lazy` decodes when first asked for.
    pub fn lazy(h: Header, lazy: super::frozen::LazyBody) -> Code {
        Code::make(h, std::cell::OnceCell::new(), Some(lazy))
    }

    fn make(
        h: Header,
        body: std::cell::OnceCell<Body>,
        lazy: Option<super::frozen::LazyBody>,
    ) -> Code {
        let Header {
            name,
            qualname,
            filename,
            kind,
            first_line,
            varnames,
            cellvars,
            freevars,
            cell_args,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            varargs,
            varkeywords,
            is_generator,
            docstring,
        } = h;
        Code {
            name,
            qualname,
            filename,
            kind,
            first_line,
            varnames,
            cellvars,
            freevars,
            cell_args,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            varargs,
            varkeywords,
            is_generator,
            docstring,
            body,
            lazy,
            runtime: Default::default(),
        }
    }

    /// What the code runs, decoded now if it is frozen code not yet decoded.
    #[inline]
    pub fn body(&self) -> &Body {
        self.body.get_or_init(|| match &self.lazy {
            Some(lazy) => lazy.decode(),
            None => unreachable!("a code object is made with its body or a lazy one"),
        })
    }

    /// What the code runs, known to be decoded already.
    ///
    /// # Safety
    /// `body()` must have been called on this code object before.
    #[inline(always)]
    pub unsafe fn body_unchecked(&self) -> &Body {
        debug_assert!(self.body_decoded());
        // SAFETY: the caller's promise
        unsafe { self.body.get().unwrap_unchecked() }
    }

    /// What the code runs, to change (a forked process's copy).
    pub fn body_mut(&mut self) -> &mut Body {
        self.body();
        self.body.get_mut().expect("decoded just above")
    }

    /// Whether the body has been decoded (always, for compiled code).
    pub fn body_decoded(&self) -> bool {
        self.body.get().is_some()
    }

    /// The body still to decode, if frozen and not decoded yet.
    pub(crate) fn lazy_body(&self) -> Option<&super::frozen::LazyBody> {
        self.lazy.as_ref().filter(|_| !self.body_decoded())
    }

    /// Give a frozen code object the body decoded from its `lazy_body()`.
    pub(crate) fn set_body(&self, body: Body) {
        let _ = self.body.set(body);
    }

    /// The fields apart from the body, copied.
    pub fn header(&self) -> Header {
        Header {
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            filename: self.filename.clone(),
            kind: self.kind,
            first_line: self.first_line,
            varnames: self.varnames.clone(),
            cellvars: self.cellvars.clone(),
            freevars: self.freevars.clone(),
            cell_args: self.cell_args.clone(),
            argcount: self.argcount,
            posonlyargcount: self.posonlyargcount,
            kwonlyargcount: self.kwonlyargcount,
            varargs: self.varargs,
            varkeywords: self.varkeywords,
            is_generator: self.is_generator,
            docstring: self.docstring.clone(),
        }
    }

    /// A copy for a forked process: the same bytecode, its own warm-up counter (starting
    /// where the parent's stands, as a fork copies CPython's counters) and empty caches;
    /// nested code objects are made by `child`.
    pub fn forked(&self, mut child: impl FnMut(&Rc<Code>) -> Rc<Code>) -> Code {
        let b = self.body();
        let body = Body {
            instrs: b.instrs.clone(),
            lines: b.lines.clone(),
            locs: b.locs.clone(),
            consts: b.consts.clone(),
            names: b.names.clone(),
            handlers: b.handlers.clone(),
            children: b.children.iter().map(&mut child).collect(),
        };
        let mut code = Code::new(self.header(), body);
        code.runtime = CodeRuntime {
            calls: std::cell::Cell::new(self.runtime.calls.get()),
            warm: std::cell::Cell::new(self.runtime.warm.get()),
            costs: self.runtime.costs.clone(),
            ..Default::default()
        };
        code
    }

    /// The source line of instruction `ip`.
    pub fn line_at(&self, ip: usize) -> u32 {
        self.body()
            .lines
            .get(ip)
            .copied()
            .unwrap_or(self.first_line)
    }
    /// The source span of instruction `ip`, where known.
    pub fn loc_at(&self, ip: usize) -> Option<Loc> {
        let b = self.body();
        match &b.locs {
            Locs::Table(t) => t.get(ip).copied(),
            Locs::Packed(bytes) => super::frozen::packed_loc(bytes, &b.lines, ip),
        }
    }
    /// The innermost exception handler covering instruction `ip`.
    pub fn handler_for(&self, ip: u32) -> Option<&Handler> {
        self.body()
            .handlers
            .iter()
            .find(|h| h.start <= ip && ip < h.end)
    }
    /// Total positional + keyword-only parameters (+1 each for `*args`, `**kwargs`).
    pub fn total_args(&self) -> usize {
        self.argcount as usize
            + self.kwonlyargcount as usize
            + self.varargs as usize
            + self.varkeywords as usize
    }
}

/// What the VM caches on a code object, like CPython's warm-up counter.
#[derive(Default, Debug)]
pub struct CodeRuntime {
    /// Calls so far (CPython 3.11 specialises a code object after 8).
    pub calls: std::cell::Cell<u32>,
    /// Set once `calls` has reached the cost model's warm-up count (the count stops there):
    /// a call then charges the specialised table without counting.
    pub warm: std::cell::Cell<bool>,
    /// A generator function marked by `types.coroutine` (CPython's `CO_ITERABLE_COROUTINE`):
    /// its generators can be awaited and can `yield from` coroutines.
    pub iterable_coroutine: std::cell::Cell<bool>,
    /// Per-instruction costs: [before specialisation, after].
    pub costs: std::cell::OnceCell<[Rc<[u32]>; 2]>,
    /// `LoadGlobal` inline caches by instruction, made on first use.
    pub globals: std::cell::OnceCell<Box<[std::cell::Cell<GlobalHint>]>>,
    /// Attribute inline caches by instruction (`LoadAttr`/`StoreAttr`/`LoadMethod` on
    /// instances), made on first use.
    pub attrs: std::cell::OnceCell<Box<[std::cell::Cell<AttrHint>]>>,
    /// The instructions the VM runs (the compiled ones, some quickened) and its loops over
    /// ints (`vm::quicken`).
    pub quick: std::cell::OnceCell<crate::vm::quicken::Quick>,
    /// Whether a call can run inline in the caller's loop, worked out on the first call (the
    /// VM's `inline` module decides): 0 not yet known, 1 never, else 2 + the number of
    /// positional arguments it takes.
    pub inline_argc: std::cell::Cell<u32>,
}

/// Where a `LoadGlobal` last found its name: at `index` of the globals dict at address
/// `globals` (or, with `in_builtins`, of the builtins dict, the name being absent from the
/// globals), valid while the dicts' keys versions are still `keys` and `builtin_keys`. The value
/// is read afresh from the slot, so rebinding a global does not invalidate it (CPython 3.11's
/// LOAD_GLOBAL_MODULE and LOAD_GLOBAL_BUILTIN). Zero: nothing yet.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct GlobalHint {
    pub globals: usize,
    pub keys: u64,
    pub builtin_keys: u64,
    pub index: u32,
    pub in_builtins: bool,
}

/// Where an attribute of an instance of `class` was last found, valid while the class epoch
/// is `epoch` (no class has changed since, so no descriptor has appeared). Zero: nothing yet.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct AttrHint {
    pub class: usize,
    pub epoch: u64,
    /// `LoadAttr`/`StoreAttr`: the name's index in the class's shared attribute names.
    /// `LoadMethod`: the method's slot in the dict of the class that defines it.
    pub slot: u32,
    /// `LoadMethod`: where the class defining the method is in the lookup order (0: the
    /// class itself, then its mro).
    pub owner: u16,
    /// `LoadMethod`: how many shared attribute names the class had, none of them the name.
    pub keys: u16,
}

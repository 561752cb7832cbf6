//! The compiler: a parsed module to gilsim code objects.
//!
//! One `Unit` per code object being built; statements in `stmt.rs` (assignment in `assign.rs`,
//! `def` and `class` in `defs.rs`), expressions in `expr.rs` (calls in `call.rs`,
//! comprehensions in `comprehension.rs`). Constructs outside the subset are refused with a
//! [`CompileError`] naming them.

mod assign;
mod asyncs;
mod call;
mod comprehension;
mod defs;
mod expr;
mod stmt;
mod trystar;

use std::collections::HashMap;
use std::rc::Rc;

use rustpython_parser::ast::{self, Ranged, Stmt};
use rustpython_parser::text_size::TextSize;

use super::bytecode::{Body, Code, CodeKind, Handler, Header, Instr, Loc, Locs, Opnd};
use super::symtable::{self, NameAccess, ScopeKind, SymbolTable};
use crate::vm::value::{PyStr, Value};

/// Why a module could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    Unsupported,
}

/// A compile error at a byte offset of the source.
#[derive(Debug, Clone)]
pub struct CompileError {
    pub kind: ErrorKind,
    pub message: String,
    pub offset: usize,
}

pub(crate) type CResult<T = ()> = Result<T, CompileError>;

/// Something the compiler must undo when `break`, `continue` or `return` leaves it early.
#[derive(Clone)]
enum FBlock<'a> {
    /// A `while` loop: continue target, and break jumps to patch.
    While { cont: u32, breaks: Vec<usize> },
    /// A `for` loop: its iterator is on the stack.
    For { cont: u32, breaks: Vec<usize> },
    /// `try` body with a `finally`: run it inline on the way out.
    Finally(&'a [Stmt]),
    /// Inside an `except` (or finally-on-exception) handler: the previous exception is on the
    /// stack below any exception-as-name cleanup.
    Handler,
    /// Inside a `with` body: its `__exit__` is on the stack.
    With,
    /// Inside an `async with` body: its `__aexit__` is on the stack (to call and await).
    AsyncWith,
    /// A pushed value to drop (e.g. the exception in a finally handler).
    PopValue,
    /// The body of an `except*` clause, which `break`, `continue` and `return` cannot leave.
    StarHandler,
}

struct Unit<'a> {
    scope: usize,
    kind: CodeKind,
    name: String,
    qualname: String,
    first_line: u32,
    instrs: Vec<Instr>,
    lines: Vec<u32>,
    line: u32,
    locs: Vec<Loc>,
    /// The span of the node being compiled (CPython's `SET_LOC`), given to each instruction.
    loc: Loc,
    consts: Vec<Value>,
    const_keys: HashMap<ConstKey, u32>,
    names: Vec<Rc<PyStr>>,
    name_map: HashMap<String, u32>,
    varnames: Vec<Rc<PyStr>>,
    var_map: HashMap<String, u16>,
    /// Cell variables then free variables.
    derefs: Vec<String>,
    ncells: usize,
    handlers: Vec<Handler>,
    /// Stack depth at the start of the current statement.
    depth: u32,
    fblocks: Vec<FBlock<'a>>,
    children: Vec<Rc<Code>>,
    argcount: u16,
    posonly: u16,
    kwonly: u16,
    varargs: bool,
    varkw: bool,
    docstring: Option<Rc<PyStr>>,
}

#[derive(Hash, PartialEq, Eq)]
enum ConstKey {
    None,
    Ellipsis,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
    Other(usize),
}

/// The compiler state for one module.
pub struct Compiler<'a> {
    filename: Rc<str>,
    line_starts: Vec<u32>,
    /// Per line, `None` if it is ASCII (a column is its byte offset), else the column in
    /// characters of each byte offset in it.
    char_columns: Vec<Option<Box<[u32]>>>,
    table: SymbolTable,
    units: Vec<Unit<'a>>,
    interned: HashMap<String, Rc<PyStr>>,
}

/// For each line of `source` (starting at `line_starts`), `None` if it is ASCII, else the
/// character column of each of its byte offsets (one past its end included): made once, so
/// that a node's column costs the same on a long line as on a short one.
fn char_columns(source: &str, line_starts: &[u32]) -> Vec<Option<Box<[u32]>>> {
    let bytes = source.as_bytes();
    line_starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = line_starts.get(i + 1).map_or(bytes.len(), |&e| e as usize);
            let line = &bytes[start as usize..end];
            if line.is_ascii() {
                return None;
            }
            let mut cols = Vec::with_capacity(line.len() + 1);
            let mut col = 0u32;
            for &b in line {
                cols.push(col);
                // a character starts at every byte that is not a UTF-8 continuation byte
                col += (b & 0xC0 != 0x80) as u32;
            }
            cols.push(col);
            Some(cols.into_boxed_slice())
        })
        .collect()
}

/// Compile a parsed module to its code object.
pub fn compile_module(
    body: &[Stmt],
    source: &str,
    filename: &str,
) -> Result<Rc<Code>, CompileError> {
    let table = symtable::analyse(body);
    let mut line_starts = vec![0u32];
    for (i, b) in source.bytes().enumerate() {
        if b == b'\n' {
            line_starts.push(i as u32 + 1);
        }
    }
    let mut c = Compiler {
        filename: filename.into(),
        char_columns: char_columns(source, &line_starts),
        line_starts,
        table,
        units: vec![],
        interned: HashMap::new(),
    };
    c.push_unit(0, CodeKind::Module, "<module>", "<module>", 1);
    c.emit(Instr::Resume);
    if let Some(doc) = docstring(body) {
        let k = c.const_str(&doc);
        c.emit(Instr::LoadConst(k));
        let n = c.name_idx("__doc__");
        c.emit(Instr::StoreGlobal(n));
    }
    if has_annotations(body) {
        c.emit(Instr::SetupAnnotations);
    }
    c.stmts(body)?;
    c.emit_return_none();
    Ok(c.pop_unit())
}

fn docstring(body: &[Stmt]) -> Option<String> {
    if let Some(Stmt::Expr(e)) = body.first() {
        if let ast::Expr::Constant(c) = &*e.value {
            if let ast::Constant::Str(s) = &c.value {
                return Some(s.clone());
            }
        }
    }
    None
}

fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(_) => true,
        Stmt::If(i) => has_annotations(&i.body) || has_annotations(&i.orelse),
        Stmt::For(f) => has_annotations(&f.body) || has_annotations(&f.orelse),
        Stmt::While(f) => has_annotations(&f.body) || has_annotations(&f.orelse),
        Stmt::With(w) => has_annotations(&w.body),
        Stmt::Try(ast::StmtTry {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        })
        | Stmt::TryStar(ast::StmtTryStar {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        }) => {
            has_annotations(body)
                || has_annotations(orelse)
                || has_annotations(finalbody)
                || handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    has_annotations(&h.body)
                })
        }
        _ => false,
    })
}

impl<'a> Compiler<'a> {
    // ----- errors and positions -----

    fn line_of(&self, offset: TextSize) -> u32 {
        let off = u32::from(offset);
        match self.line_starts.binary_search(&off) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    pub(crate) fn unsupported<T>(&self, node: &impl Ranged, what: &str) -> CResult<T> {
        Err(CompileError {
            kind: ErrorKind::Unsupported,
            message: format!("{what} not supported"),
            offset: u32::from(node.start()) as usize,
        })
    }

    pub(crate) fn syntax<T>(&self, node: &impl Ranged, msg: &str) -> CResult<T> {
        Err(CompileError {
            kind: ErrorKind::Syntax,
            message: msg.to_string(),
            offset: u32::from(node.start()) as usize,
        })
    }

    /// The span of `node`, its columns in characters.
    fn loc_of(&self, node: &impl Ranged) -> Loc {
        let column = |off: TextSize, line: u32| -> u32 {
            let byte = u32::from(off) - self.line_starts[line as usize - 1];
            match &self.char_columns[line as usize - 1] {
                None => byte,
                Some(cols) => cols.get(byte as usize).copied().unwrap_or(byte),
            }
        };
        let (line, end_line) = (self.line_of(node.start()), self.line_of(node.end()));
        Loc {
            line,
            end_line,
            col: column(node.start(), line),
            end_col: column(node.end(), end_line),
        }
    }

    /// Make `node` the span of the instructions emitted next; gives the span it replaces,
    /// for `leave_loc` once the node is compiled.
    fn enter_loc(&mut self, node: &impl Ranged) -> Loc {
        let loc = self.loc_of(node);
        std::mem::replace(&mut self.unit().loc, loc)
    }

    fn leave_loc(&mut self, saved: Loc) {
        self.unit().loc = saved;
    }

    fn set_line(&mut self, node: &impl Ranged) {
        let l = self.line_of(node.start());
        self.unit().line = l;
    }

    // ----- units -----

    fn push_unit(&mut self, scope: usize, kind: CodeKind, name: &str, qualname: &str, line: u32) {
        let mut u = Unit {
            scope,
            kind,
            name: name.to_string(),
            qualname: qualname.to_string(),
            first_line: line,
            instrs: vec![],
            lines: vec![],
            line,
            locs: vec![],
            loc: Loc {
                line,
                end_line: line,
                col: 0,
                end_col: 0,
            },
            consts: vec![],
            const_keys: HashMap::new(),
            names: vec![],
            name_map: HashMap::new(),
            varnames: vec![],
            var_map: HashMap::new(),
            derefs: vec![],
            ncells: 0,
            handlers: vec![],
            depth: 0,
            fblocks: vec![],
            children: vec![],
            argcount: 0,
            posonly: 0,
            kwonly: 0,
            varargs: false,
            varkw: false,
            docstring: None,
        };
        let sc = &self.table.scopes[scope];
        if kind != CodeKind::Module && kind != CodeKind::Class {
            for (i, v) in sc.fast_locals().iter().enumerate() {
                u.var_map.insert(v.clone(), i as u16);
                u.varnames.push(Rc::new(PyStr::new(v.as_str())));
            }
        }
        for c in &sc.cells {
            u.derefs.push(c.clone());
        }
        u.ncells = u.derefs.len();
        for f in &sc.frees {
            u.derefs.push(f.clone());
        }
        self.units.push(u);
    }

    fn pop_unit(&mut self) -> Rc<Code> {
        let u = self.units.pop().unwrap();
        let sc = &self.table.scopes[u.scope];
        // parameters that are cells get copied into their cells at entry
        let mut cell_args = vec![];
        for (ci, name) in u.derefs[..u.ncells].iter().enumerate() {
            if let Some(pi) = sc.params.iter().position(|p| p == name) {
                cell_args.push((ci as u16, pi as u16));
            }
        }
        let kind = match u.kind {
            CodeKind::Module | CodeKind::Class => u.kind,
            // an async def, or a comprehension holding `await` / `async for`
            _ if sc.is_async_def
                || (sc.is_coroutine
                    && matches!(u.kind, CodeKind::Comprehension | CodeKind::Generator)) =>
            {
                if sc.is_generator {
                    CodeKind::AsyncGenerator
                } else {
                    CodeKind::Coroutine
                }
            }
            _ if sc.is_generator => CodeKind::Generator,
            other => other,
        };
        let is_generator = matches!(
            kind,
            CodeKind::Generator | CodeKind::Coroutine | CodeKind::AsyncGenerator
        );
        let intern = |s: &str| Rc::new(PyStr::new(s));
        let header = Header {
            name: intern(&u.name),
            qualname: intern(&u.qualname),
            filename: self.filename.clone(),
            kind,
            first_line: u.first_line,
            varnames: u.varnames,
            cellvars: u.derefs[..u.ncells].iter().map(|s| intern(s)).collect(),
            freevars: u.derefs[u.ncells..].iter().map(|s| intern(s)).collect(),
            cell_args,
            argcount: u.argcount,
            posonlyargcount: u.posonly,
            kwonlyargcount: u.kwonly,
            varargs: u.varargs,
            varkeywords: u.varkw,
            is_generator,
            docstring: u.docstring,
        };
        let body = Body {
            instrs: u.instrs,
            lines: u.lines,
            locs: Locs::Table(u.locs),
            consts: u.consts,
            names: u.names,
            handlers: u.handlers,
            children: u.children,
        };
        Rc::new(Code::new(header, body))
    }

    fn unit(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().unwrap()
    }

    fn scope(&self) -> &symtable::Scope {
        &self.table.scopes[self.units.last().unwrap().scope]
    }

    fn scope_of(&self, key: usize) -> usize {
        self.table.by_node[&key]
    }

    // ----- emission -----

    fn emit(&mut self, i: Instr) -> usize {
        let u = self.unit();
        u.instrs.push(i);
        u.lines.push(u.line);
        u.locs.push(u.loc);
        u.instrs.len() - 1
    }

    fn here(&mut self) -> u32 {
        self.unit().instrs.len() as u32
    }

    /// Point the jump at `at` to `target`.
    fn patch(&mut self, at: usize, target: u32) {
        let i = &mut self.unit().instrs[at];
        *i = match *i {
            Instr::Jump(_) => Instr::Jump(target),
            Instr::JumpBackward(_) => Instr::JumpBackward(target),
            Instr::PopJumpIfFalse(_) => Instr::PopJumpIfFalse(target),
            Instr::PopJumpIfTrue(_) => Instr::PopJumpIfTrue(target),
            Instr::JumpIfFalseOrPop(_) => Instr::JumpIfFalseOrPop(target),
            Instr::JumpIfTrueOrPop(_) => Instr::JumpIfTrueOrPop(target),
            Instr::PopJumpIfNone(_) => Instr::PopJumpIfNone(target),
            Instr::PopJumpIfNotNone(_) => Instr::PopJumpIfNotNone(target),
            Instr::ForIter(_) => Instr::ForIter(target),
            Instr::ForIterStore { local, .. } => Instr::ForIterStore { local, target },
            Instr::CompareJumpIfFalse { op, a, b, .. } => {
                Instr::CompareJumpIfFalse { op, a, b, target }
            }
            other => other,
        };
    }

    fn patch_here(&mut self, at: usize) {
        let h = self.here();
        self.patch(at, h);
    }

    fn emit_return_none(&mut self) {
        let k = self.const_val(ConstKey::None, Value::None);
        self.emit(Instr::LoadConst(k));
        self.emit(Instr::ReturnValue);
    }

    /// Add an exception-table entry: errors in `start..end` go to `target` at `depth`.
    fn add_handler(&mut self, start: u32, end: u32, target: u32, depth: u32) {
        if start < end {
            self.unit().handlers.push(Handler {
                start,
                end,
                target,
                depth,
            });
        }
    }

    // ----- constants and names -----

    fn const_val(&mut self, key: ConstKey, v: Value) -> u32 {
        let u = self.unit();
        if let Some(&i) = u.const_keys.get(&key) {
            return i;
        }
        let i = u.consts.len() as u32;
        u.consts.push(v);
        if !matches!(key, ConstKey::Other(_)) {
            u.const_keys.insert(key, i);
        }
        i
    }

    fn intern(&mut self, s: &str) -> Rc<PyStr> {
        if let Some(p) = self.interned.get(s) {
            return p.clone();
        }
        let p = Rc::new(PyStr::new(s));
        self.interned.insert(s.to_string(), p.clone());
        p
    }

    fn const_str(&mut self, s: &str) -> u32 {
        let p = self.intern(s);
        self.const_val(ConstKey::Str(s.to_string()), Value::Str(p))
    }

    fn const_int(&mut self, i: i64) -> u32 {
        self.const_val(ConstKey::Int(i), Value::Int(i))
    }

    fn const_other(&mut self, v: Value) -> u32 {
        let n = self.unit().consts.len();
        self.const_val(ConstKey::Other(n), v)
    }

    fn name_idx(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.unit().name_map.get(s) {
            return i;
        }
        let p = self.intern(s);
        let u = self.unit();
        let i = u.names.len() as u32;
        u.names.push(p);
        u.name_map.insert(s.to_string(), i);
        i
    }

    fn deref_idx(&mut self, name: &str) -> u16 {
        let u = self.unit();
        u.derefs
            .iter()
            .position(|d| d == name)
            .expect("deref name resolved by symtable") as u16
    }

    /// The fast-local slot of `name`, if it is a fast local here.
    fn fast_slot(&self, name: &str) -> Option<u16> {
        let u = self.units.last().unwrap();
        if u.kind == CodeKind::Module || u.kind == CodeKind::Class {
            return None;
        }
        if self.scope().access(name) == NameAccess::Fast {
            u.var_map.get(name).copied()
        } else {
            None
        }
    }

    /// An operand for a name that is a fast local.
    fn local_opnd(&self, name: &str) -> Option<Opnd> {
        self.fast_slot(name)
            .filter(|&s| (s as usize) <= Opnd::MAX_INDEX)
            .map(|s| Opnd::local(s as usize))
    }

    fn load_name(&mut self, name: &str) {
        let access = self.scope().access(name);
        match access {
            NameAccess::Fast => {
                let s = self.fast_slot(name).unwrap();
                self.emit(Instr::LoadFast(s));
            }
            NameAccess::Deref => {
                let i = self.deref_idx(name);
                self.emit(Instr::LoadDeref(i));
            }
            NameAccess::ClassDeref => {
                let i = self.deref_idx(name);
                self.emit(Instr::LoadClassDeref(i));
            }
            NameAccess::Global => {
                let i = self.name_idx(name);
                if self.units.last().unwrap().kind == CodeKind::Class {
                    self.emit(Instr::LoadGlobal(i));
                } else {
                    self.emit(Instr::LoadGlobal(i));
                }
            }
            NameAccess::Name => {
                let i = self.name_idx(name);
                self.emit(Instr::LoadName(i));
            }
        }
    }

    fn store_name(&mut self, name: &str) {
        match self.scope().access(name) {
            NameAccess::Fast => {
                let s = self.fast_slot(name).unwrap();
                self.emit(Instr::StoreFast(s));
            }
            NameAccess::Deref | NameAccess::ClassDeref => {
                let i = self.deref_idx(name);
                self.emit(Instr::StoreDeref(i));
            }
            NameAccess::Global => {
                let i = self.name_idx(name);
                self.emit(Instr::StoreGlobal(i));
            }
            NameAccess::Name => {
                let i = self.name_idx(name);
                self.emit(Instr::StoreName(i));
            }
        }
    }

    fn delete_name(&mut self, name: &str) {
        match self.scope().access(name) {
            NameAccess::Fast => {
                let s = self.fast_slot(name).unwrap();
                self.emit(Instr::DeleteFast(s));
            }
            NameAccess::Deref | NameAccess::ClassDeref => {
                let i = self.deref_idx(name);
                self.emit(Instr::DeleteDeref(i));
            }
            NameAccess::Global => {
                let i = self.name_idx(name);
                self.emit(Instr::DeleteGlobal(i));
            }
            NameAccess::Name => {
                let i = self.name_idx(name);
                self.emit(Instr::DeleteName(i));
            }
        }
    }

    fn qualname_for(&self, name: &str) -> String {
        let u = self.units.last().unwrap();
        match u.kind {
            CodeKind::Module => name.to_string(),
            CodeKind::Class => format!("{}.{}", u.qualname, name),
            _ => format!("{}.<locals>.{}", u.qualname, name),
        }
    }

    fn scope_kind(&self) -> ScopeKind {
        self.scope().kind.unwrap_or(ScopeKind::Module)
    }
}

#[cfg(test)]
mod tests {
    use super::char_columns;

    #[test]
    fn columns_count_characters_on_non_ascii_lines_only() {
        let src = "x = 1\ny = \"键\" + z\n";
        let starts = [0, 6];
        let cols = char_columns(src, &starts);
        assert!(cols[0].is_none());
        let second = cols[1].as_deref().unwrap();
        // `+` is byte 12 of the line (键 takes 3 bytes) and character 10
        assert_eq!(second[12], 10);
        assert_eq!(
            second[src.len() - 6],
            "y = \"键\" + z\n".chars().count() as u32
        );
    }
}

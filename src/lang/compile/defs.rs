//! Compiling `def`, `async def`, `lambda` and `class`: evaluating decorators, defaults and
//! annotations, compiling the body into a child code object, and pushing the function (with
//! its closure) or building the class.
//!
//! Kept apart from the other statements because each of these opens a new code unit, and
//! `lambda` (from `expr.rs`) shares the same [`make_function`](Compiler::make_function).

use std::rc::Rc;

use rustpython_parser::ast::{self, Expr, Stmt};

use super::{CResult, Compiler};
use crate::lang::bytecode::{make_flags, CodeKind, Instr};
use crate::lang::symtable::node_key;
use crate::vm::value::Value;

impl<'a> Compiler<'a> {
    pub(super) fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult {
        self.def_function(
            node_key(f),
            f.name.as_str(),
            &f.args,
            &f.body,
            &f.decorator_list,
            f.returns.as_deref(),
            f.range.start(),
        )
    }

    /// `def` and `async def`: decorators, the function object, the name bound.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn def_function(
        &mut self,
        key: usize,
        name: &str,
        args: &'a ast::Arguments,
        body: &'a [Stmt],
        decorators: &'a [Expr],
        returns: Option<&'a Expr>,
        start: rustpython_parser::text_size::TextSize,
    ) -> CResult {
        for d in decorators {
            self.expr(d)?;
            self.emit(Instr::PushNull);
        }
        let line = self.line_of(start);
        self.make_function(key, name, args, FuncBody::Stmts(body), line, returns)?;
        for _ in decorators {
            self.emit(Instr::Call(1));
        }
        self.store_name(name);
        Ok(())
    }

    /// Emit code that pushes a new function object.
    pub(super) fn make_function(
        &mut self,
        key: usize,
        name: &str,
        args: &'a ast::Arguments,
        body: FuncBody<'a>,
        line: u32,
        returns: Option<&'a Expr>,
    ) -> CResult {
        let mut flags = 0u8;
        // defaults
        let defaults: Vec<&Expr> = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(Instr::BuildTuple(defaults.len() as u32));
            flags |= make_flags::DEFAULTS;
        }
        let kwdefaults: Vec<(&str, &Expr)> = args
            .kwonlyargs
            .iter()
            .filter_map(|a| a.default.as_deref().map(|d| (a.def.arg.as_str(), d)))
            .collect();
        if !kwdefaults.is_empty() {
            for (n, d) in &kwdefaults {
                let k = self.const_str(n);
                self.emit(Instr::LoadConst(k));
                self.expr(d)?;
            }
            self.emit(Instr::BuildMap(kwdefaults.len() as u32));
            flags |= make_flags::KWDEFAULTS;
        }
        // annotations
        let mut anns: Vec<(&str, &Expr)> = vec![];
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            if let Some(an) = &a.def.annotation {
                anns.push((a.def.arg.as_str(), an));
            }
        }
        for a in [&args.vararg, &args.kwarg].into_iter().flatten() {
            if let Some(an) = &a.annotation {
                anns.push((a.arg.as_str(), an));
            }
        }
        if let Some(r) = returns {
            anns.push(("return", r));
        }
        if !anns.is_empty() {
            for (n, e) in &anns {
                let k = self.const_str(n);
                self.emit(Instr::LoadConst(k));
                self.expr(e)?;
            }
            self.emit(Instr::BuildMap(anns.len() as u32));
            flags |= make_flags::ANNOTATIONS;
        }
        // the body
        let scope = self.scope_of(key);
        let qualname = self.qualname_for(name);
        let kind = match body {
            FuncBody::Stmts(_) => CodeKind::Function,
            FuncBody::Expr(_) => CodeKind::Lambda,
        };
        self.push_unit(scope, kind, name, &qualname, line);
        {
            let u = self.unit();
            u.argcount = (args.posonlyargs.len() + args.args.len()) as u16;
            u.posonly = args.posonlyargs.len() as u16;
            u.kwonly = args.kwonlyargs.len() as u16;
            u.varargs = args.vararg.is_some();
            u.varkw = args.kwarg.is_some();
        }
        self.emit(Instr::Resume);
        match body {
            FuncBody::Stmts(stmts) => {
                if let Some(doc) = super::docstring(stmts) {
                    let p = self.intern(&doc);
                    self.unit().docstring = Some(p);
                }
                self.stmts(stmts)?;
                self.emit_return_none();
            }
            FuncBody::Expr(e) => {
                self.expr(e)?;
                self.emit(Instr::ReturnValue);
            }
        }
        let code = self.pop_unit();
        self.push_closure(&code, &mut flags);
        let idx = self.unit().children.len() as u32;
        self.unit().children.push(code);
        self.emit(Instr::MakeFunction { code: idx, flags });
        Ok(())
    }

    /// Push the closure tuple a child code object needs, if any.
    pub(super) fn push_closure(&mut self, code: &Rc<crate::lang::bytecode::Code>, flags: &mut u8) {
        if code.freevars.is_empty() {
            return;
        }
        for fv in &code.freevars {
            let i = self.deref_idx(fv.as_str());
            self.emit(Instr::LoadClosure(i));
        }
        self.emit(Instr::BuildTuple(code.freevars.len() as u32));
        *flags |= make_flags::CLOSURE;
    }

    pub(super) fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult {
        for d in &c.decorator_list {
            self.expr(d)?;
            self.emit(Instr::PushNull);
        }
        self.emit(Instr::LoadBuildClass);
        self.emit(Instr::PushNull);
        let scope = self.scope_of(node_key(c));
        let name = c.name.as_str();
        let qualname = self.qualname_for(name);
        let line = self.line_of(c.range.start());
        self.push_unit(scope, CodeKind::Class, name, &qualname, line);
        let modname = self.name_idx("__name__");
        self.emit(Instr::LoadGlobal(modname));
        let m = self.name_idx("__module__");
        self.emit(Instr::StoreName(m));
        let q = self.const_str(&qualname);
        self.emit(Instr::LoadConst(q));
        let qn = self.name_idx("__qualname__");
        self.emit(Instr::StoreName(qn));
        if let Some(doc) = super::docstring(&c.body) {
            let k = self.const_str(&doc);
            self.emit(Instr::LoadConst(k));
            let d = self.name_idx("__doc__");
            self.emit(Instr::StoreName(d));
        }
        if super::has_annotations(&c.body) {
            self.emit(Instr::SetupAnnotations);
        }
        self.stmts(&c.body)?;
        if self.scope().cells.iter().any(|x| x == "__class__") {
            let i = self.deref_idx("__class__");
            self.emit(Instr::LoadClosure(i));
            let cc = self.name_idx("__classcell__");
            self.emit(Instr::StoreName(cc));
        }
        self.emit_return_none();
        let code = self.pop_unit();
        let mut flags = 0;
        self.push_closure(&code, &mut flags);
        let idx = self.unit().children.len() as u32;
        self.unit().children.push(code);
        self.emit(Instr::MakeFunction { code: idx, flags });
        let k = self.const_str(name);
        self.emit(Instr::LoadConst(k));
        for b in &c.bases {
            if let Expr::Starred(_) = b {
                return self.unsupported(b, "starred base classes are");
            }
            self.expr(b)?;
        }
        let argc = 2 + c.bases.len();
        if c.keywords.is_empty() {
            self.emit(Instr::Call(argc as u16));
        } else {
            let mut names = vec![];
            for k in &c.keywords {
                let Some(arg) = &k.arg else {
                    return self.unsupported(k, "** in class keywords is");
                };
                names.push(Value::str(arg.as_str()));
                self.expr(&k.value)?;
            }
            let n = names.len();
            let kw = self.const_other(Value::tuple(names));
            self.emit(Instr::CallKw {
                argc: (argc + n) as u16,
                kwnames: kw,
            });
        }
        for _ in &c.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.store_name(name);
        Ok(())
    }
}

/// A function body: statements, or a lambda's expression.
#[derive(Clone, Copy)]
pub(super) enum FuncBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}

//! Compiling statements: the dispatch, imports, loops with `break`/`continue`/`return` and the
//! unwinding they need, and `try`/`with`. Assignment is in `assign.rs`, `def` and `class` in
//! `defs.rs`.

use rustpython_parser::ast::{self, Expr, Ranged, Stmt};

use super::{CResult, Compiler, ConstKey, FBlock};
use crate::lang::bytecode::{CodeKind, Instr};
use crate::lang::symtable::node_key;
use crate::vm::value::Value;

impl<'a> Compiler<'a> {
    pub(super) fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult {
        let saved = self.enter_loc(s);
        let r = self.stmt_at(s);
        self.leave_loc(saved);
        r
    }

    fn stmt_at(&mut self, s: &'a Stmt) -> CResult {
        self.set_line(s);
        match s {
            Stmt::Expr(e) => {
                if let Expr::Constant(_) = &*e.value {
                    return Ok(()); // docstrings and bare constants do nothing
                }
                self.expr(&e.value)?;
                self.emit(Instr::Pop);
            }
            Stmt::Pass(_) => {}
            Stmt::Assign(a) => {
                self.assign_value(&a.value, &a.targets)?;
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::AnnAssign(a) => self.ann_assign(a)?,
            Stmt::If(i) => {
                let mut to_else = vec![];
                self.jump_if(&i.test, false, &mut to_else)?;
                self.stmts(&i.body)?;
                if i.orelse.is_empty() {
                    for p in to_else {
                        self.patch_here(p);
                    }
                } else {
                    let end = self.emit(Instr::Jump(0));
                    for p in to_else {
                        self.patch_here(p);
                    }
                    self.stmts(&i.orelse)?;
                    self.patch_here(end);
                }
            }
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::Break(b) => self.break_continue(b, true)?,
            Stmt::Continue(c) => self.break_continue(c, false)?,
            Stmt::Return(r) => {
                if !matches!(
                    self.units.last().unwrap().kind,
                    CodeKind::Function | CodeKind::Lambda | CodeKind::Generator
                ) {
                    return self.syntax(r, "'return' outside function");
                }
                if r.value.is_some() && self.in_async_generator() {
                    return self.syntax(r, "'return' with value in async generator");
                }
                if self.crosses_star_handler(0) {
                    return self.syntax(
                        r,
                        "'break', 'continue' and 'return' cannot appear in an except* block",
                    );
                }
                match &r.value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let k = self.const_val(ConstKey::None, Value::None);
                        self.emit(Instr::LoadConst(k));
                    }
                }
                self.unwind_all(true)?;
                self.emit(Instr::ReturnValue);
            }
            Stmt::FunctionDef(f) => self.function_def(f)?,
            Stmt::ClassDef(c) => self.class_def(c)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete_target(t)?;
                }
            }
            Stmt::Raise(r) => {
                let mut n = 0;
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = &r.cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Instr::Raise(n));
            }
            Stmt::Try(t) => self.try_stmt(&t.body, &t.handlers, &t.orelse, &t.finalbody, false)?,
            Stmt::With(w) => self.with_stmt(&w.items, &w.body)?,
            Stmt::Assert(a) => {
                let mut ok = vec![];
                self.jump_if(&a.test, true, &mut ok)?;
                self.emit(Instr::LoadAssertionError);
                if let Some(m) = &a.msg {
                    self.emit(Instr::PushNull);
                    self.expr(m)?;
                    self.emit(Instr::Call(1));
                }
                self.emit(Instr::Raise(1));
                for p in ok {
                    self.patch_here(p);
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let none = self.const_val(ConstKey::None, Value::None);
                    let name = self.name_idx(a.name.as_str());
                    self.emit(Instr::ImportName {
                        name,
                        fromlist: none,
                        level: 0,
                    });
                    match &a.asname {
                        Some(asname) => {
                            // `import a.b as c` binds the submodule
                            for part in a.name.split('.').skip(1) {
                                let n = self.name_idx(part);
                                self.emit(Instr::ImportFrom(n));
                                self.emit(Instr::Swap(2));
                                self.emit(Instr::Pop);
                            }
                            self.store_name(asname.as_str());
                        }
                        None => {
                            let top = a.name.split('.').next().unwrap().to_string();
                            self.store_name(&top);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let level = i.level.map(|l| l.to_u32()).unwrap_or(0);
                if level > 0 {
                    return self.unsupported(s, "relative imports are");
                }
                let module = i.module.as_ref().map(|m| m.to_string()).unwrap_or_default();
                let names: Vec<Value> = i
                    .names
                    .iter()
                    .map(|a| Value::str(a.name.as_str()))
                    .collect();
                let fromlist = self.const_other(Value::tuple(names));
                let name = self.name_idx(&module);
                self.emit(Instr::ImportName {
                    name,
                    fromlist,
                    level: level as u16,
                });
                if i.names.len() == 1 && i.names[0].name.as_str() == "*" {
                    if self.scope_kind() != crate::lang::symtable::ScopeKind::Module {
                        return self.syntax(s, "import * only allowed at module level");
                    }
                    self.emit(Instr::ImportStar);
                } else {
                    for a in &i.names {
                        let n = self.name_idx(a.name.as_str());
                        self.emit(Instr::ImportFrom(n));
                        let target = a.asname.as_ref().unwrap_or(&a.name).to_string();
                        self.store_name(&target);
                    }
                    self.emit(Instr::Pop);
                }
            }
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::AsyncFunctionDef(f) => self.def_function(
                node_key(f),
                f.name.as_str(),
                &f.args,
                &f.body,
                &f.decorator_list,
                f.returns.as_deref(),
                f.range.start(),
            )?,
            Stmt::AsyncFor(f) => self.async_for_stmt(f)?,
            Stmt::AsyncWith(w) => {
                self.require_async_def(s, "'async with' outside async function")?;
                self.async_with_stmt(&w.items, &w.body, s)?
            }
            Stmt::Match(_) => return self.unsupported(s, "pattern matching (match) is"),
            Stmt::TryStar(t) => {
                self.try_stmt(&t.body, &t.handlers, &t.orelse, &t.finalbody, true)?
            }
            Stmt::TypeAlias(_) => return self.unsupported(s, "type aliases are"),
        }
        Ok(())
    }

    // ----- loops -----

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> CResult {
        let top = self.here();
        let mut to_else = vec![];
        let always = matches!(&*w.test, Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(true)) || matches!(&c.value, ast::Constant::Int(i) if i.to_string() != "0"));
        if !always {
            self.jump_if(&w.test, false, &mut to_else)?;
        }
        self.unit().fblocks.push(FBlock::While {
            cont: top,
            breaks: vec![],
        });
        self.stmts(&w.body)?;
        self.set_line(&*w.test);
        self.emit(Instr::JumpBackward(top));
        let Some(FBlock::While { breaks, .. }) = self.unit().fblocks.pop() else {
            unreachable!()
        };
        for p in to_else {
            self.patch_here(p);
        }
        self.stmts(&w.orelse)?;
        for p in breaks {
            self.patch_here(p);
        }
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> CResult {
        self.expr(&f.iter)?;
        self.emit(Instr::GetIter);
        let top = self.here();
        let fast = match &*f.target {
            Expr::Name(n) => self.fast_slot(n.id.as_str()),
            _ => None,
        };
        let head = match fast {
            Some(local) => self.emit(Instr::ForIterStore { local, target: 0 }),
            None => {
                let h = self.emit(Instr::ForIter(0));
                self.store_target(&f.target)?;
                h
            }
        };
        self.unit().depth += 1;
        self.unit().fblocks.push(FBlock::For {
            cont: top,
            breaks: vec![],
        });
        self.stmts(&f.body)?;
        self.set_line(f);
        self.emit(Instr::JumpBackward(top));
        let Some(FBlock::For { breaks, .. }) = self.unit().fblocks.pop() else {
            unreachable!()
        };
        self.unit().depth -= 1;
        self.patch_here(head);
        self.stmts(&f.orelse)?;
        for p in breaks {
            self.patch_here(p);
        }
        Ok(())
    }

    fn break_continue(&mut self, node: &impl Ranged, is_break: bool) -> CResult {
        let blocks = &self.units.last().unwrap().fblocks;
        let Some(li) = blocks
            .iter()
            .rposition(|b| matches!(b, FBlock::While { .. } | FBlock::For { .. }))
        else {
            let what = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return self.syntax(node, what);
        };
        if self.crosses_star_handler(li + 1) {
            return self.syntax(
                node,
                "'break', 'continue' and 'return' cannot appear in an except* block",
            );
        }
        self.unwind_to(li + 1, false)?;
        let is_for = matches!(self.unit().fblocks[li], FBlock::For { .. });
        if is_break {
            if is_for {
                self.emit(Instr::Pop);
            }
            let j = self.emit(Instr::Jump(0));
            match &mut self.unit().fblocks[li] {
                FBlock::While { breaks, .. } | FBlock::For { breaks, .. } => breaks.push(j),
                _ => unreachable!(),
            }
        } else {
            let cont = match &self.unit().fblocks[li] {
                FBlock::While { cont, .. } | FBlock::For { cont, .. } => *cont,
                _ => unreachable!(),
            };
            self.emit(Instr::JumpBackward(cont));
        }
        Ok(())
    }

    /// Undo every fblock (for `return`), keeping the return value on top.
    fn unwind_all(&mut self, preserve_tos: bool) -> CResult {
        self.unwind_to(0, preserve_tos)
    }

    /// Undo fblocks down to index `upto` (exclusive lower bound), innermost first.
    fn unwind_to(&mut self, upto: usize, preserve_tos: bool) -> CResult {
        let saved = self.unit().fblocks.clone();
        let saved_depth = self.unit().depth;
        let mut i = saved.len();
        while i > upto {
            i -= 1;
            let fb = saved[i].clone();
            self.unit().fblocks.truncate(i);
            match fb {
                FBlock::While { .. } | FBlock::For { .. } => {}
                FBlock::Finally(body) => {
                    // the finally body sees the blocks outside it
                    self.stmts(body)?;
                }
                FBlock::Handler => {
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::PopExcept);
                    self.unit().depth -= 1;
                }
                FBlock::StarHandler => {}
                FBlock::PopValue => {
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.emit(Instr::Pop);
                    self.unit().depth -= 1;
                }
                FBlock::With => {
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.call_exit_with_nones();
                    self.unit().depth -= 1;
                }
                FBlock::AsyncWith => {
                    if preserve_tos {
                        self.emit(Instr::Swap(2));
                    }
                    self.call_aexit_with_nones();
                    self.unit().depth -= 1;
                }
            }
        }
        self.unit().fblocks = saved;
        self.unit().depth = saved_depth;
        Ok(())
    }

    /// Stack: exit -> (nothing): `exit(None, None, None)`.
    pub(super) fn call_exit_with_nones(&mut self) {
        let none = self.const_val(ConstKey::None, Value::None);
        self.emit(Instr::PushNull);
        for _ in 0..3 {
            self.emit(Instr::LoadConst(none));
        }
        self.emit(Instr::Call(3));
        self.emit(Instr::Pop);
    }

    // ----- try / with -----

    /// The cleanup every handler region needs: restore the previous exception and re-raise.
    /// Stack on entry: prev, exc.
    pub(super) fn emit_handler_cleanup(&mut self) -> u32 {
        let at = self.here();
        self.emit(Instr::Swap(2));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        at
    }

    /// `try` (`except*` clauses if `star`) with its `else` and `finally`.
    fn try_stmt(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
        star: bool,
    ) -> CResult {
        if finalbody.is_empty() {
            return if star {
                self.try_star_except(body, handlers, orelse)
            } else {
                self.try_except(body, handlers, orelse)
            };
        }
        let base = self.unit().depth;
        let start = self.here();
        self.unit().fblocks.push(FBlock::Finally(finalbody));
        if handlers.is_empty() {
            self.stmts(body)?;
            self.stmts(orelse)?;
        } else if star {
            self.try_star_except(body, handlers, orelse)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.unit().fblocks.pop();
        let end = self.here();
        // normal path: run the finally body inline
        self.stmts(finalbody)?;
        let done = self.emit(Instr::Jump(0));
        // exception path: stack [.., exc]
        let exc_path = self.here();
        self.add_handler(start, end, exc_path, base);
        self.emit(Instr::PushExcInfo);
        let fin_start = self.here();
        self.unit().depth = base + 2;
        self.unit().fblocks.push(FBlock::Handler);
        self.unit().fblocks.push(FBlock::PopValue);
        self.stmts(finalbody)?;
        self.unit().fblocks.pop();
        self.unit().fblocks.pop();
        self.unit().depth = base;
        self.emit(Instr::Reraise);
        let fin_end = self.here();
        let cleanup = self.emit_handler_cleanup();
        self.add_handler(fin_start, fin_end, cleanup, base + 1);
        self.patch_here(done);
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ast::ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let base = self.unit().depth;
        let start = self.here();
        self.stmts(body)?;
        let end = self.here();
        self.stmts(orelse)?;
        let done = self.emit(Instr::Jump(0));
        let mut to_end = vec![done];
        let handler_at = self.here();
        self.add_handler(start, end, handler_at, base);
        // stack: [.., exc]
        self.emit(Instr::PushExcInfo);
        let hstart = self.here();
        self.unit().depth = base + 1;
        for (hi, h) in handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_line(h);
            let mut next = None;
            match &h.type_ {
                Some(ty) => {
                    self.expr(ty)?;
                    self.emit(Instr::CheckExcMatch);
                    next = Some(self.emit(Instr::PopJumpIfFalse(0)));
                }
                None => {
                    if hi + 1 != handlers.len() {
                        return self.syntax(h, "default 'except:' must be last");
                    }
                }
            }
            match &h.name {
                Some(n) => self.store_name(n.as_str()),
                None => {
                    self.emit(Instr::Pop);
                }
            }
            self.unit().fblocks.push(FBlock::Handler);
            self.stmts(&h.body)?;
            self.unit().fblocks.pop();
            if let Some(n) = &h.name {
                let none = self.const_val(ConstKey::None, Value::None);
                self.emit(Instr::LoadConst(none));
                self.store_name(n.as_str());
                self.delete_name(n.as_str());
            }
            self.emit(Instr::PopExcept);
            to_end.push(self.emit(Instr::Jump(0)));
            if let Some(n) = next {
                self.patch_here(n);
            }
        }
        // nothing matched: re-raise (stack: prev, exc)
        self.emit(Instr::Reraise);
        let hend = self.here();
        self.unit().depth = base;
        let cleanup = self.emit_handler_cleanup();
        self.add_handler(hstart, hend, cleanup, base + 1);
        for p in to_end {
            self.patch_here(p);
        }
        Ok(())
    }

    fn with_stmt(&mut self, items: &'a [ast::WithItem], body: &'a [Stmt]) -> CResult {
        let Some((first, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let base = self.unit().depth;
        self.expr(&first.context_expr)?;
        self.emit(Instr::BeforeWith);
        match &first.optional_vars {
            Some(v) => self.store_target(v)?,
            None => {
                self.emit(Instr::Pop);
            }
        }
        let start = self.here();
        self.unit().depth = base + 1;
        self.unit().fblocks.push(FBlock::With);
        if rest.is_empty() {
            self.stmts(body)?;
        } else {
            self.with_stmt(rest, body)?;
        }
        self.unit().fblocks.pop();
        let end = self.here();
        self.unit().depth = base;
        self.call_exit_with_nones();
        let done = self.emit(Instr::Jump(0));
        // exception: [.., exit, exc]
        let exc_at = self.here();
        self.add_handler(start, end, exc_at, base + 1);
        self.emit(Instr::PushExcInfo);
        let hstart = self.here();
        self.emit(Instr::WithExceptStart);
        let suppress = self.emit(Instr::PopJumpIfTrue(0));
        self.emit(Instr::Reraise);
        let hend = self.here();
        self.patch_here(suppress);
        self.emit(Instr::Pop); // exc
        self.emit(Instr::PopExcept); // prev
        self.emit(Instr::Pop); // exit
        let done2 = self.emit(Instr::Jump(0));
        let cleanup = self.emit_handler_cleanup();
        self.add_handler(hstart, hend, cleanup, base + 2);
        self.patch_here(done);
        self.patch_here(done2);
        Ok(())
    }
}

//! Compiling statements: assignment, control flow, functions, classes, try/with, imports.

use std::rc::Rc;

use rustpython_parser::ast::{self, Expr, Ranged, Stmt};

use super::{CResult, Compiler, ConstKey, FBlock};
use crate::lang::bytecode::{make_flags, BinOp, CodeKind, Instr, Opnd};
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

    // ----- assignment -----

    fn assign_value(&mut self, value: &'a Expr, targets: &'a [Expr]) -> CResult {
        // `x = <binary or subscript>` straight into a fast local
        if targets.len() == 1 {
            if let Expr::Name(n) = &targets[0] {
                if let Some(dst) = self.local_opnd(n.id.as_str()) {
                    if self.expr_into(value, dst)? {
                        return Ok(());
                    }
                    self.expr(value)?;
                    self.emit(Instr::StoreFast(dst.index() as u16));
                    return Ok(());
                }
            }
        }
        self.expr(value)?;
        for (i, t) in targets.iter().enumerate() {
            if i + 1 < targets.len() {
                self.emit(Instr::Dup);
            }
            self.store_target(t)?;
        }
        Ok(())
    }

    /// Store TOS into an assignment target.
    pub(super) fn store_target(&mut self, t: &'a Expr) -> CResult {
        match t {
            Expr::Name(n) => self.store_name(n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::StoreAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::StoreSubscr);
            }
            Expr::Tuple(tu) => self.unpack(&tu.elts, t)?,
            Expr::List(l) => self.unpack(&l.elts, t)?,
            Expr::Starred(s) => {
                return self.syntax(s, "starred assignment target must be in a list or tuple")
            }
            other => return self.syntax(other, "cannot assign to expression"),
        }
        Ok(())
    }

    fn unpack(&mut self, elts: &'a [Expr], node: &Expr) -> CResult {
        let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
        match star {
            None => {
                self.emit(Instr::UnpackSequence(elts.len() as u32));
            }
            Some(i) => {
                if elts
                    .iter()
                    .filter(|e| matches!(e, Expr::Starred(_)))
                    .count()
                    > 1
                {
                    return self.syntax(node, "multiple starred expressions in assignment");
                }
                self.emit(Instr::UnpackEx {
                    before: i as u16,
                    after: (elts.len() - i - 1) as u16,
                });
            }
        }
        for e in elts {
            match e {
                Expr::Starred(s) => self.store_target(&s.value)?,
                other => self.store_target(other)?,
            }
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &'a Expr) -> CResult {
        match t {
            Expr::Name(n) => self.delete_name(n.id.as_str()),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::DeleteAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::DeleteSubscr);
            }
            Expr::Tuple(tu) => {
                for e in &tu.elts {
                    self.delete_target(e)?;
                }
            }
            Expr::List(l) => {
                for e in &l.elts {
                    self.delete_target(e)?;
                }
            }
            other => return self.syntax(other, "cannot delete expression"),
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult {
        let op = inplace(a.op);
        match &*a.target {
            Expr::Name(n) => {
                if let Some(dst) = self.local_opnd(n.id.as_str()) {
                    let b = self.operand(&a.value)?;
                    self.emit(Instr::Binary { op, a: dst, b, dst });
                } else {
                    self.load_name(n.id.as_str());
                    let b = self.operand(&a.value)?;
                    self.emit(Instr::Binary {
                        op,
                        a: Opnd::STACK,
                        b,
                        dst: Opnd::STACK,
                    });
                    self.store_name(n.id.as_str());
                }
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Instr::Dup);
                let i = self.name_idx(at.attr.as_str());
                self.emit(Instr::LoadAttr(i));
                let b = self.operand(&a.value)?;
                self.emit(Instr::Binary {
                    op,
                    a: Opnd::STACK,
                    b,
                    dst: Opnd::STACK,
                });
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::Copy(2));
                self.emit(Instr::Copy(2));
                self.emit(Instr::Subscr {
                    a: Opnd::STACK,
                    b: Opnd::STACK,
                    dst: Opnd::STACK,
                });
                let b = self.operand(&a.value)?;
                self.emit(Instr::Binary {
                    op,
                    a: Opnd::STACK,
                    b,
                    dst: Opnd::STACK,
                });
                self.emit(Instr::Swap(3));
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreSubscr);
            }
            other => return self.syntax(other, "illegal expression for augmented assignment"),
        }
        Ok(())
    }

    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> CResult {
        let in_function = matches!(
            self.units.last().unwrap().kind,
            CodeKind::Function | CodeKind::Lambda | CodeKind::Generator
        );
        if let Some(v) = &a.value {
            self.assign_value(v, std::slice::from_ref(&*a.target))?;
        }
        if in_function {
            return Ok(());
        }
        // module and class level: evaluate the annotation into __annotations__
        if let (Expr::Name(n), true) = (&*a.target, a.simple) {
            self.expr(&a.annotation)?;
            let ann = self.name_idx("__annotations__");
            if self.units.last().unwrap().kind == CodeKind::Class {
                self.emit(Instr::LoadName(ann));
            } else {
                self.emit(Instr::LoadGlobal(ann));
            }
            let k = self.const_str(n.id.as_str());
            self.emit(Instr::LoadConst(k));
            self.emit(Instr::StoreSubscr);
        } else {
            self.expr(&a.annotation)?;
            self.emit(Instr::Pop);
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

    // ----- functions and classes -----

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult {
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

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult {
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

/// The in-place form of an AST operator.
pub(super) fn inplace(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::IAdd,
        O::Sub => BinOp::ISub,
        O::Mult => BinOp::IMul,
        O::Div => BinOp::ITrueDiv,
        O::FloorDiv => BinOp::IFloorDiv,
        O::Mod => BinOp::IMod,
        O::Pow => BinOp::IPow,
        O::LShift => BinOp::ILShift,
        O::RShift => BinOp::IRShift,
        O::BitAnd => BinOp::IAnd,
        O::BitOr => BinOp::IOr,
        O::BitXor => BinOp::IXor,
        O::MatMult => BinOp::IMatMul,
    }
}

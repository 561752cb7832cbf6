//! Compiling assignment: `=` (with the fast path straight into a local), the targets it stores
//! to (names, attributes, subscripts, unpacking with a starred name), `del`, augmented
//! assignment and annotated assignment.
//!
//! Kept apart from the other statements because storing to a target is its own small grammar,
//! shared by `for`, `with ... as`, `except ... as`, comprehensions and `:=`.

use rustpython_parser::ast::{self, Expr};

use super::{CResult, Compiler};
use crate::lang::bytecode::{BinOp, CodeKind, Instr, Opnd};

impl<'a> Compiler<'a> {
    pub(super) fn assign_value(&mut self, value: &'a Expr, targets: &'a [Expr]) -> CResult {
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
            Expr::Name(n) => {
                // the name's span: what a finalizer run by the store underlines
                let saved = self.enter_loc(t);
                self.store_name(n.id.as_str());
                self.leave_loc(saved);
            }
            Expr::Attribute(a) => {
                let saved = self.enter_loc(t);
                self.expr(&a.value)?;
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::StoreAttr(i));
                self.leave_loc(saved);
            }
            Expr::Subscript(s) => {
                let saved = self.enter_loc(t);
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::StoreSubscr);
                self.leave_loc(saved);
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
        // an unpacking that fails underlines its targets, as in CPython 3.11
        let saved = self.enter_loc(node);
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
        self.leave_loc(saved);
        for e in elts {
            match e {
                Expr::Starred(s) => self.store_target(&s.value)?,
                other => self.store_target(other)?,
            }
        }
        Ok(())
    }

    pub(super) fn delete_target(&mut self, t: &'a Expr) -> CResult {
        match t {
            Expr::Name(n) => {
                let saved = self.enter_loc(t);
                self.delete_name(n.id.as_str());
                self.leave_loc(saved);
            }
            Expr::Attribute(a) => {
                let saved = self.enter_loc(t);
                self.expr(&a.value)?;
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::DeleteAttr(i));
                self.leave_loc(saved);
            }
            Expr::Subscript(s) => {
                let saved = self.enter_loc(t);
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::DeleteSubscr);
                self.leave_loc(saved);
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

    pub(super) fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult {
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
            // as in CPython, the target's loads and stores carry the target's span and the
            // operation the statement's
            Expr::Attribute(at) => {
                let stmt = self.enter_loc(&*a.target);
                self.expr(&at.value)?;
                self.emit(Instr::Dup);
                let i = self.name_idx(at.attr.as_str());
                self.emit(Instr::LoadAttr(i));
                let target = std::mem::replace(&mut self.unit().loc, stmt);
                let b = self.operand(&a.value)?;
                self.emit(Instr::Binary {
                    op,
                    a: Opnd::STACK,
                    b,
                    dst: Opnd::STACK,
                });
                self.emit(Instr::Swap(2));
                self.unit().loc = target;
                self.emit(Instr::StoreAttr(i));
                self.leave_loc(stmt);
            }
            Expr::Subscript(s) => {
                let stmt = self.enter_loc(&*a.target);
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::Copy(2));
                self.emit(Instr::Copy(2));
                self.emit(Instr::Subscr {
                    a: Opnd::STACK,
                    b: Opnd::STACK,
                    dst: Opnd::STACK,
                });
                let target = std::mem::replace(&mut self.unit().loc, stmt);
                let b = self.operand(&a.value)?;
                self.emit(Instr::Binary {
                    op,
                    a: Opnd::STACK,
                    b,
                    dst: Opnd::STACK,
                });
                self.emit(Instr::Swap(3));
                self.emit(Instr::Swap(2));
                self.unit().loc = target;
                self.emit(Instr::StoreSubscr);
                self.leave_loc(stmt);
            }
            other => return self.syntax(other, "illegal expression for augmented assignment"),
        }
        Ok(())
    }

    pub(super) fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> CResult {
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
}

/// The in-place form of an AST operator.
fn inplace(op: ast::Operator) -> BinOp {
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

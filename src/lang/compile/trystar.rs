//! Compiling `try` with `except*` clauses (PEP 654), as CPython 3.11 does: each clause splits
//! what is left of the exception group (a naked exception is wrapped in one), runs its body
//! with the matching part, and collects what the bodies raise; at the end the unhandled rest
//! and the raised exceptions are recombined (`PrepReraiseStar`) and re-raised, if any.

use rustpython_parser::ast::{self, Stmt};

use super::{CResult, Compiler, ConstKey, FBlock};
use crate::lang::bytecode::Instr;
use crate::vm::value::Value;

impl<'a> Compiler<'a> {
    /// Does leaving the fblocks above `upto` cross an `except*` body?
    pub(super) fn crosses_star_handler(&self, upto: usize) -> bool {
        self.units.last().unwrap().fblocks[upto..]
            .iter()
            .any(|b| matches!(b, FBlock::StarHandler))
    }

    /// `name = None; del name` after a clause that bound the exception.
    fn clear_handler_name(&mut self, name: Option<&str>) {
        if let Some(n) = name {
            let none = self.const_val(ConstKey::None, Value::None);
            self.emit(Instr::LoadConst(none));
            self.store_name(n);
            self.delete_name(n);
        }
    }

    pub(super) fn try_star_except(
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
        let handler_at = self.here();
        self.add_handler(start, end, handler_at, base);
        // stack: [.., exc] -> [.., prev, orig, raised list, rest]
        self.emit(Instr::PushExcInfo);
        let hstart = self.here();
        self.emit(Instr::Copy(1));
        self.emit(Instr::BuildList(0));
        self.emit(Instr::Swap(2));
        self.unit().depth = base + 4;
        for h in handlers {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_line(h);
            let Some(ty) = &h.type_ else {
                return self.syntax(h, "expected one or more exception types");
            };
            self.expr(ty)?;
            self.emit(Instr::CheckEgMatch);
            self.emit(Instr::Copy(1));
            let no_match = self.emit(Instr::PopJumpIfNone(0));
            let name = h.name.as_ref().map(|n| n.as_str());
            match name {
                Some(n) => self.store_name(n),
                None => {
                    self.emit(Instr::Pop);
                }
            }
            let body_start = self.here();
            self.unit().fblocks.push(FBlock::StarHandler);
            self.stmts(&h.body)?;
            self.unit().fblocks.pop();
            let body_end = self.here();
            self.clear_handler_name(name);
            let to_next = self.emit(Instr::Jump(0));
            // the body raised: [.., prev, orig, list, rest, raised] -> list.append(raised)
            let raised_at = self.here();
            self.add_handler(body_start, body_end, raised_at, base + 4);
            self.clear_handler_name(name);
            self.emit(Instr::ListAppend(2));
            let to_next2 = self.emit(Instr::Jump(0));
            self.patch_here(no_match);
            self.emit(Instr::Pop);
            self.patch_here(to_next);
            self.patch_here(to_next2);
        }
        // [.., prev, orig, list, rest] -> [.., prev, what to raise or None]
        self.emit(Instr::ListAppend(1));
        self.emit(Instr::PrepReraiseStar);
        self.emit(Instr::Copy(1));
        let reraise = self.emit(Instr::PopJumpIfNotNone(0));
        self.emit(Instr::Pop);
        self.emit(Instr::PopExcept);
        let done2 = self.emit(Instr::Jump(0));
        let hend = self.here();
        self.unit().depth = base;
        // raise it (and the errors of the clause machinery): [.., prev, exc]
        let cleanup = self.emit_handler_cleanup();
        self.patch(reraise, cleanup);
        self.add_handler(hstart, hend, cleanup, base + 1);
        self.patch_here(done);
        self.patch_here(done2);
        Ok(())
    }
}

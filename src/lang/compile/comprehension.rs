//! Compiling comprehensions and generator expressions: each becomes a child code object (a
//! comprehension, or a generator for `(... for ...)`) whose nested loops build the list, set or
//! dict, or yield; it is called at once with the first iterator. With `await` or `async for`
//! inside, the comprehension runs as a coroutine and is awaited.
//!
//! Kept apart from the other expressions because, like a `def`, it opens a code unit of its own.

use rustpython_parser::ast::{self, Expr};

use super::{CResult, Compiler};
use crate::lang::bytecode::{CodeKind, Instr};

/// How a comprehension's loop ends: `ForIter`'s exhaustion jump, or an `async for` handler.
enum CompLoopEnd {
    Sync(usize),
    Async { region_end: u32 },
}

pub(super) enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

impl<'a> Compiler<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn comprehension(
        &mut self,
        node: &'a Expr,
        key: usize,
        name: &str,
        gens: &'a [ast::Comprehension],
        kind: CompKind,
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> CResult {
        let scope = self.scope_of(key);
        let is_gen = matches!(kind, CompKind::Gen);
        // `await` or `async for` inside: the comprehension runs as a coroutine, awaited here
        // (a generator expression becomes an async generator instead)
        let is_async = self.table.scopes[scope].is_coroutine;
        if is_async && !is_gen {
            self.check_async_comprehension(node)?;
        }
        let qualname = self.qualname_for(name);
        let line = self.units.last().unwrap().line;
        let code_kind = match kind {
            CompKind::Gen => CodeKind::Generator,
            _ => CodeKind::Comprehension,
        };
        self.push_unit(scope, code_kind, name, &qualname, line);
        self.unit().argcount = 1;
        self.emit(Instr::Resume);
        match kind {
            CompKind::List => {
                self.emit(Instr::BuildList(0));
            }
            CompKind::Set => {
                self.emit(Instr::BuildSet(0));
            }
            CompKind::Dict => {
                self.emit(Instr::BuildMap(0));
            }
            CompKind::Gen => {}
        }
        let mut loops = vec![];
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                self.emit(Instr::LoadFast(0));
            } else {
                self.expr(&g.iter)?;
                self.emit(if g.is_async {
                    Instr::GetAiter
                } else {
                    Instr::GetIter
                });
            }
            let (top, head) = if g.is_async {
                let (top, region_end) = self.async_loop_head();
                (top, CompLoopEnd::Async { region_end })
            } else {
                let top = self.here();
                (top, CompLoopEnd::Sync(self.emit(Instr::ForIter(0))))
            };
            self.store_target(&g.target)?;
            let mut skips = vec![];
            for cond in &g.ifs {
                self.jump_if(cond, false, &mut skips)?;
            }
            // kept on the stack while this loop runs: the result, then each loop's iterator
            let depth = !is_gen as u32 + i as u32 + 1;
            loops.push((top, head, skips, depth));
        }
        let depth = gens.len() as u16 + 1;
        match kind {
            CompKind::List => {
                self.expr(elt)?;
                self.emit(Instr::ListAppend(depth));
            }
            CompKind::Set => {
                self.expr(elt)?;
                self.emit(Instr::SetAdd(depth));
            }
            CompKind::Dict => {
                self.expr(elt)?;
                self.expr(value.unwrap())?;
                self.emit(Instr::MapAdd(depth));
            }
            CompKind::Gen => {
                self.expr(elt)?;
                if is_async {
                    self.emit(Instr::AsyncGenWrap);
                }
                self.emit(Instr::YieldValue);
                self.emit(Instr::Pop);
            }
        }
        for (top, head, skips, depth) in loops.into_iter().rev() {
            for s in skips {
                self.patch(s, top);
            }
            self.emit(Instr::JumpBackward(top));
            match head {
                CompLoopEnd::Sync(at) => self.patch_here(at),
                CompLoopEnd::Async { region_end } => self.async_loop_end(top, region_end, depth),
            }
        }
        match kind {
            CompKind::Gen => self.emit_return_none(),
            _ => {
                self.emit(Instr::ReturnValue);
            }
        }
        let code = self.pop_unit();
        let mut flags = 0;
        self.push_closure(&code, &mut flags);
        let idx = self.unit().children.len() as u32;
        self.unit().children.push(code);
        self.emit(Instr::MakeFunction { code: idx, flags });
        self.emit(Instr::PushNull);
        self.expr(&gens[0].iter)?;
        self.emit(if gens[0].is_async {
            Instr::GetAiter
        } else {
            Instr::GetIter
        });
        self.emit(Instr::Call(1));
        if is_async && !is_gen {
            self.emit_await(0);
        }
        Ok(())
    }
}

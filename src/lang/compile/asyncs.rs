//! Compiling the coroutine constructs: `await`, `async for`, `async with`, and the checks that
//! keep them inside `async def` (with CPython 3.11's messages).
//!
//! An `await` is CPython's sequence: `GET_AWAITABLE` (here [`Instr::GetAwaitable`]) then a
//! `yield from` of the awaitable's iterator, so coroutines ride on the generator machinery.

use rustpython_parser::ast::{self, Ranged, Stmt};

use super::{CResult, Compiler, ConstKey, FBlock};
use crate::lang::bytecode::{CodeKind, Instr};
use crate::vm::value::Value;

impl<'a> Compiler<'a> {
    /// Emit `await TOS`: `where` picks the error message (0 `await`, 1 `__aenter__`, 2
    /// `__aexit__`).
    pub(super) fn emit_await(&mut self, where_: u8) {
        self.emit(Instr::GetAwaitable(where_));
        self.emit_yield_from_tail();
    }

    /// The delegation half of an `await`: send None into the iterator on TOS until it returns.
    fn emit_yield_from_tail(&mut self) {
        let none = self.const_val(ConstKey::None, Value::None);
        self.emit(Instr::LoadConst(none));
        self.emit(Instr::YieldFrom);
    }

    /// Is the code being compiled an `async def`?
    fn in_async_def(&self) -> bool {
        self.units.last().unwrap().kind == CodeKind::Function && self.scope().is_async_def
    }

    /// Is the code being compiled an async generator (`async def` with `yield`, or an async
    /// generator expression)?
    pub(super) fn in_async_generator(&self) -> bool {
        let sc = self.scope();
        sc.is_coroutine
            && sc.is_generator
            && (sc.is_async_def || self.units.last().unwrap().kind == CodeKind::Generator)
    }

    /// Is the code being compiled an `async def` (where `yield from` is refused)?
    pub(super) fn in_async_function(&self) -> bool {
        self.scope().is_async_def
    }

    /// Refuse a statement that only an `async def` may hold.
    pub(super) fn require_async_def(&self, node: &impl Ranged, msg: &str) -> CResult {
        if self.in_async_def() {
            Ok(())
        } else {
            self.syntax(node, msg)
        }
    }

    /// Where an `await` expression may stand: an `async def`, or a comprehension (which then
    /// becomes asynchronous).
    pub(super) fn check_await(&self, node: &impl Ranged) -> CResult {
        match self.units.last().unwrap().kind {
            CodeKind::Module | CodeKind::Class => self.syntax(node, "'await' outside function"),
            CodeKind::Comprehension | CodeKind::Generator => Ok(()),
            _ if self.scope().is_async_def => Ok(()),
            _ => self.syntax(node, "'await' outside async function"),
        }
    }

    /// Where an async list/set/dict comprehension may stand: an `async def` or another
    /// comprehension.
    pub(super) fn check_async_comprehension(&self, node: &impl Ranged) -> CResult {
        match self.units.last().unwrap().kind {
            CodeKind::Comprehension | CodeKind::Generator => Ok(()),
            CodeKind::Function if self.scope().is_async_def => Ok(()),
            _ => self.syntax(
                node,
                "asynchronous comprehension outside of an asynchronous function",
            ),
        }
    }

    /// The head of an `async for` loop over the async iterator on TOS: fetch and await the next
    /// item. Returns the loop top and the end of the region `EndAsyncFor` must cover.
    pub(super) fn async_loop_head(&mut self) -> (u32, u32) {
        let top = self.here();
        self.emit(Instr::GetAnext);
        self.emit_yield_from_tail();
        (top, self.here())
    }

    /// The end of an `async for` loop: the handler that turns `StopAsyncIteration` from
    /// `__anext__` into leaving the loop. `depth` counts the stack items kept, the async
    /// iterator included.
    pub(super) fn async_loop_end(&mut self, top: u32, region_end: u32, depth: u32) {
        let handler = self.here();
        self.add_handler(top, region_end, handler, depth);
        self.emit(Instr::EndAsyncFor);
    }

    pub(super) fn async_for_stmt(&mut self, f: &'a ast::StmtAsyncFor) -> CResult {
        self.require_async_def(f, "'async for' outside async function")?;
        let base = self.unit().depth;
        self.expr(&f.iter)?;
        self.set_line(f);
        self.emit(Instr::GetAiter);
        let (top, region_end) = self.async_loop_head();
        self.store_target(&f.target)?;
        self.unit().depth = base + 1;
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
        self.unit().depth = base;
        self.async_loop_end(top, region_end, base + 1);
        self.stmts(&f.orelse)?;
        for p in breaks {
            self.patch_here(p);
        }
        Ok(())
    }

    /// `async with a, b: body` as nested `async with` blocks, each awaiting `__aenter__()` and
    /// `__aexit__(...)`.
    pub(super) fn async_with_stmt(
        &mut self,
        items: &'a [ast::WithItem],
        body: &'a [Stmt],
        node: &'a Stmt,
    ) -> CResult {
        let Some((first, rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let base = self.unit().depth;
        self.expr(&first.context_expr)?;
        self.set_line(node);
        self.emit(Instr::BeforeAsyncWith);
        self.emit_await(1);
        match &first.optional_vars {
            Some(v) => self.store_target(v)?,
            None => {
                self.emit(Instr::Pop);
            }
        }
        let start = self.here();
        self.unit().depth = base + 1;
        self.unit().fblocks.push(FBlock::AsyncWith);
        if rest.is_empty() {
            self.stmts(body)?;
        } else {
            self.async_with_stmt(rest, body, node)?;
        }
        self.unit().fblocks.pop();
        let end = self.here();
        self.unit().depth = base;
        self.set_line(node);
        self.call_aexit_with_nones();
        let done = self.emit(Instr::Jump(0));
        // exception: [.., aexit, exc]
        let exc_at = self.here();
        self.add_handler(start, end, exc_at, base + 1);
        self.emit(Instr::PushExcInfo);
        let hstart = self.here();
        self.emit(Instr::AsyncWithExceptStart);
        self.emit_await(2);
        let suppress = self.emit(Instr::PopJumpIfTrue(0));
        self.emit(Instr::Reraise);
        let hend = self.here();
        self.patch_here(suppress);
        self.emit(Instr::Pop); // exc
        self.emit(Instr::PopExcept); // prev
        self.emit(Instr::Pop); // aexit
        let done2 = self.emit(Instr::Jump(0));
        let cleanup = self.emit_handler_cleanup();
        self.add_handler(hstart, hend, cleanup, base + 2);
        self.patch_here(done);
        self.patch_here(done2);
        Ok(())
    }

    /// Stack: aexit -> (nothing): `await aexit(None, None, None)`.
    pub(super) fn call_aexit_with_nones(&mut self) {
        let none = self.const_val(ConstKey::None, Value::None);
        self.emit(Instr::PushNull);
        for _ in 0..3 {
            self.emit(Instr::LoadConst(none));
        }
        self.emit(Instr::Call(3));
        self.emit_await(2);
        self.emit(Instr::Pop);
    }
}

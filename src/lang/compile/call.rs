//! Compiling a call: the zero-argument `super()` rewrite, method calls (`LoadMethod`), plain
//! positional and keyword calls (`Call`, `CallKw` with the keyword names as a constant), and
//! calls with `*args` / `**kwargs` (`CallEx`).
//!
//! Kept apart from the other expressions because the calling convention has its own cases
//! and checks (a repeated keyword argument is a syntax error).

use rustpython_parser::ast::{self, Expr};

use super::{CResult, Compiler};
use crate::lang::bytecode::Instr;
use crate::lang::symtable::NameAccess;
use crate::vm::value::Value;

impl<'a> Compiler<'a> {
    /// Does `name` here mean the builtin: looked up as a global (or in a class body's
    /// namespace), bound neither in this scope nor at module level?
    fn names_the_builtin(&self, name: &str) -> bool {
        matches!(
            self.scope().access(name),
            NameAccess::Global | NameAccess::Name
        ) && !self.scope().is_bound(name)
            && !self.table.scopes[0].is_bound(name)
    }

    pub(super) fn call(&mut self, c: &'a ast::ExprCall) -> CResult {
        // zero-argument super(): pass __class__ and the first argument explicitly
        if let Expr::Name(n) = &*c.func {
            if n.id.as_str() == "super"
                && c.args.is_empty()
                && c.keywords.is_empty()
                && self.scope().access("super") == NameAccess::Global
                && self
                    .units
                    .last()
                    .unwrap()
                    .derefs
                    .iter()
                    .any(|d| d == "__class__")
            {
                let first = self.scope().params.first().cloned();
                if let Some(first) = first {
                    self.load_name("super");
                    self.emit(Instr::PushNull);
                    let i = self.deref_idx("__class__");
                    self.emit(Instr::LoadDeref(i));
                    self.load_name(&first);
                    self.emit(Instr::Call(2));
                    return Ok(());
                }
            }
        }
        // globals(), locals(), vars() and dir() read the calling frame, which a builtin does not see:
        // when the name is the builtin's, the call becomes an instruction
        if let Expr::Name(n) = &*c.func {
            let name = n.id.as_str();
            if matches!(name, "globals" | "locals" | "vars" | "dir")
                && c.args.is_empty()
                && c.keywords.is_empty()
                && self.names_the_builtin(name)
            {
                self.set_line(&*c.func);
                self.emit(match name {
                    "globals" => Instr::LoadGlobalsDict,
                    "dir" => Instr::LoadLocalNames,
                    _ => Instr::LoadLocalsDict,
                });
                return Ok(());
            }
        }
        let has_star = c.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || c.keywords.iter().any(|k| k.arg.is_none());
        match &*c.func {
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_line(&*c.func);
                let i = self.name_idx(a.attr.as_str());
                // a failed lookup underlines the attribute, as in CPython 3.11
                let saved = self.enter_loc(&*c.func);
                self.emit(Instr::LoadMethod(i));
                self.leave_loc(saved);
            }
            f => {
                self.expr(f)?;
                self.emit(Instr::PushNull);
            }
        }
        if has_star {
            self.emit(Instr::BuildList(0));
            for a in &c.args {
                match a {
                    Expr::Starred(s) => {
                        self.expr(&s.value)?;
                        self.emit(Instr::ListExtend(1));
                    }
                    other => {
                        self.expr(other)?;
                        self.emit(Instr::ListAppend(1));
                    }
                }
            }
            self.emit(Instr::ListToTuple);
            let has_kw = !c.keywords.is_empty();
            if has_kw {
                self.emit(Instr::BuildMap(0));
                for k in &c.keywords {
                    match &k.arg {
                        Some(name) => {
                            let kk = self.const_str(name.as_str());
                            self.emit(Instr::LoadConst(kk));
                            self.expr(&k.value)?;
                            self.emit(Instr::MapAdd(1));
                        }
                        None => {
                            self.expr(&k.value)?;
                            self.emit(Instr::DictMerge(1));
                        }
                    }
                }
            }
            self.set_line(c);
            self.emit(Instr::CallEx { kwargs: has_kw });
            return Ok(());
        }
        for a in &c.args {
            self.expr(a)?;
        }
        let argc = (c.args.len() + c.keywords.len()) as u16;
        self.set_line(c);
        if c.keywords.is_empty() {
            self.emit(Instr::Call(argc));
        } else {
            let mut names = vec![];
            for k in &c.keywords {
                let name = k.arg.as_ref().unwrap();
                if names
                    .iter()
                    .any(|n: &Value| n.as_str() == Some(name.as_str()))
                {
                    return self
                        .syntax(k, &format!("keyword argument repeated: {}", name.as_str()));
                }
                names.push(Value::str(name.as_str()));
                self.expr(&k.value)?;
            }
            let kw = self.const_other(Value::tuple(names));
            self.emit(Instr::CallKw { argc, kwnames: kw });
        }
        Ok(())
    }
}

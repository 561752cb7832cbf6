//! Names: global and builtin lookups and global stores (with their inline caches), `del` of a name,
//! and the errors of unbound locals and free variables.

use std::cell::RefCell;
use std::rc::Rc;

use super::super::dict::DictData;
use super::super::value::Value;
use super::super::{PyErr, PyResult, Vm};
use crate::lang::bytecode::Code;

/// The `LoadGlobal` inline cache of instruction `ip`.
#[inline]
pub(super) fn global_hint_at(
    code: &Code,
    ip: usize,
) -> &std::cell::Cell<crate::lang::bytecode::GlobalHint> {
    let hints = code.runtime.globals.get_or_init(|| {
        let none = std::cell::Cell::new(Default::default());
        vec![none; code.body().instrs.len()].into_boxed_slice()
    });
    debug_assert!(ip < hints.len());
    // SAFETY: there is a hint per instruction, and `ip` is the running instruction's index
    unsafe { hints.get_unchecked(ip) }
}

impl Vm {
    /// `locals()`: a module's or class body's namespace itself; for a function, a new dict of
    /// its bound locals (in `co_varnames` order, a cell variable's value from its cell), then
    /// its other cell and free variables, as CPython 3.11's frame-to-dict does.
    #[cold]
    #[inline(never)]
    pub(super) fn locals_dict(
        &mut self,
        code: &Code,
        locals: &[Value],
        cells: &[Rc<RefCell<Value>>],
        ns: Option<&Rc<RefCell<DictData>>>,
        globals: &Rc<RefCell<DictData>>,
    ) -> Value {
        if let Some(ns) = ns {
            return Value::Dict(ns.clone());
        }
        if code.kind == crate::lang::bytecode::CodeKind::Module {
            return Value::Dict(globals.clone());
        }
        let mut d = DictData::new();
        let cell_names = code.cellvars.iter().chain(code.freevars.iter());
        let cell_of = |name: &super::super::value::PyStr| {
            cell_names
                .clone()
                .position(|c| c.as_str() == name.as_str())
                .and_then(|i| cells.get(i))
                .map(|c| c.borrow().clone())
        };
        for (i, name) in code.varnames.iter().enumerate() {
            let v = cell_of(name).unwrap_or_else(|| locals.get(i).cloned().unwrap_or(Value::Null));
            if !matches!(v, Value::Null) {
                d.set_str(name.as_str(), v);
            }
        }
        for (i, name) in cell_names.clone().enumerate() {
            if code.varnames.iter().any(|v| v.as_str() == name.as_str()) {
                continue;
            }
            if let Some(c) = cells.get(i) {
                let v = c.borrow().clone();
                if !matches!(v, Value::Null) {
                    d.set_str(name.as_str(), v);
                }
            }
        }
        Value::Dict(Rc::new(RefCell::new(d)))
    }

    /// `dir()`'s list: the keys of namespace `d`, sorted.
    #[cold]
    #[inline(never)]
    pub(super) fn sorted_keys(&mut self, d: &Value) -> PyResult {
        let keys = match d {
            Value::Dict(d) => d.borrow().keys(),
            _ => vec![],
        };
        super::super::builtins::sorted_list(self, Value::list(keys))
    }
}

/// `StoreGlobal` when its cache missed: store `name`, and note where it now is in `hint` (a
/// store never reads builtins, so a hint it leaves is always in the globals).
#[cold]
pub(super) fn store_global_hinted(
    globals: &Rc<RefCell<DictData>>,
    name: &Rc<super::super::value::PyStr>,
    v: Value,
    hint: &std::cell::Cell<crate::lang::bytecode::GlobalHint>,
) {
    let mut g = globals.borrow_mut();
    g.set_pystr(name, v);
    if let Some(i) = g.index_of_pystr(name) {
        hint.set(crate::lang::bytecode::GlobalHint {
            globals: Rc::as_ptr(globals) as usize,
            keys: g.keys_version(),
            builtin_keys: 0,
            index: i as u32,
            in_builtins: false,
        });
    }
}

impl Vm {
    /// `del name` (`code.names[i]`, at instruction `ip`) from the namespace `ns`.
    pub(super) fn delete_name(
        &mut self,
        ns: &Rc<RefCell<DictData>>,
        code: &Code,
        i: u32,
        ip: usize,
    ) -> PyResult<()> {
        let name = &code.body().names[i as usize];
        if !ns.borrow_mut().del_str(name.as_str()) {
            return Err(self.name_error(format!("name '{}' is not defined", name.as_str())));
        }
        if super::super::finalize::pending() {
            self.finalize_dropped_at(code, ip);
        }
        Ok(())
    }

    #[cold]
    pub(super) fn unbound_deref(&self, code: &Code, i: usize) -> PyErr {
        let name = if i < code.cellvars.len() {
            code.cellvars[i].clone()
        } else {
            code.freevars[i - code.cellvars.len()].clone()
        };
        self.name_error(format!(
            "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
            name.as_str()
        ))
    }

    /// `LoadGlobal`'s lookup when its cache missed: globals, then builtins, noting where the
    /// name was found in `hint`.
    #[cold]
    pub(super) fn load_global_hinted(
        &mut self,
        globals: &Rc<RefCell<DictData>>,
        name: &super::super::value::PyStr,
        gaddr: usize,
        hint: &std::cell::Cell<crate::lang::bytecode::GlobalHint>,
    ) -> PyResult {
        use crate::lang::bytecode::GlobalHint;
        let g = globals.borrow();
        if let Some(i) = g.index_of_pystr(name) {
            hint.set(GlobalHint {
                globals: gaddr,
                keys: g.keys_version(),
                builtin_keys: 0,
                index: i as u32,
                in_builtins: false,
            });
            return Ok(g.value_at(i).cloned().unwrap_or(Value::None));
        }
        let b = self.interp.builtins.borrow();
        if let Some(i) = b.index_of_pystr(name) {
            hint.set(GlobalHint {
                globals: gaddr,
                keys: g.keys_version(),
                builtin_keys: b.keys_version(),
                index: i as u32,
                in_builtins: true,
            });
            return Ok(b.value_at(i).cloned().unwrap_or(Value::None));
        }
        drop(b);
        drop(g);
        Err(self.name_error(format!("name '{}' is not defined", name.as_str())))
    }

    /// Look a name up in globals, then builtins.
    pub fn load_global(
        &mut self,
        globals: &Rc<RefCell<DictData>>,
        name: &super::super::value::PyStr,
    ) -> PyResult {
        match self.lookup_global(globals, name) {
            Some(v) => Ok(v),
            None => Err(self.name_error(format!("name '{}' is not defined", name.as_str()))),
        }
    }

    /// `name` in globals, then builtins (`LOAD_GLOBAL`'s order), if it is in either.
    pub(in crate::vm) fn lookup_global(
        &self,
        globals: &RefCell<DictData>,
        name: &super::super::value::PyStr,
    ) -> Option<Value> {
        let found = globals.borrow().get_pystr(name);
        found.or_else(|| self.interp.builtins.borrow().get_pystr(name))
    }
}

//! `__del__`: an instance of a class that defines it is finalized when its last reference goes,
//! as CPython's `tp_finalize` does for a refcount dropping to zero (PEP 442: once per object).
//!
//! A value can be dropped anywhere in Rust, with no VM at hand, so `Drop` only queues the work:
//! it moves the instance's contents (class, `__dict__`, builtin base, exception data) into a
//! fresh instance, the one `__del__` gets as `self`, and marks that one finalized so its own
//! end never calls `__del__` again (unless `__del__` stored `self` somewhere, it dies after the
//! call). The interpreter runs the queue at its next check, with the generators
//! [`finalize`](super::finalize) closes: before a call, after a Python function returns, after
//! `del`, when an exception is raised, and at the end of the run (after `__main__`'s globals
//! are dropped, as CPython's finalisation clears them). What `__del__` raises is printed as
//! CPython prints it, `Exception ignored in: <function C.__del__ at 0x...>` and the traceback,
//! and otherwise ignored.
//!
//! Limits: objects in a reference cycle are never freed (gilsim counts references and has no
//! cycle collector), so their `__del__` never runs (asyncio's pending tasks, which sit in such
//! a cycle, are reported at exit by `asyncio.tasks._destroy_pending_at_exit` instead); and the
//! items of a dropped list go first to last, CPython's last to first. (`LOAD_GLOBAL`'s cache
//! holds no values, only where it found them, so it delays no `__del__`.)

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use super::dict::str_hash;
use super::object::{class_epoch, Class, Instance};
use super::value::Value;
use super::Vm;

thread_local! {
    /// Instances to finalize, each with the `__del__` its class gave.
    static TO_DEL: RefCell<Vec<(Rc<Instance>, Value)>> = const { RefCell::new(Vec::new()) };
    /// Addresses of the instances made to be finalized: their own end calls no `__del__`.
    static FINALIZED: RefCell<HashSet<usize>> = RefCell::new(HashSet::new());
}

/// The `__del__` of `class`, from the first class of its mro that defines one. Only classes a
/// `class` statement made are looked at (no builtin class defines `__del__`), and a dict being
/// changed right now (the drop may come from inside that change) is skipped. That a class has
/// none is remembered until some class changes (every instance's end asks).
fn find_del(class: &Rc<Class>) -> Option<Value> {
    if !class.is_user {
        return None;
    }
    let epoch = class_epoch();
    if class.shape.no_del_at.get() == epoch {
        return None;
    }
    let h = str_hash("__del__");
    let mut read_all = true;
    for c in class.lookup_order().filter(|c| c.is_user) {
        match c.dict.try_borrow() {
            Ok(d) => {
                if let Some(v) = d.get_str_hashed("__del__", h) {
                    return Some(v);
                }
            }
            Err(_) => read_all = false,
        }
    }
    if read_all {
        class.shape.no_del_at.set(epoch);
    }
    None
}

impl Drop for Instance {
    fn drop(&mut self) {
        let me = self as *const Instance as usize;
        let class = self.class.get_mut();
        if !class.is_user || class.shape.no_del_at.get() == class_epoch() {
            return;
        }
        let Some(del) = find_del(class) else {
            return;
        };
        let class = class.clone();
        let Ok(done) = FINALIZED.try_with(|f| f.borrow_mut().remove(&me)) else {
            return;
        };
        if done {
            return;
        }
        let copy = Rc::new(Instance {
            class: RefCell::new(class),
            dict: RefCell::new(std::mem::take(self.dict.get_mut())),
            base: RefCell::new(std::mem::replace(self.base.get_mut(), Value::None)),
            exc: self.exc.take(),
        });
        let addr = Rc::as_ptr(&copy) as usize;
        let queued = TO_DEL.try_with(|q| q.borrow_mut().push((copy, del)));
        if queued.is_ok() {
            let _ = FINALIZED.try_with(|f| f.borrow_mut().insert(addr));
            super::finalize::mark_pending();
        }
    }
}

/// Takes the instances waiting for their `__del__`.
pub(super) fn take_queued() -> Vec<(Rc<Instance>, Value)> {
    TO_DEL.with(|q| std::mem::take(&mut *q.borrow_mut()))
}

impl Vm {
    /// Calls `del(inst)`; what it raises is printed as CPython's "Exception ignored in".
    pub(super) fn call_del(&mut self, inst: Rc<Instance>, del: &Value) {
        if let Err(e) = self.call(del, &[Value::Inst(inst)], &[]) {
            let what = self.repr_string(del).unwrap_or_default();
            let tb = self.format_traceback(&e);
            self.flush();
            self.write_stderr(&format!("Exception ignored in: {what}\n{tb}"));
        }
    }
}

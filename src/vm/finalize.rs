//! What happens to a generator object dropped before it finished, as CPython's
//! `_PyGen_Finalize` does it:
//! - a coroutine that never ran: the `RuntimeWarning: coroutine '...' was never awaited`
//!   (printed as the `warnings` module prints it, once per location and text);
//! - a suspended generator or coroutine: it is closed (`GeneratorExit` thrown in), so its
//!   `finally` blocks run;
//! - a suspended async generator: the finalizer of `sys.set_asyncgen_hooks` gets it (asyncio's
//!   loop schedules `aclose()`), else it is closed like a generator;
//! - an instance whose class defines `__del__`: see [`super::dunder_del`].
//!
//! A value can be dropped anywhere in Rust, with no VM at hand, so `Drop` only queues the work
//! (moving the suspended frame into a fresh generator object); the interpreter does it at its
//! next check: after a `Pop` of a generator, before a call, after a Python function returns,
//! after `del`, when an exception is raised, and at the end of the run.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::call::Kwargs;
use super::object::Generator;
use super::value::{PyStr, Value};
use super::{PyResult, Vm};
use crate::lang::bytecode::{Code, CodeKind};

/// Where a finalization happens: the instruction running when the object was dropped.
#[derive(Clone, Copy)]
struct Site<'a> {
    code: &'a Code,
    ip: usize,
}

impl Site<'_> {
    fn line(&self) -> u32 {
        self.code.line_at(self.ip)
    }
}

/// Set while something waits in the queues below: the interpreter's cheap check.
static PENDING: AtomicBool = AtomicBool::new(false);

/// Marks a generator object made by `Drop` to finalize another: it is never queued again.
const FINALIZING: u8 = 0x80;

thread_local! {
    /// Coroutines dropped before they ever ran (qualified names).
    static UNAWAITED: RefCell<Vec<Rc<PyStr>>> = const { RefCell::new(Vec::new()) };
    /// Suspended generator objects dropped, to close (or hand to the asyncgen finalizer).
    static TO_CLOSE: RefCell<Vec<Rc<Generator>>> = const { RefCell::new(Vec::new()) };
    /// Warnings shown already: (file, line, text), the `default` filter's once-per-location.
    static SHOWN: RefCell<HashSet<(String, u32, String)>> = RefCell::new(HashSet::new());
    /// `sys.set_asyncgen_hooks`: (firstiter, finalizer).
    static HOOKS: RefCell<(Value, Value)> = const { RefCell::new((Value::None, Value::None)) };
}

/// Notes that work was queued (an instance's `__del__`, see [`super::dunder_del`]).
pub(super) fn mark_pending() {
    PENDING.store(true, Ordering::Relaxed);
}

/// Is there work queued for [`Vm::finalize_dropped`]?
#[inline]
pub fn pending() -> bool {
    PENDING.load(Ordering::Relaxed)
}

impl Drop for Generator {
    fn drop(&mut self) {
        let Some(frame) = self.frame.get_mut() else {
            return;
        };
        if frame.ip == 0 {
            if self.code.kind == CodeKind::Coroutine {
                let name = self.qualname.clone();
                if UNAWAITED.try_with(|q| q.borrow_mut().push(name)).is_ok() {
                    PENDING.store(true, Ordering::Relaxed);
                }
            }
            return;
        }
        if self.flags.get() & FINALIZING != 0 {
            return;
        }
        // suspended: move its frame into a new object that the interpreter closes
        let g = Rc::new(Generator {
            frame: RefCell::new(self.frame.get_mut().take()),
            running: Cell::new(false),
            name: self.name.clone(),
            qualname: self.qualname.clone(),
            code: self.code.clone(),
            flags: Cell::new(self.flags.get() | FINALIZING),
        });
        if TO_CLOSE.try_with(|q| q.borrow_mut().push(g)).is_ok() {
            PENDING.store(true, Ordering::Relaxed);
        }
    }
}

impl Vm {
    /// Do the queued finalization, attributing it to instruction `ip` of the code running now.
    pub fn finalize_dropped_at(&mut self, code: &Code, ip: usize) {
        self.finalize_queued(Some(Site { code, ip }));
    }

    /// Do the queued finalization at the instruction the innermost frame's record holds.
    #[cold]
    pub fn finalize_dropped(&mut self) {
        // SAFETY of the pointer: a record's code outlives it, and the frame it records is
        // running (below the finalizers run here), so the code is alive throughout
        let at = self.frames.last().map(|r| (r.code() as *const Code, r.ip));
        match at {
            Some((code, ip)) => self.finalize_queued(Some(Site {
                code: unsafe { &*code },
                ip,
            })),
            None => self.finalize_queued(None),
        }
    }

    /// At interpreter shutdown: drop `__main__`'s globals (as CPython's finalisation does) and
    /// finalize what that frees; warnings then say `sys:1`, as CPython's do.
    pub fn finalize_at_exit(&mut self) {
        let main = self.interp.modules.borrow().get_str("__main__");
        if let Some(Value::Module(m)) = main {
            let d = std::mem::take(&mut *m.dict.borrow_mut());
            drop(d);
        }
        self.finalize_queued(None);
    }

    #[cold]
    fn finalize_queued(&mut self, at: Option<Site<'_>>) {
        // closing runs Python code, which may drop more: go on until nothing is left
        for _ in 0..1000 {
            PENDING.store(false, Ordering::Relaxed);
            let names = UNAWAITED.with(|q| std::mem::take(&mut *q.borrow_mut()));
            for name in names {
                self.warn_never_awaited(&name, at);
            }
            let gens = TO_CLOSE.with(|q| std::mem::take(&mut *q.borrow_mut()));
            for g in gens {
                self.finalize_generator(&g, at);
            }
            for (inst, del) in super::dunder_del::take_queued() {
                self.call_del(inst, &del);
            }
            if !pending() {
                return;
            }
        }
    }

    /// CPython's warning, as `warnings.showwarning` writes it: the location, the source line
    /// and the tracemalloc hint; with no Python frame running, `sys:1` and nothing more.
    fn warn_never_awaited(&mut self, name: &PyStr, at: Option<Site<'_>>) {
        let text = format!("coroutine '{}' was never awaited", name.as_str());
        let (file, line) = at.map_or(("sys", 1), |s| (&*s.code.filename, s.line()));
        let fresh = SHOWN.with(|s| {
            s.borrow_mut()
                .insert((file.to_string(), line, text.clone()))
        });
        if !fresh {
            return;
        }
        let mut out = format!("{file}:{line}: RuntimeWarning: {text}\n");
        if at.is_some() {
            if let Some(src) = super::import::source_line(self, file, line) {
                let t = src.trim();
                if !t.is_empty() {
                    out.push_str(&format!("  {t}\n"));
                }
            }
            out.push_str(
                "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n",
            );
        }
        self.write_stderr(&out);
    }

    /// Close a dropped suspended generator object, or give an async generator to the
    /// finalizer hook; what it raises is reported as "Exception ignored in", as CPython does.
    fn finalize_generator(&mut self, g: &Rc<Generator>, at: Option<Site<'_>>) {
        let value = Value::Gen(g.clone());
        let finalizer = HOOKS.with(|h| h.borrow().1.clone());
        let r = if g.code.kind == CodeKind::AsyncGenerator
            && !finalizer.is_none()
            && !g.flag(Generator::AG_CLOSED)
        {
            self.call(&finalizer, std::slice::from_ref(&value), &[])
                .map(|_| Value::None)
        } else {
            super::coro::close_generator(self, g)
        };
        if let Err(e) = r {
            let what = self.repr_string(&value).unwrap_or_default();
            let mut tb = self.format_traceback(&e);
            if let Some(site) = at {
                // CPython's traceback starts where the object was dropped
                let printer = super::carets::Printer::Interpreter;
                let head = self.format_entry(site.code, site.line(), site.ip, printer);
                tb = match tb.strip_prefix("Traceback (most recent call last):\n") {
                    Some(rest) => format!("Traceback (most recent call last):\n{head}{rest}"),
                    None => format!("Traceback (most recent call last):\n{head}{tb}"),
                };
            }
            self.flush();
            self.write_stderr(&format!("Exception ignored in: {what}\n{tb}"));
        }
    }
}

/// `sys.set_asyncgen_hooks(firstiter=None, finalizer=None)`.
pub fn set_asyncgen_hooks(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let get = |i: usize, name: &str| {
        args.get(i)
            .or_else(|| kw.iter().find(|(k, _)| k.as_str() == name).map(|(_, v)| v))
            .cloned()
    };
    let (first, fin) = (get(0, "firstiter"), get(1, "finalizer"));
    for (v, what) in [(&first, "firstiter"), (&fin, "finalizer")] {
        if let Some(v) = v {
            let ok = matches!(
                v,
                Value::None | Value::Func(_) | Value::Builtin(_) | Value::Method(_)
            );
            if !ok {
                return Err(vm.type_error(format!(
                    "callable {what} expected, got {}",
                    vm.type_of(v).name().as_str()
                )));
            }
        }
    }
    HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        if let Some(f) = first {
            h.0 = f;
        }
        if let Some(f) = fin {
            h.1 = f;
        }
    });
    Ok(Value::None)
}

/// `sys.get_asyncgen_hooks()`: `(firstiter, finalizer)`.
pub fn get_asyncgen_hooks(_vm: &mut Vm, _args: &[Value], _kw: Kwargs) -> PyResult {
    let (a, b) = HOOKS.with(|h| h.borrow().clone());
    Ok(Value::tuple(vec![a, b]))
}

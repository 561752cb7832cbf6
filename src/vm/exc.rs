//! Exceptions: their data, raising them from Rust, and Python-style tracebacks.

use std::cell::RefCell;
use std::rc::Rc;

use super::carets::Printer;
use super::object::{Class, Instance};
use super::value::Value;
use super::{PyResult, Vm};
use crate::lang::bytecode::Code;

/// One traceback entry: a frame's code, the line it was at and the instruction (whose span
/// is looked up only if the traceback is printed).
#[derive(Clone)]
pub struct TbEntry {
    pub code: Rc<Code>,
    pub line: u32,
    pub ip: usize,
}

/// Entries after the third in a row of the same file, line and function are summed up in one
/// line (CPython's `TB_RECURSIVE_CUTOFF`).
const RECURSIVE_CUTOFF: usize = 3;

/// The state an exception instance carries.
#[derive(Clone)]
pub struct ExcData {
    pub args: Value,
    /// Innermost entry last (the order a traceback prints).
    pub traceback: Vec<TbEntry>,
    pub cause: Value,
    pub context: Value,
    pub suppress_context: bool,
}

impl Default for ExcData {
    fn default() -> Self {
        ExcData {
            args: Value::tuple(vec![]),
            traceback: vec![],
            cause: Value::None,
            context: Value::None,
            suppress_context: false,
        }
    }
}

/// A raised exception: the exception instance.
#[derive(Clone)]
pub struct PyErr {
    pub exc: Value,
}

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PyErr")
    }
}

impl PyErr {
    /// The exception's instance (always an `Inst` carrying `ExcData`).
    pub fn instance(&self) -> &Rc<Instance> {
        match &self.exc {
            Value::Inst(i) => i,
            _ => unreachable!("exceptions are instances"),
        }
    }
    pub fn class(&self) -> Rc<Class> {
        self.instance().class()
    }
    /// Whether this is an instance of `cls` (or a subclass).
    pub fn matches(&self, cls: &Rc<Class>) -> bool {
        self.class().is_subclass(cls)
    }
    pub fn data(&self) -> std::cell::RefMut<'_, ExcData> {
        self.instance().exc.as_ref().unwrap().borrow_mut()
    }
}

/// A new exception instance of `cls` with `args`.
pub fn new_exception(cls: &Rc<Class>, args: Vec<Value>) -> Value {
    Value::Inst(Rc::new(Instance::new(
        cls,
        Some(RefCell::new(ExcData {
            args: Value::tuple(args),
            ..Default::default()
        })),
    )))
}

impl Vm {
    /// An exception of class `cls` with one string argument.
    pub fn new_error(&self, cls: &Rc<Class>, msg: impl Into<String>) -> PyErr {
        let m: String = msg.into();
        PyErr {
            exc: new_exception(cls, vec![Value::str(m)]),
        }
    }
    pub fn type_error(&self, msg: impl Into<String>) -> PyErr {
        self.new_error(&self.t().exc.type_error, msg)
    }
    pub fn value_error(&self, msg: impl Into<String>) -> PyErr {
        self.new_error(&self.t().exc.value_error, msg)
    }
    pub fn index_error(&self, msg: impl Into<String>) -> PyErr {
        self.new_error(&self.t().exc.index_error, msg)
    }
    pub fn attribute_error(&self, msg: impl Into<String>) -> PyErr {
        self.new_error(&self.t().exc.attribute_error, msg)
    }
    pub fn name_error(&self, msg: impl Into<String>) -> PyErr {
        self.new_error(&self.t().exc.name_error, msg)
    }
    pub fn runtime_error(&self, msg: impl Into<String>) -> PyErr {
        self.new_error(&self.t().exc.runtime_error, msg)
    }
    pub fn overflow_error(&self, msg: impl Into<String>) -> PyErr {
        self.new_error(&self.t().exc.overflow_error, msg)
    }
    pub fn zero_division(&self, msg: impl Into<String>) -> PyErr {
        self.new_error(&self.t().exc.zero_division_error, msg)
    }
    /// `KeyError(key)`: the key itself is the argument.
    pub fn key_error(&self, key: Value) -> PyErr {
        PyErr {
            exc: new_exception(&self.t().exc.key_error, vec![key]),
        }
    }
    /// `StopIteration(value)`.
    pub fn stop_iteration(&self, value: Value) -> PyErr {
        let args = if value.is_none() { vec![] } else { vec![value] };
        PyErr {
            exc: new_exception(&self.t().exc.stop_iteration, args),
        }
    }

    /// Turn a raised value (a class or an instance) into an exception.
    pub fn make_exception(&mut self, v: Value) -> PyResult<PyErr> {
        match &v {
            Value::Inst(i) if i.exc.is_some() => Ok(PyErr { exc: v }),
            Value::Class(c) if c.is_subclass(&self.t().exc.base_exception) => {
                let inst = self.call(&v, &[], &[])?;
                match &inst {
                    Value::Inst(i) if i.exc.is_some() => Ok(PyErr { exc: inst }),
                    _ => Err(self.type_error(format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        c.name().as_str(),
                        self.type_of(&inst).name().as_str()
                    ))),
                }
            }
            _ => Err(self.type_error("exceptions must derive from BaseException")),
        }
    }

    /// `str(exc)` as tracebacks print it.
    pub fn exc_message(&mut self, err: &PyErr) -> String {
        match self.to_str(&err.exc) {
            Ok(s) => s.as_str().to_string(),
            Err(_) => "<exception str() failed>".to_string(),
        }
    }

    /// Format an exception and its chain the way CPython prints an uncaught one.
    pub fn format_traceback(&mut self, err: &PyErr) -> String {
        self.format_traceback_as(err, Printer::Interpreter)
    }

    /// Format an exception and its chain as `printer` does.
    pub fn format_traceback_as(&mut self, err: &PyErr, printer: Printer) -> String {
        let mut out = String::new();
        let (cause, context, suppress) = {
            let d = err.data();
            (d.cause.clone(), d.context.clone(), d.suppress_context)
        };
        if let Value::Inst(c) = &cause {
            if c.exc.is_some() {
                out.push_str(&self.format_traceback_as(&PyErr { exc: cause.clone() }, printer));
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            }
        } else if !suppress {
            if let Value::Inst(c) = &context {
                if c.exc.is_some() && !Rc::ptr_eq(c, err.instance()) {
                    out.push_str(&self.format_traceback_as(
                        &PyErr {
                            exc: context.clone(),
                        },
                        printer,
                    ));
                    out.push_str(
                        "\nDuring handling of the above exception, another exception occurred:\n\n",
                    );
                }
            }
        }
        if super::excgroup::is_group(self, err) {
            out.push_str(&super::excgroup::format_group(self, err, 0));
            return out;
        }
        let title = "Traceback (most recent call last):\n";
        out.push_str(&self.format_stack_as(err, title, printer));
        out.push_str(&self.format_exception_only(err));
        out
    }

    /// The traceback entries of an exception under `title` (nothing if it has none), as the
    /// interpreter prints them.
    pub fn format_stack(&mut self, err: &PyErr, title: &str) -> String {
        self.format_stack_as(err, title, Printer::Interpreter)
    }

    /// The traceback entries of an exception under `title`, as `printer` shows them: each
    /// entry's file, line and function, its source line and the carets under the failing
    /// span; a run of more than three entries alike is summed up in one line.
    pub fn format_stack_as(&mut self, err: &PyErr, title: &str, printer: Printer) -> String {
        let tb = err.data().traceback.clone();
        if tb.is_empty() {
            return String::new();
        }
        let mut out = title.to_string();
        let repeated = |out: &mut String, count: usize| {
            if count > RECURSIVE_CUTOFF {
                let more = count - RECURSIVE_CUTOFF;
                let s = if more > 1 { "s" } else { "" };
                out.push_str(&format!("  [Previous line repeated {more} more time{s}]\n"));
            }
        };
        let mut count = 0;
        for (i, e) in tb.iter().enumerate() {
            let same = i > 0 && {
                let last = &tb[i - 1];
                last.line == e.line
                    && last.code.filename == e.code.filename
                    && last.code.name.as_str() == e.code.name.as_str()
            };
            if !same {
                repeated(&mut out, count);
                count = 0;
            }
            count += 1;
            if count > RECURSIVE_CUTOFF {
                continue;
            }
            out.push_str(&self.format_entry(&e.code, e.line, e.ip, printer));
        }
        repeated(&mut out, count);
        out
    }

    /// One traceback entry: `File "...", line N, in f`, the source line and its carets for
    /// instruction `ip` of `code`.
    pub fn format_entry(&self, code: &Code, line: u32, ip: usize, printer: Printer) -> String {
        let name = code.name.as_str();
        let mut out = format!("  File \"{}\", line {line}, in {name}\n", code.filename);
        if let Some(src) = super::import::source_line(self, &code.filename, line) {
            let loc = code.loc_at(ip);
            out.push_str(&super::carets::source_rows(&src, line, loc, printer));
        }
        out
    }

    /// The last line of a traceback: `Name: message` (`module.Name` outside builtins).
    pub fn format_exception_only(&mut self, err: &PyErr) -> String {
        let cls = err.class();
        let mut name = cls.qualname.borrow().as_str().to_string();
        if let Value::Str(m) = &*cls.module.borrow() {
            if !matches!(m.as_str(), "builtins" | "__main__") {
                name = format!("{}.{}", m.as_str(), name);
            }
        }
        let msg = self.exc_message(err);
        if msg.is_empty() {
            format!("{}\n", name)
        } else {
            format!("{}: {}\n", name, msg)
        }
    }
}

//! Imports: native modules, the bundled pure-Python library, and the scenario's sibling files
//! (found through `sys.path[0]` as python3 does), each run once and cached in `sys.modules`.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;
use std::sync::OnceLock;

use super::dict::DictData;
use super::frame::Frame;
use super::object::Module;
use super::value::{PyStr, Value};
use super::{PyResult, Vm};
use crate::lang::bytecode::{Code, Instr};
use crate::lang::frozen::Image;
use crate::lang::FrontError;

/// The Python sources bundled into the binary.
pub const PYLIB: &[(&str, &str)] = &[
    ("collections", include_str!("pylib/collections/__init__.py")),
    ("collections.abc", include_str!("pylib/collections/abc.py")),
    ("_collections", include_str!("pylib/_collections.py")),
    ("itertools", include_str!("pylib/itertools.py")),
    ("functools", include_str!("pylib/functools.py")),
    ("operator", include_str!("pylib/operator.py")),
    ("heapq", include_str!("pylib/heapq.py")),
    ("contextlib", include_str!("pylib/contextlib.py")),
    ("_anext", include_str!("pylib/_anext.py")),
    ("traceback", include_str!("pylib/traceback.py")),
    ("logging", include_str!("pylib/logging.py")),
    ("os.path", include_str!("pylib/posixpath.py")),
    ("bisect", include_str!("pylib/bisect.py")),
    ("copy", include_str!("pylib/copy.py")),
    ("dataclasses", include_str!("pylib/dataclasses.py")),
    ("typing", include_str!("pylib/typing.py")),
    ("string", include_str!("pylib/string.py")),
    ("abc", include_str!("pylib/abc.py")),
    ("enum", include_str!("pylib/enum.py")),
    ("threading", include_str!("pylib/threading.py")),
    ("queue", include_str!("pylib/queue.py")),
    ("random", include_str!("pylib/random.py")),
    ("pickle", include_str!("pylib/pickle.py")),
    ("multiprocessing", include_str!("pylib/multiprocessing.py")),
    ("_mp_pool", include_str!("pylib/_mp_pool.py")),
    (
        "multiprocessing.queues",
        include_str!("pylib/multiprocessing_sub/queues.py"),
    ),
    (
        "multiprocessing.synchronize",
        include_str!("pylib/multiprocessing_sub/synchronize.py"),
    ),
    (
        "multiprocessing.pool",
        include_str!("pylib/multiprocessing_sub/pool.py"),
    ),
    (
        "multiprocessing.process",
        include_str!("pylib/multiprocessing_sub/process.py"),
    ),
    ("concurrent", include_str!("pylib/concurrent/__init__.py")),
    (
        "concurrent.futures",
        include_str!("pylib/concurrent/futures/__init__.py"),
    ),
    (
        "concurrent.futures._base",
        include_str!("pylib/concurrent/futures/_base.py"),
    ),
    (
        "concurrent.futures.thread",
        include_str!("pylib/concurrent/futures/thread.py"),
    ),
    (
        "concurrent.futures.process",
        include_str!("pylib/concurrent/futures/process.py"),
    ),
    ("types", include_str!("pylib/types.py")),
    ("contextvars", include_str!("pylib/contextvars.py")),
    ("asyncio", include_str!("pylib/asyncio/__init__.py")),
    (
        "asyncio.base_events",
        include_str!("pylib/asyncio/base_events.py"),
    ),
    (
        "asyncio.coroutines",
        include_str!("pylib/asyncio/coroutines.py"),
    ),
    ("asyncio.events", include_str!("pylib/asyncio/events.py")),
    (
        "asyncio.exceptions",
        include_str!("pylib/asyncio/exceptions.py"),
    ),
    (
        "asyncio.executor",
        include_str!("pylib/asyncio/executor.py"),
    ),
    (
        "asyncio.format_helpers",
        include_str!("pylib/asyncio/format_helpers.py"),
    ),
    ("asyncio.futures", include_str!("pylib/asyncio/futures.py")),
    ("asyncio.locks", include_str!("pylib/asyncio/locks.py")),
    ("asyncio.queues", include_str!("pylib/asyncio/queues.py")),
    ("asyncio.runners", include_str!("pylib/asyncio/runners.py")),
    (
        "asyncio.taskgroups",
        include_str!("pylib/asyncio/taskgroups.py"),
    ),
    ("asyncio.tasks", include_str!("pylib/asyncio/tasks.py")),
    ("asyncio.threads", include_str!("pylib/asyncio/threads.py")),
    (
        "asyncio.timeouts",
        include_str!("pylib/asyncio/timeouts.py"),
    ),
];

/// The frozen library: every bundled module compiled ahead of time (docs/frozen.md). Made by
/// `GILSIM_BLESS=1 cargo test --test frozen`; `tests/frozen.rs` fails while it is stale.
pub const FROZEN: &[u8] = include_bytes!("pylib/frozen.bin");

/// The frozen image, unless it was made by another front end or `GILSIM_FROZEN=0` turns it
/// off (then every bundled module is compiled from its source, as before freezing).
pub fn frozen() -> Option<&'static Image<'static>> {
    static IMAGE: OnceLock<Option<Image<'static>>> = OnceLock::new();
    IMAGE
        .get_or_init(|| match std::env::var_os("GILSIM_FROZEN") {
            Some(v) if v == "0" => None,
            _ => Image::parse(FROZEN),
        })
        .as_ref()
}

/// The frozen image of the bundled modules as they are now (what `FROZEN` should hold).
pub fn build_frozen_image() -> Result<Vec<u8>, String> {
    crate::lang::frozen::build_image(PYLIB.iter().map(|(n, s)| (*n, bundled_filename(n), *s)))
}

/// A bundled module's code: from the frozen image if it holds this very source, else compiled.
pub fn bundled_code(name: &str, source: &str, filename: &str) -> Result<Rc<Code>, FrontError> {
    match frozen().and_then(|image| image.load(name, source, filename)) {
        Some(code) => Ok(code),
        None => crate::lang::compile_source(source, filename),
    }
}

/// The file name a bundled module's tracebacks show: `<gilsim>/a/b.py`, or
/// `<gilsim>/a/b/__init__.py` for a package (a name other bundled modules live under).
pub fn bundled_filename(name: &str) -> String {
    let path = name.replace('.', "/");
    let prefix = format!("{name}.");
    if PYLIB.iter().any(|(n, _)| n.starts_with(&prefix)) {
        format!("<gilsim>/{path}/__init__.py")
    } else {
        format!("<gilsim>/{path}.py")
    }
}

/// The top-level modules of CPython 3.11's standard library (`sys.stdlib_module_names`).
const CPYTHON_STDLIB: &str = include_str!("stdlib_names.txt");

/// Whether CPython's standard library has a module of this (top-level) name.
pub fn in_cpython_stdlib(name: &str) -> bool {
    let top = name.split('.').next().unwrap_or(name);
    CPYTHON_STDLIB.lines().any(|l| l == top)
}

/// Where a module comes from.
pub enum Source {
    Native,
    Bundled(&'static str),
    File(std::path::PathBuf),
}

/// Find a module by name (without loading it).
pub fn find_module(script_dir: &std::path::Path, name: &str) -> Option<Source> {
    if super::modules::is_native(name) {
        return Some(Source::Native);
    }
    if let Some((_, src)) = PYLIB.iter().find(|(n, _)| *n == name) {
        return Some(Source::Bundled(src));
    }
    if !name.contains('.') {
        let p = script_dir.join(format!("{name}.py"));
        if p.is_file() {
            return Some(Source::File(p));
        }
    }
    None
}

/// Every module a code object (and its children) imports, with the line of the import.
pub fn imported_names(code: &Code, out: &mut Vec<(String, u32)>) {
    for (ip, i) in code.body().instrs.iter().enumerate() {
        if let Instr::ImportName { name, .. } = i {
            out.push((
                code.body().names[*name as usize].as_str().to_string(),
                code.line_at(ip),
            ));
        }
    }
    for c in &code.body().children {
        imported_names(c, out);
    }
}

/// Check before the run that every module the program (and its sibling modules) imports
/// exists, so a missing one is refused with exit 3 instead of failing half-way.
pub fn check_imports(
    script_dir: &std::path::Path,
    code: &Code,
    source: &str,
    filename: &str,
    seen: &mut HashSet<String>,
) -> Result<(), FrontError> {
    let mut names = vec![];
    imported_names(code, &mut names);
    for (name, line) in names {
        let top = name.split('.').next().unwrap_or("").to_string();
        if !seen.insert(name.clone()) {
            continue;
        }
        // a submodule of the standard library must exist itself (`collections.abc`, not just
        // `collections`)
        let found = match find_module(script_dir, &name) {
            None if !in_cpython_stdlib(&name) => find_module(script_dir, &top),
            found => found,
        };
        match found {
            // a module nobody has fails at run time, as in python3 (it may be caught)
            None if !in_cpython_stdlib(&name) => {}
            None => {
                let src_line = source
                    .lines()
                    .nth(line as usize - 1)
                    .unwrap_or("")
                    .to_string();
                let col = src_line.find(&name).map(|c| c + 1).unwrap_or(1);
                return Err(FrontError {
                    kind: crate::lang::ErrorKind::Unsupported,
                    message: format!("module '{name}' is not available in gilsim"),
                    filename: filename.to_string(),
                    line: line as usize,
                    col,
                    source_line: src_line,
                });
            }
            Some(Source::File(p)) => {
                let src = std::fs::read_to_string(&p).unwrap_or_default();
                let fname = p.to_string_lossy().to_string();
                let code = crate::lang::compile_source(&src, &fname)?;
                check_imports(script_dir, &code, &src, &fname, seen)?;
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The line `line` of the source file `filename`, for tracebacks.
pub fn source_line(vm: &Vm, filename: &str, line: u32) -> Option<String> {
    let sources = vm.interp.sources.borrow();
    let src = sources
        .iter()
        .find(|(n, _)| n.as_str() == filename)
        .map(|(_, s)| s.clone())?;
    src.lines()
        .nth(line.checked_sub(1)? as usize)
        .map(|s| s.to_string())
}

impl Vm {
    /// Run a compiled module's code in a fresh module namespace registered as `name`.
    pub fn run_module_code(
        &mut self,
        code: Rc<Code>,
        name: &str,
        file: Option<&str>,
    ) -> PyResult<Value> {
        let dict = Rc::new(RefCell::new(DictData::new()));
        {
            // CPython's module attributes, in its order (gilsim has no loaders, specs or
            // caches: those are None)
            let mut d = dict.borrow_mut();
            let main = name == "__main__";
            d.set_str("__name__", Value::str(name));
            d.set_str("__doc__", Value::None);
            let package = match file {
                _ if main => Value::None,
                Some(f) if f.ends_with("__init__.py") => Value::str(name),
                _ => Value::str(name.rsplit_once('.').map_or("", |(p, _)| p)),
            };
            d.set_str("__package__", package);
            d.set_str("__loader__", Value::None);
            d.set_str("__spec__", Value::None);
            let builtins = Value::Dict(self.interp.builtins.clone());
            if main {
                let annotations = Rc::new(RefCell::new(DictData::new()));
                d.set_str("__annotations__", Value::Dict(annotations));
                d.set_str("__builtins__", builtins.clone());
            }
            if let Some(f) = file {
                d.set_str("__file__", Value::str(f));
                d.set_str("__cached__", Value::None);
            }
            if !main {
                d.set_str("__builtins__", builtins);
            }
        }
        let module = Value::Module(Rc::new(Module {
            name: Rc::new(PyStr::new(name)),
            dict: dict.clone(),
            lazy: Default::default(),
        }));
        self.interp
            .modules
            .borrow_mut()
            .set_str(name, module.clone());
        let costs = self.cost.table_for_call(&code);
        let mut frame = Frame {
            code,
            regs: vec![],
            cells: vec![],
            globals: dict.clone(),
            ns: None,
            ip: 0,
            costs,
        };
        match self.run_frame(&mut frame, None) {
            Ok(_) => Ok(module),
            Err(e) => {
                self.interp.modules.borrow_mut().del_str(name);
                Err(e)
            }
        }
    }

    /// `import name` (with a from-list): the module to bind.
    pub fn import_module(&mut self, name: &str, fromlist: &Value) -> PyResult {
        let module = self.load_module(name)?;
        let has_fromlist = matches!(fromlist, Value::Tuple(t) if !t.is_empty());
        if has_fromlist || !name.contains('.') {
            return Ok(module);
        }
        // `import a.b` binds `a`
        let top = name.split('.').next().unwrap();
        self.load_module(top)
    }

    /// Load (once) the module `name`; a submodule `a.b` loads `a` first and, once loaded,
    /// becomes the attribute `b` of `a`, as in CPython.
    pub fn load_module(&mut self, name: &str) -> PyResult {
        if let Some(m) = self.interp.modules.borrow().get_str(name) {
            return Ok(m);
        }
        if let Some((parent, _)) = name.rsplit_once('.') {
            self.load_module(parent)?;
            if let Some(m) = self.interp.modules.borrow().get_str(name) {
                return Ok(m);
            }
        }
        let m = self.load_new_module(name)?;
        if let Some((parent, child)) = name.rsplit_once('.') {
            if let Some(Value::Module(pm)) = self.interp.modules.borrow().get_str(parent) {
                pm.dict.borrow_mut().set_str(child, m.clone());
            }
        }
        Ok(m)
    }

    /// `module.name(*args)`, the bundled module loaded on first use: for what the builtins
    /// leave to Python code (`list[int]` is a `types.GenericAlias`, `int | None` a
    /// `types.UnionType`, ...), so that no program pays the import before it needs it.
    pub fn call_library(&mut self, module: &str, name: &str, args: &[Value]) -> PyResult {
        let m = self.load_module(module)?;
        let f = self.getattr(&m, &PyStr::new(name))?;
        self.call(&f, args, &[])
    }

    /// Find, run and register a module not loaded yet.
    fn load_new_module(&mut self, name: &str) -> PyResult {
        let found = find_module(&self.interp.script_dir.clone(), name);
        match found {
            Some(Source::Native) => {
                let m = super::modules::make_native(self, name)?;
                self.interp.modules.borrow_mut().set_str(name, m.clone());
                if name == "os" {
                    // CPython's `os` imports its `path` module at once: `os.path.join` works
                    // after a plain `import os`
                    self.load_module("os.path")?;
                }
                Ok(m)
            }
            Some(Source::Bundled(src)) => {
                let fname = bundled_filename(name);
                self.interp
                    .sources
                    .borrow_mut()
                    .push((fname.clone(), Rc::new(src.into())));
                let code = bundled_code(name, src, &fname)
                    .map_err(|e| self.new_error(&self.t().exc.import_error.clone(), e.render()))?;
                let m = self.run_module_code(code, name, None)?;
                // a submodule becomes an attribute of its package, as in CPython
                if let Some((parent, child)) = name.rsplit_once('.') {
                    if let Some(Value::Module(pm)) = self.interp.modules.borrow().get_str(parent) {
                        pm.dict.borrow_mut().set_str(child, m.clone());
                    }
                }
                Ok(m)
            }
            Some(Source::File(p)) => {
                let fname = p.to_string_lossy().to_string();
                let src = std::fs::read_to_string(&p).map_err(|e| {
                    self.new_error(&self.t().exc.import_error.clone(), format!("{fname}: {e}"))
                })?;
                self.interp
                    .sources
                    .borrow_mut()
                    .push((fname.clone(), Rc::new(src.clone().into())));
                let code = crate::lang::compile_source(&src, &fname)
                    .map_err(|e| self.new_error(&self.t().exc.import_error.clone(), e.render()))?;
                self.run_module_code(code, name, Some(&fname))
            }
            None => {
                let e = self.new_error(
                    &self.t().exc.module_not_found_error.clone(),
                    format!("No module named '{name}'"),
                );
                Err(e)
            }
        }
    }

    /// `from module import name`.
    pub fn import_from(&mut self, module: &Value, name: &PyStr) -> PyResult {
        match self.getattr_opt(module, name)? {
            Some(v) => Ok(v),
            None => {
                // a submodule?
                if let Value::Module(m) = module {
                    let full = format!("{}.{}", m.name.as_str(), name.as_str());
                    if find_module(&self.interp.script_dir.clone(), &full).is_some() {
                        return self.load_module(&full);
                    }
                    let file = m.dict.borrow().get_str("__file__");
                    let loc = match file {
                        Some(Value::Str(f)) => format!(" ({})", f.as_str()),
                        _ => " (unknown location)".to_string(),
                    };
                    return Err(self.new_error(
                        &self.t().exc.import_error.clone(),
                        format!(
                            "cannot import name '{}' from '{}'{}",
                            name.as_str(),
                            m.name.as_str(),
                            loc
                        ),
                    ));
                }
                Err(self.no_attribute(module, name.as_str()))
            }
        }
    }

    /// `from module import *`.
    pub fn import_star(&mut self, module: &Value, ns: &Rc<RefCell<DictData>>) -> PyResult<()> {
        let Value::Module(m) = module else {
            return Ok(());
        };
        m.materialize(self);
        let all = m.dict.borrow().get_str("__all__");
        let names: Vec<Value> = match all {
            Some(a) => self.collect(&a)?,
            None => m
                .dict
                .borrow()
                .keys()
                .into_iter()
                .filter(|k| !k.as_str().map(|s| s.starts_with('_')).unwrap_or(true))
                .collect(),
        };
        for n in names {
            if let Value::Str(s) = &n {
                let v = self.getattr(module, s)?;
                ns.borrow_mut().set_pystr(s, v);
            }
        }
        Ok(())
    }
}

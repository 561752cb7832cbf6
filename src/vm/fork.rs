//! `fork()`: a child interpreter starts with a copy of its parent's heap.
//!
//! Linux's default start method in CPython 3.11 is `fork`: the child is a copy of the parent at
//! the moment `Process.start()` runs, so a child that mutates what it inherited changes nothing
//! in the parent. [`Copier`] makes that copy of everything reachable from what it is given
//! (`sys.modules`, the builtins, the process object), preserving sharing and cycles with a memo
//! keyed by address.
//!
//! The copy shares **no** `Rc` with the parent: on the real clock the child runs on OS threads
//! of its own under a GIL of its own, truly in parallel with its parent, and the heap is not
//! thread-safe (an `Rc`'s count is not atomic). So strings, big ints, ranges, builtin
//! functions, code objects, suspended generators and native objects are copied too, and the
//! child gets builtin types of its own, the parent's builtin classes mapped to them by name.
//! A native object is copied by its [`NativeObj::fork_copy`](super::object::NativeObj::fork_copy); one that has none makes the fork
//! fail with a `RuntimeError` rather than share it.
//!
//! A native lock is copied as a handle on the same lock (the run's lock table is shared and
//! thread-safe): that is what lets a `multiprocessing.Lock` created before the fork work across
//! processes; a `threading.Lock` shared that way is a simplification (CPython's child gets an
//! independent copy).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{BufWriter, IsTerminal, LineWriter, Write};
use std::rc::Rc;

use super::dict::{DictData, SetData};
use super::frame::Frame;
use super::object::{
    BoundMethod, Builtin, Class, Function, Generator, Instance, Module, RangeObj, SliceObj,
};
use super::types::{Names, Types};
use super::value::{PyStr, Value};
use super::{Interp, Output};
use crate::lang::bytecode::Code;

/// Deep-copies values for a child interpreter whose builtin types are `types`. One copier per
/// fork, so that everything the child receives keeps the parent's sharing.
pub struct Copier<'a> {
    types: &'a Types,
    /// Copies by the address of the original object.
    memo: HashMap<usize, Value>,
    dicts: HashMap<usize, Rc<RefCell<DictData>>>,
    cells: HashMap<usize, Rc<RefCell<Value>>>,
    codes: HashMap<usize, Rc<Code>>,
    strs: HashMap<usize, Rc<PyStr>>,
    /// A native object met that cannot be copied.
    refused: bool,
}

impl<'a> Copier<'a> {
    /// A copier for a child whose builtin types are `types`.
    pub fn new(types: &'a Types) -> Copier<'a> {
        Copier {
            types,
            memo: HashMap::new(),
            dicts: HashMap::new(),
            cells: HashMap::new(),
            codes: HashMap::new(),
            strs: HashMap::new(),
            refused: false,
        }
    }

    /// The child's copy of `v`.
    pub fn value(&mut self, v: &Value) -> Value {
        match v {
            Value::Tuple(t) => self.memoised(Rc::as_ptr(t) as usize, |c| {
                Value::Tuple(Rc::new(t.iter().map(|x| c.value(x)).collect()))
            }),
            Value::List(l) => {
                let key = Rc::as_ptr(l) as usize;
                if let Some(done) = self.memo.get(&key) {
                    return done.clone();
                }
                let new = Rc::new(RefCell::new(Vec::new()));
                self.memo.insert(key, Value::List(new.clone()));
                let items: Vec<Value> = l.borrow().iter().map(|x| self.value(x)).collect();
                *new.borrow_mut() = items;
                Value::List(new)
            }
            Value::Dict(d) => Value::Dict(self.dict(d)),
            Value::Set(s) => {
                let key = Rc::as_ptr(s) as usize;
                if let Some(done) = self.memo.get(&key) {
                    return done.clone();
                }
                let new = Rc::new(RefCell::new(SetData::new()));
                self.memo.insert(key, Value::Set(new.clone()));
                let map = self.dict_data(&s.borrow().map);
                new.borrow_mut().map = map;
                Value::Set(new)
            }
            Value::FrozenSet(s) => self.memoised(Rc::as_ptr(s) as usize, |c| {
                Value::FrozenSet(Rc::new(SetData {
                    map: c.dict_data(&s.map),
                }))
            }),
            Value::Func(f) => self.memoised(Rc::as_ptr(f) as usize, |c| {
                Value::Func(Rc::new(c.function(f)))
            }),
            Value::Method(m) => self.memoised(Rc::as_ptr(m) as usize, |c| {
                Value::Method(Rc::new(BoundMethod {
                    self_: c.value(&m.self_),
                    func: c.value(&m.func),
                }))
            }),
            Value::Class(cls) => Value::Class(self.class_ref(cls)),
            Value::Inst(i) => self.instance(i),
            Value::Module(m) => self.memoised(Rc::as_ptr(m) as usize, |c| {
                Value::Module(Rc::new(Module {
                    name: c.str(&m.name),
                    dict: c.dict(&m.dict),
                    lazy: std::cell::Cell::new(m.lazy.get()),
                }))
            }),
            Value::Cell(cell) => Value::Cell(self.cell(cell)),
            Value::Str(s) => Value::Str(self.str(s)),
            Value::Big(b) => self.memoised(Rc::as_ptr(b) as usize, |_| {
                Value::Big(Rc::new((**b).clone()))
            }),
            Value::Range(r) => self.memoised(Rc::as_ptr(r) as usize, |_| {
                Value::Range(Rc::new(RangeObj {
                    start: r.start,
                    stop: r.stop,
                    step: r.step,
                }))
            }),
            Value::Slice(s) => self.memoised(Rc::as_ptr(s) as usize, |c| {
                Value::Slice(Rc::new(SliceObj {
                    start: c.value(&s.start),
                    stop: c.value(&s.stop),
                    step: c.value(&s.step),
                }))
            }),
            Value::Builtin(b) => self.memoised(Rc::as_ptr(b) as usize, |c| {
                Value::Builtin(Rc::new(Builtin {
                    name: b.name,
                    owner: b.owner,
                    f: b.f,
                    data: c.value(&b.data),
                }))
            }),
            Value::Gen(g) => Value::Gen(self.generator(g)),
            Value::Native(n) => {
                let key = Rc::as_ptr(n) as usize;
                if let Some(done) = self.memo.get(&key) {
                    return done.clone();
                }
                match n.fork_copy(self) {
                    Some(copy) => {
                        let v = Value::Native(Rc::new(copy));
                        self.memo.insert(key, v.clone());
                        v
                    }
                    None => {
                        self.refused = true;
                        Value::None
                    }
                }
            }
            // no heap behind them (spelled out, not `Value::is_heap`, so that a new variant
            // with an `Rc` fails to compile here rather than be shared with the parent)
            Value::Null
            | Value::None
            | Value::Ellipsis
            | Value::NotImplemented
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_) => v.clone(),
        }
    }

    /// The child's copy of a string (one per original).
    pub fn str(&mut self, s: &Rc<PyStr>) -> Rc<PyStr> {
        self.strs
            .entry(Rc::as_ptr(s) as usize)
            .or_insert_with(|| Rc::new(s.copy()))
            .clone()
    }

    /// The child's copy of a suspended generator (its frame copied, registers and all).
    pub fn generator(&mut self, g: &Rc<Generator>) -> Rc<Generator> {
        let key = Rc::as_ptr(g) as usize;
        if let Some(Value::Gen(done)) = self.memo.get(&key) {
            return done.clone();
        }
        let new = Rc::new(Generator {
            frame: RefCell::new(None),
            running: Cell::new(g.running.get()),
            name: self.str(&g.name),
            qualname: self.str(&g.qualname),
            code: self.code(&g.code),
            flags: Cell::new(g.flags.get()),
        });
        self.memo.insert(key, Value::Gen(new.clone()));
        let frame = g.frame.borrow().as_ref().map(|f| Box::new(self.frame(f)));
        *new.frame.borrow_mut() = frame;
        new
    }

    fn frame(&mut self, f: &Frame) -> Frame {
        Frame {
            code: self.code(&f.code),
            regs: f.regs.iter().map(|v| self.value(v)).collect(),
            cells: f.cells.iter().map(|c| self.cell(c)).collect(),
            globals: self.dict(&f.globals),
            ns: f.ns.as_ref().map(|d| self.dict(d)),
            ip: f.ip,
            costs: Rc::from(&f.costs[..]),
        }
    }

    /// The copy of a dict object (a module's globals, a `dict` value): one per original.
    pub fn dict(&mut self, d: &Rc<RefCell<DictData>>) -> Rc<RefCell<DictData>> {
        let key = Rc::as_ptr(d) as usize;
        if let Some(done) = self.dicts.get(&key) {
            return done.clone();
        }
        let new = Rc::new(RefCell::new(DictData::new()));
        self.dicts.insert(key, new.clone());
        let data = self.dict_data(&d.borrow());
        *new.borrow_mut() = data;
        new
    }

    /// A copy of the entries, in order, with their hashes (a copied key hashes as its original).
    fn dict_data(&mut self, d: &DictData) -> DictData {
        // the originals are only read while copying, so iterating in place is safe
        let mut out = DictData::new();
        for (h, k, v) in d.iter_entries() {
            let k = self.value(k);
            let v = self.value(v);
            out.insert_new(h, k, v);
        }
        out
    }

    pub fn cell(&mut self, cell: &Rc<RefCell<Value>>) -> Rc<RefCell<Value>> {
        let key = Rc::as_ptr(cell) as usize;
        if let Some(done) = self.cells.get(&key) {
            return done.clone();
        }
        let new = Rc::new(RefCell::new(Value::Null));
        self.cells.insert(key, new.clone());
        let inner = self.value(&cell.borrow());
        *new.borrow_mut() = inner;
        new
    }

    /// The child's own copy of a code object (its warm-up counter and caches are per process,
    /// and its names and constants are the child's).
    pub fn code(&mut self, code: &Rc<Code>) -> Rc<Code> {
        let key = Rc::as_ptr(code) as usize;
        if let Some(done) = self.codes.get(&key) {
            return done.clone();
        }
        let mut new = code.forked(|c| self.code(c));
        // what `Code::forked` shares with the original
        new.name = self.str(&code.name);
        new.qualname = self.str(&code.qualname);
        new.filename = Rc::from(&*code.filename);
        let body = new.body_mut();
        body.consts = code.body().consts.iter().map(|v| self.value(v)).collect();
        body.names = code.body().names.iter().map(|s| self.str(s)).collect();
        for (to, from) in [
            (&mut new.varnames, &code.varnames),
            (&mut new.cellvars, &code.cellvars),
            (&mut new.freevars, &code.freevars),
        ] {
            *to = from.iter().map(|s| self.str(s)).collect();
        }
        new.docstring = code.docstring.as_ref().map(|d| self.str(d));
        new.runtime.costs = Default::default();
        if let Some([a, b]) = code.runtime.costs.get() {
            let _ = new.runtime.costs.set([Rc::from(&a[..]), Rc::from(&b[..])]);
        }
        new.runtime
            .iterable_coroutine
            .set(code.runtime.iterable_coroutine.get());
        let new = Rc::new(new);
        self.codes.insert(key, new.clone());
        new
    }

    fn function(&mut self, f: &Function) -> Function {
        let globals = self.dict(&f.globals);
        Function {
            code: self.code(&f.code),
            globals,
            defaults: f.defaults.iter().map(|v| self.value(v)).collect(),
            kwdefaults: f
                .kwdefaults
                .iter()
                .map(|(k, v)| (self.str(k), self.value(v)))
                .collect(),
            closure: f.closure.iter().map(|c| self.cell(c)).collect(),
            name: RefCell::new(self.str(&f.name.borrow())),
            qualname: RefCell::new(self.str(&f.qualname.borrow())),
            dict: RefCell::new(self.dict_data(&f.dict.borrow())),
            doc: RefCell::new(self.value(&f.doc.borrow())),
            module: self.value(&f.module),
        }
    }

    fn class(&mut self, cls: &Rc<Class>) -> Rc<Class> {
        let key = Rc::as_ptr(cls) as usize;
        if let Some(Value::Class(done)) = self.memo.get(&key) {
            return done.clone();
        }
        let bases: Vec<Rc<Class>> = cls.bases.iter().map(|b| self.class_ref(b)).collect();
        let mro: Vec<Rc<Class>> = cls.mro.iter().map(|b| self.class_ref(b)).collect();
        let module = self.value(&cls.module.borrow());
        let new = Rc::new(Class {
            name: RefCell::new(self.str(&cls.name.borrow())),
            qualname: RefCell::new(self.str(&cls.qualname.borrow())),
            module: RefCell::new(module),
            bases,
            mro,
            dict: RefCell::new(DictData::new()),
            kind: cls.kind,
            is_user: cls.is_user,
            attr_cache: Default::default(),
            shape: Default::default(),
        });
        self.memo.insert(key, Value::Class(new.clone()));
        let dict = self.dict_data(&cls.dict.borrow());
        *new.dict.borrow_mut() = dict;
        new
    }

    /// A class as the child sees it: its copy if user-defined, else the child's builtin of
    /// that name.
    pub fn class_ref(&mut self, cls: &Rc<Class>) -> Rc<Class> {
        if cls.is_user {
            return self.class(cls);
        }
        let key = Rc::as_ptr(cls) as usize;
        if let Some(Value::Class(done)) = self.memo.get(&key) {
            return done.clone();
        }
        let new = self.types.builtin_named(cls.name().as_str());
        self.memo.insert(key, Value::Class(new.clone()));
        // the methods a module put on it when the parent imported it (`_thread`'s on `lock`)
        let missing: Vec<(String, Value)> = cls
            .dict
            .borrow()
            .iter_entries()
            .filter_map(|(_, k, v)| {
                let k = k.as_str()?;
                let there = new.dict.borrow().get_str(k).is_some();
                (!there).then(|| (k.to_string(), v.clone()))
            })
            .collect();
        if !missing.is_empty() {
            super::object::bump_class_epoch();
            for (k, v) in missing {
                let v = self.value(&v);
                new.dict.borrow_mut().set_str(&k, v);
            }
        }
        new
    }

    fn instance(&mut self, i: &Rc<Instance>) -> Value {
        let key = Rc::as_ptr(i) as usize;
        if let Some(done) = self.memo.get(&key) {
            return done.clone();
        }
        let class = self.class_ref(&i.class());
        let exc = i.exc.as_ref().map(|e| RefCell::new(e.borrow().clone()));
        let new = Rc::new(Instance::new(&class, exc));
        self.memo.insert(key, Value::Inst(new.clone()));
        let dict = self.dict_data(&i.attrs_dict());
        new.set_attrs(dict);
        let base = self.value(&i.base.borrow());
        *new.base.borrow_mut() = base;
        if let Some(exc) = &new.exc {
            let mut e = exc.borrow_mut();
            e.args = self.value(&e.args);
            e.cause = self.value(&e.cause);
            e.context = self.value(&e.context);
            for tb in e.traceback.iter_mut() {
                tb.code = self.code(&tb.code);
            }
        }
        Value::Inst(new)
    }

    /// Look `key` up in the memo, or make the copy with `make` and remember it.
    fn memoised(&mut self, key: usize, make: impl FnOnce(&mut Copier<'a>) -> Value) -> Value {
        if let Some(done) = self.memo.get(&key) {
            return done.clone();
        }
        let v = make(self);
        self.memo.insert(key, v.clone());
        v
    }
}

/// The child interpreter of a `fork()`: a copy of `parent`'s modules and builtins on builtin
/// types of its own, its own pid, and the run's shared [`Ipc`](super::ipc::Ipc). Returns it
/// with the child's copy of `target`, or why the parent's heap cannot be copied.
pub fn fork_interp(parent: &Interp, pid: i64, target: &Value) -> Result<(Interp, Value), String> {
    let types = super::new_types();
    let mut c = Copier::new(&types);
    // first the builtin classes, with the methods modules added to them as they were imported
    // (natives find their class by name, not through a reference the copy would follow)
    for cls in parent.types.all_builtin() {
        c.class_ref(&cls);
    }
    let modules = c.dict(&parent.modules);
    let builtins = c.dict(&parent.builtins);
    let target = c.value(target);
    let sources = parent
        .sources
        .borrow()
        .iter()
        .map(|(name, text)| (name.clone(), Rc::new((**text).clone())))
        .collect();
    if c.refused {
        return Err("fork() cannot copy a native object of this process into the child".into());
    }
    drop(c);
    // the child's stdout is its own buffer, as CPython's: 8 KiB on a pipe, flushed when the
    // child exits; line by line on a terminal
    let stdout: Box<dyn Write> = if std::io::stdout().is_terminal() {
        Box::new(LineWriter::new(std::io::stdout()))
    } else {
        Box::new(BufWriter::with_capacity(8192, std::io::stdout()))
    };
    let interp = Interp {
        types,
        builtins,
        modules,
        out: Output {
            stdout: RefCell::new(stdout),
            stderr: RefCell::new(Box::new(std::io::stderr())),
            stdout_is_tty: parent.out.stdout_is_tty,
        },
        script_dir: parent.script_dir.clone(),
        argv: parent.argv.clone(),
        names: Names::default(),
        cores: parent.cores,
        seed: parent.seed,
        sources: RefCell::new(sources),
        switch_interval: std::cell::Cell::new(parent.switch_interval.get()),
        pid,
        ppid: parent.pid,
        ipc: parent.ipc.clone(),
        open_files: Default::default(),
    };
    Ok((interp, target))
}

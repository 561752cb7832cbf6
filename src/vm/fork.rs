//! `fork()`: a child interpreter starts with a copy of its parent's heap.
//!
//! Linux's default start method in CPython 3.11 is `fork`: the child is a copy of the parent at
//! the moment `Process.start()` runs, so a child that mutates what it inherited changes nothing
//! in the parent. [`Copier`] makes that copy of everything reachable from what it is given
//! (`sys.modules`, the builtins, the process object), preserving sharing and cycles with a memo
//! keyed by address.
//!
//! What is shared instead of copied: immutable values (numbers, strings, code, ranges,
//! builtin functions), builtin classes (the interpreters share one set of builtin types), and
//! native objects. Sharing a native lock is what lets a `multiprocessing.Lock` created before
//! the fork work across processes; a `threading.Lock` shared that way is a simplification
//! (CPython's child gets an independent copy). A suspended generator is shared too: copying a
//! frame is left for when a scenario needs it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufWriter, IsTerminal, LineWriter, Write};
use std::rc::Rc;

use super::dict::{DictData, SetData};
use super::object::{BoundMethod, Class, Function, Instance, Module};
use super::value::Value;
use super::{Interp, Output};
use crate::lang::bytecode::Code;

/// Deep-copies values for a child interpreter. One copier per fork, so that everything the
/// child receives keeps the parent's sharing.
#[derive(Default)]
pub struct Copier {
    /// Copies by the address of the original object.
    memo: HashMap<usize, Value>,
    dicts: HashMap<usize, Rc<RefCell<DictData>>>,
    cells: HashMap<usize, Rc<RefCell<Value>>>,
    codes: HashMap<usize, Rc<Code>>,
}

impl Copier {
    pub fn new() -> Copier {
        Copier::default()
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
            Value::Class(cls) if cls.is_user => Value::Class(self.class(cls)),
            Value::Inst(i) => self.instance(i),
            Value::Module(m) => self.memoised(Rc::as_ptr(m) as usize, |c| {
                Value::Module(Rc::new(Module {
                    name: m.name.clone(),
                    dict: c.dict(&m.dict),
                }))
            }),
            Value::Cell(cell) => Value::Cell(self.cell(cell)),
            // immutable, builtin or native: shared (see the module documentation)
            _ => v.clone(),
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

    fn cell(&mut self, cell: &Rc<RefCell<Value>>) -> Rc<RefCell<Value>> {
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

    /// The child's own copy of a code object (its warm-up counter and caches are per process).
    fn code(&mut self, code: &Rc<Code>) -> Rc<Code> {
        let key = Rc::as_ptr(code) as usize;
        if let Some(done) = self.codes.get(&key) {
            return done.clone();
        }
        let new = Rc::new(code.forked(|c| self.code(c)));
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
                .map(|(k, v)| (k.clone(), self.value(v)))
                .collect(),
            closure: f.closure.iter().map(|c| self.cell(c)).collect(),
            name: RefCell::new(f.name.borrow().clone()),
            qualname: RefCell::new(f.qualname.borrow().clone()),
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
        let new = Rc::new(Class {
            name: RefCell::new(cls.name.borrow().clone()),
            qualname: RefCell::new(cls.qualname.borrow().clone()),
            module: RefCell::new(cls.module.borrow().clone()),
            bases,
            mro,
            dict: RefCell::new(DictData::new()),
            kind: cls.kind,
            is_user: cls.is_user,
            attr_cache: Default::default(),
        });
        self.memo.insert(key, Value::Class(new.clone()));
        let dict = self.dict_data(&cls.dict.borrow());
        *new.dict.borrow_mut() = dict;
        new
    }

    /// A class as the child sees it: its copy if user-defined, else the shared builtin.
    fn class_ref(&mut self, cls: &Rc<Class>) -> Rc<Class> {
        if cls.is_user {
            self.class(cls)
        } else {
            cls.clone()
        }
    }

    fn instance(&mut self, i: &Rc<Instance>) -> Value {
        let key = Rc::as_ptr(i) as usize;
        if let Some(done) = self.memo.get(&key) {
            return done.clone();
        }
        let class = self.class_ref(&i.class());
        let new = Rc::new(Instance {
            class: RefCell::new(class),
            dict: RefCell::new(DictData::new()),
            base: RefCell::new(Value::None),
            exc: i.exc.as_ref().map(|e| RefCell::new(e.borrow().clone())),
        });
        self.memo.insert(key, Value::Inst(new.clone()));
        let dict = self.dict_data(&i.dict.borrow());
        *new.dict.borrow_mut() = dict;
        let base = self.value(&i.base.borrow());
        *new.base.borrow_mut() = base;
        if let Some(exc) = &new.exc {
            let mut e = exc.borrow_mut();
            e.args = self.value(&e.args);
            e.cause = self.value(&e.cause);
            e.context = self.value(&e.context);
        }
        Value::Inst(new)
    }

    /// Look `key` up in the memo, or make the copy with `make` and remember it.
    fn memoised(&mut self, key: usize, make: impl FnOnce(&mut Copier) -> Value) -> Value {
        if let Some(done) = self.memo.get(&key) {
            return done.clone();
        }
        let v = make(self);
        self.memo.insert(key, v.clone());
        v
    }
}

/// The child interpreter of a `fork()`: a copy of `parent`'s modules and builtins, the same
/// builtin types, its own pid, and the run's shared [`Ipc`](super::ipc::Ipc). Returns it with
/// the child's copy of `target`.
pub fn fork_interp(parent: &Interp, pid: i64, target: &Value) -> (Interp, Value) {
    let mut c = Copier::new();
    let modules = c.dict(&parent.modules);
    let builtins = c.dict(&parent.builtins);
    let target = c.value(target);
    // the child's stdout is its own buffer, as CPython's: 8 KiB on a pipe, flushed when the
    // child exits; line by line on a terminal
    let stdout: Box<dyn Write> = if std::io::stdout().is_terminal() {
        Box::new(LineWriter::new(std::io::stdout()))
    } else {
        Box::new(BufWriter::with_capacity(8192, std::io::stdout()))
    };
    let interp = Interp {
        types: parent.types.clone(),
        builtins,
        modules,
        out: Output {
            stdout: RefCell::new(stdout),
            stderr: RefCell::new(Box::new(std::io::stderr())),
        },
        script_dir: parent.script_dir.clone(),
        argv: parent.argv.clone(),
        names: parent.names.clone(),
        cores: parent.cores,
        seed: parent.seed,
        sources: RefCell::new(parent.sources.borrow().clone()),
        switch_interval: std::cell::Cell::new(parent.switch_interval.get()),
        pid,
        ppid: parent.pid,
        ipc: parent.ipc.clone(),
    };
    (interp, target)
}

//! Values crossing between processes, as CPython pickles them.
//!
//! [`dumps`] turns a value of the sender's heap into a [`Pickled`] tree that belongs to no
//! heap; [`loads`] rebuilds it in the receiver's. As with `pickle`, data is copied (shared
//! references and cycles inside one message kept), while functions and classes travel by
//! reference, `module.qualname`, and are looked up again in the receiver: a lambda or a nested
//! function cannot be pickled, nor can locks, generators or modules, each refused with
//! CPython's exception and message. [`Pickled::size`] estimates the bytes CPython's pickle
//! would write, for the cost model.
//!
//! A `Pickled` holds no `Rc` of any heap (it is `Send`): on the real clock the sender and the
//! receiver are different OS threads under different GILs, and a message may sit in the run's
//! [`Ipc`](super::ipc::Ipc) while both run.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::dict::{DictData, SetData};
use num_bigint::BigInt;

use super::object::{Builtin, Class, Instance, NativeFn, RangeObj, SliceObj};
use super::value::{PyStr, Value};
use super::{PyErr, PyResult, Vm};

/// A value with no identity that matters, owned outright.
#[derive(Clone)]
pub enum Atom {
    None,
    Ellipsis,
    NotImplemented,
    Bool(bool),
    Int(i64),
    Big(BigInt),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Range(i64, i64, i64),
    /// A builtin class by name: every interpreter has its own builtin types.
    Class(String),
    /// A builtin function, rebuilt around the same native code (and what is bound into it).
    Builtin {
        name: &'static str,
        owner: Option<&'static str>,
        f: NativeFn,
        data: Box<Pickled>,
    },
}

/// A value out of any heap, ready to be rebuilt in another.
#[derive(Clone)]
pub enum Pickled {
    /// Numbers, strings, builtin classes and functions, ranges.
    Atom(Atom),
    /// `slice(start, stop, step)`.
    Slice(Box<[Pickled; 3]>),
    Tuple(Vec<Pickled>),
    /// A mutable container, numbered so later references to it in the message find it.
    List(u32, Vec<Pickled>),
    Dict(u32, Vec<(i64, Pickled, Pickled)>),
    Set(u32, Vec<(i64, Pickled)>),
    FrozenSet(Vec<(i64, Pickled)>),
    /// A function or class by reference.
    Global {
        module: String,
        qualname: String,
    },
    /// A bound method: `getattr(self, name)`.
    Method(Box<Pickled>, String),
    Inst {
        id: u32,
        class: Box<Pickled>,
        dict: Vec<(i64, Pickled, Pickled)>,
        base: Box<Pickled>,
        exc_args: Option<Box<Pickled>>,
    },
    /// An object met earlier in the same message.
    Ref(u32),
}

impl Pickled {
    /// About the number of bytes CPython's pickle (protocol 4) writes for this value.
    pub fn size(&self) -> usize {
        match self {
            Pickled::Atom(Atom::Str(s)) => s.len() + 5,
            Pickled::Atom(Atom::Bytes(b)) => b.len() + 5,
            Pickled::Atom(Atom::Big(_)) => 12,
            Pickled::Atom(Atom::Float(_)) => 9,
            Pickled::Atom(_) | Pickled::Slice(_) => 3,
            Pickled::Tuple(v) | Pickled::List(_, v) => {
                3 + v.iter().map(Pickled::size).sum::<usize>()
            }
            Pickled::Dict(_, v) => 3 + v.iter().map(|(_, k, x)| k.size() + x.size()).sum::<usize>(),
            Pickled::Set(_, v) | Pickled::FrozenSet(v) => {
                4 + v.iter().map(|(_, k)| k.size()).sum::<usize>()
            }
            Pickled::Global { module, qualname } => module.len() + qualname.len() + 4,
            Pickled::Method(s, n) => s.size() + n.len() + 8,
            Pickled::Inst {
                class,
                dict,
                base,
                exc_args,
                ..
            } => {
                6 + class.size()
                    + base.size()
                    + exc_args.as_ref().map_or(0, |a| a.size())
                    + dict
                        .iter()
                        .map(|(_, k, x)| k.size() + x.size())
                        .sum::<usize>()
            }
            Pickled::Ref(_) => 2,
        }
    }
}

/// Pickle `v` from the current thread's heap.
pub fn dumps(vm: &mut Vm, v: &Value) -> PyResult<Pickled> {
    Pickler::default().dump(vm, v)
}

/// Rebuild `p` in the current thread's heap.
pub fn loads(vm: &mut Vm, p: &Pickled) -> PyResult {
    Unpickler::default().load(vm, p)
}

#[derive(Default)]
struct Pickler {
    seen: HashMap<usize, u32>,
}

impl Pickler {
    fn id(&mut self, addr: usize) -> Result<u32, u32> {
        match self.seen.get(&addr) {
            Some(&id) => Err(id),
            None => {
                let id = self.seen.len() as u32;
                self.seen.insert(addr, id);
                Ok(id)
            }
        }
    }

    /// `d` is the caller's own copy, so Python code run while pickling cannot change it.
    fn entries(&mut self, vm: &mut Vm, d: &DictData) -> PyResult<Vec<(i64, Pickled, Pickled)>> {
        let mut out = Vec::with_capacity(d.len());
        for (h, k, v) in d.iter_entries() {
            out.push((h, self.dump(vm, k)?, self.dump(vm, v)?));
        }
        Ok(out)
    }

    fn keys(&mut self, vm: &mut Vm, d: &DictData) -> PyResult<Vec<(i64, Pickled)>> {
        let mut out = Vec::with_capacity(d.len());
        for (h, k) in d.iter_hashed() {
            out.push((h, self.dump(vm, k)?));
        }
        Ok(out)
    }

    fn dump(&mut self, vm: &mut Vm, v: &Value) -> PyResult<Pickled> {
        Ok(match v {
            Value::Tuple(t) => {
                let items = t.iter().cloned().collect::<Vec<_>>();
                let mut out = Vec::with_capacity(items.len());
                for x in &items {
                    out.push(self.dump(vm, x)?);
                }
                Pickled::Tuple(out)
            }
            Value::List(l) => match self.id(Rc::as_ptr(l) as usize) {
                Err(id) => Pickled::Ref(id),
                Ok(id) => {
                    let items = l.borrow().clone();
                    let mut out = Vec::with_capacity(items.len());
                    for x in &items {
                        out.push(self.dump(vm, x)?);
                    }
                    Pickled::List(id, out)
                }
            },
            Value::Dict(d) => match self.id(Rc::as_ptr(d) as usize) {
                Err(id) => Pickled::Ref(id),
                Ok(id) => {
                    let data = d.borrow().clone();
                    Pickled::Dict(id, self.entries(vm, &data)?)
                }
            },
            Value::Set(s) => match self.id(Rc::as_ptr(s) as usize) {
                Err(id) => Pickled::Ref(id),
                Ok(id) => {
                    let data = s.borrow().map.clone();
                    Pickled::Set(id, self.keys(vm, &data)?)
                }
            },
            Value::FrozenSet(s) => Pickled::FrozenSet(self.keys(vm, &s.map)?),
            Value::Func(f) => {
                let qualname = f.qualname.borrow().as_str().to_string();
                let module = module_name(&f.module);
                self.global(vm, v, module, qualname)?
            }
            Value::Class(c) if c.is_user => {
                let qualname = c.qualname.borrow().as_str().to_string();
                let module = module_name(&c.module.borrow());
                self.global(vm, v, module, qualname)?
            }
            Value::Method(m) => {
                let name = match &m.func {
                    Value::Func(f) => f.name.borrow().clone(),
                    _ => return Err(cannot_pickle(vm, v)),
                };
                let name = name.as_str().to_string();
                Pickled::Method(Box::new(self.dump(vm, &m.self_)?), name)
            }
            Value::Inst(i) => match self.id(Rc::as_ptr(i) as usize) {
                Err(id) => Pickled::Ref(id),
                Ok(id) => {
                    let class = Box::new(self.dump(vm, &Value::Class(i.class()))?);
                    let dict = i.attrs_dict();
                    let dict = self.entries(vm, &dict)?;
                    let base = i.base.borrow().clone();
                    let base = Box::new(self.dump(vm, &base)?);
                    let exc_args = match &i.exc {
                        Some(e) => {
                            let args = e.borrow().args.clone();
                            Some(Box::new(self.dump(vm, &args)?))
                        }
                        None => None,
                    };
                    Pickled::Inst {
                        id,
                        class,
                        dict,
                        base,
                        exc_args,
                    }
                }
            },
            Value::Native(_) if crate::vm::bytes::is_bytes(v) => {
                let b = crate::vm::bytes::as_pybytes(v).map(|b| b.data.to_vec());
                Pickled::Atom(Atom::Bytes(b.unwrap_or_default()))
            }
            Value::Gen(_) | Value::Module(_) | Value::Cell(_) | Value::Native(_) => {
                return Err(cannot_pickle(vm, v))
            }
            Value::Slice(s) => Pickled::Slice(Box::new([
                self.dump(vm, &s.start)?,
                self.dump(vm, &s.stop)?,
                self.dump(vm, &s.step)?,
            ])),
            Value::Builtin(b) => Pickled::Atom(Atom::Builtin {
                name: b.name,
                owner: b.owner,
                f: b.f,
                data: Box::new(self.dump(vm, &b.data)?),
            }),
            Value::Class(c) => Pickled::Atom(Atom::Class(c.name().as_str().to_string())),
            Value::Null | Value::None => Pickled::Atom(Atom::None),
            Value::Ellipsis => Pickled::Atom(Atom::Ellipsis),
            Value::NotImplemented => Pickled::Atom(Atom::NotImplemented),
            Value::Bool(b) => Pickled::Atom(Atom::Bool(*b)),
            Value::Int(i) => Pickled::Atom(Atom::Int(*i)),
            Value::Big(b) => Pickled::Atom(Atom::Big((**b).clone())),
            Value::Float(f) => Pickled::Atom(Atom::Float(*f)),
            Value::Str(s) => Pickled::Atom(Atom::Str(s.as_str().to_string())),
            Value::Range(r) => Pickled::Atom(Atom::Range(r.start, r.stop, r.step)),
        })
    }

    /// A function or class by reference, if `module.qualname` finds this very object.
    fn global(
        &mut self,
        vm: &mut Vm,
        v: &Value,
        module: String,
        qualname: String,
    ) -> PyResult<Pickled> {
        match lookup(vm, &module, &qualname) {
            Some(found) if same(&found, v) => Ok(Pickled::Global { module, qualname }),
            Some(_) => {
                let r = vm.repr(v)?.as_str().to_string();
                Err(pickling_error(
                    vm,
                    format!("Can't pickle {r}: it's not the same object as {module}.{qualname}"),
                ))
            }
            None => {
                let r = vm.repr(v)?.as_str().to_string();
                let last = qualname.rsplit('.').next().unwrap_or(&qualname).to_string();
                let what = if qualname.contains("<locals>") {
                    format!("Can't pickle local object '{qualname}'")
                } else {
                    format!("Can't pickle {r}: attribute lookup {last} on {module} failed")
                };
                Err(pickling_error(vm, what))
            }
        }
    }
}

#[derive(Default)]
struct Unpickler {
    made: HashMap<u32, Value>,
}

impl Unpickler {
    fn entries(&mut self, vm: &mut Vm, e: &[(i64, Pickled, Pickled)]) -> PyResult<DictData> {
        let mut d = DictData::new();
        for (h, k, v) in e {
            let k = self.load(vm, k)?;
            let v = self.load(vm, v)?;
            d.insert_new(*h, k, v);
        }
        Ok(d)
    }

    fn keys(&mut self, vm: &mut Vm, e: &[(i64, Pickled)]) -> PyResult<SetData> {
        let mut s = SetData::new();
        for (h, k) in e {
            let k = self.load(vm, k)?;
            s.map.insert_new(*h, k, Value::None);
        }
        Ok(s)
    }

    fn load(&mut self, vm: &mut Vm, p: &Pickled) -> PyResult {
        Ok(match p {
            Pickled::Atom(a) => self.atom(vm, a)?,
            Pickled::Slice(parts) => {
                let [start, stop, step] = &**parts;
                Value::Slice(Rc::new(SliceObj {
                    start: self.load(vm, start)?,
                    stop: self.load(vm, stop)?,
                    step: self.load(vm, step)?,
                }))
            }
            Pickled::Tuple(items) => {
                let mut out = Vec::with_capacity(items.len());
                for x in items {
                    out.push(self.load(vm, x)?);
                }
                Value::tuple(out)
            }
            Pickled::List(id, items) => {
                let l = Rc::new(RefCell::new(Vec::with_capacity(items.len())));
                self.made.insert(*id, Value::List(l.clone()));
                for x in items {
                    let x = self.load(vm, x)?;
                    l.borrow_mut().push(x);
                }
                Value::List(l)
            }
            Pickled::Dict(id, e) => {
                let d = Rc::new(RefCell::new(DictData::new()));
                self.made.insert(*id, Value::Dict(d.clone()));
                let data = self.entries(vm, e)?;
                *d.borrow_mut() = data;
                Value::Dict(d)
            }
            Pickled::Set(id, e) => {
                let s = Rc::new(RefCell::new(SetData::new()));
                self.made.insert(*id, Value::Set(s.clone()));
                let data = self.keys(vm, e)?;
                *s.borrow_mut() = data;
                Value::Set(s)
            }
            Pickled::FrozenSet(e) => Value::FrozenSet(Rc::new(self.keys(vm, e)?)),
            Pickled::Global { module, qualname } => match lookup(vm, module, qualname) {
                Some(v) => v,
                None => {
                    return Err(vm.attribute_error(format!(
                        "Can't get attribute '{qualname}' on <module '{module}'>"
                    )))
                }
            },
            Pickled::Method(s, name) => {
                let s = self.load(vm, s)?;
                vm.getattr(&s, &PyStr::new(name.as_str()))?
            }
            Pickled::Inst {
                id,
                class,
                dict,
                base,
                exc_args,
            } => {
                let class = match self.load(vm, class)? {
                    Value::Class(c) => c,
                    _ => return Err(vm.type_error("pickled instance of a non-class")),
                };
                let exc = match exc_args {
                    Some(args) => Some(RefCell::new(super::exc::ExcData {
                        args: self.load(vm, args)?,
                        ..Default::default()
                    })),
                    None => None,
                };
                let inst = Rc::new(Instance::new(&class, exc));
                self.made.insert(*id, Value::Inst(inst.clone()));
                let d = self.entries(vm, dict)?;
                inst.set_attrs(d);
                let b = self.load(vm, base)?;
                *inst.base.borrow_mut() = b;
                Value::Inst(inst)
            }
            Pickled::Ref(id) => match self.made.get(id) {
                Some(v) => v.clone(),
                None => return Err(vm.runtime_error("corrupt pickle: unknown reference")),
            },
        })
    }
}

impl Unpickler {
    fn atom(&mut self, vm: &mut Vm, a: &Atom) -> PyResult {
        Ok(match a {
            Atom::None => Value::None,
            Atom::Ellipsis => Value::Ellipsis,
            Atom::NotImplemented => Value::NotImplemented,
            Atom::Bool(b) => Value::Bool(*b),
            Atom::Int(i) => Value::Int(*i),
            Atom::Big(b) => Value::Big(Rc::new(b.clone())),
            Atom::Float(f) => Value::Float(*f),
            Atom::Str(s) => Value::str(s.as_str()),
            Atom::Bytes(b) => crate::vm::bytes::new_bytes(&b[..]),
            Atom::Range(start, stop, step) => Value::Range(Rc::new(RangeObj {
                start: *start,
                stop: *stop,
                step: *step,
            })),
            Atom::Class(name) => Value::Class(vm.t().builtin_named(name)),
            Atom::Builtin {
                name,
                owner,
                f,
                data,
            } => {
                let data = self.load(vm, data)?;
                // the receiver's own builtin of that name, if it is this one (`is` holds)
                let own = match (owner, &data) {
                    (None, Value::None) => vm.interp.builtins.borrow().get_str(name),
                    _ => None,
                };
                match own {
                    Some(Value::Builtin(b)) if b.f as usize == *f as usize => Value::Builtin(b),
                    _ => Value::Builtin(Rc::new(Builtin {
                        name,
                        owner: *owner,
                        f: *f,
                        data,
                    })),
                }
            }
        })
    }
}

fn module_name(m: &Value) -> String {
    match m {
        Value::Str(s) => s.as_str().to_string(),
        _ => "__main__".to_string(),
    }
}

/// `sys.modules[module]` then the attributes of `qualname`, without running any code.
fn lookup(vm: &Vm, module: &str, qualname: &str) -> Option<Value> {
    let m = vm.interp.modules.borrow().get_str(module)?;
    let mut cur = m;
    for part in qualname.split('.') {
        cur = match &cur {
            Value::Module(m) => {
                m.materialize(vm);
                m.dict.borrow().get_str(part)?
            }
            Value::Class(c) => c.dict.borrow().get_str(part)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Func(x), Value::Func(y)) => Rc::ptr_eq(x, y),
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// `TypeError: cannot pickle 'X' object`, named as CPython names the type.
fn cannot_pickle(vm: &mut Vm, v: &Value) -> PyErr {
    let cls: Rc<Class> = vm.type_of(v);
    let name = cls.name.borrow().as_str().to_string();
    let name = match name.as_str() {
        "lock" => "_thread.lock".to_string(),
        "RLock" => "_thread.RLock".to_string(),
        _ => name,
    };
    vm.type_error(format!("cannot pickle '{name}' object"))
}

/// `_pickle.PicklingError(msg)`: the class comes from the bundled `pickle` module.
fn pickling_error(vm: &mut Vm, msg: String) -> PyErr {
    let cls = vm
        .import_module("pickle", &Value::None)
        .and_then(|m| vm.getattr(&m, &PyStr::new("PicklingError")));
    match cls {
        Ok(cls) => match vm.call(&cls, &[Value::str(msg)], &[]) {
            Ok(exc) => match vm.make_exception(exc) {
                Ok(e) => e,
                Err(e) => e,
            },
            Err(e) => e,
        },
        Err(e) => e,
    }
}

//! Instance attributes, stored the way CPython 3.11 stores them (PEP 412's key-sharing dicts
//! with 3.11's inline values): the attribute names live once on the class, in its [`Shape`],
//! in the order instances first set them, and each instance keeps only its values, by the
//! index of their name ([`InstDict::Values`]). Once an inline cache knows that index, `obj.x`
//! is a class check and a vector read (see `Vm::getattr_hinted`).
//!
//! To Python the attributes are still a dict, listed in insertion order. Values in index
//! order are in insertion order as long as every attribute an instance adds has a higher
//! index than those it has (always so for instances that set the same attributes in the same
//! order, as `__init__` does). An instance that adds one out of that order, whose class has
//! no room for another name, or that changes class, moves its attributes into a dict of its
//! own ([`InstDict::Dict`]), as CPython's do.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::dict::{str_hash, DictData};
use super::exc::ExcData;
use super::object::{class_epoch, Class, Function, Instance};
use super::types::Names;
use super::value::{PyStr, Value};

/// The most names a class's instances share (CPython's `SHARED_KEYS_MAX_SIZE`).
const MAX_SHARED_KEYS: usize = 30;

/// What a class's instances look like.
#[derive(Default)]
pub struct Shape {
    /// The names (with their hashes) instances of the class have set, in the order first set.
    /// It only grows, so an index into it means the same name for the life of the class.
    keys: RefCell<Vec<(i64, Rc<PyStr>)>>,
    /// The class epoch at which the class was last seen to have no `__del__` (0: not known);
    /// any change to a class moves the epoch on, so a stale answer is never used.
    pub no_del_at: Cell<u64>,
    /// [`Class::plain_init`] and the class epoch it was found at.
    plain_init: RefCell<(u64, Option<Rc<Function>>)>,
    /// [`Class::slot_names`], worked out when first needed (a class's `__slots__` is fixed
    /// once it is created, as in CPython).
    slots: std::cell::OnceCell<Option<Vec<String>>>,
}

impl Shape {
    /// Fix [`Class::slot_names`] of a class made natively whose instances have no `__dict__`
    /// (`time.struct_time`): only `names` may be set on them.
    pub fn set_slots(&self, names: Vec<String>) {
        let _ = self.slots.set(Some(names));
    }
    /// How many names are shared.
    pub fn len(&self) -> usize {
        self.keys.borrow().len()
    }
    /// The index of `name` (whose hash is `hash`) among the shared names.
    pub fn index_of(&self, name: &str, hash: i64) -> Option<usize> {
        self.keys
            .borrow()
            .iter()
            .position(|(h, k)| *h == hash && k.as_str() == name)
    }
    /// The index of `name`, adding it if there is room.
    fn index_or_add(&self, name: &Rc<PyStr>) -> Option<usize> {
        let hash = name.hash();
        if let Some(i) = self.index_of(name.as_str(), hash) {
            return Some(i);
        }
        let mut keys = self.keys.borrow_mut();
        if keys.len() >= MAX_SHARED_KEYS {
            return None;
        }
        keys.push((hash, name.clone()));
        Some(keys.len() - 1)
    }
    /// The shared name at index `i`, with its hash.
    fn key(&self, i: usize) -> (i64, Rc<PyStr>) {
        self.keys.borrow()[i].clone()
    }
}

/// An instance's attributes.
pub enum InstDict {
    /// Values by the index of their name in the class's [`Shape`]; `None` for a name this
    /// instance lacks. The last is never `None`, so a name past the end can be appended.
    Values(Vec<Option<Value>>),
    /// A dict of its own.
    Dict(DictData),
}

impl Default for InstDict {
    fn default() -> InstDict {
        InstDict::Values(Vec::new())
    }
}

impl InstDict {
    /// The value at `slot` of the shared layout, if the instance has it there.
    #[inline]
    pub fn value_at(&self, slot: usize) -> Option<&Value> {
        match self {
            InstDict::Values(vals) => vals.get(slot)?.as_ref(),
            InstDict::Dict(_) => None,
        }
    }
    /// How many shared-layout slots are in use (every present value is below it); `None` for
    /// a dict of its own.
    #[inline]
    pub fn values_len(&self) -> Option<usize> {
        match self {
            InstDict::Values(vals) => Some(vals.len()),
            InstDict::Dict(_) => None,
        }
    }
}

/// The values of a [`InstDict::Values`] as a dict, in order.
fn values_to_dict(vals: &[Option<Value>], shape: &Shape) -> DictData {
    let mut d = DictData::new();
    for (i, v) in vals.iter().enumerate() {
        if let Some(v) = v {
            let (h, k) = shape.key(i);
            d.insert_new(h, Value::Str(k), v.clone());
        }
    }
    d
}

impl Class {
    /// The `__init__` a call of the class runs after `object.__new__`, when it is a Python
    /// function and the class has no `__new__` of its own; remembered until a class changes.
    #[inline(never)]
    pub fn plain_init(self: &Rc<Self>, names: &Names) -> Option<Rc<Function>> {
        let epoch = class_epoch();
        if let Ok(c) = self.shape.plain_init.try_borrow() {
            if c.0 == epoch {
                return c.1.clone();
            }
        }
        let own_new = matches!(
            self.lookup_cached(&names.new),
            Some(Value::Func(_) | Value::Native(_))
        );
        let init = match self.lookup_cached(&names.init) {
            Some(Value::Func(f)) if !own_new => Some(f),
            _ => None,
        };
        if let Ok(mut c) = self.shape.plain_init.try_borrow_mut() {
            *c = (epoch, init.clone());
        }
        init
    }
}

impl Instance {
    /// A new instance of `class` without attributes.
    pub fn new(class: &Rc<Class>, exc: Option<RefCell<ExcData>>) -> Instance {
        // room for what the class's instances usually set, so `__init__` does not regrow
        let vals = Vec::with_capacity(class.shape.len());
        Instance {
            class: RefCell::new(class.clone()),
            dict: RefCell::new(InstDict::Values(vals)),
            base: RefCell::new(Value::None),
            exc,
        }
    }

    /// The attribute `name` (whose `str` hash is `hash`) in the instance's own dict.
    pub fn get_attr(&self, name: &str, hash: i64) -> Option<Value> {
        match &*self.dict.borrow() {
            InstDict::Values(vals) => {
                let i = self.class.borrow().shape.index_of(name, hash)?;
                vals.get(i)?.clone()
            }
            InstDict::Dict(d) => d.get_str_hashed(name, hash),
        }
    }

    /// [`Instance::get_attr`] for a name whose hash is not at hand.
    pub fn get_attr_str(&self, name: &str) -> Option<Value> {
        self.get_attr(name, str_hash(name))
    }

    /// Set the attribute `name` in the instance's own dict. Returns the name's index in the
    /// class's shape when the value is stored there (for inline caches).
    pub fn set_attr(&self, name: &Rc<PyStr>, v: Value) -> Option<usize> {
        let mut d = self.dict.borrow_mut();
        if let InstDict::Values(vals) = &mut *d {
            let class = self.class.borrow();
            if let Some(i) = class.shape.index_or_add(name) {
                if i >= vals.len() {
                    vals.resize(i, None);
                    vals.push(Some(v));
                    return Some(i);
                }
                if let Some(slot @ Some(_)) = vals.get_mut(i) {
                    let old = slot.replace(v);
                    // the old value's end may run code (a `__del__` is queued): not while borrowed
                    drop(d);
                    drop(old);
                    return Some(i);
                }
            }
            // out of order, or no room: a dict of its own from now on
            *d = InstDict::Dict(values_to_dict(vals, &class.shape));
        }
        if let InstDict::Dict(dict) = &mut *d {
            dict.set_pystr(name, v);
        }
        None
    }

    /// [`Instance::set_attr`] for a name given as a Rust string.
    pub fn set_attr_str(&self, name: &str, v: Value) {
        self.set_attr(&Rc::new(PyStr::new(name)), v);
    }

    /// Remove the attribute `name` from the instance's own dict; whether it was there.
    pub fn del_attr(&self, name: &str) -> bool {
        let mut d = self.dict.borrow_mut();
        match &mut *d {
            InstDict::Values(vals) => {
                let Some(i) = self.class.borrow().shape.index_of(name, str_hash(name)) else {
                    return false;
                };
                let Some(old) = vals.get_mut(i).and_then(Option::take) else {
                    return false;
                };
                while let Some(None) = vals.last() {
                    vals.pop();
                }
                drop(d);
                drop(old);
                true
            }
            InstDict::Dict(dict) => dict.del_str(name),
        }
    }

    /// A copy of the instance's attributes as a dict, in insertion order.
    pub fn attrs_dict(&self) -> DictData {
        match &*self.dict.borrow() {
            InstDict::Values(vals) => values_to_dict(vals, &self.class.borrow().shape),
            InstDict::Dict(d) => d.clone(),
        }
    }

    /// Replace the instance's attributes by those of `d` (in `d`'s order).
    pub fn set_attrs(&self, d: DictData) {
        let shared = {
            let class = self.class.borrow();
            let mut vals: Vec<Option<Value>> = Vec::with_capacity(d.len());
            let mut fits = true;
            for (_, k, v) in d.iter_entries() {
                let i = match k {
                    Value::Str(k) => class.shape.index_or_add(k),
                    _ => None,
                };
                match i {
                    Some(i) if i >= vals.len() => {
                        vals.resize(i, None);
                        vals.push(Some(v.clone()));
                    }
                    _ => {
                        fits = false;
                        break;
                    }
                }
            }
            fits.then_some(vals)
        };
        let new = match shared {
            Some(vals) => InstDict::Values(vals),
            None => InstDict::Dict(d),
        };
        let old = std::mem::replace(&mut *self.dict.borrow_mut(), new);
        drop(old);
    }

    /// `obj.__class__ = class`: the attributes stay, in a dict of their own unless the class
    /// is the same (their indices belong to the old class's shape).
    pub fn set_class(&self, class: Rc<Class>) {
        if Rc::ptr_eq(&self.class.borrow(), &class) {
            return;
        }
        let dict = self.attrs_dict();
        let old_attrs = std::mem::replace(&mut *self.dict.borrow_mut(), InstDict::Dict(dict));
        let old_class = std::mem::replace(&mut *self.class.borrow_mut(), class);
        drop(old_attrs);
        drop(old_class);
    }
}

impl Class {
    /// `__slots__`: the only attribute names an instance may have, when every class of the
    /// MRO but `object` declares `__slots__` (a string or a tuple or list of them) without
    /// `"__dict__"`; `None` when instances have a `__dict__`. A builtin base other than
    /// `object`, or a `__slots__` of another kind, counts as a `__dict__` (gilsim keeps
    /// every such instance's attributes).
    pub fn slot_names(self: &Rc<Self>) -> Option<&[String]> {
        self.shape
            .slots
            .get_or_init(|| {
                let mut names = Vec::new();
                for c in std::iter::once(self).chain(&self.mro) {
                    if !c.is_user {
                        if c.mro.is_empty() {
                            continue; // object
                        }
                        return None;
                    }
                    let declared = c.dict.borrow().get_str("__slots__")?;
                    let items = match &declared {
                        Value::Str(s) => vec![s.as_str().to_string()],
                        Value::Tuple(t) => slot_strs(t)?,
                        Value::List(l) => slot_strs(&l.borrow())?,
                        _ => return None,
                    };
                    if items.iter().any(|n| n == "__dict__") {
                        return None;
                    }
                    names.extend(items);
                }
                Some(names)
            })
            .as_deref()
    }

    /// Whether an instance may get attribute `name` (see [`Class::slot_names`]).
    pub fn allows_attr(self: &Rc<Self>, name: &str) -> bool {
        self.slot_names()
            .map_or(true, |names| names.iter().any(|n| n == name))
    }
}

/// The strings of a `__slots__` sequence; `None` if any item is not a string.
fn slot_strs(items: &[Value]) -> Option<Vec<String>> {
    items
        .iter()
        .map(|v| match v {
            Value::Str(s) => Some(s.as_str().to_string()),
            _ => None,
        })
        .collect()
}

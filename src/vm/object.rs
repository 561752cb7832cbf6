//! Heap objects behind `Value`: classes, instances, functions, methods, modules, generators.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::dict::DictData;
use super::exc::ExcData;
use super::fork::Copier;
use super::frame::Frame;
use super::shape::{InstDict, Shape};
use super::value::{PyStr, Value};
use super::{PyResult, Vm};
use crate::lang::bytecode::Code;

/// Which builtin type a class is, or derives its storage from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    BuiltinFunction,
    Method,
    Module,
    Generator,
    Exception,
    Other,
}

/// A class: user-defined or builtin. Attributes live in `dict`; `mro` lists the bases in
/// method-resolution order, without the class itself.
pub struct Class {
    pub name: RefCell<Rc<PyStr>>,
    pub qualname: RefCell<Rc<PyStr>>,
    pub module: RefCell<Value>,
    pub bases: Vec<Rc<Class>>,
    pub mro: Vec<Rc<Class>>,
    pub dict: RefCell<DictData>,
    /// The builtin storage kind: instances of a class deriving from `list` carry a list.
    pub kind: Kind,
    /// True for classes created by a `class` statement (their attributes can be set).
    pub is_user: bool,
    /// Results of `lookup` by interned name, valid while the class epoch is unchanged.
    pub attr_cache: RefCell<AttrCache>,
    /// The attribute names its instances share, and whether they need finalising.
    pub shape: Shape,
}

impl Drop for Class {
    fn drop(&mut self) {
        // Inline caches know a class by its address, which a new class may reuse.
        bump_class_epoch();
    }
}

/// Bumped whenever any class's attributes change; invalidates every class's lookup cache.
static CLASS_EPOCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The current class epoch (changes whenever any class's attributes change).
#[inline]
pub fn class_epoch() -> u64 {
    CLASS_EPOCH.load(std::sync::atomic::Ordering::Relaxed)
}

/// Note that some class's attributes changed.
pub fn bump_class_epoch() {
    CLASS_EPOCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// A class's cache of attribute lookups, keyed by the address of the (kept-alive) name.
#[derive(Default)]
pub struct AttrCache {
    epoch: u64,
    entries: hashbrown::HashMap<usize, (Rc<PyStr>, Option<Value>), PtrHash>,
}

/// A hasher for pointer keys.
#[derive(Default, Clone, Copy)]
pub struct PtrHash;

impl std::hash::BuildHasher for PtrHash {
    type Hasher = PtrHasher;
    fn build_hasher(&self) -> PtrHasher {
        PtrHasher(0)
    }
}

/// Multiplicative hashing of one `usize`.
pub struct PtrHasher(u64);

impl std::hash::Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x100000001b3);
        }
    }
    fn write_usize(&mut self, x: usize) {
        self.0 = (x as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_right(17);
    }
}

impl Class {
    /// The class and its mro, in lookup order.
    pub fn lookup_order(self: &Rc<Self>) -> impl Iterator<Item = &Rc<Class>> {
        std::iter::once(self).chain(self.mro.iter())
    }
    /// Look an attribute up along the mro, without descriptors.
    pub fn lookup(self: &Rc<Self>, name: &str) -> Option<Value> {
        let h = super::dict::str_hash(name);
        if let Some(v) = self.dict.borrow().get_str_hashed(name, h) {
            return Some(v);
        }
        for c in &self.mro {
            if let Some(v) = c.dict.borrow().get_str_hashed(name, h) {
                return Some(v);
            }
        }
        None
    }
    /// `lookup` through the class's cache, keyed by an interned name.
    #[inline]
    pub fn lookup_cached(self: &Rc<Self>, name: &Rc<PyStr>) -> Option<Value> {
        {
            let c = self.attr_cache.borrow();
            if c.epoch == class_epoch() {
                if let Some((_, v)) = c.entries.get(&(Rc::as_ptr(name) as usize)) {
                    return v.clone();
                }
            }
        }
        self.lookup_and_cache(name)
    }
    /// `lookup`, remembered in the class's cache.
    #[inline(never)]
    fn lookup_and_cache(self: &Rc<Self>, name: &Rc<PyStr>) -> Option<Value> {
        let epoch = class_epoch();
        let key = Rc::as_ptr(name) as usize;
        let v = self.lookup(name.as_str());
        let mut c = self.attr_cache.borrow_mut();
        if c.epoch != epoch || c.entries.len() > 512 {
            c.entries.clear();
            c.epoch = epoch;
        }
        c.entries.insert(key, (name.clone(), v.clone()));
        v
    }
    /// Whether `self` is `other` or derives from it.
    pub fn is_subclass(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        Rc::ptr_eq(self, other) || self.mro.iter().any(|c| Rc::ptr_eq(c, other))
    }
    pub fn name(&self) -> Rc<PyStr> {
        self.name.borrow().clone()
    }
}

/// An instance of a user class (or of an exception class).
pub struct Instance {
    /// Change it with [`Instance::set_class`] (the attributes' layout depends on it).
    pub class: RefCell<Rc<Class>>,
    /// Its attributes (see [`super::shape`]).
    pub dict: RefCell<InstDict>,
    /// For subclasses of builtins (`class D(dict)`), the builtin value carried.
    pub base: RefCell<Value>,
    /// For exceptions: args, traceback, cause and context.
    pub exc: Option<RefCell<ExcData>>,
}

impl Instance {
    pub fn class(&self) -> Rc<Class> {
        self.class.borrow().clone()
    }
}

/// A Python function: code plus the environment it closes over.
pub struct Function {
    pub code: Rc<Code>,
    pub globals: Rc<RefCell<DictData>>,
    pub defaults: Vec<Value>,
    pub kwdefaults: Vec<(Rc<PyStr>, Value)>,
    pub closure: Vec<Rc<RefCell<Value>>>,
    pub name: RefCell<Rc<PyStr>>,
    pub qualname: RefCell<Rc<PyStr>>,
    pub dict: RefCell<DictData>,
    pub doc: RefCell<Value>,
    pub module: Value,
}

/// A method bound to an object: calling it passes `self_` first.
pub struct BoundMethod {
    pub self_: Value,
    pub func: Value,
}

/// The Rust signature of a builtin: positional arguments and keyword arguments.
pub type NativeFn = fn(&mut Vm, &[Value], &[(Rc<PyStr>, Value)]) -> PyResult;

/// A function implemented in Rust.
pub struct Builtin {
    pub name: &'static str,
    /// The class the builtin is a method of, for reprs (`<method 'append' of 'list' objects>`).
    pub owner: Option<&'static str>,
    pub f: NativeFn,
    /// A value bound into the builtin (for builtins made at run time, e.g. a module's method).
    pub data: Value,
}

/// A module: a name and a namespace.
pub struct Module {
    pub name: Rc<PyStr>,
    pub dict: Rc<RefCell<DictData>>,
    /// Attributes of a native module made only when first needed (see [`Module::materialize`]),
    /// so that importing it stays cheap: `time.struct_time` and the zone constants.
    pub lazy: Cell<Option<LazyAttrs>>,
}

/// Makes a native module's lazy attributes.
pub type LazyAttrs = fn(&Vm) -> Vec<(&'static str, Value)>;

impl Module {
    /// Add the module's lazy attributes to its namespace, once, keeping any name the program
    /// has set meanwhile. Done before a look-up the namespace misses, and before the namespace
    /// is used whole (`__dict__`, `from m import *`, a deletion), so no program can tell the
    /// attributes were not there from the import on.
    pub fn materialize(&self, vm: &Vm) {
        if let Some(make) = self.lazy.take() {
            for (name, v) in make(vm) {
                let mut d = self.dict.borrow_mut();
                if d.get_str(name).is_none() {
                    d.set_str(name, v);
                }
            }
        }
    }
}

/// A generator, coroutine or async generator (`code.kind` says which): a suspended frame.
pub struct Generator {
    pub frame: RefCell<Option<Box<Frame>>>,
    pub running: Cell<bool>,
    pub name: Rc<PyStr>,
    pub qualname: Rc<PyStr>,
    pub code: Rc<Code>,
    /// Async generators: [`Generator::AG_CLOSED`], [`Generator::AG_RUNNING_ASYNC`].
    pub flags: Cell<u8>,
}

impl Generator {
    /// An async generator that finished or was closed (`ag_closed`).
    pub const AG_CLOSED: u8 = 1;
    /// An `asend()`/`athrow()` of this async generator is being awaited (`ag_running_async`).
    pub const AG_RUNNING_ASYNC: u8 = 2;
    pub fn flag(&self, f: u8) -> bool {
        self.flags.get() & f != 0
    }
    pub fn set_flag(&self, f: u8, on: bool) {
        let v = self.flags.get();
        self.flags.set(if on { v | f } else { v & !f });
    }
}

/// `range(start, stop, step)` over i64.
pub struct RangeObj {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl RangeObj {
    pub fn len(&self) -> i64 {
        let (s, e, st) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if st > 0 {
            if e > s {
                (e - s + st - 1) / st
            } else {
                0
            }
        } else if s > e {
            (s - e - st - 1) / (-st)
        } else {
            0
        };
        n as i64
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `slice(start, stop, step)`.
pub struct SliceObj {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// A natively implemented object (iterators, locks, properties, ...).
pub trait NativeObj: Any {
    /// Its Python class (for `type()`, `isinstance`, attribute lookup).
    fn class(&self, vm: &Vm) -> Rc<Class>;
    fn as_any(&self) -> &dyn Any;
    /// Itself if it is one of the VM's own iterators (one call through the vtable, where a
    /// downcast costs two and a compare: the loop's `for` asks on every step).
    fn as_native_iter(&self) -> Option<&crate::vm::iter::NativeIter> {
        None
    }
    /// The next item if this is an iterator; `Ok(None)` when exhausted.
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let _ = vm;
        Ok(None)
    }
    /// Whether `next` is meaningful (this object is its own iterator).
    fn is_iterator(&self) -> bool {
        false
    }
    /// `repr()`; `None` for the default `<NAME object at 0x...>`.
    fn repr(&self, vm: &mut Vm) -> PyResult<Option<String>> {
        let _ = vm;
        Ok(None)
    }
    /// Attribute lookup on the object itself, before the class.
    fn getattr(&self, vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
        let _ = (vm, name);
        Ok(None)
    }
    /// Its copy in a forked child's heap, every value in it copied by `c` (see
    /// [`super::fork`]); `None` if it cannot be copied, which makes the fork fail.
    fn fork_copy(&self, c: &mut Copier<'_>) -> Option<Box<dyn NativeObj>> {
        let _ = c;
        None
    }
}

/// `property(fget, fset, fdel, doc)`.
pub struct Property {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    pub doc: Value,
}

/// `staticmethod(f)`.
pub struct StaticMethod(pub Value);

impl StaticMethod {
    /// The wrapped function.
    pub fn func(&self) -> &Value {
        &self.0
    }
}
/// `classmethod(f)`.
pub struct ClassMethod(pub Value);

/// `super()` bound to a class and an object.
pub struct Super {
    pub class: Rc<Class>,
    pub obj: Value,
}

macro_rules! native_class {
    ($t:ty, $field:ident, |$me:ident, $c:ident| $copy:expr) => {
        impl NativeObj for $t {
            fn class(&self, vm: &Vm) -> Rc<Class> {
                vm.t().$field.clone()
            }
            fn as_any(&self) -> &dyn Any {
                self
            }
            fn fork_copy(&self, $c: &mut Copier<'_>) -> Option<Box<dyn NativeObj>> {
                let $me = self;
                Some(Box::new($copy))
            }
        }
    };
}

native_class!(StaticMethod, staticmethod, |me, c| StaticMethod(
    c.value(&me.0)
));
native_class!(ClassMethod, classmethod, |me, c| ClassMethod(
    c.value(&me.0)
));
native_class!(Super, super_, |me, c| Super {
    class: c.class_ref(&me.class),
    obj: c.value(&me.obj),
});

impl NativeObj for Property {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().property.clone()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn getattr(&self, _vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
        Ok(match name {
            "fget" => Some(self.fget.clone()),
            "fset" => Some(self.fset.clone()),
            "fdel" => Some(self.fdel.clone()),
            "__doc__" => Some(self.doc.clone()),
            _ => None,
        })
    }
    fn fork_copy(&self, c: &mut Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(Property {
            fget: c.value(&self.fget),
            fset: c.value(&self.fset),
            fdel: c.value(&self.fdel),
            doc: c.value(&self.doc),
        }))
    }
}

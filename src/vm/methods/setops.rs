//! The set algorithms of CPython 3.11's `setobject.c` (`set_merge`, `set_update_internal`,
//! `set_intersection`, `set_difference`, ...), run on a `SetData` and its [`Shadow`] together
//! so that results iterate in CPython's order.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::vm::dict::{simple_eq, simple_hash, SetData};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

use super::setorder::{self, Shadow};

/// A set or frozenset's storage.
#[derive(Clone)]
pub(crate) enum SetRef {
    Mut(Rc<RefCell<SetData>>),
    Frozen(Rc<SetData>),
}

impl SetRef {
    /// The set behind `v` (set-subclass instances unwrapped).
    pub fn of(v: &Value) -> Option<SetRef> {
        match super::base_of(v) {
            Value::Set(s) => Some(SetRef::Mut(s)),
            Value::FrozenSet(s) => Some(SetRef::Frozen(s)),
            _ => None,
        }
    }
    pub fn len(&self) -> usize {
        match self {
            SetRef::Mut(s) => s.borrow().len(),
            SetRef::Frozen(s) => s.len(),
        }
    }
    pub fn ptr(&self) -> usize {
        match self {
            SetRef::Mut(s) => Rc::as_ptr(s) as *const u8 as usize,
            SetRef::Frozen(s) => Rc::as_ptr(s) as *const u8 as usize,
        }
    }
    pub fn is_frozen(&self) -> bool {
        matches!(self, SetRef::Frozen(_))
    }
    /// Keys in iteration order with hashes, and the shadow table.
    pub fn entries(&self) -> (Vec<(Value, Option<i64>, usize)>, Shadow) {
        match self {
            SetRef::Mut(s) => setorder::ordered_entries(&s.borrow()),
            SetRef::Frozen(s) => setorder::ordered_entries(s),
        }
    }
    /// Membership (may run `__eq__`).
    pub fn contains(&self, vm: &mut Vm, key: &Value) -> PyResult<bool> {
        match self {
            SetRef::Mut(s) => {
                if simple_hash(key).is_some() {
                    return vm.set_contains(&s.borrow(), key);
                }
                let snap = s.borrow().clone();
                vm.set_contains(&snap, key)
            }
            SetRef::Frozen(s) => vm.set_contains(s, key),
        }
    }
}

/// A set being built or updated, with its shadow table.
pub(crate) struct Acc {
    pub data: Rc<RefCell<SetData>>,
    pub sh: Shadow,
}

impl Acc {
    /// A new empty set.
    pub fn new() -> Acc {
        Acc {
            data: Rc::new(RefCell::new(SetData::new())),
            sh: Shadow::new(),
        }
    }

    /// An existing set, to update in place (finish with [`Acc::store`]).
    pub fn load(data: &Rc<RefCell<SetData>>) -> Acc {
        let sh = setorder::load(&data.borrow());
        Acc {
            data: data.clone(),
            sh,
        }
    }

    /// Save the shadow.
    pub fn store(self) {
        setorder::store(&self.data.borrow(), self.sh);
    }

    pub fn len(&self) -> usize {
        self.data.borrow().len()
    }

    pub fn ptr(&self) -> usize {
        Rc::as_ptr(&self.data) as *const u8 as usize
    }

    /// The finished set (or a frozenset copy of it).
    pub fn into_value(self, frozen: bool) -> Value {
        if frozen {
            let fs = Rc::new(self.data.borrow().clone());
            setorder::store(&fs, self.sh);
            Value::FrozenSet(fs)
        } else {
            let v = Value::Set(self.data.clone());
            self.store();
            v
        }
    }

    /// `set_add_entry`: whether `key` was new.
    pub fn add(&mut self, vm: &mut Vm, key: Value) -> PyResult<bool> {
        if !self.sh.disabled {
            if let Some(h) = simple_hash(&key) {
                let found = self
                    .data
                    .borrow()
                    .map
                    .find(h, |k| k.is(&key) || simple_eq(k, &key) == Some(true));
                if found.is_some() {
                    return Ok(false);
                }
                let didx = self.data.borrow().map.slots();
                self.data.borrow_mut().map.insert_new(h, key, Value::None);
                self.sh.add_entry(h, didx);
                return Ok(true);
            }
        }
        let before = self.len();
        vm.set_add(&Value::Set(self.data.clone()), key)?;
        let new = self.len() > before;
        if new {
            self.sh.disabled = true;
        }
        Ok(new)
    }

    /// `set_discard_entry`: whether `key` was there.
    pub fn discard(&mut self, vm: &mut Vm, key: &Value) -> PyResult<bool> {
        if !self.sh.disabled {
            if let Some(h) = simple_hash(key) {
                let found = self
                    .data
                    .borrow()
                    .map
                    .find(h, |k| k.is(key) || simple_eq(k, key) == Some(true));
                let Some(i) = found else { return Ok(false) };
                let before = self.data.borrow().map.slots();
                self.data.borrow_mut().map.remove_at(i);
                self.sh.discard(h, i);
                if self.data.borrow().map.slots() < before {
                    self.sh.renumber();
                }
                return Ok(true);
            }
        }
        let removed = vm.set_remove(&self.data, key)?;
        if removed && !self.sh.disabled {
            // which entry went is unknown here: replay the table afresh
            self.sh = Shadow::fresh(&self.data.borrow());
        }
        Ok(removed)
    }

    /// `set_clear_internal`.
    pub fn clear(&mut self) {
        let old = std::mem::take(&mut *self.data.borrow_mut());
        drop(old);
        self.sh.clear();
    }

    /// Replace contents and table with those of `other` (`set_swap_bodies`).
    pub fn take_body(&mut self, other: Acc) {
        let data = other.data.borrow().clone();
        *self.data.borrow_mut() = data;
        self.sh.adopt(other.sh);
    }
}

/// The other operand of a set operation.
pub(crate) enum Operand {
    /// A set or frozenset: its storage, keys in table order, table.
    Set(SetRef, Vec<(Value, Option<i64>, usize)>, Shadow),
    /// An exact `dict`: its keys.
    Dict(Vec<Value>),
    /// Any other iterable.
    Iter(Value),
}

impl Operand {
    pub fn of(v: &Value) -> Operand {
        if let Some(s) = SetRef::of(v) {
            let (e, sh) = s.entries();
            return Operand::Set(s, e, sh);
        }
        if let Value::Dict(d) = v {
            return Operand::Dict(d.borrow().keys());
        }
        Operand::Iter(v.clone())
    }

    /// Items as an iterable would produce them (sets in table order).
    pub fn items(&self, vm: &mut Vm) -> PyResult<Vec<Value>> {
        Ok(match self {
            Operand::Set(_, e, _) => e.iter().map(|(k, _, _)| k.clone()).collect(),
            Operand::Dict(k) => k.clone(),
            Operand::Iter(v) => vm.collect(v)?,
        })
    }
}

/// `set_merge`: add the keys of a set operand.
fn merge(
    vm: &mut Vm,
    acc: &mut Acc,
    src: &SetRef,
    entries: &[(Value, Option<i64>, usize)],
    sh: &Shadow,
) -> PyResult<()> {
    if src.ptr() == acc.ptr() || entries.is_empty() {
        return Ok(());
    }
    acc.sh.reserve(entries.len());
    let simple = !acc.sh.disabled && !sh.disabled;
    if simple && acc.sh.fill() == 0 && acc.data.borrow().is_empty() {
        let mut map = HashMap::with_capacity(entries.len());
        let mut placed = Vec::with_capacity(entries.len());
        {
            let mut d = acc.data.borrow_mut();
            for (k, h, old) in entries {
                let h = h.unwrap_or(0);
                let didx = d.map.slots();
                d.map.insert_new(h, k.clone(), Value::None);
                map.insert(*old, didx);
                placed.push((h, didx));
            }
        }
        if acc.sh.same_size(sh) && sh.fill() == sh.used() {
            acc.sh.copy_layout(sh, &map);
        } else {
            acc.sh.insert_clean_all(&placed);
        }
        vm.charge(entries.len() as u64 / 4 + 1);
        return Ok(());
    }
    for (k, _, _) in entries {
        acc.add(vm, k.clone())?;
    }
    vm.charge(entries.len() as u64 / 2 + 1);
    Ok(())
}

/// `set_update_internal`: add every item of `other`.
pub(crate) fn update(vm: &mut Vm, acc: &mut Acc, other: &Operand) -> PyResult<()> {
    match other {
        Operand::Set(s, e, sh) => merge(vm, acc, s, e, sh),
        Operand::Dict(keys) => {
            acc.sh.reserve(keys.len());
            for k in keys {
                acc.add(vm, k.clone())?;
            }
            vm.charge(keys.len() as u64 / 2 + 1);
            Ok(())
        }
        Operand::Iter(v) => {
            let it = vm.iter(v)?;
            let mut n = 0;
            while let Some(x) = vm.next(&it)? {
                acc.add(vm, x)?;
                n += 1;
            }
            vm.charge(n / 2 + 1);
            Ok(())
        }
    }
}

/// `make_new_set`: a new set of the items of `other` (if any).
pub(crate) fn make_new(vm: &mut Vm, other: Option<&Operand>) -> PyResult<Acc> {
    let mut acc = Acc::new();
    if let Some(o) = other {
        update(vm, &mut acc, o)?;
    }
    Ok(acc)
}

/// `set_copy`.
pub(crate) fn copy_of(vm: &mut Vm, s: &SetRef) -> PyResult<Acc> {
    let (e, sh) = s.entries();
    make_new(vm, Some(&Operand::Set(s.clone(), e, sh)))
}

/// `set_intersection(so, other)`.
pub(crate) fn intersection(vm: &mut Vm, so: &SetRef, other: &Operand) -> PyResult<Acc> {
    let mut result = Acc::new();
    match other {
        Operand::Set(o, oe, _) => {
            if o.ptr() == so.ptr() {
                return copy_of(vm, so);
            }
            // iterate the smaller, probe the larger
            let (probe, walk) = if o.len() > so.len() {
                (o.clone(), so.entries().0)
            } else {
                (so.clone(), oe.clone())
            };
            for (k, _, _) in &walk {
                if probe.contains(vm, k)? {
                    result.add(vm, k.clone())?;
                }
            }
            vm.charge(walk.len() as u64 / 2 + 1);
        }
        _ => {
            let items = other.items(vm)?;
            for k in items {
                vm.hash(&k)?;
                if so.contains(vm, &k)? {
                    result.add(vm, k)?;
                    if result.len() >= so.len() {
                        break;
                    }
                }
            }
        }
    }
    Ok(result)
}

/// `set_difference_update_internal(acc, other)`.
pub(crate) fn difference_update(vm: &mut Vm, acc: &mut Acc, other: &Operand) -> PyResult<()> {
    match other {
        Operand::Set(o, oe, _) => {
            if o.ptr() == acc.ptr() {
                acc.clear();
                return Ok(());
            }
            let walk: Vec<Value> = if (o.len() >> 3) > acc.len() {
                let me = SetRef::Mut(acc.data.clone());
                let i = intersection(vm, &me, other)?;
                let keys = setorder::ordered_entries(&i.data.borrow()).0;
                i.store();
                keys.into_iter().map(|(k, _, _)| k).collect()
            } else {
                oe.iter().map(|(k, _, _)| k.clone()).collect()
            };
            for k in &walk {
                acc.discard(vm, k)?;
            }
            vm.charge(walk.len() as u64 / 2 + 1);
        }
        _ => {
            let items = other.items(vm)?;
            for k in &items {
                vm.hash(k)?;
                acc.discard(vm, k)?;
            }
        }
    }
    acc.sh.purge_dummies();
    Ok(())
}

/// `set_difference(so, other)`.
pub(crate) fn difference(vm: &mut Vm, so: &SetRef, other: &Operand) -> PyResult<Acc> {
    let other_size = match other {
        Operand::Set(o, _, _) => o.len(),
        Operand::Dict(k) => k.len(),
        Operand::Iter(_) => usize::MAX,
    };
    if other_size == usize::MAX || (so.len() >> 2) > other_size {
        let mut r = copy_of(vm, so)?;
        difference_update(vm, &mut r, other)?;
        return Ok(r);
    }
    let mut result = Acc::new();
    let mine = so.entries().0;
    match other {
        Operand::Set(o, _, _) => {
            for (k, _, _) in mine.iter() {
                if !o.contains(vm, k)? {
                    result.add(vm, k.clone())?;
                }
            }
        }
        Operand::Dict(keys) => {
            let d = Rc::new(RefCell::new(crate::vm::dict::DictData::new()));
            for k in keys {
                vm.dict_set(&d, k.clone(), Value::None)?;
            }
            for (k, _, _) in mine.iter() {
                if vm.dict_get(&d, k)?.is_none() {
                    result.add(vm, k.clone())?;
                }
            }
        }
        Operand::Iter(_) => unreachable!(),
    }
    vm.charge(mine.len() as u64 / 2 + 1);
    Ok(result)
}

/// `set_symmetric_difference_update(acc, other)`.
pub(crate) fn symmetric_difference_update(
    vm: &mut Vm,
    acc: &mut Acc,
    other: &Operand,
) -> PyResult<()> {
    let keys: Vec<Value> = match other {
        Operand::Set(o, e, _) => {
            if o.ptr() == acc.ptr() {
                acc.clear();
                return Ok(());
            }
            e.iter().map(|(k, _, _)| k.clone()).collect()
        }
        Operand::Dict(k) => k.clone(),
        Operand::Iter(_) => {
            let tmp = make_new(vm, Some(other))?;
            let e = setorder::ordered_entries(&tmp.data.borrow()).0;
            tmp.store();
            e.into_iter().map(|(k, _, _)| k).collect()
        }
    };
    for k in &keys {
        if !acc.discard(vm, k)? {
            acc.add(vm, k.clone())?;
        }
    }
    vm.charge(keys.len() as u64 / 2 + 1);
    Ok(())
}

/// `set_symmetric_difference(so, other)`.
pub(crate) fn symmetric_difference(vm: &mut Vm, so: &SetRef, other: &Operand) -> PyResult<Acc> {
    let mut r = make_new(vm, Some(other))?;
    let (e, sh) = so.entries();
    symmetric_difference_update(vm, &mut r, &Operand::Set(so.clone(), e, sh))?;
    Ok(r)
}

/// Whether every key of `so` is in `other`.
pub(crate) fn is_subset(vm: &mut Vm, so: &SetRef, other: &SetRef) -> PyResult<bool> {
    if so.len() > other.len() {
        return Ok(false);
    }
    let keys = so.entries().0;
    for (k, _, _) in &keys {
        if !other.contains(vm, k)? {
            return Ok(false);
        }
    }
    vm.charge(keys.len() as u64 / 2 + 1);
    Ok(true)
}

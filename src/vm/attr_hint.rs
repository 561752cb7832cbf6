//! Inline caches for `LoadAttr`, `StoreAttr` and `LoadMethod` on instances, as CPython 3.11
//! specialises them (`LOAD_ATTR_INSTANCE_VALUE`, `STORE_ATTR_INSTANCE_VALUE`,
//! `LOAD_METHOD_WITH_VALUES`): each instruction remembers, in an [`AttrHint`], the class of
//! the last instance it saw and where the attribute was. For another instance of that class,
//! while no class has changed (the class epoch), a hit is an index into the instance's values
//! (see [`super::shape`]) or into the dict of the class defining the method. A miss takes the
//! general path and, where that found a plain attribute, fills the hint.
//!
//! What a hit skips was checked when the hint was made: no descriptor on the class for the
//! name, no `__setattr__`, not an exception, and for a method, that the instance does not
//! shadow it. Classes changing (or dying, so that a new class can take the address) moves the
//! epoch on and so empties every hint.

use std::cell::Cell;
use std::rc::Rc;

use super::dict::DictData;
use super::object::{class_epoch, Instance};
use super::shape::InstDict;
use super::value::{PyStr, Value};
use super::{PyResult, Vm};
use crate::lang::bytecode::AttrHint;

/// Whether `hint` was made for instances of `inst`'s class in the current epoch.
#[inline]
fn hint_holds(hint: &AttrHint, inst: &Instance) -> bool {
    // SAFETY: the class is only read for its address, while nothing else runs
    let class = unsafe { inst.class.try_borrow_unguarded() };
    matches!(class, Ok(c) if hint.class == Rc::as_ptr(c) as usize) && hint.epoch == class_epoch()
}

/// `LoadAttr`'s hit, done in place: when `slot` (the top of the stack) holds an instance that
/// `hint` knows, the attribute replaces it and this says true; else nothing changes. Working
/// on the slot saves moving the instance off the stack and the attribute back on, and the
/// `PyResult` passed through memory.
#[inline(always)]
pub fn load_attr_hit(slot: &mut Value, hint: &Cell<AttrHint>) -> bool {
    let Value::Inst(inst) = &*slot else {
        return false;
    };
    let h = hint.get();
    if !hint_holds(&h, inst) {
        return false;
    }
    // SAFETY: the dict is only read for a clone of one value (a count raised: nothing runs)
    let v = match unsafe { inst.dict.try_borrow_unguarded() } {
        Ok(d) => match d.value_at(h.slot as usize) {
            Some(v) => v.clone(),
            None => return false,
        },
        Err(_) => return false,
    };
    // SAFETY: `slot` holds `Inst(inst)`: its `Rc` moves out, and the slot is overwritten
    // without a drop; the instance is then released by its own `Rc`, after the attribute was
    // taken (as `getattr_hinted` releases it).
    let inst: Rc<Instance> = unsafe { std::ptr::read(inst) };
    unsafe { std::ptr::write(slot, v) };
    drop(inst);
    true
}

/// `StoreAttr`'s hit, done on the stack: when its top (above the value to store) is an
/// instance that `hint` knows, with the slot present or next to fill, both come off and the
/// value is stored, and this says true; else nothing changes.
#[inline(always)]
pub fn store_attr_hit(regs: &mut Vec<Value>, hint: &Cell<AttrHint>) -> bool {
    let n = regs.len();
    if n < 2 {
        return false;
    }
    let Value::Inst(inst) = &regs[n - 1] else {
        return false;
    };
    // SAFETY: the instance stays alive, by its `Rc` on the stack and then in `obj` below, for
    // as long as this reference is used (this detaches it from `regs`, which is popped)
    let inst: &Instance = unsafe { &*Rc::as_ptr(inst) };
    let h = hint.get();
    if !hint_holds(&h, inst) {
        return false;
    }
    let mut d = inst.dict.borrow_mut();
    let InstDict::Values(vals) = &mut *d else {
        return false;
    };
    let i = h.slot as usize;
    let present = match vals.get(i) {
        None => false,
        Some(None) => return false,
        Some(Some(_)) => true,
    };
    // as `setattr_hinted` takes them: the instance, then the value
    let obj = Value::pop_words(regs);
    let v = Value::pop_words(regs);
    if present {
        let old = vals[i].replace(v);
        // its end may queue a `__del__`: not while the dict is borrowed
        drop(d);
        drop(old);
    } else {
        // a new attribute after all the instance has: `__init__` filling it
        while vals.len() < i {
            vals.push(None);
        }
        vals.push(Some(v));
        drop(d);
    }
    drop(obj);
    true
}

/// `LoadMethod`'s hit, done on the stack: when its top is an instance whose class `hint`
/// knows, not shadowing the method `name`, the method goes under the instance (which stays
/// as `self`) and this says true; else nothing changes.
#[inline(always)]
pub fn load_method_hit(regs: &mut Vec<Value>, name: &Rc<PyStr>, hint: &Cell<AttrHint>) -> bool {
    let Some(Value::Inst(inst)) = regs.last() else {
        return false;
    };
    let Some(f) = hinted_method(inst, name, &hint.get()) else {
        return false;
    };
    let obj = Value::pop_words(regs);
    Value::push_words(regs, f);
    Value::push_words(regs, obj);
    true
}

/// The method `hint` knows for `inst`, if it holds: the instance has no attribute of that
/// name (its values stop before the name's index in the shape, or the shape lacked the name)
/// and the class dict slot still holds a function under `name`.
#[inline(always)]
fn hinted_method(inst: &Instance, name: &Rc<PyStr>, h: &AttrHint) -> Option<Value> {
    // SAFETY (the three borrows): the instance's dict, its class and the class dict are only
    // read, for a clone of one value at the end (a count raised: nothing runs meanwhile); one
    // being changed (borrowed mutably) takes the general path
    let unshadowed = |d: &InstDict| matches!(d.values_len(), Some(n) if n <= h.keys as usize);
    if !(hint_holds(h, inst)
        && matches!(unsafe { inst.dict.try_borrow_unguarded() }, Ok(d) if unshadowed(d)))
    {
        return None;
    }
    let cls = unsafe { inst.class.try_borrow_unguarded() }.ok()?;
    let owner = match h.owner {
        0 => Some(&**cls),
        k => cls.mro.get(k as usize - 1).map(|c| &**c),
    };
    let d = unsafe { owner?.dict.try_borrow_unguarded() }.ok()?;
    match slot_named(d, h.slot, name) {
        Some(f @ (Value::Func(_) | Value::Builtin(_))) => Some(f.clone()),
        _ => None,
    }
}

/// The value in slot `slot` of a class dict, if that slot still holds the key `name` (a
/// method hint's check that the dict has not changed under it).
#[inline(always)]
fn slot_named<'d>(d: &'d DictData, slot: u32, name: &Rc<PyStr>) -> Option<&'d Value> {
    match d.key_at(slot as usize)? {
        Value::Str(k) if Rc::ptr_eq(k, name) || k.as_str() == name.as_str() => {
            d.value_at(slot as usize)
        }
        _ => None,
    }
}

impl Vm {
    /// `obj.name` through the inline cache `hint`. (`obj` is taken by value so that an
    /// instance is released by its own `Rc`, without `Value`'s general drop.)
    #[inline]
    pub fn getattr_hinted(
        &mut self,
        obj: Value,
        name: &Rc<PyStr>,
        hint: &Cell<AttrHint>,
    ) -> PyResult {
        if let Value::Inst(inst) = obj {
            let h = hint.get();
            if hint_holds(&h, &inst) {
                if let Some(v) = inst.dict.borrow().value_at(h.slot as usize) {
                    return Ok(v.clone());
                }
            }
            return self.getattr_miss(&Value::Inst(inst), name, hint);
        }
        self.getattr_miss(&obj, name, hint)
    }

    #[inline(never)]
    fn getattr_miss(&mut self, obj: &Value, name: &Rc<PyStr>, hint: &Cell<AttrHint>) -> PyResult {
        if let Value::Inst(inst) = obj {
            let epoch = class_epoch();
            let cls = inst.class();
            let descr = matches!(cls.lookup_cached(name), Some(Value::Native(_)));
            if !descr && inst.exc.is_none() {
                if let Some(i) = cls.shape.index_of(name.as_str(), name.hash()) {
                    if let Some(v) = inst.dict.borrow().value_at(i) {
                        hint.set(AttrHint {
                            class: Rc::as_ptr(&cls) as usize,
                            epoch,
                            slot: i as u32,
                            ..Default::default()
                        });
                        return Ok(v.clone());
                    }
                }
            }
        }
        self.getattr_interned(obj, name)
    }

    /// `obj.name = v` through the inline cache `hint`.
    #[inline]
    pub fn setattr_hinted(
        &mut self,
        obj: Value,
        name: &Rc<PyStr>,
        v: Value,
        hint: &Cell<AttrHint>,
    ) -> PyResult<()> {
        if let Value::Inst(inst) = obj {
            let h = hint.get();
            if hint_holds(&h, &inst) {
                let mut d = inst.dict.borrow_mut();
                if let InstDict::Values(vals) = &mut *d {
                    let i = h.slot as usize;
                    if i >= vals.len() {
                        // a new attribute after all the instance has: `__init__` filling it
                        while vals.len() < i {
                            vals.push(None);
                        }
                        vals.push(Some(v));
                        return Ok(());
                    }
                    if let Some(slot @ Some(_)) = vals.get_mut(i) {
                        let old = slot.replace(v);
                        // its end may queue a `__del__`: not while the dict is borrowed
                        drop(d);
                        drop(old);
                        return Ok(());
                    }
                }
            }
            return self.setattr_miss(&Value::Inst(inst), name, v, hint);
        }
        self.setattr_miss(&obj, name, v, hint)
    }

    #[inline(never)]
    fn setattr_miss(
        &mut self,
        obj: &Value,
        name: &Rc<PyStr>,
        v: Value,
        hint: &Cell<AttrHint>,
    ) -> PyResult<()> {
        if let Value::Inst(inst) = obj {
            let epoch = class_epoch();
            let cls = inst.class();
            let hook = cls.lookup_cached(&self.interp.names.setattr.clone());
            let plain = !matches!(hook, Some(Value::Func(_)))
                && !matches!(cls.lookup_cached(name), Some(Value::Native(_)))
                && inst.exc.is_none()
                && name.as_str() != "__class__";
            if plain && !cls.allows_attr(name.as_str()) {
                return Err(self.no_slot_for(&cls, name.as_str()));
            }
            if plain {
                if let Some(i) = inst.set_attr(name, v) {
                    hint.set(AttrHint {
                        class: Rc::as_ptr(&cls) as usize,
                        epoch,
                        slot: i as u32,
                        ..Default::default()
                    });
                }
                return Ok(());
            }
        }
        self.setattr_interned(obj, name, v)
    }

    /// For `obj.name(...)` through the inline cache `hint`: `(function, obj)` when a method
    /// can be called without binding, else `(attribute, NULL)` (see `load_method`).
    #[inline]
    pub fn load_method_hinted(
        &mut self,
        obj: Value,
        name: &Rc<PyStr>,
        hint: &Cell<AttrHint>,
    ) -> PyResult<(Value, Value)> {
        if let Value::Inst(inst) = &obj {
            if let Some(f) = hinted_method(inst, name, &hint.get()) {
                return Ok((f, obj));
            }
        } else if let Some(cls) = self.builtin_type(&obj) {
            // `xs.append(...)`, `s.startswith(...)`: a method in a builtin type's own dict.
            let h = hint.get();
            if h.class == Rc::as_ptr(cls) as usize && h.epoch == class_epoch() && h.owner == 0 {
                let d = cls.dict.borrow();
                if let Some(f @ Value::Builtin(_)) = slot_named(&d, h.slot, name) {
                    let f = f.clone();
                    drop(d);
                    return Ok((f, obj));
                }
            }
        }
        self.load_method_miss(obj, name, hint)
    }

    /// The type of a value of the builtin types whose methods [`Vm::load_method_hinted`]
    /// caches (their methods are `Builtin`s in the type's own dict).
    #[inline]
    fn builtin_type(&self, v: &Value) -> Option<&Rc<super::object::Class>> {
        let t = &self.interp.types;
        Some(match v {
            Value::Str(_) => &t.str,
            Value::List(_) => &t.list,
            Value::Dict(_) => &t.dict,
            Value::Tuple(_) => &t.tuple,
            Value::Set(_) => &t.set,
            _ => return None,
        })
    }

    #[inline(never)]
    fn load_method_miss(
        &mut self,
        obj: Value,
        name: &Rc<PyStr>,
        hint: &Cell<AttrHint>,
    ) -> PyResult<(Value, Value)> {
        if let Value::Inst(inst) = &obj {
            let epoch = class_epoch();
            let cls = inst.class();
            let hash = name.hash();
            let keys = cls
                .shape
                .index_of(name.as_str(), hash)
                .unwrap_or_else(|| cls.shape.len());
            let unshadowed = matches!(inst.dict.borrow().values_len(), Some(n) if n <= keys);
            if unshadowed {
                let found = cls.lookup_order().enumerate().find_map(|(k, c)| {
                    let d = c.dict.borrow();
                    let slot = d.index_of_pystr(name)?;
                    Some((k, slot, d.value_at(slot).cloned()))
                });
                if let Some((k, slot, Some(f @ (Value::Func(_) | Value::Builtin(_))))) = found {
                    if let (Ok(owner), Ok(keys)) = (u16::try_from(k), u16::try_from(keys)) {
                        hint.set(AttrHint {
                            class: Rc::as_ptr(&cls) as usize,
                            epoch,
                            slot: slot as u32,
                            owner,
                            keys,
                        });
                    }
                    return Ok((f, obj));
                }
            }
        } else if let Some(cls) = self.builtin_type(&obj) {
            let epoch = class_epoch();
            let d = cls.dict.borrow();
            if let Some(slot) = d.index_of_pystr(name) {
                if let (Some(Value::Builtin(_)), Ok(slot)) = (d.value_at(slot), u32::try_from(slot))
                {
                    hint.set(AttrHint {
                        class: Rc::as_ptr(cls) as usize,
                        epoch,
                        slot,
                        owner: 0,
                        keys: 0,
                    });
                }
            }
        }
        self.load_method(obj, name)
    }
}

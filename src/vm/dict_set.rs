//! Dict and set storage with Python's hashing and equality: the lookups that may run a key's
//! `__hash__` and `__eq__` (the storage itself, which never runs Python, is `dict.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use super::dict::{simple_eq, DictData, SetData};
use super::value::Value;
use super::{PyResult, Vm};

impl Vm {
    // ----- dict storage -----

    /// Find the slot of `key` in `d`, running `__eq__` where needed.
    fn dict_find(
        &mut self,
        d: &Rc<RefCell<DictData>>,
        key: &Value,
        hash: i64,
    ) -> PyResult<Option<usize>> {
        let mut needs_python = false;
        let found = d.borrow().find(hash, |k| {
            // `is`, then `simple_eq`, decided inline for the common key types.
            match (k, key) {
                (Value::Int(a), Value::Int(b)) => return a == b,
                (Value::Str(a), Value::Str(b)) => {
                    return Rc::ptr_eq(a, b) || a.as_str() == b.as_str()
                }
                _ => {}
            }
            k.is(key)
                || match simple_eq(k, key) {
                    Some(e) => e,
                    None => {
                        needs_python = true;
                        false
                    }
                }
        });
        if found.is_some() || !needs_python {
            return Ok(found);
        }
        let cands = d.borrow().candidates(hash);
        for (i, k) in cands {
            if k.is(key) || self.eq(&k, key)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    /// `d.get(key)`.
    pub fn dict_get(&mut self, d: &Rc<RefCell<DictData>>, key: &Value) -> PyResult<Option<Value>> {
        let h = self.hash(key)?;
        let i = self.dict_find(d, key, h)?;
        Ok(i.and_then(|i| d.borrow().value_at(i).cloned()))
    }

    /// `d[key] = v`.
    pub fn dict_set(&mut self, d: &Rc<RefCell<DictData>>, key: Value, v: Value) -> PyResult<()> {
        let h = self.hash(&key)?;
        match self.dict_find(d, &key, h)? {
            Some(i) => d.borrow_mut().set_at(i, v),
            None => d.borrow_mut().insert_new(h, key, v),
        }
        Ok(())
    }

    /// Remove `key`, returning its value if it was there.
    pub fn dict_del(&mut self, d: &Rc<RefCell<DictData>>, key: &Value) -> PyResult<Option<Value>> {
        let h = self.hash(key)?;
        match self.dict_find(d, key, h)? {
            Some(i) => Ok(d.borrow_mut().remove_at(i).map(|(_, v)| v)),
            None => Ok(None),
        }
    }

    /// `target.update(src)` (mapping or iterable of pairs); with `merge`, repeated keys fail
    /// as in `f(**a, **b)`.
    pub fn dict_update_from(&mut self, target: &Value, src: &Value, merge: bool) -> PyResult<()> {
        let Value::Dict(t) = target else {
            return Err(self.type_error("update target is not a dict"));
        };
        let t = t.clone();
        let pairs: Vec<(Value, Value)> = match src {
            Value::Dict(s) => s.borrow().items(),
            other => {
                if let Some(b) = self.unwrap_base(other) {
                    if let Value::Dict(s) = b {
                        s.borrow().items()
                    } else {
                        vec![]
                    }
                } else if self
                    .getattr_opt(other, &super::value::PyStr::new("keys"))?
                    .is_some()
                {
                    let keys = self.call_method(other, "keys", &[])?;
                    let keys = self.collect(&keys)?;
                    let mut out = vec![];
                    for k in keys {
                        let v = self.getitem(other, &k)?;
                        out.push((k, v));
                    }
                    out
                } else {
                    if merge {
                        return Err(self.type_error(format!(
                            "argument after ** must be a mapping, not {}",
                            self.type_of(other).name().as_str()
                        )));
                    }
                    let items = self.collect(other)?;
                    let mut out = vec![];
                    for (n, it) in items.into_iter().enumerate() {
                        let kv = self.collect(&it)?;
                        if kv.len() != 2 {
                            return Err(self.value_error(format!(
                                "dictionary update sequence element #{} has length {}; 2 is required",
                                n,
                                kv.len()
                            )));
                        }
                        let mut kv = kv.into_iter();
                        out.push((kv.next().unwrap(), kv.next().unwrap()));
                    }
                    out
                }
            }
        };
        for (k, v) in pairs {
            if merge && self.dict_get(&t, &k)?.is_some() {
                let r = self.repr(&k)?;
                return Err(self.type_error(format!(
                    "got multiple values for keyword argument {}",
                    r.as_str()
                )));
            }
            self.dict_set(&t, k, v)?;
        }
        Ok(())
    }

    /// Dict equality.
    pub fn dict_eq(
        &mut self,
        a: &Rc<RefCell<DictData>>,
        b: &Rc<RefCell<DictData>>,
    ) -> PyResult<bool> {
        if a.borrow().len() != b.borrow().len() {
            return Ok(false);
        }
        let items = a.borrow().items();
        for (k, v) in items {
            match self.dict_get(b, &k)? {
                Some(w) => {
                    if !(v.is(&w) || self.eq(&v, &w)?) {
                        return Ok(false);
                    }
                }
                None => return Ok(false),
            }
        }
        Ok(true)
    }

    // ----- sets -----

    /// A new `set` of `items`.
    pub fn new_set(&mut self, items: Vec<Value>) -> PyResult {
        let s = Rc::new(RefCell::new(SetData::new()));
        let v = Value::Set(s);
        for it in items {
            self.set_add(&v, it)?;
        }
        Ok(v)
    }

    /// Add to a set (or set-subclass instance).
    pub fn set_add(&mut self, set: &Value, item: Value) -> PyResult<()> {
        let s = match set {
            Value::Set(s) => s.clone(),
            other => match self.unwrap_base(other) {
                Some(Value::Set(s)) => s,
                _ => return Err(self.type_error("set_add on a non-set")),
            },
        };
        let h = self.hash(&item)?;
        let mut needs_python = false;
        let found = s.borrow().map.find(h, |k| {
            k.is(&item)
                || match simple_eq(k, &item) {
                    Some(e) => e,
                    None => {
                        needs_python = true;
                        false
                    }
                }
        });
        if found.is_some() {
            return Ok(());
        }
        if needs_python {
            let cands = s.borrow().map.candidates(h);
            for (_, k) in cands {
                if k.is(&item) || self.eq(&k, &item)? {
                    return Ok(());
                }
            }
        }
        s.borrow_mut().map.insert_new(h, item, Value::None);
        Ok(())
    }

    /// Membership in set storage.
    /// `item in s` on the live set: hashed first, compared in place, and where `__eq__`
    /// must run, against a copy of the candidates (so Python code never sees it borrowed).
    pub fn set_contains_live(&mut self, s: &Rc<RefCell<SetData>>, item: &Value) -> PyResult<bool> {
        let h = self.hash(item)?;
        let mut needs_python = false;
        let found = s.borrow().map.find(h, |k| {
            k.is(item)
                || simple_eq(k, item).unwrap_or_else(|| {
                    needs_python = true;
                    false
                })
        });
        if found.is_some() {
            return Ok(true);
        }
        if needs_python {
            let cands = s.borrow().map.candidates(h);
            for (_, k) in cands {
                if k.is(item) || self.eq(&k, item)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    pub fn set_contains(&mut self, s: &SetData, item: &Value) -> PyResult<bool> {
        let h = self.hash(item)?;
        let mut needs_python = false;
        let found = s.map.find(h, |k| {
            k.is(item)
                || match simple_eq(k, item) {
                    Some(e) => e,
                    None => {
                        needs_python = true;
                        false
                    }
                }
        });
        if found.is_some() {
            return Ok(true);
        }
        if needs_python {
            for (_, k) in s.map.candidates(h) {
                if k.is(item) || self.eq(&k, item)? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Remove from a set; whether it was there.
    pub fn set_remove(&mut self, s: &Rc<RefCell<SetData>>, item: &Value) -> PyResult<bool> {
        let h = self.hash(item)?;
        let cands = s.borrow().map.candidates(h);
        for (i, k) in cands {
            if k.is(item) || self.eq(&k, item)? {
                s.borrow_mut().map.remove_at(i);
                return Ok(true);
            }
        }
        Ok(false)
    }
}

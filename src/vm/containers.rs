//! Container protocol: subscripts, slices, membership and sequence unpacking (dict and set
//! lookups that run Python hashing and equality are `dict_set.rs`).

use std::rc::Rc;

use super::dict::simple_eq;
use super::object::SliceObj;
use super::value::Value;
use super::{PyResult, Vm};

/// The builtin classes that CPython 3.11 makes generic (`list[int]` is a `types.GenericAlias`).
const GENERIC_BUILTINS: &[&str] = &[
    "list",
    "dict",
    "tuple",
    "set",
    "frozenset",
    "type",
    "enumerate",
];

impl Vm {
    /// Charge simulated time for `units` of work done inside a builtin.
    pub fn charge(&mut self, units: u64) {
        self.ticks += units * self.cost.builtin_unit as u64;
    }

    /// Normalise a slice against a sequence of `len`: (start, stop, step) as `slice.indices`.
    pub fn slice_indices(&mut self, s: &SliceObj, len: i64) -> PyResult<(i64, i64, i64)> {
        let step = match &s.step {
            Value::None => 1,
            v => self.index_of(v)?,
        };
        if step == 0 {
            return Err(self.value_error("slice step cannot be zero"));
        }
        let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
        let norm = |vm: &mut Vm, v: &Value, default: i64| -> PyResult<i64> {
            match v {
                Value::None => Ok(default),
                v => {
                    let mut i = match v {
                        Value::Big(b) => {
                            if num_traits::Signed::is_negative(&**b) {
                                i64::MIN / 2
                            } else {
                                i64::MAX / 2
                            }
                        }
                        _ => vm.index_of(v)?,
                    };
                    if i < 0 {
                        i += len;
                        if i < lower {
                            i = lower;
                        }
                    } else if i > upper {
                        i = upper;
                    }
                    Ok(i)
                }
            }
        };
        let start = norm(self, &s.start, if step < 0 { upper } else { lower })?;
        let stop = norm(self, &s.stop, if step < 0 { lower } else { upper })?;
        Ok((start, stop, step))
    }

    /// Indices selected by a slice over a sequence of `len`.
    /// `slice_indices` for a slice of plain ints and Nones, whose bounds run no Python code
    /// (so the sequence cannot change while they are computed); `None` for other slices.
    fn plain_slice(&mut self, s: &SliceObj, len: usize) -> PyResult<Option<(i64, i64, i64)>> {
        let plain = |v: &Value| matches!(v, Value::None | Value::Int(_));
        if plain(&s.start) && plain(&s.stop) && plain(&s.step) {
            Ok(Some(self.slice_indices(s, len as i64)?))
        } else {
            Ok(None)
        }
    }

    pub fn slice_positions(&mut self, s: &SliceObj, len: usize) -> PyResult<Vec<usize>> {
        let (start, stop, step) = self.slice_indices(s, len as i64)?;
        let mut out = vec![];
        let mut i = start;
        if step > 0 {
            while i < stop {
                out.push(i as usize);
                i += step;
            }
        } else {
            while i > stop {
                out.push(i as usize);
                i += step;
            }
        }
        Ok(out)
    }

    fn seq_index(&mut self, idx: &Value, len: usize, what: &str) -> PyResult<usize> {
        let i = match idx {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            Value::Big(_) => {
                return Err(
                    self.index_error(format!("cannot fit 'int' into an index-sized integer"))
                )
            }
            _ => match self.index_of(idx) {
                Ok(i) => i,
                Err(_) => {
                    return Err(self.type_error(format!(
                        "{} indices must be integers or slices, not {}",
                        what,
                        self.type_of(idx).name().as_str()
                    )))
                }
            },
        };
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            return Err(self.index_error(format!("{what} index out of range")));
        }
        Ok(j as usize)
    }

    /// The index of `list[key] = ...` / `del list[key]`, with their own out-of-range message.
    fn list_assign_index(&mut self, key: &Value, len: usize) -> PyResult<usize> {
        match self.seq_index(key, len, "list") {
            Err(e) if e.matches(&self.t().exc.index_error.clone()) => {
                Err(self.index_error("list assignment index out of range"))
            }
            r => r,
        }
    }

    /// `obj[key]`.
    #[inline]
    pub fn getitem(&mut self, obj: &Value, key: &Value) -> PyResult {
        // `list[i]` and `tuple[i]` in range: no error paths to set up.
        if let Value::Int(i) = key {
            let item = match obj {
                Value::List(l) => {
                    let lb = l.borrow();
                    let j = if *i < 0 { *i + lb.len() as i64 } else { *i };
                    usize::try_from(j).ok().and_then(|j| lb.get(j).cloned())
                }
                Value::Tuple(t) => {
                    let j = if *i < 0 { *i + t.len() as i64 } else { *i };
                    usize::try_from(j).ok().and_then(|j| t.get(j).cloned())
                }
                _ => None,
            };
            if let Some(v) = item {
                return Ok(v);
            }
        }
        self.getitem_general(obj, key)
    }

    #[inline(never)]
    fn getitem_general(&mut self, obj: &Value, key: &Value) -> PyResult {
        match obj {
            Value::List(l) => {
                if let Value::Slice(s) = key {
                    if let Some((start, stop, step)) = self.plain_slice(s, l.borrow().len())? {
                        return Ok(Value::list(take_slice(&l.borrow(), start, stop, step)));
                    }
                    let items = l.borrow().clone();
                    let pos = self.slice_positions(s, items.len())?;
                    return Ok(Value::list(
                        pos.into_iter().map(|i| items[i].clone()).collect(),
                    ));
                }
                let len = l.borrow().len();
                let i = self.seq_index(key, len, "list")?;
                Ok(l.borrow()[i].clone())
            }
            Value::Tuple(t) => {
                if let Value::Slice(s) = key {
                    if let Some((start, stop, step)) = self.plain_slice(s, t.len())? {
                        return Ok(Value::tuple(take_slice(t, start, stop, step)));
                    }
                    let pos = self.slice_positions(s, t.len())?;
                    return Ok(Value::tuple(
                        pos.into_iter().map(|i| t[i].clone()).collect(),
                    ));
                }
                let i = self.seq_index(key, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            Value::Str(s) => {
                if let Value::Slice(sl) = key {
                    if s.is_ascii() {
                        if let Some((start, stop, step)) = self.plain_slice(sl, s.char_len())? {
                            // Bytes of an ASCII string are its characters.
                            if step == 1 {
                                let (a, b) = (start as usize, stop.max(start) as usize);
                                return Ok(Value::str(&s.as_str()[a..b]));
                            }
                            let b = take_slice(s.as_str().as_bytes(), start, stop, step);
                            return Ok(Value::str(
                                b.into_iter().map(char::from).collect::<String>(),
                            ));
                        }
                    }
                    let chars: Vec<char> = s.as_str().chars().collect();
                    let pos = self.slice_positions(sl, chars.len())?;
                    return Ok(Value::str(
                        pos.into_iter().map(|i| chars[i]).collect::<String>(),
                    ));
                }
                let len = s.char_len();
                let i = self.seq_index(key, len, "string")?;
                Ok(Value::str(s.char_at(i).unwrap().to_string()))
            }
            Value::Dict(d) => {
                let d = d.clone();
                match self.dict_get(&d, key)? {
                    Some(v) => Ok(v),
                    None => Err(self.key_error(key.clone())),
                }
            }
            Value::Range(r) => {
                if let Value::Slice(s) = key {
                    let (start, stop, step) = self.slice_indices(s, r.len())?;
                    let rs = r.start + start * r.step;
                    let re = r.start + stop * r.step;
                    return Ok(Value::Range(Rc::new(super::object::RangeObj {
                        start: rs,
                        stop: re,
                        step: r.step * step,
                    })));
                }
                let i = self.seq_index(key, r.len() as usize, "range object")?;
                Ok(Value::Int(r.start + i as i64 * r.step))
            }
            Value::Class(c) => {
                // `list[int]` and friends at run time
                if let Some(m) = c.lookup("__class_getitem__") {
                    let f = match &m {
                        Value::Native(n) => {
                            match n.as_any().downcast_ref::<super::object::ClassMethod>() {
                                Some(cm) => cm.0.clone(),
                                None => m.clone(),
                            }
                        }
                        _ => m.clone(),
                    };
                    return self.call(&f, &[obj.clone(), key.clone()], &[]);
                }
                if GENERIC_BUILTINS.contains(&c.name().as_str()) && !c.is_user {
                    return self.call_library("types", "GenericAlias", &[obj.clone(), key.clone()]);
                }
                Err(self.type_error(format!("type '{}' is not subscriptable", c.name().as_str())))
            }
            Value::Inst(inst) => {
                if let Some(m) = self.lookup_user_special(obj, "__getitem__")? {
                    return self.call(&m, &[key.clone()], &[]);
                }
                if let Some(b) = self.unwrap_base(obj) {
                    if let Value::Dict(d) = &b {
                        let d = d.clone();
                        if let Some(v) = self.dict_get(&d, key)? {
                            return Ok(v);
                        }
                        if let Some(m) = inst.class().lookup("__missing__") {
                            return self.call(&m, &[obj.clone(), key.clone()], &[]);
                        }
                        return Err(self.key_error(key.clone()));
                    }
                    return self.getitem(&b, key);
                }
                Err(self.not_subscriptable(obj))
            }
            Value::Native(_) => {
                if let Some(m) = self.lookup_special_opt(obj, "__getitem__")? {
                    return self.call(&m, &[key.clone()], &[]);
                }
                Err(self.not_subscriptable(obj))
            }
            _ => Err(self.not_subscriptable(obj)),
        }
    }

    #[cold]
    fn not_subscriptable(&self, obj: &Value) -> super::PyErr {
        self.type_error(format!(
            "'{}' object is not subscriptable",
            self.type_of(obj).name().as_str()
        ))
    }

    /// `obj[key] = v`.
    pub fn setitem(&mut self, obj: &Value, key: Value, v: Value) -> PyResult<()> {
        match obj {
            Value::List(l) => {
                if let Value::Slice(s) = &key {
                    let items = self.collect(&v)?;
                    let len = l.borrow().len();
                    let (start, stop, step) = self.slice_indices(s, len as i64)?;
                    if step == 1 {
                        let stop = stop.max(start);
                        l.borrow_mut().splice(start as usize..stop as usize, items);
                        return Ok(());
                    }
                    let pos = self.slice_positions(s, len)?;
                    if pos.len() != items.len() {
                        return Err(self.value_error(format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            pos.len()
                        )));
                    }
                    let mut lb = l.borrow_mut();
                    for (p, it) in pos.into_iter().zip(items) {
                        lb[p] = it;
                    }
                    return Ok(());
                }
                let len = l.borrow().len();
                let i = self.list_assign_index(&key, len)?;
                l.borrow_mut()[i] = v;
                Ok(())
            }
            Value::Dict(d) => {
                let d = d.clone();
                self.dict_set(&d, key, v)
            }
            Value::Inst(_) => {
                if let Some(m) = self.lookup_user_special(obj, "__setitem__")? {
                    self.call(&m, &[key, v], &[])?;
                    return Ok(());
                }
                if let Some(b) = self.unwrap_base(obj) {
                    return self.setitem(&b, key, v);
                }
                Err(self.type_error(format!(
                    "'{}' object does not support item assignment",
                    self.type_of(obj).name().as_str()
                )))
            }
            Value::Native(_) => {
                if let Some(m) = self.lookup_special_opt(obj, "__setitem__")? {
                    self.call(&m, &[key, v], &[])?;
                    return Ok(());
                }
                Err(self.type_error(format!(
                    "'{}' object does not support item assignment",
                    self.type_of(obj).name().as_str()
                )))
            }
            _ => Err(self.type_error(format!(
                "'{}' object does not support item assignment",
                self.type_of(obj).name().as_str()
            ))),
        }
    }

    /// `del obj[key]`.
    pub fn delitem(&mut self, obj: &Value, key: Value) -> PyResult<()> {
        match obj {
            Value::List(l) => {
                if let Value::Slice(s) = &key {
                    let len = l.borrow().len();
                    let mut pos = self.slice_positions(s, len)?;
                    pos.sort_unstable();
                    let mut lb = l.borrow_mut();
                    for p in pos.into_iter().rev() {
                        lb.remove(p);
                    }
                    return Ok(());
                }
                let len = l.borrow().len();
                let i = self.list_assign_index(&key, len)?;
                l.borrow_mut().remove(i);
                Ok(())
            }
            Value::Dict(d) => {
                let d = d.clone();
                match self.dict_del(&d, &key)? {
                    Some(_) => Ok(()),
                    None => Err(self.key_error(key)),
                }
            }
            Value::Inst(_) | Value::Native(_) => {
                if let Some(m) = self.lookup_special_opt(obj, "__delitem__")? {
                    self.call(&m, &[key], &[])?;
                    return Ok(());
                }
                if let Some(b) = self.unwrap_base(obj) {
                    return self.delitem(&b, key);
                }
                Err(self.type_error(format!(
                    "'{}' object doesn't support item deletion",
                    self.type_of(obj).name().as_str()
                )))
            }
            _ => Err(self.type_error(format!(
                "'{}' object doesn't support item deletion",
                self.type_of(obj).name().as_str()
            ))),
        }
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        match container {
            Value::Str(s) => match item {
                Value::Str(sub) => Ok(s.as_str().contains(sub.as_str())),
                _ => Err(self.type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    self.type_of(item).name().as_str()
                ))),
            },
            Value::Dict(d) => {
                let d = d.clone();
                Ok(self.dict_get(&d, item)?.is_some())
            }
            Value::Set(s) => {
                let s = s.clone();
                self.set_contains_live(&s, item)
            }
            Value::FrozenSet(s) => {
                let s = s.clone();
                self.set_contains(&s, item)
            }
            Value::Range(r) => {
                if let Value::Int(i) = item {
                    let i = *i;
                    let n = r.len();
                    if n == 0 {
                        return Ok(false);
                    }
                    let off = i - r.start;
                    return Ok(off % r.step == 0 && off / r.step >= 0 && off / r.step < n);
                }
                let items = self.collect(container)?;
                self.seq_contains(&items, item)
            }
            Value::List(l) => {
                // Items compared without Python code are scanned in place; a copy (as the
                // general loop uses) only when some item needs `__eq__`.
                let (n, simple) = {
                    let lb = l.borrow();
                    let mut simple = Some(false);
                    for x in lb.iter() {
                        match if x.is(item) {
                            Some(true)
                        } else {
                            simple_eq(x, item)
                        } {
                            Some(false) => {}
                            other => {
                                simple = other;
                                break;
                            }
                        }
                    }
                    (lb.len(), simple)
                };
                if let Some(found) = simple {
                    self.charge(n as u64);
                    return Ok(found);
                }
                let items = l.borrow().clone();
                self.seq_contains(&items, item)
            }
            Value::Tuple(t) => {
                let t = t.clone();
                self.seq_contains(&t, item)
            }
            Value::Inst(_) | Value::Native(_) => {
                if let Some(m) = self.lookup_special_opt(container, "__contains__")? {
                    let r = self.call(&m, &[item.clone()], &[])?;
                    return self.truthy(&r);
                }
                if let Some(b) = self.unwrap_base(container) {
                    return self.contains(&b, item);
                }
                let it = self.iter(container)?;
                while let Some(x) = self.next(&it)? {
                    if x.is(item) || self.eq(&x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => {
                let it = match self.iter(container) {
                    Ok(it) => it,
                    Err(_) => {
                        return Err(self.type_error(format!(
                            "argument of type '{}' is not iterable",
                            self.type_of(container).name().as_str()
                        )))
                    }
                };
                while let Some(x) = self.next(&it)? {
                    if x.is(item) || self.eq(&x, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    fn seq_contains(&mut self, items: &[Value], item: &Value) -> PyResult<bool> {
        self.charge(items.len() as u64);
        for x in items {
            if x.is(item) || self.eq(x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    // ----- unpacking -----

    /// Unpack `v` into exactly `n` values pushed in reverse (first on top).
    pub fn unpack_into(&mut self, v: &Value, n: usize, stack: &mut Vec<Value>) -> PyResult<()> {
        // the commonest case (`for k, v in d.items()`, `for i, x in enumerate(...)`): a tuple
        // of the right size, its items pushed straight from it
        if let Value::Tuple(t) = v {
            if t.len() == n {
                stack.extend(t.iter().rev().cloned());
                return Ok(());
            }
        }
        let items: Vec<Value> = match v {
            Value::Tuple(t) => (**t).clone(),
            Value::List(l) => l.borrow().clone(),
            _ => {
                let it = match self.iter(v) {
                    Ok(it) => it,
                    Err(_) => {
                        return Err(self.type_error(format!(
                            "cannot unpack non-iterable {} object",
                            self.type_of(v).name().as_str()
                        )))
                    }
                };
                let mut out = vec![];
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                    if out.len() > n {
                        return Err(
                            self.value_error(format!("too many values to unpack (expected {n})"))
                        );
                    }
                }
                out
            }
        };
        if items.len() != n {
            if items.len() > n {
                return Err(self.value_error(format!("too many values to unpack (expected {n})")));
            }
            return Err(self.value_error(format!(
                "not enough values to unpack (expected {}, got {})",
                n,
                items.len()
            )));
        }
        stack.extend(items.into_iter().rev());
        Ok(())
    }

    /// Unpack with a starred target: `before` values, a list, `after` values.
    pub fn unpack_ex_into(
        &mut self,
        v: &Value,
        before: usize,
        after: usize,
        stack: &mut Vec<Value>,
    ) -> PyResult<()> {
        let items = match self.collect(v) {
            Ok(i) => i,
            Err(_) => {
                return Err(self.type_error(format!(
                    "cannot unpack non-iterable {} object",
                    self.type_of(v).name().as_str()
                )))
            }
        };
        if items.len() < before + after {
            return Err(self.value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            )));
        }
        let mid_end = items.len() - after;
        let mut out = vec![];
        out.extend(items[..before].iter().cloned());
        out.push(Value::list(items[before..mid_end].to_vec()));
        out.extend(items[mid_end..].iter().cloned());
        stack.extend(out.into_iter().rev());
        Ok(())
    }
}

/// The items `slice_indices` selects: `start`, `start + step`, ... short of `stop`.
fn take_slice<T: Clone>(items: &[T], start: i64, stop: i64, step: i64) -> Vec<T> {
    if step == 1 {
        return if start < stop {
            items[start as usize..stop as usize].to_vec()
        } else {
            Vec::new()
        };
    }
    let mut out = Vec::new();
    let mut i = start;
    if step > 0 {
        out.reserve(((stop - start).max(0) / step + 1) as usize);
        while i < stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    } else {
        while i > stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    }
    out
}

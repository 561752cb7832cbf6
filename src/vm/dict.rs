//! Insertion-ordered hash tables for `dict` and `set`, keyed by Python hash and equality.
//!
//! The tables never call Python themselves: callers pass the key's hash and an equality
//! predicate. Keys whose equality is decided without running Python code (ints, strs, tuples
//! of those, ...) use [`simple_eq`]; `Vm::dict_*` handles the rest.

use hashbrown::HashTable;
use std::rc::Rc;

use super::value::{hash_f64, hash_i64, PyStr, Value};

/// Python's `str` hash for a Rust string (the same value `PyStr::hash` caches).
pub fn str_hash(s: &str) -> i64 {
    let mut x: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        x ^= b as u64;
        x = x.wrapping_mul(0x100000001b3);
    }
    let v = (x >> 2) as i64;
    if v == -1 || v == 0 {
        2
    } else {
        v
    }
}

/// Hash of a value whose hash needs no Python code; `None` otherwise (or if unhashable).
pub fn simple_hash(v: &Value) -> Option<i64> {
    Some(match v {
        Value::None => 0x5f5e1,
        Value::Bool(b) => *b as i64,
        Value::Int(i) => hash_i64(*i),
        Value::Big(b) => super::value::hash_bigint(b),
        Value::Float(x) => hash_f64(*x),
        Value::Str(s) => s.hash(),
        Value::Tuple(t) => {
            // CPython's xxHash-based tuple hash.
            let mut acc: u64 = 2870177450012600261;
            for item in t.iter() {
                let lane = simple_hash(item)? as u64;
                acc = acc.wrapping_add(lane.wrapping_mul(14029467366897019727));
                acc = acc.rotate_left(31);
                acc = acc.wrapping_mul(11400714785074694791);
            }
            acc = acc.wrapping_add((t.len() as u64) ^ (2870177450012600261 ^ 3527539));
            let h = acc as i64;
            if h == -1 {
                1546275796
            } else {
                h
            }
        }
        Value::FrozenSet(_) => return None,
        Value::Ellipsis | Value::NotImplemented => 0x2bad,
        _ => match v.ptr() {
            // identity hash for objects without __hash__ (decided by the caller)
            Some(_) => return None,
            None => return None,
        },
    })
}

/// Equality decided without Python code: `Some(eq)` or `None` when `__eq__` must run.
pub fn simple_eq(a: &Value, b: &Value) -> Option<bool> {
    use Value::*;
    if let (Some(x), Some(y)) = (a.ptr(), b.ptr()) {
        if x == y {
            return Some(true);
        }
    }
    Some(match (a, b) {
        (Str(x), Str(y)) => x.as_str() == y.as_str(),
        (Int(x), Int(y)) => x == y,
        (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == *y && (*y as i64) == *x,
        (Float(x), Float(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Bool(x), Int(y)) | (Int(y), Bool(x)) => (*x as i64) == *y,
        (Bool(x), Float(y)) | (Float(y), Bool(x)) => (*x as i64 as f64) == *y,
        (Big(x), Big(y)) => x == y,
        (Big(_), Int(_) | Bool(_)) | (Int(_) | Bool(_), Big(_)) => false,
        (None, None) | (Ellipsis, Ellipsis) | (NotImplemented, NotImplemented) => true,
        (Tuple(x), Tuple(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !simple_eq(p, q)? {
                    return Some(false);
                }
            }
            true
        }
        (Inst(_), _) | (_, Inst(_)) => return Option::None,
        (Native(_), _) | (_, Native(_)) => return Option::None,
        (List(_), List(_)) | (Dict(_), Dict(_)) | (Set(_), Set(_)) => return Option::None,
        (FrozenSet(_), _) | (_, FrozenSet(_)) => return Option::None,
        (Big(x), Float(y)) | (Float(y), Big(x)) => {
            use num_traits::ToPrimitive;
            x.to_f64() == Some(*y) && y.fract() == 0.0
        }
        _ => false,
    })
}

#[derive(Clone)]
struct Entry {
    hash: i64,
    key: Value,
    value: Value,
}

/// An insertion-ordered map from Python keys to values (the storage of `dict`).
#[derive(Clone, Default)]
pub struct DictData {
    entries: Vec<Option<Entry>>,
    table: HashTable<usize>,
    len: usize,
    /// Changes whenever a key is added or removed (not when a value is replaced), to a number
    /// no dict had before: two dicts with the same keys version (one a copy of the other) have
    /// the same keys at the same indices. So `LoadGlobal` caches an index and reads the value
    /// afresh, as CPython 3.11 caches a dict's keys version. Zero for a dict never keyed.
    keys_version: u64,
}

/// The hash the table files an entry under: Python's hash mixed so that its top bits (which
/// hashbrown keeps as a one-byte tag per slot) differ between keys. Python hashes of small
/// ints are the ints themselves, and `str` hashes have their top two bits clear, so unmixed
/// nearly every slot had the same tag and each lookup compared key after key.
#[inline]
fn table_hash(hash: i64) -> u64 {
    let p = (hash as u64 as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (p as u64) ^ ((p >> 64) as u64)
}

/// Source of keys versions, shared by all dicts (and threads, on the real clock).
static NEXT_KEYS_VERSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl DictData {
    pub fn new() -> DictData {
        DictData::default()
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Index of the entry whose key has `hash` and satisfies `eq`.
    pub fn find(&self, hash: i64, mut eq: impl FnMut(&Value) -> bool) -> Option<usize> {
        let entries = &self.entries;
        self.table
            .find(table_hash(hash), |&i| {
                let e = entries[i].as_ref().unwrap();
                e.hash == hash && eq(&e.key)
            })
            .copied()
    }
    /// Indices of the entries with this hash (for keys whose equality runs Python code).
    pub fn candidates(&self, hash: i64) -> Vec<(usize, Value)> {
        let mut out = Vec::new();
        let entries = &self.entries;
        self.table.find(table_hash(hash), |&i| {
            let e = entries[i].as_ref().unwrap();
            if e.hash == hash {
                out.push((i, e.key.clone()));
            }
            false
        });
        out
    }
    pub fn value_at(&self, i: usize) -> Option<&Value> {
        self.entries
            .get(i)
            .and_then(|e| e.as_ref())
            .map(|e| &e.value)
    }
    pub fn key_at(&self, i: usize) -> Option<&Value> {
        self.entries.get(i).and_then(|e| e.as_ref()).map(|e| &e.key)
    }
    /// Changes whenever a key is added or removed; unique across all dicts.
    #[inline]
    pub fn keys_version(&self) -> u64 {
        self.keys_version
    }
    fn keys_changed(&mut self) {
        self.keys_version = NEXT_KEYS_VERSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    /// The value of entry `i`, to overwrite (the caller drops the old value once it has let go
    /// of the dict: a finalizer may look at it).
    pub fn value_at_mut(&mut self, i: usize) -> Option<&mut Value> {
        self.entries
            .get_mut(i)
            .and_then(|e| e.as_mut())
            .map(|e| &mut e.value)
    }
    pub fn set_at(&mut self, i: usize, v: Value) {
        if let Some(Some(e)) = self.entries.get_mut(i) {
            e.value = v;
        }
    }
    /// Append a new entry (the caller has checked the key is absent).
    pub fn insert_new(&mut self, hash: i64, key: Value, value: Value) {
        self.keys_changed();
        let idx = self.entries.len();
        self.entries.push(Some(Entry { hash, key, value }));
        let entries = &self.entries;
        self.table.insert_unique(table_hash(hash), idx, |&i| {
            table_hash(entries[i].as_ref().unwrap().hash)
        });
        self.len += 1;
    }
    /// Remove the entry at index `i`, returning its key and value.
    pub fn remove_at(&mut self, i: usize) -> Option<(Value, Value)> {
        self.keys_changed();
        let e = self.entries.get_mut(i)?.take()?;
        let h = e.hash;
        if let Ok(entry) = self.table.find_entry(table_hash(h), |&j| j == i) {
            entry.remove();
        }
        self.len -= 1;
        if self.entries.len() > 16 && self.len * 2 < self.entries.len() {
            self.compact();
        }
        Some((e.key, e.value))
    }
    fn compact(&mut self) {
        let old = std::mem::take(&mut self.entries);
        self.table.clear();
        self.len = 0;
        for e in old.into_iter().flatten() {
            self.insert_new(e.hash, e.key, e.value);
        }
    }
    pub fn clear(&mut self) {
        self.keys_changed();
        self.entries.clear();
        self.table.clear();
        self.len = 0;
    }
    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|e| (&e.key, &e.value))
    }
    /// Live entries with their hashes, in insertion order.
    pub fn iter_hashed(&self) -> impl Iterator<Item = (i64, &Value)> {
        self.entries.iter().flatten().map(|e| (e.hash, &e.key))
    }
    /// Every entry in order: its hash, key and value.
    pub fn iter_entries(&self) -> impl Iterator<Item = (i64, &Value, &Value)> {
        self.entries
            .iter()
            .flatten()
            .map(|e| (e.hash, &e.key, &e.value))
    }
    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }
    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|(_, v)| v.clone()).collect()
    }
    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }
    /// The raw slot count, for iterators that walk by position and detect changes.
    pub fn slots(&self) -> usize {
        self.entries.len()
    }
    /// The live entry at slot `i`, if any.
    pub fn slot(&self, i: usize) -> Option<(&Value, &Value)> {
        self.entries
            .get(i)
            .and_then(|e| e.as_ref())
            .map(|e| (&e.key, &e.value))
    }
    /// Last live entry (for `popitem`).
    pub fn last_index(&self) -> Option<usize> {
        self.entries.iter().rposition(|e| e.is_some())
    }

    // --- string-keyed convenience (namespaces: globals, attributes) ---

    /// Look up a `str` key.
    pub fn get_str(&self, name: &str) -> Option<Value> {
        let h = str_hash(name);
        self.find(h, |k| matches!(k, Value::Str(s) if s.as_str() == name))
            .and_then(|i| self.value_at(i).cloned())
    }
    /// The slot of a `str` key.
    pub fn index_of_pystr(&self, name: &PyStr) -> Option<usize> {
        let s = name.as_str();
        self.find(
            name.hash(),
            |k| matches!(k, Value::Str(x) if x.as_str() == s),
        )
    }
    /// Look up a `str` key whose hash is already known.
    #[inline]
    pub fn get_str_hashed(&self, name: &str, h: i64) -> Option<Value> {
        if self.len == 0 {
            return None;
        }
        self.find(h, |k| matches!(k, Value::Str(s) if s.as_str() == name))
            .and_then(|i| self.value_at(i).cloned())
    }
    /// Set a `str` key.
    pub fn set_str(&mut self, name: &str, v: Value) {
        let h = str_hash(name);
        match self.find(h, |k| matches!(k, Value::Str(s) if s.as_str() == name)) {
            Some(i) => self.set_at(i, v),
            None => self.insert_new(h, Value::str(name), v),
        }
    }
    /// Set a key given as an interned `PyStr`.
    pub fn set_pystr(&mut self, name: &Rc<PyStr>, v: Value) {
        let h = name.hash();
        let s = name.as_str();
        match self.find(h, |k| matches!(k, Value::Str(x) if x.as_str() == s)) {
            Some(i) => self.set_at(i, v),
            None => self.insert_new(h, Value::Str(name.clone()), v),
        }
    }
    /// Look up by an interned `PyStr` (uses its cached hash).
    pub fn get_pystr(&self, name: &PyStr) -> Option<Value> {
        let s = name.as_str();
        self.find(
            name.hash(),
            |k| matches!(k, Value::Str(x) if x.as_str() == s),
        )
        .and_then(|i| self.value_at(i).cloned())
    }
    /// Remove a `str` key; whether it was there.
    pub fn del_str(&mut self, name: &str) -> bool {
        let h = str_hash(name);
        match self.find(h, |k| matches!(k, Value::Str(s) if s.as_str() == name)) {
            Some(i) => {
                self.remove_at(i);
                true
            }
            None => false,
        }
    }
    /// Set a key whose equality is simple (no Python code); returns false if it is not.
    pub fn set_simple(&mut self, key: Value, v: Value) -> bool {
        let Some(h) = simple_hash(&key) else {
            return false;
        };
        let mut ok = true;
        let found = self.find(h, |k| match simple_eq(k, &key) {
            Some(e) => e,
            None => {
                ok = false;
                false
            }
        });
        if !ok {
            return false;
        }
        match found {
            Some(i) => self.set_at(i, v),
            None => self.insert_new(h, key, v),
        }
        true
    }
}

/// The storage of `set` and `frozenset`: a `DictData` whose values are unused.
#[derive(Clone, Default)]
pub struct SetData {
    pub map: DictData,
}

impl SetData {
    pub fn new() -> SetData {
        SetData::default()
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.map.iter().map(|(k, _)| k)
    }
    pub fn items(&self) -> Vec<Value> {
        self.map.keys()
    }
}

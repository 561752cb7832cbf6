//! CPython's iteration order for `set` and `frozenset`.
//!
//! `SetData` keeps insertion order, but CPython iterates a set in the order of its open-
//! addressing hash table, which prints `{10, 3}` for `{3, 10}` — output the differential suite
//! compares byte for byte. A [`Shadow`] replays CPython 3.11's `setobject.c` table (linear
//! probes, perturbation, dummies, resizes, the `pop` finger) over the keys' hashes, remembering
//! for each active slot which `DictData` slot holds the key.
//!
//! Shadows live in one map per process keyed by the address of the `SetData` (behind a mutex,
//! so a set keeps its shadow when a real-clock run touches it from another OS thread; only the
//! GIL holder uses it, so the mutex is never contended). Set methods in this
//! directory update a set and its shadow together; insertions made elsewhere (`{1, 2}`
//! literals, the core's `set_add`) are appended to the shadow lazily when it is next loaded.
//! A shadow that no longer matches its set (a removal it did not see, or a new set at a
//! recycled address) is rebuilt from the insertion order. Keys whose hash needs Python code
//! disable the shadow: such sets iterate in insertion order (CPython's order for them depends
//! on memory addresses anyway).

use std::collections::HashMap;

use parking_lot::Mutex;

use crate::vm::dict::{simple_hash, SetData};
use crate::vm::value::Value;

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MINSIZE: usize = 8;
/// Shadows kept before the map is flushed (sets then fall back to fresh replays).
const MAX_SHADOWS: usize = 1 << 16;

/// A table slot: a `DictData` slot index, or one of these markers.
const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;
/// Sets larger than this iterate in insertion order (the replay would cost too much memory).
const MAX_KEYS: usize = 1 << 24;

/// A replay of a CPython set's hash table.
#[derive(Clone, Debug)]
pub(crate) struct Shadow {
    /// `EMPTY`, `DUMMY`, or the `DictData` slot of the key.
    slots: Vec<u32>,
    /// Hash of the key in each `DictData` slot (stale for removed ones).
    hashes: Vec<i64>,
    fill: usize,
    used: usize,
    finger: usize,
    /// `DictData::slots()` when last stored.
    seen: usize,
    /// Hash of the entry in `DictData` slot `seen - 1` when last stored (`None`: a hole).
    last: Option<i64>,
    /// Some key has no Python-free hash: iteration is insertion order.
    pub disabled: bool,
}

impl Shadow {
    /// An empty table (CPython's `smalltable`).
    pub fn new() -> Shadow {
        Shadow {
            slots: vec![EMPTY; MINSIZE],
            hashes: vec![],
            fill: 0,
            used: 0,
            finger: 0,
            seen: 0,
            last: None,
            disabled: false,
        }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Active entries.
    pub fn used(&self) -> usize {
        self.used
    }

    /// Active plus dummy entries.
    pub fn fill(&self) -> usize {
        self.fill
    }

    /// Whether both tables have the same size.
    pub fn same_size(&self, other: &Shadow) -> bool {
        self.slots.len() == other.slots.len()
    }

    fn set_hash(&mut self, didx: usize, hash: i64) {
        if self.hashes.len() <= didx {
            self.hashes.resize(didx + 1, 0);
        }
        self.hashes[didx] = hash;
    }

    /// `set_add_entry` for a key known to be absent, stored in `DictData` slot `didx`.
    pub fn add_entry(&mut self, hash: i64, didx: usize) {
        if self.disabled {
            return;
        }
        if self.used >= MAX_KEYS || didx >= DUMMY as usize {
            self.disabled = true;
            return;
        }
        self.set_hash(didx, hash);
        let mask = self.mask();
        let mut i = hash as u64 as usize & mask;
        let mut perturb = hash as u64;
        let mut freeslot = None;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match self.slots[j] {
                    EMPTY => {
                        if let Some(f) = freeslot {
                            self.slots[f] = didx as u32;
                            self.used += 1;
                            return;
                        }
                        self.slots[j] = didx as u32;
                        self.fill += 1;
                        self.used += 1;
                        if self.fill * 5 >= mask * 3 {
                            let n = if self.used > 50000 {
                                self.used * 2
                            } else {
                                self.used * 4
                            };
                            self.resize(n);
                        }
                        return;
                    }
                    DUMMY => freeslot = Some(j),
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize)
                & mask;
        }
    }

    /// `set_insert_clean`: place a key in a table without dummies.
    fn insert_clean(&mut self, hash: i64, didx: u32) {
        let mask = self.mask();
        let mut i = hash as u64 as usize & mask;
        let mut perturb = hash as u64;
        loop {
            if self.slots[i] == EMPTY {
                self.slots[i] = didx;
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in i + 1..=i + LINEAR_PROBES {
                    if self.slots[j] == EMPTY {
                        self.slots[j] = didx;
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize)
                & mask;
        }
    }

    /// `set_table_resize`: the smallest power of two above `minused`, keys reinserted in
    /// table order.
    pub fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        if newsize == MINSIZE && self.slots.len() == MINSIZE && self.fill == self.used {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; newsize]);
        for d in old {
            if d < DUMMY {
                let h = self.hashes[d as usize];
                self.insert_clean(h, d);
            }
        }
        self.fill = self.used;
    }

    /// The resize `set_merge` and `set_update_internal` do before adding `n` keys in bulk.
    pub fn reserve(&mut self, n: usize) {
        if !self.disabled && (self.fill + n) * 5 >= self.mask() * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// The resize at the end of `set_difference_update_internal`.
    pub fn purge_dummies(&mut self) {
        if !self.disabled && self.fill - self.used > self.mask() / 4 {
            let n = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(n);
        }
    }

    /// `set_discard_entry` for the key with `hash` in `DictData` slot `didx`.
    pub fn discard(&mut self, hash: i64, didx: usize) {
        if self.disabled {
            return;
        }
        let mask = self.mask();
        let mut i = hash as u64 as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match self.slots[j] {
                    EMPTY => return,
                    d if d as usize == didx => {
                        self.slots[j] = DUMMY;
                        self.used -= 1;
                        return;
                    }
                    _ => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize)
                & mask;
        }
    }

    /// `set.pop()`: the `DictData` slot of the key the finger finds next (now a dummy).
    pub fn pop(&mut self) -> Option<usize> {
        if self.disabled || self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        loop {
            let d = self.slots[i];
            if d < DUMMY {
                self.slots[i] = DUMMY;
                self.used -= 1;
                self.finger = i + 1;
                return Some(d as usize);
            }
            i = if i >= mask { 0 } else { i + 1 };
        }
    }

    /// `set_clear_internal` (the finger survives, as in CPython).
    pub fn clear(&mut self) {
        let finger = self.finger;
        *self = Shadow::new();
        self.finger = finger;
    }

    /// Take `other`'s table (`set_swap_bodies`), keeping this set's `pop` finger.
    pub fn adopt(&mut self, other: Shadow) {
        let finger = self.finger;
        *self = other;
        self.finger = finger;
    }

    /// After `DictData` compacted its slots (dropping holes, keeping order), renumber.
    pub fn renumber(&mut self) {
        let mut act: Vec<(u32, usize)> = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, &d)| d < DUMMY)
            .map(|(i, &d)| (d, i))
            .collect();
        act.sort_unstable();
        let mut hashes = Vec::with_capacity(act.len());
        for (rank, (d, i)) in act.into_iter().enumerate() {
            hashes.push(self.hashes[d as usize]);
            self.slots[i] = rank as u32;
        }
        self.hashes = hashes;
    }

    /// Copy `other`'s table slot for slot (the pointer copy of `set_merge` into an empty
    /// table of the same size), with `didx` mapping `other`'s `DictData` slots to ours.
    pub fn copy_layout(&mut self, other: &Shadow, didx: &HashMap<usize, usize>) {
        self.slots = other
            .slots
            .iter()
            .map(|&d| {
                if d < DUMMY {
                    didx[&(d as usize)] as u32
                } else {
                    EMPTY
                }
            })
            .collect();
        for (&old, &new) in didx {
            let h = other.hashes[old];
            self.set_hash(new, h);
        }
        self.fill = other.used;
        self.used = other.used;
    }

    /// `set_insert_clean` of keys into an empty table (`set_merge`'s second path).
    pub fn insert_clean_all(&mut self, keys: &[(i64, usize)]) {
        for &(h, d) in keys {
            self.set_hash(d, h);
            self.insert_clean(h, d as u32);
        }
        self.fill += keys.len();
        self.used += keys.len();
    }

    /// `(hash, DictData slot)` of the active entries in table order.
    pub fn entries(&self) -> Vec<(i64, usize)> {
        self.slots
            .iter()
            .filter(|&&d| d < DUMMY)
            .map(|&d| (self.hashes[d as usize], d as usize))
            .collect()
    }

    /// A replay of `data`'s insertions into a new table.
    pub fn fresh(data: &SetData) -> Shadow {
        let mut sh = Shadow::new();
        sh.sync(data);
        sh
    }

    /// Bring the shadow up to date with `data`: append entries added since it was stored;
    /// rebuild when it does not match.
    fn sync(&mut self, data: &SetData) {
        let map = &data.map;
        let n = map.slots();
        if self.disabled {
            if data.is_empty() {
                *self = Shadow::new();
            }
            return;
        }
        let consistent = n >= self.seen
            && (self.seen == 0
                || map.slot(self.seen - 1).map(|(k, _)| simple_hash(k)) == self.last.map(Some))
            && {
                let appended = (self.seen..n).filter(|&i| map.slot(i).is_some()).count();
                self.used + appended == data.len()
            };
        if !consistent {
            *self = Shadow::new();
        }
        for i in self.seen..n {
            if let Some((k, _)) = map.slot(i) {
                match simple_hash(k) {
                    Some(h) => self.add_entry(h, i),
                    None => self.disabled = true,
                }
                if self.disabled {
                    return;
                }
            }
        }
        self.seen = n;
    }

    /// Record `data`'s current slot count (after the caller updated both in step).
    fn mark_seen(&mut self, data: &SetData) {
        let n = data.map.slots();
        self.seen = n;
        self.last = if n == 0 {
            None
        } else {
            data.map.slot(n - 1).and_then(|(k, _)| simple_hash(k))
        };
    }
}

/// The shadows, by the address of their `SetData` (`None` until first used).
static SHADOWS: Mutex<Option<HashMap<usize, Shadow>>> = Mutex::new(None);

fn addr(data: &SetData) -> usize {
    data as *const SetData as usize
}

/// The shadow of `data`, synced (taken out of the map: give it back with [`store`]).
pub(crate) fn load(data: &SetData) -> Shadow {
    let taken = SHADOWS.lock().as_mut().and_then(|m| m.remove(&addr(data)));
    let mut sh = taken.unwrap_or_else(Shadow::new);
    sh.sync(data);
    sh
}

/// Put back the shadow of `data` after updating both.
pub(crate) fn store(data: &SetData, mut sh: Shadow) {
    sh.mark_seen(data);
    let mut guard = SHADOWS.lock();
    let m = guard.get_or_insert_with(HashMap::new);
    if m.len() >= MAX_SHADOWS {
        m.clear();
    }
    m.insert(addr(data), sh);
}

/// The keys of `data` in the table order of `sh` (insertion order when disabled), with their
/// `DictData` slots. A shadow that disagrees with `data` yields `None`.
fn keyed_order(data: &SetData, sh: &Shadow) -> Option<Vec<(Value, i64, usize)>> {
    let mut out = Vec::with_capacity(data.len());
    for (h, d) in sh.entries() {
        match data.map.slot(d) {
            Some((k, _)) if simple_hash(k) == Some(h) => out.push((k.clone(), h, d)),
            _ => return None,
        }
    }
    (out.len() == data.len()).then_some(out)
}

/// Keys in CPython's iteration order with hashes (`None` for a disabled shadow) and
/// `DictData` slots, plus a copy of the shadow if `want_shadow`. Syncs and stores the shadow.
fn order_impl(
    data: &SetData,
    want_shadow: bool,
) -> (Vec<(Value, Option<i64>, usize)>, Option<Shadow>) {
    let mut sh = load(data);
    for attempt in 0..2 {
        if sh.disabled {
            break;
        }
        if let Some(v) = keyed_order(data, &sh) {
            let snap = want_shadow.then(|| sh.clone());
            store(data, sh);
            return (
                v.into_iter().map(|(k, h, d)| (k, Some(h), d)).collect(),
                snap,
            );
        }
        if attempt == 0 {
            sh = Shadow::fresh(data);
        }
    }
    let v: Vec<(Value, Option<i64>, usize)> = (0..data.map.slots())
        .filter_map(|i| data.map.slot(i).map(|(k, _)| (k.clone(), None, i)))
        .collect();
    let mut off = Shadow::new();
    off.disabled = true;
    let snap = want_shadow.then(|| off.clone());
    store(data, off);
    (v, snap)
}

/// Keys in CPython's iteration order with hashes and `DictData` slots, and the shadow.
pub(crate) fn ordered_entries(data: &SetData) -> (Vec<(Value, Option<i64>, usize)>, Shadow) {
    let (v, sh) = order_impl(data, true);
    (v, sh.unwrap_or_else(Shadow::new))
}

/// The keys of a set in CPython's iteration order.
pub(crate) fn ordered(data: &SetData) -> Vec<Value> {
    order_impl(data, false)
        .0
        .into_iter()
        .map(|(k, _, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(sh: &Shadow) -> Vec<i64> {
        sh.entries().into_iter().map(|(h, _)| h).collect()
    }

    #[test]
    fn small_ints_and_wraparound() {
        let mut sh = Shadow::new();
        for (i, h) in [3i64, 10, 1].into_iter().enumerate() {
            sh.add_entry(h, i);
        }
        // 10 & 7 == 2
        assert_eq!(order(&sh), vec![1, 10, 3]);
    }

    #[test]
    fn resize_to_32() {
        let mut sh = Shadow::new();
        for i in 0..5 {
            sh.add_entry(i * 8, i as usize);
        }
        // fill 5: 5*5 >= 7*3, resized to 32 slots
        assert_eq!(sh.slots.len(), 32);
        assert_eq!(order(&sh), vec![0, 32, 8, 16, 24]);
    }

    #[test]
    fn dummies_are_reused() {
        let mut sh = Shadow::new();
        sh.add_entry(1, 0);
        sh.add_entry(9, 1); // collides with 1, goes to slot 6
        sh.discard(1, 0);
        sh.add_entry(17, 2); // reuses the dummy at slot 1
        assert_eq!(order(&sh), vec![17, 9]);
        assert_eq!(sh.pop(), Some(2));
        assert_eq!(sh.pop(), Some(1));
        assert_eq!(sh.pop(), None);
    }

    /// A constant set display: frozenset, rebuilt frozenset, merged into an empty set.
    fn display(hashes: &[i64]) -> Vec<i64> {
        let build = |hs: &[i64]| {
            let mut sh = Shadow::new();
            for (i, &h) in hs.iter().enumerate() {
                sh.add_entry(h, i);
            }
            sh
        };
        let first = build(hashes);
        let seq: Vec<i64> = first.entries().into_iter().map(|(h, _)| h).collect();
        let second = build(&seq);
        let mut out = Shadow::new();
        out.reserve(second.used());
        let map: HashMap<usize, usize> = second
            .entries()
            .iter()
            .enumerate()
            .map(|(i, &(_, d))| (d, i))
            .collect();
        if out.same_size(&second) {
            out.copy_layout(&second, &map);
        } else {
            let placed: Vec<(i64, usize)> = second
                .entries()
                .iter()
                .map(|&(h, d)| (h, map[&d]))
                .collect();
            out.insert_clean_all(&placed);
        }
        order(&out)
    }

    #[test]
    fn constant_displays() {
        assert_eq!(display(&[-5, 3, -100]), vec![3, -100, -5]);
        assert_eq!(display(&[0, 8, 16, 24, 32]), vec![0, 32, 16, 8, 24]);
        assert_eq!(
            display(&[5, 13, 21, 29, 37, 45]),
            vec![13, 29, 5, 37, 21, 45]
        );
        assert_eq!(display(&[100, 200, 300, 400]), vec![200, 100, 400, 300]);
        // hash(-1) == hash(-2) == -2
        assert_eq!(
            display(&[-2, -2, -3, -4, -5, -6, -7]),
            vec![-2, -7, -6, -5, -4, -3, -2]
        );
    }
}

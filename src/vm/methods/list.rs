//! Methods of `list`, including a stable `sort` that compares with `vm.lt` the way CPython's
//! timsort does (binary insertion sort over natural runs for short lists), so that errors
//! raised by comparisons and `key=` functions surface as in CPython.

use std::cell::RefCell;
use std::rc::Rc;

use crate::vm::dict::simple_eq;
use crate::vm::types::{add_method, Types};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

use super::{int_arg, no_args, one_arg, receiver, unpack, wrong_receiver, Kw};

type ListRef = Rc<RefCell<Vec<Value>>>;

/// The `list` receiver of `list.meth`.
#[inline]
fn this(vm: &Vm, args: &[Value], meth: &str) -> PyResult<ListRef> {
    // The common case: the builtin itself, not a subclass instance.
    if let Some(Value::List(x)) = args.first() {
        return Ok(x.clone());
    }
    this_slow(vm, args, meth)
}

#[cold]
fn this_slow(vm: &Vm, args: &[Value], meth: &str) -> PyResult<ListRef> {
    match receiver(vm, args, "list", meth)? {
        Value::List(l) => Ok(l),
        _ => Err(wrong_receiver(vm, "list", meth, &args[0])),
    }
}

/// `x is y or x == y`, as list searches compare (the list item first).
fn item_eq(vm: &mut Vm, item: &Value, x: &Value) -> PyResult<bool> {
    Ok(item.is(x) || vm.eq(item, x)?)
}

fn append(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "append")?;
    let x = one_arg(vm, "list.append", args, kw)?;
    l.borrow_mut().push(x);
    Ok(Value::None)
}

fn extend(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "extend")?;
    let x = one_arg(vm, "list.extend", args, kw)?;
    let items = vm.collect(&x)?;
    vm.charge(items.len() as u64 / 4 + 1);
    l.borrow_mut().extend(items);
    Ok(Value::None)
}

fn insert(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "insert")?;
    let a = unpack(vm, "insert", args, kw, 2, 2)?;
    let i = int_arg(vm, &a[0])?;
    let mut lb = l.borrow_mut();
    let n = lb.len() as i64;
    let pos = if i < 0 { (i + n).max(0) } else { i.min(n) };
    lb.insert(pos as usize, a[1].clone());
    drop(lb);
    vm.charge((n - pos) as u64 / 64);
    Ok(Value::None)
}

/// From `i` on (short of `hi`), the first item that is or equals `x`, or the first whose
/// comparison would run Python code, whichever comes first; `hi` (clamped to the length) if
/// neither. The bool says whether the item at the index found equals `x`.
fn scan_simple(items: &[Value], x: &Value, mut i: usize, hi: usize) -> (usize, bool) {
    let hi = hi.min(items.len());
    if let Value::Int(x) = x {
        // An int equals an int item exactly when the values match (`is` adds nothing).
        while i < hi {
            match &items[i] {
                Value::Int(y) if y != x => i += 1,
                Value::Int(_) => return (i, true),
                _ => break,
            }
        }
    }
    while i < hi {
        let item = &items[i];
        if item.is(x) {
            return (i, true);
        }
        match simple_eq(item, x) {
            Some(false) => i += 1,
            Some(true) => return (i, true),
            None => return (i, false),
        }
    }
    (hi, false)
}

/// Index of the first item equal to `x` in `lo..hi` (bounds re-checked as the list changes).
fn find(vm: &mut Vm, l: &ListRef, x: &Value, lo: usize, hi: usize) -> PyResult<Option<usize>> {
    let mut i = lo;
    loop {
        // Comparisons that run no Python code are done under one borrow.
        let (j, equal) = scan_simple(&l.borrow(), x, i, hi);
        i = j;
        if equal {
            vm.charge((i - lo) as u64 / 4);
            return Ok(Some(i));
        }
        let item = {
            let lb = l.borrow();
            if i >= hi.min(lb.len()) {
                break;
            }
            lb[i].clone()
        };
        if item_eq(vm, &item, x)? {
            vm.charge((i - lo) as u64 / 4);
            return Ok(Some(i));
        }
        i += 1;
    }
    vm.charge((i - lo) as u64 / 4);
    Ok(None)
}

fn remove(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "remove")?;
    let x = one_arg(vm, "list.remove", args, kw)?;
    match find(vm, &l, &x, 0, usize::MAX)? {
        Some(i) => {
            let mut lb = l.borrow_mut();
            if i < lb.len() {
                lb.remove(i);
            }
            Ok(Value::None)
        }
        None => Err(vm.value_error("list.remove(x): x not in list")),
    }
}

fn pop(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "pop")?;
    let a = unpack(vm, "pop", args, kw, 0, 1)?;
    let i = match a.first() {
        Some(v) => int_arg(vm, v)?,
        None => -1,
    };
    let mut lb = l.borrow_mut();
    let n = lb.len() as i64;
    if n == 0 {
        drop(lb);
        return Err(vm.index_error("pop from empty list"));
    }
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        drop(lb);
        return Err(vm.index_error("pop index out of range"));
    }
    Ok(lb.remove(j as usize))
}

fn clear(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "clear")?;
    no_args(vm, "list.clear", args, kw)?;
    let mut old = std::mem::take(&mut *l.borrow_mut());
    // last item first, as CPython's list_clear lets go of them (`__del__` order)
    while let Some(v) = old.pop() {
        drop(v);
    }
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "copy")?;
    no_args(vm, "list.copy", args, kw)?;
    let v = l.borrow().clone();
    vm.charge(v.len() as u64 / 8);
    Ok(Value::list(v))
}

fn reverse(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "reverse")?;
    no_args(vm, "list.reverse", args, kw)?;
    let n = l.borrow().len();
    l.borrow_mut().reverse();
    vm.charge(n as u64 / 8);
    Ok(Value::None)
}

/// A `start`/`stop` bound of `index` (`_PyEval_SliceIndexNotNone`), normalised to `0..=len`.
fn bound(vm: &mut Vm, v: Option<&Value>, default: i64, len: usize) -> PyResult<usize> {
    let i = match v {
        None => default,
        Some(Value::Big(b)) => {
            if num_traits::Signed::is_negative(&**b) {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        }
        Some(v) => match vm.index_of(v) {
            Ok(i) => i,
            Err(_) => {
                return Err(
                    vm.type_error("slice indices must be integers or have an __index__ method")
                )
            }
        },
    };
    let len = len as i64;
    let j = if i < 0 { (i + len).max(0) } else { i.min(len) };
    Ok(j as usize)
}

fn index(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "index")?;
    let a = unpack(vm, "index", args, kw, 1, 3)?;
    let len = l.borrow().len();
    let lo = bound(vm, a.get(1), 0, len)?;
    let hi = bound(vm, a.get(2), i64::MAX / 2, len)?;
    match find(vm, &l, &a[0], lo, hi)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => {
            let r = vm.repr(&a[0])?;
            Err(vm.value_error(format!("{} is not in list", r.as_str())))
        }
    }
}

fn count(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "count")?;
    let x = one_arg(vm, "list.count", args, kw)?;
    let mut n = 0;
    let mut i = 0;
    loop {
        // Comparisons that run no Python code are done under one borrow.
        loop {
            let (j, equal) = scan_simple(&l.borrow(), &x, i, usize::MAX);
            i = j;
            if !equal {
                break;
            }
            n += 1;
            i += 1;
        }
        let item = {
            let lb = l.borrow();
            if i >= lb.len() {
                break;
            }
            lb[i].clone()
        };
        if item_eq(vm, &item, &x)? {
            n += 1;
        }
        i += 1;
    }
    vm.charge(i as u64 / 4);
    Ok(Value::Int(n))
}

// ----- sorting -----

/// Sorts `perm` (indices into `keys`) stably by `vm.lt` on the keys.
struct Sorter<'a> {
    keys: &'a [Value],
    compares: u64,
}

impl<'a> Sorter<'a> {
    fn lt(&mut self, vm: &mut Vm, a: usize, b: usize) -> PyResult<bool> {
        self.compares += 1;
        vm.lt(&self.keys[a], &self.keys[b])
    }

    /// CPython's `count_run`: length of the run at the start of `v`, and whether it is
    /// strictly descending.
    fn count_run(&mut self, vm: &mut Vm, v: &[usize]) -> PyResult<(usize, bool)> {
        if v.len() == 1 {
            return Ok((1, false));
        }
        let mut n = 2;
        if self.lt(vm, v[1], v[0])? {
            while n < v.len() && self.lt(vm, v[n], v[n - 1])? {
                n += 1;
            }
            Ok((n, true))
        } else {
            while n < v.len() && !self.lt(vm, v[n], v[n - 1])? {
                n += 1;
            }
            Ok((n, false))
        }
    }

    /// CPython's `binarysort`: `v[..start]` is sorted; insert the rest one by one.
    fn binarysort(&mut self, vm: &mut Vm, v: &mut [usize], start: usize) -> PyResult<()> {
        for s in start.max(1)..v.len() {
            let pivot = v[s];
            let (mut l, mut r) = (0, s);
            while l < r {
                let p = l + ((r - l) >> 1);
                if self.lt(vm, pivot, v[p])? {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            v.copy_within(l..s, l + 1);
            v[l] = pivot;
        }
        Ok(())
    }

    /// Stable merge of the sorted runs `v[..mid]` and `v[mid..]`.
    fn merge(&mut self, vm: &mut Vm, v: &mut [usize], mid: usize) -> PyResult<()> {
        let left: Vec<usize> = v[..mid].to_vec();
        let (mut i, mut j, mut k) = (0, mid, 0);
        while i < left.len() && j < v.len() {
            let take_right = match self.lt(vm, v[j], left[i]) {
                Ok(b) => b,
                Err(e) => {
                    // keep `v` a permutation
                    let rest: Vec<usize> = left[i..].to_vec();
                    v[k..k + rest.len()].copy_from_slice(&rest);
                    return Err(e);
                }
            };
            if take_right {
                v[k] = v[j];
                j += 1;
            } else {
                v[k] = left[i];
                i += 1;
            }
            k += 1;
        }
        while i < left.len() {
            v[k] = left[i];
            i += 1;
            k += 1;
        }
        Ok(())
    }

    /// Natural runs extended to `minrun` by binary insertion, then merged pairwise.
    fn sort(&mut self, vm: &mut Vm, v: &mut [usize]) -> PyResult<()> {
        let n = v.len();
        if n < 2 {
            return Ok(());
        }
        let minrun = compute_minrun(n);
        let mut runs: Vec<(usize, usize)> = vec![];
        let mut lo = 0;
        while lo < n {
            let (mut len, desc) = self.count_run(vm, &v[lo..])?;
            if desc {
                v[lo..lo + len].reverse();
            }
            if len < minrun {
                let force = (n - lo).min(minrun);
                self.binarysort(vm, &mut v[lo..lo + force], len)?;
                len = force;
            }
            runs.push((lo, lo + len));
            lo += len;
        }
        while runs.len() > 1 {
            let mut next = Vec::with_capacity(runs.len() / 2 + 1);
            let mut i = 0;
            while i + 1 < runs.len() {
                let (a, m) = runs[i];
                let (_, b) = runs[i + 1];
                self.merge(vm, &mut v[a..b], m - a)?;
                next.push((a, b));
                i += 2;
            }
            if i < runs.len() {
                next.push(runs[i]);
            }
            runs = next;
        }
        Ok(())
    }
}

/// CPython's `merge_compute_minrun`.
fn compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

fn sort(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let l = this(vm, args, "sort")?;
    if args.len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let mut key = Value::None;
    let mut rev = false;
    for (k, v) in kw {
        match k.as_str() {
            "key" => key = v.clone(),
            "reverse" => rev = int_arg(vm, v)? != 0,
            other => {
                return Err(vm.type_error(format!(
                    "'{other}' is an invalid keyword argument for sort()"
                )))
            }
        }
    }
    // During the sort the list looks empty, as in CPython.
    let mut items = std::mem::take(&mut *l.borrow_mut());
    if key.is_none() {
        if let Some(sorted) = sort_ints(vm, &items, rev) {
            restore(&l, sorted);
            return Ok(Value::None);
        }
    }
    if rev {
        items.reverse();
    }
    let keys: Vec<Value> = if key.is_none() {
        items.clone()
    } else {
        let mut ks = Vec::with_capacity(items.len());
        for it in &items {
            match vm.call(&key, &[it.clone()], &[]) {
                Ok(k) => ks.push(k),
                Err(e) => {
                    if rev {
                        items.reverse();
                    }
                    restore(&l, items);
                    return Err(e);
                }
            }
        }
        ks
    };
    let n = items.len();
    let mut perm: Vec<usize> = (0..n).collect();
    let result = if keys.iter().all(|k| matches!(k, Value::Int(_))) {
        // Unstable on (key, index) pairs is the stable sort by key, and faster.
        let mut pairs: Vec<(i64, usize)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (if let Value::Int(x) = k { *x } else { 0 }, i))
            .collect();
        pairs.sort_unstable();
        for (p, (_, i)) in perm.iter_mut().zip(pairs) {
            *p = i;
        }
        vm.charge(n as u64 * (usize::BITS - n.leading_zeros()) as u64 / 2);
        Ok(())
    } else if keys.iter().all(|k| matches!(k, Value::Str(_))) {
        perm.sort_by(|&a, &b| {
            keys[a]
                .as_str()
                .unwrap_or("")
                .cmp(keys[b].as_str().unwrap_or(""))
        });
        vm.charge(n as u64 * (usize::BITS - n.leading_zeros()) as u64);
        Ok(())
    } else {
        let mut s = Sorter {
            keys: &keys,
            compares: 0,
        };
        let r = s.sort(vm, &mut perm);
        vm.charge(s.compares);
        r
    };
    let mut sorted: Vec<Value> = perm.iter().map(|&i| items[i].clone()).collect();
    drop(items);
    if rev {
        sorted.reverse();
    }
    let modified = !l.borrow().is_empty();
    restore(&l, sorted);
    result?;
    if modified {
        return Err(vm.value_error("list modified during sort"));
    }
    Ok(Value::None)
}

/// A list of plain ints sorted by value, or `None` if any item is something else. Equal ints
/// are indistinguishable (an `Int` has no identity), so no stability is needed; the charge is
/// that of the keyed int sort below.
fn sort_ints(vm: &mut Vm, items: &[Value], rev: bool) -> Option<Vec<Value>> {
    let mut xs = Vec::with_capacity(items.len());
    for it in items {
        match it {
            Value::Int(x) => xs.push(*x),
            _ => return None,
        }
    }
    sort_i64(&mut xs);
    if rev {
        xs.reverse();
    }
    let n = xs.len();
    vm.charge(n as u64 * (usize::BITS - n.leading_zeros()) as u64 / 2);
    Some(xs.into_iter().map(Value::Int).collect())
}

/// Sorts ints ascending: by counting when their range is small next to their number (lists of
/// small values are common, and counting is linear), else by pattern-defeating quicksort.
fn sort_i64(xs: &mut [i64]) {
    let Some(&first) = xs.first() else {
        return;
    };
    let (min, max) = xs
        .iter()
        .fold((first, first), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    let span = max.abs_diff(min) as usize;
    if xs.len() < 64 || span > 2 * xs.len() + 1024 {
        xs.sort_unstable();
        return;
    }
    let mut counts = vec![0u32; span + 1];
    for &x in xs.iter() {
        counts[x.abs_diff(min) as usize] += 1;
    }
    let mut i = 0;
    for (off, &c) in counts.iter().enumerate() {
        let v = min.wrapping_add(off as i64);
        xs[i..i + c as usize].fill(v);
        i += c as usize;
    }
}

fn restore(l: &ListRef, items: Vec<Value>) {
    let old = std::mem::replace(&mut *l.borrow_mut(), items);
    drop(old);
}

/// Register the `list` methods.
pub fn install(t: &Types) {
    let c = &t.list;
    add_method(c, "append", append);
    add_method(c, "extend", extend);
    add_method(c, "insert", insert);
    add_method(c, "remove", remove);
    add_method(c, "pop", pop);
    add_method(c, "clear", clear);
    add_method(c, "copy", copy);
    add_method(c, "reverse", reverse);
    add_method(c, "index", index);
    add_method(c, "count", count);
    add_method(c, "sort", sort);
}

#[cfg(test)]
mod tests {
    use super::compute_minrun;

    #[test]
    fn int_sort() {
        let mut seed: u64 = 7;
        for n in [0usize, 1, 5, 63, 64, 65, 200, 3000] {
            for range in [1i64, 3, 100, 5000, 1 << 40] {
                let mut xs: Vec<i64> = (0..n)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        ((seed >> 20) as i64).rem_euclid(range) - range / 2
                    })
                    .collect();
                let mut want = xs.clone();
                want.sort();
                super::sort_i64(&mut xs);
                assert_eq!(xs, want);
            }
        }
        let mut ext = vec![i64::MAX, i64::MIN, 0, i64::MAX, i64::MIN];
        ext.extend(std::iter::repeat_n(5, 100));
        let mut want = ext.clone();
        want.sort();
        super::sort_i64(&mut ext);
        assert_eq!(ext, want);
    }

    #[test]
    fn minrun() {
        assert_eq!(compute_minrun(63), 63);
        assert_eq!(compute_minrun(64), 32);
        assert_eq!(compute_minrun(65), 33);
        assert_eq!(compute_minrun(2112), 33);
    }
}

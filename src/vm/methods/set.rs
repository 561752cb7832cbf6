//! Methods of `set` and `frozenset`, the set operators (`- & | ^` and comparisons) the core
//! dispatches here, and CPython's iteration order ([`ordered_items`]).
//!
//! Results follow CPython's algorithms step by step (see `setops.rs`) so that they iterate
//! and print in the same order as in CPython.

use std::rc::Rc;

use crate::lang::bytecode::{BinOp, CmpOp};
use crate::vm::dict::SetData;
use crate::vm::types::{add_method, Types};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

use super::setops::{self, Acc, Operand, SetRef};
use super::setorder;
use super::{no_args, no_kwargs, one_arg, receiver, wrong_receiver, Kw};

/// The keys of a set in CPython's iteration order.
pub fn ordered_items(data: &SetData) -> Vec<Value> {
    setorder::ordered(data)
}

/// `set(iterable)` / `frozenset(iterable)` as CPython's `make_new_set` builds them (a set
/// argument is merged table to table, a dict's keys after one resize, anything else item by
/// item), so the result iterates in CPython's order.
pub fn new_set_from(vm: &mut Vm, iterable: Option<&Value>, frozen: bool) -> PyResult {
    if frozen {
        if let Some(v @ Value::FrozenSet(_)) = iterable {
            return Ok(v.clone());
        }
    }
    let op = iterable.map(Operand::of);
    let acc = setops::make_new(vm, op.as_ref())?;
    Ok(acc.into_value(frozen))
}

/// `set.update(other)` as the `SET_UPDATE` instruction does it (`{*a, *b}`): `set` must be a
/// `set` (or set-subclass instance).
pub fn set_update(vm: &mut Vm, set: &Value, other: &Value) -> PyResult<()> {
    let Some(SetRef::Mut(s)) = SetRef::of(set) else {
        return Err(vm.type_error("set_update on a non-set"));
    };
    let op = Operand::of(other);
    let mut acc = Acc::load(&s);
    let r = setops::update(vm, &mut acc, &op);
    acc.store();
    r
}

/// A set display `{a, b, c}`. CPython 3.11 compiles a display of three or more constants to a
/// frozenset constant merged into an empty set (`BUILD_SET 0; SET_UPDATE`), which can iterate
/// differently from adding the items one by one: pass `all_const` when every item is a
/// constant after constant folding (`-5`, `2**10`, `(1, "a")` count).
pub fn build_set_display(vm: &mut Vm, items: Vec<Value>, all_const: bool) -> PyResult {
    if all_const && items.len() > 2 {
        // The compiler folds the items into a frozenset, then its constant merging rebuilds
        // that frozenset from the first one's iteration order.
        let first = setops::make_new(vm, Some(&Operand::Iter(Value::tuple(items))))?;
        let order = setorder::ordered(&first.data.borrow());
        first.store();
        let second = setops::make_new(vm, Some(&Operand::Iter(Value::tuple(order))))?;
        let frozen = second.into_value(true);
        return new_set_from(vm, Some(&frozen), false);
    }
    let acc = setops::make_new(vm, Some(&Operand::Iter(Value::tuple(items))))?;
    Ok(acc.into_value(false))
}

/// The receiver of `set.meth` / `frozenset.meth`.
fn this(vm: &Vm, args: &[Value], meth: &str) -> PyResult<SetRef> {
    let v = receiver(vm, args, "set", meth)?;
    SetRef::of(&v).ok_or_else(|| wrong_receiver(vm, "set", meth, &args[0]))
}

/// The receiver of a mutating method (a `set`).
fn this_mut(vm: &Vm, args: &[Value], meth: &str) -> PyResult<Rc<std::cell::RefCell<SetData>>> {
    match this(vm, args, meth)? {
        SetRef::Mut(s) => Ok(s),
        SetRef::Frozen(_) => Err(wrong_receiver(vm, "set", meth, &args[0])),
    }
}

fn qual(s: &SetRef, meth: &str) -> String {
    format!(
        "{}.{}",
        if s.is_frozen() { "frozenset" } else { "set" },
        meth
    )
}

/// A finished result of the receiver's base type.
fn result(acc: Acc, like: &SetRef) -> Value {
    acc.into_value(like.is_frozen())
}

fn add(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "add")?;
    let x = one_arg(vm, "set.add", args, kw)?;
    let mut acc = Acc::load(&s);
    let r = acc.add(vm, x);
    acc.store();
    r?;
    Ok(Value::None)
}

fn discard(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "discard")?;
    let x = one_arg(vm, "set.discard", args, kw)?;
    let mut acc = Acc::load(&s);
    let r = acc.discard(vm, &x);
    acc.store();
    r?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "remove")?;
    let x = one_arg(vm, "set.remove", args, kw)?;
    let mut acc = Acc::load(&s);
    let r = acc.discard(vm, &x);
    acc.store();
    if !r? {
        return Err(vm.key_error(x));
    }
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "pop")?;
    no_args(vm, "set.pop", args, kw)?;
    if s.borrow().is_empty() {
        return Err(vm.key_error(Value::str("pop from an empty set")));
    }
    let mut acc = Acc::load(&s);
    let didx = match acc.sh.pop() {
        Some(d) if acc.data.borrow().map.slot(d).is_some() => d,
        _ => {
            let d = acc.data.borrow();
            (0..d.map.slots())
                .find(|&i| d.map.slot(i).is_some())
                .unwrap_or(0)
        }
    };
    let before = acc.data.borrow().map.slots();
    let removed = acc.data.borrow_mut().map.remove_at(didx);
    if acc.data.borrow().map.slots() < before {
        acc.sh.renumber();
    }
    acc.store();
    match removed {
        Some((k, _)) => Ok(k),
        None => Err(vm.key_error(Value::str("pop from an empty set"))),
    }
}

fn clear(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "clear")?;
    no_args(vm, "set.clear", args, kw)?;
    let mut acc = Acc::load(&s);
    acc.clear();
    acc.store();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "copy")?;
    no_args(vm, &qual(&s, "copy"), args, kw)?;
    if let Value::FrozenSet(_) = &args[0] {
        return Ok(args[0].clone());
    }
    let acc = setops::copy_of(vm, &s)?;
    Ok(result(acc, &s))
}

fn update(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "update")?;
    no_kwargs(vm, "set.update", kw)?;
    for o in &args[1..] {
        let op = Operand::of(o);
        let mut acc = Acc::load(&s);
        let r = setops::update(vm, &mut acc, &op);
        acc.store();
        r?;
    }
    Ok(Value::None)
}

fn union(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "union")?;
    no_kwargs(vm, &qual(&s, "union"), kw)?;
    let mut acc = setops::copy_of(vm, &s)?;
    for o in &args[1..] {
        let op = Operand::of(o);
        setops::update(vm, &mut acc, &op)?;
    }
    Ok(result(acc, &s))
}

/// `set_intersection_multi`: the intersection with every argument, as a stored set.
fn intersection_multi(vm: &mut Vm, s: &SetRef, others: &[Value]) -> PyResult<Acc> {
    if others.is_empty() {
        return setops::copy_of(vm, s);
    }
    let mut cur = s.clone();
    let mut last = None;
    for o in others {
        let op = Operand::of(o);
        let acc = setops::intersection(vm, &cur, &op)?;
        let d = acc.data.clone();
        acc.store();
        cur = SetRef::Mut(d.clone());
        last = Some(d);
    }
    Ok(Acc::load(&last.unwrap()))
}

fn intersection(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "intersection")?;
    no_kwargs(vm, &qual(&s, "intersection"), kw)?;
    let acc = intersection_multi(vm, &s, &args[1..])?;
    Ok(result(acc, &s))
}

fn intersection_update(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "intersection_update")?;
    no_kwargs(vm, "set.intersection_update", kw)?;
    let tmp = intersection_multi(vm, &SetRef::Mut(s.clone()), &args[1..])?;
    let mut acc = Acc::load(&s);
    acc.take_body(tmp);
    acc.store();
    Ok(Value::None)
}

fn difference(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "difference")?;
    no_kwargs(vm, &qual(&s, "difference"), kw)?;
    if args.len() == 1 {
        let acc = setops::copy_of(vm, &s)?;
        return Ok(result(acc, &s));
    }
    let op = Operand::of(&args[1]);
    let mut acc = setops::difference(vm, &s, &op)?;
    for o in &args[2..] {
        let op = Operand::of(o);
        setops::difference_update(vm, &mut acc, &op)?;
    }
    Ok(result(acc, &s))
}

fn difference_update(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "difference_update")?;
    no_kwargs(vm, "set.difference_update", kw)?;
    for o in &args[1..] {
        let op = Operand::of(o);
        let mut acc = Acc::load(&s);
        let r = setops::difference_update(vm, &mut acc, &op);
        acc.store();
        r?;
    }
    Ok(Value::None)
}

fn symmetric_difference(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "symmetric_difference")?;
    let o = one_arg(vm, &qual(&s, "symmetric_difference"), args, kw)?;
    let acc = setops::symmetric_difference(vm, &s, &Operand::of(&o))?;
    Ok(result(acc, &s))
}

fn symmetric_difference_update(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this_mut(vm, args, "symmetric_difference_update")?;
    let o = one_arg(vm, "set.symmetric_difference_update", args, kw)?;
    let op = Operand::of(&o);
    let mut acc = Acc::load(&s);
    let r = setops::symmetric_difference_update(vm, &mut acc, &op);
    acc.store();
    r?;
    Ok(Value::None)
}

/// A set argument of `issubset` and friends: the set itself, or a new one from an iterable.
fn as_set_arg(vm: &mut Vm, v: &Value) -> PyResult<SetRef> {
    if let Some(s) = SetRef::of(v) {
        return Ok(s);
    }
    let acc = setops::make_new(vm, Some(&Operand::Iter(v.clone())))?;
    let d = acc.data.clone();
    acc.store();
    Ok(SetRef::Mut(d))
}

fn issubset(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "issubset")?;
    let o = one_arg(vm, &qual(&s, "issubset"), args, kw)?;
    let o = as_set_arg(vm, &o)?;
    Ok(Value::Bool(setops::is_subset(vm, &s, &o)?))
}

fn issuperset(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "issuperset")?;
    let o = one_arg(vm, &qual(&s, "issuperset"), args, kw)?;
    if let Some(o) = SetRef::of(&o) {
        return Ok(Value::Bool(setops::is_subset(vm, &o, &s)?));
    }
    let it = vm.iter(&o)?;
    while let Some(x) = vm.next(&it)? {
        if !s.contains(vm, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn isdisjoint(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "isdisjoint")?;
    let o = one_arg(vm, &qual(&s, "isdisjoint"), args, kw)?;
    if let Some(o) = SetRef::of(&o) {
        if o.ptr() == s.ptr() {
            return Ok(Value::Bool(s.len() == 0));
        }
        let (small, big) = if o.len() > s.len() { (s, o) } else { (o, s) };
        for (k, _, _) in small.entries().0 {
            if big.contains(vm, &k)? {
                return Ok(Value::Bool(false));
            }
        }
        return Ok(Value::Bool(true));
    }
    let it = vm.iter(&o)?;
    while let Some(x) = vm.next(&it)? {
        if s.contains(vm, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn dunder_contains(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "__contains__")?;
    let x = one_arg(vm, &qual(&s, "__contains__"), args, kw)?;
    Ok(Value::Bool(s.contains(vm, &x)?))
}

fn dunder_len(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "__len__")?;
    no_args(vm, &qual(&s, "__len__"), args, kw)?;
    Ok(Value::Int(s.len() as i64))
}

fn dunder_iter(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let s = this(vm, args, "__iter__")?;
    no_args(vm, &qual(&s, "__iter__"), args, kw)?;
    match s {
        SetRef::Mut(d) => vm.iter(&Value::Set(d)),
        SetRef::Frozen(d) => vm.iter(&Value::FrozenSet(d)),
    }
}

/// `a op b` for sets (`-`, `&`, `|`, `^`; `op` is the base operator): the result is a set or a
/// frozenset like `a`; with `inplace` and a mutable `a`, `a` is updated and returned.
pub fn set_binary(vm: &mut Vm, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult {
    let (Some(sa), Some(_)) = (SetRef::of(a), SetRef::of(b)) else {
        return Err(vm.type_error(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.symbol(),
            super::type_name(vm, a),
            super::type_name(vm, b)
        )));
    };
    let ob = Operand::of(b);
    if inplace {
        if let SetRef::Mut(rc) = &sa {
            let r = match op {
                BinOp::And => {
                    let tmp = setops::intersection(vm, &sa, &ob)?;
                    let mut acc = Acc::load(rc);
                    acc.take_body(tmp);
                    acc.store();
                    Ok(())
                }
                _ => {
                    let mut acc = Acc::load(rc);
                    let r = match op {
                        BinOp::Or => setops::update(vm, &mut acc, &ob),
                        BinOp::Sub => setops::difference_update(vm, &mut acc, &ob),
                        _ => setops::symmetric_difference_update(vm, &mut acc, &ob),
                    };
                    acc.store();
                    r
                }
            };
            r?;
            return Ok(a.clone());
        }
    }
    let acc = match op {
        BinOp::Or => {
            let mut r = setops::copy_of(vm, &sa)?;
            setops::update(vm, &mut r, &ob)?;
            r
        }
        BinOp::And => setops::intersection(vm, &sa, &ob)?,
        BinOp::Sub => setops::difference(vm, &sa, &ob)?,
        _ => setops::symmetric_difference(vm, &sa, &ob)?,
    };
    Ok(result(acc, &sa))
}

/// Set comparisons: `==`/`!=` by contents, `<`, `<=`, `>`, `>=` as subset relations.
pub fn set_compare(vm: &mut Vm, op: CmpOp, a: &Value, b: &Value) -> PyResult<bool> {
    let (Some(sa), Some(sb)) = (SetRef::of(a), SetRef::of(b)) else {
        return Ok(matches!(op, CmpOp::Ne));
    };
    Ok(match op {
        CmpOp::Eq => sa.len() == sb.len() && setops::is_subset(vm, &sa, &sb)?,
        CmpOp::Ne => !(sa.len() == sb.len() && setops::is_subset(vm, &sa, &sb)?),
        CmpOp::Le => setops::is_subset(vm, &sa, &sb)?,
        CmpOp::Ge => setops::is_subset(vm, &sb, &sa)?,
        CmpOp::Lt => sa.len() < sb.len() && setops::is_subset(vm, &sa, &sb)?,
        CmpOp::Gt => sa.len() > sb.len() && setops::is_subset(vm, &sb, &sa)?,
        _ => false,
    })
}

/// Register the `set` and `frozenset` methods.
pub fn install(t: &Types) {
    let s = &t.set;
    add_method(s, "add", add);
    add_method(s, "discard", discard);
    add_method(s, "remove", remove);
    add_method(s, "pop", pop);
    add_method(s, "clear", clear);
    add_method(s, "update", update);
    add_method(s, "intersection_update", intersection_update);
    add_method(s, "difference_update", difference_update);
    add_method(
        s,
        "symmetric_difference_update",
        symmetric_difference_update,
    );
    for c in [&t.set, &t.frozenset] {
        add_method(c, "copy", copy);
        add_method(c, "union", union);
        add_method(c, "intersection", intersection);
        add_method(c, "difference", difference);
        add_method(c, "symmetric_difference", symmetric_difference);
        add_method(c, "issubset", issubset);
        add_method(c, "issuperset", issuperset);
        add_method(c, "isdisjoint", isdisjoint);
        add_method(c, "__contains__", dunder_contains);
        add_method(c, "__len__", dunder_len);
        add_method(c, "__iter__", dunder_iter);
    }
}

//! Methods of `dict`, the `dict_keys`/`dict_values`/`dict_items` views, and the container
//! dunders (`__getitem__`, `__len__`, ...) that `super()` calls in subclasses of builtins.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::vm::dict::DictData;
use crate::vm::iter::{dict_iter, native_iter, IterState};
use crate::vm::object::{Builtin, Class, ClassMethod, NativeObj};
use crate::vm::types::{add_method, Types};
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

use super::setops::{self, Acc, Operand, SetRef};
use super::{base_of, no_args, one_arg, receiver, unpack, wrong_receiver, Kw};

type DictRef = Rc<RefCell<DictData>>;

/// The `dict` receiver of `dict.meth`.
#[inline]
fn this(vm: &Vm, args: &[Value], meth: &str) -> PyResult<DictRef> {
    // The common case: the builtin itself, not a subclass instance.
    if let Some(Value::Dict(x)) = args.first() {
        return Ok(x.clone());
    }
    this_slow(vm, args, meth)
}

#[cold]
fn this_slow(vm: &Vm, args: &[Value], meth: &str) -> PyResult<DictRef> {
    match receiver(vm, args, "dict", meth)? {
        Value::Dict(d) => Ok(d),
        _ => Err(wrong_receiver(vm, "dict", meth, &args[0])),
    }
}

fn get(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "get")?;
    let a = unpack(vm, "get", args, kw, 1, 2)?;
    Ok(match vm.dict_get(&d, &a[0])? {
        Some(v) => v,
        None => a.get(1).cloned().unwrap_or(Value::None),
    })
}

fn setdefault(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "setdefault")?;
    let a = unpack(vm, "setdefault", args, kw, 1, 2)?;
    if let Some(v) = vm.dict_get(&d, &a[0])? {
        return Ok(v);
    }
    let v = a.get(1).cloned().unwrap_or(Value::None);
    vm.dict_set(&d, a[0].clone(), v.clone())?;
    Ok(v)
}

fn pop(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "pop")?;
    let a = unpack(vm, "pop", args, kw, 1, 2)?;
    match vm.dict_del(&d, &a[0])? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(v) => Ok(v.clone()),
            None => Err(vm.key_error(a[0].clone())),
        },
    }
}

fn popitem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "popitem")?;
    no_args(vm, "dict.popitem", args, kw)?;
    let last = d.borrow().last_index();
    let removed = last.and_then(|i| d.borrow_mut().remove_at(i));
    match removed {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(vm.key_error(Value::str("popitem(): dictionary is empty"))),
    }
}

/// `dict.update`'s positional argument (also what `dict(x)` does with `x`): a dict, a mapping
/// with `keys()`, or an iterable of key/value pairs, with CPython's errors for bad pairs.
pub fn update_from(vm: &mut Vm, d: &DictRef, src: &Value) -> PyResult<()> {
    if let Value::Dict(s) = src {
        let items = s.borrow().items();
        vm.charge(items.len() as u64 / 2 + 1);
        for (k, v) in items {
            vm.dict_set(d, k, v)?;
        }
        return Ok(());
    }
    if vm
        .getattr_opt(src, &crate::vm::value::PyStr::new("keys"))?
        .is_some()
    {
        let keys = vm.call_method(src, "keys", &[])?;
        let keys = vm.collect(&keys)?;
        for k in keys {
            let v = vm.getitem(src, &k)?;
            vm.dict_set(d, k, v)?;
        }
        return Ok(());
    }
    let it = vm.iter(src)?;
    let mut n = 0;
    while let Some(item) = vm.next(&it)? {
        let kv = match &item {
            Value::Tuple(t) => (**t).clone(),
            Value::List(l) => l.borrow().clone(),
            other => match vm.iter(other) {
                Ok(i) => {
                    let mut v = vec![];
                    while let Some(x) = vm.next(&i)? {
                        v.push(x);
                    }
                    v
                }
                Err(e) if e.matches(&vm.t().exc.type_error.clone()) => {
                    return Err(vm.type_error(format!(
                        "cannot convert dictionary update sequence element #{n} to a sequence"
                    )))
                }
                Err(e) => return Err(e),
            },
        };
        if kv.len() != 2 {
            return Err(vm.value_error(format!(
                "dictionary update sequence element #{n} has length {}; 2 is required",
                kv.len()
            )));
        }
        let mut kv = kv.into_iter();
        vm.dict_set(d, kv.next().unwrap(), kv.next().unwrap())?;
        n += 1;
    }
    vm.charge(n / 2 + 1);
    Ok(())
}

fn update(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "update")?;
    if args.len() > 2 {
        return Err(vm.type_error(format!(
            "update expected at most 1 argument, got {}",
            args.len() - 1
        )));
    }
    if let Some(src) = args.get(1) {
        let src = match src {
            Value::Inst(_) => match vm.unwrap_base(src) {
                Some(b @ Value::Dict(_)) => b,
                _ => src.clone(),
            },
            _ => src.clone(),
        };
        update_from(vm, &d, &src)?;
    }
    for (k, v) in kw {
        vm.dict_set(&d, Value::Str(k.clone()), v.clone())?;
    }
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "copy")?;
    no_args(vm, "dict.copy", args, kw)?;
    let c = d.borrow().clone();
    vm.charge(c.len() as u64 / 8 + 1);
    Ok(Value::Dict(Rc::new(RefCell::new(c))))
}

fn clear(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "clear")?;
    no_args(vm, "dict.clear", args, kw)?;
    let old = std::mem::take(&mut *d.borrow_mut());
    drop(old);
    Ok(Value::None)
}

/// `dict.fromkeys(iterable, value=None)`, a class method: `args[0]` is the class.
fn fromkeys(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let a = unpack(vm, "fromkeys", args, kw, 1, 2)?;
    let value = a.get(1).cloned().unwrap_or(Value::None);
    let plain = match args.first() {
        Some(Value::Class(c)) => Rc::ptr_eq(c, &vm.t().dict),
        _ => true,
    };
    if plain {
        let d: DictRef = Rc::new(RefCell::new(DictData::new()));
        let items = vm.collect(&a[0])?;
        for k in items {
            vm.dict_set(&d, k, value.clone())?;
        }
        return Ok(Value::Dict(d));
    }
    let obj = vm.call(&args[0], &[], &[])?;
    let items = vm.collect(&a[0])?;
    for k in items {
        vm.setitem(&obj, k, value.clone())?;
    }
    Ok(obj)
}

// ----- views -----

const VIEW_NAMES: [&str; 3] = ["dict_keys", "dict_values", "dict_items"];

/// `d.keys()`, `d.values()` or `d.items()`: a live view of a dict.
pub struct DictView {
    pub dict: DictRef,
    /// 0 keys, 1 values, 2 items.
    pub kind: u8,
}

impl DictView {
    /// The view's items now (keys, values or `(key, value)` tuples).
    pub fn items(&self) -> Vec<Value> {
        let d = self.dict.borrow();
        match self.kind {
            0 => d.keys(),
            1 => d.values(),
            _ => d
                .iter()
                .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                .collect(),
        }
    }
}

impl NativeObj for DictView {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native(VIEW_NAMES[self.kind as usize])
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(DictView {
            dict: c.dict(&self.dict),
            kind: self.kind,
        }))
    }
    fn repr(&self, vm: &mut Vm) -> PyResult<Option<String>> {
        let l = Value::list(self.items());
        let r = vm.repr(&l)?;
        Ok(Some(format!(
            "{}({})",
            VIEW_NAMES[self.kind as usize],
            r.as_str()
        )))
    }
}

fn view(d: DictRef, kind: u8) -> Value {
    Value::native(DictView { dict: d, kind })
}

fn keys(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "keys")?;
    no_args(vm, "dict.keys", args, kw)?;
    Ok(view(d, 0))
}

fn values(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "values")?;
    no_args(vm, "dict.values", args, kw)?;
    Ok(view(d, 1))
}

fn items(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "items")?;
    no_args(vm, "dict.items", args, kw)?;
    Ok(view(d, 2))
}

/// The view receiving a view method.
fn view_this<'a>(vm: &Vm, args: &'a [Value], meth: &str) -> PyResult<&'a DictView> {
    match args.first() {
        Some(Value::Native(n)) => match n.as_any().downcast_ref::<DictView>() {
            Some(v) => Ok(v),
            None => Err(wrong_receiver(vm, "dict_keys", meth, &args[0])),
        },
        Some(other) => Err(wrong_receiver(vm, "dict_keys", meth, other)),
        None => Err(vm.type_error(format!(
            "unbound method dict_keys.{meth}() needs an argument"
        ))),
    }
}

fn view_iter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__iter__")?;
    Ok(dict_iter(&v.dict, v.kind))
}

fn view_len(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__len__")?;
    Ok(Value::Int(v.dict.borrow().len() as i64))
}

fn view_reversed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__reversed__")?;
    let mut items = v.items();
    items.reverse();
    let name = [
        "dict_reversekeyiterator",
        "dict_reversevalueiterator",
        "dict_reverseitemiterator",
    ];
    Ok(native_iter(
        IterState::Values(items, Cell::new(0)),
        name[v.kind as usize],
    ))
}

/// Membership in a view: keys by lookup, items by lookup and value equality, values by scan.
fn view_has(vm: &mut Vm, v: &DictView, x: &Value) -> PyResult<bool> {
    match v.kind {
        0 => Ok(vm.dict_get(&v.dict, x)?.is_some()),
        1 => {
            for item in v.items() {
                if item.is(x) || vm.eq(&item, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => {
            let Value::Tuple(t) = x else { return Ok(false) };
            if t.len() != 2 {
                return Ok(false);
            }
            match vm.dict_get(&v.dict, &t[0])? {
                Some(val) => Ok(val.is(&t[1]) || vm.eq(&val, &t[1])?),
                None => Ok(false),
            }
        }
    }
}

fn view_contains(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let x = one_arg(vm, "__contains__", args, kw)?;
    let v = view_this(vm, args, "__contains__")?;
    Ok(Value::Bool(view_has(vm, v, &x)?))
}

/// `dictviews_to_set`: a new set of the view's items (a keys view adds a dict's keys after
/// one resize, as `set(d)` does).
fn view_to_set(vm: &mut Vm, v: &DictView) -> PyResult<Acc> {
    let op = if v.kind == 0 {
        Operand::Dict(v.dict.borrow().keys())
    } else {
        Operand::Iter(Value::list(v.items()))
    };
    setops::make_new(vm, Some(&op))
}

/// `_PyDictView_Intersect(view, other)`.
fn view_and(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__and__")?;
    let other = args.get(1).cloned().unwrap_or(Value::None);
    let len_self = v.dict.borrow().len();
    if let Value::Set(_) = &other {
        let s = SetRef::of(&other).unwrap();
        if len_self <= s.len() {
            let acc = setops::intersection(vm, &s, &Operand::Iter(Value::list(v.items())))?;
            return Ok(acc.into_value(false));
        }
    }
    let mut result = Acc::new();
    let it = vm.iter(&other)?;
    while let Some(x) = vm.next(&it)? {
        if view_has(vm, v, &x)? {
            result.add(vm, x)?;
        }
    }
    Ok(result.into_value(false))
}

fn view_or(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__or__")?;
    let mut acc = view_to_set(vm, v)?;
    let op = Operand::of(args.get(1).unwrap_or(&Value::None));
    setops::update(vm, &mut acc, &op)?;
    Ok(acc.into_value(false))
}

fn view_ror(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__ror__")?;
    let op = Operand::of(args.get(1).unwrap_or(&Value::None));
    let mut acc = setops::make_new(vm, Some(&op))?;
    setops::update(vm, &mut acc, &Operand::Iter(Value::list(v.items())))?;
    Ok(acc.into_value(false))
}

fn view_sub(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__sub__")?;
    let mut acc = view_to_set(vm, v)?;
    let op = Operand::of(args.get(1).unwrap_or(&Value::None));
    setops::difference_update(vm, &mut acc, &op)?;
    Ok(acc.into_value(false))
}

fn view_rsub(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__rsub__")?;
    let op = Operand::of(args.get(1).unwrap_or(&Value::None));
    let mut acc = setops::make_new(vm, Some(&op))?;
    setops::difference_update(vm, &mut acc, &Operand::Iter(Value::list(v.items())))?;
    Ok(acc.into_value(false))
}

fn view_xor(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__xor__")?;
    let mut acc = view_to_set(vm, v)?;
    let op = Operand::of(args.get(1).unwrap_or(&Value::None));
    setops::symmetric_difference_update(vm, &mut acc, &op)?;
    Ok(acc.into_value(false))
}

fn view_rxor(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let v = view_this(vm, args, "__rxor__")?;
    let op = Operand::of(args.get(1).unwrap_or(&Value::None));
    let mut acc = setops::make_new(vm, Some(&op))?;
    setops::symmetric_difference_update(vm, &mut acc, &Operand::Iter(Value::list(v.items())))?;
    Ok(acc.into_value(false))
}

fn view_isdisjoint(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let o = one_arg(vm, "isdisjoint", args, kw)?;
    let v = view_this(vm, args, "isdisjoint")?;
    let it = vm.iter(&o)?;
    while let Some(x) = vm.next(&it)? {
        if view_has(vm, v, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// Comparisons involving a keys or items view (`d.keys() == {1, 2}`, `d.items() <= s`): as
/// sets, when the other side is a set or such a view; `None` when neither side is one.
pub fn view_compare(
    vm: &mut Vm,
    op: crate::lang::bytecode::CmpOp,
    a: &Value,
    b: &Value,
) -> PyResult<Option<bool>> {
    fn set_like(v: &Value) -> Option<Option<&DictView>> {
        if let Value::Native(n) = v {
            return match n.as_any().downcast_ref::<DictView>() {
                Some(dv) if dv.kind != 1 => Some(Some(dv)),
                _ => None,
            };
        }
        SetRef::of(v).map(|_| None)
    }
    let (Some(x), Some(y)) = (set_like(a), set_like(b)) else {
        return Ok(None);
    };
    if x.is_none() && y.is_none() {
        return Ok(None);
    }
    let conv = |vm: &mut Vm, v: Option<&DictView>, orig: &Value| -> PyResult<Value> {
        match v {
            Some(dv) => Ok(view_to_set(vm, dv)?.into_value(false)),
            None => Ok(orig.clone()),
        }
    };
    let sa = conv(vm, x, a)?;
    let sb = conv(vm, y, b)?;
    super::set::set_compare(vm, op, &sa, &sb).map(Some)
}

// ----- container dunders for subclasses (`super().__getitem__(k)`) -----

fn dunder_getitem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "__getitem__")?;
    let k = one_arg(vm, "dict.__getitem__", args, kw)?;
    if let Some(v) = vm.dict_get(&d, &k)? {
        return Ok(v);
    }
    if let Value::Inst(i) = &args[0] {
        if let Some(m) = i.class().lookup("__missing__") {
            return vm.call(&m, &[args[0].clone(), k], &[]);
        }
    }
    Err(vm.key_error(k))
}

fn dunder_setitem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "__setitem__")?;
    let a = unpack(vm, "__setitem__", args, kw, 2, 2)?;
    vm.dict_set(&d, a[0].clone(), a[1].clone())?;
    Ok(Value::None)
}

fn dunder_delitem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "__delitem__")?;
    let k = one_arg(vm, "dict.__delitem__", args, kw)?;
    match vm.dict_del(&d, &k)? {
        Some(_) => Ok(Value::None),
        None => Err(vm.key_error(k)),
    }
}

/// `len(base)`, `iter(base)`, `x in base` and `base[k]` on the builtin value of `args[0]`,
/// for the `__len__`/`__iter__`/`__contains__`/`__getitem__`/... of list, tuple and str.
fn generic_len(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let b = base_of(args.first().unwrap_or(&Value::None));
    Ok(Value::Int(vm.len_of(&b)? as i64))
}

fn generic_iter(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult {
    let b = base_of(args.first().unwrap_or(&Value::None));
    vm.iter(&b)
}

fn generic_contains(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let x = one_arg(vm, "__contains__", args, kw)?;
    let b = base_of(&args[0]);
    Ok(Value::Bool(vm.contains(&b, &x)?))
}

fn generic_getitem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let k = one_arg(vm, "__getitem__", args, kw)?;
    let b = base_of(&args[0]);
    vm.getitem(&b, &k)
}

fn generic_setitem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let a = unpack(vm, "__setitem__", args, kw, 2, 2)?;
    let b = base_of(&args[0]);
    vm.setitem(&b, a[0].clone(), a[1].clone())?;
    Ok(Value::None)
}

fn generic_delitem(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let k = one_arg(vm, "__delitem__", args, kw)?;
    let b = base_of(&args[0]);
    vm.delitem(&b, k)?;
    Ok(Value::None)
}

fn dict_reversed(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult {
    let d = this(vm, args, "__reversed__")?;
    no_args(vm, "dict.__reversed__", args, kw)?;
    let mut keys = d.borrow().keys();
    keys.reverse();
    Ok(native_iter(
        IterState::Values(keys, Cell::new(0)),
        "dict_reversekeyiterator",
    ))
}

/// Register the `dict` methods, the view classes' methods, and container dunders of the
/// builtin sequences.
pub fn install(t: &Types) {
    let c = &t.dict;
    add_method(c, "get", get);
    add_method(c, "setdefault", setdefault);
    add_method(c, "pop", pop);
    add_method(c, "popitem", popitem);
    add_method(c, "update", update);
    add_method(c, "copy", copy);
    add_method(c, "clear", clear);
    add_method(c, "keys", keys);
    add_method(c, "values", values);
    add_method(c, "items", items);
    add_method(c, "__getitem__", dunder_getitem);
    add_method(c, "__setitem__", dunder_setitem);
    add_method(c, "__delitem__", dunder_delitem);
    add_method(c, "__len__", generic_len);
    add_method(c, "__iter__", generic_iter);
    add_method(c, "__contains__", generic_contains);
    add_method(c, "__reversed__", dict_reversed);
    let b = Builtin {
        name: "fromkeys",
        owner: Some("dict"),
        f: fromkeys,
        data: Value::None,
    };
    let cm = ClassMethod(Value::Builtin(Rc::new(b)));
    c.dict.borrow_mut().set_str("fromkeys", Value::native(cm));

    for (i, name) in VIEW_NAMES.iter().enumerate() {
        let vc = t.native(name);
        add_method(&vc, "__iter__", view_iter);
        add_method(&vc, "__len__", view_len);
        add_method(&vc, "__contains__", view_contains);
        add_method(&vc, "__reversed__", view_reversed);
        if i != 1 {
            add_method(&vc, "__and__", view_and);
            add_method(&vc, "__rand__", view_and);
            add_method(&vc, "__or__", view_or);
            add_method(&vc, "__ror__", view_ror);
            add_method(&vc, "__sub__", view_sub);
            add_method(&vc, "__rsub__", view_rsub);
            add_method(&vc, "__xor__", view_xor);
            add_method(&vc, "__rxor__", view_rxor);
            add_method(&vc, "isdisjoint", view_isdisjoint);
        }
    }

    for c in [&t.list, &t.tuple, &t.str] {
        add_method(c, "__len__", generic_len);
        add_method(c, "__iter__", generic_iter);
        add_method(c, "__contains__", generic_contains);
        add_method(c, "__getitem__", generic_getitem);
    }
    add_method(&t.list, "__setitem__", generic_setitem);
    add_method(&t.list, "__delitem__", generic_delitem);
}

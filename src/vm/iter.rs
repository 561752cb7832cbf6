//! Iteration: `iter()`/`next()` over every iterable, the native iterators, and generator
//! methods (`send`, `throw`, `close`).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::dict::DictData;
use super::frame::FrameExit;
use super::object::{Class, Generator, NativeObj};
use super::value::Value;
use super::{PyResult, Vm};

/// A native iterator over a snapshot-free source.
pub enum IterState {
    /// list, by index (sees appends, like CPython)
    List(Rc<RefCell<Vec<Value>>>, Cell<usize>),
    Tuple(Rc<Vec<Value>>, Cell<usize>),
    /// chars of a str
    Str(Rc<super::value::PyStr>, Cell<usize>),
    Range {
        next: Cell<i64>,
        step: i64,
        left: Cell<i64>,
    },
    /// dict keys/values/items by slot, detecting size changes
    Dict {
        d: Rc<RefCell<DictData>>,
        pos: Cell<usize>,
        len: usize,
        what: u8,
    },
    /// A fixed list of values (set iteration, reversed(), views).
    Values(Vec<Value>, Cell<usize>),
    /// `iter(callable, sentinel)`
    Callable(Value, Value, Cell<bool>),
    /// An object with `__getitem__` only.
    GetItem(Value, Cell<i64>),
}

/// A native iterator object.
pub struct NativeIter {
    pub state: IterState,
    pub class_name: &'static str,
}

impl NativeObj for NativeIter {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native(self.class_name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_native_iter(&self) -> Option<&NativeIter> {
        Some(self)
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        let at = |i: &Cell<usize>| Cell::new(i.get());
        let state = match &self.state {
            IterState::List(l, i) => match c.value(&Value::List(l.clone())) {
                Value::List(l) => IterState::List(l, at(i)),
                _ => return None,
            },
            IterState::Tuple(t, i) => match c.value(&Value::Tuple(t.clone())) {
                Value::Tuple(t) => IterState::Tuple(t, at(i)),
                _ => return None,
            },
            IterState::Str(s, i) => IterState::Str(c.str(s), at(i)),
            IterState::Range { next, step, left } => IterState::Range {
                next: Cell::new(next.get()),
                step: *step,
                left: Cell::new(left.get()),
            },
            IterState::Dict { d, pos, len, what } => IterState::Dict {
                d: c.dict(d),
                pos: at(pos),
                len: *len,
                what: *what,
            },
            IterState::Values(v, i) => {
                IterState::Values(v.iter().map(|x| c.value(x)).collect(), at(i))
            }
            IterState::Callable(f, sentinel, done) => {
                IterState::Callable(c.value(f), c.value(sentinel), Cell::new(done.get()))
            }
            IterState::GetItem(obj, i) => IterState::GetItem(c.value(obj), Cell::new(i.get())),
        };
        Some(Box::new(NativeIter {
            state,
            class_name: self.class_name,
        }))
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn next(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        if let Some(r) = self.step_simple() {
            return Ok(r);
        }
        self.step_other(vm)
    }
}

impl NativeIter {
    /// One step of the commonest iterators (range, list, tuple), which cannot fail: the item, or
    /// `Some(None)` when exhausted; `None` for every other kind. Small enough to inline into
    /// the loop's `for`.
    #[inline(always)]
    fn step_simple(&self) -> Option<Option<Value>> {
        Some(match &self.state {
            IterState::Range { next, step, left } => {
                if left.get() <= 0 {
                    return Some(None);
                }
                let v = next.get();
                left.set(left.get() - 1);
                next.set(v.wrapping_add(*step));
                Some(Value::Int(v))
            }
            IterState::List(l, i) => {
                let l = l.borrow();
                let k = i.get();
                if k < l.len() {
                    i.set(k + 1);
                    Some(l[k].clone())
                } else {
                    i.set(usize::MAX / 2);
                    None
                }
            }
            IterState::Tuple(t, i) => {
                let k = i.get();
                if k < t.len() {
                    i.set(k + 1);
                    Some(t[k].clone())
                } else {
                    None
                }
            }
            _ => return None,
        })
    }

    /// One step of the other iterators.
    fn step_other(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        match &self.state {
            IterState::Range { .. } | IterState::List(..) | IterState::Tuple(..) => {
                Ok(self.step_simple().flatten())
            }
            IterState::Str(s, i) => {
                let k = i.get();
                let st = s.as_str();
                if k >= st.len() {
                    return Ok(None);
                }
                let c = st[k..].chars().next().unwrap();
                i.set(k + c.len_utf8());
                Ok(Some(Value::str(c.to_string())))
            }
            IterState::Dict { d, pos, len, what } => {
                let db = d.borrow();
                if db.len() != *len {
                    drop(db);
                    pos.set(usize::MAX / 2);
                    return Err(vm.runtime_error("dictionary changed size during iteration"));
                }
                let mut p = pos.get();
                while p < db.slots() {
                    if let Some((k, v)) = db.slot(p) {
                        pos.set(p + 1);
                        return Ok(Some(match what {
                            0 => k.clone(),
                            1 => v.clone(),
                            _ => Value::tuple(vec![k.clone(), v.clone()]),
                        }));
                    }
                    p += 1;
                }
                pos.set(p);
                Ok(None)
            }
            IterState::Values(v, i) => {
                let k = i.get();
                if k < v.len() {
                    i.set(k + 1);
                    Ok(Some(v[k].clone()))
                } else {
                    Ok(None)
                }
            }
            IterState::Callable(f, sentinel, done) => {
                if done.get() {
                    return Ok(None);
                }
                let v = vm.call(f, &[], &[])?;
                if vm.eq(&v, sentinel)? {
                    done.set(true);
                    return Ok(None);
                }
                Ok(Some(v))
            }
            IterState::GetItem(obj, i) => {
                let k = i.get();
                match vm.getitem(obj, &Value::Int(k)) {
                    Ok(v) => {
                        i.set(k + 1);
                        Ok(Some(v))
                    }
                    Err(e)
                        if e.matches(&vm.t().exc.index_error.clone())
                            || e.matches(&vm.t().exc.stop_iteration.clone()) =>
                    {
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }
}

/// Wrap an iterator state as a value.
pub fn native_iter(state: IterState, class_name: &'static str) -> Value {
    Value::native(NativeIter { state, class_name })
}

/// An iterator over a dict's keys (0), values (1) or items (2).
pub fn dict_iter(d: &Rc<RefCell<DictData>>, what: u8) -> Value {
    let len = d.borrow().len();
    let name = match what {
        0 => "dict_keyiterator",
        1 => "dict_valueiterator",
        _ => "dict_itemiterator",
    };
    native_iter(
        IterState::Dict {
            d: d.clone(),
            pos: Cell::new(0),
            len,
            what,
        },
        name,
    )
}

impl Vm {
    /// `iter(v)`.
    pub fn iter(&mut self, v: &Value) -> PyResult {
        Ok(match v {
            Value::List(l) => {
                native_iter(IterState::List(l.clone(), Cell::new(0)), "list_iterator")
            }
            Value::Tuple(t) => {
                native_iter(IterState::Tuple(t.clone(), Cell::new(0)), "tuple_iterator")
            }
            Value::Str(s) => native_iter(
                IterState::Str(s.clone(), Cell::new(0)),
                "str_ascii_iterator",
            ),
            Value::Range(r) => native_iter(
                IterState::Range {
                    next: Cell::new(r.start),
                    step: r.step,
                    left: Cell::new(r.len()),
                },
                "range_iterator",
            ),
            Value::Dict(d) => dict_iter(d, 0),
            Value::Set(s) => {
                let items = super::methods::set::ordered_items(&s.borrow());
                native_iter(IterState::Values(items, Cell::new(0)), "set_iterator")
            }
            Value::FrozenSet(s) => {
                let items = super::methods::set::ordered_items(s);
                native_iter(IterState::Values(items, Cell::new(0)), "set_iterator")
            }
            Value::Gen(g) if g.code.kind == crate::lang::bytecode::CodeKind::Generator => v.clone(),
            Value::Native(n) if n.is_iterator() => v.clone(),
            Value::Inst(_) | Value::Native(_) | Value::Class(_) => {
                if !matches!(v, Value::Class(_)) {
                    if let Some(m) = self.lookup_special_opt(v, "__iter__")? {
                        let it = self.call(&m, &[], &[])?;
                        if !self.is_iterator(&it)? {
                            return Err(self.type_error(format!(
                                "iter() returned non-iterator of type '{}'",
                                self.type_of(&it).name().as_str()
                            )));
                        }
                        return Ok(it);
                    }
                    if let Some(b) = self.unwrap_base(v) {
                        return self.iter(&b);
                    }
                    if self.lookup_special_opt(v, "__getitem__")?.is_some() {
                        return Ok(native_iter(
                            IterState::GetItem(v.clone(), Cell::new(0)),
                            "iterator",
                        ));
                    }
                }
                return Err(self.not_iterable(v));
            }
            _ => return Err(self.not_iterable(v)),
        })
    }

    #[cold]
    fn not_iterable(&self, v: &Value) -> super::PyErr {
        self.type_error(format!(
            "'{}' object is not iterable",
            self.type_of(v).name().as_str()
        ))
    }

    /// Whether `v` is an iterator (has `__next__`).
    pub fn is_iterator(&mut self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::Gen(g) => g.code.kind == crate::lang::bytecode::CodeKind::Generator,
            Value::Native(n) => {
                n.is_iterator() || self.lookup_special_opt(v, "__next__")?.is_some()
            }
            Value::Inst(_) => self.lookup_special_opt(v, "__next__")?.is_some(),
            _ => false,
        })
    }

    /// `next(it)`: `Some(item)` or `None` when exhausted. Range, list and tuple iterators step
    /// right here (this is inlined into every `for` of the interpreter loop); the rest take
    /// a call.
    #[inline(always)]
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        match it {
            Value::Native(n) => match n.as_native_iter() {
                Some(ni) => match ni.step_simple() {
                    Some(r) => Ok(r),
                    None => ni.step_other(self),
                },
                None => self.next_by_protocol(it),
            },
            Value::Gen(g) => self.next_of_generator(g),
            _ => self.next_by_protocol(it),
        }
    }

    /// `next(g)` of a generator, coroutine or async generator.
    fn next_of_generator(&mut self, g: &Rc<Generator>) -> PyResult<Option<Value>> {
        match self.send_generator(g, Value::None)? {
            FrameExit::Yield(v) => Ok(Some(v)),
            FrameExit::Return(_) => Ok(None),
        }
    }

    /// `next(it)` of a native iterator other than [`NativeIter`], or through `__next__`.
    fn next_by_protocol(&mut self, it: &Value) -> PyResult<Option<Value>> {
        if let Value::Native(n) = it {
            if n.is_iterator() {
                return n.next(self);
            }
        }
        let Some(m) = self.lookup_special_opt(it, "__next__")? else {
            return Err(self.type_error(format!(
                "'{}' object is not an iterator",
                self.type_of(it).name().as_str()
            )));
        };
        match self.call(&m, &[], &[]) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.matches(&self.t().exc.stop_iteration.clone()) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every item of an iterable.
    pub fn collect(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v {
            Value::List(l) => Ok(l.borrow().clone()),
            Value::Tuple(t) => Ok((**t).clone()),
            _ => {
                let it = self.iter(v)?;
                let mut out = vec![];
                if let Value::Gen(g) = &it {
                    while let Some(x) = self.drain_generator(g, &mut |_, x| {
                        out.push(x);
                        None
                    })? {
                        out.push(x);
                    }
                    self.charge(out.len() as u64);
                    return Ok(out);
                }
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                }
                self.charge(out.len() as u64);
                Ok(out)
            }
        }
    }
}

// ----- generator methods -----

fn gen_arg(vm: &Vm, args: &[Value]) -> PyResult<Rc<super::object::Generator>> {
    match args.first() {
        Some(Value::Gen(g)) if g.code.kind == crate::lang::bytecode::CodeKind::Generator => {
            Ok(g.clone())
        }
        _ => Err(vm.type_error("descriptor requires a 'generator' object")),
    }
}

fn gen_send(vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    let g = gen_arg(vm, args)?;
    let v = args.get(1).cloned().unwrap_or(Value::None);
    match vm.send_generator(&g, v)? {
        FrameExit::Yield(v) => Ok(v),
        FrameExit::Return(v) => Err(vm.stop_iteration(v)),
    }
}

fn gen_next(vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    let g = gen_arg(vm, args)?;
    match vm.send_generator(&g, Value::None)? {
        FrameExit::Yield(v) => Ok(v),
        FrameExit::Return(v) => Err(vm.stop_iteration(v)),
    }
}

fn gen_iter(_vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    Ok(args[0].clone())
}

fn gen_throw(vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    let g = gen_arg(vm, args)?;
    let err = super::coro::thrown(vm, &args[1..])?;
    let r = vm.resume_generator(&g, Value::None, Some(err))?;
    super::coro::sent(vm, r)
}

fn gen_close(vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    let g = gen_arg(vm, args)?;
    super::coro::close_generator(vm, &g)
}

/// Register generator methods and the iterator protocol of native iterators.
pub fn install(t: &super::types::Types) {
    use super::types::add_method;
    add_method(&t.generator, "send", gen_send);
    add_method(&t.generator, "__next__", gen_next);
    add_method(&t.generator, "__iter__", gen_iter);
    add_method(&t.generator, "throw", gen_throw);
    add_method(&t.generator, "close", gen_close);
    install_range(t);
    super::coro::install(t);
}

/// `__next__` and `__iter__` for native iterator classes (registered on first use).
pub fn native_next(vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    match vm.next(&args[0])? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration(Value::None)),
    }
}

/// `iter(it)` of an iterator is itself.
pub fn native_iter_self(_vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    Ok(args[0].clone())
}

fn range_index(vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    if let (Some(Value::Range(r)), Some(Value::Int(x))) = (args.first(), args.get(1)) {
        let off = x - r.start;
        if off % r.step == 0 && off / r.step >= 0 && off / r.step < r.len() {
            return Ok(Value::Int(off / r.step));
        }
        return Err(vm.value_error(format!("{x} is not in range")));
    }
    let v = args.get(1).cloned().unwrap_or(Value::None);
    let r = vm.repr_string(&v)?;
    Err(vm.value_error(format!("{r} is not in range")))
}

fn range_count(vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    let item = args.get(1).cloned().unwrap_or(Value::None);
    Ok(Value::Int(vm.contains(&args[0], &item)? as i64))
}

fn slice_indices(vm: &mut Vm, args: &[Value], _kw: super::call::Kwargs) -> PyResult {
    let (Some(Value::Slice(s)), Some(n)) = (args.first(), args.get(1)) else {
        return Err(vm.type_error("indices() takes exactly one argument"));
    };
    let s = s.clone();
    let n = vm.index_of(n)?;
    if n < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    let (a, b, c) = vm.slice_indices(&s, n)?;
    Ok(Value::tuple(vec![
        Value::Int(a),
        Value::Int(b),
        Value::Int(c),
    ]))
}

/// Methods of `range` and `slice`.
pub fn install_range(t: &super::types::Types) {
    use super::types::add_method;
    add_method(&t.range, "index", range_index);
    add_method(&t.range, "count", range_count);
    add_method(&t.slice, "indices", slice_indices);
}

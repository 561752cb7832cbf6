//! The `bytes` type: an immutable sequence of bytes, as CPython 3.11's.
//!
//! A `bytes` value is a native object ([`PyBytes`]) of the builtin class `bytes`, so the
//! interpreter loop needs no case of its own for it: its protocol methods (`__len__`,
//! `__getitem__`, `__iter__`, `__contains__`, `__add__`, `__mul__`) are builtins on its
//! class, and equality, ordering and hashing are decided without Python code (see
//! [`crate::vm::dict::simple_eq`], [`crate::vm::dict::simple_hash`] and `ops::compare`), so
//! `bytes` work as dict keys and sort as CPython's do. The named methods are in [`methods`],
//! the text codecs (`bytes.decode`, `str.encode`) in [`codec`].

pub mod codec;
mod ints;
mod methods;

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use super::call::Kwargs;
use super::object::{Class, NativeObj};
use super::types::Types;
use super::value::Value;
use super::{PyResult, Vm};

/// A `bytes` object.
pub struct PyBytes {
    pub data: Rc<[u8]>,
    /// The hash, once computed (0: not yet).
    hash: Cell<i64>,
}

impl PyBytes {
    pub fn new(data: impl Into<Rc<[u8]>>) -> PyBytes {
        PyBytes {
            data: data.into(),
            hash: Cell::new(0),
        }
    }

    /// The hash of the bytes: the string hash's function over the same bytes, so an ASCII
    /// `bytes` hashes as the `str` with the same characters, as in CPython.
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != 0 {
            return h;
        }
        let mut x: u64 = 0xcbf29ce484222325;
        for &b in self.data.iter() {
            x ^= b as u64;
            x = x.wrapping_mul(0x100000001b3);
        }
        let mut v = (x >> 2) as i64;
        if v == -1 || v == 0 {
            v = 2;
        }
        self.hash.set(v);
        v
    }
}

impl NativeObj for PyBytes {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("bytes")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _vm: &mut Vm) -> PyResult<Option<String>> {
        Ok(Some(repr(&self.data)))
    }
    fn fork_copy(&self, _c: &mut super::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(PyBytes::new(&self.data[..])))
    }
}

/// A new `bytes` value.
pub fn new_bytes(data: impl Into<Rc<[u8]>>) -> Value {
    Value::native(PyBytes::new(data))
}

/// The `bytes` object behind `v`, if it is one (not a subclass instance).
#[inline]
pub fn as_pybytes(v: &Value) -> Option<&PyBytes> {
    super::attr::native_as::<PyBytes>(v)
}

/// The contents of `v` if it is a `bytes` (or an instance of a subclass of `bytes`).
pub fn bytes_of(v: &Value) -> Option<Rc<[u8]>> {
    if let Some(b) = as_pybytes(v) {
        return Some(b.data.clone());
    }
    match super::methods::base_of(v) {
        b @ Value::Native(_) => as_pybytes(&b).map(|b| b.data.clone()),
        _ => None,
    }
}

/// Whether `v` is a `bytes` object.
#[inline]
pub fn is_bytes(v: &Value) -> bool {
    as_pybytes(v).is_some()
}

/// `repr(b)`: `b'...'` with CPython's quote choice and escapes.
pub fn repr(data: &[u8]) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut s = String::with_capacity(data.len() + 3);
    s.push('b');
    s.push(quote);
    for &b in data {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'\t' => s.push_str("\\t"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            _ if b as char == quote => {
                s.push('\\');
                s.push(quote);
            }
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push(quote);
    s
}

/// Equality of two values when both are `bytes`; `None` otherwise.
#[inline]
pub fn bytes_eq(a: &Value, b: &Value) -> Option<bool> {
    Some(as_pybytes(a)?.data[..] == as_pybytes(b)?.data[..])
}

/// The order of two values when both are `bytes`; `None` otherwise.
pub fn bytes_cmp(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    Some(as_pybytes(a)?.data[..].cmp(&as_pybytes(b)?.data[..]))
}

/// The `bytes` receiver of a method (a subclass instance unwrapped).
pub(crate) fn this(vm: &Vm, args: &[Value], meth: &str) -> PyResult<Rc<[u8]>> {
    if let Some(b) = args.first().and_then(as_pybytes) {
        return Ok(b.data.clone());
    }
    match args.first() {
        Some(v) => bytes_of(v).ok_or_else(|| super::methods::wrong_receiver(vm, "bytes", meth, v)),
        None => Err(vm.type_error(format!("unbound method bytes.{meth}() needs an argument"))),
    }
}

/// The name of `v`'s type.
fn type_name(vm: &Vm, v: &Value) -> String {
    vm.type_of(v).name().as_str().to_string()
}

/// `bytes(...)`: `bytes()`, `bytes(n)`, `bytes(iterable_of_ints)`, `bytes(str, encoding
/// [, errors])`, `bytes(bytes)`.
pub fn construct(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let slots = super::methods::clinic(
        vm,
        "bytes",
        &[&[Value::None][..], args].concat(),
        kw,
        &["source", "encoding", "errors"],
        0,
    )?;
    let (source, encoding, errors) = (slots[0].clone(), slots[1].clone(), slots[2].clone());
    let Some(source) = source else {
        if encoding.is_some() {
            return Err(vm.type_error("encoding without a string argument"));
        }
        if errors.is_some() {
            return Err(vm.type_error("errors without a string argument"));
        }
        return Ok(new_bytes(Vec::new()));
    };
    if let Value::Str(s) = &source {
        let Some(enc) = encoding else {
            return Err(vm.type_error("string argument without an encoding"));
        };
        return codec::encode_str(vm, s.as_str(), Some(&enc), errors.as_ref(), "bytes");
    }
    if encoding.is_some() {
        return Err(vm.type_error("encoding without a string argument"));
    }
    if errors.is_some() {
        return Err(vm.type_error("errors without a string argument"));
    }
    if as_pybytes(&source).is_some() {
        return Ok(source);
    }
    if let Some(b) = bytes_of(&source) {
        return Ok(new_bytes(b));
    }
    match &source {
        Value::Int(_) | Value::Bool(_) | Value::Big(_) => {
            let n = vm.index_of(&source)?;
            return zeros(vm, n);
        }
        Value::Float(_) => {
            return Err(vm.type_error(format!(
                "cannot convert '{}' object to bytes",
                type_name(vm, &source)
            )))
        }
        _ => {}
    }
    // an object with __index__ is a count too
    if let Value::Inst(_) = &source {
        if vm.lookup_special_opt(&source, "__index__")?.is_some() {
            let n = vm.index_of(&source)?;
            return zeros(vm, n);
        }
    }
    let it = match vm.iter(&source) {
        Ok(it) => it,
        Err(e) if e.matches(&vm.t().exc.type_error.clone()) => {
            return Err(vm.type_error(format!(
                "cannot convert '{}' object to bytes",
                type_name(vm, &source)
            )))
        }
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    while let Some(x) = vm.next(&it)? {
        out.push(byte_value(vm, &x)?);
    }
    vm.charge(out.len() as u64);
    Ok(new_bytes(out))
}

/// More bytes than gilsim will allocate at once: `MemoryError` beyond (16 GiB).
const TOO_MANY: u128 = 1 << 34;

/// `bytes(n)`: `n` zero bytes.
fn zeros(vm: &mut Vm, n: i64) -> PyResult {
    if n < 0 {
        return Err(vm.value_error("negative count"));
    }
    if n as u128 > TOO_MANY {
        return Err(vm.new_error(&memory_error(vm), ""));
    }
    vm.charge(n as u64 / 64 + 1);
    Ok(new_bytes(vec![0u8; n as usize]))
}

/// An int in `range(0, 256)`, as `bytes([...])` takes its items.
fn byte_value(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    let n = match v {
        Value::Int(i) => *i,
        Value::Big(_) => -1,
        _ => vm.index_of(v)?,
    };
    u8::try_from(n).map_err(|_| vm.value_error("bytes must be in range(0, 256)"))
}

/// An index into a sequence of `len`, as `b[i]` takes it.
fn item_index(vm: &mut Vm, idx: &Value, len: usize) -> PyResult<usize> {
    let i = match idx {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Big(_) => {
            return Err(vm.index_error("cannot fit 'int' into an index-sized integer"));
        }
        _ => match vm.index_of(idx) {
            Ok(i) => i,
            Err(_) => {
                return Err(vm.type_error(format!(
                    "byte indices must be integers or slices, not {}",
                    type_name(vm, idx)
                )))
            }
        },
    };
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(vm.index_error("index out of range"));
    }
    Ok(j as usize)
}

fn b_len(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    super::methods::no_args(vm, "bytes.__len__", args, kw)?;
    Ok(Value::Int(this(vm, args, "__len__")?.len() as i64))
}

fn b_getitem(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let data = this(vm, args, "__getitem__")?;
    let key = super::methods::one_arg(vm, "bytes.__getitem__", args, kw)?;
    if let Value::Slice(s) = &key {
        let pos = vm.slice_positions(s, data.len())?;
        vm.charge(pos.len() as u64 / 16 + 1);
        return Ok(new_bytes(
            pos.into_iter().map(|i| data[i]).collect::<Vec<u8>>(),
        ));
    }
    let i = item_index(vm, &key, data.len())?;
    Ok(Value::Int(data[i] as i64))
}

/// The iterator over a `bytes`: its items as ints.
pub struct BytesIter {
    data: Rc<[u8]>,
    pos: Cell<usize>,
}

impl NativeObj for BytesIter {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("bytes_iterator")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn next(&self, _vm: &mut Vm) -> PyResult<Option<Value>> {
        let i = self.pos.get();
        Ok(self.data.get(i).map(|&b| {
            self.pos.set(i + 1);
            Value::Int(b as i64)
        }))
    }
    fn fork_copy(&self, _c: &mut super::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(BytesIter {
            data: self.data[..].into(),
            pos: Cell::new(self.pos.get()),
        }))
    }
}

fn b_iter(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    super::methods::no_args(vm, "bytes.__iter__", args, kw)?;
    let data = this(vm, args, "__iter__")?;
    Ok(Value::native(BytesIter {
        data,
        pos: Cell::new(0),
    }))
}

fn b_contains(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let data = this(vm, args, "__contains__")?;
    let item = super::methods::one_arg(vm, "bytes.__contains__", args, kw)?;
    vm.charge(data.len() as u64 / 32 + 1);
    Ok(Value::Bool(match methods::sub_arg(vm, &item, true)? {
        methods::Sub::Byte(b) => data.contains(&b),
        methods::Sub::Bytes(s) => methods::find_in(&data, &s, 0).is_some(),
    }))
}

fn b_add(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let data = this(vm, args, "__add__")?;
    let other = super::methods::one_arg(vm, "bytes.__add__", args, kw)?;
    let Some(o) = bytes_of(&other) else {
        return Err(vm.type_error(format!("can't concat {} to bytes", type_name(vm, &other))));
    };
    let mut v = Vec::with_capacity(data.len() + o.len());
    v.extend_from_slice(&data);
    v.extend_from_slice(&o);
    vm.charge(v.len() as u64 / 64 + 1);
    Ok(new_bytes(v))
}

fn b_mul(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let data = this(vm, args, "__mul__")?;
    let n = super::methods::one_arg(vm, "bytes.__mul__", args, kw)?;
    let count = match &n {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Big(b) => {
            if num_traits::Signed::is_negative(&**b) {
                0
            } else {
                i64::MAX
            }
        }
        Value::Inst(_) if vm.lookup_special_opt(&n, "__index__")?.is_some() => vm.index_of(&n)?,
        // the other operand's own `__rmul__` may still answer
        Value::Inst(_) => return Ok(Value::NotImplemented),
        _ => {
            return Err(vm.type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                type_name(vm, &n)
            )))
        }
    };
    if count <= 0 || data.is_empty() {
        return Ok(new_bytes(Vec::new()));
    }
    let total = (count as u128) * data.len() as u128;
    if total > (isize::MAX as u128) / 2 {
        return Err(vm.new_error(
            &vm.t().exc.overflow_error.clone(),
            "repeated bytes are too long",
        ));
    }
    if total > TOO_MANY {
        return Err(vm.new_error(&memory_error(vm), ""));
    }
    vm.charge(total as u64 / 64 + 1);
    Ok(new_bytes(data.repeat(count as usize)))
}

/// The builtin `MemoryError` class.
fn memory_error(vm: &Vm) -> Rc<Class> {
    crate::vm::files::oserror::builtin_exception(vm, "MemoryError")
}

/// Register `bytes` and its methods.
pub fn install(t: &Types) {
    let c = t.native("bytes");
    let protocol: &[(&'static str, super::object::NativeFn)] = &[
        ("__len__", b_len),
        ("__getitem__", b_getitem),
        ("__iter__", b_iter),
        ("__contains__", b_contains),
        ("__add__", b_add),
        ("__mul__", b_mul),
        ("__rmul__", b_mul),
    ];
    super::types::add_methods(&c, protocol);
    methods::install(t, &c);
    codec::install(t);
    ints::install(t);
    // builtin iterators' classes get `__next__` and `__iter__` when made
    t.native("bytes_iterator");
}

//! Python values: a 16-byte enum with immediates for small things and `Rc` for the rest.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::dict::{DictData, SetData};
use super::object::{
    BoundMethod, Builtin, Class, Function, Generator, Instance, Module, NativeObj, RangeObj,
    SliceObj,
};

/// A natively implemented object behind a thin pointer (keeps `Value` at 16 bytes).
pub type NativeRef = Rc<Box<dyn NativeObj>>;

/// A Python value. Cloning is cheap (a copy or an `Rc` increment); 16 bytes.
///
/// The tag is a whole word so that moving a value is two aligned 8-byte copies: with a byte
/// tag, rustc copies values byte-wise at odd offsets, which stalls store forwarding when the
/// value was just written (measured: a third of the time of attribute loads).
#[repr(u64)]
pub enum Value {
    /// Internal marker, never visible to Python code: an unbound local, "no self" in a call.
    Null,
    None,
    Ellipsis,
    NotImplemented,
    Bool(bool),
    /// An `int` that fits in i64; arithmetic overflows into `Big`, never wraps.
    Int(i64),
    /// An `int` outside i64. Always normalised: a value that fits i64 is an `Int`.
    Big(Rc<BigInt>),
    Float(f64),
    Str(Rc<PyStr>),
    Tuple(Rc<Vec<Value>>),
    List(Rc<RefCell<Vec<Value>>>),
    Dict(Rc<RefCell<DictData>>),
    Set(Rc<RefCell<SetData>>),
    FrozenSet(Rc<SetData>),
    Range(Rc<RangeObj>),
    Slice(Rc<SliceObj>),
    Func(Rc<Function>),
    Builtin(Rc<Builtin>),
    Method(Rc<BoundMethod>),
    Class(Rc<Class>),
    Inst(Rc<Instance>),
    Module(Rc<Module>),
    Gen(Rc<Generator>),
    Cell(Rc<RefCell<Value>>),
    /// Everything implemented natively that is not one of the above: iterators, locks, ...
    Native(NativeRef),
}

/// A Python `str`: immutable UTF-8 with a cached hash and an ASCII flag for O(1) indexing.
pub struct PyStr {
    pub s: String,
    ascii: bool,
    hash: Cell<u64>,
}

impl PyStr {
    pub fn new(s: impl Into<String>) -> PyStr {
        let s: String = s.into();
        let ascii = s.is_ascii();
        PyStr {
            s,
            ascii,
            hash: Cell::new(0),
        }
    }
    pub fn as_str(&self) -> &str {
        &self.s
    }
    /// A copy with its hash already computed, if this one's is (as a forked process has it).
    pub fn copy(&self) -> PyStr {
        PyStr {
            s: self.s.clone(),
            ascii: self.ascii,
            hash: Cell::new(self.hash.get()),
        }
    }
    /// `a + b`, knowing it is ASCII when both are.
    pub fn concat(a: &PyStr, b: &PyStr) -> PyStr {
        let mut s = String::with_capacity(a.s.len() + b.s.len());
        s.push_str(&a.s);
        s.push_str(&b.s);
        PyStr {
            s,
            ascii: a.ascii && b.ascii,
            hash: Cell::new(0),
        }
    }
    /// Append in place (for a string nothing else refers to, as CPython's `s += t` does).
    pub fn push_str(&mut self, t: &str) {
        self.s.push_str(t);
        self.ascii &= t.is_ascii();
        self.hash.set(0);
    }
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }
    /// Length in code points, as `len()` counts.
    pub fn char_len(&self) -> usize {
        if self.ascii {
            self.s.len()
        } else {
            self.s.chars().count()
        }
    }
    /// The code point at index `i` (already normalised to 0..len).
    pub fn char_at(&self, i: usize) -> Option<char> {
        if self.ascii {
            self.s.as_bytes().get(i).map(|&b| b as char)
        } else {
            self.s.chars().nth(i)
        }
    }
    /// Python's string hash (deterministic here: FNV-1a folded into the int hash range).
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != 0 {
            return h as i64;
        }
        let mut x: u64 = 0xcbf29ce484222325;
        for b in self.s.bytes() {
            x ^= b as u64;
            x = x.wrapping_mul(0x100000001b3);
        }
        let mut v = (x >> 2) as i64;
        if v == -1 || v == 0 {
            v = 2;
        }
        self.hash.set(v as u64);
        v
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.s)
    }
}

/// CPython's modulus for numeric hashes (2**61 - 1).
pub const HASH_MODULUS: i64 = (1 << 61) - 1;

/// Python's hash of an int: the value modulo 2**61-1 keeping the sign, -1 becomes -2.
#[inline]
pub fn hash_i64(v: i64) -> i64 {
    let m = HASH_MODULUS;
    // Below the modulus an int is its own hash (but -1, which CPython reserves).
    if v > -m && v < m && v != -1 {
        return v;
    }
    let mut h = (v.unsigned_abs() % (m as u64)) as i64;
    if v < 0 {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Python's hash of a big int.
pub fn hash_bigint(v: &BigInt) -> i64 {
    use num_integer::Integer;
    let m = BigInt::from(HASH_MODULUS);
    let a = num_traits::Signed::abs(v).mod_floor(&m);
    let mut h = a.to_i64().unwrap_or(0);
    if num_traits::Signed::is_negative(v) {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Python's hash of a float (equal to the int hash for integral values).
pub fn hash_f64(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { 314159 } else { -314159 };
    }
    if x.fract() == 0.0 && x.abs() < 9.2e18 {
        return hash_i64(x as i64);
    }
    // CPython's algorithm: reduce the mantissa modulo 2**61-1.
    let (m, e) = frexp(x.abs());
    let mut m = m;
    let mut e = e;
    let mut x_: u64 = 0;
    let modulus = HASH_MODULUS as u64;
    while m != 0.0 {
        x_ = ((x_ << 28) & modulus) | (x_ >> (61 - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x_ += y;
        if x_ >= modulus {
            x_ -= modulus;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    x_ = ((x_ << e) & modulus) | (x_ >> (61 - e));
    let mut h = x_ as i64;
    if x < 0.0 {
        h = -h;
    }
    if h == -1 {
        -2
    } else {
        h
    }
}

fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 {
        return (0.0, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e)
}

impl Clone for Value {
    /// Immediates are copied; a heap value is the same bits with its `Rc`'s count raised.
    #[inline(always)]
    fn clone(&self) -> Value {
        if self.is_heap() {
            self.incref();
        }
        // SAFETY: `Value` has no interior mutability of its own; an immediate is plain data,
        // and a heap value's bits plus the reference just taken are a clone (`Rc::clone` is
        // exactly a count increment and a copy of the pointer).
        unsafe { std::ptr::read(self) }
    }
}

impl Value {
    /// Raise the reference count of a heap value's `Rc` (nothing for an immediate). Every arm
    /// compiles to the same increment of the count the payload word points to, so the match
    /// folds into straight-line code: no out-of-line call and jump table per clone (a fifth of
    /// a `LOAD_FAST self`).
    #[inline(always)]
    fn incref(&self) {
        use Value::*;
        // SAFETY: each pointer comes from a live `Rc` of its own type, which `self` keeps
        // alive; the increment is balanced by the drop of the clone made from it.
        unsafe {
            match self {
                Null | None | Ellipsis | NotImplemented | Bool(_) | Int(_) | Float(_) => {}
                Big(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Str(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Tuple(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                List(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Dict(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Set(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                FrozenSet(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Range(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Slice(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Func(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Builtin(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Method(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Class(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Inst(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Module(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Gen(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Cell(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
                Native(r) => Rc::increment_strong_count(Rc::as_ptr(r)),
            }
        }
    }

    /// The truth of a bool, int or None (none of which runs code to find it), else `None`.
    pub fn plain_truth(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            Value::None => Some(false),
            _ => None,
        }
    }

    /// Whether dropping this value can free something (it holds an `Rc`).
    #[inline(always)]
    pub fn is_heap(&self) -> bool {
        !matches!(
            self,
            Value::Null
                | Value::None
                | Value::Ellipsis
                | Value::NotImplemented
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
        )
    }

    /// Drop a value, skipping the out-of-line drop glue for immediates.
    #[inline(always)]
    pub fn discard(self) {
        if self.is_heap() {
            drop(self)
        } else {
            std::mem::forget(self)
        }
    }

    /// The tag word of `Value::Int` (the layout is fixed by `#[repr(u64)]`; a test checks it).
    pub const INT_TAG: u64 = 5;

    /// Push an int onto a value stack, writing its two words directly: building the value in a
    /// temporary and copying it as one 16-byte load stalls store forwarding.
    #[inline(always)]
    pub fn push_int(stack: &mut Vec<Value>, x: i64) {
        stack.reserve(1);
        // SAFETY: capacity is reserved; `Value` is `#[repr(u64)]` (tag word, then payload), and
        // `Value::Int(x)` is exactly `[INT_TAG, x]`, which `int_tag_layout` checks.
        unsafe {
            let p = stack.as_mut_ptr().add(stack.len()) as *mut u64;
            p.write(Self::INT_TAG);
            p.add(1).write(x as u64);
            stack.set_len(stack.len() + 1);
        }
    }

    /// Push a value onto a value stack as two word-sized stores. A `Value` that was just
    /// written word by word (as a returned or freshly built one is) and then moved with one
    /// 16-byte copy stalls store forwarding. Measured against plain `push`/`pop` in the loop:
    /// fib(35) 1.18 s -> 1.14 s, methods and generators within noise. (The bigger stalls were
    /// the clones that `push_clone` and `Inlined::push` avoid.)
    #[inline(always)]
    pub fn push_words(stack: &mut Vec<Value>, v: Value) {
        stack.reserve(1);
        let v = std::mem::ManuallyDrop::new(v);
        // SAFETY: capacity is reserved; the two words are copied as `MaybeUninit` (a payload
        // narrower than a word leaves bytes uninitialised), and ownership moves to the slot.
        unsafe {
            let src = &*v as *const Value as *const std::mem::MaybeUninit<u64>;
            let dst = stack.as_mut_ptr().add(stack.len()) as *mut std::mem::MaybeUninit<u64>;
            dst.write(src.read());
            dst.add(1).write(src.add(1).read());
            stack.set_len(stack.len() + 1);
        }
    }

    /// Push a clone of `v` by copying its bytes where they lie: cloning into a temporary and
    /// pushing that is the 16-byte copy of just-written words that stalls (see
    /// [`Value::push_words`]). The hot loads (`LOAD_FAST`, `LOAD_CONST`, `LOAD_GLOBAL`) use it.
    #[inline(always)]
    pub fn push_clone(stack: &mut Vec<Value>, v: &Value) {
        if v.is_heap() {
            // take the copy's reference: every heap value is one `Rc`, so a clone is the same
            // bits with the count raised
            v.incref();
        }
        stack.reserve(1);
        // SAFETY: capacity is reserved; the bits of `v` plus the reference taken above are a
        // clone of `v`, owned by the slot.
        unsafe {
            std::ptr::copy_nonoverlapping(v, stack.as_mut_ptr().add(stack.len()), 1);
            stack.set_len(stack.len() + 1);
        }
    }

    /// Push a clone of the stack's own slot `i` (a fast local), as [`Value::push_clone`] does.
    ///
    /// # Safety
    /// `i` must be below `stack.len()` (the loop's fast locals are).
    #[inline(always)]
    pub unsafe fn push_clone_of_slot(stack: &mut Vec<Value>, i: usize) {
        debug_assert!(i < stack.len());
        stack.reserve(1);
        let v = stack.get_unchecked(i);
        if v.is_heap() {
            v.incref();
        }
        // SAFETY: as in `push_clone`; capacity was reserved before `v` was borrowed, so the
        // slot written is spare capacity, not `v`.
        unsafe {
            let p = stack.as_mut_ptr();
            std::ptr::copy_nonoverlapping(p.add(i), p.add(stack.len()), 1);
            stack.set_len(stack.len() + 1);
        }
    }

    /// Shorten a value stack to `len`, dropping what is cut off without the out-of-line drop
    /// glue for immediates (a returning call cuts off its callable slot and locals).
    #[inline(always)]
    pub fn truncate_stack(stack: &mut Vec<Value>, len: usize) {
        let n = stack.len();
        if n <= len {
            return;
        }
        // SAFETY: the slots `len..n` hold values; the length drops first, so each is owned
        // here and dropped once, top first as popping would (a drop cannot reach `stack`).
        unsafe {
            stack.set_len(len);
            let p = stack.as_mut_ptr();
            for i in (len..n).rev() {
                let v = p.add(i);
                if (*v).is_heap() {
                    std::ptr::drop_in_place(v);
                }
            }
        }
    }

    /// Pop the top of a value stack as two word-sized loads (see [`Value::push_words`]).
    /// Panics on an empty stack, which the compiler's stack discipline rules out.
    #[inline(always)]
    pub fn pop_words(stack: &mut Vec<Value>) -> Value {
        let n = stack.len();
        assert!(n > 0, "value stack underflow");
        // SAFETY: the slot holds a value, whose ownership moves out as the length drops.
        unsafe {
            stack.set_len(n - 1);
            let src = stack.as_ptr().add(n - 1) as *const std::mem::MaybeUninit<u64>;
            let mut out = std::mem::MaybeUninit::<Value>::uninit();
            let dst = out.as_mut_ptr() as *mut std::mem::MaybeUninit<u64>;
            dst.write(src.read());
            dst.add(1).write(src.add(1).read());
            out.assume_init()
        }
    }

    /// Wrap a native object.
    pub fn native(obj: impl NativeObj) -> Value {
        Value::Native(Rc::new(Box::new(obj)))
    }

    /// A new `str` value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Rc::new(PyStr::new(s)))
    }
    pub fn tuple(v: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(v))
    }
    pub fn list(v: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(v)))
    }
    /// An int from a BigInt, normalised to `Int` when it fits.
    pub fn from_bigint(b: BigInt) -> Value {
        match b.to_i64() {
            Some(i) => Value::Int(i),
            None => Value::Big(Rc::new(b)),
        }
    }
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
    /// Identity (`is`): same immediate, or same heap object.
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (None, None) | (Ellipsis, Ellipsis) | (NotImplemented, NotImplemented) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b && (-5..=256).contains(a),
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            _ => match (self.ptr(), other.ptr()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }
    /// The address of the heap object, if any (used by `id()` and `is`).
    pub fn ptr(&self) -> Option<usize> {
        use Value::*;
        Some(match self {
            Big(r) => Rc::as_ptr(r) as *const u8 as usize,
            Str(r) => Rc::as_ptr(r) as *const u8 as usize,
            Tuple(r) => Rc::as_ptr(r) as *const u8 as usize,
            List(r) => Rc::as_ptr(r) as *const u8 as usize,
            Dict(r) => Rc::as_ptr(r) as *const u8 as usize,
            Set(r) => Rc::as_ptr(r) as *const u8 as usize,
            FrozenSet(r) => Rc::as_ptr(r) as *const u8 as usize,
            Range(r) => Rc::as_ptr(r) as *const u8 as usize,
            Slice(r) => Rc::as_ptr(r) as *const u8 as usize,
            Func(r) => Rc::as_ptr(r) as *const u8 as usize,
            Builtin(r) => Rc::as_ptr(r) as *const u8 as usize,
            Method(r) => Rc::as_ptr(r) as *const u8 as usize,
            Class(r) => Rc::as_ptr(r) as *const u8 as usize,
            Inst(r) => Rc::as_ptr(r) as *const u8 as usize,
            Module(r) => Rc::as_ptr(r) as *const u8 as usize,
            Gen(r) => Rc::as_ptr(r) as *const u8 as usize,
            Cell(r) => Rc::as_ptr(r) as *const u8 as usize,
            Native(r) => Rc::as_ptr(r) as *const u8 as usize,
            _ => return Option::None,
        })
    }
    /// The string contents if this is a `str`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Ellipsis => write!(f, "Ellipsis"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Big(b) => write!(f, "{b}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Str(s) => write!(f, "{:?}", s.as_str()),
            Value::Tuple(t) => write!(f, "{:?}", &**t),
            Value::List(l) => write!(f, "{:?}", &*l.borrow()),
            Value::Class(c) => write!(f, "<class {}>", c.name().as_str()),
            Value::Func(func) => write!(f, "<function {}>", func.code.name.as_str()),
            _ => write!(f, "<value>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Value;

    #[test]
    fn int_tag_layout() {
        let v = Value::Int(-42);
        // SAFETY: reading the two words of an initialised Int value.
        let words: [u64; 2] = unsafe { std::mem::transmute(v) };
        assert_eq!(words, [Value::INT_TAG, (-42i64) as u64]);
        assert_eq!(std::mem::size_of::<Value>(), 16);
        let mut st = vec![];
        Value::push_int(&mut st, 7);
        assert!(matches!(st[0], Value::Int(7)));
    }
}

//! `_random`: the Mersenne Twister (MT19937) exactly as CPython seeds and draws it, so a seeded
//! program prints what python3 prints. `random.py` builds the distributions on top, as
//! CPython's does; unseeded, the generator starts from the run's `--seed`.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use num_bigint::{BigInt, Sign};

use super::super::call::Kwargs;
use super::super::object::{Class, NativeObj};
use super::super::value::Value;
use super::super::{PyResult, Vm};

const N: usize = 624;
const M: usize = 397;

/// MT19937 state.
#[derive(Clone)]
pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn init_genrand(s: u32) -> Mt {
        let mut state = [0u32; N];
        state[0] = s;
        for i in 1..N {
            state[i] = 1812433253u32
                .wrapping_mul(state[i - 1] ^ (state[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Mt { state, index: N }
    }

    /// CPython's `init_by_array`.
    pub fn from_key(key: &[u32]) -> Mt {
        let mut mt = Mt::init_genrand(19650218);
        let s = &mut mt.state;
        let (mut i, mut j) = (1usize, 0usize);
        let klen = key.len().max(1);
        for _ in 0..N.max(klen) {
            s[i] = (s[i] ^ (s[i - 1] ^ (s[i - 1] >> 30)).wrapping_mul(1664525))
                .wrapping_add(*key.get(j).unwrap_or(&0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                s[0] = s[N - 1];
                i = 1;
            }
            if j >= klen {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            s[i] = (s[i] ^ (s[i - 1] ^ (s[i - 1] >> 30)).wrapping_mul(1566083941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                s[0] = s[N - 1];
                i = 1;
            }
        }
        s[0] = 0x8000_0000;
        mt
    }

    /// Seed from an int as `random.seed(n)` does: the 32-bit words of `abs(n)`.
    pub fn from_int(n: &BigInt) -> Mt {
        let (_, mut words) = n.to_u32_digits();
        if words.is_empty() {
            words.push(0);
        }
        Mt::from_key(&words)
    }

    /// The next 32-bit output.
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & 0x8000_0000) | (self.state[(k + 1) % N] & 0x7fff_ffff);
                let mut v = self.state[(k + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.state[k] = v;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: a float in [0, 1) with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// `getrandbits(k)`.
    pub fn getrandbits(&mut self, k: u64) -> BigInt {
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k as u32));
        }
        let words = k.div_ceil(32) as usize;
        let mut out = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left as u32;
            }
            out.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(Sign::Plus, &out)
    }
}

/// `_random.Random`.
pub struct RandomObj {
    pub mt: RefCell<Mt>,
}

impl NativeObj for RandomObj {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("Random")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    /// The generator's state as it stands (a forked child repeats its parent's numbers).
    fn fork_copy(&self, _c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(RandomObj {
            mt: RefCell::new(self.mt.borrow().clone()),
        }))
    }
}

fn this(vm: &Vm, args: &[Value]) -> PyResult<Rc<Box<dyn NativeObj>>> {
    match args.first() {
        Some(Value::Native(n)) if n.as_any().is::<RandomObj>() => Ok(n.clone()),
        _ => Err(vm.type_error("descriptor requires a '_random.Random' object")),
    }
}

fn seed_of(vm: &mut Vm, v: Option<&Value>) -> PyResult<Mt> {
    Ok(match v {
        None | Some(Value::None) => Mt::from_int(&BigInt::from(vm.interp.seed)),
        Some(Value::Int(i)) => Mt::from_int(&BigInt::from(*i)),
        Some(Value::Bool(b)) => Mt::from_int(&BigInt::from(*b as i64)),
        Some(Value::Big(b)) => Mt::from_int(b),
        Some(other) => {
            // CPython hashes str/bytes seeds with SHA-512; gilsim uses the value's hash
            let h = vm.hash(other)?;
            Mt::from_int(&BigInt::from(h))
        }
    })
}

fn new_random(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let mt = seed_of(vm, args.first())?;
    Ok(Value::native(RandomObj {
        mt: RefCell::new(mt),
    }))
}

fn r_seed(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let me = this(vm, args)?;
    let mt = seed_of(vm, args.get(1))?;
    *me.as_any()
        .downcast_ref::<RandomObj>()
        .unwrap()
        .mt
        .borrow_mut() = mt;
    Ok(Value::None)
}

fn r_random(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let me = this(vm, args)?;
    let x = me
        .as_any()
        .downcast_ref::<RandomObj>()
        .unwrap()
        .mt
        .borrow_mut()
        .random();
    Ok(Value::Float(x))
}

fn r_getrandbits(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let me = this(vm, args)?;
    let k = match args.get(1) {
        Some(v) => vm.index_of(v)?,
        None => return Err(vm.type_error("getrandbits() takes exactly one argument (0 given)")),
    };
    if k < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(Value::Int(0));
    }
    let b = me
        .as_any()
        .downcast_ref::<RandomObj>()
        .unwrap()
        .mt
        .borrow_mut()
        .getrandbits(k as u64);
    Ok(Value::from_bigint(b))
}

fn r_getstate(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let me = this(vm, args)?;
    let mt = me
        .as_any()
        .downcast_ref::<RandomObj>()
        .unwrap()
        .mt
        .borrow()
        .clone();
    let mut items: Vec<Value> = mt.state.iter().map(|w| Value::Int(*w as i64)).collect();
    items.push(Value::Int(mt.index as i64));
    Ok(Value::tuple(items))
}

fn r_setstate(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let me = this(vm, args)?;
    let items = match args.get(1) {
        Some(v) => vm.collect(v)?,
        None => return Err(vm.type_error("setstate() takes exactly one argument")),
    };
    if items.len() != N + 1 {
        return Err(vm.value_error("state vector is the wrong size"));
    }
    let mut mt = Mt::init_genrand(0);
    for (i, it) in items.iter().take(N).enumerate() {
        mt.state[i] = vm.index_of(it)? as u32;
    }
    mt.index = (vm.index_of(&items[N])? as usize).min(N);
    *me.as_any()
        .downcast_ref::<RandomObj>()
        .unwrap()
        .mt
        .borrow_mut() = mt;
    Ok(Value::None)
}

/// The `_random` module.
pub fn make(vm: &mut Vm) -> Value {
    let cls = vm.t().native("Random");
    *cls.module.borrow_mut() = Value::str("_random");
    use super::super::types::add_method;
    add_method(&cls, "seed", r_seed);
    add_method(&cls, "random", r_random);
    add_method(&cls, "getrandbits", r_getrandbits);
    add_method(&cls, "getstate", r_getstate);
    add_method(&cls, "setstate", r_setstate);
    super::module("_random", &[("new", new_random)], vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden values from CPython 3.11.7 (`random.seed(n); random.getrandbits(32) ...`).
    #[test]
    fn matches_cpython() {
        let mut mt = Mt::from_int(&BigInt::from(42));
        assert_eq!(
            [mt.next_u32(), mt.next_u32(), mt.next_u32()],
            [2746317213, 478163327, 107420369]
        );
        assert_eq!(mt.random(), 0.7415504997598329);
        assert_eq!(Mt::from_int(&BigInt::from(0)).random(), 0.8444218515250481);
        assert_eq!(
            Mt::from_int(&(BigInt::from(1u64 << 40) + 3)).random(),
            0.21978710637116716
        );
        assert_eq!(Mt::from_int(&BigInt::from(-5)).random(), 0.6229016948897019);
    }
}

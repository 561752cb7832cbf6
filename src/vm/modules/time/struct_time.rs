//! `time.struct_time`: CPython's structseq, a tuple subclass of the nine visible fields
//! (`tm_year` .. `tm_isdst`) with two more as attributes only (`tm_zone`, `tm_gmtoff`).
//!
//! The class is made natively, and only when first needed (a lazy attribute of the module:
//! `time.struct_time`, or the first `gmtime()`/`localtime()`), not from a bundled Python
//! module, which would cost decoding and running a class body. It is a class as a `class`
//! statement makes one (`is_user`), as CPython's is a heap type: its instances carry their
//! tuple as any tuple subclass's do, so indexing, slicing, unpacking, comparison and hashing
//! are the tuple's. The two hidden fields are stored as the instance's own attributes, read
//! through read-only properties; the class allows no other attribute and cannot be derived
//! from, as in CPython.

use std::cell::RefCell;
use std::rc::Rc;

use crate::vm::call::Kwargs;
use crate::vm::dict::DictData;
use crate::vm::object::{Builtin, Class, Kind, NativeFn, Property, StaticMethod};
use crate::vm::value::{PyStr, Value};
use crate::vm::{PyResult, Vm};

/// The visible fields, in tuple order.
pub const FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// The fields that are attributes only.
const HIDDEN: [&str; 2] = ["tm_zone", "tm_gmtoff"];

const DOC: &str = "The time value as returned by gmtime(), localtime(), and strptime(), and\n \
accepted by asctime(), mktime() and strftime().  May be considered as a\n \
sequence of 9 integers.\n\n \
Note that several fields' values are not the same as those defined by\n \
the C language standard for struct tm.  For example, the value of the\n \
field tm_year is the actual year, not year - 1900.  See individual\n \
fields' descriptions for details.";

fn builtin(name: &'static str, f: NativeFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name,
        owner: Some("struct_time"),
        f,
        data: Value::None,
    }))
}

/// The tuple an instance of (a subclass of) `struct_time` carries.
fn items_of(vm: &Vm, v: Option<&Value>) -> PyResult<Rc<Vec<Value>>> {
    match v.and_then(|v| vm.unwrap_base(v)) {
        Some(Value::Tuple(t)) => Ok(t),
        _ => Err(vm.type_error("descriptor requires a 'time.struct_time' object")),
    }
}

/// A hidden field of an instance (`None` when it was never set).
fn hidden_of(v: Option<&Value>, name: &str) -> Value {
    match v {
        Some(Value::Inst(i)) => i.get_attr_str(name).unwrap_or(Value::None),
        _ => Value::None,
    }
}

macro_rules! field_getters {
    ($($name:ident = $i:expr),*) => {
        $(fn $name(vm: &mut Vm, a: &[Value], _k: Kwargs) -> PyResult {
            Ok(items_of(vm, a.first())?.get($i).cloned().unwrap_or(Value::None))
        })*
    };
}

field_getters!(
    get0 = 0,
    get1 = 1,
    get2 = 2,
    get3 = 3,
    get4 = 4,
    get5 = 5,
    get6 = 6,
    get7 = 7,
    get8 = 8
);

const GETTERS: [NativeFn; 9] = [get0, get1, get2, get3, get4, get5, get6, get7, get8];

fn get_zone(_vm: &mut Vm, a: &[Value], _k: Kwargs) -> PyResult {
    Ok(hidden_of(a.first(), "tm_zone"))
}

fn get_gmtoff(_vm: &mut Vm, a: &[Value], _k: Kwargs) -> PyResult {
    Ok(hidden_of(a.first(), "tm_gmtoff"))
}

/// The setter and deleter of every field: structseq fields are read-only.
fn readonly(vm: &mut Vm, _a: &[Value], _k: Kwargs) -> PyResult {
    Err(vm.attribute_error("readonly attribute"))
}

/// Whether `cls` is `time.struct_time`, which CPython does not let a class derive from.
pub fn is_final(cls: &Rc<Class>) -> bool {
    cls.kind == Kind::Tuple && cls.is_user && is_ours(cls)
}

/// Whether `cls` is named `struct_time` in the module `time`.
fn is_ours(cls: &Rc<Class>) -> bool {
    cls.name().as_str() == "struct_time"
        && matches!(&*cls.module.borrow(), Value::Str(m) if m.as_str() == "time")
}

/// The name CPython's messages give the class (its `tp_name`).
fn tp_name(cls: &Rc<Class>) -> String {
    if is_ours(cls) {
        "time.struct_time".to_string()
    } else {
        cls.name().as_str().to_string()
    }
}

/// `struct_time.__new__(cls, sequence, dict=None)`.
fn new(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let cls = match args.first() {
        Some(Value::Class(c)) => c.clone(),
        Some(other) => {
            return Err(vm.type_error(format!(
                "time.struct_time.__new__(X): X is not a type object ({})",
                vm.type_of(other).name().as_str()
            )))
        }
        None => return Err(vm.type_error("time.struct_time.__new__(): not enough arguments")),
    };
    if !cls.lookup_order().any(is_ours) {
        let name = cls.name();
        return Err(vm.type_error(format!(
            "time.struct_time.__new__({0}): {0} is not a subtype of time.struct_time",
            name.as_str()
        )));
    }
    let pos = &args[1..];
    if pos.len() + kw.len() > 2 {
        return Err(vm.type_error(format!(
            "structseq() takes at most 2 arguments ({} given)",
            pos.len() + kw.len()
        )));
    }
    // as Argument Clinic unpacks `(sequence, dict=None)`: each parameter in order, then any
    // keyword left over
    let mut params = [pos.first().cloned(), pos.get(1).cloned()];
    for (i, name) in ["sequence", "dict"].iter().enumerate() {
        let by_name = kw.iter().find(|(k, _)| k.as_str() == *name);
        match (&params[i], by_name) {
            (Some(_), Some(_)) => {
                return Err(vm.type_error(format!(
                    "argument for structseq() given by name ('{name}') and position ({})",
                    i + 1
                )))
            }
            (None, Some((_, v))) => params[i] = Some(v.clone()),
            (None, None) if i == 0 => {
                return Err(
                    vm.type_error("structseq() missing required argument 'sequence' (pos 1)")
                )
            }
            _ => {}
        }
    }
    if let Some((k, _)) = kw
        .iter()
        .find(|(k, _)| !matches!(k.as_str(), "sequence" | "dict"))
    {
        return Err(vm.type_error(format!(
            "'{}' is an invalid keyword argument for structseq()",
            k.as_str()
        )));
    }
    let [seq, dict] = params;
    let seq = seq.unwrap_or(Value::None);
    let items = match &seq {
        Value::Tuple(t) => (**t).clone(),
        Value::List(l) => l.borrow().clone(),
        _ => {
            let it = match vm.iter(&seq) {
                Ok(it) => it,
                Err(e) if e.matches(&vm.t().exc.type_error.clone()) => {
                    return Err(vm.type_error("constructor requires a sequence"))
                }
                Err(e) => return Err(e),
            };
            vm.collect(&it)?
        }
    };
    let dict = match dict {
        None => None,
        Some(d) => match vm.unwrap_base(&d).unwrap_or(d) {
            Value::Dict(d) => Some(d),
            _ => {
                return Err(vm.type_error(format!(
                    "{}() takes a dict as second arg, if any",
                    tp_name(&cls)
                )))
            }
        },
    };
    let n = items.len();
    if n < FIELDS.len() {
        return Err(vm.type_error(format!(
            "{}() takes an at least {}-sequence ({n}-sequence given)",
            tp_name(&cls),
            FIELDS.len()
        )));
    }
    if n > FIELDS.len() + HIDDEN.len() {
        return Err(vm.type_error(format!(
            "{}() takes an at most {}-sequence ({n}-sequence given)",
            tp_name(&cls),
            FIELDS.len() + HIDDEN.len()
        )));
    }
    let mut hidden = [Value::None, Value::None];
    for (i, name) in HIDDEN.iter().enumerate() {
        if let Some(v) = items.get(FIELDS.len() + i) {
            hidden[i] = v.clone();
        } else if let Some(d) = &dict {
            let found = d.borrow().get_str(name);
            if let Some(v) = found {
                hidden[i] = v;
            }
        }
    }
    let [zone, gmtoff] = hidden;
    let mut visible = items;
    visible.truncate(FIELDS.len());
    Ok(instance(vm, &cls, visible, zone, gmtoff))
}

/// A `struct_time` (or an instance of a subclass) of nine items and the two hidden fields.
pub fn instance(vm: &Vm, cls: &Rc<Class>, items: Vec<Value>, zone: Value, gmtoff: Value) -> Value {
    let obj = vm.new_instance(cls);
    if let Value::Inst(i) = &obj {
        *i.base.borrow_mut() = Value::tuple(items);
        i.set_attr_str(HIDDEN[0], zone);
        i.set_attr_str(HIDDEN[1], gmtoff);
    }
    obj
}

/// `repr(t)`: `time.struct_time(tm_year=1970, ..., tm_isdst=0)`.
fn repr(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let items = items_of(vm, args.first())?;
    let cls = vm.type_of(&args[0]);
    let mut out = format!("{}(", tp_name(&cls));
    for (i, (name, v)) in FIELDS.iter().zip(items.iter()).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push('=');
        out.push_str(&vm.repr_string(v)?);
    }
    out.push(')');
    Ok(Value::str(out))
}

/// `t.__reduce__()`: `(type(t), (the nine items, {'tm_zone': ..., 'tm_gmtoff': ...}))`.
fn reduce(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let items = items_of(vm, args.first())?;
    let mut d = DictData::new();
    for name in HIDDEN {
        d.set_str(name, hidden_of(args.first(), name));
    }
    let cls = Value::Class(vm.type_of(&args[0]));
    let state = Value::tuple(vec![
        Value::Tuple(items),
        Value::Dict(Rc::new(RefCell::new(d))),
    ]);
    Ok(Value::tuple(vec![cls, state]))
}

/// A read-only property whose getter is `get`.
fn field(get: NativeFn, name: &'static str, ro: &Value) -> Value {
    Value::native(Property {
        fget: builtin(name, get),
        fset: ro.clone(),
        fdel: ro.clone(),
        doc: Value::None,
    })
}

/// The class `time.struct_time`, deriving from `vm`'s `tuple`.
pub fn make_class(vm: &Vm) -> Rc<Class> {
    let tuple = vm.t().tuple.clone();
    let mut mro = vec![tuple.clone()];
    mro.extend(tuple.mro.iter().cloned());
    let mut d = DictData::new();
    d.set_str(
        "__new__",
        Value::native(StaticMethod(builtin("__new__", new))),
    );
    d.set_str("__repr__", builtin("__repr__", repr));
    d.set_str("__reduce__", builtin("__reduce__", reduce));
    let ro = builtin("readonly", readonly);
    for (name, get) in FIELDS.iter().zip(GETTERS) {
        d.set_str(name, field(get, name, &ro));
    }
    d.set_str(HIDDEN[0], field(get_zone, HIDDEN[0], &ro));
    d.set_str(HIDDEN[1], field(get_gmtoff, HIDDEN[1], &ro));
    d.set_str("__doc__", Value::str(DOC));
    d.set_str("__module__", Value::str("time"));
    d.set_str("n_sequence_fields", Value::Int(FIELDS.len() as i64));
    d.set_str("n_fields", Value::Int((FIELDS.len() + HIDDEN.len()) as i64));
    d.set_str("n_unnamed_fields", Value::Int(0));
    d.set_str(
        "__match_args__",
        Value::tuple(FIELDS.iter().map(|f| Value::str(*f)).collect()),
    );
    let name = Rc::new(PyStr::new("struct_time"));
    let cls = Rc::new(Class {
        name: RefCell::new(name.clone()),
        qualname: RefCell::new(name),
        module: RefCell::new(Value::str("time")),
        bases: vec![tuple],
        mro,
        dict: RefCell::new(d),
        kind: Kind::Tuple,
        is_user: true,
        attr_cache: Default::default(),
        shape: Default::default(),
    });
    // no `__dict__`: the hidden fields are the only attributes its instances have
    cls.shape
        .set_slots(HIDDEN.iter().map(|s| s.to_string()).collect());
    cls
}

/// `time.struct_time` as the `time` module holds it (CPython keeps it in the module's state;
/// gilsim finds it in the module's namespace, which a fork copies with everything else).
pub fn module_class(vm: &Vm) -> Option<Rc<Class>> {
    let m = vm.interp.modules.borrow().get_str("time");
    let Some(Value::Module(m)) = m else {
        return None;
    };
    m.materialize(vm);
    let found = m.dict.borrow().get_str("struct_time");
    match found {
        Some(Value::Class(c)) if c.kind == Kind::Tuple => Some(c),
        _ => None,
    }
}

/// The class `gmtime()` and `localtime()` make: [`module_class`], or a new one if the module's
/// was replaced by something else.
pub fn class_of_module(vm: &Vm) -> Rc<Class> {
    module_class(vm).unwrap_or_else(|| make_class(vm))
}

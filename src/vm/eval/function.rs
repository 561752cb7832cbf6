//! Function objects: `MakeFunction` builds one from its code and the defaults, annotations
//! and closure the compiler left on the stack; and the bare instance of a user class.

use std::cell::RefCell;
use std::rc::Rc;

use super::super::dict::DictData;
use super::super::object::Instance;
use super::super::value::Value;
use super::super::Vm;
use super::pop;
use crate::lang::bytecode::{make_flags, Code};

impl Vm {
    /// `MakeFunction`: `flags` say which of closure, annotations, keyword defaults and
    /// defaults are on the stack (pushed in that order from the bottom up, so popped in
    /// reverse).
    pub(super) fn make_function_from_stack(
        &mut self,
        stack: &mut Vec<Value>,
        code: Rc<Code>,
        globals: &Rc<RefCell<DictData>>,
        flags: u8,
    ) -> Value {
        let mut take = |flag: u8| (flags & flag != 0).then(|| pop(stack));
        let closure = take(make_flags::CLOSURE);
        let annotations = take(make_flags::ANNOTATIONS);
        let kwdefaults = take(make_flags::KWDEFAULTS);
        let defaults = take(make_flags::DEFAULTS);
        self.make_function(code, globals, defaults, kwdefaults, annotations, closure)
    }

    /// Build a function object.
    pub fn make_function(
        &mut self,
        code: Rc<Code>,
        globals: &Rc<RefCell<DictData>>,
        defaults: Option<Value>,
        kwdefaults: Option<Value>,
        annotations: Option<Value>,
        closure: Option<Value>,
    ) -> Value {
        let defaults = match defaults {
            Some(Value::Tuple(t)) => t.to_vec(),
            _ => vec![],
        };
        let kwdefaults = match kwdefaults {
            Some(Value::Dict(d)) => d
                .borrow()
                .iter()
                .filter_map(|(k, v)| match k {
                    Value::Str(s) => Some((s.clone(), v.clone())),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        let closure = match closure {
            Some(Value::Tuple(t)) => t
                .iter()
                .filter_map(|c| match c {
                    Value::Cell(c) => Some(c.clone()),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        let mut dict = DictData::new();
        if let Some(a) = annotations {
            dict.set_str("__annotations__", a);
        }
        let module = globals.borrow().get_str("__name__").unwrap_or(Value::None);
        let doc = code
            .docstring
            .clone()
            .map(Value::Str)
            .unwrap_or(Value::None);
        Value::Func(Rc::new(super::super::object::Function {
            name: RefCell::new(code.name.clone()),
            qualname: RefCell::new(code.qualname.clone()),
            code,
            globals: globals.clone(),
            defaults,
            kwdefaults,
            closure,
            dict: RefCell::new(dict),
            doc: RefCell::new(doc),
            module,
        }))
    }

    /// An instance of a user class with a fresh attribute dict.
    pub fn new_instance(&self, cls: &Rc<super::super::object::Class>) -> Value {
        let exc = if cls.kind == super::super::object::Kind::Exception {
            Some(RefCell::new(super::super::exc::ExcData::default()))
        } else {
            None
        };
        Value::Inst(Rc::new(Instance::new(cls, exc)))
    }
}

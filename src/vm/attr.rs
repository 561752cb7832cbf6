//! Attribute access: instances, classes (with descriptors: property, staticmethod,
//! classmethod), modules, functions, exceptions, `super()` and builtin values.

use std::rc::Rc;

use super::object::{BoundMethod, Class, ClassMethod, Property, StaticMethod, Super};
use super::value::{PyStr, Value};
use super::{PyResult, Vm};

pub(super) fn bind(self_: Value, func: Value) -> Value {
    Value::Method(Rc::new(BoundMethod { self_, func }))
}

/// Downcast a native value to a concrete type.
pub fn native_as<T: 'static>(v: &Value) -> Option<&T> {
    match v {
        Value::Native(n) => n.as_any().downcast_ref::<T>(),
        _ => None,
    }
}

impl Vm {
    /// `obj.name`.
    pub fn getattr(&mut self, obj: &Value, name: &PyStr) -> PyResult {
        match self.getattr_opt(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.no_attribute(obj, name.as_str())),
        }
    }

    #[cold]
    pub fn no_attribute(&self, obj: &Value, name: &str) -> super::PyErr {
        match obj {
            Value::Class(c) => self.attribute_error(format!(
                "type object '{}' has no attribute '{}'",
                c.name().as_str(),
                name
            )),
            Value::Module(m) => self.attribute_error(format!(
                "module '{}' has no attribute '{}'",
                m.name.as_str(),
                name
            )),
            _ => {
                // a builtin type of a module other than `builtins` is named with its module
                // (`'_io.BufferedReader' object has no attribute 'x'`), as C types are
                let cls = self.type_of(obj);
                let mut tname = cls.name().as_str().to_string();
                if !cls.is_user && matches!(obj, Value::Native(_)) {
                    if let Value::Str(m) = &*cls.module.borrow() {
                        if m.as_str() != "builtins" {
                            tname = format!("{}.{tname}", m.as_str());
                        }
                    }
                }
                self.attribute_error(format!("'{tname}' object has no attribute '{name}'"))
            }
        }
    }

    /// `obj.name` for an interned name (the `LoadAttr` path): instance attributes and methods
    /// go through the class's lookup cache.
    pub fn getattr_interned(&mut self, obj: &Value, name: &Rc<PyStr>) -> PyResult {
        if let Value::Inst(inst) = obj {
            let cls = inst.class();
            let cls_attr = cls.lookup_cached(name);
            let is_property =
                matches!(&cls_attr, Some(Value::Native(p)) if p.as_any().is::<Property>());
            if !is_property && inst.exc.is_none() {
                if let Some(v) = inst.get_attr(name.as_str(), name.hash()) {
                    return Ok(v);
                }
                if let Some(v) = cls_attr {
                    return Ok(self.bind_class_attr(v, obj, &cls));
                }
            }
        }
        self.getattr(obj, name)
    }

    /// `obj.name`, or `None` when there is no such attribute.
    pub fn getattr_opt(&mut self, obj: &Value, name: &PyStr) -> PyResult<Option<Value>> {
        let n = name.as_str();
        match obj {
            Value::Inst(inst) => {
                let cls = inst.class();
                let cls_attr = cls.lookup(n);
                if let Some(Value::Native(p)) = &cls_attr {
                    if let Some(prop) = p.as_any().downcast_ref::<Property>() {
                        if prop.fget.is_none() {
                            return Err(self.attribute_error(format!(
                                "property '{}' of '{}' object has no getter",
                                n,
                                cls.name().as_str()
                            )));
                        }
                        let g = prop.fget.clone();
                        return self.call(&g, &[obj.clone()], &[]).map(Some);
                    }
                }
                if let Some(v) = inst.get_attr(n, name.hash()) {
                    return Ok(Some(v));
                }
                if let Some(exc) = &inst.exc {
                    let d = exc.borrow();
                    match n {
                        "args" => return Ok(Some(d.args.clone())),
                        "__cause__" => return Ok(Some(d.cause.clone())),
                        "__context__" => return Ok(Some(d.context.clone())),
                        "__suppress_context__" => return Ok(Some(Value::Bool(d.suppress_context))),
                        "__traceback__" => return Ok(Some(Value::None)),
                        "value" | "code" => {
                            let first = match &d.args {
                                Value::Tuple(t) => t.first().cloned().unwrap_or(Value::None),
                                _ => Value::None,
                            };
                            let (si, se) = (
                                self.t().exc.stop_iteration.clone(),
                                self.t().exc.system_exit.clone(),
                            );
                            let c = inst.class();
                            if (n == "value" && c.is_subclass(&si))
                                || (n == "code" && c.is_subclass(&se))
                            {
                                return Ok(Some(first));
                            }
                        }
                        _ => {}
                    }
                }
                match cls_attr {
                    Some(v) => Ok(Some(self.bind_class_attr(v, obj, &cls))),
                    None => match n {
                        "__class__" => Ok(Some(Value::Class(cls))),
                        // a class with `__slots__` all along its MRO gives no `__dict__`
                        "__dict__" if cls.slot_names().is_none() => {
                            Ok(Some(self.instance_dict(inst)))
                        }
                        _ => {
                            if let Some(ga) = cls.lookup("__getattr__") {
                                let r = self.call(
                                    &ga,
                                    &[obj.clone(), Value::Str(Rc::new(PyStr::new(n)))],
                                    &[],
                                );
                                return r.map(Some);
                            }
                            Ok(None)
                        }
                    },
                }
            }
            Value::Class(c) => self.class_getattr(c, n),
            Value::Module(m) => {
                if let Some(v) = m.dict.borrow().get_pystr(name) {
                    return Ok(Some(v));
                }
                if m.lazy.get().is_some() {
                    m.materialize(self);
                    if let Some(v) = m.dict.borrow().get_pystr(name) {
                        return Ok(Some(v));
                    }
                }
                Ok(match n {
                    "__dict__" => Some(Value::Dict(m.dict.clone())),
                    _ => None,
                })
            }
            Value::Func(f) => {
                if let Some(v) = f.dict.borrow().get_pystr(name) {
                    return Ok(Some(v));
                }
                Ok(Some(match n {
                    "__name__" => Value::Str(f.name.borrow().clone()),
                    "__qualname__" => Value::Str(f.qualname.borrow().clone()),
                    "__doc__" => f.doc.borrow().clone(),
                    "__module__" => f.module.clone(),
                    "__defaults__" => {
                        if f.defaults.is_empty() {
                            Value::None
                        } else {
                            Value::tuple(f.defaults.clone())
                        }
                    }
                    "__annotations__" => {
                        let d = Value::Dict(Rc::new(std::cell::RefCell::new(
                            super::dict::DictData::new(),
                        )));
                        f.dict.borrow_mut().set_str("__annotations__", d.clone());
                        d
                    }
                    "__dict__" => self.func_dict(f),
                    "__globals__" => Value::Dict(f.globals.clone()),
                    "__code__" => Value::native(super::coro::CodeView(f.code.clone())),
                    "__class__" => Value::Class(self.t().function.clone()),
                    _ => return self.type_attr(obj, name),
                }))
            }
            Value::Method(m) => Ok(Some(match n {
                "__self__" => m.self_.clone(),
                "__func__" => m.func.clone(),
                _ => return self.getattr_opt(&m.func.clone(), name),
            })),
            Value::Builtin(b) => Ok(Some(match n {
                "__name__" | "__qualname__" => Value::str(b.name),
                "__doc__" => Value::None,
                "__self__" => b.data.clone(),
                _ => return self.type_attr(obj, name),
            })),
            Value::Native(nat) => {
                if let Some(sup) = nat.as_any().downcast_ref::<Super>() {
                    return self.super_getattr(sup, n);
                }
                if let Some(v) = nat.clone().getattr(self, n)? {
                    return Ok(Some(v));
                }
                self.type_attr(obj, name)
            }
            Value::Range(r) => Ok(Some(match n {
                "start" => Value::Int(r.start),
                "stop" => Value::Int(r.stop),
                "step" => Value::Int(r.step),
                _ => return self.type_attr(obj, name),
            })),
            Value::Slice(sl) => Ok(Some(match n {
                "start" => sl.start.clone(),
                "stop" => sl.stop.clone(),
                "step" => sl.step.clone(),
                _ => return self.type_attr(obj, name),
            })),
            Value::Gen(g) => Ok(Some(match n {
                "__name__" => Value::Str(g.name.clone()),
                "__qualname__" => Value::Str(g.qualname.clone()),
                _ => match super::coro::generator_attr(g, n) {
                    Some(v) => v,
                    None => return self.type_attr(obj, name),
                },
            })),
            _ => self.type_attr(obj, name),
        }
    }

    /// Attributes found on the value's class (methods of builtin types).
    fn type_attr(&mut self, obj: &Value, name: &PyStr) -> PyResult<Option<Value>> {
        let cls = self.type_of(obj);
        match cls.lookup(name.as_str()) {
            Some(v) => Ok(Some(self.bind_class_attr(v, obj, &cls))),
            None => Ok(match name.as_str() {
                "__class__" => Some(Value::Class(cls)),
                "__doc__" => Some(Value::None),
                _ => None,
            }),
        }
    }

    /// Bind a class attribute found for `obj` (descriptors applied).
    fn bind_class_attr(&mut self, v: Value, obj: &Value, cls: &Rc<Class>) -> Value {
        match &v {
            Value::Func(_) | Value::Builtin(_) => bind(obj.clone(), v),
            Value::Native(n) => {
                if let Some(s) = n.as_any().downcast_ref::<StaticMethod>() {
                    s.0.clone()
                } else if let Some(c) = n.as_any().downcast_ref::<ClassMethod>() {
                    bind(Value::Class(cls.clone()), c.0.clone())
                } else {
                    v
                }
            }
            _ => v,
        }
    }

    fn class_getattr(&mut self, c: &Rc<Class>, n: &str) -> PyResult<Option<Value>> {
        match n {
            "__name__" => return Ok(Some(Value::Str(c.name()))),
            "__qualname__" => return Ok(Some(Value::Str(c.qualname.borrow().clone()))),
            "__mro__" => {
                let mut v = vec![Value::Class(c.clone())];
                v.extend(c.mro.iter().map(|x| Value::Class(x.clone())));
                return Ok(Some(Value::tuple(v)));
            }
            "__bases__" => {
                return Ok(Some(Value::tuple(
                    c.bases.iter().map(|x| Value::Class(x.clone())).collect(),
                )))
            }
            "__base__" => {
                return Ok(Some(
                    c.bases
                        .first()
                        .map(|b| Value::Class(b.clone()))
                        .unwrap_or(Value::None),
                ))
            }
            "__dict__" => {
                return Ok(Some(Value::Dict(Rc::new(std::cell::RefCell::new(
                    c.dict.borrow().clone(),
                )))))
            }
            "__module__" => {
                if let Some(v) = c.dict.borrow().get_str("__module__") {
                    return Ok(Some(v));
                }
                return Ok(Some(c.module.borrow().clone()));
            }
            "__class__" => return Ok(Some(Value::Class(self.t().type_.clone()))),
            _ => {}
        }
        match c.lookup(n) {
            Some(v) => Ok(Some(match &v {
                Value::Native(nat) => {
                    if let Some(s) = nat.as_any().downcast_ref::<StaticMethod>() {
                        s.0.clone()
                    } else if let Some(cm) = nat.as_any().downcast_ref::<ClassMethod>() {
                        bind(Value::Class(c.clone()), cm.0.clone())
                    } else {
                        v
                    }
                }
                _ => v,
            })),
            None => {
                if n == "__doc__" {
                    return Ok(Some(Value::None));
                }
                // methods of `type` itself
                let t = self.t().type_.clone();
                let found = t.dict.borrow().get_str(n);
                match found {
                    Some(v @ Value::Builtin(_)) => Ok(Some(bind(Value::Class(c.clone()), v))),
                    _ => Ok(None),
                }
            }
        }
    }

    fn super_getattr(&mut self, sup: &Super, n: &str) -> PyResult<Option<Value>> {
        let start_cls = match &sup.obj {
            Value::Class(c) => c.clone(),
            other => self.type_of(other),
        };
        let order: Vec<Rc<Class>> = start_cls.lookup_order().cloned().collect();
        let pos = order
            .iter()
            .position(|c| Rc::ptr_eq(c, &sup.class))
            .map(|p| p + 1)
            .unwrap_or(order.len());
        for c in &order[pos..] {
            let found = c.dict.borrow().get_str(n);
            if let Some(v) = found {
                return Ok(Some(match &v {
                    Value::Func(_) | Value::Builtin(_) => {
                        if let Value::Class(_) = sup.obj {
                            if n == "__new__" {
                                v
                            } else {
                                bind(sup.obj.clone(), v)
                            }
                        } else if n == "__new__" {
                            v
                        } else {
                            bind(sup.obj.clone(), v)
                        }
                    }
                    Value::Native(nat) => {
                        if let Some(s) = nat.as_any().downcast_ref::<StaticMethod>() {
                            s.0.clone()
                        } else if let Some(cm) = nat.as_any().downcast_ref::<ClassMethod>() {
                            let cls = match &sup.obj {
                                Value::Class(c) => c.clone(),
                                o => self.type_of(o),
                            };
                            bind(Value::Class(cls), cm.0.clone())
                        } else if let Some(p) = nat.as_any().downcast_ref::<Property>() {
                            let g = p.fget.clone();
                            return self.call(&g, &[sup.obj.clone()], &[]).map(Some);
                        } else {
                            v
                        }
                    }
                    _ => v,
                }));
            }
        }
        Ok(None)
    }

    fn instance_dict(&mut self, inst: &Rc<super::object::Instance>) -> Value {
        // a live view is not needed by the subset: a copy that writes back is enough for vars()
        Value::Dict(Rc::new(std::cell::RefCell::new(inst.attrs_dict())))
    }

    fn func_dict(&mut self, f: &Rc<super::object::Function>) -> Value {
        Value::Dict(Rc::new(std::cell::RefCell::new(f.dict.borrow().clone())))
    }

    /// `obj.name = v` for an interned name (the `StoreAttr` path).
    pub fn setattr_interned(&mut self, obj: &Value, name: &Rc<PyStr>, v: Value) -> PyResult<()> {
        if let Value::Inst(inst) = obj {
            let cls = inst.class();
            let hook = cls.lookup_cached(&self.interp.names.setattr.clone());
            let plain_hook = !matches!(hook, Some(Value::Func(_)));
            let descr = matches!(cls.lookup_cached(name), Some(Value::Native(_)));
            if plain_hook && !descr && inst.exc.is_none() && name.as_str() != "__class__" {
                if !cls.allows_attr(name.as_str()) {
                    return Err(self.no_slot_for(&cls, name.as_str()));
                }
                inst.set_attr(name, v);
                return Ok(());
            }
        }
        self.setattr(obj, name, v)
    }

    /// The error for setting `name` on an instance of `cls` whose `__slots__` lack it.
    #[cold]
    pub(super) fn no_slot_for(&self, cls: &Class, name: &str) -> super::PyErr {
        self.attribute_error(format!(
            "'{}' object has no attribute '{}'",
            cls.name().as_str(),
            name
        ))
    }

    /// `obj.name = v`.
    pub fn setattr(&mut self, obj: &Value, name: &PyStr, v: Value) -> PyResult<()> {
        if let Value::Inst(inst) = obj {
            let cls = inst.class();
            if cls.is_user {
                if let Some(sa) = cls.lookup("__setattr__") {
                    if let Value::Func(_) = sa {
                        self.call(
                            &sa,
                            &[
                                obj.clone(),
                                Value::Str(Rc::new(PyStr::new(name.as_str()))),
                                v,
                            ],
                            &[],
                        )?;
                        return Ok(());
                    }
                }
            }
        }
        self.generic_setattr(obj, name, v)
    }

    /// `object.__setattr__`: properties and the instance dict, no user hook.
    pub fn generic_setattr(&mut self, obj: &Value, name: &PyStr, v: Value) -> PyResult<()> {
        let n = name.as_str();
        match obj {
            Value::Inst(inst) => {
                let cls = inst.class();
                if let Some(Value::Native(p)) = cls.lookup(n) {
                    if let Some(prop) = p.as_any().downcast_ref::<Property>() {
                        if prop.fset.is_none() {
                            return Err(self.attribute_error(format!(
                                "property '{}' of '{}' object has no setter",
                                n,
                                cls.name().as_str()
                            )));
                        }
                        let s = prop.fset.clone();
                        self.call(&s, &[obj.clone(), v], &[])?;
                        return Ok(());
                    }
                }
                if let Some(exc) = &inst.exc {
                    let mut d = exc.borrow_mut();
                    match n {
                        "__cause__" => {
                            d.cause = v;
                            d.suppress_context = true;
                            return Ok(());
                        }
                        "__context__" => {
                            d.context = v;
                            return Ok(());
                        }
                        "args" => {
                            d.args = v;
                            return Ok(());
                        }
                        "__suppress_context__" => {
                            d.suppress_context = matches!(v, Value::Bool(true));
                            return Ok(());
                        }
                        _ => {}
                    }
                }
                if n == "__class__" {
                    if let Value::Class(c) = v {
                        inst.set_class(c);
                        return Ok(());
                    }
                }
                if !cls.allows_attr(n) {
                    return Err(self.no_slot_for(&cls, n));
                }
                inst.set_attr(&Rc::new(PyStr::new(n)), v);
                Ok(())
            }
            Value::Class(c) => {
                if !c.is_user {
                    return Err(self.type_error(format!(
                        "cannot set '{}' attribute of immutable type '{}'",
                        n,
                        c.name().as_str()
                    )));
                }
                match n {
                    "__name__" => {
                        if let Value::Str(s) = &v {
                            *c.name.borrow_mut() = s.clone();
                        }
                    }
                    "__qualname__" => {
                        if let Value::Str(s) = &v {
                            *c.qualname.borrow_mut() = s.clone();
                        }
                    }
                    _ => {
                        c.dict.borrow_mut().set_str(n, v);
                        super::object::bump_class_epoch();
                    }
                }
                Ok(())
            }
            Value::Module(m) => {
                m.dict.borrow_mut().set_str(n, v);
                Ok(())
            }
            Value::Func(f) => {
                match n {
                    "__name__" => {
                        if let Value::Str(s) = &v {
                            *f.name.borrow_mut() = s.clone();
                        }
                    }
                    "__qualname__" => {
                        if let Value::Str(s) = &v {
                            *f.qualname.borrow_mut() = s.clone();
                        }
                    }
                    "__doc__" => *f.doc.borrow_mut() = v,
                    "__dict__" => {
                        if let Value::Dict(d) = &v {
                            *f.dict.borrow_mut() = d.borrow().clone();
                        }
                    }
                    _ => f.dict.borrow_mut().set_str(n, v),
                }
                Ok(())
            }
            _ => Err(self.attribute_error(format!(
                "'{}' object has no attribute '{}'",
                self.type_of(obj).name().as_str(),
                n
            ))),
        }
    }

    /// `del obj.name`.
    pub fn delattr(&mut self, obj: &Value, name: &PyStr) -> PyResult<()> {
        let n = name.as_str();
        let removed = match obj {
            Value::Inst(inst) => {
                let cls = inst.class();
                if cls.is_user {
                    if let Some(da @ Value::Func(_)) = cls.lookup("__delattr__") {
                        self.call(&da, &[obj.clone(), Value::str(n)], &[])?;
                        return Ok(());
                    }
                }
                if let Some(Value::Native(p)) = cls.lookup(n) {
                    if let Some(prop) = p.as_any().downcast_ref::<Property>() {
                        if !prop.fdel.is_none() {
                            let d = prop.fdel.clone();
                            self.call(&d, &[obj.clone()], &[])?;
                            return Ok(());
                        }
                    }
                }
                inst.del_attr(n)
            }
            Value::Class(c) if c.is_user => {
                super::object::bump_class_epoch();
                c.dict.borrow_mut().del_str(n)
            }
            Value::Module(m) => {
                m.materialize(self);
                m.dict.borrow_mut().del_str(n)
            }
            Value::Func(f) => f.dict.borrow_mut().del_str(n),
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(self.no_attribute(obj, n))
        }
    }

    /// For `obj.name(...)`: `(function, obj)` when a method can be called without binding,
    /// else `(attribute, NULL)`.
    pub fn load_method(&mut self, obj: Value, name: &Rc<PyStr>) -> PyResult<(Value, Value)> {
        match &obj {
            Value::Inst(inst) => {
                let cls = inst.class();
                if inst.get_attr(name.as_str(), name.hash()).is_none() {
                    if let Some(f @ (Value::Func(_) | Value::Builtin(_))) = cls.lookup_cached(name)
                    {
                        return Ok((f, obj));
                    }
                }
            }
            Value::Module(_) | Value::Class(_) | Value::Func(_) | Value::Native(_) => {}
            _ => {
                let cls = self.type_of(&obj);
                if let Some(f @ Value::Builtin(_)) = cls.lookup_cached(name) {
                    return Ok((f, obj));
                }
            }
        }
        let v = self.getattr(&obj, name)?;
        Ok((v, Value::Null))
    }

    /// A special method looked up on the type, bound to `obj`; `None` if the type lacks it.
    pub fn lookup_special_opt(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let cls = self.type_of(obj);
        match cls.lookup(name) {
            Some(v) => Ok(Some(self.bind_class_attr(v, obj, &cls))),
            None => {
                if let Value::Native(n) = obj {
                    return n.clone().getattr(self, name);
                }
                Ok(None)
            }
        }
    }

    /// Like `lookup_special_opt` but only methods that user classes define.
    pub fn lookup_user_special(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        let cls = self.type_of(obj);
        if !cls.is_user {
            return Ok(None);
        }
        for c in cls.lookup_order() {
            if !c.is_user {
                break;
            }
            let found = c.dict.borrow().get_str(name);
            if let Some(v) = found {
                return Ok(Some(self.bind_class_attr(v, obj, &cls)));
            }
        }
        Ok(None)
    }

    /// A special method that must exist (`with` needs `__enter__`/`__exit__`).
    pub fn lookup_special(&mut self, obj: &Value, name: &str) -> PyResult {
        match self.lookup_special_opt(obj, name)? {
            Some(v) => Ok(v),
            None => {
                let tn = self.type_of(obj).name();
                if name == "__exit__" {
                    Err(self.type_error(format!(
                        "'{}' object does not support the context manager protocol (missed __exit__ method)",
                        tn.as_str()
                    )))
                } else {
                    Err(self.type_error(format!(
                        "'{}' object does not support the context manager protocol",
                        tn.as_str()
                    )))
                }
            }
        }
    }
}

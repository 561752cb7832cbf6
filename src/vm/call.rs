//! Calling: Python functions (argument binding, frames, generators), builtins, bound methods,
//! classes (instantiation) and callable instances.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::dict::DictData;
use super::frame::{Frame, FrameExit};
use super::object::{Class, Function, Generator, Kind};
use super::value::{PyStr, Value};
use super::{PyResult, Vm};

/// Keyword arguments as natives receive them.
pub type Kwargs<'a> = &'a [(Rc<PyStr>, Value)];

impl Vm {
    /// Call any callable.
    pub fn call(&mut self, f: &Value, args: &[Value], kw: Kwargs) -> PyResult {
        match f {
            Value::Func(func) => self.call_function(func, args, kw, None),
            Value::Builtin(b) => (b.f)(self, args, kw),
            Value::Method(m) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(m.self_.clone());
                all.extend_from_slice(args);
                self.call(&m.func, &all, kw)
            }
            Value::Class(c) => self.instantiate(c, args, kw),
            Value::Inst(_) | Value::Native(_) => match self.lookup_special_opt(f, "__call__")? {
                Some(m) => self.call(&m, args, kw),
                None => Err(self.not_callable(f)),
            },
            _ => Err(self.not_callable(f)),
        }
    }

    #[cold]
    fn not_callable(&self, f: &Value) -> super::PyErr {
        self.type_error(format!(
            "'{}' object is not callable",
            self.type_of(f).name().as_str()
        ))
    }

    /// Call `obj.name(*args)`.
    pub fn call_method(&mut self, obj: &Value, name: &str, args: &[Value]) -> PyResult {
        let (m, s) = self.load_method(obj.clone(), &Rc::new(PyStr::new(name)))?;
        if let Value::Null = s {
            self.call(&m, args, &[])
        } else {
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(s);
            all.extend_from_slice(args);
            self.call(&m, &all, &[])
        }
    }

    /// Call a Python function; `ns` gives a class body its namespace.
    pub fn call_function(
        &mut self,
        func: &Rc<Function>,
        args: &[Value],
        kw: Kwargs,
        ns: Option<Rc<RefCell<DictData>>>,
    ) -> PyResult {
        let code = &func.code;
        let nlocals = code.varnames.len();
        let mut regs: Vec<Value> = self.reg_pool.pop().unwrap_or_default();
        // fast path: exact positional arguments
        if kw.is_empty()
            && args.len() == code.argcount as usize
            && !code.varargs
            && !code.varkeywords
            && code.kwonlyargcount == 0
        {
            regs.extend_from_slice(args);
            regs.resize(nlocals, Value::Null);
        } else {
            regs.resize(nlocals, Value::Null);
            self.bind_args(func, args, kw, &mut regs)?;
        }
        let mut cells: Vec<Rc<RefCell<Value>>> = Vec::new();
        if !code.cellvars.is_empty() || !func.closure.is_empty() {
            for _ in 0..code.cellvars.len() {
                cells.push(Rc::new(RefCell::new(Value::Null)));
            }
            for &(ci, pi) in &code.cell_args {
                *cells[ci as usize].borrow_mut() = regs[pi as usize].clone();
            }
            cells.extend(func.closure.iter().cloned());
        }
        let costs = self.cost.table_for_call(code);
        let mut frame = Frame {
            code: code.clone(),
            regs,
            cells,
            globals: func.globals.clone(),
            ns,
            ip: 0,
            costs,
        };
        if code.is_generator {
            return Ok(Value::Gen(Rc::new(Generator {
                frame: RefCell::new(Some(Box::new(frame))),
                running: Cell::new(false),
                name: func.name.borrow().clone(),
                qualname: func.qualname.borrow().clone(),
                code: code.clone(),
                flags: Cell::new(0),
            })));
        }
        let r = self.run_frame(&mut frame, None);
        self.recycle_frame(frame);
        match r? {
            FrameExit::Return(v) => Ok(v),
            FrameExit::Yield(_) => Err(self.runtime_error("yield outside a generator")),
        }
    }

    /// A call's frame is done: keep its register vector for the next call, and finalize any
    /// generator that died with it (CPython finalizes it at once).
    fn recycle_frame(&mut self, mut frame: Frame) {
        let mut regs = std::mem::take(&mut frame.regs);
        regs.clear();
        if self.reg_pool.len() < 64 {
            self.reg_pool.push(regs);
        }
        drop(frame);
        if super::finalize::pending() {
            self.finalize_dropped();
        }
    }

    /// Bind positional and keyword arguments to parameters, with CPython's messages.
    fn bind_args(
        &mut self,
        func: &Rc<Function>,
        args: &[Value],
        kw: Kwargs,
        regs: &mut [Value],
    ) -> PyResult<()> {
        let code = &func.code;
        let argcount = code.argcount as usize;
        let kwonly = code.kwonlyargcount as usize;
        let qual = func.qualname.borrow().clone();
        let fname = qual.as_str();
        let mut idx = argcount + kwonly;
        // positional
        let npos = args.len().min(argcount);
        regs[..npos].clone_from_slice(&args[..npos]);
        if args.len() > argcount {
            if code.varargs {
                regs[idx] = Value::tuple(args[argcount..].to_vec());
            } else {
                let ndef = func.defaults.len();
                let given = args.len();
                let kwgiven = kw
                    .iter()
                    .filter(|(k, _)| {
                        code.varnames[argcount..argcount + kwonly]
                            .iter()
                            .any(|v| v.as_str() == k.as_str())
                    })
                    .count();
                let takes = if ndef > 0 {
                    format!(
                        "from {} to {} positional arguments",
                        argcount - ndef,
                        argcount
                    )
                } else if argcount == 1 {
                    "1 positional argument".to_string()
                } else {
                    format!("{} positional arguments", argcount)
                };
                let was = if given == 1 { "was" } else { "were" };
                let extra = if kwgiven > 0 {
                    format!(
                        " positional argument{} (and {} keyword-only argument{})",
                        if given == 1 { "" } else { "s" },
                        kwgiven,
                        if kwgiven == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                };
                if kwgiven > 0 {
                    return Err(self.type_error(format!(
                        "{fname}() takes {takes} but {given}{extra} were given"
                    )));
                }
                return Err(
                    self.type_error(format!("{fname}() takes {takes} but {given} {was} given"))
                );
            }
        } else if code.varargs {
            regs[idx] = Value::tuple(vec![]);
        }
        if code.varargs {
            idx += 1;
        }
        // keywords
        let mut extra_kw: Option<DictData> = if code.varkeywords {
            Some(DictData::new())
        } else {
            None
        };
        for (k, v) in kw {
            let pos = code.varnames[..argcount + kwonly]
                .iter()
                .position(|n| n.as_str() == k.as_str());
            match pos {
                Some(p) if p >= code.posonlyargcount as usize => {
                    if !matches!(regs[p], Value::Null) {
                        return Err(self.type_error(format!(
                            "{fname}() got multiple values for argument '{}'",
                            k.as_str()
                        )));
                    }
                    regs[p] = v.clone();
                }
                _ => match &mut extra_kw {
                    Some(d) => d.set_pystr(k, v.clone()),
                    None => {
                        if pos.is_some() {
                            return Err(self.type_error(format!(
                                "{fname}() got some positional-only arguments passed as keyword arguments: '{}'",
                                k.as_str()
                            )));
                        }
                        return Err(self.type_error(format!(
                            "{fname}() got an unexpected keyword argument '{}'",
                            k.as_str()
                        )));
                    }
                },
            }
        }
        if let Some(d) = extra_kw {
            regs[idx] = Value::Dict(Rc::new(RefCell::new(d)));
        }
        // defaults for missing positionals
        let ndef = func.defaults.len();
        let mut missing = vec![];
        for i in 0..argcount {
            if let Value::Null = regs[i] {
                if i + ndef >= argcount {
                    regs[i] = func.defaults[i + ndef - argcount].clone();
                } else {
                    missing.push(code.varnames[i].as_str().to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.type_error(format!(
                "{fname}() missing {} required positional argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        for i in argcount..argcount + kwonly {
            if let Value::Null = regs[i] {
                let name = code.varnames[i].as_str();
                match func.kwdefaults.iter().find(|(k, _)| k.as_str() == name) {
                    Some((_, v)) => regs[i] = v.clone(),
                    None => missing.push(name.to_string()),
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.type_error(format!(
                "{fname}() missing {} required keyword-only argument{}: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
        Ok(())
    }

    /// Create an instance of `cls`: `__new__`, then `__init__`.
    pub fn instantiate(&mut self, cls: &Rc<Class>, args: &[Value], kw: Kwargs) -> PyResult {
        if !cls.is_user {
            return super::builtins::construct_builtin(self, cls, args, kw);
        }
        let new = cls.lookup_cached(&self.interp.names.new.clone());
        let obj = match &new {
            Some(n @ (Value::Func(_) | Value::Native(_))) => {
                let f = match n {
                    Value::Native(nat) => {
                        match nat.as_any().downcast_ref::<super::object::StaticMethod>() {
                            Some(s) => s.0.clone(),
                            None => n.clone(),
                        }
                    }
                    _ => n.clone(),
                };
                let mut all = vec![Value::Class(cls.clone())];
                all.extend_from_slice(args);
                let obj = self.call(&f, &all, kw)?;
                // __init__ runs only if __new__ returned an instance of cls
                let ocls = self.type_of(&obj);
                if !ocls.is_subclass(cls) {
                    return Ok(obj);
                }
                obj
            }
            _ => self.default_new(cls, args)?,
        };
        match cls.lookup_cached(&self.interp.names.init.clone()) {
            Some(init @ Value::Func(_)) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(obj.clone());
                all.extend_from_slice(args);
                let r = self.call(&init, &all, kw)?;
                if !r.is_none() {
                    return Err(self.init_returned(&r));
                }
            }
            Some(init @ Value::Builtin(_)) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(obj.clone());
                all.extend_from_slice(args);
                self.call(&init, &all, kw)?;
            }
            _ => {
                if (!args.is_empty() || !kw.is_empty())
                    && new.is_none()
                    && matches!(cls.kind, Kind::Object)
                {
                    return Err(
                        self.type_error(format!("{}() takes no arguments", cls.name().as_str()))
                    );
                }
            }
        }
        Ok(obj)
    }

    /// `object.__new__(cls)` and the builtin storage of subclasses of builtins.
    pub fn default_new(&mut self, cls: &Rc<Class>, args: &[Value]) -> PyResult {
        let obj = self.new_instance(cls);
        if let Value::Inst(i) = &obj {
            match cls.kind {
                Kind::Exception => {
                    i.exc.as_ref().unwrap().borrow_mut().args = Value::tuple(args.to_vec());
                }
                Kind::List => *i.base.borrow_mut() = Value::list(vec![]),
                Kind::Dict => {
                    *i.base.borrow_mut() = Value::Dict(Rc::new(RefCell::new(DictData::new())))
                }
                Kind::Set => *i.base.borrow_mut() = self.new_set(vec![])?,
                Kind::Tuple => {
                    let items = match args.first() {
                        Some(a) => self.collect(a)?,
                        None => vec![],
                    };
                    *i.base.borrow_mut() = Value::tuple(items);
                }
                Kind::Int | Kind::Float | Kind::Str => {
                    let base_cls = cls.lookup_order().find(|c| !c.is_user).cloned().unwrap();
                    let v = super::builtins::construct_builtin(self, &base_cls, args, &[])?;
                    *i.base.borrow_mut() = v;
                }
                _ => {}
            }
        }
        Ok(obj)
    }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'` as CPython lists missing arguments.
fn name_list(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

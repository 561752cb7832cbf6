//! The builtin classes, class creation (with C3 linearisation) and `type()` of any value.

use std::cell::RefCell;
use std::rc::Rc;

use super::dict::DictData;
use super::object::{Class, Kind, NativeFn};
use super::value::{PyStr, Value};
use super::Vm;

/// Every builtin class the VM needs by name.
#[derive(Clone)]
pub struct Types {
    pub object: Rc<Class>,
    pub type_: Rc<Class>,
    pub none: Rc<Class>,
    pub bool: Rc<Class>,
    pub int: Rc<Class>,
    pub float: Rc<Class>,
    pub str: Rc<Class>,
    pub tuple: Rc<Class>,
    pub list: Rc<Class>,
    pub dict: Rc<Class>,
    pub set: Rc<Class>,
    pub frozenset: Rc<Class>,
    pub range: Rc<Class>,
    pub slice: Rc<Class>,
    pub function: Rc<Class>,
    pub builtin_function: Rc<Class>,
    pub method: Rc<Class>,
    pub module: Rc<Class>,
    pub generator: Rc<Class>,
    pub coroutine: Rc<Class>,
    pub async_generator: Rc<Class>,
    pub cell: Rc<Class>,
    pub ellipsis: Rc<Class>,
    pub not_implemented: Rc<Class>,
    pub property: Rc<Class>,
    pub staticmethod: Rc<Class>,
    pub classmethod: Rc<Class>,
    pub super_: Rc<Class>,
    /// Classes of native iterators and views, by name (`list_iterator`, `dict_keys`, ...).
    pub natives: RefCell<Vec<Rc<Class>>>,
    pub exc: Excs,
}

/// The builtin exception classes.
#[derive(Clone)]
pub struct Excs {
    pub base_exception: Rc<Class>,
    pub system_exit: Rc<Class>,
    pub keyboard_interrupt: Rc<Class>,
    pub generator_exit: Rc<Class>,
    pub exception: Rc<Class>,
    pub stop_iteration: Rc<Class>,
    pub stop_async_iteration: Rc<Class>,
    pub base_exception_group: Rc<Class>,
    pub exception_group: Rc<Class>,
    pub arithmetic_error: Rc<Class>,
    pub overflow_error: Rc<Class>,
    pub zero_division_error: Rc<Class>,
    pub assertion_error: Rc<Class>,
    pub attribute_error: Rc<Class>,
    pub lookup_error: Rc<Class>,
    pub index_error: Rc<Class>,
    pub key_error: Rc<Class>,
    pub name_error: Rc<Class>,
    pub unbound_local_error: Rc<Class>,
    pub os_error: Rc<Class>,
    pub timeout_error: Rc<Class>,
    pub runtime_error: Rc<Class>,
    pub not_implemented_error: Rc<Class>,
    pub recursion_error: Rc<Class>,
    pub type_error: Rc<Class>,
    pub value_error: Rc<Class>,
    pub import_error: Rc<Class>,
    pub module_not_found_error: Rc<Class>,
    pub unicode_error: Rc<Class>,
    /// `io.UnsupportedOperation`, which is not in `all` (not a builtin name).
    pub unsupported_operation: Rc<Class>,
    /// Every exception class, for the builtins namespace.
    pub all: Vec<Rc<Class>>,
}

/// Names the VM looks up often, interned once.
#[derive(Clone)]
pub struct Names {
    pub init: Rc<PyStr>,
    pub new: Rc<PyStr>,
    pub setattr: Rc<PyStr>,
}

impl Default for Names {
    fn default() -> Self {
        let n = |s: &str| Rc::new(PyStr::new(s));
        Names {
            init: n("__init__"),
            new: n("__new__"),
            setattr: n("__setattr__"),
        }
    }
}

/// A builtin class deriving from `base`.
pub fn builtin_class(name: &str, base: Option<&Rc<Class>>, kind: Kind) -> Rc<Class> {
    let (bases, mro) = match base {
        Some(b) => {
            let mut mro = vec![b.clone()];
            mro.extend(b.mro.iter().cloned());
            (vec![b.clone()], mro)
        }
        None => (vec![], vec![]),
    };
    let n = Rc::new(PyStr::new(name));
    Rc::new(Class {
        name: RefCell::new(n.clone()),
        qualname: RefCell::new(n),
        module: RefCell::new(Value::str("builtins")),
        bases,
        mro,
        dict: RefCell::new(DictData::new()),
        kind,
        is_user: false,
        attr_cache: Default::default(),
        shape: Default::default(),
    })
}

impl Types {
    pub fn new() -> Types {
        let object = builtin_class("object", None, Kind::Object);
        let o = Some(&object);
        let c = |name: &str, kind: Kind| builtin_class(name, o, kind);
        let int = c("int", Kind::Int);
        let bool_ = builtin_class("bool", Some(&int), Kind::Bool);
        let base_exception = c("BaseException", Kind::Exception);
        let e = |name: &str, base: &Rc<Class>| builtin_class(name, Some(base), Kind::Exception);
        let system_exit = e("SystemExit", &base_exception);
        let keyboard_interrupt = e("KeyboardInterrupt", &base_exception);
        let generator_exit = e("GeneratorExit", &base_exception);
        let exception = e("Exception", &base_exception);
        let stop_iteration = e("StopIteration", &exception);
        let arithmetic_error = e("ArithmeticError", &exception);
        let overflow_error = e("OverflowError", &arithmetic_error);
        let zero_division_error = e("ZeroDivisionError", &arithmetic_error);
        let floating_point_error = e("FloatingPointError", &arithmetic_error);
        let assertion_error = e("AssertionError", &exception);
        let attribute_error = e("AttributeError", &exception);
        let buffer_error = e("BufferError", &exception);
        let eof_error = e("EOFError", &exception);
        let import_error = e("ImportError", &exception);
        let module_not_found_error = e("ModuleNotFoundError", &import_error);
        let lookup_error = e("LookupError", &exception);
        let index_error = e("IndexError", &lookup_error);
        let key_error = e("KeyError", &lookup_error);
        let memory_error = e("MemoryError", &exception);
        let name_error = e("NameError", &exception);
        let unbound_local_error = e("UnboundLocalError", &name_error);
        let os_error = e("OSError", &exception);
        let timeout_error = e("TimeoutError", &os_error);
        let file_not_found_error = e("FileNotFoundError", &os_error);
        let permission_error = e("PermissionError", &os_error);
        let connection_error = e("ConnectionError", &os_error);
        let broken_pipe_error = e("BrokenPipeError", &connection_error);
        let interrupted_error = e("InterruptedError", &os_error);
        let file_exists_error = e("FileExistsError", &os_error);
        let is_a_directory_error = e("IsADirectoryError", &os_error);
        let not_a_directory_error = e("NotADirectoryError", &os_error);
        let blocking_io_error = e("BlockingIOError", &os_error);
        let child_process_error = e("ChildProcessError", &os_error);
        let process_lookup_error = e("ProcessLookupError", &os_error);
        let connection_aborted_error = e("ConnectionAbortedError", &connection_error);
        let connection_refused_error = e("ConnectionRefusedError", &connection_error);
        let connection_reset_error = e("ConnectionResetError", &connection_error);
        let reference_error = e("ReferenceError", &exception);
        let runtime_error = e("RuntimeError", &exception);
        let not_implemented_error = e("NotImplementedError", &runtime_error);
        let recursion_error = e("RecursionError", &runtime_error);
        let syntax_error = e("SyntaxError", &exception);
        let system_error = e("SystemError", &exception);
        let type_error = e("TypeError", &exception);
        let value_error = e("ValueError", &exception);
        let unicode_error = e("UnicodeError", &value_error);
        let unicode_decode_error = e("UnicodeDecodeError", &unicode_error);
        let unicode_encode_error = e("UnicodeEncodeError", &unicode_error);
        // an exception class of two bases, of module `module`
        let two_bases = |name: &str, module: &str, bases: Vec<Rc<Class>>| {
            let mro = c3_mro(&bases).expect("a consistent mro for a builtin exception class");
            let n = Rc::new(PyStr::new(name));
            Rc::new(Class {
                name: RefCell::new(n.clone()),
                qualname: RefCell::new(n),
                module: RefCell::new(Value::str(module)),
                bases,
                mro,
                dict: RefCell::new(DictData::new()),
                kind: Kind::Exception,
                is_user: false,
                attr_cache: Default::default(),
                shape: Default::default(),
            })
        };
        // `io.UnsupportedOperation(OSError, ValueError)`: not a builtin name
        let unsupported_operation = two_bases(
            "UnsupportedOperation",
            "io",
            vec![os_error.clone(), value_error.clone()],
        );
        let warning = e("Warning", &exception);
        let user_warning = e("UserWarning", &warning);
        let deprecation_warning = e("DeprecationWarning", &warning);
        let runtime_warning = e("RuntimeWarning", &warning);
        let stop_async_iteration = e("StopAsyncIteration", &exception);
        let base_exception_group = e("BaseExceptionGroup", &base_exception);
        // class ExceptionGroup(BaseExceptionGroup, Exception)
        let exception_group = two_bases(
            "ExceptionGroup",
            "builtins",
            vec![base_exception_group.clone(), exception.clone()],
        );
        let all = vec![
            base_exception.clone(),
            system_exit.clone(),
            keyboard_interrupt.clone(),
            generator_exit.clone(),
            exception.clone(),
            stop_iteration.clone(),
            stop_async_iteration.clone(),
            base_exception_group.clone(),
            exception_group.clone(),
            arithmetic_error.clone(),
            overflow_error.clone(),
            zero_division_error.clone(),
            floating_point_error,
            assertion_error.clone(),
            attribute_error.clone(),
            buffer_error,
            eof_error,
            import_error.clone(),
            module_not_found_error.clone(),
            lookup_error.clone(),
            index_error.clone(),
            key_error.clone(),
            memory_error,
            name_error.clone(),
            unbound_local_error.clone(),
            os_error.clone(),
            timeout_error.clone(),
            file_not_found_error,
            permission_error,
            connection_error,
            broken_pipe_error,
            interrupted_error,
            file_exists_error,
            is_a_directory_error,
            not_a_directory_error,
            blocking_io_error,
            child_process_error,
            process_lookup_error,
            connection_aborted_error,
            connection_refused_error,
            connection_reset_error,
            reference_error,
            runtime_error.clone(),
            not_implemented_error.clone(),
            recursion_error.clone(),
            syntax_error,
            system_error,
            type_error.clone(),
            value_error.clone(),
            unicode_error.clone(),
            unicode_decode_error,
            unicode_encode_error,
            warning,
            user_warning,
            deprecation_warning,
            runtime_warning,
        ];
        Types {
            type_: c("type", Kind::Type),
            none: c("NoneType", Kind::NoneType),
            bool: bool_,
            int,
            float: c("float", Kind::Float),
            str: c("str", Kind::Str),
            tuple: c("tuple", Kind::Tuple),
            list: c("list", Kind::List),
            dict: c("dict", Kind::Dict),
            set: c("set", Kind::Set),
            frozenset: c("frozenset", Kind::FrozenSet),
            range: c("range", Kind::Range),
            slice: c("slice", Kind::Slice),
            function: c("function", Kind::Function),
            builtin_function: c("builtin_function_or_method", Kind::BuiltinFunction),
            method: c("method", Kind::Method),
            module: c("module", Kind::Module),
            generator: c("generator", Kind::Generator),
            coroutine: c("coroutine", Kind::Generator),
            async_generator: c("async_generator", Kind::Generator),
            cell: c("cell", Kind::Other),
            ellipsis: c("ellipsis", Kind::Other),
            not_implemented: c("NotImplementedType", Kind::Other),
            property: c("property", Kind::Other),
            staticmethod: c("staticmethod", Kind::Other),
            classmethod: c("classmethod", Kind::Other),
            super_: c("super", Kind::Other),
            natives: RefCell::new(vec![]),
            exc: Excs {
                base_exception,
                system_exit,
                keyboard_interrupt,
                generator_exit,
                exception,
                stop_iteration,
                stop_async_iteration,
                base_exception_group,
                exception_group,
                arithmetic_error,
                overflow_error,
                zero_division_error,
                assertion_error,
                attribute_error,
                lookup_error,
                index_error,
                key_error,
                name_error,
                unbound_local_error,
                os_error,
                timeout_error,
                runtime_error,
                not_implemented_error,
                recursion_error,
                type_error,
                value_error,
                import_error,
                module_not_found_error,
                unicode_error,
                unsupported_operation,
                all,
            },
            object,
        }
    }

    /// The class of native objects named `name` (created on first use).
    /// Every builtin class made so far: the fixed ones, the exceptions, the natives.
    pub fn all_builtin(&self) -> Vec<Rc<Class>> {
        let fixed = [
            &self.object,
            &self.type_,
            &self.none,
            &self.bool,
            &self.int,
            &self.float,
            &self.str,
            &self.tuple,
            &self.list,
            &self.dict,
            &self.set,
            &self.frozenset,
            &self.range,
            &self.slice,
            &self.function,
            &self.builtin_function,
            &self.method,
            &self.module,
            &self.generator,
            &self.coroutine,
            &self.async_generator,
            &self.cell,
            &self.ellipsis,
            &self.not_implemented,
            &self.property,
            &self.staticmethod,
            &self.classmethod,
            &self.super_,
        ];
        let mut all: Vec<Rc<Class>> = fixed.into_iter().cloned().collect();
        all.extend(self.exc.all.iter().cloned());
        all.push(self.exc.unsupported_operation.clone());
        all.extend(self.natives.borrow().iter().cloned());
        all
    }

    /// The builtin class named `name` (`int`, `ValueError`, `list_iterator`): how a builtin
    /// class crosses to another interpreter (a fork, a pickle), since each has builtin types
    /// of its own. A name no builtin class has yet is a native class's, made here.
    pub fn builtin_named(&self, name: &str) -> Rc<Class> {
        match self
            .all_builtin()
            .into_iter()
            .find(|c| c.name().as_str() == name)
        {
            Some(c) => c,
            None => self.native(name),
        }
    }

    pub fn native(&self, name: &str) -> Rc<Class> {
        if let Some(c) = self
            .natives
            .borrow()
            .iter()
            .find(|c| c.name().as_str() == name)
        {
            return c.clone();
        }
        let c = builtin_class(name, Some(&self.object), Kind::Other);
        let is_iter = name.ends_with("iterator")
            || matches!(name, "enumerate" | "zip" | "map" | "filter" | "reversed");
        if is_iter {
            add_method(&c, "__next__", super::iter::native_next);
            add_method(&c, "__iter__", super::iter::native_iter_self);
        }
        self.natives.borrow_mut().push(c.clone());
        // the file classes get their methods when first made (a run without files makes none)
        super::files::install_class(self, name, &c);
        c
    }
}

impl Default for Types {
    fn default() -> Self {
        Self::new()
    }
}

/// Put a builtin method on a class.
pub fn add_method(class: &Rc<Class>, name: &'static str, f: NativeFn) {
    super::object::bump_class_epoch();
    let owner: &'static str = Box::leak(class.name().as_str().to_string().into_boxed_str());
    let b = super::object::Builtin {
        name,
        owner: Some(owner),
        f,
        data: Value::None,
    };
    class
        .dict
        .borrow_mut()
        .set_str(name, Value::Builtin(Rc::new(b)));
}

/// Put builtin methods on a class: [`add_method`] for many, naming the owner once.
pub fn add_methods(class: &Rc<Class>, methods: &[(&'static str, NativeFn)]) {
    super::object::bump_class_epoch();
    let owner: &'static str = Box::leak(class.name().as_str().to_string().into_boxed_str());
    let mut d = class.dict.borrow_mut();
    for &(name, f) in methods {
        let b = super::object::Builtin {
            name,
            owner: Some(owner),
            f,
            data: Value::None,
        };
        d.set_str(name, Value::Builtin(Rc::new(b)));
    }
}

/// The class of any value.
pub fn type_of(vm: &Vm, v: &Value) -> Rc<Class> {
    let t = &vm.interp.types;
    match v {
        Value::Null | Value::None => t.none.clone(),
        Value::Ellipsis => t.ellipsis.clone(),
        Value::NotImplemented => t.not_implemented.clone(),
        Value::Bool(_) => t.bool.clone(),
        Value::Int(_) | Value::Big(_) => t.int.clone(),
        Value::Float(_) => t.float.clone(),
        Value::Str(_) => t.str.clone(),
        Value::Tuple(_) => t.tuple.clone(),
        Value::List(_) => t.list.clone(),
        Value::Dict(_) => t.dict.clone(),
        Value::Set(_) => t.set.clone(),
        Value::FrozenSet(_) => t.frozenset.clone(),
        Value::Range(_) => t.range.clone(),
        Value::Slice(_) => t.slice.clone(),
        Value::Func(_) => t.function.clone(),
        Value::Builtin(_) => t.builtin_function.clone(),
        Value::Method(_) => t.method.clone(),
        Value::Class(_) => t.type_.clone(),
        Value::Inst(i) => i.class(),
        Value::Module(_) => t.module.clone(),
        Value::Gen(g) => match g.code.kind {
            crate::lang::bytecode::CodeKind::Coroutine => t.coroutine.clone(),
            crate::lang::bytecode::CodeKind::AsyncGenerator => t.async_generator.clone(),
            _ => t.generator.clone(),
        },
        Value::Cell(_) => t.cell.clone(),
        Value::Native(n) => n.class(vm),
    }
}

/// C3 linearisation of `bases` (the new class itself excluded). `None` if inconsistent.
pub fn c3_mro(bases: &[Rc<Class>]) -> Option<Vec<Rc<Class>>> {
    let mut seqs: Vec<Vec<Rc<Class>>> = bases
        .iter()
        .map(|b| {
            let mut v = vec![b.clone()];
            v.extend(b.mro.iter().cloned());
            v
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<Class>> = vec![];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let mut pick = None;
        for s in &seqs {
            let cand = &s[0];
            let in_tail = seqs
                .iter()
                .any(|t| t[1..].iter().any(|x| Rc::ptr_eq(x, cand)));
            if !in_tail {
                pick = Some(cand.clone());
                break;
            }
        }
        let c = pick?;
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

/// Create a user class from a name, bases and a namespace.
pub fn new_class(
    vm: &Vm,
    name: &str,
    bases: Vec<Rc<Class>>,
    ns: DictData,
) -> Result<Rc<Class>, String> {
    let bases = if bases.is_empty() {
        vec![vm.t().object.clone()]
    } else {
        bases
    };
    let mro = c3_mro(&bases)
        .ok_or_else(|| "Cannot create a consistent method resolution order (MRO)".to_string())?;
    // storage kind: the first builtin kind found along the mro
    let mut kind = Kind::Object;
    for c in &mro {
        if c.kind != Kind::Object {
            kind = c.kind;
            break;
        }
    }
    if matches!(
        kind,
        Kind::Bool | Kind::Function | Kind::Generator | Kind::Range | Kind::Slice
    ) {
        let bad = mro
            .iter()
            .find(|c| c.kind == kind)
            .map(|c| c.name())
            .unwrap();
        return Err(format!(
            "type '{}' is not an acceptable base type",
            bad.as_str()
        ));
    }
    if bases
        .iter()
        .any(super::modules::time::struct_time::is_final)
    {
        return Err("type 'time.struct_time' is not an acceptable base type".to_string());
    }
    let qualname = ns
        .get_str("__qualname__")
        .and_then(|q| q.as_str().map(|s| s.to_string()))
        .unwrap_or_else(|| name.to_string());
    let module = ns.get_str("__module__").unwrap_or(Value::None);
    let mut ns = ns;
    ns.del_str("__qualname__");
    Ok(Rc::new(Class {
        name: RefCell::new(Rc::new(PyStr::new(name))),
        qualname: RefCell::new(Rc::new(PyStr::new(qualname))),
        module: RefCell::new(module),
        bases,
        mro,
        dict: RefCell::new(ns),
        kind,
        is_user: true,
        attr_cache: Default::default(),
        shape: Default::default(),
    }))
}

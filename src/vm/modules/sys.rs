//! `sys`: argv, exit, the standard streams, the switch interval, `sys.modules`.

use std::any::Any;
use std::rc::Rc;

use super::super::call::Kwargs;
use super::super::construct::to_float;
use super::super::object::{Class, NativeObj};
use super::super::value::Value;
use super::super::{PyResult, Vm};

/// `sys.stdout` / `sys.stderr`.
pub struct StdStream {
    pub fd: u8,
}

impl NativeObj for StdStream {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native("TextIOWrapper")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn fork_copy(&self, _c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        Some(Box::new(StdStream { fd: self.fd }))
    }
    fn repr(&self, _vm: &mut Vm) -> PyResult<Option<String>> {
        let name = if self.fd == 1 { "<stdout>" } else { "<stderr>" };
        Ok(Some(format!(
            "<_io.TextIOWrapper name='{name}' mode='w' encoding='utf-8'>"
        )))
    }
}

/// Write `s` to a file object: the std streams directly (their file descriptor is returned),
/// anything else through `.write`.
pub fn write_to(vm: &mut Vm, f: &Value, s: &str) -> PyResult<Option<i32>> {
    if let Some(st) = super::super::attr::native_as::<StdStream>(f) {
        if st.fd == 1 {
            vm.write_stdout(s);
        } else {
            vm.write_stderr(s);
        }
        return Ok(Some(st.fd as i32));
    }
    vm.call_method(f, "write", &[Value::str(s)])?;
    Ok(None)
}

/// `sys.stdout.write(s)` (reached through `TextIOWrapper.write`).
pub(crate) fn stream_write(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let (Some(f), Some(s)) = (args.first(), args.get(1)) else {
        return Err(vm.type_error("write() takes exactly one argument"));
    };
    let Value::Str(text) = s else {
        return Err(vm.type_error(format!(
            "write() argument must be str, not {}",
            vm.type_of(s).name().as_str()
        )));
    };
    if let Some(fd) = write_to(vm, f, text.as_str())? {
        vm.stream_written(fd, text.as_str(), false)?;
    }
    Ok(Value::Int(text.char_len() as i64))
}

/// `sys.stdout.flush()` (reached through `TextIOWrapper.flush`).
pub(crate) fn stream_flush(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    vm.flush();
    if let Some(st) = args
        .first()
        .and_then(super::super::attr::native_as::<StdStream>)
    {
        let fd = st.fd as i32;
        vm.stream_written(fd, "", true)?;
    }
    Ok(Value::None)
}

fn exit(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let cls = vm.t().exc.system_exit.clone();
    let e = super::super::exc::new_exception(&cls, args.iter().take(1).cloned().collect());
    Err(super::super::PyErr { exc: e })
}

fn setswitchinterval(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let Some(a) = args.first() else {
        return Err(vm.type_error("setswitchinterval() takes exactly one argument (0 given)"));
    };
    let v = to_float(vm, a)?;
    if v <= 0.0 {
        return Err(vm.value_error("switch interval must be strictly positive"));
    }
    vm.interp.switch_interval.set(v);
    vm.switch_interval_changed();
    Ok(Value::None)
}

fn getswitchinterval(vm: &mut Vm, _args: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Float(vm.interp.switch_interval.get()))
}

fn getrecursionlimit(_vm: &mut Vm, _args: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Int(super::super::RECURSION_LIMIT as i64))
}

fn setrecursionlimit(_vm: &mut Vm, _args: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::None)
}

fn exc_info(vm: &mut Vm, _args: &[Value], _k: Kwargs) -> PyResult {
    Ok(match vm.handled.last().cloned() {
        Some(e) => Value::tuple(vec![Value::Class(vm.type_of(&e)), e, Value::None]),
        None => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

fn intern(_vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    Ok(args.first().cloned().unwrap_or(Value::None))
}

/// The `sys` module.
pub fn make(vm: &mut Vm) -> Value {
    // the streams' methods are `TextIOWrapper`'s (`files::install`)
    let argv: Vec<Value> = vm
        .interp
        .argv
        .iter()
        .map(|a| Value::str(a.as_str()))
        .collect();
    let path = vec![Value::str(
        vm.interp.script_dir.to_string_lossy().to_string(),
    )];
    super::module(
        "sys",
        &[
            ("exit", exit),
            (
                "set_asyncgen_hooks",
                super::super::finalize::set_asyncgen_hooks,
            ),
            (
                "get_asyncgen_hooks",
                super::super::finalize::get_asyncgen_hooks,
            ),
            ("setswitchinterval", setswitchinterval),
            ("getswitchinterval", getswitchinterval),
            ("getrecursionlimit", getrecursionlimit),
            ("setrecursionlimit", setrecursionlimit),
            ("exc_info", exc_info),
            ("intern", intern),
        ],
        vec![
            ("argv", Value::list(argv)),
            ("path", Value::list(path)),
            ("stdout", Value::native(StdStream { fd: 1 })),
            ("stderr", Value::native(StdStream { fd: 2 })),
            ("__stdout__", Value::native(StdStream { fd: 1 })),
            ("__stderr__", Value::native(StdStream { fd: 2 })),
            ("modules", Value::Dict(vm.interp.modules.clone())),
            ("maxsize", Value::Int(i64::MAX)),
            ("platform", Value::str("linux")),
            ("byteorder", Value::str("little")),
            ("version", Value::str("3.11.7 (gilsim)")),
            (
                "version_info",
                Value::tuple(vec![
                    Value::Int(3),
                    Value::Int(11),
                    Value::Int(7),
                    Value::str("final"),
                    Value::Int(0),
                ]),
            ),
            ("executable", Value::str("gilsim")),
        ],
    )
}

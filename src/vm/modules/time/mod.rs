//! `time`: clocks read the host's time (simulated on the virtual clock, the monotonic clock on
//! the real one); `sleep` is a blocking call the host drives. The calendar functions
//! (`gmtime`, `strftime`, ...) are in [`calendar`], `struct_time` in [`struct_time`].

mod calendar;
pub mod struct_time;

use super::super::call::Kwargs;
use super::super::construct::to_float;
use super::super::object::NativeFn;
use super::super::value::Value;
use super::super::{PyResult, Vm};

/// Seconds since the start of the run, on the host's clock.
pub fn now_seconds(vm: &Vm) -> f64 {
    vm.host.now_ns(vm) as f64 / 1e9
}

/// Seconds since the Unix epoch, on the host's clock.
pub fn epoch_seconds(vm: &Vm) -> f64 {
    vm.host.epoch_s() + now_seconds(vm)
}

/// The wall-clock epoch the simulated `time.time()` starts from (2024-01-01T00:00:00Z).
pub const EPOCH_BASE: f64 = 1_704_067_200.0;

fn perf_counter(vm: &mut Vm, _a: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Float(now_seconds(vm)))
}

fn perf_counter_ns(vm: &mut Vm, _a: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Int(vm.host.now_ns(vm) as i64))
}

/// `process_time()`: the process's CPU time ([`crate::vm::Host::cpu_ns`]), as CPython's is the
/// OS process's.
fn process_time(vm: &mut Vm, _a: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Float(vm.host.cpu_ns(vm) as f64 / 1e9))
}

fn process_time_ns(vm: &mut Vm, _a: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Int(vm.host.cpu_ns(vm) as i64))
}

fn time_(vm: &mut Vm, _a: &[Value], _k: Kwargs) -> PyResult {
    Ok(Value::Float(epoch_seconds(vm)))
}

fn time_ns(vm: &mut Vm, _a: &[Value], _k: Kwargs) -> PyResult {
    let base_ns = (vm.host.epoch_s() * 1e9) as i64;
    Ok(Value::Int(base_ns + vm.host.now_ns(vm) as i64))
}

fn sleep(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let Some(a) = args.first() else {
        return Err(vm.type_error("time.sleep() takes exactly one argument (0 given)"));
    };
    let secs = to_float(vm, a)?;
    if secs < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    let ns = (secs * 1e9).round() as u64;
    vm.blocking_sleep(ns)?;
    Ok(Value::None)
}

/// `time`'s attributes made on first need ([`crate::vm::object::Module::materialize`]):
/// `struct_time` and the zone constants cost more to make than the rest of the module (a class
/// of 20 attributes; two `localtime` calls, the first reading the zone file), and most programs
/// only want `time.time()` or `time.sleep()`.
fn lazy_attrs(vm: &Vm) -> Vec<(&'static str, Value)> {
    let mut values = vec![("struct_time", Value::Class(struct_time::make_class(vm)))];
    values.extend(calendar::zone_values(vm));
    values
}

/// The `time` module.
pub fn make() -> Value {
    let mut fns: Vec<(&'static str, NativeFn)> = vec![
        ("perf_counter", perf_counter),
        ("perf_counter_ns", perf_counter_ns),
        ("monotonic", perf_counter),
        ("monotonic_ns", perf_counter_ns),
        ("process_time", process_time),
        ("process_time_ns", process_time_ns),
        ("time", time_),
        ("time_ns", time_ns),
        ("sleep", sleep),
    ];
    fns.extend_from_slice(calendar::FUNCTIONS);
    let module = super::module("time", &fns, vec![]);
    if let Value::Module(m) = &module {
        m.lazy.set(Some(lazy_attrs));
    }
    module
}

//! `time`: clocks read the host's time (simulated on the virtual clock, the monotonic clock on
//! the real one); `sleep` is a blocking call the host drives.

use super::super::call::Kwargs;
use super::super::construct::to_float;
use super::super::value::Value;
use super::super::{PyResult, Vm};

/// Seconds since the start of the run, on the host's clock.
pub fn now_seconds(vm: &Vm) -> f64 {
    vm.host.now_ns(vm) as f64 / 1e9
}

/// Seconds since the Unix epoch, on the host's clock.
fn epoch_seconds(vm: &Vm) -> f64 {
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

fn strftime(vm: &mut Vm, args: &[Value], _k: Kwargs) -> PyResult {
    let fmt = match args.first() {
        Some(Value::Str(s)) => s.as_str().to_string(),
        _ => return Err(vm.type_error("strftime() argument 1 must be str")),
    };
    let t = epoch_seconds(vm) as i64;
    let (secs_of_day, days) = (t.rem_euclid(86400), t.div_euclid(86400));
    let (h, m, s) = (
        secs_of_day / 3600,
        (secs_of_day % 3600) / 60,
        secs_of_day % 60,
    );
    // civil date from days since 1970-01-01
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if mo <= 2 { y + 1 } else { y };
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&format!("{y:04}")),
            Some('m') => out.push_str(&format!("{mo:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('H') => out.push_str(&format!("{h:02}")),
            Some('M') => out.push_str(&format!("{m:02}")),
            Some('S') => out.push_str(&format!("{s:02}")),
            Some('%') => out.push('%'),
            Some(o) => {
                out.push('%');
                out.push(o);
            }
            None => out.push('%'),
        }
    }
    Ok(Value::str(out))
}

/// The `time` module.
pub fn make() -> Value {
    super::module(
        "time",
        &[
            ("perf_counter", perf_counter),
            ("perf_counter_ns", perf_counter_ns),
            ("monotonic", perf_counter),
            ("monotonic_ns", perf_counter_ns),
            ("process_time", process_time),
            ("process_time_ns", process_time_ns),
            ("time", time_),
            ("time_ns", time_ns),
            ("sleep", sleep),
            ("strftime", strftime),
        ],
        vec![],
    )
}

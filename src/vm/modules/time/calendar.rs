//! The calendar functions of `time`: `gmtime`, `localtime`, `mktime`, `asctime`, `ctime`,
//! `strftime`, and the zone constants (`timezone`, `altzone`, `daylight`, `tzname`).
//!
//! As CPython's, they go through the C library (`gmtime_r`, `localtime_r`, `mktime`,
//! `strftime`), so time zone rules and every `strftime` directive come out as python3's on the
//! same machine. Neither interpreter sets `LC_TIME` (CPython only sets `LC_CTYPE`), so names
//! are the C locale's in both. Without a time argument they use gilsim's current time,
//! [`super::epoch_seconds`]: the simulated wall clock on the virtual clock.

use std::ffi::{CStr, CString};
use std::rc::Rc;

use super::struct_time;
use crate::vm::call::Kwargs;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// The current time as CPython's `time(NULL)` gives it: whole seconds.
fn now(vm: &Vm) -> i64 {
    super::epoch_seconds(vm).floor() as i64
}

/// `_PyTime_ObjectToTime_t(v, ROUND_FLOOR)`: a float is floored, anything else must be an
/// integer (or have `__index__`).
fn to_time_t(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let float = match v {
        Value::Float(f) => Some(*f),
        Value::Inst(_) => match vm.unwrap_base(v) {
            Some(Value::Float(f)) => Some(f),
            _ => None,
        },
        _ => None,
    };
    let out_of_range = || vm.overflow_error("timestamp out of range for platform time_t");
    match float {
        Some(d) if d.is_nan() => Err(vm.value_error("Invalid value NaN (not a number)")),
        // as CPython compares, with i64::MAX rounded up to 2**63
        Some(d) if !(i64::MIN as f64..=-(i64::MIN as f64)).contains(&d.floor()) => {
            Err(out_of_range())
        }
        Some(d) => Ok(d.floor() as i64),
        None if matches!(v, Value::Big(_)) => Err(out_of_range()),
        None => vm.index_of(v),
    }
}

/// The one optional time argument of `gmtime`, `localtime` and `ctime` (`None`: now).
fn time_arg(vm: &mut Vm, name: &str, args: &[Value], kw: Kwargs) -> PyResult<i64> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "{name}() takes at most 1 argument ({} given)",
            args.len()
        )));
    }
    match args.first() {
        None | Some(Value::None) => Ok(now(vm)),
        Some(v) => to_time_t(vm, v),
    }
}

/// `OSError` for the C library's `errno` (EINVAL when it set none), as CPython raises it.
fn os_error(vm: &Vm) -> crate::vm::PyErr {
    let errno = match std::io::Error::last_os_error().raw_os_error() {
        Some(0) | None => libc::EINVAL,
        Some(n) => n,
    };
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    let text = text.split(" (os error").next().unwrap_or("");
    vm.new_error(
        &vm.t().exc.os_error.clone(),
        format!("[Errno {errno}] {text}"),
    )
}

fn zeroed_tm() -> libc::tm {
    // SAFETY: `struct tm` is plain data (integers and a nullable pointer); all zeros is valid.
    unsafe { std::mem::zeroed() }
}

/// `gmtime_r`, or the `OSError` it fails with (a year beyond a C int).
fn gmtime_tm(vm: &Vm, t: i64) -> PyResult<libc::tm> {
    let (tt, mut tm) = (t as libc::time_t, zeroed_tm());
    // SAFETY: both pointers are to live locals; gmtime_r is thread-safe.
    if unsafe { libc::gmtime_r(&tt, &mut tm) }.is_null() {
        return Err(os_error(vm));
    }
    Ok(tm)
}

/// `localtime_r` (the host's time zone, `TZ` included), or the `OSError` it fails with.
fn localtime_tm(vm: &Vm, t: i64) -> PyResult<libc::tm> {
    let (tt, mut tm) = (t as libc::time_t, zeroed_tm());
    // SAFETY: both pointers are to live locals; localtime_r is thread-safe.
    if unsafe { libc::localtime_r(&tt, &mut tm) }.is_null() {
        return Err(os_error(vm));
    }
    Ok(tm)
}

/// The zone name a `struct tm` from the C library points to.
fn zone_name(tm: &libc::tm) -> String {
    if tm.tm_zone.is_null() {
        return String::new();
    }
    // SAFETY: gmtime_r/localtime_r point tm_zone at a NUL-terminated string the C library
    // keeps (static, or its time zone data), read here at once.
    unsafe { CStr::from_ptr(tm.tm_zone) }
        .to_string_lossy()
        .into_owned()
}

/// CPython's `tmtotuple`: a `struct_time` from a `struct tm`.
fn to_struct_time(vm: &Vm, tm: &libc::tm) -> Value {
    let i = |n: i64| Value::Int(n);
    let items = vec![
        i(tm.tm_year as i64 + 1900),
        i(tm.tm_mon as i64 + 1),
        i(tm.tm_mday as i64),
        i(tm.tm_hour as i64),
        i(tm.tm_min as i64),
        i(tm.tm_sec as i64),
        i((tm.tm_wday as i64 + 6) % 7),
        i(tm.tm_yday as i64 + 1),
        i(tm.tm_isdst as i64),
    ];
    let cls = struct_time::class_of_module(vm);
    let zone = Value::str(zone_name(tm));
    struct_time::instance(vm, &cls, items, zone, i(tm.tm_gmtoff))
}

fn gmtime(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let t = time_arg(vm, "gmtime", args, kw)?;
    let tm = gmtime_tm(vm, t)?;
    Ok(to_struct_time(vm, &tm))
}

fn localtime(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let t = time_arg(vm, "localtime", args, kw)?;
    let tm = localtime_tm(vm, t)?;
    Ok(to_struct_time(vm, &tm))
}

/// A C `long` (`PyLong_AsLong`).
fn c_long(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Big(_) => Err(vm.overflow_error("Python int too large to convert to C long")),
        _ => vm.index_of(v),
    }
}

/// A C `int`, as `PyArg_ParseTuple`'s `i` converts one.
fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = c_long(vm, v)?;
    if n > i32::MAX as i64 {
        return Err(vm.overflow_error("signed integer is greater than maximum"));
    }
    if n < i32::MIN as i64 {
        return Err(vm.overflow_error("signed integer is less than minimum"));
    }
    Ok(n as i32)
}

/// A `struct tm` made from a time tuple, with the zone name its `tm_zone` points to.
struct TmArg {
    tm: libc::tm,
    _zone: Option<CString>,
}

/// CPython's `gettmarg`: a tuple (or `struct_time`) of nine C ints to a `struct tm`; a
/// `struct_time` also gives its `tm_zone` and `tm_gmtoff`.
fn tm_arg(vm: &mut Vm, v: &Value, func: &str) -> PyResult<TmArg> {
    let (items, cls) = match v {
        Value::Tuple(t) => (t.clone(), None),
        Value::Inst(i) => match &*i.base.borrow() {
            Value::Tuple(t) => (t.clone(), Some(i.class())),
            _ => return Err(vm.type_error("Tuple or struct_time argument required")),
        },
        _ => return Err(vm.type_error("Tuple or struct_time argument required")),
    };
    if items.len() != 9 {
        return Err(vm.type_error(format!("{func}(): illegal time tuple argument")));
    }
    let mut f = [0i32; 9];
    for (slot, item) in f.iter_mut().zip(items.iter()) {
        *slot = c_int(vm, item)?;
    }
    if f[0] < i32::MIN + 1900 {
        return Err(vm.overflow_error("year out of range"));
    }
    let mut tm = zeroed_tm();
    tm.tm_year = f[0] - 1900;
    tm.tm_mon = f[1].wrapping_sub(1);
    tm.tm_mday = f[2];
    tm.tm_hour = f[3];
    tm.tm_min = f[4];
    tm.tm_sec = f[5];
    tm.tm_wday = f[6].wrapping_add(1) % 7;
    tm.tm_yday = f[7].wrapping_sub(1);
    tm.tm_isdst = f[8];
    let mut zone = None;
    let exact = match (&cls, struct_time::module_class(vm)) {
        (Some(c), Some(st)) => Rc::ptr_eq(c, &st),
        _ => false,
    };
    if exact {
        match v.as_inst_attr("tm_zone") {
            Value::None => {}
            Value::Str(s) => {
                let bytes = s.as_str().split('\0').next().unwrap_or("");
                let c = CString::new(bytes).unwrap_or_default();
                tm.tm_zone = c.as_ptr();
                zone = Some(c);
            }
            _ => return Err(vm.type_error("bad argument type for built-in operation")),
        }
        let off = v.as_inst_attr("tm_gmtoff");
        if !off.is_none() {
            tm.tm_gmtoff = c_long(vm, &off)? as libc::c_long;
        }
    }
    Ok(TmArg { tm, _zone: zone })
}

trait InstAttr {
    fn as_inst_attr(&self, name: &str) -> Value;
}

impl InstAttr for Value {
    /// An instance's own attribute (`None` if it has none).
    fn as_inst_attr(&self, name: &str) -> Value {
        match self {
            Value::Inst(i) => i.get_attr_str(name).unwrap_or(Value::None),
            _ => Value::None,
        }
    }
}

/// CPython's `checktm`: the ranges `strftime` and `asctime` index arrays with; a zero month,
/// day of month or day of year stands for the first.
fn check_tm(vm: &Vm, tm: &mut libc::tm) -> PyResult<()> {
    let bad = |what: &str| Err(vm.value_error(format!("{what} out of range")));
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    } else if !(0..=11).contains(&tm.tm_mon) {
        return bad("month");
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    } else if !(0..=31).contains(&tm.tm_mday) {
        return bad("day of month");
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return bad("hour");
    }
    if !(0..=59).contains(&tm.tm_min) {
        return bad("minute");
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return bad("seconds");
    }
    if tm.tm_wday < 0 {
        return bad("day of week");
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    } else if !(0..=365).contains(&tm.tm_yday) {
        return bad("day of year");
    }
    Ok(())
}

/// `mktime(t)`: local time to seconds since the epoch, through the C library's `mktime`.
fn mktime(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    if !kw.is_empty() {
        return Err(vm.type_error("time.mktime() takes no keyword arguments"));
    }
    let [t] = args else {
        return Err(vm.type_error(format!(
            "time.mktime() takes exactly one argument ({} given)",
            args.len()
        )));
    };
    let mut arg = tm_arg(vm, t, "mktime")?;
    // a sentinel only a failure leaves alone (-1 is also a valid result)
    arg.tm.tm_wday = -1;
    // SAFETY: a valid `struct tm` whose tm_zone (if set) lives in `arg`.
    let secs = unsafe { libc::mktime(&mut arg.tm) };
    if secs == -1 && arg.tm.tm_wday == -1 {
        return Err(vm.overflow_error("mktime argument out of range"));
    }
    Ok(Value::Float(secs as f64))
}

/// CPython's `_asctime`: `Sun Jun  6 16:26:11 1998` (no trailing newline).
fn asctime_text(tm: &libc::tm) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = usize::try_from(tm.tm_wday).ok().and_then(|i| DAYS.get(i));
    let month = usize::try_from(tm.tm_mon).ok().and_then(|i| MONTHS.get(i));
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        day.unwrap_or(&"???"),
        month.unwrap_or(&"???"),
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year as i64 + 1900
    )
}

fn asctime(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    if !kw.is_empty() {
        return Err(vm.type_error("asctime() takes no keyword arguments"));
    }
    if args.len() > 1 {
        return Err(vm.type_error(format!(
            "asctime expected at most 1 argument, got {}",
            args.len()
        )));
    }
    let tm = match args.first() {
        None => localtime_tm(vm, now(vm))?,
        Some(t) => {
            let mut arg = tm_arg(vm, t, "asctime")?;
            check_tm(vm, &mut arg.tm)?;
            arg.tm
        }
    };
    Ok(Value::str(asctime_text(&tm)))
}

fn ctime(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let t = time_arg(vm, "ctime", args, kw)?;
    let tm = localtime_tm(vm, t)?;
    Ok(Value::str(asctime_text(&tm)))
}

/// `strftime(format[, t])`: the C library's `strftime` of the time tuple (local time now
/// without one), with CPython's checks of the tuple and its way of sizing the buffer.
fn strftime(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    if !kw.is_empty() {
        return Err(vm.type_error("strftime() takes no keyword arguments"));
    }
    match args.len() {
        0 => return Err(vm.type_error("strftime() takes at least 1 argument (0 given)")),
        1 | 2 => {}
        n => return Err(vm.type_error(format!("strftime() takes at most 2 arguments ({n} given)"))),
    }
    let fmt = match vm.unwrap_base(&args[0]).unwrap_or_else(|| args[0].clone()) {
        Value::Str(s) => s,
        other => {
            let got = match other {
                Value::None => "None".to_string(),
                _ => vm.type_of(&args[0]).name().as_str().to_string(),
            };
            return Err(vm.type_error(format!("strftime() argument 1 must be str, not {got}")));
        }
    };
    let mut arg = match args.get(1) {
        None => TmArg {
            tm: localtime_tm(vm, now(vm))?,
            _zone: None,
        },
        Some(t) => {
            let mut arg = tm_arg(vm, t, "strftime")?;
            check_tm(vm, &mut arg.tm)?;
            arg
        }
    };
    arg.tm.tm_isdst = arg.tm.tm_isdst.clamp(-1, 1);
    let Ok(cfmt) = CString::new(fmt.as_str()) else {
        return Err(vm.value_error("embedded null character"));
    };
    Ok(Value::str(format_tm(&cfmt, &arg.tm)))
}

/// The C library's `strftime`, in a buffer grown as CPython grows it: from 1024 bytes,
/// doubling until the result is not empty or the buffer is 256 times the format's length (an
/// empty result is then taken to be the real one, as for `%Z` of an unknown zone).
fn format_tm(fmt: &CStr, tm: &libc::tm) -> String {
    let limit = 256 * fmt.to_bytes().len();
    let mut size = 1024;
    loop {
        let mut out = vec![0u8; size];
        // SAFETY: `out` has `size` writable bytes, `fmt` is NUL-terminated, and `tm` (with the
        // zone name it may point to) is alive for the call.
        let n = unsafe { libc::strftime(out.as_mut_ptr().cast(), size, fmt.as_ptr(), tm) };
        if n > 0 || size >= limit {
            out.truncate(n);
            return String::from_utf8_lossy(&out).into_owned();
        }
        size *= 2;
    }
}

/// `timezone`, `altzone`, `daylight` and `tzname` as CPython computes them on glibc: from the
/// local time of January and of July of the current year.
pub fn zone_values(vm: &Vm) -> Vec<(&'static str, Value)> {
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    let jan = (now(vm) / YEAR) * YEAR;
    let (Ok(jan_tm), Ok(july_tm)) = (localtime_tm(vm, jan), localtime_tm(vm, jan + YEAR / 2))
    else {
        return vec![];
    };
    // CPython copies at most 9 bytes of each name
    let name = |tm: &libc::tm| {
        let n = zone_name(tm);
        let mut end = n.len().min(9);
        while !n.is_char_boundary(end) {
            end -= 1;
        }
        Value::str(&n[..end])
    };
    let (jan_zone, july_zone) = (-jan_tm.tm_gmtoff, -july_tm.tm_gmtoff);
    let (std, dst, std_name, dst_name) = if jan_zone < july_zone {
        // the southern hemisphere: summer time in January
        (july_zone, jan_zone, name(&july_tm), name(&jan_tm))
    } else {
        (jan_zone, july_zone, name(&jan_tm), name(&july_tm))
    };
    vec![
        ("timezone", Value::Int(std)),
        ("altzone", Value::Int(dst)),
        ("daylight", Value::Int((jan_zone != july_zone) as i64)),
        ("tzname", Value::tuple(vec![std_name, dst_name])),
    ]
}

/// The calendar functions, for the module's table.
pub const FUNCTIONS: &[(&str, crate::vm::object::NativeFn)] = &[
    ("gmtime", gmtime),
    ("localtime", localtime),
    ("mktime", mktime),
    ("asctime", asctime),
    ("ctime", ctime),
    ("strftime", strftime),
];

//! Python text formatting of numbers and strings: `repr(float)`, `round`, `format()` specs, `%`-formatting and `int()`/`float()` parsing.

pub mod float;
pub mod parse;
pub mod percent;
pub mod spec;

pub use float::{float_repr, float_round, float_round_to_int, format_float_short};
pub use parse::{decimal_value, int_to_str_radix, is_py_space, parse_float, parse_int};
pub use percent::{percent_format, PercentArgs, PercentError, PercentValue};
pub use spec::{
    format_float, format_int, format_int_i64, format_int_simple, format_str, is_overflow_error,
    FormatSpec,
};

use num_bigint::BigInt;

/// `format(v, spec)` for an `int` given the raw spec string: `""` gives
/// `str(v)`; otherwise [`FormatSpec::parse_for`] (type name `int`) and
/// [`format_int`].  `Err` is the exception message (ValueError, or
/// OverflowError when [`is_overflow_error`] says so).
pub fn format_int_spec(v: &BigInt, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(v.to_string());
    }
    format_int(v, &FormatSpec::parse_for(spec, "int")?)
}

/// `format(x, spec)` for a `float` given the raw spec string: `""` gives
/// `repr(x)`; otherwise [`FormatSpec::parse_for`] (type name `float`) and
/// [`format_float`].  `Err` is the ValueError message.
pub fn format_float_spec(x: f64, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(float_repr(x));
    }
    format_float(x, &FormatSpec::parse_for(spec, "float")?)
}

/// `format(s, spec)` for a `str` given the raw spec string: `""` gives
/// `s`; otherwise [`FormatSpec::parse_for`] (type name `str`) and
/// [`format_str`].  `Err` is the ValueError message.
pub fn format_str_spec(s: &str, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    format_str(s, &FormatSpec::parse_for(spec, "str")?)
}

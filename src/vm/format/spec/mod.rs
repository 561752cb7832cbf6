//! The format-spec mini-language (`format(v, spec)`, f-strings,
//! `str.format`) for `str`, `int` and `float`; a port of CPython 3.11's
//! `Python/formatter_unicode.c`.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use super::float::format_float_short;
use super::parse::decimal_value;

/// A parsed standard format specifier
/// `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
///
/// `fill` is the effective fill character: the explicit one, else `'0'`
/// when the `0` flag was given (`zero`), else `' '`.  `align` is only the
/// explicitly given alignment; each formatter applies its own default
/// (`<` for str, `>` for numbers, `=` for numbers with the `0` flag).
/// `grouping` is `','` or `'_'`; `no_neg_zero` is the 3.11 `z` option.
/// Construct with [`FormatSpec::parse`] (or `..Default::default()`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatSpec {
    /// Effective fill character (explicit, else `'0'` with `zero`, else `' '`).
    pub fill: char,
    /// Explicit alignment `<`, `>`, `=` or `^`.
    pub align: Option<char>,
    /// Sign option `+`, `-` or `' '`.
    pub sign: Option<char>,
    /// `#`: alternate form.
    pub alternate: bool,
    /// The `0` flag (only recognised when no explicit fill was given).
    pub zero: bool,
    /// Minimum field width in characters.
    pub width: Option<usize>,
    /// Thousands separator `,` or `_`.
    pub grouping: Option<char>,
    /// `.precision`.
    pub precision: Option<usize>,
    /// Presentation type character (any single char; validated later).
    pub ty: Option<char>,
    /// `z`: coerce negative zero to positive (floats only; 3.11).
    pub no_neg_zero: bool,
}

impl Default for FormatSpec {
    /// The empty spec `""`.
    fn default() -> Self {
        FormatSpec {
            fill: ' ',
            align: None,
            sign: None,
            alternate: false,
            zero: false,
            width: None,
            grouping: None,
            precision: None,
            ty: None,
            no_neg_zero: false,
        }
    }
}

/// Largest width/precision accepted (CPython's `PY_SSIZE_T_MAX`).
const SSIZE_MAX: u64 = i64::MAX as u64;
/// Widths beyond this would need absurd allocations; they are rejected
/// with the "Too many decimal digits" message instead of aborting.
const MAX_WIDTH: usize = 1 << 31;

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// Reads a run of (Unicode) decimal digits.  `Ok(None)` if there is none.
fn get_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, String> {
    let mut acc: u64 = 0;
    let start = *pos;
    while let Some(d) = chars.get(*pos).and_then(|&c| decimal_value(c)) {
        if acc > (SSIZE_MAX - d as u64) / 10 {
            return Err("Too many decimal digits in format string".to_string());
        }
        acc = acc * 10 + d as u64;
        *pos += 1;
    }
    if *pos == start {
        Ok(None)
    } else {
        Ok(Some(acc as usize))
    }
}

fn invalid_thousands(sep: char, ty: char) -> String {
    if (ty as u32) > 32 && (ty as u32) < 128 {
        format!("Cannot specify '{}' with '{}'.", sep, ty)
    } else {
        format!("Cannot specify '{}' with '\\x{:x}'.", sep, ty as u32)
    }
}

/// CPython's "Unknown format code" ValueError message.
fn unknown_code(ty: char, type_name: &str) -> String {
    if (ty as u32) > 32 && (ty as u32) < 128 {
        format!(
            "Unknown format code '{}' for object of type '{}'",
            ty, type_name
        )
    } else {
        format!(
            "Unknown format code '\\x{:x}' for object of type '{}'",
            ty as u32, type_name
        )
    }
}

impl FormatSpec {
    /// Parses a standard format spec.  The `Err` string is the CPython
    /// ValueError message (`Format specifier missing precision`,
    /// `Cannot specify ',' with 'x'.`, `Cannot specify both ',' and '_'.`,
    /// `Too many decimal digits in format string`), except that trailing
    /// garbage gives plain `Invalid format specifier`; use
    /// [`FormatSpec::parse_for`] to get CPython's full message.
    pub fn parse(spec: &str) -> Result<FormatSpec, String> {
        Self::parse_impl(spec, None)
    }

    /// Like [`FormatSpec::parse`], but trailing garbage gives CPython 3.11's
    /// exact `Invalid format specifier '<spec>' for object of type
    /// '<type_name>'`.
    pub fn parse_for(spec: &str, type_name: &str) -> Result<FormatSpec, String> {
        Self::parse_impl(spec, Some(type_name))
    }

    fn parse_impl(spec: &str, type_name: Option<&str>) -> Result<FormatSpec, String> {
        // Specs are short: their chars go on the stack (a char per byte at most).
        let mut buf = ['\0'; 24];
        let heap: Vec<char>;
        let chars: &[char] = if spec.len() <= buf.len() {
            let mut n = 0;
            for c in spec.chars() {
                buf[n] = c;
                n += 1;
            }
            &buf[..n]
        } else {
            heap = spec.chars().collect();
            &heap
        };
        let end = chars.len();
        let mut f = FormatSpec::default();
        let mut pos = 0;
        let mut fill_specified = false;
        if end >= 2 && is_align(chars[1]) {
            f.align = Some(chars[1]);
            f.fill = chars[0];
            fill_specified = true;
            pos = 2;
        } else if end >= 1 && is_align(chars[0]) {
            f.align = Some(chars[0]);
            pos = 1;
        }
        if pos < end && matches!(chars[pos], '+' | '-' | ' ') {
            f.sign = Some(chars[pos]);
            pos += 1;
        }
        if pos < end && chars[pos] == 'z' {
            f.no_neg_zero = true;
            pos += 1;
        }
        if pos < end && chars[pos] == '#' {
            f.alternate = true;
            pos += 1;
        }
        if !fill_specified && pos < end && chars[pos] == '0' {
            f.fill = '0';
            f.zero = true;
            pos += 1;
        }
        f.width = get_integer(chars, &mut pos)?;
        if pos < end && chars[pos] == ',' {
            f.grouping = Some(',');
            pos += 1;
        }
        if pos < end && chars[pos] == '_' {
            if f.grouping.is_some() {
                return Err("Cannot specify both ',' and '_'.".to_string());
            }
            f.grouping = Some('_');
            pos += 1;
        }
        if pos < end && chars[pos] == ',' && f.grouping == Some('_') {
            return Err("Cannot specify both ',' and '_'.".to_string());
        }
        if pos < end && chars[pos] == '.' {
            pos += 1;
            f.precision = get_integer(chars, &mut pos)?;
            if f.precision.is_none() {
                return Err("Format specifier missing precision".to_string());
            }
        }
        if end - pos > 1 {
            return Err(match type_name {
                Some(t) => format!(
                    "Invalid format specifier '{}' for object of type '{}'",
                    spec, t
                ),
                None => "Invalid format specifier".to_string(),
            });
        }
        if end - pos == 1 {
            f.ty = Some(chars[pos]);
        }
        if let (Some(sep), Some(ty)) = (f.grouping, f.ty) {
            match ty {
                'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' => {}
                'b' | 'o' | 'x' | 'X' if sep == '_' => {}
                _ => return Err(invalid_thousands(sep, ty)),
            }
        }
        Ok(f)
    }

    /// The explicit alignment, or the default for numbers
    /// (`=` with the `0` flag, else `>`).
    fn numeric_align(&self) -> char {
        self.align.unwrap_or(if self.zero { '=' } else { '>' })
    }

    fn width_i64(&self) -> Result<i64, String> {
        match self.width {
            None => Ok(-1),
            Some(w) if w > MAX_WIDTH => Err("Too many decimal digits in format string".to_string()),
            Some(w) => Ok(w as i64),
        }
    }
}

fn push_fill(out: &mut String, c: char, n: i64) {
    if n > 0 {
        out.extend(std::iter::repeat_n(c, n as usize));
    }
}

/// Port of `_PyUnicode_InsertThousandsGrouping`: groups `digits` (ASCII,
/// most significant first) in runs of `group` (0 = no grouping) separated
/// by `sep`, left-padding with zeros (and separators) up to `min_width`.
fn group_digits(digits: &[u8], min_width: i64, group: i64, sep: char) -> String {
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as i64;
    let mut pos = digits.len();
    let mut rev: Vec<char> = Vec::with_capacity(digits.len() + digits.len() / 3 + 1);
    let mut use_sep = false;
    let mut emit = |n_chars: i64, n_zeros: i64, use_sep: bool, rev: &mut Vec<char>| {
        if use_sep {
            rev.push(sep);
        }
        for _ in 0..n_chars {
            pos -= 1;
            rev.push(digits[pos] as char);
        }
        for _ in 0..n_zeros {
            rev.push('0');
        }
    };
    let mut loop_broken = false;
    if group > 0 {
        loop {
            let len = group.min(remaining.max(min_width).max(1));
            let n_zeros = (len - remaining).max(0);
            let n_chars = remaining.min(len).max(0);
            emit(n_chars, n_zeros, use_sep, &mut rev);
            use_sep = true;
            remaining -= n_chars;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                loop_broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !loop_broken {
        let len = remaining.max(min_width).max(1);
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0);
        emit(n_chars, n_zeros, use_sep, &mut rev);
    }
    rev.iter().rev().collect()
}

/// The pieces of a formatted number, laid out by [`fill_number`].
struct Number<'a> {
    negative: bool,
    prefix: &'a str,
    /// Integer-part digits (grouped); empty for `c`, inf and nan.
    digits: &'a [u8],
    has_decimal: bool,
    /// Everything after the decimal point (or after the digits).
    remainder: &'a str,
}

/// Port of `calc_number_widths` + `fill_number`.
fn fill_number(n: &Number, spec: &FormatSpec, group: i64, sep: char) -> Result<String, String> {
    let width = spec.width_i64()?;
    let align = spec.numeric_align();
    let sign = match spec.sign {
        Some('+') => Some(if n.negative { '-' } else { '+' }),
        Some(' ') => Some(if n.negative { '-' } else { ' ' }),
        _ => n.negative.then_some('-'),
    };
    let n_non_digit = sign.is_some() as i64
        + n.prefix.len() as i64
        + n.has_decimal as i64
        + n.remainder.chars().count() as i64;
    let min_width = if spec.fill == '0' && align == '=' {
        width - n_non_digit
    } else {
        0
    };
    let grouped = if n.digits.is_empty() {
        String::new()
    } else {
        group_digits(n.digits, min_width, group, sep)
    };
    let n_padding = width - (n_non_digit + grouped.chars().count() as i64);
    let (mut lpad, mut spad, mut rpad) = (0, 0, 0);
    if n_padding > 0 {
        match align {
            '<' => rpad = n_padding,
            '^' => {
                lpad = n_padding / 2;
                rpad = n_padding - lpad;
            }
            '=' => spad = n_padding,
            _ => lpad = n_padding,
        }
    }
    let mut out = String::with_capacity(grouped.len() + n.remainder.len() + 8);
    push_fill(&mut out, spec.fill, lpad);
    if let Some(s) = sign {
        out.push(s);
    }
    out.push_str(n.prefix);
    push_fill(&mut out, spec.fill, spad);
    out.push_str(&grouped);
    if n.has_decimal {
        out.push('.');
    }
    out.push_str(n.remainder);
    push_fill(&mut out, spec.fill, rpad);
    Ok(out)
}

/// Grouping parameters for a presentation type: (group size, separator).
fn grouping_for(spec: &FormatSpec, ty: char) -> (i64, char) {
    match spec.grouping {
        Some('_') if matches!(ty, 'b' | 'o' | 'x' | 'X') => (4, '_'),
        Some(c) if ty != 'n' => (3, c),
        _ => (0, ','),
    }
}

/// `format(s, spec)` for a `str` (types `s` and none).  Precision
/// truncates (in characters); default alignment is left.  Errors are the
/// CPython ValueError messages (`Unknown format code 'd' for object of
/// type 'str'`, `Sign not allowed in string format specifier`, ...).
pub fn format_str(s: &str, spec: &FormatSpec) -> Result<String, String> {
    let ty = match spec.ty {
        None => {
            if let Some(sep) = spec.grouping {
                return Err(invalid_thousands(sep, 's'));
            }
            's'
        }
        Some(t) => t,
    };
    if ty != 's' {
        return Err(unknown_code(ty, "str"));
    }
    match spec.sign {
        Some(' ') => return Err("Space not allowed in string format specifier".to_string()),
        Some(_) => return Err("Sign not allowed in string format specifier".to_string()),
        None => {}
    }
    if spec.no_neg_zero {
        return Err(
            "Negative zero coercion (z) not allowed in string format specifier".to_string(),
        );
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".to_string());
    }
    let align = spec.align.unwrap_or('<');
    if align == '=' {
        return Err("'=' alignment not allowed in string format specifier".to_string());
    }
    let width = spec.width_i64()?;
    let mut len = s.chars().count();
    let body: &str = match spec.precision {
        Some(p) if p < len => {
            len = p;
            let cut = s.char_indices().nth(p).map(|(i, _)| i).unwrap_or(s.len());
            &s[..cut]
        }
        _ => s,
    };
    let total = width.max(len as i64);
    let pad = total - len as i64;
    let lpad = match align {
        '>' => pad,
        '^' => pad / 2,
        _ => 0,
    };
    let mut out = String::with_capacity(body.len() + pad.max(0) as usize);
    push_fill(&mut out, spec.fill, lpad);
    out.push_str(body);
    push_fill(&mut out, spec.fill, pad - lpad);
    Ok(out)
}

/// Converts an int to float as `float(int)` does (correctly rounded);
/// `Err` is CPython's OverflowError message.
fn bigint_to_f64(v: &BigInt) -> Result<f64, String> {
    let err = || "int too large to convert to float".to_string();
    if v.bits() > 1024 {
        return Err(err());
    }
    let f = match v.to_i64() {
        Some(i) => i as f64,
        None => v.to_string().parse::<f64>().map_err(|_| err())?,
    };
    if f.is_infinite() {
        return Err(err());
    }
    Ok(f)
}

/// `format(v, spec)` for an `int`: types `d b o x X c n` and none (= `d`),
/// plus `e E f F g G %` via `float(v)`.  Supports fill/align (default
/// right, `=` with the `0` flag), sign `+ - ' '`, `#` prefixes
/// `0b/0o/0x/0X`, `,`/`_` grouping (`_` every 4 digits for b/o/x/X) and
/// zero padding through the grouping (`format(1234, '010,d') ==
/// '00,001,234'`).  Errors are CPython's messages; note that
/// `%c arg not in range(0x110000)`, `Python int too large to convert to C
/// long` and `int too large to convert to float` are OverflowErrors in
/// CPython (see [`is_overflow_error`]), all others ValueErrors.
pub fn format_int(v: &BigInt, spec: &FormatSpec) -> Result<String, String> {
    format_int_of(
        v.sign() == Sign::Minus,
        |radix| v.magnitude().to_str_radix(radix),
        || v.to_i64(),
        || bigint_to_f64(v),
        spec,
    )
}

/// `format_int` for an int given as its sign, its magnitude's digits in a radix, its value
/// as an i64 (if it fits) and as a float.
fn format_int_of(
    negative: bool,
    digits_in: impl Fn(u32) -> String,
    as_i64: impl Fn() -> Option<i64>,
    as_f64: impl Fn() -> Result<f64, String>,
    spec: &FormatSpec,
) -> Result<String, String> {
    let ty = spec.ty.unwrap_or('d');
    match ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            return format_float(as_f64()?, spec);
        }
        _ => return Err(unknown_code(ty, "int")),
    }
    if spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".to_string());
    }
    if spec.no_neg_zero {
        return Err(
            "Negative zero coercion (z) not allowed in integer format specifier".to_string(),
        );
    }
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err("Sign not allowed with integer format specifier 'c'".to_string());
        }
        if spec.alternate {
            return Err(
                "Alternate form (#) not allowed with integer format specifier 'c'".to_string(),
            );
        }
        let code = match as_i64() {
            None => return Err("Python int too large to convert to C long".to_string()),
            Some(c) if !(0..=0x10ffff).contains(&c) => {
                return Err("%c arg not in range(0x110000)".to_string())
            }
            Some(c) => c as u32,
        };
        // Lone surrogates cannot live in a Rust string.
        let ch = char::from_u32(code).unwrap_or('\u{fffd}');
        let mut buf = [0u8; 4];
        let n = Number {
            negative: false,
            prefix: "",
            digits: &[],
            has_decimal: false,
            remainder: ch.encode_utf8(&mut buf),
        };
        return fill_number(&n, spec, 0, ',');
    }
    let (radix, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = digits_in(radix);
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let (group, sep) = grouping_for(spec, ty);
    let n = Number {
        negative,
        prefix: if spec.alternate { prefix } else { "" },
        digits: digits.as_bytes(),
        has_decimal: false,
        remainder: "",
    };
    fill_number(&n, spec, group, sep)
}

/// Fast-path variant of [`format_int`] for machine integers (same output
/// and errors).
pub fn format_int_i64(v: i64, spec: &FormatSpec) -> Result<String, String> {
    if spec.width.is_none()
        && spec.sign.is_none()
        && spec.grouping.is_none()
        && spec.precision.is_none()
        && !spec.alternate
        && !spec.no_neg_zero
        && matches!(spec.ty, None | Some('d'))
    {
        return Ok(itoa::Buffer::new().format(v).to_string());
    }
    if let Some(s) = format_decimal_padded(v, spec) {
        return Ok(s);
    }
    let m = v.unsigned_abs();
    format_int_of(
        v < 0,
        |radix| match radix {
            2 => format!("{m:b}"),
            8 => format!("{m:o}"),
            16 => format!("{m:x}"),
            _ => m.to_string(),
        },
        || Some(v),
        || Ok(v as f64),
        spec,
    )
}

/// `format(v, spec)` for an int and a spec of the form `[0][width][d]` (`04d`, `5`, `d`),
/// read without building a general [`FormatSpec`]; `None` for any other spec.
pub fn format_int_simple(v: i64, spec: &str) -> Option<String> {
    let b = spec.as_bytes();
    let zero = b.first() == Some(&b'0');
    let rest = if zero { &b[1..] } else { b };
    let (digits, ty) = match rest.split_last() {
        Some((b'd', head)) => (head, Some('d')),
        _ => (rest, None),
    };
    if digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) || (b.is_empty()) {
        return None;
    }
    let width = (!digits.is_empty()).then(|| {
        digits
            .iter()
            .fold(0usize, |w, d| w * 10 + (d - b'0') as usize)
    });
    let f = FormatSpec {
        fill: if zero { '0' } else { ' ' },
        zero,
        width,
        ty,
        ..FormatSpec::default()
    };
    format_decimal_padded(v, &f)
}

/// [`format_int_i64`] for the common specs that only pad a decimal (`04d`,
/// `>8`, `*^9d`, `-=6`): what [`fill_number`] lays out, without grouping
/// machinery. `None` for anything else (sign, grouping, `#`, other types).
fn format_decimal_padded(v: i64, spec: &FormatSpec) -> Option<String> {
    if !matches!(spec.sign, None | Some('-'))
        || spec.grouping.is_some()
        || spec.precision.is_some()
        || spec.alternate
        || spec.no_neg_zero
        || !matches!(spec.ty, None | Some('d'))
    {
        return None;
    }
    let width = spec.width.unwrap_or(0);
    if width > MAX_WIDTH {
        return None;
    }
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(v.unsigned_abs());
    let negative = v < 0;
    let align = spec.numeric_align();
    let sign_len = negative as usize;
    let zeros = if spec.fill == '0' && align == '=' {
        width.saturating_sub(sign_len + digits.len())
    } else {
        0
    };
    let pad = width.saturating_sub(sign_len + zeros + digits.len());
    let (lpad, spad, rpad) = match align {
        '<' => (0, 0, pad),
        '^' => (pad / 2, 0, pad - pad / 2),
        '=' => (0, pad, 0),
        _ => (pad, 0, 0),
    };
    let mut out = String::with_capacity(width.max(digits.len() + 1) + 4);
    push_fill(&mut out, spec.fill, lpad as i64);
    if negative {
        out.push('-');
    }
    push_fill(&mut out, spec.fill, spad as i64);
    push_fill(&mut out, '0', zeros as i64);
    out.push_str(digits);
    push_fill(&mut out, spec.fill, rpad as i64);
    Some(out)
}

/// `format(x, spec)` for a `float`: types `e E f F g G n %` and none (like
/// `g` but keeping at least one fractional digit, and `repr` digits when no
/// precision is given: `format(1.0, '') == '1.0'`, `f'{3.14159:.2}' ==
/// '3.1'`).  Correctly rounded (half-even on the exact binary value).
/// Supports fill/align, sign, `z`, `#`, `0`, width, `,`/`_` grouping of
/// the integer part, inf/nan.  Errors are CPython's ValueError messages
/// (`precision too big`, `Unknown format code 'd' for object of type
/// 'float'`).
pub fn format_float(x: f64, spec: &FormatSpec) -> Result<String, String> {
    let ty = spec.ty.unwrap_or('\0');
    if !matches!(ty, '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') {
        return Err(unknown_code(ty, "float"));
    }
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err("precision too big".to_string());
    }
    let mut code = ty;
    let mut default_precision = 6;
    let mut add_dot_0 = false;
    if ty == '\0' {
        add_dot_0 = true;
        code = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        code = 'g';
    }
    let mut val = x;
    let add_pct = ty == '%';
    if add_pct {
        code = 'f';
        val *= 100.0;
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if code == 'r' {
                code = 'g';
            }
            p
        }
    };
    let mut buf = format_float_short(
        val,
        code,
        precision,
        false,
        add_dot_0,
        spec.alternate,
        spec.no_neg_zero,
    );
    if add_pct {
        buf.push('%');
    }
    let (negative, body) = match buf.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, buf.as_str()),
    };
    let n_digits = body.bytes().take_while(|b| b.is_ascii_digit()).count();
    let after = &body[n_digits..];
    let (has_decimal, remainder) = match after.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, after),
    };
    let (group, sep) = grouping_for(spec, ty);
    let n = Number {
        negative,
        prefix: "",
        digits: &body.as_bytes()[..n_digits],
        has_decimal,
        remainder,
    };
    fill_number(&n, spec, group, sep)
}

/// True for the error messages of this module that CPython raises as
/// `OverflowError` rather than `ValueError`.
pub fn is_overflow_error(msg: &str) -> bool {
    msg == "%c arg not in range(0x110000)"
        || msg == "Python int too large to convert to C long"
        || msg == "int too large to convert to float"
}

#[cfg(test)]
mod tests;

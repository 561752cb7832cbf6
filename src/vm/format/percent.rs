//! printf-style `str % args` formatting; a port of CPython 3.11's
//! `PyUnicode_Format`.

use num_bigint::{BigInt, Sign};
use num_traits::{FromPrimitive, ToPrimitive};

use std::rc::Rc;

use super::float::{float_repr, format_float_short};
use crate::vm::value::PyStr;

/// One converted argument of a `%` conversion.
#[derive(Clone, Debug)]
pub enum PercentValue {
    /// An integer (`%d %i %u %o %x %X`, `%c` code point, `*` width).
    Int(BigInt),
    /// An integer that fits an `i64` (the common case, formatted without a `BigInt`).
    Small(i64),
    /// A float (`%e %E %f %F %g %G`).
    Float(f64),
    /// A string (`%s` = `str()`, `%r` = `repr()`, `%a` = `ascii()`, or a
    /// one-character `%c` argument).
    Str(String),
    /// The `str()` of a `%s` argument, shared rather than copied.
    Shared(Rc<PyStr>),
}

/// Access to the right operand of `str % operand`, implemented by the VM.
pub trait PercentArgs {
    /// number of positional args (a non-tuple right operand counts as 1)
    fn len(&self) -> usize;

    /// True when there are no positional arguments (empty tuple).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// convert arg i as the conversion char needs: 's' -> str(), 'r'/'a' -> repr(), 'd','i','u','x','X','o','c','e','f','g',... -> number.
    /// Err(String) is a TypeError message, e.g. "%d format: a real number is required, not str".
    ///
    /// Exact expectations per `conv`:
    /// * `'s'`, `'r'`, `'a'`: `Str` of `str()`, `repr()`, `ascii()`.
    /// * `'d' 'i' 'u'`: `Int` for an int (bool included), `Float` for a
    ///   float (truncated here, with CPython's inf/nan errors), `Int` of
    ///   `int(v)` for other numbers, else
    ///   `Err("%d format: a real number is required, not T")`.
    /// * `'o' 'x' 'X'`: `Int` of `operator.index(v)`, else
    ///   `Err("%x format: an integer is required, not T")`.
    /// * `'e' 'E' 'f' 'F' 'g' 'G'`: `Float` of `float(v)`, else
    ///   `Err("must be real number, not T")`.
    /// * `'c'`: `Int` for an int, `Str` for a str; anything else
    ///   `Err("%c requires int or char")`.
    /// * `'*'` (argument of a `*` width or precision): `Int` for an int
    ///   (bool included); for any other value return anything else
    ///   (e.g. its `Str`), which becomes `TypeError("* wants int")`.
    fn get(&mut self, i: usize, conv: char) -> Result<PercentValue, String>;

    /// mapping key lookup for "%(name)s"; None means the right operand is not a mapping
    ///
    /// `conv` has the same meaning as for [`PercentArgs::get`].  A missing
    /// key must be reported as `Some(Err(String::new()))` (an empty
    /// message); `percent_format` turns it into [`PercentError::Key`].
    /// `percent_format` may also call this with key `""` and conv `'s'`
    /// purely to learn whether the operand is a mapping (the result is
    /// then discarded), e.g. so that `'hello' % {}` is accepted.
    fn get_key(&mut self, key: &str, conv: char) -> Option<Result<PercentValue, String>>;
}

/// Failure of [`percent_format`]: the Python exception class and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PercentError {
    /// `TypeError(msg)`.
    Type(String),
    /// `ValueError(msg)`.  CPython raises a few of these messages as
    /// `OverflowError` (`%c arg not in range(0x110000)`, `precision too
    /// large`, `Python int too large to convert to C ssize_t` / `C int`,
    /// `int too large to convert to float`, `cannot convert float infinity
    /// to integer`); see [`PercentError::is_overflow`].
    Value(String),
    /// `KeyError(key)`: the payload is the missing key itself (the
    /// exception's str is its repr).
    Key(String),
}

impl PercentError {
    /// True for `Value` messages that CPython raises as `OverflowError`.
    pub fn is_overflow(&self) -> bool {
        match self {
            PercentError::Value(m) => {
                m == "%c arg not in range(0x110000)"
                    || m == "precision too large"
                    || m.starts_with("Python int too large to convert")
                    || m == "int too large to convert to float"
                    || m == "cannot convert float infinity to integer"
            }
            _ => false,
        }
    }
}

const F_LJUST: u8 = 1;
const F_SIGN: u8 = 2;
const F_BLANK: u8 = 4;
const F_ALT: u8 = 8;
const F_ZERO: u8 = 16;

/// Width/precision above this are refused instead of allocating.
const MAX_WIDTH: i64 = 1 << 31;

fn type_err(s: &str) -> PercentError {
    PercentError::Type(s.to_string())
}

fn value_err(s: &str) -> PercentError {
    PercentError::Value(s.to_string())
}

enum State {
    /// Next positional index.
    Pos(usize),
    /// The value of `%(key)`, and whether it has been used.
    Key(String, bool),
}

struct Ctx<'a> {
    args: &'a mut dyn PercentArgs,
    len: usize,
    state: State,
    is_mapping: bool,
}

impl Ctx<'_> {
    fn key_result(
        &mut self,
        key: &str,
        r: Option<Result<PercentValue, String>>,
    ) -> Result<PercentValue, PercentError> {
        match r {
            None => Err(type_err("format requires a mapping")),
            Some(r) => {
                self.is_mapping = true;
                match r {
                    Ok(v) => Ok(v),
                    Err(e) if e.is_empty() => Err(PercentError::Key(key.to_string())),
                    Err(e) => Err(PercentError::Type(e)),
                }
            }
        }
    }

    /// `unicode_format_getnextarg` + conversion; `conv == '\0'` consumes
    /// the argument without converting it (after checking a key exists).
    fn next_arg(&mut self, conv: char) -> Result<Option<PercentValue>, PercentError> {
        let not_enough = || type_err("not enough arguments for format string");
        match &mut self.state {
            State::Pos(i) => {
                if *i >= self.len {
                    return Err(not_enough());
                }
                let idx = *i;
                *i += 1;
                if conv == '\0' {
                    return Ok(None);
                }
                self.args
                    .get(idx, conv)
                    .map(Some)
                    .map_err(PercentError::Type)
            }
            State::Key(key, used) => {
                if *used {
                    return Err(not_enough());
                }
                *used = true;
                let key = key.clone();
                let r = self
                    .args
                    .get_key(&key, if conv == '\0' { 's' } else { conv });
                let v = self.key_result(&key, r)?;
                Ok(if conv == '\0' { None } else { Some(v) })
            }
        }
    }

    /// Before reporting a parse error for a `%(key)` spec, surface the
    /// errors CPython would have raised earlier (not a mapping, KeyError).
    fn key_error_first(&mut self, err: PercentError) -> PercentError {
        if let State::Key(key, false) = &self.state {
            let key = key.clone();
            let r = self.args.get_key(&key, 's');
            match self.key_result(&key, r) {
                // A conversion TypeError would only surface later.
                Err(PercentError::Type(m)) if m != "format requires a mapping" => {}
                Err(e) => return e,
                Ok(_) => {}
            }
        }
        err
    }

    /// Reads a `*` width/precision argument.
    fn star_arg(&mut self) -> Result<BigInt, PercentError> {
        match self.next_arg('*')? {
            Some(PercentValue::Int(v)) => Ok(v),
            Some(PercentValue::Small(v)) => Ok(BigInt::from(v)),
            _ => Err(type_err("* wants int")),
        }
    }
}

/// `_PyUnicode_FormatLong`: `[-][0x]digits` with at least `prec` digits.
fn format_long(v: &BigInt, alt: bool, prec: i64, ty: char) -> Result<String, PercentError> {
    if prec > i32::MAX as i64 - 3 {
        return Err(value_err("precision too large"));
    }
    let (radix, prefix) = match ty {
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = v.magnitude().to_str_radix(radix);
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let mut out = String::with_capacity(digits.len() + 4);
    if v.sign() == Sign::Minus {
        out.push('-');
    }
    if alt {
        out.push_str(prefix);
    }
    let nd = digits.len() as i64;
    if prec > nd {
        out.extend(std::iter::repeat_n('0', (prec - nd) as usize));
    }
    out.push_str(&digits);
    Ok(out)
}

fn float_to_int(f: f64) -> Result<BigInt, PercentError> {
    if f.is_nan() {
        return Err(value_err("cannot convert float NaN to integer"));
    }
    BigInt::from_f64(f.trunc()).ok_or_else(|| value_err("cannot convert float infinity to integer"))
}

fn int_to_float(v: &BigInt) -> Result<f64, PercentError> {
    let f = if v.bits() > 1024 {
        f64::INFINITY
    } else {
        v.to_string().parse::<f64>().unwrap_or(f64::INFINITY)
    };
    if f.is_infinite() {
        return Err(value_err("int too large to convert to float"));
    }
    Ok(f)
}

/// `unicode_format_arg_output`: pads `s` into `out`.
fn output(out: &mut String, s: &str, ch: char, flags: u8, width: i64, prec: i64, sign: bool) {
    let fill = if sign && flags & F_ZERO != 0 {
        '0'
    } else {
        ' '
    };
    // No width, no sign to add, no truncation (a precision only cuts %s/%r/%a; a number
    // already has it) and no prefix to place: the text as it is.
    let truncates = prec != -1 && matches!(ch, 's' | 'r' | 'a');
    let prefixed = flags & F_ALT != 0 && matches!(ch, 'x' | 'X' | 'o');
    if width == -1 && flags & (F_SIGN | F_BLANK) == 0 && !truncates && !prefixed {
        out.push_str(s);
        return;
    }
    let mut len = s.chars().count() as i64;
    if (width == -1 || width <= len)
        && (prec == -1 || prec >= len)
        && flags & (F_SIGN | F_BLANK) == 0
    {
        out.push_str(s);
        return;
    }
    if matches!(ch, 's' | 'r' | 'a') && prec >= 0 && len > prec {
        len = prec;
    }
    let mut width = width;
    let mut pindex = 0usize;
    let mut sign = sign;
    let mut signchar = ' ';
    if sign {
        match s.chars().next() {
            Some(c) if c == '-' || c == '+' => {
                signchar = c;
                len -= 1;
                pindex = 1;
            }
            _ if flags & F_SIGN != 0 => signchar = '+',
            _ if flags & F_BLANK != 0 => signchar = ' ',
            _ => sign = false,
        }
    }
    width = width.max(len);
    if sign {
        if fill != ' ' {
            out.push(signchar);
        }
        if width > len {
            width -= 1;
        }
    }
    let alt_prefix = flags & F_ALT != 0 && matches!(ch, 'x' | 'X' | 'o');
    if alt_prefix {
        if fill != ' ' {
            out.push('0');
            out.push(ch);
            pindex += 2;
        }
        width = (width - 2).max(0);
        len -= 2;
    }
    if width > len && flags & F_LJUST == 0 {
        out.extend(std::iter::repeat_n(fill, (width - len) as usize));
        width = len;
    }
    if fill == ' ' {
        if sign {
            out.push(signchar);
        }
        if alt_prefix {
            out.push('0');
            out.push(ch);
            pindex += 2;
        }
    }
    if len > 0 {
        let from = s.char_indices().nth(pindex).map_or(s.len(), |(b, _)| b);
        let rest = &s[from..];
        let to = rest
            .char_indices()
            .nth(len as usize)
            .map_or(rest.len(), |(b, _)| b);
        out.push_str(&rest[..to]);
    }
    if width > len {
        out.extend(std::iter::repeat_n(' ', (width - len) as usize));
    }
}

/// `str % args`: printf-style formatting exactly as CPython 3.11 does it.
///
/// Supports `%%`, `%(key)` mapping lookups, flags `-+ #0`, width and
/// precision (including `*`), the ignored length modifiers `h l L`, and
/// conversions `s r a d i u o x X e E f F g G c`.  Errors carry CPython's
/// messages: `not enough arguments for format string`, `not all arguments
/// converted during string formatting`, `format requires a mapping`,
/// `* wants int` (TypeErrors); `unsupported format character 'q' (0x71)
/// at index 3`, `incomplete format`, `incomplete format key`, `width too
/// big`, `precision too big` (ValueErrors); KeyError for missing keys.
pub fn percent_format(fmt: &str, args: &mut dyn PercentArgs) -> Result<String, PercentError> {
    // `pos` is a byte offset; `%` and the spec syntax are ASCII.
    let bytes = fmt.as_bytes();
    let n = bytes.len();
    let len = args.len();
    let mut ctx = Ctx {
        args,
        len,
        state: State::Pos(0),
        is_mapping: false,
    };
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut pos = 0usize;
    while pos < n {
        if bytes[pos] != b'%' {
            let start = pos;
            pos = memchr::memchr(b'%', &bytes[pos..]).map_or(n, |i| pos + i);
            out.push_str(&fmt[start..pos]);
            continue;
        }
        pos += 1;
        if pos < n && bytes[pos] == b'%' {
            out.push('%');
            pos += 1;
            continue;
        }
        format_one(fmt, &mut pos, &mut ctx, &mut out)?;
    }
    // Unused positional arguments are an error unless the operand is a
    // mapping (CPython never checks them then).
    let unused = matches!(ctx.state, State::Pos(i) if i < ctx.len);
    if unused && !ctx.is_mapping && ctx.args.get_key("", 's').is_none() {
        return Err(type_err(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

/// Reads the next character of the spec (`None` past the end, which the
/// caller turns into "incomplete format").
fn read(fmt: &str, pos: &mut usize) -> Option<char> {
    let c = fmt.get(*pos..)?.chars().next()?;
    *pos += c.len_utf8();
    Some(c)
}

fn incomplete(ctx: &mut Ctx) -> PercentError {
    ctx.key_error_first(value_err("incomplete format"))
}

/// Parses and formats one conversion; `pos` is just after the `%`.
fn format_one(
    fmt: &str,
    pos: &mut usize,
    ctx: &mut Ctx,
    out: &mut String,
) -> Result<(), PercentError> {
    let mut flags = 0u8;
    let mut width: i64 = -1;
    let mut prec: i64 = -1;
    let bytes = fmt.as_bytes();
    if bytes.get(*pos) == Some(&b'(') {
        *pos += 1;
        let keystart = *pos;
        let mut pcount = 1;
        while pcount > 0 && *pos < bytes.len() {
            match bytes[*pos] {
                b')' => pcount -= 1,
                b'(' => pcount += 1,
                _ => {}
            }
            *pos += 1;
        }
        if pcount > 0 {
            let key = &fmt[keystart..];
            if ctx.args.get_key(key, 's').is_none() {
                return Err(type_err("format requires a mapping"));
            }
            return Err(value_err("incomplete format key"));
        }
        let key = fmt[keystart..*pos - 1].to_string();
        ctx.state = State::Key(key, false);
    }
    // Flags.
    let mut ch = loop {
        match read(fmt, pos) {
            None => return Err(incomplete(ctx)),
            Some('-') => flags |= F_LJUST,
            Some('+') => flags |= F_SIGN,
            Some(' ') => flags |= F_BLANK,
            Some('#') => flags |= F_ALT,
            Some('0') => flags |= F_ZERO,
            Some(c) => break c,
        }
    };
    // Width.
    if ch == '*' {
        let v = ctx.star_arg()?;
        let w = v
            .to_i64()
            .ok_or_else(|| value_err("Python int too large to convert to C ssize_t"))?;
        if w < 0 {
            flags |= F_LJUST;
        }
        width = w.checked_abs().unwrap_or(i64::MAX);
        match read(fmt, pos) {
            None => return Err(incomplete(ctx)),
            Some(c) => ch = c,
        }
    } else if ch.is_ascii_digit() {
        width = ch as i64 - '0' as i64;
        loop {
            match read(fmt, pos) {
                None => return Err(incomplete(ctx)),
                Some(c) if c.is_ascii_digit() => {
                    let d = c as i64 - '0' as i64;
                    if width > (i64::MAX - d) / 10 {
                        return Err(ctx.key_error_first(value_err("width too big")));
                    }
                    width = width * 10 + d;
                }
                Some(c) => {
                    ch = c;
                    break;
                }
            }
        }
    }
    // Precision.
    if ch == '.' {
        prec = 0;
        match read(fmt, pos) {
            None => return Err(incomplete(ctx)),
            Some(c) => ch = c,
        }
        if ch == '*' {
            let v = ctx.star_arg()?;
            let p = v
                .to_i32()
                .ok_or_else(|| value_err("Python int too large to convert to C int"))?;
            prec = p.max(0) as i64;
            match read(fmt, pos) {
                None => return Err(incomplete(ctx)),
                Some(c) => ch = c,
            }
        } else if ch.is_ascii_digit() {
            prec = ch as i64 - '0' as i64;
            loop {
                match read(fmt, pos) {
                    None => return Err(incomplete(ctx)),
                    Some(c) if c.is_ascii_digit() => {
                        let d = c as i64 - '0' as i64;
                        if prec > (i32::MAX as i64 - d) / 10 {
                            return Err(ctx.key_error_first(value_err("precision too big")));
                        }
                        prec = prec * 10 + d;
                    }
                    Some(c) => {
                        ch = c;
                        break;
                    }
                }
            }
        }
    }
    if matches!(ch, 'h' | 'l' | 'L') {
        match read(fmt, pos) {
            None => return Err(incomplete(ctx)),
            Some(c) => ch = c,
        }
    }
    let alt = flags & F_ALT != 0;
    let (s, sign) = match ch {
        's' | 'r' | 'a' => {
            let s = match ctx.next_arg(ch)? {
                Some(PercentValue::Shared(p)) => {
                    if width > MAX_WIDTH {
                        return Err(value_err("width too big"));
                    }
                    output(out, p.as_str(), ch, flags, width, prec, false);
                    return Ok(());
                }
                Some(PercentValue::Str(s)) => s,
                Some(PercentValue::Int(i)) => i.to_string(),
                Some(PercentValue::Small(i)) => i.to_string(),
                Some(PercentValue::Float(f)) => float_repr(f),
                None => String::new(),
            };
            (s, false)
        }
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            let v = match ctx.next_arg(ch)? {
                Some(PercentValue::Small(i)) => {
                    if width == -1 && prec == -1 && flags == 0 && matches!(ch, 'd' | 'i' | 'u') {
                        out.push_str(itoa::Buffer::new().format(i));
                        return Ok(());
                    }
                    BigInt::from(i)
                }
                Some(PercentValue::Int(i)) => i,
                Some(PercentValue::Float(f)) => float_to_int(f)?,
                _ => {
                    let what = if matches!(ch, 'o' | 'x' | 'X') {
                        "an integer"
                    } else {
                        "a real number"
                    };
                    return Err(PercentError::Type(format!(
                        "%{} format: {} is required, not str",
                        ch, what
                    )));
                }
            };
            (format_long(&v, alt, prec, ch)?, true)
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match ctx.next_arg(ch)? {
                Some(PercentValue::Float(f)) => f,
                Some(PercentValue::Int(i)) => int_to_float(&i)?,
                Some(PercentValue::Small(i)) => int_to_float(&BigInt::from(i))?,
                _ => return Err(type_err("must be real number, not str")),
            };
            let p = if prec < 0 { 6 } else { prec as usize };
            (format_float_short(x, ch, p, false, false, alt, false), true)
        }
        'c' => {
            let c = match ctx.next_arg(ch)? {
                Some(PercentValue::Small(i)) => match u32::try_from(i) {
                    Ok(c) if c <= 0x10ffff => char::from_u32(c).unwrap_or('\u{fffd}'),
                    _ => return Err(value_err("%c arg not in range(0x110000)")),
                },
                Some(PercentValue::Int(i)) => match i.to_i64() {
                    Some(c) if (0..=0x10ffff).contains(&c) => {
                        char::from_u32(c as u32).unwrap_or('\u{fffd}')
                    }
                    _ => return Err(value_err("%c arg not in range(0x110000)")),
                },
                Some(PercentValue::Str(s)) if s.chars().count() == 1 => {
                    s.chars().next().unwrap_or(' ')
                }
                _ => return Err(type_err("%c requires int or char")),
            };
            (c.to_string(), false)
        }
        _ => {
            ctx.next_arg('\0')?;
            let shown = if (31..=126).contains(&(ch as u32)) {
                ch
            } else {
                '?'
            };
            return Err(PercentError::Value(format!(
                "unsupported format character '{}' (0x{:x}) at index {}",
                shown,
                ch as u32,
                fmt[..*pos - ch.len_utf8()].chars().count()
            )));
        }
    };
    if width > MAX_WIDTH {
        // CPython would attempt the allocation and raise MemoryError.
        return Err(value_err("width too big"));
    }
    output(out, &s, ch, flags, width, prec, sign);
    Ok(())
}

#[cfg(test)]
#[allow(clippy::approx_constant)]
mod tests {
    use super::*;

    fn flat(r: Result<String, PercentError>) -> Result<String, (char, String)> {
        match r {
            Ok(s) => Ok(s),
            Err(PercentError::Type(m)) => Err(('T', m)),
            Err(PercentError::Value(m)) => Err(('V', m)),
            Err(PercentError::Key(m)) => Err(('K', m)),
        }
    }

    #[derive(Clone, Copy)]
    enum T {
        I(i64),
        F(f64),
        S(&'static str),
    }
    use T::{F, I, S};

    type Want = Result<&'static str, (char, &'static str)>;
    type Dict = &'static [(&'static str, T)];

    fn tname(v: T) -> &'static str {
        match v {
            I(_) => "int",
            F(_) => "float",
            S(_) => "str",
        }
    }

    fn conv(v: T, c: char) -> Result<PercentValue, String> {
        match (c, v) {
            ('s', S(s)) => Ok(PercentValue::Str(s.to_string())),
            ('r' | 'a', S(s)) => Ok(PercentValue::Str(format!("'{}'", s))),
            ('s' | 'r' | 'a', I(i)) => Ok(PercentValue::Str(i.to_string())),
            ('s' | 'r' | 'a', F(f)) => Ok(PercentValue::Str(float_repr(f))),
            (_, I(i)) => Ok(PercentValue::Int(BigInt::from(i))),
            ('c', S(s)) => Ok(PercentValue::Str(s.to_string())),
            ('c', _) => Err("%c requires int or char".to_string()),
            ('*', _) => Ok(PercentValue::Str(String::new())),
            ('o' | 'x' | 'X', v) => Err(format!(
                "%{} format: an integer is required, not {}",
                c,
                tname(v)
            )),
            (_, F(f)) => Ok(PercentValue::Float(f)),
            ('d' | 'i' | 'u', v) => Err(format!(
                "%{} format: a real number is required, not {}",
                c,
                tname(v)
            )),
            (_, v) => Err(format!("must be real number, not {}", tname(v))),
        }
    }

    struct Args {
        vals: Vec<T>,
        dict: Option<Vec<(&'static str, T)>>,
    }

    impl PercentArgs for Args {
        fn len(&self) -> usize {
            self.vals.len()
        }
        fn get(&mut self, i: usize, c: char) -> Result<PercentValue, String> {
            conv(self.vals[i], c)
        }
        fn get_key(&mut self, key: &str, c: char) -> Option<Result<PercentValue, String>> {
            let d = self.dict.as_ref()?;
            Some(match d.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => conv(*v, c),
                None => Err(String::new()),
            })
        }
    }

    // Expected values produced by CPython 3.11.7 `fmt % args`; the bool
    // says whether the right operand is a tuple.
    #[test]
    #[rustfmt::skip]
    fn cpython_table() {
        let pos: &[(&str, bool, &[T], Want)] = &[
            ("%s and %r", true, &[S("a"), S("b")], Ok("a and 'b'")),
            ("%d", false, &[I(42)], Ok("42")),
            ("%5d|%-5d|%05d", true, &[I(42), I(42), I(42)], Ok("   42|42   |00042")),
            ("%+d % d %+d", true, &[I(5), I(5), I(-5)], Ok("+5  5 -5")),
            ("%i %u", true, &[F(3.7), F(-3.7)], Ok("3 -3")),
            ("%#x %#X %#o", true, &[I(255), I(255), I(8)], Ok("0xff 0XFF 0o10")),
            ("%#5x|%#05x|%-#05x|", true, &[I(255), I(255), I(255)], Ok(" 0xff|0x0ff|0xff |")),
            ("%#.5x", true, &[I(-255)], Ok("-0x000ff")),
            ("%.3s", true, &[S("abcdef")], Ok("abc")),
            ("%-5c|%c%c", true, &[I(65), S("é"), I(9786)], Ok("A    |é☺")),
            ("%f %e %g", true, &[F(3.14159), F(3.14159), F(3.14159)], Ok("3.141590 3.141590e+00 3.14159")),
            ("%010.3f", true, &[F(-3.14159)], Ok("-00003.142")),
            ("%F %E", true, &[F(f64::NAN), F(f64::NEG_INFINITY)], Ok("NAN -INF")),
            ("%05f", true, &[F(f64::INFINITY)], Ok("00inf")),
            ("%.0e %#.0e %#.0f", true, &[F(12345.0), F(12345.0), F(1.0)], Ok("1e+04 1.e+04 1.")),
            ("%g %#g %g %g", true, &[F(1e+20), F(1.0), F(0.0001), F(1e-05)], Ok("1e+20 1.00000 0.0001 1e-05")),
            ("%*d|%-*d|%*d", true, &[I(5), I(1), I(5), I(2), I(-4), I(3)], Ok("    1|2    |3   ")),
            ("%.*f", true, &[I(2), F(3.14159)], Ok("3.14")),
            ("%*.*f", true, &[I(10), I(3), F(2.5)], Ok("     2.500")),
            ("%d", true, &[F(1e+20)], Ok("100000000000000000000")),
            ("%s %s", true, &[I(1)], Err(('T', "not enough arguments for format string"))),
            ("%s", true, &[I(1), I(2)], Err(('T', "not all arguments converted during string formatting"))),
            ("hello", false, &[I(5)], Err(('T', "not all arguments converted during string formatting"))),
            ("%", true, &[], Err(('V', "incomplete format"))),
            ("%5", true, &[I(1)], Err(('V', "incomplete format"))),
            ("%q", true, &[I(1)], Err(('V', "unsupported format character 'q' (0x71) at index 1"))),
            ("ab%é", true, &[I(1)], Err(('V', "unsupported format character '?' (0xe9) at index 3"))),
            ("%q", true, &[], Err(('T', "not enough arguments for format string"))),
            ("%*d", true, &[S("x"), I(2)], Err(('T', "* wants int"))),
            ("%99999999999999999999d", true, &[I(1)], Err(('V', "width too big"))),
            ("%.99999999999d", true, &[I(1)], Err(('V', "precision too big"))),
            ("%.2147483646d", true, &[I(1)], Err(('V', "precision too large"))),
            ("%c", true, &[I(-1)], Err(('V', "%c arg not in range(0x110000)"))),
            ("%c", true, &[S("ab")], Err(('T', "%c requires int or char"))),
            ("%5%", true, &[I(1)], Err(('V', "unsupported format character '%' (0x25) at index 2"))),
            ("%d", true, &[S("s")], Err(('T', "%d format: a real number is required, not str"))),
            ("%d", true, &[F(f64::INFINITY)], Err(('V', "cannot convert float infinity to integer"))),
            ("%d", true, &[F(f64::NAN)], Err(('V', "cannot convert float NaN to integer"))),
            ("%(a)s", true, &[I(1)], Err(('T', "format requires a mapping"))),
            ("%-+8.2f|", true, &[F(1.005)], Ok("+1.00   |")),
            ("% 08.2f", true, &[F(-0.0)], Ok("-0000.00")),
        ];
        let keyed: &[(&str, Dict, Want)] = &[
            ("%(a)s %(b)d", &[("a", S("x")), ("b", I(3))], Ok("x 3")),
            ("%(a)s", &[], Err(('K', "a"))),
            ("%(a", &[("a", I(1))], Err(('V', "incomplete format key"))),
            ("%(a)", &[("a", I(1))], Err(('V', "incomplete format"))),
            ("%(a)s %s", &[("a", I(1))], Err(('T', "not enough arguments for format string"))),
            ("%(x(y))s", &[("x(y)", I(7))], Ok("7")),
            ("%(a)*d", &[("a", I(5))], Err(('T', "not enough arguments for format string"))),
            ("%(a)*d", &[("a", S("x"))], Err(('T', "* wants int"))),
            ("%(a)q", &[], Err(('K', "a"))),
            ("%(a)d", &[("a", S("s"))], Err(('T', "%d format: a real number is required, not str"))),
            ("hello", &[], Ok("hello")),
            ("%(a)", &[], Err(('K', "a"))),
            ("%(a)5", &[], Err(('K', "a"))),
        ];
        for (fmt, _tuple, vals, want) in pos {
            let mut a = Args { vals: vals.to_vec(), dict: None };
            let got = percent_format(fmt, &mut a);
            let want = want.map(str::to_string).map_err(|(c, m)| (c, m.to_string()));
            assert_eq!(flat(got), want, "{:?}", fmt);
        }
        for (fmt, dict, want) in keyed {
            let mut a = Args { vals: vec![S("{...}")], dict: Some(dict.to_vec()) };
            let got = percent_format(fmt, &mut a);
            let want = want.map(str::to_string).map_err(|(c, m)| (c, m.to_string()));
            assert_eq!(flat(got), want, "{:?}", fmt);
        }
    }

    #[test]
    fn overflow_classification() {
        let mut a = Args {
            vals: vec![I(-1)],
            dict: None,
        };
        assert!(percent_format("%c", &mut a).unwrap_err().is_overflow());
        let mut a = Args {
            vals: vec![S("x")],
            dict: None,
        };
        assert!(!percent_format("%q", &mut a).unwrap_err().is_overflow());
    }
}

//! Float to decimal conversion: `repr(float)`, `round()` and the digit
//! engine (a port of CPython's `format_float_short`) shared by `format()`
//! and `%`-formatting.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};

/// Beyond this many digits Rust's exact float formatting only appends
/// zeros (an `f64` has at most 767 significant decimal digits and at most
/// 1074 fractional ones), so larger precisions are padded by hand.  This
/// also keeps us below Rust's `u16` limit on runtime precisions.
const MAX_EXACT_DIGITS: usize = 1100;

/// Digits of a non-negative finite float: `0.d1d2d3... * 10**decpt`.
/// `digits` is non-empty, has no trailing zeros, and is `"0"` (with
/// `decpt == 1`) for zero.
struct Digits {
    digits: Vec<u8>,
    decpt: i64,
}

/// Turns Rust's `{:e}` rendering (`"1.2345e-5"`) into [`Digits`].
fn digits_from_sci(s: &str) -> Digits {
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mant.bytes().filter(|b| b.is_ascii_digit()).collect();
    normalize(&mut digits, exp + 1)
}

/// Strips trailing zeros; maps an all-zero string to `"0"`, decpt 1.
fn normalize(digits: &mut Vec<u8>, decpt: i64) -> Digits {
    while digits.len() > 1 && digits[digits.len() - 1] == b'0' {
        digits.pop();
    }
    if digits.is_empty() || digits == b"0" {
        return Digits {
            digits: vec![b'0'],
            decpt: 1,
        };
    }
    Digits {
        digits: std::mem::take(digits),
        decpt,
    }
}

/// Shortest round-tripping digits (dtoa mode 0).  When two candidates of
/// that length are equally close (an exact tie, only possible with 16+
/// digits), CPython's dtoa picks the even last digit while Rust rounds
/// half up; the correctly rounded (half-even) string of the same length
/// is then used whenever it round-trips.
fn shortest_digits(ax: f64) -> Digits {
    let d = digits_from_sci(&format!("{:e}", ax));
    let n = d.digits.len();
    if n >= 15 {
        let s = format!("{:.*e}", n - 1, ax);
        if s.parse::<f64>() == Ok(ax) {
            return digits_from_sci(&s);
        }
    }
    d
}

/// `n` significant digits, correctly rounded (dtoa mode 2).
fn significant_digits(ax: f64, n: usize) -> Digits {
    let p = n.max(1).saturating_sub(1).min(MAX_EXACT_DIGITS);
    digits_from_sci(&format!("{:.*e}", p, ax))
}

/// `n` digits after the decimal point, correctly rounded (dtoa mode 3).
fn fixed_digits(ax: f64, n: usize) -> Digits {
    if let Some(d) = fixed_digits_u128(ax, n) {
        return d;
    }
    let p = n.min(MAX_EXACT_DIGITS);
    let s = format!("{:.*}", p, ax);
    let (ip, fp) = s.split_once('.').unwrap_or((&s, ""));
    let mut all: Vec<u8> = Vec::with_capacity(ip.len() + fp.len());
    all.extend_from_slice(ip.as_bytes());
    all.extend_from_slice(fp.as_bytes());
    let lead = all.iter().take_while(|&&b| b == b'0').count();
    if lead == all.len() {
        return normalize(&mut Vec::new(), 1);
    }
    let decpt = ip.len() as i64 - lead as i64;
    let mut digits = all.split_off(lead);
    normalize(&mut digits, decpt)
}

/// `ax * 10**n` rounded half to even on the exact binary value (as dtoa
/// rounds), when that is computed exactly in 128 bits: `ax = m * 2**e` with
/// `m < 2**53` and `n <= 22`, so `m * 10**n < 2**127`; for `e >= 0` the
/// product must fit, for `e < 0` the shift is at most 127. `None` otherwise.
fn fixed_scaled(ax: f64, n: usize) -> Option<u128> {
    if n > 22 {
        return None;
    }
    if ax == 0.0 {
        return Some(0);
    }
    let (m, e) = decompose(ax);
    let scaled = (m as u128) * 10u128.pow(n as u32);
    if e >= 0 {
        // An integer: exact when the product still fits.
        if e > 74 {
            return None;
        }
        return scaled.checked_mul(1u128 << e);
    }
    let k = (-e) as u32;
    if k > 127 {
        return None;
    }
    let q = scaled >> k;
    let r = scaled & ((1u128 << k) - 1);
    let half = 1u128 << (k - 1);
    Some(if r > half || (r == half && q & 1 == 1) {
        q + 1
    } else {
        q
    })
}

/// [`fixed_digits`] from [`fixed_scaled`]; `None` where that is.
fn fixed_digits_u128(ax: f64, n: usize) -> Option<Digits> {
    let q = fixed_scaled(ax, n)?;
    if q == 0 {
        return Some(normalize(&mut Vec::new(), 1));
    }
    let mut digits = itoa::Buffer::new().format(q).as_bytes().to_vec();
    let decpt = digits.len() as i64 - n as i64;
    Some(normalize(&mut digits, decpt))
}

/// [`format_float_short`] for code `f`/`F` without `add_dot_0`, laid out
/// straight from [`fixed_scaled`]: sign, integer digits (at least `0`), and
/// with a precision (or `#`) a point and exactly `precision` digits.
fn format_fixed_fast(
    x: f64,
    precision: usize,
    always_sign: bool,
    alt: bool,
    no_neg_zero: bool,
) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    let q = fixed_scaled(x.abs(), precision)?;
    let mut buf = itoa::Buffer::new();
    let d = buf.format(q);
    let mut out = String::with_capacity(d.len() + precision + 3);
    if x.is_sign_negative() && !(no_neg_zero && q == 0) {
        out.push('-');
    } else if always_sign {
        out.push('+');
    }
    let (int, frac_zeros, frac) = if d.len() > precision {
        let cut = d.len() - precision;
        ("", 0, (&d[..cut], &d[cut..]))
    } else {
        ("0", precision - d.len(), ("", d))
    };
    out.push_str(int);
    out.push_str(frac.0);
    if precision > 0 || alt {
        out.push('.');
    }
    push_zeros(&mut out, frac_zeros as i64);
    out.push_str(frac.1);
    Some(out)
}

fn push_zeros(out: &mut String, n: i64) {
    if n > 0 {
        out.extend(std::iter::repeat_n('0', n as usize));
    }
}

/// Port of CPython's `PyOS_double_to_string` / `format_float_short`.
///
/// `code` is one of `e E f F g G r` (`r` = repr, precision ignored).
/// `precision` is the Python precision (digits after the point for `e`/`f`,
/// significant digits for `g`, where 0 means 1).  Flags: `always_sign`
/// puts `+` on non-negative values, `add_dot_0` appends `.0` to integral
/// non-exponent results, `alt` is the `#` alternate form (keep trailing
/// zeros/point), `no_neg_zero` is the `z` option.  Infinities and NaNs
/// give `inf`/`nan` (`INF`/`NAN` for upper-case codes).
pub fn format_float_short(
    x: f64,
    code: char,
    precision: usize,
    always_sign: bool,
    add_dot_0: bool,
    alt: bool,
    no_neg_zero: bool,
) -> String {
    if matches!(code, 'f' | 'F') && !add_dot_0 {
        if let Some(s) = format_fixed_fast(x, precision, always_sign, alt, no_neg_zero) {
            return s;
        }
    }
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    let mut out = String::with_capacity(24);
    if !x.is_finite() {
        let neg = x.is_sign_negative() && !x.is_nan();
        if neg {
            out.push('-');
        } else if always_sign {
            out.push('+');
        }
        out.push_str(match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        });
        return out;
    }
    let ax = x.abs();
    let mut sign = x.is_sign_negative();
    let prec = precision.min(i64::MAX as usize / 4) as i64;
    let d = match code {
        'e' => significant_digits(ax, precision.saturating_add(1)),
        'f' => fixed_digits(ax, precision),
        'g' => significant_digits(ax, precision.max(1)),
        _ => shortest_digits(ax),
    };
    let digits = d.digits;
    let mut decpt = d.decpt;
    if no_neg_zero && sign && digits == b"0" {
        sign = false;
    }
    let digits_len = digits.len() as i64;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = prec + 1;
        }
        'f' => vdigits_end = decpt + prec,
        'g' => {
            let p = prec.max(1);
            if decpt <= -4 || decpt > (if add_dot_0 { p - 1 } else { p }) {
                use_exp = true;
            }
            if alt {
                vdigits_end = p;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0i64;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    if !use_exp && add_dot_0 {
        vdigits_end = vdigits_end.max(decpt + 1);
    } else {
        vdigits_end = vdigits_end.max(decpt);
    }
    if sign {
        out.push('-');
    } else if always_sign {
        out.push('+');
    }
    let ds = std::str::from_utf8(&digits).unwrap_or("0");
    if decpt <= 0 {
        push_zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        push_zeros(&mut out, -decpt);
    } else {
        push_zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        out.push_str(&ds[..decpt as usize]);
        out.push('.');
        out.push_str(&ds[decpt as usize..]);
    } else {
        out.push_str(ds);
    }
    if digits_len < decpt {
        push_zeros(&mut out, decpt - digits_len);
        out.push('.');
        push_zeros(&mut out, vdigits_end - decpt);
    } else {
        push_zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push_str(&format!("{:+03}", exp));
    }
    out
}

/// Python's `repr(x)` / `str(x)` for a float: the shortest digit string
/// that round-trips, in positional notation when the decimal exponent is
/// in `-4..16` (always with a fractional part, `100.0`), otherwise in
/// exponent notation (`1e+16`, `1.5e-05`); `inf`, `-inf`, `nan`, `-0.0`.
pub fn float_repr(x: f64) -> String {
    format_float_short(x, 'r', 0, false, true, false, false)
}

/// Splits a finite non-negative float into `m * 2**e` with integer `m`.
fn decompose(ax: f64) -> (u64, i64) {
    let bits = ax.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    }
}

/// Python's `round(x, ndigits)` for a float: the value correctly rounded
/// (round-half-even on the exact binary value) to `ndigits` decimal places
/// (`ndigits` may be negative).  Infinities and NaN are returned unchanged;
/// the sign of zero results is kept (`round(-0.4, 0) == -0.0`).
///
/// CPython raises `OverflowError("rounded value too large to represent")`
/// when the rounded value does not fit a float; this function returns an
/// infinity in that case, so callers should check
/// `x.is_finite() && result.is_infinite()`.
pub fn float_round(x: f64, ndigits: i64) -> f64 {
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return x;
    }
    if ndigits < NDIGITS_MIN {
        return 0.0 * x;
    }
    let ax = x.abs();
    let r = if ndigits >= 0 {
        format!("{:.*}", ndigits as usize, ax)
            .parse::<f64>()
            .unwrap_or(ax)
    } else {
        let k = (-ndigits) as u32;
        let (m, e) = decompose(ax);
        let ten_k = BigInt::from(10u32).pow(k);
        let (num, den) = if e >= 0 {
            (BigInt::from(m) << (e as usize), ten_k)
        } else {
            (BigInt::from(m), ten_k << ((-e) as usize))
        };
        let (mut q, r) = num.div_rem(&den);
        let twice: BigInt = r << 1usize;
        if twice > den || (twice == den && q.is_odd()) {
            q += BigInt::one();
        }
        if q.is_zero() {
            0.0
        } else {
            format!("{}e{}", q, k)
                .parse::<f64>()
                .unwrap_or(f64::INFINITY)
        }
    };
    r.copysign(x)
}

/// Python's one-argument `round(x)` computed in floating point: the
/// nearest integral value, ties to even (`round(0.5) == 0`,
/// `round(1.5) == 2`, `round(2.5) == 2`).  Infinities and NaN are returned
/// unchanged (the caller raises the `OverflowError`/`ValueError` that
/// converting them to `int` gives).
pub fn float_round_to_int(x: f64) -> f64 {
    x.round_ties_even()
}

#[cfg(test)]
#[allow(clippy::approx_constant)]
mod tests {
    use super::*;

    #[test]
    fn repr_basic() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (-1.5, "-1.5"),
            (0.1, "0.1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (100.0, "100.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (1.5e-5, "1.5e-05"),
            (1e-7, "1e-07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e100, "1e+100"),
            (1.2345678901234567e19, "1.2345678901234567e+19"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "nan"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
            (123456789.123, "123456789.123"),
            (2.0f64.powi(53), "9007199254740992.0"),
            (1.0 / 3.0, "0.3333333333333333"),
            (2.0 / 3.0, "0.6666666666666666"),
            (-123.456e-10, "-1.23456e-08"),
            (3.14, "3.14"),
            (1e22, "1e+22"),
            (12345678901234567890.0, "1.2345678901234567e+19"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(*x), *want, "repr({:?})", x);
        }
    }

    #[test]
    fn round_ndigits() {
        let cases: &[(f64, i64, f64)] = &[
            (2.675, 2, 2.67),
            (0.5, 0, 0.0),
            (1.5, 0, 2.0),
            (2.5, 0, 2.0),
            (-2.5, 0, -2.0),
            (0.125, 2, 0.12),
            (0.375, 2, 0.38),
            (1234.5678, -2, 1200.0),
            (1250.0, -2, 1200.0),
            (1350.0, -2, 1400.0),
            (-1250.0, -2, -1200.0),
            (5.0, -1, 0.0),
            (15.0, -1, 20.0),
            (25.0, -1, 20.0),
            (1.23456789e300, -299, 1.2e300),
            (0.1 + 0.2, 15, 0.3),
            (1e-320, 322, 1e-320),
            (123.456, 400, 123.456),
            (123.456, -400, 0.0),
            (2.5e-5, 5, 3e-05),
            (1.0000000000000002, 15, 1.0),
        ];
        for (x, n, want) in cases {
            let got = float_round(*x, *n);
            assert_eq!(got.to_bits(), want.to_bits(), "round({:?}, {})", x, n);
        }
        assert_eq!(float_round(-0.4, 0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(float_round(-4.0, -1).to_bits(), (-0.0f64).to_bits());
        assert_eq!(float_round(-0.04, 1).to_bits(), (-0.0f64).to_bits());
        assert_eq!(float_round(-123.0, -400).to_bits(), (-0.0f64).to_bits());
        assert!(float_round(f64::NAN, 2).is_nan());
        assert_eq!(float_round(f64::INFINITY, 2), f64::INFINITY);
        assert!(float_round(1.7976931348623157e308, -308).is_infinite());
    }

    #[test]
    fn round_to_int() {
        let cases: &[(f64, f64)] = &[
            (0.5, 0.0),
            (1.5, 2.0),
            (2.5, 2.0),
            (-0.5, -0.0),
            (-1.5, -2.0),
            (2.675, 3.0),
            (1e300, 1e300),
            (0.49999999999999994, 0.0),
        ];
        for (x, want) in cases {
            assert_eq!(float_round_to_int(*x).to_bits(), want.to_bits(), "{}", x);
        }
    }

    #[test]
    fn short_formats() {
        let f = |x: f64, c: char, p: usize| format_float_short(x, c, p, false, false, false, false);
        assert_eq!(f(1234.5678, 'e', 2), "1.23e+03");
        assert_eq!(f(0.0, 'e', 3), "0.000e+00");
        assert_eq!(f(1e-300, 'E', 0), "1E-300");
        assert_eq!(f(0.001, 'f', 1), "0.0");
        assert_eq!(f(-0.001, 'f', 1), "-0.0");
        assert_eq!(f(9.96, 'f', 1), "10.0");
        assert_eq!(f(1e20, 'g', 6), "1e+20");
        assert_eq!(f(123456.0, 'g', 6), "123456");
        assert_eq!(f(1234567.0, 'g', 6), "1.23457e+06");
        assert_eq!(f(0.0001, 'g', 6), "0.0001");
        assert_eq!(f(0.00001, 'g', 6), "1e-05");
        assert_eq!(f(f64::NAN, 'F', 2), "NAN");
        assert_eq!(f(5e-324, 'f', 2000).len(), 2002);
        assert_eq!(f(1.0, 'e', 2000).len(), 2006);
        assert_eq!(
            format_float_short(-0.0001, 'f', 2, false, false, false, true),
            "0.00"
        );
        assert_eq!(
            format_float_short(1.0, 'g', 3, false, false, true, false),
            "1.00"
        );
        assert_eq!(
            format_float_short(1.0, 'f', 0, true, false, true, false),
            "+1."
        );
    }
}

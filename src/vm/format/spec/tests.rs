//! The format-spec mini-language against CPython 3.11's results.

#![allow(clippy::approx_constant)]

use super::*;

fn fi(v: &str, spec: &str) -> Result<String, String> {
    format_int(&v.parse().unwrap(), &FormatSpec::parse_for(spec, "int")?)
}
fn ff(x: f64, spec: &str) -> Result<String, String> {
    format_float(x, &FormatSpec::parse_for(spec, "float")?)
}
fn fs(s: &str, spec: &str) -> Result<String, String> {
    format_str(s, &FormatSpec::parse_for(spec, "str")?)
}
fn check(got: Result<String, String>, want: &Result<&str, &str>, what: &str) {
    let got = got.as_ref().map(|s| s.as_str()).map_err(|e| e.as_str());
    assert_eq!(got, *want, "{}", what);
}

// Expected values produced by CPython 3.11.7 `format(value, spec)`.
#[test]
#[rustfmt::skip]
fn cpython_table() {
    let ints: &[(&str, &str, Result<&str, &str>)] = &[
        ("0", "^5", Ok("  0  ")),
        ("0", "08", Ok("00000000")),
        ("1234", "010,d", Ok("00,001,234")),
        ("1234", "#010x", Ok("0x000004d2")),
        ("1234", "#X", Ok("0X4D2")),
        ("1234", "#_b", Ok("0b100_1101_0010")),
        ("1234", "+015,d", Ok("+00,000,001,234")),
        ("1234", "=+10", Ok("+     1234")),
        ("-1234567", "13,", Ok("   -1,234,567")),
        ("-1234567", "013,", Ok("-0,001,234,567")),
        ("-1234567", "_b", Ok("-1_0010_1101_0110_1000_0111")),
        ("255", "#010_x", Ok("0x000_00ff")),
        ("65", "c", Ok("A")),
        ("65", "05c", Ok("0000A")),
        ("1114112", "c", Err("%c arg not in range(0x110000)")),
        ("18446744073709551616", "c", Err("Python int too large to convert to C long")),
        ("-1180591620717411303424", "#X", Ok("-0X400000000000000000")),
        ("1", ".2", Err("Precision not allowed in integer format specifier")),
        ("1", "#c", Err("Alternate form (#) not allowed with integer format specifier 'c'")),
        ("1", "z", Err("Negative zero coercion (z) not allowed in integer format specifier")),
        ("1", "s", Err("Unknown format code 's' for object of type 'int'")),
        ("1", ",b", Err("Cannot specify ',' with 'b'.")),
        ("1", "_n", Err("Cannot specify '_' with 'n'.")),
        ("1", "abc", Err("Invalid format specifier 'abc' for object of type 'int'")),
        ("1", "99999999999999999999", Err("Too many decimal digits in format string")),
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", "f", Err("int too large to convert to float")),
    ];
    let floats: &[(f64, &str, Result<&str, &str>)] = &[
        (0.0, "", Ok("0.0")),
        (-0.0, "", Ok("-0.0")),
        (-0.0, "z", Ok("0.0")),
        (-0.0, "z.1f", Ok("0.0")),
        (1.0, "", Ok("1.0")),
        (1.0, "#.0e", Ok("1.e+00")),
        (1.0, "#g", Ok("1.00000")),
        (1.0, ".0%", Ok("100%")),
        (3.14159, ".2", Ok("3.1")),
        (3.14159, "9.3f", Ok("    3.142")),
        (3.14159, "^+12.4e", Ok("+3.1416e+00 ")),
        (3.14159, "%", Ok("314.159000%")),
        (2.5, ".0f", Ok("2")),
        (2.675, ".2f", Ok("2.67")),
        (1e16, "", Ok("1e+16")),
        (1e16, ",.0f", Ok("10,000,000,000,000,000")),
        (1234567.891, ",.2f", Ok("1,234,567.89")),
        (1234567.891, "015,.2f", Ok("0,001,234,567.89")),
        (1234567.891, "0=+20,.1f", Ok("+0,000,001,234,567.9")),
        (1234567.891, "#.3g", Ok("1.23e+06")),
        (1.2345e-05, ".20g", Ok("1.2344999999999999542e-05")),
        (0.1, ".20f", Ok("0.10000000000000000555")),
        (0.1, ".55e", Ok("1.0000000000000000555111512312578270211815834045410156250e-01")),
        (5e-324, "", Ok("5e-324")),
        (1.7976931348623157e308, ".0f", Ok("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368")),
        (f64::INFINITY, "F", Ok("INF")),
        (f64::INFINITY, "010", Ok("0000000inf")),
        (f64::INFINITY, "%", Ok("inf%")),
        (f64::NEG_INFINITY, "08.2f", Ok("-0000inf")),
        (99.99999, ".2f", Ok("100.00")),
        (1.5, "d", Err("Unknown format code 'd' for object of type 'float'")),
        (1.5, ".3000000000f", Err("precision too big")),
        (1.5, ",n", Err("Cannot specify ',' with 'n'.")),
        (1.5, "abc", Err("Invalid format specifier 'abc' for object of type 'float'")),
    ];
    let strs: &[(&str, &str, Result<&str, &str>)] = &[
        ("hello", "10", Ok("hello     ")),
        ("hello", "*^11", Ok("***hello***")),
        ("hello", "x>8.3", Ok("xxxxxhel")),
        ("hello", "05", Ok("hello")),
        ("hello", "=5", Err("'=' alignment not allowed in string format specifier")),
        ("hello", "+", Err("Sign not allowed in string format specifier")),
        ("hello", "z", Err("Negative zero coercion (z) not allowed in string format specifier")),
        ("hello", ",", Err("Cannot specify ',' with 's'.")),
        ("hello", "d", Err("Unknown format code 'd' for object of type 'str'")),
        ("hello", "é^9", Ok("ééhelloéé")),
        ("héllo", "*>7.3", Ok("****hél")),
        ("日本語", "x^8", Ok("xx日本語xxx")),
    ];
    for (v, s, want) in ints {
        check(fi(v, s), want, &format!("format({}, {:?})", v, s));
    }
    for (v, s, want) in floats {
        check(ff(*v, s), want, &format!("format({:?}, {:?})", v, s));
    }
    for (v, s, want) in strs {
        check(fs(v, s), want, &format!("format({:?}, {:?})", v, s));
    }
}

#[test]
fn parse_fields() {
    let f = FormatSpec::parse("*^+#012,.3f").unwrap();
    assert_eq!(
        (f.fill, f.align, f.sign, f.alternate, f.zero),
        ('*', Some('^'), Some('+'), true, false)
    );
    assert_eq!(
        (f.width, f.grouping, f.precision, f.ty),
        (Some(12), Some(','), Some(3), Some('f'))
    );
    let f = FormatSpec::parse("08").unwrap();
    assert_eq!(
        (f.fill, f.zero, f.align, f.width),
        ('0', true, None, Some(8))
    );
    assert_eq!(FormatSpec::parse("").unwrap(), FormatSpec::default());
    assert_eq!(
        FormatSpec::parse("abc").unwrap_err(),
        "Invalid format specifier"
    );
    assert!(is_overflow_error(&fi("-1", "c").unwrap_err()));
    assert_eq!(format_int_i64(-42, &FormatSpec::default()).unwrap(), "-42");
    assert_eq!(
        format_int_i64(1234, &FormatSpec::parse("_").unwrap()).unwrap(),
        "1_234"
    );
    let huge = FormatSpec {
        width: Some(usize::MAX),
        ..Default::default()
    };
    assert!(format_str("a", &huge).is_err());
}

#[test]
fn no_panic_fuzz() {
    let mut seed: u64 = 12345;
    let alphabet: Vec<char> = "<>=^+- z#0123456789,_.bcdoxXneEfFgG%s*é".chars().collect();
    for _ in 0..20000 {
        let mut spec = String::new();
        for _ in 0..(seed % 7) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            spec.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        if let Ok(f) = FormatSpec::parse(&spec) {
            let _ = format_int(&BigInt::from(-(seed as i64 >> 20)), &f);
            let _ = format_float(f64::from_bits(seed), &f);
            let _ = format_str("xy", &f);
        }
    }
}

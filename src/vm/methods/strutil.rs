//! Pure string algorithms behind the `str` methods, on Rust `&str` with Python semantics:
//! whitespace and line boundaries as CPython defines them, code-point indexing, case mappings.

use crate::vm::format::{decimal_value, is_py_space};

/// Byte offset of code point `idx` in `s` (`s.len()` when `idx` is at or past the end).
// Substring search on bytes with the memchr crate (memchr for one-byte needles, SIMD
// memmem otherwise): a match of valid UTF-8 in valid UTF-8 starts and ends on character
// boundaries, so its byte offsets slice the `&str`. std's searchers cost more to set up than
// the short searches Python code does (`w.find(":")`).

/// Byte offset of the first `needle` in `hay` (`needle` non-empty or empty).
pub fn find_str(hay: &str, needle: &str) -> Option<usize> {
    match needle.as_bytes() {
        [b] => memchr::memchr(*b, hay.as_bytes()),
        n => memchr::memmem::find(hay.as_bytes(), n),
    }
}

/// Byte offset of the last `needle` in `hay`.
pub fn rfind_str(hay: &str, needle: &str) -> Option<usize> {
    match needle.as_bytes() {
        [b] => memchr::memrchr(*b, hay.as_bytes()),
        n => memchr::memmem::rfind(hay.as_bytes(), n),
    }
}

/// Byte offsets of the non-overlapping matches of a non-empty `needle`, from the left.
fn matches_from_left<'a>(hay: &'a str, needle: &'a str) -> Box<dyn Iterator<Item = usize> + 'a> {
    match needle.as_bytes() {
        [b] => Box::new(memchr::memchr_iter(*b, hay.as_bytes())),
        n => Box::new(memchr::memmem::find_iter(hay.as_bytes(), n)),
    }
}

/// Number of non-overlapping `needle`s in `hay` (non-empty `needle`).
pub fn count_str(hay: &str, needle: &str) -> usize {
    match needle.as_bytes() {
        [b] => memchr::memchr_iter(*b, hay.as_bytes()).count(),
        n => memchr::memmem::find_iter(hay.as_bytes(), n).count(),
    }
}

pub fn char_to_byte(s: &str, ascii: bool, idx: usize) -> usize {
    if ascii {
        return idx.min(s.len());
    }
    s.char_indices().nth(idx).map(|(b, _)| b).unwrap_or(s.len())
}

/// Number of code points in `s[..byte]`.
pub fn byte_to_char(s: &str, ascii: bool, byte: usize) -> usize {
    if ascii {
        byte
    } else {
        s[..byte].chars().count()
    }
}

/// `s.split(None, maxsplit)`: runs of whitespace separate, no empty strings.
pub fn split_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = vec![];
    let mut rest = s.trim_start_matches(is_py_space);
    let mut left = maxsplit;
    while !rest.is_empty() {
        if left == 0 {
            out.push(rest);
            return out;
        }
        match rest.find(is_py_space) {
            Some(i) => {
                out.push(&rest[..i]);
                rest = rest[i..].trim_start_matches(is_py_space);
                left -= 1;
            }
            None => {
                out.push(rest);
                return out;
            }
        }
    }
    out
}

/// `s.rsplit(None, maxsplit)`.
pub fn rsplit_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = vec![];
    let mut rest = s.trim_end_matches(is_py_space);
    let mut left = maxsplit;
    while !rest.is_empty() {
        if left == 0 {
            out.push(rest);
            break;
        }
        match rest.rfind(is_py_space) {
            Some(i) => {
                let c = rest[i..].chars().next().unwrap();
                out.push(&rest[i + c.len_utf8()..]);
                rest = rest[..i].trim_end_matches(is_py_space);
                left -= 1;
            }
            None => {
                out.push(rest);
                break;
            }
        }
    }
    out.reverse();
    out
}

/// `s.split(sep, maxsplit)` for a non-empty `sep`.
pub fn split_sep<'a>(s: &'a str, sep: &str, maxsplit: i64) -> Vec<&'a str> {
    let max = usize::try_from(maxsplit).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let mut start = 0;
    for at in matches_from_left(s, sep).take(max) {
        out.push(&s[start..at]);
        start = at + sep.len();
    }
    out.push(&s[start..]);
    out
}

/// `s.rsplit(sep, maxsplit)` for a non-empty `sep`.
pub fn rsplit_sep<'a>(s: &'a str, sep: &str, maxsplit: i64) -> Vec<&'a str> {
    let mut v: Vec<&str> = if maxsplit < 0 {
        s.rsplit(sep).collect()
    } else {
        s.rsplitn(maxsplit as usize + 1, sep).collect()
    };
    v.reverse();
    v
}

/// Whether `c` ends a line for `splitlines`.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `s.splitlines(keepends)`.
pub fn splitlines(s: &str, keepends: bool) -> Vec<&str> {
    let mut out = vec![];
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_line_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(_, '\n')) = it.peek() {
                    it.next();
                    end += 1;
                }
            }
            out.push(if keepends {
                &s[start..end]
            } else {
                &s[start..i]
            });
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// `s.expandtabs(tabsize)`.
pub fn expandtabs(s: &str, tabsize: i64) -> String {
    let mut out = String::with_capacity(s.len());
    let mut col: i64 = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    for _ in 0..n {
                        out.push(' ');
                    }
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

/// Whether `c` has case (CPython's `_PyUnicode_IsCased`, approximated).
pub fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase(c)
}

/// The titlecase letters (category Lt).
pub fn is_titlecase(c: char) -> bool {
    matches!(
        c,
        '\u{1c5}' | '\u{1c8}' | '\u{1cb}' | '\u{1f2}' | '\u{1f88}'..='\u{1f8f}'
            | '\u{1f98}'..='\u{1f9f}' | '\u{1fa8}'..='\u{1faf}' | '\u{1fbc}' | '\u{1fcc}'
            | '\u{1ffc}'
    )
}

/// Append the titlecase mapping of `c`.
pub fn push_title(out: &mut String, c: char) {
    match c {
        '\u{1c4}'..='\u{1c6}' => out.push('\u{1c5}'),
        '\u{1c7}'..='\u{1c9}' => out.push('\u{1c8}'),
        '\u{1ca}'..='\u{1cc}' => out.push('\u{1cb}'),
        '\u{1f1}'..='\u{1f3}' => out.push('\u{1f2}'),
        _ if is_titlecase(c) => out.push(c),
        _ => {
            let mut up = c.to_uppercase();
            if let Some(first) = up.next() {
                out.push(first);
                for r in up {
                    out.extend(r.to_lowercase());
                }
            }
        }
    }
}

/// `s.title()`.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            push_title(&mut out, c);
        }
        prev_cased = is_cased(c);
    }
    out
}

/// `s.capitalize()`: first character titlecased, the rest lowercased.
pub fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    if let Some(c) = it.next() {
        push_title(&mut out, c);
    }
    for c in it {
        out.extend(c.to_lowercase());
    }
    out
}

/// `s.swapcase()`.
pub fn swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `s.casefold()`.
pub fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' => out.push_str("ss"),
            'ς' => out.push('σ'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `str.isalpha()` for one character.
pub fn is_alpha(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric()
}

/// `str.isdigit()` for one character.
pub fn is_digit(c: char) -> bool {
    decimal_value(c).is_some()
        || matches!(c, '\u{b2}' | '\u{b3}' | '\u{b9}' | '\u{2070}' | '\u{2074}'..='\u{2079}'
            | '\u{2080}'..='\u{2089}' | '\u{2460}'..='\u{2468}' | '\u{2474}'..='\u{247c}'
            | '\u{2488}'..='\u{2490}' | '\u{24ea}' | '\u{24f5}'..='\u{24fd}' | '\u{24ff}'
            | '\u{2776}'..='\u{277e}' | '\u{2780}'..='\u{2788}' | '\u{278a}'..='\u{2792}')
}

/// `str.isnumeric()` for one character.
pub fn is_numeric(c: char) -> bool {
    c.is_numeric() || is_digit(c)
}

/// `str.isalnum()` for one character.
pub fn is_alnum(c: char) -> bool {
    c.is_alphabetic() || is_numeric(c)
}

/// `s.isidentifier()` (XID_Start/XID_Continue approximated by alphabetic/alphanumeric).
pub fn is_identifier(s: &str) -> bool {
    let mut it = s.chars();
    match it.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    it.all(|c| c == '_' || c.is_alphanumeric() || c == '\u{b7}')
}

/// `s.isupper()`.
pub fn is_upper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

/// `s.islower()`.
pub fn is_lower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            return false;
        }
        if c.is_lowercase() {
            cased = true;
        }
    }
    cased
}

/// `s.istitle()`.
pub fn is_title(s: &str) -> bool {
    let mut cased = false;
    let mut prev_cased = false;
    for c in s.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    cased
}

/// `s.center(width, fill)` for `s` of `len` code points (CPython's split of the margin).
pub fn center(s: &str, len: usize, width: i64, fill: char) -> String {
    if width <= len as i64 {
        return s.to_string();
    }
    let marg = width as usize - len;
    let left = marg / 2 + (marg & width as usize & 1);
    pad(s, left, marg - left, fill)
}

/// `s` with `left` and `right` copies of `fill` around it.
pub fn pad(s: &str, left: usize, right: usize, fill: char) -> String {
    let mut out = String::with_capacity(s.len() + (left + right) * fill.len_utf8());
    out.extend(std::iter::repeat(fill).take(left));
    out.push_str(s);
    out.extend(std::iter::repeat(fill).take(right));
    out
}

/// `s.zfill(width)` for `s` of `len` code points.
pub fn zfill(s: &str, len: usize, width: i64) -> String {
    if width <= len as i64 {
        return s.to_string();
    }
    let fill = width as usize - len;
    let mut out = String::with_capacity(s.len() + fill);
    let (sign, rest) = match s.chars().next() {
        Some(c @ ('+' | '-')) => (Some(c), &s[1..]),
        _ => (None, s),
    };
    if let Some(c) = sign {
        out.push(c);
    }
    out.extend(std::iter::repeat('0').take(fill));
    out.push_str(rest);
    out
}

/// `s.replace(old, new, count)` (`count < 0`: all), including the empty-`old` case.
pub fn replace(s: &str, old: &str, new: &str, count: i64) -> String {
    let max = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    if max == 0 {
        return s.to_string();
    }
    if old.is_empty() {
        let mut out = String::with_capacity(s.len() + new.len() * (s.len() + 1).min(max));
        let mut n = 0;
        for c in s.chars() {
            if n < max {
                out.push_str(new);
                n += 1;
            }
            out.push(c);
        }
        if n < max {
            out.push_str(new);
        }
        return out;
    }
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    for at in matches_from_left(s, old).take(max) {
        out.push_str(&s[start..at]);
        out.push_str(new);
        start = at + old.len();
    }
    out.push_str(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches() {
        assert_eq!(find_str("abc", ""), Some(0));
        assert_eq!(rfind_str("abc", ""), Some(3));
        assert_eq!(rfind_str("", ""), Some(0));
        assert_eq!(find_str("aé☺é", "é"), Some(1));
        assert_eq!(rfind_str("aé☺é", "é"), Some(6));
        assert_eq!(count_str("aaaa", "aa"), 2);
        assert_eq!(split_sep("a,,b,", ",", -1), vec!["a", "", "b", ""]);
        assert_eq!(split_sep("a,,b,", ",", 1), vec!["a", ",b,"]);
        assert_eq!(split_sep("aaa", "aa", -1), vec!["", "a"]);
        assert_eq!(replace("aaa", "aa", "b", -1), "ba");
        assert_eq!(replace("a|b|c", "|", "::", 1), "a::b|c");
    }

    #[test]
    fn whitespace_split() {
        assert_eq!(
            split_whitespace("a\x1cb\u{85}c d", -1),
            vec!["a", "b", "c", "d"]
        );
        assert_eq!(split_whitespace("  a  b  ", 1), vec!["a", "b  "]);
        assert_eq!(rsplit_whitespace("  a  b  ", 1), vec!["  a", "b"]);
        assert_eq!(split_whitespace("   ", -1), Vec::<&str>::new());
        assert_eq!(split_whitespace("a b", 0), vec!["a b"]);
    }

    #[test]
    fn sep_split() {
        assert_eq!(split_sep("a,b,,c", ",", 2), vec!["a", "b", ",c"]);
        assert_eq!(rsplit_sep("a,b,,c", ",", 2), vec!["a,b", "", "c"]);
        assert_eq!(split_sep("", ",", -1), vec![""]);
    }

    #[test]
    fn lines_and_tabs() {
        assert_eq!(
            splitlines("ab\r\ncd\x0bef\x1c", false),
            vec!["ab", "cd", "ef"]
        );
        assert_eq!(splitlines("ab\r\ncd\n", true), vec!["ab\r\n", "cd\n"]);
        assert_eq!(
            expandtabs("a\tbc\tdef\n\tx", 8),
            "a       bc      def\n        x"
        );
        assert_eq!(expandtabs("a\tb", 3), "a  b");
        assert_eq!(expandtabs("a\tb", -1), "ab");
    }

    #[test]
    fn cases() {
        assert_eq!(title("hello wORLD it's 3rd"), "Hello World It'S 3Rd");
        assert_eq!(title("ǆa ß"), "ǅa Ss");
        assert_eq!(capitalize("ßx"), "Ssx");
        assert_eq!(swapcase("aBc ß"), "AbC SS");
        assert_eq!(casefold("ßA"), "ssa");
        assert!(is_title("Hello World") && !is_title("HeLLo"));
    }

    #[test]
    fn padding() {
        assert_eq!(center("abc", 3, 6, '*'), "*abc**");
        assert_eq!(center("abc", 3, 7, '*'), "**abc**");
        assert_eq!(center("ab", 2, 5, '*'), "**ab*");
        assert_eq!(center("a", 1, 4, ' '), " a  ");
        assert_eq!(zfill("-42", 3, 6), "-00042");
        assert_eq!(zfill("+x", 2, 4), "+00x");
    }

    #[test]
    fn replacing() {
        assert_eq!(replace("abc", "", "-", -1), "-a-b-c-");
        assert_eq!(replace("abc", "", "-", 2), "-a-bc");
        assert_eq!(replace("aaa", "a", "b", 2), "bba");
    }
}

//! The source rows of a traceback entry as CPython 3.11 prints them: the line, and under it
//! the span of the instruction that failed, `^` throughout or, for a binary operation or a
//! subscript, `~` with `^` under the operator or the brackets:
//!
//! ```text
//!     return d["missing"] + 1
//!            ~^^^^^^^^^^^
//! ```
//!
//! CPython has two printers that differ in small ways, and gilsim keeps both: the
//! interpreter's (`Python/traceback.c`: uncaught exceptions, exceptions in threads), which
//! keeps a line's trailing spaces, and the `traceback` module's (`Lib/traceback.py`), which
//! strips them and counts the line's newline among the characters it stripped.

use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::Parse;

use crate::lang::bytecode::Loc;

/// Which of CPython's printers to follow.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Printer {
    /// `Python/traceback.c`: `sys.excepthook`, `threading.excepthook`, unraisable exceptions.
    Interpreter,
    /// `Lib/traceback.py`: `traceback.format_exception` and what uses it (`logging`).
    Module,
}

/// The rows shown for an entry at line `lineno` whose source line is `line` (without its
/// newline), the failing instruction's span being `loc`. Empty when the line is blank.
pub fn source_rows(line: &str, lineno: u32, loc: Option<Loc>, printer: Printer) -> String {
    let loc = loc.filter(|l| l.line == lineno);
    match printer {
        Printer::Interpreter => interpreter_rows(line, loc),
        Printer::Module => module_rows(line, loc),
    }
}

/// `tb_displayline` of `Python/traceback.c` (3.11.7): offsets in characters, the carets
/// placed by display width.
fn interpreter_rows(line: &str, loc: Option<Loc>) -> String {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\x0c');
    let chars: Vec<char> = line.chars().collect();
    let lead = chars.iter().take_while(|c| is_space(**c)).count();
    if lead == chars.len() {
        return String::new();
    }
    let shown: String = chars[lead..].iter().collect();
    let mut out = format!("    {shown}\n");
    let Some(loc) = loc else {
        return out;
    };
    let start = loc.col as usize;
    let mut end = loc.end_col as usize;
    let mut anchors = None;
    if loc.line == loc.end_line {
        if end > chars.len() || start > end {
            return out;
        }
        let segment: String = chars[start..end].iter().collect();
        anchors = caret_anchors(&segment).map(|(l, r)| (l + start, r + start));
    } else {
        // a span over several lines: underline to the last character that is not a space
        end = chars
            .iter()
            .rposition(|c| !is_space(*c))
            .map_or(0, |i| i + 1);
    }
    if end < start || (end - start == chars.len() - lead && anchors.is_none()) {
        return out; // the span is the whole line: nothing to point at
    }
    let width = |offset: usize| display_width(&chars[..offset.min(chars.len())]) as isize;
    let (start, end) = (width(start), width(end));
    let anchors = anchors.map(|(l, r)| (width(l), width(r)));
    // display columns `offset - 1`, from the one under the line's first shown character
    for offset in (lead as isize - 3)..=end {
        out.push(match anchors {
            _ if offset <= start => ' ',
            Some((l, r)) if l < offset && offset <= r => '^',
            Some(_) => '~',
            None => '^',
        });
    }
    out.push('\n');
    out
}

/// `StackSummary.format_frame_summary` of `Lib/traceback.py` (3.11.7), which reads the line
/// through `linecache`, so with a newline even at the end of a file.
fn module_rows(line: &str, loc: Option<Loc>) -> String {
    let original: Vec<char> = line.chars().chain(Some('\n')).collect();
    let stripped = line.trim();
    if stripped.is_empty() {
        return String::new();
    }
    let mut out = format!("    {stripped}\n");
    let Some(loc) = loc else {
        return out;
    };
    let stripped_len = stripped.chars().count() as isize;
    // what `strip` took from both ends, the newline included
    let stripped_chars = original.len() as isize - stripped_len;
    let start = (loc.col as usize).min(original.len());
    let mut end = (loc.end_col as usize).clamp(start, original.len());
    let segment = &original[start..end];
    let mut anchors = None;
    if loc.line == loc.end_line {
        anchors = caret_anchors(&segment.iter().collect::<String>());
    } else {
        end = line.trim_end().chars().count();
    }
    let shows_anchors = anchors.is_some_and(|(l, r)| r > l);
    if (end as isize - start as isize) < stripped_len || shows_anchors {
        let repeat = |c: char, n: isize| c.to_string().repeat(n.max(0) as usize);
        let dp_start = display_width(&original[..start]) as isize + 1;
        let dp_end = display_width(&original[..end.max(start)]) as isize + 1;
        out.push_str("    ");
        out.push_str(&repeat(' ', dp_start - stripped_chars));
        match anchors {
            Some((l, r)) => {
                let dp_l = display_width(&segment[..l.min(segment.len())]) as isize;
                let dp_r = display_width(&segment[..r.min(segment.len())]) as isize;
                out.push_str(&repeat('~', dp_l));
                out.push_str(&repeat('^', dp_r - dp_l));
                out.push_str(&repeat('~', dp_end - dp_start - dp_r));
            }
            None => out.push_str(&repeat('^', dp_end - dp_start)),
        }
        out.push('\n');
    }
    out
}

/// The columns `chars` take on a fixed-width terminal as CPython 3.11.7 counts them: two for
/// a wide or full-width character, one for any other.
fn display_width(chars: &[char]) -> usize {
    chars.iter().map(|&c| 1 + is_wide(c) as usize).sum()
}

fn is_wide(c: char) -> bool {
    let c = c as u32;
    c >= 0x1100
        && WIDE
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// Assigned code points whose East Asian Width is W or F in Unicode 14.0.0 (CPython 3.11's
/// `unicodedata`), as inclusive ranges in order, generated from python3 3.11 with
/// `unicodedata.east_asian_width(c) in "WF"` (unassigned code points between two wide ones
/// are taken in).
const WIDE: &[(u32, u32)] = &[
    (0x1100, 0x115F),
    (0x231A, 0x231B),
    (0x2329, 0x232A),
    (0x23E9, 0x23EC),
    (0x23F0, 0x23F0),
    (0x23F3, 0x23F3),
    (0x25FD, 0x25FE),
    (0x2614, 0x2615),
    (0x2648, 0x2653),
    (0x267F, 0x267F),
    (0x2693, 0x2693),
    (0x26A1, 0x26A1),
    (0x26AA, 0x26AB),
    (0x26BD, 0x26BE),
    (0x26C4, 0x26C5),
    (0x26CE, 0x26CE),
    (0x26D4, 0x26D4),
    (0x26EA, 0x26EA),
    (0x26F2, 0x26F3),
    (0x26F5, 0x26F5),
    (0x26FA, 0x26FA),
    (0x26FD, 0x26FD),
    (0x2705, 0x2705),
    (0x270A, 0x270B),
    (0x2728, 0x2728),
    (0x274C, 0x274C),
    (0x274E, 0x274E),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2795, 0x2797),
    (0x27B0, 0x27B0),
    (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x2E80, 0x303E),
    (0x3041, 0x3247),
    (0x3250, 0x4DBF),
    (0x4E00, 0xA4C6),
    (0xA960, 0xA97C),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAD9),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE6B),
    (0xFF01, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x16FE0, 0x1B2FB),
    (0x1F004, 0x1F004),
    (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E),
    (0x1F191, 0x1F19A),
    (0x1F200, 0x1F320),
    (0x1F32D, 0x1F335),
    (0x1F337, 0x1F37C),
    (0x1F37E, 0x1F393),
    (0x1F3A0, 0x1F3CA),
    (0x1F3CF, 0x1F3D3),
    (0x1F3E0, 0x1F3F0),
    (0x1F3F4, 0x1F3F4),
    (0x1F3F8, 0x1F43E),
    (0x1F440, 0x1F440),
    (0x1F442, 0x1F4FC),
    (0x1F4FF, 0x1F53D),
    (0x1F54B, 0x1F54E),
    (0x1F550, 0x1F567),
    (0x1F57A, 0x1F57A),
    (0x1F595, 0x1F596),
    (0x1F5A4, 0x1F5A4),
    (0x1F5FB, 0x1F64F),
    (0x1F680, 0x1F6C5),
    (0x1F6CC, 0x1F6CC),
    (0x1F6D0, 0x1F6D2),
    (0x1F6D5, 0x1F6DF),
    (0x1F6EB, 0x1F6EC),
    (0x1F6F4, 0x1F6FC),
    (0x1F7E0, 0x1F7F0),
    (0x1F90C, 0x1F93A),
    (0x1F93C, 0x1F945),
    (0x1F947, 0x1F9FF),
    (0x1FA70, 0x1FAF6),
    (0x20000, 0x3134A),
];

/// Where the `^` of a segment (the failing span's text) go, as character offsets into it:
/// under the operator of a binary operation, under the brackets of a subscript; `None` for
/// anything else (`_extract_caret_anchors_from_line_segment` of Python 3.11.7).
pub fn caret_anchors(segment: &str) -> Option<(usize, usize)> {
    let body = ast::Suite::parse(segment, "<traceback>").ok()?;
    let [ast::Stmt::Expr(stmt)] = body.as_slice() else {
        return None;
    };
    let chars: Vec<char> = segment.chars().collect();
    // a byte offset of the segment as a character offset
    let at = |offset: ast::TextSize| segment[..usize::from(offset)].chars().count();
    match &*stmt.value {
        ast::Expr::BinOp(b) => {
            let (op_start, op_end) = (at(b.left.end()), at(b.right.start()));
            let operator = chars.get(op_start..op_end)?;
            let offset = operator.iter().take_while(|c| c.is_whitespace()).count();
            let mut left = op_start + offset;
            let mut right = left + 1;
            if operator.get(offset + 1).is_some_and(|c| !c.is_whitespace()) {
                right += 1; // a two-character operator (`//`, `**`, ...)
            }
            while chars
                .get(left)
                .is_some_and(|c| c.is_whitespace() || matches!(c, ')' | '#'))
            {
                left += 1;
                right += 1;
            }
            Some((left, right))
        }
        ast::Expr::Subscript(s) => {
            let mut left = at(s.value.end());
            let mut right = at(s.slice.end()) + 1;
            while chars.get(left).is_some_and(|c| *c != '[') {
                left += 1;
            }
            while chars.get(right).is_some_and(|c| *c != ']') {
                right += 1;
            }
            if right < chars.len() {
                right += 1;
            }
            Some((left, right))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, col: u32, end_col: u32) -> Option<Loc> {
        Some(Loc {
            line,
            end_line: line,
            col,
            end_col,
        })
    }

    #[test]
    fn anchors_fall_on_the_operator_or_the_brackets() {
        assert_eq!(caret_anchors("a + b"), Some((2, 3)));
        assert_eq!(caret_anchors("(a) + b"), Some((4, 5)));
        assert_eq!(caret_anchors("1 // 0"), Some((2, 4)));
        assert_eq!(caret_anchors("d[\"missing\"]"), Some((1, 12)));
        assert_eq!(caret_anchors("d [\"k\"]"), Some((2, 7)));
        assert_eq!(caret_anchors("f(x)"), None);
        assert_eq!(caret_anchors("x = 1"), None);
        assert_eq!(caret_anchors("(unclosed"), None);
    }

    #[test]
    fn the_interpreter_underlines_the_span_unless_it_is_the_whole_line() {
        let line = "    return d[\"missing\"] + 1";
        assert_eq!(
            source_rows(line, 2, at(2, 11, 23), Printer::Interpreter),
            "    return d[\"missing\"] + 1\n           ~^^^^^^^^^^^\n"
        );
        assert_eq!(
            source_rows("    raise KeyError", 5, at(5, 4, 18), Printer::Interpreter),
            "    raise KeyError\n"
        );
        // trailing spaces are kept, and the carets still line up
        assert_eq!(
            source_rows("  x = f(y)  ", 1, at(1, 6, 10), Printer::Interpreter),
            "    x = f(y)  \n        ^^^^\n"
        );
        // a span on another line, or none: the line alone
        assert_eq!(
            source_rows("  f(y)", 3, at(2, 2, 6), Printer::Interpreter),
            "    f(y)\n"
        );
        assert_eq!(source_rows("   ", 3, None, Printer::Interpreter), "");
    }

    /// Wide characters take two columns, before the span and in it (python3 3.11.7's output).
    #[test]
    fn carets_are_placed_by_display_width() {
        let line = "    return {\"键\": 1}[名字] + \"中文\"";
        assert_eq!(
            source_rows(line, 3, at(3, 11, 23), Printer::Interpreter),
            format!("{line}\n           ~~~~~~~~~^^^^^^\n")
        );
        assert_eq!(
            source_rows(line, 3, at(3, 11, 30), Printer::Module),
            format!("{line}\n           ~~~~~~~~~~~~~~~~^~~~~~~~\n")
        );
        assert_eq!(
            source_rows(
                "print(\"值：\", f(\"无\"))",
                1,
                at(1, 12, 18),
                Printer::Interpreter
            ),
            "    print(\"值：\", f(\"无\"))\n                  ^^^^^^^\n"
        );
        assert!(is_wide('键') && is_wide('ａ') && !is_wide('к') && !is_wide('a'));
    }

    #[test]
    fn the_module_counts_the_stripped_newline_and_trailing_spaces() {
        assert_eq!(
            source_rows("    return d [\"k\"]  ", 1, at(1, 11, 18), Printer::Module),
            "    return d [\"k\"]\n         ~~^^^^^\n"
        );
        assert_eq!(
            source_rows("    n.x = 5", 1, at(1, 4, 7), Printer::Module),
            "    n.x = 5\n    ^^^\n"
        );
        let multi = Loc {
            line: 1,
            end_line: 2,
            col: 4,
            end_col: 12,
        };
        assert_eq!(
            source_rows("    for x in 5:", 1, Some(multi), Printer::Module),
            "    for x in 5:\n"
        );
    }
}

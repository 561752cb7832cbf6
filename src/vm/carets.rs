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

/// `tb_displayline` of `Python/traceback.c`.
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
    if end - start.min(end) == chars.len() - lead && anchors.is_none() {
        return out; // the span is the whole line: nothing to point at
    }
    // columns `offset - 1` from the one under the line's first shown character
    for offset in (lead as isize - 3)..=(end as isize) {
        let c = if offset <= start as isize {
            ' '
        } else if anchors.is_some_and(|(l, r)| (l as isize) < offset && offset <= r as isize) {
            '^'
        } else if anchors.is_some() {
            '~'
        } else {
            '^'
        };
        out.push(c);
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
    let start = loc.col as isize + 1;
    let mut end = loc.end_col as isize + 1;
    let mut anchors = None;
    if loc.line == loc.end_line {
        if let Some(seg) =
            original.get(start as usize - 1..(end as usize - 1).max(start as usize - 1))
        {
            anchors = caret_anchors(&seg.iter().collect::<String>());
        }
    } else {
        end = stripped_chars + stripped_len;
    }
    let shows_anchors = anchors.is_some_and(|(l, r)| r > l);
    if end - start < stripped_len || shows_anchors {
        let repeat = |c: char, n: isize| c.to_string().repeat(n.max(0) as usize);
        out.push_str("    ");
        out.push_str(&repeat(' ', start - stripped_chars));
        match anchors {
            Some((l, r)) => {
                let (l, r) = (l as isize, r as isize);
                out.push_str(&repeat('~', l));
                out.push_str(&repeat('^', r - l));
                out.push_str(&repeat('~', end - start - r));
            }
            None => out.push_str(&repeat('^', end - start)),
        }
        out.push('\n');
    }
    out
}

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

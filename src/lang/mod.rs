//! The front end: Python source to gilsim code objects, with diagnostics.

pub mod bytecode;
pub mod code;
pub mod compile;
pub mod dis;
pub mod frozen;
pub mod symtable;

use std::rc::Rc;

use rustpython_parser::{ast, Parse};

use bytecode::Code;
pub use compile::{CompileError, ErrorKind};

/// A scenario that could not be compiled: where, and why.
#[derive(Debug, Clone)]
pub struct FrontError {
    pub kind: ErrorKind,
    pub message: String,
    pub filename: String,
    /// 1-based line and column (in characters).
    pub line: usize,
    pub col: usize,
    pub source_line: String,
}

impl FrontError {
    /// `FILE:LINE:COL: unsupported: ...`, the source line, and a caret under the column.
    pub fn render(&self) -> String {
        let label = match self.kind {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::Unsupported => "unsupported",
        };
        let mut out = format!(
            "{}:{}:{}: {}: {}\n",
            self.filename, self.line, self.col, label, self.message
        );
        let shown = self.source_line.trim_end();
        if !shown.is_empty() {
            out.push_str(&format!("    {}\n", shown));
            let pad: String = shown
                .chars()
                .take(self.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("    {}^\n", pad));
        }
        out
    }
}

/// Turn a byte offset into (line, column, source line), all 1-based.
pub fn locate(source: &str, offset: usize) -> (usize, usize, String) {
    let offset = offset.min(source.len());
    let mut start = 0;
    let mut line = 1;
    for (i, b) in source.bytes().enumerate() {
        if i >= offset {
            break;
        }
        if b == b'\n' {
            line += 1;
            start = i + 1;
        }
    }
    let end = source[start..]
        .find('\n')
        .map(|e| start + e)
        .unwrap_or(source.len());
    let mut off = offset;
    while !source.is_char_boundary(off) {
        off -= 1;
    }
    let col = source[start..off.max(start)].chars().count() + 1;
    (line, col, source[start..end].to_string())
}

/// Parse and compile a module's source.
pub fn compile_source(source: &str, filename: &str) -> Result<Rc<Code>, FrontError> {
    let body = ast::Suite::parse(source, filename).map_err(|e| {
        let offset = u32::from(e.offset) as usize;
        let (line, col, source_line) = locate(source, offset);
        FrontError {
            kind: ErrorKind::Syntax,
            message: e.error.to_string(),
            filename: filename.to_string(),
            line,
            col,
            source_line,
        }
    })?;
    compile::compile_module(&body, source, filename).map_err(|e| {
        let (line, col, source_line) = locate(source, e.offset);
        FrontError {
            kind: e.kind,
            message: e.message,
            filename: filename.to_string(),
            line,
            col,
            source_line,
        }
    })
}

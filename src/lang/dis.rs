//! `gilsim dis`: a bytecode listing in the spirit of `python -m dis`.

use std::fmt::Write;

use super::bytecode::{Code, Instr, Opnd};
use crate::vm::repr::str_repr;
use crate::vm::value::Value;

fn const_repr(v: &Value) -> String {
    match v {
        Value::None => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Big(b) => b.to_string(),
        Value::Float(f) => crate::vm::format::float_repr(*f),
        Value::Str(s) => str_repr(s.as_str()),
        Value::Ellipsis => "Ellipsis".into(),
        Value::Tuple(t) => {
            let items: Vec<String> = t.iter().map(const_repr).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        v => match crate::vm::bytes::as_pybytes(v) {
            Some(b) => crate::vm::bytes::repr(&b.data),
            None => "<const>".into(),
        },
    }
}

fn opnd(code: &Code, o: Opnd) -> String {
    if o.is_stack() {
        "stack".into()
    } else if let Some(i) = o.as_local() {
        code.varnames
            .get(i)
            .map(|n| n.as_str().to_string())
            .unwrap_or_else(|| format!("local{i}"))
    } else {
        code.body()
            .consts
            .get(o.index())
            .map(const_repr)
            .unwrap_or_default()
    }
}

/// The upper-case name of an instruction, as listings print it.
pub fn opname(i: &Instr) -> String {
    let dbg = format!("{:?}", i);
    let head: String = dbg.chars().take_while(|c| c.is_alphanumeric()).collect();
    let mut out = String::new();
    for (k, c) in head.chars().enumerate() {
        if c.is_uppercase() && k > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The argument column of one instruction: raw value and its meaning.
fn args(code: &Code, i: &Instr) -> String {
    let name = |n: u32| {
        code.body()
            .names
            .get(n as usize)
            .map(|s| s.as_str().to_string())
            .unwrap_or_default()
    };
    let var = |n: u16| {
        code.varnames
            .get(n as usize)
            .map(|s| s.as_str().to_string())
            .unwrap_or_default()
    };
    let deref = |n: u16| {
        let n = n as usize;
        if n < code.cellvars.len() {
            code.cellvars[n].as_str().to_string()
        } else {
            code.freevars
                .get(n - code.cellvars.len())
                .map(|s| s.as_str().to_string())
                .unwrap_or_default()
        }
    };
    match *i {
        Instr::LoadConst(k) => format!(
            "{k} ({})",
            code.body()
                .consts
                .get(k as usize)
                .map(const_repr)
                .unwrap_or_default()
        ),
        Instr::LoadFast(n) | Instr::StoreFast(n) | Instr::DeleteFast(n) => {
            format!("{n} ({})", var(n))
        }
        Instr::LoadDeref(n)
        | Instr::StoreDeref(n)
        | Instr::DeleteDeref(n)
        | Instr::LoadClosure(n)
        | Instr::LoadClassDeref(n) => format!("{n} ({})", deref(n)),
        Instr::LoadGlobal(n)
        | Instr::StoreGlobal(n)
        | Instr::DeleteGlobal(n)
        | Instr::LoadName(n)
        | Instr::StoreName(n)
        | Instr::DeleteName(n)
        | Instr::LoadAttr(n)
        | Instr::StoreAttr(n)
        | Instr::DeleteAttr(n)
        | Instr::LoadMethod(n)
        | Instr::ImportFrom(n) => format!("{n} ({})", name(n)),
        Instr::Binary { op, a, b, dst } => {
            format!(
                "{} ({} {} {} -> {})",
                op as u8,
                opnd(code, a),
                op.symbol(),
                opnd(code, b),
                opnd(code, dst)
            )
        }
        Instr::Unary { op, a } => format!("{:?} ({})", op, opnd(code, a)),
        Instr::Compare { op, a, b } => format!(
            "{} ({} {} {})",
            op as u8,
            opnd(code, a),
            op.symbol(),
            opnd(code, b)
        ),
        Instr::CompareJumpIfFalse { op, a, b, target } => {
            format!(
                "to {} ({} {} {})",
                target,
                opnd(code, a),
                op.symbol(),
                opnd(code, b)
            )
        }
        Instr::Subscr { a, b, dst } => format!(
            "({}[{}] -> {})",
            opnd(code, a),
            opnd(code, b),
            opnd(code, dst)
        ),
        Instr::Jump(t)
        | Instr::JumpBackward(t)
        | Instr::PopJumpIfFalse(t)
        | Instr::PopJumpIfTrue(t)
        | Instr::JumpIfFalseOrPop(t)
        | Instr::JumpIfTrueOrPop(t)
        | Instr::PopJumpIfNone(t)
        | Instr::PopJumpIfNotNone(t)
        | Instr::ForIter(t) => format!("to {t}"),
        Instr::ForIterStore { local, target } => format!("{} (to {target})", var(local)),
        Instr::BuildTuple(n)
        | Instr::BuildList(n)
        | Instr::BuildSet(n)
        | Instr::BuildMap(n)
        | Instr::BuildString(n)
        | Instr::UnpackSequence(n) => n.to_string(),
        Instr::Copy(n)
        | Instr::Swap(n)
        | Instr::ListAppend(n)
        | Instr::SetAdd(n)
        | Instr::MapAdd(n)
        | Instr::ListExtend(n)
        | Instr::SetUpdate(n)
        | Instr::DictUpdate(n)
        | Instr::DictMerge(n)
        | Instr::Call(n) => n.to_string(),
        Instr::BuildSlice(n) | Instr::Raise(n) => n.to_string(),
        Instr::CallKw { argc, kwnames } => {
            format!(
                "{argc} ({})",
                code.body()
                    .consts
                    .get(kwnames as usize)
                    .map(const_repr)
                    .unwrap_or_default()
            )
        }
        Instr::CallEx { kwargs } => (kwargs as u8).to_string(),
        Instr::MakeFunction { code: c, flags } => format!(
            "{flags} (code {})",
            code.body()
                .children
                .get(c as usize)
                .map(|c| c.qualname.as_str().to_string())
                .unwrap_or_default()
        ),
        Instr::FormatValue { conv, spec } => {
            let c = if conv == 0 {
                String::new()
            } else {
                format!("!{}", conv as char)
            };
            format!("{}{}", c, if spec { " with spec" } else { "" })
        }
        Instr::UnpackEx { before, after } => format!("{before}, {after}"),
        Instr::ImportName {
            name: n,
            fromlist,
            level,
        } => format!(
            "{} ({}, fromlist {}, level {})",
            n,
            name(n),
            code.body()
                .consts
                .get(fromlist as usize)
                .map(const_repr)
                .unwrap_or_default(),
            level
        ),
        Instr::GetAwaitable(w) => match w {
            1 => "1 (after __aenter__)".into(),
            2 => "2 (after __aexit__)".into(),
            _ => "0".into(),
        },
        _ => String::new(),
    }
}

/// The listing of a code object and every code object nested in it.
pub fn disassemble(code: &Code) -> String {
    let mut out = String::new();
    dis_one(code, &mut out);
    out
}

fn dis_one(code: &Code, out: &mut String) {
    let _ = writeln!(
        out,
        "Disassembly of <code object {}, file \"{}\", line {}>:",
        code.qualname.as_str(),
        code.filename,
        code.first_line
    );
    let mut last_line = 0;
    for (off, i) in code.body().instrs.iter().enumerate() {
        let line = code.line_at(off);
        let lcol = if line != last_line {
            line.to_string()
        } else {
            String::new()
        };
        last_line = line;
        let target = code
            .body()
            .handlers
            .iter()
            .any(|h| h.target as usize == off);
        let a = args(code, i);
        let row = format!(
            "{:>5} {} {:>5} {:<24} {}",
            lcol,
            if target { ">>" } else { "  " },
            off,
            opname(i),
            a
        );
        out.push_str(row.trim_end());
        out.push('\n');
    }
    if !code.body().handlers.is_empty() {
        let _ = writeln!(out, "ExceptionTable:");
        for h in &code.body().handlers {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]",
                h.start, h.end, h.target, h.depth
            );
        }
    }
    for c in &code.body().children {
        out.push('\n');
        dis_one(c, out);
    }
}

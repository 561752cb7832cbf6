//! Compiling expressions, conditions and f-strings. Calls are in `call.rs`, comprehensions in
//! `comprehension.rs`.

use rustpython_parser::ast::{self, Constant, Expr};

use super::comprehension::CompKind;
use super::defs::FuncBody;
use super::{CResult, Compiler, ConstKey};
use crate::lang::bytecode::{BinOp, CmpOp, CodeKind, Instr, Opnd, UnaryOp};
use crate::lang::symtable::node_key;
use crate::vm::value::Value;

fn binop(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Sub,
        O::Mult => BinOp::Mul,
        O::Div => BinOp::TrueDiv,
        O::FloorDiv => BinOp::FloorDiv,
        O::Mod => BinOp::Mod,
        O::Pow => BinOp::Pow,
        O::LShift => BinOp::LShift,
        O::RShift => BinOp::RShift,
        O::BitAnd => BinOp::And,
        O::BitOr => BinOp::Or,
        O::BitXor => BinOp::Xor,
        O::MatMult => BinOp::MatMul,
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    use ast::CmpOp as C;
    match op {
        C::Eq => CmpOp::Eq,
        C::NotEq => CmpOp::Ne,
        C::Lt => CmpOp::Lt,
        C::LtE => CmpOp::Le,
        C::Gt => CmpOp::Gt,
        C::GtE => CmpOp::Ge,
        C::Is => CmpOp::Is,
        C::IsNot => CmpOp::IsNot,
        C::In => CmpOp::In,
        C::NotIn => CmpOp::NotIn,
    }
}

/// Whether CPython's constant folding turns `e` into a constant (`-5`, `(1, 2)`, `10**3`).
fn is_constant(e: &Expr) -> bool {
    match e {
        Expr::Constant(_) => true,
        Expr::UnaryOp(u) => {
            matches!(
                u.op,
                ast::UnaryOp::USub | ast::UnaryOp::UAdd | ast::UnaryOp::Invert
            ) && is_constant(&u.operand)
        }
        Expr::Tuple(t) => t.elts.iter().all(is_constant),
        Expr::BinOp(b) => is_constant(&b.left) && is_constant(&b.right),
        _ => false,
    }
}

impl<'a> Compiler<'a> {
    /// Whether evaluating `e` has no side effects and can be addressed as an operand.
    fn is_simple(&self, e: &Expr) -> bool {
        match e {
            Expr::Name(n) => self.local_opnd(n.id.as_str()).is_some(),
            Expr::Constant(c) => self.simple_const(&c.value).is_some(),
            _ => false,
        }
    }

    fn simple_const(&self, c: &Constant) -> Option<(ConstKey, Value)> {
        Some(match c {
            Constant::None => (ConstKey::None, Value::None),
            Constant::Bool(b) => (ConstKey::Bool(*b), Value::Bool(*b)),
            Constant::Int(i) => {
                let v: i64 = i.try_into().ok()?;
                (ConstKey::Int(v), Value::Int(v))
            }
            Constant::Float(f) => (ConstKey::Float(f.to_bits()), Value::Float(*f)),
            Constant::Str(s) if s.len() < 64 => (ConstKey::Str(s.clone()), Value::str(s.as_str())),
            Constant::Ellipsis => (ConstKey::Ellipsis, Value::Ellipsis),
            _ => return None,
        })
    }

    /// An operand for `e`: a local or constant where possible, else evaluated onto the stack.
    pub(super) fn operand(&mut self, e: &'a Expr) -> CResult<Opnd> {
        match e {
            Expr::Name(n) => {
                if let Some(o) = self.local_opnd(n.id.as_str()) {
                    return Ok(o);
                }
            }
            Expr::Constant(c) => {
                if let Some((k, v)) = self.simple_const(&c.value) {
                    let i = self.const_val(k, v) as usize;
                    if i <= Opnd::MAX_INDEX {
                        return Ok(Opnd::konst(i));
                    }
                }
            }
            _ => {}
        }
        self.expr(e)?;
        Ok(Opnd::STACK)
    }

    /// Operands for a binary operation, evaluated left to right.
    fn operands(&mut self, a: &'a Expr, b: &'a Expr) -> CResult<(Opnd, Opnd)> {
        let oa = if self.is_simple(b) {
            self.operand(a)?
        } else {
            self.stack_operand(a)?
        };
        let ob = self.operand(b)?;
        Ok((oa, ob))
    }

    fn stack_operand(&mut self, e: &'a Expr) -> CResult<Opnd> {
        self.expr(e)?;
        Ok(Opnd::STACK)
    }

    /// Compile `e` straight into `dst` if it is an operation that can write there.
    pub(super) fn expr_into(&mut self, e: &'a Expr, dst: Opnd) -> CResult<bool> {
        if !matches!(e, Expr::BinOp(_) | Expr::Subscript(_)) {
            return Ok(false);
        }
        let saved = self.enter_loc(e);
        let r = self.expr_into_at(e, dst);
        self.leave_loc(saved);
        r
    }

    fn expr_into_at(&mut self, e: &'a Expr, dst: Opnd) -> CResult<bool> {
        match e {
            Expr::BinOp(b) => {
                self.set_line(e);
                let (a, bb) = self.operands(&b.left, &b.right)?;
                self.emit(Instr::Binary {
                    op: binop(b.op),
                    a,
                    b: bb,
                    dst,
                });
                Ok(true)
            }
            Expr::Subscript(s) if !matches!(&*s.slice, Expr::Slice(_)) => {
                let (a, b) = self.operands(&s.value, &s.slice)?;
                self.emit(Instr::Subscr { a, b, dst });
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Compile `e`, pushing its value.
    pub(super) fn expr(&mut self, e: &'a Expr) -> CResult {
        let saved = self.enter_loc(e);
        let r = self.expr_at(e);
        self.leave_loc(saved);
        r
    }

    fn expr_at(&mut self, e: &'a Expr) -> CResult {
        match e {
            Expr::Constant(c) => self.constant(&c.value, e)?,
            Expr::Name(n) => self.load_name(n.id.as_str()),
            Expr::BinOp(_) | Expr::Subscript(_) if self.expr_into(e, Opnd::STACK)? => {}
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
                self.emit(Instr::Subscr {
                    a: Opnd::STACK,
                    b: Opnd::STACK,
                    dst: Opnd::STACK,
                });
            }
            Expr::Slice(s) => {
                let none = self.const_val(ConstKey::None, Value::None);
                for part in [&s.lower, &s.upper] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => {
                            self.emit(Instr::LoadConst(none));
                        }
                    }
                }
                match &s.step {
                    Some(x) => {
                        self.expr(x)?;
                        self.emit(Instr::BuildSlice(3));
                    }
                    None => {
                        self.emit(Instr::BuildSlice(2));
                    }
                }
            }
            Expr::UnaryOp(u) => {
                let a = self.operand(&u.operand)?;
                let op = match u.op {
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                };
                self.emit(Instr::Unary { op, a });
            }
            Expr::BoolOp(b) => {
                let mut ends = vec![];
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        let j = match b.op {
                            ast::BoolOp::And => Instr::JumpIfFalseOrPop(0),
                            ast::BoolOp::Or => Instr::JumpIfTrueOrPop(0),
                        };
                        ends.push(self.emit(j));
                    }
                }
                for p in ends {
                    self.patch_here(p);
                }
            }
            Expr::NamedExpr(n) => {
                self.expr(&n.value)?;
                self.emit(Instr::Dup);
                self.store_target(&n.target)?;
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::IfExp(i) => {
                let mut to_else = vec![];
                self.jump_if(&i.test, false, &mut to_else)?;
                self.expr(&i.body)?;
                let end = self.emit(Instr::Jump(0));
                for p in to_else {
                    self.patch_here(p);
                }
                self.expr(&i.orelse)?;
                self.patch_here(end);
            }
            Expr::Lambda(l) => {
                let line = self.line_of(l.range.start());
                self.make_function(
                    node_key(l),
                    "<lambda>",
                    &l.args,
                    FuncBody::Expr(&l.body),
                    line,
                    None,
                )?;
            }
            Expr::Tuple(t) => self.sequence(&t.elts, true)?,
            Expr::List(l) => self.sequence(&l.elts, false)?,
            Expr::Set(s) => {
                if s.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    self.emit(Instr::BuildSet(0));
                    for e in &s.elts {
                        match e {
                            Expr::Starred(st) => {
                                self.expr(&st.value)?;
                                self.emit(Instr::SetUpdate(1));
                            }
                            other => {
                                self.expr(other)?;
                                self.emit(Instr::SetAdd(1));
                            }
                        }
                    }
                } else {
                    for e in &s.elts {
                        self.expr(e)?;
                    }
                    let n = s.elts.len() as u32;
                    let all_const = s.elts.iter().all(is_constant);
                    self.emit(if all_const {
                        Instr::BuildConstSet(n)
                    } else {
                        Instr::BuildSet(n)
                    });
                }
            }
            Expr::Dict(d) => {
                if d.keys.iter().all(|k| k.is_some()) {
                    for (k, v) in d.keys.iter().zip(&d.values) {
                        self.expr(k.as_ref().unwrap())?;
                        self.expr(v)?;
                    }
                    self.emit(Instr::BuildMap(d.keys.len() as u32));
                } else {
                    self.emit(Instr::BuildMap(0));
                    for (k, v) in d.keys.iter().zip(&d.values) {
                        match k {
                            Some(k) => {
                                self.expr(k)?;
                                self.expr(v)?;
                                self.emit(Instr::MapAdd(1));
                            }
                            None => {
                                self.expr(v)?;
                                self.emit(Instr::DictUpdate(1));
                            }
                        }
                    }
                }
            }
            Expr::ListComp(c) => self.comprehension(
                e,
                node_key(c),
                "<listcomp>",
                &c.generators,
                CompKind::List,
                &c.elt,
                None,
            )?,
            Expr::SetComp(c) => self.comprehension(
                e,
                node_key(c),
                "<setcomp>",
                &c.generators,
                CompKind::Set,
                &c.elt,
                None,
            )?,
            Expr::DictComp(c) => self.comprehension(
                e,
                node_key(c),
                "<dictcomp>",
                &c.generators,
                CompKind::Dict,
                &c.key,
                Some(&c.value),
            )?,
            Expr::GeneratorExp(c) => self.comprehension(
                e,
                node_key(c),
                "<genexpr>",
                &c.generators,
                CompKind::Gen,
                &c.elt,
                None,
            )?,
            Expr::Yield(y) => {
                self.check_in_function(e, "'yield' outside function")?;
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => {
                        let k = self.const_val(ConstKey::None, Value::None);
                        self.emit(Instr::LoadConst(k));
                    }
                }
                if self.in_async_generator() {
                    self.emit(Instr::AsyncGenWrap);
                }
                self.emit(Instr::YieldValue);
            }
            Expr::YieldFrom(y) => {
                self.check_in_function(e, "'yield from' outside function")?;
                if self.in_async_function() {
                    return self.syntax(e, "'yield from' inside async function");
                }
                self.expr(&y.value)?;
                self.emit(Instr::GetYieldFromIter);
                let k = self.const_val(ConstKey::None, Value::None);
                self.emit(Instr::LoadConst(k));
                self.emit(Instr::YieldFrom);
            }
            Expr::Await(a) => {
                self.check_await(e)?;
                self.expr(&a.value)?;
                self.set_line(e);
                self.emit_await(0);
            }
            Expr::Call(c) => {
                self.set_line(e);
                self.call(c)?
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_line(e);
                let i = self.name_idx(a.attr.as_str());
                self.emit(Instr::LoadAttr(i));
            }
            Expr::JoinedStr(j) => self.fstring(j)?,
            Expr::FormattedValue(f) => {
                self.formatted_value(f)?;
            }
            Expr::Starred(s) => return self.syntax(s, "can't use starred expression here"),
            Expr::BinOp(_) => unreachable!(),
        }
        Ok(())
    }

    fn check_in_function(&self, e: &Expr, msg: &str) -> CResult {
        match self.units.last().unwrap().kind {
            CodeKind::Function
            | CodeKind::Lambda
            | CodeKind::Generator
            | CodeKind::Comprehension => Ok(()),
            _ => self.syntax(e, msg),
        }
    }

    fn constant(&mut self, c: &Constant, node: &Expr) -> CResult {
        let k = match c {
            Constant::Bytes(b) => self.const_other(crate::vm::bytes::new_bytes(&b[..])),
            Constant::Complex { .. } => return self.unsupported(node, "complex numbers are"),
            Constant::Int(i) => match i64::try_from(i) {
                Ok(v) => self.const_int(v),
                Err(_) => {
                    let s = i.to_string();
                    let big: num_bigint::BigInt = s.parse().unwrap();
                    self.const_other(Value::from_bigint(big))
                }
            },
            Constant::Tuple(items) => {
                let mut vals = vec![];
                for it in items {
                    vals.push(self.const_value(it, node)?);
                }
                self.const_other(Value::tuple(vals))
            }
            other => {
                let v = self.const_value(other, node)?;
                match self.simple_const(other) {
                    Some((key, _)) => self.const_val(key, v),
                    None => self.const_other(v),
                }
            }
        };
        self.emit(Instr::LoadConst(k));
        Ok(())
    }

    fn const_value(&mut self, c: &Constant, node: &Expr) -> CResult<Value> {
        Ok(match c {
            Constant::None => Value::None,
            Constant::Bool(b) => Value::Bool(*b),
            Constant::Str(s) => Value::Str(self.intern(s)),
            Constant::Int(i) => {
                let s = i.to_string();
                Value::from_bigint(s.parse().unwrap())
            }
            Constant::Float(f) => Value::Float(*f),
            Constant::Ellipsis => Value::Ellipsis,
            Constant::Tuple(items) => {
                let mut vals = vec![];
                for it in items {
                    vals.push(self.const_value(it, node)?);
                }
                Value::tuple(vals)
            }
            Constant::Bytes(b) => crate::vm::bytes::new_bytes(&b[..]),
            Constant::Complex { .. } => return self.unsupported(node, "complex numbers are"),
        })
    }

    fn sequence(&mut self, elts: &'a [Expr], tuple: bool) -> CResult {
        if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            self.emit(Instr::BuildList(0));
            for e in elts {
                match e {
                    Expr::Starred(s) => {
                        self.expr(&s.value)?;
                        self.emit(Instr::ListExtend(1));
                    }
                    other => {
                        self.expr(other)?;
                        self.emit(Instr::ListAppend(1));
                    }
                }
            }
            if tuple {
                self.emit(Instr::ListToTuple);
            }
        } else {
            for e in elts {
                self.expr(e)?;
            }
            let n = elts.len() as u32;
            self.emit(if tuple {
                Instr::BuildTuple(n)
            } else {
                Instr::BuildList(n)
            });
        }
        Ok(())
    }

    fn compare(&mut self, c: &'a ast::ExprCompare) -> CResult {
        if c.ops.len() == 1 {
            let (a, b) = self.operands(&c.left, &c.comparators[0])?;
            self.emit(Instr::Compare {
                op: cmpop(c.ops[0]),
                a,
                b,
            });
            return Ok(());
        }
        self.expr(&c.left)?;
        let mut cleanups = vec![];
        let n = c.ops.len();
        for (i, (op, right)) in c.ops.iter().zip(&c.comparators).enumerate() {
            self.expr(right)?;
            if i + 1 < n {
                self.emit(Instr::Swap(2));
                self.emit(Instr::Copy(2));
                self.emit(Instr::Compare {
                    op: cmpop(*op),
                    a: Opnd::STACK,
                    b: Opnd::STACK,
                });
                cleanups.push(self.emit(Instr::JumpIfFalseOrPop(0)));
            } else {
                self.emit(Instr::Compare {
                    op: cmpop(*op),
                    a: Opnd::STACK,
                    b: Opnd::STACK,
                });
            }
        }
        let end = self.emit(Instr::Jump(0));
        for p in cleanups {
            self.patch_here(p);
        }
        self.emit(Instr::Swap(2));
        self.emit(Instr::Pop);
        self.patch_here(end);
        Ok(())
    }

    /// Emit jumps taken when the truth of `e` equals `when`; the jump sites go to `out`.
    pub(super) fn jump_if(&mut self, e: &'a Expr, when: bool, out: &mut Vec<usize>) -> CResult {
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                return self.jump_if(&u.operand, !when, out);
            }
            Expr::BoolOp(b) => {
                let is_and = b.op == ast::BoolOp::And;
                let n = b.values.len();
                // `a and b` jumps on false if any is false; on true only if all are true
                if is_and != when {
                    for v in &b.values {
                        self.jump_if(v, when, out)?;
                    }
                } else {
                    let mut skip = vec![];
                    for (i, v) in b.values.iter().enumerate() {
                        if i + 1 < n {
                            self.jump_if(v, !when, &mut skip)?;
                        } else {
                            self.jump_if(v, when, out)?;
                        }
                    }
                    for p in skip {
                        self.patch_here(p);
                    }
                }
                return Ok(());
            }
            Expr::Compare(c) if c.ops.len() == 1 && !when => {
                self.set_line(e);
                // the span is not put back afterwards: CPython 3.11 leaves a comparison's span
                // to what follows its jump (an `assert`'s raise underlines the comparison)
                self.unit().loc = self.loc_of(e);
                let (a, b) = self.operands(&c.left, &c.comparators[0])?;
                out.push(self.emit(Instr::CompareJumpIfFalse {
                    op: cmpop(c.ops[0]),
                    a,
                    b,
                    target: 0,
                }));
                return Ok(());
            }
            _ => {}
        }
        self.expr(e)?;
        if let Expr::Compare(_) = e {
            self.unit().loc = self.loc_of(e); // as above
        }
        out.push(self.emit(if when {
            Instr::PopJumpIfTrue(0)
        } else {
            Instr::PopJumpIfFalse(0)
        }));
        Ok(())
    }

    fn fstring(&mut self, j: &'a ast::ExprJoinedStr) -> CResult {
        let mut n = 0;
        for v in &j.values {
            match v {
                Expr::Constant(c) => {
                    if let Constant::Str(s) = &c.value {
                        if s.is_empty() {
                            continue;
                        }
                    }
                    self.expr(v)?;
                }
                Expr::FormattedValue(f) => self.formatted_value(f)?,
                other => self.expr(other)?,
            }
            n += 1;
        }
        if n == 1 {
            return Ok(()); // a lone constant or formatted value is already the string
        }
        if n == 0 {
            let k = self.const_str("");
            self.emit(Instr::LoadConst(k));
            return Ok(());
        }
        self.emit(Instr::BuildString(n));
        Ok(())
    }

    fn formatted_value(&mut self, f: &'a ast::ExprFormattedValue) -> CResult {
        self.expr(&f.value)?;
        let conv = match f.conversion {
            ast::ConversionFlag::None => 0,
            ast::ConversionFlag::Str => b's',
            ast::ConversionFlag::Repr => b'r',
            ast::ConversionFlag::Ascii => b'a',
        };
        let spec = match &f.format_spec {
            Some(s) => {
                self.expr(s)?;
                true
            }
            None => false,
        };
        self.emit(Instr::FormatValue { conv, spec });
        Ok(())
    }
}

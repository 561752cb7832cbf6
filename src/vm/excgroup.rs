//! `BaseExceptionGroup` and `ExceptionGroup` (PEP 654, CPython 3.11): construction with
//! CPython's checks and messages, `message`, `exceptions`, `derive`, `subgroup`, `split`,
//! and the boxed traceback format CPython prints for an uncaught group.

use std::collections::HashSet;
use std::rc::Rc;

use super::call::Kwargs;
use super::object::Class;
use super::value::Value;
use super::{PyErr, PyResult, Vm};

/// Is `err` an exception group?
pub fn is_group(vm: &Vm, err: &PyErr) -> bool {
    err.matches(&vm.t().exc.base_exception_group)
}

/// `BaseExceptionGroup(message, exceptions)` (or `ExceptionGroup(...)`): the group,
/// an `ExceptionGroup` when every member is an `Exception`.
pub fn new_group(vm: &mut Vm, cls: &Rc<Class>, args: &[Value]) -> PyResult {
    if args.len() != 2 {
        return Err(vm.type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            args.len()
        )));
    }
    if !matches!(args[0], Value::Str(_)) {
        return Err(vm.type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            vm.type_of(&args[0]).name().as_str()
        )));
    }
    let items = match &args[1] {
        Value::List(l) => l.borrow().clone(),
        Value::Tuple(t) => (**t).clone(),
        _ => return Err(vm.type_error("second argument (exceptions) must be a sequence")),
    };
    if items.is_empty() {
        return Err(vm.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let exception = vm.t().exc.exception.clone();
    let mut all_exceptions = true;
    for (i, e) in items.iter().enumerate() {
        match e {
            Value::Inst(inst) if inst.exc.is_some() => {
                all_exceptions &= inst.class().is_subclass(&exception);
            }
            _ => {
                return Err(vm.value_error(format!(
                    "Item {i} of second argument (exceptions) is not an exception"
                )))
            }
        }
    }
    let mut cls = cls.clone();
    if Rc::ptr_eq(&cls, &vm.t().exc.base_exception_group) && all_exceptions {
        cls = vm.t().exc.exception_group.clone();
    } else if cls.is_subclass(&exception) && !all_exceptions {
        return Err(vm.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
    }
    let g = super::exc::new_exception(&cls, args.to_vec());
    if let Value::Inst(i) = &g {
        i.set_attr_str("message", args[0].clone());
        i.set_attr_str("exceptions", Value::tuple(items));
    }
    Ok(g)
}

fn members(vm: &Vm, g: &Value) -> PyResult<Vec<Value>> {
    if let Value::Inst(i) = g {
        if let Some(Value::Tuple(t)) = i.get_attr_str("exceptions") {
            return Ok((*t).clone());
        }
    }
    Err(vm.type_error("descriptor requires a 'BaseExceptionGroup' object"))
}

fn message(g: &Value) -> Value {
    match g {
        Value::Inst(i) => i.get_attr_str("message").unwrap_or(Value::None),
        _ => Value::None,
    }
}

fn group_str(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let n = members(vm, &args[0])?.len();
    let m = vm.to_str(&message(&args[0]))?;
    Ok(Value::str(format!(
        "{} ({} sub-exception{})",
        m.as_str(),
        n,
        if n == 1 { "" } else { "s" }
    )))
}

fn derive(vm: &mut Vm, g: &Value, excs: Value) -> PyResult {
    let base = vm.t().exc.base_exception_group.clone();
    new_group(vm, &base, &[message(g), excs])
}

fn group_derive(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let excs = args.get(1).cloned().unwrap_or(Value::None);
    derive(vm, &args[0], excs)
}

/// Does exception `e` satisfy the condition of `split`/`subgroup` (a class, a tuple of
/// classes, or a predicate)?
fn matches(vm: &mut Vm, cond: &Value, e: &Value) -> PyResult<bool> {
    match cond {
        Value::Class(_) | Value::Tuple(_) => vm.exception_matches(e, cond),
        Value::Func(_) | Value::Builtin(_) | Value::Method(_) => {
            let r = vm.call(cond, std::slice::from_ref(e), &[])?;
            vm.truthy(&r)
        }
        _ => Err(vm.type_error(format!(
            "expected a function, exception type or tuple of exception types, not {}",
            vm.type_of(cond).name().as_str()
        ))),
    }
}

/// What `split` keeps: members matching a condition, or (for `except*`'s recombination)
/// the leaf exceptions with these addresses.
enum Matcher<'m> {
    Cond(&'m Value),
    Leaves(&'m HashSet<usize>),
}

impl Matcher<'_> {
    fn test(&self, vm: &mut Vm, e: &Value, is_group: bool) -> PyResult<bool> {
        match self {
            Matcher::Cond(c) => matches(vm, c, e),
            Matcher::Leaves(ids) => Ok(!is_group && e.ptr().is_some_and(|p| ids.contains(&p))),
        }
    }
}

/// `g.split(cond)`: (the matching part, the rest), each a group or None.
fn split(vm: &mut Vm, g: &Value, cond: &Value) -> PyResult<(Value, Value)> {
    split_by(vm, g, &Matcher::Cond(cond))
}

fn split_by(vm: &mut Vm, g: &Value, m: &Matcher) -> PyResult<(Value, Value)> {
    if m.test(vm, g, true)? {
        return Ok((g.clone(), Value::None));
    }
    let (mut hit, mut rest) = (vec![], vec![]);
    for e in members(vm, g)? {
        let sub_is_group =
            matches!(&e, Value::Inst(i) if i.class().is_subclass(&vm.t().exc.base_exception_group));
        if sub_is_group {
            let (mt, r) = split_by(vm, &e, m)?;
            if !mt.is_none() {
                hit.push(mt);
            }
            if !r.is_none() {
                rest.push(r);
            }
        } else if m.test(vm, &e, false)? {
            hit.push(e);
        } else {
            rest.push(e);
        }
    }
    let part = |vm: &mut Vm, items: Vec<Value>| -> PyResult {
        if items.is_empty() {
            return Ok(Value::None);
        }
        let d = derive(vm, g, Value::list(items))?;
        if let (Value::Inst(from), Value::Inst(to)) = (g, &d) {
            let f = from.exc.as_ref().unwrap().borrow();
            let mut t = to.exc.as_ref().unwrap().borrow_mut();
            t.traceback = f.traceback.clone();
            t.cause = f.cause.clone();
            t.context = f.context.clone();
        }
        Ok(d)
    };
    let m = part(vm, hit)?;
    let r = part(vm, rest)?;
    Ok((m, r))
}

fn group_split(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let cond = args.get(1).cloned().unwrap_or(Value::None);
    let (m, r) = split(vm, &args[0], &cond)?;
    Ok(Value::tuple(vec![m, r]))
}

fn group_subgroup(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let cond = args.get(1).cloned().unwrap_or(Value::None);
    Ok(split(vm, &args[0], &cond)?.0)
}

// ----- except* -----

fn is_group_value(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Inst(i) if i.exc.is_some() && i.class().is_subclass(&vm.t().exc.base_exception_group))
}

/// `except* T` on `exc` (what is left of the group, or None): (the rest, the match). A naked
/// exception that matches comes wrapped in a group, as CPython's `exception_group_match` does.
pub fn check_eg_match(vm: &mut Vm, exc: Value, ty: &Value) -> PyResult<(Value, Value)> {
    let classes: Vec<Value> = match ty {
        Value::Tuple(t) => t.to_vec(),
        other => vec![other.clone()],
    };
    for c in &classes {
        match c {
            Value::Class(c) if c.is_subclass(&vm.t().exc.base_exception) => {
                if c.is_subclass(&vm.t().exc.base_exception_group) {
                    return Err(vm.type_error(
                        "catching ExceptionGroup with except* is not allowed. Use except instead.",
                    ));
                }
            }
            _ => {
                return Err(vm.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ))
            }
        }
    }
    if exc.is_none() {
        return Ok((Value::None, Value::None));
    }
    if vm.exception_matches(&exc, ty)? {
        if is_group_value(vm, &exc) {
            return Ok((Value::None, exc));
        }
        let base = vm.t().exc.base_exception_group.clone();
        let wrapped = new_group(vm, &base, &[Value::str(""), Value::tuple(vec![exc])])?;
        return Ok((Value::None, wrapped));
    }
    if is_group_value(vm, &exc) {
        let (m, r) = split(vm, &exc, ty)?;
        return Ok((r, m));
    }
    Ok((exc, Value::None))
}

/// Do `a` and `b` carry the same traceback, cause and context (so `a` is `b` or a part
/// split from it, re-raised rather than raised anew)?
fn same_metadata(a: &Value, b: &Value) -> bool {
    let (Value::Inst(a), Value::Inst(b)) = (a, b) else {
        return false;
    };
    let (Some(da), Some(db)) = (&a.exc, &b.exc) else {
        return false;
    };
    let (da, db) = (da.borrow(), db.borrow());
    da.cause.is(&db.cause)
        && da.context.is(&db.context)
        && da.traceback.len() == db.traceback.len()
        && da
            .traceback
            .iter()
            .zip(&db.traceback)
            .all(|(x, y)| Rc::ptr_eq(&x.code, &y.code) && x.line == y.line)
}

/// The addresses of the leaf exceptions of `v` (itself if it is not a group).
fn leaves(vm: &Vm, v: &Value, out: &mut HashSet<usize>) {
    if is_group_value(vm, v) {
        if let Ok(ms) = members(vm, v) {
            for m in ms {
                leaves(vm, &m, out);
            }
        }
    } else if let Some(p) = v.ptr() {
        out.insert(p);
    }
}

/// What an `except*` statement raises at its end (CPython's `_PyExc_PrepReraiseStar`):
/// `excs` holds what the clauses raised, then the unhandled rest. Exceptions re-raised from
/// `orig` go back into `orig`'s structure; new ones join them in a new group.
pub fn prep_reraise_star(vm: &mut Vm, orig: &Value, excs: &Value) -> PyResult {
    let excs: Vec<Value> = match excs {
        Value::List(l) => l.borrow().clone(),
        _ => vec![],
    };
    let Some(first) = excs.first() else {
        return Ok(Value::None);
    };
    if !is_group_value(vm, orig) {
        // a naked exception was wrapped: one clause at most ran
        return Ok(first.clone());
    }
    let (mut raised, mut reraised) = (vec![], vec![]);
    for e in excs.into_iter().filter(|e| !e.is_none()) {
        if same_metadata(&e, orig) {
            reraised.push(e);
        } else {
            raised.push(e);
        }
    }
    let mut keep = HashSet::new();
    for e in &reraised {
        leaves(vm, e, &mut keep);
    }
    let reraised_eg = if keep.is_empty() {
        Value::None
    } else {
        split_by(vm, orig, &Matcher::Leaves(&keep))?.0
    };
    if raised.is_empty() {
        return Ok(reraised_eg);
    }
    if !reraised_eg.is_none() {
        raised.push(reraised_eg);
    }
    if raised.len() == 1 {
        return Ok(raised.pop().unwrap());
    }
    let base = vm.t().exc.base_exception_group.clone();
    new_group(vm, &base, &[Value::str(""), Value::list(raised)])
}

/// Register the methods of `BaseExceptionGroup`.
pub fn install(t: &super::types::Types) {
    use super::types::add_method;
    let c = &t.exc.base_exception_group;
    add_method(c, "__str__", group_str);
    add_method(c, "derive", group_derive);
    add_method(c, "split", group_split);
    add_method(c, "subgroup", group_subgroup);
}

/// Groups show at most this many members (`traceback`'s `max_group_width`).
const MAX_GROUP_WIDTH: usize = 15;

/// Prefix every line of `text` with the margin of nesting level `depth`.
fn emit(out: &mut String, text: &str, depth: usize, margin: char) {
    for line in text.split_inclusive('\n') {
        out.push_str(&" ".repeat(2 * depth));
        out.push(margin);
        out.push(' ');
        out.push_str(line);
    }
}

/// An uncaught exception group as CPython prints it: a boxed traceback per member.
/// `depth` is the nesting level (0 for the outermost group).
pub fn format_group(vm: &mut Vm, err: &PyErr, depth: usize) -> String {
    let mut out = String::new();
    let toplevel = depth == 0;
    let depth = depth.max(1);
    let stack = vm.format_stack(err, "");
    if !stack.is_empty() {
        emit(
            &mut out,
            "Exception Group Traceback (most recent call last):\n",
            depth,
            if toplevel { '+' } else { '|' },
        );
        emit(&mut out, &stack, depth, '|');
    }
    let only = vm.format_exception_only(err);
    emit(&mut out, &only, depth, '|');
    let excs = members(vm, &err.exc).unwrap_or_default();
    let n = if excs.len() <= MAX_GROUP_WIDTH {
        excs.len()
    } else {
        MAX_GROUP_WIDTH + 1
    };
    for i in 0..n {
        let truncated = i >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (i + 1).to_string()
        };
        out.push_str(&" ".repeat(2 * depth));
        out.push_str(if i == 0 { "+-" } else { "  " });
        out.push_str(&format!("+---------------- {title} ----------------\n"));
        let sub_depth = depth + 1;
        let mut closed_inside = false;
        if truncated {
            let more = excs.len() - MAX_GROUP_WIDTH;
            let text = format!(
                "and {more} more exception{}\n",
                if more > 1 { "s" } else { "" }
            );
            emit(&mut out, &text, sub_depth, '|');
        } else {
            let sub = PyErr {
                exc: excs[i].clone(),
            };
            if is_group(vm, &sub) {
                out.push_str(&format_group(vm, &sub, sub_depth));
                closed_inside = true;
            } else {
                let text = vm.format_traceback(&sub);
                emit(&mut out, &text, sub_depth, '|');
            }
        }
        if i == n - 1 && !closed_inside {
            out.push_str(&" ".repeat(2 * sub_depth));
            out.push_str("+------------------------------------\n");
        }
    }
    out
}

//! `BaseExceptionGroup` and `ExceptionGroup` (PEP 654, CPython 3.11): construction with
//! CPython's checks and messages, `message`, `exceptions`, `derive`, `subgroup`, `split`,
//! and the boxed traceback format CPython prints for an uncaught group.

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
        let mut d = i.dict.borrow_mut();
        d.set_str("message", args[0].clone());
        d.set_str("exceptions", Value::tuple(items));
    }
    Ok(g)
}

fn members(vm: &Vm, g: &Value) -> PyResult<Vec<Value>> {
    if let Value::Inst(i) = g {
        if let Some(Value::Tuple(t)) = i.dict.borrow().get_str("exceptions") {
            return Ok((*t).clone());
        }
    }
    Err(vm.type_error("descriptor requires a 'BaseExceptionGroup' object"))
}

fn message(g: &Value) -> Value {
    match g {
        Value::Inst(i) => i.dict.borrow().get_str("message").unwrap_or(Value::None),
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

/// `g.split(cond)`: (the matching part, the rest), each a group or None.
fn split(vm: &mut Vm, g: &Value, cond: &Value) -> PyResult<(Value, Value)> {
    if matches(vm, cond, g)? {
        return Ok((g.clone(), Value::None));
    }
    let (mut hit, mut rest) = (vec![], vec![]);
    for e in members(vm, g)? {
        let sub_is_group =
            matches!(&e, Value::Inst(i) if i.class().is_subclass(&vm.t().exc.base_exception_group));
        if sub_is_group {
            let (m, r) = split(vm, &e, cond)?;
            if !m.is_none() {
                hit.push(m);
            }
            if !r.is_none() {
                rest.push(r);
            }
        } else if matches(vm, cond, &e)? {
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

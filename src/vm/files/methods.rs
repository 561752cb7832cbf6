//! The methods of file objects, with CPython 3.11's messages for a closed file (which differ
//! by class and method: `I/O operation on closed file.`, `read of closed file`, ...) and for
//! operations a file does not support (`io.UnsupportedOperation: not readable`).
//!
//! No borrow of a file's state is held across a system call: on the virtual clock another
//! thread runs meanwhile, and may use the same file.

use std::rc::Rc;
use std::sync::Arc;

use super::text::Take;
use super::{closed_error, oserror, sys_io, unsupported, FileObj, Layer, BUFFER_SIZE};
use crate::vm::bytes::codec;
use crate::vm::bytes::{bytes_of, new_bytes};
use crate::vm::call::Kwargs;
use crate::vm::methods::{no_args, one_arg};
use crate::vm::modules::sys::StdStream;
use crate::vm::object::Class;
use crate::vm::types::add_method;
use crate::vm::value::Value;
use crate::vm::{PyErr, PyResult, Vm};

/// The receiver of a file method.
enum Recv<'a> {
    File(&'a FileObj),
    /// `sys.stdout` / `sys.stderr`, which share `TextIOWrapper`'s methods.
    Std(u8),
}

fn recv<'a>(vm: &Vm, args: &'a [Value], meth: &str) -> PyResult<Recv<'a>> {
    let Some(v) = args.first() else {
        return Err(vm.type_error(format!("descriptor '{meth}' needs an argument")));
    };
    if let Some(f) = super::file_of(v) {
        return Ok(Recv::File(f));
    }
    if let Some(s) = crate::vm::attr::native_as::<StdStream>(v) {
        return Ok(Recv::Std(s.fd));
    }
    Err(vm.type_error(format!(
        "descriptor '{meth}' requires a file object, not '{}'",
        vm.type_of(v).name().as_str()
    )))
}

/// The file receiver, or the error a standard stream gives for `meth`.
fn file_recv<'a>(vm: &Vm, args: &'a [Value], meth: &str) -> PyResult<&'a FileObj> {
    match recv(vm, args, meth)? {
        Recv::File(f) => Ok(f),
        Recv::Std(_) => Err(match meth {
            "read" | "readline" | "readlines" | "__next__" | "__iter__" => {
                unsupported(vm, "not readable")
            }
            "seek" | "tell" | "truncate" => unsupported(vm, "underlying stream is not seekable"),
            _ => unsupported(vm, meth),
        }),
    }
}

/// Which check fails on a closed file, for its message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Read,
    Readline,
    Write,
    Seek,
    Tell,
    Flush,
    /// `__iter__`, `readlines`, `writelines`, `__enter__`: `IOBase`'s own check.
    Base,
    /// `readable()`, `fileno()` and the like: the raw file's check.
    Raw,
}

/// The message of `op` on a closed file of `layer`.
fn closed_message(layer: Layer, op: Op) -> &'static str {
    const DOT: &str = "I/O operation on closed file.";
    const RAW: &str = "I/O operation on closed file";
    match (layer, op) {
        (Layer::Text, Op::Raw) | (_, Op::Raw) | (_, Op::Tell) => RAW,
        (Layer::Text, _) | (_, Op::Base) => DOT,
        (Layer::Raw, _) => RAW,
        (_, Op::Read) => "read of closed file",
        (_, Op::Readline) => "readline of closed file",
        (_, Op::Write) => "write to closed file",
        (_, Op::Seek) => "seek of closed file",
        (Layer::Reader, Op::Flush) => DOT,
        (_, Op::Flush) => "flush of closed file",
    }
}

/// The file, or the closed file's error for `op`.
fn open_file(vm: &Vm, obj: &FileObj, op: Op) -> PyResult<Arc<std::fs::File>> {
    match &obj.st.borrow().file {
        Some(f) => Ok(f.clone()),
        None => Err(closed_error(vm, closed_message(obj.layer, op))),
    }
}

/// Check that `obj` can be read: open, and readable.
fn check_readable(vm: &Vm, obj: &FileObj, op: Op) -> PyResult<()> {
    if obj.layer == Layer::Writer {
        return Err(unsupported(vm, "read"));
    }
    open_file(vm, obj, op)?;
    if !obj.st.borrow().readable {
        return Err(unsupported(
            vm,
            if obj.layer == Layer::Raw {
                "File not open for reading"
            } else {
                "not readable"
            },
        ));
    }
    Ok(())
}

/// Check that `obj` can be written: open, and writable.
fn check_writable(vm: &Vm, obj: &FileObj, op: Op) -> PyResult<()> {
    if obj.layer == Layer::Reader {
        return Err(unsupported(vm, "write"));
    }
    open_file(vm, obj, op)?;
    if !obj.st.borrow().writable {
        return Err(unsupported(
            vm,
            if obj.layer == Layer::Raw {
                "File not open for writing"
            } else {
                "not writable"
            },
        ));
    }
    Ok(())
}

/// An `OSError` from a system call.
fn os_err(vm: &mut Vm, e: &std::io::Error) -> PyErr {
    oserror::from_io(vm, e, None)
}

/// Write out what the file has buffered (one `write(2)`).
pub(super) fn flush_obj(vm: &mut Vm, obj: &FileObj) -> PyResult<()> {
    let (f, pos, data) = {
        let mut st = obj.st.borrow_mut();
        if st.wbuf.is_empty() {
            return Ok(());
        }
        let Some(f) = st.file.clone() else {
            return Ok(());
        };
        (f, st.pos, std::mem::take(&mut st.wbuf))
    };
    let r = sys_io::write(vm, &f, &data)?;
    obj.st.borrow_mut().pos = pos + data.len() as u64;
    r.map_err(|e| os_err(vm, &e))
}

/// Before writing: the position goes back over what was read ahead (an `lseek`), and a text
/// file forgets what it decoded (without going back: as CPython's does).
fn end_reading(vm: &mut Vm, obj: &FileObj) -> PyResult<()> {
    let unread = {
        let mut st = obj.st.borrow_mut();
        let unread = st.unread() as u64;
        st.rbuf.clear();
        st.rpos = 0;
        if let Some(t) = &mut st.text {
            t.reset();
        }
        unread
    };
    if unread > 0 {
        let f = open_file(vm, obj, Op::Write)?;
        let pos = obj.st.borrow().pos - unread;
        let to = std::io::SeekFrom::Start(pos);
        sys_io::seek(vm, &f, to)?.map_err(|e| os_err(vm, &e))?;
        obj.st.borrow_mut().pos = pos;
    }
    Ok(())
}

/// Read one chunk of at most `n` bytes into the read-ahead buffer; how many came.
fn fill(vm: &mut Vm, obj: &FileObj, n: usize) -> PyResult<usize> {
    let f = open_file(vm, obj, Op::Read)?;
    let pos = obj.st.borrow().pos;
    let data = sys_io::read(vm, &f, n)?.map_err(|e| os_err(vm, &e))?;
    let mut st = obj.st.borrow_mut();
    st.pos = pos + data.len() as u64;
    if st.rpos == st.rbuf.len() {
        st.rbuf.clear();
        st.rpos = 0;
    }
    st.rbuf.extend_from_slice(&data);
    Ok(data.len())
}

/// Take up to `n` bytes of what was read ahead.
fn take_ahead(obj: &FileObj, n: usize, out: &mut Vec<u8>) {
    let mut st = obj.st.borrow_mut();
    let k = n.min(st.unread());
    let from = st.rpos;
    out.extend_from_slice(&st.rbuf[from..from + k]);
    st.rpos += k;
}

/// Everything from the file's offset to its end.
fn read_rest(vm: &mut Vm, obj: &FileObj) -> PyResult<Vec<u8>> {
    let f = open_file(vm, obj, Op::Read)?;
    let pos = obj.st.borrow().pos;
    let data = sys_io::read_all(vm, &f, pos)?.map_err(|e| os_err(vm, &e))?;
    obj.st.borrow_mut().pos = pos + data.len() as u64;
    Ok(data)
}

/// `read(size)` of a binary file.
fn bin_read(vm: &mut Vm, obj: &FileObj, size: Option<usize>) -> PyResult<Vec<u8>> {
    flush_obj(vm, obj)?;
    let mut out = Vec::new();
    let Some(n) = size else {
        take_ahead(obj, usize::MAX, &mut out);
        out.extend(read_rest(vm, obj)?);
        return Ok(out);
    };
    if obj.layer == Layer::Raw {
        let f = open_file(vm, obj, Op::Read)?;
        let pos = obj.st.borrow().pos;
        let data = sys_io::read(vm, &f, n)?.map_err(|e| os_err(vm, &e))?;
        obj.st.borrow_mut().pos = pos + data.len() as u64;
        return Ok(data);
    }
    loop {
        take_ahead(obj, n - out.len(), &mut out);
        if out.len() == n || fill(vm, obj, BUFFER_SIZE.max(n - out.len()))? == 0 {
            return Ok(out);
        }
    }
}

/// `readline(limit)` of a binary file.
fn bin_readline(vm: &mut Vm, obj: &FileObj, limit: Option<usize>) -> PyResult<Vec<u8>> {
    flush_obj(vm, obj)?;
    let limit = limit.unwrap_or(usize::MAX);
    let mut out = Vec::new();
    if obj.layer == Layer::Raw {
        // `RawIOBase.readline` reads a byte at a time
        while out.len() < limit && out.last() != Some(&b'\n') {
            let b = bin_read(vm, obj, Some(1))?;
            if b.is_empty() {
                break;
            }
            out.extend(b);
        }
        return Ok(out);
    }
    loop {
        let found = {
            let st = obj.st.borrow();
            st.rbuf[st.rpos..].iter().position(|&b| b == b'\n')
        };
        match found {
            Some(i) => {
                take_ahead(obj, (i + 1).min(limit - out.len()), &mut out);
                return Ok(out);
            }
            None => {
                take_ahead(obj, limit - out.len(), &mut out);
                if out.len() >= limit || fill(vm, obj, BUFFER_SIZE)? == 0 {
                    return Ok(out);
                }
            }
        }
    }
}

/// Read a chunk of a text file and decode it (at the end, what was left undecoded).
/// Returns false at the end of the file.
fn text_fill(vm: &mut Vm, obj: &FileObj, hint: usize) -> PyResult<bool> {
    let f = open_file(vm, obj, Op::Read)?;
    let pos = obj.st.borrow().pos;
    let data = sys_io::read(vm, &f, BUFFER_SIZE.max(hint))?.map_err(|e| os_err(vm, &e))?;
    decode_more(vm, obj, pos, data, false)
}

/// Decode `data`, read at `pos`, into the text waiting to be read; `all` when it is the rest
/// of the file. Returns false when it was the end.
fn decode_more(vm: &mut Vm, obj: &FileObj, pos: u64, data: Vec<u8>, all: bool) -> PyResult<bool> {
    let (enc, errors, mut bytes) = {
        let mut st = obj.st.borrow_mut();
        st.pos = pos + data.len() as u64;
        let Some(t) = &mut st.text else {
            return Ok(false);
        };
        let mut bytes = std::mem::take(&mut t.undecoded);
        bytes.extend_from_slice(&data);
        (t.enc, t.errors.clone(), bytes)
    };
    let last = all || data.is_empty();
    vm.charge(bytes.len() as u64 / 32 + 1);
    // an error loses the chunk, as CPython's does
    let (s, used) = codec::decode_chunk(vm, enc, &errors, &bytes, last)?;
    let mut st = obj.st.borrow_mut();
    if let Some(t) = &mut st.text {
        t.push(&s, last);
        t.undecoded = bytes.split_off(used);
        if last {
            t.eof = true;
        }
    }
    Ok(!last)
}

/// Take `want` from a text file, reading as much as it needs.
fn text_take(vm: &mut Vm, obj: &FileObj, want: Take) -> PyResult<String> {
    flush_obj(vm, obj)?;
    if let Take::All = want {
        let eof = obj.st.borrow().text.as_ref().is_none_or(|t| t.eof);
        if !eof {
            let pos = obj.st.borrow().pos;
            let data = read_rest(vm, obj)?;
            decode_more(vm, obj, pos, data, true)?;
        }
    }
    loop {
        let (got, more) = {
            let mut st = obj.st.borrow_mut();
            let Some(t) = &mut st.text else {
                return Ok(String::new());
            };
            // a line not in sight yet: read on before looking char by char
            let skip = matches!(want, Take::Line(None)) && !t.eof && !t.may_hold_line_end();
            let got = if skip { None } else { t.take(want) };
            let more = match want {
                Take::Chars(n) => n.saturating_sub(t.pending.len() - t.ppos),
                _ => 0,
            };
            (got, more)
        };
        if let Some(s) = got {
            vm.charge(s.len() as u64 / 32 + 1);
            return Ok(s);
        }
        text_fill(vm, obj, more)?;
    }
}

/// A `size`/`limit` argument: `None` for a negative one or None.
fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v @ (Value::Int(_) | Value::Bool(_) | Value::Big(_))) => {
            let n = vm.index_of(v)?;
            Ok((n >= 0).then_some(n as usize))
        }
        Some(v) => {
            if matches!(v, Value::Inst(_)) && vm.lookup_special_opt(v, "__index__")?.is_some() {
                let n = vm.index_of(v)?;
                return Ok((n >= 0).then_some(n as usize));
            }
            Err(vm.type_error(format!(
                "argument should be integer or None, not '{}'",
                vm.type_of(v).name().as_str()
            )))
        }
    }
}

/// The one optional argument of `read`, `readline`, `readlines`.
fn opt_arg<'a>(vm: &Vm, qual: &str, args: &'a [Value], kw: Kwargs) -> PyResult<Option<&'a Value>> {
    if !kw.is_empty() {
        return Err(vm.type_error(format!("{qual}() takes no keyword arguments")));
    }
    if args.len() > 2 {
        return Err(vm.type_error(format!(
            "{qual} expected at most 1 argument, got {}",
            args.len() - 1
        )));
    }
    Ok(args.get(1))
}

fn read(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "read")?;
    let size = opt_arg(vm, "read", args, kw)?;
    check_readable(vm, obj, Op::Read)?;
    let size = size_arg(vm, size)?;
    if obj.layer == Layer::Text {
        let want = size.map_or(Take::All, Take::Chars);
        return text_take(vm, obj, want).map(Value::str);
    }
    bin_read(vm, obj, size).map(new_bytes)
}

fn read1(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "read1")?;
    let size = opt_arg(vm, "read1", args, kw)?;
    if obj.layer == Layer::Text {
        return Err(vm.attribute_error("'_io.TextIOWrapper' object has no attribute 'read1'"));
    }
    check_readable(vm, obj, Op::Read)?;
    let n = size_arg(vm, size)?.unwrap_or(BUFFER_SIZE);
    let mut out = Vec::new();
    take_ahead(obj, n, &mut out);
    if out.is_empty() && n > 0 {
        fill(vm, obj, BUFFER_SIZE.max(n))?;
        take_ahead(obj, n, &mut out);
    }
    Ok(new_bytes(out))
}

/// One line of `obj` (`''`/`b''` at the end).
fn line_of(vm: &mut Vm, obj: &FileObj, limit: Option<usize>) -> PyResult {
    if obj.layer == Layer::Text {
        text_take(vm, obj, Take::Line(limit)).map(Value::str)
    } else {
        bin_readline(vm, obj, limit).map(new_bytes)
    }
}

fn readline(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "readline")?;
    let limit = opt_arg(vm, "readline", args, kw)?;
    check_readable(vm, obj, Op::Readline)?;
    let limit = match limit {
        // a text file's `readline` takes an int only; a binary one's, None too
        Some(v) if obj.layer == Layer::Text => {
            let n = vm.index_of(v)?;
            (n >= 0).then_some(n as usize)
        }
        v => size_arg(vm, v)?,
    };
    line_of(vm, obj, limit)
}

fn readlines(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "readlines")?;
    let hint = opt_arg(vm, "readlines", args, kw)?;
    let hint = size_arg(vm, hint)?.filter(|&h| h > 0);
    check_readable(vm, obj, Op::Base)?;
    let mut lines = vec![];
    let mut total = 0;
    loop {
        let line = line_of(vm, obj, None)?;
        let n = match &line {
            Value::Str(s) => s.char_len(),
            v => bytes_of(v).map_or(0, |b| b.len()),
        };
        if n == 0 {
            break;
        }
        lines.push(line);
        total += n;
        if hint.is_some_and(|h| total >= h) {
            break;
        }
    }
    Ok(Value::list(lines))
}

/// Write `v` to `obj`: the count of characters or bytes written.
fn write_value(vm: &mut Vm, obj: &FileObj, v: &Value) -> PyResult<usize> {
    let (data, count, line_end) = if obj.layer == Layer::Text {
        let Value::Str(s) = v else {
            return Err(vm.type_error(format!(
                "write() argument must be str, not {}",
                vm.type_of(v).name().as_str()
            )));
        };
        end_reading(vm, obj)?;
        let (enc, errors, text) = {
            let st = obj.st.borrow();
            let t = st.text.as_ref().expect("a text file has a text layer");
            (
                t.enc,
                t.errors.clone(),
                t.translate_out(s.as_str()).into_owned(),
            )
        };
        let data = codec::encode(vm, enc, &errors, &text)?;
        let lb = obj
            .st
            .borrow()
            .text
            .as_ref()
            .is_some_and(|t| t.line_buffering);
        (
            data,
            s.char_len(),
            lb && (text.contains('\n') || text.contains('\r')),
        )
    } else {
        let Some(b) = bytes_of(v) else {
            return Err(vm.type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_of(v).name().as_str()
            )));
        };
        end_reading(vm, obj)?;
        (b.to_vec(), b.len(), false)
    };
    vm.charge(data.len() as u64 / 32 + 1);
    let flush = {
        let mut st = obj.st.borrow_mut();
        st.wbuf.extend_from_slice(&data);
        obj.layer == Layer::Raw || line_end || st.wbuf.len() >= st.buf_size
    };
    if flush {
        flush_obj(vm, obj)?;
    }
    Ok(count)
}

fn write(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let qual = match args.first().and_then(super::file_of) {
        Some(f) => format!("{}.write", f.layer.class_name()),
        None => "TextIOWrapper.write".to_string(),
    };
    if let Recv::Std(_) = recv(vm, args, "write")? {
        return crate::vm::modules::sys::stream_write(vm, args, kw);
    }
    let obj = file_recv(vm, args, "write")?;
    let v = one_arg(vm, &qual, args, kw)?;
    check_writable(vm, obj, Op::Write)?;
    write_value(vm, obj, &v).map(|n| Value::Int(n as i64))
}

fn writelines(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "writelines")?;
    let lines = one_arg(vm, "writelines", args, kw)?;
    open_file(vm, obj, Op::Base)?;
    let it = vm.iter(&lines)?;
    while let Some(line) = vm.next(&it)? {
        check_writable(vm, obj, Op::Write)?;
        write_value(vm, obj, &line)?;
    }
    Ok(Value::None)
}

fn flush(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    if let Recv::Std(_) = recv(vm, args, "flush")? {
        return crate::vm::modules::sys::stream_flush(vm, args, kw);
    }
    let obj = file_recv(vm, args, "flush")?;
    no_args(vm, "flush", args, kw)?;
    open_file(vm, obj, Op::Flush)?;
    flush_obj(vm, obj)?;
    Ok(Value::None)
}

/// Close `obj`: flush it, then `close(2)`.
fn close_obj(vm: &mut Vm, obj: &FileObj) -> PyResult<()> {
    if obj.st.borrow().file.is_none() {
        return Ok(());
    }
    let flushed = flush_obj(vm, obj);
    let f = {
        let mut st = obj.st.borrow_mut();
        st.rbuf.clear();
        st.rpos = 0;
        st.wbuf.clear();
        if let Some(t) = &mut st.text {
            t.reset();
        }
        st.file.take()
    };
    if let Some(f) = f {
        sys_io::close(vm, f)?;
    }
    flushed
}

fn close(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    if let Recv::Std(_) = recv(vm, args, "close")? {
        return Ok(Value::None);
    }
    let obj = file_recv(vm, args, "close")?;
    no_args(vm, "close", args, kw)?;
    close_obj(vm, obj)?;
    Ok(Value::None)
}

fn enter(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "__enter__")?;
    open_file(vm, obj, Op::Base)?;
    Ok(args[0].clone())
}

fn exit(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "__exit__")?;
    close_obj(vm, obj)?;
    Ok(Value::None)
}

fn iter(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "__iter__")?;
    open_file(vm, obj, Op::Base)?;
    Ok(args[0].clone())
}

fn next(vm: &mut Vm, args: &[Value], _kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "__next__")?;
    check_readable(vm, obj, Op::Readline)?;
    if let Some(t) = &mut obj.st.borrow_mut().text {
        t.telling = false;
    }
    let line = line_of(vm, obj, None)?;
    let empty = match &line {
        Value::Str(s) => s.as_str().is_empty(),
        v => bytes_of(v).is_some_and(|b| b.is_empty()),
    };
    if empty {
        if let Some(t) = &mut obj.st.borrow_mut().text {
            t.telling = true;
        }
        return Err(vm.stop_iteration(Value::None));
    }
    Ok(line)
}

fn tell(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "tell")?;
    no_args(vm, "tell", args, kw)?;
    open_file(
        vm,
        obj,
        if obj.layer == Layer::Text {
            Op::Base
        } else {
            Op::Tell
        },
    )?;
    if obj.layer == Layer::Text {
        if !obj.st.borrow().text.as_ref().is_some_and(|t| t.telling) {
            return Err(vm.new_error(
                &vm.t().exc.os_error.clone(),
                "telling position disabled by next() call",
            ));
        }
        flush_obj(vm, obj)?;
    }
    Ok(Value::Int(obj.st.borrow().logical_pos() as i64))
}

/// `lseek(2)` to `to`, discarding what was read ahead and decoded: the new offset.
fn move_to(vm: &mut Vm, obj: &FileObj, to: std::io::SeekFrom) -> PyResult<u64> {
    let f = open_file(vm, obj, Op::Seek)?;
    {
        let mut st = obj.st.borrow_mut();
        st.rbuf.clear();
        st.rpos = 0;
        if let Some(t) = &mut st.text {
            t.reset();
        }
    }
    let at = sys_io::seek(vm, &f, to)?.map_err(|e| os_err(vm, &e))?;
    obj.st.borrow_mut().pos = at;
    Ok(at)
}

fn seek(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "seek")?;
    let a = crate::vm::methods::unpack(vm, "seek", args, kw, 1, 2)?;
    let text = obj.layer == Layer::Text;
    open_file(vm, obj, if text { Op::Base } else { Op::Seek })?;
    let offset = vm.index_of(&a[0])?;
    let whence = match a.get(1) {
        Some(w) => vm.index_of(w)?,
        None => 0,
    };
    if text {
        match whence {
            0 if offset < 0 => {
                return Err(vm.value_error(format!("negative seek position {offset}")))
            }
            1 if offset != 0 => return Err(unsupported(vm, "can't do nonzero cur-relative seeks")),
            2 if offset != 0 => return Err(unsupported(vm, "can't do nonzero end-relative seeks")),
            0..=2 => {}
            _ => {
                return Err(
                    vm.value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))
                )
            }
        }
        if whence == 1 {
            return tell(vm, &args[..1], &[]);
        }
    } else if !(0..=4).contains(&whence) {
        return Err(vm.value_error(format!("whence value {whence} unsupported")));
    }
    flush_obj(vm, obj)?;
    use std::io::SeekFrom;
    let to = match whence {
        0 if offset < 0 => return Err(oserror::errno_error(vm, 22, None)),
        0 => SeekFrom::Start(offset as u64),
        1 => {
            let here = obj.st.borrow().logical_pos() as i64;
            match here.checked_add(offset) {
                Some(t) if t >= 0 => SeekFrom::Start(t as u64),
                _ => return Err(oserror::errno_error(vm, 22, None)),
            }
        }
        2 => SeekFrom::End(offset),
        // SEEK_DATA, SEEK_HOLE of a file without holes
        _ => {
            let f = open_file(vm, obj, Op::Seek)?;
            let len = sys_io::length(vm, &f)?.map_err(|e| os_err(vm, &e))? as i64;
            if offset < 0 || offset >= len {
                return Err(oserror::errno_error(
                    vm,
                    if offset < 0 { 22 } else { 6 },
                    None,
                ));
            }
            SeekFrom::Start(if whence == 3 { offset } else { len } as u64)
        }
    };
    let at = move_to(vm, obj, to)?;
    Ok(Value::Int(at as i64))
}

fn truncate(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let obj = file_recv(vm, args, "truncate")?;
    let a = crate::vm::methods::unpack(vm, "truncate", args, kw, 0, 1)?;
    check_writable(vm, obj, Op::Base)?;
    flush_obj(vm, obj)?;
    let size = match a.first() {
        None | Some(Value::None) => obj.st.borrow().logical_pos() as i64,
        Some(v) => vm.index_of(v)?,
    };
    if size < 0 {
        return Err(oserror::errno_error(vm, 22, None));
    }
    let f = open_file(vm, obj, Op::Base)?;
    sys_io::truncate(vm, &f, size as u64)?.map_err(|e| os_err(vm, &e))?;
    Ok(Value::Int(size))
}

/// `readable()`, `writable()`, `seekable()`, `isatty()`, `fileno()`.
fn query(vm: &mut Vm, args: &[Value], kw: Kwargs, what: &str) -> PyResult {
    let obj = match recv(vm, args, what)? {
        Recv::File(f) => f,
        Recv::Std(fd) => {
            return Ok(match what {
                "readable" | "seekable" => Value::Bool(false),
                "writable" => Value::Bool(true),
                "isatty" => Value::Bool(fd == 1 && vm.interp.out.stdout_is_tty),
                _ => Value::Int(fd as i64),
            })
        }
    };
    no_args(vm, what, args, kw)?;
    let f = open_file(vm, obj, Op::Raw)?;
    let st = obj.st.borrow();
    Ok(match what {
        "readable" => Value::Bool(st.readable),
        "writable" => Value::Bool(st.writable),
        "seekable" => Value::Bool(true),
        "isatty" => Value::Bool(std::io::IsTerminal::is_terminal(&*f)),
        _ => Value::Int(std::os::fd::AsRawFd::as_raw_fd(&*f) as i64),
    })
}

fn readable(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    query(vm, args, kw, "readable")
}

fn writable(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    query(vm, args, kw, "writable")
}

fn seekable(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    query(vm, args, kw, "seekable")
}

fn isatty(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    query(vm, args, kw, "isatty")
}

fn fileno(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    query(vm, args, kw, "fileno")
}

/// Put the file methods on `cls`.
fn install_on(cls: &Rc<Class>) {
    let methods: &[(&'static str, crate::vm::object::NativeFn)] = &[
        ("read", read),
        ("readline", readline),
        ("readlines", readlines),
        ("write", write),
        ("writelines", writelines),
        ("flush", flush),
        ("close", close),
        ("seek", seek),
        ("tell", tell),
        ("truncate", truncate),
        ("readable", readable),
        ("writable", writable),
        ("seekable", seekable),
        ("isatty", isatty),
        ("fileno", fileno),
        ("__enter__", enter),
        ("__exit__", exit),
        ("__iter__", iter),
        ("__next__", next),
    ];
    for (n, f) in methods {
        add_method(cls, n, *f);
    }
    *cls.module.borrow_mut() = Value::str("_io");
}

/// Register the file classes (`_io.TextIOWrapper`, ...), `open`'s helpers and `OSError`'s
/// methods.
pub fn install(t: &crate::vm::types::Types) {
    for layer in [
        Layer::Text,
        Layer::Reader,
        Layer::Writer,
        Layer::Random,
        Layer::Raw,
    ] {
        let cls = t.native(layer.class_name());
        install_on(&cls);
        if layer != Layer::Text {
            add_method(&cls, "read1", read1);
        }
    }
    oserror::install(t);
}

//! The buffers of a file object: reading ahead, decoding text, writing out; the checks and
//! messages for closed files; the system calls each of them makes.
//!
//! No borrow of a file's state is held across a system call: on the virtual clock another
//! thread runs meanwhile, and may use the same file.

use std::sync::Arc;

use super::text::Take;
use super::{closed_error, oserror, sys_io, unsupported, FileObj, Layer, BUFFER_SIZE};
use crate::vm::bytes::codec;
use crate::vm::{PyErr, PyResult, Vm};

/// Which check fails on a closed file, for its message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
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
pub(super) fn closed_message(layer: Layer, op: Op) -> &'static str {
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
pub(super) fn open_file(vm: &Vm, obj: &FileObj, op: Op) -> PyResult<Arc<std::fs::File>> {
    match &obj.st.borrow().file {
        Some(f) => Ok(f.clone()),
        None => Err(closed_error(vm, closed_message(obj.layer, op))),
    }
}

/// Check that `obj` can be read: open, and readable.
pub(super) fn check_readable(vm: &Vm, obj: &FileObj, op: Op) -> PyResult<()> {
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
pub(super) fn check_writable(vm: &Vm, obj: &FileObj, op: Op) -> PyResult<()> {
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
pub(super) fn os_err(vm: &mut Vm, e: &std::io::Error) -> PyErr {
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
pub(super) fn end_reading(vm: &mut Vm, obj: &FileObj) -> PyResult<()> {
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
pub(super) fn fill(vm: &mut Vm, obj: &FileObj, n: usize) -> PyResult<usize> {
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
pub(super) fn take_ahead(obj: &FileObj, n: usize, out: &mut Vec<u8>) {
    let mut st = obj.st.borrow_mut();
    let k = n.min(st.unread());
    let from = st.rpos;
    out.extend_from_slice(&st.rbuf[from..from + k]);
    st.rpos += k;
}

/// Everything from the file's offset to its end.
pub(super) fn read_rest(vm: &mut Vm, obj: &FileObj) -> PyResult<Vec<u8>> {
    let f = open_file(vm, obj, Op::Read)?;
    let pos = obj.st.borrow().pos;
    let data = sys_io::read_all(vm, &f, pos)?.map_err(|e| os_err(vm, &e))?;
    obj.st.borrow_mut().pos = pos + data.len() as u64;
    Ok(data)
}

/// `read(size)` of a binary file.
pub(super) fn bin_read(vm: &mut Vm, obj: &FileObj, size: Option<usize>) -> PyResult<Vec<u8>> {
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
pub(super) fn bin_readline(vm: &mut Vm, obj: &FileObj, limit: Option<usize>) -> PyResult<Vec<u8>> {
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
pub(super) fn text_fill(vm: &mut Vm, obj: &FileObj, hint: usize) -> PyResult<bool> {
    let f = open_file(vm, obj, Op::Read)?;
    let pos = obj.st.borrow().pos;
    let data = sys_io::read(vm, &f, BUFFER_SIZE.max(hint))?.map_err(|e| os_err(vm, &e))?;
    decode_more(vm, obj, pos, data, false)
}

/// Decode `data`, read at `pos`, into the text waiting to be read; `all` when it is the rest
/// of the file. Returns false when it was the end.
pub(super) fn decode_more(
    vm: &mut Vm,
    obj: &FileObj,
    pos: u64,
    data: Vec<u8>,
    all: bool,
) -> PyResult<bool> {
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
pub(super) fn text_take(vm: &mut Vm, obj: &FileObj, want: Take) -> PyResult<String> {
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

/// `lseek(2)` to `to`, discarding what was read ahead and decoded: the new offset.
pub(super) fn move_to(vm: &mut Vm, obj: &FileObj, to: std::io::SeekFrom) -> PyResult<u64> {
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

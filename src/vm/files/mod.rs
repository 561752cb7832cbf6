//! Files: `open()` and its file objects, as CPython 3.11's `io` builds them: a text file
//! (`TextIOWrapper`: decoding, universal newlines) over a buffered binary one
//! (`BufferedReader`, `BufferedWriter`, `BufferedRandom`, with an 8 KiB buffer) over the
//! file descriptor (`FileIO`, what `buffering=0` gives).
//!
//! gilsim keeps the three layers in one object ([`FileObj`]) with the class of the outermost,
//! and makes the system calls CPython's layers would make, where they would make them: a read
//! of a small file is one `read(2)` for its bytes and one that finds the end; what is written
//! stays in the buffer until 8 KiB have gathered, the file is flushed or closed. Each system
//! call is a blocking call that releases the GIL ([`sys_io`]), as in CPython, so a thread
//! reading or writing a file lets the others run.
//!
//! The bytes behind the buffers live in the interpreter's heap, under the GIL; only the
//! file itself (an `Arc<File>`) goes with a system call, which the real clock makes with the
//! GIL released. Reads and writes go at the descriptor's offset, which a forked child shares
//! with its parent as it does after `fork()` (the object keeps a copy of it, `pos`, as
//! CPython's buffered objects do).
//!
//! Files still open when the process ends are flushed ([`flush_at_exit`]); a file object that
//! is dropped flushes what it holds and closes, as CPython's do when their last reference goes.

mod buffers;
pub mod fs;
mod methods;
pub mod oserror;
mod sys_io;
mod text;

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::Write;
use std::rc::{Rc, Weak};
use std::sync::Arc;

use crate::vm::bytes::codec::Enc;
use crate::vm::call::Kwargs;
use crate::vm::object::{Class, NativeObj};
use crate::vm::value::Value;
use crate::vm::{PyErr, PyResult, Vm};

pub use methods::{install, install_class};
use text::{ReadNl, TextState};

/// What `open()` does under the GIL besides its system calls (building the `FileIO` and the
/// buffer), in ns: `open(p, 'rb').close()` took 3.0-4.7 µs here (over several runs of 20,000),
/// of which 1.85 µs are the two blocking calls ([`sys_io`]).
const OPEN_CPU_NS: u64 = 2_000;
/// The text layer's share (the encoding's lookup, the decoder, the `TextIOWrapper`):
/// `open(p).close()` took 4.8-8.8 µs.
const OPEN_TEXT_CPU_NS: u64 = 3_000;

/// The default buffer size (`io.DEFAULT_BUFFER_SIZE`) and the text layer's chunk size.
pub const BUFFER_SIZE: usize = 8192;

/// The files a process has open: flushed when it exits.
#[derive(Default)]
pub struct OpenFiles {
    files: RefCell<Vec<Weak<Box<dyn NativeObj>>>>,
    /// Set when the process ends abruptly (`os._exit`, killed): what its files buffer is lost
    /// then, as an OS process's is, even when gilsim drops the objects afterwards.
    abandoned: Rc<Cell<bool>>,
}

impl OpenFiles {
    /// The process ends without flushing its files.
    pub fn abandon(&self) {
        self.abandoned.set(true);
    }
}

/// Which of CPython's classes a file object is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layer {
    Text,
    Reader,
    Writer,
    Random,
    /// `buffering=0`: `FileIO`, unbuffered.
    Raw,
}

impl Layer {
    pub fn class_name(self) -> &'static str {
        match self {
            Layer::Text => "TextIOWrapper",
            Layer::Reader => "BufferedReader",
            Layer::Writer => "BufferedWriter",
            Layer::Random => "BufferedRandom",
            Layer::Raw => "FileIO",
        }
    }
}

/// A file object.
pub struct FileObj {
    pub layer: Layer,
    st: RefCell<FileState>,
}

/// The state of a file object.
pub(crate) struct FileState {
    /// `None` once closed.
    file: Option<Arc<File>>,
    /// `f.name`: the path as given.
    name: Value,
    /// `f.mode`.
    mode: String,
    readable: bool,
    writable: bool,
    append: bool,
    /// The file descriptor's offset, as this object last left it.
    pos: u64,
    /// Bytes read ahead (the binary layer's buffer); `rpos` is how far they were read.
    rbuf: Vec<u8>,
    rpos: usize,
    /// Bytes written and not yet in the file.
    wbuf: Vec<u8>,
    /// Write the buffer out once it holds this much.
    buf_size: usize,
    text: Option<TextState>,
    /// The process's [`OpenFiles::abandon`] flag: what is buffered is written when the
    /// object is dropped unless it is set. `None` for a forked child's copy, whose buffered
    /// bytes are the parent's and are never written when it is dropped (CPython's children
    /// end with `os._exit`, which flushes no file).
    abandoned: Option<Rc<Cell<bool>>>,
}

impl FileState {
    /// Bytes read ahead and not yet taken.
    fn unread(&self) -> usize {
        self.rbuf.len() - self.rpos
    }

    /// The position the program sees: the file's offset less what was read ahead, plus
    /// what waits to be written.
    fn logical_pos(&self) -> u64 {
        let mut p = self.pos + self.wbuf.len() as u64 - self.unread() as u64;
        if let Some(t) = &self.text {
            p = p.saturating_sub(t.unread_bytes());
        }
        p
    }
}

impl Drop for FileObj {
    fn drop(&mut self) {
        // the last reference went without a close: flush what is buffered, as CPython's
        // finalizer does (without the GIL dance: there is no thread to hand it to here)
        let st = self.st.get_mut();
        let abandoned = st.abandoned.as_ref().is_none_or(|a| a.get());
        if let Some(f) = &st.file {
            if !abandoned && !st.wbuf.is_empty() {
                let _ = (&**f).write_all(&st.wbuf);
            }
        }
    }
}

impl NativeObj for FileObj {
    fn class(&self, vm: &Vm) -> Rc<Class> {
        vm.t().native(self.layer.class_name())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, vm: &mut Vm) -> PyResult<Option<String>> {
        let (name, mode, enc) = {
            let st = self.st.borrow();
            let enc = st.text.as_ref().map(|t| t.enc_name.clone());
            (st.name.clone(), st.mode.clone(), enc)
        };
        let name = vm.repr(&name)?;
        let cls = self.layer.class_name();
        Ok(Some(match (self.layer, enc) {
            (Layer::Text, Some(enc)) => {
                format!(
                    "<_io.{cls} name={} mode='{mode}' encoding='{enc}'>",
                    name.as_str()
                )
            }
            (Layer::Raw, _) => {
                let mode = if self.st.borrow().file.is_none() {
                    return Ok(Some("<_io.FileIO [closed]>".into()));
                } else {
                    mode
                };
                format!(
                    "<_io.FileIO name={} mode='{mode}' closefd=True>",
                    name.as_str()
                )
            }
            _ => format!("<_io.{cls} name={}>", name.as_str()),
        }))
    }
    fn getattr(&self, _vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
        let st = self.st.borrow();
        Ok(match name {
            "name" => Some(st.name.clone()),
            "mode" => Some(Value::str(st.mode.as_str())),
            "closed" => Some(Value::Bool(st.file.is_none())),
            _ => match &st.text {
                Some(t) => match name {
                    "encoding" => Some(Value::str(t.enc_name.as_str())),
                    "errors" => Some(Value::str(t.errors.as_str())),
                    "line_buffering" => Some(Value::Bool(t.line_buffering)),
                    "newlines" => {
                        let v = t.newlines();
                        Some(match v.len() {
                            0 => Value::None,
                            1 => Value::str(v[0]),
                            _ => Value::tuple(v.into_iter().map(Value::str).collect()),
                        })
                    }
                    _ => None,
                },
                None => match name {
                    "closefd" if self.layer == Layer::Raw => Some(Value::Bool(true)),
                    _ => None,
                },
            },
        })
    }
    fn fork_copy(&self, c: &mut crate::vm::fork::Copier<'_>) -> Option<Box<dyn NativeObj>> {
        let st = self.st.borrow();
        let text = st.text.as_ref().map(|t| TextState {
            enc: t.enc,
            enc_name: t.enc_name.clone(),
            errors: t.errors.clone(),
            read_nl: t.read_nl,
            write_nl: t.write_nl,
            line_buffering: t.line_buffering,
            pending: t.pending.clone(),
            ppos: t.ppos,
            undecoded: t.undecoded.clone(),
            eof: t.eof,
            seen: t.seen,
            telling: t.telling,
            cr_pending: t.cr_pending,
        });
        Some(Box::new(FileObj {
            layer: self.layer,
            st: RefCell::new(FileState {
                file: st.file.clone(),
                name: c.value(&st.name),
                mode: st.mode.clone(),
                readable: st.readable,
                writable: st.writable,
                append: st.append,
                pos: st.pos,
                rbuf: st.rbuf.clone(),
                rpos: st.rpos,
                wbuf: st.wbuf.clone(),
                buf_size: st.buf_size,
                text,
                abandoned: None,
            }),
        }))
    }
}

/// The file object behind `v`.
pub fn file_of(v: &Value) -> Option<&FileObj> {
    crate::vm::attr::native_as::<FileObj>(v)
}

/// Flush every file the process still has open, as CPython's shutdown does.
pub fn flush_at_exit(vm: &mut Vm) {
    let files: Vec<_> = vm
        .interp
        .open_files
        .files
        .borrow()
        .iter()
        .filter_map(Weak::upgrade)
        .collect();
    for f in files {
        if let Some(obj) = f.as_any().downcast_ref::<FileObj>() {
            let _ = buffers::flush_obj(vm, obj);
        }
    }
}

/// Keep `v` in the process's list of open files.
fn register(vm: &Vm, v: &Value) {
    if let Value::Native(n) = v {
        let mut files = vm.interp.open_files.files.borrow_mut();
        if files.len() >= 64 && files.len().is_power_of_two() {
            files.retain(|w| w.strong_count() > 0);
        }
        files.push(Rc::downgrade(n));
    }
}

/// The parsed `mode` of `open()`.
struct Mode {
    reading: bool,
    writing: bool,
    appending: bool,
    creating: bool,
    updating: bool,
    binary: bool,
}

impl Mode {
    /// Parse `mode` as `_io.open` and `FileIO` check it.
    fn parse(vm: &Vm, mode: &str) -> PyResult<Mode> {
        let mut seen = String::new();
        for c in mode.chars() {
            if !"rwxabt+".contains(c) || seen.contains(c) {
                return Err(vm.value_error(format!("invalid mode: '{mode}'")));
            }
            seen.push(c);
        }
        let has = |c| seen.contains(c);
        let m = Mode {
            reading: has('r'),
            writing: has('w'),
            appending: has('a'),
            creating: has('x'),
            updating: has('+'),
            binary: has('b'),
        };
        if has('t') && m.binary {
            return Err(vm.value_error("can't have text and binary mode at once"));
        }
        let kinds = [m.reading, m.writing, m.appending, m.creating]
            .iter()
            .filter(|&&b| b)
            .count();
        if kinds > 1 {
            return Err(vm.value_error("must have exactly one of create/read/write/append mode"));
        }
        Ok(m)
    }

    /// `FileIO`'s own mode string.
    fn raw_mode(&self) -> &'static str {
        let readable = self.reading || self.updating;
        let writable = !self.reading || self.updating;
        if self.creating {
            if readable {
                "xb+"
            } else {
                "xb"
            }
        } else if self.appending {
            if readable {
                "ab+"
            } else {
                "ab"
            }
        } else if readable {
            if writable {
                "rb+"
            } else {
                "rb"
            }
        } else {
            "wb"
        }
    }
}

/// A `str`-or-`None` argument of `open()`.
fn opt_str(vm: &Vm, what: &str, v: &Option<Value>) -> PyResult<Option<String>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.as_str().to_string())),
        Some(v) => Err(vm.type_error(format!(
            "open() argument '{what}' must be str or None, not {}",
            vm.type_of(v).name().as_str()
        ))),
    }
}

/// The path `file` names: `str`, `bytes`, or an object with `__fspath__`.
fn path_of(vm: &mut Vm, file: &Value) -> PyResult<std::path::PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    if let Value::Str(s) = file {
        if s.as_str().contains('\0') {
            return Err(vm.value_error("embedded null byte"));
        }
        return Ok(s.as_str().into());
    }
    if let Some(b) = crate::vm::bytes::bytes_of(file) {
        if b.contains(&0) {
            return Err(vm.value_error("embedded null byte"));
        }
        return Ok(std::ffi::OsStr::from_bytes(&b).into());
    }
    if matches!(file, Value::Inst(_)) {
        if let Some(m) = vm.lookup_special_opt(file, "__fspath__")? {
            let p = vm.call(&m, &[], &[])?;
            if matches!(p, Value::Str(_)) || crate::vm::bytes::is_bytes(&p) {
                return path_of(vm, &p);
            }
        }
    }
    Err(vm.type_error(format!(
        "expected str, bytes or os.PathLike object, not {}",
        vm.type_of(file).name().as_str()
    )))
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
/// closefd=True, opener=None)`.
pub fn open(vm: &mut Vm, args: &[Value], kw: Kwargs) -> PyResult {
    let a = crate::vm::methods::clinic(
        vm,
        "open",
        &[&[Value::None][..], args].concat(),
        kw,
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        1,
    )?;
    let file = a[0].clone().unwrap_or(Value::None);
    let mode_str = match &a[1] {
        None => "r".to_string(),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "open() argument 'mode' must be str, not {}",
                vm.type_of(v).name().as_str()
            )))
        }
    };
    let buffering = match &a[2] {
        None => -1,
        Some(v) => vm.index_of(v)?,
    };
    let encoding = opt_str(vm, "encoding", &a[3])?;
    let errors = opt_str(vm, "errors", &a[4])?;
    let newline = opt_str(vm, "newline", &a[5])?;
    let closefd = match &a[6] {
        None => true,
        Some(v) => vm.truthy(v)?,
    };
    if !matches!(a[7], None | Some(Value::None)) {
        return Err(vm.value_error("gilsim's open() does not support an opener"));
    }
    let m = Mode::parse(vm, &mode_str)?;
    if m.binary {
        let what = [
            ("an encoding", &encoding),
            ("an errors", &errors),
            ("a newline", &newline),
        ];
        for (what, v) in what {
            if v.is_some() {
                return Err(vm.value_error(format!("binary mode doesn't take {what} argument")));
            }
        }
    }
    if !m.binary && buffering == 0 {
        return Err(vm.value_error("can't have unbuffered text I/O"));
    }
    if matches!(file, Value::Int(_) | Value::Bool(_)) {
        return Err(vm.value_error("gilsim's open() takes a path, not a file descriptor"));
    }
    let path = path_of(vm, &file)?;
    if !closefd {
        return Err(vm.value_error("Cannot use closefd=False with file name"));
    }
    if !(m.reading || m.writing || m.appending || m.creating) {
        return Err(vm.value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        ));
    }
    let read_nl = match newline.as_deref() {
        None => ReadNl::Universal { translate: true },
        Some("") => ReadNl::Universal { translate: false },
        Some("\n") => ReadNl::Fixed("\n"),
        Some("\r") => ReadNl::Fixed("\r"),
        Some("\r\n") => ReadNl::Fixed("\r\n"),
        Some(other) => {
            return Err(vm.value_error(format!("illegal newline value: {other}")));
        }
    };
    let write_nl = match newline.as_deref() {
        Some("\r") => Some("\r"),
        Some("\r\n") => Some("\r\n"),
        _ => None,
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.read(m.reading || m.updating)
        .write(m.writing || m.appending || m.creating || m.updating)
        .append(m.appending)
        .truncate(m.writing)
        .create(m.writing || m.appending)
        .create_new(m.creating);
    let (f, pos) = match sys_io::open(vm, &path, &opts, m.appending)? {
        Ok(x) => x,
        Err(e) => return Err(oserror::from_io(vm, &e, Some(file))),
    };
    vm.ticks += OPEN_CPU_NS * 1000;
    let text = if m.binary {
        None
    } else {
        vm.ticks += OPEN_TEXT_CPU_NS * 1000;
        let (enc, enc_name) = match &encoding {
            None => {
                let (e, name) = default_encoding();
                (e, name.to_string())
            }
            Some(name) => match Enc::lookup(name) {
                Some(e) => (e, name.clone()),
                None => {
                    sys_io::close(vm, f)?;
                    return Err(crate::vm::bytes::codec::unknown_encoding(vm, name));
                }
            },
        };
        let mut t = TextState::new(
            enc,
            enc_name,
            errors.unwrap_or_else(|| "strict".into()),
            read_nl,
            write_nl,
        );
        t.line_buffering = buffering == 1;
        Some(t)
    };
    let readable = m.reading || m.updating;
    let writable = m.writing || m.appending || m.creating || m.updating;
    let layer = match (m.binary, buffering == 0, readable, writable) {
        (false, ..) => Layer::Text,
        (true, true, ..) => Layer::Raw,
        (true, false, true, true) => Layer::Random,
        (true, false, true, false) => Layer::Reader,
        (true, false, false, _) => Layer::Writer,
    };
    let buf_size = if buffering > 1 {
        buffering as usize
    } else {
        BUFFER_SIZE
    };
    let obj = Value::native(FileObj {
        layer,
        st: RefCell::new(FileState {
            file: Some(f),
            name: file,
            mode: if m.binary {
                m.raw_mode().to_string()
            } else {
                mode_str
            },
            readable,
            writable,
            append: m.appending,
            pos,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
            buf_size,
            text,
            abandoned: Some(vm.interp.open_files.abandoned.clone()),
        }),
    });
    register(vm, &obj);
    Ok(obj)
}

/// The `io` module (and `_io`, the same here): `open`, the file classes,
/// `UnsupportedOperation`, `DEFAULT_BUFFER_SIZE` and the `SEEK_*` constants.
pub fn make_io_module(vm: &Vm, name: &str) -> Value {
    let t = vm.t();
    let mut values = vec![
        ("DEFAULT_BUFFER_SIZE", Value::Int(BUFFER_SIZE as i64)),
        ("SEEK_SET", Value::Int(0)),
        ("SEEK_CUR", Value::Int(1)),
        ("SEEK_END", Value::Int(2)),
        (
            "UnsupportedOperation",
            Value::Class(t.exc.unsupported_operation.clone()),
        ),
    ];
    for layer in [
        Layer::Text,
        Layer::Reader,
        Layer::Writer,
        Layer::Random,
        Layer::Raw,
    ] {
        values.push((
            layer.class_name(),
            Value::Class(t.native(layer.class_name())),
        ));
    }
    // `io.open is open`
    if let Some(o) = vm.interp.builtins.borrow().get_str("open") {
        values.push(("open", o));
    }
    crate::vm::modules::module(name, &[], values)
}

/// The encoding of a text file opened without one, by the name CPython gives it
/// (`locale.getpreferredencoding(False)`): `utf-8` in UTF-8 mode (`PYTHONUTF8=1`, or a locale
/// that is C or POSIX or is not installed, PEP 540), else the locale's codeset as the C
/// library names it (`UTF-8` for `C.UTF-8` and `en_US.UTF-8`, `ISO-8859-1` for a Latin-1
/// locale). A codeset gilsim has no codec for is taken as UTF-8.
fn default_encoding() -> (Enc, &'static str) {
    static DEFAULT: std::sync::OnceLock<(Enc, &'static str)> = std::sync::OnceLock::new();
    *DEFAULT.get_or_init(|| {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let utf8_mode = var("PYTHONUTF8");
        if utf8_mode.as_deref() == Some("1") {
            return (Enc::Utf8, "utf-8");
        }
        let asked = var("LC_ALL")
            .or_else(|| var("LC_CTYPE"))
            .or_else(|| var("LANG"))
            .unwrap_or_else(|| "C".into());
        let codeset = locale_codeset();
        let c_locale = matches!(asked.as_str(), "C" | "POSIX") || codeset.is_none();
        if c_locale {
            // without UTF-8 mode, the C locale is coerced to C.UTF-8 (PEP 538)
            return match utf8_mode.as_deref() {
                Some("0") => (Enc::Utf8, "UTF-8"),
                _ => (Enc::Utf8, "utf-8"),
            };
        }
        let norm: String = codeset
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match norm.as_str() {
            "iso88591" | "latin1" => (Enc::Latin1, "ISO-8859-1"),
            "ansix341968" | "ascii" | "usascii" => (Enc::Ascii, "ANSI_X3.4-1968"),
            _ => (Enc::Utf8, "UTF-8"),
        }
    })
}

/// The codeset of the locale the environment asks for (what CPython's
/// `setlocale(LC_CTYPE, "")` then `nl_langinfo(CODESET)` give), or `None` when that locale
/// is not installed. Asked without touching the process's own locale.
fn locale_codeset() -> Option<String> {
    // SAFETY: `newlocale` takes a NUL-terminated name and returns a new locale object (or
    // null), which `nl_langinfo_l` reads and `freelocale` frees once; the string
    // `nl_langinfo_l` returns is copied before the free.
    unsafe {
        let loc = libc::newlocale(libc::LC_CTYPE_MASK, c"".as_ptr(), std::ptr::null_mut());
        if loc.is_null() {
            return None;
        }
        let cs = libc::nl_langinfo_l(libc::CODESET, loc);
        let out =
            (!cs.is_null()).then(|| std::ffi::CStr::from_ptr(cs).to_string_lossy().into_owned());
        libc::freelocale(loc);
        out
    }
}

/// `ValueError: I/O operation on closed file.` and its variants.
fn closed_error(vm: &Vm, msg: &str) -> PyErr {
    vm.value_error(msg)
}

/// `io.UnsupportedOperation: what`.
fn unsupported(vm: &Vm, what: &str) -> PyErr {
    vm.new_error(&vm.t().exc.unsupported_operation.clone(), what)
}

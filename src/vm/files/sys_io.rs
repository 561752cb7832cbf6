//! The system calls of files, each a blocking call made with the GIL released (CPython's
//! `FileIO` wraps every `open`, `read`, `write`, `lseek`, `ftruncate` and `close` in
//! `Py_BEGIN_ALLOW_THREADS`), and what each costs on the virtual clock.
//!
//! Costs measured on this machine (CPython 3.11.7, Linux, ext4 on a virtual disk, the file in
//! the page cache) with `time.perf_counter_ns()` around many calls in a loop (200,000 for the
//! small ones, 64 MiB worth for the large), best of five rounds, the empty loop's 15 ns taken
//! off:
//!
//! | call | measured | charged here |
//! | --- | --- | --- |
//! | `os.pread(fd, 100, 0)` | 295 ns | `read`: 250 ns + 1 ns per 20 bytes (255 ns) |
//! | `os.pread(fd, 8192, 0)` | 433-633 ns | 660 ns |
//! | `os.pread(fd, 1 MiB, 0)` | 55 µs | 52 µs |
//! | `os.pread` at the end of the file (0 bytes) | 263 ns | 250 ns |
//! | `os.pwrite(fd, 100 bytes, 0)` | 383 ns | `write`: 300 ns + 1 ns per 20 bytes (305 ns) |
//! | `os.pwrite(fd, 8192 bytes, 0)` | 571-680 ns | 710 ns |
//! | `os.pwrite(fd, 1 MiB, 0)` | 53 µs | 52 µs |
//! | `os.open` + `os.close` | 850 + 310 ns | `open`: 1.5 µs (with `fstat`, `ioctl`, `lseek`); `close`: 350 ns |
//! | `os.fstat`, `os.lseek` | ~300 (syscall), 210 ns | `lseek`: 200 ns; `readall`'s `fstat`: 300 ns |
//!
//! The measured figures include CPython's call of the `os` function (~60-80 ns), so the
//! system calls themselves cost a little less; the blocking part is charged whole because the
//! GIL is released around the call only. What `open()` does under the GIL (building the
//! `FileIO`, `BufferedReader` and `TextIOWrapper` objects) is charged as CPU time by
//! `OPEN_CPU_NS` and `OPEN_TEXT_CPU_NS` (`files/mod.rs`): `open(p, 'rb').close()` took
//! 3.0 µs and `open(p).close()` 4.8 µs, of which 1.85 µs are the two blocking calls. A file
//! written and closed on ext4 may cost far more in `close` (a truncated file's blocks are
//! flushed: 60 µs here for `open(p, 'w')` of an existing file): that is not modelled.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Arc;

use crate::vm::{PyResult, Vm};

/// `open(2)` and the `fstat`, `ioctl` and `lseek` `open()` makes after it.
pub const OPEN_NS: u64 = 1_500;
/// `close(2)`.
pub const CLOSE_NS: u64 = 350;
/// `read(2)`, before the bytes moved.
pub const READ_NS: u64 = 250;
/// `write(2)`, before the bytes moved.
pub const WRITE_NS: u64 = 300;
/// `lseek(2)` and `ftruncate(2)`.
pub const SEEK_NS: u64 = 200;
/// The `fstat(2)` `readall()` makes for its first read.
pub const STAT_NS: u64 = 300;

/// Copying bytes between the page cache and the program: 0.05 ns a byte.
const BYTES_PER_NS: u64 = 20;

/// A `read(2)` of `n` bytes.
fn read_cost(n: usize) -> u64 {
    READ_NS + n as u64 / BYTES_PER_NS
}

/// A `write(2)` of `n` bytes.
fn write_cost(n: usize) -> u64 {
    WRITE_NS + n as u64 / BYTES_PER_NS
}

/// Run `io` as the blocking call `call` (GIL released).
fn blocking(
    vm: &mut Vm,
    call: &'static str,
    estimate: u64,
    io: &mut (dyn FnMut() -> u64 + Send),
) -> PyResult<()> {
    vm.with_host(|h, vm| h.file_io(vm, call, estimate, io))
}

/// Open `path` with `opts`: the file and its offset (its end for a file opened to `append`,
/// as CPython's `FileIO` seeks there), or the error. A directory opened for reading is
/// refused with `EISDIR`, as `FileIO` refuses it.
pub fn open(
    vm: &mut Vm,
    path: &std::path::Path,
    opts: &std::fs::OpenOptions,
    append: bool,
) -> PyResult<std::io::Result<(Arc<File>, u64)>> {
    let mut res = None;
    blocking(vm, "open", OPEN_NS, &mut || {
        res = Some(opts.open(path).and_then(|mut f| {
            if f.metadata()?.is_dir() {
                return Err(std::io::Error::from_raw_os_error(21));
            }
            let pos = if append { f.seek(SeekFrom::End(0))? } else { 0 };
            Ok((Arc::new(f), pos))
        }));
        OPEN_NS
    })?;
    Ok(res.unwrap_or_else(|| Err(std::io::Error::from_raw_os_error(5))))
}

/// The most one `read(2)` asks for (a larger read is several): 64 MiB.
const MAX_READ: usize = 1 << 26;

/// One `read(2)` of at most `n` bytes (at the file's offset).
pub fn read(vm: &mut Vm, file: &Arc<File>, n: usize) -> PyResult<std::io::Result<Vec<u8>>> {
    let n = n.min(MAX_READ);
    let mut buf = vec![0u8; n];
    let mut got = Ok(0);
    let f = file.clone();
    blocking(vm, "read", read_cost(n), &mut || {
        got = (&*f).read(&mut buf);
        read_cost(*got.as_ref().unwrap_or(&0))
    })?;
    Ok(got.map(|k| {
        buf.truncate(k);
        buf
    }))
}

/// What `FileIO.readall()` does: an `fstat` for the size (the offset is `pos`), then reads
/// until one returns nothing (two system calls for a small file).
pub fn read_all(vm: &mut Vm, file: &Arc<File>, pos: u64) -> PyResult<std::io::Result<Vec<u8>>> {
    let mut out: Vec<u8> = Vec::new();
    let mut first = true;
    loop {
        let at = pos + out.len() as u64;
        let mut chunk = Vec::new();
        let mut got = Ok(0);
        let f = file.clone();
        let guess = if first {
            8192
        } else {
            (out.len() / 8).clamp(8192, MAX_READ)
        };
        let was_first = first;
        blocking(vm, "read", read_cost(guess), &mut || {
            let mut stat = 0;
            let want = if was_first {
                stat = STAT_NS;
                match f.metadata() {
                    Ok(m) if m.len() > at => ((m.len() - at + 1) as usize).min(MAX_READ),
                    _ => 8192,
                }
            } else {
                guess
            };
            chunk = vec![0u8; want];
            got = (&*f).read(&mut chunk);
            stat + read_cost(*got.as_ref().unwrap_or(&0))
        })?;
        first = false;
        match got {
            Err(e) => return Ok(Err(e)),
            Ok(0) => return Ok(Ok(out)),
            Ok(k) => out.extend_from_slice(&chunk[..k]),
        }
    }
}

/// One `write(2)` of `data` (at the file's offset, or its end for a file opened to append).
pub fn write(vm: &mut Vm, file: &Arc<File>, data: &[u8]) -> PyResult<std::io::Result<()>> {
    let mut res = Ok(());
    let f = file.clone();
    let cost = write_cost(data.len());
    blocking(vm, "write", cost, &mut || {
        res = (&*f).write_all(data);
        cost
    })?;
    Ok(res)
}

/// `lseek(2)`: the new offset.
pub fn seek(vm: &mut Vm, file: &Arc<File>, to: SeekFrom) -> PyResult<std::io::Result<u64>> {
    let mut res = Ok(0);
    let f = file.clone();
    blocking(vm, "lseek", SEEK_NS, &mut || {
        res = (&*f).seek(to);
        SEEK_NS
    })?;
    Ok(res)
}

/// The file's length (an `fstat`).
pub fn length(vm: &mut Vm, file: &Arc<File>) -> PyResult<std::io::Result<u64>> {
    let mut res = Ok(0);
    let f = file.clone();
    blocking(vm, "fstat", STAT_NS, &mut || {
        res = f.metadata().map(|m| m.len());
        STAT_NS
    })?;
    Ok(res)
}

/// `ftruncate(2)` to `size` bytes.
pub fn truncate(vm: &mut Vm, file: &Arc<File>, size: u64) -> PyResult<std::io::Result<()>> {
    let mut res = Ok(());
    let f = file.clone();
    blocking(vm, "ftruncate", SEEK_NS, &mut || {
        res = f.set_len(size);
        SEEK_NS
    })?;
    Ok(res)
}

/// `close(2)`: the last reference to the file goes (others are held only by a forked
/// child's copy, whose file descriptor is its own in CPython).
pub fn close(vm: &mut Vm, file: Arc<File>) -> PyResult<()> {
    let mut f = Some(file);
    blocking(vm, "close", CLOSE_NS, &mut || {
        drop(f.take());
        CLOSE_NS
    })
}

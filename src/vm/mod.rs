//! The virtual machine: values, objects, the interpreter loop, builtins and modules.
//!
//! An [`Interp`] is one Python interpreter (a process): its builtin types, modules and output.
//! A [`Vm`] is one interpreter thread running on it: its frames, its handled-exception stack and
//! its cost counter. The loop charges every instruction's cost and, at eval-breaker points,
//! hands control to the [`Host`] once the charged time passes the host's deadline: that is where
//! a GIL driver takes over.

pub mod asyncgen;
pub mod attr;
pub mod attr_hint;
pub mod builtins;
pub mod bytes;
pub mod call;
pub mod carets;
pub mod construct;
pub mod containers;
pub mod coro;
pub mod cost;
pub mod dict;
pub mod dict_set;
pub mod dunder_del;
pub mod eval;
pub mod exc;
pub mod excgroup;
pub mod files;
pub mod finalize;
pub mod fork;
pub mod format;
pub mod frame;
pub mod import;
pub mod inline;
pub mod int_loop;
pub mod ipc;
pub mod iter;
pub mod methods;
pub mod modules;
pub mod object;
pub mod ops;
pub mod pickle;
pub mod quicken;
pub mod repr;
pub mod resume;
pub mod shape;
pub mod types;
pub mod value;

use std::cell::RefCell;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;

use dict::DictData;
use frame::FrameRec;
use object::Class;
use value::{PyStr, Value};

pub use exc::PyErr;

/// The result of anything that can raise.
pub type PyResult<T = Value> = Result<T, PyErr>;

/// The deepest the Python call stack may grow (CPython's default recursion limit).
pub const RECURSION_LIMIT: usize = 1000;

/// What the interpreter loop asks of whoever drives it.
pub trait Host {
    /// Called at an eval-breaker point once `vm.ticks >= vm.deadline`. The host may switch
    /// threads, release the GIL, or raise (e.g. KeyboardInterrupt); it must set a new deadline.
    fn eval_breaker(&mut self, vm: &mut Vm) -> PyResult<()>;
    /// A blocking sleep of `ns` nanoseconds (`time.sleep`): the GIL is released around it.
    fn sleep(&mut self, vm: &mut Vm, ns: u64) -> PyResult<()> {
        vm.ticks += ns * 1000;
        Ok(())
    }
    /// A short blocking system call (`call`, such as `write`) of `ns` nanoseconds, made with
    /// the GIL released as CPython makes it (`Py_BEGIN_ALLOW_THREADS`).
    fn syscall(&mut self, _vm: &mut Vm, _call: &'static str, _ns: u64) -> PyResult<()> {
        Ok(())
    }
    /// A blocking system call on a file (`call`: `open`, `read`, `write`, `close`, `lseek`),
    /// made with the GIL released as CPython's `FileIO` makes it (`Py_BEGIN_ALLOW_THREADS`).
    /// `io` makes the call and returns what it costs on the virtual clock, in ns (it depends on
    /// the bytes moved); `estimate_ns`, that cost as known beforehand, is what the real clock
    /// traces. `io` is `Send` and reaches no Python object: the real clock runs it on the
    /// thread's OS thread without the GIL.
    fn file_io(
        &mut self,
        vm: &mut Vm,
        call: &'static str,
        estimate_ns: u64,
        io: &mut (dyn FnMut() -> u64 + Send),
    ) -> PyResult<()> {
        let _ = estimate_ns;
        let ns = io();
        self.syscall(vm, call, ns)
    }
    /// `sys.setswitchinterval` changed the interval.
    fn switch_interval_changed(&mut self, _vm: &mut Vm) {}
    /// A new lock (`_thread.allocate_lock`).
    fn lock_new(&mut self) -> u32;
    /// Try to take lock `id`; wait (GIL released) if `blocking`, at most `timeout_ns`.
    fn lock_acquire(
        &mut self,
        vm: &mut Vm,
        id: u32,
        blocking: bool,
        timeout_ns: Option<u64>,
    ) -> PyResult<bool>;
    /// Release lock `id` (the caller checked it was locked), waking a waiter if any.
    fn lock_release(&mut self, vm: &mut Vm, id: u32) -> PyResult<()>;
    /// Whether lock `id` is held.
    fn lock_locked(&self, id: u32) -> bool;
    /// Start a new thread running `func(*args, **kwargs)`; returns its ident.
    fn spawn(
        &mut self,
        vm: &mut Vm,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Rc<PyStr>, Value)>,
    ) -> PyResult<i64>;
    /// The current thread's ident.
    fn thread_ident(&self) -> i64;
    /// The current thread's name, for the trace and the timeline.
    fn set_thread_name(&mut self, _name: &str) {}
    /// `fork()`: start a child process, a copy of this one, whose main thread calls `target()`
    /// and exits with the int it returns. Returns the child's pid and the id of a lock that
    /// stays held until the child has exited (its sentinel).
    fn fork(&mut self, vm: &mut Vm, target: Value) -> PyResult<(i64, u32)> {
        let _ = target;
        Err(vm.runtime_error("processes are not supported on this clock"))
    }
    /// End process `pid` at once with exit code `code` (`os._exit`, `Process.terminate`);
    /// false if there is no such process.
    fn kill(&mut self, vm: &mut Vm, pid: i64, code: i32) -> PyResult<bool> {
        let _ = (pid, code);
        Err(vm.runtime_error("processes are not supported on this clock"))
    }
    /// Record `kind` in the trace, for the current thread at its current time.
    fn trace(&mut self, _vm: &mut Vm, _kind: crate::trace::event::EventKind) {}
    /// Nanoseconds since the start of the run, as `time.perf_counter_ns()` reports them: the
    /// charged time on the virtual clock, the monotonic clock on the real one.
    fn now_ns(&self, vm: &Vm) -> u64 {
        vm.ticks / 1000
    }
    /// CPU time of the current thread's process so far, in ns (`time.process_time()`): what
    /// its threads spent running on a core. A lone thread never waits for a core.
    fn cpu_ns(&self, vm: &Vm) -> u64 {
        self.now_ns(vm)
    }
    /// Seconds since the Unix epoch when the run started (`time.time()` adds
    /// [`Host::now_ns`]): a fixed date on the virtual clock, the host's on the real one.
    fn epoch_s(&self) -> f64 {
        modules::time::EPOCH_BASE
    }
}

/// A host for a single thread with nothing to interleave: it only moves the deadline on.
/// (Runs go through the virtual clock's scheduler; this host serves embedding and tests.)
///
/// It is also what a VM holds while its own host is out ([`Vm::with_host`] and the
/// eval-breaker): zero-sized, so swapping it in allocates nothing. Its locks live in a table
/// of the OS thread's.
#[derive(Default)]
pub struct SoloHost;

thread_local! {
    /// The [`SoloHost`] locks of this OS thread: locked or not, by id.
    static SOLO_LOCKS: RefCell<Vec<bool>> = const { RefCell::new(Vec::new()) };
}

impl SoloHost {
    fn locked(id: u32) -> bool {
        SOLO_LOCKS.with(|l| l.borrow().get(id as usize).copied().unwrap_or(false))
    }

    fn set(id: u32, locked: bool) {
        SOLO_LOCKS.with(|l| {
            if let Some(slot) = l.borrow_mut().get_mut(id as usize) {
                *slot = locked;
            }
        });
    }
}

impl Host for SoloHost {
    fn eval_breaker(&mut self, vm: &mut Vm) -> PyResult<()> {
        vm.deadline = vm.ticks + 1_000_000_000;
        Ok(())
    }
    fn lock_new(&mut self) -> u32 {
        SOLO_LOCKS.with(|l| {
            let mut l = l.borrow_mut();
            l.push(false);
            l.len() as u32 - 1
        })
    }
    fn lock_acquire(
        &mut self,
        vm: &mut Vm,
        id: u32,
        blocking: bool,
        timeout_ns: Option<u64>,
    ) -> PyResult<bool> {
        if !SoloHost::locked(id) {
            SoloHost::set(id, true);
            return Ok(true);
        }
        match (blocking, timeout_ns) {
            (false, _) => Ok(false),
            (true, Some(t)) => {
                vm.ticks += t * 1000;
                Ok(false)
            }
            (true, None) => {
                Err(vm.runtime_error("deadlock: the only thread waits on a lock it holds"))
            }
        }
    }
    fn lock_release(&mut self, _vm: &mut Vm, id: u32) -> PyResult<()> {
        SoloHost::set(id, false);
        Ok(())
    }
    fn lock_locked(&self, id: u32) -> bool {
        SoloHost::locked(id)
    }
    fn spawn(
        &mut self,
        vm: &mut Vm,
        _f: Value,
        _a: Vec<Value>,
        _k: Vec<(Rc<PyStr>, Value)>,
    ) -> PyResult<i64> {
        Err(vm.runtime_error("this host runs a single thread"))
    }
    fn thread_ident(&self) -> i64 {
        1
    }
}

/// Where the program's standard streams go.
pub struct Output {
    pub stdout: RefCell<Box<dyn Write>>,
    pub stderr: RefCell<Box<dyn Write>>,
    /// stdout is a terminal: CPython's `sys.stdout` is then line-buffered, so a write holding
    /// a newline makes the `write(2)` (else the pipe's buffer holds it until 8 KiB).
    pub stdout_is_tty: bool,
}

/// How long CPython's `write(2)` of a line to a terminal or pipe keeps the GIL released, in
/// nanoseconds: about 0.8 us to a pipe here (`os.write` of 17 bytes, 20,000 times), a few us
/// to a terminal.
pub const WRITE_SYSCALL_NS: u64 = 2_000;

/// One interpreter: builtin types, builtins, loaded modules and streams. Like every Python
/// object it is `Rc`-based and not thread-safe: on the real clock only the thread holding the
/// GIL reaches it (see `crate::clock::real::gil`).
pub struct Interp {
    pub types: types::Types,
    pub builtins: Rc<RefCell<DictData>>,
    /// `sys.modules`.
    pub modules: Rc<RefCell<DictData>>,
    pub out: Output,
    /// `sys.path[0]`: the scenario's directory.
    pub script_dir: PathBuf,
    pub argv: Vec<String>,
    /// Interned attribute names used by the VM itself.
    pub names: types::Names,
    /// `os.cpu_count()`.
    pub cores: usize,
    pub seed: u64,
    /// Sources by file name, for tracebacks: a bundled module's is borrowed from the binary
    /// (copying each imported module's text cost ~70 k instructions of an `import asyncio`).
    pub sources: RefCell<Vec<(String, Rc<std::borrow::Cow<'static, str>>)>>,
    /// `sys.setswitchinterval`, in seconds.
    pub switch_interval: std::cell::Cell<f64>,
    /// `os.getpid()` and `os.getppid()`.
    pub pid: i64,
    pub ppid: i64,
    /// Pipes, shared values and exit codes, shared by every process of the run.
    pub ipc: ipc::SharedIpc,
    /// The files this process opened, flushed when it exits (see [`files::flush_at_exit`]).
    pub open_files: files::OpenFiles,
}

/// A new interpreter's builtin types, with their methods.
pub fn new_types() -> types::Types {
    let types = types::Types::new();
    methods::install(&types);
    construct::install(&types);
    iter::install(&types);
    bytes::install(&types);
    files::install(&types);
    types
}

/// One interpreter thread.
pub struct Vm {
    pub interp: Rc<Interp>,
    /// Active frames, outermost first.
    pub frames: Vec<FrameRec>,
    /// Exceptions being handled (`except` blocks), innermost last.
    pub handled: Vec<Value>,
    /// Charged cost so far, in nanoseconds of simulated time.
    pub ticks: u64,
    /// When `ticks` passes this at an eval-breaker point, the host is called.
    pub deadline: u64,
    pub host: Box<dyn Host>,
    pub cost: Rc<cost::CostModel>,
    /// Nested native-to-Python calls (for the recursion limit of re-entrant calls).
    /// The return value of the last finished `yield from` subgenerator.
    pub last_return: Value,
    /// Objects whose repr is being computed (to print `[...]` for cycles).
    pub repr_guard: Vec<usize>,
    /// Register vectors of finished frames, reused to avoid an allocation per call.
    pub reg_pool: Vec<Vec<Value>>,
    /// Generators resumed inside an interpreter loop by a `for`, innermost last (kept here so
    /// a loop does not allocate its own stack of them).
    gen_runs: Vec<inline::GenRun>,
}

impl Vm {
    /// A thread on `interp` driven by `host`.
    pub fn new(interp: Rc<Interp>, host: Box<dyn Host>, cost: Rc<cost::CostModel>) -> Vm {
        Vm {
            interp,
            frames: vec![],
            handled: vec![],
            ticks: 0,
            deadline: 1_000_000_000,
            host,
            cost,
            last_return: Value::None,
            repr_guard: vec![],
            reg_pool: vec![],
            gen_runs: vec![],
        }
    }

    /// The builtin types.
    pub fn t(&self) -> &types::Types {
        &self.interp.types
    }

    /// Write to the program's stdout.
    pub fn write_stdout(&self, s: &str) {
        let _ = self.interp.out.stdout.borrow_mut().write_all(s.as_bytes());
    }

    /// Write to the program's stderr.
    pub fn write_stderr(&self, s: &str) {
        let mut e = self.interp.out.stderr.borrow_mut();
        let _ = e.write_all(s.as_bytes());
        let _ = e.flush();
    }

    /// After `text` went to stream `fd` (1 or 2): make the `write(2)` CPython would make there,
    /// with the GIL released around it. CPython's stdout is line-buffered on a terminal and
    /// block-buffered on a pipe; its stderr is line-buffered; `flush` (`print(flush=True)`,
    /// `sys.stdout.flush()`) writes what is pending. The text itself is written by gilsim's
    /// own buffered streams, which keep the same order.
    pub fn stream_written(&mut self, fd: i32, text: &str, flush: bool) -> PyResult<()> {
        let line_buffered = fd == 2 || self.interp.out.stdout_is_tty;
        if flush || (line_buffered && text.contains('\n')) {
            return self.with_host(|h, vm| h.syscall(vm, "write", WRITE_SYSCALL_NS));
        }
        Ok(())
    }

    pub fn flush(&self) {
        let _ = self.interp.out.stdout.borrow_mut().flush();
        let _ = self.interp.out.stderr.borrow_mut().flush();
    }

    /// The line the innermost Python frame is executing.
    pub fn current_line(&self) -> Option<(Rc<PyStr>, u32)> {
        self.frames
            .last()
            .map(|f| (f.code().name.clone(), f.code().line_at(f.ip)))
    }

    /// Run `f` with the host taken out of the VM (so the host can use the VM mutably).
    pub fn with_host<R>(&mut self, f: impl FnOnce(&mut dyn Host, &mut Vm) -> R) -> R {
        let mut h = std::mem::replace(&mut self.host, Box::new(SoloHost::default()));
        let r = f(&mut *h, self);
        self.host = h;
        r
    }

    /// `time.sleep(ns)`: hand the wait to the host.
    pub fn blocking_sleep(&mut self, ns: u64) -> PyResult<()> {
        self.with_host(|h, vm| h.sleep(vm, ns))
    }

    /// Tell the host the switch interval changed.
    pub fn switch_interval_changed(&mut self) {
        self.with_host(|h, vm| h.switch_interval_changed(vm))
    }

    /// The class of any value.
    pub fn type_of(&self, v: &Value) -> Rc<Class> {
        types::type_of(self, v)
    }
}

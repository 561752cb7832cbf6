//! The real clock (`--clock real`): every Python thread on an OS thread of its own, behind a
//! GIL made of `parking_lot` primitives that runs the virtual clock's own state machine
//! ([`gil`]); sleeps sleep and lock waits park the OS thread, the GIL released around them;
//! `time` reads the monotonic clock. The trace has the same schema, with real nanoseconds.
//!
//! Processes (`fork()`) are interpreters inside this OS process, each with its own heap (a
//! copy that shares nothing with its parent's, [`crate::vm::fork`]), its own GIL and its own
//! OS threads, so they run truly in parallel and each process's threads contend only for its
//! GIL ([`procs`]). What they share is thread-safe: the run's lock table ([`locks`]), its
//! pipes and shared values ([`crate::vm::ipc`]), and its record ([`log`]). Isolated
//! interpreters rather than OS processes, so that blocking, waking, the deadlock watchdog,
//! Ctrl-C and the trace work the same for every process: one lock table, one trace.
//!
//! The thread that calls [`run`] is the controller, not a Python thread: it starts the main
//! thread, then waits for the run's end, watching for Ctrl-C, `--max-time` (wall time) and
//! deadlocks (every live thread of every process parked in an untimed lock wait on a held
//! lock). A run that is stopped leaves its other Python threads parked for good, as CPython
//! leaves daemon threads at exit; they go when the process does.

mod cpu_time;
pub mod gil;
mod host;
pub mod locks;
pub mod log;
mod procs;

#[cfg(test)]
mod tests;

use std::io::{self, BufWriter, Write};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use self::gil::{Detached, RealGil};
use self::locks::Locks;
use self::log::RunLog;
use self::procs::Procs;
use crate::clock::sim::Stop;
use crate::gil::{GilKind, ThreadId};
use crate::report::sink::Sink;
use crate::vm::cost::CostModel;
use crate::vm::ipc::SharedIpc;
use crate::vm::{Interp, SoloHost, Vm};

/// The main thread's stack: deep Python recursion needs a deep Rust stack (virtual memory
/// only, committed as it is used).
const MAIN_STACK: usize = 1 << 30;

/// Every other thread's stack, as the virtual clock's coroutines have.
const THREAD_STACK: usize = 256 << 20;

/// How often the controller looks for Ctrl-C, the time limit and deadlocks.
const WATCH_EVERY: Duration = Duration::from_millis(20);

/// How long a stopped run waits for the GIL holder to reach an eval-breaker point.
const QUIET_WAIT: Duration = Duration::from_secs(2);

/// What a Python thread runs: the scenario's `__main__`, or a thread's function. Its result
/// is the exit code (the main thread's only).
pub type Body = Box<dyn FnOnce(&mut Vm) -> i32>;

/// What a new OS thread needs to run Python: the interpreter, the cost model, its body.
type Payload = Detached<(Rc<Interp>, Rc<CostModel>, Body)>;

/// How to set a real-clock run up.
pub struct Setup {
    /// `new` or `legacy`.
    pub gil: GilKind,
    pub switch_interval_ns: u64,
    pub seed: u64,
    /// `--max-time`, wall time.
    pub max_time_ns: Option<u64>,
    /// The tracing dispatcher every OS thread of the run emits its events to.
    pub dispatch: Option<tracing::Dispatch>,
    /// What the run keeps of its events.
    pub sink: Sink,
    /// Python code runs at the cost model's speed ([`host::Pace`]); `--no-pace` turns it off.
    pub pace: bool,
}

/// How a real-clock run went.
pub struct RealRun {
    /// The main thread's exit code, or why the run stopped.
    pub outcome: Result<i32, Stop>,
    /// When the run ended, ns since its start.
    pub end_ns: u64,
    /// What the sink made of the run's events.
    pub sink: Sink,
}

/// What the threads of a run share, across its processes.
pub struct Runtime {
    pub log: Arc<RunLog>,
    pub locks: Arc<Locks>,
    /// The run's pipes, shared values and exit codes (the same as every interpreter's).
    ipc: SharedIpc,
    /// The processes, the main one first.
    procs: Procs,
    dispatch: Option<tracing::Dispatch>,
    /// `time.time()` at the start.
    epoch_s: f64,
    gil_kind: GilKind,
    seed: u64,
    /// [`Setup::pace`].
    pace: bool,
}

impl Runtime {
    /// Starts a Python thread of the process `gil` governs, running `payload`: its id, or
    /// `None` if the OS would not. `name` names it from its id.
    fn spawn(
        rt: &Arc<Runtime>,
        gil: &Arc<RealGil>,
        name: impl FnOnce(ThreadId) -> String,
        stack: usize,
        payload: Payload,
    ) -> Option<ThreadId> {
        let id = gil.add_thread(name);
        if Runtime::start(rt, gil, id, stack, payload) {
            Some(id)
        } else {
            gil.thread_failed(id);
            None
        }
    }

    /// Starts the OS thread of Python thread `id` (of the process `gil` governs) running
    /// `payload`; false if the OS would not.
    fn start(
        rt: &Arc<Runtime>,
        gil: &Arc<RealGil>,
        id: ThreadId,
        stack: usize,
        payload: Payload,
    ) -> bool {
        let (rt2, gil2) = (rt.clone(), gil.clone());
        std::thread::Builder::new()
            .name(format!("py-{id}"))
            .stack_size(stack)
            .spawn(move || python_thread(rt2, gil2, id, payload))
            .is_ok()
    }

    /// Whether Python code runs at the cost model's speed.
    fn pace(&self) -> bool {
        self.pace
    }

    /// Whether the run uses the legacy GIL.
    fn legacy(&self) -> bool {
        self.gil_kind == GilKind::Legacy
    }
}

/// A Python thread's OS thread: take its process's GIL, build the VM, run, and let go for the
/// last time only after every Python object of the thread is gone.
fn python_thread(rt: Arc<Runtime>, gil: Arc<RealGil>, id: ThreadId, payload: Payload) {
    let _dispatch = rt.dispatch.as_ref().map(tracing::dispatcher::set_default);
    let run = std::panic::AssertUnwindSafe(|| {
        let _cpu = gil.cpu().enter(id);
        let held = gil.take_gil(id);
        let (interp, cost, body) = payload.open(&held);
        let host = host::RealHost::new(rt.clone(), held, 0);
        let mut vm = Vm::new(interp, Box::new(host), cost);
        vm.deadline = host::POLL_PS;
        let code = body(&mut vm);
        gil.note_exit(id, code);
        // the host holds the GIL: it goes last
        let host = std::mem::replace(&mut vm.host, Box::new(SoloHost::default()));
        drop(vm);
        drop(host);
    });
    if std::panic::catch_unwind(run).is_err() {
        // the GIL stays with the dead thread (see GilHeld): nothing can run on
        eprintln!("gilsim: internal error in Python thread {id}; stopping");
        let _ = io::stderr().flush();
        std::process::exit(101);
    }
}

/// Runs `main` as the main thread of a real-clock run, on `interp`, until it ends or the run
/// stops. Ctrl-C is [`crate::clock::interrupt`]'s flag.
///
/// # Safety
/// `interp`, `cost` and `main` are the whole heap of the run: the caller keeps no other
/// reference into it (no clone of `interp`, no Python value), since the run's threads will
/// touch it from other OS threads.
pub unsafe fn run(interp: Rc<Interp>, cost: Rc<CostModel>, main: Body, setup: Setup) -> RealRun {
    let _dispatch = setup
        .dispatch
        .as_ref()
        .map(tracing::dispatcher::set_default);
    let machine = crate::gil::make(setup.gil.as_str(), setup.switch_interval_ns, setup.seed);
    let epoch_s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let log = Arc::new(RunLog::new(setup.dispatch.is_some(), setup.sink));
    let gil = RealGil::in_run(machine, log.clone(), 0);
    let rt = Arc::new(Runtime {
        log,
        locks: Arc::new(Locks::new()),
        ipc: interp.ipc.clone(),
        procs: Procs::new(gil.clone(), interp.pid),
        dispatch: setup.dispatch.clone(),
        epoch_s,
        gil_kind: setup.gil,
        pace: setup.pace,
        seed: setup.seed,
    });
    // SAFETY: the caller hands over the whole heap; no Python thread runs yet.
    let payload = unsafe { Detached::new_unchecked((interp, cost, main)) };
    let name = |_| "MainThread".to_string();
    if Runtime::spawn(&rt, &gil, name, MAIN_STACK, payload).is_none() {
        rt.log.finish(Err(Stop::Deadlock(
            "cannot start the main thread: the OS refused a new thread\n".into(),
        )));
    }
    watch(&rt, setup.max_time_ns);
    // the run is over: every process's threads stop (the reason is recorded nowhere now)
    rt.procs.stop_all(Stop::Interrupted);
    if !rt.procs.wait_quiet(QUIET_WAIT) {
        eprintln!("gilsim: a thread is still running Python code (a long builtin call?)");
    }
    let (outcome, end_ns, sink) = rt.log.take_results().expect("the run has ended");
    RealRun {
        outcome,
        end_ns,
        sink,
    }
}

/// The controller's loop: until the run ends, stop it on Ctrl-C, at the time limit, or at a
/// deadlock.
fn watch(rt: &Runtime, max_time_ns: Option<u64>) {
    let started = Instant::now();
    let mut suspect: Option<u64> = None;
    loop {
        if rt.log.wait_end(WATCH_EVERY) {
            return;
        }
        // events of threads that have not let go of the GIL since
        rt.log.pump();
        if crate::clock::interrupt::requested() {
            rt.procs.stop_run(&rt.log, Stop::Interrupted);
            continue;
        }
        if let Some(max) = max_time_ns {
            if started.elapsed() >= Duration::from_nanos(max) {
                rt.procs.stop_run(&rt.log, Stop::MaxTime(max));
                continue;
            }
        }
        // a deadlock must be seen twice, with no lock activity at all in between
        match find_deadlock(rt) {
            Some((progress, msg)) if suspect == Some(progress) => {
                rt.procs.stop_run(&rt.log, Stop::Deadlock(msg));
            }
            Some((progress, _)) => suspect = Some(progress),
            None => suspect = None,
        }
    }
}

/// If every live thread of every process waits, with no timeout, for a lock that is held
/// (and no process is exiting, which releases its sentinel), the deadlock report naming each
/// and the lock progress counter it was seen at.
fn find_deadlock(rt: &Runtime) -> Option<(u64, String)> {
    let progress = rt.locks.progress();
    let gils = rt.procs.gils();
    if gils.iter().any(|g| g.settling()) {
        return None;
    }
    let threads: Vec<_> = gils.iter().flat_map(|g| g.live_threads()).collect();
    if threads.is_empty() {
        return None;
    }
    let mut msg = String::from("deadlock: no thread can run again\n");
    for (id, name, blocked) in &threads {
        let b = blocked.as_ref()?;
        if !rt.locks.parked_for_good(b.lock, *id) {
            return None;
        }
        msg.push_str(&format!(
            "  thread {id} ({name}) waits in {} at line {}\n",
            b.what, b.line
        ));
    }
    (rt.locks.progress() == progress).then_some((progress, msg))
}

/// The program's stdout on the real clock: one buffer behind a mutex, not a Python object,
/// so the controller can flush it however the run ended.
#[derive(Clone)]
pub struct SharedStdout(Arc<Mutex<BufWriter<io::Stdout>>>);

impl SharedStdout {
    /// A 64 KiB buffer on the process's stdout.
    pub fn new() -> SharedStdout {
        SharedStdout(Arc::new(Mutex::new(BufWriter::with_capacity(
            1 << 16,
            io::stdout(),
        ))))
    }
}

impl Default for SharedStdout {
    fn default() -> Self {
        SharedStdout::new()
    }
}

impl Write for SharedStdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.lock().write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.lock().flush()
    }
}

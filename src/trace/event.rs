//! The events of a run, as the trace log `gilsim-trace/1` records them.
//!
//! One `Event` per line between the header and the footer. `t` is nanoseconds since the start
//! (virtual or real), non-decreasing. `proc` is the interpreter, `thread` the thread id within
//! the run. Who holds a process's GIL follows from `GilAcquire`/`GilRelease` alone.

/// Why a thread let go of the GIL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReleaseReason {
    /// Another thread's timed wait expired and set `gil_drop_request`; honoured at an
    /// eval-breaker point.
    DropRequest,
    /// Around a blocking call (`time.sleep`, a lock wait, I/O): `Py_BEGIN_ALLOW_THREADS`.
    Blocking,
    /// The thread finished.
    Exit,
    /// The legacy GIL's periodic check (every N ticks).
    Interval,
}

impl ReleaseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseReason::DropRequest => "drop_request",
            ReleaseReason::Blocking => "blocking",
            ReleaseReason::Exit => "exit",
            ReleaseReason::Interval => "interval",
        }
    }
    pub fn parse(s: &str) -> Option<ReleaseReason> {
        Some(match s {
            "drop_request" => ReleaseReason::DropRequest,
            "blocking" => ReleaseReason::Blocking,
            "exit" => ReleaseReason::Exit,
            "interval" => ReleaseReason::Interval,
            _ => return None,
        })
    }
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// A thread was started (its `name` as `threading` reports it).
    ThreadStart { name: String },
    /// A thread finished.
    ThreadEnd,
    /// A thread asked for the GIL (it is about to wait, or take it at once).
    GilRequest,
    /// A thread took the GIL after waiting `wait_ns` since its request.
    GilAcquire { wait_ns: u64 },
    /// The holder released the GIL.
    GilRelease { reason: ReleaseReason },
    /// `thread` (a waiter) timed out after one interval and set `gil_drop_request`.
    DropRequest,
    /// FORCE_SWITCHING: the thread that dropped on request waited until `by` took the GIL.
    ForcedSwitch { by: u32 },
    /// A blocking call began; `dur_ns` for calls with a known duration (`time.sleep`).
    IoBegin { call: String, dur_ns: Option<u64> },
    /// A blocking call ended.
    IoEnd { call: String },
    /// The thread blocked on a synchronisation object (`what`, e.g. `Lock.acquire`) at `line`.
    Block { what: String, line: u32 },
    /// The thread was woken from a `Block`.
    Unblock,
    /// The thread can run (it holds its GIL, or there is none) but has no core: every core is
    /// busy and it waits in the OS run queue, having just become runnable or been preempted at
    /// the end of its time slice.
    CpuWait,
    /// The thread got a core again after a `cpu_wait`.
    CpuRun,
    /// A process started (forked by process `parent`); its main thread is the event's thread.
    ProcStart { pid: u64, parent: u32 },
    /// A process's main thread ended with `exitcode`.
    ProcExit { exitcode: i32 },
    /// A message of `bytes` (pickled) went into channel `chan` (a pipe or queue).
    MsgSend { chan: u32, bytes: u64 },
    /// A message of `bytes` came out of channel `chan`.
    MsgRecv { chan: u32, bytes: u64 },
    /// A `concurrent.futures` future (numbered per process in creation order) changed state:
    /// `submitted`, `running`, `done` or `cancelled`.
    Future { future: u64, state: String },
    /// An asyncio task was created on the thread's event loop (`task` numbers the run's
    /// tasks; `name` is `Task-N` or the name given, `coro` the coroutine's qualified name).
    TaskCreate {
        task: u64,
        name: String,
        coro: String,
    },
    /// One step of an asyncio task ended (`t`): it ran `dur_ns` from where it had stopped
    /// (`from_line`) to its next `await` (`line`) or its end (`line` absent), after
    /// `ready_ns` in the loop's ready queue. `outcome`: `await`, `yield`, `done`, `error`,
    /// `cancelled`.
    TaskStep {
        task: u64,
        name: String,
        dur_ns: u64,
        ready_ns: u64,
        from_line: u32,
        line: Option<u32>,
        outcome: String,
    },
    /// The event loop ran a callback (not a task step) for `dur_ns`, ending at `t`.
    LoopCallback { callback: String, dur_ns: u64 },
}

impl EventKind {
    /// The `type` field of the JSON line.
    pub fn type_name(&self) -> &'static str {
        match self {
            EventKind::ThreadStart { .. } => "thread_start",
            EventKind::ThreadEnd => "thread_end",
            EventKind::GilRequest => "gil_request",
            EventKind::GilAcquire { .. } => "gil_acquire",
            EventKind::GilRelease { .. } => "gil_release",
            EventKind::DropRequest => "drop_request",
            EventKind::ForcedSwitch { .. } => "forced_switch",
            EventKind::IoBegin { .. } => "io_begin",
            EventKind::IoEnd { .. } => "io_end",
            EventKind::Block { .. } => "block",
            EventKind::Unblock => "unblock",
            EventKind::CpuWait => "cpu_wait",
            EventKind::CpuRun => "cpu_run",
            EventKind::ProcStart { .. } => "proc_start",
            EventKind::ProcExit { .. } => "proc_exit",
            EventKind::MsgSend { .. } => "msg_send",
            EventKind::MsgRecv { .. } => "msg_recv",
            EventKind::Future { .. } => "future",
            EventKind::TaskCreate { .. } => "task_create",
            EventKind::TaskStep { .. } => "task_step",
            EventKind::LoopCallback { .. } => "loop_callback",
        }
    }
}

/// One event of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Nanoseconds since the start of the run.
    pub t: u64,
    pub proc: u32,
    pub thread: u32,
    pub kind: EventKind,
}

/// The first line of a trace: how the run was set up.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub scenario: String,
    /// "virtual" or "real".
    pub clock: String,
    /// "new", "legacy" or "none".
    pub gil: String,
    pub switch_interval_ns: u64,
    pub cores: u32,
    pub seed: u64,
}

/// The last line of a trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Footer {
    /// When the run ended.
    pub t: u64,
    /// Lines between the header and the footer.
    pub events: u64,
    /// Why the run stopped early (`deadlock`, `max_time`, `interrupted`), if it did.
    pub stopped: Option<String>,
}

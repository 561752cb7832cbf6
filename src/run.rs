//! Running a scenario: compile, check imports, execute `__main__`, map the outcome to an
//! exit code (0 ok, 1 the program raised, 2 usage, 3 compile error, 4 deadlock or limit).

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::clock::sim::{Sim, Stop};
use crate::clock::{real, ClockKind, OsModel};
use crate::lang;
use crate::report::sink::Sink;
use crate::trace::event::{Event, Header};
use crate::trace::layer::JsonlLayer;
use crate::vm::{self, cost::CostModel, dict::DictData, value::Value, Interp, Output, Vm};

/// Exit codes of the CLI contract.
pub mod exit {
    pub const OK: i32 = 0;
    pub const RAISED: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const COMPILE: i32 = 3;
    pub const LIMIT: i32 = 4;
    /// Ctrl-C ended the run (128 + SIGINT).
    pub const INTERRUPTED: i32 = crate::clock::interrupt::EXIT_INTERRUPTED;
}

/// What `gilsim run` was asked to do.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub file: PathBuf,
    pub args: Vec<String>,
    pub switch_interval_ns: u64,
    pub cores: usize,
    pub seed: u64,
    pub report: Report,
    /// `new`, `legacy` or `none`.
    pub gil: String,
    pub trace: Option<PathBuf>,
    pub max_time_ns: Option<u64>,
    /// Colour the report's timeline.
    pub color: bool,
    /// Write the run as Chrome trace-event JSON here (`--chrome`).
    pub chrome: Option<PathBuf>,
    /// Write the run as an HTML page here (`--html`).
    pub html: Option<PathBuf>,
    /// The report lists asyncio steps and callbacks at least this long (nanoseconds).
    pub slow_callback_ns: u64,
    /// Which clock drives the run.
    pub clock: ClockKind,
    /// On the real clock, run Python code at the cost model's speed (`--no-pace` turns it
    /// off; the virtual clock always charges it).
    pub pace: bool,
}

/// The report gilsim prints on stderr after a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    Text,
    Json,
    None,
}

/// How a run ended.
#[derive(Debug)]
pub struct RunResult {
    pub exit_code: i32,
    /// Simulated nanoseconds the run took.
    pub sim_ns: u64,
}

/// Compile a file, reporting errors as the CLI does.
pub fn compile_file(path: &Path) -> Result<(Rc<lang::bytecode::Code>, String), (i32, String)> {
    compile_file_as(path, &path.to_string_lossy())
}

/// [`compile_file`], the code's `co_filename` being `name` (errors still name `path`).
fn compile_file_as(
    path: &Path,
    name: &str,
) -> Result<(Rc<lang::bytecode::Code>, String), (i32, String)> {
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            return Err((
                exit::USAGE,
                format!("gilsim: can't open file '{}': {}\n", path.display(), e),
            ))
        }
    };
    match lang::compile_source(&source, name) {
        Ok(code) => Ok((code, source)),
        Err(mut e) => {
            e.filename = path.to_string_lossy().to_string();
            Err((exit::COMPILE, e.render()))
        }
    }
}

/// Build an interpreter for a scenario.
pub fn new_interp(opts: &RunOptions, stdout: Box<dyn Write>, stderr: Box<dyn Write>) -> Rc<Interp> {
    let types = vm::new_types();
    let builtins = vm::builtins::make_builtins(&types);
    let script_dir = std::path::absolute(&opts.file)
        .unwrap_or_else(|_| opts.file.clone())
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p.to_path_buf()
            }
        })
        .unwrap_or_else(|| PathBuf::from("."));
    let mut argv = vec![opts.file.to_string_lossy().to_string()];
    argv.extend(opts.args.iter().cloned());
    Rc::new(Interp {
        names: vm::types::Names::default(),
        types,
        builtins: Rc::new(RefCell::new(builtins)),
        modules: Rc::new(RefCell::new(DictData::new())),
        out: Output {
            stdout: RefCell::new(stdout),
            stderr: RefCell::new(stderr),
            stdout_is_tty: std::io::IsTerminal::is_terminal(&std::io::stdout()),
        },
        script_dir,
        argv,
        cores: opts.cores,
        seed: opts.seed,
        sources: RefCell::new(vec![]),
        switch_interval: std::cell::Cell::new(opts.switch_interval_ns as f64 / 1e9),
        pid: vm::ipc::MAIN_PID,
        ppid: vm::ipc::MAIN_PPID,
        ipc: vm::ipc::Ipc::shared(),
        open_files: Default::default(),
    })
}

/// Run a scenario on the clock `opts.clock` names: every thread under the GIL.
pub fn run_file(opts: &RunOptions) -> RunResult {
    if opts.clock == ClockKind::Real && opts.gil != "new" && opts.gil != "legacy" {
        eprintln!(
            "gilsim: --gil {} cannot run on the real clock: the interpreter's heap is not \
             thread-safe, so its OS threads need a GIL (new or legacy)",
            opts.gil
        );
        return RunResult {
            exit_code: exit::USAGE,
            sim_ns: 0,
        };
    }
    if opts.clock == ClockKind::Virtual && !opts.pace {
        eprintln!(
            "gilsim: --no-pace applies to the real clock only: the virtual clock charges every \
             instruction its cost and never waits"
        );
        return RunResult {
            exit_code: exit::USAGE,
            sim_ns: 0,
        };
    }
    // python3 runs its script under its absolute path: `__file__`, `co_filename`,
    // `sys.path[0]` (and so the modules found there) and tracebacks all say it
    let abs_file = std::path::absolute(&opts.file).unwrap_or_else(|_| opts.file.clone());
    let (code, source) = match compile_file_as(&opts.file, &abs_file.to_string_lossy()) {
        Ok(c) => c,
        Err((rc, msg)) => {
            eprint!("{msg}");
            return RunResult {
                exit_code: rc,
                sim_ns: 0,
            };
        }
    };
    let fname = abs_file.to_string_lossy().to_string();
    // on the real clock, stdout is flushed by the controller however the threads end
    let shared_stdout = real::SharedStdout::new();
    let stdout: Box<dyn Write> = match opts.clock {
        ClockKind::Virtual => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        )),
        ClockKind::Real => Box::new(shared_stdout.clone()),
    };
    crate::vm::modules::aio::reset_task_ids();
    let interp = new_interp(opts, stdout, Box::new(std::io::stderr()));
    let mut seen = Default::default();
    if let Err(e) = vm::import::check_imports(&interp.script_dir, &code, &source, &fname, &mut seen)
    {
        eprint!("{}", e.render());
        return RunResult {
            exit_code: exit::COMPILE,
            sim_ns: 0,
        };
    }
    interp
        .sources
        .borrow_mut()
        .push((fname.clone(), Rc::new(source.clone().into())));
    let header = Header {
        scenario: opts.file.to_string_lossy().to_string(),
        clock: opts.clock.as_str().into(),
        gil: opts.gil.clone(),
        switch_interval_ns: opts.switch_interval_ns,
        cores: opts.cores as u32,
        seed: opts.seed,
    };
    // the trace file, written by our tracing layer
    let mut trace_guard = None;
    let mut dispatch = None;
    if let Some(path) = &opts.trace {
        match std::fs::File::create(path) {
            Ok(f) => {
                let (layer, guard) = JsonlLayer::new(Box::new(std::io::BufWriter::new(f)), &header);
                let subscriber = crate::trace::layer::subscriber(layer);
                dispatch = Some(tracing::Dispatch::new(subscriber));
                trace_guard = Some(guard);
            }
            Err(e) => {
                eprintln!("gilsim: cannot write trace '{}': {}", path.display(), e);
                return RunResult {
                    exit_code: exit::USAGE,
                    sim_ns: 0,
                };
            }
        }
    }
    let cost = Rc::new(CostModel::default());
    // the report is folded as the events come; the events themselves are kept only for
    // the pictures, which draw every one
    let report = (opts.report != Report::None).then_some(opts.slow_callback_ns);
    let pictures = opts.chrome.is_some() || opts.html.is_some();
    let sink = Sink::new(&header, report, pictures);
    let main = move |vm: &mut Vm| -> i32 {
        let r = vm.run_module_code(code, "__main__", Some(&fname));
        let mut code = match r {
            Ok(_) => exit::OK,
            Err(e) => exit_code_for(vm, &e),
        };
        // as CPython's finalisation does: wait for the non-daemon threads, then (atexit)
        // for the non-daemonic child processes
        for (module, hook) in [
            ("threading", "_shutdown"),
            ("multiprocessing", "_exit_function"),
        ] {
            let m = vm.interp.modules.borrow().get_str(module);
            if let Some(m) = m {
                if let Err(e) = vm.call_method(&m, hook, &[]) {
                    code = exit_code_for(vm, &e);
                }
            }
        }
        vm.finalize_at_exit();
        // what the program's files still buffer is written out, as CPython's shutdown does
        vm::files::flush_at_exit(vm);
        // CPython's last garbage collection finalizes what reference cycles kept alive, which
        // gilsim never frees: asyncio's pending tasks say they were destroyed
        let tasks = vm.interp.modules.borrow().get_str("asyncio.tasks");
        if let Some(m) = tasks {
            let _ = vm.call_method(&m, "_destroy_pending_at_exit", &[]);
            vm.finalize_dropped();
        }
        vm.flush();
        code
    };
    let (outcome, end, sink) = match opts.clock {
        ClockKind::Virtual => {
            let _default = dispatch.as_ref().map(tracing::dispatcher::set_default);
            let (kind, interval, seed) = (opts.gil.clone(), opts.switch_interval_ns, opts.seed);
            let make_gil = Box::new(move || crate::gil::make(&kind, interval, seed));
            let mut sim = Sim::new(
                interp.clone(),
                cost,
                make_gil,
                OsModel::default(),
                opts.cores,
                opts.max_time_ns,
                sink,
            );
            let outcome = sim.run(main);
            interp.out.stdout.borrow_mut().flush().ok();
            let sink = std::mem::replace(&mut sim.sink, Sink::events_only());
            (outcome, sim.now(), sink)
        }
        ClockKind::Real => {
            let setup = real::Setup {
                gil: crate::gil::GilKind::parse(&opts.gil).expect("checked above"),
                switch_interval_ns: opts.switch_interval_ns,
                seed: opts.seed,
                max_time_ns: opts.max_time_ns,
                dispatch: dispatch.clone(),
                sink,
                pace: opts.pace,
            };
            // SAFETY: `interp`, `cost` and `main` (which owns `code`) are all this function
            // holds of the heap, and all are moved in.
            let run = unsafe { real::run(interp, cost, Box::new(main), setup) };
            let mut out = shared_stdout;
            out.flush().ok();
            (run.outcome, run.end_ns, run.sink)
        }
    };
    let (summary, events) = sink.finish(end);
    let (mut exit_code, stopped) = stop_message(&outcome, opts.clock);
    if let Some(g) = trace_guard {
        if let Err(e) = g.finish_at(end, stopped) {
            eprintln!("gilsim: writing the trace failed: {e}");
        }
    }
    drop(dispatch);
    if !write_pictures(opts, &header, &events, end, stopped) && exit_code == exit::OK {
        exit_code = exit::USAGE;
    }
    if let Some(summary) = summary {
        print_report(opts, &summary);
    }
    RunResult {
        exit_code,
        sim_ns: end,
    }
}

/// The exit code of a run's outcome, and the footer's `stopped` reason; says why on stderr.
fn stop_message(outcome: &Result<i32, Stop>, clock: ClockKind) -> (i32, Option<&'static str>) {
    match outcome {
        Ok(code) => (*code, None),
        Err(Stop::Deadlock(msg)) => {
            eprint!("gilsim: {msg}");
            (exit::LIMIT, Some("deadlock"))
        }
        Err(Stop::MaxTime(t)) => {
            let which = match clock {
                ClockKind::Virtual => "simulated",
                ClockKind::Real => "wall",
            };
            eprintln!(
                "gilsim: stopped at the {which} time limit ({:.3} s)",
                *t as f64 / 1e9
            );
            (exit::LIMIT, Some("max_time"))
        }
        Err(Stop::Interrupted) => {
            eprintln!("gilsim: interrupted (Ctrl-C)");
            (exit::INTERRUPTED, Some("interrupted"))
        }
    }
}

/// `--chrome` and `--html`: the run's pictures, as `gilsim export` would draw its trace.
/// False if one could not be written (said on stderr).
fn write_pictures(
    opts: &RunOptions,
    header: &Header,
    events: &[Event],
    end: u64,
    stopped: Option<&str>,
) -> bool {
    let mut ok = true;
    let pictures = [
        (&opts.chrome, crate::export::Format::Chrome),
        (&opts.html, crate::export::Format::Html),
    ];
    for (path, format) in pictures {
        if let Some(path) = path {
            let end = crate::export::RunEnd {
                end_t: end,
                stopped: stopped.map(str::to_string),
                incomplete: None,
            };
            let written = crate::export::write_atomically(path, |w| {
                crate::export::export_events(format, header, events, &end, w).map(Ok::<_, ()>)
            });
            if let Err(e) = written {
                eprintln!("gilsim: cannot write '{}': {}", path.display(), e);
                ok = false;
            }
        }
    }
    ok
}

/// The report on stderr, from the run's summary.
fn print_report(opts: &RunOptions, summary: &crate::report::Summary) {
    let text = match opts.report {
        Report::Json => format!("{}\n", crate::report::render_json(summary)),
        _ => {
            let width = terminal_width();
            format!(
                "{}{}",
                crate::report::render_timeline(summary, width, opts.color, None),
                crate::report::render_text(summary)
            )
        }
    };
    eprint!("{text}");
}

/// The terminal's width (`COLUMNS`, else 80).
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w| w >= 40)
        .unwrap_or(80)
}

/// The exit code of an uncaught exception (`SystemExit` included), printing as CPython does.
pub fn exit_code_for(vm: &mut Vm, e: &vm::PyErr) -> i32 {
    if e.matches(&vm.t().exc.system_exit.clone()) {
        let args = e.data().args.clone();
        let code = match &args {
            Value::Tuple(t) if !t.is_empty() => t[0].clone(),
            _ => Value::None,
        };
        return match code {
            Value::None => exit::OK,
            Value::Int(i) => (i & 0xff) as i32,
            Value::Bool(b) => b as i32,
            other => {
                vm.flush();
                let s = vm
                    .to_str(&other)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default();
                vm.write_stderr(&format!("{s}\n"));
                exit::RAISED
            }
        };
    }
    vm.flush();
    let tb = vm.format_traceback(e);
    vm.write_stderr(&tb);
    exit::RAISED
}

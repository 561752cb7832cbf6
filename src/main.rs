//! The `gilsim` command line: parse arguments, call the library, map outcomes to exit codes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gilsim::run::{self, exit, Report, RunOptions};

/// mimalloc: the VM allocates and frees small objects (strings, frames' values, dict entries)
/// at a high rate; glibc's malloc spent a quarter of a string-building benchmark's instructions.
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

/// mimalloc as the global allocator, asking for an alignment only when `malloc`'s own would not
/// do (as std's `System` allocator does). The `mimalloc` crate's wrapper always calls
/// `mi_malloc_aligned`, whose extra checks cost about 25 instructions an allocation: 14% of
/// `import asyncio`'s, 4.5% of a thread-switching scenario's.
struct MiMalloc;

/// The alignment `mi_malloc` guarantees, as any C `malloc` does (`alignof(max_align_t)`), for
/// blocks at least that big; smaller ones are aligned to their size rounded up to a word.
const MALLOC_ALIGN: usize = 16;

fn malloc_aligns(layout: std::alloc::Layout) -> bool {
    layout.align() <= MALLOC_ALIGN && layout.align() <= layout.size()
}

// SAFETY: each function hands `mimalloc` what its own `GlobalAlloc` wrapper would, except that
// a layout `malloc_aligns` goes to the plain functions, whose blocks are aligned to
// `MALLOC_ALIGN` or, when smaller than that, to 8 (a multiple of `align`, which is at most the
// size and a power of two). Blocks of either kind are freed with `mi_free` and resized by
// either `mi_realloc` (which keeps malloc's alignment) or `mi_realloc_aligned`.
unsafe impl std::alloc::GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        if malloc_aligns(layout) {
            mi_malloc(layout.size()) as *mut u8
        } else {
            mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        if malloc_aligns(layout) {
            mi_zalloc(layout.size()) as *mut u8
        } else {
            mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        libmimalloc_sys::mi_free(ptr as *mut std::ffi::c_void);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        let ptr = ptr as *mut std::ffi::c_void;
        if layout.align() <= MALLOC_ALIGN && layout.align() <= new_size {
            mi_realloc(ptr, new_size) as *mut u8
        } else {
            mi_realloc_aligned(ptr, new_size, layout.align()) as *mut u8
        }
    }
}

#[derive(Parser)]
#[command(
    name = "gilsim",
    version,
    about = "A GIL-modelling Python interpreter simulator"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Clock {
    Virtual,
    Real,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Gil {
    New,
    Legacy,
    None,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum ReportKind {
    Text,
    Json,
    None,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum ExportFormat {
    /// Chrome trace-event JSON, for ui.perfetto.dev and chrome://tracing.
    Chrome,
    /// One self-contained HTML page: the timeline as SVG and the summary tables.
    Html,
}

impl From<ExportFormat> for gilsim::export::Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Chrome => gilsim::export::Format::Chrome,
            ExportFormat::Html => gilsim::export::Format::Html,
        }
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Run a scenario (a Python file) on the simulated interpreter.
    Run {
        /// The scenario to run.
        file: PathBuf,
        /// Arguments passed to the program as sys.argv[1:].
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
        /// Which clock drives the run.
        #[arg(long, value_enum, default_value = "virtual")]
        clock: Clock,
        /// Which GIL design to model.
        #[arg(long, value_enum, default_value = "new")]
        gil: Gil,
        /// The GIL switch interval (e.g. 5ms, 0.5ms, 100us).
        #[arg(long, default_value = "5ms", value_parser = parse_duration)]
        switch_interval: u64,
        /// Simulated CPU cores (os.cpu_count() returns this).
        #[arg(long, default_value_t = 4)]
        cores: usize,
        /// Seed of the run's one random number generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the trace (gilsim-trace/1, JSON lines) here.
        #[arg(long)]
        trace: Option<PathBuf>,
        /// The report printed on stderr after the run.
        #[arg(long, value_enum, default_value = "text")]
        report: ReportKind,
        /// Stop after this much time (e.g. 10s): simulated on the virtual clock, wall time on
        /// the real one.
        #[arg(long, value_parser = parse_duration)]
        max_time: Option<u64>,
        /// Colour the report.
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
        /// Write the run as Chrome trace-event JSON (for ui.perfetto.dev) here.
        #[arg(long)]
        chrome: Option<PathBuf>,
        /// Write the run as a self-contained HTML page here.
        #[arg(long)]
        html: Option<PathBuf>,
        /// List asyncio task steps and callbacks holding the event loop at least this long
        /// (asyncio's slow_callback_duration).
        #[arg(long, default_value = "100ms", value_parser = parse_duration)]
        slow_callback: u64,
        /// On the real clock, run Python code at gilsim's own speed instead of pacing it to
        /// the cost model's (CPython's).
        #[arg(long)]
        no_pace: bool,
    },
    /// Print the bytecode of a scenario, in the spirit of `python -m dis`.
    Dis {
        /// The scenario to disassemble.
        file: PathBuf,
    },
    /// Analyse a trace log: the run's numbers, distributions, release reasons, invariants.
    Analyze {
        /// The trace (JSON lines).
        trace: PathBuf,
        /// Print the analysis as JSON.
        #[arg(long)]
        json: bool,
        /// Draw the terminal timeline too.
        #[arg(long)]
        timeline: bool,
        /// Only events from this time on (e.g. 100ms).
        #[arg(long, value_parser = parse_duration)]
        from: Option<u64>,
        /// Only events before this time (e.g. 200ms).
        #[arg(long, value_parser = parse_duration)]
        to: Option<u64>,
        /// Colour the timeline.
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
        /// List asyncio task steps and callbacks holding the event loop at least this long.
        #[arg(long, default_value = "100ms", value_parser = parse_duration)]
        slow_callback: u64,
    },
    /// Export a trace as a picture: Chrome trace JSON (Perfetto) or an HTML page.
    Export {
        /// The trace (JSON lines).
        trace: PathBuf,
        /// What to write.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file (standard output if absent).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

/// Parse `5ms`, `0.5ms`, `100us`, `2s`, `10ns` into nanoseconds.
fn parse_duration(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1e6)
    } else if let Some(n) = s.strip_suffix("us") {
        (n, 1e3)
    } else if let Some(n) = s.strip_suffix("ns") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1e9)
    } else {
        return Err(format!("'{s}' needs a unit: s, ms, us or ns (e.g. 5ms)"));
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a duration (e.g. 5ms, 0.5ms, 100us, 2s)"))?;
    if !(v.is_finite() && v > 0.0) {
        return Err(format!("'{s}' must be a positive duration"));
    }
    Ok((v * mult).round() as u64)
}

/// `--color`: `auto` colours a terminal unless `NO_COLOR` is set.
fn use_color(c: Color) -> bool {
    match c {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none()
                && std::io::IsTerminal::is_terminal(&std::io::stderr())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Run {
            file,
            args,
            slow_callback,
            clock,
            gil,
            switch_interval,
            cores,
            seed,
            trace,
            report,
            max_time,
            color,
            chrome,
            html,
            no_pace,
        } => {
            if cores == 0 {
                eprintln!("gilsim: --cores must be at least 1");
                return ExitCode::from(exit::USAGE as u8);
            }
            let color = use_color(color);
            gilsim::clock::interrupt::install();
            let opts = RunOptions {
                clock: match clock {
                    Clock::Virtual => gilsim::clock::ClockKind::Virtual,
                    Clock::Real => gilsim::clock::ClockKind::Real,
                },
                gil: match gil {
                    Gil::New => "new".into(),
                    Gil::Legacy => "legacy".into(),
                    Gil::None => "none".into(),
                },
                trace,
                max_time_ns: max_time,
                color,
                file,
                args,
                switch_interval_ns: switch_interval,
                cores,
                seed,
                slow_callback_ns: slow_callback,
                pace: !no_pace,
                report: match report {
                    ReportKind::Text => Report::Text,
                    ReportKind::Json => Report::Json,
                    ReportKind::None => Report::None,
                },
                chrome,
                html,
            };
            // deep Python recursion needs a deep Rust stack: run on a thread with room
            let h = std::thread::Builder::new()
                .stack_size(1 << 30)
                .spawn(move || {
                    let code = run::run_file(&opts).exit_code;
                    // `run_file` has flushed all the run writes (stdout, the trace, the
                    // pictures); what is left to do is to give memory back: mimalloc's purge
                    // at exit and the unmapping of this thread's stack, 0.15-0.2 ms of a 2-4 ms
                    // run, all of which the kernel does anyway as the process goes
                    use std::io::Write;
                    let _ = std::io::stdout().flush();
                    let _ = std::io::stderr().flush();
                    // SAFETY: `_exit` only ends the process; nothing of it is used after
                    unsafe { libc::_exit(code) }
                })
                .expect("spawn interpreter thread");
            // the thread ends the process itself; here only if it panicked
            let code = h.join().unwrap_or(101);
            ExitCode::from(code as u8)
        }
        Cmd::Dis { file } => match run::compile_file(&file) {
            Ok((code, _)) => write_stdout(&gilsim::lang::dis::disassemble(&code)),
            Err((rc, msg)) => {
                eprint!("{msg}");
                ExitCode::from(rc as u8)
            }
        },
        Cmd::Analyze {
            trace,
            json,
            timeline,
            from,
            to,
            color,
            slow_callback,
        } => {
            let opts = gilsim::report::analyze::AnalyzeOptions {
                json,
                timeline,
                from,
                to,
                width: run::terminal_width(),
                color: use_color(color),
                slow_callback_ns: Some(slow_callback),
            };
            match gilsim::report::analyze::analyze(&trace, &opts) {
                Ok(out) => write_stdout(&out),
                Err(e) => {
                    eprintln!("gilsim: {}", e.message);
                    ExitCode::from(e.code as u8)
                }
            }
        }
        Cmd::Export {
            trace,
            format,
            output,
        } => match gilsim::export::export_trace(&trace, format.into(), output.as_deref()) {
            Ok(warning) => {
                if let Some(w) = warning {
                    eprintln!("{w}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gilsim: {}", e.message);
                ExitCode::from(e.code as u8)
            }
        },
    }
}

/// Write a command's output to stdout. A reader that goes away early (`gilsim dis f.py | head`)
/// ends the command quietly, as it does any Unix filter, instead of a panic in `print!`.
fn write_stdout(out: &str) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gilsim: cannot write to stdout: {e}");
            ExitCode::FAILURE
        }
    }
}

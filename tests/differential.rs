//! Differential test: every `tests/py/**/*.py` program (except `helper_*.py`
//! modules) is run under CPython (`python3`) and under gilsim
//! (`gilsim run --report none FILE`); stdout bytes and exit codes must match.
//! stderr is compared only for the programs under `tracebacks/` (elsewhere it
//! names the standard library's files, which gilsim's are not), but gilsim's
//! stderr is shown in the report to help debugging. `differential_real_clock` runs the same suite
//! again with `--clock real` (every Python thread on an OS thread).
//!
//! Environment variables:
//! * `GILSIM_DIFF_FILTER=substring` - only run programs whose path (relative to
//!   `tests/py`, with `/` separators, e.g. `strings/fstrings.py`) contains it.
//! * `GILSIM_DIFF_JOBS=N` - number of worker threads (default: 2..=4, by CPU count).
//! * `GILSIM_PYTHON=path` - the reference interpreter (default `python3`).
//!
//! The comparison and reporting logic lives in plain functions so that
//! `fails_when_outputs_differ` can check the checker itself.

use std::collections::VecDeque;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

/// Per-program wall-clock limit, for each interpreter separately.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Output beyond this many bytes per stream is drained and discarded.
const OUTPUT_CAP: usize = 64 * 1024 * 1024;
/// Lines of gilsim's stderr included in a mismatch report.
const STDERR_LINES: usize = 20;
/// Context lines shown around the differing chunk of stdout.
const DIFF_CONTEXT: usize = 3;
/// At most this many removed / added lines are shown per side.
const DIFF_MAX_LINES: usize = 12;

/// How a program run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// Normal exit with a status code.
    Code(i32),
    /// Terminated without a code (e.g. by a signal).
    Abnormal(String),
    /// Killed after exceeding the time limit.
    TimedOut(Duration),
    /// Could not be started at all.
    SpawnFailed(String),
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(c) => write!(f, "exit code {c}"),
            Exit::Abnormal(s) => write!(f, "abnormal termination ({s})"),
            Exit::TimedOut(d) => write!(f, "timed out after {}s (killed)", d.as_secs()),
            Exit::SpawnFailed(e) => write!(f, "failed to start: {e}"),
        }
    }
}

/// Everything captured from one run of one interpreter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutput {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub exit: Exit,
}

/// All `*.py` files under `root`, recursively, skipping `helper_*.py` and
/// `__pycache__`; sorted for a stable order.
fn find_programs(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "__pycache__" && !name.starts_with('.') {
                    walk(&path, out);
                }
            } else if name.ends_with(".py") && !name.starts_with("helper_") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.sort();
    out
}

/// `path` relative to `root`, with `/` separators (used for names and filtering).
fn display_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Read a pipe to the end, keeping at most `OUTPUT_CAP` bytes.
fn drain<R: Read>(mut r: R) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                let room = OUTPUT_CAP.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    kept
}

fn exit_from_status(status: ExitStatus) -> Exit {
    match status.code() {
        Some(c) => Exit::Code(c),
        None => Exit::Abnormal(format!("{status}")),
    }
}

/// Wait for `child` up to `timeout`, killing it if it runs longer.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Exit {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return exit_from_status(status),
            Ok(None) => {}
            Err(e) => return Exit::Abnormal(format!("wait failed: {e}")),
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Exit::TimedOut(timeout);
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Run `program` (with `args`) in `cwd`, capturing stdout/stderr, with a timeout.
fn run_with_timeout(program: &Path, args: &[&str], cwd: &Path, timeout: Duration) -> RunOutput {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Keep the source tree clean and CPython's output stable.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONUTF8", "1")
        .env_remove("PYTHONSTARTUP")
        .env_remove("PYTHONPATH");
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return RunOutput {
                stdout: Vec::new(),
                stderr: Vec::new(),
                exit: Exit::SpawnFailed(format!("{}: {e}", program.display())),
            }
        }
    };
    let out_pipe = child.stdout.take().expect("stdout piped");
    let err_pipe = child.stderr.take().expect("stderr piped");
    let out_reader = thread::spawn(move || drain(out_pipe));
    let err_reader = thread::spawn(move || drain(err_pipe));
    let exit = wait_with_timeout(&mut child, timeout);
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    RunOutput {
        stdout,
        stderr,
        exit,
    }
}

/// Split into lines, each keeping its trailing `\n` (if any), so that a
/// missing final newline counts as a difference.
fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    if bytes.is_empty() {
        return Vec::new();
    }
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

fn render_line(prefix: char, line: &[u8]) -> String {
    let (body, newline) = match line.strip_suffix(b"\n") {
        Some(b) => (b, true),
        None => (line, false),
    };
    let mut text = String::from_utf8_lossy(body).into_owned();
    if text.ends_with('\r') {
        text.pop();
        text.push_str("\\r");
    }
    let mut s = format!("{prefix}{text}");
    if !newline {
        s.push_str("  \\ (no newline at end)");
    }
    s.push('\n');
    s
}

/// Lines examined (per side, from the first difference) when aligning the
/// first hunk; bounds the LCS table to DIFF_WINDOW^2 cells.
const DIFF_WINDOW: usize = 300;

/// A short unified-style diff of the *first* differing hunk of `expected` vs
/// `actual`: a few context lines, the removed (`-`, python3) and added (`+`,
/// gilsim) lines, aligned with an LCS over a bounded window, and a note if
/// later differences exist. Returns an empty string if they are equal.
fn diff_excerpt(expected: &[u8], actual: &[u8]) -> String {
    if expected == actual {
        return String::new();
    }
    let e = split_lines(expected);
    let a = split_lines(actual);
    let prefix = e.iter().zip(a.iter()).take_while(|(x, y)| x == y).count();
    let ew = &e[prefix..e.len().min(prefix + DIFF_WINDOW)];
    let aw = &a[prefix..a.len().min(prefix + DIFF_WINDOW)];
    let (n, m) = (ew.len(), aw.len());
    // lcs[i * (m + 1) + j] = length of the LCS of ew[i..] and aw[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * (m + 1) + j] = if ew[i] == aw[j] {
                lcs[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
            };
        }
    }

    let mut out = String::new();
    out.push_str("--- python3 (expected)\n+++ gilsim (actual)\n");
    let _ = writeln!(
        out,
        "@@ first difference at line {} (expected {} lines, got {}) @@",
        prefix + 1,
        e.len(),
        a.len()
    );
    for line in &e[prefix.saturating_sub(DIFF_CONTEXT)..prefix] {
        out.push_str(&render_line(' ', line));
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added, mut equal_run) = (0usize, 0usize, 0usize);
    while i < n || j < m {
        if i < n && j < m && ew[i] == aw[j] {
            out.push_str(&render_line(' ', ew[i]));
            i += 1;
            j += 1;
            equal_run += 1;
            if equal_run >= DIFF_CONTEXT {
                break; // end of the first hunk
            }
            continue;
        }
        equal_run = 0;
        if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
            if removed < DIFF_MAX_LINES {
                out.push_str(&render_line('-', ew[i]));
            }
            removed += 1;
            i += 1;
        } else {
            if added < DIFF_MAX_LINES {
                out.push_str(&render_line('+', aw[j]));
            }
            added += 1;
            j += 1;
        }
    }
    if removed > DIFF_MAX_LINES {
        let _ = writeln!(
            out,
            "-... ({} more removed lines not shown)",
            removed - DIFF_MAX_LINES
        );
    }
    if added > DIFF_MAX_LINES {
        let _ = writeln!(
            out,
            "+... ({} more added lines not shown)",
            added - DIFF_MAX_LINES
        );
    }
    if e[prefix + i..] != a[prefix + j..] {
        out.push_str("(later differences not shown)\n");
    }
    out
}

/// First `n` lines of `bytes`, indented, noting how many were left out.
fn head_lines(bytes: &[u8], n: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for line in lines.iter().take(n) {
        let _ = writeln!(out, "    {line}");
    }
    if lines.len() > n {
        let _ = writeln!(out, "    ... ({} more lines)", lines.len() - n);
    }
    if lines.is_empty() {
        out.push_str("    (empty)\n");
    }
    out
}

/// Programs (by path under `tests/py`) whose stderr must match python3's too.
const STDERR_COMPARED: &str = "tracebacks/";

/// Compare the reference run with gilsim's run. `None` means they agree;
/// otherwise a readable report of the mismatch.
fn compare(program: &str, expected: &RunOutput, actual: &RunOutput) -> Option<String> {
    let reference_ok = matches!(expected.exit, Exit::Code(_));
    let exit_same = expected.exit == actual.exit;
    let stdout_same = expected.stdout == actual.stdout;
    let stderr_same = !program.starts_with(STDERR_COMPARED) || expected.stderr == actual.stderr;
    if reference_ok && exit_same && stdout_same && stderr_same {
        return None;
    }
    let mut r = String::new();
    let _ = writeln!(r, "=== MISMATCH: {program}");
    if !reference_ok {
        let _ = writeln!(r, "  python3 itself did not run cleanly: {}", expected.exit);
        let _ = write!(
            r,
            "  python3 stderr:\n{}",
            head_lines(&expected.stderr, STDERR_LINES)
        );
    }
    let _ = writeln!(
        r,
        "  exit: python3 {} | gilsim {}{}",
        expected.exit,
        actual.exit,
        if exit_same { "" } else { "   <-- differs" }
    );
    if stdout_same {
        let _ = writeln!(r, "  stdout: identical ({} bytes)", expected.stdout.len());
    } else {
        let _ = writeln!(
            r,
            "  stdout differs (python3 {} bytes, gilsim {} bytes):",
            expected.stdout.len(),
            actual.stdout.len()
        );
        for line in diff_excerpt(&expected.stdout, &actual.stdout).lines() {
            let _ = writeln!(r, "    {line}");
        }
    }
    if !stderr_same {
        let _ = writeln!(r, "  stderr differs:");
        for line in diff_excerpt(&expected.stderr, &actual.stderr).lines() {
            let _ = writeln!(r, "    {line}");
        }
    }
    let _ = write!(
        r,
        "  gilsim stderr (first {STDERR_LINES} lines):\n{}",
        head_lines(&actual.stderr, STDERR_LINES)
    );
    Some(r)
}

fn python_exe() -> PathBuf {
    PathBuf::from(std::env::var("GILSIM_PYTHON").unwrap_or_else(|_| "python3".to_string()))
}

fn job_count() -> usize {
    if let Some(n) = std::env::var("GILSIM_DIFF_JOBS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
    {
        return n.max(1);
    }
    thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 4)
}

/// Held shared while a program is checked, and alone while a mismatch is checked again.
static QUIET: RwLock<()> = RwLock::new(());

/// Run one program under both interpreters and compare; `extra` goes to `gilsim run`.
///
/// A mismatch is checked a second time with nothing else of the suites running: a program
/// whose python3 output depends on timers or thread scheduling (its 10 ms timers firing late)
/// can come out in another order on a loaded machine, which is not what the suite tests. A
/// real difference shows both times, and only the second report is kept.
fn check_program(
    root: &Path,
    path: &Path,
    python: &Path,
    gilsim: &Path,
    extra: &[&str],
) -> Option<String> {
    let first = {
        let _shared = QUIET.read().unwrap_or_else(|e| e.into_inner());
        check_once(root, path, python, gilsim, extra)
    };
    first.as_ref()?;
    let _alone = QUIET.write().unwrap_or_else(|e| e.into_inner());
    check_once(root, path, python, gilsim, extra)
}

fn check_once(
    root: &Path,
    path: &Path,
    python: &Path,
    gilsim: &Path,
    extra: &[&str],
) -> Option<String> {
    let name = display_name(root, path);
    let dir = path.parent().expect("program has a parent directory");
    let file = path
        .file_name()
        .expect("program has a file name")
        .to_string_lossy()
        .into_owned();
    let expected = run_with_timeout(python, &[file.as_str()], dir, TIMEOUT);
    let mut args = vec!["run", "--report", "none"];
    args.extend_from_slice(extra);
    args.push(file.as_str());
    let actual = run_with_timeout(gilsim, &args, dir, TIMEOUT);
    compare(&name, &expected, &actual)
}

#[test]
fn differential() {
    run_suite("differential", &[], &[]);
}

/// Programs whose output under real time is not fixed, left out of the real-clock run (by path
/// under `tests/py`); every one of them still runs on the virtual clock. The thread programs
/// synchronise everything they print (their timeouts only ever expire on objects nobody will
/// release). `asyncio/queues.py` has two consumers whose 1 ms sleeps end microseconds apart:
/// on a loaded machine the loop can wake between the two deadlines and swap them (seen once in
/// CI-like runs; python3 could do the same).
const NOT_DETERMINISTIC_ON_REAL_THREADS: &[&str] = &["asyncio/queues.py"];

/// The same suite with every Python thread on an OS thread (`--clock real`), processes
/// included (each an interpreter with its own GIL and OS threads).
#[test]
fn differential_real_clock() {
    run_suite(
        "differential (real clock)",
        &["--clock", "real"],
        NOT_DETERMINISTIC_ON_REAL_THREADS,
    );
}

/// Runs every program under `tests/py` (less `excluded`) under python3 and under
/// `gilsim run EXTRA...`, and fails with the mismatches.
fn run_suite(label: &str, extra: &[&'static str], excluded: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("py");
    let gilsim = PathBuf::from(env!("CARGO_BIN_EXE_gilsim"));
    let python = python_exe();

    match Command::new(&python).arg("--version").output() {
        Ok(o) => {
            let v = String::from_utf8_lossy(if o.stdout.is_empty() {
                &o.stderr
            } else {
                &o.stdout
            })
            .trim()
            .to_string();
            if !v.starts_with("Python 3.11") {
                eprintln!(
                    "warning: reference interpreter reports {v:?}; the corpus targets Python 3.11"
                );
            }
        }
        Err(e) => panic!("cannot run reference interpreter {}: {e}", python.display()),
    }

    let filter = std::env::var("GILSIM_DIFF_FILTER")
        .ok()
        .filter(|s| !s.is_empty());
    let all = find_programs(&root);
    assert!(
        !all.is_empty(),
        "no programs found under {}",
        root.display()
    );
    let programs: Vec<PathBuf> = all
        .into_iter()
        .filter(|p| {
            let name = display_name(&root, p);
            !excluded.contains(&name.as_str()) && filter.as_deref().is_none_or(|f| name.contains(f))
        })
        .collect();
    if programs.is_empty() {
        println!("{label}: 0 programs, 0 passed (GILSIM_DIFF_FILTER={filter:?} matched nothing)");
        return;
    }

    let total = programs.len();
    type Queue = Mutex<VecDeque<(usize, PathBuf)>>;
    type Results = Mutex<Vec<(usize, Option<String>)>>;
    let queue: Arc<Queue> = Arc::new(Mutex::new(programs.into_iter().enumerate().collect()));
    let results: Arc<Results> = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..job_count().min(total))
        .map(|_| {
            let queue = Arc::clone(&queue);
            let results = Arc::clone(&results);
            let (root, python, gilsim) = (root.clone(), python.clone(), gilsim.clone());
            let extra = extra.to_vec();
            thread::spawn(move || loop {
                let next = queue.lock().unwrap().pop_front();
                let Some((idx, path)) = next else { break };
                let outcome = check_program(&root, &path, &python, &gilsim, &extra);
                results.lock().unwrap().push((idx, outcome));
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker thread panicked");
    }

    let mut results = std::mem::take(&mut *results.lock().unwrap());
    results.sort_by_key(|(idx, _)| *idx);
    assert_eq!(
        results.len(),
        total,
        "every program should produce a result"
    );
    let failures: Vec<String> = results.into_iter().filter_map(|(_, r)| r).collect();
    let passed = total - failures.len();
    for f in &failures {
        println!("{f}");
    }
    println!("{label}: {total} programs, {passed} passed");
    if !failures.is_empty() {
        panic!(
            "{} of {total} programs mismatched (reports above); \
             {label}: {total} programs, {passed} passed",
            failures.len()
        );
    }
}

#[test]
fn fails_when_outputs_differ() {
    let out = |stdout: &str, code: i32| RunOutput {
        stdout: stdout.as_bytes().to_vec(),
        stderr: b"Traceback (most recent call last):\nValueError: boom\n".to_vec(),
        exit: Exit::Code(code),
    };

    // Identical stdout and exit code: no mismatch, even if stderr differs.
    let mut same = out("a\nb\n", 0);
    same.stderr = b"something else entirely".to_vec();
    assert_eq!(compare("same.py", &out("a\nb\n", 0), &same), None);

    // Different stdout: reported, with a diff pointing at the first differing line.
    let expected = out("line 1\nline 2\n0.30000000000000004\nline 4\nline 5\n", 0);
    let actual = out("line 1\nline 2\n0.3\nline 4\nline 5\n", 0);
    let report =
        compare("floats.py", &expected, &actual).expect("differing stdout must be reported");
    assert!(report.contains("MISMATCH: floats.py"), "{report}");
    assert!(report.contains("-0.30000000000000004"), "{report}");
    assert!(report.contains("+0.3"), "{report}");
    assert!(report.contains("first difference at line 3"), "{report}");
    assert!(
        report.contains(" line 2"),
        "context line expected:\n{report}"
    );
    assert!(
        report.contains("ValueError: boom"),
        "gilsim stderr expected:\n{report}"
    );

    // Under tracebacks/, stderr is compared too.
    let mut other = out("a\n", 1);
    other.stderr = b"something else entirely\n".to_vec();
    let report = compare("tracebacks/t.py", &out("a\n", 1), &other)
        .expect("differing stderr of a traceback program must be reported");
    assert!(report.contains("stderr differs"), "{report}");
    assert!(report.contains("+something else entirely"), "{report}");
    assert_eq!(compare("plain/t.py", &out("a\n", 1), &other), None);
    assert_eq!(
        compare("tracebacks/t.py", &out("a\n", 1), &out("a\n", 1)),
        None
    );

    // Same stdout, different exit code: reported.
    let report = compare("exit.py", &out("x\n", 1), &out("x\n", 0))
        .expect("exit code difference must be reported");
    assert!(
        report.contains("exit code 1") && report.contains("exit code 0"),
        "{report}"
    );
    assert!(report.contains("stdout: identical"), "{report}");

    // Only a trailing newline differs: reported.
    let report = compare("nl.py", &out("end\n", 0), &out("end", 0))
        .expect("missing newline must be reported");
    assert!(report.contains("no newline at end"), "{report}");

    // Extra output from gilsim: reported.
    assert!(compare("extra.py", &out("", 0), &out("extra\n", 0)).is_some());

    // A gilsim timeout is a mismatch even if stdout so far agrees.
    let timed_out = RunOutput {
        exit: Exit::TimedOut(TIMEOUT),
        ..out("a\n", 0)
    };
    let report = compare("slow.py", &out("a\n", 0), &timed_out).expect("timeout must be reported");
    assert!(report.contains("timed out"), "{report}");

    // A broken reference run is never silently accepted.
    let broken = RunOutput {
        exit: Exit::SpawnFailed("not found".into()),
        ..out("", 0)
    };
    assert!(compare("nopython.py", &broken, &broken.clone()).is_some());

    // The diff itself: only the differing chunk is marked, long chunks are capped.
    let long_e: String = (0..40).map(|i| format!("e{i}\n")).collect();
    let long_a: String = (0..40).map(|i| format!("a{i}\n")).collect();
    let d = diff_excerpt(long_e.as_bytes(), long_a.as_bytes());
    assert!(
        d.contains("-e0") && d.contains("+a0") && d.contains("more removed lines"),
        "{d}"
    );
    assert!(!d.contains("-e39"), "{d}");
    // Two separate single-line changes: the first hunk is shown, the second only noted.
    let many_e: String = (0..30).map(|i| format!("l{i}\n")).collect();
    let many_a = many_e.replace("l5\n", "L5\n").replace("l20\n", "L20\n");
    let d = diff_excerpt(many_e.as_bytes(), many_a.as_bytes());
    assert!(d.contains("-l5\n+L5\n l6\n l7\n l8\n"), "{d}");
    assert!(!d.contains("L20") && d.contains("later differences"), "{d}");
    // An inserted line is shown as a pure addition.
    let d = diff_excerpt(b"a\nb\nc\nd\ne\n", b"a\nb\nX\nc\nd\ne\n");
    assert!(d.contains("+X\n c\n") && !d.contains("-c"), "{d}");
    assert_eq!(diff_excerpt(b"same\n", b"same\n"), "");
}

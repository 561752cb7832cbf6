//! What the scenario-level integration tests share: running a bundled scenario with its trace
//! kept, and reading the trace back.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub trace: String,
}

pub fn run(scenario: &str, extra: &[&str]) -> Run {
    run_reporting(scenario, "none", extra)
}

/// [`run`] with `--report REPORT` (the report is on stderr).
pub fn run_reporting(scenario: &str, report: &str, extra: &[&str]) -> Run {
    run_with_env(scenario, report, extra, &[])
}

/// [`run_reporting`] with environment variables set for gilsim.
pub fn run_with_env(scenario: &str, report: &str, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let dir = std::env::temp_dir().join(format!("gilsim-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // one file per call: tests run in parallel, some with the same scenario and flags
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let trace = dir.join(format!(
        "{}-{}-{n}.jsonl",
        scenario.replace(['/', '\\'], "_"),
        extra.join("_").replace(['/', '.'], "_")
    ));
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .current_dir(root().join("scenarios"))
        .envs(env.iter().copied())
        .args(["run", "--report", report, "--trace"])
        .arg(&trace)
        .args(extra)
        .arg(scenario)
        .output()
        .unwrap();
    Run::of(out, std::fs::read_to_string(&trace).unwrap_or_default())
}

/// Run `scenarios/NAME ARGS...` (arguments for the program, after the file), without a trace.
pub fn run_args_after(scenario: &str, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .current_dir(root().join("scenarios"))
        .args(["run", "--report", "none", scenario])
        .args(args)
        .output()
        .unwrap();
    Run::of(out, String::new())
}

impl Run {
    fn of(out: std::process::Output, trace: String) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            trace,
        }
    }
}

pub fn events(trace: &str) -> Vec<Value> {
    let lines: Vec<Value> = trace
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.first().unwrap()["type"], "header");
    assert_eq!(lines.first().unwrap()["schema"], "gilsim-trace/1");
    assert_eq!(
        lines.last().unwrap()["type"],
        "footer",
        "trace has its footer"
    );
    let n = lines.len() - 2;
    assert_eq!(
        lines.last().unwrap()["events"].as_u64().unwrap() as usize,
        n,
        "footer counts events"
    );
    lines[1..lines.len() - 1].to_vec()
}

pub fn kind(e: &Value) -> &str {
    e["type"].as_str().unwrap()
}

pub fn u(e: &Value, k: &str) -> u64 {
    e[k].as_u64().unwrap_or_else(|| panic!("{k} in {e}"))
}

/// The GIL holdings of proc 0: (thread, from, to), checking one holder at a time.
pub fn holdings(evs: &[Value]) -> Vec<(u64, u64, u64)> {
    let mut out = vec![];
    let mut holder: Option<(u64, u64)> = None;
    let mut last_t = 0;
    for e in evs {
        let t = u(e, "t");
        assert!(t >= last_t, "time never goes back: {e}");
        last_t = t;
        match kind(e) {
            "gil_acquire" => {
                assert!(holder.is_none(), "two holders at once at {e}");
                holder = Some((u(e, "thread"), t));
            }
            "gil_release" => {
                let (th, from) = holder.take().expect("a release without a holder");
                assert_eq!(th, u(e, "thread"), "released by its holder");
                out.push((th, from, t));
            }
            _ => {}
        }
    }
    out
}

/// The number following `label` on the scenario's output line that starts with it.
pub fn number_after(stdout: &str, label: &str) -> f64 {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("no '{label}' line in:\n{stdout}"))
}

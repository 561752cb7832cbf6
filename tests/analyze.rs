//! `gilsim analyze`: agrees with the report of the run that wrote the trace, reports an
//! incomplete trace, and refuses bad input with a clear message and a non-zero exit.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn gilsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gilsim"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gilsim-analyze-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn scenario_trace(name: &str) -> (PathBuf, Value) {
    // a file of its own per call: tests run in parallel threads of one process, and several
    // trace the same scenario (a shared path let one run rewrite a trace another was reading)
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let trace = tmp(&format!("{name}.{n}.jsonl"));
    let out = gilsim()
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
        .args(["run", "--report", "json", "--trace"])
        .arg(&trace)
        .arg(name)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stderr).expect("the run's JSON report");
    (trace, report)
}

#[test]
fn analysis_agrees_with_the_runs_report() {
    for name in ["convoy.py", "two_threads_cpu.py", "producer_consumer.py"] {
        let (trace, report) = scenario_trace(name);
        let out = gilsim()
            .args(["analyze", "--json"])
            .arg(&trace)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let a: Value = serde_json::from_slice(&out.stdout).unwrap();
        for key in [
            "duration_ns",
            "holder_changes",
            "drop_requests",
            "drops_on_request",
            "events",
        ] {
            assert_eq!(a[key], report[key], "{name}: {key}");
        }
        assert_eq!(
            a["threads"], report["threads"],
            "{name}: per-thread numbers"
        );
        assert_eq!(a["complete"], true);
    }
}

#[test]
fn convoy_latency_is_about_one_interval() {
    let (trace, _) = scenario_trace("convoy.py");
    let out = gilsim()
        .args(["analyze", "--json"])
        .arg(&trace)
        .output()
        .unwrap();
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let p50 = a["convoy_ns"]["p50"].as_u64().unwrap();
    assert!((4_500_000..=5_500_000).contains(&p50), "convoy p50 {p50}");
    assert!(a["release_reasons"]["drop_request"].as_u64().unwrap() > 50);
}

#[test]
fn a_trace_without_footer_is_analysed_as_far_as_it_goes() {
    let (trace, _) = scenario_trace("two_threads_cpu.py");
    let text = std::fs::read_to_string(&trace).unwrap();
    let cut: String = text.lines().take(40).map(|l| format!("{l}\n")).collect();
    let p = tmp("cut.jsonl");
    std::fs::write(&p, cut).unwrap();
    let out = gilsim().arg("analyze").arg(&p).output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("incomplete: the trace ends at line 40 without a footer"),
        "{s}"
    );
}

#[test]
fn bad_input_gets_a_clear_error() {
    let header = r#"{"type":"header","schema":"gilsim-trace/1","scenario":"x","clock":"virtual","gil":"new","switch_interval_ns":5000000,"cores":2,"seed":1}"#;
    let cases: Vec<(&str, String, &str)> = vec![
        ("notjson.jsonl", format!("{header}\nnot json\n"), "line 2"),
        ("empty.jsonl", String::new(), "empty file"),
        (
            "schema.jsonl",
            format!("{header}\n{{\"t\":1,\"type\":\"gil_acquire\",\"proc\":0}}\n"),
            "line 2",
        ),
        ("noheader.jsonl", "{\"t\":1}\n".to_string(), "line 1"),
    ];
    for (name, content, expect) in cases {
        let p = tmp(name);
        std::fs::write(&p, content).unwrap();
        let out = gilsim().arg("analyze").arg(&p).output().unwrap();
        assert!(!out.status.success(), "{name} must fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{name}: {err}");
    }
    let out = gilsim()
        .arg("analyze")
        .arg(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a directory"));
    let out = gilsim()
        .arg("analyze")
        .arg(env!("CARGO_BIN_EXE_gilsim"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "a binary file is refused");
}

#[test]
fn the_timeline_can_show_a_window() {
    let (trace, _) = scenario_trace("two_threads_cpu.py");
    let out = gilsim()
        .args([
            "analyze",
            "--timeline",
            "--color",
            "never",
            "--from",
            "10ms",
            "--to",
            "30ms",
        ])
        .arg(&trace)
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("GIL"), "{s}");
    assert!(
        s.contains("MainThread"),
        "names come from before the window:\n{s}"
    );
    let timeline: Vec<&str> = s
        .lines()
        .take_while(|l| !l.starts_with("thread "))
        .collect();
    assert!(
        timeline.iter().all(|l| l.chars().count() <= 80),
        "the timeline fits 80 columns:\n{s}"
    );
}

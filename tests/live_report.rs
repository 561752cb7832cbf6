//! The report a run prints is folded as the run goes (`report::sink`), keeping no events: it
//! must say exactly what folding the run's whole trace afterwards says.

use std::path::PathBuf;
use std::process::Command;

use gilsim::report::{render_json, Summary};
use gilsim::trace::TraceReader;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `gilsim run --report json --trace T FILE` in `scenarios/`: the report's JSON, and the
/// JSON of the summary of the trace read back and folded whole.
fn live_and_folded(file: &str, extra: &[&str]) -> (String, String) {
    let dir = std::env::temp_dir().join(format!("gilsim-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let trace = dir.join(format!("{}.jsonl", file.replace(['/', '.'], "_")));
    let out = Command::new(env!("CARGO_BIN_EXE_gilsim"))
        .current_dir(root().join("scenarios"))
        .args(["run", "--report", "json", "--trace"])
        .arg(&trace)
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{file}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let live = stderr.lines().last().unwrap_or_default().to_string();
    let text = std::fs::read_to_string(&trace).unwrap();
    let (mut reader, header) = TraceReader::new(text.as_bytes()).unwrap();
    let events: Vec<_> = reader.by_ref().map(|e| e.unwrap()).collect();
    let end = reader.footer().unwrap().t;
    let folded = render_json(&Summary::from_events(&header, events, end));
    (live, folded)
}

#[test]
fn the_live_report_is_the_fold_of_the_whole_trace() {
    for (file, extra) in [
        ("convoy.py", vec![]),
        ("four_threads_cpu.py", vec![]),
        ("producer_consumer.py", vec![]),
        ("processes_cpu.py", vec!["--cores", "2"]),
        ("async_gather.py", vec![]),
        ("pool_imap_unordered.py", vec![]),
        ("two_threads_cpu.py", vec!["--clock", "real"]),
        ("process_copy.py", vec!["--clock", "real"]),
    ] {
        let (live, folded) = live_and_folded(file, &extra);
        assert!(live.starts_with('{'), "{file}: {live}");
        assert_eq!(live, folded, "{file} {extra:?}");
    }
}

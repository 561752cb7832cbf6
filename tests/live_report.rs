//! The report a run prints is folded as the run goes (`report::sink`), keeping no events: it
//! must say exactly what folding the run's whole trace afterwards says.

mod common;

use gilsim::report::{render_json, Summary};
use gilsim::trace::TraceReader;

/// `gilsim run --report json --trace T FILE` in `scenarios/`: the report's JSON, and the
/// JSON of the summary of the trace read back and folded whole.
fn live_and_folded(file: &str, extra: &[&str]) -> (String, String) {
    let run = common::run_reporting(file, "json", extra);
    assert_eq!(run.code, 0, "{file}: {}", run.stderr);
    let live = run.stderr.lines().last().unwrap_or_default().to_string();
    let (mut reader, header) = TraceReader::new(run.trace.as_bytes()).unwrap();
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

//! `gilsim export` and `gilsim run --chrome/--html`: golden Chrome JSON and HTML structure for
//! a small deterministic scenario, structural checks of the Chrome JSON against the run's own
//! report, a self-contained page, bad input refused as `analyze` refuses it, and pictures from
//! a run identical to the export of its trace.
//!
//! Golden files live in `tests/golden/`; regenerate them with `GILSIM_BLESS=1 cargo test`.

mod export_common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use export_common::*;
use serde_json::Value;
#[test]
fn chrome_json_matches_golden() {
    let (trace, _) = sample_trace("golden");
    let json = export_ok(&trace, "chrome", "golden");
    check_chrome(&json);
    golden("export_sample.chrome.json", &json);
}

#[test]
fn chrome_json_is_well_formed_and_agrees_with_the_report() {
    let mut traces = vec![sample_trace("structure")];
    for name in [
        "two_threads_cpu.py",
        "convoy.py",
        "io_overlap.py",
        "producer_consumer.py",
    ] {
        traces.push(scenario_trace(name));
    }
    for (trace, report) in traces {
        let c = check_chrome(&export_ok(&trace, "chrome", "structure"));
        let procs: BTreeSet<i64> = trace_procs(&trace).iter().map(|p| p + 1).collect();
        let pids: BTreeSet<i64> = c.process_names.keys().copied().collect();
        assert_eq!(pids, procs, "one process per interpreter");
        assert_eq!(c.gil_tracks.len(), procs.len(), "one GIL track each");
        assert_eq!(
            c.drop_requests as u64,
            report["drop_requests"].as_u64().unwrap()
        );
        // each thread's slices add up to the report's numbers, to the nanosecond
        for th in report["threads"].as_array().unwrap() {
            let key = (
                th["proc"].as_i64().unwrap() + 1,
                th["thread"].as_i64().unwrap() + 1,
            );
            assert_eq!(c.thread_names[&key], th["name"].as_str().unwrap());
            let slices = c.slices.get(&key).cloned().unwrap_or_default();
            let total = |pred: &dyn Fn(&str) -> bool| -> i128 {
                slices
                    .iter()
                    .filter(|s| pred(&s.2))
                    .map(|s| s.1 - s.0)
                    .sum()
            };
            let name = th["name"].as_str().unwrap();
            assert_eq!(
                total(&|n| n == "running"),
                th["held_ns"].as_i64().unwrap() as i128,
                "{name} held"
            );
            assert_eq!(
                total(&|n| n == "waiting for the GIL"),
                th["waiting_ns"].as_i64().unwrap() as i128,
                "{name} waiting"
            );
            assert_eq!(
                total(&|n| n != "running" && n != "waiting for the GIL"),
                th["blocking_ns"].as_i64().unwrap() as i128,
                "{name} blocking"
            );
        }
        // the GIL tracks: held time and holder names
        let held: i128 = c
            .gil_tracks
            .iter()
            .flat_map(|t| c.slices.get(t).cloned().unwrap_or_default())
            .map(|s| s.1 - s.0)
            .sum();
        let report_held: i128 = report["threads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["held_ns"].as_i64().unwrap() as i128)
            .sum();
        assert_eq!(held, report_held, "GIL held time");
        let names: BTreeSet<&str> = c.thread_names.values().map(|s| s.as_str()).collect();
        for t in &c.gil_tracks {
            for s in c.slices.get(t).into_iter().flatten() {
                assert!(names.contains(s.2.as_str()), "GIL slice named {}", s.2);
            }
        }
    }
}

#[test]
fn html_structure_matches_golden() {
    let (trace, _) = sample_trace("html");
    let html = export_ok(&trace, "html", "golden");
    golden("export_sample.html.txt", &html_outline(&html));
}

#[test]
fn html_numbers_are_the_reports() {
    let (trace, report) = scenario_trace("convoy.py");
    let html = export_ok(&trace, "html", "convoy");
    let outline = html_outline(&html);
    for th in report["threads"].as_array().unwrap() {
        let ms = |k: &str| format!("{:.3}", th[k].as_u64().unwrap() as f64 / 1e6);
        let row = format!(
            "tr: {} | {} | {:.1} | {} | {} | {} | {} | {}",
            th["name"].as_str().unwrap(),
            ms("held_ns"),
            th["held_pct"].as_f64().unwrap(),
            ms("waiting_ns"),
            ms("blocking_ns"),
            th["acquisitions"],
            th["drops_on_request"],
            ms("longest_wait_ns")
        );
        assert!(outline.contains(&row), "{row} not in\n{outline}");
    }
    let run = outline
        .lines()
        .find(|l| l.starts_with("tr: run |"))
        .unwrap();
    let changes = format!("| {} |", report["holder_changes"]);
    assert!(run.contains(&changes), "{run}");
}

#[test]
fn html_is_self_contained() {
    for (trace, _) in [sample_trace("contained"), scenario_trace("io_overlap.py")] {
        let html = export_ok(&trace, "html", "contained");
        let lower = html.to_lowercase();
        for bad in ["<link", "@import", "url(", "<iframe", "<img", "@font-face"] {
            assert!(!lower.contains(bad), "the page has {bad}");
        }
        for attr in ["src=", "href=", "action="] {
            for part in lower.split(attr).skip(1) {
                let value = part.trim_start_matches(['"', '\'']);
                assert!(
                    !value.starts_with("http:")
                        && !value.starts_with("https:")
                        && !value.starts_with("//"),
                    "a network fetch: {attr}{}",
                    &part[..part.len().min(60)]
                );
            }
        }
        // the only URL is the SVG namespace the script names (never fetched)
        let urls: BTreeSet<&str> = lower
            .match_indices("http")
            .map(|(i, _)| lower[i..].split(['"', ' ', '>']).next().unwrap())
            .collect();
        assert!(
            urls.iter()
                .all(|u| u.starts_with("http://www.w3.org/2000/svg")),
            "{urls:?}"
        );
        assert!(html.contains("<svg id=\"plot\""));
        assert!(html.contains("<noscript>"));
        assert!(html.contains("<form id=\"controls\" class=\"controls\" hidden>"));
    }
}

#[test]
fn run_pictures_equal_the_export_of_the_runs_trace() {
    let dir = sample_dir();
    let cases = [
        (dir.clone(), "export_sample.py".to_string(), "1ms"),
        (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
            "convoy.py".to_string(),
            "5ms",
        ),
        (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
            "async_cancel.py".to_string(),
            "5ms",
        ),
    ];
    for (dir, file, interval) in cases {
        let (trace, chrome, html) = (tmp("own.jsonl"), tmp("own.json"), tmp("own.html"));
        run_in(
            &dir,
            &file,
            &[
                "--switch-interval",
                interval,
                "--trace",
                trace.to_str().unwrap(),
                "--chrome",
                chrome.to_str().unwrap(),
                "--html",
                html.to_str().unwrap(),
            ],
        );
        let from_run = (
            std::fs::read_to_string(&chrome).unwrap(),
            std::fs::read_to_string(&html).unwrap(),
        );
        assert!(from_run.0.len() > 100 && from_run.1.len() > 1000);
        assert_eq!(from_run.0, export_ok(&trace, "chrome", "own"), "{file}");
        assert_eq!(from_run.1, export_ok(&trace, "html", "own"), "{file}");
    }
}

#[test]
fn a_trace_without_footer_is_exported_as_far_as_it_goes() {
    let (trace, _) = sample_trace("cut");
    let full = std::fs::read_to_string(&trace).unwrap();
    let lines: Vec<&str> = full.lines().collect();
    // cut after line 30, then also in the middle of line 31
    let whole: String = lines[..30].iter().map(|l| format!("{l}\n")).collect();
    let midline = format!("{whole}{}", &lines[30][..lines[30].len() / 2]);
    let last_t: i128 = serde_json::from_str::<Value>(lines[29]).unwrap()["t"]
        .as_i64()
        .unwrap()
        .into();
    for (tag, content) in [("cut", whole), ("midline", midline)] {
        let p = tmp(&format!("{tag}.jsonl"));
        std::fs::write(&p, content).unwrap();
        for format in ["chrome", "html"] {
            let out_path = tmp(&format!("{tag}.{format}"));
            let out = export(&p, format, &out_path);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            assert!(
                text(&out.stderr)
                    .contains("incomplete: the trace ends at line 30 without a footer"),
                "{}",
                text(&out.stderr)
            );
            let body = std::fs::read_to_string(&out_path).unwrap();
            if format == "chrome" {
                let c = check_chrome(&body);
                let end = c.slices.values().flatten().map(|s| s.1).max().unwrap();
                assert_eq!(end, last_t, "open slices close at the last timestamp");
                let v: Value = serde_json::from_str(&body).unwrap();
                assert_eq!(v["otherData"]["complete"], false);
            } else {
                assert!(body.contains("incomplete: the trace ends at line 30"));
                assert!(body.trim_end().ends_with("</html>"));
            }
        }
    }
}

#[test]
fn bad_input_gets_the_errors_analyze_gives() {
    let header = r#"{"type":"header","schema":"gilsim-trace/1","scenario":"x","clock":"virtual","gil":"new","switch_interval_ns":5000000,"cores":2,"seed":1}"#;
    let mut cases: Vec<(String, PathBuf)> = Vec::new();
    for (name, content) in [
        (
            "notjson.jsonl",
            format!("{header}\nnot json\n").into_bytes(),
        ),
        ("empty.jsonl", Vec::new()),
        (
            "schema.jsonl",
            r#"{"type":"header","schema":"gilsim-trace/9"}"#.as_bytes().to_vec(),
        ),
        (
            "binary.jsonl",
            vec![0x7f, b'E', b'L', b'F', 0, 1, 2, 0xff, 0xfe, b'\n', 0],
        ),
        (
            "field.jsonl",
            format!("{header}\n{{\"t\":1,\"type\":\"gil_acquire\",\"proc\":0}}\n").into_bytes(),
        ),
    ] {
        let p = tmp(name);
        std::fs::write(&p, content).unwrap();
        cases.push((name.to_string(), p));
    }
    cases.push(("directory".into(), std::env::temp_dir()));
    cases.push(("missing".into(), tmp("no-such-trace.jsonl")));
    cases.push((
        "the binary".into(),
        PathBuf::from(env!("CARGO_BIN_EXE_gilsim")),
    ));
    for (name, path) in cases {
        let analyze = gilsim().arg("analyze").arg(&path).output().unwrap();
        assert!(!analyze.status.success(), "{name}: analyze refuses it");
        for format in ["chrome", "html"] {
            let out_path = tmp(&format!("bad-{format}.out"));
            let _ = std::fs::remove_file(&out_path);
            let out = export(&path, format, &out_path);
            assert_eq!(out.status.code(), analyze.status.code(), "{name} {format}");
            assert_eq!(text(&out.stderr), text(&analyze.stderr), "{name} {format}");
            assert!(!text(&out.stderr).contains("panicked"), "{name}");
            assert!(!out_path.exists(), "{name}: no output is left behind");
        }
    }
}

#[test]
fn export_refuses_to_overwrite_its_input_and_unknown_formats() {
    let (trace, _) = sample_trace("self");
    let before = std::fs::read(&trace).unwrap();
    let out = export(&trace, "chrome", &trace);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("overwrite"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&trace).unwrap(), before);
    let out = export(&trace, "png", &tmp("x.png"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("chrome"),
        "{}",
        text(&out.stderr)
    );
}

/// A long synthetic trace: `n` holdings passed between two threads every 3 µs.
fn long_trace(n: u64) -> PathBuf {
    use std::fmt::Write as _;
    let mut s = String::from(
        r#"{"type":"header","schema":"gilsim-trace/1","scenario":"long.py","clock":"virtual","gil":"new","switch_interval_ns":5000000,"cores":2,"seed":1}
"#,
    );
    let mut events = 0;
    for th in 0..2 {
        let _ = writeln!(
            s,
            r#"{{"t":0,"type":"thread_start","proc":0,"thread":{th},"name":"T{th}"}}"#
        );
        let _ = writeln!(
            s,
            r#"{{"t":0,"type":"gil_request","proc":0,"thread":{th}}}"#
        );
        events += 2;
    }
    let mut t = 0;
    for i in 0..n {
        let th = i % 2;
        let _ = writeln!(
            s,
            r#"{{"t":{t},"type":"gil_acquire","proc":0,"thread":{th},"wait_ns":3000}}"#
        );
        t += 3000;
        let _ = writeln!(
            s,
            r#"{{"t":{t},"type":"gil_release","proc":0,"thread":{th},"reason":"drop_request"}}"#
        );
        let _ = writeln!(
            s,
            r#"{{"t":{t},"type":"gil_request","proc":0,"thread":{th}}}"#
        );
        events += 3;
    }
    let _ = writeln!(s, r#"{{"type":"footer","t":{t},"events":{events}}}"#);
    let p = tmp(&format!("long-{n}.jsonl"));
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn a_long_trace_gives_a_small_page_and_a_complete_chrome_trace() {
    let n = 200_000;
    let trace = long_trace(n);
    let html = export_ok(&trace, "html", "long");
    assert!(html.len() < 3_000_000, "the page is {} bytes", html.len());
    let outline = html_outline(&html);
    for line in outline.lines().filter(|l| l.starts_with("row:")) {
        let blocks: usize = line
            .split("data-blocks=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!((100..=2 * 2400 + 2).contains(&blocks), "{line}");
    }
    // every holding is a slice in the Chrome trace, which is not merged
    let c = check_chrome(&export_ok(&trace, "chrome", "long"));
    let gil = c.gil_tracks.iter().next().unwrap();
    assert_eq!(c.slices[gil].len() as u64, n);
}

#[cfg(unix)]
#[test]
fn export_writes_into_a_pipe_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let (trace, _) = sample_trace("fifo");
    let fifo = unique("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo: skipped");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap_or_default())
    };
    let out = export(&trace, "chrome", &fifo);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the pipe was replaced by a file"
    );
    let body = reader.join().unwrap();
    check_chrome(&body);
}

/// Random event sequences, invariants broken included, never panic an export, and the Chrome
/// trace they give keeps its structure.
#[test]
fn random_events_never_break_an_export() {
    use gilsim::export::{export_events, Format, RunEnd};
    use gilsim::trace::{Event, EventKind, Header, ReleaseReason};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    let mut rng = StdRng::seed_from_u64(6);
    for round in 0..200 {
        let gil = ["new", "legacy", "none"][round % 3];
        let header = Header {
            scenario: "fuzz \"<&>\".py".into(),
            clock: "virtual".into(),
            gil: gil.into(),
            switch_interval_ns: 5_000_000,
            cores: 2,
            seed: round as u64,
        };
        let mut t: u64 = if round % 10 == 9 {
            u64::MAX - 1_000_000
        } else {
            0
        };
        let mut events = Vec::new();
        let mut tasks = 0;
        for _ in 0..rng.gen_range(0..300) {
            t = t.saturating_add(rng.gen_range(0..3_000_000));
            let kind = match rng.gen_range(0..14) {
                11 => {
                    tasks += 1;
                    EventKind::TaskCreate {
                        task: tasks,
                        name: format!("Task-{tasks}"),
                        coro: ["main", "<lambda>", "W.\"run\""][rng.gen_range(0..3)].into(),
                    }
                }
                12 => EventKind::TaskStep {
                    task: rng.gen_range(1..6),
                    name: "Task <x>".into(),
                    dur_ns: rng.gen_range(0..5_000_000),
                    ready_ns: rng.gen_range(0..5_000_000),
                    from_line: rng.gen_range(0..30),
                    line: [None, Some(7)][rng.gen_range(0..2)],
                    outcome: ["await", "yield", "done", "error", "cancelled"][rng.gen_range(0..5)]
                        .into(),
                },
                13 => EventKind::LoopCallback {
                    callback: "print".into(),
                    dur_ns: rng.gen_range(0..1000),
                },
                0 => EventKind::ThreadStart {
                    name: ["T<1>", "Thread-2 \"x\"", "é"][rng.gen_range(0..3)].into(),
                },
                1 => EventKind::ThreadEnd,
                2 => EventKind::GilRequest,
                3 | 4 => EventKind::GilAcquire {
                    wait_ns: rng.gen_range(0..1000),
                },
                5 | 6 => EventKind::GilRelease {
                    reason: [
                        ReleaseReason::DropRequest,
                        ReleaseReason::Blocking,
                        ReleaseReason::Exit,
                        ReleaseReason::Interval,
                    ][rng.gen_range(0..4)],
                },
                7 => EventKind::DropRequest,
                8 => EventKind::IoBegin {
                    call: "time.sleep".into(),
                    dur_ns: None,
                },
                9 => EventKind::IoEnd {
                    call: "time.sleep".into(),
                },
                _ => EventKind::Block {
                    what: "Lock.acquire".into(),
                    line: 3,
                },
            };
            events.push(Event {
                t,
                proc: rng.gen_range(0..2),
                thread: rng.gen_range(0..4),
                kind,
            });
        }
        let end = RunEnd {
            end_t: t.saturating_sub(rng.gen_range(0..2) * 10),
            stopped: None,
            incomplete: None,
        };
        let mut chrome = Vec::new();
        export_events(Format::Chrome, &header, &events, &end, &mut chrome).unwrap();
        let c = check_chrome(std::str::from_utf8(&chrome).unwrap());
        if gil == "none" {
            assert!(c.gil_tracks.is_empty());
        }
        let mut html = Vec::new();
        export_events(Format::Html, &header, &events, &end, &mut html).unwrap();
        let html = String::from_utf8(html).unwrap();
        assert!(html.ends_with("</html>\n"));
        assert!(!html.contains("\"<&>\""), "the scenario's name is escaped");
    }
}

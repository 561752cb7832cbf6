//! What the export tests share: sample scenarios, running them with a trace, exporting, and
//! the structural checks of a Chrome trace and an HTML page.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A small scenario: two workers take a lock around a sleep, then count; with a 1 ms switch
/// interval they also trade the GIL on request.
pub const SAMPLE: &str = r#"import threading
import time

lock = threading.Lock()


def worker(n):
    with lock:
        time.sleep(0.002)
    total = 0
    for i in range(n):
        total += i
    return total


threads = [threading.Thread(target=worker, args=(150000,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
"#;

/// A small asyncio scenario: two tasks sleep (2 ms and 1 ms) under `gather`.
pub const ASYNC_SAMPLE: &str = r#"import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    results = await asyncio.gather(fetch("slow", 0.002), fetch("fast", 0.001))
    print(results)


asyncio.run(main())
"#;

/// The `tid` of task `n`'s track in the Chrome trace.
pub const TASK_TID: i64 = 2_000_000_000;

pub fn gilsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gilsim"))
}

pub fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gilsim-export-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// A fresh path in the scratch directory (tests run in parallel).
pub fn unique(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    tmp(&format!("{}-{name}", N.fetch_add(1, Ordering::Relaxed)))
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[path = "../support/golden.rs"]
mod golden_file;
pub use golden_file::golden;

/// Runs a scenario with `extra` options (in its own directory, so the trace names it by its
/// file name); gives the run's output (its JSON report on stderr).
pub fn run_in(dir: &Path, file: &str, extra: &[&str]) -> Output {
    let out = gilsim()
        .current_dir(dir)
        .args(["run", "--report", "json"])
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    out
}

/// The sample scenario's directory (written once per test process).
pub fn sample_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let p = tmp("export_sample.py");
        std::fs::write(&p, SAMPLE).unwrap();
        p.parent().unwrap().to_path_buf()
    })
    .clone()
}

/// Runs the sample with a trace; gives the trace and the run's JSON report.
pub fn sample_trace(tag: &str) -> (PathBuf, Value) {
    let dir = sample_dir();
    let trace = unique(&format!("sample-{tag}.jsonl"));
    let out = run_in(
        &dir,
        "export_sample.py",
        &[
            "--switch-interval",
            "1ms",
            "--trace",
            trace.to_str().unwrap(),
        ],
    );
    (trace, serde_json::from_slice(&out.stderr).unwrap())
}

/// Runs the asyncio sample with a trace; gives the trace and the run's JSON report.
pub fn async_sample_trace(tag: &str) -> (PathBuf, Value) {
    let dir = sample_dir();
    let p = dir.join("export_async.py");
    if !p.exists() {
        let tmp_p = unique("export_async.py");
        std::fs::write(&tmp_p, ASYNC_SAMPLE).unwrap();
        let _ = std::fs::rename(&tmp_p, &p);
    }
    let trace = unique(&format!("async-{tag}.jsonl"));
    let out = run_in(
        &dir,
        "export_async.py",
        &["--trace", trace.to_str().unwrap()],
    );
    (trace, serde_json::from_slice(&out.stderr).unwrap())
}

/// Runs a bundled scenario with a trace; gives the trace and the run's JSON report.
pub fn scenario_trace(name: &str) -> (PathBuf, Value) {
    let trace = unique(&format!("{name}.jsonl"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let out = run_in(&dir, name, &["--trace", trace.to_str().unwrap()]);
    (trace, serde_json::from_slice(&out.stderr).unwrap())
}

pub fn export(trace: &Path, format: &str, out: &Path) -> Output {
    gilsim()
        .args(["export", "--format", format, "-o"])
        .arg(out)
        .arg(trace)
        .output()
        .unwrap()
}

pub fn export_ok(trace: &Path, format: &str, tag: &str) -> String {
    let out_path = unique(&format!("{tag}.{format}"));
    let out = export(trace, format, &out_path);
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::read_to_string(&out_path).unwrap()
}

/// Microseconds with three decimals as integer nanoseconds (wide: a trace's `t` is a u64).
pub fn ns(v: &Value) -> i128 {
    (v.as_f64().expect("a number") * 1000.0).round() as i128
}

/// How far two exact times can seem apart after [`ns`] read them through an `f64`: nothing
/// below about 100 days, a few microseconds near `u64::MAX` nanoseconds.
pub fn float_slack(ns: i128) -> i128 {
    (ns as f64 / 1000.0 * f64::EPSILON * 2000.0).floor() as i128
}

/// A track, `(pid, tid)`, and a slice on it, `(start ns, end ns, name)`.
pub type Track = (i64, i64);
pub type Span = (i128, i128, String);

/// What the structural checks found in a Chrome trace.
#[derive(Default, Debug)]
pub struct Chrome {
    /// (pid, tid) -> [(start, end, name)] of its complete slices, by start.
    pub slices: BTreeMap<Track, Vec<Span>>,
    /// (pid, tid) of the GIL tracks.
    pub gil_tracks: BTreeSet<(i64, i64)>,
    /// pid -> process name; (pid, tid) -> thread name; (pid, tid) with a sort index.
    pub process_names: BTreeMap<i64, String>,
    pub thread_names: BTreeMap<(i64, i64), String>,
    pub sorted: BTreeSet<(i64, i64)>,
    pub drop_requests: usize,
}

/// Checks a Chrome trace's structure and gives its slices.
pub fn check_chrome(json: &str) -> Chrome {
    let v: Value = serde_json::from_str(json).expect("the export is JSON");
    assert_eq!(v["displayTimeUnit"], "ms");
    let events = v["traceEvents"].as_array().expect("traceEvents");
    let mut c = Chrome::default();
    for e in events {
        let pid = e["pid"].as_i64().expect("pid");
        assert!(pid > 0, "pid 0 is the kernel's in Perfetto: {e}");
        match e["ph"].as_str().unwrap() {
            "X" => {
                let tid = e["tid"].as_i64().unwrap();
                let (ts, dur) = (ns(&e["ts"]), ns(&e["dur"]));
                assert!(ts >= 0 && dur >= 0, "{e}");
                let name = e["name"].as_str().unwrap().to_string();
                assert!(!name.is_empty(), "{e}");
                c.slices
                    .entry((pid, tid))
                    .or_default()
                    .push((ts, ts + dur, name));
            }
            "i" => {
                assert_eq!(e["s"], "t", "{e}");
                assert_eq!(e["name"], "drop_request");
                c.drop_requests += 1;
            }
            "M" => {
                let tid = e["tid"].as_i64();
                let arg = &e["args"];
                match e["name"].as_str().unwrap() {
                    "process_name" => {
                        c.process_names
                            .insert(pid, arg["name"].as_str().unwrap().into());
                    }
                    "thread_name" => {
                        let name = arg["name"].as_str().unwrap().to_string();
                        if name == "GIL" {
                            c.gil_tracks.insert((pid, tid.unwrap()));
                        }
                        c.thread_names.insert((pid, tid.unwrap()), name);
                    }
                    "thread_sort_index" => {
                        assert!(arg["sort_index"].is_i64());
                        c.sorted.insert((pid, tid.unwrap()));
                    }
                    "process_sort_index" => {}
                    other => panic!("unexpected metadata {other}"),
                }
            }
            other => panic!("unexpected phase {other}: {e}"),
        }
    }
    for (track, slices) in &mut c.slices {
        slices.sort();
        for w in slices.windows(2) {
            assert!(
                w[0].1 <= w[1].0 + float_slack(w[1].0),
                "slices overlap on {track:?}: {:?} and {:?}",
                w[0],
                w[1]
            );
        }
        assert!(c.thread_names.contains_key(track), "{track:?} has no name");
        assert!(c.sorted.contains(track), "{track:?} has no sort index");
        assert!(c.process_names.contains_key(&track.0), "no process name");
    }
    c
}

/// The procs of a trace file.
pub fn trace_procs(trace: &Path) -> BTreeSet<i64> {
    std::fs::read_to_string(trace)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok()?["proc"].as_i64())
        .collect()
}

/// The trace's events of one type.
pub fn trace_events(trace: &Path, kind: &str) -> Vec<Value> {
    std::fs::read_to_string(trace)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["type"] == kind)
        .collect()
}

/// The page's structure: title, settings, rows, legend, table headers and cells.
pub fn html_outline(html: &str) -> String {
    let mut out = String::new();
    let between = |s: &str, a: &str, b: &str| -> Vec<String> {
        s.split(a)
            .skip(1)
            .filter_map(|p| p.split(b).next().map(str::to_string))
            .collect()
    };
    let strip = |s: &str| -> String {
        let mut t = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => t.push(c),
                _ => {}
            }
        }
        t
    };
    for t in between(html, "<title>gilsim", "</title>") {
        out.push_str(&format!("title: gilsim{t}\n"));
    }
    for h in between(html, "<h1>", "</h1>") {
        out.push_str(&format!("h1: {}\n", strip(&h)));
    }
    for p in between(html, "<p class=\"settings\">", "</p>") {
        out.push_str(&format!("settings: {}\n", strip(&p)));
    }
    for g in between(html, "<g class=\"row\" ", "</g>\n<g class=\"row\"") {
        let tag = g.split('>').next().unwrap_or("");
        let attrs: Vec<String> = tag
            .split("\" ")
            .filter(|a| a.starts_with("data-"))
            .map(|a| format!("{}\"", a.trim_end_matches('"')))
            .collect();
        out.push_str(&format!("row: {}\n", attrs.join(" ")));
        for t in between(&g, "<title>", "</title>") {
            out.push_str(&format!("  hover: {t}\n"));
        }
    }
    for l in between(html, "<li data-legend=\"", "</li>") {
        out.push_str(&format!("legend: {}\n", strip(&l.replacen("\">", ": ", 1))));
    }
    for h in between(html, "<h2>", "</h2>") {
        out.push_str(&format!("h2: {h}\n"));
    }
    for row in between(html, "<tr>", "</tr>") {
        let cells: Vec<String> = between(&row.replace("<th>", "<td>"), "<td>", "</t")
            .iter()
            .map(|c| strip(c))
            .collect();
        out.push_str(&format!("tr: {}\n", cells.join(" | ")));
    }
    out
}

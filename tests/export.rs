//! `gilsim export` and `gilsim run --chrome/--html`: golden Chrome JSON and HTML structure for
//! a small deterministic scenario, structural checks of the Chrome JSON against the run's own
//! report, a self-contained page, bad input refused as `analyze` refuses it, and pictures from
//! a run identical to the export of its trace.
//!
//! Golden files live in `tests/golden/`; regenerate them with `GILSIM_BLESS=1 cargo test`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A small scenario: two workers take a lock around a sleep, then count; with a 1 ms switch
/// interval they also trade the GIL on request.
const SAMPLE: &str = r#"import threading
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
const ASYNC_SAMPLE: &str = r#"import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    results = await asyncio.gather(fetch("slow", 0.002), fetch("fast", 0.001))
    print(results)


asyncio.run(main())
"#;

/// The `tid` of task `n`'s track in the Chrome trace.
const TASK_TID: i64 = 2_000_000_000;

fn gilsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gilsim"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gilsim-export-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// A fresh path in the scratch directory (tests run in parallel).
fn unique(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    tmp(&format!("{}-{name}", N.fetch_add(1, Ordering::Relaxed)))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("GILSIM_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden {}; run with GILSIM_BLESS=1", path.display()));
    assert_eq!(
        actual, expected,
        "golden {name} differs; rerun with GILSIM_BLESS=1 if intended"
    );
}

/// Runs a scenario with `extra` options (in its own directory, so the trace names it by its
/// file name); gives the run's output (its JSON report on stderr).
fn run_in(dir: &Path, file: &str, extra: &[&str]) -> Output {
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
fn sample_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let p = tmp("export_sample.py");
        std::fs::write(&p, SAMPLE).unwrap();
        p.parent().unwrap().to_path_buf()
    })
    .clone()
}

/// Runs the sample with a trace; gives the trace and the run's JSON report.
fn sample_trace(tag: &str) -> (PathBuf, Value) {
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
fn async_sample_trace(tag: &str) -> (PathBuf, Value) {
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
fn scenario_trace(name: &str) -> (PathBuf, Value) {
    let trace = unique(&format!("{name}.jsonl"));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let out = run_in(&dir, name, &["--trace", trace.to_str().unwrap()]);
    (trace, serde_json::from_slice(&out.stderr).unwrap())
}

fn export(trace: &Path, format: &str, out: &Path) -> Output {
    gilsim()
        .args(["export", "--format", format, "-o"])
        .arg(out)
        .arg(trace)
        .output()
        .unwrap()
}

fn export_ok(trace: &Path, format: &str, tag: &str) -> String {
    let out_path = unique(&format!("{tag}.{format}"));
    let out = export(trace, format, &out_path);
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::read_to_string(&out_path).unwrap()
}

/// Microseconds with three decimals as integer nanoseconds (wide: a trace's `t` is a u64).
fn ns(v: &Value) -> i128 {
    (v.as_f64().expect("a number") * 1000.0).round() as i128
}

/// How far two exact times can seem apart after [`ns`] read them through an `f64`: nothing
/// below about 100 days, a few microseconds near `u64::MAX` nanoseconds.
fn float_slack(ns: i128) -> i128 {
    (ns as f64 / 1000.0 * f64::EPSILON * 2000.0).floor() as i128
}

/// A track, `(pid, tid)`, and a slice on it, `(start ns, end ns, name)`.
type Track = (i64, i64);
type Span = (i128, i128, String);

/// What the structural checks found in a Chrome trace.
#[derive(Default, Debug)]
struct Chrome {
    /// (pid, tid) -> [(start, end, name)] of its complete slices, by start.
    slices: BTreeMap<Track, Vec<Span>>,
    /// (pid, tid) of the GIL tracks.
    gil_tracks: BTreeSet<(i64, i64)>,
    /// pid -> process name; (pid, tid) -> thread name; (pid, tid) with a sort index.
    process_names: BTreeMap<i64, String>,
    thread_names: BTreeMap<(i64, i64), String>,
    sorted: BTreeSet<(i64, i64)>,
    drop_requests: usize,
}

/// Checks a Chrome trace's structure and gives its slices.
fn check_chrome(json: &str) -> Chrome {
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
fn trace_procs(trace: &Path) -> BTreeSet<i64> {
    std::fs::read_to_string(trace)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok()?["proc"].as_i64())
        .collect()
}

#[test]
fn chrome_json_matches_golden() {
    let (trace, _) = sample_trace("golden");
    let json = export_ok(&trace, "chrome", "golden");
    check_chrome(&json);
    golden("export_sample.chrome.json", &json);
}

#[test]
fn async_chrome_json_matches_golden() {
    let (trace, _) = async_sample_trace("golden");
    let json = export_ok(&trace, "chrome", "async-golden");
    check_chrome(&json);
    golden("export_async.chrome.json", &json);
}

#[test]
fn async_html_structure_matches_golden() {
    let (trace, _) = async_sample_trace("html");
    let html = export_ok(&trace, "html", "async-golden");
    golden("export_async.html.txt", &html_outline(&html));
}

/// The trace's events of one type.
fn trace_events(trace: &Path, kind: &str) -> Vec<Value> {
    std::fs::read_to_string(trace)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["type"] == kind)
        .collect()
}

/// Every asyncio task is a track of its own in its loop thread's process: one slice per
/// `task_step`, to the nanosecond, with the step's lines and outcome; between steps `ready`
/// and `awaiting` slices that add up to the report's ready time and leave no gap from the
/// task's creation to its end (or the run's).
#[test]
fn task_tracks_are_the_task_steps_to_the_nanosecond() {
    let mut traces = vec![async_sample_trace("tracks")];
    for name in [
        "async_gather.py",
        "async_cancel.py",
        "async_queue.py",
        "async_starve.py",
    ] {
        traces.push(scenario_trace(name));
    }
    for (trace, report) in traces {
        let json = export_ok(&trace, "chrome", "tracks");
        let c = check_chrome(&json);
        let v: Value = serde_json::from_str(&json).unwrap();
        // (pid, tid) -> [(start, end, name, args)] of the asyncio slices, in time order
        let mut tracks: BTreeMap<Track, Vec<(i128, i128, String, Value)>> = BTreeMap::new();
        for e in v["traceEvents"].as_array().unwrap() {
            if e["cat"] == "asyncio" {
                let (ts, dur) = (ns(&e["ts"]), ns(&e["dur"]));
                let key = (e["pid"].as_i64().unwrap(), e["tid"].as_i64().unwrap());
                let name = e["name"].as_str().unwrap().to_string();
                tracks
                    .entry(key)
                    .or_default()
                    .push((ts, ts + dur, name, e["args"].clone()));
            }
        }
        for t in tracks.values_mut() {
            t.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        }
        let creates = trace_events(&trace, "task_create");
        let steps = trace_events(&trace, "task_step");
        assert!(!creates.is_empty() && steps.len() >= creates.len());
        let tasks = report["asyncio"]["tasks"].as_array().unwrap();
        assert_eq!(tasks.len(), creates.len());
        let run_end = report["duration_ns"].as_i64().unwrap() as i128;
        for (create, task) in creates.iter().zip(tasks) {
            let id = create["task"].as_i64().unwrap();
            let key = (create["proc"].as_i64().unwrap() + 1, TASK_TID + id);
            let coro = create["coro"].as_str().unwrap();
            let mine: Vec<&Value> = steps.iter().filter(|s| s["task"] == id).collect();
            let name = mine
                .last()
                .map_or(create["name"].clone(), |s| s["name"].clone());
            assert_eq!(
                c.thread_names[&key],
                format!("{}: {coro}()", name.as_str().unwrap()),
                "the track is named after the task and its coroutine"
            );
            let slices = &tracks[&key];
            let step_slices: Vec<_> = slices
                .iter()
                .filter(|s| s.2 != "ready" && s.2 != "awaiting")
                .collect();
            assert_eq!(step_slices.len(), mine.len(), "task {id}: a slice per step");
            for (s, e) in step_slices.iter().zip(&mine) {
                let t = e["t"].as_i64().unwrap() as i128;
                let dur = e["dur_ns"].as_i64().unwrap() as i128;
                assert_eq!((s.0, s.1), (t - dur, t), "task {id}'s step ending at {t}");
                assert_eq!(s.2, format!("{coro}()"));
                assert_eq!(s.3["from_line"], e["from_line"]);
                assert_eq!(s.3["line"], e["line"]);
                assert_eq!(s.3["outcome"], e["outcome"]);
            }
            let total =
                |n: &str| -> i128 { slices.iter().filter(|s| s.2 == n).map(|s| s.1 - s.0).sum() };
            assert_eq!(total("ready"), task["ready_ns"].as_i64().unwrap() as i128);
            let running: i128 = step_slices.iter().map(|s| s.1 - s.0).sum();
            assert_eq!(running, task["running_ns"].as_i64().unwrap() as i128);
            // no gap from creation to the end
            assert_eq!(slices[0].0, create["t"].as_i64().unwrap() as i128);
            for w in slices.windows(2) {
                assert_eq!(w[0].1, w[1].0, "task {id}: a gap or overlap at {}", w[0].1);
            }
            let end = task["end_ns"].as_i64().map_or(run_end, |e| e as i128);
            assert_eq!(slices.last().unwrap().1, end, "task {id} ends its track");
        }
    }
}

#[test]
fn the_page_has_a_row_per_task_under_its_loop() {
    let (trace, report) = scenario_trace("async_gather.py");
    let html = export_ok(&trace, "html", "tasks");
    let outline = html_outline(&html);
    let rows: Vec<&str> = outline.lines().filter(|l| l.starts_with("row:")).collect();
    let tasks = report["asyncio"]["tasks"].as_array().unwrap();
    // the GIL, MainThread, then its tasks in creation order
    assert!(rows[1].contains("data-row=\"thread\"") && rows[1].contains("MainThread"));
    for (row, t) in rows[2..].iter().zip(tasks) {
        let want = format!(
            "data-row=\"task\" data-proc=\"0\" data-thread=\"0\" data-task=\"{}\" data-name=\"{}: {}()\"",
            t["task"],
            t["name"].as_str().unwrap(),
            t["coro"].as_str().unwrap()
        );
        assert!(row.contains(&want), "{row}\nwant {want}");
    }
    assert_eq!(rows.len(), 2 + tasks.len());
    assert!(
        outline.contains("awaiting at line 19, "),
        "a download awaits its sleep at line 19:\n{outline}"
    );
    assert!(outline.contains("legend: task-ready:  ready (waiting for the loop)"));
    // the stall detector's list, as in the report
    let (starve, _) = scenario_trace("async_starve.py");
    let html = export_ok(&starve, "html", "stalls");
    assert!(html_outline(&html)
        .contains("h2: Stalls (a step or callback holding its loop at least 100ms): 1"));
    assert!(
        html.contains("Task-1 held the loop 1") && html.contains("from line 29 to line 44"),
        "the crunch resumed at line 29 and next awaited at line 44"
    );
    // a run without an event loop has no task rows nor their legend
    let (plain, _) = sample_trace("no-tasks");
    let outline = html_outline(&export_ok(&plain, "html", "no-tasks"));
    assert!(!outline.contains("data-row=\"task\"") && !outline.contains("task-ready"));
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

/// The page's structure: title, settings, rows, legend, table headers and cells.
fn html_outline(html: &str) -> String {
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

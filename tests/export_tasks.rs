//! asyncio tasks in `gilsim export`: a Chrome track and an HTML row per task, their slices
//! equal to the trace's `task_step` events to the nanosecond, golden pictures of a small
//! asyncio run, and the page's task and stall tables.
//!
//! Golden files live in `tests/golden/`; regenerate them with `GILSIM_BLESS=1 cargo test`.

mod export_common;

use std::collections::BTreeMap;

use export_common::*;
use serde_json::Value;

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

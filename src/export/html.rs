//! One self-contained HTML page of a run, for a classroom projector.
//!
//! Inline CSS and SVG, and a small inline script for zoom and pan; nothing is fetched from the
//! network and no font is loaded (the system's sans-serif is used). With JavaScript off the
//! page still shows the whole run, its axis, the hovers (SVG `<title>`) and the tables; the zoom
//! controls are hidden then. Its numbers come from the report's [`Summary`], so they are the
//! numbers `gilsim run` prints.
//!
//! Under a thread that runs an asyncio event loop, a row per task (the first
//! [`TASK_ROWS`] of each loop, in creation order) shows its steps, and when it was ready or
//! awaiting, as the report's task rows do.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::blocks::{Block, Lane};
use super::chrome::task_track_name;
use super::slices::{Slice, TaskDetail};
use super::svg::{self, Names, Row, RowKind};
use super::RunEnd;
use crate::report::tasks::TaskState;
use crate::report::{State, Summary};
use crate::trace::event::Header;

/// Task rows drawn under one loop thread; the page says how many more there were.
pub const TASK_ROWS: u32 = 50;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn ms(ns: u64) -> String {
    format!("{:.3}", ns as f64 / 1e6)
}

/// A row's place on the page: interpreter, then its GIL before its threads, by id.
type RowKey = (u32, u8, u32);

/// A page being gathered: rows of blocks as slices arrive; drawn by [`HtmlPage::finish`].
pub struct HtmlPage<W: Write> {
    out: W,
    header: Header,
    lanes: HashMap<RowKey, Lane>,
    /// The rows of asyncio tasks, by task id.
    task_lanes: HashMap<u64, Lane>,
    /// What single blocks name (blocking calls, task steps), and their index (a block's label).
    labels: Vec<String>,
    label_ix: HashMap<String, u32>,
}

impl<W: Write> HtmlPage<W> {
    pub fn new(out: W, header: &Header) -> HtmlPage<W> {
        HtmlPage {
            out,
            header: header.clone(),
            lanes: HashMap::new(),
            task_lanes: HashMap::new(),
            labels: Vec::new(),
            label_ix: HashMap::new(),
        }
    }

    /// Takes one slice into its row.
    pub fn slice(&mut self, s: &Slice) {
        match *s {
            Slice::State {
                proc,
                thread,
                interval,
                call,
                ..
            } => {
                let label = match (interval.state, call) {
                    (State::Blocking, Some(c)) => self.label(c),
                    _ => 0,
                };
                self.lanes
                    .entry((proc, 1, thread))
                    .or_default()
                    .push(Block::slice(
                        interval.start,
                        interval.end,
                        interval.state,
                        label,
                    ));
            }
            Slice::Holding { proc, span, .. } => {
                if self.header.gil != "none" {
                    self.lanes
                        .entry((proc, 0, 0))
                        .or_default()
                        .push(Block::slice(
                            span.start,
                            span.end,
                            State::Running,
                            span.thread,
                        ));
                }
            }
            Slice::DropRequest { .. } => {}
            Slice::Task {
                task,
                ordinal,
                interval,
                detail,
                ..
            } => {
                if ordinal >= TASK_ROWS {
                    return;
                }
                let words = match (interval.state, detail) {
                    (
                        TaskState::Running,
                        TaskDetail::Step {
                            from_line,
                            line: Some(l),
                            outcome,
                        },
                    ) => format!("ran a step from line {from_line} to line {l} ({outcome})"),
                    (
                        TaskState::Running,
                        TaskDetail::Step {
                            from_line, outcome, ..
                        },
                    ) => format!("ran its last step from line {from_line} ({outcome})"),
                    (TaskState::Running, _) => "ran a step".to_string(),
                    (TaskState::Ready, _) => "ready (waiting for the loop)".to_string(),
                    (TaskState::Awaiting, TaskDetail::AwaitingAt(l)) => {
                        format!("awaiting at line {l}")
                    }
                    (TaskState::Awaiting, _) => "awaiting".to_string(),
                };
                let label = self.label(&words);
                self.task_lanes.entry(task).or_default().push(Block::slice(
                    interval.start,
                    interval.end,
                    svg::task_block_state(interval.state),
                    label,
                ));
            }
        }
    }

    fn label(&mut self, words: &str) -> u32 {
        if let Some(&i) = self.label_ix.get(words) {
            return i;
        }
        let i = self.labels.len() as u32;
        self.labels.push(words.to_string());
        self.label_ix.insert(words.to_string(), i);
        i
    }

    /// Draws the page and writes it; gives the writer back.
    pub fn finish(mut self, summary: &Summary, end: &RunEnd) -> io::Result<W> {
        let run = summary.end_t;
        let mut rows = Vec::new();
        for p in &summary.procs {
            if self.header.gil != "none" {
                rows.push(Row {
                    kind: RowKind::Gil,
                    proc: p.proc,
                    name: "GIL".into(),
                    blocks: self
                        .lanes
                        .remove(&(p.proc, 0, 0))
                        .unwrap_or_default()
                        .finish(run),
                });
            }
            for th in summary.threads.iter().filter(|th| th.proc == p.proc) {
                rows.push(Row {
                    kind: RowKind::Thread(th.id),
                    proc: p.proc,
                    name: th.name.clone(),
                    blocks: self
                        .lanes
                        .remove(&(p.proc, 1, th.id))
                        .unwrap_or_default()
                        .finish(run),
                });
                let tasks = summary.asyncio.tasks.iter().filter(|t| t.thread == th.id);
                for t in tasks.take(TASK_ROWS as usize) {
                    if let Some(lane) = self.task_lanes.remove(&t.id) {
                        rows.push(Row {
                            kind: RowKind::Task(th.id, t.id),
                            proc: p.proc,
                            name: task_track_name(&t.name, &t.coro),
                            blocks: lane.finish(run),
                        });
                    }
                }
            }
        }
        let has_tasks = rows.iter().any(|r| matches!(r.kind, RowKind::Task(..)));
        let mut untold = Vec::new();
        for th in &summary.threads {
            let n = summary
                .asyncio
                .tasks
                .iter()
                .filter(|t| t.thread == th.id)
                .count();
            if n > TASK_ROWS as usize {
                untold.push(format!(
                    "{} more tasks of {} are not drawn.",
                    n - TASK_ROWS as usize,
                    escape(&th.name)
                ));
            }
        }
        let threads: HashMap<u32, String> = summary
            .threads
            .iter()
            .map(|t| (t.id, t.name.clone()))
            .collect();
        let names = Names {
            threads: &threads,
            labels: &self.labels,
            multi_proc: summary.procs.len() > 1,
        };
        let mut page = String::with_capacity(64 * 1024);
        write_head(&mut page, summary, end);
        page.push_str("<section class=\"timeline\" aria-label=\"timeline\">\n");
        page.push_str(CONTROLS);
        svg::write_chart(&mut page, &rows, run, &names);
        page.push_str(LEGEND);
        if has_tasks {
            page.push_str(TASK_LEGEND);
        }
        if !untold.is_empty() {
            let _ = writeln!(page, "<p class=\"note\">{}</p>", untold.join(" "));
        }
        page.push_str("</section>\n");
        write_tables(&mut page, summary);
        let _ = write!(page, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
        self.out.write_all(page.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_head(out: &mut String, s: &Summary, end: &RunEnd) {
    let h = &s.header;
    let scenario = escape(&h.scenario);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"gilsim export\">\n<title>gilsim: {scenario}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<header>\n<h1>GIL timeline of <code>{scenario}</code></h1>\n"
    );
    let interval = svg::exact_ms(h.switch_interval_ns);
    let interval = interval
        .trim_end_matches(" ms")
        .trim_end_matches('0')
        .trim_end_matches('.');
    let cores = if h.cores == 1 { "core" } else { "cores" };
    let _ = writeln!(
        out,
        "<p class=\"settings\"><span>clock <b>{}</b></span> <span>GIL <b>{}</b></span> <span>switch interval <b>{interval} ms</b></span> <span><b>{}</b> {cores}</span> <span>seed <b>{}</b></span> <span>run <b>{} ms</b></span> <span><b>{}</b> events</span></p>",
        escape(&h.clock),
        escape(&h.gil),
        h.cores,
        h.seed,
        ms(s.end_t),
        s.events
    );
    if let Some(stopped) = &end.stopped {
        let _ = writeln!(
            out,
            "<p class=\"warning\">The run stopped early: <b>{}</b>.</p>",
            escape(stopped)
        );
    }
    if let Some(msg) = &end.incomplete {
        let _ = writeln!(
            out,
            "<p class=\"warning\">{}: the picture shows the run up to its last complete line.</p>",
            escape(msg)
        );
    }
    out.push_str("</header>\n");
}

fn write_tables(out: &mut String, s: &Summary) {
    let multi = s.procs.len() > 1;
    let run = s.duration_ns();
    out.push_str("<section class=\"tables\">\n<h2>Threads</h2>\n<table class=\"threads\">\n<thead><tr><th>thread</th>");
    if multi {
        out.push_str("<th>interpreter</th>");
    }
    out.push_str("<th>GIL held ms</th><th>held %</th><th>waiting ms</th><th>blocking ms</th><th>acquisitions</th><th>drops on request</th><th>longest wait ms</th></tr></thead>\n<tbody>\n");
    for th in &s.threads {
        let _ = write!(out, "<tr><td>{}</td>", escape(&th.name));
        if multi {
            let _ = write!(out, "<td>{}</td>", th.proc);
        }
        let _ = writeln!(
            out,
            "<td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ms(th.held_ns),
            th.held_pct(run),
            ms(th.waiting_ns),
            ms(th.blocking_ns),
            th.acquisitions,
            th.drops_on_request,
            ms(th.longest_wait_ns)
        );
    }
    out.push_str("</tbody>\n</table>\n<h2>Run</h2>\n<table class=\"totals\">\n<thead><tr><th></th><th>duration ms</th><th>holder changes</th><th>holder changes/s</th><th>GIL utilisation %</th><th>drop requests</th><th>drops on request</th><th>forced switches</th></tr></thead>\n<tbody>\n");
    if multi {
        for p in &s.procs {
            let _ = writeln!(
                out,
                "<tr><th>interpreter {}</th><td>{}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                p.proc,
                ms(p.duration_ns),
                p.holder_changes,
                p.holder_changes_per_sec(),
                p.utilisation_pct(),
                p.drop_requests,
                p.drops_on_request,
                p.forced_switches
            );
        }
    }
    let _ = writeln!(
        out,
        "<tr><th>run</th><td>{}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n</tbody>\n</table>",
        ms(run),
        s.holder_changes(),
        s.holder_changes_per_sec(),
        s.utilisation_pct(),
        s.drop_requests(),
        s.drops_on_request(),
        s.procs.iter().map(|p| p.forced_switches).sum::<u64>()
    );
    write_task_tables(out, s);
    if s.violation_count > 0 {
        let _ = writeln!(
            out,
            "<h2>Invariant violations: {}</h2>\n<ul class=\"violations\">",
            s.violation_count
        );
        for v in s.violations.iter().take(20) {
            let _ = writeln!(
                out,
                "<li>line {} (t = {}): {}</li>",
                v.index + 2,
                svg::exact_ms(v.t),
                escape(&v.to_string())
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<p class=\"note\">Times from the trace's nanoseconds; the same numbers as <code>gilsim run</code>'s report. Hover over the timeline for exact times. Slices narrower than about half a pixel are merged into blocks drawn as stacked bars, their heights the share of each state.</p>\n</section>\n");
}

/// Tasks the page's table lists; the rest are counted.
pub const TABLE_TASKS: usize = 200;

/// The report's asyncio tables: the tasks, and the stalls (steps or callbacks that held their
/// loop at least the threshold). Nothing for a run without an event loop.
fn write_task_tables(out: &mut String, s: &Summary) {
    let r = &s.asyncio;
    if r.tasks.is_empty() {
        return;
    }
    out.push_str("<h2>asyncio tasks</h2>\n<table class=\"tasks\">\n<thead><tr><th>task</th><th>coroutine</th><th>steps</th><th>running ms</th><th>ready ms</th><th>longest step ms</th><th>end</th></tr></thead>\n<tbody>\n");
    for t in r.tasks.iter().take(TABLE_TASKS) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}()</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&t.name),
            escape(&t.coro),
            t.steps,
            ms(t.running_ns),
            ms(t.ready_ns),
            ms(t.longest_step_ns),
            escape(t.outcome.as_deref().unwrap_or("pending"))
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if r.tasks.len() > TABLE_TASKS {
        let _ = writeln!(
            out,
            "<p class=\"note\">... and {} more tasks.</p>",
            r.tasks.len() - TABLE_TASKS
        );
    }
    let _ = writeln!(
        out,
        "<h2>Stalls (a step or callback holding its loop at least {}): {}</h2>",
        crate::report::fmt_duration(r.threshold_ns),
        r.slow_count
    );
    if r.slow_steps.is_empty() {
        return;
    }
    out.push_str("<ul class=\"stalls\">\n");
    let thread = |id: u32| {
        s.threads
            .iter()
            .find(|t| t.id == id)
            .map_or(format!("thread {id}"), |t| t.name.clone())
    };
    for st in r.slow_steps.iter().take(20) {
        let _ = writeln!(
            out,
            "<li>at {} on {}: {} held the loop {} ms, {}</li>",
            svg::exact_ms(st.start),
            escape(&thread(st.thread)),
            escape(&st.what),
            ms(st.dur_ns),
            st.lines()
        );
    }
    out.push_str("</ul>\n");
}

const CONTROLS: &str = r#"<form id="controls" class="controls" hidden>
<button type="button" data-act="in" title="zoom in">+ zoom in</button>
<button type="button" data-act="out" title="zoom out">- zoom out</button>
<button type="button" data-act="left" title="pan left">◀</button>
<button type="button" data-act="right" title="pan right">▶</button>
<button type="button" data-act="all" title="show the whole run">whole run</button>
<label>from <input id="from" type="text" inputmode="decimal" size="10"> ms</label>
<label>to <input id="to" type="text" inputmode="decimal" size="10"> ms</label>
<button type="submit">show</button>
<span class="hint">or scroll to zoom, drag to pan</span>
</form>
<noscript><p class="hint">The whole run is shown; zooming needs JavaScript.</p></noscript>
"#;

const LEGEND: &str = r#"<ul class="legend">
<li data-legend="running"><svg width="22" height="16" aria-hidden="true"><rect class="r" width="22" height="16"/></svg> running with the GIL</li>
<li data-legend="waiting"><svg width="22" height="16" aria-hidden="true"><rect class="w" width="22" height="16"/></svg> waiting for the GIL</li>
<li data-legend="blocking"><svg width="22" height="16" aria-hidden="true"><rect class="b" width="22" height="16"/></svg> blocking call (sleep, I/O, lock)</li>
<li data-legend="idle"><svg width="22" height="16" aria-hidden="true"><rect class="i" width="22" height="16"/></svg> idle (runnable, not asking for the GIL)</li>
<li data-legend="ready"><svg width="22" height="16" aria-hidden="true"><rect class="q" width="22" height="16"/></svg> no free core (more runners than cores)</li>
<li data-legend="gil">the <b>GIL</b> row: held (same colour as running), empty when free</li>
</ul>
"#;

const TASK_LEGEND: &str = r#"<ul class="legend tasks">
<li data-legend="task">an asyncio <b>task</b>'s row, under its event loop's thread:</li>
<li data-legend="task-running"><svg width="22" height="16" aria-hidden="true"><rect class="r" width="22" height="16"/></svg> running a step</li>
<li data-legend="task-ready"><svg width="22" height="16" aria-hidden="true"><rect class="w" width="22" height="16"/></svg> ready (waiting for the loop)</li>
<li data-legend="task-awaiting"><svg width="22" height="16" aria-hidden="true"><rect class="i" width="22" height="16"/></svg> awaiting</li>
</ul>
"#;

/// Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
const CSS: &str = r#"body { font-family: system-ui, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 18px; color: #111; background: #fff; margin: 1.2em 2em; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 1.2em 0 .4em; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; }
.settings span { display: inline-block; margin-right: 1.2em; }
.warning { background: #fff3cd; border-left: 6px solid #D55E00; padding: .4em .8em; }
.chart { display: flex; align-items: flex-start; margin-top: .6em; }
.labels { flex: none; font-size: 17px; }
.labels .gil { font-weight: bold; }
.labels .task { font-size: 15px; font-style: italic; fill: #333; }
.plotcol { flex: 1; min-width: 0; }
.plot, .axis { display: block; overflow: hidden; }
.plot { cursor: grab; touch-action: none; }
.axis { font-size: 14px; fill: #333; }
.axis line { stroke: #555; stroke-width: 1; }
.grid line { stroke: rgba(0,0,0,.22); stroke-width: 1; pointer-events: none; }
.lane { fill: #f3f3f3; }
.plot rect { shape-rendering: crispEdges; }
.row > rect:not(.lane):hover, .m:hover rect { opacity: .7; }
.r { fill: #0072B2; stroke: #0072B2; }
.w { fill: #E69F00; stroke: #E69F00; }
.b { fill: #009E73; stroke: #009E73; }
.i { fill: #c8c8c8; stroke: #c8c8c8; }
.q { fill: #CC79A7; stroke: #CC79A7; }
.r, .w, .b, .i, .q { stroke-width: 0; }
.t { stroke-width: 1px; vector-effect: non-scaling-stroke; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4em 1.6em; }
.legend svg { vertical-align: middle; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: .4em; }
.controls[hidden] { display: none; }
.controls button, .controls input { font-size: 16px; }
.hint, .note { color: #444; font-size: .9em; }
table { border-collapse: collapse; font-size: 17px; }
th, td { padding: .25em .8em; border-bottom: 1px solid #ccc; }
td { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { text-align: left; }
thead th { text-align: right; background: #eee; }
thead th:first-child, tbody th { text-align: left; }
"#;

/// Zoom and pan: changes the plot's `viewBox` and redraws the axis and grid with the ticks
/// `svg::ticks` computes (the same algorithm).
const SCRIPT: &str = r#"(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var plot = document.getElementById("plot"), axis = document.getElementById("axis");
  var grid = document.getElementById("grid"), form = document.getElementById("controls");
  var from = document.getElementById("from"), to = document.getElementById("to");
  if (!plot || !axis || !grid || !form) return;
  var W = 1200, H = plot.viewBox.baseVal.height, END = Number(plot.getAttribute("data-end-ns")) || 1;
  var a = 0, b = W;
  function ns(x) { return x / W * END; }
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function ticks(t0, t1) {
    var raw = Math.max(t1 - t0, 1) / 8, pow = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = 10 * pow, ms = [1, 2, 5, 10];
    for (var i = 0; i < ms.length; i++) if (ms[i] * pow >= raw) { step = ms[i] * pow; break; }
    step = Math.max(1, Math.round(step));
    var units = [[1e9, "s"], [1e6, "ms"], [1e3, "\u00b5s"], [1, "ns"]], u = 0;
    while (u < 3 && t1 < units[u][0]) u++;
    while (u < 3 && step < units[u][0] / 100) u++;
    var unit = units[u][0], suf = units[u][1];
    var digits = Math.max(0, -Math.floor(Math.log10(step / unit) + 1e-9));
    var out = [];
    for (var t = Math.ceil(t0 / step) * step; t <= t1; t += step)
      out.push([t, t === 0 ? "0" : (t / unit).toFixed(digits) + " " + suf]);
    return out;
  }
  function draw() {
    while (axis.firstChild) axis.removeChild(axis.firstChild);
    while (grid.firstChild) grid.removeChild(grid.firstChild);
    var t0 = ns(a), t1 = ns(b), ah = axis.height.baseVal.value;
    ticks(t0, t1).forEach(function (tk) {
      var x = tk[0] / END * W, pct = (x - a) / (b - a) * 100;
      var anchor = pct < 3 ? "start" : pct > 97 ? "end" : "middle";
      axis.appendChild(el("line", { x1: pct + "%", x2: pct + "%", y1: ah - 8, y2: ah }));
      axis.appendChild(el("text", { x: pct + "%", y: ah - 13, "text-anchor": anchor }, tk[1]));
      grid.appendChild(el("line", { x1: x, x2: x, y1: 0, y2: H, "vector-effect": "non-scaling-stroke" }));
    });
    plot.setAttribute("viewBox", a + " 0 " + (b - a) + " " + H);
    from.value = +(t0 / 1e6).toFixed(6);
    to.value = +(t1 / 1e6).toFixed(6);
  }
  function show(na, nb) {
    var min = W / 5000;
    if (nb - na < min) { var c = (na + nb) / 2; na = c - min / 2; nb = c + min / 2; }
    if (nb - na > W) { na = 0; nb = W; }
    if (na < 0) { nb -= na; na = 0; }
    if (nb > W) { na -= nb - W; nb = W; }
    a = Math.max(0, na); b = nb;
    draw();
  }
  function zoom(f, at) {
    if (at === undefined) at = (a + b) / 2;
    show(at - (at - a) * f, at + (b - at) * f);
  }
  form.addEventListener("click", function (e) {
    var act = e.target.getAttribute && e.target.getAttribute("data-act");
    if (act === "in") zoom(0.5);
    else if (act === "out") zoom(2);
    else if (act === "left") show(a - (b - a) / 4, b - (b - a) / 4);
    else if (act === "right") show(a + (b - a) / 4, b + (b - a) / 4);
    else if (act === "all") show(0, W);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var f = parseFloat(from.value), t = parseFloat(to.value);
    if (isFinite(f) && isFinite(t) && t > f) show(f * 1e6 / END * W, t * 1e6 / END * W);
  });
  function at(clientX) {
    var r = plot.getBoundingClientRect();
    return a + (clientX - r.left) / r.width * (b - a);
  }
  plot.addEventListener("wheel", function (e) {
    e.preventDefault();
    zoom(e.deltaY < 0 ? 0.8 : 1.25, at(e.clientX));
  }, { passive: false });
  var drag = null;
  plot.addEventListener("pointerdown", function (e) {
    drag = { x: e.clientX, a: a, b: b };
    plot.setPointerCapture(e.pointerId);
  });
  plot.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var d = (e.clientX - drag.x) / plot.getBoundingClientRect().width * (drag.b - drag.a);
    if (d !== 0) show(drag.a - d, drag.b - d);
  });
  plot.addEventListener("pointerup", function () { drag = null; });
  form.hidden = false;
  // a window in the address: page.html#from=10&to=30 (milliseconds)
  var m = /from=([0-9.]+)&to=([0-9.]+)/.exec(location.hash);
  if (m && +m[2] > +m[1]) show(m[1] * 1e6 / END * W, m[2] * 1e6 / END * W);
  else draw();
})();
"#;

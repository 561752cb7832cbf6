//! The summary as text (an aligned per-thread table and the run's totals) and as JSON.

use std::fmt::Write as _;

use super::model::{Summary, Violation};

/// Longest thread name the text table shows; longer names end in `…`.
pub const NAME_MAX: usize = 24;

/// Violations listed by [`render_text`]; the rest are counted.
pub const TEXT_VIOLATIONS: usize = 10;

fn ms(ns: u64) -> String {
    format!("{:.3}", ns as f64 / 1e6)
}

/// The per-thread table (thread, GIL held ms and % of the run, waiting ms, blocking ms,
/// acquisitions, drops on request, longest wait ms; `no core ms` when some thread waited for a
/// core), right-aligned numbers, then one line per
/// process when there are several, the run's totals, and any invariant violations.
pub fn render_text(s: &Summary) -> String {
    let multi = s.procs.len() > 1;
    let cores_short = s.threads.iter().any(|th| th.cpu_wait_ns > 0);
    let run = s.duration_ns();
    let mut head = vec!["thread"];
    if multi {
        head.push("proc");
    }
    head.extend([
        "held ms",
        "held %",
        "waiting ms",
        "blocking ms",
        "acquired",
        "dropped",
        "longest wait ms",
    ]);
    if cores_short {
        head.push("no core ms");
    }
    let mut rows: Vec<Vec<String>> = vec![head.iter().map(|h| h.to_string()).collect()];
    for th in &s.threads {
        let mut name: String = th.name.chars().take(NAME_MAX).collect();
        if th.name.chars().count() > NAME_MAX {
            name.pop();
            name.push('…');
        }
        let mut r = vec![name];
        if multi {
            r.push(th.proc.to_string());
        }
        r.extend([
            ms(th.held_ns),
            format!("{:.1}", th.held_pct(run)),
            ms(th.waiting_ns),
            ms(th.blocking_ns),
            th.acquisitions.to_string(),
            th.drops_on_request.to_string(),
            ms(th.longest_wait_ns),
        ]);
        if cores_short {
            r.push(ms(th.cpu_wait_ns));
        }
        rows.push(r);
    }
    let ncols = rows[0].len();
    let widths: Vec<usize> = (0..ncols)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let w = widths[c];
            if c == 0 {
                let _ = write!(line, "{cell:<w$}");
            } else {
                let _ = write!(line, "  {cell:>w$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if multi {
        for p in &s.procs {
            let _ = writeln!(
                out,
                "proc {}: {} ms, {} holder changes ({:.1}/s), GIL utilisation {:.1}%, {} drop requests, {} drops on request",
                p.proc,
                ms(p.duration_ns),
                p.holder_changes,
                p.holder_changes_per_sec(),
                p.utilisation_pct(),
                p.drop_requests,
                p.drops_on_request
            );
        }
    }
    let _ = writeln!(
        out,
        "run: {} ms, {} holder changes ({:.1}/s), GIL utilisation {:.1}%, {} drop requests, {} drops on request",
        ms(run),
        s.holder_changes(),
        s.holder_changes_per_sec(),
        s.utilisation_pct(),
        s.drop_requests(),
        s.drops_on_request()
    );
    out.push_str(&super::tasks::render_text(&s.asyncio, |id| {
        s.threads
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| format!("thread {id}"), |t| t.name.clone())
    }));
    if s.violation_count > 0 {
        let _ = writeln!(out, "invariant violations: {}", s.violation_count);
        for v in s.violations.iter().take(TEXT_VIOLATIONS) {
            let _ = writeln!(
                out,
                "  event {} (line {}, t={}): {}",
                v.index,
                v.index + 2,
                v.t,
                v
            );
        }
        if s.violation_count > TEXT_VIOLATIONS as u64 {
            let _ = writeln!(
                out,
                "  ... and {} more",
                s.violation_count - TEXT_VIOLATIONS as u64
            );
        }
    }
    out
}

/// A JSON object written field by field, in the order the fields are added.
struct Obj {
    s: String,
}

impl Obj {
    fn new() -> Obj {
        Obj { s: "{".into() }
    }

    fn key(&mut self, k: &str) -> &mut String {
        if self.s.len() > 1 {
            self.s.push(',');
        }
        let _ = write!(self.s, "\"{k}\":");
        &mut self.s
    }

    fn int(&mut self, k: &str, v: u64) -> &mut Obj {
        let _ = write!(self.key(k), "{v}");
        self
    }

    /// A derived float, rounded to 3 decimals.
    fn float(&mut self, k: &str, v: f64) -> &mut Obj {
        let v = if v.is_finite() {
            (v * 1000.0).round() / 1000.0
        } else {
            0.0
        };
        let text = serde_json::Value::from(v).to_string();
        self.key(k).push_str(&text);
        self
    }

    fn str(&mut self, k: &str, v: &str) -> &mut Obj {
        let text = serde_json::Value::from(v).to_string();
        self.key(k).push_str(&text);
        self
    }

    fn raw(&mut self, k: &str, v: &str) -> &mut Obj {
        self.key(k).push_str(v);
        self
    }

    fn done(&mut self) -> String {
        self.s.push('}');
        std::mem::take(&mut self.s)
    }
}

fn array(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(","))
}

fn violation_json(v: &Violation) -> String {
    Obj::new()
        .int("index", v.index)
        .int("line", v.index + 2)
        .int("t", v.t)
        .int("proc", v.proc as u64)
        .int("thread", v.thread as u64)
        .str("kind", v.kind.name())
        .str("message", &v.to_string())
        .done()
}

/// The summary as one JSON object on one line, keys in a fixed order: the run's setup
/// (`scenario` .. `seed`), its totals (`duration_ns`, `holder_changes`,
/// `holder_changes_per_s`, `gil_utilisation_pct`, ...), `procs` and `threads` (arrays by id),
/// then `violation_count` and the listed `violations`, and `asyncio` (tasks and stalls). Times are integer nanoseconds (`*_ns`);
/// `*_ms`, `*_pct` and `*_per_s` are derived floats rounded to 3 decimals.
pub fn render_json(s: &Summary) -> String {
    let h = &s.header;
    let run = s.duration_ns();
    let procs = array(s.procs.iter().map(|p| {
        Obj::new()
            .int("proc", p.proc as u64)
            .int("start_ns", p.start_t)
            .int("duration_ns", p.duration_ns)
            .int("held_ns", p.held_ns)
            .float("gil_utilisation_pct", p.utilisation_pct())
            .int("acquisitions", p.acquisitions)
            .int("holder_changes", p.holder_changes)
            .float("holder_changes_per_s", p.holder_changes_per_sec())
            .int("drop_requests", p.drop_requests)
            .int("drops_on_request", p.drops_on_request)
            .int("forced_switches", p.forced_switches)
            .int("messages_sent", p.messages_sent)
            .int("messages_received", p.messages_received)
            .done()
    }));
    let threads = array(s.threads.iter().map(|th| {
        let end = th.end_t.map_or("null".to_string(), |t| t.to_string());
        Obj::new()
            .int("thread", th.id as u64)
            .int("proc", th.proc as u64)
            .str("name", &th.name)
            .int("start_ns", th.start_t)
            .raw("end_ns", &end)
            .int("held_ns", th.held_ns)
            .float("held_ms", th.held_ns as f64 / 1e6)
            .float("held_pct", th.held_pct(run))
            .int("waiting_ns", th.waiting_ns)
            .float("waiting_ms", th.waiting_ns as f64 / 1e6)
            .int("blocking_ns", th.blocking_ns)
            .float("blocking_ms", th.blocking_ns as f64 / 1e6)
            .int("idle_ns", th.idle_ns)
            .int("cpu_wait_ns", th.cpu_wait_ns)
            .int("acquisitions", th.acquisitions)
            .int("drops_on_request", th.drops_on_request)
            .int("drop_requests_set", th.drop_requests_set)
            .int("longest_wait_ns", th.longest_wait_ns)
            .float("longest_wait_ms", th.longest_wait_ns as f64 / 1e6)
            .done()
    }));
    let violations = array(s.violations.iter().map(violation_json));
    Obj::new()
        .str("scenario", &h.scenario)
        .str("clock", &h.clock)
        .str("gil", &h.gil)
        .int("switch_interval_ns", h.switch_interval_ns)
        .int("cores", h.cores as u64)
        .int("seed", h.seed)
        .int("events", s.events)
        .int("duration_ns", run)
        .float("duration_ms", run as f64 / 1e6)
        .int("holder_changes", s.holder_changes())
        .float("holder_changes_per_s", s.holder_changes_per_sec())
        .float("gil_utilisation_pct", s.utilisation_pct())
        .int("drop_requests", s.drop_requests())
        .int("drops_on_request", s.drops_on_request())
        .raw("procs", &procs)
        .raw("threads", &threads)
        .int("violation_count", s.violation_count)
        .raw("violations", &violations)
        .raw("asyncio", &super::tasks::render_json(&s.asyncio))
        .done()
}

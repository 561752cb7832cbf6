//! `gilsim analyze`: a trace read back (streaming, constant memory) into the run's numbers,
//! distributions of GIL holds and waits, release reasons, and the invariant check.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use super::{render_json, render_text, render_timeline, Fold, Keep};
use crate::trace::event::{EventKind, Header};
use crate::trace::reader::{TraceError, TraceReader};

/// What to show.
#[derive(Clone, Debug, Default)]
pub struct AnalyzeOptions {
    pub json: bool,
    pub timeline: bool,
    /// Only events in `[from, to)` count (nanoseconds).
    pub from: Option<u64>,
    pub to: Option<u64>,
    pub width: usize,
    pub color: bool,
    /// The stall threshold for asyncio steps and callbacks (default: 100 ms).
    pub slow_callback_ns: Option<u64>,
}

/// Why a trace could not be analysed: a message and the exit code.
#[derive(Debug)]
pub struct AnalyzeError {
    pub code: i32,
    pub message: String,
}

/// A log-linear histogram of durations: constant memory, about 3% resolution.
#[derive(Clone, Debug, Default)]
pub struct Histogram {
    buckets: BTreeMap<u32, u64>,
    count: u64,
    max: u64,
}

impl Histogram {
    fn bucket(v: u64) -> u32 {
        if v < 32 {
            return v as u32;
        }
        let log = 63 - v.leading_zeros();
        let sub = ((v >> (log - 5)) & 31) as u32;
        log * 32 + sub
    }
    fn lower(b: u32) -> u64 {
        if b < 32 {
            return b as u64;
        }
        let log = b / 32;
        let sub = (b % 32) as u64;
        (1u64 << log) | (sub << (log - 5))
    }
    /// Count one value.
    pub fn add(&mut self, v: u64) {
        *self.buckets.entry(Self::bucket(v)).or_insert(0) += 1;
        self.count += 1;
        self.max = self.max.max(v);
    }
    /// The value below which fraction `q` of the values fall (bucket lower bound).
    pub fn quantile(&self, q: f64) -> u64 {
        if self.count == 0 {
            return 0;
        }
        let target = ((self.count as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (b, n) in &self.buckets {
            seen += n;
            if seen >= target {
                return Self::lower(*b).min(self.max);
            }
        }
        self.max
    }
    pub fn count(&self) -> u64 {
        self.count
    }
    pub fn max(&self) -> u64 {
        self.max
    }
}

fn ms(ns: u64) -> String {
    format!("{:.3}", ns as f64 / 1e6)
}

/// Opens the trace at `path` and reads its header, refusing a directory, a file that cannot be
/// read and a first line that is not a `gilsim-trace/1` header (exit code 2).
pub fn open_trace(path: &Path) -> Result<(TraceReader<BufReader<File>>, Header), AnalyzeError> {
    let bad = |message: String| AnalyzeError { code: 2, message };
    if path.is_dir() {
        return Err(bad(format!(
            "{}: is a directory, not a trace",
            path.display()
        )));
    }
    let file = File::open(path).map_err(|e| bad(format!("{}: {}", path.display(), e)))?;
    TraceReader::new(BufReader::with_capacity(1 << 16, file))
        .map_err(|e| bad(format!("{}: {}", path.display(), e)))
}

/// A bad line met while reading the events of the trace at `path` (exit code 1).
pub fn bad_line(path: &Path, e: TraceError) -> AnalyzeError {
    AnalyzeError {
        code: 1,
        message: format!("{}: {}", path.display(), e),
    }
}

/// What a trace without footer gets: `incomplete: the trace ends at line N without a footer`,
/// `lines` being its complete lines ([`TraceReader::lines_read`]).
pub fn incomplete_message(lines: u64) -> String {
    format!("incomplete: the trace ends at line {lines} without a footer")
}

/// Analyse the trace at `path`; the output to print, or an error with its exit code.
pub fn analyze(path: &Path, opts: &AnalyzeOptions) -> Result<String, AnalyzeError> {
    let (mut reader, header) = open_trace(path)?;
    let from = opts.from.unwrap_or(0);
    let to = opts.to.unwrap_or(u64::MAX);
    let keep = if opts.timeline {
        Keep::Window(from, to)
    } else {
        Keep::None
    };
    let mut fold = Fold::new(&header, keep);
    if let Some(ns) = opts.slow_callback_ns {
        fold.set_slow_threshold(ns);
    }
    let mut holds = Histogram::default();
    let mut waits = Histogram::default();
    let mut reasons: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut held_since: BTreeMap<(u32, u32), u64> = BTreeMap::new();
    let mut io_end_at: BTreeMap<(u32, u32), u64> = BTreeMap::new();
    let mut convoy = Histogram::default();
    let mut last_t = 0;
    for item in reader.by_ref() {
        let e = item.map_err(|e| bad_line(path, e))?;
        last_t = e.t;
        if e.t >= to {
            break;
        }
        // the fold sees the run from its start (names, states at the window's edge); the
        // timeline shows only the window, and the distributions count only events inside it
        fold.push(&e);
        if e.t < from {
            continue;
        }
        let key = (e.proc, e.thread);
        match &e.kind {
            EventKind::GilAcquire { wait_ns } => {
                waits.add(*wait_ns);
                held_since.insert(key, e.t);
                if let Some(t0) = io_end_at.remove(&key) {
                    convoy.add(e.t - t0);
                }
            }
            EventKind::GilRelease { reason } => {
                if let Some(t0) = held_since.remove(&key) {
                    holds.add(e.t - t0);
                }
                *reasons.entry(reason.as_str()).or_insert(0) += 1;
            }
            EventKind::IoEnd { .. } | EventKind::Unblock => {
                io_end_at.insert(key, e.t);
            }
            _ => {}
        }
    }
    // drain the rest so a cut-off trace is still noticed when `--to` stopped early
    for item in reader.by_ref() {
        if item.is_err() {
            break;
        }
    }
    let footer = reader.footer().cloned();
    let end = footer.as_ref().map(|f| f.t).unwrap_or(last_t).min(to);
    let summary = fold.finish(end);
    let incomplete = footer
        .is_none()
        .then(|| incomplete_message(reader.lines_read()));
    if opts.json {
        let mut dist = String::new();
        for (name, h) in [("hold", &holds), ("wait", &waits), ("convoy", &convoy)] {
            dist.push_str(&format!(
                "\"{name}_ns\":{{\"count\":{},\"p50\":{},\"p90\":{},\"p99\":{},\"max\":{}}},",
                h.count(),
                h.quantile(0.5),
                h.quantile(0.9),
                h.quantile(0.99),
                h.max()
            ));
        }
        let reasons_json: Vec<String> = reasons
            .iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        let run = render_json(&summary);
        let run = run.trim_end();
        let run = run.strip_suffix('}').unwrap_or(run).to_string();
        return Ok(format!(
            "{},{}\"release_reasons\":{{{}}},\"complete\":{}}}\n",
            run,
            dist,
            reasons_json.join(","),
            footer.is_some()
        ));
    }
    let mut out = String::new();
    if opts.timeline {
        let window = if opts.from.is_some() || opts.to.is_some() {
            Some((from, end))
        } else {
            None
        };
        out.push_str(&render_timeline(&summary, opts.width, opts.color, window));
    }
    out.push_str(&render_text(&summary));
    out.push_str(
        "\ndistribution        count       p50 ms       p90 ms       p99 ms       max ms\n",
    );
    for (name, h) in [
        ("GIL holds", &holds),
        ("GIL waits", &waits),
        ("convoy latency", &convoy),
    ] {
        out.push_str(&format!(
            "{:<15} {:>9} {:>12} {:>12} {:>12} {:>12}\n",
            name,
            h.count(),
            ms(h.quantile(0.5)),
            ms(h.quantile(0.9)),
            ms(h.quantile(0.99)),
            ms(h.max())
        ));
    }
    let rs: Vec<String> = reasons.iter().map(|(k, v)| format!("{k} {v}")).collect();
    out.push_str(&format!(
        "release reasons: {}\n",
        if rs.is_empty() {
            "none".into()
        } else {
            rs.join(", ")
        }
    ));
    let shares: Vec<f64> = summary
        .threads
        .iter()
        .filter(|t| t.acquisitions > 0)
        .map(|t| t.held_ns as f64)
        .collect();
    if shares.len() > 1 {
        // Jain's fairness index over GIL time of the threads that held it
        let sum: f64 = shares.iter().sum();
        let sq: f64 = shares.iter().map(|x| x * x).sum();
        out.push_str(&format!(
            "fairness (Jain's index of GIL time): {:.3}\n",
            sum * sum / (shares.len() as f64 * sq)
        ));
    }
    if let Some(msg) = incomplete {
        out.push_str(&msg);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Histogram;

    #[test]
    fn histogram_quantiles() {
        let mut h = Histogram::default();
        for v in 1..=1000u64 {
            h.add(v * 1000);
        }
        let p50 = h.quantile(0.5);
        assert!((480_000..=500_000).contains(&p50), "{p50}");
        assert!(h.quantile(0.99) >= 950_000);
        assert_eq!(h.max(), 1_000_000);
        assert_eq!(Histogram::default().quantile(0.5), 0);
    }
}

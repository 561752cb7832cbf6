//! The timeline as inline SVG: a label column, a time axis, and one row per GIL, thread and
//! asyncio task.
//!
//! The plot is drawn in a coordinate system [`PLOT_W`] units wide for the whole run and
//! stretched to the page's width (`preserveAspectRatio="none"`), so zooming is a change of its
//! `viewBox`; it holds no text, which would stretch too. The axis is a separate SVG whose ticks
//! are placed in percent of its width; the page's script redraws it on zoom. Every slice carries
//! a `<title>` with its exact times, which browsers show on hover without any script.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::blocks::{state_index, Block, STATES};
use super::html::escape;
use crate::report::tasks::TaskState;
use crate::report::State;

/// Width of the whole run in plot units.
pub const PLOT_W: f64 = 1200.0;
/// Height of a row, and the gap between rows (pixels).
pub const ROW_H: u32 = 30;
pub const ROW_GAP: u32 = 10;
/// Height of the axis above the rows; width of the label column (pixels).
pub const AXIS_H: u32 = 34;
pub const LABEL_W: u32 = 210;

/// Longest row label shown; longer names end in `…` (the full name is on hover).
const LABEL_MAX: usize = 22;

/// What a row shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// Who holds the GIL of the row's `proc`: a block's `label` is the holder's thread id.
    Gil,
    /// What thread `thread` does: a blocking block's `label` indexes the page's labels.
    Thread(u32),
    /// What asyncio task `.1`, on the event loop of thread `.0`, does: its blocks carry the
    /// states of [`task_block_state`], and a single block's `label` indexes the page's labels.
    Task(u32, u64),
}

/// One row of the timeline.
#[derive(Clone, Debug)]
pub struct Row {
    pub kind: RowKind,
    pub proc: u32,
    /// The row's label: `GIL`, or the thread's name.
    pub name: String,
    pub blocks: Vec<Block>,
}

/// Names the page needs to describe blocks: threads by id, blocking calls and task steps by
/// index.
pub struct Names<'a> {
    pub threads: &'a HashMap<u32, String>,
    pub labels: &'a [String],
    /// Whether rows say which interpreter they belong to (several `proc`s).
    pub multi_proc: bool,
}

/// The CSS class that colours a state.
pub fn state_class(s: State) -> &'static str {
    match s {
        State::Running => "r",
        State::WaitingGil => "w",
        State::Blocking => "b",
        State::Idle => "i",
        State::Ready => "q",
    }
}

/// What a state is called on the page.
pub fn state_words(s: State) -> &'static str {
    match s {
        State::Running => "running with the GIL",
        State::WaitingGil => "waiting for the GIL",
        State::Blocking => "blocking call",
        State::Idle => "idle",
        State::Ready => "runnable, no free core",
    }
}

/// How a task row stores a task's state in a [`Block`]: running as running, ready as waiting
/// (for the loop, not the GIL) and awaiting as idle, so they take those colours, as the
/// terminal's task rows do.
pub fn task_block_state(s: TaskState) -> State {
    match s {
        TaskState::Running => State::Running,
        TaskState::Ready => State::WaitingGil,
        TaskState::Awaiting => State::Idle,
    }
}

/// What a task row's block state is called on the page.
fn task_words(s: State) -> &'static str {
    match s {
        State::Running => "running",
        State::WaitingGil => "ready",
        _ => "awaiting",
    }
}

/// `ns` as exact milliseconds: `5041250` gives `5.041250 ms`.
pub fn exact_ms(ns: u64) -> String {
    format!("{}.{:06} ms", ns / 1_000_000, ns % 1_000_000)
}

/// Ticks from `from` to `to` (nanoseconds) with their labels, as the page's script computes
/// them too: about eight, a step of 1, 2 or 5 times a power of ten apart.
pub fn ticks(from: u64, to: u64) -> Vec<(u64, String)> {
    let span = to.saturating_sub(from).max(1) as f64;
    let raw = span / 8.0;
    let pow = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * pow)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * pow)
        .max(1.0) as u64;
    // the unit of the window's end, or a smaller one if the step would need more than two
    // decimals in it; as many decimals as the step needs
    const UNITS: [(f64, &str); 4] = [(1e9, "s"), (1e6, "ms"), (1e3, "µs"), (1.0, "ns")];
    let mut u = UNITS.iter().position(|(f, _)| to as f64 >= *f).unwrap_or(3);
    while u < 3 && (step as f64) < UNITS[u].0 / 100.0 {
        u += 1;
    }
    let (unit, suffix) = UNITS[u];
    let digits = (-(step as f64 / unit).log10().floor()).max(0.0) as usize;
    let mut next = from.div_ceil(step).checked_mul(step);
    let mut out = Vec::new();
    while let Some(t) = next.filter(|t| *t <= to) {
        let label = if t == 0 {
            "0".to_string()
        } else {
            format!("{:.*} {suffix}", digits, t as f64 / unit)
        };
        out.push((t, label));
        next = t.checked_add(step);
    }
    out
}

fn x_of(t: u64, run: u64) -> f64 {
    t as f64 * PLOT_W / run.max(1) as f64
}

/// The describing words of a block: who, what, when, for how long.
fn block_title(row: &Row, b: &Block, names: &Names) -> String {
    let who = match row.kind {
        RowKind::Gil if names.multi_proc => format!("GIL of interpreter {}", row.proc),
        RowKind::Gil => "GIL".to_string(),
        RowKind::Thread(_) | RowKind::Task(..) => row.name.clone(),
    };
    let when = format!(
        "{}–{}",
        exact_ms(b.start).trim_end_matches(" ms"),
        exact_ms(b.end)
    );
    if b.count == 1 {
        let what = match row.kind {
            RowKind::Gil => format!(
                "held by {}",
                names.threads.get(&b.label).map_or("?", |s| s.as_str())
            ),
            RowKind::Task(..) => names
                .labels
                .get(b.label as usize)
                .map_or_else(|| task_words(b.state).to_string(), |s| s.clone()),
            RowKind::Thread(_) if b.state == State::Blocking => {
                let call = names
                    .labels
                    .get(b.label as usize)
                    .map_or("", |s| s.as_str());
                format!(
                    "in {} (blocking call)",
                    if call.is_empty() { "a call" } else { call }
                )
            }
            RowKind::Thread(_) => state_words(b.state).to_string(),
        };
        return format!("{who}: {what}, {when} ({})", exact_ms(b.width()));
    }
    let mut parts = Vec::new();
    for s in STATES {
        let ns = b.ns[state_index(s)];
        if ns > 0 {
            let word = match row.kind {
                RowKind::Gil => "held",
                RowKind::Thread(_) => s.as_str(),
                RowKind::Task(..) => task_words(s),
            };
            let pct = ns as f64 * 100.0 / b.width().max(1) as f64;
            parts.push(format!("{word} {} ({pct:.0}%)", exact_ms(ns)));
        }
    }
    let slices = match row.kind {
        RowKind::Gil => "holdings",
        RowKind::Thread(_) | RowKind::Task(..) => "slices",
    };
    format!(
        "{who}: {} {slices} merged, {when}: {}",
        b.count,
        parts.join(", ")
    )
}

/// Writes the label column, the axis and the plot.
pub fn write_chart(out: &mut String, rows: &[Row], run: u64, names: &Names) {
    let pitch = ROW_H + ROW_GAP;
    let h = rows.len() as u32 * pitch;
    // the label column
    let _ = write!(
        out,
        "<div class=\"chart\">\n<svg class=\"labels\" width=\"{LABEL_W}\" height=\"{}\" aria-hidden=\"true\">\n",
        h + AXIS_H
    );
    for (i, row) in rows.iter().enumerate() {
        let y = AXIS_H + i as u32 * pitch + ROW_GAP / 2 + ROW_H / 2;
        let mut label: String = row.name.chars().take(LABEL_MAX).collect();
        if row.name.chars().count() > LABEL_MAX {
            label.pop();
            label.push('…');
        }
        if row.kind == RowKind::Gil && names.multi_proc {
            label = format!("GIL · interp. {}", row.proc);
        }
        let class = match row.kind {
            RowKind::Gil => "gil",
            RowKind::Thread(_) => "thread",
            RowKind::Task(..) => "task",
        };
        let _ = writeln!(
            out,
            "<text class=\"{class}\" x=\"{}\" y=\"{y}\" dominant-baseline=\"central\" text-anchor=\"end\"><title>{}</title>{}</text>",
            LABEL_W - 10,
            escape(&row.name),
            escape(&label)
        );
    }
    out.push_str("</svg>\n<div class=\"plotcol\">\n");
    // the axis, for the whole run (the script redraws it for a window)
    let _ = writeln!(
        out,
        "<svg id=\"axis\" class=\"axis\" width=\"100%\" height=\"{AXIS_H}\" aria-hidden=\"true\">"
    );
    let tks = ticks(0, run);
    for (t, label) in &tks {
        let pct = x_of(*t, run) * 100.0 / PLOT_W;
        let anchor = if pct < 3.0 {
            "start"
        } else if pct > 97.0 {
            "end"
        } else {
            "middle"
        };
        let _ = writeln!(
            out,
            "<line x1=\"{pct:.3}%\" x2=\"{pct:.3}%\" y1=\"{}\" y2=\"{AXIS_H}\"/><text x=\"{pct:.3}%\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            AXIS_H - 8,
            AXIS_H - 13,
            escape(label)
        );
    }
    out.push_str("</svg>\n");
    // the plot
    let _ = writeln!(
        out,
        "<svg id=\"plot\" class=\"plot\" viewBox=\"0 0 {PLOT_W} {h}\" preserveAspectRatio=\"none\" width=\"100%\" height=\"{h}\" data-end-ns=\"{run}\" role=\"img\" aria-label=\"GIL timeline: one row for the GIL, one per thread and per asyncio task\">"
    );
    for (i, row) in rows.iter().enumerate() {
        let y = i as u32 * pitch + ROW_GAP / 2;
        let data = match row.kind {
            RowKind::Gil => format!("data-row=\"gil\" data-proc=\"{}\"", row.proc),
            RowKind::Thread(id) => format!(
                "data-row=\"thread\" data-proc=\"{}\" data-thread=\"{id}\"",
                row.proc
            ),
            RowKind::Task(thread, task) => format!(
                "data-row=\"task\" data-proc=\"{}\" data-thread=\"{thread}\" data-task=\"{task}\"",
                row.proc
            ),
        };
        let _ = writeln!(
            out,
            "<g class=\"row\" {data} data-name=\"{}\" data-blocks=\"{}\" transform=\"translate(0 {y})\">\n<rect class=\"lane\" width=\"{PLOT_W}\" height=\"{ROW_H}\"/>",
            escape(&row.name),
            row.blocks.len()
        );
        for b in &row.blocks {
            write_block(out, row, b, run, names);
        }
        out.push_str("</g>\n");
    }
    out.push_str("<g id=\"grid\" class=\"grid\">\n");
    for (t, _) in &tks {
        let x = x_of(*t, run);
        let _ = writeln!(
            out,
            "<line x1=\"{x:.3}\" x2=\"{x:.3}\" y1=\"0\" y2=\"{h}\" vector-effect=\"non-scaling-stroke\"/>"
        );
    }
    out.push_str("</g>\n</svg>\n</div>\n</div>\n");
}

fn write_block(out: &mut String, row: &Row, b: &Block, run: u64, names: &Names) {
    let (x0, x1) = (x_of(b.start, run), x_of(b.end, run));
    // both ends rounded the same way, so neighbouring blocks meet without seams
    let (x0, x1) = (
        (x0 * 1000.0).round() / 1000.0,
        (x1 * 1000.0).round() / 1000.0,
    );
    let w = x1 - x0;
    let title = escape(&block_title(row, b, names));
    if b.count == 1 {
        // a slice under a pixel wide at full width gets a one-pixel outline (class `t`), so
        // short holdings stay visible; the outline does not grow when zooming in
        let thin = if w < 1.0 { " t" } else { "" };
        let _ = writeln!(
            out,
            "<rect class=\"{}{thin}\" x=\"{x0:.3}\" width=\"{w:.3}\" height=\"{ROW_H}\"><title>{title}</title></rect>",
            state_class(b.state)
        );
        return;
    }
    // a merged block: one bar per state, stacked from the bottom, as tall as its share but at
    // least a pixel (a state that took 1% of a block still shows); the tallest gives way
    let row_h = ROW_H as f64;
    let mut heights = b.ns.map(|ns| {
        if ns == 0 {
            0.0
        } else {
            (row_h * ns as f64 / b.width().max(1) as f64).max(1.0)
        }
    });
    let excess = heights.iter().sum::<f64>() - row_h;
    if excess > 0.0 {
        let tallest = (0..4).fold(0, |m, i| if heights[i] > heights[m] { i } else { m });
        heights[tallest] = (heights[tallest] - excess).max(1.0);
    }
    let _ = write!(out, "<g class=\"m\"><title>{title}</title>");
    // as for a single slice: a block under a pixel wide gets the one-pixel outline, so a few
    // short slices (a task's step and its wait in the ready queue) stay visible
    let thin = if w < 1.0 { " t" } else { "" };
    let mut y = row_h;
    for s in STATES {
        let hh = heights[state_index(s)];
        if hh == 0.0 {
            continue;
        }
        y -= hh;
        let _ = write!(
            out,
            "<rect class=\"{}{thin}\" x=\"{x0:.3}\" y=\"{:.2}\" width=\"{w:.3}\" height=\"{hh:.2}\"/>",
            state_class(s),
            y.max(0.0)
        );
    }
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_run() {
        let t = ticks(0, 523_000_000);
        assert_eq!(t[0], (0, "0".to_string()));
        assert_eq!(t[1], (100_000_000, "100 ms".to_string()));
        assert!(t.last().unwrap().0 <= 523_000_000);
        let t = ticks(0, 2_500);
        assert_eq!(t[1].1, "0.5 µs");
        let t = ticks(1_000_000, 1_004_000);
        assert_eq!(t[0].1, "1000.0 µs");
        assert_eq!(t[1].1, "1000.5 µs");
        let t = ticks(1_000_000_000, 1_003_000_000);
        assert_eq!(t[1].1, "1000.5 ms");
        assert_eq!(ticks(0, 6_500_000_000)[1].1, "1 s");
        assert_eq!(ticks(0, 300).last().unwrap().1, "300 ns");
        assert!(ticks(0, 0).len() == 1);
        assert!((3..=11).contains(&ticks(0, u64::MAX).len()));
    }

    #[test]
    fn exact_times_keep_nanoseconds() {
        assert_eq!(exact_ms(5_041_250), "5.041250 ms");
        assert_eq!(exact_ms(7), "0.000007 ms");
    }
}

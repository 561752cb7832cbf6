//! The terminal timeline: who holds the GIL, and what each thread does, column by column.
//!
//! In the spirit of David Beazley's GIL visualisations. Per process a `GIL` row names the
//! holder of each column by the thread's symbol, then one row per thread shows its state:
//!
//! ```text
//! demo.py  gil=new  interval=5ms  cores=2
//! GIL            0000111110000011111
//! MainThread   0 █████░░░░░█████░░░░
//! Thread-1     1 ░░░░░█████░░░░░████
//!                ┴─────────┴─────────
//!                0ms       10ms
//! ```
//!
//! Each of the `cols` columns covers `(to - from) / cols` nanoseconds and shows the state that
//! occupied most of it (ties: running > waiting > blocking > idle > not alive). Lines never
//! exceed the width asked for, counted in characters without ANSI colour codes.
//!
//! Under a thread that runs an asyncio event loop, one row per task (at most
//! [`TASK_ROWS`] per thread) shows whether a step of it runs, it is ready (scheduled, waiting
//! for the loop), or it awaits something.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::model::{Keep, ProcSummary, State, Summary, ThreadSummary, HELD};
use super::tasks::TaskSummary;

/// Longest row label (thread name) shown; longer names end in `…`.
pub const LABEL_MAX: usize = 14;

/// Longest thread name the key under the timeline shows (it names threads whose row labels
/// were cut).
pub const KEY_NAME_MAX: usize = 40;

const RUNNING: char = '█';
const WAITING: char = '░';
const NO_CORE: char = '▓';
const BLOCKING: char = '~';
const IDLE: char = '·';
const ABSENT: char = ' ';
const FREE: char = '·';
const READY: char = '▒';

/// Task rows drawn under one thread; the others are counted in a note.
pub const TASK_ROWS: usize = 8;

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const BLUE: &str = "\x1b[34m";
const DIM: &str = "\x1b[2m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Formats nanoseconds the way the CLI writes durations: `5ms`, `1.5ms`, `100us`, `2s`, `0ns`.
pub fn fmt_duration(ns: u64) -> String {
    let (unit, name) = if ns >= 1_000_000_000 {
        (1_000_000_000, "s")
    } else if ns >= 1_000_000 {
        (1_000_000, "ms")
    } else if ns >= 1_000 {
        (1_000, "us")
    } else {
        (1, "ns")
    };
    let whole = ns / unit;
    // Three decimals at most, rounded down, trailing zeros trimmed.
    let frac = (ns % unit) * 1000 / unit;
    if frac == 0 {
        format!("{whole}{name}")
    } else {
        let f = format!("{frac:03}");
        format!("{whole}.{}{name}", f.trim_end_matches('0'))
    }
}

/// Renders the timeline of `s` in at most `width` columns, with ANSI colours if `color`, over
/// `window` (`[from, to)` in ns, clamped to the run) or the whole run.
///
/// The summary must have kept its intervals ([`Keep::All`], or a [`Keep::Window`] covering
/// `window`); without them only the title and a note are rendered.
pub fn render_timeline(
    s: &Summary,
    width: usize,
    color: bool,
    window: Option<(u64, u64)>,
) -> String {
    let (from, to) = match window {
        Some((a, b)) => (a.min(s.end_t), b.min(s.end_t)),
        None => (0, s.end_t),
    };
    let mut out = Vec::new();
    let h = &s.header;
    let mut title = vec![
        (h.scenario.clone(), None),
        (format!("gil={}", h.gil), None),
        (
            format!("interval={}", fmt_duration(h.switch_interval_ns)),
            None,
        ),
        (format!("cores={}", h.cores), None),
    ];
    if h.clock != "virtual" {
        // a lived run, not a simulated one
        title.insert(1, (format!("clock={}", h.clock), None));
    }
    if window.is_some() {
        let w = format!(
            "window {}..{} of {}",
            fmt_duration(from),
            fmt_duration(to),
            fmt_duration(s.end_t)
        );
        title.push((w, None));
    }
    wrap(&mut out, &title, width, false);
    if s.kept == Keep::None {
        out.push("(no intervals were kept: fold with Keep::All to draw a timeline)".into());
        return finish(out, width);
    }
    if from >= to || s.threads.is_empty() {
        out.push("(nothing to draw: no threads, or an empty time window)".into());
        return finish(out, width);
    }
    let span = to - from;

    // Labels and columns.
    let multi = s.procs.len() > 1;
    let gil_label = |p: u32| {
        if multi {
            format!("GIL p{p}")
        } else {
            "GIL".to_string()
        }
    };
    let mut lw = s
        .threads
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0);
    lw = lw.max(
        s.procs
            .iter()
            .map(|p| gil_label(p.proc).len())
            .max()
            .unwrap_or(3),
    );
    lw = lw.min(LABEL_MAX).min((width / 3).max(3));
    let cols = (width.saturating_sub(lw + 3).max(1) as u64).min(span) as usize;
    let grid = Grid { from, span, cols };
    let syms = symbols(s);

    for p in &s.procs {
        let members: Vec<usize> = (0..s.threads.len())
            .filter(|&i| s.threads[i].proc == p.proc)
            .collect();
        let cells = gil_cells(&grid, s, p, &members, &syms);
        out.push(row(&gil_label(p.proc), ' ', lw, &cells, color));
        for &i in &members {
            let cells = state_cells(&grid, &s.threads[i]);
            out.push(row(&s.threads[i].name, syms[i], lw, &cells, color));
            let tasks: Vec<&TaskSummary> = s
                .asyncio
                .tasks
                .iter()
                .filter(|t| t.thread == s.threads[i].id && t.has_timeline())
                .collect();
            for t in tasks.iter().take(TASK_ROWS) {
                let cells = task_cells(&grid, t);
                out.push(row(&format!(" {}", t.name), ' ', lw, &cells, color));
            }
            if tasks.len() > TASK_ROWS {
                out.push(format!(
                    "{:lw$}   ... and {} more tasks",
                    "",
                    tasks.len() - TASK_ROWS
                ));
            }
        }
    }
    let pad = " ".repeat(lw + 3);
    let (axis, labels) = axis(&grid);
    out.push(format!("{pad}{axis}"));
    out.push(format!("{pad}{labels}").trim_end().to_string());

    // The key and the legend, wrapped to the width.
    let mut key = Vec::new();
    for (i, th) in s.threads.iter().enumerate() {
        let item = format!("{}={}", syms[i], truncate(&th.name, KEY_NAME_MAX));
        key.push((
            if i == 0 {
                format!("GIL holder: {item}")
            } else {
                item
            },
            None,
        ));
    }
    key.push((format!("{FREE}=free"), Some(DIM)));
    wrap(&mut out, &key, width, color);
    let mut legend = vec![
        (format!("{RUNNING} running"), Some(GREEN)),
        (format!("{WAITING} waiting for GIL"), Some(RED)),
        (format!("{BLOCKING} blocking"), Some(BLUE)),
        (format!("{IDLE} idle"), Some(DIM)),
    ];
    if s.threads.iter().any(|th| th.cpu_wait_ns > 0) {
        legend.push((format!("{NO_CORE} no free core"), Some(YELLOW)));
    }
    legend.push((
        format!("1 col = {}", fmt_duration(span / cols as u64)),
        None,
    ));
    wrap(&mut out, &legend, width, color);
    if s.asyncio.tasks.iter().any(|t| t.has_timeline()) {
        let tasks = [
            ("task rows:".to_string(), None),
            (format!("{RUNNING} ran a step"), Some(GREEN)),
            (format!("{READY} ready"), Some(RED)),
            (format!("{IDLE} awaiting"), Some(DIM)),
        ];
        wrap(&mut out, &tasks, width, color);
    }
    finish(out, width)
}

/// A task's row: running wherever a step of it ran in the column, else the state (ready,
/// awaiting) that occupied most of it; on a tie ready > awaiting > not alive.
fn task_cells(g: &Grid, t: &TaskSummary) -> Vec<Cell> {
    let mut occ = vec![[0u64; 3]; g.cols];
    for iv in &t.intervals {
        g.spread(iv.start, iv.end, |c, ns| occ[c][iv.state.slot()] += ns);
    }
    if let Some(b) = &t.coarse {
        b.each(|start, end, k, ns| g.spread_share(start, end, ns, |c, ns| occ[c][k] += ns));
    }
    (0..g.cols)
        .map(|c| {
            // a step is short next to a column: any running shows, so every step is seen
            if occ[c][0] > 0 {
                return (RUNNING, Some(GREEN));
            }
            let absent = g.width(c).saturating_sub(occ[c].iter().sum());
            let mut best = (absent, 3);
            for k in (1..3).rev() {
                if occ[c][k] >= best.0 && occ[c][k] > 0 {
                    best = (occ[c][k], k);
                }
            }
            match best.1 {
                0 => (RUNNING, Some(GREEN)),
                1 => (READY, Some(RED)),
                2 => (IDLE, Some(DIM)),
                _ => (ABSENT, None),
            }
        })
        .collect()
}

/// The GIL row of process `p`: per column the member (indices into `s.threads`) that held it
/// longest, or free if nobody held it longer.
fn gil_cells(
    g: &Grid,
    s: &Summary,
    p: &ProcSummary,
    members: &[usize],
    syms: &[char],
) -> Vec<Cell> {
    let slot: HashMap<u32, usize> = members
        .iter()
        .enumerate()
        .map(|(k, &i)| (s.threads[i].id, k))
        .collect();
    let mut held = vec![vec![0u64; members.len()]; g.cols];
    for span in &p.holders {
        if let Some(&k) = slot.get(&span.thread) {
            g.spread(span.start, span.end, |c, ns| held[c][k] += ns);
        }
    }
    for (k, &i) in members.iter().enumerate() {
        if let Some(b) = &s.threads[i].coarse {
            b.each(|start, end, slot, ns| {
                if slot == HELD {
                    g.spread_share(start, end, ns, |c, ns| held[c][k] += ns);
                }
            });
        }
    }
    (0..g.cols)
        .map(|c| {
            let free = g.width(c).saturating_sub(held[c].iter().sum());
            // Longest holder; on a tie the first.
            match (0..members.len()).max_by_key(|&k| (held[c][k], Reverse(k))) {
                Some(k) if held[c][k] > 0 && held[c][k] >= free => (syms[members[k]], Some(BOLD)),
                _ => (FREE, Some(DIM)),
            }
        })
        .collect()
}

/// A thread's row: per column the state that occupied most of it; on a tie running > waiting
/// > blocking > idle > not alive.
fn state_cells(g: &Grid, th: &ThreadSummary) -> Vec<Cell> {
    let mut occ = vec![[0u64; 5]; g.cols];
    for iv in &th.intervals {
        let k = state_rank(iv.state);
        g.spread(iv.start, iv.end, |c, ns| occ[c][k] += ns);
    }
    if let Some(b) = &th.coarse {
        b.each(|start, end, slot, ns| {
            if let Some(&state) = State::ALL.get(slot) {
                let k = state_rank(state);
                g.spread_share(start, end, ns, |c, ns| occ[c][k] += ns);
            }
        });
    }
    (0..g.cols)
        .map(|c| {
            let absent = g.width(c).saturating_sub(occ[c].iter().sum());
            let mut best = (absent, 5);
            for k in (0..5).rev() {
                if occ[c][k] >= best.0 {
                    best = (occ[c][k], k);
                }
            }
            glyph(best.1)
        })
        .collect()
}

/// The axis line (`─` with `┴` at each tick) and the labels under it, `g.cols` wide at most.
fn axis(g: &Grid) -> (String, String) {
    let (ticks, unit, uname) = ticks(g);
    let mut axis: Vec<char> = vec!['─'; g.cols];
    let mut labels: Vec<char> = vec![' '; g.cols];
    let mut free_from = 0;
    for &(c, t) in &ticks {
        axis[c] = '┴';
        let text: Vec<char> = format!("{}{uname}", t / unit).chars().collect();
        if c >= free_from && c + text.len() <= g.cols {
            labels[c..c + text.len()].copy_from_slice(&text);
            free_from = c + text.len() + 1;
        }
    }
    (axis.into_iter().collect(), labels.into_iter().collect())
}

/// A glyph and its colour.
type Cell = (char, Option<&'static str>);

/// Rank of a state in tie-breaking order (0 wins).
fn state_rank(s: State) -> usize {
    match s {
        State::Running => 0,
        State::WaitingGil => 1,
        State::Blocking => 2,
        State::Idle => 3,
        State::Ready => 4,
    }
}

fn glyph(rank: usize) -> Cell {
    match rank {
        0 => (RUNNING, Some(GREEN)),
        1 => (WAITING, Some(RED)),
        2 => (BLOCKING, Some(BLUE)),
        3 => (IDLE, Some(DIM)),
        4 => (NO_CORE, Some(YELLOW)),
        _ => (ABSENT, None),
    }
}

/// One symbol per thread (by position in `s.threads`): its id's digit when every id is a
/// digit, else `0-9a-zA-Z` by position, then `*`.
fn symbols(s: &Summary) -> Vec<char> {
    const ALPHABET: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    if s.threads.iter().all(|t| t.id < 10) {
        return s
            .threads
            .iter()
            .map(|t| char::from(b'0' + t.id as u8))
            .collect();
    }
    (0..s.threads.len())
        .map(|i| ALPHABET.chars().nth(i).unwrap_or('*'))
        .collect()
}

/// `name` cut to `max` characters, ending in `…` if it was longer.
fn truncate(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn row(label: &str, sym: char, lw: usize, cells: &[Cell], color: bool) -> String {
    let label = truncate(label, lw);
    let mut s = format!("{label:<lw$} {sym} ");
    paint(&mut s, cells, color);
    s.trim_end().to_string()
}

/// Appends `cells`, one ANSI colour code per run of same-coloured cells when `color`.
fn paint(out: &mut String, cells: &[Cell], color: bool) {
    let mut cur: Option<&str> = None;
    for &(ch, col) in cells {
        if color && col != cur && ch != ' ' {
            if cur.is_some() {
                out.push_str(RESET);
            }
            if let Some(code) = col {
                out.push_str(code);
            }
            cur = col;
        }
        out.push(ch);
    }
    if color && cur.is_some() {
        out.push_str(RESET);
    }
}

/// Lays out `items` separated by two spaces, starting a new line when the next would not fit.
fn wrap(
    out: &mut Vec<String>,
    items: &[(String, Option<&'static str>)],
    width: usize,
    color: bool,
) {
    let mut line = String::new();
    let mut len = 0;
    for (text, col) in items {
        let n = text.chars().count();
        if len > 0 && len + 2 + n > width {
            out.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push_str("  ");
            len += 2;
        }
        match (color, col) {
            (true, Some(code)) => {
                let _ = write!(line, "{code}{text}{RESET}");
            }
            _ => line.push_str(text),
        }
        len += n;
    }
    if len > 0 {
        out.push(line);
    }
}

/// Joins the lines, cutting any that is wider than `width` visible characters.
fn finish(lines: Vec<String>, width: usize) -> String {
    let mut s = String::new();
    for line in lines {
        s.push_str(&clamp_visible(&line, width));
        s.push('\n');
    }
    s
}

/// `line` cut to `width` characters not counting ANSI escape sequences.
fn clamp_visible(line: &str, width: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    let mut in_esc = false;
    let mut cut = false;
    for ch in line.chars() {
        if in_esc {
            out.push(ch);
            in_esc = !ch.is_ascii_alphabetic();
        } else if ch == '\x1b' {
            out.push(ch);
            in_esc = true;
        } else if n < width {
            out.push(ch);
            n += 1;
        } else {
            cut = true;
        }
    }
    if cut && line.contains('\x1b') {
        out.push_str(RESET);
    }
    out
}

/// `cols` columns over `[from, from + span)`; column `c` starts at `from + span * c / cols`.
struct Grid {
    from: u64,
    span: u64,
    cols: usize,
}

impl Grid {
    fn start(&self, c: usize) -> u64 {
        self.from + (self.span as u128 * c as u128 / self.cols as u128) as u64
    }

    fn width(&self, c: usize) -> u64 {
        self.start(c + 1) - self.start(c)
    }

    /// The column holding instant `t` (`from <= t < from + span`).
    fn col(&self, t: u64) -> usize {
        let d = (t - self.from) as u128;
        (((d + 1) * self.cols as u128 - 1) / self.span as u128) as usize
    }

    /// Calls `f(column, ns)` for each column `[a, b)` overlaps, with the overlap.
    fn spread(&self, a: u64, b: u64, mut f: impl FnMut(usize, u64)) {
        let a = a.max(self.from);
        let b = b.min(self.from + self.span);
        if a >= b {
            return;
        }
        let mut c = self.col(a);
        while c < self.cols && self.start(c) < b {
            let ns = self.start(c + 1).min(b) - self.start(c).max(a);
            f(c, ns);
            c += 1;
        }
    }

    /// As [`Grid::spread`] for `ns` of time somewhere in `[a, b)` (a bucket): each column
    /// gets its share in proportion to its overlap.
    fn spread_share(&self, a: u64, b: u64, ns: u64, mut f: impl FnMut(usize, u64)) {
        let whole = (b - a) as u128;
        self.spread(a, b, |c, overlap| {
            f(c, (ns as u128 * overlap as u128 / whole) as u64)
        });
    }
}

/// Tick marks: `(column, t)` at multiples of a 1-2-5 step chosen so that labels do not
/// collide, the unit's size in ns and its name.
fn ticks(g: &Grid) -> (Vec<(usize, u64)>, u64, &'static str) {
    let end = g.from + g.span;
    let mut step = 1u64;
    let mut i = 0;
    loop {
        let (unit, uname) = unit_for(step);
        let longest = format!("{}{uname}", end / unit).len() as u64;
        // Columns between two ticks: step * cols / span.
        if step as u128 * g.cols as u128 >= (longest + 3) as u128 * g.span as u128
            || step > end
            || step == u64::MAX
        {
            let first = g.from.div_ceil(step) * step;
            let ticks = (0..)
                .map(|k| first + k * step)
                .take_while(|&t| t < end)
                .map(|t| (g.col(t), t))
                .collect();
            return (ticks, unit, uname);
        }
        let pow = 10u64.checked_pow((i as u32 + 1) / 3).unwrap_or(u64::MAX);
        step = pow.saturating_mul([1, 2, 5][(i + 1) % 3]);
        i += 1;
    }
}

fn unit_for(step: u64) -> (u64, &'static str) {
    if step >= 1_000_000_000 {
        (1_000_000_000, "s")
    } else if step >= 1_000_000 {
        (1_000_000, "ms")
    } else if step >= 1_000 {
        (1_000, "us")
    } else {
        (1, "ns")
    }
}

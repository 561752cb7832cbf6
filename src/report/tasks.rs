//! asyncio in the report: tasks folded from `task_create` / `task_step` events, their states
//! over time (running, ready, awaiting), and the stall detector: every task step or loop
//! callback that held its event loop at least a threshold long, as asyncio's debug mode logs
//! them (`loop.slow_callback_duration`, 100 ms by default).

// hashbrown's default hasher, not SipHash: a lookup per asyncio event folded
use hashbrown::HashMap;

use super::buckets::Buckets;
use super::model::Keep;
use crate::trace::event::EventKind;

/// CPython's `slow_callback_duration`: the default stall threshold.
pub const DEFAULT_SLOW_CALLBACK_NS: u64 = 100_000_000;

/// Slow steps a summary lists; more are only counted.
pub const MAX_SLOW_STEPS: usize = 1000;

/// What a task is doing at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// One of its steps runs on the loop.
    Running,
    /// Its next step is scheduled (in the loop's ready queue) but has not started.
    Ready,
    /// It waits for what it awaits (a future, a sleep, another task).
    Awaiting,
}

impl TaskState {
    /// Its slot in [`TaskSummary::coarse`].
    pub fn slot(self) -> usize {
        match self {
            TaskState::Running => 0,
            TaskState::Ready => 1,
            TaskState::Awaiting => 2,
        }
    }

    /// `running`, `ready`, `awaiting`.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Running => "running",
            TaskState::Ready => "ready",
            TaskState::Awaiting => "awaiting",
        }
    }
}

/// A stretch `[start, end)` a task spent in one state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskInterval {
    pub start: u64,
    pub end: u64,
    pub state: TaskState,
}

/// What one asyncio task did. Times are nanoseconds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskSummary {
    /// The task's id in the trace.
    pub id: u64,
    /// Its latest name (`Task-N`, or the name it was given).
    pub name: String,
    /// Its coroutine's qualified name.
    pub coro: String,
    /// The thread whose loop runs it.
    pub thread: u32,
    pub created_t: u64,
    /// When its last step ended it (`done`, `error`, `cancelled`), if one did.
    pub end_t: Option<u64>,
    /// How it ended, if it did.
    pub outcome: Option<String>,
    pub steps: u64,
    /// Time its steps ran.
    pub running_ns: u64,
    /// Time its steps waited in the ready queue.
    pub ready_ns: u64,
    /// Its longest step.
    pub longest_step_ns: u64,
    /// Its states over its life, in order (as [`Keep`] allows).
    pub intervals: Vec<TaskInterval>,
    /// Instead of `intervals` past a [`Keep::Capped`] cap: time per state (slots by
    /// [`TaskState::slot`]) per bucket.
    pub coarse: Option<Buckets<3>>,
}

impl TaskSummary {
    /// Whether its states over time were kept (intervals or buckets).
    pub fn has_timeline(&self) -> bool {
        !self.intervals.is_empty() || self.coarse.is_some()
    }
}

/// A task step or loop callback that held the loop at least the threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlowStep {
    /// When it started.
    pub start: u64,
    pub dur_ns: u64,
    /// The loop's thread.
    pub thread: u32,
    /// The task's name, or the callback's.
    pub what: String,
    /// The task's id, for a task step.
    pub task: Option<u64>,
    /// Where the task resumed, and where it stopped (absent if it ended there).
    pub from_line: u32,
    pub line: Option<u32>,
}

impl SlowStep {
    /// Which lines it ran: `from line 29 to line 44`, `from line 29 to its end`, or `(a
    /// callback)`.
    pub fn lines(&self) -> String {
        match (self.task, self.line) {
            (None, _) => "(a callback)".to_string(),
            (Some(_), Some(l)) => format!("from line {} to line {l}", self.from_line),
            (Some(_), None) => format!("from line {} to its end", self.from_line),
        }
    }
}

/// The asyncio part of a fold.
#[derive(Debug)]
pub struct TaskFold {
    pub threshold_ns: u64,
    tasks: Vec<TaskSummary>,
    ix: HashMap<u64, usize>,
    /// Per task: when its last step ended (the start of its current awaiting).
    last_end: Vec<u64>,
    slow: Vec<SlowStep>,
    slow_count: u64,
    /// Loop callbacks that were not task steps, and their total time.
    pub callbacks: u64,
    pub callbacks_ns: u64,
    /// Past a [`Keep::Capped`] cap, the width new tasks' buckets start at.
    coarse: Option<u64>,
}

impl TaskFold {
    /// The intervals kept over all tasks.
    pub fn intervals_kept(&self) -> usize {
        self.tasks.iter().map(|t| t.intervals.len()).sum()
    }

    /// Trades every task's intervals for buckets starting `width` wide, and keeps buckets
    /// from then on.
    pub fn go_coarse(&mut self, width: u64) {
        self.coarse = Some(width);
        for t in &mut self.tasks {
            let mut b = Buckets::new(width);
            for iv in t.intervals.drain(..) {
                b.add(iv.start, iv.end, iv.state.slot());
            }
            t.intervals.shrink_to_fit();
            t.coarse = Some(b);
        }
    }

    pub fn new(threshold_ns: u64) -> TaskFold {
        TaskFold {
            threshold_ns,
            tasks: Vec::new(),
            ix: HashMap::new(),
            last_end: Vec::new(),
            slow: Vec::new(),
            slow_count: 0,
            callbacks: 0,
            callbacks_ns: 0,
            coarse: None,
        }
    }

    fn add(&mut self, ti: usize, start: u64, end: u64, state: TaskState, keep: Keep) {
        let (a, b) = match keep {
            Keep::None => return,
            Keep::All | Keep::Capped(_) => (start, end),
            Keep::Window(from, to) => (start.max(from), end.min(to)),
        };
        if a >= b {
            return;
        }
        if let Some(c) = &mut self.tasks[ti].coarse {
            c.add(a, b, state.slot());
            return;
        }
        let iv = &mut self.tasks[ti].intervals;
        match iv.last_mut() {
            Some(last) if last.state == state && last.end == a => last.end = b,
            _ => iv.push(TaskInterval {
                start: a,
                end: b,
                state,
            }),
        }
    }

    fn note_slow(&mut self, s: SlowStep) {
        self.slow_count += 1;
        if self.slow.len() < MAX_SLOW_STEPS {
            self.slow.push(s);
        }
    }

    /// Takes the kept intervals of task `task` out of the fold: the states it has closed so
    /// far, in order. An export that calls this after each of the task's steps gets each
    /// step's awaiting, ready and running intervals on their own (never merged with another
    /// step's), in memory that does not grow with the run.
    pub fn drain_intervals(&mut self, task: u64) -> impl Iterator<Item = TaskInterval> + '_ {
        let i = self.ix.get(&task).copied();
        i.map(|i| self.tasks[i].intervals.drain(..))
            .into_iter()
            .flatten()
    }

    /// Folds one asyncio event of `thread` at `t`; other kinds are ignored.
    pub fn push(&mut self, t: u64, thread: u32, kind: &EventKind, keep: Keep) {
        match kind {
            EventKind::TaskCreate { task, name, coro } => {
                if let Some(&i) = self.ix.get(task) {
                    // known already (a trace that reuses an id, or gave a step first): names it
                    let ts = &mut self.tasks[i];
                    ts.name.clone_from(name);
                    if ts.coro.is_empty() {
                        ts.coro.clone_from(coro);
                    }
                    return;
                }
                let i = self.tasks.len();
                self.ix.insert(*task, i);
                self.tasks.push(TaskSummary {
                    id: *task,
                    name: name.clone(),
                    coro: coro.clone(),
                    thread,
                    created_t: t,
                    coarse: self.coarse.map(Buckets::new),
                    ..TaskSummary::default()
                });
                self.last_end.push(t);
            }
            EventKind::TaskStep {
                task,
                name,
                dur_ns,
                ready_ns,
                from_line,
                line,
                outcome,
            } => {
                let i = match self.ix.get(task) {
                    Some(&i) => i,
                    None => {
                        // a trace cut at the front: the task appears with its first step
                        let start = t.saturating_sub(dur_ns + ready_ns);
                        self.push(
                            start,
                            thread,
                            &EventKind::TaskCreate {
                                task: *task,
                                name: name.clone(),
                                coro: String::new(),
                            },
                            keep,
                        );
                        self.ix[task]
                    }
                };
                // a step starts after the task's previous one ended (a broken trace's may not)
                let start = t.saturating_sub(*dur_ns).max(self.last_end[i].min(t));
                let ready_from = start.saturating_sub(*ready_ns).max(self.last_end[i]);
                let awaiting_from = self.last_end[i];
                // the first step's wait counts as ready: the task was scheduled at creation
                let first = self.tasks[i].steps == 0;
                if first {
                    self.add(i, awaiting_from, start, TaskState::Ready, keep);
                } else {
                    self.add(i, awaiting_from, ready_from, TaskState::Awaiting, keep);
                    self.add(i, ready_from, start, TaskState::Ready, keep);
                }
                self.add(i, start, t, TaskState::Running, keep);
                self.last_end[i] = t;
                let ts = &mut self.tasks[i];
                ts.name = name.clone();
                ts.steps += 1;
                ts.running_ns += dur_ns;
                ts.ready_ns += start - if first { awaiting_from } else { ready_from };
                ts.longest_step_ns = ts.longest_step_ns.max(*dur_ns);
                if line.is_none() && outcome != "await" && outcome != "yield" {
                    ts.end_t = Some(t);
                    ts.outcome = Some(outcome.clone());
                }
                if *dur_ns >= self.threshold_ns {
                    self.note_slow(SlowStep {
                        start,
                        dur_ns: *dur_ns,
                        thread,
                        what: name.clone(),
                        task: Some(*task),
                        from_line: *from_line,
                        line: *line,
                    });
                }
            }
            EventKind::LoopCallback { callback, dur_ns } => {
                self.callbacks += 1;
                self.callbacks_ns += dur_ns;
                if *dur_ns >= self.threshold_ns {
                    self.note_slow(SlowStep {
                        start: t.saturating_sub(*dur_ns),
                        dur_ns: *dur_ns,
                        thread,
                        what: callback.clone(),
                        task: None,
                        from_line: 0,
                        line: None,
                    });
                }
            }
            _ => {}
        }
    }

    /// Closes the tasks still alive at `end` (awaiting since their last step).
    pub fn finish(mut self, end: u64, keep: Keep) -> TaskReport {
        for i in 0..self.tasks.len() {
            if self.tasks[i].end_t.is_none() {
                let from = self.last_end[i];
                let state = if self.tasks[i].steps == 0 {
                    TaskState::Ready
                } else {
                    TaskState::Awaiting
                };
                self.add(i, from, end, state, keep);
            }
        }
        TaskReport {
            threshold_ns: self.threshold_ns,
            tasks: self.tasks,
            slow_steps: self.slow,
            slow_count: self.slow_count,
            callbacks: self.callbacks,
            callbacks_ns: self.callbacks_ns,
        }
    }
}

/// The asyncio part of a summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskReport {
    /// The stall threshold the fold used.
    pub threshold_ns: u64,
    /// Tasks in creation order.
    pub tasks: Vec<TaskSummary>,
    /// The first [`MAX_SLOW_STEPS`] steps or callbacks at or over the threshold, in order.
    pub slow_steps: Vec<SlowStep>,
    /// All of them, listed or not.
    pub slow_count: u64,
    /// Loop callbacks that were not task steps.
    pub callbacks: u64,
    pub callbacks_ns: u64,
}

impl TaskReport {
    /// Steps over all tasks.
    pub fn steps(&self) -> u64 {
        self.tasks.iter().map(|t| t.steps).sum()
    }
}

/// Tasks the text report lists; the rest are counted.
pub const TEXT_TASKS: usize = 20;

/// Stalls the text report lists; the rest are counted.
pub const TEXT_SLOW_STEPS: usize = 20;

fn ms(ns: u64) -> String {
    format!("{:.3}", ns as f64 / 1e6)
}

/// The asyncio part of the text report: the tasks (steps, running and ready time, longest
/// step, how they ended) and the stalls, each step or callback that held its loop at least
/// the threshold. Empty for a run without an event loop.
pub fn render_text(r: &TaskReport, thread_name: impl Fn(u32) -> String) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if r.tasks.is_empty() && r.callbacks == 0 {
        return out;
    }
    let running: u64 = r.tasks.iter().map(|t| t.running_ns).sum();
    let _ = writeln!(
        out,
        "asyncio: {} tasks, {} steps ({} ms running), {} other callbacks ({} ms)",
        r.tasks.len(),
        r.steps(),
        ms(running),
        r.callbacks,
        ms(r.callbacks_ns)
    );
    let mut rows = vec![[
        "task".to_string(),
        "coroutine".into(),
        "steps".into(),
        "running ms".into(),
        "ready ms".into(),
        "longest step ms".into(),
        "end".into(),
    ]];
    for t in r.tasks.iter().take(TEXT_TASKS) {
        rows.push([
            t.name.clone(),
            format!("{}()", t.coro),
            t.steps.to_string(),
            ms(t.running_ns),
            ms(t.ready_ns),
            ms(t.longest_step_ns),
            t.outcome.clone().unwrap_or_else(|| "pending".into()),
        ]);
    }
    let widths: Vec<usize> = (0..7)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let mut line = String::from(" ");
        for (c, cell) in row.iter().enumerate() {
            let w = widths[c];
            if c < 2 || c == 6 {
                let _ = write!(line, " {cell:<w$}");
            } else {
                let _ = write!(line, "  {cell:>w$}");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if r.tasks.len() > TEXT_TASKS {
        let _ = writeln!(out, "  ... and {} more tasks", r.tasks.len() - TEXT_TASKS);
    }
    let _ = writeln!(
        out,
        "stalls (a step or callback holding its loop >= {}): {}",
        super::fmt_duration(r.threshold_ns),
        r.slow_count
    );
    for s in r.slow_steps.iter().take(TEXT_SLOW_STEPS) {
        let _ = writeln!(
            out,
            "  at {} on {}: {} held the loop {} ms, {}",
            super::fmt_duration(s.start),
            thread_name(s.thread),
            s.what,
            ms(s.dur_ns),
            s.lines()
        );
    }
    if r.slow_count > TEXT_SLOW_STEPS as u64 {
        let _ = writeln!(
            out,
            "  ... and {} more",
            r.slow_count - TEXT_SLOW_STEPS as u64
        );
    }
    out
}

fn json_str(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The asyncio part of the JSON report: `{"slow_callback_ns", "tasks": [...],
/// "slow_count", "slow_steps": [...], "callbacks", "callbacks_ns"}`.
pub fn render_json(r: &TaskReport) -> String {
    let tasks: Vec<String> = r
        .tasks
        .iter()
        .map(|t| {
            format!(
                "{{\"task\":{},\"name\":{},\"coro\":{},\"thread\":{},\"created_ns\":{},\"end_ns\":{},\"outcome\":{},\"steps\":{},\"running_ns\":{},\"ready_ns\":{},\"longest_step_ns\":{}}}",
                t.id,
                json_str(&t.name),
                json_str(&t.coro),
                t.thread,
                t.created_t,
                t.end_t.map_or("null".into(), |e| e.to_string()),
                t.outcome.as_deref().map_or("null".into(), json_str),
                t.steps,
                t.running_ns,
                t.ready_ns,
                t.longest_step_ns
            )
        })
        .collect();
    let slow: Vec<String> = r
        .slow_steps
        .iter()
        .map(|s| {
            format!(
                "{{\"start_ns\":{},\"dur_ns\":{},\"thread\":{},\"what\":{},\"task\":{},\"from_line\":{},\"line\":{}}}",
                s.start,
                s.dur_ns,
                s.thread,
                json_str(&s.what),
                s.task.map_or("null".into(), |t| t.to_string()),
                s.from_line,
                s.line.map_or("null".into(), |l| l.to_string())
            )
        })
        .collect();
    format!(
        "{{\"slow_callback_ns\":{},\"tasks\":[{}],\"slow_count\":{},\"slow_steps\":[{}],\"callbacks\":{},\"callbacks_ns\":{}}}",
        r.threshold_ns,
        tasks.join(","),
        r.slow_count,
        slow.join(","),
        r.callbacks,
        r.callbacks_ns
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(task: u64, dur_ns: u64, ready_ns: u64, line: Option<u32>, outcome: &str) -> EventKind {
        EventKind::TaskStep {
            task,
            name: format!("Task-{task}"),
            dur_ns,
            ready_ns,
            from_line: 1,
            line,
            outcome: outcome.into(),
        }
    }

    fn create(task: u64) -> EventKind {
        EventKind::TaskCreate {
            task,
            name: format!("Task-{task}"),
            coro: "work".into(),
        }
    }

    #[test]
    fn a_task_is_ready_then_running_then_awaiting() {
        let mut f = TaskFold::new(100);
        f.push(10, 0, &create(1), Keep::All);
        f.push(30, 0, &step(1, 5, 15, Some(3), "await"), Keep::All);
        f.push(60, 0, &step(1, 10, 5, None, "done"), Keep::All);
        let r = f.finish(100, Keep::All);
        let t = &r.tasks[0];
        let states: Vec<(u64, u64, TaskState)> = t
            .intervals
            .iter()
            .map(|i| (i.start, i.end, i.state))
            .collect();
        assert_eq!(
            states,
            vec![
                (10, 25, TaskState::Ready),
                (25, 30, TaskState::Running),
                (30, 45, TaskState::Awaiting),
                (45, 50, TaskState::Ready),
                (50, 60, TaskState::Running),
            ]
        );
        assert_eq!((t.steps, t.running_ns, t.ready_ns), (2, 15, 20));
        assert_eq!(t.end_t, Some(60));
        assert_eq!(t.outcome.as_deref(), Some("done"));
        assert_eq!(r.slow_count, 0);
    }

    #[test]
    fn steps_and_callbacks_at_the_threshold_are_stalls() {
        let mut f = TaskFold::new(100);
        f.push(0, 0, &create(1), Keep::None);
        f.push(200, 0, &step(1, 99, 0, Some(2), "await"), Keep::None);
        f.push(400, 0, &step(1, 100, 0, Some(5), "await"), Keep::None);
        f.push(
            900,
            0,
            &EventKind::LoopCallback {
                callback: "slow_cb".into(),
                dur_ns: 300,
            },
            Keep::None,
        );
        let r = f.finish(1000, Keep::None);
        assert_eq!(r.slow_count, 2, "99 ns is under the threshold, 100 is not");
        assert_eq!(r.slow_steps[0].start, 300);
        assert_eq!(r.slow_steps[0].line, Some(5));
        assert_eq!(r.slow_steps[1].what, "slow_cb");
        assert!(
            r.tasks[0].intervals.is_empty(),
            "Keep::None keeps no intervals"
        );
        let text = render_text(&r, |_| "MainThread".into());
        assert!(text.contains("stalls (a step or callback holding its loop >= 100ns): 2"));
        assert!(text.contains("Task-1 held the loop 0.000 ms, from line 1 to line 5"));
        let json = render_json(&r);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["slow_count"], 2);
        assert_eq!(v["tasks"][0]["steps"], 2);
    }

    #[test]
    fn drained_steps_come_out_whole_and_a_broken_trace_never_overlaps() {
        let mut f = TaskFold::new(100);
        f.push(10, 0, &create(1), Keep::All);
        f.push(30, 0, &step(1, 5, 15, Some(3), "await"), Keep::All);
        let first: Vec<TaskInterval> = f.drain_intervals(1).collect();
        assert_eq!(first.len(), 2, "ready then running: {first:?}");
        // back to back: the report would merge the two runs, the drain keeps them apart
        f.push(40, 0, &step(1, 10, 0, Some(4), "yield"), Keep::All);
        let second: Vec<TaskInterval> = f.drain_intervals(1).collect();
        assert_eq!(
            second,
            vec![TaskInterval {
                start: 30,
                end: 40,
                state: TaskState::Running
            }]
        );
        // a step said to start before the last one ended starts when it ended
        f.push(45, 0, &step(1, 30, 0, None, "done"), Keep::All);
        let third: Vec<TaskInterval> = f.drain_intervals(1).collect();
        assert_eq!((third[0].start, third[0].end), (40, 45));
        // a second task_create of a known id only names it
        f.push(50, 0, &create(1), Keep::All);
        let r = f.finish(60, Keep::All);
        assert_eq!(r.tasks.len(), 1);
        assert_eq!(r.tasks[0].outcome.as_deref(), Some("done"));
    }

    #[test]
    fn a_run_without_a_loop_reports_nothing() {
        let r = TaskFold::new(1).finish(10, Keep::All);
        assert_eq!(render_text(&r, |_| String::new()), "");
    }
}

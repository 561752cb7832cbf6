//! Analysis of a run's events: per-thread states and GIL totals, the terminal timeline, and the summary as a table or JSON.
//!
//! [`Summary::from_events`] (or a streaming [`Fold`]) turns events into a [`Summary`];
//! [`render_timeline`], [`render_text`] and [`render_json`] show it. Nothing here needs the VM:
//! a trace read back with `trace::TraceReader` gives the same summary as the live run.

pub mod analyze;
pub mod buckets;
pub mod fold;
pub mod model;
pub mod sink;
pub mod table;
pub mod tasks;
pub mod timeline;

#[cfg(test)]
mod tests;

pub use fold::Fold;
pub use model::{
    HolderSpan, Interval, Keep, ProcSummary, State, Summary, ThreadSummary, Violation,
    ViolationKind, DEFAULT_CAP, MAX_VIOLATIONS,
};
pub use table::{render_json, render_text};
pub use timeline::{fmt_duration, render_timeline};

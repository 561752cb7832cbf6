//! The trace log `gilsim-trace/1`: event types, the `tracing` layer that writes them as JSON lines, and the streaming reader.
//!
//! Events flow one way: the clock calls [`emit`] for each [`Event`]; the [`JsonlLayer`], installed
//! with [`install`], writes one line per event after the header, and its [`TraceGuard`] writes
//! the footer. [`TraceReader`] reads a trace back without the VM. The schema is documented for
//! people who analyse traces in `docs/trace.md`.

pub mod event;
mod json;
pub mod layer;
pub mod reader;

pub use event::{Event, EventKind, Footer, Header, ReleaseReason};
pub use layer::{emit, install, subscriber, to_json_line, JsonlLayer, TraceGuard};
pub use reader::{TraceError, TraceReader};

/// The `schema` field of the header this crate writes and reads.
pub const SCHEMA: &str = "gilsim-trace/1";

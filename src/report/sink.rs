//! What a run keeps of its events as they come: the report's fold, built event by event so
//! that a long run needs memory for its threads and a bounded timeline only
//! ([`Keep::Capped`]), and the events themselves only when something needs them all (the
//! `--chrome` and `--html` pictures, tests).

use super::fold::Fold;
use super::model::{Keep, Summary, DEFAULT_CAP};
use crate::trace::event::{Event, Header};

/// A run's events, folded and/or kept.
pub struct Sink {
    fold: Option<Fold>,
    events: Option<Vec<Event>>,
    /// What a fresh sink like this one is made of (see [`Sink::take`]).
    setup: Option<(Header, u64)>,
}

impl Sink {
    /// For the run `header` describes: a report folded as the events come, if `report`
    /// gives its stall threshold (ns); every event kept too if `keep_events`.
    pub fn new(header: &Header, report: Option<u64>, keep_events: bool) -> Sink {
        let setup = report.map(|slow| (header.clone(), slow));
        Sink {
            fold: setup.as_ref().map(|(h, slow)| fold(h, *slow)),
            events: keep_events.then(Vec::new),
            setup,
        }
    }

    /// Keeps every event, folds nothing.
    pub fn events_only() -> Sink {
        Sink {
            fold: None,
            events: Some(Vec::new()),
            setup: None,
        }
    }

    /// Whether it keeps anything at all (a report or the events): if not, events need not
    /// be made.
    pub fn wants_events(&self) -> bool {
        self.fold.is_some() || self.events.is_some()
    }

    /// Takes in the next event.
    pub fn push(&mut self, e: Event) {
        if let Some(f) = &mut self.fold {
            f.push(&e);
        }
        if let Some(v) = &mut self.events {
            v.push(e);
        }
    }

    /// This sink's contents, leaving an empty one like it in its place.
    pub fn take(&mut self) -> Sink {
        let fresh = Sink {
            fold: self.setup.as_ref().map(|(h, slow)| fold(h, *slow)),
            events: self.events.as_ref().map(|_| Vec::new()),
            setup: self.setup.clone(),
        };
        std::mem::replace(self, fresh)
    }

    /// The report of the run that ended at `end` (if one was folded), and the events kept
    /// (none if none were).
    pub fn finish(self, end: u64) -> (Option<Summary>, Vec<Event>) {
        (
            self.fold.map(|f| f.finish(end)),
            self.events.unwrap_or_default(),
        )
    }

    /// The events kept.
    pub fn into_events(self) -> Vec<Event> {
        self.events.unwrap_or_default()
    }
}

fn fold(header: &Header, slow_ns: u64) -> Fold {
    let mut f = Fold::new(header, Keep::Capped(DEFAULT_CAP));
    f.set_slow_threshold(slow_ns);
    f
}

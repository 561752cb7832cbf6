//! Rows of a long run made small enough to draw: narrow slices merged into blocks.
//!
//! The rule (for the HTML page): the run is cut into columns of `run / COLUMNS` nanoseconds
//! rounded up to a power of two ([`column_ns`]), which is between half a pixel and a pixel of a
//! 1200-pixel-wide plot. A slice at least one column wide is drawn on its own, with its exact
//! times on hover. Narrower slices that start in the same column, one after another, are merged
//! into one block (less than two columns wide), which records how long its slices spent in each
//! state and is drawn as a stacked bar of those shares. So a row has at most one merged block
//! per column, plus the wide slices, fewer than 2 × [`COLUMNS`] + 2 blocks whatever the run's
//! length: a page's size grows with its rows, never with the length of the run.
//!
//! While a trace streams in its length is not known yet: a [`Lane`] starts with exact slices
//! and, whenever it holds more than [`BUDGET`] blocks, merges again at the column width of what
//! it has seen so far. That width only grows, and never beyond the final one, so memory stays
//! bounded by the number of rows; [`Lane::finish`] merges once more at the run's column width.
//! The same events always give the same blocks.

use crate::report::State;

/// Columns across the full run: half a pixel of a 1200-pixel-wide plot.
pub const COLUMNS: u64 = 2400;

/// Blocks a lane keeps before it merges again (more than the rule can leave at any width).
pub const BUDGET: usize = 4 * COLUMNS as usize;

/// The column width for a run (or a part of one) of `span_ns`: `span_ns / COLUMNS` rounded up
/// to a power of two, 0 for a run shorter than [`COLUMNS`] nanoseconds (every slice exact).
pub fn column_ns(span_ns: u64) -> u64 {
    match span_ns / COLUMNS {
        0 => 0,
        w => w.checked_next_power_of_two().unwrap_or(1 << 63),
    }
}

/// The position of a state in [`Block::ns`].
pub fn state_index(s: State) -> usize {
    match s {
        State::Running => 0,
        State::WaitingGil => 1,
        State::Blocking => 2,
        State::Idle => 3,
        State::Ready => 4,
    }
}

/// The states in [`Block::ns`] order.
pub const STATES: [State; 5] = [
    State::Running,
    State::WaitingGil,
    State::Blocking,
    State::Idle,
    State::Ready,
];

/// One slice, or several narrow ones merged, over `[start, end)` nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: u64,
    pub end: u64,
    /// Time in each state (see [`state_index`]); a GIL row counts its holdings as running.
    pub ns: [u64; 5],
    /// How many slices it stands for: 1 for a slice drawn as it is.
    pub count: u32,
    /// For a single slice: its state and what it names (a blocking call, or the holder),
    /// as an index the page resolves.
    pub state: State,
    pub label: u32,
}

impl Block {
    /// A single slice.
    pub fn slice(start: u64, end: u64, state: State, label: u32) -> Block {
        let mut ns = [0; 5];
        ns[state_index(state)] = end.saturating_sub(start);
        Block {
            start,
            end,
            ns,
            count: 1,
            state,
            label,
        }
    }

    pub fn width(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    fn absorb(&mut self, b: &Block) {
        self.start = self.start.min(b.start);
        self.end = self.end.max(b.end);
        for (a, x) in self.ns.iter_mut().zip(b.ns) {
            *a += x;
        }
        self.count = self.count.saturating_add(b.count);
    }
}

/// One row's blocks, merged as the module's rule says.
#[derive(Clone, Debug, Default)]
pub struct Lane {
    blocks: Vec<Block>,
    /// Narrow slices gathered into the block being built.
    pending: Option<Block>,
    /// Slices narrower than this (nanoseconds) are merged.
    threshold: u64,
}

impl Lane {
    /// Adds the next slice (or block) of the row, in time order.
    pub fn push(&mut self, b: Block) {
        self.add(b);
        if self.blocks.len() > BUDGET {
            let (first, last) = (self.blocks[0].start, self.blocks[self.blocks.len() - 1].end);
            let r = column_ns(last.saturating_sub(first)).max(self.threshold.saturating_mul(2));
            self.remerge(r.max(1));
        }
    }

    fn add(&mut self, b: Block) {
        if b.width() >= self.threshold {
            self.flush();
            self.blocks.push(b);
            return;
        }
        if let Some(p) = &mut self.pending {
            if b.start / self.threshold == p.start / self.threshold {
                p.absorb(&b);
                return;
            }
        }
        self.flush();
        self.pending = Some(b);
    }

    fn flush(&mut self) {
        if let Some(p) = self.pending.take() {
            self.blocks.push(p);
        }
    }

    fn remerge(&mut self, threshold: u64) {
        self.flush();
        self.threshold = threshold;
        let old = std::mem::take(&mut self.blocks);
        for b in old {
            self.add(b);
        }
        self.flush();
    }

    /// The row's blocks for a run of `run_ns`, merged at its [`column_ns`].
    pub fn finish(mut self, run_ns: u64) -> Vec<Block> {
        let r = column_ns(run_ns);
        if r > self.threshold {
            self.remerge(r);
        } else {
            self.flush();
        }
        self.blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane_of(slices: &[(u64, u64, State)]) -> Lane {
        let mut l = Lane::default();
        for &(a, b, s) in slices {
            l.push(Block::slice(a, b, s, 0));
        }
        l
    }

    #[test]
    fn wide_slices_stay_exact() {
        let run = COLUMNS * 100;
        let l = lane_of(&[
            (0, run / 2, State::Running),
            (run / 2, run, State::WaitingGil),
        ]);
        let b = l.finish(run);
        assert_eq!(b.len(), 2);
        assert!(b.iter().all(|b| b.count == 1));
    }

    #[test]
    fn narrow_slices_merge_and_keep_their_time() {
        // 100 000 alternating 10 ns slices over 1 ms: far narrower than a column
        let mut l = Lane::default();
        let mut t = 0;
        for i in 0..100_000u64 {
            let s = if i % 2 == 0 {
                State::Running
            } else {
                State::WaitingGil
            };
            l.push(Block::slice(t, t + 10, s, 0));
            t += 10;
        }
        let blocks = l.finish(t);
        assert!(blocks.len() <= COLUMNS as usize + 1, "{}", blocks.len());
        let run: u64 = blocks.iter().map(|b| b.ns[0]).sum();
        let wait: u64 = blocks.iter().map(|b| b.ns[1]).sum();
        assert_eq!((run, wait), (500_000, 500_000));
        let count: u64 = blocks.iter().map(|b| b.count as u64).sum();
        assert_eq!(count, 100_000);
        for w in blocks.windows(2) {
            assert!(w[0].end <= w[1].start, "blocks overlap: {w:?}");
        }
        assert!(blocks.iter().all(|b| b.width() < 2 * column_ns(t)));
    }

    #[test]
    fn memory_stays_bounded_while_streaming() {
        let mut l = Lane::default();
        for i in 0..1_000_000u64 {
            l.push(Block::slice(i * 7, i * 7 + 5, State::Running, 0));
            assert!(l.blocks.len() <= BUDGET + 1);
        }
    }
}

//! The timeline of a run too long to keep every interval: time per kind (a thread's states,
//! a task's) in fixed-width buckets.
//!
//! A fold with [`Keep::Capped`](super::Keep::Capped) keeps every interval until it holds the
//! cap; then each thread and task trades its intervals for [`Buckets`], whose width doubles
//! whenever they would outnumber [`MAX_BUCKETS`], so memory stays bounded however long the run.
//! The timeline spreads a bucket's time over the columns it overlaps in proportion, which is
//! what drawing the intervals themselves does, at the bucket's resolution. The totals never
//! come from here: they stay exact.

/// How many buckets a store keeps at most (its width doubles instead).
pub const MAX_BUCKETS: usize = 1024;

/// Time in each of `N` kinds, per bucket of `width` ns; bucket `i` of `occ` covers
/// `[(first + i) * width, (first + i + 1) * width)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Buckets<const N: usize> {
    pub width: u64,
    pub first: u64,
    pub occ: Vec<[u64; N]>,
}

impl<const N: usize> Buckets<N> {
    /// Empty buckets of `width` ns (at least 1).
    pub fn new(width: u64) -> Buckets<N> {
        Buckets {
            width: width.max(1),
            first: 0,
            occ: Vec::new(),
        }
    }

    /// Adds `[start, end)` spent in kind `k`.
    pub fn add(&mut self, start: u64, end: u64, k: usize) {
        if start >= end {
            return;
        }
        if self.occ.is_empty() {
            self.first = start / self.width;
        }
        while (end - 1) / self.width >= self.first + MAX_BUCKETS as u64 {
            self.coarsen();
        }
        let mut t = start;
        while t < end {
            let i = t / self.width;
            let until = ((i + 1) * self.width).min(end);
            let at = (i - self.first) as usize;
            if at >= self.occ.len() {
                self.occ.resize(at + 1, [0; N]);
            }
            self.occ[at][k] += until - t;
            t = until;
        }
    }

    /// Doubles the width, merging the buckets in pairs.
    fn coarsen(&mut self) {
        let first = self.first / 2;
        let mut occ: Vec<[u64; N]> = Vec::with_capacity(self.occ.len() / 2 + 1);
        for (i, b) in self.occ.iter().enumerate() {
            let at = ((self.first + i as u64) / 2 - first) as usize;
            if at >= occ.len() {
                occ.resize(at + 1, [0; N]);
            }
            for k in 0..N {
                occ[at][k] += b[k];
            }
        }
        self.width *= 2;
        self.first = first;
        self.occ = occ;
    }

    /// Calls `f(start, end, k, ns)` for every bucket `[start, end)` and kind `k` with time.
    pub fn each(&self, mut f: impl FnMut(u64, u64, usize, u64)) {
        for (i, b) in self.occ.iter().enumerate() {
            let start = (self.first + i as u64) * self.width;
            for (k, &ns) in b.iter().enumerate() {
                if ns > 0 {
                    f(start, start + self.width, k, ns);
                }
            }
        }
    }
}

/// The width to start buckets at for a run that has reached `t`: a quarter of the buckets
/// then covers it, so the picture keeps a fine grain a while.
pub fn width_at(t: u64) -> u64 {
    (t / (MAX_BUCKETS as u64 / 4)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_kept_per_kind_and_bucket_and_coarsens_without_loss() {
        let mut b: Buckets<2> = Buckets::new(10);
        b.add(5, 25, 0);
        b.add(25, 30, 1);
        assert_eq!((b.first, b.occ.clone()), (0, vec![[5, 0], [10, 0], [5, 5]]));
        // far past the last bucket: the width doubles until it fits, nothing is lost
        b.add(
            10 * MAX_BUCKETS as u64 * 3,
            10 * MAX_BUCKETS as u64 * 3 + 7,
            1,
        );
        assert!(b.occ.len() <= MAX_BUCKETS);
        assert_eq!(b.width, 40);
        let mut total = [0u64; 2];
        b.each(|_, _, k, ns| total[k] += ns);
        assert_eq!(total, [20, 12]);
    }

    #[test]
    fn a_late_store_starts_where_its_time_does() {
        let mut b: Buckets<1> = Buckets::new(100);
        b.add(1_000_000, 1_000_050, 0);
        assert_eq!((b.first, b.occ.len()), (10_000, 1));
        let mut seen = vec![];
        b.each(|s, e, _, ns| seen.push((s, e, ns)));
        assert_eq!(seen, vec![(1_000_000, 1_000_100, 50)]);
    }
}

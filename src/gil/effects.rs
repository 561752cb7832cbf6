//! The effects of one call into a GIL state machine, kept inline: a GIL is asked something at
//! every hand-off and every blocking call, and a heap vector for each answer cost about as
//! much as the state machine's own work.

use std::fmt;
use std::ops::Deref;

use super::Effect;

/// The most effects one call decides: a release that signals a waiter (`Released`,
/// `CancelTimer`, `Wake`), or an expired wait that sets the drop request and takes a free GIL
/// (`DropRequestSet`, `Acquired`, `ForcedSwitchDone`) make three.
const CAPACITY: usize = 4;

/// Fills the unused slots; never seen, as only the first `len` slots are ever read.
const UNUSED: Effect = Effect::CancelTimer { thread: 0 };

/// What a GIL decided, in order: a short list that lives on the stack. Reads as a slice of
/// [`Effect`]s; iterating it by value yields them in order.
#[derive(Clone)]
pub struct Effects {
    len: usize,
    items: [Effect; CAPACITY],
}

impl Effects {
    /// No effects.
    pub const fn new() -> Effects {
        Effects {
            len: 0,
            items: [UNUSED; CAPACITY],
        }
    }

    /// Just `e`.
    pub fn one(e: Effect) -> Effects {
        let mut fx = Effects::new();
        fx.push(e);
        fx
    }

    /// Adds `e` at the end.
    ///
    /// # Panics
    /// Past [`CAPACITY`] effects: no GIL design decides that many at once, so it would be a
    /// bug in the design.
    pub fn push(&mut self, e: Effect) {
        assert!(
            self.len < CAPACITY,
            "a GIL decided more than {CAPACITY} effects at once"
        );
        self.items[self.len] = e;
        self.len += 1;
    }
}

impl Default for Effects {
    fn default() -> Self {
        Effects::new()
    }
}

impl Deref for Effects {
    type Target = [Effect];
    fn deref(&self) -> &[Effect] {
        &self.items[..self.len]
    }
}

impl IntoIterator for Effects {
    type Item = Effect;
    type IntoIter = std::iter::Take<std::array::IntoIter<Effect, CAPACITY>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().take(self.len)
    }
}

impl<'a> IntoIterator for &'a Effects {
    type Item = &'a Effect;
    type IntoIter = std::slice::Iter<'a, Effect>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for Effects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Effects {
    fn eq(&self, other: &Effects) -> bool {
        **self == **other
    }
}

impl Eq for Effects {}

impl PartialEq<Vec<Effect>> for Effects {
    fn eq(&self, other: &Vec<Effect>) -> bool {
        **self == other[..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_pushed_in_order() {
        let mut fx = Effects::new();
        assert!(fx.is_empty());
        fx.push(Effect::Wake { thread: 1 });
        fx.push(Effect::CancelTimer { thread: 2 });
        assert_eq!(fx.len(), 2);
        assert_eq!(
            fx,
            vec![
                Effect::Wake { thread: 1 },
                Effect::CancelTimer { thread: 2 }
            ]
        );
        let all: Vec<Effect> = fx.into_iter().collect();
        assert_eq!(all.len(), 2);
        assert_eq!(
            format!("{:?}", Effects::one(Effect::Wake { thread: 3 })),
            "[Wake { thread: 3 }]"
        );
    }
}

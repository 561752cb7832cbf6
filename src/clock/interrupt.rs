//! Ctrl-C: a flag the clocks poll to end a run early (`stopped: "interrupted"`, exit 130).
//!
//! The handler only sets an atomic flag (async-signal-safe, no thread of its own); the virtual
//! clock's scheduler loop and the real clock's controller poll it. A second Ctrl-C, while the
//! run is still winding down, exits at once with 130.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by SIGINT.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The exit status of a run ended by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Installs the SIGINT handler (once per process; the CLI calls it). Errors are reported and
/// leave the default action (the process dies at once) in place.
pub fn install() {
    // the shutdown must be registered first: it fires only if the flag was already set
    let r = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGINT,
        EXIT_INTERRUPTED,
        &INTERRUPTED,
    )
    .and_then(|_| signal_hook::flag::register(signal_hook::consts::SIGINT, &INTERRUPTED));
    if let Err(e) = r {
        eprintln!("gilsim: cannot handle Ctrl-C: {e}");
    }
}

/// Whether Ctrl-C was pressed: the run should stop. One relaxed load.
#[inline]
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Sets the flag as SIGINT would (for tests and embedders).
pub fn request() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

//! gilsim: a GIL-modelling Python interpreter simulator.
//!
//! Data flows one way: source → bytecode ([`lang`]) → threads on the VM ([`vm`]) driven by a
//! clock under a GIL → events → trace → analysis. [`run`] wires a scenario through it.
//!
//! Compiling a scenario is one call; constructs outside the subset come back as an error
//! naming them, with the position to put a caret under:
//!
//! ```
//! let code = gilsim::lang::compile_source("x = 1\nwhile x < 10:\n    x += 1\n", "loop.py").unwrap();
//! let listing = gilsim::lang::dis::disassemble(&code);
//! assert!(listing.contains("COMPARE_JUMP_IF_FALSE"));
//!
//! let Err(err) = gilsim::lang::compile_source("match x:\n    case 1: pass\n", "m.py") else {
//!     panic!("match is outside the subset")
//! };
//! assert_eq!(err.render().lines().next().unwrap(),
//!            "m.py:1:1: unsupported: pattern matching (match) is not supported");
//! ```

pub mod clock;
pub mod export;
pub mod gil;
pub mod lang;
pub mod report;
pub mod run;
pub mod trace;
pub mod vm;

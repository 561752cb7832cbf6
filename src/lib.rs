//! gilsim: a GIL-modelling Python interpreter simulator.
//!
//! Data flows one way: source → bytecode ([`lang`]) → threads on the VM ([`vm`]) driven by a
//! clock under a GIL → events → trace → analysis. [`run`] wires a scenario through it.

pub mod clock;
pub mod gil;
pub mod lang;
pub mod report;
pub mod run;
pub mod trace;
pub mod vm;

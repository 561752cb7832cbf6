//! Fingerprints the front end for the frozen library (docs/frozen.md).
//!
//! The frozen image (`src/vm/pylib/frozen.bin`) holds the bundled modules' code objects as this
//! front end compiled them. Its header records the fingerprint below, and a binary whose front
//! end differs (any edit under `src/lang/`, or another version of the parser crate) ignores the
//! image and compiles the bundled sources instead, so a stale image is never run. The build
//! script only reads and hashes files: the compiler itself does not run here.

use std::path::{Path, PathBuf};

fn main() {
    // The `gilsim` binary is linked at a fixed address (not position-independent): the loader
    // then has no relocations to apply to it, and fewer of its pages to copy on write. A short
    // scenario's whole run is a few milliseconds, so this start-up cost shows: an empty
    // scenario ran 1.328 M -> 1.215 M instructions, 202 -> 166 page faults. (Only the binary:
    // the library and tests are built as before.)
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lang");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = vec![];
    collect(Path::new("src/lang"), &mut files);
    files.sort();
    let mut h = Fnv::new();
    for f in &files {
        // a file that vanished between listing and reading hashes as empty: the fingerprint
        // only has to change when the front end does
        let text = std::fs::read(f).unwrap_or_default();
        h.write(f.to_string_lossy().replace('\\', "/").as_bytes());
        h.write(&(text.len() as u64).to_le_bytes());
        h.write(&text);
    }
    // the parser's version: the same source may parse differently under another one
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.starts_with("name = \"rustpython-") {
            h.write(l.as_bytes());
            h.write(lines.next().unwrap_or("").as_bytes());
        }
    }
    println!("cargo:rustc-env=GILSIM_FRONT_END={:016x}", h.0);
}

/// Every `.rs` file under `dir`.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

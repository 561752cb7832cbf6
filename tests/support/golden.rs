//! Golden files under `tests/golden/`: compared exactly, rewritten with `GILSIM_BLESS=1`.

use std::path::Path;

/// Asserts that `actual` equals the golden file `name` (or writes it, with `GILSIM_BLESS=1`).
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("GILSIM_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing golden {}; run with GILSIM_BLESS=1", path.display()));
    assert_eq!(
        actual, expected,
        "golden {name} differs; rerun with GILSIM_BLESS=1 if intended"
    );
}

//! The frozen library (docs/frozen.md): the committed image is current, decodes to exactly
//! what the compiler makes, is refused when stale or damaged, and runs scenarios exactly as
//! compiling the bundled sources does.
//!
//! After changing a bundled `.py`, the compiler or the image format, regenerate the image:
//! `GILSIM_BLESS=1 cargo test --test frozen`.

mod common;

use std::process::Command;
use std::rc::Rc;

use gilsim::lang::bytecode::Code;
use gilsim::lang::frozen::{build_image, decode, encode, Image};
use gilsim::lang::{compile_source, dis};
use gilsim::vm::import::{build_frozen_image, bundled_code, bundled_filename, FROZEN, PYLIB};
use gilsim::vm::value::Value;

const BLESS: &str =
    "run `GILSIM_BLESS=1 cargo test --test frozen` and commit src/vm/pylib/frozen.bin";

/// Everything in a code object, nested code and the VM's caches included (`Code` derives
/// `Debug`, so a field added to it is in here by itself). Which strings are one object is
/// checked by comparing encodings: the image numbers strings by object.
/// Everything of a code object, its instructions' spans included.
fn listing(code: &Code) -> String {
    fn spans(code: &Code, out: &mut String) {
        for ip in 0..code.body().instrs.len() {
            out.push_str(&format!(
                "{} {ip} {:?}\n",
                code.qualname.as_str(),
                code.loc_at(ip)
            ));
        }
        for c in &code.body().children {
            spans(c, out);
        }
    }
    let mut out = format!("{code:#?}\n");
    spans(code, &mut out);
    out
}

fn compiled(name: &str, source: &str) -> Rc<Code> {
    compile_source(source, &bundled_filename(name)).unwrap()
}

#[test]
fn committed_image_is_current_and_used_for_every_bundled_module() {
    let fresh = build_frozen_image().unwrap();
    if std::env::var_os("GILSIM_BLESS").is_some() {
        if fresh != FROZEN {
            let path = common::root().join("src/vm/pylib/frozen.bin");
            std::fs::write(&path, &fresh).unwrap();
            eprintln!("wrote {} ({} bytes)", path.display(), fresh.len());
        }
        return;
    }
    assert!(
        fresh == FROZEN,
        "the frozen library is stale: a bundled .py, src/lang/ or the parser changed, and until \
         the image is regenerated gilsim compiles what changed (or, after a front-end change, \
         every bundled module) at every start: {BLESS}"
    );
    let image = gilsim::vm::import::frozen().expect("the committed image is accepted");
    let names: Vec<&str> = image.names().collect();
    for (name, source) in PYLIB {
        assert!(names.contains(name), "{name} is frozen");
        let code = image.load(name, source, &bundled_filename(name));
        assert!(code.is_some(), "{name} loads from the image: {BLESS}");
    }
    assert_eq!(names.len(), PYLIB.len(), "nothing else is frozen");
}

#[test]
fn frozen_code_is_the_compiled_code() {
    let bytes = leak(build_frozen_image().unwrap());
    let image = Image::parse(bytes).expect("a fresh image parses");
    for (name, source) in PYLIB {
        let fname = bundled_filename(name);
        let fresh = compiled(name, source);
        let thawed = image.load(name, source, &fname).expect("frozen");
        let (a, b) = (listing(&fresh), listing(&thawed));
        assert!(
            a == b,
            "{name}: frozen code differs:\n{}",
            first_diff(&a, &b)
        );
        let r = &thawed.runtime;
        assert!(r.calls.get() == 0 && r.costs.get().is_none() && r.globals.get().is_none());
        assert_eq!(
            dis::disassemble(&fresh),
            dis::disassemble(&thawed),
            "{name}"
        );
        // and strings are shared alike: encoding numbers them by object
        assert_eq!(encode(&thawed, &fname), encode(&fresh, &fname), "{name}");
    }
}

fn first_diff(a: &str, b: &str) -> String {
    let (la, lb): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
    let i = la.iter().zip(&lb).take_while(|(x, y)| x == y).count();
    format!(
        "line {i}:\n  compiled: {:?}\n  frozen:   {:?}",
        la.get(i),
        lb.get(i)
    )
}

#[test]
fn constants_of_every_kind_survive_freezing() {
    let src = "\
\"\"\"doc\"\"\"
a = (1, 1.5, 1e999, 0.1, 'x', ('y', None, ...), True, -2, -0.0, -(2**65))
b = 123456789012345678901234567890
c = -123456789012345678901234567890
d = 'x' is 'x'
def f(p, /, q, *r, s=1, **t):
    '''fdoc'''
    def g():
        nonlocal p
        return p, q, {1, 2}, f'{s!r:>4}'
    return g
f(1, q=2)
from os import path
class K:
    x: int = 0
    async def m(self):
        async for i in self:
            yield [j async for j in i]
";
    let code = compile_source(src, "<t>/k.py").unwrap();
    let bytes = leak(encode(&code, "<t>/k.py").unwrap());
    let thawed = decode(bytes, "<t>/k.py").unwrap();
    assert_eq!(listing(&code), listing(&thawed));
    let text = listing(&code);
    assert_eq!(encode(&thawed, "<t>/k.py"), Ok(bytes.to_vec()));
    // (the parser folds no tuples: constant tuples are call keywords and import lists)
    for c in [
        "123456789012345678901234567890",
        " inf,\n",
        " Ellipsis,\n",
        "[\"q\"]",
        "[\"path\"]",
    ] {
        assert!(text.contains(c), "{c} in {text}");
    }
    // a code object of another file than the module's is refused, not frozen wrongly
    assert!(encode(&code, "<t>/other.py").is_err());
    // and so is a constant tuple that two places share (decoding would make two)
    let mut code = Rc::try_unwrap(compile_source("f(a=1)\n", "s.py").unwrap())
        .ok()
        .unwrap();
    let consts = &mut code.body_mut().consts;
    let kw = consts
        .iter()
        .find(|c| matches!(c, Value::Tuple(_)))
        .cloned();
    consts.push(kw.unwrap());
    assert!(encode(&code, "s.py")
        .unwrap_err()
        .contains("shared 2 times"));
}

/// Bytes that live as long as an image's (a loaded code object reads its spans from them).
fn leak(bytes: Vec<u8>) -> &'static [u8] {
    Box::leak(bytes.into_boxed_slice())
}

fn small_image() -> (&'static [u8], [(&'static str, String, &'static str); 2]) {
    let modules = [
        (
            "a",
            "<gilsim>/a.py".to_string(),
            "x = 1\ndef f():\n    return x\n",
        ),
        ("b", "<gilsim>/b.py".to_string(), "import a\ny = 'two'\n"),
    ];
    (leak(build_image(modules.clone()).unwrap()), modules)
}

#[test]
fn an_edited_source_is_compiled_not_run_stale() {
    let (bytes, modules) = small_image();
    let image = Image::parse(bytes).unwrap();
    let (name, fname, source) = &modules[0];
    assert!(image.load(name, source, fname).is_some());
    let edited = source.replace("x = 1", "x = 2");
    assert!(image.load(name, &edited, fname).is_none(), "stale code");
    assert!(image.load("c", source, fname).is_none(), "not in the image");
    // the import path: a bundled module whose source differs from the frozen one
    let (name, source) = PYLIB.iter().find(|(n, _)| *n == "queue").unwrap();
    let edited = format!("{source}\nedited_here = 1\n");
    let code = bundled_code(name, &edited, &bundled_filename(name)).unwrap();
    assert_eq!(listing(&code), listing(&compiled(name, &edited)));
    assert!(code
        .body()
        .names
        .iter()
        .any(|n| n.as_str() == "edited_here"));
}

#[test]
fn damaged_or_foreign_images_are_refused_without_panicking() {
    let (bytes, modules) = small_image();
    let originals: Vec<String> = modules
        .iter()
        .map(|(n, f, s)| listing(&Image::parse(bytes).unwrap().load(n, s, f).unwrap()))
        .collect();
    // what a damaged image gives: for each module, nothing, or its very code
    let check = |damaged: &[u8]| -> usize {
        let Some(image) = Image::parse(leak(damaged.to_vec())) else {
            return 0;
        };
        let mut loaded = 0;
        for ((n, f, s), orig) in modules.iter().zip(&originals) {
            if let Some(code) = image.load(n, s, f) {
                assert_eq!(&listing(&code), orig, "a damaged image ran other code");
                loaded += 1;
            }
        }
        loaded
    };
    let mut refused = 0;
    for i in 0..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut d = bytes.to_vec();
            d[i] ^= flip;
            refused += (check(&d) < 2) as usize;
        }
        let cut = check(&bytes[..i]);
        assert_eq!(cut, 0, "an image cut at {i} is refused");
    }
    // every byte is checked: the header's strings, the index's names, lengths and hashes, and
    // the code (by its hash), so any damage costs a module
    assert_eq!(refused, bytes.len() * 3);
    assert_eq!(check(bytes), 2);
    assert!(Image::parse(b"").is_none());
    assert!(Image::parse(&[0xff; 64]).is_none());
    // an image with trailing bytes, or another front end's, is not used
    let mut longer = bytes.to_vec();
    longer.push(0);
    assert_eq!(check(&longer), 0);
    let fp = gilsim::lang::frozen::FRONT_END.as_bytes();
    let at = bytes.windows(fp.len()).position(|w| w == fp).unwrap();
    let mut foreign = bytes.to_vec();
    foreign[at] = if foreign[at] == b'0' { b'1' } else { b'0' };
    assert!(Image::parse(&foreign).is_none());
    // decoding garbage as a code object fails cleanly
    for junk in [&b""[..], b"\x05abc", &[0xff; 40], bytes] {
        assert!(decode(junk, "<gilsim>/a.py").is_none());
    }
}

/// Run `args` in `dir` with the frozen library on or off; stdout, stderr and the trace, with
/// object addresses (which differ from run to run anyway) blanked.
fn run_gilsim(
    dir: &std::path::Path,
    args: &[&str],
    frozen: bool,
    trace: &std::path::Path,
) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gilsim"));
    cmd.current_dir(dir)
        .args(["run", "--report", "none", "--trace"])
        .arg(trace)
        .args(args);
    if !frozen {
        cmd.env("GILSIM_FROZEN", "0");
    }
    let out = cmd.output().unwrap();
    let text = format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}--- trace\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(trace).unwrap_or_default()
    );
    let mut blanked = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("0x") {
        blanked.push_str(&rest[..i + 2]);
        rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
    }
    blanked + rest
}

#[test]
fn scenarios_run_the_same_frozen_or_compiled() {
    let (name, source) = PYLIB.iter().find(|(n, _)| *n == "asyncio.tasks").unwrap();
    let image = gilsim::vm::import::frozen();
    assert!(
        image.is_some_and(|i| i.load(name, source, &bundled_filename(name)).is_some()),
        "the image is stale, so this would compare compiled runs with compiled runs: {BLESS}"
    );
    let dir = std::env::temp_dir().join(format!("gilsim-frozen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tb = dir.join("tb.py");
    std::fs::write(&tb, "import queue\nqueue.Queue().get_nowait()\n").unwrap();
    let trace = dir.join("t.jsonl");
    let scenarios = common::root().join("scenarios");
    let py = common::root().join("tests/py");
    let mut runs: Vec<(std::path::PathBuf, String)> = vec![(dir.clone(), "tb.py".into())];
    for s in [
        "async_cancel.py",
        "async_queue.py",
        "futures_callbacks.py",
        "producer_consumer.py",
        "process_copy.py",
        "pool_shutdown.py",
    ] {
        runs.push((scenarios.clone(), s.into()));
    }
    for s in [
        "asyncio/uncaught_in_task.py",
        "asyncio/taskgroup.py",
        "asyncio/timeouts_waits.py",
    ] {
        runs.push((py.clone(), s.into()));
    }
    for (dir, file) in &runs {
        let frozen = run_gilsim(dir, &[file], true, &trace);
        let compiled = run_gilsim(dir, &[file], false, &trace);
        assert!(
            frozen == compiled,
            "{file}: frozen run differs:\n{}",
            first_diff(&compiled, &frozen)
        );
        assert!(frozen.contains("--- trace\n{"), "{file} wrote a trace");
    }
    let tb_run = run_gilsim(&dir, &["tb.py"], true, &trace);
    assert!(
        tb_run.contains("File \"<gilsim>/queue.py\", line "),
        "{tb_run}"
    );
    assert!(tb_run.contains(", in get\n    raise Empty\n"), "{tb_run}");
}

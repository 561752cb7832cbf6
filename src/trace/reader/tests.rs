//! Tests of the reader: the design's example, every event's round trip through its line, each
//! error and its line number, cut-short files, and a fuzz that must never panic. Kept in a file
//! of their own because they outweigh the reader they test.

use super::*;
use crate::trace::event::{EventKind, ReleaseReason};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const HEADER: &str = r#"{"type":"header","schema":"gilsim-trace/1","scenario":"scenarios/convoy.py","clock":"virtual","gil":"new","switch_interval_ns":5000000,"cores":2,"seed":1}"#;

fn header() -> Header {
    Header {
        scenario: "scenarios/convoy.py".into(),
        clock: "virtual".into(),
        gil: "new".into(),
        switch_interval_ns: 5_000_000,
        cores: 2,
        seed: 1,
    }
}

/// The design's example trace, with its footer count fixed.
fn example() -> String {
    [
        HEADER,
        r#"{"t":0,"type":"thread_start","proc":0,"thread":0,"name":"MainThread"}"#,
        r#"{"t":41250,"type":"gil_acquire","proc":0,"thread":1,"wait_ns":1200}"#,
        r#"{"t":5041250,"type":"drop_request","proc":0,"thread":0}"#,
        r#"{"t":5041800,"type":"gil_release","proc":0,"thread":1,"reason":"drop_request"}"#,
        r#"{"t":5100000,"type":"io_begin","proc":0,"thread":0,"call":"time.sleep","dur_ns":0}"#,
        r#"{"type":"footer","t":523000000,"events":5}"#,
    ]
    .join("\n")
        + "\n"
}

/// Reads `text` to the end: the events, or the first error.
fn read_all(text: &[u8]) -> Result<(Header, Vec<Event>, Option<Footer>, u64), TraceError> {
    let (mut r, h) = TraceReader::new(text)?;
    let events = r.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok((h, events, r.footer().cloned(), r.lines_read()))
}

#[test]
fn os_and_process_events_round_trip() {
    let events = vec![
        Event {
            t: 1,
            proc: 0,
            thread: 1,
            kind: EventKind::CpuWait,
        },
        Event {
            t: 2,
            proc: 0,
            thread: 1,
            kind: EventKind::CpuRun,
        },
        Event {
            t: 3,
            proc: 1,
            thread: 2,
            kind: EventKind::ProcStart {
                pid: 4243,
                parent: 0,
            },
        },
        Event {
            t: 4,
            proc: 1,
            thread: 2,
            kind: EventKind::MsgSend { chan: 3, bytes: 23 },
        },
        Event {
            t: 5,
            proc: 0,
            thread: 0,
            kind: EventKind::MsgRecv { chan: 3, bytes: 23 },
        },
        Event {
            t: 6,
            proc: 1,
            thread: 2,
            kind: EventKind::ProcExit { exitcode: -15 },
        },
    ];
    let mut text = format!("{HEADER}\n");
    for e in &events {
        text.push_str(&e.to_json_line());
        text.push('\n');
    }
    text.push_str(r#"{"type":"footer","t":7,"events":6}"#);
    let (_, back, footer, _) = read_all(text.as_bytes()).expect("a valid trace");
    assert_eq!(back, events);
    assert!(footer.is_some());
    assert!(text.contains(r#""type":"proc_start","proc":1,"thread":2,"pid":4243,"parent":0"#));
    assert_eq!(
        error_of(&trace(&[
            r#"{"t":1,"type":"proc_exit","proc":1,"thread":2}"#
        ])),
        "line 2: proc_exit: missing field \"exitcode\""
    );
}

fn error_of(text: &str) -> String {
    match read_all(text.as_bytes()) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("no error for {text:?}"),
    }
}

/// A trace: the header, `lines`, then a newline after each.
fn trace(lines: &[&str]) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s
}

#[test]
fn reads_the_design_example() {
    let (h, events, footer, lines) = read_all(example().as_bytes()).unwrap();
    assert_eq!(h, header());
    assert_eq!(events.len(), 5);
    assert_eq!(
        events[1],
        Event {
            t: 41250,
            proc: 0,
            thread: 1,
            kind: EventKind::GilAcquire { wait_ns: 1200 }
        }
    );
    assert_eq!(
        events[4].kind,
        EventKind::IoBegin {
            call: "time.sleep".into(),
            dur_ns: Some(0)
        }
    );
    assert_eq!(
        footer,
        Some(Footer {
            t: 523_000_000,
            events: 5,
            stopped: None
        })
    );
    assert_eq!(lines, 7);
}

#[test]
fn every_event_round_trips_through_its_line() {
    let kinds = vec![
        EventKind::ThreadStart {
            name: "Thread-1 \"x\"\n\\ é \u{7}".into(),
        },
        EventKind::ThreadEnd,
        EventKind::GilRequest,
        EventKind::GilAcquire { wait_ns: u64::MAX },
        EventKind::GilRelease {
            reason: ReleaseReason::DropRequest,
        },
        EventKind::GilRelease {
            reason: ReleaseReason::Blocking,
        },
        EventKind::GilRelease {
            reason: ReleaseReason::Exit,
        },
        EventKind::GilRelease {
            reason: ReleaseReason::Interval,
        },
        EventKind::DropRequest,
        EventKind::ForcedSwitch { by: u32::MAX },
        EventKind::IoBegin {
            call: "time.sleep".into(),
            dur_ns: Some(5),
        },
        EventKind::IoBegin {
            call: "socket.recv".into(),
            dur_ns: None,
        },
        EventKind::IoEnd {
            call: "socket.recv".into(),
        },
        EventKind::Block {
            what: "Lock.acquire".into(),
            line: 12,
        },
        EventKind::Unblock,
        EventKind::TaskCreate {
            task: u64::MAX,
            name: "Task-1 \"é\"".into(),
            coro: "Cls.method".into(),
        },
        EventKind::TaskStep {
            task: 1,
            name: "Task-1".into(),
            dur_ns: u64::MAX,
            ready_ns: 7,
            from_line: u32::MAX,
            line: Some(3),
            outcome: "await".into(),
        },
        EventKind::TaskStep {
            task: 1,
            name: "Task-1".into(),
            dur_ns: 0,
            ready_ns: 0,
            from_line: 3,
            line: None,
            outcome: "error".into(),
        },
        EventKind::LoopCallback {
            callback: "print".into(),
            dur_ns: 42,
        },
    ];
    let events: Vec<Event> = kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| Event {
            t: i as u64 * 7,
            proc: i as u32 % 2,
            thread: i as u32,
            kind,
        })
        .collect();
    let mut text = header().to_json_line() + "\n";
    for e in &events {
        text += &e.to_json_line();
        text.push('\n');
    }
    let footer = Footer {
        t: 1000,
        events: events.len() as u64,
        stopped: Some("max_time".into()),
    };
    text += &footer.to_json_line();
    // no newline after the footer: still a complete trace
    let (h, back, f, lines) = read_all(text.as_bytes()).unwrap();
    assert_eq!(h, header());
    assert_eq!(back, events);
    assert_eq!(f, Some(footer));
    assert_eq!(lines, events.len() as u64 + 2);
}

#[test]
fn tolerates_crlf_unknown_fields_and_blank_lines_after_the_footer() {
    let text = trace(&[
        r#"{"t":3,"type":"unblock","proc":0,"thread":1,"future_field":[1,{"a":2}]}"#,
        r#"{"type":"footer","t":3,"events":1,"stopped":null}"#,
        "",
        "  ",
    ])
    .replace('\n', "\r\n");
    let (_, events, footer, _) = read_all(text.as_bytes()).unwrap();
    assert_eq!(
        events,
        vec![Event {
            t: 3,
            proc: 0,
            thread: 1,
            kind: EventKind::Unblock
        }]
    );
    assert_eq!(
        footer,
        Some(Footer {
            t: 3,
            events: 1,
            stopped: None
        })
    );
}

#[test]
fn a_trace_without_footer_says_where_it_stops() {
    let text = trace(&[
        r#"{"t":3,"type":"unblock","proc":0,"thread":1}"#,
        r#"{"t":4,"type":"unblock","proc":0,"thread":1}"#,
    ]);
    let (mut r, _) = TraceReader::new(text.as_bytes()).unwrap();
    assert_eq!(r.by_ref().count(), 2);
    assert_eq!(r.footer(), None);
    assert_eq!(r.lines_read(), 3);
    assert!(!r.ends_mid_line());

    // cut in the middle of the last line
    let cut = format!("{text}{{\"t\":5,\"type\":\"unbl");
    let (mut r, _) = TraceReader::new(cut.as_bytes()).unwrap();
    assert_eq!(r.by_ref().count(), 2);
    assert_eq!(r.footer(), None);
    assert_eq!(r.lines_read(), 3);
    assert!(r.ends_mid_line());

    // a header alone
    let (mut r, _) = TraceReader::new(HEADER.as_bytes()).unwrap();
    assert!(r.next().is_none());
    assert_eq!((r.footer(), r.lines_read()), (None, 1));
}

#[test]
fn header_errors() {
    assert_eq!(error_of(""), "line 1: empty file: no header");
    assert_eq!(
        error_of("\n"),
        "line 1: expected a gilsim-trace/1 header, found an empty line"
    );
    assert_eq!(
        error_of("hello\n"),
        "line 1: expected a gilsim-trace/1 header: not JSON: expected value (column 1)"
    );
    assert_eq!(
        error_of("{\"type\":\"header\",\"sch"),
        "line 1: expected a gilsim-trace/1 header: the file ends inside the header line"
    );
    assert_eq!(
        error_of("[1,2]\n"),
        "line 1: expected a gilsim-trace/1 header, found an array ([1,2])"
    );
    assert_eq!(
        error_of("{\"t\":0,\"type\":\"unblock\",\"proc\":0,\"thread\":0}\n"),
        "line 1: expected a gilsim-trace/1 header, found a \"unblock\" line"
    );
    assert_eq!(
        error_of("{\"t\":0}\n"),
        "line 1: expected a gilsim-trace/1 header, found a line without a \"type\""
    );
    assert_eq!(
        error_of(&HEADER.replace("gilsim-trace/1", "gilsim-trace/2")),
        "line 1: unsupported schema \"gilsim-trace/2\": this reader reads gilsim-trace/1"
    );
    assert_eq!(
        error_of(&HEADER.replace(",\"seed\":1", "")),
        "line 1: header: missing field \"seed\""
    );
    assert_eq!(
        error_of(&HEADER.replace("\"cores\":2", "\"cores\":\"2\"")),
        "line 1: header: field \"cores\" must be a non-negative integer, not a string (\"2\")"
    );
    assert_eq!(
        error_of(&HEADER.replace("\"cores\":2", "\"cores\":4294967296")),
        "line 1: header: field \"cores\" is 4294967296, above 4294967295"
    );
    assert_eq!(
        error_of(&HEADER.replace("\"gil\":\"new\"", "\"gil\":1")),
        "line 1: header: field \"gil\" must be a string, not a number (1)"
    );
}

#[test]
fn event_errors_name_their_line() {
    let ok = r#"{"t":5,"type":"unblock","proc":0,"thread":1}"#;
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![ok, "not json"], "line 3: not JSON: expected ident (column 2)"),
        (vec![ok, ""], "line 3: empty line"),
        (vec!["42"], "line 2: expected a JSON object, found a number (42)"),
        (vec![r#"{"t":5,"proc":0,"thread":1}"#], "line 2: missing field \"type\""),
        (
            vec![r#"{"t":5,"type":7,"proc":0,"thread":1}"#],
            "line 2: field \"type\" must be a string, not a number (7)",
        ),
        (
            vec![ok, r#"{"t":6,"type":"task_switch","proc":0,"thread":1}"#],
            "line 3: unknown event type \"task_switch\"",
        ),
        (
            vec![r#"{"type":"unblock","proc":0,"thread":1}"#],
            "line 2: unblock: missing field \"t\"",
        ),
        (
            vec![r#"{"t":-1,"type":"unblock","proc":0,"thread":1}"#],
            "line 2: unblock: field \"t\" must be a non-negative integer, not a number (-1)",
        ),
        (
            vec![r#"{"t":1.5,"type":"unblock","proc":0,"thread":1}"#],
            "line 2: unblock: field \"t\" must be a non-negative integer, not a number (1.5)",
        ),
        (
            vec![r#"{"t":1,"type":"unblock","thread":1}"#],
            "line 2: unblock: missing field \"proc\"",
        ),
        (
            vec![r#"{"t":1,"type":"unblock","proc":0,"thread":"1"}"#],
            "line 2: unblock: field \"thread\" must be a non-negative integer, not a string (\"1\")",
        ),
        (
            vec![r#"{"t":1,"type":"thread_start","proc":0,"thread":1}"#],
            "line 2: thread_start: missing field \"name\"",
        ),
        (
            vec![r#"{"t":1,"type":"thread_start","proc":0,"thread":1,"name":["a"]}"#],
            "line 2: thread_start: field \"name\" must be a string, not an array ([\"a\"])",
        ),
        (
            vec![r#"{"t":1,"type":"gil_acquire","proc":0,"thread":1}"#],
            "line 2: gil_acquire: missing field \"wait_ns\"",
        ),
        (
            vec![r#"{"t":1,"type":"gil_release","proc":0,"thread":1,"reason":"bored"}"#],
            "line 2: gil_release: unknown reason \"bored\" (expected drop_request, blocking, exit or interval)",
        ),
        (
            vec![r#"{"t":1,"type":"gil_release","proc":0,"thread":1,"reason":true}"#],
            "line 2: gil_release: field \"reason\" must be a string, not a boolean (true)",
        ),
        (
            vec![r#"{"t":1,"type":"gil_release","proc":0,"thread":1}"#],
            "line 2: gil_release: missing field \"reason\"",
        ),
        (
            vec![r#"{"t":1,"type":"forced_switch","proc":0,"thread":1}"#],
            "line 2: forced_switch: missing field \"by\"",
        ),
        (
            vec![r#"{"t":1,"type":"io_begin","proc":0,"thread":1,"call":"x","dur_ns":"5"}"#],
            "line 2: io_begin: field \"dur_ns\" must be a non-negative integer, not a string (\"5\")",
        ),
        (
            vec![r#"{"t":1,"type":"io_end","proc":0,"thread":1}"#],
            "line 2: io_end: missing field \"call\"",
        ),
        (
            vec![r#"{"t":1,"type":"block","proc":0,"thread":1,"what":"Lock.acquire"}"#],
            "line 2: block: missing field \"line\"",
        ),
        (vec![ok, HEADER], "line 3: a second header"),
        (
            vec![ok, r#"{"t":4,"type":"unblock","proc":0,"thread":1}"#],
            "line 3: t goes backwards: 4 after 5",
        ),
        (
            vec![ok, r#"{"type":"footer","t":4,"events":1}"#],
            "line 3: t goes backwards: 4 after 5",
        ),
        (
            vec![ok, r#"{"type":"footer","t":9,"events":2}"#],
            "line 3: the footer counts 2 events, but 1 lines lie between the header and the footer",
        ),
        (
            vec![r#"{"type":"footer","t":9}"#],
            "line 2: footer: missing field \"events\"",
        ),
        (
            vec![r#"{"type":"footer","t":9,"events":0,"stopped":3}"#],
            "line 2: footer: field \"stopped\" must be a string, not a number (3)",
        ),
        (
            vec![ok, r#"{"type":"footer","t":9,"events":1}"#, "", ok],
            "line 5: text after the footer",
        ),
        (
            vec![r#"{"type":"footer","t":9,"events":0}"#, r#"{"type":"footer","t":9,"events":0}"#],
            "line 3: text after the footer",
        ),
    ];
    for (lines, want) in cases {
        assert_eq!(error_of(&trace(&lines)), want, "for {lines:?}");
    }
}

#[test]
fn the_first_error_ends_the_iteration() {
    let text = trace(&["nope", r#"{"t":5,"type":"unblock","proc":0,"thread":1}"#]);
    let (mut r, _) = TraceReader::new(text.as_bytes()).unwrap();
    assert_eq!(r.next().unwrap().unwrap_err().line, 2);
    assert!(r.next().is_none());
    assert_eq!(r.lines_read(), 2);
    assert_eq!(r.footer(), None);
}

#[test]
fn overlong_and_non_utf8_lines_are_errors() {
    let long = format!(
        "{{\"t\":1,\"type\":\"thread_start\",\"proc\":0,\"thread\":0,\"name\":\"{}\"}}",
        "x".repeat(MAX_LINE_BYTES)
    );
    assert_eq!(
        error_of(&trace(&[&long])),
        format!("line 2: line longer than {MAX_LINE_BYTES} bytes")
    );
    let mut bytes = trace(&[]).into_bytes();
    bytes.extend_from_slice(
        b"{\"t\":1,\"type\":\"thread_start\",\"proc\":0,\"thread\":0,\"name\":\"\xff\"}\n",
    );
    let e = read_all(&bytes).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.starts_with("not JSON"), "{e}");
}

/// Never panics, whatever the bytes; a cut-short file reads as its complete lines.
#[test]
fn fuzz_random_bytes_truncations_and_mutations() {
    let example = example().into_bytes();
    // every truncation
    for cut in 0..=example.len() {
        let part = &example[..cut];
        let complete_lines = part.iter().filter(|&&b| b == b'\n').count() as u64;
        match TraceReader::new(part) {
            Err(e) => assert_eq!(e.line, 1, "cut at {cut}: {e}"),
            Ok((mut r, _)) => {
                let results: Vec<_> = r.by_ref().collect();
                assert!(
                    results.iter().all(Result::is_ok),
                    "cut at {cut}: {results:?}"
                );
                if cut < example.len() - 1 {
                    assert_eq!(r.footer(), None, "cut at {cut}");
                    let open_line = part.last() != Some(&b'\n');
                    let expected = complete_lines + u64::from(open_line && !r.ends_mid_line());
                    assert_eq!(r.lines_read(), expected, "cut at {cut}");
                    assert!(open_line || !r.ends_mid_line());
                } else {
                    assert!(r.footer().is_some());
                }
            }
        }
    }
    let mut rng = StdRng::seed_from_u64(0x9E37_79B9_7F4A_7C15);
    let alphabet = b"{}[]\":,0123456789-.eE truefalsnl\n\r\\u\xff\xc3typetheadrfooter_gil";
    for round in 0..3000 {
        let bytes: Vec<u8> = match round % 3 {
            0 => (0..rng.gen_range(0..300))
                .map(|_| rng.gen::<u8>())
                .collect(),
            1 => (0..rng.gen_range(0..300))
                .map(|_| alphabet[rng.gen_range(0..alphabet.len())])
                .collect(),
            _ => {
                let mut b = example.clone();
                for _ in 0..1 + rng.gen_range(0..4) {
                    let i = rng.gen_range(0..b.len());
                    match rng.gen_range(0..3) {
                        0 => b[i] = alphabet[rng.gen_range(0..alphabet.len())],
                        1 => {
                            b.remove(i);
                        }
                        _ => b.insert(i, rng.gen::<u8>()),
                    }
                }
                b
            }
        };
        if let Ok((mut r, _)) = TraceReader::new(bytes.as_slice()) {
            let mut n = 0;
            while let Some(item) = r.next() {
                n += 1;
                if let Err(e) = item {
                    assert!(e.line >= 2 && e.line == r.lines_read(), "{e}");
                }
            }
            assert!(n <= bytes.len());
        }
    }
}

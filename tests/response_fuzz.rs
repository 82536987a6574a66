//! Every reply decodes or errors, never panics: arbitrary statuses, headers and bodies,
//! written raw by a loopback server, through the whole response path of a generated
//! client (HTTP parsing, retries and `Retry-After`, error bodies, JSON, text and byte
//! bodies, bodiless replies, paging streams). Cases are proptest's: a failure shrinks to
//! a small reply, and is kept in `proptest-regressions/` to be tried first on later
//! runs. (The cargo-fuzz target of the generator needs nightly, which this machine
//! lacks; this runs on stable in every test run.)

#[path = "respond_harness.rs"]
mod harness;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence, TestRng, TestRunner};
use std::sync::{Arc, Mutex};

/// Bodies that look like what the operations expect, to get past the first byte.
const SHAPED: &[&str] = &[
    r#"{"records": [{"id": "d1", "name": "n"}], "pageInfo": {"hasNextPage": true, "nextCursor": "c"}}"#,
    r#"{"records": [], "pageInfo": {"hasNextPage": false}}"#,
    r#"{"items": [{"id": "x"}], "next_page": "p2"}"#,
    r#"{"schemas": [], "totalResults": 3, "itemsPerPage": 1, "startIndex": 1, "Resources": [{}]}"#,
    r#"{"fields": {"name": ["too long"]}}"#,
    r#"{"message": "no", "code": 7}"#,
    r#"{"records": [{"id": 1}]}"#,
    "[1, 2, 3]",
    "null",
    "\u{feff}{}",
];

/// The raw reply: status line, headers, body.
fn reply() -> impl Strategy<Value = Vec<u8>> {
    let status = prop_oneof![
        select(&[200u16, 201, 204, 301, 302, 304, 400, 404, 409, 422, 429, 500, 503][..]),
        100u16..1000,
    ];
    let header = prop_oneof![
        select(
            &[
                "application/json",
                "text/plain",
                "application/octet-stream",
                "text/html; charset=utf-8",
                ""
            ][..]
        )
        .prop_map(|v| format!("content-type: {v}")),
        prop_oneof![
            Just("0".to_owned()),
            Just("3".to_owned()),
            "[0-9]{1,20}".prop_map(|s| s)
        ]
        .prop_map(|v| format!("content-length: {v}")),
        prop_oneof![
            select(
                &[
                    "0",
                    "1",
                    "-1",
                    "99999999999",
                    "Wed, 21 Oct 2015 07:28:00 GMT",
                    "soon"
                ][..]
            )
            .prop_map(str::to_owned),
            "[ -~]{0,12}",
        ]
        .prop_map(|v| format!("retry-after: {v}")),
        "[ -~]{0,40}".prop_map(|v| format!("x-request-id: {v}")),
        Just("transfer-encoding: chunked".to_owned()),
        "[a-z-]{1,12}: [ -~]{0,20}",
    ];
    let body = prop_oneof![
        select(SHAPED).prop_map(|s| s.as_bytes().to_vec()),
        (select(SHAPED), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(s, at, byte)| {
            let mut bytes = s.as_bytes().to_vec();
            let at = at.index(bytes.len());
            bytes[at] = byte;
            bytes
        }),
        (select(SHAPED), any::<prop::sample::Index>())
            .prop_map(|(s, at)| s.as_bytes()[..at.index(s.len())].to_vec()),
        prop::collection::vec(any::<u8>(), 0..256),
    ];
    (status, prop::collection::vec(header, 0..5), body).prop_map(|(status, headers, body)| {
        let mut raw = format!("HTTP/1.1 {status} Whatever\r\n");
        for header in headers {
            raw.push_str(&header);
            raw.push_str("\r\n");
        }
        raw.push_str("\r\n");
        let mut raw = raw.into_bytes();
        raw.extend_from_slice(&body);
        raw
    })
}

/// A runtime, the reply the server gives, and a client of the server.
fn setup() -> (
    tokio::runtime::Runtime,
    Arc<Mutex<Vec<u8>>>,
    operations_client::Client,
) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let current = Arc::new(Mutex::new(Vec::new()));
    let url = runtime.block_on(harness::replying_server(current.clone()));
    let client = harness::client(&url);
    (runtime, current, client)
}

#[test]
fn every_reply_decodes_or_errors_without_a_panic() {
    let (runtime, current, client) = setup();
    let config = Config {
        cases: 1000,
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let outcome = runner.run(&reply(), |raw| {
        *current.lock().unwrap() = raw;
        runtime.block_on(harness::every_kind_of_call(&client));
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// The replies that once broke the response path (found by `fuzz/run.sh 600 respond` or
/// by the property above), replayed.
#[test]
fn every_reply_that_once_crashed_the_client_now_decodes_or_errors() {
    let folder = workspace_tests::root().join("fuzz/respond-regressions");
    let (runtime, current, client) = setup();
    let mut replayed = 0;
    for entry in std::fs::read_dir(&folder).expect("fuzz/respond-regressions exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        *current.lock().unwrap() = std::fs::read(&path).unwrap();
        runtime.block_on(harness::every_kind_of_call(&client));
        replayed += 1;
    }
    assert!(replayed > 0, "{} holds no replies", folder.display());
}

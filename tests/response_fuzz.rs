//! Every reply decodes or errors, never panics: arbitrary statuses, headers and bodies,
//! written raw by a loopback server, through the whole response path of a generated
//! client (HTTP parsing, retries and `Retry-After`, error bodies, JSON, text and byte
//! bodies, bodiless replies, paging streams). Cases are proptest's: a failure shrinks to
//! a small reply, and is kept in `proptest-regressions/` to be tried first on later
//! runs. (The cargo-fuzz target of the generator needs nightly, which this machine
//! lacks; this runs on stable in every test run.)

use futures_util::StreamExt;
use operations_client::operations::{
    DeleteDocumentParams, ListDisksParams, ListDocumentsParams, ScimUsersListParams,
};
use operations_client::runtime::RetryPolicy;
use operations_client::types::ListDocumentsSortField;
use operations_client::Client;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence, TestRng, TestRunner};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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

/// A loopback server that answers every request with the current reply, then closes.
async fn replying_server(reply: Arc<Mutex<Vec<u8>>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let reply = reply.lock().unwrap().clone();
            tokio::spawn(async move {
                let mut request = [0u8; 8192];
                let _ = socket.read(&mut request).await;
                let _ = socket.write_all(&reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

/// Every operation kind of the client once against the reply; each ends, one way or
/// the other, within its timeout.
async fn every_kind_of_call(client: &Client) {
    let _ = client
        .list_documents(
            &ListDocumentsSortField::Name,
            &ListDocumentsParams::default(),
        )
        .await;
    let _ = client.get_thumbnail("d1").await;
    let _ = client.is_archived("d1").await;
    let _ = client
        .delete_document("d1", "r1", "dark", &DeleteDocumentParams::default())
        .await;
    let _ = client
        .scim_users_list(&ScimUsersListParams::default())
        .await;
    let _ = client.list_disks("p", &ListDisksParams::default()).await;
    // A stream ends at the first error or after a few pages of a server that always
    // says there is another.
    let stream = client.list_documents_stream(
        &ListDocumentsSortField::Name,
        &ListDocumentsParams::default(),
    );
    let _ = stream.take(5).collect::<Vec<_>>().await;
    if let Ok(mut download) = client.get_thumbnail_download("d1").await {
        while let Ok(Some(_)) = download.chunk().await {}
    }
}

#[test]
fn every_reply_decodes_or_errors_without_a_panic() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let current = Arc::new(Mutex::new(Vec::new()));
    let url = runtime.block_on(replying_server(current.clone()));
    let client = Client::builder()
        .base_url(&url)
        .api_key("fuzz-key")
        .timeout(Duration::from_secs(2))
        .retry_policy(RetryPolicy {
            max_retries: 1,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        })
        .build()
        .unwrap();
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
        runtime.block_on(every_kind_of_call(&client));
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

//! The client runtime against real HTTP servers on loopback: timeouts and their
//! overrides, client-side pacing, SCIM index paging, the request id of errors, and the
//! bound on what a reply may make the client hold (huge, unannounced and error bodies).

use futures_util::StreamExt;
use operations_client::operations::{ListDocumentsParams, ScimUsersListParams};
use operations_client::runtime::RetryPolicy;
use operations_client::types::ListDocumentsSortField;
use operations_client::{Client, Error};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base_url: &str, timeout: Duration) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key("runtime-test-key")
        .timeout(timeout)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// `builder` with the test key and two retries a few milliseconds apart.
fn quickly_retrying(builder: operations_client::ClientBuilder) -> operations_client::ClientBuilder {
    builder
        .api_key("runtime-test-key")
        .retry_policy(RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(10),
        })
}

async fn slow_thumbnail(server: &MockServer, delay: Duration) {
    Mock::given(method("GET"))
        .and(path("/documents/d1/thumbnail"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "image/png")
                .set_body_bytes(b"\x89PNG".to_vec())
                .set_delay(delay),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn one_call_can_have_a_longer_timeout_than_the_client() {
    let server = MockServer::start().await;
    slow_thumbnail(&server, Duration::from_millis(300)).await;
    let client = client(&server.uri(), Duration::from_millis(100));

    let err = client.get_thumbnail("d1").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");

    let bytes = client
        .with_timeout(Duration::from_secs(5))
        .get_thumbnail("d1")
        .await
        .unwrap();
    assert_eq!(bytes, b"\x89PNG");
}

#[tokio::test]
async fn a_download_read_piece_by_piece_has_no_timeout() {
    let server = MockServer::start().await;
    slow_thumbnail(&server, Duration::from_millis(300)).await;
    let client = client(&server.uri(), Duration::from_millis(100));

    let mut download = client.get_thumbnail_download("d1").await.unwrap();

    let mut bytes = Vec::new();
    while let Some(chunk) = download.chunk().await.unwrap() {
        bytes.extend(chunk);
    }
    assert_eq!(bytes, b"\x89PNG");
}

#[tokio::test]
async fn an_api_error_names_the_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("x-request-id", "req-42")
                .set_body_string("maintenance"),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), Duration::from_secs(5));

    let err = client
        .list_documents(
            &ListDocumentsSortField::Name,
            &ListDocumentsParams::default(),
        )
        .await
        .unwrap_err();

    let text = err.to_string();
    let Error::Api(api) = err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.request_id(), Some("req-42"));
    assert_eq!(
        text,
        "the server answered 503 Service Unavailable (request id req-42): \"maintenance\""
    );
    assert!(!text.contains("runtime-test-key"));
}

#[tokio::test]
async fn the_scim_stream_moves_the_start_index_until_total_results_are_read() {
    let server = MockServer::start().await;
    let page = |names: &[&str], start: u32| {
        let resources: Vec<_> = names.iter().map(|n| json!({"userName": n})).collect();
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 5,
            "startIndex": start,
            "Resources": resources,
        })
    };
    let answer = |matcher_start: Option<&str>, body: serde_json::Value| {
        let mock = Mock::given(method("GET")).and(path("/scim/v2/Users"));
        let mock = match matcher_start {
            Some(start) => mock.and(query_param("startIndex", start)),
            None => mock.and(query_param_is_missing("startIndex")),
        };
        mock.and(query_param("count", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
    };
    answer(None, page(&["a", "b"], 1)).mount(&server).await;
    answer(Some("3"), page(&["c", "d"], 3)).mount(&server).await;
    answer(Some("5"), page(&["e"], 5)).mount(&server).await;
    let client = client(&server.uri(), Duration::from_secs(5));

    let names: Vec<String> = client
        .scim_users_list_stream(&ScimUsersListParams::default().count("2"))
        .map(|user| user.unwrap().user_name)
        .collect()
        .await;

    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    // `expect(1)` on each page, checked when the server drops: no fourth request.
}

/// A loopback HTTP server on the test's own (paused) clock that answers an empty SCIM
/// list, or 429
/// once more than 60 requests arrive within a minute; it records when each came.
async fn rate_limited_server() -> (String, Arc<Mutex<Vec<tokio::time::Instant>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let seen = arrivals.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(read) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                    // Bodiless GETs: a request ends at its blank line.
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        let now = tokio::time::Instant::now();
                        let status = {
                            let mut seen = seen.lock().unwrap();
                            seen.push(now);
                            let window = seen
                                .iter()
                                .filter(|t| now.duration_since(**t) < Duration::from_secs(60))
                                .count();
                            if window > 60 {
                                "429 Too Many Requests"
                            } else {
                                "200 OK"
                            }
                        };
                        let body = r#"{"schemas":[],"totalResults":0,"Resources":[]}"#;
                        let reply = format!(
                            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n\
                             content-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if socket.write_all(reply.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    (url, arrivals)
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn pacing_spreads_120_calls_over_two_minutes_without_a_429() {
    let (url, arrivals) = rate_limited_server().await;
    let client = Client::builder()
        .base_url(&url)
        .timeout(Duration::from_secs(3600))
        .retry_policy(RetryPolicy::none())
        .rate_limit(60, Duration::from_secs(60))
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();

    // Two clones calling at once share one allowance.
    let call = |client: Client| async move {
        for _ in 0..60 {
            client
                .scim_users_list(&ScimUsersListParams::default())
                .await
                .map(drop)
                .unwrap_or_else(|err| panic!("paced calls must not be refused: {err}"));
        }
    };
    tokio::join!(call(client.clone()), call(client.clone()));

    let elapsed = started.elapsed();
    assert!(
        (Duration::from_secs(119)..Duration::from_secs(125)).contains(&elapsed),
        "{elapsed:?}"
    );
    assert_eq!(arrivals.lock().unwrap().len(), 120);
}

#[tokio::test]
async fn a_truncated_body_or_an_unexpected_content_type_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"records": [{"id""#, "application/json"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<h1>login</h1>", "text/html"))
        .mount(&server)
        .await;
    let client = client(&server.uri(), Duration::from_secs(5));
    let params = ListDocumentsParams::default();
    for (expected_type, expected_body) in [
        ("application/json", r#"{\"records\": [{\"id\""#),
        ("text/html", "<h1>login</h1>"),
    ] {
        let err = client
            .list_documents(&ListDocumentsSortField::Name, &params)
            .await
            .unwrap_err();
        let Error::Decode(decode) = &err else {
            panic!("expected a decode error, got {err:?}");
        };
        assert_eq!(decode.content_type.as_deref(), Some(expected_type));
        let text = err.to_string();
        assert!(text.contains(expected_body), "{text}");
        assert!(!text.contains("runtime-test-key"), "{text}");
    }
}

/// A server on loopback that answers every request with `head` (status line and
/// headers, without the blank line), then writes `chunks` of `chunk` bytes of JSON
/// array filler (`[` then `0,` repeated); it counts the body bytes it managed to write.
async fn flooding_server(
    head: &'static str,
    chunked: bool,
    chunks: usize,
) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicUsize::new(0));
    let counter = written.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let transfer = if chunked {
                    "\r\ntransfer-encoding: chunked"
                } else {
                    ""
                };
                let reply = format!("{head}{transfer}\r\n\r\n");
                if socket.write_all(reply.as_bytes()).await.is_err() {
                    return;
                }
                let filler = "0,".repeat(32 * 1024);
                for index in 0..chunks {
                    let piece = if index == 0 {
                        format!("[{filler}")
                    } else {
                        filler.clone()
                    };
                    let framed = if chunked {
                        format!("{:x}\r\n{piece}\r\n", piece.len())
                    } else {
                        piece.clone()
                    };
                    if socket.write_all(framed.as_bytes()).await.is_err() {
                        return;
                    }
                    counter.fetch_add(piece.len(), Ordering::Relaxed);
                }
            });
        }
    });
    (url, written)
}

fn small_limit_client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("runtime-test-key")
        .timeout(Duration::from_secs(10))
        .max_body_size(1 << 20)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_content_length_above_the_limit_fails_before_the_body_is_read() {
    let (url, written) = flooding_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000000000",
        false,
        1,
    )
    .await;
    let client = small_limit_client(&url);
    let params = ListDocumentsParams::default();
    let started = std::time::Instant::now();
    let err = (client.list_documents(&ListDocumentsSortField::Name, &params))
        .await
        .unwrap_err();
    let Error::TooLarge(too_large) = &err else {
        panic!("expected TooLarge, got {err:?}");
    };
    assert_eq!(too_large.limit, 1 << 20);
    assert_eq!(too_large.content_length, Some(1_000_000_000));
    assert_eq!(too_large.status, 200);
    assert!(err.to_string().contains("1048576 bytes"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(written);
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_at_the_limit_and_one_chunk() {
    // 1,024 chunks of 64 KiB: 64 MiB the client must not wait for, nor hold.
    let (url, written) = flooding_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json",
        true,
        1024,
    )
    .await;
    let client = small_limit_client(&url);
    let params = ListDocumentsParams::default();
    let err = (client.list_documents(&ListDocumentsSortField::Name, &params))
        .await
        .unwrap_err();
    let Error::TooLarge(too_large) = &err else {
        panic!("expected TooLarge, got {err:?}");
    };
    assert_eq!(too_large.content_length, None);
    // The server is stopped by the closed connection, well before its 64 MiB (what it
    // wrote ahead sits in socket buffers, not in the client).
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = written.load(std::sync::atomic::Ordering::Relaxed);
    assert!(sent < 32 << 20, "{sent} bytes written");
}

#[tokio::test]
async fn an_error_body_above_the_limit_fails_the_same_way() {
    let (url, _) = flooding_server(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json",
        true,
        64,
    )
    .await;
    let client = small_limit_client(&url);
    let params = ListDocumentsParams::default();
    let err = (client.list_documents(&ListDocumentsSortField::Name, &params))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::TooLarge(e) if e.status == 500),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn one_call_can_read_more_than_the_client_limit() {
    let server = MockServer::start().await;
    // About 2 MiB of records.
    let records: Vec<serde_json::Value> = (0..40_000)
        .map(|i| json!({"id": format!("d{i}"), "name": "a document with a name"}))
        .collect();
    let page = json!({"records": records, "pageInfo": {"hasNextPage": false}});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let client = small_limit_client(&server.uri());
    let params = ListDocumentsParams::default();
    let err = (client.list_documents(&ListDocumentsSortField::Name, &params))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TooLarge(_)), "{err:?}");
    let page = (client.with(|o| o.max_body_size(16 << 20)))
        .list_documents(&ListDocumentsSortField::Name, &params)
        .await
        .unwrap();
    assert_eq!(page.records.len(), 40_000);
}

#[tokio::test]
async fn the_client_asks_for_no_compression() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"records": [], "pageInfo": {"hasNextPage": false}})),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), Duration::from_secs(5));
    let params = ListDocumentsParams::default();
    (client.list_documents(&ListDocumentsSortField::Name, &params))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(
        !requests[0].headers.contains_key("accept-encoding"),
        "{:?}",
        requests[0].headers
    );
}

#[tokio::test]
async fn a_body_trickled_slowly_is_cut_off_by_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n[";
        let _ = socket.write_all(head.as_bytes()).await;
        // A byte every 50 ms: the body would take over an hour.
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if socket.write_all(b"0").await.is_err() {
                return;
            }
        }
    });
    let client = client(&url, Duration::from_millis(500));
    let started = std::time::Instant::now();
    let params = ListDocumentsParams::default();
    let err = (client.list_documents(&ListDocumentsSortField::Name, &params))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn any_call_gives_its_status_and_headers_beside_the_value() {
    use operations_client::runtime::ResponseExt;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "\"v7\"")
                .insert_header("x-ratelimit-remaining", "41")
                .set_body_json(json!({"records": [], "pageInfo": {"hasNextPage": false}})),
        )
        .mount(&server)
        .await;
    let client = quickly_retrying(Client::builder().base_url(server.uri()))
        .build()
        .unwrap();
    let params = ListDocumentsParams::default();
    let (page, info) = client
        .list_documents(&ListDocumentsSortField::Name, &params)
        .with_response()
        .await
        .unwrap();
    assert!(page.records.is_empty());
    let info = info.expect("the response of a success");
    assert_eq!(info.status, 200);
    assert_eq!(info.headers["etag"], "\"v7\"");
    assert_eq!(info.headers["x-ratelimit-remaining"], "41");
    // The response after the retry.
    assert_eq!(info.attempts, 2);
    // Two calls at once each get their own.
    let (a, b) = tokio::join!(
        client.get_thumbnail("a").with_response(),
        client.get_thumbnail("b").with_response(),
    );
    let statuses: Vec<u16> = [a.map(|(_, i)| i), b.map(|(_, i)| i)]
        .into_iter()
        .map(|r| r.ok().flatten().map_or(0, |i| i.status.as_u16()))
        .collect();
    assert_eq!(statuses, [200, 200]);
}

#[tokio::test]
async fn per_call_options_add_headers_and_an_idempotency_key_makes_a_write_retryable() {
    use operations_client::types::NewDocument;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "d1", "name": "n"})))
        .mount(&server)
        .await;
    let client = quickly_retrying(Client::builder().base_url(server.uri()))
        .build()
        .unwrap();
    let body = NewDocument {
        name: "n".to_owned(),
    };
    // A write that may have happened is not sent again.
    let err = client.create_document(&body).await.unwrap_err();
    assert_eq!(
        (err.status().map(|s| s.as_u16()), err.attempts()),
        (Some(500), 1)
    );
    // With a key it is, and both tries carry the key and the extra header.
    let keyed = client.with(|o| o.idempotency_key("k-1").header("x-trace-id", "t-9"));
    keyed.create_document(&body).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for request in &requests[1..] {
        assert_eq!(request.headers["idempotency-key"], "k-1");
        assert_eq!(request.headers["x-trace-id"], "t-9");
    }
    assert!(!requests[0].headers.contains_key("idempotency-key"));
    // Options compose: this one only changes the retry policy, and keeps the header.
    let once = keyed.with(|o| o.retry_policy(RetryPolicy::none()));
    assert!(format!("{once:?}").contains("x-trace-id"));
    assert!(!format!("{once:?}").contains("t-9"), "{once:?}");
    // A header that cannot be sent stops the call before it is sent.
    let bad = client.with(|o| o.header("bad header", "v"));
    let err = bad.create_document(&body).await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn hooks_see_every_attempt_and_may_sign_the_request() {
    use operations_client::runtime::{Hook, RequestSummary};

    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    struct Signer(Arc<Recorder>);

    impl Hook for Signer {
        fn before_send(&self, request: &mut reqwest::Request) {
            let signature = format!("sig-{}", request.url().path().len());
            request
                .headers_mut()
                .insert("x-signature", signature.parse().unwrap());
            self.0 .0.lock().unwrap().push("send".to_owned());
        }

        fn after_receive(&self, request: &RequestSummary, response: &reqwest::Response) {
            let line = format!(
                "{} {} ({} {}) -> {}",
                request.method,
                request.url.path(),
                request.operation_id,
                request.path,
                response.status()
            );
            self.0 .0.lock().unwrap().push(line);
        }

        fn on_retry(&self, request: &RequestSummary, attempt: u32, _wait: Duration) {
            assert!(request.url.query().is_none());
            self.0
                 .0
                .lock()
                .unwrap()
                .push(format!("retry after {attempt}"));
        }
    }

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"records": [], "pageInfo": {"hasNextPage": false}})),
        )
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let builder = Client::builder()
        .base_url(server.uri())
        .hook(Signer(recorder.clone()));
    let client = quickly_retrying(builder).build().unwrap();
    let params = ListDocumentsParams::default();
    client
        .list_documents(&ListDocumentsSortField::Name, &params)
        .await
        .unwrap();
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            "send",
            "GET /documents (listDocuments /documents) -> 503 Service Unavailable",
            "retry after 1",
            "send",
            "GET /documents (listDocuments /documents) -> 200 OK",
        ]
    );
    let requests = server.received_requests().await.unwrap();
    assert!(requests
        .iter()
        .all(|r| r.headers["x-signature"] == "sig-10"));
}

/// A server that answers one request with `content_type` and `body`, sent in chunks of
/// 3 bytes a little apart; the request's head is handed back.
async fn trickling_server(
    content_type: &'static str,
    body: &'static str,
) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let served = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let read = socket.read(&mut request).await.unwrap_or(0);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n"
        );
        let _ = socket.write_all(head.as_bytes()).await;
        for piece in body.as_bytes().chunks(3) {
            let framed = format!(
                "{:x}\r\n{}\r\n",
                piece.len(),
                String::from_utf8_lossy(piece)
            );
            if socket.write_all(framed.as_bytes()).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        String::from_utf8_lossy(&request[..read]).into_owned()
    });
    (url, served)
}

#[tokio::test]
async fn an_event_stream_decodes_each_event_as_it_arrives_until_the_documents_sentinel() {
    use operations_client::types::{CompletionChunk, CompletionRequest};
    let body = "retry: 1500\r\nevent: delta\r\ndata: {\"index\": 0, \"text\": \"Hel\"}\r\n\r\n: keep-alive\r\n\r\nid: 2\ndata: {\"index\": 1,\ndata: \"text\": \"lo\"}\n\ndata: not json\n\ndata: [DONE]\n\ndata: {\"index\": 9, \"text\": \"\"}\n\n";
    let (url, served) = trickling_server("text/event-stream", body).await;
    let client = client(&url, Duration::from_secs(5));
    let request = CompletionRequest {
        prompt: "Hello".to_owned(),
        stream: Some(true),
    };
    let events = client.create_completion_events(&request).await.unwrap();
    let items: Vec<_> = events.collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    let first = items[0].as_ref().unwrap();
    assert_eq!(
        (first.event.as_deref(), first.retry, &first.data),
        (
            Some("delta"),
            Some(1500),
            &CompletionChunk {
                index: 0,
                text: "Hel".to_owned()
            }
        )
    );
    let second = items[1].as_ref().unwrap();
    assert_eq!(
        (second.id.as_deref(), second.data.text.as_str()),
        (Some("2"), "lo")
    );
    // A data that does not decode is an error item; `[DONE]`, which the document's
    // example ends with, ends the stream.
    assert!(matches!(&items[2], Err(Error::Decode(_))), "{:?}", items[2]);
    let head = served.await.unwrap().to_ascii_lowercase();
    assert!(head.starts_with("post /completions"), "{head}");
    assert!(head.contains("accept: text/event-stream"), "{head}");
}

#[tokio::test]
async fn events_whose_data_the_document_types_as_text_stay_text_and_32_item_schemas_are_read() {
    let (url, _served) = trickling_server(
        "text/event-stream",
        "data: line one\ndata: line two\n\ndata: [DONE]\n\n",
    )
    .await;
    let notices: Vec<_> = (client(&url, Duration::from_secs(5)).list_notices_events())
        .await
        .unwrap()
        .collect()
        .await;
    let texts: Vec<&str> = notices
        .iter()
        .map(|n| n.as_ref().unwrap().data.as_str())
        .collect();
    // No example shows a sentinel: `[DONE]` is data like any other.
    assert_eq!(texts, ["line one\nline two", "[DONE]"]);

    let (url, _served) = trickling_server(
        "text/event-stream",
        "event: entry\ndata: {\"level\": \"warn\", \"message\": \"disk\"}\n\n",
    )
    .await;
    let entries: Vec<_> = (client(&url, Duration::from_secs(5)).follow_log_events())
        .await
        .unwrap()
        .collect()
        .await;
    let entry = entries[0].as_ref().unwrap();
    assert_eq!(
        (entry.data.level.as_str(), entry.data.message.as_str()),
        ("warn", "disk")
    );
}

#[tokio::test]
async fn json_lines_decode_line_by_line_across_chunks() {
    let body = "{\"id\": \"d1\", \"name\": \"one\"}\r\n\n{\"id\": \"d2\", \"name\": \"two\"}\n{broken}\n{\"id\": \"d3\", \"name\": \"three\"}";
    let (url, served) = trickling_server("application/x-ndjson", body).await;
    let lines: Vec<_> = (client(&url, Duration::from_secs(5)).export_documents_lines())
        .await
        .unwrap()
        .collect()
        .await;
    assert_eq!(lines.len(), 4, "{lines:?}");
    let names: Vec<&str> = (lines.iter())
        .filter_map(|line| line.as_ref().ok())
        .map(|document| document.name.as_str())
        .collect();
    // The last line needs no newline; a line that does not decode is an error item.
    assert_eq!(names, ["one", "two", "three"]);
    assert!(matches!(&lines[2], Err(Error::Decode(e)) if e.body == b"{broken}"));
    let head = served.await.unwrap().to_ascii_lowercase();
    assert!(head.contains("accept: application/x-ndjson"), "{head}");
}

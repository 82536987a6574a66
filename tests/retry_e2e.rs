//! Retries against a real HTTP server on loopback: what is sent again, when, and what
//! the caller sees when the retries run out. Delays are kept short by the policy.

use operations_client::operations::{CreateDocumentError, ListDocumentsParams};
use operations_client::runtime::RetryPolicy;
use operations_client::types::{ListDocumentsSortField, NewDocument};
use operations_client::{Client, Error};
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, max_retries: u32) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            max_retries,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(5),
        })
        .build()
        .unwrap()
}

fn page() -> serde_json::Value {
    json!({"records": [], "pageInfo": {"hasNextPage": false}})
}

async fn list(client: &Client) -> Result<(), Error> {
    client
        .list_documents(
            &ListDocumentsSortField::Name,
            &ListDocumentsParams::default(),
        )
        .await
        .map(drop)
}

async fn create(client: &Client) -> Result<(), Error<CreateDocumentError>> {
    let body = NewDocument {
        name: "Report".into(),
    };
    client.create_document(&body).await.map(drop)
}

async fn answer(server: &MockServer, verb: &str, template: ResponseTemplate, times: u64) {
    Mock::given(method(verb))
        .respond_with(template)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_once_after_the_stated_delay() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429)
        .insert_header("retry-after", "1")
        .set_body_json(json!({"error": "429", "message": "slow down"}));
    answer(&server, "POST", limited, 1).await;
    let created = ResponseTemplate::new(201).set_body_json(json!({"id": "d1", "name": "Report"}));
    answer(&server, "POST", created, 1).await;

    let started = Instant::now();
    // A POST: a 429 says the server did not process it, so it is sent again.
    create(&client(&server, 3)).await.unwrap();

    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_post_answered_500_is_sent_exactly_once() {
    let server = MockServer::start().await;
    answer(&server, "POST", ResponseTemplate::new(500), 10).await;

    let err = create(&client(&server, 3)).await.unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_get_answered_502_502_200_succeeds_on_the_third_try() {
    let server = MockServer::start().await;
    answer(&server, "GET", ResponseTemplate::new(502), 2).await;
    answer(
        &server,
        "GET",
        ResponseTemplate::new(200).set_body_json(page()),
        1,
    )
    .await;

    list(&client(&server, 3)).await.unwrap();

    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn exhausted_retries_say_how_many_attempts_were_made() {
    let server = MockServer::start().await;
    answer(&server, "GET", ResponseTemplate::new(503), 10).await;

    let err = list(&client(&server, 2)).await.unwrap_err();

    assert_eq!(err.attempts(), 3);
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_rate_limit_error_tells_how_long_to_wait() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "120");
    answer(&server, "GET", limited, 10).await;

    // The server asks for longer than the policy's longest wait: no retry.
    let err = list(&client(&server, 3)).await.unwrap_err();

    assert_eq!(err.attempts(), 1);
    let text = err.to_string();
    assert!(
        text.contains("rate limited") && text.contains("retry after 120 s"),
        "{text}"
    );
}

#[tokio::test]
async fn retrying_can_be_turned_off() {
    let server = MockServer::start().await;
    answer(&server, "GET", ResponseTemplate::new(502), 10).await;

    let client = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = list(&client).await.unwrap_err();

    assert_eq!(err.attempts(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .retry_policy(RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
        })
        .build()
        .unwrap();

    let err = create(&client).await.unwrap_err();

    // Nothing reached a server, so sending again could not repeat a write.
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.attempts(), 3);
}

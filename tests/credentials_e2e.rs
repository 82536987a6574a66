//! Credentials never leave for another origin and never show in errors: every way the
//! runtime carries them (bearer, basic, an API key in a header, the query or a cookie),
//! against a server that redirects elsewhere, and the `Debug`, `Display` and tracing
//! output of each kind of error.

use operations_client::runtime::{
    decode_error_json, request, send, Auth, Endpoint, Query, RetryPolicy, Scheme,
};
use operations_client::{Client, Error};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::Captured;

const TOKEN: &str = "s3cr3t-t0ken-value";
const PASSWORD: &str = "pa55-w0rd-value";

/// Every way a credential is carried, with the client that holds it.
fn carriers(base_url: &str) -> Vec<(&'static str, Client, Auth)> {
    carriers_retrying(base_url, RetryPolicy::none())
}

fn carriers_retrying(base_url: &str, retry: RetryPolicy) -> Vec<(&'static str, Client, Auth)> {
    let token = |auth| {
        let client = Client::builder()
            .base_url(base_url)
            .api_key(TOKEN)
            .retry_policy(retry.clone())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        (client, auth)
    };
    let basic = Client::builder()
        .base_url(base_url)
        .basic_auth("user", PASSWORD)
        .retry_policy(retry.clone())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let (bearer, bearer_auth) = token(Auth::Bearer);
    let (header, header_auth) = token(Auth::Header("x-api-key"));
    let (query, query_auth) = token(Auth::Query("api_key"));
    let (cookie, cookie_auth) = token(Auth::Cookie("session"));
    vec![
        ("bearer", bearer, bearer_auth),
        ("basic", basic, Auth::Basic),
        ("header", header, header_auth),
        ("query", query, query_auth),
        ("cookie", cookie, cookie_auth),
    ]
}

/// An endpoint secured by the one scheme `auth`.
pub fn endpoint(auth: Auth) -> Endpoint {
    let scheme = Scheme { name: "only", auth };
    let alternative: &'static [(Scheme, &'static [&'static str])] =
        Box::leak(Box::new([(scheme, &[][..])]));
    Endpoint {
        operation_id: "call",
        path: "/{segments}",
        security: Box::leak(Box::new([alternative])),
    }
}

async fn call(client: &Client, auth: Auth, segments: &[&str]) -> Result<(), Error> {
    let builder = request(client, reqwest::Method::GET, segments, &Query::new())?;
    send(
        client,
        builder,
        &endpoint(auth),
        decode_error_json::<serde_json::Value>,
    )
    .await
    .map(drop)
}

fn carries_secret(text: &str) -> bool {
    text.contains(TOKEN) || text.contains(PASSWORD) || text.contains("cGE1NS13MHJkLXZhbHVl")
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_with_any_credential() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&elsewhere)
        .await;
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/start"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/landing", elsewhere.uri()).as_str()),
        )
        .mount(&api)
        .await;
    for (kind, client, auth) in carriers(&api.uri()) {
        let err = call(&client, auth, &["start"]).await.unwrap_err();
        let Error::Api(api_error) = &err else {
            panic!("{kind}: expected the redirect as an error, got {err:?}");
        };
        assert_eq!(api_error.status, 302, "{kind}");
        assert!(api_error.headers.contains_key("location"), "{kind}");
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!carries_secret(&text), "{kind}: {text}");
        }
    }
    let reached = elsewhere.received_requests().await.unwrap();
    assert!(
        reached.is_empty(),
        "{} requests went elsewhere",
        reached.len()
    );
}

#[tokio::test]
async fn a_redirect_within_the_origin_keeps_the_credentials() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/start"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/landing"))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/landing"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&api)
        .await;
    for (kind, client, auth) in carriers(&api.uri()) {
        call(&client, auth, &["start"])
            .await
            .unwrap_or_else(|err| panic!("{kind}: {err}"));
    }
    let landed: Vec<_> = (api.received_requests().await.unwrap().into_iter())
        .filter(|r| r.url.path() == "/landing")
        .collect();
    assert_eq!(landed.len(), 5);
    let authorized = |r: &wiremock::Request| {
        r.headers.contains_key("authorization")
            || r.headers.contains_key("x-api-key")
            || r.headers.contains_key("cookie")
    };
    // The query key is not in the `Location`, so it is not sent again; the headers are.
    assert_eq!(landed.iter().filter(|r| authorized(r)).count(), 4);
}

#[tokio::test]
async fn no_error_and_no_log_line_shows_a_credential() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/busy"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/odd"))
        .respond_with(ResponseTemplate::new(401).set_body_string("{\"error\": \"bad token\"}"))
        .mount(&api)
        .await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let retrying = carriers_retrying(&api.uri(), RetryPolicy::default());
    for ((kind, client, auth), (_, retrying, _)) in carriers(&api.uri()).into_iter().zip(retrying) {
        let errors = [
            call(&retrying, auth, &["busy"]).await.unwrap_err(),
            call(&client, auth, &["odd"]).await.unwrap_err(),
        ];
        for err in &errors {
            for text in [err.to_string(), format!("{err:?}")] {
                assert!(!carries_secret(&text), "{kind}: {text}");
            }
        }
        let unreachable = Client::builder()
            .base_url(&closed)
            .api_key(TOKEN)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let err = call(&unreachable, auth, &["x"]).await.unwrap_err();
        assert!(matches!(err, Error::Transport(_)), "{kind}: {err:?}");
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!carries_secret(&text), "{kind}: {text}");
        }
        for text in [format!("{client:?}"), format!("{unreachable:?}")] {
            assert!(!carries_secret(&text), "{kind}: {text}");
        }
    }
    let logs = captured.text();
    assert!(logs.contains("retrying GET /{segments}"), "{logs}");
    assert!(!carries_secret(&logs), "{logs}");
}

//! Authentication from the document, through the generated client: each operation's
//! `security` alternatives, credentials per scheme, API keys in the query and a cookie,
//! OAuth 2 client credentials (one token fetch for concurrent calls, another before
//! expiry), token providers, and the tracing span of a call.

use operations_client::runtime::{
    AuthError, ClientCredentials, Credential, RetryPolicy, TokenFuture, TokenProvider,
};
use operations_client::{security, Client, Error};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use workspace_tests::Captured;

fn builder(api: &MockServer) -> operations_client::ClientBuilder {
    Client::builder()
        .base_url(format!("{}/api", api.uri()))
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
}

async fn answer(api: &MockServer, route: &str, response: ResponseTemplate) {
    Mock::given(path(route))
        .respond_with(response)
        .mount(api)
        .await;
}

/// The requests `api` received for `route`.
async fn received(api: &MockServer, route: &str) -> Vec<Request> {
    let all = api.received_requests().await.unwrap_or_default();
    all.into_iter().filter(|r| r.url.path() == route).collect()
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// A token endpoint that hands out `token-1`, `token-2`, ... living `lifetime` seconds,
/// answering slowly so that concurrent calls overlap the fetch.
struct TokenEndpoint {
    issued: Arc<AtomicUsize>,
    lifetime: u64,
}

impl Respond for TokenEndpoint {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_delay(Duration::from_millis(100))
            .set_body_json(serde_json::json!({
                "access_token": format!("token-{n}"),
                "token_type": "Bearer",
                "expires_in": self.lifetime,
            }))
    }
}

/// Mounts a [`TokenEndpoint`] at `/oauth/token`, the document's token URL read against
/// the base URL; the count of tokens it issued.
async fn token_endpoint(api: &MockServer, lifetime: u64) -> Arc<AtomicUsize> {
    let issued = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(TokenEndpoint {
            issued: issued.clone(),
            lifetime,
        })
        .mount(api)
        .await;
    issued
}

/// `/api/reports` answering `["q1"]`.
async fn reports(api: &MockServer) {
    answer(
        api,
        "/api/reports",
        ResponseTemplate::new(200).set_body_json(["q1"]),
    )
    .await;
}

#[tokio::test]
async fn client_credentials_fetch_one_token_for_concurrent_calls_and_another_before_expiry() {
    let api = MockServer::start().await;
    let issued = token_endpoint(&api, 2).await;
    reports(&api).await;
    let client = builder(&api)
        .client_credentials(ClientCredentials::new("app", "s3cret value"))
        .build()
        .unwrap();

    let calls = (0..20).map(|_| client.list_reports());
    let results = futures_util::future::join_all(calls).await;
    assert!(results
        .iter()
        .all(|r| r.as_ref().is_ok_and(|names| names == &["q1"])));
    assert_eq!(issued.load(Ordering::SeqCst), 1, "one fetch for 20 calls");
    let reports = received(&api, "/api/reports").await;
    assert_eq!(reports.len(), 20);
    assert!(reports
        .iter()
        .all(|r| header(r, "authorization") == Some("Bearer token-1")));

    // The token endpoint got the grant, the document's scope and the id and secret in
    // basic authentication, form-encoded first (RFC 6749, 2.3.1).
    let grants = received(&api, "/oauth/token").await;
    let form = String::from_utf8_lossy(&grants[0].body).into_owned();
    assert_eq!(form, "grant_type=client_credentials&scope=reports%3Aread");
    assert_eq!(
        header(&grants[0], "authorization"),
        Some("Basic YXBwOnMzY3JldCt2YWx1ZQ==")
    );

    // Half of a 2 s lifetime later the token is fetched again, before it expires.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.list_reports().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let reports = received(&api, "/api/reports").await;
    assert_eq!(
        header(reports.last().unwrap(), "authorization"),
        Some("Bearer token-2")
    );
}

/// Refuses `token-1` (revoked before it expires), accepts any other.
struct RevokedFirstToken;

impl Respond for RevokedFirstToken {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match header(request, "authorization") {
            Some("Bearer token-1") => ResponseTemplate::new(401),
            _ => ResponseTemplate::new(200).set_body_json(["q1"]),
        }
    }
}

#[tokio::test]
async fn a_fetched_token_the_server_refuses_is_fetched_again_once() {
    let api = MockServer::start().await;
    let issued = token_endpoint(&api, 3600).await;
    Mock::given(path("/api/reports"))
        .respond_with(RevokedFirstToken)
        .mount(&api)
        .await;
    let client = builder(&api)
        .client_credentials(ClientCredentials::new("app", "secret"))
        .build()
        .unwrap();
    assert_eq!(client.list_reports().await.unwrap(), ["q1"]);
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    // The new token is kept: the next call fetches none.
    client.list_reports().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    assert_eq!(received(&api, "/api/reports").await.len(), 3);

    // A static key the server refuses is not sent again.
    let keyed = builder(&api).api_key("token-1").build().unwrap();
    let err = keyed.list_reports().await.unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
    assert_eq!(received(&api, "/api/reports").await.len(), 4);
}

#[tokio::test]
async fn a_refused_token_request_is_an_auth_error_without_the_secret() {
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
        })))
        .mount(&api)
        .await;
    let client = builder(&api)
        .client_credentials(ClientCredentials::new("app", "s3cret").scopes(["all"]))
        .build()
        .unwrap();
    let err = client.list_reports().await.unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("not an auth error: {err:?}");
    };
    assert_eq!(auth.status, Some(reqwest::StatusCode::UNAUTHORIZED));
    assert!(err.to_string().contains("invalid_client"), "{err}");
    for text in [err.to_string(), format!("{err:?}"), format!("{client:?}")] {
        assert!(!text.contains("s3cret"), "{text}");
    }
    assert_eq!(err.attempts(), 0);
    assert!(received(&api, "/api/reports").await.is_empty());
    let grants = received(&api, "/oauth/token").await;
    assert!(String::from_utf8_lossy(&grants[0].body).ends_with("scope=all"));
}

#[tokio::test]
async fn keys_go_in_the_query_or_a_cookie_as_the_first_satisfied_alternative_says() {
    let api = MockServer::start().await;
    answer(&api, "/api/keyed", ResponseTemplate::new(204)).await;
    let params = operations_client::operations::GetKeyedParams {
        theme: Some("dark".to_owned()),
    };

    // The client's key satisfies the first alternative: the query.
    let keyed = builder(&api).api_key("k-1").build().unwrap();
    keyed.get_keyed(&params).await.unwrap();
    // Only the cookie scheme has a credential: the second alternative, its cookie in
    // the one `Cookie` header beside the operation's own.
    let cookie = builder(&api)
        .credential(security::COOKIE_KEY, Credential::token("c-2"))
        .build()
        .unwrap();
    cookie.get_keyed(&params).await.unwrap();
    // Neither: sent without a credential, for the server to refuse.
    builder(&api)
        .build()
        .unwrap()
        .get_keyed(&params)
        .await
        .unwrap();

    let sent = received(&api, "/api/keyed").await;
    assert_eq!(sent[0].url.query(), Some("api_key=k-1"));
    assert_eq!(header(&sent[0], "cookie"), Some("theme=dark"));
    assert_eq!(sent[1].url.query(), None);
    assert_eq!(sent[1].headers.get_all("cookie").iter().count(), 1);
    assert_eq!(header(&sent[1], "cookie"), Some("theme=dark; session=c-2"));
    assert_eq!(sent[2].url.query(), None);
    assert_eq!(header(&sent[2], "cookie"), Some("theme=dark"));
}

#[tokio::test]
async fn schemes_used_together_each_get_their_own_credential_and_public_operations_none() {
    let api = MockServer::start().await;
    answer(&api, "/api/paired", ResponseTemplate::new(204)).await;
    answer(&api, "/api/status", ResponseTemplate::new(204)).await;
    let client = builder(&api)
        .api_key("default-key")
        .credential(security::APP_ID, Credential::token("app-7"))
        .credential(security::APP_SECRET, Credential::token("secret-9"))
        .build()
        .unwrap();
    client.get_paired().await.unwrap();
    client.get_status().await.unwrap();
    let paired = &received(&api, "/api/paired").await[0];
    assert_eq!(header(paired, "x-app-id"), Some("app-7"));
    assert_eq!(header(paired, "x-app-secret"), Some("secret-9"));
    assert!(paired.headers.get("authorization").is_none());
    let status = &received(&api, "/api/status").await[0];
    assert!(["authorization", "x-app-id", "x-app-secret"]
        .iter()
        .all(|name| status.headers.get(*name).is_none()));
}

#[test]
fn a_credential_of_the_wrong_kind_for_its_scheme_fails_the_build() {
    let err = Client::builder()
        .base_url("http://127.0.0.1:1")
        .credential(security::APP_ID, Credential::basic("user", "pass"))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("`appId`"), "{err}");
    let err = Client::builder()
        .base_url("http://127.0.0.1:1")
        .credential(
            security::BEARER,
            Credential::client_credentials(ClientCredentials::new("a", "b")),
        )
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("`bearer`"), "{err}");
}

/// Each ask of a token provider: the scheme and the scopes.
type Asks = Arc<Mutex<Vec<(String, Vec<String>)>>>;

/// Hands out the tokens of a flow the runtime does not run, counting the asks.
struct CountingProvider(Asks);

impl TokenProvider for CountingProvider {
    fn token<'a>(&'a self, scheme: &'a str, scopes: &'a [&'static str]) -> TokenFuture<'a> {
        Box::pin(async move {
            let mut asked = self.0.lock().unwrap();
            asked.push((
                scheme.to_owned(),
                scopes.iter().map(|s| s.to_string()).collect(),
            ));
            if asked.len() > 2 {
                return Err(AuthError::new("the device code expired"));
            }
            Ok(format!("provided-{}", asked.len()))
        })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_per_call_with_the_scheme_and_scopes() {
    let api = MockServer::start().await;
    reports(&api).await;
    let asked: Asks = Arc::default();
    let client = builder(&api)
        .token_provider(CountingProvider(asked.clone()))
        .build()
        .unwrap();
    client.list_reports().await.unwrap();
    client.list_reports().await.unwrap();
    let err = client.list_reports().await.unwrap_err();
    assert!(matches!(&err, Error::Auth(e) if e.message == "the device code expired"));
    let sent = received(&api, "/api/reports").await;
    assert_eq!(sent.len(), 2);
    assert_eq!(header(&sent[1], "authorization"), Some("Bearer provided-2"));
    let asked = asked.lock().unwrap();
    assert_eq!(
        asked[0],
        ("oauth".to_owned(), vec!["reports:read".to_owned()])
    );
}

#[tokio::test]
async fn each_call_has_a_span_with_the_path_template_status_and_attempts() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    // Global: a thread's own default would race with the other tests' threads over
    // which callsites are enabled.
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let api = MockServer::start().await;
    answer(
        &api,
        "/api/documents/doc-4711/archive",
        ResponseTemplate::new(204),
    )
    .await;
    let client = builder(&api).api_key("key").build().unwrap();
    client.is_archived("doc-4711").await.unwrap();

    let text = captured.text();
    let line = (text.lines())
        .find(|line| line.contains("close") && line.contains("isArchived"))
        .unwrap_or_else(|| panic!("no span closed: {text}"));
    for field in [
        "operation=\"isArchived\"",
        "method=\"HEAD\"",
        "path=\"/documents/{documentId}/archive\"",
        "status=204",
        "attempts=1",
        "duration_ms=",
    ] {
        assert!(line.contains(field), "{field} not in {line}");
    }
    assert!(!text.contains("doc-4711"), "{text}");
}

#[tokio::test]
async fn from_env_reads_the_client_credentials_of_the_documents_flow() {
    let api = MockServer::start().await;
    let issued = token_endpoint(&api, 3600).await;
    reports(&api).await;
    // No other test of this binary reads the environment.
    std::env::set_var("OPERATIONS_CLIENT_ID", "env-app");
    std::env::set_var("OPERATIONS_CLIENT_SECRET", "env-secret");
    std::env::set_var("OPERATIONS_BASE_URL", format!("{}/api", api.uri()));
    let client = Client::from_env().unwrap();
    client.list_reports().await.unwrap();
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    let grants = received(&api, "/oauth/token").await;
    assert_eq!(
        header(&grants[0], "authorization"),
        Some("Basic ZW52LWFwcDplbnYtc2VjcmV0")
    );
}

//! The client of the seed page (`tests/fixtures/omni-seed.yaml`, Omni's "Update user"
//! page that started the project, generated into `tests/seed-client`) against a real
//! HTTP server on loopback: the exact bytes on the wire, and every kind of reply decoded
//! or reported.

use seed_client::runtime::RetryPolicy;
use seed_client::types::{ScimUser, ScimUserUserExtension, UpdateUserRequest};
use seed_client::{Client, Error};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER_ID: &str = "9e8719d9-276a-4964-9395-a493189a247c";
const API_KEY: &str = "omni-test-key-3141";

/// The seed document, as the generator reads it.
fn spec() -> Value {
    let path = workspace_tests::fixture("omni-seed.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    codegen::load::load("omni-seed.yaml", &text).unwrap()
}

/// The 200 example the document gives for `updateUser`.
fn seed_example() -> Value {
    spec()["paths"]["/scim/v2/users/{userId}"]["put"]["responses"]["200"]["content"]
        ["application/json"]["example"]
        .clone()
}

/// Retries are off here: `retry_e2e.rs` tests them; these tests look at one exchange.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.uri()))
        .api_key(API_KEY)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn full_request() -> UpdateUserRequest {
    let mut attributes = serde_json::Map::new();
    attributes.insert("good_blob".into(), json!("yes"));
    UpdateUserRequest {
        user_name: "blob.ross@blobsrus.co".into(),
        display_name: Some("Blob Ross".into()),
        user_attribute: Some(attributes),
    }
}

#[tokio::test]
async fn update_user_sends_the_exact_request_and_decodes_the_seed_example() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/api/scim/v2/users/{USER_ID}")))
        .and(header(
            "authorization",
            format!("Bearer {API_KEY}").as_str(),
        ))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "userName": "blob.ross@blobsrus.co",
            "displayName": "Blob Ross",
            "urn:omni:params:1.0:UserAttribute": {"good_blob": "yes"}
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(seed_example()))
        .expect(1)
        .mount(&server)
        .await;

    let user: ScimUser = client(&server)
        .update_user(USER_ID, &full_request())
        .await
        .unwrap();

    assert_eq!(user.id.as_deref(), Some(USER_ID));
    assert_eq!(user.user_name.as_deref(), Some("blob.ross@blobsrus.co"));
    assert_eq!(user.active, Some(true));
    let emails = user.emails.as_ref().unwrap();
    assert_eq!(emails[0].primary, Some(true));
    assert_eq!(user.groups.as_deref(), Some(&[][..]));
    assert_eq!(
        user.meta.as_ref().unwrap().resource_type.as_deref(),
        Some("User")
    );
    assert_eq!(user.user_attribute.as_ref().unwrap()["good_blob"], "yes");
    // Nothing was lost or invented: the decoded user serializes back to the example.
    assert_eq!(serde_json::to_value(&user).unwrap(), seed_example());
}

#[tokio::test]
async fn absent_optionals_are_absent_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let request = UpdateUserRequest {
        user_name: "blob.ross@blobsrus.co".into(),
        ..Default::default()
    };
    client(&server)
        .update_user(USER_ID, &request)
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(body, json!({"userName": "blob.ross@blobsrus.co"}));
}

#[tokio::test]
async fn a_429_carries_its_status_headers_raw_body_and_decoded_error() {
    let server = MockServer::start().await;
    let body = json!({"error": "429", "message": "Rate limit exceeded (60 requests/minute)"});
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "12")
                .set_body_json(body.clone()),
        )
        .mount(&server)
        .await;

    let err = client(&server)
        .update_user(USER_ID, &full_request())
        .await
        .unwrap_err();

    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.headers["retry-after"], "12");
    assert_eq!(serde_json::from_slice::<Value>(&api.body).unwrap(), body);
    let typed = api
        .typed
        .as_ref()
        .expect("the body decodes as the Error schema");
    assert_eq!(typed.error.as_deref(), Some("429"));
    assert_eq!(
        typed.message.as_deref(),
        Some("Rate limit exceeded (60 requests/minute)")
    );
    assert!(err.to_string().contains("429"), "{err}");
}

#[tokio::test]
async fn a_user_id_with_reserved_characters_stays_one_path_segment() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;

    client(&server)
        .update_user("a/b?c#d%e f\\g", &full_request())
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].url.path(),
        "/api/scim/v2/users/a%2Fb%3Fc%23d%25e%20f%5Cg"
    );
    assert_eq!(received[0].url.query(), None);
}

#[tokio::test]
async fn ids_that_would_change_the_path_are_refused_before_sending() {
    let server = MockServer::start().await;
    for id in ["..", ".", ""] {
        let err = client(&server)
            .update_user(id, &full_request())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{id:?}: {err:?}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_success_body_that_is_not_json_is_a_decode_error_quoting_it() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;

    let err = client(&server)
        .update_user(USER_ID, &full_request())
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(
        err.to_string().contains("<html>maintenance</html>"),
        "{err}"
    );
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let err = client
        .update_user(USER_ID, &full_request())
        .await
        .unwrap_err();

    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{address}/api"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let err = client
        .update_user(USER_ID, &full_request())
        .await
        .unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
}

#[test]
fn the_api_key_never_shows_in_debug_output() {
    let builder = Client::builder().instance("blobsrus").api_key(API_KEY);
    assert!(!format!("{builder:?}").contains(API_KEY));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(API_KEY), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
}

#[test]
fn servers_of_the_document_are_builder_methods() {
    let production = Client::builder().instance("blobsrus").build().unwrap();
    assert_eq!(
        production.base_url().as_str(),
        "https://blobsrus.omniapp.co/api"
    );
    let playground = Client::builder().playground("blobsrus").build().unwrap();
    assert_eq!(
        playground.base_url().as_str(),
        "https://blobsrus.playground.exploreomni.dev/api"
    );
}

#[test]
fn an_instance_name_cannot_redirect_the_client() {
    for evil in ["evil.com/x", "a@evil.com", "a?b", ""] {
        let err = Client::builder().instance(evil).build().unwrap_err();
        assert!(err.to_string().contains("instance"), "{evil}: {err}");
    }
}

#[test]
fn without_a_server_the_builder_says_how_to_choose_one() {
    let err = Client::builder().api_key(API_KEY).build().unwrap_err();
    assert!(err.to_string().contains("instance(..)"), "{err}");
    assert!(err.to_string().contains("base_url(..)"), "{err}");
}

#[test]
fn an_optional_nullable_field_keeps_all_three_wire_states() {
    let cases = [
        (None, json!({})),
        (Some(None), json!({"lastLogin": null})),
        (
            Some(Some("2024-12-03T23:13:14.109Z".to_owned())),
            json!({"lastLogin": "2024-12-03T23:13:14.109Z"}),
        ),
    ];
    for (state, wire) in cases {
        let extension = ScimUserUserExtension {
            last_login: state.clone(),
        };
        assert_eq!(serde_json::to_value(&extension).unwrap(), wire);
        let decoded: ScimUserUserExtension = serde_json::from_value(wire).unwrap();
        assert_eq!(decoded.last_login, state);
    }
}

#[test]
fn the_urn_extension_round_trips_under_its_exact_key() {
    let wire = json!({
        "userName": "blob.ross@blobsrus.co",
        "urn:omni:params:scim:schemas:extension:user:2.0": {"lastLogin": null}
    });
    let user: ScimUser = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(user.user_extension.as_ref().unwrap().last_login, Some(None));
    assert_eq!(serde_json::to_value(&user).unwrap(), wire);
}

#[tokio::test]
async fn requests_name_the_client_in_their_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(header("user-agent", "seed-client/1.0.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .update_user(USER_ID, &full_request())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_caller_supplied_http_client_is_the_one_that_sends() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(header("x-from-caller", "yes"))
        .and(header(
            "authorization",
            format!("Bearer {API_KEY}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-caller", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .http_client(http)
        .build()
        .unwrap();

    client.update_user(USER_ID, &full_request()).await.unwrap();
}

#[test]
fn from_env_reads_the_key_and_the_instance_or_base_url() {
    // The only test that touches these variables, so parallel tests cannot race on them.
    std::env::set_var("SEED_API_KEY", API_KEY);
    std::env::set_var("SEED_INSTANCE", "blobsrus");
    std::env::remove_var("SEED_BASE_URL");
    let client = Client::from_env().unwrap();
    assert_eq!(
        client.base_url().as_str(),
        "https://blobsrus.omniapp.co/api"
    );
    assert!(!format!("{client:?}").contains(API_KEY));

    std::env::set_var("SEED_BASE_URL", "http://127.0.0.1:9/api");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url().as_str(), "http://127.0.0.1:9/api");

    std::env::remove_var("SEED_BASE_URL");
    std::env::remove_var("SEED_INSTANCE");
    let err = Client::from_env().unwrap_err();
    assert!(err.to_string().contains("instance(..)"), "{err}");
}

#[test]
fn a_server_of_the_document_is_never_plain_http() {
    let err = Client::builder()
        .server_url("http://{instance}.example.com/api", &[("instance", "acme")])
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("plain HTTP"), "{err}");
    // Said explicitly, it is the caller's choice.
    let client = Client::builder()
        .base_url("http://acme.example.com/api")
        .build()
        .unwrap();
    assert_eq!(client.base_url().scheme(), "http");
}

/// Structs are read by the runtime's object reader, from text (keys borrowed, or owned
/// when escaped) and from values: unknown properties are skipped, a repeated property
/// keeps its last value, and an absent required one is an error that names it.
#[test]
fn objects_are_read_from_text_and_values_alike() {
    let text = r#"{"userName":"a@b.c","extra":{"deep":[1,{"x":null}]},"displayName":"A","user\u004eame":"x@y.z"}"#;
    let from_text: UpdateUserRequest = serde_json::from_str(text).unwrap();
    assert_eq!(from_text.user_name, "x@y.z");
    assert_eq!(from_text.display_name.as_deref(), Some("A"));
    let value: Value = serde_json::from_str(text).unwrap();
    let from_value: UpdateUserRequest = serde_json::from_value(value).unwrap();
    assert_eq!(from_value, from_text);

    let err = serde_json::from_str::<UpdateUserRequest>(r#"{"displayName":"A"}"#).unwrap_err();
    assert!(
        err.to_string().contains("missing field `userName`"),
        "{err}"
    );
    let err = serde_json::from_str::<UpdateUserRequest>(r#"["a@b.c"]"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected struct UpdateUserRequest"),
        "{err}"
    );
    let err = serde_json::from_str::<UpdateUserRequest>(r#"{"userName":7}"#).unwrap_err();
    assert!(err.to_string().contains("expected a string"), "{err}");
}

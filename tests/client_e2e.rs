//! The shipped Omni client (`generated-client/`, from Omni's published document and its
//! overlay) against a real HTTP server on loopback: the seed's call, a SCIM user
//! replaced with its `urn:` keys exactly on the wire, the servers the overlay adds, and
//! a list read page after page.

use futures_util::StreamExt;
use omni_client::runtime::RetryPolicy;
use omni_client::types::{ScimUserPutRequest, ScimUserPutRequestUserAttributeValue};
use omni_client::Client;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER_ID: &str = "9e8719d9-276a-4964-9395-a493189a247c";
const API_KEY: &str = "omni-test-key-3141";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn scim_users_replace_sends_the_urn_keys_exactly_and_decodes_the_reply() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/api/scim/v2/Users/{USER_ID}")))
        .and(header(
            "authorization",
            format!("Bearer {API_KEY}").as_str(),
        ))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "active": true,
            "displayName": "Blob Ross",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "department": "Paint"
            },
            "urn:omni:params:1.0:UserAttribute": {"good_blob": "yes"},
            "userName": "blob.ross@blobsrus.co",
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "active": true,
            "displayName": "Blob Ross",
            "id": USER_ID,
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "blob.ross@blobsrus.co",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let attributes = [(
        "good_blob".to_owned(),
        Some(ScimUserPutRequestUserAttributeValue::String("yes".into())),
    )];
    let enterprise = serde_json::from_value(json!({"department": "Paint"})).unwrap();
    let body = ScimUserPutRequest {
        active: Some(true),
        display_name: Some("Blob Ross".into()),
        enterprise_user_extension: Some(enterprise),
        user_attribute: Some(attributes.into_iter().collect()),
        user_name: "blob.ross@blobsrus.co".into(),
    };
    let user = client(&server)
        .scim_users_replace(USER_ID, &body)
        .await
        .unwrap();
    assert_eq!(user.id, USER_ID);
    assert_eq!(user.display_name, "Blob Ross");
    assert!(user.active);
    assert_eq!(user.schemas, ["urn:ietf:params:scim:schemas:core:2.0:User"]);
}

#[test]
fn the_overlay_servers_are_builder_methods_ending_at_the_host() {
    let client = Client::builder().instance("blobsrus").build().unwrap();
    assert_eq!(client.base_url().as_str(), "https://blobsrus.omniapp.co/");
    let client = Client::builder().playground("blobsrus").build().unwrap();
    assert_eq!(
        client.base_url().as_str(),
        "https://blobsrus.playground.exploreomni.dev/"
    );
}

/// A document record as the list returns it.
fn document(identifier: &str) -> Value {
    json!({
        "connectionId": "c-1",
        "deleted": false,
        "folder": {"id": "f-1", "name": "Reports", "path": "reports", "scope": "organization"},
        "hasDashboard": true,
        "identifier": identifier,
        "name": format!("Document {identifier}"),
        "owner": {"id": "u-1", "name": "Blob Ross"},
        "scope": "organization",
        "type": "document",
        "updatedAt": null,
        "url": format!("https://blobsrus.omniapp.co/dashboards/{identifier}"),
    })
}

#[tokio::test]
async fn the_documents_stream_follows_next_cursor_to_the_last_page() {
    let server = MockServer::start().await;
    let page = |records: Vec<Value>, next: Option<&str>| {
        ResponseTemplate::new(200).set_body_json(json!({
            "pageInfo": {
                "hasNextPage": next.is_some(),
                "nextCursor": next,
                "pageSize": 2,
                "totalRecords": 3,
            },
            "records": records,
        }))
    };
    Mock::given(method("GET"))
        .and(path("/api/v1/documents"))
        .and(query_param_is_missing("cursor"))
        .and(query_param("pageSize", "2"))
        .respond_with(page(vec![document("a"), document("b")], Some("next-1")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/documents"))
        .and(query_param("cursor", "next-1"))
        .and(query_param("pageSize", "2"))
        .respond_with(page(vec![document("c")], None))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let params = omni_client::operations::DocumentsListParams {
        page_size: Some(2),
        ..Default::default()
    };
    let names: Vec<String> = client
        .documents_list_stream(&params)
        .map(|document| document.unwrap().identifier)
        .collect()
        .await;
    assert_eq!(names, ["a", "b", "c"]);
}

#[test]
fn from_env_reads_the_key_and_the_instance_or_base_url() {
    // The only test that touches these variables, so parallel tests cannot race on them.
    std::env::set_var("OMNI_API_KEY", API_KEY);
    std::env::set_var("OMNI_INSTANCE", "blobsrus");
    std::env::remove_var("OMNI_BASE_URL");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url().as_str(), "https://blobsrus.omniapp.co/");
    assert!(!format!("{client:?}").contains(API_KEY));

    std::env::set_var("OMNI_BASE_URL", "http://127.0.0.1:9/api");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url().as_str(), "http://127.0.0.1:9/api");

    std::env::remove_var("OMNI_BASE_URL");
    std::env::remove_var("OMNI_INSTANCE");
    let err = Client::from_env().unwrap_err();
    assert!(err.to_string().contains("instance(..)"), "{err}");
}

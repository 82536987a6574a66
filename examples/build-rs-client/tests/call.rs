//! The client that `build.rs` made calls the API like the checked-in one.

use build_rs_client::types::ScimUserPutRequest;
use build_rs_client::Client;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_generated_client_sends_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/scim/v2/Users/u-1"))
        .and(header("authorization", "Bearer key"))
        .and(body_json(serde_json::json!({
            "userName": "blob@example.com",
            "displayName": "Blob Ross",
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "id": "u-1",
            "userName": "blob@example.com",
            "displayName": "Blob Ross",
            "active": true,
            "emails": [],
            "groups": [],
            "meta": {"resourceType": "User"},
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("key")
        .build()
        .unwrap();
    let body = ScimUserPutRequest {
        user_name: "blob@example.com".to_owned(),
        display_name: Some("Blob Ross".to_owned()),
        ..Default::default()
    };
    let user = client.scim_users_replace("u-1", &body).await.unwrap();
    assert_eq!(user.id, "u-1");
}

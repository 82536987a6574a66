//! The README's "Testing code that uses the client": a user's function and its test
//! with the kit, on the Omni client. The code between the markers is the README's,
//! word for word (checked below).

// README: begin
use futures_util::TryStreamExt;
use omni_client::mock::{example, DocumentsListCall, MockServer};
use omni_client::operations::DocumentsListParams;
use omni_client::types::{Document, DocumentsListResponse, ScimUserPutRequest};
use omni_client::Client;

/// Deactivates a user and returns the names of the documents they leave behind.
async fn offboard(
    client: &Client,
    user_id: &str,
    email: &str,
) -> Result<Vec<String>, omni_client::Error> {
    let documents: Vec<Document> = client
        .documents_list_stream(&DocumentsListParams::default().user_id(user_id))
        .try_collect()
        .await?;
    let deactivated = ScimUserPutRequest {
        user_name: email.to_owned(),
        active: Some(false),
        ..Default::default()
    };
    client.scim_users_replace(user_id, &deactivated).await?;
    Ok(documents
        .into_iter()
        .map(|document| document.name)
        .collect())
}

/// A page of documents of these names, made from the document's example page.
fn page(names: &[&str], next_cursor: Option<&str>) -> DocumentsListResponse {
    let mut page = example::<DocumentsListCall>().expect("the document has an example page");
    let template = page.records[0].clone();
    page.records = (names.iter())
        .map(|name| Document {
            name: name.to_string(),
            ..template.clone()
        })
        .collect();
    page.page_info.next_cursor = next_cursor.map(str::to_owned);
    page.page_info.has_next_page = next_cursor.is_some();
    page
}

#[tokio::test]
async fn offboarding_deactivates_the_user_and_lists_their_documents() {
    let server = MockServer::start().await;
    server
        .documents_list()
        .matching(|call| call.params.user_id.as_deref() == Some("u1"))
        .respond_pages([page(&["Q1", "Q2"], Some("c2")), page(&["Q3"], None)]);
    server.scim_users_replace().times(1).respond_example();

    let names = offboard(&server.client(), "u1", "ada@example.com")
        .await
        .unwrap();

    assert_eq!(names, ["Q1", "Q2", "Q3"]);
    let replaced = server.received().scim_users_replace();
    assert_eq!(replaced[0].id, "u1");
    assert_eq!(replaced[0].body.active, Some(false));
}
// README: end

#[test]
fn the_readme_shows_this_test_word_for_word() {
    let source = include_str!("kit_readme.rs");
    let shown = source
        .split("// README: begin\n")
        .nth(1)
        .and_then(|rest| rest.split("// README: end").next())
        .unwrap_or_default();
    assert!(shown.contains("async fn offboard"), "the markers are lost");
    let readme = std::fs::read_to_string(workspace_tests::root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```rust,ignore\n{shown}```")),
        "README.md's \"Testing code that uses the client\" has drifted from tests/kit_readme.rs"
    );
}

#[tokio::test]
async fn the_readme_shows_the_kits_refusals_as_they_are() {
    let server = MockServer::start().await;
    let http = reqwest::Client::new();
    http.put(format!("{}/api/scim/v2/Users/u1", server.uri()))
        .bearer_auth("token")
        .json(&serde_json::json!({"userName": 7}))
        .send()
        .await
        .unwrap();
    http.get(format!("{}/api/v1/documentz", server.uri()))
        .send()
        .await
        .unwrap();
    let readme = std::fs::read_to_string(workspace_tests::root().join("README.md")).unwrap();
    let failures = server.take_failures();
    assert_eq!(failures.len(), 2, "{failures:#?}");
    for failure in failures {
        // The README indents the block by two spaces.
        let shown: String = failure.lines().map(|line| format!("  {line}\n")).collect();
        assert!(readme.contains(&shown), "README.md does not show:\n{shown}");
    }
}

//! One operation of each shape, generated from `tests/fixtures/operations.yaml`, against a
//! real HTTP server on loopback: the exact request on the wire and the decoded reply.

use futures_util::StreamExt;
use operations_client::operations::{
    ArchiveDocumentSuccess, CreateDocumentError, CreateDocumentSuccess, DeleteDocumentParams,
    ListDisksParams, ListDocumentsParams, UploadsCreateForm,
};
use operations_client::runtime::{FilePart, RetryPolicy};
use operations_client::types::{
    Document, ListDisksSortBy, ListDocumentsFilter, ListDocumentsSortField, NewDocument,
    UploadsCreateRequestOptions,
};
use operations_client::{Client, Error};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "operations-test-token";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.uri()))
        .api_key(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_list_call_sends_its_query_parameters_and_decodes_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/documents"))
        .and(query_param("cursor", "c-1"))
        .and(query_param("sortField", "updatedAt"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "records": [{"id": "d1", "name": "Report"}],
            "pageInfo": {"nextCursor": "c-2", "hasNextPage": true}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListDocumentsParams::default()
        .cursor("c-1")
        .page_size(50)
        .include(vec!["owner".into(), "labels".into()])
        .labels(vec!["a b".into(), "c,d".into()])
        .filter(ListDocumentsFilter {
            owner: Some("ann & bo".into()),
            min_pages: Some(3),
        })
        .ids(vec![4, 5])
        .words(vec!["x".into(), "y".into()]);
    let page = client(&server)
        .list_documents(&ListDocumentsSortField::UpdatedAt, &params)
        .await
        .unwrap();

    assert_eq!(page.records[0].name, "Report");
    assert_eq!(page.page_info.next_cursor, Some(Some("c-2".to_owned())));
    assert!(page.page_info.has_next_page);
    let received = &server.received_requests().await.unwrap()[0];
    let query: Vec<&str> = received.url.query().unwrap().split('&').collect();
    assert_eq!(
        query,
        [
            "cursor=c-1",
            "pageSize=50",
            // `explode: true`: the key once per item.
            "include=owner",
            "include=labels",
            // `explode: false`: one key, items joined by literal commas, each encoded.
            "labels=a%20b,c%2Cd",
            "sortField=updatedAt",
            // `deepObject`: one bracketed key per property, by name.
            "filter%5BminPages%5D=3",
            "filter%5Bowner%5D=ann%20%26%20bo",
            "ids=4|5",
            "words=x%20y",
        ]
    );
    assert_eq!(
        received.headers["authorization"],
        format!("Bearer {TOKEN}").as_str()
    );
}

#[tokio::test]
async fn a_multipart_upload_carries_the_file_with_its_name_and_type_and_the_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/uploads"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "u-1"})))
        .expect(1)
        .mount(&server)
        .await;

    let form = UploadsCreateForm {
        file: FilePart::new(&b"id,name\n1,blob\n"[..])
            .file_name("people.csv")
            .content_type("text/csv"),
        model_id: "m-1".into(),
        view_name: None,
        columns: Some(vec!["id".into(), "name".into()]),
        options: Some(UploadsCreateRequestOptions {
            delimiter: Some(";".into()),
        }),
    };
    let created = client(&server).uploads_create(form).await.unwrap();

    assert_eq!(created.id.as_deref(), Some("u-1"));
    let received = &server.received_requests().await.unwrap()[0];
    let content_type = received.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&received.body);
    assert!(
        body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"people.csv\""),
        "{body}"
    );
    assert!(body.contains("Content-Type: text/csv"), "{body}");
    assert!(body.contains("id,name\n1,blob\n"), "{body}");
    assert!(body.contains("name=\"modelId\"\r\n\r\nm-1\r\n"), "{body}");
    // An array of strings is one part per item under the same name.
    assert!(body.contains("name=\"columns\"\r\n\r\nid\r\n"), "{body}");
    assert!(body.contains("name=\"columns\"\r\n\r\nname\r\n"), "{body}");
    assert!(
        !body.contains("viewName"),
        "absent parts are not sent: {body}"
    );
    // An object is a JSON part, labelled as such.
    assert!(
        body.contains(
            "name=\"options\"\r\nContent-Type: application/json\r\n\r\n{\"delimiter\":\";\"}\r\n"
        ),
        "{body}"
    );
}

#[tokio::test]
async fn a_file_without_a_content_type_is_sent_as_octet_stream() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/uploads"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "u-2"})))
        .expect(1)
        .mount(&server)
        .await;

    let form = UploadsCreateForm {
        file: FilePart::new(&b"\x00\x01"[..]).file_name("blob.bin"),
        model_id: "m-1".into(),
        view_name: None,
        columns: None,
        options: None,
    };
    client(&server).uploads_create(form).await.unwrap();

    let received = &server.received_requests().await.unwrap()[0];
    let body = String::from_utf8_lossy(&received.body);
    assert!(
        body.contains("filename=\"blob.bin\"\r\nContent-Type: application/octet-stream\r\n"),
        "{body}"
    );
}

#[tokio::test]
async fn a_png_download_returns_the_exact_bytes() {
    let png: Vec<u8> = [&b"\x89PNG\r\n\x1a\n"[..], &[0, 1, 2, 255][..]].concat();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/documents/d-1/thumbnail"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;

    let bytes = client(&server).get_thumbnail("d-1").await.unwrap();

    assert_eq!(bytes, png);
}

#[tokio::test]
async fn a_download_can_be_read_piece_by_piece() {
    let png: Vec<u8> = (0..=255u8).cycle().take(256 * 1024).collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/documents/d-2/thumbnail"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"))
        .expect(1)
        .mount(&server)
        .await;

    let mut download = client(&server).get_thumbnail_download("d-2").await.unwrap();
    assert_eq!(download.content_type(), Some("image/png"));
    assert_eq!(download.content_length(), Some(png.len() as u64));
    let mut received = Vec::new();
    while let Some(chunk) = download.chunk().await.unwrap() {
        received.extend(chunk);
    }

    assert_eq!(received, png);
}

#[tokio::test]
async fn a_delete_sends_header_and_cookie_parameters_and_takes_a_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/documents/a%2Fb%3Fc%23d%25"))
        .and(header("x-request-id", "req-7"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let params = DeleteDocumentParams::default().session("s-1");
    client(&server)
        .delete_document("a/b?c#d%", "req-7", "dark", &params)
        .await
        .unwrap();

    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.headers["cookie"], "session=s-1; theme=dark");
}

/// The document declares JSON content for the 204 and for HEAD; HTTP gives both no body,
/// so the replies succeed without a body to decode.
#[tokio::test]
async fn a_204_and_a_head_reply_succeed_without_a_body_whatever_the_document_declares() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/documents/d-1/archive"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/documents/d-2/archive"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "d-2", "name": "Q3"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/api/documents/d-1/archive"))
        .respond_with(ResponseTemplate::new(200).insert_header("content-type", "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let already = client.archive_document("d-1").await.unwrap();
    assert_eq!(already, ArchiveDocumentSuccess::NoContent);
    let now = client.archive_document("d-2").await.unwrap();
    let ArchiveDocumentSuccess::Ok(document) = now else {
        panic!("expected the 200 variant, got {now:?}");
    };
    assert_eq!(document.name, "Q3");
    client.is_archived("d-1").await.unwrap();
}

#[tokio::test]
async fn successes_with_different_bodies_are_told_apart_by_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/documents"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"jobId": "j-9"})))
        .mount(&server)
        .await;

    let body = NewDocument {
        name: "Report".into(),
    };
    let answer = client(&server).create_document(&body).await.unwrap();

    let CreateDocumentSuccess::Accepted(job) = answer else {
        panic!("expected the 202 variant, got {answer:?}");
    };
    assert_eq!(job.job_id, "j-9");
}

#[tokio::test]
async fn the_other_media_types_of_a_body_have_methods_of_their_own() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"id": "d1", "name": "Q3 & Q4"})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let body = NewDocument {
        name: "Q3 & Q4".into(),
    };

    client.create_document(&body).await.unwrap();
    client.create_document_form(&body).await.unwrap();
    let created = client
        .create_document_csv("name\nQ3 & Q4\n".into())
        .await
        .unwrap();

    assert_eq!(
        created,
        CreateDocumentSuccess::Created(Document {
            id: "d1".into(),
            name: "Q3 & Q4".into()
        })
    );
    let received = server.received_requests().await.unwrap();
    let sent: Vec<(&str, &[u8])> = received
        .iter()
        .map(|r| (r.headers["content-type"].to_str().unwrap(), &r.body[..]))
        .collect();
    assert_eq!(
        sent,
        [
            ("application/json", &br#"{"name":"Q3 & Q4"}"#[..]),
            ("application/x-www-form-urlencoded", b"name=Q3+%26+Q4"),
            ("text/csv", b"name\nQ3 & Q4\n"),
        ]
    );
}

#[tokio::test]
async fn errors_with_different_schemas_decode_by_status() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"fields": ["name"]})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"message": "taken"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("down"))
        .mount(&server)
        .await;
    let client = client(&server);
    let body = NewDocument {
        name: "Report".into(),
    };
    let typed = |err: Error<CreateDocumentError>| match err {
        Error::Api(api) => (api.status.as_u16(), api.typed, api.body),
        other => panic!("expected an API error, got {other:?}"),
    };

    let (status, bad_request, _) = typed(client.create_document(&body).await.unwrap_err());
    assert_eq!(status, 400);
    let Some(CreateDocumentError::BadRequest(invalid)) = bad_request else {
        panic!("400 should decode as the validation error, got {bad_request:?}");
    };
    assert_eq!(invalid.fields, ["name"]);

    let (status, conflict, _) = typed(client.create_document(&body).await.unwrap_err());
    assert_eq!(status, 409);
    let Some(CreateDocumentError::Conflict(error)) = conflict else {
        panic!("409 should decode as the error schema, got {conflict:?}");
    };
    assert_eq!(error.message.as_deref(), Some("taken"));

    // `5XX` has no body in the document: nothing typed, the raw body kept.
    let (status, nothing, raw) = typed(client.create_document(&body).await.unwrap_err());
    assert_eq!((status, nothing, raw), (503, None, b"down".to_vec()));
}

#[tokio::test]
async fn a_404_with_an_error_body_is_a_typed_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"error": "404", "message": "gone"})),
        )
        .mount(&server)
        .await;

    let err = client(&server)
        .delete_document("d-1", "req-8", "light", &DeleteDocumentParams::default())
        .await
        .unwrap_err();

    let Error::Api(api) = err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.typed.unwrap().message.as_deref(), Some("gone"));
}

#[tokio::test]
async fn the_list_stream_walks_three_pages_and_stops() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: Option<&str>| {
        let records: Vec<_> = ids.iter().map(|id| json!({"id": id, "name": id})).collect();
        json!({"records": records, "pageInfo": {"nextCursor": next, "hasNextPage": next.is_some()}})
    };
    Mock::given(method("GET"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["a", "b"], Some("c2"))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["c"], Some("c3"))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "c3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["d"], None)))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let ids: Vec<String> = client
        .list_documents_stream(
            &ListDocumentsSortField::Name,
            &ListDocumentsParams::default(),
        )
        .map(|document| document.unwrap().id)
        .collect()
        .await;

    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn the_dropshot_stream_follows_next_page_and_keeps_the_other_parameters() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], next: Option<&str>| {
        let items: Vec<_> = ids.iter().map(|id| json!({"id": id, "name": id})).collect();
        json!({"items": items, "next_page": next})
    };
    Mock::given(method("GET"))
        .and(path("/api/projects/p1/disks"))
        .and(query_param_is_missing("page_token"))
        .and(query_param("limit", "2"))
        .and(query_param("sort_by", "name_descending"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["b", "a"], Some("t2"))))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/projects/p1/disks"))
        .and(query_param("page_token", "t2"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["z"], None)))
        .expect(1)
        .mount(&server)
        .await;

    let params = ListDisksParams::default()
        .limit(2)
        .sort_by(ListDisksSortBy::NameDescending);
    let ids: Vec<String> = client(&server)
        .list_disks_stream("p1", &params)
        .map(|disk| disk.unwrap().id)
        .collect()
        .await;

    assert_eq!(ids, ["b", "a", "z"]);
}

#[tokio::test]
async fn the_list_stream_stops_at_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "records": [{"id": "a", "name": "a"}],
            "pageInfo": {"nextCursor": "c2", "hasNextPage": true}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;

    let client = client(&server);
    let results: Vec<_> = client
        .list_documents_stream(
            &ListDocumentsSortField::Name,
            &ListDocumentsParams::default(),
        )
        .collect()
        .await;

    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, "a");
    assert_eq!(
        results[1]
            .as_ref()
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(500)
    );
}

#[test]
fn webhook_payloads_decode_into_their_types() {
    use operations_client::webhooks;
    let archived = webhooks::decode_document_archived(br#"{"id": "d1", "name": "Plan"}"#).unwrap();
    assert_eq!(
        (archived.id.as_str(), archived.name.as_str()),
        ("d1", "Plan")
    );
    let quota = webhooks::decode_quota_reached(br#"{"used": 90, "limit": 100}"#).unwrap();
    assert_eq!((quota.used, quota.limit), (90, 100));
    assert!(webhooks::decode_quota_reached(br#"{"used": 90}"#).is_err());
}

#[tokio::test]
async fn form_bodies_nest_with_brackets_and_an_empty_one_says_its_length() {
    use operations_client::types::{
        CreateCheckoutSessionRequest, CreateCheckoutSessionRequestLineItemsItem,
    };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/checkout/sessions"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let body = CreateCheckoutSessionRequest {
        metadata: Some([("team".to_owned(), "sales & ops".to_owned())].into()),
        line_items: Some(vec![CreateCheckoutSessionRequestLineItemsItem {
            price: Some("price_1".into()),
            quantity: Some(2),
        }]),
        expand: Some(vec!["customer".into(), "invoice".into()]),
    };
    client.create_checkout_session(&body).await.unwrap();
    client
        .create_checkout_session(&Default::default())
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let form = &received[0];
    assert_eq!(
        form.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        std::str::from_utf8(&form.body).unwrap(),
        "expand=customer&expand=invoice\
         &line_items%5B0%5D%5Bprice%5D=price_1&line_items%5B0%5D%5Bquantity%5D=2\
         &metadata%5Bteam%5D=sales+%26+ops"
    );
    let empty = &received[1];
    assert_eq!(empty.headers["content-length"], "0");
    assert!(empty.body.is_empty());
}

#[tokio::test]
async fn form_properties_the_encoding_names_are_written_in_their_style() {
    use operations_client::types::{CreateReportRequest, CreateReportRequestFilter};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/report-requests"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let body = CreateReportRequest {
        ids: vec![3, 5],
        channels: Some(vec!["web".into(), "mail".into()]),
        words: Some(vec!["q3".into(), "sales".into()]),
        filter: Some(CreateReportRequestFilter {
            owner: Some("ann".into()),
            states: Some(vec!["open".into()]),
        }),
        labels: Some([("team".to_owned(), "ops".to_owned())].into()),
    };
    client(&server).create_report(&body).await.unwrap();
    let received = server.received_requests().await.unwrap();
    // ids: form, not exploded; channels: pipes; words: spaces; filter: JSON text;
    // labels: form, exploded (its entries are pairs of their own).
    assert_eq!(
        std::str::from_utf8(&received[0].body).unwrap(),
        "channels=web%7Cmail\
         &filter=%7B%22owner%22%3A%22ann%22%2C%22states%22%3A%5B%22open%22%5D%7D\
         &ids=3%2C5&team=ops&words=q3+sales"
    );
}

//! The test kit (`--features mock`) on the fixture client: a test of each of its
//! features, the way a user's test would use it.

use futures_util::StreamExt;
use operations_client::mock::{ListDocumentsCall, MockServer};
use operations_client::operations::{
    CreateDocumentError, CreateDocumentSuccess, DeleteDocumentParams, ListDocumentsParams,
    UploadsCreateForm,
};
use operations_client::runtime::{Event, FilePart};
use operations_client::types::{
    CompletionChunk, CompletionRequest, CreateCheckoutSessionRequest,
    CreateCheckoutSessionRequestLineItemsItem, CreateReportRequest, CreateReportRequestFilter,
    Document, Error as ErrorBody, ListDocumentsFilter, ListDocumentsResponse,
    ListDocumentsSortField, LogEntry, NewDocument, PageInfo,
};
use operations_client::Error;
use std::time::Duration;

fn document(id: &str) -> Document {
    Document {
        id: id.to_owned(),
        name: format!("Document {id}"),
    }
}

fn page(ids: &[&str], next: Option<&str>) -> ListDocumentsResponse {
    ListDocumentsResponse {
        records: ids.iter().map(|id| document(id)).collect(),
        page_info: PageInfo {
            next_cursor: Some(next.map(str::to_owned)),
            has_next_page: next.is_some(),
        },
    }
}

/// One failure the server saw, taken so that dropping the server does not fail the test.
fn only_failure(server: &MockServer) -> String {
    let failures = server.take_failures();
    assert_eq!(failures.len(), 1, "{failures:#?}");
    failures.into_iter().next().unwrap_or_default()
}

#[tokio::test]
async fn a_call_nothing_expects_gets_the_documents_example_or_one_made_from_its_schema() {
    let server = MockServer::start().await;
    let client = server.client();
    // The response's own example.
    let reports = client.list_reports().await.unwrap();
    assert_eq!(reports, ["monthly", "weekly"]);
    // Made from the schema: the property's example, the simplest value elsewhere; the
    // page is the last one, so a stream over it ends.
    let items: Vec<Document> = client
        .list_documents_stream(
            &ListDocumentsSortField::Name,
            &ListDocumentsParams::default(),
        )
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].name, "Quarterly report");
    // No body: the declared status.
    client
        .delete_document("d1", "r1", "dark", &DeleteDocumentParams::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_strict_server_fails_a_call_no_expectation_answers() {
    let server = MockServer::start().await.strict();
    let err = server.client().list_reports().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(501));
    let failure = only_failure(&server);
    assert!(
        failure.contains("`listReports` (GET /reports): no expectation answers this call, and the server is strict"),
        "{failure}"
    );
}

#[tokio::test]
async fn expectations_match_on_the_decoded_call_and_count_their_calls() {
    let server = MockServer::start().await;
    server
        .list_documents()
        .matching(|call: &ListDocumentsCall| call.params.page_size == Some(10))
        .times(1)
        .respond(page(&["small"], None));
    server
        .list_documents()
        .respond_with(|call| page(&[&format!("{:?}", call.sort_field)], None));
    let client = server.client();
    let sort = ListDocumentsSortField::UpdatedAt;
    let small = client
        .list_documents(&sort, &ListDocumentsParams::default().page_size(10))
        .await
        .unwrap();
    assert_eq!(small.records[0].id, "small");
    let other = client
        .list_documents(&sort, &ListDocumentsParams::default().page_size(50))
        .await
        .unwrap();
    assert_eq!(other.records[0].id, "UpdatedAt");
    let calls = server.received().list_documents();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1].params.page_size, Some(50));
    assert_eq!(calls[1].sort_field, sort);
}

#[tokio::test]
async fn an_expectation_called_another_number_of_times_fails_verify() {
    let server = MockServer::start().await;
    server.list_reports().times(2).respond(vec!["r".to_owned()]);
    server.client().list_reports().await.unwrap();
    let verdict = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.verify()));
    let message = *verdict.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("`listReports`: an expectation of 2 call(s) answered 1"),
        "{message}"
    );
    // Met, the server is dropped in peace.
    server.client().list_reports().await.unwrap();
}

#[tokio::test]
async fn pages_are_answered_in_turn_and_the_stream_follows_them() {
    let server = MockServer::start().await;
    server
        .list_documents()
        .respond_pages([page(&["a", "b"], Some("c2")), page(&["c"], None)]);
    let client = server.client();
    let ids: Vec<String> = client
        .list_documents_stream(
            &ListDocumentsSortField::Name,
            &ListDocumentsParams::default(),
        )
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c"]);
    let cursors: Vec<Option<String>> = (server.received().list_documents().into_iter())
        .map(|call| call.params.cursor)
        .collect();
    assert_eq!(cursors, [None, Some("c2".to_owned())]);
}

#[tokio::test]
async fn an_event_stream_answers_its_events_then_ends() {
    let server = MockServer::start().await;
    let chunks: Vec<CompletionChunk> = (0..3)
        .map(|index| CompletionChunk {
            index,
            text: format!("part {index}"),
        })
        .collect();
    server.create_completion().respond_events(chunks.clone());
    let request = CompletionRequest {
        prompt: "hi".to_owned(),
        stream: Some(true),
    };
    let events: Vec<CompletionChunk> = server
        .client()
        .create_completion_events(&request)
        .await
        .unwrap()
        .map(|event| event.unwrap().data)
        .collect()
        .await;
    assert_eq!(events, chunks);
    assert_eq!(server.received().create_completion()[0].body, request);
}

#[tokio::test]
async fn events_keep_their_names_and_ids() {
    let server = MockServer::start().await;
    let event = |name: &str, id: &str, message: &str| Event {
        event: Some(name.to_owned()),
        id: Some(id.to_owned()),
        retry: None,
        data: LogEntry {
            level: "info".to_owned(),
            message: message.to_owned(),
        },
    };
    let sent = vec![event("start", "1", "up"), event("line", "2", "working")];
    server.follow_log().respond_event_list(sent.clone());
    let received: Vec<Event<LogEntry>> = server
        .client()
        .follow_log_events()
        .await
        .unwrap()
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(received, sent);
}

#[tokio::test]
async fn json_lines_answer_a_line_per_item() {
    let server = MockServer::start().await;
    server
        .export_documents()
        .respond_events([document("a"), document("b")]);
    let lines: Vec<Document> = server
        .client()
        .export_documents_lines()
        .await
        .unwrap()
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(lines, [document("a"), document("b")]);
}

#[tokio::test]
async fn a_download_answers_its_bytes_as_its_media_type() {
    let server = MockServer::start().await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2];
    server.get_thumbnail().respond(png.clone());
    let mut download = server.client().get_thumbnail_download("d1").await.unwrap();
    assert_eq!(download.content_type(), Some("image/png"));
    let mut bytes = Vec::new();
    while let Some(chunk) = download.chunk().await.unwrap() {
        bytes.extend(chunk);
    }
    assert_eq!(bytes, png);
}

#[tokio::test]
async fn a_declared_error_comes_back_typed() {
    let server = MockServer::start().await;
    let conflict = ErrorBody {
        error: Some("conflict".to_owned()),
        message: Some("taken".to_owned()),
    };
    server
        .create_document()
        .respond_error(409, CreateDocumentError::Conflict(conflict.clone()));
    let body = NewDocument {
        name: "n".to_owned(),
    };
    match server.client().create_document(&body).await {
        Err(Error::Api(api)) => {
            assert_eq!(api.status.as_u16(), 409);
            assert_eq!(api.typed, Some(CreateDocumentError::Conflict(conflict)));
        }
        other => panic!("{other:?}"),
    }
    // An error body the document gives another status is refused at once.
    let refused = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        server
            .create_document()
            .respond_error(404, CreateDocumentError::Conflict(ErrorBody::default()))
    }));
    let message = *refused.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("`Conflict` is the error body of status 409"),
        "{message}"
    );
    let success = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        server
            .list_reports()
            .respond_error(200, serde_json::json!({}))
    }));
    let message = *success.unwrap_err().downcast::<String>().unwrap();
    assert!(message.contains("200 is a success"), "{message}");
}

#[tokio::test]
async fn successes_of_several_statuses_answer_as_their_variant() {
    let server = MockServer::start().await;
    let queued = operations_client::types::CreateDocumentN202Response {
        job_id: "j1".to_owned(),
    };
    server
        .create_document()
        .respond(CreateDocumentSuccess::Accepted(queued.clone()));
    let body = NewDocument {
        name: "n".to_owned(),
    };
    let answer = server.client().create_document(&body).await.unwrap();
    assert_eq!(answer, CreateDocumentSuccess::Accepted(queued));
    // Sent as a form, the body decodes into the same type.
    server.client().create_document_form(&body).await.unwrap();
    let calls = server.received().create_document();
    assert_eq!(calls[1].body.as_ref(), Some(&body));
}

#[tokio::test]
async fn a_delay_holds_the_answer_back() {
    let server = MockServer::start().await;
    server
        .list_reports()
        .delay(Duration::from_millis(500))
        .respond(Vec::new());
    let client = server
        .client_builder()
        .timeout(Duration::from_millis(50))
        .retry_policy(operations_client::runtime::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.list_reports().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn what_the_client_sends_the_mock_reads_back_the_same() {
    let server = MockServer::start().await;
    let client = server.client();
    let params = ListDocumentsParams::default()
        .cursor("c 1&2")
        .page_size(5)
        .include(vec!["owner".to_owned(), "tags".to_owned()])
        .labels(vec!["a".to_owned(), "b c".to_owned()])
        .filter(ListDocumentsFilter {
            owner: Some("ada".to_owned()),
            min_pages: Some(3),
        })
        .ids(vec![1, 2, 3])
        .words(vec!["x".to_owned(), "y".to_owned()]);
    client
        .list_documents(&ListDocumentsSortField::Name, &params)
        .await
        .unwrap();
    assert_eq!(server.received().list_documents()[0].params, params);

    let session = DeleteDocumentParams::default().session("s1");
    client
        .delete_document("id/with slash", "r-1", "dark", &session)
        .await
        .unwrap();
    let call = &server.received().delete_document()[0];
    assert_eq!(
        (
            call.document_id.as_str(),
            call.x_request_id.as_str(),
            call.theme.as_str()
        ),
        ("id/with slash", "r-1", "dark")
    );
    assert_eq!(call.params, session);

    let form = CreateCheckoutSessionRequest {
        metadata: Some([("order".to_owned(), "7".to_owned())].into()),
        line_items: Some(vec![
            CreateCheckoutSessionRequestLineItemsItem {
                price: Some("p1".to_owned()),
                quantity: Some(2),
            },
            CreateCheckoutSessionRequestLineItemsItem {
                price: Some("p2".to_owned()),
                quantity: None,
            },
        ]),
        expand: Some(vec!["customer".to_owned()]),
    };
    client.create_checkout_session(&form).await.unwrap();
    assert_eq!(server.received().create_checkout_session()[0].body, form);

    // A form whose encoding gives properties styles: delimited lists and JSON text.
    let report = CreateReportRequest {
        ids: vec![3, 5],
        channels: Some(vec!["web".to_owned(), "mail".to_owned()]),
        words: Some(vec!["q3".to_owned()]),
        filter: Some(CreateReportRequestFilter {
            owner: Some("ann".to_owned()),
            states: Some(vec!["open".to_owned(), "held".to_owned()]),
        }),
        labels: None,
    };
    client.create_report(&report).await.unwrap();
    assert_eq!(server.received().create_report()[0].body, report);

    let upload = UploadsCreateForm {
        file: FilePart::new(b"a,b\n1,2\n".to_vec())
            .file_name("t.csv")
            .content_type("text/csv"),
        model_id: "m1".to_owned(),
        view_name: None,
        columns: Some(vec!["a".to_owned(), "b".to_owned()]),
        options: None,
    };
    client.uploads_create(upload.clone()).await.unwrap();
    assert_eq!(server.received().uploads_create()[0].body, upload);
}

#[tokio::test]
async fn a_request_the_document_does_not_allow_fails_with_its_operation_and_reason() {
    let server = MockServer::start().await;
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{}/documents", server.uri()))
        .bearer_auth("t")
        .json(&serde_json::json!({"title": "no name"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let failure = only_failure(&server);
    for part in [
        "`createDocument` (POST /documents) refused a request",
        "the body does not decode into NewDocument",
        "missing field `name`",
        "request: POST /documents",
        r#"body: {"title":"no name"}"#,
    ] {
        assert!(failure.contains(part), "{part} in {failure}");
    }

    http.get(format!("{}/documents?pageSize=x", server.uri()))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    let failure = only_failure(&server);
    assert!(
        failure.contains("query parameter `sortField` is required and missing"),
        "{failure}"
    );

    http.get(format!(
        "{}/documents?sortField=name&pageSize=x",
        server.uri()
    ))
    .bearer_auth("t")
    .send()
    .await
    .unwrap();
    let failure = only_failure(&server);
    assert!(
        failure.contains("query parameter `pageSize`: `x` is not an integer"),
        "{failure}"
    );

    // No credential of the operation's security.
    http.get(format!("{}/reports", server.uri()))
        .send()
        .await
        .unwrap();
    let failure = only_failure(&server);
    assert!(
        failure.contains("it carries no credential the operation accepts (oauth)"),
        "{failure}"
    );
    assert_eq!(server.received().count(), 0);
}

#[tokio::test]
async fn a_request_of_no_operation_names_the_nearest() {
    let server = MockServer::start().await;
    let response = reqwest::get(format!("{}/documentz?sortField=name", server.uri()))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let failure = only_failure(&server);
    assert!(
        failure.contains(
            "no operation of the document is GET /documentz?sortField=name; the nearest is `listDocuments` (GET /documents)"
        ),
        "{failure}"
    );
    // The right path with a method it does not take names the path's operation.
    reqwest::Client::new()
        .patch(format!("{}/documents/d1/archive", server.uri()))
        .send()
        .await
        .unwrap();
    let failure = only_failure(&server);
    assert!(
        failure.contains("the nearest is `archiveDocument`"),
        "{failure}"
    );
}

#[tokio::test]
async fn the_server_fails_the_test_when_dropped_after_a_refused_request() {
    let dropped = tokio::spawn(async {
        let server = MockServer::start().await;
        let _ = reqwest::get(format!("{}/nowhere", server.uri())).await;
    })
    .await;
    let message = *dropped
        .unwrap_err()
        .into_panic()
        .downcast::<String>()
        .unwrap();
    assert!(
        message.contains("no operation of the document is GET /nowhere"),
        "{message}"
    );
}

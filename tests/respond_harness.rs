//! The response path of the operations client, driven by one raw HTTP reply: shared by
//! `tests/response_fuzz.rs` (proptest, on stable) and `fuzz/fuzz_targets/respond.rs`
//! (libFuzzer, on nightly), each of which includes this file as a module.

use futures_util::StreamExt;
use operations_client::operations::{
    DeleteDocumentParams, ListDisksParams, ListDocumentsParams, ScimUsersListParams,
};
use operations_client::runtime::RetryPolicy;
use operations_client::types::ListDocumentsSortField;
use operations_client::Client;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A loopback server that answers every request with the current reply, then closes.
pub(crate) async fn replying_server(reply: Arc<Mutex<Vec<u8>>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let reply = reply.lock().unwrap().clone();
            tokio::spawn(async move {
                let mut request = [0u8; 8192];
                let _ = socket.read(&mut request).await;
                let _ = socket.write_all(&reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}

/// Every operation kind of the client once against the reply; each ends, one way or
/// the other, within its timeout.
pub(crate) async fn every_kind_of_call(client: &Client) {
    let _ = client
        .list_documents(
            &ListDocumentsSortField::Name,
            &ListDocumentsParams::default(),
        )
        .await;
    let _ = client.get_thumbnail("d1").await;
    let _ = client.is_archived("d1").await;
    let _ = client
        .delete_document("d1", "r1", "dark", &DeleteDocumentParams::default())
        .await;
    let _ = client
        .scim_users_list(&ScimUsersListParams::default())
        .await;
    let _ = client.list_disks("p", &ListDisksParams::default()).await;
    // A stream ends at the first error or after a few pages of a server that always
    // says there is another.
    let stream = client.list_documents_stream(
        &ListDocumentsSortField::Name,
        &ListDocumentsParams::default(),
    );
    let _ = stream.take(5).collect::<Vec<_>>().await;
    if let Ok(mut download) = client.get_thumbnail_download("d1").await {
        while let Ok(Some(_)) = download.chunk().await {}
    }
}

/// A client of the server, with one quick retry and a short timeout.
pub(crate) fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("fuzz-key")
        .timeout(Duration::from_secs(2))
        .retry_policy(RetryPolicy {
            max_retries: 1,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        })
        .build()
        .expect("a valid client")
}

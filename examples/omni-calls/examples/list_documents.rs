//! Every document of the organisation, page after page: the paging stream follows each
//! page's `nextCursor` until the last one.
//!
//! `cargo run -p omni-calls --example list_documents`

use futures_util::StreamExt;
use omni_client::operations::DocumentsListParams;

#[tokio::main]
async fn main() -> omni_calls::Outcome {
    let client = omni_client::Client::from_env()?;
    let params = DocumentsListParams {
        page_size: Some(100),
        ..Default::default()
    };
    let mut documents = std::pin::pin!(client.documents_list_stream(&params));
    while let Some(document) = documents.next().await {
        let document = document?;
        println!(
            "{}\t{}\t{}",
            document.identifier, document.name, document.url
        );
    }
    Ok(())
}
